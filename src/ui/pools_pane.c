/* pools_pane.c: the Pools pane: every pool of the account, or the pools one load balancer uses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/xmem.h"
#include "cfconsole/timefmt.h"
#include "cfconsole/health.h"
#include "ui/fmt.h"
#include "ui/health_view.h"
#include "ui/pane.h"
#include "ui/field_lines.h"

enum { COL_NAME, COL_STATE, COL_HEALTH, COL_ORIGINS, COL_MIN, COL_MONITOR };

/* Spare width goes to MONITOR (what checks the pool), then names as long
 * as they are (pane.h). */
static const struct pane_col pools_cols[] = {
	[COL_NAME] = { .title = "NAME", .width = 18, .fit = true },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_HEALTH] = { .title = "HEALTH", .width = 9 },
	[COL_ORIGINS] = { .title = "ORIGINS", .width = 7, .right = true },
	[COL_MIN] = { .title = "MIN",
		      .width = 3,
		      .right = true,
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

	*objs = xcalloc(r->n ? r->n : 1, sizeof(**objs));
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

static enum theme_role
pools_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	   size_t size)
{
	const struct cf_pool *pool = obj;

	switch (col) {
	case COL_NAME:
		field_cell(FIELD_RES_POOL, "name", obj, p->snap, buf, size);
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
		/* enabled/all */
		field_cell(FIELD_RES_POOL, "origins", obj, p->snap, buf, size);
		break;
	case COL_MIN:
		field_cell(FIELD_RES_POOL, "minimum_origins", obj, p->snap, buf,
			   size);
		break;
	case COL_MONITOR:
		field_cell(FIELD_RES_POOL, "monitor", obj, p->snap, buf, size);
		return pool->monitor ? THEME_ROLE_NORMAL : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
pools_detail(const void *obj, const struct store_snapshot *snap,
	     struct lines *out)
{
	/* Every field of the pool's table: the monitor by name (from snap),
	 * one line per origin. */
	field_lines_detail(FIELD_RES_POOL, obj, snap, 22, out);
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

static const char *
pools_pool_id(const void *obj)
{
	return ((const struct cf_pool *)obj)->id;
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
	.needs = pane_needs_pools,
	.below = &origins_pane_ops,
	.pool_id = pools_pool_id,
	.forms = true,
	.res = FIELD_RES_POOL,
};
