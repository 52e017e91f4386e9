/* test_sim_api.c: cfsim against real HTTP -- envelopes, auth, paging, validation, references, limits, faults, admin, state. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "cfsim_harness.h"

#define TOKEN "test-token-rw"
#define RO_TOKEN "test-token-ro"
#define EMAIL "ops@example.com"
#define KEY "0123456789abcdef0123456789abcdef01234"

/* ---- helpers ------------------------------------------------------------ */

/* The running cfsim, so a failed test's teardown can stop it. */
static struct cfsim *current;

static struct cfsim *
start(const char *const *args)
{
	struct cfsim *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	assert_int_equal(cfsim_start(s, args), 0);
	current = s;
	return s;
}

static int
teardown(void **state)
{
	(void)state;
	if (current) {
		cfsim_stop(current);
		free(current);
		current = NULL;
	}
	return 0;
}

static void
stop(struct cfsim *s)
{
	int st = cfsim_stop(s);

	current = NULL;

	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	free(s);
}

/* API call; returns the parsed body (caller deletes) and fills *status. */
static cJSON *
call(struct cfsim *s, const char *method, const char *path, const char *body,
     long *status)
{
	struct cfsim_reply r;
	cJSON *j;

	*status = cfsim_api(s, method, path, body, &r);
	j = cJSON_Parse(r.body);
	if (!j)
		fprintf(stderr, "unparsable body for %s %s: %s\n", method, path,
			r.body);
	cfsim_reply_free(&r);
	return j;
}

static int
err_code(const cJSON *j)
{
	const cJSON *e = cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(j, "errors"), 0);

	return (int)cJSON_GetNumberValue(
		cJSON_GetObjectItemCaseSensitive(e, "code"));
}

static const char *
err_msg(const cJSON *j)
{
	const cJSON *e = cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(j, "errors"), 0);

	return cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(e, "message"));
}

static const cJSON *
result(const cJSON *j)
{
	return cJSON_GetObjectItemCaseSensitive(j, "result");
}

static double
info(const cJSON *j, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "result_info"), key));
}

static const char *
str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Expects status and error code; frees j. */
static void
expect_err(cJSON *j, const long *statusp, long want_status, int want_code)
{
	long status = *statusp;

	assert_non_null(j);
	if (status != want_status || err_code(j) != want_code)
		fprintf(stderr, "got %ld/%d (%s), want %ld/%d\n", status,
			err_code(j), err_msg(j) ? err_msg(j) : "", want_status,
			want_code);
	assert_int_equal(status, want_status);
	assert_int_equal(err_code(j), want_code);
	assert_true(
		cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "success")));
	cJSON_Delete(j);
}

static char *
first_zone_id(struct cfsim *s, const char *name)
{
	char path[256];
	long st;
	cJSON *j;
	char *id;

	snprintf(path, sizeof(path), "/zones?name=%s", name);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(result(j)), 1);
	id = strdup(str(cJSON_GetArrayItem(result(j), 0), "id"));
	cJSON_Delete(j);
	return id;
}

static char *
create(struct cfsim *s, const char *path, const char *body)
{
	long st;
	cJSON *j = call(s, "POST", path, body, &st);
	char *id;

	if (st != 200)
		fprintf(stderr, "create %s: %ld %s\n", path, st, err_msg(j));
	assert_int_equal(st, 200);
	id = strdup(str(result(j), "id"));
	cJSON_Delete(j);
	return id;
}

/* ---- tests -------------------------------------------------------------- */

static void
test_envelopes_and_routing(void **state)
{
	const char *args[] = { "--demo", "--no-health", "--token", TOKEN,
			       NULL };
	struct cfsim *s = start(args);
	struct cfsim_reply r;
	char path[512];
	long st;
	cJSON *j;
	char *zid;

	(void)state;
	/* Compact DNS/zones shape, result first, result_info complete. */
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
	assert_true(strncmp(r.body, "{\"result\":[", 11) == 0);
	cfsim_reply_free(&r);
	j = call(s, "GET", "/zones", NULL, &st);
	assert_int_equal(info(j, "total_count"), 2);
	assert_int_equal(info(j, "per_page"), 20);
	assert_int_equal(info(j, "total_pages"), 1);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "messages"));
	cJSON_Delete(j);
	/* LB shape: pretty, 2 spaces, result first. */
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 s->account_id);
	assert_int_equal(cfsim_api(s, "GET", path, NULL, &r), 200);
	assert_true(strncmp(r.body, "{\n  \"result\": [\n    {\n", 22) == 0);
	assert_non_null(strstr(r.body, "\"success\": true"));
	cfsim_reply_free(&r);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(result(j)), 3);
	cJSON_Delete(j);
	/* The demo LB: proxied, TTL 30, LAX pop pool, a fallback. */
	zid = first_zone_id(s, "inference.dev");
	snprintf(path, sizeof(path), "/zones/%s/load_balancers", zid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	{
		const cJSON *lb = cJSON_GetArrayItem(result(j), 0);

		assert_string_equal(str(lb, "name"), "lb.inference.dev");
		assert_true(cJSON_IsTrue(
			cJSON_GetObjectItemCaseSensitive(lb, "proxied")));
		assert_int_equal(
			cJSON_GetNumberValue(
				cJSON_GetObjectItemCaseSensitive(lb, "ttl")),
			30);
		assert_non_null(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(lb, "pop_pools"),
			"LAX"));
	}
	cJSON_Delete(j);
	/* Routing errors. */
	j = call(s, "GET", "/zones/example.com/dns_records", NULL, &st);
	assert_string_equal(err_msg(j),
			    "Could not route to /client/v4/zones/example.com/"
			    "dns_records, perhaps your object identifier is "
			    "invalid?");
	expect_err(j, &st, 404, 7003);
	expect_err(call(s, "GET", "/nothing/here", NULL, &st), &st, 404, 7003);
	j = call(s, "GET", "/zones/0123456789abcdef0123456789abcdef", NULL,
		 &st);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "messages"));
	expect_err(j, &st, 403, 10000);
	snprintf(path, sizeof(path),
		 "/zones/%s/dns_records/0123456789abcdef0123456789abcdef", zid);
	expect_err(call(s, "GET", path, NULL, &st), &st, 404, 81044);
	snprintf(path, sizeof(path),
		 "/accounts/%s/load_balancers/pools/"
		 "0123456789abcdef0123456789abcdef",
		 s->account_id);
	assert_int_equal(cfsim_api(s, "GET", path, NULL, &r), 404);
	assert_true(strncmp(r.body,
			    "{\n  \"result\": null,\n  \"success\": "
			    "false,\n  \"errors\": [",
			    50) == 0);
	cfsim_reply_free(&r);
	free(zid);
	stop(s);
}

static void
test_auth(void **state)
{
	const char *args[] = { "--no-health",	   "--token", TOKEN,
			       "--readonly-token", RO_TOKEN,  "--auth-key",
			       EMAIL ":" KEY,	   NULL };
	struct cfsim *s = start(args);
	struct cfsim_reply r;
	char url[512];
	const char *h_none[] = { NULL };
	const char *h_bad[] = { "Authorization: Bearer has space", NULL };
	const char *h_gkey[] = { "Authorization: Bearer " KEY, NULL };
	const char *h_unknown[] = { "Authorization: Bearer nope-nope", NULL };
	const char *h_ro[] = { "Authorization: Bearer " RO_TOKEN, NULL };
	const char *h_key[] = { "X-Auth-Email: " EMAIL, "X-Auth-Key: " KEY,
				NULL };
	const char *h_shortkey[] = { "X-Auth-Email: " EMAIL, "X-Auth-Key: abc",
				     NULL };
	const char *h_wrongkey[] = {
		"X-Auth-Email: " EMAIL,
		"X-Auth-Key: 1123456789abcdef0123456789abcdef01234", NULL
	};
	cJSON *j;

	(void)state;
	snprintf(url, sizeof(url), "%s/zones", s->base_url);
	assert_int_equal(cfsim_http("GET", url, h_none, NULL, &r), 400);
	assert_string_equal(r.body,
			    "{\"success\":false,\"errors\":[{\"code\":9106,"
			    "\"message\":\"Missing X-Auth-Key, X-Auth-Email "
			    "or Authorization headers\"}]}");
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_bad, NULL, &r), 400);
	j = cJSON_Parse(r.body);
	assert_int_equal(err_code(j), 6003);
	assert_non_null(strstr(r.body, "\"code\":6111"));
	cJSON_Delete(j);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_gkey, NULL, &r), 400);
	assert_non_null(strstr(r.body, "6111"));
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_unknown, NULL, &r), 403);
	assert_non_null(strstr(r.body, "\"code\":9109"));
	assert_non_null(strstr(r.body, "Invalid access token"));
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_ro, NULL, &r), 200);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_key, NULL, &r), 200);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_shortkey, NULL, &r), 400);
	assert_non_null(strstr(r.body, "6103"));
	assert_null(strstr(r.body, "abc"));
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_wrongkey, NULL, &r), 403);
	assert_non_null(strstr(r.body, "9103"));
	assert_null(strstr(r.body, "1123456789abcdef"));
	cfsim_reply_free(&r);
	/* Read-only token: writes are refused at the gateway. */
	snprintf(url, sizeof(url), "%s/accounts/%s/load_balancers/monitors",
		 s->base_url, s->account_id);
	assert_int_equal(cfsim_http("POST", url, h_ro,
				    "{\"expected_codes\":\"200\"}", &r),
			 403);
	assert_non_null(strstr(r.body, "\"code\":10000"));
	cfsim_reply_free(&r);
	/* Token verify. */
	snprintf(url, sizeof(url), "%s/user/tokens/verify", s->base_url);
	assert_int_equal(cfsim_http("GET", url, h_ro, NULL, &r), 200);
	assert_non_null(strstr(r.body, "This API Token is valid and active"));
	assert_non_null(strstr(r.body, "\"status\":\"active\""));
	assert_null(strstr(r.body, RO_TOKEN));
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_http("GET", url, h_unknown, NULL, &r), 401);
	assert_non_null(strstr(r.body, "\"code\":1000"));
	assert_non_null(strstr(r.body, "Invalid API Token"));
	cfsim_reply_free(&r);
	/* The request log names credentials by label, never by secret. */
	{
		char *log = NULL;

		assert_int_equal(
			cfsim_admin(s, "GET", "/__cfsim/requests", NULL, &log),
			200);
		assert_non_null(strstr(log, "\"credential\": \"readonly#1\""));
		assert_non_null(strstr(log, "\"credential\": \"key#1\""));
		assert_null(strstr(log, RO_TOKEN));
		assert_null(strstr(log, TOKEN));
		assert_null(strstr(log, KEY));
		free(log);
	}
	stop(s);
}

static void
test_paging(void **state)
{
	const char *args[] = {
		"--no-health",		"--token", TOKEN, "--gen",
		"zones=12,records=250", NULL
	};
	struct cfsim *s = start(args);
	char path[512];
	char *zid;
	long st;
	cJSON *j;

	(void)state;
	j = call(s, "GET", "/zones?per_page=5&page=3", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(info(j, "count"), 2);
	assert_int_equal(info(j, "total_count"), 12);
	assert_int_equal(info(j, "total_pages"), 3);
	assert_int_equal(info(j, "page"), 3);
	cJSON_Delete(j);
	/* Out of range per_page is clamped to [5, 50]. */
	j = call(s, "GET", "/zones?per_page=500", NULL, &st);
	assert_int_equal(info(j, "per_page"), 50);
	assert_int_equal(info(j, "count"), 12);
	cJSON_Delete(j);
	j = call(s, "GET", "/zones?per_page=1", NULL, &st);
	assert_int_equal(info(j, "per_page"), 5);
	cJSON_Delete(j);
	/* Past the end: 200 and an empty page. */
	j = call(s, "GET", "/zones?page=9", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(result(j)), 0);
	assert_int_equal(info(j, "page"), 9);
	cJSON_Delete(j);
	/* No match: total_pages 0 for zones ... */
	j = call(s, "GET", "/zones?name=none.example", NULL, &st);
	assert_int_equal(info(j, "total_pages"), 0);
	cJSON_Delete(j);
	j = call(s, "GET", "/zones?name=contains:00011", NULL, &st);
	assert_int_equal(info(j, "total_count"), 1);
	cJSON_Delete(j);
	zid = first_zone_id(s, "gen-00003.example");
	snprintf(path, sizeof(path), "/zones/%s/dns_records", zid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(info(j, "per_page"), 100);
	assert_int_equal(info(j, "total_count"), 250);
	assert_int_equal(info(j, "total_pages"), 3);
	/* Default order: type. */
	assert_string_equal(str(cJSON_GetArrayItem(result(j), 0), "type"), "A");
	cJSON_Delete(j);
	/* ... but 1 for DNS (ERRORS.md §8). */
	snprintf(path, sizeof(path), "/zones/%s/dns_records?type=SRV", zid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(info(j, "total_pages"), 1);
	assert_int_equal(info(j, "total_count"), 0);
	cJSON_Delete(j);
	snprintf(path, sizeof(path),
		 "/zones/%s/dns_records?type=TXT&per_page=20&page=3", zid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(info(j, "total_count"), 50);
	assert_int_equal(info(j, "count"), 10);
	cJSON_Delete(j);
	snprintf(path, sizeof(path),
		 "/zones/%s/dns_records?order=name&direction=desc&per_page=1",
		 zid);
	j = call(s, "GET", path, NULL, &st);
	assert_string_equal(str(cJSON_GetArrayItem(result(j), 0), "name"),
			    "host-0000249.gen-00003.example");
	cJSON_Delete(j);
	snprintf(path, sizeof(path),
		 "/zones/%s/dns_records?type=MX&proxied=true&match=any&"
		 "per_page=5000",
		 zid);
	j = call(s, "GET", path, NULL, &st);
	/* 50 MX plus the proxied A/AAAA/CNAME (every even one of 150). */
	assert_int_equal(info(j, "total_count"), 125);
	cJSON_Delete(j);
	free(zid);
	stop(s);
}

static void
test_dns_validation_and_conflicts(void **state)
{
	const char *args[] = { "--no-health", "--token", TOKEN,
			       "--gen",	      "zones=1", NULL };
	struct cfsim *s = start(args);
	char base[256], path[512];
	char *zid, *rid;
	long st;
	cJSON *j;

	(void)state;
	zid = first_zone_id(s, "gen-00000.example");
	snprintf(base, sizeof(base), "/zones/%s/dns_records", zid);
	expect_err(
		call(s, "POST", base,
		     "{\"type\":\"A\",\"name\":\"a\",\"content\":\"1.2.3.4\","
		     "\"ttl\":30}",
		     &st),
		&st, 400, 9021);
	expect_err(
		call(s, "POST", base,
		     "{\"type\":\"A\",\"name\":\"a\",\"content\":\"1.2.3.4\","
		     "\"ttl\":\"3600\"}",
		     &st),
		&st, 400, 9022);
	expect_err(call(s, "POST", base,
			"{\"type\":\"A\",\"name\":\"a\",\"content\":\"::1\"}",
			&st),
		   &st, 400, 9005);
	expect_err(call(s, "POST", base,
			"{\"type\":\"TXT\",\"name\":\"a\",\"content\":\"x\","
			"\"proxied\":true}",
			&st),
		   &st, 400, 9004);
	expect_err(call(s, "POST", base,
			"{\"type\":\"A\",\"name\":\"a..b\",\"content\":"
			"\"1.2.3.4\"}",
			&st),
		   &st, 400, 9000);
	expect_err(call(s, "POST", base, "not json", &st), &st, 400, 9207);
	rid = create(
		s, base,
		"{\"type\":\"A\",\"name\":\"www\",\"content\":\"192.0.2.1\","
		"\"ttl\":120}");
	/* Relative names get the zone; zone_id/zone_name are omitted. */
	snprintf(path, sizeof(path), "%s/%s", base, rid);
	j = call(s, "GET", path, NULL, &st);
	assert_string_equal(str(result(j), "name"), "www.gen-00000.example");
	assert_null(cJSON_GetObjectItemCaseSensitive(result(j), "zone_id"));
	assert_null(cJSON_GetObjectItemCaseSensitive(result(j), "zone_name"));
	assert_non_null(
		cJSON_GetObjectItemCaseSensitive(result(j), "proxiable"));
	cJSON_Delete(j);
	j = call(s, "POST", base,
		 "{\"type\":\"CNAME\",\"name\":\"www.gen-00000.example\","
		 "\"content\":\"example.net\"}",
		 &st);
	assert_non_null(strstr(err_msg(j), "An A, AAAA, or CNAME record with "
					   "that host already exists."));
	expect_err(j, &st, 400, 81053);
	expect_err(call(s, "POST", base,
			"{\"type\":\"A\",\"name\":\"www\",\"content\":"
			"\"192.0.2.1\"}",
			&st),
		   &st, 400, 81058);
	free(create(s, base,
		    "{\"type\":\"CNAME\",\"name\":\"api\",\"content\":"
		    "\"lb.example.net\",\"proxied\":true,\"ttl\":300}"));
	expect_err(call(s, "POST", base,
			"{\"type\":\"AAAA\",\"name\":\"api\",\"content\":"
			"\"2001:db8::1\"}",
			&st),
		   &st, 400, 81054);
	/* PATCH keeps other fields; PUT requires the full record. */
	j = call(s, "PATCH", path, "{\"ttl\":3600}", &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(result(j), "content"), "192.0.2.1");
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
				 result(j), "ttl")),
			 3600);
	cJSON_Delete(j);
	expect_err(call(s, "PUT", path, "{\"ttl\":3600}", &st), &st, 400, 1004);
	j = call(s, "DELETE", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(result(j), "id"), rid);
	cJSON_Delete(j);
	expect_err(call(s, "GET", path, NULL, &st), &st, 404, 81044);
	free(rid);
	free(zid);
	stop(s);
}

static void
test_lb_validation_references_patch(void **state)
{
	const char *args[] = { "--no-health", "--token", TOKEN,
			       "--gen",	      "zones=1", NULL };
	struct cfsim *s = start(args);
	char mons[256], pools[256], path[512], body[1024];
	char *zid, *mid, *pid, *pid2, *lbid;
	long st;
	cJSON *j;

	(void)state;
	snprintf(mons, sizeof(mons), "/accounts/%s/load_balancers/monitors",
		 s->account_id);
	snprintf(pools, sizeof(pools), "/accounts/%s/load_balancers/pools",
		 s->account_id);
	j = call(s, "POST", mons, "{\"expected_codes\":\"200\",\"interval\":5}",
		 &st);
	assert_string_equal(err_msg(j),
			    "interval is not in range [60, 3600]: validation "
			    "failed");
	expect_err(j, &st, 400, 1002);
	expect_err(call(s, "POST", mons, "{\"interval\":60}", &st), &st, 400,
		   1002);
	expect_err(call(s, "POST", mons,
			"{\"expected_codes\":\"2xx\",\"timeout\":60}", &st),
		   &st, 400, 1002);
	expect_err(call(s, "POST", mons,
			"{\"expected_codes\":\"2xx\",\"retries\":9}", &st),
		   &st, 400, 1002);
	expect_err(call(s, "POST", mons, "{\"expected_codes\":\"abc\"}", &st),
		   &st, 400, 1002);
	mid = create(s, mons,
		     "{\"expected_codes\":\"2xx\",\"path\":\"/health\","
		     "\"description\":\"api health\"}");
	j = call(s, "POST", pools,
		 "{\"name\":\"p1\",\"origins\":[{\"name\":\"a\",\"address\":"
		 "\"192.0.2.1\",\"weight\":0.555}]}",
		 &st);
	assert_non_null(strstr(err_msg(j), ": validation failed"));
	expect_err(j, &st, 400, 1002);
	expect_err(call(s, "POST", pools,
			"{\"name\":\"p1\",\"monitor\":"
			"\"0123456789abcdef0123456789abcdef\",\"origins\":[{"
			"\"address\":\"192.0.2.1\"}]}",
			&st),
		   &st, 400, 1002);
	j = call(s, "POST", pools,
		 "{\"name\":\"p1\",\"origins\":[{\"name\":\"a\",\"address\":"
		 "\"192.0.2.1\",\"header\":{\"Host\":[\"www.other.example\"]}}"
		 "]}",
		 &st);
	assert_string_equal(err_msg(j),
			    "Host header \"www.other.example\" not allowed for "
			    "origin domain \"192.0.2.1\": validation failed");
	expect_err(j, &st, 400, 1002);
	free(create(s, pools,
		    "{\"name\":\"hosted\",\"origins\":[{\"name\":\"a\","
		    "\"address\":\"192.0.2.1\",\"header\":{\"Host\":["
		    "\"api.gen-00000.example\"]}}]}"));
	expect_err(
		call(s, "POST", pools, "{\"name\":\"p1\",\"origins\":[]}", &st),
		&st, 400, 1002);
	snprintf(body, sizeof(body),
		 "{\"name\":\"p1\",\"monitor\":\"%s\",\"origins\":["
		 "{\"name\":\"a\",\"address\":\"192.0.2.1\"},"
		 "{\"name\":\"b\",\"address\":\"192.0.2.2\",\"weight\":0.5},"
		 "{\"name\":\"c\",\"address\":\"origin.example.net\"}]}",
		 mid);
	pid = create(s, pools, body);
	pid2 = create(s, pools,
		      "{\"name\":\"p2\",\"origins\":[{\"name\":\"x\","
		      "\"address\":\"192.0.2.9\"}]}");
	/* PATCH origins replaces the whole array; name stays. */
	snprintf(path, sizeof(path), "%s/%s", pools, pid);
	j = call(s, "PATCH", path,
		 "{\"origins\":[{\"name\":\"b\",\"address\":\"192.0.2.2\","
		 "\"enabled\":false}]}",
		 &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(result(j), "name"), "p1");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 result(j), "origins")),
			 1);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(
			cJSON_GetObjectItemCaseSensitive(result(j), "origins"),
			0),
		"disabled_at"));
	assert_string_equal(str(result(j), "monitor"), mid);
	cJSON_Delete(j);
	/* Load balancer: hostname inside the zone, known pools. */
	zid = first_zone_id(s, "gen-00000.example");
	snprintf(path, sizeof(path), "/zones/%s/load_balancers", zid);
	snprintf(body, sizeof(body),
		 "{\"name\":\"www.other.example\",\"default_pools\":[\"%s\"],"
		 "\"fallback_pool\":\"%s\"}",
		 pid, pid2);
	expect_err(call(s, "POST", path, body, &st), &st, 400, 1002);
	snprintf(body, sizeof(body),
		 "{\"name\":\"lb.gen-00000.example\",\"default_pools\":["
		 "\"0123456789abcdef0123456789abcdef\"],\"fallback_pool\":"
		 "\"%s\"}",
		 pid2);
	expect_err(call(s, "POST", path, body, &st), &st, 400, 1002);
	snprintf(
		body, sizeof(body),
		"{\"name\":\"lb.gen-00000.example\",\"default_pools\":[\"%s\"],"
		"\"fallback_pool\":\"%s\",\"region_pools\":{\"WNAM\":[\"%s\"]},"
		"\"proxied\":true}",
		pid, pid2, pid2);
	lbid = create(s, path, body);
	/* References block deletes: monitor <- pool <- LB. */
	snprintf(path, sizeof(path), "%s/%s", mons, mid);
	j = call(s, "DELETE", path, NULL, &st);
	assert_string_equal(err_msg(j), "This object is referenced by other "
					"objects, delete them first.");
	expect_err(j, &st, 412, 1005);
	snprintf(path, sizeof(path), "%s/%s", pools, pid2);
	expect_err(call(s, "DELETE", path, NULL, &st), &st, 412, 1005);
	snprintf(path, sizeof(path), "%s/%s/references", pools, pid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(result(j)), 2);
	assert_string_equal(
		str(cJSON_GetArrayItem(result(j), 0), "reference_type"),
		"referrer");
	assert_string_equal(
		str(cJSON_GetArrayItem(result(j), 0), "resource_id"), lbid);
	assert_string_equal(
		str(cJSON_GetArrayItem(result(j), 1), "reference_type"),
		"referral");
	cJSON_Delete(j);
	/* Pools filtered by monitor. */
	snprintf(path, sizeof(path), "%s?monitor=%s", pools, mid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(cJSON_GetArraySize(result(j)), 1);
	cJSON_Delete(j);
	/* Delete in order: LB, pool, monitor. */
	snprintf(path, sizeof(path), "/zones/%s/load_balancers/%s", zid, lbid);
	cJSON_Delete(call(s, "DELETE", path, NULL, &st));
	assert_int_equal(st, 200);
	snprintf(path, sizeof(path), "%s/%s", pools, pid);
	cJSON_Delete(call(s, "DELETE", path, NULL, &st));
	assert_int_equal(st, 200);
	snprintf(path, sizeof(path), "%s/%s", mons, mid);
	cJSON_Delete(call(s, "DELETE", path, NULL, &st));
	assert_int_equal(st, 200);
	snprintf(path, sizeof(path), "%s/%s", mons, mid);
	expect_err(call(s, "GET", path, NULL, &st), &st, 404, 1001);
	free(zid);
	free(mid);
	free(pid);
	free(pid2);
	free(lbid);
	stop(s);
}

static void
test_rate_limit(void **state)
{
	const char *args[] = { "--no-health",  "--token", TOKEN,
			       "--rate-limit", "5/60",	  NULL };
	struct cfsim *s = start(args);
	struct cfsim_reply r;
	char h[128];
	int i, ra;

	(void)state;
	for (i = 0; i < 5; i++) {
		assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
		assert_int_equal(
			cfsim_reply_header(&r, "Ratelimit", h, sizeof(h)), 0);
		if (i == 4) {
			int rem = -1, t = -1;

			/* t is the seconds left in the window: 60 when the
			 * five calls took under a second, less on a busy
			 * machine (it failed as t=59 under load). */
			assert_int_equal(
				sscanf(h, "\"default\";r=%d;t=%d", &rem, &t),
				2);
			assert_int_equal(rem, 0);
			assert_true(t >= 1 && t <= 60);
		}
		assert_int_equal(cfsim_reply_header(&r, "Ratelimit-Policy", h,
						    sizeof(h)),
				 0);
		assert_string_equal(h, "\"burst\";q=5;w=60");
		assert_int_not_equal(
			cfsim_reply_header(&r, "Retry-After", h, sizeof(h)), 0);
		cfsim_reply_free(&r);
	}
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 429);
	assert_int_equal(cfsim_reply_header(&r, "Retry-After", h, sizeof(h)),
			 0);
	ra = atoi(h);
	assert_true(ra >= 1 && ra <= 60);
	assert_non_null(strstr(r.body, "\"code\":971"));
	cfsim_reply_free(&r);
	/* The admin API raises the limit at run time. */
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/ratelimit",
				     "{\"limit\":100,\"window\":60}", NULL),
			 200);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/ratelimit",
				     "{\"limit\":-1}", NULL),
			 400);
	stop(s);
}

static void
test_faults(void **state)
{
	const char *args[] = { "--no-health", "--token",	   TOKEN,
			       "--fault",     "429:1:/accounts:1", NULL };
	struct cfsim *s = start(args);
	struct cfsim_reply r;
	char *resp = NULL;

	(void)state;
	/* From the command line: one 429 on /accounts, then normal. */
	assert_int_equal(cfsim_api(s, "GET", "/accounts", NULL, &r), 429);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_api(s, "GET", "/accounts", NULL, &r), 200);
	assert_non_null(strstr(r.body, s->account_id));
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/faults",
				     "{\"kind\":\"5xx\",\"rate\":1,\"path\":"
				     "\"/zones\",\"count\":1}",
				     NULL),
			 200);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 500);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/faults",
				     "{\"spec\":\"malformed:1:/zones:1\"}",
				     NULL),
			 200);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
	{
		cJSON *j = cJSON_Parse(r.body);

		assert_null(j);
	}
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/faults",
				     "{\"kind\":\"drop\",\"path\":\"/zones\"}",
				     NULL),
			 200);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), -1);
	assert_int_equal(r.curl_code, CURLE_GOT_NOTHING);
	cfsim_reply_free(&r);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/faults",
				     "{\"kind\":\"bogus\"}", NULL),
			 400);
	assert_int_equal(cfsim_admin(s, "GET", "/__cfsim/faults", NULL, &resp),
			 200);
	assert_non_null(strstr(resp, "\"drop\""));
	free(resp);
	assert_int_equal(
		cfsim_admin(s, "DELETE", "/__cfsim/faults", NULL, NULL), 200);
	assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
	cfsim_reply_free(&r);
	/* Latency: the answer is late but correct. */
	assert_int_equal(
		cfsim_admin(s, "POST", "/__cfsim/faults",
			    "{\"kind\":\"latency\",\"ms\":300,\"count\":"
			    "1}",
			    NULL),
		200);
	{
		struct timespec a, b;
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &a);
		assert_int_equal(cfsim_api(s, "GET", "/zones", NULL, &r), 200);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms = (b.tv_sec - a.tv_sec) * 1000 +
		     (b.tv_nsec - a.tv_nsec) / 1000000;
		assert_true(ms >= 290);
		cfsim_reply_free(&r);
	}
	stop(s);
}

static void
test_reset_and_admin(void **state)
{
	const char *args[] = { "--no-health", "--token",	   TOKEN,
			       "--gen",	      "zones=1,records=3", NULL };
	struct cfsim *s = start(args);
	char base[256], path[512];
	char *zid, *rid, *resp = NULL;
	long st;
	cJSON *j;

	(void)state;
	zid = first_zone_id(s, "gen-00000.example");
	snprintf(base, sizeof(base), "/zones/%s/dns_records", zid);
	rid = create(s, base,
		     "{\"type\":\"TXT\",\"name\":\"t\",\"content\":\"hello\"}");
	assert_int_equal(cfsim_admin(s, "GET", "/__cfsim/stats", NULL, &resp),
			 200);
	j = cJSON_Parse(resp);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
				 cJSON_GetObjectItemCaseSensitive(j, "world"),
				 "dns_records")),
			 4);
	cJSON_Delete(j);
	free(resp);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/reset", NULL, NULL),
			 200);
	snprintf(path, sizeof(path), "%s/%s", base, rid);
	expect_err(call(s, "GET", path, NULL, &st), &st, 404, 81044);
	j = call(s, "GET", base, NULL, &st);
	assert_int_equal(info(j, "total_count"), 3);
	cJSON_Delete(j);
	/* Request log: since= and clearing. */
	assert_int_equal(
		cfsim_admin(s, "GET", "/__cfsim/requests?since=0", NULL, &resp),
		200);
	j = cJSON_Parse(resp);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
			    j, "requests")) >= 4);
	assert_string_equal(
		str(cJSON_GetArrayItem(
			    cJSON_GetObjectItemCaseSensitive(j, "requests"), 1),
		    "method"),
		"POST");
	/* Bodies are logged, so tests can check what a client sent. */
	assert_string_equal(
		str(cJSON_GetArrayItem(
			    cJSON_GetObjectItemCaseSensitive(j, "requests"), 1),
		    "body"),
		"{\"type\":\"TXT\",\"name\":\"t\",\"content\":\"hello\"}");
	cJSON_Delete(j);
	free(resp);
	assert_int_equal(
		cfsim_admin(s, "DELETE", "/__cfsim/requests", NULL, NULL), 200);
	assert_int_equal(
		cfsim_admin(s, "GET", "/__cfsim/requests", NULL, &resp), 200);
	assert_non_null(strstr(resp, "\"requests\": []"));
	free(resp);
	assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/origins/none",
				     "{\"mode\":\"healthy\"}", NULL),
			 404);
	assert_int_equal(cfsim_admin(s, "GET", "/__cfsim/bogus", NULL, NULL),
			 404);
	free(rid);
	free(zid);
	stop(s);
}

static void
test_state_persists(void **state)
{
	char file[] = "/tmp/cfsim-state-XXXXXX";
	const char *args[] = { "--no-health", "--token", TOKEN, "--gen",
			       "zones=1",     "--state", file,	NULL };
	const char *acc;
	struct cfsim *s;
	char base[256], path[512], account[64];
	char *zid, *rid;
	long st;
	cJSON *j;
	int fd = mkstemp(file);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(file); /* cfsim creates it */
	s = start(args);
	snprintf(account, sizeof(account), "%s", s->account_id);
	zid = first_zone_id(s, "gen-00000.example");
	snprintf(base, sizeof(base), "/zones/%s/dns_records", zid);
	rid = create(s, base,
		     "{\"type\":\"A\",\"name\":\"keep\",\"content\":"
		     "\"192.0.2.7\"}");
	stop(s);
	assert_int_equal(access(file, R_OK), 0);
	/* Restart: same account, zone id and record id. */
	s = start(args);
	acc = s->account_id;
	assert_string_equal(acc, account);
	snprintf(path, sizeof(path), "%s/%s", base, rid);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_string_equal(str(result(j), "content"), "192.0.2.7");
	cJSON_Delete(j);
	stop(s);
	unlink(file);
	free(rid);
	free(zid);
}

/* --extra-account: GET /accounts pages them after the main account; their
 * LB lists are empty, their objects not found, writes refused. */
static void
test_extra_accounts(void **state)
{
	const char *args[] = { "--no-health",
			       "--token",
			       TOKEN,
			       "--demo",
			       "--extra-account",
			       "Staging",
			       "--extra-account",
			       "QA",
			       "--extra-account",
			       "Lab",
			       "--extra-account",
			       "Dev",
			       "--extra-account",
			       "Ops",
			       NULL };
	struct cfsim *s = start(args);
	char path[256], extra[33];
	const cJSON *a;
	long st;
	cJSON *j;

	(void)state;
	j = call(s, "GET", "/accounts", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(info(j, "total_count"), 6);
	assert_int_equal(cJSON_GetArraySize(result(j)), 6);
	a = cJSON_GetArrayItem(result(j), 0);
	assert_string_equal(str(a, "id"), s->account_id);
	a = cJSON_GetArrayItem(result(j), 1);
	assert_string_equal(str(a, "name"), "Staging");
	assert_int_equal(strlen(str(a, "id")), 32);
	assert_string_not_equal(str(a, "id"), s->account_id);
	snprintf(extra, sizeof(extra), "%s", str(a, "id"));
	cJSON_Delete(j);
	/* Paging: 5 a page, the sixth on page 2. */
	j = call(s, "GET", "/accounts?per_page=5&page=2", NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(info(j, "count"), 1);
	assert_int_equal(info(j, "total_pages"), 2);
	assert_string_equal(str(cJSON_GetArrayItem(result(j), 0), "name"),
			    "Ops");
	cJSON_Delete(j);
	j = call(s, "GET", "/accounts?name=stag", NULL, &st);
	assert_int_equal(info(j, "total_count"), 1);
	assert_string_equal(str(cJSON_GetArrayItem(result(j), 0), "id"), extra);
	cJSON_Delete(j);

	/* The main account keeps its demo pools; the extra one has none. */
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 s->account_id);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_true(cJSON_GetArraySize(result(j)) > 0);
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 extra);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(result(j)), 0);
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/monitors",
		 extra);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_int_equal(cJSON_GetArraySize(result(j)), 0);
	cJSON_Delete(j);
	j = call(s, "POST", path, "{\"type\":\"http\"}", &st);
	expect_err(j, &st, 403, 10000);
	snprintf(path, sizeof(path),
		 "/accounts/%s/load_balancers/pools/%s/health", extra,
		 "0123456789abcdef0123456789abcdef");
	j = call(s, "GET", path, NULL, &st);
	expect_err(j, &st, 404, 1001);
	/* An unknown account still gets 403 10000. */
	j = call(s, "GET",
		 "/accounts/0123456789abcdef0123456789abcdef/load_balancers/"
		 "pools",
		 NULL, &st);
	expect_err(j, &st, 403, 10000);
	stop(s);
}

static void
test_bad_options_fail(void **state)
{
	const char *bad[][3] = {
		{ "--rate-limit", "nope", NULL },
		{ "--gen", "zones=x", NULL },
		{ "--fault", "boom:1", NULL },
		{ "--auth-key", "me@example.com:short", NULL },
		{ "--extra-account", "", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cfsim s;

		assert_int_equal(cfsim_start(&s, bad[i]), -1);
	}
}

/* Pool health, previews and events come from the real health engine. */
static void
test_health_endpoints(void **state)
{
	const char *args[] = { "--token",      TOKEN,  "--demo",
			       "--time-scale", "0.05", NULL };
	struct cfsim *s = start(args);
	char pools[256], path[512], body[256];
	const cJSON *p;
	char *inference = NULL, *monitor = NULL, *preview = NULL, *bare;
	long st;
	int i;
	cJSON *j;

	(void)state;
	snprintf(pools, sizeof(pools), "/accounts/%s/load_balancers/pools",
		 s->account_id);
	j = call(s, "GET", pools, NULL, &st);
	cJSON_ArrayForEach(p, result(j))
	{
		if (!strcmp(str(p, "name"), "inference")) {
			inference = strdup(str(p, "id"));
			monitor = strdup(str(p, "monitor"));
		}
	}
	cJSON_Delete(j);
	assert_non_null(inference);
	/* Health appears once a probe round finished. */
	snprintf(path, sizeof(path), "%s/%s/health", pools, inference);
	for (i = 0; i < 100; i++) {
		assert_int_equal(cfsim_admin(s, "POST", "/__cfsim/health/kick",
					     NULL, NULL),
				 200);
		j = call(s, "GET", path, NULL, &st);
		if (st == 200)
			break;
		cJSON_Delete(j);
		usleep(100000);
	}
	assert_int_equal(st, 200);
	assert_string_equal(str(result(j), "pool_id"), inference);
	assert_true(cJSON_IsObject(
		cJSON_GetObjectItemCaseSensitive(result(j), "pop_health")));
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "%s/%s", pools, inference);
	j = call(s, "GET", path, NULL, &st);
	assert_true(cJSON_IsBool(
		cJSON_GetObjectItemCaseSensitive(result(j), "healthy")));
	cJSON_Delete(j);
	/* A pool without a monitor has no health info. */
	bare = create(s, pools,
		      "{\"name\":\"bare\",\"origins\":[{\"name\":\"x\","
		      "\"address\":\"192.0.2.1\"}]}");
	snprintf(path, sizeof(path), "%s/%s/health", pools, bare);
	j = call(s, "GET", path, NULL, &st);
	assert_non_null(strstr(err_msg(j), "Health info unavailable"));
	expect_err(j, &st, 404, 1010);
	/* Monitor preview: the pools using the monitor. */
	snprintf(path, sizeof(path),
		 "/accounts/%s/load_balancers/monitors/%s/"
		 "preview",
		 s->account_id, monitor);
	expect_err(call(s, "POST", path, "{\"path\":\"/health\"}", &st), &st,
		   400, 1002);
	j = call(s, "POST", path, "{\"expected_codes\":\"200\"}", &st);
	assert_int_equal(st, 200);
	preview = strdup(str(result(j), "preview_id"));
	assert_string_equal(
		str(cJSON_GetObjectItemCaseSensitive(result(j), "pools"),
		    inference),
		"inference");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 result(j), "pools")),
			 2);
	cJSON_Delete(j);
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/preview/%s",
		 s->account_id, preview);
	j = call(s, "GET", path, NULL, &st);
	assert_int_equal(st, 200);
	assert_non_null(cJSON_GetObjectItemCaseSensitive(result(j), inference));
	cJSON_Delete(j);
	/* Pool preview. */
	snprintf(path, sizeof(path), "%s/%s/preview", pools, bare);
	snprintf(body, sizeof(body), "{\"expected_codes\":\"2xx\"}");
	j = call(s, "POST", path, body, &st);
	assert_int_equal(st, 200);
	assert_string_equal(
		str(cJSON_GetObjectItemCaseSensitive(result(j), "pools"), bare),
		"bare");
	cJSON_Delete(j);
	/* Events: an array in the LB envelope, filters accepted. */
	j = call(s, "GET",
		 "/user/load_balancing_analytics/events?pool_name="
		 "inference",
		 NULL, &st);
	assert_int_equal(st, 200);
	assert_true(cJSON_IsArray(result(j)));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(j, "result_info"));
	cJSON_Delete(j);
	free(inference);
	free(monitor);
	free(preview);
	free(bare);
	stop(s);
}

struct pager {
	struct cfsim *s;
	char path[512];
	long status;
	int count;
};

static void *
fetch_page(void *ud)
{
	struct pager *pg = ud;
	struct cfsim_reply r;
	cJSON *j;

	pg->status = cfsim_api(pg->s, "GET", pg->path, NULL, &r);
	j = cJSON_Parse(r.body);
	pg->count = cJSON_GetArraySize(result(j));
	cJSON_Delete(j);
	cfsim_reply_free(&r);
	return NULL;
}

/* Four pages at once, as the client fetches them; no overlap, no gap. */
static void
test_parallel_pages(void **state)
{
	const char *args[] = {
		"--no-health",		 "--token", TOKEN, "--gen",
		"zones=1,records=20000", NULL
	};
	struct cfsim *s = start(args);
	struct pager pg[4];
	pthread_t th[4];
	char *zid;
	int i, total = 0;

	(void)state;
	zid = first_zone_id(s, "gen-00000.example");
	for (i = 0; i < 4; i++) {
		pg[i].s = s;
		snprintf(pg[i].path, sizeof(pg[i].path),
			 "/zones/%s/dns_records?per_page=5000&page=%d", zid,
			 i + 1);
		assert_int_equal(
			pthread_create(&th[i], NULL, fetch_page, &pg[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(pg[i].status, 200);
		total += pg[i].count;
	}
	assert_int_equal(total, 20000);
	free(zid);
	stop(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_envelopes_and_routing, teardown),
		cmocka_unit_test_teardown(test_auth, teardown),
		cmocka_unit_test_teardown(test_paging, teardown),
		cmocka_unit_test_teardown(test_dns_validation_and_conflicts,
					  teardown),
		cmocka_unit_test_teardown(test_lb_validation_references_patch,
					  teardown),
		cmocka_unit_test_teardown(test_rate_limit, teardown),
		cmocka_unit_test_teardown(test_faults, teardown),
		cmocka_unit_test_teardown(test_reset_and_admin, teardown),
		cmocka_unit_test_teardown(test_state_persists, teardown),
		cmocka_unit_test_teardown(test_extra_accounts, teardown),
		cmocka_unit_test_teardown(test_bad_options_fail, teardown),
		cmocka_unit_test_teardown(test_health_endpoints, teardown),
		cmocka_unit_test_teardown(test_parallel_pages, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
