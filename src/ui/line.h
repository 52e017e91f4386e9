/* line.h: attributed line buffers: UTF-8 text runs tagged with theme roles (no curses). */
#ifndef CFCONSOLE_UI_LINE_H
#define CFCONSOLE_UI_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/theme_def.h"

/*
 * Panes and dialogs write what they show into a struct line, never into a
 * WINDOW: draw.c alone maps the roles to curses attributes. So pane output
 * is testable as plain text (line_text) and themes stay pure data.
 */
struct line_run {
	enum theme_role role;
	size_t off, len; /* byte range of text */
};

struct line {
	char *text; /* NUL-terminated UTF-8 */
	size_t len, cap;
	struct line_run *runs;
	size_t nruns, rcap;
	int width; /* display columns of text */
	/* Detail areas: a `wrap` line wider than the area continues on the
	 * next lines (at spaces), indented by `indent` columns, instead of
	 * being cut (lines_wrap); a `keep` line is one the area grows to
	 * show. Both false after lines_add / line_reset. */
	bool wrap, keep;
	int indent;
};

/*
 * Out of memory in the UI: xmem_fail() (xmem.h), the one fatal path: the
 * handler display.c registers restores the terminal, then it aborts.
 */
void line_oom(void) __attribute__((noreturn));

/* Empties l, keeping its buffers. */
void line_reset(struct line *l);

/* Frees what l owns and zeroes it. NULL no-op. */
void line_free(struct line *l);

/* Appends s (UTF-8; control characters become '?') with role. */
void line_add(struct line *l, enum theme_role role, const char *s);

/* printf-style line_add. */
void line_addf(struct line *l, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Appends s as a cell exactly `width` display columns wide: truncated with
 * '~' when too long, padded with spaces (right-aligned when right). NULL s
 * is an empty cell.
 */
void line_add_cell(struct line *l, enum theme_role role, const char *s,
		   int width, bool right);

/* Cuts l to at most width display columns. */
void line_truncate(struct line *l, int width);

/* Appends src's runs to dst (roles kept) while dst is narrower than
 * width, the last one cut to fit. */
void line_append_fit(struct line *dst, const struct line *src, int width);

/* Appends n spaces with role. */
void line_pad(struct line *l, enum theme_role role, int n);

/* Display width of a UTF-8 string (invalid bytes count one column). */
int line_strwidth(const char *s);

/*
 * Byte length of the longest prefix of s that fits in `width` columns.
 * *used (may be NULL) gets the columns it takes.
 */
size_t line_fit(const char *s, int width, int *used);

/* The plain text (owned by l; "" when empty). */
const char *line_text(const struct line *l);

/* Frame glyphs: UTF-8 box drawing, or ASCII when the locale is not UTF-8. */
enum line_glyph {
	LINE_G_HLINE, /* ─ or - */
	LINE_G_VLINE, /* │ or | */
	LINE_G_CRUMB, /* › or > */
	LINE_G_UP,    /* ↑ or ^ */
	LINE_G_DOWN,  /* ↓ or v */
	LINE_G_DOT,   /* · or . */
	LINE_G_COUNT
};

/* Chooses ASCII glyphs (process-wide; UI thread at start-up). */
void line_set_ascii(bool ascii);

/* True after line_set_ascii(true) (panes pick ASCII symbols). */
bool line_is_ascii(void);

/* The glyph's text (static). */
const char *line_glyph(enum line_glyph g);

/* A growable array of lines (detail areas, help, raw JSON). */
struct lines {
	struct line *v;
	size_t n, cap;
};

/* Appends an empty line and returns it (valid until the next lines_add). */
struct line *lines_add(struct lines *ls);

/* Empties ls, keeping the buffers. */
void lines_reset(struct lines *ls);

/* Frees everything and zeroes ls. NULL no-op. */
void lines_free(struct lines *ls);

/* Appends one line per '\n'-separated piece of text, with role. */
void lines_add_text(struct lines *ls, enum theme_role role, const char *text);

/* Appends "key: value" (key dim, padded to keyw columns). NULL value = "-". */
void lines_add_kv(struct lines *ls, int keyw, const char *key,
		  const char *value);

/* lines_add_kv with the value in `role`, wrapping under itself (see struct
 * line); `keep` asks the detail area to grow to show it. Returns the line. */
struct line *lines_add_kv_wrap(struct lines *ls, int keyw, const char *key,
			       enum theme_role role, const char *value,
			       bool keep);

/*
 * Appends src's lines to dst (not reset), each `wrap` line wider than width
 * broken at spaces (a word longer than a line is cut) into lines of at most
 * width columns, the continuations indented by its `indent`. Roles and
 * `keep` carry over; other lines are copied as they are.
 */
void lines_wrap(const struct lines *src, int width, struct lines *dst);

#endif
