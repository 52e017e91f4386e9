/* test_sim_health.c: the health engine against real demo origins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/sim_health.h"

/*
 * Engine clock x0.1: interval 10 -> 1 s, timeout 5 -> 0.5 s. Origins x0.25:
 * slow answers after 2 s. Generous margins keep this stable on a busy box.
 */
#define ENGINE_SCALE 0.1
#define ORIGINS_SCALE 0.25

/* Origins: 0 "a", 1 "b", 2 "c", 3 "slow", 4 "bad" (fail500). */
struct world {
	pthread_mutex_t lock;
	cJSON *items; /* [{pool, monitor}] */
	int snapshots;
	struct sim_origins *o;
	struct sim_health *h;
};

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static cJSON *
snapshot(void *ud)
{
	struct world *w = ud;
	pthread_mutex_lock(&w->lock);
	cJSON *copy = cJSON_Duplicate(w->items, true);
	w->snapshots++;
	pthread_mutex_unlock(&w->lock);
	return copy;
}

static const char *
addr(struct world *w, size_t i)
{
	return sim_origins_address(w->o, i);
}

static const char *const origin_names[] = { "a", "b", "c", "slow", "bad" };

/* Adds or replaces pool `id` in the world. `origins` is a list of indexes. */
static void
world_put(struct world *w, const char *id, const char *name,
	  const size_t *origins, size_t n, int min_origins,
	  const char *monitor_extra, const char *pool_extra)
{
	char buf[4096];
	size_t len = 0;
	len += (size_t)snprintf(buf + len, sizeof buf - len,
				"{\"pool\":{\"id\":\"%s\",\"name\":\"%s\","
				"\"enabled\":true,\"minimum_origins\":%d,%s"
				"\"origins\":[",
				id, name, min_origins,
				pool_extra ? pool_extra : "");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len,
					"%s{\"name\":\"%s\",\"address\":\"%s\","
					"\"enabled\":true,\"weight\":1}",
					i ? "," : "", origin_names[origins[i]],
					addr(w, origins[i]));
	/* monitor_extra may override the interval (no duplicate keys). */
	bool own_interval =
		monitor_extra && strstr(monitor_extra, "\"interval\"");
	snprintf(buf + len, sizeof buf - len,
		 "]},\"monitor\":{\"id\":\"m1\",\"type\":\"http\","
		 "\"expected_codes\":\"2xx\",%s\"port\":%d%s}}",
		 own_interval ? "" : "\"interval\":10,", sim_origins_port(w->o),
		 monitor_extra ? monitor_extra : "");
	cJSON *item = cJSON_Parse(buf);
	assert_non_null(item);
	pthread_mutex_lock(&w->lock);
	cJSON *it;
	int idx = 0;
	cJSON_ArrayForEach(it, w->items)
	{
		cJSON *p = cJSON_GetObjectItem(it, "pool");
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, id) == 0)
			break;
		idx++;
	}
	if (it)
		cJSON_ReplaceItemInArray(w->items, idx, item);
	else
		cJSON_AddItemToArray(w->items, item);
	pthread_mutex_unlock(&w->lock);
}

static void
world_drop(struct world *w, const char *id)
{
	pthread_mutex_lock(&w->lock);
	int idx = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, w->items)
	{
		cJSON *p = cJSON_GetObjectItem(it, "pool");
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, id) ==
		    0) {
			cJSON_DeleteItemFromArray(w->items, idx);
			break;
		}
		idx++;
	}
	pthread_mutex_unlock(&w->lock);
}

static bool
wait_origin(struct world *w, const char *pool, size_t i, int want,
	    double timeout)
{
	double t0 = now_s();
	while (now_s() - t0 < timeout) {
		if (sim_health_origin_state(w->h, pool, addr(w, i)) == want)
			return true;
		sleep_ms(20);
	}
	return false;
}

static bool
wait_pool(struct world *w, const char *pool, int want, double timeout)
{
	double t0 = now_s();
	while (now_s() - t0 < timeout) {
		if (sim_health_pool_state(w->h, pool) == want)
			return true;
		sleep_ms(20);
	}
	return false;
}

static int
setup(void **state)
{
	static const enum sim_origin_mode modes[] = {
		SIM_ORIGIN_HEALTHY, SIM_ORIGIN_HEALTHY, SIM_ORIGIN_HEALTHY,
		SIM_ORIGIN_SLOW, SIM_ORIGIN_FAIL500
	};
	struct world *w = calloc(1, sizeof *w);
	assert_non_null(w);
	pthread_mutex_init(&w->lock, NULL);
	w->items = cJSON_CreateArray();
	w->o = sim_origins_start(5, origin_names, modes, ORIGINS_SCALE);
	assert_non_null(w->o);
	struct sim_health_options opts = {
		.snapshot_fn = snapshot,
		.snapshot_ud = w,
		.time_scale = ENGINE_SCALE,
		.min_interval_s = 1,
	};
	w->h = sim_health_start(&opts);
	assert_non_null(w->h);
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;
	double t0 = now_s();
	sim_health_stop(w->h);
	assert_true(now_s() - t0 < 1.0);
	sim_origins_stop(w->o);
	cJSON_Delete(w->items);
	pthread_mutex_destroy(&w->lock);
	free(w);
	return 0;
}

static const cJSON *
origin_entry(const cJSON *origins, const char *address)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, origins)
	{
		assert_int_equal(cJSON_GetArraySize(e), 1);
		if (cJSON_GetObjectItem(e, address))
			return cJSON_GetObjectItem(e, address);
	}
	return NULL;
}

static void
test_pool_json_shape(void **state)
{
	struct world *w = *state;
	assert_int_equal(sim_health_origin_state(w->h, "p1", addr(w, 0)), -1);
	assert_null(sim_health_pool_json(w->h, "p1"));
	world_put(w, "p1", "pool-one", (size_t[]){ 0, 1 }, 2, 1, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p1", 0, 1, 3.0));
	assert_true(wait_origin(w, "p1", 1, 1, 3.0));
	assert_true(wait_pool(w, "p1", 1, 3.0));

	/* All three regions report after their own first probe. */
	cJSON *j = NULL;
	for (int tries = 0; tries < 100; tries++) {
		cJSON_Delete(j);
		j = sim_health_pool_json(w->h, "p1");
		cJSON *pop = cJSON_GetObjectItem(j, "pop_health");
		int complete = 0;
		cJSON *reg;
		cJSON_ArrayForEach(reg, pop)
		{
			complete += cJSON_GetArraySize(cJSON_GetObjectItem(
					    reg, "origins")) == 2;
		}
		if (complete == 3)
			break;
		sleep_ms(20);
	}
	assert_non_null(j);
	assert_string_equal(j->child->string, "pool_id");
	assert_string_equal(cJSON_GetObjectItem(j, "pool_id")->valuestring,
			    "p1");
	cJSON *pop = cJSON_GetObjectItem(j, "pop_health");
	assert_true(cJSON_IsObject(pop));
	const char *labels[] = { "WNAM", "WEU", "EEU" };
	for (size_t i = 0; i < 3; i++) {
		cJSON *reg = cJSON_GetObjectItem(pop, labels[i]);
		assert_non_null(reg);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(reg, "healthy")));
		cJSON *origins = cJSON_GetObjectItem(reg, "origins");
		assert_int_equal(cJSON_GetArraySize(origins), 2);
		const cJSON *d = origin_entry(origins, addr(w, 0));
		assert_non_null(d);
		assert_int_equal(cJSON_GetArraySize(d), 4);
		assert_string_equal(
			cJSON_GetObjectItem(d, "failure_reason")->valuestring,
			"No failures");
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "healthy")));
		assert_int_equal(
			cJSON_GetObjectItem(d, "response_code")->valueint, 200);
		const char *rtt = cJSON_GetObjectItem(d, "rtt")->valuestring;
		assert_true(strlen(rtt) > 2);
		assert_string_equal(rtt + strlen(rtt) - 2, "ms");
	}
	cJSON_Delete(j);
	assert_null(sim_health_pool_json(w->h, "nope"));
	assert_int_equal(sim_health_pool_state(w->h, "nope"), -1);
	assert_true(w->snapshots > 0);
}

static void
test_flip_consecutive_and_events(void **state)
{
	struct world *w = *state;
	world_put(w, "p2", "pool-two", (size_t[]){ 0, 1 }, 2, 1,
		  ",\"consecutive_down\":3,\"interval\":20", NULL);
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p2", 0, 1, 3.0));
	assert_true(wait_origin(w, "p2", 1, 1, 3.0));
	cJSON *none =
		sim_health_events(w->h, NULL, NULL, "p2", NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(none), 0); /* unknown -> healthy */
	cJSON_Delete(none);

	/* One failing round: reason shows, state holds (1 of 3). */
	assert_true(sim_origins_set_mode(w->o, "a", SIM_ORIGIN_FAIL500));
	sleep_ms(100); /* let any round started before the flip finish */
	sim_health_kick(w->h);
	bool seen = false;
	for (int tries = 0; tries < 100 && !seen; tries++) {
		cJSON *j = sim_health_pool_json(w->h, "p2");
		cJSON *reg = cJSON_GetObjectItem(
			cJSON_GetObjectItem(j, "pop_health"), "WEU");
		const cJSON *d = origin_entry(
			cJSON_GetObjectItem(reg, "origins"), addr(w, 0));
		if (d && strcmp(cJSON_GetObjectItem(d, "failure_reason")
					->valuestring,
				"Response code mismatch error") == 0) {
			seen = true;
			assert_int_equal(cJSON_GetObjectItem(d, "response_code")
						 ->valueint,
					 500);
			assert_true(cJSON_IsTrue(
				cJSON_GetObjectItem(d, "healthy")));
		}
		cJSON_Delete(j);
		if (!seen)
			sleep_ms(20);
	}
	assert_true(seen);
	assert_int_equal(sim_health_origin_state(w->h, "p2", addr(w, 0)), 1);

	/* Two more failing results (interval 20 * 0.1 = 2 s): unhealthy. */
	double t0 = now_s();
	assert_true(wait_origin(w, "p2", 0, 0, 10.0));
	assert_true(now_s() - t0 > 3.0);
	assert_int_equal(sim_health_pool_state(w->h, "p2"), 1); /* b is up */

	cJSON *ev =
		sim_health_events(w->h, NULL, NULL, "p2", NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 1);
	cJSON *e0 = cJSON_GetArrayItem(ev, 0);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(e0, "id")));
	const char *ts = cJSON_GetObjectItem(e0, "timestamp")->valuestring;
	assert_int_equal(strlen(ts), 20);
	assert_int_equal(ts[10], 'T');
	assert_int_equal(ts[19], 'Z');
	cJSON *pool = cJSON_GetObjectItem(e0, "pool");
	assert_string_equal(cJSON_GetObjectItem(pool, "id")->valuestring, "p2");
	assert_string_equal(cJSON_GetObjectItem(pool, "name")->valuestring,
			    "pool-two");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(pool, "healthy")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(pool, "changed")));
	assert_int_equal(cJSON_GetObjectItem(pool, "minimum_origins")->valueint,
			 1);
	cJSON *o0 = cJSON_GetArrayItem(cJSON_GetObjectItem(e0, "origins"), 0);
	assert_string_equal(cJSON_GetObjectItem(o0, "name")->valuestring, "a");
	assert_string_equal(cJSON_GetObjectItem(o0, "address")->valuestring,
			    addr(w, 0));
	assert_string_equal(cJSON_GetObjectItem(o0, "ip")->valuestring,
			    addr(w, 0));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o0, "enabled")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o0, "healthy")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o0, "changed")));
	assert_string_equal(
		cJSON_GetObjectItem(o0, "failure_reason")->valuestring,
		"Response code mismatch error");
	long first_id = (long)cJSON_GetObjectItem(e0, "id")->valuedouble;
	cJSON_Delete(ev);

	/* consecutive_up 0: one good result flips it back. */
	assert_true(sim_origins_set_mode(w->o, "a", SIM_ORIGIN_HEALTHY));
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p2", 0, 1, 3.0));
	ev = sim_health_events(w->h, NULL, NULL, "p2", NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 2);
	e0 = cJSON_GetArrayItem(ev, 0); /* newest first */
	assert_true((long)cJSON_GetObjectItem(e0, "id")->valuedouble >
		    first_id);
	o0 = cJSON_GetArrayItem(cJSON_GetObjectItem(e0, "origins"), 0);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o0, "healthy")));
	assert_string_equal(
		cJSON_GetObjectItem(o0, "failure_reason")->valuestring,
		"No failures");
	cJSON_Delete(ev);

	/* Filters. */
	ev = sim_health_events(w->h, NULL, NULL, NULL, "pool-two", "a", 0, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 1);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, NULL, NULL, NULL, NULL, "a", 1, 1);
	assert_true(cJSON_GetArraySize(ev) >= 1);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, NULL, NULL, "p2", NULL, "b", -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, NULL, NULL, "p2", NULL, NULL, -1, 0);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, "2999-01-01T00:00:00Z", NULL, "p2", NULL,
			       NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, NULL, "2001-01-01T00:00:00+01:00", "p2",
			       NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	ev = sim_health_events(w->h, "2001-01-01T00:00:00.5Z",
			       "2999-01-01T00:00:00Z", "p2", NULL, NULL, -1,
			       -1);
	assert_int_equal(cJSON_GetArraySize(ev), 2);
	cJSON_Delete(ev);
}

static void
test_pool_goes_unhealthy(void **state)
{
	struct world *w = *state;
	/* min 2 origins: c down -> pool unhealthy. */
	world_put(w, "p3", "pool-three", (size_t[]){ 1, 2 }, 2, 2, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p3", 1, 3.0));
	assert_true(sim_origins_set_mode(w->o, "c", SIM_ORIGIN_DOWN));
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p3", 0, 3.0));
	assert_int_equal(sim_health_origin_state(w->h, "p3", addr(w, 2)), 0);
	cJSON *ev = sim_health_events(w->h, NULL, NULL, "p3", NULL, NULL, 0, 0);
	assert_int_equal(cJSON_GetArraySize(ev), 1);
	cJSON *e0 = cJSON_GetArrayItem(ev, 0);
	cJSON *pool = cJSON_GetObjectItem(e0, "pool");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(pool, "healthy")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(pool, "changed")));
	assert_int_equal(cJSON_GetObjectItem(pool, "minimum_origins")->valueint,
			 2);
	cJSON *o0 = cJSON_GetArrayItem(cJSON_GetObjectItem(e0, "origins"), 0);
	assert_string_equal(
		cJSON_GetObjectItem(o0, "failure_reason")->valuestring,
		"TCP connection failed");
	cJSON_Delete(ev);
	/* Each region reports the pool unhealthy after its own result. */
	bool region_down = false;
	for (int tries = 0; tries < 150 && !region_down; tries++) {
		cJSON *j = sim_health_pool_json(w->h, "p3");
		cJSON *reg = cJSON_GetObjectItem(
			cJSON_GetObjectItem(j, "pop_health"), "EEU");
		region_down =
			cJSON_IsFalse(cJSON_GetObjectItem(reg, "healthy"));
		cJSON_Delete(j);
		if (!region_down)
			sleep_ms(20);
	}
	assert_true(region_down);
	assert_true(sim_origins_set_mode(w->o, "c", SIM_ORIGIN_HEALTHY));
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p3", 1, 3.0));
}

static void
test_consecutive_up(void **state)
{
	struct world *w = *state;
	/* interval 30 -> 3 s: no scheduled probe lands between the steps. */
	world_put(w, "p9", "pool-nine", (size_t[]){ 2 }, 1, 1,
		  ",\"consecutive_up\":2,\"interval\":30", NULL);
	assert_true(sim_origins_set_mode(w->o, "c", SIM_ORIGIN_FAIL500));
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p9", 2, 0, 3.0)); /* first result sets it */
	int bad = 0; /* every region has its (500) result: none in flight */
	for (int tries = 0; tries < 100 && bad < 3; tries++) {
		cJSON *j = sim_health_pool_json(w->h, "p9");
		cJSON *reg;
		bad = 0;
		cJSON_ArrayForEach(reg, cJSON_GetObjectItem(j, "pop_health"))
		{
			const cJSON *d = origin_entry(
				cJSON_GetObjectItem(reg, "origins"),
				addr(w, 2));
			bad += d && cJSON_GetObjectItem(d, "response_code")
						    ->valueint == 500;
		}
		cJSON_Delete(j);
		if (bad < 3)
			sleep_ms(20);
	}
	assert_int_equal(bad, 3);
	assert_true(sim_origins_set_mode(w->o, "c", SIM_ORIGIN_HEALTHY));
	sim_health_kick(w->h);
	/* One good result per region is not enough: reason clears, state holds.
	 */
	int good = 0;
	for (int tries = 0; tries < 100 && good < 3; tries++) {
		cJSON *j = sim_health_pool_json(w->h, "p9");
		cJSON *reg;
		good = 0;
		cJSON_ArrayForEach(reg, cJSON_GetObjectItem(j, "pop_health"))
		{
			const cJSON *d = origin_entry(
				cJSON_GetObjectItem(reg, "origins"),
				addr(w, 2));
			if (!d ||
			    cJSON_GetObjectItem(d, "response_code")->valueint !=
				    200)
				continue;
			good++;
			assert_true(cJSON_IsFalse(
				cJSON_GetObjectItem(d, "healthy")));
			assert_string_equal(
				cJSON_GetObjectItem(d, "failure_reason")
					->valuestring,
				"No failures");
		}
		cJSON_Delete(j);
		if (good < 3)
			sleep_ms(20);
	}
	assert_int_equal(good, 3);
	assert_int_equal(sim_health_origin_state(w->h, "p9", addr(w, 2)), 0);
	/* The next interval brings the second good result. */
	assert_true(wait_origin(w, "p9", 2, 1, 6.0));
	world_drop(w, "p9");
}

static void
test_pool_state_waits_for_unknown_origins(void **state)
{
	struct world *w = *state;
	/* bad answers at once; slow needs 3 x 0.5 s to time out. */
	world_put(w, "p8", "pool-eight", (size_t[]){ 4, 3 }, 2, 1, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p8", 4, 0, 3.0));
	assert_int_equal(sim_health_origin_state(w->h, "p8", addr(w, 3)), -1);
	assert_int_equal(sim_health_pool_state(w->h, "p8"), -1);
	assert_true(wait_pool(w, "p8", 0, 5.0));
	cJSON *ev =
		sim_health_events(w->h, NULL, NULL, "p8", NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 2);
	cJSON *newest = cJSON_GetObjectItem(cJSON_GetArrayItem(ev, 0), "pool");
	cJSON *oldest = cJSON_GetObjectItem(cJSON_GetArrayItem(ev, 1), "pool");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(newest, "changed")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(oldest, "changed")));
	cJSON_Delete(ev);
	world_drop(w, "p8");
}

/* Sets origin 0's header.Host and the monitor's expected_body in pool `id`. */
static void
world_set_host_and_body(struct world *w, const char *id, const char *host,
			const char *body)
{
	pthread_mutex_lock(&w->lock);
	cJSON *it;
	cJSON_ArrayForEach(it, w->items)
	{
		cJSON *p = cJSON_GetObjectItem(it, "pool");
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, id) != 0)
			continue;
		cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "origins"),
					      0);
		cJSON *hdr = cJSON_CreateObject();
		cJSON *hosts = cJSON_AddArrayToObject(hdr, "Host");
		cJSON_AddItemToArray(hosts, cJSON_CreateString(host));
		cJSON_DeleteItemFromObject(o, "header");
		cJSON_AddItemToObject(o, "header", hdr);
		cJSON *m = cJSON_GetObjectItem(it, "monitor");
		cJSON_DeleteItemFromObject(m, "expected_body");
		cJSON_AddStringToObject(m, "expected_body", body);
	}
	pthread_mutex_unlock(&w->lock);
}

static void
test_host_override_and_monitor_change(void **state)
{
	struct world *w = *state;
	/* interval 60 -> 6 s: only the monitor change can trigger a probe. */
	world_put(w, "p10", "pool-ten", (size_t[]){ 0 }, 1, 1,
		  ",\"interval\":60", NULL);
	world_set_host_and_body(w, "p10", "origin.example.com",
				"host: origin.example.com");
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p10", 0, 1, 3.0)); /* Host was sent */
	sleep_ms(300); /* every region's first probe is done */
	double t0 = now_s();
	world_set_host_and_body(w, "p10", "origin.example.com", "host: other");
	assert_true(wait_origin(w, "p10", 0, 0, 4.0));
	assert_true(now_s() - t0 < 3.0); /* well before the 6 s interval */
	cJSON *ev =
		sim_health_events(w->h, NULL, NULL, "p10", NULL, NULL, 0, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 1);
	cJSON *o0 = cJSON_GetArrayItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(ev, 0), "origins"), 0);
	assert_string_equal(
		cJSON_GetObjectItem(o0, "failure_reason")->valuestring,
		"Response body mismatch error");
	cJSON_Delete(ev);
	world_drop(w, "p10");
}

static void
test_check_regions_and_slow(void **state)
{
	struct world *w = *state;
	world_put(w, "p4", "pool-four", (size_t[]){ 0, 3 }, 2, 1, NULL,
		  "\"check_regions\":[\"ENAM\",\"SAS\"],");
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p4", 0, 1, 3.0));
	assert_true(wait_origin(w, "p4", 3, 0, 5.0));
	cJSON *j = NULL;
	for (int tries = 0; tries < 100; tries++) {
		cJSON_Delete(j);
		j = sim_health_pool_json(w->h, "p4");
		cJSON *reg = cJSON_GetObjectItem(
			cJSON_GetObjectItem(j, "pop_health"), "SAS");
		if (cJSON_GetArraySize(cJSON_GetObjectItem(j, "pop_health")) ==
			    2 &&
		    cJSON_GetArraySize(cJSON_GetObjectItem(reg, "origins")) ==
			    2)
			break;
		sleep_ms(20);
	}
	cJSON *pop = cJSON_GetObjectItem(j, "pop_health");
	assert_int_equal(cJSON_GetArraySize(pop), 2);
	assert_non_null(cJSON_GetObjectItem(pop, "ENAM"));
	assert_non_null(cJSON_GetObjectItem(pop, "SAS"));
	assert_null(cJSON_GetObjectItem(pop, "WNAM"));
	const cJSON *d = origin_entry(
		cJSON_GetObjectItem(cJSON_GetObjectItem(pop, "SAS"), "origins"),
		addr(w, 3));
	assert_non_null(d);
	assert_string_equal(
		cJSON_GetObjectItem(d, "failure_reason")->valuestring,
		"HTTP timeout occurred");
	assert_int_equal(cJSON_GetObjectItem(d, "response_code")->valueint, 0);
	cJSON_Delete(j);
}

static void
test_disabled_removed_forget_reset(void **state)
{
	struct world *w = *state;
	world_put(w, "p5", "pool-five", (size_t[]){ 0, 1 }, 2, 1, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_origin(w, "p5", 1, 1, 3.0));
	/* Origin b removed from the pool: forgotten. */
	world_put(w, "p5", "pool-five", (size_t[]){ 0 }, 1, 1, NULL, NULL);
	assert_true(wait_origin(w, "p5", 1, -1, 3.0));
	assert_true(wait_origin(w, "p5", 0, 1, 3.0));
	/* A disabled origin is not probed and reads as unknown. */
	pthread_mutex_lock(&w->lock);
	cJSON *it;
	cJSON_ArrayForEach(it, w->items)
	{
		cJSON *p = cJSON_GetObjectItem(it, "pool");
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, "p5") ==
		    0) {
			cJSON *o = cJSON_GetArrayItem(
				cJSON_GetObjectItem(p, "origins"), 0);
			cJSON_ReplaceItemInObject(o, "enabled",
						  cJSON_CreateFalse());
		}
	}
	pthread_mutex_unlock(&w->lock);
	assert_true(wait_origin(w, "p5", 0, -1, 3.0));
	assert_int_equal(sim_health_pool_state(w->h, "p5"), -1);
	/* Disabled pool: no health at all. */
	world_put(w, "p5", "pool-five", (size_t[]){ 0 }, 1, 1, NULL,
		  "\"enabled\":false,");
	pthread_mutex_lock(&w->lock);
	cJSON_ArrayForEach(it, w->items)
	{
		cJSON *p = cJSON_GetObjectItem(it, "pool");
		if (strcmp(cJSON_GetObjectItem(p, "id")->valuestring, "p5") ==
		    0)
			cJSON_ReplaceItemInObject(p, "enabled",
						  cJSON_CreateFalse());
	}
	pthread_mutex_unlock(&w->lock);
	sim_health_kick(w->h);
	sleep_ms(300);
	assert_null(sim_health_pool_json(w->h, "p5"));
	assert_int_equal(sim_health_origin_state(w->h, "p5", addr(w, 0)), -1);
	world_drop(w, "p5");

	/* forget_pool drops a deleted pool's state at once. */
	world_put(w, "p6", "pool-six", (size_t[]){ 0 }, 1, 1, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p6", 1, 3.0));
	world_drop(w, "p6");
	sim_health_forget_pool(w->h, "p6");
	assert_int_equal(sim_health_pool_state(w->h, "p6"), -1);
	assert_null(sim_health_pool_json(w->h, "p6"));
	sim_health_forget_pool(w->h, "never-existed");

	/* reset forgets everything; the world's pools come back on probe. */
	world_put(w, "p7", "pool-seven", (size_t[]){ 4 }, 1, 1, NULL, NULL);
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p7", 0, 3.0));
	cJSON *ev =
		sim_health_events(w->h, NULL, NULL, NULL, NULL, NULL, -1, -1);
	assert_true(cJSON_GetArraySize(ev) > 0);
	cJSON_Delete(ev);
	sim_health_reset(w->h);
	ev = sim_health_events(w->h, NULL, NULL, NULL, NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	sim_health_kick(w->h);
	assert_true(wait_pool(w, "p7", 0, 3.0));
	world_drop(w, "p7");
}

static void
test_preview(void **state)
{
	struct world *w = *state;
	char buf[1024];
	snprintf(buf, sizeof buf,
		 "[{\"id\":\"pv1\",\"name\":\"x\",\"origins\":["
		 "{\"name\":\"a\",\"address\":\"%s\"},"
		 "{\"name\":\"bad\",\"address\":\"%s\"},"
		 "{\"name\":\"slow\",\"address\":\"%s\"}]},"
		 "{\"id\":\"pv2\",\"minimum_origins\":2,\"origins\":["
		 "{\"name\":\"a\",\"address\":\"%s\"}]}]",
		 addr(w, 0), addr(w, 4), addr(w, 3), addr(w, 0));
	cJSON *pools = cJSON_Parse(buf);
	snprintf(buf, sizeof buf,
		 "{\"type\":\"http\",\"expected_codes\":\"200\",\"port\":%d,"
		 "\"retries\":0}",
		 sim_origins_port(w->o));
	cJSON *mon = cJSON_Parse(buf);
	char *id = sim_health_preview_start(w->h, mon, pools);
	cJSON_Delete(pools);
	cJSON_Delete(mon);
	assert_non_null(id);
	assert_int_equal(strlen(id), 32);
	assert_int_equal(strspn(id, "0123456789abcdef"), 32);

	cJSON *r = sim_health_preview_result(w->h, id);
	assert_non_null(r);
	cJSON *pv1 = cJSON_GetObjectItem(r, "pv1");
	const cJSON *slow =
		origin_entry(cJSON_GetObjectItem(pv1, "origins"), addr(w, 3));
	assert_non_null(slow); /* slow needs 0.5 s to time out */
	assert_string_equal(
		cJSON_GetObjectItem(slow, "failure_reason")->valuestring,
		"Preview in progress");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(slow, "healthy")));
	cJSON_Delete(r);

	for (int tries = 0; tries < 250; tries++) {
		r = sim_health_preview_result(w->h, id);
		pv1 = cJSON_GetObjectItem(r, "pv1");
		slow = origin_entry(cJSON_GetObjectItem(pv1, "origins"),
				    addr(w, 3));
		if (strcmp(cJSON_GetObjectItem(slow, "failure_reason")
				   ->valuestring,
			   "Preview in progress") != 0)
			break;
		cJSON_Delete(r);
		r = NULL;
		sleep_ms(20);
	}
	assert_non_null(r);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(pv1, "healthy")));
	cJSON *origins = cJSON_GetObjectItem(pv1, "origins");
	assert_int_equal(cJSON_GetArraySize(origins), 3);
	const cJSON *a = origin_entry(origins, addr(w, 0));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a, "healthy")));
	assert_string_equal(
		cJSON_GetObjectItem(a, "failure_reason")->valuestring,
		"No failures");
	const cJSON *bad = origin_entry(origins, addr(w, 4));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(bad, "healthy")));
	assert_int_equal(cJSON_GetObjectItem(bad, "response_code")->valueint,
			 500);
	slow = origin_entry(origins, addr(w, 3));
	assert_string_equal(
		cJSON_GetObjectItem(slow, "failure_reason")->valuestring,
		"HTTP timeout occurred");
	cJSON *pv2 = cJSON_GetObjectItem(r, "pv2");
	assert_true(
		cJSON_IsFalse(cJSON_GetObjectItem(pv2, "healthy"))); /* 1 < 2 */
	cJSON_Delete(r);
	free(id);
	assert_null(sim_health_preview_result(
		w->h, "p1aba936b94213e5b8dca0c0dbf1f9cc"));
}

static void
test_many_pools_slow_does_not_delay(void **state)
{
	struct world *w = *state;
	/* 20 pools x 4 origins x 3 regions = 240 jobs, a quarter of them slow.
	 */
	char id[16], name[16];
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "big%02d", i);
		snprintf(name, sizeof name, "big-%02d", i);
		world_put(w, id, name, (size_t[]){ 3, 0, 1, 2 }, 4, 1,
			  ",\"retries\":4", NULL);
	}
	double t0 = now_s();
	sim_health_kick(w->h);
	/* Healthy origins of every pool are known well before slow ones end. */
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "big%02d", i);
		assert_true(wait_origin(w, id, 2, 1, 3.0));
	}
	double healthy_known = now_s() - t0;
	/* Slow ones need 5 attempts x 0.5 s: none may be known yet. */
	assert_true(healthy_known < 2.2);
	assert_int_equal(sim_health_origin_state(w->h, "big19", addr(w, 3)),
			 -1);
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "big%02d", i);
		assert_true(wait_origin(w, id, 3, 0, 6.0));
	}
	print_message(
		"240 jobs: healthy known after %.0f ms, all after %.0f ms\n",
		healthy_known * 1000, (now_s() - t0) * 1000);
	for (int i = 0; i < 20; i++) {
		snprintf(id, sizeof id, "big%02d", i);
		world_drop(w, id);
	}
}

static void
test_start_stop_edges(void **state)
{
	(void)state;
	assert_null(sim_health_start(NULL));
	sim_health_stop(NULL);
	sim_health_kick(NULL);
	assert_int_equal(sim_health_origin_state(NULL, "x", "y"), -1);
	/* No snapshot function: an empty engine still starts and stops. */
	struct sim_health_options opts = { .time_scale = 1.0 };
	struct sim_health *h = sim_health_start(&opts);
	assert_non_null(h);
	cJSON *ev =
		sim_health_events(h, "garbage", NULL, NULL, NULL, NULL, -1, -1);
	assert_int_equal(cJSON_GetArraySize(ev), 0);
	cJSON_Delete(ev);
	sim_health_stop(h);
}

static void
test_stop_prompt_with_slow_probes(void **state)
{
	struct world *w = *state;
	static const char *const names[] = { "s1" };
	static const enum sim_origin_mode modes[] = { SIM_ORIGIN_SLOW };
	struct sim_origins *o = sim_origins_start(1, names, modes, 1.0);
	assert_non_null(o);
	struct world w2 = { .o = o };
	pthread_mutex_init(&w2.lock, NULL);
	w2.items = cJSON_CreateArray();
	struct sim_health_options opts = {
		.snapshot_fn = snapshot,
		.snapshot_ud = &w2,
		.time_scale = 1.0,
	};
	w2.h = sim_health_start(&opts);
	assert_non_null(w2.h);
	world_put(&w2, "s", "slowpool", (size_t[]){ 0 }, 1, 1, NULL, NULL);
	sim_health_kick(w2.h);
	sleep_ms(300); /* a probe now waits for an 8 s answer, timeout 5 s */
	double t0 = now_s();
	sim_health_stop(w2.h);
	assert_true(now_s() - t0 < 1.0);
	t0 = now_s();
	sim_origins_stop(o);
	assert_true(now_s() - t0 < 1.0);
	cJSON_Delete(w2.items);
	pthread_mutex_destroy(&w2.lock);
	(void)w;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_json_shape),
		cmocka_unit_test(test_flip_consecutive_and_events),
		cmocka_unit_test(test_pool_goes_unhealthy),
		cmocka_unit_test(test_consecutive_up),
		cmocka_unit_test(test_pool_state_waits_for_unknown_origins),
		cmocka_unit_test(test_host_override_and_monitor_change),
		cmocka_unit_test(test_check_regions_and_slow),
		cmocka_unit_test(test_disabled_removed_forget_reset),
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_many_pools_slow_does_not_delay),
		cmocka_unit_test(test_start_stop_edges),
		cmocka_unit_test(test_stop_prompt_with_slow_probes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
