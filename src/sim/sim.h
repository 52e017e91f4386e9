/* sim.h: cfsim internals shared by the server, handlers, admin API and CLI. */
#ifndef CFSIM_SIM_H
#define CFSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sim/sim_health.h"
#include "sim/world.h"

struct MHD_Connection;
struct sim_faults;
struct sim_ratelimit;
struct sim_reqlog;

/* One configured credential. The secret never leaves this struct. */
struct sim_cred {
	char *token;	/* Bearer token, or NULL */
	char *email;	/* X-Auth-Email (with key) */
	char *key;	/* X-Auth-Key, 37 chars */
	bool readonly;	/* writes get 403 10000 */
	char label[48]; /* what logs show: "token#1", "readonly#2", "key#1" */
};

/* Command-line configuration (main.c fills it). */
struct sim_config {
	char listen_host[64];
	int listen_port;
	char account_id[33];
	struct sim_cred *creds;
	size_t ncreds;
	int rl_limit, rl_window; /* requests per window seconds */
	int min_interval; /* monitor interval lower bound (60; 15 with --demo) */
	double time_scale; /* passed to the health engine */
	bool demo;
	const char *gen_spec;
	const char *state_file;
	bool no_health; /* do not start the health engine */
	bool verbose;	/* log every request to stderr */
	/* --extra-account NAME: further accounts the credentials see, each
	 * with no zones, pools or monitors (read-only after start-up). */
	struct sim_extra_account {
		char id[33];
		char name[101];
	} * extra;
	size_t nextra;
};

/* The running emulator. */
struct sim {
	struct sim_config *cfg;
	struct world *world;
	char *seed;		     /* world_export() text right after seeding
	                              * (text: a third of the tree's memory) */
	struct sim_health *health;   /* NULL when not running */
	struct sim_origins *origins; /* demo origin servers, or NULL */
	struct sim_faults *faults;
	struct sim_ratelimit *rl;
	struct sim_reqlog *log;
	pthread_mutex_t persist_mu;
	unsigned long persisted_changes;
};

/* Response families: how bodies are printed. */
enum sim_family {
	SIM_COMPACT = 0, /* zones, DNS, accounts, user: compact, result first */
	SIM_LB,		 /* load balancing: 2-space pretty print */
};

/* One parsed request as handlers see it. */
struct sim_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *url; /* full path as received, e.g. /client/v4/zones */
	char *segs[12];	 /* path segments after /client/v4 */
	size_t nsegs;
	const char *body; /* NUL-terminated, "" when none */
	size_t body_len;
	const struct sim_cred *cred; /* authenticated credential */
};

/* A response under construction; the server sends it. */
struct sim_resp {
	unsigned int status;
	char *body;	 /* malloc'd JSON text */
	int retry_after; /* >0: Retry-After header (seconds) */
	bool drop;	 /* close the connection without answering */
};

/* ---- response helpers (respond.c) ------------------------------------ */

/*
 * Success envelope. Takes ownership of result (may be NULL -> null) and
 * result_info (may be NULL -> omitted) and messages (NULL -> []).
 */
void resp_ok(struct sim_resp *rs, enum sim_family fam, cJSON *result,
	     cJSON *result_info, cJSON *messages);
/*
 * Success envelope of an unpaged LB list: takes arr and answers it whole,
 * result_info page 1 of 1 with per_page = count = total_count = its size.
 */
void resp_ok_list(struct sim_resp *rs, cJSON *arr);
/* Failure envelope with one error {code, message}; result null. */
void resp_err(struct sim_resp *rs, enum sim_family fam, unsigned int status,
	      int code, const char *message);
/* Failure envelope with a preformatted error object (ownership taken). */
void resp_err_obj(struct sim_resp *rs, enum sim_family fam, unsigned int status,
		  cJSON *error);
/* The auth gateway's shape: {"success":false,"errors":[{code,message}]}. */
void resp_gateway(struct sim_resp *rs, unsigned int status, int code,
		  const char *message);
/* 404 7003 "Could not route to <url>, perhaps ...". */
void resp_no_route(struct sim_resp *rs, const struct sim_req *rq);
/* LB 400 1002 "<msg>: validation failed" (msg without the suffix). */
void resp_lb_invalid(struct sim_resp *rs, const char *msg);
/* Plain JSON (admin API): takes ownership of doc. */
void resp_json(struct sim_resp *rs, unsigned int status, cJSON *doc);
/* Prints doc as Cloudflare's LB service does (2-space indent). */
char *resp_print_pretty(const cJSON *doc);
/* result_info {page, per_page, count, total_count, total_pages}. */
cJSON *resp_result_info(long page, long per_page, long count, long total,
			long total_pages);

/* ---- request helpers (server.c) -------------------------------------- */

/* Query parameter (decoded) or NULL. */
const char *req_query(const struct sim_req *rq, const char *name);
/* Parses the body as a JSON object; NULL (and *rs filled with a 400 in
 * family fam) when it is not one. */
cJSON *req_json_object(const struct sim_req *rq, struct sim_resp *rs,
		       enum sim_family fam);
/* Call after every successful mutation: persists the world if --state. */
void sim_changed(struct sim *sim);

/* 405 "Method not allowed" in the family's shape (emulator-labelled). */
void resp_bad_method(struct sim_resp *rs, enum sim_family fam);

/* ---- paging.c: paging and path-id helpers ---------------------------- */

/*
 * Reads page/per_page. Out-of-range or non-numeric values are clamped to
 * [1, ...] and [min, max] (documented in cfsim(1)); missing ones take
 * def_per_page / 1.
 */
void paging_parse(const struct sim_req *rq, long def_per_page, long min,
		  long max, long *page, long *per_page);
/* ceil(total / per_page). */
long paging_pages(long total, long per_page);
/*
 * Checks segs[1] as a zone id: malformed -> 404 7003, unknown -> 403
 * 10000. On success returns the zone WITH THE WORLD LOCKED (caller unlocks).
 */
struct zone *req_zone_lock(struct sim *sim, const struct sim_req *rq,
			   struct sim_resp *rs);
/* Checks segs[1] as the account id (malformed -> 7003, other -> 10000). */
bool req_account_ok(struct sim *sim, const struct sim_req *rq,
		    struct sim_resp *rs);
/* Checks that segs[i] is a 32-hex id (else 404 7003). */
bool req_id_ok(const struct sim_req *rq, size_t i, struct sim_resp *rs);
/* Parses a boolean query value ("true"/"false"); -1 when absent/other. */
int req_bool(const struct sim_req *rq, const char *name);

/* ---- handlers (h_*.c); the world is NOT locked on entry -------------- */

void h_zones(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_dns(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_pools(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_monitors(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_lbs(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_accounts(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
/* The --extra-account called id (case-insensitive), or NULL. */
const struct sim_extra_account *sim_extra_account(const struct sim *sim,
						  const char *id);
/* Load Balancing calls under an extra account: lists are empty, objects
 * are not found, writes get 403 10000 (see cfsim(1)). */
void h_extra_account_lb(struct sim *sim, struct sim_req *rq,
			struct sim_resp *rs);
void h_verify(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_events(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
void h_preview_result(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);
/* Admin API (/__cfsim/...); segs are the path after /__cfsim. */
void admin_handle(struct sim *sim, struct sim_req *rq, struct sim_resp *rs);

/* The health engine's snapshot callback (world.c data, h_pools.c). */
cJSON *sim_world_snapshot(void *sim);
/* Pool object for output: a copy with "healthy" when known. */
cJSON *sim_pool_out(struct sim *sim, const cJSON *pool);

#endif
