/* pools.c: pool and origin codecs and the pool operations. */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

static const char *const pool_ro_keys[] = { "id",	   "created_on",
					    "modified_on", "disabled_at",
					    "healthy",	   NULL };

/* Origins are always rebuilt from their own raw (the list is replaced as a
 * whole by PATCH, so an origin's unknown fields must ride along). */
static const char *const origin_ro_keys[] = { "disabled_at", "healthy",
					      "failure_reason", NULL };

/* ---- origin codec -------------------------------------------------------- */

enum cf_status
cf_origin_from_cjson(const cJSON *o, struct cf_origin *out,
		     struct cf_error *err)
{
	const cJSON *hdr = NULL, *host;

	cf_origin_init(out);
	if (cf_json_need_object(o, "origin", err))
		return err->status;
	if (cf_json_get_str(o, "name", &out->name, err) ||
	    cf_json_get_str(o, "address", &out->address, err) ||
	    cf_json_get_bool(o, "enabled", &out->enabled, NULL, err) ||
	    cf_json_get_num(o, "weight", &out->weight, NULL, err) ||
	    cf_json_get_obj(o, "header", &hdr, err) ||
	    cf_json_get_str(o, "virtual_network_id", &out->virtual_network_id,
			    err) ||
	    cf_json_get_str(o, "disabled_at", &out->disabled_at, err) ||
	    cf_json_get_bool(o, "healthy", &out->healthy, &out->has_healthy,
			     err))
		goto fail;
	host = hdr ? cJSON_GetObjectItemCaseSensitive(hdr, "Host") : NULL;
	if (host && cJSON_IsString(host)) {
		/* Tolerate a bare string where the spec has a list. */
		out->header_host.v = calloc(1, sizeof(char *));
		if (out->header_host.v) {
			out->header_host.n = 1;
			out->header_host.v[0] = strdup(host->valuestring);
		}
		if (!out->header_host.v || !out->header_host.v[0]) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
	} else if (cf_json_get_strv(hdr, "Host", &out->header_host, NULL,
				    err)) {
		goto fail;
	}
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_origin_free(out);
	return err->status;
}

cJSON *
cf_origin_to_cjson(const struct cf_origin *src)
{
	cJSON *o = cf_enc_start(src->raw, true, origin_ro_keys), *hdr;
	bool ok = true;

	if (!o)
		return NULL;
	if (src->name)
		ok = ok && cf_enc_str(o, "name", src->name);
	if (src->address)
		ok = ok && cf_enc_str(o, "address", src->address);
	ok = ok && cf_enc_bool(o, "enabled", src->enabled);
	ok = ok && cf_enc_num(o, "weight", src->weight);
	if (src->header_host.n) {
		hdr = cf_enc_child(o, "header");
		ok = ok && hdr && cf_enc_strv(hdr, "Host", &src->header_host);
	} else {
		hdr = cJSON_GetObjectItemCaseSensitive(o, "header");
		if (hdr && cJSON_IsObject(hdr))
			cJSON_DeleteItemFromObjectCaseSensitive(hdr, "Host");
		if (hdr && (!cJSON_IsObject(hdr) || !hdr->child))
			cJSON_DeleteItemFromObjectCaseSensitive(o, "header");
	}
	if (src->virtual_network_id)
		ok = ok && cf_enc_str(o, "virtual_network_id",
				      src->virtual_network_id);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(o,
							"virtual_network_id");
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- pool codec ---------------------------------------------------------- */

static enum cf_status
notification_rule_from_cjson(const cJSON *nf, const char *key,
			     struct cf_notification_rule *r,
			     struct cf_error *err)
{
	const cJSON *o = NULL;

	r->disable = false;
	r->has_healthy = false;
	if (cf_json_get_obj(nf, key, &o, err) ||
	    cf_json_get_bool(o, "disable", &r->disable, NULL, err) ||
	    cf_json_get_bool(o, "healthy", &r->healthy, &r->has_healthy, err))
		return err->status;
	return CF_OK;
}

static enum cf_status
pool_origins_from_cjson(const cJSON *o, struct cf_pool *p, struct cf_error *err)
{
	const cJSON *arr = NULL, *it;
	int n;

	if (cf_json_get_arr(o, "origins", &arr, err))
		return err->status;
	n = cJSON_GetArraySize(arr);
	if (n <= 0)
		return CF_OK;
	p->origins = calloc((size_t)n, sizeof(*p->origins));
	if (!p->origins)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, arr)
	{
		if (cf_origin_from_cjson(it, &p->origins[p->norigins], err))
			return cf_error_prefix(err, "origins[%zu]",
					       p->norigins);
		p->norigins++;
	}
	return CF_OK;
}

enum cf_status
cf_pool_from_cjson(const cJSON *o, struct cf_pool *out, struct cf_error *err)
{
	const cJSON *nf = NULL, *ls = NULL, *os = NULL;

	cf_pool_init(out);
	if (cf_json_need_object(o, "pool", err))
		goto fail;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "name", &out->name, err) ||
	    cf_json_get_str(o, "description", &out->description, err) ||
	    cf_json_get_bool(o, "enabled", &out->enabled, NULL, err) ||
	    cf_json_get_str(o, "disabled_at", &out->disabled_at, err) ||
	    cf_json_get_int(o, "minimum_origins", &out->minimum_origins, NULL,
			    err) ||
	    cf_json_get_str(o, "monitor", &out->monitor, err) ||
	    cf_json_get_strv(o, "check_regions", &out->check_regions,
			     &out->has_check_regions, err) ||
	    cf_json_get_num(o, "latitude", &out->latitude, &out->has_latitude,
			    err) ||
	    cf_json_get_num(o, "longitude", &out->longitude,
			    &out->has_longitude, err) ||
	    cf_json_get_str(o, "notification_email", &out->notification_email,
			    err) ||
	    cf_json_get_obj(o, "notification_filter", &nf, err) ||
	    notification_rule_from_cjson(nf, "origin", &out->nf_origin, err) ||
	    notification_rule_from_cjson(nf, "pool", &out->nf_pool, err) ||
	    cf_json_get_obj(o, "load_shedding", &ls, err) ||
	    cf_json_get_num(ls, "default_percent", &out->ls_default_percent,
			    NULL, err) ||
	    cf_json_get_str(ls, "default_policy", &out->ls_default_policy,
			    err) ||
	    cf_json_get_num(ls, "session_percent", &out->ls_session_percent,
			    NULL, err) ||
	    cf_json_get_str(ls, "session_policy", &out->ls_session_policy,
			    err) ||
	    cf_json_get_obj(o, "origin_steering", &os, err) ||
	    cf_json_get_str(os, "policy", &out->origin_steering_policy, err) ||
	    cf_json_get_bool(o, "healthy", &out->healthy, &out->has_healthy,
			     err) ||
	    pool_origins_from_cjson(o, out, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_str(o, "modified_on", &out->modified_on, err))
		goto fail;
	out->has_notification_filter = nf != NULL;
	out->has_load_shedding = ls != NULL;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_pool_free(out);
	return err->status;
}

static bool
notification_rule_to_cjson(cJSON *nf, const char *key,
			   const struct cf_notification_rule *r)
{
	cJSON *o = cf_enc_child(nf, key);

	if (!o || !cf_enc_bool(o, "disable", r->disable))
		return false;
	if (r->has_healthy)
		return cf_enc_bool(o, "healthy", r->healthy);
	return cf_enc_set(o, "healthy", cJSON_CreateNull());
}

static bool
pool_origins_to_cjson(cJSON *o, const struct cf_pool *p)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	if (!arr)
		return false;
	for (i = 0; i < p->norigins; i++) {
		cJSON *it = cf_origin_to_cjson(&p->origins[i]);

		if (!it || !cJSON_AddItemToArray(arr, it)) {
			cJSON_Delete(it);
			cJSON_Delete(arr);
			return false;
		}
	}
	return cf_enc_set(o, "origins", arr);
}

cJSON *
cf_pool_to_cjson(const struct cf_pool *p, unsigned mask)
{
	/* A create body (everything but check_regions) is still "full". */
	unsigned want = CF_POOL_F_ALL & ~(unsigned)CF_POOL_F_CHECK_REGIONS;
	bool full = (mask & want) == want;
	bool ok = true;
	cJSON *o = cf_enc_start(p->raw, full, pool_ro_keys), *sub;

	if (!o)
		return NULL;
	if (mask & CF_POOL_F_NAME)
		ok = ok && cf_enc_opt_str(o, "name", p->name);
	if (mask & CF_POOL_F_DESCRIPTION)
		ok = ok && cf_enc_opt_str(o, "description", p->description);
	if (mask & CF_POOL_F_ENABLED)
		ok = ok && cf_enc_bool(o, "enabled", p->enabled);
	if (mask & CF_POOL_F_MINIMUM_ORIGINS)
		ok = ok && cf_enc_num(o, "minimum_origins", p->minimum_origins);
	if (mask & CF_POOL_F_MONITOR) {
		/* A PATCH that selects the monitor but has none detaches it;
		 * a full body simply leaves it out. */
		if (p->monitor || !full)
			ok = ok && cf_enc_str(o, "monitor", p->monitor);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(o, "monitor");
	}
	if (mask & CF_POOL_F_CHECK_REGIONS) {
		if (p->has_check_regions)
			ok = ok &&
			     cf_enc_strv(o, "check_regions", &p->check_regions);
		else /* null = every data centre (spec) */
			ok = ok &&
			     cf_enc_set(o, "check_regions", cJSON_CreateNull());
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "check_regions");
	}
	if (mask & CF_POOL_F_LATLON) {
		if (p->has_latitude && p->has_longitude) {
			ok = ok && cf_enc_num(o, "latitude", p->latitude);
			ok = ok && cf_enc_num(o, "longitude", p->longitude);
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(o, "latitude");
			cJSON_DeleteItemFromObjectCaseSensitive(o, "longitude");
		}
	}
	if (mask & CF_POOL_F_NOTIFICATION_EMAIL)
		ok = ok && cf_enc_opt_str(o, "notification_email",
					  p->notification_email);
	if (mask & CF_POOL_F_NOTIFICATION_FILTER) {
		if (p->has_notification_filter) {
			sub = cf_enc_child(o, "notification_filter");
			ok = ok && sub &&
			     notification_rule_to_cjson(sub, "origin",
							&p->nf_origin) &&
			     notification_rule_to_cjson(sub, "pool",
							&p->nf_pool);
		} else {
			ok = ok && cf_enc_set(o, "notification_filter",
					      cJSON_CreateNull());
		}
	}
	if (mask & CF_POOL_F_LOAD_SHEDDING) {
		if (p->has_load_shedding) {
			sub = cf_enc_child(o, "load_shedding");
			ok = ok && sub &&
			     cf_enc_num(sub, "default_percent",
					p->ls_default_percent) &&
			     cf_enc_opt_str(sub, "default_policy",
					    p->ls_default_policy) &&
			     cf_enc_num(sub, "session_percent",
					p->ls_session_percent) &&
			     cf_enc_opt_str(sub, "session_policy",
					    p->ls_session_policy);
		} else {
			cJSON_DeleteItemFromObjectCaseSensitive(
				o, "load_shedding");
		}
	}
	if ((mask & CF_POOL_F_ORIGIN_STEERING) && p->origin_steering_policy) {
		sub = cf_enc_child(o, "origin_steering");
		ok = ok && sub &&
		     cf_enc_str(sub, "policy", p->origin_steering_policy);
	}
	if (mask & CF_POOL_F_ORIGINS)
		ok = ok && pool_origins_to_cjson(o, p);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *
cf_pool_encode(const struct cf_pool *p, unsigned mask)
{
	return cf_enc_finish(cf_pool_to_cjson(p, mask));
}

/* ---- operations ---------------------------------------------------------- */

#define POOLS_PATH "/accounts/%s/load_balancers/pools"
#define POOL_PATH POOLS_PATH "/%s"

/* Typed adapters of the pool descriptor (see cf/call.h). */
static enum cf_status
pool_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_pool_from_cjson(o, out, err);
}

static void
pool_type_free(void *p)
{
	cf_pool_free(p);
}

static char *
pool_type_encode(const void *p, unsigned mask)
{
	return cf_pool_encode(p, mask);
}

static const struct cf_type pool_type = {
	.size = sizeof(struct cf_pool),
	.items = "pools",
	.none = "no pool",
	.decode = pool_type_decode,
	.free = pool_type_free,
	.encode = pool_type_encode,
};

enum cf_status
cf_pool_decode(const char *json, struct cf_pool *out, struct cf_error *err)
{
	return cf_decode_text(json, &pool_type, out, err);
}

enum cf_status
cf_pools_list(struct cf_client *c, const char *account_id,
	      const char *monitor_filter, struct cf_pool_list *out,
	      struct cf_error *err)
{
	void *items;
	size_t n;
	char *query = NULL;
	enum cf_status st;

	if (monitor_filter)
		cf_query_add(&query, "monitor", monitor_filter);
	/* Unpaged (NOTES.md): one GET, no page parameters. */
	st = cf_call_list(c, query, &pool_type, &items, &n, err, POOLS_PATH,
			  account_id);
	free(query);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}

enum cf_status
cf_pool_get(struct cf_client *c, const char *account_id, const char *pool_id,
	    struct cf_pool *out, struct cf_error *err)
{
	return cf_call_get(c, &pool_type, out, err, POOL_PATH, account_id,
			   pool_id);
}

enum cf_status
cf_pool_create(struct cf_client *c, const char *account_id,
	       const struct cf_pool *p, struct cf_pool *out,
	       struct cf_error *err)
{
	/* The create body has no check_regions (spec). */
	return cf_call_write(c, "POST", &pool_type, p,
			     CF_POOL_F_ALL & ~(unsigned)CF_POOL_F_CHECK_REGIONS,
			     out, err, POOLS_PATH, account_id);
}

enum cf_status
cf_pool_update(struct cf_client *c, const char *account_id, const char *pool_id,
	       const struct cf_pool *p, struct cf_pool *out,
	       struct cf_error *err)
{
	return cf_call_write(c, "PUT", &pool_type, p, CF_POOL_F_ALL, out, err,
			     POOL_PATH, account_id, pool_id);
}

enum cf_status
cf_pool_patch(struct cf_client *c, const char *account_id, const char *pool_id,
	      const struct cf_pool *p, unsigned mask, struct cf_pool *out,
	      struct cf_error *err)
{
	if (!(mask & CF_POOL_F_ALL))
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "nothing to change");
	return cf_call_write(c, "PATCH", &pool_type, p, mask, out, err,
			     POOL_PATH, account_id, pool_id);
}

enum cf_status
cf_pool_delete(struct cf_client *c, const char *account_id, const char *pool_id,
	       struct cf_error *err)
{
	return cf_call_delete(c, err, POOL_PATH, account_id, pool_id);
}
