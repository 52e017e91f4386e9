/* ui.c: console state: panes, navigation and breadcrumb, loads, and composing a frame as attributed lines. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/xmem.h"
#include "cfconsole/cf_client.h"
#include "cfconsole/completion.h"
#include "cfconsole/poller.h"
#include "cfconsole/timefmt.h"
#include "ui/account.h"
#include "ui/account_switch.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/oncall.h"
#include "ui/prompt.h"
#include "ui/ui.h"
#include "ui/viewer.h"
#include "ui/res.h"
#include "ui/wizard.h"
#include "ui/wrap.h"

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

void
ui_init(struct ui *ui, struct store *store, struct jobs *jobs)
{
	int i;

	memset(ui, 0, sizeof(*ui));
	ui->store = store;
	ui->jobs = jobs;
	ui->snap = store_acquire(store);
	/* The shell's ^U in the prompt; typed names and the account filter
	 * have no cursor to move. */
	edit_init(&ui->prompt.ed, EDIT_KILL_BACK);
	for (i = 0; i < UI_NPANES; i++)
		ui->panes[i] = pane_new(pane_registry[i]);
	theme_builtin(&ui->theme);
	cmd_keymap_build(ui, NULL, 0, NULL, NULL);
	ui->dirty = UI_DIRTY_DRAW | UI_DIRTY_LOAD;
}

static void
crumb_free(struct ui_crumb *c)
{
	free(c->scope_id);
	free(c->scope_label);
	free(c->sel_id);
	memset(c, 0, sizeof(*c));
}

void
ui_free(struct ui *ui)
{
	int i;

	for (i = 0; i < UI_NPANES; i++)
		pane_free(ui->panes[i]);
	for (i = 0; i < ui->depth; i++)
		crumb_free(&ui->stack[i]);
	edit_history_free(&ui->prompt.history);
	/* The viewer's text, the dialog's question, the picker's list. */
	ui_layers_free(ui);
	/* Before the panes' snapshot goes: tasks hold store references. */
	oncall_free(ui);
	/* The setup wizard's state and its finished tasks (wizard.c). */
	wizard_free(ui);
	/* Resource forms, deletes and their tasks (res*.c). */
	res_free(ui);
	script_waits_free(&ui->waits);
	lines_free(&ui->scratch);
	theme_free(&ui->theme);
	store_snapshot_release(ui->snap);
	memset(ui, 0, sizeof(*ui));
}

void
ui_status(struct ui *ui, enum theme_role role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->status, sizeof(ui->status), fmt, ap);
	va_end(ap);
	ui->status_role = role;
	ui->dirty |= UI_DIRTY_DRAW;
}

struct pane *
ui_pane(struct ui *ui)
{
	return ui->panes[ui->cur];
}

/* ---- snapshots and loads ---------------------------------------------------- */

/* Reports failures that are new in snap compared with old. */
static void
report_failures(struct ui *ui, const struct store_snapshot *old,
		const struct store_snapshot *snap)
{
	int k;

	for (k = 0; k < STORE_NKINDS; k++) {
		const struct store_res *r = snap->res[k], *o = old->res[k];

		if (r->state != STORE_FAILED || !r->error)
			continue;
		if (o->state == STORE_FAILED && o->epoch == r->epoch)
			continue;
		ui_status(ui, THEME_ROLE_ERROR, "%s: %s", store_kind_name(k),
			  r->error);
	}
}

static void derive_scope(struct ui *ui, int i, const char **id,
			 const char **label);

/* A pane opened before its scope was known (DNS before the zones
 * arrived) takes the selected zone or pool as soon as there is one. */
static void
adopt_scope(struct ui *ui)
{
	struct pane *p = ui_pane(ui);
	const char *id, *label;

	if (!p->ops->needs_scope || p->scope_id)
		return;
	derive_scope(ui, ui->cur, &id, &label);
	if (!id)
		return;
	pane_set_scope(p, id, label);
	ui_request(ui, false);
}

/* Takes the newest snapshot from the store when it moved on. */
static bool
adopt_snapshot(struct ui *ui)
{
	struct store_snapshot *snap;

	if (store_generation(ui->store) == ui->snap->generation)
		return false;
	snap = store_acquire(ui->store);
	report_failures(ui, ui->snap, snap);
	store_snapshot_release(ui->snap);
	ui->snap = snap;
	ui->dirty |= UI_DIRTY_LOAD | UI_DIRTY_DRAW;
	adopt_scope(ui);
	return true;
}

/* Hands one finished piece of background work to whoever waits for it. */
static bool
dispatch(struct ui *ui, struct completion *c)
{
	switch (c->kind) {
	case COMPLETION_STORE:
		return adopt_snapshot(ui);
	case COMPLETION_HEALTH:
		return oncall_sync_health(ui, ui->timing_log);
	case COMPLETION_ONCALL_TASK:
		return oncall_task_done(ui, c->payload, c->gen);
	case COMPLETION_WIZARD_TASK:
		return wizard_task_done(ui, c->payload, c->gen);
	case COMPLETION_RES_TASK:
		return res_task_done(ui, c->payload, c->gen);
	case COMPLETION_ACCOUNTS:
		return account_switch_listed(ui, c);
	case COMPLETION_ACCOUNT_SWITCH:
		return account_switch_chosen(ui, c);
	case COMPLETION_NKINDS:
		break;
	}
	return false;
}

bool
ui_sync(struct ui *ui)
{
	struct completion *c;
	bool changed = false;

	/* Oldest first; a handler may post more (a reload after a change),
	 * which this same loop takes. */
	while ((c = completion_take(store_completions(ui->store)))) {
		changed |= dispatch(ui, c);
		completion_free(c, true);
	}
	/* What waits on the screen rather than on a worker: a question
	 * closed unanswered, the wizard following the lists. */
	changed |= oncall_poll(ui);
	changed |= wizard_poll(ui);
	changed |= res_poll(ui);
	return changed;
}

static void
load_pane(struct ui *ui, int i)
{
	if (ui->panes[i]->generation != ui->snap->generation ||
	    !ui->panes[i]->snap)
		pane_load(ui->panes[i], ui->snap);
}

void
ui_load_current(struct ui *ui)
{
	load_pane(ui, ui->cur);
}

/* Queues a load of kind for scope unless it is there or on its way. */
static void
need_load(struct ui *ui, enum store_kind kind, const char *scope, bool force)
{
	const struct store_res *r = ui->snap->res[kind];

	if (!ui->jobs)
		return;
	if ((kind == STORE_DNS || kind == STORE_LBS) && !scope)
		return;
	if (!force && str_eq(r->scope_id, scope) && r->state != STORE_EMPTY)
		return;
	jobs_load(ui->jobs, kind, scope);
	ui_sync(ui);
}

void
ui_request(struct ui *ui, bool force)
{
	struct pane *p = ui_pane(ui);
	struct pane_need need[PANE_MAX_NEEDS];
	size_t n, i;

	if (p->ops->needs) {
		n = p->ops->needs(p, need);
	} else {
		need[0] = (struct pane_need){ p->ops->kind, NULL };
		n = 1;
	}
	/* Only what the pane lists is forced; what its cells look up is
	 * loaded once. */
	for (i = 0; i < n; i++)
		need_load(ui, need[i].kind, need[i].scope, force && i == 0);
	/* A polled pane's rows come from the poller; r also polls now. */
	if (p->ops->polled && force && ui->poller)
		oncall_poll_now(ui, NULL);
	ui->dirty |= UI_DIRTY_LOAD | UI_DIRTY_DRAW;
}

long
ui_refresh_in_ms(const struct ui *ui, double now_mono_ms)
{
	const struct pane *p = ui->panes[ui->cur];
	const struct store_res *r;
	struct timespec ts;
	double due_ms;

	if (ui->opts.refresh_s <= 0 || !ui->jobs || p->ops->polled ||
	    ui_mode(ui) != UI_MODE_NORMAL || dialog_open(ui) ||
	    jobs_pending(ui->jobs) > 0)
		return -1;
	r = ui->snap->res[p->ops->kind];
	if (p->ops->needs_scope &&
	    (!p->scope_id || !str_eq(r->scope_id, p->scope_id)))
		return -1;
	if (r->n > UI_AUTO_REFRESH_MAX)
		return -1;
	if (r->state == STORE_FAILED) {
		/* Offline or an API error: try again an interval after the
		 * failure was first seen (0: not yet seen, ui_refresh_auto
		 * starts the clock), not in a tight loop. */
		due_ms = ui->refresh_retry_ms - now_mono_ms;
	} else if (r->state == STORE_READY && r->fetched_at > 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		due_ms = (r->fetched_at + ui->opts.refresh_s) * 1e3 -
			 (ts.tv_sec * 1e3 + ts.tv_nsec / 1e6);
	} else {
		return -1;
	}
	return due_ms <= 0 ? 0 : (long)due_ms + 1;
}

bool
ui_refresh_auto(struct ui *ui, double now_mono_ms)
{
	const struct pane *p = ui->panes[ui->cur];
	const struct store_res *r = ui->snap->res[p->ops->kind];

	if (r->state != STORE_FAILED) {
		ui->refresh_retry_ms = 0;
	} else if (ui->refresh_retry_ms <= 0) {
		/* First sight of the failure: the retry clock starts now, so
		 * "load failed" stays up for an interval. */
		ui->refresh_retry_ms = now_mono_ms + ui->opts.refresh_s * 1e3;
		return false;
	}
	if (ui_refresh_in_ms(ui, now_mono_ms) != 0)
		return false;
	ui->refresh_retry_ms = 0;
	ui_request(ui, true);
	return true;
}

bool
ui_busy(const struct ui *ui)
{
	const struct pane *p = ui->panes[ui->cur];

	if (ui->jobs && jobs_pending(ui->jobs) > 0)
		return true;
	if (p->ops->polled)
		return false; /* its rows come from the poller */
	return ui->snap->res[p->ops->kind]->state == STORE_LOADING;
}

/* ---- navigation ----------------------------------------------------------------- */

/* Selects the object with id in pane i (after loading it). */
static void
select_id(struct ui *ui, int i, const char *id)
{
	struct pane *p = ui->panes[i];
	size_t r;

	if (!id)
		return;
	load_pane(ui, i);
	for (r = 0; r < p->nvis; r++) {
		const char *oid = p->ops->id(p->objs[p->vis[r]]);

		if (oid && !strcmp(oid, id)) {
			pane_select(p, r);
			return;
		}
	}
}

/* The scope a pane gets from the others' selection (NULL: none). */
static void
derive_scope(struct ui *ui, int i, const char **id, const char **label)
{
	int from = pane_index(ui->panes[i]->ops->scope_from);
	struct pane *src;
	const void *obj;

	*id = *label = NULL;
	if (from < 0)
		return;
	src = ui->panes[from];
	load_pane(ui, from);
	obj = pane_selected(src);
	if (!obj)
		return;
	*id = src->ops->id(obj);
	*label = src->ops->label(obj);
}

static void
push_crumb(struct ui *ui)
{
	struct ui_crumb *c;
	struct pane *p = ui_pane(ui);
	const void *sel = pane_selected(p);

	if (ui->depth == UI_MAX_DEPTH) {
		crumb_free(&ui->stack[0]);
		memmove(ui->stack, ui->stack + 1,
			(UI_MAX_DEPTH - 1) * sizeof(ui->stack[0]));
		memset(&ui->stack[UI_MAX_DEPTH - 1], 0, sizeof(ui->stack[0]));
		ui->depth--;
	}
	c = &ui->stack[ui->depth++];
	c->pane = ui->cur;
	c->scope_id = xstrdup(p->scope_id);
	c->scope_label = xstrdup(p->scope_label);
	c->sel_id = xstrdup(sel ? p->ops->id(sel) : NULL);
}

bool
ui_show(struct ui *ui, int i, const char *scope_id, const char *scope_label,
	bool push)
{
	struct pane *p;
	char *id = NULL, *label = NULL;

	if (i < 0 || i >= UI_NPANES)
		return false;
	p = ui->panes[i];
	if (!scope_id) {
		const char *did, *dlabel;

		derive_scope(ui, i, &did, &dlabel);
		id = xstrdup(did);
		label = xstrdup(dlabel);
	} else {
		id = xstrdup(scope_id);
		label = xstrdup(scope_label);
	}
	/* An explicit zone moves the Zones selection too, so every
	 * zone-scoped pane agrees on "the selected zone". */
	if (scope_id && p->ops->scope_selects)
		select_id(ui, pane_index(p->ops->scope_from), scope_id);
	if (push && i != ui->cur)
		push_crumb(ui);
	else if (!push)
		while (ui->depth > 0)
			crumb_free(&ui->stack[--ui->depth]);
	/* A drill-down (push) is a new visit: it starts at the first row,
	 * never on a cursor left from an earlier visit, which a one-key
	 * action (space) would then act on. Switching back to a list
	 * (tabs, Esc) keeps the selection on the same object by id. */
	if ((push && i != ui->cur) || !str_eq(p->scope_id, id) ||
	    !str_eq(p->scope_label, label))
		pane_set_scope(p, id, label);
	free(id);
	free(label);
	ui->cur = i;
	viewer_close(ui);
	ui_request(ui, false);
	return true;
}

void
ui_reset_account(struct ui *ui)
{
	int i;

	while (ui->depth > 0)
		crumb_free(&ui->stack[--ui->depth]);
	viewer_close(ui);
	prompt_close(ui);
	ui_sync(ui);
	for (i = 0; i < UI_NPANES; i++) {
		struct pane *p = ui->panes[i];

		pane_set_filter(p, NULL);
		pane_set_scope(p, NULL, NULL);
		pane_load(p, ui->snap);
	}
	if (ui->jobs) {
		jobs_load(ui->jobs, STORE_ZONES, NULL);
		jobs_load(ui->jobs, STORE_POOLS, NULL);
		jobs_load(ui->jobs, STORE_MONITORS, NULL);
		ui_sync(ui);
	}
	ui_show(ui, ui->cur, NULL, NULL, false);
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_LOAD | UI_DIRTY_CLEAR;
}

bool
ui_back(struct ui *ui)
{
	struct ui_crumb *c;
	struct pane *p;

	if (ui->depth == 0)
		return false;
	c = &ui->stack[--ui->depth];
	p = ui->panes[c->pane];
	if (!str_eq(p->scope_id, c->scope_id))
		pane_set_scope(p, c->scope_id, c->scope_label);
	ui->cur = c->pane;
	ui_request(ui, false);
	select_id(ui, c->pane, c->sel_id);
	crumb_free(c);
	ui->dirty |= UI_DIRTY_LOAD | UI_DIRTY_DRAW;
	return true;
}

bool
ui_enter(struct ui *ui)
{
	struct pane *p = ui_pane(ui);
	const void *obj = pane_selected(p);

	if (!obj)
		return false;
	if (p->ops->below)
		return ui_show(ui, pane_index(p->ops->below), p->ops->id(obj),
			       p->ops->label(obj), true);
	return ui_describe(ui);
}

bool
ui_describe(struct ui *ui)
{
	struct pane *p = ui_pane(ui);
	const void *obj = pane_selected(p);
	struct lines text = { 0 };
	char title[256];

	if (!obj)
		return false;
	pane_detail(p, obj, ui->snap, &text);
	snprintf(title, sizeof(title), "%s %s", p->ops->title,
		 p->ops->label(obj) ? p->ops->label(obj) : "");
	viewer_open(ui, title, &text);
	return true;
}

enum ui_mode
ui_mode(const struct ui *ui)
{
	if (prompt_is_open(ui))
		return ui->prompt.filter ? UI_MODE_FILTER : UI_MODE_COMMAND;
	if (viewer_is_open(ui))
		return UI_MODE_VIEWER;
	return UI_MODE_NORMAL;
}

/* ---- composing a frame ---------------------------------------------------------- */

static const char *const spinner[] = { "|", "/", "-", "\\" };

/* "12 345" */
static void
group(size_t n, char *buf, size_t size)
{
	char raw[32];
	size_t len, i, o = 0;

	snprintf(raw, sizeof(raw), "%zu", n);
	len = strlen(raw);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			buf[o++] = ' ';
		buf[o++] = raw[i];
	}
	buf[o] = '\0';
}

/* Parts of the header a narrow terminal may drop, least useful first. */
enum {
	HDR_BRAND = 1u << 0,
	HDR_IDLE = 1u << 1,
	HDR_HOST = 1u << 2,
	HDR_CAP = 1u << 3
};

static void
header_parts(struct ui *ui, unsigned omit, const struct cf_budget *b,
	     struct line *l)
{
	const char *sep = line_glyph(LINE_G_VLINE);
	bool idle = !(ui->jobs &&
		      (jobs_offline(ui->jobs) || jobs_pending(ui->jobs)));

	line_reset(l);
	if (!(omit & HDR_BRAND))
		line_add(l, THEME_ROLE_HEADER, " cfconsole ");
	else
		line_add(l, THEME_ROLE_HEADER, " ");
	/* First, so a narrow terminal never hides it. */
	if (ui->opts.readonly) {
		line_addf(l, THEME_ROLE_HEADER, "%s ", sep);
		line_add(l, THEME_ROLE_WARNING, "read-only ");
	}
	line_addf(l, THEME_ROLE_HEADER, "%s %s ", sep,
		  ui->info.profile ? ui->info.profile : "-");
	line_addf(l, THEME_ROLE_HEADER, "%s %s ", sep,
		  ui->info.account ? ui->info.account : "-");
	if (!(omit & HDR_HOST))
		line_addf(l, THEME_ROLE_HEADER, "%s %s ", sep,
			  ui->info.host ? ui->info.host : "-");
	if (!idle || !(omit & HDR_IDLE)) {
		line_addf(l, THEME_ROLE_HEADER, "%s ", sep);
		if (ui->jobs && jobs_offline(ui->jobs))
			line_add(l, THEME_ROLE_ERROR, "offline");
		else if (ui->jobs && jobs_pending(ui->jobs))
			line_addf(l, THEME_ROLE_HEADER, "worker %s",
				  spinner[ui->spin % 4]);
		else
			line_add(l, THEME_ROLE_HEADER, "idle");
		line_add(l, THEME_ROLE_HEADER, " ");
	}
	if (ui->poller) {
		char pbuf[64];
		bool warn;

		oncall_header(ui, pbuf, sizeof(pbuf), &warn);
		line_addf(l, THEME_ROLE_HEADER, "%s ", sep);
		line_add(l, warn ? THEME_ROLE_WARNING : THEME_ROLE_HEADER,
			 pbuf);
		line_add(l, THEME_ROLE_HEADER, " ");
	}
	if (omit & HDR_CAP)
		line_addf(l, THEME_ROLE_HEADER, "%s budget %u ", sep,
			  (unsigned)(b->tokens < 0 ? 0 : b->tokens));
	else
		line_addf(l, THEME_ROLE_HEADER, "%s budget %u/%u ", sep,
			  (unsigned)(b->tokens < 0 ? 0 : b->tokens),
			  b->capacity);
	if (b->throttled)
		line_addf(l, THEME_ROLE_WARNING, "(throttled %lu) ",
			  b->throttled);
}

bool
ui_header_moving(struct ui *ui)
{
	struct poller_status st;
	struct cf_budget b;

	cf_budget_get(&b);
	if (b.blocked_until > 0 || b.tokens + 0.5 < (double)b.capacity)
		return true;
	if (!ui->poller)
		return false;
	poller_get_status(ui->poller, &st);
	return st.state == POLLER_BACKOFF || st.state == POLLER_STARTING;
}

static void
compose_header(struct ui *ui, int width, struct line *l)
{
	static const unsigned steps[] = {
		0,
		HDR_IDLE,
		HDR_IDLE | HDR_HOST,
		HDR_IDLE | HDR_HOST | HDR_CAP,
		HDR_IDLE | HDR_HOST | HDR_CAP | HDR_BRAND,
	};
	struct cf_budget b;
	size_t i;

	cf_budget_get(&b);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		header_parts(ui, steps[i], &b, l);
		if (l->width <= width)
			break;
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_HEADER, width - l->width);
}

static void
compose_tabs(struct ui *ui, int width, struct line *l)
{
	int i;

	for (i = 0; i < UI_NPANES; i++) {
		ui->geom.tab_x[i] = l->width;
		line_addf(l,
			  i == ui->cur ? THEME_ROLE_TAB_ACTIVE : THEME_ROLE_TAB,
			  " %d %s ", i + 1, pane_registry[i]->title);
		/* Seven tabs fit 80 columns only without gaps. */
		if (width >= 100)
			line_add(l, THEME_ROLE_TAB, " ");
	}
	ui->geom.tab_x[UI_NPANES] = l->width;
	if (l->width < width)
		line_pad(l, THEME_ROLE_TAB, width - l->width);
}

static void
crumb_text(struct line *l, int pane, const char *label)
{
	line_add(l, THEME_ROLE_TITLE, pane_registry[pane]->title);
	if (label) {
		line_add(l, THEME_ROLE_TITLE, " ");
		line_add(l, THEME_ROLE_HIGHLIGHT, label);
	}
}

static void
compose_title(struct ui *ui, int width, struct line *l)
{
	struct pane *p = ui_pane(ui);
	const struct store_res *r = ui->snap->res[p->ops->kind];
	char a[32], b[32];
	int i;

	line_add(l, THEME_ROLE_TITLE, " ");
	for (i = 0; i < ui->depth; i++) {
		crumb_text(l, ui->stack[i].pane, ui->stack[i].scope_label);
		line_addf(l, THEME_ROLE_DIM, " %s ", line_glyph(LINE_G_CRUMB));
	}
	crumb_text(l, ui->cur, p->scope_label);
	group(p->nvis, a, sizeof(a));
	group(p->nobjs, b, sizeof(b));
	if (p->filter)
		line_addf(l, THEME_ROLE_DIM, "  %s of %s", a, b);
	else
		line_addf(l, THEME_ROLE_DIM, "  %s", a);
	if (p->filter)
		line_addf(l, THEME_ROLE_HIGHLIGHT, "  /%s", p->filter);
	if (r->state == STORE_LOADING &&
	    (!p->ops->needs_scope || p->ops->kind == STORE_POOLS ||
	     str_eq(r->scope_id, p->scope_id))) {
		line_addf(l, THEME_ROLE_INFO, "  %s loading",
			  spinner[ui->spin % 4]);
		if (r->total) {
			group(r->n, a, sizeof(a));
			group(r->total, b, sizeof(b));
			line_addf(l, THEME_ROLE_INFO, " %s / %s", a, b);
		}
	} else if (r->state == STORE_FAILED) {
		line_add(l, THEME_ROLE_ERROR, "  load failed (r retries)");
	} else if (r->state == STORE_READY && r->fetched_at > 0) {
		char when[48], clock[32];
		int pad;

		snprintf(when, sizeof(when), "updated %s ",
			 timefmt_clock((time_t)r->fetched_at, clock,
				       sizeof(clock)));
		pad = width - l->width - (int)strlen(when);
		if (pad > 1) {
			line_pad(l, THEME_ROLE_TITLE, pad);
			line_add(l, THEME_ROLE_DIM, when);
		}
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_TITLE, width - l->width);
}

/* What to say in an empty list. */
static const char *
empty_text(const struct ui *ui)
{
	const struct pane *p = ui->panes[ui->cur];
	const struct store_res *r = ui->snap->res[p->ops->kind];

	if (p->ops->needs_scope && !p->scope_id)
		return p->ops->unscoped_text
			       ? p->ops->unscoped_text
			       : "no zone selected: pick one in Zones (1)";
	if (p->nobjs && p->filter)
		return "nothing matches the filter (Esc clears it)";
	if (p->ops->empty_text)
		return p->ops->empty_text(p, ui->health != NULL);
	if (r->state == STORE_LOADING || r->state == STORE_EMPTY)
		return ui->jobs ? "loading..." : "not loaded";
	if (r->state == STORE_FAILED)
		return r->error ? r->error : "load failed";
	return "nothing here";
}

/* The status line: the message, or the keys to start with (the prompt
 * and the viewer draw over it: prompt.c, viewer.c). */
static void
compose_status(struct ui *ui, int width, struct lines *out)
{
	struct line *l = lines_add(out);

	if (ui->status[0])
		line_add(l, ui->status_role, ui->status);
	else
		line_add(l, THEME_ROLE_DIM,
			 "? help  : command  / filter  Enter open  Esc back  "
			 "q quit");
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
}

/* A status message wider than the screen, or of several lines, wraps over
 * up to a third of the list area instead of being cut off. */
static bool
status_wraps(const struct ui *ui, int width)
{
	return !prompt_is_open(ui) && ui->status[0] &&
	       (strchr(ui->status, '\n') || line_strwidth(ui->status) > width);
}

static int
status_max_rows(int height)
{
	int max = (height - 4) / 3;

	return max < 1 ? 1 : max;
}

int
ui_status_rows(const struct ui *ui, int width, int height)
{
	size_t n;

	if (!status_wraps(ui, width))
		return 1;
	n = wrap_count(ui->status, width);
	if (n < 1)
		n = 1;
	return (int)n < status_max_rows(height) ? (int)n
						: status_max_rows(height);
}

/* Appends the status area (status_rows lines) to out. */
static void
compose_status_area(struct ui *ui, int width, int height, struct lines *out)
{
	struct lines w = { 0 };
	int rows = ui_status_rows(ui, width, height), i;

	if (!status_wraps(ui, width)) {
		compose_status(ui, width, out);
		return;
	}
	wrap_text(&w, ui->status_role, ui->status, width);
	for (i = 0; i < rows; i++) {
		struct line *l = lines_add(out);

		if (i == rows - 1 && (size_t)rows < w.n) {
			/* Too long even so: say how much is not shown. */
			line_addf(l, THEME_ROLE_DIM, "... %zu more line%s",
				  w.n - (size_t)i,
				  w.n - (size_t)i == 1 ? "" : "s");
		} else if ((size_t)i < w.n) {
			line_add(l, ui->status_role, line_text(&w.v[i]));
		}
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_STATUS, width - l->width);
	}
	lines_free(&w);
}

static void
hline(struct line *l, int width, const char *title)
{
	const char *h = line_glyph(LINE_G_HLINE);
	int i = 0;

	if (title) {
		line_add(l, THEME_ROLE_BORDER, h);
		line_add(l, THEME_ROLE_BORDER, h);
		line_add(l, THEME_ROLE_TITLE, " ");
		line_add(l, THEME_ROLE_TITLE, title);
		line_add(l, THEME_ROLE_TITLE, " ");
		i = l->width;
	}
	for (; i < width; i++)
		line_add(l, THEME_ROLE_BORDER, h);
}

/* Appends src's lines (from top), clipped to width, as n lines of out. */
static void
copy_lines(struct lines *out, const struct lines *src, size_t top, int n,
	   int width)
{
	int i;

	for (i = 0; i < n; i++) {
		struct line *l = lines_add(out);
		size_t k = top + (size_t)i;

		if (k < src->n)
			line_append_fit(l, &src->v[k], width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
}

/*
 * Appends the pane's body, avail rows: the title, the list and, when there
 * is room, the area under it (the selection's detail, wrapped, growing up
 * to half the screen for the lines it must show such as what a failure
 * reason means and how to fix it; or the pane's lower hook's lines).
 */
static void
compose_body(struct ui *ui, int width, int avail, struct lines *out)
{
	struct pane *p = ui_pane(ui);
	int detail_h = 0, list_h, i;
	bool lower = false;
	const char *title = NULL;
	const void *sel = pane_selected(p);
	struct lines detail = { 0 };

	compose_title(ui, width, lines_add(out));
	if (avail >= 12) {
		detail_h = avail / 3;
		if (detail_h > 10)
			detail_h = 10;
	}
	if (detail_h && p->ops->lower)
		lower = p->ops->lower(p, ui, (size_t)detail_h, &detail, &title);
	if (detail_h && !lower) {
		lines_reset(&ui->scratch);
		if (sel)
			pane_detail(p, sel, ui->snap, &ui->scratch);
		lines_wrap(&ui->scratch, width, &detail);
		for (i = (int)detail.n; i > 0 && !detail.v[i - 1].keep; i--)
			;
		if (i > detail_h)
			detail_h = i < avail / 2 ? i : avail / 2;
		title = sel && p->ops->label(sel) ? p->ops->label(sel)
						  : "details";
	}
	list_h = avail - (detail_h ? detail_h + 1 : 0);
	ui->geom.list_y = 3;
	ui->geom.list_h = list_h;

	lines_reset(&ui->scratch);
	pane_render(p, width, list_h, true, &ui->scratch);
	if (p->nvis == 0 && ui->scratch.n < 2) {
		struct line *l = lines_add(&ui->scratch);

		line_add(l, THEME_ROLE_DIM, "  ");
		line_add(l, THEME_ROLE_DIM, empty_text(ui));
	}
	copy_lines(out, &ui->scratch, 0, list_h, width);
	if (detail_h) {
		hline(lines_add(out), width, title);
		copy_lines(out, &detail, 0, detail_h, width);
	}
	lines_free(&detail);
}

void
ui_compose(struct ui *ui, int width, int height, struct lines *out)
{
	int avail, i, first;
	bool opaque;

	lines_reset(out);
	avail = height - 3 - ui_status_rows(ui, width, height);
	if (height < 5 || width < 10) {
		struct line *l = lines_add(out);

		line_add(l, THEME_ROLE_WARNING, "terminal too small");
		line_truncate(l, width);
		return;
	}
	ui_load_current(ui);
	compose_header(ui, width, lines_add(out));
	/* The layers (layer.h) from the top opaque one up: an opaque one
	 * (the wizard, a resource form) draws every row below the header,
	 * and the panes are not composed; the others draw over them. */
	first = ui_layers_base(ui, &opaque);
	if (!opaque) {
		compose_tabs(ui, width, lines_add(out));
		if (ui_layers_cover_body(ui)) {
			/* The viewer draws the title, list and detail rows. */
			for (i = 0; i <= avail; i++)
				line_pad(lines_add(out), THEME_ROLE_NORMAL,
					 width);
		} else {
			compose_body(ui, width, avail, out);
		}
		compose_status_area(ui, width, height, out);
		for (i = (int)out->n; i < height; i++)
			line_pad(lines_add(out), THEME_ROLE_NORMAL, width);
	}
	ui_layers_compose(ui, first, width, height, out);
	for (i = 0; i < (int)out->n; i++)
		line_truncate(&out->v[i], width);
}
