/* paging.h: internal: every page of a paged list endpoint, through a sliding window on the transport seam. */
#ifndef CFCONSOLE_CF_PAGING_H
#define CFCONSOLE_CF_PAGING_H

#include <cjson/cJSON.h>

#include "cfconsole/cf_client.h"

/*
 * Called once per page with the page's result array, in page order.
 * `total` is result_info.total_count (0 when unknown). Return CF_OK to go on;
 * anything else stops paging and is returned (err filled by the callback).
 */
typedef enum cf_status (*cf_page_fn)(const cJSON *items, size_t total, void *ud,
				     struct cf_error *err);

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

#endif
