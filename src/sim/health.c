/* health.c: cfsim health engine: probe schedule, state, events. */
#include "sim/health_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/*
 * One engine thread owns the libcurl multi (probe.c) and every transfer. The
 * state below lives under h->lock; the thread takes the lock only to apply a
 * snapshot, to pick due probes (adding a transfer does no I/O) and to apply
 * one finished probe, never while waiting on the network. Query functions
 * take the same lock and build fresh cJSON copies.
 *
 * A job is one (pool, origin address, region) triple with its own schedule,
 * consecutive counter and state. A finished probe carries the serial its job
 * had when it started; results whose job was forgotten, reset or restarted
 * in between no longer match and are dropped.
 */

/* ---- small helpers ------------------------------------------------------- */

double
health_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *
health_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

/* Replaces *dst with a copy of src when they differ. */
static void
health_set_str(char **dst, const char *src)
{
	if ((*dst == NULL && src == NULL) ||
	    (*dst && src && strcmp(*dst, src) == 0))
		return;
	free(*dst);
	*dst = health_strdup(src);
}

static const char *
health_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool
health_json_enabled(const cJSON *obj)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "enabled");
	return !cJSON_IsBool(v) || cJSON_IsTrue(v);
}

int
health_json_min_origins(const cJSON *pool)
{
	const cJSON *v =
		cJSON_GetObjectItemCaseSensitive(pool, "minimum_origins");
	if (!cJSON_IsNumber(v) || v->valuedouble < 1)
		return 1;
	return v->valuedouble > 1e6 ? 1000000 : (int)v->valuedouble;
}

/* The origin's header.Host override (array or string), or NULL. */
const char *
health_origin_host(const cJSON *origin)
{
	const cJSON *hdr = cJSON_GetObjectItemCaseSensitive(origin, "header");
	const cJSON *host =
		cJSON_IsObject(hdr)
			? cJSON_GetObjectItemCaseSensitive(hdr, "Host")
			: NULL;
	if (cJSON_IsString(host))
		return host->valuestring;
	if (cJSON_IsArray(host)) {
		const cJSON *first = cJSON_GetArrayItem(host, 0);
		if (cJSON_IsString(first))
			return first->valuestring;
	}
	return NULL;
}

static const char *const health_all_regions[] = {
	"WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC",
	"ME",	"NAF",	"SAF", "SAS", "SEAS", "NEAS",
};
#define HEALTH_N_ALL (sizeof health_all_regions / sizeof health_all_regions[0])
static const char *const health_default_regions[] = { "WNAM", "WEU", "EEU" };

size_t
health_pool_regions(const cJSON *pool, const char **out)
{
	size_t n = 0;
	const cJSON *cr =
		cJSON_GetObjectItemCaseSensitive(pool, "check_regions");
	const cJSON *e;
	if (cJSON_IsArray(cr)) {
		cJSON_ArrayForEach(e, cr)
		{
			if (!cJSON_IsString(e))
				continue;
			if (strcmp(e->valuestring, "ALL_REGIONS") == 0) {
				for (size_t i = 0; i < HEALTH_N_ALL; i++)
					out[i] = health_all_regions[i];
				return HEALTH_N_ALL;
			}
			for (size_t i = 0; i < HEALTH_N_ALL; i++) {
				if (strcmp(e->valuestring,
					   health_all_regions[i]) != 0)
					continue;
				bool dup = false;
				for (size_t k = 0; k < n; k++)
					dup |= out[k] == health_all_regions[i];
				if (!dup)
					out[n++] = health_all_regions[i];
			}
		}
	}
	if (n == 0) {
		for (size_t i = 0; i < 3; i++)
			out[i] = health_default_regions[i];
		n = 3;
	}
	return n;
}

/* ---- pools and origins -----------------------------------------------------
 */

static void
health_origin_free(struct health_origin *o)
{
	if (!o)
		return;
	free(o->name);
	free(o->address);
	free(o->host);
	free(o->regions);
	free(o);
}

static void
health_pool_free(struct health_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->norigins; i++)
		health_origin_free(p->origins[i]);
	free(p->origins);
	free(p->id);
	free(p->name);
	free(p->monitor_key);
	probe_monitor_free(&p->mon);
	free(p);
}

struct health_pool *
health_find_pool(struct sim_health *h, const char *id, size_t *index)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < h->npools; i++) {
		if (strcmp(h->pools[i]->id, id) == 0) {
			if (index)
				*index = i;
			return h->pools[i];
		}
	}
	return NULL;
}

static struct health_origin *
health_find_origin(struct health_pool *p, const char *address)
{
	if (!address)
		return NULL;
	for (size_t i = 0; i < p->norigins; i++)
		if (strcmp(p->origins[i]->address, address) == 0)
			return p->origins[i];
	return NULL;
}

static void
health_remove_pool_at(struct sim_health *h, size_t i)
{
	health_pool_free(h->pools[i]);
	memmove(&h->pools[i], &h->pools[i + 1],
		(h->npools - i - 1) * sizeof h->pools[0]);
	h->npools--;
}

void
health_clear_pools(struct sim_health *h)
{
	for (size_t i = 0; i < h->npools; i++)
		health_pool_free(h->pools[i]);
	free(h->pools);
	h->pools = NULL;
	h->npools = h->cap = 0;
}

/* Majority of the regions that have a state; -1 when none has. */
static int
health_origin_aggregate(const struct health_origin *o)
{
	size_t known = 0, healthy = 0;
	for (size_t i = 0; i < o->nregions; i++) {
		if (o->regions[i].state < 0)
			continue;
		known++;
		healthy += o->regions[i].state == 1;
	}
	if (known == 0)
		return -1;
	return 2 * healthy > known ? 1 : 0;
}

/*
 * 1 when minimum_origins origins are healthy, 0 when that can no longer be
 * reached even if every origin not yet probed turns out healthy, else -1.
 * So a pool is never reported unhealthy just because its first results
 * arrived in an unlucky order.
 */
static int
health_pool_aggregate(const struct health_pool *p)
{
	size_t unknown = 0, healthy = 0;
	for (size_t i = 0; i < p->norigins; i++) {
		if (p->origins[i]->state < 0)
			unknown++;
		else
			healthy += p->origins[i]->state == 1;
	}
	if (healthy >= (size_t)p->minimum_origins)
		return 1;
	if (unknown == 0 || healthy + unknown < (size_t)p->minimum_origins)
		return unknown == p->norigins ? -1 : 0;
	return -1;
}

/* Makes o->regions follow the pool's region list, keeping known states. */
static bool
health_origin_sync_regions(struct health_origin *o, const struct health_pool *p)
{
	bool same = o->nregions == p->nregions;
	for (size_t i = 0; same && i < p->nregions; i++)
		same = o->regions[i].label == p->regions[i];
	if (same)
		return true;
	struct health_region *r = calloc(p->nregions, sizeof *r);
	if (!r)
		return false;
	for (size_t i = 0; i < p->nregions; i++) {
		r[i].label = p->regions[i];
		r[i].state = -1;
		for (size_t k = 0; k < o->nregions; k++)
			if (o->regions[k].label == p->regions[i])
				r[i] = o->regions[k];
	}
	free(o->regions);
	o->regions = r;
	o->nregions = p->nregions;
	o->state = health_origin_aggregate(o);
	return true;
}

static struct health_pool *
health_add_pool(struct sim_health *h, const char *id)
{
	if (h->npools == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct health_pool **v = realloc(h->pools, cap * sizeof *v);
		if (!v)
			return NULL;
		h->pools = v;
		h->cap = cap;
	}
	struct health_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->id = health_strdup(id);
	p->state = -1;
	if (!p->id) {
		free(p);
		return NULL;
	}
	h->pools[h->npools++] = p;
	return p;
}

static struct health_origin *
health_add_origin(struct health_pool *p, const char *address)
{
	struct health_origin **v =
		realloc(p->origins, (p->norigins + 1) * sizeof *v);
	if (!v)
		return NULL;
	p->origins = v;
	struct health_origin *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->address = health_strdup(address);
	o->state = -1;
	if (!o->address) {
		free(o);
		return NULL;
	}
	p->origins[p->norigins++] = o;
	return o;
}

/* ---- snapshot ------------------------------------------------------------ */

static void
health_apply_pool(struct sim_health *h, const cJSON *pool, const cJSON *monitor,
		  double now)
{
	const char *id = health_json_str(pool, "id");
	struct health_pool *p = health_find_pool(h, id, NULL);
	if (!p)
		p = health_add_pool(h, id);
	if (!p || p->seen) /* out of memory, or the same pool listed twice */
		return;
	p->seen = true;
	health_set_str(&p->name, health_json_str(pool, "name"));
	p->minimum_origins = health_json_min_origins(pool);
	p->nregions = health_pool_regions(pool, p->regions);

	/* A changed monitor re-probes at once with the new settings. */
	char *key = cJSON_PrintUnformatted(monitor);
	bool changed = !p->monitor_key || !key || strcmp(key, p->monitor_key);
	if (changed) {
		free(p->monitor_key);
		p->monitor_key = key;
		probe_monitor_free(&p->mon);
		probe_monitor_parse(&p->mon, monitor, h->time_scale);
		double iv = p->mon.interval_s * h->time_scale;
		p->interval = iv < h->min_interval_s ? h->min_interval_s : iv;
	} else {
		free(key);
	}

	for (size_t i = 0; i < p->norigins; i++)
		p->origins[i]->seen = false;
	const cJSON *origins =
		cJSON_GetObjectItemCaseSensitive(pool, "origins");
	const cJSON *oj;
	cJSON_ArrayForEach(oj, origins)
	{
		const char *addr = health_json_str(oj, "address");
		if (!addr || !*addr || !health_json_enabled(oj))
			continue; /* disabled origins are not probed */
		struct health_origin *o = health_find_origin(p, addr);
		if (!o)
			o = health_add_origin(p, addr);
		if (!o || o->seen)
			continue;
		o->seen = true;
		health_set_str(&o->name, health_json_str(oj, "name"));
		health_set_str(&o->host, health_origin_host(oj));
		health_origin_sync_regions(o, p);
		if (changed) {
			for (size_t r = 0; r < o->nregions; r++) {
				o->regions[r].streak = 0;
				if (!o->regions[r].serial)
					o->regions[r].next_due = now;
			}
		}
	}
	/* Origins removed from the pool (or disabled) are forgotten. */
	size_t w = 0;
	for (size_t i = 0; i < p->norigins; i++) {
		if (p->origins[i]->seen &&
		    p->origins[i]->nregions == p->nregions)
			p->origins[w++] = p->origins[i];
		else
			health_origin_free(p->origins[i]);
	}
	p->norigins = w;
	p->state = health_pool_aggregate(p);
}

static void
health_apply_snapshot(struct sim_health *h, const cJSON *snap, double now)
{
	const cJSON *item;
	for (size_t i = 0; i < h->npools; i++)
		h->pools[i]->seen = false;
	cJSON_ArrayForEach(item, snap)
	{
		const cJSON *pool =
			cJSON_GetObjectItemCaseSensitive(item, "pool");
		const cJSON *mon =
			cJSON_GetObjectItemCaseSensitive(item, "monitor");
		/* Disabled pools and pools without a monitor are not probed. */
		if (!cJSON_IsObject(pool) || !cJSON_IsObject(mon) ||
		    !health_json_str(pool, "id") || !health_json_enabled(pool))
			continue;
		health_apply_pool(h, pool, mon, now);
	}
	for (size_t i = h->npools; i-- > 0;)
		if (!h->pools[i]->seen)
			health_remove_pool_at(h, i);
}

/* ---- events ------------------------------------------------------------- */

void
health_format_time(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
health_record_event(struct sim_health *h, const struct health_pool *p,
		    const struct health_origin *o,
		    const struct health_region *trigger, bool pool_changed)
{
	char ts[32];
	time_t now = time(NULL);
	health_format_time(now, ts, sizeof ts);
	cJSON *ev = cJSON_CreateObject();
	if (!ev)
		return;
	cJSON_AddNumberToObject(ev, "id", (double)h->next_event_id);
	cJSON_AddStringToObject(ev, "timestamp", ts);
	cJSON *pj = cJSON_AddObjectToObject(ev, "pool");
	if (pj) {
		cJSON_AddStringToObject(pj, "id", p->id);
		cJSON_AddStringToObject(pj, "name", p->name ? p->name : "");
		cJSON_AddBoolToObject(pj, "healthy", p->state == 1);
		cJSON_AddBoolToObject(pj, "changed", pool_changed);
		cJSON_AddNumberToObject(pj, "minimum_origins",
					p->minimum_origins);
	}
	cJSON *arr = cJSON_AddArrayToObject(ev, "origins");
	cJSON *oj = cJSON_CreateObject();
	if (oj && arr) {
		cJSON_AddStringToObject(oj, "name", o->name ? o->name : "");
		cJSON_AddStringToObject(oj, "address", o->address);
		cJSON_AddStringToObject(oj, "ip",
					o->ip[0] ? o->ip : o->address);
		cJSON_AddBoolToObject(oj, "enabled", true);
		cJSON_AddBoolToObject(oj, "healthy", o->state == 1);
		cJSON_AddBoolToObject(oj, "changed", true);
		cJSON_AddStringToObject(oj, "failure_reason",
					trigger->last.failure_reason);
		cJSON_AddItemToArray(arr, oj);
	} else {
		cJSON_Delete(oj);
	}
	if (!pj || !arr) {
		cJSON_Delete(ev);
		return;
	}

	size_t slot = (h->ev_head + h->ev_count) % HEALTH_MAX_EVENTS;
	if (h->ev_count == HEALTH_MAX_EVENTS) {
		cJSON_Delete(h->events[h->ev_head].json);
		h->ev_head = (h->ev_head + 1) % HEALTH_MAX_EVENTS;
		slot = (h->ev_head + h->ev_count - 1) % HEALTH_MAX_EVENTS;
	} else {
		h->ev_count++;
	}
	h->events[slot].id = h->next_event_id++;
	h->events[slot].ts = now;
	h->events[slot].json = ev;
}

void
health_clear_events(struct sim_health *h)
{
	for (size_t i = 0; i < h->ev_count; i++)
		cJSON_Delete(
			h->events[(h->ev_head + i) % HEALTH_MAX_EVENTS].json);
	h->ev_head = h->ev_count = 0;
}

/* ---- probe results ---------------------------------------------------------
 */

static void
health_ctx_free(void *ud)
{
	struct health_ctx *c = ud;
	if (!c)
		return;
	free(c->pool_id);
	free(c->address);
	free(c);
}

static void
health_apply_result(struct sim_health *h, struct health_pool *p,
		    struct health_origin *o, struct health_region *r,
		    const struct probe_result *res)
{
	r->last = *res;
	r->have = true;
	r->serial = 0;
	if (res->ip[0])
		snprintf(o->ip, sizeof o->ip, "%s", res->ip);
	int ok = res->healthy ? 1 : 0;
	if (r->state < 0 || r->state == ok) {
		/* The first result sets the state; agreeing results reset. */
		r->state = ok;
		r->streak = 0;
	} else {
		int need = ok ? p->mon.consecutive_up : p->mon.consecutive_down;
		if (++r->streak >= (need > 0 ? need : 1)) {
			r->state = ok;
			r->streak = 0;
		}
	}
	int old = o->state;
	o->state = health_origin_aggregate(o);
	int old_pool = p->state;
	p->state = health_pool_aggregate(p);
	/* Transitions between known states, and an origin found unhealthy. */
	if (o->state != old && !(old < 0 && o->state == 1))
		health_record_event(h, p, o, r, p->state != old_pool);
}

static void
health_job_done(void *ud, const struct probe_result *res)
{
	struct health_ctx *c = ud;
	struct sim_health *h = c->h;
	pthread_mutex_lock(&h->lock);
	struct health_pool *p = health_find_pool(h, c->pool_id, NULL);
	struct health_origin *o = p ? health_find_origin(p, c->address) : NULL;
	for (size_t i = 0; o && i < o->nregions; i++) {
		struct health_region *r = &o->regions[i];
		if (r->label == c->region && r->serial == c->serial)
			health_apply_result(h, p, o, r, res);
	}
	pthread_mutex_unlock(&h->lock);
	health_ctx_free(c);
}

/* ---- scheduling ------------------------------------------------------------
 */

static bool
health_start_job(struct sim_health *h, struct health_pool *p,
		 struct health_origin *o, struct health_region *r, double now)
{
	struct health_ctx *c = calloc(1, sizeof *c);
	if (!c)
		return false;
	c->h = h;
	c->serial = ++h->next_serial;
	c->pool_id = health_strdup(p->id);
	c->address = health_strdup(o->address);
	c->region = r->label;
	struct probe_request req = {
		.monitor = &p->mon,
		.address = o->address,
		.host = o->host,
		.pool_id = p->id,
	};
	if (!c->pool_id || !c->address ||
	    !probe_multi_add(h->pm, &req, health_job_done, c)) {
		health_ctx_free(c);
		r->next_due = now + 1.0; /* try again later */
		return false;
	}
	r->serial = c->serial;
	r->next_due = now + p->interval;
	return true;
}

/*
 * Probe starts per second: twice the steady rate the monitors need, at
 * least HEALTH_MIN_RATE. Pacing starts spreads a burst (startup, kick, a
 * big import) over a few seconds; since each job's next run is one interval
 * after its start, later rounds stay spread out instead of hitting every
 * origin in the same instant (which would also inflate the measured rtt).
 */
static double
health_start_rate(const struct sim_health *h)
{
	double need = 0;
	for (size_t i = 0; i < h->npools; i++) {
		const struct health_pool *p = h->pools[i];
		if (p->interval > 0)
			need += (double)(p->norigins * p->nregions) /
				p->interval;
	}
	return 2 * need > HEALTH_MIN_RATE ? 2 * need : HEALTH_MIN_RATE;
}

/*
 * Starts due jobs while the start budget lasts and fewer than max_inflight
 * probes run. The scan resumes where the last one stopped so a backlog is
 * served fairly.
 */
static void
health_start_due(struct sim_health *h, double now)
{
	double rate = health_start_rate(h);
	double burst = rate / 10 > 50 ? rate / 10 : 50;
	if (h->last_refill > 0)
		h->tokens += (now - h->last_refill) * rate;
	h->last_refill = now;
	if (h->tokens > burst)
		h->tokens = burst;
	if (now < h->next_scan && !h->starved)
		return;
	double next = now + 0.2;
	h->starved = false;
	for (size_t k = 0; k < h->npools; k++) {
		size_t pi = (h->scan_from + k) % h->npools;
		struct health_pool *p = h->pools[pi];
		for (size_t oi = 0; oi < p->norigins; oi++) {
			struct health_origin *o = p->origins[oi];
			for (size_t ri = 0; ri < o->nregions; ri++) {
				struct health_region *r = &o->regions[ri];
				if (r->serial)
					continue;
				if (r->next_due > now) {
					if (r->next_due < next)
						next = r->next_due;
					continue;
				}
				if (h->tokens < 1 || probe_multi_count(h->pm) >=
							     h->max_inflight) {
					h->starved = true;
					h->scan_from = pi;
					return;
				}
				if (health_start_job(h, p, o, r, now))
					h->tokens -= 1;
			}
		}
	}
	h->next_scan = next;
}

static void
health_make_all_due(struct sim_health *h)
{
	for (size_t i = 0; i < h->npools; i++)
		for (size_t k = 0; k < h->pools[i]->norigins; k++) {
			struct health_origin *o = h->pools[i]->origins[k];
			for (size_t r = 0; r < o->nregions; r++)
				o->regions[r].next_due = 0;
		}
	h->next_scan = 0;
}

static void *
health_main(void *arg)
{
	struct sim_health *h = arg;
	double last_snapshot = -1e9;
	while (!atomic_load(&h->stop)) {
		double now = health_now();
		bool kick = atomic_exchange(&h->kick, false);
		if (kick || now - last_snapshot >= HEALTH_SNAPSHOT_EVERY_S) {
			/* The world has its own lock: never call it under ours.
			 */
			cJSON *snap = h->snapshot_fn
					      ? h->snapshot_fn(h->snapshot_ud)
					      : NULL;
			pthread_mutex_lock(&h->lock);
			if (cJSON_IsArray(snap))
				health_apply_snapshot(h, snap, now);
			if (kick)
				health_make_all_due(h);
			pthread_mutex_unlock(&h->lock);
			cJSON_Delete(snap);
			last_snapshot = now;
		}
		pthread_mutex_lock(&h->lock);
		health_start_previews(h);
		health_start_due(h, now);
		pthread_mutex_unlock(&h->lock);
		/* The start budget refills one burst per tick (rate / 10). */
		probe_multi_perform(h->pm, HEALTH_TICK_MS);
	}
	return NULL;
}

/* ---- public interface ---------------------------------------------------- */

/*
 * The probes, the demo origins' side of each probe and the API server share
 * this process's descriptors; running out makes accept() and socket() fail
 * (API calls hang, probes report false TCP failures). So the soft limit is
 * raised to the hard one first (the usual 1024 soft limit is far below what
 * a big --gen world needs), and the in-flight budget keeps HEALTH_FD_RESERVE
 * descriptors for everything else.
 */
static size_t
health_inflight_limit(void)
{
	struct rlimit rl;
	size_t n = HEALTH_MAX_INFLIGHT;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl); /* on failure keep the old one */
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		n = rl.rlim_cur > 2 * HEALTH_FD_RESERVE
			    ? (size_t)(rl.rlim_cur - HEALTH_FD_RESERVE) /
				      HEALTH_FDS_PER_PROBE
			    : HEALTH_MIN_INFLIGHT;
	if (n < HEALTH_MIN_INFLIGHT)
		n = HEALTH_MIN_INFLIGHT;
	return n > HEALTH_MAX_INFLIGHT ? HEALTH_MAX_INFLIGHT : n;
}

struct sim_health *
sim_health_start(const struct sim_health_options *opts)
{
	if (!opts)
		return NULL;
	struct sim_health *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->snapshot_fn = opts->snapshot_fn;
	h->snapshot_ud = opts->snapshot_ud;
	h->time_scale = opts->time_scale > 0 ? opts->time_scale : 1.0;
	h->min_interval_s = opts->min_interval_s > 0 ? opts->min_interval_s : 1;
	h->next_event_id = 1;
	h->max_inflight = health_inflight_limit();
	h->tokens = 50;
	atomic_init(&h->stop, false);
	atomic_init(&h->kick, false);
	h->events = calloc(HEALTH_MAX_EVENTS, sizeof *h->events);
	h->pm = probe_multi_new();
	if (!h->events || !h->pm || pthread_mutex_init(&h->lock, NULL) != 0) {
		probe_multi_free(h->pm, NULL);
		free(h->events);
		free(h);
		return NULL;
	}
	if (pthread_create(&h->thread, NULL, health_main, h) != 0) {
		probe_multi_free(h->pm, NULL);
		pthread_mutex_destroy(&h->lock);
		free(h->events);
		free(h);
		return NULL;
	}
	return h;
}

void
sim_health_stop(struct sim_health *h)
{
	if (!h)
		return;
	atomic_store(&h->stop, true);
	probe_multi_wakeup(h->pm);
	pthread_join(h->thread, NULL);
	/* In-flight probes are aborted, not waited for: stop stays prompt. */
	probe_multi_free(h->pm, health_ctx_free);
	health_clear_pools(h);
	health_clear_events(h);
	health_clear_previews(h);
	free(h->events);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

void
sim_health_kick(struct sim_health *h)
{
	if (!h)
		return;
	atomic_store(&h->kick, true);
	probe_multi_wakeup(h->pm);
}

cJSON *
sim_health_pool_json(struct sim_health *h, const char *pool_id)
{
	if (!h || !pool_id)
		return NULL;
	cJSON *res = NULL;
	pthread_mutex_lock(&h->lock);
	struct health_pool *p = health_find_pool(h, pool_id, NULL);
	bool any = false;
	for (size_t i = 0; p && i < p->norigins && !any; i++)
		for (size_t r = 0; r < p->origins[i]->nregions; r++)
			any |= p->origins[i]->regions[r].have;
	if (!any)
		goto out;
	res = cJSON_CreateObject();
	cJSON *pop = NULL;
	if (res && cJSON_AddStringToObject(res, "pool_id", p->id))
		pop = cJSON_AddObjectToObject(res, "pop_health");
	if (!pop) {
		cJSON_Delete(res);
		res = NULL;
		goto out;
	}
	for (size_t ri = 0; ri < p->nregions; ri++) {
		cJSON *reg = cJSON_CreateObject();
		cJSON *arr = cJSON_CreateArray();
		size_t healthy = 0, listed = 0;
		for (size_t i = 0; reg && arr && i < p->norigins; i++) {
			const struct health_origin *o = p->origins[i];
			if (ri >= o->nregions || !o->regions[ri].have)
				continue;
			const struct health_region *r = &o->regions[ri];
			cJSON *entry = cJSON_CreateObject();
			cJSON *data =
				cJSON_AddObjectToObject(entry, o->address);
			if (!data) {
				cJSON_Delete(entry);
				continue;
			}
			char rtt[32];
			probe_format_rtt(r->last.rtt_ms, rtt, sizeof rtt);
			cJSON_AddStringToObject(data, "failure_reason",
						r->last.failure_reason);
			cJSON_AddBoolToObject(data, "healthy", r->state == 1);
			cJSON_AddNumberToObject(data, "response_code",
						r->last.response_code);
			cJSON_AddStringToObject(data, "rtt", rtt);
			cJSON_AddItemToArray(arr, entry);
			healthy += r->state == 1;
			listed++;
		}
		if (!reg || !arr || listed == 0) {
			cJSON_Delete(reg);
			cJSON_Delete(arr);
			continue;
		}
		cJSON_AddBoolToObject(reg, "healthy",
				      healthy >= (size_t)p->minimum_origins);
		cJSON_AddItemToObject(reg, "origins", arr);
		cJSON_AddItemToObject(pop, p->regions[ri], reg);
	}
out:
	pthread_mutex_unlock(&h->lock);
	return res;
}

int
sim_health_origin_state(struct sim_health *h, const char *pool_id,
			const char *address)
{
	if (!h)
		return -1;
	int state = -1;
	pthread_mutex_lock(&h->lock);
	struct health_pool *p = health_find_pool(h, pool_id, NULL);
	struct health_origin *o = p ? health_find_origin(p, address) : NULL;
	if (o)
		state = o->state;
	pthread_mutex_unlock(&h->lock);
	return state;
}

int
sim_health_pool_state(struct sim_health *h, const char *pool_id)
{
	if (!h)
		return -1;
	int state = -1;
	pthread_mutex_lock(&h->lock);
	struct health_pool *p = health_find_pool(h, pool_id, NULL);
	if (p)
		state = p->state;
	pthread_mutex_unlock(&h->lock);
	return state;
}

/* Parses RFC 3339 ("2026-11-21T09:02:29Z", fraction and offset allowed). */
static bool
health_parse_time(const char *s, time_t *out)
{
	struct tm tm;
	int n = 0;
	memset(&tm, 0, sizeof tm);
	if (!s || sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &tm.tm_year,
			 &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
			 &tm.tm_sec, &n) != 6)
		return false;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	const char *p = s + n;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	long offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om, m = 0;
		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &m) != 2 || m != 5 ||
		    oh > 23 || om > 59)
			return false;
		offset = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		p += 1 + m;
	} else {
		return false;
	}
	if (*p)
		return false;
	*out = timegm(&tm) - offset;
	return true;
}

static bool
health_event_matches(const cJSON *ev, const char *pool_id,
		     const char *pool_name, const char *origin_name,
		     int origin_healthy, int pool_healthy)
{
	const cJSON *pool = cJSON_GetObjectItemCaseSensitive(ev, "pool");
	const char *id = health_json_str(pool, "id");
	const char *name = health_json_str(pool, "name");
	if (pool_id && (!id || strcmp(id, pool_id) != 0))
		return false;
	if (pool_name && (!name || strcmp(name, pool_name) != 0))
		return false;
	if (pool_healthy >= 0 &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pool, "healthy")) !=
		    (pool_healthy != 0))
		return false;
	if (!origin_name && origin_healthy < 0)
		return true;
	const cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(ev, "origins"))
	{
		const char *on = health_json_str(o, "name");
		if (origin_name && (!on || strcmp(on, origin_name) != 0))
			continue;
		if (origin_healthy >= 0 &&
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
			    o, "healthy")) != (origin_healthy != 0))
			continue;
		return true;
	}
	return false;
}

cJSON *
sim_health_events(struct sim_health *h, const char *since, const char *until,
		  const char *pool_id, const char *pool_name,
		  const char *origin_name, int origin_healthy, int pool_healthy)
{
	cJSON *arr = cJSON_CreateArray();
	if (!h || !arr)
		return arr;
	time_t t_since = 0, t_until = 0;
	bool has_since = health_parse_time(since, &t_since);
	bool has_until = health_parse_time(until, &t_until);
	pthread_mutex_lock(&h->lock);
	for (size_t i = h->ev_count; i-- > 0;) {
		const struct health_event *e =
			&h->events[(h->ev_head + i) % HEALTH_MAX_EVENTS];
		if ((has_since && e->ts < t_since) ||
		    (has_until && e->ts > t_until))
			continue;
		if (!health_event_matches(e->json, pool_id, pool_name,
					  origin_name, origin_healthy,
					  pool_healthy))
			continue;
		cJSON *copy = cJSON_Duplicate(e->json, true);
		if (copy)
			cJSON_AddItemToArray(arr, copy);
	}
	pthread_mutex_unlock(&h->lock);
	return arr;
}

void
sim_health_forget_pool(struct sim_health *h, const char *pool_id)
{
	if (!h || !pool_id)
		return;
	size_t i;
	pthread_mutex_lock(&h->lock);
	if (health_find_pool(h, pool_id, &i))
		health_remove_pool_at(h, i);
	pthread_mutex_unlock(&h->lock);
}

void
sim_health_reset(struct sim_health *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	health_clear_pools(h);
	health_clear_events(h);
	health_clear_previews(h);
	h->next_event_id = 1;
	pthread_mutex_unlock(&h->lock);
}
