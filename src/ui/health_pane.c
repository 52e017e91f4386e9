/* health_pane.c: the Health pane: every pool and its origins from the live health model (state, RTT trend, reason, age). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/health.h"
#include "ui/fmt.h"
#include "ui/health_view.h"
#include "ui/pane.h"

enum { COL_NAME, COL_STATE, COL_RTT, COL_TREND, COL_CODE, COL_REASON,
       COL_AGE, COL_WEIGHT };

#define TREND_WIDTH 10

static const struct pane_col health_cols[] = {
	[COL_NAME] = { .title = "POOL / ORIGIN", .width = 16, .flex = true },
	[COL_STATE] = { .title = "STATE", .width = 13 },
	[COL_RTT] = { .title = "RTT", .width = 6, .right = true },
	[COL_TREND] = { .title = "TREND", .width = TREND_WIDTH },
	[COL_CODE] = { .title = "CODE", .width = 4, .right = true },
	[COL_REASON] = { .title = "REASON", .width = 16 },
	[COL_AGE] = { .title = "AGE", .width = 4, .right = true },
	[COL_WEIGHT] = { .title = "WT", .width = 4, .right = true },
};

static size_t
health_collect(const struct pane *p, const struct store_snapshot *snap,
	       const void ***objs)
{
	const struct health_snapshot *h = p->health;
	struct health_row *rows;
	size_t n = 0, i, k;

	(void)snap;
	if (h)
		for (i = 0; i < h->npools; i++)
			n += 1 + h->pools[i].norigins;
	/* One block: the pointer array the pane frees, then the rows. */
	*objs = calloc(1, (n ? n : 1) * (sizeof(**objs) + sizeof(*rows)));
	if (!*objs)
		line_oom();
	rows = (struct health_row *)(void *)(*objs + (n ? n : 1));
	n = 0;
	for (i = 0; h && i < h->npools; i++) {
		const struct health_pool *hp = &h->pools[i];

		rows[n].pool = hp;
		snprintf(rows[n].id, sizeof(rows[n].id), "%s",
			 hp->id ? hp->id : "");
		(*objs)[n] = &rows[n];
		n++;
		for (k = 0; k < hp->norigins; k++) {
			rows[n].pool = hp;
			rows[n].origin = &hp->origins[k];
			snprintf(rows[n].id, sizeof(rows[n].id), "%s/%s",
				 hp->id ? hp->id : "",
				 hp->origins[k].name ? hp->origins[k].name
						     : "");
			(*objs)[n] = &rows[n];
			n++;
		}
	}
	return n;
}

/* The pool row's state cell: "● 2/3 healthy"; warning below minimum. */
static enum theme_role
pool_state(const struct health_pool *hp, char *buf, size_t size)
{
	bool ascii = line_is_ascii();

	if (hp->state == HEALTH_DISABLED) {
		health_view_state(HEALTH_DISABLED, ascii, buf, size);
		return THEME_ROLE_DISABLED;
	}
	snprintf(buf, size, "%s %zu/%zu healthy",
		 health_view_symbol(hp->state, ascii), hp->n_healthy,
		 hp->n_enabled);
	if (hp->below_minimum)
		return THEME_ROLE_WARNING;
	return health_view_role(hp->state);
}

static enum theme_role
pool_cell(const struct health_pool *hp, size_t col, char *buf, size_t size)
{
	switch (col) {
	case COL_NAME:
		fmt_str(hp->name, buf, size);
		return THEME_ROLE_HIGHLIGHT;
	case COL_STATE:
		return pool_state(hp, buf, size);
	case COL_REASON:
		if (hp->last_error) {
			fmt_str(hp->last_error, buf, size);
			return THEME_ROLE_ERROR;
		}
		if (!hp->monitor) {
			fmt_str("no monitor", buf, size);
			return THEME_ROLE_DIM;
		}
		if (hp->below_minimum) {
			snprintf(buf, size, "below minimum %d",
				 hp->minimum_origins);
			return THEME_ROLE_WARNING;
		}
		snprintf(buf, size, "minimum %d", hp->minimum_origins);
		return THEME_ROLE_DIM;
	case COL_AGE:
		health_view_age(hp->polled_at, time(NULL), buf, size);
		return THEME_ROLE_DIM;
	default:
		break;
	}
	return THEME_ROLE_NORMAL;
}

static enum theme_role
origin_cell(const struct health_origin *o, size_t col, char *buf,
	    size_t size)
{
	bool ascii = line_is_ascii();

	switch (col) {
	case COL_NAME:
		snprintf(buf, size, "  %s", o->name ? o->name : "-");
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_STATE:
		health_view_state(o->state, ascii, buf, size);
		return health_view_role(o->state);
	case COL_RTT:
		health_view_rtt(o->nrtt > 0, o->nrtt ? o->rtt[o->nrtt - 1] : 0,
				buf, size);
		return THEME_ROLE_NORMAL;
	case COL_TREND:
		health_view_sparkline(o->rtt, o->nrtt, TREND_WIDTH, ascii, buf,
				      size);
		return THEME_ROLE_SPARKLINE;
	case COL_CODE:
		if (o->has_response_code && o->response_code > 0)
			snprintf(buf, size, "%d", o->response_code);
		else
			fmt_str("-", buf, size);
		return o->state == HEALTH_UNHEALTHY ? THEME_ROLE_UNHEALTHY
						    : THEME_ROLE_DIM;
	case COL_REASON:
		if (!o->failure_reason ||
		    !strcmp(o->failure_reason, "No failures")) {
			fmt_str("-", buf, size);
			return THEME_ROLE_DIM;
		}
		fmt_str(o->failure_reason, buf, size);
		return THEME_ROLE_UNHEALTHY;
	case COL_AGE:
		health_view_age(o->changed_at, time(NULL), buf, size);
		return THEME_ROLE_DIM;
	case COL_WEIGHT:
		snprintf(buf, size, "%.2f", o->weight);
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	}
	return THEME_ROLE_NORMAL;
}

static enum theme_role
health_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	    size_t size)
{
	const struct health_row *r = obj;

	(void)p;
	if (r->origin)
		return origin_cell(r->origin, col, buf, size);
	return pool_cell(r->pool, col, buf, size);
}

/* ---- details -------------------------------------------------------------- */

static const struct cf_monitor *
monitor_of(const struct health_pool *hp, const struct store_snapshot *snap)
{
	if (!hp->monitor || !snap)
		return NULL;
	return store_find_monitor(snap, hp->monitor);
}

static void
monitor_lines(const struct cf_monitor *m, struct lines *out)
{
	char b[512], c[64];
	const int w = 18;

	if (!m) {
		lines_add_kv(out, w, "monitor", "not loaded (Monitors: 6)");
		return;
	}
	snprintf(b, sizeof(b), "%s %s %s port %s", m->type ? m->type : "http",
		 m->method ? m->method : "GET", m->path ? m->path : "/",
		 m->port ? fmt_int(m->port, c, sizeof(c)) : "default");
	lines_add_kv(out, w, "monitor", b);
	snprintf(b, sizeof(b), "codes %s, body %s, timeout %ds, retries %d, "
		 "every %ds",
		 m->expected_codes && *m->expected_codes ? m->expected_codes
							  : "200",
		 m->expected_body && *m->expected_body ? m->expected_body : "-",
		 m->timeout, m->retries, m->interval);
	lines_add_kv(out, w, "  expects", b);
	if (m->header.n) {
		size_t i, len = 0;

		b[0] = '\0';
		for (i = 0; i < m->header.n && len < sizeof(b); i++)
			len += (size_t)snprintf(
				b + len, sizeof(b) - len, "%s%s: %s",
				i ? "; " : "", m->header.e[i].name,
				fmt_strv(&m->header.e[i].values, c,
					 sizeof(c)));
		lines_add_kv(out, w, "  headers", b);
	}
	if (m->follow_redirects || m->allow_insecure) {
		snprintf(b, sizeof(b), "%s%s",
			 m->follow_redirects ? "follows redirects " : "",
			 m->allow_insecure ? "allows insecure TLS" : "");
		lines_add_kv(out, w, "  options", b);
	}
}

static void
origin_detail(const struct health_row *r, const struct store_snapshot *snap,
	      struct lines *out)
{
	const struct health_origin *o = r->origin;
	const struct health_view_explain *ex;
	bool ascii = line_is_ascii();
	char b[512], s[64], t[32];
	const int w = 18;
	size_t i;
	struct line *l;

	lines_add_kv(out, w, "origin",
		     o->address ? o->address : (o->name ? o->name : "-"));
	snprintf(b, sizeof(b), "%s, weight %.2f, %s",
		 health_view_state(o->state, ascii, s, sizeof(s)), o->weight,
		 o->enabled ? "enabled" : "disabled");
	lines_add_kv(out, w, "state", b);
	snprintf(b, sizeof(b), "%zu of %zu regions healthy",
		 o->nregions_healthy, o->nregions);
	lines_add_kv(out, w, "regions", b);
	for (i = 0; i < o->nregions; i++) {
		const struct health_region *g = &o->regions[i];
		enum health_state st = g->healthy ? HEALTH_HEALTHY
						  : HEALTH_UNHEALTHY;

		l = lines_add(out);
		line_addf(l, THEME_ROLE_DIM, "  %-16s", g->region && *g->region
							      ? g->region
							      : "(all)");
		line_addf(l, health_view_role(st), "%-12s",
			  health_view_state(st, ascii, s, sizeof(s)));
		line_addf(l, THEME_ROLE_NORMAL, " %6s",
			  health_view_rtt(g->has_rtt, g->rtt_ms, t, sizeof(t)));
		if (g->has_response_code && g->response_code > 0)
			line_addf(l, THEME_ROLE_NORMAL, "  %d", g->response_code);
		if (g->failure_reason)
			line_addf(l, g->healthy ? THEME_ROLE_DIM
						: THEME_ROLE_UNHEALTHY,
				  "  %s", g->failure_reason);
	}
	l = lines_add(out);
	line_addf(l, THEME_ROLE_DIM, "%-*s ", w, "recent RTT");
	line_add(l, THEME_ROLE_SPARKLINE,
		 health_view_sparkline(o->rtt, o->nrtt, HEALTH_RTT_SAMPLES,
				       ascii, b, sizeof(b)));
	if (o->nrtt) {
		double lo = o->rtt[0], hi = o->rtt[0];

		for (i = 1; i < o->nrtt; i++) {
			lo = fmin(lo, o->rtt[i]);
			hi = fmax(hi, o->rtt[i]);
		}
		line_addf(l, THEME_ROLE_DIM, "  %zu samples, %.1f..%.1f ms",
			  o->nrtt, lo, hi);
	}
	monitor_lines(monitor_of(r->pool, snap), out);
	ex = health_view_explain(o->failure_reason);
	if (ex) {
		lines_add_kv(out, w, "failure", ex->reason);
		lines_add_kv(out, w, "  usually means", ex->meaning);
		lines_add_kv(out, w, "  how to fix", ex->fix);
	}
}

static void
pool_detail(const struct health_row *r, const struct store_snapshot *snap,
	    struct lines *out)
{
	const struct health_pool *hp = r->pool;
	bool ascii = line_is_ascii();
	char b[256], s[64];
	const int w = 18;

	pool_state(hp, s, sizeof(s));
	snprintf(b, sizeof(b), "%s of %zu enabled (%zu unknown), minimum %d%s",
		 s, hp->n_enabled, hp->n_unknown, hp->minimum_origins,
		 hp->below_minimum ? ": BELOW MINIMUM" : "");
	lines_add_kv(out, w, "health", b);
	lines_add_kv(out, w, "pool", hp->enabled ? "enabled" : "disabled");
	lines_add_kv(out, w, "id", hp->id);
	lines_add_kv(out, w, "last poll",
		     hp->polled_at ? health_view_age(hp->polled_at, time(NULL),
						     s, sizeof(s))
				   : "never");
	if (hp->last_error)
		lines_add_kv(out, w, "poll error", hp->last_error);
	monitor_lines(monitor_of(hp, snap), out);
	(void)ascii;
}

static void
health_detail(const void *obj, const struct store_snapshot *snap,
	      struct lines *out)
{
	const struct health_row *r = obj;

	if (r->origin)
		origin_detail(r, snap, out);
	else
		pool_detail(r, snap, out);
}

static const char *
health_id(const void *obj)
{
	return ((const struct health_row *)obj)->id;
}

static const char *
health_label(const void *obj)
{
	const struct health_row *r = obj;

	if (r->origin)
		return r->origin->name;
	return r->pool->name;
}

/* Origins stay under their pool when the pane is sorted. */
static bool
health_is_child(const void *obj)
{
	return ((const struct health_row *)obj)->origin != NULL;
}

const struct pane_ops health_pane_ops = {
	.name = "health",
	.title = "Health",
	.kind = STORE_POOLS,
	.live = true,
	.cols = health_cols,
	.ncols = sizeof(health_cols) / sizeof(health_cols[0]),
	.collect = health_collect,
	.cell = health_cell,
	.detail = health_detail,
	.raw = NULL,
	.id = health_id,
	.label = health_label,
	.is_child = health_is_child,
};
