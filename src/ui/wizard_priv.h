/* wizard_priv.h: the setup wizard's state, shared by its files (wizard.c: flow and keys; wizard_tasks.c: work on workers; wizard_screens.c: test, review, export, apply screens). */
#ifndef CFCONSOLE_UI_WIZARD_PRIV_H
#define CFCONSOLE_UI_WIZARD_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>

#include "cfconsole/form.h"
#include "cfconsole/plan.h"
#include "cfconsole/probe_all.h"
#include "ui/edit.h"
#include "ui/form_view.h"
#include "ui/line.h"
#include "ui/wizard_draw.h"

struct ui;
struct store;
struct journal;

/* The texts of a form's fields at one moment: an online check's issue
 * about a field holds while the field still says what the check saw. */
struct wiz_fields {
	char **ids, **texts;
	size_t n;
};

enum wiz_screen {
	WIZ_START = 0, /* choose a preset */
	WIZ_FORM,      /* the steps, Review included */
	WIZ_APPLY,     /* apply progress, then its outcome */
};

enum wiz_task_kind {
	WT_TEST,   /* Test now: local probes and Cloudflare's preview */
	WT_CHECK,  /* the online checks before Review's apply */
	WT_APPLY,  /* check, then apply the plan with the engine */
	WT_REMOVE, /* roll back an applied setup (u) */
};

/* One engine event as it happened (the worker appends, the UI reads). */
struct wiz_event {
	enum pe_event_kind kind;
	size_t step;
	char *line;
};

/*
 * Work handed to a worker (jobs_task). The UI thread owns it except for
 * the result fields while it runs; the worker hands them back by posting
 * COMPLETION_WIZARD_TASK (payload: the task, gen: its serial), and
 * wizard_task_done sets `done` on the UI thread. Events are appended under
 * `lock` while it runs, so the apply screen shows each step as it happens.
 */
struct wiz_task {
	enum wiz_task_kind kind;
	unsigned long serial; /* matches its completion to it */
	bool done;	      /* its completion arrived (UI thread) */
	atomic_bool cancel;   /* apply: stop and roll back */
	bool orphan;	      /* nobody waits for it any more */
	bool handled;	      /* its result was taken (it may stay on
					screen, e.g. the test's rows) */
	struct wiz_task *next;
	struct store *store; /* woken on each event */
	/* inputs */
	char *account_id;
	struct journal *journal;
	struct cf_plan plan; /* a copy; apply/remove record state in it */
	struct plan_rules rules;
	char *file;		   /* apply/remove: the plan file */
	char *text;		   /* check: the plan it saw (encoded) */
	struct wiz_fields *fields; /* check: the fields' texts it saw */
	struct cf_monitor monitor; /* test: the settings to probe with */
	struct cf_origin *origins; /* test: the origins to probe */
	size_t norigins;
	char *preview_pool;    /* test: an existing pool to preview */
	char *preview_monitor; /* test: an existing monitor to preview */
	/* results */
	pthread_mutex_t lock;
	struct wiz_event *events;
	size_t nevents;
	bool no_client;
	char err[512];
	struct plan_issues issues; /* check/apply: the online checks */
	char *zone_id;
	bool checked;		 /* the online checks ran */
	bool refused;		 /* apply: the checks found errors */
	struct pe_report report; /* apply/remove */
	bool ran;		 /* apply/remove: the engine ran */
	struct probe_all_result probe;
	enum cf_status probe_rc;
};

struct wizard {
	bool open;
	enum wiz_screen screen;
	size_t preset; /* start screen: the highlighted preset */
	char *zone;    /* preselected zone (may be NULL) */
	struct form *form;
	struct form_view *view;
	enum form_step reached;	  /* the furthest step reached */
	unsigned long objs_gen;	  /* snapshot generation given to the form */
	struct plan_issues known; /* names taken, from the loaded lists */
	struct plan_issues extra; /* known + the online checks, for the view */
	/* Test now */
	struct wiz_task *test;
	/* the online checks for Review */
	struct wiz_task *check;
	char *checked_text; /* the plan the last finished check saw */
	struct wiz_fields *checked_fields; /* its fields' texts */
	struct plan_issues checked;
	char *zone_id;
	char check_err[512];
	size_t review_top;
	/* export (on Review) */
	bool exporting;
	size_t export_fmt; /* index in plan_export_formats */
	struct edit export_path;
	char export_default[1024]; /* the path offered (follows the format) */
	/* apply */
	struct wiz_task *apply;
	struct pe_plan steps; /* labels of the apply's steps */
	char plan_file[1024];
	double apply_t0;    /* CLOCK_MONOTONIC ms of the key */
	double apply_wall0; /* CLOCK_REALTIME ms of the key (timing log) */
	double apply_wall1; /* ...and when the worker's result came */
	double apply_ms;    /* key to outcome */
	bool timing_logged;
	bool apply_done;
	size_t result_top;
	/* the setup this wizard created (for u) */
	bool has_setup;
	struct cf_plan setup; /* the plan with its apply state */
	char setup_file[1024];
	size_t undo_depth; /* journal undo depth when it was made */
	struct wiz_task *remove;
	char *select_pool; /* h: select this pool in Health once the
					poller shows it */
	/* every task still alive (orphans included) */
	struct wiz_task *tasks;
	/* geometry of the last frame, for clicks */
	int bar_y; /* frame row of the step bar */
	int bar_x[FORM_NSTEPS + 1];
	int view_y; /* frame row of the form view's first line */
	int view_h;
};

/* The wizard of ui (created on first use). */
struct wizard *wiz_get(struct ui *ui);

/* ---- wizard_tasks.c ---------------------------------------------------------- */

/* Starts Test now on the Monitor step. Status says why not. */
bool wiz_test_start(struct ui *ui, struct wizard *w);

/* Starts the online checks of the current plan (entering Review). */
bool wiz_check_start(struct ui *ui, struct wizard *w);

/* True when the last finished check saw the plan as it is now. */
bool wiz_check_current(struct wizard *w);

/* True when the last check's issue about field `field` still holds: the
 * field says what the check saw (or the whole plan is unchanged). */
bool wiz_check_holds(struct wizard *w, const char *field);

/* Frees a fields snapshot. NULL-safe. */
void wiz_fields_free(struct wiz_fields *f);

/* Starts the apply (after the confirmation). */
bool wiz_apply_start(struct ui *ui, struct wizard *w);

/* Asks to remove the setup this wizard created (typed name). */
void wiz_remove_ask(struct ui *ui, struct wizard *w);

/* Handles task t's completion (serial: its serial when posted); true when
 * something changed. A task no longer in w's list is ignored. */
bool wiz_task_done(struct ui *ui, struct wizard *w, struct wiz_task *t,
		   unsigned long serial);

/* True while a task the wizard waits for runs or is unhandled. */
bool wiz_tasks_busy(const struct wizard *w);

/* Frees every task (workers stopped). */
void wiz_tasks_free(struct wizard *w);

/* Leaves a running task to finish on its own (Esc). */
void wiz_task_orphan(struct wizard *w, struct wiz_task **t);

/* Copies t's events under its lock (caller frees with wiz_events_free). */
size_t wiz_events_copy(struct wiz_task *t, struct wiz_event **out);
void wiz_events_free(struct wiz_event *v, size_t n);

/* ---- wizard_screens.c -------------------------------------------------------- */

/* Copies src[top .. top + rows) into out, padded: exactly rows lines. */
void wiz_window(struct lines *out, const struct lines *src, size_t top,
		int rows, int width);

/* The Test now panel of the Monitor step (height rows). */
void wiz_draw_test(struct ui *ui, struct wizard *w, int width, int height,
		   struct lines *out);

/* Rows the test panel wants at this size (0: none to show). */
int wiz_test_rows(struct ui *ui, struct wizard *w, int width, int height);

/* Review (height rows): requests, exports, checks, the export prompt. */
void wiz_draw_review(struct ui *ui, struct wizard *w, int width, int height,
		     struct lines *out);

/* Apply progress and outcome (height rows). */
void wiz_draw_apply(struct ui *ui, struct wizard *w, int width, int height,
		    struct lines *out);

/* Keys of Review and of its export prompt. */
unsigned wiz_review_key(struct ui *ui, struct wizard *w, int key, bool fkey);

/* Keys of the apply screen. */
unsigned wiz_apply_key(struct ui *ui, struct wizard *w, int key, bool fkey);

/* Selects the pool `h` asked for in the Health pane once it is there;
 * true when it did. */
bool wiz_select_pool(struct ui *ui, struct wizard *w);

/* Opens the export prompt with the default path for the format. */
void wiz_export_open(struct wizard *w);

/* ---- wizard.c ---------------------------------------------------------------- */

/* Closes the wizard (keeps a created setup for u). */
void wiz_close(struct ui *ui, struct wizard *w);

/* Wall-clock (CLOCK_REALTIME) milliseconds, for the timing log. */
double wiz_wall_ms(void);

#endif
