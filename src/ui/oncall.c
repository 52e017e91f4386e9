/* oncall.c: the console's on-call actions: health sync and poller focus, toggle/edit/undo through worker jobs, local probe, journal and event views. */
#include <ctype.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/completion.h"
#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/probe.h"
#include "cfconsole/timefmt.h"
#include "cfconsole/toggle.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/health_view.h"
#include "ui/oncall.h"
#include "ui/ui.h"
#include "ui/wizard.h"

/* ---- tasks ------------------------------------------------------------------ */

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
	unsigned long serial;         /* this submission's, for its completion */
	struct store *store;          /* whose completion queue to post to */
	bool parked;                  /* waiting for a dialog answer */
	struct task *next;
	/* inputs (read-only while queued) */
	struct store_snapshot *snap;  /* keeps seen / monitor / origin alive */
	const struct cf_pool *seen;   /* what the user was shown */
	struct cf_pool seen_own;      /* a fresh pool the user accepted */
	char *origin;                 /* origin name (or address) */
	enum toggle_op op;
	double weight;
	bool confirmed;
	bool confirm_always;          /* ui.confirm_disable = "always" */
	enum toggle_set edit_enabled; /* TOGGLE_OP_EDIT: keep, on or off */
	char *account_id;
	struct journal *journal;
	struct health_model *model;
	const struct cf_monitor *monitor;
	const struct cf_origin *target;
	char cf_view[256];            /* Cloudflare's view when the probe began */
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

static char *
xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		line_oom();
	return d;
}

static struct oncall *
oc(struct ui *ui)
{
	if (!ui->oncall) {
		ui->oncall = calloc(1, sizeof(*ui->oncall));
		if (!ui->oncall)
			line_oom();
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
static bool
task_submit(struct ui *ui, struct task *t)
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
		task_unlink(ui, t);
		task_free(t);
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
	free(ui->wait_health);
	ui->wait_health = NULL;
}

/* ---- the selected origin -------------------------------------------------------- */

struct target {
	const struct cf_pool *pool;     /* from the store snapshot */
	const struct cf_origin *origin; /* in pool */
	const struct health_pool *hp;   /* may be NULL */
	const struct health_origin *ho; /* may be NULL */
};

static const struct cf_origin *
find_origin(const struct cf_pool *p, const char *name)
{
	size_t i;

	for (i = 0; p && name && i < p->norigins; i++)
		if (p->origins[i].name && !strcmp(p->origins[i].name, name))
			return &p->origins[i];
	return NULL;
}

static const struct health_origin *
find_health_origin(const struct health_pool *hp, const char *name)
{
	size_t i;

	for (i = 0; hp && name && i < hp->norigins; i++)
		if (hp->origins[i].name && !strcmp(hp->origins[i].name, name))
			return &hp->origins[i];
	return NULL;
}

/* Resolves the origin under the cursor in Origins or Health; false with a
 * status message when there is none. */
static bool
selected_origin(struct ui *ui, const char *what, struct target *t)
{
	struct pane *p = ui_pane(ui);
	const void *sel;

	memset(t, 0, sizeof(*t));
	if (ui->mode == UI_MODE_VIEWER) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: close the viewer first",
			  what);
		return false;
	}
	ui_load_current(ui);
	sel = pane_selected(p);
	if (p->ops == &origins_pane_ops) {
		t->pool = store_find_pool(ui->snap, p->scope_id);
		t->origin = sel;
		if (ui->hsnap && t->pool)
			t->hp = health_snapshot_find_pool(ui->hsnap,
							  t->pool->id);
	} else if (p->ops == &health_pane_ops) {
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
				  "%s: the pools did not load; r retries", what);
		else if (st == STORE_READY)
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: that pool is not in the loaded list; "
				  "r refreshes", what);
		else
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s: the pools are still loading; try again "
				  "when the title stops saying loading", what);
		return false;
	}
	if (t->origin->name)
		t->ho = find_health_origin(t->hp, t->origin->name);
	return true;
}

static struct task *
task_new(struct ui *ui, enum task_kind kind)
{
	struct task *t = calloc(1, sizeof(*t));

	if (!t)
		line_oom();
	t->kind = kind;
	t->store = ui->store;
	t->confirm_always = ui->confirm_disable_always;
	t->account_id = xstrdup(ui->jobs ? jobs_account_id(ui->jobs) : NULL);
	t->journal = ui->journal;
	t->model = ui->health;
	t->snap = ui->snap;
	store_snapshot_ref(t->snap);
	return t;
}

/* Refuses mutations when the journal could not be opened: no change
 * without an audit trail (and no undo). */
static bool
mutation_ready(struct ui *ui, const char *what)
{
	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: not connected", what);
		return false;
	}
	if (!ui->journal) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "%s: the journal is not available, so changes are "
			  "disabled (see the start-up message)",
			  what);
		return false;
	}
	return true;
}

/* Queues a toggle; for TOGGLE_OP_EDIT, edit_enabled says what happens
 * to `enabled` beside the weight (one PATCH, one journal entry). */
static unsigned
start_toggle(struct ui *ui, const struct target *tg, enum toggle_op op,
	     double weight, enum toggle_set edit_enabled)
{
	struct task *t = task_new(ui, TASK_TOGGLE);

	t->seen = tg->pool;
	t->origin = xstrdup(tg->origin->name ? tg->origin->name
					     : tg->origin->address);
	t->op = op;
	t->weight = weight;
	t->edit_enabled = edit_enabled;
	if (!task_submit(ui, t))
		return CMD_FAILED;
	if (op == TOGGLE_OP_EDIT)
		ui_status(ui, THEME_ROLE_INFO,
			  "setting weight of %s to %g and %s it (read, check, "
			  "write, verify)...",
			  t->origin, weight,
			  edit_enabled == TOGGLE_SET_OFF ? "disabling"
							 : "enabling");
	else if (op == TOGGLE_OP_WEIGHT)
		ui_status(ui, THEME_ROLE_INFO,
			  "setting weight of %s to %g (read, check, write, "
			  "verify)...",
			  t->origin, weight);
	else if (op == TOGGLE_OP_DISABLE && tg->hp && tg->hp->has_health) {
		/* The blast radius as this console sees it, at once; the
		 * worker checks it again on the fresh pool and asks when the
		 * pool would drop below its minimum. */
		size_t left = tg->hp->n_healthy -
			      (tg->ho && tg->ho->state == HEALTH_HEALTHY &&
					       tg->hp->n_healthy
				       ? 1
				       : 0);

		ui_status(ui, left < (size_t)(tg->hp->minimum_origins > 0
						      ? tg->hp->minimum_origins
						      : 1)
				      ? THEME_ROLE_WARNING
				      : THEME_ROLE_INFO,
			  "disabling %s: healthy origins %zu -> %zu (minimum "
			  "%d); checking the fresh pool...",
			  t->origin, tg->hp->n_healthy, left,
			  tg->hp->minimum_origins);
	} else
		ui_status(ui, THEME_ROLE_INFO,
			  "%s %s (read, check, write, verify)...",
			  op == TOGGLE_OP_DISABLE ? "disabling" : "enabling",
			  t->origin);
	return CMD_REDRAW;
}

unsigned
oncall_toggle(struct ui *ui, const char *args)
{
	struct target tg;

	(void)args;
	if (!selected_origin(ui, "toggle", &tg) || !mutation_ready(ui, "toggle"))
		return CMD_FAILED;
	return start_toggle(ui, &tg,
			    tg.origin->enabled ? TOGGLE_OP_DISABLE
					       : TOGGLE_OP_ENABLE,
			    0, TOGGLE_KEEP);
}

/* ---- :edit ------------------------------------------------------------------------ */

bool
oncall_edit_parse(const char *args, bool *has_weight, double *weight,
		  int *enabled, char *err, size_t errsize)
{
	char buf[256], *tok, *save = NULL;

	*has_weight = false;
	*weight = 0;
	*enabled = -1;
	if (!args || !*args) {
		snprintf(err, errsize,
			 "type a weight 0..1 and/or on|off (e.g. 0.5 on)");
		return false;
	}
	snprintf(buf, sizeof(buf), "%s", args);
	for (tok = strtok_r(buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *v = tok, *end;

		if (!strncasecmp(v, "weight=", 7))
			v += 7;
		if (!strcasecmp(v, "on") || !strcasecmp(v, "enabled") ||
		    !strcasecmp(v, "enable") || !strcasecmp(v, "true")) {
			*enabled = 1;
			continue;
		}
		if (!strcasecmp(v, "off") || !strcasecmp(v, "disabled") ||
		    !strcasecmp(v, "disable") || !strcasecmp(v, "false")) {
			*enabled = 0;
			continue;
		}
		if (!isdigit((unsigned char)v[0]) && v[0] != '.') {
			snprintf(err, errsize, "'%s' is neither a weight nor "
				 "on/off", tok);
			return false;
		}
		*weight = strtod(v, &end);
		if (*end || !isfinite(*weight)) {
			snprintf(err, errsize, "'%s' is not a number", tok);
			return false;
		}
		if (*weight < 0 || *weight > 1) {
			snprintf(err, errsize,
				 "weight must be from 0 to 1 (got %s)", v);
			return false;
		}
		if (*has_weight) {
			snprintf(err, errsize, "give one weight only");
			return false;
		}
		*has_weight = true;
	}
	if (!*has_weight && *enabled < 0) {
		snprintf(err, errsize,
			 "type a weight 0..1 and/or on|off (e.g. 0.5 on)");
		return false;
	}
	err[0] = '\0';
	return true;
}

unsigned
oncall_edit(struct ui *ui, const char *args)
{
	struct target tg;
	bool has_w;
	double w;
	int en;
	char err[160];

	if (!selected_origin(ui, "edit", &tg) || !mutation_ready(ui, "edit"))
		return CMD_FAILED;
	if (!args || !*args) {
		/* The key: open the prompt with the current values to edit. */
		char line[64];

		ui->mode = UI_MODE_COMMAND;
		snprintf(line, sizeof(line), "edit %g %s", tg.origin->weight,
			 tg.origin->enabled ? "on" : "off");
		edit_set(&ui->prompt.ed, line);
		edit_history_rewind(&ui->prompt.history);
		ui_status(ui, THEME_ROLE_INFO, "edit %s: weight 0..1, on|off",
			  tg.origin->name ? tg.origin->name : "origin");
		return CMD_REDRAW;
	}
	if (!oncall_edit_parse(args, &has_w, &w, &en, err, sizeof(err))) {
		ui_status(ui, THEME_ROLE_ERROR, "edit: %s; nothing changed",
			  err);
		return CMD_FAILED;
	}
	if (en == (tg.origin->enabled ? 1 : 0))
		en = -1;
	if (has_w && fabs(w - tg.origin->weight) < 1e-9)
		has_w = false;
	if (!has_w && en < 0) {
		ui_status(ui, THEME_ROLE_INFO,
			  "edit: %s already has those values; nothing to do",
			  tg.origin->name ? tg.origin->name : "the origin");
		return CMD_OK;
	}
	if (has_w && en >= 0)
		return start_toggle(ui, &tg, TOGGLE_OP_EDIT, w,
				    en ? TOGGLE_SET_ON : TOGGLE_SET_OFF);
	if (has_w)
		return start_toggle(ui, &tg, TOGGLE_OP_WEIGHT, w, TOGGLE_KEEP);
	return start_toggle(ui, &tg, en ? TOGGLE_OP_ENABLE : TOGGLE_OP_DISABLE,
			    0, TOGGLE_KEEP);
}

unsigned
oncall_undo(struct ui *ui, const char *args)
{
	struct task *t;

	(void)args;
	if (!mutation_ready(ui, "undo"))
		return CMD_FAILED;
	/* A setup the wizard applied after the last origin change is the
	 * most recent change: u offers to remove it (wizard.c). */
	if (wizard_undo(ui))
		return CMD_REDRAW;
	t = task_new(ui, TASK_UNDO);
	if (!task_submit(ui, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "undoing the last change...");
	return CMD_REDRAW;
}

/* ---- local probe ---------------------------------------------------------------- */

/* "unhealthy (Response code mismatch error, 500)" */
static void
cf_view(const struct target *tg, char *buf, size_t size)
{
	const struct health_origin *o = tg->ho;
	bool reason;

	if (!o) {
		snprintf(buf, size, "unknown (no health data yet)");
		return;
	}
	reason = o->failure_reason && strcmp(o->failure_reason, "No failures");
	if (o->state == HEALTH_UNHEALTHY && (reason || o->has_response_code))
		snprintf(buf, size, "%s (%s%s%.0d)", health_state_name(o->state),
			 reason ? o->failure_reason : "",
			 reason && o->has_response_code ? ", " : "",
			 o->has_response_code ? o->response_code : 0);
	else
		snprintf(buf, size, "%s", health_state_name(o->state));
}

unsigned
oncall_probe(struct ui *ui, const char *args)
{
	struct target tg;
	struct task *t;
	const struct cf_monitor *m;

	(void)args;
	if (!selected_origin(ui, "probe", &tg))
		return CMD_FAILED;
	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "probe: not connected");
		return CMD_FAILED;
	}
	if (!tg.pool->monitor) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "probe: pool %s has no monitor to run",
			  tg.pool->name ? tg.pool->name : "");
		return CMD_FAILED;
	}
	m = store_find_monitor(ui->snap, tg.pool->monitor);
	if (!m) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "probe: the pool's monitor is not loaded yet; try "
			  "again");
		return CMD_FAILED;
	}
	t = task_new(ui, TASK_PROBE);
	t->monitor = m;
	t->target = tg.origin;
	t->origin = xstrdup(tg.origin->name);
	cf_view(&tg, t->cf_view, sizeof(t->cf_view));
	if (!task_submit(ui, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "probing %s from here (%s %s)...",
		  tg.origin->name ? tg.origin->name : "",
		  m->type ? m->type : "http", m->path ? m->path : "/");
	return CMD_REDRAW;
}

/* ---- results ---------------------------------------------------------------------- */

static void
first_line(const char *s, char *buf, size_t size)
{
	size_t n = s ? strcspn(s, "\n") : 0;

	if (n >= size)
		n = size - 1;
	if (s)
		memcpy(buf, s, n);
	buf[n] = '\0';
}

/* Everything after a change: fresh pools, a poll soon. */
static void
after_change(struct ui *ui)
{
	if (ui->jobs)
		jobs_load(ui->jobs, STORE_POOLS, NULL);
	if (ui->poller)
		poller_kick(ui->poller);
	ui->dirty |= UI_DIRTY_LOAD | UI_DIRTY_DRAW;
}

static unsigned
confirm_answer(struct ui *ui, bool yes, void *ud)
{
	struct task *t = ud;

	if (!yes) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "cancelled: %s was not changed", t->origin);
		task_unlink(ui, t);
		task_free(t);
		return CMD_REDRAW;
	}
	t->confirmed = true;
	toggle_result_free(&t->res);
	/* On failure task_submit freed t and said why. */
	if (task_submit(ui, t))
		ui_status(ui, THEME_ROLE_INFO, "confirmed; applying to %s...",
			  t->origin);
	return CMD_REDRAW;
}

static unsigned
conflict_answer(struct ui *ui, bool yes, void *ud)
{
	struct task *t = ud;

	if (!yes) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "conflict: %s was not changed (the pool changed "
			  "underneath; list refreshed)",
			  t->origin);
		task_unlink(ui, t);
		task_free(t);
		after_change(ui);
		return CMD_REDRAW;
	}
	/* The user has now seen the current pool: run again on top of it,
	 * with every check (including the blast radius) again. */
	cf_pool_free(&t->seen_own);
	t->seen_own = t->res.before;
	memset(&t->res.before, 0, sizeof(t->res.before));
	t->seen = &t->seen_own;
	t->confirmed = false;
	toggle_result_free(&t->res);
	if (task_submit(ui, t))
		ui_status(ui, THEME_ROLE_INFO,
			  "applying to %s on the current pool...", t->origin);
	return CMD_REDRAW;
}

/* Waits for the user's answer; with `expect`, typing it confirms. */
static void
park(struct ui *ui, struct task *t, const char *title, const char *text,
     const char *expect, dialog_fn fn)
{
	t->parked = true;
	dialog_confirm(ui, title, text, expect, fn, t);
}

/* The blast radius without its first line (the change itself, which the
 * outcome line already says); "" when there is nothing more. */
static const char *
blast_detail(const struct toggle_result *r)
{
	const char *nl = r->blast.summary ? strchr(r->blast.summary, '\n')
					  : NULL;

	return nl ? nl + 1 : "";
}

/* A toggle or undo finished. Returns true when t lives on. */
static bool
toggle_done(struct ui *ui, struct task *t)
{
	struct toggle_result *r = &t->res;
	char line[400], title[128], *text;
	size_t len;

	first_line(r->message, line, sizeof(line));
	switch (r->outcome) {
	case TOGGLE_DONE:
		/* What the change did, load balancers included, for every
		 * change that took capacity away (the status area wraps);
		 * the weight for a weight change. */
		if (*blast_detail(r) &&
		    (r->blast.reduces ||
		     (t->kind == TASK_TOGGLE && t->op != TOGGLE_OP_ENABLE)))
			ui_status(ui, THEME_ROLE_SUCCESS, "%s\n%s", line,
				  blast_detail(r));
		else
			ui_status(ui, THEME_ROLE_SUCCESS, "%s", line);
		after_change(ui);
		return false;
	case TOGGLE_NOOP:
		ui_status(ui, THEME_ROLE_INFO, "%s", line);
		return false;
	case TOGGLE_NEEDS_CONFIRM:
		if (t->kind == TASK_UNDO) {
			/* The confirmation holds for this origin only. */
			free(t->origin);
			t->origin = xstrdup(r->blast.origin);
		}
		len = strlen(r->blast.summary ? r->blast.summary : "") + 160;
		text = malloc(len);
		if (!text)
			line_oom();
		snprintf(text, len, "%s\n\nApply anyway?",
			 r->blast.summary ? r->blast.summary : "");
		snprintf(title, sizeof(title), "Blast radius: %s %s",
			 t->kind == TASK_UNDO	     ? "undo on"
			 : t->op == TOGGLE_OP_DISABLE ? "disable"
						      : "change",
			 t->origin);
		park(ui, t, title, text,
		     r->blast.needs_typed ? t->origin : NULL, confirm_answer);
		free(text);
		if (r->blast.needs_typed)
			ui_status(ui, THEME_ROLE_WARNING,
				  "confirm: type %s to apply (Esc cancels)",
				  t->origin);
		else
			ui_status(ui, THEME_ROLE_WARNING,
				  "confirm: y applies, n cancels (Enter does "
				  "not)");
		return true;
	case TOGGLE_CONFLICT:
		if (t->kind == TASK_UNDO) {
			/* Who changed what, wrapped to fit the screen. */
			ui_status(ui, THEME_ROLE_ERROR, "%s", r->message);
			after_change(ui);
			return false;
		}
		len = strlen(r->diff ? r->diff : "") + 256;
		text = malloc(len);
		if (!text)
			line_oom();
		snprintf(text, len,
			 "Pool %s changed since it was shown.\nNothing was "
			 "written. The differences:\n%s\n\nApply your change "
			 "to the pool as it is now?",
			 r->before.name ? r->before.name : "",
			 r->diff ? r->diff : "");
		snprintf(title, sizeof(title), "Conflict: %s", t->origin);
		park(ui, t, title, text, NULL, conflict_answer);
		free(text);
		ui_status(ui, THEME_ROLE_WARNING,
			  "conflict: the pool changed underneath; nothing "
			  "written yet");
		return true;
	case TOGGLE_WRITE_FAILED:
	case TOGGLE_VERIFY_FAILED:
		ui_status(ui, THEME_ROLE_ERROR, "%s%s", line,
			  r->applied == 1    ? " [applied]"
			  : r->applied == 0 ? " [not applied]"
					    : " [MAY be applied: check]");
		after_change(ui);
		return false;
	case TOGGLE_NOT_FOUND:
	case TOGGLE_INVALID:
	case TOGGLE_READ_FAILED:
		ui_status(ui, THEME_ROLE_ERROR, "%s", line);
		return false;
	}
	return false;
}

static void
probe_done(struct ui *ui, struct task *t)
{
	const struct probe_result *p = &t->probe;
	char rtt[32];

	if (t->probe_rc != CF_OK) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "Cloudflare: %s | from here: cannot probe (%s)",
			  t->cf_view,
			  p->failure_reason[0] ? p->failure_reason
					       : cf_status_name(t->probe_rc));
		return;
	}
	health_view_rtt(p->has_rtt, p->rtt_ms, rtt, sizeof(rtt));
	if (p->healthy)
		ui_status(ui, THEME_ROLE_SUCCESS,
			  "%s: Cloudflare: %s | from here: healthy %d in %s",
			  t->origin, t->cf_view, p->response_code, rtt);
	else
		ui_status(ui, THEME_ROLE_WARNING,
			  "%s: Cloudflare: %s | from here: unhealthy (%s%s%.0d)"
			  " in %s",
			  t->origin, t->cf_view, p->failure_reason,
			  p->response_code ? ", " : "", p->response_code, rtt);
}

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
		probe_done(ui, t);
	} else if (toggle_done(ui, t)) {
		ui->dirty |= UI_DIRTY_DRAW;
		return true; /* parked, or queued again */
	}
	task_unlink(ui, t);
	task_free(t);
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
			ui_status(ui, THEME_ROLE_WARNING,
				  "%s was not changed (the question was closed)",
				  t->origin);
			task_unlink(ui, t);
			task_free(t);
			any = true;
		}
	}
	if (any)
		ui->dirty |= UI_DIRTY_DRAW;
	return any;
}

/* ---- health snapshot, focus, header ----------------------------------------- */

static double
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Writes one line per origin whose state differs between a and b. */
static void
log_transitions(FILE *f, const struct health_snapshot *a,
		const struct health_snapshot *b)
{
	size_t i, k;
	double now = wall_ms();

	for (i = 0; i < b->npools; i++) {
		const struct health_pool *bp = &b->pools[i];
		const struct health_pool *ap =
			a ? health_snapshot_find_pool(a, bp->id) : NULL;

		for (k = 0; k < bp->norigins; k++) {
			const struct health_origin *bo = &bp->origins[k];
			const struct health_origin *ao =
				find_health_origin(ap, bo->name);

			if (ao && ao->state == bo->state)
				continue;
			fprintf(f, "health %s/%s %s %.0f\n",
				bp->name ? bp->name : "-",
				bo->name ? bo->name : "-",
				health_state_name(bo->state), now);
		}
	}
	fflush(f);
}

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Does the store's copy of the pools say something else than the health
 * model's (newer) reading of their settings? */
static bool
store_pools_behind(const struct store_snapshot *snap,
		   const struct health_snapshot *h)
{
	const struct store_res *r = snap->res[STORE_POOLS];
	size_t i, k;

	if (r->state != STORE_READY || h->npools != r->n)
		return r->state == STORE_READY;
	for (i = 0; i < h->npools; i++) {
		const struct health_pool *hp = &h->pools[i];
		const struct cf_pool *sp = store_find_pool(snap, hp->id);

		if (!sp || sp->enabled != hp->enabled ||
		    sp->minimum_origins != hp->minimum_origins ||
		    !str_same(sp->monitor, hp->monitor) ||
		    !str_same(sp->name, hp->name) ||
		    sp->norigins != hp->norigins)
			return true;
		for (k = 0; k < hp->norigins; k++)
			if (sp->origins[k].enabled != hp->origins[k].enabled ||
			    sp->origins[k].weight != hp->origins[k].weight ||
			    !str_same(sp->origins[k].name,
				      hp->origins[k].name))
				return true;
	}
	return false;
}

bool
oncall_sync_health(struct ui *ui, void *timing)
{
	const struct health_snapshot *old = ui->hsnap, *cur;
	int i;

	if (!ui->health)
		return false;
	if (health_model_generation(ui->health) ==
	    (old ? old->generation : 0))
		return false;
	cur = health_model_acquire(ui->health);
	if (!cur)
		return false;
	if (timing)
		log_transitions(timing, old, cur);
	/* The poller read different pool settings (a change made elsewhere):
	 * the lists that show them (Pools, Origins, the toggles' "what you
	 * saw") are brought up to date once, not only Health. */
	if (ui->jobs && (!old || old->config_gen != cur->config_gen) &&
	    store_pools_behind(ui->snap, cur))
		jobs_load(ui->jobs, STORE_POOLS, NULL);
	ui->hsnap = cur;
	for (i = 0; i < UI_NPANES; i++) {
		struct pane *p = ui->panes[i];

		p->health = cur;
		/* Rows that point into the old snapshot go now. */
		if (p->ops == &health_pane_ops)
			pane_load(p, ui->snap);
	}
	health_snapshot_release(old);
	ui->dirty |= UI_DIRTY_DRAW;
	return true;
}

void
oncall_set_model(struct ui *ui, struct health_model *model)
{
	int i;

	ui->health = model;
	for (i = 0; i < UI_NPANES; i++) {
		struct pane *p = ui->panes[i];

		p->health = NULL;
		/* Rows that point into the old snapshot go before it does. */
		if (p->ops == &health_pane_ops)
			pane_load(p, ui->snap);
	}
	health_snapshot_release(ui->hsnap);
	ui->hsnap = NULL;
	free(ui->focus_key);
	ui->focus_key = NULL;
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_LOAD;
	/* Whatever the new model already holds is taken at the next
	 * ui_sync, as if its poller had just published it. */
	if (model)
		completion_post(store_completions(ui->store), COMPLETION_HEALTH,
				NULL, NULL, 0);
}

bool
oncall_health_is(const struct ui *ui, const char *spec)
{
	char buf[256], *sp, *slash;
	const struct health_pool *hp;
	const struct health_origin *o;

	if (!ui->hsnap || !spec)
		return false;
	snprintf(buf, sizeof(buf), "%s", spec);
	sp = strrchr(buf, ' ');
	if (!sp)
		return false;
	*sp++ = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	hp = health_snapshot_find_pool(ui->hsnap, buf);
	if (!hp)
		return false;
	/* A pool's "critical" was called "unhealthy" before: both work. */
	if (!slash)
		return !strcmp(health_pool_state_name(hp->state), sp) ||
		       !strcmp(health_state_name(hp->state), sp);
	o = find_health_origin(hp, slash + 1);
	return o && !strcmp(health_state_name(o->state), sp);
}

/* Appends the pool ids of rows top..top+height of pane p to buf. */
static void
visible_pools(const struct pane *p, const char **ids, size_t *n, size_t max)
{
	size_t r, k, end = p->top + (size_t)(p->height > 0 ? p->height : 1);

	for (r = p->top; r < end && r < p->nvis && *n < max; r++) {
		const void *obj = p->objs[p->vis[r]];
		const char *id;

		if (p->ops == &health_pane_ops)
			id = ((const struct health_row *)obj)->pool->id;
		else
			id = ((const struct cf_pool *)obj)->id;
		if (!id)
			continue;
		for (k = 0; k < *n && strcmp(ids[k], id); k++)
			;
		if (k == *n)
			ids[(*n)++] = id;
	}
}

void
oncall_focus(struct ui *ui)
{
	const struct pane *p = ui_pane(ui);
	const char *ids[128];
	size_t n = 0, i, len = 0;
	char key[128 * 40];

	if (!ui->poller)
		return;
	if (p->ops == &pools_pane_ops || p->ops == &health_pane_ops)
		visible_pools(p, ids, &n, 128);
	else if (p->ops == &origins_pane_ops && p->scope_id)
		ids[n++] = p->scope_id;
	key[0] = '\0';
	for (i = 0; i < n && len < sizeof(key); i++)
		len += (size_t)snprintf(key + len, sizeof(key) - len, "%s,",
					ids[i]);
	if (ui->focus_key && !strcmp(ui->focus_key, key))
		return;
	free(ui->focus_key);
	ui->focus_key = xstrdup(key);
	poller_set_focus(ui->poller, ids, n);
}

void
oncall_header(struct ui *ui, char *buf, size_t size, bool *warn)
{
	struct poller_status st;
	char when[32] = "never";

	*warn = false;
	buf[0] = '\0';
	if (!ui->poller)
		return;
	poller_get_status(ui->poller, &st);
	if (st.last_poll)
		timefmt_clock(st.last_poll, when, sizeof(when));
	*warn = st.state == POLLER_PAUSED || st.state == POLLER_BACKOFF ||
		st.last_error[0];
	if (st.state == POLLER_RUNNING)
		snprintf(buf, size, "poll %s", when);
	else
		snprintf(buf, size, "poll %s %s", poller_state_name(st.state),
			 st.last_poll ? when : "");
	/* Trailing blank of an empty time. */
	if (buf[0] && buf[strlen(buf) - 1] == ' ')
		buf[strlen(buf) - 1] = '\0';
}

unsigned
oncall_pause(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->poller) {
		ui_status(ui, THEME_ROLE_WARNING, "the health poller is not "
			  "running");
		return CMD_FAILED;
	}
	if (poller_paused(ui->poller)) {
		poller_resume(ui->poller);
		ui_status(ui, THEME_ROLE_INFO, "health polling resumed");
	} else {
		poller_pause(ui->poller);
		ui_status(ui, THEME_ROLE_WARNING,
			  "health polling paused (p resumes)");
	}
	return CMD_REDRAW;
}

unsigned
oncall_poll_now(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->poller) {
		ui_status(ui, THEME_ROLE_WARNING, "the health poller is not "
			  "running");
		return CMD_FAILED;
	}
	poller_kick(ui->poller);
	{
		struct cf_budget b;

		/* Say when it cannot be "now": the API said to wait. */
		cf_budget_get(&b);
		if (b.blocked_until > 0) {
			struct timespec ts;

			/* blocked_until is on the monotonic clock */
			clock_gettime(CLOCK_MONOTONIC, &ts);
			ui_status(ui, THEME_ROLE_WARNING,
				  "polling health in %.0fs, when the API's "
				  "Retry-After ends",
				  ceil(b.blocked_until - (double)ts.tv_sec -
				       (double)ts.tv_nsec / 1e9));
		}
		else
			ui_status(ui, THEME_ROLE_INFO, "polling health now");
	}
	return CMD_REDRAW;
}

/* ---- viewers ------------------------------------------------------------------------ */

void
oncall_events_lines(const struct ui *ui, size_t max, struct lines *out)
{
	const struct health_snapshot *h = ui->hsnap;
	size_t i;

	if (!h || h->nevents == 0) {
		line_add(lines_add(out), THEME_ROLE_DIM,
			 ui->health ? "no health transitions seen yet"
				    : "the health poller is not running");
		return;
	}
	for (i = 0; i < h->nevents && i < max; i++) {
		const struct health_event *e = &h->events[i];
		struct line *l = lines_add(out);
		enum theme_role role = e->source == HEALTH_EV_NOTE
					       ? THEME_ROLE_INFO
					       : health_view_role(e->to);

		/* This console's own changes have a mark of their own, not
		 * a state's. */
		line_add(l, role,
			 e->source == HEALTH_EV_NOTE
				 ? health_view_note_symbol(line_is_ascii())
				 : health_view_symbol(e->to, line_is_ascii()));
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add(l, THEME_ROLE_NORMAL, e->text ? e->text : "");
	}
}

unsigned
oncall_events(struct ui *ui, const char *args)
{
	struct lines text = { 0 };

	(void)args;
	oncall_events_lines(ui, HEALTH_EVENTS_MAX, &text);
	ui_viewer_open(ui, "Health events (newest first)", &text);
	return CMD_REDRAW;
}

unsigned
oncall_toggle_events(struct ui *ui, const char *args)
{
	(void)args;
	if (ui_pane(ui)->ops != &health_pane_ops) {
		ui_show(ui, pane_lookup("health"), NULL, NULL, false);
		ui->show_events = true;
		return CMD_REDRAW;
	}
	ui->show_events = !ui->show_events;
	return CMD_REDRAW;
}

unsigned
oncall_journal(struct ui *ui, const char *args)
{
	struct journal_list jl = { 0 };
	struct lines text = { 0 };
	char err[256], path[1024], when[64];
	const char *p;
	size_t i;

	(void)args;
	if (ui->journal)
		p = journal_path(ui->journal);
	else if (journal_default_path(path, sizeof(path)))
		p = path;
	else {
		ui_status(ui, THEME_ROLE_ERROR,
			  "journal: no usable XDG_STATE_HOME or HOME");
		return CMD_FAILED;
	}
	if (!journal_read(p, 500, &jl, err, sizeof(err))) {
		ui_status(ui, THEME_ROLE_ERROR, "journal: %s", err);
		return CMD_FAILED;
	}
	line_addf(lines_add(&text), THEME_ROLE_DIM, "%s: %zu entries%s", p,
		  jl.n, jl.nbad ? " (some lines unreadable, skipped)" : "");
	if (jl.n == 0)
		line_add(lines_add(&text), THEME_ROLE_DIM,
			 "no changes recorded yet");
	for (i = 0; i < jl.n; i++) {
		const struct cf_journal_record *r = &jl.items[i];
		struct line *l = lines_add(&text);
		bool ok = r->outcome && (!strcmp(r->outcome, "done") ||
					 !strcmp(r->outcome, "ok"));

		line_addf(l, THEME_ROLE_DIM, "%s ",
			  timefmt_api(r->time, NULL, when, sizeof(when)));
		line_addf(l, ok ? THEME_ROLE_SUCCESS : THEME_ROLE_ERROR,
			  "%-14s ", r->action ? r->action : "-");
		line_addf(l, THEME_ROLE_NORMAL, "%s/%s ",
			  r->object_name ? r->object_name : "-",
			  r->origin ? r->origin : "-");
		line_addf(l, ok ? THEME_ROLE_DIM : THEME_ROLE_ERROR, "%s",
			  r->outcome ? r->outcome : "-");
		if (r->profile)
			line_addf(l, THEME_ROLE_DIM, " [%s]", r->profile);
		if (r->message) {
			char m[300];

			first_line(r->message, m, sizeof(m));
			line_addf(lines_add(&text), THEME_ROLE_DIM, "    %s",
				  m);
		}
	}
	journal_list_free(&jl);
	ui_viewer_open(ui, "Journal (newest first)", &text);
	return CMD_REDRAW;
}
