/* layer.h: the stack of modal layers over the list pane (viewer, wizard and resource screens, prompt, picker, dialog): keys, frames, clicks and the cursor go through it. */
#ifndef CFCONSOLE_UI_LAYER_H
#define CFCONSOLE_UI_LAYER_H

#include <stdbool.h>

#include "ui/commands.h"
#include "ui/line.h"

struct ui;

#define UI_MAX_LAYERS 8

/*
 * Where a layer sits. A layer is pushed above every layer of its rank or
 * lower and below every higher one, so a layer that opens on its own (the
 * account list arriving, a save finishing) never covers a question the
 * user is answering, and a screen opened from the viewer covers it.
 */
enum layer_rank {
	LAYER_RANK_VIEWER = 10, /* help, raw JSON: over the list area */
	LAYER_RANK_SCREEN = 20, /* wizard, resource forms: below the header */
	LAYER_RANK_PROMPT = 30, /* ':' and '/' on the bottom row */
	LAYER_RANK_PICKER = 40, /* the account picker's box */
	LAYER_RANK_DIALOG = 50, /* a question's box */
};

/* A key or click a layer leaves to the layer below it (or the panes). */
#define LAYER_PASS CMD_PASS

/*
 * What a layer supplies (htop's ScreenManager, tmux's modes). Every hook
 * runs on the UI thread and may be NULL. self is what ui_layer_push was
 * given: the layer's own state, or NULL for a layer whose state outlives
 * it (the wizard's setup, the resource forms' saves).
 */
struct layer_ops {
	const char *name;
	enum layer_rank rank;
	/* Draws every row below the header: the layers under it (and the
	 * panes) are not composed at all while it is open. */
	bool opaque;
	/* Draws over the panes' title, list and detail rows (the viewer):
	 * the panes compose only their header, tabs and status area. */
	bool body;
	/* A key (fkey as in keys_handle): enum cmd_reaction flags, or
	 * LAYER_PASS for the layer below. NULL passes every key. */
	unsigned (*key)(struct ui *ui, void *self, int key, bool fkey);
	/*
	 * Draws the layer into frame, which holds the header row (opaque:
	 * append height - 1 rows) or the whole frame of height rows
	 * (others: draw over the rows already there).
	 */
	void (*compose)(struct ui *ui, void *self, int width, int height,
			struct lines *frame);
	/* A left click at screen cell (x, y): enum cmd_reaction flags, or
	 * LAYER_PASS. NULL ignores clicks (the layer stays modal). */
	unsigned (*click)(struct ui *ui, void *self, int x, int y, bool dbl);
	/* Where the terminal cursor goes in a frame of width x height: true
	 * with *y, *x set; false hides it. Asked of the top layer that has
	 * the hook. */
	bool (*cursor)(struct ui *ui, void *self, int width, int height, int *y,
		       int *x);
	/* Frees self when the layer is popped (or the UI freed). */
	void (*free)(void *self);
};

/* One entry of the stack (struct ui.layers). */
struct ui_layer {
	const struct layer_ops *ops;
	void *self;
};

/*
 * Pushes ops with self (owned by the layer from now on: ops->free frees it
 * when popped) at its rank. A layer of the same ops already open is
 * popped first, so each kind is open at most once. Aborts through
 * line_oom() past UI_MAX_LAYERS, which the ranks make impossible.
 */
void ui_layer_push(struct ui *ui, const struct layer_ops *ops, void *self);

/* Pops the layer of ops wherever it is in the stack (its free hook runs);
 * false when it was not open. */
bool ui_layer_pop(struct ui *ui, const struct layer_ops *ops);

/* True while a layer of ops is open. */
bool ui_layer_has(const struct ui *ui, const struct layer_ops *ops);

/* The self of the open layer of ops, or NULL (not open, or no self). */
void *ui_layer_self(const struct ui *ui, const struct layer_ops *ops);

/* The top layer's ops, or NULL when only the panes are showing. */
const struct layer_ops *ui_layer_top(const struct ui *ui);

/* A click hook for a layer over the list that leaves the tab row live
 * (the viewer, the prompt): y 1 passes, the rest is swallowed. */
unsigned layer_click_tabs(struct ui *ui, void *self, int x, int y, bool dbl);

/* Pops every layer (ui_free). */
void ui_layers_free(struct ui *ui);

/* Gives a key to the layers from the top down: the first that does not
 * pass it answers; *taken is false when every layer passed (the panes'
 * command table gets it). Returns enum cmd_reaction flags. */
unsigned ui_layers_key(struct ui *ui, int key, bool fkey, bool *taken);

/* The same for a click. */
unsigned ui_layers_click(struct ui *ui, int x, int y, bool dbl, bool *taken);

/* The index of the lowest layer to compose: the top opaque one, or 0 (and
 * *opaque false: the panes are composed under the layers). */
int ui_layers_base(const struct ui *ui, bool *opaque);

/* True when a layer from the base up covers the panes' body. */
bool ui_layers_cover_body(const struct ui *ui);

/* Composes layers from index first up, in order, into frame. */
void ui_layers_compose(struct ui *ui, int first, int width, int height,
		       struct lines *frame);

/* The cursor of the top layer that places one (false: hidden). */
bool ui_layers_cursor(struct ui *ui, int width, int height, int *y, int *x);

#endif
