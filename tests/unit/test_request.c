/* test_request.c: cf_request retries over a scripted transport. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/ratelimit.h"
#include "cf/request.h"

#define OK_BODY "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":1}"

/* One scripted answer; the script's last entry repeats forever. */
struct step {
	enum cf_status ts;
	long http;
	const char *body;
	double retry_after;
};

struct script {
	const struct step *steps;
	int nsteps;
	int calls;
	atomic_bool *cancel_on_call; /* set the flag during call N */
	int cancel_call;
};

static void
script_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct script *s = ctx;
	for (size_t i = 0; i < n; i++) {
		int k = s->calls < s->nsteps ? s->calls : s->nsteps - 1;
		s->calls++;
		if (s->cancel_on_call && s->calls == s->cancel_call)
			atomic_store(s->cancel_on_call, true);
		const struct step *st = &s->steps[k];
		xs[i].transport_status = st->ts;
		xs[i].http_status = st->http;
		xs[i].resp_body = st->body ? strdup(st->body) : NULL;
		xs[i].resp_len = st->body ? strlen(st->body) : 0;
		xs[i].retry_after = st->retry_after;
		xs[i].ratelimit_remaining = -1;
	}
}

static const struct cf_transport_ops script_ops = { .perform = script_perform };

static struct cf_client *
client(struct script *s, int max_retries, long base_ms)
{
	struct cf_client_options o = {
		.base_url = "https://api.example.com/client/v4",
		.max_retries = max_retries,
		.retry_base_ms = base_ms,
		.retry_max_ms = base_ms * 4,
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);
	assert_non_null(c);
	cf_client_set_transport(c, &script_ops, s);
	return c;
}

static int
reset(void **state)
{
	(void)state;
	cf_ratelimit_reset();
	return 0;
}

static void
test_retry_until_success(void **state)
{
	(void)state;
	static const struct step steps[] = {
		{ CF_ERR_NETWORK, 0, NULL, 0 },
		{ CF_ERR_TIMEOUT, 0, NULL, 0 },
		{ CF_OK, 503, "<html>busy</html>", 0 },
		{ CF_OK, 200, "{\"result\":", 0 },
		{ CF_OK, 200, OK_BODY, 0 },
	};
	struct script s = { steps, 5, 0, NULL, 0 };
	struct cf_client *c = client(&s, 4, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e), CF_OK);
	assert_int_equal(e.status, CF_OK);
	assert_int_equal(s.calls, 5);
	assert_int_equal(r.result->valueint, 1);
	cf_response_free(&r);
	cf_client_free(c);
}

static void
test_retries_bounded(void **state)
{
	(void)state;
	static const struct step steps[] = { { CF_OK, 502, NULL, 0 } };
	struct script s = { steps, 1, 0, NULL, 0 };
	struct cf_client *c = client(&s, 3, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "DELETE", "/a", NULL, "{}", &r, &e),
			 CF_ERR_SERVER);
	assert_int_equal(s.calls, 4);
	assert_string_equal(e.detail, "HTTP 502: the API had a server error");
	cf_error_clear(&e);

	/* A PUT or PATCH (a body built from an earlier read) is never
	 * resent by the client: one try (issue 8, item 16). */
	s.calls = 0;
	assert_int_equal(cf_request(c, "PUT", "/a", NULL, "{}", &r, &e),
			 CF_ERR_SERVER);
	assert_int_equal(s.calls, 1);
	cf_error_clear(&e);
	s.calls = 0;
	assert_int_equal(cf_request(c, "PATCH", "/a", NULL, "{}", &r, &e),
			 CF_ERR_SERVER);
	assert_int_equal(s.calls, 1);
	assert_true(e.retryable); /* the caller may retry, afresh */
	cf_error_clear(&e);
	cf_client_free(c);

	/* max_retries -1: one try only. */
	s.calls = 0;
	c = client(&s, -1, 1);
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e),
			 CF_ERR_SERVER);
	assert_int_equal(s.calls, 1);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_post_never_retried(void **state)
{
	(void)state;
	static const struct step steps[] = { { CF_ERR_NETWORK, 0, NULL, 0 },
					     { CF_OK, 200, OK_BODY, 0 } };
	struct script s = { steps, 2, 0, NULL, 0 };
	struct cf_client *c = client(&s, 4, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "POST", "/a", NULL, "{}", &r, &e),
			 CF_ERR_NETWORK);
	assert_int_equal(s.calls, 1);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_429_waits_retry_after(void **state)
{
	(void)state;
	static const struct step steps[] = {
		{ CF_OK, 429,
		  "{\"success\":false,\"errors\":[{\"code\":971,"
		  "\"message\":\"Please wait\"}],\"messages\":[],\"result\":null}",
		  0.3 },
		{ CF_OK, 200, OK_BODY, 0 },
	};
	struct script s = { steps, 2, 0, NULL, 0 };
	struct cf_client *c = client(&s, 2, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	double t0 = cf_ratelimit_now();
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e), CF_OK);
	double dt = cf_ratelimit_now() - t0;
	cf_response_free(&r);
	assert_true(dt >= 0.29 && dt < 1.0);
	assert_int_equal(s.calls, 2);
	cf_client_free(c);
}

static void
test_429_exhausted_reports(void **state)
{
	(void)state;
	static const struct step steps[] = {
		{ CF_OK, 429,
		  "{\"success\":false,\"errors\":[{\"code\":971,"
		  "\"message\":\"Please wait\"}],\"messages\":[],\"result\":null}",
		  0.05 },
	};
	struct script s = { steps, 1, 0, NULL, 0 };
	struct cf_client *c = client(&s, 1, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e),
			 CF_ERR_RATE_LIMITED);
	assert_true(e.retryable);
	assert_true(e.retry_after == 0.05);
	assert_int_equal(e.errors[0].code, 971);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_cancel_during_backoff(void **state)
{
	(void)state;
	atomic_bool flag = false;
	static const struct step steps[] = { { CF_OK, 500, NULL, 0 } };
	struct script s = { steps, 1, 0, &flag, 1 };
	/* Backoff of 5 s would be noticed; cancel must cut it short. */
	struct cf_client *c = client(&s, 4, 5000);
	cf_client_set_cancel(c, &flag);
	struct cf_response r;
	struct cf_error e = { 0 };
	double t0 = cf_ratelimit_now();
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e),
			 CF_ERR_CANCELLED);
	assert_true(cf_ratelimit_now() - t0 < 0.5);
	assert_int_equal(s.calls, 1);
	cf_error_clear(&e);
	/* Already cancelled: nothing is sent. */
	assert_int_equal(cf_request(c, "GET", "/a", NULL, NULL, &r, &e),
			 CF_ERR_CANCELLED);
	assert_int_equal(s.calls, 1);
	cf_error_clear(&e);
	cf_client_set_cancel(c, NULL);
	cf_client_free(c);
}

static void
test_bad_arguments(void **state)
{
	(void)state;
	struct script s = { NULL, 0, 0, NULL, 0 };
	struct cf_client *c = client(&s, 1, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, NULL, "/a", NULL, NULL, &r, &e),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
	assert_int_equal(cf_request(NULL, "GET", "/a", NULL, NULL, &r, &e),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
	assert_int_equal(s.calls, 0);
	cf_client_free(c);
}

static void
test_escape_and_query(void **state)
{
	(void)state;
	char *s = cf_escape("a b/c?d=e&f%g~h_i.j-k");
	assert_string_equal(s, "a%20b%2Fc%3Fd%3De%26f%25g~h_i.j-k");
	free(s);
	s = cf_escape("\xc3\xa9");
	assert_string_equal(s, "%C3%A9");
	free(s);
	s = cf_escape(NULL);
	assert_string_equal(s, "");
	free(s);

	char *q = NULL;
	cf_query_add(&q, "name", "www.example.com");
	assert_string_equal(q, "name=www.example.com");
	cf_query_add(&q, "content", "v=spf1 include:x ~all");
	assert_string_equal(
		q,
		"name=www.example.com&content=v%3Dspf1%20include%3Ax%20~all");
	cf_query_add(&q, "empty", NULL);
	assert_string_equal(q + strlen(q) - 7, "&empty=");
	free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_retry_until_success, reset),
		cmocka_unit_test_setup(test_retries_bounded, reset),
		cmocka_unit_test_setup(test_post_never_retried, reset),
		cmocka_unit_test_setup(test_429_waits_retry_after, reset),
		cmocka_unit_test_setup(test_429_exhausted_reports, reset),
		cmocka_unit_test_setup(test_cancel_during_backoff, reset),
		cmocka_unit_test_setup(test_bad_arguments, reset),
		cmocka_unit_test(test_escape_and_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
