/* edit_json.c: the core of the power-user JSON edit ($EDITOR): the object as text, the edited text read back with the resource's codec, validated with its field table and diffed against the fresh object; errors kept on top of the user's text. */
#include "cfconsole/edit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_json_edit.h"
#include "core/edit_impl.h"

char *
edit_json_text(enum field_res res, const void *obj)
{
	const struct field_table *t = fields_table(res);
	char *raw = NULL, *pretty;
	const char *src;

	/* The API's own text keeps fields the tables do not know. */
	switch (res) {
	case FIELD_RES_DNS:
		src = ((const struct cf_dns_record *)obj)->raw;
		break;
	case FIELD_RES_MONITOR:
		src = ((const struct cf_monitor *)obj)->raw;
		break;
	case FIELD_RES_POOL:
		src = ((const struct cf_pool *)obj)->raw;
		break;
	case FIELD_RES_LB:
		src = ((const struct cf_load_balancer *)obj)->raw;
		break;
	default:
		return NULL;
	}
	if (!src && t->encode)
		src = raw = t->encode(obj, t->all);
	pretty = src ? cf_json_pretty(src) : NULL;
	free(raw);
	if (pretty) {
		size_t n = strlen(pretty);
		char *nl = realloc(pretty, n + 2);

		if (nl) {
			pretty = nl;
			if (!n || pretty[n - 1] != '\n')
				strcat(pretty, "\n");
		}
	}
	return pretty;
}

/* text without the "//" lines at its top. */
static const char *
body_of(const char *text)
{
	const char *s = text;

	for (;;) {
		const char *p = s + strspn(s, " \t");

		if (strncmp(p, "//", 2))
			return s;
		s = strchr(p, '\n');
		if (!s)
			return "";
		s++;
	}
}

char *
edit_json_with_error(const char *text, const char *error)
{
	const char *body = body_of(text ? text : "");
	size_t len = strlen(body) + 128, i;
	char *out;

	for (i = 0; error && error[i]; i++)
		len += error[i] == '\n' ? 4 : 1;
	out = malloc(len);
	if (!out)
		return NULL;
	strcpy(out, "// error: ");
	for (i = 0; error && error[i]; i++) {
		size_t k = strlen(out);

		if (error[i] == '\n') {
			strcpy(out + k, "\n// ");
		} else {
			out[k] = error[i];
			out[k + 1] = '\0';
		}
	}
	strcat(out, "\n// (these lines are ignored; empty the file to "
		    "cancel)\n");
	strcat(out, body);
	return out;
}

static bool fail(char **error, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool
fail(char **error, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*error = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (*error) {
		va_start(ap, fmt);
		vsnprintf(*error, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return false;
}

bool
edit_json_parse(enum field_res res, const void *fresh, const char *text,
		const struct field_ctx *ctx, void **edited, unsigned *mask,
		char **diff, char **error)
{
	const struct field_table *t = fields_table(res);
	const char *body = body_of(text ? text : "");
	struct cf_error err = { 0 };
	struct plan_issues l = { 0 };
	size_t line, col, i, skipped = 0;
	const char *p;
	void *obj;

	*edited = NULL;
	*mask = 0;
	*diff = NULL;
	*error = NULL;
	/* Positions count from the top of the file the user sees. */
	for (p = text ? text : ""; p < body; p++)
		skipped += *p == '\n';
	if (cf_json_error_at(body, &line, &col))
		return fail(error,
			    "line %zu, column %zu: this is not valid JSON",
			    line + skipped, col);
	if (cf_json_type(body) != CF_JSON_OBJECT)
		return fail(error, "the text must be one JSON object (a %s)",
			    t->title);
	obj = calloc(1, t->size);
	if (!obj)
		return fail(error, "out of memory");
	if (t->decode(body, obj, &err) != CF_OK) {
		fail(error, "not a %s: %s", t->title,
		     err.detail ? err.detail : "a field has the wrong type");
		cf_error_clear(&err);
		free(obj);
		return false;
	}
	if (t->id(fresh) && (!t->id(obj) || strcmp(t->id(obj), t->id(fresh)))) {
		edit_obj_free(res, obj);
		return fail(error, "the id cannot be changed (it is %s)",
			    t->id(fresh));
	}
	if (!fields_validate_edit(res, fresh, obj, ctx, &l)) {
		size_t len = 1;
		char *msg;

		for (i = 0; i < l.n; i++)
			len += strlen(l.v[i].field) + strlen(l.v[i].message) +
			       4;
		msg = malloc(len);
		if (msg) {
			msg[0] = '\0';
			for (i = 0; i < l.n; i++) {
				if (l.v[i].warning)
					continue;
				if (*msg)
					strcat(msg, "\n");
				strcat(msg, l.v[i].field);
				strcat(msg, ": ");
				strcat(msg, l.v[i].message);
			}
		}
		*error = msg;
		plan_issues_free(&l);
		edit_obj_free(res, obj);
		return false;
	}
	plan_issues_free(&l);
	if (!fields_diff(res, fresh, obj, mask, diff)) {
		edit_obj_free(res, obj);
		return fail(error, "out of memory");
	}
	*edited = obj;
	return true;
}
