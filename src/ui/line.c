/* line.c: attributed line buffers and UTF-8 width helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cfconsole/xmem.h"
#include "ui/line.h"

void
line_oom(void)
{
	xmem_fail("drawing");
}

void
line_reset(struct line *l)
{
	l->len = 0;
	l->nruns = 0;
	l->width = 0;
	l->wrap = l->keep = false;
	l->indent = 0;
	if (l->text)
		l->text[0] = '\0';
}

void
line_free(struct line *l)
{
	if (!l)
		return;
	free(l->text);
	free(l->runs);
	memset(l, 0, sizeof(*l));
}

/* Decodes one character at s (n bytes left): its byte length and width. */
static size_t
char_at(const char *s, size_t n, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t k;
	int w;

	memset(&st, 0, sizeof(st));
	if ((unsigned char)*s < 0x80) {
		*width = 1;
		return 1;
	}
	k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : w;
	return k;
}

int
line_strwidth(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	int total = 0, w;

	while (i < n) {
		i += char_at(s + i, n - i, &w);
		total += w;
	}
	return total;
}

size_t
line_fit(const char *s, int width, int *used)
{
	size_t n = s ? strlen(s) : 0, i = 0, k;
	int total = 0, w;

	while (i < n) {
		k = char_at(s + i, n - i, &w);
		if (total + w > width)
			break;
		total += w;
		i += k;
	}
	if (used)
		*used = total;
	return i;
}

/* Appends n raw bytes (already sanitised) of width w as one run. */
static void
line_append(struct line *l, enum theme_role role, const char *s, size_t n,
	    int w)
{
	if (!n)
		return;
	if (l->len + n + 1 > l->cap) {
		l->cap = (l->len + n + 1) * 2;
		l->text = xrealloc(l->text, l->cap);
	}
	memcpy(l->text + l->len, s, n);
	if (l->nruns && l->runs[l->nruns - 1].role == role &&
	    l->runs[l->nruns - 1].off + l->runs[l->nruns - 1].len == l->len) {
		l->runs[l->nruns - 1].len += n;
	} else {
		if (l->nruns == l->rcap) {
			l->rcap = l->rcap ? l->rcap * 2 : 8;
			l->runs = xrealloc(l->runs, l->rcap * sizeof(*l->runs));
		}
		l->runs[l->nruns++] = (struct line_run){ role, l->len, n };
	}
	l->len += n;
	l->text[l->len] = '\0';
	l->width += w;
}

/* Appends at most `width` columns of s (width < 0: all), control
 * characters replaced by '?'. Returns the columns written. */
static int
line_put(struct line *l, enum theme_role role, const char *s, int width)
{
	size_t n = strlen(s), i = 0, k;
	int total = 0, w;

	while (i < n) {
		k = char_at(s + i, n - i, &w);
		if (width >= 0 && total + w > width)
			break;
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			line_append(l, role, "?", 1, 1);
		else
			line_append(l, role, s + i, k, w);
		total += w;
		i += k;
	}
	return total;
}

void
line_add(struct line *l, enum theme_role role, const char *s)
{
	if (s)
		line_put(l, role, s, -1);
}

void
line_addf(struct line *l, enum theme_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	line_add(l, role, buf);
}

void
line_pad(struct line *l, enum theme_role role, int n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = n > 32 ? 32 : n;

		line_append(l, role, spaces, (size_t)k, k);
		n -= k;
	}
}

void
line_add_cell(struct line *l, enum theme_role role, const char *s, int width,
	      bool right)
{
	int w;

	if (width <= 0)
		return;
	if (!s)
		s = "";
	w = line_strwidth(s);
	if (w > width) {
		w = line_put(l, role, s, width - 1);
		line_append(l, role, "~", 1, 1);
		line_pad(l, role, width - 1 - w);
		return;
	}
	if (right)
		line_pad(l, role, width - w);
	line_put(l, role, s, -1);
	if (!right)
		line_pad(l, role, width - w);
}

void
line_append_fit(struct line *dst, const struct line *src, int width)
{
	size_t r;

	for (r = 0; r < src->nruns && dst->width < width; r++) {
		char *piece =
			strndup(src->text + src->runs[r].off, src->runs[r].len);
		int room = width - dst->width;

		if (!piece)
			line_oom();
		if (line_strwidth(piece) > room)
			piece[line_fit(piece, room, NULL)] = '\0';
		line_add(dst, src->runs[r].role, piece);
		free(piece);
	}
}

void
line_truncate(struct line *l, int width)
{
	size_t keep, r;
	int used;

	if (l->width <= width)
		return;
	keep = line_fit(line_text(l), width < 0 ? 0 : width, &used);
	l->len = keep;
	l->text[keep] = '\0';
	l->width = used;
	for (r = 0; r < l->nruns; r++) {
		if (l->runs[r].off >= keep)
			break;
		if (l->runs[r].off + l->runs[r].len > keep)
			l->runs[r].len = keep - l->runs[r].off;
	}
	l->nruns = r;
}

const char *
line_text(const struct line *l)
{
	return l->text ? l->text : "";
}

/* ---- arrays of lines ------------------------------------------------------- */

struct line *
lines_add(struct lines *ls)
{
	if (ls->n == ls->cap) {
		size_t old = ls->cap;

		ls->cap = ls->cap ? ls->cap * 2 : 16;
		ls->v = xrealloc(ls->v, ls->cap * sizeof(*ls->v));
		memset(ls->v + old, 0, (ls->cap - old) * sizeof(*ls->v));
	}
	line_reset(&ls->v[ls->n]);
	return &ls->v[ls->n++];
}

void
lines_reset(struct lines *ls)
{
	ls->n = 0;
}

void
lines_free(struct lines *ls)
{
	size_t i;

	if (!ls)
		return;
	for (i = 0; i < ls->cap; i++)
		line_free(&ls->v[i]);
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

void
lines_add_text(struct lines *ls, enum theme_role role, const char *text)
{
	const char *p = text, *nl;
	char *piece;

	if (!text)
		return;
	for (;;) {
		nl = strchr(p, '\n');
		if (!nl) {
			if (*p)
				line_add(lines_add(ls), role, p);
			return;
		}
		piece = strndup(p, (size_t)(nl - p));
		if (!piece)
			line_oom();
		line_add(lines_add(ls), role, piece);
		free(piece);
		p = nl + 1;
	}
}

void
lines_add_kv(struct lines *ls, int keyw, const char *key, const char *value)
{
	struct line *l = lines_add(ls);

	line_add_cell(l, THEME_ROLE_DIM, key, keyw, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add(l, THEME_ROLE_NORMAL, value ? value : "-");
}

struct line *
lines_add_kv_wrap(struct lines *ls, int keyw, const char *key,
		  enum theme_role role, const char *value, bool keep)
{
	struct line *l = lines_add(ls);

	line_add_cell(l, THEME_ROLE_DIM, key, keyw, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add(l, role, value ? value : "-");
	l->wrap = true;
	l->keep = keep;
	l->indent = keyw + 1;
	return l;
}

/* Appends bytes [a, b) of src (already clean text) to l with src's roles. */
static void
copy_span(struct line *l, const struct line *src, size_t a, size_t b)
{
	size_t r;

	for (r = 0; r < src->nruns; r++) {
		size_t ra = src->runs[r].off, rb = ra + src->runs[r].len;
		size_t x = ra > a ? ra : a, y = rb < b ? rb : b;
		int w;

		if (x >= y)
			continue;
		w = 0;
		{
			size_t i = x, k;
			int cw;

			while (i < y) {
				k = char_at(src->text + i, y - i, &cw);
				w += cw;
				i += k;
			}
		}
		line_append(l, src->runs[r].role, src->text + x, y - x, w);
	}
}

void
lines_wrap(const struct lines *src, int width, struct lines *dst)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct line *s = &src->v[i];
		const char *t = line_text(s);
		size_t len = strlen(t), pos = 0;
		struct line *l = lines_add(dst);
		bool first = true;

		l->keep = s->keep;
		if (!s->wrap || s->width <= width || width < 2) {
			copy_span(l, s, 0, len);
			continue;
		}
		while (pos < len) {
			int indent = first ? 0 : s->indent, room;
			size_t end, k;

			if (indent > width / 2)
				indent = width / 2;
			room = width - indent;
			if (!first) {
				l = lines_add(dst);
				l->keep = s->keep;
				line_pad(l, THEME_ROLE_NORMAL, indent);
			}
			end = pos + line_fit(t + pos, room, NULL);
			if (end < len && t[end] != ' ') {
				/* Back to the last space, unless the word
				 * alone is longer than the line. */
				for (k = end; k > pos && t[k - 1] != ' '; k--)
					;
				if (k > pos + (first ? (size_t)s->indent : 0))
					end = k;
			}
			if (end == pos) {
				int cw;

				/* never stall: one character, however wide */
				end = pos + char_at(t + pos, len - pos, &cw);
			}
			copy_span(l, s, pos, end);
			pos = end;
			while (pos < len && t[pos] == ' ')
				pos++;
			first = false;
		}
	}
}

/* ---- glyphs ---------------------------------------------------------------------- */

static bool line_ascii_;

bool
line_is_ascii(void)
{
	return line_ascii_;
}

void
line_set_ascii(bool ascii)
{
	line_ascii_ = ascii;
}

const char *
line_glyph(enum line_glyph g)
{
	static const char *const utf8[LINE_G_COUNT] = {
		[LINE_G_HLINE] = "\xe2\x94\x80",
		[LINE_G_VLINE] = "\xe2\x94\x82",
		[LINE_G_CRUMB] = "\xe2\x80\xba",
		[LINE_G_UP] = "\xe2\x86\x91",
		[LINE_G_DOWN] = "\xe2\x86\x93",
		[LINE_G_DOT] = "\xc2\xb7",
	};
	static const char *const ascii[LINE_G_COUNT] = {
		[LINE_G_HLINE] = "-", [LINE_G_VLINE] = "|",
		[LINE_G_CRUMB] = ">", [LINE_G_UP] = "^",
		[LINE_G_DOWN] = "v",  [LINE_G_DOT] = ".",
	};

	if ((unsigned)g >= LINE_G_COUNT)
		return "";
	return line_ascii_ ? ascii[g] : utf8[g];
}
