/* health.c: pool health (both shapes), previews, references, events. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

/* ---- RTT strings --------------------------------------------------------- */

/* Longest RTT believed (a day); beyond it the string reads as unparsable. */
#define RTT_MAX_MS 86400000.0

/*
 * The API sends Go durations: "12.1ms", "66ms", "1.5s", "800us", "1m2.5s".
 * A bare number is taken as milliseconds. "1e300h" would overflow to inf
 * and reach integer conversions in the sparkline: range-checked here.
 */
double
cf_parse_rtt_ms(const char *rtt)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = {
		{ "ns", 1e-6 },	       { "us", 1e-3 },	 { "\xc2\xb5s", 1e-3 },
		{ "\xce\xbcs", 1e-3 }, { "ms", 1 },	 { "s", 1000 },
		{ "m", 60000 },	       { "h", 3600000 },
	};
	const char *p = rtt;
	double total = 0;
	bool any = false;

	if (!p)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	while (*p && !isspace((unsigned char)*p)) {
		char *end;
		double v;
		size_t i, best = 0, bestlen = 0;

		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
		v = strtod(p, &end);
		if (end == p || !isfinite(v) || v < 0)
			return -1;
		p = end;
		if (!*p || isspace((unsigned char)*p)) {
			if (any)
				return -1; /* "1s5": a unit is missing */
			total += v;
			any = true;
			break;
		}
		/* Longest unit that matches ("ms" before "m"). */
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			size_t l = strlen(units[i].unit);

			if (l > bestlen && !strncmp(p, units[i].unit, l)) {
				best = i;
				bestlen = l;
			}
		}
		if (!bestlen)
			return -1;
		total += v * units[best].ms;
		p += bestlen;
		any = true;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (!any || *p || !isfinite(total) || total > RTT_MAX_MS)
		return -1;
	return total;
}

/* ---- origin health data -------------------------------------------------- */

static enum cf_status
origin_health_data(const char *address, const cJSON *d,
		   struct cf_origin_health *oh, struct cf_error *err)
{
	memset(oh, 0, sizeof(*oh));
	oh->address = strdup(address);
	if (!oh->address)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	if (cf_json_need_object(d, "origin health", err) ||
	    cf_json_get_bool(d, "healthy", &oh->healthy, NULL, err) ||
	    cf_json_get_str(d, "failure_reason", &oh->failure_reason, err) ||
	    cf_json_get_int(d, "response_code", &oh->response_code,
			    &oh->has_response_code, err) ||
	    cf_json_get_str(d, "rtt", &oh->rtt, err))
		return err->status;
	if (oh->rtt) {
		oh->rtt_ms = cf_parse_rtt_ms(oh->rtt);
		oh->has_rtt = oh->rtt_ms >= 0;
		if (!oh->has_rtt)
			oh->rtt_ms = 0;
	}
	return CF_OK;
}

/* origins: [ {"<address>": {failure_reason, healthy, response_code, rtt}} ] */
static enum cf_status
origin_health_list(const cJSON *holder, struct cf_origin_health **out,
		   size_t *nout, struct cf_error *err)
{
	const cJSON *arr = NULL, *it, *kv;
	struct cf_origin_health *a = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	if (cf_json_get_arr(holder, "origins", &arr, err))
		return err->status;
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsObject(it)) {
			cf_origin_health_array_free(a, n);
			return cf_error_set(err, CF_ERR_MALFORMED,
					    "origins: expected objects keyed "
					    "by address");
		}
		cJSON_ArrayForEach(kv, it)
		{
			if (!cf_list_grow((void **)&a, n, &cap, sizeof(*a))) {
				cf_origin_health_array_free(a, n);
				return cf_error_set(err, CF_ERR_NOMEM,
						    "out of memory");
			}
			n++;
			if (origin_health_data(kv->string ? kv->string : "", kv,
					       &a[n - 1], err)) {
				cf_origin_health_array_free(a, n);
				return cf_error_prefix(err, "origin %s",
						       kv->string ? kv->string
								  : "");
			}
		}
	}
	*out = a;
	*nout = n;
	return CF_OK;
}

/* ---- pool health --------------------------------------------------------- */

static enum cf_status
pop_health_from_cjson(const char *pop, const cJSON *v, struct cf_pop_health *ph,
		      struct cf_error *err)
{
	ph->pop = strdup(pop);
	if (!ph->pop)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	if (cf_json_need_object(v, "pop_health entry", err) ||
	    cf_json_get_bool(v, "healthy", &ph->healthy, NULL, err) ||
	    origin_health_list(v, &ph->origins, &ph->norigins, err))
		return err->status;
	return CF_OK;
}

/*
 * Two shapes (NOTES.md): the 2024-08 example keys pop_health by PoP label
 * ({"Amsterdam, NL": {healthy, origins}}); later specs flatten it to
 * {healthy, origins} with no PoP level. The flat one is recognised by its
 * "healthy" boolean or "origins" array directly under pop_health.
 */
enum cf_status
cf_pool_health_from_cjson(const cJSON *o, struct cf_pool_health *out,
			  struct cf_error *err)
{
	const cJSON *ph = NULL, *it, *h, *orr;
	bool flat;
	int n;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "pool health", err))
		return err->status;
	if (cf_json_get_str(o, "pool_id", &out->pool_id, err) ||
	    cf_json_get_obj(o, "pop_health", &ph, err))
		goto fail;
	h = ph ? cJSON_GetObjectItemCaseSensitive(ph, "healthy") : NULL;
	orr = ph ? cJSON_GetObjectItemCaseSensitive(ph, "origins") : NULL;
	flat = cJSON_IsBool(h) || cJSON_IsArray(orr);
	n = flat ? 1 : cJSON_GetArraySize(ph);
	if (ph && n > 0) {
		out->pops = calloc((size_t)n, sizeof(*out->pops));
		if (!out->pops) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	if (ph && flat) {
		out->npops = 1;
		if (pop_health_from_cjson("", ph, &out->pops[0], err))
			goto fail;
	} else if (ph) {
		cJSON_ArrayForEach(it, ph)
		{
			out->npops++;
			struct cf_pop_health *pop = &out->pops[out->npops - 1];

			if (pop_health_from_cjson(it->string ? it->string : "",
						  it, pop, err)) {
				cf_error_prefix(err, "pop_health \"%s\"",
						it->string ? it->string : "");
				goto fail;
			}
		}
	}
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_pool_health_free(out);
	return err->status;
}

/* ---- previews ------------------------------------------------------------ */

enum cf_status
cf_preview_from_cjson(const cJSON *o, struct cf_preview *out,
		      struct cf_error *err)
{
	const cJSON *pools = NULL, *it;
	int n;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "preview", err))
		return err->status;
	if (cf_json_get_str(o, "preview_id", &out->preview_id, err) ||
	    cf_json_get_obj(o, "pools", &pools, err))
		goto fail;
	n = cJSON_GetArraySize(pools);
	if (n > 0) {
		out->pools = calloc((size_t)n, sizeof(*out->pools));
		if (!out->pools) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	cJSON_ArrayForEach(it, pools)
	{
		struct cf_preview_pool_name *p = &out->pools[out->npools];

		out->npools++;
		p->pool_id = strdup(it->string ? it->string : "");
		if (!p->pool_id) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (cf_json_get_str(pools, it->string, &p->pool_name, err))
			goto fail;
	}
	return CF_OK;
fail:
	cf_preview_free(out);
	return err->status;
}

enum cf_status
cf_preview_result_from_cjson(const cJSON *o, struct cf_preview_result *out,
			     struct cf_error *err)
{
	const cJSON *it;
	int n;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "preview result", err))
		return err->status;
	n = cJSON_GetArraySize(o);
	if (n > 0) {
		out->pools = calloc((size_t)n, sizeof(*out->pools));
		if (!out->pools) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
	}
	cJSON_ArrayForEach(it, o)
	{
		struct cf_preview_pool *p = &out->pools[out->npools];

		out->npools++;
		p->pool_id = strdup(it->string ? it->string : "");
		if (!p->pool_id) {
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (cf_json_need_object(it, "preview result pool", err) ||
		    cf_json_get_bool(it, "healthy", &p->healthy, NULL, err) ||
		    origin_health_list(it, &p->origins, &p->norigins, err))
			goto fail;
	}
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_preview_result_free(out);
	return err->status;
}

/* ---- references and events ----------------------------------------------- */

enum cf_status
cf_pool_reference_from_cjson(const cJSON *o, struct cf_pool_reference *out,
			     struct cf_error *err)
{
	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "reference", err))
		return err->status;
	if (cf_json_get_str(o, "reference_type", &out->reference_type, err) ||
	    cf_json_get_str(o, "resource_id", &out->resource_id, err) ||
	    cf_json_get_str(o, "resource_name", &out->resource_name, err) ||
	    cf_json_get_str(o, "resource_type", &out->resource_type, err)) {
		cf_pool_reference_free(out);
		return err->status;
	}
	return CF_OK;
}

static enum cf_status
event_origins_from_cjson(const cJSON *o, struct cf_health_event *e,
			 struct cf_error *err)
{
	const cJSON *arr = NULL, *it;
	int n;

	if (cf_json_get_arr(o, "origins", &arr, err))
		return err->status;
	n = cJSON_GetArraySize(arr);
	if (n <= 0)
		return CF_OK;
	e->origins = calloc((size_t)n, sizeof(*e->origins));
	if (!e->origins)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, arr)
	{
		struct cf_event_origin *eo = &e->origins[e->norigins];

		e->norigins++;
		if (cf_json_need_object(it, "event origin", err) ||
		    cf_json_get_str(it, "name", &eo->name, err) ||
		    cf_json_get_str(it, "address", &eo->address, err) ||
		    cf_json_get_str(it, "ip", &eo->ip, err) ||
		    cf_json_get_bool(it, "enabled", &eo->enabled, NULL, err) ||
		    cf_json_get_bool(it, "healthy", &eo->healthy, NULL, err) ||
		    cf_json_get_bool(it, "changed", &eo->changed, NULL, err) ||
		    cf_json_get_str(it, "failure_reason", &eo->failure_reason,
				    err))
			return err->status;
	}
	return CF_OK;
}

enum cf_status
cf_health_event_from_cjson(const cJSON *o, struct cf_health_event *out,
			   struct cf_error *err)
{
	const cJSON *pool = NULL;
	double id = 0;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "health event", err))
		return err->status;
	if (cf_json_get_num(o, "id", &id, NULL, err))
		goto fail;
	if (id != floor(id) || fabs(id) > 9007199254740992.0) {
		cf_error_set(err, CF_ERR_MALFORMED,
			     "field \"id\": expected an integer");
		goto fail;
	}
	out->id = (long long)id;
	if (cf_json_get_str(o, "timestamp", &out->timestamp, err) ||
	    cf_json_get_obj(o, "pool", &pool, err) ||
	    cf_json_get_str(pool, "id", &out->pool_id, err) ||
	    cf_json_get_str(pool, "name", &out->pool_name, err) ||
	    cf_json_get_bool(pool, "healthy", &out->pool_healthy, NULL, err) ||
	    cf_json_get_bool(pool, "changed", &out->pool_changed, NULL, err) ||
	    cf_json_get_int(pool, "minimum_origins", &out->pool_minimum_origins,
			    NULL, err) ||
	    event_origins_from_cjson(o, out, err))
		goto fail;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_health_event_free(out);
	return err->status;
}

/* ---- descriptors and text decoders ---------------------------------------- */

/* Typed adapters of the descriptors below (see cf/call.h). */
static enum cf_status
pool_health_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_pool_health_from_cjson(o, out, err);
}

static void
pool_health_type_free(void *h)
{
	cf_pool_health_free(h);
}

static enum cf_status
preview_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_preview_from_cjson(o, out, err);
}

static void
preview_type_free(void *p)
{
	cf_preview_free(p);
}

static enum cf_status
preview_result_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_preview_result_from_cjson(o, out, err);
}

static void
preview_result_type_free(void *r)
{
	cf_preview_result_free(r);
}

static enum cf_status
reference_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_pool_reference_from_cjson(o, out, err);
}

static void
reference_type_free(void *r)
{
	cf_pool_reference_free(r);
}

static enum cf_status
event_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_health_event_from_cjson(o, out, err);
}

static void
event_type_free(void *e)
{
	cf_health_event_free(e);
}

static const struct cf_type pool_health_type = {
	.size = sizeof(struct cf_pool_health),
	.items = "health",
	.decode = pool_health_type_decode,
	.free = pool_health_type_free,
};

const struct cf_type cf_preview_type = {
	.size = sizeof(struct cf_preview),
	.items = "previews",
	.decode = preview_type_decode,
	.free = preview_type_free,
};

static const struct cf_type preview_result_type = {
	.size = sizeof(struct cf_preview_result),
	.items = "preview results",
	.decode = preview_result_type_decode,
	.free = preview_result_type_free,
};

static const struct cf_type reference_type = {
	.size = sizeof(struct cf_pool_reference),
	.items = "references",
	.decode = reference_type_decode,
	.free = reference_type_free,
};

static const struct cf_type event_type = {
	.size = sizeof(struct cf_health_event),
	.items = "events",
	.decode = event_type_decode,
	.free = event_type_free,
};

enum cf_status
cf_pool_health_decode(const char *json, struct cf_pool_health *out,
		      struct cf_error *err)
{
	return cf_decode_text(json, &pool_health_type, out, err);
}

enum cf_status
cf_preview_decode(const char *json, struct cf_preview *out,
		  struct cf_error *err)
{
	return cf_decode_text(json, &cf_preview_type, out, err);
}

enum cf_status
cf_preview_result_decode(const char *json, struct cf_preview_result *out,
			 struct cf_error *err)
{
	return cf_decode_text(json, &preview_result_type, out, err);
}

enum cf_status
cf_pool_reference_decode(const char *json, struct cf_pool_reference *out,
			 struct cf_error *err)
{
	return cf_decode_text(json, &reference_type, out, err);
}

enum cf_status
cf_health_event_decode(const char *json, struct cf_health_event *out,
		       struct cf_error *err)
{
	return cf_decode_text(json, &event_type, out, err);
}

/* ---- operations ---------------------------------------------------------- */

enum cf_status
cf_pool_health_get(struct cf_client *c, const char *account_id,
		   const char *pool_id, struct cf_pool_health *out,
		   struct cf_error *err)
{
	return cf_call_get(c, &pool_health_type, out, err,
			   "/accounts/%s/load_balancers/pools/%s/health",
			   account_id, pool_id);
}

enum cf_status
cf_preview_result_get(struct cf_client *c, const char *account_id,
		      const char *preview_id, struct cf_preview_result *out,
		      struct cf_error *err)
{
	return cf_call_get(c, &preview_result_type, out, err,
			   "/accounts/%s/load_balancers/preview/%s", account_id,
			   preview_id);
}

enum cf_status
cf_pool_references(struct cf_client *c, const char *account_id,
		   const char *pool_id, struct cf_pool_reference_list *out,
		   struct cf_error *err)
{
	void *items;
	size_t n;
	enum cf_status st;

	st = cf_call_list(c, NULL, &reference_type, &items, &n, err,
			  "/accounts/%s/load_balancers/pools/%s/references",
			  account_id, pool_id);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}

static void
query_add_bool(char **q, const char *key, int v)
{
	if (v >= 0)
		cf_query_add(q, key, v ? "true" : "false");
}

enum cf_status
cf_health_events_list(struct cf_client *c, const struct cf_event_filter *f,
		      struct cf_health_event_list *out, struct cf_error *err)
{
	void *items;
	size_t n;
	char *query = NULL;
	enum cf_status st;

	if (f) {
		if (f->since)
			cf_query_add(&query, "since", f->since);
		if (f->until)
			cf_query_add(&query, "until", f->until);
		if (f->pool_id)
			cf_query_add(&query, "pool_id", f->pool_id);
		if (f->pool_name)
			cf_query_add(&query, "pool_name", f->pool_name);
		if (f->origin_name)
			cf_query_add(&query, "origin_name", f->origin_name);
		query_add_bool(&query, "origin_healthy", f->origin_healthy);
		query_add_bool(&query, "pool_healthy", f->pool_healthy);
	}
	/* Unpaged like the other LB lists: one GET. */
	st = cf_call_list(c, query, &event_type, &items, &n, err,
			  "/user/load_balancing_analytics/events");
	free(query);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}
