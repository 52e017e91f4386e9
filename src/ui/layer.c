/* layer.c: the stack of modal layers: push by rank, pop by kind, and keys, clicks, frames and the cursor routed through it. */
#include <string.h>

#include "ui/layer.h"
#include "ui/ui.h"

static int
find(const struct ui *ui, const struct layer_ops *ops)
{
	int i;

	for (i = ui->nlayers - 1; i >= 0; i--)
		if (ui->layers[i].ops == ops)
			return i;
	return -1;
}

static void
remove_at(struct ui *ui, int i)
{
	struct ui_layer l = ui->layers[i];

	memmove(&ui->layers[i], &ui->layers[i + 1],
		(size_t)(ui->nlayers - i - 1) * sizeof(ui->layers[0]));
	ui->nlayers--;
	/* Out of the stack before its free hook runs, so the hook (or what
	 * it calls) never finds a half-freed layer. */
	if (l.ops->free && l.self)
		l.ops->free(l.self);
	ui->dirty |= UI_DIRTY_DRAW;
}

void
ui_layer_push(struct ui *ui, const struct layer_ops *ops, void *self)
{
	int i = find(ui, ops);

	if (i >= 0)
		remove_at(ui, i);
	if (ui->nlayers >= UI_MAX_LAYERS)
		line_oom();
	for (i = ui->nlayers; i > 0 && ui->layers[i - 1].ops->rank > ops->rank;
	     i--)
		ui->layers[i] = ui->layers[i - 1];
	ui->layers[i].ops = ops;
	ui->layers[i].self = self;
	ui->nlayers++;
	ui->dirty |= UI_DIRTY_DRAW;
}

bool
ui_layer_pop(struct ui *ui, const struct layer_ops *ops)
{
	int i = find(ui, ops);

	if (i < 0)
		return false;
	remove_at(ui, i);
	return true;
}

bool
ui_layer_has(const struct ui *ui, const struct layer_ops *ops)
{
	return find(ui, ops) >= 0;
}

void *
ui_layer_self(const struct ui *ui, const struct layer_ops *ops)
{
	int i = find(ui, ops);

	return i >= 0 ? ui->layers[i].self : NULL;
}

const struct layer_ops *
ui_layer_top(const struct ui *ui)
{
	return ui->nlayers ? ui->layers[ui->nlayers - 1].ops : NULL;
}

unsigned
layer_click_tabs(struct ui *ui, void *self, int x, int y, bool dbl)
{
	(void)ui;
	(void)self;
	(void)x;
	(void)dbl;
	return y == 1 ? LAYER_PASS : CMD_OK;
}

void
ui_layers_free(struct ui *ui)
{
	while (ui->nlayers)
		remove_at(ui, ui->nlayers - 1);
}

unsigned
ui_layers_key(struct ui *ui, int key, bool fkey, bool *taken)
{
	int i;

	for (i = ui->nlayers - 1; i >= 0; i--) {
		const struct ui_layer l = ui->layers[i];
		unsigned r;

		if (!l.ops->key)
			continue;
		r = l.ops->key(ui, l.self, key, fkey);
		if (r != LAYER_PASS) {
			*taken = true;
			return r;
		}
	}
	*taken = false;
	return 0;
}

unsigned
ui_layers_click(struct ui *ui, int x, int y, bool dbl, bool *taken)
{
	int i;

	for (i = ui->nlayers - 1; i >= 0; i--) {
		const struct ui_layer l = ui->layers[i];
		unsigned r =
			l.ops->click ? l.ops->click(ui, l.self, x, y, dbl) : 0;

		if (r != LAYER_PASS) {
			*taken = true;
			return r;
		}
	}
	*taken = false;
	return 0;
}

int
ui_layers_base(const struct ui *ui, bool *opaque)
{
	int i;

	for (i = ui->nlayers - 1; i >= 0; i--)
		if (ui->layers[i].ops->opaque) {
			*opaque = true;
			return i;
		}
	*opaque = false;
	return 0;
}

bool
ui_layers_cover_body(const struct ui *ui)
{
	int i;

	for (i = 0; i < ui->nlayers; i++)
		if (ui->layers[i].ops->body)
			return true;
	return false;
}

void
ui_layers_compose(struct ui *ui, int first, int width, int height,
		  struct lines *frame)
{
	int i;

	/* A hook may pop its own layer (a screen that finds its work gone):
	 * the count is read again each time round. */
	for (i = first; i < ui->nlayers; i++) {
		const struct ui_layer l = ui->layers[i];

		if (l.ops->compose)
			l.ops->compose(ui, l.self, width, height, frame);
	}
}

bool
ui_layers_cursor(struct ui *ui, int width, int height, int *y, int *x)
{
	int i;

	for (i = ui->nlayers - 1; i >= 0; i--) {
		const struct ui_layer l = ui->layers[i];

		if (l.ops->cursor)
			return l.ops->cursor(ui, l.self, width, height, y, x);
	}
	return false;
}
