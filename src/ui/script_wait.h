/* script_wait.h: what a script (tig-style test) has asked to wait for — loads, rows, a generation, tasks, a health state — and the check that lets its next step run. */
#ifndef CFCONSOLE_UI_SCRIPT_WAIT_H
#define CFCONSOLE_UI_SCRIPT_WAIT_H

#include <stdbool.h>

struct ui;

/* The waits a script has asked for; all clear (zero) when none. Lives in
 * struct ui; only the UI thread touches it. */
struct script_waits {
	bool idle;		  /* :wait-idle: no load pending */
	bool rows;		  /* :wait-rows: the current pane shows a row */
	unsigned long generation; /* :wait-generation N (0: none) */
	bool tasks;		  /* :wait-tasks: no task runs or waits */
	char *health;		  /* :wait-health POOL[/ORIGIN] STATE, owned */
	double health_until;	  /* monotonic ms deadline of health */
};

/*
 * The handlers of the :wait-* commands (rows of the command table). Each
 * records its wait and returns CMD_OK, or CMD_FAILED with a usage message
 * on the status line. UI thread.
 */
unsigned script_wait_idle_cmd(struct ui *ui, const char *args);
unsigned script_wait_rows_cmd(struct ui *ui, const char *args);
unsigned script_wait_generation_cmd(struct ui *ui, const char *args);
unsigned script_wait_tasks_cmd(struct ui *ui, const char *args);
unsigned script_wait_health_cmd(struct ui *ui, const char *args);

/*
 * Syncs the UI with what finished in the background, then clears every
 * wait that is over. True when none is left (the script's next step may
 * run). A :wait-health that passes its deadline is over too: it prints
 * why to stderr and sets *failed to 1, so a broken test fails with a
 * message and never hangs. UI thread.
 */
bool script_waits_done(struct ui *ui, int *failed);

/* Frees what w owns and clears it (ui_free). */
void script_waits_free(struct script_waits *w);

#endif
