/* prompt.h: the ':' command line and the '/' filter line (editing, history, completion, live filter). */
#ifndef CFCONSOLE_UI_PROMPT_H
#define CFCONSOLE_UI_PROMPT_H

#include <stdbool.h>

struct ui;

struct line;

/*
 * Opens the ':' prompt (filter false; the history starts from the newest
 * line) or the '/' filter as a layer on the bottom row, with text (NULL:
 * empty) in the line; closes the viewer. While open it takes every key
 * (fkey as in keys_handle). Enter runs the command / keeps the filter, Esc
 * cancels (a filter is cleared), Tab completes commands and arguments (the
 * common part; with several candidates they are listed above the prompt
 * and each further Tab, or Shift-Tab backwards, puts the next one in the
 * line), Up/Down recall history, Backspace/^U/^W/Left/Right/^A/^E edit.
 * The filter applies as it is typed. Returns enum cmd_reaction flags. UI
 * thread.
 */
void prompt_open(struct ui *ui, bool filter, const char *text);

/* Closes the prompt as it is (the line stays in the editor); false when
 * it was not open. */
bool prompt_close(struct ui *ui);

/* True while the ':' or '/' prompt is open (ui->prompt.filter says which). */
bool prompt_is_open(const struct ui *ui);

/*
 * While a Tab's candidates are current (the ':' prompt is open and the
 * line is as that Tab left it), replaces l with the candidate line, width
 * columns (the chosen one in the selection role, "<" / ">" where more are
 * off screen, "no completion" when nothing matched) and returns true; else
 * leaves l alone and returns false. UI thread.
 */
bool prompt_compose_cands(const struct ui *ui, int width, struct line *l);

#endif
