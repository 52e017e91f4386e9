/* toggle_impl.h: internal to the origin change (toggle.c) and its undo (toggle_undo.c): results, the PATCH and its check, the pool lock, the one-step plan. */
#ifndef CFCONSOLE_CORE_TOGGLE_IMPL_H
#define CFCONSOLE_CORE_TOGGLE_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/toggle.h"
#include "core/blast.h"

/*
 * The public entry points stay in toggle.h (toggle_run in toggle.c,
 * toggle_undo and toggle_undo_last in toggle_undo.c); this header is what
 * the two files share. Everything here blocks on the network where it
 * takes a client: call it from a worker thread.
 */

struct pe_hooks;
struct poollock;

/* Whether two weights are the same (to 1e-9). */
bool toggle_num_eq(double a, double b);

/* Sets res's outcome and its message (printf-style, replacing any
 * earlier one); returns the outcome. */
enum toggle_outcome toggle_finish(struct toggle_result *res,
				  enum toggle_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Applies ch to origin o (its enabled and weight). */
void toggle_apply_change(struct cf_origin *o, const struct blast_change *ch);

/* What the journal record of a PATCH says besides the pools (none owned). */
struct toggle_journal_ctx {
	struct journal *journal; /* NULL: nothing is journaled */
	const char *account_id;
	const char *action; /* "origin.disable", "undo", ... */
	const char *origin;
	const char *body; /* set by toggle_patch_and_verify */
	bool undoable;	  /* a DONE change goes on the undo stack */
};

/*
 * PATCHes the origins of `modified` to pool fresh->id, then reads the
 * pool back and verifies it against `modified`; journals what was (or may
 * have been) sent per jc. `fresh` is the pool as read before; `what` names
 * the change in the message. Fills res (outcome, message, applied, after,
 * diff, err, request_*) and returns its outcome.
 */
enum toggle_outcome toggle_patch_and_verify(struct cf_client *c,
					    const char *account_id,
					    const struct cf_pool *fresh,
					    const struct cf_pool *modified,
					    const char *what,
					    const struct toggle_journal_ctx *jc,
					    struct toggle_result *res);

/* Notes res's first line in model's event log (model NULL: nothing). */
void toggle_note_model(struct health_model *m, const struct toggle_result *res,
		       const char *pool_id, const char *origin);

/*
 * Takes pool_id's lock (poollock.h) in dir (NULL: the default directory)
 * for client c's API and account_id; release with poollock_release. On
 * failure fills res (zeroed) with the outcome to report and returns NULL.
 */
struct poollock *toggle_lock_pool(struct cf_client *c, const char *dir,
				  const char *account_id, const char *pool_id,
				  struct toggle_result *res);

/* One change's code: fills res (zeroed first) and returns its outcome. */
typedef enum toggle_outcome (*toggle_step_fn)(struct cf_client *c,
					      const void *req,
					      struct toggle_result *res);

/* One change as a plan step (nothing owned). */
struct toggle_step {
	const char *name;	 /* the step's name: "toggle", "undo" */
	const char *label;	 /* the origin (NULL: "origin") */
	const char *account_id;	 /* with pool_id, the step's path (either */
	const char *pool_id;	 /* NULL: none) */
	struct journal *journal; /* the plan's; may be NULL (the step's code
				    journals its own writes) */
	toggle_step_fn run;	 /* the change: read fresh, check, PATCH,
				    read back, verify, journal */
	const void *req;	 /* run's request */
	const struct pe_hooks *hooks; /* optional: the engine's progress
					 events (NULL: none) */
};

/*
 * Runs st->run(c, st->req, res) as the one PE_CALL step of a plan,
 * through the plan engine (pe_apply), so that every origin change is a
 * plan; the client's cancel flag is left as the caller set it, and the
 * step is not undone by the plan on failure. Returns res->outcome.
 */
enum toggle_outcome toggle_plan_run(struct cf_client *c,
				    const struct toggle_step *st,
				    struct toggle_result *res);

#endif
