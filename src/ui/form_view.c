/* form_view.c: draws any step of a struct form as attributed lines, scrolled to the focus (keys: form_view_keys.c; why not formw: form_view.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/config.h"
#include "cfconsole/form_table.h"
#include "ui/edit.h"
#include "ui/form_view.h"
#include "ui/form_view_priv.h"
#include "ui/wrap.h"

#define LABEL_W 18	/* label column */
#define LEAD_W 3	/* " ▸ " */
#define MAX_COLS 16	/* table columns */
#define CHOICE_WINDOW 8 /* values listed under a focused choice */

/* One line of the field list, tagged with the field it belongs to. */
struct vline {
	struct line l;
	char *id;   /* field or cell id, or NULL */
	bool focus; /* part of the focused field */
};

struct vlines {
	struct vline *v;
	size_t n, cap;
};

void
fv_set_id(char **dst, const char *s)
{
	char *d = xstrdup(s);

	free(*dst);
	*dst = d;
}

struct form_view *
form_view_new(void)
{
	return calloc(1, sizeof(struct form_view));
}

static void
rows_free(struct form_view *v)
{
	int i;

	for (i = 0; i < v->nrows; i++)
		free(v->row_ids[i]);
	free(v->row_ids);
	v->row_ids = NULL;
	v->nrows = 0;
}

void
form_view_reset(struct form_view *v)
{
	fv_set_id(&v->ed_id, NULL);
	fv_set_id(&v->sub_id, NULL);
	fv_set_id(&v->map_id, NULL);
	fv_set_id(&v->map_bad_key, NULL);
	v->ed_map = false;
	v->map_why[0] = '\0';
	edit_set(&v->ed, "");
	v->top = 0;
	v->sub = 0;
}

void
form_view_free(struct form_view *v)
{
	if (!v)
		return;
	form_view_reset(v);
	rows_free(v);
	free(v);
}

/* ---- tables and maps of the wizard's plan or of one object --------------- */

/* The cell fields of table `table`, in column order: the wizard's static
 * table, or an object form's (its rows' writable fields the form
 * describes). */
static size_t
table_columns(const struct form *f, const char *table,
	      const struct form_field **cols, size_t max)
{
	const struct field *tf;
	const struct field_table *sub;
	char id[200];
	size_t k, n = 0;

	if (!form_is_object(f))
		return form_table_columns(table, cols, max);
	tf = fields_find(form_resource(f), table, form_object(f));
	if (!tf || tf->kind != FIELD_TABLE || !tf->rows)
		return 0;
	sub = fields_table(tf->rows->res);
	for (k = 0; k < sub->n && n < max; k++) {
		const struct form_field *d;

		if (!fields_writable(&sub->v[k]))
			continue;
		snprintf(id, sizeof(id), "%s[].%s", table, sub->v[k].name);
		d = form_def(f, id);
		if (d)
			cols[n++] = d;
	}
	return n;
}

/* The entries of map field id: the wizard plan's, or a load balancer
 * form's ("pop_pools", "region_pools", "country_pools"). */
static const struct cf_pool_map *
map_entries(const struct form *f, const char *id)
{
	const struct cf_load_balancer *lb;

	if (!form_is_object(f))
		return form_map_entries(f, id);
	if (!id || form_resource(f) != FIELD_RES_LB)
		return NULL;
	lb = form_object(f);
	if (!strcmp(id, "pop_pools"))
		return &lb->pop_pools;
	if (!strcmp(id, "region_pools"))
		return &lb->region_pools;
	if (!strcmp(id, "country_pools"))
		return &lb->country_pools;
	return NULL;
}

void
form_view_field_name(const struct form *f, const char *id, char *buf,
		     size_t size)
{
	const struct form_field *d = form_def(f, id);
	const char *lb = strchr(id, '[');

	if (d && lb)
		snprintf(buf, size, "%s of row %lu", d->label,
			 strtoul(lb + 1, NULL, 10) + 1);
	else
		snprintf(buf, size, "%s", d ? d->label : id);
}

/* ---- field facts --------------------------------------------------------- */

enum form_kind
fv_kind_of(const struct form *f, const char *id)
{
	const struct form_field *d = id ? form_def(f, id) : NULL;

	return d ? d->kind : FORM_TEXT;
}

/* "pool.origins[2].address" -> table "pool.origins", row 2, column
 * ".address"; false for a field that is no cell. */
bool
fv_cell_parts(const char *id, char *table, size_t tsize, size_t *row,
	      const char **col)
{
	const char *lb = id ? strchr(id, '[') : NULL, *rb;
	char *end;

	if (!lb)
		return false;
	rb = strchr(lb, ']');
	if (!rb)
		return false;
	*row = strtoul(lb + 1, &end, 10);
	if (end != rb)
		return false;
	snprintf(table, tsize, "%.*s", (int)(lb - id), id);
	*col = rb + 1;
	return true;
}

/* Choices whose values are ids: drawn by their names. */
bool
fv_object_choice(const char *id)
{
	/* The wizard's, then an object form's (a load balancer's fallback,
	 * a pool's monitor). */
	return !strcmp(id, "pool.existing") ||
	       !strcmp(id, "monitor.existing") ||
	       !strcmp(id, "load_balancer.fallback_pool") ||
	       !strcmp(id, "fallback_pool") || !strcmp(id, "monitor");
}

/* Choice fields that also take typed text (a zone name). */
bool
fv_typed_choice(const char *id)
{
	return id && !strcmp(id, "zone");
}

bool
form_view_typing(struct form_view *v, struct form *f)
{
	const char *fo = form_focus(f);
	enum form_kind k = fv_kind_of(f, fo);

	(void)v;
	if (!fo)
		return false;
	return k == FORM_TEXT || k == FORM_NUMBER || k == FORM_MAP ||
	       (k == FORM_CHOICE && fv_typed_choice(fo));
}

/* The explanation of value in field id's choices (copied into buf). */
static const char *
choice_help(struct form *f, const char *id, const char *value, char *buf,
	    size_t size)
{
	size_t n, i;
	const struct valid_choice *c = form_choices(f, id, &n);

	buf[0] = '\0';
	for (i = 0; value && i < n; i++)
		if (!strcmp(c[i].value, value)) {
			snprintf(buf, size, "%s", c[i].help ? c[i].help : "");
			break;
		}
	return buf;
}

/* How a pool reference reads: "this plan's pool (inference-pool)". */
static void
pool_label(struct form *f, const char *field, const char *ref, char *buf,
	   size_t size)
{
	const struct cf_plan *p = form_plan(f);
	char help[200];

	if (!strcmp(ref, CF_PLAN_POOL_REF) &&
	    p->pool_source == CF_PLAN_EXISTING) {
		/* The placeholder stands for the pool picked in step 2. */
		choice_help(f, "pool.existing", p->pool_id, help, sizeof(help));
		snprintf(buf, size, "the chosen pool (%s)",
			 help[0]      ? help
			 : p->pool_id ? p->pool_id
				      : "none");
		return;
	}
	if (!strcmp(ref, CF_PLAN_POOL_REF)) {
		snprintf(buf, size, "this plan's pool%s%s%s",
			 p->pool.name && *p->pool.name ? " (" : "",
			 p->pool.name && *p->pool.name ? p->pool.name : "",
			 p->pool.name && *p->pool.name ? ")" : "");
		return;
	}
	choice_help(f, field, ref, help, sizeof(help));
	snprintf(buf, size, "%s", help[0] ? help : ref);
}

/* Does issue field `is` belong to field id (itself, a cell, a key)? */
static bool
about(const char *is, const char *id)
{
	size_t n = strlen(id);

	return !strncmp(is, id, n) &&
	       (is[n] == '\0' || is[n] == '.' || is[n] == '[');
}

static const char *
extra_issue(const struct form_view_ctx *ctx, const char *id, bool warning)
{
	size_t i;

	if (!ctx || !ctx->extra)
		return NULL;
	for (i = 0; i < ctx->extra->n; i++) {
		const struct plan_issue *is = &ctx->extra->v[i];

		if (is->warning == warning && about(is->field, id))
			return is->message;
	}
	return NULL;
}

/* The reason field id is invalid: the form's, or an extra error. */
static const char *
reason_of(struct form *f, const struct form_view_ctx *ctx, const char *id)
{
	const char *why = form_why(f, id);

	/* An object not picked yet: say how to pick one, not what an id
	 * looks like. */
	if (why && fv_object_choice(id) && !*form_text(f, id))
		return "none chosen yet: Left/Right picks one";
	return why ? why : extra_issue(ctx, id, false);
}

/* ---- editor -------------------------------------------------------------- */

/* Forgets a map key typed wrong: the form keeps it with its reason (and
 * refuses Next) until it is set again. */
void
fv_drop_bad_key(struct form_view *v, struct form *f)
{
	const struct cf_pool_map *m;
	char joined[1024] = "";
	size_t i, k, len = 0;

	if (!v->map_bad_key || !v->map_id)
		goto out;
	m = map_entries(f, v->map_id);
	for (i = 0; m && i < m->n; i++) {
		if (strcmp(m->e[i].key, v->map_bad_key))
			continue;
		/* A valid key with an entry: set it to what it holds. */
		for (k = 0; k < m->e[i].pool_ids.n && len < sizeof(joined); k++)
			len += (size_t)snprintf(
				joined + len, sizeof(joined) - len, "%s%s",
				k ? "," : "", m->e[i].pool_ids.v[k]);
		break;
	}
	form_map_set(f, v->map_id, v->map_bad_key, joined);
out:
	fv_set_id(&v->map_bad_key, NULL);
	fv_set_id(&v->map_id, NULL);
	v->map_why[0] = '\0';
}

void
form_view_sync(struct form_view *v, struct form *f)
{
	const char *fo = form_focus(f);
	enum form_kind k = fv_kind_of(f, fo);
	const char *t;

	if (!fo) {
		fv_set_id(&v->ed_id, NULL);
		return;
	}
	if (k == FORM_MAP) {
		if (!v->ed_map || !v->ed_id || strcmp(v->ed_id, fo)) {
			if (v->map_bad_key)
				fv_drop_bad_key(v, f);
			fv_set_id(&v->ed_id, fo);
			v->ed_map = true;
			edit_set(&v->ed, "");
		}
		return;
	}
	if (v->ed_map) {
		if (v->map_bad_key)
			fv_drop_bad_key(v, f);
		v->ed_map = false;
		fv_set_id(&v->ed_id, NULL);
	}
	if (k != FORM_TEXT && k != FORM_NUMBER && k != FORM_CHOICE) {
		fv_set_id(&v->ed_id, fo);
		return;
	}
	/* The text may have changed with another field (the zone renames
	 * the LB): the editor shows the form's text, cursor at its end. */
	t = form_text(f, fo);
	if (!v->ed_id || strcmp(v->ed_id, fo) || strcmp(edit_text(&v->ed), t)) {
		edit_set(&v->ed, t);
		fv_set_id(&v->ed_id, fo);
	}
}

/* ---- drawing ------------------------------------------------------------- */

static struct vline *
vl_add(struct vlines *ls, const char *id, bool focus)
{
	struct vline *n;

	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 32;

		n = xrealloc(ls->v, cap * sizeof(*n));
		ls->v = n;
		ls->cap = cap;
	}
	n = &ls->v[ls->n++];
	memset(n, 0, sizeof(*n));
	n->id = id ? xstrdup_or_empty(id) : NULL;
	n->focus = focus;
	return n;
}

static void
vl_free(struct vlines *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++) {
		line_free(&ls->v[i].l);
		free(ls->v[i].id);
	}
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

/* The focused text value with its cursor, exactly w columns. */
static void
draw_editor(struct line *l, const struct edit *e, int w)
{
	const char *t = edit_text(e);
	int col = edit_cursor_col(e), start = 0, used;
	size_t skip, cur = e->cur, n;
	char *before, *at;

	if (w < 2) {
		line_pad(l, THEME_ROLE_INPUT, w);
		return;
	}
	/* Keep the cursor in view: scroll the text left when it would not
	 * fit. */
	if (col >= w)
		start = col - w + 1;
	skip = line_fit(t, start, NULL);
	before = strndup(t + skip, cur > skip ? cur - skip : 0);
	if (!before)
		line_oom();
	line_add(l, THEME_ROLE_INPUT, before);
	used = line_strwidth(before);
	free(before);
	if (cur < e->len) {
		n = 1;
		while (cur + n < e->len &&
		       ((unsigned char)t[cur + n] & 0xc0) == 0x80)
			n++;
		at = strndup(t + cur, n);
		if (!at)
			line_oom();
		line_add(l, THEME_ROLE_SELECTION, at);
		used += line_strwidth(at);
		free(at);
		if (used < w) {
			int room = w - used;
			size_t fit = line_fit(t + cur + n, room, NULL);
			char *rest = strndup(t + cur + n, fit);

			if (!rest)
				line_oom();
			line_add(l, THEME_ROLE_INPUT, rest);
			used += line_strwidth(rest);
			free(rest);
		}
	} else {
		line_add(l, THEME_ROLE_SELECTION, " ");
		used++;
	}
	if (used < w)
		line_pad(l, THEME_ROLE_INPUT, w - used);
	line_truncate(l, l->width);
}

/* The hint column: "✖ reason", "! warning", or the hint. */
static void
draw_note(struct line *l, const char *why, const char *warn, const char *hint,
	  int w)
{
	char buf[512];

	if (w <= 0)
		return;
	if (why) {
		snprintf(buf, sizeof(buf), "%s %s",
			 line_is_ascii() ? "X" : "\u2716", why);
		line_add_cell(l, THEME_ROLE_ERROR, buf, w, false);
	} else if (warn) {
		snprintf(buf, sizeof(buf), "! %s", warn);
		line_add_cell(l, THEME_ROLE_WARNING, buf, w, false);
	} else {
		line_add_cell(l, THEME_ROLE_DIM, hint ? hint : "", w, false);
	}
}

/* Widths of the columns of a field row. */
struct cols {
	int width, value, note;
};

static struct cols
columns(int width)
{
	struct cols c = { .width = width };
	int rest = width - LEAD_W - LABEL_W - 1;

	c.value = rest * 45 / 100;
	if (c.value < 16)
		c.value = rest > 16 ? 16 : rest;
	if (c.value > 60)
		c.value = 60;
	c.note = rest - c.value - 2;
	return c;
}

static void
lead(struct line *l, const char *label, bool focus)
{
	const char *mark = focus ? (line_is_ascii() ? ">" : "\u25b8") : " ";

	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add(l, focus ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL, mark);
	line_add(l, THEME_ROLE_NORMAL, " ");
	line_add_cell(l, focus ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL,
		      label, LABEL_W, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
}

/* The value of a pick-list as one line: "1 a, 2 b" or "(none)". */
static void
pick_summary(struct form *f, const char *id, char *buf, size_t size)
{
	size_t n = form_picked(f, id), i, len = 0;
	char label[256];

	buf[0] = '\0';
	if (!n) {
		snprintf(buf, size, "%s",
			 !strcmp(id, "pool.check_regions")
				 ? "(none: every region)"
				 : "(none)");
		return;
	}
	for (i = 0; i < n && len < size; i++) {
		const char *item = form_picked_item(f, id, i);

		if (!strcmp(id, "pool.check_regions"))
			snprintf(label, sizeof(label), "%s", item);
		else
			pool_label(f, id, item, label, sizeof(label));
		len += (size_t)snprintf(buf + len, size - len, "%s%zu %s",
					i ? ", " : "", i + 1, label);
	}
}

static void
map_summary(struct form *f, const char *id, char *buf, size_t size)
{
	const struct cf_pool_map *m = map_entries(f, id);
	char label[256];
	size_t i, k, len = 0;

	buf[0] = '\0';
	if (!m || !m->n) {
		snprintf(buf, size, "(none)");
		return;
	}
	for (i = 0; i < m->n && len < size; i++) {
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s ",
					i ? "; " : "", m->e[i].key,
					line_is_ascii() ? "->" : "\u2192");
		for (k = 0; k < m->e[i].pool_ids.n && len < size; k++) {
			pool_label(f,
				   form_is_object(f)
					   ? "default_pools"
					   : "load_balancer.default_pools",
				   m->e[i].pool_ids.v[k], label, sizeof(label));
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
						k ? ", " : "", label);
		}
	}
}

/* A plain field row: label, value, note. */
static void
draw_field(struct form_view *v, struct form *f, const struct form_view_ctx *ctx,
	   const char *id, bool focus, struct cols c, struct vlines *out)
{
	const struct form_field *d = form_def(f, id);
	struct line *l = &vl_add(out, id, focus)->l;
	const char *why = reason_of(f, ctx, id);
	const char *warn = extra_issue(ctx, id, true);
	char val[1024], help[256];

	lead(l, d->label, focus);
	switch (d->kind) {
	case FORM_TEXT:
	case FORM_NUMBER:
		if (focus) {
			draw_editor(l, &v->ed, c.value);
			break;
		}
		snprintf(val, sizeof(val), "%s", form_text(f, id));
		line_add_cell(l, val[0] ? THEME_ROLE_NORMAL : THEME_ROLE_DIM,
			      val[0] ? val : "(empty)", c.value, false);
		break;
	case FORM_BOOL:
		snprintf(val, sizeof(val), "%s",
			 strcmp(form_text(f, id), "on") ? "[ ] off" : "[x] on");
		line_add_cell(l, focus ? THEME_ROLE_INPUT : THEME_ROLE_NORMAL,
			      val, c.value, false);
		break;
	case FORM_CHOICE:
		if (focus && fv_typed_choice(id)) {
			draw_editor(l, &v->ed, c.value);
			break;
		}
		snprintf(val, sizeof(val), "%s", form_text(f, id));
		if (fv_object_choice(id) && val[0]) {
			if (!strcmp(val, CF_PLAN_POOL_REF))
				pool_label(f, id, val, help, sizeof(help));
			else
				choice_help(f, id, val, help, sizeof(help));
			if (help[0])
				snprintf(val, sizeof(val), "%s", help);
		}
		if (focus) {
			char shown[1100];

			snprintf(shown, sizeof(shown), "%s %s %s",
				 line_is_ascii() ? "<" : "\u2039",
				 val[0] ? val : "(none)",
				 line_is_ascii() ? ">" : "\u203a");
			line_add_cell(l, THEME_ROLE_INPUT, shown, c.value,
				      false);
		} else {
			line_add_cell(
				l, val[0] ? THEME_ROLE_NORMAL : THEME_ROLE_DIM,
				val[0] ? val : "(none)", c.value, false);
		}
		break;
	case FORM_PICK:
		pick_summary(f, id, val, sizeof(val));
		line_add_cell(l, focus ? THEME_ROLE_INPUT : THEME_ROLE_NORMAL,
			      val, c.value, false);
		break;
	case FORM_MAP:
		map_summary(f, id, val, sizeof(val));
		line_add_cell(l, focus ? THEME_ROLE_INPUT : THEME_ROLE_NORMAL,
			      val, c.value, false);
		break;
	case FORM_TABLE:
		break;
	}
	line_add(l, THEME_ROLE_NORMAL, "  ");
	draw_note(l, why, warn, d->hint, c.note);
}

/* A focused choice opens up: every value with its explanation (a window
 * around the current one when there are many). */
static void
draw_choices(struct form *f, const char *id, int width, struct vlines *out)
{
	size_t n, i, at = 0, from, to;
	const struct valid_choice *c;
	char cur[512], value[256], help[512];
	int vw = 0;

	snprintf(cur, sizeof(cur), "%s", form_text(f, id));
	c = form_choices(f, id, &n);
	for (i = 0; i < n; i++) {
		int w = line_strwidth(fv_object_choice(id) ? c[i].help
							   : c[i].value);

		if (!strcmp(c[i].value, cur))
			at = i;
		if (w > vw)
			vw = w;
	}
	if (vw > 28)
		vw = 28;
	from = at > CHOICE_WINDOW / 2 ? at - CHOICE_WINDOW / 2 : 0;
	to = from + CHOICE_WINDOW < n ? from + CHOICE_WINDOW : n;
	if (to - from < CHOICE_WINDOW && n >= CHOICE_WINDOW)
		from = n - CHOICE_WINDOW;
	for (i = from; i < to; i++) {
		struct line *l;
		bool on;

		/* form_choices' array is the form's scratch: copy first. */
		c = form_choices(f, id, &n);
		on = !strcmp(c[i].value, cur);
		if (fv_object_choice(id)) {
			snprintf(value, sizeof(value), "%s", c[i].help);
			snprintf(help, sizeof(help), "%s", c[i].value);
		} else {
			snprintf(value, sizeof(value), "%s", c[i].value);
			snprintf(help, sizeof(help), "%s",
				 c[i].help ? c[i].help : "");
		}
		l = &vl_add(out, id, true)->l;
		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_add(l, on ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_DIM,
			 on ? (line_is_ascii() ? "(*) " : "\u25cf ")
			    : (line_is_ascii() ? "( ) " : "\u25cb "));
		line_add_cell(l, on ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL,
			      value, vw, false);
		line_add(l, THEME_ROLE_NORMAL, "  ");
		line_add(l, THEME_ROLE_DIM, help);
		line_truncate(l, width);
	}
	if (n > to - from) {
		struct line *l = &vl_add(out, id, true)->l;

		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_addf(l, THEME_ROLE_DIM, "(%zu of %zu shown; %s/%s go on)",
			  to - from, n, line_is_ascii() ? "<" : "\u2190",
			  line_is_ascii() ? ">" : "\u2192");
	}
}

/* Position (1-based) of value in pick-list id, 0 when not picked. */
size_t
fv_pick_pos(struct form *f, const char *id, const char *value)
{
	size_t i, n = form_picked(f, id);

	for (i = 0; i < n; i++)
		if (!strcmp(form_picked_item(f, id, i), value))
			return i + 1;
	return 0;
}

/* A focused pick-list opens up: every choice, picked ones numbered. */
static void
draw_pick(struct form_view *v, struct form *f, const char *id, int width,
	  struct vlines *out)
{
	size_t n, i, from, to;
	const struct valid_choice *c = form_choices(f, id, &n);
	char value[256], help[512], num[32];
	int vw = 8;

	if (!v->sub_id || strcmp(v->sub_id, id)) {
		fv_set_id(&v->sub_id, id);
		v->sub = 0;
	}
	if (v->sub >= n)
		v->sub = n ? n - 1 : 0;
	/* The value column: as wide as the widest label, within reason. */
	for (i = 0; i < n; i++) {
		int lw;

		c = form_choices(f, id, &n);
		if (!strcmp(id, "pool.check_regions"))
			snprintf(value, sizeof(value), "%s", c[i].value);
		else {
			snprintf(help, sizeof(help), "%s", c[i].value);
			pool_label(f, id, help, value, sizeof(value));
		}
		lw = line_strwidth(value);
		if (lw > vw)
			vw = lw;
	}
	if (vw > 40)
		vw = 40;
	from = v->sub > CHOICE_WINDOW / 2 ? v->sub - CHOICE_WINDOW / 2 : 0;
	to = from + CHOICE_WINDOW < n ? from + CHOICE_WINDOW : n;
	if (to - from < CHOICE_WINDOW && n >= CHOICE_WINDOW)
		from = n - CHOICE_WINDOW;
	for (i = from; i < to; i++) {
		struct line *l;
		size_t pos;
		bool cur = i == v->sub;

		c = form_choices(f, id, &n);
		if (!strcmp(id, "pool.check_regions")) {
			snprintf(value, sizeof(value), "%s", c[i].value);
			snprintf(help, sizeof(help), "%s", c[i].help);
		} else {
			snprintf(help, sizeof(help), "%s", c[i].value);
			pool_label(f, id, help, value, sizeof(value));
			if (!strcmp(help, CF_PLAN_POOL_REF))
				snprintf(help, sizeof(help), "%s",
					 "created by this plan");
		}
		c = form_choices(f, id, &n);
		pos = fv_pick_pos(f, id, c[i].value);
		if (pos)
			snprintf(num, sizeof(num), "[%zu]", pos);
		else
			snprintf(num, sizeof(num), "[ ]");
		l = &vl_add(out, id, true)->l;
		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 1);
		line_add(l, cur ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_NORMAL,
			 cur ? (line_is_ascii() ? ">" : "\u203a") : " ");
		line_add_cell(l, pos ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_DIM,
			      num, 5, false);
		line_add_cell(l, cur ? THEME_ROLE_SELECTION : THEME_ROLE_NORMAL,
			      value, vw, false);
		line_add(l, THEME_ROLE_NORMAL, "  ");
		line_add(l, THEME_ROLE_DIM, help);
		line_truncate(l, width);
	}
	if (!n) {
		struct line *l = &vl_add(out, id, true)->l;

		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_add(l, THEME_ROLE_DIM, "nothing to pick from yet");
	} else if (n > to - from) {
		struct line *l = &vl_add(out, id, true)->l;

		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_addf(l, THEME_ROLE_DIM, "(%zu of %zu shown)", to - from,
			  n);
	}
}

/* A focused map opens up: its entries, and the line adding one. */
static void
draw_map(struct form_view *v, struct form *f, const char *id, int width,
	 struct vlines *out)
{
	const struct cf_pool_map *m = map_entries(f, id);
	char label[256], buf[1024];
	size_t i, k, len;
	struct line *l;
	int w = width - LEAD_W - 2 - 18;

	for (i = 0; m && i < m->n; i++) {
		len = 0;
		buf[0] = '\0';
		for (k = 0; k < m->e[i].pool_ids.n && len < sizeof(buf); k++) {
			pool_label(f,
				   form_is_object(f)
					   ? "default_pools"
					   : "load_balancer.default_pools",
				   m->e[i].pool_ids.v[k], label, sizeof(label));
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						"%s%s", k ? ", " : "", label);
		}
		l = &vl_add(out, id, true)->l;
		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_add_cell(l, THEME_ROLE_HIGHLIGHT, m->e[i].key, 6, false);
		line_addf(l, THEME_ROLE_NORMAL, "%s %s",
			  line_is_ascii() ? "->" : "\u2192", buf);
		line_truncate(l, width);
	}
	l = &vl_add(out, id, true)->l;
	line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
	line_add_cell(l, THEME_ROLE_DIM, "add or replace:", 16, false);
	line_add(l, THEME_ROLE_NORMAL, " ");
	draw_editor(l, &v->ed, w > 8 ? w : 8);
	line_truncate(l, width);
	if (v->map_why[0]) {
		l = &vl_add(out, id, true)->l;
		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 2);
		line_addf(l, THEME_ROLE_ERROR, "%s %s",
			  line_is_ascii() ? "X" : "\u2716", v->map_why);
		line_truncate(l, width);
	}
}

/* The table of a table field: a header, a row per item, reasons. */
static void
draw_table(struct form_view *v, struct form *f, const struct form_view_ctx *ctx,
	   const char *id, const char *focus, struct cols c, struct vlines *out)
{
	const struct form_field *cols[MAX_COLS];
	size_t ncols = table_columns(f, id, cols, MAX_COLS), r, k;
	size_t nrows = form_rows(f, id);
	int w[MAX_COLS], avail = c.width - LEAD_W - 4 - (int)ncols, fixed = 0;
	int ntext = 0, i;
	char cell[160], table[128], head[512];
	size_t frow;
	const char *fcol;
	bool in_table =
		focus &&
		fv_cell_parts(focus, table, sizeof(table), &frow, &fcol) &&
		!strcmp(table, id);
	const struct form_field *d = form_def(f, id);
	struct line *l;
	const char *why = extra_issue(ctx, id, false);

	if (ncols > MAX_COLS)
		ncols = MAX_COLS;
	/* The table's own row: its label, the row count, its hint. */
	l = &vl_add(out, id, in_table)->l;
	lead(l, d->label, in_table);
	snprintf(head, sizeof(head), "%zu row%s", nrows, nrows == 1 ? "" : "s");
	line_add_cell(l, THEME_ROLE_NORMAL, head, c.value, false);
	line_add(l, THEME_ROLE_NORMAL, "  ");
	draw_note(l, why, extra_issue(ctx, id, true),
		  "Ins add row, ^X remove, ^P/^N move", c.note);
	for (k = 0; k < ncols; k++) {
		if (cols[k]->kind == FORM_BOOL)
			w[k] = 7;
		else if (cols[k]->kind == FORM_NUMBER)
			w[k] = 7;
		else {
			w[k] = 0;
			ntext++;
		}
		fixed += w[k];
	}
	/* Text columns share the rest; the first (the name) takes less. */
	for (k = 0, i = 0; k < ncols; k++) {
		int rest = avail - fixed, share;

		if (w[k])
			continue;
		share = ntext > 1 ? (i == 0 ? rest * 22 / 100
					    : (rest - rest * 22 / 100) /
						      (ntext - 1))
				  : rest;
		w[k] = share < 6 ? 6 : share;
		i++;
	}
	l = &vl_add(out, id, in_table)->l;
	line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 1);
	line_add_cell(l, THEME_ROLE_COLUMN_HEADER, "#", 3, false);
	for (k = 0; k < ncols; k++) {
		line_add(l, THEME_ROLE_COLUMN_HEADER, " ");
		line_add_cell(l, THEME_ROLE_COLUMN_HEADER, cols[k]->label, w[k],
			      false);
	}
	line_truncate(l, c.width);
	for (r = 0; r < nrows; r++) {
		char rid[160];
		bool row_focus = in_table && frow == r;

		snprintf(rid, sizeof(rid), "%s[%zu]%s", id, r,
			 strstr(cols[0]->id, "[]") + 2);
		l = &vl_add(out, row_focus ? focus : rid, row_focus)->l;
		line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 1);
		snprintf(head, sizeof(head), "%zu", r + 1);
		line_add_cell(l,
			      row_focus ? THEME_ROLE_HIGHLIGHT : THEME_ROLE_DIM,
			      head, 3, false);
		for (k = 0; k < ncols; k++) {
			const char *cid;
			bool cf;

			snprintf(cell, sizeof(cell), "%s[%zu]%s", id, r,
				 strstr(cols[k]->id, "[]") + 2);
			cid = cell;
			cf = focus && !strcmp(focus, cid);
			line_add(l, THEME_ROLE_NORMAL, " ");
			if (cf && cols[k]->kind != FORM_BOOL) {
				draw_editor(l, &v->ed, w[k]);
				continue;
			}
			if (cols[k]->kind == FORM_BOOL) {
				line_add_cell(l,
					      cf ? THEME_ROLE_SELECTION
						 : THEME_ROLE_NORMAL,
					      strcmp(form_text(f, cid), "on")
						      ? "[ ] off"
						      : "[x] on",
					      w[k], false);
				continue;
			}
			snprintf(head, sizeof(head), "%s", form_text(f, cid));
			line_add_cell(l,
				      form_why(f, cid) ? THEME_ROLE_ERROR
				      : head[0]	       ? THEME_ROLE_NORMAL
						       : THEME_ROLE_DIM,
				      head[0] ? head : "-", w[k], false);
		}
		line_truncate(l, c.width);
		/* Reasons of this row's cells, each on a line under it. */
		for (k = 0; k < ncols; k++) {
			const char *cw;

			snprintf(cell, sizeof(cell), "%s[%zu]%s", id, r,
				 strstr(cols[k]->id, "[]") + 2);
			cw = reason_of(f, ctx, cell);
			if (!cw)
				continue;
			l = &vl_add(out, cell, focus && !strcmp(focus, cell))
				     ->l;
			line_pad(l, THEME_ROLE_NORMAL, LEAD_W + 5);
			line_addf(l, THEME_ROLE_ERROR, "%s %s: %s",
				  line_is_ascii() ? "X" : "\u2716",
				  cols[k]->label, cw);
			line_truncate(l, c.width);
		}
	}
}

/* The focused field's whole hint, reason and keys, wrapped to width. */
static void
detail_text(struct form_view *v, struct form *f,
	    const struct form_view_ctx *ctx, char *buf, size_t size, char *why,
	    size_t wsize, char *warn, size_t nsize)
{
	const char *fo = form_focus(f);
	const struct form_field *d = fo ? form_def(f, fo) : NULL;
	const char *keys = "";
	char table[128];
	size_t row;
	const char *col;
	const char *w;
	bool cell;

	buf[0] = why[0] = warn[0] = '\0';
	if (!d)
		return;
	cell = fv_cell_parts(fo, table, sizeof(table), &row, &col);
	w = reason_of(f, ctx, fo);
	if (w)
		snprintf(why, wsize, "%s", w);
	else if (d->kind == FORM_MAP && v->map_why[0])
		snprintf(why, wsize, "%s", v->map_why);
	w = extra_issue(ctx, fo, true);
	if (w)
		snprintf(warn, nsize, "%s", w);
	switch (d->kind) {
	case FORM_TEXT:
	case FORM_NUMBER:
		keys = "type to edit; Left/Right, Home/End move; ^U clears";
		break;
	case FORM_BOOL:
		keys = "Space switches on/off";
		break;
	case FORM_CHOICE:
		keys = fv_typed_choice(fo) ? "Left/Right choose, or type a name"
					   : "Left/Right (or Space) choose";
		break;
	case FORM_PICK:
		keys = "Left/Right move, Space picks or unpicks, ^P/^N reorder";
		break;
	case FORM_MAP:
		keys = "type KEY=pool[,pool] and Enter (a pool's name or id; "
		       "KEY= removes the key)";
		break;
	case FORM_TABLE:
		break;
	}
	if (cell)
		snprintf(buf, size,
			 "%s of row %zu: %s. %s; Ins adds a row, ^X "
			 "removes it, ^P/^N move it",
			 d->label, row + 1, d->hint, keys);
	else
		snprintf(buf, size, "%s: %s. %s", d->label, d->hint, keys);
}

/* The separator above the detail: the field, and what is off screen. */
static void
separator(struct line *l, int width, const char *title, size_t above,
	  size_t below)
{
	const char *h = line_glyph(LINE_G_HLINE);
	char more[64] = "";
	int i;

	line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_BORDER, h);
	if (title) {
		line_add(l, THEME_ROLE_TITLE, " ");
		line_add(l, THEME_ROLE_TITLE, title);
		line_add(l, THEME_ROLE_TITLE, " ");
	}
	if (above && below)
		snprintf(more, sizeof(more), " %s %zu more  %s %zu more ",
			 line_glyph(LINE_G_UP), above, line_glyph(LINE_G_DOWN),
			 below);
	else if (above)
		snprintf(more, sizeof(more), " %s %zu more ",
			 line_glyph(LINE_G_UP), above);
	else if (below)
		snprintf(more, sizeof(more), " %s %zu more ",
			 line_glyph(LINE_G_DOWN), below);
	for (i = l->width; i < width - line_strwidth(more); i++)
		line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_DIM, more);
	line_truncate(l, width);
}

void
form_view_render(struct form_view *v, struct form *f,
		 const struct form_view_ctx *ctx, int width, int height,
		 struct lines *out)
{
	struct vlines vl = { 0 };
	struct lines det = { 0 };
	struct cols c = columns(width);
	const char *const *ids;
	const char *fo;
	char *focus = NULL, dbuf[1536], why[512], warn[512];
	size_t n, i, fa = (size_t)-1, fb = 0, list_h, det_rows;
	int y;

	form_view_sync(v, f);
	fo = form_focus(f);
	focus = fo ? xstrdup_or_empty(fo) : NULL;
	n = form_fields(f, form_step(f), &ids);
	{
		/* form_fields' array lives until the next call: copy it. */
		char **own = calloc(n + 1, sizeof(char *));

		if (!own)
			line_oom();
		for (i = 0; i < n; i++)
			own[i] = xstrdup_or_empty(ids[i]);
		for (i = 0; i < n; i++) {
			const char *id = own[i];
			enum form_kind k = fv_kind_of(f, id);
			bool fx = focus && !strcmp(focus, id);

			if (k == FORM_TABLE) {
				draw_table(v, f, ctx, id, focus, c, &vl);
				continue;
			}
			draw_field(v, f, ctx, id, fx, c, &vl);
			if (fx && k == FORM_CHOICE)
				draw_choices(f, id, width, &vl);
			else if (fx && k == FORM_PICK)
				draw_pick(v, f, id, width, &vl);
			else if (fx && k == FORM_MAP)
				draw_map(v, f, id, width, &vl);
		}
		for (i = 0; i < n; i++)
			free(own[i]);
		free(own);
	}
	if (!vl.n) {
		struct line *l = &vl_add(&vl, NULL, false)->l;

		line_add(l, THEME_ROLE_DIM,
			 "   nothing to fill in on this step");
	}
	/* The detail: up to 3 wrapped lines under a separator. */
	detail_text(v, f, ctx, dbuf, sizeof(dbuf), why, sizeof(why), warn,
		    sizeof(warn));
	det_rows = height >= 14 ? 4 : height >= 8 ? 2 : 0;
	if (det_rows) {
		if (why[0]) {
			char t[600];

			snprintf(t, sizeof(t), "%s %s",
				 line_is_ascii() ? "X" : "\u2716", why);
			wrap_text(&det, THEME_ROLE_ERROR, t, width - 1);
		}
		if (warn[0]) {
			char t[600];

			snprintf(t, sizeof(t), "! %s", warn);
			wrap_text(&det, THEME_ROLE_WARNING, t, width - 1);
		}
		wrap_text(&det, THEME_ROLE_DIM, dbuf, width - 1);
	}
	list_h = (size_t)height - det_rows;
	for (i = 0; i < vl.n; i++)
		if (vl.v[i].focus) {
			if (fa == (size_t)-1)
				fa = i;
			fb = i;
		}
	if (fa != (size_t)-1) {
		if (fa < v->top)
			v->top = fa;
		if (fb >= v->top + list_h)
			v->top = fb - list_h + 1;
		if (v->top > fa)
			v->top = fa; /* the field's first line wins */
	}
	if (v->top + list_h > vl.n)
		v->top = vl.n > list_h ? vl.n - list_h : 0;
	rows_free(v);
	v->row_ids = xcalloc((size_t)height + 1, sizeof(char *));
	v->nrows = height;
	for (y = 0; y < (int)list_h; y++) {
		struct line *l = lines_add(out);
		size_t k = v->top + (size_t)y;

		if (k < vl.n) {
			const struct line *s = &vl.v[k].l;
			size_t r;

			for (r = 0; r < s->nruns; r++) {
				char *piece = strndup(s->text + s->runs[r].off,
						      s->runs[r].len);

				if (!piece)
					line_oom();
				line_add(l, s->runs[r].role, piece);
				free(piece);
			}
			if (vl.v[k].id)
				v->row_ids[y] = xstrdup_or_empty(vl.v[k].id);
		}
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
	if (det_rows) {
		const struct form_field *d = focus ? form_def(f, focus) : NULL;
		size_t below =
			vl.n > v->top + list_h ? vl.n - v->top - list_h : 0;

		separator(lines_add(out), width, d ? d->label : NULL, v->top,
			  below);
		for (i = 0; i + 1 < det_rows; i++) {
			struct line *l = lines_add(out);

			if (i < det.n) {
				if (i + 2 == det_rows && det.n > det_rows - 1)
					line_add(l,
						 det.v[i].runs
							 ? det.v[i].runs[0].role
							 : THEME_ROLE_DIM,
						 line_text(&det.v[i]));
				else
					line_add(l,
						 det.v[i].runs
							 ? det.v[i].runs[0].role
							 : THEME_ROLE_DIM,
						 line_text(&det.v[i]));
			}
			line_truncate(l, width);
			if (l->width < width)
				line_pad(l, THEME_ROLE_NORMAL,
					 width - l->width);
		}
	}
	lines_free(&det);
	vl_free(&vl);
	free(focus);
}
