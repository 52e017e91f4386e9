/* monitors_pane.c: the Monitors pane: every health monitor of the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"
#include "ui/field_lines.h"

enum {
	COL_TYPE,
	COL_DESC,
	COL_METHOD,
	COL_PATH,
	COL_PORT,
	COL_INTERVAL,
	COL_EXPECT
};

static const struct pane_col monitors_cols[] = {
	[COL_TYPE] = { .title = "TYPE", .width = 6 },
	[COL_DESC] = { .title = "DESCRIPTION", .width = 18, .flex = true },
	[COL_METHOD] = { .title = "METHOD", .width = 6 },
	[COL_PATH] = { .title = "PATH", .width = 14 },
	[COL_PORT] = { .title = "PORT",
		       .width = 5,
		       .right = true,
		       .numeric = true },
	[COL_INTERVAL] = { .title = "EVERY",
			   .width = 5,
			   .right = true,
			   .numeric = true },
	[COL_EXPECT] = { .title = "EXPECT", .width = 7 },
};

static size_t
monitors_collect(const struct pane *p, const struct store_snapshot *snap,
		 const void ***objs)
{
	const struct store_res *r = snap->res[STORE_MONITORS];
	size_t i;

	(void)p;
	*objs = xcalloc(r->n ? r->n : 1, sizeof(**objs));
	for (i = 0; i < r->n; i++)
		(*objs)[i] = store_monitor(r, i);
	return r->n;
}

static enum theme_role
monitors_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	      size_t size)
{
	static const char *const names[] = {
		[COL_TYPE] = "type",
		[COL_DESC] = "description",
		[COL_METHOD] = "method",
		[COL_PATH] = "path",
		[COL_PORT] = "port",
		[COL_INTERVAL] = "interval",
		[COL_EXPECT] = "expected_codes",
	};

	if (col >= sizeof(names) / sizeof(names[0]))
		return THEME_ROLE_NORMAL;
	field_cell(FIELD_RES_MONITOR, names[col], obj, p->snap, buf, size);
	return col == COL_TYPE ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL;
}

static void
monitors_detail(const void *obj, const struct store_snapshot *snap,
		struct lines *out)
{
	/* Every field of the monitor's table; "used by pools" from snap. */
	field_lines_detail(FIELD_RES_MONITOR, obj, snap, 18, out);
}

static const char *
monitors_raw(const void *obj)
{
	return ((const struct cf_monitor *)obj)->raw;
}

static const char *
monitors_id(const void *obj)
{
	return ((const struct cf_monitor *)obj)->id;
}

static const char *
monitors_label(const void *obj)
{
	const struct cf_monitor *m = obj;

	return m->description && *m->description ? m->description : m->id;
}

/* The monitors, and the pools (which pools use each). */
static size_t
monitors_needs(const struct pane *p, struct pane_need *need)
{
	(void)p;
	need[0] = (struct pane_need){ STORE_MONITORS, NULL };
	need[1] = (struct pane_need){ STORE_POOLS, NULL };
	return 2;
}

const struct pane_ops monitors_pane_ops = {
	.name = "monitors",
	.title = "Monitors",
	.kind = STORE_MONITORS,
	.cols = monitors_cols,
	.ncols = sizeof(monitors_cols) / sizeof(monitors_cols[0]),
	.collect = monitors_collect,
	.cell = monitors_cell,
	.detail = monitors_detail,
	.raw = monitors_raw,
	.id = monitors_id,
	.label = monitors_label,
	.needs = monitors_needs,
	.forms = true,
	.res = FIELD_RES_MONITOR,
};
