/* viewer.h: the text viewer (help, raw JSON, events, the journal): a layer over the list area, scrolled with the list's keys. */
#ifndef CFCONSOLE_UI_VIEWER_H
#define CFCONSOLE_UI_VIEWER_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/line.h"

struct ui;

/* The viewer layer's state. */
struct ui_viewer {
	char *title;
	struct lines text;
	size_t top;
	int h; /* text rows at the last draw (paging) */
};

/*
 * Opens the viewer over the list with a title (copied) and takes text's
 * lines (text is left empty). Replaces an open viewer, and closes an
 * open dialog unanswered. UI thread.
 */
void viewer_open(struct ui *ui, const char *title, struct lines *text);

/* Closes the viewer; false when it was not open. */
bool viewer_close(struct ui *ui);

/* True while the viewer is open. */
bool viewer_is_open(const struct ui *ui);

/* The open viewer's state (tests), or NULL. */
const struct ui_viewer *viewer_current(const struct ui *ui);

#endif
