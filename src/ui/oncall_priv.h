/* oncall_priv.h: what the on-call files share (oncall_tasks.c, oncall_toggle.c, oncall_probe.c, oncall_health.c, oncall_views.c); not for the rest of the console. */
#ifndef CFCONSOLE_UI_ONCALL_PRIV_H
#define CFCONSOLE_UI_ONCALL_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/probe.h"
#include "cfconsole/store.h"
#include "cfconsole/toggle.h"

struct ui;

enum task_kind { TASK_TOGGLE, TASK_UNDO, TASK_PROBE };

/*
 * One piece of work handed to a worker. The UI thread owns it except while
 * it is queued: the worker only writes the result fields and then posts
 * COMPLETION_ONCALL_TASK (payload: the task, gen: its serial); the queue's
 * mutex makes the results visible to the UI, which handles them in
 * oncall_task_done.
 */
struct task {
	enum task_kind kind;
	unsigned long serial; /* this submission's, for its completion */
	struct store *store;  /* whose completion queue to post to */
	bool parked;	      /* waiting for a dialog answer */
	struct task *next;
	/* inputs (read-only while queued) */
	struct store_snapshot *snap; /* keeps seen / monitor / origin alive */
	const struct cf_pool *seen;  /* what the user was shown */
	struct cf_pool seen_own;     /* a fresh pool the user accepted */
	char *origin;		     /* origin name (or address) */
	enum toggle_op op;
	double weight;
	bool confirmed;
	bool confirm_always;	      /* ui.confirm_disable = "always" */
	enum toggle_set edit_enabled; /* TOGGLE_OP_EDIT: keep, on or off */
	char *account_id;
	struct journal *journal;
	struct health_model *model;
	const struct cf_monitor *monitor;
	const struct cf_origin *target;
	char cf_view[256]; /* Cloudflare's view when the probe began */
	/* results */
	bool no_client;
	char err[512];
	struct toggle_result res;
	enum cf_status probe_rc;
	struct probe_result probe;
};

struct oncall {
	struct task *tasks;
};

/* What a toggle, edit or probe acts on: the origin under the cursor. */
struct target {
	const struct cf_pool *pool;	/* from the store snapshot */
	const struct cf_origin *origin; /* in pool */
	const struct health_pool *hp;	/* may be NULL */
	const struct health_origin *ho; /* may be NULL */
};

/* ---- oncall_tasks.c ------------------------------------------------------ */

/* A new task of kind for the UI's account, journal, model and snapshot
 * (referenced); not queued yet. */
struct task *oncall_task_new(struct ui *ui, enum task_kind kind);

/* Queues t (already linked or not) under a new serial; false with a status
 * when it cannot (t is then freed). */
bool oncall_task_submit(struct ui *ui, struct task *t);

/* Unlinks and frees t (its completion, if any, is then ignored). */
void oncall_task_drop(struct ui *ui, struct task *t);

/* The selected origin of the Origins or Health pane into *t; false with a
 * status naming `what` when there is none (or it is not loaded). */
bool oncall_selected_origin(struct ui *ui, const char *what, struct target *t);

/* The origin called name in hp, or NULL. */
const struct health_origin *
oncall_find_health_origin(const struct health_pool *hp, const char *name);

/* ---- oncall_toggle.c ----------------------------------------------------- */

/* A toggle or undo finished: status, the blast radius or conflict dialog.
 * Returns true when t lives on (parked for an answer, or queued again). */
bool oncall_toggle_done(struct ui *ui, struct task *t);

/* The first line of s (NULL: "") into buf. */
void oncall_first_line(const char *s, char *buf, size_t size);

/* ---- oncall_probe.c ------------------------------------------------------ */

/* A local probe finished: Cloudflare's view and ours on the status line. */
void oncall_probe_done(struct ui *ui, struct task *t);

#endif
