/* viewer.c: the text viewer as a layer: the list's movement keys scroll it, Esc/q close it, every other key goes on to the panes. */
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/layer.h"
#include "ui/ui.h"
#include "ui/viewer.h"

static void
viewer_free(void *self)
{
	struct ui_viewer *v = self;

	free(v->title);
	lines_free(&v->text);
	free(v);
}

/* Scrolls by delta lines, within the text. */
static unsigned
scroll(struct ui_viewer *v, long delta)
{
	long top = (long)v->top + delta;
	long max = (long)v->text.n - v->h;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	v->top = (size_t)top;
	return CMD_REDRAW;
}

static bool
is_viewer_key(const char *name)
{
	static const char *const names[] = { "down",   "up",	    "top",
					     "bottom", "page-down", "page-up",
					     "enter",  "back",	    "close" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The list's keys, as the key map binds them, move the text; Esc and q
 * close; the rest (':', '?', the pane keys) pass to the panes. */
static unsigned
viewer_key(struct ui *ui, void *self, int key, bool fkey)
{
	struct ui_viewer *v = self;
	const struct command *c;
	long page = v->h > 1 ? v->h - 1 : 1;

	if (!fkey && key >= 0x80)
		return CMD_OK;
	c = cmd_for_key(ui, key);
	if (!c || !is_viewer_key(c->name))
		return LAYER_PASS;
	ui->status[0] = '\0';
	if (!strcmp(c->name, "down"))
		return scroll(v, 1);
	if (!strcmp(c->name, "up"))
		return scroll(v, -1);
	if (!strcmp(c->name, "top"))
		return scroll(v, -1000000000L);
	if (!strcmp(c->name, "bottom"))
		return scroll(v, 1000000000L);
	if (!strcmp(c->name, "page-down"))
		return scroll(v, page);
	if (!strcmp(c->name, "page-up"))
		return scroll(v, -page);
	if (!strcmp(c->name, "enter"))
		return CMD_OK;
	/* back, close */
	viewer_close(ui);
	return CMD_REDRAW;
}

/* Draws over the panes' title row, list and detail area (the header, the
 * tabs and the status area stay). */
static void
viewer_compose(struct ui *ui, void *self, int width, int height,
	       struct lines *frame)
{
	struct ui_viewer *v = self;
	int srows = ui_status_rows(ui, width, height);
	int n = height - 3 - srows, i;
	struct line *l;

	if (n < 1 || frame->n < (size_t)height)
		return;
	l = &frame->v[2];
	line_reset(l);
	line_add(l, THEME_ROLE_TITLE, " ");
	line_add(l, THEME_ROLE_TITLE, v->title);
	line_addf(l, THEME_ROLE_DIM, "  %zu lines", v->text.n);
	if (l->width < width)
		line_pad(l, THEME_ROLE_TITLE, width - l->width);
	v->h = n;
	for (i = 0; i < n; i++) {
		size_t k = v->top + (size_t)i;

		l = &frame->v[3 + i];
		line_reset(l);
		if (k < v->text.n)
			line_append_fit(l, &v->text.v[k], width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
	if (!ui->status[0]) {
		l = &frame->v[height - 1];
		line_reset(l);
		line_add(l, THEME_ROLE_DIM,
			 "j/k scroll  g/G top/bottom  q/Esc close");
		if (l->width < width)
			line_pad(l, THEME_ROLE_STATUS, width - l->width);
	}
}

static const struct layer_ops viewer_layer = {
	.name = "viewer",
	.rank = LAYER_RANK_VIEWER,
	.body = true,
	.key = viewer_key,
	.compose = viewer_compose,
	.click = layer_click_tabs, /* the tab row stays live */
	.free = viewer_free,
};

void
viewer_open(struct ui *ui, const char *title, struct lines *text)
{
	struct ui_viewer *v = xcalloc(1, sizeof(*v));

	dialog_free(ui);
	v->title = xstrdup(title ? title : "");
	v->text = *text;
	memset(text, 0, sizeof(*text));
	ui_layer_push(ui, &viewer_layer, v);
}

bool
viewer_close(struct ui *ui)
{
	return ui_layer_pop(ui, &viewer_layer);
}

bool
viewer_is_open(const struct ui *ui)
{
	return ui_layer_has(ui, &viewer_layer);
}

const struct ui_viewer *
viewer_current(const struct ui *ui)
{
	return ui_layer_self(ui, &viewer_layer);
}
