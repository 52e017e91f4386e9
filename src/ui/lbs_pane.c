/* lbs_pane.c: the Load balancers pane: the load balancers of one zone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/timefmt.h"
#include "ui/fmt.h"
#include "ui/pane.h"

enum { COL_NAME, COL_STATE, COL_PROXIED, COL_STEERING, COL_POOLS,
       COL_FALLBACK };

/* Spare width goes to FALLBACK (where traffic goes when all else fails),
 * then hostnames as long as they are (pane.h). */
static const struct pane_col lbs_cols[] = {
	[COL_NAME] = { .title = "HOSTNAME", .width = 24, .fit = true },
	[COL_STATE] = { .title = "STATE", .width = 8 },
	[COL_PROXIED] = { .title = "PROXY", .width = 5 },
	[COL_STEERING] = { .title = "STEERING", .width = 11 },
	[COL_POOLS] = { .title = "POOLS", .width = 5, .right = true,
			.numeric = true },
	[COL_FALLBACK] = { .title = "FALLBACK", .width = 16, .flex = true },
};

static size_t
lbs_collect(const struct pane *p, const struct store_snapshot *snap,
	    const void ***objs)
{
	const struct store_res *r = snap->res[STORE_LBS];
	size_t i, n = 0;

	*objs = calloc(r->n ? r->n : 1, sizeof(**objs));
	if (!*objs)
		line_oom();
	if (!p->scope_id || !r->scope_id || strcmp(p->scope_id, r->scope_id))
		return 0;
	for (i = 0; i < r->n; i++)
		(*objs)[n++] = store_lb(r, i);
	return n;
}

/* A pool's name when the pools are loaded, else its id. */
static const char *
pool_name(const struct store_snapshot *snap, const char *id)
{
	const struct cf_pool *pool = snap ? store_find_pool(snap, id) : NULL;

	return pool && pool->name ? pool->name : id;
}

static enum theme_role
lbs_cell(const struct pane *p, const void *obj, size_t col, char *buf,
	 size_t size)
{
	const struct cf_load_balancer *lb = obj;

	switch (col) {
	case COL_NAME:
		fmt_str(lb->name, buf, size);
		return lb->enabled ? THEME_ROLE_NORMAL : THEME_ROLE_DISABLED;
	case COL_STATE:
		fmt_str(lb->enabled ? "enabled" : "disabled", buf, size);
		return lb->enabled ? THEME_ROLE_HEALTHY : THEME_ROLE_DISABLED;
	case COL_PROXIED:
		fmt_str(lb->proxied ? "on" : "off", buf, size);
		return lb->proxied ? THEME_ROLE_PROXIED : THEME_ROLE_DIM;
	case COL_STEERING:
		fmt_str(lb->steering_policy && *lb->steering_policy
				? lb->steering_policy
				: "off",
			buf, size);
		break;
	case COL_POOLS:
		fmt_int((long)lb->default_pools.n, buf, size);
		break;
	case COL_FALLBACK:
		fmt_str(lb->fallback_pool ? pool_name(p->snap, lb->fallback_pool)
					  : "-",
			buf, size);
		break;
	}
	return THEME_ROLE_NORMAL;
}

static void
pool_ids_names(const struct store_snapshot *snap, const struct cf_strv *v,
	       char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	if (!v->n) {
		fmt_str("-", buf, size);
		return;
	}
	for (i = 0; i < v->n && len + 1 < size; i++) {
		int k = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				 pool_name(snap, v->v[i]));

		if (k < 0)
			break;
		len += (size_t)k;
	}
}

static void
pool_map_kv(struct lines *out, int w, const char *what,
	    const struct cf_pool_map *m, const struct store_snapshot *snap)
{
	char key[64], b[1024];
	size_t i;

	if (!m->n) {
		lines_add_kv(out, w, what, NULL);
		return;
	}
	for (i = 0; i < m->n; i++) {
		snprintf(key, sizeof(key), "%s %s", what, m->e[i].key);
		pool_ids_names(snap, &m->e[i].pool_ids, b, sizeof(b));
		lines_add_kv(out, w, key, b);
	}
}

static void
lbs_detail(const void *obj, const struct store_snapshot *snap,
	   struct lines *out)
{
	const struct cf_load_balancer *lb = obj;
	char tbuf[64];
	char b[1024];
	const int w = 22;
	size_t i;

	lines_add_kv(out, w, "id", lb->id);
	lines_add_kv(out, w, "hostname", lb->name);
	lines_add_kv(out, w, "description", lb->description);
	lines_add_kv(out, w, "enabled", fmt_bool(lb->enabled, b, sizeof(b)));
	lines_add_kv(out, w, "proxied", fmt_bool(lb->proxied, b, sizeof(b)));
	lines_add_kv(out, w, "ttl",
		     lb->has_ttl ? fmt_num(lb->ttl, b, sizeof(b)) : NULL);
	pool_ids_names(snap, &lb->default_pools, b, sizeof(b));
	lines_add_kv(out, w, "default pools", b);
	lines_add_kv(out, w, "fallback pool",
		     lb->fallback_pool ? pool_name(snap, lb->fallback_pool)
				       : NULL);
	pool_map_kv(out, w, "region pools", &lb->region_pools, snap);
	pool_map_kv(out, w, "country pools", &lb->country_pools, snap);
	pool_map_kv(out, w, "pop pools", &lb->pop_pools, snap);
	lines_add_kv(out, w, "steering policy",
		     lb->steering_policy && *lb->steering_policy
			     ? lb->steering_policy
			     : "\"\" (off)");
	if (lb->has_random_steering) {
		lines_add_kv(out, w, "random default weight",
			     fmt_num(lb->rs_default_weight, b, sizeof(b)));
		for (i = 0; i < lb->rs_npool_weights; i++) {
			char key[64], v[64];

			snprintf(key, sizeof(key), "random weight %s",
				 pool_name(snap, lb->rs_pool_weights[i].pool_id));
			lines_add_kv(out, w, key,
				     fmt_num(lb->rs_pool_weights[i].weight, v,
					     sizeof(v)));
		}
	}
	lines_add_kv(out, w, "adaptive failover",
		     fmt_bool(lb->adaptive_failover_across_pools, b,
			      sizeof(b)));
	lines_add_kv(out, w, "location mode", lb->ls_mode);
	lines_add_kv(out, w, "location prefer ECS", lb->ls_prefer_ecs);
	lines_add_kv(out, w, "session affinity",
		     lb->session_affinity && *lb->session_affinity
			     ? lb->session_affinity
			     : "\"\" (none)");
	lines_add_kv(out, w, "session affinity ttl",
		     lb->has_session_affinity_ttl
			     ? fmt_num(lb->session_affinity_ttl, b, sizeof(b))
			     : NULL);
	if (lb->has_session_affinity_attributes) {
		lines_add_kv(out, w, "affinity samesite", lb->sa_samesite);
		lines_add_kv(out, w, "affinity secure", lb->sa_secure);
		lines_add_kv(out, w, "affinity drain",
			     lb->sa_has_drain_duration
				     ? fmt_num(lb->sa_drain_duration, b,
					       sizeof(b))
				     : NULL);
		lines_add_kv(out, w, "zero-downtime failover",
			     lb->sa_zero_downtime_failover);
		lines_add_kv(out, w, "affinity headers",
			     fmt_strv(&lb->sa_headers, b, sizeof(b)));
		lines_add_kv(out, w, "require all headers",
			     fmt_bool(lb->sa_require_all_headers, b,
				      sizeof(b)));
	}
	lines_add_kv(out, w, "rules", lb->rules_json);
	lines_add_kv(out, w, "created",
		     timefmt_api(lb->created_on, NULL, tbuf, sizeof(tbuf)));
	lines_add_kv(out, w, "modified",
		     timefmt_api(lb->modified_on, NULL, tbuf, sizeof(tbuf)));
}

static const char *
lbs_raw(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->raw;
}

static const char *
lbs_id(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->id;
}

static const char *
lbs_label(const void *obj)
{
	return ((const struct cf_load_balancer *)obj)->name;
}

const struct pane_ops lbs_pane_ops = {
	.name = "lbs",
	.title = "Load balancers",
	.kind = STORE_LBS,
	.needs_scope = true,
	.cols = lbs_cols,
	.ncols = sizeof(lbs_cols) / sizeof(lbs_cols[0]),
	.collect = lbs_collect,
	.cell = lbs_cell,
	.detail = lbs_detail,
	.raw = lbs_raw,
	.id = lbs_id,
	.label = lbs_label,
};
