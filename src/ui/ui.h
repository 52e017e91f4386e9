/* ui.h: the console's state shared by display, commands, prompt and keys (UI thread only). */
#ifndef CFCONSOLE_UI_UI_H
#define CFCONSOLE_UI_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/jobs.h"
#include "cfconsole/store.h"
#include "cfconsole/theme_def.h"
#include "ui/commands.h"
#include "ui/edit.h"
#include "ui/layer.h"
#include "ui/line.h"
#include "ui/pane.h"
#include "ui/script_wait.h"

struct command;
struct health_model;
struct health_snapshot;
struct journal;
struct oncall;
struct poller;
struct wizard;
struct res_state;
struct config_profile;

#define UI_NPANES PANE_COUNT /* enum pane_index (ui/pane.h) */
#define UI_MAX_DEPTH 16
#define UI_MAX_KEYS 512

/* What has to be done before the next frame (tmux CLIENT_REDRAW style). */
enum ui_dirty {
	UI_DIRTY_DRAW = 1u << 0,  /* redraw everything from state */
	UI_DIRTY_CLEAR = 1u << 1, /* clearok: repaint the terminal (^L) */
	UI_DIRTY_LOAD = 1u << 2, /* reload the current pane from the snapshot */
};

/* What the keys go to, as ui_mode() reads it from the layer stack. */
enum ui_mode {
	UI_MODE_NORMAL = 0,
	UI_MODE_COMMAND, /* typing a ':' command (the prompt layer) */
	UI_MODE_FILTER,	 /* typing a '/' filter (the prompt layer) */
	UI_MODE_VIEWER,	 /* help or raw JSON over the list (viewer.c) */
};

/* A step of the drill-down breadcrumb (what Esc goes back to). */
struct ui_crumb {
	int pane;
	char *scope_id, *scope_label;
	char *sel_id; /* selected object there */
};

/* A modal confirmation (dialog.c): the dialog layer's own state. */
struct ui_dialog {
	char *title;
	char *text;	   /* body, wrapped to the box when drawn */
	char *expect;	   /* text to type, or NULL for y/n */
	bool enter_yes;	   /* y/n: Enter answers yes (else ignored) */
	struct edit typed; /* the name typed so far (EDIT_APPEND) */
	size_t top;	   /* first body line shown (scrolling) */
	size_t nbody;	   /* body lines at the last draw */
	int shown;	   /* body lines the last draw had room for */
	unsigned (*fn)(struct ui *ui, bool yes, void *ud);
	void *ud;
};

/* An account the picker offers (account.c). */
struct ui_account {
	char *id;
	char *name; /* may be NULL */
};

/* The account picker (account.c): a modal list over the frame; the picker
 * layer's own state, freed when it closes. */
struct ui_picker {
	bool startup; /* no account yet: Esc/q quits */
	struct ui_account *items;
	size_t n;
	/* The rows: accounts_pane_ops over items (rows_src is this struct),
	 * its filter, selection and scrolling. */
	struct pane *list;
	struct edit filter;	    /* name or id substring (EDIT_APPEND) */
	bool filtering;		    /* typing after '/' */
	char *current;		    /* id of the account in use, or NULL */
	int rows_x, rows_y, rows_w; /* last frame's rows, for mouse clicks
	                               (their height: list->height) */
};

/*
 * How the UI reaches what owns the session (account_switch.c). Any
 * function may be NULL (unit tests, no switching).
 */
struct ui_account_hooks {
	/* :account: open the picker now (account_picker_open) or once the
	 * list arrives (COMPLETION_ACCOUNTS opens it). Returns cmd_reaction
	 * flags. */
	unsigned (*list)(struct ui *ui, void *ud);
	/* Switches to the account: true on success. On failure the status
	 * line says why and the picker stays open. */
	bool (*choose)(struct ui *ui, const char *id, const char *name,
		       void *ud);
	void *ud;
};

/* The ':' and '/' prompts: the line editor and the ':' history, kept
 * while the prompt layer (prompt.c) comes and goes. */
struct ui_prompt {
	bool filter;	/* the open prompt is '/' (else ':') */
	struct edit ed; /* EDIT_KILL_BACK */
	struct edit_history history;
	/* Tab completion, shown on the line above the prompt for as long as
	 * the line is what the last Tab left in it (tab_line). */
	struct cmd_cands cands;	 /* the candidates (n 0: no match) */
	int cand_sel;		 /* the one Tab cycled to, -1 none yet */
	bool tab_shown;		 /* a Tab's result is on show */
	char tab_line[EDIT_MAX]; /* the line as that Tab left it */
};

/* Header facts (owned by whoever started the UI; may be NULL). */
struct ui_info {
	const char *profile;
	const char *account; /* name or id */
	const char *host;    /* API base host */
	const char *version;
};

/* What the user chose at start-up (flags, profile, config), set by
 * whoever starts the UI before it runs; read-only afterwards. */
struct ui_options {
	bool readonly;		     /* --readonly or the profile's */
	bool no_color;		     /* --no-color, NO_COLOR */
	bool confirm_quit;	     /* ui.confirm_quit: ask before quitting */
	bool confirm_disable_always; /* ui.confirm_disable = "always" */
	int refresh_s; /* ui.poll_interval: list on screen, 0 never */
};

/* A CONFIRM command waiting for its dialog's answer (commands.c). */
struct ui_pending {
	const struct command *cmd; /* NULL: none waits */
	char args[256];
};

/* Where the last frame put the tabs and the list, for mouse clicks. */
struct ui_geometry {
	int tab_x[UI_NPANES + 1]; /* tab i spans [tab_x[i], tab_x[i + 1]) */
	int list_y, list_h;	  /* the list's header row and height */
};

struct ui {
	struct store *store;
	struct jobs *jobs; /* NULL in unit tests: no loads */
	struct store_snapshot *snap;
	struct pane *panes[UI_NPANES];
	int cur; /* current pane */
	struct ui_crumb stack[UI_MAX_DEPTH];
	int depth;
	/* Everything modal, bottom first, over the panes (layer.h). */
	struct ui_layer layers[UI_MAX_LAYERS];
	int nlayers;
	struct ui_prompt prompt;
	struct ui_account_hooks account;
	bool quit_no_account; /* the start-up picker was closed */
	char status[2048];    /* may span lines ('\n'); wrapped */
	enum theme_role status_role;
	unsigned dirty;
	bool quit;
	struct ui_options opts;	 /* start-up choices, fixed while running */
	double refresh_retry_ms; /* monotonic ms: next try after a failed load */
	struct ui_pending pending; /* a command awaiting its confirmation */
	struct ui_info info;
	struct theme theme;
	int keymap[UI_MAX_KEYS];   /* key code -> command index + 1 (0: none) */
	unsigned long spin;	   /* spinner frame */
	struct script_waits waits; /* what a script waits for */
	/* on-call (issue 5); every pointer may be NULL (unit tests) */
	struct health_model *health; /* live health model, not owned */
	struct poller *poller;	     /* the health poller, not owned */
	struct journal *journal;     /* mutation journal, not owned */
	const struct health_snapshot
		*hsnap;	       /* acquired; NULL before the first */
	struct oncall *oncall; /* on-call tasks in flight (oncall_tasks.c) */
	struct wizard *wizard; /* the setup wizard (wizard.c), or NULL */
	struct res_state *res; /* resource forms and deletes (res*.c) */
	const struct config_profile *profile; /* protected zones; may be NULL */
	bool show_events;	 /* Health pane: event log below the list */
	char *focus_key;	 /* pool ids last sent to poller_set_focus */
	void *timing_log;	 /* FILE * of CFCONSOLE_TIMING or NULL */
	struct ui_geometry geom; /* the last frame's, for mouse clicks */
	struct lines scratch;
};

/* Initialises ui (panes, default key map; nothing loaded). store must
 * outlive ui; jobs may be NULL. */
void ui_init(struct ui *ui, struct store *store, struct jobs *jobs);

/* Frees what ui owns (not store/jobs). */
void ui_free(struct ui *ui);

/* Sets the status line (printf-style) with role. */
void ui_status(struct ui *ui, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The current pane. */
struct pane *ui_pane(struct ui *ui);

/*
 * Switches to pane index i, choosing its scope from the selections of the
 * other panes when it needs one (DNS/LBs: selected zone; origins: selected
 * pool) and queuing the loads it needs. push: remember where we were (Esc
 * goes back). Returns false with a status message when it cannot.
 */
bool ui_show(struct ui *ui, int i, const char *scope_id,
	     const char *scope_label, bool push);

/*
 * After an account switch (the store was reset and ui->jobs re-pointed):
 * forgets the breadcrumb, every pane's scope, filter and selection, closes
 * the viewer, takes the new snapshot and queues the loads the current pane
 * needs, plus zones, pools and monitors (names resolve everywhere).
 */
void ui_reset_account(struct ui *ui);

/* Goes back one breadcrumb step; false at the top. */
bool ui_back(struct ui *ui);

/* Drills into the selected object (zone -> DNS, LB -> pools, pool ->
 * origins). */
bool ui_enter(struct ui *ui);

/*
 * Drains the completion queue (store_completions): takes the newest
 * snapshot when the store moved on, the newest health snapshot, and hands
 * finished tasks and the account list to whoever waits for them; then
 * checks what waits on the screen (a question closed unanswered, the
 * wizard following the lists). True when the screen changed.
 */
bool ui_sync(struct ui *ui);

/* Loads the current pane from the snapshot when it is stale. */
void ui_load_current(struct ui *ui);

/* Queues loads of what the current pane needs (force: even when loaded). */
void ui_request(struct ui *ui, bool force);

/* True while something the user waits for is loading (spinner). */
bool ui_busy(const struct ui *ui);

/*
 * True while the header moves with the clock by itself: the request budget
 * refilling, a 429's wait, the poller backing off or starting. The display
 * then redraws once a second, so what the header says is what the bucket
 * holds now. UI thread only.
 */
bool ui_header_moving(struct ui *ui);

/* Lists with more objects than this refresh only on r: re-reading a
 * 100,000-record zone every poll_interval costs more than it shows. */
#define UI_AUTO_REFRESH_MAX 5000

/*
 * The ui.poll_interval refresh of the list on screen. ui_refresh_in_ms()
 * says how long until it is due: -1 never (off, the Health pane, whose
 * rows the poller refreshes, a list still loading or too big, a dialog
 * or prompt open), 0 now. ui_refresh_auto() queues the reload when due
 * (it keeps the rows and the selection meanwhile) and returns true if it
 * did. UI thread only.
 */
long ui_refresh_in_ms(const struct ui *ui, double now_mono_ms);
bool ui_refresh_auto(struct ui *ui, double now_mono_ms);

/* Shows every field of the selected object in the viewer; false when
 * nothing is selected. */
bool ui_describe(struct ui *ui);

/* Opens the viewer with a title (copied) and takes text's lines
 * (viewer.c). */
void ui_viewer_open(struct ui *ui, const char *title, struct lines *text);

/* What the keys go to: the prompt, the viewer, or the panes (read from
 * the layer stack; the wizard, forms, picker and dialog are asked by
 * their own *_is_open). */
enum ui_mode ui_mode(const struct ui *ui);

/* Rows the status area takes at the bottom of a width x height frame (1
 * unless a long message wraps). */
int ui_status_rows(const struct ui *ui, int width, int height);

/* Builds the whole frame as lines (height rows of width columns): used by
 * display.c and by tests. */
void ui_compose(struct ui *ui, int width, int height, struct lines *out);

#endif
