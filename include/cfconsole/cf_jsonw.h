/* cf_jsonw.h: build and print small JSON documents (reports, --json output) without exposing cJSON above src/cf. */
#ifndef CFCONSOLE_CF_JSONW_H
#define CFCONSOLE_CF_JSONW_H

#include <stdbool.h>

/*
 * A JSON object or array under construction. Values added to an object
 * need a key; values added to an array take key NULL. Every add returns
 * false only on out-of-memory (or a misuse such as a missing key), and then
 * the value was not added. Not thread-safe; one builder per thread.
 */
struct cf_jsonw;

struct cf_jsonw *cf_jsonw_new_object(void);
struct cf_jsonw *cf_jsonw_new_array(void);

/* s NULL adds JSON null. */
bool cf_jsonw_add_str(struct cf_jsonw *w, const char *key, const char *s);
bool cf_jsonw_add_num(struct cf_jsonw *w, const char *key, double v);
bool cf_jsonw_add_bool(struct cf_jsonw *w, const char *key, bool v);
bool cf_jsonw_add_null(struct cf_jsonw *w, const char *key);

/*
 * Adds the JSON value written in `json` (a request body, an object's raw
 * text) as it is; NULL or text that does not parse adds JSON null.
 */
bool cf_jsonw_add_json(struct cf_jsonw *w, const char *key, const char *json);

/* Adds child (an object or array) and takes ownership of it, also on failure. */
bool cf_jsonw_add(struct cf_jsonw *w, const char *key, struct cf_jsonw *child);

/* Prints the document (2-space indents when pretty). Caller frees. NULL on OOM. */
char *cf_jsonw_print(const struct cf_jsonw *w, bool pretty);

/* Frees a builder and everything added to it. NULL is a no-op. */
void cf_jsonw_free(struct cf_jsonw *w);

#endif
