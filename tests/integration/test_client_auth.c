/* test_client_auth.c: auth, read-only, 429 and retries vs cfsim. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfsim_harness.h"

#define TOKEN "it-auth-token-0123456789"
#define RO_TOKEN "it-auth-readonly-0123456789"

static struct cfsim S;
static char ZONE[64];

static struct cf_client *
client_for(const char *token, int max_retries)
{
	char tok[160];
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = {
		.base_url = S.base_url,
		.creds = &creds,
		.retry_base_ms = 20,
		.retry_max_ms = 100,
		.max_retries = max_retries,
		.timeout_ms = 5000,
	};
	struct cf_error err = { 0 };
	struct cf_client *c;

	snprintf(tok, sizeof(tok), "%s", token);
	c = cf_client_new(&o, &err);
	assert_non_null(c);
	return c;
}

/*
 * True when the client talks to cfsim through a validating proxy (Prism,
 * tests/conformance). Injected faults then hit the proxy's upstream call and
 * come back as the proxy's own errors, and cfsim's gateway-shaped 403s (no
 * messages/result, as the real API sends them: ERRORS.md) are flagged, so
 * those tests only run direct.
 */
static bool
proxied(void)
{
	const char *p = getenv("CFSIM_PROXY");

	return p && *p;
}

static void
admin(const char *method, const char *path, const char *body)
{
	long st = cfsim_admin(&S, method, path, body, NULL);

	if (st != 200)
		fprintf(stderr, "admin %s %s -> %ld\n", method, path, st);
	assert_int_equal(st, 200);
}

static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--token",	TOKEN,	     "--readonly-token",
		RO_TOKEN,	"--demo",    "--no-health",
		"--rate-limit", "100000/60", NULL,
	};
	struct cf_error err = { 0 };
	struct cf_zone_list zl;
	struct cf_client *c;

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	c = client_for(TOKEN, -1);
	if (cf_zones_list(c, NULL, NULL, &zl, &err) != CF_OK || zl.n == 0)
		return -1;
	snprintf(ZONE, sizeof(ZONE), "%s", zl.items[0].id);
	cf_zone_list_free(&zl);
	cf_client_free(c);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

static int
reset_faults(void **state)
{
	(void)state;
	cfsim_admin(&S, "DELETE", "/__cfsim/faults", NULL, NULL);
	cfsim_admin(&S, "POST", "/__cfsim/ratelimit",
		    "{\"limit\":100000,\"window\":60}", NULL);
	return 0;
}

static void
test_verify_and_accounts(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c = client_for(TOKEN, -1);
	struct cf_token_status t;
	struct cf_account_list al;
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(cf_token_verify(c, &t, &err), CF_OK);
	assert_string_equal(t.status, "active");
	assert_non_null(t.id);
	assert_non_null(t.message);
	assert_string_equal(t.message, "This API Token is valid and active");
	cf_token_status_free(&t);
	assert_int_equal(cf_accounts_list(c, &al, &err), CF_OK);
	for (i = 0; i < al.n; i++)
		found = found || !strcmp(al.items[i].id, S.account_id);
	assert_true(found);
	cf_account_list_free(&al);
	cf_client_free(c);
}

static void
test_bad_token(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c = client_for("no-such-token-0123456789", 2);
	struct cf_zone_list zl;
	struct cf_token_status t;
	struct cf_budget b0, b1;
	char line[512];

	(void)state;
	cf_budget_get(&b0);
	assert_int_equal(cf_zones_list(c, NULL, NULL, &zl, &err), CF_ERR_AUTH);
	cf_budget_get(&b1);
	assert_int_equal(b1.sent - b0.sent, 1); /* a 403 is not retried */
	assert_int_equal(err.http_status, 403);
	assert_int_equal(err.errors[0].code, 9109);
	assert_string_equal(err.errors[0].message, "Invalid access token");
	assert_false(err.retryable);
	cf_error_format(&err, line, sizeof(line));
	assert_null(strstr(line, "no-such-token"));
	cf_error_clear(&err);

	assert_int_not_equal(cf_token_verify(c, &t, &err), CF_OK);
	assert_int_equal(err.http_status, 401);
	assert_int_equal(err.errors[0].code, 1000);
	cf_error_clear(&err);
	cf_client_free(c);
}

static void
test_readonly_token(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_dns_record_list l;
	struct cf_dns_record r, out;
	struct cf_pool_list pl;
	struct cf_pool pout;

	(void)state;
	if (proxied())
		skip();
	c = client_for(RO_TOKEN, -1);
	assert_int_equal(cf_dns_list(c, ZONE, NULL, &l, &err), CF_OK);
	assert_true(l.n > 0);
	/* Writes are refused, and nothing changes. */
	assert_int_equal(cf_dns_delete(c, ZONE, l.items[0].id, &err),
			 CF_ERR_FORBIDDEN);
	assert_int_equal(err.http_status, 403);
	assert_int_equal(err.errors[0].code, 10000);
	cf_error_clear(&err);
	cf_dns_record_init(&r);
	r.type = strdup("TXT");
	r.name = strdup("ro-test");
	r.content = strdup("x");
	assert_int_equal(cf_dns_create(c, ZONE, &r, &out, &err),
			 CF_ERR_FORBIDDEN);
	cf_error_clear(&err);
	cf_dns_record_free(&r);
	assert_int_equal(cf_dns_get(c, ZONE, l.items[0].id, &out, &err), CF_OK);
	cf_dns_record_free(&out);
	assert_int_equal(cf_pools_list(c, S.account_id, NULL, &pl, &err),
			 CF_OK);
	assert_true(pl.n > 0);
	assert_int_equal(cf_pool_patch(c, S.account_id, pl.items[0].id,
				       &pl.items[0], CF_POOL_F_ENABLED, &pout,
				       &err),
			 CF_ERR_FORBIDDEN);
	cf_error_clear(&err);
	cf_pool_list_free(&pl);
	cf_dns_record_list_free(&l);
	cf_client_free(c);
}

static void
test_rate_limited(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_zone z;
	int i;

	(void)state;
	if (proxied())
		skip();
	c = client_for(TOKEN, -1);
	/* reset restores the seed world and zeroes the rate counters. */
	admin("POST", "/__cfsim/reset", NULL);
	/* A short window: a 429 blocks this process's client until
	 * Retry-After, so keep it small (and this test last). */
	admin("POST", "/__cfsim/ratelimit", "{\"limit\":3,\"window\":2}");
	for (i = 0; i < 3; i++) {
		assert_int_equal(cf_zone_get(c, ZONE, &z, &err), CF_OK);
		cf_zone_free(&z);
	}
	assert_int_equal(cf_zone_get(c, ZONE, &z, &err), CF_ERR_RATE_LIMITED);
	assert_int_equal(err.http_status, 429);
	assert_int_equal(err.errors[0].code, 971);
	assert_string_equal(err.errors[0].message,
			    "Please wait and consider throttling your request "
			    "speed");
	assert_true(err.retry_after >= 1);
	assert_true(err.retryable);
	cf_error_clear(&err);
	cf_client_free(c);
}

static void
test_retries_through_5xx(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_dns_record_list l;
	struct cf_dns_record r, out;
	struct cf_budget b0, b1;

	(void)state;
	if (proxied())
		skip();
	c = client_for(TOKEN, 4);
	/* Two 500s on the DNS list: the GET is retried and succeeds. */
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"5xx\",\"rate\":1,\"count\":2,\"path\":\"/dns_records\"}");
	cf_budget_get(&b0);
	assert_int_equal(cf_dns_list(c, ZONE, NULL, &l, &err), CF_OK);
	cf_budget_get(&b1);
	assert_true(l.n > 0);
	assert_int_equal(b1.sent - b0.sent, 3);
	cf_dns_record_list_free(&l);

	/* A POST is never retried: one 500 fails the create... */
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"5xx\",\"rate\":1,\"count\":1,\"path\":\"/dns_records\"}");
	cf_dns_record_init(&r);
	r.type = strdup("TXT");
	r.name = strdup("retry-test");
	r.content = strdup("x");
	cf_budget_get(&b0);
	assert_int_equal(cf_dns_create(c, ZONE, &r, &out, &err), CF_ERR_SERVER);
	cf_budget_get(&b1);
	assert_int_equal(b1.sent - b0.sent, 1);
	assert_true(err.http_status >= 500);
	cf_error_clear(&err);
	/* ...and the next one goes through. */
	assert_int_equal(cf_dns_create(c, ZONE, &r, &out, &err), CF_OK);
	assert_int_equal(cf_dns_delete(c, ZONE, out.id, &err), CF_OK);
	cf_dns_record_free(&out);
	cf_dns_record_free(&r);
	cf_client_free(c);
}

static void
test_retries_through_drops(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_client *c0;
	struct cf_pool_list pl;
	struct cf_zone z;

	(void)state;
	if (proxied())
		skip();
	c = client_for(TOKEN, 4);
	c0 = client_for(TOKEN, -1);
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"drop\",\"rate\":1,\"count\":2,\"path\":\"/pools\"}");
	assert_int_equal(cf_pools_list(c, S.account_id, NULL, &pl, &err),
			 CF_OK);
	assert_true(pl.n > 0);
	cf_pool_list_free(&pl);

	/* Without retries a dropped connection is a network error. c0 has
	 * made no request yet, so this one opens a new connection, which
	 * libcurl does not retry by itself (it would retry once on a reused
	 * one: connections are kept per client, not shared). */
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"drop\",\"rate\":1,\"count\":1,\"path\":\"/zones\"}");
	assert_int_equal(cf_zone_get(c0, ZONE, &z, &err), CF_ERR_NETWORK);
	assert_int_equal(err.http_status, 0);
	cf_error_clear(&err);
	assert_int_equal(cf_zone_get(c0, ZONE, &z, &err), CF_OK);
	cf_zone_free(&z);
	cf_client_free(c);
	cf_client_free(c0);
}

static void
test_malformed_answer(void **state)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_monitor_list ml;

	(void)state;
	if (proxied())
		skip();
	c = client_for(TOKEN, -1);
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"malformed\",\"rate\":1,\"count\":1,\"path\":\"/monitors\"}");
	assert_int_equal(cf_monitors_list(c, S.account_id, &ml, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_monitors_list(c, S.account_id, &ml, &err), CF_OK);
	assert_true(ml.n > 0);
	cf_monitor_list_free(&ml);
	cf_client_free(c);

	/* A client that retries gets through a truncated answer. */
	c = client_for(TOKEN, 3);
	admin("POST", "/__cfsim/faults",
	      "{\"kind\":\"malformed\",\"rate\":1,\"count\":1,\"path\":\"/monitors\"}");
	assert_int_equal(cf_monitors_list(c, S.account_id, &ml, &err), CF_OK);
	cf_monitor_list_free(&ml);
	cf_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_and_accounts),
		cmocka_unit_test(test_bad_token),
		cmocka_unit_test(test_readonly_token),
		cmocka_unit_test_teardown(test_retries_through_5xx,
					  reset_faults),
		cmocka_unit_test_teardown(test_retries_through_drops,
					  reset_faults),
		cmocka_unit_test_teardown(test_malformed_answer, reset_faults),
		cmocka_unit_test_teardown(test_rate_limited, reset_faults),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
