/* pane.c: generic list pane: rows, filter, sort, selection, scrolling and table rendering. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "ui/pane.h"

#define CELL_MAX 512

/* Generated from PANE_LIST (pane.h), so the enum, the declarations and
 * the registry cannot disagree; the assertion catches a hand edit. */
#define PANE_ENTRY_(e, n) [PANE_##e] = &n##_pane_ops,
const struct pane_ops *const pane_registry[PANE_COUNT + 1] = {
	PANE_LIST(PANE_ENTRY_)[PANE_COUNT] = NULL,
};
#undef PANE_ENTRY_

_Static_assert(sizeof(pane_registry) / sizeof(pane_registry[0]) ==
		       PANE_COUNT + 1,
	       "pane_registry: one entry per enum pane_index");

size_t
pane_needs_pools(const struct pane *p, struct pane_need *need)
{
	(void)p;
	need[0] = (struct pane_need){ STORE_POOLS, NULL };
	need[1] = (struct pane_need){ STORE_MONITORS, NULL };
	return 2;
}

int
pane_index(const struct pane_ops *ops)
{
	int i;

	for (i = 0; ops && i < PANE_COUNT; i++)
		if (pane_registry[i] == ops)
			return i;
	return -1;
}

int
pane_lookup(const char *name)
{
	size_t n;
	int i, hit = -1;

	if (!name || !*name)
		return -1;
	for (i = 0; pane_registry[i]; i++)
		if (!strcmp(pane_registry[i]->name, name))
			return i;
	n = strlen(name);
	for (i = 0; pane_registry[i]; i++) {
		if (!strncmp(pane_registry[i]->name, name, n)) {
			if (hit >= 0)
				return -1;
			hit = i;
		}
	}
	return hit;
}

struct pane *
pane_new(const struct pane_ops *ops)
{
	struct pane *p = xcalloc(1, sizeof(*p));

	p->ops = ops;
	p->sort_col = -1;
	return p;
}

static void
pane_free_keys(struct pane *p)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++)
		free(p->keys[i]);
	free(p->keys);
	p->keys = NULL;
	p->nkeys = 0;
}

static void
pane_clear_rows(struct pane *p)
{
	pane_free_keys(p);
	free(p->objs);
	free(p->vis);
	p->objs = NULL;
	p->vis = NULL;
	p->nobjs = p->nvis = 0;
	p->sel = p->top = 0;
	p->fit_valid = false;
}

void
pane_free(struct pane *p)
{
	if (!p)
		return;
	pane_clear_rows(p);
	store_snapshot_release(p->snap);
	free(p->scope_id);
	free(p->scope_label);
	free(p->filter);
	free(p);
}

void
pane_set_scope(struct pane *p, const char *id, const char *label)
{
	char *nid = xstrdup(id), *nlabel = xstrdup(label);

	free(p->scope_id);
	free(p->scope_label);
	p->scope_id = nid;
	p->scope_label = nlabel;
	pane_clear_rows(p);
	p->generation = 0;
	store_snapshot_release(p->snap);
	p->snap = NULL;
}

/* ---- search keys and filtering -------------------------------------------- */

/* Lower-case text of every cell of obj (but the unfiltered columns'),
 * separated by a tab. */
static char *
pane_key_of(const struct pane *p, const void *obj)
{
	char cell[CELL_MAX], *key, *q;
	size_t c, len = 0, cap = 256, n;

	key = xcalloc(cap, 1);
	for (c = 0; c < p->ops->ncols; c++) {
		if (p->ops->cols[c].unfiltered)
			continue;
		cell[0] = '\0';
		p->ops->cell(p, obj, c, cell, sizeof(cell));
		n = strlen(cell);
		if (len + n + 2 > cap) {
			cap = (len + n + 2) * 2;
			key = xrealloc(key, cap);
		}
		memcpy(key + len, cell, n);
		len += n;
		key[len++] = '\t';
		key[len] = '\0';
	}
	for (q = key; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return key;
}

/* Makes sure every object has its key (lazy: only once a filter is used). */
static void
pane_ensure_keys(struct pane *p)
{
	size_t i;

	if (p->nkeys == p->nobjs)
		return;
	p->keys =
		realloc(p->keys, (p->nobjs ? p->nobjs : 1) * sizeof(*p->keys));
	if (!p->keys)
		line_oom();
	for (i = p->nkeys; i < p->nobjs; i++)
		p->keys[i] = pane_key_of(p, p->objs[i]);
	p->nkeys = p->nobjs;
}

static bool
pane_has_filter(const struct pane *p)
{
	return p->filter && *p->filter;
}

/* ---- sorting ---------------------------------------------------------------- */

struct sort_item {
	size_t idx;
	char *text;
	double num;
	/* Grouped panes (ops->is_child): the parent row's objs index (a
	 * parent row is its own group, so group != idx means a child) and
	 * the parent's sort key. */
	size_t group;
	char *gtext;
	double gnum;
};

static int sort_numeric_;
static int sort_desc_;
static int sort_grouped_;

/* One key against another, in the pane's direction; 0 when equal. */
static int
key_cmp(const char *xt, double xn, const char *yt, double yn)
{
	int r;

	if (sort_numeric_)
		r = (xn > yn) - (xn < yn);
	else
		r = strcasecmp(xt ? xt : "", yt ? yt : "");
	return sort_desc_ ? -r : r;
}

static int
sort_cmp(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int r = 0;

	if (sort_grouped_) {
		/* Groups by their parent's key, then kept whole; the parent
		 * first, then its children by their own keys. */
		r = key_cmp(x->gtext, x->gnum, y->gtext, y->gnum);
		if (r == 0)
			r = (x->group > y->group) - (x->group < y->group);
		if (r == 0)
			r = (int)(x->group != x->idx) -
			    (int)(y->group != y->idx);
	}
	if (r == 0)
		r = key_cmp(x->text, x->num, y->text, y->num);
	if (r == 0)
		r = (x->idx > y->idx) - (x->idx < y->idx);
	return r;
}

/* Writes the sort column's cell of objs[i] into buf. */
static void
sort_cell(struct pane *p, size_t i, char *buf, size_t size)
{
	buf[0] = '\0';
	p->ops->cell(p, p->objs[i], (size_t)p->sort_col, buf, size);
}

/* Sorts vis by the sort column (UI thread only: qsort has no context). */
static void
pane_apply_sort(struct pane *p)
{
	struct sort_item *items;
	char cell[CELL_MAX];
	size_t i, last, *parent = NULL;

	if (p->sort_col < 0 || (size_t)p->sort_col >= p->ops->ncols ||
	    p->nvis < 2)
		return;
	items = xcalloc(p->nvis, sizeof(*items));
	if (p->ops->is_child) {
		/* objs are in collect order: a child's parent is the last
		 * non-child before it (visible or not: a filter may hide it). */
		parent = xcalloc(p->nobjs, sizeof(*parent));
		for (i = 0, last = 0; i < p->nobjs; i++) {
			if (!p->ops->is_child(p->objs[i]))
				last = i;
			parent[i] = last;
		}
	}
	for (i = 0; i < p->nvis; i++) {
		sort_cell(p, p->vis[i], cell, sizeof(cell));
		items[i].idx = p->vis[i];
		items[i].text = xstrdup(cell);
		items[i].num = strtod(cell, NULL);
		if (parent) {
			items[i].group = parent[p->vis[i]];
			if (items[i].group != p->vis[i])
				sort_cell(p, items[i].group, cell,
					  sizeof(cell));
			items[i].gtext = xstrdup(cell);
			items[i].gnum = strtod(cell, NULL);
		}
	}
	sort_numeric_ = p->ops->cols[p->sort_col].numeric;
	sort_desc_ = p->sort_desc;
	sort_grouped_ = parent != NULL;
	qsort(items, p->nvis, sizeof(*items), sort_cmp);
	for (i = 0; i < p->nvis; i++) {
		p->vis[i] = items[i].idx;
		free(items[i].text);
		free(items[i].gtext);
	}
	free(items);
	free(parent);
}

/* Rebuilds vis from objs, filter and sort; keeps the selected object. */
static void
pane_rebuild(struct pane *p, const void *keep)
{
	size_t i;

	free(p->vis);
	p->vis = xcalloc(p->nobjs, sizeof(*p->vis));
	p->nvis = 0;
	p->fit_valid = false;
	if (pane_has_filter(p))
		pane_ensure_keys(p);
	for (i = 0; i < p->nobjs; i++)
		if (!pane_has_filter(p) || strstr(p->keys[i], p->filter))
			p->vis[p->nvis++] = i;
	pane_apply_sort(p);
	p->sel = 0;
	if (keep) {
		for (i = 0; i < p->nvis; i++) {
			if (p->objs[p->vis[i]] == keep) {
				p->sel = i;
				break;
			}
		}
	}
	if (p->top > p->sel)
		p->top = p->sel;
}

void
pane_load(struct pane *p, struct store_snapshot *snap)
{
	const void **objs = NULL;
	const void *keep = NULL;
	char *keep_id = NULL;
	size_t n, i, same = 0;
	size_t old_sel = p->sel;

	if (pane_selected(p) && p->ops->id)
		keep_id = xstrdup(p->ops->id(pane_selected(p)));
	n = p->ops->collect(p, snap, &objs);

	/* Keep the search keys of objects that did not change (the common
	 * case while a big list arrives page by page). */
	while (same < n && same < p->nkeys && objs[same] == p->objs[same])
		same++;
	for (i = same; i < p->nkeys; i++)
		free(p->keys[i]);
	p->nkeys = same;

	free(p->objs);
	p->objs = objs;
	p->nobjs = n;

	p->generation = snap ? snap->generation : 0;
	/* Release the old snapshot only now: keep_id and the old keys were
	 * computed from it. */
	if (snap)
		store_snapshot_ref(snap);
	store_snapshot_release(p->snap);
	p->snap = snap;
	/* Build the search keys now, page by page as a big list arrives, so
	 * the first filter keystroke does not pay for all of them at once.
	 * Live panes reload too often for that: keys only when filtering. */
	if (!p->ops->live)
		pane_ensure_keys(p);
	for (i = 0; keep_id && i < n; i++) {
		const char *id = p->ops->id(objs[i]);

		if (id && !strcmp(id, keep_id)) {
			keep = objs[i];
			break;
		}
	}
	pane_rebuild(p, keep);
	if (!keep && keep_id && old_sel < p->nvis)
		p->sel = old_sel; /* it went away: stay at the same row */
	free(keep_id);
}

void
pane_set_filter(struct pane *p, const char *filter)
{
	const void *keep = pane_selected(p);
	char *f = xstrdup(filter && *filter ? filter : NULL), *q;

	for (q = f; q && *q; q++)
		*q = (char)tolower((unsigned char)*q);
	free(p->filter);
	p->filter = f;
	pane_rebuild(p, keep);
}

void
pane_sort(struct pane *p, int col, bool desc)
{
	const void *keep = pane_selected(p);

	if (col >= (int)p->ops->ncols)
		col = -1;
	p->sort_col = col;
	p->sort_desc = desc;
	pane_rebuild(p, keep);
}

void
pane_move(struct pane *p, long delta)
{
	long s = (long)p->sel + delta;

	if (p->nvis == 0) {
		p->sel = 0;
		return;
	}
	if (s < 0)
		s = 0;
	if (s >= (long)p->nvis)
		s = (long)p->nvis - 1;
	p->sel = (size_t)s;
}

void
pane_select(struct pane *p, size_t i)
{
	p->sel = 0;
	pane_move(p, (long)i);
}

const void *
pane_selected(const struct pane *p)
{
	if (p->sel >= p->nvis)
		return NULL;
	return p->objs[p->vis[p->sel]];
}

void
pane_detail(const struct pane *p, const void *obj,
	    const struct store_snapshot *snap, struct lines *out)
{
	if (p->ops->detail_in)
		p->ops->detail_in(p, obj, snap, out);
	else
		p->ops->detail(obj, snap, out);
}

/* ---- rendering -------------------------------------------------------------- */

/* Rows measured for `fit` widths: enough for any list a person reads
 * whole, bounded for the big ones. */
#define FIT_ROWS 2000

static size_t
cell_span(const struct pane *p, const void *obj, size_t c)
{
	size_t n = p->ops->span ? p->ops->span(p, obj, c) : 1;

	if (n < 1)
		n = 1;
	if (n > p->ops->ncols - c)
		n = p->ops->ncols - c;
	return n;
}

/* The widest cell (or title) of column c among the first FIT_ROWS
 * visible rows; cells spanning several columns do not count. Cached until
 * the rows are rebuilt (a cell is not cheap: a monitor's name is looked up
 * by id). */
static int
content_width(struct pane *p, size_t c)
{
	char cell[CELL_MAX];
	size_t r, k;
	int best = line_strwidth(p->ops->cols[c].title) + 1, cw;

	if (c >= sizeof(p->fitw) / sizeof(p->fitw[0]))
		return best;
	if (!p->fit_valid) {
		for (k = 0; k < sizeof(p->fitw) / sizeof(p->fitw[0]); k++)
			p->fitw[k] = -1;
		p->fit_valid = true;
	}
	if (p->fitw[c] >= 0)
		return p->fitw[c];

	for (r = 0; r < p->nvis && r < FIT_ROWS; r++) {
		const void *obj = p->objs[p->vis[r]];

		if (cell_span(p, obj, c) != 1)
			continue;
		cell[0] = '\0';
		p->ops->cell(p, obj, c, cell, sizeof(cell));
		cw = line_strwidth(cell);
		if (cw > best)
			best = cw;
	}
	p->fitw[c] = best;
	return best;
}

/* Gives up to `need` of *spare to w. */
static void
grow(int *w, int need, int *spare)
{
	int g = need < *spare ? need : *spare;

	if (g > 0) {
		*w += g;
		*spare -= g;
	}
}

/* Column widths for `width` columns (see struct pane_col). */
static void
pane_widths(struct pane *p, int width, int *w)
{
	int used = 0, flex = -1, spare;
	size_t c;
	bool fits = false;

	for (c = 0; c < p->ops->ncols; c++) {
		w[c] = p->ops->cols[c].width;
		if (p->ops->cols[c].flex)
			flex = (int)c;
		fits |= p->ops->cols[c].fit;
		used += w[c] + (c ? 1 : 0);
	}
	if (used < width && fits) {
		spare = width - used;
		if (flex >= 0)
			grow(&w[flex], content_width(p, (size_t)flex) - w[flex],
			     &spare);
		for (c = 0; c < p->ops->ncols; c++)
			if (p->ops->cols[c].fit)
				grow(&w[c], content_width(p, c) - w[c], &spare);
		if (flex >= 0)
			w[flex] += spare;
		else
			w[p->ops->ncols - 1] += spare;
	} else if (flex >= 0 && used < width)
		w[flex] += width - used;
	else if (flex >= 0 && used > width) {
		int cut = used - width;
		int room = w[flex] - 8;

		if (room > 0) {
			w[flex] -= cut < room ? cut : room;
		}
	}
}

static void
pane_row(const struct pane *p, const void *obj, const int *w, int width,
	 bool selected, struct line *l)
{
	char cell[CELL_MAX];
	enum theme_role role,
		base = selected ? THEME_ROLE_SELECTION : p->ops->base_role;
	size_t c;

	for (c = 0; c < p->ops->ncols && l->width < width;) {
		size_t span = cell_span(p, obj, c), k;
		int cw = w[c];

		for (k = 1; k < span; k++)
			cw += 1 + w[c + k];
		if (c)
			line_pad(l, base, 1);
		if (l->width + cw > width)
			cw = width - l->width;
		cell[0] = '\0';
		role = p->ops->cell(p, obj, c, cell, sizeof(cell));
		line_add_cell(l, selected ? THEME_ROLE_SELECTION : role, cell,
			      cw, span == 1 && p->ops->cols[c].right);
		c += span;
	}
	if (l->width < width)
		line_pad(l, base, width - l->width);
}

void
pane_render(struct pane *p, int width, int height, bool focused,
	    struct lines *out)
{
	int w[32], rows = height - 1, i;
	struct line *l;
	size_t c;

	lines_reset(out);
	if (height < 1 || width < 1)
		return;
	pane_widths(p, width, w);
	l = lines_add(out);
	for (c = 0; c < p->ops->ncols && l->width < width; c++) {
		char title[64];
		int cw = w[c];

		snprintf(title, sizeof(title), "%s%s", p->ops->cols[c].title,
			 (int)c == p->sort_col
				 ? line_glyph(p->sort_desc ? LINE_G_DOWN
							   : LINE_G_UP)
				 : "");
		if (c)
			line_pad(l, THEME_ROLE_COLUMN_HEADER, 1);
		if (l->width + cw > width)
			cw = width - l->width;
		line_add_cell(l, THEME_ROLE_COLUMN_HEADER, title, cw,
			      p->ops->cols[c].right);
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_COLUMN_HEADER, width - l->width);

	p->height = rows > 0 ? rows : 1;
	if (p->sel < p->top)
		p->top = p->sel;
	if (rows > 0 && p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	if (p->top + (size_t)rows > p->nvis)
		p->top = p->nvis > (size_t)rows ? p->nvis - (size_t)rows : 0;
	for (i = 0; i < rows && p->top + (size_t)i < p->nvis; i++) {
		size_t r = p->top + (size_t)i;

		pane_row(p, p->objs[p->vis[r]], w, width,
			 focused && r == p->sel, lines_add(out));
	}
}
