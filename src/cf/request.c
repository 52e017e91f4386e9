/* request.c: one API call (budget, retries, envelope) and paging. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cf/client_priv.h"
#include "cf/ratelimit.h"
#include "cf/request.h"
#include "cfconsole/xmem.h"

/* Pages fetched without a page count before we suspect a loop. */
#define MAX_BLIND_PAGES 100000

/* Sleep granularity while backing off, so cancel is seen promptly. */
#define SLEEP_SLICE_MS 20

/* ---- small helpers ---------------------------------------------------- */

static double
now_ms(void)
{
	return cf_ratelimit_now() * 1000.0;
}

/* Jitter in [0,1): a per-thread xorshift, no shared state to lock. */
static double
jitter01(void)
{
	static _Thread_local uint64_t s;
	if (s == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		s = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)(uintptr_t)&s ^
		    (uint64_t)ts.tv_sec;
		if (s == 0)
			s = 0x9e3779b97f4a7c15ULL;
	}
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return (double)(s >> 11) / 9007199254740992.0;
}

/* Sleeps ms in slices; false when the cancel flag interrupted it. */
static bool
sleep_cancellable(const struct cf_client *c, long ms)
{
	double until = now_ms() + (double)ms;
	for (;;) {
		if (cf_client_cancelled(c))
			return false;
		double left = until - now_ms();
		if (left <= 0)
			return true;
		if (left > SLEEP_SLICE_MS)
			left = SLEEP_SLICE_MS;
		struct timespec ts = { 0, (long)(left * 1e6) };
		nanosleep(&ts, NULL);
	}
}

static char *
xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

/* ---- escaping --------------------------------------------------------- */

char *
cf_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		s = "";
	size_t n = strlen(s);
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	char *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char ch = *p;
		/* RFC 3986 unreserved characters pass; all else is %XX. */
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ||
		    ch == '_' || ch == '~') {
			*o++ = (char)ch;
		} else {
			*o++ = '%';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
		}
	}
	*o = '\0';
	return out;
}

void
cf_query_add(char **query, const char *key, const char *value)
{
	if (!query || !key)
		return;
	char *k = cf_escape(key);
	char *v = cf_escape(value ? value : "");
	size_t old = *query ? strlen(*query) : 0;
	char *n;
	/* Dropping a filter silently would list the wrong objects. */
	if (!k || !v)
		xmem_fail("building a query");
	n = xrealloc(*query, old + strlen(k) + strlen(v) + 3);
	sprintf(n + old, "%s%s=%s", old ? "&" : "", k, v);
	*query = n;
	free(k);
	free(v);
}

/* ---- one exchange ----------------------------------------------------- */

/* A request ready to hand to the transport. */
struct prepared {
	const char *method;
	char *url;
	const char *path; /* points into url: what the log shows */
	const char *body;
	size_t body_len;
	const char *headers[6];
	const struct cf_item_sink *sink; /* list page: items go here */
	void *page;                      /* ... into this page context */
};

static bool
prepare(struct cf_client *c, struct prepared *p, const char *method,
	const char *path, const char *query, const char *body)
{
	memset(p, 0, sizeof(*p));
	p->method = method;
	if (!path)
		path = "";
	p->url = xasprintf("%s%s%s%s%s", c->base_url,
			   path[0] == '/' || path[0] == '\0' ? "" : "/", path,
			   query && *query ? "?" : "", query ? query : "");
	if (!p->url)
		return false;
	p->path = p->url + strlen(c->base_url);
	p->body = body;
	p->body_len = body ? strlen(body) : 0;
	size_t h = 0;
	if (c->auth_hdr[0])
		p->headers[h++] = c->auth_hdr[0];
	if (c->auth_hdr[1])
		p->headers[h++] = c->auth_hdr[1];
	p->headers[h++] = c->ua_hdr;
	p->headers[h++] = "Accept: application/json";
	if (body)
		p->headers[h++] = "Content-Type: application/json";
	p->headers[h] = NULL;
	return true;
}

static void
exchange_init(struct cf_http_exchange *x, const struct prepared *p)
{
	memset(x, 0, sizeof(*x));
	x->method = p->method;
	x->url = p->url;
	x->body = p->body;
	x->body_len = p->body_len;
	x->headers = p->headers;
	x->transport_status = CF_ERR_INTERNAL;
	x->ratelimit_remaining = -1;
}

static bool
method_is_post(const char *method)
{
	return strcmp(method, "POST") == 0;
}

/* "GET /zones?page=2 -> 200 (12 ms)": method, path, outcome; no headers. */
static void
log_exchange(const struct cf_client *c, const struct prepared *p,
	     const struct cf_http_exchange *x, double ms)
{
	if (!cf_log_enabled())
		return;
	char *line;
	if (x->transport_status == CF_OK)
		line = xasprintf("%s %s -> %ld (%.0f ms)", p->method, p->path,
				 x->http_status, ms);
	else
		line = xasprintf("%s %s -> %s (%.0f ms)", p->method, p->path,
				 cf_status_str(x->transport_status), ms);
	if (line) {
		cf_client_redact(c, line);
		cf_log_emit(line);
		free(line);
	}
}

/*
 * Turns a finished exchange into *resp or *err: feeds the rate bucket,
 * decodes the envelope, frees the raw body. Returns the status; *policy_ts
 * is what the retry policy should see (CF_ERR_MALFORMED for a 2xx whose
 * body did not decode).
 */
/*
 * A list page's body decoded ahead of its turn, on whichever thread was
 * free (see page_range_sink): finish() then takes this result instead of
 * decoding the body itself.
 */
struct predecoded {
	bool have;
	enum cf_status st;
	bool item_failed;
	struct cf_response resp;
	struct cf_error err;
};

/* Decodes a 2xx list page body into d and frees the body (any thread). */
static void
predecode(const struct prepared *p, struct cf_http_exchange *x,
	  struct predecoded *d)
{
	memset(d, 0, sizeof(*d));
	if (!p->sink || x->transport_status != CF_OK ||
	    x->http_status < 200 || x->http_status > 299)
		return;
	d->st = cf_envelope_decode_items(x->resp_body, x->resp_len,
					 x->http_status, x->retry_after,
					 p->sink, p->page, &d->resp,
					 &d->item_failed, &d->err);
	d->have = true;
	free(x->resp_body);
	x->resp_body = NULL;
	x->resp_len = 0;
}

static void
predecoded_clear(struct predecoded *d)
{
	if (!d->have)
		return;
	cf_response_free(&d->resp);
	cf_error_clear(&d->err);
	d->have = false;
}

static enum cf_status
finish(struct cf_client *c, const struct prepared *p,
       struct cf_http_exchange *x, struct cf_response *resp,
       struct cf_error *err, enum cf_status *policy_ts,
       struct predecoded *pre)
{
	enum cf_status st;
	cf_ratelimit_note_remaining(x->ratelimit_remaining);
	*policy_ts = x->transport_status;
	if (x->transport_status != CF_OK) {
		st = x->transport_status;
		cf_error_set(err, st, "%s %s: %s", p->method, p->path,
			     cf_status_str(st));
		err->http_status = 0;
		/* A POST that timed out may have been applied: not blind. */
		err->retryable = (st == CF_ERR_NETWORK ||
				  st == CF_ERR_TIMEOUT) &&
				 !method_is_post(p->method);
		if (st == CF_ERR_MALFORMED) {
			/* Body over the size cap: retrying cannot help. */
			*policy_ts = CF_ERR_INVALID_ARG;
		}
	} else {
		bool item_failed = false;
		if (x->http_status == 429)
			cf_ratelimit_note_429(x->retry_after);
		if (pre && pre->have) {
			st = pre->st;
			item_failed = pre->item_failed;
			*resp = pre->resp;
			cf_error_clear(err);
			*err = pre->err;
			memset(pre, 0, sizeof(*pre));
		} else if (p->sink)
			st = cf_envelope_decode_items(x->resp_body, x->resp_len,
						      x->http_status,
						      x->retry_after, p->sink,
						      p->page, resp,
						      &item_failed, err);
		else
			st = cf_envelope_decode(x->resp_body, x->resp_len,
						x->http_status, x->retry_after,
						resp, err);
		if (item_failed) {
			/* A record we cannot decode: the same next time. */
			*policy_ts = CF_ERR_INVALID_ARG;
		} else if (st == CF_ERR_MALFORMED && x->http_status >= 200 &&
		    x->http_status <= 299) {
			*policy_ts = CF_ERR_MALFORMED;
			/* A POST may have created the object: never blind. */
			if (method_is_post(p->method))
				err->retryable = false;
		}
	}
	free(x->resp_body);
	x->resp_body = NULL;
	x->resp_len = 0;
	if (st != CF_OK) {
		if (st == CF_ERR_CANCELLED)
			err->retryable = false;
		cf_client_redact_error(c, err);
	}
	return st;
}

/*
 * Sends one prepared request until it succeeds or the policy says stop,
 * starting at retry number `attempt` (0 = first try). Blocking.
 */
static enum cf_status
run(struct cf_client *c, const struct prepared *p, int attempt,
    struct cf_response *resp, struct cf_error *err)
{
	for (;; attempt++) {
		if (cf_client_cancelled(c) ||
		    cf_ratelimit_acquire(c->cancel) != CF_OK)
			return cf_error_set(err, CF_ERR_CANCELLED,
					    "%s %s: %s", p->method, p->path,
					    cf_status_str(CF_ERR_CANCELLED));
		struct cf_http_exchange x;
		exchange_init(&x, p);
		double t0 = now_ms();
		atomic_fetch_add(&c->sent, 1);
		c->ops->perform(c->ops_ctx, &x, 1);
		log_exchange(c, p, &x, now_ms() - t0);
		enum cf_status pts;
		double retry_after = x.retry_after;
		long http = x.http_status;
		enum cf_status st = finish(c, p, &x, resp, err, &pts, NULL);
		if (st == CF_OK) {
			cf_error_clear(err);
			return CF_OK;
		}
		if (!cf_retry_should(p->method, pts, http, attempt,
				     c->max_retries))
			return st;
		long d = cf_retry_delay_ms(attempt + 1, c->retry_base_ms,
					   c->retry_max_ms, retry_after,
					   jitter01());
		if (!sleep_cancellable(c, d))
			return cf_error_set(err, CF_ERR_CANCELLED,
					    "%s %s: %s", p->method, p->path,
					    cf_status_str(CF_ERR_CANCELLED));
	}
}

unsigned long
cf_client_requests(const struct cf_client *c)
{
	return c ? atomic_load(&c->sent) : 0;
}

bool
cf_client_backoff(struct cf_client *c, int attempt, double retry_after_s)
{
	if (!c || attempt < 1 || attempt > c->max_retries)
		return false;
	long d = cf_retry_delay_ms(attempt, c->retry_base_ms, c->retry_max_ms,
				   retry_after_s, jitter01());
	return sleep_cancellable(c, d);
}

enum cf_status
cf_request(struct cf_client *c, const char *method, const char *path,
	   const char *query, const char *body, struct cf_response *resp,
	   struct cf_error *err)
{
	if (resp)
		memset(resp, 0, sizeof(*resp));
	if (!c || !method || !path || !resp)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "cf_request: missing argument");
	struct prepared p;
	if (!prepare(c, &p, method, path, query, body))
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	enum cf_status st = run(c, &p, 0, resp, err);
	free(p.url);
	return st;
}

/* ---- paging ----------------------------------------------------------- */

struct pager {
	struct cf_client *c;
	const char *path;
	const char *query;
	int per_page;
	cf_page_fn fn;
	void *ud;
	const struct cf_item_sink *sink; /* instead of fn when set */
	size_t total;       /* result_info.total_count, 0 unknown */
};

static char *
page_query(const struct pager *pg, int page)
{
	const char *q = pg->query ? pg->query : "";
	return xasprintf("%s%spage=%d&per_page=%d", q, *q ? "&" : "", page,
			 pg->per_page);
}

static bool
prepare_page(const struct pager *pg, struct prepared *p, int page)
{
	char *q = page_query(pg, page);
	if (!q)
		return false;
	bool ok = prepare(pg->c, p, "GET", pg->path, q, NULL);
	free(q);
	if (!ok || !pg->sink)
		return ok;
	p->sink = pg->sink;
	p->page = pg->sink->page_new(pg->sink->ud,
				     (size_t)(page - 1) * (size_t)pg->per_page);
	if (!p->page) {
		free(p->url);
		p->url = NULL;
		return false;
	}
	return true;
}

/* Frees what prepare_page made, dropping a page context's items. */
static void
prepared_release(struct prepared *p)
{
	free(p->url);
	p->url = NULL;
	if (p->page) {
		p->sink->abort(p->page);
		p->sink->page_free(p->page);
		p->page = NULL;
	}
}

/*
 * A page for a sink: its items are already there unless the body had to be
 * parsed whole (then they are handed over from the tree, without text).
 * Frees resp.
 */
static enum cf_status
sink_deliver(struct pager *pg, struct cf_response *resp, void *page,
	     size_t *count, struct cf_error *err)
{
	const struct cf_item_sink *sink = pg->sink;
	enum cf_status st = CF_OK;
	const cJSON *it;

	if (resp->items_sunk) {
		*count = resp->nitems;
	} else {
		*count = 0;
		cJSON_ArrayForEach(it, resp->result) {
			st = sink->item(page, it, NULL, 0, err);
			if (st != CF_OK)
				break;
			(*count)++;
		}
	}
	cf_response_free(resp);
	if (st != CF_OK) {
		sink->abort(page);
		return st;
	}
	return sink->commit(sink->ud, page, pg->total, err);
}

/*
 * Hands one decoded page to the callback (or commits it to the sink, page
 * being its context); *count gets its item count. Frees resp.
 */
static enum cf_status
deliver(struct pager *pg, struct cf_response *resp, void *page, size_t *count,
	struct cf_error *err)
{
	if (!cJSON_IsArray(resp->result)) {
		long http = resp->http_status;
		cf_response_free(resp);
		cf_error_set(err, CF_ERR_MALFORMED,
			     "HTTP %ld: %s: \"result\" is not a list", http,
			     cf_status_str(CF_ERR_MALFORMED));
		err->http_status = http;
		return CF_ERR_MALFORMED;
	}
	enum cf_status st;
	cf_error_clear(err);
	if (pg->sink) {
		st = sink_deliver(pg, resp, page, count, err);
	} else {
		*count = (size_t)cJSON_GetArraySize(resp->result);
		st = pg->fn(resp->result, pg->total, pg->ud, err);
		cf_response_free(resp);
	}
	if (st != CF_OK && err->status == CF_OK)
		cf_error_set(err, st, "listing stopped: %s", cf_status_str(st));
	return st;
}

/* Largest count result_info may claim that we take at its word. */
#define INFO_COUNT_MAX 1e15

/*
 * A result_info count (total_pages, total_count, per_page), or -1 when it
 * is missing or not a whole number in [0, INFO_COUNT_MAX]: the API's
 * number may be 1e300 or 2.5, and converting that to an integer type is
 * undefined, so nothing outside the range is ever converted.
 */
static double
info_number(const cJSON *info, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(info, key);
	double d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d < 0 || d > INFO_COUNT_MAX || d != floor(d))
		return -1;
	return d;
}

/*
 * Fetches one page with the full retry policy and delivers it. Page 1
 * (first set): the caller reads result_info before delivering it, with
 * *first_page as the sink's page context (NULL without a sink).
 */
static enum cf_status
page_one(struct pager *pg, int page, size_t *count, struct cf_response *first,
	 void **first_page, struct cf_error *err)
{
	struct prepared p;
	if (!prepare_page(pg, &p, page))
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	struct cf_response resp;
	enum cf_status st = run(pg->c, &p, 0, &resp, err);
	if (st == CF_OK && first) {
		*first = resp;
		*first_page = p.page;
		p.page = NULL;
	} else if (st == CF_OK) {
		st = deliver(pg, &resp, p.page, count, err);
	}
	prepared_release(&p);
	return st;
}

/* Frees a page context page_one handed out (NULL: nothing). */
static void
page_ctx_free(const struct pager *pg, void *page)
{
	if (page) {
		pg->sink->abort(page);
		pg->sink->page_free(page);
	}
}

/* ---- the paging window ------------------------------------------------ */

/* One page in flight or waiting for its turn to be delivered. */
struct slot {
	struct prepared p;
	struct cf_http_exchange x;
	double t0;  /* when it was sent, for the log line */
	bool used;  /* p and x are live */
	bool done;  /* the response is in x */
	/* Sink lists only (page_range_sink): */
	int page;
	int state;  /* enum slot_state, under the decoder's lock */
	struct predecoded pre;
};

/* Where a sink list's page stands once its response is in. */
enum slot_state {
	SLOT_WAITING,   /* free, or its response has not come yet */
	SLOT_ARRIVED,   /* response in x, body not decoded */
	SLOT_DECODING,  /* a thread is decoding it into pre */
	SLOT_DECODED,   /* pre holds the result: ready for its turn */
};

/*
 * Where the window sends pages. With libcurl (the default transport) each
 * page is its own transfer on the client's multi handle and pages finish in
 * any order. With a replaced transport (the seam only offers a batch
 * perform()), pages queued since the last wait go out as one batch.
 */
struct window {
	struct cf_client *c;
	struct cf_curl *curl;              /* non-NULL: libcurl backend */
	struct cf_http_exchange **queued;  /* batch backend */
	size_t nqueued;
	struct cf_http_exchange **ready;
	size_t nready, ready_pos;
	struct cf_http_exchange *tmp;      /* contiguous copy for perform() */
};

static bool
window_init(struct window *w, struct cf_client *c, size_t width)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	if (c->ops == &cf_curl_ops && c->ops_ctx == c->curl) {
		w->curl = c->curl;
		return true;
	}
	w->queued = calloc(width, sizeof(*w->queued));
	w->ready = calloc(width, sizeof(*w->ready));
	w->tmp = calloc(width, sizeof(*w->tmp));
	return w->queued && w->ready && w->tmp;
}

static void
window_done(struct window *w)
{
	if (w->curl)
		cf_curl_abort_all(w->curl);
	free(w->queued);
	free(w->ready);
	free(w->tmp);
}

/* Starts x; false when it could not even be queued (x says why). */
static bool
window_add(struct window *w, struct cf_http_exchange *x)
{
	if (w->curl)
		return cf_curl_add(w->curl, x);
	w->queued[w->nqueued++] = x;
	return true;
}

/* Returns the next finished exchange, or NULL when none is pending. */
static struct cf_http_exchange *
window_wait(struct window *w)
{
	if (w->curl)
		return cf_curl_wait(w->curl);
	if (w->ready_pos < w->nready)
		return w->ready[w->ready_pos++];
	if (w->nqueued == 0)
		return NULL;
	size_t n = w->nqueued;
	for (size_t i = 0; i < n; i++)
		w->tmp[i] = *w->queued[i];
	atomic_fetch_add(&w->c->sent, (unsigned long)n);
	w->c->ops->perform(w->c->ops_ctx, w->tmp, n);
	for (size_t i = 0; i < n; i++) {
		*w->queued[i] = w->tmp[i];
		w->ready[i] = w->queued[i];
	}
	w->nready = n;
	w->ready_pos = 0;
	w->nqueued = 0;
	return w->ready[w->ready_pos++];
}

/* Decodes the page in s (retrying it alone if it failed) and delivers it. */
static enum cf_status
slot_deliver(struct pager *pg, struct slot *s, struct cf_error *err)
{
	struct cf_client *c = pg->c;
	struct cf_response resp;
	enum cf_status pts;
	long http = s->x.http_status;
	double ra = s->x.retry_after;
	enum cf_status st = finish(c, &s->p, &s->x, &resp, err, &pts,
				   &s->pre);
	if (st != CF_OK && cf_retry_should("GET", pts, http, 0,
					   c->max_retries)) {
		long d = cf_retry_delay_ms(1, c->retry_base_ms, c->retry_max_ms,
					   ra, jitter01());
		if (!sleep_cancellable(c, d))
			st = cf_error_set(err, CF_ERR_CANCELLED, "listing %s: %s",
					  pg->path, cf_status_str(CF_ERR_CANCELLED));
		else
			st = run(c, &s->p, 1, &resp, err);
	}
	if (st != CF_OK)
		return st;
	size_t count = 0;
	return deliver(pg, &resp, s->p.page, &count, err);
}

/*
 * Slots beyond max_parallel: one, so that the page being parsed does not
 * hold back a request. More would only buffer more raw pages when parsing
 * is the bottleneck.
 */
#define WINDOW_EXTRA_SLOTS 1

struct range {
	struct pager *pg;
	struct window w;
	struct slot *slots;
	int nslots;    /* max_parallel + WINDOW_EXTRA_SLOTS */
	int width;     /* max_parallel: requests in flight at most */
	int from, to;
	int next_send; /* next page to request */
	int inflight;
};

static struct slot *
range_slot(struct range *r, int page)
{
	return &r->slots[(page - r->from) % r->nslots];
}

/*
 * Sends pages while fewer than `width` are in flight and a slot is free
 * (pages next..next+nslots-1 may hold a slot), then kicks the transfers
 * so the requests leave before this thread starts parsing.
 */
static enum cf_status
range_fill(struct range *r, int next, struct cf_error *err)
{
	struct cf_client *c = r->pg->c;
	while (r->next_send <= r->to && r->inflight < r->width &&
	       r->next_send < next + r->nslots) {
		struct slot *s = range_slot(r, r->next_send);
		if (cf_client_cancelled(c))
			return cf_error_set(err, CF_ERR_CANCELLED,
					    "listing %s: %s", r->pg->path,
					    cf_status_str(CF_ERR_CANCELLED));
		/*
		 * Out of budget with pages in flight: collect those first
		 * rather than block here while their transfers stall.
		 */
		if (r->inflight > 0 && !cf_ratelimit_try_acquire())
			break;
		if (r->inflight == 0 &&
		    cf_ratelimit_acquire(c->cancel) != CF_OK)
			return cf_error_set(err, CF_ERR_CANCELLED,
					    "listing %s: %s", r->pg->path,
					    cf_status_str(CF_ERR_CANCELLED));
		if (!prepare_page(r->pg, &s->p, r->next_send))
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		exchange_init(&s->x, &s->p);
		s->used = true;
		s->page = r->next_send;
		s->t0 = now_ms();
		s->done = !window_add(&r->w, &s->x);
		if (!s->done)
			r->inflight++;
		r->next_send++;
	}
	if (r->w.curl)
		cf_curl_kick(r->w.curl);
	return CF_OK;
}

/* Waits until page `next` has its response. */
static void
range_wait(struct range *r, int next)
{
	struct slot *s = range_slot(r, next);
	while (!s->done) {
		struct cf_http_exchange *x = window_wait(&r->w);
		if (!x) {
			/* Lost track (out of memory): fail the rest. */
			for (int i = 0; i < r->nslots; i++) {
				if (r->slots[i].used && !r->slots[i].done) {
					r->slots[i].x.transport_status =
						CF_ERR_NOMEM;
					r->slots[i].done = true;
				}
			}
			r->inflight = 0;
			return;
		}
		for (int i = 0; i < r->nslots; i++) {
			if (&r->slots[i].x == x) {
				r->slots[i].done = true;
				r->inflight--;
				log_exchange(r->pg->c, &r->slots[i].p, x,
					     now_ms() - r->slots[i].t0);
			}
		}
	}
}

/*
 * Pages [from, to] through a sliding window of max_parallel requests.
 * Whenever the page whose turn it is has arrived, the freed request is
 * reused for a later page *before* this one is parsed, so the server works
 * while this thread parses and the callback runs. Pages that finish early
 * wait as raw bodies (at most max_parallel + 1 pages, counting those in
 * flight); only the page being delivered is ever parsed, so memory stays at
 * a few pages whatever the list size. A failed page is retried alone under
 * the normal policy before later pages are delivered.
 */
static enum cf_status
page_range(struct pager *pg, int from, int to, struct cf_error *err)
{
	struct range r = {
		.pg = pg, .width = pg->c->max_parallel, .from = from, .to = to,
		.next_send = from,
	};
	r.nslots = r.width + WINDOW_EXTRA_SLOTS;
	r.slots = calloc((size_t)r.nslots, sizeof(*r.slots));
	enum cf_status st = CF_OK;
	if (!window_init(&r.w, pg->c, (size_t)r.nslots) || !r.slots) {
		st = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (int next = from; next <= to && st == CF_OK; next++) {
		st = range_fill(&r, next, err);
		if (st != CF_OK)
			break;
		range_wait(&r, next);
		st = range_fill(&r, next, err);
		if (st != CF_OK)
			break;
		struct slot *s = range_slot(&r, next);
		st = slot_deliver(pg, s, err);
		prepared_release(&s->p);
		s->used = false;
	}
out:
	window_done(&r.w);
	/* Stopped early: drop what is still in flight or undelivered. */
	for (int i = 0; r.slots && i < r.nslots; i++) {
		if (r.slots[i].used) {
			free(r.slots[i].x.resp_body);
			prepared_release(&r.slots[i].p);
		}
	}
	free(r.slots);
	return st;
}

/* ---- sink lists: decoding on two threads ------------------------------ */

/*
 * A big list is bound by decoding, not by the network: pages that have
 * arrived are decoded by this thread and one helper at once, lowest page
 * first, and delivered (committed) in page order here. The helper only
 * ever runs predecode() on a slot it has marked SLOT_DECODING; transfers,
 * retries, logging and commits stay on the calling thread.
 */
#define SINK_EXTRA_SLOTS 1

struct decoder {
	pthread_mutex_t lock;
	pthread_cond_t cond;   /* a slot arrived or got decoded; quit */
	pthread_t thread;
	bool started, quit;
	struct range *r;
};

/* The arrived, undecoded slot with the lowest page (lock held), or NULL. */
static struct slot *
decoder_pick(struct range *r)
{
	struct slot *best = NULL;
	for (int i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];
		if (s->state == SLOT_ARRIVED && (!best || s->page < best->page))
			best = s;
	}
	return best;
}

/* Decodes s (marked SLOT_DECODING by the caller) with the lock released. */
static void
decoder_run(struct decoder *d, struct slot *s)
{
	pthread_mutex_unlock(&d->lock);
	predecode(&s->p, &s->x, &s->pre);
	pthread_mutex_lock(&d->lock);
	s->state = SLOT_DECODED;
	pthread_cond_broadcast(&d->cond);
}

static void *
decoder_main(void *arg)
{
	struct decoder *d = arg;
	pthread_mutex_lock(&d->lock);
	while (!d->quit) {
		struct slot *s = decoder_pick(d->r);
		if (!s) {
			pthread_cond_wait(&d->cond, &d->lock);
			continue;
		}
		s->state = SLOT_DECODING;
		decoder_run(d, s);
		/* The calling thread may be waiting in curl for transfers. */
		if (d->r->w.curl)
			cf_curl_wakeup(d->r->w.curl);
	}
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

/* Marks x's slot arrived (and logs it). */
static void
sink_arrived(struct range *r, struct decoder *d, struct cf_http_exchange *x)
{
	for (int i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];
		if (&s->x != x)
			continue;
		s->done = true;
		r->inflight--;
		log_exchange(r->pg->c, &s->p, x, now_ms() - s->t0);
		pthread_mutex_lock(&d->lock);
		s->state = SLOT_ARRIVED;
		pthread_cond_broadcast(&d->cond);
		pthread_mutex_unlock(&d->lock);
	}
}

/* Transport lost track of the transfers (out of memory): fail them all. */
static void
sink_lost(struct range *r, struct decoder *d)
{
	for (int i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];
		if (s->used && !s->done) {
			s->x.transport_status = CF_ERR_NOMEM;
			sink_arrived(r, d, &s->x);
		}
	}
	r->inflight = 0;
}

/*
 * Does one step of work towards delivering page `next`: true when its slot
 * is decoded. Decodes an arrived page itself when there is one, else waits
 * for a transfer (or, with none in flight, for the helper).
 */
static bool
sink_step(struct range *r, struct decoder *d, int next)
{
	struct slot *want = range_slot(r, next);
	pthread_mutex_lock(&d->lock);
	/* A request that could not even be queued has its answer already. */
	if (want->used && want->done && want->state == SLOT_WAITING)
		want->state = SLOT_ARRIVED;
	if (want->state == SLOT_DECODED) {
		pthread_mutex_unlock(&d->lock);
		return true;
	}
	struct slot *s = decoder_pick(r);
	if (s) {
		s->state = SLOT_DECODING;
		decoder_run(d, s);
		pthread_mutex_unlock(&d->lock);
		return false;
	}
	if (r->inflight == 0) {
		/* Everything sent is in: the helper has the page (unless it
		 * is not sent yet: range_fill sends it next). */
		while (want->used && want->state != SLOT_DECODED &&
		       !decoder_pick(r))
			pthread_cond_wait(&d->cond, &d->lock);
		pthread_mutex_unlock(&d->lock);
		return false;
	}
	pthread_mutex_unlock(&d->lock);
	struct cf_http_exchange *x;
	if (r->w.curl) {
		bool idle = false;
		x = cf_curl_wait_once(r->w.curl, &idle);
		if (!x && !idle)
			return false; /* poll slice over or woken up */
	} else {
		x = window_wait(&r->w);
	}
	if (x)
		sink_arrived(r, d, x);
	else
		sink_lost(r, d);
	return false;
}

/* page_range for a sink: the same window, decoding on two threads. */
static enum cf_status
page_range_sink(struct pager *pg, int from, int to, struct cf_error *err)
{
	struct range r = {
		.pg = pg, .width = pg->c->max_parallel, .from = from, .to = to,
		.next_send = from,
	};
	struct decoder d = { .r = &r };
	enum cf_status st = CF_OK;
	r.nslots = r.width + SINK_EXTRA_SLOTS;
	r.slots = calloc((size_t)r.nslots, sizeof(*r.slots));
	pthread_mutex_init(&d.lock, NULL);
	pthread_cond_init(&d.cond, NULL);
	if (!window_init(&r.w, pg->c, (size_t)r.nslots) || !r.slots) {
		st = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto out;
	}
	/* Without a helper (no thread to be had) this thread decodes all. */
	d.started = to > from &&
		    pthread_create(&d.thread, NULL, decoder_main, &d) == 0;
	for (int next = from; next <= to && st == CF_OK;) {
		st = range_fill(&r, next, err);
		if (st != CF_OK)
			break;
		if (!sink_step(&r, &d, next))
			continue;
		struct slot *s = range_slot(&r, next);
		st = slot_deliver(pg, s, err);
		predecoded_clear(&s->pre);
		prepared_release(&s->p);
		s->used = false;
		s->done = false;
		pthread_mutex_lock(&d.lock);
		s->state = SLOT_WAITING;
		pthread_mutex_unlock(&d.lock);
		next++;
	}
out:
	if (d.started) {
		pthread_mutex_lock(&d.lock);
		d.quit = true;
		pthread_cond_broadcast(&d.cond);
		pthread_mutex_unlock(&d.lock);
		pthread_join(d.thread, NULL);
	}
	window_done(&r.w);
	/* Stopped early: drop what is still in flight or undelivered. */
	for (int i = 0; r.slots && i < r.nslots; i++) {
		if (r.slots[i].used) {
			free(r.slots[i].x.resp_body);
			predecoded_clear(&r.slots[i].pre);
			prepared_release(&r.slots[i].p);
		}
	}
	free(r.slots);
	pthread_cond_destroy(&d.cond);
	pthread_mutex_destroy(&d.lock);
	return st;
}

/* Every page of pg's list: page 1, then the rest through the window. */
static enum cf_status
pages_run(struct pager *pg_in, struct cf_error *err)
{
	struct pager pg = *pg_in;
	const char *path = pg.path;
	int per_page = pg.per_page;
	struct cf_response first;
	void *first_page = NULL;
	size_t count = 0;
	enum cf_status st = page_one(&pg, 1, &count, &first, &first_page, err);
	if (st != CF_OK)
		return st;

	/* Learn the page count: total_pages, else total_count/per_page. */
	double tp = info_number(first.result_info, "total_pages");
	double tc = info_number(first.result_info, "total_count");
	double pp = info_number(first.result_info, "per_page");
	if (pp < 1)
		pp = per_page;
	if (tc > 0)
		pg.total = (size_t)tc;
	/* Capped before converting: every figure is at most 1e15 here. */
	long npages = -1;
	if (tp >= 0)
		npages = (long)fmin(tp, 1000000.0);
	else if (tc >= 0)
		npages = (long)fmin(ceil(tc / pp), 1000000.0);

	st = deliver(&pg, &first, first_page, &count, err);
	page_ctx_free(&pg, first_page);
	if (st != CF_OK)
		return st;
	if (npages >= 0) {
		if (npages > 1 && pg.sink)
			st = page_range_sink(&pg, 2, (int)npages, err);
		else if (npages > 1)
			st = page_range(&pg, 2, (int)npages, err);
		return st;
	}
	/*
	 * Neither figure: go on one page at a time until a short page. A
	 * server that ignores `page` would never send one: give up after
	 * MAX_BLIND_PAGES rather than loop forever.
	 */
	size_t full = (size_t)pp; /* the server may clamp per_page */
	for (int page = 2; count >= full && st == CF_OK; page++) {
		if (page > MAX_BLIND_PAGES)
			return cf_error_set(err, CF_ERR_MALFORMED,
					    "listing %s: no end after %d pages",
					    path, MAX_BLIND_PAGES);
		st = page_one(&pg, page, &count, NULL, NULL, err);
	}
	return st;
}

enum cf_status
cf_request_pages(struct cf_client *c, const char *path, const char *query,
		 int per_page, cf_page_fn fn, void *ud, struct cf_error *err)
{
	if (!c || !path || !fn || per_page <= 0)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "cf_request_pages: bad argument");
	struct pager pg = {
		.c = c, .path = path, .query = query, .per_page = per_page,
		.fn = fn, .ud = ud,
	};
	return pages_run(&pg, err);
}

enum cf_status
cf_request_pages_items(struct cf_client *c, const char *path,
		       const char *query, int per_page,
		       const struct cf_item_sink *sink, struct cf_error *err)
{
	if (!c || !path || !sink || !sink->item || !sink->commit ||
	    !sink->abort || per_page <= 0)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "cf_request_pages_items: bad argument");
	struct pager pg = {
		.c = c, .path = path, .query = query, .per_page = per_page,
		.sink = sink,
	};
	return pages_run(&pg, err);
}
