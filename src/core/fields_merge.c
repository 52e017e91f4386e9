/* fields_merge.c: re-applying a user's edit onto a newer version of the object, field by field and row by row (fields_rebase). */
#include "cfconsole/fields.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Does f differ between a and b? -1 on OOM. */
static int
differs(const struct field *f, const void *a, const void *b)
{
	char *x = fields_get(f, a), *y = fields_get(f, b);
	int d = x && y ? strcmp(x, y) != 0 : -1;

	free(x);
	free(y);
	return d;
}

/* Copies f's value from src to dst. */
static bool
copy_field(const struct field *f, const void *src, void *dst)
{
	char *t = fields_get(f, src);
	bool ok = t && fields_assign(f, dst, t, NULL);

	free(t);
	return ok;
}

static long
find_row(const struct field_rows *rows, const void *obj, const char *key)
{
	size_t i, n = rows->count(obj);

	for (i = 0; key && i < n; i++) {
		const char *k = rows->key(rows->row(obj, i));

		if (k && !strcmp(k, key))
			return (long)i;
	}
	return -1;
}

/* Did the user change any cell of this row? */
static bool
row_changed(const struct field_table *sub, const void *a, const void *b)
{
	size_t k;

	for (k = 0; sub && k < sub->n; k++)
		if (fields_writable(&sub->v[k]) && differs(&sub->v[k], a, b))
			return true;
	return false;
}

/* The rows of table f: seen -> edited applied onto out (a copy of fresh). */
static bool
merge_rows(const struct field *f, const void *seen, const void *edited,
	   void *out)
{
	const struct field_rows *rows = f->rows;
	const struct field_table *sub = fields_table(rows->res);
	size_t i, k, n;
	long at;

	/* Rows the user removed go (when they are still there). */
	for (i = 0; i < rows->count(seen); i++) {
		const char *key = rows->key(rows->row(seen, i));

		if (find_row(rows, edited, key) >= 0)
			continue;
		at = find_row(rows, out, key);
		if (at >= 0 && !rows->remove(out, (size_t)at))
			return false;
	}
	/* Cells the user changed; rows the user added. */
	for (i = 0; i < rows->count(edited); i++) {
		const void *er = rows->row(edited, i);
		const char *key = rows->key(er);
		long si = find_row(rows, seen, key);
		void *orow;

		at = find_row(rows, out, key);
		if (at < 0 && si >= 0 &&
		    !row_changed(sub, rows->row(seen, (size_t)si), er))
			continue; /* removed by someone else, untouched here */
		if (at < 0) {
			/* New, or removed elsewhere while the user changed
			 * it: the user's row, whole. */
			if (!rows->add(out, key))
				return false;
			at = (long)rows->count(out) - 1;
			si = -1;
		}
		orow = (void *)(uintptr_t)rows->row(out, (size_t)at);
		for (k = 0; sub && k < sub->n; k++) {
			const struct field *cf = &sub->v[k];
			int d;

			if (!fields_writable(cf))
				continue;
			d = si < 0 ? 1
				   : differs(cf, rows->row(seen, (size_t)si),
					     er);
			if (d < 0 || (d && !copy_field(cf, er, orow)))
				return false;
		}
	}
	/* The user's order for the rows in edited, then the others. */
	n = 0;
	for (i = 0; i < rows->count(edited); i++) {
		at = find_row(rows, out, rows->key(rows->row(edited, i)));
		if (at < 0)
			continue;
		if ((size_t)at != n && !rows->swap(out, (size_t)at, n))
			return false;
		n++;
	}
	return true;
}

bool
fields_rebase(enum field_res r, const void *seen, const void *edited,
	      const void *fresh, void **out)
{
	const struct field_table *t = fields_table(r);
	void *o;
	size_t i;

	*out = NULL;
	if (!t || !t->copy)
		return false;
	o = calloc(1, t->size);
	if (!o)
		return false;
	if (t->copy(o, fresh) != CF_OK)
		goto fail;
	/* In table order: a DNS type comes before the data it brings. */
	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		int d;

		if (!fields_writable(f) || (f->flags & FIELD_NO_FORM))
			continue;
		if (f->kind == FIELD_TABLE && f->rows) {
			if (!merge_rows(f, seen, edited, o))
				goto fail;
			continue;
		}
		if (f->types && !fields_applies(f, edited, NULL))
			continue;
		d = differs(f, seen, edited);
		if (d < 0 || (d && !copy_field(f, edited, o)))
			goto fail;
	}
	*out = o;
	return true;
fail:
	t->free(o);
	free(o);
	return false;
}
