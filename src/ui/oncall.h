/* oncall.h: the console's on-call actions: health sync and poller focus, toggle/edit/undo through worker jobs, local probe, journal and event views. */
#ifndef CFCONSOLE_UI_ONCALL_H
#define CFCONSOLE_UI_ONCALL_H

#include <stdbool.h>
#include <stddef.h>

struct health_model;
struct ui;
struct lines;

/*
 * Every function runs on the UI thread. Network work (toggle_run,
 * toggle_undo_last, local_probe_run) runs in jobs_task() workers; each
 * task posts COMPLETION_ONCALL_TASK to the store's completion queue, and
 * ui_sync hands it to oncall_task_done(). Handlers return
 * enum cmd_reaction flags and only set state and the status line.
 *
 * One interface, five files by job: oncall_tasks.c (the task list, the
 * worker side, completions), oncall_toggle.c (space, e/:edit, u and their
 * questions), oncall_probe.c (l), oncall_health.c (health snapshots,
 * poller focus, header, p, :poll-now), oncall_views.c (:events, :journal);
 * what they share is in oncall_priv.h.
 */

/*
 * Takes the newest health snapshot when the model moved on: points every
 * pane at it, reloads the Health pane (its rows point into the snapshot)
 * and only then drops the old one. Logs transitions to the timing log
 * when `timing` is not NULL ("health POOL/ORIGIN STATE MS" with
 * CLOCK_REALTIME ms, for bench/health-bench.sh). Returns true when it
 * changed.
 */
bool oncall_sync_health(struct ui *ui, void *timing);

/*
 * Points the UI at another health model (an account switch; model may be
 * NULL): drops the held snapshot, the panes' health and the poller focus.
 * No task may be running (oncall_busy false).
 */
void oncall_set_model(struct ui *ui, struct health_model *model);

/*
 * COMPLETION_ONCALL_TASK from ui_sync: the task (as posted, with its
 * serial) finished: status, dialogs, reloads. A task no longer waiting for
 * that submission is ignored. True when the screen changed.
 */
bool oncall_task_done(struct ui *ui, void *task, unsigned long serial);

/* Drops tasks whose question was closed unanswered. True if any. */
bool oncall_poll(struct ui *ui);

/* True while a task runs or waits for an answer in a dialog. */
bool oncall_busy(const struct ui *ui);

/* Sends the pools visible on screen (Pools, Origins, Health panes) to the
 * poller when they changed. */
void oncall_focus(struct ui *ui);

/* Frees every task (jobs must be stopped first) and the held snapshot. */
void oncall_free(struct ui *ui);

/* The header's poller part: "poll running 12:03:04" etc. into buf;
 * "" without a poller. */
void oncall_header(struct ui *ui, char *buf, size_t size, bool *warn);

/* Appends the session's event log (newest first) to out. */
void oncall_events_lines(const struct ui *ui, size_t max, struct lines *out);

/*
 * For `:wait-health POOL/ORIGIN STATE` (STATE: healthy, unhealthy,
 * disabled, unknown; POOL a name or id): true when the held snapshot shows
 * it. A spec without '/' names a pool and compares the pool's state.
 */
bool oncall_health_is(const struct ui *ui, const char *spec);

/* ---- command handlers (commands.c table) ---------------------------------- */
unsigned oncall_toggle(struct ui *ui, const char *args);	/* space */
unsigned oncall_edit(struct ui *ui, const char *args);		/* e / :edit */
unsigned oncall_undo(struct ui *ui, const char *args);		/* u */
unsigned oncall_probe(struct ui *ui, const char *args);		/* l */
unsigned oncall_pause(struct ui *ui, const char *args);		/* p */
unsigned oncall_journal(struct ui *ui, const char *args);	/* :journal */
unsigned oncall_events(struct ui *ui, const char *args);	/* :events */
unsigned oncall_toggle_events(struct ui *ui, const char *args); /* v */
unsigned oncall_poll_now(struct ui *ui, const char *args);	/* :poll-now */

/*
 * Parses the arguments of `:edit` ("0.5", "0.5 off", "on", "weight=1
 * enabled"): a weight from 0 to 1 and/or on|off|enabled|disabled. Sets
 * *has_weight, *weight and *enabled (-1 unchanged, 0 off, 1 on). Returns
 * false with a one-line reason in err. Pure (used while typing).
 */
bool oncall_edit_parse(const char *args, bool *has_weight, double *weight,
		       int *enabled, char *err, size_t errsize);

/* The request hook (pane_ops.request) of the panes that list origins
 * (Origins, Health): e edits the origin's weight and state on the prompt
 * (oncall_edit); the rest passes (CMD_PASS). UI thread. */
unsigned oncall_origin_request(struct ui *ui, const char *cmd,
			       const char *args);

#endif
