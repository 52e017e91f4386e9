/* test_codec_monitor.c: monitor decoding and encoding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfconsole/cf_models.h"
#include "codec_testutil.h"

static void
decode_fixture(const char *name, struct cf_monitor *m)
{
	struct cf_error err = { 0 };
	char *json = fixture_read(name);

	assert_int_equal(cf_monitor_decode(json, m, &err), CF_OK);
	free(json);
}

static void
test_spec_example(void **state)
{
	struct cf_monitor m;

	(void)state;
	decode_fixture("spec/monitor.json", &m);
	assert_string_equal(m.id, "f1aba936b94213e5b8dca0c0dbf1f9cc");
	assert_string_equal(m.type, "https");
	assert_string_equal(m.description, "Login page monitor");
	assert_string_equal(m.method, "GET");
	assert_string_equal(m.path, "/health");
	assert_int_equal(m.port, 0);
	assert_string_equal(m.expected_codes, "2xx");
	assert_string_equal(m.expected_body, "alive");
	assert_int_equal(m.header.n, 2);
	assert_string_equal(m.header.e[0].name, "Host");
	assert_string_equal(m.header.e[0].values.v[0], "example.com");
	assert_string_equal(m.header.e[1].name, "X-App-ID");
	assert_string_equal(m.header.e[1].values.v[0], "abc123");
	assert_int_equal(m.timeout, 5);
	assert_int_equal(m.retries, 2);
	assert_int_equal(m.interval, 60);
	assert_true(m.follow_redirects);
	assert_true(m.allow_insecure);
	assert_string_equal(m.probe_zone, "example.com");
	cf_monitor_free(&m);
}

static void
test_defaults(void **state)
{
	struct cf_monitor m;

	(void)state;
	decode_fixture("cf/monitor_minimal.json", &m);
	assert_string_equal(m.type, "http");
	assert_string_equal(m.method, "GET");
	assert_string_equal(m.path, "/");
	assert_int_equal(m.port, 0);
	assert_string_equal(m.expected_codes, "200");
	assert_int_equal(m.timeout, 5);
	assert_int_equal(m.retries, 2);
	assert_int_equal(m.interval, 60);
	assert_int_equal(m.consecutive_up, 0);
	assert_int_equal(m.consecutive_down, 0);
	assert_false(m.follow_redirects);
	assert_false(m.allow_insecure);
	assert_int_equal(m.header.n, 0);
	cf_monitor_free(&m);

	cf_monitor_init(&m);
	assert_string_equal(m.type, "http");
	assert_string_equal(m.expected_codes, "200");
	assert_int_equal(m.interval, 60);
	cf_monitor_free(&m);
}

static void
test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"interval\": \"60\"}",
		"{\"interval\": 60.5}",
		"{\"port\": true}",
		"{\"timeout\": 1e12}",
		"{\"header\": [\"Host\"]}",
		"{\"header\": {\"Host\": 5}}",
		"{\"header\": {\"Host\": [5]}}",
		"{\"follow_redirects\": 0}",
		"{\"expected_codes\": 200}",
		"{\"type\": \"http\", \"interval\": 60",
		"{\"type\": \"ht",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_monitor m;

		if (cf_monitor_decode(bad[i], &m, &err) != CF_ERR_MALFORMED)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		assert_int_equal(err.status, CF_ERR_MALFORMED);
		assert_null(m.type);
		cf_error_clear(&err);
	}
}

static void
test_header_string_value(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor m;

	(void)state;
	assert_int_equal(
		cf_monitor_decode("{\"header\":{\"Host\":\"a.example\"}}", &m,
				  &err),
		CF_OK);
	assert_int_equal(m.header.n, 1);
	assert_int_equal(m.header.e[0].values.n, 1);
	assert_string_equal(m.header.e[0].values.v[0], "a.example");
	cf_monitor_free(&m);
}

static void
test_masks_and_unknown(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor m;
	char *s;

	(void)state;
	decode_fixture("spec/monitor.json", &m);
	s = cf_monitor_encode(&m, CF_MON_F_INTERVAL);
	assert_string_equal(s, "{\"interval\":60}");
	free(s);
	s = cf_monitor_encode(&m, CF_MON_F_HEADER | CF_MON_F_EXPECTED_CODES);
	assert_string_equal(s, "{\"expected_codes\":\"2xx\",\"header\":"
			       "{\"Host\":[\"example.com\"],\"X-App-ID\":"
			       "[\"abc123\"]}}");
	free(s);
	s = cf_monitor_encode(&m, CF_MON_F_ALL);
	assert_json_keys(s, "allow_insecure,consecutive_down,consecutive_up,"
			    "description,expected_body,expected_codes,"
			    "follow_redirects,header,interval,method,path,port,"
			    "probe_zone,retries,timeout,type");
	free(s);
	cf_monitor_free(&m);

	assert_int_equal(
		cf_monitor_decode(
			"{\"id\":\"m1\",\"type\":\"tcp\",\"port\":22,\"x_future\":[1],"
			"\"created_on\":\"t\",\"modified_on\":\"t\"}",
			&m, &err),
		CF_OK);
	s = cf_monitor_encode(&m, CF_MON_F_ALL);
	assert_json_at(s, "x_future", "[1]");
	assert_json_at(s, "id", NULL);
	assert_json_at(s, "created_on", NULL);
	assert_json_at(s, "port", "22");
	assert_json_at(s, "expected_codes", "\"200\"");
	free(s);
	/* A PATCH body never carries unknown fields. */
	s = cf_monitor_encode(&m, CF_MON_F_PORT);
	assert_string_equal(s, "{\"port\":22}");
	free(s);
	cf_monitor_free(&m);
}

static void
test_round_trip(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor a, b, c;
	char *ea, *eb;

	(void)state;
	decode_fixture("spec/monitor.json", &a);
	ea = cf_monitor_encode(&a, CF_MON_F_ALL);
	assert_int_equal(cf_monitor_decode(ea, &b, &err), CF_OK);
	assert_string_equal(a.type, b.type);
	assert_string_equal(a.path, b.path);
	assert_string_equal(a.expected_codes, b.expected_codes);
	assert_int_equal(a.header.n, b.header.n);
	assert_int_equal(a.interval, b.interval);
	assert_int_equal(a.allow_insecure, b.allow_insecure);
	assert_int_equal(cf_monitor_copy(&c, &b), CF_OK);
	eb = cf_monitor_encode(&c, CF_MON_F_ALL);
	assert_string_equal(ea, eb);
	free(ea);
	free(eb);
	cf_monitor_free(&a);
	cf_monitor_free(&b);
	cf_monitor_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_header_string_value),
		cmocka_unit_test(test_masks_and_unknown),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
