/* json_edit.c: member-level JSON text edits and type checks for core (cf_json_edit.h). */
#include "cfconsole/cf_json_edit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"

static enum cf_json_type
type_of(const cJSON *v)
{
	if (!v)
		return CF_JSON_INVALID;
	if (cJSON_IsNull(v))
		return CF_JSON_NULL;
	if (cJSON_IsBool(v))
		return CF_JSON_BOOL;
	if (cJSON_IsNumber(v))
		return CF_JSON_NUMBER;
	if (cJSON_IsString(v))
		return CF_JSON_STRING;
	if (cJSON_IsArray(v))
		return CF_JSON_ARRAY;
	if (cJSON_IsObject(v))
		return CF_JSON_OBJECT;
	return CF_JSON_INVALID;
}

enum cf_json_type
cf_json_type(const char *text)
{
	cJSON *v = text ? cJSON_Parse(text) : NULL;
	enum cf_json_type t = type_of(v);

	cJSON_Delete(v);
	return t;
}

/* Shortest "%.*g" that reads back as d. */
static void
num_text(double d, char *buf, size_t size)
{
	int p;

	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(buf, size, "%.0f", d);
		return;
	}
	for (p = 1; p <= 17; p++) {
		snprintf(buf, size, "%.*g", p, d);
		if (strtod(buf, NULL) == d)
			return;
	}
}

char *
cf_json_scalar(const char *obj, const char *key)
{
	cJSON *o = obj ? cJSON_Parse(obj) : NULL;
	const cJSON *v = cJSON_IsObject(o)
				 ? cJSON_GetObjectItemCaseSensitive(o, key)
				 : NULL;
	char *out = NULL, nb[64];

	switch (type_of(v)) {
	case CF_JSON_STRING:
		out = strdup(v->valuestring);
		break;
	case CF_JSON_NUMBER:
		num_text(v->valuedouble, nb, sizeof(nb));
		out = strdup(nb);
		break;
	case CF_JSON_BOOL:
		out = strdup(cJSON_IsTrue(v) ? "true" : "false");
		break;
	case CF_JSON_ARRAY:
	case CF_JSON_OBJECT:
		out = cJSON_PrintUnformatted(v);
		break;
	default:
		break;
	}
	cJSON_Delete(o);
	return out;
}

enum cf_json_type
cf_json_member_type(const char *obj, const char *key)
{
	cJSON *o = obj ? cJSON_Parse(obj) : NULL;
	enum cf_json_type t =
		cJSON_IsObject(o)
			? type_of(cJSON_GetObjectItemCaseSensitive(o, key))
			: CF_JSON_INVALID;

	cJSON_Delete(o);
	return t;
}

/* value read as `as`, or NULL. */
static cJSON *
value_as(const char *value, enum cf_json_type as)
{
	char *end = NULL;
	double d;
	cJSON *v;

	switch (as) {
	case CF_JSON_STRING:
		return cJSON_CreateString(value);
	case CF_JSON_NUMBER:
		d = strtod(value, &end);
		if (!*value || !end || *end || !isfinite(d))
			return NULL;
		return cJSON_CreateNumber(d);
	case CF_JSON_BOOL:
		if (!strcmp(value, "true") || !strcmp(value, "on"))
			return cJSON_CreateTrue();
		if (!strcmp(value, "false") || !strcmp(value, "off"))
			return cJSON_CreateFalse();
		return NULL;
	case CF_JSON_NULL:
		return cJSON_CreateNull();
	case CF_JSON_ARRAY:
	case CF_JSON_OBJECT:
		v = cJSON_Parse(value);
		if (type_of(v) != as) {
			cJSON_Delete(v);
			return NULL;
		}
		return v;
	default:
		return NULL;
	}
}

char *
cf_json_with(const char *obj, const char *key, const char *value,
	     enum cf_json_type as)
{
	cJSON *o = obj && *obj ? cJSON_Parse(obj) : NULL, *v = NULL;
	char *out;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
		if (!o)
			return NULL;
	}
	if (!value) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	} else {
		v = value_as(value, as);
		if (!v || !cf_enc_set(o, key, v)) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

char *
cf_json_merge(const char *base, const char *over)
{
	cJSON *b = base ? cJSON_Parse(base) : NULL;
	cJSON *o = over ? cJSON_Parse(over) : NULL;
	const cJSON *it;
	char *out = NULL;
	bool ok = cJSON_IsObject(b) && cJSON_IsObject(o);

	for (it = ok ? o->child : NULL; it && ok; it = it->next)
		ok = cf_enc_set(b, it->string, cJSON_Duplicate(it, true));
	if (ok)
		out = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	cJSON_Delete(o);
	return out;
}

bool
cf_json_error_at(const char *text, size_t *line, size_t *col)
{
	const char *end = NULL, *p;
	cJSON *v;

	*line = *col = 1;
	if (!text)
		return true;
	v = cJSON_ParseWithOpts(text, &end, true);
	if (v) {
		cJSON_Delete(v);
		return false;
	}
	if (!end)
		end = text;
	for (p = text; p < end && *p; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
	return true;
}
