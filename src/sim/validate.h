/* validate.h: cfsim's pure validators for ids, credentials, DNS records, monitors, pools and load balancers. */
#ifndef CFSIM_VALIDATE_H
#define CFSIM_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* All functions are pure (no globals, no locks), NULL-safe (NULL is
 * invalid) and thread-safe. Messages never contain secrets. */

/* 32 hex characters. */
bool validate_id(const char *s);
/* Token-shaped Bearer value: 1..256 of [A-Za-z0-9._~+/=-]; a 37-char hex
 * Global API Key sent as a Bearer token is NOT token-shaped. */
bool validate_bearer_token(const char *s);
/* X-Auth-Email: something@something, no whitespace. */
bool validate_auth_email(const char *s);
/* X-Auth-Key: exactly 37 characters of [0-9a-fA-F]. */
bool validate_auth_key(const char *s);

bool validate_ipv4(const char *s);
bool validate_ipv6(const char *s);
/* Hostname: dot-separated labels of [A-Za-z0-9_-] (1-63), total <= 253;
 * need_dot requires at least two labels (an FQDN). */
bool validate_hostname(const char *s, bool need_dot);
/* DNS record name (absolute, after "@"/relative expansion): a hostname
 * whose first label may be "*". */
bool validate_dns_name(const char *s);
/* Monitor expected_codes: "200", "2xx", "30x"-style ("[1-5][0-9x][0-9x]"
 * with x only trailing). */
bool validate_expected_codes(const char *s);
/* Origin weight: 0..1 in steps of 0.01. */
bool validate_weight(double w);
/* Pool name: one or more of [A-Za-z0-9_-]. */
bool validate_pool_name(const char *s);
/* True when name equals zone or is a subdomain of it (case-insensitive). */
bool validate_in_zone(const char *name, const char *zone);

/*
 * DNS TTL value as sent: returns 0 when valid (1, or 60..86400), 9022 when
 * it is not a number, 9021 when out of range. NULL (absent) is valid.
 */
int validate_dns_ttl(const cJSON *ttl);

/*
 * The members of a record's `data` that the spec types for its type
 * (numbers in their ranges, strings, LOC's directions): 0, or 1004 with
 * msg filled. Members not given are not required (the spec requires
 * none).
 */
int validate_dns_data(const char *type, const cJSON *data, char *msg, size_t n);

/*
 * A DNS record body after defaults and name expansion ("type", "name",
 * "content", "proxied", "ttl", "priority" present as sent). Returns 0 or a
 * Cloudflare error code with its message in msg.
 */
int validate_dns_record(const cJSON *rec, char *msg, size_t n);

/*
 * A complete monitor (defaults applied). min_interval is the lower bound of
 * interval (Cloudflare: 60). Returns true, or false with msg set to the
 * text before ": validation failed".
 */
bool validate_monitor(const cJSON *m, int min_interval, char *msg, size_t n);
/* A complete pool, without checking that its monitor exists. */
bool validate_pool(const cJSON *p, char *msg, size_t n);
/* A complete load balancer in zone zone_name, without checking that the
 * pools it names exist. */
bool validate_lb(const cJSON *lb, const char *zone_name, char *msg, size_t n);

#endif
