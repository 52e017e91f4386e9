/* res_form.c: the create/edit form of a DNS record, monitor, pool or load balancer over the panes (form_view over form_new_object), its Save on a worker, conflicts, and the monitor form's test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/config.h"
#include "cfconsole/fields_store.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/form_objects.h"
#include "ui/res.h"
#include "ui/res_priv.h"
#include "ui/ui.h"
#include "ui/wizard_draw.h"

/* ---- names through the snapshot the UI holds now ------------------------- */

/* The form keeps its context for as long as it is open, while the UI
 * takes newer snapshots: these look names up in the current one. */
static void
now_ctx(void *ud, struct field_ctx *c)
{
	struct ui *ui = ud;

	fields_ctx_from_snapshot(c, ui->snap);
}

static const char *
ctx_pool_name(const char *id, void *ud)
{
	struct field_ctx c;

	now_ctx(ud, &c);
	return c.pool_name(id, c.ud);
}

static const char *
ctx_monitor_name(const char *id, char *buf, size_t size, void *ud)
{
	struct field_ctx c;

	now_ctx(ud, &c);
	return c.monitor_name(id, buf, size, c.ud);
}

static const char *
ctx_used_by(enum field_res res, const char *id, char *buf, size_t size,
	    void *ud)
{
	struct field_ctx c;

	now_ctx(ud, &c);
	return c.used_by(res, id, buf, size, c.ud);
}

/* ---- opening and closing ------------------------------------------------- */

bool
res_form_open(struct ui *ui, const struct res_where *w, const void *obj)
{
	struct res_state *s = res_get(ui);
	char name[300];

	if (s->open)
		return true;
	res_where_free(&s->w);
	res_where_copy(&s->w, w);
	memset(&s->ctx, 0, sizeof(s->ctx));
	s->ctx.zone = s->w.zone_name;
	s->ctx.pool_name = ctx_pool_name;
	s->ctx.monitor_name = ctx_monitor_name;
	s->ctx.used_by = ctx_used_by;
	s->ctx.ud = ui;
	s->form = form_new_object(w->res, obj, &s->ctx);
	s->view = form_view_new();
	if (!s->form || !s->view)
		line_oom();
	/* A new pool starts with one origin row to fill in (a table without
	 * rows has no cell to focus). */
	if (!obj && w->res == FIELD_RES_POOL &&
	    form_rows(s->form, "origins") == 0) {
		const char *const *ids;

		form_row_add(s->form, "origins");
		if (form_fields(s->form, FORM_STEP_ZONE, &ids) > 0)
			form_set_focus(s->form, ids[0]);
	}
	s->objs_gen = 0;
	form_objects_sync(ui, s->form, &s->objs_gen);
	s->open = true;
	res_layer_sync(ui);
	if (obj) {
		res_name(w->res, obj, name, sizeof(name));
		ui_status(ui, THEME_ROLE_INFO, "editing %s", name);
	}
	ui->dirty |= UI_DIRTY_DRAW;
	return true;
}

void
res_form_close(struct ui *ui, struct res_state *s)
{
	if (s->test) {
		res_task_drop(s, s->test);
		s->test = NULL;
	}
	if (s->list == RL_POOLS)
		res_list_close(s);
	form_free(s->form);
	s->form = NULL;
	form_view_free(s->view);
	s->view = NULL;
	s->open = false;
	res_layer_sync(ui);
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_LOAD;
}

static unsigned
discard_answer(struct ui *ui, bool yes, void *ud)
{
	struct res_state *s = ud;

	if (yes && s->open && !s->save) {
		res_form_close(ui, s);
		ui_status(ui, THEME_ROLE_INFO, "discarded; nothing was sent");
	}
	return CMD_REDRAW;
}

static unsigned
escape(struct ui *ui, struct res_state *s)
{
	if (s->save) {
		ui_status(ui, THEME_ROLE_INFO,
			  "saving: wait for the result before leaving");
		return CMD_REDRAW;
	}
	if (form_dirty(s->form)) {
		dialog_confirm(ui, "Leave the form",
			       "Discard your changes? Nothing has been sent.",
			       NULL, discard_answer, s);
		return CMD_REDRAW;
	}
	res_form_close(ui, s);
	return CMD_REDRAW;
}

/* ---- Save ---------------------------------------------------------------- */

static void
refused(struct ui *ui, struct res_state *s)
{
	struct plan_issues l = { 0 };
	const char *fo, *why;
	char name[160];
	size_t i;

	form_view_sync(s->view, s->form);
	fo = form_focus(s->form);
	why = fo ? form_view_why(s->view, s->form) : NULL;
	if (fo && why) {
		form_view_field_name(s->form, fo, name, sizeof(name));
		ui_status(ui, THEME_ROLE_ERROR, "%s: %s (not saved)", name,
			  why);
		return;
	}
	form_issues(s->form, &l);
	ui_status(ui, THEME_ROLE_ERROR, "not saved: the form is not complete");
	for (i = 0; i < l.n; i++)
		if (!l.v[i].warning) {
			ui_status(ui, THEME_ROLE_ERROR, "%s: %s (not saved)",
				  l.v[i].field, l.v[i].message);
			break;
		}
	plan_issues_free(&l);
}

static void
save(struct ui *ui, struct res_state *s)
{
	bool creating = form_creating(s->form);
	struct res_task *t;
	char name[300], *diff = NULL;
	unsigned mask = 0;

	if (s->save) {
		ui_status(ui, THEME_ROLE_INFO, "already saving");
		return;
	}
	if (!form_save(s->form)) {
		refused(ui, s);
		return;
	}
	if (!creating) {
		if (!form_changes(s->form, &mask, &diff))
			line_oom();
		if (!diff) {
			ui_status(ui, THEME_ROLE_INFO,
				  "nothing changed; nothing to save");
			return;
		}
		free(diff);
	}
	t = res_task_new(ui, s, creating ? RT_CREATE : RT_UPDATE, &s->w);
	t->from = RO_FORM;
	t->edited = res_copy(s->w.res, form_object(s->form));
	if (!creating)
		t->seen = res_copy(s->w.res, form_original(s->form));
	if (!res_task_submit(ui, s, t))
		return;
	s->save = t;
	res_name(s->w.res, form_object(s->form), name, sizeof(name));
	ui_status(ui, THEME_ROLE_INFO, "%s %s...",
		  creating ? "creating" : "saving", name);
}

/* ---- conflicts ----------------------------------------------------------- */

static unsigned
conflict_answer(struct ui *ui, bool yes, void *ud)
{
	struct res_task *t = ud, *n;
	struct res_state *s = res_get(ui);
	void *next = NULL;

	if (!yes) {
		ui_status(ui, THEME_ROLE_INFO,
			  "not saved: the other change stays; your form is "
			  "still open");
		res_task_drop(s, t);
		return CMD_REDRAW;
	}
	if (!fields_rebase(t->w.res, t->seen, t->edited, t->r.fresh, &next))
		line_oom();
	n = res_task_new(ui, s, RT_UPDATE, &t->w);
	n->from = t->from;
	n->text = t->text ? strdup(t->text) : NULL;
	n->seen = res_copy(t->w.res, t->r.fresh);
	n->edited = next;
	res_task_drop(s, t);
	if (!res_task_submit(ui, s, n))
		return CMD_REDRAW;
	if (n->from == RO_FORM)
		s->save = n;
	ui_status(ui, THEME_ROLE_INFO,
		  "re-applying your change onto the new version...");
	return CMD_REDRAW;
}

void
res_conflict_ask(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char name[300], *text;
	const char *changed = t->r.changed ? t->r.changed : "";
	size_t n = strlen(changed) + 1024;

	(void)s;
	res_name(t->w.res, t->seen, name, sizeof(name));
	text = xmalloc(n);
	snprintf(text, n,
		 "%s was changed elsewhere since you opened it; nothing was "
		 "sent.\n\nChanged there:\n%s\n\ny re-applies your change onto "
		 "the new version (the other change stays). n cancels.",
		 name, changed);
	ui_status(ui, THEME_ROLE_WARNING, "%s changed elsewhere", name);
	dialog_confirm(ui, "Changed elsewhere", text, NULL, conflict_answer, t);
	free(text);
}

void
res_form_done(struct ui *ui, struct res_state *s, struct res_task *t)
{
	if (t == s->save)
		s->save = NULL;
	switch (res_saved(ui, s, t)) {
	case RES_SAVED_KEPT:
		return;
	case RES_SAVED_DONE:
		if (s->open)
			res_form_close(ui, s);
		break;
	case RES_SAVED_NOOP:
		break;
	case RES_SAVED_FAILED:
		/* The form stays open with what the user typed. */
		if (t->r.issues.n)
			ui_status(ui, THEME_ROLE_ERROR, "not saved: %s: %s",
				  t->r.issues.v[0].field,
				  t->r.issues.v[0].message);
		else
			ui_status(ui, THEME_ROLE_ERROR, "not saved (%s): %s",
				  edit_outcome_name(t->r.outcome),
				  t->r.message ? t->r.message : "");
		break;
	}
	res_task_drop(s, t);
}

/* ---- the monitor form's test --------------------------------------------- */

void
res_form_test_start(struct ui *ui, struct res_state *s, const char *id)
{
	const struct cf_pool *pool = store_find_pool(ui->snap, id);
	struct res_task *t;
	size_t i;

	if (!pool || !s->open) {
		ui_status(ui, THEME_ROLE_WARNING, "test: that pool is gone");
		return;
	}
	if (s->test && !atomic_load(&s->test->done)) {
		ui_status(ui, THEME_ROLE_INFO, "a test is already running");
		return;
	}
	if (s->test) {
		res_task_drop(s, s->test);
		s->test = NULL;
	}
	t = res_task_new(ui, s, RT_TEST, &s->w);
	/* A copy overwrites without freeing: drop the task's defaults. */
	cf_monitor_free(&t->monitor);
	if (cf_monitor_copy(&t->monitor, form_object(s->form)) != CF_OK)
		line_oom();
	t->origins = xcalloc(pool->norigins + 1, sizeof(*t->origins));
	for (i = 0; i < pool->norigins; i++) {
		if (cf_origin_copy(&t->origins[i], &pool->origins[i]) != CF_OK)
			line_oom();
		t->norigins++;
	}
	t->pool_id = strdup(id);
	t->pool_name = xstrdup(pool->name ? pool->name : id);
	if (!res_task_submit(ui, s, t))
		return;
	s->test = t;
	ui_status(ui, THEME_ROLE_INFO,
		  "testing these monitor settings against pool %s: from here "
		  "and Cloudflare's preview...",
		  t->pool_name);
}

void
res_form_test_done(struct ui *ui, struct res_state *s, struct res_task *t)
{
	size_t i, ok = 0;

	if (t != s->test) {
		res_task_drop(s, t);
		return;
	}
	for (i = 0; i < t->probe.n; i++)
		ok += t->probe.rows[i].probed &&
		      t->probe.rows[i].local_rc == CF_OK &&
		      t->probe.rows[i].local.healthy;
	if (t->rc != CF_OK)
		ui_status(ui, THEME_ROLE_ERROR, "test: %s",
			  cf_status_str(t->rc));
	else
		ui_status(ui,
			  ok == t->probe.n ? THEME_ROLE_INFO
					   : THEME_ROLE_WARNING,
			  "test: %zu of %zu origins of %s healthy from here",
			  ok, t->probe.n, t->pool_name);
}

static const char *
cf_text(const struct probe_all_row *r, char *buf, size_t size)
{
	switch (r->cf) {
	case PROBE_ALL_CF_NONE:
		return "-";
	case PROBE_ALL_CF_PENDING:
		return "still in progress";
	case PROBE_ALL_CF_MISSING:
		return "not covered";
	case PROBE_ALL_CF_FAILED:
		return "preview failed";
	case PROBE_ALL_CF_DONE:
		break;
	}
	if (r->cf_healthy)
		snprintf(buf, size, "%s healthy", wiz_sym_ok());
	else
		snprintf(buf, size, "%s unhealthy%s%s", wiz_sym_bad(),
			 r->cf_reason ? " " : "",
			 r->cf_reason ? r->cf_reason : "");
	return buf;
}

/* The test's rows under the form: one per origin, both views. */
static int
test_rows(struct res_state *s)
{
	if (!s->test || form_resource(s->form) != FIELD_RES_MONITOR)
		return 0;
	if (!atomic_load(&s->test->done))
		return 2;
	return (int)s->test->probe.n + 3;
}

/* One row of the test: cells measured in columns (the symbols are wide
 * in bytes, not on screen). */
static void
test_row(struct lines *out, int width, const char *name, const char *addr,
	 enum theme_role hrole, const char *here, enum theme_role crole,
	 const char *cf)
{
	struct line *l = lines_add(out);

	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add_cell(l, THEME_ROLE_NORMAL, name, 12, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add_cell(l, THEME_ROLE_NORMAL, addr, 22, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add_cell(l, hrole, here, 24, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add(l, crole, cf);
	line_truncate(l, width);
	if (l->width < width)
		line_pad(l, THEME_ROLE_NORMAL, width - l->width);
}

static void
draw_test(struct res_state *s, int width, int rows, struct lines *out)
{
	struct res_task *t = s->test;
	size_t start = out->n, i;
	char buf[700], here[300], cf[300];

	wiz_rule(out, width, "Test");
	if (!atomic_load(&t->done)) {
		snprintf(buf, sizeof(buf), " testing against pool %s...",
			 t->pool_name);
		wiz_text_line(out, width, THEME_ROLE_DIM, buf);
	} else {
		test_row(out, width, "origin", "address",
			 THEME_ROLE_COLUMN_HEADER, "from here",
			 THEME_ROLE_COLUMN_HEADER, "Cloudflare's preview");
		for (i = 0; i < t->probe.n; i++) {
			const struct probe_all_row *r = &t->probe.rows[i];
			bool ok = r->probed && r->local_rc == CF_OK &&
				  r->local.healthy;

			if (!r->probed || r->local_rc != CF_OK)
				snprintf(here, sizeof(here), "not run");
			else
				snprintf(here, sizeof(here), "%s %s %d",
					 ok ? wiz_sym_ok() : wiz_sym_bad(),
					 ok ? "healthy" : "unhealthy",
					 r->local.response_code);
			test_row(out, width, r->name ? r->name : "",
				 r->address ? r->address : "",
				 ok ? THEME_ROLE_HEALTHY : THEME_ROLE_UNHEALTHY,
				 here,
				 r->cf == PROBE_ALL_CF_DONE && r->cf_healthy
					 ? THEME_ROLE_HEALTHY
					 : THEME_ROLE_UNHEALTHY,
				 cf_text(r, cf, sizeof(cf)));
		}
		if (t->probe.preview_error[0])
			snprintf(buf, sizeof(buf), " preview: %s",
				 t->probe.preview_error);
		else
			snprintf(buf, sizeof(buf), " pool %s", t->pool_name);
		wiz_text_line(out, width, THEME_ROLE_DIM, buf);
	}
	while (out->n - start < (size_t)rows)
		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
}

/* ---- keys ---------------------------------------------------------------- */

static void
pick_pool(struct ui *ui, struct res_state *s)
{
	const struct store_res *r = ui->snap->res[STORE_POOLS];
	size_t i;

	if (!r->n) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "test: no pools loaded to test against");
		return;
	}
	res_list_close(s);
	s->items = xcalloc(r->n, sizeof(*s->items));
	for (i = 0; i < r->n; i++) {
		const struct cf_pool *p = store_pool(r, i);

		s->items[i].res = FIELD_RES_POOL;
		s->items[i].id = strdup(p->id ? p->id : "");
		s->items[i].label = xstrdup(p->name ? p->name : "");
	}
	s->nitems = r->n;
	s->sel = 0;
	s->list = RL_POOLS;
	res_layer_sync(ui);
	s->list_title = strdup("Test the monitor against which pool?");
	s->list_text = xstrdup("Its origins are probed from here with these "
			       "settings, and Cloudflare previews the same.");
}

unsigned
res_form_key(struct ui *ui, struct res_state *s, int key, bool fkey)
{
	bool typing = form_view_typing(s->view, s->form);

	form_objects_sync(ui, s->form, &s->objs_gen);
	if (!fkey && key == CONFIG_KEY_ESC)
		return escape(ui, s);
	if (form_resource(s->form) == FIELD_RES_MONITOR &&
	    ((!fkey && key == 20) || (!typing && !fkey && key == 't'))) {
		pick_pool(ui, s);
		return CMD_REDRAW;
	}
	if (!fkey && key == 19) { /* ^S saves from anywhere */
		save(ui, s);
		return CMD_REDRAW;
	}
	switch (form_view_key(s->view, s->form, key, fkey)) {
	case FV_NEXT:
		save(ui, s);
		return CMD_REDRAW;
	case FV_BACK:
	case FV_HANDLED:
		return CMD_REDRAW;
	case FV_IGNORED:
		break;
	}
	if (!typing && !fkey && key == 'q')
		return escape(ui, s);
	return CMD_OK;
}

/* ---- drawing ------------------------------------------------------------- */

static void
title_line(struct res_state *s, int width, struct lines *out)
{
	char t[400], name[300];
	const void *orig = form_original(s->form);

	if (form_creating(s->form))
		snprintf(t, sizeof(t), " New %s%s%s ",
			 fields_table(s->w.res)->title,
			 s->w.zone_name ? " in " : "",
			 s->w.zone_name ? s->w.zone_name : "");
	else {
		res_name(s->w.res, orig, name, sizeof(name));
		snprintf(t, sizeof(t), " Edit %s ", name);
	}
	wiz_rule(out, width, t);
}

static const char *
hints(struct res_state *s, bool typing)
{
	if (s->save)
		return "saving...";
	if (form_resource(s->form) == FIELD_RES_MONITOR)
		return typing ? "Tab/Up/Down fields  Enter save  ^T test  "
				"Esc leave"
			      : "Tab/Up/Down fields  Enter save  t test  "
				"Esc leave";
	return "Tab/Up/Down fields  Enter save  Esc leave";
}

void
res_form_compose(struct ui *ui, struct res_state *s, int width, int height,
		 int first_row, struct lines *frame)
{
	struct form_view_ctx ctx = { 0 };
	size_t start = frame->n;
	int content, test;
	struct line *l;

	form_objects_sync(ui, s->form, &s->objs_gen);
	title_line(s, width, frame);
	content = height - 2;
	test = test_rows(s);
	if (test > content / 2)
		test = content / 2;
	s->view_y = first_row + 1;
	s->view_h = content - test;
	form_view_render(s->view, s->form, &ctx, width, content - test, frame);
	if (test)
		draw_test(s, width, test, frame);
	while (frame->n - start > (size_t)height - 1) {
		line_free(&frame->v[frame->n - 1]);
		frame->n--;
	}
	while (frame->n - start < (size_t)height - 1)
		wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
	l = lines_add(frame);
	if (ui->status[0]) {
		char *nl = strchr(ui->status, '\n');

		if (nl)
			*nl = '\0';
		line_add(l, ui->status_role, ui->status);
		if (nl)
			*nl = '\n';
	} else {
		line_add(l, THEME_ROLE_DIM,
			 hints(s, form_view_typing(s->view, s->form)));
	}
	line_truncate(l, width);
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
}
