/* test_layer.c: the layer stack: order by rank, one layer per kind, self freed on pop, keys and clicks passed down, frames composed bottom up from the top opaque layer, and the real layers (viewer, prompt, dialog, picker) on it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/store.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/keys.h"
#include "ui/layer.h"
#include "ui/prompt.h"
#include "ui/ui.h"
#include "ui/viewer.h"

static int freed;
static char seen[64]; /* which layers saw a key, in order */

static void
fake_free(void *self)
{
	freed++;
	free(self);
}

/* Takes 'x' when it is its own letter, passes the rest. */
static unsigned
fake_key(struct ui *ui, void *self, int key, bool fkey)
{
	const char *name = self;

	(void)ui;
	(void)fkey;
	strncat(seen, name, sizeof(seen) - strlen(seen) - 1);
	return key == name[0] ? CMD_REDRAW : LAYER_PASS;
}

/* Writes its letter over row 1 (opaque: appends the rows). */
static void
fake_compose(struct ui *ui, void *self, int width, int height,
	     struct lines *frame)
{
	const char *name = self;

	(void)ui;
	(void)width;
	if (frame->n < (size_t)height) {
		while (frame->n < (size_t)height)
			line_add(lines_add(frame), THEME_ROLE_NORMAL, "");
	}
	line_reset(&frame->v[1]);
	line_add(&frame->v[1], THEME_ROLE_NORMAL, name);
}

static const struct layer_ops low = { .name = "low",
				      .rank = LAYER_RANK_SCREEN,
				      .opaque = true,
				      .key = fake_key,
				      .compose = fake_compose,
				      .free = fake_free };
static const struct layer_ops mid = { .name = "mid",
				      .rank = LAYER_RANK_PICKER,
				      .key = fake_key,
				      .compose = fake_compose,
				      .free = fake_free };
static const struct layer_ops high = { .name = "high",
				       .rank = LAYER_RANK_DIALOG,
				       .key = fake_key,
				       .compose = fake_compose,
				       .free = fake_free };

static char *
dup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static void
test_rank_order_and_pop(void **state)
{
	struct store *s = store_new();
	struct ui ui;

	(void)state;
	freed = 0;
	ui_init(&ui, s, NULL);
	/* A question first, then a list arriving on its own: the list goes
	 * under the question, never over it. */
	ui_layer_push(&ui, &high, dup("h"));
	ui_layer_push(&ui, &mid, dup("m"));
	ui_layer_push(&ui, &low, dup("l"));
	assert_int_equal(ui.nlayers, 3);
	assert_ptr_equal(ui.layers[0].ops, &low);
	assert_ptr_equal(ui.layers[1].ops, &mid);
	assert_ptr_equal(ui.layers[2].ops, &high);
	assert_ptr_equal(ui_layer_top(&ui), &high);
	assert_string_equal(ui_layer_self(&ui, &mid), "m");

	/* One layer per kind: pushing it again replaces (and frees) it. */
	ui_layer_push(&ui, &mid, dup("M"));
	assert_int_equal(ui.nlayers, 3);
	assert_int_equal(freed, 1);
	assert_string_equal(ui_layer_self(&ui, &mid), "M");

	/* Popped from the middle: the rest keep their order. */
	assert_true(ui_layer_pop(&ui, &mid));
	assert_false(ui_layer_pop(&ui, &mid));
	assert_int_equal(freed, 2);
	assert_false(ui_layer_has(&ui, &mid));
	assert_ptr_equal(ui.layers[0].ops, &low);
	assert_ptr_equal(ui.layers[1].ops, &high);

	/* ui_free frees what is still open. */
	ui_free(&ui);
	assert_int_equal(freed, 4);
	store_free(s);
}

static void
test_keys_pass_down(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	bool taken;

	(void)state;
	ui_init(&ui, s, NULL);
	ui_layer_push(&ui, &low, dup("l"));
	ui_layer_push(&ui, &mid, dup("m"));
	ui_layer_push(&ui, &high, dup("h"));
	seen[0] = '\0';
	assert_int_equal(ui_layers_key(&ui, 'm', false, &taken), CMD_REDRAW);
	assert_true(taken);
	assert_string_equal(seen, "hm"); /* top down, stops at the taker */
	seen[0] = '\0';
	ui_layers_key(&ui, 'z', false, &taken);
	assert_false(taken); /* every layer passed: the panes get it */
	assert_string_equal(seen, "hml");
	ui_free(&ui);
	store_free(s);
}

static void
test_compose_from_top_opaque(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	bool opaque;

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	ui_init(&ui, s, NULL);
	ui_layer_push(&ui, &mid, dup("m"));
	ui_layer_push(&ui, &low, dup("l"));
	assert_int_equal(ui_layers_base(&ui, &opaque), 0);
	assert_true(opaque);
	ui_compose(&ui, 80, 24, &out);
	assert_int_equal(out.n, 24);
	/* The opaque layer drew, then the one above it over that. */
	assert_string_equal(line_text(&out.v[1]), "m");
	ui_layer_pop(&ui, &mid);
	ui_compose(&ui, 80, 24, &out);
	assert_string_equal(line_text(&out.v[1]), "l");
	/* Without it, the panes' tab row is back. */
	ui_layer_pop(&ui, &low);
	ui_compose(&ui, 80, 24, &out);
	assert_non_null(strstr(line_text(&out.v[1]), "Zones"));
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

/* The real layers: the viewer scrolls with the list's keys and passes
 * ':' on, which opens the prompt and closes the viewer; a dialog over
 * the prompt takes the keys until answered. */
static void
test_real_layers(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines text = { 0 }, out = { 0 };
	int i;

	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	ui_init(&ui, s, NULL);
	for (i = 0; i < 100; i++)
		lines_add_text(&text, THEME_ROLE_NORMAL, "a line");
	viewer_open(&ui, "Help", &text);
	assert_int_equal(ui_mode(&ui), UI_MODE_VIEWER);
	ui_compose(&ui, 80, 24, &out);
	assert_non_null(strstr(line_text(&out.v[2]), "Help  100 lines"));
	keys_handle(&ui, 'j', false);
	keys_handle(&ui, 'j', false);
	assert_int_equal(viewer_current(&ui)->top, 2);
	assert_int_equal(ui.cur, 0); /* the pane did not move */
	keys_handle(&ui, ':', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_COMMAND);
	assert_false(viewer_is_open(&ui));
	assert_string_equal(ui_layer_top(&ui)->name, "prompt");
	dialog_confirm(&ui, "Q", "sure?", NULL, NULL, NULL);
	keys_handle(&ui, 'x', false); /* the dialog's, not the prompt's */
	assert_string_equal(edit_text(&ui.prompt.ed), "");
	keys_handle(&ui, 'n', false);
	assert_false(dialog_open(&ui));
	keys_handle(&ui, 'x', false);
	assert_string_equal(edit_text(&ui.prompt.ed), "x");
	keys_handle(&ui, 27, false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);
	assert_int_equal(ui.nlayers, 0);
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_order_and_pop),
		cmocka_unit_test(test_keys_pass_down),
		cmocka_unit_test(test_compose_from_top_opaque),
		cmocka_unit_test(test_real_layers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
