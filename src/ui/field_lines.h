/* field_lines.h: a resource's field table drawn into the panes' detail areas and cells (fields.h to struct lines). */
#ifndef CFCONSOLE_UI_FIELD_LINES_H
#define CFCONSOLE_UI_FIELD_LINES_H

#include <stddef.h>

#include "cfconsole/fields.h"
#include "cfconsole/store.h"
#include "ui/line.h"

/*
 * Appends obj's detail lines, field by field in table order ("key:
 * value", keys padded to keyw columns), with names for ids read from snap
 * (may be NULL). UI thread.
 */
void field_lines_detail(enum field_res r, const void *obj,
			const struct store_snapshot *snap, int keyw,
			struct lines *out);

/* Appends the detail lines of field `name` only. */
void field_lines_one(enum field_res r, const char *name, const void *obj,
		     const struct store_snapshot *snap, int keyw,
		     struct lines *out);

/*
 * Writes field `name` of obj as a list cell into buf ("-" when it has no
 * value) and returns buf. `name` must be a string that lives as long as
 * the program (a literal): lookups are cached by its address. UI thread.
 */
const char *field_cell(enum field_res r, const char *name, const void *obj,
		       const struct store_snapshot *snap, char *buf,
		       size_t size);

#endif
