/* dns_pane.c: the DNS records pane: the records of one zone, streamed in as pages arrive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"

enum { COL_TYPE, COL_NAME, COL_CONTENT, COL_TTL, COL_PROXIED };

static const struct pane_col dns_cols[] = {
	[COL_TYPE] = { .title = "TYPE", .width = 6 },
	[COL_NAME] = { .title = "NAME", .width = 26, .flex = true },
	[COL_CONTENT] = { .title = "CONTENT", .width = 28 },
	[COL_TTL] = { .title = "TTL", .width = 5, .right = true,
		      .numeric = true },
	[COL_PROXIED] = { .title = "PROXY", .width = 5 },
};

static size_t
dns_collect(const struct pane *p, const struct store_snapshot *snap,
	    const void ***objs)
{
	const struct store_res *r = snap->res[STORE_DNS];
	size_t i, n = 0;

	*objs = calloc(r->n ? r->n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
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

	(void)p;
	switch (col) {
	case COL_TYPE:
		fmt_str(d->type, buf, size);
		return THEME_ROLE_HIGHLIGHT;
	case COL_NAME:
		fmt_str(d->name, buf, size);
		break;
	case COL_CONTENT:
		fmt_str(d->content, buf, size);
		break;
	case COL_TTL:
		/* "auto" (1) sorts first: strtod("auto") is 0. */
		fmt_ttl(d->ttl, buf, size);
		break;
	case COL_PROXIED:
		if (!d->has_proxied) {
			fmt_str("-", buf, size);
			return THEME_ROLE_DIM;
		}
		fmt_str(d->proxied ? "on" : "off", buf, size);
		return d->proxied ? THEME_ROLE_PROXIED : THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
dns_detail(const void *obj, const struct store_snapshot *snap,
	   struct lines *out)
{
	const struct cf_dns_record *d = obj;
	const struct cf_zone *z = NULL;
	char tbuf[64];
	char b[1024];
	const int w = 12;

	lines_add_kv(out, w, "id", d->id);
	lines_add_kv(out, w, "type", d->type);
	lines_add_kv(out, w, "name", d->name);
	lines_add_kv(out, w, "content", d->content);
	lines_add_kv(out, w, "proxied",
		     d->has_proxied ? fmt_bool(d->proxied, b, sizeof(b))
				    : "-");
	lines_add_kv(out, w, "proxiable", fmt_bool(d->proxiable, b, sizeof(b)));
	lines_add_kv(out, w, "ttl", fmt_ttl(d->ttl, b, sizeof(b)));
	lines_add_kv(out, w, "priority",
		     d->has_priority ? fmt_num(d->priority, b, sizeof(b))
				     : NULL);
	lines_add_kv(out, w, "comment", d->comment);
	lines_add_kv(out, w, "tags", fmt_strv(&d->tags, b, sizeof(b)));
	lines_add_kv(out, w, "data", d->data_json);
	lines_add_kv(out, w, "auto added",
		     fmt_bool(d->meta_auto_added, b, sizeof(b)));
	lines_add_kv(out, w, "source", d->meta_source);
	if (snap)
		z = store_find_zone(snap, snap->res[STORE_DNS]->scope_id);
	lines_add_kv(out, w, "zone", z ? z->name : NULL);
	lines_add_kv(out, w, "created",
		     timefmt_api(d->created_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "modified",
		     timefmt_api(d->modified_on, NULL, tbuf, sizeof(tbuf)));
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
};
