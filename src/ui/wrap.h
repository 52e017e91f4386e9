/* wrap.h: word-wrapping text into attributed lines of a given width (dialogs, the status area). */
#ifndef CFCONSOLE_UI_WRAP_H
#define CFCONSOLE_UI_WRAP_H

#include <stddef.h>

#include "ui/line.h"

/*
 * Appends text to out as lines at most `width` display columns wide (width
 * below 1 counts as 1). Every '\n'-separated paragraph is broken at
 * spaces; a word wider than the line is cut where it must be. A
 * continuation keeps its paragraph's leading indentation (up to half the
 * width), so "  origin a: ..." stays visibly one item. An empty paragraph
 * is an empty line; a trailing '\n' adds nothing. Returns the number of
 * lines appended. NULL text appends nothing. Pure (UI thread or tests).
 */
size_t wrap_text(struct lines *out, enum theme_role role, const char *text,
		 int width);

/* How many lines wrap_text would append (nothing is appended). */
size_t wrap_count(const char *text, int width);

/* Display width of the widest '\n'-separated paragraph of text. */
int wrap_widest(const char *text);

#endif
