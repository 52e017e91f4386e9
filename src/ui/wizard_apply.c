/* wizard_apply.c: the setup wizard's apply screen: a line per step as it happens, then what was created, what failed and what was rolled back, or the new setup with its keys (Health, remove). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/health.h"
#include "cfconsole/poller.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"

/* ---- apply progress and outcome ----------------------------------------------------- */

/* The newest forward event of step i, or -1. */
static long
last_forward(const struct wiz_event *ev, size_t n, size_t i)
{
	long k, at = -1;

	for (k = 0; k < (long)n; k++)
		if (ev[k].step == i &&
		    (ev[k].kind == PE_EV_START || ev[k].kind == PE_EV_FOUND ||
		     ev[k].kind == PE_EV_APPLIED ||
		     ev[k].kind == PE_EV_VERIFIED ||
		     ev[k].kind == PE_EV_SKIPPED || ev[k].kind == PE_EV_FAILED))
			at = k;
	return at;
}

static bool
step_had(const struct wiz_event *ev, size_t n, size_t i,
	 enum pe_event_kind kind)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ev[k].step == i && ev[k].kind == kind)
			return true;
	return false;
}

static void
outcome_lines(struct wizard *w, struct wiz_task *t, const struct wiz_event *ev,
	      size_t nev, int width, struct lines *out)
{
	struct cf_plan *p = &t->plan;
	const struct pe_report *r = &t->report;
	char buf[2200], list[1024];
	size_t i, len;
	bool created;

	if (r->outcome == PE_OK) {
		const struct cf_plan_step_state *ps =
			cf_plan_state_find(p, "pool");

		/* Two decimals: "0.0 s" would read as "no time at all". */
		snprintf(buf, sizeof(buf),
			 " %s Created and verified in %.2f s "
			 "with %lu API requests.",
			 wiz_sym_check(), w->apply_ms / 1e3, r->requests);
		wiz_text_line(out, width, THEME_ROLE_SUCCESS, buf);
		snprintf(buf, sizeof(buf),
			 "   Load balancer  %s   "
			 "(lb_dns_name)",
			 p->lb.name);
		wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		if (p->cname_source == CF_PLAN_CREATE) {
			snprintf(buf, sizeof(buf),
				 "   CNAME          %s %s %s%s", p->cname.name,
				 line_is_ascii() ? "->" : "\u2192",
				 p->cname.content,
				 p->cname.proxied ? "  (proxied)" : "");
			wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		}
		if (p->pool_source == CF_PLAN_CREATE) {
			snprintf(buf, sizeof(buf),
				 "   Pool           %s (id %s), monitor "
				 "attached",
				 p->pool.name, ps && ps->id ? ps->id : "?");
			wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		}
		wiz_text_line(out, width, THEME_ROLE_KEY,
			      " h  Health pane for the new pool    u  remove "
			      "this whole setup    Enter/Esc  close");
		return;
	}
	/* What was created, what failed, what was rolled back. */
	snprintf(buf, sizeof(buf), " %s Apply %s%s: %s", wiz_sym_bad(),
		 r->cancelled ? "stopped, " : "", pe_outcome_name(r->outcome),
		 r->message ? r->message : "failed");
	wiz_para(out, width, 0, THEME_ROLE_ERROR, buf);
	if (r->err.status != CF_OK) {
		char e[600];

		/* The API's code and message, unless the line above has
		 * them already. */
		cf_error_format(&r->err, e, sizeof(e));
		if (!r->message || !strstr(r->message, e)) {
			snprintf(buf, sizeof(buf), "   the API said: %s", e);
			wiz_para(out, width, 0, THEME_ROLE_ERROR, buf);
		}
	}
	len = 0;
	list[0] = '\0';
	for (i = 0; i < w->steps.n && len < sizeof(list); i++)
		if (step_had(ev, nev, i, PE_EV_APPLIED) ||
		    step_had(ev, nev, i, PE_EV_FOUND))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						w->steps.steps[i].label);
	created = len > 0;
	snprintf(buf, sizeof(buf), "   created:      %s",
		 len ? list : "nothing");
	wiz_para(out, width, 0, THEME_ROLE_NORMAL, buf);
	len = 0;
	list[0] = '\0';
	for (i = 0; i < nev && len < sizeof(list); i++)
		if (ev[i].kind == PE_EV_FAILED)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? "; " : "",
						ev[i].line);
	snprintf(buf, sizeof(buf), "   failed:       %s",
		 len ? list : (r->message ? r->message : "-"));
	wiz_para(out, width, 0, THEME_ROLE_ERROR, buf);
	len = 0;
	list[0] = '\0';
	for (i = 0; i < w->steps.n && len < sizeof(list); i++)
		if (step_had(ev, nev, i, PE_EV_UNDONE) &&
		    (step_had(ev, nev, i, PE_EV_APPLIED) ||
		     step_had(ev, nev, i, PE_EV_FOUND)))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						w->steps.steps[i].label);
	snprintf(buf, sizeof(buf), "   rolled back:  %s",
		 len	   ? list
		 : created ? "nothing"
			   : "nothing (nothing had been created)");
	wiz_para(out, width, 0, THEME_ROLE_NORMAL, buf);
	if (r->outcome == PE_ROLLED_BACK) {
		wiz_text_line(
			out, width, THEME_ROLE_SUCCESS,
			"   nothing of this setup is left in the account");
	} else if (r->nleft) {
		wiz_text_line(out, width, THEME_ROLE_ERROR,
			      "   still there (the rollback could not remove "
			      "them):");
		for (i = 0; i < r->nleft; i++) {
			snprintf(buf, sizeof(buf), "     %s  id %s",
				 r->left[i].label ? r->left[i].label
						  : r->left[i].kind,
				 r->left[i].id ? r->left[i].id
					       : "(unknown: look for it by "
						 "name)");
			wiz_para(out, width, 0, THEME_ROLE_ERROR, buf);
			snprintf(buf, sizeof(buf), "       remove: %s %s",
				 r->left[i].method, r->left[i].path);
			wiz_para(out, width, 0, THEME_ROLE_DIM, buf);
		}
		snprintf(buf, sizeof(buf),
			 "   remove them all: cfconsole apply --rollback %s",
			 t->file);
		wiz_para(out, width, 0, THEME_ROLE_WARNING, buf);
	}
	wiz_text_line(out, width, THEME_ROLE_KEY,
		      r->nleft ? " Enter/Esc  close"
			       : " b  back to Review (fix it, apply again)    "
				 "Enter/Esc  close");
}

static void
apply_lines(struct ui *ui, struct wizard *w, int width, struct lines *out)
{
	struct wiz_task *t = w->apply;
	struct wiz_event *ev = NULL;
	size_t nev = wiz_events_copy(t, &ev), i;
	bool done = t && t->done && t->handled;
	char buf[2600];

	(void)ui;
	snprintf(buf, sizeof(buf),
		 " %s the setup in %s: %zu step%s, one "
		 "line each as it happens",
		 !done					? "Applying"
		 : t->ran && t->report.outcome == PE_OK ? "Applied"
							: "Tried to apply",
		 t && t->plan.zone ? t->plan.zone : "the zone", w->steps.n,
		 w->steps.n == 1 ? "" : "s");
	wiz_text_line(out, width, THEME_ROLE_TITLE, buf);
	for (i = 0; i < w->steps.n; i++) {
		long k = last_forward(ev, nev, i);
		const char *mark = line_is_ascii() ? "." : "\u25cb";
		enum theme_role role = THEME_ROLE_DIM;
		bool undone = step_had(ev, nev, i, PE_EV_UNDONE);

		if (k >= 0) {
			switch (ev[k].kind) {
			case PE_EV_VERIFIED:
			case PE_EV_SKIPPED:
				mark = wiz_sym_check();
				role = THEME_ROLE_SUCCESS;
				break;
			case PE_EV_FAILED:
				mark = wiz_sym_bad();
				role = THEME_ROLE_ERROR;
				break;
			default:
				mark = line_is_ascii() ? "*" : "\u25cc";
				role = THEME_ROLE_INFO;
				break;
			}
			snprintf(buf, sizeof(buf), " %s %s%s", mark, ev[k].line,
				 undone ? "  (rolled back)" : "");
		} else {
			snprintf(buf, sizeof(buf), " %s [%zu/%zu] %s", mark,
				 i + 1, w->steps.n, w->steps.steps[i].label);
		}
		if (undone && role == THEME_ROLE_SUCCESS)
			role = THEME_ROLE_WARNING;
		/* One line per step (ids may be cut on a narrow screen; the
		 * outcome below names what matters). */
		wiz_text_line(out, width, role, buf);
	}
	for (i = 0; i < nev; i++)
		if (ev[i].kind == PE_EV_ROLLBACK ||
		    ev[i].kind == PE_EV_UNDONE ||
		    ev[i].kind == PE_EV_UNDO_FAILED) {
			snprintf(buf, sizeof(buf), "   %s %s",
				 ev[i].kind == PE_EV_UNDO_FAILED ? wiz_sym_bad()
								 : "<-",
				 ev[i].line);
			wiz_text_line(out, width,
				      ev[i].kind == PE_EV_UNDO_FAILED
					      ? THEME_ROLE_ERROR
					      : THEME_ROLE_WARNING,
				      buf);
		}
	if (!done) {
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      " applying... (Esc stops it and removes what it "
			      "created)");
	} else if (t->no_client || (!t->checked && !t->ran)) {
		snprintf(buf, sizeof(buf), " %s %s; nothing was sent",
			 wiz_sym_bad(), t->err);
		wiz_para(out, width, 0, THEME_ROLE_ERROR, buf);
		wiz_text_line(out, width, THEME_ROLE_KEY,
			      " b  back to Review    Enter/Esc  close");
	} else {
		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
		outcome_lines(w, t, ev, nev, width, out);
	}
	/* Where the state is, so a crash can be resumed or undone. */
	snprintf(buf, sizeof(buf), " Plan file: %s", w->plan_file);
	wiz_para(out, width, 0, THEME_ROLE_NORMAL, buf);
	wiz_text_line(out, width, THEME_ROLE_DIM,
		      "   (cfconsole apply FILE resumes it after a crash; "
		      "cfconsole apply --rollback FILE removes what it "
		      "created)");
	if (w->remove) {
		bool rdone = w->remove->done && w->remove->handled;

		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
		if (!rdone)
			wiz_text_line(out, width, THEME_ROLE_INFO,
				      " removing the setup, last created "
				      "first...");
		else if (w->remove->report.outcome == PE_OK)
			wiz_text_line(
				out, width, THEME_ROLE_SUCCESS,
				" removed: nothing of this setup is left");
		else
			wiz_para(out, width, 1, THEME_ROLE_ERROR, ui->status);
	}
	wiz_events_free(ev, nev);
}

void
wiz_draw_apply(struct ui *ui, struct wizard *w, int width, int height,
	       struct lines *out)
{
	struct lines body = { 0 };

	apply_lines(ui, w, width, &body);
	if (w->result_top + (size_t)height > body.n)
		w->result_top =
			body.n > (size_t)height ? body.n - (size_t)height : 0;
	wiz_window(out, &body, w->result_top, height, width);
	lines_free(&body);
}

static unsigned
stop_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;

	if (yes && w->apply && !w->apply->done) {
		atomic_store(&w->apply->cancel, true);
		ui_status(ui, THEME_ROLE_WARNING,
			  "stopping: what was created is removed, last "
			  "first...");
	}
	return CMD_REDRAW;
}

/* h: the Health pane, on the new pool (selected as soon as the poller
 * lists it: wizard_poll). */
static unsigned
show_health(struct ui *ui, struct wizard *w)
{
	struct cf_plan_step_state *ps =
		cf_plan_state_find(&w->apply->plan, "pool");
	char name[256];

	snprintf(name, sizeof(name), "%s",
		 w->apply->plan.pool.name ? w->apply->plan.pool.name : "");
	free(w->select_pool);
	w->select_pool = ps && ps->id ? strdup(ps->id) : NULL;
	wiz_close(ui, w);
	ui_show(ui, PANE_HEALTH, NULL, NULL, false);
	if (ui->poller)
		poller_kick(ui->poller);
	ui_status(ui, THEME_ROLE_INFO,
		  "Health: pool %s is selected once the poller lists it", name);
	wiz_select_pool(ui, w);
	return CMD_REDRAW;
}

bool
wiz_select_pool(struct ui *ui, struct wizard *w)
{
	struct pane *p = ui->panes[PANE_HEALTH];
	size_t r;

	/* After the pane has been drawn once: its height decides the
	 * scroll that shows the pool's origins. */
	if (!w->select_pool || ui->cur != PANE_HEALTH || w->open ||
	    p->height < 2)
		return false;
	ui_load_current(ui);
	for (r = 0; r < p->nvis; r++) {
		const struct health_row *row = p->objs[p->vis[r]];

		if (!row->origin && row->pool->id &&
		    !strcmp(row->pool->id, w->select_pool)) {
			size_t last = r;

			/* Its origins in view too: the last one first, then
			 * the pool row (the list scrolls only as needed). */
			while (last + 1 < p->nvis &&
			       ((const struct health_row *)
					p->objs[p->vis[last + 1]])
				       ->origin &&
			       ((const struct health_row *)
					p->objs[p->vis[last + 1]])
					       ->pool == row->pool)
				last++;
			/* Not before its origins are listed (the first poll
			 * may know the pool only; a wizard's pool has at
			 * least one origin). */
			if (last == r)
				return false;
			pane_select(p, r);
			/* The list scrolls to show them below the pool row
			 * (the pane keeps its top while the selection shows). */
			if (p->height > 1 &&
			    last >= p->top + (size_t)p->height - 1)
				p->top = last + 2 > (size_t)p->height
						 ? last + 2 - (size_t)p->height
						 : 0;
			if (p->top > r)
				p->top = r;
			free(w->select_pool);
			w->select_pool = NULL;
			ui->dirty |= UI_DIRTY_DRAW;
			return true;
		}
	}
	return false;
}

unsigned
wiz_apply_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	struct wiz_task *t = w->apply;
	bool done = t && t->done && t->handled;
	bool ok = done && t->ran && t->report.outcome == PE_OK;

	if ((fkey && key == CONFIG_KEY_DOWN) || (!fkey && key == 'j')) {
		w->result_top++;
		return CMD_REDRAW;
	}
	if ((fkey && key == CONFIG_KEY_UP) || (!fkey && key == 'k')) {
		if (w->result_top)
			w->result_top--;
		return CMD_REDRAW;
	}
	if (!done) {
		if (!fkey && key == CONFIG_KEY_ESC)
			dialog_confirm(ui, "Stop the apply",
				       "Stop the apply? What it has created so "
				       "far is removed again, last first.",
				       NULL, stop_answer, w);
		else
			ui_status(ui, THEME_ROLE_INFO,
				  "applying; Esc stops it and removes what it "
				  "created");
		return CMD_REDRAW;
	}
	if (ok && !fkey && key == 'h')
		return show_health(ui, w);
	if (ok && !fkey && key == 'u') {
		if (w->has_setup)
			wiz_remove_ask(ui, w);
		else
			ui_status(ui, THEME_ROLE_INFO,
				  "the setup was removed already");
		return CMD_REDRAW;
	}
	if (!ok && !fkey && key == 'b' && !t->report.nleft && w->form) {
		w->screen = WIZ_FORM;
		if (!wiz_check_current(w))
			wiz_check_start(ui, w);
		return CMD_REDRAW;
	}
	if ((!fkey && (key == CONFIG_KEY_ESC || key == 'q' || key == '\r' ||
		       key == '\n')) ||
	    (fkey && key == CONFIG_KEY_KENTER)) {
		wiz_close(ui, w);
		return CMD_REDRAW;
	}
	return CMD_OK;
}
