/* test_ratelimit.c: the process-wide token bucket. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <time.h>

#include "cf/ratelimit.h"

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int
reset(void **state)
{
	(void)state;
	cf_ratelimit_reset();
	return 0;
}

static void
test_defaults(void **state)
{
	(void)state;
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.capacity, 1200);
	assert_int_equal(b.window_seconds, 300);
	assert_true(b.tokens > 1199.0 && b.tokens <= 1200.0);
	assert_int_equal(b.server_remaining, -1);
	assert_true(b.blocked_until == 0);
	assert_int_equal(b.sent, 0);
	assert_int_equal(b.throttled, 0);
	cf_budget_get(NULL);
}

static void
test_try_spend_and_refill(void **state)
{
	(void)state;
	cf_ratelimit_configure(10, 1); /* 10 tokens, 10 per second */
	assert_true(cf_budget_try_spend(10));
	assert_false(cf_budget_try_spend(1));
	sleep_ms(150); /* earns ~1.5 tokens */
	assert_true(cf_budget_try_spend(1));
	assert_false(cf_budget_try_spend(2));
	/* Refill never exceeds the capacity. */
	sleep_ms(1300);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_true(b.tokens <= 10.0 && b.tokens > 9.9);
	assert_false(cf_budget_try_spend(11));
	assert_true(cf_budget_try_spend(0));
}

static void
test_configure(void **state)
{
	(void)state;
	struct cf_budget b;
	cf_ratelimit_configure(5, 100);
	cf_budget_get(&b);
	assert_int_equal(b.capacity, 5);
	assert_int_equal(b.window_seconds, 100);
	assert_true(b.tokens <= 5.0);
	assert_true(cf_budget_try_spend(5));
	/* Growing the bucket grants the extra room at once. */
	cf_ratelimit_configure(8, 100);
	assert_true(cf_budget_try_spend(3));
	assert_false(cf_budget_try_spend(1));
	/* Zero means default. */
	cf_ratelimit_configure(0, 0);
	cf_budget_get(&b);
	assert_int_equal(b.capacity, 1200);
	assert_int_equal(b.window_seconds, 300);
}

static void
test_acquire_waits_for_refill(void **state)
{
	(void)state;
	cf_ratelimit_configure(2, 1); /* 2 per second */
	assert_int_equal(cf_ratelimit_acquire(NULL), CF_OK);
	assert_int_equal(cf_ratelimit_acquire(NULL), CF_OK);
	double t0 = cf_ratelimit_now();
	assert_int_equal(cf_ratelimit_acquire(NULL), CF_OK);
	double dt = cf_ratelimit_now() - t0;
	assert_true(dt > 0.4 && dt < 1.0); /* one token takes 0.5 s */
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 3);
	assert_int_equal(b.throttled, 1);
}

struct worker {
	int n;
	int ok;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < w->n; i++)
		if (cf_ratelimit_acquire(NULL) == CF_OK)
			w->ok++;
	return NULL;
}

static void
test_threads_share_one_bucket(void **state)
{
	(void)state;
	cf_ratelimit_configure(20, 1); /* 20 now, then 20 per second */
	pthread_t th[4];
	struct worker w[4] = { { 10, 0 }, { 10, 0 }, { 10, 0 }, { 10, 0 } };
	double t0 = cf_ratelimit_now();
	for (int i = 0; i < 4; i++)
		assert_int_equal(
			pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	double dt = cf_ratelimit_now() - t0;
	/* 40 requests = 20 from the bucket + 20 refilled at 20/s = ~1 s. */
	assert_true(dt > 0.85 && dt < 2.5);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 40);
	assert_true(b.throttled >= 1);
	for (int i = 0; i < 4; i++)
		assert_int_equal(w[i].ok, 10);
}

struct canceller {
	atomic_bool *flag;
	long after_ms;
};

static void *
cancel_main(void *arg)
{
	struct canceller *c = arg;
	sleep_ms(c->after_ms);
	atomic_store(c->flag, true);
	return NULL;
}

static void
test_acquire_honours_cancel(void **state)
{
	(void)state;
	cf_ratelimit_configure(1, 600); /* next token in 10 minutes */
	assert_int_equal(cf_ratelimit_acquire(NULL), CF_OK);
	atomic_bool flag = false;
	struct canceller c = { &flag, 100 };
	pthread_t th;
	double t0 = cf_ratelimit_now();
	assert_int_equal(pthread_create(&th, NULL, cancel_main, &c), 0);
	assert_int_equal(cf_ratelimit_acquire(&flag), CF_ERR_CANCELLED);
	double dt = cf_ratelimit_now() - t0;
	pthread_join(th, NULL);
	assert_true(dt >= 0.09 && dt < 0.5);
	/* Already cancelled: returns at once. */
	assert_int_equal(cf_ratelimit_acquire(&flag), CF_ERR_CANCELLED);
}

static void
test_429_blocks_every_thread(void **state)
{
	(void)state;
	cf_ratelimit_configure(100, 1);
	cf_ratelimit_note_429(0.4);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_true(b.blocked_until > cf_ratelimit_now());
	/* The wait is the server's answer; the tokens stay (issue 8: an
	 * emptied bucket froze the poller long after Retry-After). */
	assert_true(b.tokens > 99.0);
	/* try_spend refuses while blocked, even after refill. */
	sleep_ms(50);
	assert_false(cf_budget_try_spend(1));
	pthread_t th[2];
	struct worker w[2] = { { 1, 0 }, { 1, 0 } };
	double t0 = cf_ratelimit_now();
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	double dt = cf_ratelimit_now() - t0;
	assert_true(dt > 0.3 && dt < 1.0);
	cf_budget_get(&b);
	assert_true(b.blocked_until == 0);
	assert_int_equal(w[0].ok + w[1].ok, 2);
}

static void
test_try_acquire(void **state)
{
	(void)state;
	cf_ratelimit_configure(2, 100);
	assert_true(cf_ratelimit_try_acquire());
	assert_true(cf_ratelimit_try_acquire());
	assert_false(cf_ratelimit_try_acquire());
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 2);
	assert_int_equal(b.throttled, 0);
	/* A 429 block refuses even with tokens. */
	cf_ratelimit_configure(50, 1);
	cf_ratelimit_note_429(5);
	sleep_ms(30);
	assert_false(cf_ratelimit_try_acquire());
}

static void
test_server_remaining(void **state)
{
	(void)state;
	struct cf_budget b;
	cf_ratelimit_note_remaining(-1);
	cf_budget_get(&b);
	assert_int_equal(b.server_remaining, -1);
	cf_ratelimit_note_remaining(50);
	cf_budget_get(&b);
	assert_int_equal(b.server_remaining, 50);
	cf_ratelimit_note_remaining(-1); /* unknown keeps the last figure */
	cf_budget_get(&b);
	assert_int_equal(b.server_remaining, 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, reset),
		cmocka_unit_test_setup(test_try_spend_and_refill, reset),
		cmocka_unit_test_setup(test_configure, reset),
		cmocka_unit_test_setup(test_acquire_waits_for_refill, reset),
		cmocka_unit_test_setup(test_threads_share_one_bucket, reset),
		cmocka_unit_test_setup(test_acquire_honours_cancel, reset),
		cmocka_unit_test_setup(test_429_blocks_every_thread, reset),
		cmocka_unit_test_setup(test_try_acquire, reset),
		cmocka_unit_test_setup(test_server_remaining, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
