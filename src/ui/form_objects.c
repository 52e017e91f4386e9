/* form_objects.c: the snapshot's zones, pools and monitors for a form's pickers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *
dup_name(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		line_oom();
	return d;
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
				names[i] = dup_name(store_zone(r, i)->name);
			} else if (kinds[k] == STORE_POOLS) {
				ids[i] = store_pool(r, i)->id;
				names[i] = dup_name(store_pool(r, i)->name);
			} else {
				ids[i] = store_monitor(r, i)->id;
				form_objects_monitor_name(store_monitor(r, i),
							  buf, sizeof(buf));
				names[i] = dup_name(buf);
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
