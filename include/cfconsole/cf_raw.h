/* cf_raw.h: one API request with a JSON text body and result, and the JSON text operations a generic plan engine needs (no cJSON above src/cf). */
#ifndef CFCONSOLE_CF_RAW_H
#define CFCONSOLE_CF_RAW_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_models.h"

/*
 * One request: method ("GET", "POST", "PATCH", "PUT", "DELETE"), path
 * relative to the base URL with its segments already escaped
 * ("/accounts/abc/load_balancers/pools"), query without '?' or NULL, and
 * a JSON body or NULL (a DELETE sends the spec's empty object). On success
 * *result (may be NULL: not wanted) is the envelope's `result` as compact
 * JSON text ("null" when absent; caller frees). Same rules as every call of
 * cf_api.h: blocking, one thread per client, rate budget, retries (never
 * for POST), err filled on failure.
 */
enum cf_status cf_raw_call(struct cf_client *c, const char *method,
			   const char *path, const char *query,
			   const char *body, char **result,
			   struct cf_error *err);

/* ---- JSON text operations (pure, any thread) -------------------------- */

/*
 * Replaces every string value of json that equals one of names[i]
 * exactly (a placeholder such as "{pool.id}") by values[i]. Keys are
 * never touched. Returns the new compact text (caller frees), or NULL when
 * json does not parse or memory runs out.
 */
char *cf_json_subst(const char *json, const char *const *names,
		    const char *const *values, size_t n);

/*
 * The first string value of json that looks like a placeholder (braces
 * around lower-case letters, digits, '_' and '.': "{pool.id}"),
 * copied into buf; false when there is none (or json does not parse).
 */
bool cf_json_find_placeholder(const char *json, char *buf, size_t size);

/*
 * Does `actual` hold everything `expected` says? Objects: every key of
 * expected is in actual with a matching value (actual may have more keys);
 * arrays: the same length, element by element; numbers compare within
 * 1e-9; strings, booleans and null exactly. Returns 1 when it does, 0 when
 * not (diff, when not NULL, gets the first difference as one line:
 * "origins[1].weight: planned 0.5, read back 1"), -1 when either text is
 * not JSON.
 */
int cf_json_subset(const char *expected, const char *actual, char *diff,
		   size_t size);

/*
 * For every top-level key of `keys_from` (an object), the value actual
 * has under it (null when absent), as a compact object: what a PATCH of
 * those keys overwrites, i.e. how to undo it. NULL when either text is not
 * a JSON object or on out-of-memory. Caller frees.
 */
char *cf_json_pick(const char *actual, const char *keys_from);

/* The string member `key` of the object json (malloc'd), or NULL. */
char *cf_json_string_member(const char *json, const char *key);

/*
 * The ids ("id" members) of the items of the array `list` that hold
 * everything `identity` says (cf_json_subset), in list order, into *ids
 * (replaced; free with cf_strv_free). Returns false when list is not an
 * array, identity not JSON, or memory runs out.
 */
bool cf_json_matching_ids(const char *list, const char *identity,
			  struct cf_strv *ids);

#endif
