/* journal_codec.c: journal records to and from one JSON line each (cJSON stays in src/cf). */
#include "cfconsole/cf_journal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

/* Keys whose values are credentials wherever they appear. */
static const char *const secret_keys[] = {
	"authorization", "x-auth-key", "api_key",  "api_token",
	"token",	 "secret",     "password",
};

static bool
is_secret_key(const char *k)
{
	size_t i;

	if (!k)
		return false;
	for (i = 0; i < sizeof(secret_keys) / sizeof(secret_keys[0]); i++)
		if (strcasecmp(k, secret_keys[i]) == 0)
			return true;
	return false;
}

/* Replaces credential-looking values in place, recursively. */
static void
redact(cJSON *v)
{
	cJSON *c;

	if (!v)
		return;
	for (c = v->child; c; c = c->next) {
		if (cJSON_IsObject(v) && is_secret_key(c->string)) {
			cJSON *r = cJSON_CreateString("[redacted]");

			if (r) {
				/* Swap in place: keep iteration valid. */
				cJSON_ReplaceItemViaPointer(v, c, r);
				c = r;
			}
			continue;
		}
		if (cJSON_IsObject(c) || cJSON_IsArray(c))
			redact(c);
	}
}

/* Adds key: parsed JSON text (or the text as a string when not JSON). */
static bool
add_json_text(cJSON *o, const char *key, const char *text)
{
	cJSON *v;

	if (!text)
		return cJSON_AddNullToObject(o, key) != NULL;
	v = cJSON_Parse(text);
	if (!v)
		v = cJSON_CreateString(text);
	if (!v)
		return false;
	redact(v);
	return cJSON_AddItemToObject(o, key, v);
}

static bool
add_str(cJSON *o, const char *key, const char *s)
{
	if (!s)
		return cJSON_AddNullToObject(o, key) != NULL;
	return cJSON_AddStringToObject(o, key, s) != NULL;
}

char *
cf_journal_encode(const struct cf_journal_record *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *req = NULL;
	char *line = NULL;
	bool ok;

	if (!o || !r)
		goto out;
	ok = add_str(o, "time", r->time) && add_str(o, "session", r->session) &&
	     add_str(o, "profile", r->profile) &&
	     add_str(o, "account", r->account) && add_str(o, "kind", r->kind) &&
	     add_str(o, "id", r->object_id) &&
	     add_str(o, "name", r->object_name) &&
	     add_str(o, "action", r->action) && add_str(o, "origin", r->origin);
	if (!ok)
		goto out;
	req = cJSON_AddObjectToObject(o, "request");
	if (!req || !add_str(req, "method", r->method) ||
	    !add_str(req, "path", r->path) ||
	    !add_json_text(req, "body", r->body))
		goto out;
	if (!add_json_text(o, "before", r->before) ||
	    !add_json_text(o, "after", r->after) ||
	    !add_str(o, "outcome", r->outcome) ||
	    !add_str(o, "message", r->message))
		goto out;
	/* Only plan steps carry it: older lines stay byte for byte. */
	if (r->plan && !add_str(o, "plan", r->plan))
		goto out;
	line = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return line;
}

/* Copies a string member (absent or null -> NULL). False on a wrong type. */
static bool
get_str(const cJSON *o, const char *key, char **out, bool *oom)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return true;
	if (!cJSON_IsString(v) || !v->valuestring)
		return false;
	*out = strdup(v->valuestring);
	if (!*out)
		*oom = true;
	return *out != NULL;
}

/* A JSON member back to compact text (strings stay as their text). */
static bool
get_json_text(const cJSON *o, const char *key, char **out, bool *oom)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return true;
	if (cJSON_IsString(v))
		*out = strdup(v->valuestring ? v->valuestring : "");
	else
		*out = cJSON_PrintUnformatted(v);
	if (!*out)
		*oom = true;
	return *out != NULL;
}

enum cf_status
cf_journal_decode(const char *line, struct cf_journal_record *out,
		  struct cf_error *err)
{
	struct cf_journal_record r = { 0 };
	cJSON *o = NULL;
	const cJSON *req;
	bool oom = false, ok;
	enum cf_status st = CF_OK;

	if (!line || !out)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "no journal line");
	o = cJSON_Parse(line);
	if (!o || !cJSON_IsObject(o)) {
		st = cf_error_set(err, CF_ERR_MALFORMED,
				  "journal line is not a JSON object");
		goto out;
	}
	ok = get_str(o, "time", &r.time, &oom) &&
	     get_str(o, "session", &r.session, &oom) &&
	     get_str(o, "profile", &r.profile, &oom) &&
	     get_str(o, "account", &r.account, &oom) &&
	     get_str(o, "kind", &r.kind, &oom) &&
	     get_str(o, "id", &r.object_id, &oom) &&
	     get_str(o, "name", &r.object_name, &oom) &&
	     get_str(o, "action", &r.action, &oom) &&
	     get_str(o, "origin", &r.origin, &oom) &&
	     get_json_text(o, "before", &r.before, &oom) &&
	     get_json_text(o, "after", &r.after, &oom) &&
	     get_str(o, "outcome", &r.outcome, &oom) &&
	     get_str(o, "message", &r.message, &oom) &&
	     get_str(o, "plan", &r.plan, &oom);
	req = cJSON_GetObjectItemCaseSensitive(o, "request");
	if (ok && req && !cJSON_IsNull(req)) {
		ok = cJSON_IsObject(req) &&
		     get_str(req, "method", &r.method, &oom) &&
		     get_str(req, "path", &r.path, &oom) &&
		     get_json_text(req, "body", &r.body, &oom);
	}
	if (!ok) {
		st = oom ? cf_error_set(err, CF_ERR_NOMEM, "out of memory")
			 : cf_error_set(err, CF_ERR_MALFORMED,
					"journal line has a field of the "
					"wrong type");
		cf_journal_record_free(&r);
		goto out;
	}
	*out = r;
out:
	cJSON_Delete(o);
	if (st != CF_OK)
		memset(out, 0, sizeof(*out));
	return st;
}

void
cf_journal_record_free(struct cf_journal_record *r)
{
	if (!r)
		return;
	free(r->time);
	free(r->session);
	free(r->profile);
	free(r->account);
	free(r->kind);
	free(r->object_id);
	free(r->object_name);
	free(r->action);
	free(r->origin);
	free(r->method);
	free(r->path);
	free(r->body);
	free(r->before);
	free(r->after);
	free(r->outcome);
	free(r->message);
	free(r->plan);
	memset(r, 0, sizeof(*r));
}

static bool
copy_str(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

enum cf_status
cf_journal_record_copy(struct cf_journal_record *dst,
		       const struct cf_journal_record *src)
{
	struct cf_journal_record r = { 0 };
	bool ok;

	ok = copy_str(&r.time, src->time) &&
	     copy_str(&r.session, src->session) &&
	     copy_str(&r.profile, src->profile) &&
	     copy_str(&r.account, src->account) &&
	     copy_str(&r.kind, src->kind) &&
	     copy_str(&r.object_id, src->object_id) &&
	     copy_str(&r.object_name, src->object_name) &&
	     copy_str(&r.action, src->action) &&
	     copy_str(&r.origin, src->origin) &&
	     copy_str(&r.method, src->method) && copy_str(&r.path, src->path) &&
	     copy_str(&r.body, src->body) && copy_str(&r.before, src->before) &&
	     copy_str(&r.after, src->after) &&
	     copy_str(&r.outcome, src->outcome) &&
	     copy_str(&r.message, src->message) && copy_str(&r.plan, src->plan);
	if (!ok) {
		cf_journal_record_free(&r);
		memset(dst, 0, sizeof(*dst));
		return CF_ERR_NOMEM;
	}
	*dst = r;
	return CF_OK;
}
