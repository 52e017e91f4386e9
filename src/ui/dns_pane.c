/* dns_pane.c: the DNS records pane: the records of one zone, streamed in as pages arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"
#include "ui/field_lines.h"

enum { COL_TYPE, COL_NAME, COL_CONTENT, COL_TTL, COL_PROXIED };

static const struct pane_col dns_cols[] = {
	[COL_TYPE] = { .title = "TYPE", .width = 6 },
	[COL_NAME] = { .title = "NAME", .width = 26, .flex = true },
	[COL_CONTENT] = { .title = "CONTENT", .width = 28 },
	[COL_TTL] = { .title = "TTL",
		      .width = 5,
		      .right = true,
		      .numeric = true },
	[COL_PROXIED] = { .title = "PROXY", .width = 5 },
};

static size_t
dns_collect(const struct pane *p, const struct store_snapshot *snap,
	    const void ***objs)
{
	const struct store_res *r = snap->res[STORE_DNS];
	size_t i, n = 0;

	*objs = xcalloc(r->n ? r->n : 1, sizeof(**objs));
	if (!p->scope_id || !r->scope_id || strcmp(p->scope_id, r->scope_id))
		return 0;
	for (i = 0; i < r->n; i++)
		(*objs)[n++] = store_dns(r, i);
	return n;
}

static enum theme_role
dns_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	 size_t size)
{
	const struct cf_dns_record *d = obj;

	switch (col) {
	case COL_TYPE:
		field_cell(FIELD_RES_DNS, "type", obj, p->snap, buf, size);
		return THEME_ROLE_HIGHLIGHT;
	case COL_NAME:
		field_cell(FIELD_RES_DNS, "name", obj, p->snap, buf, size);
		break;
	case COL_CONTENT:
		field_cell(FIELD_RES_DNS, "content", obj, p->snap, buf, size);
		break;
	case COL_TTL:
		/* "auto" (1) sorts first: strtod("auto") is 0. */
		field_cell(FIELD_RES_DNS, "ttl", obj, p->snap, buf, size);
		break;
	case COL_PROXIED:
		field_cell(FIELD_RES_DNS, "proxied", obj, p->snap, buf, size);
		if (!d->has_proxied)
			return THEME_ROLE_DIM;
		return d->proxied ? THEME_ROLE_PROXIED : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
dns_detail(const void *obj, const struct store_snapshot *snap,
	   struct lines *out)
{
	/* Every field of the record's table, the zone from snap. */
	field_lines_detail(FIELD_RES_DNS, obj, snap, 12, out);
}

static const char *
dns_raw(const void *obj)
{
	return ((const struct cf_dns_record *)obj)->raw;
}

static const char *
dns_id(const void *obj)
{
	return ((const struct cf_dns_record *)obj)->id;
}

static const char *
dns_label(const void *obj)
{
	return ((const struct cf_dns_record *)obj)->name;
}

/* Its zone's records. */
static size_t
dns_needs(const struct pane *p, struct pane_need *need)
{
	need[0] = (struct pane_need){ STORE_DNS, p->scope_id };
	return 1;
}

const struct pane_ops dns_pane_ops = {
	.name = "dns",
	.title = "DNS",
	.kind = STORE_DNS,
	.needs_scope = true,
	.cols = dns_cols,
	.ncols = sizeof(dns_cols) / sizeof(dns_cols[0]),
	.collect = dns_collect,
	.cell = dns_cell,
	.detail = dns_detail,
	.raw = dns_raw,
	.id = dns_id,
	.label = dns_label,
	.needs = dns_needs,
	.scope_from = &zones_pane_ops,
	.scope_selects = true,
	.forms = true,
	.res = FIELD_RES_DNS,
};
