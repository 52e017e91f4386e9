/* form.c: the setup wizard's form model: field table, text buffers validated as typed, dependencies between fields, steps and Next. */
#include "cfconsole/form.h"

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

static const struct form_field fields[] = {
	{ "zone", "Zone", "the zone the load balancer and the CNAME go in",
	  FORM_CHOICE, FORM_STEP_ZONE, NOCH, NULL },

	{ "pool.source", "Pool", "a new pool, or one of the account's",
	  FORM_CHOICE, FORM_STEP_POOL, CH(source_choices), NULL },
	{ "pool.existing", "Existing pool", "the pool to put behind the load balancer",
	  FORM_CHOICE, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.name", "Name", "letters, digits, - and _ (e.g. inference-pool)",
	  FORM_TEXT, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.description", "Description", "free text", FORM_TEXT,
	  FORM_STEP_POOL, NOCH, NULL },
	{ "pool.origins", "Origins", "a: add  d: remove  K/J: move; real addresses only",
	  FORM_TABLE, FORM_STEP_POOL, NOCH, NULL },
	{ "pool.origins[].name", "Name", "unique in the pool", FORM_TEXT,
	  FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].address", "Address", "IPv4, IPv6 or hostname of the server",
	  FORM_TEXT, FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].weight", "Weight", "0 to 1 in steps of 0.01",
	  FORM_NUMBER, FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].enabled", "Enabled", "space: on/off", FORM_BOOL,
	  FORM_STEP_POOL, NOCH, "pool.origins" },
	{ "pool.origins[].header", "Host header", "optional Host header for this origin",
	  FORM_TEXT, FORM_STEP_POOL, NOCH, "pool.origins" },
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
	{ "monitor.existing", "Existing monitor", "the monitor to attach to the pool",
	  FORM_CHOICE, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.type", "Type", "the protocol of the health check",
	  FORM_CHOICE, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.method", "Method", "GET or HEAD for HTTP(S)", FORM_CHOICE,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.path", "Path", "starts with / (e.g. /health)", FORM_TEXT,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.port", "Port", "0: 80 for HTTP, 443 for HTTPS; required for TCP",
	  FORM_NUMBER, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.header.Host", "Host header", "optional; sent with each probe",
	  FORM_TEXT, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.expected_codes", "Expected codes", "a status (200) or a range (2xx)",
	  FORM_TEXT, FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.expected_body", "Expected body",
	  "optional; a case-insensitive substring of the answer", FORM_TEXT,
	  FORM_STEP_MONITOR, NOCH, NULL },
	{ "monitor.interval", "Interval (s)", "seconds between checks (60 to 3600)",
	  FORM_NUMBER, FORM_STEP_MONITOR, NOCH, NULL },
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

	{ "load_balancer.name", "Hostname", "the name clients use, inside the zone",
	  FORM_TEXT, FORM_STEP_LB, NOCH, NULL },
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
	  "region code -> pools, e.g. WNAM", FORM_MAP, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.country_pools", "Country pools",
	  "country code -> pools, e.g. US", FORM_MAP, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.proxied", "Proxied",
	  "through Cloudflare (orange cloud); then no TTL", FORM_BOOL,
	  FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.ttl", "TTL (s)", "DNS TTL: empty, 1 (automatic) or 30-86400",
	  FORM_NUMBER, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.session_affinity", "Session affinity",
	  "keep a client on one origin", FORM_CHOICE, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.session_affinity_ttl", "Affinity TTL (s)",
	  "empty: the API default", FORM_NUMBER, FORM_STEP_LB, NOCH, NULL },
	{ "load_balancer.enabled", "Enabled", "a disabled load balancer answers nothing",
	  FORM_BOOL, FORM_STEP_LB, NOCH, NULL },

	{ "cname.create", "Create a CNAME", "the prediction API's name",
	  FORM_BOOL, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.name", "Name", "inside the zone (e.g. api.example.com)",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.content", "Target",
	  "the load balancer's hostname, or a model hosting endpoint",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.proxied", "Proxied", "through Cloudflare's CDN; then TTL is automatic",
	  FORM_BOOL, FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.ttl", "TTL (s)", "1 (automatic) or 30-86400", FORM_NUMBER,
	  FORM_STEP_CNAME, NOCH, NULL },
	{ "cname.comment", "Comment", "optional, at most 100 characters",
	  FORM_TEXT, FORM_STEP_CNAME, NOCH, NULL },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const char *const step_titles[FORM_NSTEPS] = {
	"Zone", "Pool", "Monitor", "Load balancer", "CNAME", "Review",
};

const char *
form_step_title(enum form_step s)
{
	return (size_t)s < FORM_NSTEPS ? step_titles[s] : "?";
}

/* Splits "pool.origins[3].address" into the table form and row 3. */
static bool
split_cell(const char *id, char *base, size_t size, size_t *row)
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
	if (split_cell(id, base, sizeof(base), &row))
		id = base;
	for (i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].id, id))
			return &fields[i];
	return NULL;
}

/* ---- the form --------------------------------------------------------------- */

struct buf {
	char *id;    /* full id (cells with their row) */
	char *text;  /* what the user typed */
	char *why;   /* its reason, or NULL when valid */
};

struct objs {
	char **ids, **names;
	size_t n;
};

struct form {
	struct cf_plan plan;
	struct plan_rules rules;
	enum form_step step;
	enum form_step reached;
	char *focus;
	bool dirty;
	struct buf *bufs;
	size_t nbufs;
	struct objs objs[FORM_NOBJ];
	/* scratch returned to the caller */
	const char **visible;
	size_t nvisible;
	char *shown;
	struct valid_choice *choices;
	size_t nchoices;
	char **choice_text;
	size_t nchoice_text;
	struct plan_issues issues;
};

static void
objs_free(struct objs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->ids[i]);
		free(o->names[i]);
	}
	free(o->ids);
	free(o->names);
	memset(o, 0, sizeof(*o));
}

static void
choices_reset(struct form *f)
{
	size_t i;

	for (i = 0; i < f->nchoice_text; i++)
		free(f->choice_text[i]);
	free(f->choice_text);
	free(f->choices);
	f->choice_text = NULL;
	f->choices = NULL;
	f->nchoices = f->nchoice_text = 0;
}

void
form_free(struct form *f)
{
	size_t i;

	if (!f)
		return;
	cf_plan_free(&f->plan);
	for (i = 0; i < f->nbufs; i++) {
		free(f->bufs[i].id);
		free(f->bufs[i].text);
		free(f->bufs[i].why);
	}
	free(f->bufs);
	for (i = 0; i < FORM_NOBJ; i++)
		objs_free(&f->objs[i]);
	for (i = 0; i < f->nvisible; i++)
		free((char *)(uintptr_t)f->visible[i]);
	free(f->visible);
	free(f->focus);
	free(f->shown);
	choices_reset(f);
	plan_issues_free(&f->issues);
	free(f);
}

struct form *
form_new(const char *preset, const char *zone, const struct plan_rules *rules)
{
	struct form *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	if (!plan_preset(preset, zone, &f->plan)) {
		free(f);
		return NULL;
	}
	if (rules)
		f->rules = *rules;
	f->step = f->reached = FORM_STEP_ZONE;
	f->focus = strdup("zone");
	if (!f->focus) {
		form_free(f);
		return NULL;
	}
	return f;
}

const struct cf_plan *
form_plan(const struct form *f)
{
	return &f->plan;
}

bool
form_take_plan(const struct form *f, struct cf_plan *out)
{
	return cf_plan_copy(out, &f->plan) == CF_OK;
}

enum form_step
form_step(const struct form *f)
{
	return f->step;
}

bool
form_dirty(const struct form *f)
{
	return f->dirty;
}

static struct buf *
buf_find(struct form *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nbufs; i++)
		if (!strcmp(f->bufs[i].id, id))
			return &f->bufs[i];
	return NULL;
}

static void
buf_drop(struct form *f, const char *id)
{
	struct buf *b = buf_find(f, id);

	if (!b)
		return;
	free(b->id);
	free(b->text);
	free(b->why);
	*b = f->bufs[--f->nbufs];
}

/* Drops every buffer whose id starts with prefix (rows that moved). */
static void
buf_drop_prefix(struct form *f, const char *prefix)
{
	size_t i = 0, n = strlen(prefix);

	while (i < f->nbufs) {
		if (!strncmp(f->bufs[i].id, prefix, n)) {
			buf_drop(f, f->bufs[i].id);
			continue;
		}
		i++;
	}
}

static bool
buf_set(struct form *f, const char *id, const char *text, const char *why)
{
	struct buf *b = buf_find(f, id);
	char *t = strdup(text), *w = why ? strdup(why) : NULL;

	if (!t || (why && !w)) {
		free(t);
		free(w);
		return false;
	}
	if (!b) {
		struct buf *nb = realloc(f->bufs, (f->nbufs + 1) * sizeof(*nb));

		if (!nb) {
			free(t);
			free(w);
			return false;
		}
		f->bufs = nb;
		b = &nb[f->nbufs++];
		b->id = strdup(id);
		if (!b->id) {
			f->nbufs--;
			free(t);
			free(w);
			return false;
		}
	} else {
		free(b->text);
		free(b->why);
	}
	b->text = t;
	b->why = w;
	return true;
}

/* ---- visibility (dependencies) ---------------------------------------------- */

static bool
http_monitor(const struct cf_plan *p)
{
	return valid_monitor_is_http(p->monitor.type);
}

static bool
visible(const struct cf_plan *p, const char *id)
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
			return p->monitor.type && (http_monitor(p) ||
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

size_t
form_fields(struct form *f, enum form_step s, const char *const **ids)
{
	size_t i;

	for (i = 0; i < f->nvisible; i++)
		free((char *)(uintptr_t)f->visible[i]);
	free(f->visible);
	f->visible = calloc(NFIELDS + 1, sizeof(*f->visible));
	f->nvisible = 0;
	for (i = 0; f->visible && i < NFIELDS; i++) {
		if (fields[i].step != s || fields[i].table ||
		    !visible(&f->plan, fields[i].id))
			continue;
		f->visible[f->nvisible] = strdup(fields[i].id);
		if (f->visible[f->nvisible])
			f->nvisible++;
	}
	*ids = f->visible;
	return f->nvisible;
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
static char *
value_text(const struct cf_plan *p, const char *base, size_t row)
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
			return dup_or_empty(o->header_host.n ? o->header_host.v[0]
							     : "");
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
static bool
store(struct form *f, const char *base, size_t row, const char *t, char *why,
      size_t n)
{
	struct cf_plan *p = &f->plan;
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
	if (!strcmp(base, "pool.existing") || !strcmp(base, "monitor.existing")) {
		if (!valid_object_id(t, why, n))
			return false;
		return set_str(base[0] == 'p' ? &p->pool_id : &p->monitor_id, t);
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
			return valid_origin_name(t, why, n) && set_str(&o->name, t);
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
	if (!strcmp(base, "pool.enabled") || !strcmp(base, "monitor.follow_redirects") ||
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
		    !valid_interval(iv, f->rules.min_interval, why, n))
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
		snprintf(why, n, "the fallback pool must be one of the default "
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
		    !valid_session_affinity_ttl(lb->session_affinity, iv, why, n))
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
static const struct form_field *
resolve(const char *id, char *base, size_t size, size_t *row)
{
	*row = 0;
	if (!split_cell(id, base, size, row))
		snprintf(base, size, "%s", id);
	return form_field_def(base);
}

bool
form_set(struct form *f, const char *id, const char *text)
{
	char base[128], why[VALID_WHY_MAX] = "";
	const struct form_field *d;
	size_t row;
	bool ok;

	d = resolve(id, base, sizeof(base), &row);
	if (!d || d->kind == FORM_TABLE || d->kind == FORM_PICK ||
	    d->kind == FORM_MAP)
		return false;
	ok = store(f, base, row, text, why, sizeof(why));
	f->dirty = true;
	if (ok) {
		/* Other fields may have changed with this one (the method with
		 * the type, the CNAME's target with the LB's name): their valid
		 * texts are shown from the plan again. This field keeps what
		 * was typed ("0.", "080"), so typing goes on from it. */
		size_t i = 0;

		while (i < f->nbufs) {
			if (!f->bufs[i].why && strcmp(f->bufs[i].id, id)) {
				buf_drop(f, f->bufs[i].id);
				continue;
			}
			i++;
		}
		return buf_set(f, id, text, NULL);
	}
	return buf_set(f, id, text, why);
}

const char *
form_text(struct form *f, const char *id)
{
	char base[128];
	size_t row;
	struct buf *b = buf_find(f, id);

	if (b)
		return b->text;
	free(f->shown);
	if (!resolve(id, base, sizeof(base), &row)) {
		f->shown = strdup("");
		return f->shown ? f->shown : "";
	}
	f->shown = value_text(&f->plan, base, row);
	return f->shown ? f->shown : "";
}

/* Does issue field `issue` belong to form field id (itself, a cell of it,
 * a key of a map field)? */
static bool
issue_is_about(const char *issue, const char *id)
{
	size_t n = strlen(id);

	return !strncmp(issue, id, n) &&
	       (issue[n] == '\0' || issue[n] == '.' || issue[n] == '[');
}

static void
refresh_issues(struct form *f)
{
	plan_issues_free(&f->issues);
	plan_validate(&f->plan, &f->rules, &f->issues);
}

const char *
form_why(struct form *f, const char *id)
{
	struct buf *b = buf_find(f, id);
	size_t i;

	if (b && b->why)
		return b->why;
	refresh_issues(f);
	for (i = 0; i < f->issues.n; i++)
		if (!f->issues.v[i].warning &&
		    issue_is_about(f->issues.v[i].field, id))
			return f->issues.v[i].message;
	return NULL;
}

/* ---- focus and keys ------------------------------------------------------------ */

/* The focusable ids of the current step: fields, and table cells in place
 * of their table. Caller frees the array and its strings. */
static size_t
focusables(struct form *f, char ***out)
{
	const char *const *ids;
	size_t n = form_fields(f, f->step, &ids), i, j, r, k = 0, cap = n + 1;
	char **v = calloc(cap, sizeof(char *));

	for (i = 0; v && i < n; i++) {
		const struct form_field *d = form_field_def(ids[i]);

		if (d->kind != FORM_TABLE) {
			v[k++] = strdup(ids[i]);
			continue;
		}
		for (r = 0; r < f->plan.pool.norigins; r++) {
			for (j = 0; j < NFIELDS; j++) {
				char cell[128];
				char **nv;

				if (!fields[j].table || strcmp(fields[j].table, ids[i]))
					continue;
				snprintf(cell, sizeof(cell), "%s[%zu]%s", ids[i], r,
					 strstr(fields[j].id, "[]") + 2);
				if (k + 1 >= cap) {
					cap *= 2;
					nv = realloc(v, cap * sizeof(char *));
					if (!nv)
						goto out;
					v = nv;
				}
				v[k++] = strdup(cell);
			}
		}
	}
out:
	*out = v;
	return v ? k : 0;
}

static void
strv_drop(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

const char *
form_focus(const struct form *f)
{
	return f->focus;
}

bool
form_set_focus(struct form *f, const char *id)
{
	char **v;
	size_t n = focusables(f, &v), i;
	bool ok = false;

	for (i = 0; i < n && !ok; i++)
		if (!strcmp(v[i], id))
			ok = set_str(&f->focus, id);
	strv_drop(v, n);
	return ok;
}

static void
focus_move(struct form *f, int dir)
{
	char **v;
	size_t n = focusables(f, &v), i, at = 0;

	if (!n) {
		strv_drop(v, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (f->focus && !strcmp(v[i], f->focus))
			at = i;
	if (dir == 0)
		at = 0;
	else
		at = (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	set_str(&f->focus, v[at]);
	strv_drop(v, n);
}

void
form_focus_next(struct form *f)
{
	focus_move(f, 1);
}

void
form_focus_prev(struct form *f)
{
	focus_move(f, -1);
}

static const struct form_field *
focused(const struct form *f)
{
	return f->focus ? form_field_def(f->focus) : NULL;
}

bool
form_set_text(struct form *f, const char *text)
{
	return f->focus && form_set(f, f->focus, text);
}

bool
form_type(struct form *f, const char *text)
{
	const struct form_field *d = focused(f);
	const char *cur;
	char *t;
	bool ok;

	if (!d || d->kind == FORM_BOOL || d->kind == FORM_TABLE ||
	    d->kind == FORM_PICK || d->kind == FORM_MAP)
		return false;
	cur = form_text(f, f->focus);
	t = malloc(strlen(cur) + strlen(text) + 1);
	if (!t)
		return false;
	sprintf(t, "%s%s", cur, text);
	ok = form_set(f, f->focus, t);
	free(t);
	return ok;
}

bool
form_backspace(struct form *f)
{
	const struct form_field *d = focused(f);
	char *t;
	size_t n;
	bool ok;

	if (!d || d->kind == FORM_BOOL || d->kind == FORM_TABLE ||
	    d->kind == FORM_PICK || d->kind == FORM_MAP)
		return false;
	t = strdup(form_text(f, f->focus));
	if (!t)
		return false;
	n = strlen(t);
	if (!n) {
		free(t);
		return false;
	}
	/* Back over UTF-8 continuation bytes to the character's start. */
	while (n > 0 && ((unsigned char)t[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	t[n] = '\0';
	ok = form_set(f, f->focus, t);
	free(t);
	return ok;
}

bool
form_toggle(struct form *f)
{
	const struct form_field *d = focused(f);

	if (!d || d->kind != FORM_BOOL)
		return false;
	return form_set(f, f->focus,
			strcmp(form_text(f, f->focus), "on") ? "on" : "off");
}

/* ---- choices ----------------------------------------------------------------- */

static bool
choice_add(struct form *f, const char *value, const char *help)
{
	struct valid_choice *nc =
		realloc(f->choices, (f->nchoices + 1) * sizeof(*nc));
	char **nt = realloc(f->choice_text,
			    (f->nchoice_text + 2) * sizeof(*nt));

	if (nc)
		f->choices = nc;
	if (nt)
		f->choice_text = nt;
	if (!nc || !nt)
		return false;
	nt[f->nchoice_text] = strdup(value);
	nt[f->nchoice_text + 1] = strdup(help ? help : "");
	if (!nt[f->nchoice_text] || !nt[f->nchoice_text + 1]) {
		free(nt[f->nchoice_text]);
		free(nt[f->nchoice_text + 1]);
		return false;
	}
	nc[f->nchoices].value = nt[f->nchoice_text];
	nc[f->nchoices].help = nt[f->nchoice_text + 1];
	f->nchoice_text += 2;
	f->nchoices++;
	return true;
}

static void
objects_as_choices(struct form *f, enum form_objects k)
{
	size_t i;

	for (i = 0; i < f->objs[k].n; i++)
		choice_add(f, f->objs[k].ids[i], f->objs[k].names[i]);
}

/* The name of a pool reference for help texts. */
static const char *
pool_name(const struct form *f, const char *ref)
{
	size_t i;

	if (!strcmp(ref, CF_PLAN_POOL_REF))
		return "this plan's pool";
	for (i = 0; i < f->objs[FORM_OBJ_POOLS].n; i++)
		if (!strcmp(f->objs[FORM_OBJ_POOLS].ids[i], ref))
			return f->objs[FORM_OBJ_POOLS].names[i];
	return ref;
}

const struct valid_choice *
form_choices(struct form *f, const char *id, size_t *n)
{
	char base[128];
	size_t row, i;
	const struct form_field *d = resolve(id, base, sizeof(base), &row);

	choices_reset(f);
	*n = 0;
	if (!d)
		return NULL;
	if (d->choices) {
		*n = d->nchoices;
		return d->choices;
	}
	if (!strcmp(base, "zone")) {
		for (i = 0; i < f->objs[FORM_OBJ_ZONES].n; i++)
			choice_add(f, f->objs[FORM_OBJ_ZONES].names[i],
				   f->objs[FORM_OBJ_ZONES].ids[i]);
	} else if (!strcmp(base, "pool.existing")) {
		objects_as_choices(f, FORM_OBJ_POOLS);
	} else if (!strcmp(base, "monitor.existing")) {
		objects_as_choices(f, FORM_OBJ_MONITORS);
	} else if (!strcmp(base, "monitor.type")) {
		*n = valid_nmonitor_types;
		return valid_monitor_types;
	} else if (!strcmp(base, "monitor.method")) {
		return valid_monitor_methods(f->plan.monitor.type, n);
	} else if (!strcmp(base, "pool.origin_steering")) {
		*n = valid_norigin_steerings;
		return valid_origin_steerings;
	} else if (!strcmp(base, "pool.check_regions")) {
		*n = valid_ncheck_regions;
		return valid_check_regions;
	} else if (!strcmp(base, "load_balancer.steering_policy")) {
		*n = valid_nsteering_policies;
		return valid_steering_policies;
	} else if (!strcmp(base, "load_balancer.session_affinity")) {
		*n = valid_nsession_affinities;
		return valid_session_affinities;
	} else if (!strcmp(base, "load_balancer.default_pools") ||
		   !strcmp(base, "load_balancer.pop_pools") ||
		   !strcmp(base, "load_balancer.region_pools") ||
		   !strcmp(base, "load_balancer.country_pools")) {
		if (f->plan.pool_source == CF_PLAN_CREATE)
			choice_add(f, CF_PLAN_POOL_REF,
				   "the pool this plan creates");
		objects_as_choices(f, FORM_OBJ_POOLS);
	} else if (!strcmp(base, "load_balancer.fallback_pool")) {
		for (i = 0; i < f->plan.lb.default_pools.n; i++)
			choice_add(f, f->plan.lb.default_pools.v[i],
				   pool_name(f, f->plan.lb.default_pools.v[i]));
	}
	*n = f->nchoices;
	return f->choices;
}

bool
form_cycle(struct form *f, int dir)
{
	const struct form_field *d = focused(f);
	const struct valid_choice *c;
	const char *cur;
	size_t n, i, at = 0;
	char *pick;
	bool ok;

	if (!d || d->kind != FORM_CHOICE)
		return false;
	c = form_choices(f, f->focus, &n);
	if (!n)
		return false;
	cur = form_text(f, f->focus);
	for (i = 0; i < n; i++)
		if (!strcmp(c[i].value, cur))
			at = (i + n + (size_t)(dir >= 0 ? 1 : n - 1)) % n;
	pick = strdup(c[at].value);
	ok = pick && form_set(f, f->focus, pick);
	free(pick);
	return ok;
}

bool
form_set_objects(struct form *f, enum form_objects kind,
		 const char *const *ids, const char *const *names, size_t n)
{
	struct objs o = { 0 };
	size_t i;

	if ((size_t)kind >= FORM_NOBJ)
		return false;
	o.ids = calloc(n + 1, sizeof(char *));
	o.names = calloc(n + 1, sizeof(char *));
	if (!o.ids || !o.names) {
		objs_free(&o);
		return false;
	}
	for (i = 0; i < n; i++) {
		o.ids[i] = strdup(ids[i] ? ids[i] : "");
		o.names[i] = strdup(names && names[i] ? names[i] : ids[i]);
		o.n++;
		if (!o.ids[i] || !o.names[i]) {
			objs_free(&o);
			return false;
		}
	}
	objs_free(&f->objs[kind]);
	f->objs[kind] = o;
	return true;
}

/* ---- tables -------------------------------------------------------------------- */

size_t
form_rows(const struct form *f, const char *table)
{
	return table && !strcmp(table, "pool.origins") ? f->plan.pool.norigins
						       : 0;
}

bool
form_row_add(struct form *f, const char *table)
{
	struct cf_pool *pl = &f->plan.pool;
	struct cf_origin *o;
	char name[32], focus[64];

	if (!table || strcmp(table, "pool.origins"))
		return false;
	o = realloc(pl->origins, (pl->norigins + 1) * sizeof(*o));
	if (!o)
		return false;
	pl->origins = o;
	cf_origin_init(&o[pl->norigins]);
	snprintf(name, sizeof(name), "origin-%zu", pl->norigins + 1);
	o[pl->norigins].name = strdup(name);
	o[pl->norigins].address = strdup("");
	pl->norigins++;
	f->dirty = true;
	snprintf(focus, sizeof(focus), "pool.origins[%zu].name", pl->norigins - 1);
	set_str(&f->focus, focus);
	return true;
}

bool
form_row_remove(struct form *f, const char *table, size_t i)
{
	struct cf_pool *pl = &f->plan.pool;

	if (!table || strcmp(table, "pool.origins") || i >= pl->norigins ||
	    pl->norigins < 2)
		return false;
	cf_origin_free(&pl->origins[i]);
	memmove(&pl->origins[i], &pl->origins[i + 1],
		(pl->norigins - i - 1) * sizeof(pl->origins[0]));
	pl->norigins--;
	/* Typed-but-invalid cells belong to rows by number: forget them. */
	buf_drop_prefix(f, "pool.origins[");
	set_str(&f->focus, "pool.origins[0].name");
	f->dirty = true;
	return true;
}

bool
form_row_move(struct form *f, const char *table, size_t i, int dir)
{
	struct cf_pool *pl = &f->plan.pool;
	size_t j;
	struct cf_origin t;

	if (!table || strcmp(table, "pool.origins") || i >= pl->norigins)
		return false;
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= pl->norigins))
		return false;
	j = dir < 0 ? i - 1 : i + 1;
	t = pl->origins[i];
	pl->origins[i] = pl->origins[j];
	pl->origins[j] = t;
	buf_drop_prefix(f, "pool.origins[");
	f->dirty = true;
	return true;
}

/* ---- pick-lists and maps ---------------------------------------------------------- */

static struct cf_strv *
pick_list(struct form *f, const char *id)
{
	if (!strcmp(id, "load_balancer.default_pools"))
		return &f->plan.lb.default_pools;
	if (!strcmp(id, "pool.check_regions"))
		return &f->plan.pool.check_regions;
	return NULL;
}

size_t
form_picked(const struct form *f, const char *id)
{
	const struct cf_strv *v = pick_list((struct form *)(uintptr_t)f, id);

	return v ? v->n : 0;
}

const char *
form_picked_item(const struct form *f, const char *id, size_t i)
{
	const struct cf_strv *v = pick_list((struct form *)(uintptr_t)f, id);

	return v && i < v->n ? v->v[i] : NULL;
}

bool
form_pick_add(struct form *f, const char *id, const char *value)
{
	struct cf_strv *v = pick_list(f, id);
	const struct valid_choice *c;
	size_t n, i;
	char **nv;
	bool known = false;

	if (!v || !value)
		return false;
	c = form_choices(f, id, &n);
	for (i = 0; i < n; i++)
		known |= !strcmp(c[i].value, value);
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], value))
			return false; /* each object once */
	if (!known)
		return false;
	nv = realloc(v->v, (v->n + 1) * sizeof(*nv));
	if (!nv)
		return false;
	v->v = nv;
	nv[v->n] = strdup(value);
	if (!nv[v->n])
		return false;
	v->n++;
	if (!strcmp(id, "pool.check_regions"))
		f->plan.pool.has_check_regions = true;
	f->dirty = true;
	return true;
}

bool
form_pick_remove(struct form *f, const char *id, size_t i)
{
	struct cf_strv *v = pick_list(f, id);
	struct cf_load_balancer *lb = &f->plan.lb;

	if (!v || i >= v->n)
		return false;
	/* The fallback pool goes with it (it must be a default pool). */
	if (v == &lb->default_pools && lb->fallback_pool &&
	    !strcmp(lb->fallback_pool, v->v[i])) {
		free(lb->fallback_pool);
		lb->fallback_pool = v->n > 1 ? strdup(v->v[i ? 0 : 1]) : NULL;
	}
	free(v->v[i]);
	memmove(&v->v[i], &v->v[i + 1], (v->n - i - 1) * sizeof(char *));
	v->n--;
	if (!strcmp(id, "pool.check_regions") && !v->n)
		f->plan.pool.has_check_regions = false;
	f->dirty = true;
	return true;
}

bool
form_pick_move(struct form *f, const char *id, size_t i, int dir)
{
	struct cf_strv *v = pick_list(f, id);
	size_t j;
	char *t;

	if (!v || i >= v->n || (dir < 0 && i == 0) ||
	    (dir > 0 && i + 1 >= v->n))
		return false;
	j = dir < 0 ? i - 1 : i + 1;
	t = v->v[i];
	v->v[i] = v->v[j];
	v->v[j] = t;
	f->dirty = true;
	return true;
}

bool
form_map_set(struct form *f, const char *id, const char *key,
	     const char *value)
{
	struct cf_load_balancer *lb = &f->plan.lb;
	struct cf_pool_map *m;
	bool (*key_ok)(const char *, char *, size_t);
	struct cf_pool_map_entry *e = NULL;
	struct cf_strv pools = { 0 };
	char why[VALID_WHY_MAX], full[160], *copy, *tok, *save = NULL;
	size_t i;

	if (!strcmp(id, "load_balancer.pop_pools")) {
		m = &lb->pop_pools;
		key_ok = valid_pop_code;
	} else if (!strcmp(id, "load_balancer.region_pools")) {
		m = &lb->region_pools;
		key_ok = valid_region_code;
	} else if (!strcmp(id, "load_balancer.country_pools")) {
		m = &lb->country_pools;
		key_ok = valid_country_code;
	} else {
		return false;
	}
	snprintf(full, sizeof(full), "%s.%s", id, key ? key : "");
	f->dirty = true;
	if (key && (!value || !*value) && !key_ok(key, NULL, 0)) {
		buf_drop(f, full); /* clearing a key that was typed wrong */
		return true;
	}
	if (!key || !key_ok(key, why, sizeof(why)))
		return buf_set(f, full, value ? value : "", why) && false;
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			e = &m->e[i];
	if (!value || !*value) {
		if (e) {
			free(e->key);
			cf_strv_free(&e->pool_ids);
			*e = m->e[--m->n];
		}
		buf_drop(f, full);
		return true;
	}
	copy = strdup(value);
	if (!copy)
		return false;
	for (tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		char **nv = realloc(pools.v, (pools.n + 1) * sizeof(*nv));

		if (!nv)
			break;
		pools.v = nv;
		nv[pools.n] = strdup(tok);
		if (nv[pools.n])
			pools.n++;
	}
	free(copy);
	for (i = 0; i < pools.n; i++) {
		if (strcmp(pools.v[i], CF_PLAN_POOL_REF) &&
		    !valid_object_id(pools.v[i], NULL, 0)) {
			snprintf(why, sizeof(why),
				 "%s is neither this plan's pool nor a pool id",
				 pools.v[i]);
			cf_strv_free(&pools);
			return buf_set(f, full, value, why) && false;
		}
	}
	if (!e) {
		struct cf_pool_map_entry *ne =
			realloc(m->e, (m->n + 1) * sizeof(*ne));

		if (!ne) {
			cf_strv_free(&pools);
			return false;
		}
		m->e = ne;
		e = &ne[m->n];
		memset(e, 0, sizeof(*e));
		e->key = strdup(key);
		if (!e->key) {
			cf_strv_free(&pools);
			return false;
		}
		m->n++;
	}
	cf_strv_free(&e->pool_ids);
	e->pool_ids = pools;
	buf_drop(f, full);
	return true;
}

/* ---- steps ---------------------------------------------------------------------- */

static enum form_step
step_of_issue(const char *field)
{
	if (!strncmp(field, "zone", 4))
		return FORM_STEP_ZONE;
	if (!strncmp(field, "pool", 4))
		return FORM_STEP_POOL;
	if (!strncmp(field, "monitor", 7))
		return FORM_STEP_MONITOR;
	if (!strncmp(field, "load_balancer", 13))
		return FORM_STEP_LB;
	if (!strncmp(field, "cname", 5))
		return FORM_STEP_CNAME;
	return FORM_STEP_REVIEW;
}

bool
form_next(struct form *f)
{
	char **v;
	size_t n, i, j;
	const char *bad = NULL;
	bool step_error = false;

	if (f->step >= FORM_STEP_REVIEW)
		return false;
	n = focusables(f, &v);
	refresh_issues(f);
	/* Typed text that did not validate, in field order. */
	for (i = 0; i < n && !bad; i++) {
		struct buf *b = buf_find(f, v[i]);

		if (b && b->why)
			bad = v[i];
	}
	/* Whole-plan errors about this step's fields (or the step). */
	for (i = 0; i < f->issues.n; i++) {
		const struct plan_issue *is = &f->issues.v[i];

		if (is->warning || step_of_issue(is->field) != f->step)
			continue;
		step_error = true;
		for (j = 0; j < n && !bad; j++)
			if (issue_is_about(is->field, v[j]) ||
			    issue_is_about(v[j], is->field))
				bad = v[j];
	}
	/* Map keys typed wrong are buffers under the map's id. */
	for (i = 0; i < f->nbufs && !bad; i++) {
		const struct form_field *d;
		char base[128];

		snprintf(base, sizeof(base), "%s", f->bufs[i].id);
		if (strrchr(base, '.'))
			*strrchr(base, '.') = '\0';
		d = form_field_def(base);
		if (f->bufs[i].why && d && d->kind == FORM_MAP &&
		    d->step == f->step)
			bad = base[0] ? f->bufs[i].id : NULL;
	}
	if (bad || step_error) {
		if (bad) {
			char base[128], *dot;

			snprintf(base, sizeof(base), "%s", bad);
			/* A map key's buffer focuses its map field. */
			dot = strrchr(base, '.');
			if (!form_field_def(base) && dot)
				*dot = '\0';
			set_str(&f->focus, base);
		}
		strv_drop(v, n);
		return false;
	}
	strv_drop(v, n);
	f->step++;
	if (f->step > f->reached)
		f->reached = f->step;
	focus_move(f, 0);
	return true;
}

bool
form_back(struct form *f)
{
	if (f->step == FORM_STEP_ZONE)
		return false;
	f->step--;
	focus_move(f, 0);
	return true;
}

bool
form_goto(struct form *f, enum form_step s)
{
	if ((size_t)s >= FORM_NSTEPS || s > f->reached)
		return false;
	f->step = s;
	focus_move(f, 0);
	return true;
}

bool
form_issues(const struct form *f, struct plan_issues *out)
{
	return plan_validate(&f->plan, &f->rules, out);
}
