/* text.c: text helpers core's writers share: a growable string for messages, NULL-safe compare and show. */
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"

void
text_printf(struct text_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t nc = (b->cap ? b->cap * 2 : 128);
		char *ns;

		while (nc < b->len + (size_t)n + 1)
			nc *= 2;
		ns = xrealloc(b->s, nc);
		b->s = ns;
		b->cap = nc;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *
text_take(struct text_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

bool
text_eq(const char *a, const char *b)
{
	if (!a || !b)
		return (!a || !*a) && (!b || !*b);
	return strcmp(a, b) == 0;
}

const char *
text_show(const char *s)
{
	return s ? s : "(none)";
}

const char *
text_yesno(bool b)
{
	return b ? "true" : "false";
}
