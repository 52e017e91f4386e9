/* h_lbs.c: cfsim's load balancer endpoints -- list, create, get, PUT, PATCH, delete, per zone. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/lbobj.h"
#include "sim/sim.h"
#include "sim/validate.h"

static const char *const lb_fields[] = {
	"name",
	"description",
	"enabled",
	"ttl",
	"fallback_pool",
	"default_pools",
	"region_pools",
	"country_pools",
	"pop_pools",
	"proxied",
	"steering_policy",
	"session_affinity",
	"session_affinity_ttl",
	"session_affinity_attributes",
	"location_strategy",
	"adaptive_routing",
	"random_steering",
	"rules",
	NULL,
};

static cJSON *
lb_defaults(void)
{
	cJSON *lb = cJSON_CreateObject(), *o;

	cJSON_AddStringToObject(lb, "description", "");
	cJSON_AddStringToObject(lb, "name", "");
	cJSON_AddBoolToObject(lb, "enabled", 1);
	cJSON_AddNumberToObject(lb, "ttl", 30);
	cJSON_AddStringToObject(lb, "fallback_pool", "");
	cJSON_AddArrayToObject(lb, "default_pools");
	cJSON_AddObjectToObject(lb, "region_pools");
	cJSON_AddObjectToObject(lb, "country_pools");
	cJSON_AddObjectToObject(lb, "pop_pools");
	cJSON_AddBoolToObject(lb, "proxied", 0);
	cJSON_AddStringToObject(lb, "steering_policy", "");
	cJSON_AddStringToObject(lb, "session_affinity", "");
	o = cJSON_AddObjectToObject(lb, "session_affinity_attributes");
	cJSON_AddStringToObject(o, "samesite", "Auto");
	cJSON_AddStringToObject(o, "secure", "Auto");
	cJSON_AddNumberToObject(o, "drain_duration", 0);
	cJSON_AddStringToObject(o, "zero_downtime_failover", "none");
	o = cJSON_AddObjectToObject(lb, "location_strategy");
	cJSON_AddStringToObject(o, "mode", "pop");
	cJSON_AddStringToObject(o, "prefer_ecs", "proximity");
	o = cJSON_AddObjectToObject(lb, "adaptive_routing");
	cJSON_AddBoolToObject(o, "failover_across_pools", 0);
	cJSON_AddArrayToObject(lb, "rules");
	return lb;
}

static bool
map_nonempty(const cJSON *lb, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(lb, key);

	return cJSON_IsObject(m) && m->child;
}

/*
 * The empty steering policy and session affinity are stored resolved:
 * "" means geo when region/country/PoP pools exist, else off (NOTES.md),
 * and the spec's enum cannot carry a literal "" anyway.
 */
static void
resolve_empties(cJSON *lb)
{
	cJSON *sp = cJSON_GetObjectItemCaseSensitive(lb, "steering_policy");
	cJSON *sa = cJSON_GetObjectItemCaseSensitive(lb, "session_affinity");

	if (cJSON_IsString(sp) && !*sp->valuestring)
		cJSON_SetValuestring(
			sp, map_nonempty(lb, "region_pools") ||
					    map_nonempty(lb, "country_pools") ||
					    map_nonempty(lb, "pop_pools")
				    ? "geo"
				    : "off");
	if (cJSON_IsString(sa) && !*sa->valuestring)
		cJSON_SetValuestring(sa, "none");
}

static const char *
missing_pool(struct world *w, const cJSON *lb)
{
	static const char *const maps[] = { "region_pools", "country_pools",
					    "pop_pools", NULL };
	const cJSON *it, *l, *p;
	size_t i;

	if (!world_find_pool(w, jstr(lb, "fallback_pool")))
		return jstr(lb, "fallback_pool");
	cJSON_ArrayForEach(
		it,
		cJSON_GetObjectItemCaseSensitive(
			lb,
			"default_"
			"pool"
			"s")) if (!world_find_pool(w,
						   it->valuestring)) return it
		->valuestring;
	for (i = 0; maps[i]; i++)
		cJSON_ArrayForEach(
			l, cJSON_GetObjectItemCaseSensitive(lb, maps[i]))
			cJSON_ArrayForEach(p, l) if (
				!world_find_pool(w, p->valuestring)) return p
				->valuestring;
	return NULL;
}

static cJSON *
make_lb(struct sim *sim, struct zone *z, const cJSON *base, const cJSON *body,
	bool full, struct sim_resp *rs)
{
	cJSON *lb, *name, *other;
	const char *missing;
	char msg[600];
	size_t i;

	if (full &&
	    (!cJSON_GetObjectItemCaseSensitive(body, "name") ||
	     !cJSON_GetObjectItemCaseSensitive(body, "default_pools") ||
	     !cJSON_GetObjectItemCaseSensitive(body, "fallback_pool"))) {
		resp_lb_invalid(rs, "name, default_pools and fallback_pool are "
				    "required");
		return NULL;
	}
	lb = base ? cJSON_Duplicate(base, 1) : lb_defaults();
	lbobj_apply(lb, body, lb_fields);
	name = cJSON_GetObjectItemCaseSensitive(lb, "name");
	if (cJSON_IsString(name)) {
		char buf[300];

		snprintf(buf, sizeof(buf), "%.255s", name->valuestring);
		for (i = 0; buf[i]; i++)
			buf[i] = (char)tolower((unsigned char)buf[i]);
		cJSON_SetValuestring(name, buf);
	}
	if (!validate_lb(lb, zone_name(z), msg, sizeof(msg))) {
		resp_lb_invalid(rs, msg);
		cJSON_Delete(lb);
		return NULL;
	}
	missing = missing_pool(sim->world, lb);
	if (missing) {
		snprintf(msg, sizeof(msg), "pool %.64s does not exist",
			 missing);
		resp_lb_invalid(rs, msg);
		cJSON_Delete(lb);
		return NULL;
	}
	cJSON_ArrayForEach(other, z->lbs)
	{
		if (base && !strcmp(jstr(other, "id"), jstr(base, "id")))
			continue;
		if (!strcasecmp(jstr(other, "name"), jstr(lb, "name"))) {
			snprintf(msg, sizeof(msg),
				 "a load balancer named %.255s already exists",
				 jstr(lb, "name"));
			resp_lb_invalid(rs, msg);
			cJSON_Delete(lb);
			return NULL;
		}
	}
	resolve_empties(lb);
	lbobj_stamp(lb, base);
	return lb;
}

void
h_lbs(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	const char *method = rq->method;
	struct zone *z = req_zone_lock(sim, rq, rs);
	cJSON *lb, *body, *n;
	bool changed = false;

	if (!z)
		return;
	if (rq->nsegs == 3) {
		if (!strcmp(method, "GET")) {
			cJSON *arr = cJSON_CreateArray();

			cJSON_ArrayForEach(lb, z->lbs)
				cJSON_AddItemReferenceToArray(arr, lb);
			resp_ok_list(rs, arr);
		} else if (!strcmp(method, "POST")) {
			body = req_json_object(rq, rs, SIM_LB);
			n = body ? make_lb(sim, z, NULL, body, true, rs) : NULL;
			cJSON_Delete(body);
			if (n) {
				cJSON_AddItemToArray(z->lbs, n);
				sim->world->changes++;
				changed = true;
				resp_ok(rs, SIM_LB, cJSON_Duplicate(n, 1), NULL,
					NULL);
			}
		} else {
			resp_bad_method(rs, SIM_LB);
		}
		goto out;
	}
	if (!req_id_ok(rq, 3, rs))
		goto out;
	lb = zone_find_lb(z, rq->segs[3]);
	if (!lb) {
		lbobj_not_found(rs, "load balancer");
		goto out;
	}
	if (!strcmp(method, "GET")) {
		resp_ok(rs, SIM_LB, cJSON_Duplicate(lb, 1), NULL, NULL);
	} else if (!strcmp(method, "PUT") || !strcmp(method, "PATCH")) {
		bool put = !strcmp(method, "PUT");

		body = req_json_object(rq, rs, SIM_LB);
		if (body && put) {
			cJSON *base = lb_defaults();

			cJSON_AddStringToObject(base, "id", jstr(lb, "id"));
			cJSON_AddStringToObject(base, "created_on",
						jstr(lb, "created_on"));
			n = make_lb(sim, z, base, body, true, rs);
			cJSON_Delete(base);
		} else {
			n = body ? make_lb(sim, z, lb, body, false, rs) : NULL;
		}
		cJSON_Delete(body);
		if (n) {
			cJSON_ReplaceItemViaPointer(z->lbs, lb, n);
			sim->world->changes++;
			changed = true;
			resp_ok(rs, SIM_LB, cJSON_Duplicate(n, 1), NULL, NULL);
		}
	} else if (!strcmp(method, "DELETE")) {
		cJSON *res = cJSON_CreateObject();

		cJSON_AddStringToObject(res, "id", rq->segs[3]);
		cJSON_Delete(cJSON_DetachItemViaPointer(z->lbs, lb));
		sim->world->changes++;
		changed = true;
		resp_ok(rs, SIM_LB, res, NULL, NULL);
	} else {
		resp_bad_method(rs, SIM_LB);
	}
out:
	world_unlock(sim->world);
	if (changed)
		sim_changed(sim);
}
