/* world.h: cfsim's world state -- zones, DNS records, monitors, pools, load balancers under one mutex. */
#ifndef CFSIM_WORLD_H
#define CFSIM_WORLD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/*
 * Everything is kept as cJSON objects in exactly the shape the API returns,
 * so handlers serialise without copying. All access goes through
 * world_lock()/world_unlock(); nothing here locks by itself.
 */

/* DNS list orders ("order" query parameter). */
enum world_order {
	WORLD_ORDER_TYPE = 0,
	WORLD_ORDER_NAME,
	WORLD_ORDER_CONTENT,
	WORLD_ORDER_TTL,
	WORLD_ORDER_PROXIED,
	WORLD_ORDER_COUNT
};

struct zone {
	cJSON *obj;   /* the zone object as GET /zones/{id} returns it */
	cJSON **recs; /* DNS records, insertion order */
	size_t nrec, cap;
	cJSON **sorted;	  /* cache: recs sorted by sorted_order, ascending */
	int sorted_order; /* enum world_order, -1 when the cache is stale */
	cJSON *lbs;	  /* array of load balancer objects */
};

struct world {
	pthread_mutex_t mu;
	char account_id[33];
	char account_name[101];
	struct zone **zones;
	size_t nzones, zcap;
	cJSON *monitors;       /* array */
	cJSON *pools;	       /* array */
	unsigned long changes; /* bumped on every mutation (persistence) */
};

/* A new empty world for the account. account_id must be 32 hex chars. */
struct world *world_new(const char *account_id, const char *account_name);
void world_free(struct world *w);
void world_lock(struct world *w);
void world_unlock(struct world *w);

/* Drops every zone, record, monitor, pool and LB (lock held). */
void world_clear(struct world *w);

/* Fills out with 32 random lowercase hex chars + NUL. Thread-safe. */
void world_new_id(char out[33]);
/* Current UTC time as RFC 3339 with microseconds ("...T05:20:00.123456Z"). */
void world_now(char out[40]);

/* Adds a zone named `name` (lowercase) with a fresh id; returns it. */
struct zone *world_add_zone(struct world *w, const char *name);
struct zone *world_find_zone(struct world *w, const char *id);
struct zone *world_find_zone_by_name(struct world *w, const char *name);
const char *zone_name(const struct zone *z);
const char *zone_id(const struct zone *z);

/* Records: add takes ownership; remove deletes the record at idx. */
void zone_add_record(struct zone *z, cJSON *rec);
void zone_remove_record(struct zone *z, size_t idx);
/* Index of the record with this id, or -1. */
long zone_find_record(const struct zone *z, const char *id);
/* Call after changing a record in place (invalidates the sort cache). */
void zone_touch(struct zone *z);
/* Records sorted ascending by `order` (cached until the next change). */
cJSON **zone_sorted(struct zone *z, enum world_order order);

/* Item in w->pools / w->monitors with this id, or NULL. */
cJSON *world_find_pool(struct world *w, const char *id);
cJSON *world_find_monitor(struct world *w, const char *id);
/* Load balancer with this id in zone z, or NULL. */
cJSON *zone_find_lb(struct zone *z, const char *id);

/* String member or "" (never NULL). */
const char *jstr(const cJSON *obj, const char *key);

/*
 * The whole world as one JSON document (persistence, reset):
 * {"account":{id,name},"zones":[{"zone":{},"dns_records":[],
 * "load_balancers":[]}],"monitors":[],"pools":[]}. Caller deletes.
 */
cJSON *world_export(struct world *w);
/*
 * The same document printed compactly, built from references so the
 * world is not copied (100 000 records would double the memory). Lock
 * held. Caller frees.
 */
char *world_export_text(struct world *w);
/*
 * Replaces the world's content with an exported document (deep copies).
 * Returns false (world unchanged) when the document is malformed.
 */
bool world_import(struct world *w, const cJSON *doc);

#endif
