/* cf_json_edit.h: small JSON text edits for core (a member in, a member out, a type check, where a parse failed), so nothing above src/cf sees cJSON. */
#ifndef CFCONSOLE_CF_JSON_EDIT_H
#define CFCONSOLE_CF_JSON_EDIT_H

#include <stdbool.h>
#include <stddef.h>

/* The kind of a JSON text's top-level value. */
enum cf_json_type {
	CF_JSON_INVALID = 0, /* not JSON */
	CF_JSON_NULL,
	CF_JSON_BOOL,
	CF_JSON_NUMBER,
	CF_JSON_STRING,
	CF_JSON_ARRAY,
	CF_JSON_OBJECT,
};

/* The kind of text (NULL: CF_JSON_INVALID). Pure; any thread. */
enum cf_json_type cf_json_type(const char *text);

/*
 * Member key of the object text as text for people and forms: a string's
 * value (unquoted), a number as the shortest text that reads back the
 * same, true/false, an object or array as compact JSON. NULL when text
 * is not an object, the key is absent or null, or on OOM. Caller frees.
 */
char *cf_json_scalar(const char *obj, const char *key);

/* The type of member key of obj (CF_JSON_INVALID when absent). */
enum cf_json_type cf_json_member_type(const char *obj, const char *key);

/*
 * obj (NULL, "" or not an object: {}) with member key set to value read
 * as `as`: CF_JSON_STRING (value as it is), CF_JSON_NUMBER (strtod),
 * CF_JSON_BOOL ("true"/"on"), CF_JSON_OBJECT/CF_JSON_ARRAY (value is JSON
 * text of that kind), or removed when value is NULL. Keys keep their
 * order; a new key goes last. Returns new compact text (caller frees),
 * or NULL when value does not read as `as` or on OOM.
 */
char *cf_json_with(const char *obj, const char *key, const char *value,
		   enum cf_json_type as);

/*
 * base (an object) with every top-level member of over (an object) put
 * in its place or added: a partial object applied onto a whole one.
 * Returns new compact text (caller frees), NULL when either is not an
 * object or on OOM.
 */
char *cf_json_merge(const char *base, const char *over);

/*
 * Where text stops being JSON: 1-based line and column of the first
 * character the parser could not take. false when text parses.
 */
bool cf_json_error_at(const char *text, size_t *line, size_t *col);

#endif
