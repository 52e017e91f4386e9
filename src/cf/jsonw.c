/* jsonw.c: a thin JSON builder over cJSON for reports (--json output) from layers that must not see cJSON. */
#include "cfconsole/cf_jsonw.h"
#include "cfconsole/cf_models.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

/* struct cf_jsonw is never defined: the handle is the cJSON node itself. */
static cJSON *
node(const struct cf_jsonw *w)
{
	return (cJSON *)(void *)(uintptr_t)w;
}

static struct cf_jsonw *
handle(cJSON *j)
{
	return (struct cf_jsonw *)(void *)j;
}

struct cf_jsonw *
cf_jsonw_new_object(void)
{
	return handle(cJSON_CreateObject());
}

struct cf_jsonw *
cf_jsonw_new_array(void)
{
	return handle(cJSON_CreateArray());
}

static bool
attach(struct cf_jsonw *w, const char *key, cJSON *v)
{
	cJSON *p = node(w);

	if (!p || !v) {
		cJSON_Delete(v);
		return false;
	}
	if (cJSON_IsObject(p)) {
		if (!key || !cJSON_AddItemToObject(p, key, v)) {
			cJSON_Delete(v);
			return false;
		}
		return true;
	}
	if (cJSON_IsArray(p) && cJSON_AddItemToArray(p, v))
		return true;
	cJSON_Delete(v);
	return false;
}

bool
cf_jsonw_add_str(struct cf_jsonw *w, const char *key, const char *s)
{
	return attach(w, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

bool
cf_jsonw_add_num(struct cf_jsonw *w, const char *key, double v)
{
	/* JSON has no NaN or infinity: say null rather than lie. */
	return attach(w, key,
		      isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
}

bool
cf_jsonw_add_bool(struct cf_jsonw *w, const char *key, bool v)
{
	return attach(w, key, cJSON_CreateBool(v));
}

bool
cf_jsonw_add_null(struct cf_jsonw *w, const char *key)
{
	return attach(w, key, cJSON_CreateNull());
}

bool
cf_jsonw_add(struct cf_jsonw *w, const char *key, struct cf_jsonw *child)
{
	return attach(w, key, node(child));
}

bool
cf_jsonw_add_json(struct cf_jsonw *w, const char *key, const char *json)
{
	/* Text that does not parse is added as null, never as a string. */
	cJSON *v = json ? cJSON_Parse(json) : NULL;

	return attach(w, key, v ? v : cJSON_CreateNull());
}

char *
cf_jsonw_print(const struct cf_jsonw *w, bool pretty)
{
	char *compact, *nice;

	if (!w)
		return NULL;
	compact = cJSON_PrintUnformatted(node(w));
	if (!compact || !pretty)
		return compact;
	/* cJSON indents with tabs; the project's pretty form is 2 spaces. */
	nice = cf_json_pretty(compact);
	free(compact);
	return nice;
}

void
cf_jsonw_free(struct cf_jsonw *w)
{
	cJSON_Delete(node(w));
}
