/* prompt.c: line editing for the ':' command prompt and the '/' live filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/line.h"
#include "ui/prompt.h"
#include "ui/ui.h"

/* Byte length of the UTF-8 character ending just before offset `at`. */
static size_t
prev_char(const char *s, size_t at)
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
next_char(const char *s, size_t at, size_t len)
{
	size_t k = at;

	if (k >= len)
		return 0;
	k++;
	while (k < len && ((unsigned char)s[k] & 0xc0) == 0x80)
		k++;
	return k - at;
}

static void
insert(struct ui_prompt *p, const char *bytes, size_t n)
{
	if (p->len + n + 1 > sizeof(p->buf))
		return;
	memmove(p->buf + p->cur + n, p->buf + p->cur, p->len - p->cur + 1);
	memcpy(p->buf + p->cur, bytes, n);
	p->len += n;
	p->cur += n;
}

static void
erase(struct ui_prompt *p, size_t from, size_t n)
{
	memmove(p->buf + from, p->buf + from + n, p->len - from - n + 1);
	p->len -= n;
	if (p->cur > from)
		p->cur = p->cur >= from + n ? p->cur - n : from;
}

/* UTF-8 encoding of code point c into out (at least 4 bytes). */
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

static void
history_add(struct ui_prompt *p, const char *line)
{
	if (!*line)
		return;
	if (p->nhistory && !strcmp(p->history[p->nhistory - 1], line))
		return;
	if (p->nhistory == 32) {
		free(p->history[0]);
		memmove(p->history, p->history + 1, 31 * sizeof(char *));
		p->nhistory--;
	}
	p->history[p->nhistory] = strdup(line);
	if (p->history[p->nhistory])
		p->nhistory++;
}

static void
history_move(struct ui_prompt *p, int delta)
{
	int h = p->hpos + delta;

	if (h < 0 || h > p->nhistory)
		return;
	p->hpos = h;
	snprintf(p->buf, sizeof(p->buf), "%s",
		 h < p->nhistory ? p->history[h] : "");
	p->len = p->cur = strlen(p->buf);
}

/* ---- Tab completion ------------------------------------------------------ */

/* True while the line is what the last Tab left: its result is current. */
static bool
cands_current(const struct ui *ui)
{
	const struct ui_prompt *p = &ui->prompt;

	return ui->mode == UI_MODE_COMMAND && p->tab_shown &&
	       !strcmp(p->buf, p->tab_line);
}

/*
 * The first Tab completes as far as the candidates agree and lists them
 * above the prompt; each further Tab (dir 1) or Shift-Tab (dir -1) puts the
 * next or previous candidate in the line, as a shell's menu completion
 * does. Any other key ends it.
 */
static void
complete(struct ui *ui, int dir)
{
	struct ui_prompt *p = &ui->prompt;
	size_t n;

	if (cands_current(ui) && p->cands.n > 1) {
		n = p->cands.n;
		if (p->cand_sel < 0)
			p->cand_sel = dir > 0 ? 0 : (int)n - 1;
		else
			p->cand_sel = (int)(((size_t)p->cand_sel + n +
					     (size_t)dir) % n);
		snprintf(p->buf + p->cands.word,
			 sizeof(p->buf) - p->cands.word, "%s",
			 cmd_cand(&p->cands, (size_t)p->cand_sel));
	} else {
		/* The text after the cursor gives way to the completion. */
		p->buf[p->cur] = '\0';
		n = cmd_complete(ui, p->buf, sizeof(p->buf), &p->cands);
		p->cand_sel = -1;
		p->tab_shown = n != 1; /* several: the list; none: say so */
	}
	p->len = p->cur = strlen(p->buf);
	memcpy(p->tab_line, p->buf, sizeof(p->tab_line));
}

bool
prompt_compose_cands(const struct ui *ui, int width, struct line *l)
{
	const struct ui_prompt *p = &ui->prompt;
	const struct cmd_cands *c = &p->cands;
	size_t i, first = 0;
	int span;

	if (!cands_current(ui))
		return false;
	line_reset(l);
	if (c->n == 0) {
		line_add(l, THEME_ROLE_STATUS, " no completion");
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
		return true;
	}
	/* Scroll so the chosen one shows, with room for "< " and " >". */
	if (p->cand_sel > 0) {
		for (;;) {
			span = first ? 4 : 1; /* " <  " or " " */
			for (i = first; i <= (size_t)p->cand_sel; i++)
				span += line_strwidth(cmd_cand(c, i)) +
					(i > first ? 2 : 0);
			if (span + 2 <= width || first == (size_t)p->cand_sel)
				break;
			first++;
		}
	}
	line_add(l, THEME_ROLE_STATUS, first ? " <" : "");
	for (i = first; i < c->n; i++) {
		const char *s = cmd_cand(c, i);
		bool last = i + 1 == c->n && !c->more;

		if (l->width + 2 + line_strwidth(s) + (last ? 0 : 2) > width &&
		    i > first)
			break;
		line_add(l, THEME_ROLE_STATUS, i > first || first ? "  " : " ");
		line_add(l, (int)i == p->cand_sel ? THEME_ROLE_SELECTION
						   : THEME_ROLE_STATUS, s);
	}
	if (i < c->n || c->more) {
		if (l->width + 2 < width)
			line_pad(l, THEME_ROLE_STATUS, width - 2 - l->width);
		line_add(l, THEME_ROLE_STATUS, " >");
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
	return true;
}

/* ---- keys ------------------------------------------------------------------ */

static unsigned
finish(struct ui *ui, bool run)
{
	struct ui_prompt *p = &ui->prompt;
	char line[sizeof(p->buf)];
	enum ui_mode mode = ui->mode;

	ui->mode = UI_MODE_NORMAL;
	p->tab_shown = false;
	memcpy(line, p->buf, sizeof(line));
	p->len = p->cur = 0;
	p->buf[0] = '\0';
	if (mode == UI_MODE_FILTER) {
		if (!run)
			pane_set_filter(ui_pane(ui), NULL);
		return CMD_REDRAW;
	}
	if (!run)
		return CMD_REDRAW;
	history_add(p, line);
	p->hpos = p->nhistory;
	ui->status[0] = '\0';
	return cmd_execute(ui, line) | CMD_REDRAW;
}

unsigned
prompt_key(struct ui *ui, int key, bool fkey)
{
	struct ui_prompt *p = &ui->prompt;
	char enc[4];
	size_t n;
	bool changed = false;

	/* Any key but Tab ends a completion (the list goes). */
	if (!(fkey ? key == CONFIG_KEY_BTAB : key == CONFIG_KEY_TAB))
		p->tab_shown = false;
	if (fkey) {
		switch (key) {
		case CONFIG_KEY_BTAB:
			if (ui->mode == UI_MODE_COMMAND)
				complete(ui, -1);
			break;
		case CONFIG_KEY_KENTER:
			return finish(ui, true);
		case CONFIG_KEY_BACKSPACE:
			goto backspace;
		case CONFIG_KEY_DC:
			n = next_char(p->buf, p->cur, p->len);
			erase(p, p->cur, n);
			changed = true;
			break;
		case CONFIG_KEY_LEFT:
			p->cur -= prev_char(p->buf, p->cur);
			break;
		case CONFIG_KEY_RIGHT:
			p->cur += next_char(p->buf, p->cur, p->len);
			break;
		case CONFIG_KEY_HOME:
			p->cur = 0;
			break;
		case CONFIG_KEY_END:
			p->cur = p->len;
			break;
		case CONFIG_KEY_UP:
			if (ui->mode == UI_MODE_COMMAND)
				history_move(p, -1);
			break;
		case CONFIG_KEY_DOWN:
			if (ui->mode == UI_MODE_COMMAND)
				history_move(p, 1);
			break;
		default:
			return CMD_OK;
		}
		goto out;
	}
	switch (key) {
	case '\n':
	case '\r':
		return finish(ui, true);
	case CONFIG_KEY_ESC:
	case 7: /* ^G */
		return finish(ui, false);
	case CONFIG_KEY_DEL_CHAR:
	case 8: /* ^H */
	backspace:
		if (p->cur == 0) {
			if (p->len == 0)
				return finish(ui, false);
			break;
		}
		n = prev_char(p->buf, p->cur);
		erase(p, p->cur - n, n);
		changed = true;
		break;
	case 21: /* ^U */
		erase(p, 0, p->cur);
		changed = true;
		break;
	case 23: /* ^W: the word before the cursor */
		n = p->cur;
		while (n > 0 && p->buf[n - 1] == ' ')
			n--;
		while (n > 0 && p->buf[n - 1] != ' ')
			n--;
		erase(p, n, p->cur - n);
		changed = true;
		break;
	case 1: /* ^A */
		p->cur = 0;
		break;
	case 5: /* ^E */
		p->cur = p->len;
		break;
	case CONFIG_KEY_TAB:
		if (ui->mode == UI_MODE_COMMAND)
			complete(ui, 1);
		break;
	default:
		if (key < 0x20 || key == 0x7f || key > 0x10ffff)
			return CMD_OK;
		insert(p, enc, utf8(key, enc));
		changed = true;
		break;
	}
out:
	/* The filter applies while it is typed. */
	if (changed && ui->mode == UI_MODE_FILTER)
		pane_set_filter(ui_pane(ui), p->buf);
	return CMD_REDRAW;
}
