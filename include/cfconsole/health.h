/* health.h: the live health model (pools -> origins -> regions) with immutable, generation-counted snapshots. */
#ifndef CFCONSOLE_HEALTH_H
#define CFCONSOLE_HEALTH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfconsole/cf_models.h"

/*
 * The model has one writer side (the poller, or a toggle job reporting what
 * it did) and any number of readers (the UI, the `health` command). Writers
 * call the health_model_set_* / apply_* functions, then health_model_publish()
 * once per round: that builds a complete immutable struct health_snapshot
 * outside the lock, swaps the published pointer under the mutex and bumps
 * the generation (STYLE.md section 5). Readers take a reference with
 * health_model_acquire() and drop it with health_snapshot_release(); a
 * snapshot stays valid, unchanged, until its last reference is dropped.
 * Every function here is thread-safe.
 */

/*
 * State of an origin or pool. Unknown is never reported as healthy. A pool
 * has three health levels, as Cloudflare's dashboard: healthy (every
 * enabled origin healthy), degraded (fewer healthy than enabled, still at
 * or above minimum_origins) and critical (below minimum_origins, or no
 * healthy origin), which is HEALTH_UNHEALTHY.
 */
enum health_state {
	HEALTH_UNKNOWN = 0, /* no health data (yet), or no monitor */
	HEALTH_HEALTHY,
	HEALTH_UNHEALTHY, /* origin unhealthy; pool critical */
	HEALTH_DISABLED,  /* disabled by configuration (origin or pool) */
	HEALTH_DEGRADED,  /* pools only: see above */
};

/* Static lower-case name ("healthy", "unknown", ...). Never NULL. */
const char *health_state_name(enum health_state s);

/* A pool's state in words: "critical" for HEALTH_UNHEALTHY, else as
 * health_state_name ("healthy", "degraded", ...). Never NULL. */
const char *health_pool_state_name(enum health_state s);

/* Number of RTT samples kept per origin for the sparkline. */
#define HEALTH_RTT_SAMPLES 32
/* Maximum number of events kept in the session event log. */
#define HEALTH_EVENTS_MAX 512

/*
 * One region's (PoP's) view of one origin, as the last poll saw it. A check
 * that got no answer (a timeout, a refused connection, a TLS failure) has
 * no response code (the API's 0 is not a status) and no round-trip time:
 * both read "-" on screen and null in JSON, whatever the API put there.
 */
struct health_region {
	char *region; /* "WEU", "Amsterdam, NL"; "" in the flat shape */
	bool healthy;
	bool has_rtt;
	double rtt_ms;
	bool has_response_code; /* a real HTTP status (> 0) */
	int response_code;
	char *failure_reason; /* may be NULL */
};

struct health_origin {
	char *name;
	char *address;
	bool enabled; /* from the pool's configuration */
	double weight;
	enum health_state state; /* see health_origin_state() */
	size_t nregions_healthy; /* regions reporting healthy */
	struct health_region *regions;
	size_t nregions;
	/* RTT samples, oldest first: one per new health check the API
	 * reported (the mean over regions), not one per poll: a poll that
	 * returns the same results as the previous one adds nothing. A
	 * check that got no answer (a timeout, a refused connection) has
	 * no round-trip time and adds NAN (a gap). */
	double rtt[HEALTH_RTT_SAMPLES];
	size_t nrtt;
	char *failure_reason;	/* first unhealthy region's reason, or NULL */
	bool has_response_code; /* from the first unhealthy region, else first */
	int response_code;
	time_t changed_at; /* last change of `state`, 0 never known */
};

struct health_pool {
	char *id;
	char *name;
	bool enabled;
	int minimum_origins;
	char *monitor; /* monitor id or NULL (no monitor: unknown health) */
	/* DISABLED; UNKNOWN; HEALTHY (every enabled origin healthy, at least
	 * minimum_origins); DEGRADED (fewer healthy than enabled, at least
	 * minimum_origins and one); UNHEALTHY (critical: fewer than
	 * minimum_origins, or none, healthy). */
	enum health_state state;
	size_t n_enabled;  /* enabled origins */
	size_t n_disabled; /* origins disabled in the pool's settings */
	size_t n_healthy;  /* enabled origins whose state is HEALTHY */
	size_t n_unknown;  /* enabled origins whose state is UNKNOWN */
	bool below_minimum; /* enabled pool with health known and n_healthy < minimum_origins */
	bool has_health;  /* at least one health poll succeeded */
	time_t polled_at; /* last successful health poll, 0 never */
	time_t config_at; /* settings (enabled, weights, minimum,
	                           monitor) last read, 0 never */
	/* How often the poller means to read this pool's health and its
	 * settings (seconds; 0: no promise, e.g. the headless command). Data
	 * older than two of these intervals is stale: health_pool_stale(). */
	double poll_every, config_every;
	char *last_error; /* last poll error (one line), NULL after a success */
	struct health_origin *origins;
	size_t norigins;
};

enum health_event_source {
	HEALTH_EV_POLL = 0, /* a transition seen between two polls */
	HEALTH_EV_API,	    /* from Cloudflare's health-check events endpoint */
	HEALTH_EV_NOTE,	    /* recorded by this console (a toggle, an undo) */
};

/* One entry of the session event log. */
struct health_event {
	time_t at; /* the log is ordered by this, newest first */
	enum health_event_source source;
	char *pool_id;
	char *pool_name;
	char *origin_name; /* NULL for pool-level events */
	char *region;	   /* NULL when not region-specific */
	enum health_state from, to;
	char *reason; /* failure reason or NULL */
	/* Ready-made line: "origin web-2 went unhealthy in WEU at 03:12:04,
	 * reason: HTTP timeout occurred" (local time). */
	char *text;
};

/* An immutable published state of the model. */
struct health_snapshot {
	unsigned long generation; /* 1 for the first published snapshot */
	/* Bumped whenever a pool list brought different settings (a pool or
	 * origin added or removed, enabled, weight, minimum_origins, monitor):
	 * the UI then brings its own copy of the pools up to date. */
	unsigned long config_gen;
	time_t built_at;
	struct health_pool *pools; /* in the order of the last pool list */
	size_t npools;
	struct health_event
		*events; /* newest first, at most HEALTH_EVENTS_MAX */
	size_t nevents;
	/* internal: reference count, owned by health_model.c */
	atomic_uint refs;
};

struct health_model;

/* Creates an empty model (generation 0, no snapshot). NULL on OOM. */
struct health_model *health_model_new(void);

/* Frees the model and its published snapshot reference. Snapshots still
 * acquired by readers stay valid until released. NULL is a no-op. */
void health_model_free(struct health_model *m);

/*
 * Replaces the pool list (which pools exist, their origins, enabled flags,
 * weights, minimum_origins, monitor) read at `now`. Health already known
 * for an origin is kept when its address is still in the pool; pools not
 * in the list are dropped. Origins whose enabled flag changed produce an
 * event; any change of settings bumps the snapshot's config_gen. `now` is
 * the current time (tests pass a fake clock). Not visible until publish.
 */
void health_model_set_pools(struct health_model *m, const struct cf_pool *pools,
			    size_t n, time_t now);

/*
 * Applies one pool's health (GET .../pools/{id}/health) observed at `now`:
 * per-region results, the RTT ring, derived states, and one event per region
 * transition of an enabled origin. Unknown pool ids are ignored (returns
 * false). h->pools are matched to origins by address (case-insensitive).
 */
bool health_model_apply_health(struct health_model *m, const char *pool_id,
			       const struct cf_pool_health *h, time_t now);

/*
 * Records how often the poller means to read pool_id's health and the
 * pool list (seconds, 0: unknown), for health_pool_stale(). pool_id NULL
 * sets config_every of every pool (poll_every ignored). Publishing only
 * happens when a value changed by a second or more.
 */
void health_model_set_expect(struct health_model *m, const char *pool_id,
			     double poll_every, double config_every);

/*
 * Records a failed health poll of pool_id: keeps the last known results but
 * stores `message` as last_error. A "Health info unavailable" answer is not
 * an error: pass clear_health=true to mark every origin UNKNOWN instead.
 */
void health_model_pool_error(struct health_model *m, const char *pool_id,
			     const char *message, bool clear_health,
			     time_t now);

/*
 * Adds Cloudflare's health-check events to the log (those not seen before,
 * by event id), one log entry per origin with `changed` set (or per event
 * when none is marked). Returns the number of new entries.
 */
size_t health_model_apply_events(struct health_model *m,
				 const struct cf_health_event *ev, size_t n);

/* Adds a note to the event log (e.g. "you disabled web-2"), at `now` in
 * time order like every entry. */
void health_model_note(struct health_model *m, const char *pool_id,
		       const char *origin_name, const char *text, time_t now);

/*
 * Publishes the current state as a new snapshot when anything changed since
 * the last publish (or when none was published yet). Returns the published
 * generation (unchanged when there was nothing to publish).
 */
unsigned long health_model_publish(struct health_model *m, time_t now);

/* The generation of the published snapshot (0: none yet). */
unsigned long health_model_generation(struct health_model *m);

/*
 * Takes a reference to the published snapshot (NULL when none yet). The
 * caller must health_snapshot_release() it; it never changes meanwhile.
 */
const struct health_snapshot *health_model_acquire(struct health_model *m);

/* Drops a reference from health_model_acquire(). NULL is a no-op. */
void health_snapshot_release(const struct health_snapshot *s);

/* Finds a pool in a snapshot by id or, failing that, by name. NULL if none. */
const struct health_pool *
health_snapshot_find_pool(const struct health_snapshot *s,
			  const char *id_or_name);

/* ---- pure helpers (shared with toggle.c, tested) ---------------------- */

/*
 * Is p's data older than two of the intervals the poller promised for it
 * (its health for a monitored pool, its settings for any pool) at `now`?
 * *age (may be NULL) gets the age in seconds of the oldest of them (0 when
 * nothing was ever read). Never stale without a promise (poll_every and
 * config_every 0).
 */
bool health_pool_stale(const struct health_pool *p, time_t now, long *age);

/*
 * The origin's latest round-trip time: true with *ms set when the last
 * check had one (a timeout has none).
 */
bool health_origin_rtt(const struct health_origin *o, double *ms);

/*
 * "1 healthy of 3 (2 disabled)": healthy origins of all the pool's origins,
 * with the disabled and unknown ones named when there are any. Returns buf.
 */
char *health_pool_summary(const struct health_pool *p, char *buf, size_t size);

/*
 * State of one enabled origin from its per-region results: UNKNOWN with no
 * regions, HEALTHY when healthy in more than half of them, else UNHEALTHY
 * (a tie is unhealthy: when in doubt, do not claim health).
 */
enum health_state health_origin_state(size_t nregions_healthy, size_t nregions);

/*
 * Collects the regions reporting on `address` from a pool-health answer
 * (case-insensitive address match) and returns the state it implies for an
 * enabled origin (UNKNOWN when h is NULL or has nothing for the address).
 */
enum health_state health_state_in(const struct cf_pool_health *h,
				  const char *address);

#endif
