/* test_poller.c: poll rate from the budget, focus-first plans, and the poller thread against a fake API. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/health.h"
#include "cfconsole/poller.h"
#include "oncall_fake.h"

static void
budget(struct cf_budget *b, double tokens)
{
	memset(b, 0, sizeof(*b));
	b->capacity = 1200;
	b->window_seconds = 300;
	b->tokens = tokens;
	b->server_remaining = -1;
}

static void
test_rate_from_budget(void **state)
{
	struct cf_budget b;

	(void)state;
	budget(&b, 1200);
	/* 1200/300 s = 4 req/s; the poller may use 60%. */
	assert_true(fabs(poller_rate_from_budget(&b, 0.6, 100) - 2.4) < 1e-9);
	budget(&b, 600);
	assert_true(fabs(poller_rate_from_budget(&b, 0.6, 100) - 2.4) < 1e-9);
	/* Below half the bucket it slows down linearly ... */
	budget(&b, 420);
	assert_true(fabs(poller_rate_from_budget(&b, 0.6, 100) - 1.2) < 1e-9);
	/* ... and stops at the user's reserve (20%). */
	budget(&b, 240);
	assert_true(poller_rate_from_budget(&b, 0.6, 100) == 0);
	budget(&b, 10);
	assert_true(poller_rate_from_budget(&b, 0.6, 100) == 0);
	/* A 429 block in force: nothing. */
	budget(&b, 1200);
	b.blocked_until = 150;
	assert_true(poller_rate_from_budget(&b, 0.6, 100) == 0);
	assert_true(poller_rate_from_budget(&b, 0.6, 151) > 0);
	/* A configured smaller bucket scales the rate. */
	budget(&b, 100);
	b.capacity = 100;
	b.window_seconds = 60;
	assert_true(fabs(poller_rate_from_budget(&b, 0.5, 0) - 100.0 / 120) <
		    1e-9);
	assert_true(poller_rate_from_budget(NULL, 0.6, 0) == 0);
}

/* Requests per second a plan costs. */
static double
plan_rps(const struct poller_plan *p, size_t nf, size_t nb)
{
	return (nf ? (double)nf / p->focus_interval : 0) +
	       (nb ? (double)nb / p->background_interval : 0);
}

static void
test_plan_focus_first_and_within_rate(void **state)
{
	struct poller_plan p;
	double overhead = 1.0 / 120 + 4.0 / 60;

	(void)state;
	/* Few pools: everyone at their minimum interval. */
	poller_plan_compute(2.4, overhead, 2, 5, 10, 120, &p);
	assert_false(p.starved);
	assert_true(p.focus_interval == 10);
	assert_true(p.background_interval == 120);

	/* 300 pools, 10 on screen: focus keeps 10 s, others stretch, and
	 * the total stays within the rate. */
	poller_plan_compute(2.4, overhead, 10, 290, 10, 120, &p);
	assert_true(p.focus_interval == 10);
	assert_true(p.background_interval > 120);
	assert_true(plan_rps(&p, 10, 290) + overhead <= 2.4 + 1e-9);

	/* Over 300 s that is at most 60% of the 1200 bucket. */
	assert_true((plan_rps(&p, 10, 290) + overhead) * 300 <= 720 + 1e-6);

	/* Many focused pools: focus capped at 75% of what is available so
	 * the rest still progress; nothing below its minimum. */
	poller_plan_compute(2.4, overhead, 100, 100, 10, 120, &p);
	assert_true(p.focus_interval > 10);
	assert_true(p.background_interval >= p.focus_interval);
	assert_true(isfinite(p.background_interval));
	assert_true(plan_rps(&p, 100, 100) + overhead <= 2.4 + 1e-9);

	/* Nothing to spend: starved, infinite intervals. */
	poller_plan_compute(0, overhead, 3, 3, 10, 120, &p);
	assert_true(p.starved);
	assert_true(isinf(p.focus_interval));
}

/* ---- the thread against a fake API ------------------------------------- */

#define ACC "/accounts/acc1/load_balancers/pools"

static const struct oncall_fake_step routes[] = {
	{ "GET", ACC "/p1/health", 200,
	  "{\"pool_id\":\"p1\",\"pop_health\":{\"WEU\":{\"healthy\":true,"
	  "\"origins\":[{\"10.0.0.1\":{\"healthy\":false,\"rtt\":\"9ms\","
	  "\"failure_reason\":\"HTTP timeout occurred\","
	  "\"response_code\":0}}]}}}",
	  false, CF_OK },
	{ "GET", ACC "/p2/health", 200,
	  "{\"pool_id\":\"p2\",\"pop_health\":{\"WEU\":{\"healthy\":true,"
	  "\"origins\":[{\"10.0.0.2\":{\"healthy\":true,\"rtt\":\"5ms\"}}]}}}",
	  false, CF_OK },
	{ "GET", ACC, 200,
	  "[{\"id\":\"p1\",\"name\":\"one\",\"monitor\":\"m\",\"origins\":"
	  "[{\"name\":\"a\",\"address\":\"10.0.0.1\"}]},"
	  "{\"id\":\"p2\",\"name\":\"two\",\"monitor\":\"m\",\"origins\":"
	  "[{\"name\":\"b\",\"address\":\"10.0.0.2\"}]},"
	  "{\"id\":\"p3\",\"name\":\"nomon\",\"origins\":"
	  "[{\"name\":\"c\",\"address\":\"10.0.0.3\"}]}]",
	  false, CF_OK },
	{ "GET", "/user/load_balancing_analytics/events", 200, "[]", false,
	  CF_OK },
};

struct notified {
	pthread_mutex_t mu;
	int n;
};

static void
on_notify(void *ud)
{
	struct notified *n = ud;

	pthread_mutex_lock(&n->mu);
	n->n++;
	pthread_mutex_unlock(&n->mu);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits up to `secs` for both pools to have health in the model. */
static bool
wait_health(struct health_model *m, double secs)
{
	double end = now_s() + secs;

	while (now_s() < end) {
		const struct health_snapshot *s = health_model_acquire(m);
		const struct health_pool *a, *b;
		bool ok = false;

		a = health_snapshot_find_pool(s, "p1");
		b = health_snapshot_find_pool(s, "p2");
		ok = a && b && a->has_health && b->has_health;
		health_snapshot_release(s);
		if (ok)
			return true;
		usleep(20000);
	}
	return false;
}

static void
test_thread_polls_pause_stop(void **state)
{
	struct oncall_fake fake = { 0 };
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct notified nt = { PTHREAD_MUTEX_INITIALIZER, 0 };
	struct poller_status st;
	const struct health_snapshot *s;
	const struct health_pool *hp;
	struct poller *p;
	const char *focus[] = { "p2" };
	char err[128];
	size_t i, before, health_p3 = 0;
	double t;

	(void)state;
	assert_int_equal(cf_global_init(), CF_OK);
	oncall_fake_routes(&fake, routes, 4);
	o.client = oncall_fake_client(&fake, NULL);
	assert_non_null(o.client);
	o.account_id = "acc1";
	o.model = m;
	o.notify = on_notify;
	o.notify_ud = &nt;
	o.focus_interval_s = 1;
	o.background_interval_s = 2;
	p = poller_start(&o, err, sizeof(err));
	assert_non_null(p);
	poller_set_focus(p, focus, 1);
	assert_true(wait_health(m, 10));

	s = health_model_acquire(m);
	hp = health_snapshot_find_pool(s, "one");
	assert_non_null(hp);
	assert_int_equal(hp->origins[0].state, HEALTH_UNHEALTHY);
	assert_string_equal(hp->origins[0].failure_reason,
			    "HTTP timeout occurred");
	hp = health_snapshot_find_pool(s, "two");
	assert_int_equal(hp->origins[0].state, HEALTH_HEALTHY);
	/* no monitor: never polled, unknown */
	hp = health_snapshot_find_pool(s, "nomon");
	assert_non_null(hp);
	assert_int_equal(hp->state, HEALTH_UNKNOWN);
	health_snapshot_release(s);

	pthread_mutex_lock(&nt.mu);
	assert_true(nt.n >= 1);
	pthread_mutex_unlock(&nt.mu);
	poller_get_status(p, &st);
	assert_true(st.polls >= 2);
	assert_int_equal(st.npools, 3);
	assert_true(st.rate > 0 && st.rate <= 2.4 + 1e-9);
	assert_string_equal(poller_state_name(st.state), "running");

	/* Paused: no requests. */
	poller_pause(p);
	assert_true(poller_paused(p));
	usleep(200000); /* let an in-flight request finish */
	pthread_mutex_lock(&nt.mu);
	before = fake.nrequests;
	pthread_mutex_unlock(&nt.mu);
	usleep(1500000);
	assert_int_equal(fake.nrequests, before);
	poller_get_status(p, &st);
	assert_int_equal(st.state, POLLER_PAUSED);
	poller_resume(p);
	poller_kick(p);

	/* Stop is prompt even while the poller sleeps. */
	t = now_s();
	poller_stop(p);
	assert_true(now_s() - t < 1.0);

	for (i = 0; i < fake.nlog; i++)
		if (strstr(fake.log[i].path, "/p3/health"))
			health_p3++;
	assert_int_equal(health_p3, 0);
	assert_int_equal(fake.mismatches, 0);
	oncall_fake_free(&fake);
	health_model_free(m);
	cf_global_cleanup();
}

/* A tiny budget: the poller stays under the pace and skips instead. */
static void
test_thread_respects_budget(void **state)
{
	struct oncall_fake fake = { 0 };
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct poller_status st;
	struct poller *p;
	char err[128];
	struct cf_budget b;

	(void)state;
	assert_int_equal(cf_global_init(), CF_OK);
	/* 20 per 10 s = 2/s; the poller may use 0.6 x 2 = 1.2/s, and only
	 * while more than 4 tokens (20%) remain. */
	cf_ratelimit_configure(20, 10);
	oncall_fake_routes(&fake, routes, 4);
	o.client = oncall_fake_client(&fake, NULL);
	o.account_id = "acc1";
	o.model = m;
	o.focus_interval_s = 1;
	o.background_interval_s = 1;
	o.events_interval_s = 1;
	p = poller_start(&o, err, sizeof(err));
	assert_non_null(p);
	sleep(3);
	poller_get_status(p, &st);
	poller_stop(p);
	cf_budget_get(&b);
	/* In 3 s at <= 1.2/s (+ the first request at once): at most ~5.
	 * The bucket never ran dry and nothing was throttled by it. */
	assert_true(st.requests <= 6);
	assert_true(st.requests >= 2);
	assert_true(b.throttled == 0);
	assert_int_equal(fake.mismatches, 0);
	oncall_fake_free(&fake);
	health_model_free(m);
	cf_ratelimit_configure(1200, 300);
	cf_global_cleanup();
}

/*
 * Issue 8 item 5: while pools are on screen their settings are read with
 * their health (the pool list at the focused interval, 1 s here), not
 * every pools_interval (120 s by default); and that list is paid for out
 * of the poller's plan, so the pace stays within the rate.
 */
static void
test_thread_lists_pools_with_focus(void **state)
{
	struct oncall_fake fake = { 0 };
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct poller_status st;
	struct poller *p;
	const char *focus[] = { "p1", "p2" };
	char err[128];
	double t0;
	size_t lists = 0;

	(void)state;
	assert_int_equal(cf_global_init(), CF_OK);
	oncall_fake_routes(&fake, routes, 4);
	o.client = oncall_fake_client(&fake, NULL);
	o.account_id = "acc1";
	o.model = m;
	o.focus_interval_s = 1;
	o.background_interval_s = 120;
	o.no_events = true;
	p = poller_start(&o, err, sizeof(err));
	assert_non_null(p);
	poller_set_focus(p, focus, 2);
	t0 = now_s();
	while (lists < 3 && now_s() - t0 < 20) {
		usleep(50000);
		lists = oncall_fake_count_path(&fake, ACC);
	}
	poller_get_status(p, &st);
	poller_stop(p);
	assert_true(lists >= 3);
	/* Two pools and the list, each once a second at most: the plan
	 * counted the list as one more focused item. */
	assert_true(st.focus_interval >= 1);
	assert_true(st.rate <= 2.4 + 1e-9);
	assert_int_equal(fake.mismatches, 0);
	oncall_fake_free(&fake);
	health_model_free(m);
	cf_global_cleanup();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_from_budget),
		cmocka_unit_test(test_plan_focus_first_and_within_rate),
		cmocka_unit_test(test_thread_polls_pause_stop),
		cmocka_unit_test(test_thread_respects_budget),
		cmocka_unit_test(test_thread_lists_pools_with_focus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
