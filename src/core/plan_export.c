/* plan_export.c: a setup plan as code users keep: the plan JSON, a Pulumi Python program (pulumi_cloudflare v6) and Terraform HCL (Cloudflare provider v5). */
#include "cfconsole/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Names follow spec/cloudflare-api/EXPORTS.md. The programs reference
 * each other's resources (pool.id, the load balancer's name) instead of
 * ids, take the account and zone ids from configuration (Pulumi config,
 * Terraform variables) and never contain a credential: the providers read
 * CLOUDFLARE_API_TOKEN from the environment. They write the same fields as
 * the apply's create requests.
 */

struct out {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (o->len + (size_t)n + 1 > o->cap) {
		size_t nc = o->cap ? o->cap : 4096;
		char *np;

		while (nc < o->len + (size_t)n + 1)
			nc *= 2;
		np = realloc(o->p, nc);
		if (!np) {
			o->oom = true;
			return;
		}
		o->p = np;
		o->cap = nc;
	}
	va_start(ap, fmt);
	vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

enum lang { PY, HCL };

/* A string literal in the target language (double quotes). */
static void
put_str(struct out *o, enum lang l, const char *s)
{
	const unsigned char *c = (const unsigned char *)(s ? s : "");

	put(o, "\"");
	for (; *c; c++) {
		if (*c == '"' || *c == '\\')
			put(o, "\\%c", *c);
		else if (*c == '\n')
			put(o, "\\n");
		else if (*c == '\t')
			put(o, "\\t");
		else if (*c == '\r')
			put(o, "\\r");
		else if (*c < 0x20 || *c == 0x7f)
			put(o, l == PY ? "\\x%02x" : "\\u%04x", *c);
		else if (l == HCL && (*c == '$' || *c == '%') && c[1] == '{')
			put(o, "%c%c", *c, *c); /* "$${" is a literal "${" */
		else
			put(o, "%c", *c);
	}
	put(o, "\"");
}

static void
put_num(struct out *o, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		put(o, "%.0f", v);
	else
		put(o, "%.10g", v);
}

static void
put_bool(struct out *o, enum lang l, bool b)
{
	put(o, "%s", l == PY ? (b ? "True" : "False") : (b ? "true" : "false"));
}

/* Resource references, by language. */
struct refs {
	const char *monitor_id; /* expression for the monitor's id */
	const char *pool_id;
	const char *lb_name;
};

/* A pool reference of the LB: this plan's pool or a literal id. */
static void
put_pool_ref(struct out *o, enum lang l, const struct cf_plan *p,
	     const struct refs *r, const char *ref)
{
	if (ref && !strcmp(ref, CF_PLAN_POOL_REF)) {
		if (p->pool_source == CF_PLAN_EXISTING)
			put_str(o, l, p->pool_id);
		else
			put(o, "%s", r->pool_id);
	} else {
		put_str(o, l, ref);
	}
}

static void
put_pool_list(struct out *o, enum lang l, const struct cf_plan *p,
	      const struct refs *r, const struct cf_strv *v)
{
	size_t i;

	put(o, "[");
	for (i = 0; i < v->n; i++) {
		if (i)
			put(o, ", ");
		put_pool_ref(o, l, p, r, v->v[i]);
	}
	put(o, "]");
}

static void
put_pool_map(struct out *o, enum lang l, const struct cf_plan *p,
	     const struct refs *r, const struct cf_pool_map *m)
{
	size_t i;

	put(o, "{");
	if (l == HCL && m->n)
		put(o, "\n");
	for (i = 0; i < m->n; i++) {
		if (l == PY) {
			put(o, "%s", i ? ", " : "");
			put_str(o, l, m->e[i].key);
			put(o, ": ");
		} else {
			put(o, "    ");
			put_str(o, l, m->e[i].key);
			put(o, " = ");
		}
		put_pool_list(o, l, p, r, &m->e[i].pool_ids);
		if (l == HCL)
			put(o, "\n");
	}
	put(o, l == HCL && m->n ? "  }" : "}");
}

static void
put_strv(struct out *o, enum lang l, const struct cf_strv *v)
{
	size_t i;

	put(o, "[");
	for (i = 0; i < v->n; i++) {
		if (i)
			put(o, ", ");
		put_str(o, l, v->v[i]);
	}
	put(o, "]");
}

/* One "name=value" (Python keyword) or "name = value" (HCL) line start. */
static void
key(struct out *o, enum lang l, const char *k)
{
	if (l == PY)
		put(o, "    %s=", k);
	else
		put(o, "  %s = ", k);
}

static void
end(struct out *o, enum lang l)
{
	put(o, l == PY ? ",\n" : "\n");
}

static void
kv_str(struct out *o, enum lang l, const char *k, const char *v)
{
	key(o, l, k);
	put_str(o, l, v);
	end(o, l);
}

static void
kv_num(struct out *o, enum lang l, const char *k, double v)
{
	key(o, l, k);
	put_num(o, v);
	end(o, l);
}

static void
kv_bool(struct out *o, enum lang l, const char *k, bool v)
{
	key(o, l, k);
	put_bool(o, l, v);
	end(o, l);
}

static bool
set(const char *s)
{
	return s && *s;
}

static void
monitor_fields(struct out *o, enum lang l, const struct cf_monitor *m)
{
	bool http = valid_monitor_is_http(m->type);
	size_t i;

	kv_str(o, l, "type", m->type);
	if (set(m->description))
		kv_str(o, l, "description", m->description);
	if (set(m->method))
		kv_str(o, l, "method", m->method);
	if (http)
		kv_str(o, l, "path", m->path);
	kv_num(o, l, "port", m->port);
	if (http)
		kv_str(o, l, "expected_codes", m->expected_codes);
	if (http && set(m->expected_body))
		kv_str(o, l, "expected_body", m->expected_body);
	if (http && m->header.n) {
		key(o, l, "header");
		put(o, "{");
		for (i = 0; i < m->header.n; i++) {
			put(o, "%s", i ? ", " : "");
			put_str(o, l, m->header.e[i].name);
			put(o, l == PY ? ": " : " = ");
			put_strv(o, l, &m->header.e[i].values);
		}
		put(o, "}");
		end(o, l);
	}
	kv_num(o, l, "interval", m->interval);
	kv_num(o, l, "timeout", m->timeout);
	kv_num(o, l, "retries", m->retries);
	kv_num(o, l, "consecutive_up", m->consecutive_up);
	kv_num(o, l, "consecutive_down", m->consecutive_down);
	if (http) {
		kv_bool(o, l, "follow_redirects", m->follow_redirects);
		kv_bool(o, l, "allow_insecure", m->allow_insecure);
		if (set(m->probe_zone))
			kv_str(o, l, "probe_zone", m->probe_zone);
	}
}

static void
pool_fields(struct out *o, enum lang l, const struct cf_plan *p,
	    const struct refs *r)
{
	const struct cf_pool *pl = &p->pool;
	size_t i;

	kv_str(o, l, "name", pl->name);
	if (set(pl->description))
		kv_str(o, l, "description", pl->description);
	kv_bool(o, l, "enabled", pl->enabled);
	kv_num(o, l, "minimum_origins", pl->minimum_origins);
	if (p->monitor_source != CF_PLAN_SKIP) {
		key(o, l, "monitor");
		if (p->monitor_source == CF_PLAN_EXISTING)
			put_str(o, l, p->monitor_id);
		else
			put(o, "%s", r->monitor_id);
		end(o, l);
	}
	if (set(pl->origin_steering_policy) &&
	    strcmp(pl->origin_steering_policy, "random")) {
		key(o, l, "origin_steering");
		put(o, l == PY ? "{\"policy\": " : "{ policy = ");
		put_str(o, l, pl->origin_steering_policy);
		put(o, l == PY ? "}" : " }");
		end(o, l);
	}
	if (pl->has_check_regions) {
		key(o, l, "check_regions");
		put_strv(o, l, &pl->check_regions);
		end(o, l);
	}
	key(o, l, "origins");
	put(o, "[\n");
	for (i = 0; i < pl->norigins; i++) {
		const struct cf_origin *org = &pl->origins[i];

		if (l == PY) {
			put(o,
			    "        cloudflare.LoadBalancerPoolOriginArgs(name=");
			put_str(o, l, org->name);
			put(o, ", address=");
			put_str(o, l, org->address);
			put(o, ", enabled=");
			put_bool(o, l, org->enabled);
			put(o, ", weight=");
			put_num(o, org->weight);
			if (org->header_host.n) {
				put(o,
				    ", header=cloudflare."
				    "LoadBalancerPoolOriginHeaderArgs(host=");
				put_strv(o, l, &org->header_host);
				put(o, ")");
			}
			put(o, "),\n");
		} else {
			put(o, "    {\n      name    = ");
			put_str(o, l, org->name);
			put(o, "\n      address = ");
			put_str(o, l, org->address);
			put(o, "\n      enabled = ");
			put_bool(o, l, org->enabled);
			put(o, "\n      weight  = ");
			put_num(o, org->weight);
			if (org->header_host.n) {
				put(o, "\n      header  = { host = ");
				put_strv(o, l, &org->header_host);
				put(o, " }");
			}
			put(o, "\n    },\n");
		}
	}
	put(o, l == PY ? "    ]" : "  ]");
	end(o, l);
}

static void
lb_fields(struct out *o, enum lang l, const struct cf_plan *p,
	  const struct refs *r)
{
	const struct cf_load_balancer *lb = &p->lb;

	kv_str(o, l, "name", lb->name);
	if (set(lb->description))
		kv_str(o, l, "description", lb->description);
	key(o, l, "default_pools");
	put_pool_list(o, l, p, r, &lb->default_pools);
	end(o, l);
	key(o, l, "fallback_pool");
	put_pool_ref(o, l, p, r, lb->fallback_pool);
	end(o, l);
	if (set(lb->steering_policy))
		kv_str(o, l, "steering_policy", lb->steering_policy);
	if (lb->pop_pools.n) {
		key(o, l, "pop_pools");
		put_pool_map(o, l, p, r, &lb->pop_pools);
		end(o, l);
	}
	if (lb->region_pools.n) {
		key(o, l, "region_pools");
		put_pool_map(o, l, p, r, &lb->region_pools);
		end(o, l);
	}
	if (lb->country_pools.n) {
		key(o, l, "country_pools");
		put_pool_map(o, l, p, r, &lb->country_pools);
		end(o, l);
	}
	kv_bool(o, l, "proxied", lb->proxied);
	if (lb->has_ttl && !lb->proxied)
		kv_num(o, l, "ttl", lb->ttl);
	if (set(lb->session_affinity))
		kv_str(o, l, "session_affinity", lb->session_affinity);
	if (lb->has_session_affinity_ttl)
		kv_num(o, l, "session_affinity_ttl", lb->session_affinity_ttl);
	kv_bool(o, l, "enabled", lb->enabled);
}

static void
cname_fields(struct out *o, enum lang l, const struct cf_plan *p,
	     const struct refs *r)
{
	const struct cf_dns_record *c = &p->cname;

	kv_str(o, l, "name", c->name);
	kv_str(o, l, "type", "CNAME");
	key(o, l, "content");
	/* Pointing at the LB: follow it if its name ever changes. */
	if (c->content && p->lb.name && !strcasecmp(c->content, p->lb.name))
		put(o, "%s", r->lb_name);
	else
		put_str(o, l, c->content);
	end(o, l);
	kv_num(o, l, "ttl", c->ttl);
	kv_bool(o, l, "proxied", c->proxied);
	if (set(c->comment))
		kv_str(o, l, "comment", c->comment);
}

/* Free text in a comment line: control characters become spaces. */
static void
put_comment_text(struct out *o, const char *s)
{
	const unsigned char *c = (const unsigned char *)s;

	for (; *c; c++)
		put(o, "%c", *c < 0x20 || *c == 0x7f ? ' ' : *c);
}

/* The same comment at the top of both programs ("# " lines). */
static void
header_comment(struct out *o, const struct cf_plan *p)
{
	put(o, "# ");
	put_comment_text(o, set(p->description) ? p->description
						: "Load balancing setup");
	put(o, "\n# Exported by cfconsole from a setup plan for the zone ");
	put_comment_text(o, set(p->zone) ? p->zone : "(none)");
	put(o, ".\n# Credentials come from the provider's environment "
	       "(CLOUDFLARE_API_TOKEN)\n# and are never written in this "
	       "file.\n");
}

static char *
pulumi(const struct cf_plan *p)
{
	static const struct refs r = { .monitor_id = "monitor.id",
				       .pool_id = "pool.id",
				       .lb_name = "load_balancer.name" };
	struct out o = { 0 };

	header_comment(&o, p);
	put(&o, "# Set the ids first:\n"
		"#     pulumi config set accountId ACCOUNT_ID\n"
		"#     pulumi config set zoneId ZONE_ID\n\n"
		"import pulumi\nimport pulumi_cloudflare as cloudflare\n\n"
		"config = pulumi.Config()\n"
		"account_id = config.require(\"accountId\")\n"
		"zone_id = config.require(\"zoneId\")\n");
	if (p->monitor_source == CF_PLAN_CREATE) {
		put(&o, "\nmonitor = cloudflare.LoadBalancerMonitor(\n"
			"    \"monitor\",\n    account_id=account_id,\n");
		monitor_fields(&o, PY, &p->monitor);
		put(&o, ")\n");
	}
	if (p->pool_source == CF_PLAN_CREATE) {
		put(&o, "\npool = cloudflare.LoadBalancerPool(\n"
			"    \"pool\",\n    account_id=account_id,\n");
		pool_fields(&o, PY, p, &r);
		put(&o, ")\n");
	}
	put(&o, "\nload_balancer = cloudflare.LoadBalancer(\n"
		"    \"load_balancer\",\n    zone_id=zone_id,\n");
	lb_fields(&o, PY, p, &r);
	put(&o, ")\n");
	if (p->cname_source == CF_PLAN_CREATE) {
		put(&o, "\ncname = cloudflare.DnsRecord(\n"
			"    \"cname\",\n    zone_id=zone_id,\n");
		cname_fields(&o, PY, p, &r);
		put(&o, ")\n");
	}
	put(&o, "\npulumi.export(\"lb_dns_name\", load_balancer.name)\n");
	if (p->cname_source == CF_PLAN_CREATE)
		put(&o, "pulumi.export(\"api_hostname\", cname.name)\n");
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p;
}

static char *
terraform(const struct cf_plan *p)
{
	static const struct refs r = {
		.monitor_id = "cloudflare_load_balancer_monitor.monitor.id",
		.pool_id = "cloudflare_load_balancer_pool.pool.id",
		.lb_name = "cloudflare_load_balancer.load_balancer.name",
	};
	struct out o = { 0 };

	header_comment(&o, p);
	put(&o,
	    "# Set the ids with -var or a .tfvars file: account_id, zone_id.\n"
	    "\nterraform {\n  required_providers {\n    cloudflare = {\n"
	    "      source  = \"cloudflare/cloudflare\"\n"
	    "      version = \"~> 5.0\"\n    }\n  }\n}\n"
	    "\nprovider \"cloudflare\" {}\n"
	    "\nvariable \"account_id\" {\n"
	    "  description = \"Cloudflare account id\"\n"
	    "  type        = string\n}\n"
	    "\nvariable \"zone_id\" {\n  description = ");
	{
		char d[512];

		snprintf(d, sizeof(d), "id of the zone %s",
			 set(p->zone) ? p->zone : "");
		put_str(&o, HCL, d);
	}
	put(&o, "\n  type        = string\n}\n");
	if (p->monitor_source == CF_PLAN_CREATE) {
		put(&o, "\nresource \"cloudflare_load_balancer_monitor\" "
			"\"monitor\" {\n  account_id = var.account_id\n");
		monitor_fields(&o, HCL, &p->monitor);
		put(&o, "}\n");
	}
	if (p->pool_source == CF_PLAN_CREATE) {
		put(&o, "\nresource \"cloudflare_load_balancer_pool\" \"pool\" "
			"{\n  account_id = var.account_id\n");
		pool_fields(&o, HCL, p, &r);
		put(&o, "}\n");
	}
	put(&o, "\nresource \"cloudflare_load_balancer\" \"load_balancer\" {\n"
		"  zone_id = var.zone_id\n");
	lb_fields(&o, HCL, p, &r);
	put(&o, "}\n");
	if (p->cname_source == CF_PLAN_CREATE) {
		put(&o, "\nresource \"cloudflare_dns_record\" \"cname\" {\n"
			"  zone_id = var.zone_id\n");
		cname_fields(&o, HCL, p, &r);
		put(&o, "}\n");
	}
	put(&o, "\noutput \"lb_dns_name\" {\n  value = %s\n}\n", r.lb_name);
	if (p->cname_source == CF_PLAN_CREATE)
		put(&o, "\noutput \"api_hostname\" {\n"
			"  value = cloudflare_dns_record.cname.name\n}\n");
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p;
}

const struct valid_choice plan_export_formats[] = {
	{ "json", "the plan file itself, without apply state" },
	{ "pulumi", "a Python program for pulumi_cloudflare v6" },
	{ "terraform", "HCL for the Cloudflare Terraform provider v5" },
};
const size_t plan_nexport_formats =
	sizeof(plan_export_formats) / sizeof(plan_export_formats[0]);

char *
plan_export(const struct cf_plan *p, const char *format)
{
	if (!format)
		return NULL;
	if (!strcmp(format, "json"))
		return cf_plan_encode(p, false);
	if (!strcmp(format, "pulumi"))
		return pulumi(p);
	if (!strcmp(format, "terraform"))
		return terraform(p);
	return NULL;
}
