/* h_misc.c: cfsim's GET /accounts, /user/tokens/verify, health-check events and preview results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/lbobj.h"
#include "sim/sim.h"
#include "sim/validate.h"

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t i, hl = strlen(hay), nl = strlen(needle);

	for (i = 0; i + nl <= hl; i++)
		if (strncasecmp(hay + i, needle, nl) == 0)
			return true;
	return false;
}

static cJSON *
account_json(const char *id, const char *name)
{
	cJSON *a = cJSON_CreateObject(), *s;

	cJSON_AddStringToObject(a, "id", id);
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "type", "standard");
	s = cJSON_AddObjectToObject(a, "settings");
	cJSON_AddBoolToObject(s, "enforce_twofactor", 0);
	cJSON_AddNullToObject(s, "api_access_enabled");
	cJSON_AddStringToObject(s, "abuse_contact_email", "");
	cJSON_AddBoolToObject(s, "use_account_custom_ns_by_default", 0);
	cJSON_AddArrayToObject(s, "default_nameservers");
	cJSON_AddStringToObject(a, "created_on", "2024-01-01T00:00:00.000000Z");
	return a;
}

const struct sim_extra_account *
sim_extra_account(const struct sim *sim, const char *id)
{
	size_t i;

	for (i = 0; id && i < sim->cfg->nextra; i++)
		if (strcasecmp(sim->cfg->extra[i].id, id) == 0)
			return &sim->cfg->extra[i];
	return NULL;
}

/* The main account first, then every --extra-account, in option order. */
void
h_accounts(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	const char *name = req_query(rq, "name");
	long page, per_page, total = 0, first;
	cJSON *arr;
	size_t i;

	if (strcmp(rq->method, "GET") != 0) {
		resp_bad_method(rs, SIM_COMPACT);
		return;
	}
	paging_parse(rq, 20, 5, 50, &page, &per_page);
	first = (page - 1) * per_page;
	arr = cJSON_CreateArray();
	world_lock(sim->world);
	if (!name || contains_ci(sim->world->account_name, name)) {
		if (total >= first && total < first + per_page)
			cJSON_AddItemToArray(
				arr, account_json(sim->world->account_id,
						  sim->world->account_name));
		total++;
	}
	world_unlock(sim->world);
	for (i = 0; i < sim->cfg->nextra; i++) {
		const struct sim_extra_account *x = &sim->cfg->extra[i];

		if (name && !contains_ci(x->name, name))
			continue;
		if (total >= first && total < first + per_page)
			cJSON_AddItemToArray(arr, account_json(x->id, x->name));
		total++;
	}
	resp_ok(rs, SIM_COMPACT, arr,
		resp_result_info(page, per_page, cJSON_GetArraySize(arr), total,
				 paging_pages(total, per_page)),
		NULL);
}

void
h_extra_account_lb(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	const char *what = !strcmp(rq->segs[3], "preview") ? "preview"
			   : !strcmp(rq->segs[3], "pools") ? "pool"
							   : "monitor";

	(void)sim;
	if (strcmp(rq->method, "GET") != 0) {
		/* Like a member without Load Balancing edit rights. */
		resp_gateway(rs, 403, 10000, "Authentication error");
		return;
	}
	if (rq->nsegs == 4 && strcmp(what, "preview") != 0) {
		resp_ok_list(rs, cJSON_CreateArray());
		return;
	}
	if (rq->nsegs >= 5 && !req_id_ok(rq, 4, rs))
		return;
	lbobj_not_found(rs, what);
}

/* A stable 32-hex id for a credential label (FNV-1a, not a secret). */
static void
token_id(const char *label, char out[33])
{
	unsigned long long h1 = 1469598103934665603ull,
			   h2 = 0x9e3779b97f4a7c15ull;
	const char *p;

	for (p = label; *p; p++) {
		h1 = (h1 ^ (unsigned char)*p) * 1099511628211ull;
		h2 = (h2 ^ (unsigned char)*p) * 1099511628211ull + 7;
	}
	snprintf(out, 33, "%016llx%016llx", h1, h2);
}

void
h_verify(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *res, *msgs, *m;
	char id[33];

	(void)sim;
	if (strcmp(rq->method, "GET") != 0) {
		resp_bad_method(rs, SIM_COMPACT);
		return;
	}
	token_id(rq->cred->label, id);
	res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "id", id);
	cJSON_AddStringToObject(res, "status", "active");
	msgs = cJSON_CreateArray();
	m = cJSON_CreateObject();
	cJSON_AddNumberToObject(m, "code", 10000);
	cJSON_AddStringToObject(m, "message",
				"This API Token is valid and active");
	cJSON_AddNullToObject(m, "type");
	cJSON_AddItemToArray(msgs, m);
	resp_ok(rs, SIM_COMPACT, res, NULL, msgs);
}

void
h_events(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *arr;

	if (strcmp(rq->method, "GET") != 0) {
		resp_bad_method(rs, SIM_LB);
		return;
	}
	arr = sim->health
		      ? sim_health_events(sim->health, req_query(rq, "since"),
					  req_query(rq, "until"),
					  req_query(rq, "pool_id"),
					  req_query(rq, "pool_name"),
					  req_query(rq, "origin_name"),
					  req_bool(rq, "origin_healthy"),
					  req_bool(rq, "pool_healthy"))
		      : NULL;
	if (!arr)
		arr = cJSON_CreateArray();
	resp_ok_list(rs, arr);
}

void
h_preview_result(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *res;

	if (!req_account_ok(sim, rq, rs))
		return;
	if (strcmp(rq->method, "GET") != 0) {
		resp_bad_method(rs, SIM_LB);
		return;
	}
	if (!req_id_ok(rq, 4, rs))
		return;
	res = sim->health ? sim_health_preview_result(sim->health, rq->segs[4])
			  : NULL;
	if (!res) {
		lbobj_not_found(rs, "preview");
		return;
	}
	resp_ok(rs, SIM_LB, res, NULL, NULL);
}
