/* test_health_view.c: health presentation (symbols, sparklines, ages, failure explanations, :edit parsing) and the Health pane rendered to text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/cf_models.h"
#include "cfconsole/health.h"
#include "cfconsole/store.h"
#include "ui/health_view.h"
#include "ui/line.h"
#include "ui/oncall.h"
#include "ui/pane.h"
#include "ui/ui.h"

/* ---- symbols and roles ---------------------------------------------------- */

static void
test_symbols_readable_without_colour(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(health_view_symbol(HEALTH_HEALTHY, false), "●");
	assert_string_equal(health_view_symbol(HEALTH_UNHEALTHY, false), "✖");
	assert_string_equal(health_view_symbol(HEALTH_DISABLED, false), "○");
	assert_string_equal(health_view_symbol(HEALTH_UNKNOWN, false), "?");
	assert_string_equal(health_view_symbol(HEALTH_HEALTHY, true), "+");
	assert_string_equal(health_view_symbol(HEALTH_UNHEALTHY, true), "X");
	assert_string_equal(health_view_symbol(HEALTH_DISABLED, true), "-");
	assert_string_equal(health_view_symbol(HEALTH_UNKNOWN, true), "?");
	/* Every state has its own symbol in both sets. */
	assert_string_not_equal(health_view_symbol(HEALTH_HEALTHY, true),
				health_view_symbol(HEALTH_UNKNOWN, true));
	assert_string_equal(
		health_view_state(HEALTH_UNKNOWN, true, b, sizeof(b)),
		"? unknown");
	assert_string_equal(
		health_view_state(HEALTH_UNHEALTHY, false, b, sizeof(b)),
		"✖ unhealthy");
}

static void
test_roles_never_show_unknown_as_healthy(void **state)
{
	(void)state;
	assert_int_equal(health_view_role(HEALTH_HEALTHY), THEME_ROLE_HEALTHY);
	assert_int_equal(health_view_role(HEALTH_UNHEALTHY),
			 THEME_ROLE_UNHEALTHY);
	assert_int_equal(health_view_role(HEALTH_DISABLED),
			 THEME_ROLE_DISABLED);
	assert_int_equal(health_view_role(HEALTH_UNKNOWN), THEME_ROLE_UNKNOWN);
	assert_int_equal(health_view_role((enum health_state)99),
			 THEME_ROLE_UNKNOWN);
}

/* ---- sparkline ----------------------------------------------------------------- */

static void
test_sparkline(void **state)
{
	const double v[] = { 10, 20, 30, 40, 50, 60, 70, 80 };
	const double flat[] = { 5, 5, 5 };
	const double gaps[] = { 1, NAN, 3, -1 };
	char b[128];

	(void)state;
	assert_string_equal(health_view_sparkline(v, 8, 8, false, b, sizeof(b)),
			    "▁▂▃▄▅▆▇█");
	assert_string_equal(health_view_sparkline(v, 8, 8, true, b, sizeof(b)),
			    "_.:-=+*#");
	/* Only the last `width` samples, scaled among themselves. */
	assert_string_equal(health_view_sparkline(v, 8, 2, true, b, sizeof(b)),
			    "_#");
	assert_string_equal(
		health_view_sparkline(flat, 3, 10, false, b, sizeof(b)), "▁▁▁");
	assert_string_equal(
		health_view_sparkline(gaps, 4, 10, true, b, sizeof(b)), "_ # ");
	assert_string_equal(
		health_view_sparkline(v, 0, 10, false, b, sizeof(b)), "");
	/* A small buffer truncates on a glyph boundary and stays a string. */
	assert_string_equal(health_view_sparkline(v, 8, 8, false, b, 8), "▁▂");
}

static void
test_rtt_and_age(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(health_view_rtt(false, 5, b, sizeof(b)), "-");
	assert_string_equal(health_view_rtt(true, 3.26, b, sizeof(b)), "3.3ms");
	assert_string_equal(health_view_rtt(true, 66, b, sizeof(b)), "66ms");
	assert_string_equal(health_view_rtt(true, 1500, b, sizeof(b)), "1.5s");
	assert_string_equal(health_view_age(0, 100, b, sizeof(b)), "-");
	assert_string_equal(health_view_age(95, 100, b, sizeof(b)), "5s");
	assert_string_equal(health_view_age(100, 90, b, sizeof(b)), "0s");
	assert_string_equal(health_view_age(1000, 1000 + 300, b, sizeof(b)),
			    "5m");
	assert_string_equal(health_view_age(1, 1 + 3 * 3600, b, sizeof(b)),
			    "3h");
	assert_string_equal(health_view_age(1, 1 + 3 * 86400, b, sizeof(b)),
			    "3d");
}

/* ---- failure explanations ------------------------------------------------------- */

static void
test_explanations(void **state)
{
	static const char *const reasons[] = {
		"TLS untrusted certificate error", "HTTP timeout occurred",
		"Response code mismatch error",	   "TCP connection failed",
		"No route to host error",	   "DNS Unknown Host",
		"Connection Reset by Peer",	   "Monitor Config Error",
		"Response body mismatch error",
	};
	const struct health_view_explain *e;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		e = health_view_explain(reasons[i]);
		assert_non_null(e);
		assert_string_equal(e->reason, reasons[i]);
		assert_true(strlen(e->meaning) > 10);
		assert_true(strlen(e->fix) > 10);
	}
	/* The TLS advice names the Host header. */
	e = health_view_explain("tls UNTRUSTED certificate error");
	assert_non_null(e);
	assert_non_null(strstr(e->fix, "Host header"));
	/* A longer message containing a known reason still matches. */
	e = health_view_explain("HTTP timeout occurred after 5s");
	assert_non_null(e);
	assert_string_equal(e->reason, "HTTP timeout occurred");
	assert_null(health_view_explain("No failures"));
	assert_null(health_view_explain(NULL));
	assert_null(health_view_explain(""));
	assert_null(health_view_explain("something new"));
	assert_non_null(health_view_explain_table(&n));
	assert_true(n >= 9);
}

/* ---- :edit arguments ---------------------------------------------------------------- */

static void
test_edit_parse(void **state)
{
	bool hw;
	double w;
	int en;
	char err[160];

	(void)state;
	assert_true(oncall_edit_parse("0.5", &hw, &w, &en, err, sizeof(err)));
	assert_true(hw);
	assert_true(fabs(w - 0.5) < 1e-9);
	assert_int_equal(en, -1);
	assert_true(oncall_edit_parse("1 off", &hw, &w, &en, err, sizeof(err)));
	assert_true(hw && w == 1 && en == 0);
	assert_true(oncall_edit_parse("on", &hw, &w, &en, err, sizeof(err)));
	assert_true(!hw && en == 1);
	assert_true(oncall_edit_parse("weight=0 enabled", &hw, &w, &en, err,
				      sizeof(err)));
	assert_true(hw && w == 0 && en == 1);
	assert_false(oncall_edit_parse("1.5", &hw, &w, &en, err, sizeof(err)));
	assert_non_null(strstr(err, "from 0 to 1"));
	assert_false(oncall_edit_parse("-0.1", &hw, &w, &en, err, sizeof(err)));
	assert_false(oncall_edit_parse("0.5x", &hw, &w, &en, err, sizeof(err)));
	assert_non_null(strstr(err, "not a number"));
	assert_false(
		oncall_edit_parse("maybe", &hw, &w, &en, err, sizeof(err)));
	assert_false(
		oncall_edit_parse("0.1 0.2", &hw, &w, &en, err, sizeof(err)));
	assert_false(oncall_edit_parse("", &hw, &w, &en, err, sizeof(err)));
	assert_false(oncall_edit_parse(NULL, &hw, &w, &en, err, sizeof(err)));
	assert_false(oncall_edit_parse("nan", &hw, &w, &en, err, sizeof(err)));
}

/* ---- the Health pane rendered to text ------------------------------------------------ */

#define POOL_JSON \
	"{\"id\":\"p1\",\"name\":\"gpu\",\"enabled\":true," \
	"\"minimum_origins\":2,\"monitor\":\"m1\",\"origins\":[" \
	"{\"name\":\"a\",\"address\":\"10.0.0.1\",\"enabled\":true,\"weight\":1}," \
	"{\"name\":\"b\",\"address\":\"10.0.0.2\",\"enabled\":true,\"weight\":0.5}," \
	"{\"name\":\"c\",\"address\":\"10.0.0.3\",\"enabled\":false,\"weight\":1}]}"

#define HEALTH_JSON \
	"{\"pool_id\":\"p1\",\"pop_health\":{" \
	"\"WEU\":{\"healthy\":true,\"origins\":[" \
	"{\"10.0.0.1\":{\"healthy\":true,\"rtt\":\"12ms\"," \
	"\"failure_reason\":\"No failures\",\"response_code\":200}}," \
	"{\"10.0.0.2\":{\"healthy\":false,\"rtt\":\"30ms\"," \
	"\"failure_reason\":\"Response code mismatch error\"," \
	"\"response_code\":500}}]}}}"

static void
test_health_pane_text(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool pool = { 0 };
	struct cf_pool_health h = { 0 };
	struct cf_error err = { 0 };
	const struct health_snapshot *s;
	struct pane *p = pane_new(&health_pane_ops);
	struct store *store = store_new();
	struct store_snapshot *snap = store_acquire(store);
	struct lines out = { 0 }, detail = { 0 };
	const struct health_row *r;
	size_t i;
	char all[4096] = "";

	(void)state;
	line_set_ascii(true);
	assert_int_equal(cf_pool_decode(POOL_JSON, &pool, &err), CF_OK);
	assert_int_equal(cf_pool_health_decode(HEALTH_JSON, &h, &err), CF_OK);
	health_model_set_pools(m, &pool, 1, 1000);
	/* Before any health: unknown, never healthy. */
	health_model_publish(m, 1000);
	s = health_model_acquire(m);
	p->health = s;
	pane_load(p, snap);
	pane_render(p, 80, 6, true, &out);
	assert_non_null(strstr(line_text(&out.v[2]), "? unknown"));
	assert_null(strstr(line_text(&out.v[2]), "healthy "));
	health_snapshot_release(s);

	assert_true(health_model_apply_health(m, "p1", &h, 1010));
	health_model_publish(m, 1010);
	s = health_model_acquire(m);
	p->health = s;
	pane_load(p, snap);
	assert_int_equal(p->nvis, 4); /* the pool and its three origins */
	/* Unfocused: the selected row keeps its roles. */
	pane_render(p, 80, 6, false, &out);
	for (i = 0; i < out.n; i++) {
		strcat(all, line_text(&out.v[i]));
		strcat(all, "\n");
	}
	assert_non_null(strstr(line_text(&out.v[0]), "POOL / ORIGIN"));
	assert_non_null(strstr(line_text(&out.v[1]), "gpu"));
	/* Issue 8: every origin counted, the disabled one named. */
	assert_non_null(
		strstr(line_text(&out.v[1]), "X 1 healthy of 3 (1 disabled)"));
	assert_non_null(strstr(line_text(&out.v[1]), "below minimum 2"));
	assert_non_null(strstr(line_text(&out.v[2]), "  a "));
	assert_non_null(strstr(line_text(&out.v[2]), "+ healthy"));
	assert_non_null(strstr(line_text(&out.v[2]), "12ms"));
	assert_non_null(strstr(line_text(&out.v[3]), "X unhealthy"));
	assert_non_null(strstr(line_text(&out.v[3]), "500"));
	assert_non_null(strstr(line_text(&out.v[3]), "Response code"));
	assert_non_null(strstr(line_text(&out.v[3]), "0.50"));
	assert_non_null(strstr(line_text(&out.v[4]), "- disabled"));
	/* Below its minimum the pool is critical: the unhealthy role (the
	 * warning role before issue 8). */
	{
		const struct line *l = &out.v[1];
		bool bad = false;

		for (i = 0; i < l->nruns; i++)
			if (l->runs[i].role == THEME_ROLE_UNHEALTHY)
				bad = true;
		assert_true(bad);
	}
	/* Enter's detail: regions, samples, the explanation. */
	pane_select(p, 2);
	r = pane_selected(p);
	assert_non_null(r);
	assert_non_null(r->origin);
	assert_string_equal(r->origin->name, "b");
	health_pane_ops.detail(r, snap, &detail);
	all[0] = '\0';
	for (i = 0; i < detail.n && strlen(all) < 3000; i++) {
		strncat(all, line_text(&detail.v[i]), 200);
		strcat(all, "\n");
	}
	assert_non_null(strstr(all, "WEU"));
	assert_non_null(strstr(all, "X unhealthy"));
	assert_non_null(strstr(all, "usually means"));
	assert_non_null(strstr(all, "expected_codes"));
	assert_non_null(strstr(all, "monitor"));

	lines_free(&out);
	lines_free(&detail);
	pane_free(p);
	health_snapshot_release(s);
	health_model_free(m);
	cf_pool_free(&pool);
	cf_pool_health_free(&h);
	store_snapshot_release(snap);
	store_free(store);
	line_set_ascii(false);
}

/* ---- issue 8 -------------------------------------------------------------------------- */

/* Item 8: a degraded pool has its own symbol and role; item 10: this
 * console's notes have their own mark, not unknown's "?". */
static void
test_degraded_and_note_marks(void **state)
{
	(void)state;
	assert_string_equal(health_view_symbol(HEALTH_DEGRADED, false),
			    "\u25d0");
	assert_string_equal(health_view_symbol(HEALTH_DEGRADED, true), "~");
	assert_int_equal(health_view_role(HEALTH_DEGRADED),
			 THEME_ROLE_DEGRADED);
	assert_string_not_equal(health_view_note_symbol(false),
				health_view_symbol(HEALTH_UNKNOWN, false));
	assert_string_not_equal(health_view_note_symbol(true),
				health_view_symbol(HEALTH_UNKNOWN, true));
}

/* Item 9: a millisecond of jitter is not a cliff. */
static void
test_rtt_trend_floor(void **state)
{
	const double jitter[] = { 7.4, 8.4, 7.4 };
	const double jump[] = { 10, 200 };
	char b[64];

	(void)state;
	assert_string_equal(
		health_view_rtt_trend(jitter, 3, 10, true, b, sizeof(b)),
		"_._");
	assert_string_equal(
		health_view_rtt_trend(jump, 2, 10, true, b, sizeof(b)), "_#");
	assert_true(health_view_rtt_span(2) == 5);
	assert_true(health_view_rtt_span(200) == 50);
}

#define POOL3_JSON \
	"{\"id\":\"p3\",\"name\":\"inference-fallback-eu-west\",\"enabled\":true," \
	"\"minimum_origins\":2,\"monitor\":\"m1\",\"origins\":[" \
	"{\"name\":\"gpu-a\",\"address\":\"10.0.0.1\",\"enabled\":true}," \
	"{\"name\":\"gpu-b\",\"address\":\"10.0.0.2\",\"enabled\":false}," \
	"{\"name\":\"gpu-c\",\"address\":\"10.0.0.3\",\"enabled\":false}]}"

/* One region; gpu-a healthy with `rtt`, the others failing. */
static void
health3(struct health_model *m, const char *rtt, time_t at)
{
	struct cf_pool_health h = { 0 };
	struct cf_error err = { 0 };
	char json[1024];

	snprintf(
		json, sizeof(json),
		"{\"pool_id\":\"p3\",\"pop_health\":{\"WEU\":{\"healthy\":true,"
		"\"origins\":[{\"10.0.0.1\":{\"healthy\":true,\"rtt\":\"%s\","
		"\"failure_reason\":\"No failures\",\"response_code\":200}},"
		"{\"10.0.0.2\":{\"healthy\":false,\"rtt\":\"3ms\","
		"\"failure_reason\":\"Response code mismatch error\","
		"\"response_code\":503}}]}}}",
		rtt);
	assert_int_equal(cf_pool_health_decode(json, &h, &err), CF_OK);
	assert_true(health_model_apply_health(m, "p3", &h, at));
	cf_pool_health_free(&h);
}

static bool
has_role(const struct line *l, enum theme_role role)
{
	size_t i;

	for (i = 0; i < l->nruns; i++)
		if (l->runs[i].role == role)
			return true;
	return false;
}

/* Items 6, 8, 9, 12 in the Health pane's rows. */
static void
test_health_rows_wide_stale_and_counted(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool pool = { 0 };
	struct cf_error err = { 0 };
	const struct health_snapshot *s;
	struct pane *p = pane_new(&health_pane_ops);
	struct store *store = store_new();
	struct store_snapshot *snap = store_acquire(store);
	struct lines out = { 0 };
	time_t now = time(NULL);
	const char *row;

	(void)state;
	line_set_ascii(true);
	assert_int_equal(cf_pool_decode(POOL3_JSON, &pool, &err), CF_OK);
	health_model_set_pools(m, &pool, 1, now);
	health3(m, "7.4ms", now);
	health3(m, "8.4ms", now);
	health3(m, "7.4ms", now);
	health_model_publish(m, now);
	s = health_model_acquire(m);
	p->health = s;
	pane_load(p, snap);

	/* 250 columns: the reason whole, the name as long as it is, and
	 * the spare width in REASON, not in the name. */
	pane_render(p, 250, 5, false, &out);
	row = line_text(&out.v[1]);
	assert_non_null(strstr(row, "inference-fallback-eu-west "));
	assert_null(strstr(row, "inference-fallback-eu-west  "));
	/* 1 healthy of 3, two disabled, below its minimum: critical */
	assert_non_null(strstr(row, "X 1 healthy of 3 (2 disabled)"));
	assert_true(has_role(&out.v[1], THEME_ROLE_UNHEALTHY));
	/* gpu-b enabled: its whole reason, at 250 columns */
	pool.origins[1].enabled = true;
	health_model_set_pools(m, &pool, 1, now);
	health_model_publish(m, now);
	health_snapshot_release(s);
	s = health_model_acquire(m);
	p->health = s;
	pane_load(p, snap);
	pane_render(p, 250, 5, false, &out);
	row = line_text(&out.v[3]);
	assert_non_null(strstr(row, "Response code mismatch error"));
	assert_non_null(
		strstr(line_text(&out.v[1]), "X 1 healthy of 3 (1 disabled)"));
	/* gpu-a's trend: 7.4, 8.4, 7.4 ms is three low bars, no cliff */
	row = line_text(&out.v[2]);
	assert_non_null(strstr(row, "_._"));
	assert_null(strstr(row, "#"));
	assert_false(has_role(&out.v[2], THEME_ROLE_DIM) &&
		     !has_role(&out.v[2], THEME_ROLE_HEALTHY));
	assert_true(has_role(&out.v[2], THEME_ROLE_HEALTHY));
	health_snapshot_release(s);

	/* Polled every 10 s, last 100 s ago: stale rows say so, and are not
	 * drawn healthy. */
	health_model_set_pools(m, &pool, 1, now - 100);
	health3(m, "9ms", now - 100);
	health_model_set_expect(m, "p3", 10, 10);
	health_model_publish(m, now);
	s = health_model_acquire(m);
	p->health = s;
	pane_load(p, snap);
	pane_render(p, 120, 5, false, &out);
	assert_non_null(strstr(line_text(&out.v[1]), "stale"));
	assert_non_null(strstr(line_text(&out.v[2]), "stale"));
	assert_false(has_role(&out.v[2], THEME_ROLE_HEALTHY));
	assert_true(has_role(&out.v[2], THEME_ROLE_DIM));

	lines_free(&out);
	pane_free(p);
	health_snapshot_release(s);
	health_model_free(m);
	cf_pool_free(&pool);
	store_snapshot_release(snap);
	store_free(store);
	line_set_ascii(false);
}

/* Publishes one pool list (pools_json) into s. */
static void
publish_pools(struct store *s, const char *json)
{
	unsigned long e = store_begin(s, STORE_POOLS, NULL);
	struct store_res *r = store_res_new(STORE_POOLS, STORE_READY, NULL, e);
	struct cf_pool_list *l = calloc(1, sizeof(*l));
	struct cf_error err = { 0 };

	l->items = calloc(1, sizeof(*l->items));
	assert_int_equal(cf_pool_decode(json, &l->items[0], &err), CF_OK);
	l->n = 1;
	store_res_add_page(r, l);
	assert_true(store_publish(s, r));
	store_res_unref(r);
}

static char *
frame_text(const struct lines *ls)
{
	size_t cap = 1, i;
	char *t;

	for (i = 0; i < ls->n; i++)
		cap += ls->v[i].len + 1;
	t = calloc(1, cap);
	for (i = 0; i < ls->n; i++) {
		strcat(t, line_text(&ls->v[i]));
		strcat(t, "\n");
	}
	return t;
}

/* A console on one pool (POOL3_JSON) whose gpu-b was enabled elsewhere
 * after the list was loaded: the model (the poller's newer read) has it,
 * unhealthy; and a note of this console's own, the newest event. */
struct frame {
	struct store *s;
	struct health_model *m;
	struct cf_pool pool;
	struct ui ui;
	struct lines out;
};

static void
frame_open(struct frame *f)
{
	struct cf_error err = { 0 };
	time_t now = time(NULL);

	memset(f, 0, sizeof(*f));
	f->s = store_new();
	f->m = health_model_new();
	publish_pools(f->s, POOL3_JSON);
	assert_int_equal(cf_pool_decode(POOL3_JSON, &f->pool, &err), CF_OK);
	f->pool.origins[1].enabled = true;
	health_model_set_pools(f->m, &f->pool, 1, now);
	health3(f->m, "5ms", now);
	health_model_note(f->m, "p3", "gpu-c", "you disabled gpu-c", now + 1);
	health_model_publish(f->m, now);
	ui_init(&f->ui, f->s, NULL);
	ui_sync(&f->ui);
	oncall_set_model(&f->ui, f->m);
	ui_sync(&f->ui);
}

static void
frame_close(struct frame *f)
{
	lines_free(&f->out);
	oncall_set_model(&f->ui, NULL);
	ui_free(&f->ui);
	health_model_free(f->m);
	cf_pool_free(&f->pool);
	store_free(f->s);
}

/* Item 7: one state for an origin in the Origins row, its detail and
 * Health. */
static void
test_origin_row_and_detail_agree(void **state)
{
	struct frame f;
	char *t;

	(void)state;
	frame_open(&f);
	ui_show(&f.ui, PANE_ORIGINS, "p3", "inference-fallback-eu-west", false);
	ui_load_current(&f.ui);
	pane_select(ui_pane(&f.ui), 1); /* gpu-b */
	ui_compose(&f.ui, 80, 24, &f.out);
	t = frame_text(&f.out);
	assert_non_null(strstr(t, "health             \xe2\x9c\x96 unhealthy"));
	assert_null(strstr(t, "health             unknown"));
	assert_non_null(strstr(t, "\xe2\x9c\x96 unhealthy -"));
	free(t);
	frame_close(&f);
}

/* Item 12: at 80x24 the Health detail shows what the failure usually means
 * and how to fix it, whole, with no key pressed. */
static void
test_detail_explains_at_80x24(void **state)
{
	struct frame f;
	char *t;

	(void)state;
	frame_open(&f);
	ui_show(&f.ui, PANE_HEALTH, NULL, NULL, false);
	ui_load_current(&f.ui);
	pane_select(ui_pane(&f.ui), 2); /* gpu-b */
	ui_compose(&f.ui, 80, 24, &f.out);
	t = frame_text(&f.out);
	assert_non_null(strstr(t, "usually means"));
	/* the last words of the meaning and of the advice */
	assert_non_null(strstr(t, "or a redirect)"));
	assert_non_null(strstr(t, "what the health path returns"));
	free(t);
	frame_close(&f);
}

/* Item 10: the event log marks this console's own changes as such, not
 * with unknown's "?". */
static void
test_event_log_marks_own_changes(void **state)
{
	struct frame f;

	(void)state;
	frame_open(&f);
	oncall_events_lines(&f.ui, 10, &f.out);
	assert_true(f.out.n >= 1);
	assert_non_null(strstr(line_text(&f.out.v[0]), "you disabled gpu-c"));
	assert_true(strncmp(line_text(&f.out.v[0]), "?", 1) != 0);
	frame_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symbols_readable_without_colour),
		cmocka_unit_test(test_roles_never_show_unknown_as_healthy),
		cmocka_unit_test(test_sparkline),
		cmocka_unit_test(test_rtt_and_age),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_edit_parse),
		cmocka_unit_test(test_health_pane_text),
		cmocka_unit_test(test_degraded_and_note_marks),
		cmocka_unit_test(test_rtt_trend_floor),
		cmocka_unit_test(test_health_rows_wide_stale_and_counted),
		cmocka_unit_test(test_origin_row_and_detail_agree),
		cmocka_unit_test(test_detail_explains_at_80x24),
		cmocka_unit_test(test_event_log_marks_own_changes),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
