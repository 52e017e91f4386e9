/* models.c: free, deep copy and defaults of every model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"

/* ---- free ------------------------------------------------------------- */

void
cf_strv_free(struct cf_strv *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

static void
pool_map_free(struct cf_pool_map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->e[i].key);
		cf_strv_free(&m->e[i].pool_ids);
	}
	free(m->e);
	m->e = NULL;
	m->n = 0;
}

static void
headers_free(struct cf_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->e[i].name);
		cf_strv_free(&h->e[i].values);
	}
	free(h->e);
	h->e = NULL;
	h->n = 0;
}

void
cf_account_free(struct cf_account *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->name);
	free(a->type);
	free(a->created_on);
	free(a->raw);
	memset(a, 0, sizeof(*a));
}

void
cf_zone_free(struct cf_zone *z)
{
	if (!z)
		return;
	free(z->id);
	free(z->name);
	free(z->status);
	free(z->type);
	free(z->account_id);
	free(z->account_name);
	free(z->owner_id);
	free(z->owner_name);
	free(z->owner_type);
	cf_strv_free(&z->name_servers);
	cf_strv_free(&z->original_name_servers);
	cf_strv_free(&z->vanity_name_servers);
	free(z->original_registrar);
	free(z->original_dnshost);
	free(z->plan_name);
	free(z->created_on);
	free(z->modified_on);
	free(z->activated_on);
	free(z->raw);
	memset(z, 0, sizeof(*z));
}

void
cf_token_status_free(struct cf_token_status *t)
{
	if (!t)
		return;
	free(t->id);
	free(t->status);
	free(t->expires_on);
	free(t->not_before);
	free(t->message);
	memset(t, 0, sizeof(*t));
}

/* True when p points into r's string block (see struct cf_dns_record). */
static bool
dns_in_block(const struct cf_dns_record *r, const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)r->blk;

	return r->blk && p && a >= b && a - b < r->blk_len;
}

/* Frees p unless it lives in r's block (freed as a whole). */
static void
dns_free_str(const struct cf_dns_record *r, void *p)
{
	if (!dns_in_block(r, p))
		free(p);
}

void
cf_dns_record_free(struct cf_dns_record *r)
{
	size_t i;

	if (!r)
		return;
	dns_free_str(r, r->id);
	dns_free_str(r, r->type);
	dns_free_str(r, r->name);
	dns_free_str(r, r->content);
	dns_free_str(r, r->comment);
	for (i = 0; r->tags.v && i < r->tags.n; i++)
		dns_free_str(r, r->tags.v[i]);
	dns_free_str(r, r->tags.v);
	dns_free_str(r, r->data_json);
	dns_free_str(r, r->meta_source);
	dns_free_str(r, r->created_on);
	dns_free_str(r, r->modified_on);
	dns_free_str(r, r->raw);
	free(r->blk);
	memset(r, 0, sizeof(*r));
}

void
cf_monitor_free(struct cf_monitor *m)
{
	if (!m)
		return;
	free(m->id);
	free(m->type);
	free(m->description);
	free(m->method);
	free(m->path);
	free(m->expected_codes);
	free(m->expected_body);
	headers_free(&m->header);
	free(m->probe_zone);
	free(m->created_on);
	free(m->modified_on);
	free(m->raw);
	memset(m, 0, sizeof(*m));
}

void
cf_origin_free(struct cf_origin *o)
{
	if (!o)
		return;
	free(o->name);
	free(o->address);
	cf_strv_free(&o->header_host);
	free(o->virtual_network_id);
	free(o->disabled_at);
	free(o->raw);
	memset(o, 0, sizeof(*o));
}

void
cf_pool_free(struct cf_pool *p)
{
	size_t i;

	if (!p)
		return;
	free(p->id);
	free(p->name);
	free(p->description);
	free(p->disabled_at);
	free(p->monitor);
	cf_strv_free(&p->check_regions);
	free(p->notification_email);
	free(p->ls_default_policy);
	free(p->ls_session_policy);
	free(p->origin_steering_policy);
	for (i = 0; i < p->norigins; i++)
		cf_origin_free(&p->origins[i]);
	free(p->origins);
	free(p->created_on);
	free(p->modified_on);
	free(p->raw);
	memset(p, 0, sizeof(*p));
}

void
cf_load_balancer_free(struct cf_load_balancer *lb)
{
	size_t i;

	if (!lb)
		return;
	free(lb->id);
	free(lb->name);
	free(lb->description);
	free(lb->fallback_pool);
	cf_strv_free(&lb->default_pools);
	pool_map_free(&lb->region_pools);
	pool_map_free(&lb->country_pools);
	pool_map_free(&lb->pop_pools);
	free(lb->steering_policy);
	for (i = 0; i < lb->rs_npool_weights; i++)
		free(lb->rs_pool_weights[i].pool_id);
	free(lb->rs_pool_weights);
	free(lb->ls_mode);
	free(lb->ls_prefer_ecs);
	free(lb->session_affinity);
	free(lb->sa_samesite);
	free(lb->sa_secure);
	free(lb->sa_zero_downtime_failover);
	cf_strv_free(&lb->sa_headers);
	free(lb->rules_json);
	free(lb->created_on);
	free(lb->modified_on);
	free(lb->raw);
	memset(lb, 0, sizeof(*lb));
}

static void
origin_health_free(struct cf_origin_health *o)
{
	free(o->address);
	free(o->rtt);
	free(o->failure_reason);
	memset(o, 0, sizeof(*o));
}

void
cf_origin_health_array_free(struct cf_origin_health *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		origin_health_free(&a[i]);
	free(a);
}

void
cf_pool_health_free(struct cf_pool_health *h)
{
	size_t i;

	if (!h)
		return;
	free(h->pool_id);
	for (i = 0; i < h->npops; i++) {
		free(h->pops[i].pop);
		cf_origin_health_array_free(h->pops[i].origins,
					    h->pops[i].norigins);
	}
	free(h->pops);
	free(h->raw);
	memset(h, 0, sizeof(*h));
}

void
cf_preview_free(struct cf_preview *p)
{
	size_t i;

	if (!p)
		return;
	free(p->preview_id);
	for (i = 0; i < p->npools; i++) {
		free(p->pools[i].pool_id);
		free(p->pools[i].pool_name);
	}
	free(p->pools);
	memset(p, 0, sizeof(*p));
}

void
cf_preview_result_free(struct cf_preview_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->npools; i++) {
		free(r->pools[i].pool_id);
		cf_origin_health_array_free(r->pools[i].origins,
					    r->pools[i].norigins);
	}
	free(r->pools);
	free(r->raw);
	memset(r, 0, sizeof(*r));
}

void
cf_pool_reference_free(struct cf_pool_reference *r)
{
	if (!r)
		return;
	free(r->reference_type);
	free(r->resource_id);
	free(r->resource_name);
	free(r->resource_type);
	memset(r, 0, sizeof(*r));
}

void
cf_health_event_free(struct cf_health_event *e)
{
	size_t i;

	if (!e)
		return;
	free(e->timestamp);
	free(e->pool_id);
	free(e->pool_name);
	for (i = 0; i < e->norigins; i++) {
		free(e->origins[i].name);
		free(e->origins[i].address);
		free(e->origins[i].ip);
		free(e->origins[i].failure_reason);
	}
	free(e->origins);
	free(e->raw);
	memset(e, 0, sizeof(*e));
}

/* Lists: free every item, then the array. */
void
cf_account_list_free(struct cf_account_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_account_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_zone_list_free(struct cf_zone_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_zone_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_dns_record_list_free(struct cf_dns_record_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_dns_record_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_monitor_list_free(struct cf_monitor_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_monitor_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_pool_list_free(struct cf_pool_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_pool_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_load_balancer_list_free(struct cf_load_balancer_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_load_balancer_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_pool_reference_list_free(struct cf_pool_reference_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_pool_reference_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void
cf_health_event_list_free(struct cf_health_event_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_health_event_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* ---- copies ------------------------------------------------------------ */

/*
 * Copies use a running `ok` flag: every string is duplicated, and a failed
 * duplication (only possible with a non-NULL source) clears ok. On failure
 * the half-built copy is freed with the normal free function, which copes
 * with NULL members.
 */
char *
cf_dup_ok(const char *s, bool *ok)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}

static void
strv_dup_ok(struct cf_strv *dst, const struct cf_strv *src, bool *ok)
{
	if (cf_strv_copy(dst, src) != CF_OK)
		*ok = false;
}

static void
pool_map_copy(struct cf_pool_map *dst, const struct cf_pool_map *src, bool *ok)
{
	size_t i;

	dst->e = NULL;
	dst->n = 0;
	if (!src->n)
		return;
	dst->e = calloc(src->n, sizeof(*dst->e));
	if (!dst->e) {
		*ok = false;
		return;
	}
	dst->n = src->n;
	for (i = 0; i < src->n; i++) {
		dst->e[i].key = cf_dup_ok(src->e[i].key, ok);
		strv_dup_ok(&dst->e[i].pool_ids, &src->e[i].pool_ids, ok);
	}
}

enum cf_status
cf_zone_copy(struct cf_zone *dst, const struct cf_zone *src)
{
	bool ok = true;

	*dst = *src;
	dst->id = cf_dup_ok(src->id, &ok);
	dst->name = cf_dup_ok(src->name, &ok);
	dst->status = cf_dup_ok(src->status, &ok);
	dst->type = cf_dup_ok(src->type, &ok);
	dst->account_id = cf_dup_ok(src->account_id, &ok);
	dst->account_name = cf_dup_ok(src->account_name, &ok);
	dst->owner_id = cf_dup_ok(src->owner_id, &ok);
	dst->owner_name = cf_dup_ok(src->owner_name, &ok);
	dst->owner_type = cf_dup_ok(src->owner_type, &ok);
	strv_dup_ok(&dst->name_servers, &src->name_servers, &ok);
	strv_dup_ok(&dst->original_name_servers, &src->original_name_servers,
		    &ok);
	strv_dup_ok(&dst->vanity_name_servers, &src->vanity_name_servers, &ok);
	dst->original_registrar = cf_dup_ok(src->original_registrar, &ok);
	dst->original_dnshost = cf_dup_ok(src->original_dnshost, &ok);
	dst->plan_name = cf_dup_ok(src->plan_name, &ok);
	dst->created_on = cf_dup_ok(src->created_on, &ok);
	dst->modified_on = cf_dup_ok(src->modified_on, &ok);
	dst->activated_on = cf_dup_ok(src->activated_on, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_zone_free(dst);
	return CF_ERR_NOMEM;
}

enum cf_status
cf_dns_record_copy(struct cf_dns_record *dst, const struct cf_dns_record *src)
{
	bool ok = true;

	*dst = *src;
	/* The copy's strings are all its own: src's block stays with src. */
	dst->blk = NULL;
	dst->blk_len = 0;
	dst->id = cf_dup_ok(src->id, &ok);
	dst->type = cf_dup_ok(src->type, &ok);
	dst->name = cf_dup_ok(src->name, &ok);
	dst->content = cf_dup_ok(src->content, &ok);
	dst->comment = cf_dup_ok(src->comment, &ok);
	strv_dup_ok(&dst->tags, &src->tags, &ok);
	dst->data_json = cf_dup_ok(src->data_json, &ok);
	dst->meta_source = cf_dup_ok(src->meta_source, &ok);
	dst->created_on = cf_dup_ok(src->created_on, &ok);
	dst->modified_on = cf_dup_ok(src->modified_on, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_dns_record_free(dst);
	return CF_ERR_NOMEM;
}

enum cf_status
cf_monitor_copy(struct cf_monitor *dst, const struct cf_monitor *src)
{
	bool ok = true;
	size_t i;

	*dst = *src;
	dst->id = cf_dup_ok(src->id, &ok);
	dst->type = cf_dup_ok(src->type, &ok);
	dst->description = cf_dup_ok(src->description, &ok);
	dst->method = cf_dup_ok(src->method, &ok);
	dst->path = cf_dup_ok(src->path, &ok);
	dst->expected_codes = cf_dup_ok(src->expected_codes, &ok);
	dst->expected_body = cf_dup_ok(src->expected_body, &ok);
	dst->header.e = NULL;
	dst->header.n = 0;
	if (src->header.n) {
		dst->header.e = calloc(src->header.n, sizeof(*dst->header.e));
		if (dst->header.e) {
			dst->header.n = src->header.n;
			for (i = 0; i < src->header.n; i++) {
				dst->header.e[i].name =
					cf_dup_ok(src->header.e[i].name, &ok);
				strv_dup_ok(&dst->header.e[i].values,
					    &src->header.e[i].values, &ok);
			}
		} else {
			ok = false;
		}
	}
	dst->probe_zone = cf_dup_ok(src->probe_zone, &ok);
	dst->created_on = cf_dup_ok(src->created_on, &ok);
	dst->modified_on = cf_dup_ok(src->modified_on, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_monitor_free(dst);
	return CF_ERR_NOMEM;
}

enum cf_status
cf_origin_copy(struct cf_origin *dst, const struct cf_origin *src)
{
	bool ok = true;

	*dst = *src;
	dst->name = cf_dup_ok(src->name, &ok);
	dst->address = cf_dup_ok(src->address, &ok);
	strv_dup_ok(&dst->header_host, &src->header_host, &ok);
	dst->virtual_network_id = cf_dup_ok(src->virtual_network_id, &ok);
	dst->disabled_at = cf_dup_ok(src->disabled_at, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_origin_free(dst);
	return CF_ERR_NOMEM;
}

enum cf_status
cf_pool_copy(struct cf_pool *dst, const struct cf_pool *src)
{
	bool ok = true;
	size_t i;

	*dst = *src;
	dst->id = cf_dup_ok(src->id, &ok);
	dst->name = cf_dup_ok(src->name, &ok);
	dst->description = cf_dup_ok(src->description, &ok);
	dst->disabled_at = cf_dup_ok(src->disabled_at, &ok);
	dst->monitor = cf_dup_ok(src->monitor, &ok);
	strv_dup_ok(&dst->check_regions, &src->check_regions, &ok);
	dst->notification_email = cf_dup_ok(src->notification_email, &ok);
	dst->ls_default_policy = cf_dup_ok(src->ls_default_policy, &ok);
	dst->ls_session_policy = cf_dup_ok(src->ls_session_policy, &ok);
	dst->origin_steering_policy =
		cf_dup_ok(src->origin_steering_policy, &ok);
	dst->origins = NULL;
	dst->norigins = 0;
	if (src->norigins) {
		dst->origins = calloc(src->norigins, sizeof(*dst->origins));
		if (!dst->origins)
			ok = false;
		for (i = 0; dst->origins && i < src->norigins; i++) {
			if (cf_origin_copy(&dst->origins[i],
					   &src->origins[i]) != CF_OK) {
				ok = false;
				break;
			}
			dst->norigins = i + 1;
		}
	}
	dst->created_on = cf_dup_ok(src->created_on, &ok);
	dst->modified_on = cf_dup_ok(src->modified_on, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_pool_free(dst);
	return CF_ERR_NOMEM;
}

enum cf_status
cf_load_balancer_copy(struct cf_load_balancer *dst,
		      const struct cf_load_balancer *src)
{
	bool ok = true;
	size_t i;

	*dst = *src;
	dst->id = cf_dup_ok(src->id, &ok);
	dst->name = cf_dup_ok(src->name, &ok);
	dst->description = cf_dup_ok(src->description, &ok);
	dst->fallback_pool = cf_dup_ok(src->fallback_pool, &ok);
	strv_dup_ok(&dst->default_pools, &src->default_pools, &ok);
	pool_map_copy(&dst->region_pools, &src->region_pools, &ok);
	pool_map_copy(&dst->country_pools, &src->country_pools, &ok);
	pool_map_copy(&dst->pop_pools, &src->pop_pools, &ok);
	dst->steering_policy = cf_dup_ok(src->steering_policy, &ok);
	dst->rs_pool_weights = NULL;
	dst->rs_npool_weights = 0;
	if (src->rs_npool_weights) {
		dst->rs_pool_weights = calloc(src->rs_npool_weights,
					      sizeof(*dst->rs_pool_weights));
		if (dst->rs_pool_weights) {
			dst->rs_npool_weights = src->rs_npool_weights;
			for (i = 0; i < src->rs_npool_weights; i++) {
				dst->rs_pool_weights[i].pool_id = cf_dup_ok(
					src->rs_pool_weights[i].pool_id, &ok);
				dst->rs_pool_weights[i].weight =
					src->rs_pool_weights[i].weight;
			}
		} else {
			ok = false;
		}
	}
	dst->ls_mode = cf_dup_ok(src->ls_mode, &ok);
	dst->ls_prefer_ecs = cf_dup_ok(src->ls_prefer_ecs, &ok);
	dst->session_affinity = cf_dup_ok(src->session_affinity, &ok);
	dst->sa_samesite = cf_dup_ok(src->sa_samesite, &ok);
	dst->sa_secure = cf_dup_ok(src->sa_secure, &ok);
	dst->sa_zero_downtime_failover =
		cf_dup_ok(src->sa_zero_downtime_failover, &ok);
	strv_dup_ok(&dst->sa_headers, &src->sa_headers, &ok);
	dst->rules_json = cf_dup_ok(src->rules_json, &ok);
	dst->created_on = cf_dup_ok(src->created_on, &ok);
	dst->modified_on = cf_dup_ok(src->modified_on, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	if (ok)
		return CF_OK;
	cf_load_balancer_free(dst);
	return CF_ERR_NOMEM;
}

static struct cf_origin_health *
origin_health_array_copy(const struct cf_origin_health *src, size_t n, bool *ok)
{
	struct cf_origin_health *d;
	size_t i;

	if (!n)
		return NULL;
	d = calloc(n, sizeof(*d));
	if (!d) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		d[i] = src[i];
		d[i].address = cf_dup_ok(src[i].address, ok);
		d[i].rtt = cf_dup_ok(src[i].rtt, ok);
		d[i].failure_reason = cf_dup_ok(src[i].failure_reason, ok);
	}
	return d;
}

enum cf_status
cf_pool_health_copy(struct cf_pool_health *dst,
		    const struct cf_pool_health *src)
{
	bool ok = true;
	size_t i;

	*dst = *src;
	dst->pool_id = cf_dup_ok(src->pool_id, &ok);
	dst->raw = cf_dup_ok(src->raw, &ok);
	dst->pops = NULL;
	dst->npops = 0;
	if (src->npops) {
		dst->pops = calloc(src->npops, sizeof(*dst->pops));
		if (dst->pops) {
			dst->npops = src->npops;
			for (i = 0; i < src->npops; i++) {
				const struct cf_pop_health *s = &src->pops[i];
				struct cf_pop_health *d = &dst->pops[i];

				d->pop = cf_dup_ok(s->pop, &ok);
				d->healthy = s->healthy;
				d->origins = origin_health_array_copy(
					s->origins, s->norigins, &ok);
				d->norigins = d->origins ? s->norigins : 0;
			}
		} else {
			ok = false;
		}
	}
	if (ok)
		return CF_OK;
	cf_pool_health_free(dst);
	return CF_ERR_NOMEM;
}

/* ---- defaults (NOTES.md) ------------------------------------------------- */

/* Initialisers only allocate short literals; on out-of-memory a field is
 * left NULL, which every encoder treats as "not set". */
void
cf_monitor_init(struct cf_monitor *m)
{
	memset(m, 0, sizeof(*m));
	m->type = strdup("http");
	m->method = strdup("GET");
	m->path = strdup("/");
	m->port = 0;
	m->expected_codes = strdup("200");
	m->timeout = 5;
	m->retries = 2;
	m->interval = 60;
}

void
cf_origin_init(struct cf_origin *o)
{
	memset(o, 0, sizeof(*o));
	o->enabled = true;
	o->weight = 1;
}

void
cf_pool_init(struct cf_pool *p)
{
	memset(p, 0, sizeof(*p));
	p->enabled = true;
	p->minimum_origins = 1;
	p->ls_default_policy = strdup("random");
	p->ls_session_policy = strdup("hash");
	p->origin_steering_policy = strdup("random");
}

void
cf_load_balancer_init(struct cf_load_balancer *lb)
{
	memset(lb, 0, sizeof(*lb));
	lb->enabled = true;
	lb->steering_policy = strdup("");
	lb->rs_default_weight = 1;
	lb->ls_mode = strdup("pop");
	lb->ls_prefer_ecs = strdup("proximity");
	lb->session_affinity = strdup("");
	lb->sa_samesite = strdup("Auto");
	lb->sa_secure = strdup("Auto");
	lb->sa_zero_downtime_failover = strdup("none");
}

void
cf_dns_record_init(struct cf_dns_record *r)
{
	memset(r, 0, sizeof(*r));
	r->ttl = 1;
}
