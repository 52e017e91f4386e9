/* test_prompt.c: the ':' and '/' line editor (editing keys, history, completion, live filter) and key scripts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/prompt.h"
#include "ui/ui.h"

static void
type(struct ui *ui, const char *s)
{
	while (*s)
		keys_handle(ui, (unsigned char)*s++, false);
}

static void
test_editing_keys(void **state)
{
	struct store *s = store_new();
	struct ui ui;

	(void)state;
	ui_init(&ui, s, NULL);
	keys_handle(&ui, ':', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_COMMAND);
	type(&ui, "thme dark");
	/* Left x7, insert 'e' -> "theme dark". */
	for (int i = 0; i < 7; i++)
		keys_handle(&ui, KEY_LEFT, true);
	type(&ui, "e");
	assert_string_equal(ui.prompt.ed.buf, "theme dark");
	keys_handle(&ui, KEY_END, true);
	keys_handle(&ui, 23, false); /* ^W */
	assert_string_equal(ui.prompt.ed.buf, "theme ");
	keys_handle(&ui, 127, false); /* Backspace */
	assert_string_equal(ui.prompt.ed.buf, "theme");
	keys_handle(&ui, 21, false); /* ^U */
	assert_string_equal(ui.prompt.ed.buf, "");
	/* UTF-8 typed and erased as one character. */
	keys_handle(&ui, 0xe9, false);
	assert_string_equal(ui.prompt.ed.buf, "\xc3\xa9");
	keys_handle(&ui, KEY_BACKSPACE, true);
	assert_string_equal(ui.prompt.ed.buf, "");
	/* Backspace on an empty line leaves the prompt. */
	keys_handle(&ui, 127, false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);
	ui_free(&ui);
	store_free(s);
}

static void
test_history_and_escape(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };

	(void)state;
	ui_init(&ui, s, NULL);
	keys_handle(&ui, ':', false);
	type(&ui, "pools");
	keys_handle(&ui, '\r', false);
	assert_int_equal(ui.cur, 3);
	keys_handle(&ui, ':', false);
	type(&ui, "monitors\n");
	assert_int_equal(ui.cur, 5);
	keys_handle(&ui, ':', false);
	keys_handle(&ui, KEY_UP, true);
	assert_string_equal(ui.prompt.ed.buf, "monitors");
	keys_handle(&ui, KEY_UP, true);
	assert_string_equal(ui.prompt.ed.buf, "pools");
	keys_handle(&ui, KEY_DOWN, true);
	assert_string_equal(ui.prompt.ed.buf, "monitors");
	keys_handle(&ui, 27, false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);
	assert_int_equal(ui.cur, 5);
	/* Tab with several candidates lists them above the prompt (issue 8:
	 * no longer on the status line, which the open prompt hides). */
	keys_handle(&ui, ':', false);
	type(&ui, "wait");
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, "wait-");
	ui_compose(&ui, 120, 24, &out);
	assert_non_null(strstr(line_text(&out.v[22]), "wait-idle"));
	assert_non_null(strstr(line_text(&out.v[22]), "wait-generation"));
	keys_handle(&ui, 27, false);
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

static void
test_filter_escape_clears(void **state)
{
	struct store *s = store_new();
	struct ui ui;

	(void)state;
	ui_init(&ui, s, NULL);
	keys_handle(&ui, '/', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_FILTER);
	type(&ui, "Abc");
	assert_string_equal(ui_pane(&ui)->filter, "abc");
	keys_handle(&ui, 27, false);
	assert_null(ui_pane(&ui)->filter);
	keys_handle(&ui, '/', false);
	type(&ui, "x\r");
	assert_string_equal(ui_pane(&ui)->filter, "x");
	/* Reopening starts from the current filter. */
	keys_handle(&ui, '/', false);
	assert_string_equal(ui.prompt.ed.buf, "x");
	keys_handle(&ui, '\r', false);
	ui_free(&ui);
	store_free(s);
}

/* The row above the prompt (the candidates' row) of a composed screen. */
static const char *
cands_row(struct ui *ui, int width, struct lines *out)
{
	ui_compose(ui, width, 24, out);
	assert_int_equal(out->n, 24);
	return line_text(&out->v[22]);
}

/*
 * Issue 8: Tab's candidates show while the prompt is open (they used to go
 * to the status line, hidden by the prompt until Esc), and each further
 * Tab puts the next one in the line.
 */
static void
test_tab_shows_candidates(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	struct cmd_cands want;
	char buf[64] = "p", row[512];
	size_t n, i;

	(void)state;
	ui_init(&ui, s, NULL);
	n = cmd_complete(&ui, buf, sizeof(buf), &want);
	assert_true(n > 2);
	snprintf(row, sizeof(row), "%s", cands_row(&ui, 250, &out));
	keys_handle(&ui, ':', false);
	type(&ui, "p");
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, buf);
	/* Every candidate, in order, on the row above ":p"; the rows above
	 * are the screen as before. */
	const char *r = cands_row(&ui, 250, &out);
	assert_string_not_equal(r, row);
	assert_true(strncmp(r, " ", 1) == 0);
	const char *at = r;
	for (i = 0; i < n; i++) {
		at = strstr(at, cmd_cand(&want, i));
		assert_non_null(at);
	}
	assert_true(strncmp(line_text(&out.v[23]), ":p ", 3) == 0);
	assert_null(strchr(r, '>'));

	/* Tab again: the first candidate, drawn selected; then the next. */
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, cmd_cand(&want, 0));
	cands_row(&ui, 250, &out);
	const struct line *l = &out.v[22];
	bool selected = false;
	for (i = 0; i < l->nruns; i++)
		if (l->runs[i].role == THEME_ROLE_SELECTION)
			selected =
				!strncmp(l->text + l->runs[i].off,
					 cmd_cand(&want, 0), l->runs[i].len) &&
				l->runs[i].len == strlen(cmd_cand(&want, 0));
	assert_true(selected);
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, cmd_cand(&want, 1));
	/* Shift-Tab goes back; past the first, round to the last. */
	keys_handle(&ui, KEY_BTAB, true);
	keys_handle(&ui, KEY_BTAB, true);
	assert_string_equal(ui.prompt.ed.buf, cmd_cand(&want, n - 1));
	/* 30 columns: the chosen (last) one stays in view, "<" says more are
	 * to the left; nothing is wider than the screen. */
	r = cands_row(&ui, 30, &out);
	assert_non_null(strstr(r, cmd_cand(&want, n - 1)));
	assert_true(strncmp(r, " <", 2) == 0);
	assert_true(out.v[22].width <= 30);
	/* The first of many at 30 columns: ">" says more follow. */
	keys_handle(&ui, 21, false); /* ^U */
	type(&ui, "p");
	keys_handle(&ui, 9, false);
	r = cands_row(&ui, 30, &out);
	assert_non_null(strstr(r, cmd_cand(&want, 0)));
	assert_true(r[strlen(r) - 1] == '>');

	/* Typing ends the completion: the list goes. */
	type(&ui, "o");
	assert_string_equal(cands_row(&ui, 250, &out), row);
	/* No match: said so, and the line is left as typed. */
	keys_handle(&ui, 21, false);
	type(&ui, "zzz");
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, "zzz");
	assert_non_null(strstr(cands_row(&ui, 80, &out), "no completion"));
	/* A unique match completes and shows no list. */
	keys_handle(&ui, 21, false);
	type(&ui, "theme hi");
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, "theme high-contrast");
	assert_string_equal(cands_row(&ui, 250, &out), row);
	/* Esc closes the prompt and the list with it. */
	keys_handle(&ui, 21, false);
	type(&ui, "p");
	keys_handle(&ui, 9, false);
	keys_handle(&ui, 27, false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);
	assert_string_equal(cands_row(&ui, 250, &out), row);
	/* The filter prompt does not complete. */
	keys_handle(&ui, '/', false);
	keys_handle(&ui, 9, false);
	assert_string_equal(cands_row(&ui, 250, &out), row);
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

static void
test_key_script(void **state)
{
	char path[] = "/tmp/test_prompt_script.XXXXXX";
	char err[128], cmd[256];
	struct keys_script *ks;
	int fd = mkstemp(path), key;
	bool fkey;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# a comment\n\njk<Enter><Down>\xc3\xa9\n:dns example.com\n<Nope>\n",
	      f);
	fclose(f);
	ks = keys_script_open(path, err, sizeof(err));
	assert_non_null(ks);
	assert_int_equal(keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd)),
			 KEYS_KEY);
	assert_int_equal(key, 'j');
	assert_false(fkey);
	keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd));
	assert_int_equal(key, 'k');
	keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd));
	assert_int_equal(key, '\n');
	keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd));
	assert_int_equal(key, KEY_DOWN);
	assert_true(fkey);
	keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd));
	assert_int_equal(key, 0xe9);
	assert_int_equal(keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd)),
			 KEYS_COMMAND);
	assert_string_equal(cmd, "dns example.com");
	assert_int_equal(keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd)),
			 KEYS_ERROR);
	assert_non_null(strstr(cmd, "<Nope>"));
	assert_int_equal(keys_script_next(ks, &key, &fkey, cmd, sizeof(cmd)),
			 KEYS_END);
	keys_script_close(ks);
	keys_script_close(NULL);
	unlink(path);
	assert_null(keys_script_open("/nonexistent/script", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/script"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_editing_keys),
		cmocka_unit_test(test_history_and_escape),
		cmocka_unit_test(test_filter_escape_clears),
		cmocka_unit_test(test_key_script),
		cmocka_unit_test(test_tab_shows_candidates),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
