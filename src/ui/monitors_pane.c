/* monitors_pane.c: the Monitors pane: every health monitor of the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"

enum { COL_TYPE, COL_DESC, COL_METHOD, COL_PATH, COL_PORT, COL_INTERVAL,
       COL_EXPECT };

static const struct pane_col monitors_cols[] = {
	[COL_TYPE] = { .title = "TYPE", .width = 6 },
	[COL_DESC] = { .title = "DESCRIPTION", .width = 18, .flex = true },
	[COL_METHOD] = { .title = "METHOD", .width = 6 },
	[COL_PATH] = { .title = "PATH", .width = 14 },
	[COL_PORT] = { .title = "PORT", .width = 5, .right = true,
		       .numeric = true },
	[COL_INTERVAL] = { .title = "EVERY", .width = 5, .right = true,
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
	*objs = calloc(r->n ? r->n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
	for (i = 0; i < r->n; i++)
		(*objs)[i] = store_monitor(r, i);
	return r->n;
}

static enum theme_role
monitors_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	      size_t size)
{
	const struct cf_monitor *m = obj;

	(void)p;
	switch (col) {
	case COL_TYPE:
		fmt_str(m->type, buf, size);
		return THEME_ROLE_HIGHLIGHT;
	case COL_DESC:
		fmt_str(m->description && *m->description ? m->description
							  : "-",
			buf, size);
		break;
	case COL_METHOD:
		fmt_str(m->method ? m->method : "-", buf, size);
		break;
	case COL_PATH:
		fmt_str(m->path ? m->path : "-", buf, size);
		break;
	case COL_PORT:
		if (m->port)
			fmt_int(m->port, buf, size);
		else
			fmt_str("-", buf, size);
		break;
	case COL_INTERVAL:
		snprintf(buf, size, "%ds", m->interval);
		break;
	case COL_EXPECT:
		fmt_str(m->expected_codes ? m->expected_codes : "-", buf, size);
		break;
	}
	return THEME_ROLE_NORMAL;
}

static void
monitors_detail(const void *obj, const struct store_snapshot *snap,
		struct lines *out)
{
	const struct cf_monitor *m = obj;
	const struct store_res *pools = snap ? snap->res[STORE_POOLS] : NULL;
	char tbuf[64];
	char b[1024], key[64];
	const int w = 18;
	size_t i, used = 0, len = 0;

	lines_add_kv(out, w, "id", m->id);
	lines_add_kv(out, w, "type", m->type);
	lines_add_kv(out, w, "description", m->description);
	lines_add_kv(out, w, "method", m->method);
	lines_add_kv(out, w, "path", m->path);
	lines_add_kv(out, w, "port", m->port ? fmt_int(m->port, b, sizeof(b))
					     : "0 (default)");
	lines_add_kv(out, w, "expected codes", m->expected_codes);
	lines_add_kv(out, w, "expected body", m->expected_body);
	for (i = 0; i < m->header.n; i++) {
		snprintf(key, sizeof(key), "header %s", m->header.e[i].name);
		lines_add_kv(out, w, key,
			     fmt_strv(&m->header.e[i].values, b, sizeof(b)));
	}
	lines_add_kv(out, w, "timeout", fmt_int(m->timeout, b, sizeof(b)));
	lines_add_kv(out, w, "retries", fmt_int(m->retries, b, sizeof(b)));
	lines_add_kv(out, w, "interval", fmt_int(m->interval, b, sizeof(b)));
	lines_add_kv(out, w, "consecutive up",
		     fmt_int(m->consecutive_up, b, sizeof(b)));
	lines_add_kv(out, w, "consecutive down",
		     fmt_int(m->consecutive_down, b, sizeof(b)));
	lines_add_kv(out, w, "follow redirects",
		     fmt_bool(m->follow_redirects, b, sizeof(b)));
	lines_add_kv(out, w, "allow insecure",
		     fmt_bool(m->allow_insecure, b, sizeof(b)));
	lines_add_kv(out, w, "probe zone", m->probe_zone);
	b[0] = '\0';
	for (i = 0; pools && i < pools->n && len + 1 < sizeof(b); i++) {
		const struct cf_pool *pool = store_pool(pools, i);

		if (pool->monitor && m->id && !strcmp(pool->monitor, m->id)) {
			int k = snprintf(b + len, sizeof(b) - len, "%s%s",
					 used++ ? ", " : "",
					 pool->name ? pool->name : pool->id);

			if (k > 0)
				len += (size_t)k;
		}
	}
	lines_add_kv(out, w, "used by pools", used ? b : NULL);
	lines_add_kv(out, w, "created",
		     timefmt_api(m->created_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "modified",
		     timefmt_api(m->modified_on, NULL, tbuf, sizeof(tbuf)));
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
};
