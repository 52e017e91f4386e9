/* edit.h: one small UTF-8 line editor (cursor, insert, delete, words) for the text fields of forms and the wizard's prompts. */
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

struct edit {
	char buf[EDIT_MAX];
	size_t len;   /* bytes */
	size_t cur;   /* byte offset of the cursor */
};

/* What a key did. */
enum edit_result {
	EDIT_IGNORED = 0,  /* not an editing key */
	EDIT_MOVED,        /* the cursor moved; the text is the same */
	EDIT_CHANGED,      /* the text changed */
};

/* Replaces the text (cut at EDIT_MAX - 1 bytes on a character boundary)
 * and puts the cursor at its end. NULL is "". */
void edit_set(struct edit *e, const char *text);

/*
 * Handles one key: a printable character is inserted at the cursor;
 * Backspace (127, ^H, KEY_BACKSPACE) and Delete (KEY_DC, ^D) remove one
 * character; Left/Right (and ^B/^F) move by a character; Home/End (and
 * ^A/^E) to the ends; ^U clears the line, ^K cuts to the end, ^W removes
 * the word before the cursor. Other keys: EDIT_IGNORED.
 */
enum edit_result edit_key(struct edit *e, int key, bool fkey);

/* The text (NUL-terminated, owned by e). */
const char *edit_text(const struct edit *e);

/* Display columns before the cursor. */
int edit_cursor_col(const struct edit *e);

#endif
