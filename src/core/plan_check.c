/* plan_check.c: the checks of a plan that need the API: the zone, picked ids, names already taken, and what already has the CNAME's name. */
#include "cfconsole/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_api.h"

/*
 * True when an earlier apply of this plan got as far as sending step
 * `name`: the object with that name may be its own, and the engine tells
 * them apart on resume (so "already exists" is no error then).
 */
static bool
has_state(const struct cf_plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++)
		if (p->steps[i].step && !strcmp(p->steps[i].step, name) &&
		    p->steps[i].status &&
		    strcmp(p->steps[i].status, "pending") &&
		    strcmp(p->steps[i].status, "rolled_back"))
			return true;
	return false;
}

/* Is ref (an id, not this plan's placeholder) among the pools? */
static bool
pool_known(const struct cf_pool_list *pools, const char *ref)
{
	size_t i;

	if (!ref || !strcmp(ref, CF_PLAN_POOL_REF))
		return true;
	for (i = 0; i < pools->n; i++)
		if (pools->items[i].id && !strcmp(pools->items[i].id, ref))
			return true;
	return false;
}

static void
check_lb_pools(const struct cf_plan *p, const struct cf_pool_list *pools,
	       struct plan_issues *out)
{
	const struct cf_load_balancer *lb = &p->lb;
	const struct cf_pool_map *maps[] = { &lb->pop_pools, &lb->region_pools,
					     &lb->country_pools };
	static const char *const names[] = { "pop_pools", "region_pools",
					     "country_pools" };
	size_t i, j, k;

	for (i = 0; i < lb->default_pools.n; i++)
		if (!pool_known(pools, lb->default_pools.v[i]))
			plan_issue_add(out, false,
				       "load_balancer.default_pools",
				       "no pool with id %s in this account",
				       lb->default_pools.v[i]);
	if (!pool_known(pools, lb->fallback_pool))
		plan_issue_add(out, false, "load_balancer.fallback_pool",
			       "no pool with id %s in this account",
			       lb->fallback_pool);
	for (k = 0; k < 3; k++)
		for (i = 0; i < maps[k]->n; i++)
			for (j = 0; j < maps[k]->e[i].pool_ids.n; j++)
				if (!pool_known(pools,
						maps[k]->e[i].pool_ids.v[j]))
					plan_issue_add(
						out, false,
						"load_balancer.pop_pools",
						"%s.%s: no pool with id %s in "
						"this account",
						names[k], maps[k]->e[i].key,
						maps[k]->e[i].pool_ids.v[j]);
}

void
plan_check_record(const struct cf_plan *p, const struct cf_dns_record *r,
		  struct plan_issues *out)
{
	/* A record with the LB's own name is shadowed by the LB (spec). */
	if (r->name && p->lb.name && !strcasecmp(r->name, p->lb.name) &&
	    !has_state(p, "load_balancer"))
		plan_issue_add(out, true, "load_balancer.name",
			       "%s has a %s record (id %s): the load balancer "
			       "takes precedence and the record will not be "
			       "used",
			       r->name, r->type ? r->type : "?",
			       r->id ? r->id : "?");
	if (p->cname_source != CF_PLAN_CREATE || !p->cname.name ||
	    has_state(p, "cname") || !r->name ||
	    strcasecmp(r->name, p->cname.name))
		return;
	if (r->type && (!strcmp(r->type, "A") || !strcmp(r->type, "AAAA") ||
			!strcmp(r->type, "CNAME"))) {
		bool same = !strcmp(r->type, "CNAME") && r->content &&
			    p->cname.content &&
			    !strcasecmp(r->content, p->cname.content);

		plan_issue_add(out, false, "cname.name",
			       "%s already exists: %s %s%s (id %s); "
			       "creating a CNAME there fails (81053): "
			       "rename the CNAME, skip it, or remove "
			       "that record first",
			       r->name, r->type, r->content ? r->content : "",
			       same ? ", the same target" : "",
			       r->id ? r->id : "?");
	} else if (r->type && !strcmp(r->type, "NS")) {
		plan_issue_add(out, false, "cname.name",
			       "%s is delegated (NS %s, id %s): a CNAME "
			       "there fails (81056)",
			       r->name, r->content ? r->content : "",
			       r->id ? r->id : "?");
	} else {
		plan_issue_add(out, true, "cname.name",
			       "%s also has a %s record (id %s): a CNAME "
			       "beside it is served instead of it",
			       r->name, r->type ? r->type : "?",
			       r->id ? r->id : "?");
	}
}

void
plan_check_pool_name(const struct cf_plan *p, const struct cf_pool *pool,
		     struct plan_issues *out)
{
	if (p->pool_source != CF_PLAN_CREATE || has_state(p, "pool") ||
	    !pool->name || !p->pool.name || strcmp(pool->name, p->pool.name))
		return;
	plan_issue_add(out, false, "pool.name",
		       "a pool named %s already exists (id %s): "
		       "pick it as the existing pool, or choose "
		       "another name",
		       p->pool.name, pool->id ? pool->id : "?");
}

void
plan_check_lb_name(const struct cf_plan *p, const struct cf_load_balancer *lb,
		   struct plan_issues *out)
{
	if (has_state(p, "load_balancer") || !lb->name || !p->lb.name ||
	    strcasecmp(lb->name, p->lb.name))
		return;
	plan_issue_add(out, false, "load_balancer.name",
		       "a load balancer named %s already exists "
		       "in %s (id %s)",
		       p->lb.name, p->zone ? p->zone : "the zone",
		       lb->id ? lb->id : "?");
}

enum cf_status
plan_check_online(struct cf_client *c, const char *account_id,
		  const struct cf_plan *p, struct plan_issues *out,
		  char **zone_id, struct cf_error *err)
{
	struct cf_zone_list zl = { 0 };
	struct cf_pool_list pools = { 0 };
	struct cf_load_balancer_list lbs = { 0 };
	struct cf_dns_record_list recs = { 0 };
	struct cf_monitor mon = { 0 };
	struct cf_dns_filter f = { 0 };
	const char *zid = NULL;
	enum cf_status st;
	size_t i;

	*zone_id = NULL;
	if (!p->zone || !*p->zone) {
		plan_issue_add(out, false, "zone", "choose a zone");
		return CF_OK;
	}
	st = cf_zones_list(c, account_id, p->zone, &zl, err);
	if (st)
		goto out;
	for (i = 0; i < zl.n; i++)
		if (zl.items[i].name && !strcasecmp(zl.items[i].name, p->zone))
			zid = zl.items[i].id;
	if (!zid) {
		plan_issue_add(out, false, "zone",
			       "this account has no zone %s", p->zone);
		goto out;
	}
	*zone_id = strdup(zid);
	if (p->monitor_source == CF_PLAN_EXISTING) {
		st = cf_monitor_get(c, account_id, p->monitor_id, &mon, err);
		if (st == CF_ERR_NOT_FOUND || err->http_status == 404) {
			plan_issue_add(out, false, "monitor.existing",
				       "no monitor with id %s in this account",
				       p->monitor_id);
			cf_error_clear(err);
			st = CF_OK;
		}
		cf_monitor_free(&mon);
		if (st)
			goto out;
	}
	st = cf_pools_list(c, account_id, NULL, &pools, err);
	if (st)
		goto out;
	if (p->pool_source == CF_PLAN_EXISTING &&
	    !pool_known(&pools, p->pool_id))
		plan_issue_add(out, false, "pool.existing",
			       "no pool with id %s in this account",
			       p->pool_id);
	for (i = 0; i < pools.n; i++)
		plan_check_pool_name(p, &pools.items[i], out);
	check_lb_pools(p, &pools, out);
	st = cf_lbs_list(c, zid, &lbs, err);
	if (st)
		goto out;
	for (i = 0; i < lbs.n; i++)
		plan_check_lb_name(p, &lbs.items[i], out);
	/* The records at the LB's name and at the CNAME's. */
	f.name = p->lb.name;
	st = cf_dns_list(c, zid, &f, &recs, err);
	if (st)
		goto out;
	for (i = 0; i < recs.n; i++)
		plan_check_record(p, &recs.items[i], out);
	cf_dns_record_list_free(&recs);
	if (p->cname_source == CF_PLAN_CREATE && p->cname.name &&
	    !has_state(p, "cname") &&
	    !(p->lb.name && !strcasecmp(p->lb.name, p->cname.name))) {
		struct cf_plan q = *p;

		f.name = p->cname.name;
		st = cf_dns_list(c, zid, &f, &recs, err);
		if (st)
			goto out;
		/* The LB-name warnings were given above. */
		q.lb.name = NULL;
		for (i = 0; i < recs.n; i++)
			plan_check_record(&q, &recs.items[i], out);
	}
out:
	cf_zone_list_free(&zl);
	cf_pool_list_free(&pools);
	cf_load_balancer_list_free(&lbs);
	cf_dns_record_list_free(&recs);
	if (st) {
		free(*zone_id);
		*zone_id = NULL;
	}
	return st;
}
