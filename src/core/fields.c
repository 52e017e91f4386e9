/* fields.c: the generic part of the field tables: lookup, text in and out by storage, validation, display, whole-object checks, diffs and --set paths. */
#include "cfconsole/fields.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_json_edit.h"
#include "cfconsole/timefmt.h"
#include "core/fields_impl.h"

/* ---- the tables ---------------------------------------------------------- */

static const struct field_table *const tables[FIELD_NRES] = {
	[FIELD_RES_DNS] = &fields_dns_table,
	[FIELD_RES_MONITOR] = &fields_monitor_table,
	[FIELD_RES_POOL] = &fields_pool_table,
	[FIELD_RES_ORIGIN] = &fields_origin_table,
	[FIELD_RES_LB] = &fields_lb_table,
	[FIELD_RES_ZONE] = &fields_zone_table,
};

_Static_assert((int)FIELD_TEXT == 0 && (int)FIELD_MAP == 6,
	       "field kinds follow enum form_kind");

const struct field_table *
fields_table(enum field_res r)
{
	return (size_t)r < FIELD_NRES ? tables[r] : NULL;
}

bool
fields_res_parse(const char *name, enum field_res *out)
{
	static const struct {
		const char *name;
		enum field_res r;
	} names[] = {
		{ "dns_record", FIELD_RES_DNS },
		{ "dns", FIELD_RES_DNS },
		{ "record", FIELD_RES_DNS },
		{ "monitor", FIELD_RES_MONITOR },
		{ "pool", FIELD_RES_POOL },
		{ "origin", FIELD_RES_ORIGIN },
		{ "load_balancer", FIELD_RES_LB },
		{ "lb", FIELD_RES_LB },
		{ "zone", FIELD_RES_ZONE },
	};
	size_t i;

	for (i = 0; name && i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(name, names[i].name)) {
			*out = names[i].r;
			return true;
		}
	}
	return false;
}

/* ---- shared helpers (fields_impl.h) -------------------------------------- */

const char *
fi_key(const struct field *f)
{
	return f->key ? f->key : f->name;
}

void
fi_emit(const struct field_out *out, const char *key, const char *value)
{
	if (out && out->emit)
		out->emit(key, value, out->ud);
}

bool
fi_parse_bool(const char *t, bool *b)
{
	if (!strcmp(t, "on") || !strcmp(t, "true") || !strcmp(t, "yes")) {
		*b = true;
		return true;
	}
	if (!strcmp(t, "off") || !strcmp(t, "false") || !strcmp(t, "no")) {
		*b = false;
		return true;
	}
	return false;
}

char *
fi_dup(const char *s)
{
	return strdup(s ? s : "");
}

bool
fi_set_str(char **dst, const char *s, bool opt)
{
	char *d = NULL;

	if (s && !(opt && !*s)) {
		d = strdup(s);
		if (!d)
			return false;
	}
	free(*dst);
	*dst = d;
	return true;
}

char *
fi_num(double v, char *buf, size_t size)
{
	snprintf(buf, size, "%.10g", v);
	return buf;
}

void
fi_show_time(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	char *t = fields_get(f, obj), b[64];

	(void)ctx;
	if (style == FIELD_CELL)
		timefmt_api(t, "%Y-%m-%d %H:%M", b, sizeof(b));
	else
		timefmt_api(t, NULL, b, sizeof(b));
	fi_emit(out, fi_key(f), b);
	free(t);
}

const char *
fi_pool_name(const struct field_ctx *ctx, const char *id)
{
	const char *n = ctx && ctx->pool_name && id
				? ctx->pool_name(id, ctx->ud)
				: NULL;

	return n && *n ? n : id;
}

const char *
fi_pool_names(const struct field_ctx *ctx, const struct cf_strv *ids,
	      const char *sep, char *buf, size_t size)
{
	size_t i, len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	if (!ids->n) {
		snprintf(buf, size, "-");
		return buf;
	}
	for (i = 0; i < ids->n && len + 1 < size; i++) {
		int k = snprintf(buf + len, size - len, "%s%s", i ? sep : "",
				 fi_pool_name(ctx, ids->v[i]));

		if (k < 0)
			break;
		len += (size_t)k;
	}
	return buf;
}

bool
fi_strv_copy(struct cf_strv *dst, const struct cf_strv *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (!src->n)
		return true;
	dst->v = calloc(src->n, sizeof(char *));
	if (!dst->v)
		return false;
	for (i = 0; i < src->n; i++) {
		dst->v[i] = strdup(src->v[i] ? src->v[i] : "");
		if (!dst->v[i]) {
			cf_strv_free(dst);
			return false;
		}
		dst->n++;
	}
	return true;
}

void
fields_num_text(double v, char *buf, size_t size)
{
	int p;

	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(buf, size, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* ---- lists and maps as text ---------------------------------------------- */

static char *
trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

static bool
strv_push(struct cf_strv *v, char *s)
{
	char **nv;

	if (!s)
		return false;
	nv = realloc(v->v, (v->n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return false;
	}
	v->v = nv;
	nv[v->n++] = s;
	return true;
}

bool
fields_split_list(const char *text, struct cf_strv *out)
{
	const char *s = text ? text : "";

	memset(out, 0, sizeof(*out));
	while (*s) {
		size_t n = strcspn(s, ",");
		char *item = trimmed(s, n);

		if (!item) {
			cf_strv_free(out);
			return false;
		}
		if (*item) {
			if (!strv_push(out, item)) {
				cf_strv_free(out);
				return false;
			}
		} else {
			free(item);
		}
		s += n;
		if (*s == ',')
			s++;
	}
	return true;
}

char *
fields_join_list(const struct cf_strv *v, const char *sep)
{
	size_t i, len = 1;
	char *out;

	for (i = 0; i < v->n; i++)
		len += strlen(v->v[i] ? v->v[i] : "") + strlen(sep);
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < v->n; i++) {
		if (i)
			strcat(out, sep);
		strcat(out, v->v[i] ? v->v[i] : "");
	}
	return out;
}

void
fields_map_free(struct cf_pool_map *m)
{
	size_t i;

	for (i = 0; m && i < m->n; i++) {
		free(m->e[i].key);
		cf_strv_free(&m->e[i].pool_ids);
	}
	if (m) {
		free(m->e);
		memset(m, 0, sizeof(*m));
	}
}

bool
fields_parse_map(const char *text, struct cf_pool_map *out, char *why, size_t n)
{
	const char *s = text ? text : "";

	memset(out, 0, sizeof(*out));
	while (*s) {
		size_t len = strcspn(s, ";");
		char *item = trimmed(s, len), *eq, *key;
		struct cf_pool_map_entry *ne;
		size_t i;

		if (!item)
			goto oom;
		s += len;
		if (*s == ';')
			s++;
		if (!*item) {
			free(item);
			continue;
		}
		eq = strchr(item, '=');
		key = eq ? trimmed(item, (size_t)(eq - item)) : NULL;
		if (!eq || !key || !*key) {
			snprintf(why, n,
				 "\"%s\": write KEY=value[,value] items "
				 "separated by ;",
				 item);
			free(key);
			free(item);
			fields_map_free(out);
			return false;
		}
		for (i = 0; i < out->n; i++) {
			if (!strcmp(out->e[i].key, key)) {
				snprintf(why, n, "%s is given twice", key);
				free(key);
				free(item);
				fields_map_free(out);
				return false;
			}
		}
		ne = realloc(out->e, (out->n + 1) * sizeof(*ne));
		if (!ne) {
			free(key);
			free(item);
			goto oom;
		}
		out->e = ne;
		memset(&ne[out->n], 0, sizeof(ne[0]));
		ne[out->n].key = key;
		out->n++;
		if (!fields_split_list(eq + 1, &ne[out->n - 1].pool_ids)) {
			free(item);
			goto oom;
		}
		free(item);
	}
	return true;
oom:
	fields_map_free(out);
	snprintf(why, n, "out of memory");
	return false;
}

char *
fields_map_text(const struct cf_pool_map *m)
{
	size_t i, len = 1;
	char *out, *vals;

	for (i = 0; i < m->n; i++) {
		vals = fields_join_list(&m->e[i].pool_ids, ",");
		if (!vals)
			return NULL;
		len += strlen(m->e[i].key) + strlen(vals) + 3;
		free(vals);
	}
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < m->n; i++) {
		vals = fields_join_list(&m->e[i].pool_ids, ",");
		if (!vals) {
			free(out);
			return NULL;
		}
		if (i)
			strcat(out, "; ");
		strcat(out, m->e[i].key);
		strcat(out, "=");
		strcat(out, vals);
		free(vals);
	}
	return out;
}

/* ---- lookup and dependencies --------------------------------------------- */

/* The record type of a DNS record (NULL when obj is not one). */
static const char *
record_type(const struct field *f, const void *obj)
{
	return f->types && obj ? ((const struct cf_dns_record *)obj)->type
			       : NULL;
}

static bool
type_matches(const struct field *f, const void *obj)
{
	const char *t = record_type(f, obj);
	char pat[32];

	if (!f->types || !obj)
		return true;
	if (!t || !*t || strlen(t) > 16)
		return false;
	snprintf(pat, sizeof(pat), " %s ", t);
	return strstr(f->types, pat) != NULL;
}

bool
fields_applies(const struct field *f, const void *obj,
	       const struct field_ctx *ctx)
{
	if (!type_matches(f, obj))
		return false;
	return !f->applies || !obj || f->applies(obj, ctx);
}

const struct valid_choice *
fields_choices(const struct field *f, const void *obj, size_t *n)
{
	if (f->choices_for)
		return f->choices_for(obj, n);
	*n = f->nchoices;
	return f->choices;
}

bool
fields_writable(const struct field *f)
{
	return f->mask && !(f->flags & FIELD_RO);
}

const struct field *
fields_find(enum field_res r, const char *name, const void *obj)
{
	const struct field_table *t = fields_table(r);
	const struct field *first = NULL;
	size_t i;

	if (!t || !name)
		return NULL;
	for (i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].name, name))
			continue;
		if (!obj || type_matches(&t->v[i], obj))
			return &t->v[i];
		if (!first)
			first = &t->v[i];
	}
	return first;
}

/* ---- text in and out ----------------------------------------------------- */

#define AT(obj, off, type) ((type *)(void *)((char *)(uintptr_t)(obj) + (off)))

static bool
has(const struct field *f, const void *obj)
{
	return !f->has_off || *AT(obj, f->has_off, bool);
}

char *
fields_get(const struct field *f, const void *obj)
{
	char b[64];

	if (f->get)
		return f->get(f, obj);
	switch (f->store) {
	case FIELD_S_STR:
	case FIELD_S_OPT:
		return fi_dup(*AT(obj, f->off, char *));
	case FIELD_S_INT:
		snprintf(b, sizeof(b), "%d", *AT(obj, f->off, int));
		return strdup(b);
	case FIELD_S_NUM:
		if (!has(f, obj))
			return strdup("");
		fields_num_text(*AT(obj, f->off, double), b, sizeof(b));
		return strdup(b);
	case FIELD_S_BOOL:
		return strdup(*AT(obj, f->off, bool) ? "on" : "off");
	case FIELD_S_LIST:
		if (!has(f, obj))
			return strdup("");
		return fields_join_list(AT(obj, f->off, struct cf_strv), ", ");
	case FIELD_S_MEMBER: {
		const char *dot = strchr(f->name, '.');
		char *v = cf_json_scalar(*AT(obj, f->off, char *),
					 dot ? dot + 1 : f->name);

		return v ? v : strdup("");
	}
	case FIELD_S_NONE:
		break;
	}
	return strdup("");
}

/* A number from text: the whole text, finite. */
static bool
parse_num(const char *t, double *out)
{
	char *end = NULL;
	double v;

	if (!*t || strchr(" \t", t[0]))
		return false;
	errno = 0;
	v = strtod(t, &end);
	if (errno || !end || *end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static bool fail(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool
fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool
check_num(const struct field *f, const char *t, char *why, size_t n)
{
	char lo[32], hi[32], st[32];
	double v;

	fields_num_text(f->lo, lo, sizeof(lo));
	fields_num_text(f->hi, hi, sizeof(hi));
	if (!parse_num(t, &v)) {
		if (f->lo < f->hi)
			return fail(why, n, "%s must be a number from %s to %s",
				    fi_key(f), lo, hi);
		return fail(why, n, "%s must be a number", fi_key(f));
	}
	if (f->lo < f->hi && (v < f->lo || v > f->hi))
		return fail(why, n, "%s must be from %s to %s", fi_key(f), lo,
			    hi);
	if (f->step > 0) {
		double q = v / f->step;

		if (fabs(q - round(q)) > 1e-6) {
			fields_num_text(f->step, st, sizeof(st));
			return fail(why, n, "%s goes in steps of %s", fi_key(f),
				    st);
		}
	}
	return true;
}

bool
fields_check(const struct field *f, const void *obj, const char *text,
	     const struct field_ctx *ctx, char *why, size_t n)
{
	const char *t = text ? text : "";
	bool b;
	int iv;

	if (why && n)
		why[0] = '\0';
	if (!fields_writable(f))
		return fail(why, n, "%s is read-only", fi_key(f));
	if ((f->flags & FIELD_REQUIRED) && !*t)
		return fail(why, n, "enter the %s", fi_key(f));
	if (f->kind == FIELD_CHOICE && (f->choices || f->choices_for)) {
		size_t nc;
		const struct valid_choice *c = fields_choices(f, obj, &nc);

		if (c && nc && !valid_choice(t, c, nc, fi_key(f), why, n))
			return false;
	}
	if (f->kind == FIELD_BOOL && !fi_parse_bool(t, &b))
		return fail(why, n, "%s is on or off", fi_key(f));
	if (f->maxlen && strlen(t) > f->maxlen)
		return fail(why, n, "%s is longer than %zu characters",
			    fi_key(f), f->maxlen);
	switch (f->store) {
	case FIELD_S_INT:
		if (!valid_int_text(t, fi_key(f), (long)f->lo, (long)f->hi, &iv,
				    why, n))
			return false;
		break;
	case FIELD_S_NUM:
		if (!(f->has_off && !*t) && !check_num(f, t, why, n))
			return false;
		break;
	case FIELD_S_MEMBER:
	case FIELD_S_NONE:
		if (f->kind == FIELD_NUMBER && *t && !check_num(f, t, why, n))
			return false;
		break;
	default:
		break;
	}
	return !f->check || f->check(obj, t, ctx, why, n);
}

bool
fi_put_generic(const struct field *f, void *obj, const char *t)
{
	struct cf_strv v;
	double d;
	bool b;

	switch (f->store) {
	case FIELD_S_STR:
		return fi_set_str(AT(obj, f->off, char *), t, false);
	case FIELD_S_OPT:
		return fi_set_str(AT(obj, f->off, char *), t, true);
	case FIELD_S_INT:
		*AT(obj, f->off, int) = (int)strtol(t, NULL, 10);
		return true;
	case FIELD_S_NUM:
		if (f->has_off && !*t) {
			*AT(obj, f->has_off, bool) = false;
			return true;
		}
		if (!parse_num(t, &d))
			return false;
		*AT(obj, f->off, double) = d;
		if (f->has_off)
			*AT(obj, f->has_off, bool) = true;
		return true;
	case FIELD_S_BOOL:
		if (!fi_parse_bool(t, &b))
			return false;
		*AT(obj, f->off, bool) = b;
		return true;
	case FIELD_S_LIST:
		if (!fields_split_list(t, &v))
			return false;
		cf_strv_free(AT(obj, f->off, struct cf_strv));
		*AT(obj, f->off, struct cf_strv) = v;
		if (f->has_off)
			*AT(obj, f->has_off, bool) = *t != '\0';
		return true;
	case FIELD_S_MEMBER: {
		const char *dot = strchr(f->name, '.');
		char **json = AT(obj, f->off, char *);
		char *nd = cf_json_with(
			*json, dot ? dot + 1 : f->name, *t ? t : NULL,
			f->kind == FIELD_NUMBER ? CF_JSON_NUMBER
						: CF_JSON_STRING);

		if (!nd)
			return false;
		free(*json);
		*json = nd;
		return true;
	}
	case FIELD_S_NONE:
		break;
	}
	return false;
}

bool
fields_set(const struct field *f, void *obj, const char *text,
	   const struct field_ctx *ctx, char *why, size_t n)
{
	const char *t = text ? text : "";

	if (!fields_check(f, obj, t, ctx, why, n))
		return false;
	if (f->put ? f->put(f, obj, t, ctx) : fi_put_generic(f, obj, t))
		return true;
	return fail(why, n, "out of memory");
}

bool
fields_assign(const struct field *f, void *obj, const char *text,
	      const struct field_ctx *ctx)
{
	const char *t = text ? text : "";

	return f->put ? f->put(f, obj, t, ctx) : fi_put_generic(f, obj, t);
}

/* ---- display ------------------------------------------------------------- */

void
fields_show(const struct field *f, const void *obj, const struct field_ctx *ctx,
	    enum field_style style, const struct field_out *out)
{
	if (f->show)
		f->show(f, obj, ctx, style, out);
	else
		fi_show_generic(f, obj, ctx, style, out);
}

void
fi_show_generic(const struct field *f, const void *obj,
		const struct field_ctx *ctx, enum field_style style,
		const struct field_out *out)
{
	char *t;

	(void)ctx;
	if (f->store == FIELD_S_NUM && has(f, obj)) {
		char b[64];

		fi_emit(out, fi_key(f),
			fi_num(*AT(obj, f->off, double), b, sizeof(b)));
		return;
	}
	t = fields_get(f, obj);
	if (t && f->kind == FIELD_BOOL && f->store == FIELD_S_BOOL) {
		bool on = *AT(obj, f->off, bool);

		fi_emit(out, fi_key(f),
			style == FIELD_CELL ? (on ? "on" : "off")
					    : (on ? "yes" : "no"));
	} else {
		fi_emit(out, fi_key(f), t && *t ? t : NULL);
	}
	free(t);
}

struct first {
	char *buf;
	size_t size;
	bool got;
};

static void
first_emit(const char *key, const char *value, void *ud)
{
	struct first *x = ud;

	(void)key;
	if (x->got)
		return;
	x->got = true;
	snprintf(x->buf, x->size, "%s", value ? value : "-");
}

const char *
fields_text(const struct field *f, const void *obj, const struct field_ctx *ctx,
	    enum field_style style, char *buf, size_t size)
{
	struct first x = { .buf = buf, .size = size };
	struct field_out out = { .emit = first_emit, .ud = &x };

	if (!size)
		return buf;
	fields_show(f, obj, ctx, style, &out);
	if (!x.got)
		snprintf(buf, size, "-");
	return buf;
}

void
fields_detail(enum field_res r, const void *obj, const struct field_ctx *ctx,
	      const struct field_out *out)
{
	const struct field_table *t = fields_table(r);
	size_t i;

	for (i = 0; t && i < t->n; i++)
		if (!(t->v[i].flags & FIELD_NO_DETAIL))
			fields_show(&t->v[i], obj, ctx, FIELD_DETAIL, out);
}

/* ---- whole objects ------------------------------------------------------- */

/* Checks one field's current text; an issue named id when it fails. */
static void
validate_one(const struct field *f, const void *obj, const char *id,
	     const struct field_ctx *ctx, struct plan_issues *out)
{
	char why[VALID_WHY_MAX], *t;

	if (!fields_writable(f) || !fields_applies(f, obj, ctx))
		return;
	t = fields_get(f, obj);
	if (!t) {
		plan_issue_add(out, false, id, "out of memory");
		return;
	}
	if (!fields_check(f, obj, t, ctx, why, sizeof(why)))
		plan_issue_add(out, false, id, "%s", why);
	free(t);
}

bool
fields_validate(enum field_res r, const void *obj, const struct field_ctx *ctx,
		struct plan_issues *out)
{
	const struct field_table *t = fields_table(r);
	size_t before = out->nerrors, i, j, k;
	char id[160];

	if (!t)
		return false;
	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];

		if (f->kind != FIELD_TABLE || !f->rows) {
			validate_one(f, obj, f->name, ctx, out);
			continue;
		}
		{
			const struct field_table *sub =
				fields_table(f->rows->res);
			size_t nrows = f->rows->count(obj);

			for (j = 0; sub && j < nrows; j++) {
				const void *row = f->rows->row(obj, j);

				for (k = 0; k < sub->n; k++) {
					snprintf(id, sizeof(id), "%s[%zu].%s",
						 f->name, j, sub->v[k].name);
					validate_one(&sub->v[k], row, id, ctx,
						     out);
				}
			}
		}
	}
	if (t->rules)
		t->rules(obj, ctx, out);
	return out->nerrors == before;
}

bool
fields_validate_edit(enum field_res r, const void *before, const void *after,
		     const struct field_ctx *ctx, struct plan_issues *out)
{
	struct plan_issues was = { 0 }, now = { 0 };
	size_t n0 = out->nerrors, i, j;

	fields_validate(r, before, ctx, &was);
	fields_validate(r, after, ctx, &now);
	for (i = 0; i < now.n; i++) {
		bool old = false;

		for (j = 0; j < was.n && !now.v[i].warning && !old; j++)
			old = !was.v[j].warning &&
			      !strcmp(was.v[j].field, now.v[i].field) &&
			      !strcmp(was.v[j].message, now.v[i].message);
		if (!old)
			plan_issue_add(out, now.v[i].warning, now.v[i].field,
				       "%s", now.v[i].message);
	}
	plan_issues_free(&was);
	plan_issues_free(&now);
	return out->nerrors == n0;
}

/* ---- diffs --------------------------------------------------------------- */

struct sb {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_add(struct sb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		char *np;

		while (nc < b->len + (size_t)n + 1)
			nc *= 2;
		np = realloc(b->p, nc);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static const char *
shown(const char *s)
{
	return s && *s ? s : "-";
}

/* Compares one field of a and b; true when it differs. */
static bool
diff_field(const struct field *f, const void *a, const void *b, const char *id,
	   struct sb *text)
{
	char *x = fields_get(f, a), *y = fields_get(f, b);
	bool differs;

	if (!x || !y) {
		free(x);
		free(y);
		text->oom = true;
		return false;
	}
	differs = strcmp(x, y) != 0;
	if (differs)
		sb_add(text, "%s: %s -> %s\n", id, shown(x), shown(y));
	free(x);
	free(y);
	return differs;
}

/* The row of table f in obj with key k, or -1. */
static long
row_by_key(const struct field_rows *rows, const void *obj, const char *k)
{
	size_t i, n = rows->count(obj);

	for (i = 0; k && i < n; i++) {
		const char *rk = rows->key(rows->row(obj, i));

		if (rk && !strcmp(rk, k))
			return (long)i;
	}
	return -1;
}

static bool
diff_table(const struct field *f, const void *a, const void *b, struct sb *text)
{
	const struct field_rows *rows = f->rows;
	const struct field_table *sub = fields_table(rows->res);
	size_t na = rows->count(a), nb = rows->count(b), i, k, common = 0;
	bool differs = false, order_same = true;
	long last = -1;
	char id[200];

	for (i = 0; i < na; i++) {
		const char *key = rows->key(rows->row(a, i));

		if (row_by_key(rows, b, key) < 0) {
			sb_add(text, "%s: - %s\n", f->name, shown(key));
			differs = true;
		}
	}
	for (i = 0; i < nb; i++) {
		const void *rb = rows->row(b, i);
		const char *key = rows->key(rb);
		long j = row_by_key(rows, a, key);

		if (j < 0) {
			sb_add(text, "%s: + %s\n", f->name, shown(key));
			differs = true;
			continue;
		}
		common++;
		if (j < last)
			order_same = false;
		last = j;
		for (k = 0; sub && k < sub->n; k++) {
			if (!fields_writable(&sub->v[k]))
				continue;
			snprintf(id, sizeof(id), "%s[%s].%s", f->name,
				 shown(key), sub->v[k].name);
			differs |=
				diff_field(&sub->v[k], rows->row(a, (size_t)j),
					   rb, id, text);
		}
	}
	if (!order_same && common > 1) {
		sb_add(text, "%s: order changed\n", f->name);
		differs = true;
	}
	return differs;
}

bool
fields_diff(enum field_res r, const void *a, const void *b, unsigned *mask,
	    char **text)
{
	const struct field_table *t = fields_table(r);
	struct sb sb = { 0 };
	size_t i, j;

	*mask = 0;
	if (text)
		*text = NULL;
	if (!t)
		return false;
	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		bool dup = false;

		if (!fields_writable(f) || (f->flags & FIELD_NO_FORM))
			continue;
		if (f->types && !type_matches(f, a) && !type_matches(f, b))
			continue;
		/* Fields that share a name across record types: once. */
		for (j = 0; j < i && !dup; j++)
			dup = !strcmp(t->v[j].name, f->name) &&
			      fields_writable(&t->v[j]) &&
			      (type_matches(&t->v[j], a) ||
			       type_matches(&t->v[j], b));
		if (dup)
			continue;
		if (f->kind == FIELD_TABLE && f->rows
			    ? diff_table(f, a, b, &sb)
			    : diff_field(f, a, b, f->name, &sb))
			*mask |= f->mask;
	}
	if (sb.oom) {
		free(sb.p);
		return false;
	}
	if (sb.len && sb.p[sb.len - 1] == '\n')
		sb.p[--sb.len] = '\0';
	if (text && sb.len)
		*text = sb.p;
	else
		free(sb.p);
	return true;
}

/* ---- --set paths --------------------------------------------------------- */

/* Sets a table cell: "origins[gpu-b].weight", "origins[1].weight",
 * "origins[+].address". */
static bool
set_cell(const struct field *tf, void *obj, const char *inner, const char *cell,
	 const char *text, const struct field_ctx *ctx, char *why, size_t n)
{
	const struct field_rows *rows = tf->rows;
	const struct field *cf;
	long idx = -1;
	char *end = NULL;
	void *row;

	if (!strcmp(inner, "+")) {
		if (!rows->add(obj, !strcmp(cell, "name") ? text : NULL))
			return fail(why, n, "out of memory");
		idx = (long)rows->count(obj) - 1;
	} else {
		idx = row_by_key(rows, obj, inner);
		if (idx < 0 && *inner) {
			errno = 0;
			idx = strtol(inner, &end, 10);
			if (errno || !end || *end || idx < 0 ||
			    (size_t)idx >= rows->count(obj))
				idx = -1;
		}
	}
	if (idx < 0)
		return fail(why, n, "%s has no row %s", tf->name, inner);
	row = (void *)(uintptr_t)rows->row(obj, (size_t)idx);
	cf = fields_find(rows->res, cell, row);
	if (!cf)
		return fail(why, n, "%s has no field %s", tf->name, cell);
	if (!fields_set(cf, row, text, ctx, why, n)) {
		if (!strcmp(inner, "+"))
			rows->remove(obj, (size_t)idx);
		return false;
	}
	return true;
}

/* Sets one key of a map field: "pop_pools.LAX". */
static bool
set_map_key(const struct field *f, void *obj, const char *key, const char *text,
	    const struct field_ctx *ctx, char *why, size_t n)
{
	struct cf_pool_map m;
	char *cur = fields_get(f, obj), *next;
	struct cf_strv vals;
	size_t i;
	bool ok, found = false;

	if (!cur || !fields_parse_map(cur, &m, why, n)) {
		free(cur);
		return false;
	}
	free(cur);
	for (i = 0; i < m.n && !found; i++) {
		if (strcmp(m.e[i].key, key))
			continue;
		found = true;
		if (!*text) {
			free(m.e[i].key);
			cf_strv_free(&m.e[i].pool_ids);
			memmove(&m.e[i], &m.e[i + 1],
				(m.n - i - 1) * sizeof(m.e[0]));
			m.n--;
		} else if (fields_split_list(text, &vals)) {
			cf_strv_free(&m.e[i].pool_ids);
			m.e[i].pool_ids = vals;
		}
	}
	if (!found && *text) {
		struct cf_pool_map_entry *ne =
			realloc(m.e, (m.n + 1) * sizeof(*ne));

		if (ne) {
			m.e = ne;
			memset(&ne[m.n], 0, sizeof(ne[0]));
			ne[m.n].key = strdup(key);
			if (ne[m.n].key &&
			    fields_split_list(text, &ne[m.n].pool_ids))
				m.n++;
			else
				free(ne[m.n].key);
		}
	}
	next = fields_map_text(&m);
	fields_map_free(&m);
	if (!next)
		return fail(why, n, "out of memory");
	ok = fields_set(f, obj, next, ctx, why, n);
	free(next);
	return ok;
}

bool
fields_set_path(enum field_res r, void *obj, const char *path, const char *text,
		const struct field_ctx *ctx, char *why, size_t n)
{
	const struct field *f = fields_find(r, path, obj);
	const char *lb = strchr(path, '['), *dot;
	char name[128], inner[128];

	if (f) {
		if (!fields_writable(f))
			return fail(why, n, "%s is read-only", path);
		if (!fields_applies(f, obj, ctx))
			return fail(why, n, "%s does not apply to this %s",
				    path, fields_table(r)->title);
		if (f->kind == FIELD_TABLE)
			return fail(why, n,
				    "set %s cell by cell: %s[NAME].FIELD=VALUE",
				    path, path);
		return fields_set(f, obj, text, ctx, why, n);
	}
	if (lb) {
		const char *rb = strchr(lb, ']');

		if (!rb || rb[1] != '.' ||
		    (size_t)(lb - path) >= sizeof(name) ||
		    (size_t)(rb - lb) >= sizeof(inner))
			return fail(why, n, "%s: write TABLE[ROW].FIELD", path);
		snprintf(name, sizeof(name), "%.*s", (int)(lb - path), path);
		snprintf(inner, sizeof(inner), "%.*s", (int)(rb - lb - 1),
			 lb + 1);
		f = fields_find(r, name, obj);
		if (!f || f->kind != FIELD_TABLE || !f->rows)
			return fail(why, n, "%s is not a table", name);
		return set_cell(f, obj, inner, rb + 2, text, ctx, why, n);
	}
	/* "pop_pools.LAX": one key of a map field. */
	for (dot = strrchr(path, '.'); dot; dot = NULL) {
		if ((size_t)(dot - path) >= sizeof(name))
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(dot - path), path);
		f = fields_find(r, name, obj);
		if (f && f->kind == FIELD_MAP && fields_writable(f))
			return set_map_key(f, obj, dot + 1, text, ctx, why, n);
	}
	return fail(why, n, "%s has no field %s", fields_table(r)->title, path);
}
