/* dialog.h: modal questions drawn over the frame: y/n (default no), or a name typed to confirm; sized to the terminal, text wrapped, scrollable. */
#ifndef CFCONSOLE_UI_DIALOG_H
#define CFCONSOLE_UI_DIALOG_H

#include <stdbool.h>

#include "ui/line.h"

struct ui;

/* Called once with the answer; returns enum cmd_reaction flags. */
typedef unsigned (*dialog_fn)(struct ui *ui, bool yes, void *ud);

/*
 * A question. Every string is copied; only `ud` is passed through (the
 * dialog does not own it).
 *
 * The default answer is always "no": Esc, ^G (and n or q in a y/n
 * question) answer no, and so does a dialog closed by anything else.
 *  - y/n (expect NULL): y answers yes. Enter answers yes only with
 *    enter_yes (harmless questions such as quitting); otherwise Enter and
 *    every other key are ignored, so a key typed out of habit never
 *    confirms. The box says which.
 *  - typed (expect set, e.g. an origin's or a protected zone's name): the
 *    user types it exactly and presses Enter; y and n are just text there.
 * The box is as wide as its text needs, up to the terminal's width less a
 * margin (and a readable maximum); the text wraps at spaces, and when it
 * is taller than the terminal the body scrolls (arrows, PgUp/PgDn; also
 * j/k in a y/n question), so nothing is ever cut off.
 */
struct dialog_spec {
	const char *title;  /* NULL: "Confirm" */
	const char *text;   /* body; '\n' separates paragraphs */
	const char *expect; /* NULL: a y/n question */
	bool enter_yes;	    /* y/n only: Enter answers yes */
	dialog_fn fn;	    /* may be NULL */
	void *ud;
};

/* Opens spec over the current screen. Replaces an open dialog, which is
 * answered "no" first. UI thread. */
void dialog_ask(struct ui *ui, const struct dialog_spec *spec);

/*
 * Shorthand for dialog_ask with enter_yes false: y/n when expect is NULL,
 * else type `expect` to confirm. UI thread.
 */
void dialog_confirm(struct ui *ui, const char *title, const char *text,
		    const char *expect, dialog_fn fn, void *ud);

/* True while a dialog is open. */
bool dialog_open(const struct ui *ui);

/* The open dialog's state (tests), or NULL. A dialog is a layer
 * (layer.h): it takes every key while open and draws its box centred over
 * the frame, the header row left visible when the height allows. */
const struct ui_dialog *dialog_current(const struct ui *ui);

/* Replaces columns [x, x + width of b) of frame line l with box line b
 * (other modal boxes draw with it too). */
void dialog_overlay(struct line *l, int x, const struct line *b);

/* Closes an open dialog without answering (a viewer opening, shutdown). */
void dialog_free(struct ui *ui);

/* Widest box dialog_compose draws, in columns: wider lines of text are
 * harder to read than wrapped ones. */
#define DIALOG_MAX_WIDTH 100

#endif
