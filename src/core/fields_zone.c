/* fields_zone.c: the zone field table (read-only: the console lists zones, it does not change them). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fields_impl.h"

#define ZONE(o) ((const struct cf_zone *)(o))

static void
zone_free(void *o)
{
	cf_zone_free(o);
}

static enum cf_status
zone_copy(void *d, const void *s)
{
	return cf_zone_copy(d, s);
}

static enum cf_status
zone_decode(const char *json, void *out, struct cf_error *err)
{
	return cf_zone_decode(json, out, err);
}

static void
zone_init(void *o)
{
	memset(o, 0, sizeof(struct cf_zone));
}

static const char *
zone_id(const void *o)
{
	return ZONE(o)->id;
}

static const char *
zone_label(const void *o)
{
	return ZONE(o)->name ? ZONE(o)->name : "(zone)";
}

/* activated_on is shown as the API sent it (as it always was). */
#define OFF(m) offsetof(struct cf_zone, m)
#define RO_TEXT .kind = FIELD_TEXT, .flags = FIELD_RO, .store = FIELD_S_OPT
#define RO_BOOL .kind = FIELD_BOOL, .flags = FIELD_RO, .store = FIELD_S_BOOL
#define RO_NUM .kind = FIELD_NUMBER, .flags = FIELD_RO, .store = FIELD_S_NUM
#define RO_LIST .kind = FIELD_TEXT, .flags = FIELD_RO, .store = FIELD_S_LIST

static const struct field zone_fields[] = {
	{ .name = "id", .column = "ID", RO_TEXT, .off = OFF(id) },
	{ .name = "name", .column = "NAME", RO_TEXT, .off = OFF(name) },
	{ .name = "status", .column = "STATUS", RO_TEXT, .off = OFF(status) },
	{ .name = "paused", .column = "PAUSED", RO_BOOL, .off = OFF(paused) },
	{ .name = "type", RO_TEXT, .off = OFF(type) },
	{ .name = "plan.name",
	  .key = "plan",
	  .column = "PLAN",
	  RO_TEXT,
	  .off = OFF(plan_name) },
	{ .name = "account.name",
	  .key = "account",
	  RO_TEXT,
	  .off = OFF(account_name) },
	{ .name = "account.id",
	  .key = "account id",
	  RO_TEXT,
	  .off = OFF(account_id) },
	{ .name = "owner.name",
	  .key = "owner",
	  RO_TEXT,
	  .off = OFF(owner_name) },
	{ .name = "owner.id",
	  .key = "owner id",
	  RO_TEXT,
	  .off = OFF(owner_id) },
	{ .name = "owner.type",
	  .key = "owner type",
	  RO_TEXT,
	  .off = OFF(owner_type) },
	{ .name = "name_servers",
	  .key = "name servers",
	  RO_LIST,
	  .off = OFF(name_servers) },
	{ .name = "original_name_servers",
	  .key = "original name servers",
	  RO_LIST,
	  .off = OFF(original_name_servers) },
	{ .name = "vanity_name_servers",
	  .key = "vanity name servers",
	  RO_LIST,
	  .off = OFF(vanity_name_servers) },
	{ .name = "original_registrar",
	  .key = "original registrar",
	  RO_TEXT,
	  .off = OFF(original_registrar) },
	{ .name = "original_dnshost",
	  .key = "original DNS host",
	  RO_TEXT,
	  .off = OFF(original_dnshost) },
	{ .name = "development_mode",
	  .key = "development mode",
	  RO_NUM,
	  .off = OFF(development_mode) },
	{ .name = "meta.cdn_only",
	  .key = "meta cdn_only",
	  RO_BOOL,
	  .off = OFF(meta_cdn_only) },
	{ .name = "meta.dns_only",
	  .key = "meta dns_only",
	  RO_BOOL,
	  .off = OFF(meta_dns_only) },
	{ .name = "meta.foundation_dns",
	  .key = "meta foundation_dns",
	  RO_BOOL,
	  .off = OFF(meta_foundation_dns) },
	{ .name = "meta.phishing_detected",
	  .key = "meta phishing_detected",
	  RO_BOOL,
	  .off = OFF(meta_phishing_detected) },
	{ .name = "meta.custom_certificate_quota",
	  .key = "meta cert quota",
	  RO_NUM,
	  .off = OFF(meta_custom_certificate_quota) },
	{ .name = "meta.page_rule_quota",
	  .key = "meta page rule quota",
	  RO_NUM,
	  .off = OFF(meta_page_rule_quota) },
	{ .name = "meta.step",
	  .key = "meta step",
	  RO_NUM,
	  .off = OFF(meta_step) },
	{ .name = "created_on",
	  .key = "created",
	  RO_TEXT,
	  .off = OFF(created_on),
	  .show = fi_show_time },
	{ .name = "modified_on",
	  .key = "modified",
	  .column = "MODIFIED",
	  RO_TEXT,
	  .off = OFF(modified_on),
	  .show = fi_show_time },
	{ .name = "activated_on",
	  .key = "activated",
	  RO_TEXT,
	  .off = OFF(activated_on) },
};

#undef RO_TEXT
#undef RO_BOOL
#undef RO_NUM
#undef RO_LIST
#undef OFF

static const char *const zone_ls[] = { "name",	    "status", "paused",
				       "plan.name", "id",     NULL };

const struct field_table fields_zone_table = {
	.res = FIELD_RES_ZONE,
	.name = "zone",
	.title = "zone",
	.v = zone_fields,
	.n = sizeof(zone_fields) / sizeof(zone_fields[0]),
	.size = sizeof(struct cf_zone),
	.all = 0,
	.ls = zone_ls,
	.init = zone_init,
	.free = zone_free,
	.copy = zone_copy,
	.decode = zone_decode,
	.id = zone_id,
	.label = zone_label,
};
