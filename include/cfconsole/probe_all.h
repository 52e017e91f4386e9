/* probe_all.h: "Test now": probe a list of origins from this machine with one monitor's settings, run Cloudflare's preview of an existing pool or monitor, and pair both views per origin. */
#ifndef CFCONSOLE_PROBE_ALL_H
#define CFCONSOLE_PROBE_ALL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_models.h"
#include "cfconsole/probe.h"

/*
 * Nothing here creates anything: local probes are plain requests to the
 * origins (local_probe_run), and Cloudflare's preview (POST
 * .../pools/{id}/preview or .../monitors/{id}/preview, then GET
 * .../load_balancers/preview/{preview_id}) only probes.
 */

/* What Cloudflare's preview said about one origin. */
enum probe_all_cf {
	PROBE_ALL_CF_NONE = 0, /* no preview was run */
	PROBE_ALL_CF_DONE,     /* cf_* hold Cloudflare's result */
	PROBE_ALL_CF_PENDING,  /* still "Preview in progress" at the deadline */
	PROBE_ALL_CF_MISSING,  /* the preview did not cover this address */
	PROBE_ALL_CF_FAILED, /* the preview request failed (see preview_error) */
};

/* One origin: both views side by side. Strings owned. */
struct probe_all_row {
	char *name;
	char *address;
	bool enabled;
	/* from this machine */
	bool probed;		   /* false: not run (no address, cancelled) */
	enum cf_status local_rc;   /* CF_OK: `local` holds the result */
	struct probe_result local; /* failure_reason also says why not run */
	/* from Cloudflare's preview */
	enum probe_all_cf cf;
	bool cf_healthy;
	bool cf_has_rtt;
	double cf_rtt_ms;
	bool cf_has_code;
	int cf_code;
	char *cf_reason; /* Cloudflare's failure_reason, or NULL */
};

struct probe_all_request {
	const char *account_id; /* needed for a preview */
	const struct cf_monitor
		*monitor; /* the settings to probe with (required) */
	const struct cf_origin *origins; /* the origins to probe */
	size_t norigins;
	/* Cloudflare's preview: pool_id (an existing pool: its origins with
	 * `monitor`), else monitor_id (an existing monitor: the pools using
	 * it, with `monitor`), else none. */
	const char *pool_id;
	const char *monitor_id;
	int wait_ms; /* how long to wait for the preview's results (0: 30000) */
	int poll_ms; /* between reads of the results (0: 1000) */
};

struct probe_all_result {
	struct probe_all_row *rows; /* one per requested origin, in order */
	size_t n;
	bool preview; /* a preview was asked for */
	char *preview_id;
	char preview_error
		[512];	      /* why the preview failed ("" when it did not) */
	size_t preview_other; /* origins the preview checked that are not rows */
};

/*
 * Probes every origin of rq from this machine (in parallel, one thread per
 * origin, at most 16 at a time) with rq->monitor, and meanwhile runs the
 * preview rq asks for with client c (this thread's), reading its result
 * every poll_ms until no origin is "in progress" or wait_ms passed; then
 * pairs the two per origin by address (probe_all_pair). cancel (may be
 * NULL) stops the probes and the waiting. Blocking: a worker thread. Fills
 * *out (zero it first; free with probe_all_result_free). Returns CF_OK when
 * the probes ran (a failed preview is reported in preview_error and
 * PROBE_ALL_CF_FAILED rows, not as the return value), CF_ERR_INVALID_ARG
 * without a monitor, CF_ERR_CANCELLED when cancelled, CF_ERR_NOMEM.
 */
enum cf_status probe_all_run(struct cf_client *c,
			     const struct probe_all_request *rq,
			     const atomic_bool *cancel,
			     struct probe_all_result *out);

/* Frees what r owns and zeroes it. NULL is a no-op. */
void probe_all_result_free(struct probe_all_result *r);

/*
 * True when preview result pv has every origin's result (none says
 * "Preview in progress"). Pure.
 */
bool probe_all_preview_done(const struct cf_preview_result *pv);

/*
 * Copies Cloudflare's view of each row's address (case-insensitive) from
 * pv into r's rows (pool_id: only that pool's origins; NULL: any pool):
 * PROBE_ALL_CF_DONE, _PENDING (still in progress) or _MISSING. Sets
 * r->preview_other to the origins pv has that no row matches. Returns the
 * number of rows matched. Pure (no network).
 */
size_t probe_all_pair(struct probe_all_result *r,
		      const struct cf_preview_result *pv, const char *pool_id);

#endif
