/* dialog.h: modal confirmation dialogs (yes/no, or type a name to confirm) drawn over the frame. */
#ifndef CFCONSOLE_UI_DIALOG_H
#define CFCONSOLE_UI_DIALOG_H

#include <stdbool.h>

#include "ui/line.h"

struct ui;

/* Called once with the answer; returns enum cmd_reaction flags. */
typedef unsigned (*dialog_fn)(struct ui *ui, bool yes, void *ud);

/*
 * Opens a confirmation over the current screen. text is the body (lines
 * separated by '\n'). With `expect` (e.g. a protected zone's name) the
 * user must type it exactly before Enter confirms; otherwise y/Enter
 * confirm. n/Esc/q (and ^G) cancel. fn gets the answer; ud is passed
 * through (the dialog does not own it). Replaces an open dialog, which is
 * answered "no" first. UI thread.
 */
void dialog_confirm(struct ui *ui, const char *title, const char *text,
		    const char *expect, dialog_fn fn, void *ud);

/* True while a dialog is open. */
bool dialog_open(const struct ui *ui);

/* Handles a key while a dialog is open (fkey as in keys_handle). Returns
 * enum cmd_reaction flags. */
unsigned dialog_key(struct ui *ui, int key, bool fkey);

/* Draws the open dialog over frame (width x height lines), centred. */
void dialog_compose(struct ui *ui, int width, int height,
		    struct lines *frame);

/* Replaces columns [x, x + width of b) of frame line l with box line b
 * (other modal boxes draw with it too). */
void dialog_overlay(struct line *l, int x, const struct line *b);

/* Frees an open dialog without answering (shutdown). */
void dialog_free(struct ui *ui);

#endif
