/* test_local_probe.c: local monitor probes against cfsim's demo origin servers (healthy, 500, down, closed port). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/probe.h"
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
monitor_for(struct cf_monitor *m, const char *type)
{
	cf_monitor_init(m);
	free(m->type);
	m->type = strdup(type);
	m->port = sim_origins_port(origins);
	m->timeout = 2;
	m->retries = 0;
}

static void
origin_at(struct cf_origin *o, size_t i)
{
	cf_origin_init(o);
	o->address = strdup(sim_origins_address(origins, i));
}

static void
test_code_matches(void **state)
{
	(void)state;
	assert_true(local_probe_code_matches("200", 200));
	assert_false(local_probe_code_matches("200", 201));
	assert_true(local_probe_code_matches("2xx", 204));
	assert_true(local_probe_code_matches("2XX", 299));
	assert_false(local_probe_code_matches("2xx", 301));
	assert_true(local_probe_code_matches("20x", 204));
	assert_true(local_probe_code_matches("200,301", 301));
	assert_true(local_probe_code_matches("200, 3xx", 302));
	assert_true(local_probe_code_matches(NULL, 200));
	assert_true(local_probe_code_matches("", 200));
	assert_false(local_probe_code_matches("abc", 200));
	assert_false(local_probe_code_matches("2000", 200));
}

static void
test_http_healthy_and_body(void **state)
{
	struct cf_monitor m;
	struct cf_origin o;
	struct probe_result r;

	(void)state;
	monitor_for(&m, "http");
	origin_at(&o, 0);
	free(m.path);
	m.path = strdup("/health");
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_true(r.healthy);
	assert_int_equal(r.response_code, 200);
	assert_true(r.has_rtt);
	assert_string_equal(r.failure_reason, "No failures");
	assert_non_null(strstr(r.target, "/health"));

	/* expected body is a case-insensitive substring */
	m.expected_body = strdup("OK");
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_true(r.healthy);
	free(m.expected_body);
	m.expected_body = strdup("definitely-not-there");
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "Response body mismatch error");

	/* a Host header (origin's first) still connects to the address */
	free(m.expected_body);
	m.expected_body = NULL;
	o.header_host.v = calloc(1, sizeof(char *));
	o.header_host.v[0] = strdup("api.example.test");
	o.header_host.n = 1;
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_true(r.healthy);
	assert_non_null(strstr(r.target, "api.example.test"));
	assert_non_null(strstr(r.target, sim_origins_address(origins, 0)));
	cf_monitor_free(&m);
	cf_origin_free(&o);
}

static void
test_http_failures(void **state)
{
	struct cf_monitor m;
	struct cf_origin o;
	struct probe_result r;

	(void)state;
	monitor_for(&m, "http");
	origin_at(&o, 1);
	m.retries = 1;
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_false(r.healthy);
	assert_int_equal(r.response_code, 500);
	assert_int_equal(r.attempts, 2);
	assert_string_equal(r.failure_reason, "Response code mismatch error");
	/* 5xx accepted when the monitor says so */
	free(m.expected_codes);
	m.expected_codes = strdup("5xx");
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_true(r.healthy);
	cf_origin_free(&o);

	/* down: cfsim's "down" origin refuses or drops connections (which
	 * one is its business): either way a transport failure. */
	origin_at(&o, 2);
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_false(r.healthy);
	assert_int_equal(r.response_code, 0);
	assert_true(strcmp(r.failure_reason, "Connection Reset by Peer") == 0 ||
		    strcmp(r.failure_reason, "TCP connection failed") == 0);
	cf_origin_free(&o);

	/* nothing listens on port 1 */
	origin_at(&o, 0);
	m.port = 1;
	m.retries = 0;
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "TCP connection failed");
	/* no answer, no round trip: shown "-", never "0.0ms" */
	assert_false(r.has_rtt);
	cf_monitor_free(&m);
	cf_origin_free(&o);
}

static void
test_tcp_and_unsupported(void **state)
{
	struct cf_monitor m;
	struct cf_origin o;
	struct probe_result r;
	atomic_bool cancel;

	(void)state;
	monitor_for(&m, "tcp");
	origin_at(&o, 1);
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_true(r.healthy); /* connect only: the 500 does not matter */
	assert_int_equal(r.response_code, 0);
	m.port = 1;
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_OK);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "TCP connection failed");
	assert_false(r.has_rtt);

	free(m.type);
	m.type = strdup("icmp_ping");
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_ERR_INVALID_ARG);
	assert_non_null(strstr(r.failure_reason, "cannot be probed"));

	/* cancelled before it starts: prompt CF_ERR_CANCELLED */
	free(m.type);
	m.type = strdup("http");
	m.port = sim_origins_port(origins);
	atomic_init(&cancel, true);
	assert_int_equal(local_probe_run(&m, &o, &cancel, &r),
			 CF_ERR_CANCELLED);

	free(o.address);
	o.address = NULL;
	assert_int_equal(local_probe_run(&m, &o, NULL, &r), CF_ERR_INVALID_ARG);
	cf_monitor_free(&m);
	cf_origin_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_matches),
		cmocka_unit_test(test_http_healthy_and_body),
		cmocka_unit_test(test_http_failures),
		cmocka_unit_test(test_tcp_and_unsupported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
