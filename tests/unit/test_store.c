/* test_store.c: snapshot publication, epochs, sharing of pages and freeing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/store.h"

/* A heap list of n zones named zN.example. */
static struct cf_zone_list *
zones(size_t n, size_t first)
{
	struct cf_zone_list *l = calloc(1, sizeof(*l));
	size_t i;
	char buf[64];

	l->items = calloc(n, sizeof(*l->items));
	l->n = n;
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "z%zu.example", first + i);
		l->items[i].name = strdup(buf);
		snprintf(buf, sizeof(buf), "id%zu", first + i);
		l->items[i].id = strdup(buf);
	}
	return l;
}

static bool
pipe_readable(struct store *s)
{
	struct pollfd p = { .fd = store_wake_fd(s), .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

static void
test_empty_store(void **state)
{
	struct store *s = store_new();
	struct store_snapshot *snap;
	int k;

	(void)state;
	assert_non_null(s);
	snap = store_acquire(s);
	assert_int_equal(snap->generation, 0);
	for (k = 0; k < STORE_NKINDS; k++) {
		assert_non_null(snap->res[k]);
		assert_int_equal(snap->res[k]->state, STORE_EMPTY);
		assert_int_equal(snap->res[k]->n, 0);
	}
	assert_null(store_zone(snap->res[STORE_ZONES], 0));
	assert_false(pipe_readable(s));
	store_snapshot_release(snap);
	store_free(s);
	store_free(NULL);
}

static void
test_publish_and_wake(void **state)
{
	struct store *s = store_new();
	struct store_snapshot *old, *snap;
	struct store_res *r;
	unsigned long e;

	(void)state;
	old = store_acquire(s);
	e = store_begin(s, STORE_ZONES, NULL);
	assert_true(pipe_readable(s));
	store_drain(s);
	assert_false(pipe_readable(s));
	assert_int_equal(store_generation(s), 1);

	r = store_res_new(STORE_ZONES, STORE_READY, NULL, e);
	assert_true(store_res_add_page(r, zones(3, 0)));
	assert_true(store_res_add_page(r, zones(2, 3)));
	assert_int_equal(r->n, 5);
	assert_true(store_publish(s, r));
	store_res_unref(r);
	assert_true(pipe_readable(s));

	snap = store_acquire(s);
	assert_int_equal(snap->generation, 2);
	assert_int_equal(snap->res[STORE_ZONES]->state, STORE_READY);
	assert_int_equal(snap->res[STORE_ZONES]->n, 5);
	assert_string_equal(store_zone(snap->res[STORE_ZONES], 4)->name,
			    "z4.example");
	assert_null(store_dns(snap->res[STORE_ZONES], 0));
	assert_non_null(store_find_zone(snap, "id3"));
	assert_null(store_find_zone(snap, "nope"));
	assert_true(snap->res[STORE_ZONES]->fetched_at > 0);

	/* The old snapshot is untouched: immutable. */
	assert_int_equal(old->generation, 0);
	assert_int_equal(old->res[STORE_ZONES]->n, 0);
	store_snapshot_release(old);
	store_snapshot_release(snap);
	store_free(s);
}

static void
test_stale_epoch_is_ignored(void **state)
{
	struct store *s = store_new();
	struct store_res *r1, *r2;
	struct store_snapshot *snap;
	unsigned long e1, e2;

	(void)state;
	e1 = store_begin(s, STORE_DNS, "zoneA");
	e2 = store_begin(s, STORE_DNS, "zoneB");
	assert_true(e2 > e1);
	assert_int_equal(store_epoch(s, STORE_DNS), e2);

	r1 = store_res_new(STORE_DNS, STORE_READY, "zoneA", e1);
	assert_false(store_publish(s, r1));
	store_res_unref(r1);

	r2 = store_res_new(STORE_DNS, STORE_READY, "zoneB", e2);
	assert_true(store_publish(s, r2));
	store_res_unref(r2);

	snap = store_acquire(s);
	assert_string_equal(snap->res[STORE_DNS]->scope_id, "zoneB");
	assert_int_equal(snap->res[STORE_DNS]->state, STORE_READY);
	store_snapshot_release(snap);
	store_free(s);
}

/* An account switch: everything EMPTY, and loads begun before it cannot
 * publish afterwards. */
static void
test_reset_forgets_and_fences(void **state)
{
	struct store *s = store_new();
	struct store_res *r, *late;
	struct store_snapshot *snap;
	unsigned long e, pools_e, g;
	int k;

	(void)state;
	e = store_begin(s, STORE_ZONES, NULL);
	r = store_res_new(STORE_ZONES, STORE_READY, NULL, e);
	assert_true(store_res_add_page(r, zones(3, 0)));
	assert_true(store_publish(s, r));
	store_res_unref(r);
	pools_e = store_begin(s, STORE_DNS, "zoneA");
	g = store_generation(s);

	store_reset(s);
	assert_true(store_generation(s) > g);
	snap = store_acquire(s);
	for (k = 0; k < STORE_NKINDS; k++) {
		assert_int_equal(snap->res[k]->state, STORE_EMPTY);
		assert_int_equal(snap->res[k]->n, 0);
		assert_null(snap->res[k]->scope_id);
	}
	store_snapshot_release(snap);
	late = store_res_new(STORE_DNS, STORE_READY, "zoneA", pools_e);
	assert_false(store_publish(s, late));
	store_res_unref(late);
	late = store_res_new(STORE_ZONES, STORE_READY, NULL, e);
	assert_false(store_publish(s, late));
	store_res_unref(late);
	store_drain(s);
	store_free(s);
}

static void
test_begin_keeps_items_for_same_scope(void **state)
{
	struct store *s = store_new();
	struct store_res *r;
	struct store_snapshot *snap;
	unsigned long e;

	(void)state;
	e = store_begin(s, STORE_ZONES, NULL);
	r = store_res_new(STORE_ZONES, STORE_READY, NULL, e);
	store_res_add_page(r, zones(4, 0));
	store_publish(s, r);
	store_res_unref(r);

	store_begin(s, STORE_ZONES, NULL);
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_ZONES]->state, STORE_LOADING);
	assert_int_equal(snap->res[STORE_ZONES]->n, 4);
	store_snapshot_release(snap);

	/* A different scope starts empty. */
	e = store_begin(s, STORE_DNS, "a");
	r = store_res_new(STORE_DNS, STORE_READY, "a", e);
	store_publish(s, r);
	store_res_unref(r);
	store_begin(s, STORE_DNS, "b");
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_DNS]->n, 0);
	assert_string_equal(snap->res[STORE_DNS]->scope_id, "b");
	store_snapshot_release(snap);
	store_free(s);
}

static void
test_clone_shares_pages_and_failure_keeps_items(void **state)
{
	struct store *s = store_new();
	struct store_res *r, *c;
	struct store_snapshot *snap;
	unsigned long e;

	(void)state;
	e = store_begin(s, STORE_ZONES, NULL);
	r = store_res_new(STORE_ZONES, STORE_LOADING, NULL, e);
	store_res_add_page(r, zones(2, 0));
	c = store_res_clone(r, STORE_LOADING);
	/* The clone points at the very same items: no deep copy. */
	assert_ptr_equal(c->items[1], r->items[1]);
	store_res_add_page(r, zones(2, 2));
	assert_int_equal(c->n, 2);
	assert_int_equal(r->n, 4);
	assert_true(store_publish(s, c));
	store_res_unref(c);

	c = store_res_clone(r, STORE_FAILED);
	store_res_set_error(c, "HTTP 500: boom");
	store_res_unref(r); /* c keeps the pages alive */
	assert_true(store_publish(s, c));
	store_res_unref(c);

	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_ZONES]->state, STORE_FAILED);
	assert_string_equal(snap->res[STORE_ZONES]->error, "HTTP 500: boom");
	assert_string_equal(store_zone(snap->res[STORE_ZONES], 3)->name,
			    "z3.example");
	store_snapshot_release(snap);
	store_free(s);
}

struct writer_arg {
	struct store *s;
	int rounds;
};

static void *
writer(void *p)
{
	struct writer_arg *a = p;
	int i;

	for (i = 0; i < a->rounds; i++) {
		unsigned long e = store_begin(a->s, STORE_POOLS, NULL);
		struct store_res *r =
			store_res_new(STORE_ZONES, STORE_READY, NULL, 0);

		store_res_unref(r);
		r = store_res_new(STORE_POOLS, STORE_READY, NULL, e);
		store_publish(a->s, r);
		store_res_unref(r);
	}
	return NULL;
}

static void
test_concurrent_readers_and_writer(void **state)
{
	struct store *s = store_new();
	struct writer_arg a = { .s = s, .rounds = 2000 };
	pthread_t t;
	unsigned long last = 0;
	int i;

	(void)state;
	pthread_create(&t, NULL, writer, &a);
	for (i = 0; i < 4000; i++) {
		struct store_snapshot *snap = store_acquire(s);

		assert_true(snap->generation >= last);
		last = snap->generation;
		assert_non_null(snap->res[STORE_POOLS]);
		store_drain(s);
		store_snapshot_release(snap);
	}
	pthread_join(t, NULL);
	assert_int_equal(store_generation(s), 4000);
	store_free(s);
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(store_kind_name(STORE_ZONES), "zones");
	assert_string_equal(store_kind_name(STORE_MONITORS), "monitors");
	assert_string_equal(store_kind_name(STORE_NKINDS), "?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_store),
		cmocka_unit_test(test_publish_and_wake),
		cmocka_unit_test(test_stale_epoch_is_ignored),
		cmocka_unit_test(test_reset_forgets_and_fences),
		cmocka_unit_test(test_begin_keeps_items_for_same_scope),
		cmocka_unit_test(
			test_clone_shares_pages_and_failure_keeps_items),
		cmocka_unit_test(test_concurrent_readers_and_writer),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
