/* test_completion.c: the completion queue: order, folding, posting from many threads, wake-ups and freeing what was never taken. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/completion.h"
#include "cfconsole/store.h"

static atomic_int wakes;
static atomic_int freed;

static void
count_wake(void *ud)
{
	(void)ud;
	atomic_fetch_add(&wakes, 1);
}

static void
count_free(void *p)
{
	atomic_fetch_add(&freed, 1);
	free(p);
}

static void
test_fifo_order(void **state)
{
	struct completion_queue *q = completion_queue_new(count_wake, NULL);
	struct completion *c;
	int payload[3], i;

	(void)state;
	atomic_store(&wakes, 0);
	assert_non_null(q);
	assert_null(completion_take(q));
	for (i = 0; i < 3; i++)
		assert_true(completion_post(q, COMPLETION_ONCALL_TASK,
					    &payload[i], NULL, 10 + i));
	assert_int_equal(atomic_load(&wakes), 3);
	assert_int_equal(completion_pending(q), 3);
	for (i = 0; i < 3; i++) {
		c = completion_take(q);
		assert_non_null(c);
		assert_int_equal(c->kind, COMPLETION_ONCALL_TASK);
		assert_ptr_equal(c->payload, &payload[i]);
		assert_int_equal(c->gen, 10 + i);
		completion_free(c, true);
	}
	assert_null(completion_take(q));
	assert_int_equal(completion_pending(q), 0);
	completion_queue_free(q);
}

/* Payload-less completions of one kind fold into the pending one (largest
 * generation kept), in its place; others keep their order. */
static void
test_signals_fold(void **state)
{
	struct completion_queue *q = completion_queue_new(count_wake, NULL);
	struct completion *c;
	int task;

	(void)state;
	atomic_store(&wakes, 0);
	completion_post(q, COMPLETION_STORE, NULL, NULL, 5);
	completion_post(q, COMPLETION_WIZARD_TASK, &task, NULL, 1);
	completion_post(q, COMPLETION_STORE, NULL, NULL, 7);
	completion_post(q, COMPLETION_STORE, NULL, NULL, 6);
	completion_post(q, COMPLETION_HEALTH, NULL, NULL, 0);
	/* Every post wakes, folded or not. */
	assert_int_equal(atomic_load(&wakes), 5);
	assert_int_equal(completion_pending(q), 3);
	c = completion_take(q);
	assert_int_equal(c->kind, COMPLETION_STORE);
	assert_int_equal(c->gen, 7);
	completion_free(c, true);
	c = completion_take(q);
	assert_int_equal(c->kind, COMPLETION_WIZARD_TASK);
	completion_free(c, true);
	c = completion_take(q);
	assert_int_equal(c->kind, COMPLETION_HEALTH);
	completion_free(c, true);
	/* Taken: the next one queues anew. */
	completion_post(q, COMPLETION_STORE, NULL, NULL, 8);
	assert_int_equal(completion_pending(q), 1);
	completion_queue_free(q);
}

/* What nobody took is freed with the queue, through its free function. */
static void
test_free_undrained(void **state)
{
	struct completion_queue *q = completion_queue_new(NULL, NULL);
	struct completion *c;

	(void)state;
	atomic_store(&freed, 0);
	completion_post(q, COMPLETION_ACCOUNTS, malloc(16), count_free, 0);
	completion_post(q, COMPLETION_ACCOUNTS, malloc(16), count_free, 0);
	completion_post(q, COMPLETION_STORE, NULL, NULL, 1);
	/* Taken without its payload: the taker keeps it. */
	c = completion_take(q);
	assert_non_null(c->payload);
	free(c->payload);
	c->payload = NULL;
	completion_free(c, true);
	completion_queue_free(q);
	assert_int_equal(atomic_load(&freed), 1);
	completion_queue_free(NULL);
	assert_false(completion_post(NULL, COMPLETION_STORE, NULL, NULL, 0));
	assert_null(completion_take(NULL));
}

#define NTHREADS 4
#define PER_THREAD 2000

struct poster {
	struct completion_queue *q;
	int id;
	int items[PER_THREAD];
};

static void *
post_many(void *arg)
{
	struct poster *p = arg;
	int i;

	for (i = 0; i < PER_THREAD; i++) {
		p->items[i] = i;
		completion_post(p->q, COMPLETION_ONCALL_TASK, &p->items[i],
				NULL, (unsigned long)p->id);
		/* Signals fold while the UI drains alongside. */
		completion_post(p->q, COMPLETION_HEALTH, NULL, NULL, 0);
	}
	return NULL;
}

/* Many posters, one drainer at the same time: every completion arrives
 * once, each poster's in the order it posted them. */
static void
test_threads(void **state)
{
	struct completion_queue *q = completion_queue_new(count_wake, NULL);
	struct poster posters[NTHREADS];
	pthread_t th[NTHREADS];
	int next[NTHREADS] = { 0 };
	int got = 0, i;
	struct completion *c;

	(void)state;
	for (i = 0; i < NTHREADS; i++) {
		posters[i].q = q;
		posters[i].id = i;
		assert_int_equal(
			pthread_create(&th[i], NULL, post_many, &posters[i]),
			0);
	}
	while (got < NTHREADS * PER_THREAD) {
		c = completion_take(q);
		if (!c)
			continue; /* posters still running: drain again */
		if (c->kind == COMPLETION_ONCALL_TASK) {
			int who = (int)c->gen, v = *(int *)c->payload;

			assert_true(who >= 0 && who < NTHREADS);
			assert_int_equal(v, next[who]);
			next[who]++;
			got++;
		} else {
			assert_int_equal(c->kind, COMPLETION_HEALTH);
		}
		completion_free(c, true);
	}
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(next[i], PER_THREAD);
	/* At most the one folded health signal is left. */
	assert_true(completion_pending(q) <= 1);
	completion_queue_free(q);
}

/* The store posts COMPLETION_STORE on every publication and wakes the UI
 * through its self-pipe. */
static void
test_store_announces(void **state)
{
	struct store *s = store_new();
	struct completion *c;
	struct pollfd p;
	unsigned long gen;

	(void)state;
	assert_non_null(s);
	store_begin(s, STORE_ZONES, NULL);
	gen = store_generation(s);
	p = (struct pollfd){ .fd = store_wake_fd(s), .events = POLLIN };
	assert_int_equal(poll(&p, 1, 0), 1);
	c = completion_take(store_completions(s));
	assert_non_null(c);
	assert_int_equal(c->kind, COMPLETION_STORE);
	assert_int_equal(c->gen, gen);
	completion_free(c, true);
	assert_null(completion_take(store_completions(s)));
	/* Left pending: store_free frees it. */
	store_reset(s);
	assert_int_equal(completion_pending(store_completions(s)), 1);
	store_drain(s);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fifo_order),
		cmocka_unit_test(test_signals_fold),
		cmocka_unit_test(test_free_undrained),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_store_announces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
