/* call.c: generic request -> decode -> hand over operations for the resource files (see call.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"

/* Frees the first n items of an array of t and the array itself. */
static void
call_items_free(const struct cf_type *t, void *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		t->free((char *)items + i * t->size);
	free(items);
}

enum cf_status
cf_call_decoded(struct cf_client *c, const char *method, const char *path,
		const char *query, const char *body, const struct cf_type *t,
		void *out, struct cf_error *err)
{
	struct cf_response resp = { 0 };
	enum cf_status st;
	void *tmp;

	st = cf_request(c, method, path, query, body, &resp, err);
	if (st)
		return st;
	/* Decoded aside so that *out is untouched on failure. */
	tmp = malloc(t->size);
	if (!tmp) {
		cf_response_free(&resp);
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	}
	st = t->decode(resp.result, tmp, err);
	cf_response_free(&resp);
	if (!st)
		memcpy(out, tmp, t->size);
	free(tmp);
	return st;
}

/*
 * The body of the path-building calls: builds the path from fmt and ap,
 * then sends `in` encoded by enc (when enc is not NULL; a NULL `in` is
 * CF_ERR_INVALID_ARG with enc->none, checked after the path), else no body
 * (CF_DELETE_BODY for a DELETE). With dec the result decodes into *out
 * (written only on success); without it the result is dropped.
 */
static enum cf_status
call_va(struct cf_client *c, const char *method, const struct cf_type *enc,
	const void *in, unsigned mask, const struct cf_type *dec, void *out,
	struct cf_error *err, const char *fmt, va_list ap)
{
	struct cf_response resp = { 0 };
	const char *body = strcmp(method, "DELETE") ? NULL : CF_DELETE_BODY;
	char *path, *text = NULL;
	enum cf_status st;

	st = cf_vpathf(&path, err, fmt, ap);
	if (st)
		return st;
	if (enc) {
		text = in ? enc->encode(in, mask) : NULL;
		if (!text) {
			free(path);
			return in ? cf_error_set(err, CF_ERR_NOMEM,
						 "out of memory")
				  : cf_error_set(err, CF_ERR_INVALID_ARG, "%s",
						 enc->none);
		}
		body = text;
	}
	if (dec) {
		st = cf_call_decoded(c, method, path, NULL, body, dec, out,
				     err);
	} else {
		st = cf_request(c, method, path, NULL, body, &resp, err);
		cf_response_free(&resp);
	}
	free(text);
	free(path);
	return st;
}

enum cf_status
cf_call_get(struct cf_client *c, const struct cf_type *t, void *out,
	    struct cf_error *err, const char *fmt, ...)
{
	va_list ap;
	enum cf_status st;

	va_start(ap, fmt);
	st = call_va(c, "GET", NULL, NULL, 0, t, out, err, fmt, ap);
	va_end(ap);
	return st;
}

enum cf_status
cf_call_write(struct cf_client *c, const char *method, const struct cf_type *t,
	      const void *in, unsigned mask, void *out, struct cf_error *err,
	      const char *fmt, ...)
{
	va_list ap;
	enum cf_status st;

	va_start(ap, fmt);
	st = call_va(c, method, t, in, mask, t, out, err, fmt, ap);
	va_end(ap);
	return st;
}

enum cf_status
cf_call_write_as(struct cf_client *c, const char *method,
		 const struct cf_type *in_t, const void *in, unsigned mask,
		 const struct cf_type *out_t, void *out, struct cf_error *err,
		 const char *fmt, ...)
{
	va_list ap;
	enum cf_status st;

	va_start(ap, fmt);
	st = call_va(c, method, in_t, in, mask, out_t, out, err, fmt, ap);
	va_end(ap);
	return st;
}

enum cf_status
cf_call_delete(struct cf_client *c, struct cf_error *err, const char *fmt, ...)
{
	va_list ap;
	enum cf_status st;

	va_start(ap, fmt);
	st = call_va(c, "DELETE", NULL, NULL, 0, NULL, NULL, err, fmt, ap);
	va_end(ap);
	return st;
}

enum cf_status
cf_call_list(struct cf_client *c, const char *query, const struct cf_type *t,
	     void **items, size_t *n, struct cf_error *err, const char *fmt,
	     ...)
{
	struct cf_response resp = { 0 };
	const cJSON *it;
	va_list ap;
	void *arr = NULL;
	size_t done = 0;
	char *path;
	int len;
	enum cf_status st;

	va_start(ap, fmt);
	st = cf_vpathf(&path, err, fmt, ap);
	va_end(ap);
	if (st)
		return st;
	st = cf_request(c, "GET", path, query, NULL, &resp, err);
	free(path);
	if (st)
		return st;
	if (resp.result && !cJSON_IsNull(resp.result) &&
	    !cJSON_IsArray(resp.result)) {
		st = cf_error_set(err, CF_ERR_MALFORMED,
				  "%s: result is not an array", t->items);
		goto out;
	}
	len = cJSON_GetArraySize(resp.result);
	if (len > 0) {
		arr = calloc((size_t)len, t->size);
		if (!arr) {
			st = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	cJSON_ArrayForEach(it, resp.result)
	{
		st = t->decode(it, (char *)arr + done * t->size, err);
		if (st) {
			cf_error_prefix(err, "%s[%zu]", t->items, done);
			call_items_free(t, arr, done);
			goto out;
		}
		done++;
	}
	*items = arr;
	*n = done;
out:
	cf_response_free(&resp);
	return st;
}

/* What cf_call_pages collects its pages into. */
struct call_pages {
	const struct cf_type *t;
	void *items;
	size_t n, cap;
};

/* cf_page_fn of cf_call_pages: appends one page's items. */
static enum cf_status
call_page(const cJSON *items, size_t total, void *ud, struct cf_error *err)
{
	struct call_pages *acc = ud;
	const struct cf_type *t = acc->t;
	const cJSON *it;

	(void)total;
	if (!cJSON_IsArray(items))
		return cf_error_set(err, CF_ERR_MALFORMED,
				    "%s: result is not an array", t->items);
	cJSON_ArrayForEach(it, items)
	{
		if (!cf_list_grow(&acc->items, acc->n, &acc->cap, t->size))
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		if (t->decode(it, (char *)acc->items + acc->n * t->size, err))
			return cf_error_prefix(err, "%s %zu", t->item, acc->n);
		acc->n++;
	}
	return CF_OK;
}

enum cf_status
cf_call_pages(struct cf_client *c, const char *path, const char *query,
	      int per_page, const struct cf_type *t, void **items, size_t *n,
	      struct cf_error *err)
{
	struct call_pages acc = { .t = t };
	enum cf_status st;

	st = cf_request_pages(c, path, query, per_page, call_page, &acc, err);
	if (st) {
		call_items_free(t, acc.items, acc.n);
		return st;
	}
	*items = acc.items;
	*n = acc.n;
	return CF_OK;
}

enum cf_status
cf_decode_text(const char *json, const struct cf_type *t, void *out,
	       struct cf_error *err)
{
	cJSON *root;
	enum cf_status st;

	memset(out, 0, t->size);
	st = cf_json_parse_object(json, &root, err);
	if (st)
		return st;
	st = t->decode(root, out, err);
	cJSON_Delete(root);
	return st;
}
