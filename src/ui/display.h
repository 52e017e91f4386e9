/* display.h: owns the curses screen and runs the UI loop (poll on the terminal and the store's self-pipe). */
#ifndef CFCONSOLE_UI_DISPLAY_H
#define CFCONSOLE_UI_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

struct display_options {
	bool no_display;    /* newterm() on /dev/null (CFCONSOLE_NO_DISPLAY) */
	const char *script; /* CFCONSOLE_SCRIPT: keys and :commands */
	bool mouse;	    /* enable mouse clicks */
	const char *timing_log; /* CFCONSOLE_TIMING: append frame timings */
	double start_ms;	/* CLOCK_MONOTONIC ms when the program
	                             started (timings), 0 = display_start */
};

/*
 * Starts curses (on the terminal, or on /dev/null for tests, with LINES and
 * COLUMNS from the environment), applies ui->theme, opens the script.
 * Returns false with a message in err (nothing to undo). UI thread.
 */
bool display_start(struct ui *ui, const struct display_options *o, char *err,
		   size_t size);

/*
 * Runs until a command quits, the script ends, or SIGINT/SIGTERM/SIGHUP.
 * Sleeps in poll() without a timeout when nothing animates. Returns 0, or
 * 1 when a script step failed.
 */
int display_run(struct ui *ui);

/* Restores the terminal. Safe to call twice and before display_start. */
void display_end(void);

/* Writes the screen as text (trailing blanks trimmed) to path. Redraws
 * first. Returns false with a status message on failure. */
bool display_save(struct ui *ui, const char *path);

#endif
