/* raw.c: cf_raw_call (one request, JSON text in and out) and the JSON text operations of the plan engine (substitute, compare, pick, match). */
#include "cfconsole/cf_raw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cf/codec.h"
#include "cf/request.h"

enum cf_status
cf_raw_call(struct cf_client *c, const char *method, const char *path,
	    const char *query, const char *body, char **result,
	    struct cf_error *err)
{
	struct cf_response resp = { 0 };
	enum cf_status st;

	if (!c || !method || !path || path[0] != '/')
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "raw call: bad method or path");
	if (!body && strcmp(method, "DELETE") == 0)
		body = CF_DELETE_BODY;
	st = cf_request(c, method, path, query, body, &resp, err);
	if (st)
		return st;
	if (result) {
		*result = resp.result ? cf_json_print(resp.result)
				      : strdup("null");
		if (!*result)
			st = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	}
	cf_response_free(&resp);
	return st;
}

/* ---- substitution ----------------------------------------------------- */

static bool
subst_walk(cJSON *v, const char *const *names, const char *const *values,
	   size_t n)
{
	cJSON *it;
	size_t i;

	if (cJSON_IsString(v)) {
		for (i = 0; i < n; i++) {
			if (names[i] && values[i] &&
			    strcmp(v->valuestring, names[i]) == 0)
				return cJSON_SetValuestring(v, values[i]) !=
				       NULL;
		}
		return true;
	}
	for (it = v->child; it; it = it->next)
		if (!subst_walk(it, names, values, n))
			return false;
	return true;
}

char *
cf_json_subst(const char *json, const char *const *names,
	      const char *const *values, size_t n)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	char *out = NULL;

	if (!root)
		return NULL;
	if (subst_walk(root, names, values, n))
		out = cf_json_print(root);
	cJSON_Delete(root);
	return out;
}

static bool
find_ph(const cJSON *v, char *buf, size_t size)
{
	const cJSON *it;

	if (cJSON_IsString(v)) {
		size_t len = strlen(v->valuestring);

		/* "{name.id}", "{zone.id}": a lower-case dotted name. */
		if (len > 2 && v->valuestring[0] == '{' &&
		    v->valuestring[len - 1] == '}' &&
		    strspn(v->valuestring + 1,
			   "abcdefghijklmnopqrstuvwxyz0123456789_.") ==
			    len - 2) {
			snprintf(buf, size, "%s", v->valuestring);
			return true;
		}
		return false;
	}
	for (it = v->child; it; it = it->next)
		if (find_ph(it, buf, size))
			return true;
	return false;
}

bool
cf_json_find_placeholder(const char *json, char *buf, size_t size)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	bool found;

	if (!root)
		return false;
	found = find_ph(root, buf, size);
	cJSON_Delete(root);
	return found;
}

/* ---- comparison ------------------------------------------------------- */

/* A growing "a.b[2].c" path for diffs. */
struct where {
	char s[256];
	size_t len;
};

static void
where_push(struct where *w, const char *key, int idx, size_t *saved)
{
	*saved = w->len;
	if (w->len >= sizeof(w->s))
		return;
	if (key)
		w->len += (size_t)snprintf(w->s + w->len, sizeof(w->s) - w->len,
					   "%s%s", w->len ? "." : "", key);
	else
		w->len += (size_t)snprintf(w->s + w->len, sizeof(w->s) - w->len,
					   "[%d]", idx);
	if (w->len >= sizeof(w->s))
		w->len = sizeof(w->s) - 1;
}

static void
where_pop(struct where *w, size_t saved)
{
	w->len = saved;
	w->s[saved] = '\0';
}

/* A short rendering of a value for a diff line. */
static void
brief(const cJSON *v, char *buf, size_t size)
{
	char *t;

	if (!v) {
		snprintf(buf, size, "(absent)");
		return;
	}
	t = cJSON_PrintUnformatted(v);
	if (!t) {
		snprintf(buf, size, "?");
		return;
	}
	if (strlen(t) > 60)
		snprintf(buf, size, "%.57s...", t);
	else
		snprintf(buf, size, "%s", t);
	cJSON_free(t);
}

static bool
subset(const cJSON *e, const cJSON *a, struct where *w, char *diff, size_t size)
{
	const cJSON *it;
	size_t saved;
	int i = 0;
	bool ok = true;

	if (cJSON_IsObject(e)) {
		if (!cJSON_IsObject(a))
			goto differ;
		for (it = e->child; it && ok; it = it->next) {
			where_push(w, it->string, 0, &saved);
			ok = subset(
				it,
				cJSON_GetObjectItemCaseSensitive(a, it->string),
				w, diff, size);
			where_pop(w, saved);
		}
		return ok;
	}
	if (cJSON_IsArray(e)) {
		const cJSON *ai;

		if (!cJSON_IsArray(a) ||
		    cJSON_GetArraySize(e) != cJSON_GetArraySize(a))
			goto differ;
		for (it = e->child, ai = a->child; it && ok;
		     it = it->next, ai = ai->next, i++) {
			where_push(w, NULL, i, &saved);
			ok = subset(it, ai, w, diff, size);
			where_pop(w, saved);
		}
		return ok;
	}
	if (cJSON_IsNumber(e)) {
		if (cJSON_IsNumber(a) &&
		    fabs(e->valuedouble - a->valuedouble) <= 1e-9)
			return true;
		goto differ;
	}
	if (cJSON_IsString(e)) {
		if (cJSON_IsString(a) &&
		    !strcmp(e->valuestring, a->valuestring))
			return true;
		goto differ;
	}
	if (cJSON_IsBool(e)) {
		if (cJSON_IsBool(a) && cJSON_IsTrue(e) == cJSON_IsTrue(a))
			return true;
		goto differ;
	}
	/* null: absent and null both match */
	if (!a || cJSON_IsNull(a))
		return true;
differ:
	if (diff && size) {
		char eb[64], ab[64];

		brief(e, eb, sizeof(eb));
		brief(a, ab, sizeof(ab));
		snprintf(diff, size, "%s: planned %s, read back %s",
			 w->len ? w->s : "(object)", eb, ab);
	}
	return false;
}

int
cf_json_subset(const char *expected, const char *actual, char *diff,
	       size_t size)
{
	cJSON *e = expected ? cJSON_Parse(expected) : NULL;
	cJSON *a = actual ? cJSON_Parse(actual) : NULL;
	struct where w = { .len = 0 };
	int rc;

	w.s[0] = '\0';
	if (!e || !a)
		rc = -1;
	else
		rc = subset(e, a, &w, diff, size) ? 1 : 0;
	cJSON_Delete(e);
	cJSON_Delete(a);
	return rc;
}

char *
cf_json_pick(const char *actual, const char *keys_from)
{
	cJSON *a = actual ? cJSON_Parse(actual) : NULL;
	cJSON *k = keys_from ? cJSON_Parse(keys_from) : NULL;
	cJSON *out = NULL;
	const cJSON *it;
	char *text = NULL;

	if (!cJSON_IsObject(a) || !cJSON_IsObject(k))
		goto out;
	out = cJSON_CreateObject();
	for (it = k->child; out && it; it = it->next) {
		const cJSON *v =
			cJSON_GetObjectItemCaseSensitive(a, it->string);
		cJSON *dup = v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();

		if (!dup || !cJSON_AddItemToObject(out, it->string, dup)) {
			cJSON_Delete(dup);
			goto out;
		}
	}
	if (out)
		text = cf_json_print(out);
out:
	cJSON_Delete(out);
	cJSON_Delete(a);
	cJSON_Delete(k);
	return text;
}

char *
cf_json_string_member(const char *json, const char *key)
{
	cJSON *root = json ? cJSON_Parse(json) : NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
	char *s = cJSON_IsString(v) ? strdup(v->valuestring) : NULL;

	cJSON_Delete(root);
	return s;
}

bool
cf_json_matching_ids(const char *list, const char *identity,
		     struct cf_strv *ids)
{
	cJSON *l = list ? cJSON_Parse(list) : NULL;
	cJSON *id = identity ? cJSON_Parse(identity) : NULL;
	const cJSON *it;
	struct cf_strv out = { 0 };
	bool ok = cJSON_IsArray(l) && id;

	for (it = ok ? l->child : NULL; ok && it; it = it->next) {
		struct where w = { .len = 0 };
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "id");
		char **nv;

		w.s[0] = '\0';
		if (!cJSON_IsString(v) || !subset(id, it, &w, NULL, 0))
			continue;
		nv = realloc(out.v, (out.n + 1) * sizeof(*nv));
		if (!nv) {
			ok = false;
			break;
		}
		out.v = nv;
		out.v[out.n] = strdup(v->valuestring);
		if (!out.v[out.n]) {
			ok = false;
			break;
		}
		out.n++;
	}
	cJSON_Delete(l);
	cJSON_Delete(id);
	if (!ok) {
		cf_strv_free(&out);
		return false;
	}
	cf_strv_free(ids);
	*ids = out;
	return true;
}
