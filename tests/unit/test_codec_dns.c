/* test_codec_dns.c: DNS record decoding and encoding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfconsole/cf_models.h"
#include "codec_testutil.h"

static void
decode_fixture(const char *name, struct cf_dns_record *r)
{
	struct cf_error err = { 0 };
	char *json = fixture_read(name);

	assert_int_equal(cf_dns_record_decode(json, r, &err), CF_OK);
	free(json);
}

static void
test_spec_a(void **state)
{
	struct cf_dns_record r;

	(void)state;
	decode_fixture("spec/dns_record_a.json", &r);
	assert_string_equal(r.id, "023e105f4ecef8ad9ca31a8372d0c353");
	assert_string_equal(r.type, "A");
	assert_string_equal(r.name, "example.com");
	assert_string_equal(r.content, "198.51.100.4");
	assert_true(r.has_proxied);
	assert_false(r.proxied);
	assert_true(r.proxiable);
	assert_true(r.ttl == 3600);
	assert_false(r.has_priority);
	assert_string_equal(r.comment, "Domain verification record");
	assert_int_equal(r.tags.n, 1);
	assert_string_equal(r.tags.v[0], "owner:dns-team");
	assert_true(r.meta_auto_added);
	assert_string_equal(r.meta_source, "primary");
	assert_null(r.data_json);
	assert_non_null(r.raw);
	cf_dns_record_free(&r);
}

static void
test_spec_mx_srv_caa(void **state)
{
	struct cf_dns_record r;

	(void)state;
	decode_fixture("spec/dns_record_mx.json", &r);
	assert_string_equal(r.type, "MX");
	assert_true(r.has_priority);
	assert_false(r.has_proxied);
	cf_dns_record_free(&r);

	decode_fixture("spec/dns_record_srv.json", &r);
	assert_string_equal(r.type, "SRV");
	assert_non_null(r.data_json);
	assert_json_at(r.data_json, "port", "8806");
	assert_json_at(r.data_json, "service", "\"_sip\"");
	cf_dns_record_free(&r);

	decode_fixture("spec/dns_record_caa.json", &r);
	assert_string_equal(r.type, "CAA");
	assert_null(r.content);
	assert_string_equal(r.data_json, "{\"flags\":1,\"tag\":\"issue\"}");
	cf_dns_record_free(&r);

	decode_fixture("spec/dns_record_txt.json", &r);
	assert_string_equal(r.type, "TXT");
	assert_non_null(r.content);
	cf_dns_record_free(&r);
}

static void
test_defaults(void **state)
{
	struct cf_dns_record r;

	(void)state;
	decode_fixture("cf/dns_minimal.json", &r);
	assert_true(r.ttl == 1); /* automatic */
	assert_false(r.proxied);
	assert_false(r.has_proxied);
	assert_false(r.proxiable);
	assert_int_equal(r.tags.n, 0);
	assert_null(r.comment);
	assert_null(r.meta_source);
	cf_dns_record_free(&r);
}

static void
test_wrong_types(void **state)
{
	static const char *const bad[] = {
		"{\"ttl\": \"3600\"}",
		"{\"proxied\": \"true\"}",
		"{\"tags\": \"a:b\"}",
		"{\"tags\": [1]}",
		"{\"data\": \"flags 1\"}",
		"{\"data\": [1]}",
		"{\"meta\": \"x\"}",
		"{\"meta\": {\"auto_added\": 1}}",
		"{\"priority\": \"10\"}",
		"{\"name\": [\"a\"]}",
		"{\"id\": \"r1\", \"type\": \"A\",",
		"{\"id\": \"r1\", \"type\": \"A\", \"content\": \"1.2.3",
		"",
		"42",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_dns_record r;

		if (cf_dns_record_decode(bad[i], &r, &err) != CF_ERR_MALFORMED)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		assert_int_equal(err.status, CF_ERR_MALFORMED);
		assert_null(r.id);
		assert_null(r.raw);
		cf_error_clear(&err);
	}
}

static void
test_unknown_ignored_and_kept(void **state)
{
	struct cf_error err = { 0 };
	struct cf_dns_record r;
	char *s;

	(void)state;
	assert_int_equal(
		cf_dns_record_decode(
			"{\"id\":\"r1\",\"type\":\"A\",\"name\":\"a.example.com\","
			"\"content\":\"192.0.2.1\",\"proxied\":true,\"ttl\":1,"
			"\"settings\":{\"ipv4_only\":true},\"zone_id\":\"z\","
			"\"zone_name\":\"example.com\",\"proxiable\":true,"
			"\"meta\":{\"auto_added\":false},\"created_on\":\"x\","
			"\"comment_modified_on\":\"y\"}",
			&r, &err),
		CF_OK);
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_json_keys(s, "content,name,proxied,settings,tags,ttl,type");
	assert_json_at(s, "settings", "{\"ipv4_only\":true}");
	assert_json_at(s, "ttl", "1");
	free(s);
	cf_dns_record_free(&r);
}

static void
test_masks(void **state)
{
	struct cf_dns_record r;
	char *s;

	(void)state;
	decode_fixture("spec/dns_record_a.json", &r);
	s = cf_dns_record_encode(&r, CF_DNS_F_CONTENT);
	assert_string_equal(s, "{\"content\":\"198.51.100.4\"}");
	free(s);
	s = cf_dns_record_encode(&r, CF_DNS_F_PROXIED | CF_DNS_F_TTL);
	assert_json_keys(s, "proxied,ttl");
	free(s);
	s = cf_dns_record_encode(&r, CF_DNS_F_COMMENT | CF_DNS_F_TAGS);
	assert_json_keys(s, "comment,tags");
	free(s);
	/* Priority and data are only written when the record has them. */
	s = cf_dns_record_encode(&r, CF_DNS_F_PRIORITY | CF_DNS_F_DATA |
					     CF_DNS_F_NAME);
	assert_string_equal(s, "{\"name\":\"example.com\"}");
	free(s);
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_json_keys(s, "comment,content,name,proxied,tags,ttl,type");
	free(s);
	cf_dns_record_free(&r);

	/* Data types: content is derived, so it is not sent; data is. */
	decode_fixture("spec/dns_record_srv.json", &r);
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_json_keys(s, "comment,data,name,tags,ttl,type");
	assert_json_at(s, "data.target", "\"example.com\"");
	free(s);
	cf_dns_record_free(&r);
}

static void
test_cleared_fields_not_resent(void **state)
{
	struct cf_dns_record r;
	char *s;

	(void)state;
	decode_fixture("spec/dns_record_mx.json", &r);
	assert_true(r.has_priority);
	r.has_priority = false;
	free(r.comment);
	r.comment = NULL;
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_json_at(s, "priority", NULL);
	assert_json_at(s, "comment", NULL);
	free(s);
	cf_dns_record_free(&r);

	decode_fixture("spec/dns_record_caa.json", &r);
	free(r.data_json);
	r.data_json = strdup("{not json");
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_json_at(s, "data", NULL);
	free(s);
	cf_dns_record_free(&r);
}

static void
test_round_trip(void **state)
{
	static const char *const names[] = {
		"spec/dns_record_a.json",   "spec/dns_record_mx.json",
		"spec/dns_record_srv.json", "spec/dns_record_caa.json",
		"spec/dns_record_txt.json", "cf/dns_minimal.json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct cf_error err = { 0 };
		struct cf_dns_record a, b;
		char *ea, *eb;

		decode_fixture(names[i], &a);
		ea = cf_dns_record_encode(&a, CF_DNS_F_ALL);
		assert_int_equal(cf_dns_record_decode(ea, &b, &err), CF_OK);
		assert_string_equal(a.type, b.type);
		assert_string_equal(a.name, b.name);
		if (a.content && !a.data_json)
			assert_string_equal(a.content, b.content);
		assert_true(a.ttl == b.ttl);
		assert_int_equal(a.has_priority, b.has_priority);
		assert_true(a.priority == b.priority);
		assert_int_equal(a.proxied, b.proxied);
		assert_int_equal(a.tags.n, b.tags.n);
		if (a.data_json)
			assert_string_equal(a.data_json, b.data_json);
		eb = cf_dns_record_encode(&b, CF_DNS_F_ALL);
		assert_string_equal(ea, eb);
		free(ea);
		free(eb);
		cf_dns_record_free(&a);
		cf_dns_record_free(&b);
	}
}

static void
test_new_record(void **state)
{
	struct cf_dns_record r;
	char *s;

	(void)state;
	cf_dns_record_init(&r);
	assert_true(r.ttl == 1);
	r.type = strdup("CNAME");
	r.name = strdup("api.example.com");
	r.content = strdup("lb.example.com");
	r.proxied = true;
	s = cf_dns_record_encode(&r, CF_DNS_F_ALL);
	assert_string_equal(s,
			    "{\"type\":\"CNAME\",\"name\":\"api.example.com\","
			    "\"content\":\"lb.example.com\",\"proxied\":true,"
			    "\"ttl\":1,\"tags\":[]}");
	free(s);
	cf_dns_record_free(&r);
}

static void
test_copy(void **state)
{
	struct cf_dns_record a, b;

	(void)state;
	decode_fixture("spec/dns_record_srv.json", &a);
	assert_int_equal(cf_dns_record_copy(&b, &a), CF_OK);
	cf_dns_record_free(&a);
	assert_string_equal(b.type, "SRV");
	assert_string_equal(b.tags.v[0], "owner:dns-team");
	assert_non_null(b.data_json);
	assert_non_null(b.raw);
	cf_dns_record_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_a),
		cmocka_unit_test(test_spec_mx_srv_caa),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_ignored_and_kept),
		cmocka_unit_test(test_masks),
		cmocka_unit_test(test_cleared_fields_not_resent),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_new_record),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
