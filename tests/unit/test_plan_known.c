/* test_plan_known.c: a plan checked against the lists the console has loaded (names taken, CNAME conflicts, picked ids, lists not loaded left alone) and the wizard's plan files under $XDG_STATE_HOME/cfconsole/plans. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfconsole/plan.h"
#include "cfconsole/store.h"

#define Z1 "11111111111111111111111111111111"
#define P1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static void
publish(struct store *s, enum store_kind kind, const char *scope,
	const char *json)
{
	unsigned long e = store_begin(s, kind, scope);
	struct store_res *r = store_res_new(kind, STORE_READY, scope, e);
	struct cf_error err = { 0 };

	switch (kind) {
	case STORE_ZONES: {
		struct cf_zone_list *l = calloc(1, sizeof(*l));

		l->items = calloc(1, sizeof(*l->items));
		assert_int_equal(cf_zone_decode(json, &l->items[0], &err),
				 CF_OK);
		l->n = 1;
		store_res_add_page(r, l);
		break;
	}
	case STORE_POOLS: {
		struct cf_pool_list *l = calloc(1, sizeof(*l));

		l->items = calloc(1, sizeof(*l->items));
		assert_int_equal(cf_pool_decode(json, &l->items[0], &err),
				 CF_OK);
		l->n = 1;
		store_res_add_page(r, l);
		break;
	}
	case STORE_LBS: {
		struct cf_load_balancer_list *l = calloc(1, sizeof(*l));

		l->items = calloc(1, sizeof(*l->items));
		assert_int_equal(
			cf_load_balancer_decode(json, &l->items[0], &err),
			CF_OK);
		l->n = 1;
		store_res_add_page(r, l);
		break;
	}
	case STORE_DNS: {
		struct cf_dns_record_list *l = calloc(1, sizeof(*l));

		l->items = calloc(1, sizeof(*l->items));
		assert_int_equal(cf_dns_record_decode(json, &l->items[0], &err),
				 CF_OK);
		l->n = 1;
		store_res_add_page(r, l);
		break;
	}
	default:
		fail();
	}
	assert_true(store_publish(s, r));
	store_res_unref(r);
}

static const struct plan_issue *
issue(const struct plan_issues *l, const char *field)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].field, field))
			return &l->v[i];
	return NULL;
}

static void
test_store_checks(void **state)
{
	struct store *s = store_new();
	struct store_snapshot *snap;
	struct cf_plan p;
	struct plan_issues l = { 0 };
	const struct plan_issue *is;

	(void)state;
	assert_true(plan_preset("inference", "example.com", &p));
	/* Nothing loaded: nothing to say (the online checks decide). */
	snap = store_acquire(s);
	assert_true(plan_check_store(&p, snap, &l));
	assert_int_equal(l.n, 0);
	store_snapshot_release(snap);

	publish(s, STORE_ZONES, NULL,
		"{\"id\":\"" Z1 "\",\"name\":\"example.com\"}");
	publish(s, STORE_POOLS, NULL,
		"{\"id\":\"" P1
		"\",\"name\":\"inference-pool\",\"origins\":[]}");
	/* Lists of another zone do not count. */
	publish(s, STORE_DNS, "99999999999999999999999999999999",
		"{\"id\":\"d0\",\"type\":\"CNAME\",\"name\":\"api.example.com\","
		"\"content\":\"x.example.com\"}");
	snap = store_acquire(s);
	assert_false(plan_check_store(&p, snap, &l));
	is = issue(&l, "pool.name");
	assert_non_null(is);
	assert_false(is->warning);
	assert_non_null(strstr(is->message,
			       "a pool named inference-pool already "
			       "exists (id " P1 ")"));
	assert_null(issue(&l, "cname.name"));
	store_snapshot_release(snap);
	plan_issues_free(&l);

	/* The zone's LBs and records loaded: the LB's name, the CNAME's. */
	publish(s, STORE_LBS, Z1,
		"{\"id\":\"l1\",\"name\":\"inference-lb.example.com\","
		"\"default_pools\":[\"" P1 "\"],\"fallback_pool\":\"" P1 "\"}");
	publish(s, STORE_DNS, Z1,
		"{\"id\":\"d1\",\"type\":\"CNAME\",\"name\":\"api.example.com\","
		"\"content\":\"lb.example.com\"}");
	snap = store_acquire(s);
	assert_false(plan_check_store(&p, snap, &l));
	assert_non_null(issue(&l, "load_balancer.name"));
	is = issue(&l, "cname.name");
	assert_non_null(is);
	assert_non_null(strstr(is->message, "(81053)"));
	plan_issues_free(&l);
	/* Renamed: nothing in the way; a zone the account lacks is. */
	free(p.pool.name);
	p.pool.name = strdup("inference-pool-2");
	free(p.lb.name);
	p.lb.name = strdup("other-lb.example.com");
	free(p.cname.name);
	p.cname.name = strdup("predict.example.com");
	assert_true(plan_check_store(&p, snap, &l));
	plan_issues_free(&l);
	free(p.zone);
	p.zone = strdup("nothere.example");
	assert_false(plan_check_store(&p, snap, &l));
	assert_non_null(issue(&l, "zone"));
	plan_issues_free(&l);
	/* An existing pool picked by an id the account lacks. */
	free(p.zone);
	p.zone = strdup("example.com");
	p.pool_source = CF_PLAN_EXISTING;
	p.pool_id = strdup("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	assert_false(plan_check_store(&p, snap, &l));
	assert_non_null(issue(&l, "pool.existing"));
	plan_issues_free(&l);
	store_snapshot_release(snap);
	cf_plan_free(&p);
	store_free(s);
}

static void
test_plan_home(void **state)
{
	char dir[] = "/tmp/plan-home-XXXXXX", a[1024], b[1024], msg[256];
	char want[1100];
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	/* 2026-01-01T00:00:00Z */
	assert_true(plan_home_new_file("inference-lb.example.com", 1767225600,
				       a, sizeof(a), msg, sizeof(msg)));
	snprintf(want, sizeof(want),
		 "%s/cfconsole/plans/inference-lb.example.com-"
		 "20260101T000000Z.plan.json",
		 dir);
	assert_string_equal(a, want);
	snprintf(want, sizeof(want), "%s/cfconsole/plans", dir);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* Taken: the next free name. */
	f = fopen(a, "w");
	assert_non_null(f);
	fclose(f);
	assert_true(plan_home_new_file("inference-lb.example.com", 1767225600,
				       b, sizeof(b), msg, sizeof(msg)));
	assert_non_null(strstr(b, "-20260101T000000Z-2.plan.json"));
	/* A name that could climb out of the directory is not used. */
	assert_true(plan_home_new_file("../a b", 1767225600, b, sizeof(b), msg,
				       sizeof(msg)));
	assert_non_null(strstr(b, "/plans/setup-"));
	assert_null(strstr(b, "/../"));
	assert_true(plan_home_new_file("a b/c", 1767225600, b, sizeof(b), msg,
				       sizeof(msg)));
	assert_non_null(strstr(b, "/plans/a_b_c-"));
	unlink(a);
	rmdir(want);
	snprintf(want, sizeof(want), "%s/cfconsole", dir);
	rmdir(want);
	rmdir(dir);
	/* No usable state directory: a message, no path. */
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "relative", 1);
	assert_false(
		plan_home_new_file("x", 0, b, sizeof(b), msg, sizeof(msg)));
	assert_non_null(strstr(msg, "XDG_STATE_HOME"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_checks),
		cmocka_unit_test(test_plan_home),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
