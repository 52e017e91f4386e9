/* h_dns.c: cfsim's DNS record endpoints -- list (filters, order, paging), create, get, PUT, PATCH, delete. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/sim.h"
#include "sim/validate.h"

#define SAME_NAME_URL \
	" For more details, refer to " \
	"<https://developers.cloudflare.com/dns/manage-dns-records/" \
	"troubleshooting/records-with-same-name/>."

/* Fields a request body may set; everything else is read-only. */
static const char *const writable[] = { "type",	   "name",     "content",
					"proxied", "ttl",      "comment",
					"tags",	   "priority", "data",
					NULL };

static bool
proxiable_type(const char *t)
{
	return !strcmp(t, "A") || !strcmp(t, "AAAA") || !strcmp(t, "CNAME");
}

/* "@" -> zone, relative -> absolute, lowercase, no trailing dot. */
static void
normalize_name(cJSON *body, const char *zone)
{
	cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	char buf[600];
	size_t i, n;

	if (!cJSON_IsString(name))
		return;
	snprintf(buf, sizeof(buf), "%.300s", name->valuestring);
	n = strlen(buf);
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = '\0';
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	if (strcmp(buf, "@") == 0)
		snprintf(buf, sizeof(buf), "%.253s", zone);
	else if (n && !validate_in_zone(buf, zone))
		snprintf(buf + n, sizeof(buf) - n, ".%.253s", zone);
	cJSON_SetValuestring(name, buf);
}

/* content for types that take "data": the data values, space-joined. */
static char *
content_from_data(const cJSON *data)
{
	char buf[4096] = "";
	size_t len = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, data)
	{
		char *s =
			cJSON_IsString(it) ? NULL : cJSON_PrintUnformatted(it);
		const char *v = s ? s : it->valuestring;
		int w = snprintf(buf + len, sizeof(buf) - len, "%s%s",
				 len ? " " : "", v ? v : "");

		free(s);
		if (w < 0 || (size_t)w >= sizeof(buf) - len)
			break;
		len += (size_t)w;
	}
	return strdup(buf);
}

static int
conflict(struct zone *z, const cJSON *cand, const char *self_id, char *msg,
	 size_t n)
{
	const char *t = jstr(cand, "type"), *name = jstr(cand, "name");
	const char *content = jstr(cand, "content");
	size_t i;

	for (i = 0; i < z->nrec; i++) {
		const cJSON *r = z->recs[i];
		const char *rt;

		if (strcasecmp(jstr(r, "name"), name) != 0 ||
		    (self_id && strcmp(jstr(r, "id"), self_id) == 0))
			continue;
		rt = jstr(r, "type");
		if (!strcmp(t, "CNAME") && proxiable_type(rt)) {
			snprintf(msg, n, "%s",
				 "An A, AAAA, or CNAME record with that host "
				 "already exists." SAME_NAME_URL);
			return 81053;
		}
		if ((!strcmp(t, "A") || !strcmp(t, "AAAA")) &&
		    !strcmp(rt, "CNAME")) {
			snprintf(msg, n, "%s",
				 "A CNAME record with that host already "
				 "exists." SAME_NAME_URL);
			return 81054;
		}
		if (!strcmp(t, rt) &&
		    strcasecmp(content, jstr(r, "content")) == 0) {
			snprintf(msg, n, "An identical record already exists.");
			return 81058;
		}
	}
	return 0;
}

/*
 * Builds the stored record from a validated body. created_on / id come
 * from old when replacing.
 */
static cJSON *
build_record(const cJSON *body, const cJSON *old)
{
	cJSON *r = cJSON_CreateObject(), *meta, *it;
	const char *t = jstr(body, "type");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(body, "data");
	const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(body, "ttl");
	const cJSON *prio = cJSON_GetObjectItemCaseSensitive(body, "priority");
	const cJSON *comment =
		cJSON_GetObjectItemCaseSensitive(body, "comment");
	const cJSON *tags = cJSON_GetObjectItemCaseSensitive(body, "tags");
	bool proxied =
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "proxied"));
	char id[33], now[40];

	world_now(now);
	if (old) {
		snprintf(id, sizeof(id), "%s", jstr(old, "id"));
	} else {
		world_new_id(id);
	}
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "name", jstr(body, "name"));
	cJSON_AddStringToObject(r, "type", t);
	if (cJSON_IsObject(data)) {
		char *c = content_from_data(data);

		cJSON_AddStringToObject(r, "content", c);
		free(c);
	} else {
		cJSON_AddStringToObject(r, "content", jstr(body, "content"));
	}
	cJSON_AddBoolToObject(r, "proxiable", proxiable_type(t));
	cJSON_AddBoolToObject(r, "proxied", proxied);
	/* Proxied records always have automatic TTL. */
	cJSON_AddNumberToObject(r, "ttl",
				proxied || !ttl ? 1 : ttl->valuedouble);
	if (cJSON_IsNumber(prio))
		cJSON_AddNumberToObject(r, "priority", prio->valuedouble);
	if (cJSON_IsObject(data))
		cJSON_AddItemToObject(r, "data", cJSON_Duplicate(data, 1));
	cJSON_AddObjectToObject(r, "settings");
	meta = cJSON_AddObjectToObject(r, "meta");
	cJSON_AddBoolToObject(meta, "auto_added", 0);
	cJSON_AddStringToObject(meta, "source", "primary");
	if (cJSON_IsString(comment))
		cJSON_AddStringToObject(r, "comment", comment->valuestring);
	it = cJSON_IsArray(tags) ? cJSON_Duplicate(tags, 1)
				 : cJSON_CreateArray();
	cJSON_AddItemToObject(r, "tags", it);
	cJSON_AddStringToObject(r, "created_on",
				old ? jstr(old, "created_on") : now);
	cJSON_AddStringToObject(r, "modified_on", now);
	return r;
}

/* ---- list -------------------------------------------------------------- */

struct dns_filter {
	const char *type, *name, *content, *search;
	const char *name_op, *content_op; /* contains/startswith/endswith */
	int proxied;
	bool any;
	int nf;
};

static bool
str_op(const char *s, const char *op, const char *v)
{
	size_t sl = strlen(s), vl = strlen(v), i;

	if (!strcmp(op, "startswith"))
		return strncasecmp(s, v, vl) == 0;
	if (!strcmp(op, "endswith"))
		return sl >= vl && strcasecmp(s + sl - vl, v) == 0;
	if (!strcmp(op, "contains")) {
		for (i = 0; i + vl <= sl; i++)
			if (strncasecmp(s + i, v, vl) == 0)
				return true;
		return false;
	}
	return strcasecmp(s, v) == 0;
}

static const char *
op_query(const struct sim_req *rq, const char *field, const char **op)
{
	static const char *const ops[] = { "exact", "contains", "startswith",
					   "endswith" };
	char key[64];
	size_t i;

	for (i = 0; i < 4; i++) {
		const char *v;

		snprintf(key, sizeof(key), "%s.%s", field, ops[i]);
		v = req_query(rq, key);
		if (v) {
			*op = ops[i];
			return v;
		}
	}
	*op = "exact";
	return req_query(rq, field);
}

static bool
rec_matches(const cJSON *r, const struct dns_filter *f)
{
	int hits = 0;

	if (f->type)
		hits += strcmp(jstr(r, "type"), f->type) == 0;
	if (f->name)
		hits += str_op(jstr(r, "name"), f->name_op, f->name);
	if (f->content)
		hits += str_op(jstr(r, "content"), f->content_op, f->content);
	if (f->proxied >= 0)
		hits += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
				r, "proxied")) == f->proxied;
	if (f->search)
		hits += str_op(jstr(r, "name"), "contains", f->search) ||
			str_op(jstr(r, "content"), "contains", f->search);
	return f->any ? hits > 0 : hits == f->nf;
}

static void
list_records(struct sim *sim, struct zone *z, struct sim_req *rq,
	     struct sim_resp *rs)
{
	static const char *const orders[] = { "type", "name", "content", "ttl",
					      "proxied" };
	const char *order = req_query(rq, "order");
	const char *dir = req_query(rq, "direction");
	const char *match = req_query(rq, "match");
	bool desc = dir && strcmp(dir, "desc") == 0;
	enum world_order ord = WORLD_ORDER_TYPE;
	struct dns_filter f = { 0 };
	long page, per_page, total, start, i, k;
	cJSON **sorted, *arr;
	size_t n = z->nrec;

	(void)sim;
	for (i = 0; order && i < WORLD_ORDER_COUNT; i++)
		if (strcmp(order, orders[i]) == 0)
			ord = (enum world_order)i;
	paging_parse(rq, 100, 1, 5000000, &page, &per_page);
	f.type = req_query(rq, "type");
	f.name = op_query(rq, "name", &f.name_op);
	f.content = op_query(rq, "content", &f.content_op);
	f.search = req_query(rq, "search");
	f.proxied = req_bool(rq, "proxied");
	f.any = match && strcmp(match, "any") == 0;
	f.nf = !!f.type + !!f.name + !!f.content + !!f.search +
	       (f.proxied >= 0);
	sorted = zone_sorted(z, ord);
	arr = cJSON_CreateArray();
	start = (page - 1) * per_page;
	if (f.nf == 0) {
		/* Fast path: the page is a slice of the sorted cache. */
		total = (long)n;
		for (i = start; i < total && i < start + per_page; i++) {
			k = desc ? total - 1 - i : i;
			cJSON_AddItemReferenceToArray(arr, sorted[k]);
		}
	} else {
		total = 0;
		for (i = 0; i < (long)n; i++) {
			cJSON *r = sorted[desc ? (long)n - 1 - i : i];

			if (!rec_matches(r, &f))
				continue;
			if (total >= start && total < start + per_page)
				cJSON_AddItemReferenceToArray(arr, r);
			total++;
		}
	}
	/* An empty DNS list still reports one page (ERRORS.md §8). */
	resp_ok(rs, SIM_COMPACT, arr,
		resp_result_info(page, per_page, cJSON_GetArraySize(arr), total,
				 total ? paging_pages(total, per_page) : 1),
		NULL);
}

/* ---- writes ------------------------------------------------------------ */

/* Validates body (already merged/normalized) against zone z. */
static bool
check_record(struct zone *z, const cJSON *body, const char *self_id,
	     struct sim_resp *rs)
{
	char msg[512];
	int code = validate_dns_record(body, msg, sizeof(msg));

	if (!code)
		code = conflict(z, body, self_id, msg, sizeof(msg));
	if (code) {
		resp_err(rs, SIM_COMPACT, 400, code, msg);
		return false;
	}
	return true;
}

/* Drops read-only and unknown keys from a request body. */
static void
keep_writable(cJSON *body)
{
	cJSON *it = body->child;

	while (it) {
		cJSON *next = it->next;
		size_t i;
		bool keep = false;

		for (i = 0; writable[i]; i++)
			if (it->string && strcmp(it->string, writable[i]) == 0)
				keep = true;
		if (!keep)
			cJSON_Delete(cJSON_DetachItemViaPointer(body, it));
		it = next;
	}
}

static void
write_record(struct sim *sim, struct zone *z, struct sim_req *rq,
	     struct sim_resp *rs, long idx)
{
	cJSON *body = req_json_object(rq, rs, SIM_COMPACT), *rec, *it;
	const cJSON *old = idx >= 0 ? z->recs[idx] : NULL;

	if (!body)
		return;
	keep_writable(body);
	if (old && strcmp(rq->method, "PATCH") == 0) {
		/* PATCH overwrites the supplied properties only. */
		size_t i;

		for (i = 0; writable[i]; i++) {
			it = cJSON_GetObjectItemCaseSensitive(old, writable[i]);
			if (it && !cJSON_GetObjectItemCaseSensitive(
					  body, writable[i]))
				cJSON_AddItemToObject(body, writable[i],
						      cJSON_Duplicate(it, 1));
		}
		/* Data types derive content from data; do not re-send it. */
		if (cJSON_GetObjectItemCaseSensitive(body, "data"))
			cJSON_DeleteItemFromObjectCaseSensitive(body,
								"content");
	}
	normalize_name(body, zone_name(z));
	if (!check_record(z, body, old ? jstr(old, "id") : NULL, rs)) {
		cJSON_Delete(body);
		return;
	}
	rec = build_record(body, old);
	cJSON_Delete(body);
	if (idx >= 0) {
		cJSON_Delete(z->recs[idx]);
		z->recs[idx] = rec;
		zone_touch(z);
	} else {
		zone_add_record(z, rec);
	}
	sim->world->changes++;
	resp_ok(rs, SIM_COMPACT, cJSON_CreateObjectReference(rec->child), NULL,
		NULL);
}

void
h_dns(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	struct zone *z;
	long idx;
	bool changed = false;

	z = req_zone_lock(sim, rq, rs);
	if (!z)
		return;
	if (rq->nsegs == 3) {
		if (!strcmp(rq->method, "GET")) {
			list_records(sim, z, rq, rs);
		} else if (!strcmp(rq->method, "POST")) {
			write_record(sim, z, rq, rs, -1);
			changed = rs->status == 200;
		} else {
			resp_bad_method(rs, SIM_COMPACT);
		}
		world_unlock(sim->world);
		if (changed)
			sim_changed(sim);
		return;
	}
	if (!req_id_ok(rq, 3, rs)) {
		world_unlock(sim->world);
		return;
	}
	idx = zone_find_record(z, rq->segs[3]);
	if (idx < 0) {
		world_unlock(sim->world);
		resp_err(rs, SIM_COMPACT, 404, 81044, "Record does not exist.");
		return;
	}
	if (!strcmp(rq->method, "GET")) {
		resp_ok(rs, SIM_COMPACT,
			cJSON_CreateObjectReference(z->recs[idx]->child), NULL,
			NULL);
	} else if (!strcmp(rq->method, "PUT") || !strcmp(rq->method, "PATCH")) {
		write_record(sim, z, rq, rs, idx);
		changed = rs->status == 200;
	} else if (!strcmp(rq->method, "DELETE")) {
		cJSON *res = cJSON_CreateObject();

		cJSON_AddStringToObject(res, "id", rq->segs[3]);
		zone_remove_record(z, (size_t)idx);
		sim->world->changes++;
		resp_ok(rs, SIM_COMPACT, res, NULL, NULL);
		changed = true;
	} else {
		resp_bad_method(rs, SIM_COMPACT);
	}
	world_unlock(sim->world);
	if (changed)
		sim_changed(sim);
}
