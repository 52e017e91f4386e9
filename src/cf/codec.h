/* codec.h: internal cJSON <-> model helpers of src/cf. */
#ifndef CFCONSOLE_CF_CODEC_H
#define CFCONSOLE_CF_CODEC_H

#include <stdarg.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "cfconsole/cf_models.h"

/*
 * Typed getters (json_util.c). All take an object `o` (may be NULL: every
 * key is then missing) and a key. A missing key or a JSON null leaves *out
 * untouched (the caller has put the spec default there) and returns CF_OK
 * with *present (when not NULL) false. A value of the wrong type fills err
 * with CF_ERR_MALFORMED naming the key and returns it. Strings are copied.
 * Any thread; no shared state.
 */
enum cf_status cf_json_get_str(const cJSON *o, const char *key, char **out,
			       struct cf_error *err);
enum cf_status cf_json_get_bool(const cJSON *o, const char *key, bool *out,
				bool *present, struct cf_error *err);
enum cf_status cf_json_get_num(const cJSON *o, const char *key, double *out,
			       bool *present, struct cf_error *err);
/* A number that must be integral and fit an int. */
enum cf_status cf_json_get_int(const cJSON *o, const char *key, int *out,
			       bool *present, struct cf_error *err);
/* An array of strings. *out is freed and replaced when present. */
enum cf_status cf_json_get_strv(const cJSON *o, const char *key,
				struct cf_strv *out, bool *present,
				struct cf_error *err);
/* An object (or NULL when missing/null); points into o. */
enum cf_status cf_json_get_obj(const cJSON *o, const char *key,
			       const cJSON **out, struct cf_error *err);
/* An array (or NULL when missing/null); points into o. */
enum cf_status cf_json_get_arr(const cJSON *o, const char *key,
			       const cJSON **out, struct cf_error *err);
/* Any value of the given cJSON type mask printed as compact JSON text. */
enum cf_status cf_json_get_text(const cJSON *o, const char *key, int types,
				char **out, struct cf_error *err);

/*
 * The same checks on a value already in hand (v may be NULL or JSON null:
 * "missing"); `key` only names the field in errors. Lets a decoder walk an
 * object's members once instead of looking each key up.
 */
enum cf_status cf_json_val_str(const cJSON *v, const char *key, char **out,
			       struct cf_error *err);
enum cf_status cf_json_val_bool(const cJSON *v, const char *key, bool *out,
				bool *present, struct cf_error *err);
enum cf_status cf_json_val_num(const cJSON *v, const char *key, double *out,
			       bool *present, struct cf_error *err);
enum cf_status cf_json_val_int(const cJSON *v, const char *key, int *out,
			       bool *present, struct cf_error *err);
enum cf_status cf_json_val_strv(const cJSON *v, const char *key,
				struct cf_strv *out, bool *present,
				struct cf_error *err);
enum cf_status cf_json_val_obj(const cJSON *v, const char *key,
			       const cJSON **out, struct cf_error *err);
enum cf_status cf_json_val_arr(const cJSON *v, const char *key,
			       const cJSON **out, struct cf_error *err);
enum cf_status cf_json_val_text(const cJSON *v, const char *key, int types,
				char **out, struct cf_error *err);

/*
 * Borrowing variants for decoders that copy the strings themselves (one
 * block per record): the same checks and messages as cf_json_val_str and
 * cf_json_val_strv, but *out points into v (valid while v lives). Missing or
 * null leaves *out untouched.
 */
enum cf_status cf_json_val_strref(const cJSON *v, const char *key,
				  const char **out, struct cf_error *err);
enum cf_status cf_json_val_strvref(const cJSON *v, const char *key,
				   const cJSON **out, struct cf_error *err);

/* Parses text that must be one JSON object. *root is the caller's to free. */
enum cf_status cf_json_parse_object(const char *json, cJSON **root,
				    struct cf_error *err);

/* Fails with CF_ERR_MALFORMED unless v is an object ("what" names it). */
enum cf_status cf_json_need_object(const cJSON *v, const char *what,
				   struct cf_error *err);

/*
 * Puts where the failure happened in front of err's detail
 * ("origins[2]: field \"weight\": expected a number"). Keeps the status,
 * which it returns.
 */
enum cf_status cf_error_prefix(struct cf_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Compact JSON text of v (malloc'd) or NULL on out-of-memory. */
char *cf_json_print(const cJSON *v);

/*
 * Keeps a decoded object's text: *raw = cf_json_print(o) (caller frees).
 * CF_ERR_NOMEM with err filled when that fails (*raw NULL), else CF_OK.
 */
enum cf_status cf_json_keep_raw(const cJSON *o, char **raw,
				struct cf_error *err);

/*
 * A per-thread bump arena for short-lived cJSON trees (json_util.c).
 * cf_json_hooks_install() routes cJSON's allocations through it; call it
 * once at start-up before other threads use cJSON (cf_global_init does).
 * cf_json_arena_enter() registers buf as the calling thread's arena (false,
 * and nothing happens, when the hooks are not installed or the thread has
 * one already); while a->on is true cJSON's allocations on this thread come
 * from it (malloc once it is full). Every tree allocated while on must be
 * cJSON_Delete'd on this thread before cf_json_arena_reset() and before
 * cf_json_arena_leave(); nothing else may keep pointers into it.
 */
struct cf_json_arena {
	char *buf;
	size_t cap, used;
	bool on;
};
void cf_json_hooks_install(void);
bool cf_json_arena_enter(struct cf_json_arena *a, char *buf, size_t cap);
void cf_json_arena_leave(struct cf_json_arena *a);
/* Reuses the whole arena (every tree in it must be deleted). */
static inline void
cf_json_arena_reset(struct cf_json_arena *a)
{
	a->used = 0;
}

/*
 * Frees the first n origin health entries of a (their fields) and the array
 * (models.c). a may be NULL when n is 0.
 */
void cf_origin_health_array_free(struct cf_origin_health *a, size_t n);

/*
 * strdup for building copies with a running ok flag (models.c): NULL for
 * NULL; on out-of-memory returns NULL and sets *ok false (else leaves it).
 */
char *cf_dup_ok(const char *s, bool *ok);

/* strdup that returns NULL for NULL. */
char *cf_strdup_or_null(const char *s);

/* Deep copies of the small containers; CF_ERR_NOMEM on failure. */
enum cf_status cf_strv_copy(struct cf_strv *dst, const struct cf_strv *src);

/*
 * Encoder helpers. cf_enc_start() returns the object an encoder starts
 * from: the parsed `raw` when it is a JSON object, with the keys listed in
 * ro[] (NULL-terminated) removed, or an empty object. When keep_unknown is
 * false (a partial PATCH) every key of raw is dropped, so only the selected
 * fields end up in the body. NULL on out-of-memory.
 */
cJSON *cf_enc_start(const char *raw, bool keep_unknown, const char *const *ro);
/* Replace-or-add helpers; false on out-of-memory. s NULL sets JSON null. */
bool cf_enc_set(cJSON *o, const char *key, cJSON *v);
bool cf_enc_str(cJSON *o, const char *key, const char *s);
bool cf_enc_num(cJSON *o, const char *key, double d);
bool cf_enc_bool(cJSON *o, const char *key, bool b);
bool cf_enc_strv(cJSON *o, const char *key, const struct cf_strv *v);
/* A selected optional string: set when s is not NULL, else the key is
 * dropped (never JSON null); false on out-of-memory. */
bool cf_enc_opt_str(cJSON *o, const char *key, const char *s);
/*
 * The object stored under key in o, for merging into; created (or replaced
 * when not an object) as needed. NULL on out-of-memory.
 */
cJSON *cf_enc_child(cJSON *o, const char *key);
/* Attaches parsed JSON text; false when it does not parse (nothing set). */
bool cf_enc_text(cJSON *o, const char *key, const char *json);
/* Prints o compactly, deletes it, returns the text (NULL on OOM). */
char *cf_enc_finish(cJSON *o);

/*
 * Builds an API path from fmt, where every "%s" takes a const char * id that
 * is URL-escaped with cf_escape() ("/zones/%s/dns_records/%s"). A NULL or
 * empty id is CF_ERR_INVALID_ARG (it would address the collection instead).
 * On success *out is malloc'd (caller frees).
 */
enum cf_status cf_pathf(char **out, struct cf_error *err, const char *fmt, ...);
/* cf_pathf with the ids in a va_list (consumed; the caller va_ends it). */
enum cf_status cf_vpathf(char **out, struct cf_error *err, const char *fmt,
			 va_list ap);

/*
 * Body of every DELETE: the spec declares a required JSON request body with
 * no schema on each DELETE operation, so an empty object keeps a validating
 * proxy (and the letter of the spec) happy; the API ignores it.
 */
#define CF_DELETE_BODY "{}"

/* ---- per-resource codecs (model from/to a cJSON node) ----------------- */

/* Decoders fill *out (zeroed and defaulted first); on failure *out is freed
 * and err says which field was wrong. They never keep pointers into o. */
enum cf_status cf_account_from_cjson(const cJSON *o, struct cf_account *out,
				     struct cf_error *err);
enum cf_status cf_zone_from_cjson(const cJSON *o, struct cf_zone *out,
				  struct cf_error *err);
enum cf_status cf_token_status_from_cjson(const cJSON *o,
					  struct cf_token_status *out,
					  struct cf_error *err);
enum cf_status cf_dns_record_from_cjson(const cJSON *o,
					struct cf_dns_record *out,
					struct cf_error *err);
enum cf_status cf_monitor_from_cjson(const cJSON *o, struct cf_monitor *out,
				     struct cf_error *err);
enum cf_status cf_origin_from_cjson(const cJSON *o, struct cf_origin *out,
				    struct cf_error *err);
enum cf_status cf_pool_from_cjson(const cJSON *o, struct cf_pool *out,
				  struct cf_error *err);
enum cf_status cf_load_balancer_from_cjson(const cJSON *o,
					   struct cf_load_balancer *out,
					   struct cf_error *err);
enum cf_status cf_pool_health_from_cjson(const cJSON *o,
					 struct cf_pool_health *out,
					 struct cf_error *err);
enum cf_status cf_preview_from_cjson(const cJSON *o, struct cf_preview *out,
				     struct cf_error *err);
enum cf_status cf_preview_result_from_cjson(const cJSON *o,
					    struct cf_preview_result *out,
					    struct cf_error *err);
enum cf_status cf_pool_reference_from_cjson(const cJSON *o,
					    struct cf_pool_reference *out,
					    struct cf_error *err);
enum cf_status cf_health_event_from_cjson(const cJSON *o,
					  struct cf_health_event *out,
					  struct cf_error *err);

/*
 * Encoders: a new cJSON object (caller deletes) holding the mask's fields,
 * or NULL on out-of-memory. Unknown keys of `raw` are kept only when mask
 * selects every writable field (a full body for POST/PUT): a partial mask
 * (PATCH) sends exactly the selected keys.
 */
cJSON *cf_dns_record_to_cjson(const struct cf_dns_record *r, unsigned mask);
cJSON *cf_monitor_to_cjson(const struct cf_monitor *m, unsigned mask);
cJSON *cf_origin_to_cjson(const struct cf_origin *o);
cJSON *cf_pool_to_cjson(const struct cf_pool *p, unsigned mask);
cJSON *cf_load_balancer_to_cjson(const struct cf_load_balancer *lb,
				 unsigned mask);

/*
 * Generic list growth used by decoders of arrays: makes room for one more
 * item of size `sz` in *items (count *n), zeroing it. false on OOM.
 */
bool cf_list_grow(void **items, size_t n, size_t *cap, size_t sz);

#endif
