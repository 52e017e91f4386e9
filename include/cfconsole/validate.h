/* validate.h: pure field validators written from the API contract (spec/cloudflare-api), for forms, plans and headless commands. */
#ifndef CFCONSOLE_VALID_H
#define CFCONSOLE_VALID_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Every validator is a pure function (no state, no I/O, any thread). It
 * returns true when the value is acceptable, or false with a one-line
 * reason in why (at most `size` bytes, NUL-terminated; why may be NULL)
 * that a form can show next to the field: lower case, no trailing period,
 * saying what is allowed ("port must be a whole number from 0 to 65535").
 *
 * The *_text variants take what a user typed (a form field, a command-line
 * argument) and also parse it into *out (written only on success; out may
 * be NULL). The rules come from openapi-lb-dns.json and NOTES.md; cfsim's
 * own validators (src/sim/validate.c) are deliberately separate: the
 * emulator is the test oracle for these. (Hence also the valid_ prefix:
 * cfsim's validate_* functions share the tests' link namespace.)
 */

/* Room for any reason these functions write. */
#define VALID_WHY_MAX 192

/* One allowed value of a choice field, with a one-line explanation. */
struct valid_choice {
	const char *value;
	const char *help;
};

/* ---- addresses and names ---------------------------------------------- */

/* A dotted-quad IPv4 address (inet_pton). */
bool valid_ipv4(const char *s, char *why, size_t size);

/* An IPv6 address (inet_pton; no brackets, no zone index). */
bool valid_ipv6(const char *s, char *why, size_t size);

/*
 * A DNS hostname in ASCII (Punycode for international names): labels of
 * 1-63 letters, digits and hyphens, not starting or ending with a hyphen,
 * at most 253 characters, no trailing dot. need_dot: at least two labels.
 * allow_underscore lets labels hold '_' (DNS record names: _dmarc).
 */
bool valid_hostname(const char *s, bool need_dot, bool allow_underscore,
		    char *why, size_t size);

/*
 * An origin address: IPv4, IPv6 or a hostname. An internal/reserved
 * address (RFC 1918, 100.64/10, fc00::/7, link-local) needs a
 * virtual_network_id (NOTES.md), which the plan model has not: refused
 * with that reason when has_vnet is false. Loopback is accepted (local
 * tests and cfsim).
 */
bool valid_origin_address(const char *s, bool has_vnet, char *why, size_t size);

/* name equals zone or ends with "." zone (case-insensitive). */
bool valid_in_zone(const char *name, const char *zone, char *why, size_t size);

/* A pool name: 1-256 of letters, digits, '-' and '_' (spec). */
bool valid_pool_name(const char *s, char *why, size_t size);

/* An origin name: 1-256 printable characters without spaces. */
bool valid_origin_name(const char *s, char *why, size_t size);

/* A load balancer name: a hostname (two labels or more) inside zone. */
bool valid_lb_name(const char *s, const char *zone, char *why, size_t size);

/* A DNS record name: a hostname ('_' allowed) inside zone. */
bool valid_record_name(const char *s, const char *zone, char *why, size_t size);

/* A Host header value: a hostname, optionally with ":port". */
bool valid_host_header(const char *s, char *why, size_t size);

/* ---- numbers ---------------------------------------------------------- */

/* A whole number in [lo, hi]; `what` names it in the reason ("port"). */
bool valid_int_text(const char *s, const char *what, long lo, long hi, int *out,
		    char *why, size_t size);

/* Origin weight: 0 to 1 in steps of 0.01. */
bool valid_weight(double w, char *why, size_t size);
bool valid_weight_text(const char *s, double *out, char *why, size_t size);

/* Port 0-65535 (0: the protocol default for HTTP/HTTPS monitors). */
bool valid_port(long port, char *why, size_t size);

/* ---- monitors ----------------------------------------------------------- */

/* Monitor types (enum load-balancing_type), with explanations. */
extern const struct valid_choice valid_monitor_types[];
extern const size_t valid_nmonitor_types;

/* One of valid_monitor_types. */
bool valid_monitor_type(const char *s, char *why, size_t size);

/* true for http and https (path, expected codes, header apply). */
bool valid_monitor_is_http(const char *type);

/*
 * Methods that make sense for a monitor type (GET/HEAD for HTTP(S),
 * connection_established for TCP, none for the others). *n is set.
 */
const struct valid_choice *valid_monitor_methods(const char *type, size_t *n);

/* method is allowed for type (empty is allowed where no method applies). */
bool valid_monitor_method(const char *type, const char *method, char *why,
			  size_t size);

/* An HTTP(S) path: starts with '/', no spaces or control characters. */
bool valid_path(const char *s, char *why, size_t size);

/*
 * Expected codes as the API accepts them: a status code ("200"), or a
 * range with trailing x ("2xx", "30x"); first digit 1-5. For non-HTTP
 * types the field does not apply and only "" or a valid value passes.
 */
bool valid_expected_codes(const char *s, const char *type, char *why,
			  size_t size);

/* The plan minimum of monitor.interval when nobody says otherwise. */
#define VALID_MIN_INTERVAL 60
/* The API's maximum interval (seconds). */
#define VALID_MAX_INTERVAL 3600

/* interval in [min_interval, 3600] (min_interval <= 0: the default 60). */
bool valid_interval(long interval, int min_interval, char *why, size_t size);

/* timeout in [1, interval - 1]: a probe must end before the next starts. */
bool valid_timeout(long timeout, long interval, char *why, size_t size);

/* retries in [0, 5]. */
bool valid_retries(long retries, char *why, size_t size);

/* consecutive_up / consecutive_down in [0, 1000]; what names the field. */
bool valid_consecutive(long n, const char *what, char *why, size_t size);

/* ---- pools -------------------------------------------------------------- */

/* origin_steering.policy values, with explanations. */
extern const struct valid_choice valid_origin_steerings[];
extern const size_t valid_norigin_steerings;
bool valid_origin_steering(const char *s, char *why, size_t size);

/* check_regions values (ALL_REGIONS is enterprise only). */
extern const struct valid_choice valid_check_regions[];
extern const size_t valid_ncheck_regions;
bool valid_check_region(const char *s, char *why, size_t size);

/* minimum_origins in [1, norigins] (a pool with more is never healthy). */
bool valid_minimum_origins(long n, size_t norigins, char *why, size_t size);

/* ---- load balancers and DNS ------------------------------------------- */

/* steering_policy values ("" = off, or geo when pop/region/country pools are set). */
extern const struct valid_choice valid_steering_policies[];
extern const size_t valid_nsteering_policies;
bool valid_steering_policy(const char *s, char *why, size_t size);

/* session_affinity values. */
extern const struct valid_choice valid_session_affinities[];
extern const size_t valid_nsession_affinities;
bool valid_session_affinity(const char *s, char *why, size_t size);

/*
 * session_affinity_ttl for that affinity: [1800, 604800] for cookie and
 * ip_cookie, [30, 3600] for header; refused when affinity is none or "".
 */
bool valid_session_affinity_ttl(const char *affinity, double ttl, char *why,
				size_t size);

/* region_pools keys: the check-region codes without ALL_REGIONS. */
bool valid_region_code(const char *s, char *why, size_t size);

/* country_pools keys: ISO 3166-1 alpha-2, upper case ("US"). */
bool valid_country_code(const char *s, char *why, size_t size);

/* pop_pools keys: a 3-letter upper-case PoP (IATA) code ("LAX"). */
bool valid_pop_code(const char *s, char *why, size_t size);

/*
 * A DNS record TTL: 1 (automatic) or 30-86400 (60 on non-Enterprise
 * zones; the API decides). A proxied record's TTL is always automatic:
 * anything but 1 is refused when proxied.
 */
bool valid_dns_ttl(double ttl, bool proxied, char *why, size_t size);

/*
 * A load balancer TTL: it applies only to unproxied (gray-clouded) load
 * balancers, so has_ttl on a proxied one is refused ("the API ignores
 * it"). When unproxied: 1 or 30-86400 as for DNS.
 */
bool valid_lb_ttl(bool has_ttl, double ttl, bool proxied, char *why,
		  size_t size);

/* A 32-character lower-case hex id (what the API returns for objects). */
bool valid_object_id(const char *s, char *why, size_t size);

/* s is one of the n choices (what names the field in the reason). */
bool valid_choice(const char *s, const struct valid_choice *c, size_t n,
		  const char *what, char *why, size_t size);

#endif
