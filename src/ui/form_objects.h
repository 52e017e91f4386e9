/* form_objects.h: the account's zones, pools and monitors from the store's snapshot given to a form's pickers (the wizard's and the resource forms'). */
#ifndef CFCONSOLE_UI_FORM_OBJECTS_H
#define CFCONSOLE_UI_FORM_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_models.h"
#include "cfconsole/form.h"

struct ui;

/* A monitor's name for pickers: its description, else what it checks. */
void form_objects_monitor_name(const struct cf_monitor *m, char *buf,
			       size_t size);

/*
 * Gives form f the zones, pools and monitors of ui's snapshot when its
 * generation differs from *gen (then updated). True when it did. UI
 * thread.
 */
bool form_objects_sync(struct ui *ui, struct form *f, unsigned long *gen);

#endif
