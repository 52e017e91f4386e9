/* account.c: the account picker: the accounts pane (accounts_pane.c) in a box over the frame, its keys and clicks. */
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/xmem.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"

static const struct layer_ops picker_layer;

/* The open picker's state (the layer's self), or NULL. */
static struct ui_picker *
picker_of(const struct ui *ui)
{
	return ui_layer_self(ui, &picker_layer);
}

/* The layer's free hook. */
static void
picker_state_free(void *self)
{
	struct ui_picker *p = self;
	size_t i;

	pane_free(p->list); /* its rows point into items */
	for (i = 0; i < p->n; i++) {
		free(p->items[i].id);
		free(p->items[i].name);
	}
	free(p->items);
	free(p->current);
	free(p);
}

void
account_picker_free(struct ui *ui)
{
	ui_layer_pop(ui, &picker_layer);
}

bool
account_picker_is_open(const struct ui *ui)
{
	return ui_layer_has(ui, &picker_layer);
}

size_t
account_picker_shown(const struct ui *ui)
{
	const struct ui_picker *p = picker_of(ui);

	return p ? p->list->nvis : 0;
}

const char *
account_picker_selected_id(const struct ui *ui)
{
	const struct ui_picker *p = picker_of(ui);
	const struct ui_account *a = p ? pane_selected(p->list) : NULL;

	return a ? a->id : NULL;
}

/* The rows again from the filter (the pane keeps the selected account
 * when it still matches). */
static void
refilter(struct ui_picker *p)
{
	pane_set_filter(p->list, edit_text(&p->filter));
}

void
account_picker_open(struct ui *ui, const struct ui_account *items, size_t n,
		    const char *current, bool startup)
{
	struct ui_picker *p = xcalloc(1, sizeof(*p));
	size_t i;

	edit_init(&p->filter, EDIT_APPEND);
	p->items = xcalloc(n ? n : 1, sizeof(*p->items));
	for (i = 0; i < n; i++) {
		p->items[i].id = xstrdup_or_empty(items[i].id);
		p->items[i].name = xstrdup(items[i].name);
	}
	p->n = n;
	p->current = xstrdup(current);
	p->startup = startup;
	/* Replaces an open picker (freed as its layer goes). */
	ui_layer_push(ui, &picker_layer, p);
	p->list = pane_new(&accounts_pane_ops);
	p->list->rows_src = p;
	pane_load(p->list, NULL);
	for (i = 0; current && i < p->list->nvis; i++)
		if (!strcmp(p->items[p->list->vis[i]].id, current))
			pane_select(p->list, i);
	ui->dirty |= UI_DIRTY_DRAW;
}

/* Esc/q: at start-up there is nothing to go back to, so quit. */
static unsigned
close_picker(struct ui *ui)
{
	bool startup = picker_of(ui)->startup;

	account_picker_free(ui);
	if (startup) {
		ui->quit_no_account = true;
		return CMD_QUIT | CMD_REDRAW;
	}
	ui_status(ui, THEME_ROLE_INFO, "account unchanged");
	return CMD_REDRAW;
}

static unsigned
choose(struct ui *ui)
{
	const struct ui_picker *p = picker_of(ui);
	const struct ui_account *a = pane_selected(p->list);
	char *id, *name;
	bool ok;

	if (!a) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "no account matches the filter (Esc clears it)");
		return CMD_REDRAW;
	}
	if (!ui->account.choose) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "switching accounts is not available here");
		return CMD_FAILED | CMD_REDRAW;
	}
	/* The hook may reopen or free the picker: work on copies. */
	id = xstrdup(a->id);
	name = xstrdup(a->name);
	ok = ui->account.choose(ui, id, name, ui->account.ud);
	/* Chosen: this picker is done (not one the hook opened anew). */
	if (ok && picker_of(ui) == p)
		account_picker_free(ui);
	free(id);
	free(name);
	return ok ? CMD_REDRAW : CMD_FAILED | CMD_REDRAW;
}

/* A key while typing the filter. */
static unsigned
filter_key(struct ui *ui, int key, bool fkey)
{
	struct ui_picker *p = picker_of(ui);

	if (!fkey && key == CONFIG_KEY_ESC) {
		edit_set(&p->filter, "");
		p->filtering = false;
		refilter(p);
		return CMD_REDRAW;
	}
	if ((!fkey && (key == '\r' || key == '\n')) ||
	    (fkey && key == CONFIG_KEY_KENTER)) {
		p->filtering = false;
		return CMD_REDRAW;
	}
	if (fkey && key != CONFIG_KEY_BACKSPACE) {
		/* Arrows end typing and move. */
		p->filtering = false;
		return account_picker_key(ui, key, true);
	}
	/* Backspace, ^U, ^W and the filter's characters. */
	if (edit_key(&p->filter, key, fkey) == EDIT_CHANGED)
		refilter(p);
	return CMD_REDRAW;
}

unsigned
account_picker_key(struct ui *ui, int key, bool fkey)
{
	struct ui_picker *p = picker_of(ui);
	struct pane *l = p ? p->list : NULL;
	long page, all;

	if (!l)
		return CMD_OK;
	page = l->height > 1 ? l->height - 1 : 1;
	all = (long)l->nvis;
	if (p->filtering)
		return filter_key(ui, key, fkey);
	if (fkey) {
		switch (key) {
		case CONFIG_KEY_DOWN:
			pane_move(l, 1);
			break;
		case CONFIG_KEY_UP:
			pane_move(l, -1);
			break;
		case CONFIG_KEY_HOME:
			pane_move(l, -all);
			break;
		case CONFIG_KEY_END:
			pane_move(l, all);
			break;
		case CONFIG_KEY_NPAGE:
			pane_move(l, page);
			break;
		case CONFIG_KEY_PPAGE:
			pane_move(l, -page);
			break;
		case CONFIG_KEY_KENTER:
			return choose(ui);
		default:
			return CMD_OK;
		}
		return CMD_REDRAW;
	}
	switch (key) {
	case 'j':
		pane_move(l, 1);
		break;
	case 'k':
		pane_move(l, -1);
		break;
	case 'g':
		pane_move(l, -all);
		break;
	case 'G':
		pane_move(l, all);
		break;
	case '/':
		p->filtering = true;
		break;
	case '\r':
	case '\n':
		return choose(ui);
	case CONFIG_KEY_ESC:
		if (p->filter.len) {
			edit_set(&p->filter, "");
			refilter(p);
			break;
		}
		return close_picker(ui);
	case 'q':
	case 7: /* ^G */
		return close_picker(ui);
	default:
		return CMD_OK;
	}
	return CMD_REDRAW;
}

unsigned
account_picker_click(struct ui *ui, int x, int y, bool dbl)
{
	struct ui_picker *p = picker_of(ui);
	struct pane *l = p ? p->list : NULL;
	size_t row;
	bool again;

	if (!l || x < p->rows_x || x >= p->rows_x + p->rows_w ||
	    y < p->rows_y || y >= p->rows_y + l->height)
		return CMD_OK;
	row = l->top + (size_t)(y - p->rows_y);
	if (row >= l->nvis)
		return CMD_OK;
	again = row == l->sel;
	pane_select(l, row);
	return dbl || again ? choose(ui) : CMD_REDRAW;
}

/* One boxed line: "│ text...   │" w columns wide. */
static struct line *
box_line(struct lines *box)
{
	struct line *l = lines_add(box);

	line_add(l, THEME_ROLE_BORDER, line_glyph(LINE_G_VLINE));
	return l;
}

static void
box_end(struct line *l, int w)
{
	line_truncate(l, w - 1);
	line_pad(l, THEME_ROLE_DIALOG, w - 1 - l->width);
	line_add(l, THEME_ROLE_BORDER, line_glyph(LINE_G_VLINE));
}

/* Row i of the box: the pane's row i (out[0] is its column header, not
 * shown), or what an empty list says. */
static void
row_line(const struct ui_picker *p, const struct lines *rows, int i, int w,
	 struct lines *box)
{
	struct line *l = box_line(box);

	if (!p->list->nvis)
		line_add(l, THEME_ROLE_DIM,
			 p->n ? " nothing matches the filter" : " no accounts");
	box_end(l, w);
	if ((size_t)i + 1 < rows->n) {
		dialog_overlay(l, 1, &rows->v[i + 1]);
		box_end(l,
			w); /* the overlay kept the right edge, not its role */
	}
}

/* The line under the rows: the filter, or the keys. */
static void
hint_line(const struct ui_picker *p, struct line *l)
{
	if (p->filtering || p->filter.len) {
		line_add(l, THEME_ROLE_PROMPT, " /");
		line_add(l, THEME_ROLE_INPUT, edit_text(&p->filter));
		if (!p->filtering)
			line_add(l, THEME_ROLE_DIM, "  (Esc clears)");
		return;
	}
	line_add(l, THEME_ROLE_KEY, " Enter");
	line_add(l, THEME_ROLE_DIALOG, " use  ");
	line_add(l, THEME_ROLE_KEY, "j/k");
	line_add(l, THEME_ROLE_DIALOG, " move  ");
	line_add(l, THEME_ROLE_KEY, "/");
	line_add(l, THEME_ROLE_DIALOG, " filter  ");
	line_add(l, THEME_ROLE_KEY, "Esc");
	line_add(l, THEME_ROLE_DIALOG, p->startup ? " quit" : " cancel");
}

void
account_picker_compose(struct ui *ui, int width, int height,
		       struct lines *frame)
{
	struct ui_picker *p = picker_of(ui);
	const char *hl = line_glyph(LINE_G_HLINE);
	struct lines box = { 0 }, body = { 0 };
	struct line *l;
	size_t nvis = p ? p->list->nvis : 0;
	int w = width - 8, rows, x, y, i;

	if (!p || width < 24 || height < 10)
		return;
	if (w > 72)
		w = 72;
	rows = height - 10;
	if (rows > (int)nvis)
		rows = nvis ? (int)nvis : 1;
	if (rows < 1)
		rows = 1;

	l = lines_add(&box);
	line_add(l, THEME_ROLE_BORDER, hl);
	line_addf(l, THEME_ROLE_TITLE, " %s (%zu) ",
		  p->startup ? "Choose an account" : "Switch account", p->n);
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);
	line_truncate(l, w);
	if (nvis)
		pane_render(p->list, w - 2, rows + 1, true, &body);
	for (i = 0; i < rows; i++)
		row_line(p, &body, i, w, &box);
	lines_free(&body);
	l = box_line(&box);
	hint_line(p, l);
	box_end(l, w);
	l = lines_add(&box);
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);

	x = (width - w) / 2;
	y = (height - (int)box.n) / 2;
	p->rows_x = x;
	p->rows_y = y + 1;
	p->rows_w = w;
	for (i = 0; i < (int)box.n; i++)
		if ((size_t)(y + i) < frame->n)
			dialog_overlay(&frame->v[y + i], x, &box.v[i]);
	lines_free(&box);
}

unsigned
account_cmd(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->account.list) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "switching accounts is not available here");
		return CMD_FAILED;
	}
	return ui->account.list(ui, ui->account.ud);
}

/* ---- the layer ------------------------------------------------------------ */

static unsigned
layer_key(struct ui *ui, void *self, int key, bool fkey)
{
	(void)self;
	return account_picker_key(ui, key, fkey);
}

static void
layer_compose(struct ui *ui, void *self, int width, int height,
	      struct lines *frame)
{
	(void)self;
	account_picker_compose(ui, width, height, frame);
}

static unsigned
layer_click(struct ui *ui, void *self, int x, int y, bool dbl)
{
	(void)self;
	return account_picker_click(ui, x, y, dbl);
}

/* The picker's state is the layer's own: freed when it closes. */
static const struct layer_ops picker_layer = {
	.name = "account picker",
	.rank = LAYER_RANK_PICKER,
	.key = layer_key,
	.compose = layer_compose,
	.click = layer_click,
	.free = picker_state_free,
};
