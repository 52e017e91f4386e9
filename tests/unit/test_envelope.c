/* test_envelope.c: envelope/error decoding of ERRORS.md shapes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/request.h"

/* Reads tests/fixtures/envelope/<name>; the caller frees. */
static char *
fixture(const char *name, size_t *len)
{
	const char *dir = getenv("CFCONSOLE_FIXTURES");
	char path[1024];
	snprintf(path, sizeof(path), "%s/envelope/%s",
		 dir ? dir : "tests/fixtures", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Decodes a fixture as if it came with HTTP status http. */
static enum cf_status
decode(const char *name, long http, double ra, struct cf_response *resp,
       struct cf_error *err)
{
	size_t len;
	char *body = fixture(name, &len);
	enum cf_status st = cf_envelope_decode(body, len, http, ra, resp, err);
	free(body);
	return st;
}

static void
test_success_list(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("success_list.json", 200, 0, &r, &e), CF_OK);
	assert_int_equal(e.status, CF_OK);
	assert_true(cJSON_IsArray(r.result));
	assert_int_equal(cJSON_GetArraySize(r.result), 2);
	assert_non_null(r.result_info);
	const cJSON *tc = cJSON_GetObjectItem(r.result_info, "total_count");
	assert_int_equal((int)tc->valuedouble, 2);
	assert_int_equal(r.http_status, 200);
	cf_response_free(&r);
	assert_null(r.root);
	cf_response_free(&r); /* twice is harmless */
}

static void
test_success_with_messages(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("verify_ok.json", 200, 0, &r, &e), CF_OK);
	assert_true(cJSON_IsObject(r.result));
	assert_null(r.result_info);
	assert_string_equal(
		cJSON_GetObjectItem(r.result, "status")->valuestring, "active");
	cf_response_free(&r);
}

static void
test_success_without_result(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("success_no_result.json", 200, 0, &r, &e),
			 CF_OK);
	assert_null(r.result);
	cf_response_free(&r);
}

static void
test_gateway_shape_403(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("gateway_403_10000.json", 403, 0, &r, &e),
			 CF_ERR_FORBIDDEN);
	assert_null(r.root);
	assert_int_equal(e.http_status, 403);
	assert_false(e.retryable);
	assert_int_equal(e.nerrors, 1);
	assert_int_equal(e.errors[0].code, 10000);
	assert_string_equal(e.errors[0].message, "Authentication error");
	assert_string_equal(e.detail, "HTTP 403: Authentication error (10000)");
	cf_error_clear(&e);
	assert_int_equal(e.status, CF_OK);
	assert_null(e.detail);
}

static void
test_gateway_missing_creds_is_auth(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("gateway_400_9106.json", 400, 0, &r, &e),
			 CF_ERR_AUTH);
	assert_int_equal(e.errors[0].code, 9106);
	cf_error_clear(&e);
	assert_int_equal(decode("token_403_9109.json", 403, 0, &r, &e),
			 CF_ERR_AUTH);
	assert_string_equal(e.detail, "HTTP 403: Invalid access token (9109)");
	cf_error_clear(&e);
}

static void
test_error_chain_appended(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("header_400_6003.json", 400, 0, &r, &e),
			 CF_ERR_AUTH);
	assert_int_equal(e.nerrors, 2);
	assert_int_equal(e.errors[0].code, 6003);
	assert_int_equal(e.errors[1].code, 6111);
	assert_string_equal(e.errors[1].message,
			    "Invalid format for Authorization header");
	assert_string_equal(e.detail,
			    "HTTP 400: Invalid request headers (6003), "
			    "Invalid format for Authorization header (6111)");
	cf_error_clear(&e);

	assert_int_equal(decode("dns_400_1004_chain.json", 400, 0, &r, &e),
			 CF_ERR_API);
	assert_int_equal(e.nerrors, 2);
	assert_int_equal(e.errors[0].code, 1004);
	assert_int_equal(e.errors[1].code, 9005);
	cf_error_clear(&e);
}

static void
test_dns_compact_shape(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("dns_400_81058.json", 400, 0, &r, &e),
			 CF_ERR_API);
	assert_string_equal(
		e.detail,
		"HTTP 400: An identical record already exists. (81058)");
	assert_false(e.retryable);
	cf_error_clear(&e);
	assert_int_equal(decode("dns_404_81044.json", 404, 0, &r, &e),
			 CF_ERR_NOT_FOUND);
	assert_int_equal(e.errors[0].code, 81044);
	cf_error_clear(&e);
}

static void
test_lb_pretty_shape(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	char buf[256];
	assert_int_equal(decode("lb_400_1002.json", 400, 0, &r, &e),
			 CF_ERR_API);
	assert_string_equal(
		e.detail,
		"HTTP 400: interval is not in range [60, 3600]: validation failed (1002)");
	assert_string_equal(cf_error_format(&e, buf, sizeof(buf)), e.detail);
	cf_error_clear(&e);
	assert_int_equal(decode("lb_412_1005.json", 412, 0, &r, &e),
			 CF_ERR_CONFLICT);
	assert_int_equal(e.errors[0].code, 1005);
	cf_error_clear(&e);
	/* 409 is a conflict too (any body). */
	assert_int_equal(decode("lb_412_1005.json", 409, 0, &r, &e),
			 CF_ERR_CONFLICT);
	cf_error_clear(&e);
}

static void
test_rate_limited_971(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("ratelimit_429_971.json", 429, 7, &r, &e),
			 CF_ERR_RATE_LIMITED);
	assert_int_equal(e.errors[0].code, 971);
	assert_true(e.retryable);
	assert_true(e.retry_after == 7.0);
	assert_string_equal(e.detail, "HTTP 429: Please wait and consider "
				      "throttling your request speed (971)");
	cf_error_clear(&e);
}

static void
test_truncated_2xx_is_malformed(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("truncated.json", 200, 0, &r, &e),
			 CF_ERR_MALFORMED);
	assert_null(r.root);
	assert_true(e.retryable);
	assert_int_equal(e.http_status, 200);
	assert_non_null(strstr(e.detail, "HTTP 200"));
	cf_error_clear(&e);

	assert_int_equal(decode("no_success.json", 200, 0, &r, &e),
			 CF_ERR_MALFORMED);
	cf_error_clear(&e);

	assert_int_equal(cf_envelope_decode("", 0, 200, 0, &r, &e),
			 CF_ERR_MALFORMED);
	assert_non_null(strstr(e.detail, "empty"));
	cf_error_clear(&e);

	/* JSON but not an object. */
	assert_int_equal(cf_envelope_decode("[1,2]", 5, 200, 0, &r, &e),
			 CF_ERR_MALFORMED);
	cf_error_clear(&e);
	assert_int_equal(cf_envelope_decode("null", 4, 204, 0, &r, &e),
			 CF_ERR_MALFORMED);
	cf_error_clear(&e);
}

static void
test_non_json_502(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(decode("bad_gateway.html", 502, 0, &r, &e),
			 CF_ERR_SERVER);
	assert_true(e.retryable);
	assert_int_equal(e.nerrors, 0);
	assert_int_equal(e.http_status, 502);
	assert_true(strncmp(e.detail, "HTTP 502: <html>", 16) == 0);
	assert_non_null(strstr(e.detail, "502 Bad Gateway"));
	assert_null(strchr(e.detail, '\n'));
	/* "HTTP 502: " + at most 80 characters of the body. */
	assert_true(strlen(e.detail) <= 10 + 80);
	cf_error_clear(&e);

	/* Empty body: status text. */
	assert_int_equal(cf_envelope_decode(NULL, 0, 503, 0, &r, &e),
			 CF_ERR_SERVER);
	assert_string_equal(e.detail, "HTTP 503: the API had a server error");
	cf_error_clear(&e);

	/* Binary garbage: only printable characters survive. */
	const char junk[] = "\x01\x02\xff\xfe ok \x7f";
	assert_int_equal(
		cf_envelope_decode(junk, sizeof(junk) - 1, 500, 0, &r, &e),
		CF_ERR_SERVER);
	assert_string_equal(e.detail, "HTTP 500: ok");
	cf_error_clear(&e);
}

static void
test_odd_error_items(void **state)
{
	(void)state;
	struct cf_response r;
	struct cf_error e = { 0 };
	/* Non-object items are skipped; a missing message is "". */
	const char b1[] =
		"{\"success\":false,\"errors\":[1,\"x\",{\"code\":7}],"
		"\"messages\":[],\"result\":null}";
	assert_int_equal(cf_envelope_decode(b1, strlen(b1), 400, 0, &r, &e),
			 CF_ERR_API);
	assert_int_equal(e.nerrors, 1);
	assert_int_equal(e.errors[0].code, 7);
	assert_string_equal(e.errors[0].message, "");
	cf_error_clear(&e);

	/* A huge multi-line message: the detail stays one bounded line. */
	size_t n = 5000;
	char *b2 = malloc(2 * n + 200);
	assert_non_null(b2);
	/* 5000 characters with a "\n" escape every 50. */
	int k = snprintf(b2, 200,
			 "{\"success\":false,\"errors\":[{\"code\":"
			 "1002,\"message\":\"");
	for (size_t i = 0; i < n; i++) {
		if (i % 50 == 49) {
			b2[k++] = '\\';
			b2[k++] = 'n';
		} else {
			b2[k++] = 'a';
		}
	}
	k += snprintf(b2 + k, 100, "\"}],\"messages\":[],\"result\":null}");
	assert_int_equal(cf_envelope_decode(b2, (size_t)k, 400, 0, &r, &e),
			 CF_ERR_API);
	assert_true(strlen(e.errors[0].message) > 4000);
	assert_true(strlen(e.detail) < 1024);
	assert_null(strchr(e.detail, '\n'));
	assert_true(strncmp(e.detail, "HTTP 400: aaaa", 14) == 0);
	cf_error_clear(&e);
	free(b2);
}

static void
test_status_mapping(void **state)
{
	(void)state;
	static const struct {
		long http;
		enum cf_status st;
		bool retryable;
	} cases[] = {
		{ 401, CF_ERR_AUTH, false },
		{ 403, CF_ERR_FORBIDDEN, false },
		{ 404, CF_ERR_NOT_FOUND, false },
		{ 409, CF_ERR_CONFLICT, false },
		{ 412, CF_ERR_CONFLICT, false },
		{ 429, CF_ERR_RATE_LIMITED, true },
		{ 500, CF_ERR_SERVER, true },
		{ 503, CF_ERR_SERVER, true },
		{ 400, CF_ERR_API, false },
		{ 422, CF_ERR_API, false },
		{ 302, CF_ERR_API, false },
	};
	const char body[] =
		"{\"success\":false,\"errors\":[{\"code\":1,"
		"\"message\":\"m\"}],\"messages\":[],\"result\":null}";
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cf_response r;
		struct cf_error e = { 0 };
		enum cf_status st = cf_envelope_decode(
			body, strlen(body), cases[i].http, 0, &r, &e);
		assert_int_equal(st, cases[i].st);
		assert_int_equal(e.status, cases[i].st);
		assert_int_equal(e.retryable, cases[i].retryable);
		cf_error_clear(&e);
	}
	/* 200 with success:false is an API error, not success. */
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_envelope_decode(body, strlen(body), 200, 0, &r, &e),
			 CF_ERR_API);
	assert_string_equal(e.detail, "HTTP 200: m (1)");
	cf_error_clear(&e);
}

static void
test_error_helpers(void **state)
{
	(void)state;
	struct cf_error e = { 0 }, c = { 0 };
	char buf[64];
	assert_string_equal(cf_status_name(CF_ERR_TIMEOUT), "CF_ERR_TIMEOUT");
	assert_string_equal(cf_status_str(CF_ERR_TIMEOUT), "timed out");
	assert_non_null(cf_status_str((enum cf_status)999));
	assert_non_null(cf_status_name((enum cf_status) - 1));
	assert_int_equal(cf_error_set(&e, CF_ERR_NETWORK, "x %d", 5),
			 CF_ERR_NETWORK);
	assert_string_equal(e.detail, "x 5");
	struct cf_response r;
	assert_int_equal(decode("header_400_6003.json", 400, 2, &r, &e),
			 CF_ERR_AUTH);
	cf_error_copy(&c, &e);
	assert_int_equal(c.status, CF_ERR_AUTH);
	assert_int_equal(c.nerrors, 2);
	assert_string_equal(c.errors[1].message, e.errors[1].message);
	assert_ptr_not_equal(c.errors[1].message, e.errors[1].message);
	assert_true(c.retry_after == 2.0);
	/* format without detail rebuilds the line; truncates safely. */
	free(c.detail);
	c.detail = NULL;
	assert_string_equal(
		cf_error_format(&c, buf, sizeof(buf)),
		"HTTP 400: Invalid request headers (6003), Invalid format for "
		"Au");
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	cf_error_clear(&c);
	assert_string_equal(cf_error_format(&c, buf, sizeof(buf)), "success");
	cf_error_clear(&e);
	cf_error_clear(NULL);
}

/*
 * Fuzz inputs (issue 8, item 19): error codes no int can hold. Converting
 * them was undefined behaviour (UBSan: "1e+300 is outside the range of
 * representable values of type 'int'"); they now read as code 0 and the
 * message is kept, whatever the HTTP status or nesting.
 */
static void
test_error_code_out_of_range(void **state)
{
	(void)state;
	static const char *const codes[] = {
		"1e300", "-1e300", "2147483648",       "-2147483649",
		"1.5",	 "1e-300", "9007199254740993", "-0.5",
	};
	static const long statuses[] = { 400, 200, 500 };
	char body[512];

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		for (size_t k = 0; k < 3; k++) {
			struct cf_response r;
			struct cf_error e = { 0 };
			int n = snprintf(
				body, sizeof(body),
				"{\"success\":false,\"errors\":[{\"code\":"
				"%s,\"message\":\"odd\",\"error_chain\":"
				"[{\"code\":%s,\"message\":\"inner\"}]}],"
				"\"messages\":[],\"result\":null}",
				codes[i], codes[i]);
			enum cf_status st = cf_envelope_decode(
				body, (size_t)n, statuses[k], 0, &r, &e);
			assert_int_not_equal(st, CF_OK);
			assert_int_equal(e.nerrors, 2);
			assert_int_equal(e.errors[0].code, 0);
			assert_int_equal(e.errors[1].code, 0);
			assert_string_equal(e.errors[0].message, "odd");
			assert_string_equal(e.errors[1].message, "inner");
			cf_error_clear(&e);
		}
	}
	/* In range codes are unchanged, negative ones included. */
	{
		const char ok[] = "{\"success\":false,\"errors\":[{\"code\":"
				  "2147483647,\"message\":\"a\"},{\"code\":-7,"
				  "\"message\":\"b\"}],\"result\":null}";
		struct cf_response r;
		struct cf_error e = { 0 };
		assert_int_equal(
			cf_envelope_decode(ok, strlen(ok), 400, 0, &r, &e),
			CF_ERR_API);
		assert_int_equal(e.errors[0].code, 2147483647);
		assert_int_equal(e.errors[1].code, -7);
		cf_error_clear(&e);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success_list),
		cmocka_unit_test(test_success_with_messages),
		cmocka_unit_test(test_success_without_result),
		cmocka_unit_test(test_gateway_shape_403),
		cmocka_unit_test(test_gateway_missing_creds_is_auth),
		cmocka_unit_test(test_error_chain_appended),
		cmocka_unit_test(test_dns_compact_shape),
		cmocka_unit_test(test_lb_pretty_shape),
		cmocka_unit_test(test_rate_limited_971),
		cmocka_unit_test(test_truncated_2xx_is_malformed),
		cmocka_unit_test(test_non_json_502),
		cmocka_unit_test(test_odd_error_items),
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_error_helpers),
		cmocka_unit_test(test_error_code_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
