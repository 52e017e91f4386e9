/* monitors.c: monitor codec and operations (CRUD, preview). */
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/request.h"
#include "cfconsole/cf_api.h"

static const char *const monitor_ro_keys[] = {
	"id", "created_on", "modified_on", NULL
};

/* ---- codec --------------------------------------------------------------- */

/* header: {"Host": ["a"], ...}. The spec types it as a free-form object;
 * a bare string value is taken as a one-item list. */
static enum cf_status
monitor_headers_from_cjson(const cJSON *o, struct cf_headers *h,
			   struct cf_error *err)
{
	const cJSON *hdr = NULL, *it;
	int n;

	if (cf_json_get_obj(o, "header", &hdr, err))
		return err->status;
	if (!hdr)
		return CF_OK;
	n = cJSON_GetArraySize(hdr);
	if (n == 0)
		return CF_OK;
	h->e = calloc((size_t)n, sizeof(*h->e));
	if (!h->e)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, hdr) {
		struct cf_header_entry *e = &h->e[h->n];

		e->name = strdup(it->string ? it->string : "");
		h->n++;
		if (!e->name)
			return cf_error_set(err, CF_ERR_NOMEM,
					    "out of memory");
		if (cJSON_IsString(it)) {
			e->values.v = calloc(1, sizeof(char *));
			if (!e->values.v)
				return cf_error_set(err, CF_ERR_NOMEM,
						    "out of memory");
			e->values.v[0] = strdup(it->valuestring);
			if (!e->values.v[0])
				return cf_error_set(err, CF_ERR_NOMEM,
						    "out of memory");
			e->values.n = 1;
		} else if (cf_json_get_strv(hdr, it->string, &e->values, NULL,
					    err)) {
			return err->status;
		} else if (!cJSON_IsArray(it) && !cJSON_IsNull(it)) {
			return cf_error_set(err, CF_ERR_MALFORMED,
					    "field \"header\": values must be "
					    "strings or arrays of strings");
		}
	}
	return CF_OK;
}

enum cf_status
cf_monitor_from_cjson(const cJSON *o, struct cf_monitor *out,
		      struct cf_error *err)
{
	cf_monitor_init(out);
	if (cf_json_need_object(o, "monitor", err))
		goto fail;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "type", &out->type, err) ||
	    cf_json_get_str(o, "description", &out->description, err) ||
	    cf_json_get_str(o, "method", &out->method, err) ||
	    cf_json_get_str(o, "path", &out->path, err) ||
	    cf_json_get_int(o, "port", &out->port, NULL, err) ||
	    cf_json_get_str(o, "expected_codes", &out->expected_codes, err) ||
	    cf_json_get_str(o, "expected_body", &out->expected_body, err) ||
	    monitor_headers_from_cjson(o, &out->header, err) ||
	    cf_json_get_int(o, "timeout", &out->timeout, NULL, err) ||
	    cf_json_get_int(o, "retries", &out->retries, NULL, err) ||
	    cf_json_get_int(o, "interval", &out->interval, NULL, err) ||
	    cf_json_get_int(o, "consecutive_up", &out->consecutive_up, NULL,
			    err) ||
	    cf_json_get_int(o, "consecutive_down", &out->consecutive_down,
			    NULL, err) ||
	    cf_json_get_bool(o, "follow_redirects", &out->follow_redirects,
			     NULL, err) ||
	    cf_json_get_bool(o, "allow_insecure", &out->allow_insecure, NULL,
			     err) ||
	    cf_json_get_str(o, "probe_zone", &out->probe_zone, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_str(o, "modified_on", &out->modified_on, err))
		goto fail;
	out->raw = cf_json_print(o);
	if (!out->raw) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto fail;
	}
	return CF_OK;
fail:
	cf_monitor_free(out);
	return err->status;
}

enum cf_status
cf_monitor_decode(const char *json, struct cf_monitor *out,
		  struct cf_error *err)
{
	cJSON *root;
	enum cf_status st;

	memset(out, 0, sizeof(*out));
	st = cf_json_parse_object(json, &root, err);
	if (st)
		return st;
	st = cf_monitor_from_cjson(root, out, err);
	cJSON_Delete(root);
	return st;
}

static bool
monitor_headers_to_cjson(cJSON *o, const struct cf_headers *h)
{
	cJSON *hdr = cJSON_CreateObject();
	size_t i;

	if (!hdr)
		return false;
	for (i = 0; i < h->n; i++) {
		if (!h->e[i].name || !cf_enc_strv(hdr, h->e[i].name,
						   &h->e[i].values)) {
			cJSON_Delete(hdr);
			return false;
		}
	}
	return cf_enc_set(o, "header", hdr);
}

/* A selected optional string: set when present, else dropped. */
static bool
enc_opt_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		return cf_enc_str(o, key, s);
	cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	return true;
}

cJSON *
cf_monitor_to_cjson(const struct cf_monitor *m, unsigned mask)
{
	bool full = (mask & CF_MON_F_ALL) == CF_MON_F_ALL;
	bool ok = true;
	cJSON *o = cf_enc_start(m->raw, full, monitor_ro_keys);

	if (!o)
		return NULL;
	if (mask & CF_MON_F_TYPE)
		ok = ok && enc_opt_str(o, "type", m->type);
	if (mask & CF_MON_F_DESCRIPTION)
		ok = ok && enc_opt_str(o, "description", m->description);
	if (mask & CF_MON_F_METHOD)
		ok = ok && enc_opt_str(o, "method", m->method);
	if (mask & CF_MON_F_PATH)
		ok = ok && enc_opt_str(o, "path", m->path);
	if (mask & CF_MON_F_PORT)
		ok = ok && cf_enc_num(o, "port", m->port);
	if (mask & CF_MON_F_EXPECTED_CODES)
		ok = ok && enc_opt_str(o, "expected_codes", m->expected_codes);
	if (mask & CF_MON_F_EXPECTED_BODY)
		ok = ok && enc_opt_str(o, "expected_body", m->expected_body);
	if (mask & CF_MON_F_HEADER)
		ok = ok && monitor_headers_to_cjson(o, &m->header);
	if (mask & CF_MON_F_TIMEOUT)
		ok = ok && cf_enc_num(o, "timeout", m->timeout);
	if (mask & CF_MON_F_RETRIES)
		ok = ok && cf_enc_num(o, "retries", m->retries);
	if (mask & CF_MON_F_INTERVAL)
		ok = ok && cf_enc_num(o, "interval", m->interval);
	if (mask & CF_MON_F_CONSECUTIVE_UP)
		ok = ok && cf_enc_num(o, "consecutive_up", m->consecutive_up);
	if (mask & CF_MON_F_CONSECUTIVE_DOWN)
		ok = ok && cf_enc_num(o, "consecutive_down",
				      m->consecutive_down);
	if (mask & CF_MON_F_FOLLOW_REDIRECTS)
		ok = ok && cf_enc_bool(o, "follow_redirects",
				       m->follow_redirects);
	if (mask & CF_MON_F_ALLOW_INSECURE)
		ok = ok && cf_enc_bool(o, "allow_insecure", m->allow_insecure);
	if (mask & CF_MON_F_PROBE_ZONE)
		ok = ok && enc_opt_str(o, "probe_zone", m->probe_zone);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *
cf_monitor_encode(const struct cf_monitor *m, unsigned mask)
{
	return cf_enc_finish(cf_monitor_to_cjson(m, mask));
}

/* ---- operations ---------------------------------------------------------- */

static enum cf_status
monitor_call(struct cf_client *c, const char *method, const char *path,
	     const char *body, struct cf_monitor *out, struct cf_error *err)
{
	struct cf_response resp = { 0 };
	struct cf_monitor m;
	enum cf_status st;

	st = cf_request(c, method, path, NULL, body, &resp, err);
	if (st)
		return st;
	st = cf_monitor_from_cjson(resp.result, &m, err);
	cf_response_free(&resp);
	if (st)
		return st;
	*out = m;
	return CF_OK;
}

static enum cf_status
monitor_write(struct cf_client *c, const char *method, const char *path,
	      const struct cf_monitor *m, unsigned mask,
	      struct cf_monitor *out, struct cf_error *err)
{
	char *body;
	enum cf_status st;

	if (!m)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "no monitor");
	body = cf_monitor_encode(m, mask);
	if (!body)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	st = monitor_call(c, method, path, body, out, err);
	free(body);
	return st;
}

enum cf_status
cf_monitors_list(struct cf_client *c, const char *account_id,
		 struct cf_monitor_list *out, struct cf_error *err)
{
	struct cf_response resp = { 0 };
	struct cf_monitor_list l = { 0 };
	const cJSON *it;
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors",
		      account_id);
	if (st)
		return st;
	/* The LB lists take no paging parameters (NOTES.md): one GET. */
	st = cf_request(c, "GET", path, NULL, NULL, &resp, err);
	free(path);
	if (st)
		return st;
	if (resp.result && !cJSON_IsNull(resp.result) &&
	    !cJSON_IsArray(resp.result)) {
		st = cf_error_set(err, CF_ERR_MALFORMED,
				  "monitors: result is not an array");
		goto out;
	}
	if (cJSON_GetArraySize(resp.result) > 0) {
		l.items = calloc((size_t)cJSON_GetArraySize(resp.result),
				 sizeof(*l.items));
		if (!l.items) {
			st = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	cJSON_ArrayForEach(it, resp.result) {
		st = cf_monitor_from_cjson(it, &l.items[l.n], err);
		if (st) {
			cf_error_prefix(err, "monitors[%zu]", l.n);
			cf_monitor_list_free(&l);
			goto out;
		}
		l.n++;
	}
	*out = l;
out:
	cf_response_free(&resp);
	return st;
}

enum cf_status
cf_monitor_get(struct cf_client *c, const char *account_id,
	       const char *monitor_id, struct cf_monitor *out,
	       struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors/%s",
		      account_id, monitor_id);
	if (st)
		return st;
	st = monitor_call(c, "GET", path, NULL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_monitor_create(struct cf_client *c, const char *account_id,
		  const struct cf_monitor *m, struct cf_monitor *out,
		  struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors",
		      account_id);
	if (st)
		return st;
	st = monitor_write(c, "POST", path, m, CF_MON_F_ALL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_monitor_update(struct cf_client *c, const char *account_id,
		  const char *monitor_id, const struct cf_monitor *m,
		  struct cf_monitor *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors/%s",
		      account_id, monitor_id);
	if (st)
		return st;
	st = monitor_write(c, "PUT", path, m, CF_MON_F_ALL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_monitor_patch(struct cf_client *c, const char *account_id,
		 const char *monitor_id, const struct cf_monitor *m,
		 unsigned mask, struct cf_monitor *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors/%s",
		      account_id, monitor_id);
	if (st)
		return st;
	/* The 2024-08 spec requires expected_codes even on PATCH. */
	st = monitor_write(c, "PATCH", path, m,
			   mask | CF_MON_F_EXPECTED_CODES, out, err);
	free(path);
	return st;
}

enum cf_status
cf_monitor_delete(struct cf_client *c, const char *account_id,
		  const char *monitor_id, struct cf_error *err)
{
	struct cf_response resp = { 0 };
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/accounts/%s/load_balancers/monitors/%s",
		      account_id, monitor_id);
	if (st)
		return st;
	st = cf_request(c, "DELETE", path, NULL, CF_DELETE_BODY, &resp, err);
	free(path);
	cf_response_free(&resp);
	return st;
}

/* Shared by the monitor and pool preview calls (health.c has the codec). */
static enum cf_status
monitor_preview_post(struct cf_client *c, const char *path,
		     const struct cf_monitor *m, struct cf_preview *out,
		     struct cf_error *err)
{
	struct cf_response resp = { 0 };
	struct cf_preview p;
	char *body;
	enum cf_status st;

	if (!m)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "no monitor");
	body = cf_monitor_encode(m, CF_MON_F_ALL);
	if (!body)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	st = cf_request(c, "POST", path, NULL, body, &resp, err);
	free(body);
	if (st)
		return st;
	st = cf_preview_from_cjson(resp.result, &p, err);
	cf_response_free(&resp);
	if (st)
		return st;
	*out = p;
	return CF_OK;
}

enum cf_status
cf_monitor_preview(struct cf_client *c, const char *account_id,
		   const char *monitor_id, const struct cf_monitor *m,
		   struct cf_preview *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err,
		      "/accounts/%s/load_balancers/monitors/%s/preview",
		      account_id, monitor_id);
	if (st)
		return st;
	st = monitor_preview_post(c, path, m, out, err);
	free(path);
	return st;
}

enum cf_status
cf_pool_preview(struct cf_client *c, const char *account_id,
		const char *pool_id, const struct cf_monitor *m,
		struct cf_preview *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err,
		      "/accounts/%s/load_balancers/pools/%s/preview",
		      account_id, pool_id);
	if (st)
		return st;
	st = monitor_preview_post(c, path, m, out, err);
	free(path);
	return st;
}
