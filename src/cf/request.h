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

/*
 * Where a big list's items go one at a time, so that a page never exists as
 * one parsed tree. Each page gets its own context from page_new() (`first`
 * is the index its first item has when every earlier page is full; NULL on
 * out of memory). item() gets each element of `result` with its exact text
 * in the body (text NULL when it is not known: the body was not walkable and
 * came from a whole-tree parse; len 0 then). Items are tentative until
 * commit() (the envelope said success and the page's turn came; total =
 * result_info.total_count or 0), which takes them; abort() drops them (the
 * envelope failed, an item failed, or the page is retried). item() fills err
 * and returns its status on a bad item; it is not called again for that
 * page, and the failure is not retried. commit() may fail (e.g. a streaming
 * consumer stops) with err filled. page_free() frees an empty context.
 *
 * Threads: page_new, commit and page_free run on the calling thread, commit
 * strictly in page order. item and abort may run on a decoding thread of the
 * pager, several pages at once: they may touch their page only.
 */
struct cf_item_sink {
	void *(*page_new)(void *ud, size_t first);
	enum cf_status (*item)(void *page, const cJSON *item, const char *text,
			       size_t len, struct cf_error *err);
	void (*abort)(void *page);
	enum cf_status (*commit)(void *ud, void *page, size_t total,
				 struct cf_error *err);
	void (*page_free)(void *page);
	void *ud;
};

/*
 * cf_request_pages, but each page's items are parsed one by one straight
 * into the sink while the envelope is read (see struct cf_item_sink). Pages
 * that have arrived are decoded by the calling thread and one helper thread
 * at once (big lists are CPU-bound on decoding); they are committed strictly
 * in page order on the calling thread.
 */
enum cf_status cf_request_pages_items(struct cf_client *c, const char *path,
				      const char *query, int per_page,
				      const struct cf_item_sink *sink,
				      struct cf_error *err);

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

#endif
