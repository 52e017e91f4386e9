/* test_fields.c: the field tables: every field's get/set round trip, a bad value for every writable field with its message, dependencies, display, diffs and --set paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfconsole/fields.h"

#define P1 "17b5962d775c646f3f9725cbc7a53df4"
#define P2 "9290f38c5d07c2e2f4df57b1f61d4196"
#define M1 "f1aba936b94213e5b8dca0c0dbf1f9cc"

static const struct field_ctx CTX = { .zone = "example.com" };

/* ---- sample objects ------------------------------------------------------ */

static const char monitor_json[] =
	"{\"id\":\"" M1 "\",\"type\":\"https\",\"description\":\"api health\","
	"\"method\":\"GET\",\"path\":\"/health\",\"port\":8443,"
	"\"expected_codes\":\"2xx\",\"expected_body\":\"ok\","
	"\"header\":{\"Host\":[\"api.example.com\"],\"X-App\":[\"abc\"]},"
	"\"timeout\":5,\"retries\":2,\"interval\":60,\"consecutive_up\":2,"
	"\"consecutive_down\":3,\"follow_redirects\":true,"
	"\"allow_insecure\":false,\"probe_zone\":\"example.com\","
	"\"created_on\":\"2024-01-02T03:04:05Z\","
	"\"modified_on\":\"2024-01-02T03:04:05Z\"}";

static const char pool_json[] =
	"{\"id\":\"" P1 "\",\"name\":\"pool-a\",\"description\":\"d\","
	"\"enabled\":true,\"minimum_origins\":1,\"monitor\":\"" M1 "\","
	"\"check_regions\":[\"WNAM\",\"ENAM\"],\"latitude\":37.5,"
	"\"longitude\":-122.25,\"notification_email\":\"ops@example.com\","
	"\"notification_filter\":{\"origin\":{\"disable\":false,"
	"\"healthy\":true},\"pool\":{\"disable\":true,\"healthy\":null}},"
	"\"load_shedding\":{\"default_percent\":10,\"default_policy\":\"hash\","
	"\"session_percent\":5,\"session_policy\":\"hash\"},"
	"\"origin_steering\":{\"policy\":\"least_connections\"},"
	"\"origins\":[{\"name\":\"gpu-a\",\"address\":\"192.0.2.10\","
	"\"enabled\":true,\"weight\":0.5,\"header\":{\"Host\":"
	"[\"api.example.com\"]}},{\"name\":\"gpu-b\",\"address\":"
	"\"2001:db8::1\",\"enabled\":false,\"weight\":1}]}";

static const char lb_json[] =
	"{\"id\":\"" P2 "\",\"name\":\"api.example.com\",\"description\":\"x\","
	"\"enabled\":true,\"proxied\":false,\"ttl\":30,\"fallback_pool\":\"" P2
	"\",\"default_pools\":[\"" P1 "\",\"" P2 "\"],\"region_pools\":"
	"{\"WNAM\":[\"" P1 "\"]},\"country_pools\":{\"US\":[\"" P1 "\",\"" P2
	"\"]},\"pop_pools\":{\"LAX\":[\"" P2 "\"]},\"steering_policy\":\"geo\","
	"\"random_steering\":{\"default_weight\":0.5,\"pool_weights\":{\"" P1
	"\":0.2}},\"adaptive_routing\":{\"failover_across_pools\":true},"
	"\"location_strategy\":{\"mode\":\"resolver_ip\",\"prefer_ecs\":"
	"\"always\"},\"session_affinity\":\"cookie\","
	"\"session_affinity_ttl\":3600,\"session_affinity_attributes\":"
	"{\"samesite\":\"Lax\",\"secure\":\"Always\",\"drain_duration\":60,"
	"\"zero_downtime_failover\":\"sticky\",\"headers\":[\"x-session\"],"
	"\"require_all_headers\":true},\"rules\":[]}";

/* One record of every type (data types with their data). */
static const char *const dns_json[] = {
	"{\"id\":\"a1\",\"type\":\"A\",\"name\":\"www.example.com\","
	"\"content\":\"192.0.2.1\",\"proxied\":true,\"ttl\":1,"
	"\"comment\":\"web\",\"tags\":[\"team:web\"]}",
	"{\"type\":\"AAAA\",\"name\":\"www.example.com\","
	"\"content\":\"2001:db8::2\",\"proxied\":false,\"ttl\":300}",
	"{\"type\":\"CNAME\",\"name\":\"api.example.com\","
	"\"content\":\"lb.example.com\",\"proxied\":false,\"ttl\":120}",
	"{\"type\":\"MX\",\"name\":\"example.com\",\"content\":\"mx.example.com\","
	"\"priority\":10,\"ttl\":3600}",
	"{\"type\":\"NS\",\"name\":\"sub.example.com\","
	"\"content\":\"ns1.example.net\",\"ttl\":3600}",
	"{\"type\":\"PTR\",\"name\":\"10.example.com\","
	"\"content\":\"host.example.com\",\"ttl\":3600}",
	"{\"type\":\"TXT\",\"name\":\"example.com\",\"content\":\"v=spf1 -all\","
	"\"ttl\":3600}",
	"{\"type\":\"CAA\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"flags\":0,\"tag\":\"issue\",\"value\":\"letsencrypt.org\"}}",
	"{\"type\":\"CERT\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"type\":1,\"key_tag\":1234,\"algorithm\":8,\"certificate\":\"QUJD\"}}",
	"{\"type\":\"DNSKEY\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"flags\":257,\"protocol\":3,\"algorithm\":13,\"public_key\":\"QUJD\"}}",
	"{\"type\":\"DS\",\"name\":\"sub.example.com\",\"ttl\":3600,\"data\":"
	"{\"key_tag\":2371,\"algorithm\":13,\"digest_type\":2,"
	"\"digest\":\"ABCDEF0123\"}}",
	"{\"type\":\"HTTPS\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"priority\":1,\"target\":\".\",\"value\":\"alpn=\\\"h3,h2\\\"\"}}",
	"{\"type\":\"LOC\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"lat_degrees\":37,\"lat_minutes\":46,\"lat_seconds\":46.5,"
	"\"lat_direction\":\"N\",\"long_degrees\":122,\"long_minutes\":25,"
	"\"long_seconds\":9.5,\"long_direction\":\"W\",\"altitude\":10.5,"
	"\"size\":1,\"precision_horz\":10,\"precision_vert\":2}}",
	"{\"type\":\"NAPTR\",\"name\":\"example.com\",\"ttl\":3600,\"data\":"
	"{\"order\":100,\"preference\":10,\"flags\":\"S\",\"service\":"
	"\"SIP+D2U\",\"regex\":\"\",\"replacement\":\"_sip._udp.example.com\"}}",
	"{\"type\":\"SMIMEA\",\"name\":\"x._smimecert.example.com\",\"ttl\":3600,"
	"\"data\":{\"usage\":3,\"selector\":1,\"matching_type\":1,"
	"\"certificate\":\"ABCDEF\"}}",
	"{\"type\":\"SRV\",\"name\":\"_sip._tcp.example.com\",\"ttl\":3600,"
	"\"data\":{\"priority\":10,\"weight\":5,\"port\":5060,\"target\":"
	"\"sip.example.com\"}}",
	"{\"type\":\"SSHFP\",\"name\":\"host.example.com\",\"ttl\":3600,\"data\":"
	"{\"algorithm\":4,\"type\":2,\"fingerprint\":\"ABCDEF\"}}",
	"{\"type\":\"SVCB\",\"name\":\"_dns.example.com\",\"ttl\":3600,\"data\":"
	"{\"priority\":1,\"target\":\"dns.example.com\",\"value\":\"alpn=dot\"}}",
	"{\"type\":\"TLSA\",\"name\":\"_443._tcp.example.com\",\"ttl\":3600,"
	"\"data\":{\"usage\":3,\"selector\":1,\"matching_type\":1,"
	"\"certificate\":\"ABCDEF\"}}",
	"{\"type\":\"URI\",\"name\":\"_ftp._tcp.example.com\",\"ttl\":3600,"
	"\"priority\":10,\"data\":{\"weight\":1,\"target\":"
	"\"ftp://ftp.example.com/\"}}",
};

/* An object of r decoded from json (for origins: the first origin of
 * pool_json, kept inside *holder). */
static void *
sample(enum field_res r, const char *json, struct cf_pool *holder)
{
	const struct field_table *t = fields_table(r);
	struct cf_error err = { 0 };
	void *obj;

	if (r == FIELD_RES_ORIGIN) {
		assert_int_equal(cf_pool_decode(pool_json, holder, &err),
				 CF_OK);
		return &holder->origins[0];
	}
	obj = calloc(1, t->size);
	assert_non_null(obj);
	if (t->decode(json, obj, &err) != CF_OK)
		fail_msg("decode %s: %s", t->name, err.detail);
	return obj;
}

static void
drop(enum field_res r, void *obj, struct cf_pool *holder)
{
	if (r == FIELD_RES_ORIGIN) {
		cf_pool_free(holder);
		return;
	}
	fields_table(r)->free(obj);
	free(obj);
}

/* The sample of r (DNS: of record type `type`). */
static const char *
json_for(enum field_res r, const char *type)
{
	size_t i;
	char pat[48];

	switch (r) {
	case FIELD_RES_MONITOR:
		return monitor_json;
	case FIELD_RES_POOL:
	case FIELD_RES_ORIGIN:
		return pool_json;
	case FIELD_RES_LB:
		return lb_json;
	case FIELD_RES_DNS:
		snprintf(pat, sizeof(pat), "\"type\":\"%s\"", type);
		for (i = 0; i < sizeof(dns_json) / sizeof(dns_json[0]); i++)
			if (strstr(dns_json[i], pat))
				return dns_json[i];
		fail_msg("no sample record of type %s", type);
		break;
	default:
		break;
	}
	return NULL;
}

/* ---- round trips --------------------------------------------------------- */

/* get -> set -> get gives the same text, for every writable field that
 * applies to obj (cells of tables in every row). */
static size_t
round_trip_all(enum field_res r, void *obj)
{
	const struct field_table *t = fields_table(r);
	size_t i, checked = 0;

	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		char why[VALID_WHY_MAX] = "", *a, *b;

		if (!fields_writable(f) || !fields_applies(f, obj, &CTX))
			continue;
		a = fields_get(f, obj);
		assert_non_null(a);
		if (!fields_set(f, obj, a, &CTX, why, sizeof(why)))
			fail_msg("%s.%s: set(\"%s\") refused: %s", t->name,
				 f->name, a, why);
		b = fields_get(f, obj);
		if (strcmp(a, b))
			fail_msg("%s.%s: \"%s\" came back as \"%s\"", t->name,
				 f->name, a, b);
		free(a);
		free(b);
		checked++;
	}
	return checked;
}

static void
test_round_trip(void **state)
{
	static const enum field_res rs[] = { FIELD_RES_MONITOR, FIELD_RES_POOL,
					     FIELD_RES_ORIGIN, FIELD_RES_LB };
	struct cf_pool holder;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(rs) / sizeof(rs[0]); i++) {
		void *obj = sample(rs[i], json_for(rs[i], NULL), &holder);

		n = round_trip_all(rs[i], obj);
		assert_true(n > 3);
		drop(rs[i], obj, &holder);
	}
	for (i = 0; i < sizeof(dns_json) / sizeof(dns_json[0]); i++) {
		void *obj = sample(FIELD_RES_DNS, dns_json[i], NULL);

		n = round_trip_all(FIELD_RES_DNS, obj);
		assert_true(n >= 5);
		drop(FIELD_RES_DNS, obj, NULL);
	}
}

/* ---- good and bad values ------------------------------------------------- */

struct value_case {
	enum field_res r;
	const char *type; /* DNS record type (context), else NULL */
	const char *name;
	const char *good; /* a valid value other than the sample's */
	const char *back; /* what get gives after set(good); NULL: good */
	const char *bad;  /* an invalid value */
	const char *why;  /* the exact reason for bad */
};

static const struct value_case cases[] = {
	/* DNS */
	{ FIELD_RES_DNS, "A", "type", "AAAA", NULL, "AXFR",
	  "type must be one of A, AAAA, CAA, CERT, CNAME, DNSKEY, DS, HTTPS, "
	  "LOC, MX, NAPTR, NS, PTR, SMIMEA, SRV, SSHFP, SVCB, TLSA, TXT, URI" },
	{ FIELD_RES_DNS, "A", "name", "api", "api.example.com", "a..b",
	  "hostname has an empty label (..)" },
	{ FIELD_RES_DNS, "A", "content", "198.51.100.7", NULL, "1.2.3",
	  "not an IPv4 address (like 192.0.2.10)" },
	{ FIELD_RES_DNS, "AAAA", "content", "2001:db8::9", NULL, "1.2.3.4",
	  "not an IPv6 address (like 2001:db8::10)" },
	{ FIELD_RES_DNS, "CNAME", "content", "other.example.net", NULL,
	  "192.0.2.1", "a CNAME record points at a hostname, not an address" },
	{ FIELD_RES_DNS, "MX", "content", "mx2.example.com", NULL, "mx_1..x",
	  "hostname has an empty label (..)" },
	{ FIELD_RES_DNS, "NS", "content", "ns2.example.net", NULL, "",
	  "enter the content" },
	{ FIELD_RES_DNS, "PTR", "content", "h2.example.com", NULL, "-bad-",
	  "a hostname label must not start with '-'" },
	{ FIELD_RES_DNS, "TXT", "content", "hello", NULL, "",
	  "enter the content" },
	{ FIELD_RES_DNS, "A", "proxied", "off", NULL, "maybe",
	  "proxied is on or off" },
	{ FIELD_RES_DNS, "AAAA", "ttl", "600", NULL, "20",
	  "TTL must be 1 (automatic) or from 30 to 86400 seconds" },
	{ FIELD_RES_DNS, "MX", "priority", "20", NULL, "70000",
	  "priority must be from 0 to 65535" },
	{ FIELD_RES_DNS, "A", "comment", "a note", NULL,
	  "0123456789012345678901234567890123456789012345678901234567890123"
	  "4567890123456789012345678901234567890",
	  "comment is longer than 100 characters" },
	{ FIELD_RES_DNS, "A", "tags", "team:web, env:prod", NULL, "nocolon",
	  "tag \"nocolon\" is not name:value" },
	{ FIELD_RES_DNS, "CAA", "data",
	  "{\"flags\":0,\"tag\":\"iodef\","
	  "\"value\":\"mailto:a@example.com\"}",
	  NULL, "[1]", "data is a JSON object ({\"port\": 443, ...})" },
	{ FIELD_RES_DNS, "CAA", "data.flags", "128", NULL, "256",
	  "data.flags must be from 0 to 255" },
	{ FIELD_RES_DNS, "CAA", "data.tag", "issuewild", NULL, "bogus",
	  "data.tag must be one of issue, issuewild, iodef" },
	{ FIELD_RES_DNS, "CAA", "data.value", "pki.goog", NULL, "",
	  "enter the data.value" },
	{ FIELD_RES_DNS, "CERT", "data.type", "2", NULL, "-1",
	  "data.type must be from 0 to 65535" },
	{ FIELD_RES_DNS, "CERT", "data.key_tag", "1", NULL, "x",
	  "data.key_tag must be a number from 0 to 65535" },
	{ FIELD_RES_DNS, "CERT", "data.algorithm", "13", NULL, "300",
	  "data.algorithm must be from 0 to 255" },
	{ FIELD_RES_DNS, "CERT", "data.certificate", "REVG", NULL, "",
	  "enter the data.certificate" },
	{ FIELD_RES_DNS, "DNSKEY", "data.flags", "256", NULL, "65536",
	  "data.flags must be from 0 to 65535" },
	{ FIELD_RES_DNS, "DNSKEY", "data.protocol", "3", NULL, "1.5",
	  "data.protocol goes in steps of 1" },
	{ FIELD_RES_DNS, "DNSKEY", "data.public_key", "REVG", NULL, "",
	  "enter the data.public_key" },
	{ FIELD_RES_DNS, "DS", "data.digest_type", "1", NULL, "256",
	  "data.digest_type must be from 0 to 255" },
	{ FIELD_RES_DNS, "DS", "data.digest", "FFEE", NULL, "XYZ",
	  "write the value in hexadecimal" },
	{ FIELD_RES_DNS, "HTTPS", "data.priority", "0", NULL, "65536",
	  "data.priority must be from 0 to 65535" },
	{ FIELD_RES_DNS, "HTTPS", "data.target", "svc.example.com", NULL, "",
	  "enter the data.target" },
	{ FIELD_RES_DNS, "LOC", "data.lat_degrees", "51", NULL, "91",
	  "data.lat_degrees must be from 0 to 90" },
	{ FIELD_RES_DNS, "LOC", "data.lat_minutes", "30", NULL, "60",
	  "data.lat_minutes must be from 0 to 59" },
	{ FIELD_RES_DNS, "LOC", "data.lat_seconds", "59.999", NULL, "1.0001",
	  "data.lat_seconds goes in steps of 0.001" },
	{ FIELD_RES_DNS, "LOC", "data.lat_direction", "S", NULL, "E",
	  "data.lat_direction must be one of N, S" },
	{ FIELD_RES_DNS, "LOC", "data.long_degrees", "180", NULL, "181",
	  "data.long_degrees must be from 0 to 180" },
	{ FIELD_RES_DNS, "LOC", "data.long_minutes", "0", NULL, "-1",
	  "data.long_minutes must be from 0 to 59" },
	{ FIELD_RES_DNS, "LOC", "data.long_seconds", "0.5", NULL, "60",
	  "data.long_seconds must be from 0 to 59.999" },
	{ FIELD_RES_DNS, "LOC", "data.long_direction", "E", NULL, "N",
	  "data.long_direction must be one of E, W" },
	{ FIELD_RES_DNS, "LOC", "data.altitude", "-20.25", NULL, "-100001",
	  "data.altitude must be from -100000 to 42849672.95" },
	{ FIELD_RES_DNS, "LOC", "data.size", "2", NULL, "big",
	  "data.size must be a number from 0 to 90000000" },
	{ FIELD_RES_DNS, "LOC", "data.precision_horz", "100", NULL, "-5",
	  "data.precision_horz must be from 0 to 90000000" },
	{ FIELD_RES_DNS, "LOC", "data.precision_vert", "10", NULL, "90000001",
	  "data.precision_vert must be from 0 to 90000000" },
	{ FIELD_RES_DNS, "NAPTR", "data.order", "200", NULL, "65536",
	  "data.order must be from 0 to 65535" },
	{ FIELD_RES_DNS, "NAPTR", "data.preference", "20", NULL, "x",
	  "data.preference must be a number from 0 to 65535" },
	{ FIELD_RES_DNS, "NAPTR", "data.flags", "U", NULL, "ABCDEFGHI",
	  "data.flags is longer than 8 characters" },
	{ FIELD_RES_DNS, "NAPTR", "data.replacement", ".", NULL, "",
	  "enter the data.replacement" },
	{ FIELD_RES_DNS, "SMIMEA", "data.usage", "1", NULL, "256",
	  "data.usage must be from 0 to 255" },
	{ FIELD_RES_DNS, "TLSA", "data.selector", "0", NULL, "256",
	  "data.selector must be from 0 to 255" },
	{ FIELD_RES_DNS, "TLSA", "data.matching_type", "2", NULL, "2.5",
	  "data.matching_type goes in steps of 1" },
	{ FIELD_RES_DNS, "TLSA", "data.certificate", "00FF", NULL, "zz",
	  "write the value in hexadecimal" },
	{ FIELD_RES_DNS, "SRV", "data.weight", "10", NULL, "65536",
	  "data.weight must be from 0 to 65535" },
	{ FIELD_RES_DNS, "SRV", "data.port", "5061", NULL, "65536",
	  "data.port must be from 0 to 65535" },
	{ FIELD_RES_DNS, "SRV", "data.target", "sip2.example.com", NULL,
	  "sip..example.com", "hostname has an empty label (..)" },
	{ FIELD_RES_DNS, "SSHFP", "data.algorithm", "1", NULL, "256",
	  "data.algorithm must be from 0 to 255" },
	{ FIELD_RES_DNS, "SSHFP", "data.type", "1", NULL, "256",
	  "data.type must be from 0 to 255" },
	{ FIELD_RES_DNS, "SSHFP", "data.fingerprint", "0123", NULL, "xyz",
	  "write the value in hexadecimal" },
	{ FIELD_RES_DNS, "URI", "data.target", "https://example.com/", NULL, "",
	  "enter the data.target" },
	{ FIELD_RES_DNS, "URI", "priority", "5", NULL, "-1",
	  "priority must be from 0 to 65535" },
	/* monitors */
	{ FIELD_RES_MONITOR, NULL, "type", "http", NULL, "ftp",
	  "type must be one of http, https, tcp, udp_icmp, icmp_ping, smtp" },
	{ FIELD_RES_MONITOR, NULL, "description", "edge", NULL, NULL, NULL },
	{ FIELD_RES_MONITOR, NULL, "method", "HEAD", NULL, "POST",
	  "method must be one of GET, HEAD" },
	{ FIELD_RES_MONITOR, NULL, "path", "/ready", NULL, "ready",
	  "path must start with / (like /health)" },
	{ FIELD_RES_MONITOR, NULL, "port", "443", NULL, "70000",
	  "port must be from 0 to 65535" },
	{ FIELD_RES_MONITOR, NULL, "expected_codes", "200", NULL, "2x",
	  "expected codes: a status like 200 or a range like 2xx or 30x" },
	{ FIELD_RES_MONITOR, NULL, "expected_body", "alive", NULL, NULL, NULL },
	{ FIELD_RES_MONITOR, NULL, "header", "Host=a.example.com", NULL,
	  "User-Agent=x", "the User-Agent header cannot be overridden" },
	{ FIELD_RES_MONITOR, NULL, "timeout", "10", NULL, "60",
	  "timeout must be less than the interval (60 s)" },
	{ FIELD_RES_MONITOR, NULL, "retries", "0", NULL, "6",
	  "retries must be from 0 to 5" },
	{ FIELD_RES_MONITOR, NULL, "interval", "120", NULL, "30",
	  "interval must be from 60 to 3600 seconds (lower needs a plan that "
	  "allows it)" },
	{ FIELD_RES_MONITOR, NULL, "consecutive_up", "1", NULL, "1001",
	  "consecutive up must be from 0 to 1000" },
	{ FIELD_RES_MONITOR, NULL, "consecutive_down", "4", NULL, "x",
	  "consecutive down must be a whole number from 0 to 1000" },
	{ FIELD_RES_MONITOR, NULL, "follow_redirects", "off", NULL, "2",
	  "follow redirects is on or off" },
	{ FIELD_RES_MONITOR, NULL, "allow_insecure", "on", NULL, "yes please",
	  "allow insecure is on or off" },
	{ FIELD_RES_MONITOR, NULL, "probe_zone", "example.net", NULL, "nodot",
	  "enter a full hostname (like api.example.com)" },
	/* pools */
	{ FIELD_RES_POOL, NULL, "name", "pool-b", NULL, "pool a",
	  "a pool name may hold only letters, digits, '-' and '_'" },
	{ FIELD_RES_POOL, NULL, "description", "gpus", NULL, NULL, NULL },
	{ FIELD_RES_POOL, NULL, "enabled", "off", NULL, "disabled",
	  "enabled is on or off" },
	{ FIELD_RES_POOL, NULL, "minimum_origins", "2", NULL, "3",
	  "minimum origins (3) is more than the pool's 2 origins: the pool "
	  "could never be healthy" },
	{ FIELD_RES_POOL, NULL, "monitor", P2, NULL, "mon-1",
	  "an id is 32 hexadecimal characters" },
	{ FIELD_RES_POOL, NULL, "check_regions", "WEU", NULL, "MARS",
	  "a check region must be one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, "
	  "ME, NAF, SAF, SAS, SEAS, NEAS, ALL_REGIONS" },
	{ FIELD_RES_POOL, NULL, "latitude", "-33.5", NULL, "91",
	  "latitude must be from -90 to 90" },
	{ FIELD_RES_POOL, NULL, "longitude", "151.25", NULL, "-181",
	  "longitude must be from -180 to 180" },
	{ FIELD_RES_POOL, NULL, "notification_email",
	  "a@example.com, "
	  "b@example.com",
	  NULL, "ops", "ops is not an email address" },
	{ FIELD_RES_POOL, NULL, "notification_filter.origin.disable", "on",
	  NULL, "x", "notification_filter.origin.disable is on or off" },
	{ FIELD_RES_POOL, NULL, "notification_filter.origin.healthy", "false",
	  NULL, "maybe",
	  "notification_filter.origin.healthy must be one of true, false" },
	{ FIELD_RES_POOL, NULL, "notification_filter.pool.disable", "off", NULL,
	  "1", "notification_filter.pool.disable is on or off" },
	{ FIELD_RES_POOL, NULL, "notification_filter.pool.healthy", "true",
	  NULL, "yes",
	  "notification_filter.pool.healthy must be one of true, false" },
	{ FIELD_RES_POOL, NULL, "load_shedding.default_percent", "50", NULL,
	  "101", "load_shedding.default_percent must be from 0 to 100" },
	{ FIELD_RES_POOL, NULL, "load_shedding.default_policy", "random", NULL,
	  "fifo", "load_shedding.default_policy must be one of random, hash" },
	{ FIELD_RES_POOL, NULL, "load_shedding.session_percent", "0", NULL,
	  "-1", "load_shedding.session_percent must be from 0 to 100" },
	{ FIELD_RES_POOL, NULL, "load_shedding.session_policy", "hash", NULL,
	  "random", "load_shedding.session_policy must be one of hash" },
	{ FIELD_RES_POOL, NULL, "origin_steering.policy", "hash", NULL,
	  "round_robin",
	  "origin steering must be one of random, hash, "
	  "least_outstanding_requests, least_connections" },
	{ FIELD_RES_POOL, NULL, "origins",
	  "[{\"name\":\"o1\",\"address\":\"192.0.2.1\",\"enabled\":true,"
	  "\"weight\":1}]",
	  NULL, "{}", "origins is a JSON array of origins" },
	/* origins */
	{ FIELD_RES_ORIGIN, NULL, "name", "gpu-c", NULL, "gpu a",
	  "an origin name must not hold spaces or control characters" },
	{ FIELD_RES_ORIGIN, NULL, "address", "gpu.example.com", NULL,
	  "10.0.0.5",
	  "10.0.0.5 is an internal address: it needs a virtual network "
	  "(Cloudflare Tunnel)" },
	{ FIELD_RES_ORIGIN, NULL, "enabled", "off", NULL, "nope",
	  "enabled is on or off" },
	{ FIELD_RES_ORIGIN, NULL, "weight", "0.25", NULL, "0.333",
	  "weight goes in steps of 0.01" },
	{ FIELD_RES_ORIGIN, NULL, "header.Host", "b.example.com", NULL,
	  "b..example.com", "hostname has an empty label (..)" },
	{ FIELD_RES_ORIGIN, NULL, "virtual_network_id",
	  "0b6d9f48-4f6e-4e2a-9b22-6d1a3b8c1f00", NULL, "net one",
	  "a virtual network id is a UUID" },
	/* load balancers */
	{ FIELD_RES_LB, NULL, "name", "www", "www.example.com",
	  "api.example.org",
	  "api.example.org is not inside the zone "
	  "example.com" },
	{ FIELD_RES_LB, NULL, "description", "edge", NULL, NULL, NULL },
	{ FIELD_RES_LB, NULL, "enabled", "off", NULL, "0",
	  "enabled is on or off" },
	{ FIELD_RES_LB, NULL, "proxied", "on", NULL, "orange",
	  "proxied is on or off" },
	{ FIELD_RES_LB, NULL, "ttl", "60", NULL, "10",
	  "TTL must be 1 (automatic) or from 30 to 86400 seconds" },
	{ FIELD_RES_LB, NULL, "default_pools", P2 ", " P1, NULL, "pool-x",
	  "pool-x is neither a pool id nor a pool's name" },
	{ FIELD_RES_LB, NULL, "fallback_pool", P1, NULL, P1 "," P2,
	  "the fallback is one pool" },
	{ FIELD_RES_LB, NULL, "region_pools", "WNAM=" P1 "; EEU=" P2, NULL,
	  "MARS=" P1,
	  "a region code must be one of WNAM, ENAM, WEU, EEU, NSAM, "
	  "SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS" },
	{ FIELD_RES_LB, NULL, "country_pools", "DE=" P2, NULL, "usa=" P1,
	  "a country code is two upper-case letters (US, DE)" },
	{ FIELD_RES_LB, NULL, "pop_pools", "SJC=" P1 "," P2, NULL, "LAX",
	  "\"LAX\": write KEY=value[,value] items separated by ;" },
	{ FIELD_RES_LB, NULL, "steering_policy", "random", NULL, "fastest",
	  "steering policy must be one of off, geo, random, dynamic_latency, "
	  "proximity, least_outstanding_requests, least_connections" },
	{ FIELD_RES_LB, NULL, "random_steering.default_weight", "0.3", NULL,
	  "0.25", "random_steering.default_weight goes in steps of 0.1" },
	{ FIELD_RES_LB, NULL, "random_steering.pool_weights", P2 "=0.7", NULL,
	  P1 "=2", P1 ": a weight from 0 to 1" },
	{ FIELD_RES_LB, NULL, "adaptive_routing.failover_across_pools", "off",
	  NULL, "x", "adaptive failover is on or off" },
	{ FIELD_RES_LB, NULL, "location_strategy.mode", "pop", NULL, "ip",
	  "location mode must be one of pop, resolver_ip" },
	{ FIELD_RES_LB, NULL, "location_strategy.prefer_ecs", "never", NULL,
	  "sometimes",
	  "location prefer ECS must be one of always, never, proximity, geo" },
	{ FIELD_RES_LB, NULL, "session_affinity", "ip_cookie", NULL, "sticky",
	  "session affinity must be one of none, cookie, ip_cookie, header" },
	{ FIELD_RES_LB, NULL, "session_affinity_ttl", "7200", NULL, "60",
	  "with cookie affinity the TTL must be from 1800 to 604800 seconds" },
	{ FIELD_RES_LB, NULL, "session_affinity_attributes.samesite", "Strict",
	  NULL, "lax",
	  "affinity samesite must be one of Auto, Lax, None, Strict" },
	{ FIELD_RES_LB, NULL, "session_affinity_attributes.secure", "Never",
	  NULL, "sometimes",
	  "affinity secure must be one of Auto, Always, "
	  "Never" },
	{ FIELD_RES_LB, NULL, "session_affinity_attributes.drain_duration",
	  "30", NULL, "3601", "affinity drain must be from 0 to 3600" },
	{ FIELD_RES_LB, NULL,
	  "session_affinity_attributes.zero_downtime_failover", "temporary",
	  NULL, "always",
	  "zero-downtime failover must be one of none, temporary, sticky" },
	{ FIELD_RES_LB, NULL, "session_affinity_attributes.headers", "x-a, x-b",
	  NULL, "x a",
	  "header name \"x a\": 1-100 letters, "
	  "digits, _ and -" },
	{ FIELD_RES_LB, NULL, "session_affinity_attributes.require_all_headers",
	  "off", NULL, "both", "require all headers is on or off" },
	{ FIELD_RES_LB, NULL, "rules", "[{\"name\":\"r1\"}]", NULL, "{}",
	  "rules is a JSON array of rule objects" },
};

/* Free text with no rule: the fields whose bad value is NULL above, and
 * NAPTR/HTTPS/SVCB text members. */
static bool
free_text(const struct field *f)
{
	return !strcmp(f->name, "data.service") ||
	       !strcmp(f->name, "data.regex") ||
	       (!strcmp(f->name, "data.value") && f->types &&
		strstr(f->types, "SVCB"));
}

/* Runs one case; returns the number of problems (printed). */
static int
run_case(const struct value_case *c)
{
	struct cf_pool holder;
	void *obj = sample(c->r, json_for(c->r, c->type), &holder);
	const struct field *f = fields_find(c->r, c->name, obj);
	char why[VALID_WHY_MAX] = "", *got, *before;
	int bad = 0;

	if (!f || !fields_writable(f) || !fields_applies(f, obj, &CTX)) {
		fprintf(stderr,
			"%s: no writable field that applies to the %s "
			"sample\n",
			c->name, c->type ? c->type : "");
		drop(c->r, obj, &holder);
		return 1;
	}
	if (c->bad) {
		before = fields_get(f, obj);
		if (fields_set(f, obj, c->bad, &CTX, why, sizeof(why))) {
			fprintf(stderr, "%s: bad value \"%s\" accepted\n",
				c->name, c->bad);
			bad++;
		} else if (strcmp(why, c->why)) {
			fprintf(stderr, "%s: \"%s\" gave \"%s\", not \"%s\"\n",
				c->name, c->bad, why, c->why);
			bad++;
		}
		got = fields_get(f, obj);
		if (strcmp(got, before)) {
			fprintf(stderr, "%s: refused \"%s\" changed it\n",
				c->name, c->bad);
			bad++;
		}
		free(got);
		free(before);
	}
	if (!fields_set(f, obj, c->good, &CTX, why, sizeof(why))) {
		fprintf(stderr, "%s: good value \"%s\" refused: %s\n", c->name,
			c->good, why);
		bad++;
	} else {
		got = fields_get(f, obj);
		if (strcmp(got, c->back ? c->back : c->good)) {
			fprintf(stderr, "%s: set \"%s\", read \"%s\"\n",
				c->name, c->good, got);
			bad++;
		}
		free(got);
	}
	drop(c->r, obj, &holder);
	return bad;
}

static void
test_values(void **state)
{
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		bad += run_case(&cases[i]);
	assert_int_equal(bad, 0);
}

/* Every writable field of every table has a case above (a table grown
 * without a test fails here). */
static void
test_every_field_has_a_case(void **state)
{
	enum field_res r;
	size_t i, k;

	(void)state;
	for (r = 0; r < FIELD_NRES; r++) {
		const struct field_table *t = fields_table(r);

		for (i = 0; i < t->n; i++) {
			const struct field *f = &t->v[i];
			bool found = false;

			if (!fields_writable(f) || free_text(f))
				continue;
			for (k = 0;
			     k < sizeof(cases) / sizeof(cases[0]) && !found;
			     k++) {
				char pat[32];

				if (cases[k].r != r ||
				    strcmp(cases[k].name, f->name))
					continue;
				snprintf(pat, sizeof(pat), " %s ",
					 cases[k].type ? cases[k].type : "");
				found = !f->types || strstr(f->types, pat);
			}
			if (!found)
				fail_msg("%s.%s (%s) has no good/bad case",
					 t->name, f->name,
					 f->types ? f->types : "all types");
		}
	}
}

/* ---- dependencies -------------------------------------------------------- */

static void
test_dependencies(void **state)
{
	struct cf_dns_record *r = sample(FIELD_RES_DNS, dns_json[0], NULL);
	struct cf_monitor *m = sample(FIELD_RES_MONITOR, monitor_json, NULL);
	struct cf_load_balancer *lb = sample(FIELD_RES_LB, lb_json, NULL);
	char why[VALID_WHY_MAX];
	char *t;

	(void)state;
	/* A proxied A record: no TTL; MX fields do not apply. */
	assert_false(
		fields_applies(fields_find(FIELD_RES_DNS, "ttl", r), r, &CTX));
	assert_false(fields_applies(fields_find(FIELD_RES_DNS, "priority", r),
				    r, &CTX));
	assert_true(fields_applies(fields_find(FIELD_RES_DNS, "proxied", r), r,
				   &CTX));
	/* A type change shows the new type's fields and drops the old. */
	assert_true(fields_set(fields_find(FIELD_RES_DNS, "type", r), r, "SRV",
			       &CTX, why, sizeof(why)));
	assert_false(r->proxied);
	assert_null(r->content);
	assert_true(fields_applies(fields_find(FIELD_RES_DNS, "data.port", r),
				   r, &CTX));
	assert_false(fields_applies(fields_find(FIELD_RES_DNS, "content", r), r,
				    &CTX));
	assert_false(fields_applies(fields_find(FIELD_RES_DNS, "proxied", r), r,
				    &CTX));
	assert_true(fields_set(fields_find(FIELD_RES_DNS, "type", r), r, "LOC",
			       &CTX, why, sizeof(why)));
	/* LOC's defaults come in with the type. */
	t = fields_get(fields_find(FIELD_RES_DNS, "data.lat_minutes", r), r);
	assert_string_equal(t, "0");
	free(t);
	/* Monitor: a TCP monitor has no path; its method follows the type. */
	assert_true(fields_set(fields_find(FIELD_RES_MONITOR, "type", m), m,
			       "tcp", &CTX, why, sizeof(why)));
	assert_string_equal(m->method, "connection_established");
	assert_false(fields_applies(fields_find(FIELD_RES_MONITOR, "path", m),
				    m, &CTX));
	/* LB: proxied drops the TTL and hides it. */
	assert_true(lb->has_ttl);
	assert_true(fields_set(fields_find(FIELD_RES_LB, "proxied", lb), lb,
			       "on", &CTX, why, sizeof(why)));
	assert_false(lb->has_ttl);
	assert_false(
		fields_applies(fields_find(FIELD_RES_LB, "ttl", lb), lb, &CTX));
	drop(FIELD_RES_DNS, r, NULL);
	drop(FIELD_RES_MONITOR, m, NULL);
	drop(FIELD_RES_LB, lb, NULL);
}

/* ---- display ------------------------------------------------------------- */

struct lines {
	char buf[8192];
	size_t len;
};

static void
collect(const char *key, const char *value, void *ud)
{
	struct lines *l = ud;
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s: %s\n",
			 key, value ? value : "-");

	if (n > 0)
		l->len += (size_t)n;
}

static const char *
pool_name(const char *id, void *ud)
{
	(void)ud;
	return !strcmp(id, P1) ? "pool-a" : !strcmp(id, P2) ? "pool-b" : NULL;
}

static const char *
pool_id(const char *name, void *ud)
{
	(void)ud;
	return !strcmp(name, "pool-a")	 ? P1
	       : !strcmp(name, "pool-b") ? P2
					 : NULL;
}

static void
test_display(void **state)
{
	struct cf_load_balancer *lb = sample(FIELD_RES_LB, lb_json, NULL);
	struct cf_monitor *m = sample(FIELD_RES_MONITOR, monitor_json, NULL);
	struct field_ctx ctx = { .zone = "example.com",
				 .pool_name = pool_name };
	struct field_out out;
	struct lines l = { .len = 0 };
	char b[256];

	(void)state;
	out.emit = collect;
	out.ud = &l;
	fields_detail(FIELD_RES_LB, lb, &ctx, &out);
	assert_non_null(strstr(l.buf, "hostname: api.example.com\n"));
	assert_non_null(strstr(l.buf, "default pools: pool-a, pool-b\n"));
	assert_non_null(strstr(l.buf, "fallback pool: pool-b\n"));
	assert_non_null(strstr(l.buf, "region pools WNAM: pool-a\n"));
	assert_non_null(strstr(l.buf, "random weight pool-a: 0.2\n"));
	assert_non_null(strstr(l.buf, "ttl: 30\n"));
	assert_string_equal(
		fields_text(fields_find(FIELD_RES_LB, "default_pools", NULL),
			    lb, &ctx, FIELD_LIST, b, sizeof(b)),
		"pool-a,pool-b");
	assert_string_equal(
		fields_text(fields_find(FIELD_RES_LB, "proxied", NULL), lb,
			    &ctx, FIELD_CELL, b, sizeof(b)),
		"off");
	assert_string_equal(
		fields_text(fields_find(FIELD_RES_LB, "proxied", NULL), lb,
			    &ctx, FIELD_LIST, b, sizeof(b)),
		"no");
	l.len = 0;
	fields_detail(FIELD_RES_MONITOR, m, &ctx, &out);
	assert_non_null(strstr(l.buf, "header Host: api.example.com\n"
				      "header X-App: abc\n"));
	assert_non_null(strstr(l.buf, "port: 8443\n"));
	m->port = 0;
	assert_string_equal(
		fields_text(fields_find(FIELD_RES_MONITOR, "port", NULL), m,
			    &ctx, FIELD_LIST, b, sizeof(b)),
		"default");
	assert_string_equal(
		fields_text(fields_find(FIELD_RES_MONITOR, "interval", NULL), m,
			    &ctx, FIELD_CELL, b, sizeof(b)),
		"60s");
	drop(FIELD_RES_LB, lb, NULL);
	drop(FIELD_RES_MONITOR, m, NULL);
}

/* ---- diffs and paths ----------------------------------------------------- */

static void
test_diff(void **state)
{
	struct cf_monitor *a = sample(FIELD_RES_MONITOR, monitor_json, NULL);
	struct cf_monitor *b = sample(FIELD_RES_MONITOR, monitor_json, NULL);
	struct cf_pool *pa = sample(FIELD_RES_POOL, pool_json, NULL);
	struct cf_pool *pb = sample(FIELD_RES_POOL, pool_json, NULL);
	char why[VALID_WHY_MAX], *text;
	unsigned mask;

	(void)state;
	assert_true(fields_diff(FIELD_RES_MONITOR, a, b, &mask, &text));
	assert_int_equal(mask, 0);
	assert_null(text);
	assert_true(fields_set_path(FIELD_RES_MONITOR, b, "interval", "120",
				    &CTX, why, sizeof(why)));
	assert_true(fields_set_path(FIELD_RES_MONITOR, b, "path", "/ready",
				    &CTX, why, sizeof(why)));
	assert_true(fields_diff(FIELD_RES_MONITOR, a, b, &mask, &text));
	assert_int_equal(mask, CF_MON_F_INTERVAL | CF_MON_F_PATH);
	assert_string_equal(text, "path: /health -> /ready\n"
				  "interval: 60 -> 120");
	free(text);
	/* Origins: by name, cell by cell; added and removed rows. */
	assert_true(fields_set_path(FIELD_RES_POOL, pb, "origins[gpu-b].weight",
				    "0.5", &CTX, why, sizeof(why)));
	assert_true(fields_set_path(FIELD_RES_POOL, pb, "origins[+].name",
				    "gpu-c", &CTX, why, sizeof(why)));
	assert_true(fields_set_path(FIELD_RES_POOL, pb, "origins[2].address",
				    "192.0.2.30", &CTX, why, sizeof(why)));
	assert_false(fields_set_path(FIELD_RES_POOL, pb,
				     "origins[gpu-z].weight", "0.5", &CTX, why,
				     sizeof(why)));
	assert_string_equal(why, "origins has no row gpu-z");
	assert_false(fields_set_path(FIELD_RES_POOL, pb, "origins[0].weight",
				     "7", &CTX, why, sizeof(why)));
	assert_string_equal(why, "weight must be from 0 to 1");
	assert_true(fields_diff(FIELD_RES_POOL, pa, pb, &mask, &text));
	assert_int_equal(mask, CF_POOL_F_ORIGINS);
	assert_string_equal(text, "origins[gpu-b].weight: 1 -> 0.5\n"
				  "origins: + gpu-c");
	free(text);
	assert_false(fields_set_path(FIELD_RES_POOL, pb, "nosuch", "1", &CTX,
				     why, sizeof(why)));
	assert_string_equal(why, "pool has no field nosuch");
	assert_false(fields_set_path(FIELD_RES_POOL, pb, "id", "1", &CTX, why,
				     sizeof(why)));
	assert_string_equal(why, "id is read-only");
	drop(FIELD_RES_MONITOR, a, NULL);
	drop(FIELD_RES_MONITOR, b, NULL);
	drop(FIELD_RES_POOL, pa, NULL);
	drop(FIELD_RES_POOL, pb, NULL);
}

static void
test_map_keys_and_names(void **state)
{
	struct cf_load_balancer *lb = sample(FIELD_RES_LB, lb_json, NULL);
	struct field_ctx ctx = { .zone = "example.com",
				 .pool_id = pool_id,
				 .pool_name = pool_name };
	char why[VALID_WHY_MAX], *t;

	(void)state;
	/* One key of a map; pools by name. */
	assert_true(fields_set_path(FIELD_RES_LB, lb, "pop_pools.SJC",
				    "pool-a,pool-b", &ctx, why, sizeof(why)));
	t = fields_get(fields_find(FIELD_RES_LB, "pop_pools", NULL), lb);
	assert_string_equal(t, "LAX=" P2 "; SJC=" P1 "," P2);
	free(t);
	assert_true(fields_set_path(FIELD_RES_LB, lb, "pop_pools.LAX", "", &ctx,
				    why, sizeof(why)));
	t = fields_get(fields_find(FIELD_RES_LB, "pop_pools", NULL), lb);
	assert_string_equal(t, "SJC=" P1 "," P2);
	free(t);
	assert_true(fields_set_path(FIELD_RES_LB, lb, "fallback_pool", "pool-a",
				    &ctx, why, sizeof(why)));
	assert_string_equal(lb->fallback_pool, P1);
	assert_false(fields_set_path(FIELD_RES_LB, lb, "ttl", "60", &ctx, why,
				     sizeof(why)) &&
		     lb->proxied);
	drop(FIELD_RES_LB, lb, NULL);
}

/* ---- whole objects ------------------------------------------------------- */

static void
test_validate_object(void **state)
{
	struct cf_pool *p = sample(FIELD_RES_POOL, pool_json, NULL);
	struct cf_monitor *m = sample(FIELD_RES_MONITOR, monitor_json, NULL);
	struct plan_issues l = { 0 };

	(void)state;
	assert_true(fields_validate(FIELD_RES_POOL, p, &CTX, &l));
	plan_issues_free(&l);
	free(p->origins[1].address);
	p->origins[1].address = strdup("10.1.2.3");
	free(p->origins[1].name);
	p->origins[1].name = strdup("gpu-a");
	assert_false(fields_validate(FIELD_RES_POOL, p, &CTX, &l));
	assert_non_null(plan_issues_find(&l, "origins[1].address"));
	assert_string_equal(plan_issues_find(&l, "origins[1].name")->message,
			    "origin name gpu-a is used twice");
	plan_issues_free(&l);
	m->timeout = 90;
	assert_false(fields_validate(FIELD_RES_MONITOR, m, &CTX, &l));
	assert_string_equal(plan_issues_find(&l, "timeout")->message,
			    "timeout must be less than the interval (60 s)");
	plan_issues_free(&l);
	/* An edit of the path is not stopped by the timeout nobody touched;
	 * an edit that makes it worse is. */
	{
		struct cf_monitor *m2 =
			sample(FIELD_RES_MONITOR, monitor_json, NULL);

		m2->timeout = 90;
		free(m2->path);
		m2->path = strdup("/ready");
		assert_true(fields_validate_edit(FIELD_RES_MONITOR, m, m2, &CTX,
						 &l));
		plan_issues_free(&l);
		m2->interval = 80;
		assert_false(fields_validate_edit(FIELD_RES_MONITOR, m, m2,
						  &CTX, &l));
		assert_string_equal(plan_issues_find(&l, "timeout")->message,
				    "timeout must be less than the interval "
				    "(80 s)");
		plan_issues_free(&l);
		drop(FIELD_RES_MONITOR, m2, NULL);
	}
	drop(FIELD_RES_POOL, p, NULL);
	drop(FIELD_RES_MONITOR, m, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_every_field_has_a_case),
		cmocka_unit_test(test_dependencies),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_map_keys_and_names),
		cmocka_unit_test(test_validate_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
