/* toggle.h: safe origin changes (enable, disable, weight) with conflict check, blast radius, verify and undo. */
#ifndef CFCONSOLE_TOGGLE_H
#define CFCONSOLE_TOGGLE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_models.h"

struct journal;
struct health_model;

/*
 * A toggle is a read-modify-write of the pool's whole `origins` array
 * (PATCH replaces it, NOTES.md), done so that nobody's edit is lost:
 *   1. GET the pool fresh. If anything the user was shown differs (pool
 *      fields, the origin list, any origin's fields) -> TOGGLE_CONFLICT with
 *      a readable diff; nothing is written.
 *   2. Blast radius (disable / weight 0): enabled-and-healthy origins left
 *      vs minimum_origins, the load balancers using the pool and where they
 *      fail over. When the pool would drop below minimum_origins or to zero
 *      healthy origins and the request is not `confirmed` ->
 *      TOGGLE_NEEDS_CONFIRM; nothing is written.
 *   3. PATCH with CF_POOL_F_ORIGINS: the fresh array with only the target
 *      origin's field changed (the encoder keeps unknown fields). When the
 *      blast radius took requests, the pool is read once more just before
 *      (a change meanwhile is a conflict): the GET-to-PATCH window is one
 *      round trip.
 *   4. GET again: the target has the new value and nothing else moved. If
 *      the PATCH took but the target is back to its old value, the result
 *      says the change was undone (by someone else's write) instead of
 *      "verified"; other origins changed after ours are reported too.
 * Every step's failure is reported precisely; a PATCH that may have been
 * applied is never reported as "nothing changed" (see `applied`).
 *
 * Concurrent writers: steps 1-4 run holding the pool's lock (poollock.h),
 * so writers of this program on one machine, any number of them, take
 * turns and never undo each other. A PATCH is never resent as it was: when
 * the API refused it (429, 5xx) and the pool shows it did not apply
 * (applied 0), the whole read-modify-write runs again from a fresh read,
 * after the client's backoff and within its max_retries, releasing the
 * lock meanwhile. A PATCH that got no answer (timeout, dropped connection)
 * is reported, not retried: the server may still act on it.
 * Writers elsewhere (another machine, the dashboard, Terraform) do not see
 * the lock, and Cloudflare has no conditional write for pools: their write
 * can still land between our last read and our PATCH (the window is kept
 * to one round trip) or after it (then step 4 says so, if it sees it).
 * All calls are blocking (network): run them on a worker thread.
 */

enum toggle_op {
	TOGGLE_OP_DISABLE = 0,
	TOGGLE_OP_ENABLE,
	TOGGLE_OP_WEIGHT, /* set weight (0..1) */
	TOGGLE_OP_EDIT,	  /* weight and/or enabled in one PATCH (edit_*) */
};

/* TOGGLE_OP_EDIT's enabled part. Zero (the default) keeps it. */
enum toggle_set {
	TOGGLE_KEEP = 0,
	TOGGLE_SET_ON,
	TOGGLE_SET_OFF,
};

enum toggle_outcome {
	TOGGLE_DONE = 0, /* applied and verified */
	TOGGLE_NOOP,	 /* already in the requested state; nothing sent */
	TOGGLE_NEEDS_CONFIRM, /* below minimum / zero healthy: ask, then retry with confirmed */
	TOGGLE_CONFLICT,  /* pool changed since the user saw it; nothing sent */
	TOGGLE_NOT_FOUND, /* no such origin (or pool); nothing sent */
	TOGGLE_INVALID, /* bad request (weight range, ambiguous origin, readonly); nothing sent */
	TOGGLE_READ_FAILED,  /* the first GET failed; nothing sent */
	TOGGLE_WRITE_FAILED, /* the PATCH failed; see `applied` */
	TOGGLE_VERIFY_FAILED, /* the PATCH was accepted but verification failed */
};

/* Static name ("done", "conflict", ...). Never NULL. */
const char *toggle_outcome_name(enum toggle_outcome o);

/* One load balancer that uses the pool. */
struct toggle_lb_impact {
	char *lb_id;
	char *lb_name;
	bool details_known; /* the LB object was available (else only the reference) */
	bool is_fallback; /* the pool is this LB's fallback_pool */
	char *failover_to; /* name (or id) of the pool traffic moves to, NULL if none/unknown */
};

/*
 * What a change does to the pool. Counts, warnings and load balancers are
 * worked out only for a change that takes serving capacity away (disable,
 * or weight to 0 of a serving origin: `reduces`); for any other change
 * the summary says only what changes, since nothing else would be true
 * without the pool's health.
 */
struct toggle_blast {
	int minimum_origins;
	bool reduces;	   /* the change takes serving capacity away */
	bool health_known; /* pool health could be read */
	size_t enabled_before, enabled_after;
	size_t healthy_before; /* enabled, healthy, weight > 0 (health known) */
	size_t healthy_after;
	size_t unknown_after; /* enabled with unknown health after the change */
	bool below_minimum; /* health known, healthy_after < minimum_origins */
	bool zero_healthy;  /* health known and healthy_after == 0 */
	bool lbs_known;	    /* the pool's references or LBs could be read */
	bool lb_fails_over; /* reduces, the pool may go unhealthy and a load
				* balancer uses it (or that is unknown) */
	bool needs_confirm; /* reduces and below_minimum, zero_healthy or
				* health unknown */
	bool needs_typed;   /* needs_confirm and zero_healthy, health unknown
				* or lb_fails_over: confirm by typing the
				* origin's name, not with one key */
	struct toggle_lb_impact *lbs;
	size_t nlbs;
	char *origin; /* the changed origin's name (or address) */
	char *summary; /* human text, one item per line, never NULL after compute */
};

/* Frees what b owns and zeroes it. NULL is a no-op. (blast.c) */
void toggle_blast_free(struct toggle_blast *b);

struct toggle_request {
	const char *account_id; /* required */
	const struct cf_pool
		*seen;	    /* required: the pool as the user last saw it */
	const char *origin; /* required: origin name or address */
	enum toggle_op op;
	double weight; /* TOGGLE_OP_WEIGHT (and EDIT with edit_weight): 0..1 */
	enum toggle_set edit_enabled; /* TOGGLE_OP_EDIT: keep, on or off */
	bool edit_weight;	      /* TOGGLE_OP_EDIT: also set `weight` */
	bool confirmed;		      /* the user accepted the blast radius */
	bool confirm_always;	      /* ask before any disable (or weight 0),
				       * not only below minimum_origins
				       * (ui.confirm_disable = "always") */
	bool readonly; /* session is read-only: refuse (TOGGLE_INVALID) */
	/* optional: list this zone's LBs for failover detail. When NULL and
	 * load balancers reference the pool, the LBs of every zone are
	 * listed if the account has at most 5 zones (1 + nzones requests,
	 * only for a disable). */
	const char *zone_id;
	struct journal *journal; /* optional: append the mutation */
	struct health_model
		*model; /* optional: note the change in the event log */
	/* The caller showed nothing (headless): `seen` only names the pool
	 * (its id). The change applies to the pool as read under the lock,
	 * with no conflict check against `seen`; a change by someone else
	 * between that read and the PATCH makes it start again afresh. */
	bool fresh_state;
	/* Read fresh, compute the change and the blast radius, send nothing:
	 * TOGGLE_NOOP with res->dry_run set, res->request_* what would be
	 * sent and res->after the pool as it would be (no lock taken). The
	 * refusals of a real run (conflict, needs confirmation) still apply. */
	bool dry_run;
	/* Directory of the per-pool lock files; NULL: poollock_default_dir()
	 * of the process environment. */
	const char *lock_dir;
};

struct toggle_result {
	enum toggle_outcome outcome;
	int applied; /* 1 the change is on the server, 0 it is not, -1 unknown */
	char *message; /* human summary (may span lines); never NULL after toggle_run */
	char *diff; /* conflict / verify differences, one per line, or NULL */
	struct toggle_blast blast;
	struct cf_pool
		before; /* pool as read fresh (zeroed when the read failed) */
	struct cf_pool after; /* pool as verified (zeroed unless re-read);
				* after a dry run, the pool as it would be */
	struct cf_error err;  /* the API error behind *_FAILED / NOT_FOUND */
	bool dry_run;	      /* a dry run stopped before writing */
	char *request_method; /* "PATCH" when one was sent (or would be) */
	char *request_path; /* its path, e.g. /accounts/A/load_balancers/pools/P */
	char *request_body; /* its body (JSON text) */
	int attempts; /* read-modify-writes made (a retry is a fresh one) */
};

/*
 * Runs the safe change described by req with client c (used by this thread
 * only). Fills *res (zero it first; free with toggle_result_free) and
 * returns res->outcome. With req->journal set, every PATCH that changed or
 * may have changed the pool is journaled with its outcome (only DONE ones
 * are undoable). After TOGGLE_DONE, res->after is the pool to show (and to
 * pass as `seen` next time): its modified_on moved, so the old copy would
 * now conflict. Typical UI flow: run on a worker; on NEEDS_CONFIRM show
 * res->blast.summary and, if the user agrees, run again with confirmed.
 */
enum toggle_outcome toggle_run(struct cf_client *c,
			       const struct toggle_request *req,
			       struct toggle_result *res);

/* Frees what res owns and zeroes it. NULL is a no-op. */
void toggle_result_free(struct toggle_result *res);

struct toggle_undo_request {
	const char *account_id;	      /* required */
	struct journal *journal;      /* required: this session's journal */
	struct health_model *model;   /* optional: note the change */
	bool confirmed;		      /* the user accepted the blast radius */
	const char *confirmed_origin; /* of undoing a change to this origin
				       * (another one is asked about again) */
	bool confirm_always;	      /* ask before any undo that takes
				       * capacity away (ui.confirm_disable) */
};

/*
 * Undoes this session's newest change that is not undone yet, so that
 * repeated calls walk back through the session's changes one by one.
 * The pool is read fresh and compared with what this session last left it
 * as (the newest of its own journal records for the pool, an earlier undo
 * included), so the session's own changes are never taken for someone
 * else's. Refused (TOGGLE_CONFLICT, nothing written) when the pool
 * differs from that: the message names who changed it (another session
 * in the journal file, or something outside cfconsole) and res->diff
 * lists the fields; also refused when this session changed the same
 * origin again in a way it cannot undo. Otherwise only that origin's
 * enabled and weight are set back to the journal's "before" (everything
 * else is kept as read), PATCHed and verified. An undo that takes
 * capacity away gets the same blast radius and TOGGLE_NEEDS_CONFIRM as a
 * disable. The undo is journaled itself and the undone change is no
 * longer offered. TOGGLE_NOT_FOUND when there is nothing to undo.
 * Runs as a one-step plan through the plan engine, under the pool's lock
 * (TOGGLE_CONFLICT when another writer on this machine holds it past the
 * wait, TOGGLE_INVALID when there is no directory for it), as toggle_run.
 * Blocking; same result rules as toggle_run.
 */
enum toggle_outcome toggle_undo(struct cf_client *c,
				const struct toggle_undo_request *req,
				struct toggle_result *res);

/* toggle_undo without a confirmation (kept for callers of the old API). */
enum toggle_outcome toggle_undo_last(struct cf_client *c, struct journal *j,
				     const char *account_id,
				     struct health_model *model,
				     struct toggle_result *res);

/* ---- pure helpers (exposed for tests and the UI) ---------------------- */

/* Flags for toggle_pool_diff. */
enum {
	TOGGLE_DIFF_IGNORE_MODIFIED = 1u << 0, /* do not compare modified_on */
};

/*
 * Human-readable differences from `was` to `now` in everything a user is
 * shown: pool fields, origin list (added/removed/reordered) and each
 * origin's name, address, enabled, weight, Host header and virtual network.
 * One difference per line ("origin web-2: enabled true -> false").
 * Returns NULL when they agree, else a malloc'd string the caller frees.
 */
char *toggle_pool_diff(const struct cf_pool *was, const struct cf_pool *now,
		       unsigned flags);

/*
 * Index of the origin named `name_or_address` (names first, then addresses,
 * case-insensitive for addresses). -1 when none; -2 when the address matches
 * several origins (ambiguous).
 */
int toggle_find_origin(const struct cf_pool *p, const char *name_or_address);

/*
 * Computes the blast radius of applying (op, weight) to origin `idx` of
 * pool p (TOGGLE_OP_EDIT here means "set weight", enabled kept), given its
 * health (may be NULL: unknown; a change that reduces capacity then needs
 * a typed confirmation, and no origin is claimed healthy or unhealthy),
 * its references (may be NULL) and the zone's LBs (may be NULL) with the
 * account's pools for names (may be NULL). Fills *out (zeroed first; free
 * with toggle_blast_free). Defined in src/core/blast.c.
 */
void toggle_blast_compute(const struct cf_pool *p, size_t idx,
			  enum toggle_op op, double weight,
			  const struct cf_pool_health *h,
			  const struct cf_pool_reference_list *refs,
			  const struct cf_load_balancer_list *lbs,
			  const struct cf_pool_list *pools,
			  struct toggle_blast *out);

#endif
