/* oncall_probe.c: l, the local probe: the pool's monitor run against the selected origin from this machine, shown beside Cloudflare's view. */
#include <stdio.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/probe.h"
#include "ui/health_view.h"
#include "ui/commands.h"
#include "ui/oncall.h"
#include "ui/oncall_priv.h"
#include "ui/ui.h"

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
		snprintf(buf, size, "%s (%s%s%.0d)",
			 health_state_name(o->state),
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
	if (!oncall_selected_origin(ui, "probe", &tg))
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
	t = oncall_task_new(ui, TASK_PROBE);
	t->monitor = m;
	t->target = tg.origin;
	t->origin = xstrdup_or_empty(tg.origin->name);
	cf_view(&tg, t->cf_view, sizeof(t->cf_view));
	if (!oncall_task_submit(ui, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "probing %s from here (%s %s)...",
		  tg.origin->name ? tg.origin->name : "",
		  m->type ? m->type : "http", m->path ? m->path : "/");
	return CMD_REDRAW;
}

/* ---- result ----------------------------------------------------------------- */

void
oncall_probe_done(struct ui *ui, struct task *t)
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
