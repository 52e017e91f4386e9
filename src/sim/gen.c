/* gen.c: cfsim --gen SPEC -- large generated accounts (zones, records, monitors, pools, LBs) for benchmarks. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/lbobj.h"
#include "sim/seed.h"

bool
gen_parse(const char *spec, struct gen_spec *g, char *err, size_t errlen)
{
	static const struct {
		const char *key;
		size_t off;
		long max;
	} keys[] = {
		{ "zones", offsetof(struct gen_spec, zones), 10000 },
		{ "records", offsetof(struct gen_spec, records), 5000000 },
		{ "pools", offsetof(struct gen_spec, pools), 100000 },
		{ "origins", offsetof(struct gen_spec, origins), 100 },
		{ "monitors", offsetof(struct gen_spec, monitors), 10000 },
		{ "lbs", offsetof(struct gen_spec, lbs), 100000 },
	};
	const char *p = spec;

	memset(g, 0, sizeof(*g));
	g->zones = 1;
	g->origins = 3;
	g->monitors = -1;
	if (!spec || !*spec) {
		snprintf(err, errlen, "--gen: empty SPEC");
		return false;
	}
	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		size_t klen, i;
		char *num_end;
		long v;
		bool found = false;

		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end) {
			snprintf(err, errlen, "--gen: expected key=N in '%.*s'",
				 (int)(end - p), p);
			return false;
		}
		klen = (size_t)(eq - p);
		errno = 0;
		v = strtol(eq + 1, &num_end, 10);
		if (errno || num_end != end || num_end == eq + 1 || v < 0) {
			snprintf(err, errlen,
				 "--gen: '%.*s' needs a number >= 0", (int)klen,
				 p);
			return false;
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strlen(keys[i].key) != klen ||
			    strncmp(keys[i].key, p, klen) != 0)
				continue;
			if (v > keys[i].max) {
				snprintf(err, errlen,
					 "--gen: %s is at most %ld",
					 keys[i].key, keys[i].max);
				return false;
			}
			*(long *)(void *)((char *)g + keys[i].off) = v;
			found = true;
		}
		if (!found) {
			snprintf(err, errlen,
				 "--gen: unknown key '%.*s' (zones, records, "
				 "pools, origins, monitors, lbs)",
				 (int)klen, p);
			return false;
		}
		p = *end ? end + 1 : end;
	}
	if (g->origins < 1 && g->pools > 0) {
		snprintf(err, errlen, "--gen: pools need origins >= 1");
		return false;
	}
	if (g->lbs > 0 && (g->pools < 1 || g->zones < 1)) {
		snprintf(err, errlen,
			 "--gen: lbs need pools >= 1 and zones >= 1");
		return false;
	}
	return true;
}

static const char *const rtypes[] = { "A", "AAAA", "CNAME", "TXT", "MX" };

static cJSON *
gen_record(const char *zone, long i, const char *now)
{
	cJSON *r = cJSON_CreateObject(), *m;
	const char *t = rtypes[i % 5];
	char id[33], name[300], content[300];

	world_new_id(id);
	snprintf(name, sizeof(name), "host-%07ld.%s", i, zone);
	switch (i % 5) {
	case 0:
		snprintf(content, sizeof(content), "10.%ld.%ld.%ld",
			 (i >> 16) & 255, (i >> 8) & 255, i & 255);
		break;
	case 1:
		snprintf(content, sizeof(content), "2001:db8::%lx:%lx",
			 (i >> 16) & 0xffff, i & 0xffff);
		break;
	case 2:
		snprintf(content, sizeof(content), "backend-%ld.%s", i % 97,
			 zone);
		break;
	case 3:
		snprintf(content, sizeof(content), "generated record %ld", i);
		break;
	default:
		snprintf(content, sizeof(content), "mx%ld.%s", i % 3, zone);
		break;
	}
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "name", name);
	cJSON_AddStringToObject(r, "type", t);
	cJSON_AddStringToObject(r, "content", content);
	cJSON_AddBoolToObject(r, "proxiable", i % 5 < 3);
	cJSON_AddBoolToObject(r, "proxied", i % 5 < 3 && i % 2 == 0);
	cJSON_AddNumberToObject(r, "ttl", i % 5 < 3 && i % 2 == 0 ? 1 : 300);
	if (i % 5 == 4)
		cJSON_AddNumberToObject(r, "priority", 10);
	cJSON_AddObjectToObject(r, "settings");
	m = cJSON_AddObjectToObject(r, "meta");
	cJSON_AddBoolToObject(m, "auto_added", 0);
	cJSON_AddStringToObject(m, "source", "primary");
	cJSON_AddArrayToObject(r, "tags");
	cJSON_AddStringToObject(r, "created_on", now);
	cJSON_AddStringToObject(r, "modified_on", now);
	return r;
}

static cJSON *
gen_monitor(long i, int port, const char *now)
{
	cJSON *m = cJSON_CreateObject();
	char id[33], desc[64];

	world_new_id(id);
	snprintf(desc, sizeof(desc), "generated monitor %ld", i);
	cJSON_AddStringToObject(m, "id", id);
	cJSON_AddStringToObject(m, "created_on", now);
	cJSON_AddStringToObject(m, "modified_on", now);
	lbobj_monitor_defaults(m, desc, "/health", port);
	return m;
}

static cJSON *
gen_pool(struct sim *sim, long i, long norigins, const char *monitor_id,
	 const char *now)
{
	cJSON *p = cJSON_CreateObject(), *o, *arr;
	size_t ndemo = demo_gen_servers(sim);
	char id[33], name[64], addr[64];
	long k;

	world_new_id(id);
	snprintf(name, sizeof(name), "pool-%05ld", i);
	cJSON_AddStringToObject(p, "id", id);
	cJSON_AddStringToObject(p, "created_on", now);
	cJSON_AddStringToObject(p, "modified_on", now);
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "description", "generated pool");
	cJSON_AddBoolToObject(p, "enabled", 1);
	cJSON_AddNumberToObject(p, "minimum_origins", 1);
	if (monitor_id)
		cJSON_AddStringToObject(p, "monitor", monitor_id);
	cJSON_AddNullToObject(p, "check_regions");
	cJSON_AddStringToObject(p, "notification_email", "");
	o = cJSON_AddObjectToObject(p, "origin_steering");
	cJSON_AddStringToObject(o, "policy", "random");
	arr = cJSON_AddArrayToObject(p, "origins");
	for (k = 0; k < norigins; k++) {
		long n = i * norigins + k;

		o = cJSON_CreateObject();
		snprintf(name, sizeof(name), "origin-%05ld-%ld", i, k);
		if (ndemo)
			snprintf(addr, sizeof(addr), "%s",
				 sim_origins_address(sim->origins,
						     (size_t)n % ndemo));
		else
			snprintf(addr, sizeof(addr), "127.255.%ld.%ld",
				 (n / 250) % 250, n % 250 + 1);
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddStringToObject(o, "address", addr);
		cJSON_AddBoolToObject(o, "enabled", 1);
		cJSON_AddNumberToObject(o, "weight", 1);
		cJSON_AddItemToArray(arr, o);
	}
	return p;
}

static cJSON *
gen_lb(const char *zone, long i, const cJSON *pools, const char *now)
{
	cJSON *l = cJSON_CreateObject(), *arr, *o;
	int np = cJSON_GetArraySize(pools);
	const char *p1 = jstr(cJSON_GetArrayItem(pools, (int)(i % np)), "id");
	const char *p2 =
		jstr(cJSON_GetArrayItem(pools, (int)((i + 1) % np)), "id");
	char id[33], name[300];

	world_new_id(id);
	snprintf(name, sizeof(name), "lb-%05ld.%s", i, zone);
	cJSON_AddStringToObject(l, "id", id);
	cJSON_AddStringToObject(l, "created_on", now);
	cJSON_AddStringToObject(l, "modified_on", now);
	cJSON_AddStringToObject(l, "description", "generated load balancer");
	cJSON_AddStringToObject(l, "name", name);
	cJSON_AddBoolToObject(l, "enabled", 1);
	cJSON_AddNumberToObject(l, "ttl", 30);
	cJSON_AddStringToObject(l, "fallback_pool", p2);
	arr = cJSON_AddArrayToObject(l, "default_pools");
	cJSON_AddItemToArray(arr, cJSON_CreateString(p1));
	cJSON_AddObjectToObject(l, "region_pools");
	cJSON_AddObjectToObject(l, "country_pools");
	cJSON_AddObjectToObject(l, "pop_pools");
	cJSON_AddBoolToObject(l, "proxied", 1);
	cJSON_AddStringToObject(l, "steering_policy", "off");
	cJSON_AddStringToObject(l, "session_affinity", "none");
	o = cJSON_AddObjectToObject(l, "adaptive_routing");
	cJSON_AddBoolToObject(o, "failover_across_pools", 0);
	return l;
}

bool
gen_build(struct sim *sim, const struct gen_spec *g, char *err, size_t errlen)
{
	struct world *w = sim->world;
	long i, z, nmon = g->monitors;
	int port = sim->origins ? sim_origins_port(sim->origins) : 80;
	cJSON *mons = cJSON_CreateArray(), *pools = cJSON_CreateArray(), *it;
	struct zone *first = NULL;
	char now[40], name[64];

	(void)err;
	(void)errlen;
	world_now(now);
	for (z = 0; z < g->zones; z++) {
		struct zone *zz;

		snprintf(name, sizeof(name), "gen-%05ld.example", z);
		zz = world_add_zone(w, name);
		if (!first)
			first = zz;
		for (i = 0; i < g->records; i++)
			zone_add_record(zz, gen_record(name, i, now));
	}
	/* Monitors only make sense with servers to probe (--demo). */
	if (nmon < 0)
		nmon = sim->origins && g->pools > 0 ? 1 : 0;
	for (i = 0; i < nmon; i++)
		cJSON_AddItemToArray(mons, gen_monitor(i, port, now));
	for (i = 0; i < g->pools; i++) {
		const cJSON *m =
			nmon && sim->origins
				? cJSON_GetArrayItem(mons, (int)(i % nmon))
				: NULL;

		cJSON_AddItemToArray(pools,
				     gen_pool(sim, i, g->origins,
					      m ? jstr(m, "id") : NULL, now));
	}
	for (i = 0; first && i < g->lbs; i++)
		cJSON_AddItemToArray(first->lbs,
				     gen_lb(zone_name(first), i, pools, now));
	while ((it = cJSON_DetachItemFromArray(mons, 0)))
		cJSON_AddItemToArray(w->monitors, it);
	while ((it = cJSON_DetachItemFromArray(pools, 0)))
		cJSON_AddItemToArray(w->pools, it);
	cJSON_Delete(mons);
	cJSON_Delete(pools);
	w->changes++;
	return true;
}
