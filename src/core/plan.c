/* plan.c: the setup plan model: presets, whole-plan validation (fields and cross-field rules), engine steps and the request list. */
#include "cfconsole/plan.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_jsonw.h"
#include "cfconsole/cf_models.h"

/* ---- presets ------------------------------------------------------------ */

const struct valid_choice plan_presets[] = {
	{ "inference",
	  "AI inference endpoint: monitor, two origins, LB with LAX pinned, "
	  "proxied api.<zone> CNAME" },
	{ "empty", "API defaults only: fill in every step yourself" },
};
const size_t plan_npresets = sizeof(plan_presets) / sizeof(plan_presets[0]);

static char *
xdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = xdup(s);
}

static char *
in_zone(const char *label, const char *zone)
{
	size_t len;
	char *s;

	if (!zone || !*zone)
		return strdup("");
	len = strlen(label) + strlen(zone) + 2;
	s = malloc(len);
	if (s)
		snprintf(s, len, "%s.%s", label, zone);
	return s;
}

static bool
strv_set1(struct cf_strv *v, const char *s)
{
	cf_strv_free(v);
	v->v = calloc(1, sizeof(char *));
	if (!v->v)
		return false;
	v->v[0] = strdup(s);
	if (!v->v[0])
		return false;
	v->n = 1;
	return true;
}

static bool
add_origin(struct cf_pool *pl, const char *name)
{
	struct cf_origin *o =
		realloc(pl->origins, (pl->norigins + 1) * sizeof(*o));

	if (!o)
		return false;
	pl->origins = o;
	cf_origin_init(&o[pl->norigins]);
	o[pl->norigins].name = strdup(name);
	o[pl->norigins].address = strdup("");
	pl->norigins++;
	return o[pl->norigins - 1].name && o[pl->norigins - 1].address;
}

bool
plan_preset(const char *name, const char *zone, struct cf_plan *out)
{
	bool inference = name && !strcmp(name, "inference");
	struct cf_load_balancer *lb = &out->lb;
	bool ok = true;

	if (!inference && !(name && !strcmp(name, "empty")))
		return false;
	cf_plan_init(out);
	out->zone = strdup(zone ? zone : "");
	out->monitor_source = CF_PLAN_CREATE;
	out->pool_source = CF_PLAN_CREATE;
	ok = out->zone != NULL;
	if (!inference) {
		out->pool.name = strdup("");
		ok = ok && out->pool.name && add_origin(&out->pool, "origin-1");
		lb->name = strdup("");
		ok = ok && lb->name &&
		     strv_set1(&lb->default_pools, CF_PLAN_POOL_REF);
		lb->fallback_pool = strdup(CF_PLAN_POOL_REF);
		ok = ok && lb->fallback_pool;
		if (!ok)
			cf_plan_free(out);
		return ok;
	}
	out->description = strdup("AI inference endpoint");
	/* The monitor of the program, attached to the pool below. */
	set_str(&out->monitor.description, "AI inference health (GET /health)");
	set_str(&out->monitor.type, "http");
	set_str(&out->monitor.method, "GET");
	set_str(&out->monitor.path, "/health");
	set_str(&out->monitor.expected_codes, "200");
	out->monitor.timeout = 5;
	out->monitor.interval = 60;
	out->monitor.follow_redirects = false;
	out->monitor.allow_insecure = true;
	/* The pool: real addresses are the user's to give (validation asks). */
	out->pool.name = strdup("inference-pool");
	out->pool.description = strdup("AI inference origins");
	ok = ok && out->pool.name && out->pool.description &&
	     add_origin(&out->pool, "origin-1") &&
	     add_origin(&out->pool, "origin-2");
	/* The load balancer: ttl 30 of the program is left out, because a
	 * proxied load balancer ignores it. */
	lb->name = in_zone("inference-lb", zone);
	lb->description = strdup("AI inference endpoint");
	set_str(&lb->steering_policy, "off");
	lb->proxied = true;
	lb->enabled = true;
	ok = ok && lb->name && lb->description &&
	     strv_set1(&lb->default_pools, CF_PLAN_POOL_REF);
	lb->fallback_pool = strdup(CF_PLAN_POOL_REF);
	lb->pop_pools.e = calloc(1, sizeof(*lb->pop_pools.e));
	ok = ok && lb->fallback_pool && lb->pop_pools.e;
	if (ok) {
		lb->pop_pools.n = 1;
		lb->pop_pools.e[0].key = strdup("LAX");
		ok = lb->pop_pools.e[0].key &&
		     strv_set1(&lb->pop_pools.e[0].pool_ids, CF_PLAN_POOL_REF);
	}
	/* The prediction API's name, served through the load balancer. */
	out->cname_source = CF_PLAN_CREATE;
	out->cname.name = in_zone("api", zone);
	out->cname.content = xdup(lb->name);
	out->cname.proxied = true;
	out->cname.has_proxied = true;
	out->cname.ttl = 1;
	ok = ok && out->description && out->cname.name &&
	     (out->cname.content || !lb->name);
	if (!ok)
		cf_plan_free(out);
	return ok;
}

/* ---- issues ------------------------------------------------------------- */

void
plan_issues_free(struct plan_issues *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].field);
		free(l->v[i].message);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool
plan_issue_add(struct plan_issues *l, bool warning, const char *field,
	       const char *fmt, ...)
{
	struct plan_issue *nv = realloc(l->v, (l->n + 1) * sizeof(*nv));
	char msg[512];
	va_list ap;

	if (!nv)
		return false;
	l->v = nv;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nv[l->n].field = strdup(field ? field : "");
	nv[l->n].message = strdup(msg);
	nv[l->n].warning = warning;
	if (!nv[l->n].field || !nv[l->n].message) {
		free(nv[l->n].field);
		free(nv[l->n].message);
		return false;
	}
	l->n++;
	if (!warning)
		l->nerrors++;
	return true;
}

const struct plan_issue *
plan_issues_find(const struct plan_issues *l, const char *field)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!l->v[i].warning && !strcmp(l->v[i].field, field))
			return &l->v[i];
	return NULL;
}

/* ---- validation ----------------------------------------------------------- */

/* Records the reason of a failed validator against field. */
#define CHECK(l, field, call) \
	do { \
		char why_[VALID_WHY_MAX]; \
		if (!(call)) \
			plan_issue_add((l), false, (field), "%s", why_); \
	} while (0)
#define WHY why_, sizeof(why_)

static bool
empty(const char *s)
{
	return !s || !*s;
}

static void
check_monitor(const struct cf_plan *p, const struct plan_rules *rules,
	      struct plan_issues *l)
{
	const struct cf_monitor *m = &p->monitor;
	bool http = valid_monitor_is_http(m->type);
	size_t i;

	if (p->monitor_source == CF_PLAN_EXISTING) {
		CHECK(l, "monitor.existing",
		      valid_object_id(p->monitor_id, WHY));
		return;
	}
	/* An existing pool keeps the monitor it has. */
	if (p->monitor_source == CF_PLAN_SKIP &&
	    p->pool_source == CF_PLAN_EXISTING)
		return;
	if (p->monitor_source != CF_PLAN_CREATE) {
		plan_issue_add(l, false, "monitor",
			       "create a monitor or pick an existing one");
		return;
	}
	CHECK(l, "monitor.type", valid_monitor_type(m->type, WHY));
	CHECK(l, "monitor.method",
	      valid_monitor_method(m->type, m->method, WHY));
	if (http) {
		CHECK(l, "monitor.path", valid_path(m->path, WHY));
		CHECK(l, "monitor.expected_codes",
		      valid_expected_codes(m->expected_codes, m->type, WHY));
	} else if (!empty(m->expected_body)) {
		plan_issue_add(l, false, "monitor.expected_body",
			       "an expected body needs an http or https "
			       "monitor");
	}
	CHECK(l, "monitor.port", valid_port(m->port, WHY));
	if (m->port == 0 && m->type &&
	    (!strcmp(m->type, "tcp") || !strcmp(m->type, "udp_icmp") ||
	     !strcmp(m->type, "smtp")))
		plan_issue_add(l, false, "monitor.port",
			       "a %s monitor needs the port to probe", m->type);
	CHECK(l, "monitor.interval",
	      valid_interval(m->interval, rules ? rules->min_interval : 0,
			     WHY));
	CHECK(l, "monitor.timeout",
	      valid_timeout(m->timeout, m->interval, WHY));
	CHECK(l, "monitor.retries", valid_retries(m->retries, WHY));
	CHECK(l, "monitor.consecutive_up",
	      valid_consecutive(m->consecutive_up, "consecutive up", WHY));
	CHECK(l, "monitor.consecutive_down",
	      valid_consecutive(m->consecutive_down, "consecutive down", WHY));
	for (i = 0; i < m->header.n; i++) {
		const struct cf_header_entry *h = &m->header.e[i];

		if (!http) {
			plan_issue_add(l, false, "monitor.header",
				       "headers need an http or https monitor");
			break;
		}
		if (!strcasecmp(h->name, "User-Agent")) {
			plan_issue_add(l, false, "monitor.header",
				       "the User-Agent header cannot be "
				       "overridden");
			continue;
		}
		if (!strcasecmp(h->name, "Host")) {
			if (h->values.n != 1)
				plan_issue_add(l, false, "monitor.header.Host",
					       "give one Host header value");
			else
				CHECK(l, "monitor.header.Host",
				      valid_host_header(h->values.v[0], WHY));
		}
	}
	if (!empty(m->probe_zone) && !http)
		plan_issue_add(l, false, "monitor.probe_zone",
			       "probe zone needs an http or https monitor");
	if (!empty(m->probe_zone))
		CHECK(l, "monitor.probe_zone",
		      valid_hostname(m->probe_zone, true, false, WHY));
	if (m->description && strlen(m->description) > 1024)
		plan_issue_add(l, false, "monitor.description",
			       "description is longer than 1024 characters");
}

static void
check_pool(const struct cf_plan *p, struct plan_issues *l)
{
	const struct cf_pool *pl = &p->pool;
	size_t i, j, enabled = 0;

	if (p->pool_source == CF_PLAN_EXISTING) {
		CHECK(l, "pool.existing", valid_object_id(p->pool_id, WHY));
		if (p->monitor_source == CF_PLAN_CREATE)
			plan_issue_add(
				l, false, "monitor",
				"a new monitor needs a new pool to be "
				"attached to: an existing pool keeps its "
				"own monitor");
		return;
	}
	if (p->pool_source != CF_PLAN_CREATE) {
		plan_issue_add(l, false, "pool",
			       "create a pool or pick an existing one");
		return;
	}
	CHECK(l, "pool.name", valid_pool_name(pl->name, WHY));
	if (pl->description && strlen(pl->description) > 1024)
		plan_issue_add(l, false, "pool.description",
			       "description is longer than 1024 characters");
	if (p->monitor_source != CF_PLAN_CREATE &&
	    p->monitor_source != CF_PLAN_EXISTING)
		plan_issue_add(l, false, "pool.monitor",
			       "the pool needs a monitor: without one nothing "
			       "is health-checked");
	if (!pl->norigins)
		plan_issue_add(l, false, "pool.origins",
			       "a pool needs at least one origin");
	for (i = 0; i < pl->norigins; i++) {
		const struct cf_origin *o = &pl->origins[i];
		char f[64];

		snprintf(f, sizeof(f), "pool.origins[%zu].name", i);
		CHECK(l, f, valid_origin_name(o->name, WHY));
		for (j = 0; j < i && o->name; j++) {
			if (pl->origins[j].name &&
			    !strcmp(pl->origins[j].name, o->name)) {
				plan_issue_add(l, false, f,
					       "origin name %s is used twice",
					       o->name);
				break;
			}
		}
		snprintf(f, sizeof(f), "pool.origins[%zu].address", i);
		if (empty(o->address))
			plan_issue_add(l, false, f,
				       "enter the address of %s (IP or "
				       "hostname)",
				       o->name && *o->name ? o->name
							   : "this origin");
		else
			CHECK(l, f,
			      valid_origin_address(
				      o->address, o->virtual_network_id != NULL,
				      WHY));
		for (j = 0; j < i && !empty(o->address); j++) {
			if (pl->origins[j].address &&
			    !strcasecmp(pl->origins[j].address, o->address)) {
				plan_issue_add(l, true, f,
					       "%s is also the address of %s",
					       o->address, pl->origins[j].name);
				break;
			}
		}
		snprintf(f, sizeof(f), "pool.origins[%zu].weight", i);
		CHECK(l, f, valid_weight(o->weight, WHY));
		if (o->header_host.n) {
			snprintf(f, sizeof(f), "pool.origins[%zu].header", i);
			if (o->header_host.n > 1)
				plan_issue_add(l, false, f,
					       "one Host header per origin");
			else
				CHECK(l, f,
				      valid_host_header(o->header_host.v[0],
							WHY));
		}
		if (o->enabled && o->weight > 0)
			enabled++;
	}
	if (pl->norigins)
		CHECK(l, "pool.minimum_origins",
		      valid_minimum_origins(pl->minimum_origins, pl->norigins,
					    WHY));
	if (pl->norigins && pl->enabled && !enabled)
		plan_issue_add(l, true, "pool.origins",
			       "no origin is enabled with a weight above 0: "
			       "the pool will serve nothing");
	CHECK(l, "pool.origin_steering",
	      valid_origin_steering(pl->origin_steering_policy, WHY));
	for (i = 0; pl->has_check_regions && i < pl->check_regions.n; i++)
		CHECK(l, "pool.check_regions",
		      valid_check_region(pl->check_regions.v[i], WHY));
	if (pl->has_check_regions && !pl->check_regions.n)
		plan_issue_add(l, false, "pool.check_regions",
			       "pick at least one region, or all (null)");
}

/* A pool reference in the LB: this plan's pool or an existing id. */
static bool
pool_ref_ok(const char *ref, char *why, size_t size)
{
	if (ref && !strcmp(ref, CF_PLAN_POOL_REF))
		return true;
	if (!valid_object_id(ref, why, size)) {
		snprintf(why, size,
			 "%s is neither %s (this plan's pool) nor a pool id",
			 ref ? ref : "(empty)", CF_PLAN_POOL_REF);
		return false;
	}
	return true;
}

static void
check_map(const struct cf_pool_map *m, const char *name,
	  bool (*key_ok)(const char *, char *, size_t), struct plan_issues *l)
{
	size_t i, j;

	for (i = 0; i < m->n; i++) {
		char f[96];

		snprintf(f, sizeof(f), "load_balancer.%s.%s", name,
			 m->e[i].key);
		CHECK(l, f, key_ok(m->e[i].key, WHY));
		if (!m->e[i].pool_ids.n)
			plan_issue_add(l, false, f, "give at least one pool");
		for (j = 0; j < m->e[i].pool_ids.n; j++)
			CHECK(l, f, pool_ref_ok(m->e[i].pool_ids.v[j], WHY));
	}
}

static bool
lb_uses_pool(const struct cf_load_balancer *lb, const char *ref)
{
	const struct cf_pool_map *maps[] = { &lb->pop_pools, &lb->region_pools,
					     &lb->country_pools };
	size_t i, j, k;

	for (i = 0; i < lb->default_pools.n; i++)
		if (!strcmp(lb->default_pools.v[i], ref))
			return true;
	if (lb->fallback_pool && !strcmp(lb->fallback_pool, ref))
		return true;
	for (k = 0; k < 3; k++)
		for (i = 0; i < maps[k]->n; i++)
			for (j = 0; j < maps[k]->e[i].pool_ids.n; j++)
				if (!strcmp(maps[k]->e[i].pool_ids.v[j], ref))
					return true;
	return false;
}

static void
check_lb(const struct cf_plan *p, struct plan_issues *l)
{
	const struct cf_load_balancer *lb = &p->lb;
	size_t i;
	bool fb_listed = false, geo_pools;
	const char *sp = lb->steering_policy ? lb->steering_policy : "";
	const char *sa = lb->session_affinity ? lb->session_affinity : "";

	CHECK(l, "load_balancer.name", valid_lb_name(lb->name, p->zone, WHY));
	if (!lb->default_pools.n)
		plan_issue_add(l, false, "load_balancer.default_pools",
			       "give at least one default pool");
	for (i = 0; i < lb->default_pools.n; i++) {
		CHECK(l, "load_balancer.default_pools",
		      pool_ref_ok(lb->default_pools.v[i], WHY));
		if (lb->fallback_pool &&
		    !strcmp(lb->default_pools.v[i], lb->fallback_pool))
			fb_listed = true;
	}
	if (empty(lb->fallback_pool))
		plan_issue_add(l, false, "load_balancer.fallback_pool",
			       "choose the fallback pool");
	else if (pool_ref_ok(lb->fallback_pool, NULL, 0) && !fb_listed &&
		 lb->default_pools.n)
		plan_issue_add(l, false, "load_balancer.fallback_pool",
			       "the fallback pool must be one of the default "
			       "pools");
	else
		CHECK(l, "load_balancer.fallback_pool",
		      pool_ref_ok(lb->fallback_pool, WHY));
	if (!lb_uses_pool(lb, CF_PLAN_POOL_REF) &&
	    p->pool_source == CF_PLAN_CREATE)
		plan_issue_add(l, true, "load_balancer.default_pools",
			       "the load balancer does not use the pool this "
			       "plan creates");
	CHECK(l, "load_balancer.steering_policy",
	      valid_steering_policy(sp, WHY));
	check_map(&lb->pop_pools, "pop_pools", valid_pop_code, l);
	check_map(&lb->region_pools, "region_pools", valid_region_code, l);
	check_map(&lb->country_pools, "country_pools", valid_country_code, l);
	geo_pools =
		lb->pop_pools.n || lb->region_pools.n || lb->country_pools.n;
	if (geo_pools && strcmp(sp, "geo") && *sp)
		plan_issue_add(l, true, "load_balancer.steering_policy",
			       "steering \"%s\" uses default_pools only: the "
			       "pop/region/country pools are kept but not "
			       "used until steering is geo",
			       sp);
	if (lb->pop_pools.n)
		plan_issue_add(l, true, "load_balancer.pop_pools",
			       "PoP pools need an Enterprise plan");
	if (!strcmp(sp, "geo") && !geo_pools)
		plan_issue_add(l, true, "load_balancer.steering_policy",
			       "geo steering without pop/region/country "
			       "pools uses default_pools only");
	CHECK(l, "load_balancer.ttl",
	      valid_lb_ttl(lb->has_ttl, lb->ttl, lb->proxied, WHY));
	CHECK(l, "load_balancer.session_affinity",
	      valid_session_affinity(sa, WHY));
	if (*sa && strcmp(sa, "none") && !lb->proxied)
		plan_issue_add(l, false, "load_balancer.session_affinity",
			       "session affinity works on a proxied load "
			       "balancer only");
	if (lb->has_session_affinity_ttl)
		CHECK(l, "load_balancer.session_affinity_ttl",
		      valid_session_affinity_ttl(sa, lb->session_affinity_ttl,
						 WHY));
	if (lb->description && strlen(lb->description) > 1024)
		plan_issue_add(l, false, "load_balancer.description",
			       "description is longer than 1024 characters");
}

static void
check_cname(const struct cf_plan *p, struct plan_issues *l)
{
	const struct cf_dns_record *r = &p->cname;

	if (p->cname_source != CF_PLAN_CREATE)
		return;
	CHECK(l, "cname.name", valid_record_name(r->name, p->zone, WHY));
	if (!empty(r->name) && !empty(p->lb.name) &&
	    !strcasecmp(r->name, p->lb.name))
		plan_issue_add(l, false, "cname.name",
			       "%s is the load balancer's own name: the "
			       "CNAME needs another one",
			       r->name);
	if (!empty(r->name) && p->zone && !strcasecmp(r->name, p->zone))
		plan_issue_add(l, true, "cname.name",
			       "a CNAME at the zone apex is flattened by "
			       "Cloudflare");
	CHECK(l, "cname.content", valid_hostname(r->content, true, false, WHY));
	if (!empty(r->content) && !empty(r->name) &&
	    !strcasecmp(r->content, r->name))
		plan_issue_add(l, false, "cname.content",
			       "a CNAME cannot point at itself");
	CHECK(l, "cname.ttl", valid_dns_ttl(r->ttl, r->proxied, WHY));
	if (r->comment && strlen(r->comment) > 100)
		plan_issue_add(l, false, "cname.comment",
			       "comment is longer than 100 characters");
}

bool
plan_validate(const struct cf_plan *p, const struct plan_rules *rules,
	      struct plan_issues *out)
{
	size_t before = out->nerrors;

	if (empty(p->zone))
		plan_issue_add(out, false, "zone", "choose a zone");
	else
		CHECK(out, "zone", valid_hostname(p->zone, true, false, WHY));
	check_monitor(p, rules, out);
	check_pool(p, out);
	check_lb(p, out);
	check_cname(p, out);
	return out->nerrors == before;
}

#undef CHECK
#undef WHY

/* ---- request bodies ------------------------------------------------------- */

static bool
jw_strv(struct cf_jsonw *o, const char *key, const struct cf_strv *v)
{
	struct cf_jsonw *a = cf_jsonw_new_array();
	size_t i;
	bool ok = a != NULL;

	for (i = 0; ok && i < v->n; i++)
		ok = cf_jsonw_add_str(a, NULL, v->v[i]);
	if (!ok) {
		cf_jsonw_free(a);
		return false;
	}
	return cf_jsonw_add(o, key, a);
}

static bool
jw_map(struct cf_jsonw *o, const char *key, const struct cf_pool_map *m)
{
	struct cf_jsonw *c = cf_jsonw_new_object();
	size_t i;
	bool ok = c != NULL;

	for (i = 0; ok && i < m->n; i++)
		ok = jw_strv(c, m->e[i].key, &m->e[i].pool_ids);
	if (!ok) {
		cf_jsonw_free(c);
		return false;
	}
	return cf_jsonw_add(o, key, c);
}

static char *
jw_finish(struct cf_jsonw *o, bool ok)
{
	char *s = ok ? cf_jsonw_print(o, false) : NULL;

	cf_jsonw_free(o);
	return s;
}

/* POST .../monitors: every field the wizard sets (expected_codes is
 * required by the spec even for non-HTTP types). */
static char *
monitor_body(const struct cf_monitor *m)
{
	struct cf_jsonw *o = cf_jsonw_new_object();
	bool http = valid_monitor_is_http(m->type);
	bool ok = o != NULL;
	size_t i;

	ok = ok && cf_jsonw_add_str(o, "type", m->type);
	if (!empty(m->description))
		ok = ok && cf_jsonw_add_str(o, "description", m->description);
	if (!empty(m->method))
		ok = ok && cf_jsonw_add_str(o, "method", m->method);
	if (http)
		ok = ok && cf_jsonw_add_str(o, "path", m->path);
	ok = ok && cf_jsonw_add_num(o, "port", m->port);
	ok = ok && cf_jsonw_add_str(
			   o, "expected_codes",
			   http && m->expected_codes ? m->expected_codes : "");
	if (http && !empty(m->expected_body))
		ok = ok &&
		     cf_jsonw_add_str(o, "expected_body", m->expected_body);
	if (http && m->header.n) {
		struct cf_jsonw *h = cf_jsonw_new_object();

		ok = ok && h;
		for (i = 0; ok && i < m->header.n; i++)
			ok = jw_strv(h, m->header.e[i].name,
				     &m->header.e[i].values);
		ok = ok ? cf_jsonw_add(o, "header", h)
			: (cf_jsonw_free(h), false);
	}
	ok = ok && cf_jsonw_add_num(o, "interval", m->interval);
	ok = ok && cf_jsonw_add_num(o, "timeout", m->timeout);
	ok = ok && cf_jsonw_add_num(o, "retries", m->retries);
	ok = ok && cf_jsonw_add_num(o, "consecutive_up", m->consecutive_up);
	ok = ok && cf_jsonw_add_num(o, "consecutive_down", m->consecutive_down);
	if (http) {
		ok = ok && cf_jsonw_add_bool(o, "follow_redirects",
					     m->follow_redirects);
		ok = ok &&
		     cf_jsonw_add_bool(o, "allow_insecure", m->allow_insecure);
		if (!empty(m->probe_zone))
			ok = ok &&
			     cf_jsonw_add_str(o, "probe_zone", m->probe_zone);
	}
	return jw_finish(o, ok);
}

/* POST .../pools: the monitor attached ("{monitor.id}" or an id). */
static char *
pool_body(const struct cf_pool *pl, const char *monitor_ref)
{
	struct cf_jsonw *o = cf_jsonw_new_object(), *arr, *st;
	bool ok = o != NULL;
	size_t i;

	ok = ok && cf_jsonw_add_str(o, "name", pl->name);
	if (!empty(pl->description))
		ok = ok && cf_jsonw_add_str(o, "description", pl->description);
	ok = ok && cf_jsonw_add_bool(o, "enabled", pl->enabled);
	ok = ok && cf_jsonw_add_num(o, "minimum_origins", pl->minimum_origins);
	if (monitor_ref)
		ok = ok && cf_jsonw_add_str(o, "monitor", monitor_ref);
	st = ok ? cf_jsonw_new_object() : NULL;
	ok = ok && st &&
	     cf_jsonw_add_str(st, "policy",
			      pl->origin_steering_policy
				      ? pl->origin_steering_policy
				      : "random");
	ok = ok ? cf_jsonw_add(o, "origin_steering", st)
		: (cf_jsonw_free(st), false);
	arr = ok ? cf_jsonw_new_array() : NULL;
	ok = ok && arr;
	for (i = 0; ok && i < pl->norigins; i++) {
		const struct cf_origin *org = &pl->origins[i];
		struct cf_jsonw *it = cf_jsonw_new_object();

		ok = it && cf_jsonw_add_str(it, "name", org->name) &&
		     cf_jsonw_add_str(it, "address", org->address) &&
		     cf_jsonw_add_bool(it, "enabled", org->enabled) &&
		     cf_jsonw_add_num(it, "weight", org->weight);
		if (ok && org->header_host.n) {
			struct cf_jsonw *h = cf_jsonw_new_object();

			ok = h && jw_strv(h, "Host", &org->header_host);
			ok = ok ? cf_jsonw_add(it, "header", h)
				: (cf_jsonw_free(h), false);
		}
		ok = ok ? cf_jsonw_add(arr, NULL, it)
			: (cf_jsonw_free(it), false);
	}
	ok = ok ? cf_jsonw_add(o, "origins", arr) : (cf_jsonw_free(arr), false);
	return jw_finish(o, ok);
}

/* POST /zones/{id}/load_balancers (no `enabled`: not in the create body). */
static char *
lb_body(const struct cf_load_balancer *lb)
{
	struct cf_jsonw *o = cf_jsonw_new_object();
	bool ok = o != NULL;

	ok = ok && cf_jsonw_add_str(o, "name", lb->name);
	if (!empty(lb->description))
		ok = ok && cf_jsonw_add_str(o, "description", lb->description);
	ok = ok && jw_strv(o, "default_pools", &lb->default_pools);
	ok = ok && cf_jsonw_add_str(o, "fallback_pool", lb->fallback_pool);
	if (!empty(lb->steering_policy))
		ok = ok && cf_jsonw_add_str(o, "steering_policy",
					    lb->steering_policy);
	if (lb->pop_pools.n)
		ok = ok && jw_map(o, "pop_pools", &lb->pop_pools);
	if (lb->region_pools.n)
		ok = ok && jw_map(o, "region_pools", &lb->region_pools);
	if (lb->country_pools.n)
		ok = ok && jw_map(o, "country_pools", &lb->country_pools);
	ok = ok && cf_jsonw_add_bool(o, "proxied", lb->proxied);
	if (lb->has_ttl && !lb->proxied)
		ok = ok && cf_jsonw_add_num(o, "ttl", lb->ttl);
	if (!empty(lb->session_affinity))
		ok = ok && cf_jsonw_add_str(o, "session_affinity",
					    lb->session_affinity);
	if (lb->has_session_affinity_ttl)
		ok = ok && cf_jsonw_add_num(o, "session_affinity_ttl",
					    lb->session_affinity_ttl);
	return jw_finish(o, ok);
}

static char *
cname_body(const struct cf_dns_record *r)
{
	struct cf_jsonw *o = cf_jsonw_new_object();
	bool ok = o != NULL;

	ok = ok && cf_jsonw_add_str(o, "type", "CNAME");
	ok = ok && cf_jsonw_add_str(o, "name", r->name);
	ok = ok && cf_jsonw_add_str(o, "content", r->content);
	ok = ok && cf_jsonw_add_bool(o, "proxied", r->proxied);
	ok = ok && cf_jsonw_add_num(o, "ttl", r->ttl);
	if (!empty(r->comment))
		ok = ok && cf_jsonw_add_str(o, "comment", r->comment);
	return jw_finish(o, ok);
}

/* {"key": value-json} for identities and single-field PATCHes. */
static char *
one_field(const char *key, const char *str, const struct cf_strv *arr,
	  int boolean)
{
	struct cf_jsonw *o = cf_jsonw_new_object();
	bool ok = o != NULL;

	if (str)
		ok = ok && cf_jsonw_add_str(o, key, str);
	else if (arr)
		ok = ok && jw_strv(o, key, arr);
	else
		ok = ok && cf_jsonw_add_bool(o, key, boolean != 0);
	return jw_finish(o, ok);
}

/* ---- steps ---------------------------------------------------------------- */

/* Deep copy of a string list (dst overwritten). false on OOM. */
static bool
strv_copy(struct cf_strv *dst, const struct cf_strv *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	if (!src->n)
		return true;
	dst->v = calloc(src->n, sizeof(char *));
	if (!dst->v)
		return false;
	for (i = 0; i < src->n; i++) {
		dst->v[i] = strdup(src->v[i]);
		if (!dst->v[i]) {
			cf_strv_free(dst);
			return false;
		}
		dst->n++;
	}
	return true;
}

static void
state_into_step(const struct cf_plan *p, struct pe_step *s)
{
	struct cf_plan_step_state *st =
		cf_plan_state_find((struct cf_plan *)(uintptr_t)p, s->name);

	if (!st)
		return;
	if (!pe_status_parse(st->status, &s->status))
		s->status = PE_PENDING;
	s->id = st->id ? strdup(st->id) : NULL;
	s->before = st->before ? strdup(st->before) : NULL;
	strv_copy(&s->preexisting, &st->preexisting);
}

/* The monitor's label for progress lines and the journal. */
static void
monitor_label(const struct cf_monitor *m, char *buf, size_t size)
{
	if (!empty(m->description))
		snprintf(buf, size, "monitor \"%s\"", m->description);
	else if (valid_monitor_is_http(m->type))
		snprintf(buf, size, "monitor %s %s %s", m->type, m->method,
			 m->path);
	else
		snprintf(buf, size, "monitor %s port %d", m->type, m->port);
}

bool
plan_build(const struct cf_plan *p, const char *account_id, const char *zone_id,
	   const char *label, struct pe_plan *out)
{
	char lbl[512], *body = NULL, *ident = NULL, query[600];
	struct pe_step *s;
	bool ok = true;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (label && !(out->label = strdup(label)))
		return false;
	if (account_id)
		ok = ok && pe_plan_set_var(out, "{account_id}", account_id);
	if (zone_id)
		ok = ok && pe_plan_set_var(out, "{zone.id}", zone_id);
	/* Picked objects are variables: "{pool.id}" is simply their id. */
	if (p->monitor_source == CF_PLAN_EXISTING)
		ok = ok &&
		     pe_plan_set_var(out, CF_PLAN_MONITOR_REF, p->monitor_id);
	if (p->pool_source == CF_PLAN_EXISTING)
		ok = ok && pe_plan_set_var(out, CF_PLAN_POOL_REF, p->pool_id);

	if (ok && p->monitor_source == CF_PLAN_CREATE) {
		monitor_label(&p->monitor, lbl, sizeof(lbl));
		body = monitor_body(&p->monitor);
		s = body ? pe_plan_add(
				   out, PE_CREATE, "monitor", "monitor", lbl,
				   "/accounts/{account_id}/load_balancers/monitors",
				   body)
			 : NULL;
		ok = s != NULL;
		free(body);
	}
	if (ok && p->pool_source == CF_PLAN_CREATE) {
		snprintf(lbl, sizeof(lbl), "pool %s", p->pool.name);
		body = pool_body(&p->pool, p->monitor_source == CF_PLAN_SKIP
						   ? NULL
						   : CF_PLAN_MONITOR_REF);
		ident = one_field("name", p->pool.name, NULL, 0);
		s = body && ident
			    ? pe_plan_add(
				      out, PE_CREATE, "pool", "pool", lbl,
				      "/accounts/{account_id}/load_balancers/pools",
				      body)
			    : NULL;
		ok = s != NULL;
		if (ok) {
			s->identity = ident;
			ident = NULL;
		}
		free(ident);
		free(body);
		if (ok && p->pool.has_check_regions) {
			snprintf(lbl, sizeof(lbl), "pool %s check regions",
				 p->pool.name);
			body = one_field("check_regions", NULL,
					 &p->pool.check_regions, 0);
			s = body ? pe_plan_add(
					   out, PE_PATCH, "pool.check_regions",
					   "pool", lbl,
					   "/accounts/{account_id}/load_balancers/pools/{pool.id}",
					   body)
				 : NULL;
			ok = s != NULL;
			free(body);
		}
	}
	if (ok) {
		snprintf(lbl, sizeof(lbl), "load balancer %s", p->lb.name);
		body = lb_body(&p->lb);
		ident = one_field("name", p->lb.name, NULL, 0);
		s = body && ident
			    ? pe_plan_add(out, PE_CREATE, "load_balancer",
					  "load_balancer", lbl,
					  "/zones/{zone.id}/load_balancers",
					  body)
			    : NULL;
		ok = s != NULL;
		if (ok) {
			s->identity = ident;
			ident = NULL;
		}
		free(ident);
		free(body);
		if (ok && !p->lb.enabled) {
			snprintf(lbl, sizeof(lbl), "load balancer %s disabled",
				 p->lb.name);
			body = one_field("enabled", NULL, NULL, 0);
			s = body ? pe_plan_add(
					   out, PE_PATCH,
					   "load_balancer.enabled",
					   "load_balancer", lbl,
					   "/zones/{zone.id}/load_balancers/{load_balancer.id}",
					   body)
				 : NULL;
			ok = s != NULL;
			free(body);
		}
	}
	if (ok && p->cname_source == CF_PLAN_CREATE) {
		struct cf_jsonw *o = cf_jsonw_new_object();

		snprintf(lbl, sizeof(lbl), "CNAME %s -> %s", p->cname.name,
			 p->cname.content);
		body = cname_body(&p->cname);
		ok = o && cf_jsonw_add_str(o, "type", "CNAME") &&
		     cf_jsonw_add_str(o, "name", p->cname.name);
		ident = jw_finish(o, ok);
		s = body && ident
			    ? pe_plan_add(out, PE_CREATE, "cname", "dns_record",
					  lbl, "/zones/{zone.id}/dns_records",
					  body)
			    : NULL;
		ok = s != NULL;
		if (ok) {
			/* Record names are hostnames: safe in a query. */
			snprintf(query, sizeof(query), "type=CNAME&name=%s",
				 p->cname.name);
			s->identity = ident;
			ident = NULL;
			s->query = strdup(query);
			ok = s->query != NULL;
		}
		free(ident);
		free(body);
	}
	for (i = 0; ok && i < out->n; i++)
		state_into_step(p, &out->steps[i]);
	if (!ok)
		pe_plan_free(out);
	return ok;
}

bool
plan_take_state(struct cf_plan *p, const struct pe_plan *e)
{
	struct cf_plan_step_state *v;
	size_t i;
	bool ok = true;

	v = calloc(e->n + 1, sizeof(*v));
	if (!v)
		return false;
	for (i = 0; i < e->n; i++) {
		const struct pe_step *s = &e->steps[i];

		v[i].step = xdup(s->name);
		v[i].status = xdup(pe_status_name(s->status));
		v[i].id = xdup(s->id);
		v[i].before = xdup(s->before);
		if (!v[i].step || !v[i].status || (s->id && !v[i].id) ||
		    (s->before && !v[i].before) ||
		    !strv_copy(&v[i].preexisting, &s->preexisting))
			ok = false;
	}
	if (!ok) {
		for (i = 0; i < e->n; i++) {
			free(v[i].step);
			free(v[i].status);
			free(v[i].id);
			free(v[i].before);
			cf_strv_free(&v[i].preexisting);
		}
		free(v);
		return false;
	}
	for (i = 0; i < p->nsteps; i++) {
		free(p->steps[i].step);
		free(p->steps[i].status);
		free(p->steps[i].id);
		free(p->steps[i].before);
		cf_strv_free(&p->steps[i].preexisting);
	}
	free(p->steps);
	p->steps = v;
	p->nsteps = e->n;
	return true;
}

char *
plan_requests_text(const struct cf_plan *p, const char *account_id,
		   const char *zone_id)
{
	struct pe_plan e;
	char *text;

	if (!plan_build(p, account_id, zone_id, NULL, &e))
		return NULL;
	text = pe_describe(&e);
	pe_plan_free(&e);
	return text;
}
