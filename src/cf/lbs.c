/* lbs.c: load balancer codec and operations (zone scope). */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

static const char *const lb_ro_keys[] = { "id", "created_on", "modified_on",
					  "zone_name", NULL };

/* ---- codec --------------------------------------------------------------- */

/* {"WNAM": ["pool", ...], ...} */
static enum cf_status
pool_map_from_cjson(const cJSON *o, const char *key, struct cf_pool_map *m,
		    struct cf_error *err)
{
	const cJSON *obj = NULL, *it;
	int n;

	if (cf_json_get_obj(o, key, &obj, err))
		return err->status;
	n = cJSON_GetArraySize(obj);
	if (n <= 0)
		return CF_OK;
	m->e = calloc((size_t)n, sizeof(*m->e));
	if (!m->e)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, obj)
	{
		struct cf_pool_map_entry *e = &m->e[m->n];

		m->n++;
		e->key = strdup(it->string ? it->string : "");
		if (!e->key)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		if (!cJSON_IsArray(it))
			return cf_error_set(err, CF_ERR_MALFORMED,
					    "field \"%s\": expected lists of "
					    "pool ids",
					    key);
		if (cf_json_get_strv(obj, it->string, &e->pool_ids, NULL, err))
			return err->status;
	}
	return CF_OK;
}

static enum cf_status
random_steering_from_cjson(const cJSON *o, struct cf_load_balancer *lb,
			   struct cf_error *err)
{
	const cJSON *rs = NULL, *pw = NULL, *it;
	int n;

	if (cf_json_get_obj(o, "random_steering", &rs, err) ||
	    cf_json_get_num(rs, "default_weight", &lb->rs_default_weight, NULL,
			    err) ||
	    cf_json_get_obj(rs, "pool_weights", &pw, err))
		return err->status;
	lb->has_random_steering = rs != NULL;
	n = cJSON_GetArraySize(pw);
	if (n <= 0)
		return CF_OK;
	lb->rs_pool_weights = calloc((size_t)n, sizeof(*lb->rs_pool_weights));
	if (!lb->rs_pool_weights)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, pw)
	{
		struct cf_pool_weight *w =
			&lb->rs_pool_weights[lb->rs_npool_weights];

		if (!cJSON_IsNumber(it))
			return cf_error_set(err, CF_ERR_MALFORMED,
					    "field \"pool_weights\": expected "
					    "numbers");
		w->pool_id = strdup(it->string ? it->string : "");
		if (!w->pool_id)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		w->weight = it->valuedouble;
		lb->rs_npool_weights++;
	}
	return CF_OK;
}

enum cf_status
cf_load_balancer_from_cjson(const cJSON *o, struct cf_load_balancer *out,
			    struct cf_error *err)
{
	const cJSON *ar = NULL, *ls = NULL, *sa = NULL;

	cf_load_balancer_init(out);
	if (cf_json_need_object(o, "load balancer", err))
		goto fail;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "name", &out->name, err) ||
	    cf_json_get_str(o, "description", &out->description, err) ||
	    cf_json_get_bool(o, "enabled", &out->enabled, NULL, err) ||
	    cf_json_get_bool(o, "proxied", &out->proxied, NULL, err) ||
	    cf_json_get_num(o, "ttl", &out->ttl, &out->has_ttl, err) ||
	    cf_json_get_str(o, "fallback_pool", &out->fallback_pool, err) ||
	    cf_json_get_strv(o, "default_pools", &out->default_pools, NULL,
			     err) ||
	    pool_map_from_cjson(o, "region_pools", &out->region_pools, err) ||
	    pool_map_from_cjson(o, "country_pools", &out->country_pools, err) ||
	    pool_map_from_cjson(o, "pop_pools", &out->pop_pools, err) ||
	    cf_json_get_str(o, "steering_policy", &out->steering_policy, err) ||
	    random_steering_from_cjson(o, out, err) ||
	    cf_json_get_obj(o, "adaptive_routing", &ar, err) ||
	    cf_json_get_bool(ar, "failover_across_pools",
			     &out->adaptive_failover_across_pools, NULL, err) ||
	    cf_json_get_obj(o, "location_strategy", &ls, err) ||
	    cf_json_get_str(ls, "mode", &out->ls_mode, err) ||
	    cf_json_get_str(ls, "prefer_ecs", &out->ls_prefer_ecs, err) ||
	    cf_json_get_str(o, "session_affinity", &out->session_affinity,
			    err) ||
	    cf_json_get_num(o, "session_affinity_ttl",
			    &out->session_affinity_ttl,
			    &out->has_session_affinity_ttl, err) ||
	    cf_json_get_obj(o, "session_affinity_attributes", &sa, err) ||
	    cf_json_get_str(sa, "samesite", &out->sa_samesite, err) ||
	    cf_json_get_str(sa, "secure", &out->sa_secure, err) ||
	    cf_json_get_num(sa, "drain_duration", &out->sa_drain_duration,
			    &out->sa_has_drain_duration, err) ||
	    cf_json_get_str(sa, "zero_downtime_failover",
			    &out->sa_zero_downtime_failover, err) ||
	    cf_json_get_strv(sa, "headers", &out->sa_headers, NULL, err) ||
	    cf_json_get_bool(sa, "require_all_headers",
			     &out->sa_require_all_headers, NULL, err) ||
	    cf_json_get_text(o, "rules", cJSON_Array, &out->rules_json, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_str(o, "modified_on", &out->modified_on, err))
		goto fail;
	out->has_session_affinity_attributes = sa != NULL;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_load_balancer_free(out);
	return err->status;
}

static bool
pool_map_to_cjson(cJSON *o, const char *key, const struct cf_pool_map *m)
{
	cJSON *obj = cJSON_CreateObject();
	size_t i;

	if (!obj)
		return false;
	for (i = 0; i < m->n; i++) {
		if (!m->e[i].key ||
		    !cf_enc_strv(obj, m->e[i].key, &m->e[i].pool_ids)) {
			cJSON_Delete(obj);
			return false;
		}
	}
	return cf_enc_set(o, key, obj);
}

static bool
random_steering_to_cjson(cJSON *o, const struct cf_load_balancer *lb)
{
	cJSON *rs, *pw;
	size_t i;

	if (!lb->has_random_steering) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "random_steering");
		return true;
	}
	rs = cf_enc_child(o, "random_steering");
	if (!rs || !cf_enc_num(rs, "default_weight", lb->rs_default_weight))
		return false;
	pw = cJSON_CreateObject();
	if (!pw)
		return false;
	for (i = 0; i < lb->rs_npool_weights; i++) {
		const struct cf_pool_weight *w = &lb->rs_pool_weights[i];

		if (!w->pool_id || !cf_enc_num(pw, w->pool_id, w->weight)) {
			cJSON_Delete(pw);
			return false;
		}
	}
	return cf_enc_set(rs, "pool_weights", pw);
}

static bool
session_affinity_attributes_to_cjson(cJSON *o,
				     const struct cf_load_balancer *lb)
{
	cJSON *sa;

	if (!lb->has_session_affinity_attributes) {
		cJSON_DeleteItemFromObjectCaseSensitive(
			o, "session_affinity_attributes");
		return true;
	}
	sa = cf_enc_child(o, "session_affinity_attributes");
	if (!sa || !cf_enc_opt_str(sa, "samesite", lb->sa_samesite) ||
	    !cf_enc_opt_str(sa, "secure", lb->sa_secure) ||
	    !cf_enc_opt_str(sa, "zero_downtime_failover",
			    lb->sa_zero_downtime_failover) ||
	    !cf_enc_bool(sa, "require_all_headers", lb->sa_require_all_headers))
		return false;
	if (lb->sa_has_drain_duration) {
		if (!cf_enc_num(sa, "drain_duration", lb->sa_drain_duration))
			return false;
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(sa, "drain_duration");
	}
	if (lb->sa_headers.n)
		return cf_enc_strv(sa, "headers", &lb->sa_headers);
	cJSON_DeleteItemFromObjectCaseSensitive(sa, "headers");
	return true;
}

cJSON *
cf_load_balancer_to_cjson(const struct cf_load_balancer *lb, unsigned mask)
{
	/* The create body (everything but enabled) still counts as full. */
	unsigned want = CF_LB_F_ALL & ~(unsigned)CF_LB_F_ENABLED;
	bool full = (mask & want) == want;
	bool ok = true;
	cJSON *o = cf_enc_start(lb->raw, full, lb_ro_keys), *sub;

	if (!o)
		return NULL;
	if (mask & CF_LB_F_NAME)
		ok = ok && cf_enc_opt_str(o, "name", lb->name);
	if (mask & CF_LB_F_DESCRIPTION)
		ok = ok && cf_enc_opt_str(o, "description", lb->description);
	if (mask & CF_LB_F_ENABLED)
		ok = ok && cf_enc_bool(o, "enabled", lb->enabled);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(o, "enabled");
	if (mask & CF_LB_F_PROXIED)
		ok = ok && cf_enc_bool(o, "proxied", lb->proxied);
	if (mask & CF_LB_F_TTL) {
		if (lb->has_ttl)
			ok = ok && cf_enc_num(o, "ttl", lb->ttl);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(o, "ttl");
	}
	if (mask & CF_LB_F_FALLBACK_POOL)
		ok = ok &&
		     cf_enc_opt_str(o, "fallback_pool", lb->fallback_pool);
	if (mask & CF_LB_F_DEFAULT_POOLS)
		ok = ok && cf_enc_strv(o, "default_pools", &lb->default_pools);
	if (mask & CF_LB_F_REGION_POOLS)
		ok = ok &&
		     pool_map_to_cjson(o, "region_pools", &lb->region_pools);
	if (mask & CF_LB_F_COUNTRY_POOLS)
		ok = ok &&
		     pool_map_to_cjson(o, "country_pools", &lb->country_pools);
	if (mask & CF_LB_F_POP_POOLS)
		ok = ok && pool_map_to_cjson(o, "pop_pools", &lb->pop_pools);
	/*
	 * "" (the default) is written literally as "\"\"" in the spec's enums,
	 * so a validating proxy refuses a bare "". A full body can leave the
	 * default out and mean the same; a PATCH that selects it sends "".
	 */
	if (mask & CF_LB_F_STEERING_POLICY)
		ok = ok && cf_enc_opt_str(o, "steering_policy",
					  full && lb->steering_policy &&
							  !*lb->steering_policy
						  ? NULL
						  : lb->steering_policy);
	if (mask & CF_LB_F_RANDOM_STEERING)
		ok = ok && random_steering_to_cjson(o, lb);
	if (mask & CF_LB_F_ADAPTIVE_ROUTING) {
		sub = cf_enc_child(o, "adaptive_routing");
		ok = ok && sub &&
		     cf_enc_bool(sub, "failover_across_pools",
				 lb->adaptive_failover_across_pools);
	}
	if (mask & CF_LB_F_LOCATION_STRATEGY) {
		sub = cf_enc_child(o, "location_strategy");
		ok = ok && sub && cf_enc_opt_str(sub, "mode", lb->ls_mode) &&
		     cf_enc_opt_str(sub, "prefer_ecs", lb->ls_prefer_ecs);
	}
	if (mask & CF_LB_F_SESSION_AFFINITY)
		ok = ok && cf_enc_opt_str(o, "session_affinity",
					  full && lb->session_affinity &&
							  !*lb->session_affinity
						  ? NULL
						  : lb->session_affinity);
	if (mask & CF_LB_F_SESSION_AFFINITY_TTL) {
		if (lb->has_session_affinity_ttl)
			ok = ok && cf_enc_num(o, "session_affinity_ttl",
					      lb->session_affinity_ttl);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(
				o, "session_affinity_ttl");
	}
	if (mask & CF_LB_F_SESSION_AFFINITY_ATTRIBUTES)
		ok = ok && session_affinity_attributes_to_cjson(o, lb);
	if (mask & CF_LB_F_RULES) {
		if (!lb->rules_json || !cf_enc_text(o, "rules", lb->rules_json))
			cJSON_DeleteItemFromObjectCaseSensitive(o, "rules");
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *
cf_load_balancer_encode(const struct cf_load_balancer *lb, unsigned mask)
{
	return cf_enc_finish(cf_load_balancer_to_cjson(lb, mask));
}

/* ---- operations ---------------------------------------------------------- */

#define LBS_PATH "/zones/%s/load_balancers"
#define LB_PATH LBS_PATH "/%s"

/* Typed adapters of the load balancer descriptor (see cf/call.h). */
static enum cf_status
lb_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_load_balancer_from_cjson(o, out, err);
}

static void
lb_type_free(void *lb)
{
	cf_load_balancer_free(lb);
}

static char *
lb_type_encode(const void *lb, unsigned mask)
{
	return cf_load_balancer_encode(lb, mask);
}

static const struct cf_type lb_type = {
	.size = sizeof(struct cf_load_balancer),
	.items = "load_balancers",
	.none = "no load balancer",
	.decode = lb_type_decode,
	.free = lb_type_free,
	.encode = lb_type_encode,
};

enum cf_status
cf_load_balancer_decode(const char *json, struct cf_load_balancer *out,
			struct cf_error *err)
{
	return cf_decode_text(json, &lb_type, out, err);
}

enum cf_status
cf_lbs_list(struct cf_client *c, const char *zone_id,
	    struct cf_load_balancer_list *out, struct cf_error *err)
{
	void *items;
	size_t n;
	enum cf_status st;

	/* Unpaged (NOTES.md): one GET, no page parameters. */
	st = cf_call_list(c, NULL, &lb_type, &items, &n, err, LBS_PATH,
			  zone_id);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}

enum cf_status
cf_lb_get(struct cf_client *c, const char *zone_id, const char *lb_id,
	  struct cf_load_balancer *out, struct cf_error *err)
{
	return cf_call_get(c, &lb_type, out, err, LB_PATH, zone_id, lb_id);
}

enum cf_status
cf_lb_create(struct cf_client *c, const char *zone_id,
	     const struct cf_load_balancer *lb, struct cf_load_balancer *out,
	     struct cf_error *err)
{
	/* The spec's create body has no `enabled`. */
	return cf_call_write(c, "POST", &lb_type, lb,
			     CF_LB_F_ALL & ~(unsigned)CF_LB_F_ENABLED, out, err,
			     LBS_PATH, zone_id);
}

enum cf_status
cf_lb_update(struct cf_client *c, const char *zone_id, const char *lb_id,
	     const struct cf_load_balancer *lb, struct cf_load_balancer *out,
	     struct cf_error *err)
{
	return cf_call_write(c, "PUT", &lb_type, lb, CF_LB_F_ALL, out, err,
			     LB_PATH, zone_id, lb_id);
}

enum cf_status
cf_lb_patch(struct cf_client *c, const char *zone_id, const char *lb_id,
	    const struct cf_load_balancer *lb, unsigned mask,
	    struct cf_load_balancer *out, struct cf_error *err)
{
	if (!(mask & CF_LB_F_ALL))
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "nothing to change");
	return cf_call_write(c, "PATCH", &lb_type, lb, mask, out, err, LB_PATH,
			     zone_id, lb_id);
}

enum cf_status
cf_lb_delete(struct cf_client *c, const char *zone_id, const char *lb_id,
	     struct cf_error *err)
{
	return cf_call_delete(c, err, LB_PATH, zone_id, lb_id);
}
