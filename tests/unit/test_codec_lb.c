/* test_codec_lb.c: load balancer decoding and encoding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfconsole/cf_models.h"
#include "codec_testutil.h"

static void
decode_fixture(const char *name, struct cf_load_balancer *lb)
{
	struct cf_error err = { 0 };
	char *json = fixture_read(name);

	assert_int_equal(cf_load_balancer_decode(json, lb, &err), CF_OK);
	free(json);
}

static const struct cf_pool_map_entry *
map_find(const struct cf_pool_map *m, const char *key)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			return &m->e[i];
	return NULL;
}

static void
test_spec_example(void **state)
{
	struct cf_load_balancer lb;
	const struct cf_pool_map_entry *e;

	(void)state;
	decode_fixture("spec/load_balancer.json", &lb);
	assert_string_equal(lb.id, "699d98642c564d2e855e9661899b7252");
	assert_string_equal(lb.name, "www.example.com");
	assert_true(lb.enabled);
	assert_true(lb.proxied);
	assert_true(lb.has_ttl);
	assert_true(lb.ttl == 30);
	assert_null(lb.fallback_pool); /* the spec example has none */
	assert_int_equal(lb.default_pools.n, 3);
	assert_int_equal(lb.region_pools.n, 2);
	e = map_find(&lb.region_pools, "WNAM");
	assert_non_null(e);
	assert_int_equal(e->pool_ids.n, 2);
	assert_int_equal(lb.country_pools.n, 2);
	assert_int_equal(lb.pop_pools.n, 3);
	e = map_find(&lb.pop_pools, "SJC");
	assert_non_null(e);
	assert_string_equal(e->pool_ids.v[0],
			    "00920f38ce07c2e2f4df50b1f61d4194");
	assert_string_equal(lb.steering_policy, "dynamic_latency");
	assert_true(lb.has_random_steering);
	assert_true(lb.rs_default_weight > 0.19 && lb.rs_default_weight < 0.21);
	assert_int_equal(lb.rs_npool_weights, 2);
	assert_true(lb.adaptive_failover_across_pools);
	assert_string_equal(lb.ls_mode, "resolver_ip");
	assert_string_equal(lb.ls_prefer_ecs, "always");
	assert_string_equal(lb.session_affinity, "cookie");
	assert_true(lb.has_session_affinity_ttl);
	assert_true(lb.session_affinity_ttl == 1800);
	assert_true(lb.has_session_affinity_attributes);
	assert_string_equal(lb.sa_samesite, "Auto");
	assert_true(lb.sa_has_drain_duration);
	assert_true(lb.sa_drain_duration == 100);
	assert_string_equal(lb.sa_zero_downtime_failover, "sticky");
	assert_non_null(lb.rules_json);
	assert_json_at(lb.rules_json, "0.overrides.steering_policy",
		       "\"dynamic_latency\"");
	cf_load_balancer_free(&lb);
}

static void
test_defaults(void **state)
{
	struct cf_load_balancer lb;

	(void)state;
	decode_fixture("cf/lb_minimal.json", &lb);
	assert_true(lb.enabled);
	assert_false(lb.proxied);
	assert_false(lb.has_ttl);
	assert_string_equal(lb.steering_policy, "");
	assert_string_equal(lb.session_affinity, "");
	assert_false(lb.has_random_steering);
	assert_true(lb.rs_default_weight == 1);
	assert_false(lb.adaptive_failover_across_pools);
	assert_string_equal(lb.ls_mode, "pop");
	assert_string_equal(lb.ls_prefer_ecs, "proximity");
	assert_false(lb.has_session_affinity_attributes);
	assert_string_equal(lb.sa_samesite, "Auto");
	assert_string_equal(lb.sa_secure, "Auto");
	assert_string_equal(lb.sa_zero_downtime_failover, "none");
	assert_false(lb.sa_require_all_headers);
	assert_null(lb.rules_json);
	assert_string_equal(lb.fallback_pool, "p1");
	cf_load_balancer_free(&lb);
}

static void
test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"default_pools\": \"p1\"}",
		"{\"region_pools\": {\"WNAM\": \"p1\"}}",
		"{\"region_pools\": {\"WNAM\": [1]}}",
		"{\"pop_pools\": []}",
		"{\"random_steering\": {\"pool_weights\": {\"p\": \"1\"}}}",
		"{\"random_steering\": {\"default_weight\": \"1\"}}",
		"{\"ttl\": \"30\"}",
		"{\"proxied\": \"no\"}",
		"{\"session_affinity_attributes\": {\"headers\": \"none\"}}",
		"{\"rules\": {}}",
		"{\"location_strategy\": {\"mode\": 1}}",
		"{\"steering_policy\": null, \"name\": ",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_load_balancer lb;

		if (cf_load_balancer_decode(bad[i], &lb, &err) !=
		    CF_ERR_MALFORMED)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		assert_int_equal(err.status, CF_ERR_MALFORMED);
		assert_null(lb.steering_policy);
		cf_error_clear(&err);
	}
}

static void
test_masks(void **state)
{
	struct cf_load_balancer lb;
	char *s;

	(void)state;
	decode_fixture("spec/load_balancer.json", &lb);
	s = cf_load_balancer_encode(&lb, CF_LB_F_ENABLED);
	assert_string_equal(s, "{\"enabled\":true}");
	free(s);
	s = cf_load_balancer_encode(&lb, CF_LB_F_STEERING_POLICY |
						 CF_LB_F_DEFAULT_POOLS |
						 CF_LB_F_POP_POOLS);
	assert_json_keys(s, "default_pools,pop_pools,steering_policy");
	assert_json_at(s, "pop_pools.LAX.1",
		       "\"9290f38c5d07c2e2f4df57b1f61d4196\"");
	free(s);
	s = cf_load_balancer_encode(&lb, CF_LB_F_SESSION_AFFINITY_ATTRIBUTES |
						 CF_LB_F_RANDOM_STEERING);
	assert_json_keys(s, "random_steering,session_affinity_attributes");
	assert_json_at(
		s,
		"random_steering.pool_weights.9290f38c5d07c2e2f4df57b1f61d4196",
		"0.5");
	assert_json_at(s, "session_affinity_attributes.drain_duration", "100");
	free(s);
	/* The create mask leaves enabled out. */
	s = cf_load_balancer_encode(&lb,
				    CF_LB_F_ALL & ~(unsigned)CF_LB_F_ENABLED);
	assert_json_at(s, "enabled", NULL);
	assert_json_at(s, "id", NULL);
	assert_json_at(s, "created_on", NULL);
	assert_json_at(s, "rules.0.priority", "0");
	free(s);
	s = cf_load_balancer_encode(&lb, CF_LB_F_ALL);
	assert_json_keys(s,
			 "adaptive_routing,country_pools,default_pools,"
			 "description,enabled,location_strategy,name,pop_pools,"
			 "proxied,random_steering,region_pools,rules,"
			 "session_affinity,session_affinity_attributes,"
			 "session_affinity_ttl,steering_policy,ttl");
	free(s);
	cf_load_balancer_free(&lb);
}

static void
test_empty_string_policies(void **state)
{
	struct cf_load_balancer lb;
	char *s;

	(void)state;
	cf_load_balancer_init(&lb);
	lb.name = strdup("api.example.com");
	lb.fallback_pool = strdup("p1");
	s = cf_load_balancer_encode(&lb, CF_LB_F_STEERING_POLICY |
						 CF_LB_F_SESSION_AFFINITY);
	/* "" is a legal value and a PATCH sends it as such... */
	assert_string_equal(s, "{\"steering_policy\":\"\","
			       "\"session_affinity\":\"\"}");
	free(s);
	/* ...while a full body leaves the default out (the spec's enum
	 * spells it "\"\"", which validators would refuse). */
	s = cf_load_balancer_encode(&lb, CF_LB_F_ALL);
	assert_json_at(s, "steering_policy", NULL);
	assert_json_at(s, "session_affinity", NULL);
	free(s);
	cf_load_balancer_free(&lb);
}

static void
test_round_trip_and_unknown(void **state)
{
	struct cf_error err = { 0 };
	struct cf_load_balancer a, b, c;
	char *ea, *eb;

	(void)state;
	decode_fixture("spec/load_balancer.json", &a);
	ea = cf_load_balancer_encode(&a, CF_LB_F_ALL);
	assert_int_equal(cf_load_balancer_decode(ea, &b, &err), CF_OK);
	assert_string_equal(a.name, b.name);
	assert_int_equal(a.region_pools.n, b.region_pools.n);
	assert_int_equal(a.rs_npool_weights, b.rs_npool_weights);
	assert_string_equal(a.rules_json, b.rules_json);
	assert_string_equal(a.sa_zero_downtime_failover,
			    b.sa_zero_downtime_failover);
	assert_int_equal(cf_load_balancer_copy(&c, &b), CF_OK);
	eb = cf_load_balancer_encode(&c, CF_LB_F_ALL);
	assert_string_equal(ea, eb);
	free(ea);
	free(eb);
	cf_load_balancer_free(&a);
	cf_load_balancer_free(&b);
	cf_load_balancer_free(&c);

	assert_int_equal(
		cf_load_balancer_decode(
			"{\"id\":\"l\",\"name\":\"a.example.com\",\"networks\":[\"n\"],"
			"\"zone_name\":\"example.com\",\"location_strategy\":"
			"{\"mode\":\"pop\",\"future\":1}}",
			&a, &err),
		CF_OK);
	ea = cf_load_balancer_encode(&a, CF_LB_F_ALL);
	assert_json_at(ea, "networks", "[\"n\"]");
	assert_json_at(ea, "zone_name", NULL);
	assert_json_at(ea, "location_strategy.future", "1");
	free(ea);
	cf_load_balancer_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_empty_string_policies),
		cmocka_unit_test(test_round_trip_and_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
