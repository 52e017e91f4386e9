/* request.h: internal request layer of the client (envelope, retries, paging) used by the resource files. */
#ifndef CFCONSOLE_CF_REQUEST_H
#define CFCONSOLE_CF_REQUEST_H

#include <cjson/cJSON.h>

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
			  const char *path, const char *query,
			  const char *body, struct cf_response *resp,
			  struct cf_error *err);

/*
 * Called once per page with the page's result array, in page order.
 * `total` is result_info.total_count (0 when unknown). Return CF_OK to go on;
 * anything else stops paging and is returned (err filled by the callback).
 */
typedef enum cf_status (*cf_page_fn)(const cJSON *items, size_t total,
				     void *ud, struct cf_error *err);

/*
 * Fetches every page of a paged list endpoint: page 1 first (to learn
 * total_count/total_pages), then the remaining pages concurrently, at most
 * max_parallel in flight, delivered to fn strictly in page order. `query`
 * holds the other parameters (without page/per_page). per_page must be in
 * the endpoint's bounds.
 */
enum cf_status cf_request_pages(struct cf_client *c, const char *path,
				const char *query, int per_page, cf_page_fn fn,
				void *ud, struct cf_error *err);

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

#endif
