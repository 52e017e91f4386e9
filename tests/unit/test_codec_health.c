/* test_codec_health.c: health, previews, events, zones, printers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cf/codec.h"
#include "cfconsole/cf_models.h"
#include "codec_testutil.h"

static void
test_health_keyed_spec(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_health h, c;
	char *json = fixture_read("spec/pool_health.json");

	(void)state;
	assert_int_equal(cf_pool_health_decode(json, &h, &err), CF_OK);
	free(json);
	assert_string_equal(h.pool_id, "17b5962d775c646f3f9725cbc7a53df4");
	assert_int_equal(h.npops, 1);
	assert_string_equal(h.pops[0].pop, "Amsterdam, NL");
	assert_true(h.pops[0].healthy);
	assert_int_equal(h.pops[0].norigins, 1);
	assert_string_equal(h.pops[0].origins[0].address, "2001:DB8::5");
	assert_true(h.pops[0].origins[0].healthy);
	assert_true(h.pops[0].origins[0].has_response_code);
	assert_int_equal(h.pops[0].origins[0].response_code, 401);
	assert_string_equal(h.pops[0].origins[0].rtt, "12.1ms");
	assert_true(h.pops[0].origins[0].has_rtt);
	assert_true(h.pops[0].origins[0].rtt_ms > 12.09 &&
		    h.pops[0].origins[0].rtt_ms < 12.11);
	assert_string_equal(h.pops[0].origins[0].failure_reason, "No failures");
	assert_non_null(h.raw);
	assert_int_equal(cf_pool_health_copy(&c, &h), CF_OK);
	cf_pool_health_free(&h);
	assert_string_equal(c.pops[0].origins[0].address, "2001:DB8::5");
	cf_pool_health_free(&c);
}

static void
test_health_flat(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_health h;
	char *json = fixture_read("cf/pool_health_flat.json");

	(void)state;
	assert_int_equal(cf_pool_health_decode(json, &h, &err), CF_OK);
	free(json);
	assert_int_equal(h.npops, 1);
	assert_string_equal(h.pops[0].pop, "");
	assert_false(h.pops[0].healthy);
	assert_int_equal(h.pops[0].norigins, 2);
	assert_string_equal(h.pops[0].origins[0].address, "ip");
	assert_false(h.pops[0].origins[0].healthy);
	assert_string_equal(h.pops[0].origins[0].failure_reason,
			    "TCP connection failed");
	assert_true(h.pops[0].origins[0].rtt_ms == 1500);
	assert_true(h.pops[0].origins[1].rtt_ms > 0.79 &&
		    h.pops[0].origins[1].rtt_ms < 0.81);
	cf_pool_health_free(&h);
}

static void
test_health_multi_and_edges(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_health h;
	char *json = fixture_read("cf/pool_health_multi.json");

	(void)state;
	assert_int_equal(cf_pool_health_decode(json, &h, &err), CF_OK);
	free(json);
	assert_int_equal(h.npops, 2);
	assert_string_equal(h.pops[0].pop, "WNAM");
	assert_int_equal(h.pops[0].norigins, 2);
	/* Unparsable RTT and a missing response code are "unknown". */
	assert_false(h.pops[0].origins[1].has_rtt);
	assert_string_equal(h.pops[0].origins[1].rtt, "n/a");
	assert_false(h.pops[0].origins[1].has_response_code);
	assert_string_equal(h.pops[1].pop, "EEU");
	assert_false(h.pops[1].healthy);
	assert_int_equal(h.pops[1].norigins, 0);
	cf_pool_health_free(&h);

	/* No health data yet: no PoPs, not an error. */
	assert_int_equal(cf_pool_health_decode("{\"pool_id\":\"p\"}", &h, &err),
			 CF_OK);
	assert_int_equal(h.npops, 0);
	cf_pool_health_free(&h);
}

static void
test_health_bad(void **state)
{
	static const char *const bad[] = {
		"{\"pop_health\": []}",
		"{\"pop_health\": {\"WNAM\": 1}}",
		"{\"pop_health\": {\"WNAM\": {\"origins\": [1]}}}",
		"{\"pop_health\": {\"WNAM\": {\"origins\": [{\"a\": 1}]}}}",
		"{\"pop_health\": {\"WNAM\": {\"origins\": [{\"a\": {\"rtt\": 5}}]}}}",
		"{\"pop_health\": {\"healthy\": true, \"origins\": [{\"ip\": {\"healthy\": \"y\"}}]}}",
		"{\"pop_health\": {\"WNAM\": {\"healthy\": true, \"origins\": [{\"a\": {\"response_code\": \"200\"}}]}}}",
		"{\"pool_id\": 7}",
		"{\"pool_id\": \"p\", \"pop_health\": {",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_pool_health h;

		if (cf_pool_health_decode(bad[i], &h, &err) != CF_ERR_MALFORMED)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		assert_int_equal(err.status, CF_ERR_MALFORMED);
		assert_null(h.pops);
		cf_error_clear(&err);
	}
}

static void
test_rtt(void **state)
{
	(void)state;
	assert_true(cf_parse_rtt_ms("12.1ms") > 12.09 &&
		    cf_parse_rtt_ms("12.1ms") < 12.11);
	assert_true(cf_parse_rtt_ms("66ms") == 66);
	/* Out of range (issue 8, item 19): inf or absurd is unparsable. */
	assert_true(cf_parse_rtt_ms("1e300h") == -1);
	assert_true(cf_parse_rtt_ms("1e308h1e308h") == -1);
	assert_true(cf_parse_rtt_ms("99999999999999999999999") == -1);
	assert_true(cf_parse_rtt_ms("86400s") == 86400000.0);
	assert_true(cf_parse_rtt_ms("1.5s") == 1500);
	assert_true(cf_parse_rtt_ms("800us") == 0.8);
	assert_true(cf_parse_rtt_ms("800\xc2\xb5s") == 0.8);
	assert_true(cf_parse_rtt_ms("1m2s") == 62000);
	assert_true(cf_parse_rtt_ms("250ns") == 0.00025);
	assert_true(cf_parse_rtt_ms("42") == 42);
	assert_true(cf_parse_rtt_ms("0s") == 0);
	assert_true(cf_parse_rtt_ms(NULL) < 0);
	assert_true(cf_parse_rtt_ms("") < 0);
	assert_true(cf_parse_rtt_ms("ms") < 0);
	assert_true(cf_parse_rtt_ms("fast") < 0);
	assert_true(cf_parse_rtt_ms("12parsecs") < 0);
	assert_true(cf_parse_rtt_ms("-5ms") < 0);
	assert_true(cf_parse_rtt_ms("1s5") < 0);
	assert_true(cf_parse_rtt_ms("5ms junk") < 0);
}

static void
test_preview(void **state)
{
	struct cf_error err = { 0 };
	struct cf_preview p;
	struct cf_preview_result r;
	char *json = fixture_read("spec/preview.json");

	(void)state;
	assert_int_equal(cf_preview_decode(json, &p, &err), CF_OK);
	free(json);
	assert_string_equal(p.preview_id, "f1aba936b94213e5b8dca0c0dbf1f9cc");
	assert_int_equal(p.npools, 2);
	assert_string_equal(p.pools[0].pool_id,
			    "abwlnp5jbqn45ecgxd03erbgtxtqai0d");
	assert_string_equal(p.pools[0].pool_name, "WNAM Datacenter");
	cf_preview_free(&p);

	json = fixture_read("spec/preview_result.json");
	assert_int_equal(cf_preview_result_decode(json, &r, &err), CF_OK);
	free(json);
	assert_int_equal(r.npools, 1);
	assert_string_equal(r.pools[0].pool_id,
			    "abwlnp5jbqn45ecgxd03erbgtxtqai0d");
	assert_true(r.pools[0].healthy);
	assert_int_equal(r.pools[0].norigins, 1);
	assert_string_equal(r.pools[0].origins[0].address,
			    "originone.example.com.");
	assert_true(r.pools[0].origins[0].rtt_ms == 66);
	assert_int_equal(r.pools[0].origins[0].response_code, 200);
	cf_preview_result_free(&r);

	assert_int_equal(cf_preview_decode("{\"pools\":{\"a\":1}}", &p, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(
		cf_preview_result_decode("{\"p\":{\"healthy\":1}}", &r, &err),
		CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_preview_result_decode("{\"p\":[]}", &r, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
}

static void
test_references(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_reference r;
	char *json = fixture_read("spec/references.json");
	cJSON *arr = cJSON_Parse(json), *it;
	int i = 0;

	(void)state;
	free(json);
	assert_true(cJSON_IsArray(arr));
	cJSON_ArrayForEach(it, arr)
	{
		char *one = cJSON_PrintUnformatted(it);

		assert_int_equal(cf_pool_reference_decode(one, &r, &err),
				 CF_OK);
		free(one);
		if (i == 0) {
			assert_string_equal(r.reference_type, "referrer");
			assert_string_equal(r.resource_type, "load_balancer");
			assert_string_equal(r.resource_name, "www.example.com");
		} else {
			assert_string_equal(r.reference_type, "referral");
			assert_string_equal(r.resource_type, "monitor");
			assert_string_equal(r.resource_id,
					    "f1aba936b94213e5b8dca0c0dbf1f9cc");
		}
		cf_pool_reference_free(&r);
		i++;
	}
	assert_int_equal(i, 2);
	cJSON_Delete(arr);
	assert_int_equal(
		cf_pool_reference_decode("{\"resource_id\":1}", &r, &err),
		CF_ERR_MALFORMED);
	cf_error_clear(&err);
}

static void
test_events(void **state)
{
	struct cf_error err = { 0 };
	struct cf_health_event e;
	char *json = fixture_read("spec/event.json");

	(void)state;
	assert_int_equal(cf_health_event_decode(json, &e, &err), CF_OK);
	free(json);
	assert_int_equal(e.id, 1);
	assert_string_equal(e.timestamp, "2014-01-01T05:20:00.12345Z");
	assert_string_equal(e.pool_id, "74bc6a8b9b0dda3d651707a2928bad0c");
	assert_string_equal(e.pool_name, "some-pool");
	assert_true(e.pool_healthy);
	assert_true(e.pool_changed);
	assert_int_equal(e.pool_minimum_origins, 1);
	assert_int_equal(e.norigins, 1);
	assert_string_equal(e.origins[0].name, "some-origin");
	assert_string_equal(e.origins[0].ip, "198.51.100.4");
	assert_string_equal(e.origins[0].address, "198.51.100.4");
	assert_true(e.origins[0].enabled);
	assert_true(e.origins[0].changed);
	assert_string_equal(e.origins[0].failure_reason, "No failures");
	cf_health_event_free(&e);

	assert_int_equal(cf_health_event_decode("{\"id\":1.5}", &e, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_health_event_decode("{\"id\":\"1\"}", &e, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(
		cf_health_event_decode(
			"{\"id\":2,\"origins\":[{\"healthy\":\"no\"}]}", &e,
			&err),
		CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(
		cf_health_event_decode(
			"{\"id\":3,\"pool\":{\"minimum_origins\":\"1\"}}", &e,
			&err),
		CF_ERR_MALFORMED);
	cf_error_clear(&err);
}

static void
test_zone_account_token(void **state)
{
	struct cf_error err = { 0 };
	struct cf_zone z, z2;
	struct cf_account a;
	struct cf_token_status t;
	char *json = fixture_read("spec/zone.json");

	(void)state;
	assert_int_equal(cf_zone_decode(json, &z, &err), CF_OK);
	free(json);
	assert_string_equal(z.name, "example.com");
	assert_string_equal(z.account_name, "Example Account Name");
	assert_string_equal(z.owner_type, "organization");
	assert_int_equal(z.name_servers.n, 2);
	assert_int_equal(z.vanity_name_servers.n, 2);
	assert_string_equal(z.original_registrar, "GoDaddy");
	assert_true(z.development_mode == 7200);
	assert_true(z.meta_cdn_only);
	assert_false(z.meta_phishing_detected);
	assert_true(z.meta_page_rule_quota == 100);
	assert_null(z.status); /* not in this revision */
	assert_null(z.plan_name);
	assert_int_equal(cf_zone_copy(&z2, &z), CF_OK);
	cf_zone_free(&z);
	assert_string_equal(z2.original_name_servers.v[1],
			    "ns2.originaldnshost.com");
	cf_zone_free(&z2);

	assert_int_equal(cf_zone_decode("{\"id\":\"z\",\"name\":\"a.com\","
					"\"status\":\"active\",\"paused\":true,"
					"\"plan\":{\"name\":\"Free Website\"}}",
					&z, &err),
			 CF_OK);
	assert_string_equal(z.status, "active");
	assert_true(z.paused);
	assert_string_equal(z.plan_name, "Free Website");
	cf_zone_free(&z);
	assert_int_equal(cf_zone_decode("{\"name_servers\":\"a\"}", &z, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(
		cf_zone_decode("{\"meta\":{\"step\":\"2\"}}", &z, &err),
		CF_ERR_MALFORMED);
	cf_error_clear(&err);

	assert_int_equal(
		cf_account_decode("{\"id\":\"a1\",\"name\":\"Acme\","
				  "\"settings\":{\"enforce_twofactor\":"
				  "true},\"created_on\":\"t\"}",
				  &a, &err),
		CF_OK);
	assert_string_equal(a.name, "Acme");
	assert_true(a.enforce_twofactor);
	cf_account_free(&a);
	assert_int_equal(cf_account_decode("{\"id\":1}", &a, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);

	assert_int_equal(
		cf_token_status_decode(
			"{\"id\":\"t1\",\"status\":\"active\",\"expires_on\":"
			"\"2030-01-01T00:00:00Z\"}",
			&t, &err),
		CF_OK);
	assert_string_equal(t.status, "active");
	assert_null(t.not_before);
	cf_token_status_free(&t);
	assert_int_equal(cf_token_status_decode("{\"status\":false}", &t, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
}

static void
test_pretty(void **state)
{
	char *s;

	(void)state;
	s = cf_json_pretty("{\"a\":1,\"b\":[true,null,\"x\\ny\"],\"c\":{},"
			   "\"d\":[],\"e\":{\"f\":[{\"g\":1.5}]}}");
	assert_non_null(s);
	assert_string_equal(s, "{\n"
			       "  \"a\": 1,\n"
			       "  \"b\": [\n"
			       "    true,\n"
			       "    null,\n"
			       "    \"x\\ny\"\n"
			       "  ],\n"
			       "  \"c\": {},\n"
			       "  \"d\": [],\n"
			       "  \"e\": {\n"
			       "    \"f\": [\n"
			       "      {\n"
			       "        \"g\": 1.5\n"
			       "      }\n"
			       "    ]\n"
			       "  }\n"
			       "}");
	free(s);
	s = cf_json_pretty("\"just a string\"");
	assert_string_equal(s, "\"just a string\"");
	free(s);
	assert_null(cf_json_pretty("{\"a\":"));
	assert_null(cf_json_pretty(NULL));
	assert_null(cf_json_pretty(""));
}

/* cf_json_print must print exactly what cJSON_PrintUnformatted prints. */
static void
check_print(const char *json)
{
	cJSON *v = cJSON_Parse(json);
	char *a, *b;

	assert_non_null(v);
	a = cf_json_print(v);
	b = cJSON_PrintUnformatted(v);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a, b);
	free(a);
	cJSON_free(b);
	cJSON_Delete(v);
}

static void
test_print_matches_cjson(void **state)
{
	static const char *const fixtures[] = {
		"spec/pool.json",	   "spec/monitor.json",
		"spec/load_balancer.json", "spec/dns_record_srv.json",
		"spec/zone.json",	   "spec/pool_health.json",
		"spec/references.json",	   "spec/event.json",
		"cf/pool_future.json",
	};
	static const char *const values[] = {
		"{}",
		"[]",
		"null",
		"true",
		"false",
		"0",
		"-0",
		"1",
		"-1",
		"2147483647",
		"-2147483648",
		"2147483648",
		"-2147483649",
		"1e15",
		"1e300",
		"-1e-300",
		"0.1",
		"0.30000000000000004",
		"12.5",
		"1.7976931348623157e308",
		"123456789012345678",
		"\"\"",
		"\"a\\\"b\\\\c\"",
		"\"\\b\\f\\n\\r\\t\"",
		"\"\\u0001\\u001f\\u007f\"",
		"\"caf\u00e9 \\u00e9 \\ud83d\\ude00\"",
		"\"/slash\\/ok\"",
		"{\"k\\n\":[1,{\"x\":[[],{}]},\"s\"],\"\":null}",
	};
	size_t i;
	char big[20000];

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		char *json = fixture_read(fixtures[i]);

		check_print(json);
		free(json);
	}
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		check_print(values[i]);
	/* Longer than the printer's stack buffer. */
	big[0] = '[';
	for (i = 1; i < sizeof(big) - 10; i += 4)
		memcpy(big + i, "\"x\",", 4);
	memcpy(big + i, "1]", 3);
	check_print(big);
	assert_null(cf_json_print(NULL));
}

/* Each decoder on every prefix of a fixture: never a crash or a leak, and
 * every cut short of the whole object is CF_ERR_MALFORMED. */
static enum cf_status
decode_any(int which, const char *json, struct cf_error *err)
{
	union {
		struct cf_pool p;
		struct cf_monitor m;
		struct cf_load_balancer lb;
		struct cf_dns_record r;
		struct cf_zone z;
		struct cf_pool_health h;
		struct cf_preview_result pr;
		struct cf_health_event e;
		struct cf_preview pv;
	} u;
	enum cf_status st = CF_ERR_INTERNAL;

	switch (which) {
	case 0:
		st = cf_pool_decode(json, &u.p, err);
		cf_pool_free(&u.p);
		break;
	case 1:
		st = cf_monitor_decode(json, &u.m, err);
		cf_monitor_free(&u.m);
		break;
	case 2:
		st = cf_load_balancer_decode(json, &u.lb, err);
		cf_load_balancer_free(&u.lb);
		break;
	case 3:
		st = cf_dns_record_decode(json, &u.r, err);
		cf_dns_record_free(&u.r);
		break;
	case 4:
		st = cf_zone_decode(json, &u.z, err);
		cf_zone_free(&u.z);
		break;
	case 5:
		st = cf_pool_health_decode(json, &u.h, err);
		cf_pool_health_free(&u.h);
		break;
	case 6:
		st = cf_preview_result_decode(json, &u.pr, err);
		cf_preview_result_free(&u.pr);
		break;
	case 7:
		st = cf_health_event_decode(json, &u.e, err);
		cf_health_event_free(&u.e);
		break;
	case 8:
		st = cf_preview_decode(json, &u.pv, err);
		cf_preview_free(&u.pv);
		break;
	}
	return st;
}

static void
test_truncated_everywhere(void **state)
{
	static const struct {
		const char *fixture;
		int decoder;
	} cases[] = {
		{ "spec/pool.json", 0 },
		{ "cf/pool_future.json", 0 },
		{ "spec/monitor.json", 1 },
		{ "spec/load_balancer.json", 2 },
		{ "spec/dns_record_srv.json", 3 },
		{ "spec/zone.json", 4 },
		{ "spec/pool_health.json", 5 },
		{ "cf/pool_health_flat.json", 5 },
		{ "spec/preview_result.json", 6 },
		{ "spec/event.json", 7 },
		{ "spec/preview.json", 8 },
	};
	size_t i, cut, len;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *json = fixture_read(cases[i].fixture);

		len = strlen(json);
		while (len && (json[len - 1] == '\n' || json[len - 1] == ' '))
			json[--len] = '\0';
		for (cut = 0; cut < len; cut++) {
			struct cf_error err = { 0 };
			char saved = json[cut];

			json[cut] = '\0';
			assert_int_equal(
				decode_any(cases[i].decoder, json, &err),
				CF_ERR_MALFORMED);
			assert_int_equal(err.status, CF_ERR_MALFORMED);
			cf_error_clear(&err);
			json[cut] = saved;
		}
		{
			struct cf_error err = { 0 };

			assert_int_equal(
				decode_any(cases[i].decoder, json, &err),
				CF_OK);
		}
		free(json);
	}
}

/* Replaces node (a value in a tree) with a value of another type. */
static cJSON *
other_type(const cJSON *v)
{
	if (cJSON_IsString(v))
		return cJSON_CreateNumber(7);
	if (cJSON_IsNumber(v))
		return cJSON_CreateString("7");
	if (cJSON_IsBool(v))
		return cJSON_CreateString("yes");
	if (cJSON_IsArray(v))
		return cJSON_CreateObject();
	if (cJSON_IsObject(v))
		return cJSON_CreateArray();
	return cJSON_CreateTrue();
}

static size_t
count_nodes(const cJSON *v)
{
	size_t n = 1;
	const cJSON *it;

	for (it = v->child; it; it = it->next)
		n += count_nodes(it);
	return n;
}

/* The k-th node in pre-order (0 = root) with its parent, or NULL. */
static cJSON *
nth_node(cJSON *v, size_t *k, cJSON **parent)
{
	cJSON *it, *r;

	if (*k == 0)
		return v;
	(*k)--;
	for (it = v->child; it; it = it->next) {
		r = nth_node(it, k, parent);
		if (r) {
			if (!*parent)
				*parent = v;
			return r;
		}
	}
	return NULL;
}

/* Every value of every fixture swapped for a wrong type, one at a time:
 * the decoders answer OK (an unknown or opaque field) or MALFORMED, and
 * never crash or leak (ASan run). */
static void
test_wrong_type_everywhere(void **state)
{
	static const struct {
		const char *fixture;
		int decoder;
	} cases[] = {
		{ "spec/pool.json", 0 },
		{ "cf/pool_future.json", 0 },
		{ "spec/monitor.json", 1 },
		{ "spec/load_balancer.json", 2 },
		{ "spec/dns_record_srv.json", 3 },
		{ "spec/dns_record_a.json", 3 },
		{ "spec/zone.json", 4 },
		{ "spec/pool_health.json", 5 },
		{ "cf/pool_health_flat.json", 5 },
		{ "spec/preview_result.json", 6 },
		{ "spec/event.json", 7 },
		{ "spec/preview.json", 8 },
	};
	size_t i, k, n, malformed = 0, total = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *json = fixture_read(cases[i].fixture);
		cJSON *orig = cJSON_Parse(json);

		assert_non_null(orig);
		n = count_nodes(orig);
		for (k = 1; k < n; k++) {
			struct cf_error err = { 0 };
			cJSON *t = cJSON_Duplicate(orig, 1), *parent = NULL;
			size_t kk = k;
			cJSON *node = nth_node(t, &kk, &parent), *nv, *it;
			char *text;
			int idx = 0;
			enum cf_status st;

			assert_non_null(node);
			assert_non_null(parent);
			nv = other_type(node);
			if (cJSON_IsObject(parent)) {
				assert_true(
					cJSON_ReplaceItemInObjectCaseSensitive(
						parent, node->string, nv));
			} else {
				for (it = parent->child; it != node;
				     it = it->next)
					idx++;
				assert_true(cJSON_ReplaceItemInArray(parent,
								     idx, nv));
			}
			text = cJSON_PrintUnformatted(t);
			st = decode_any(cases[i].decoder, text, &err);
			assert_true(st == CF_OK || st == CF_ERR_MALFORMED);
			malformed += st == CF_ERR_MALFORMED;
			total++;
			cf_error_clear(&err);
			cJSON_free(text);
			cJSON_Delete(t);
		}
		cJSON_Delete(orig);
		free(json);
	}
	/* Most swaps hit fields the decoders know. */
	fprintf(stderr, "wrong-type swaps: %zu of %zu refused\n", malformed,
		total);
	assert_true(malformed * 2 > total);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_keyed_spec),
		cmocka_unit_test(test_health_flat),
		cmocka_unit_test(test_health_multi_and_edges),
		cmocka_unit_test(test_health_bad),
		cmocka_unit_test(test_rtt),
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_zone_account_token),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_print_matches_cjson),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_wrong_type_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
