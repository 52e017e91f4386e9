/* res.h: create, edit and delete DNS records, monitors, pools and load balancers from their panes (issue 11): forms over the wizard's form engine, delete with references, the JSON edit, P and space, undo. */
#ifndef CFCONSOLE_UI_RES_H
#define CFCONSOLE_UI_RES_H

#include <stdbool.h>

#include "ui/line.h"

struct ui;

/*
 * Like the wizard, this part of the console hangs off struct ui by one
 * pointer (ui->res) and is reached only through these functions, each
 * called from one marked place (keys_handle, ui_compose, ui_sync, the
 * mouse, the command table, oncall_undo, ui_free). All run on the UI
 * thread; every change runs edit.h's engine on a jobs worker and comes
 * back through the completion queue (res_task_done).
 *
 * The form (n, e) covers the rows below the header like the wizard's
 * steps, drawn by form_view over form_new_object. A list (what holds an
 * object a delete was refused for; the pool a monitor test runs against)
 * covers them the same way.
 */

/* True while a form or a list covers the panes. */
bool res_is_open(const struct ui *ui);

/*
 * Makes the layer stack agree with res_is_open: the forms' layer (it takes
 * every key and draws every row below the header) is pushed when a form
 * or a list opens and popped when the last one closes. Called wherever
 * they open or close. UI thread.
 */
void res_layer_sync(struct ui *ui);

/* A COMPLETION_RES_TASK: finished work (a save, delete, undo, toggle,
 * test, the JSON edit's read) handled, unless the task is gone (serial as
 * posted). True when the screen changed. UI thread. */
bool res_task_done(struct ui *ui, void *task, unsigned long serial);

/* What waits on the screen, not on a worker (a jump to an object once its
 * list has loaded); true when the screen changed. UI thread. */
bool res_poll(struct ui *ui);

/* True while a change or test runs or waits to be handled (:wait-tasks). */
bool res_busy(const struct ui *ui);

/*
 * `u`: when this session's newest undoable change is an edit, create or
 * delete of one of these resources (edit_undoable), starts its undo and
 * returns true; false lets the origin undo run.
 */
bool res_undo(struct ui *ui);

/* Frees everything (jobs stopped first). NULL-safe. */
void res_free(struct ui *ui);

/* ---- command handlers (commands.c) ------------------------------------- */

unsigned res_cmd_new(struct ui *ui, const char *args);	     /* n, :new */
unsigned res_cmd_edit(struct ui *ui, const char *args);	     /* e, :edit */
unsigned res_cmd_delete(struct ui *ui, const char *args);    /* d, :delete */
unsigned res_cmd_edit_json(struct ui *ui, const char *args); /* E */
unsigned res_cmd_proxied(struct ui *ui, const char *args);   /* P */
/* space in Load balancers (lbs_pane.c's request hook): enable/disable the
 * selected LB, after reading what it serves. */
unsigned res_lb_toggle(struct ui *ui, const char *args);

#endif
