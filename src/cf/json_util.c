/* json_util.c: typed cJSON getters, encoder helpers, fast printer. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"

/* ---- getters ----------------------------------------------------------- */

/* JSON null means "not set" (the spec's nullable fields). */
static const cJSON *
present_or_null(const cJSON *item)
{
	return item && !cJSON_IsNull(item) ? item : NULL;
}

/* The item under key, or NULL when o is not an object, the key is absent or
 * the value is JSON null (the spec treats null like "not set"). */
static const cJSON *
lookup(const cJSON *o, const char *key)
{
	const cJSON *v;

	if (!o || !cJSON_IsObject(o))
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v || cJSON_IsNull(v))
		return NULL;
	return v;
}

static enum cf_status
wrong_type(struct cf_error *err, const char *key, const char *want)
{
	return cf_error_set(err, CF_ERR_MALFORMED, "field \"%s\": expected %s",
			    key, want);
}

static enum cf_status
nomem(struct cf_error *err)
{
	return cf_error_set(err, CF_ERR_NOMEM, "out of memory decoding JSON");
}

enum cf_status
cf_json_val_str(const cJSON *item, const char *key, char **out,
		struct cf_error *err)
{
	const cJSON *v = present_or_null(item);
	char *s;

	if (!v)
		return CF_OK;
	if (!cJSON_IsString(v) || !v->valuestring)
		return wrong_type(err, key, "a string");
	s = strdup(v->valuestring);
	if (!s)
		return nomem(err);
	free(*out);
	*out = s;
	return CF_OK;
}

enum cf_status
cf_json_val_strref(const cJSON *item, const char *key, const char **out,
		   struct cf_error *err)
{
	const cJSON *v = present_or_null(item);

	if (!v)
		return CF_OK;
	if (!cJSON_IsString(v) || !v->valuestring)
		return wrong_type(err, key, "a string");
	*out = v->valuestring;
	return CF_OK;
}

enum cf_status
cf_json_val_strvref(const cJSON *item, const char *key, const cJSON **out,
		    struct cf_error *err)
{
	const cJSON *v = present_or_null(item), *it;

	if (!v)
		return CF_OK;
	if (!cJSON_IsArray(v))
		return wrong_type(err, key, "an array of strings");
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) || !it->valuestring)
			return wrong_type(err, key, "an array of strings");
	}
	*out = v;
	return CF_OK;
}

enum cf_status
cf_json_val_bool(const cJSON *item, const char *key, bool *out, bool *present,
		 struct cf_error *err)
{
	const cJSON *v = present_or_null(item);

	if (present)
		*present = false;
	if (!v)
		return CF_OK;
	if (!cJSON_IsBool(v))
		return wrong_type(err, key, "true or false");
	*out = cJSON_IsTrue(v);
	if (present)
		*present = true;
	return CF_OK;
}

enum cf_status
cf_json_val_num(const cJSON *item, const char *key, double *out, bool *present,
		struct cf_error *err)
{
	const cJSON *v = present_or_null(item);

	if (present)
		*present = false;
	if (!v)
		return CF_OK;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return wrong_type(err, key, "a number");
	*out = v->valuedouble;
	if (present)
		*present = true;
	return CF_OK;
}

enum cf_status
cf_json_val_int(const cJSON *item, const char *key, int *out, bool *present,
		struct cf_error *err)
{
	const cJSON *v = present_or_null(item);
	double d;

	if (present)
		*present = false;
	if (!v)
		return CF_OK;
	if (!cJSON_IsNumber(v))
		return wrong_type(err, key, "an integer");
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < INT_MIN || d > INT_MAX)
		return wrong_type(err, key, "an integer");
	*out = (int)d;
	if (present)
		*present = true;
	return CF_OK;
}

enum cf_status
cf_json_val_strv(const cJSON *item, const char *key, struct cf_strv *out,
		 bool *present, struct cf_error *err)
{
	const cJSON *v = present_or_null(item), *it;
	struct cf_strv nv = { 0 };
	int n;

	if (present)
		*present = false;
	if (!v)
		return CF_OK;
	if (!cJSON_IsArray(v))
		return wrong_type(err, key, "an array of strings");
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) || !it->valuestring)
			return wrong_type(err, key, "an array of strings");
	}
	n = cJSON_GetArraySize(v);
	if (n > 0) {
		nv.v = calloc((size_t)n, sizeof(*nv.v));
		if (!nv.v)
			return nomem(err);
		cJSON_ArrayForEach(it, v)
		{
			nv.v[nv.n] = strdup(it->valuestring);
			if (!nv.v[nv.n]) {
				cf_strv_free(&nv);
				return nomem(err);
			}
			nv.n++;
		}
	}
	cf_strv_free(out);
	*out = nv;
	if (present)
		*present = true;
	return CF_OK;
}

enum cf_status
cf_json_val_obj(const cJSON *item, const char *key, const cJSON **out,
		struct cf_error *err)
{
	const cJSON *v = present_or_null(item);

	*out = NULL;
	if (!v)
		return CF_OK;
	if (!cJSON_IsObject(v))
		return wrong_type(err, key, "an object");
	*out = v;
	return CF_OK;
}

enum cf_status
cf_json_val_arr(const cJSON *item, const char *key, const cJSON **out,
		struct cf_error *err)
{
	const cJSON *v = present_or_null(item);

	*out = NULL;
	if (!v)
		return CF_OK;
	if (!cJSON_IsArray(v))
		return wrong_type(err, key, "an array");
	*out = v;
	return CF_OK;
}

enum cf_status
cf_json_val_text(const cJSON *item, const char *key, int types, char **out,
		 struct cf_error *err)
{
	const cJSON *v = present_or_null(item);
	char *s;

	if (!v)
		return CF_OK;
	if (!(v->type & types))
		return wrong_type(err, key,
				  types == cJSON_Array	  ? "an array"
				  : types == cJSON_Object ? "an object"
							  : "another type");
	s = cf_json_print(v);
	if (!s)
		return nomem(err);
	free(*out);
	*out = s;
	return CF_OK;
}

/* The by-key getters: one lookup, then the value getter. */

enum cf_status
cf_json_get_str(const cJSON *o, const char *key, char **out,
		struct cf_error *err)
{
	return cf_json_val_str(lookup(o, key), key, out, err);
}

enum cf_status
cf_json_get_bool(const cJSON *o, const char *key, bool *out, bool *present,
		 struct cf_error *err)
{
	return cf_json_val_bool(lookup(o, key), key, out, present, err);
}

enum cf_status
cf_json_get_num(const cJSON *o, const char *key, double *out, bool *present,
		struct cf_error *err)
{
	return cf_json_val_num(lookup(o, key), key, out, present, err);
}

enum cf_status
cf_json_get_int(const cJSON *o, const char *key, int *out, bool *present,
		struct cf_error *err)
{
	return cf_json_val_int(lookup(o, key), key, out, present, err);
}

enum cf_status
cf_json_get_strv(const cJSON *o, const char *key, struct cf_strv *out,
		 bool *present, struct cf_error *err)
{
	return cf_json_val_strv(lookup(o, key), key, out, present, err);
}

enum cf_status
cf_json_get_obj(const cJSON *o, const char *key, const cJSON **out,
		struct cf_error *err)
{
	return cf_json_val_obj(lookup(o, key), key, out, err);
}

enum cf_status
cf_json_get_arr(const cJSON *o, const char *key, const cJSON **out,
		struct cf_error *err)
{
	return cf_json_val_arr(lookup(o, key), key, out, err);
}

enum cf_status
cf_json_get_text(const cJSON *o, const char *key, int types, char **out,
		 struct cf_error *err)
{
	return cf_json_val_text(lookup(o, key), key, types, out, err);
}

enum cf_status
cf_error_prefix(struct cf_error *err, const char *fmt, ...)
{
	char where[128];
	char *old;
	va_list ap;
	enum cf_status st = err->status;

	va_start(ap, fmt);
	vsnprintf(where, sizeof(where), fmt, ap);
	va_end(ap);
	old = err->detail ? strdup(err->detail) : NULL;
	if (err->detail && !old)
		return st; /* out of memory: keep the message as it was */
	cf_error_set(err, st, "%s: %s", where, old ? old : cf_status_str(st));
	free(old);
	return st;
}

enum cf_status
cf_json_parse_object(const char *json, cJSON **root, struct cf_error *err)
{
	cJSON *r;

	*root = NULL;
	if (!json)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "no JSON given");
	r = cJSON_Parse(json);
	if (!r)
		return cf_error_set(
			err, CF_ERR_MALFORMED,
			"invalid JSON (parse error at byte %zu)",
			cJSON_GetErrorPtr()
				? (size_t)(cJSON_GetErrorPtr() - json)
				: 0);
	if (!cJSON_IsObject(r)) {
		cJSON_Delete(r);
		return cf_error_set(err, CF_ERR_MALFORMED,
				    "expected a JSON object");
	}
	*root = r;
	return CF_OK;
}

enum cf_status
cf_json_need_object(const cJSON *v, const char *what, struct cf_error *err)
{
	if (v && cJSON_IsObject(v))
		return CF_OK;
	return cf_error_set(err, CF_ERR_MALFORMED, "%s: expected an object",
			    what);
}

/*
 * cf_json_print: compact JSON text of a cJSON value, byte for byte what
 * cJSON_PrintUnformatted() prints. Every decoded object keeps its `raw`
 * text, so listing a 100 000-record zone prints 100 000 objects; cJSON's
 * printer (per-character escaping with a growing buffer, sprintf+sscanf per
 * number) was most of the decoding time. This walks the same tree, copies
 * runs of plain characters at once, prints integers directly and hands every
 * other number to cJSON itself, so the output cannot drift from cJSON's.
 * test_codec_health compares the two on fixtures and awkward values.
 */
struct jbuf {
	char *p;
	size_t len, cap;
	char stack[2048];
	bool oom;
};

static bool
jb_reserve(struct jbuf *b, size_t n)
{
	size_t ncap;
	char *np;

	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	ncap = b->cap * 2;
	while (ncap < b->len + n + 1)
		ncap *= 2;
	if (b->p == b->stack) {
		np = malloc(ncap);
		if (np)
			memcpy(np, b->p, b->len);
	} else {
		np = realloc(b->p, ncap);
	}
	if (!np) {
		b->oom = true;
		return false;
	}
	b->p = np;
	b->cap = ncap;
	return true;
}

static void
jb_put(struct jbuf *b, const char *s, size_t n)
{
	if (!jb_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
jb_string(struct jbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	char *o;

	/* Room for the worst case (every byte as \u00XX) up front, so the
	 * loop below writes without checks. */
	if (!jb_reserve(b, n * 6 + 2))
		return;
	o = b->p + b->len;
	*o++ = '"';
	for (; *p; p++) {
		unsigned char ch = *p;

		if (ch >= 32 && ch != '"' && ch != '\\') {
			*o++ = (char)ch;
			continue;
		}
		*o++ = '\\';
		switch (ch) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '\b':
			*o++ = 'b';
			break;
		case '\f':
			*o++ = 'f';
			break;
		case '\n':
			*o++ = 'n';
			break;
		case '\r':
			*o++ = 'r';
			break;
		case '\t':
			*o++ = 't';
			break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
			break;
		}
	}
	*o++ = '"';
	b->len = (size_t)(o - b->p);
}

static void
jb_number(struct jbuf *b, const cJSON *v)
{
	char tmp[64];
	double d = v->valuedouble;
	unsigned long long u;
	size_t i = sizeof(tmp);
	bool neg = d < 0;

	/*
	 * Integers below 1e15 print as plain digits under every cJSON
	 * version ("%d" in newer ones, "%1.15g" in older). Everything else
	 * (fractions, exponents, -0, NaN) is left to cJSON itself.
	 */
	if (!(d == floor(d) && fabs(d) < 1e15) || (d == 0 && signbit(d))) {
		if (cJSON_PrintPreallocated((cJSON *)(uintptr_t)v, tmp,
					    (int)sizeof(tmp), 0))
			jb_put(b, tmp, strlen(tmp));
		else
			b->oom = true;
		return;
	}
	u = (unsigned long long)(neg ? -d : d);
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		tmp[--i] = '-';
	jb_put(b, tmp + i, sizeof(tmp) - i);
}

static void
jb_value(struct jbuf *b, const cJSON *v)
{
	const cJSON *it;

	switch (v->type & 0xff) {
	case cJSON_NULL:
		jb_put(b, "null", 4);
		break;
	case cJSON_False:
		jb_put(b, "false", 5);
		break;
	case cJSON_True:
		jb_put(b, "true", 4);
		break;
	case cJSON_Number:
		jb_number(b, v);
		break;
	case cJSON_String:
		jb_string(b, v->valuestring);
		break;
	case cJSON_Raw:
		if (v->valuestring)
			jb_put(b, v->valuestring, strlen(v->valuestring));
		else
			b->oom = true;
		break;
	case cJSON_Array:
		jb_put(b, "[", 1);
		for (it = v->child; it; it = it->next) {
			jb_value(b, it);
			if (it->next)
				jb_put(b, ",", 1);
		}
		jb_put(b, "]", 1);
		break;
	case cJSON_Object:
		jb_put(b, "{", 1);
		for (it = v->child; it; it = it->next) {
			jb_string(b, it->string);
			jb_put(b, ":", 1);
			jb_value(b, it);
			if (it->next)
				jb_put(b, ",", 1);
		}
		jb_put(b, "}", 1);
		break;
	default:
		b->oom = true; /* cJSON_Invalid: cJSON fails too */
		break;
	}
}

enum cf_status
cf_json_keep_raw(const cJSON *o, char **raw, struct cf_error *err)
{
	*raw = cf_json_print(o);
	if (!*raw)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	return CF_OK;
}

char *
cf_json_print(const cJSON *v)
{
	struct jbuf b;
	char *out;

	if (!v)
		return NULL;
	b.p = b.stack;
	b.len = 0;
	b.cap = sizeof(b.stack);
	b.oom = false;
	jb_value(&b, v);
	if (b.oom) {
		if (b.p != b.stack)
			free(b.p);
		return NULL;
	}
	b.p[b.len] = '\0';
	if (b.p != b.stack) {
		out = realloc(b.p, b.len + 1); /* shrink to fit */
		return out ? out : b.p;
	}
	out = malloc(b.len + 1);
	if (out)
		memcpy(out, b.p, b.len + 1);
	return out;
}

char *
cf_strdup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

enum cf_status
cf_strv_copy(struct cf_strv *dst, const struct cf_strv *src)
{
	size_t i;

	dst->v = NULL;
	dst->n = 0;
	if (!src->n)
		return CF_OK;
	dst->v = calloc(src->n, sizeof(*dst->v));
	if (!dst->v)
		return CF_ERR_NOMEM;
	for (i = 0; i < src->n; i++) {
		dst->v[i] = strdup(src->v[i] ? src->v[i] : "");
		if (!dst->v[i]) {
			dst->n = i;
			cf_strv_free(dst);
			return CF_ERR_NOMEM;
		}
	}
	dst->n = src->n;
	return CF_OK;
}

bool
cf_list_grow(void **items, size_t n, size_t *cap, size_t sz)
{
	void *p;
	size_t ncap;

	if (n < *cap) {
		memset((char *)*items + n * sz, 0, sz);
		return true;
	}
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(*items, ncap * sz);
	if (!p)
		return false;
	*items = p;
	*cap = ncap;
	memset((char *)p + n * sz, 0, sz);
	return true;
}

/* ---- encoder helpers ----------------------------------------------------- */

cJSON *
cf_enc_start(const char *raw, bool keep_unknown, const char *const *ro)
{
	cJSON *o = NULL;

	if (raw && keep_unknown) {
		o = cJSON_Parse(raw);
		if (o && !cJSON_IsObject(o)) {
			cJSON_Delete(o);
			o = NULL;
		}
	}
	if (!o)
		return cJSON_CreateObject();
	for (; ro && *ro; ro++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, *ro);
	return o;
}

bool
cf_enc_set(cJSON *o, const char *key, cJSON *v)
{
	if (!v)
		return false;
	/* Replace in place so a read-modify-write keeps the key order. */
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		return cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
	if (!cJSON_AddItemToObject(o, key, v)) {
		cJSON_Delete(v);
		return false;
	}
	return true;
}

bool
cf_enc_str(cJSON *o, const char *key, const char *s)
{
	return cf_enc_set(o, key,
			  s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

bool
cf_enc_num(cJSON *o, const char *key, double d)
{
	return cf_enc_set(o, key, cJSON_CreateNumber(d));
}

bool
cf_enc_bool(cJSON *o, const char *key, bool b)
{
	return cf_enc_set(o, key, cJSON_CreateBool(b));
}

bool
cf_enc_opt_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		return cf_enc_str(o, key, s);
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	return true;
}

bool
cf_enc_strv(cJSON *o, const char *key, const struct cf_strv *v)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	if (!a)
		return false;
	for (i = 0; i < v->n; i++) {
		cJSON *s = cJSON_CreateString(v->v[i] ? v->v[i] : "");

		if (!s || !cJSON_AddItemToArray(a, s)) {
			cJSON_Delete(s);
			cJSON_Delete(a);
			return false;
		}
	}
	return cf_enc_set(o, key, a);
}

cJSON *
cf_enc_child(cJSON *o, const char *key)
{
	cJSON *c = cJSON_GetObjectItemCaseSensitive(o, key);

	if (c && cJSON_IsObject(c))
		return c;
	c = cJSON_CreateObject();
	if (!cf_enc_set(o, key, c))
		return NULL;
	return c;
}

bool
cf_enc_text(cJSON *o, const char *key, const char *json)
{
	cJSON *v;

	if (!json)
		return false;
	v = cJSON_Parse(json);
	if (!v)
		return false;
	return cf_enc_set(o, key, v);
}

char *
cf_enc_finish(cJSON *o)
{
	char *s;

	if (!o)
		return NULL;
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* ---- item arena ----------------------------------------------------------- */

/*
 * Parsing a 100 000-record zone item by item makes millions of tiny cJSON
 * allocations that are all freed a moment later; through malloc they were a
 * third of the client's CPU. cJSON's allocator hooks route them to a bump
 * arena while (and only while) a thread has switched its own arena on;
 * every other allocation, on every other thread, goes to malloc as before.
 * A pointer is the arena's iff it lies inside the calling thread's arena
 * buffer, so trees from malloc can be freed at any time.
 */
static _Thread_local struct cf_json_arena *arena_tl;
static bool arena_hooks;

static void *
arena_malloc(size_t n)
{
	struct cf_json_arena *a = arena_tl;

	if (a && a->on) {
		size_t need = (n + 15) & ~(size_t)15;

		if (need >= n && need <= a->cap - a->used) {
			void *p = a->buf + a->used;

			a->used += need;
			return p;
		}
	}
	return malloc(n);
}

static void
arena_free(void *p)
{
	struct cf_json_arena *a = arena_tl;

	if (a && (uintptr_t)p - (uintptr_t)a->buf < a->cap)
		return; /* reclaimed by cf_json_arena_reset */
	free(p);
}

void
cf_json_hooks_install(void)
{
	cJSON_Hooks h = { arena_malloc, arena_free };

	if (arena_hooks)
		return;
	cJSON_InitHooks(&h);
	arena_hooks = true;
}

bool
cf_json_arena_enter(struct cf_json_arena *a, char *buf, size_t cap)
{
	memset(a, 0, sizeof(*a));
	if (!arena_hooks || !buf || cap < 64 || arena_tl)
		return false;
	a->buf = buf;
	a->cap = cap;
	arena_tl = a;
	return true;
}

void
cf_json_arena_leave(struct cf_json_arena *a)
{
	if (arena_tl == a)
		arena_tl = NULL;
	a->on = false;
}
