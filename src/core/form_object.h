/* form_object.h: internal to the form model (form.c, form_object.c): a form over one object of a resource, built from its field table. */
#ifndef CFCONSOLE_CORE_FORM_OBJECT_H
#define CFCONSOLE_CORE_FORM_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/fields.h"
#include "cfconsole/form.h"

/*
 * The object side of a form (form.c keeps the typed text, the focus, the
 * objects for pickers and the keys). Field ids are the table's names;
 * cells of a table are "origins[2].weight" (their definition
 * "origins[].weight"). The object always holds the last valid value of
 * every field.
 */
struct form_obj;

/* A form over a copy of obj (NULL: a new object with the API defaults).
 * ctx is copied (its ud must outlive the form). NULL on OOM. */
struct form_obj *form_obj_new(enum field_res res, const void *obj,
			      const struct field_ctx *ctx);
void form_obj_free(struct form_obj *o);

const struct field_table *form_obj_table(const struct form_obj *o);
const void *form_obj_object(const struct form_obj *o);
const void *form_obj_original(const struct form_obj *o);
bool form_obj_creating(const struct form_obj *o);
const struct field_ctx *form_obj_ctx(const struct form_obj *o);

/* The definition of id (a field or a cell, with or without its row). */
const struct form_field *form_obj_def(const struct form_obj *o, const char *id);

/* The table field behind id (a field or cell), or NULL; *row set for
 * cells ("origins[2].weight" -> the cell field, row 2). */
const struct field *form_obj_field(const struct form_obj *o, const char *id,
				   size_t *row, bool *cell);

/* Visible field ids now, in table order (no cells); *ids is the
 * object's own array, valid until the next call. */
size_t form_obj_visible(struct form_obj *o, const char *const **ids);

/* The text of id (a field or a cell), malloc'd; "" for unknown ids. */
char *form_obj_text(const struct form_obj *o, const char *id);

/* Validates text for id and stores it; false with why (nothing changed). */
bool form_obj_store(struct form_obj *o, const char *id, const char *text,
		    char *why, size_t n);

/* Whole-object problems (an edit: only those of fields it changes). */
bool form_obj_issues(const struct form_obj *o, struct plan_issues *out);

/* Rows of table field id. */
size_t form_obj_rows(const struct form_obj *o, const char *table);
bool form_obj_row_add(struct form_obj *o, const char *table);
bool form_obj_row_remove(struct form_obj *o, const char *table, size_t i);
bool form_obj_row_move(struct form_obj *o, const char *table, size_t i,
		       int dir);

/* The focusable ids of the form: visible fields, and a table's cells
 * ("origins[0].name", ...) in place of the table. *out and its strings
 * are the caller's (free each, then the array). */
size_t form_obj_focusables(struct form_obj *o, char ***out);

/* Sets one key of map field id ("" removes it); false with why. */
bool form_obj_map_set(struct form_obj *o, const char *id, const char *key,
		      const char *value, char *why, size_t n);

/* The changes against the original: mask and readable diff (NULL when
 * none; caller frees). false on OOM. */
bool form_obj_changes(const struct form_obj *o, unsigned *mask, char **diff);

#endif
