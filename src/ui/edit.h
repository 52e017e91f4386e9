/* edit.h: the console's one UTF-8 line editor (cursor, insert, delete, words, optional history): form fields, the : and / prompt, typed confirmations, the account filter. */
#ifndef CFCONSOLE_UI_EDIT_H
#define CFCONSOLE_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A line of UTF-8 text with a cursor (a byte offset on a character
 * boundary). Pure: no curses, no globals; forms draw it as attributed text
 * and feed it the keys keys_handle gets (Unicode code points, or curses
 * function keys with fkey).
 */
#define EDIT_MAX 1024

/* How an editor behaves (edit_init); 0 is a form field's. */
enum edit_flag {
	/* No cursor motion: the cursor stays at the end (a typed name, a
	 * filter); motions and ^D/^K are EDIT_IGNORED. */
	EDIT_APPEND = 1u << 0,
	/* ^U cuts only what is before the cursor (the shell's ^U) instead
	 * of the whole line. */
	EDIT_KILL_BACK = 1u << 1,
};

struct edit {
	char buf[EDIT_MAX];
	size_t len;	/* bytes */
	size_t cur;	/* byte offset of the cursor */
	unsigned flags; /* enum edit_flag */
};

/* Empties e and sets its flags (a zeroed struct edit is an empty editor
 * with flags 0). */
void edit_init(struct edit *e, unsigned flags);

/* What a key did. */
enum edit_key_result {
	EDIT_IGNORED = 0, /* not an editing key */
	EDIT_MOVED,	  /* the cursor moved; the text is the same */
	EDIT_CHANGED,	  /* the text changed */
};

/* Replaces the text (cut at EDIT_MAX - 1 bytes on a character boundary)
 * and puts the cursor at its end; the flags stay. NULL is "". */
void edit_set(struct edit *e, const char *text);

/*
 * Handles one key: a printable character is inserted at the cursor;
 * Backspace (127, ^H, KEY_BACKSPACE) and Delete (KEY_DC, ^D) remove one
 * character; Left/Right (and ^B/^F) move by a character; Home/End (and
 * ^A/^E) to the ends; ^U clears the line (EDIT_KILL_BACK: up to the
 * cursor), ^K cuts to the end, ^W removes the word before the cursor.
 * Other keys: EDIT_IGNORED.
 */
enum edit_key_result edit_key(struct edit *e, int key, bool fkey);

/* The text (NUL-terminated, owned by e). */
const char *edit_text(const struct edit *e);

/* Display columns before the cursor. */
int edit_cursor_col(const struct edit *e);

/* ---- history (optional: the ':' prompt) ---------------------------------- */

#define EDIT_HISTORY_MAX 32

/*
 * Lines entered before, oldest first, and where Up/Down are in them (pos
 * == n: the new line). A zeroed struct is empty; free with
 * edit_history_free.
 */
struct edit_history {
	char *lines[EDIT_HISTORY_MAX];
	int n;
	int pos;
};

/* Remembers line (not an empty one, nor the newest again; the oldest goes
 * when full) and rewinds pos to the new line. */
void edit_history_add(struct edit_history *h, const char *line);

/* Back to the new line (pos = n): a prompt is opened. */
void edit_history_rewind(struct edit_history *h);

/* Up (delta -1) / Down (+1): puts that line in e (the new line is "").
 * False, e unchanged, past either end. */
bool edit_history_move(struct edit_history *h, struct edit *e, int delta);

/* Frees every line; h is empty afterwards. */
void edit_history_free(struct edit_history *h);

#endif
