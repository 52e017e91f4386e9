/* oncall_tasks.c: the on-call work on jobs workers (toggle, edit, undo, local probe): the task list, the worker side, the selected origin, and each completion handed to its handler. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/completion.h"
#include "cfconsole/health.h"
#include "cfconsole/probe.h"
#include "cfconsole/toggle.h"
#include "ui/dialog.h"
#include "ui/commands.h"
#include "ui/oncall.h"
#include "ui/oncall_priv.h"
#include "ui/ui.h"

/* ---- tasks ------------------------------------------------------------------ */

static struct oncall *
oc(struct ui *ui)
{
	if (!ui->oncall) {
		ui->oncall = xcalloc(1, sizeof(*ui->oncall));
	}
	return ui->oncall;
}

static void
task_free(struct task *t)
{
	if (!t)
		return;
	store_snapshot_release(t->snap);
	cf_pool_free(&t->seen_own);
	toggle_result_free(&t->res);
	free(t->origin);
	free(t->account_id);
	free(t);
}

static void
task_unlink(struct ui *ui, struct task *t)
{
	struct task **pp;

	for (pp = &oc(ui)->tasks; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			return;
		}
}

void
oncall_task_drop(struct ui *ui, struct task *t)
{
	task_unlink(ui, t);
	task_free(t);
}

/* Hands t back to the UI thread (worker thread). Nothing of t may be
 * touched after this: the UI may free it at once. */
static void
task_post(struct task *t)
{
	completion_post(store_completions(t->store), COMPLETION_ONCALL_TASK, t,
			NULL, t->serial);
}

/* Runs on a worker thread. */
static void
task_main(struct cf_client *c, const atomic_bool *cancel,
	  const struct cf_error *err, void *ud)
{
	struct task *t = ud;
	struct toggle_request req = { 0 };

	if (!c) {
		t->no_client = true;
		if (err)
			cf_error_format(err, t->err, sizeof(t->err));
		else
			snprintf(t->err, sizeof(t->err), "cancelled");
		task_post(t);
		return;
	}
	switch (t->kind) {
	case TASK_TOGGLE:
		req.account_id = t->account_id;
		req.seen = t->seen;
		req.origin = t->origin;
		req.op = t->op;
		req.weight = t->weight;
		req.edit_enabled = t->edit_enabled;
		req.edit_weight = t->op == TOGGLE_OP_EDIT;
		req.confirmed = t->confirmed;
		req.confirm_always = t->confirm_always;
		req.journal = t->journal;
		req.model = t->model;
		toggle_run(c, &req, &t->res);
		break;
	case TASK_UNDO: {
		struct toggle_undo_request u = { 0 };

		u.account_id = t->account_id;
		u.journal = t->journal;
		u.model = t->model;
		u.confirmed = t->confirmed;
		u.confirmed_origin = t->origin;
		u.confirm_always = t->confirm_always;
		toggle_undo(c, &u, &t->res);
		break;
	}
	case TASK_PROBE:
		t->probe_rc = local_probe_run(t->monitor, t->target, cancel,
					      &t->probe);
		break;
	}
	task_post(t);
}

/* Queues t (already linked or not); false with a status when it cannot. */
bool
oncall_task_submit(struct ui *ui, struct task *t)
{
	static unsigned long serial; /* UI thread only */
	struct task **pp;

	t->serial = ++serial;
	t->parked = false;
	for (pp = &oc(ui)->tasks; *pp && *pp != t; pp = &(*pp)->next)
		;
	if (!*pp)
		*pp = t;
	if (!ui->jobs || !jobs_task(ui->jobs, task_main, t)) {
		oncall_task_drop(ui, t);
		ui_status(ui, THEME_ROLE_ERROR, "cannot start a worker job");
		return false;
	}
	return true;
}

bool
oncall_busy(const struct ui *ui)
{
	return ui->oncall && ui->oncall->tasks;
}

void
oncall_free(struct ui *ui)
{
	struct task *t, *next;

	if (ui->oncall) {
		for (t = ui->oncall->tasks; t; t = next) {
			next = t->next;
			task_free(t);
		}
		free(ui->oncall);
		ui->oncall = NULL;
	}
	health_snapshot_release(ui->hsnap);
	ui->hsnap = NULL;
	free(ui->focus_key);
	ui->focus_key = NULL;
}

/* ---- the selected origin -------------------------------------------------------- */

static const struct cf_origin *
find_origin(const struct cf_pool *p, const char *name)
{
	size_t i;

	for (i = 0; p && name && i < p->norigins; i++)
		if (p->origins[i].name && !strcmp(p->origins[i].name, name))
			return &p->origins[i];
	return NULL;
}

const struct health_origin *
oncall_find_health_origin(const struct health_pool *hp, const char *name)
{
	size_t i;

	for (i = 0; hp && name && i < hp->norigins; i++)
		if (hp->origins[i].name && !strcmp(hp->origins[i].name, name))
			return &hp->origins[i];
	return NULL;
}

/* Resolves the origin under the cursor in Origins or Health; false with a
 * status message when there is none. */
bool
oncall_selected_origin(struct ui *ui, const char *what, struct target *t)
{
	struct pane *p = ui_pane(ui);
	const void *sel;

	memset(t, 0, sizeof(*t));
	if (ui_mode(ui) == UI_MODE_VIEWER) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: close the viewer first",
			  what);
		return false;
	}
	ui_load_current(ui);
	sel = pane_selected(p);
	if (p->ops->origin_rows) {
		t->pool = store_find_pool(ui->snap, p->scope_id);
		t->origin = sel;
		if (ui->hsnap && t->pool)
			t->hp = health_snapshot_find_pool(ui->hsnap,
							  t->pool->id);
	} else if (p->ops->polled) {
		const struct health_row *r = sel;

		if (r && !r->origin) {
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: select an origin, not a pool row", what);
			return false;
		}
		if (r) {
			t->hp = r->pool;
			t->pool = store_find_pool(ui->snap, r->pool->id);
			t->origin = find_origin(t->pool, r->origin->name);
			if (t->pool && !t->origin) {
				ui_status(ui, THEME_ROLE_WARNING,
					  "%s: origin %s is not in the loaded "
					  "pool; refresh (r) and retry",
					  what, r->origin->name);
				return false;
			}
		}
	} else {
		ui_status(ui, THEME_ROLE_WARNING,
			  "%s: select an origin in Origins (5) or Health (7)",
			  what);
		return false;
	}
	if (!sel) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: nothing selected", what);
		return false;
	}
	if (!t->pool || !t->origin) {
		/* Health rows come from the poller, the pool to change from
		 * the Pools load: say which one the key is waiting for. */
		enum store_state st = ui->snap->res[STORE_POOLS]->state;

		if (st == STORE_FAILED)
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: the pools did not load; r retries",
				  what);
		else if (st == STORE_READY)
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: that pool is not in the loaded list; "
				  "r refreshes",
				  what);
		else
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: the pools are still loading; try again "
				  "when the title stops saying loading",
				  what);
		return false;
	}
	if (t->origin->name)
		t->ho = oncall_find_health_origin(t->hp, t->origin->name);
	return true;
}

struct task *
oncall_task_new(struct ui *ui, enum task_kind kind)
{
	struct task *t = calloc(1, sizeof(*t));

	if (!t)
		line_oom();
	t->kind = kind;
	t->store = ui->store;
	t->confirm_always = ui->opts.confirm_disable_always;
	t->account_id =
		xstrdup_or_empty(ui->jobs ? jobs_account_id(ui->jobs) : NULL);
	t->journal = ui->journal;
	t->model = ui->health;
	t->snap = ui->snap;
	store_snapshot_ref(t->snap);
	return t;
}

/* ---- results ------------------------------------------------------------- */

bool
oncall_task_done(struct ui *ui, void *task, unsigned long serial)
{
	struct task *t;

	/* Only a task still waiting for this very submission. */
	for (t = ui->oncall ? ui->oncall->tasks : NULL;
	     t && (t != task || t->serial != serial || t->parked); t = t->next)
		;
	if (!t)
		return false;
	if (t->no_client) {
		ui_status(ui, THEME_ROLE_ERROR, "%s: %s; nothing changed",
			  t->kind == TASK_PROBE ? "probe" : "change", t->err);
	} else if (t->kind == TASK_PROBE) {
		oncall_probe_done(ui, t);
	} else if (oncall_toggle_done(ui, t)) {
		ui->dirty |= UI_DIRTY_DRAW;
		return true; /* parked, or queued again */
	}
	oncall_task_drop(ui, t);
	ui->dirty |= UI_DIRTY_DRAW;
	return true;
}

bool
oncall_poll(struct ui *ui)
{
	struct task *t, *next;
	bool any = false;

	if (!ui->oncall)
		return false;
	for (t = ui->oncall->tasks; t; t = next) {
		next = t->next;
		if (t->parked && !dialog_open(ui)) {
			/* Its dialog went away unanswered (closed by a viewer
			 * or at shutdown): nothing was written. */
			ui_status(
				ui, THEME_ROLE_WARNING,
				"%s was not changed (the question was closed)",
				t->origin);
			oncall_task_drop(ui, t);
			any = true;
		}
	}
	if (any)
		ui->dirty |= UI_DIRTY_DRAW;
	return any;
}
