/* res_tasks.c: the console's resource changes on jobs workers (edit.h's engine), and how each result comes back: the state's life cycle, undo, reloads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/completion.h"
#include "cfconsole/journal.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/res.h"
#include "ui/res_priv.h"
#include "ui/ui.h"

struct res_state *
res_get(struct ui *ui)
{
	if (!ui->res) {
		ui->res = xcalloc(1, sizeof(*ui->res));
	}
	return ui->res;
}

bool
res_is_open(const struct ui *ui)
{
	return ui->res && (ui->res->open || ui->res->list != RL_NONE);
}

/* ---- models and places --------------------------------------------------- */

void *
res_copy(enum field_res res, const void *obj)
{
	const struct field_table *t = fields_table(res);
	void *p;

	if (!obj)
		return NULL;
	p = calloc(1, t->size);
	if (!p || t->copy(p, obj) != CF_OK)
		line_oom();
	return p;
}

void
res_obj_free(enum field_res res, void *obj)
{
	edit_free_object(res, obj);
}

void
res_where_copy(struct res_where *dst, const struct res_where *src)
{
	dst->res = src->res;
	dst->account_id = xstrdup(src->account_id);
	dst->zone_id = xstrdup(src->zone_id);
	dst->zone_name = xstrdup(src->zone_name);
}

void
res_where_free(struct res_where *w)
{
	free(w->account_id);
	free(w->zone_id);
	free(w->zone_name);
	w->account_id = w->zone_id = w->zone_name = NULL;
}

void
res_name(enum field_res res, const void *obj, char *buf, size_t size)
{
	const struct field_table *t = fields_table(res);

	snprintf(buf, size, "%s %s", t->title, obj ? t->label(obj) : "");
}

void
res_reload(struct ui *ui, const struct res_where *w)
{
	const struct store_res *dns = ui->snap->res[STORE_DNS];
	const struct store_res *lbs = ui->snap->res[STORE_LBS];

	if (!ui->jobs)
		return;
	/* A change to one object can change what another shows (a deleted
	 * monitor leaves its pools, a pool's name shows in load balancers). */
	jobs_load(ui->jobs, STORE_POOLS, NULL);
	jobs_load(ui->jobs, STORE_MONITORS, NULL);
	if (w && w->zone_id && (w->res == FIELD_RES_DNS))
		jobs_load(ui->jobs, STORE_DNS, w->zone_id);
	else if (dns && dns->scope_id && dns->state != STORE_EMPTY)
		jobs_load(ui->jobs, STORE_DNS, dns->scope_id);
	if (w && w->zone_id && w->res == FIELD_RES_LB)
		jobs_load(ui->jobs, STORE_LBS, w->zone_id);
	else if (lbs && lbs->scope_id && lbs->state != STORE_EMPTY)
		jobs_load(ui->jobs, STORE_LBS, lbs->scope_id);
}

/* ---- tasks --------------------------------------------------------------- */

struct res_task *
res_task_new(struct ui *ui, struct res_state *s, enum res_task_kind kind,
	     const struct res_where *w)
{
	static unsigned long serial; /* UI thread only */
	struct res_task *t = calloc(1, sizeof(*t));

	if (!t)
		line_oom();
	t->kind = kind;
	t->serial = ++serial;
	atomic_init(&t->done, false);
	t->store = ui->store;
	t->journal = ui->journal;
	if (w)
		res_where_copy(&t->w, w);
	cf_monitor_init(&t->monitor);
	t->next = s->tasks;
	s->tasks = t;
	return t;
}

static void
task_free(struct res_task *t)
{
	size_t i;

	res_obj_free(t->w.res, t->seen);
	res_obj_free(t->w.res, t->edited);
	res_obj_free(t->w.res, t->got);
	res_where_free(&t->w);
	free(t->text);
	cf_monitor_free(&t->monitor);
	for (i = 0; i < t->norigins; i++)
		cf_origin_free(&t->origins[i]);
	free(t->origins);
	free(t->pool_id);
	free(t->pool_name);
	edit_result_free(&t->r);
	free(t->impact);
	probe_all_result_free(&t->probe);
	free(t);
}

static void
task_unlink(struct res_state *s, struct res_task *t)
{
	struct res_task **pp;

	for (pp = &s->tasks; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			return;
		}
}

void
res_task_drop(struct res_state *s, struct res_task *t)
{
	if (!t)
		return;
	if (atomic_load(&t->done) && t->handled) {
		task_unlink(s, t);
		task_free(t);
	} else {
		t->orphan = true;
	}
}

/* The engine's options for t (worker thread). */
static void
options(struct res_task *t, struct edit_options *o)
{
	memset(o, 0, sizeof(*o));
	o->journal = t->journal;
	o->detach = t->detach;
}

static void
target(const struct res_task *t, struct edit_target *et)
{
	et->res = t->w.res;
	et->account_id = t->w.account_id;
	et->zone_id = t->w.zone_id;
	et->zone_name = t->w.zone_name;
}

/* Hands t back to the UI thread (res_task_done). Nothing of t may be
 * touched after this: the UI may free it at once. */
static void
task_post(struct res_task *t)
{
	struct store *store = t->store;
	unsigned long serial = t->serial;

	atomic_store(&t->done, true);
	completion_post(store_completions(store), COMPLETION_RES_TASK, t, NULL,
			serial);
}

static void
task_main(struct cf_client *c, const atomic_bool *cancel,
	  const struct cf_error *err, void *ud)
{
	struct res_task *t = ud;
	struct edit_options o;
	struct edit_target et;
	struct cf_error e = { 0 };

	if (!c) {
		t->no_client = true;
		if (err)
			cf_error_format(err, t->err, sizeof(t->err));
		else
			snprintf(t->err, sizeof(t->err), "cancelled");
		task_post(t);
		return;
	}
	options(t, &o);
	target(t, &et);
	switch (t->kind) {
	case RT_CREATE:
		edit_create(c, &et, t->edited, &o, &t->r);
		break;
	case RT_UPDATE:
		edit_update(c, &et, t->seen, t->edited, &o, &t->r);
		break;
	case RT_DELETE:
		edit_delete(c, &et, t->seen, &o, &t->r);
		break;
	case RT_UNDO:
		edit_undo(c, t->journal, &o, &t->r);
		break;
	case RT_PROXIED:
		edit_set_proxied(c, &et, t->seen, t->on, &o, &t->r);
		break;
	case RT_LB_ENABLE:
		edit_lb_enable(c, &et, t->seen, t->on, &o, &t->r);
		break;
	case RT_LB_IMPACT:
		t->rc = edit_lb_impact(c, &et, t->seen, !t->on, &t->impact, &e);
		if (t->rc != CF_OK)
			cf_error_format(&e, t->err, sizeof(t->err));
		break;
	case RT_GET:
		t->rc = edit_get(c, &et, fields_table(t->w.res)->id(t->seen),
				 &t->got, &e);
		if (t->rc != CF_OK)
			cf_error_format(&e, t->err, sizeof(t->err));
		break;
	case RT_TEST: {
		struct probe_all_request rq = {
			.account_id = t->w.account_id,
			.monitor = &t->monitor,
			.origins = t->origins,
			.norigins = t->norigins,
			.pool_id = t->pool_id,
		};

		t->rc = probe_all_run(c, &rq, cancel, &t->probe);
		break;
	}
	}
	cf_error_clear(&e);
	task_post(t);
}

bool
res_task_submit(struct ui *ui, struct res_state *s, struct res_task *t)
{
	if (!ui->jobs || !jobs_task(ui->jobs, task_main, t)) {
		task_unlink(s, t);
		task_free(t);
		ui_status(ui, THEME_ROLE_ERROR, "cannot start a worker job%s",
			  ui->jobs ? "" : " (not connected)");
		return false;
	}
	return true;
}

/* ---- results ------------------------------------------------------------- */

/* The engine's message on the status line (what: the object, said
 * once). */
static void
say_result(struct ui *ui, const struct res_task *t, const char *what)
{
	enum theme_role role;

	switch (t->r.outcome) {
	case EDIT_DONE:
		role = THEME_ROLE_INFO;
		break;
	case EDIT_NOOP:
		role = THEME_ROLE_INFO;
		break;
	default:
		role = THEME_ROLE_ERROR;
		break;
	}
	if (t->r.message &&
	    (!what || !strncmp(t->r.message, what, strlen(what))))
		ui_status(ui, role, "%s", t->r.message);
	else
		ui_status(ui, role, "%s: %s", what ? what : "change",
			  t->r.message ? t->r.message
				       : edit_outcome_name(t->r.outcome));
}

static void
pane_done(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char name[300];

	switch (t->kind) {
	case RT_UNDO:
		say_result(ui, t, NULL);
		if (t->r.outcome == EDIT_DONE)
			res_reload(ui, NULL);
		break;
	case RT_PROXIED:
	case RT_LB_ENABLE:
		res_name(t->w.res, t->seen, name, sizeof(name));
		say_result(ui, t, name);
		if (t->r.outcome == EDIT_DONE)
			res_reload(ui, &t->w);
		break;
	case RT_DELETE:
		res_delete_done(ui, s, t);
		break;
	case RT_GET:
		res_json_got(ui, s, t);
		break;
	default:
		break;
	}
}

/* The confirmation of space on a load balancer, once the impact is known. */
static unsigned
lb_answer(struct ui *ui, bool yes, void *ud)
{
	struct res_task *t = ud, *n;
	struct res_state *s = res_get(ui);

	if (yes) {
		n = res_task_new(ui, s, RT_LB_ENABLE, &t->w);
		n->seen = res_copy(t->w.res, t->seen);
		n->on = t->on;
		if (res_task_submit(ui, s, n))
			ui_status(ui, THEME_ROLE_INFO,
				  "%s the load balancer...",
				  t->on ? "enabling" : "disabling");
	} else {
		ui_status(ui, THEME_ROLE_INFO, "nothing changed");
	}
	res_task_drop(s, t);
	return CMD_REDRAW;
}

static void
impact_done(struct ui *ui, struct res_task *t)
{
	char title[300], *text;
	const char *imp = t->impact ? t->impact : "";
	size_t n;

	res_name(t->w.res, t->seen, title, sizeof(title));
	n = strlen(imp) + strlen(t->err) + 400;
	text = xmalloc(n);
	snprintf(text, n, "%s %s?\n\n%s%s%s%s", t->on ? "Enable" : "Disable",
		 title, imp, t->err[0] ? "\n(could not read everything: " : "",
		 t->err, t->err[0] ? ")" : "");
	/* The task stays alive (handled) as the answer's ud. */
	dialog_confirm(ui,
		       t->on ? "Enable load balancer" : "Disable load balancer",
		       text, NULL, lb_answer, t);
	free(text);
}

enum res_saved
res_saved(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char name[300];

	res_name(t->w.res, t->edited ? t->edited : t->seen, name, sizeof(name));
	switch (t->r.outcome) {
	case EDIT_DONE:
		if (t->kind == RT_CREATE) {
			ui_status(ui, THEME_ROLE_INFO,
				  "created %s (id %s), read back and "
				  "verified; u removes it",
				  name, t->r.id ? t->r.id : "?");
			/* The cursor goes to what was just made. */
			res_select_when_listed(ui, t->w.res, t->r.id);
		} else
			ui_status(ui, THEME_ROLE_INFO,
				  "saved %s, read back and verified: %s; u "
				  "undoes it",
				  name, t->r.diff ? t->r.diff : "");
		res_reload(ui, &t->w);
		return RES_SAVED_DONE;
	case EDIT_CONFLICT:
		res_conflict_ask(ui, s, t);
		return RES_SAVED_KEPT;
	case EDIT_NOOP:
		ui_status(ui, THEME_ROLE_INFO, "%s: %s", name,
			  t->r.message ? t->r.message : "nothing to change");
		return RES_SAVED_NOOP;
	default:
		return RES_SAVED_FAILED;
	}
}

/* Handles one finished task; its handler may free it, others, or start
 * new ones, so the caller looks for the next one from the start. */
static void
handle(struct ui *ui, struct res_state *s, struct res_task *t)
{
	enum res_task_kind kind = t->kind;

	t->handled = true;
	if (t->orphan) {
		task_unlink(s, t);
		task_free(t);
		return;
	}
	if (t->no_client) {
		ui_status(ui, THEME_ROLE_ERROR, "%s", t->err);
		if (t == s->save)
			s->save = NULL;
		if (t == s->test)
			s->test = NULL;
		res_task_drop(s, t);
		return;
	}
	if (kind == RT_TEST)
		res_form_test_done(ui, s, t);
	else if (kind == RT_LB_IMPACT)
		impact_done(ui, t);
	else if (t->from == RO_FORM)
		res_form_done(ui, s, t);
	else if (t->from == RO_JSON)
		res_json_done(ui, s, t);
	else if (kind == RT_DELETE || kind == RT_GET)
		pane_done(ui, s, t); /* drops it itself */
	else {
		pane_done(ui, s, t);
		res_task_drop(s, t);
	}
}

bool
res_task_done(struct ui *ui, void *task, unsigned long serial)
{
	struct res_state *s = ui->res;
	struct res_task *t;

	if (!s)
		return false;
	/* Only a task still alive: its completion may outlive it. */
	for (t = s->tasks; t && (t != task || t->serial != serial); t = t->next)
		;
	if (!t || t->handled || !atomic_load(&t->done))
		return false;
	handle(ui, s, t);
	res_layer_sync(ui);
	return true;
}

bool
res_poll(struct ui *ui)
{
	struct res_state *s = ui->res;

	return s && res_jump_pending(ui, s);
}

bool
res_busy(const struct ui *ui)
{
	const struct res_task *t;

	if (!ui->res)
		return false;
	for (t = ui->res->tasks; t; t = t->next)
		if (!t->orphan && (!atomic_load(&t->done) || !t->handled))
			return true;
	return false;
}

bool
res_undo(struct ui *ui)
{
	struct cf_journal_record rec;
	struct res_state *s;
	struct res_task *t;
	bool mine;

	if (!ui->journal || !journal_peek_undo(ui->journal, &rec))
		return false;
	mine = edit_undoable(&rec);
	cf_journal_record_free(&rec);
	if (!mine)
		return false;
	s = res_get(ui);
	t = res_task_new(ui, s, RT_UNDO, NULL);
	if (res_task_submit(ui, s, t))
		ui_status(ui, THEME_ROLE_INFO, "undoing the last change...");
	return true;
}

void
res_free(struct ui *ui)
{
	struct res_state *s = ui->res;
	struct res_task *t, *next;

	if (!s)
		return;
	for (t = s->tasks; t; t = next) {
		next = t->next;
		task_free(t);
	}
	s->tasks = NULL;
	res_list_close(s);
	form_free(s->form);
	form_view_free(s->view);
	res_where_free(&s->w);
	free(s->jump_id);
	free(s);
	ui->res = NULL;
	res_layer_sync(ui);
}
