/* lbobj.c: helpers shared by cfsim's load-balancing handlers (pools, monitors, LBs). */
#include "sim/lbobj.h"

#include <stdio.h>
#include <string.h>

const char *const lbobj_monitor_fields[] = {
	"type",
	"description",
	"method",
	"path",
	"header",
	"port",
	"timeout",
	"retries",
	"interval",
	"consecutive_up",
	"consecutive_down",
	"expected_body",
	"expected_codes",
	"follow_redirects",
	"allow_insecure",
	"probe_zone",
	NULL,
};

void
lbobj_apply(cJSON *dst, const cJSON *src, const char *const *allowed)
{
	size_t i;

	for (i = 0; allowed[i]; i++) {
		const cJSON *v =
			cJSON_GetObjectItemCaseSensitive(src, allowed[i]);

		if (!v)
			continue;
		if (cJSON_GetObjectItemCaseSensitive(dst, allowed[i]))
			cJSON_ReplaceItemInObjectCaseSensitive(
				dst, allowed[i], cJSON_Duplicate(v, 1));
		else
			cJSON_AddItemToObject(dst, allowed[i],
					      cJSON_Duplicate(v, 1));
	}
}

static void
set_first(cJSON *obj, const char *key, cJSON *val)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	/* Insert at the front so ids and timestamps lead, as Cloudflare's do.
	 */
	val->string = strdup(key);
	val->next = obj->child;
	val->prev = NULL;
	if (obj->child) {
		val->prev = obj->child->prev;
		obj->child->prev = val;
	} else {
		val->prev = val;
	}
	obj->child = val;
}

void
lbobj_stamp(cJSON *obj, const cJSON *old)
{
	char id[33], now[40];
	const char *created;

	world_now(now);
	created = old ? jstr(old, "created_on") : now;
	if (!*created)
		created = now;
	set_first(obj, "modified_on", cJSON_CreateString(now));
	set_first(obj, "created_on", cJSON_CreateString(created));
	if (old)
		snprintf(id, sizeof(id), "%s", jstr(old, "id"));
	else
		world_new_id(id);
	set_first(obj, "id", cJSON_CreateString(id));
}

void
lbobj_not_found(struct sim_resp *rs, const char *what)
{
	char msg[128];

	snprintf(msg, sizeof(msg), "%s not found (cfsim)", what);
	resp_err(rs, SIM_LB, 404, SIM_CODE_NOT_FOUND, msg);
}

void
lbobj_monitor_defaults(cJSON *m, const char *desc, const char *path, int port)
{
	cJSON_AddStringToObject(m, "type", "http");
	cJSON_AddStringToObject(m, "description", desc);
	cJSON_AddStringToObject(m, "method", "GET");
	cJSON_AddStringToObject(m, "path", path);
	cJSON_AddObjectToObject(m, "header");
	cJSON_AddNumberToObject(m, "port", port);
	cJSON_AddNumberToObject(m, "timeout", 5);
	cJSON_AddNumberToObject(m, "retries", 2);
	cJSON_AddNumberToObject(m, "interval", 60);
	cJSON_AddNumberToObject(m, "consecutive_up", 0);
	cJSON_AddNumberToObject(m, "consecutive_down", 0);
	cJSON_AddStringToObject(m, "expected_body", "");
	cJSON_AddStringToObject(m, "expected_codes", "200");
	cJSON_AddBoolToObject(m, "follow_redirects", 0);
	cJSON_AddBoolToObject(m, "allow_insecure", 0);
	cJSON_AddStringToObject(m, "probe_zone", "");
}

cJSON *
lbobj_monitor_from(const cJSON *base, const cJSON *body)
{
	cJSON *m;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(body, "type");

	if (base) {
		m = cJSON_Duplicate(base, 1);
	} else {
		m = cJSON_CreateObject();
		lbobj_monitor_defaults(m, "", "/", 0);
	}
	/* TCP checks have no HTTP method; Cloudflare reports this one. */
	if (!base && cJSON_IsString(type) &&
	    strcmp(type->valuestring, "tcp") == 0 &&
	    !cJSON_GetObjectItemCaseSensitive(body, "method"))
		cJSON_ReplaceItemInObjectCaseSensitive(
			m, "method",
			cJSON_CreateString("connection_established"));
	lbobj_apply(m, body, lbobj_monitor_fields);
	return m;
}

static bool
list_has(const cJSON *arr, const char *id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) if (cJSON_IsString(it) &&
					strcmp(it->valuestring, id) ==
						0) return true;
	return false;
}

static bool
map_has(const cJSON *map, const char *id)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, map) if (list_has(it, id)) return true;
	return false;
}

bool
lbobj_lb_uses_pool(const cJSON *lb, const char *pool_id)
{
	return strcmp(jstr(lb, "fallback_pool"), pool_id) == 0 ||
	       list_has(cJSON_GetObjectItemCaseSensitive(lb, "default_pools"),
			pool_id) ||
	       map_has(cJSON_GetObjectItemCaseSensitive(lb, "region_pools"),
		       pool_id) ||
	       map_has(cJSON_GetObjectItemCaseSensitive(lb, "country_pools"),
		       pool_id) ||
	       map_has(cJSON_GetObjectItemCaseSensitive(lb, "pop_pools"),
		       pool_id);
}
