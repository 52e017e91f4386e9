/* pools_pane.c: the Pools pane: every pool of the account, or the pools one load balancer uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/timefmt.h"
#include "cfconsole/health.h"
#include "ui/fmt.h"
#include "ui/health_view.h"
#include "ui/pane.h"

enum { COL_NAME, COL_STATE, COL_HEALTH, COL_ORIGINS, COL_MIN, COL_MONITOR };

/* Spare width goes to MONITOR (what checks the pool), then names as long
 * as they are (pane.h). */
static const struct pane_col pools_cols[] = {
	[COL_NAME] = { .title = "NAME", .width = 18, .fit = true },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_HEALTH] = { .title = "HEALTH", .width = 9 },
	[COL_ORIGINS] = { .title = "ORIGINS", .width = 7, .right = true },
	[COL_MIN] = { .title = "MIN", .width = 3, .right = true,
		      .numeric = true },
	[COL_MONITOR] = { .title = "MONITOR", .width = 22, .flex = true },
};

static bool
strv_has(const struct cf_strv *v, const char *s)
{
	size_t i;

	for (i = 0; s && i < v->n; i++)
		if (v->v[i] && !strcmp(v->v[i], s))
			return true;
	return false;
}

static bool
map_has(const struct cf_pool_map *m, const char *s)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strv_has(&m->e[i].pool_ids, s))
			return true;
	return false;
}

/* Does load balancer lb use pool id? */
static bool
lb_uses(const struct cf_load_balancer *lb, const char *id)
{
	return strv_has(&lb->default_pools, id) ||
	       (lb->fallback_pool && id && !strcmp(lb->fallback_pool, id)) ||
	       map_has(&lb->region_pools, id) ||
	       map_has(&lb->country_pools, id) || map_has(&lb->pop_pools, id);
}

static size_t
pools_collect(const struct pane *p, const struct store_snapshot *snap,
	      const void ***objs)
{
	const struct store_res *r = snap->res[STORE_POOLS];
	const struct store_res *lbs = snap->res[STORE_LBS];
	const struct cf_load_balancer *lb = NULL;
	size_t i, n = 0;

	*objs = calloc(r->n ? r->n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
	if (p->scope_id) {
		for (i = 0; i < lbs->n; i++)
			if (store_lb(lbs, i)->id &&
			    !strcmp(store_lb(lbs, i)->id, p->scope_id))
				lb = store_lb(lbs, i);
		if (!lb)
			return 0;
	}
	for (i = 0; i < r->n; i++)
		if (!lb || lb_uses(lb, store_pool(r, i)->id))
			(*objs)[n++] = store_pool(r, i);
	return n;
}

static const char *
monitor_label(const struct store_snapshot *snap, const char *id, char *buf,
	      size_t size)
{
	const struct cf_monitor *m = snap ? store_find_monitor(snap, id) : NULL;

	if (!id)
		return fmt_str("-", buf, size);
	if (!m)
		return fmt_str(id, buf, size);
	if (m->description && *m->description)
		return fmt_str(m->description, buf, size);
	snprintf(buf, size, "%s %s", m->type ? m->type : "?",
		 m->path ? m->path : "");
	return buf;
}

static enum theme_role
pools_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	   size_t size)
{
	const struct cf_pool *pool = obj;
	size_t i, on = 0;

	switch (col) {
	case COL_NAME:
		fmt_str(pool->name, buf, size);
		return pool->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_STATE:
		fmt_str(pool->enabled ? "enabled" : "disabled", buf, size);
		return pool->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_HEALTH: {
		/* The live model first (once polled); never "healthy" when
		 * nobody said so. */
		const struct health_pool *hp =
			p->health && pool->id
				? health_snapshot_find_pool(p->health, pool->id)
				: NULL;

		if (hp && (hp->has_health || hp->state == HEALTH_DISABLED)) {
			fmt_str(health_pool_state_name(hp->state), buf, size);
			return health_pool_stale(hp, time(NULL), NULL)
				       ? THEME_ROLE_DIM
				       : health_view_role(hp->state);
		}
		if (!pool->has_healthy) {
			fmt_str("unknown", buf, size);
			return THEME_ROLE_UNKNOWN;
		}
		fmt_str(pool->healthy ? "healthy" : "unhealthy", buf, size);
		return pool->healthy ? THEME_ROLE_HEALTHY
				     : THEME_ROLE_UNHEALTHY;
	}
	case COL_ORIGINS:
		for (i = 0; i < pool->norigins; i++)
			on += pool->origins[i].enabled;
		snprintf(buf, size, "%zu/%zu", on, pool->norigins);
		break;
	case COL_MIN:
		fmt_int(pool->minimum_origins, buf, size);
		break;
	case COL_MONITOR:
		monitor_label(p->snap, pool->monitor, buf, size);
		return pool->monitor ? THEME_ROLE_NORMAL : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
pools_detail(const void *obj, const struct store_snapshot *snap,
	     struct lines *out)
{
	const struct cf_pool *pool = obj;
	char tbuf[64];
	char b[1024];
	const int w = 22;
	size_t i;

	lines_add_kv(out, w, "id", pool->id);
	lines_add_kv(out, w, "name", pool->name);
	lines_add_kv(out, w, "description", pool->description);
	lines_add_kv(out, w, "enabled", fmt_bool(pool->enabled, b, sizeof(b)));
	lines_add_kv(out, w, "healthy",
		     pool->has_healthy ? fmt_bool(pool->healthy, b, sizeof(b))
				       : "unknown");
	lines_add_kv(out, w, "disabled at", pool->disabled_at);
	lines_add_kv(out, w, "minimum origins",
		     fmt_int(pool->minimum_origins, b, sizeof(b)));
	lines_add_kv(out, w, "monitor",
		     pool->monitor ? monitor_label(snap, pool->monitor, b,
						   sizeof(b))
				   : NULL);
	lines_add_kv(out, w, "monitor id", pool->monitor);
	lines_add_kv(out, w, "check regions",
		     pool->has_check_regions
			     ? fmt_strv(&pool->check_regions, b, sizeof(b))
			     : "all data centres");
	if (pool->has_latitude || pool->has_longitude) {
		snprintf(b, sizeof(b), "%g, %g", pool->latitude,
			 pool->longitude);
		lines_add_kv(out, w, "latitude, longitude", b);
	} else {
		lines_add_kv(out, w, "latitude, longitude", NULL);
	}
	lines_add_kv(out, w, "notification email", pool->notification_email);
	if (pool->has_notification_filter) {
		snprintf(b, sizeof(b), "origin disable=%s healthy=%s; "
			 "pool disable=%s healthy=%s",
			 pool->nf_origin.disable ? "yes" : "no",
			 pool->nf_origin.has_healthy
				 ? (pool->nf_origin.healthy ? "yes" : "no")
				 : "any",
			 pool->nf_pool.disable ? "yes" : "no",
			 pool->nf_pool.has_healthy
				 ? (pool->nf_pool.healthy ? "yes" : "no")
				 : "any");
		lines_add_kv(out, w, "notification filter", b);
	}
	snprintf(b, sizeof(b), "default %g%% %s, session %g%% %s",
		 pool->ls_default_percent,
		 pool->ls_default_policy ? pool->ls_default_policy : "-",
		 pool->ls_session_percent,
		 pool->ls_session_policy ? pool->ls_session_policy : "-");
	lines_add_kv(out, w, "load shedding", b);
	lines_add_kv(out, w, "origin steering", pool->origin_steering_policy);
	for (i = 0; i < pool->norigins; i++) {
		const struct cf_origin *o = &pool->origins[i];
		char key[64];

		snprintf(key, sizeof(key), "origin %s", o->name ? o->name : "?");
		snprintf(b, sizeof(b), "%s weight %g %s",
			 o->address ? o->address : "-", o->weight,
			 o->enabled ? "enabled" : "disabled");
		lines_add_kv(out, w, key, b);
	}
	lines_add_kv(out, w, "created",
		     timefmt_api(pool->created_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "modified",
		     timefmt_api(pool->modified_on, NULL, tbuf, sizeof(tbuf)));
}

static const char *
pools_raw(const void *obj)
{
	return ((const struct cf_pool *)obj)->raw;
}

static const char *
pools_id(const void *obj)
{
	return ((const struct cf_pool *)obj)->id;
}

static const char *
pools_label(const void *obj)
{
	return ((const struct cf_pool *)obj)->name;
}

const struct pane_ops pools_pane_ops = {
	.name = "pools",
	.title = "Pools",
	.kind = STORE_POOLS,
	.cols = pools_cols,
	.ncols = sizeof(pools_cols) / sizeof(pools_cols[0]),
	.collect = pools_collect,
	.cell = pools_cell,
	.detail = pools_detail,
	.raw = pools_raw,
	.id = pools_id,
	.label = pools_label,
};
