/* test_dialog.c: confirmation dialogs: y/n (default no), typed names, the box sized to the terminal with wrapped, scrollable text, confirm_quit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/keys.h"
#include "ui/ui.h"

#ifndef DIALOG_MAX_WIDTH
#define DIALOG_MAX_WIDTH 100 /* lets this test build against older code */
#endif

static int answers_yes, answers_no;

static unsigned
on_answer(struct ui *ui, bool yes, void *ud)
{
	(void)ui;
	assert_string_equal(ud, "payload");
	if (yes)
		answers_yes++;
	else
		answers_no++;
	return CMD_OK;
}

static void
test_yes_no(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	char payload[] = "payload";

	(void)state;
	answers_yes = answers_no = 0;
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Delete", "Delete pool gpu-east?", NULL, on_answer,
		       payload);
	assert_true(dialog_open(&ui));
	/* Keys go to the dialog, not to the command table. */
	keys_handle(&ui, 'j', false);
	keys_handle(&ui, '2', false);
	assert_int_equal(ui.cur, 0);
	assert_true(dialog_open(&ui));
	keys_handle(&ui, 'y', false);
	assert_false(dialog_open(&ui));
	assert_int_equal(answers_yes, 1);

	dialog_confirm(&ui, "Delete", "again", NULL, on_answer, payload);
	keys_handle(&ui, 27, false);
	assert_int_equal(answers_no, 1);
	assert_string_equal(ui.status, "cancelled");

	/* A second dialog answers the first one "no". */
	dialog_confirm(&ui, "A", "a", NULL, on_answer, payload);
	dialog_confirm(&ui, "B", "b", NULL, on_answer, payload);
	assert_int_equal(answers_no, 2);
	/* Enter does not answer a y/n question (issue 8: the default is
	 * no, and a key pressed out of habit never confirms). */
	keys_handle(&ui, '\r', false);
	assert_true(dialog_open(&ui));
	keys_handle(&ui, 'y', false);
	assert_int_equal(answers_yes, 2);
	ui_free(&ui);
	store_free(s);
}

static void
test_typed_confirmation(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	char payload[] = "payload";
	const char *p;

	(void)state;
	answers_yes = answers_no = 0;
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Delete record", "example.com is protected",
		       "example.com", on_answer, payload);
	keys_handle(&ui, 'y', false); /* typed, not a yes */
	keys_handle(&ui, '\r', false);
	assert_true(dialog_open(&ui));
	assert_non_null(strstr(ui.status, "type example.com exactly"));
	keys_handle(&ui, 127, false);
	for (p = "example.com"; *p; p++)
		keys_handle(&ui, *p, false);
	keys_handle(&ui, '\r', false);
	assert_false(dialog_open(&ui));
	assert_int_equal(answers_yes, 1);
	assert_int_equal(answers_no, 0);
	ui_free(&ui);
	store_free(s);
}

/* Issue 8 item 1: ":jo" and Enter out of habit neither confirm nor close
 * a y/n question; the box says the default; n answers no. */
static void
test_default_no_ignores_habit_keys(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	char payload[] = "payload";
	const char *p;
	size_t i;
	bool said_default = false;

	(void)state;
	answers_yes = answers_no = 0;
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Blast radius: disable gpu-b",
		       "the pool would drop below minimum_origins", NULL,
		       on_answer, payload);
	for (p = ":jo\r\n x"; *p; p++)
		keys_handle(&ui, *p, false);
	keys_handle(&ui, CONFIG_KEY_KENTER, true);
	assert_true(dialog_open(&ui));
	assert_int_equal(answers_yes + answers_no, 0);
	assert_non_null(strstr(ui.status, "Enter does not confirm"));
	ui_compose(&ui, 80, 24, &out);
	for (i = 0; i < out.n; i++)
		if (strstr(line_text(&out.v[i]),
			   "default: no (Enter does not confirm)"))
			said_default = true;
	assert_true(said_default);
	keys_handle(&ui, 'n', false);
	assert_false(dialog_open(&ui));
	assert_int_equal(answers_no, 1);
	assert_int_equal(answers_yes, 0);
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

/* Typing the name: habit keys are text that does not match; y is text
 * too; ^U starts again; the exact name and Enter confirm. */
static void
test_typed_name_habit_keys(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	char payload[] = "payload";
	const char *p;

	(void)state;
	answers_yes = answers_no = 0;
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Blast radius", "no healthy origin would be left",
		       "gpu-b", on_answer, payload);
	for (p = ":jo\ry\r"; *p; p++)
		keys_handle(&ui, *p, false);
	assert_true(dialog_open(&ui));
	assert_string_equal(dialog_current(&ui)->typed.buf, ":joy");
	keys_handle(&ui, 21, false); /* ^U */
	for (p = "gpu-b\r"; *p; p++)
		keys_handle(&ui, *p, false);
	assert_false(dialog_open(&ui));
	assert_int_equal(answers_yes, 1);
	assert_int_equal(answers_no, 0);
	ui_free(&ui);
	store_free(s);
}

/* The inside of box row l ("│ text │") with the frame stripped, or NULL
 * when l is not a box row. */
static char *
box_inner(const char *l)
{
	const char *a = strstr(l, "│ "), *b;
	char *r;

	if (!a)
		return NULL;
	b = strstr(a + 4, " │");
	if (!b)
		return NULL;
	r = strndup(a + 4, (size_t)(b - (a + 4)));
	assert_non_null(r);
	return r;
}

/* Words of text in order, blanks squeezed, into buf. */
static void
squeeze(const char *text, char *buf, size_t size)
{
	size_t n = 0;
	bool blank = true;

	for (; *text && n + 1 < size; text++) {
		if (*text == ' ' || *text == '\n') {
			if (!blank)
				buf[n++] = ' ';
			blank = true;
			continue;
		}
		buf[n++] = *text;
		blank = false;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

#define LONG_TEXT \
	"disable gpu-b (127.42.77.2) in pool inference\n" \
	"healthy enabled origins: 2 -> 1 (minimum_origins 2); enabled: 2 -> " \
	"1\n" \
	"WARNING: the pool would drop below minimum_origins (1 < 2) and be " \
	"considered unhealthy\n" \
	"load balancer lb.inference.dev: would fail over to pool " \
	"inference-fallback-with-a-long-name"

/* Issue 8 item 2: at 80 and at 250 columns the box fits the terminal
 * and every word of the text is shown whole (wrapped, never cut). */
static void
test_box_wraps_to_terminal(void **state)
{
	static const int widths[] = { 80, 120, 250 };
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	char want[1024], got[2048], *inner;
	size_t i, k;

	(void)state;
	squeeze(LONG_TEXT, want, sizeof(want));
	for (k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
		int boxw = 0;

		ui_init(&ui, s, NULL);
		dialog_confirm(&ui, "Blast radius: disable gpu-b", LONG_TEXT,
			       "gpu-b", NULL, NULL);
		ui_compose(&ui, widths[k], 24, &out);
		got[0] = '\0';
		for (i = 0; i < out.n; i++) {
			const char *t = line_text(&out.v[i]);

			assert_true(out.v[i].width <= widths[k]);
			inner = i ? box_inner(t) : NULL; /* not the header */
			if (!inner)
				continue;
			if (!boxw)
				boxw = line_strwidth(strstr(t, "│ ")) -
				       line_strwidth(strstr(t, " │") + 4) + 4;
			if (strstr(inner, "Type gpu-b") ||
			    !strncmp(inner, "> ", 2)) {
				free(inner);
				continue;
			}
			strcat(got, inner);
			strcat(got, " ");
			free(inner);
		}
		squeeze(got, got, sizeof(got));
		assert_string_equal(got, want);
		assert_true(boxw <= widths[k] - 4);
		assert_true(boxw <= DIALOG_MAX_WIDTH);
		lines_free(&out);
		ui_free(&ui);
	}
	store_free(s);
}

/* Taller than the terminal: the body scrolls (PgDn, j), the frame says
 * which lines show, and the answer keys stay visible. */
static void
test_box_scrolls(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	char text[4096];
	size_t i, n = 0;
	bool first = false, last = false, keys = false, where = false;

	(void)state;
	for (i = 1; i <= 40; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "origin o%02zu: weight: 1 -> 0.5\n", i);
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Conflict", text, NULL, NULL, NULL);
	ui_compose(&ui, 80, 24, &out);
	for (i = 0; i < out.n; i++) {
		const char *t = line_text(&out.v[i]);

		first |= strstr(t, "origin o01:") != NULL;
		last |= strstr(t, "origin o40:") != NULL;
		keys |= strstr(t, "y yes   n no") != NULL;
		where |= strstr(t, "lines 1-") != NULL &&
			 strstr(t, "of 40") != NULL;
	}
	assert_true(first && !last && keys && where);
	assert_non_null(strstr(line_text(&out.v[0]), " cfconsole "));
	for (i = 0; i < 10; i++)
		keys_handle(&ui, CONFIG_KEY_NPAGE, true);
	keys_handle(&ui, 'j', false);
	ui_compose(&ui, 80, 24, &out);
	first = last = keys = false;
	for (i = 0; i < out.n; i++) {
		const char *t = line_text(&out.v[i]);

		first |= strstr(t, "origin o01:") != NULL;
		last |= strstr(t, "origin o40:") != NULL;
		keys |= strstr(t, "y yes   n no") != NULL;
	}
	assert_true(!first && last && keys);
	assert_true(dialog_open(&ui));
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

static void
test_box_over_frame(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	size_t i;
	int box_rows = 0;

	(void)state;
	ui_init(&ui, s, NULL);
	dialog_confirm(&ui, "Quit", "Quit cfconsole?", NULL, NULL, NULL);
	ui_compose(&ui, 80, 24, &out);
	assert_int_equal(out.n, 24);
	for (i = 0; i < out.n; i++) {
		assert_true(out.v[i].width <= 80);
		if (strstr(line_text(&out.v[i]), "Quit cfconsole?"))
			box_rows++;
	}
	assert_int_equal(box_rows, 1);
	assert_non_null(strstr(line_text(&out.v[12]), "y yes   n no"));
	/* The header is untouched. */
	assert_non_null(strstr(line_text(&out.v[0]), " cfconsole "));
	lines_free(&out);
	ui_free(&ui); /* frees the open dialog */
	store_free(s);
}

static void
test_confirm_quit(void **state)
{
	struct store *s = store_new();
	struct ui ui;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_true(keys_handle(&ui, 'Q', false) & CMD_QUIT);
	ui.opts.confirm_quit = true;
	assert_false(keys_handle(&ui, 'Q', false) & CMD_QUIT);
	assert_true(dialog_open(&ui));
	assert_false(keys_handle(&ui, 'n', false) & CMD_QUIT);
	assert_false(cmd_execute(&ui, "q") & CMD_QUIT);
	assert_true(keys_handle(&ui, 'y', false) & CMD_QUIT);
	ui_free(&ui);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yes_no),
		cmocka_unit_test(test_typed_confirmation),
		cmocka_unit_test(test_box_over_frame),
		cmocka_unit_test(test_confirm_quit),
		cmocka_unit_test(test_default_no_ignores_habit_keys),
		cmocka_unit_test(test_typed_name_habit_keys),
		cmocka_unit_test(test_box_wraps_to_terminal),
		cmocka_unit_test(test_box_scrolls),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
