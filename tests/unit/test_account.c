/* test_account.c: the account picker: keys, filter, choosing through the hook, start-up quit, mouse rows, and the box in the frame. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/store.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/ui.h"

#define ID_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ID_C "cccccccccccccccccccccccccccccccc"

static char id_a[] = ID_A, id_b[] = ID_B, id_c[] = ID_C;
static char prod[] = "Production", staging[] = "Staging";
static const struct ui_account accounts[] = {
	{ .id = id_a, .name = prod },
	{ .id = id_b, .name = staging },
	{ .id = id_c, .name = NULL },
};

static char chosen[64];
static int nchosen, nlisted;
static bool refuse, reopen;

static bool
on_choose(struct ui *ui, const char *id, const char *name, void *ud)
{
	(void)name;
	assert_ptr_equal(ud, &nchosen);
	if (refuse) {
		ui_status(ui, THEME_ROLE_ERROR, "refused");
		return false;
	}
	snprintf(chosen, sizeof(chosen), "%s", id);
	nchosen++;
	/* As a switch that must ask again would: a new picker. */
	if (reopen)
		account_picker_open(ui, accounts, 3, ID_C, false);
	return true;
}

static unsigned
on_list(struct ui *ui, void *ud)
{
	(void)ud;
	nlisted++;
	account_picker_open(ui, accounts, 3, ID_B, false);
	return CMD_REDRAW;
}

static struct store *store;

static int
setup(void **state)
{
	(void)state;
	store = store_new();
	chosen[0] = '\0';
	nchosen = nlisted = 0;
	refuse = reopen = false;
	return store ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	store_free(store);
	return 0;
}

static void
init(struct ui *ui)
{
	ui_init(ui, store, NULL);
	ui->account.choose = on_choose;
	ui->account.list = on_list;
	ui->account.ud = &nchosen;
}

static void
key(struct ui *ui, int k)
{
	keys_handle(ui, k, false);
}

static void
test_keys_move_and_choose(void **state)
{
	struct ui ui;

	(void)state;
	init(&ui);
	account_picker_open(&ui, accounts, 3, NULL, true);
	assert_true(account_picker_is_open(&ui));
	/* Keys go to the picker, not to the panes. */
	key(&ui, '2');
	assert_int_equal(ui.cur, 0);
	key(&ui, 'j');
	key(&ui, 'j');
	key(&ui, 'j'); /* stops at the last */
	key(&ui, 'k');
	key(&ui, '\r');
	assert_false(account_picker_is_open(&ui));
	assert_int_equal(nchosen, 1);
	assert_string_equal(chosen, ID_B);
	assert_false(ui.quit);
	ui_free(&ui);
}

static void
test_filter_by_name_or_id(void **state)
{
	struct ui ui;
	const char *p;

	(void)state;
	init(&ui);
	account_picker_open(&ui, accounts, 3, NULL, false);
	key(&ui, '/');
	for (p = "PROD"; *p; p++)
		key(&ui, *p);
	assert_int_equal(account_picker_shown(&ui), 1);
	key(&ui, '\r'); /* ends typing */
	assert_true(account_picker_is_open(&ui));
	key(&ui, '\r');
	assert_string_equal(chosen, ID_A);

	/* By id; no match refuses Enter; Esc clears the filter first. */
	account_picker_open(&ui, accounts, 3, NULL, false);
	key(&ui, '/');
	key(&ui, 'c');
	key(&ui, 'c');
	key(&ui, 'c');
	assert_int_equal(account_picker_shown(&ui), 1);
	key(&ui, 'x');
	assert_int_equal(account_picker_shown(&ui), 0);
	key(&ui, '\r');
	key(&ui, '\r');
	assert_int_equal(nchosen, 1);
	assert_true(account_picker_is_open(&ui));
	key(&ui, 27);
	assert_int_equal(account_picker_shown(&ui), 3);
	assert_true(account_picker_is_open(&ui));
	key(&ui, 27);
	assert_false(account_picker_is_open(&ui));
	assert_string_equal(ui.status, "account unchanged");
	assert_false(ui.quit);
	ui_free(&ui);
}

static void
test_startup_escape_quits(void **state)
{
	struct ui ui;

	(void)state;
	init(&ui);
	account_picker_open(&ui, accounts, 3, NULL, true);
	assert_true(keys_handle(&ui, 'q', false) & CMD_QUIT);
	assert_true(ui.quit_no_account);
	assert_false(account_picker_is_open(&ui));
	assert_int_equal(nchosen, 0);
	ui_free(&ui);
}

static void
test_refused_choice_keeps_picker(void **state)
{
	struct ui ui;

	(void)state;
	init(&ui);
	refuse = true;
	account_picker_open(&ui, accounts, 3, NULL, false);
	assert_true(keys_handle(&ui, '\r', false) & CMD_FAILED);
	assert_true(account_picker_is_open(&ui));
	assert_string_equal(ui.status, "refused");
	ui_free(&ui);
}

/* A picker the choose hook opens anew stays open: only the one chosen
 * from closes. */
static void
test_hook_reopening_keeps_new_picker(void **state)
{
	struct ui ui;

	(void)state;
	init(&ui);
	reopen = true;
	account_picker_open(&ui, accounts, 3, NULL, false);
	key(&ui, '\r');
	assert_int_equal(nchosen, 1);
	assert_string_equal(chosen, ID_A);
	assert_true(account_picker_is_open(&ui));
	assert_string_equal(account_picker_selected_id(&ui), ID_C);
	ui_free(&ui);
}

static void
test_command_frame_and_mouse(void **state)
{
	struct ui ui;
	struct lines out = { 0 };
	size_t i;
	int row_b = -1, x = 0;

	(void)state;
	init(&ui);
	/* :account (and :acc) asks the program for the list. */
	assert_int_equal(cmd_execute(&ui, "acc") & CMD_FAILED, 0);
	assert_int_equal(nlisted, 1);
	assert_true(account_picker_is_open(&ui));
	/* The current account is selected and marked. */
	assert_string_equal(account_picker_selected_id(&ui), ID_B);
	ui_compose(&ui, 100, 24, &out);
	for (i = 0; i < out.n; i++) {
		const char *t = line_text(&out.v[i]);
		const char *at = strstr(t, "* Staging");

		if (at) {
			row_b = (int)i;
			x = (int)(at - t);
		}
	}
	assert_true(row_b > 0);
	for (i = 0; i < out.n; i++)
		if (strstr(line_text(&out.v[i]), "Switch account (3)"))
			break;
	assert_true(i < out.n);
	assert_non_null(strstr(line_text(&out.v[row_b + 1]), ID_C));
	/* A click on another row selects it; a second click chooses. */
	assert_int_equal(account_picker_click(&ui, x, row_b + 1, false),
			 CMD_REDRAW);
	assert_int_equal(nchosen, 0);
	assert_int_equal(account_picker_click(&ui, 0, 0, false), CMD_OK);
	account_picker_click(&ui, x, row_b + 1, false);
	assert_int_equal(nchosen, 1);
	assert_string_equal(chosen, ID_C);
	assert_false(account_picker_is_open(&ui));

	/* Without a hook the command says so. */
	ui.account.list = NULL;
	assert_true(cmd_execute(&ui, "account") & CMD_FAILED);
	assert_non_null(strstr(ui.status, "not available"));
	lines_free(&out);
	ui_free(&ui);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keys_move_and_choose,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_by_name_or_id,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_startup_escape_quits,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_refused_choice_keeps_picker, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_hook_reopening_keeps_new_picker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_frame_and_mouse,
						setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
