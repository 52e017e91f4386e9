/* test_timefmt.c: ui.date_format and ui.utc (timefmt.c): RFC 3339 parsing, zones, formats, what does not parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cfconsole/timefmt.h"

static int
teardown(void **state)
{
	(void)state;
	timefmt_reset();
	return 0;
}

static void
test_parse_api(void **state)
{
	time_t t = 0;

	(void)state;
	assert_true(timefmt_parse_api("2024-05-01T12:00:00Z", &t));
	assert_int_equal(t, 1714564800);
	assert_true(timefmt_parse_api("2024-05-01T12:00:00.123456Z", &t));
	assert_int_equal(t, 1714564800);
	assert_true(timefmt_parse_api("2024-05-01T14:30:00+02:30", &t));
	assert_int_equal(t, 1714564800);
	assert_true(timefmt_parse_api("2024-05-01T09:00:00-03:00", &t));
	assert_int_equal(t, 1714564800);

	t = 42;
	assert_false(timefmt_parse_api(NULL, &t));
	assert_false(timefmt_parse_api("", &t));
	assert_false(timefmt_parse_api("2024-05-01", &t));
	assert_false(
		timefmt_parse_api("2024-05-01T12:00:00", &t)); /* no zone */
	assert_false(timefmt_parse_api("2024-05-01T12:00:00Zjunk", &t));
	assert_false(timefmt_parse_api("2024-05-01T12:00:00+2", &t));
	assert_false(timefmt_parse_api("yesterday", &t));
	assert_int_equal(t, 42); /* untouched on failure */
}

static void
test_utc_and_local(void **state)
{
	char buf[64];

	(void)state;
	/* A zone 5 hours west of UTC, no daylight saving. */
	setenv("TZ", "EST5", 1);
	tzset();

	timefmt_configure(NULL, true);
	assert_string_equal(
		timefmt_api("2024-05-01T12:00:00Z", NULL, buf, sizeof(buf)),
		"2024-05-01 12:00:00");
	assert_string_equal(timefmt_clock(1714564800, buf, sizeof(buf)),
			    "12:00:00");

	timefmt_configure(NULL, false);
	assert_string_equal(
		timefmt_api("2024-05-01T12:00:00Z", NULL, buf, sizeof(buf)),
		"2024-05-01 07:00:00");
	assert_string_equal(timefmt_clock(1714564800, buf, sizeof(buf)),
			    "07:00:00");
	assert_string_equal(timefmt_date(1714564800, buf, sizeof(buf)),
			    "2024-05-01 07:00:00");

	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_date_format(void **state)
{
	char buf[64];

	(void)state;
	timefmt_configure("%d/%m %H:%M", true);
	assert_string_equal(
		timefmt_api("2024-05-01T12:34:56Z", NULL, buf, sizeof(buf)),
		"01/05 12:34");
	assert_string_equal(timefmt_date(1714564800, buf, sizeof(buf)),
			    "01/05 12:00");
	/* An explicit format wins (the compact list column). */
	assert_string_equal(timefmt_api("2024-05-01T12:34:56Z",
					"%Y-%m-%d %H:%M", buf, sizeof(buf)),
			    "2024-05-01 12:34");
	/* The clock is always a time of day. */
	assert_string_equal(timefmt_clock(1714564800, buf, sizeof(buf)),
			    "12:00:00");
	/* An empty format setting means the default. */
	timefmt_configure("", true);
	assert_string_equal(timefmt_date(1714564800, buf, sizeof(buf)),
			    "2024-05-01 12:00:00");
}

static void
test_unparsable_and_small_buffers(void **state)
{
	char buf[64], small[8];

	(void)state;
	timefmt_configure(NULL, true);
	/* Not an API timestamp: shown as it is, never hidden. */
	assert_string_equal(
		timefmt_api("sometime soon", NULL, buf, sizeof(buf)),
		"sometime soon");
	assert_string_equal(timefmt_api(NULL, NULL, buf, sizeof(buf)), "-");
	assert_string_equal(timefmt_api("", NULL, buf, sizeof(buf)), "-");
	/* A format that yields nothing, or a buffer too small: "?". */
	assert_string_equal(
		timefmt_api("2024-05-01T12:00:00Z", "", buf, sizeof(buf)), "?");
	assert_string_equal(timefmt_date(1714564800, small, sizeof(small)),
			    "?");
	assert_string_equal(timefmt_api("a long unparsable text", NULL, small,
					sizeof(small)),
			    "a long ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_parse_api, teardown),
		cmocka_unit_test_teardown(test_utc_and_local, teardown),
		cmocka_unit_test_teardown(test_date_format, teardown),
		cmocka_unit_test_teardown(test_unparsable_and_small_buffers,
					  teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
