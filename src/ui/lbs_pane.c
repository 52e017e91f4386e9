/* lbs_pane.c: the Load balancers pane: the load balancers of one zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/commands.h"
#include "ui/pane.h"
#include "ui/res.h"
#include "ui/field_lines.h"

enum {
	COL_NAME,
	COL_STATE,
	COL_PROXIED,
	COL_STEERING,
	COL_POOLS,
	COL_FALLBACK
};

/* Spare width goes to FALLBACK (where traffic goes when all else fails),
 * then hostnames as long as they are (pane.h). */
static const struct pane_col lbs_cols[] = {
	[COL_NAME] = { .title = "HOSTNAME", .width = 24, .fit = true },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_PROXIED] = { .title = "PROXY", .width = 5 },
	[COL_STEERING] = { .title = "STEERING", .width = 11 },
	[COL_POOLS] = { .title = "POOLS",
			.width = 5,
			.right = true,
			.numeric = true },
	[COL_FALLBACK] = { .title = "FALLBACK", .width = 16, .flex = true },
};

static size_t
lbs_collect(const struct pane *p, const struct store_snapshot *snap,
	    const void ***objs)
{
	const struct store_res *r = snap->res[STORE_LBS];
	size_t i, n = 0;

	*objs = xcalloc(r->n ? r->n : 1, sizeof(**objs));
	if (!p->scope_id || !r->scope_id || strcmp(p->scope_id, r->scope_id))
		return 0;
	for (i = 0; i < r->n; i++)
		(*objs)[n++] = store_lb(r, i);
	return n;
}

static enum theme_role
lbs_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	 size_t size)
{
	const struct cf_load_balancer *lb = obj;

	switch (col) {
	case COL_NAME:
		field_cell(FIELD_RES_LB, "name", obj, p->snap, buf, size);
		return lb->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_STATE:
		fmt_str(lb->enabled ? "enabled" : "disabled", buf, size);
		return lb->enabled ? THEME_ROLE_HEALTHY : THEME_ROLE_DISABLED;
	case COL_PROXIED:
		field_cell(FIELD_RES_LB, "proxied", obj, p->snap, buf, size);
		return lb->proxied ? THEME_ROLE_PROXIED : THEME_ROLE_DIM;
	case COL_STEERING:
		field_cell(FIELD_RES_LB, "steering_policy", obj, p->snap, buf,
			   size);
		break;
	case COL_POOLS:
		/* how many default pools (the detail names them) */
		fmt_int((long)lb->default_pools.n, buf, size);
		break;
	case COL_FALLBACK:
		field_cell(FIELD_RES_LB, "fallback_pool", obj, p->snap, buf,
			   size);
		break;
	}
	return THEME_ROLE_NORMAL;
}

static void
lbs_detail(const void *obj, const struct store_snapshot *snap,
	   struct lines *out)
{
	/* Every field of the load balancer's table, pools by name. */
	field_lines_detail(FIELD_RES_LB, obj, snap, 22, out);
}

static const char *
lbs_raw(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->raw;
}

static const char *
lbs_id(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->id;
}

static const char *
lbs_label(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->name;
}

/* Its zone's load balancers, and the pools (names of their pools). */
static size_t
lbs_needs(const struct pane *p, struct pane_need *need)
{
	need[0] = (struct pane_need){ STORE_LBS, p->scope_id };
	need[1] = (struct pane_need){ STORE_POOLS, NULL };
	return 2;
}

/* space enables or disables the selected load balancer. */
static unsigned
lbs_request(struct ui *ui, const char *cmd, const char *args)
{
	if (!strcmp(cmd, "toggle"))
		return res_lb_toggle(ui, args);
	return CMD_PASS;
}

const struct pane_ops lbs_pane_ops = {
	.name = "lbs",
	.title = "Load balancers",
	.kind = STORE_LBS,
	.needs_scope = true,
	.cols = lbs_cols,
	.ncols = sizeof(lbs_cols) / sizeof(lbs_cols[0]),
	.collect = lbs_collect,
	.cell = lbs_cell,
	.detail = lbs_detail,
	.raw = lbs_raw,
	.id = lbs_id,
	.label = lbs_label,
	.needs = lbs_needs,
	.scope_from = &zones_pane_ops,
	.scope_selects = true,
	.below = &pools_pane_ops,
	.forms = true,
	.res = FIELD_RES_LB,
	.request = lbs_request,
};
