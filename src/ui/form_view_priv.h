/* form_view_priv.h: what form_view.c (drawing) and form_view_keys.c (keys) share: the view's state and a few facts about fields. */
#ifndef CFCONSOLE_UI_FORM_VIEW_PRIV_H
#define CFCONSOLE_UI_FORM_VIEW_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/form.h"
#include "cfconsole/xmem.h"
#include "ui/edit.h"
#include "ui/form_view.h"

struct form_view {
	struct edit ed;
	char *ed_id;	   /* the field the editor holds */
	bool ed_map;	   /* the editor holds a map entry draft */
	char *map_id;	   /* the map a key typed wrong was set in */
	char *map_bad_key; /* that key (kept by the form with a reason) */
	char map_why[256]; /* why the last entry was refused */
	size_t sub;	   /* pick-lists: the choice under the cursor */
	char *sub_id;
	size_t top;	/* first line of the field list shown */
	char **row_ids; /* id drawn on each row of the last render */
	int nrows;
};

/* Replaces *dst with a copy of s (NULL frees). */
void fv_set_id(char **dst, const char *s);

/* The kind of field id (cells by their column); FORM_TEXT if unknown. */
enum form_kind fv_kind_of(const struct form *f, const char *id);

/* "pool.origins[2].address" -> table "pool.origins", row 2, column
 * ".address"; false for a field that is no cell. */
bool fv_cell_parts(const char *id, char *table, size_t tsize, size_t *row,
		   const char **col);

/* Choices whose values are ids (drawn by their names). */
bool fv_object_choice(const char *id);

/* Choice fields that also take typed text (a zone name). */
bool fv_typed_choice(const char *id);

/* Forgets a map key typed wrong (the form keeps it with its reason until
 * it is set again). */
void fv_drop_bad_key(struct form_view *v, struct form *f);

/* Position (1-based) of value in pick-list id, 0 when not picked. */
size_t fv_pick_pos(struct form *f, const char *id, const char *value);

#endif
