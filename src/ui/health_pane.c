/* health_pane.c: the Health pane: every pool and its origins from the live health model (state, RTT trend, reason, age). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/xmem.h"
#include "cfconsole/health.h"
#include "ui/fmt.h"
#include "ui/health_view.h"
#include "ui/oncall.h"
#include "ui/pane.h"
#include "ui/ui.h"

enum {
	COL_NAME,
	COL_STATE,
	COL_RTT,
	COL_TREND,
	COL_CODE,
	COL_REASON,
	COL_AGE,
	COL_WEIGHT
};

#define TREND_WIDTH 10

/* Spare width goes to REASON (what is wrong), then names as long as they
 * are; never more to names (pane.h). */
static const struct pane_col health_cols[] = {
	[COL_NAME] = { .title = "POOL / ORIGIN", .width = 16, .fit = true },
	[COL_STATE] = { .title = "STATE", .width = 13 },
	[COL_RTT] = { .title = "RTT", .width = 6, .right = true },
	[COL_TREND] = { .title = "TREND", .width = TREND_WIDTH },
	[COL_CODE] = { .title = "CODE", .width = 4, .right = true },
	[COL_REASON] = { .title = "REASON", .width = 16, .flex = true },
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
	*objs = xcalloc(1, (n ? n : 1) * (sizeof(**objs) + sizeof(*rows)));
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

/*
 * The pool row's state: "◐ 2 healthy of 3", "✖ 1 healthy of 3 (2
 * disabled)", in the state's role (healthy, degraded, critical), dim when
 * the data is stale.
 */
static enum theme_role
pool_state(const struct health_pool *hp, bool stale, char *buf, size_t size)
{
	bool ascii = line_is_ascii();
	char sum[96];

	if (hp->state == HEALTH_DISABLED) {
		snprintf(buf, size, "%s pool disabled",
			 health_view_symbol(HEALTH_DISABLED, ascii));
		return THEME_ROLE_DISABLED;
	}
	snprintf(buf, size, "%s %s", health_view_symbol(hp->state, ascii),
		 health_pool_summary(hp, sum, sizeof(sum)));
	return stale ? THEME_ROLE_DIM : health_view_role(hp->state);
}

/* "stale 2m: " before a reason when the pool's data is stale, else "". */
static const char *
stale_prefix(const struct health_pool *hp, char *buf, size_t size)
{
	char age[16];
	long a;

	buf[0] = '\0';
	if (health_pool_stale(hp, time(NULL), &a))
		snprintf(buf, size, "stale %s: ",
			 health_view_age(time(NULL) - a, time(NULL), age,
					 sizeof(age)));
	return buf;
}

static enum theme_role
pool_cell(const struct health_pool *hp, size_t col, char *buf, size_t size)
{
	char pre[32];
	bool stale = *stale_prefix(hp, pre, sizeof(pre)) != '\0';

	switch (col) {
	case COL_NAME:
		fmt_str(hp->name, buf, size);
		return THEME_ROLE_HIGHLIGHT;
	case COL_STATE:
		return pool_state(hp, stale, buf, size);
	case COL_REASON:
		if (hp->last_error) {
			snprintf(buf, size, "%s%s", pre, hp->last_error);
			return THEME_ROLE_ERROR;
		}
		if (!hp->monitor) {
			snprintf(buf, size, "%sno monitor", pre);
			return stale ? THEME_ROLE_WARNING : THEME_ROLE_DIM;
		}
		if (hp->below_minimum) {
			snprintf(buf, size, "%sbelow minimum %d", pre,
				 hp->minimum_origins);
			return stale ? THEME_ROLE_WARNING
				     : THEME_ROLE_UNHEALTHY;
		}
		snprintf(buf, size, "%sminimum %d", pre, hp->minimum_origins);
		return stale ? THEME_ROLE_WARNING : THEME_ROLE_DIM;
	case COL_AGE:
		health_view_age(hp->polled_at, time(NULL), buf, size);
		return stale ? THEME_ROLE_WARNING : THEME_ROLE_DIM;
	default:
		break;
	}
	return THEME_ROLE_NORMAL;
}

static enum theme_role
origin_cell(const struct health_pool *hp, const struct health_origin *o,
	    size_t col, char *buf, size_t size)
{
	bool ascii = line_is_ascii();
	char pre[32];
	bool stale = *stale_prefix(hp, pre, sizeof(pre)) != '\0';
	double ms = 0;
	bool has_rtt;

	switch (col) {
	case COL_NAME:
		snprintf(buf, size, "  %s", o->name ? o->name : "-");
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_STATE:
		health_view_state(o->state, ascii, buf, size);
		return stale ? THEME_ROLE_DIM : health_view_role(o->state);
	case COL_RTT:
		/* A disabled origin is not checked: no RTT now, whatever
		 * the trend remembers. */
		has_rtt = o->enabled && health_origin_rtt(o, &ms);
		health_view_rtt(has_rtt, ms, buf, size);
		return stale ? THEME_ROLE_DIM : THEME_ROLE_NORMAL;
	case COL_TREND:
		health_view_rtt_trend(o->rtt, o->nrtt, TREND_WIDTH, ascii, buf,
				      size);
		return stale ? THEME_ROLE_DIM : THEME_ROLE_SPARKLINE;
	case COL_CODE:
		if (o->has_response_code && o->response_code > 0)
			snprintf(buf, size, "%d", o->response_code);
		else
			fmt_str("-", buf, size);
		return o->state == HEALTH_UNHEALTHY && !stale
			       ? THEME_ROLE_UNHEALTHY
			       : THEME_ROLE_DIM;
	case COL_REASON:
		if (o->enabled && o->failure_reason &&
		    strcmp(o->failure_reason, "No failures")) {
			snprintf(buf, size, "%s%s", pre, o->failure_reason);
			return stale ? THEME_ROLE_WARNING
				     : THEME_ROLE_UNHEALTHY;
		}
		if (stale && o->enabled) {
			snprintf(buf, size, "%.*s", (int)strlen(pre) - 2, pre);
			return THEME_ROLE_WARNING;
		}
		fmt_str("-", buf, size);
		return THEME_ROLE_DIM;
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
		return origin_cell(r->pool, r->origin, col, buf, size);
	return pool_cell(r->pool, col, buf, size);
}

/* A pool row's summary covers the columns only origins use. */
static size_t
health_span(const struct pane *p, const void *obj, size_t col)
{
	const struct health_row *r = obj;

	(void)p;
	return !r->origin && col == COL_STATE ? COL_REASON - COL_STATE : 1;
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
	snprintf(b, sizeof(b),
		 "codes %s, body %s, timeout %ds, retries %d, "
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
				fmt_strv(&m->header.e[i].values, c, sizeof(c)));
		lines_add_kv(out, w, "  headers", b);
	}
	if (m->follow_redirects || m->allow_insecure) {
		snprintf(b, sizeof(b), "%s%s",
			 m->follow_redirects ? "follows redirects " : "",
			 m->allow_insecure ? "allows insecure TLS" : "");
		lines_add_kv(out, w, "  options", b);
	}
}

/* "data 2m old (stale: polled every 10s)" when stale, else NULL. */
static const char *
stale_note(const struct health_pool *hp, char *buf, size_t size)
{
	char age[16];
	long a;

	if (!health_pool_stale(hp, time(NULL), &a))
		return NULL;
	snprintf(buf, size, "data %s old: stale (expected every %.0fs)",
		 health_view_age(time(NULL) - a, time(NULL), age, sizeof(age)),
		 hp->monitor && hp->poll_every > 0 ? hp->poll_every
						   : hp->config_every);
	return buf;
}

/*
 * An origin: what is wrong and what to do first (wrapped, and the detail
 * area grows to show it: no key needed), then where, the regions, the
 * trend and the monitor.
 */
static void
origin_detail(const struct health_row *r, const struct store_snapshot *snap,
	      struct lines *out)
{
	const struct health_origin *o = r->origin;
	const struct health_view_explain *ex;
	bool ascii = line_is_ascii();
	char b[512], s[64], t[32];
	const int w = 18;
	size_t i, n = 0;
	struct line *l;
	double lo = INFINITY, hi = -INFINITY;

	snprintf(b, sizeof(b), "%s, weight %.2f, %s",
		 health_view_state(o->state, ascii, s, sizeof(s)), o->weight,
		 o->enabled ? "enabled" : "disabled");
	lines_add_kv_wrap(out, w, "state", health_view_role(o->state), b,
			  false);
	if (stale_note(r->pool, b, sizeof(b)))
		lines_add_kv_wrap(out, w, "  as of", THEME_ROLE_WARNING, b,
				  true);
	ex = o->enabled ? health_view_explain(o->failure_reason) : NULL;
	if (o->enabled && o->failure_reason &&
	    strcmp(o->failure_reason, "No failures")) {
		if (o->has_response_code)
			snprintf(b, sizeof(b), "%s (HTTP %d)",
				 o->failure_reason, o->response_code);
		else
			snprintf(b, sizeof(b), "%s", o->failure_reason);
		lines_add_kv_wrap(out, w, "failure", THEME_ROLE_UNHEALTHY, b,
				  true);
	}
	if (ex) {
		lines_add_kv_wrap(out, w, "  usually means", THEME_ROLE_NORMAL,
				  ex->meaning, true);
		lines_add_kv_wrap(out, w, "  how to fix", THEME_ROLE_NORMAL,
				  ex->fix, true);
	}
	lines_add_kv(out, w, "origin",
		     o->address ? o->address : (o->name ? o->name : "-"));
	snprintf(b, sizeof(b), "%zu of %zu regions healthy",
		 o->nregions_healthy, o->nregions);
	lines_add_kv(out, w, "regions", b);
	for (i = 0; i < o->nregions; i++) {
		const struct health_region *g = &o->regions[i];
		enum health_state st =
			g->healthy ? HEALTH_HEALTHY : HEALTH_UNHEALTHY;

		l = lines_add(out);
		line_addf(l, THEME_ROLE_DIM, "  %-16s",
			  g->region && *g->region ? g->region : "(all)");
		line_addf(l, health_view_role(st), "%-12s",
			  health_view_state(st, ascii, s, sizeof(s)));
		line_addf(l, THEME_ROLE_NORMAL, " %6s",
			  health_view_rtt(g->has_rtt, g->rtt_ms, t, sizeof(t)));
		line_addf(l, THEME_ROLE_NORMAL, "  %3s",
			  g->has_response_code
				  ? fmt_int(g->response_code, t, sizeof(t))
				  : "-");
		if (g->failure_reason)
			line_addf(l,
				  g->healthy ? THEME_ROLE_DIM
					     : THEME_ROLE_UNHEALTHY,
				  "  %s", g->failure_reason);
	}
	l = lines_add(out);
	line_addf(l, THEME_ROLE_DIM, "%-*s ", w, "recent RTT");
	line_add(l, THEME_ROLE_SPARKLINE,
		 health_view_rtt_trend(o->rtt, o->nrtt, HEALTH_RTT_SAMPLES,
				       ascii, b, sizeof(b)));
	for (i = 0; i < o->nrtt; i++) {
		if (isnan(o->rtt[i]))
			continue;
		lo = fmin(lo, o->rtt[i]);
		hi = fmax(hi, o->rtt[i]);
		n++;
	}
	if (o->nrtt)
		line_addf(l, THEME_ROLE_DIM, "  %zu check%s", o->nrtt,
			  o->nrtt == 1 ? "" : "s");
	if (n)
		line_addf(l, THEME_ROLE_DIM, ", %.1f..%.1f ms", lo, hi);
	if (n < o->nrtt)
		line_addf(l, THEME_ROLE_DIM, ", %zu without an answer",
			  o->nrtt - n);
	monitor_lines(monitor_of(r->pool, snap), out);
}

static void
pool_detail(const struct health_row *r, const struct store_snapshot *snap,
	    struct lines *out)
{
	const struct health_pool *hp = r->pool;
	bool ascii = line_is_ascii();
	char b[256], s[96], sum[96];
	const int w = 18;

	snprintf(b, sizeof(b), "%s %s: %s, minimum %d",
		 health_view_symbol(hp->state, ascii),
		 health_pool_state_name(hp->state),
		 health_pool_summary(hp, sum, sizeof(sum)),
		 hp->minimum_origins);
	lines_add_kv_wrap(out, w, "health", health_view_role(hp->state), b,
			  false);
	if (stale_note(hp, b, sizeof(b)))
		lines_add_kv_wrap(out, w, "  as of", THEME_ROLE_WARNING, b,
				  true);
	if (hp->below_minimum) {
		snprintf(b, sizeof(b),
			 "fewer than %d healthy: load "
			 "balancers fail over to their next pool",
			 hp->minimum_origins);
		lines_add_kv_wrap(out, w, "  BELOW MINIMUM",
				  THEME_ROLE_UNHEALTHY, b, true);
	}
	lines_add_kv(out, w, "pool", hp->enabled ? "enabled" : "disabled");
	lines_add_kv(out, w, "id", hp->id);
	lines_add_kv(out, w, "last poll",
		     hp->polled_at ? health_view_age(hp->polled_at, time(NULL),
						     s, sizeof(s))
				   : "never");
	if (hp->last_error)
		lines_add_kv_wrap(out, w, "poll error", THEME_ROLE_ERROR,
				  hp->last_error, true);
	monitor_lines(monitor_of(hp, snap), out);
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

static const char *
health_pool_id(const void *obj)
{
	return ((const struct health_row *)obj)->pool->id;
}

/* Health's rows come from the poller: an empty list waits for it. */
static const char *
health_empty_text(const struct pane *p, bool poller)
{
	(void)p;
	return poller ? "waiting for the first health poll..."
		      : "the health poller is not running";
}

/* v: the event log under the list instead of the selection's detail. */
static bool
health_lower(const struct pane *p, struct ui *ui, size_t rows,
	     struct lines *out, const char **title)
{
	(void)p;
	if (!ui->show_events)
		return false;
	*title = "events, newest first (v: details)";
	oncall_events_lines(ui, rows, out);
	return true;
}

/* The rows come from the health poller (polled), which watches the pools:
 * kind is what the title's loading state and r's reload are about. */
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
	.span = health_span,
	.needs = pane_needs_pools,
	.empty_text = health_empty_text,
	.polled = true,
	.pool_id = health_pool_id,
	.request = oncall_origin_request,
	.lower = health_lower,
};
