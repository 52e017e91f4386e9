/* dns.c: DNS record codec and operations (paged and streamed list, CRUD). */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
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
static const char *const dns_ro_keys[] = { "id",
					   "created_on",
					   "modified_on",
					   "proxiable",
					   "meta",
					   "zone_id",
					   "zone_name",
					   "locked",
					   "comment_modified_on",
					   "tags_modified_on",
					   NULL };

/* ---- codec --------------------------------------------------------------- */

/*
 * What one record object says, its strings borrowed from the cJSON tree.
 * Decoding first fills a view and then copies the strings out, either one
 * malloc each (single records, which callers may edit field by field) or
 * all into one block (list items: 100 000 records would otherwise cost a
 * dozen allocations each).
 */
struct dns_view {
	const char *id, *type, *name, *content, *comment;
	const char *created_on, *modified_on, *meta_source;
	const cJSON *tags; /* validated array of strings, or NULL */
	const cJSON *data; /* object, or NULL */
};

/*
 * One member of a record. A zone can hold 100 000 records, so the decoder
 * walks each object's members once (dispatching on the key) rather than
 * looking every known key up in turn. Unknown keys are ignored. Numbers and
 * flags go straight into r, strings into the view.
 */
static enum cf_status
dns_member(const cJSON *v, const char *k, struct cf_dns_record *r,
	   struct dns_view *w, struct cf_error *err)
{
	const cJSON *meta;

	switch (k[0]) {
	case 'i':
		if (!strcmp(k, "id"))
			return cf_json_val_strref(v, k, &w->id, err);
		break;
	case 't':
		if (!strcmp(k, "type"))
			return cf_json_val_strref(v, k, &w->type, err);
		if (!strcmp(k, "ttl"))
			return cf_json_val_num(v, k, &r->ttl, NULL, err);
		if (!strcmp(k, "tags"))
			return cf_json_val_strvref(v, k, &w->tags, err);
		break;
	case 'n':
		if (!strcmp(k, "name"))
			return cf_json_val_strref(v, k, &w->name, err);
		break;
	case 'c':
		if (!strcmp(k, "content"))
			return cf_json_val_strref(v, k, &w->content, err);
		if (!strcmp(k, "comment"))
			return cf_json_val_strref(v, k, &w->comment, err);
		if (!strcmp(k, "created_on"))
			return cf_json_val_strref(v, k, &w->created_on, err);
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
		if (!strcmp(k, "data")) {
			if (cf_json_val_obj(v, k, &meta, err))
				return err->status;
			if (meta)
				w->data = meta;
		}
		break;
	case 'm':
		if (!strcmp(k, "modified_on"))
			return cf_json_val_strref(v, k, &w->modified_on, err);
		if (!strcmp(k, "meta")) {
			if (cf_json_val_obj(v, k, &meta, err) ||
			    cf_json_get_bool(meta, "auto_added",
					     &r->meta_auto_added, NULL, err))
				return err->status;
			if (meta &&
			    cf_json_val_strref(cJSON_GetObjectItemCaseSensitive(
						       meta, "source"),
					       "source", &w->meta_source, err))
				return err->status;
		}
		break;
	default:
		break;
	}
	return CF_OK;
}

/* Fills r's numbers and flags and w's borrowed strings from object o. */
static enum cf_status
dns_view_fill(const cJSON *o, struct cf_dns_record *r, struct dns_view *w,
	      struct cf_error *err)
{
	const cJSON *it;

	cf_dns_record_init(r);
	memset(w, 0, sizeof(*w));
	if (cf_json_need_object(o, "dns record", err))
		return err->status;
	for (it = o->child; it; it = it->next) {
		if (it->string && dns_member(it, it->string, r, w, err))
			return err->status;
	}
	return CF_OK;
}

enum cf_status
cf_dns_record_from_cjson(const cJSON *o, struct cf_dns_record *out,
			 struct cf_error *err)
{
	struct dns_view w;
	bool ok = true;

	if (dns_view_fill(o, out, &w, err))
		return err->status;
	out->id = cf_dup_ok(w.id, &ok);
	out->type = cf_dup_ok(w.type, &ok);
	out->name = cf_dup_ok(w.name, &ok);
	out->content = cf_dup_ok(w.content, &ok);
	out->comment = cf_dup_ok(w.comment, &ok);
	out->created_on = cf_dup_ok(w.created_on, &ok);
	out->modified_on = cf_dup_ok(w.modified_on, &ok);
	out->meta_source = cf_dup_ok(w.meta_source, &ok);
	if (ok && w.tags &&
	    cf_json_val_strv(w.tags, "tags", &out->tags, NULL, err))
		goto fail;
	if (ok && w.data && !(out->data_json = cf_json_print(w.data)))
		ok = false;
	if (ok)
		out->raw = cf_json_print(o);
	if (!ok || !out->raw) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto fail;
	}
	return CF_OK;
fail:
	cf_dns_record_free(out);
	return err->status;
}

/* Counts the bytes <= ' ' of s in *blank, those < ' ' also in *ctrl. */
static void
dns_count_blanks(const char *s, size_t *blank, size_t *ctrl)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		*blank += *p <= ' ';
		*ctrl += *p < ' ';
	}
}

/* The same over every string key and value of a tree. */
static void
dns_tree_blanks(const cJSON *v, size_t *blank, size_t *ctrl)
{
	const cJSON *it;

	if (v->string)
		dns_count_blanks(v->string, blank, ctrl);
	if (cJSON_IsString(v) && v->valuestring)
		dns_count_blanks(v->valuestring, blank, ctrl);
	for (it = v->child; it; it = it->next)
		dns_tree_blanks(it, blank, ctrl);
}

/* Bytes <= ' ' in t[0..len): blanks and control bytes. */
static size_t
dns_text_blanks(const unsigned char *t, size_t len)
{
	size_t i = 0, n = 0;
	unsigned char c;
	int j;

	/* Fixed-size chunks let the compiler vectorise the count. */
	while (len - i >= 32) {
		c = 0;
		for (j = 0; j < 32; j++)
			c += t[i + j] <= ' ';
		n += c;
		i += 32;
	}
	for (; i < len; i++)
		n += t[i] <= ' ';
	return n;
}

/*
 * Whether text (o as the server sent it) can be `raw` as is: compact JSON
 * that reads back as o. Without a backslash every string appears verbatim
 * in the text, so the text's bytes <= ' ' are exactly those of the tree's
 * strings unless the server put blanks between tokens (pretty-printing).
 * Control bytes inside strings would need escaping. In every other case
 * raw is printed from the tree instead.
 */
static bool
dns_text_compact(const cJSON *o, const char *text, size_t len)
{
	size_t blank = 0, ctrl = 0, n;

	if (memchr(text, '\\', len) || memchr(text, '\0', len))
		return false;
	n = dns_text_blanks((const unsigned char *)text, len);
	if (n == 0)
		return true;
	dns_tree_blanks(o, &blank, &ctrl);
	return ctrl == 0 && blank == n;
}

/* Size of a borrowed string in the block (0 when absent). */
static size_t
dns_blk_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copies s (n bytes with its NUL) to *at and steps past it. */
static char *
dns_blk_put(char **at, const char *s, size_t n)
{
	char *d = *at;

	if (!s)
		return NULL;
	memcpy(d, s, n);
	*at += n;
	return d;
}

/*
 * Decodes a list item into *out with every string, the tags array and raw
 * in one block (struct cf_dns_record). text/len is the item's text in the
 * page (NULL when unknown): raw is that slice when it is compact, else it
 * is printed from o. On failure *out is freed and err says why.
 */
static enum cf_status
dns_record_from_item(const cJSON *o, const char *text, size_t len,
		     struct cf_dns_record *out, struct cf_error *err)
{
	struct dns_view w;
	char *printed = NULL, *data = NULL, *at;
	const char *raw = text;
	const cJSON *it;
	size_t ntags = 0, size, raw_len = len, data_len = 0;
	size_t s_id, s_type, s_name, s_content, s_comment, s_cre, s_mod, s_src;

	if (dns_view_fill(o, out, &w, err))
		goto fail;
	if (!text || !dns_text_compact(o, text, len)) {
		printed = cf_json_print(o);
		if (!printed)
			goto nomem;
		raw = printed;
		raw_len = strlen(printed);
	}
	if (w.data) {
		data = cf_json_print(w.data);
		if (!data)
			goto nomem;
		data_len = strlen(data) + 1;
	}
	ntags = w.tags ? (size_t)cJSON_GetArraySize(w.tags) : 0;
	size = ntags * sizeof(char *) + raw_len + 1 + data_len;
	size += s_id = dns_blk_size(w.id);
	size += s_type = dns_blk_size(w.type);
	size += s_name = dns_blk_size(w.name);
	size += s_content = dns_blk_size(w.content);
	size += s_comment = dns_blk_size(w.comment);
	size += s_cre = dns_blk_size(w.created_on);
	size += s_mod = dns_blk_size(w.modified_on);
	size += s_src = dns_blk_size(w.meta_source);
	cJSON_ArrayForEach(it, w.tags) size += strlen(it->valuestring) + 1;
	out->blk = malloc(size);
	if (!out->blk)
		goto nomem;
	out->blk_len = size;
	/* The pointer array first: malloc's alignment suits it. */
	at = out->blk + ntags * sizeof(char *);
	if (ntags) {
		out->tags.v = (char **)(void *)out->blk;
		cJSON_ArrayForEach(it, w.tags) out->tags.v[out->tags.n++] =
			dns_blk_put(&at, it->valuestring,
				    strlen(it->valuestring) + 1);
	}
	out->id = dns_blk_put(&at, w.id, s_id);
	out->type = dns_blk_put(&at, w.type, s_type);
	out->name = dns_blk_put(&at, w.name, s_name);
	out->content = dns_blk_put(&at, w.content, s_content);
	out->comment = dns_blk_put(&at, w.comment, s_comment);
	out->created_on = dns_blk_put(&at, w.created_on, s_cre);
	out->modified_on = dns_blk_put(&at, w.modified_on, s_mod);
	out->meta_source = dns_blk_put(&at, w.meta_source, s_src);
	out->data_json = dns_blk_put(&at, data, data_len);
	out->raw = at;
	memcpy(at, raw, raw_len);
	at[raw_len] = '\0';
	free(printed);
	free(data);
	return CF_OK;
nomem:
	cf_error_set(err, CF_ERR_NOMEM, "out of memory");
fail:
	free(printed);
	free(data);
	cf_dns_record_free(out);
	return err->status;
}

/* Types whose `content` is plain text the user writes (NOTES.md); for the
 * others content is read-only and derived from `data`. */
static bool
dns_type_has_content(const char *type)
{
	static const char *const t[] = { "A",	"AAAA", "CNAME", "NS",
					 "PTR", "TXT",	"MX",	 NULL };
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

/* A page's record array is reserved for per_page items up to this many;
 * beyond, it grows by doubling. */
#define DNS_PAGE_RESERVE 5000

/* Makes room for one more record in an array of *cap; false: no memory. */
static bool
dns_reserve(struct cf_dns_record **items, size_t n, size_t *cap)
{
	struct cf_dns_record *p;
	size_t ncap;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 64;
	p = realloc(*items, ncap * sizeof(*p));
	if (!p)
		return false;
	*items = p;
	*cap = ncap;
	return true;
}

/* ---- one page being decoded (struct cf_item_sink page context) --------- */

struct dns_page {
	struct cf_dns_record_list list;
	size_t cap;
	size_t first; /* index of its first record in the whole listing */
};

static void *
dns_page_alloc(size_t first, int per_page)
{
	struct dns_page *p = calloc(1, sizeof(*p));
	size_t want = per_page > 0 && per_page < DNS_PAGE_RESERVE
			      ? (size_t)per_page
			      : DNS_PAGE_RESERVE;

	if (!p)
		return NULL;
	p->first = first;
	p->list.items = malloc(want * sizeof(*p->list.items));
	if (p->list.items)
		p->cap = want;
	return p;
}

/* Decodes one item into the page (any thread: touches the page only). */
static enum cf_status
dns_page_item(void *page, const cJSON *item, const char *text, size_t len,
	      struct cf_error *err)
{
	struct dns_page *p = page;

	if (!dns_reserve(&p->list.items, p->list.n, &p->cap))
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	if (dns_record_from_item(item, text, len, &p->list.items[p->list.n],
				 err))
		return cf_error_prefix(err, "dns record %zu",
				       p->first + p->list.n);
	p->list.n++;
	return CF_OK;
}

static void
dns_page_abort(void *page)
{
	struct dns_page *p = page;

	cf_dns_record_list_free(&p->list);
	p->cap = 0;
}

static void
dns_page_free(void *page)
{
	if (!page)
		return;
	dns_page_abort(page);
	free(page);
}

/* ---- cf_dns_list_stream: one list per page, handed to the caller ------ */

struct dns_stream {
	cf_dns_page_fn fn;
	void *ud;
	size_t done;
	int per_page;
};

static void *
dns_stream_page_new(void *ud, size_t first)
{
	return dns_page_alloc(first, ((struct dns_stream *)ud)->per_page);
}

static enum cf_status
dns_stream_commit(void *ud, void *page, size_t total, struct cf_error *err)
{
	struct dns_stream *s = ud;
	struct dns_page *p = page;
	struct cf_dns_record_list list = p->list;
	struct cf_dns_record *fit;

	p->list.items = NULL;
	p->list.n = 0;
	p->cap = 0;
	if (list.n == 0) {
		free(list.items);
		list.items = NULL;
	} else {
		/* Give back the unused tail of the reservation. */
		fit = realloc(list.items, list.n * sizeof(*fit));
		if (fit)
			list.items = fit;
	}
	s->done += list.n;
	/* Ownership of the list passes to the callback here. */
	if (!s->fn(&list, s->done, total, s->ud))
		return cf_error_set(err, CF_ERR_CANCELLED,
				    "DNS listing stopped");
	return CF_OK;
}

enum cf_status
cf_dns_list_stream(struct cf_client *c, const char *zone_id,
		   const struct cf_dns_filter *filter, cf_dns_page_fn fn,
		   void *ud, struct cf_error *err)
{
	struct dns_stream s = {
		.fn = fn,
		.ud = ud,
		.per_page = dns_per_page(filter),
	};
	struct cf_item_sink sink = {
		.page_new = dns_stream_page_new,
		.item = dns_page_item,
		.abort = dns_page_abort,
		.commit = dns_stream_commit,
		.page_free = dns_page_free,
		.ud = &s,
	};
	char *path, *query;
	enum cf_status st;

	if (!fn)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "no page callback");
	st = cf_pathf(&path, err, "/zones/%s/dns_records", zone_id);
	if (st)
		return st;
	query = dns_filter_query(filter);
	st = cf_request_pages_items(c, path, query, s.per_page, &sink, err);
	free(query);
	free(path);
	return st;
}

/* ---- cf_dns_list: every page into one array ---------------------------- */

/*
 * Each page is decoded into its own array (pages may be decoded at once on
 * two threads) and moved into one list when its turn comes. Once the total
 * is announced the list is reserved for it, so 100 000 records cost neither
 * a cascade of reallocations nor a copy of the list per page.
 */
struct dns_collect {
	struct cf_dns_record_list list;
	size_t cap;
	int per_page;
};

static void *
dns_collect_page_new(void *ud, size_t first)
{
	return dns_page_alloc(first, ((struct dns_collect *)ud)->per_page);
}

static enum cf_status
dns_collect_commit(void *ud, void *page, size_t total, struct cf_error *err)
{
	struct dns_collect *acc = ud;
	struct dns_page *p = page;
	size_t need = acc->list.n + p->list.n;
	struct cf_dns_record *items;

	if (need > acc->cap) {
		/* Trust the announced total only within reason: a bogus
		 * total_count must not make us reserve gigabytes. */
		size_t ncap = need;

		if (total > need && total <= DNS_MAX_PREALLOC)
			ncap = total;
		if (ncap < acc->cap * 2)
			ncap = acc->cap * 2;
		items = realloc(acc->list.items, ncap * sizeof(*items));
		if (!items) {
			dns_page_abort(p);
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		}
		acc->list.items = items;
		acc->cap = ncap;
	}
	if (p->list.n)
		memcpy(acc->list.items + acc->list.n, p->list.items,
		       p->list.n * sizeof(*items));
	acc->list.n = need;
	/* The records moved: only the page's array is left to free. */
	free(p->list.items);
	p->list.items = NULL;
	p->list.n = 0;
	p->cap = 0;
	return CF_OK;
}

enum cf_status
cf_dns_list(struct cf_client *c, const char *zone_id,
	    const struct cf_dns_filter *filter, struct cf_dns_record_list *out,
	    struct cf_error *err)
{
	struct dns_collect acc = { .per_page = dns_per_page(filter) };
	struct cf_item_sink sink = {
		.page_new = dns_collect_page_new,
		.item = dns_page_item,
		.abort = dns_page_abort,
		.commit = dns_collect_commit,
		.page_free = dns_page_free,
		.ud = &acc,
	};
	char *path, *query;
	enum cf_status st;

	st = cf_pathf(&path, err, "/zones/%s/dns_records", zone_id);
	if (st)
		return st;
	query = dns_filter_query(filter);
	st = cf_request_pages_items(c, path, query, acc.per_page, &sink, err);
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

#define DNS_RECORD_PATH "/zones/%s/dns_records/%s"

/* Typed adapters of the DNS record descriptor (see cf/call.h). */
static enum cf_status
dns_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_dns_record_from_cjson(o, out, err);
}

static void
dns_type_free(void *r)
{
	cf_dns_record_free(r);
}

static char *
dns_type_encode(const void *r, unsigned mask)
{
	return cf_dns_record_encode(r, mask);
}

static const struct cf_type dns_type = {
	.size = sizeof(struct cf_dns_record),
	.items = "dns_records",
	.none = "no DNS record",
	.decode = dns_type_decode,
	.free = dns_type_free,
	.encode = dns_type_encode,
};

enum cf_status
cf_dns_record_decode(const char *json, struct cf_dns_record *out,
		     struct cf_error *err)
{
	return cf_decode_text(json, &dns_type, out, err);
}

enum cf_status
cf_dns_get(struct cf_client *c, const char *zone_id, const char *record_id,
	   struct cf_dns_record *out, struct cf_error *err)
{
	return cf_call_get(c, &dns_type, out, err, DNS_RECORD_PATH, zone_id,
			   record_id);
}

enum cf_status
cf_dns_create(struct cf_client *c, const char *zone_id,
	      const struct cf_dns_record *rec, struct cf_dns_record *out,
	      struct cf_error *err)
{
	return cf_call_write(c, "POST", &dns_type, rec, CF_DNS_F_ALL, out, err,
			     "/zones/%s/dns_records", zone_id);
}

enum cf_status
cf_dns_update(struct cf_client *c, const char *zone_id, const char *record_id,
	      const struct cf_dns_record *rec, struct cf_dns_record *out,
	      struct cf_error *err)
{
	return cf_call_write(c, "PUT", &dns_type, rec, CF_DNS_F_ALL, out, err,
			     DNS_RECORD_PATH, zone_id, record_id);
}

enum cf_status
cf_dns_patch(struct cf_client *c, const char *zone_id, const char *record_id,
	     const struct cf_dns_record *rec, unsigned mask,
	     struct cf_dns_record *out, struct cf_error *err)
{
	if (!(mask & CF_DNS_F_ALL))
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "nothing to change");
	return cf_call_write(c, "PATCH", &dns_type, rec, mask, out, err,
			     DNS_RECORD_PATH, zone_id, record_id);
}

enum cf_status
cf_dns_delete(struct cf_client *c, const char *zone_id, const char *record_id,
	      struct cf_error *err)
{
	return cf_call_delete(c, err, DNS_RECORD_PATH, zone_id, record_id);
}
