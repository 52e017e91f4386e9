/* test_pages.c: cf_request_pages over fake transports: a perform()-only one (batches) and one with the window ops (as libcurl's). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/ratelimit.h"
#include "cf/request.h"

/* INFO_HUGE: result_info figures no integer type holds (1e300, 2.5). */
enum info_mode { INFO_PAGES, INFO_COUNT, INFO_NONE, INFO_NOT_LIST, INFO_HUGE };

/* A paged list of `total` items {"i":n}; failures can be injected. */
struct pfake {
	int total;
	enum info_mode mode;
	int fail_page;	     /* page that fails... */
	int fail_times;	     /* ...this many times (then succeeds) */
	long fail_http;	     /* with this status (0: network error) */
	bool fail_truncated; /* or with a truncated 200 body */
	int calls;
	int batches;
	int max_batch;
	char first_url[512];
	atomic_bool *cancel_at_call; /* set when calls reaches cancel_call */
	int cancel_call;
};

static int
url_int(const char *url, const char *key)
{
	const char *p = strstr(url, key);
	return p ? atoi(p + strlen(key)) : -1;
}

static char *
page_body(const struct pfake *f, int page, int pp)
{
	int start = (page - 1) * pp;
	int n = f->total - start;
	if (n > pp)
		n = pp;
	if (n < 0)
		n = 0;
	size_t cap = 256 + (size_t)n * 16;
	char *b = malloc(cap);
	assert_non_null(b);
	size_t len = (size_t)snprintf(b, cap, "{\"result\":%s",
				      f->mode == INFO_NOT_LIST ? "{" : "[");
	for (int i = 0; i < n && f->mode != INFO_NOT_LIST; i++)
		len += (size_t)snprintf(b + len, cap - len, "%s{\"i\":%d}",
					i ? "," : "", start + i);
	len += (size_t)snprintf(b + len, cap - len, "%s",
				f->mode == INFO_NOT_LIST ? "}" : "]");
	int tp = (f->total + pp - 1) / pp;
	if (f->mode == INFO_PAGES || f->mode == INFO_NOT_LIST)
		len += (size_t)snprintf(
			b + len, cap - len,
			",\"result_info\":{\"page\":%d,\"per_page\":%d,"
			"\"count\":%d,\"total_count\":%d,\"total_pages\":%d}",
			page, pp, n, f->total, tp);
	else if (f->mode == INFO_HUGE)
		len += (size_t)snprintf(
			b + len, cap - len,
			",\"result_info\":{\"page\":%d,\"per_page\":1e300,"
			"\"count\":%d,\"total_count\":1e300,"
			"\"total_pages\":%s}",
			page, n, page % 2 ? "1e300" : "2.5");
	else if (f->mode == INFO_COUNT)
		len += (size_t)snprintf(
			b + len, cap - len,
			",\"result_info\":{\"page\":%d,\"per_page\":%d,"
			"\"count\":%d,\"total_count\":%d}",
			page, pp, n, f->total);
	snprintf(b + len, cap - len,
		 ",\"success\":true,\"errors\":[],\"messages\":[]}");
	return b;
}

/* Answers one exchange of the list (or the failure injected for it). */
static void
pfake_answer(struct pfake *f, struct cf_http_exchange *x)
{
	f->calls++;
	if (f->calls == 1)
		snprintf(f->first_url, sizeof(f->first_url), "%s", x->url);
	if (f->cancel_at_call && f->calls == f->cancel_call)
		atomic_store(f->cancel_at_call, true);
	int page = url_int(x->url, "page=");
	int pp = url_int(x->url, "per_page=");
	x->ratelimit_remaining = -1;
	x->retry_after = 0;
	if (page == f->fail_page && f->fail_times > 0) {
		f->fail_times--;
		if (f->fail_truncated) {
			x->transport_status = CF_OK;
			x->http_status = 200;
			x->resp_body = strdup("{\"result\":[{\"i\":");
			x->resp_len = strlen(x->resp_body);
		} else if (f->fail_http == 0) {
			x->transport_status = CF_ERR_NETWORK;
			x->http_status = 0;
			x->resp_body = NULL;
			x->resp_len = 0;
		} else {
			x->transport_status = CF_OK;
			x->http_status = f->fail_http;
			x->resp_body = strdup(
				"{\"success\":false,\"errors\":"
				"[{\"code\":10001,\"message\":\"boom\"}],"
				"\"messages\":[],\"result\":null}");
			x->resp_len = strlen(x->resp_body);
		}
		return;
	}
	x->transport_status = CF_OK;
	x->http_status = 200;
	x->resp_body = page_body(f, page, pp);
	x->resp_len = strlen(x->resp_body);
}

static void
pfake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct pfake *f = ctx;
	f->batches++;
	if ((int)n > f->max_batch)
		f->max_batch = (int)n;
	/* Answer last-first: completion order must not matter. */
	for (size_t k = n; k-- > 0;)
		pfake_answer(f, &xs[k]);
}

static const struct cf_transport_ops pfake_ops = { .perform = pfake_perform };

/* What the page callback saw. */
struct seen {
	int items[4096];
	int n;
	int pages;
	size_t total;
	int stop_after; /* pages; 0 = never stop */
	bool order_ok;
};

static enum cf_status
on_page(const cJSON *items, size_t total, void *ud, struct cf_error *err)
{
	struct seen *s = ud;
	s->pages++;
	s->total = total;
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
	{
		int i = cJSON_GetObjectItem(it, "i")->valueint;
		if (i != s->n)
			s->order_ok = false;
		s->items[s->n++] = i;
	}
	if (s->stop_after && s->pages >= s->stop_after)
		return cf_error_set(err, CF_ERR_CANCELLED,
				    "stopped by callback");
	return CF_OK;
}

static struct cf_client *
client_for(struct pfake *f, int max_parallel, int max_retries)
{
	struct cf_client_options o = {
		.base_url = "https://api.example.com/client/v4",
		.max_parallel = max_parallel,
		.max_retries = max_retries,
		.retry_base_ms = 1,
		.retry_max_ms = 4,
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);
	assert_non_null(c);
	cf_client_set_transport(c, &pfake_ops, f);
	return c;
}

static void
run_case(enum info_mode mode, int total, int per_page, int want_calls)
{
	struct pfake f = { .total = total, .mode = mode };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/zones/z/dns_records", "type=A",
					  per_page, on_page, &s, &e),
			 CF_OK);
	assert_int_equal(e.status, CF_OK);
	assert_true(s.order_ok);
	assert_int_equal(s.n, total);
	assert_int_equal(f.calls, want_calls);
	assert_string_equal(f.first_url,
			    "https://api.example.com/client/v4"
			    "/zones/z/dns_records?type=A&page=1&per_page=3");
	if (mode == INFO_HUGE)
		assert_int_equal(s.total, 0); /* unknown */
	else if (mode != INFO_NONE)
		assert_int_equal(s.total, (size_t)total);
	cf_client_free(c);
	if (mode == INFO_NONE || mode == INFO_HUGE) {
		assert_int_equal(f.max_batch, 1);
	} else if (want_calls > 2) {
		/* Pages after the first go out concurrently, 4 at most. */
		assert_int_equal(f.max_batch,
				 want_calls - 1 < 4 ? want_calls - 1 : 4);
	}
}

static void
test_total_pages(void **state)
{
	(void)state;
	run_case(INFO_PAGES, 28, 3, 10);
	run_case(INFO_PAGES, 3, 3, 1);
	run_case(INFO_PAGES, 7, 3, 3);
}

static void
test_total_count_only(void **state)
{
	(void)state;
	run_case(INFO_COUNT, 28, 3, 10);
	run_case(INFO_COUNT, 27, 3, 9);
}

static void
test_neither_goes_until_short_page(void **state)
{
	(void)state;
	run_case(INFO_NONE, 28, 3, 10);
	/* A full last page needs one more (empty) page to be sure. */
	run_case(INFO_NONE, 27, 3, 10);
	run_case(INFO_NONE, 2, 3, 1);
}

/*
 * result_info counts out of every integer range (issue 8, item 19) are
 * ignored, as if absent: converting 1e300 to long or size_t was undefined
 * behaviour. The list is still read whole, one page at a time.
 */
static void
test_absurd_counts_ignored(void **state)
{
	(void)state;
	run_case(INFO_HUGE, 28, 3, 10);
	run_case(INFO_HUGE, 2, 3, 1);
}

static void
test_empty_list(void **state)
{
	(void)state;
	/* Zones answer total_pages 0 for nothing; DNS answers 1. */
	struct pfake f = { .total = 0, .mode = INFO_PAGES };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	assert_int_equal(
		cf_request_pages(c, "/zones", NULL, 20, on_page, &s, &e),
		CF_OK);
	assert_int_equal(s.pages, 1);
	assert_int_equal(s.n, 0);
	assert_int_equal(f.calls, 1);
	assert_string_equal(f.first_url, "https://api.example.com/client/v4"
					 "/zones?page=1&per_page=20");
	cf_client_free(c);
}

static void
test_large_list_in_order(void **state)
{
	(void)state;
	struct pfake f = { .total = 4000, .mode = INFO_PAGES };
	struct seen *s = calloc(1, sizeof(*s));
	s->order_ok = true;
	struct cf_client *c = client_for(&f, 6, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 7, on_page, s, &e),
			 CF_OK);
	assert_true(s->order_ok);
	assert_int_equal(s->n, 4000);
	assert_int_equal(f.max_batch, 6);
	assert_int_equal(f.calls, (4000 + 6) / 7);
	cf_client_free(c);
	free(s);
}

static void
test_failed_page_retried(void **state)
{
	(void)state;
	/* 503 twice on page 5, then fine: every item, in order. */
	struct pfake f = { .total = 28,
			   .mode = INFO_PAGES,
			   .fail_page = 5,
			   .fail_times = 2,
			   .fail_http = 503 };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_OK);
	assert_true(s.order_ok);
	assert_int_equal(s.n, 28);
	assert_int_equal(f.calls, 12);
	cf_client_free(c);

	/* A network error and a truncated body are retried too. */
	struct pfake g = { .total = 28,
			   .mode = INFO_PAGES,
			   .fail_page = 2,
			   .fail_times = 1,
			   .fail_http = 0 };
	struct seen t = { .order_ok = true };
	c = client_for(&g, 4, 3);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &t, &e),
			 CF_OK);
	assert_int_equal(t.n, 28);
	assert_int_equal(g.calls, 11);
	cf_client_free(c);

	struct pfake h = { .total = 28,
			   .mode = INFO_PAGES,
			   .fail_page = 10,
			   .fail_times = 2,
			   .fail_truncated = true };
	struct seen u = { .order_ok = true };
	c = client_for(&h, 4, 3);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &u, &e),
			 CF_OK);
	assert_int_equal(u.n, 28);
	assert_true(u.order_ok);
	assert_int_equal(h.calls, 12);
	cf_client_free(c);
}

static void
test_failed_page_reported(void **state)
{
	(void)state;
	/* Page 6 keeps failing: pages 1-5 arrive, then the error. */
	struct pfake f = { .total = 28,
			   .mode = INFO_PAGES,
			   .fail_page = 6,
			   .fail_times = 100,
			   .fail_http = 500 };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 2);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_ERR_SERVER);
	assert_int_equal(e.status, CF_ERR_SERVER);
	assert_int_equal(e.http_status, 500);
	assert_true(e.retryable);
	assert_string_equal(e.detail, "HTTP 500: boom (10001)");
	assert_int_equal(s.pages, 5);
	assert_int_equal(s.n, 15);
	assert_true(s.order_ok);
	/* 1 + batch of 4 (2-5) + batch of 4 (6-9) + 2 retries of page 6 */
	assert_int_equal(f.calls, 11);
	cf_error_clear(&e);
	cf_client_free(c);

	/* A non-retryable status on page 1 is reported at once. */
	struct pfake g = { .total = 28,
			   .mode = INFO_PAGES,
			   .fail_page = 1,
			   .fail_times = 100,
			   .fail_http = 403 };
	struct seen t = { .order_ok = true };
	c = client_for(&g, 4, 3);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &t, &e),
			 CF_ERR_FORBIDDEN);
	assert_int_equal(g.calls, 1);
	assert_int_equal(t.pages, 0);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_callback_stop(void **state)
{
	(void)state;
	struct pfake f = { .total = 28, .mode = INFO_PAGES };
	struct seen s = { .order_ok = true, .stop_after = 3 };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_ERR_CANCELLED);
	assert_string_equal(e.detail, "stopped by callback");
	assert_int_equal(s.pages, 3);
	assert_int_equal(f.calls, 5); /* page 1 + the batch holding 3 */
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_cancel_flag(void **state)
{
	(void)state;
	atomic_bool flag = false;
	struct pfake f = { .total = 280,
			   .mode = INFO_PAGES,
			   .cancel_at_call = &flag,
			   .cancel_call = 3 };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 2, 3);
	cf_client_set_cancel(c, &flag);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_ERR_CANCELLED);
	assert_true(f.calls < 10);
	assert_false(e.retryable);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_bad_input(void **state)
{
	(void)state;
	struct pfake f = { .total = 5, .mode = INFO_NOT_LIST };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_ERR_MALFORMED);
	assert_int_equal(s.pages, 0);
	cf_error_clear(&e);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 0, on_page, &s, &e),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 5, NULL, &s, &e),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&e);
	assert_int_equal(f.calls, 1);
	cf_client_free(c);
}

static void
test_paging_within_budget(void **state)
{
	(void)state;
	/* 6 tokens, then 10 per second: pages wait for tokens, in order. */
	cf_ratelimit_reset();
	cf_ratelimit_configure(6, 1);
	cf_ratelimit_configure(10, 1);
	struct pfake f = { .total = 60, .mode = INFO_PAGES };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for(&f, 4, 3);
	struct cf_error e = { 0 };
	double t0 = cf_ratelimit_now();
	assert_int_equal(cf_request_pages(c, "/x", NULL, 3, on_page, &s, &e),
			 CF_OK);
	double dt = cf_ratelimit_now() - t0;
	assert_true(s.order_ok);
	assert_int_equal(s.n, 60);
	assert_int_equal(f.calls, 20);
	/* 10 tokens at hand, 10 more at 10/s: about a second. */
	assert_true(dt > 0.8 && dt < 3.0);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 20);
	assert_true(b.throttled >= 1);
	cf_client_free(c);
	cf_ratelimit_reset();
}

/* ---- a fake with the window ops: the code path libcurl's transport takes */

/*
 * Exchanges added are answered when waited for, in a scrambled order (the
 * newest of those in flight every other time, else the oldest), one per
 * wait_once, so pages finish out of order and the window must put them
 * back in order. Records the most in flight at once.
 */
struct wfake {
	struct pfake f;
	struct cf_http_exchange *inflight[64];
	int n;
	int max_inflight;
	int adds, waits, kicks, aborts;
	atomic_int wakeups; /* the decoder thread calls wakeup */
	bool performed;	    /* perform() is for single calls only */
};

static bool
wfake_add(void *ctx, struct cf_http_exchange *x)
{
	struct wfake *w = ctx;
	assert_true(w->n < 64);
	x->transport_status = CF_ERR_INTERNAL;
	w->inflight[w->n++] = x;
	w->adds++;
	if (w->n > w->max_inflight)
		w->max_inflight = w->n;
	return true;
}

static struct cf_http_exchange *
wfake_wait_once(void *ctx, bool *idle)
{
	struct wfake *w = ctx;
	struct cf_http_exchange *x;
	int k;

	w->waits++;
	*idle = w->n == 0;
	if (w->n == 0)
		return NULL;
	k = w->waits % 2 ? w->n - 1 : 0;
	x = w->inflight[k];
	memmove(&w->inflight[k], &w->inflight[k + 1],
		(size_t)(w->n - k - 1) * sizeof(w->inflight[0]));
	w->n--;
	pfake_answer(&w->f, x);
	return x;
}

static void
wfake_kick(void *ctx)
{
	((struct wfake *)ctx)->kicks++;
}

static void
wfake_wakeup(void *ctx)
{
	atomic_fetch_add(&((struct wfake *)ctx)->wakeups, 1);
}

static void
wfake_abort_all(void *ctx)
{
	struct wfake *w = ctx;
	w->aborts++;
	w->n = 0;
}

static void
wfake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct wfake *w = ctx;
	w->performed = true;
	for (size_t i = 0; i < n; i++)
		pfake_answer(&w->f, &xs[i]);
}

static const struct cf_transport_ops wfake_ops = {
	.perform = wfake_perform,
	.add = wfake_add,
	.wait_once = wfake_wait_once,
	.kick = wfake_kick,
	.wakeup = wfake_wakeup,
	.abort_all = wfake_abort_all,
};

static struct cf_client *
client_for_window(struct wfake *w, int max_parallel)
{
	struct cf_client *c = client_for(&w->f, max_parallel, 3);
	cf_client_set_transport(c, &wfake_ops, w);
	return c;
}

/*
 * Pages 2..n go through the transport's window ops, never perform():
 * out of order, at most max_parallel in flight, delivered in order.
 */
static void
test_window_ops_pages(void **state)
{
	(void)state;
	struct wfake w = { .f = { .total = 100, .mode = INFO_PAGES } };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for_window(&w, 4);
	struct cf_error e = { 0 };
	unsigned long sent0 = cf_client_requests(c);
	assert_int_equal(cf_request_pages(c, "/x", "a=b", 3, on_page, &s, &e),
			 CF_OK);
	assert_true(s.order_ok);
	assert_int_equal(s.n, 100);
	assert_int_equal(s.pages, 34);
	assert_int_equal(w.f.calls, 34);
	/* Page 1 alone (perform), 33 pages through the window. */
	assert_true(w.performed);
	assert_int_equal(w.adds, 33);
	assert_int_equal(w.max_inflight, 4);
	assert_true(w.kicks > 0);
	assert_int_equal(w.n, 0);
	/* Every page counts as a request sent. */
	assert_int_equal(cf_client_requests(c) - sent0, 34);
	cf_client_free(c);
}

/* A page that fails in the window is retried alone; order holds. */
static void
test_window_ops_retry(void **state)
{
	(void)state;
	struct wfake w = { .f = { .total = 40,
				  .mode = INFO_COUNT,
				  .fail_page = 4,
				  .fail_times = 1,
				  .fail_http = 503 } };
	struct seen s = { .order_ok = true };
	struct cf_client *c = client_for_window(&w, 3);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/x", NULL, 4, on_page, &s, &e),
			 CF_OK);
	assert_true(s.order_ok);
	assert_int_equal(s.n, 40);
	assert_int_equal(w.f.calls, 11); /* 10 pages, page 4 twice */
	assert_true(w.max_inflight <= 3);
	cf_client_free(c);

	/* A callback that stops: what is still in flight is dropped. */
	struct wfake v = { .f = { .total = 40, .mode = INFO_PAGES } };
	struct seen t = { .order_ok = true, .stop_after = 2 };
	c = client_for_window(&v, 3);
	assert_int_equal(cf_request_pages(c, "/x", NULL, 4, on_page, &t, &e),
			 CF_ERR_CANCELLED);
	assert_int_equal(t.pages, 2);
	assert_int_equal(v.aborts, 1);
	cf_error_clear(&e);
	cf_client_free(c);
}

/* A sink list: items committed page by page, in order, over the window. */
struct ssink {
	int items[4096];
	int n;
	int commits;
	bool order_ok;
};

struct spage {
	size_t first;
	int items[64];
	int n;
};

static void *
ss_page_new(void *ud, size_t first)
{
	(void)ud;
	struct spage *p = calloc(1, sizeof(*p));
	if (p)
		p->first = first;
	return p;
}

static enum cf_status
ss_item(void *page, const cJSON *item, const char *text, size_t len,
	struct cf_error *err)
{
	struct spage *p = page;
	(void)text;
	(void)len;
	(void)err;
	assert_true(p->n < 64);
	p->items[p->n++] = cJSON_GetObjectItem(item, "i")->valueint;
	return CF_OK;
}

static void
ss_abort(void *page)
{
	((struct spage *)page)->n = 0;
}

static enum cf_status
ss_commit(void *ud, void *page, size_t total, struct cf_error *err)
{
	struct ssink *s = ud;
	struct spage *p = page;
	(void)total;
	(void)err;
	if ((size_t)s->n != p->first)
		s->order_ok = false;
	for (int i = 0; i < p->n; i++) {
		if (p->items[i] != s->n)
			s->order_ok = false;
		s->items[s->n++] = p->items[i];
	}
	p->n = 0;
	s->commits++;
	return CF_OK;
}

static void
ss_page_free(void *page)
{
	free(page);
}

static void
test_window_ops_sink(void **state)
{
	(void)state;
	struct wfake w = { .f = { .total = 500, .mode = INFO_PAGES } };
	struct ssink *ss = calloc(1, sizeof(*ss));
	assert_non_null(ss);
	ss->order_ok = true;
	struct cf_item_sink sink = {
		.page_new = ss_page_new,
		.item = ss_item,
		.abort = ss_abort,
		.commit = ss_commit,
		.page_free = ss_page_free,
		.ud = ss,
	};
	struct cf_client *c = client_for_window(&w, 4);
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages_items(c, "/x", NULL, 7, &sink, &e),
			 CF_OK);
	assert_true(ss->order_ok);
	assert_int_equal(ss->n, 500);
	assert_int_equal(ss->commits, 72);
	assert_int_equal(w.adds, 71);
	assert_true(w.max_inflight <= 4);
	cf_client_free(c);
	free(ss);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total_pages),
		cmocka_unit_test(test_absurd_counts_ignored),
		cmocka_unit_test(test_total_count_only),
		cmocka_unit_test(test_neither_goes_until_short_page),
		cmocka_unit_test(test_empty_list),
		cmocka_unit_test(test_large_list_in_order),
		cmocka_unit_test(test_failed_page_retried),
		cmocka_unit_test(test_failed_page_reported),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_cancel_flag),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_paging_within_budget),
		cmocka_unit_test(test_window_ops_pages),
		cmocka_unit_test(test_window_ops_retry),
		cmocka_unit_test(test_window_ops_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
