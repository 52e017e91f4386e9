/* cf_models.h: plain C models of the Cloudflare objects we use, with JSON codecs. */
#ifndef CFCONSOLE_CF_MODELS_H
#define CFCONSOLE_CF_MODELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfconsole/cf_error.h"

/*
 * Conventions for every model:
 * - Strings are owned, NUL-terminated, NULL when absent.
 * - Enum-typed API fields are kept as strings ("dynamic_latency") so values
 *   newer than our spec pass through untouched; validators live elsewhere.
 * - Optional numbers carry a has_<field> flag. Missing optional fields take
 *   the spec's default when decoded (NOTES.md), with has_<field> false.
 * - `raw` is the object's JSON text exactly as decoded (compact), used for
 *   the raw-JSON view, `ls --json`, and by the encoders, which start from it
 *   so fields unknown to us survive a read-modify-write.
 * - x_free(p) frees what p owns (not p itself) and zeroes it; NULL is a no-op.
 * - x_list_free(l) frees every item and the array.
 */

struct cf_strv {
	char **v;
	size_t n;
};

/* key -> list of pool ids (region_pools, country_pools, pop_pools) */
struct cf_pool_map_entry {
	char *key;
	struct cf_strv pool_ids;
};
struct cf_pool_map {
	struct cf_pool_map_entry *e;
	size_t n;
};

/* header name -> values (monitor.header: {"Host": ["a"], "X-App": ["b"]}) */
struct cf_header_entry {
	char *name;
	struct cf_strv values;
};
struct cf_headers {
	struct cf_header_entry *e;
	size_t n;
};

/* ---- account, zone, token ------------------------------------------- */

struct cf_account {
	char *id;
	char *name;
	char *type;
	char *created_on;
	bool enforce_twofactor;
	char *raw;
};

struct cf_zone {
	char *id;
	char *name;
	char *status; /* later revisions; NULL when absent */
	bool paused;
	char *type;
	char *account_id, *account_name;
	char *owner_id, *owner_name, *owner_type;
	struct cf_strv name_servers;
	struct cf_strv original_name_servers;
	struct cf_strv vanity_name_servers;
	char *original_registrar;
	char *original_dnshost;
	double development_mode;
	bool meta_cdn_only, meta_dns_only, meta_foundation_dns,
		meta_phishing_detected;
	double meta_custom_certificate_quota, meta_page_rule_quota, meta_step;
	char *plan_name; /* later revisions; NULL when absent */
	char *created_on, *modified_on, *activated_on;
	char *raw;
};

struct cf_token_status {
	char *id;
	char *status; /* active | disabled | expired */
	char *expires_on;
	char *not_before;
	char *message; /* messages[0].message when present */
};

/* ---- DNS records ----------------------------------------------------- */

struct cf_dns_record {
	char *id;
	char *type; /* A AAAA CNAME MX TXT SRV ... */
	char *name;
	char *content;
	bool proxied;	  /* default false */
	bool has_proxied; /* present in JSON (only A/AAAA/CNAME have it) */
	bool proxiable;
	double ttl; /* 1 = automatic (the default) */
	bool has_priority;
	double priority; /* MX, SRV, URI */
	char *comment;
	struct cf_strv tags; /* "name:value" */
	char *data_json; /* `data` object as JSON text (CAA, SRV, ...) or NULL */
	bool meta_auto_added;
	char *meta_source;
	char *created_on, *modified_on;
	char *raw;
	/*
	 * Private to src/cf. Records decoded by cf_dns_list/cf_dns_list_stream
	 * keep all their strings (and the tags array) in this one allocation,
	 * which halves the memory of a 100 000-record zone. Such strings must
	 * not be freed one by one: to change a field, assign a new malloc'd
	 * string without freeing the old one (cf_dns_record_free tells them
	 * apart), or work on a cf_dns_record_copy, whose strings are all
	 * individually malloc'd.
	 */
	char *blk;
	size_t blk_len;
};

/* Writable DNS fields, for encoders and PATCH. */
enum cf_dns_field {
	CF_DNS_F_TYPE = 1u << 0,
	CF_DNS_F_NAME = 1u << 1,
	CF_DNS_F_CONTENT = 1u << 2,
	CF_DNS_F_PROXIED = 1u << 3,
	CF_DNS_F_TTL = 1u << 4,
	CF_DNS_F_PRIORITY = 1u << 5,
	CF_DNS_F_COMMENT = 1u << 6,
	CF_DNS_F_TAGS = 1u << 7,
	CF_DNS_F_DATA = 1u << 8,
	CF_DNS_F_ALL = 0x1ffu,
};

/* ---- monitors -------------------------------------------------------- */

struct cf_monitor {
	char *id;
	char *type; /* http https tcp udp_icmp icmp_ping smtp; default "http" */
	char *description;
	char *method;	      /* default "GET" */
	char *path;	      /* default "/" */
	int port;	      /* default 0 */
	char *expected_codes; /* default "200" */
	char *expected_body;
	struct cf_headers header;
	int timeout;	       /* default 5 */
	int retries;	       /* default 2 */
	int interval;	       /* default 60 */
	int consecutive_up;    /* default 0 */
	int consecutive_down;  /* default 0 */
	bool follow_redirects; /* default false */
	bool allow_insecure;   /* default false */
	char *probe_zone;
	char *created_on, *modified_on;
	char *raw;
};

enum cf_monitor_field {
	CF_MON_F_TYPE = 1u << 0,
	CF_MON_F_DESCRIPTION = 1u << 1,
	CF_MON_F_METHOD = 1u << 2,
	CF_MON_F_PATH = 1u << 3,
	CF_MON_F_PORT = 1u << 4,
	CF_MON_F_EXPECTED_CODES = 1u << 5,
	CF_MON_F_EXPECTED_BODY = 1u << 6,
	CF_MON_F_HEADER = 1u << 7,
	CF_MON_F_TIMEOUT = 1u << 8,
	CF_MON_F_RETRIES = 1u << 9,
	CF_MON_F_INTERVAL = 1u << 10,
	CF_MON_F_CONSECUTIVE_UP = 1u << 11,
	CF_MON_F_CONSECUTIVE_DOWN = 1u << 12,
	CF_MON_F_FOLLOW_REDIRECTS = 1u << 13,
	CF_MON_F_ALLOW_INSECURE = 1u << 14,
	CF_MON_F_PROBE_ZONE = 1u << 15,
	CF_MON_F_ALL = 0xffffu,
};

/* ---- pools and origins ----------------------------------------------- */

struct cf_origin {
	char *name;
	char *address;		    /* IPv4, IPv6 or hostname */
	bool enabled;		    /* default true */
	double weight;		    /* 0..1, default 1 */
	struct cf_strv header_host; /* header.Host; at most one in practice */
	char *virtual_network_id;
	char *disabled_at; /* read-only */
	bool has_healthy;  /* some responses carry origin health */
	bool healthy;
	char *raw;
};

struct cf_notification_rule {
	bool disable;	  /* default false */
	bool has_healthy; /* healthy: bool|null */
	bool healthy;
};

struct cf_pool {
	char *id;
	char *name;
	char *description;
	bool enabled; /* default true */
	char *disabled_at;
	int minimum_origins;	/* default 1 */
	char *monitor;		/* monitor id or NULL */
	bool has_check_regions; /* false: null / absent = all data centres */
	struct cf_strv check_regions;
	bool has_latitude, has_longitude;
	double latitude, longitude;
	char *notification_email;
	bool has_notification_filter;
	struct cf_notification_rule nf_origin, nf_pool;
	bool has_load_shedding;
	double ls_default_percent;    /* default 0 */
	char *ls_default_policy;      /* default "random" */
	double ls_session_percent;    /* default 0 */
	char *ls_session_policy;      /* default "hash" */
	char *origin_steering_policy; /* default "random" */
	bool has_healthy;
	bool healthy;
	struct cf_origin *origins;
	size_t norigins;
	char *created_on, *modified_on;
	char *raw;
};

enum cf_pool_field {
	CF_POOL_F_NAME = 1u << 0,
	CF_POOL_F_DESCRIPTION = 1u << 1,
	CF_POOL_F_ENABLED = 1u << 2,
	CF_POOL_F_MINIMUM_ORIGINS = 1u << 3,
	CF_POOL_F_MONITOR = 1u << 4,
	CF_POOL_F_CHECK_REGIONS = 1u << 5,
	CF_POOL_F_LATLON = 1u << 6,
	CF_POOL_F_NOTIFICATION_EMAIL = 1u << 7,
	CF_POOL_F_NOTIFICATION_FILTER = 1u << 8,
	CF_POOL_F_LOAD_SHEDDING = 1u << 9,
	CF_POOL_F_ORIGIN_STEERING = 1u << 10,
	CF_POOL_F_ORIGINS = 1u << 11,
	CF_POOL_F_ALL = 0xfffu,
};

/* ---- load balancers -------------------------------------------------- */

struct cf_pool_weight {
	char *pool_id;
	double weight;
};

struct cf_load_balancer {
	char *id;
	char *name; /* the DNS hostname */
	char *description;
	bool enabled; /* default true */
	bool proxied; /* default false */
	bool has_ttl;
	double ttl;
	char *fallback_pool;
	struct cf_strv default_pools;
	struct cf_pool_map region_pools, country_pools, pop_pools;
	char *steering_policy; /* "" (default), off, geo, random, ... */
	bool has_random_steering;
	double rs_default_weight; /* default 1 */
	struct cf_pool_weight *rs_pool_weights;
	size_t rs_npool_weights;
	bool adaptive_failover_across_pools; /* default false */
	char *ls_mode;		/* location_strategy.mode, default "pop" */
	char *ls_prefer_ecs;	/* default "proximity" */
	char *session_affinity; /* "" (default), none, cookie, ip_cookie, header */
	bool has_session_affinity_ttl;
	double session_affinity_ttl;
	bool has_session_affinity_attributes;
	char *sa_samesite; /* default "Auto" */
	char *sa_secure;   /* default "Auto" */
	bool sa_has_drain_duration;
	double sa_drain_duration;
	char *sa_zero_downtime_failover; /* default "none" */
	struct cf_strv sa_headers;
	bool sa_require_all_headers; /* default false */
	char *rules_json;	     /* `rules` array as JSON text, or NULL */
	char *created_on, *modified_on;
	char *raw;
};

enum cf_lb_field {
	CF_LB_F_NAME = 1u << 0,
	CF_LB_F_DESCRIPTION = 1u << 1,
	CF_LB_F_ENABLED = 1u << 2, /* not sent on create (spec) */
	CF_LB_F_PROXIED = 1u << 3,
	CF_LB_F_TTL = 1u << 4,
	CF_LB_F_FALLBACK_POOL = 1u << 5,
	CF_LB_F_DEFAULT_POOLS = 1u << 6,
	CF_LB_F_REGION_POOLS = 1u << 7,
	CF_LB_F_COUNTRY_POOLS = 1u << 8,
	CF_LB_F_POP_POOLS = 1u << 9,
	CF_LB_F_STEERING_POLICY = 1u << 10,
	CF_LB_F_RANDOM_STEERING = 1u << 11,
	CF_LB_F_ADAPTIVE_ROUTING = 1u << 12,
	CF_LB_F_LOCATION_STRATEGY = 1u << 13,
	CF_LB_F_SESSION_AFFINITY = 1u << 14,
	CF_LB_F_SESSION_AFFINITY_TTL = 1u << 15,
	CF_LB_F_SESSION_AFFINITY_ATTRIBUTES = 1u << 16,
	CF_LB_F_RULES = 1u << 17,
	CF_LB_F_ALL = 0x3ffffu,
};

/* ---- health, previews, references, events ---------------------------- */

struct cf_origin_health {
	char *address; /* the key of the origins[] item ("2001:DB8::5", or "ip" in the flat shape) */
	bool healthy;
	bool has_rtt;
	double rtt_ms;	      /* parsed from "12.1ms" / "1.2s" */
	char *rtt;	      /* the string as sent */
	char *failure_reason; /* "No failures" when healthy */
	bool has_response_code;
	int response_code;
};

struct cf_pop_health {
	char *pop; /* "Amsterdam, NL", a region code, or "" in the flat shape */
	bool healthy;
	struct cf_origin_health *origins;
	size_t norigins;
};

/* GET .../pools/{id}/health. Accepts the keyed and the flat shape (NOTES.md). */
struct cf_pool_health {
	char *pool_id;
	struct cf_pop_health *pops;
	size_t npops;
	char *raw;
};

/* POST .../preview answer: {preview_id, pools: {pool_id: pool_name}} */
struct cf_preview {
	char *preview_id;
	struct cf_preview_pool_name {
		char *pool_id;
		char *pool_name;
	} * pools;
	size_t npools;
};

/* GET .../preview/{id} answer: pool_id -> {healthy, origins: [{addr: data}]} */
struct cf_preview_result {
	struct cf_preview_pool {
		char *pool_id;
		bool healthy;
		struct cf_origin_health *origins;
		size_t norigins;
	} * pools;
	size_t npools;
	char *raw;
};

struct cf_pool_reference {
	char *reference_type; /* "*", "referral", "referrer" */
	char *resource_id;
	char *resource_name;
	char *resource_type; /* "load_balancer", "monitor", ... */
};

struct cf_event_origin {
	char *name, *address, *ip;
	bool enabled, healthy, changed;
	char *failure_reason;
};

struct cf_health_event {
	long long id;
	char *timestamp;
	char *pool_id, *pool_name;
	bool pool_healthy, pool_changed;
	int pool_minimum_origins;
	struct cf_event_origin *origins;
	size_t norigins;
	char *raw;
};

/* ---- lists ------------------------------------------------------------ */

/* Lists own their items; n is the number of items. */
struct cf_account_list {
	struct cf_account *items;
	size_t n;
};
struct cf_zone_list {
	struct cf_zone *items;
	size_t n;
};
struct cf_dns_record_list {
	struct cf_dns_record *items;
	size_t n;
};
struct cf_monitor_list {
	struct cf_monitor *items;
	size_t n;
};
struct cf_pool_list {
	struct cf_pool *items;
	size_t n;
};
struct cf_load_balancer_list {
	struct cf_load_balancer *items;
	size_t n;
};
struct cf_pool_reference_list {
	struct cf_pool_reference *items;
	size_t n;
};
struct cf_health_event_list {
	struct cf_health_event *items;
	size_t n;
};

/* ---- free functions ---------------------------------------------------- */

void cf_strv_free(struct cf_strv *v);
void cf_account_free(struct cf_account *a);
void cf_zone_free(struct cf_zone *z);
void cf_token_status_free(struct cf_token_status *t);
void cf_dns_record_free(struct cf_dns_record *r);
void cf_monitor_free(struct cf_monitor *m);
void cf_origin_free(struct cf_origin *o);
void cf_pool_free(struct cf_pool *p);
void cf_load_balancer_free(struct cf_load_balancer *lb);
void cf_pool_health_free(struct cf_pool_health *h);
void cf_preview_free(struct cf_preview *p);
void cf_preview_result_free(struct cf_preview_result *r);
void cf_pool_reference_free(struct cf_pool_reference *r);
void cf_health_event_free(struct cf_health_event *e);

void cf_account_list_free(struct cf_account_list *l);
void cf_zone_list_free(struct cf_zone_list *l);
void cf_dns_record_list_free(struct cf_dns_record_list *l);
void cf_monitor_list_free(struct cf_monitor_list *l);
void cf_pool_list_free(struct cf_pool_list *l);
void cf_load_balancer_list_free(struct cf_load_balancer_list *l);
void cf_pool_reference_list_free(struct cf_pool_reference_list *l);
void cf_health_event_list_free(struct cf_health_event_list *l);

/* ---- copies ------------------------------------------------------------ */

/* Deep copies (dst is overwritten, not freed). Return CF_OK or CF_ERR_NOMEM. */
enum cf_status cf_zone_copy(struct cf_zone *dst, const struct cf_zone *src);
enum cf_status cf_dns_record_copy(struct cf_dns_record *dst,
				  const struct cf_dns_record *src);
enum cf_status cf_monitor_copy(struct cf_monitor *dst,
			       const struct cf_monitor *src);
enum cf_status cf_origin_copy(struct cf_origin *dst,
			      const struct cf_origin *src);
enum cf_status cf_pool_copy(struct cf_pool *dst, const struct cf_pool *src);
enum cf_status cf_load_balancer_copy(struct cf_load_balancer *dst,
				     const struct cf_load_balancer *src);
enum cf_status cf_pool_health_copy(struct cf_pool_health *dst,
				   const struct cf_pool_health *src);

/* ---- defaults ---------------------------------------------------------- */

/* Initialise a new object with the spec's defaults (for building requests). */
void cf_monitor_init(struct cf_monitor *m);
void cf_origin_init(struct cf_origin *o);
void cf_pool_init(struct cf_pool *p);
void cf_load_balancer_init(struct cf_load_balancer *lb);
void cf_dns_record_init(struct cf_dns_record *r);

/* ---- JSON codecs (text in, text out: no cJSON above src/cf) ------------ */

/*
 * Decoders parse one object's JSON text (not the envelope) into *out, which
 * is overwritten. Unknown fields are ignored; a wrong type for a known field
 * or invalid JSON is CF_ERR_MALFORMED with err filled. Never crash.
 */
enum cf_status cf_account_decode(const char *json, struct cf_account *out,
				 struct cf_error *err);
enum cf_status cf_zone_decode(const char *json, struct cf_zone *out,
			      struct cf_error *err);
enum cf_status cf_token_status_decode(const char *json,
				      struct cf_token_status *out,
				      struct cf_error *err);
enum cf_status cf_dns_record_decode(const char *json, struct cf_dns_record *out,
				    struct cf_error *err);
enum cf_status cf_monitor_decode(const char *json, struct cf_monitor *out,
				 struct cf_error *err);
enum cf_status cf_pool_decode(const char *json, struct cf_pool *out,
			      struct cf_error *err);
enum cf_status cf_load_balancer_decode(const char *json,
				       struct cf_load_balancer *out,
				       struct cf_error *err);
enum cf_status cf_pool_health_decode(const char *json,
				     struct cf_pool_health *out,
				     struct cf_error *err);
enum cf_status cf_preview_decode(const char *json, struct cf_preview *out,
				 struct cf_error *err);
enum cf_status cf_preview_result_decode(const char *json,
					struct cf_preview_result *out,
					struct cf_error *err);
enum cf_status cf_pool_reference_decode(const char *json,
					struct cf_pool_reference *out,
					struct cf_error *err);
enum cf_status cf_health_event_decode(const char *json,
				      struct cf_health_event *out,
				      struct cf_error *err);

/*
 * Encoders build a request body (compact JSON, malloc'd, caller frees) with
 * the writable fields selected by `mask` (CF_*_F_ALL for a full object).
 * Read-only fields (id, created_on, modified_on, disabled_at, proxiable,
 * meta) are never written. When the object has `raw`, the encoder starts
 * from it so unknown fields survive. Return NULL only on out-of-memory.
 */
char *cf_dns_record_encode(const struct cf_dns_record *r, unsigned mask);
char *cf_monitor_encode(const struct cf_monitor *m, unsigned mask);
char *cf_pool_encode(const struct cf_pool *p, unsigned mask);
char *cf_load_balancer_encode(const struct cf_load_balancer *lb, unsigned mask);

/* Parses an RTT string ("12.1ms", "66ms", "1.5s", "800us"). -1 when unparsable or over a day. */
double cf_parse_rtt_ms(const char *rtt);

/* Pretty-prints JSON text with 2-space indents (for the raw view). Caller frees; NULL if invalid. */
char *cf_json_pretty(const char *json);

#endif
