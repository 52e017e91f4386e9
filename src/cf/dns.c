/* dns.c: DNS record codec and operations (paged and streamed list, CRUD). */
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/request.h"
#include "cfconsole/cf_api.h"

/*
 * The spec allows per_page up to 5 000 000; 5000 keeps a big zone split in
 * enough pages to fetch them in parallel and bounds the memory of a page.
 */
#define DNS_PER_PAGE 5000
/* Largest record count cf_dns_list reserves room for up front. */
#define DNS_MAX_PREALLOC 10000000u

/* Read-only keys never sent back (NOTES.md; zone_id/zone_name are gone
 * from current answers but old records may carry them). */
static const char *const dns_ro_keys[] = {
	"id", "created_on", "modified_on", "proxiable", "meta", "zone_id",
	"zone_name", "locked", "comment_modified_on", "tags_modified_on", NULL
};

/* ---- codec --------------------------------------------------------------- */

/*
 * One member of a record. A zone can hold 100 000 records, so the decoder
 * walks each object's members once (dispatching on the key) rather than
 * looking every known key up in turn. Unknown keys are ignored.
 */
static enum cf_status
dns_member(const cJSON *v, const char *k, struct cf_dns_record *r,
	   struct cf_error *err)
{
	const cJSON *meta;

	switch (k[0]) {
	case 'i':
		if (!strcmp(k, "id"))
			return cf_json_val_str(v, k, &r->id, err);
		break;
	case 't':
		if (!strcmp(k, "type"))
			return cf_json_val_str(v, k, &r->type, err);
		if (!strcmp(k, "ttl"))
			return cf_json_val_num(v, k, &r->ttl, NULL, err);
		if (!strcmp(k, "tags"))
			return cf_json_val_strv(v, k, &r->tags, NULL, err);
		break;
	case 'n':
		if (!strcmp(k, "name"))
			return cf_json_val_str(v, k, &r->name, err);
		break;
	case 'c':
		if (!strcmp(k, "content"))
			return cf_json_val_str(v, k, &r->content, err);
		if (!strcmp(k, "comment"))
			return cf_json_val_str(v, k, &r->comment, err);
		if (!strcmp(k, "created_on"))
			return cf_json_val_str(v, k, &r->created_on, err);
		break;
	case 'p':
		if (!strcmp(k, "proxied"))
			return cf_json_val_bool(v, k, &r->proxied,
						&r->has_proxied, err);
		if (!strcmp(k, "proxiable"))
			return cf_json_val_bool(v, k, &r->proxiable, NULL, err);
		if (!strcmp(k, "priority"))
			return cf_json_val_num(v, k, &r->priority,
					       &r->has_priority, err);
		break;
	case 'd':
		if (!strcmp(k, "data"))
			return cf_json_val_text(v, k, cJSON_Object,
						&r->data_json, err);
		break;
	case 'm':
		if (!strcmp(k, "modified_on"))
			return cf_json_val_str(v, k, &r->modified_on, err);
		if (!strcmp(k, "meta")) {
			if (cf_json_val_obj(v, k, &meta, err) ||
			    cf_json_get_bool(meta, "auto_added",
					     &r->meta_auto_added, NULL, err) ||
			    cf_json_get_str(meta, "source", &r->meta_source,
					    err))
				return err->status;
		}
		break;
	default:
		break;
	}
	return CF_OK;
}

enum cf_status
cf_dns_record_from_cjson(const cJSON *o, struct cf_dns_record *out,
			 struct cf_error *err)
{
	const cJSON *it;

	cf_dns_record_init(out);
	if (cf_json_need_object(o, "dns record", err))
		return err->status;
	for (it = o->child; it; it = it->next) {
		if (it->string && dns_member(it, it->string, out, err))
			goto fail;
	}
	out->raw = cf_json_print(o);
	if (!out->raw) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto fail;
	}
	return CF_OK;
fail:
	cf_dns_record_free(out);
	return err->status;
}

enum cf_status
cf_dns_record_decode(const char *json, struct cf_dns_record *out,
		     struct cf_error *err)
{
	cJSON *root;
	enum cf_status st;

	memset(out, 0, sizeof(*out));
	st = cf_json_parse_object(json, &root, err);
	if (st)
		return st;
	st = cf_dns_record_from_cjson(root, out, err);
	cJSON_Delete(root);
	return st;
}

/* Types whose `content` is plain text the user writes (NOTES.md); for the
 * others content is read-only and derived from `data`. */
static bool
dns_type_has_content(const char *type)
{
	static const char *const t[] = { "A", "AAAA", "CNAME", "NS", "PTR",
					 "TXT", "MX", NULL };
	size_t i;

	if (!type)
		return true;
	for (i = 0; t[i]; i++)
		if (!strcmp(type, t[i]))
			return true;
	return false;
}

/* `proxied` is defined only for A, AAAA and CNAME in this revision. */
static bool
dns_type_proxiable(const char *type)
{
	return type && (!strcmp(type, "A") || !strcmp(type, "AAAA") ||
			!strcmp(type, "CNAME"));
}

cJSON *
cf_dns_record_to_cjson(const struct cf_dns_record *r, unsigned mask)
{
	bool full = (mask & CF_DNS_F_ALL) == CF_DNS_F_ALL;
	bool ok = true;
	cJSON *o = cf_enc_start(r->raw, full, dns_ro_keys);

	if (!o)
		return NULL;
	if ((mask & CF_DNS_F_TYPE) && r->type)
		ok = ok && cf_enc_str(o, "type", r->type);
	if ((mask & CF_DNS_F_NAME) && r->name)
		ok = ok && cf_enc_str(o, "name", r->name);
	if (mask & CF_DNS_F_CONTENT) {
		if (r->data_json && !dns_type_has_content(r->type))
			cJSON_DeleteItemFromObjectCaseSensitive(o, "content");
		else if (r->content)
			ok = ok && cf_enc_str(o, "content", r->content);
	}
	if ((mask & CF_DNS_F_PROXIED) &&
	    (r->has_proxied || r->proxied || dns_type_proxiable(r->type)))
		ok = ok && cf_enc_bool(o, "proxied", r->proxied);
	if (mask & CF_DNS_F_TTL)
		ok = ok && cf_enc_num(o, "ttl", r->ttl > 0 ? r->ttl : 1);
	if (mask & CF_DNS_F_PRIORITY) {
		if (r->has_priority)
			ok = ok && cf_enc_num(o, "priority", r->priority);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(o, "priority");
	}
	if (mask & CF_DNS_F_COMMENT) {
		if (r->comment)
			ok = ok && cf_enc_str(o, "comment", r->comment);
		else
			cJSON_DeleteItemFromObjectCaseSensitive(o, "comment");
	}
	if (mask & CF_DNS_F_TAGS)
		ok = ok && cf_enc_strv(o, "tags", &r->tags);
	/* data is kept as JSON text; text that does not parse is not sent. */
	if ((mask & CF_DNS_F_DATA) &&
	    (!r->data_json || !cf_enc_text(o, "data", r->data_json)))
		cJSON_DeleteItemFromObjectCaseSensitive(o, "data");
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

char *
cf_dns_record_encode(const struct cf_dns_record *r, unsigned mask)
{
	return cf_enc_finish(cf_dns_record_to_cjson(r, mask));
}

/* ---- list ---------------------------------------------------------------- */

/* Query for a filter; per_page is handled by cf_request_pages. */
static char *
dns_filter_query(const struct cf_dns_filter *f)
{
	char *q = NULL;

	if (!f)
		return NULL;
	if (f->type)
		cf_query_add(&q, "type", f->type);
	if (f->name)
		cf_query_add(&q, "name", f->name);
	if (f->content)
		cf_query_add(&q, "content", f->content);
	if (f->match)
		cf_query_add(&q, "match", f->match);
	if (f->order)
		cf_query_add(&q, "order", f->order);
	if (f->direction)
		cf_query_add(&q, "direction", f->direction);
	return q;
}

static int
dns_per_page(const struct cf_dns_filter *f)
{
	return f && f->per_page > 0 ? f->per_page : DNS_PER_PAGE;
}

/* Decodes one page's array into a fresh list (sized exactly). */
static enum cf_status
dns_decode_page(const cJSON *items, struct cf_dns_record_list *page,
		struct cf_error *err)
{
	const cJSON *it;
	int n;

	page->items = NULL;
	page->n = 0;
	if (!cJSON_IsArray(items))
		return cf_error_set(err, CF_ERR_MALFORMED,
				    "dns_records: result is not an array");
	n = cJSON_GetArraySize(items);
	if (n == 0)
		return CF_OK;
	page->items = calloc((size_t)n, sizeof(*page->items));
	if (!page->items)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	cJSON_ArrayForEach(it, items) {
		if (cf_dns_record_from_cjson(it, &page->items[page->n], err)) {
			cf_error_prefix(err, "dns record %zu of the page",
					page->n);
			cf_dns_record_list_free(page);
			return err->status;
		}
		page->n++;
	}
	return CF_OK;
}

struct dns_stream {
	cf_dns_page_fn fn;
	void *ud;
	size_t done;
};

static enum cf_status
dns_stream_page(const cJSON *items, size_t total, void *ud,
		struct cf_error *err)
{
	struct dns_stream *s = ud;
	struct cf_dns_record_list page;

	if (dns_decode_page(items, &page, err))
		return err->status;
	s->done += page.n;
	/* Ownership of page passes to the callback here. */
	if (!s->fn(&page, s->done, total, s->ud))
		return cf_error_set(err, CF_ERR_CANCELLED,
				    "DNS listing stopped");
	return CF_OK;
}

enum cf_status
cf_dns_list_stream(struct cf_client *c, const char *zone_id,
		   const struct cf_dns_filter *filter, cf_dns_page_fn fn,
		   void *ud, struct cf_error *err)
{
	struct dns_stream s = { .fn = fn, .ud = ud };
	char *path, *query;
	enum cf_status st;

	if (!fn)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "no page callback");
	st = cf_pathf(&path, err, "/zones/%s/dns_records", zone_id);
	if (st)
		return st;
	query = dns_filter_query(filter);
	st = cf_request_pages(c, path, query, dns_per_page(filter),
			      dns_stream_page, &s, err);
	free(query);
	free(path);
	return st;
}

struct dns_collect {
	struct cf_dns_record_list list;
	size_t cap;
};

/*
 * cf_dns_list decodes each page straight into one growing array (no page
 * list in between): the array is reserved for the announced total once, so
 * 100 000 records cost neither a cascade of reallocations nor a large
 * temporary allocation per page.
 */
static enum cf_status
dns_collect_page(const cJSON *items, size_t total, void *ud,
		 struct cf_error *err)
{
	struct dns_collect *acc = ud;
	const cJSON *it;
	size_t need;

	if (!cJSON_IsArray(items))
		return cf_error_set(err, CF_ERR_MALFORMED,
				    "dns_records: result is not an array");
	need = acc->list.n + (size_t)cJSON_GetArraySize(items);
	if (need > acc->cap) {
		/* Trust the announced total only within reason: a bogus
		 * total_count must not make us reserve gigabytes. */
		size_t ncap = need;
		struct cf_dns_record *p;

		if (total > need && total <= DNS_MAX_PREALLOC)
			ncap = total;
		if (ncap < acc->cap * 2)
			ncap = acc->cap * 2;
		p = realloc(acc->list.items, ncap * sizeof(*p));
		if (!p)
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		acc->list.items = p;
		acc->cap = ncap;
	}
	cJSON_ArrayForEach(it, items) {
		if (cf_dns_record_from_cjson(it, &acc->list.items[acc->list.n],
					     err))
			return cf_error_prefix(err, "dns record %zu",
					       acc->list.n);
		acc->list.n++;
	}
	return CF_OK;
}

enum cf_status
cf_dns_list(struct cf_client *c, const char *zone_id,
	    const struct cf_dns_filter *filter, struct cf_dns_record_list *out,
	    struct cf_error *err)
{
	struct dns_collect acc = { 0 };
	char *path, *query;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records", zone_id);
	if (st)
		return st;
	query = dns_filter_query(filter);
	st = cf_request_pages(c, path, query, dns_per_page(filter),
			      dns_collect_page, &acc, err);
	free(query);
	free(path);
	if (st) {
		cf_dns_record_list_free(&acc.list);
		return st;
	}
	*out = acc.list;
	return CF_OK;
}

/* ---- single records ------------------------------------------------------ */

/* One request whose result is a DNS record; *out only set on success. */
static enum cf_status
dns_call(struct cf_client *c, const char *method, const char *path,
	 const char *body, struct cf_dns_record *out, struct cf_error *err)
{
	struct cf_response resp = { 0 };
	struct cf_dns_record r;
	enum cf_status st;

	st = cf_request(c, method, path, NULL, body, &resp, err);
	if (st)
		return st;
	st = cf_dns_record_from_cjson(resp.result, &r, err);
	cf_response_free(&resp);
	if (st)
		return st;
	*out = r;
	return CF_OK;
}

/* Encodes rec with mask and sends it to path with method. */
static enum cf_status
dns_write(struct cf_client *c, const char *method, const char *path,
	  const struct cf_dns_record *rec, unsigned mask,
	  struct cf_dns_record *out, struct cf_error *err)
{
	char *body;
	enum cf_status st;

	if (!rec)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "no DNS record");
	body = cf_dns_record_encode(rec, mask);
	if (!body)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	st = dns_call(c, method, path, body, out, err);
	free(body);
	return st;
}

enum cf_status
cf_dns_get(struct cf_client *c, const char *zone_id, const char *record_id,
	   struct cf_dns_record *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records/%s", zone_id,
		      record_id);
	if (st)
		return st;
	st = dns_call(c, "GET", path, NULL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_dns_create(struct cf_client *c, const char *zone_id,
	      const struct cf_dns_record *rec, struct cf_dns_record *out,
	      struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records", zone_id);
	if (st)
		return st;
	st = dns_write(c, "POST", path, rec, CF_DNS_F_ALL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_dns_update(struct cf_client *c, const char *zone_id, const char *record_id,
	      const struct cf_dns_record *rec, struct cf_dns_record *out,
	      struct cf_error *err)
{
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records/%s", zone_id,
		      record_id);
	if (st)
		return st;
	st = dns_write(c, "PUT", path, rec, CF_DNS_F_ALL, out, err);
	free(path);
	return st;
}

enum cf_status
cf_dns_patch(struct cf_client *c, const char *zone_id, const char *record_id,
	     const struct cf_dns_record *rec, unsigned mask,
	     struct cf_dns_record *out, struct cf_error *err)
{
	char *path;
	enum cf_status st;

	if (!(mask & CF_DNS_F_ALL))
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "nothing to change");
	st = cf_pathf(&path, err, "/zones/%s/dns_records/%s", zone_id,
		      record_id);
	if (st)
		return st;
	st = dns_write(c, "PATCH", path, rec, mask, out, err);
	free(path);
	return st;
}

enum cf_status
cf_dns_delete(struct cf_client *c, const char *zone_id, const char *record_id,
	      struct cf_error *err)
{
	struct cf_response resp = { 0 };
	char *path;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records/%s", zone_id,
		      record_id);
	if (st)
		return st;
	st = cf_request(c, "DELETE", path, NULL, CF_DELETE_BODY, &resp, err);
	free(path);
	cf_response_free(&resp);
	return st;
}
