/* test_pane_render.c: panes and whole frames rendered to plain text through the line buffers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_models.h"
#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/line.h"
#include "ui/pane.h"
#include "ui/ui.h"

static const char *const zones_json[] = {
	"{\"id\":\"z1\",\"name\":\"example.com\",\"status\":\"active\","
	"\"type\":\"full\",\"paused\":false,"
	"\"modified_on\":\"2024-05-01T10:20:30Z\"}",
	"{\"id\":\"z2\",\"name\":\"inference.ai\",\"status\":\"pending\","
	"\"type\":\"full\",\"paused\":false}",
};

static const char *const dns_json[] = {
	"{\"id\":\"d1\",\"type\":\"A\",\"name\":\"www.example.com\","
	"\"content\":\"192.0.2.10\",\"ttl\":1,\"proxied\":true}",
	"{\"id\":\"d2\",\"type\":\"CNAME\",\"name\":\"api.example.com\","
	"\"content\":\"lb.example.com\",\"ttl\":300,\"proxied\":false}",
	"{\"id\":\"d3\",\"type\":\"TXT\",\"name\":\"example.com\","
	"\"content\":\"v=spf1 -all\",\"ttl\":3600}",
	"{\"id\":\"d4\",\"type\":\"AAAA\",\"name\":\"\xc3\xa9t\xc3\xa9.example.com\","
	"\"content\":\"2001:db8::1\",\"ttl\":120,\"proxied\":false}",
};

static const char *const pools_json[] = {
	"{\"id\":\"p1\",\"name\":\"gpu-east\",\"enabled\":true,"
	"\"minimum_origins\":1,\"monitor\":\"m1\",\"origins\":["
	"{\"name\":\"a\",\"address\":\"10.0.0.1\",\"enabled\":true,\"weight\":1},"
	"{\"name\":\"b\",\"address\":\"10.0.0.2\",\"enabled\":false,\"weight\":0.5}]}",
};

static const char *const monitors_json[] = {
	"{\"id\":\"m1\",\"type\":\"https\",\"description\":\"inference health\","
	"\"method\":\"GET\",\"path\":\"/healthz\",\"port\":0,\"interval\":60,"
	"\"expected_codes\":\"2xx\"}",
};

/* Publishes decoded objects of kind into s. */
static void
publish(struct store *s, enum store_kind kind, const char *scope,
	const char *const *json, size_t n)
{
	unsigned long e = store_begin(s, kind, scope);
	struct store_res *r = store_res_new(kind, STORE_READY, scope, e);
	struct cf_error err = { 0 };
	size_t i;

	switch (kind) {
	case STORE_ZONES: {
		struct cf_zone_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_zone_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
		break;
	}
	case STORE_DNS: {
		struct cf_dns_record_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(cf_dns_record_decode(
						 json[i], &l->items[i], &err),
					 CF_OK);
		l->n = n;
		store_res_add_page(r, l);
		break;
	}
	case STORE_POOLS: {
		struct cf_pool_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_pool_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
		break;
	}
	case STORE_MONITORS: {
		struct cf_monitor_list *l = calloc(1, sizeof(*l));

		l->items = calloc(n, sizeof(*l->items));
		for (i = 0; i < n; i++)
			assert_int_equal(
				cf_monitor_decode(json[i], &l->items[i], &err),
				CF_OK);
		l->n = n;
		store_res_add_page(r, l);
		break;
	}
	default:
		fail();
	}
	assert_true(store_publish(s, r));
	store_res_unref(r);
}

static struct store *
world(void)
{
	struct store *s = store_new();

	publish(s, STORE_ZONES, NULL, zones_json, 2);
	publish(s, STORE_DNS, "z1", dns_json, 4);
	publish(s, STORE_POOLS, NULL, pools_json, 1);
	publish(s, STORE_MONITORS, NULL, monitors_json, 1);
	return s;
}

/* All lines joined with '\n', trailing blanks trimmed per line. */
static char *
text_of(const struct lines *ls)
{
	size_t cap = 1, i, len = 0;
	char *out;

	for (i = 0; i < ls->n; i++)
		cap += ls->v[i].len + 1;
	out = calloc(1, cap);
	for (i = 0; i < ls->n; i++) {
		size_t n = ls->v[i].len;

		memcpy(out + len, line_text(&ls->v[i]), n);
		while (n && out[len + n - 1] == ' ')
			n--;
		len += n;
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}

static void
test_line_cells_and_width(void **state)
{
	struct line l = { 0 };

	(void)state;
	line_add_cell(&l, THEME_ROLE_NORMAL, "abcdef", 4, false);
	line_add_cell(&l, THEME_ROLE_DIM, "7", 3, true);
	assert_string_equal(line_text(&l), "abc~  7");
	assert_int_equal(l.width, 7);
	assert_int_equal(l.nruns, 2);
	line_reset(&l);
	line_add_cell(&l, THEME_ROLE_NORMAL, "\xc3\xa9t\xc3\xa9", 5, false);
	assert_int_equal(l.width, 5);
	assert_string_equal(line_text(&l), "\xc3\xa9t\xc3\xa9  ");
	line_reset(&l);
	line_add(&l, THEME_ROLE_NORMAL, "a\tb\x1b[31m");
	assert_string_equal(line_text(&l), "a?b?[31m");
	line_free(&l);
}

static void
test_dns_pane_renders_filters_and_sorts(void **state)
{
	struct store *s = world();
	struct store_snapshot *snap = store_acquire(s);
	struct pane *p = pane_new(&dns_pane_ops);
	struct lines out = { 0 };
	char *t;

	(void)state;
	pane_set_scope(p, "z1", "example.com");
	pane_load(p, snap);
	pane_render(p, 72, 6, false, &out);
	t = text_of(&out);
	assert_string_equal(
		t,
		"TYPE   NAME                     CONTENT                      "
		"  TTL PROXY\n"
		"A      www.example.com          192.0.2.10                   "
		" auto on\n"
		"CNAME  api.example.com          lb.example.com               "
		"  300 off\n"
		"TXT    example.com              v=spf1 -all                  "
		" 3600 -\n"
		"AAAA   \xc3\xa9t\xc3\xa9.example.com          2001:db8::1    "
		"                120 off\n");
	free(t);

	pane_set_filter(p, "EXAMPLE.COM");
	assert_int_equal(p->nvis, 4);
	pane_set_filter(p, "lb.");
	assert_int_equal(p->nvis, 1);
	assert_string_equal(
		((const struct cf_dns_record *)pane_selected(p))->id, "d2");
	pane_set_filter(p, "no-such-thing");
	assert_int_equal(p->nvis, 0);
	assert_null(pane_selected(p));
	pane_set_filter(p, NULL);
	assert_int_equal(p->nvis, 4);

	pane_sort(p, 3, false); /* TTL, numerically: auto(1) < 120 < 300 */
	pane_render(p, 72, 6, false, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "TTL\xe2\x86\x91"));
	assert_true(strstr(t, "www.") < strstr(t, "\xc3\xa9t\xc3\xa9."));
	assert_true(strstr(t, "\xc3\xa9t\xc3\xa9.") < strstr(t, "api."));
	assert_true(strstr(t, "api.") < strstr(t, "v=spf1"));
	free(t);
	pane_sort(p, 1, true); /* NAME, descending (bytes: UTF-8 last) */
	assert_string_equal(
		((const struct cf_dns_record *)p->objs[p->vis[0]])->id, "d4");
	assert_string_equal(
		((const struct cf_dns_record *)p->objs[p->vis[1]])->id, "d1");

	/* Selection moves and clamps; a reload keeps the selected record. */
	pane_sort(p, -1, false);
	pane_move(p, 2);
	assert_string_equal(
		((const struct cf_dns_record *)pane_selected(p))->id, "d3");
	pane_move(p, 100);
	assert_int_equal(p->sel, 3);
	pane_move(p, -2);
	pane_load(p, snap);
	assert_string_equal(
		((const struct cf_dns_record *)pane_selected(p))->id, "d2");

	/* A different zone's scope lists nothing. */
	pane_set_scope(p, "z2", "inference.ai");
	pane_load(p, snap);
	assert_int_equal(p->nobjs, 0);

	lines_free(&out);
	pane_free(p);
	store_snapshot_release(snap);
	store_free(s);
}

/* A grouped pane (ops->is_child), as Health: parents "P..", children
 * "  c.." that belong to the parent before them. */
struct grow {
	const char *name;
	double rtt;
	bool child;
};

static const struct grow grows[] = {
	{ "pool-b", 0, false }, { "b2", 30, true },	{ "b1", 10, true },
	{ "pool-a", 0, false }, { "a1", 20, true },	{ "a3", 5, true },
	{ "a2", 40, true },	{ "pool-c", 0, false },
};

static const struct pane_col gcols[] = {
	{ .title = "NAME", .width = 10 },
	{ .title = "RTT", .width = 6, .right = true, .numeric = true },
};

static size_t
g_collect(const struct pane *p, const struct store_snapshot *snap,
	  const void ***objs)
{
	size_t i, n = sizeof(grows) / sizeof(grows[0]);

	(void)p;
	(void)snap;
	*objs = calloc(n, sizeof(**objs));
	assert_non_null(*objs);
	for (i = 0; i < n; i++)
		(*objs)[i] = &grows[i];
	return n;
}

static enum theme_role
g_cell(const struct pane *p, const void *obj, size_t col, char *buf,
       size_t size)
{
	const struct grow *g = obj;

	(void)p;
	if (col == 0)
		snprintf(buf, size, "%s", g->name);
	else if (g->child)
		snprintf(buf, size, "%g", g->rtt);
	else
		buf[0] = '\0';
	return THEME_ROLE_NORMAL;
}

static const char *
g_id(const void *obj)
{
	return ((const struct grow *)obj)->name;
}

static bool
g_is_child(const void *obj)
{
	return ((const struct grow *)obj)->child;
}

static const struct pane_ops grouped_ops = {
	.name = "grouped",
	.title = "Grouped",
	.kind = STORE_POOLS,
	.cols = gcols,
	.ncols = 2,
	.collect = g_collect,
	.cell = g_cell,
	.id = g_id,
	.label = g_id,
	.is_child = g_is_child,
};

/* The names in the order shown, comma-separated. */
static void
shown(const struct pane *p, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nvis; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "",
				      g_id(p->objs[p->vis[i]]));
}

static void
test_sort_keeps_children_under_their_parent(void **state)
{
	struct store *s = world();
	struct store_snapshot *snap = store_acquire(s);
	struct pane *p = pane_new(&grouped_ops);
	char order[256];

	(void)state;
	pane_load(p, snap);
	shown(p, order, sizeof(order));
	assert_string_equal(order, "pool-b,b2,b1,pool-a,a1,a3,a2,pool-c");

	pane_sort(p, 0, false); /* NAME: pools by name, origins by name */
	shown(p, order, sizeof(order));
	assert_string_equal(order, "pool-a,a1,a2,a3,pool-b,b1,b2,pool-c");

	pane_sort(p, 0, true);
	shown(p, order, sizeof(order));
	assert_string_equal(order, "pool-c,pool-b,b2,b1,pool-a,a3,a2,a1");

	/* RTT: pools tie (no value) and keep their order; origins sort
	 * within each pool, never across. */
	pane_sort(p, 1, false);
	shown(p, order, sizeof(order));
	assert_string_equal(order, "pool-b,b1,b2,pool-a,a3,a1,a2,pool-c");

	/* Filtered to children only: they still sort within their pool. */
	pane_set_filter(p, "a");
	pane_sort(p, 1, true);
	shown(p, order, sizeof(order));
	assert_string_equal(order, "pool-a,a2,a1,a3");
	pane_set_filter(p, "3"); /* b2 (RTT 30) and a3: no pool row */
	shown(p, order, sizeof(order));
	assert_string_equal(order, "b2,a3");

	pane_free(p);
	store_snapshot_release(snap);
	store_free(s);
}

static void
test_scroll_keeps_selection_visible(void **state)
{
	struct store *s = world();
	struct store_snapshot *snap = store_acquire(s);
	struct pane *p = pane_new(&dns_pane_ops);
	struct lines out = { 0 };

	(void)state;
	pane_set_scope(p, "z1", NULL);
	pane_load(p, snap);
	pane_move(p, 3);
	pane_render(p, 60, 3, true, &out); /* header + 2 rows */
	assert_int_equal(out.n, 3);
	assert_int_equal(p->top, 2);
	assert_non_null(strstr(line_text(&out.v[2]), "2001:db8::1"));
	assert_int_equal(out.v[2].runs[0].role, THEME_ROLE_SELECTION);
	lines_free(&out);
	pane_free(p);
	store_snapshot_release(snap);
	store_free(s);
}

static void
test_pools_origins_monitors_zones_cells(void **state)
{
	struct store *s = world();
	struct store_snapshot *snap = store_acquire(s);
	struct pane *p;
	struct lines out = { 0 };
	char *t;

	(void)state;
	p = pane_new(&pools_pane_ops);
	pane_load(p, snap);
	pane_render(p, 80, 2, false, &out);
	t = text_of(&out);
	/* Health is never claimed without data; the monitor shows by name. */
	assert_non_null(strstr(t, "gpu-east"));
	assert_non_null(strstr(t, "unknown"));
	assert_non_null(strstr(t, "1/2"));
	assert_non_null(strstr(t, "inference health"));
	free(t);
	pane_free(p);

	p = pane_new(&origins_pane_ops);
	pane_set_scope(p, "p1", "gpu-east");
	pane_load(p, snap);
	assert_int_equal(p->nobjs, 2);
	pane_render(p, 80, 3, false, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "10.0.0.2"));
	assert_non_null(strstr(t, "disabled"));
	assert_non_null(strstr(t, "0.5"));
	free(t);
	lines_reset(&out);
	p->ops->detail(pane_selected(p), snap, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "address"));
	/* The row's words and symbol (health_view_origin_state). */
	assert_non_null(strstr(t, "health             ? unknown"));
	free(t);
	pane_free(p);

	p = pane_new(&monitors_pane_ops);
	pane_load(p, snap);
	pane_render(p, 80, 2, false, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "https  inference health"));
	assert_non_null(strstr(t, "/healthz"));
	assert_non_null(strstr(t, "60s"));
	free(t);
	lines_reset(&out);
	p->ops->detail(pane_selected(p), snap, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "used by pools      gpu-east"));
	free(t);
	pane_free(p);

	p = pane_new(&zones_pane_ops);
	pane_load(p, snap);
	pane_render(p, 80, 3, false, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "example.com"));
	assert_non_null(strstr(t, "2024-05-01 10:20"));
	assert_non_null(strstr(t, "pending"));
	free(t);
	pane_free(p);

	lines_free(&out);
	store_snapshot_release(snap);
	store_free(s);
}

/* Item 12 of issue 8: at 250 columns the spare width goes to the column
 * that carries the meaning (MONITOR, FALLBACK), names get what they need. */
static void
test_spare_width_goes_to_meaning(void **state)
{
	struct store *s = world();
	struct store_snapshot *snap;
	struct pane *p;
	struct lines out = { 0 };
	unsigned long e = store_begin(s, STORE_LBS, "z1");
	struct store_res *r = store_res_new(STORE_LBS, STORE_READY, "z1", e);
	struct cf_load_balancer_list *l = calloc(1, sizeof(*l));
	struct cf_error err = { 0 };
	const char *h;

	(void)state;
	l->items = calloc(1, sizeof(*l->items));
	assert_int_equal(
		cf_load_balancer_decode(
			"{\"id\":\"lb1\",\"name\":\"lb.example.com\","
			"\"enabled\":true,\"proxied\":true,"
			"\"default_pools\":[\"p1\"],\"fallback_pool\":\"p1\"}",
			&l->items[0], &err),
		CF_OK);
	l->n = 1;
	store_res_add_page(r, l);
	assert_true(store_publish(s, r));
	store_res_unref(r);
	snap = store_acquire(s);

	p = pane_new(&pools_pane_ops);
	pane_load(p, snap);
	pane_render(p, 250, 2, false, &out);
	h = line_text(&out.v[0]);
	/* NAME keeps its 18 columns ("gpu-east" needs fewer): MONITOR
	 * starts right after MIN, and takes the rest. */
	assert_int_equal(strstr(h, "MONITOR") - h,
			 18 + 1 + 8 + 1 + 9 + 1 + 7 + 1 + 3 + 1);
	assert_int_equal(out.v[1].width, 250);
	pane_free(p);

	p = pane_new(&lbs_pane_ops);
	pane_set_scope(p, "z1", "example.com");
	pane_load(p, snap);
	pane_render(p, 250, 2, false, &out);
	h = line_text(&out.v[0]);
	assert_int_equal(strstr(h, "FALLBACK") - h,
			 24 + 1 + 8 + 1 + 5 + 1 + 11 + 1 + 5 + 1);
	assert_non_null(strstr(line_text(&out.v[1]), "gpu-east"));
	pane_free(p);

	lines_free(&out);
	store_snapshot_release(snap);
	store_free(s);
}

/* Detail lines marked to wrap continue under themselves; words stay whole. */
static void
test_detail_lines_wrap(void **state)
{
	struct lines src = { 0 }, dst = { 0 };
	struct line *l;

	(void)state;
	l = lines_add_kv_wrap(&src, 6, "fix", THEME_ROLE_WARNING,
			      "one two three four five six", true);
	assert_true(l->keep);
	lines_add_kv(&src, 6, "other", "not wrapped at all, cut instead");
	lines_wrap(&src, 18, &dst);
	assert_int_equal(dst.n, 4);
	assert_string_equal(line_text(&dst.v[0]), "fix    one two ");
	assert_string_equal(line_text(&dst.v[1]), "       three four ");
	assert_string_equal(line_text(&dst.v[2]), "       five six");
	for (size_t i = 0; i < 3; i++)
		assert_true(dst.v[i].width <= 18);
	assert_true(dst.v[2].keep);
	assert_false(dst.v[3].keep);
	assert_string_equal(line_text(&dst.v[3]),
			    "other  not wrapped at all, cut instead");
	/* the continuation: the indent, then the value in its role */
	assert_int_equal(dst.v[1].nruns, 2);
	assert_int_equal(dst.v[1].runs[1].role, THEME_ROLE_WARNING);
	lines_free(&src);
	lines_free(&dst);
}

static void
test_registry_lookup(void **state)
{
	(void)state;
	assert_int_equal(pane_lookup("zones"), 0);
	assert_int_equal(pane_lookup("dns"), 1);
	assert_int_equal(pane_lookup("mon"), 5);
	assert_int_equal(pane_lookup("o"), 4);
	assert_int_equal(pane_lookup("nope"), -1);
	assert_int_equal(pane_lookup(""), -1);
}

/* The registry has a pane at every enum pane_index, each found by its
 * own name at its own index, and ends with NULL. */
static void
test_registry_complete(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < PANE_COUNT; i++) {
		assert_non_null(pane_registry[i]);
		assert_int_equal(pane_lookup(pane_registry[i]->name), i);
	}
	assert_null(pane_registry[PANE_COUNT]);
	assert_int_equal(pane_lookup("health"), PANE_HEALTH);
	assert_int_equal(pane_lookup("origins"), PANE_ORIGINS);
}

/* The account picker's list is a pane over rows that are not the store's
 * (rows_src, pane_load with no snapshot), filtered and selected by the
 * generic engine; the marker column is not searched; it is not a tab. */
static void
test_accounts_pane_rows_src(void **state)
{
	static char ida[] = "aaaa1111", idb[] = "bbbb2222", idc[] = "cccc3333";
	static char prod[] = "Production", stag[] = "Staging";
	struct ui_account acc[] = {
		{ .id = ida, .name = prod },
		{ .id = idb, .name = stag },
		{ .id = idc, .name = NULL },
	};
	struct ui_picker pk = { .items = acc, .n = 3, .current = idb };
	struct pane *p = pane_new(&accounts_pane_ops);
	struct lines out = { 0 };
	const struct ui_account *a;

	(void)state;
	assert_int_equal(pane_index(&accounts_pane_ops), -1);
	assert_int_equal(pane_lookup("accounts"), -1);
	p->rows_src = &pk;
	pane_load(p, NULL);
	assert_int_equal(p->nvis, 3);
	assert_null(p->snap);

	pane_move(p, 1);
	a = pane_selected(p);
	assert_ptr_equal(a, &acc[1]);
	/* By name or id, any case; the selection stays when it matches. */
	pane_set_filter(p, "STAG");
	assert_int_equal(p->nvis, 1);
	assert_ptr_equal(pane_selected(p), &acc[1]);
	pane_set_filter(p, "3333");
	assert_int_equal(p->nvis, 1);
	assert_ptr_equal(pane_selected(p), &acc[2]);
	/* The current account's '*' is drawn, not searched. */
	pane_set_filter(p, "*");
	assert_int_equal(p->nvis, 0);
	assert_null(pane_selected(p));
	pane_set_filter(p, NULL);
	assert_int_equal(p->nvis, 3);
	pane_select(p, 9);
	assert_ptr_equal(pane_selected(p), &acc[2]);

	/* " * name  id", in the dialog's role between the cells. */
	pane_render(p, 60, 4, true, &out);
	assert_int_equal(out.n, 4);
	assert_non_null(strstr(line_text(&out.v[2]), " * Staging "));
	assert_non_null(strstr(line_text(&out.v[2]), "Staging  "));
	assert_non_null(strstr(line_text(&out.v[3]), " -  "));
	for (size_t r = 0; r < out.v[1].nruns; r++)
		assert_int_not_equal(out.v[1].runs[r].role, THEME_ROLE_NORMAL);
	assert_int_equal(out.v[1].runs[0].role, THEME_ROLE_DIALOG);
	assert_int_equal(out.v[3].runs[0].role, THEME_ROLE_SELECTION);
	assert_int_equal(out.v[2].width, 60);

	lines_free(&out);
	pane_free(p);
}

/* A whole frame: header, tabs, breadcrumb, list, details, status. */
static void
test_frame_navigation(void **state)
{
	struct store *s = world();
	struct ui ui;
	struct lines out = { 0 };
	char *t;

	(void)state;
	ui_init(&ui, s, NULL);
	ui.info.profile = "demo";
	ui.info.account = "Demo account";
	ui.info.host = "127.0.0.1";
	ui_sync(&ui);
	ui_show(&ui, 0, NULL, NULL, false);
	ui_compose(&ui, 80, 24, &out);
	assert_int_equal(out.n, 24);
	t = text_of(&out);
	assert_non_null(
		strstr(t, " demo \xe2\x94\x82 Demo account \xe2\x94\x82"));
	assert_non_null(strstr(t, " 1 Zones "));
	assert_non_null(strstr(t, "6 Monitors"));
	assert_non_null(strstr(t, "inference.ai"));
	free(t);

	/* Enter on the first zone drills into its records. */
	assert_int_equal(keys_handle(&ui, '\n', false) & CMD_FAILED, 0);
	assert_int_equal(ui.cur, 1);
	ui_compose(&ui, 80, 24, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "Zones \xe2\x80\xba DNS example.com"));
	assert_non_null(strstr(t, "DNS example.com"));
	assert_non_null(strstr(t, "www.example.com"));
	free(t);

	/* '/' filters live, Esc clears, Esc again goes back. */
	keys_handle(&ui, '/', false);
	keys_handle(&ui, 'a', false);
	keys_handle(&ui, 'p', false);
	keys_handle(&ui, 'i', false);
	assert_int_equal(ui_pane(&ui)->nvis, 1);
	keys_handle(&ui, '\r', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);
	assert_string_equal(ui_pane(&ui)->filter, "api");
	keys_handle(&ui, 27, false);
	assert_null(ui_pane(&ui)->filter);
	keys_handle(&ui, 27, false);
	assert_int_equal(ui.cur, 0);

	/* y opens the raw JSON, pretty-printed; q closes it. */
	keys_handle(&ui, 'y', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_VIEWER);
	ui_compose(&ui, 80, 24, &out);
	t = text_of(&out);
	assert_non_null(strstr(t, "JSON: zones example.com"));
	assert_non_null(strstr(t, "\"name\": \"example.com\""));
	free(t);
	keys_handle(&ui, 'q', false);
	assert_int_equal(ui_mode(&ui), UI_MODE_NORMAL);

	/* ':' command with completion. */
	keys_handle(&ui, ':', false);
	keys_handle(&ui, 'm', false);
	keys_handle(&ui, 'o', false);
	keys_handle(&ui, 9, false);
	assert_string_equal(ui.prompt.ed.buf, "monitors ");
	keys_handle(&ui, '\r', false);
	assert_int_equal(ui.cur, 5);
	assert_int_equal(cmd_execute(&ui, "dns inference.ai") & CMD_FAILED, 0);
	assert_int_equal(ui.cur, 1);
	assert_string_equal(ui_pane(&ui)->scope_id, "z2");
	assert_true(cmd_execute(&ui, "dns nope.example") & CMD_FAILED);
	assert_non_null(strstr(ui.status, "no zone called 'nope.example'"));
	assert_true(cmd_execute(&ui, "frobnicate") & CMD_FAILED);
	assert_true(cmd_execute(&ui, "q") & CMD_QUIT);

	/* 80x24 and tiny terminals never overflow. */
	ui_compose(&ui, 20, 6, &out);
	for (size_t i = 0; i < out.n; i++)
		assert_true(out.v[i].width <= 20);

	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_cells_and_width),
		cmocka_unit_test(test_dns_pane_renders_filters_and_sorts),
		cmocka_unit_test(test_sort_keeps_children_under_their_parent),
		cmocka_unit_test(test_scroll_keeps_selection_visible),
		cmocka_unit_test(test_pools_origins_monitors_zones_cells),
		cmocka_unit_test(test_spare_width_goes_to_meaning),
		cmocka_unit_test(test_detail_lines_wrap),
		cmocka_unit_test(test_registry_lookup),
		cmocka_unit_test(test_registry_complete),
		cmocka_unit_test(test_accounts_pane_rows_src),
		cmocka_unit_test(test_frame_navigation),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
