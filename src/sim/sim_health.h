/* sim_health.h: cfsim's health engine interface -- real monitor probes, health state, events, previews. */
#ifndef CFSIM_SIM_HEALTH_H
#define CFSIM_SIM_HEALTH_H

#include <stdbool.h>

#include <cjson/cJSON.h>

/*
 * The API side (world store) and the health side meet only here.
 *
 * The health engine runs its own thread. Once a second it asks the world for
 * the probe targets through `snapshot_fn`, which returns a NEW cJSON array
 * (the engine deletes it) of objects:
 *   { "pool": <pool object as the API returns it>,
 *     "monitor": <monitor object, or null when the pool has none> }
 * For every enabled origin of every enabled pool that has a monitor it probes
 * origin.address (with monitor.port, default 80/443 by type) on the monitor's
 * interval, from every simulated region (at least WNAM, WEU, EEU -- or the
 * pool's check_regions), applying timeout, retries, consecutive_up/down,
 * method, path, header (Host override from the origin's header.Host first),
 * expected_codes ("200", "2xx"), expected_body, follow_redirects,
 * allow_insecure, and type tcp (connect only). Results and transitions are
 * kept inside the engine under its own lock; every function below is
 * thread-safe and never blocks on a probe.
 */

struct sim_health;

typedef cJSON *(*sim_snapshot_fn)(void *ud);

/* Options for the engine. */
struct sim_health_options {
	sim_snapshot_fn snapshot_fn;
	void *snapshot_ud;
	double time_scale; /* 1.0 = real time; tests may shrink intervals (e.g. 0.1);
			       monitor timeouts are scaled too (floor 50 ms) so
			       slow origins keep timing out */
	int min_interval_s; /* lower bound applied to monitor.interval after scaling, default 1 */
};

/* Starts the engine thread. Returns NULL on failure. */
struct sim_health *sim_health_start(const struct sim_health_options *opts);

/* Stops the thread, aborts in-flight probes (prompt), frees everything. NULL ok. */
void sim_health_stop(struct sim_health *h);

/*
 * Probe every target now (tests, admin API), without waiting for intervals.
 * Probe starts are paced (at least 500/s, twice the monitors' steady rate),
 * so a kick over thousands of origins takes a few seconds to go through.
 */
void sim_health_kick(struct sim_health *h);

/*
 * The `result` object for GET .../pools/{id}/health, in the keyed shape of
 * NOTES.md: {"pool_id": id, "pop_health": {"<region label>": {"healthy": b,
 * "origins": [{"<address>": {"failure_reason", "healthy", "response_code",
 * "rtt"}}]}}}. Returns a new object (caller deletes), or NULL when no probe
 * has finished for this pool yet (the API answers "Health info unavailable").
 */
cJSON *sim_health_pool_json(struct sim_health *h, const char *pool_id);

/*
 * Health of one origin across regions: 1 healthy (healthy in a majority of
 * regions), 0 unhealthy, -1 unknown (never probed, or disabled).
 */
int sim_health_origin_state(struct sim_health *h, const char *pool_id,
			    const char *address);

/* Pool health: 1 when at least minimum_origins origins are healthy, 0 not, -1 unknown. */
int sim_health_pool_state(struct sim_health *h, const char *pool_id);

/*
 * Health-check events (transitions), newest first, as the `result` array of
 * GET /user/load_balancing_analytics/events. NULL filters are not applied;
 * origin_healthy/pool_healthy: -1 not applied, 0/1 match. since/until are
 * RFC 3339. Returns a new array.
 */
cJSON *sim_health_events(struct sim_health *h, const char *since,
			 const char *until, const char *pool_id,
			 const char *pool_name, const char *origin_name,
			 int origin_healthy, int pool_healthy);

/*
 * Starts a preview: probe the origins of `pools` (a cJSON array of pool
 * objects, copied) with `monitor` (copied) once, from every region, in the
 * background. Returns the preview id (32 hex chars, caller frees).
 */
char *sim_health_preview_start(struct sim_health *h, const cJSON *monitor,
			       const cJSON *pools);

/*
 * The `result` for GET .../preview/{id}: {pool_id: {"healthy": b, "origins":
 * [{address: {failure_reason, healthy, response_code, rtt}}]}}. Returns a new
 * object, or NULL for an unknown id. Origins still being probed are reported
 * as unhealthy with failure_reason "Preview in progress" until done.
 */
cJSON *sim_health_preview_result(struct sim_health *h, const char *preview_id);

/* Forget all state of a deleted pool. */
void sim_health_forget_pool(struct sim_health *h, const char *pool_id);

/* Forget everything (admin reset). */
void sim_health_reset(struct sim_health *h);

/* ---- demo origin servers --------------------------------------------- */

/*
 * A flapping origin answers 200 for this many seconds (times the time
 * scale), then 500 as long, and so on, from the moment the servers start.
 * A monitor sees it change only if it checks at least once in each half:
 * an interval of twice this lands every check in the same half.
 */
#define SIM_ORIGINS_FLAP_S 30

enum sim_origin_mode {
	SIM_ORIGIN_HEALTHY = 0, /* 200 "ok" on every path */
	SIM_ORIGIN_FAIL500,	/* 500 on every path */
	SIM_ORIGIN_SLOW, /* answers 200 after 8 s (too slow for timeout 5) */
	SIM_ORIGIN_FLAP, /* alternates healthy/500 every
				   SIM_ORIGINS_FLAP_S (scaled) */
	SIM_ORIGIN_DOWN, /* refuses connections: its server is stopped
				   (restarted when the mode changes again) */
};

struct sim_origins;

/*
 * Starts `n` small HTTP servers (libmicrohttpd), one per loopback address,
 * all on the same port: addresses are 127.A.B.1 .. 127.A.B.n with A.B chosen
 * at random so several cfsim instances can coexist. The shared port is picked
 * by the OS for the first server. `names` and `modes` give each server's name
 * and initial behaviour. Returns NULL on failure.
 */
struct sim_origins *sim_origins_start(size_t n, const char *const *names,
				      const enum sim_origin_mode *modes,
				      double time_scale);

/* The shared port and the address of origin i ("127.A.B.i+1"). */
int sim_origins_port(const struct sim_origins *o);
const char *sim_origins_address(const struct sim_origins *o, size_t i);
size_t sim_origins_count(const struct sim_origins *o);

/*
 * Changes the behaviour of the origin named `name` (or whose address is
 * `name`). Returns false when unknown. Thread-safe.
 */
bool sim_origins_set_mode(struct sim_origins *o, const char *name,
			  enum sim_origin_mode mode);

/* Parses "healthy|fail500|slow|flap|down" (also "unhealthy" = fail500). */
bool sim_origin_mode_parse(const char *s, enum sim_origin_mode *out);
const char *sim_origin_mode_name(enum sim_origin_mode mode);

/* Describes every origin as a cJSON array [{name, address, port, mode}]. */
cJSON *sim_origins_json(const struct sim_origins *o);

/* Stops every server. NULL ok. */
void sim_origins_stop(struct sim_origins *o);

#endif
