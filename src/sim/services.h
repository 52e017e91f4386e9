/* services.h: cfsim's cross-cutting request services -- auth, rate limit, faults, request log, persistence. */
#ifndef CFSIM_SERVICES_H
#define CFSIM_SERVICES_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "sim/sim.h"

/* ---- auth.c ---------------------------------------------------------- */

/*
 * Authenticates a /client/v4 request (ERRORS.md §2/§9 order). verify is
 * true for GET /user/tokens/verify (Bearer only; unknown -> 401 1000).
 * write is true for mutating methods (read-only tokens get 403 10000).
 * Returns the credential, or NULL with *rs filled. Never echoes secrets.
 */
const struct sim_cred *auth_check(const struct sim_config *cfg,
				  struct MHD_Connection *conn, bool verify,
				  bool write, struct sim_resp *rs);

/* ---- ratelimit.c ----------------------------------------------------- */

struct sim_ratelimit *ratelimit_new(int limit, int window_s);
void ratelimit_free(struct sim_ratelimit *rl);
/* Changes the limits and forgets all counters. */
void ratelimit_set(struct sim_ratelimit *rl, int limit, int window_s);
void ratelimit_reset(struct sim_ratelimit *rl);
/*
 * Counts one request for the credential `label`. Returns true when allowed.
 * Always fills remaining (after this request), reset (seconds until the
 * window ends, >= 1), limit and window. Thread-safe.
 */
bool ratelimit_take(struct sim_ratelimit *rl, const char *label, int *remaining,
		    int *reset, int *limit, int *window);
/* {"limit":N,"window":S} */
cJSON *ratelimit_json(struct sim_ratelimit *rl);

/* ---- faults.c -------------------------------------------------------- */

enum fault_kind {
	FAULT_NONE = -1,
	FAULT_LATENCY = 0, /* delay the answer by ms */
	FAULT_5XX,	   /* 500 with an emulator-labelled error body */
	FAULT_429,	   /* 429 code 971 with Retry-After: 1 */
	FAULT_MALFORMED,   /* the real answer, truncated in the middle */
	FAULT_DROP,	   /* close the connection without an answer */
};

struct fault_hit {
	int latency_ms;	      /* total injected delay */
	enum fault_kind kind; /* the failure to inject, or FAULT_NONE */
};

struct sim_faults *faults_new(void);
void faults_free(struct sim_faults *f);
/*
 * Adds a rule from "KIND:RATE[:PATH_SUBSTRING[:COUNT[:METHOD]]]" where
 * KIND is latency=MS, 5xx, 429, malformed or drop; RATE in [0,1]; a PATH
 * ending in '$' must end the request path; COUNT (0 = unlimited) stops the
 * rule after it fired that many times; METHOD (GET, POST, PUT, PATCH,
 * DELETE) limits it to that method, so one step of a plan can be targeted.
 * Returns false with a message in err on bad input (nothing added).
 */
bool faults_add_spec(struct sim_faults *f, const char *spec, char *err,
		     size_t errlen);
/* Adds {"kind","rate","path","ms","count","method"} or {"spec":"..."}, or
 * an array of those (all or nothing). */
bool faults_add_json(struct sim_faults *f, const cJSON *j, char *err,
		     size_t errlen);
/* Removes every rule, and lets requests held by a latency delay go on at
 * once. Thread-safe. */
void faults_clear(struct sim_faults *f);
/* Ends every latency delay, now and later (the server is stopping). */
void faults_stop(struct sim_faults *f);
/* A latency fault's delay: ms, or less when the faults are cleared
 * (returns true: serve the request) or stopped (false: drop it). Blocks the
 * calling request thread only. Thread-safe. */
bool faults_delay(struct sim_faults *f, int ms);
cJSON *faults_json(struct sim_faults *f);
/* Decides what happens to one request for path (any method: only rules
 * without a method apply). Thread-safe. */
void faults_roll(struct sim_faults *f, const char *path, struct fault_hit *hit);
/* The same for one request with its method. Thread-safe. */
void faults_roll_method(struct sim_faults *f, const char *method,
			const char *path, struct fault_hit *hit);

/* ---- reqlog.c -------------------------------------------------------- */

struct sim_reqlog *reqlog_new(size_t max_entries);
void reqlog_free(struct sim_reqlog *l);
/* Records one answered API request. label is the credential label (or
 * "-"), never a secret; body (may be NULL) is the request body, kept up to
 * 8 KiB (credentials travel in headers, which are not logged). */
void reqlog_add(struct sim_reqlog *l, const char *method, const char *path,
		const char *query, const char *body, unsigned int status,
		const char *label);
/* {"next": seq, "requests": [{seq, time, method, path, query, body,
 * status, credential}]} for entries with seq >= since. */
cJSON *reqlog_json(struct sim_reqlog *l, unsigned long since);
void reqlog_clear(struct sim_reqlog *l);
/* {"total", "by_method":{}, "by_status":{}, "by_credential":{}} */
cJSON *reqlog_stats(struct sim_reqlog *l);
void reqlog_reset_stats(struct sim_reqlog *l);

/* ---- persist.c ------------------------------------------------------- */

/* Writes doc to path atomically (temp file in the same dir, fsync,
 * rename). Returns 0 or -1 with errno-based message on stderr. */
int persist_write(const char *path, const cJSON *doc);
/* The same for an already printed document. */
int persist_write_text(const char *path, const char *text);
/* Reads a state file. Returns a new document, or NULL (missing: *missing
 * set true; unreadable or malformed: message on stderr). */
cJSON *persist_read(const char *path, bool *missing);

#endif
