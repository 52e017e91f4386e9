/* test_codec_pool.c: pool/origin decoding, masks, unknown fields. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfconsole/cf_models.h"
#include "codec_testutil.h"

static void
decode_fixture(const char *name, struct cf_pool *p)
{
	struct cf_error err = { 0 };
	char *json = fixture_read(name);

	assert_int_equal(cf_pool_decode(json, p, &err), CF_OK);
	assert_int_equal(err.status, CF_OK);
	free(json);
}

static void
test_spec_example(void **state)
{
	struct cf_pool p;

	(void)state;
	decode_fixture("spec/pool.json", &p);
	assert_string_equal(p.id, "17b5962d775c646f3f9725cbc7a53df4");
	assert_string_equal(p.name, "primary-dc-1");
	assert_string_equal(p.description,
			    "Primary data center - Provider XYZ");
	assert_false(p.enabled);
	assert_int_equal(p.minimum_origins, 1);
	assert_true(p.has_check_regions);
	assert_int_equal(p.check_regions.n, 2);
	assert_string_equal(p.check_regions.v[0], "WEU");
	assert_string_equal(p.check_regions.v[1], "ENAM");
	assert_string_equal(p.notification_email,
			    "someone@example.com,sometwo@example.com");
	assert_true(p.has_notification_filter);
	assert_true(p.nf_origin.disable);
	assert_false(p.nf_origin.has_healthy);
	assert_false(p.nf_pool.disable);
	assert_true(p.nf_pool.has_healthy);
	assert_false(p.nf_pool.healthy);
	assert_true(p.has_load_shedding);
	assert_string_equal(p.ls_default_policy, "random");
	assert_string_equal(p.ls_session_policy, "hash");
	assert_string_equal(p.origin_steering_policy, "random");
	assert_int_equal(p.norigins, 1);
	assert_string_equal(p.origins[0].name, "app-server-1");
	assert_string_equal(p.origins[0].address, "0.0.0.0");
	assert_true(p.origins[0].enabled);
	assert_true(p.origins[0].weight > 0.59 && p.origins[0].weight < 0.61);
	assert_int_equal(p.origins[0].header_host.n, 1);
	assert_string_equal(p.origins[0].header_host.v[0], "example.com");
	assert_string_equal(p.origins[0].virtual_network_id,
			    "a5624d4e-044a-4ff0-b3e1-e2465353d4b4");
	assert_non_null(p.raw);
	assert_null(strchr(p.raw, '\n')); /* compact */
	assert_string_equal(p.created_on, "2014-01-01T05:20:00.12345Z");
	cf_pool_free(&p);
	assert_null(p.name);
	cf_pool_free(NULL);
}

static void
test_defaults(void **state)
{
	struct cf_pool p;

	(void)state;
	decode_fixture("cf/pool_minimal.json", &p);
	assert_true(p.enabled);
	assert_int_equal(p.minimum_origins, 1);
	assert_null(p.monitor);
	assert_false(p.has_check_regions);
	assert_false(p.has_latitude);
	assert_false(p.has_notification_filter);
	assert_false(p.has_load_shedding);
	assert_string_equal(p.ls_default_policy, "random");
	assert_string_equal(p.ls_session_policy, "hash");
	assert_string_equal(p.origin_steering_policy, "random");
	assert_false(p.has_healthy);
	assert_int_equal(p.norigins, 1);
	assert_true(p.origins[0].enabled);
	assert_true(p.origins[0].weight == 1.0);
	assert_int_equal(p.origins[0].header_host.n, 0);
	assert_null(p.origins[0].name);
	cf_pool_free(&p);
}

static void
test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"name\": 5}",
		"{\"enabled\": \"yes\"}",
		"{\"minimum_origins\": 1.5}",
		"{\"minimum_origins\": \"1\"}",
		"{\"check_regions\": \"WEU\"}",
		"{\"check_regions\": [\"WEU\", 3]}",
		"{\"origins\": {}}",
		"{\"origins\": [5]}",
		"{\"origins\": [{\"weight\": \"0.5\"}]}",
		"{\"origins\": [{\"address\": \"a\"}, {\"enabled\": 1}]}",
		"{\"origins\": [{\"header\": {\"Host\": [1]}}]}",
		"{\"notification_filter\": {\"pool\": {\"healthy\": \"no\"}}}",
		"{\"load_shedding\": []}",
		"{\"origin_steering\": {\"policy\": 1}}",
		"{\"latitude\": \"1\"}",
		"[]",
		"\"pool\"",
		"{\"name\": \"a\", \"origins\": [",
		"{\"name\": \"a\"",
		"",
		"nul",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_pool p;

		if (cf_pool_decode(bad[i], &p, &err) != CF_ERR_MALFORMED)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		assert_int_equal(err.status, CF_ERR_MALFORMED);
		assert_non_null(err.detail);
		assert_null(p.name);
		assert_null(p.origins);
		cf_error_clear(&err);
	}
}

static void
test_error_says_where(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool p;
	char line[256];

	(void)state;
	assert_int_equal(cf_pool_decode("{\"origins\":[{\"address\":\"a\"},"
					"{\"weight\":\"x\"}]}",
					&p, &err),
			 CF_ERR_MALFORMED);
	assert_string_equal(err.detail,
			    "origins[1]: field \"weight\": expected a number");
	cf_error_format(&err, line, sizeof(line));
	assert_non_null(strstr(line, "origins[1]"));
	cf_error_clear(&err);
}

static void
test_null_means_default(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool p;

	(void)state;
	assert_int_equal(cf_pool_decode("{\"check_regions\": null, "
					"\"monitor\": null, \"enabled\": null, "
					"\"notification_filter\": null}",
					&p, &err),
			 CF_OK);
	assert_false(p.has_check_regions);
	assert_null(p.monitor);
	assert_true(p.enabled);
	assert_false(p.has_notification_filter);
	cf_pool_free(&p);
}

static void
test_round_trip(void **state)
{
	static const char *const names[] = { "spec/pool.json",
					     "cf/pool_future.json",
					     "cf/pool_minimal.json" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct cf_error err = { 0 };
		struct cf_pool a, b, c;
		char *ea, *eb;

		decode_fixture(names[i], &a);
		ea = cf_pool_encode(&a, CF_POOL_F_ALL);
		assert_non_null(ea);
		assert_int_equal(cf_pool_decode(ea, &b, &err), CF_OK);
		/* Field by field, the decoded copy matches. */
		assert_string_equal(a.name, b.name);
		assert_int_equal(a.enabled, b.enabled);
		assert_int_equal(a.minimum_origins, b.minimum_origins);
		assert_int_equal(a.has_check_regions, b.has_check_regions);
		assert_int_equal(a.check_regions.n, b.check_regions.n);
		assert_int_equal(a.norigins, b.norigins);
		assert_int_equal(a.has_notification_filter,
				 b.has_notification_filter);
		assert_int_equal(a.nf_pool.has_healthy, b.nf_pool.has_healthy);
		for (size_t k = 0; k < a.norigins; k++) {
			assert_string_equal(a.origins[k].address,
					    b.origins[k].address);
			assert_int_equal(a.origins[k].enabled,
					 b.origins[k].enabled);
			assert_true(a.origins[k].weight == b.origins[k].weight);
			assert_int_equal(a.origins[k].header_host.n,
					 b.origins[k].header_host.n);
		}
		/* Encoding is a fixed point after one trip. */
		eb = cf_pool_encode(&b, CF_POOL_F_ALL);
		assert_int_equal(cf_pool_decode(eb, &c, &err), CF_OK);
		free(eb);
		eb = cf_pool_encode(&c, CF_POOL_F_ALL);
		assert_string_equal(ea, eb);
		free(ea);
		free(eb);
		cf_pool_free(&a);
		cf_pool_free(&b);
		cf_pool_free(&c);
	}
}

static void
test_unknown_fields_survive(void **state)
{
	struct cf_pool p;
	char *full, *patch;

	(void)state;
	decode_fixture("cf/pool_future.json", &p);
	full = cf_pool_encode(&p, CF_POOL_F_ALL);
	assert_non_null(full);
	/* Unknown top-level and origin fields are kept... */
	assert_json_at(full, "networks", "[\"net-a\",\"net-b\"]");
	assert_json_at(full, "x_vendor", "{\"nested\":[1,2,3]}");
	assert_json_at(full, "origins.0.port", "8443");
	/* ...read-only ones are not. */
	assert_json_at(full, "id", NULL);
	assert_json_at(full, "created_on", NULL);
	assert_json_at(full, "modified_on", NULL);
	assert_json_at(full, "disabled_at", NULL);
	assert_json_at(full, "healthy", NULL);
	assert_json_at(full, "origins.0.healthy", NULL);
	assert_json_at(full, "origins.1.disabled_at", NULL);
	assert_json_at(full, "check_regions", "null");

	/* Toggle one origin and PATCH only the origins: the body has exactly
	 * that key, and the other origin's unknown field survives. */
	p.origins[1].enabled = true;
	patch = cf_pool_encode(&p, CF_POOL_F_ORIGINS);
	assert_json_keys(patch, "origins");
	assert_json_at(patch, "origins.0.port", "8443");
	assert_json_at(patch, "origins.0.enabled", "true");
	assert_json_at(patch, "origins.1.enabled", "true");
	assert_json_at(patch, "origins.0.header.Host", "[\"api.example.com\"]");
	free(full);
	free(patch);
	cf_pool_free(&p);
}

static void
test_masks(void **state)
{
	struct cf_pool p;
	char *s;

	(void)state;
	decode_fixture("spec/pool.json", &p);
	s = cf_pool_encode(&p, CF_POOL_F_ENABLED);
	assert_string_equal(s, "{\"enabled\":false}");
	free(s);
	s = cf_pool_encode(&p, CF_POOL_F_NAME | CF_POOL_F_MINIMUM_ORIGINS |
				       CF_POOL_F_CHECK_REGIONS);
	assert_json_keys(s, "check_regions,minimum_origins,name");
	free(s);
	s = cf_pool_encode(&p, CF_POOL_F_LOAD_SHEDDING |
				       CF_POOL_F_ORIGIN_STEERING |
				       CF_POOL_F_NOTIFICATION_FILTER);
	assert_json_keys(s,
			 "load_shedding,notification_filter,origin_steering");
	assert_json_at(s, "notification_filter.origin.disable", "true");
	assert_json_at(s, "notification_filter.pool.healthy", "false");
	free(s);
	/* Everything but check_regions is the create body: no check_regions,
	 * and it still counts as a full body (unknown fields kept). */
	s = cf_pool_encode(&p,
			   CF_POOL_F_ALL & ~(unsigned)CF_POOL_F_CHECK_REGIONS);
	assert_json_keys(s, "description,enabled,load_shedding,minimum_origins,"
			    "name,notification_email,notification_filter,"
			    "origin_steering,origins");
	free(s);
	/* A PATCH that selects monitor without one detaches it. */
	s = cf_pool_encode(&p, CF_POOL_F_MONITOR);
	assert_string_equal(s, "{\"monitor\":null}");
	free(s);
	cf_pool_free(&p);
}

static void
test_built_from_init(void **state)
{
	struct cf_pool p;
	char *s;

	(void)state;
	cf_pool_init(&p);
	p.name = strdup("new-pool");
	p.norigins = 1;
	p.origins = calloc(1, sizeof(*p.origins));
	cf_origin_init(&p.origins[0]);
	p.origins[0].address = strdup("192.0.2.10");
	p.origins[0].name = strdup("a");
	s = cf_pool_encode(&p, CF_POOL_F_ALL);
	assert_json_keys(s, "check_regions,enabled,minimum_origins,name,"
			    "notification_filter,origin_steering,origins");
	assert_json_at(s, "origins.0",
		       "{\"name\":\"a\",\"address\":"
		       "\"192.0.2.10\",\"enabled\":true,\"weight\":1}");
	free(s);
	cf_pool_free(&p);
}

static void
test_copy(void **state)
{
	struct cf_pool p, q;
	char *a, *b;

	(void)state;
	decode_fixture("cf/pool_future.json", &p);
	assert_int_equal(cf_pool_copy(&q, &p), CF_OK);
	assert_ptr_not_equal(q.name, p.name);
	assert_ptr_not_equal(q.origins, p.origins);
	a = cf_pool_encode(&p, CF_POOL_F_ALL);
	cf_pool_free(&p);
	b = cf_pool_encode(&q, CF_POOL_F_ALL);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cf_pool_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_error_says_where),
		cmocka_unit_test(test_null_means_default),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_fields_survive),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_built_from_init),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
