/* form_view.h: draws any step of a struct form as attributed lines and turns keys and clicks into form_* calls (the wizard's screens; the resource forms reuse it). */
#ifndef CFCONSOLE_UI_FORM_VIEW_H
#define CFCONSOLE_UI_FORM_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/form.h"
#include "cfconsole/plan.h"
#include "ui/line.h"

/*
 * The model (values, validation, dependencies) is core's struct form; this
 * view only draws what the form says and feeds it keys, so it is tested as
 * text with no terminal.
 *
 * Why not ncurses' form library (formw): every frame here is composed as
 * attributed lines (ui_compose) and only draw.c puts them on the screen;
 * the headless screen tests read that frame. formw owns its own windows,
 * field buffers and input driver (form_driver), so fields would be drawn
 * outside the frame, by another layer, and its input loop would fight the
 * console's key dispatch and scripts. A small UTF-8 line editor (edit.c)
 * per focused text field does what formw would, inside the frame.
 *
 * Layout of a step: one row per field -- label, value, and its one-line
 * hint, or "✖ reason" when it is invalid (validated as typed), or "!"
 * with a warning -- with the focused field marked "▸". The focused
 * field opens up below its row: a choice lists every value with its
 * explanation, a pick-list every object with its order, a map its entries
 * and a line to add one. Tables (origins) are drawn as a grid with a
 * reason line under a row whose cell is invalid. Below the list, the
 * focused field's whole hint, reason and keys, wrapped. The list scrolls
 * to keep the focus on screen.
 *
 * Keys: Tab/Shift-Tab next/previous field (cell by cell in tables);
 * Down/Up likewise (in a table: the same column of the next/previous
 * row); typed text edits text and number fields in place (←/→, Home/End,
 * Backspace, Delete, ^U, ^K, ^W); Space toggles a boolean; ←/→ (or Space)
 * cycle a choice; in a table, Insert adds a row, ^X removes the row,
 * ^P/^N move it up/down (a, d, K, J too on a non-text cell); in a
 * pick-list ←/→ choose, Space picks/unpicks, ^P/^N (K/J) reorder; in a
 * map, type KEY=pool,pool and Enter (KEY= removes the key). Enter (and n
 * where letters are not text) asks for the next step, b the previous one;
 * PgDn/PgUp do both everywhere.
 */

struct form_view;

/* A new view (no field focused yet). NULL only on out-of-memory. */
struct form_view *form_view_new(void);

/* Frees v. NULL is a no-op. */
void form_view_free(struct form_view *v);

/* Forgets the scroll position and the editor (a new step, a new form). */
void form_view_reset(struct form_view *v);

struct form_view_ctx {
	/* More issues to show by their fields, e.g. names that already exist
	 * (plan_check_store, plan_check_online), or NULL. Errors are shown
	 * like the form's own reasons; warnings with "!". */
	const struct plan_issues *extra;
};

/*
 * Draws the form's current step into exactly `height` lines of `width`
 * columns appended to out (the field list, then the focused field's
 * detail). Updates v's scroll position and click map. UI thread.
 */
void form_view_render(struct form_view *v, struct form *f,
		      const struct form_view_ctx *ctx, int width, int height,
		      struct lines *out);

/* What a key asks of the caller. */
enum form_view_action {
	FV_IGNORED = 0, /* not a form key: the caller may use it */
	FV_HANDLED,	/* the form or the view changed: redraw */
	FV_NEXT,	/* Enter / n / PgDn: go to the next step */
	FV_BACK,	/* b / PgUp: go back a step */
};

/* Handles one key (fkey as in keys_handle). UI thread. */
enum form_view_action form_view_key(struct form_view *v, struct form *f,
				    int key, bool fkey);

/*
 * True while the focused field takes typed characters (text, numbers, the
 * zone, a map's entry line): letters are text then, not commands, so a
 * caller binds its own letter keys only when this is false.
 */
bool form_view_typing(struct form_view *v, struct form *f);

/* Why the focused field is invalid as the view shows it (a map's entry
 * line included), or NULL. Owned by v or f; valid until the next edit. */
const char *form_view_why(struct form_view *v, struct form *f);

/* The label of field id of f for messages ("Address of row 2"), into
 * buf. */
void form_view_field_name(const struct form *f, const char *id, char *buf,
			  size_t size);

/*
 * A click at row y (0 = the first line the last render drew) focuses the
 * field or cell drawn there. True when it focused something.
 */
bool form_view_click(struct form_view *v, struct form *f, int x, int y);

/*
 * The focus after a refused Next: form_next has put it on the first
 * invalid field; the view scrolls there and reloads its editor (also done
 * by the next render). UI thread.
 */
void form_view_sync(struct form_view *v, struct form *f);

#endif
