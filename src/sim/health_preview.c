/* health_preview.c: previews: probe origins once from every region. */
#include "sim/health_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PREVIEW_IN_PROGRESS "Preview in progress"

static void
health_preview_free(struct health_preview *pv)
{
	if (!pv)
		return;
	for (size_t i = 0; i < pv->npools; i++) {
		struct health_preview_pool *pp = &pv->pools[i];
		for (size_t k = 0; k < pp->norigins; k++) {
			free(pp->origins[k].address);
			free(pp->origins[k].host);
		}
		free(pp->origins);
		free(pp->id);
	}
	free(pv->pools);
	probe_monitor_free(&pv->mon);
	free(pv);
}

void
health_clear_previews(struct sim_health *h)
{
	while (h->previews) {
		struct health_preview *pv = h->previews;
		h->previews = pv->next;
		health_preview_free(pv);
	}
	h->npreviews = 0;
}

static struct health_preview *
health_preview_find(struct sim_health *h, const char *id)
{
	for (struct health_preview *pv = h->previews; pv && id; pv = pv->next)
		if (strcmp(pv->id, id) == 0)
			return pv;
	return NULL;
}

static void
health_preview_make_id(char out[33])
{
	static atomic_ulong counter;
	unsigned char r[16];
	if (getentropy(r, sizeof r) != 0) {
		/* No entropy: still unique within this process. */
		unsigned long c = atomic_fetch_add(&counter, 1) + 1;
		unsigned long t = (unsigned long)time(NULL) ^
				  ((unsigned long)getpid() << 16);
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)((i < 8 ? c : t) >>
					       (8 * (i % 8)));
	}
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

static bool
health_preview_fill_pool(struct health_preview_pool *pp, const cJSON *pool)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(pool, "id");
	if (!cJSON_IsString(id))
		return false;
	pp->id = health_strdup(id->valuestring);
	pp->minimum_origins = health_json_min_origins(pool);
	pp->nregions = health_pool_regions(pool, pp->regions);
	const cJSON *origins =
		cJSON_GetObjectItemCaseSensitive(pool, "origins");
	int n = cJSON_IsArray(origins) ? cJSON_GetArraySize(origins) : 0;
	pp->origins = n > 0 ? calloc((size_t)n, sizeof *pp->origins) : NULL;
	if (!pp->id || (n > 0 && !pp->origins))
		return false;
	const cJSON *o;
	cJSON_ArrayForEach(o, origins)
	{
		const cJSON *addr =
			cJSON_GetObjectItemCaseSensitive(o, "address");
		if (!cJSON_IsString(addr) || !*addr->valuestring)
			continue;
		struct health_preview_origin *po = &pp->origins[pp->norigins];
		po->address = health_strdup(addr->valuestring);
		const char *host = health_origin_host(o);
		po->host = health_strdup(host);
		if (!po->address || (host && !po->host)) {
			free(po->address);
			free(po->host);
			return false;
		}
		pp->norigins++;
	}
	return true;
}

char *
sim_health_preview_start(struct sim_health *h, const cJSON *monitor,
			 const cJSON *pools)
{
	if (!h)
		return NULL;
	struct health_preview *pv = calloc(1, sizeof *pv);
	if (!pv)
		return NULL;
	health_preview_make_id(pv->id);
	probe_monitor_parse(&pv->mon, cJSON_IsObject(monitor) ? monitor : NULL,
			    h->time_scale);
	int n = cJSON_IsArray(pools) ? cJSON_GetArraySize(pools) : 0;
	pv->pools = n > 0 ? calloc((size_t)n, sizeof *pv->pools) : NULL;
	if (n > 0 && !pv->pools) {
		health_preview_free(pv);
		return NULL;
	}
	const cJSON *pool;
	cJSON_ArrayForEach(pool, pools)
	{
		if (!cJSON_IsObject(pool))
			continue;
		struct health_preview_pool *pp = &pv->pools[pv->npools];
		bool ok = health_preview_fill_pool(pp, pool);
		pv->npools++; /* counted even when partial, so it is freed */
		if (!ok) {
			health_preview_free(pv);
			return NULL;
		}
	}
	char *id = health_strdup(pv->id);
	if (!id) {
		health_preview_free(pv);
		return NULL;
	}

	pthread_mutex_lock(&h->lock);
	pv->next = h->previews;
	h->previews = pv;
	if (++h->npreviews > HEALTH_MAX_PREVIEWS) {
		/* Drop the oldest; its late results find nothing. */
		struct health_preview **pp = &h->previews;
		while ((*pp)->next)
			pp = &(*pp)->next;
		health_preview_free(*pp);
		*pp = NULL;
		h->npreviews--;
	}
	pthread_mutex_unlock(&h->lock);
	probe_multi_wakeup(h->pm); /* the engine starts it at once */
	return id;
}

static void
health_preview_done(void *ud, const struct probe_result *res)
{
	struct health_ctx *c = ud;
	struct sim_health *h = c->h;
	pthread_mutex_lock(&h->lock);
	struct health_preview *pv = health_preview_find(h, c->preview_id);
	if (pv && c->pool_index < pv->npools &&
	    c->origin_index < pv->pools[c->pool_index].norigins) {
		struct health_preview_origin *po =
			&pv->pools[c->pool_index].origins[c->origin_index];
		po->done++;
		if (res->healthy) {
			po->healthy++;
			if (!po->have_ok)
				po->ok = *res;
			po->have_ok = true;
		} else {
			if (!po->have_bad)
				po->bad = *res;
			po->have_bad = true;
		}
	}
	pthread_mutex_unlock(&h->lock);
	free(c);
}

void
health_start_previews(struct sim_health *h)
{
	for (struct health_preview *pv = h->previews; pv; pv = pv->next) {
		if (pv->started)
			continue;
		pv->started = true;
		for (size_t i = 0; i < pv->npools; i++) {
			struct health_preview_pool *pp = &pv->pools[i];
			for (size_t k = 0; k < pp->norigins; k++) {
				for (size_t r = 0; r < pp->nregions; r++) {
					struct health_ctx *c =
						calloc(1, sizeof *c);
					struct probe_request req = {
						.monitor = &pv->mon,
						.address =
							pp->origins[k].address,
						.host = pp->origins[k].host,
						.pool_id = pp->id,
					};
					if (c) {
						c->h = h;
						c->preview = true;
						memcpy(c->preview_id, pv->id,
						       sizeof c->preview_id);
						c->pool_index = i;
						c->origin_index = k;
					}
					if (!c ||
					    !probe_multi_add(
						    h->pm, &req,
						    health_preview_done, c)) {
						/* Counts as a failed probe. */
						free(c);
						pp->origins[k].done++;
						if (!pp->origins[k].have_bad) {
							struct probe_result *b =
								&pp->origins[k]
									 .bad;
							memset(b, 0, sizeof *b);
							snprintf(
								b->failure_reason,
								sizeof b->failure_reason,
								"%s",
								PROBE_CONFIG_ERROR);
						}
						pp->origins[k].have_bad = true;
					}
				}
			}
		}
	}
}

static void
health_preview_add_origin(cJSON *arr, const struct health_preview_origin *po,
			  size_t nregions, bool *healthy_out)
{
	bool done = po->done >= nregions;
	bool healthy = done && 2 * po->healthy > nregions;
	const struct probe_result *r = NULL;
	if (done)
		r = healthy ? &po->ok : &po->bad;
	char rtt[32];
	probe_format_rtt(r ? r->rtt_ms : 0, rtt, sizeof rtt);
	cJSON *entry = cJSON_CreateObject();
	cJSON *data =
		entry ? cJSON_AddObjectToObject(entry, po->address) : NULL;
	if (!data) {
		cJSON_Delete(entry);
		return;
	}
	cJSON_AddStringToObject(data, "failure_reason",
				r ? r->failure_reason : PREVIEW_IN_PROGRESS);
	cJSON_AddBoolToObject(data, "healthy", healthy);
	cJSON_AddNumberToObject(data, "response_code",
				r ? r->response_code : 0);
	cJSON_AddStringToObject(data, "rtt", rtt);
	cJSON_AddItemToArray(arr, entry);
	*healthy_out = healthy;
}

cJSON *
sim_health_preview_result(struct sim_health *h, const char *preview_id)
{
	if (!h || !preview_id)
		return NULL;
	cJSON *res = NULL;
	pthread_mutex_lock(&h->lock);
	struct health_preview *pv = health_preview_find(h, preview_id);
	if (pv)
		res = cJSON_CreateObject();
	for (size_t i = 0; res && i < pv->npools; i++) {
		const struct health_preview_pool *pp = &pv->pools[i];
		cJSON *pj = cJSON_CreateObject();
		cJSON *arr = cJSON_CreateArray();
		if (!pj || !arr) {
			cJSON_Delete(pj);
			cJSON_Delete(arr);
			continue;
		}
		size_t healthy = 0;
		for (size_t k = 0; k < pp->norigins; k++) {
			bool ok = false;
			health_preview_add_origin(arr, &pp->origins[k],
						  pp->nregions, &ok);
			healthy += ok;
		}
		cJSON_AddBoolToObject(pj, "healthy",
				      healthy >= (size_t)pp->minimum_origins);
		cJSON_AddItemToObject(pj, "origins", arr);
		cJSON_DeleteItemFromObjectCaseSensitive(res, pp->id);
		cJSON_AddItemToObject(res, pp->id, pj);
	}
	pthread_mutex_unlock(&h->lock);
	return res;
}
