/* test_sim_validate.c: cfsim's pure validators, --gen and --fault parsing, and the LB pretty printer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sim/lbobj.h"
#include "sim/seed.h"
#include "sim/services.h"
#include "sim/sim.h"
#include "sim/validate.h"

static void
test_ids_and_credentials(void **state)
{
	(void)state;
	assert_true(validate_id("0123456789abcdef0123456789ABCDEF"));
	assert_false(validate_id("0123456789abcdef0123456789abcde"));
	assert_false(validate_id("0123456789abcdef0123456789abcdeg"));
	assert_false(validate_id("example.com"));
	assert_false(validate_id(NULL));
	assert_true(validate_bearer_token("cfsim-demo-token"));
	assert_true(validate_bearer_token("Ab_cd.ef~gh+ij/kl=="));
	assert_false(validate_bearer_token(""));
	assert_false(validate_bearer_token("has space"));
	/* A Global API Key sent as Bearer is rejected (6111). */
	assert_false(
		validate_bearer_token("0123456789abcdef0123456789abcdef01234"));
	assert_true(validate_auth_key("0123456789abcdef0123456789abcdef01234"));
	assert_false(validate_auth_key("0123456789abcdef0123456789abcdef0123"));
	assert_false(
		validate_auth_key("0123456789abcdef0123456789abcdef0123z"));
	assert_true(validate_auth_email("ops@example.com"));
	assert_false(validate_auth_email("username "));
	assert_false(validate_auth_email("@example.com"));
	assert_false(validate_auth_email("a@b@c"));
}

static void
test_names_and_addresses(void **state)
{
	(void)state;
	assert_true(validate_ipv4("192.0.2.1"));
	assert_false(validate_ipv4("192.0.2.256"));
	assert_false(validate_ipv4("::1"));
	assert_true(validate_ipv6("2001:db8::1"));
	assert_false(validate_ipv6("192.0.2.1"));
	assert_true(validate_hostname("origin.example.net", true));
	assert_true(validate_hostname("localhost", false));
	assert_false(validate_hostname("localhost", true));
	assert_false(validate_hostname("a..b", false));
	assert_false(validate_hostname("-a.example", false));
	assert_false(validate_hostname("a b.example", false));
	assert_true(validate_dns_name("*.example.com"));
	assert_true(validate_dns_name("_dmarc.example.com"));
	assert_false(validate_dns_name("a.*.example.com"));
	assert_true(validate_in_zone("www.example.com", "example.com"));
	assert_true(validate_in_zone("EXAMPLE.com", "example.com"));
	assert_false(validate_in_zone("badexample.com", "example.com"));
	assert_false(validate_in_zone("www.other.com", "example.com"));
	assert_true(validate_pool_name("inference-fallback_2"));
	assert_false(validate_pool_name("has space"));
	assert_false(validate_pool_name(""));
}

static void
test_numbers_and_codes(void **state)
{
	cJSON *v;

	(void)state;
	assert_true(validate_weight(0));
	assert_true(validate_weight(0.01));
	assert_true(validate_weight(0.57));
	assert_true(validate_weight(1));
	assert_false(validate_weight(0.555));
	assert_false(validate_weight(1.01));
	assert_false(validate_weight(-0.01));
	assert_true(validate_expected_codes("200"));
	assert_true(validate_expected_codes("2xx"));
	assert_true(validate_expected_codes("30x"));
	assert_false(validate_expected_codes("x00"));
	assert_false(validate_expected_codes("2x0"));
	assert_false(validate_expected_codes("600"));
	assert_false(validate_expected_codes("20"));
	assert_int_equal(validate_dns_ttl(NULL), 0);
	v = cJSON_CreateNumber(1);
	assert_int_equal(validate_dns_ttl(v), 0);
	cJSON_SetNumberValue(v, 60);
	assert_int_equal(validate_dns_ttl(v), 0);
	cJSON_SetNumberValue(v, 86400);
	assert_int_equal(validate_dns_ttl(v), 0);
	cJSON_SetNumberValue(v, 30);
	assert_int_equal(validate_dns_ttl(v), 9021);
	cJSON_SetNumberValue(v, 86401);
	assert_int_equal(validate_dns_ttl(v), 9021);
	cJSON_Delete(v);
	v = cJSON_CreateString("3600");
	assert_int_equal(validate_dns_ttl(v), 9022);
	cJSON_Delete(v);
}

static int
dns(const char *json)
{
	char msg[256];
	cJSON *j = cJSON_Parse(json);
	int code;

	assert_non_null(j);
	code = validate_dns_record(j, msg, sizeof(msg));
	cJSON_Delete(j);
	return code;
}

static void
test_dns_records(void **state)
{
	(void)state;
	assert_int_equal(dns("{\"type\":\"A\",\"name\":\"a.example.com\","
			     "\"content\":\"192.0.2.1\",\"proxied\":true}"),
			 0);
	assert_int_equal(dns("{\"type\":\"A\",\"name\":\"a.example.com\","
			     "\"content\":\"2001:db8::1\"}"),
			 9005);
	assert_int_equal(dns("{\"type\":\"AAAA\",\"name\":\"a.example.com\","
			     "\"content\":\"192.0.2.1\"}"),
			 9006);
	assert_int_equal(dns("{\"type\":\"CNAME\",\"name\":\"a.example.com\","
			     "\"content\":\"192.0.2.1\"}"),
			 9007);
	assert_int_equal(dns("{\"type\":\"TXT\",\"name\":\"a.example.com\","
			     "\"content\":\"x\",\"proxied\":true}"),
			 9004);
	assert_int_equal(dns("{\"type\":\"MX\",\"name\":\"example.com\","
			     "\"content\":\"mail.example.com\"}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"MX\",\"name\":\"example.com\","
			     "\"content\":\"mail.example.com\",\"priority\":"
			     "10}"),
			 0);
	assert_int_equal(dns("{\"type\":\"BOGUS\",\"name\":\"example.com\"}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"A\",\"name\":\"a..example.com\","
			     "\"content\":\"192.0.2.1\"}"),
			 9000);
	assert_int_equal(dns("{\"type\":\"A\",\"name\":\"a.example.com\","
			     "\"content\":\"192.0.2.1\",\"ttl\":\"60\"}"),
			 9022);
	assert_int_equal(dns("{\"type\":\"SRV\",\"name\":\"_sip._tcp.example."
			     "com\"}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"SRV\",\"name\":\"_sip._tcp.example."
			     "com\",\"data\":{\"port\":5060}}"),
			 0);
	/* The members of data the spec types: ranges, strings, enums. */
	assert_int_equal(dns("{\"type\":\"SRV\",\"name\":\"_sip._tcp.example."
			     "com\",\"data\":{\"port\":70000}}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"CAA\",\"name\":\"example.com\","
			     "\"data\":{\"flags\":0,\"tag\":\"issue\","
			     "\"value\":5}}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"LOC\",\"name\":\"example.com\","
			     "\"data\":{\"lat_degrees\":37,\"lat_direction\":"
			     "\"E\"}}"),
			 1004);
	assert_int_equal(dns("{\"type\":\"LOC\",\"name\":\"example.com\","
			     "\"data\":{\"lat_degrees\":37,\"lat_direction\":"
			     "\"N\",\"lat_seconds\":46.5}}"),
			 0);
	assert_int_equal(dns("{\"type\":\"URI\",\"name\":\"_ftp._tcp.example."
			     "com\",\"data\":{\"weight\":1,\"target\":"
			     "\"ftp://x/\"}}"),
			 1004); /* URI needs a priority */
	assert_int_equal(dns("{\"type\":\"URI\",\"name\":\"_ftp._tcp.example."
			     "com\",\"priority\":10,\"data\":{\"weight\":1,"
			     "\"target\":\"ftp://x/\"}}"),
			 0);
	{
		char msg[256];
		cJSON *d = cJSON_Parse("{\"port\":70000}");

		assert_int_equal(validate_dns_data("SRV", d, msg, sizeof(msg)),
				 1004);
		assert_string_equal(msg, "data.port must be a number in range "
					 "[0, 65535] for SRV records.");
		cJSON_Delete(d);
	}
}

static cJSON *
monitor_with(const char *body)
{
	cJSON *b = cJSON_Parse(body), *m;

	assert_non_null(b);
	m = lbobj_monitor_from(NULL, b);
	cJSON_Delete(b);
	return m;
}

static void
test_monitors(void **state)
{
	char msg[256];
	cJSON *m;

	(void)state;
	m = monitor_with("{\"expected_codes\":\"2xx\"}");
	assert_true(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"interval\":30}");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg)));
	assert_string_equal(msg, "interval is not in range [60, 3600]");
	/* --min-interval lowers the bound for tests. */
	cJSON_ReplaceItemInObject(m, "timeout", cJSON_CreateNumber(2));
	assert_true(validate_monitor(m, 5, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"timeout\":60}");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg)));
	assert_string_equal(msg, "timeout must be less than interval");
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"retries\":6}");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"type\":\"gopher\"}");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"type\":\"tcp\"}");
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(m, "method")),
		"connection_established");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg))); /* no port */
	cJSON_ReplaceItemInObject(m, "port", cJSON_CreateNumber(443));
	assert_true(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"header\":{"
			 "\"User-Agent\":[\"x\"]}}");
	assert_false(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
	m = monitor_with("{\"expected_codes\":\"200\",\"header\":{"
			 "\"Host\":[\"api.example.com\"]}}");
	assert_true(validate_monitor(m, 60, msg, sizeof(msg)));
	cJSON_Delete(m);
}

static bool
pool(const char *json)
{
	char msg[256];
	cJSON *j = cJSON_Parse(json);
	bool ok;

	assert_non_null(j);
	ok = validate_pool(j, msg, sizeof(msg));
	cJSON_Delete(j);
	return ok;
}

static void
test_pools(void **state)
{
	(void)state;
	assert_true(pool("{\"name\":\"p\",\"minimum_origins\":1,\"origins\":[{"
			 "\"address\":\"192.0.2.1\",\"weight\":0.25}]}"));
	assert_false(pool("{\"name\":\"p q\",\"minimum_origins\":1,"
			  "\"origins\":[{\"address\":\"192.0.2.1\"}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,"
			  "\"origins\":[]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,\"origins\":[{"
			  "\"address\":\"192.0.2.1\",\"weight\":2}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,\"origins\":[{"
			  "\"address\":\"not an address\"}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":3,\"origins\":[{"
			  "\"address\":\"192.0.2.1\"}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,"
			  "\"check_regions\":[\"MARS\"],\"origins\":[{"
			  "\"address\":\"192.0.2.1\"}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,\"latitude\":"
			  "10,\"origins\":[{\"address\":\"192.0.2.1\"}]}"));
	assert_false(pool("{\"name\":\"p\",\"minimum_origins\":1,\"origins\":[{"
			  "\"address\":\"192.0.2.1\",\"header\":{\"Host\":"
			  "[\"a\",\"b\"]}}]}"));
}

static bool
lb(const char *json)
{
	char msg[256];
	cJSON *j = cJSON_Parse(json);
	bool ok;

	assert_non_null(j);
	ok = validate_lb(j, "example.com", msg, sizeof(msg));
	cJSON_Delete(j);
	return ok;
}

static void
test_lbs(void **state)
{
	(void)state;
	assert_true(
		lb("{\"name\":\"www.example.com\",\"default_pools\":[\"a\"],"
		   "\"fallback_pool\":\"b\",\"pop_pools\":{\"LAX\":[\"a\"]},"
		   "\"steering_policy\":\"geo\"}"));
	assert_false(lb("{\"name\":\"www\",\"default_pools\":[\"a\"],"
			"\"fallback_pool\":\"b\"}"));
	assert_false(lb("{\"name\":\"www.example.org\",\"default_pools\":"
			"[\"a\"],\"fallback_pool\":\"b\"}"));
	assert_false(lb("{\"name\":\"www.example.com\",\"default_pools\":[],"
			"\"fallback_pool\":\"b\"}"));
	assert_false(lb("{\"name\":\"www.example.com\",\"default_pools\":"
			"[\"a\"]}"));
	assert_false(lb("{\"name\":\"www.example.com\",\"default_pools\":"
			"[\"a\"],\"fallback_pool\":\"b\",\"steering_policy\":"
			"\"fastest\"}"));
	assert_false(lb("{\"name\":\"www.example.com\",\"default_pools\":"
			"[\"a\"],\"fallback_pool\":\"b\",\"region_pools\":{"
			"\"WNAM\":\"a\"}}"));
}

static void
test_gen_spec(void **state)
{
	struct gen_spec g;
	char err[256];

	(void)state;
	assert_true(gen_parse("zones=1,records=100000,pools=500,origins=5", &g,
			      err, sizeof(err)));
	assert_int_equal(g.zones, 1);
	assert_int_equal(g.records, 100000);
	assert_int_equal(g.pools, 500);
	assert_int_equal(g.origins, 5);
	assert_int_equal(g.monitors, -1);
	assert_false(gen_parse("zones=x", &g, err, sizeof(err)));
	assert_false(gen_parse("planets=3", &g, err, sizeof(err)));
	assert_non_null(strstr(err, "unknown key"));
	assert_false(gen_parse("records", &g, err, sizeof(err)));
	assert_false(gen_parse("lbs=2", &g, err, sizeof(err)));
	assert_false(gen_parse("", &g, err, sizeof(err)));
}

static void
test_fault_specs(void **state)
{
	struct sim_faults *f = faults_new();
	struct fault_hit hit;
	char err[256];
	int i, fired = 0;

	(void)state;
	assert_true(faults_add_spec(f, "latency=50:1", err, sizeof(err)));
	assert_true(
		faults_add_spec(f, "5xx:1:/dns_records:2", err, sizeof(err)));
	assert_false(faults_add_spec(f, "5xx:2", err, sizeof(err)));
	assert_false(faults_add_spec(f, "latency=abc:1", err, sizeof(err)));
	assert_false(faults_add_spec(f, "teapot:1", err, sizeof(err)));
	assert_false(faults_add_spec(f, "5xx", err, sizeof(err)));
	faults_roll(f, "/client/v4/zones", &hit);
	assert_int_equal(hit.latency_ms, 50);
	assert_int_equal(hit.kind, FAULT_NONE);
	for (i = 0; i < 5; i++) {
		faults_roll(f, "/client/v4/zones/x/dns_records", &hit);
		fired += hit.kind == FAULT_5XX;
	}
	assert_int_equal(fired, 2); /* COUNT limits the firings */
	faults_clear(f);
	assert_true(faults_add_spec(f, "drop:0", err, sizeof(err)));
	for (i = 0; i < 100; i++) {
		faults_roll(f, "/client/v4/zones", &hit);
		assert_int_equal(hit.kind, FAULT_NONE);
	}
	faults_free(f);
}

struct held {
	struct sim_faults *f;
	bool served;
	atomic_int done;
};

static void *
hold_thread(void *arg)
{
	struct held *h = arg;

	h->served = faults_delay(h->f, 600000);
	atomic_store(&h->done, 1);
	return NULL;
}

/* A latency delay ends when the faults are cleared (the request is then
 * served) or stopped (dropped): a test holds a request as long as it
 * needs, and a stopping cfsim joins no sleepers. */
static void
test_fault_delay_released(void **state)
{
	struct sim_faults *f = faults_new();
	struct held h = { .f = f };
	pthread_t t;
	int i;

	(void)state;
	assert_true(faults_delay(f, 1)); /* a short delay just passes */
	assert_int_equal(pthread_create(&t, NULL, hold_thread, &h), 0);
	/* Still held a while later (its delay is ten minutes). */
	for (i = 0; i < 20 && !atomic_load(&h.done); i++)
		faults_delay(f, 5);
	assert_int_equal(atomic_load(&h.done), 0);
	faults_clear(f);
	pthread_join(t, NULL);
	assert_true(h.served);

	atomic_store(&h.done, 0);
	assert_int_equal(pthread_create(&t, NULL, hold_thread, &h), 0);
	faults_stop(f);
	pthread_join(t, NULL);
	assert_false(h.served);
	assert_false(faults_delay(f, 600000)); /* stopped: no more waiting */
	faults_free(f);
}

/* A METHOD field and a '$'-anchored PATH target one request of a plan:
 * the POST of a pool, not the list or the pool's own GET. */
static void
test_fault_method_filter(void **state)
{
	struct sim_faults *f = faults_new();
	struct fault_hit hit;
	char err[256];
	cJSON *j;

	(void)state;
	assert_true(faults_add_spec(f, "5xx:1:/load_balancers/pools$:0:post",
				    err, sizeof(err)));
	assert_false(faults_add_spec(f, "5xx:1:/x:1:BREW", err, sizeof(err)));
	assert_non_null(strstr(err, "METHOD"));
	assert_false(faults_add_spec(f, "5xx:1:/x:z:GET", err, sizeof(err)));
	faults_roll_method(f, "GET",
			   "/client/v4/accounts/a/load_balancers/pools", &hit);
	assert_int_equal(hit.kind, FAULT_NONE);
	faults_roll_method(f, "POST",
			   "/client/v4/accounts/a/load_balancers/pools/p1",
			   &hit);
	assert_int_equal(hit.kind, FAULT_NONE);
	faults_roll_method(f, "POST",
			   "/client/v4/accounts/a/load_balancers/pools", &hit);
	assert_int_equal(hit.kind, FAULT_5XX);
	/* Without a method (old callers) a method rule never fires. */
	faults_roll(f, "/client/v4/accounts/a/load_balancers/pools", &hit);
	assert_int_equal(hit.kind, FAULT_NONE);
	faults_clear(f);
	j = cJSON_Parse("{\"kind\":\"drop\",\"path\":\"/dns_records\","
			"\"method\":\"DELETE\"}");
	assert_true(faults_add_json(f, j, err, sizeof(err)));
	cJSON_Delete(j);
	faults_roll_method(f, "GET", "/client/v4/zones/z/dns_records/r", &hit);
	assert_int_equal(hit.kind, FAULT_NONE);
	faults_roll_method(f, "DELETE", "/client/v4/zones/z/dns_records/r",
			   &hit);
	assert_int_equal(hit.kind, FAULT_DROP);
	j = faults_json(f);
	assert_string_equal(
		cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "method")
			->valuestring,
		"DELETE");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"kind\":\"drop\",\"method\":7}");
	assert_false(faults_add_json(f, j, err, sizeof(err)));
	cJSON_Delete(j);
	faults_free(f);
}

static void
test_pretty_printer(void **state)
{
	cJSON *doc = cJSON_Parse("{\"result\":null,\"success\":false,"
				 "\"errors\":[{\"code\":1002,\"message\":"
				 "\"a \\\"b\\\"\\tc\"}],\"messages\":[],"
				 "\"o\":{}}");
	char *s;

	(void)state;
	s = resp_print_pretty(doc);
	assert_string_equal(s, "{\n"
			       "  \"result\": null,\n"
			       "  \"success\": false,\n"
			       "  \"errors\": [\n"
			       "    {\n"
			       "      \"code\": 1002,\n"
			       "      \"message\": \"a \\\"b\\\"\\tc\"\n"
			       "    }\n"
			       "  ],\n"
			       "  \"messages\": [],\n"
			       "  \"o\": {}\n"
			       "}");
	free(s);
	cJSON_Delete(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_credentials),
		cmocka_unit_test(test_names_and_addresses),
		cmocka_unit_test(test_numbers_and_codes),
		cmocka_unit_test(test_dns_records),
		cmocka_unit_test(test_monitors),
		cmocka_unit_test(test_pools),
		cmocka_unit_test(test_lbs),
		cmocka_unit_test(test_gen_spec),
		cmocka_unit_test(test_fault_specs),
		cmocka_unit_test(test_fault_method_filter),
		cmocka_unit_test(test_fault_delay_released),
		cmocka_unit_test(test_pretty_printer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
