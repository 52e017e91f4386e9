/* account.c: the account picker: a filterable list of the accounts the credentials see, drawn over the frame. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/config.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/ui.h"

static void picker_layer_push(struct ui *ui);
static void picker_layer_pop(struct ui *ui);

static char *
dup_or_null(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		line_oom();
	return d;
}

void
account_picker_free(struct ui *ui)
{
	struct ui_picker *p = &ui->picker;
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->items[i].id);
		free(p->items[i].name);
	}
	free(p->items);
	free(p->vis);
	free(p->current);
	memset(p, 0, sizeof(*p));
	edit_init(&p->filter, EDIT_APPEND);
	picker_layer_pop(ui);
}

bool
account_picker_is_open(const struct ui *ui)
{
	return ui->picker.open;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t i, hl, nl = strlen(needle);

	if (!hay)
		return false;
	hl = strlen(hay);
	for (i = 0; i + nl <= hl; i++)
		if (!strncasecmp(hay + i, needle, nl))
			return true;
	return false;
}

/* Rebuilds the visible rows from the filter, keeping the selected item
 * when it still matches. */
static void
refilter(struct ui_picker *p)
{
	size_t i, keep = p->nvis ? p->vis[p->sel] : (size_t)-1;
	const char *f = edit_text(&p->filter);

	p->nvis = 0;
	p->sel = 0;
	for (i = 0; i < p->n; i++) {
		if (*f && !contains_ci(p->items[i].name, f) &&
		    !contains_ci(p->items[i].id, f))
			continue;
		if (i == keep)
			p->sel = p->nvis;
		p->vis[p->nvis++] = i;
	}
	p->top = 0;
}

void
account_picker_open(struct ui *ui, const struct ui_account *items, size_t n,
		    const char *current, bool startup)
{
	struct ui_picker *p = &ui->picker;
	size_t i;

	account_picker_free(ui);
	p->items = calloc(n ? n : 1, sizeof(*p->items));
	p->vis = calloc(n ? n : 1, sizeof(*p->vis));
	if (!p->items || !p->vis)
		line_oom();
	for (i = 0; i < n; i++) {
		p->items[i].id = dup_or_null(items[i].id ? items[i].id : "");
		p->items[i].name = dup_or_null(items[i].name);
	}
	p->n = n;
	p->current = dup_or_null(current);
	p->startup = startup;
	p->open = true;
	picker_layer_push(ui);
	refilter(p);
	for (i = 0; current && i < p->nvis; i++)
		if (!strcmp(p->items[p->vis[i]].id, current))
			p->sel = i;
	ui->dirty |= UI_DIRTY_DRAW;
}

/* Esc/q: at start-up there is nothing to go back to, so quit. */
static unsigned
close_picker(struct ui *ui)
{
	bool startup = ui->picker.startup;

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
	struct ui_picker *p = &ui->picker;
	const struct ui_account *a;
	char *id, *name;
	bool ok;

	if (!p->nvis) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "no account matches the filter (Esc clears it)");
		return CMD_REDRAW;
	}
	a = &p->items[p->vis[p->sel]];
	if (!ui->account.choose) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "switching accounts is not available here");
		return CMD_FAILED | CMD_REDRAW;
	}
	/* The hook may reopen or free the picker: work on copies. */
	id = dup_or_null(a->id);
	name = dup_or_null(a->name);
	ok = ui->account.choose(ui, id, name, ui->account.ud);
	if (ok && ui->picker.open && ui->picker.items == p->items)
		account_picker_free(ui);
	free(id);
	free(name);
	return ok ? CMD_REDRAW : CMD_FAILED | CMD_REDRAW;
}

static void
move_sel(struct ui_picker *p, long delta)
{
	long s = (long)p->sel + delta;

	if (!p->nvis)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)p->nvis)
		s = (long)p->nvis - 1;
	p->sel = (size_t)s;
}

/* A key while typing the filter. */
static unsigned
filter_key(struct ui *ui, int key, bool fkey)
{
	struct ui_picker *p = &ui->picker;

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
	struct ui_picker *p = &ui->picker;
	long page = p->rows_h > 1 ? p->rows_h - 1 : 1;

	if (!p->open)
		return CMD_OK;
	if (p->filtering)
		return filter_key(ui, key, fkey);
	if (fkey) {
		switch (key) {
		case CONFIG_KEY_DOWN:
			move_sel(p, 1);
			break;
		case CONFIG_KEY_UP:
			move_sel(p, -1);
			break;
		case CONFIG_KEY_HOME:
			move_sel(p, -(long)p->n);
			break;
		case CONFIG_KEY_END:
			move_sel(p, (long)p->n);
			break;
		case CONFIG_KEY_NPAGE:
			move_sel(p, page);
			break;
		case CONFIG_KEY_PPAGE:
			move_sel(p, -page);
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
		move_sel(p, 1);
		break;
	case 'k':
		move_sel(p, -1);
		break;
	case 'g':
		move_sel(p, -(long)p->n);
		break;
	case 'G':
		move_sel(p, (long)p->n);
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
	struct ui_picker *p = &ui->picker;
	size_t row;

	if (!p->open || x < p->rows_x || x >= p->rows_x + p->rows_w ||
	    y < p->rows_y || y >= p->rows_y + p->rows_h)
		return CMD_OK;
	row = p->top + (size_t)(y - p->rows_y);
	if (row >= p->nvis)
		return CMD_OK;
	if (dbl || row == p->sel) {
		p->sel = row;
		return choose(ui);
	}
	p->sel = row;
	return CMD_REDRAW;
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

void
account_picker_compose(struct ui *ui, int width, int height,
		       struct lines *frame)
{
	struct ui_picker *p = &ui->picker;
	const char *hl = line_glyph(LINE_G_HLINE);
	struct lines box = { 0 };
	struct line *l;
	int w = width - 8, rows, x, y, i, namew;
	size_t r;

	if (!p->open || width < 24 || height < 10)
		return;
	if (w > 72)
		w = 72;
	rows = height - 10;
	if (rows > (int)p->nvis)
		rows = p->nvis ? (int)p->nvis : 1;
	if (rows < 1)
		rows = 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;

	l = lines_add(&box);
	line_add(l, THEME_ROLE_BORDER, hl);
	line_addf(l, THEME_ROLE_TITLE, " %s (%zu) ",
		  p->startup ? "Choose an account" : "Switch account", p->n);
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);
	line_truncate(l, w);

	/* name | id: ids are 32 hex characters, names get the rest. */
	namew = w - 4 - 2 - 32 - 2;
	if (namew < 8)
		namew = 8;
	for (i = 0; i < rows; i++) {
		r = p->top + (size_t)i;
		l = box_line(&box);
		if (r >= p->nvis) {
			line_add(l, THEME_ROLE_DIM,
				 p->n ? " nothing matches the filter"
				      : " no accounts");
		} else {
			const struct ui_account *a = &p->items[p->vis[r]];
			enum theme_role role = r == p->sel
						       ? THEME_ROLE_SELECTION
						       : THEME_ROLE_DIALOG;
			bool cur = p->current && !strcmp(p->current, a->id);

			line_add(l, role, cur ? " * " : "   ");
			line_add_cell(l, role, a->name ? a->name : "-", namew,
				      false);
			line_add(l, role, "  ");
			line_add_cell(l, r == p->sel ? role : THEME_ROLE_DIM,
				      a->id, w - 1 - l->width, false);
		}
		box_end(l, w);
	}
	l = box_line(&box);
	if (p->filtering || p->filter.len) {
		line_add(l, THEME_ROLE_PROMPT, " /");
		line_add(l, THEME_ROLE_INPUT, edit_text(&p->filter));
		if (!p->filtering)
			line_add(l, THEME_ROLE_DIM, "  (Esc clears)");
	} else {
		line_add(l, THEME_ROLE_KEY, " Enter");
		line_add(l, THEME_ROLE_DIALOG, " use  ");
		line_add(l, THEME_ROLE_KEY, "j/k");
		line_add(l, THEME_ROLE_DIALOG, " move  ");
		line_add(l, THEME_ROLE_KEY, "/");
		line_add(l, THEME_ROLE_DIALOG, " filter  ");
		line_add(l, THEME_ROLE_KEY, "Esc");
		line_add(l, THEME_ROLE_DIALOG,
			 p->startup ? " quit" : " cancel");
	}
	box_end(l, w);
	l = lines_add(&box);
	while (l->width < w)
		line_add(l, THEME_ROLE_BORDER, hl);

	x = (width - w) / 2;
	y = (height - (int)box.n) / 2;
	p->rows_x = x;
	p->rows_y = y + 1;
	p->rows_w = w;
	p->rows_h = rows;
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

/* The picker's state is ui->picker: the layer has no self to free. */
static const struct layer_ops picker_layer = {
	.name = "account picker",
	.rank = LAYER_RANK_PICKER,
	.key = layer_key,
	.compose = layer_compose,
	.click = layer_click,
};

static void
picker_layer_push(struct ui *ui)
{
	ui_layer_push(ui, &picker_layer, NULL);
}

static void
picker_layer_pop(struct ui *ui)
{
	ui_layer_pop(ui, &picker_layer);
}
