/* test_retry.c: retry decisions and backoff bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cfconsole/cf_client.h"

static void
test_should_idempotent_only(void **state)
{
	(void)state;
	const char *yes[] = { "GET", "HEAD", "DELETE", "get" };
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		assert_true(cf_retry_should(yes[i], CF_OK, 503, 0, 4));
		assert_true(cf_retry_should(yes[i], CF_ERR_NETWORK, 0, 0, 4));
	}
	/* PUT and PATCH carry a body built from an earlier read: never
	 * resent blindly (issue 8, item 16); the caller retries with a
	 * fresh read-modify-write. */
	const char *rmw[] = { "PUT", "PATCH", "patch" };
	for (size_t i = 0; i < sizeof(rmw) / sizeof(rmw[0]); i++) {
		assert_false(cf_retry_should(rmw[i], CF_OK, 503, 0, 4));
		assert_false(cf_retry_should(rmw[i], CF_OK, 429, 0, 4));
		assert_false(cf_retry_should(rmw[i], CF_ERR_NETWORK, 0, 0, 4));
		assert_false(cf_retry_should(rmw[i], CF_ERR_TIMEOUT, 0, 0, 4));
		assert_false(
			cf_retry_should(rmw[i], CF_ERR_MALFORMED, 200, 0, 4));
	}
	/* POST never, whatever happened. */
	assert_false(cf_retry_should("POST", CF_OK, 503, 0, 4));
	assert_false(cf_retry_should("POST", CF_OK, 429, 0, 4));
	assert_false(cf_retry_should("POST", CF_ERR_NETWORK, 0, 0, 4));
	assert_false(cf_retry_should("POST", CF_ERR_TIMEOUT, 0, 0, 4));
	assert_false(cf_retry_should("POST", CF_ERR_MALFORMED, 200, 0, 4));
	assert_false(cf_retry_should(NULL, CF_OK, 503, 0, 4));
	assert_false(cf_retry_should("OPTIONS", CF_OK, 503, 0, 4));
}

static void
test_should_by_outcome(void **state)
{
	(void)state;
	assert_true(cf_retry_should("GET", CF_OK, 500, 0, 4));
	assert_true(cf_retry_should("GET", CF_OK, 502, 0, 4));
	assert_true(cf_retry_should("GET", CF_OK, 599, 0, 4));
	assert_true(cf_retry_should("GET", CF_OK, 429, 0, 4));
	assert_true(cf_retry_should("GET", CF_ERR_TIMEOUT, 0, 0, 4));
	assert_true(cf_retry_should("GET", CF_ERR_NETWORK, 0, 0, 4));
	assert_true(cf_retry_should("GET", CF_ERR_MALFORMED, 200, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 200, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 400, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 401, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 403, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 404, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 409, 0, 4));
	assert_false(cf_retry_should("GET", CF_OK, 412, 0, 4));
	assert_false(cf_retry_should("GET", CF_ERR_CANCELLED, 0, 0, 4));
	assert_false(cf_retry_should("GET", CF_ERR_NOMEM, 0, 0, 4));
	assert_false(cf_retry_should("GET", CF_ERR_INVALID_ARG, 0, 0, 4));
}

static void
test_should_bounded(void **state)
{
	(void)state;
	for (int a = 0; a < 4; a++)
		assert_true(cf_retry_should("GET", CF_OK, 503, a, 4));
	assert_false(cf_retry_should("GET", CF_OK, 503, 4, 4));
	assert_false(cf_retry_should("GET", CF_OK, 503, 9, 4));
	assert_false(cf_retry_should("GET", CF_OK, 503, 0, 0));
	assert_false(cf_retry_should("GET", CF_OK, 503, -1, 4));
}

static void
test_delay_exponential_and_capped(void **state)
{
	(void)state;
	/* No jitter: 500, 1000, 2000, 4000, 8000, 8000 ... */
	long want[] = { 500, 1000, 2000, 4000, 8000, 8000, 8000 };
	for (int a = 1; a <= 7; a++)
		assert_int_equal(cf_retry_delay_ms(a, 500, 8000, 0, 0),
				 want[a - 1]);
	/* Huge attempt numbers do not overflow. */
	assert_int_equal(cf_retry_delay_ms(1000, 500, 8000, 0, 0), 8000);
	assert_int_equal(cf_retry_delay_ms(0, 500, 8000, 0, 0), 500);
}

static void
test_delay_jitter_bounds(void **state)
{
	(void)state;
	/* Full jitter takes 25% off, never more; never negative. */
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 0, 1.0), 375);
	assert_int_equal(cf_retry_delay_ms(5, 500, 8000, 0, 1.0), 6000);
	assert_int_equal(cf_retry_delay_ms(2, 500, 8000, 0, 0.5), 875);
	for (int i = 0; i <= 100; i++) {
		double j = i / 100.0;
		for (int a = 1; a < 8; a++) {
			long full = cf_retry_delay_ms(a, 500, 8000, 0, 0);
			long d = cf_retry_delay_ms(a, 500, 8000, 0, j);
			assert_true(d <= full);
			assert_true(d >= full - full / 4);
		}
	}
	/* Out-of-range jitter is clamped. */
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 0, 7.0), 375);
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 0, -3.0), 500);
}

static void
test_delay_retry_after(void **state)
{
	(void)state;
	/* A longer Retry-After wins over the backoff. */
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 3, 0), 3000);
	/* A shorter one does not shorten it. */
	assert_int_equal(cf_retry_delay_ms(4, 500, 8000, 1, 0), 4000);
	/* Capped at 60 s. */
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 300, 0), 60000);
	assert_int_equal(cf_retry_delay_ms(1, 500, 8000, 0.25, 0), 500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_should_idempotent_only),
		cmocka_unit_test(test_should_by_outcome),
		cmocka_unit_test(test_should_bounded),
		cmocka_unit_test(test_delay_exponential_and_capped),
		cmocka_unit_test(test_delay_jitter_bounds),
		cmocka_unit_test(test_delay_retry_after),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
