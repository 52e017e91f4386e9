/* accounts_pane.c: the account picker's list: the accounts the credentials see, the current one marked. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/pane.h"
#include "ui/ui.h"

enum { COL_MARK, COL_NAME, COL_GAP, COL_ID };

/* " * name  id": ids are 32 hex characters (and a space), names get the
 * rest; an empty column makes the gap before the id two spaces wide. The
 * mark and the gap are not searched: the filter is a name or id
 * substring. */
static const struct pane_col accounts_cols[] = {
	[COL_MARK] = { .title = "",
		       .width = 2,
		       .right = true,
		       .unfiltered = true },
	[COL_NAME] = { .title = "NAME", .width = 8, .flex = true },
	[COL_GAP] = { .title = "", .width = 0, .unfiltered = true },
	[COL_ID] = { .title = "ID", .width = 33 },
};

/* The picker's accounts, in the order the API listed them. */
static size_t
accounts_collect(const struct pane *p, const struct store_snapshot *snap,
		 const void ***objs)
{
	const struct ui_picker *pk = p->rows_src;
	size_t i, n = pk ? pk->n : 0;

	(void)snap;
	*objs = calloc(n ? n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
	for (i = 0; i < n; i++)
		(*objs)[i] = &pk->items[i];
	return n;
}

static enum theme_role
accounts_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	      size_t size)
{
	const struct ui_picker *pk = p->rows_src;
	const struct ui_account *a = obj;

	switch (col) {
	case COL_MARK:
		snprintf(buf, size, "%s",
			 pk && pk->current && !strcmp(pk->current, a->id) ? "*"
									  : "");
		return THEME_ROLE_DIALOG;
	case COL_NAME:
		snprintf(buf, size, "%s", a->name ? a->name : "-");
		return THEME_ROLE_DIALOG;
	case COL_ID:
		snprintf(buf, size, "%s", a->id);
		return THEME_ROLE_DIM;
	default:
		return THEME_ROLE_DIALOG;
	}
}

static const char *
accounts_id(const void *obj)
{
	return ((const struct ui_account *)obj)->id;
}

static const char *
accounts_label(const void *obj)
{
	const struct ui_account *a = obj;

	return a->name ? a->name : a->id;
}

const struct pane_ops accounts_pane_ops = {
	.name = "accounts",
	.title = "Accounts",
	.cols = accounts_cols,
	.ncols = sizeof(accounts_cols) / sizeof(accounts_cols[0]),
	.collect = accounts_collect,
	.cell = accounts_cell,
	.id = accounts_id,
	.label = accounts_label,
	.base_role = THEME_ROLE_DIALOG,
};
