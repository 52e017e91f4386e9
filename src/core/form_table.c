/* form_table.c: the cell columns of a form's table field and the entries of its maps, read from the form model's field table (an addition beside form.c, which this file does not change). */
#include "cfconsole/form_table.h"

#include <string.h>

#include "core/form_fields.h"

size_t
form_table_columns(const char *table, const struct form_field **cols,
		   size_t max)
{
	size_t i, n = 0;

	for (i = 0; table && i < form_nfields; i++) {
		if (!form_field_table[i].table ||
		    strcmp(form_field_table[i].table, table))
			continue;
		if (n < max)
			cols[n] = &form_field_table[i];
		n++;
	}
	return n;
}

const struct cf_pool_map *
form_map_entries(const struct form *f, const char *id)
{
	const struct cf_load_balancer *lb = &form_plan(f)->lb;

	if (!id)
		return NULL;
	if (!strcmp(id, "load_balancer.pop_pools"))
		return &lb->pop_pools;
	if (!strcmp(id, "load_balancer.region_pools"))
		return &lb->region_pools;
	if (!strcmp(id, "load_balancer.country_pools"))
		return &lb->country_pools;
	return NULL;
}
