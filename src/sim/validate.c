/* validate.c: cfsim's pure validators for ids, credentials, DNS records, monitors, pools and load balancers. */
#include "sim/validate.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const cJSON *
get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static bool
all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool
validate_id(const char *s)
{
	return s && strlen(s) == 32 && all_hex(s, 32);
}

bool
validate_bearer_token(const char *s)
{
	size_t n, i;

	if (!s)
		return false;
	n = strlen(s);
	if (n == 0 || n > 256)
		return false;
	if (n == 37 && all_hex(s, 37))
		return false; /* a Global API Key is not a token */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && !strchr("._~+/=-", c))
			return false;
	}
	return true;
}

bool
validate_auth_email(const char *s)
{
	const char *at;
	size_t i;

	if (!s || !*s)
		return false;
	for (i = 0; s[i]; i++)
		if (isspace((unsigned char)s[i]) ||
		    iscntrl((unsigned char)s[i]))
			return false;
	at = strchr(s, '@');
	return at && at != s && at[1] && !strchr(at + 1, '@');
}

bool
validate_auth_key(const char *s)
{
	return s && strlen(s) == 37 && all_hex(s, 37);
}

bool
validate_ipv4(const char *s)
{
	struct in_addr a;

	return s && inet_pton(AF_INET, s, &a) == 1;
}

bool
validate_ipv6(const char *s)
{
	struct in6_addr a;

	return s && inet_pton(AF_INET6, s, &a) == 1;
}

static bool
label_ok(const char *s, size_t n, bool allow_star)
{
	size_t i;

	if (n == 0 || n > 63)
		return false;
	if (allow_star && n == 1 && s[0] == '*')
		return true;
	if (s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

static bool
name_ok(const char *s, bool need_dot, bool allow_star)
{
	size_t len, labels = 0;
	const char *p, *dot;

	if (!s)
		return false;
	len = strlen(s);
	if (len > 0 && s[len - 1] == '.')
		len--; /* a trailing root dot is allowed */
	if (len == 0 || len > 253)
		return false;
	for (p = s; p < s + len; p = dot + 1) {
		dot = memchr(p, '.', (size_t)(s + len - p));
		if (!dot)
			dot = s + len;
		if (!label_ok(p, (size_t)(dot - p), allow_star && p == s))
			return false;
		labels++;
		if (dot == s + len)
			break;
	}
	return !need_dot || labels >= 2;
}

bool
validate_hostname(const char *s, bool need_dot)
{
	return name_ok(s, need_dot, false);
}

bool
validate_dns_name(const char *s)
{
	return name_ok(s, false, true) && strlen(s) <= 255;
}

bool
validate_expected_codes(const char *s)
{
	if (!s || strlen(s) != 3 || s[0] < '1' || s[0] > '5')
		return false;
	if (s[1] == 'x')
		return s[2] == 'x';
	return isdigit((unsigned char)s[1]) &&
	       (isdigit((unsigned char)s[2]) || s[2] == 'x');
}

bool
validate_weight(double w)
{
	double h = w * 100;

	return w >= 0 && w <= 1 && fabs(h - round(h)) < 1e-7;
}

bool
validate_pool_name(const char *s)
{
	size_t i;

	if (!s || !*s || strlen(s) > 256)
		return false;
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

bool
validate_in_zone(const char *name, const char *zone)
{
	size_t n, z;

	if (!name || !zone)
		return false;
	n = strlen(name);
	z = strlen(zone);
	if (n == z)
		return strcasecmp(name, zone) == 0;
	return n > z + 1 && name[n - z - 1] == '.' &&
	       strcasecmp(name + n - z, zone) == 0;
}

/* ---- DNS ------------------------------------------------------------- */

int
validate_dns_ttl(const cJSON *ttl)
{
	double v;

	if (!ttl)
		return 0;
	if (!cJSON_IsNumber(ttl))
		return 9022;
	v = ttl->valuedouble;
	if (v != floor(v))
		return 9021;
	if (v == 1 || (v >= 60 && v <= 86400))
		return 0;
	return 9021;
}

static const char *const dns_types[] = {
	"A",	 "AAAA",  "CAA",  "CERT",  "CNAME", "DNSKEY", "DS",
	"HTTPS", "LOC",	  "MX",	  "NAPTR", "NS",    "PTR",    "SMIMEA",
	"SRV",	 "SSHFP", "SVCB", "TLSA",  "TXT",   "URI",
};

static bool
known_type(const char *t)
{
	size_t i;

	for (i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcmp(dns_types[i], t) == 0)
			return true;
	return false;
}

/* Types whose content is a plain string (the rest take "data"). */
static bool
content_type(const char *t)
{
	return !strcmp(t, "A") || !strcmp(t, "AAAA") || !strcmp(t, "CNAME") ||
	       !strcmp(t, "MX") || !strcmp(t, "NS") || !strcmp(t, "PTR") ||
	       !strcmp(t, "TXT");
}

static int
dns_fail(char *msg, size_t n, int code, const char *text)
{
	snprintf(msg, n, "%s", text);
	return code;
}

/*
 * The members of `data` the spec types for each record type
 * (dns-records_<TYPE>Record.data): numbers with their ranges, strings,
 * and the two enums of LOC. The spec marks none of them required, so
 * only members that are given are checked.
 */
struct data_member {
	const char *types; /* " SRV URI " */
	const char *name;
	char kind; /* 'n' number, 's' string, 'e' enum */
	double lo, hi;
	const char *values; /* 'e': " N S " */
};

static const struct data_member data_members[] = {
	{ " CAA ", "flags", 'n', 0, 255, NULL },
	{ " CAA ", "tag", 's', 0, 0, NULL },
	{ " CAA HTTPS SVCB ", "value", 's', 0, 0, NULL },
	{ " CERT ", "type", 'n', 0, 65535, NULL },
	{ " CERT DS ", "key_tag", 'n', 0, 65535, NULL },
	{ " CERT DNSKEY DS SSHFP ", "algorithm", 'n', 0, 255, NULL },
	{ " CERT SMIMEA TLSA ", "certificate", 's', 0, 0, NULL },
	{ " DNSKEY ", "flags", 'n', 0, 65535, NULL },
	{ " DNSKEY ", "protocol", 'n', 0, 255, NULL },
	{ " DNSKEY ", "public_key", 's', 0, 0, NULL },
	{ " DS ", "digest_type", 'n', 0, 255, NULL },
	{ " DS ", "digest", 's', 0, 0, NULL },
	{ " HTTPS SRV SVCB ", "priority", 'n', 0, 65535, NULL },
	{ " HTTPS SRV SVCB URI ", "target", 's', 0, 0, NULL },
	{ " LOC ", "altitude", 'n', -100000, 42849672.95, NULL },
	{ " LOC ", "lat_degrees", 'n', 0, 90, NULL },
	{ " LOC ", "lat_minutes", 'n', 0, 59, NULL },
	{ " LOC ", "lat_seconds", 'n', 0, 59.999, NULL },
	{ " LOC ", "lat_direction", 'e', 0, 0, " N S " },
	{ " LOC ", "long_degrees", 'n', 0, 180, NULL },
	{ " LOC ", "long_minutes", 'n', 0, 59, NULL },
	{ " LOC ", "long_seconds", 'n', 0, 59.999, NULL },
	{ " LOC ", "long_direction", 'e', 0, 0, " E W " },
	{ " LOC ", "precision_horz", 'n', 0, 90000000, NULL },
	{ " LOC ", "precision_vert", 'n', 0, 90000000, NULL },
	{ " LOC ", "size", 'n', 0, 90000000, NULL },
	{ " NAPTR ", "flags", 's', 0, 0, NULL },
	{ " NAPTR ", "order", 'n', 0, 65535, NULL },
	{ " NAPTR ", "preference", 'n', 0, 65535, NULL },
	{ " NAPTR ", "regex", 's', 0, 0, NULL },
	{ " NAPTR ", "replacement", 's', 0, 0, NULL },
	{ " NAPTR ", "service", 's', 0, 0, NULL },
	{ " SMIMEA TLSA ", "matching_type", 'n', 0, 255, NULL },
	{ " SMIMEA TLSA ", "selector", 'n', 0, 255, NULL },
	{ " SMIMEA TLSA ", "usage", 'n', 0, 255, NULL },
	{ " SRV URI ", "weight", 'n', 0, 65535, NULL },
	{ " SRV ", "port", 'n', 0, 65535, NULL },
	{ " SRV ", "name", 's', 0, 0, NULL },
	{ " SRV ", "proto", 's', 0, 0, NULL },
	{ " SRV ", "service", 's', 0, 0, NULL },
	{ " SSHFP ", "type", 'n', 0, 255, NULL },
	{ " SSHFP ", "fingerprint", 's', 0, 0, NULL },
};

static bool
listed(const char *list, const char *word)
{
	char pat[40];

	if (strlen(word) > 30)
		return false;
	snprintf(pat, sizeof(pat), " %s ", word);
	return strstr(list, pat) != NULL;
}

int
validate_dns_data(const char *type, const cJSON *data, char *msg, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(data_members) / sizeof(data_members[0]); i++) {
		const struct data_member *m = &data_members[i];
		const cJSON *v = get(data, m->name);

		if (!v || !listed(m->types, type))
			continue;
		if (m->kind == 'n' &&
		    (!cJSON_IsNumber(v) || v->valuedouble < m->lo ||
		     v->valuedouble > m->hi)) {
			snprintf(
				msg, n,
				"data.%s must be a number in range [%g, %.10g] "
				"for %s records.",
				m->name, m->lo, m->hi, type);
			return 1004;
		}
		if (m->kind == 's' && !cJSON_IsString(v)) {
			snprintf(msg, n,
				 "data.%s must be a string for %s records.",
				 m->name, type);
			return 1004;
		}
		if (m->kind == 'e' && (!cJSON_IsString(v) ||
				       !listed(m->values, v->valuestring))) {
			snprintf(msg, n,
				 "data.%s must be one of%s for %s records.",
				 m->name, m->values, type);
			return 1004;
		}
	}
	return 0;
}

int
validate_dns_record(const cJSON *rec, char *msg, size_t n)
{
	const cJSON *type = get(rec, "type"), *name = get(rec, "name");
	const cJSON *content = get(rec, "content"), *prox = get(rec, "proxied");
	const cJSON *prio = get(rec, "priority"), *data = get(rec, "data");
	const cJSON *comment = get(rec, "comment"), *tags = get(rec, "tags");
	const char *t, *c;
	int code;

	if (!cJSON_IsString(type) || !known_type(type->valuestring))
		return dns_fail(msg, n, 1004, "DNS record type is invalid.");
	t = type->valuestring;
	if (!cJSON_IsString(name) || !validate_dns_name(name->valuestring))
		return dns_fail(msg, n, 9000, "DNS name is invalid.");
	code = validate_dns_ttl(get(rec, "ttl"));
	if (code == 9022)
		return dns_fail(msg, n, 9022,
				"TTL must be a number, not a string.");
	if (code)
		return dns_fail(msg, n, 9021,
				"TTL must be between 60 and 86400 seconds, or "
				"1 for Automatic.");
	if (prox && !cJSON_IsBool(prox))
		return dns_fail(msg, n, 1004, "proxied must be a boolean.");
	if (cJSON_IsTrue(prox) && strcmp(t, "A") && strcmp(t, "AAAA") &&
	    strcmp(t, "CNAME"))
		return dns_fail(msg, n, 9004,
				"This record type cannot be proxied.");
	if (comment && !cJSON_IsString(comment) && !cJSON_IsNull(comment))
		return dns_fail(msg, n, 1004, "comment must be a string.");
	if (tags) {
		const cJSON *it;

		if (!cJSON_IsArray(tags))
			return dns_fail(msg, n, 1004,
					"tags must be an array of strings.");
		cJSON_ArrayForEach(it, tags) if (
			!cJSON_IsString(
				it)) return dns_fail(msg, n, 1004,
						     "tags must be an array of "
						     "strings.");
	}
	if (!content_type(t)) {
		if (!cJSON_IsObject(data)) {
			snprintf(msg, n, "data is required for %s records.", t);
			return 1004;
		}
		if (!strcmp(t, "URI") &&
		    (!cJSON_IsNumber(prio) || prio->valuedouble < 0 ||
		     prio->valuedouble > 65535 ||
		     prio->valuedouble != floor(prio->valuedouble)))
			return dns_fail(
				msg, n, 1004,
				"priority is required for URI records and "
				"must be in range [0, 65535].");
		return validate_dns_data(t, data, msg, n);
	}
	c = cJSON_IsString(content) ? content->valuestring : NULL;
	if (!strcmp(t, "A") && !validate_ipv4(c))
		return dns_fail(msg, n, 9005,
				"Content for A record must be a valid IPv4 "
				"address.");
	if (!strcmp(t, "AAAA") && !validate_ipv6(c))
		return dns_fail(msg, n, 9006,
				"Content for AAAA record must be a valid IPv6 "
				"address.");
	if ((!strcmp(t, "CNAME") || !strcmp(t, "NS") || !strcmp(t, "PTR") ||
	     !strcmp(t, "MX")) &&
	    (!c || validate_ipv4(c) || validate_ipv6(c) ||
	     !validate_hostname(c, false))) {
		snprintf(msg, n, "Content for %s record is invalid.", t);
		return 9007;
	}
	if (!strcmp(t, "TXT")) {
		if (!c)
			return dns_fail(msg, n, 1004,
					"Content for TXT record is invalid.");
		if (strlen(c) > 4096)
			return dns_fail(msg, n, 9015,
					"Record content exceeds the allowed "
					"length of 4096 wire format bytes.");
	}
	if (!strcmp(t, "MX") &&
	    (!cJSON_IsNumber(prio) || prio->valuedouble < 0 ||
	     prio->valuedouble > 65535 ||
	     prio->valuedouble != floor(prio->valuedouble)))
		return dns_fail(msg, n, 1004,
				"priority is required for MX records and must "
				"be in range [0, 65535].");
	return 0;
}

/* ---- load balancing -------------------------------------------------- */

static bool
fail(char *msg, size_t n, const char *text)
{
	snprintf(msg, n, "%s", text);
	return false;
}

static bool
is_int(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble);
}

static bool
int_in(const cJSON *v, double lo, double hi)
{
	return is_int(v) && v->valuedouble >= lo && v->valuedouble <= hi;
}

static bool
opt_type(const cJSON *o, const char *key, bool (*check)(const cJSON *))
{
	const cJSON *v = get(o, key);

	return !v || check(v);
}

static bool
is_str(const cJSON *v)
{
	return cJSON_IsString(v) != 0;
}

static bool
is_bool(const cJSON *v)
{
	return cJSON_IsBool(v) != 0;
}

static bool
one_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

bool
validate_monitor(const cJSON *m, int min_interval, char *msg, size_t n)
{
	static const char *const types[] = { "http",	 "https",     "tcp",
					     "udp_icmp", "icmp_ping", "smtp",
					     NULL };
	const cJSON *type = get(m, "type"), *codes = get(m, "expected_codes");
	const cJSON *interval = get(m, "interval"),
		    *timeout = get(m, "timeout");
	const cJSON *hdr = get(m, "header"), *it;

	if (!cJSON_IsString(type) || !one_of(type->valuestring, types))
		return fail(msg, n,
			    "type must be one of http, https, tcp, udp_icmp, "
			    "icmp_ping, smtp");
	if (!cJSON_IsString(codes))
		return fail(msg, n, "expected_codes is required");
	if (!validate_expected_codes(codes->valuestring) &&
	    !(strcmp(type->valuestring, "http") &&
	      strcmp(type->valuestring, "https") && !*codes->valuestring)) {
		snprintf(msg, n, "invalid expected_codes '%.20s'",
			 codes->valuestring);
		return false;
	}
	if (!int_in(interval, min_interval, 3600)) {
		snprintf(msg, n, "interval is not in range [%d, 3600]",
			 min_interval);
		return false;
	}
	if (!int_in(timeout, 1, 3600))
		return fail(msg, n, "timeout is not in range [1, 3600]");
	if (timeout->valuedouble >= interval->valuedouble)
		return fail(msg, n, "timeout must be less than interval");
	if (!int_in(get(m, "retries"), 0, 5))
		return fail(msg, n, "retries is not in range [0, 5]");
	if (!int_in(get(m, "port"), 0, 65535))
		return fail(msg, n, "port is not in range [0, 65535]");
	if (!int_in(get(m, "consecutive_up"), 0, 1000) ||
	    !int_in(get(m, "consecutive_down"), 0, 1000))
		return fail(msg, n,
			    "consecutive_up and consecutive_down must be "
			    "non-negative integers");
	if (!opt_type(m, "method", is_str) || !opt_type(m, "path", is_str) ||
	    !opt_type(m, "expected_body", is_str) ||
	    !opt_type(m, "description", is_str) ||
	    !opt_type(m, "probe_zone", is_str))
		return fail(msg, n,
			    "method, path, expected_body, description and "
			    "probe_zone must be strings");
	if (!opt_type(m, "follow_redirects", is_bool) ||
	    !opt_type(m, "allow_insecure", is_bool))
		return fail(msg, n,
			    "follow_redirects and allow_insecure must be "
			    "booleans");
	if (cJSON_IsString(get(m, "path")) &&
	    (!strcmp(type->valuestring, "http") ||
	     !strcmp(type->valuestring, "https")) &&
	    get(m, "path")->valuestring[0] != '/')
		return fail(msg, n, "path must start with /");
	if ((!strcmp(type->valuestring, "tcp") ||
	     !strcmp(type->valuestring, "smtp") ||
	     !strcmp(type->valuestring, "udp_icmp")) &&
	    get(m, "port")->valuedouble == 0)
		return fail(msg, n, "port is required for this monitor type");
	if (hdr && !cJSON_IsNull(hdr)) {
		if (!cJSON_IsObject(hdr))
			return fail(msg, n, "header must be an object");
		cJSON_ArrayForEach(it, hdr)
		{
			const cJSON *v;

			if (strcasecmp(it->string, "User-Agent") == 0)
				return fail(msg, n,
					    "the User-Agent header cannot be "
					    "overridden");
			if (!cJSON_IsArray(it))
				return fail(msg, n,
					    "header values must be arrays of "
					    "strings");
			cJSON_ArrayForEach(v, it) if (
				!cJSON_IsString(
					v)) return fail(msg, n,
							"header values must be "
							"arrays of strings");
		}
	}
	return true;
}

static const char *const regions[] = {
	"WNAM", "ENAM", "WEU", "EEU",  "NSAM", "SSAM",	      "OC", "ME",
	"NAF",	"SAF",	"SAS", "SEAS", "NEAS", "ALL_REGIONS", NULL,
};

static bool
validate_origin(const cJSON *o, char *msg, size_t n)
{
	const cJSON *addr = get(o, "address"), *w = get(o, "weight");
	const cJSON *hdr = get(o, "header");

	if (!cJSON_IsObject(o))
		return fail(msg, n, "origins must be objects");
	if (!opt_type(o, "name", is_str))
		return fail(msg, n, "origin name must be a string");
	if (!cJSON_IsString(addr) ||
	    !(validate_ipv4(addr->valuestring) ||
	      validate_ipv6(addr->valuestring) ||
	      validate_hostname(addr->valuestring, false))) {
		snprintf(msg, n, "invalid origin address '%.100s'",
			 cJSON_IsString(addr) ? addr->valuestring : "");
		return false;
	}
	if (!opt_type(o, "enabled", is_bool))
		return fail(msg, n, "origin enabled must be a boolean");
	if (w && !(cJSON_IsNumber(w) && validate_weight(w->valuedouble)))
		return fail(msg, n,
			    "origin weight must be a multiple of 0.01 in range "
			    "[0, 1]");
	if (hdr && !cJSON_IsNull(hdr)) {
		const cJSON *host = get(hdr, "Host");

		if (!cJSON_IsObject(hdr) || cJSON_GetArraySize(hdr) > 1 ||
		    (cJSON_GetArraySize(hdr) == 1 &&
		     (!cJSON_IsArray(host) || cJSON_GetArraySize(host) != 1 ||
		      !cJSON_IsString(cJSON_GetArrayItem(host, 0)))))
			return fail(msg, n,
				    "origin header supports only Host with one "
				    "value");
	}
	return true;
}

bool
validate_pool(const cJSON *p, char *msg, size_t n)
{
	static const char *const steer[] = { "random", "hash",
					     "least_outstanding_requests",
					     "least_connections", NULL };
	const cJSON *name = get(p, "name"), *origins = get(p, "origins");
	const cJSON *cr = get(p, "check_regions"), *it, *v;
	const cJSON *lat = get(p, "latitude"), *lon = get(p, "longitude");
	const cJSON *ls = get(p, "load_shedding");
	const cJSON *os = get(p, "origin_steering");
	int count;

	if (!cJSON_IsString(name) || !validate_pool_name(name->valuestring))
		return fail(msg, n,
			    "pool name must contain only alphanumerics, - and "
			    "_");
	count = cJSON_IsArray(origins) ? cJSON_GetArraySize(origins) : 0;
	if (count < 1 || count > 100)
		return fail(msg, n,
			    "the origin list length must be in range [1, 100]");
	cJSON_ArrayForEach(
		it, origins) if (!validate_origin(it, msg, n)) return false;
	if (!opt_type(p, "enabled", is_bool))
		return fail(msg, n, "enabled must be a boolean");
	if (!opt_type(p, "description", is_str) ||
	    !opt_type(p, "notification_email", is_str))
		return fail(msg, n,
			    "description and notification_email must be "
			    "strings");
	if (!int_in(get(p, "minimum_origins"), 0, count))
		return fail(msg, n,
			    "minimum_origins must be in range [0, number of "
			    "origins]");
	v = get(p, "monitor");
	if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
		return fail(msg, n, "monitor must be a monitor id");
	if (cr && !cJSON_IsNull(cr)) {
		if (!cJSON_IsArray(cr))
			return fail(msg, n, "check_regions must be an array");
		cJSON_ArrayForEach(it, cr) if (
			!cJSON_IsString(it) ||
			!one_of(it->valuestring,
				regions)) return fail(msg, n,
						      "check_regions "
						      "contains an unknown "
						      "region");
	}
	if ((lat == NULL) != (lon == NULL) ||
	    (lat &&
	     (!cJSON_IsNumber(lat) || !cJSON_IsNumber(lon) ||
	      fabs(lat->valuedouble) > 90 || fabs(lon->valuedouble) > 180)))
		return fail(msg, n,
			    "latitude and longitude must be set together and "
			    "in range");
	if (ls && !cJSON_IsNull(ls)) {
		const cJSON *dp = get(ls, "default_percent");
		const cJSON *sp = get(ls, "session_percent");
		const cJSON *dpol = get(ls, "default_policy");
		const cJSON *spol = get(ls, "session_policy");

		if (!cJSON_IsObject(ls) ||
		    (dp && !(cJSON_IsNumber(dp) && dp->valuedouble >= 0 &&
			     dp->valuedouble <= 100)) ||
		    (sp && !(cJSON_IsNumber(sp) && sp->valuedouble >= 0 &&
			     sp->valuedouble <= 100)))
			return fail(msg, n,
				    "load_shedding percents must be in range "
				    "[0, 100]");
		if ((dpol && !(cJSON_IsString(dpol) &&
			       (!strcmp(dpol->valuestring, "random") ||
				!strcmp(dpol->valuestring, "hash")))) ||
		    (spol && !(cJSON_IsString(spol) &&
			       !strcmp(spol->valuestring, "hash"))))
			return fail(msg, n, "load_shedding policy is invalid");
	}
	if (os && !cJSON_IsNull(os)) {
		v = get(os, "policy");
		if (!cJSON_IsObject(os) ||
		    (v &&
		     !(cJSON_IsString(v) && one_of(v->valuestring, steer))))
			return fail(msg, n,
				    "origin_steering policy is invalid");
	}
	return true;
}

static bool
pool_list_ok(const cJSON *arr, bool need_one)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr) || (need_one && !arr->child))
		return false;
	cJSON_ArrayForEach(it, arr) if (!cJSON_IsString(it) ||
					!*it->valuestring) return false;
	return true;
}

static bool
pool_map_ok(const cJSON *map)
{
	const cJSON *it;

	if (!map || cJSON_IsNull(map))
		return true;
	if (!cJSON_IsObject(map))
		return false;
	cJSON_ArrayForEach(it, map) if (!pool_list_ok(it, true)) return false;
	return true;
}

bool
validate_lb(const cJSON *lb, const char *zone_name, char *msg, size_t n)
{
	static const char *const steer[] = { "off",
					     "geo",
					     "random",
					     "dynamic_latency",
					     "proximity",
					     "least_outstanding_requests",
					     "least_connections",
					     "",
					     NULL };
	static const char *const aff[] = { "none",   "cookie", "ip_cookie",
					   "header", "",       NULL };
	const cJSON *name = get(lb, "name"), *ttl = get(lb, "ttl"), *v;

	if (!cJSON_IsString(name) ||
	    !validate_hostname(name->valuestring, true)) {
		snprintf(msg, n, "invalid hostname: %.200s",
			 cJSON_IsString(name) ? name->valuestring : "");
		return false;
	}
	if (!validate_in_zone(name->valuestring, zone_name)) {
		snprintf(msg, n,
			 "invalid hostname: %.200s is not in zone %.200s",
			 name->valuestring, zone_name);
		return false;
	}
	if (!pool_list_ok(get(lb, "default_pools"), true))
		return fail(msg, n,
			    "default_pools must list at least one pool");
	v = get(lb, "fallback_pool");
	if (!cJSON_IsString(v) || !*v->valuestring)
		return fail(msg, n, "fallback_pool is required");
	if (!pool_map_ok(get(lb, "region_pools")) ||
	    !pool_map_ok(get(lb, "country_pools")) ||
	    !pool_map_ok(get(lb, "pop_pools")))
		return fail(msg, n,
			    "region_pools, country_pools and pop_pools must "
			    "map keys to lists of pool ids");
	if (!opt_type(lb, "enabled", is_bool) ||
	    !opt_type(lb, "proxied", is_bool))
		return fail(msg, n, "enabled and proxied must be booleans");
	if (!opt_type(lb, "description", is_str))
		return fail(msg, n, "description must be a string");
	if (ttl && !(cJSON_IsNumber(ttl) && ttl->valuedouble >= 0 &&
		     ttl->valuedouble <= 86400))
		return fail(msg, n, "ttl is not in range [0, 86400]");
	v = get(lb, "steering_policy");
	if (v && !(cJSON_IsString(v) && one_of(v->valuestring, steer)))
		return fail(msg, n, "invalid steering_policy");
	v = get(lb, "session_affinity");
	if (v && !(cJSON_IsString(v) && one_of(v->valuestring, aff)))
		return fail(msg, n, "invalid session_affinity");
	v = get(lb, "session_affinity_ttl");
	if (v && !cJSON_IsNull(v) && !cJSON_IsNumber(v))
		return fail(msg, n, "session_affinity_ttl must be a number");
	v = get(lb, "random_steering");
	if (v && !cJSON_IsNull(v)) {
		const cJSON *dw = get(v, "default_weight");

		if (!cJSON_IsObject(v) ||
		    (dw && !(cJSON_IsNumber(dw) && dw->valuedouble >= 0 &&
			     dw->valuedouble <= 1)))
			return fail(msg, n,
				    "random_steering default_weight must be in "
				    "range [0, 1]");
	}
	return true;
}
