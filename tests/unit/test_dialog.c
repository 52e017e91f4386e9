/* test_dialog.c: confirmation dialogs: y/n, typed names, the box drawn over the frame, confirm_quit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/keys.h"
#include "ui/ui.h"

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
	keys_handle(&ui, '\r', false);
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
	ui.confirm_quit = true;
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
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
