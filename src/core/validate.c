/* validate.c: pure field validators written from the API contract (openapi-lb-dns.json, NOTES.md); see validate.h. */
#include "cfconsole/validate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool fail(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Writes the reason (when wanted) and returns false. */
static bool
fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!why || !size)
		return false;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return false;
}

static bool
empty(const char *s)
{
	return !s || !*s;
}

/* ---- choices ----------------------------------------------------------- */

const struct valid_choice valid_monitor_types[] = {
	{ "http",
	  "HTTP request to each origin; checks the status code (and body)" },
	{ "https",
	  "HTTPS request to each origin; checks the status code (and body)" },
	{ "tcp",
	  "opens a TCP connection to the port; healthy when it connects" },
	{ "udp_icmp",
	  "UDP probe to the port, healthy unless ICMP says unreachable" },
	{ "icmp_ping", "ICMP echo (ping) to each origin" },
	{ "smtp", "connects to the port and expects an SMTP greeting" },
};
const size_t valid_nmonitor_types =
	sizeof(valid_monitor_types) / sizeof(valid_monitor_types[0]);

static const struct valid_choice http_methods[] = {
	{ "GET", "fetch the path (the usual health check)" },
	{ "HEAD", "like GET without a body (expected_body is not checked)" },
};
static const struct valid_choice tcp_methods[] = {
	{ "connection_established",
	  "healthy when the TCP handshake completes" },
};

const struct valid_choice valid_origin_steerings[] = {
	{ "random", "pick an origin at random, by weight" },
	{ "hash",
	  "pick an origin by a hash of the client IP (sticky per client)" },
	{ "least_outstanding_requests",
	  "prefer origins with fewer pending requests, by weight" },
	{ "least_connections",
	  "prefer origins with fewer open connections, by weight" },
};
const size_t valid_norigin_steerings =
	sizeof(valid_origin_steerings) / sizeof(valid_origin_steerings[0]);

const struct valid_choice valid_check_regions[] = {
	{ "WNAM", "Western North America" },
	{ "ENAM", "Eastern North America" },
	{ "WEU", "Western Europe" },
	{ "EEU", "Eastern Europe" },
	{ "NSAM", "Northern South America" },
	{ "SSAM", "Southern South America" },
	{ "OC", "Oceania" },
	{ "ME", "Middle East" },
	{ "NAF", "North Africa" },
	{ "SAF", "South Africa" },
	{ "SAS", "Southern Asia" },
	{ "SEAS", "South East Asia" },
	{ "NEAS", "North East Asia" },
	{ "ALL_REGIONS", "every region (Enterprise only)" },
};
const size_t valid_ncheck_regions =
	sizeof(valid_check_regions) / sizeof(valid_check_regions[0]);

const struct valid_choice valid_steering_policies[] = {
	{ "off", "use default_pools in order (failover only)" },
	{ "geo", "use region, country and PoP pools, then default_pools" },
	{ "random", "pick a pool at random (random_steering weights)" },
	{ "dynamic_latency",
	  "pick the pool with the lowest health-check RTT (needs monitors)" },
	{ "proximity",
	  "pick the pool closest to the PoP (needs pool latitude/longitude)" },
	{ "least_outstanding_requests",
	  "prefer pools with fewer pending requests" },
	{ "least_connections", "prefer pools with fewer open connections" },
	{ "",
	  "the API default: geo when region/country/PoP pools are set, else off" },
};
const size_t valid_nsteering_policies =
	sizeof(valid_steering_policies) / sizeof(valid_steering_policies[0]);

const struct valid_choice valid_session_affinities[] = {
	{ "none", "no session affinity" },
	{ "cookie", "a cookie pins each client to an origin (proxied only)" },
	{ "ip_cookie",
	  "like cookie, first origin chosen by client IP (proxied only)" },
	{ "header", "sessions keyed by HTTP headers (proxied only)" },
	{ "", "the API default: no session affinity" },
};
const size_t valid_nsession_affinities =
	sizeof(valid_session_affinities) / sizeof(valid_session_affinities[0]);

bool
valid_choice(const char *s, const struct valid_choice *c, size_t n,
	     const char *what, char *why, size_t size)
{
	char list[VALID_WHY_MAX];
	size_t i, off = 0;

	for (i = 0; s && i < n; i++)
		if (strcmp(s, c[i].value) == 0)
			return true;
	list[0] = '\0';
	for (i = 0; i < n && off < sizeof(list); i++) {
		if (!*c[i].value)
			continue;
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
					off ? ", " : "", c[i].value);
	}
	return fail(why, size, "%s must be one of %s", what, list);
}

/* ---- addresses and names ------------------------------------------------ */

bool
valid_ipv4(const char *s, char *why, size_t size)
{
	struct in_addr a;

	if (empty(s) || inet_pton(AF_INET, s, &a) != 1)
		return fail(why, size, "not an IPv4 address (like 192.0.2.10)");
	return true;
}

bool
valid_ipv6(const char *s, char *why, size_t size)
{
	struct in6_addr a;

	if (empty(s) || inet_pton(AF_INET6, s, &a) != 1)
		return fail(why, size,
			    "not an IPv6 address (like 2001:db8::10)");
	return true;
}

bool
valid_hostname(const char *s, bool need_dot, bool allow_underscore, char *why,
	       size_t size)
{
	size_t len, label = 0, labels = 1, i;

	if (empty(s))
		return fail(why, size, "enter a hostname");
	len = strlen(s);
	if (len > 253)
		return fail(why, size,
			    "hostname is longer than 253 characters");
	if (s[len - 1] == '.')
		return fail(why, size, "hostname must not end with a dot");
	for (i = 0; i <= len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.' || c == '\0') {
			if (label == 0)
				return fail(why, size,
					    "hostname has an empty label (..)");
			if (s[i - 1] == '-')
				return fail(why, size,
					    "a hostname label must not end "
					    "with '-'");
			if (c == '.')
				labels++;
			label = 0;
			continue;
		}
		if (c >= 0x80)
			return fail(why, size,
				    "use Punycode (xn--...) for international "
				    "names");
		if (!isalnum(c) && c != '-' && !(allow_underscore && c == '_'))
			return fail(why, size,
				    "'%c' is not allowed in a hostname "
				    "(letters, digits, '-'%s)",
				    isprint(c) ? c : '?',
				    allow_underscore ? ", '_'" : "");
		if (label == 0 && c == '-')
			return fail(why, size,
				    "a hostname label must not start with '-'");
		if (++label > 63)
			return fail(why, size,
				    "a hostname label is longer than 63 "
				    "characters");
	}
	if (need_dot && labels < 2)
		return fail(why, size,
			    "enter a full hostname (like api.example.com)");
	return true;
}

/* Internal/reserved ranges that need a virtual network (Cloudflare
 * Tunnel): RFC 1918, shared address space, link-local, unique local. */
static bool
is_internal_v4(const struct in_addr *a)
{
	unsigned long ip = ntohl(a->s_addr);

	return (ip >> 24) == 10 || (ip >> 20) == (172ul << 4 | 1) ||
	       (ip >> 16) == (192ul << 8 | 168) ||
	       (ip >> 22) == (100ul << 2 | 1) ||
	       (ip >> 16) == (169ul << 8 | 254);
}

static bool
is_internal_v6(const struct in6_addr *a)
{
	return (a->s6_addr[0] & 0xfe) == 0xfc ||
	       (a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80);
}

bool
valid_origin_address(const char *s, bool has_vnet, char *why, size_t size)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (empty(s))
		return fail(why, size,
			    "enter the origin's IP address or hostname");
	if (inet_pton(AF_INET, s, &a4) == 1) {
		if (!has_vnet && is_internal_v4(&a4))
			return fail(why, size,
				    "%s is an internal address: it needs a "
				    "virtual network (Cloudflare Tunnel)",
				    s);
		return true;
	}
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, &a6) != 1)
			return fail(why, size,
				    "not an IPv6 address (like 2001:db8::10)");
		if (!has_vnet && is_internal_v6(&a6))
			return fail(why, size,
				    "%s is an internal address: it needs a "
				    "virtual network (Cloudflare Tunnel)",
				    s);
		return true;
	}
	/* All digits and dots but not an IPv4 address: say so, rather than
	 * accept "10.0.0.300" as a hostname. */
	if (strspn(s, "0123456789.") == strlen(s))
		return fail(why, size, "not an IPv4 address (like 192.0.2.10)");
	return valid_hostname(s, false, false, why, size);
}

bool
valid_in_zone(const char *name, const char *zone, char *why, size_t size)
{
	size_t n, z;

	if (empty(zone))
		return fail(why, size, "choose a zone first");
	if (empty(name))
		return fail(why, size, "enter a name inside %s", zone);
	n = strlen(name);
	z = strlen(zone);
	if ((n == z && strcasecmp(name, zone) == 0) ||
	    (n > z + 1 && name[n - z - 1] == '.' &&
	     strcasecmp(name + n - z, zone) == 0))
		return true;
	/* A bare label is most likely meant relative to the zone: say the
	 * full name to type rather than only "no". */
	if (!strchr(name, '.'))
		return fail(why, size,
			    "%s is not inside the zone %s: type "
			    "%s.%s",
			    name, zone, name, zone);
	return fail(why, size, "%s is not inside the zone %s", name, zone);
}

bool
valid_pool_name(const char *s, char *why, size_t size)
{
	size_t i;

	if (empty(s))
		return fail(why, size, "enter a pool name");
	if (strlen(s) > 256)
		return fail(why, size,
			    "pool name is longer than 256 characters");
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '_')
			return fail(
				why, size,
				"a pool name may hold only letters, digits, "
				"'-' and '_'");
	}
	return true;
}

bool
valid_origin_name(const char *s, char *why, size_t size)
{
	size_t i;

	if (empty(s))
		return fail(why, size, "enter an origin name");
	if (strlen(s) > 256)
		return fail(why, size,
			    "origin name is longer than 256 characters");
	for (i = 0; s[i]; i++)
		if (!isgraph((unsigned char)s[i]))
			return fail(why, size,
				    "an origin name must not hold spaces or "
				    "control characters");
	return true;
}

bool
valid_lb_name(const char *s, const char *zone, char *why, size_t size)
{
	if (!valid_hostname(s, true, false, why, size))
		return false;
	return valid_in_zone(s, zone, why, size);
}

bool
valid_record_name(const char *s, const char *zone, char *why, size_t size)
{
	if (!valid_hostname(s, false, true, why, size))
		return false;
	return valid_in_zone(s, zone, why, size);
}

bool
valid_host_header(const char *s, char *why, size_t size)
{
	const char *colon;
	char host[256];
	int port;

	if (empty(s))
		return fail(why, size, "enter a Host header value");
	colon = strrchr(s, ':');
	if (!colon)
		return valid_hostname(s, false, false, why, size);
	if ((size_t)(colon - s) >= sizeof(host))
		return fail(why, size, "Host header is too long");
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (!valid_hostname(host, false, false, why, size))
		return false;
	return valid_int_text(colon + 1, "the Host header's port", 1, 65535,
			      &port, why, size);
}

/* ---- numbers ------------------------------------------------------------ */

bool
valid_int_text(const char *s, const char *what, long lo, long hi, int *out,
	       char *why, size_t size)
{
	char *end = NULL;
	long v;

	if (empty(s))
		return fail(why, size, "enter %s (%ld to %ld)", what, lo, hi);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || isspace((unsigned char)s[0]))
		return fail(why, size,
			    "%s must be a whole number from %ld to %ld", what,
			    lo, hi);
	if (v < lo || v > hi)
		return fail(why, size, "%s must be from %ld to %ld", what, lo,
			    hi);
	if (out)
		*out = (int)v;
	return true;
}

bool
valid_weight(double w, char *why, size_t size)
{
	double h = w * 100;

	if (!isfinite(w) || w < 0 || w > 1)
		return fail(why, size, "weight must be from 0 to 1");
	if (fabs(h - round(h)) > 1e-6)
		return fail(why, size, "weight goes in steps of 0.01");
	return true;
}

bool
valid_weight_text(const char *s, double *out, char *why, size_t size)
{
	const char *dot;
	char *end = NULL;
	double w;

	if (empty(s))
		return fail(why, size, "enter a weight from 0 to 1");
	errno = 0;
	w = strtod(s, &end);
	if (errno || end == s || *end || isspace((unsigned char)s[0]) ||
	    !strchr("0123456789.", s[0]))
		return fail(why, size, "weight must be a number from 0 to 1");
	/* "0.333" is within rounding of nothing: say why, from the text. */
	dot = strchr(s, '.');
	if (dot && strlen(dot + 1) > 2 &&
	    strspn(dot + 1 + 2, "0") != strlen(dot + 1 + 2))
		return fail(why, size, "weight goes in steps of 0.01");
	if (!valid_weight(w, why, size))
		return false;
	if (out)
		*out = round(w * 100) / 100;
	return true;
}

bool
valid_port(long port, char *why, size_t size)
{
	if (port < 0 || port > 65535)
		return fail(why, size, "port must be from 0 to 65535");
	return true;
}

/* ---- monitors ----------------------------------------------------------- */

bool
valid_monitor_type(const char *s, char *why, size_t size)
{
	return valid_choice(s, valid_monitor_types, valid_nmonitor_types,
			    "type", why, size);
}

bool
valid_monitor_is_http(const char *type)
{
	return type && (!strcmp(type, "http") || !strcmp(type, "https"));
}

const struct valid_choice *
valid_monitor_methods(const char *type, size_t *n)
{
	if (valid_monitor_is_http(type)) {
		*n = sizeof(http_methods) / sizeof(http_methods[0]);
		return http_methods;
	}
	if (type && !strcmp(type, "tcp")) {
		*n = sizeof(tcp_methods) / sizeof(tcp_methods[0]);
		return tcp_methods;
	}
	*n = 0;
	return NULL;
}

bool
valid_monitor_method(const char *type, const char *method, char *why,
		     size_t size)
{
	const struct valid_choice *c;
	size_t n;

	c = valid_monitor_methods(type, &n);
	if (!n) {
		if (empty(method))
			return true;
		return fail(why, size, "a %s monitor takes no method",
			    type ? type : "?");
	}
	return valid_choice(method, c, n, "method", why, size);
}

bool
valid_path(const char *s, char *why, size_t size)
{
	size_t i;

	if (empty(s) || s[0] != '/')
		return fail(why, size, "path must start with / (like /health)");
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c >= 0x80)
			return fail(why, size,
				    "path must not hold spaces or control "
				    "characters (percent-encode them)");
	}
	if (i > 1024)
		return fail(why, size, "path is longer than 1024 characters");
	return true;
}

bool
valid_expected_codes(const char *s, const char *type, char *why, size_t size)
{
	bool ok;

	if (!valid_monitor_is_http(type) && empty(s))
		return true;
	ok = s && strlen(s) == 3 && s[0] >= '1' && s[0] <= '5' &&
	     ((isdigit((unsigned char)s[1]) &&
	       (isdigit((unsigned char)s[2]) || s[2] == 'x')) ||
	      (s[1] == 'x' && s[2] == 'x'));
	if (!ok)
		return fail(why, size,
			    "expected codes: a status like 200 or a range "
			    "like 2xx or 30x");
	return true;
}

bool
valid_interval(long interval, int min_interval, char *why, size_t size)
{
	long lo = min_interval > 0 ? min_interval : VALID_MIN_INTERVAL;

	if (interval < lo || interval > VALID_MAX_INTERVAL)
		return fail(why, size,
			    "interval must be from %ld to %d seconds%s", lo,
			    VALID_MAX_INTERVAL,
			    lo == VALID_MIN_INTERVAL
				    ? " (lower needs a plan that allows it)"
				    : "");
	return true;
}

bool
valid_timeout(long timeout, long interval, char *why, size_t size)
{
	if (timeout < 1)
		return fail(why, size, "timeout must be at least 1 second");
	if (timeout >= interval)
		return fail(why, size,
			    "timeout must be less than the interval (%ld s)",
			    interval);
	return true;
}

bool
valid_retries(long retries, char *why, size_t size)
{
	if (retries < 0 || retries > 5)
		return fail(why, size, "retries must be from 0 to 5");
	return true;
}

bool
valid_consecutive(long n, const char *what, char *why, size_t size)
{
	if (n < 0 || n > 1000)
		return fail(why, size, "%s must be from 0 to 1000", what);
	return true;
}

/* ---- pools -------------------------------------------------------------- */

bool
valid_origin_steering(const char *s, char *why, size_t size)
{
	return valid_choice(s, valid_origin_steerings, valid_norigin_steerings,
			    "origin steering", why, size);
}

bool
valid_check_region(const char *s, char *why, size_t size)
{
	return valid_choice(s, valid_check_regions, valid_ncheck_regions,
			    "a check region", why, size);
}

bool
valid_minimum_origins(long n, size_t norigins, char *why, size_t size)
{
	if (n < 1)
		return fail(why, size, "minimum origins must be at least 1");
	if ((size_t)n > norigins)
		return fail(why, size,
			    "minimum origins (%ld) is more than the pool's %zu "
			    "origins: the pool could never be healthy",
			    n, norigins);
	return true;
}

/* ---- load balancers and DNS ------------------------------------------- */

bool
valid_steering_policy(const char *s, char *why, size_t size)
{
	return valid_choice(s, valid_steering_policies,
			    valid_nsteering_policies, "steering policy", why,
			    size);
}

bool
valid_session_affinity(const char *s, char *why, size_t size)
{
	return valid_choice(s, valid_session_affinities,
			    valid_nsession_affinities, "session affinity", why,
			    size);
}

bool
valid_session_affinity_ttl(const char *affinity, double ttl, char *why,
			   size_t size)
{
	if (!affinity || !*affinity || !strcmp(affinity, "none"))
		return fail(why, size,
			    "a session affinity TTL needs session affinity");
	if (ttl != floor(ttl))
		return fail(why, size,
			    "session affinity TTL is a whole number of "
			    "seconds");
	if (!strcmp(affinity, "header")) {
		if (ttl < 30 || ttl > 3600)
			return fail(why, size,
				    "with header affinity the TTL must be from "
				    "30 to 3600 seconds");
		return true;
	}
	if (ttl < 1800 || ttl > 604800)
		return fail(why, size,
			    "with %s affinity the TTL must be from 1800 to "
			    "604800 seconds",
			    affinity);
	return true;
}

bool
valid_region_code(const char *s, char *why, size_t size)
{
	/* Every check region except ALL_REGIONS (the last one). */
	return valid_choice(s, valid_check_regions, valid_ncheck_regions - 1,
			    "a region code", why, size);
}

static bool
upper_letters(const char *s, size_t n)
{
	size_t i;

	if (!s || strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return false;
	return true;
}

bool
valid_country_code(const char *s, char *why, size_t size)
{
	if (!upper_letters(s, 2))
		return fail(
			why, size,
			"a country code is two upper-case letters (US, DE)");
	return true;
}

bool
valid_pop_code(const char *s, char *why, size_t size)
{
	if (!upper_letters(s, 3))
		return fail(
			why, size,
			"a PoP code is three upper-case letters (LAX, AMS)");
	return true;
}

bool
valid_dns_ttl(double ttl, bool proxied, char *why, size_t size)
{
	if (proxied && ttl != 1)
		return fail(why, size,
			    "a proxied record's TTL is automatic: use 1");
	if (ttl != floor(ttl))
		return fail(why, size, "TTL is a whole number of seconds");
	if (ttl != 1 && (ttl < 30 || ttl > 86400))
		return fail(why, size,
			    "TTL must be 1 (automatic) or from 30 to 86400 "
			    "seconds");
	return true;
}

bool
valid_lb_ttl(bool has_ttl, double ttl, bool proxied, char *why, size_t size)
{
	if (!has_ttl)
		return true;
	if (proxied)
		return fail(why, size,
			    "no TTL on a proxied load balancer: the API "
			    "ignores it (Cloudflare answers for it)");
	return valid_dns_ttl(ttl, false, why, size);
}

bool
valid_object_id(const char *s, char *why, size_t size)
{
	size_t i;

	if (!s || strlen(s) != 32)
		return fail(why, size, "an id is 32 hexadecimal characters");
	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)s[i]))
			return fail(why, size,
				    "an id is 32 hexadecimal characters");
	return true;
}
