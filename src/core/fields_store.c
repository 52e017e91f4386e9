/* fields_store.c: a field context whose names come from a store snapshot (fields_store.h). */
#include "cfconsole/fields_store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const struct store_snapshot *
snap_of(void *ud)
{
	return ud;
}

static const char *
pool_name(const char *id, void *ud)
{
	const struct cf_pool *p =
		snap_of(ud) ? store_find_pool(snap_of(ud), id) : NULL;

	return p && p->name && *p->name ? p->name : NULL;
}

/* As the Pools pane always showed it: the description, else type and path. */
static const char *
monitor_name(const char *id, char *buf, size_t size, void *ud)
{
	const struct cf_monitor *m =
		snap_of(ud) ? store_find_monitor(snap_of(ud), id) : NULL;

	if (!m)
		return NULL;
	if (m->description && *m->description)
		snprintf(buf, size, "%s", m->description);
	else
		snprintf(buf, size, "%s %s", m->type ? m->type : "?",
			 m->path ? m->path : "");
	return buf;
}

/* The pools that use monitor id, ", "-joined. */
static const char *
used_by(enum field_res res, const char *id, char *buf, size_t size, void *ud)
{
	const struct store_res *pools =
		snap_of(ud) ? snap_of(ud)->res[STORE_POOLS] : NULL;
	size_t i, used = 0, len = 0;

	if (res != FIELD_RES_MONITOR || !pools || !size)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < pools->n && len + 1 < size; i++) {
		const struct cf_pool *p = store_pool(pools, i);
		int k;

		if (!p->monitor || strcmp(p->monitor, id))
			continue;
		k = snprintf(buf + len, size - len, "%s%s", used++ ? ", " : "",
			     p->name ? p->name : p->id);
		if (k > 0)
			len += (size_t)k;
	}
	return used ? buf : NULL;
}

void
fields_ctx_from_snapshot(struct field_ctx *ctx,
			 const struct store_snapshot *snap)
{
	const struct cf_zone *z = NULL;

	memset(ctx, 0, sizeof(*ctx));
	ctx->ud = (void *)(uintptr_t)snap;
	ctx->pool_name = pool_name;
	ctx->monitor_name = monitor_name;
	ctx->used_by = used_by;
	if (snap && snap->res[STORE_DNS])
		z = store_find_zone(snap, snap->res[STORE_DNS]->scope_id);
	ctx->zone = z ? z->name : NULL;
}
