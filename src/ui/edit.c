/* edit.c: the console's one UTF-8 line editor (cursor, insert, delete, words, optional history): form fields, the : and / prompt, typed confirmations, the account filter. */
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/config.h"
#include "ui/edit.h"
#include "ui/line.h"

static size_t
prev_len(const char *s, size_t at)
{
	size_t k = at;

	while (k > 0) {
		k--;
		if (((unsigned char)s[k] & 0xc0) != 0x80)
			break;
	}
	return at - k;
}

static size_t
next_len(const char *s, size_t at, size_t len)
{
	size_t k = at;

	if (k >= len)
		return 0;
	k++;
	while (k < len && ((unsigned char)s[k] & 0xc0) == 0x80)
		k++;
	return k - at;
}

static size_t
utf8(int c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

void
edit_init(struct edit *e, unsigned flags)
{
	e->buf[0] = '\0';
	e->len = e->cur = 0;
	e->flags = flags;
}

void
edit_set(struct edit *e, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n > EDIT_MAX - 1) {
		n = EDIT_MAX - 1;
		/* Not in the middle of a character. */
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memcpy(e->buf, text, n);
	e->buf[n] = '\0';
	e->len = e->cur = n;
}

static void
erase(struct edit *e, size_t from, size_t n)
{
	memmove(e->buf + from, e->buf + from + n, e->len - from - n + 1);
	e->len -= n;
	if (e->cur > from)
		e->cur = e->cur >= from + n ? e->cur - n : from;
}

static enum edit_key_result
insert(struct edit *e, int c)
{
	char b[4];
	size_t n = utf8(c, b);

	if (e->len + n + 1 > EDIT_MAX)
		return EDIT_MOVED; /* full: nothing changes */
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, b, n);
	e->len += n;
	e->cur += n;
	return EDIT_CHANGED;
}

static enum edit_key_result
move_to(struct edit *e, size_t at)
{
	e->cur = at;
	return EDIT_MOVED;
}

/* Keys that move the cursor, or act past it (^D, ^K): not for
 * EDIT_APPEND editors. */
static bool
moves(int key, bool fkey)
{
	if (fkey)
		return key == CONFIG_KEY_LEFT || key == CONFIG_KEY_RIGHT ||
		       key == CONFIG_KEY_HOME || key == CONFIG_KEY_END ||
		       key == CONFIG_KEY_DC;
	return key == 1 || key == 2 || key == 4 || key == 5 || key == 6 ||
	       key == 11;
}

enum edit_key_result
edit_key(struct edit *e, int key, bool fkey)
{
	size_t k;

	if ((e->flags & EDIT_APPEND) && moves(key, fkey))
		return EDIT_IGNORED;
	if (fkey) {
		switch (key) {
		case CONFIG_KEY_LEFT:
			return move_to(e, e->cur - prev_len(e->buf, e->cur));
		case CONFIG_KEY_RIGHT:
			return move_to(
				e, e->cur + next_len(e->buf, e->cur, e->len));
		case CONFIG_KEY_HOME:
			return move_to(e, 0);
		case CONFIG_KEY_END:
			return move_to(e, e->len);
		case CONFIG_KEY_BACKSPACE:
			key = CONFIG_KEY_DEL_CHAR;
			break;
		case CONFIG_KEY_DC:
			key = 4;
			break;
		default:
			return EDIT_IGNORED;
		}
	}
	switch (key) {
	case CONFIG_KEY_DEL_CHAR:
	case 8:
		if (!e->cur)
			return EDIT_MOVED;
		k = prev_len(e->buf, e->cur);
		erase(e, e->cur - k, k);
		return EDIT_CHANGED;
	case 4: /* ^D: delete under the cursor */
		k = next_len(e->buf, e->cur, e->len);
		if (!k)
			return EDIT_MOVED;
		erase(e, e->cur, k);
		return EDIT_CHANGED;
	case 1:
		return move_to(e, 0);
	case 5:
		return move_to(e, e->len);
	case 2:
		return move_to(e, e->cur - prev_len(e->buf, e->cur));
	case 6:
		return move_to(e, e->cur + next_len(e->buf, e->cur, e->len));
	case 21: /* ^U */
		if (e->flags & EDIT_KILL_BACK) {
			if (!e->cur)
				return EDIT_MOVED;
			erase(e, 0, e->cur);
			return EDIT_CHANGED;
		}
		if (!e->len)
			return EDIT_MOVED;
		edit_set(e, "");
		return EDIT_CHANGED;
	case 11: /* ^K */
		if (e->cur == e->len)
			return EDIT_MOVED;
		e->buf[e->cur] = '\0';
		e->len = e->cur;
		return EDIT_CHANGED;
	case 23: /* ^W: the word before the cursor, and the blanks after it */
		k = e->cur;
		while (k > 0 && e->buf[k - 1] == ' ')
			k--;
		while (k > 0 && e->buf[k - 1] != ' ')
			k--;
		if (k == e->cur)
			return EDIT_MOVED;
		erase(e, k, e->cur - k);
		return EDIT_CHANGED;
	default:
		break;
	}
	if (key >= 0x20 && key != 0x7f && key < 0x110000)
		return insert(e, key);
	return EDIT_IGNORED;
}

const char *
edit_text(const struct edit *e)
{
	return e->buf;
}

int
edit_cursor_col(const struct edit *e)
{
	char tmp[EDIT_MAX];

	memcpy(tmp, e->buf, e->cur);
	tmp[e->cur] = '\0';
	return line_strwidth(tmp);
}

/* ---- history ------------------------------------------------------------- */

void
edit_history_add(struct edit_history *h, const char *line)
{
	char *copy;

	h->pos = h->n;
	if (!*line)
		return;
	if (h->n && !strcmp(h->lines[h->n - 1], line))
		return;
	copy = xstrdup(line);
	if (h->n == EDIT_HISTORY_MAX) {
		free(h->lines[0]);
		memmove(h->lines, h->lines + 1,
			(EDIT_HISTORY_MAX - 1) * sizeof(*h->lines));
		h->n--;
	}
	h->lines[h->n++] = copy;
	h->pos = h->n;
}

void
edit_history_rewind(struct edit_history *h)
{
	h->pos = h->n;
}

bool
edit_history_move(struct edit_history *h, struct edit *e, int delta)
{
	int to = h->pos + delta;

	if (to < 0 || to > h->n)
		return false;
	h->pos = to;
	edit_set(e, to < h->n ? h->lines[to] : "");
	return true;
}

void
edit_history_free(struct edit_history *h)
{
	int i;

	for (i = 0; i < h->n; i++)
		free(h->lines[i]);
	memset(h, 0, sizeof(*h));
}
