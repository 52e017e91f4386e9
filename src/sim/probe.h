/* probe.h: origin health probes with libcurl, many in flight at once. */
#ifndef CFSIM_PROBE_H
#define CFSIM_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/*
 * A probe checks one origin with one monitor, the way Cloudflare's health
 * checks do: HTTP/HTTPS request (method, path, port, headers, expected codes,
 * expected body, redirects, TLS verification, timeout, retries on timeout) or
 * a plain TCP connect. The result carries Cloudflare's failure_reason strings.
 *
 * Probes run asynchronously on a `struct probe_multi` (one libcurl multi
 * handle) driven by a single thread, so thousands can be in flight and a slow
 * origin never holds up the others. probe_run() is the blocking convenience.
 */

/* Cloudflare's failure_reason strings (ERRORS.md section 6). */
#define PROBE_OK_REASON "No failures"
#define PROBE_TCP_FAILED "TCP connection failed"
#define PROBE_HTTP_TIMEOUT "HTTP timeout occurred"
#define PROBE_CODE_MISMATCH "Response code mismatch error"
#define PROBE_BODY_MISMATCH "Response body mismatch error"
#define PROBE_TLS_UNTRUSTED "TLS untrusted certificate error"
#define PROBE_TLS_NAME_MISMATCH "TLS name mismatch error"
#define PROBE_TLS_HANDSHAKE "TLS handshake error"
#define PROBE_NO_ROUTE "No route to host error"
#define PROBE_DNS_UNKNOWN "DNS Unknown Host"
#define PROBE_CONN_RESET "Connection Reset by Peer"
#define PROBE_CONFIG_ERROR "Monitor Config Error"

enum probe_type {
	PROBE_HTTP = 0,
	PROBE_HTTPS,
	PROBE_TCP,
	PROBE_UNSUPPORTED, /* udp_icmp, icmp_ping: not emulated -> config error
	                    */
};

/* A monitor, parsed once (defaults from NOTES.md applied). */
struct probe_monitor {
	enum probe_type type;
	char *method;	      /* "GET"; HEAD sends no body request */
	char *path;	      /* "/", always starts with '/' */
	char *expected_codes; /* "200", "2xx", "200,301" */
	char *expected_body;  /* case-insensitive substring; NULL = any */
	char *host;	      /* monitor header Host, NULL when absent */
	char **headers;	      /* other "Name: value" lines, NULL-terminated */
	int port;	      /* effective port (80/443 by type when 0) */
	double timeout_s;   /* per attempt, already multiplied by time_scale */
	int retries;	    /* extra attempts after a timeout */
	int interval_s;	    /* as configured (unscaled) */
	int consecutive_up; /* 0 = one result flips the state */
	int consecutive_down;
	bool follow_redirects;
	bool allow_insecure; /* TLS verification off only when true */
	bool config_error;   /* every probe fails with "Monitor Config Error" */
};

/*
 * Parses `monitor` (a monitor object as the API returns it; NULL = all
 * defaults) into `out`, multiplying the timeout by `time_scale` (> 0; 1.0 is
 * real time; the scaled timeout never drops below 50 ms). Invalid values
 * (bad expected_codes, tcp without port, unsupported type) set config_error
 * rather than failing. Free with probe_monitor_free().
 */
void probe_monitor_parse(struct probe_monitor *out, const cJSON *monitor,
			 double time_scale);

/* Deep copy of `src` into `dst`. */
void probe_monitor_copy(struct probe_monitor *dst,
			const struct probe_monitor *src);

/* Frees what probe_monitor_parse/copy allocated. NULL ok. */
void probe_monitor_free(struct probe_monitor *m);

/* What to probe. Strings are copied by probe_multi_add(). */
struct probe_request {
	const struct probe_monitor *monitor;
	const char *address; /* origin address: IPv4, IPv6 or hostname */
	const char *host;    /* origin's header.Host override, or NULL */
	const char *pool_id; /* for the User-Agent, or NULL */
};

/* Outcome of one probe (after retries). */
struct probe_result {
	bool healthy;
	int response_code;	 /* 0 when no HTTP response arrived */
	double rtt_ms;		 /* time of the last attempt */
	char failure_reason[48]; /* PROBE_* string */
	char ip[64];		 /* IP connected to, "" when none */
};

/* Called on the thread that runs probe_multi_perform(). */
typedef void (*probe_done_fn)(void *ud, const struct probe_result *result);

struct probe_multi;

/* New empty multi. Calls curl_global_init (thread-safe in libcurl >= 7.84). */
struct probe_multi *probe_multi_new(void);

/*
 * Aborts every probe in flight (their callbacks are not called; `free_ud`,
 * when not NULL, is called on each pending user data) and frees. NULL ok.
 */
void probe_multi_free(struct probe_multi *pm, void (*free_ud)(void *ud));

/*
 * Starts a probe; `done` is called exactly once from a later
 * probe_multi_perform() (unless the multi is freed first). Copies everything
 * it needs from `req`. Returns false (and does not call `done`) on
 * allocation or libcurl failure. Same thread as probe_multi_perform().
 */
bool probe_multi_add(struct probe_multi *pm, const struct probe_request *req,
		     probe_done_fn done, void *ud);

/*
 * Drives the transfers: waits up to `max_wait_ms` for network activity (or a
 * probe_multi_wakeup()), then finishes completed probes, retrying timeouts
 * while retries remain and calling `done` for the rest. Returns the number
 * of probes still in flight.
 */
size_t probe_multi_perform(struct probe_multi *pm, int max_wait_ms);

/* Number of probes in flight. Same thread as probe_multi_perform(). */
size_t probe_multi_count(const struct probe_multi *pm);

/* Interrupts a probe_multi_perform() wait. Callable from any thread. */
void probe_multi_wakeup(struct probe_multi *pm);

/* Runs one probe to completion on the calling thread (blocking). */
void probe_run(const struct probe_request *req, struct probe_result *out);

/*
 * True when HTTP status `code` matches `spec`: a comma/space separated list of
 * three-character items, each a digit followed by two digits or "xx"
 * ("200", "2xx", "200,301"). False for an invalid spec.
 */
bool probe_expected_codes_match(const char *spec, long code);

/* True when `spec` is a valid expected_codes value (see above). */
bool probe_expected_codes_valid(const char *spec);

/* Formats an rtt the way Cloudflare does: "12.1ms", "66ms". */
void probe_format_rtt(double ms, char *buf, size_t size);

#endif
