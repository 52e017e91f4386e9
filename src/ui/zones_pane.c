/* zones_pane.c: the Zones pane: every zone of the account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"

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
	*objs = calloc(r->n ? r->n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
	for (i = 0; i < r->n; i++)
		(*objs)[i] = store_zone(r, i);
	return r->n;
}

static enum theme_role
zones_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	   size_t size)
{
	const struct cf_zone *z = obj;

	(void)p;
	switch (col) {
	case COL_NAME:
		fmt_str(z->name, buf, size);
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
		fmt_str(z->type ? z->type : "-", buf, size);
		break;
	case COL_PLAN:
		fmt_str(z->plan_name ? z->plan_name : "-", buf, size);
		break;
	case COL_MODIFIED:
		fmt_time(z->modified_on, buf, size);
		return THEME_ROLE_DIM;
	}
	return THEME_ROLE_NORMAL;
}

static void
zones_detail(const void *obj, const struct store_snapshot *snap,
	     struct lines *out)
{
	const struct cf_zone *z = obj;
	char tbuf[64];
	char b[1024];
	const int w = 22;

	(void)snap;
	lines_add_kv(out, w, "id", z->id);
	lines_add_kv(out, w, "name", z->name);
	lines_add_kv(out, w, "status", z->status);
	lines_add_kv(out, w, "paused", fmt_bool(z->paused, b, sizeof(b)));
	lines_add_kv(out, w, "type", z->type);
	lines_add_kv(out, w, "plan", z->plan_name);
	lines_add_kv(out, w, "account", z->account_name);
	lines_add_kv(out, w, "account id", z->account_id);
	lines_add_kv(out, w, "owner", z->owner_name);
	lines_add_kv(out, w, "owner id", z->owner_id);
	lines_add_kv(out, w, "owner type", z->owner_type);
	lines_add_kv(out, w, "name servers",
		     fmt_strv(&z->name_servers, b, sizeof(b)));
	lines_add_kv(out, w, "original name servers",
		     fmt_strv(&z->original_name_servers, b, sizeof(b)));
	lines_add_kv(out, w, "vanity name servers",
		     fmt_strv(&z->vanity_name_servers, b, sizeof(b)));
	lines_add_kv(out, w, "original registrar", z->original_registrar);
	lines_add_kv(out, w, "original DNS host", z->original_dnshost);
	lines_add_kv(out, w, "development mode",
		     fmt_num(z->development_mode, b, sizeof(b)));
	lines_add_kv(out, w, "meta cdn_only",
		     fmt_bool(z->meta_cdn_only, b, sizeof(b)));
	lines_add_kv(out, w, "meta dns_only",
		     fmt_bool(z->meta_dns_only, b, sizeof(b)));
	lines_add_kv(out, w, "meta foundation_dns",
		     fmt_bool(z->meta_foundation_dns, b, sizeof(b)));
	lines_add_kv(out, w, "meta phishing_detected",
		     fmt_bool(z->meta_phishing_detected, b, sizeof(b)));
	lines_add_kv(out, w, "meta cert quota",
		     fmt_num(z->meta_custom_certificate_quota, b, sizeof(b)));
	lines_add_kv(out, w, "meta page rule quota",
		     fmt_num(z->meta_page_rule_quota, b, sizeof(b)));
	lines_add_kv(out, w, "meta step", fmt_num(z->meta_step, b, sizeof(b)));
	lines_add_kv(out, w, "created",
		     timefmt_api(z->created_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "modified",
		     timefmt_api(z->modified_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "activated", z->activated_on);
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
};
