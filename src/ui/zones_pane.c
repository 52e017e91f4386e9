/* zones_pane.c: the Zones pane: every zone of the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"
#include "ui/field_lines.h"

enum { COL_NAME, COL_STATUS, COL_TYPE, COL_PLAN, COL_MODIFIED };

static const struct pane_col zones_cols[] = {
	[COL_NAME] = { .title = "NAME", .width = 24, .flex = true },
	[COL_STATUS] = { .title = "STATUS", .width = 9 },
	[COL_TYPE] = { .title = "TYPE", .width = 8 },
	[COL_PLAN] = { .title = "PLAN", .width = 14 },
	[COL_MODIFIED] = { .title = "MODIFIED", .width = 16 },
};

static size_t
zones_collect(const struct pane *p, const struct store_snapshot *snap,
	      const void ***objs)
{
	const struct store_res *r = snap->res[STORE_ZONES];
	size_t i;

	(void)p;
	*objs = xcalloc(r->n ? r->n : 1, sizeof(**objs));
	for (i = 0; i < r->n; i++)
		(*objs)[i] = store_zone(r, i);
	return r->n;
}

static enum theme_role
zones_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	   size_t size)
{
	const struct cf_zone *z = obj;

	switch (col) {
	case COL_NAME:
		field_cell(FIELD_RES_ZONE, "name", obj, p->snap, buf, size);
		return z->paused ? THEME_ROLE_DISABLED : THEME_ROLE_NORMAL;
	case COL_STATUS:
		fmt_str(z->paused ? "paused" : (z->status ? z->status : "-"),
			buf, size);
		if (z->paused)
			return THEME_ROLE_DISABLED;
		return z->status && !strcmp(z->status, "active")
			       ? THEME_ROLE_HEALTHY
			       : THEME_ROLE_WARNING;
	case COL_TYPE:
		field_cell(FIELD_RES_ZONE, "type", obj, p->snap, buf, size);
		break;
	case COL_PLAN:
		field_cell(FIELD_RES_ZONE, "plan.name", obj, p->snap, buf,
			   size);
		break;
	case COL_MODIFIED:
		field_cell(FIELD_RES_ZONE, "modified_on", obj, p->snap, buf,
			   size);
		return THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
zones_detail(const void *obj, const struct store_snapshot *snap,
	     struct lines *out)
{
	/* Every field of the zone's (read-only) table. */
	field_lines_detail(FIELD_RES_ZONE, obj, snap, 22, out);
}

static const char *
zones_raw(const void *obj)
{
	return ((const struct cf_zone *)obj)->raw;
}

static const char *
zones_id(const void *obj)
{
	return ((const struct cf_zone *)obj)->id;
}

static const char *
zones_label(const void *obj)
{
	return ((const struct cf_zone *)obj)->name;
}

const struct pane_ops zones_pane_ops = {
	.name = "zones",
	.title = "Zones",
	.kind = STORE_ZONES,
	.cols = zones_cols,
	.ncols = sizeof(zones_cols) / sizeof(zones_cols[0]),
	.collect = zones_collect,
	.cell = zones_cell,
	.detail = zones_detail,
	.raw = zones_raw,
	.id = zones_id,
	.label = zones_label,
	.below = &dns_pane_ops,
};
