/* test_probe_all.c: Test now's core: origins probed from here in parallel (healthy, 500, down, no address), cancel, and Cloudflare's preview paired per origin by address. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/probe_all.h"
#include "sim/sim_health.h"

static struct sim_origins *origins;

static int
setup(void **state)
{
	static const char *const names[] = { "ok", "bad", "down" };
	static const enum sim_origin_mode modes[] = {
		SIM_ORIGIN_HEALTHY,
		SIM_ORIGIN_FAIL500,
		SIM_ORIGIN_DOWN,
	};

	(void)state;
	if (cf_global_init() != CF_OK)
		return -1;
	origins = sim_origins_start(3, names, modes, 1.0);
	return origins ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sim_origins_stop(origins);
	cf_global_cleanup();
	return 0;
}

static void
origin(struct cf_origin *o, const char *name, const char *address)
{
	cf_origin_init(o);
	o->name = strdup(name);
	o->address = strdup(address);
}

static void
monitor(struct cf_monitor *m)
{
	cf_monitor_init(m);
	free(m->path);
	m->path = strdup("/health");
	m->port = sim_origins_port(origins);
	m->timeout = 2;
	m->retries = 0;
}

static void
test_local_in_parallel(void **state)
{
	struct cf_origin o[4];
	struct cf_monitor m;
	struct probe_all_result r = { 0 };
	struct probe_all_request rq = { 0 };
	size_t i;

	(void)state;
	monitor(&m);
	origin(&o[0], "o-ok", sim_origins_address(origins, 0));
	origin(&o[1], "o-bad", sim_origins_address(origins, 1));
	origin(&o[2], "o-down", sim_origins_address(origins, 2));
	origin(&o[3], "o-empty", "");
	rq.monitor = &m;
	rq.origins = o;
	rq.norigins = 4;
	/* No preview asked: no client needed, nothing sent to an API. */
	assert_int_equal(probe_all_run(NULL, &rq, NULL, &r), CF_OK);
	assert_int_equal(r.n, 4);
	assert_false(r.preview);
	assert_string_equal(r.rows[0].name, "o-ok");
	assert_true(r.rows[0].probed);
	assert_int_equal(r.rows[0].local_rc, CF_OK);
	assert_true(r.rows[0].local.healthy);
	assert_int_equal(r.rows[0].local.response_code, 200);
	assert_true(r.rows[1].probed);
	assert_false(r.rows[1].local.healthy);
	assert_int_equal(r.rows[1].local.response_code, 500);
	assert_string_equal(r.rows[1].local.failure_reason,
			    "Response code mismatch error");
	assert_false(r.rows[2].local.healthy);
	assert_string_equal(r.rows[2].local.failure_reason,
			    "TCP connection failed");
	/* An origin without an address is not probed, and says so. */
	assert_false(r.rows[3].probed);
	assert_string_equal(r.rows[3].local.failure_reason,
			    "no address to probe");
	for (i = 0; i < 4; i++)
		assert_int_equal(r.rows[i].cf, PROBE_ALL_CF_NONE);
	probe_all_result_free(&r);
	/* No monitor: nothing to probe with. */
	rq.monitor = NULL;
	assert_int_equal(probe_all_run(NULL, &rq, NULL, &r),
			 CF_ERR_INVALID_ARG);
	for (i = 0; i < 4; i++)
		cf_origin_free(&o[i]);
	cf_monitor_free(&m);
}

static void
test_cancel(void **state)
{
	struct cf_origin o;
	struct cf_monitor m;
	struct probe_all_result r = { 0 };
	struct probe_all_request rq = { 0 };
	atomic_bool stop;

	(void)state;
	monitor(&m);
	origin(&o, "o-ok", sim_origins_address(origins, 0));
	rq.monitor = &m;
	rq.origins = &o;
	rq.norigins = 1;
	atomic_init(&stop, true);
	assert_int_equal(probe_all_run(NULL, &rq, &stop, &r), CF_ERR_CANCELLED);
	assert_false(r.rows[0].probed);
	probe_all_result_free(&r);
	cf_origin_free(&o);
	cf_monitor_free(&m);
}

/* A preview answer: pool p1 with a (healthy) and b (500), pool p2 with c
 * still in progress. */
static void
preview(struct cf_preview_result *pv, bool c_done)
{
	static struct cf_origin_health p1[2], p2[1];

	memset(pv, 0, sizeof(*pv));
	memset(p1, 0, sizeof(p1));
	memset(p2, 0, sizeof(p2));
	p1[0].address = (char *)(uintptr_t) "10.0.0.1";
	p1[0].healthy = true;
	p1[0].has_rtt = true;
	p1[0].rtt_ms = 12.5;
	p1[0].failure_reason = (char *)(uintptr_t) "No failures";
	p1[0].has_response_code = true;
	p1[0].response_code = 200;
	p1[1].address = (char *)(uintptr_t) "API.EXAMPLE.COM";
	p1[1].failure_reason =
		(char *)(uintptr_t) "Response code mismatch error";
	p1[1].has_response_code = true;
	p1[1].response_code = 500;
	p2[0].address = (char *)(uintptr_t) "10.0.0.3";
	p2[0].failure_reason =
		(char *)(uintptr_t)(c_done ? "TCP connection failed"
					   : "Preview in progress");
	pv->pools = calloc(2, sizeof(*pv->pools));
	pv->npools = 2;
	pv->pools[0].pool_id = (char *)(uintptr_t) "p1";
	pv->pools[0].origins = p1;
	pv->pools[0].norigins = 2;
	pv->pools[1].pool_id = (char *)(uintptr_t) "p2";
	pv->pools[1].origins = p2;
	pv->pools[1].norigins = 1;
}

static void
test_pair(void **state)
{
	struct cf_preview_result pv;
	struct probe_all_result r = { 0 };
	static const char *const addrs[] = { "10.0.0.1", "api.example.com",
					     "10.0.0.3", "10.0.0.9" };
	size_t i;

	(void)state;
	r.rows = calloc(4, sizeof(*r.rows));
	r.n = 4;
	for (i = 0; i < 4; i++)
		r.rows[i].address = strdup(addrs[i]);
	preview(&pv, false);
	assert_false(probe_all_preview_done(&pv));
	/* Any pool: matched by address, case-insensitively. */
	assert_int_equal(probe_all_pair(&r, &pv, NULL), 3);
	assert_int_equal(r.rows[0].cf, PROBE_ALL_CF_DONE);
	assert_true(r.rows[0].cf_healthy);
	assert_true(r.rows[0].cf_has_rtt);
	assert_true(r.rows[0].cf_rtt_ms == 12.5);
	assert_int_equal(r.rows[0].cf_code, 200);
	assert_int_equal(r.rows[1].cf, PROBE_ALL_CF_DONE);
	assert_false(r.rows[1].cf_healthy);
	assert_int_equal(r.rows[1].cf_code, 500);
	assert_string_equal(r.rows[1].cf_reason,
			    "Response code mismatch error");
	assert_int_equal(r.rows[2].cf, PROBE_ALL_CF_PENDING);
	assert_int_equal(r.rows[3].cf, PROBE_ALL_CF_MISSING);
	assert_int_equal(r.preview_other, 0);
	/* One pool only: the others' origins are not this pool's. */
	assert_int_equal(probe_all_pair(&r, &pv, "p1"), 2);
	assert_int_equal(r.rows[2].cf, PROBE_ALL_CF_MISSING);
	free(pv.pools);
	preview(&pv, true);
	assert_true(probe_all_preview_done(&pv));
	assert_int_equal(probe_all_pair(&r, &pv, NULL), 3);
	assert_int_equal(r.rows[2].cf, PROBE_ALL_CF_DONE);
	assert_string_equal(r.rows[2].cf_reason, "TCP connection failed");
	/* Origins of the preview no row has are counted. */
	free(r.rows[0].address);
	r.rows[0].address = strdup("192.0.2.1");
	assert_int_equal(probe_all_pair(&r, &pv, NULL), 2);
	assert_int_equal(r.preview_other, 1);
	free(pv.pools);
	probe_all_result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_in_parallel),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_pair),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
