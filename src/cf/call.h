/* call.h: generic "request, decode the result, hand it over" operations shared by the resource files of src/cf. */
#ifndef CFCONSOLE_CF_CALL_H
#define CFCONSOLE_CF_CALL_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cf/request.h"

/*
 * What the generic calls need to know about one model type. Each resource
 * file defines one constant descriptor per type, with small typed adapters
 * (function pointers are never cast to another type).
 *
 * decode: fills *out from a cJSON node; on failure *out is freed and err
 *         filled (the contract of the cf_*_from_cjson decoders).
 * free:   frees one decoded item's fields (not the item itself).
 * encode: the write body for `in` with the field mask (malloc'd text, NULL
 *         on out-of-memory); NULL for read-only types.
 */
struct cf_type {
	size_t size;	   /* sizeof the model struct */
	const char *items; /* list name in errors: "monitors" */
	const char *item;  /* one item in paged-list errors: "zone" */
	const char *none;  /* detail when a write gets no object */
	enum cf_status (*decode)(const cJSON *o, void *out,
				 struct cf_error *err);
	void (*free)(void *item);
	char *(*encode)(const void *in, unsigned mask);
};

/* The preview descriptor (health.c), shared with the preview calls. */
extern const struct cf_type cf_preview_type;

/*
 * One request (query and body may be NULL) whose result is one object of
 * type t. *out (t->size bytes) is written only on success; on failure it is
 * untouched and err says why. Path segments must already be escaped.
 */
enum cf_status cf_call_decoded(struct cf_client *c, const char *method,
			       const char *path, const char *query,
			       const char *body, const struct cf_type *t,
			       void *out, struct cf_error *err);

/*
 * GET of one object at the path built by cf_pathf(fmt, ids...): every
 * "%s" takes a const char * id (escaped; NULL or empty is
 * CF_ERR_INVALID_ARG). *out as cf_call_decoded.
 */
enum cf_status cf_call_get(struct cf_client *c, const struct cf_type *t,
			   void *out, struct cf_error *err, const char *fmt,
			   ...);

/*
 * A write (POST, PUT, PATCH) of `in` encoded by t->encode with mask, to the
 * path built from fmt and ids as cf_call_get; the result decodes into *out
 * (written only on success). The path is checked before `in` (NULL `in` is
 * CF_ERR_INVALID_ARG with t->none).
 */
enum cf_status cf_call_write(struct cf_client *c, const char *method,
			     const struct cf_type *t, const void *in,
			     unsigned mask, void *out, struct cf_error *err,
			     const char *fmt, ...);

/*
 * cf_call_write where what is sent and what comes back differ: `in` is
 * encoded by in_t (in_t->none names a missing one), the result decodes by
 * out_t into *out (e.g. a monitor POSTed for a preview).
 */
enum cf_status cf_call_write_as(struct cf_client *c, const char *method,
				const struct cf_type *in_t, const void *in,
				unsigned mask, const struct cf_type *out_t,
				void *out, struct cf_error *err,
				const char *fmt, ...);

/* DELETE (with CF_DELETE_BODY) of the path built from fmt and ids. */
enum cf_status cf_call_delete(struct cf_client *c, struct cf_error *err,
			      const char *fmt, ...);

/*
 * One GET of an unpaged list at the path built from fmt and ids as
 * cf_call_get (query may be NULL, already encoded): the result must be an
 * array ("<items>: result is not an array"); JSON null or no result is an
 * empty list. On success *items (malloc'd array of *n items of t->size, NULL
 * when empty; caller frees each with the type's free and then the array)
 * and *n are set; on failure they are untouched and a bad item is named
 * "<items>[i]" in err.
 */
enum cf_status cf_call_list(struct cf_client *c, const char *query,
			    const struct cf_type *t, void **items, size_t *n,
			    struct cf_error *err, const char *fmt, ...);

/*
 * Every page of a paged list (cf_request_pages with per_page) decoded into
 * one array; a bad item is named "<item> i" in err. *items and *n as
 * cf_call_list.
 */
enum cf_status cf_call_pages(struct cf_client *c, const char *path,
			     const char *query, int per_page,
			     const struct cf_type *t, void **items, size_t *n,
			     struct cf_error *err);

/*
 * The shared body of the public text decoders (cf_*_decode): zeroes *out,
 * parses json (must be one object), decodes it with t, frees the tree.
 * On failure *out is left freed/zeroed and err is filled.
 */
enum cf_status cf_decode_text(const char *json, const struct cf_type *t,
			      void *out, struct cf_error *err);

#endif
