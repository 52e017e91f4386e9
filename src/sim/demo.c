/* demo.c: cfsim's --demo world -- two zones, an AI inference load balancer and real origin servers. */
#include <stdio.h>
#include <string.h>

#include "sim/lbobj.h"
#include "sim/seed.h"

/*
 * What the demo shows within its first two minutes (README, cfsim(1)):
 * healthy origins; cpu-b failing with 500; embed-b too slow for the
 * monitor's timeout; gpu-c flapping; embed-c disabled (its server is up:
 * enabling it shows it turn healthy); the pools inference-fallback and
 * embeddings degraded (an enabled origin down, still at their minimum)
 * and inference flipping between healthy and degraded with gpu-c.
 */
static const struct demo_origin {
	const char *name;
	const char *pool;
	enum sim_origin_mode mode;
	double weight;
	bool disabled;
} origins[] = {
	{ "gpu-a", "inference", SIM_ORIGIN_HEALTHY, 1, false },
	{ "gpu-b", "inference", SIM_ORIGIN_HEALTHY, 1, false },
	{ "gpu-c", "inference", SIM_ORIGIN_FLAP, 0.5, false },
	{ "cpu-a", "inference-fallback", SIM_ORIGIN_HEALTHY, 1, false },
	{ "cpu-b", "inference-fallback", SIM_ORIGIN_FAIL500, 1, false },
	{ "embed-a", "embeddings", SIM_ORIGIN_HEALTHY, 1, false },
	{ "embed-b", "embeddings", SIM_ORIGIN_SLOW, 1, false },
	/* Disabled origins last: see demo_gen_servers(). */
	{ "embed-c", "embeddings", SIM_ORIGIN_HEALTHY, 1, true },
};

#define NORIGINS (sizeof(origins) / sizeof(origins[0]))
#define MONITOR_DESC "GPU backend health (GET /health)"

/*
 * The GPU monitor (gpu-c's) checks more often than gpu-c flips, so every
 * healthy and every failing spell is seen: at 15 s against 30 s spells it
 * changes state every second check, four times in two minutes. (At
 * Cloudflare's default 60 s every check landed in a healthy spell.) The
 * embeddings monitor keeps the default.
 */
#define GPU_INTERVAL DEMO_MIN_INTERVAL
#define EMBED_INTERVAL 60
_Static_assert(GPU_INTERVAL < SIM_ORIGINS_FLAP_S,
	       "the demo monitor would miss gpu-c's flapping");

static cJSON *
record(const char *type, const char *name, const char *content, bool proxied,
       int ttl, int priority)
{
	cJSON *r = cJSON_CreateObject(), *m;
	char id[33], now[40];

	world_new_id(id);
	world_now(now);
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "name", name);
	cJSON_AddStringToObject(r, "type", type);
	cJSON_AddStringToObject(r, "content", content);
	cJSON_AddBoolToObject(r, "proxiable",
			      !strcmp(type, "A") || !strcmp(type, "AAAA") ||
				      !strcmp(type, "CNAME"));
	cJSON_AddBoolToObject(r, "proxied", proxied);
	cJSON_AddNumberToObject(r, "ttl", proxied ? 1 : ttl);
	if (priority >= 0)
		cJSON_AddNumberToObject(r, "priority", priority);
	cJSON_AddObjectToObject(r, "settings");
	m = cJSON_AddObjectToObject(r, "meta");
	cJSON_AddBoolToObject(m, "auto_added", 0);
	cJSON_AddStringToObject(m, "source", "primary");
	cJSON_AddArrayToObject(r, "tags");
	cJSON_AddStringToObject(r, "created_on", now);
	cJSON_AddStringToObject(r, "modified_on", now);
	return r;
}

static void
zone_records(struct zone *z, const char *lb_host, const char *apex_v4,
	     const char *apex_v6)
{
	const char *zn = zone_name(z);
	char a[300], b[300];

	zone_add_record(z, record("A", zn, apex_v4, true, 1, -1));
	zone_add_record(z, record("AAAA", zn, apex_v6, true, 1, -1));
	snprintf(a, sizeof(a), "www.%s", zn);
	zone_add_record(z, record("CNAME", a, zn, true, 1, -1));
	snprintf(a, sizeof(a), "api.%s", zn);
	zone_add_record(z, record("CNAME", a, lb_host, true, 1, -1));
	snprintf(a, sizeof(a), "mail.%s", zn);
	zone_add_record(z, record("A", a, "198.51.100.25", false, 3600, -1));
	zone_add_record(z, record("MX", zn, a, false, 3600, 10));
	zone_add_record(z,
			record("TXT", zn, "v=spf1 mx -all", false, 3600, -1));
	snprintf(a, sizeof(a), "_dmarc.%s", zn);
	snprintf(b, sizeof(b), "v=DMARC1; p=reject; rua=mailto:dmarc@%s", zn);
	zone_add_record(z, record("TXT", a, b, false, 3600, -1));
}

static cJSON *
monitor(int port, const char *path, const char *desc, int interval)
{
	cJSON *m = cJSON_CreateObject();
	char id[33], now[40];

	world_new_id(id);
	world_now(now);
	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddStringToObject(m, "created_on", now);
	cJSON_AddStringToObject(m, "modified_on", now);
	lbobj_monitor_defaults(m, desc, path, port);
	cJSON_ReplaceItemInObjectCaseSensitive(m, "interval",
					       cJSON_CreateNumber(interval));
	return m;
}

static cJSON *
pool(struct sim *sim, const char *name, const char *desc,
     const char *monitor_id, int minimum)
{
	cJSON *p = cJSON_CreateObject(), *o, *arr;
	char id[33], now[40];
	size_t i;

	world_new_id(id);
	world_now(now);
	cJSON_AddStringToObject(p, "id", id);
	cJSON_AddStringToObject(p, "created_on", now);
	cJSON_AddStringToObject(p, "modified_on", now);
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "description", desc);
	cJSON_AddBoolToObject(p, "enabled", 1);
	cJSON_AddNumberToObject(p, "minimum_origins", minimum);
	cJSON_AddStringToObject(p, "monitor", monitor_id);
	arr = cJSON_AddArrayToObject(p, "check_regions");
	cJSON_AddItemToArray(arr, cJSON_CreateString("WNAM"));
	cJSON_AddItemToArray(arr, cJSON_CreateString("WEU"));
	cJSON_AddItemToArray(arr, cJSON_CreateString("EEU"));
	cJSON_AddStringToObject(p, "notification_email", "");
	o = cJSON_AddObjectToObject(p, "load_shedding");
	cJSON_AddNumberToObject(o, "default_percent", 0);
	cJSON_AddStringToObject(o, "default_policy", "random");
	cJSON_AddNumberToObject(o, "session_percent", 0);
	cJSON_AddStringToObject(o, "session_policy", "hash");
	o = cJSON_AddObjectToObject(p, "origin_steering");
	cJSON_AddStringToObject(o, "policy", "random");
	arr = cJSON_AddArrayToObject(p, "origins");
	for (i = 0; i < NORIGINS; i++) {
		if (strcmp(origins[i].pool, name) != 0)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", origins[i].name);
		cJSON_AddStringToObject(o, "address",
					sim_origins_address(sim->origins, i));
		cJSON_AddBoolToObject(o, "enabled", !origins[i].disabled);
		cJSON_AddNumberToObject(o, "weight", origins[i].weight);
		cJSON_AddItemToArray(arr, o);
	}
	return p;
}

static cJSON *
lb(const char *name, const char *desc, const char *def_pool,
   const char *fb_pool, const char *lax_pool, const char *steering)
{
	cJSON *l = cJSON_CreateObject(), *o, *arr;
	char id[33], now[40];

	world_new_id(id);
	world_now(now);
	cJSON_AddStringToObject(l, "id", id);
	cJSON_AddStringToObject(l, "created_on", now);
	cJSON_AddStringToObject(l, "modified_on", now);
	cJSON_AddStringToObject(l, "description", desc);
	cJSON_AddStringToObject(l, "name", name);
	cJSON_AddBoolToObject(l, "enabled", 1);
	cJSON_AddNumberToObject(l, "ttl", 30);
	cJSON_AddStringToObject(l, "fallback_pool", fb_pool);
	arr = cJSON_AddArrayToObject(l, "default_pools");
	cJSON_AddItemToArray(arr, cJSON_CreateString(def_pool));
	cJSON_AddItemToArray(arr, cJSON_CreateString(fb_pool));
	cJSON_AddObjectToObject(l, "region_pools");
	cJSON_AddObjectToObject(l, "country_pools");
	o = cJSON_AddObjectToObject(l, "pop_pools");
	if (lax_pool) {
		arr = cJSON_AddArrayToObject(o, "LAX");
		cJSON_AddItemToArray(arr, cJSON_CreateString(lax_pool));
		cJSON_AddItemToArray(arr, cJSON_CreateString(fb_pool));
	}
	cJSON_AddBoolToObject(l, "proxied", 1);
	cJSON_AddStringToObject(l, "steering_policy", steering);
	cJSON_AddStringToObject(l, "session_affinity", "none");
	o = cJSON_AddObjectToObject(l, "session_affinity_attributes");
	cJSON_AddStringToObject(o, "samesite", "Auto");
	cJSON_AddStringToObject(o, "secure", "Auto");
	cJSON_AddNumberToObject(o, "drain_duration", 0);
	cJSON_AddStringToObject(o, "zero_downtime_failover", "none");
	o = cJSON_AddObjectToObject(l, "location_strategy");
	cJSON_AddStringToObject(o, "mode", "pop");
	cJSON_AddStringToObject(o, "prefer_ecs", "proximity");
	o = cJSON_AddObjectToObject(l, "adaptive_routing");
	cJSON_AddBoolToObject(o, "failover_across_pools", 1);
	cJSON_AddArrayToObject(l, "rules");
	return l;
}

/* After --state: point loaded demo origins/monitors at this run's servers. */
static void
rebind(struct sim *sim)
{
	cJSON *p, *o, *m;
	size_t i;
	int port = sim_origins_port(sim->origins);

	cJSON_ArrayForEach(p, sim->world->pools)
	{
		cJSON_ArrayForEach(
			o, cJSON_GetObjectItemCaseSensitive(p, "origins"))
		{
			for (i = 0; i < NORIGINS; i++) {
				if (strcmp(jstr(o, "name"), origins[i].name))
					continue;
				cJSON_ReplaceItemInObjectCaseSensitive(
					o, "address",
					cJSON_CreateString(sim_origins_address(
						sim->origins, i)));
			}
		}
	}
	cJSON_ArrayForEach(
		m, sim->world->monitors) if (!strcmp(jstr(m, "description"),
						     MONITOR_DESC) ||
					     !strncmp(jstr(m, "description"),
						      "Embeddings", 10))
		cJSON_ReplaceItemInObjectCaseSensitive(
			m, "port", cJSON_CreateNumber(port));
}

size_t
demo_gen_servers(const struct sim *sim)
{
	size_t n = 0;

	/* The disabled ones come last in origins[]. */
	while (sim->origins && n < NORIGINS && !origins[n].disabled)
		n++;
	return n;
}

void
demo_reset_origins(struct sim *sim)
{
	size_t i;

	for (i = 0; sim->origins && i < NORIGINS; i++)
		sim_origins_set_mode(sim->origins, origins[i].name,
				     origins[i].mode);
}

bool
demo_seed(struct sim *sim, bool seed_world, char *err, size_t errlen)
{
	const char *names[NORIGINS];
	enum sim_origin_mode modes[NORIGINS];
	struct world *w = sim->world;
	struct zone *zi, *ze;
	cJSON *mon, *mon2, *inf, *fb, *emb;
	int port;
	size_t i;

	for (i = 0; i < NORIGINS; i++) {
		names[i] = origins[i].name;
		modes[i] = origins[i].mode;
	}
	sim->origins =
		sim_origins_start(NORIGINS, names, modes, sim->cfg->time_scale);
	if (!sim->origins) {
		snprintf(err, errlen, "cannot start the demo origin servers");
		return false;
	}
	if (!seed_world) {
		rebind(sim);
		return true;
	}
	port = sim_origins_port(sim->origins);
	zi = world_add_zone(w, "inference.dev");
	ze = world_add_zone(w, "example.com");
	mon = monitor(port, "/health", MONITOR_DESC, GPU_INTERVAL);
	mon2 = monitor(port, "/healthz", "Embeddings health (GET /healthz)",
		       EMBED_INTERVAL);
	cJSON_AddItemToArray(w->monitors, mon);
	cJSON_AddItemToArray(w->monitors, mon2);
	inf = pool(sim, "inference", "GPU inference backends (primary)",
		   jstr(mon, "id"), 2);
	fb = pool(sim, "inference-fallback", "CPU inference fallback",
		  jstr(mon, "id"), 1);
	emb = pool(sim, "embeddings", "Embedding model servers",
		   jstr(mon2, "id"), 1);
	cJSON_AddItemToArray(w->pools, inf);
	cJSON_AddItemToArray(w->pools, fb);
	cJSON_AddItemToArray(w->pools, emb);
	cJSON_AddItemToArray(zi->lbs,
			     lb("lb.inference.dev",
				"Inference API: GPU pool, LAX pinned, CPU "
				"fallback",
				jstr(inf, "id"), jstr(fb, "id"),
				jstr(inf, "id"), "geo"));
	cJSON_AddItemToArray(ze->lbs, lb("lb.example.com", "Embeddings API",
					 jstr(emb, "id"), jstr(fb, "id"), NULL,
					 "random"));
	zone_records(zi, "lb.inference.dev", "203.0.113.10", "2001:db8::10");
	zone_records(ze, "lb.example.com", "203.0.113.20", "2001:db8::20");
	w->changes++;
	return true;
}
