/* health_internal.h: state shared by health.c and health_preview.c. */
#ifndef CFSIM_HEALTH_INTERNAL_H
#define CFSIM_HEALTH_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "sim/probe.h"
#include "sim/sim_health.h"

/*
 * Probes in flight at once: bounded by the open-file limit, between these
 * two values. A probe of an in-process demo origin costs three descriptors
 * (curl's socket, the duplicate probe.c watches, the origin's side), and
 * the origin's side of a probe that timed out on a slow origin lives on a
 * little longer, hence four; the reserve is for the API server's
 * connections, listeners and files.
 */
#define HEALTH_MIN_INFLIGHT 64
#define HEALTH_MAX_INFLIGHT 4096
#define HEALTH_FDS_PER_PROBE 4
#define HEALTH_FD_RESERVE 256
#define HEALTH_MAX_EVENTS 4096 /* newest events kept */
#define HEALTH_MAX_PREVIEWS 64 /* newest previews kept */
#define HEALTH_MAX_REGIONS 13  /* every check_regions code */
#define HEALTH_MIN_RATE 500.0  /* probe starts per second, at least */
#define HEALTH_SNAPSHOT_EVERY_S 1.0
#define HEALTH_TICK_MS 100

/* One origin as seen from one region: its own schedule and counters. */
struct health_region {
	const char *label; /* static region code, compared by pointer */
	int state;	   /* -1 unknown, 0 unhealthy, 1 healthy */
	int streak;	   /* consecutive results disagreeing with state */
	bool have;	   /* a probe has finished */
	struct probe_result last; /* last finished probe */
	double next_due;	  /* monotonic seconds */
	unsigned long serial;	  /* != 0 while a probe is in flight */
};

struct health_origin {
	char *name;
	char *address;
	char *host;  /* header.Host override or NULL */
	bool seen;   /* mark for the snapshot sweep */
	int state;   /* majority over regions, -1 unknown */
	char ip[64]; /* last IP connected to */
	size_t nregions;
	struct health_region *regions; /* parallel to the pool's regions */
};

struct health_pool {
	char *id;
	char *name;
	int minimum_origins;
	bool seen;
	int state;	   /* -1 unknown, 0, 1 */
	char *monitor_key; /* monitor JSON, to notice changes */
	struct probe_monitor mon;
	double interval; /* scaled and bounded, seconds */
	size_t nregions;
	const char *regions[HEALTH_MAX_REGIONS];
	size_t norigins;
	struct health_origin **origins;
};

struct health_event {
	long id;
	time_t ts;
	cJSON *json; /* the event as the API returns it */
};

struct health_preview_origin {
	char *address;
	char *host;
	size_t done;	/* regions finished */
	size_t healthy; /* regions healthy */
	bool have_ok, have_bad;
	struct probe_result ok;	 /* a healthy result */
	struct probe_result bad; /* an unhealthy result */
};

struct health_preview_pool {
	char *id;
	int minimum_origins;
	size_t nregions;
	const char *regions[HEALTH_MAX_REGIONS];
	size_t norigins;
	struct health_preview_origin *origins;
};

struct health_preview {
	char id[33];
	bool started; /* probes handed to the multi */
	struct probe_monitor mon;
	size_t npools;
	struct health_preview_pool *pools;
	struct health_preview *next; /* newer first */
};

/* Probe user data: a job (pool/address/region) or a preview slot. */
struct health_ctx {
	struct sim_health *h;
	unsigned long serial;
	char *pool_id;
	char *address;
	const char *region;
	bool preview;
	char preview_id[33];
	size_t pool_index, origin_index;
};

struct sim_health {
	pthread_mutex_t lock; /* guards everything below but pm */
	pthread_t thread;
	atomic_bool stop;
	atomic_bool kick;
	sim_snapshot_fn snapshot_fn;
	void *snapshot_ud;
	double time_scale;
	int min_interval_s;
	struct probe_multi *pm; /* engine thread only (wakeup: any) */
	size_t max_inflight;

	struct health_pool **pools;
	size_t npools, cap;
	double next_scan; /* earliest due job */
	bool starved;	  /* due jobs left waiting (budget or slots) */
	double tokens;	  /* probe starts allowed right now */
	double last_refill;
	size_t scan_from;

	struct health_event *events; /* ring of HEALTH_MAX_EVENTS */
	size_t ev_head, ev_count;
	long next_event_id;

	struct health_preview *previews;
	size_t npreviews;
	unsigned long next_serial;
};

/* Shared helpers (health.c). Callers hold h->lock where state is touched. */
double health_now(void);
char *health_strdup(const char *s);
int health_json_min_origins(const cJSON *pool);
const char *health_origin_host(const cJSON *origin);
/* Fills `out` (HEALTH_MAX_REGIONS) from check_regions or the defaults. */
size_t health_pool_regions(const cJSON *pool, const char **out);
struct health_pool *health_find_pool(struct sim_health *h, const char *id,
				     size_t *index);
void health_clear_pools(struct sim_health *h);
void health_clear_events(struct sim_health *h);
void health_format_time(time_t t, char *buf, size_t size);

/* Previews (health_preview.c). */
/* Hands every not yet started preview's probes to h->pm. Lock held. */
void health_start_previews(struct sim_health *h);
/* Frees every preview. Lock held (or engine stopped). */
void health_clear_previews(struct sim_health *h);

#endif
