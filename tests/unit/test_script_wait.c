/* test_script_wait.c: the :wait-* commands of scripts: usage errors change nothing, each wait holds the next step until its condition, :wait-health gives up at its deadline with a failure. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/script_wait.h"
#include "ui/ui.h"

/* Publishes n zones (zN.example) as the zone list. */
static void
publish_zones(struct store *s, size_t n)
{
	unsigned long e = store_begin(s, STORE_ZONES, NULL);
	struct store_res *r = store_res_new(STORE_ZONES, STORE_READY, NULL, e);
	struct cf_zone_list *l = calloc(1, sizeof(*l));
	char buf[64];
	size_t i;

	assert_non_null(l);
	l->items = calloc(n ? n : 1, sizeof(*l->items));
	assert_non_null(l->items);
	l->n = n;
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "z%zu.example", i);
		l->items[i].name = strdup(buf);
		snprintf(buf, sizeof(buf), "id%zu", i);
		l->items[i].id = strdup(buf);
	}
	assert_true(store_res_add_page(r, l));
	assert_true(store_publish(s, r));
	store_res_unref(r);
}

static bool
no_wait(const struct ui *ui)
{
	const struct script_waits *w = &ui->waits;

	return !w->idle && !w->rows && !w->generation && !w->tasks &&
	       !w->health;
}

static void
test_usage_errors_change_nothing(void **state)
{
	static const char *const bad[] = {
		"wait-generation",     "wait-generation 3x",
		"wait-generation x",   "wait-health",
		"wait-health up",      "wait-health  up",
		"wait-health pool/o ",
	};
	struct store *s = store_new();
	struct ui ui;
	size_t i;

	(void)state;
	ui_init(&ui, s, NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_true(cmd_execute(&ui, bad[i]) & CMD_FAILED);
		assert_non_null(strstr(ui.status, "usage: :wait-"));
		assert_true(no_wait(&ui));
	}
	/* Nothing to wait for: the next step may run at once. */
	{
		int failed = 0;

		assert_true(script_waits_done(&ui, &failed));
		assert_int_equal(failed, 0);
	}
	ui_free(&ui);
	store_free(s);
}

static void
test_generation_waits_for_the_store(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	int failed = 0;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_false(cmd_execute(&ui, "wait-generation 2") & CMD_FAILED);
	assert_int_equal(ui.waits.generation, 2);
	assert_false(script_waits_done(&ui, &failed));
	assert_false(script_waits_done(&ui, &failed)); /* still not */
	publish_zones(s, 1);			       /* generations 1, 2 */
	assert_true(script_waits_done(&ui, &failed));
	assert_true(ui.snap->generation >= 2);
	assert_true(no_wait(&ui));
	assert_int_equal(failed, 0);
	ui_free(&ui);
	store_free(s);
}

static void
test_rows_wait_for_a_row(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	int failed = 0;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_false(cmd_execute(&ui, "wait-rows") & CMD_FAILED);
	assert_true(ui.waits.rows);
	assert_false(script_waits_done(&ui, &failed));
	publish_zones(s, 0); /* loaded, but empty: still no row */
	assert_false(script_waits_done(&ui, &failed));
	publish_zones(s, 3);
	assert_true(script_waits_done(&ui, &failed));
	assert_int_equal(ui_pane(&ui)->nvis, 3);
	assert_true(no_wait(&ui));
	assert_int_equal(failed, 0);
	ui_free(&ui);
	store_free(s);
}

static void
test_tasks_and_idle_without_work(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	int failed = 0;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_false(cmd_execute(&ui, "wait-tasks") & CMD_FAILED);
	assert_false(cmd_execute(&ui, "wait-idle") & CMD_FAILED);
	assert_true(ui.waits.tasks && ui.waits.idle);
	/* No task runs and no load is pending (no jobs in a unit test). */
	assert_true(script_waits_done(&ui, &failed));
	assert_true(no_wait(&ui));
	assert_int_equal(failed, 0);
	ui_free(&ui);
	store_free(s);
}

static void
test_health_gives_up_at_its_deadline(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	int failed = 0;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_false(cmd_execute(&ui, "wait-health gpu/o1 healthy") &
		     CMD_FAILED);
	assert_string_equal(ui.waits.health, "gpu/o1 healthy");
	/* No health snapshot yet: the state is not shown, so it waits... */
	assert_false(script_waits_done(&ui, &failed));
	assert_int_equal(failed, 0);
	/* ...until its deadline, then the script fails instead of hanging. */
	ui.waits.health_until = 0;
	assert_true(script_waits_done(&ui, &failed));
	assert_int_equal(failed, 1);
	assert_null(ui.waits.health);

	/* A second wait replaces the first; ui_free frees it (ASan). */
	assert_false(cmd_execute(&ui, "wait-health a down") & CMD_FAILED);
	assert_false(cmd_execute(&ui, "wait-health b up") & CMD_FAILED);
	assert_string_equal(ui.waits.health, "b up");
	ui_free(&ui);
	store_free(s);
}

static void
test_free_clears(void **state)
{
	struct script_waits w = { .idle = true, .generation = 4 };

	(void)state;
	w.health = strdup("p up");
	script_waits_free(&w);
	assert_null(w.health);
	assert_false(w.idle);
	assert_int_equal(w.generation, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage_errors_change_nothing),
		cmocka_unit_test(test_generation_waits_for_the_store),
		cmocka_unit_test(test_rows_wait_for_a_row),
		cmocka_unit_test(test_tasks_and_idle_without_work),
		cmocka_unit_test(test_health_gives_up_at_its_deadline),
		cmocka_unit_test(test_free_clears),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
