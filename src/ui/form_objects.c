/* form_objects.c: the snapshot's zones, pools and monitors for a form's pickers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "ui/form_objects.h"
#include "ui/ui.h"

void
form_objects_monitor_name(const struct cf_monitor *m, char *buf, size_t size)
{
	if (m->description && *m->description)
		snprintf(buf, size, "%s", m->description);
	else
		snprintf(buf, size, "%s %s %s", m->type ? m->type : "http",
			 m->method ? m->method : "", m->path ? m->path : "");
}

bool
form_objects_sync(struct ui *ui, struct form *f, unsigned long *gen)
{
	static const enum store_kind kinds[] = { STORE_ZONES, STORE_POOLS,
						 STORE_MONITORS };
	static const enum form_objects objs[] = { FORM_OBJ_ZONES,
						  FORM_OBJ_POOLS,
						  FORM_OBJ_MONITORS };
	size_t k, i;

	if (!f || *gen == ui->snap->generation)
		return false;
	*gen = ui->snap->generation;
	for (k = 0; k < 3; k++) {
		const struct store_res *r = ui->snap->res[kinds[k]];
		const char **ids = calloc(r->n + 1, sizeof(char *));
		char **names = calloc(r->n + 1, sizeof(char *));

		if (!ids || !names)
			line_oom();
		for (i = 0; i < r->n; i++) {
			char buf[512];

			if (kinds[k] == STORE_ZONES) {
				ids[i] = store_zone(r, i)->id;
				names[i] = xstrdup_or_empty(
					store_zone(r, i)->name);
			} else if (kinds[k] == STORE_POOLS) {
				ids[i] = store_pool(r, i)->id;
				names[i] = xstrdup_or_empty(
					store_pool(r, i)->name);
			} else {
				ids[i] = store_monitor(r, i)->id;
				form_objects_monitor_name(store_monitor(r, i),
							  buf, sizeof(buf));
				names[i] = xstrdup_or_empty(buf);
			}
			if (!ids[i])
				ids[i] = "";
		}
		form_set_objects(f, objs[k], ids, (const char *const *)names,
				 r->n);
		for (i = 0; i < r->n; i++)
			free(names[i]);
		free(names);
		free(ids);
	}
	return true;
}
