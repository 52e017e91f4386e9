/* h_pools.c: cfsim's pool endpoints -- list, create, get, PUT, PATCH, delete (412 when used), health, preview, references. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lbobj.h"
#include "sim/sim.h"
#include "sim/validate.h"

static const char *const pool_fields[] = {
	"name",
	"description",
	"enabled",
	"minimum_origins",
	"monitor",
	"check_regions",
	"latitude",
	"longitude",
	"notification_email",
	"notification_filter",
	"load_shedding",
	"origin_steering",
	"origins",
	NULL,
};

static const char *const origin_fields[] = { "name",	"address",
					     "enabled", "weight",
					     "header",	"virtual_network_id",
					     NULL };

static cJSON *
pool_defaults(void)
{
	cJSON *p = cJSON_CreateObject(), *o;

	cJSON_AddStringToObject(p, "name", "");
	cJSON_AddStringToObject(p, "description", "");
	cJSON_AddBoolToObject(p, "enabled", 1);
	cJSON_AddNumberToObject(p, "minimum_origins", 1);
	cJSON_AddNullToObject(p, "check_regions");
	cJSON_AddStringToObject(p, "notification_email", "");
	o = cJSON_AddObjectToObject(p, "load_shedding");
	cJSON_AddNumberToObject(o, "default_percent", 0);
	cJSON_AddStringToObject(o, "default_policy", "random");
	cJSON_AddNumberToObject(o, "session_percent", 0);
	cJSON_AddStringToObject(o, "session_policy", "hash");
	o = cJSON_AddObjectToObject(p, "origin_steering");
	cJSON_AddStringToObject(o, "policy", "random");
	cJSON_AddArrayToObject(p, "origins");
	return p;
}

/* disabled_at appears while enabled is false (pool or origin). */
static void
mark_disabled(cJSON *o, const cJSON *old, const char *now)
{
	bool enabled =
		!cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "enabled"));
	const char *prev = old ? jstr(old, "disabled_at") : "";

	cJSON_DeleteItemFromObjectCaseSensitive(o, "disabled_at");
	if (!enabled)
		cJSON_AddStringToObject(o, "disabled_at", *prev ? prev : now);
}

/* Origins with defaults filled in (enabled true, weight 1). */
static void
normalize_origins(cJSON *p, const cJSON *old, const char *now)
{
	cJSON *origins = cJSON_GetObjectItemCaseSensitive(p, "origins");
	const cJSON *old_origins =
		old ? cJSON_GetObjectItemCaseSensitive(old, "origins") : NULL;
	cJSON *fixed = cJSON_CreateArray(), *o;

	cJSON_ArrayForEach(o, origins)
	{
		cJSON *n = cJSON_CreateObject();
		const cJSON *prev = NULL, *it;

		cJSON_AddStringToObject(n, "name", "");
		cJSON_AddStringToObject(n, "address", "");
		cJSON_AddBoolToObject(n, "enabled", 1);
		cJSON_AddNumberToObject(n, "weight", 1);
		lbobj_apply(n, o, origin_fields);
		cJSON_ArrayForEach(
			it, old_origins) if (!strcmp(jstr(it, "address"),
						     jstr(n, "address")) &&
					     !strcmp(jstr(it, "name"),
						     jstr(n, "name"))) prev =
			it;
		mark_disabled(n, prev, now);
		cJSON_AddItemToArray(fixed, n);
	}
	cJSON_ReplaceItemInObjectCaseSensitive(p, "origins", fixed);
}

/*
 * An origin's Host override must name a zone of the account or a name
 * inside one (ERRORS.md §6). Returns the offending origin, or NULL.
 */
static const cJSON *
bad_host_origin(struct world *w, const cJSON *p, const char **host)
{
	const cJSON *o;
	size_t i;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(p, "origins"))
	{
		const cJSON *h = cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(o, "header"),
				"Host"),
			0);
		bool ok = false;

		if (!cJSON_IsString(h))
			continue;
		for (i = 0; i < w->nzones && !ok; i++)
			ok = validate_in_zone(h->valuestring,
					      zone_name(w->zones[i]));
		if (!ok) {
			*host = h->valuestring;
			return o;
		}
	}
	return NULL;
}

/* Pool from body on top of base (NULL: defaults), validated, stamped. */
static cJSON *
make_pool(struct sim *sim, const cJSON *base, const cJSON *body, bool full,
	  struct sim_resp *rs)
{
	cJSON *p;
	const cJSON *mon;
	char msg[300], now[40];

	if (full && (!cJSON_GetObjectItemCaseSensitive(body, "name") ||
		     !cJSON_GetObjectItemCaseSensitive(body, "origins"))) {
		resp_lb_invalid(rs, "name and origins are required");
		return NULL;
	}
	p = base ? cJSON_Duplicate(base, 1) : pool_defaults();
	lbobj_apply(p, body, pool_fields);
	mon = cJSON_GetObjectItemCaseSensitive(p, "monitor");
	if (cJSON_IsNull(mon) || (cJSON_IsString(mon) && !*mon->valuestring))
		cJSON_DeleteItemFromObjectCaseSensitive(p, "monitor");
	if (!validate_pool(p, msg, sizeof(msg))) {
		resp_lb_invalid(rs, msg);
		cJSON_Delete(p);
		return NULL;
	}
	mon = cJSON_GetObjectItemCaseSensitive(p, "monitor");
	if (mon && !world_find_monitor(sim->world, mon->valuestring)) {
		snprintf(msg, sizeof(msg), "monitor %.64s does not exist",
			 mon->valuestring);
		resp_lb_invalid(rs, msg);
		cJSON_Delete(p);
		return NULL;
	}
	{
		const char *host = NULL;
		const cJSON *o = bad_host_origin(sim->world, p, &host);

		if (o) {
			snprintf(
				msg, sizeof(msg),
				"Host header \"%.100s\" not allowed for origin "
				"domain \"%.100s\"",
				host, jstr(o, "address"));
			resp_lb_invalid(rs, msg);
			cJSON_Delete(p);
			return NULL;
		}
	}
	world_now(now);
	normalize_origins(p, base, now);
	mark_disabled(p, base, now);
	lbobj_stamp(p, base);
	return p;
}

cJSON *
sim_pool_out(struct sim *sim, const cJSON *pool)
{
	cJSON *out = cJSON_Duplicate(pool, 1);
	int st = sim->health
			 ? sim_health_pool_state(sim->health, jstr(pool, "id"))
			 : -1;

	if (st >= 0)
		cJSON_AddBoolToObject(out, "healthy", st == 1);
	return out;
}

cJSON *
sim_world_snapshot(void *ud)
{
	struct sim *sim = ud;
	cJSON *arr = cJSON_CreateArray(), *p;

	world_lock(sim->world);
	cJSON_ArrayForEach(p, sim->world->pools)
	{
		cJSON *e = cJSON_CreateObject();
		const cJSON *m =
			world_find_monitor(sim->world, jstr(p, "monitor"));

		cJSON_AddItemToObject(e, "pool", cJSON_Duplicate(p, 1));
		cJSON_AddItemToObject(e, "monitor",
				      m ? cJSON_Duplicate(m, 1)
					: cJSON_CreateNull());
		cJSON_AddItemToArray(arr, e);
	}
	world_unlock(sim->world);
	return arr;
}

static bool
pool_in_use(struct world *w, const char *id)
{
	size_t i;
	const cJSON *lb;

	for (i = 0; i < w->nzones; i++)
		cJSON_ArrayForEach(
			lb,
			w->zones[i]
				->lbs) if (lbobj_lb_uses_pool(lb,
							      id)) return true;
	return false;
}

static cJSON *
references(struct world *w, const cJSON *pool)
{
	cJSON *arr = cJSON_CreateArray(), *r;
	const cJSON *lb, *m;
	size_t i;

	for (i = 0; i < w->nzones; i++) {
		cJSON_ArrayForEach(lb, w->zones[i]->lbs)
		{
			if (!lbobj_lb_uses_pool(lb, jstr(pool, "id")))
				continue;
			r = cJSON_CreateObject();
			cJSON_AddStringToObject(r, "reference_type",
						"referrer");
			cJSON_AddStringToObject(r, "resource_id",
						jstr(lb, "id"));
			cJSON_AddStringToObject(r, "resource_name",
						jstr(lb, "name"));
			cJSON_AddStringToObject(r, "resource_type",
						"load_balancer");
			cJSON_AddItemToArray(arr, r);
		}
	}
	m = world_find_monitor(w, jstr(pool, "monitor"));
	if (m) {
		r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "reference_type", "referral");
		cJSON_AddStringToObject(r, "resource_id", jstr(m, "id"));
		cJSON_AddStringToObject(r, "resource_name",
					*jstr(m, "description")
						? jstr(m, "description")
						: jstr(m, "id"));
		cJSON_AddStringToObject(r, "resource_type", "monitor");
		cJSON_AddItemToArray(arr, r);
	}
	return arr;
}

static void
sub_resource(struct sim *sim, struct sim_req *rq, struct sim_resp *rs,
	     cJSON *pool)
{
	const char *what = rq->segs[5];

	if (!strcmp(what, "references")) {
		if (strcmp(rq->method, "GET") != 0) {
			resp_bad_method(rs, SIM_LB);
		} else {
			resp_ok_list(rs, references(sim->world, pool));
		}
	} else if (!strcmp(what, "health")) {
		cJSON *h;

		if (strcmp(rq->method, "GET") != 0) {
			resp_bad_method(rs, SIM_LB);
			return;
		}
		h = sim->health ? sim_health_pool_json(sim->health,
						       jstr(pool, "id"))
				: NULL;
		if (h)
			resp_ok(rs, SIM_LB, h, NULL, NULL);
		else
			resp_err(rs, SIM_LB, 404, SIM_CODE_HEALTH_UNAVAILABLE,
				 "Health info unavailable (cfsim: no probe of "
				 "this pool has finished)");
	} else if (!strcmp(what, "preview")) {
		cJSON *body, *m, *pools, *res;
		char msg[300], *pid;

		if (strcmp(rq->method, "POST") != 0) {
			resp_bad_method(rs, SIM_LB);
			return;
		}
		body = req_json_object(rq, rs, SIM_LB);
		if (!body)
			return;
		if (!cJSON_GetObjectItemCaseSensitive(body, "expected_codes")) {
			cJSON_Delete(body);
			resp_lb_invalid(rs, "expected_codes is required");
			return;
		}
		m = lbobj_monitor_from(NULL, body);
		cJSON_Delete(body);
		if (!validate_monitor(m, sim->cfg->min_interval, msg,
				      sizeof(msg))) {
			resp_lb_invalid(rs, msg);
			cJSON_Delete(m);
			return;
		}
		if (!sim->health) {
			cJSON_Delete(m);
			lbobj_not_found(rs, "health engine (disabled)");
			return;
		}
		pools = cJSON_CreateArray();
		cJSON_AddItemToArray(pools, cJSON_Duplicate(pool, 1));
		pid = sim_health_preview_start(sim->health, m, pools);
		res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "preview_id", pid ? pid : "");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "pools"),
					jstr(pool, "id"), jstr(pool, "name"));
		resp_ok(rs, SIM_LB, res, NULL, NULL);
		free(pid);
		cJSON_Delete(m);
		cJSON_Delete(pools);
	} else {
		resp_no_route(rs, rq);
	}
}

void
h_pools(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	struct world *w = sim->world;
	const char *method = rq->method;
	cJSON *pool, *body, *p;
	bool changed = false, forget = false;

	if (!req_account_ok(sim, rq, rs))
		return;
	if (rq->nsegs >= 5 && !req_id_ok(rq, 4, rs))
		return;
	world_lock(w);
	if (rq->nsegs == 4) {
		if (!strcmp(method, "GET")) {
			const char *mon = req_query(rq, "monitor");
			cJSON *arr = cJSON_CreateArray();

			cJSON_ArrayForEach(pool, w->pools)
			{
				if (!mon || !strcmp(jstr(pool, "monitor"), mon))
					cJSON_AddItemToArray(
						arr, sim_pool_out(sim, pool));
			}
			resp_ok_list(rs, arr);
		} else if (!strcmp(method, "POST")) {
			body = req_json_object(rq, rs, SIM_LB);
			p = body ? make_pool(sim, NULL, body, true, rs) : NULL;
			cJSON_Delete(body);
			if (p) {
				cJSON_AddItemToArray(w->pools, p);
				w->changes++;
				changed = true;
				resp_ok(rs, SIM_LB, sim_pool_out(sim, p), NULL,
					NULL);
			}
		} else {
			resp_bad_method(rs, SIM_LB);
		}
		goto out;
	}
	pool = world_find_pool(w, rq->segs[4]);
	if (!pool) {
		lbobj_not_found(rs, "pool");
		goto out;
	}
	if (rq->nsegs == 6) {
		sub_resource(sim, rq, rs, pool);
		goto out;
	}
	if (!strcmp(method, "GET")) {
		resp_ok(rs, SIM_LB, sim_pool_out(sim, pool), NULL, NULL);
	} else if (!strcmp(method, "PUT") || !strcmp(method, "PATCH")) {
		bool put = !strcmp(method, "PUT");

		body = req_json_object(rq, rs, SIM_LB);
		if (body && put) {
			/* PUT replaces: start from defaults, keep identity. */
			cJSON *base = pool_defaults();

			cJSON_AddStringToObject(base, "id", jstr(pool, "id"));
			cJSON_AddStringToObject(base, "created_on",
						jstr(pool, "created_on"));
			p = make_pool(sim, base, body, true, rs);
			cJSON_Delete(base);
		} else {
			p = body ? make_pool(sim, pool, body, false, rs) : NULL;
		}
		cJSON_Delete(body);
		if (p) {
			cJSON_ReplaceItemViaPointer(w->pools, pool, p);
			w->changes++;
			changed = true;
			resp_ok(rs, SIM_LB, sim_pool_out(sim, p), NULL, NULL);
		}
	} else if (!strcmp(method, "DELETE")) {
		if (pool_in_use(w, rq->segs[4])) {
			resp_err(rs, SIM_LB, 412, 1005,
				 "This object is referenced by other objects, "
				 "delete them first.");
		} else {
			cJSON *res = cJSON_CreateObject();

			cJSON_AddStringToObject(res, "id", rq->segs[4]);
			cJSON_Delete(
				cJSON_DetachItemViaPointer(w->pools, pool));
			w->changes++;
			changed = forget = true;
			resp_ok(rs, SIM_LB, res, NULL, NULL);
		}
	} else {
		resp_bad_method(rs, SIM_LB);
	}
out:
	world_unlock(w);
	if (forget && sim->health)
		sim_health_forget_pool(sim->health, rq->segs[4]);
	if (changed)
		sim_changed(sim);
}
