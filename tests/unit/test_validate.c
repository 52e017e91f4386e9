/* test_validate.c: the core field validators (validate.c) with good and bad values, and the reasons they give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cfconsole/validate.h"

static char why[VALID_WHY_MAX];

/* The reason must be set, one line, and contain `part`. */
static void
assert_why(const char *part)
{
	if (!strstr(why, part))
		fprintf(stderr, "reason \"%s\" lacks \"%s\"\n", why, part);
	assert_non_null(strstr(why, part));
	assert_null(strchr(why, '\n'));
}

#define BAD(call, part) \
	do { \
		why[0] = '\0'; \
		assert_false(call); \
		assert_why(part); \
	} while (0)

static void
test_addresses(void **state)
{
	(void)state;
	assert_true(valid_ipv4("192.0.2.10", why, sizeof(why)));
	BAD(valid_ipv4("192.0.2.300", why, sizeof(why)), "IPv4");
	BAD(valid_ipv4("", why, sizeof(why)), "IPv4");
	assert_true(valid_ipv6("2001:db8::10", why, sizeof(why)));
	BAD(valid_ipv6("2001:db8:::10", why, sizeof(why)), "IPv6");

	assert_true(
		valid_origin_address("127.0.0.11", false, why, sizeof(why)));
	assert_true(
		valid_origin_address("203.0.113.5", false, why, sizeof(why)));
	assert_true(
		valid_origin_address("2001:db8::5", false, why, sizeof(why)));
	assert_true(valid_origin_address("gpu-1.example.net", false, why,
					 sizeof(why)));
	assert_true(valid_origin_address("localhost", false, why, sizeof(why)));
	BAD(valid_origin_address("", false, why, sizeof(why)), "enter");
	BAD(valid_origin_address("10.0.0.300", false, why, sizeof(why)),
	    "IPv4");
	BAD(valid_origin_address("2001:db8::g", false, why, sizeof(why)),
	    "IPv6");
	BAD(valid_origin_address("gpu 1", false, why, sizeof(why)),
	    "not allowed");
	BAD(valid_origin_address("-gpu.example", false, why, sizeof(why)),
	    "start");
	/* Internal ranges need a virtual network; with one they pass. */
	BAD(valid_origin_address("10.1.2.3", false, why, sizeof(why)),
	    "virtual network");
	BAD(valid_origin_address("172.16.0.1", false, why, sizeof(why)),
	    "virtual network");
	BAD(valid_origin_address("192.168.1.1", false, why, sizeof(why)),
	    "virtual network");
	BAD(valid_origin_address("100.64.0.1", false, why, sizeof(why)),
	    "virtual network");
	BAD(valid_origin_address("fd00::1", false, why, sizeof(why)),
	    "virtual network");
	assert_true(valid_origin_address("10.1.2.3", true, why, sizeof(why)));
	assert_true(
		valid_origin_address("172.32.0.1", false, why, sizeof(why)));
}

static void
test_hostnames(void **state)
{
	char longlabel[80], longname[400];

	(void)state;
	assert_true(valid_hostname("api.example.com", true, false, why,
				   sizeof(why)));
	assert_true(valid_hostname("xn--bcher-kva.example", true, false, why,
				   sizeof(why)));
	BAD(valid_hostname("api", true, false, why, sizeof(why)),
	    "full hostname");
	BAD(valid_hostname("api.example.com.", true, false, why, sizeof(why)),
	    "dot");
	BAD(valid_hostname("api..example.com", true, false, why, sizeof(why)),
	    "empty label");
	BAD(valid_hostname("api-.example.com", true, false, why, sizeof(why)),
	    "end");
	BAD(valid_hostname("b\xc3\xbc"
			   "cher.example",
			   true, false, why, sizeof(why)),
	    "Punycode");
	BAD(valid_hostname("_dmarc.example.com", true, false, why, sizeof(why)),
	    "'_'");
	assert_true(valid_hostname("_dmarc.example.com", true, true, why,
				   sizeof(why)));
	memset(longlabel, 'a', 64);
	strcpy(longlabel + 64, ".com");
	BAD(valid_hostname(longlabel, true, false, why, sizeof(why)), "63");
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 60; i++)
		strcat(longname, "abcd.");
	strcat(longname, "com");
	BAD(valid_hostname(longname, true, false, why, sizeof(why)), "253");

	assert_true(valid_in_zone("api.example.com", "example.com", why,
				  sizeof(why)));
	assert_true(
		valid_in_zone("EXAMPLE.com", "example.com", why, sizeof(why)));
	BAD(valid_in_zone("api.badexample.com", "example.com", why,
			  sizeof(why)),
	    "not inside the zone example.com");
	BAD(valid_in_zone("api.example.org", "example.com", why, sizeof(why)),
	    "not inside");
	BAD(valid_in_zone("predict", "example.com", why, sizeof(why)),
	    "type predict.example.com");
	BAD(valid_in_zone("api.example.com", "", why, sizeof(why)), "zone");

	assert_true(valid_lb_name("lb.inference.dev", "inference.dev", why,
				  sizeof(why)));
	BAD(valid_lb_name("lb.example.com", "inference.dev", why, sizeof(why)),
	    "not inside");
	BAD(valid_lb_name("_lb.inference.dev", "inference.dev", why,
			  sizeof(why)),
	    "'_'");
	assert_true(valid_record_name("_acme.inference.dev", "inference.dev",
				      why, sizeof(why)));

	assert_true(valid_pool_name("primary-dc_1", why, sizeof(why)));
	BAD(valid_pool_name("primary dc", why, sizeof(why)), "letters, digits");
	BAD(valid_pool_name("pool.example", why, sizeof(why)),
	    "letters, digits");
	BAD(valid_pool_name("", why, sizeof(why)), "enter a pool name");
	assert_true(valid_origin_name("origin-1", why, sizeof(why)));
	BAD(valid_origin_name("origin 1", why, sizeof(why)), "spaces");

	assert_true(valid_host_header("api.example.com", why, sizeof(why)));
	assert_true(
		valid_host_header("api.example.com:8443", why, sizeof(why)));
	BAD(valid_host_header("api.example.com:0", why, sizeof(why)), "port");
	BAD(valid_host_header("", why, sizeof(why)), "Host");
}

static void
test_numbers(void **state)
{
	int v = -1;
	double w = -1;

	(void)state;
	assert_true(
		valid_int_text("8080", "port", 0, 65535, &v, why, sizeof(why)));
	assert_int_equal(v, 8080);
	BAD(valid_int_text("65536", "port", 0, 65535, &v, why, sizeof(why)),
	    "port must be from 0 to 65535");
	BAD(valid_int_text("-1", "port", 0, 65535, &v, why, sizeof(why)),
	    "from 0 to 65535");
	BAD(valid_int_text("80a", "port", 0, 65535, &v, why, sizeof(why)),
	    "whole number");
	BAD(valid_int_text(" 80", "port", 0, 65535, &v, why, sizeof(why)),
	    "whole number");
	BAD(valid_int_text("", "port", 0, 65535, &v, why, sizeof(why)),
	    "enter port");
	assert_int_equal(v, 8080); /* untouched on failure */

	assert_true(valid_port(0, why, sizeof(why)));
	assert_true(valid_port(65535, why, sizeof(why)));
	BAD(valid_port(70000, why, sizeof(why)), "65535");

	assert_true(valid_weight(0, why, sizeof(why)));
	assert_true(valid_weight(1, why, sizeof(why)));
	assert_true(valid_weight(0.57, why, sizeof(why)));
	BAD(valid_weight(1.01, why, sizeof(why)), "from 0 to 1");
	BAD(valid_weight(-0.01, why, sizeof(why)), "from 0 to 1");
	BAD(valid_weight(0.333, why, sizeof(why)), "steps of 0.01");
	assert_true(valid_weight_text("0.5", &w, why, sizeof(why)));
	assert_true(w == 0.5);
	assert_true(valid_weight_text(".25", &w, why, sizeof(why)));
	assert_true(w == 0.25);
	assert_true(valid_weight_text("0.100", &w, why, sizeof(why)));
	BAD(valid_weight_text("0.125", &w, why, sizeof(why)), "steps of 0.01");
	BAD(valid_weight_text("1.5", &w, why, sizeof(why)), "from 0 to 1");
	BAD(valid_weight_text("half", &w, why, sizeof(why)), "number");
	BAD(valid_weight_text("-0", &w, why, sizeof(why)), "number");
	BAD(valid_weight_text("", &w, why, sizeof(why)), "enter a weight");
}

static void
test_monitor(void **state)
{
	size_t n;

	(void)state;
	for (size_t i = 0; i < valid_nmonitor_types; i++) {
		assert_true(valid_monitor_type(valid_monitor_types[i].value,
					       why, sizeof(why)));
		assert_true(strlen(valid_monitor_types[i].help) > 10);
	}
	BAD(valid_monitor_type("HTTP", why, sizeof(why)),
	    "http, https, tcp, udp_icmp, icmp_ping, smtp");
	BAD(valid_monitor_type("", why, sizeof(why)), "type must be one of");

	assert_true(valid_monitor_method("http", "GET", why, sizeof(why)));
	assert_true(valid_monitor_method("https", "HEAD", why, sizeof(why)));
	BAD(valid_monitor_method("http", "POST", why, sizeof(why)),
	    "GET, HEAD");
	assert_true(valid_monitor_method("tcp", "connection_established", why,
					 sizeof(why)));
	BAD(valid_monitor_method("tcp", "GET", why, sizeof(why)),
	    "connection_established");
	assert_true(valid_monitor_method("icmp_ping", "", why, sizeof(why)));
	BAD(valid_monitor_method("icmp_ping", "GET", why, sizeof(why)),
	    "no method");
	assert_non_null(valid_monitor_methods("http", &n));
	assert_int_equal(n, 2);
	assert_null(valid_monitor_methods("smtp", &n));
	assert_int_equal(n, 0);

	assert_true(valid_path("/health", why, sizeof(why)));
	assert_true(valid_path("/", why, sizeof(why)));
	assert_true(valid_path("/v1/models?probe=1", why, sizeof(why)));
	BAD(valid_path("health", why, sizeof(why)), "start with /");
	BAD(valid_path("", why, sizeof(why)), "start with /");
	BAD(valid_path("/a b", why, sizeof(why)), "spaces");

	assert_true(valid_expected_codes("200", "http", why, sizeof(why)));
	assert_true(valid_expected_codes("2xx", "https", why, sizeof(why)));
	assert_true(valid_expected_codes("30x", "http", why, sizeof(why)));
	assert_true(valid_expected_codes("599", "http", why, sizeof(why)));
	BAD(valid_expected_codes("600", "http", why, sizeof(why)), "2xx");
	BAD(valid_expected_codes("x00", "http", why, sizeof(why)), "200");
	BAD(valid_expected_codes("2x0", "http", why, sizeof(why)), "range");
	BAD(valid_expected_codes("20", "http", why, sizeof(why)), "status");
	BAD(valid_expected_codes("200,301", "http", why, sizeof(why)),
	    "status");
	BAD(valid_expected_codes("", "http", why, sizeof(why)), "status");
	assert_true(valid_expected_codes("", "tcp", why, sizeof(why)));
	BAD(valid_expected_codes("abc", "tcp", why, sizeof(why)), "status");

	assert_true(valid_interval(60, 0, why, sizeof(why)));
	assert_true(valid_interval(3600, 0, why, sizeof(why)));
	BAD(valid_interval(59, 0, why, sizeof(why)), "from 60 to 3600");
	BAD(valid_interval(3601, 0, why, sizeof(why)), "3600");
	assert_true(valid_interval(10, 10, why, sizeof(why)));
	BAD(valid_interval(5, 10, why, sizeof(why)), "from 10 to 3600");

	assert_true(valid_timeout(5, 60, why, sizeof(why)));
	assert_true(valid_timeout(59, 60, why, sizeof(why)));
	BAD(valid_timeout(60, 60, why, sizeof(why)),
	    "less than the interval (60 s)");
	BAD(valid_timeout(0, 60, why, sizeof(why)), "at least 1");

	assert_true(valid_retries(0, why, sizeof(why)));
	assert_true(valid_retries(5, why, sizeof(why)));
	BAD(valid_retries(6, why, sizeof(why)), "0 to 5");
	BAD(valid_retries(-1, why, sizeof(why)), "0 to 5");
	assert_true(valid_consecutive(3, "consecutive up", why, sizeof(why)));
	BAD(valid_consecutive(-1, "consecutive up", why, sizeof(why)),
	    "consecutive up");
}

static void
test_pool_lb_dns(void **state)
{
	(void)state;
	assert_true(
		valid_origin_steering("least_connections", why, sizeof(why)));
	BAD(valid_origin_steering("round_robin", why, sizeof(why)),
	    "random, hash");
	assert_true(valid_check_region("WNAM", why, sizeof(why)));
	assert_true(valid_check_region("ALL_REGIONS", why, sizeof(why)));
	BAD(valid_check_region("wnam", why, sizeof(why)), "WNAM");
	assert_true(valid_minimum_origins(2, 2, why, sizeof(why)));
	BAD(valid_minimum_origins(3, 2, why, sizeof(why)), "never be healthy");
	BAD(valid_minimum_origins(0, 2, why, sizeof(why)), "at least 1");

	for (size_t i = 0; i < valid_nsteering_policies; i++)
		assert_true(valid_steering_policy(
			valid_steering_policies[i].value, why, sizeof(why)));
	BAD(valid_steering_policy("nearest", why, sizeof(why)),
	    "off, geo, random");
	assert_true(valid_session_affinity("cookie", why, sizeof(why)));
	BAD(valid_session_affinity("sticky", why, sizeof(why)), "none, cookie");
	assert_true(
		valid_session_affinity_ttl("cookie", 1800, why, sizeof(why)));
	assert_true(valid_session_affinity_ttl("ip_cookie", 604800, why,
					       sizeof(why)));
	BAD(valid_session_affinity_ttl("cookie", 30, why, sizeof(why)),
	    "1800 to 604800");
	assert_true(valid_session_affinity_ttl("header", 30, why, sizeof(why)));
	BAD(valid_session_affinity_ttl("header", 7200, why, sizeof(why)),
	    "30 to 3600");
	BAD(valid_session_affinity_ttl("none", 1800, why, sizeof(why)),
	    "needs session affinity");

	assert_true(valid_region_code("ENAM", why, sizeof(why)));
	BAD(valid_region_code("ALL_REGIONS", why, sizeof(why)), "region code");
	assert_true(valid_country_code("US", why, sizeof(why)));
	BAD(valid_country_code("us", why, sizeof(why)), "two upper-case");
	BAD(valid_country_code("USA", why, sizeof(why)), "two upper-case");
	assert_true(valid_pop_code("LAX", why, sizeof(why)));
	BAD(valid_pop_code("lax", why, sizeof(why)), "three upper-case");
	BAD(valid_pop_code("LA", why, sizeof(why)), "three upper-case");

	assert_true(valid_dns_ttl(1, true, why, sizeof(why)));
	assert_true(valid_dns_ttl(1, false, why, sizeof(why)));
	assert_true(valid_dns_ttl(30, false, why, sizeof(why)));
	assert_true(valid_dns_ttl(86400, false, why, sizeof(why)));
	BAD(valid_dns_ttl(300, true, why, sizeof(why)), "proxied");
	BAD(valid_dns_ttl(20, false, why, sizeof(why)), "30 to 86400");
	BAD(valid_dns_ttl(86401, false, why, sizeof(why)), "30 to 86400");
	BAD(valid_dns_ttl(60.5, false, why, sizeof(why)), "whole number");

	assert_true(valid_lb_ttl(false, 0, true, why, sizeof(why)));
	assert_true(valid_lb_ttl(true, 30, false, why, sizeof(why)));
	BAD(valid_lb_ttl(true, 30, true, why, sizeof(why)),
	    "no TTL on a proxied load balancer");
	BAD(valid_lb_ttl(true, 10, false, why, sizeof(why)), "30 to 86400");

	assert_true(valid_object_id("0123456789abcdef0123456789abcdef", why,
				    sizeof(why)));
	BAD(valid_object_id("{pool.id}", why, sizeof(why)), "32 hexadecimal");
	BAD(valid_object_id(NULL, why, sizeof(why)), "32 hexadecimal");
}

/* A NULL or tiny reason buffer is never overrun. */
static void
test_reason_buffer(void **state)
{
	char tiny[8];

	(void)state;
	assert_false(valid_port(-1, NULL, 0));
	memset(tiny, 'x', sizeof(tiny));
	assert_false(valid_monitor_type("nope", tiny, sizeof(tiny)));
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_hostnames),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_monitor),
		cmocka_unit_test(test_pool_lb_dns),
		cmocka_unit_test(test_reason_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
