/* theme.h: the console's live theme: loading by name and switching on screen. */
#ifndef CFCONSOLE_UI_THEME_H
#define CFCONSOLE_UI_THEME_H

#include <stdbool.h>

struct ui;

/*
 * Loads theme `name` (a name or a path; see theme_load) into ui->theme and,
 * when the screen is up, applies it at once. On failure the current theme
 * stays and the status line says why (FILE:LINE for a broken file).
 * Returns true on success. UI thread.
 */
bool ui_theme_set(struct ui *ui, const char *name);

#endif
