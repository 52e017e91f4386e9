/* zones.c: zone codec and the zone list/get operations. */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

/* per_page 5..50 for /zones (NOTES.md): the maximum means fewest requests. */
#define ZONES_PER_PAGE 50

enum cf_status
cf_zone_from_cjson(const cJSON *o, struct cf_zone *out, struct cf_error *err)
{
	const cJSON *account = NULL, *owner = NULL, *meta = NULL, *plan = NULL;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "zone", err))
		return err->status;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "name", &out->name, err) ||
	    cf_json_get_str(o, "status", &out->status, err) ||
	    cf_json_get_bool(o, "paused", &out->paused, NULL, err) ||
	    cf_json_get_str(o, "type", &out->type, err) ||
	    cf_json_get_obj(o, "account", &account, err) ||
	    cf_json_get_str(account, "id", &out->account_id, err) ||
	    cf_json_get_str(account, "name", &out->account_name, err) ||
	    cf_json_get_obj(o, "owner", &owner, err) ||
	    cf_json_get_str(owner, "id", &out->owner_id, err) ||
	    cf_json_get_str(owner, "name", &out->owner_name, err) ||
	    cf_json_get_str(owner, "type", &out->owner_type, err) ||
	    cf_json_get_strv(o, "name_servers", &out->name_servers, NULL,
			     err) ||
	    cf_json_get_strv(o, "original_name_servers",
			     &out->original_name_servers, NULL, err) ||
	    cf_json_get_strv(o, "vanity_name_servers",
			     &out->vanity_name_servers, NULL, err) ||
	    cf_json_get_str(o, "original_registrar", &out->original_registrar,
			    err) ||
	    cf_json_get_str(o, "original_dnshost", &out->original_dnshost,
			    err) ||
	    cf_json_get_num(o, "development_mode", &out->development_mode, NULL,
			    err) ||
	    cf_json_get_obj(o, "meta", &meta, err) ||
	    cf_json_get_bool(meta, "cdn_only", &out->meta_cdn_only, NULL,
			     err) ||
	    cf_json_get_bool(meta, "dns_only", &out->meta_dns_only, NULL,
			     err) ||
	    cf_json_get_bool(meta, "foundation_dns", &out->meta_foundation_dns,
			     NULL, err) ||
	    cf_json_get_bool(meta, "phishing_detected",
			     &out->meta_phishing_detected, NULL, err) ||
	    cf_json_get_num(meta, "custom_certificate_quota",
			    &out->meta_custom_certificate_quota, NULL, err) ||
	    cf_json_get_num(meta, "page_rule_quota", &out->meta_page_rule_quota,
			    NULL, err) ||
	    cf_json_get_num(meta, "step", &out->meta_step, NULL, err) ||
	    cf_json_get_obj(o, "plan", &plan, err) ||
	    cf_json_get_str(plan, "name", &out->plan_name, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_str(o, "modified_on", &out->modified_on, err) ||
	    cf_json_get_str(o, "activated_on", &out->activated_on, err))
		goto fail;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_zone_free(out);
	return err->status;
}

/* ---- operations ---------------------------------------------------------- */

/* Typed adapters of the zone descriptor (see cf/call.h). */
static enum cf_status
zone_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_zone_from_cjson(o, out, err);
}

static void
zone_type_free(void *z)
{
	cf_zone_free(z);
}

static const struct cf_type zone_type = {
	.size = sizeof(struct cf_zone),
	.items = "zones",
	.item = "zone",
	.decode = zone_type_decode,
	.free = zone_type_free,
};

enum cf_status
cf_zone_decode(const char *json, struct cf_zone *out, struct cf_error *err)
{
	return cf_decode_text(json, &zone_type, out, err);
}

enum cf_status
cf_zones_list(struct cf_client *c, const char *account_id,
	      const char *name_filter, struct cf_zone_list *out,
	      struct cf_error *err)
{
	void *items;
	size_t n;
	char *query = NULL;
	enum cf_status st;

	if (account_id)
		cf_query_add(&query, "account.id", account_id);
	if (name_filter)
		cf_query_add(&query, "name", name_filter);
	st = cf_call_pages(c, "/zones", query, ZONES_PER_PAGE, &zone_type,
			   &items, &n, err);
	free(query);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}

enum cf_status
cf_zone_get(struct cf_client *c, const char *zone_id, struct cf_zone *out,
	    struct cf_error *err)
{
	return cf_call_get(c, &zone_type, out, err, "/zones/%s", zone_id);
}
