/* text.h: text helpers core's writers share: a growable string for messages, NULL-safe compare and show. */
#ifndef CFCONSOLE_CORE_TEXT_H
#define CFCONSOLE_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A string built piece by piece; zero-initialise it. Out of memory is
 * fatal (xmem), so every call succeeds. */
struct text_buf {
	char *s;
	size_t len, cap;
};

/* Appends printf output to b. Any thread (b is the caller's). */
void text_printf(struct text_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Returns the built string (never NULL; caller frees) and resets b. */
char *text_take(struct text_buf *b);

/* Equal strings, where NULL and "" are the same. Pure. */
bool text_eq(const char *a, const char *b);

/* s, or "(none)" for NULL: for messages. Pure. */
const char *text_show(const char *s);

/* "true" or "false". Pure. */
const char *text_yesno(bool b);

#endif
