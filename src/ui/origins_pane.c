/* origins_pane.c: the Origins pane: the origins of one pool, with health from the live health model. */
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
#include "ui/field_lines.h"

enum { COL_NAME, COL_ADDRESS, COL_STATE, COL_WEIGHT, COL_HEALTH, COL_HOST };

static const struct pane_col origins_cols[] = {
	[COL_NAME] = { .title = "NAME", .width = 14, .flex = true },
	[COL_ADDRESS] = { .title = "ADDRESS", .width = 22 },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_WEIGHT] = { .title = "WEIGHT",
			 .width = 6,
			 .right = true,
			 .numeric = true },
	[COL_HEALTH] = { .title = "HEALTH", .width = 11 },
	[COL_HOST] = { .title = "HOST HEADER", .width = 14 },
};

static size_t
origins_collect(const struct pane *p, const struct store_snapshot *snap,
		const void ***objs)
{
	const struct cf_pool *pool = store_find_pool(snap, p->scope_id);
	size_t i;

	*objs = xcalloc(pool && pool->norigins ? pool->norigins : 1,
			sizeof(**objs));
	if (!pool)
		return 0;
	for (i = 0; i < pool->norigins; i++)
		(*objs)[i] = &pool->origins[i];
	return pool->norigins;
}

static enum theme_role
origins_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	     size_t size)
{
	const struct cf_origin *o = obj;

	switch (col) {
	case COL_NAME:
		field_cell(FIELD_RES_ORIGIN, "name", obj, p->snap, buf, size);
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_ADDRESS:
		field_cell(FIELD_RES_ORIGIN, "address", obj, p->snap, buf,
			   size);
		break;
	case COL_STATE:
		fmt_str(o->enabled ? "enabled" : "disabled", buf, size);
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_WEIGHT:
		field_cell(FIELD_RES_ORIGIN, "weight", obj, p->snap, buf, size);
		break;
	case COL_HEALTH: {
		/* The same state as the detail, Health and `health`. */
		const struct health_origin *ho;
		enum health_state st = health_view_origin_state(
			p->health, p->scope_id, o, &ho);
		const struct health_pool *hp =
			ho ? health_snapshot_find_pool(p->health, p->scope_id)
			   : NULL;

		health_view_state(st, line_is_ascii(), buf, size);
		/* Old data is not drawn as if it were current. */
		if (hp && health_pool_stale(hp, time(NULL), NULL))
			return THEME_ROLE_DIM;
		return health_view_role(st);
	}
	case COL_HOST:
		field_cell(FIELD_RES_ORIGIN, "header.Host", obj, p->snap, buf,
			   size);
		return o->header_host.n ? THEME_ROLE_NORMAL : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

/* Without a pane (no live health): what the pool list carried. */
static void origins_detail(const void *obj, const struct store_snapshot *snap,
			   struct lines *out);

static void
origins_detail_in(const struct pane *p, const void *obj,
		  const struct store_snapshot *snap, struct lines *out)
{
	const struct cf_origin *o = obj;
	const struct field_table *t = fields_table(FIELD_RES_ORIGIN);
	const struct health_origin *ho;
	enum health_state st;
	char b[1024], s[64];
	const int w = 18;
	size_t i;

	/* The row's state, in words: one source for both (and for Health
	 * and `health --json`). */
	st = health_view_origin_state(p ? p->health : NULL,
				      p ? p->scope_id : NULL, o, &ho);
	/* The origin's fields, with its health after the weight. */
	for (i = 0; i < t->n; i++) {
		field_lines_one(FIELD_RES_ORIGIN, t->v[i].name, obj, snap, w,
				out);
		if (strcmp(t->v[i].name, "weight"))
			continue;
		if (ho && st == HEALTH_UNHEALTHY && ho->failure_reason)
			snprintf(b, sizeof(b), "%s (%s)",
				 health_view_state(st, line_is_ascii(), s,
						   sizeof(s)),
				 ho->failure_reason);
		else
			health_view_state(st, line_is_ascii(), b, sizeof(b));
		lines_add_kv(out, w, "health", b);
	}
}

static void
origins_detail(const void *obj, const struct store_snapshot *snap,
	       struct lines *out)
{
	origins_detail_in(NULL, obj, snap, out);
}

static const char *
origins_raw(const void *obj)
{
	return ((const struct cf_origin *)obj)->raw;
}

static const char *
origins_id(const void *obj)
{
	return ((const struct cf_origin *)obj)->name;
}

const struct pane_ops origins_pane_ops = {
	.name = "origins",
	.title = "Origins",
	.kind = STORE_POOLS,
	.needs_scope = true,
	.cols = origins_cols,
	.ncols = sizeof(origins_cols) / sizeof(origins_cols[0]),
	.collect = origins_collect,
	.cell = origins_cell,
	.detail = origins_detail,
	.detail_in = origins_detail_in,
	.raw = origins_raw,
	.id = origins_id,
	.label = origins_id,
	.needs = pane_needs_pools,
	.scope_from = &pools_pane_ops,
	.unscoped_text = "no pool selected: pick one in Pools (4)",
	.origin_rows = true,
	.request = oncall_origin_request,
};
