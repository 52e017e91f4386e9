/* wizard.h: the setup wizard (monitor -> pool -> load balancer -> CNAME): its screens behind a small interface the console hooks into. */
#ifndef CFCONSOLE_UI_WIZARD_H
#define CFCONSOLE_UI_WIZARD_H

#include <stdbool.h>

#include "ui/line.h"

struct ui;

/*
 * The wizard is self-contained: its state hangs off struct ui by one
 * pointer (ui->wizard) and the console reaches it only through these
 * functions, each called from one clearly marked place (keys_handle,
 * ui_compose, ui_sync, on_mouse, the command table, oncall_undo). Every
 * function runs on the UI thread; network work runs on jobs workers and
 * comes back through the completion queue (wizard_task_done).
 *
 * Screens: a start screen choosing the preset ("AI inference endpoint" or
 * "empty"); one screen per step under a step bar (1 Zone › 2 Pool ›
 * 3 Monitor › 4 Load balancer › 5 CNAME › 6 Review) drawn by form_view;
 * Test now on the Monitor step (t); Review (the exact requests, the
 * exports, the online checks, export to a file); apply with a progress
 * line per step and its outcome (success, or what was created, what
 * failed and what was rolled back).
 */

/* Opens the wizard on its start screen with zone preselected (may be
 * NULL). Refused (false, status says why) in read-only mode. */
bool wizard_open(struct ui *ui, const char *zone);

/* True while the wizard covers the screen. */
bool wizard_is_open(const struct ui *ui);

/* A mouse click at frame position (x, y): steps in the bar, fields.
 * Returns enum cmd_reaction flags. */
unsigned wizard_click(struct ui *ui, int x, int y, bool double_click);

/* COMPLETION_WIZARD_TASK from ui_sync: a test, check, apply or removal
 * finished (task and serial as posted). True when the screen changed. */
bool wizard_task_done(struct ui *ui, void *task, unsigned long serial);

/* Refreshes the form's lists of zones, pools and monitors from the
 * snapshot. True when the screen changed. */
bool wizard_poll(struct ui *ui);

/* True while the wizard waits for background work (:wait-tasks). */
bool wizard_busy(const struct ui *ui);

/*
 * `u`: when the newest change of this console is a setup the wizard
 * applied (no origin change since), asks to remove it (reverse order,
 * typed name) and returns true; false lets the origin undo run.
 */
bool wizard_undo(struct ui *ui);

/* `w` / `:wizard [ZONE]`: the command table's handler. */
unsigned wizard_cmd(struct ui *ui, const char *args);

/* Frees the wizard (jobs stopped first). NULL-safe. */
void wizard_free(struct ui *ui);

#endif
