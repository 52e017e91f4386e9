/* script_wait.c: the :wait-* commands of scripts and the check, run before each script step, that what they wait for has happened. */
#include "ui/script_wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/jobs.h"
#include "cfconsole/monoclock.h"
#include "cfconsole/store.h"
#include "cfconsole/xmem.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/oncall.h"
#include "ui/res.h"
#include "ui/ui.h"
#include "ui/wizard.h"

/* How long :wait-health waits at most. Bounded, so a broken test fails
 * with a message, never hangs; 240 s because the other side of a
 * hand-over (a test changing cfsim) can take tens of seconds on a loaded
 * machine, and it stays under the runner's 300 s. */
#define WAIT_HEALTH_MS 240000.0

unsigned
script_wait_idle_cmd(struct ui *ui, const char *args)
{
	(void)args;
	ui->waits.idle = true;
	return CMD_OK;
}

unsigned
script_wait_rows_cmd(struct ui *ui, const char *args)
{
	(void)args;
	ui->waits.rows = true;
	return CMD_OK;
}

unsigned
script_wait_generation_cmd(struct ui *ui, const char *args)
{
	char *end;
	unsigned long g = args ? strtoul(args, &end, 10) : 0;

	if (!args || !*args || *end) {
		ui_status(ui, THEME_ROLE_ERROR, "usage: :wait-generation N");
		return CMD_FAILED;
	}
	ui->waits.generation = g;
	return CMD_OK;
}

unsigned
script_wait_tasks_cmd(struct ui *ui, const char *args)
{
	(void)args;
	ui->waits.tasks = true;
	return CMD_OK;
}

unsigned
script_wait_health_cmd(struct ui *ui, const char *args)
{
	const char *sp = args ? strrchr(args, ' ') : NULL;

	if (!sp || sp == args || !sp[1]) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "usage: :wait-health POOL[/ORIGIN] STATE");
		return CMD_FAILED;
	}
	free(ui->waits.health);
	ui->waits.health = xstrdup(args);
	ui->waits.health_until = monoclock_ms() + WAIT_HEALTH_MS;
	return CMD_OK;
}

bool
script_waits_done(struct ui *ui, int *failed)
{
	struct script_waits *w = &ui->waits;

	/* Load what a new snapshot brought before the next key acts on the
	 * selection: a key must never see rows older than the screen. */
	if (ui_sync(ui))
		ui_load_current(ui);
	if (w->idle) {
		if (ui->jobs && jobs_pending(ui->jobs))
			return false;
		if (store_generation(ui->store) != ui->snap->generation)
			return false;
		w->idle = false;
	}
	if (w->rows) {
		ui_load_current(ui);
		if (ui_pane(ui)->nvis == 0)
			return false;
		w->rows = false;
	}
	if (w->generation) {
		if (ui->snap->generation < w->generation)
			return false;
		w->generation = 0;
	}
	if (w->tasks) {
		/* The setup wizard's tests and applies count too. */
		if ((oncall_busy(ui) || wizard_busy(ui) || res_busy(ui)) &&
		    !dialog_open(ui))
			return false;
		w->tasks = false;
	}
	if (w->health) {
		if (!oncall_health_is(ui, w->health)) {
			if (monoclock_ms() < w->health_until)
				return false;
			fprintf(stderr,
				"cfconsole: script: :wait-health %s: "
				"timed out\n",
				w->health);
			*failed = 1;
		}
		free(w->health);
		w->health = NULL;
	}
	return true;
}

void
script_waits_free(struct script_waits *w)
{
	free(w->health);
	*w = (struct script_waits){ 0 };
}
