/* monitors.c: monitor codec and operations (CRUD, preview). */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

static const char *const monitor_ro_keys[] = { "id", "created_on",
					       "modified_on", NULL };

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
	cJSON_ArrayForEach(it, hdr)
	{
		struct cf_header_entry *e = &h->e[h->n];

		e->name = strdup(it->string ? it->string : "");
		h->n++;
		if (!e->name)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
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
	    cf_json_get_int(o, "consecutive_down", &out->consecutive_down, NULL,
			    err) ||
	    cf_json_get_bool(o, "follow_redirects", &out->follow_redirects,
			     NULL, err) ||
	    cf_json_get_bool(o, "allow_insecure", &out->allow_insecure, NULL,
			     err) ||
	    cf_json_get_str(o, "probe_zone", &out->probe_zone, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_str(o, "modified_on", &out->modified_on, err))
		goto fail;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_monitor_free(out);
	return err->status;
}

static bool
monitor_headers_to_cjson(cJSON *o, const struct cf_headers *h)
{
	cJSON *hdr = cJSON_CreateObject();
	size_t i;

	if (!hdr)
		return false;
	for (i = 0; i < h->n; i++) {
		if (!h->e[i].name ||
		    !cf_enc_strv(hdr, h->e[i].name, &h->e[i].values)) {
			cJSON_Delete(hdr);
			return false;
		}
	}
	return cf_enc_set(o, "header", hdr);
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
		ok = ok && cf_enc_opt_str(o, "type", m->type);
	if (mask & CF_MON_F_DESCRIPTION)
		ok = ok && cf_enc_opt_str(o, "description", m->description);
	if (mask & CF_MON_F_METHOD)
		ok = ok && cf_enc_opt_str(o, "method", m->method);
	if (mask & CF_MON_F_PATH)
		ok = ok && cf_enc_opt_str(o, "path", m->path);
	if (mask & CF_MON_F_PORT)
		ok = ok && cf_enc_num(o, "port", m->port);
	if (mask & CF_MON_F_EXPECTED_CODES)
		ok = ok &&
		     cf_enc_opt_str(o, "expected_codes", m->expected_codes);
	if (mask & CF_MON_F_EXPECTED_BODY)
		ok = ok && cf_enc_opt_str(o, "expected_body", m->expected_body);
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
		ok = ok &&
		     cf_enc_num(o, "consecutive_down", m->consecutive_down);
	if (mask & CF_MON_F_FOLLOW_REDIRECTS)
		ok = ok &&
		     cf_enc_bool(o, "follow_redirects", m->follow_redirects);
	if (mask & CF_MON_F_ALLOW_INSECURE)
		ok = ok && cf_enc_bool(o, "allow_insecure", m->allow_insecure);
	if (mask & CF_MON_F_PROBE_ZONE)
		ok = ok && cf_enc_opt_str(o, "probe_zone", m->probe_zone);
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

#define MONITORS_PATH "/accounts/%s/load_balancers/monitors"
#define MONITOR_PATH MONITORS_PATH "/%s"

/* Typed adapters of the monitor descriptor (see cf/call.h). */
static enum cf_status
monitor_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_monitor_from_cjson(o, out, err);
}

static void
monitor_type_free(void *m)
{
	cf_monitor_free(m);
}

static char *
monitor_type_encode(const void *m, unsigned mask)
{
	return cf_monitor_encode(m, mask);
}

static const struct cf_type monitor_type = {
	.size = sizeof(struct cf_monitor),
	.items = "monitors",
	.none = "no monitor",
	.decode = monitor_type_decode,
	.free = monitor_type_free,
	.encode = monitor_type_encode,
};

enum cf_status
cf_monitor_decode(const char *json, struct cf_monitor *out,
		  struct cf_error *err)
{
	return cf_decode_text(json, &monitor_type, out, err);
}

enum cf_status
cf_monitors_list(struct cf_client *c, const char *account_id,
		 struct cf_monitor_list *out, struct cf_error *err)
{
	void *items;
	size_t n;
	enum cf_status st;

	/* The LB lists take no paging parameters (NOTES.md): one GET. */
	st = cf_call_list(c, NULL, &monitor_type, &items, &n, err,
			  MONITORS_PATH, account_id);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}

enum cf_status
cf_monitor_get(struct cf_client *c, const char *account_id,
	       const char *monitor_id, struct cf_monitor *out,
	       struct cf_error *err)
{
	return cf_call_get(c, &monitor_type, out, err, MONITOR_PATH, account_id,
			   monitor_id);
}

enum cf_status
cf_monitor_create(struct cf_client *c, const char *account_id,
		  const struct cf_monitor *m, struct cf_monitor *out,
		  struct cf_error *err)
{
	return cf_call_write(c, "POST", &monitor_type, m, CF_MON_F_ALL, out,
			     err, MONITORS_PATH, account_id);
}

enum cf_status
cf_monitor_update(struct cf_client *c, const char *account_id,
		  const char *monitor_id, const struct cf_monitor *m,
		  struct cf_monitor *out, struct cf_error *err)
{
	return cf_call_write(c, "PUT", &monitor_type, m, CF_MON_F_ALL, out, err,
			     MONITOR_PATH, account_id, monitor_id);
}

enum cf_status
cf_monitor_patch(struct cf_client *c, const char *account_id,
		 const char *monitor_id, const struct cf_monitor *m,
		 unsigned mask, struct cf_monitor *out, struct cf_error *err)
{
	/* The 2024-08 spec requires expected_codes even on PATCH. */
	return cf_call_write(c, "PATCH", &monitor_type, m,
			     mask | CF_MON_F_EXPECTED_CODES, out, err,
			     MONITOR_PATH, account_id, monitor_id);
}

enum cf_status
cf_monitor_delete(struct cf_client *c, const char *account_id,
		  const char *monitor_id, struct cf_error *err)
{
	return cf_call_delete(c, err, MONITOR_PATH, account_id, monitor_id);
}

/* The previews POST a monitor and get a preview back (health.c's codec). */
enum cf_status
cf_monitor_preview(struct cf_client *c, const char *account_id,
		   const char *monitor_id, const struct cf_monitor *m,
		   struct cf_preview *out, struct cf_error *err)
{
	return cf_call_write_as(
		c, "POST", &monitor_type, m, CF_MON_F_ALL, &cf_preview_type,
		out, err, MONITOR_PATH "/preview", account_id, monitor_id);
}

enum cf_status
cf_pool_preview(struct cf_client *c, const char *account_id,
		const char *pool_id, const struct cf_monitor *m,
		struct cf_preview *out, struct cf_error *err)
{
	return cf_call_write_as(c, "POST", &monitor_type, m, CF_MON_F_ALL,
				&cf_preview_type, out, err,
				"/accounts/%s/load_balancers/pools/%s/preview",
				account_id, pool_id);
}
