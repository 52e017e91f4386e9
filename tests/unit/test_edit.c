/* test_edit.c: the one line editor: UTF-8 insert and delete, cursor motions, ^U/^K/^W, the append-only and shell-^U flags, history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <locale.h>

#include "cfconsole/config.h"
#include "ui/edit.h"

static void
type(struct edit *e, const int *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_int_equal(edit_key(e, keys[i], false), EDIT_CHANGED);
}

/* Multi-byte characters go in and out whole, wherever the cursor is. */
static void
test_utf8(void **state)
{
	struct edit e = { 0 };
	const int word[] = { 'n', 0xe9, 0x20ac, 0x1f600 }; /* n é € 😀 */

	(void)state;
	type(&e, word, 4);
	assert_string_equal(edit_text(&e),
			    "n\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_int_equal(e.len, 10);
	/* Left steps over the 4-byte character in one go. */
	assert_int_equal(edit_key(&e, CONFIG_KEY_LEFT, true), EDIT_MOVED);
	assert_int_equal(e.cur, 6);
	assert_int_equal(edit_key(&e, CONFIG_KEY_LEFT, true), EDIT_MOVED);
	assert_int_equal(e.cur, 3);
	/* Backspace takes the é (2 bytes), Delete the € (3). */
	assert_int_equal(edit_key(&e, CONFIG_KEY_DEL_CHAR, false),
			 EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "n\xe2\x82\xac\xf0\x9f\x98\x80");
	assert_int_equal(e.cur, 1);
	assert_int_equal(edit_key(&e, CONFIG_KEY_DC, true), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "n\xf0\x9f\x98\x80");
	/* Insert in the middle. */
	assert_int_equal(edit_key(&e, 0xfc, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "n\xc3\xbc\xf0\x9f\x98\x80");
	assert_int_equal(e.cur, 3);
	/* ^B/^F move by characters too; the ends hold. */
	assert_int_equal(edit_key(&e, 6, false), EDIT_MOVED);
	assert_int_equal(e.cur, 7);
	assert_int_equal(edit_key(&e, 6, false), EDIT_MOVED);
	assert_int_equal(e.cur, 7);
	assert_int_equal(edit_key(&e, 2, false), EDIT_MOVED);
	assert_int_equal(e.cur, 3);
	assert_int_equal(edit_key(&e, 1, false), EDIT_MOVED);
	assert_int_equal(e.cur, 0);
	assert_int_equal(edit_key(&e, 8, false),
			 EDIT_MOVED); /* nothing before */
	assert_int_equal(edit_key(&e, 5, false), EDIT_MOVED);
	assert_int_equal(e.cur, e.len);
	assert_int_equal(edit_key(&e, 4, false),
			 EDIT_MOVED); /* nothing under */
	/* Control keys that are not editing ones are not text. */
	assert_int_equal(edit_key(&e, 0x1b, false), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, CONFIG_KEY_DEL_CHAR, false),
			 EDIT_CHANGED);
}

/* edit_set cuts on a character boundary; a full line takes no more. */
static void
test_limits(void **state)
{
	static struct edit e;
	char big[EDIT_MAX + 8];
	size_t i;

	(void)state;
	/* "é" repeated past the end: the cut never splits one. */
	for (i = 0; i + 2 <= sizeof(big) - 1; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[i] = '\0';
	edit_set(&e, big);
	assert_true(e.len < EDIT_MAX);
	assert_int_equal(e.len % 2, 0);
	assert_int_equal(e.cur, e.len);
	while (e.len + 2 <= EDIT_MAX - 1)
		edit_key(&e, 'x', false);
	assert_int_equal(edit_key(&e, 0xe9, false), EDIT_MOVED); /* full */
	edit_set(&e, NULL);
	assert_string_equal(edit_text(&e), "");
	assert_int_equal(edit_cursor_col(&e), 0);
}

/* ^U clears the line; with EDIT_KILL_BACK only what is before the cursor
 * (the prompt's); EDIT_APPEND has no cursor to move (typed names). */
static void
test_flags(void **state)
{
	struct edit e;

	(void)state;
	edit_init(&e, 0);
	edit_set(&e, "pool one");
	edit_key(&e, CONFIG_KEY_LEFT, true);
	edit_key(&e, CONFIG_KEY_LEFT, true);
	assert_int_equal(edit_key(&e, 21, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "");

	edit_init(&e, EDIT_KILL_BACK);
	edit_set(&e, "pool one");
	edit_key(&e, CONFIG_KEY_LEFT, true);
	edit_key(&e, CONFIG_KEY_LEFT, true);
	assert_int_equal(edit_key(&e, 21, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "ne");
	assert_int_equal(e.cur, 0);
	assert_int_equal(edit_key(&e, 21, false), EDIT_MOVED);
	/* ^K cuts from the cursor; ^W a word and the blanks after it. */
	assert_int_equal(edit_key(&e, 11, false), EDIT_CHANGED);
	edit_set(&e, "edit 0.5  on");
	assert_int_equal(edit_key(&e, 23, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "edit 0.5  ");
	assert_int_equal(edit_key(&e, 23, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "edit ");

	edit_init(&e, EDIT_APPEND);
	assert_int_equal(e.flags, EDIT_APPEND);
	edit_key(&e, 'w', false);
	edit_key(&e, 0xe9, false);
	edit_key(&e, 'b', false);
	assert_int_equal(edit_key(&e, CONFIG_KEY_LEFT, true), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, CONFIG_KEY_HOME, true), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, 1, false), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, 11, false), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, CONFIG_KEY_DC, true), EDIT_IGNORED);
	assert_int_equal(e.cur, e.len);
	assert_int_equal(edit_key(&e, CONFIG_KEY_BACKSPACE, true),
			 EDIT_CHANGED);
	assert_int_equal(edit_key(&e, 127, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "w");
	assert_int_equal(edit_key(&e, 21, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "");
	/* edit_set keeps the flags. */
	edit_set(&e, "x");
	assert_int_equal(e.flags, EDIT_APPEND);
}

static void
test_history(void **state)
{
	struct edit_history h = { 0 };
	struct edit e = { 0 };
	char line[16];
	int i;

	(void)state;
	/* Empty lines and a repeat of the newest are not kept. */
	edit_history_add(&h, "pools");
	edit_history_add(&h, "");
	edit_history_add(&h, "zones");
	edit_history_add(&h, "zones");
	assert_int_equal(h.n, 2);
	assert_int_equal(h.pos, 2);
	edit_set(&e, "typed");
	/* Up: newest first, then older; past the oldest nothing moves. */
	assert_true(edit_history_move(&h, &e, -1));
	assert_string_equal(edit_text(&e), "zones");
	assert_int_equal(e.cur, 5);
	assert_true(edit_history_move(&h, &e, -1));
	assert_string_equal(edit_text(&e), "pools");
	assert_false(edit_history_move(&h, &e, -1));
	assert_string_equal(edit_text(&e), "pools");
	/* Down back to the new line, which is empty. */
	assert_true(edit_history_move(&h, &e, 1));
	assert_true(edit_history_move(&h, &e, 1));
	assert_string_equal(edit_text(&e), "");
	assert_false(edit_history_move(&h, &e, 1));
	/* Rewind: the next Up is the newest again. */
	edit_history_move(&h, &e, -1);
	edit_history_rewind(&h);
	assert_true(edit_history_move(&h, &e, -1));
	assert_string_equal(edit_text(&e), "zones");
	/* Full: the oldest goes. */
	for (i = 0; i < EDIT_HISTORY_MAX; i++) {
		snprintf(line, sizeof(line), "cmd %d", i);
		edit_history_add(&h, line);
	}
	assert_int_equal(h.n, EDIT_HISTORY_MAX);
	assert_string_equal(h.lines[0], "cmd 0");
	assert_string_equal(h.lines[EDIT_HISTORY_MAX - 1], "cmd 31");
	edit_history_free(&h);
	assert_int_equal(h.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_history),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
