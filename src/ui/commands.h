/* commands.h: the one command table behind key bindings, the ':' prompt, '?' help, key overrides and the man page. */
#ifndef CFCONSOLE_UI_COMMANDS_H
#define CFCONSOLE_UI_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/config.h"

struct ui;

/* Command flags. */
enum cmd_flag {
	CMD_NEEDS_SELECTION = 1u << 0, /* acts on the selected row */
	CMD_CONFIRM = 1u << 1,	       /* asks before acting */
	CMD_MUTATES = 1u << 2, /* changes the account: hidden when readonly */
	CMD_ARGS = 1u << 3,    /* takes arguments after the name */
	CMD_SCRIPT = 1u << 4,  /* for scripts and tests (help lists it last) */
};

/* What a handler asks the main loop to do (htop Htop_Reaction). */
enum cmd_reaction {
	CMD_OK = 0,
	CMD_REDRAW = 1u << 0,
	CMD_QUIT = 1u << 1,
	CMD_FAILED = 1u << 2, /* the status line says why */
	/* Not handled here: the next handler down takes it (a layer's key
	 * or click: layer.h; a pane's request: pane_ops.request). */
	CMD_PASS = 1u << 30,
};

struct pane_ops;

typedef unsigned (*cmd_fn)(struct ui *ui, const char *args);

struct command {
	const char *name;  /* ":name" */
	const char *alias; /* short ":alias" or NULL */
	const char *key;   /* default key spec (config_key_parse) or NULL */
	const char *key2;  /* second default key or NULL */
	const char *help;  /* one line */
	unsigned flags;	   /* enum cmd_flag */
	cmd_fn fn;	   /* what it does, unless pane is set */
	/* Or: the pane it shows (its tab key and :name); exactly one of fn
	 * and pane is set. Its argument, if the pane takes one, is a zone. */
	const struct pane_ops *pane;
};

extern const struct command cmd_table[];
extern const size_t cmd_count;

/* The command called name or alias (exact), or NULL. */
const struct command *cmd_lookup(const char *name);

/*
 * Fills ui->keymap from the table's default keys, then applies overrides
 * (may be NULL/0) from the config's keys group. Readonly drops MUTATES
 * commands. Returns false with err filled ("FILE:LINE: unknown command
 * 'x' in keys") on an unknown command; the map is then the defaults.
 */
bool cmd_keymap_build(struct ui *ui, const struct config_key_binding *keys,
		      size_t nkeys, const char *file, struct config_error *err);

/* The command bound to key, or NULL. */
const struct command *cmd_for_key(const struct ui *ui, int key);

/*
 * Runs a ':' command line ("dns example.com", "q", "theme dark"). Unknown
 * commands, arguments given to a command without CMD_ARGS, MUTATES in
 * readonly mode and NEEDS_SELECTION without one set a status message and
 * return CMD_FAILED.
 */
unsigned cmd_execute(struct ui *ui, const char *line);

/* Runs command c (after the same checks as cmd_execute). */
unsigned cmd_run(struct ui *ui, const struct command *c, const char *args);

/* What Tab completion found, for the prompt to show and cycle through. */
struct cmd_cands {
	char text[4096]; /* the candidates, each followed by a NUL, in the
			     order they are offered (a column title may hold
			     a space) */
	size_t n;	 /* candidates in text */
	size_t more;	 /* candidates that did not fit in text */
	size_t word;	 /* byte offset in the line of the completed word */
};

/*
 * Completes the command line in buf (size bytes): the command name, or for
 * commands taking a zone/pane/theme/column the argument. On a unique match
 * completes it (plus a space after a command name); on several, completes
 * the common prefix. out (may be NULL) gets every candidate and where the
 * word starts. Returns the number of candidates. UI thread.
 */
size_t cmd_complete(const struct ui *ui, char *buf, size_t size,
		    struct cmd_cands *out);

/* The i-th candidate in c (i < c->n). */
const char *cmd_cand(const struct cmd_cands *c, size_t i);

/* Appends the help text (generated from the table, bound keys) to out. */
struct lines;
void cmd_help(const struct ui *ui, struct lines *out);

#endif
