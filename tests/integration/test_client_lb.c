/* test_client_lb.c: monitors, pools, LBs through the client. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfsim_harness.h"

static struct cfsim S;
static struct cf_client *C;
static char ZONE[64], ZONE_NAME[256];

static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--token",
		"it-lb-token-0123456789",
		"--demo",
		"--no-health",
		"--rate-limit",
		"100000/60",
		/* Cloudflare's bound (--demo alone lowers it for its monitor) */
		"--min-interval",
		"60",
		NULL,
	};
	char tok[64] = "it-lb-token-0123456789";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &creds, .max_retries = 0 };
	struct cf_error err = { 0 };
	struct cf_zone_list zl;

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	o.base_url = S.base_url;
	C = cf_client_new(&o, &err);
	if (!C || cf_zones_list(C, NULL, NULL, &zl, &err) != CF_OK || zl.n == 0)
		return -1;
	snprintf(ZONE, sizeof(ZONE), "%s", zl.items[0].id);
	snprintf(ZONE_NAME, sizeof(ZONE_NAME), "%s", zl.items[0].name);
	cf_zone_list_free(&zl);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	cf_client_free(C);
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

/* Asserts err is Cloudflare's LB validation failure (400, 1002). */
static void
assert_validation(struct cf_error *err, const char *prefix)
{
	const char *m;

	assert_int_equal(err->status, CF_ERR_API);
	assert_int_equal(err->http_status, 400);
	assert_true(err->nerrors >= 1);
	assert_int_equal(err->errors[0].code, 1002);
	m = err->errors[0].message;
	if (strncmp(m, prefix, strlen(prefix)))
		fprintf(stderr, "unexpected message: %s\n", m);
	assert_true(!strncmp(m, prefix, strlen(prefix)));
	assert_true(strlen(m) > 19 &&
		    !strcmp(m + strlen(m) - 19, ": validation failed"));
	cf_error_clear(err);
}

static void
origin_add(struct cf_pool *p, const char *name, const char *addr)
{
	struct cf_origin *o;

	p->origins = realloc(p->origins, (p->norigins + 1) * sizeof(*o));
	o = &p->origins[p->norigins++];
	cf_origin_init(o);
	o->name = strdup(name);
	o->address = strdup(addr);
}

static void
test_crud_chain(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor m, mon, m2, m3;
	struct cf_monitor_list ml;
	struct cf_pool p, pool, p2, p3;
	struct cf_pool_list pl;
	struct cf_load_balancer lb, lbo, lb2, lb3;
	struct cf_load_balancer_list lbl;
	struct cf_pool_reference_list refs;
	char lbname[300];
	size_t i;
	bool found;

	(void)state;
	/* Monitor: a bad interval first (ERRORS.md wording), then a good one. */
	cf_monitor_init(&m);
	free(m.path);
	m.path = strdup("/health");
	m.description = strdup("it monitor");
	m.interval = 55;
	assert_int_equal(cf_monitor_create(C, S.account_id, &m, &mon, &err),
			 CF_ERR_API);
	assert_validation(&err, "interval is not in range [60, 3600]");
	m.interval = 60;
	assert_int_equal(cf_monitor_create(C, S.account_id, &m, &mon, &err),
			 CF_OK);
	assert_non_null(mon.id);
	assert_string_equal(mon.path, "/health");
	assert_int_equal(mon.interval, 60);
	assert_int_equal(cf_monitors_list(C, S.account_id, &ml, &err), CF_OK);
	for (i = 0, found = false; i < ml.n; i++)
		found = found || !strcmp(ml.items[i].id, mon.id);
	assert_true(found);
	cf_monitor_list_free(&ml);
	free(mon.description);
	mon.description = strdup("it monitor v2");
	assert_int_equal(
		cf_monitor_update(C, S.account_id, mon.id, &mon, &m2, &err),
		CF_OK);
	assert_string_equal(m2.description, "it monitor v2");
	m2.interval = 120;
	assert_int_equal(cf_monitor_patch(C, S.account_id, m2.id, &m2,
					  CF_MON_F_INTERVAL, &m3, &err),
			 CF_OK);
	assert_int_equal(m3.interval, 120);
	assert_string_equal(m3.description, "it monitor v2");
	cf_monitor_free(&m2);
	cf_monitor_free(&m3);
	assert_int_equal(cf_monitor_get(C, S.account_id, mon.id, &m2, &err),
			 CF_OK);
	assert_int_equal(m2.interval, 120);
	cf_monitor_free(&m2);

	/* Pool: no origins is a validation error. */
	cf_pool_init(&p);
	p.name = strdup("it-pool");
	p.monitor = strdup(mon.id);
	assert_int_equal(cf_pool_create(C, S.account_id, &p, &pool, &err),
			 CF_ERR_API);
	assert_validation(&err, "the origin list length must be in range");
	origin_add(&p, "o1", "192.0.2.1");
	origin_add(&p, "o2", "192.0.2.2");
	assert_int_equal(cf_pool_create(C, S.account_id, &p, &pool, &err),
			 CF_OK);
	assert_non_null(pool.id);
	assert_string_equal(pool.monitor, mon.id);
	assert_int_equal(pool.norigins, 2);
	assert_true(pool.origins[1].enabled);
	assert_int_equal(cf_pools_list(C, S.account_id, mon.id, &pl, &err),
			 CF_OK);
	assert_int_equal(pl.n, 1);
	assert_string_equal(pl.items[0].id, pool.id);
	cf_pool_list_free(&pl);

	/* Toggle one origin with a PATCH of the whole origins list. */
	pool.origins[1].enabled = false;
	assert_int_equal(cf_pool_patch(C, S.account_id, pool.id, &pool,
				       CF_POOL_F_ORIGINS, &p2, &err),
			 CF_OK);
	assert_int_equal(p2.norigins, 2);
	assert_true(p2.origins[0].enabled);
	assert_false(p2.origins[1].enabled);
	assert_string_equal(p2.name, "it-pool");
	free(p2.description);
	p2.description = strdup("updated by PUT");
	assert_int_equal(cf_pool_update(C, S.account_id, p2.id, &p2, &p3, &err),
			 CF_OK);
	assert_string_equal(p3.description, "updated by PUT");
	assert_false(p3.origins[1].enabled);
	cf_pool_free(&p2);
	cf_pool_free(&p3);
	assert_int_equal(cf_pool_get(C, S.account_id, pool.id, &p2, &err),
			 CF_OK);
	assert_string_equal(p2.description, "updated by PUT");
	cf_pool_free(&p2);

	/* Load balancer: a bad hostname, then a good one. */
	cf_load_balancer_init(&lb);
	lb.name = strdup("not-a-fqdn");
	lb.fallback_pool = strdup(pool.id);
	lb.default_pools.n = 1;
	lb.default_pools.v = calloc(1, sizeof(char *));
	lb.default_pools.v[0] = strdup(pool.id);
	assert_int_equal(cf_lb_create(C, ZONE, &lb, &lbo, &err), CF_ERR_API);
	assert_validation(&err, "invalid hostname: not-a-fqdn");
	snprintf(lbname, sizeof(lbname), "it-lb.%s", ZONE_NAME);
	free(lb.name);
	lb.name = strdup(lbname);
	lb.proxied = true;
	assert_int_equal(cf_lb_create(C, ZONE, &lb, &lbo, &err), CF_OK);
	assert_non_null(lbo.id);
	assert_string_equal(lbo.name, lbname);
	assert_true(lbo.enabled);
	assert_true(lbo.proxied);
	assert_string_equal(lbo.fallback_pool, pool.id);
	assert_int_equal(cf_lbs_list(C, ZONE, &lbl, &err), CF_OK);
	for (i = 0, found = false; i < lbl.n; i++)
		found = found || !strcmp(lbl.items[i].id, lbo.id);
	assert_true(found);
	cf_load_balancer_list_free(&lbl);
	free(lbo.steering_policy);
	lbo.steering_policy = strdup("random");
	assert_int_equal(cf_lb_update(C, ZONE, lbo.id, &lbo, &lb2, &err),
			 CF_OK);
	assert_string_equal(lb2.steering_policy, "random");
	lb2.enabled = false;
	assert_int_equal(
		cf_lb_patch(C, ZONE, lb2.id, &lb2, CF_LB_F_ENABLED, &lb3, &err),
		CF_OK);
	assert_false(lb3.enabled);
	assert_string_equal(lb3.steering_policy, "random");
	cf_load_balancer_free(&lb2);
	cf_load_balancer_free(&lb3);
	assert_int_equal(cf_lb_get(C, ZONE, lbo.id, &lb2, &err), CF_OK);
	assert_false(lb2.enabled);
	cf_load_balancer_free(&lb2);

	/* References: the LB refers to the pool, the pool to the monitor. */
	assert_int_equal(
		cf_pool_references(C, S.account_id, pool.id, &refs, &err),
		CF_OK);
	for (i = 0, found = false; i < refs.n; i++)
		if (!strcmp(refs.items[i].resource_id, lbo.id)) {
			assert_string_equal(refs.items[i].reference_type,
					    "referrer");
			assert_string_equal(refs.items[i].resource_type,
					    "load_balancer");
			found = true;
		}
	assert_true(found);
	cf_pool_reference_list_free(&refs);

	/* Deleting in the wrong order: 412 1005 (ERRORS.md). */
	assert_int_equal(cf_pool_delete(C, S.account_id, pool.id, &err),
			 CF_ERR_CONFLICT);
	assert_int_equal(err.http_status, 412);
	assert_int_equal(err.errors[0].code, 1005);
	assert_string_equal(err.errors[0].message,
			    "This object is referenced "
			    "by other objects, delete them first.");
	cf_error_clear(&err);
	assert_int_equal(cf_monitor_delete(C, S.account_id, mon.id, &err),
			 CF_ERR_CONFLICT);
	assert_int_equal(err.errors[0].code, 1005);
	cf_error_clear(&err);

	/* The right order works, and the objects are gone. */
	assert_int_equal(cf_lb_delete(C, ZONE, lbo.id, &err), CF_OK);
	assert_int_equal(cf_pool_delete(C, S.account_id, pool.id, &err), CF_OK);
	assert_int_equal(cf_monitor_delete(C, S.account_id, mon.id, &err),
			 CF_OK);
	assert_int_equal(cf_pool_get(C, S.account_id, pool.id, &p2, &err),
			 CF_ERR_NOT_FOUND);
	assert_int_equal(err.http_status, 404);
	cf_error_clear(&err);
	assert_int_equal(cf_lb_get(C, ZONE, lbo.id, &lb2, &err),
			 CF_ERR_NOT_FOUND);
	cf_error_clear(&err);

	cf_monitor_free(&m);
	cf_monitor_free(&mon);
	cf_pool_free(&p);
	cf_pool_free(&pool);
	cf_load_balancer_free(&lb);
	cf_load_balancer_free(&lbo);
}

static void
test_demo_world_references(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_list pl;
	struct cf_load_balancer_list lbl;
	struct cf_health_event_list ev;
	struct cf_event_filter f = { .origin_healthy = -1, .pool_healthy = -1 };

	(void)state;
	assert_int_equal(cf_pools_list(C, S.account_id, NULL, &pl, &err),
			 CF_OK);
	assert_true(pl.n >= 2);
	assert_int_equal(cf_lbs_list(C, ZONE, &lbl, &err), CF_OK);
	assert_true(lbl.n >= 1);
	/* A demo pool behind the demo LB cannot be deleted... */
	assert_int_equal(cf_pool_delete(C, S.account_id,
					lbl.items[0].default_pools.v[0], &err),
			 CF_ERR_CONFLICT);
	assert_int_equal(err.errors[0].code, 1005);
	cf_error_clear(&err);
	/* ...nor its monitor. */
	assert_non_null(pl.items[0].monitor);
	assert_int_equal(
		cf_monitor_delete(C, S.account_id, pl.items[0].monitor, &err),
		CF_ERR_CONFLICT);
	cf_error_clear(&err);
	cf_pool_list_free(&pl);
	cf_load_balancer_list_free(&lbl);

	assert_int_equal(cf_health_events_list(C, &f, &ev, &err), CF_OK);
	cf_health_event_list_free(&ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crud_chain),
		cmocka_unit_test(test_demo_world_references),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
