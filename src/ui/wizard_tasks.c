/* wizard_tasks.c: the setup wizard's work on jobs workers (Test now, online checks, apply, removal) and how each result comes back to the screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/monoclock.h"
#include "cfconsole/xmem.h"
#include "cfconsole/completion.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"

/* ---- tasks ------------------------------------------------------------------- */

static struct wiz_task *
task_new(struct ui *ui, struct wizard *w, enum wiz_task_kind kind)
{
	static unsigned long serial; /* UI thread only */
	struct wiz_task *t = calloc(1, sizeof(*t));

	if (!t)
		line_oom();
	t->kind = kind;
	t->serial = ++serial;
	atomic_init(&t->cancel, false);
	pthread_mutex_init(&t->lock, NULL);
	t->store = ui->store;
	t->account_id =
		xstrdup_or_empty(ui->jobs ? jobs_account_id(ui->jobs) : NULL);
	t->journal = ui->journal;
	/* t->plan stays zeroed (cf_plan_free handles that): the tasks that
	 * need one copy it in, and a copy overwrites without freeing. */
	cf_monitor_init(&t->monitor);
	t->next = w->tasks;
	w->tasks = t;
	return t;
}

void
wiz_events_free(struct wiz_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].line);
	free(v);
}

static void
task_free(struct wiz_task *t)
{
	size_t i;

	if (!t)
		return;
	free(t->account_id);
	cf_plan_free(&t->plan);
	free(t->file);
	free(t->text);
	wiz_fields_free(t->fields);
	cf_monitor_free(&t->monitor);
	for (i = 0; i < t->norigins; i++)
		cf_origin_free(&t->origins[i]);
	free(t->origins);
	free(t->preview_pool);
	free(t->preview_monitor);
	wiz_events_free(t->events, t->nevents);
	plan_issues_free(&t->issues);
	free(t->zone_id);
	pe_report_free(&t->report);
	probe_all_result_free(&t->probe);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void
task_unlink(struct wizard *w, struct wiz_task *t)
{
	struct wiz_task **pp;

	for (pp = &w->tasks; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			return;
		}
}

/* Drops a task nobody needs: now when it is finished, else when it is. */
static void
task_drop(struct wizard *w, struct wiz_task *t)
{
	if (!t)
		return;
	if (t->done) {
		task_unlink(w, t);
		task_free(t);
	} else {
		t->orphan = true;
	}
}

void
wiz_task_orphan(struct wizard *w, struct wiz_task **t)
{
	task_drop(w, *t);
	*t = NULL;
}

void
wiz_tasks_free(struct wizard *w)
{
	struct wiz_task *t, *next;

	for (t = w->tasks; t; t = next) {
		next = t->next;
		task_free(t);
	}
	w->tasks = NULL;
	w->test = w->check = w->apply = w->remove = NULL;
}

bool
wiz_tasks_busy(const struct wizard *w)
{
	const struct wiz_task *t;

	for (t = w->tasks; t; t = t->next)
		if (!t->orphan && (!t->done || !t->handled))
			return true;
	return false;
}

size_t
wiz_events_copy(struct wiz_task *t, struct wiz_event **out)
{
	size_t i, n;

	*out = NULL;
	if (!t)
		return 0;
	pthread_mutex_lock(&t->lock);
	n = t->nevents;
	*out = xcalloc(n + 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].kind = t->events[i].kind;
		(*out)[i].step = t->events[i].step;
		(*out)[i].line = xstrdup_or_empty(t->events[i].line);
	}
	pthread_mutex_unlock(&t->lock);
	return n;
}

/* ---- on the worker ------------------------------------------------------------ */

/* The engine's progress, kept for the screen (worker thread). */
static void
on_event(const struct pe_event *ev, void *ud)
{
	struct wiz_task *t = ud;
	struct wiz_event *n;
	char *line = strdup(ev->line ? ev->line : "");

	if (!line)
		return;
	pthread_mutex_lock(&t->lock);
	n = realloc(t->events, (t->nevents + 1) * sizeof(*n));
	if (n) {
		t->events = n;
		n[t->nevents].kind = ev->kind;
		n[t->nevents].step = ev->step;
		n[t->nevents].line = line;
		t->nevents++;
	} else {
		free(line);
	}
	pthread_mutex_unlock(&t->lock);
	/* Each step is on screen as it happens, not when the apply ends. */
	store_poke(t->store);
}

/* The online checks into t (worker thread); false when they failed. */
static bool
check_online(struct cf_client *c, struct wiz_task *t)
{
	struct cf_error e = { 0 };
	enum cf_status st;

	st = plan_check_online(c, t->account_id, &t->plan, &t->issues,
			       &t->zone_id, &e);
	if (st != CF_OK) {
		char msg[400];

		snprintf(t->err, sizeof(t->err),
			 "checking the plan against the "
			 "API: %s",
			 cf_error_format(&e, msg, sizeof(msg)));
		cf_error_clear(&e);
		return false;
	}
	t->checked = true;
	return true;
}

/* Hands t back to the UI thread (wiz_task_done). Nothing of t may be
 * touched after this: the UI may free it at once. */
static void
task_post(struct wiz_task *t)
{
	completion_post(store_completions(t->store), COMPLETION_WIZARD_TASK, t,
			NULL, t->serial);
}

static void
task_main(struct cf_client *c, const atomic_bool *cancel,
	  const struct cf_error *err, void *ud)
{
	struct wiz_task *t = ud;

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
	case WT_TEST: {
		struct probe_all_request rq = {
			.account_id = t->account_id,
			.monitor = &t->monitor,
			.origins = t->origins,
			.norigins = t->norigins,
			.pool_id = t->preview_pool,
			.monitor_id = t->preview_monitor,
		};

		t->probe_rc = probe_all_run(c, &rq, cancel, &t->probe);
		break;
	}
	case WT_CHECK:
		check_online(c, t);
		break;
	case WT_APPLY: {
		struct plan_apply_options o = { 0 };

		/* The same checks as `cfconsole apply`: names taken, CNAME
		 * conflicts and the zone's id, just before anything is sent. */
		if (!check_online(c, t))
			break;
		if (t->issues.nerrors) {
			t->refused = true;
			break;
		}
		o.account_id = t->account_id;
		o.zone_id = t->zone_id;
		o.file = t->file;
		o.journal = t->journal;
		o.cancel = &t->cancel;
		o.progress = on_event;
		o.ud = t;
		plan_apply(c, &t->plan, &o, &t->report);
		t->ran = true;
		break;
	}
	case WT_REMOVE: {
		struct plan_apply_options o = { 0 };

		/* A copy: the engine replaces the plan's own zone_id. */
		free(t->zone_id);
		t->zone_id = t->plan.zone_id ? strdup(t->plan.zone_id) : NULL;
		o.account_id = t->account_id;
		o.zone_id = t->zone_id;
		o.file = t->file;
		o.journal = t->journal;
		o.progress = on_event;
		o.ud = t;
		plan_rollback(c, &t->plan, &o, &t->report);
		t->ran = true;
		break;
	}
	}
	task_post(t);
}

static bool
submit(struct ui *ui, struct wizard *w, struct wiz_task *t)
{
	if (!ui->jobs || !jobs_task(ui->jobs, task_main, t)) {
		task_unlink(w, t);
		task_free(t);
		ui_status(ui, THEME_ROLE_ERROR, "cannot start a worker job");
		return false;
	}
	return true;
}

/* ---- Test now ------------------------------------------------------------------- */

static void
copy_origins(struct wiz_task *t, const struct cf_origin *o, size_t n)
{
	size_t i;

	t->origins = xcalloc(n + 1, sizeof(*t->origins));
	for (i = 0; i < n; i++) {
		if (cf_origin_copy(&t->origins[i], &o[i]) != CF_OK)
			line_oom();
		t->norigins++;
	}
}

bool
wiz_test_start(struct ui *ui, struct wizard *w)
{
	const struct cf_plan *p = form_plan(w->form);
	const struct cf_monitor *m = NULL;
	const struct cf_pool *pool = NULL;
	struct wiz_task *t;

	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "test: not connected");
		return false;
	}
	if (w->test && !w->test->done) {
		ui_status(ui, THEME_ROLE_INFO,
			  "a test is already running "
			  "(Esc abandons it)");
		return false;
	}
	if (p->pool_source == CF_PLAN_EXISTING) {
		pool = store_find_pool(ui->snap, p->pool_id);
		if (!pool) {
			ui_status(ui, THEME_ROLE_WARNING,
				  "test: the chosen pool is not loaded");
			return false;
		}
		m = pool->monitor ? store_find_monitor(ui->snap, pool->monitor)
				  : NULL;
		if (!m) {
			ui_status(ui, THEME_ROLE_WARNING,
				  "test: pool %s has no monitor (loaded) to "
				  "probe with",
				  pool->name ? pool->name : "");
			return false;
		}
	} else if (p->monitor_source == CF_PLAN_EXISTING) {
		m = store_find_monitor(ui->snap, p->monitor_id);
		if (!m) {
			ui_status(ui, THEME_ROLE_WARNING,
				  "test: the chosen monitor is not loaded");
			return false;
		}
	} else {
		m = &p->monitor;
	}
	wiz_task_orphan(w, &w->test);
	t = task_new(ui, w, WT_TEST);
	cf_monitor_free(&t->monitor);
	if (cf_monitor_copy(&t->monitor, m) != CF_OK)
		line_oom();
	if (pool) {
		copy_origins(t, pool->origins, pool->norigins);
		t->preview_pool = xstrdup_or_empty(pool->id);
	} else {
		copy_origins(t, p->pool.origins, p->pool.norigins);
		if (p->monitor_source == CF_PLAN_EXISTING)
			t->preview_monitor = xstrdup_or_empty(p->monitor_id);
	}
	if (!submit(ui, w, t))
		return false;
	w->test = t;
	ui_status(ui, THEME_ROLE_INFO,
		  "testing %zu origin%s from here%s "
		  "(nothing is created)...",
		  t->norigins, t->norigins == 1 ? "" : "s",
		  t->preview_pool || t->preview_monitor
			  ? " and with Cloudflare's preview"
			  : "");
	return true;
}

static void
test_done(struct ui *ui, struct wiz_task *t)
{
	size_t i, up = 0, cf_up = 0, cf_known = 0;

	if (t->no_client) {
		ui_status(ui, THEME_ROLE_ERROR, "test: %s", t->err);
		return;
	}
	for (i = 0; i < t->probe.n; i++) {
		const struct probe_all_row *r = &t->probe.rows[i];

		up += r->local_rc == CF_OK && r->local.healthy;
		if (r->cf == PROBE_ALL_CF_DONE) {
			cf_known++;
			cf_up += r->cf_healthy;
		}
	}
	if (t->probe.preview && t->probe.preview_error[0])
		ui_status(ui, THEME_ROLE_WARNING,
			  "test: %zu of %zu healthy from here; Cloudflare's "
			  "preview failed: %s",
			  up, t->probe.n, t->probe.preview_error);
	else if (t->probe.preview)
		ui_status(ui,
			  up == t->probe.n ? THEME_ROLE_SUCCESS
					   : THEME_ROLE_WARNING,
			  "test: %zu of %zu healthy from here, %zu of %zu by "
			  "Cloudflare's preview",
			  up, t->probe.n, cf_up, cf_known);
	else
		ui_status(ui,
			  up == t->probe.n ? THEME_ROLE_SUCCESS
					   : THEME_ROLE_WARNING,
			  "test: %zu of %zu origins healthy from here", up,
			  t->probe.n);
}

/* ---- the online checks ------------------------------------------------------------ */

bool
wiz_check_current(struct wizard *w)
{
	char *now;
	bool same;

	if (!w->checked_text || !w->form)
		return false;
	now = cf_plan_encode(form_plan(w->form), false);
	if (!now)
		line_oom();
	same = !strcmp(now, w->checked_text);
	free(now);
	return same;
}

void
wiz_fields_free(struct wiz_fields *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->ids[i]);
		free(f->texts[i]);
	}
	free(f->ids);
	free(f->texts);
	free(f);
}

/* Every plain field's text now (tables and lists are not named by the
 * online checks). */
static struct wiz_fields *
fields_snapshot(struct form *f)
{
	struct wiz_fields *s = calloc(1, sizeof(*s));
	int st;
	size_t i, n, cap = 0;

	if (!s)
		line_oom();
	for (st = 0; st < FORM_NSTEPS; st++) {
		const char *const *ids;

		n = form_fields(f, (enum form_step)st, &ids);
		for (i = 0; i < n; i++) {
			const struct form_field *d = form_field_def(ids[i]);

			if (!d || d->kind == FORM_TABLE ||
			    d->kind == FORM_PICK || d->kind == FORM_MAP)
				continue;
			if (s->n == cap) {
				cap = cap ? cap * 2 : 32;
				s->ids = realloc(s->ids, cap * sizeof(char *));
				s->texts =
					realloc(s->texts, cap * sizeof(char *));
				if (!s->ids || !s->texts)
					line_oom();
			}
			s->ids[s->n] = xstrdup_or_empty(ids[i]);
			s->n++;
		}
	}
	for (i = 0; i < s->n; i++)
		s->texts[i] = xstrdup_or_empty(form_text(f, s->ids[i]));
	return s;
}

bool
wiz_check_holds(struct wizard *w, const char *field)
{
	struct wiz_fields *s = w->checked_fields;
	size_t i, len, best = 0;
	long at = -1;

	if (!w->form || !s)
		return false;
	for (i = 0; i < s->n; i++) {
		len = strlen(s->ids[i]);
		if (!strncmp(field, s->ids[i], len) &&
		    (field[len] == '\0' || field[len] == '.' ||
		     field[len] == '[') &&
		    len > best) {
			best = len;
			at = (long)i;
		}
	}
	if (at < 0)
		return wiz_check_current(w);
	return !strcmp(form_text(w->form, s->ids[at]), s->texts[at]);
}

bool
wiz_check_start(struct ui *ui, struct wizard *w)
{
	struct wiz_task *t;

	w->check_err[0] = '\0';
	if (!ui->jobs) {
		snprintf(w->check_err, sizeof(w->check_err), "not connected");
		return false;
	}
	wiz_task_orphan(w, &w->check);
	t = task_new(ui, w, WT_CHECK);
	if (cf_plan_copy(&t->plan, form_plan(w->form)) != CF_OK)
		line_oom();
	t->text = cf_plan_encode(&t->plan, false);
	if (!t->text)
		line_oom();
	t->fields = fields_snapshot(w->form);
	if (!submit(ui, w, t))
		return false;
	w->check = t;
	return true;
}

/* Takes a check's result (from WT_CHECK or the apply's own check). */
static void
take_check(struct wizard *w, struct wiz_task *t)
{
	size_t i;

	plan_issues_free(&w->checked);
	for (i = 0; i < t->issues.n; i++)
		plan_issue_add(&w->checked, t->issues.v[i].warning,
			       t->issues.v[i].field, "%s",
			       t->issues.v[i].message);
	free(w->checked_text);
	w->checked_text = t->text ? xstrdup_or_empty(t->text)
				  : cf_plan_encode(&t->plan, false);
	if (!w->checked_text)
		line_oom();
	/* An apply's plan carries its state; the check saw the plan. */
	if (t->kind == WT_APPLY && w->form) {
		free(w->checked_text);
		w->checked_text = cf_plan_encode(form_plan(w->form), false);
	}
	wiz_fields_free(w->checked_fields);
	w->checked_fields = t->fields;
	t->fields = NULL;
	if (!w->checked_fields && w->form)
		w->checked_fields = fields_snapshot(w->form);
	free(w->zone_id);
	w->zone_id = t->zone_id ? xstrdup_or_empty(t->zone_id) : NULL;
	w->check_err[0] = '\0';
}

static void
check_done(struct ui *ui, struct wizard *w, struct wiz_task *t)
{
	if (t->no_client || !t->checked) {
		snprintf(w->check_err, sizeof(w->check_err), "%s", t->err);
		ui_status(ui, THEME_ROLE_ERROR, "%s (r checks again)", t->err);
		return;
	}
	take_check(w, t);
	/* Said now on Review; on a step it shows beside its field. */
	if (t->issues.nerrors && w->form &&
	    form_step(w->form) == FORM_STEP_REVIEW)
		ui_status(ui, THEME_ROLE_ERROR,
			  "the account is in the way: %s (fix it in its step)",
			  t->issues.v[0].message);
}

/* ---- apply ------------------------------------------------------------------------- */

bool
wiz_apply_start(struct ui *ui, struct wizard *w)
{
	const struct cf_plan *p = form_plan(w->form);
	struct wiz_task *t;
	char path[1024], msg[512];

	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "apply: not connected");
		return false;
	}
	if (!ui->journal) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "apply: the journal is not available, so changes are "
			  "disabled (see the start-up message)");
		return false;
	}
	if (!plan_home_new_file(p->lb.name, (long long)time(NULL), path,
				sizeof(path), msg, sizeof(msg))) {
		ui_status(ui, THEME_ROLE_ERROR, "apply: plan file: %s", msg);
		return false;
	}
	t = task_new(ui, w, WT_APPLY);
	if (cf_plan_copy(&t->plan, p) != CF_OK)
		line_oom();
	cf_plan_clear_state(&t->plan);
	t->file = xstrdup_or_empty(path);
	if (!submit(ui, w, t))
		return false;
	wiz_task_orphan(w, &w->apply);
	w->apply = t;
	snprintf(w->plan_file, sizeof(w->plan_file), "%s", path);
	pe_plan_free(&w->steps);
	/* The steps' labels, to show every step from the start. */
	if (!plan_build(p, t->account_id, w->zone_id, NULL, &w->steps))
		line_oom();
	w->screen = WIZ_APPLY;
	w->apply_done = false;
	w->timing_logged = false;
	w->result_top = 0;
	ui_status(ui, THEME_ROLE_INFO, "applying: the plan file is %s", path);
	return true;
}

/* Lists, pools and health show what the apply or removal changed. */
static void
after_change(struct ui *ui, const char *zone_id)
{
	if (ui->jobs) {
		jobs_load(ui->jobs, STORE_POOLS, NULL);
		jobs_load(ui->jobs, STORE_MONITORS, NULL);
		if (zone_id && ui->snap->res[STORE_LBS]->scope_id &&
		    !strcmp(ui->snap->res[STORE_LBS]->scope_id, zone_id))
			jobs_load(ui->jobs, STORE_LBS, zone_id);
		if (zone_id && ui->snap->res[STORE_DNS]->scope_id &&
		    !strcmp(ui->snap->res[STORE_DNS]->scope_id, zone_id))
			jobs_load(ui->jobs, STORE_DNS, zone_id);
	}
	if (ui->poller)
		poller_kick(ui->poller);
	ui->dirty |= UI_DIRTY_LOAD | UI_DIRTY_DRAW;
}

static void
apply_done(struct ui *ui, struct wizard *w, struct wiz_task *t)
{
	w->apply_done = true;
	w->apply_ms = monoclock_ms() - w->apply_t0;
	w->apply_wall1 = wiz_wall_ms();
	if (t->no_client || (!t->checked && !t->ran)) {
		ui_status(ui, THEME_ROLE_ERROR, "apply: %s; nothing was sent",
			  t->err);
		return;
	}
	if (t->refused) {
		/* Names taken since Review: back there, with the reasons. */
		take_check(w, t);
		w->screen = WIZ_FORM;
		ui_status(ui, THEME_ROLE_ERROR, "nothing was sent: %s",
			  t->issues.v[0].message);
		return;
	}
	if (t->report.outcome == PE_OK) {
		cf_plan_free(&w->setup);
		if (cf_plan_copy(&w->setup, &t->plan) != CF_OK)
			line_oom();
		snprintf(w->setup_file, sizeof(w->setup_file), "%s", t->file);
		w->has_setup = true;
		w->undo_depth = journal_undo_depth(ui->journal);
		ui_status(ui, THEME_ROLE_SUCCESS,
			  "setup created and verified: load balancer %s",
			  t->plan.lb.name);
	} else {
		ui_status(ui, THEME_ROLE_ERROR, "apply %s: %s",
			  pe_outcome_name(t->report.outcome),
			  t->report.message ? t->report.message : "failed");
	}
	after_change(ui, t->zone_id);
}

/* ---- removing the setup (u) --------------------------------------------------------- */

static void
remove_done(struct ui *ui, struct wizard *w, struct wiz_task *t)
{
	size_t i;
	char line[1024];
	int n = 0;

	if (t->no_client) {
		ui_status(ui, THEME_ROLE_ERROR, "remove: %s; nothing removed",
			  t->err);
		return;
	}
	/* The plan file records what is gone now. */
	cf_plan_free(&w->setup);
	if (cf_plan_copy(&w->setup, &t->plan) != CF_OK)
		line_oom();
	if (t->report.outcome == PE_OK) {
		w->has_setup = false;
		ui_status(ui, THEME_ROLE_SUCCESS,
			  "removed the setup of %s (last created first): "
			  "nothing of it is left",
			  t->plan.lb.name);
	} else {
		for (i = 0;
		     i < t->report.nleft && n >= 0 && (size_t)n < sizeof(line);
		     i++)
			n += snprintf(line + n, sizeof(line) - (size_t)n,
				      "%s%s %s", i ? ", " : "",
				      t->report.left[i].label
					      ? t->report.left[i].label
					      : t->report.left[i].kind,
				      t->report.left[i].id
					      ? t->report.left[i].id
					      : "?");
		ui_status(ui, THEME_ROLE_ERROR,
			  "removing the setup %s: %s\nstill there: %s\n"
			  "remove them with: cfconsole apply --rollback %s",
			  pe_outcome_name(t->report.outcome),
			  t->report.message ? t->report.message : "failed",
			  t->report.nleft ? line : "-", t->file);
	}
	after_change(ui, t->plan.zone_id);
}

static unsigned
remove_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;
	struct wiz_task *t;

	if (!yes) {
		ui_status(ui, THEME_ROLE_INFO,
			  "the setup stays (u asks again)");
		return CMD_REDRAW;
	}
	if (!ui->jobs || !ui->journal) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "remove: not connected or no journal; nothing "
			  "removed");
		return CMD_FAILED;
	}
	t = task_new(ui, w, WT_REMOVE);
	if (cf_plan_copy(&t->plan, &w->setup) != CF_OK)
		line_oom();
	t->file = xstrdup_or_empty(w->setup_file);
	if (!submit(ui, w, t))
		return CMD_FAILED;
	wiz_task_orphan(w, &w->remove);
	w->remove = t;
	ui_status(ui, THEME_ROLE_INFO,
		  "removing the setup of %s, last created first...",
		  w->setup.lb.name);
	return CMD_REDRAW;
}

void
wiz_remove_ask(struct ui *ui, struct wizard *w)
{
	char text[2048];
	size_t i, n = 0;
	struct cf_plan *p = &w->setup;
	const char *order[] = { "cname", "load_balancer", "pool", "monitor" };
	const char *what[] = { "CNAME", "load balancer", "pool", "monitor" };
	const char *names[4];
	size_t k;

	if (w->remove && !w->remove->done) {
		ui_status(ui, THEME_ROLE_INFO, "the setup is being removed...");
		return;
	}
	names[0] = p->cname.name;
	names[1] = p->lb.name;
	names[2] = p->pool.name;
	names[3] = p->monitor.description;
	n = (size_t)snprintf(text, sizeof(text),
			     "Remove the whole setup this console created, "
			     "last created first:\n");
	for (k = 0; k < 4 && n < sizeof(text); k++) {
		struct cf_plan_step_state *st = cf_plan_state_find(p, order[k]);

		if (!st || !st->id)
			continue;
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  %s %s (id %s)\n", what[k],
				      names[k] ? names[k] : "", st->id);
	}
	for (i = 0; i < p->nsteps && n < sizeof(text); i++)
		if (p->steps[i].id && strcmp(p->steps[i].step, "cname") &&
		    strcmp(p->steps[i].step, "load_balancer") &&
		    strcmp(p->steps[i].step, "pool") &&
		    strcmp(p->steps[i].step, "monitor"))
			n += (size_t)snprintf(text + n, sizeof(text) - n,
					      "  %s (id %s)\n",
					      p->steps[i].step, p->steps[i].id);
	if (n < sizeof(text))
		snprintf(text + n, sizeof(text) - n,
			 "\nEvery delete is journaled. Type the load "
			 "balancer's name to confirm.");
	dialog_confirm(ui, "Remove the setup", text, p->lb.name, remove_answer,
		       w);
}

bool
wizard_undo(struct ui *ui)
{
	struct wizard *w = ui->wizard;

	if (!w || !w->has_setup)
		return false;
	/* An origin change made after the setup is newer: it goes first. */
	if (journal_undo_depth(ui->journal) > w->undo_depth)
		return false;
	wiz_remove_ask(ui, w);
	return true;
}

/* ---- results ------------------------------------------------------------------------ */

bool
wiz_task_done(struct ui *ui, struct wizard *w, struct wiz_task *t,
	      unsigned long serial)
{
	struct wiz_task *it;

	/* Only a task still alive: its completion may outlive it (the
	 * wizard freed at an account switch). */
	for (it = w->tasks; it && (it != t || it->serial != serial);
	     it = it->next)
		;
	if (!it || t->handled)
		return false;
	t->done = true;
	t->handled = true;
	if (t->orphan) {
		task_unlink(w, t);
		task_free(t);
		return true;
	}
	switch (t->kind) {
	case WT_TEST:
		test_done(ui, t);
		break;
	case WT_CHECK:
		check_done(ui, w, t);
		/* Its result is copied: the task can go. */
		w->check = NULL;
		task_unlink(w, t);
		task_free(t);
		break;
	case WT_APPLY:
		apply_done(ui, w, t);
		break;
	case WT_REMOVE:
		remove_done(ui, w, t);
		break;
	}
	ui->dirty |= UI_DIRTY_DRAW;
	return true;
}
