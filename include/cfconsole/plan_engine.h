/* plan_engine.h: a generic plan engine: ordered API writes with read-back verification, journaling, resumable state and reverse-order rollback. */
#ifndef CFCONSOLE_PLAN_ENGINE_H
#define CFCONSOLE_PLAN_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_error.h"
#include "cfconsole/cf_models.h"

struct journal;

/*
 * A plan is an ordered list of steps. Each step is one write to the API,
 * described as data (method, path, JSON body) so that a dry run can print
 * exactly what would be sent and a file can record it:
 *
 *   PE_CREATE  POST body to path (a collection); the new object's id is
 *              step.id, and "{NAME.id}" in later paths and bodies becomes
 *              it. Verify: GET path/id holds everything body said.
 *              Undo: DELETE path/id.
 *   PE_PATCH   PATCH body (only the fields that change) to path (an
 *              object). First GET it: when `expect` is given and the
 *              object no longer holds it, the step is a conflict and
 *              nothing is sent; the current values of the patched fields
 *              are kept in step.before. Verify: GET holds body.
 *              Undo (when step.undo): PATCH step.before back, verified.
 *   PE_DELETE  DELETE path (before: the object as read). Not undoable.
 *   PE_CALL    the write is code, not data: step.call->run sends it, reads
 *              it back, verifies and journals it itself, for a write whose
 *              checks are more than "the object holds this JSON" (the safe
 *              origin toggle: a read-modify-write of a pool's whole
 *              origins array under the pool's lock, its conflict check a
 *              readable diff, its verification "only this origin moved").
 *              The engine runs it in order, with the cancel check before
 *              it, progress and state saving; on a later failure it is
 *              undone by step.call->undo, or reported as left without one.
 *              Never written to a plan file.
 *
 * This covers the setup wizard (creates), the edit forms (one PATCH with
 * the changed fields, read back, verify, undo) and a safe toggle or its
 * undo (one PE_CALL step: toggle.c, toggle_undo.c).
 *
 * Variables: "{account_id}", "{zone.id}" and the like, set in plan.vars,
 * are replaced in paths; "{NAME.id}" of earlier CREATE steps in paths and
 * in bodies (any string value equal to it). A placeholder still unknown
 * when a step runs is a refusal (nothing sent).
 *
 * Resume: step.status, step.id, step.before and step.preexisting are the
 * state, handed to hooks.save after every change (before a write is sent,
 * after it is known), so a process killed at any point leaves a state from
 * which pe_apply resumes: verified steps are skipped, applied ones are
 * verified, and a step killed between sending and recording ("sending")
 * is identified: the collection is listed and an object that holds the
 * step's identity and is not among the ids that already held it before
 * the POST (preexisting) is this step's object. None: it was never created
 * and is sent again. Several: refused (a person must look).
 *
 * Threads: pe_apply and pe_rollback block on the network: call them from a
 * worker thread. They never touch the UI; hooks run on the calling thread.
 */

enum pe_op {
	PE_CREATE = 0,
	PE_PATCH,
	PE_DELETE,
	PE_CALL,
};

struct pe_step;

/* The code of a PE_CALL step (see above). */
struct pe_call {
	/*
	 * Does the write. Sets s->status: PE_VERIFIED when done and verified
	 * or nothing was needed, PE_PENDING when nothing was sent, PE_APPLIED
	 * or PE_SENDING when it was or may have been applied but is not
	 * verified. Returns true when the step succeeded; false fills err
	 * (may stay clear) and why (one line) and fails the plan. Journals
	 * its own writes. Runs on pe_apply's thread; ud is step.call_ud.
	 */
	bool (*run)(struct cf_client *c, struct pe_step *s, void *ud,
		    struct cf_error *err, char *why, size_t size);
	/*
	 * Takes back what run applied, on a rollback; true when it is gone.
	 * NULL: the write cannot be undone (the step is reported as left).
	 */
	bool (*undo)(struct cf_client *c, struct pe_step *s, void *ud,
		     char *why, size_t size);
};

enum pe_status {
	PE_PENDING = 0, /* nothing sent */
	PE_SENDING,	/* the write was (about to be) sent: outcome unknown */
	PE_APPLIED,	/* the write succeeded; not verified yet */
	PE_VERIFIED,	/* applied and read back as planned */
	PE_UNDONE,	/* rolled back (or found never created) */
	PE_LEFT,	/* a rollback failed: the object is still there */
};

/* File names of the statuses: "pending", "sending", "applied",
 * "verified", "rolled_back", "left". Never NULL. */
const char *pe_status_name(enum pe_status s);

/* The status named s; false when unknown. */
bool pe_status_parse(const char *s, enum pe_status *out);

struct pe_step {
	/* what to do: set by the plan's builder; all strings owned */
	char *name;  /* unique in the plan; "{name.id}" is its object's id */
	char *kind;  /* object kind for the journal: "monitor", "pool",
			    "load_balancer", "dns_record" */
	char *label; /* one line for people: "pool inference-endpoint" */
	enum pe_op op;
	char *path;	/* collection (CREATE) or object (PATCH/DELETE) path */
	char *query;	/* CREATE: query of the identifying list, or NULL */
	char *body;	/* CREATE/PATCH: JSON text; NULL for DELETE */
	char *identity; /* CREATE: JSON our object holds; NULL: the body */
	char *expect;	/* PATCH: JSON the object must hold first, or NULL */
	bool undo;	/* PATCH: restore `before` on rollback */
	char *action;	/* the journal's action for this write (NULL: "create",
			    "patch" or "delete"; an undo says "undo") */
	bool undoable;	/* journal the write on the session's undo stack
			    (one change a person may take back with `u`) */
	/* state: persisted through hooks.save */
	enum pe_status status;
	char *id;		    /* CREATE: the object's id */
	char *before;		    /* PATCH/DELETE: JSON before the write */
	struct cf_strv preexisting; /* CREATE: matching ids before the POST */
	char *after;		    /* the object as verified (JSON), once
					verified; not persisted */
	/* PE_CALL only: the code (not owned) and its argument */
	const struct pe_call *call;
	void *call_ud;
};

struct pe_var {
	char *name; /* "{account_id}" */
	char *value;
};

struct pe_plan {
	struct pe_step *steps;
	size_t n;
	struct pe_var *vars;
	size_t nvars;
	char *label; /* names the plan in the journal (e.g. its file) */
};

/* Frees what p owns and zeroes it. NULL is a no-op. */
void pe_plan_free(struct pe_plan *p);

/* Appends a zeroed step (strings copied: NULL stays NULL). Returns it,
 * or NULL on out-of-memory. */
struct pe_step *pe_plan_add(struct pe_plan *p, enum pe_op op, const char *name,
			    const char *kind, const char *label,
			    const char *path, const char *body);

/* Sets (or replaces) variable name (with braces) to value. False on OOM. */
bool pe_plan_set_var(struct pe_plan *p, const char *name, const char *value);

/* The step called name, or NULL. */
struct pe_step *pe_plan_find(struct pe_plan *p, const char *name);

enum pe_event_kind {
	PE_EV_START, /* a step begins (line: what is sent) */
	PE_EV_FOUND, /* resume: an object created but not recorded was found */
	PE_EV_APPLIED,	   /* the write succeeded */
	PE_EV_VERIFIED,	   /* read back as planned */
	PE_EV_SKIPPED,	   /* already done in an earlier run */
	PE_EV_FAILED,	   /* the step failed (line: why) */
	PE_EV_ROLLBACK,	   /* rollback begins */
	PE_EV_UNDONE,	   /* one step rolled back */
	PE_EV_UNDO_FAILED, /* one step could not be rolled back */
};

/* One progress line. Valid during the callback only. */
struct pe_event {
	enum pe_event_kind kind;
	size_t step; /* index */
	size_t nsteps;
	const char
		*line; /* "[2/4] pool inference-endpoint: created 4f3a... " */
};

struct pe_hooks {
	/* One line per event; may be NULL. */
	void (*progress)(const struct pe_event *ev, void *ud);
	/*
	 * Persists the plan's state; called after every state change and
	 * before every write is sent. Returning false (errbuf filled) stops
	 * the run before anything else is sent: a state that cannot be
	 * recorded cannot be resumed. May be NULL (nothing persisted).
	 */
	bool (*save)(const struct pe_plan *p, void *ud, char *errbuf,
		     size_t errsize);
	void *ud;
};

struct pe_options {
	struct journal *journal;   /* required: no write without an audit
				       trail (unless every step is PE_CALL:
				       those journal their own writes) */
	const atomic_bool *cancel; /* optional: stop before the next step and
				       roll back; also installed on the client
				       for forward requests, so a transfer in
				       flight aborts (removed for the rollback,
				       which must run); the client's cancel
				       flag is NULL when the call returns */
	bool keep_client_cancel;   /* leave the client's cancel flag as the
				       caller set it, throughout (`cancel`
				       is then only checked between steps) */
};

enum pe_outcome {
	PE_OK = 0,	/* every step applied and verified */
	PE_ROLLED_BACK, /* failed or cancelled; everything undone */
	PE_INCOMPLETE, /* failed, and some objects could not be removed (left) */
	PE_REFUSED,    /* nothing sent: unresolved placeholder, ambiguous
			     resume, no journal, state not savable */
};

/* Static name of an outcome ("ok", "rolled back", ...). */
const char *pe_outcome_name(enum pe_outcome o);

/* An object a failed rollback left behind, and how to remove it. */
struct pe_left {
	char *kind;
	char *label;
	char *id;
	char *method; /* "DELETE" (or "PATCH" to restore) */
	char *path;   /* resolved path */
	char *body;   /* for PATCH: the body that restores it; else NULL */
};

struct pe_report {
	enum pe_outcome outcome;
	bool cancelled;
	long failed_step;    /* index of the failed step, -1 none */
	struct cf_error err; /* the API error behind the failure, if any */
	char *message;	     /* what failed, one line; NULL on PE_OK */
	struct pe_left *left;
	size_t nleft;
	unsigned long
		requests; /* API requests this call sent (tries, not retries) */
};

/* Frees what r owns and zeroes it. NULL is a no-op. */
void pe_report_free(struct pe_report *r);

/*
 * Runs (or resumes) plan p with client c (this thread's). On a failure
 * (API error, verification mismatch, conflict, cancel, state not saved)
 * every step this plan applied is rolled back in reverse order. Every
 * write, and every rollback write, is journaled with its outcome (the
 * journal is required). Fills *r (zero it first; free with
 * pe_report_free) and returns r->outcome.
 */
enum pe_outcome pe_apply(struct cf_client *c, struct pe_plan *p,
			 const struct pe_options *o, const struct pe_hooks *h,
			 struct pe_report *r);

/*
 * Rolls back every step p has applied (or was sending: identified as on
 * resume), in reverse order: what `cfconsole apply --rollback` does.
 * Same report and journal rules.
 */
enum pe_outcome pe_rollback(struct cf_client *c, struct pe_plan *p,
			    const struct pe_options *o,
			    const struct pe_hooks *h, struct pe_report *r);

/*
 * The requests p would send, in order, as text: "METHOD PATH" and the body
 * indented under it, one blank line between requests. Known variables
 * are substituted; ids not known yet stay "{NAME.id}". Steps already
 * verified are listed as "(done: ID)". Caller frees; NULL on OOM.
 */
char *pe_describe(const struct pe_plan *p);

#endif
