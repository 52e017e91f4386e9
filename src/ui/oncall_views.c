/* oncall_views.c: the on-call viewers: the session's health events (:events, v) and the change journal (:journal). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/timefmt.h"
#include "ui/commands.h"
#include "ui/health_view.h"
#include "ui/oncall.h"
#include "ui/oncall_priv.h"
#include "ui/ui.h"
#include "ui/viewer.h"

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
	viewer_open(ui, "Health events (newest first)", &text);
	return CMD_REDRAW;
}

unsigned
oncall_toggle_events(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui_pane(ui)->ops->polled) {
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

			oncall_first_line(r->message, m, sizeof(m));
			line_addf(lines_add(&text), THEME_ROLE_DIM, "    %s",
				  m);
		}
	}
	journal_list_free(&jl);
	viewer_open(ui, "Journal (newest first)", &text);
	return CMD_REDRAW;
}
