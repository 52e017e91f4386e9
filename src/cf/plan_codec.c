/* plan_codec.c: the setup plan file (cfconsole-plan(5)): strict JSON decoding into struct cf_plan and encoding back, state included. */
#include "cfconsole/cf_plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cf/codec.h"

/* ---- life cycle ------------------------------------------------------- */

void
cf_plan_init(struct cf_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->version = CF_PLAN_VERSION;
	cf_monitor_init(&p->monitor);
	cf_pool_init(&p->pool);
	cf_load_balancer_init(&p->lb);
	cf_dns_record_init(&p->cname);
	p->cname.type = strdup("CNAME");
	p->cname_source = CF_PLAN_SKIP;
}

static void
step_state_free(struct cf_plan_step_state *s)
{
	free(s->step);
	free(s->status);
	free(s->id);
	free(s->before);
	cf_strv_free(&s->preexisting);
	memset(s, 0, sizeof(*s));
}

void
cf_plan_clear_state(struct cf_plan *p)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++)
		step_state_free(&p->steps[i]);
	free(p->steps);
	free(p->account_id);
	free(p->zone_id);
	p->steps = NULL;
	p->nsteps = 0;
	p->account_id = p->zone_id = NULL;
}

void
cf_plan_free(struct cf_plan *p)
{
	if (!p)
		return;
	cf_plan_clear_state(p);
	free(p->description);
	free(p->zone);
	free(p->monitor_id);
	free(p->pool_id);
	cf_monitor_free(&p->monitor);
	cf_pool_free(&p->pool);
	cf_load_balancer_free(&p->lb);
	cf_dns_record_free(&p->cname);
	memset(p, 0, sizeof(*p));
}

struct cf_plan_step_state *
cf_plan_state_find(struct cf_plan *p, const char *name)
{
	size_t i;

	for (i = 0; name && i < p->nsteps; i++)
		if (p->steps[i].step && !strcmp(p->steps[i].step, name))
			return &p->steps[i];
	return NULL;
}

enum cf_status
cf_plan_copy(struct cf_plan *dst, const struct cf_plan *src)
{
	bool ok = true;
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->version = src->version;
	dst->monitor_source = src->monitor_source;
	dst->pool_source = src->pool_source;
	dst->cname_source = src->cname_source;
	dst->description = cf_dup_ok(src->description, &ok);
	dst->zone = cf_dup_ok(src->zone, &ok);
	dst->monitor_id = cf_dup_ok(src->monitor_id, &ok);
	dst->pool_id = cf_dup_ok(src->pool_id, &ok);
	dst->account_id = cf_dup_ok(src->account_id, &ok);
	dst->zone_id = cf_dup_ok(src->zone_id, &ok);
	if (cf_monitor_copy(&dst->monitor, &src->monitor) != CF_OK ||
	    cf_pool_copy(&dst->pool, &src->pool) != CF_OK ||
	    cf_load_balancer_copy(&dst->lb, &src->lb) != CF_OK ||
	    cf_dns_record_copy(&dst->cname, &src->cname) != CF_OK)
		ok = false;
	if (src->nsteps) {
		dst->steps = calloc(src->nsteps, sizeof(*dst->steps));
		if (!dst->steps)
			ok = false;
		for (i = 0; dst->steps && i < src->nsteps; i++) {
			const struct cf_plan_step_state *s = &src->steps[i];
			struct cf_plan_step_state *d = &dst->steps[i];

			dst->nsteps++;
			d->step = cf_dup_ok(s->step, &ok);
			d->status = cf_dup_ok(s->status, &ok);
			d->id = cf_dup_ok(s->id, &ok);
			d->before = cf_dup_ok(s->before, &ok);
			if (cf_strv_copy(&d->preexisting, &s->preexisting))
				ok = false;
		}
	}
	if (!ok) {
		cf_plan_free(dst);
		return CF_ERR_NOMEM;
	}
	return CF_OK;
}

/* ---- decoding helpers ------------------------------------------------- */

static enum cf_status bad(struct cf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum cf_status
bad(struct cf_error *err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cf_error_set(err, CF_ERR_INVALID_ARG, "%s", msg);
}

static enum cf_status
get_str(const cJSON *v, const char *where, char **out, struct cf_error *err)
{
	char *s;

	if (cJSON_IsNull(v)) {
		free(*out);
		*out = NULL;
		return CF_OK;
	}
	if (!cJSON_IsString(v))
		return bad(err, "%s.%s: expected a string", where, v->string);
	s = strdup(v->valuestring);
	if (!s)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	free(*out);
	*out = s;
	return CF_OK;
}

static enum cf_status
get_bool(const cJSON *v, const char *where, bool *out, struct cf_error *err)
{
	if (!cJSON_IsBool(v))
		return bad(err, "%s.%s: expected true or false", where,
			   v->string);
	*out = cJSON_IsTrue(v);
	return CF_OK;
}

static enum cf_status
get_num(const cJSON *v, const char *where, double *out, struct cf_error *err)
{
	if (!cJSON_IsNumber(v))
		return bad(err, "%s.%s: expected a number", where, v->string);
	*out = v->valuedouble;
	return CF_OK;
}

static enum cf_status
get_int(const cJSON *v, const char *where, int *out, struct cf_error *err)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    fabs(v->valuedouble) > 1e9)
		return bad(err, "%s.%s: expected a whole number", where,
			   v->string);
	*out = (int)v->valuedouble;
	return CF_OK;
}

static enum cf_status
get_strv(const cJSON *v, const char *where, struct cf_strv *out,
	 struct cf_error *err)
{
	const cJSON *it;
	size_t n = 0;

	if (!cJSON_IsArray(v))
		return bad(err, "%s.%s: expected an array of strings", where,
			   v->string);
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it))
			return bad(err, "%s.%s: expected an array of strings",
				   where, v->string);
		n++;
	}
	cf_strv_free(out);
	if (!n)
		return CF_OK;
	out->v = calloc(n, sizeof(char *));
	if (!out->v)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, v)
	{
		out->v[out->n] = strdup(it->valuestring);
		if (!out->v[out->n])
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		out->n++;
	}
	return CF_OK;
}

/* {"Host": ["a"], ...}: header name -> list of values. */
static enum cf_status
get_headers(const cJSON *v, const char *where, struct cf_headers *out,
	    struct cf_error *err)
{
	const cJSON *it;
	size_t i;

	if (!cJSON_IsObject(v))
		return bad(err,
			   "%s.header: expected an object of string arrays",
			   where);
	for (i = 0; i < out->n; i++) {
		free(out->e[i].name);
		cf_strv_free(&out->e[i].values);
	}
	free(out->e);
	memset(out, 0, sizeof(*out));
	out->e = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*out->e));
	if (!out->e)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, v)
	{
		struct cf_header_entry *e = &out->e[out->n];
		char w[96];

		snprintf(w, sizeof(w), "%s.header", where);
		if (get_strv(it, w, &e->values, err))
			return err->status;
		e->name = strdup(it->string);
		if (!e->name)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		out->n++;
	}
	return CF_OK;
}

/* {"KEY": [ids]} maps of the load balancer. */
static enum cf_status
get_pool_map(const cJSON *v, const char *where, struct cf_pool_map *out,
	     struct cf_error *err)
{
	const cJSON *it;
	size_t i;

	if (!cJSON_IsObject(v))
		return bad(err, "%s.%s: expected an object of pool lists",
			   where, v->string);
	for (i = 0; i < out->n; i++) {
		free(out->e[i].key);
		cf_strv_free(&out->e[i].pool_ids);
	}
	free(out->e);
	memset(out, 0, sizeof(*out));
	out->e = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*out->e));
	if (!out->e)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, v)
	{
		struct cf_pool_map_entry *e = &out->e[out->n];
		char w[96];

		snprintf(w, sizeof(w), "%s.%s", where, v->string);
		if (get_strv(it, w, &e->pool_ids, err))
			return err->status;
		e->key = strdup(it->string);
		if (!e->key)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		out->n++;
	}
	return CF_OK;
}

static enum cf_status
unknown_key(struct cf_error *err, const char *where, const char *key)
{
	return bad(err, "%s: unknown key \"%s\" (see cfconsole-plan(5))", where,
		   key);
}

#define IS(k) (strcmp(key, (k)) == 0)

/* {"existing": "id"} -> true with *id set; other objects -> false. */
static enum cf_status
get_existing(const cJSON *o, const char *where, bool *is, char **id,
	     struct cf_error *err)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "existing");

	*is = false;
	if (!e)
		return CF_OK;
	if (cJSON_GetArraySize(o) != 1)
		return bad(err,
			   "%s: \"existing\" picks an object by id and takes "
			   "no other key",
			   where);
	if (!cJSON_IsString(e) || !*e->valuestring)
		return bad(err, "%s.existing: expected an object id", where);
	*is = true;
	return get_str(e, where, id, err);
}

static enum cf_status
decode_monitor(const cJSON *o, struct cf_plan *p, struct cf_error *err)
{
	struct cf_monitor *m = &p->monitor;
	const char *w = "monitor";
	const cJSON *v;
	bool existing;

	if (cJSON_IsNull(o)) {
		/* Only with an existing pool, which keeps its monitor. */
		p->monitor_source = CF_PLAN_SKIP;
		return CF_OK;
	}
	if (!cJSON_IsObject(o))
		return bad(err, "monitor: expected an object, or null with an "
				"existing pool");
	if (get_existing(o, w, &existing, &p->monitor_id, err))
		return err->status;
	if (existing) {
		p->monitor_source = CF_PLAN_EXISTING;
		return CF_OK;
	}
	p->monitor_source = CF_PLAN_CREATE;
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st;

		if (IS("type"))
			st = get_str(v, w, &m->type, err);
		else if (IS("method"))
			st = get_str(v, w, &m->method, err);
		else if (IS("path"))
			st = get_str(v, w, &m->path, err);
		else if (IS("port"))
			st = get_int(v, w, &m->port, err);
		else if (IS("expected_codes"))
			st = get_str(v, w, &m->expected_codes, err);
		else if (IS("expected_body"))
			st = get_str(v, w, &m->expected_body, err);
		else if (IS("header"))
			st = get_headers(v, w, &m->header, err);
		else if (IS("interval"))
			st = get_int(v, w, &m->interval, err);
		else if (IS("timeout"))
			st = get_int(v, w, &m->timeout, err);
		else if (IS("retries"))
			st = get_int(v, w, &m->retries, err);
		else if (IS("consecutive_up"))
			st = get_int(v, w, &m->consecutive_up, err);
		else if (IS("consecutive_down"))
			st = get_int(v, w, &m->consecutive_down, err);
		else if (IS("follow_redirects"))
			st = get_bool(v, w, &m->follow_redirects, err);
		else if (IS("allow_insecure"))
			st = get_bool(v, w, &m->allow_insecure, err);
		else if (IS("probe_zone"))
			st = get_str(v, w, &m->probe_zone, err);
		else if (IS("description"))
			st = get_str(v, w, &m->description, err);
		else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

static enum cf_status
decode_origin(const cJSON *o, const char *w, struct cf_origin *org,
	      struct cf_error *err)
{
	const cJSON *v;

	if (!cJSON_IsObject(o))
		return bad(err, "%s: expected an object", w);
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st;

		if (IS("name"))
			st = get_str(v, w, &org->name, err);
		else if (IS("address"))
			st = get_str(v, w, &org->address, err);
		else if (IS("enabled"))
			st = get_bool(v, w, &org->enabled, err);
		else if (IS("weight"))
			st = get_num(v, w, &org->weight, err);
		else if (IS("header")) {
			const cJSON *host =
				cJSON_GetObjectItemCaseSensitive(v, "Host");

			if (!cJSON_IsObject(v) ||
			    cJSON_GetArraySize(v) != (host ? 1 : 0))
				return bad(
					err,
					"%s.header: only {\"Host\": [\"name\"]} "
					"is supported",
					w);
			st = host ? get_strv(host, w, &org->header_host, err)
				  : CF_OK;
		} else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

static enum cf_status
decode_pool(const cJSON *o, struct cf_plan *p, struct cf_error *err)
{
	struct cf_pool *pl = &p->pool;
	const char *w = "pool";
	const cJSON *v, *it;
	bool existing;

	if (!cJSON_IsObject(o))
		return bad(err, "pool: expected an object");
	if (get_existing(o, w, &existing, &p->pool_id, err))
		return err->status;
	if (existing) {
		p->pool_source = CF_PLAN_EXISTING;
		return CF_OK;
	}
	p->pool_source = CF_PLAN_CREATE;
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st = CF_OK;

		if (IS("name"))
			st = get_str(v, w, &pl->name, err);
		else if (IS("description"))
			st = get_str(v, w, &pl->description, err);
		else if (IS("enabled"))
			st = get_bool(v, w, &pl->enabled, err);
		else if (IS("minimum_origins"))
			st = get_int(v, w, &pl->minimum_origins, err);
		else if (IS("check_regions")) {
			pl->has_check_regions = !cJSON_IsNull(v);
			if (pl->has_check_regions)
				st = get_strv(v, w, &pl->check_regions, err);
		} else if (IS("origin_steering")) {
			const cJSON *pol =
				cJSON_GetObjectItemCaseSensitive(v, "policy");

			if (!cJSON_IsObject(v) ||
			    cJSON_GetArraySize(v) != (pol ? 1 : 0))
				return bad(err,
					   "pool.origin_steering: expected "
					   "{\"policy\": \"...\"}");
			if (pol)
				st = get_str(pol, "pool.origin_steering",
					     &pl->origin_steering_policy, err);
		} else if (IS("monitor")) {
			return bad(err,
				   "pool.monitor: the pool gets the plan's "
				   "monitor; set it in \"monitor\" (or "
				   "\"monitor\": {\"existing\": ID})");
		} else if (IS("origins")) {
			size_t n = 0;

			if (!cJSON_IsArray(v))
				return bad(err,
					   "pool.origins: expected an array");
			if (pl->origins)
				return bad(err,
					   "pool: \"origins\" given twice");
			pl->origins = calloc((size_t)cJSON_GetArraySize(v) + 1,
					     sizeof(*pl->origins));
			if (!pl->origins)
				return cf_error_set(err, CF_ERR_NOMEM,
						    "out of memory");
			cJSON_ArrayForEach(it, v)
			{
				char ow[64];

				snprintf(ow, sizeof(ow), "pool.origins[%zu]",
					 n);
				cf_origin_init(&pl->origins[n]);
				pl->norigins = ++n;
				st = decode_origin(it, ow, &pl->origins[n - 1],
						   err);
				if (st)
					return st;
			}
		} else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

static enum cf_status
decode_lb(const cJSON *o, struct cf_plan *p, struct cf_error *err)
{
	struct cf_load_balancer *lb = &p->lb;
	const char *w = "load_balancer";
	const cJSON *v;

	if (!cJSON_IsObject(o))
		return bad(err, "load_balancer: expected an object");
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st;

		if (IS("name"))
			st = get_str(v, w, &lb->name, err);
		else if (IS("description"))
			st = get_str(v, w, &lb->description, err);
		else if (IS("enabled"))
			st = get_bool(v, w, &lb->enabled, err);
		else if (IS("proxied"))
			st = get_bool(v, w, &lb->proxied, err);
		else if (IS("ttl")) {
			lb->has_ttl = !cJSON_IsNull(v);
			st = lb->has_ttl ? get_num(v, w, &lb->ttl, err) : CF_OK;
		} else if (IS("default_pools"))
			st = get_strv(v, w, &lb->default_pools, err);
		else if (IS("fallback_pool"))
			st = get_str(v, w, &lb->fallback_pool, err);
		else if (IS("steering_policy"))
			st = get_str(v, w, &lb->steering_policy, err);
		else if (IS("region_pools"))
			st = get_pool_map(v, w, &lb->region_pools, err);
		else if (IS("country_pools"))
			st = get_pool_map(v, w, &lb->country_pools, err);
		else if (IS("pop_pools"))
			st = get_pool_map(v, w, &lb->pop_pools, err);
		else if (IS("session_affinity"))
			st = get_str(v, w, &lb->session_affinity, err);
		else if (IS("session_affinity_ttl")) {
			lb->has_session_affinity_ttl = !cJSON_IsNull(v);
			st = lb->has_session_affinity_ttl
				     ? get_num(v, w, &lb->session_affinity_ttl,
					       err)
				     : CF_OK;
		} else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

static enum cf_status
decode_cname(const cJSON *o, struct cf_plan *p, struct cf_error *err)
{
	struct cf_dns_record *r = &p->cname;
	const char *w = "cname";
	const cJSON *v;

	if (cJSON_IsNull(o)) {
		p->cname_source = CF_PLAN_SKIP;
		return CF_OK;
	}
	if (!cJSON_IsObject(o))
		return bad(err,
			   "cname: expected an object, or null to skip it");
	p->cname_source = CF_PLAN_CREATE;
	r->has_proxied = true;
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st;

		if (IS("name"))
			st = get_str(v, w, &r->name, err);
		else if (IS("content"))
			st = get_str(v, w, &r->content, err);
		else if (IS("proxied"))
			st = get_bool(v, w, &r->proxied, err);
		else if (IS("ttl"))
			st = get_num(v, w, &r->ttl, err);
		else if (IS("comment"))
			st = get_str(v, w, &r->comment, err);
		else if (IS("type")) {
			if (!cJSON_IsString(v) ||
			    strcmp(v->valuestring, "CNAME"))
				return bad(err,
					   "cname.type: the plan creates a "
					   "CNAME record only");
			st = CF_OK;
		} else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

static enum cf_status
decode_state(const cJSON *o, struct cf_plan *p, struct cf_error *err)
{
	const char *w = "state";
	const cJSON *v, *it;

	if (!cJSON_IsObject(o))
		return bad(err, "state: expected an object");
	cJSON_ArrayForEach(v, o)
	{
		const char *key = v->string;
		enum cf_status st = CF_OK;

		if (IS("account_id"))
			st = get_str(v, w, &p->account_id, err);
		else if (IS("zone_id"))
			st = get_str(v, w, &p->zone_id, err);
		else if (IS("steps")) {
			if (!cJSON_IsArray(v))
				return bad(err,
					   "state.steps: expected an array");
			if (p->steps)
				return bad(err, "state: \"steps\" given twice");
			p->steps = calloc((size_t)cJSON_GetArraySize(v) + 1,
					  sizeof(*p->steps));
			if (!p->steps)
				return cf_error_set(err, CF_ERR_NOMEM,
						    "out of memory");
			cJSON_ArrayForEach(it, v)
			{
				struct cf_plan_step_state *s =
					&p->steps[p->nsteps++];
				const cJSON *f;
				const char *sw = "state.steps[]";

				if (!cJSON_IsObject(it))
					return bad(err,
						   "%s: expected an object",
						   sw);
				cJSON_ArrayForEach(f, it)
				{
					const char *k = f->string;

					if (!strcmp(k, "step"))
						st = get_str(f, sw, &s->step,
							     err);
					else if (!strcmp(k, "status"))
						st = get_str(f, sw, &s->status,
							     err);
					else if (!strcmp(k, "id"))
						st = get_str(f, sw, &s->id,
							     err);
					else if (!strcmp(k, "before")) {
						char *t = cf_json_print(f);

						if (!t)
							return cf_error_set(
								err,
								CF_ERR_NOMEM,
								"out of memory");
						free(s->before);
						s->before = t;
					} else if (!strcmp(k, "preexisting"))
						st = get_strv(f, sw,
							      &s->preexisting,
							      err);
					else
						st = unknown_key(err, sw, k);
					if (st)
						return st;
				}
				if (!s->step || !s->status)
					return bad(
						err,
						"state.steps[]: \"step\" and "
						"\"status\" are required");
			}
		} else
			st = unknown_key(err, w, key);
		if (st)
			return st;
	}
	return CF_OK;
}

enum cf_status
cf_plan_decode(const char *json, struct cf_plan *out, struct cf_error *err)
{
	cJSON *root = NULL;
	const cJSON *v;
	enum cf_status st = CF_OK;
	bool have_version = false, have_lb = false;

	cf_plan_init(out);
	if (!json || !(root = cJSON_Parse(json))) {
		st = cf_error_set(err, CF_ERR_MALFORMED,
				  "the plan file is not valid JSON");
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		st = bad(err, "a plan is a JSON object");
		goto out;
	}
	cJSON_ArrayForEach(v, root)
	{
		const char *key = v->string;

		if (IS("cfconsole_plan")) {
			if (!cJSON_IsNumber(v) ||
			    v->valuedouble != CF_PLAN_VERSION) {
				st = bad(err,
					 "cfconsole_plan: this cfconsole reads "
					 "version %d plans",
					 CF_PLAN_VERSION);
				goto out;
			}
			have_version = true;
		} else if (IS("description"))
			st = get_str(v, "plan", &out->description, err);
		else if (IS("zone"))
			st = get_str(v, "plan", &out->zone, err);
		else if (IS("monitor"))
			st = decode_monitor(v, out, err);
		else if (IS("pool"))
			st = decode_pool(v, out, err);
		else if (IS("load_balancer")) {
			st = decode_lb(v, out, err);
			have_lb = true;
		} else if (IS("cname"))
			st = decode_cname(v, out, err);
		else if (IS("state"))
			st = decode_state(v, out, err);
		else
			st = unknown_key(err, "plan", key);
		if (st)
			goto out;
	}
	if (!have_version)
		st = bad(err,
			 "not a cfconsole plan: \"cfconsole_plan\": %d is "
			 "missing",
			 CF_PLAN_VERSION);
	else if (!cJSON_GetObjectItemCaseSensitive(root, "monitor") ||
		 !cJSON_GetObjectItemCaseSensitive(root, "pool") || !have_lb)
		st = bad(err, "a plan needs \"monitor\", \"pool\" and "
			      "\"load_balancer\"");
out:
	cJSON_Delete(root);
	if (st)
		cf_plan_free(out);
	return st;
}

#undef IS

/* ---- encoding --------------------------------------------------------- */

/* Builders that tolerate a NULL parent (out-of-memory is checked once at
 * the end by printing, which fails on a partial tree only by being NULL). */
static cJSON *
add_obj(cJSON *o, const char *key)
{
	cJSON *c = cJSON_CreateObject();

	if (c && !cJSON_AddItemToObject(o, key, c)) {
		cJSON_Delete(c);
		return NULL;
	}
	return c;
}

static bool
add_str(cJSON *o, const char *key, const char *s)
{
	return s ? cJSON_AddStringToObject(o, key, s) != NULL
		 : cJSON_AddNullToObject(o, key) != NULL;
}

static bool
add_strv(cJSON *o, const char *key, const struct cf_strv *v)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	size_t i;

	for (i = 0; a && i < v->n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(v->v[i])))
			return false;
	return a != NULL;
}

static bool
add_pool_map(cJSON *o, const char *key, const struct cf_pool_map *m)
{
	cJSON *c = add_obj(o, key);
	size_t i;

	for (i = 0; c && i < m->n; i++)
		if (!add_strv(c, m->e[i].key, &m->e[i].pool_ids))
			return false;
	return c != NULL;
}

static bool
encode_monitor(cJSON *root, const struct cf_plan *p)
{
	const struct cf_monitor *m = &p->monitor;
	cJSON *o, *h;
	size_t i;
	bool ok;

	if (p->monitor_source == CF_PLAN_SKIP)
		return cJSON_AddNullToObject(root, "monitor") != NULL;
	o = add_obj(root, "monitor");
	ok = o != NULL;
	if (!ok)
		return false;
	if (p->monitor_source == CF_PLAN_EXISTING)
		return add_str(o, "existing", p->monitor_id);
	ok = ok &&
	     add_str(o, "description", m->description ? m->description : "");
	ok = ok && add_str(o, "type", m->type);
	ok = ok && add_str(o, "method", m->method);
	ok = ok && add_str(o, "path", m->path);
	ok = ok && cJSON_AddNumberToObject(o, "port", m->port);
	ok = ok && add_str(o, "expected_codes", m->expected_codes);
	ok = ok && add_str(o, "expected_body",
			   m->expected_body ? m->expected_body : "");
	h = ok ? add_obj(o, "header") : NULL;
	for (i = 0; h && i < m->header.n; i++)
		ok = ok &&
		     add_strv(h, m->header.e[i].name, &m->header.e[i].values);
	ok = ok && h;
	ok = ok && cJSON_AddNumberToObject(o, "interval", m->interval);
	ok = ok && cJSON_AddNumberToObject(o, "timeout", m->timeout);
	ok = ok && cJSON_AddNumberToObject(o, "retries", m->retries);
	ok = ok &&
	     cJSON_AddNumberToObject(o, "consecutive_up", m->consecutive_up);
	ok = ok && cJSON_AddNumberToObject(o, "consecutive_down",
					   m->consecutive_down);
	ok = ok &&
	     cJSON_AddBoolToObject(o, "follow_redirects", m->follow_redirects);
	ok = ok &&
	     cJSON_AddBoolToObject(o, "allow_insecure", m->allow_insecure);
	if (m->probe_zone && *m->probe_zone)
		ok = ok && add_str(o, "probe_zone", m->probe_zone);
	return ok;
}

static bool
encode_pool(cJSON *root, const struct cf_plan *p)
{
	const struct cf_pool *pl = &p->pool;
	cJSON *o = add_obj(root, "pool"), *arr, *st;
	size_t i;
	bool ok = o != NULL;

	if (!ok)
		return false;
	if (p->pool_source == CF_PLAN_EXISTING)
		return add_str(o, "existing", p->pool_id);
	ok = ok && add_str(o, "name", pl->name);
	ok = ok &&
	     add_str(o, "description", pl->description ? pl->description : "");
	ok = ok && cJSON_AddBoolToObject(o, "enabled", pl->enabled);
	ok = ok &&
	     cJSON_AddNumberToObject(o, "minimum_origins", pl->minimum_origins);
	st = ok ? add_obj(o, "origin_steering") : NULL;
	ok = ok && st &&
	     add_str(st, "policy",
		     pl->origin_steering_policy ? pl->origin_steering_policy
						: "random");
	if (pl->has_check_regions)
		ok = ok && add_strv(o, "check_regions", &pl->check_regions);
	else
		ok = ok && cJSON_AddNullToObject(o, "check_regions");
	arr = ok ? cJSON_AddArrayToObject(o, "origins") : NULL;
	ok = ok && arr;
	for (i = 0; ok && i < pl->norigins; i++) {
		const struct cf_origin *org = &pl->origins[i];
		cJSON *it = cJSON_CreateObject();

		ok = it && cJSON_AddItemToArray(arr, it);
		if (!ok) {
			cJSON_Delete(it);
			break;
		}
		ok = add_str(it, "name", org->name) &&
		     add_str(it, "address", org->address ? org->address : "") &&
		     cJSON_AddBoolToObject(it, "enabled", org->enabled) &&
		     cJSON_AddNumberToObject(it, "weight", org->weight);
		if (ok && org->header_host.n) {
			cJSON *h = add_obj(it, "header");

			ok = h && add_strv(h, "Host", &org->header_host);
		}
	}
	return ok;
}

static bool
encode_lb(cJSON *root, const struct cf_plan *p)
{
	const struct cf_load_balancer *lb = &p->lb;
	cJSON *o = add_obj(root, "load_balancer");
	bool ok = o != NULL;

	ok = ok && add_str(o, "name", lb->name);
	ok = ok &&
	     add_str(o, "description", lb->description ? lb->description : "");
	ok = ok && cJSON_AddBoolToObject(o, "enabled", lb->enabled);
	ok = ok && cJSON_AddBoolToObject(o, "proxied", lb->proxied);
	if (lb->has_ttl)
		ok = ok && cJSON_AddNumberToObject(o, "ttl", lb->ttl);
	ok = ok && add_strv(o, "default_pools", &lb->default_pools);
	ok = ok && add_str(o, "fallback_pool", lb->fallback_pool);
	ok = ok && add_str(o, "steering_policy",
			   lb->steering_policy ? lb->steering_policy : "");
	ok = ok && add_pool_map(o, "pop_pools", &lb->pop_pools);
	ok = ok && add_pool_map(o, "region_pools", &lb->region_pools);
	ok = ok && add_pool_map(o, "country_pools", &lb->country_pools);
	ok = ok && add_str(o, "session_affinity",
			   lb->session_affinity ? lb->session_affinity : "");
	if (lb->has_session_affinity_ttl)
		ok = ok && cJSON_AddNumberToObject(o, "session_affinity_ttl",
						   lb->session_affinity_ttl);
	return ok;
}

static bool
encode_cname(cJSON *root, const struct cf_plan *p)
{
	const struct cf_dns_record *r = &p->cname;
	cJSON *o;
	bool ok;

	if (p->cname_source != CF_PLAN_CREATE)
		return cJSON_AddNullToObject(root, "cname") != NULL;
	o = add_obj(root, "cname");
	ok = o != NULL;
	ok = ok && add_str(o, "name", r->name);
	ok = ok && add_str(o, "content", r->content);
	ok = ok && cJSON_AddBoolToObject(o, "proxied", r->proxied);
	ok = ok && cJSON_AddNumberToObject(o, "ttl", r->ttl);
	if (r->comment && *r->comment)
		ok = ok && add_str(o, "comment", r->comment);
	return ok;
}

static bool
encode_state(cJSON *root, const struct cf_plan *p)
{
	cJSON *o, *arr;
	size_t i;
	bool ok;

	if (!p->account_id && !p->zone_id && !p->nsteps)
		return true;
	o = add_obj(root, "state");
	ok = o != NULL;
	if (p->account_id)
		ok = ok && add_str(o, "account_id", p->account_id);
	if (p->zone_id)
		ok = ok && add_str(o, "zone_id", p->zone_id);
	arr = ok ? cJSON_AddArrayToObject(o, "steps") : NULL;
	ok = ok && arr;
	for (i = 0; ok && i < p->nsteps; i++) {
		const struct cf_plan_step_state *s = &p->steps[i];
		cJSON *it = cJSON_CreateObject();

		ok = it && cJSON_AddItemToArray(arr, it);
		if (!ok) {
			cJSON_Delete(it);
			break;
		}
		ok = add_str(it, "step", s->step) &&
		     add_str(it, "status", s->status);
		if (ok && s->id)
			ok = add_str(it, "id", s->id);
		if (ok && s->before) {
			cJSON *b = cJSON_Parse(s->before);

			ok = b && cJSON_AddItemToObject(it, "before", b);
			if (!ok)
				cJSON_Delete(b);
		}
		if (ok && s->preexisting.n)
			ok = add_strv(it, "preexisting", &s->preexisting);
	}
	return ok;
}

char *
cf_plan_encode(const struct cf_plan *p, bool with_state)
{
	cJSON *root = cJSON_CreateObject();
	char *compact = NULL, *pretty = NULL, *out = NULL;
	bool ok = root != NULL;
	size_t len;

	ok = ok &&
	     cJSON_AddNumberToObject(root, "cfconsole_plan", CF_PLAN_VERSION);
	if (ok && p->description)
		ok = add_str(root, "description", p->description);
	ok = ok && add_str(root, "zone", p->zone ? p->zone : "");
	ok = ok && encode_monitor(root, p);
	ok = ok && encode_pool(root, p);
	ok = ok && encode_lb(root, p);
	ok = ok && encode_cname(root, p);
	if (with_state)
		ok = ok && encode_state(root, p);
	if (ok)
		compact = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (compact)
		pretty = cf_json_pretty(compact);
	cJSON_free(compact);
	if (!pretty)
		return NULL;
	len = strlen(pretty);
	out = realloc(pretty, len + 2);
	if (!out) {
		free(pretty);
		return NULL;
	}
	out[len] = '\n';
	out[len + 1] = '\0';
	return out;
}
