/* cf_client.h: Cloudflare API v4 client handle, credentials, rate budget and transport seam. */
#ifndef CFCONSOLE_CF_CLIENT_H
#define CFCONSOLE_CF_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_error.h"

#define CF_DEFAULT_BASE_URL "https://api.cloudflare.com/client/v4"

enum cf_auth_kind {
	CF_AUTH_NONE = 0,
	CF_AUTH_TOKEN, /* Authorization: Bearer <token> */
	CF_AUTH_KEY,   /* X-Auth-Email + X-Auth-Key (legacy global API key) */
};

/*
 * Credentials. The strings are secrets: they are never logged, printed or
 * put in an error. cf_client_new() copies them; cf_credentials_wipe()
 * zeroes and frees strings the caller allocated.
 */
struct cf_credentials {
	enum cf_auth_kind kind;
	char *token; /* CF_AUTH_TOKEN */
	char *email; /* CF_AUTH_KEY */
	char *key;   /* CF_AUTH_KEY */
};

/* Zeroes and frees every string of creds, then sets kind to NONE. */
void cf_credentials_wipe(struct cf_credentials *creds);

/* Options for cf_client_new(); zero means "the default" everywhere. */
struct cf_client_options {
	const char *base_url;		    /* default CF_DEFAULT_BASE_URL */
	const struct cf_credentials *creds; /* copied */
	long connect_timeout_ms;	    /* default 10000 */
	long timeout_ms; /* total per transfer, default 30000 */
	int max_retries; /* retries after the first try, default 4; -1 = none */
	long retry_base_ms; /* first backoff, default 500 */
	long retry_max_ms;  /* backoff cap, default 8000 */
	int max_parallel;   /* pages in flight while listing, default 4 */
	const atomic_bool
		*cancel;	/* optional: set to true to abort transfers */
	const char *user_agent; /* default "cfconsole/<version>" */
};

struct cf_client;

/*
 * One-time process setup (curl_global_init, the process-wide DNS and TLS
 * session cache, the rate bucket; connections are kept per client). Call from main() before any thread starts.
 * Returns CF_OK or CF_ERR_INTERNAL.
 */
enum cf_status cf_global_init(void);

/* Undoes cf_global_init(); call after every client is freed and threads joined. */
void cf_global_cleanup(void);

/*
 * Configures the process-wide token bucket shared by every client and thread:
 * `requests` per `window_seconds` (default 1200 per 300). Requests wait for a
 * token rather than exceed it. Thread-safe; takes effect immediately.
 */
void cf_ratelimit_configure(unsigned requests, unsigned window_seconds);

/* A snapshot of the request budget for the header line. */
struct cf_budget {
	unsigned capacity; /* bucket size (requests per window) */
	unsigned window_seconds;
	double tokens;	       /* requests that may be sent right now */
	long server_remaining; /* from the last Ratelimit header, -1 unknown */
	double blocked_until; /* monotonic seconds until which a 429 blocks us, 0 none */
	unsigned long sent;	 /* requests sent by this process */
	unsigned long throttled; /* times a request had to wait for a token */
};

/* Fills *out with the current budget. Thread-safe. */
void cf_budget_get(struct cf_budget *out);

/*
 * Takes n tokens from the shared bucket without blocking. Returns true when
 * they were available (and are now spent). Lets a background poller decide to
 * skip a round instead of queueing behind the UI. Thread-safe.
 */
bool cf_budget_try_spend(unsigned n);

/*
 * Creates a client. The base URL must be https://, or http:// to a loopback
 * host (127.0.0.0/8, ::1, localhost): anything else fails with
 * CF_ERR_INSECURE_URL. Returns NULL and fills err on failure. A client
 * belongs to one thread at a time; make one per thread.
 */
struct cf_client *cf_client_new(const struct cf_client_options *opts,
				struct cf_error *err);

/* Frees the client (wiping its credentials). NULL is a no-op. */
void cf_client_free(struct cf_client *client);

/* The normalised base URL (no trailing slash). Owned by the client. */
const char *cf_client_base_url(const struct cf_client *client);

/* The host part of the base URL, for the header line. Owned by the client. */
const char *cf_client_host(const struct cf_client *client);

/* Replaces the cancel flag (NULL: never cancelled). */
void cf_client_set_cancel(struct cf_client *client, const atomic_bool *cancel);

/*
 * True when base_url is acceptable: https, or http to a loopback host.
 * Pure; used by cf_client_new and by config validation.
 */
bool cf_url_is_allowed(const char *base_url);

/* ---- logging ---------------------------------------------------------- */

/*
 * Debug log sink: one line per request ("GET /zones?page=2 -> 200 (12 ms)").
 * Lines never contain credentials. Called from whichever thread made the
 * request; the function must be thread-safe. NULL disables logging.
 */
typedef void (*cf_log_fn)(const char *line, void *ud);
void cf_set_log(cf_log_fn fn, void *ud);

/* ---- transport seam (tests) ------------------------------------------- */

/* One HTTP exchange as the transport sees it. */
struct cf_http_exchange {
	/* request, filled by the client */
	const char *method; /* "GET", "POST", ... */
	const char *url;    /* absolute URL */
	const char *body;   /* request body or NULL */
	size_t body_len;
	const char *const *headers; /* NULL-terminated "Name: value" lines
	                                  (includes the auth header: never log) */
	/* response, filled by the transport */
	enum cf_status
		transport_status; /* CF_OK, CF_ERR_NETWORK, CF_ERR_TIMEOUT, CF_ERR_CANCELLED */
	long http_status;
	char *resp_body; /* malloc'd, NUL-terminated; client frees */
	size_t resp_len;
	double retry_after; /* parsed Retry-After seconds, 0 none */
	long ratelimit_remaining; /* from Ratelimit "r=" or x-ratelimit-remaining, -1 none */
};

/*
 * A transport. perform() runs n exchanges, concurrently if it can, and
 * fills each exchange's response fields. It returns only when all n are
 * finished. The order in which they complete is its own business; results
 * go by index. One API call (cf_request) uses perform().
 *
 * Paging keeps a sliding window of requests in flight and takes each one
 * as it finishes. A transport that can do that supplies the window ops
 * (all of add, wait_once, kick, wakeup and abort_all, or none): libcurl's
 * does, and so can a test's fake, which then runs exactly the paging code
 * production runs. Without them, paging wraps perform() in an adapter
 * (cf_batch_ops, src/cf/transport.h) that sends what was added as one
 * batch at the next wait.
 *
 *  add        starts x (its response fields are reset) and returns at
 *             once; x stays valid until wait_once() returned it or
 *             abort_all(). False: x could not even be queued (x then holds
 *             the reason in transport_status) and will never be returned.
 *  wait_once  waits a while (one poll slice, or until wakeup()) for a
 *             finished exchange and returns it, in completion order; NULL
 *             when none finished meanwhile. *idle is set when nothing is in
 *             flight or finished: NULL with *idle means none will come.
 *  kick       lets the transfers make progress without waiting (the
 *             requests just added leave now); may do nothing.
 *  wakeup     interrupts a wait_once() on another thread; the only op
 *             called from a thread other than the client's.
 *  abort_all  stops and forgets everything in flight or not yet returned;
 *             response bodies already in exchanges stay the caller's.
 */
struct cf_transport_ops {
	void (*perform)(void *ctx, struct cf_http_exchange *xs, size_t n);
	bool (*add)(void *ctx, struct cf_http_exchange *x);
	struct cf_http_exchange *(*wait_once)(void *ctx, bool *idle);
	void (*kick)(void *ctx);
	void (*wakeup)(void *ctx);
	void (*abort_all)(void *ctx);
};

/*
 * Replaces the client's transport (default: libcurl). ctx is passed to
 * every op. Used by unit tests to answer from fixtures without a network.
 * ops must outlive the client; NULL restores libcurl.
 */
void cf_client_set_transport(struct cf_client *client,
			     const struct cf_transport_ops *ops, void *ctx);

/* ---- retry policy (pure, exposed for tests) ---------------------------- */

/*
 * Decides whether attempt number `attempt` (0 = first try) that ended with
 * transport status ts and HTTP status http may be retried, for `method`.
 * Only GET, HEAD and DELETE are ever resent: never POST (it could create
 * twice), never PUT or PATCH (their body was built from an earlier read; a
 * retry must be a fresh read-modify-write by the caller, see
 * cf_client_backoff). Retries 5xx, 429, timeouts and network errors.
 */
bool cf_retry_should(const char *method, enum cf_status ts, long http,
		     int attempt, int max_retries);

/*
 * Requests this client has sent so far (each try counts). Lets a caller
 * tell whether anything went to the API between two points of its own.
 * Any thread.
 */
unsigned long cf_client_requests(const struct cf_client *client);

/*
 * For a caller that repeats a whole operation itself (a read-modify-write
 * whose PATCH failed): waits the client's backoff before retry `attempt`
 * (1 = first retry; cf_retry_delay_ms with the client's settings and
 * jitter, at least retry_after_s seconds, capped like any retry), in
 * slices that notice the client's cancel flag. Returns false without
 * waiting when attempt exceeds the client's max_retries, and false when
 * cancelled; true when the caller may go again. Blocking; the client's
 * thread.
 */
bool cf_client_backoff(struct cf_client *client, int attempt,
		       double retry_after_s);

/*
 * Backoff before retry `attempt` (1 = first retry) in milliseconds:
 * base * 2^(attempt-1) capped at max, minus up to 25% jitter drawn from
 * `jitter01` (0..1). A Retry-After larger than that wins (capped at 60 s).
 */
long cf_retry_delay_ms(int attempt, long base_ms, long max_ms,
		       double retry_after_s, double jitter01);

#endif
