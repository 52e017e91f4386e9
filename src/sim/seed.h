/* seed.h: cfsim's initial worlds -- the --demo world and --gen bulk accounts. */
#ifndef CFSIM_SEED_H
#define CFSIM_SEED_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"

/*
 * Starts the demo origin servers (sim->origins) and, when seed_world is
 * true, adds the demo zones, records, monitors, pools and load balancers.
 * With seed_world false (a --state file was loaded) it only re-points the
 * loaded demo pools and monitors at the new servers. Call before the
 * server starts (no locking needed then). Returns false with err set.
 */
bool demo_seed(struct sim *sim, bool seed_world, char *err, size_t errlen);

/*
 * The demo's GPU monitor checks every DEMO_MIN_INTERVAL seconds (so the
 * flapping origin is seen to flap); with --demo and no --min-interval,
 * cfsim accepts monitor intervals down to it, so that monitor validates.
 */
#define DEMO_MIN_INTERVAL 15

/*
 * How many demo origin servers --gen pools spread their origins over: the
 * enabled ones (the first), so the generated mix of healthy, failing, slow
 * and flapping origins -- the load that load-no-drop-test and
 * bench/health-bench.sh are sized for -- stays as it was before embed-c
 * (disabled, healthy) joined the demo. 0 without --demo.
 */
size_t demo_gen_servers(const struct sim *sim);

/* Puts every demo origin server back in its initial mode (admin reset).
 * No-op without --demo. Thread-safe. */
void demo_reset_origins(struct sim *sim);

/* Parsed --gen SPEC. */
struct gen_spec {
	long zones, records, pools, origins, monitors, lbs;
};

/*
 * Parses "key=N,key=N..." with keys zones, records (per zone), pools,
 * origins (per pool), monitors, lbs (in the first zone). Returns false with
 * err set on bad input. Pure.
 */
bool gen_parse(const char *spec, struct gen_spec *out, char *err,
	       size_t errlen);

/*
 * Adds the generated objects to sim's world. Generated pools point at the
 * demo origin servers and get a monitor when sim->origins is running
 * (--demo); otherwise they point at unroutable 127.255.x.y addresses and
 * have no monitor. Returns false with err set.
 */
bool gen_build(struct sim *sim, const struct gen_spec *g, char *err,
	       size_t errlen);

#endif
