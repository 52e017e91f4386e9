/* dialog.c: modal questions drawn over the frame: y/n (default no), or a name typed to confirm; sized to the terminal, text wrapped, scrollable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/xmem.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"
#include "ui/wrap.h"

/* Columns left free on each side of the box. */
#define DIALOG_MARGIN 2
/* Narrowest box when the terminal allows it. */
#define DIALOG_MIN_WIDTH 30

static const struct layer_ops dialog_layer;

/* The layer's free hook. */
static void
dialog_state_free(void *self)
{
	struct ui_dialog *d = self;

	free(d->title);
	free(d->text);
	free(d->expect);
	free(d);
}

void
dialog_free(struct ui *ui)
{
	ui_layer_pop(ui, &dialog_layer);
}

bool
dialog_open(const struct ui *ui)
{
	return ui_layer_has(ui, &dialog_layer);
}

const struct ui_dialog *
dialog_current(const struct ui *ui)
{
	return ui_layer_self(ui, &dialog_layer);
}

/* Closes the dialog and reports the answer. */
static unsigned
answer(struct ui *ui, struct ui_dialog *d, bool yes)
{
	unsigned (*fn)(struct ui *, bool, void *) = d->fn;
	void *ud = d->ud;

	/* Closed before the answer runs: it may ask the next question. */
	dialog_free(ui);
	if (!yes)
		ui_status(ui, THEME_ROLE_INFO, "cancelled");
	return (fn ? fn(ui, yes, ud) : CMD_OK) | CMD_REDRAW;
}

void
dialog_ask(struct ui *ui, const struct dialog_spec *spec)
{
	struct ui_dialog *open = ui_layer_self(ui, &dialog_layer);
	struct ui_dialog *d;

	if (open)
		answer(ui, open, false);
	d = xcalloc(1, sizeof(*d));
	edit_init(&d->typed, EDIT_APPEND);
	d->title = xstrdup(spec->title ? spec->title : "Confirm");
	d->text = xstrdup(spec->text ? spec->text : "");
	d->expect = spec->expect ? xstrdup(spec->expect) : NULL;
	d->enter_yes = spec->enter_yes && !spec->expect;
	d->fn = spec->fn;
	d->ud = spec->ud;
	ui_layer_push(ui, &dialog_layer, d);
}

void
dialog_confirm(struct ui *ui, const char *title, const char *text,
	       const char *expect, dialog_fn fn, void *ud)
{
	struct dialog_spec spec = {
		.title = title,
		.text = text,
		.expect = expect,
		.fn = fn,
		.ud = ud,
	};

	dialog_ask(ui, &spec);
}

/* Moves the body by delta lines within what the last draw showed. */
static unsigned
scroll(struct ui_dialog *d, long delta)
{
	size_t max =
		d->nbody > (size_t)d->shown ? d->nbody - (size_t)d->shown : 0;

	if (delta < 0)
		d->top = (size_t)-delta > d->top ? 0 : d->top - (size_t)-delta;
	else
		d->top += (size_t)delta;
	if (d->top > max)
		d->top = max;
	return CMD_REDRAW;
}

/* What a key that answers nothing gets: say which keys do. */
static unsigned
hint(struct ui *ui, const struct ui_dialog *d)
{
	if (d->expect)
		ui_status(ui, THEME_ROLE_WARNING,
			  "type %s exactly and press Enter to confirm; Esc "
			  "cancels",
			  d->expect);
	else
		ui_status(ui, THEME_ROLE_WARNING,
			  "press y to confirm or n to cancel%s",
			  d->enter_yes ? "" : " (Enter does not confirm)");
	return CMD_REDRAW;
}

/* The layer's keys: y/n (or the typed name), Esc, scrolling. */
static unsigned
dialog_key(struct ui *ui, void *self, int key, bool fkey)
{
	struct ui_dialog *d = self;
	long page = d->shown > 1 ? d->shown - 1 : 1;

	if (fkey) {
		switch (key) {
		case CONFIG_KEY_KENTER:
			key = '\r';
			break;
		case CONFIG_KEY_BACKSPACE:
			key = CONFIG_KEY_DEL_CHAR;
			break;
		case CONFIG_KEY_DOWN:
			return scroll(d, 1);
		case CONFIG_KEY_UP:
			return scroll(d, -1);
		case CONFIG_KEY_NPAGE:
			return scroll(d, page);
		case CONFIG_KEY_PPAGE:
			return scroll(d, -page);
		default:
			return CMD_OK;
		}
	}
	if (key == CONFIG_KEY_ESC || key == 7)
		return answer(ui, d, false);
	if (!d->expect) {
		if (key == 'y' || key == 'Y')
			return answer(ui, d, true);
		if (key == 'n' || key == 'N' || key == 'q')
			return answer(ui, d, false);
		if ((key == '\r' || key == '\n') && d->enter_yes)
			return answer(ui, d, true);
		if (key == 'j')
			return scroll(d, 1);
		if (key == 'k')
			return scroll(d, -1);
		return hint(ui, d);
	}
	if (key == '\r' || key == '\n') {
		if (!strcmp(edit_text(&d->typed), d->expect))
			return answer(ui, d, true);
		return hint(ui, d);
	}
	/* Backspace, ^U (start again), ^W and the name's characters. */
	edit_key(&d->typed, key, false);
	return CMD_REDRAW;
}

void
dialog_overlay(struct line *l, int x, const struct line *b)
{
	struct line out = { 0 };
	size_t r;

	/* Left part, the box, then the right part of the old line. */
	line_append_fit(&out, l, x);
	if (out.width < x)
		line_pad(&out, THEME_ROLE_NORMAL, x - out.width);
	for (r = 0; r < b->nruns; r++) {
		char *piece = strndup(b->text + b->runs[r].off, b->runs[r].len);

		if (!piece)
			line_oom();
		line_add(&out, b->runs[r].role, piece);
		free(piece);
	}
	/* The rest of the old line, from column out.width on. */
	{
		const char *t = line_text(l);
		size_t skip = line_fit(t, out.width, NULL);
		int target = l->width;

		if (skip < l->len && out.width < target) {
			/* Roles of the tail are not kept: the box edge is
			 * what matters; the tail is plain list text. */
			line_add(&out, THEME_ROLE_NORMAL, t + skip);
		}
		if (out.width < target)
			line_pad(&out, THEME_ROLE_NORMAL, target - out.width);
		line_truncate(&out, target);
	}
	line_free(l);
	*l = out;
}

/* The answer keys' hint (plain text; drawn dim under the key line). */
static const char *
footer_hint(const struct ui_dialog *d)
{
	if (d->expect)
		return NULL;
	return d->enter_yes ? "Enter also means yes"
			    : "default: no (Enter does not confirm)";
}

/* The footer as lines of at most `inner` columns. */
static void
footer_lines(const struct ui_dialog *d, int inner, struct lines *out)
{
	struct line *l;

	if (d->expect) {
		char *say;
		size_t n = strlen(d->expect) + 96;
		int room;
		const char *shown = edit_text(&d->typed);

		say = xmalloc(n);
		snprintf(say, n,
			 "Type %s and press Enter to confirm; Esc cancels "
			 "(the default).",
			 d->expect);
		wrap_text(out, THEME_ROLE_DIALOG, say, inner);
		free(say);
		l = lines_add(out);
		line_add(l, THEME_ROLE_DIALOG, "> ");
		/* The end of what was typed, and the cursor. */
		room = inner - 3;
		while (line_strwidth(shown) > room) /* by characters */
			while ((*++shown & 0xc0) == 0x80)
				;
		line_add(l, THEME_ROLE_INPUT, shown);
		line_add(l, THEME_ROLE_KEY, "_");
		return;
	}
	l = lines_add(out);
	line_add(l, THEME_ROLE_KEY, "y");
	line_add(l, THEME_ROLE_DIALOG, " yes   ");
	line_add(l, THEME_ROLE_KEY, "n");
	line_add(l, THEME_ROLE_DIALOG, " no");
	if (l->width + 3 + line_strwidth(footer_hint(d)) <= inner) {
		line_add(l, THEME_ROLE_DIALOG, "   ");
		line_add(l, THEME_ROLE_DIM, footer_hint(d));
	} else {
		wrap_text(out, THEME_ROLE_DIM, footer_hint(d), inner);
	}
}

/* Widest footer line when nothing wraps. */
static int
footer_natural(const struct ui_dialog *d)
{
	if (d->expect)
		return (int)strlen(d->expect) + 60;
	return 15 + line_strwidth(footer_hint(d));
}

/* "│ " + line + padding + " │" */
static void
box_row(struct lines *box, const struct line *src, int w)
{
	const char *vl = line_glyph(LINE_G_VLINE);
	struct line *l = lines_add(box);
	size_t r;

	line_add(l, THEME_ROLE_BORDER, vl);
	line_add(l, THEME_ROLE_DIALOG, " ");
	for (r = 0; src && r < src->nruns; r++) {
		char *piece =
			strndup(src->text + src->runs[r].off, src->runs[r].len);

		if (!piece)
			line_oom();
		line_add(l, src->runs[r].role, piece);
		free(piece);
	}
	line_truncate(l, w - 2);
	line_pad(l, THEME_ROLE_DIALOG, w - 2 - l->width);
	line_add(l, THEME_ROLE_DIALOG, " ");
	line_add(l, THEME_ROLE_BORDER, vl);
}

/* A horizontal rule w wide with an optional label after two rule glyphs. */
static void
box_rule(struct lines *box, int w, const char *label, enum theme_role role)
{
	const char *hl = line_glyph(LINE_G_HLINE);
	struct line *l = lines_add(box);

	if (label) {
		line_add(l, THEME_ROLE_BORDER, hl);
		line_add(l, role, " ");
		line_add(l, role, label);
		line_add(l, role, " ");
	}
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);
	line_truncate(l, w);
}

/* The layer's frame: the box centred over what is below. */
static void
dialog_compose(struct ui *ui, void *self, int width, int height,
	       struct lines *frame)
{
	struct ui_dialog *d = self;
	struct lines box = { 0 }, body = { 0 }, foot = { 0 };
	int maxw, w, inner, h, x, y, i, room;
	size_t k;
	char more[96];

	(void)ui;
	if (width < 20 || height < 6)
		return;
	maxw = width - 2 * DIALOG_MARGIN;
	if (maxw > DIALOG_MAX_WIDTH)
		maxw = DIALOG_MAX_WIDTH;
	/* As wide as the text needs (title, widest paragraph, footer). */
	w = wrap_widest(d->text);
	if (w < line_strwidth(d->title) + 4)
		w = line_strwidth(d->title) + 4;
	if (w < footer_natural(d))
		w = footer_natural(d);
	w += 4;
	if (w < DIALOG_MIN_WIDTH)
		w = DIALOG_MIN_WIDTH;
	if (w > maxw)
		w = maxw;
	inner = w - 4;
	wrap_text(&body, THEME_ROLE_DIALOG, d->text, inner);
	footer_lines(d, inner, &foot);

	/* Rows: rule, body, blank, footer, rule. Keep the header row. */
	room = height - 2 - (3 + (int)foot.n);
	if (room < 1)
		room = 1;
	d->nbody = body.n;
	d->shown = (int)body.n < room ? (int)body.n : room;
	if (d->top + (size_t)d->shown > body.n)
		d->top = body.n - (size_t)d->shown;

	box_rule(&box, w, d->title, THEME_ROLE_TITLE);
	for (k = 0; k < (size_t)d->shown; k++)
		box_row(&box, &body.v[d->top + k], w);
	box_row(&box, NULL, w);
	for (k = 0; k < foot.n; k++)
		box_row(&box, &foot.v[k], w);
	if ((size_t)d->shown < body.n) {
		snprintf(more, sizeof(more),
			 "lines %zu-%zu of %zu %s%s PgUp/PgDn%s", d->top + 1,
			 d->top + (size_t)d->shown, body.n,
			 line_glyph(LINE_G_UP), line_glyph(LINE_G_DOWN),
			 d->expect ? "" : " j/k");
		box_rule(&box, w, more, THEME_ROLE_DIM);
	} else {
		box_rule(&box, w, NULL, THEME_ROLE_BORDER);
	}

	h = (int)box.n;
	x = (width - w) / 2;
	y = (height - h) / 2;
	if (y < 1 && height > h)
		y = 1;
	for (i = 0; i < h; i++)
		if (y + i >= 0 && (size_t)(y + i) < frame->n)
			dialog_overlay(&frame->v[y + i], x, &box.v[i]);
	lines_free(&box);
	lines_free(&body);
	lines_free(&foot);
}

/* No click hook: clicks are ignored while a question is open. */
static const struct layer_ops dialog_layer = {
	.name = "dialog",
	.rank = LAYER_RANK_DIALOG,
	.key = dialog_key,
	.compose = dialog_compose,
	.free = dialog_state_free,
};
