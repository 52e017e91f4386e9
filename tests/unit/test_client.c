/* test_client.c: URL policy, auth headers, secrets kept out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/request.h"

#define TOKEN "Zx9SecretTokenValue_0123456789abcdefABCDEF"
#define KEY "c2547eb745079dac9320b638f5e225cf483cc"
#define EMAIL "ops@example.com"

/* Mutable copies: struct cf_credentials holds char *. */
static char token_s[] = TOKEN;
static char key_s[] = KEY;
static char email_s[] = EMAIL;
static char evil_s[] = TOKEN "\r\nX-Evil: 1";
static char empty_s[] = "";

/* ---- fake transport: answers every exchange with one canned reply ----- */

struct fake {
	long http;
	const char *body;
	enum cf_status ts;
	int calls;
	char headers[2048]; /* the last request's header lines, '\n'-joined */
	char url[512];
	char method[16];
	char body_seen[256];
};

static void
fake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct fake *f = ctx;
	for (size_t i = 0; i < n; i++) {
		struct cf_http_exchange *x = &xs[i];
		f->calls++;
		f->headers[0] = '\0';
		for (const char *const *h = x->headers; *h; h++) {
			strncat(f->headers, *h,
				sizeof(f->headers) - strlen(f->headers) - 2);
			strcat(f->headers, "\n");
		}
		snprintf(f->url, sizeof(f->url), "%s", x->url);
		snprintf(f->method, sizeof(f->method), "%s", x->method);
		snprintf(f->body_seen, sizeof(f->body_seen), "%.*s",
			 (int)x->body_len, x->body ? x->body : "");
		x->transport_status = f->ts;
		x->http_status = f->http;
		x->resp_body = f->body ? strdup(f->body) : NULL;
		x->resp_len = f->body ? strlen(f->body) : 0;
		x->retry_after = 0;
		x->ratelimit_remaining = 42;
	}
}

static const struct cf_transport_ops fake_ops = { .perform = fake_perform };

/* ---- log capture ------------------------------------------------------ */

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static char log_text[8192];
static int log_lines;

static void
capture_log(const char *line, void *ud)
{
	(void)ud;
	pthread_mutex_lock(&log_mu);
	strncat(log_text, line, sizeof(log_text) - strlen(log_text) - 2);
	strcat(log_text, "\n");
	log_lines++;
	pthread_mutex_unlock(&log_mu);
}

static int
setup(void **state)
{
	(void)state;
	log_text[0] = '\0';
	log_lines = 0;
	cf_set_log(capture_log, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cf_set_log(NULL, NULL);
	return 0;
}

static struct cf_client *
new_client(const char *url, const struct cf_credentials *creds)
{
	struct cf_client_options o = {
		.base_url = url,
		.creds = creds,
		.retry_base_ms = 1,
		.retry_max_ms = 2,
		.max_retries = 2,
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);
	assert_non_null(c);
	assert_int_equal(e.status, CF_OK);
	return c;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_url_policy(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"https://api.cloudflare.com/client/v4",
		"https://api.cloudflare.com/client/v4/",
		"HTTPS://example.net",
		"https://example.net:8443/x",
		"http://127.0.0.1:8080/client/v4",
		"http://127.5.6.7/",
		"http://[::1]:9000/client/v4",
		"http://localhost:1234/client/v4",
		"http://LOCALHOST/client/v4",
	};
	static const char *const bad[] = {
		"http://api.cloudflare.com/client/v4",
		"http://128.0.0.1/",
		"http://10.0.0.1/",
		"http://127.0.0.1.evil.example/",
		"http://localhost.evil.example/",
		"http://[::2]/",
		"ftp://127.0.0.1/",
		"file:///etc/passwd",
		"api.cloudflare.com/client/v4",
		"https://user:pw@api.cloudflare.com/client/v4",
		"https://api.cloudflare.com/client/v4?x=1",
		"https://api.cloudflare.com/client/v4#frag",
		"https://",
		"",
		NULL,
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!cf_url_is_allowed(ok[i]))
			fail_msg("refused %s", ok[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cf_url_is_allowed(bad[i]))
			fail_msg("allowed %s", bad[i]);
}

static void
test_client_new_refuses_insecure(void **state)
{
	(void)state;
	struct cf_client_options o = { .base_url =
					       "http://api.example.com/v4" };
	struct cf_error e = { 0 };
	assert_null(cf_client_new(&o, &e));
	assert_int_equal(e.status, CF_ERR_INSECURE_URL);
	assert_non_null(e.detail);
	cf_error_clear(&e);
	o.base_url = "gopher://127.0.0.1/";
	assert_null(cf_client_new(&o, &e));
	assert_int_equal(e.status, CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
}

static void
test_base_url_normalised(void **state)
{
	(void)state;
	struct cf_client *c =
		new_client("http://127.0.0.1:4000/client/v4//", NULL);
	assert_string_equal(cf_client_base_url(c),
			    "http://127.0.0.1:4000/client/v4");
	assert_string_equal(cf_client_host(c), "127.0.0.1");
	cf_client_free(c);
	struct cf_error e = { 0 };
	c = cf_client_new(NULL, &e);
	assert_non_null(c);
	assert_string_equal(cf_client_base_url(c), CF_DEFAULT_BASE_URL);
	assert_string_equal(cf_client_host(c), "api.cloudflare.com");
	cf_client_free(c);
	c = new_client("http://[::1]:9/", NULL);
	assert_string_equal(cf_client_base_url(c), "http://[::1]:9");
	cf_client_free(c);
	cf_client_free(NULL);
}

static void
test_bearer_header(void **state)
{
	(void)state;
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = token_s };
	struct cf_client *c =
		new_client("https://api.example.com/client/v4", &cr);
	struct fake f = { .http = 200,
			  .body = "{\"success\":true,\"errors\":[],"
				  "\"messages\":[],\"result\":{}}" };
	cf_client_set_transport(c, &fake_ops, &f);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(
		cf_request(c, "GET", "/user/tokens/verify", NULL, NULL, &r, &e),
		CF_OK);
	cf_response_free(&r);
	assert_non_null(strstr(f.headers, "Authorization: Bearer " TOKEN "\n"));
	assert_null(strstr(f.headers, "X-Auth-Key"));
	assert_non_null(strstr(f.headers, "User-Agent: cfconsole/"));
	assert_null(strstr(f.headers, "Content-Type"));
	assert_string_equal(
		f.url, "https://api.example.com/client/v4/user/tokens/verify");
	cf_client_free(c);
}

static void
test_key_headers_and_body(void **state)
{
	(void)state;
	struct cf_credentials cr = { .kind = CF_AUTH_KEY,
				     .email = email_s,
				     .key = key_s };
	struct cf_client *c =
		new_client("https://api.example.com/client/v4", &cr);
	struct fake f = {
		.http = 200,
		.body = "{\"success\":true,\"errors\":[],"
			"\"messages\":[],\"result\":{\"id\":\"1\"}}"
	};
	cf_client_set_transport(c, &fake_ops, &f);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "POST", "/zones/abc/dns_records", "a=1",
				    "{\"type\":\"A\"}", &r, &e),
			 CF_OK);
	cf_response_free(&r);
	assert_non_null(strstr(f.headers, "X-Auth-Email: " EMAIL "\n"));
	assert_non_null(strstr(f.headers, "X-Auth-Key: " KEY "\n"));
	assert_null(strstr(f.headers, "Authorization"));
	assert_non_null(strstr(f.headers, "Content-Type: application/json\n"));
	assert_string_equal(f.method, "POST");
	assert_string_equal(f.body_seen, "{\"type\":\"A\"}");
	assert_string_equal(
		f.url,
		"https://api.example.com/client/v4/zones/abc/dns_records?a=1");
	cf_client_free(c);
}

static void
test_no_credentials(void **state)
{
	(void)state;
	struct cf_client *c = new_client("https://api.example.com", NULL);
	struct fake f = {
		.http = 400,
		.body = "{\"success\":false,\"errors\":"
			"[{\"code\":9106,\"message\":\"Missing X-Auth-Key, X-Auth-Email "
			"or Authorization headers\"}]}"
	};
	cf_client_set_transport(c, &fake_ops, &f);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/zones", NULL, NULL, &r, &e),
			 CF_ERR_AUTH);
	assert_null(strstr(f.headers, "Authorization"));
	assert_null(strstr(f.headers, "X-Auth"));
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_bad_credentials_refused(void **state)
{
	(void)state;
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = evil_s };
	struct cf_client_options o = { .creds = &cr };
	struct cf_error e = { 0 };
	assert_null(cf_client_new(&o, &e));
	assert_int_equal(e.status, CF_ERR_INVALID_ARG);
	assert_null(strstr(e.detail, TOKEN));
	cf_error_clear(&e);
	struct cf_credentials k = { .kind = CF_AUTH_KEY, .email = email_s };
	o.creds = &k;
	assert_null(cf_client_new(&o, &e));
	assert_int_equal(e.status, CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
	struct cf_credentials t = { .kind = CF_AUTH_TOKEN, .token = empty_s };
	o.creds = &t;
	assert_null(cf_client_new(&o, &e));
	cf_error_clear(&e);
}

static void
test_secrets_never_leak(void **state)
{
	(void)state;
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = token_s };
	struct cf_client *c =
		new_client("https://api.example.com/client/v4", &cr);
	/* A server (or proxy) that echoes the credential back. */
	struct fake f = {
		.http = 400,
		.body = "{\"success\":false,\"errors\":"
			"[{\"code\":6003,\"message\":\"Invalid request headers\","
			"\"error_chain\":[{\"code\":6111,\"message\":\"bad header "
			"Bearer " TOKEN
			"\"}]}],\"messages\":[],\"result\":null}"
	};
	cf_client_set_transport(c, &fake_ops, &f);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/zones", "name=x", NULL, &r, &e),
			 CF_ERR_AUTH);
	char buf[512];
	cf_error_format(&e, buf, sizeof(buf));
	assert_null(strstr(buf, TOKEN));
	assert_null(strstr(e.detail, TOKEN));
	for (size_t i = 0; i < e.nerrors; i++)
		assert_null(strstr(e.errors[i].message, TOKEN));
	assert_non_null(strstr(e.detail, "bad header Bearer ****"));
	cf_error_clear(&e);

	/* A 502 HTML page echoing the key, and a network failure. */
	f.http = 502;
	f.body = "<html>" TOKEN "</html>";
	assert_int_equal(cf_request(c, "GET", "/zones", NULL, NULL, &r, &e),
			 CF_ERR_SERVER);
	assert_null(strstr(e.detail, TOKEN));
	cf_error_clear(&e);
	f.ts = CF_ERR_NETWORK;
	assert_int_equal(
		cf_request(c, "DELETE", "/zones/1", NULL, NULL, &r, &e),
		CF_ERR_NETWORK);
	assert_null(strstr(e.detail, TOKEN));
	assert_true(e.retryable);
	cf_error_clear(&e);

	/* Log lines: method, path+query, outcome, ms; never a header. */
	pthread_mutex_lock(&log_mu);
	assert_null(strstr(log_text, TOKEN));
	assert_null(strstr(log_text, "Bearer"));
	assert_non_null(strstr(log_text, "GET /zones?name=x -> 400 ("));
	assert_non_null(strstr(log_text, "GET /zones -> 502 ("));
	assert_non_null(strstr(log_text, "DELETE /zones/1 -> network error ("));
	/* 1 + (1 + 2 retries) + (1 + 2 retries) */
	assert_int_equal(log_lines, 7);
	pthread_mutex_unlock(&log_mu);
	assert_int_equal(f.calls, 7);
	cf_client_free(c);
}

static void
test_credentials_wipe(void **state)
{
	(void)state;
	struct cf_credentials cr = { .kind = CF_AUTH_KEY,
				     .email = strdup(EMAIL),
				     .key = strdup(KEY) };
	cf_credentials_wipe(&cr);
	assert_int_equal(cr.kind, CF_AUTH_NONE);
	assert_null(cr.email);
	assert_null(cr.key);
	assert_null(cr.token);
	cf_credentials_wipe(NULL);
	cf_credentials_wipe(&cr);
}

static void
test_budget_counts_requests(void **state)
{
	(void)state;
	struct cf_client *c = new_client("https://api.example.com", NULL);
	struct fake f = { .http = 200,
			  .body = "{\"success\":true,\"errors\":[],"
				  "\"messages\":[],\"result\":null}" };
	cf_client_set_transport(c, &fake_ops, &f);
	struct cf_budget b0, b1;
	cf_budget_get(&b0);
	struct cf_response r;
	struct cf_error e = { 0 };
	for (int i = 0; i < 3; i++) {
		assert_int_equal(cf_request(c, "GET", "/x", NULL, NULL, &r, &e),
				 CF_OK);
		cf_response_free(&r);
	}
	cf_budget_get(&b1);
	assert_int_equal(b1.sent - b0.sent, 3);
	assert_int_equal(b1.server_remaining, 42);
	cf_client_free(c);
}

int
main(void)
{
	if (cf_global_init() != CF_OK)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_policy),
		cmocka_unit_test(test_client_new_refuses_insecure),
		cmocka_unit_test(test_base_url_normalised),
		cmocka_unit_test_setup_teardown(test_bearer_header, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_key_headers_and_body,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_credentials, setup,
						teardown),
		cmocka_unit_test(test_bad_credentials_refused),
		cmocka_unit_test_setup_teardown(test_secrets_never_leak, setup,
						teardown),
		cmocka_unit_test(test_credentials_wipe),
		cmocka_unit_test(test_budget_counts_requests),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	cf_global_cleanup();
	return rc;
}
