/* form_fields.c: the form model's field table, which fields a plan shows (dependencies), and a plan's values as text and back (validated). */
#include "core/form_fields.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the field table ------------------------------------------------------ */

static const struct valid_choice source_choices[] = {
	{ "new", "create it with the fields below" },
	{ "existing", "use one the account already has" },
};

#define CH(a) a, sizeof(a) / sizeof(a[0])
#define NOCH NULL, 0

const struct form_field form_field_table[] = {
	{ "zone", "Zone", "the zone the load balancer and the CNAME go in",
	  FORM_CHOICE, FORM_STEP_ZONE, NOCH, NULL },

	{ "pool.source", "Pool", "a new pool, or one of the account's",
	  FORM_CHOICE, FORM_STEP_POOL, CH(source_choices), NULL },
	{ "pool.existing", "Existing pool",
	  "the pool to put behind the load balancer", FORM_CHOICE,
	  FORM_STEP_POOL, NOCH, NULL },
	{ "pool.name", "Name", "letters, digits, - and _ (e.g. inference-pool)",
	  FORM_TEXT, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.description", "Description", "free text", FORM_TEXT,
	  FORM_STEP_POOL, NOCH, NULL },
	{ "pool.origins", "Origins",
	  "a: add  d: remove  K/J: move; real addresses only", FORM_TABLE,
	  FORM_STEP_POOL, NOCH, NULL },
	{ "pool.origins[].name", "Name", "unique in the pool", FORM_TEXT,
	  FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].address", "Address",
	  "IPv4, IPv6 or hostname of the server", FORM_TEXT, FORM_STEP_POOL,
	  NOCH, "pool.origins" },
	{ "pool.origins[].weight", "Weight", "0 to 1 in steps of 0.01",
	  FORM_NUMBER, FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].enabled", "Enabled", "space: on/off", FORM_BOOL,
	  FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].header", "Host header",
	  "optional Host header for this origin", FORM_TEXT, FORM_STEP_POOL,
	  NOCH, "pool.origins" },
	{ "pool.minimum_origins", "Minimum origins",
	  "healthy origins needed for the pool to be healthy", FORM_NUMBER,
	  FORM_STEP_POOL, NOCH, NULL },
	{ "pool.origin_steering", "Origin steering", "how origins are chosen",
	  FORM_CHOICE, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.check_regions", "Check regions",
	  "regions that probe the origins; none picked: every region",
	  FORM_PICK, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.enabled", "Enabled", "a disabled pool serves no traffic",
	  FORM_BOOL, FORM_STEP_POOL, NOCH, NULL },

	{ "monitor.source", "Monitor", "a new monitor, or one of the account's",
	  FORM_CHOICE, FORM_STEP_MONITOR, CH(source_choices), NULL },
	{ "monitor.existing", "Existing monitor",
	  "the monitor to attach to the pool", FORM_CHOICE, FORM_STEP_MONITOR,
	  NOCH, NULL },
	{ "monitor.type", "Type", "the protocol of the health check",
	  FORM_CHOICE, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.method", "Method", "GET or HEAD for HTTP(S)", FORM_CHOICE,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.path", "Path", "starts with / (e.g. /health)", FORM_TEXT,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.port", "Port",
	  "0: 80 for HTTP, 443 for HTTPS; required for TCP", FORM_NUMBER,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.header.Host", "Host header",
	  "optional; sent with each probe", FORM_TEXT, FORM_STEP_MONITOR, NOCH,
	  NULL },
	{ "monitor.expected_codes", "Expected codes",
	  "a status (200) or a range (2xx)", FORM_TEXT, FORM_STEP_MONITOR, NOCH,
	  NULL },
	{ "monitor.expected_body", "Expected body",
	  "optional; a case-insensitive substring of the answer", FORM_TEXT,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.interval", "Interval (s)",
	  "seconds between checks (60 to 3600)", FORM_NUMBER, FORM_STEP_MONITOR,
	  NOCH, NULL },
	{ "monitor.timeout", "Timeout (s)", "less than the interval",
	  FORM_NUMBER, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.retries", "Retries", "0 to 5, immediately after a timeout",
	  FORM_NUMBER, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.consecutive_up", "Consecutive up",
	  "passes in a row before an origin is healthy", FORM_NUMBER,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.consecutive_down", "Consecutive down",
	  "failures in a row before an origin is unhealthy", FORM_NUMBER,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.follow_redirects", "Follow redirects",
	  "follow 3xx answers to their target", FORM_BOOL, FORM_STEP_MONITOR,
	  NOCH, NULL },
	{ "monitor.allow_insecure", "Allow insecure",
	  "accept invalid TLS certificates (HTTPS)", FORM_BOOL,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.description", "Description", "free text", FORM_TEXT,
	  FORM_STEP_MONITOR, NOCH, NULL },

	{ "load_balancer.name", "Hostname",
	  "the name clients use, inside the zone", FORM_TEXT, FORM_STEP_LB,
	  NOCH, NULL },
	{ "load_balancer.description", "Description", "free text", FORM_TEXT,
	  FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.default_pools", "Default pools",
	  "in failover order; the first healthy one serves", FORM_PICK,
	  FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.fallback_pool", "Fallback pool",
	  "used when every default pool is down", FORM_CHOICE, FORM_STEP_LB,
	  NOCH, NULL },
	{ "load_balancer.steering_policy", "Steering", "how a pool is chosen",
	  FORM_CHOICE, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.pop_pools", "PoP pools",
	  "PoP code -> pools (Enterprise), e.g. LAX", FORM_MAP, FORM_STEP_LB,
	  NOCH, NULL },
	{ "load_balancer.region_pools", "Region pools",
	  "region code -> pools, e.g. WNAM", FORM_MAP, FORM_STEP_LB, NOCH,
	  NULL },
	{ "load_balancer.country_pools", "Country pools",
	  "country code -> pools, e.g. US", FORM_MAP, FORM_STEP_LB, NOCH,
	  NULL },
	{ "load_balancer.proxied", "Proxied",
	  "through Cloudflare (orange cloud); then no TTL", FORM_BOOL,
	  FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.ttl", "TTL (s)",
	  "DNS TTL: empty, 1 (automatic) or 30-86400", FORM_NUMBER,
	  FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.session_affinity", "Session affinity",
	  "keep a client on one origin", FORM_CHOICE, FORM_STEP_LB, NOCH,
	  NULL },
	{ "load_balancer.session_affinity_ttl", "Affinity TTL (s)",
	  "empty: the API default", FORM_NUMBER, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.enabled", "Enabled",
	  "a disabled load balancer answers nothing", FORM_BOOL, FORM_STEP_LB,
	  NOCH, NULL },

	{ "cname.create", "Create a CNAME", "the prediction API's name",
	  FORM_BOOL, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.name", "Name", "inside the zone (e.g. api.example.com)",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.content", "Target",
	  "the load balancer's hostname, or a model hosting endpoint",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.proxied", "Proxied",
	  "through Cloudflare's CDN; then TTL is automatic", FORM_BOOL,
	  FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.ttl", "TTL (s)", "1 (automatic) or 30-86400", FORM_NUMBER,
	  FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.comment", "Comment", "optional, at most 100 characters",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
};

const size_t form_nfields =
	sizeof(form_field_table) / sizeof(form_field_table[0]);

static const char *const step_titles[FORM_NSTEPS] = {
	"Zone", "Pool", "Monitor", "Load balancer", "CNAME", "Review",
};

const char *
form_step_title(enum form_step s)
{
	return (size_t)s < FORM_NSTEPS ? step_titles[s] : "?";
}

/* Splits "pool.origins[3].address" into the table form and row 3. */
bool
form_split_cell(const char *id, char *base, size_t size, size_t *row)
{
	const char *lb = strchr(id, '['), *rb;
	char *end;
	unsigned long r;

	if (!lb)
		return false;
	rb = strchr(lb, ']');
	if (!rb || rb == lb + 1)
		return false;
	errno = 0;
	r = strtoul(lb + 1, &end, 10);
	if (errno || end != rb)
		return false;
	snprintf(base, size, "%.*s[]%s", (int)(lb - id), id, rb + 1);
	*row = r;
	return true;
}

const struct form_field *
form_field_def(const char *id)
{
	char base[128];
	size_t i, row;

	if (!id)
		return NULL;
	if (form_split_cell(id, base, sizeof(base), &row))
		id = base;
	for (i = 0; i < form_nfields; i++)
		if (!strcmp(form_field_table[i].id, id))
			return &form_field_table[i];
	return NULL;
}

/* ---- visibility (dependencies) ---------------------------------------------- */

static bool
http_monitor(const struct cf_plan *p)
{
	return valid_monitor_is_http(p->monitor.type);
}

bool
form_field_visible(const struct cf_plan *p, const char *id)
{
	bool pool_new = p->pool_source == CF_PLAN_CREATE;
	bool mon_new = pool_new && p->monitor_source == CF_PLAN_CREATE;

	if (!strcmp(id, "pool.existing"))
		return p->pool_source == CF_PLAN_EXISTING;
	if (!strncmp(id, "pool.", 5) && strcmp(id, "pool.source"))
		return pool_new;
	if (!strcmp(id, "monitor.source"))
		return pool_new;
	if (!strcmp(id, "monitor.existing"))
		return pool_new && p->monitor_source == CF_PLAN_EXISTING;
	if (!strncmp(id, "monitor.", 8)) {
		if (!mon_new)
			return false;
		if (!strcmp(id, "monitor.path") ||
		    !strcmp(id, "monitor.expected_codes") ||
		    !strcmp(id, "monitor.expected_body") ||
		    !strcmp(id, "monitor.header.Host") ||
		    !strcmp(id, "monitor.follow_redirects") ||
		    !strcmp(id, "monitor.allow_insecure"))
			return http_monitor(p);
		if (!strcmp(id, "monitor.method"))
			return p->monitor.type &&
			       (http_monitor(p) ||
				!strcmp(p->monitor.type, "tcp"));
		return true;
	}
	if (!strcmp(id, "load_balancer.ttl"))
		return !p->lb.proxied;
	if (!strcmp(id, "load_balancer.session_affinity_ttl"))
		return p->lb.session_affinity && *p->lb.session_affinity &&
		       strcmp(p->lb.session_affinity, "none");
	if (!strncmp(id, "cname.", 6) && strcmp(id, "cname.create")) {
		if (p->cname_source != CF_PLAN_CREATE)
			return false;
		if (!strcmp(id, "cname.ttl"))
			return !p->cname.proxied;
		return true;
	}
	return true;
}

/* ---- values as text ---------------------------------------------------------- */

static char *
fmt_num(double v)
{
	char b[64];

	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(b, sizeof(b), "%.0f", v);
	else
		snprintf(b, sizeof(b), "%g", v);
	return strdup(b);
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static const char *
source_name(enum cf_plan_source s)
{
	return s == CF_PLAN_EXISTING ? "existing" : "new";
}

static const char *
host_header(const struct cf_monitor *m)
{
	size_t i;

	for (i = 0; i < m->header.n; i++)
		if (!strcasecmp(m->header.e[i].name, "Host") &&
		    m->header.e[i].values.n)
			return m->header.e[i].values.v[0];
	return "";
}

/* The value of field base (row for cells) as text; malloc'd. */
char *
form_value_text(const struct cf_plan *p, const char *base, size_t row)
{
	const struct cf_monitor *m = &p->monitor;
	const struct cf_load_balancer *lb = &p->lb;

	if (!strcmp(base, "zone"))
		return dup_or_empty(p->zone);
	if (!strcmp(base, "pool.source"))
		return strdup(source_name(p->pool_source));
	if (!strcmp(base, "pool.existing"))
		return dup_or_empty(p->pool_id);
	if (!strcmp(base, "pool.name"))
		return dup_or_empty(p->pool.name);
	if (!strcmp(base, "pool.description"))
		return dup_or_empty(p->pool.description);
	if (!strncmp(base, "pool.origins[]", 14)) {
		const struct cf_origin *o;

		if (row >= p->pool.norigins)
			return strdup("");
		o = &p->pool.origins[row];
		if (!strcmp(base + 14, ".name"))
			return dup_or_empty(o->name);
		if (!strcmp(base + 14, ".address"))
			return dup_or_empty(o->address);
		if (!strcmp(base + 14, ".weight"))
			return fmt_num(o->weight);
		if (!strcmp(base + 14, ".enabled"))
			return strdup(o->enabled ? "on" : "off");
		if (!strcmp(base + 14, ".header"))
			return dup_or_empty(
				o->header_host.n ? o->header_host.v[0] : "");
	}
	if (!strcmp(base, "pool.minimum_origins"))
		return fmt_num(p->pool.minimum_origins);
	if (!strcmp(base, "pool.origin_steering"))
		return dup_or_empty(p->pool.origin_steering_policy);
	if (!strcmp(base, "pool.enabled"))
		return strdup(p->pool.enabled ? "on" : "off");
	if (!strcmp(base, "monitor.source"))
		return strdup(source_name(p->monitor_source));
	if (!strcmp(base, "monitor.existing"))
		return dup_or_empty(p->monitor_id);
	if (!strcmp(base, "monitor.type"))
		return dup_or_empty(m->type);
	if (!strcmp(base, "monitor.method"))
		return dup_or_empty(m->method);
	if (!strcmp(base, "monitor.path"))
		return dup_or_empty(m->path);
	if (!strcmp(base, "monitor.port"))
		return fmt_num(m->port);
	if (!strcmp(base, "monitor.header.Host"))
		return strdup(host_header(m));
	if (!strcmp(base, "monitor.expected_codes"))
		return dup_or_empty(m->expected_codes);
	if (!strcmp(base, "monitor.expected_body"))
		return dup_or_empty(m->expected_body);
	if (!strcmp(base, "monitor.interval"))
		return fmt_num(m->interval);
	if (!strcmp(base, "monitor.timeout"))
		return fmt_num(m->timeout);
	if (!strcmp(base, "monitor.retries"))
		return fmt_num(m->retries);
	if (!strcmp(base, "monitor.consecutive_up"))
		return fmt_num(m->consecutive_up);
	if (!strcmp(base, "monitor.consecutive_down"))
		return fmt_num(m->consecutive_down);
	if (!strcmp(base, "monitor.follow_redirects"))
		return strdup(m->follow_redirects ? "on" : "off");
	if (!strcmp(base, "monitor.allow_insecure"))
		return strdup(m->allow_insecure ? "on" : "off");
	if (!strcmp(base, "monitor.description"))
		return dup_or_empty(m->description);
	if (!strcmp(base, "load_balancer.name"))
		return dup_or_empty(lb->name);
	if (!strcmp(base, "load_balancer.description"))
		return dup_or_empty(lb->description);
	if (!strcmp(base, "load_balancer.fallback_pool"))
		return dup_or_empty(lb->fallback_pool);
	if (!strcmp(base, "load_balancer.steering_policy"))
		return dup_or_empty(lb->steering_policy);
	if (!strcmp(base, "load_balancer.proxied"))
		return strdup(lb->proxied ? "on" : "off");
	if (!strcmp(base, "load_balancer.ttl"))
		return lb->has_ttl ? fmt_num(lb->ttl) : strdup("");
	if (!strcmp(base, "load_balancer.session_affinity"))
		return dup_or_empty(lb->session_affinity);
	if (!strcmp(base, "load_balancer.session_affinity_ttl"))
		return lb->has_session_affinity_ttl
			       ? fmt_num(lb->session_affinity_ttl)
			       : strdup("");
	if (!strcmp(base, "load_balancer.enabled"))
		return strdup(lb->enabled ? "on" : "off");
	if (!strcmp(base, "cname.create"))
		return strdup(p->cname_source == CF_PLAN_CREATE ? "on" : "off");
	if (!strcmp(base, "cname.name"))
		return dup_or_empty(p->cname.name);
	if (!strcmp(base, "cname.content"))
		return dup_or_empty(p->cname.content);
	if (!strcmp(base, "cname.proxied"))
		return strdup(p->cname.proxied ? "on" : "off");
	if (!strcmp(base, "cname.ttl"))
		return fmt_num(p->cname.ttl);
	if (!strcmp(base, "cname.comment"))
		return dup_or_empty(p->cname.comment);
	return strdup("");
}

/* ---- setting values -------------------------------------------------------- */

static bool
set_str(char **dst, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return false;
	free(*dst);
	*dst = d;
	return true;
}

/* "" -> NULL for optional strings. */
static bool
set_opt(char **dst, const char *s)
{
	if (!*s) {
		free(*dst);
		*dst = NULL;
		return true;
	}
	return set_str(dst, s);
}

static bool
parse_bool(const char *t, bool *out)
{
	if (!strcmp(t, "on") || !strcmp(t, "true") || !strcmp(t, "yes")) {
		*out = true;
		return true;
	}
	if (!strcmp(t, "off") || !strcmp(t, "false") || !strcmp(t, "no")) {
		*out = false;
		return true;
	}
	return false;
}

/* A whole number field with the validator's own range check after. */
static bool
int_field(const char *t, const char *what, long lo, long hi, int *out,
	  char *why, size_t n)
{
	return valid_int_text(t, what, lo, hi, out, why, n);
}

/* Replaces a zone suffix of *name when it ends with the old zone. */
static void
follow_zone(char **name, const char *old, const char *zone)
{
	size_t n, o;
	char *nn;

	if (!*name || !old || !*old)
		return;
	n = strlen(*name);
	o = strlen(old);
	if (n <= o + 1 || (*name)[n - o - 1] != '.' ||
	    strcasecmp(*name + n - o, old))
		return;
	nn = malloc(n - o + strlen(zone) + 1);
	if (!nn)
		return;
	snprintf(nn, n - o + strlen(zone) + 1, "%.*s%s", (int)(n - o), *name,
		 zone);
	free(*name);
	*name = nn;
}

static bool
set_host_header(struct cf_monitor *m, const char *t)
{
	struct cf_headers *h = &m->header;
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (strcasecmp(h->e[i].name, "Host"))
			continue;
		cf_strv_free(&h->e[i].values);
		free(h->e[i].name);
		h->e[i] = h->e[--h->n];
		break;
	}
	if (!*t)
		return true;
	{
		struct cf_header_entry *ne =
			realloc(h->e, (h->n + 1) * sizeof(*ne));

		if (!ne)
			return false;
		h->e = ne;
		memset(&ne[h->n], 0, sizeof(ne[h->n]));
		ne[h->n].name = strdup("Host");
		ne[h->n].values.v = calloc(1, sizeof(char *));
		if (!ne[h->n].name || !ne[h->n].values.v)
			return false;
		ne[h->n].values.v[0] = strdup(t);
		ne[h->n].values.n = ne[h->n].values.v[0] ? 1 : 0;
		h->n++;
	}
	return true;
}

/*
 * Parses and validates text for field base (row for cells) and stores it
 * in the plan. false with why filled when it is not acceptable (the plan
 * is then unchanged). Field-level rules only; whole-plan rules come from
 * plan_validate.
 */
bool
form_store(struct cf_plan *p, const struct plan_rules *rules, const char *base,
	   size_t row, const char *t, char *why, size_t n)
{
	struct cf_monitor *m = &p->monitor;
	struct cf_load_balancer *lb = &p->lb;
	int iv;
	double dv;
	bool bv;
	size_t k;

	if (!strcmp(base, "zone")) {
		char *old;

		if (!valid_hostname(t, true, false, why, n))
			return false;
		old = p->zone ? strdup(p->zone) : NULL;
		/* Names made from the zone follow it. */
		follow_zone(&lb->name, old, t);
		follow_zone(&p->cname.name, old, t);
		follow_zone(&p->cname.content, old, t);
		free(old);
		return set_str(&p->zone, t);
	}
	if (!strcmp(base, "pool.source") || !strcmp(base, "monitor.source")) {
		bool pool = base[0] == 'p';
		enum cf_plan_source src;

		if (!valid_choice(t, source_choices, 2, "source", why, n))
			return false;
		src = strcmp(t, "existing") ? CF_PLAN_CREATE : CF_PLAN_EXISTING;
		if (pool) {
			p->pool_source = src;
			/* An existing pool keeps its monitor: no monitor step. */
			if (src == CF_PLAN_EXISTING)
				p->monitor_source = CF_PLAN_SKIP;
			else if (p->monitor_source == CF_PLAN_SKIP)
				p->monitor_source = CF_PLAN_CREATE;
		} else {
			p->monitor_source = src;
		}
		return true;
	}
	if (!strcmp(base, "pool.existing") ||
	    !strcmp(base, "monitor.existing")) {
		if (!valid_object_id(t, why, n))
			return false;
		return set_str(base[0] == 'p' ? &p->pool_id : &p->monitor_id,
			       t);
	}
	if (!strcmp(base, "pool.name"))
		return valid_pool_name(t, why, n) && set_str(&p->pool.name, t);
	if (!strcmp(base, "pool.description"))
		return set_opt(&p->pool.description, t);
	if (!strncmp(base, "pool.origins[]", 14)) {
		struct cf_origin *o;
		const char *col = base + 14;

		if (row >= p->pool.norigins) {
			snprintf(why, n, "no such origin row");
			return false;
		}
		o = &p->pool.origins[row];
		if (!strcmp(col, ".name"))
			return valid_origin_name(t, why, n) &&
			       set_str(&o->name, t);
		if (!strcmp(col, ".address")) {
			if (!*t) {
				snprintf(why, n, "enter the address of %s",
					 o->name ? o->name : "this origin");
				return false;
			}
			return valid_origin_address(t, false, why, n) &&
			       set_str(&o->address, t);
		}
		if (!strcmp(col, ".weight")) {
			if (!valid_weight_text(t, &dv, why, n))
				return false;
			o->weight = dv;
			return true;
		}
		if (!strcmp(col, ".enabled")) {
			if (!parse_bool(t, &bv)) {
				snprintf(why, n, "on or off");
				return false;
			}
			o->enabled = bv;
			return true;
		}
		if (!strcmp(col, ".header")) {
			cf_strv_free(&o->header_host);
			if (!*t)
				return true;
			if (!valid_host_header(t, why, n))
				return false;
			o->header_host.v = calloc(1, sizeof(char *));
			if (!o->header_host.v)
				return false;
			o->header_host.v[0] = strdup(t);
			o->header_host.n = o->header_host.v[0] ? 1 : 0;
			return true;
		}
	}
	if (!strcmp(base, "pool.minimum_origins")) {
		if (!int_field(t, "minimum origins", 1, 1000, &iv, why, n))
			return false;
		p->pool.minimum_origins = iv;
		return true;
	}
	if (!strcmp(base, "pool.origin_steering"))
		return valid_origin_steering(t, why, n) &&
		       set_str(&p->pool.origin_steering_policy, t);
	if (!strcmp(base, "pool.enabled") ||
	    !strcmp(base, "monitor.follow_redirects") ||
	    !strcmp(base, "monitor.allow_insecure") ||
	    !strcmp(base, "load_balancer.proxied") ||
	    !strcmp(base, "load_balancer.enabled") ||
	    !strcmp(base, "cname.create") || !strcmp(base, "cname.proxied")) {
		if (!parse_bool(t, &bv)) {
			snprintf(why, n, "on or off");
			return false;
		}
		if (!strcmp(base, "pool.enabled"))
			p->pool.enabled = bv;
		else if (!strcmp(base, "monitor.follow_redirects"))
			m->follow_redirects = bv;
		else if (!strcmp(base, "monitor.allow_insecure"))
			m->allow_insecure = bv;
		else if (!strcmp(base, "load_balancer.proxied")) {
			lb->proxied = bv;
			/* A proxied load balancer has no TTL (the API ignores it). */
			if (bv)
				lb->has_ttl = false;
		} else if (!strcmp(base, "load_balancer.enabled"))
			lb->enabled = bv;
		else if (!strcmp(base, "cname.create"))
			p->cname_source = bv ? CF_PLAN_CREATE : CF_PLAN_SKIP;
		else {
			p->cname.proxied = bv;
			if (bv)
				p->cname.ttl = 1;
		}
		return true;
	}
	if (!strcmp(base, "monitor.type")) {
		const struct valid_choice *c;

		if (!valid_monitor_type(t, why, n) || !set_str(&m->type, t))
			return false;
		/* The method follows the type (GET / connection_established / none). */
		c = valid_monitor_methods(t, &k);
		if (!valid_monitor_method(t, m->method, NULL, 0))
			return set_str(&m->method, k ? c[0].value : "");
		return true;
	}
	if (!strcmp(base, "monitor.method"))
		return valid_monitor_method(m->type, t, why, n) &&
		       set_str(&m->method, t);
	if (!strcmp(base, "monitor.path"))
		return valid_path(t, why, n) && set_str(&m->path, t);
	if (!strcmp(base, "monitor.port")) {
		if (!int_field(t, "port", 0, 65535, &iv, why, n))
			return false;
		m->port = iv;
		return true;
	}
	if (!strcmp(base, "monitor.header.Host"))
		return (!*t || valid_host_header(t, why, n)) &&
		       set_host_header(m, t);
	if (!strcmp(base, "monitor.expected_codes"))
		return valid_expected_codes(t, m->type, why, n) &&
		       set_str(&m->expected_codes, t);
	if (!strcmp(base, "monitor.expected_body"))
		return set_opt(&m->expected_body, t);
	if (!strcmp(base, "monitor.interval")) {
		if (!int_field(t, "interval", 1, 86400, &iv, why, n) ||
		    !valid_interval(iv, rules ? rules->min_interval : 0, why,
				    n))
			return false;
		m->interval = iv;
		return true;
	}
	if (!strcmp(base, "monitor.timeout")) {
		if (!int_field(t, "timeout", 1, 3600, &iv, why, n) ||
		    !valid_timeout(iv, m->interval, why, n))
			return false;
		m->timeout = iv;
		return true;
	}
	if (!strcmp(base, "monitor.retries")) {
		if (!int_field(t, "retries", 0, 5, &iv, why, n))
			return false;
		m->retries = iv;
		return true;
	}
	if (!strcmp(base, "monitor.consecutive_up") ||
	    !strcmp(base, "monitor.consecutive_down")) {
		if (!int_field(t, base + 8, 0, 1000, &iv, why, n))
			return false;
		if (base[20] == 'u')
			m->consecutive_up = iv;
		else
			m->consecutive_down = iv;
		return true;
	}
	if (!strcmp(base, "monitor.description"))
		return set_opt(&m->description, t);
	if (!strcmp(base, "load_balancer.name")) {
		char *old;
		bool follow;

		if (!valid_lb_name(t, p->zone, why, n))
			return false;
		/* A CNAME pointing at the LB keeps pointing at it. */
		old = lb->name;
		follow = old && p->cname.content &&
			 !strcasecmp(old, p->cname.content);
		lb->name = NULL;
		if (!set_str(&lb->name, t)) {
			lb->name = old;
			return false;
		}
		if (follow)
			set_str(&p->cname.content, t);
		free(old);
		return true;
	}
	if (!strcmp(base, "load_balancer.description"))
		return set_opt(&lb->description, t);
	if (!strcmp(base, "load_balancer.fallback_pool")) {
		for (k = 0; k < lb->default_pools.n; k++)
			if (!strcmp(lb->default_pools.v[k], t))
				return set_str(&lb->fallback_pool, t);
		snprintf(why, n,
			 "the fallback pool must be one of the default "
			 "pools");
		return false;
	}
	if (!strcmp(base, "load_balancer.steering_policy"))
		return valid_steering_policy(t, why, n) &&
		       set_str(&lb->steering_policy, t);
	if (!strcmp(base, "load_balancer.ttl")) {
		if (!*t) {
			lb->has_ttl = false;
			return true;
		}
		if (!int_field(t, "TTL", 1, 86400, &iv, why, n) ||
		    !valid_lb_ttl(true, iv, lb->proxied, why, n))
			return false;
		lb->has_ttl = true;
		lb->ttl = iv;
		return true;
	}
	if (!strcmp(base, "load_balancer.session_affinity")) {
		if (!valid_session_affinity(t, why, n) ||
		    !set_str(&lb->session_affinity, t))
			return false;
		if (!*t || !strcmp(t, "none"))
			lb->has_session_affinity_ttl = false;
		return true;
	}
	if (!strcmp(base, "load_balancer.session_affinity_ttl")) {
		if (!*t) {
			lb->has_session_affinity_ttl = false;
			return true;
		}
		if (!int_field(t, "affinity TTL", 1, 604800, &iv, why, n) ||
		    !valid_session_affinity_ttl(lb->session_affinity, iv, why,
						n))
			return false;
		lb->has_session_affinity_ttl = true;
		lb->session_affinity_ttl = iv;
		return true;
	}
	if (!strcmp(base, "cname.name"))
		return valid_record_name(t, p->zone, why, n) &&
		       set_str(&p->cname.name, t);
	if (!strcmp(base, "cname.content"))
		return valid_hostname(t, true, false, why, n) &&
		       set_str(&p->cname.content, t);
	if (!strcmp(base, "cname.ttl")) {
		if (!int_field(t, "TTL", 1, 86400, &iv, why, n) ||
		    !valid_dns_ttl(iv, p->cname.proxied, why, n))
			return false;
		p->cname.ttl = iv;
		return true;
	}
	if (!strcmp(base, "cname.comment")) {
		if (strlen(t) > 100) {
			snprintf(why, n, "at most 100 characters");
			return false;
		}
		return set_opt(&p->cname.comment, t);
	}
	snprintf(why, n, "this field is not edited as text");
	return false;
}

/* Base id and row of a full id; false when the field is unknown. */
