/* prompt.h: the ':' command line and the '/' filter line (editing, history, completion, live filter). */
#ifndef CFCONSOLE_UI_PROMPT_H
#define CFCONSOLE_UI_PROMPT_H

#include <stdbool.h>

struct ui;

/*
 * Handles one key while ui->mode is UI_MODE_COMMAND or UI_MODE_FILTER
 * (fkey as in keys_handle). Enter runs the command / keeps the filter, Esc
 * cancels (a filter is cleared), Tab completes commands and arguments,
 * Up/Down recall history, Backspace/^U/^W/Left/Right/^A/^E edit. The filter
 * applies as it is typed. Returns enum cmd_reaction flags. UI thread.
 */
unsigned prompt_key(struct ui *ui, int key, bool fkey);

#endif
