/* test_health_model.c: health states, region transitions, event log, unknown vs healthy, RTT ring, snapshots. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/health.h"

#define T0 1700000000

static void
decode_pool(const char *json, struct cf_pool *p)
{
	struct cf_error err = { 0 };

	assert_int_equal(cf_pool_decode(json, p, &err), CF_OK);
}

static void
decode_health(const char *json, struct cf_pool_health *h)
{
	struct cf_error err = { 0 };

	assert_int_equal(cf_pool_health_decode(json, h, &err), CF_OK);
}

#define POOL \
	"{\"id\":\"p1\",\"name\":\"web\",\"minimum_origins\":1," \
	"\"monitor\":\"m1\",\"origins\":[" \
	"{\"name\":\"a\",\"address\":\"10.0.0.1\"}," \
	"{\"name\":\"b\",\"address\":\"10.0.0.2\"}," \
	"{\"name\":\"c\",\"address\":\"10.0.0.3\",\"enabled\":false}]}"

/* Builds a two-region health answer; a_weu etc. are "true"/"false". */
static void
health2(struct cf_pool_health *h, const char *a_weu, const char *a_enam,
	const char *b_weu, const char *b_enam, const char *rtt)
{
	char json[2048];

	snprintf(json, sizeof(json),
		 "{\"pool_id\":\"p1\",\"pop_health\":{"
		 "\"WEU\":{\"healthy\":true,\"origins\":["
		 "{\"10.0.0.1\":{\"healthy\":%s,\"rtt\":\"%s\","
		 "\"failure_reason\":\"%s\",\"response_code\":%d}},"
		 "{\"10.0.0.2\":{\"healthy\":%s,\"rtt\":\"20ms\","
		 "\"failure_reason\":\"No failures\",\"response_code\":200}}]},"
		 "\"ENAM\":{\"healthy\":true,\"origins\":["
		 "{\"10.0.0.1\":{\"healthy\":%s,\"rtt\":\"%s\","
		 "\"failure_reason\":\"No failures\",\"response_code\":200}},"
		 "{\"10.0.0.2\":{\"healthy\":%s,\"rtt\":\"40ms\","
		 "\"failure_reason\":\"No failures\",\"response_code\":200}}]}"
		 "}}",
		 a_weu, rtt,
		 strcmp(a_weu, "true") ? "HTTP timeout occurred"
				       : "No failures",
		 strcmp(a_weu, "true") ? 0 : 200, b_weu, a_enam, rtt, b_enam);
	decode_health(json, h);
}

static const struct health_origin *
origin(const struct health_pool *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->norigins; i++)
		if (strcmp(p->origins[i].name, name) == 0)
			return &p->origins[i];
	fail_msg("no origin %s", name);
	return NULL;
}

static void
test_unknown_until_polled(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	const struct health_snapshot *s;
	const struct health_pool *hp;

	(void)state;
	assert_null(health_model_acquire(m));
	assert_int_equal(health_model_generation(m), 0);
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	assert_int_equal(health_model_publish(m, T0), 1);
	s = health_model_acquire(m);
	assert_non_null(s);
	assert_int_equal(s->generation, 1);
	hp = health_snapshot_find_pool(s, "web");
	assert_non_null(hp);
	assert_ptr_equal(hp, health_snapshot_find_pool(s, "p1"));
	/* Never polled: unknown, never healthy; disabled stays disabled. */
	assert_int_equal(hp->state, HEALTH_UNKNOWN);
	assert_int_equal(origin(hp, "a")->state, HEALTH_UNKNOWN);
	assert_int_equal(origin(hp, "c")->state, HEALTH_DISABLED);
	assert_int_equal(hp->n_enabled, 2);
	assert_int_equal(hp->n_healthy, 0);
	assert_int_equal(hp->n_unknown, 2);
	assert_false(hp->below_minimum);
	assert_string_equal(health_state_name(HEALTH_UNKNOWN), "unknown");
	health_snapshot_release(s);

	/* Nothing changed: no new generation. */
	assert_int_equal(health_model_publish(m, T0), 1);
	cf_pool_free(&p);
	health_model_free(m);
}

static void
test_transitions_and_events(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s1, *s2;
	const struct health_pool *hp;
	const struct health_origin *a;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	health2(&h, "true", "true", "true", "true", "10ms");
	assert_true(health_model_apply_health(m, "p1", &h, T0 + 10));
	cf_pool_health_free(&h);
	health_model_publish(m, T0 + 10);
	s1 = health_model_acquire(m);
	hp = &s1->pools[0];
	assert_int_equal(hp->state, HEALTH_HEALTHY);
	assert_int_equal(hp->n_healthy, 2);
	assert_true(hp->has_health);
	assert_int_equal(hp->polled_at, T0 + 10);
	a = origin(hp, "a");
	assert_int_equal(a->state, HEALTH_HEALTHY);
	assert_int_equal(a->nregions, 2);
	assert_int_equal(a->changed_at, T0 + 10);
	/* First knowledge is not a transition. */
	assert_int_equal(s1->nevents, 0);

	/* a fails in WEU only: a tie (1 of 2) is not healthy. */
	health2(&h, "false", "true", "true", "true", "30ms");
	health_model_apply_health(m, "p1", &h, T0 + 20);
	cf_pool_health_free(&h);
	health_model_publish(m, T0 + 20);
	s2 = health_model_acquire(m);
	hp = &s2->pools[0];
	a = origin(hp, "a");
	assert_int_equal(a->state, HEALTH_UNHEALTHY);
	assert_int_equal(a->nregions_healthy, 1);
	assert_string_equal(a->failure_reason, "HTTP timeout occurred");
	assert_int_equal(a->changed_at, T0 + 20);
	assert_int_equal(hp->n_healthy, 1);
	/* 1 >= minimum 1, but fewer than the 2 enabled: degraded */
	assert_int_equal(hp->state, HEALTH_DEGRADED);
	assert_false(hp->below_minimum);
	assert_int_equal(s2->nevents, 1);
	assert_string_equal(s2->events[0].origin_name, "a");
	assert_string_equal(s2->events[0].region, "WEU");
	assert_int_equal(s2->events[0].to, HEALTH_UNHEALTHY);
	assert_int_equal(s2->events[0].source, HEALTH_EV_POLL);
	assert_non_null(
		strstr(s2->events[0].text,
		       "origin a (pool web) went unhealthy in WEU at "));
	assert_non_null(
		strstr(s2->events[0].text, "reason: HTTP timeout occurred"));
	/* The old snapshot is untouched (immutable). */
	assert_int_equal(origin(&s1->pools[0], "a")->state, HEALTH_HEALTHY);
	assert_true(s2->generation > s1->generation);
	health_snapshot_release(s1);

	/* b goes down everywhere too: pool below minimum. */
	health2(&h, "false", "false", "false", "false", "30ms");
	health_model_apply_health(m, "p1", &h, T0 + 30);
	cf_pool_health_free(&h);
	health_model_publish(m, T0 + 30);
	health_snapshot_release(s2);
	s2 = health_model_acquire(m);
	hp = &s2->pools[0];
	assert_int_equal(hp->n_healthy, 0);
	assert_true(hp->below_minimum);
	assert_int_equal(hp->state, HEALTH_UNHEALTHY);
	/* 1 + (a ENAM) + (b WEU, b ENAM) = 4 events, newest first */
	assert_int_equal(s2->nevents, 4);
	assert_int_equal(s2->events[3].region[0], 'W');
	health_snapshot_release(s2);

	/* Disabling b in config: an event and state DISABLED. */
	free(p.origins[1].raw);
	p.origins[1].raw = NULL;
	p.origins[1].enabled = false;
	health_model_set_pools(m, &p, 1, T0 + 40);
	health_model_publish(m, T0 + 40);
	s2 = health_model_acquire(m);
	hp = &s2->pools[0];
	assert_int_equal(origin(hp, "b")->state, HEALTH_DISABLED);
	assert_non_null(strstr(s2->events[0].text, "was disabled"));
	assert_int_equal(hp->n_enabled, 1);
	/* Regions are kept across a pool-list refresh. */
	assert_int_equal(origin(hp, "a")->nregions, 2);
	health_snapshot_release(s2);

	cf_pool_free(&p);
	health_model_free(m);
}

static void
test_rtt_ring(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s;
	const struct health_origin *a;
	char rtt[32];
	int i;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	for (i = 1; i <= HEALTH_RTT_SAMPLES + 5; i++) {
		snprintf(rtt, sizeof(rtt), "%dms", i);
		health2(&h, "true", "true", "true", "true", rtt);
		health_model_apply_health(m, "p1", &h, T0 + i);
		cf_pool_health_free(&h);
	}
	health_model_publish(m, T0 + 100);
	s = health_model_acquire(m);
	a = origin(&s->pools[0], "a");
	assert_int_equal(a->nrtt, HEALTH_RTT_SAMPLES);
	/* oldest first: the first 5 samples fell out */
	assert_true(a->rtt[0] == 6.0);
	assert_true(a->rtt[HEALTH_RTT_SAMPLES - 1] ==
		    (double)(HEALTH_RTT_SAMPLES + 5));
	/* b: mean of 20 and 40 ms over regions */
	assert_true(origin(&s->pools[0], "b")->rtt[0] == 30.0);
	health_snapshot_release(s);
	cf_pool_free(&p);
	health_model_free(m);
}

static void
test_errors_and_unavailable(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	health2(&h, "true", "true", "true", "true", "5ms");
	health_model_apply_health(m, "p1", &h, T0);
	assert_false(health_model_apply_health(m, "nope", &h, T0));
	cf_pool_health_free(&h);

	/* A failed poll keeps the last results and shows the error. */
	health_model_pool_error(m, "p1", "HTTP 500: boom", false, T0 + 5);
	health_model_publish(m, T0 + 5);
	s = health_model_acquire(m);
	assert_string_equal(s->pools[0].last_error, "HTTP 500: boom");
	assert_int_equal(s->pools[0].state, HEALTH_HEALTHY);
	health_snapshot_release(s);

	/* "Health info unavailable": everything unknown, not healthy. */
	health_model_pool_error(m, "p1", "Health info unavailable", true,
				T0 + 6);
	health_model_publish(m, T0 + 6);
	s = health_model_acquire(m);
	assert_int_equal(s->pools[0].state, HEALTH_UNKNOWN);
	assert_int_equal(s->pools[0].n_healthy, 0);
	assert_int_equal(origin(&s->pools[0], "a")->state, HEALTH_UNKNOWN);
	health_snapshot_release(s);
	cf_pool_free(&p);
	health_model_free(m);
}

static void
test_api_events_dedup_and_notes(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_health_event ev[2] = { { 0 } };
	struct cf_error err = { 0 };
	const struct health_snapshot *s;

	(void)state;
	assert_int_equal(
		cf_health_event_decode(
			"{\"id\":2,\"timestamp\":\"2026-11-21T03:12:05Z\","
			"\"pool\":{\"id\":\"p1\",\"name\":\"web\",\"healthy\":"
			"true,\"changed\":false,\"minimum_origins\":1},"
			"\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\","
			"\"enabled\":true,\"healthy\":true,\"changed\":true,"
			"\"failure_reason\":\"No failures\"}]}",
			&ev[0], &err),
		CF_OK);
	assert_int_equal(
		cf_health_event_decode(
			"{\"id\":1,\"timestamp\":\"2026-11-21T03:12:04Z\","
			"\"pool\":{\"id\":\"p1\",\"name\":\"web\",\"healthy\":"
			"true,\"changed\":false,\"minimum_origins\":1},"
			"\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\","
			"\"enabled\":true,\"healthy\":false,\"changed\":true,"
			"\"failure_reason\":\"TCP connection failed\"},"
			"{\"name\":\"b\",\"enabled\":true,\"healthy\":true,"
			"\"changed\":false}]}",
			&ev[1], &err),
		CF_OK);
	assert_int_equal(health_model_apply_events(m, ev, 2), 2);
	assert_int_equal(health_model_apply_events(m, ev, 2), 0);
	/* The log is in time order: the note, written after the events,
	 * carries a later time than theirs (2026-11-21T03:12:06Z). */
	health_model_note(m, "p1", "b", "you disabled b", 1795230726);
	health_model_publish(m, T0);
	s = health_model_acquire(m);
	assert_int_equal(s->nevents, 3);
	assert_int_equal(s->events[0].source, HEALTH_EV_NOTE);
	assert_string_equal(s->events[0].text, "you disabled b");
	/* newest API event (id 2) ahead of the older one */
	assert_int_equal(s->events[1].to, HEALTH_HEALTHY);
	assert_int_equal(s->events[2].to, HEALTH_UNHEALTHY);
	assert_string_equal(s->events[2].reason, "TCP connection failed");
	assert_int_equal(s->events[2].source, HEALTH_EV_API);
	health_snapshot_release(s);
	cf_health_event_free(&ev[0]);
	cf_health_event_free(&ev[1]);
	health_model_free(m);
}

static void
test_pure_state_rules(void **state)
{
	struct cf_pool_health h = { 0 };

	(void)state;
	assert_int_equal(health_origin_state(0, 0), HEALTH_UNKNOWN);
	assert_int_equal(health_origin_state(1, 2), HEALTH_UNHEALTHY);
	assert_int_equal(health_origin_state(2, 3), HEALTH_HEALTHY);
	assert_int_equal(health_origin_state(0, 3), HEALTH_UNHEALTHY);
	assert_int_equal(health_state_in(NULL, "x"), HEALTH_UNKNOWN);
	/* Flat shape (later specs) works as well; addresses case-insensitive */
	decode_health("{\"pool_id\":\"p1\",\"pop_health\":{\"healthy\":true,"
		      "\"origins\":[{\"2001:DB8::5\":{\"healthy\":true,"
		      "\"rtt\":\"1ms\"}}]}}",
		      &h);
	assert_int_equal(health_state_in(&h, "2001:db8::5"), HEALTH_HEALTHY);
	assert_int_equal(health_state_in(&h, "10.9.9.9"), HEALTH_UNKNOWN);
	cf_pool_health_free(&h);
}

/* ---- issue 8 ---------------------------------------------------------------------- */

/* A one-region answer for pool p1 (POOL): a and b with the given fields. */
static void
health1(struct cf_pool_health *h, const char *a_healthy, const char *a_rtt,
	int a_code, const char *a_reason)
{
	char json[1024];

	snprintf(json, sizeof(json),
		 "{\"pool_id\":\"p1\",\"pop_health\":{"
		 "\"WEU\":{\"healthy\":true,\"origins\":["
		 "{\"10.0.0.1\":{\"healthy\":%s,\"rtt\":\"%s\","
		 "\"failure_reason\":\"%s\",\"response_code\":%d}},"
		 "{\"10.0.0.2\":{\"healthy\":true,\"rtt\":\"20ms\","
		 "\"failure_reason\":\"No failures\",\"response_code\":200}}]}"
		 "}}",
		 a_healthy, a_rtt, a_reason, a_code);
	decode_health(json, h);
}

/* Item 9: the same check read by several polls is one sample, a new
 * check another; a check without an answer is a gap, not 0 or 5 s. */
static void
test_rtt_one_sample_per_check(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s;
	const struct health_origin *a;
	int i;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	/* Five polls of the same check (a 60 s monitor polled every 10 s). */
	for (i = 0; i < 5; i++) {
		health1(&h, "true", "7.4ms", 200, "No failures");
		health_model_apply_health(m, "p1", &h, T0 + 10 * i);
		cf_pool_health_free(&h);
	}
	health_model_publish(m, T0 + 50);
	s = health_model_acquire(m);
	a = origin(&s->pools[0], "a");
	assert_int_equal(a->nrtt, 1);
	assert_true(a->rtt[0] == 7.4);
	health_snapshot_release(s);

	/* A new check: a new sample. */
	health1(&h, "true", "8.1ms", 200, "No failures");
	health_model_apply_health(m, "p1", &h, T0 + 60);
	cf_pool_health_free(&h);
	/* A timed-out check: no code (the API's 0), no RTT (the API's
	 * "5000ms" is the wait, not a round trip), a gap in the trend. */
	health1(&h, "false", "5000ms", 0, "HTTP timeout occurred");
	health_model_apply_health(m, "p1", &h, T0 + 120);
	cf_pool_health_free(&h);
	health_model_publish(m, T0 + 120);
	s = health_model_acquire(m);
	a = origin(&s->pools[0], "a");
	assert_int_equal(a->nrtt, 3);
	assert_true(a->rtt[1] == 8.1);
	assert_true(isnan(a->rtt[2]));
	assert_false(a->regions[0].has_rtt);
	assert_false(a->regions[0].has_response_code);
	assert_false(a->has_response_code);
	assert_int_equal(a->state, HEALTH_UNHEALTHY);
	/* b answered the same each time: one sample. */
	assert_int_equal(origin(&s->pools[0], "b")->nrtt, 1);
	health_snapshot_release(s);
	cf_pool_free(&p);
	health_model_free(m);
}

/* Item 10: the log is newest first by time, whatever order the entries
 * arrive in (Cloudflare's events come after the polls, with their own
 * earlier timestamps). */
static void
test_events_in_time_order(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	struct cf_health_event ev = { 0 };
	struct cf_error err = { 0 };
	const struct health_snapshot *s;
	size_t i;
	/* 2026-11-21T03:12:04Z and the poll 6 s later */
	const time_t api_at = 1795230724, poll_at = api_at + 6;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, poll_at - 20);
	health2(&h, "true", "true", "true", "true", "10ms");
	health_model_apply_health(m, "p1", &h, poll_at - 10);
	cf_pool_health_free(&h);
	health2(&h, "false", "true", "true", "true", "10ms");
	health_model_apply_health(m, "p1", &h, poll_at);
	cf_pool_health_free(&h);
	assert_int_equal(
		cf_health_event_decode(
			"{\"id\":7,\"timestamp\":\"2026-11-21T03:12:04Z\","
			"\"pool\":{\"id\":\"p1\",\"name\":\"web\",\"healthy\":"
			"true,\"changed\":false,\"minimum_origins\":1},"
			"\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\","
			"\"enabled\":true,\"healthy\":false,\"changed\":true,"
			"\"failure_reason\":\"HTTP timeout occurred\"}]}",
			&ev, &err),
		CF_OK);
	assert_int_equal(health_model_apply_events(m, &ev, 1), 1);
	health_model_note(m, "p1", "b", "you disabled b", poll_at + 1);
	health_model_publish(m, poll_at + 1);
	s = health_model_acquire(m);
	assert_int_equal(s->nevents, 3);
	for (i = 1; i < s->nevents; i++)
		assert_true(s->events[i - 1].at >= s->events[i].at);
	assert_int_equal(s->events[0].source, HEALTH_EV_NOTE);
	assert_int_equal(s->events[1].source, HEALTH_EV_POLL);
	assert_int_equal(s->events[2].source, HEALTH_EV_API);
	assert_int_equal(s->events[2].at, api_at);
	health_snapshot_release(s);
	cf_health_event_free(&ev);
	cf_pool_free(&p);
	health_model_free(m);
}

#define POOL3 \
	"{\"id\":\"p1\",\"name\":\"web\",\"minimum_origins\":2," \
	"\"monitor\":\"m1\",\"origins\":[" \
	"{\"name\":\"a\",\"address\":\"10.0.0.1\"}," \
	"{\"name\":\"b\",\"address\":\"10.0.0.2\"}," \
	"{\"name\":\"c\",\"address\":\"10.0.0.3\"}]}"

/* Item 8: healthy / degraded / critical, disabled origins counted. */
static void
test_pool_states_and_summary(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s;
	const struct health_pool *hp;
	char b[96];

	(void)state;
	decode_pool(POOL3, &p);
	decode_health("{\"pool_id\":\"p1\",\"pop_health\":{\"WEU\":{"
		      "\"healthy\":true,\"origins\":["
		      "{\"10.0.0.1\":{\"healthy\":true,\"rtt\":\"1ms\"}},"
		      "{\"10.0.0.2\":{\"healthy\":true,\"rtt\":\"1ms\"}},"
		      "{\"10.0.0.3\":{\"healthy\":false,\"rtt\":\"1ms\","
		      "\"response_code\":500}}]}}}",
		      &h);
	health_model_set_pools(m, &p, 1, T0);
	health_model_apply_health(m, "p1", &h, T0);
	health_model_publish(m, T0);
	s = health_model_acquire(m);
	hp = &s->pools[0];
	/* 2 of 3 enabled healthy, minimum 2: degraded, not healthy. */
	assert_int_equal(hp->state, HEALTH_DEGRADED);
	assert_string_equal(health_state_name(hp->state), "degraded");
	assert_string_equal(health_pool_summary(hp, b, sizeof(b)),
			    "2 healthy of 3");
	health_snapshot_release(s);

	/* b and c disabled: 1 healthy of 3, below minimum 2: critical. */
	p.origins[1].enabled = false;
	p.origins[2].enabled = false;
	health_model_set_pools(m, &p, 1, T0 + 1);
	health_model_publish(m, T0 + 1);
	s = health_model_acquire(m);
	hp = &s->pools[0];
	assert_int_equal(hp->n_disabled, 2);
	assert_int_equal(hp->state, HEALTH_UNHEALTHY);
	assert_string_equal(health_pool_state_name(hp->state), "critical");
	assert_true(hp->below_minimum);
	assert_string_equal(health_pool_summary(hp, b, sizeof(b)),
			    "1 healthy of 3 (2 disabled)");
	health_snapshot_release(s);

	/* Every enabled origin healthy, at the minimum: healthy. */
	p.origins[1].enabled = true;
	health_model_set_pools(m, &p, 1, T0 + 2);
	health_model_publish(m, T0 + 2);
	s = health_model_acquire(m);
	assert_int_equal(s->pools[0].state, HEALTH_HEALTHY);
	assert_string_equal(health_pool_summary(&s->pools[0], b, sizeof(b)),
			    "2 healthy of 3 (1 disabled)");
	health_snapshot_release(s);
	cf_pool_health_free(&h);
	cf_pool_free(&p);
	health_model_free(m);
}

/* Items 5 and 6: a changed setting is announced (config_gen) for the UI's
 * lists; data older than two promised intervals is stale. */
static void
test_config_changes_and_staleness(void **state)
{
	struct health_model *m = health_model_new();
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	const struct health_snapshot *s;
	unsigned long g;
	long age;

	(void)state;
	decode_pool(POOL, &p);
	health_model_set_pools(m, &p, 1, T0);
	health_model_publish(m, T0);
	s = health_model_acquire(m);
	g = s->config_gen;
	/* Never stale without a promise. */
	assert_false(health_pool_stale(&s->pools[0], T0 + 100000, NULL));
	health_snapshot_release(s);

	/* The same list again: no change announced. */
	health_model_set_pools(m, &p, 1, T0 + 10);
	health_model_publish(m, T0 + 10);
	s = health_model_acquire(m);
	assert_int_equal(s->config_gen, g);
	assert_int_equal(s->pools[0].config_at, T0 + 10);
	health_snapshot_release(s);

	/* c enabled elsewhere: announced, and its state follows. */
	p.origins[2].enabled = true;
	health_model_set_pools(m, &p, 1, T0 + 20);
	health_model_publish(m, T0 + 20);
	s = health_model_acquire(m);
	assert_true(s->config_gen > g);
	assert_int_equal(origin(&s->pools[0], "c")->state, HEALTH_UNKNOWN);
	health_snapshot_release(s);

	/* Polled every 10 s, list every 10 s, both last at T0+20. */
	health2(&h, "true", "true", "true", "true", "10ms");
	health_model_apply_health(m, "p1", &h, T0 + 20);
	cf_pool_health_free(&h);
	health_model_set_expect(m, "p1", 10, 10);
	health_model_publish(m, T0 + 20);
	s = health_model_acquire(m);
	assert_false(health_pool_stale(&s->pools[0], T0 + 40, &age));
	assert_int_equal(age, 20);
	assert_true(health_pool_stale(&s->pools[0], T0 + 41, &age));
	assert_int_equal(age, 21);
	health_snapshot_release(s);
	/* A fresh list alone does not make old health fresh. */
	health_model_set_pools(m, &p, 1, T0 + 60);
	health_model_publish(m, T0 + 60);
	s = health_model_acquire(m);
	assert_true(health_pool_stale(&s->pools[0], T0 + 61, &age));
	assert_int_equal(age, 41);
	health_snapshot_release(s);
	cf_pool_free(&p);
	health_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_until_polled),
		cmocka_unit_test(test_transitions_and_events),
		cmocka_unit_test(test_rtt_ring),
		cmocka_unit_test(test_errors_and_unavailable),
		cmocka_unit_test(test_api_events_dedup_and_notes),
		cmocka_unit_test(test_pure_state_rules),
		cmocka_unit_test(test_rtt_one_sample_per_check),
		cmocka_unit_test(test_events_in_time_order),
		cmocka_unit_test(test_pool_states_and_summary),
		cmocka_unit_test(test_config_changes_and_staleness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
