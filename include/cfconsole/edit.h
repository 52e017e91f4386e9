/* edit.h: create, edit and delete one DNS record, monitor, pool or load balancer as plan-engine steps: only changed fields, read back and verified, conflicts reported, references checked, journaled, undoable; the proxied toggle, load balancer enable/disable and the JSON edit's core. */
#ifndef CFCONSOLE_EDIT_H
#define CFCONSOLE_EDIT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_journal.h"
#include "cfconsole/fields.h"
#include "cfconsole/plan.h"
#include "cfconsole/plan_engine.h"

struct journal;

/*
 * Every change is a plan (plan_engine.h) run on the caller's thread: it
 * blocks on the network, so the console runs it on a worker; headless
 * commands call it directly. The rules (issue 11):
 *
 * - An edit reads the object fresh first. When anything the user saw
 *   differs now (a field someone else changed), nothing is sent: the
 *   outcome is EDIT_CONFLICT with what changed ("interval: 60 -> 30") and
 *   the fresh object, onto which fields_rebase() re-applies the user's
 *   edit for a second try. Otherwise the PATCH carries only the changed
 *   fields (a monitor's also expected_codes, which the API requires); a
 *   pool's `origins`, which PATCH replaces whole, is the fresh array with
 *   the user's row changes applied. The engine checks once more that the
 *   patched fields still hold what was read, writes, reads back and
 *   verifies; a verify that fails restores the previous values.
 * - A create is a POST (and a PATCH for what the create body cannot
 *   carry: a load balancer's `enabled`, a pool's `check_regions`), read
 *   back and verified; a failure removes what was created.
 * - A delete checks first what uses the object (a monitor: the pools it
 *   checks; a pool: the load balancers that send it traffic). Held, it is
 *   refused with their names (EDIT_HELD), unless `detach` asks to remove
 *   those references first (each a PATCH in the same plan; a pool that is
 *   a load balancer's fallback or only default pool cannot be detached).
 *   An API refusal for references (412, code 1005) is turned into the
 *   same "held by" answer.
 * - Every write is journaled; the change itself goes on the session's
 *   undo stack, and edit_undo() takes it back (see there).
 */

/* Where the object lives. */
struct edit_target {
	enum field_res res;	/* DNS, MONITOR, POOL or LB */
	const char *account_id; /* monitors and pools (and references) */
	const char *zone_id;	/* DNS records and load balancers */
	const char *zone_name;	/* DNS and LB names relative to it */
};

enum edit_outcome {
	EDIT_DONE = 0,	/* applied, read back, verified, journaled */
	EDIT_NOOP,	/* nothing to change; nothing sent */
	EDIT_INVALID,	/* refused before sending (issues say why) */
	EDIT_CONFLICT,	/* changed since it was read: nothing sent */
	EDIT_HELD,	/* a delete refused: other objects use it */
	EDIT_NOT_FOUND, /* the object is gone */
	EDIT_FAILED,	/* the API refused or failed; rolled back */
	EDIT_LEFT,	/* failed, and the rollback left something */
	EDIT_DRY_RUN,	/* dry run: the requests are in `requests` */
};

/* Static name ("done", "conflict", ...). Never NULL. */
const char *edit_outcome_name(enum edit_outcome o);

/* An object that uses another. */
struct edit_ref {
	enum field_res res; /* POOL (uses a monitor) or LB (uses a pool) */
	char *id;
	char *name;
	char *zone_id; /* LB: its zone, when known */
	char *why;     /* set when it cannot be detached */
};

struct edit_result {
	enum edit_outcome outcome;
	char *message;		  /* for people (may span lines); never NULL
				 after a call */
	char *diff;		  /* what the change does, one line per field */
	char *changed;		  /* CONFLICT: what changed elsewhere, "field:
				 seen -> now" per line */
	void *fresh;		  /* CONFLICT: the object as read now (a model
				 of the resource; freed by edit_result_free) */
	enum field_res fresh_res; /* the resource fresh is a model of */
	char *id;		  /* the object's id (a create: the new one) */
	char *after;		  /* the object as verified (JSON) */
	char *requests;		  /* what is (or would be) sent: METHOD PATH and
				 body per request (pe_describe) */
	struct edit_ref *held; /* HELD (and a delete's detached references) */
	size_t nheld;
	struct plan_issues issues; /* INVALID */
	struct pe_report report;   /* the engine's report */
	struct cf_error err;	   /* the API error behind a failure */
};

/* Frees what r owns and zeroes it. NULL is a no-op. */
void edit_result_free(struct edit_result *r);

struct edit_options {
	struct journal *journal;     /* required, except for a dry run */
	bool dry_run;		     /* read, check, describe; never write */
	bool detach;		     /* delete: remove references first */
	const struct field_ctx *ctx; /* validation (min interval, names);
					NULL: the target's zone only */
	const atomic_bool *cancel;
	void (*progress)(const struct pe_event *ev, void *ud);
	void *ud;
};

/*
 * Creates obj (a model of t->res; its id is ignored). Validated whole
 * with the field table first. r->id is the new id. Fills *r (zero it
 * first; edit_result_free) and returns r->outcome.
 */
enum edit_outcome edit_create(struct cf_client *c, const struct edit_target *t,
			      const void *obj, const struct edit_options *o,
			      struct edit_result *r);

/*
 * Changes `seen` (the object as the user saw it) into `edited`: the
 * fields that differ, as the rules above say. For a conflict, r->fresh
 * holds the new version: call fields_rebase(t->res, seen, edited,
 * r->fresh, &next), show r->changed, and on the user's word call
 * edit_update again with seen = r->fresh and edited = next.
 */
enum edit_outcome edit_update(struct cf_client *c, const struct edit_target *t,
			      const void *seen, const void *edited,
			      const struct edit_options *o,
			      struct edit_result *r);

/*
 * Deletes `seen` (read fresh first; gone already is EDIT_NOT_FOUND).
 * r->held names what uses it (held: nothing sent; detached: restored by
 * an undo of the delete).
 */
enum edit_outcome edit_delete(struct cf_client *c, const struct edit_target *t,
			      const void *seen, const struct edit_options *o,
			      struct edit_result *r);

/*
 * The objects that use `id` (a monitor: pools; a pool: load balancers;
 * none for DNS records and load balancers), read from the API, into
 * *refs (free each with edit_refs_free). CF_OK or the API's error.
 */
enum cf_status edit_references(struct cf_client *c, const struct edit_target *t,
			       const char *id, struct edit_ref **refs,
			       size_t *n, struct cf_error *err);
void edit_refs_free(struct edit_ref *refs, size_t n);

/* "pool a, pool b" (malloc'd) for people. */
char *edit_refs_text(const struct edit_ref *refs, size_t n);

/* ---- undo ---------------------------------------------------------------- */

/* Does edit_undo take back this journal record (a create, patch, delete
 * or undo of a DNS record, monitor, pool or load balancer)? Origin
 * toggles are toggle_undo's. */
bool edit_undoable(const struct cf_journal_record *rec);

/*
 * Undoes this session's newest undoable change when edit_undoable says it
 * is one of these (else EDIT_INVALID, nothing done):
 * - an edit: writes back the recorded "before" of the fields it changed,
 *   only when the object still holds what the edit left (else
 *   EDIT_CONFLICT with what changed since);
 * - a create: deletes the object, only when it still is as created;
 * - a delete: creates the object again from its recorded state -- it gets
 *   a new id, which the message says -- and puts it back where the delete
 *   had removed references to it (pools' monitor, load balancers' pools),
 *   each only where that reference is still as the delete left it.
 * The undo is journaled (action "undo") and leaves the undo stack.
 */
enum edit_outcome edit_undo(struct cf_client *c, struct journal *j,
			    const struct edit_options *o,
			    struct edit_result *r);

/* ---- one-key changes ----------------------------------------------------- */

/*
 * P on a record: proxied on or off, an edit of that one field of `seen`
 * (A, AAAA and CNAME only; turning it on for a record Cloudflare says is
 * not proxiable is refused). Same rules as edit_update.
 */
enum edit_outcome edit_set_proxied(struct cf_client *c,
				   const struct edit_target *t,
				   const struct cf_dns_record *seen, bool on,
				   const struct edit_options *o,
				   struct edit_result *r);

/* Space on a load balancer: enabled on or off, an edit of `seen`. */
enum edit_outcome edit_lb_enable(struct cf_client *c,
				 const struct edit_target *t,
				 const struct cf_load_balancer *seen, bool on,
				 const struct edit_options *o,
				 struct edit_result *r);

/*
 * What stops being served when load balancer lb is disabled (or starts
 * again when enabled), for the confirmation: its hostname, and the DNS
 * records of the zone that point at it (CNAMEs to its name), read from
 * the API. *text is malloc'd. CF_OK, or the API's error (then *text
 * still says what is known).
 */
enum cf_status edit_lb_impact(struct cf_client *c, const struct edit_target *t,
			      const struct cf_load_balancer *lb, bool disable,
			      char **text, struct cf_error *err);

/* ---- the JSON edit ($EDITOR) --------------------------------------------- */

/* The object as pretty JSON for the editor (as the API gave it).
 * Caller frees; NULL on OOM. */
char *edit_json_text(enum field_res res, const void *obj);

/*
 * Reads the edited text (lines starting with "//" at the top are
 * ignored: they carry the last error) as an object of res, validates it
 * with the field table against `fresh` (edit rules), and diffs it:
 * *edited (malloc'd model; free with the table's free, then free()),
 * *mask and *diff (NULL when nothing changed). false with *error set (one
 * or more lines, malloc'd) when the text is not JSON (line and column),
 * not such an object, changes the id, or holds an invalid value.
 */
bool edit_json_parse(enum field_res res, const void *fresh, const char *text,
		     const struct field_ctx *ctx, void **edited, unsigned *mask,
		     char **diff, char **error);

/*
 * Reads object id of t fresh from the API into *obj (a malloc'd model of
 * t->res; free with edit_free_object). Blocking: a worker thread. CF_OK,
 * CF_ERR_NOT_FOUND when it is gone, or the API's error in *err.
 */
enum cf_status edit_get(struct cf_client *c, const struct edit_target *t,
			const char *id, void **obj, struct cf_error *err);

/* Frees a model made by edit_get or edit_json_parse (the table's free,
 * then free()). NULL is a no-op. */
void edit_free_object(enum field_res res, void *obj);

/* text with error on top as "//" lines, replacing an earlier error, so
 * the user's text is never lost. Caller frees. */
char *edit_json_with_error(const char *text, const char *error);

#endif
