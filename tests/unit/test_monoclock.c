/* test_monoclock.c: the one monotonic clock: never goes back, and its seconds and milliseconds agree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "cfconsole/monoclock.h"

static void
test_never_goes_back(void **state)
{
	double prev = monoclock_ms(), now;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		now = monoclock_ms();
		assert_true(now >= prev);
		prev = now;
	}
}

static void
test_units_agree(void **state)
{
	double ms, s, ms2;

	(void)state;
	ms = monoclock_ms();
	s = monoclock_s();
	ms2 = monoclock_ms();
	/* s was read between the two: within them, in seconds. */
	assert_true(s * 1e3 >= ms - 1e-6);
	assert_true(s * 1e3 <= ms2 + 1e-6);
}

static void
test_is_clock_monotonic(void **state)
{
	struct timespec a, b;
	double ms;

	(void)state;
	/* The same clock as CLOCK_MONOTONIC, not the wall clock: a reading
	 * lies between two of CLOCK_MONOTONIC taken around it. */
	clock_gettime(CLOCK_MONOTONIC, &a);
	ms = monoclock_ms();
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(ms >= a.tv_sec * 1e3 + a.tv_nsec / 1e6 - 1e-6);
	assert_true(ms <= b.tv_sec * 1e3 + b.tv_nsec / 1e6 + 1e-6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_never_goes_back),
		cmocka_unit_test(test_units_agree),
		cmocka_unit_test(test_is_clock_monotonic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
