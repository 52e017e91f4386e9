/* toggle.c: safe read-modify-write of one origin (enable/disable/weight): conflict check, blast radius, PATCH, verify, journal, undo. */
#include "cfconsole/toggle.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfconsole/config.h"
#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/poollock.h"
#include "cfconsole/xmem.h"

/* ---- a tiny string builder ------------------------------------------- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t nc = (b->cap ? b->cap * 2 : 128);
		char *ns;

		while (nc < b->len + (size_t)n + 1)
			nc *= 2;
		ns = xrealloc(b->s, nc);
		b->s = ns;
		b->cap = nc;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Returns the built string (never NULL) and resets b. */
static char *
sb_take(struct sbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	memset(b, 0, sizeof(*b));
	return s;
}

const char *
toggle_outcome_name(enum toggle_outcome o)
{
	switch (o) {
	case TOGGLE_DONE:
		return "done";
	case TOGGLE_NOOP:
		return "noop";
	case TOGGLE_NEEDS_CONFIRM:
		return "needs_confirm";
	case TOGGLE_CONFLICT:
		return "conflict";
	case TOGGLE_NOT_FOUND:
		return "not_found";
	case TOGGLE_INVALID:
		return "invalid";
	case TOGGLE_READ_FAILED:
		return "read_failed";
	case TOGGLE_WRITE_FAILED:
		return "write_failed";
	case TOGGLE_VERIFY_FAILED:
		return "verify_failed";
	}
	return "unknown";
}

/* ---- diff ------------------------------------------------------------ */

static bool
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return (!a || !*a) && (!b || !*b);
	return strcmp(a, b) == 0;
}

static bool
num_eq(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static const char *
show(const char *s)
{
	return s ? s : "(none)";
}

static const char *
yesno(bool b)
{
	return b ? "true" : "false";
}

static void
diff_str(struct sbuf *b, const char *pfx, const char *what, const char *was,
	 const char *now)
{
	if (!str_eq(was, now))
		sb_printf(b, "%s%s: %s -> %s\n", pfx, what, show(was),
			  show(now));
}

static void
diff_bool(struct sbuf *b, const char *pfx, const char *what, bool was,
	  bool now)
{
	if (was != now)
		sb_printf(b, "%s%s: %s -> %s\n", pfx, what, yesno(was),
			  yesno(now));
}

static void
diff_num(struct sbuf *b, const char *pfx, const char *what, double was,
	 double now)
{
	if (!num_eq(was, now))
		sb_printf(b, "%s%s: %g -> %g\n", pfx, what, was, now);
}

static char *
strv_join(const struct cf_strv *v)
{
	struct sbuf b = {0};
	size_t i;

	for (i = 0; v && i < v->n; i++)
		sb_printf(&b, "%s%s", i ? "," : "", v->v[i] ? v->v[i] : "");
	return sb_take(&b);
}

static void
diff_strv(struct sbuf *b, const char *pfx, const char *what,
	  const struct cf_strv *was, const struct cf_strv *now)
{
	char *a = strv_join(was), *c = strv_join(now);

	if (strcmp(a, c) != 0)
		sb_printf(b, "%s%s: [%s] -> [%s]\n", pfx, what, a, c);
	free(a);
	free(c);
}

static const char *
origin_label(const struct cf_origin *o)
{
	return o->name ? o->name : o->address ? o->address : "?";
}

/* Finds the origin of `p` that corresponds to `o` (by name, else address). */
static int
match_origin(const struct cf_pool *p, const struct cf_origin *o)
{
	size_t i;

	for (i = 0; i < p->norigins; i++) {
		const struct cf_origin *c = &p->origins[i];

		if (o->name ? (c->name && strcmp(c->name, o->name) == 0)
			    : (!c->name && str_eq(c->address, o->address)))
			return (int)i;
	}
	return -1;
}

static void
diff_origin(struct sbuf *b, const struct cf_origin *was,
	    const struct cf_origin *now)
{
	char pfx[300];

	snprintf(pfx, sizeof(pfx), "origin %s: ", origin_label(was));
	diff_str(b, pfx, "address", was->address, now->address);
	diff_bool(b, pfx, "enabled", was->enabled, now->enabled);
	diff_num(b, pfx, "weight", was->weight, now->weight);
	diff_strv(b, pfx, "Host header", &was->header_host, &now->header_host);
	diff_str(b, pfx, "virtual_network_id", was->virtual_network_id,
		 now->virtual_network_id);
}

char *
toggle_pool_diff(const struct cf_pool *was, const struct cf_pool *now,
		 unsigned flags)
{
	struct sbuf b = {0};
	const char *pp = "pool ";
	size_t i;
	int last = -1;
	bool reordered = false;

	if (!was || !now)
		return xstrdup("pool missing");
	diff_str(&b, pp, "id", was->id, now->id);
	diff_str(&b, pp, "name", was->name, now->name);
	diff_str(&b, pp, "description", was->description, now->description);
	diff_bool(&b, pp, "enabled", was->enabled, now->enabled);
	diff_num(&b, pp, "minimum_origins", was->minimum_origins,
		 now->minimum_origins);
	diff_str(&b, pp, "monitor", was->monitor, now->monitor);
	diff_str(&b, pp, "origin_steering_policy", was->origin_steering_policy,
		 now->origin_steering_policy);
	diff_str(&b, pp, "notification_email", was->notification_email,
		 now->notification_email);
	if (was->has_check_regions != now->has_check_regions)
		sb_printf(&b, "pool check_regions: %s -> %s\n",
			  was->has_check_regions ? "set" : "all",
			  now->has_check_regions ? "set" : "all");
	diff_strv(&b, pp, "check_regions", &was->check_regions,
		  &now->check_regions);
	diff_num(&b, pp, "load_shedding.default_percent",
		 was->ls_default_percent, now->ls_default_percent);
	diff_num(&b, pp, "load_shedding.session_percent",
		 was->ls_session_percent, now->ls_session_percent);
	diff_str(&b, pp, "load_shedding.default_policy",
		 was->ls_default_policy, now->ls_default_policy);
	diff_str(&b, pp, "load_shedding.session_policy",
		 was->ls_session_policy, now->ls_session_policy);
	if (was->has_latitude != now->has_latitude ||
	    (was->has_latitude && !num_eq(was->latitude, now->latitude)) ||
	    was->has_longitude != now->has_longitude ||
	    (was->has_longitude && !num_eq(was->longitude, now->longitude)))
		sb_printf(&b, "pool latitude/longitude changed\n");

	for (i = 0; i < was->norigins; i++) {
		int k = match_origin(now, &was->origins[i]);

		if (k < 0) {
			sb_printf(&b, "origin %s (%s) removed\n",
				  origin_label(&was->origins[i]),
				  show(was->origins[i].address));
			continue;
		}
		if (k < last)
			reordered = true;
		last = k;
		diff_origin(&b, &was->origins[i], &now->origins[k]);
	}
	for (i = 0; i < now->norigins; i++)
		if (match_origin(was, &now->origins[i]) < 0)
			sb_printf(&b, "origin %s (%s) added\n",
				  origin_label(&now->origins[i]),
				  show(now->origins[i].address));
	if (reordered)
		sb_printf(&b, "origin order changed\n");
	if (b.len == 0 && !(flags & TOGGLE_DIFF_IGNORE_MODIFIED) &&
	    was->modified_on && now->modified_on &&
	    strcmp(was->modified_on, now->modified_on) != 0)
		sb_printf(&b,
			  "pool modified elsewhere at %s (in fields this "
			  "console does not show)\n",
			  now->modified_on);
	if (b.len == 0) {
		free(b.s);
		return NULL;
	}
	/* Drop the final newline: callers add their own framing. */
	b.s[--b.len] = '\0';
	return b.s;
}

int
toggle_find_origin(const struct cf_pool *p, const char *name_or_address)
{
	size_t i;
	int found = -1;

	if (!p || !name_or_address)
		return -1;
	for (i = 0; i < p->norigins; i++)
		if (p->origins[i].name &&
		    strcmp(p->origins[i].name, name_or_address) == 0)
			return (int)i;
	for (i = 0; i < p->norigins; i++) {
		if (p->origins[i].address &&
		    strcasecmp(p->origins[i].address, name_or_address) == 0) {
			if (found >= 0)
				return -2;
			found = (int)i;
		}
	}
	return found;
}

/* ---- blast radius ---------------------------------------------------- */

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
			return pools->items[i].name ? pools->items[i].name
						    : id;
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
	return str_eq(lb->fallback_pool, pool_id) ||
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
	out->is_fallback = str_eq(lb->fallback_pool, pool_id);
	for (i = 0; i < lb->default_pools.n; i++) {
		if (!str_eq(lb->default_pools.v[i], pool_id))
			continue;
		if (i + 1 < lb->default_pools.n) {
			out->failover_to = xstrdup(
				pool_name_of(pools, lb->default_pools.v[i + 1]));
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
		if (str_eq(b->lbs[i].lb_id, lb_id))
			return true;
	return false;
}

/* One origin change: enabled -1 keep / 0 off / 1 on; weight if has_weight. */
struct change {
	int enabled;
	bool has_weight;
	double weight;
};

static struct change
change_of(enum toggle_op op, double weight, enum toggle_set en, bool set_w)
{
	struct change c = { -1, false, 0 };

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
		c.enabled = en == TOGGLE_SET_ON ? 1 : en == TOGGLE_SET_OFF ? 0 : -1;
		c.has_weight = set_w;
		c.weight = weight;
		break;
	}
	return c;
}

static void
values_after(const struct cf_origin *o, const struct change *ch, bool *en,
	     double *w)
{
	*en = ch->enabled < 0 ? o->enabled : ch->enabled == 1;
	*w = ch->has_weight ? ch->weight : o->weight;
}

/* Does the change take serving capacity away (disable, or weight to 0)? */
static bool
change_reduces(const struct cf_origin *o, const struct change *ch)
{
	bool en;
	double w;

	values_after(o, ch, &en, &w);
	return o->enabled && (!en || (o->weight > 0 && w <= 0));
}

static void blast_compute(const struct cf_pool *p, size_t idx,
			  const struct change *ch,
			  const struct cf_pool_health *h,
			  const struct cf_pool_reference_list *refs,
			  const struct cf_load_balancer_list *lbs,
			  const struct cf_pool_list *pools,
			  struct toggle_blast *out);

void
toggle_blast_compute(const struct cf_pool *p, size_t idx, enum toggle_op op,
		     double weight, const struct cf_pool_health *h,
		     const struct cf_pool_reference_list *refs,
		     const struct cf_load_balancer_list *lbs,
		     const struct cf_pool_list *pools, struct toggle_blast *out)
{
	struct change ch = change_of(op, weight, TOGGLE_KEEP,
				     op == TOGGLE_OP_EDIT);

	blast_compute(p, idx, &ch, h, refs, lbs, pools, out);
}

static void
blast_compute(const struct cf_pool *p, size_t idx, const struct change *ch,
	      const struct cf_pool_health *h,
	      const struct cf_pool_reference_list *refs,
	      const struct cf_load_balancer_list *lbs,
	      const struct cf_pool_list *pools, struct toggle_blast *out)
{
	struct sbuf sb = {0};
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
	out->origin = xstrdup(origin_label(target));
	out->minimum_origins = p->minimum_origins;
	minimum = p->minimum_origins > 0 ? (size_t)p->minimum_origins : 0;
	out->reduces = change_reduces(target, ch);
	out->health_known = h != NULL;
	out->lbs_known = refs || lbs;
	for (i = 0; i < p->norigins; i++) {
		const struct cf_origin *o = &p->origins[i];
		bool en_b = o->enabled, en_a = o->enabled;
		double w_b = o->weight, w_a = o->weight;
		enum health_state st = health_state_in(h, o->address);

		if (i == idx)
			values_after(o, ch, &en_a, &w_a);
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

		if (!str_eq(r->resource_type, "load_balancer") ||
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
	out->needs_typed = out->needs_confirm &&
			   (out->zero_healthy || !out->health_known ||
			    out->lb_fails_over);

	sb_printf(&sb, "%s %s (%s) in pool %s\n",
		  ch->has_weight || ch->enabled < 0 ? "edit"
		  : ch->enabled			 ? "enable"
						 : "disable",
		  origin_label(target), show(target->address), show(p->name));
	if (ch->has_weight)
		sb_printf(&sb, "weight %g -> %g\n", target->weight, ch->weight);
	if (ch->has_weight && ch->enabled >= 0)
		sb_printf(&sb, "enabled %s -> %s\n", yesno(target->enabled),
			  yesno(ch->enabled == 1));
	if (!out->reduces) {
		/* Capacity stays: the counts, warnings and load balancers
		 * of a disable would not be true here. */
		if (out->enabled_before != out->enabled_after)
			sb_printf(&sb, "enabled origins: %zu -> %zu\n",
				  out->enabled_before, out->enabled_after);
		goto done;
	}
	if (out->health_known)
		sb_printf(&sb,
			  "healthy enabled origins: %zu -> %zu "
			  "(minimum_origins %d); enabled: %zu -> %zu\n",
			  out->healthy_before, out->healthy_after,
			  p->minimum_origins, out->enabled_before,
			  out->enabled_after);
	else
		sb_printf(&sb,
			  "enabled origins: %zu -> %zu (minimum_origins %d)\n"
			  "health unknown: the pool's health could not be "
			  "read, so the healthy origins left cannot be "
			  "counted\n",
			  out->enabled_before, out->enabled_after,
			  p->minimum_origins);
	if (out->health_known && out->unknown_after)
		sb_printf(&sb, "%zu enabled origin(s) with unknown health, "
			       "not counted as healthy\n",
			  out->unknown_after);
	if (out->reduces && !cuts)
		sb_printf(&sb, "%s is unhealthy: taking it out leaves the "
			       "healthy origins as they are\n",
			  origin_label(target));
	if (cuts && out->zero_healthy)
		sb_printf(&sb, "WARNING: no healthy origin would be left in "
			       "this pool\n");
	else if (cuts && out->below_minimum)
		sb_printf(&sb,
			  "WARNING: the pool would %s below minimum_origins "
			  "(%zu < %d) and be considered unhealthy\n",
			  out->healthy_before < minimum ? "stay" : "drop",
			  out->healthy_after, p->minimum_origins);
	if (!out->nlbs)
		sb_printf(&sb, "load balancers using this pool: %s\n",
			  out->lbs_known ? "none" : "unknown");
	for (i = 0; i < out->nlbs; i++) {
		const struct toggle_lb_impact *im = &out->lbs[i];
		/* fails: the pool goes unhealthy; maybe: health unknown */
		bool fails = cuts && (out->below_minimum || out->zero_healthy);
		bool maybe = cuts && !out->health_known;

		if (!im->details_known)
			sb_printf(&sb, "load balancer %s uses this pool%s\n",
				  show(im->lb_name),
				  fails	  ? " and would fail over"
				  : maybe ? " and may fail over"
					  : "");
		else if (im->is_fallback)
			sb_printf(&sb,
				  "load balancer %s: this is its fallback "
				  "pool; %s\n",
				  show(im->lb_name),
				  fails	  ? "no pool left to fail over to"
				  : maybe ? "if it goes unhealthy, no pool is "
					    "left to fail over to"
					  : "still serving");
		else if (im->failover_to)
			sb_printf(&sb, "load balancer %s: %s pool %s\n",
				  show(im->lb_name),
				  fails	  ? "would fail over to"
				  : maybe ? "may fail over to"
					  : "can fail over to",
				  im->failover_to);
		else
			sb_printf(&sb,
				  "load balancer %s: no other pool to fail "
				  "over to\n",
				  show(im->lb_name));
	}
done:
	out->summary = sb_take(&sb);
	if (out->summary[0])
		out->summary[strlen(out->summary) - 1] = '\0';
}

/* ---- the toggle ------------------------------------------------------ */

void
toggle_result_free(struct toggle_result *res)
{
	if (!res)
		return;
	free(res->message);
	free(res->diff);
	toggle_blast_free(&res->blast);
	cf_pool_free(&res->before);
	cf_pool_free(&res->after);
	cf_error_clear(&res->err);
	free(res->request_method);
	free(res->request_path);
	free(res->request_body);
	memset(res, 0, sizeof(*res));
}

static enum toggle_outcome
finish(struct toggle_result *res, enum toggle_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum toggle_outcome
finish(struct toggle_result *res, enum toggle_outcome o, const char *fmt, ...)
{
	va_list ap;
	int n;

	res->outcome = o;
	free(res->message);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	res->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	res->message[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(res->message, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return o;
}

static const char *
errline(const struct cf_error *err, char *buf, size_t size)
{
	return cf_error_format(err, buf, size);
}

static const char *
action_name(const struct change *ch)
{
	if (ch->has_weight && ch->enabled < 0)
		return "origin.weight";
	if (ch->has_weight)
		return "origin.edit";
	return ch->enabled ? "origin.enable" : "origin.disable";
}

/* Does origin `o` already carry the requested values? */
static bool
origin_has(const struct cf_origin *o, const struct change *ch)
{
	return (ch->enabled < 0 || o->enabled == (ch->enabled == 1)) &&
	       (!ch->has_weight || num_eq(o->weight, ch->weight));
}

static void
apply_change(struct cf_origin *o, const struct change *ch)
{
	values_after(o, ch, &o->enabled, &o->weight);
}

struct journal_ctx {
	struct journal *journal;
	const char *account_id;
	const char *action;
	const char *origin;
	const char *body;
	bool undoable;
};

/* Appends one journal record for a PATCH that was sent; a journal failure
 * is added to the message (the change itself stands). */
static void
journal_patch(const struct journal_ctx *jc, struct toggle_result *res,
	      const struct cf_pool *before, const struct cf_pool *after)
{
	struct cf_journal_record r = {0};
	char path[512], errbuf[256];

	if (!jc->journal)
		return;
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 show(jc->account_id), show(before->id));
	r.kind = (char *)(uintptr_t) "pool";
	r.object_id = before->id;
	r.object_name = before->name;
	r.action = (char *)(uintptr_t)jc->action;
	r.origin = (char *)(uintptr_t)jc->origin;
	r.method = (char *)(uintptr_t) "PATCH";
	r.path = path;
	r.body = (char *)(uintptr_t)jc->body;
	r.before = before->raw;
	r.after = after && after->raw ? after->raw : NULL;
	r.outcome = (char *)(uintptr_t)toggle_outcome_name(res->outcome);
	r.message = res->message;
	if (!journal_append(jc->journal, &r,
			    jc->undoable && res->outcome == TOGGLE_DONE,
			    errbuf, sizeof(errbuf))) {
		struct sbuf m = {0};

		sb_printf(&m, "%s\n(journal: %s)", res->message, errbuf);
		free(res->message);
		res->message = sb_take(&m);
	}
}

/* Records in res the PATCH of `body` to pool_id that is (or would be) sent. */
static void
note_request(struct toggle_result *res, const char *account_id,
	     const char *pool_id, const char *body)
{
	struct sbuf b = {0};

	free(res->request_method);
	free(res->request_path);
	free(res->request_body);
	sb_printf(&b, "/accounts/%s/load_balancers/pools/%s", show(account_id),
		  show(pool_id));
	res->request_path = sb_take(&b);
	res->request_method = xstrdup("PATCH");
	res->request_body = xstrdup(body);
}

/*
 * Does pool `now` still carry the change to origin `origin` (name or
 * address) that `modified` asked for (its enabled and weight)? False
 * when the origin cannot be found in either.
 */
static bool
change_holds(const struct cf_pool *modified, const struct cf_pool *now,
	     const char *origin)
{
	int a = toggle_find_origin(modified, origin);
	int b = toggle_find_origin(now, origin);

	return a >= 0 && b >= 0 &&
	       modified->origins[a].enabled == now->origins[b].enabled &&
	       num_eq(modified->origins[a].weight, now->origins[b].weight);
}

/*
 * PATCHes `modified` (origins only), then verifies against it. `fresh` is
 * the pool before; `target_idx` the changed origin (or -1 for an undo).
 * Shared by toggle_run and toggle_undo_last.
 */
static enum toggle_outcome
patch_and_verify(struct cf_client *c, const char *account_id,
		 const struct cf_pool *fresh, const struct cf_pool *modified,
		 const char *what, const struct journal_ctx *jc,
		 struct toggle_result *res)
{
	struct cf_pool patched = {0}, reread = {0};
	struct cf_error err = {0}, err2 = {0};
	char e1[512], e2[512];
	char *body = cf_pool_encode(modified, CF_POOL_F_ORIGINS);
	struct journal_ctx j = *jc;
	enum toggle_outcome o;

	if (!body)
		xmem_fail("encoding a pool");
	j.body = body;
	note_request(res, account_id, fresh->id, body);
	if (cf_pool_patch(c, account_id, fresh->id, modified, CF_POOL_F_ORIGINS,
			  &patched, &err) != CF_OK) {
		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		/* A failed PATCH may still have reached the server (a dropped
		 * answer, a timeout): look before saying nothing changed. */
		if (cf_pool_get(c, account_id, fresh->id, &reread, &err2) !=
		    CF_OK) {
			res->applied = -1;
			errline(&err2, e2, sizeof(e2));
			o = finish(res, TOGGLE_WRITE_FAILED,
				   "%s: the PATCH failed (%s) and the pool "
				   "could not be re-read (%s): the change MAY "
				   "have been applied; check the pool before "
				   "retrying",
				   what, e1, e2);
		} else {
			char *d = toggle_pool_diff(modified, &reread,
						   TOGGLE_DIFF_IGNORE_MODIFIED);
			char *d0 = toggle_pool_diff(fresh, &reread,
						    TOGGLE_DIFF_IGNORE_MODIFIED);

			if (!d) {
				res->applied = 1;
				o = finish(res, TOGGLE_WRITE_FAILED,
					   "%s: the PATCH reported an error "
					   "(%s) but the pool shows the change "
					   "applied",
					   what, e1);
			} else if (!d0) {
				res->applied = 0;
				o = finish(res, TOGGLE_WRITE_FAILED,
					   "%s failed: %s; nothing was changed",
					   what, e1);
			} else {
				res->applied = -1;
				o = finish(res, TOGGLE_WRITE_FAILED,
					   "%s: the PATCH failed (%s) and the "
					   "pool now differs from before:\n%s",
					   what, e1, d0);
				res->diff = d0;
				d0 = NULL;
			}
			free(d);
			free(d0);
			cf_pool_free(&res->after);
			res->after = reread;
			memset(&reread, 0, sizeof(reread));
		}
		if (res->applied != 0)
			journal_patch(&j, res, fresh,
				      res->after.id ? &res->after : NULL);
		goto out;
	}
	res->applied = 1;
	if (cf_pool_get(c, account_id, fresh->id, &reread, &err2) != CF_OK) {
		errline(&err2, e2, sizeof(e2));
		cf_error_copy(&res->err, &err2);
		o = finish(res, TOGGLE_VERIFY_FAILED,
			   "%s: the PATCH succeeded but re-reading the pool "
			   "to verify failed (%s): the change is applied but "
			   "unverified",
			   what, e2);
		journal_patch(&j, res, fresh, &patched);
		goto out;
	}
	cf_pool_free(&res->after);
	res->after = reread;
	memset(&reread, 0, sizeof(reread));
	res->diff = toggle_pool_diff(modified, &res->after,
				     TOGGLE_DIFF_IGNORE_MODIFIED);
	if (res->diff && jc->origin &&
	    change_holds(modified, &res->after, jc->origin)) {
		/* Ours is there; someone else wrote other origins after. */
		o = finish(res, TOGGLE_DONE,
			   "%s: done (verified); the pool was also changed "
			   "by someone else meanwhile:\n%s",
			   what, res->diff);
	} else if (res->diff && jc->origin &&
		   change_holds(modified, &patched, jc->origin)) {
		/* The API answered the PATCH with our change in place, yet
		 * the pool read back has lost it: a write after ours. */
		o = finish(res, TOGGLE_VERIFY_FAILED,
			   "%s: the PATCH succeeded but the change was UNDONE "
			   "(most likely by someone else's write after ours); "
			   "the pool read back differs from what was "
			   "written:\n%s",
			   what, res->diff);
	} else if (res->diff) {
		o = finish(res, TOGGLE_VERIFY_FAILED,
			   "%s: the PATCH succeeded but the pool does not look "
			   "as expected afterwards:\n%s",
			   what, res->diff);
	} else {
		o = finish(res, TOGGLE_DONE, "%s: done (verified)", what);
	}
	journal_patch(&j, res, fresh, &res->after);
out:
	cf_pool_free(&patched);
	cf_pool_free(&reread);
	cf_error_clear(&err);
	cf_error_clear(&err2);
	free(body);
	return o;
}

/* Most zones an automatic LB lookup will list (one request each). */
#define LB_LOOKUP_MAX_ZONES 5

static bool
refs_name_lbs(const struct cf_pool_reference_list *refs)
{
	size_t i;

	for (i = 0; i < refs->n; i++)
		if (str_eq(refs->items[i].resource_type, "load_balancer"))
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
	struct cf_zone_list zones = {0};
	struct cf_error err = {0};
	size_t i;
	bool ok = false;

	if (cf_zones_list(c, account_id, NULL, &zones, &err) != CF_OK ||
	    zones.n > LB_LOOKUP_MAX_ZONES)
		goto out;
	for (i = 0; i < zones.n; i++) {
		struct cf_load_balancer_list l = {0};
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

/* Fetches what the blast radius needs; failures only reduce detail. */
static void
blast_for(struct cf_client *c, const struct toggle_request *req,
	  const struct cf_pool *fresh, size_t idx, const struct change *ch,
	  struct toggle_blast *out)
{
	struct cf_pool_health h = {0};
	struct cf_pool_reference_list refs = {0};
	struct cf_load_balancer_list lbs = {0};
	struct cf_pool_list pools = {0};
	struct cf_error err = {0};
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

static void
note_model(struct health_model *m, const struct toggle_result *res,
	   const char *pool_id, const char *origin)
{
	char *nl, line[512];

	if (!m || !res->message)
		return;
	snprintf(line, sizeof(line), "%s", res->message);
	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	health_model_note(m, pool_id, origin, line, time(NULL));
}

/*
 * Reads the pool once more right before the write: the blast radius took
 * requests since res->before was read, and the PATCH must replace the
 * array as it is now. A pool that changed meanwhile is a conflict (nothing
 * written). Returns TOGGLE_DONE to go on, with res->before the new read
 * and *idx the target in it; else the outcome to report.
 */
static enum toggle_outcome
reread_before_write(struct cf_client *c, const struct toggle_request *req,
		    struct toggle_result *res, int *idx)
{
	struct cf_pool now = {0};
	struct cf_error err = {0};
	char e1[512];
	char *d;

	if (cf_pool_get(c, req->account_id, res->before.id, &now, &err) !=
	    CF_OK) {
		enum toggle_outcome oc = err.status == CF_ERR_NOT_FOUND ?
						 TOGGLE_NOT_FOUND :
						 TOGGLE_READ_FAILED;

		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		cf_error_clear(&err);
		return finish(res, oc,
			      "could not read pool %s again before writing: "
			      "%s; nothing was changed",
			      show(res->before.name), e1);
	}
	d = toggle_pool_diff(&res->before, &now, 0);
	if (d) {
		free(res->diff);
		res->diff = d;
		cf_pool_free(&res->before);
		res->before = now;
		return finish(res, TOGGLE_CONFLICT,
			      "pool %s was changed by someone else while this "
			      "change was prepared; nothing was changed. "
			      "Differences:\n%s",
			      show(res->before.name), res->diff);
	}
	cf_pool_free(&res->before);
	res->before = now;
	*idx = toggle_find_origin(&res->before, req->origin);
	return TOGGLE_DONE;
}

/* Stops a dry run before the write: what would be sent, and the result. */
static enum toggle_outcome
dry_run_stop(const struct toggle_request *req, struct toggle_result *res,
	     const struct cf_pool *modified, const char *what)
{
	char *body = cf_pool_encode(modified, CF_POOL_F_ORIGINS);

	if (!body)
		xmem_fail("encoding a pool");
	note_request(res, req->account_id, res->before.id, body);
	free(body);
	cf_pool_free(&res->after);
	if (cf_pool_copy(&res->after, modified) != CF_OK)
		xmem_fail("copying a pool");
	res->dry_run = true;
	res->applied = 0;
	return finish(res, TOGGLE_NOOP,
		      "dry run: would %s (PATCH %s); nothing was sent", what,
		      res->request_path);
}

/* One read-modify-write; toggle_run holds the pool's lock around it. */
static enum toggle_outcome
toggle_run_once(struct cf_client *c, const struct toggle_request *req,
		struct toggle_result *res)
{
	struct cf_error err = {0};
	struct cf_pool modified = {0};
	char e1[512], what[600];
	int idx;
	const struct cf_origin *o;
	struct journal_ctx jc = {0};
	struct change ch;
	enum toggle_outcome out;
	unsigned long sent_at_read;

	memset(res, 0, sizeof(*res));
	if (!c || !req || !req->account_id || !req->seen || !req->origin ||
	    !req->seen->id)
		return finish(res, TOGGLE_INVALID,
			      "internal error: incomplete toggle request");
	if (req->readonly)
		return finish(res, TOGGLE_INVALID,
			      "read-only session: origin changes are "
			      "disabled (--readonly or profile readonly)");
	ch = change_of(req->op, req->weight, req->edit_enabled,
		       req->edit_weight);
	if (ch.has_weight &&
	    (!isfinite(ch.weight) || ch.weight < 0 || ch.weight > 1))
		return finish(res, TOGGLE_INVALID,
			      "weight must be a number from 0 to 1");
	if (!ch.has_weight && ch.enabled < 0)
		return finish(res, TOGGLE_INVALID,
			      "nothing to change: give a weight and/or "
			      "enabled");

	if (cf_pool_get(c, req->account_id, req->seen->id, &res->before,
			&err) != CF_OK) {
		enum toggle_outcome oc = err.status == CF_ERR_NOT_FOUND ?
						 TOGGLE_NOT_FOUND :
						 TOGGLE_READ_FAILED;

		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		cf_error_clear(&err);
		memset(&res->before, 0, sizeof(res->before));
		return finish(res, oc,
			      "could not read pool %s: %s; nothing was "
			      "changed",
			      show(req->seen->name), e1);
	}
	sent_at_read = cf_client_requests(c);
	res->diff = req->fresh_state ? NULL :
				       toggle_pool_diff(req->seen, &res->before, 0);
	if (res->diff)
		return finish(res, TOGGLE_CONFLICT,
			      "pool %s changed since it was shown; nothing was "
			      "changed. Refresh and try again. Differences:\n%s",
			      show(res->before.name), res->diff);
	idx = toggle_find_origin(&res->before, req->origin);
	if (idx == -2)
		return finish(res, TOGGLE_INVALID,
			      "address %s matches several origins of pool %s: "
			      "use the origin's name",
			      req->origin, show(res->before.name));
	if (idx < 0)
		return finish(res, TOGGLE_NOT_FOUND,
			      "pool %s has no origin named %s",
			      show(res->before.name), req->origin);
	o = &res->before.origins[idx];
	if (ch.has_weight && ch.enabled >= 0)
		snprintf(what, sizeof(what),
			 "%s origin %s in pool %s with weight %g",
			 ch.enabled ? "enable" : "disable", origin_label(o),
			 show(res->before.name), ch.weight);
	else if (ch.has_weight)
		snprintf(what, sizeof(what),
			 "set weight of origin %s in pool %s to %g",
			 origin_label(o), show(res->before.name), ch.weight);
	else
		snprintf(what, sizeof(what), "%s origin %s in pool %s",
			 ch.enabled ? "enable" : "disable", origin_label(o),
			 show(res->before.name));
	if (origin_has(o, &ch))
		return finish(res, TOGGLE_NOOP,
			      "origin %s in pool %s is already %s; nothing "
			      "to do",
			      origin_label(o), show(res->before.name),
			      ch.has_weight && ch.enabled < 0 ? "at that weight"
			      : ch.has_weight		      ? "so"
			      : ch.enabled		      ? "enabled"
							      : "disabled");

	if (change_reduces(o, &ch))
		blast_for(c, req, &res->before, (size_t)idx, &ch,
			  &res->blast);
	else
		blast_compute(&res->before, (size_t)idx, &ch, NULL, NULL, NULL,
			      NULL, &res->blast);
	if ((res->blast.needs_confirm ||
	     (req->confirm_always && change_reduces(o, &ch))) &&
	    !req->confirmed)
		return finish(res, TOGGLE_NEEDS_CONFIRM,
			      "%s needs confirmation:\n%s", what,
			      res->blast.summary);

	/* Requests went out since the read (the blast radius): read again,
	 * so that nothing but one round trip separates the GET that the
	 * PATCH is built from and the PATCH. */
	if (!req->dry_run && cf_client_requests(c) != sent_at_read) {
		out = reread_before_write(c, req, res, &idx);
		if (out != TOGGLE_DONE)
			return out;
		o = &res->before.origins[idx];
	}
	if (cf_pool_copy(&modified, &res->before) != CF_OK)
		xmem_fail("copying a pool");
	apply_change(&modified.origins[idx], &ch);
	if (req->dry_run) {
		out = dry_run_stop(req, res, &modified, what);
		cf_pool_free(&modified);
		return out;
	}
	jc.journal = req->journal;
	jc.account_id = req->account_id;
	jc.action = action_name(&ch);
	jc.origin = o->name ? o->name : o->address;
	jc.undoable = true;
	out = patch_and_verify(c, req->account_id, &res->before, &modified,
			       what, &jc, res);
	cf_pool_free(&modified);
	note_model(req->model, res, res->before.id, jc.origin);
	return out;
}

/* Longest wait for another writer of the same pool on this machine. */
#define TOGGLE_LOCK_WAIT_S 60.0

/*
 * Takes pool_id's lock (poollock.h) in dir (NULL: the default directory)
 * for client c's API and account_id. On failure fills res (zeroed) with
 * the outcome to report and returns NULL.
 */
static struct poollock *
lock_pool(struct cf_client *c, const char *dir, const char *account_id,
	  const char *pool_id, struct toggle_result *res)
{
	char scope[1024], msg[1024];
	char *d = dir ? xstrdup(dir) :
			poollock_default_dir(config_env_process, NULL);
	struct poollock *lock = NULL;
	enum poollock_status ls;

	snprintf(scope, sizeof(scope), "%s\n%s", cf_client_base_url(c),
		 account_id);
	ls = d ? poollock_acquire(d, scope, pool_id, TOGGLE_LOCK_WAIT_S, &lock,
				  msg, sizeof(msg))
	       : POOLLOCK_ERROR;
	if (ls != POOLLOCK_OK) {
		memset(res, 0, sizeof(*res));
		finish(res, ls == POOLLOCK_BUSY ? TOGGLE_CONFLICT
						: TOGGLE_INVALID,
		       "%s; nothing was changed%s",
		       d ? msg : "no directory for the pool lock (set "
				 "XDG_RUNTIME_DIR, XDG_STATE_HOME or HOME)",
		       ls == POOLLOCK_BUSY ? ": try again" : "");
	}
	free(d);
	return lock;
}

/*
 * Whether the attempt in res may be made again, afresh: the API answered
 * the PATCH with an error a retry can help with (429, 5xx) and the pool
 * shows it did not apply (applied 0), or (fresh_state) the pool changed
 * between our reads, by a writer elsewhere. A PATCH that got no answer at
 * all (timeout, dropped connection) is never retried: the server may still
 * act on it later, over a retry.
 */
static bool
retry_afresh(const struct toggle_request *req, const struct toggle_result *res)
{
	if (res->outcome == TOGGLE_WRITE_FAILED)
		return res->applied == 0 && res->err.retryable &&
		       res->err.http_status != 0;
	return res->outcome == TOGGLE_CONFLICT && req->fresh_state;
}

/* Is a a copy of journal record b? */
static bool
same_record(const struct cf_journal_record *a,
	    const struct cf_journal_record *b)
{
	return str_eq(a->time, b->time) && str_eq(a->action, b->action) &&
	       str_eq(a->origin, b->origin) && str_eq(a->before, b->before) &&
	       str_eq(a->after, b->after);
}

/* "HH:MM:SS" of an RFC 3339 time (the whole text if it is not one). */
static const char *
clock_of(const char *t, char *buf, size_t size)
{
	if (t && strlen(t) >= 19 && t[10] == 'T')
		snprintf(buf, size, "%.8s", t + 11);
	else
		snprintf(buf, size, "%s", show(t));
	return buf;
}

/*
 * Says who changed pool_id since `since` (RFC 3339): other cfconsole
 * sessions that wrote to the same journal file (this machine's), or,
 * when none did, something outside cfconsole.
 */
static void
who_else(struct journal *j, const char *pool_id, const char *since,
	 struct sbuf *b)
{
	struct journal_list l = {0};
	const char *self = journal_session_id(j);
	char err[256], hm[32];
	size_t i, n = 0;

	if (journal_read(journal_path(j), 1000, &l, err, sizeof(err))) {
		for (i = 0; i < l.n; i++) {
			const struct cf_journal_record *r = &l.items[i];

			if (since && r->time && strcmp(r->time, since) < 0)
				break; /* newest first: the rest is older */
			if (!str_eq(r->object_id, pool_id) ||
			    str_eq(r->session, self))
				continue;
			if (n < 3)
				sb_printf(b, "%s%s %s at %s (profile %s)",
					  n ? "; " : "another cfconsole: ",
					  show(r->action), show(r->origin),
					  clock_of(r->time, hm, sizeof(hm)),
					  show(r->profile));
			n++;
		}
	}
	journal_list_free(&l);
	if (n > 3)
		sb_printf(b, " and %zu more", n - 3);
	if (!n)
		sb_printf(b, "something outside this console (not in the "
			     "journal: the dashboard, the API, another tool)");
}

enum toggle_outcome
toggle_run(struct cf_client *c, const struct toggle_request *req,
	   struct toggle_result *res)
{
	enum toggle_outcome out;
	int attempt;

	/* Refusals before any request, and dry runs, need no lock. */
	if (!c || !req || !req->account_id || !req->seen || !req->seen->id ||
	    !req->origin || req->readonly || req->dry_run)
		return toggle_run_once(c, req, res);
	for (attempt = 1;; attempt++) {
		struct poollock *lock = lock_pool(c, req->lock_dir,
						  req->account_id,
						  req->seen->id, res);

		if (!lock) {
			out = res->outcome;
			break;
		}
		out = toggle_run_once(c, req, res);
		poollock_release(lock);
		res->attempts = attempt;
		/* Never the same PATCH again: a whole new read-modify-write,
		 * after the client's backoff, without the lock meanwhile. */
		if (!retry_afresh(req, res) ||
		    !cf_client_backoff(c, attempt, res->err.retry_after))
			break;
		toggle_result_free(res);
	}
	if (res->attempts > 1) {
		struct sbuf m = {0};

		sb_printf(&m, "%s\n(attempt %d: every earlier attempt left "
			      "the pool unchanged; each one read it afresh)",
			  res->message, res->attempts);
		free(res->message);
		res->message = sb_take(&m);
	}
	return out;
}

/* ---- undo ------------------------------------------------------------ */

static enum toggle_outcome
undo_last_once(struct cf_client *c, struct journal *j,
	       const char *account_id, struct health_model *model,
	       struct toggle_result *res)
{
	struct toggle_undo_request req = {0};

	req.account_id = account_id;
	req.journal = j;
	req.model = model;
	return toggle_undo(c, &req, res);
}

enum toggle_outcome
toggle_undo(struct cf_client *c, const struct toggle_undo_request *ureq,
	    struct toggle_result *res)
{
	struct cf_journal_record rec = {0};
	struct journal_list own = {0};
	const struct cf_journal_record *last = NULL, *later = NULL;
	struct cf_pool expected = {0}, target = {0}, mine = {0}, modified = {0};
	struct cf_error err = {0};
	struct journal_ctx jc = {0};
	struct toggle_request breq = {0};
	struct change ch = { -1, false, 0 };
	struct sbuf sb = {0};
	char e1[512], what[600], hm[32];
	const char *account_id = ureq ? ureq->account_id : NULL;
	struct journal *j = ureq ? ureq->journal : NULL;
	const struct cf_origin *now_o, *want, *back;
	enum toggle_outcome out;
	int k, ka, kb;
	size_t i;

	memset(res, 0, sizeof(*res));
	if (!c || !j || !account_id)
		return finish(res, TOGGLE_INVALID,
			      "internal error: incomplete undo request");
	if (!journal_peek_undo(j, &rec))
		return finish(res, TOGGLE_NOT_FOUND,
			      "nothing to undo in this session");
	snprintf(what, sizeof(what), "undo %s of origin %s in pool %s",
		 show(rec.action), show(rec.origin), show(rec.object_name));
	if (!rec.before || !rec.after || !rec.object_id || !rec.origin ||
	    cf_pool_decode(rec.after, &expected, &err) != CF_OK ||
	    cf_pool_decode(rec.before, &target, &err) != CF_OK) {
		out = finish(res, TOGGLE_INVALID,
			     "%s: the journal entry lacks a usable before/after "
			     "state",
			     what);
		goto out;
	}
	/* What this session last left the pool as: its newest record for
	 * the pool (a later undo, or rec itself). Records after rec are the
	 * session's own later changes. */
	if (!journal_session_records(j, rec.object_id, &own) || !own.n) {
		out = finish(res, TOGGLE_INVALID,
			     "%s: this session's journal records are not "
			     "available",
			     what);
		goto out;
	}
	last = &own.items[0];
	for (i = 0; i < own.n && !same_record(&own.items[i], &rec); i++)
		if (!later && str_eq(own.items[i].origin, rec.origin) &&
		    !str_eq(own.items[i].action, "undo"))
			later = &own.items[i];
	if (!last->after || cf_pool_decode(last->after, &mine, &err) != CF_OK) {
		out = finish(res, TOGGLE_CONFLICT,
			     "%s: refused, nothing was changed: what this "
			     "console's last change to the pool (%s of %s at "
			     "%s) left is unknown (it ended %s); r refreshes, "
			     "then check the pool",
			     what, show(last->action), show(last->origin),
			     clock_of(last->time, hm, sizeof(hm)),
			     show(last->outcome));
		goto out;
	}
	if (cf_pool_get(c, account_id, rec.object_id, &res->before, &err) !=
	    CF_OK) {
		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		memset(&res->before, 0, sizeof(res->before));
		out = finish(res,
			     err.status == CF_ERR_NOT_FOUND ? TOGGLE_NOT_FOUND
							    : TOGGLE_READ_FAILED,
			     "%s: could not read the pool: %s; nothing was "
			     "changed",
			     what, e1);
		goto out;
	}
	/* Anything that differs from what this session left is somebody
	 * else's (modified_on alone is not: it changes with every write,
	 * and only the fields compared can be overwritten). */
	res->diff = toggle_pool_diff(&mine, &res->before,
				     TOGGLE_DIFF_IGNORE_MODIFIED);
	if (res->diff) {
		who_else(j, rec.object_id, last->time, &sb);
		out = finish(res, TOGGLE_CONFLICT,
			     "%s: refused, nothing was changed. Pool %s "
			     "changed after this console's last change to it "
			     "(%s of %s at %s), by %s:\n%s",
			     what, show(rec.object_name), show(last->action),
			     show(last->origin),
			     clock_of(last->time, hm, sizeof(hm)), sb.s,
			     res->diff);
		goto out;
	}
	k = toggle_find_origin(&res->before, rec.origin);
	ka = toggle_find_origin(&expected, rec.origin);
	kb = toggle_find_origin(&target, rec.origin);
	if (k < 0 || ka < 0 || kb < 0) {
		out = finish(res, k < 0 ? TOGGLE_NOT_FOUND : TOGGLE_INVALID,
			     "%s: origin %s is not in %s; nothing was changed",
			     what, rec.origin,
			     k < 0 ? "the pool any more"
				   : "the journal entry's before/after");
		goto out;
	}
	now_o = &res->before.origins[k];
	want = &expected.origins[ka];
	back = &target.origins[kb];
	if (now_o->enabled != want->enabled ||
	    !num_eq(now_o->weight, want->weight)) {
		/* Nobody else touched the pool (checked above): this
		 * session changed the origin again, in a way it does not
		 * offer to undo (an unverified write, for one). */
		out = finish(res, TOGGLE_CONFLICT,
			     "%s: refused, nothing was changed: this console "
			     "changed %s again after that (%s at %s, %s), and "
			     "that change cannot be undone; set it by hand "
			     "(e) if needed",
			     what, rec.origin,
			     later ? show(later->action) : "a change",
			     later ? clock_of(later->time, hm, sizeof(hm))
				   : "?",
			     later ? show(later->outcome) : "?");
		goto out;
	}
	/* Only that origin's enabled and weight go back; everything else
	 * stays as read now. */
	if (now_o->enabled != back->enabled)
		ch.enabled = back->enabled ? 1 : 0;
	if (!num_eq(now_o->weight, back->weight)) {
		ch.has_weight = true;
		ch.weight = back->weight;
	}
	if (ch.enabled < 0 && !ch.has_weight) {
		journal_pop_undo(j);
		out = finish(res, TOGGLE_NOOP,
			     "%s: origin %s is already as it was before; "
			     "nothing to do",
			     what, rec.origin);
		goto out;
	}
	if (change_reduces(now_o, &ch)) {
		breq.account_id = account_id;
		blast_for(c, &breq, &res->before, (size_t)k, &ch, &res->blast);
		if ((res->blast.needs_confirm || ureq->confirm_always) &&
		    !(ureq->confirmed && str_eq(ureq->confirmed_origin,
						rec.origin))) {
			out = finish(res, TOGGLE_NEEDS_CONFIRM,
				     "%s needs confirmation:\n%s", what,
				     res->blast.summary);
			goto out;
		}
	} else {
		blast_compute(&res->before, (size_t)k, &ch, NULL, NULL, NULL,
			      NULL, &res->blast);
	}
	if (cf_pool_copy(&modified, &res->before) != CF_OK)
		xmem_fail("copying a pool");
	apply_change(&modified.origins[k], &ch);
	jc.journal = j;
	jc.account_id = account_id;
	jc.action = "undo";
	jc.origin = rec.origin;
	jc.undoable = false;
	out = patch_and_verify(c, account_id, &res->before, &modified, what,
			       &jc, res);
	if (out == TOGGLE_DONE)
		journal_pop_undo(j);
	note_model(ureq->model, res, rec.object_id, rec.origin);
out:
	free(sb.s);
	journal_list_free(&own);
	cf_journal_record_free(&rec);
	cf_pool_free(&expected);
	cf_pool_free(&target);
	cf_pool_free(&mine);
	cf_pool_free(&modified);
	cf_error_clear(&err);
	return out;
}

/* An undo is a read-modify-write too: under the pool's lock. */
enum toggle_outcome
toggle_undo_last(struct cf_client *c, struct journal *j,
		 const char *account_id, struct health_model *model,
		 struct toggle_result *res)
{
	struct cf_journal_record rec = {0};
	struct poollock *lock = NULL;
	enum toggle_outcome out;

	if (c && j && account_id && journal_peek_undo(j, &rec) &&
	    rec.object_id) {
		lock = lock_pool(c, NULL, account_id, rec.object_id, res);
		if (!lock) {
			cf_journal_record_free(&rec);
			return res->outcome;
		}
	}
	cf_journal_record_free(&rec);
	out = undo_last_once(c, j, account_id, model, res);
	poollock_release(lock);
	return out;
}
