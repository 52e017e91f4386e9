/* oncall_toggle.c: the on-call changes: space (enable/disable), e / :edit (weight), u (undo), and their outcomes: blast radius and conflict questions, status, reloads. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/toggle.h"
#include "ui/dialog.h"
#include "ui/commands.h"
#include "ui/oncall.h"
#include "ui/oncall_priv.h"
#include "ui/prompt.h"
#include "ui/res.h"
#include "ui/ui.h"
#include "ui/wizard.h"

/* ---- toggle, edit, undo ---------------------------------------------------- */

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
	struct task *t = oncall_task_new(ui, TASK_TOGGLE);

	t->seen = tg->pool;
	t->origin = xstrdup_or_empty(tg->origin->name ? tg->origin->name
						      : tg->origin->address);
	t->op = op;
	t->weight = weight;
	t->edit_enabled = edit_enabled;
	if (!oncall_task_submit(ui, t))
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

		ui_status(ui,
			  left < (size_t)(tg->hp->minimum_origins > 0
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
	if (!oncall_selected_origin(ui, "toggle", &tg) ||
	    !mutation_ready(ui, "toggle"))
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
			snprintf(err, errsize,
				 "'%s' is neither a weight nor "
				 "on/off",
				 tok);
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

	if (!oncall_selected_origin(ui, "edit", &tg) ||
	    !mutation_ready(ui, "edit"))
		return CMD_FAILED;
	if (!args || !*args) {
		/* The key: open the prompt with the current values to edit. */
		char line[64];

		snprintf(line, sizeof(line), "edit %g %s", tg.origin->weight,
			 tg.origin->enabled ? "on" : "off");
		prompt_open(ui, false, line);
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
	/* An edit, create or delete of a record, monitor, pool or load
	 * balancer (res_tasks.c, edit_undo). */
	if (res_undo(ui))
		return CMD_REDRAW;
	t = oncall_task_new(ui, TASK_UNDO);
	if (!oncall_task_submit(ui, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "undoing the last change...");
	return CMD_REDRAW;
}

/* ---- results ---------------------------------------------------------------------- */

void
oncall_first_line(const char *s, char *buf, size_t size)
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
		oncall_task_drop(ui, t);
		return CMD_REDRAW;
	}
	t->confirmed = true;
	toggle_result_free(&t->res);
	/* On failure task_submit freed t and said why. */
	if (oncall_task_submit(ui, t))
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
		oncall_task_drop(ui, t);
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
	if (oncall_task_submit(ui, t))
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
	const char *nl =
		r->blast.summary ? strchr(r->blast.summary, '\n') : NULL;

	return nl ? nl + 1 : "";
}

/* A toggle or undo finished. Returns true when t lives on. */
bool
oncall_toggle_done(struct ui *ui, struct task *t)
{
	struct toggle_result *r = &t->res;
	char line[400], title[128], *text;
	size_t len;

	oncall_first_line(r->message, line, sizeof(line));
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
			t->origin = xstrdup_or_empty(r->blast.origin);
		}
		len = strlen(r->blast.summary ? r->blast.summary : "") + 160;
		text = xmalloc(len);
		snprintf(text, len, "%s\n\nApply anyway?",
			 r->blast.summary ? r->blast.summary : "");
		snprintf(title, sizeof(title), "Blast radius: %s %s",
			 t->kind == TASK_UNDO	      ? "undo on"
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
		text = xmalloc(len);
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
			  r->applied == 1   ? " [applied]"
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

unsigned
oncall_origin_request(struct ui *ui, const char *cmd, const char *args)
{
	if (!strcmp(cmd, "edit"))
		return oncall_edit(ui, args);
	return CMD_PASS;
}
