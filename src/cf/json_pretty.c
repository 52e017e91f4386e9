/* json_pretty.c: re-indents JSON with 2 spaces (raw view). */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cfconsole/cf_models.h"

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 256;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		np = realloc(b->p, ncap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
indent(struct buf *b, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		put(b, "  ", 2);
}

/* Scalars (and key strings) are printed by cJSON so escaping is exact. */
static void
put_scalar(struct buf *b, const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);

	if (!s) {
		b->oom = true;
		return;
	}
	puts_(b, s);
	cJSON_free(s);
}

static void
put_key(struct buf *b, const char *key)
{
	cJSON *k = cJSON_CreateString(key ? key : "");

	if (!k) {
		b->oom = true;
		return;
	}
	put_scalar(b, k);
	cJSON_Delete(k);
	put(b, ": ", 2);
}

static void
pretty(struct buf *b, const cJSON *v, int depth)
{
	const cJSON *it;
	bool obj = cJSON_IsObject(v);

	if (!obj && !cJSON_IsArray(v)) {
		put_scalar(b, v);
		return;
	}
	if (!v->child) {
		puts_(b, obj ? "{}" : "[]");
		return;
	}
	puts_(b, obj ? "{\n" : "[\n");
	for (it = v->child; it; it = it->next) {
		indent(b, depth + 1);
		if (obj)
			put_key(b, it->string);
		pretty(b, it, depth + 1);
		puts_(b, it->next ? ",\n" : "\n");
	}
	indent(b, depth);
	puts_(b, obj ? "}" : "]");
}

char *
cf_json_pretty(const char *json)
{
	struct buf b = { 0 };
	cJSON *root;

	if (!json)
		return NULL;
	root = cJSON_Parse(json);
	if (!root)
		return NULL;
	pretty(&b, root, 0);
	cJSON_Delete(root);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
