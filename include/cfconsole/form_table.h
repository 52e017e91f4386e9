/* form_table.h: what views need to draw a form's tables and maps (cell columns, map entries); kept apart from form.h, which another piece of work extends. */
#ifndef CFCONSOLE_FORM_TABLE_H
#define CFCONSOLE_FORM_TABLE_H

#include <stddef.h>

#include "cfconsole/form.h"

/*
 * The cell fields of table field `table` ("pool.origins") in column order
 * (ids like "pool.origins[].address"): up to max of them into cols
 * (static descriptions). Returns how many there are (0 for a field that
 * is no table). Pure.
 */
size_t form_table_columns(const char *table, const struct form_field **cols,
			  size_t max);

/*
 * The entries of map field id ("load_balancer.pop_pools", ".region_pools",
 * ".country_pools") as the form's plan holds them now, or NULL for another
 * id. Valid until the next edit of f. Pure.
 */
const struct cf_pool_map *form_map_entries(const struct form *f,
					   const char *id);

#endif
