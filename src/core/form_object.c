/* form_object.c: the form model's object side: a create/edit form over one DNS record, monitor, pool or load balancer, its fields from the resource's field table. */
#include "core/form_object.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form_fields.h"

struct form_obj {
	const struct field_table *t;
	void *obj;  /* as edited: always valid values */
	void *orig; /* as opened */
	bool create;
	struct field_ctx ctx;
	/* form_field descriptions: one per table field, then one per cell
	 * of each table ("origins[].name") */
	struct form_field *defs;
	char **def_ids; /* owned ids of the cell definitions */
	size_t ndefs, ndef_ids;
	const char **visible; /* scratch for form_obj_visible */
};

static void
obj_drop(const struct field_table *t, void *obj)
{
	if (obj) {
		t->free(obj);
		free(obj);
	}
}

void
form_obj_free(struct form_obj *o)
{
	size_t i;

	if (!o)
		return;
	obj_drop(o->t, o->obj);
	obj_drop(o->t, o->orig);
	for (i = 0; i < o->ndef_ids; i++)
		free(o->def_ids[i]);
	free(o->def_ids);
	free(o->defs);
	free(o->visible);
	free(o);
}

/* A copy of obj (or a new object with defaults and, for DNS, type A). */
static void *
obj_make(const struct field_table *t, const void *obj,
	 const struct field_ctx *ctx)
{
	void *o = calloc(1, t->size);
	char why[VALID_WHY_MAX];

	if (!o)
		return NULL;
	if (obj) {
		if (t->copy(o, obj) != CF_OK) {
			t->free(o);
			free(o);
			return NULL;
		}
		return o;
	}
	t->init(o);
	if (t->res == FIELD_RES_DNS &&
	    !fields_set(fields_find(t->res, "type", NULL), o, "A", ctx, why,
			sizeof(why))) {
		obj_drop(t, o);
		return NULL;
	}
	return o;
}

static bool
form_kind_of(const struct field *f, struct form_field *d)
{
	d->id = f->name;
	d->label = f->label ? f->label : f->name;
	d->hint = f->hint ? f->hint : "";
	d->kind = (enum form_kind)f->kind;
	d->step = FORM_STEP_ZONE;
	d->choices = f->choices;
	d->nchoices = f->nchoices;
	d->table = NULL;
	return true;
}

/* Builds the definitions: the table's form fields, then the cells. */
static bool
defs_build(struct form_obj *o)
{
	size_t i, k, n = 0, cells = 0;

	for (i = 0; i < o->t->n; i++) {
		const struct field *f = &o->t->v[i];

		if (f->kind == FIELD_TABLE && f->rows)
			cells += fields_table(f->rows->res)->n;
	}
	o->defs = calloc(o->t->n + cells + 1, sizeof(*o->defs));
	o->def_ids = calloc(cells + 1, sizeof(*o->def_ids));
	if (!o->defs || !o->def_ids)
		return false;
	for (i = 0; i < o->t->n; i++)
		form_kind_of(&o->t->v[i], &o->defs[n++]);
	for (i = 0; i < o->t->n; i++) {
		const struct field *f = &o->t->v[i];
		const struct field_table *sub;

		if (f->kind != FIELD_TABLE || !f->rows)
			continue;
		sub = fields_table(f->rows->res);
		for (k = 0; k < sub->n; k++) {
			size_t len =
				strlen(f->name) + strlen(sub->v[k].name) + 4;
			char *id = malloc(len);

			if (!id)
				return false;
			snprintf(id, len, "%s[].%s", f->name, sub->v[k].name);
			o->def_ids[o->ndef_ids++] = id;
			form_kind_of(&sub->v[k], &o->defs[n]);
			o->defs[n].id = id;
			o->defs[n].table = f->name;
			n++;
		}
	}
	o->ndefs = n;
	return true;
}

struct form_obj *
form_obj_new(enum field_res res, const void *obj, const struct field_ctx *ctx)
{
	const struct field_table *t = fields_table(res);
	struct form_obj *o;

	if (!t || !t->init || res == FIELD_RES_ZONE || res == FIELD_RES_ORIGIN)
		return NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->t = t;
	o->create = obj == NULL;
	if (ctx)
		o->ctx = *ctx;
	o->obj = obj_make(t, obj, &o->ctx);
	o->orig = obj_make(t, obj ? obj : o->obj, &o->ctx);
	o->visible = calloc(t->n + 1, sizeof(*o->visible));
	if (!o->obj || !o->orig || !o->visible || !defs_build(o)) {
		form_obj_free(o);
		return NULL;
	}
	return o;
}

const struct field_table *
form_obj_table(const struct form_obj *o)
{
	return o->t;
}

const void *
form_obj_object(const struct form_obj *o)
{
	return o->obj;
}

const void *
form_obj_original(const struct form_obj *o)
{
	return o->orig;
}

bool
form_obj_creating(const struct form_obj *o)
{
	return o->create;
}

const struct field_ctx *
form_obj_ctx(const struct form_obj *o)
{
	return &o->ctx;
}

const struct form_field *
form_obj_def(const struct form_obj *o, const char *id)
{
	char base[160];
	size_t i, row;

	if (!id)
		return NULL;
	if (form_split_cell(id, base, sizeof(base), &row))
		id = base;
	for (i = 0; i < o->ndefs; i++)
		if (!strcmp(o->defs[i].id, id))
			return &o->defs[i];
	return NULL;
}

const struct field *
form_obj_field(const struct form_obj *o, const char *id, size_t *row,
	       bool *cell)
{
	char base[160], table[128];
	const struct field *tf;
	const char *lb;

	*row = 0;
	*cell = false;
	if (!form_split_cell(id, base, sizeof(base), row))
		return fields_find(o->t->res, id, o->obj);
	lb = strchr(base, '[');
	snprintf(table, sizeof(table), "%.*s", (int)(lb - base), base);
	tf = fields_find(o->t->res, table, o->obj);
	if (!tf || tf->kind != FIELD_TABLE || !tf->rows ||
	    *row >= tf->rows->count(o->obj) || strncmp(lb, "[].", 3))
		return NULL;
	*cell = true;
	return fields_find(tf->rows->res, lb + 3, tf->rows->row(o->obj, *row));
}

/* The row object of table field tf at i. */
static void *
row_of(const struct form_obj *o, const char *id, size_t row)
{
	char table[128];
	const struct field *tf;

	snprintf(table, sizeof(table), "%.*s", (int)strcspn(id, "["), id);
	tf = fields_find(o->t->res, table, o->obj);
	return tf && tf->rows ? (void *)(uintptr_t)tf->rows->row(o->obj, row)
			      : NULL;
}

size_t
form_obj_visible(struct form_obj *o, const char *const **ids)
{
	size_t i, n = 0;

	for (i = 0; i < o->t->n; i++) {
		const struct field *f = &o->t->v[i];
		bool dup = false;
		size_t k;

		if (!fields_writable(f) || (f->flags & FIELD_NO_FORM) ||
		    !fields_applies(f, o->obj, &o->ctx))
			continue;
		/* Fields that share a name across record types: once. */
		for (k = 0; k < n && !dup; k++)
			dup = !strcmp(o->visible[k], f->name);
		if (!dup)
			o->visible[n++] = f->name;
	}
	*ids = o->visible;
	return n;
}

char *
form_obj_text(const struct form_obj *o, const char *id)
{
	size_t row;
	bool cell;
	const struct field *f = form_obj_field(o, id, &row, &cell);

	if (!f)
		return strdup("");
	return fields_get(f, cell ? row_of(o, id, row) : o->obj);
}

bool
form_obj_store(struct form_obj *o, const char *id, const char *text, char *why,
	       size_t n)
{
	size_t row;
	bool cell;
	const struct field *f = form_obj_field(o, id, &row, &cell);

	if (!f) {
		snprintf(why, n, "%s has no field %s", o->t->title, id);
		return false;
	}
	if (!fields_applies(f, cell ? row_of(o, id, row) : o->obj, &o->ctx)) {
		snprintf(why, n, "%s does not apply to this %s", id,
			 o->t->title);
		return false;
	}
	return fields_set(f, cell ? row_of(o, id, row) : o->obj, text, &o->ctx,
			  why, n);
}

bool
form_obj_changes(const struct form_obj *o, unsigned *mask, char **diff)
{
	return fields_diff(o->t->res, o->orig, o->obj, mask, diff);
}

bool
form_obj_issues(const struct form_obj *o, struct plan_issues *out)
{
	if (o->create)
		return fields_validate(o->t->res, o->obj, &o->ctx, out);
	return fields_validate_edit(o->t->res, o->orig, o->obj, &o->ctx, out);
}

/* ---- tables -------------------------------------------------------------- */

static const struct field_rows *
rows_of(const struct form_obj *o, const char *table)
{
	const struct field *f =
		table ? fields_find(o->t->res, table, o->obj) : NULL;

	return f && f->kind == FIELD_TABLE ? f->rows : NULL;
}

size_t
form_obj_rows(const struct form_obj *o, const char *table)
{
	const struct field_rows *r = rows_of(o, table);

	return r ? r->count(o->obj) : 0;
}

bool
form_obj_row_add(struct form_obj *o, const char *table)
{
	const struct field_rows *r = rows_of(o, table);

	return r && r->add(o->obj, NULL);
}

bool
form_obj_row_remove(struct form_obj *o, const char *table, size_t i)
{
	const struct field_rows *r = rows_of(o, table);

	return r && i < r->count(o->obj) && r->remove(o->obj, i);
}

bool
form_obj_row_move(struct form_obj *o, const char *table, size_t i, int dir)
{
	const struct field_rows *r = rows_of(o, table);
	size_t n = r ? r->count(o->obj) : 0;

	if (!r || i >= n || (dir < 0 && i == 0) || (dir > 0 && i + 1 >= n))
		return false;
	return r->swap(o->obj, i, dir < 0 ? i - 1 : i + 1);
}

/* ---- focus and maps ------------------------------------------------------ */

static bool
push(char ***v, size_t *n, size_t *cap, const char *s)
{
	char **nv;

	if (*n + 1 >= *cap) {
		*cap = *cap ? *cap * 2 : 16;
		nv = realloc(*v, *cap * sizeof(char *));
		if (!nv)
			return false;
		*v = nv;
	}
	(*v)[*n] = strdup(s);
	if (!(*v)[*n])
		return false;
	(*n)++;
	return true;
}

size_t
form_obj_focusables(struct form_obj *o, char ***out)
{
	const char *const *ids;
	size_t nv = form_obj_visible(o, &ids), i, r, k, n = 0, cap = 0;
	char **v = NULL, cell[200];

	for (i = 0; i < nv; i++) {
		const struct field *f = fields_find(o->t->res, ids[i], o->obj);
		const struct field_table *sub;

		if (!f || f->kind != FIELD_TABLE || !f->rows) {
			if (!push(&v, &n, &cap, ids[i]))
				goto oom;
			continue;
		}
		sub = fields_table(f->rows->res);
		for (r = 0; r < f->rows->count(o->obj); r++) {
			const void *row = f->rows->row(o->obj, r);

			for (k = 0; k < sub->n; k++) {
				if (!fields_writable(&sub->v[k]) ||
				    !fields_applies(&sub->v[k], row, &o->ctx))
					continue;
				snprintf(cell, sizeof(cell), "%s[%zu].%s",
					 f->name, r, sub->v[k].name);
				if (!push(&v, &n, &cap, cell))
					goto oom;
			}
		}
	}
	*out = v;
	return n;
oom:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	*out = NULL;
	return 0;
}

bool
form_obj_map_set(struct form_obj *o, const char *id, const char *key,
		 const char *value, char *why, size_t n)
{
	char path[200];

	snprintf(path, sizeof(path), "%s.%s", id, key ? key : "");
	return fields_set_path(o->t->res, o->obj, path, value ? value : "",
			       &o->ctx, why, n);
}
