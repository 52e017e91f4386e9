/* blast.c: the blast radius of an origin change: capacity left, warnings, the load balancers that fail over. */
#include "core/blast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/health.h"
#include "cfconsole/xmem.h"
#include "core/text.h"

const char *
blast_origin_label(const struct cf_origin *o)
{
	return o->name ? o->name : o->address ? o->address : "?";
}

/* ---- what a change does ---------------------------------------------- */

void
toggle_blast_free(struct toggle_blast *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nlbs; i++) {
		free(b->lbs[i].lb_id);
		free(b->lbs[i].lb_name);
		free(b->lbs[i].failover_to);
	}
	free(b->lbs);
	free(b->summary);
	free(b->origin);
	memset(b, 0, sizeof(*b));
}

static const char *
pool_name_of(const struct cf_pool_list *pools, const char *id)
{
	size_t i;

	for (i = 0; pools && id && i < pools->n; i++)
		if (pools->items[i].id && strcmp(pools->items[i].id, id) == 0)
			return pools->items[i].name ? pools->items[i].name : id;
	return id;
}

static bool
strv_has(const struct cf_strv *v, const char *s)
{
	size_t i;

	for (i = 0; s && i < v->n; i++)
		if (v->v[i] && strcmp(v->v[i], s) == 0)
			return true;
	return false;
}

static bool
map_has(const struct cf_pool_map *m, const char *s)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strv_has(&m->e[i].pool_ids, s))
			return true;
	return false;
}

static bool
lb_uses_pool(const struct cf_load_balancer *lb, const char *pool_id)
{
	return text_eq(lb->fallback_pool, pool_id) ||
	       strv_has(&lb->default_pools, pool_id) ||
	       map_has(&lb->region_pools, pool_id) ||
	       map_has(&lb->country_pools, pool_id) ||
	       map_has(&lb->pop_pools, pool_id);
}

/* Where an LB sends traffic when this pool is unhealthy. */
static void
lb_failover(const struct cf_load_balancer *lb, const char *pool_id,
	    const struct cf_pool_list *pools, struct toggle_lb_impact *out)
{
	size_t i;

	out->details_known = true;
	out->is_fallback = text_eq(lb->fallback_pool, pool_id);
	for (i = 0; i < lb->default_pools.n; i++) {
		if (!text_eq(lb->default_pools.v[i], pool_id))
			continue;
		if (i + 1 < lb->default_pools.n) {
			out->failover_to = xstrdup(pool_name_of(
				pools, lb->default_pools.v[i + 1]));
			return;
		}
		break;
	}
	if (!out->is_fallback && lb->fallback_pool)
		out->failover_to =
			xstrdup(pool_name_of(pools, lb->fallback_pool));
}

static struct toggle_lb_impact *
add_impact(struct toggle_blast *b)
{
	struct toggle_lb_impact *n =
		xrealloc(b->lbs, (b->nlbs + 1) * sizeof(*b->lbs));

	b->lbs = n;
	memset(&n[b->nlbs], 0, sizeof(n[0]));
	return &n[b->nlbs++];
}

static bool
impact_has(const struct toggle_blast *b, const char *lb_id)
{
	size_t i;

	for (i = 0; i < b->nlbs; i++)
		if (text_eq(b->lbs[i].lb_id, lb_id))
			return true;
	return false;
}

struct blast_change
blast_change_of(enum toggle_op op, double weight, enum toggle_set en,
		bool set_w)
{
	struct blast_change c = { -1, false, 0 };

	switch (op) {
	case TOGGLE_OP_DISABLE:
		c.enabled = 0;
		break;
	case TOGGLE_OP_ENABLE:
		c.enabled = 1;
		break;
	case TOGGLE_OP_WEIGHT:
		c.has_weight = true;
		c.weight = weight;
		break;
	case TOGGLE_OP_EDIT:
		c.enabled = en == TOGGLE_SET_ON	   ? 1
			    : en == TOGGLE_SET_OFF ? 0
						   : -1;
		c.has_weight = set_w;
		c.weight = weight;
		break;
	}
	return c;
}

void
blast_values_after(const struct cf_origin *o, const struct blast_change *ch,
		   bool *en, double *w)
{
	*en = ch->enabled < 0 ? o->enabled : ch->enabled == 1;
	*w = ch->has_weight ? ch->weight : o->weight;
}

bool
blast_change_reduces(const struct cf_origin *o, const struct blast_change *ch)
{
	bool en;
	double w;

	blast_values_after(o, ch, &en, &w);
	return o->enabled && (!en || (o->weight > 0 && w <= 0));
}

void
toggle_blast_compute(const struct cf_pool *p, size_t idx, enum toggle_op op,
		     double weight, const struct cf_pool_health *h,
		     const struct cf_pool_reference_list *refs,
		     const struct cf_load_balancer_list *lbs,
		     const struct cf_pool_list *pools, struct toggle_blast *out)
{
	struct blast_change ch =
		blast_change_of(op, weight, TOGGLE_KEEP, op == TOGGLE_OP_EDIT);

	blast_compute(p, idx, &ch, h, refs, lbs, pools, out);
}

void
blast_compute(const struct cf_pool *p, size_t idx,
	      const struct blast_change *ch, const struct cf_pool_health *h,
	      const struct cf_pool_reference_list *refs,
	      const struct cf_load_balancer_list *lbs,
	      const struct cf_pool_list *pools, struct toggle_blast *out)
{
	struct text_buf sb = { 0 };
	size_t i;
	const struct cf_origin *target;
	size_t minimum;
	bool cuts, may_fail;

	memset(out, 0, sizeof(*out));
	if (!p || idx >= p->norigins) {
		out->summary = xstrdup("no such origin");
		return;
	}
	target = &p->origins[idx];
	out->origin = xstrdup(blast_origin_label(target));
	out->minimum_origins = p->minimum_origins;
	minimum = p->minimum_origins > 0 ? (size_t)p->minimum_origins : 0;
	out->reduces = blast_change_reduces(target, ch);
	out->health_known = h != NULL;
	out->lbs_known = refs || lbs;
	for (i = 0; i < p->norigins; i++) {
		const struct cf_origin *o = &p->origins[i];
		bool en_b = o->enabled, en_a = o->enabled;
		double w_b = o->weight, w_a = o->weight;
		enum health_state st = health_state_in(h, o->address);

		if (i == idx)
			blast_values_after(o, ch, &en_a, &w_a);
		out->enabled_before += en_b;
		out->enabled_after += en_a;
		out->healthy_before += en_b && w_b > 0 && st == HEALTH_HEALTHY;
		out->healthy_after += en_a && w_a > 0 && st == HEALTH_HEALTHY;
		out->unknown_after += en_a && st == HEALTH_UNKNOWN;
	}
	/* Without health nothing is claimed about healthy origins: neither
	 * "below minimum" nor "none left" would be known to be true. */
	if (out->health_known) {
		out->below_minimum = out->healthy_after < minimum;
		out->zero_healthy = out->healthy_after == 0;
	}
	/* Taking out an origin known to be unhealthy costs no healthy
	 * capacity; one whose health is unknown may. */
	cuts = out->reduces &&
	       (!out->health_known ||
		health_state_in(h, target->address) != HEALTH_UNHEALTHY);
	may_fail = cuts && (out->below_minimum || out->zero_healthy ||
			    !out->health_known);
	out->needs_confirm = may_fail;

	/* Load balancers: full details from the zone's LBs, names from the
	 * pool's references for the rest. */
	for (i = 0; lbs && i < lbs->n; i++) {
		const struct cf_load_balancer *lb = &lbs->items[i];
		struct toggle_lb_impact *im;

		if (!lb_uses_pool(lb, p->id))
			continue;
		im = add_impact(out);
		im->lb_id = xstrdup(lb->id);
		im->lb_name = xstrdup(lb->name);
		lb_failover(lb, p->id, pools, im);
	}
	for (i = 0; refs && i < refs->n; i++) {
		const struct cf_pool_reference *r = &refs->items[i];
		struct toggle_lb_impact *im;

		if (!text_eq(r->resource_type, "load_balancer") ||
		    impact_has(out, r->resource_id))
			continue;
		im = add_impact(out);
		im->lb_id = xstrdup(r->resource_id);
		im->lb_name = xstrdup(r->resource_name);
	}
	out->lb_fails_over = may_fail && (out->nlbs > 0 || !out->lbs_known);
	/* One key is enough to confirm a pool below its minimum that no
	 * load balancer uses; losing the last healthy origin, or sending
	 * traffic elsewhere, takes typing the origin's name. */
	out->needs_typed =
		out->needs_confirm &&
		(out->zero_healthy || !out->health_known || out->lb_fails_over);

	text_printf(&sb, "%s %s (%s) in pool %s\n",
		    ch->has_weight || ch->enabled < 0 ? "edit"
		    : ch->enabled		      ? "enable"
						      : "disable",
		    blast_origin_label(target), text_show(target->address),
		    text_show(p->name));
	if (ch->has_weight)
		text_printf(&sb, "weight %g -> %g\n", target->weight,
			    ch->weight);
	if (ch->has_weight && ch->enabled >= 0)
		text_printf(&sb, "enabled %s -> %s\n",
			    text_yesno(target->enabled),
			    text_yesno(ch->enabled == 1));
	if (!out->reduces) {
		/* Capacity stays: the counts, warnings and load balancers
		 * of a disable would not be true here. */
		if (out->enabled_before != out->enabled_after)
			text_printf(&sb, "enabled origins: %zu -> %zu\n",
				    out->enabled_before, out->enabled_after);
		goto done;
	}
	if (out->health_known)
		text_printf(&sb,
			    "healthy enabled origins: %zu -> %zu "
			    "(minimum_origins %d); enabled: %zu -> %zu\n",
			    out->healthy_before, out->healthy_after,
			    p->minimum_origins, out->enabled_before,
			    out->enabled_after);
	else
		text_printf(&sb,
			    "enabled origins: %zu -> %zu (minimum_origins %d)\n"
			    "health unknown: the pool's health could not be "
			    "read, so the healthy origins left cannot be "
			    "counted\n",
			    out->enabled_before, out->enabled_after,
			    p->minimum_origins);
	if (out->health_known && out->unknown_after)
		text_printf(&sb,
			    "%zu enabled origin(s) with unknown health, "
			    "not counted as healthy\n",
			    out->unknown_after);
	if (out->reduces && !cuts)
		text_printf(&sb,
			    "%s is unhealthy: taking it out leaves the "
			    "healthy origins as they are\n",
			    blast_origin_label(target));
	if (cuts && out->zero_healthy)
		text_printf(&sb, "WARNING: no healthy origin would be left in "
				 "this pool\n");
	else if (cuts && out->below_minimum)
		text_printf(&sb,
			    "WARNING: the pool would %s below minimum_origins "
			    "(%zu < %d) and be considered unhealthy\n",
			    out->healthy_before < minimum ? "stay" : "drop",
			    out->healthy_after, p->minimum_origins);
	if (!out->nlbs)
		text_printf(&sb, "load balancers using this pool: %s\n",
			    out->lbs_known ? "none" : "unknown");
	for (i = 0; i < out->nlbs; i++) {
		const struct toggle_lb_impact *im = &out->lbs[i];
		/* fails: the pool goes unhealthy; maybe: health unknown */
		bool fails = cuts && (out->below_minimum || out->zero_healthy);
		bool maybe = cuts && !out->health_known;

		if (!im->details_known)
			text_printf(&sb, "load balancer %s uses this pool%s\n",
				    text_show(im->lb_name),
				    fails   ? " and would fail over"
				    : maybe ? " and may fail over"
					    : "");
		else if (im->is_fallback)
			text_printf(
				&sb,
				"load balancer %s: this is its fallback "
				"pool; %s\n",
				text_show(im->lb_name),
				fails	? "no pool left to fail over to"
				: maybe ? "if it goes unhealthy, no pool is "
					  "left to fail over to"
					: "still serving");
		else if (im->failover_to)
			text_printf(&sb, "load balancer %s: %s pool %s\n",
				    text_show(im->lb_name),
				    fails   ? "would fail over to"
				    : maybe ? "may fail over to"
					    : "can fail over to",
				    im->failover_to);
		else
			text_printf(&sb,
				    "load balancer %s: no other pool to fail "
				    "over to\n",
				    text_show(im->lb_name));
	}
done:
	out->summary = text_take(&sb);
	if (out->summary[0])
		out->summary[strlen(out->summary) - 1] = '\0';
}

/* ---- reading what it needs -------------------------------------------- */

/* Most zones an automatic LB lookup will list (one request each). */
#define LB_LOOKUP_MAX_ZONES 5

static bool
refs_name_lbs(const struct cf_pool_reference_list *refs)
{
	size_t i;

	for (i = 0; i < refs->n; i++)
		if (text_eq(refs->items[i].resource_type, "load_balancer"))
			return true;
	return false;
}

/*
 * LBs are zone-scoped and references do not say which zone: when the
 * account is small, list every zone's LBs so the blast radius can say
 * where traffic fails over. Bounded so a big account pays nothing.
 */
static bool
find_lbs(struct cf_client *c, const char *account_id,
	 struct cf_load_balancer_list *out)
{
	struct cf_zone_list zones = { 0 };
	struct cf_error err = { 0 };
	size_t i;
	bool ok = false;

	if (cf_zones_list(c, account_id, NULL, &zones, &err) != CF_OK ||
	    zones.n > LB_LOOKUP_MAX_ZONES)
		goto out;
	for (i = 0; i < zones.n; i++) {
		struct cf_load_balancer_list l = { 0 };
		struct cf_load_balancer *n;

		if (cf_lbs_list(c, zones.items[i].id, &l, &err) != CF_OK)
			goto out;
		n = xrealloc(out->items,
			     (out->n + l.n + 1) * sizeof(*out->items));
		/* Move the items; only the emptied array is freed. */
		memcpy(&n[out->n], l.items, l.n * sizeof(*l.items));
		out->items = n;
		out->n += l.n;
		free(l.items);
	}
	ok = true;
out:
	cf_error_clear(&err);
	cf_zone_list_free(&zones);
	return ok;
}

void
blast_fetch(struct cf_client *c, const struct toggle_request *req,
	    const struct cf_pool *fresh, size_t idx,
	    const struct blast_change *ch, struct toggle_blast *out)
{
	struct cf_pool_health h = { 0 };
	struct cf_pool_reference_list refs = { 0 };
	struct cf_load_balancer_list lbs = { 0 };
	struct cf_pool_list pools = { 0 };
	struct cf_error err = { 0 };
	bool have_h, have_refs, have_lbs = false, have_pools = false;

	have_h = cf_pool_health_get(c, req->account_id, fresh->id, &h, &err) ==
		 CF_OK;
	cf_error_clear(&err);
	have_refs = cf_pool_references(c, req->account_id, fresh->id, &refs,
				       &err) == CF_OK;
	cf_error_clear(&err);
	if (req->zone_id) {
		have_lbs = cf_lbs_list(c, req->zone_id, &lbs, &err) == CF_OK;
		cf_error_clear(&err);
	} else if (have_refs && refs_name_lbs(&refs)) {
		have_lbs = find_lbs(c, req->account_id, &lbs);
	}
	if (have_lbs && lbs.n) {
		have_pools = cf_pools_list(c, req->account_id, NULL, &pools,
					   &err) == CF_OK;
		cf_error_clear(&err);
	}
	blast_compute(fresh, idx, ch, have_h ? &h : NULL,
		      have_refs ? &refs : NULL, have_lbs ? &lbs : NULL,
		      have_pools ? &pools : NULL, out);
	cf_pool_health_free(&h);
	cf_pool_reference_list_free(&refs);
	cf_load_balancer_list_free(&lbs);
	cf_pool_list_free(&pools);
}
