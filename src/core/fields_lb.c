/* fields_lb.c: the load balancer field table: hostname, pools (default, fallback, per PoP/region/country), steering, session affinity, TTL only when not proxied, and the rules between them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_json_edit.h"
#include "core/fields_impl.h"

#define LB(o) ((const struct cf_load_balancer *)(o))
#define LBW(o) ((struct cf_load_balancer *)(o))

/* ---- hostname ------------------------------------------------------------ */

/* A name without the zone gets it ("api" -> "api.example.com"). */
static char *
full_name(const char *t, const struct field_ctx *ctx)
{
	const char *zone = ctx ? ctx->zone : NULL;
	size_t n = strlen(t), z;
	char *out;

	if (!zone || !*zone || !*t)
		return strdup(t);
	z = strlen(zone);
	if (!strcasecmp(t, zone) ||
	    (n > z && t[n - z - 1] == '.' && !strcasecmp(t + n - z, zone)) ||
	    strchr(t, '.'))
		return strdup(t);
	out = malloc(n + z + 2);
	if (out)
		snprintf(out, n + z + 2, "%s.%s", t, zone);
	return out;
}

static bool
check_name(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	char *full = full_name(t, ctx);
	bool ok;

	(void)obj;
	if (!full)
		return false;
	ok = ctx && ctx->zone && *ctx->zone
		     ? valid_lb_name(full, ctx->zone, why, n)
		     : valid_hostname(full, true, false, why, n);
	free(full);
	return ok;
}

static bool
put_name(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	char *full = full_name(t, ctx);

	(void)f;
	if (!full)
		return false;
	free(LBW(obj)->name);
	LBW(obj)->name = full;
	return true;
}

/* ---- proxied and TTL ----------------------------------------------------- */

static bool
put_proxied(const struct field *f, void *obj, const char *t,
	    const struct field_ctx *ctx)
{
	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	/* A proxied load balancer has no TTL (the API ignores it). */
	if (LB(obj)->proxied)
		LBW(obj)->has_ttl = false;
	return true;
}

static bool
not_proxied(const void *obj, const struct field_ctx *ctx)
{
	(void)ctx;
	return !LB(obj)->proxied;
}

static bool
check_ttl(const void *obj, const char *t, const struct field_ctx *ctx,
	  char *why, size_t n)
{
	int v;

	(void)ctx;
	if (!*t)
		return true;
	return valid_int_text(t, "TTL", 1, 86400, &v, why, n) &&
	       valid_lb_ttl(true, v, LB(obj)->proxied, why, n);
}

/* ---- pools --------------------------------------------------------------- */

/* Every item an id: names are looked up first (ctx->pool_id). */
static bool
resolve_pools(const char *t, const struct field_ctx *ctx, struct cf_strv *out,
	      char *why, size_t n)
{
	size_t i;

	if (!fields_split_list(t, out)) {
		snprintf(why, n, "out of memory");
		return false;
	}
	for (i = 0; i < out->n; i++) {
		const char *id = NULL;

		if (!valid_object_id(out->v[i], NULL, 0) && ctx && ctx->pool_id)
			id = ctx->pool_id(out->v[i], ctx->ud);
		if (id) {
			char *d = strdup(id);

			if (!d) {
				cf_strv_free(out);
				return false;
			}
			free(out->v[i]);
			out->v[i] = d;
		}
		if (!valid_object_id(out->v[i], NULL, 0)) {
			snprintf(why, n,
				 "%s is neither a pool id nor a pool's "
				 "name",
				 out->v[i]);
			cf_strv_free(out);
			return false;
		}
	}
	return true;
}

static bool
check_pool_list(const void *obj, const char *t, const struct field_ctx *ctx,
		char *why, size_t n)
{
	struct cf_strv v;
	size_t i, j;
	bool ok = true;

	(void)obj;
	if (!resolve_pools(t, ctx, &v, why, n))
		return false;
	for (i = 0; i < v.n && ok; i++)
		for (j = 0; j < i && ok; j++)
			if (!strcmp(v.v[i], v.v[j])) {
				snprintf(why, n, "pool %s is listed twice",
					 fi_pool_name(ctx, v.v[i]));
				ok = false;
			}
	cf_strv_free(&v);
	return ok;
}

static bool
put_pool_list(const struct field *f, void *obj, const char *t,
	      const struct field_ctx *ctx)
{
	struct cf_strv v,
		*dst = (struct cf_strv *)(void *)((char *)obj + f->off);
	char why[VALID_WHY_MAX];

	if (!resolve_pools(t, ctx, &v, why, sizeof(why)))
		return false;
	cf_strv_free(dst);
	*dst = v;
	return true;
}

static void
show_default_pools(const struct field *f, const void *obj,
		   const struct field_ctx *ctx, enum field_style style,
		   const struct field_out *out)
{
	char b[1024];

	fi_pool_names(ctx, &LB(obj)->default_pools,
		      style == FIELD_LIST ? "," : ", ", b, sizeof(b));
	fi_emit(out, fi_key(f), b);
}

static bool
check_pool_ref(const void *obj, const char *t, const struct field_ctx *ctx,
	       char *why, size_t n)
{
	struct cf_strv v;
	bool ok;

	(void)obj;
	if (strchr(t, ',')) {
		snprintf(why, n, "the fallback is one pool");
		return false;
	}
	ok = resolve_pools(t, ctx, &v, why, n);
	if (ok)
		cf_strv_free(&v);
	return ok;
}

static bool
put_pool_ref(const struct field *f, void *obj, const char *t,
	     const struct field_ctx *ctx)
{
	struct cf_strv v;
	char why[VALID_WHY_MAX];
	bool ok;

	(void)f;
	if (!resolve_pools(t, ctx, &v, why, sizeof(why)))
		return false;
	ok = fi_set_str(&LBW(obj)->fallback_pool, v.n ? v.v[0] : NULL, true);
	cf_strv_free(&v);
	return ok;
}

static void
show_fallback(const struct field *f, const void *obj,
	      const struct field_ctx *ctx, enum field_style style,
	      const struct field_out *out)
{
	(void)style;
	fi_emit(out, fi_key(f),
		LB(obj)->fallback_pool
			? fi_pool_name(ctx, LB(obj)->fallback_pool)
			: NULL);
}

/* pop/region/country pools: "KEY=ID,ID; KEY2=ID" */
static struct cf_pool_map *
map_of(const struct field *f, const void *obj)
{
	return (struct cf_pool_map *)(void *)((char *)(uintptr_t)obj + f->off);
}

static char *
get_map(const struct field *f, const void *obj)
{
	return fields_map_text(map_of(f, obj));
}

static bool (*key_check(const struct field *f))(const char *, char *, size_t)
{
	if (!strcmp(f->name, "pop_pools"))
		return valid_pop_code;
	if (!strcmp(f->name, "region_pools"))
		return valid_region_code;
	return valid_country_code;
}

/* Parses and resolves a pool map; false with why. */
static bool
parse_pool_map(const struct field *f, const char *t,
	       const struct field_ctx *ctx, struct cf_pool_map *m, char *why,
	       size_t n)
{
	size_t i;

	if (!fields_parse_map(t, m, why, n))
		return false;
	for (i = 0; i < m->n; i++) {
		char *joined;
		struct cf_strv ids;

		if (!key_check(f)(m->e[i].key, why, n))
			goto bad;
		if (!m->e[i].pool_ids.n) {
			snprintf(why, n, "%s: give at least one pool",
				 m->e[i].key);
			goto bad;
		}
		joined = fields_join_list(&m->e[i].pool_ids, ",");
		if (!joined || !resolve_pools(joined, ctx, &ids, why, n)) {
			free(joined);
			goto bad;
		}
		free(joined);
		cf_strv_free(&m->e[i].pool_ids);
		m->e[i].pool_ids = ids;
	}
	return true;
bad:
	fields_map_free(m);
	return false;
}

static bool
put_map(const struct field *f, void *obj, const char *t,
	const struct field_ctx *ctx)
{
	struct cf_pool_map m;
	char why[VALID_WHY_MAX];

	if (!parse_pool_map(f, t, ctx, &m, why, sizeof(why)))
		return false;
	fields_map_free(map_of(f, obj));
	*map_of(f, obj) = m;
	return true;
}

/* "region pools WNAM: pool-a, pool-b", one line per key. */
static void
show_map(const struct field *f, const void *obj, const struct field_ctx *ctx,
	 enum field_style style, const struct field_out *out)
{
	const struct cf_pool_map *m = map_of(f, obj);
	char key[96], b[1024];
	size_t i;

	(void)style;
	if (!m->n) {
		fi_emit(out, fi_key(f), NULL);
		return;
	}
	for (i = 0; i < m->n; i++) {
		snprintf(key, sizeof(key), "%s %s", fi_key(f), m->e[i].key);
		fi_pool_names(ctx, &m->e[i].pool_ids, ", ", b, sizeof(b));
		fi_emit(out, key, b);
	}
}

/* ---- steering ------------------------------------------------------------ */

static const struct valid_choice *
steering_choices(const void *obj, size_t *n)
{
	(void)obj;
	*n = valid_nsteering_policies;
	return valid_steering_policies;
}

static void
show_steering(const struct field *f, const void *obj,
	      const struct field_ctx *ctx, enum field_style style,
	      const struct field_out *out)
{
	const char *s = LB(obj)->steering_policy;

	(void)ctx;
	if (s && *s)
		fi_emit(out, fi_key(f), s);
	else
		fi_emit(out, fi_key(f),
			style == FIELD_DETAIL ? "\"\" (off)" : "off");
}

/* random_steering: default weight and pool weights. */
static bool
put_random(const struct field *f, void *obj, const char *t,
	   const struct field_ctx *ctx)
{
	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	LBW(obj)->has_random_steering = true;
	return true;
}

static char *
get_weights(const struct field *f, const void *obj)
{
	const struct cf_load_balancer *lb = LB(obj);
	size_t i, len = 1;
	char *out, num[64];

	(void)f;
	for (i = 0; i < lb->rs_npool_weights; i++)
		len += strlen(lb->rs_pool_weights[i].pool_id) + 70;
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; i < lb->rs_npool_weights; i++) {
		fields_num_text(lb->rs_pool_weights[i].weight, num,
				sizeof(num));
		if (i)
			strcat(out, "; ");
		strcat(out, lb->rs_pool_weights[i].pool_id);
		strcat(out, "=");
		strcat(out, num);
	}
	return out;
}

/* Parses "POOL=0.5; POOL2=0.2" (pools by id or name). */
static bool
parse_weights(const char *t, const struct field_ctx *ctx,
	      struct cf_pool_weight **out, size_t *nout, char *why, size_t n)
{
	struct cf_pool_map m;
	struct cf_pool_weight *w;
	size_t i;

	*out = NULL;
	*nout = 0;
	if (!fields_parse_map(t, &m, why, n))
		return false;
	w = calloc(m.n + 1, sizeof(*w));
	if (!w) {
		fields_map_free(&m);
		return false;
	}
	for (i = 0; i < m.n; i++) {
		struct cf_strv ids;
		char *end = NULL;
		double v;

		if (m.e[i].pool_ids.n != 1) {
			snprintf(why, n, "%s: give one weight", m.e[i].key);
			goto bad;
		}
		v = strtod(m.e[i].pool_ids.v[0], &end);
		if (!end || *end || v < 0 || v > 1) {
			snprintf(why, n, "%s: a weight from 0 to 1",
				 m.e[i].key);
			goto bad;
		}
		if (!resolve_pools(m.e[i].key, ctx, &ids, why, n))
			goto bad;
		w[i].pool_id = ids.v[0];
		ids.v[0] = NULL;
		cf_strv_free(&ids);
		w[i].weight = v;
		*nout = i + 1;
	}
	fields_map_free(&m);
	*out = w;
	return true;
bad:
	for (i = 0; i < *nout; i++)
		free(w[i].pool_id);
	free(w);
	*nout = 0;
	fields_map_free(&m);
	return false;
}

static bool
check_weights(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	struct cf_pool_weight *w;
	size_t nw, i;

	(void)obj;
	if (!parse_weights(t, ctx, &w, &nw, why, n))
		return false;
	for (i = 0; i < nw; i++)
		free(w[i].pool_id);
	free(w);
	return true;
}

static bool
put_weights(const struct field *f, void *obj, const char *t,
	    const struct field_ctx *ctx)
{
	struct cf_load_balancer *lb = LBW(obj);
	struct cf_pool_weight *w;
	char why[VALID_WHY_MAX];
	size_t nw, i;

	(void)f;
	if (!parse_weights(t, ctx, &w, &nw, why, sizeof(why)))
		return false;
	for (i = 0; i < lb->rs_npool_weights; i++)
		free(lb->rs_pool_weights[i].pool_id);
	free(lb->rs_pool_weights);
	lb->rs_pool_weights = w;
	lb->rs_npool_weights = nw;
	lb->has_random_steering = true;
	return true;
}

static void
show_random(const struct field *f, const void *obj, const struct field_ctx *ctx,
	    enum field_style style, const struct field_out *out)
{
	const struct cf_load_balancer *lb = LB(obj);
	char key[300], v[64];
	size_t i;

	(void)f;
	(void)style;
	if (!lb->has_random_steering)
		return;
	fi_emit(out, "random default weight",
		fi_num(lb->rs_default_weight, v, sizeof(v)));
	for (i = 0; i < lb->rs_npool_weights; i++) {
		snprintf(key, sizeof(key), "random weight %s",
			 fi_pool_name(ctx, lb->rs_pool_weights[i].pool_id));
		fi_emit(out, key,
			fi_num(lb->rs_pool_weights[i].weight, v, sizeof(v)));
	}
}

static const struct valid_choice ls_modes[] = {
	{ "pop", "steer by the Cloudflare data centre that answers" },
	{ "resolver_ip", "steer by the resolver's (or ECS) location" },
};
static const struct valid_choice ls_ecs[] = {
	{ "always", "always use the EDNS client subnet when given" },
	{ "never", "never use it" },
	{ "proximity", "use it for proximity steering only" },
	{ "geo", "use it for geo steering only" },
};

/* ---- session affinity ---------------------------------------------------- */

static const struct valid_choice *
affinity_choices(const void *obj, size_t *n)
{
	(void)obj;
	*n = valid_nsession_affinities;
	return valid_session_affinities;
}

static bool
has_affinity(const void *obj, const struct field_ctx *ctx)
{
	const char *sa = LB(obj)->session_affinity;

	(void)ctx;
	return sa && *sa && strcmp(sa, "none");
}

static bool
put_affinity(const struct field *f, void *obj, const char *t,
	     const struct field_ctx *ctx)
{
	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	if (!*t || !strcmp(t, "none"))
		LBW(obj)->has_session_affinity_ttl = false;
	return true;
}

static void
show_affinity(const struct field *f, const void *obj,
	      const struct field_ctx *ctx, enum field_style style,
	      const struct field_out *out)
{
	const char *s = LB(obj)->session_affinity;

	(void)ctx;
	if (s && *s)
		fi_emit(out, fi_key(f), s);
	else
		fi_emit(out, fi_key(f),
			style == FIELD_DETAIL ? "\"\" (none)" : "none");
}

static bool
check_affinity_ttl(const void *obj, const char *t, const struct field_ctx *ctx,
		   char *why, size_t n)
{
	int v;

	(void)ctx;
	if (!*t)
		return true;
	return valid_int_text(t, "affinity TTL", 1, 604800, &v, why, n) &&
	       valid_session_affinity_ttl(LB(obj)->session_affinity, v, why, n);
}

static const struct valid_choice samesites[] = {
	{ "Auto", "Lax, or None when the connection is HTTPS-only" },
	{ "Lax", "sent with top-level navigations" },
	{ "None", "sent with every request (needs Secure)" },
	{ "Strict", "sent only with same-site requests" },
};
static const struct valid_choice secures[] = {
	{ "Auto", "Secure when the request is HTTPS" },
	{ "Always", "always Secure" },
	{ "Never", "never Secure" },
};
static const struct valid_choice failovers[] = {
	{ "none", "no zero-downtime failover" },
	{ "temporary",
	  "send a failed-over request elsewhere, keep the cookie" },
	{ "sticky", "move the session to the new origin" },
};

static bool
put_attr(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	LBW(obj)->has_session_affinity_attributes = true;
	return true;
}

static void
show_attr(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	if (LB(obj)->has_session_affinity_attributes)
		fi_show_generic(f, obj, ctx, style, out);
}

static bool
check_headers(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	struct cf_strv v;
	size_t i;
	bool ok = true;

	(void)obj;
	(void)ctx;
	if (!fields_split_list(t, &v))
		return false;
	for (i = 0; i < v.n && ok; i++) {
		if (strlen(v.v[i]) > 100 ||
		    strspn(v.v[i],
			   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
			   "QRSTUVWXYZ0123456789_-") != strlen(v.v[i])) {
			snprintf(why, n,
				 "header name \"%s\": 1-100 letters, "
				 "digits, _ and -",
				 v.v[i]);
			ok = false;
		}
	}
	cf_strv_free(&v);
	return ok;
}

static bool
check_rules(const void *obj, const char *t, const struct field_ctx *ctx,
	    char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	if (*t && cf_json_type(t) != CF_JSON_ARRAY) {
		snprintf(why, n, "rules is a JSON array of rule objects");
		return false;
	}
	return true;
}

/* The map fields check with their own key rules. */
static bool check_pop(const void *obj, const char *t,
		      const struct field_ctx *ctx, char *why, size_t n);
static bool check_region(const void *obj, const char *t,
			 const struct field_ctx *ctx, char *why, size_t n);
static bool check_country(const void *obj, const char *t,
			  const struct field_ctx *ctx, char *why, size_t n);

/* ---- life cycle ---------------------------------------------------------- */

static void
lb_init(void *o)
{
	cf_load_balancer_init(o);
}

static void
lb_free(void *o)
{
	cf_load_balancer_free(o);
}

static enum cf_status
lb_copy(void *d, const void *s)
{
	return cf_load_balancer_copy(d, s);
}

static enum cf_status
lb_decode(const char *json, void *out, struct cf_error *err)
{
	return cf_load_balancer_decode(json, out, err);
}

static char *
lb_encode(const void *o, unsigned mask)
{
	return cf_load_balancer_encode(o, mask);
}

static const char *
lb_id(const void *o)
{
	return LB(o)->id;
}

static const char *
lb_label(const void *o)
{
	return LB(o)->name && *LB(o)->name ? LB(o)->name
	       : LB(o)->id		   ? LB(o)->id
					   : "(new load balancer)";
}

static bool
listed(const struct cf_strv *v, const char *s)
{
	size_t i;

	for (i = 0; s && i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

static void
lb_rules(const void *obj, const struct field_ctx *ctx, struct plan_issues *out)
{
	const struct cf_load_balancer *lb = LB(obj);
	const char *sp = lb->steering_policy ? lb->steering_policy : "";
	const char *sa = lb->session_affinity ? lb->session_affinity : "";
	bool geo_pools =
		lb->pop_pools.n || lb->region_pools.n || lb->country_pools.n;

	(void)ctx;
	if (!lb->default_pools.n)
		plan_issue_add(out, false, "default_pools",
			       "give at least one default pool");
	if (!lb->fallback_pool || !*lb->fallback_pool)
		plan_issue_add(out, false, "fallback_pool",
			       "choose the fallback pool");
	if (lb->proxied && lb->has_ttl)
		plan_issue_add(out, false, "ttl",
			       "a proxied load balancer has no TTL (the API "
			       "ignores it)");
	if (*sa && strcmp(sa, "none") && !lb->proxied)
		plan_issue_add(out, false, "session_affinity",
			       "session affinity works on a proxied load "
			       "balancer only");
	if (geo_pools && *sp && strcmp(sp, "geo"))
		plan_issue_add(out, true, "steering_policy",
			       "steering \"%s\" uses default_pools only: the "
			       "pop/region/country pools are kept but not used "
			       "until steering is geo",
			       sp);
	if (lb->fallback_pool && lb->default_pools.n &&
	    !listed(&lb->default_pools, lb->fallback_pool))
		plan_issue_add(out, true, "fallback_pool",
			       "the fallback pool is not one of the default "
			       "pools");
	if (lb->pop_pools.n)
		plan_issue_add(out, true, "pop_pools",
			       "PoP pools need an Enterprise plan");
}

#define OFF(m) offsetof(struct cf_load_balancer, m)

static const struct field lb_fields[] = {
	{ .name = "id",
	  .column = "ID",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(id) },
	{ .name = "name",
	  .key = "hostname",
	  .label = "Hostname",
	  .column = "NAME",
	  .hint = "the name clients use, inside the zone (api or api.zone)",
	  .mask = CF_LB_F_NAME,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_STR,
	  .off = OFF(name),
	  .check = check_name,
	  .put = put_name },
	{ .name = "description",
	  .label = "Description",
	  .hint = "free text",
	  .mask = CF_LB_F_DESCRIPTION,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(description),
	  .maxlen = 1024 },
	{ .name = "enabled",
	  .label = "Enabled",
	  .column = "ENABLED",
	  .hint = "a disabled load balancer answers nothing",
	  .mask = CF_LB_F_ENABLED,
	  .kind = FIELD_BOOL,
	  .flags = FIELD_NO_CREATE,
	  .def = "on",
	  .store = FIELD_S_BOOL,
	  .off = OFF(enabled) },
	{ .name = "proxied",
	  .label = "Proxied",
	  .column = "PROXIED",
	  .hint = "through Cloudflare (orange cloud); then no TTL",
	  .mask = CF_LB_F_PROXIED,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(proxied),
	  .put = put_proxied },
	{ .name = "ttl",
	  .label = "TTL (s)",
	  .hint = "DNS TTL when not proxied: empty, 1 (automatic) or 30-86400",
	  .mask = CF_LB_F_TTL,
	  .kind = FIELD_NUMBER,
	  .store = FIELD_S_NUM,
	  .off = OFF(ttl),
	  .has_off = OFF(has_ttl),
	  .applies = not_proxied,
	  .check = check_ttl },
	{ .name = "default_pools",
	  .key = "default pools",
	  .label = "Default pools",
	  .column = "POOLS",
	  .hint = "in failover order; the first healthy one serves",
	  .mask = CF_LB_F_DEFAULT_POOLS,
	  .kind = FIELD_PICK,
	  .flags = FIELD_POOLS | FIELD_REQUIRED,
	  .store = FIELD_S_LIST,
	  .off = OFF(default_pools),
	  .check = check_pool_list,
	  .put = put_pool_list,
	  .show = show_default_pools },
	{ .name = "fallback_pool",
	  .key = "fallback pool",
	  .label = "Fallback pool",
	  .column = "FALLBACK",
	  .hint = "used when every other pool is down",
	  .mask = CF_LB_F_FALLBACK_POOL,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_POOLS | FIELD_REQUIRED,
	  .store = FIELD_S_OPT,
	  .off = OFF(fallback_pool),
	  .check = check_pool_ref,
	  .put = put_pool_ref,
	  .show = show_fallback },
	{ .name = "region_pools",
	  .key = "region pools",
	  .label = "Region pools",
	  .hint = "region code -> pools (WNAM=pool-a,pool-b; EEU=pool-c)",
	  .mask = CF_LB_F_REGION_POOLS,
	  .kind = FIELD_MAP,
	  .flags = FIELD_POOLS,
	  .off = OFF(region_pools),
	  .get = get_map,
	  .check = check_region,
	  .put = put_map,
	  .show = show_map },
	{ .name = "country_pools",
	  .key = "country pools",
	  .label = "Country pools",
	  .hint = "country code -> pools (US=pool-a)",
	  .mask = CF_LB_F_COUNTRY_POOLS,
	  .kind = FIELD_MAP,
	  .flags = FIELD_POOLS,
	  .off = OFF(country_pools),
	  .get = get_map,
	  .check = check_country,
	  .put = put_map,
	  .show = show_map },
	{ .name = "pop_pools",
	  .key = "pop pools",
	  .label = "PoP pools",
	  .hint = "PoP code -> pools (LAX=pool-a); Enterprise",
	  .mask = CF_LB_F_POP_POOLS,
	  .kind = FIELD_MAP,
	  .flags = FIELD_POOLS,
	  .off = OFF(pop_pools),
	  .get = get_map,
	  .check = check_pop,
	  .put = put_map,
	  .show = show_map },
	{ .name = "steering_policy",
	  .key = "steering policy",
	  .label = "Steering",
	  .column = "STEERING",
	  .hint = "how a pool is chosen",
	  .mask = CF_LB_F_STEERING_POLICY,
	  .kind = FIELD_CHOICE,
	  .choices_for = steering_choices,
	  .def = "",
	  .store = FIELD_S_STR,
	  .off = OFF(steering_policy),
	  .show = show_steering },
	{ .name = "random_steering.default_weight",
	  .label = "Random: default weight",
	  .hint = "0-1 in steps of 0.1: weight of pools not listed below",
	  .mask = CF_LB_F_RANDOM_STEERING,
	  .kind = FIELD_NUMBER,
	  .def = "1",
	  .store = FIELD_S_NUM,
	  .off = OFF(rs_default_weight),
	  .lo = 0,
	  .hi = 1,
	  .step = 0.1,
	  .put = put_random,
	  .show = show_random },
	{ .name = "random_steering.pool_weights",
	  .label = "Random: pool weights",
	  .hint = "pool -> weight 0-1 (pool-a=0.8; pool-b=0.2)",
	  .mask = CF_LB_F_RANDOM_STEERING,
	  .kind = FIELD_MAP,
	  .flags = FIELD_NO_DETAIL | FIELD_POOLS,
	  .get = get_weights,
	  .check = check_weights,
	  .put = put_weights },
	{ .name = "adaptive_routing.failover_across_pools",
	  .key = "adaptive failover",
	  .label = "Adaptive failover",
	  .hint = "retry a failed request on another pool (zero-downtime)",
	  .mask = CF_LB_F_ADAPTIVE_ROUTING,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(adaptive_failover_across_pools) },
	{ .name = "location_strategy.mode",
	  .key = "location mode",
	  .label = "Location mode",
	  .hint = "where a client is taken to be",
	  .mask = CF_LB_F_LOCATION_STRATEGY,
	  .kind = FIELD_CHOICE,
	  FI_CHOICES(ls_modes),
	  .def = "pop",
	  .store = FIELD_S_STR,
	  .off = OFF(ls_mode) },
	{ .name = "location_strategy.prefer_ecs",
	  .key = "location prefer ECS",
	  .label = "Prefer ECS",
	  .hint = "when to use the EDNS client subnet",
	  .mask = CF_LB_F_LOCATION_STRATEGY,
	  .kind = FIELD_CHOICE,
	  FI_CHOICES(ls_ecs),
	  .def = "proximity",
	  .store = FIELD_S_STR,
	  .off = OFF(ls_prefer_ecs) },
	{ .name = "session_affinity",
	  .key = "session affinity",
	  .label = "Session affinity",
	  .hint = "keep a client on one origin",
	  .mask = CF_LB_F_SESSION_AFFINITY,
	  .kind = FIELD_CHOICE,
	  .choices_for = affinity_choices,
	  .def = "",
	  .store = FIELD_S_STR,
	  .off = OFF(session_affinity),
	  .put = put_affinity,
	  .show = show_affinity },
	{ .name = "session_affinity_ttl",
	  .key = "session affinity ttl",
	  .label = "Affinity TTL (s)",
	  .hint = "cookie: 1800-604800, header: 30-3600; empty: the default",
	  .mask = CF_LB_F_SESSION_AFFINITY_TTL,
	  .kind = FIELD_NUMBER,
	  .store = FIELD_S_NUM,
	  .off = OFF(session_affinity_ttl),
	  .has_off = OFF(has_session_affinity_ttl),
	  .applies = has_affinity,
	  .check = check_affinity_ttl },
	{ .name = "session_affinity_attributes.samesite",
	  .key = "affinity samesite",
	  .label = "Cookie SameSite",
	  .hint = "the affinity cookie's SameSite",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_CHOICE,
	  FI_CHOICES(samesites),
	  .def = "Auto",
	  .store = FIELD_S_STR,
	  .off = OFF(sa_samesite),
	  .applies = has_affinity,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "session_affinity_attributes.secure",
	  .key = "affinity secure",
	  .label = "Cookie Secure",
	  .hint = "the affinity cookie's Secure attribute",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_CHOICE,
	  FI_CHOICES(secures),
	  .def = "Auto",
	  .store = FIELD_S_STR,
	  .off = OFF(sa_secure),
	  .applies = has_affinity,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "session_affinity_attributes.drain_duration",
	  .key = "affinity drain",
	  .label = "Drain (s)",
	  .hint = "seconds sessions keep a disabled origin; empty: none",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_NUMBER,
	  .store = FIELD_S_NUM,
	  .off = OFF(sa_drain_duration),
	  .has_off = OFF(sa_has_drain_duration),
	  .lo = 0,
	  .hi = 3600,
	  .applies = has_affinity,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "session_affinity_attributes.zero_downtime_failover",
	  .key = "zero-downtime failover",
	  .label = "Zero-downtime failover",
	  .hint = "what happens to a session when its origin fails",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_CHOICE,
	  FI_CHOICES(failovers),
	  .def = "none",
	  .store = FIELD_S_STR,
	  .off = OFF(sa_zero_downtime_failover),
	  .applies = has_affinity,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "session_affinity_attributes.headers",
	  .key = "affinity headers",
	  .label = "Affinity headers",
	  .hint = "header names that key a session (header affinity)",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_LIST,
	  .off = OFF(sa_headers),
	  .applies = has_affinity,
	  .check = check_headers,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "session_affinity_attributes.require_all_headers",
	  .key = "require all headers",
	  .label = "Require all headers",
	  .hint = "on: a session needs every header above",
	  .mask = CF_LB_F_SESSION_AFFINITY_ATTRIBUTES,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(sa_require_all_headers),
	  .applies = has_affinity,
	  .put = put_attr,
	  .show = show_attr },
	{ .name = "rules",
	  .label = "Rules (JSON)",
	  .hint = "beta: a JSON array of rules",
	  .mask = CF_LB_F_RULES,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(rules_json),
	  .check = check_rules },
	{ .name = "created_on",
	  .key = "created",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(created_on),
	  .show = fi_show_time },
	{ .name = "modified_on",
	  .key = "modified",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(modified_on),
	  .show = fi_show_time },
};

#undef OFF

static bool
check_map_named(const char *name, const char *t, const struct field_ctx *ctx,
		char *why, size_t n)
{
	const struct field *f = fields_find(FIELD_RES_LB, name, NULL);
	struct cf_pool_map m;

	if (!parse_pool_map(f, t, ctx, &m, why, n))
		return false;
	fields_map_free(&m);
	return true;
}

static bool
check_pop(const void *obj, const char *t, const struct field_ctx *ctx,
	  char *why, size_t n)
{
	(void)obj;
	return check_map_named("pop_pools", t, ctx, why, n);
}

static bool
check_region(const void *obj, const char *t, const struct field_ctx *ctx,
	     char *why, size_t n)
{
	(void)obj;
	return check_map_named("region_pools", t, ctx, why, n);
}

static bool
check_country(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	(void)obj;
	return check_map_named("country_pools", t, ctx, why, n);
}

static const char *const lb_ls[] = {
	"name",		 "enabled",	  "proxied", "steering_policy",
	"default_pools", "fallback_pool", "id",	     NULL
};

const struct field_table fields_lb_table = {
	.res = FIELD_RES_LB,
	.name = "load_balancer",
	.title = "load balancer",
	.v = lb_fields,
	.n = sizeof(lb_fields) / sizeof(lb_fields[0]),
	.size = sizeof(struct cf_load_balancer),
	.all = CF_LB_F_ALL,
	.ls = lb_ls,
	.init = lb_init,
	.free = lb_free,
	.copy = lb_copy,
	.decode = lb_decode,
	.encode = lb_encode,
	.id = lb_id,
	.label = lb_label,
	.rules = lb_rules,
};
