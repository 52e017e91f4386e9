/* wrap.c: word-wrapping text into attributed lines of a given width (dialogs, the status area). */
#include <stdlib.h>
#include <string.h>

#include "ui/wrap.h"

/* Appends bytes [s, s + n) as one line (out may be NULL: only count). */
static void
emit(struct lines *out, enum theme_role role, int indent, const char *s,
     size_t n)
{
	struct line *l;
	char *piece;

	if (!out)
		return;
	l = lines_add(out);
	if (indent > 0)
		line_pad(l, role, indent);
	piece = strndup(s, n);
	if (!piece)
		line_oom();
	line_add(l, role, piece);
	free(piece);
}

/* Wraps one paragraph (n bytes, no '\n'); returns the lines it takes. */
static size_t
wrap_para(struct lines *out, enum theme_role role, const char *p, size_t n,
	  int width)
{
	char *para = strndup(p, n);
	const char *s;
	size_t lines = 0;
	int indent = 0, avail;

	if (!para)
		line_oom();
	while (para[indent] == ' ')
		indent++;
	if (indent > width / 2)
		indent = width / 2;
	s = para;
	avail = width;
	for (;;) {
		size_t fit, cut, len = strlen(s);

		if (line_strwidth(s) <= avail) {
			emit(out, role, lines ? indent : 0, s, len);
			lines++;
			break;
		}
		fit = line_fit(s, avail, NULL);
		/* The last space that leaves something on this line (a
		 * continuation's own indentation was skipped already). */
		cut = fit;
		while (cut > 0 && s[cut] != ' ')
			cut--;
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
		if (cut == 0 || (!lines && (int)cut <= indent)) {
			/* One long word: cut it (at least one character, even
			 * a wide one on a one-column line). */
			cut = fit ? fit : line_fit(s, 2, NULL);
			if (!cut)
				cut = 1;
		}
		emit(out, role, lines ? indent : 0, s, cut);
		lines++;
		s += cut;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		avail = width - indent;
	}
	free(para);
	return lines;
}

static size_t
wrap_any(struct lines *out, enum theme_role role, const char *text, int width)
{
	const char *p = text, *nl;
	size_t lines = 0;

	if (!text)
		return 0;
	if (width < 1)
		width = 1;
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl) {
			lines += wrap_para(out, role, p, strlen(p), width);
			break;
		}
		if (nl == p) {
			emit(out, role, 0, "", 0);
			lines++;
		} else {
			lines += wrap_para(out, role, p, (size_t)(nl - p),
					   width);
		}
		p = nl + 1;
	}
	return lines;
}

size_t
wrap_text(struct lines *out, enum theme_role role, const char *text, int width)
{
	return wrap_any(out, role, text, width);
}

size_t
wrap_count(const char *text, int width)
{
	return wrap_any(NULL, THEME_ROLE_NORMAL, text, width);
}

int
wrap_widest(const char *text)
{
	const char *p = text, *nl;
	int widest = 0;

	while (p && *p) {
		size_t n;
		char *piece;
		int w;

		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		piece = strndup(p, n);
		if (!piece)
			line_oom();
		w = line_strwidth(piece);
		free(piece);
		if (w > widest)
			widest = w;
		if (!nl)
			break;
		p = nl + 1;
	}
	return widest;
}
