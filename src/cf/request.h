/* request.h: internal request layer of the client (one call, envelope, retries; paging in paging.h) used by the resource files. */
#ifndef CFCONSOLE_CF_REQUEST_H
#define CFCONSOLE_CF_REQUEST_H

#include <cjson/cJSON.h>

#include "cf/paging.h"
#include "cfconsole/cf_client.h"

/*
 * A decoded successful response. `root` owns the parsed body; `result` and
 * `result_info` point into it (may be NULL/JSON null). Free with
 * cf_response_free().
 */
struct cf_response {
	cJSON *root;
	cJSON *result;
	cJSON *result_info;
	long http_status;
	/*
	 * Set by cf_envelope_decode_items when the result items went to the
	 * sink as they were parsed: `result` is then an empty array and
	 * nitems says how many items the sink holds (uncommitted).
	 */
	bool items_sunk;
	size_t nitems;
};

void cf_response_free(struct cf_response *resp);

/*
 * Performs one API call: method, path relative to the base URL
 * ("/zones/abc/dns_records"), an already-encoded query string without '?'
 * (or NULL), and a JSON body (or NULL). Spends from the rate bucket, retries
 * per policy, decodes the envelope. On success fills *resp and returns CF_OK;
 * on any failure (transport, HTTP status, success:false, malformed JSON)
 * fills *err and returns its status. Path segments must already be escaped
 * (use cf_escape()).
 */
enum cf_status cf_request(struct cf_client *c, const char *method,
			  const char *path, const char *query, const char *body,
			  struct cf_response *resp, struct cf_error *err);

/* URL-escapes one path segment or query value. Caller frees. */
char *cf_escape(const char *s);

/* Appends "&key=escaped(value)" (no '&' when empty) to a growing query. */
void cf_query_add(char **query, const char *key, const char *value);

/*
 * Decodes an envelope body into *resp or *err. Exposed for unit tests of
 * envelope and error decoding. http_status is the HTTP status received.
 */
enum cf_status cf_envelope_decode(const char *body, size_t len,
				  long http_status, double retry_after,
				  struct cf_response *resp,
				  struct cf_error *err);

/*
 * cf_envelope_decode for a list page whose items go to sink's page context
 * `page` (thread: as sink->item). For a 2xx body
 * the envelope is walked with cJSON one member at a time and each element of
 * `result` is parsed on its own, handed to sink->item with its text slice,
 * and freed; on success *resp has items_sunk set. A body that cannot be
 * walked is parsed whole as cf_envelope_decode does (items then stay in
 * resp->result, items_sunk false). On any failure the sink's tentative
 * items are aborted; *item_failed (may be NULL) says the sink rejected an
 * item (a decoding error that retrying will not fix).
 */
enum cf_status cf_envelope_decode_items(const char *body, size_t len,
					long http_status, double retry_after,
					const struct cf_item_sink *sink,
					void *page, struct cf_response *resp,
					bool *item_failed,
					struct cf_error *err);

/* ---- shared with paging.c ----------------------------------------------- */

/* A request ready to hand to the transport. */
struct cf_prepared {
	const char *method;
	char *url;
	const char *path; /* points into url: what the log shows */
	const char *body;
	size_t body_len;
	const char *headers[6];
	const struct cf_item_sink *sink; /* list page: items go here */
	void *page;			 /* ... into this page context */
};

/*
 * A list page's body decoded ahead of its turn, on whichever thread was
 * free (see paging.c): cf_request_finish() then takes this result instead
 * of decoding the body itself.
 */
struct cf_predecoded {
	bool have;
	enum cf_status st;
	bool item_failed;
	struct cf_response resp;
	struct cf_error err;
};

/* Monotonic milliseconds (the rate limiter's clock). Any thread. */
double cf_request_now_ms(void);

/* Jitter in [0,1) for backoff delays: per-thread state. Any thread. */
double cf_request_jitter(void);

/* Sleeps ms in slices; false when c's cancel flag interrupted it. */
bool cf_request_sleep(const struct cf_client *c, long ms);

/* printf into a new string; NULL on out of memory. Caller frees. */
char *cf_request_asprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Builds p for method on path?query with body (not copied: must outlive
 * p) and c's headers. False on out of memory. Free p->url.
 */
bool cf_request_prepare(struct cf_client *c, struct cf_prepared *p,
			const char *method, const char *path, const char *query,
			const char *body);

/* Fills x's request fields from p and resets its response fields. */
void cf_request_exchange_init(struct cf_http_exchange *x,
			      const struct cf_prepared *p);

/* The debug log line of a finished exchange (no headers, redacted). */
void cf_request_log(const struct cf_client *c, const struct cf_prepared *p,
		    const struct cf_http_exchange *x, double ms);

/* Decodes a 2xx list page body into d and frees the body (any thread). */
void cf_request_predecode(const struct cf_prepared *p,
			  struct cf_http_exchange *x, struct cf_predecoded *d);

/* Frees what d holds, if anything. */
void cf_request_predecoded_clear(struct cf_predecoded *d);

/*
 * Turns a finished exchange into *resp or *err: feeds the rate bucket,
 * decodes the envelope (or takes pre's result when it has one), frees the
 * raw body. Returns the status; *policy_ts is what the retry policy should
 * see (CF_ERR_MALFORMED for a 2xx whose body did not decode).
 */
enum cf_status cf_request_finish(struct cf_client *c,
				 const struct cf_prepared *p,
				 struct cf_http_exchange *x,
				 struct cf_response *resp, struct cf_error *err,
				 enum cf_status *policy_ts,
				 struct cf_predecoded *pre);

/*
 * Sends p through the transport's perform() until it succeeds or the
 * retry policy says stop, starting at retry number `attempt` (0 = first
 * try). Blocking; the client's thread.
 */
enum cf_status cf_request_run(struct cf_client *c, const struct cf_prepared *p,
			      int attempt, struct cf_response *resp,
			      struct cf_error *err);

#endif
