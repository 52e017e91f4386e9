/* wizard.c: the setup wizard's flow: opening, the start screen, the steps under a step bar (drawn by form_view), keys, clicks and composing its frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfconsole/monoclock.h"
#include "cfconsole/xmem.h"
#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"
#include "ui/form_objects.h"
#include "ui/wizard.h"
#include "ui/wrap.h"
#include "ui/wizard_priv.h"
#include "ui/wrap.h"

double
wiz_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct wizard *
wiz_get(struct ui *ui)
{
	if (!ui->wizard) {
		ui->wizard = xcalloc(1, sizeof(*ui->wizard));
	}
	return ui->wizard;
}

void
wiz_text_line(struct lines *out, int width, enum theme_role role,
	      const char *text)
{
	struct lines tmp = { 0 };
	size_t i;

	/* Wrapped, never cut: a hint or a path that does not fit at 80
	 * columns goes on to the next line. */
	if (!text[0]) {
		lines_add(out);
		return;
	}
	wrap_text(&tmp, role, text, width);
	for (i = 0; i < tmp.n; i++) {
		struct line *l = lines_add(out);

		line_add(l, role, line_text(&tmp.v[i]));
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
	lines_free(&tmp);
}

static const struct layer_ops wizard_layer;

bool
wizard_is_open(const struct ui *ui)
{
	return ui_layer_has(ui, &wizard_layer);
}

bool
wizard_busy(const struct ui *ui)
{
	return ui->wizard && wiz_tasks_busy(ui->wizard);
}

/* ---- the account's objects for the form ------------------------------------ */

/* Loads what the form lists (zones, pools, monitors) when not loaded. */
static void
need_lists(struct ui *ui)
{
	static const enum store_kind kinds[] = { STORE_ZONES, STORE_POOLS,
						 STORE_MONITORS };
	size_t i;

	if (!ui->jobs)
		return;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		enum store_state st = ui->snap->res[kinds[i]]->state;

		if (st == STORE_EMPTY || st == STORE_FAILED)
			jobs_load(ui->jobs, kinds[i], NULL);
	}
}

/* Gives the form the zones, pools and monitors of the snapshot
 * (form_objects.c, shared with the resource forms). */
static bool
sync_objects(struct ui *ui, struct wizard *w)
{
	return form_objects_sync(ui, w->form, &w->objs_gen);
}

/* The issues the view shows beside the form's own: names taken among the
 * loaded lists, and the online checks when they saw this plan. */
static void
refresh_extra(struct ui *ui, struct wizard *w)
{
	size_t i;

	plan_issues_free(&w->known);
	plan_issues_free(&w->extra);
	if (!w->form)
		return;
	plan_check_store(form_plan(w->form), ui->snap, &w->known);
	for (i = 0; i < w->known.n; i++)
		plan_issue_add(&w->extra, w->known.v[i].warning,
			       w->known.v[i].field, "%s",
			       w->known.v[i].message);
	for (i = 0; i < w->checked.n; i++) {
		const struct plan_issue *is = &w->checked.v[i];

		/* The same problem found both ways is shown once. */
		if (!wiz_check_holds(w, is->field) ||
		    (!is->warning && plan_issues_find(&w->extra, is->field)))
			continue;
		plan_issue_add(&w->extra, is->warning, is->field, "%s",
			       is->message);
	}
}

/* ---- opening and closing ------------------------------------------------------- */

bool
wizard_open(struct ui *ui, const char *zone)
{
	struct wizard *w;

	if (ui->opts.readonly) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "read-only: the setup wizard is disabled (--readonly "
			  "or the profile's readonly)");
		return false;
	}
	w = wiz_get(ui);
	if (w->open)
		return true;
	if (w->apply && !w->apply->done) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "a setup is still being applied; wait for it");
		return false;
	}
	form_free(w->form);
	w->form = NULL;
	form_view_free(w->view);
	w->view = form_view_new();
	if (!w->view)
		line_oom();
	free(w->zone);
	w->zone = zone && *zone ? xstrdup_or_empty(zone) : NULL;
	w->screen = WIZ_START;
	w->preset = 0;
	w->exporting = false;
	w->apply_done = false;
	w->result_top = w->review_top = 0;
	w->open = true;
	ui_layer_push(ui, &wizard_layer, NULL);
	need_lists(ui);
	return true;
}

void
wiz_close(struct ui *ui, struct wizard *w)
{
	if (w->test)
		wiz_task_orphan(w, &w->test);
	if (w->check)
		wiz_task_orphan(w, &w->check);
	/* A finished apply's screen goes; the setup (for u) stays. */
	if (w->apply && w->apply->done)
		wiz_task_orphan(w, &w->apply);
	form_free(w->form);
	w->form = NULL;
	form_view_free(w->view);
	w->view = NULL;
	plan_issues_free(&w->known);
	plan_issues_free(&w->extra);
	plan_issues_free(&w->checked);
	free(w->checked_text);
	w->checked_text = NULL;
	wiz_fields_free(w->checked_fields);
	w->checked_fields = NULL;
	w->open = false;
	w->exporting = false;
	ui_layer_pop(ui, &wizard_layer);
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_LOAD;
}

void
wizard_free(struct ui *ui)
{
	struct wizard *w = ui->wizard;

	if (!w)
		return;
	wiz_tasks_free(w);
	form_free(w->form);
	form_view_free(w->view);
	plan_issues_free(&w->known);
	plan_issues_free(&w->extra);
	plan_issues_free(&w->checked);
	free(w->checked_text);
	wiz_fields_free(w->checked_fields);
	free(w->zone);
	free(w->zone_id);
	pe_plan_free(&w->steps);
	cf_plan_free(&w->setup);
	free(w->select_pool);
	free(w);
	ui->wizard = NULL;
}

/* The zone the user is looking at: the selected one in Zones, the scope
 * of DNS / Load balancers. */
static const char *
selected_zone(struct ui *ui)
{
	struct pane *p = ui->panes[ui->cur];
	const void *sel;

	/* A pane scoped by a zone (DNS, Load balancers) names it. */
	if (p->ops->scope_from == pane_registry[PANE_ZONES] && p->scope_label)
		return p->scope_label;
	p = ui->panes[PANE_ZONES];
	ui_load_current(ui);
	if (p->snap != ui->snap || p->generation != ui->snap->generation)
		pane_load(p, ui->snap);
	sel = pane_selected(p);
	return sel ? p->ops->label(sel) : NULL;
}

unsigned
wizard_cmd(struct ui *ui, const char *args)
{
	const char *zone = NULL;

	if (args && *args) {
		const struct store_res *r = ui->snap->res[STORE_ZONES];
		size_t i;

		zone = args;
		for (i = 0; i < r->n; i++) {
			const struct cf_zone *z = store_zone(r, i);

			if (z->id && z->name && !strcmp(z->id, args))
				zone = z->name;
		}
	} else {
		zone = selected_zone(ui);
	}
	return wizard_open(ui, zone) ? CMD_REDRAW : CMD_FAILED;
}

/* ---- the start screen ------------------------------------------------------------ */

static const char *const preset_titles[] = { "AI inference endpoint", "empty" };

/* A paragraph wrapped to the width, indented two columns. */
static void
wrap_par(struct lines *out, int width, enum theme_role role, const char *text)
{
	struct lines tmp = { 0 };
	size_t i;

	wrap_text(&tmp, role, text, width - 4);
	for (i = 0; i < tmp.n; i++) {
		char buf[1024];

		snprintf(buf, sizeof(buf), "  %s", line_text(&tmp.v[i]));
		wiz_text_line(out, width, role, buf);
	}
	lines_free(&tmp);
}

static void
start_form(struct ui *ui, struct wizard *w)
{
	size_t i = w->preset < plan_npresets ? w->preset : 0;

	form_free(w->form);
	w->form = form_new(plan_presets[i].value, w->zone, NULL);
	if (!w->form)
		line_oom();
	w->objs_gen = 0;
	w->reached = FORM_STEP_ZONE;
	sync_objects(ui, w);
	form_view_reset(w->view);
	free(w->checked_text);
	w->checked_text = NULL;
	wiz_fields_free(w->checked_fields);
	w->checked_fields = NULL;
	plan_issues_free(&w->checked);
	w->screen = WIZ_FORM;
}

static void
draw_start(struct ui *ui, struct wizard *w, int width, int height,
	   struct lines *out)
{
	size_t i, start = out->n;
	struct line *l;
	char buf[512];

	wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
	wrap_par(
		out, width, THEME_ROLE_TITLE,
		"Stand up a load-balanced endpoint: a monitor, a pool (monitor "
		"attached), a load balancer and a proxied CNAME.");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, "  Start from:");
	for (i = 0; i < plan_npresets && i < 2; i++) {
		bool on = i == w->preset;

		l = lines_add(out);
		line_add(l, THEME_ROLE_NORMAL, "  ");
		line_add(l, on ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL,
			 on ? (line_is_ascii() ? "> " : "\u25b8 ") : "  ");
		line_add_cell(l, on ? THEME_ROLE_SELECTION : THEME_ROLE_NORMAL,
			      preset_titles[i], 24, false);
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
		snprintf(buf, sizeof(buf), "    %s", plan_presets[i].help);
		wrap_par(out, width, THEME_ROLE_DIM, buf);
	}
	wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
	snprintf(buf, sizeof(buf), "  Zone: %s",
		 w->zone ? w->zone : "(none selected: choose it in step 1)");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
	wrap_par(out, width, THEME_ROLE_DIM,
		 "Every value is checked as you type; nothing is created "
		 "before Review, where you see the exact requests.");
	if (ui->snap->res[STORE_ZONES]->state == STORE_LOADING)
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      "  loading the account's zones, pools and "
			      "monitors...");
	while (out->n - start < (size_t)height)
		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
}

static unsigned
start_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	if ((fkey && key == CONFIG_KEY_DOWN) || (!fkey && key == 'j')) {
		if (w->preset + 1 < 2)
			w->preset++;
		return CMD_REDRAW;
	}
	if ((fkey && key == CONFIG_KEY_UP) || (!fkey && key == 'k')) {
		if (w->preset > 0)
			w->preset--;
		return CMD_REDRAW;
	}
	if ((!fkey && (key == '\r' || key == '\n' || key == 'n')) ||
	    (fkey && (key == CONFIG_KEY_KENTER || key == CONFIG_KEY_RIGHT ||
		      key == CONFIG_KEY_NPAGE))) {
		start_form(ui, w);
		return CMD_REDRAW;
	}
	if (!fkey && (key == CONFIG_KEY_ESC || key == 'q')) {
		wiz_close(ui, w);
		return CMD_REDRAW;
	}
	return CMD_OK;
}

/* ---- steps ------------------------------------------------------------------------- */

static unsigned
discard_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;

	if (yes) {
		wiz_close(ui, w);
		ui_status(ui, THEME_ROLE_INFO,
			  "setup discarded; nothing was created");
	}
	return CMD_REDRAW;
}

/* Esc: leave, asking first when something was filled in. */
static unsigned
escape(struct ui *ui, struct wizard *w)
{
	if (w->test && !w->test->done) {
		wiz_task_orphan(w, &w->test);
		ui_status(ui, THEME_ROLE_INFO, "test abandoned");
		return CMD_REDRAW;
	}
	if (w->form && form_dirty(w->form)) {
		dialog_confirm(ui, "Leave the setup wizard",
			       "Discard this setup? Nothing has been created "
			       "yet; what you entered is lost.",
			       NULL, discard_answer, w);
		return CMD_REDRAW;
	}
	wiz_close(ui, w);
	return CMD_REDRAW;
}

/* Is issue field `is` about one of this step's visible fields? The focus
 * goes to it. */
static const char *
step_field_of(struct wizard *w, const char *is)
{
	const char *const *ids;
	size_t n = form_fields(w->form, form_step(w->form), &ids), i, len;

	for (i = 0; i < n; i++) {
		len = strlen(ids[i]);
		if (!strncmp(is, ids[i], len) &&
		    (is[len] == '\0' || is[len] == '.' || is[len] == '['))
			return ids[i];
	}
	return NULL;
}

static void
next_step(struct ui *ui, struct wizard *w)
{
	char name[160], field[256];
	const char *why, *fo;
	size_t i;

	refresh_extra(ui, w);
	/* Names taken (from the loaded lists or the last online check) stop
	 * Next like the form's own reasons do. */
	for (i = 0; i < w->extra.n; i++) {
		const struct plan_issue *is = &w->extra.v[i];
		const char *id;

		if (is->warning)
			continue;
		id = step_field_of(w, is->field);
		if (!id)
			continue;
		snprintf(field, sizeof(field), "%s", is->field);
		if (!form_set_focus(w->form, field))
			form_set_focus(w->form, id);
		form_view_sync(w->view, w->form);
		form_view_field_name(w->form, field, name, sizeof(name));
		ui_status(ui, THEME_ROLE_ERROR, "%s: %s", name, is->message);
		return;
	}
	if (!form_next(w->form)) {
		form_view_sync(w->view, w->form);
		fo = form_focus(w->form);
		why = fo ? form_view_why(w->view, w->form) : NULL;
		if (fo && why) {
			form_view_field_name(w->form, fo, name, sizeof(name));
			ui_status(ui, THEME_ROLE_ERROR, "%s: %s", name, why);
		} else {
			struct plan_issues l = { 0 };

			form_issues(w->form, &l);
			ui_status(ui, THEME_ROLE_ERROR, "%s",
				  l.nerrors ? l.v[0].message
					    : "this step is not complete");
			for (i = 0; i < l.n; i++)
				if (!l.v[i].warning) {
					ui_status(ui, THEME_ROLE_ERROR,
						  "%s: %s", l.v[i].field,
						  l.v[i].message);
					break;
				}
			plan_issues_free(&l);
		}
		return;
	}
	form_view_reset(w->view);
	if (form_step(w->form) > w->reached)
		w->reached = form_step(w->form);
	/* The account is asked what is in the way of the names as soon as
	 * they are on screen (the LB's, the CNAME's), so a conflict shows
	 * beside its field; and again for Review. */
	if (form_step(w->form) >= FORM_STEP_LB) {
		w->review_top = 0;
		wiz_check_start(ui, w);
	}
}

static void
back_step(struct ui *ui, struct wizard *w)
{
	if (!form_back(w->form)) {
		ui_status(ui, THEME_ROLE_INFO,
			  "this is the first step (Esc leaves the wizard)");
		return;
	}
	w->exporting = false;
	form_view_reset(w->view);
}

static bool
goto_step(struct ui *ui, struct wizard *w, enum form_step s)
{
	if (s == form_step(w->form))
		return true;
	if (!form_goto(w->form, s)) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "step %d is not reached yet: Enter goes on when this "
			  "step is complete",
			  (int)s + 1);
		return false;
	}
	w->exporting = false;
	form_view_reset(w->view);
	if (s == FORM_STEP_REVIEW) {
		w->review_top = 0;
		if (!wiz_check_current(w))
			wiz_check_start(ui, w);
	}
	return true;
}

static unsigned
form_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	bool typing = form_view_typing(w->view, w->form);
	enum form_step s = form_step(w->form);

	if (s == FORM_STEP_REVIEW) {
		if (!w->exporting && !fkey && key >= '1' && key <= '6') {
			goto_step(ui, w, (enum form_step)(key - '1'));
			return CMD_REDRAW;
		}
		if (!w->exporting && !fkey &&
		    (key == 'b' || key == CONFIG_KEY_ESC)) {
			if (key == 'b') {
				back_step(ui, w);
				return CMD_REDRAW;
			}
			return escape(ui, w);
		}
		if (!w->exporting && fkey && key == CONFIG_KEY_PPAGE) {
			back_step(ui, w);
			return CMD_REDRAW;
		}
		return wiz_review_key(ui, w, key, fkey);
	}
	if (!fkey && key == CONFIG_KEY_ESC)
		return escape(ui, w);
	if (s == FORM_STEP_MONITOR &&
	    ((!fkey && key == 20) || (!typing && !fkey && key == 't'))) {
		wiz_test_start(ui, w);
		return CMD_REDRAW;
	}
	if (!typing && !fkey && key >= '1' && key <= '6') {
		goto_step(ui, w, (enum form_step)(key - '1'));
		return CMD_REDRAW;
	}
	switch (form_view_key(w->view, w->form, key, fkey)) {
	case FV_NEXT:
		next_step(ui, w);
		return CMD_REDRAW;
	case FV_BACK:
		back_step(ui, w);
		return CMD_REDRAW;
	case FV_HANDLED:
		return CMD_REDRAW;
	case FV_IGNORED:
		break;
	}
	if (!typing && !fkey && key == 'q')
		return escape(ui, w);
	return CMD_OK;
}

/* The layer's keys: all of them while the wizard is open. */
static unsigned
wizard_key(struct ui *ui, void *self, int key, bool fkey)
{
	struct wizard *w = ui->wizard;

	(void)self;
	if (!w || !w->open)
		return CMD_OK;
	ui->status[0] = '\0';
	sync_objects(ui, w);
	switch (w->screen) {
	case WIZ_START:
		return start_key(ui, w, key, fkey);
	case WIZ_FORM:
		return form_key(ui, w, key, fkey);
	case WIZ_APPLY:
		return wiz_apply_key(ui, w, key, fkey);
	}
	return CMD_OK;
}

/* ---- composing --------------------------------------------------------------------- */

/* The Monitor step of an existing pool: nothing to fill in, the pool
 * keeps its monitor; Test now still probes its origins. Draws rows lines
 * and returns true when that is the case. */
static bool
kept_monitor(struct ui *ui, struct wizard *w, int width, int rows,
	     struct lines *out)
{
	const struct cf_plan *p = form_plan(w->form);
	const struct cf_pool *pool;
	const struct cf_monitor *m;
	const char *const *ids;
	char buf[512], mon[256] = "no monitor";
	size_t start = out->n;

	if (form_step(w->form) != FORM_STEP_MONITOR ||
	    form_fields(w->form, FORM_STEP_MONITOR, &ids) > 0)
		return false;
	pool = store_find_pool(ui->snap, p->pool_id);
	m = pool && pool->monitor ? store_find_monitor(ui->snap, pool->monitor)
				  : NULL;
	if (m)
		form_objects_monitor_name(m, mon, sizeof(mon));
	wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
	snprintf(buf, sizeof(buf),
		 "  The existing pool %s keeps its monitor: "
		 "%s.",
		 pool && pool->name ? pool->name : "", mon);
	wrap_par(out, width, THEME_ROLE_NORMAL, buf);
	wrap_par(out, width, THEME_ROLE_DIM,
		 "t tests its origins from here with that monitor, beside "
		 "Cloudflare's preview of the pool; Enter goes on.");
	while (out->n - start < (size_t)rows)
		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
	while (out->n - start > (size_t)rows) {
		line_free(&out->v[out->n - 1]);
		out->n--;
	}
	return true;
}

static void
step_bar(struct wizard *w, int width, struct line *l)
{
	enum form_step cur = w->form ? form_step(w->form) : FORM_STEP_ZONE;
	const char *sep = line_glyph(LINE_G_CRUMB);
	int s, full = 0;
	char item[64];

	/* Every title when they fit; else the current one only. */
	for (s = 0; s < FORM_NSTEPS; s++)
		full += (int)strlen(form_step_title((enum form_step)s)) + 5;
	line_add(l, THEME_ROLE_TAB, " ");
	for (s = 0; s < FORM_NSTEPS; s++) {
		bool here = w->screen == WIZ_FORM && s == (int)cur;
		bool reached =
			w->form && (s <= (int)cur || s <= (int)w->reached);

		w->bar_x[s] = l->width;
		if (full <= width || here)
			snprintf(item, sizeof(item), "%d %s", s + 1,
				 form_step_title((enum form_step)s));
		else
			snprintf(item, sizeof(item), "%d", s + 1);
		line_add(l,
			 here	   ? THEME_ROLE_TAB_ACTIVE
			 : reached ? THEME_ROLE_TAB
				   : THEME_ROLE_DIM,
			 item);
		if (s + 1 < FORM_NSTEPS) {
			line_add(l, THEME_ROLE_TAB, " ");
			line_add(l, THEME_ROLE_TAB, sep);
			line_add(l, THEME_ROLE_TAB, " ");
		}
	}
	w->bar_x[FORM_NSTEPS] = l->width;
	line_truncate(l, width);
	if (l->width < width)
		line_pad(l, THEME_ROLE_TAB, width - l->width);
}

static void
title_line(struct ui *ui, struct wizard *w, int width, struct line *l)
{
	const char *h = line_glyph(LINE_G_HLINE);
	char t[256], right[256];
	const struct cf_plan *p = w->form ? form_plan(w->form) : NULL;
	int i;

	(void)ui;
	if (w->screen == WIZ_START)
		snprintf(t, sizeof(t), "Setup wizard: choose a start");
	else if (w->screen == WIZ_APPLY)
		snprintf(t, sizeof(t), "Apply");
	else
		snprintf(t, sizeof(t), "Step %d of %d: %s",
			 (int)form_step(w->form) + 1, FORM_NSTEPS,
			 form_step_title(form_step(w->form)));
	right[0] = '\0';
	if (p && p->zone && *p->zone)
		snprintf(right, sizeof(right), " zone %s ", p->zone);
	line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_TITLE, " ");
	line_add(l, THEME_ROLE_TITLE, t);
	line_add(l, THEME_ROLE_TITLE, " ");
	for (i = l->width; i < width - line_strwidth(right) - 2; i++)
		line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_DIM, right);
	for (i = l->width; i < width; i++)
		line_add(l, THEME_ROLE_BORDER, h);
	line_truncate(l, width);
}

static const char *
hints(struct wizard *w, bool typing)
{
	if (w->screen == WIZ_START)
		return "Enter start  j/k choose  Esc close";
	if (w->screen == WIZ_APPLY)
		return NULL; /* the apply screen says its own keys */
	if (form_step(w->form) == FORM_STEP_REVIEW)
		return w->exporting ? "Tab format  Enter write  Esc cancel"
				    : "a apply  x export  1-5 edit a step  j/k "
				      "scroll  b back  Esc leave";
	if (form_step(w->form) == FORM_STEP_MONITOR)
		return typing ? "Tab/Up/Down fields  Enter next  PgUp back  "
				"^T test now  Esc leave"
			      : "Tab/Up/Down fields  Enter/n next  b back  t "
				"test now  Esc leave";
	return typing ? "Tab/Up/Down fields  Enter next  PgUp back  Esc leave"
		      : "Tab/Up/Down fields  Enter/n next  b back  Esc leave";
}

static void
bottom_line(struct ui *ui, struct wizard *w, int width, struct lines *out)
{
	struct line *l = lines_add(out);
	const char *h;

	if (ui->status[0]) {
		char *nl = strchr(ui->status, '\n');

		/* One row here: the first line of a longer message. */
		if (nl)
			*nl = '\0';
		line_add(l, ui->status_role, ui->status);
		if (nl)
			*nl = '\n';
	} else {
		h = hints(w, w->form && w->screen == WIZ_FORM &&
				     form_view_typing(w->view, w->form));
		if (h)
			line_add(l, THEME_ROLE_DIM, h);
	}
	line_truncate(l, width);
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
}

/* The layer's frame: every row below the header (the first row). */
static void
wizard_compose(struct ui *ui, void *self, int width, int frame_h,
	       struct lines *frame)
{
	struct wizard *w = ui->wizard;
	size_t start = frame->n;
	int height = frame_h - 1, first_row = 1, content;

	(void)self;
	if (!w || !w->open)
		return;
	if (height < 6 || width < 30) {
		wiz_text_line(frame, width, THEME_ROLE_WARNING,
			      "terminal too small for the setup wizard");
		while (frame->n - start < (size_t)height)
			wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
		return;
	}
	sync_objects(ui, w);
	refresh_extra(ui, w);
	w->bar_y = first_row;
	step_bar(w, width, lines_add(frame));
	title_line(ui, w, width, lines_add(frame));
	content = height - 3;
	w->view_y = first_row + 2;
	w->view_h = 0;
	if (w->screen == WIZ_START) {
		draw_start(ui, w, width, content, frame);
	} else if (w->screen == WIZ_APPLY) {
		wiz_draw_apply(ui, w, width, content, frame);
	} else if (form_step(w->form) == FORM_STEP_REVIEW) {
		wiz_draw_review(ui, w, width, content, frame);
	} else {
		struct form_view_ctx ctx = { .extra = &w->extra };
		int test = form_step(w->form) == FORM_STEP_MONITOR
				   ? wiz_test_rows(ui, w, width, content)
				   : 0;

		w->view_h = content - test;
		if (!kept_monitor(ui, w, width, content - test, frame))
			form_view_render(w->view, w->form, &ctx, width,
					 content - test, frame);
		if (test)
			wiz_draw_test(ui, w, width, test, frame);
	}
	/* Exactly the rows asked for, whatever a screen drew. */
	while (frame->n - start > (size_t)height - 1) {
		line_free(&frame->v[frame->n - 1]);
		frame->n--;
	}
	while (frame->n - start < (size_t)height - 1)
		wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
	bottom_line(ui, w, width, frame);
	if (w->screen == WIZ_APPLY && w->apply_done && !w->timing_logged) {
		w->timing_logged = true;
		/* bench/wizard-apply-bench.sh: the time, and the wall-clock
		 * window to find the apply's requests in cfsim's log. */
		if (ui->timing_log)
			fprintf(ui->timing_log,
				"wizard-apply %s %.3f ms from the key to the "
				"outcome screen (wall %.0f %.0f %.0f: key, "
				"result, screen)\n",
				w->has_setup ? "ok" : "failed",
				monoclock_ms() - w->apply_t0, w->apply_wall0,
				w->apply_wall1, wiz_wall_ms());
	}
}

unsigned
wizard_click(struct ui *ui, int x, int y, bool double_click)
{
	struct wizard *w = ui->wizard;
	int s;

	(void)double_click;
	if (!w || !w->open || !w->form || w->screen != WIZ_FORM)
		return CMD_OK;
	if (y == w->bar_y) {
		for (s = 0; s < FORM_NSTEPS; s++)
			if (x >= w->bar_x[s] && x < w->bar_x[s + 1])
				goto_step(ui, w, (enum form_step)s);
		return CMD_REDRAW;
	}
	if (w->view_h && y >= w->view_y && y < w->view_y + w->view_h &&
	    form_view_click(w->view, w->form, x, y - w->view_y))
		return CMD_REDRAW;
	return CMD_OK;
}

bool
wizard_task_done(struct ui *ui, void *task, unsigned long serial)
{
	return ui->wizard && wiz_task_done(ui, ui->wizard, task, serial);
}

bool
wizard_poll(struct ui *ui)
{
	struct wizard *w = ui->wizard;
	bool changed;

	if (!w)
		return false;
	changed = false;
	if (w->open && sync_objects(ui, w))
		changed = true;
	if (w->select_pool && wiz_select_pool(ui, w))
		changed = true;
	return changed;
}

static unsigned
wizard_layer_click(struct ui *ui, void *self, int x, int y, bool dbl)
{
	(void)self;
	return wizard_click(ui, x, y, dbl);
}

/* The wizard's state (ui->wizard) outlives the layer: the setup stays
 * for u after the screen closes. */
static const struct layer_ops wizard_layer = {
	.name = "setup wizard",
	.rank = LAYER_RANK_SCREEN,
	.opaque = true,
	.key = wizard_key,
	.compose = wizard_compose,
	.click = wizard_layer_click,
};
