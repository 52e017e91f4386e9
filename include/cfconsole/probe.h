/* probe.h: run a monitor against one origin from this machine (the "test now" / local view next to Cloudflare's). */
#ifndef CFCONSOLE_PROBE_H
#define CFCONSOLE_PROBE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "cfconsole/cf_error.h"
#include "cfconsole/cf_models.h"

/*
 * What one local probe saw. failure_reason uses Cloudflare's wording
 * ("No failures", "TCP connection failed", "HTTP timeout occurred",
 * "Response code mismatch error", "TLS untrusted certificate error", ...)
 * so it reads the same as the API's health data next to it.
 */
struct probe_result {
	bool healthy;
	bool has_rtt;
	double rtt_ms; /* total time of the last attempt (tcp: connect time) */
	int response_code; /* HTTP status, 0 for tcp or when none came */
	int attempts;	   /* 1 + retries used */
	char failure_reason[160];
	char target
		[300]; /* what was probed, e.g. "GET https://api.example.com:443/health via 10.0.0.1" */
};

/*
 * Probes origin o with monitor m (types http, https and tcp; the others
 * cannot be run locally and give CF_ERR_INVALID_ARG with a reason):
 * method, path, port (default 80/443), Host header (the origin's
 * header.Host first, else the monitor's; it also names the TLS server, the
 * connection still goes to the origin's address), other monitor headers,
 * expected_codes ("200", "2xx", comma-separated lists), expected_body
 * (case-insensitive substring), timeout (seconds), retries, allow_insecure
 * and follow_redirects. Blocking for up to (retries + 1) x timeout: call
 * from a worker thread. cancel (may be NULL) aborts within ~100 ms
 * (CF_ERR_CANCELLED). Returns CF_OK when the probe ran (healthy or not) and
 * fills *out; never sends any Cloudflare credential.
 */
enum cf_status local_probe_run(const struct cf_monitor *m,
			       const struct cf_origin *o,
			       const atomic_bool *cancel,
			       struct probe_result *out);

/*
 * True when HTTP status `code` matches `expected` ("200", "2xx", "20x",
 * "200,301", case-insensitive x; NULL or "" means "200"). Pure.
 */
bool local_probe_code_matches(const char *expected, long code);

#endif
