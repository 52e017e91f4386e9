/* admin.c: cfsim's admin API under /__cfsim/ -- origins, health kick, faults, request log, stats, reset, rate limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/seed.h"
#include "sim/services.h"

static void
admin_error(struct sim_resp *rs, unsigned int status, const char *msg)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddBoolToObject(doc, "ok", 0);
	cJSON_AddStringToObject(doc, "error", msg);
	resp_json(rs, status, doc);
}

static void
admin_ok(struct sim_resp *rs, const char *key, cJSON *val)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddBoolToObject(doc, "ok", 1);
	if (key)
		cJSON_AddItemToObject(doc, key, val);
	resp_json(rs, 200, doc);
}

static bool
is(const struct sim_req *rq, const char *method, size_t nsegs, const char *seg0)
{
	return strcmp(rq->method, method) == 0 && rq->nsegs == nsegs &&
	       strcmp(rq->segs[0], seg0) == 0;
}

static cJSON *
body_json(const struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *j = cJSON_ParseWithLength(rq->body, rq->body_len);

	if (!j)
		admin_error(rs, 400, "request body is not valid JSON");
	return j;
}

static void
origins_mode(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *body = body_json(rq, rs), *res;
	const cJSON *mode;
	enum sim_origin_mode m;

	if (!body)
		return;
	mode = cJSON_GetObjectItemCaseSensitive(body, "mode");
	if (!cJSON_IsString(mode) ||
	    !sim_origin_mode_parse(mode->valuestring, &m)) {
		admin_error(rs, 400,
			    "\"mode\" must be healthy, unhealthy, fail500, "
			    "slow, flap or down");
	} else if (!sim->origins ||
		   !sim_origins_set_mode(sim->origins, rq->segs[1], m)) {
		admin_error(rs, 404,
			    "no such origin (start cfsim with --demo)");
	} else {
		res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "name", rq->segs[1]);
		cJSON_AddStringToObject(res, "mode", sim_origin_mode_name(m));
		admin_ok(rs, "origin", res);
	}
	cJSON_Delete(body);
}

static void
reset(struct sim *sim, struct sim_resp *rs)
{
	cJSON *doc = cJSON_Parse(sim->seed);
	bool ok;

	world_lock(sim->world);
	ok = doc && world_import(sim->world, doc);
	world_unlock(sim->world);
	cJSON_Delete(doc);
	if (!ok) {
		admin_error(rs, 500, "the seed world could not be restored");
		return;
	}
	demo_reset_origins(sim);
	if (sim->health)
		sim_health_reset(sim->health);
	ratelimit_reset(sim->rl);
	reqlog_reset_stats(sim->log);
	sim_changed(sim);
	admin_ok(rs, NULL, NULL);
}

static void
set_ratelimit(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	cJSON *body = body_json(rq, rs);
	const cJSON *l, *w;

	if (!body)
		return;
	l = cJSON_GetObjectItemCaseSensitive(body, "limit");
	w = cJSON_GetObjectItemCaseSensitive(body, "window");
	if (!cJSON_IsNumber(l) || l->valuedouble < 1 || l->valuedouble > 1e9 ||
	    (w && (!cJSON_IsNumber(w) || w->valuedouble < 1 ||
		   w->valuedouble > 86400))) {
		admin_error(rs, 400,
			    "expected {\"limit\": N >= 1, \"window\": seconds "
			    "in [1, 86400]}");
	} else {
		cJSON *cur = ratelimit_json(sim->rl);
		int win =
			w ? (int)w->valuedouble
			  : (int)cJSON_GetObjectItemCaseSensitive(cur, "window")
					->valuedouble;

		cJSON_Delete(cur);
		ratelimit_set(sim->rl, (int)l->valuedouble, win);
		admin_ok(rs, "ratelimit", ratelimit_json(sim->rl));
	}
	cJSON_Delete(body);
}

static cJSON *
world_counts(struct sim *sim)
{
	cJSON *o = cJSON_CreateObject();
	size_t i, recs = 0, lbs = 0;

	world_lock(sim->world);
	for (i = 0; i < sim->world->nzones; i++) {
		recs += sim->world->zones[i]->nrec;
		lbs += (size_t)cJSON_GetArraySize(sim->world->zones[i]->lbs);
	}
	cJSON_AddNumberToObject(o, "zones", (double)sim->world->nzones);
	cJSON_AddNumberToObject(o, "dns_records", (double)recs);
	cJSON_AddNumberToObject(o, "monitors",
				cJSON_GetArraySize(sim->world->monitors));
	cJSON_AddNumberToObject(o, "pools",
				cJSON_GetArraySize(sim->world->pools));
	cJSON_AddNumberToObject(o, "load_balancers", (double)lbs);
	world_unlock(sim->world);
	return o;
}

void
admin_handle(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	char err[256];

	if (rq->nsegs == 0 || rq->nsegs > 3) {
		admin_error(rs, 404, "unknown admin path");
		return;
	}
	if (is(rq, "GET", 1, "origins")) {
		admin_ok(rs, "origins",
			 sim->origins ? sim_origins_json(sim->origins)
				      : cJSON_CreateArray());
	} else if (is(rq, "POST", 2, "origins")) {
		origins_mode(sim, rq, rs);
	} else if (is(rq, "POST", 2, "health") &&
		   strcmp(rq->segs[1], "kick") == 0) {
		if (!sim->health) {
			admin_error(rs, 409,
				    "the health engine is not running");
			return;
		}
		sim_health_kick(sim->health);
		admin_ok(rs, NULL, NULL);
	} else if (is(rq, "GET", 1, "faults")) {
		admin_ok(rs, "faults", faults_json(sim->faults));
	} else if (is(rq, "POST", 1, "faults")) {
		cJSON *body = body_json(rq, rs);

		if (!body)
			return;
		if (faults_add_json(sim->faults, body, err, sizeof(err)))
			admin_ok(rs, "faults", faults_json(sim->faults));
		else
			admin_error(rs, 400, err);
		cJSON_Delete(body);
	} else if (is(rq, "DELETE", 1, "faults")) {
		faults_clear(sim->faults);
		admin_ok(rs, NULL, NULL);
	} else if (is(rq, "GET", 1, "requests")) {
		const char *since = req_query(rq, "since");

		resp_json(rs, 200,
			  reqlog_json(sim->log,
				      since ? strtoul(since, NULL, 10) : 0));
	} else if (is(rq, "DELETE", 1, "requests")) {
		reqlog_clear(sim->log);
		admin_ok(rs, NULL, NULL);
	} else if (is(rq, "GET", 1, "stats")) {
		cJSON *st = reqlog_stats(sim->log);

		cJSON_AddItemToObject(st, "world", world_counts(sim));
		cJSON_AddItemToObject(st, "ratelimit", ratelimit_json(sim->rl));
		resp_json(rs, 200, st);
	} else if (is(rq, "POST", 1, "reset")) {
		reset(sim, rs);
	} else if (is(rq, "GET", 1, "ratelimit")) {
		admin_ok(rs, "ratelimit", ratelimit_json(sim->rl));
	} else if (is(rq, "POST", 1, "ratelimit")) {
		set_ratelimit(sim, rq, rs);
	} else if (is(rq, "GET", 1, "state")) {
		cJSON *doc;

		world_lock(sim->world);
		doc = world_export(sim->world);
		world_unlock(sim->world);
		resp_json(rs, 200, doc);
	} else {
		admin_error(rs, 404, "unknown admin path or method");
	}
}
