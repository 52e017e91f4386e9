/* keys.h: input: dispatching keys by mode, and tig-style key scripts (CFCONSOLE_SCRIPT). */
#ifndef CFCONSOLE_UI_KEYS_H
#define CFCONSOLE_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

/*
 * Handles one key. `fkey` is true for curses function keys (KEY_DOWN ...,
 * codes >= 0401), false for characters (key is a Unicode code point).
 * Dispatches to the prompt in command/filter mode, else through the key
 * map to the command table. Returns enum cmd_reaction flags. UI thread.
 */
unsigned keys_handle(struct ui *ui, int key, bool fkey);

/* A key script: lines of keys ("jj<Enter>", "<Esc>", "/api") or
 * ":commands"; '#' starts a comment line. */
struct keys_script;

enum keys_item {
	KEYS_END = 0, /* no more input */
	KEYS_KEY,     /* *key (and *fkey) set */
	KEYS_COMMAND, /* cmd holds the command line (without ':') */
	KEYS_ERROR,   /* cmd holds a message (bad <Name>) */
};

/* Opens path; NULL with a message in err on failure. */
struct keys_script *keys_script_open(const char *path, char *err, size_t size);

/* The next item. */
enum keys_item keys_script_next(struct keys_script *s, int *key, bool *fkey,
				char *cmd, size_t size);

/* Closes the script. NULL no-op. */
void keys_script_close(struct keys_script *s);

#endif
