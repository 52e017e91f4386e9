/* field_lines.c: the field tables drawn as detail lines and list cells. */
#include "ui/field_lines.h"

#include "cfconsole/fields_store.h"

struct emit_kv {
	struct lines *out;
	int keyw;
};

static void
emit_kv(const char *key, const char *value, void *ud)
{
	struct emit_kv *e = ud;

	lines_add_kv(e->out, e->keyw, key, value);
}

void
field_lines_detail(enum field_res r, const void *obj,
		   const struct store_snapshot *snap, int keyw,
		   struct lines *out)
{
	struct field_ctx ctx;
	struct emit_kv e = { .out = out, .keyw = keyw };
	struct field_out fo = { .emit = emit_kv, .ud = &e };

	fields_ctx_from_snapshot(&ctx, snap);
	fields_detail(r, obj, &ctx, &fo);
}

void
field_lines_one(enum field_res r, const char *name, const void *obj,
		const struct store_snapshot *snap, int keyw, struct lines *out)
{
	const struct field *f = fields_find(r, name, obj);
	struct field_ctx ctx;
	struct emit_kv e = { .out = out, .keyw = keyw };
	struct field_out fo = { .emit = emit_kv, .ud = &e };

	if (!f)
		return;
	fields_ctx_from_snapshot(&ctx, snap);
	fields_show(f, obj, &ctx, FIELD_DETAIL, &fo);
}

/* Cells are drawn for every row on every sort and search: the field is
 * looked up once per (resource, name literal). */
static const struct field *
cached(enum field_res r, const char *name)
{
	static struct {
		enum field_res r;
		const char *name;
		const struct field *f;
	} cache[48];
	static size_t n;
	size_t i;

	for (i = 0; i < n; i++)
		if (cache[i].r == r && cache[i].name == name)
			return cache[i].f;
	if (n < sizeof(cache) / sizeof(cache[0])) {
		cache[n].r = r;
		cache[n].name = name;
		cache[n].f = fields_find(r, name, NULL);
		return cache[n++].f;
	}
	return fields_find(r, name, NULL);
}

const char *
field_cell(enum field_res r, const char *name, const void *obj,
	   const struct store_snapshot *snap, char *buf, size_t size)
{
	const struct field *f = cached(r, name);
	struct field_ctx ctx;

	if (!size)
		return buf;
	if (!f) {
		buf[0] = '\0';
		return buf;
	}
	fields_ctx_from_snapshot(&ctx, snap);
	return fields_text(f, obj, &ctx, FIELD_CELL, buf, size);
}
