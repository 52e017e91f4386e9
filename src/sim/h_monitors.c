/* h_monitors.c: cfsim's monitor endpoints -- list, create, get, PUT, PATCH, delete (412 when used), preview. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lbobj.h"
#include "sim/sim.h"
#include "sim/validate.h"

static bool
require_codes(const cJSON *body, struct sim_resp *rs)
{
	/* The spec requires expected_codes on create, PUT, PATCH and preview.
	 */
	if (cJSON_GetObjectItemCaseSensitive(body, "expected_codes"))
		return true;
	resp_lb_invalid(rs, "expected_codes is required");
	return false;
}

/* Monitor built from body on top of base (NULL: defaults), validated. */
static cJSON *
make_monitor(struct sim *sim, const cJSON *base, const cJSON *body,
	     struct sim_resp *rs)
{
	cJSON *m;
	char msg[300];

	if (!require_codes(body, rs))
		return NULL;
	m = lbobj_monitor_from(base, body);
	if (!validate_monitor(m, sim->cfg->min_interval, msg, sizeof(msg))) {
		resp_lb_invalid(rs, msg);
		cJSON_Delete(m);
		return NULL;
	}
	return m;
}

static bool
monitor_in_use(struct world *w, const char *id)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, w->pools) if (strcmp(jstr(p, "monitor"), id) ==
					    0) return true;
	return false;
}

/* POST .../monitors/{id}/preview: probe the pools that use the monitor. */
static void
preview(struct sim *sim, struct sim_req *rq, struct sim_resp *rs,
	const cJSON *existing)
{
	cJSON *body = req_json_object(rq, rs, SIM_LB), *m, *pools, *map, *res;
	const cJSON *p;
	char *pid;

	if (!body)
		return;
	m = make_monitor(sim, NULL, body, rs);
	cJSON_Delete(body);
	if (!m)
		return;
	pools = cJSON_CreateArray();
	map = cJSON_CreateObject();
	cJSON_ArrayForEach(p, sim->world->pools)
	{
		if (strcmp(jstr(p, "monitor"), jstr(existing, "id")) != 0)
			continue;
		cJSON_AddItemToArray(pools, cJSON_Duplicate(p, 1));
		cJSON_AddStringToObject(map, jstr(p, "id"), jstr(p, "name"));
	}
	if (!sim->health) {
		lbobj_not_found(rs, "health engine (disabled)");
		cJSON_Delete(m);
		cJSON_Delete(pools);
		cJSON_Delete(map);
		return;
	}
	pid = sim_health_preview_start(sim->health, m, pools);
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "preview_id", pid ? pid : "");
	cJSON_AddItemToObject(res, "pools", map);
	resp_ok(rs, SIM_LB, res, NULL, NULL);
	free(pid);
	cJSON_Delete(m);
	cJSON_Delete(pools);
}

void
h_monitors(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	struct world *w = sim->world;
	const char *method = rq->method;
	cJSON *mon, *body, *m;
	bool changed = false;

	if (!req_account_ok(sim, rq, rs))
		return;
	if (rq->nsegs >= 5 && !req_id_ok(rq, 4, rs))
		return;
	world_lock(w);
	if (rq->nsegs == 4) {
		if (!strcmp(method, "GET")) {
			cJSON *arr = cJSON_CreateArray();

			cJSON_ArrayForEach(mon, w->monitors)
				cJSON_AddItemReferenceToArray(arr, mon);
			resp_ok_list(rs, arr);
		} else if (!strcmp(method, "POST")) {
			body = req_json_object(rq, rs, SIM_LB);
			m = body ? make_monitor(sim, NULL, body, rs) : NULL;
			cJSON_Delete(body);
			if (m) {
				lbobj_stamp(m, NULL);
				cJSON_AddItemToArray(w->monitors, m);
				w->changes++;
				changed = true;
				resp_ok(rs, SIM_LB, cJSON_Duplicate(m, 1), NULL,
					NULL);
			}
		} else {
			resp_bad_method(rs, SIM_LB);
		}
		goto out;
	}
	mon = world_find_monitor(w, rq->segs[4]);
	if (!mon) {
		lbobj_not_found(rs, "monitor");
		goto out;
	}
	if (rq->nsegs == 6) {
		if (strcmp(rq->segs[5], "preview") != 0)
			resp_no_route(rs, rq);
		else if (strcmp(method, "POST") != 0)
			resp_bad_method(rs, SIM_LB);
		else
			preview(sim, rq, rs, mon);
		goto out;
	}
	if (!strcmp(method, "GET")) {
		resp_ok(rs, SIM_LB, cJSON_Duplicate(mon, 1), NULL, NULL);
	} else if (!strcmp(method, "PUT") || !strcmp(method, "PATCH")) {
		body = req_json_object(rq, rs, SIM_LB);
		m = body ? make_monitor(sim, strcmp(method, "PUT") ? mon : NULL,
					body, rs)
			 : NULL;
		cJSON_Delete(body);
		if (m) {
			lbobj_stamp(m, mon);
			cJSON_ReplaceItemViaPointer(w->monitors, mon, m);
			w->changes++;
			changed = true;
			resp_ok(rs, SIM_LB, cJSON_Duplicate(m, 1), NULL, NULL);
		}
	} else if (!strcmp(method, "DELETE")) {
		if (monitor_in_use(w, rq->segs[4])) {
			resp_err(rs, SIM_LB, 412, 1005,
				 "This object is referenced by other objects, "
				 "delete them first.");
		} else {
			cJSON *res = cJSON_CreateObject();

			cJSON_AddStringToObject(res, "id", rq->segs[4]);
			cJSON_Delete(
				cJSON_DetachItemViaPointer(w->monitors, mon));
			w->changes++;
			changed = true;
			resp_ok(rs, SIM_LB, res, NULL, NULL);
		}
	} else {
		resp_bad_method(rs, SIM_LB);
	}
out:
	world_unlock(w);
	if (changed)
		sim_changed(sim);
}
