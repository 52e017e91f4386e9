/* test_wizard.c: the setup wizard's screens composed to text and driven by keys through keys_handle (no terminal, no network): entry, read-only, every step, Next refused while invalid, Review, export, Test now's panel, Esc, clicks, the undo hook. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/cf_models.h"
#include "cfconsole/config.h"
#include "cfconsole/journal.h"
#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/ui.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"

#define Z1 "11111111111111111111111111111111"
#define Z2 "22222222222222222222222222222222"
#define P1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define M1 "cccccccccccccccccccccccccccccccc"

static const char *const zones_json[] = {
	"{\"id\":\"" Z1 "\",\"name\":\"example.com\",\"status\":\"active\"}",
	"{\"id\":\"" Z2 "\",\"name\":\"inference.dev\",\"status\":\"active\"}",
};

static const char *const pools_json[] = {
	"{\"id\":\"" P1 "\",\"name\":\"inference\",\"enabled\":true,"
	"\"minimum_origins\":1,\"monitor\":\"" M1 "\",\"origins\":["
	"{\"name\":\"gpu-a\",\"address\":\"127.0.0.21\",\"enabled\":true,"
	"\"weight\":1}]}",
};

static const char *const monitors_json[] = {
	"{\"id\":\"" M1 "\",\"type\":\"http\",\"description\":\"GPU health\","
	"\"method\":\"GET\",\"path\":\"/health\",\"port\":0,\"interval\":60,"
	"\"expected_codes\":\"200\"}",
};

static void
publish(struct store *s, enum store_kind kind, const char *const *json,
	size_t n)
{
	unsigned long e = store_begin(s, kind, NULL);
	struct store_res *r = store_res_new(kind, STORE_READY, NULL, e);
	struct cf_error err = { 0 };
	size_t i;

	if (kind == STORE_ZONES) {
		struct cf_zone_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_zone_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
	} else if (kind == STORE_POOLS) {
		struct cf_pool_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_pool_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
	} else {
		struct cf_monitor_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_monitor_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
	}
	assert_true(store_publish(s, r));
	store_res_unref(r);
}

struct world {
	struct store *s;
	struct ui ui;
};

static void
world_up(struct world *w)
{
	w->s = store_new();
	publish(w->s, STORE_ZONES, zones_json, 2);
	publish(w->s, STORE_POOLS, pools_json, 1);
	publish(w->s, STORE_MONITORS, monitors_json, 1);
	ui_init(&w->ui, w->s, NULL);
	ui_sync(&w->ui);
}

static void
world_down(struct world *w)
{
	ui_free(&w->ui);
	store_free(w->s);
}

/* The whole frame as text; every row exactly width columns. */
static char *
screen(struct ui *ui, int width, int height)
{
	struct lines out = { 0 };
	size_t i, len = 0, cap = 1;
	char *s;

	ui_compose(ui, width, height, &out);
	assert_int_equal(out.n, (size_t)height);
	for (i = 0; i < out.n; i++) {
		assert_true(out.v[i].width <= width);
		cap += out.v[i].len + 1;
	}
	s = calloc(1, cap);
	for (i = 0; i < out.n; i++) {
		memcpy(s + len, line_text(&out.v[i]), out.v[i].len);
		len += out.v[i].len;
		s[len++] = '\n';
	}
	lines_free(&out);
	return s;
}

static void
shows(struct ui *ui, int width, int height, const char *part)
{
	char *s = screen(ui, width, height);

	if (!strstr(s, part)) {
		/* cmocka cuts long messages: the whole screen on stderr. */
		fprintf(stderr, "%s", s);
		fail_msg("screen lacks \"%s\" (above)", part);
	}
	free(s);
}

static void
hides(struct ui *ui, int width, int height, const char *part)
{
	char *s = screen(ui, width, height);

	if (strstr(s, part))
		fail_msg("screen shows \"%s\":\n%s", part, s);
	free(s);
}

static void
press(struct ui *ui, int key)
{
	keys_handle(ui, key, key >= 0400);
}

static void
type(struct ui *ui, const char *s)
{
	for (; *s; s++)
		press(ui, (unsigned char)*s);
}

static struct wizard *
wz(struct ui *ui)
{
	return ui->wizard;
}

/* Opens the wizard on example.com and goes to the Monitor step with two
 * origins typed. */
static void
to_monitor(struct ui *ui)
{
	assert_true(cmd_execute(ui, "wizard example.com") & CMD_REDRAW);
	press(ui, '\r'); /* preset: AI inference */
	press(ui, '\r'); /* zone */
	press(ui, '\r'); /* refused: no addresses */
	type(ui, "127.0.0.11");
	press(ui, CONFIG_KEY_DOWN);
	type(ui, "127.0.0.12");
	press(ui, '\r');
	assert_int_equal(form_step(wz(ui)->form), FORM_STEP_MONITOR);
}

static void
test_entry_and_readonly(void **state)
{
	struct world w;
	const struct command *c = cmd_lookup("wizard");

	(void)state;
	/* In the command table: key w, :wizard, mutating, with a zone. */
	assert_non_null(c);
	assert_string_equal(c->key, "w");
	assert_true(c->flags & CMD_MUTATES);
	assert_true(c->flags & CMD_ARGS);
	world_up(&w);
	press(&w.ui, 'w');
	assert_true(wizard_is_open(&w.ui));
	shows(&w.ui, 80, 24, "Setup wizard: choose a start");
	shows(&w.ui, 80, 24, "AI inference endpoint");
	shows(&w.ui, 80, 24, "empty");
	/* Esc on the start screen leaves at once (nothing filled in). */
	press(&w.ui, 27);
	assert_false(wizard_is_open(&w.ui));
	/* Read-only: no key, and :wizard is refused with a reason. */
	w.ui.opts.readonly = true;
	cmd_keymap_build(&w.ui, NULL, 0, NULL, NULL);
	press(&w.ui, 'w');
	assert_false(wizard_is_open(&w.ui));
	assert_non_null(strstr(w.ui.status, "read-only"));
	assert_true(cmd_execute(&w.ui, "wizard") & CMD_FAILED);
	assert_false(wizard_is_open(&w.ui));
	assert_false(wizard_open(&w.ui, NULL));
	world_down(&w);
}

static void
test_every_step(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_up(&w);
	assert_true(cmd_execute(&w.ui, "wizard inference.dev") & CMD_REDRAW);
	shows(&w.ui, 80, 24, "Zone: inference.dev");
	press(&w.ui, '\r');
	/* One screen per step under the step bar. */
	shows(&w.ui, 80, 24,
	      "1 Zone \xe2\x80\xba 2 Pool \xe2\x80\xba 3 Monitor "
	      "\xe2\x80\xba 4 Load balancer \xe2\x80\xba 5 CNAME "
	      "\xe2\x80\xba 6 Review");
	shows(&w.ui, 80, 24, "Step 1 of 6: Zone");
	assert_string_equal(form_plan(wz(&w.ui)->form)->zone, "inference.dev");
	press(&w.ui, '\r');
	shows(&w.ui, 80, 24, "Step 2 of 6: Pool");
	/* Next refused while a field is invalid; the focus goes there and
	 * the status says why. */
	press(&w.ui, '\r');
	assert_int_equal(form_step(wz(&w.ui)->form), FORM_STEP_POOL);
	assert_string_equal(form_focus(wz(&w.ui)->form),
			    "pool.origins[0].address");
	shows(&w.ui, 80, 24, "Address of row 1: enter the address of origin-1");
	/* Letters are text in a text field: n and b are typed. */
	type(&w.ui, "nb");
	assert_int_equal(form_step(wz(&w.ui)->form), FORM_STEP_POOL);
	shows(&w.ui, 80, 24, "nb ");
	press(&w.ui, 21);
	type(&w.ui, "127.0.0.11");
	press(&w.ui, CONFIG_KEY_DOWN);
	type(&w.ui, "127.0.0.12");
	press(&w.ui, '\r');
	shows(&w.ui, 80, 24, "Step 3 of 6: Monitor");
	shows(&w.ui, 80, 24, "t test now");
	press(&w.ui, '\r');
	shows(&w.ui, 80, 24, "Step 4 of 6: Load balancer");
	shows(&w.ui, 80, 24, "lb.inference.dev");
	/* b goes back (on a non-text field), n on again. */
	press(&w.ui, '\t');
	press(&w.ui, '\t');
	press(&w.ui, 'b');
	shows(&w.ui, 80, 24, "Step 3 of 6: Monitor");
	press(&w.ui, CONFIG_KEY_NPAGE);
	press(&w.ui, CONFIG_KEY_NPAGE);
	shows(&w.ui, 80, 24, "Step 5 of 6: CNAME");
	shows(&w.ui, 80, 24, "api.inference.dev");
	press(&w.ui, '\r');
	/* Review: the exact requests, with placeholders, and the exports;
	 * not connected, so not checked. */
	s = screen(&w.ui, 120, 200);
	assert_non_null(strstr(s, "Step 6 of 6: Review"));
	assert_non_null(strstr(s, "POST /accounts/{account_id}/load_balancers/"
				  "monitors"));
	assert_non_null(strstr(s, "\"monitor\": \"{monitor.id}\""));
	assert_non_null(strstr(s, "POST /zones/{zone.id}/dns_records"));
	assert_non_null(strstr(s, "lb_dns_name    inference-lb.inference.dev"));
	assert_non_null(strstr(s, "API hostname   api.inference.dev"));
	assert_non_null(
		strstr(s, "could not check the account: not connected"));
	free(s);
	/* Apply is refused without the account's check. */
	press(&w.ui, 'a');
	assert_false(dialog_open(&w.ui));
	assert_non_null(strstr(w.ui.status, "not checked"));
	/* Any step again from Review, by number or by the step bar. */
	press(&w.ui, '2');
	shows(&w.ui, 80, 24, "Step 2 of 6: Pool");
	press(&w.ui, '6');
	shows(&w.ui, 80, 24, "Step 6 of 6: Review");
	hides(&w.ui, 80, 24, "terminal too small");
	free(screen(&w.ui, 80, 24));
	assert_true(wizard_click(&w.ui, wz(&w.ui)->bar_x[3] + 1,
				 wz(&w.ui)->bar_y, false) &
		    CMD_REDRAW);
	shows(&w.ui, 80, 24, "Step 4 of 6: Load balancer");
	/* Esc asks before discarding what was entered; y discards. */
	press(&w.ui, 27);
	assert_true(dialog_open(&w.ui));
	assert_true(wizard_is_open(&w.ui));
	press(&w.ui, 'n');
	assert_true(wizard_is_open(&w.ui));
	press(&w.ui, 27);
	press(&w.ui, 'y');
	assert_false(wizard_is_open(&w.ui));
	assert_non_null(strstr(w.ui.status, "nothing was created"));
	world_down(&w);
}

static void
test_sizes(void **state)
{
	struct world w;
	char *s;
	int h;

	(void)state;
	world_up(&w);
	to_monitor(&w.ui);
	/* 80x24 scrolls the field list; 250 columns show the hints whole. */
	shows(&w.ui, 80, 24, "more");
	s = screen(&w.ui, 250, 60);
	assert_non_null(strstr(s, "passes in a row before an origin is "
				  "healthy"));
	assert_null(strstr(s, " more "));
	free(s);
	/* Narrow: the step bar keeps only the current step's title. */
	shows(&w.ui, 50, 24, "1 \xe2\x80\xba 2 \xe2\x80\xba 3 Monitor");
	/* Every size composes exactly, down to a tiny one. */
	for (h = 6; h <= 30; h += 3)
		free(screen(&w.ui, 80, h));
	shows(&w.ui, 20, 5, "terminal too small");
	world_down(&w);
}

static void
test_export(void **state)
{
	struct world w;
	char dir[] = "/tmp/wizard-export-XXXXXX", path[256], buf[65536];
	char *want;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	world_up(&w);
	to_monitor(&w.ui);
	press(&w.ui, '\r');
	press(&w.ui, '\r');
	press(&w.ui, '\r');
	assert_int_equal(form_step(wz(&w.ui)->form), FORM_STEP_REVIEW);
	press(&w.ui, 'x');
	shows(&w.ui, 80, 24, "Export the plan");
	shows(&w.ui, 80, 24, "inference-lb.example.com.plan.json");
	/* Tab: the next format, and the offered name follows it. */
	press(&w.ui, '\t');
	shows(&w.ui, 80, 24, "pulumi");
	shows(&w.ui, 80, 24, "inference-lb.example.com.py");
	press(&w.ui, '\t');
	shows(&w.ui, 80, 24, "inference-lb.example.com.tf");
	press(&w.ui, 21);
	snprintf(path, sizeof(path), "%s/setup.tf", dir);
	type(&w.ui, path);
	press(&w.ui, '\r');
	assert_non_null(strstr(w.ui.status, "wrote the plan as terraform"));
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	want = plan_export(form_plan(wz(&w.ui)->form), "terraform");
	assert_string_equal(buf, want);
	free(want);
	/* An existing file is replaced only when the user says so. */
	press(&w.ui, 'x');
	press(&w.ui, 21);
	type(&w.ui, path);
	press(&w.ui, '\r');
	assert_true(dialog_open(&w.ui));
	press(&w.ui, 'n');
	press(&w.ui, 27);
	unlink(path);
	rmdir(dir);
	world_down(&w);
}

/* A finished Test now, as the worker would have left it. */
static struct wiz_task *
fake_test(struct wizard *wiz)
{
	struct wiz_task *t = calloc(1, sizeof(*t));
	struct probe_all_row *r;

	t->kind = WT_TEST;
	atomic_init(&t->done, true);
	atomic_init(&t->cancel, false);
	t->handled = true;
	pthread_mutex_init(&t->lock, NULL);
	cf_plan_init(&t->plan);
	cf_monitor_init(&t->monitor);
	t->probe.rows = calloc(2, sizeof(*t->probe.rows));
	t->probe.n = 2;
	t->probe.preview = true;
	r = &t->probe.rows[0];
	r->name = strdup("origin-1");
	r->address = strdup("127.0.0.11");
	r->probed = true;
	r->local.healthy = true;
	r->local.response_code = 200;
	r->local.has_rtt = true;
	r->local.rtt_ms = 3;
	snprintf(r->local.target, sizeof(r->local.target),
		 "GET http://127.0.0.11:8080/health");
	r->cf = PROBE_ALL_CF_DONE;
	r->cf_healthy = true;
	r->cf_has_code = true;
	r->cf_code = 200;
	r = &t->probe.rows[1];
	r->name = strdup("origin-2");
	r->address = strdup("127.0.0.12");
	r->probed = true;
	r->local.response_code = 500;
	snprintf(r->local.failure_reason, sizeof(r->local.failure_reason),
		 "Response code mismatch error");
	r->cf = PROBE_ALL_CF_DONE;
	r->cf_has_code = true;
	r->cf_code = 500;
	r->cf_reason = strdup("Response code mismatch error");
	t->next = wiz->tasks;
	wiz->tasks = t;
	return t;
}

static void
test_test_panel(void **state)
{
	struct world w;

	(void)state;
	world_up(&w);
	to_monitor(&w.ui);
	/* Not connected: Test now says so and runs nothing. */
	press(&w.ui, 't');
	assert_non_null(strstr(w.ui.status, "not connected"));
	assert_null(wz(&w.ui)->test);
	wz(&w.ui)->test = fake_test(wz(&w.ui));
	/* Both views side by side, the failure, what it means and the fix. */
	shows(&w.ui, 100, 40, "FROM HERE");
	shows(&w.ui, 100, 40, "CLOUDFLARE PREVIEW");
	shows(&w.ui, 100, 40, "origin-2");
	shows(&w.ui, 100, 40, "\xe2\x9c\x96 unhealthy 500");
	shows(&w.ui, 100, 40, "\xe2\x97\x8f healthy 200 3.0ms");
	shows(&w.ui, 100, 40, "Response code mismatch error");
	shows(&w.ui, 100, 40, "Fix:");
	shows(&w.ui, 100, 40, "probed: GET http://127.0.0.11:8080/health");
	/* At 80x24 the panel shares the screen with the fields. */
	shows(&w.ui, 80, 24, "Test now");
	shows(&w.ui, 80, 24, "Monitor");
	assert_false(wizard_busy(&w.ui));
	world_down(&w);
}

static void
test_undo_hook(void **state)
{
	struct world w;
	char path[] = "/tmp/wizard-journal-XXXXXX", msg[256];
	struct cf_journal_record r = { 0 };
	struct journal *j;
	struct wizard *wiz;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	j = journal_open(path, "test", "acc", msg, sizeof(msg));
	assert_non_null(j);
	world_up(&w);
	w.ui.journal = j;
	/* No setup made here: u is the origin undo. */
	assert_false(wizard_undo(&w.ui));
	/* A setup this console applied, as a successful apply leaves it. */
	wiz = wiz_get(&w.ui);
	assert_true(plan_preset("inference", "example.com", &wiz->setup));
	wiz->has_setup = true;
	wiz->undo_depth = journal_undo_depth(j);
	/* u offers to remove it: the load balancer's name typed. */
	assert_true(wizard_undo(&w.ui));
	assert_true(dialog_open(&w.ui));
	assert_string_equal(dialog_current(&w.ui)->expect,
			    "inference-lb.example.com");
	assert_non_null(
		strstr(dialog_current(&w.ui)->text, "last created first"));
	press(&w.ui, 27);
	assert_false(dialog_open(&w.ui));
	/* An origin change made after it is newer: u undoes that first... */
	r.kind = (char *)(uintptr_t) "pool";
	r.object_id = (char *)(uintptr_t)P1;
	r.action = (char *)(uintptr_t) "origin.disable";
	r.origin = (char *)(uintptr_t) "gpu-a";
	r.outcome = (char *)(uintptr_t) "ok";
	assert_true(journal_append(j, &r, true, msg, sizeof(msg)));
	assert_false(wizard_undo(&w.ui));
	/* ...and once it is undone, the setup is the newest again. */
	journal_pop_undo(j);
	assert_true(wizard_undo(&w.ui));
	press(&w.ui, 27);
	/* Removed: u is the origin undo again. */
	wiz->has_setup = false;
	assert_false(wizard_undo(&w.ui));
	world_down(&w);
	journal_free(j);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_and_readonly),
		cmocka_unit_test(test_every_step),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_test_panel),
		cmocka_unit_test(test_undo_hook),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
