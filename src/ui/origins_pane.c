/* origins_pane.c: the Origins pane: the origins of one pool, with health from the live health model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/health.h"
#include "ui/fmt.h"
#include "ui/health_view.h"
#include "ui/pane.h"

enum { COL_NAME, COL_ADDRESS, COL_STATE, COL_WEIGHT, COL_HEALTH, COL_HOST };

static const struct pane_col origins_cols[] = {
	[COL_NAME] = { .title = "NAME", .width = 14, .flex = true },
	[COL_ADDRESS] = { .title = "ADDRESS", .width = 22 },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_WEIGHT] = { .title = "WEIGHT", .width = 6, .right = true,
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

	*objs = calloc(pool && pool->norigins ? pool->norigins : 1,
		       sizeof(**objs));
	if (!*objs)
		line_oom();
	if (!pool)
		return 0;
	for (i = 0; i < pool->norigins; i++)
		(*objs)[i] = &pool->origins[i];
	return pool->norigins;
}

/* The health model's view of origin o of the pane's pool, or NULL. */
static const struct health_origin *
health_of(const struct pane *p, const struct cf_origin *o)
{
	const struct health_pool *hp;
	size_t i;

	if (!p->health || !p->scope_id)
		return NULL;
	hp = health_snapshot_find_pool(p->health, p->scope_id);
	for (i = 0; hp && i < hp->norigins; i++)
		if (hp->origins[i].name && o->name &&
		    !strcmp(hp->origins[i].name, o->name))
			return &hp->origins[i];
	return NULL;
}

static enum theme_role
origins_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	     size_t size)
{
	const struct cf_origin *o = obj;

	switch (col) {
	case COL_NAME:
		fmt_str(o->name, buf, size);
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_ADDRESS:
		fmt_str(o->address, buf, size);
		break;
	case COL_STATE:
		fmt_str(o->enabled ? "enabled" : "disabled", buf, size);
		return o->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_WEIGHT:
		fmt_num(o->weight, buf, size);
		break;
	case COL_HEALTH: {
		/* From the poller's model; else what the list carried; else
		 * unknown, never "healthy". */
		const struct health_origin *h = health_of(p, o);
		enum health_state st = HEALTH_UNKNOWN;

		if (!o->enabled)
			st = HEALTH_DISABLED;
		else if (h)
			st = h->state == HEALTH_DISABLED ? HEALTH_UNKNOWN
							 : h->state;
		else if (o->has_healthy)
			st = o->healthy ? HEALTH_HEALTHY : HEALTH_UNHEALTHY;
		health_view_state(st, line_is_ascii(), buf, size);
		return health_view_role(st);
	}
	case COL_HOST:
		fmt_str(o->header_host.n ? o->header_host.v[0] : "-", buf,
			size);
		return o->header_host.n ? THEME_ROLE_NORMAL : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
origins_detail(const void *obj, const struct store_snapshot *snap,
	       struct lines *out)
{
	const struct cf_origin *o = obj;
	char b[1024];
	const int w = 18;

	(void)snap;
	lines_add_kv(out, w, "name", o->name);
	lines_add_kv(out, w, "address", o->address);
	lines_add_kv(out, w, "enabled", fmt_bool(o->enabled, b, sizeof(b)));
	lines_add_kv(out, w, "weight", fmt_num(o->weight, b, sizeof(b)));
	lines_add_kv(out, w, "health",
		     o->has_healthy ? (o->healthy ? "healthy" : "unhealthy")
				    : "unknown");
	lines_add_kv(out, w, "header Host",
		     fmt_strv(&o->header_host, b, sizeof(b)));
	lines_add_kv(out, w, "virtual network", o->virtual_network_id);
	lines_add_kv(out, w, "disabled at", o->disabled_at);
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
	.raw = origins_raw,
	.id = origins_id,
	.label = origins_id,
};
