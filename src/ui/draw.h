/* draw.h: the only place theme roles become curses attributes: attributed lines to the screen. */
#ifndef CFCONSOLE_UI_DRAW_H
#define CFCONSOLE_UI_DRAW_H

#include <stdbool.h>

#include "cfconsole/theme_def.h"
#include "ui/line.h"

/*
 * Maps every role of t to a curses attribute for the terminal's colour
 * depth (256 / 16 / 8 colours, or mono_attrs when mono or the terminal has
 * no colour). Safe to call before the screen starts (it then only records
 * t); draw_start() applies it. UI thread.
 */
void draw_theme(const struct theme *t, bool mono);

/* Called once curses is up: starts colour and applies the last theme. */
void draw_start(void);

/* Draws ls from the top row of the screen, one line per row, clipped to
 * the screen width; rows past ls are cleared. UI thread. */
void draw_lines(const struct lines *ls);

#endif
