/* plan_known.c: a plan's names and picks checked against what the console has loaded (no network), as the user types. */
#include "cfconsole/plan.h"

#include <string.h>
#include <strings.h>

#include "cfconsole/store.h"

/* The id of zone `name` among the loaded zones, or NULL. */
static const char *
zone_id_of(const struct store_res *zones, const char *name)
{
	size_t i;

	for (i = 0; name && i < zones->n; i++) {
		const struct cf_zone *z = store_zone(zones, i);

		if (z->name && !strcasecmp(z->name, name))
			return z->id;
	}
	return NULL;
}

static bool
has_pool(const struct store_res *pools, const char *id)
{
	size_t i;

	for (i = 0; id && i < pools->n; i++) {
		const struct cf_pool *pl = store_pool(pools, i);

		if (pl->id && !strcmp(pl->id, id))
			return true;
	}
	return false;
}

static bool
has_monitor(const struct store_res *mons, const char *id)
{
	size_t i;

	for (i = 0; id && i < mons->n; i++) {
		const struct cf_monitor *m = store_monitor(mons, i);

		if (m->id && !strcmp(m->id, id))
			return true;
	}
	return false;
}

/* Is the scoped resource complete and about zone_id? */
static bool
loaded_for(const struct store_res *r, const char *zone_id)
{
	return zone_id && r->state == STORE_READY && r->scope_id &&
	       !strcmp(r->scope_id, zone_id);
}

bool
plan_check_store(const struct cf_plan *p, const struct store_snapshot *snap,
		 struct plan_issues *out)
{
	const struct store_res *zones = snap->res[STORE_ZONES];
	const struct store_res *pools = snap->res[STORE_POOLS];
	const struct store_res *mons = snap->res[STORE_MONITORS];
	const struct store_res *lbs = snap->res[STORE_LBS];
	const struct store_res *dns = snap->res[STORE_DNS];
	const char *zid = zone_id_of(zones, p->zone);
	size_t before = out->nerrors, i;

	if (zones->state == STORE_READY && p->zone && *p->zone && !zid)
		plan_issue_add(out, false, "zone",
			       "this account has no zone %s", p->zone);
	if (pools->state == STORE_READY) {
		if (p->pool_source == CF_PLAN_EXISTING && p->pool_id &&
		    !has_pool(pools, p->pool_id))
			plan_issue_add(out, false, "pool.existing",
				       "no pool with id %s in this account",
				       p->pool_id);
		for (i = 0; i < pools->n; i++)
			plan_check_pool_name(p, store_pool(pools, i), out);
	}
	if (mons->state == STORE_READY && p->pool_source == CF_PLAN_CREATE &&
	    p->monitor_source == CF_PLAN_EXISTING && p->monitor_id &&
	    !has_monitor(mons, p->monitor_id))
		plan_issue_add(out, false, "monitor.existing",
			       "no monitor with id %s in this account",
			       p->monitor_id);
	if (loaded_for(lbs, zid))
		for (i = 0; i < lbs->n; i++)
			plan_check_lb_name(p, store_lb(lbs, i), out);
	if (loaded_for(dns, zid))
		for (i = 0; i < dns->n; i++)
			plan_check_record(p, store_dns(dns, i), out);
	return out->nerrors == before;
}
