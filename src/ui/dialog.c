/* dialog.c: modal confirmation dialogs: y/n, or a name typed to confirm, drawn as a box over the frame. */
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"

void
dialog_free(struct ui *ui)
{
	struct ui_dialog *d = &ui->dialog;

	free(d->title);
	free(d->expect);
	lines_free(&d->body);
	memset(d, 0, sizeof(*d));
}

bool
dialog_open(const struct ui *ui)
{
	return ui->dialog.open;
}

/* Closes the dialog and reports the answer. */
static unsigned
answer(struct ui *ui, bool yes)
{
	struct ui_dialog *d = &ui->dialog;
	unsigned (*fn)(struct ui *, bool, void *) = d->fn;
	void *ud = d->ud;

	dialog_free(ui);
	ui->dirty |= UI_DIRTY_DRAW;
	if (!yes)
		ui_status(ui, THEME_ROLE_INFO, "cancelled");
	return (fn ? fn(ui, yes, ud) : CMD_OK) | CMD_REDRAW;
}

void
dialog_confirm(struct ui *ui, const char *title, const char *text,
	       const char *expect, dialog_fn fn, void *ud)
{
	struct ui_dialog *d = &ui->dialog;

	if (d->open)
		answer(ui, false);
	d->open = true;
	d->title = strdup(title ? title : "Confirm");
	d->expect = expect ? strdup(expect) : NULL;
	if (!d->title || (expect && !d->expect))
		line_oom();
	lines_add_text(&d->body, THEME_ROLE_DIALOG, text);
	d->fn = fn;
	d->ud = ud;
	ui->dirty |= UI_DIRTY_DRAW;
}

unsigned
dialog_key(struct ui *ui, int key, bool fkey)
{
	struct ui_dialog *d = &ui->dialog;

	if (fkey) {
		if (key == CONFIG_KEY_KENTER)
			key = '\r';
		else if (key == CONFIG_KEY_BACKSPACE)
			key = CONFIG_KEY_DEL_CHAR;
		else
			return CMD_OK;
	}
	if (key == CONFIG_KEY_ESC || key == 7)
		return answer(ui, false);
	if (!d->expect) {
		if (key == 'y' || key == 'Y' || key == '\r' || key == '\n')
			return answer(ui, true);
		if (key == 'n' || key == 'N' || key == 'q')
			return answer(ui, false);
		return CMD_OK;
	}
	if (key == '\r' || key == '\n') {
		if (!strcmp(d->typed, d->expect))
			return answer(ui, true);
		ui_status(ui, THEME_ROLE_WARNING, "type %s exactly to confirm",
			  d->expect);
		return CMD_REDRAW;
	}
	if (key == CONFIG_KEY_DEL_CHAR || key == 8) {
		if (d->ntyped)
			d->typed[--d->ntyped] = '\0';
		return CMD_REDRAW;
	}
	if (key >= 0x20 && key < 0x7f && d->ntyped + 1 < sizeof(d->typed)) {
		d->typed[d->ntyped++] = (char)key;
		d->typed[d->ntyped] = '\0';
	}
	return CMD_REDRAW;
}

void
dialog_overlay(struct line *l, int x, const struct line *b)
{
	struct line out = { 0 };
	size_t r;

	/* Left part, the box, then the right part of the old line. */
	for (r = 0; r < l->nruns && out.width < x; r++) {
		char *piece = strndup(l->text + l->runs[r].off, l->runs[r].len);
		int room = x - out.width;

		if (!piece)
			line_oom();
		if (line_strwidth(piece) > room)
			piece[line_fit(piece, room, NULL)] = '\0';
		line_add(&out, l->runs[r].role, piece);
		free(piece);
	}
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

void
dialog_compose(struct ui *ui, int width, int height, struct lines *frame)
{
	struct ui_dialog *d = &ui->dialog;
	struct lines box = { 0 };
	int w = width - 8, h, x, y, i;
	const char *hl = line_glyph(LINE_G_HLINE);
	const char *vl = line_glyph(LINE_G_VLINE);
	struct line *l;
	size_t k;

	if (!d->open || width < 20 || height < 8)
		return;
	if (w > 64)
		w = 64;
	/* top rule with the title */
	l = lines_add(&box);
	line_add(l, THEME_ROLE_BORDER, hl);
	line_add(l, THEME_ROLE_TITLE, " ");
	line_add(l, THEME_ROLE_TITLE, d->title);
	line_add(l, THEME_ROLE_TITLE, " ");
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);
	line_truncate(l, w);
	for (k = 0; k < d->body.n && (int)box.n < height - 6; k++) {
		l = lines_add(&box);
		line_add(l, THEME_ROLE_BORDER, vl);
		line_add(l, THEME_ROLE_DIALOG, " ");
		line_add(l, THEME_ROLE_DIALOG, line_text(&d->body.v[k]));
		line_truncate(l, w - 1);
		line_pad(l, THEME_ROLE_DIALOG, w - 1 - l->width);
		line_add(l, THEME_ROLE_BORDER, vl);
	}
	l = lines_add(&box);
	line_add(l, THEME_ROLE_BORDER, vl);
	if (d->expect) {
		line_add(l, THEME_ROLE_DIALOG, " type ");
		line_add(l, THEME_ROLE_KEY, d->expect);
		line_add(l, THEME_ROLE_DIALOG, " to confirm: ");
		line_add(l, THEME_ROLE_INPUT, d->typed);
	} else {
		line_add(l, THEME_ROLE_DIALOG, " ");
		line_add(l, THEME_ROLE_KEY, "y");
		line_add(l, THEME_ROLE_DIALOG, " yes   ");
		line_add(l, THEME_ROLE_KEY, "n");
		line_add(l, THEME_ROLE_DIALOG, " no");
	}
	line_truncate(l, w - 1);
	line_pad(l, THEME_ROLE_DIALOG, w - 1 - l->width);
	line_add(l, THEME_ROLE_BORDER, vl);
	l = lines_add(&box);
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);

	h = (int)box.n;
	x = (width - w) / 2;
	y = (height - h) / 2;
	for (i = 0; i < h; i++)
		if ((size_t)(y + i) < frame->n)
			dialog_overlay(&frame->v[y + i], x, &box.v[i]);
	lines_free(&box);
}
