/* paging.c: every page of a paged list: page 1, then a sliding window of requests on the transport seam. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cf/batch_transport.h"
#include "cf/client_priv.h"
#include "cf/paging.h"
#include "cf/ratelimit.h"
#include "cf/request.h"

/* Pages fetched without a page count before we suspect a loop. */
#define MAX_BLIND_PAGES 100000

/* ---- pages and their delivery ---------------------------------------- */

struct pager {
	struct cf_client *c;
	const char *path;
	const char *query;
	int per_page;
	cf_page_fn fn;
	void *ud;
	const struct cf_item_sink *sink; /* instead of fn when set */
	size_t total; /* result_info.total_count, 0 unknown */
};

static char *
page_query(const struct pager *pg, int page)
{
	const char *q = pg->query ? pg->query : "";
	return cf_request_asprintf("%s%spage=%d&per_page=%d", q, *q ? "&" : "",
				   page, pg->per_page);
}

static bool
prepare_page(const struct pager *pg, struct cf_prepared *p, int page)
{
	char *q = page_query(pg, page);
	if (!q)
		return false;
	bool ok = cf_request_prepare(pg->c, p, "GET", pg->path, q, NULL);
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
prepared_release(struct cf_prepared *p)
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
		cJSON_ArrayForEach(it, resp->result)
		{
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
	struct cf_prepared p;
	if (!prepare_page(pg, &p, page))
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	struct cf_response resp;
	enum cf_status st = cf_request_run(pg->c, &p, 0, &resp, err);
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
	struct cf_prepared p;
	struct cf_http_exchange x;
	double t0; /* when it was sent, for the log line */
	bool used; /* p and x are live */
	bool done; /* the response is in x */
	/* Sink lists only (page_range_sink): */
	int page;
	int state; /* enum slot_state, under the decoder's lock */
	struct cf_predecoded pre;
};

/* Where a sink list's page stands once its response is in. */
enum slot_state {
	SLOT_WAITING,  /* free, or its response has not come yet */
	SLOT_ARRIVED,  /* response in x, body not decoded */
	SLOT_DECODING, /* a thread is decoding it into pre */
	SLOT_DECODED,  /* pre holds the result: ready for its turn */
};

/*
 * Where the window sends pages: the client's transport, through the seam's
 * window ops, so a test's fake that has them runs this very code. Each page
 * is its own exchange and pages finish in any order. A transport with only
 * perform() is wrapped in cf_batch_ops (batch_transport.h): the pages added
 * since the last wait go out as one batch.
 */
struct window {
	struct cf_client *c;
	const struct cf_transport_ops *ops;
	void *ctx;
	struct cf_batch *batch; /* the adapter, when the transport needed it */
};

static bool
window_init(struct window *w, struct cf_client *c, size_t width)
{
	memset(w, 0, sizeof(*w));
	w->c = c;
	if (c->ops->add) {
		w->ops = c->ops;
		w->ctx = c->ops_ctx;
		return true;
	}
	w->batch = cf_batch_new(c->ops, c->ops_ctx, width);
	w->ops = &cf_batch_ops;
	w->ctx = w->batch;
	return w->batch != NULL;
}

static void
window_done(struct window *w)
{
	if (w->ctx)
		w->ops->abort_all(w->ctx);
	cf_batch_free(w->batch);
}

/* Starts x; false when it could not even be queued (x says why). */
static bool
window_add(struct window *w, struct cf_http_exchange *x)
{
	if (!w->ops->add(w->ctx, x))
		return false;
	atomic_fetch_add(&w->c->sent, 1);
	return true;
}

/* Lets the requests just added leave before this thread parses. */
static void
window_kick(struct window *w)
{
	w->ops->kick(w->ctx);
}

/*
 * At most one wait: a finished exchange, or NULL (then *idle says that
 * nothing is in flight: none will come).
 */
static struct cf_http_exchange *
window_wait_once(struct window *w, bool *idle)
{
	*idle = false;
	return w->ops->wait_once(w->ctx, idle);
}

/* Returns the next finished exchange, or NULL when none is pending. */
static struct cf_http_exchange *
window_wait(struct window *w)
{
	struct cf_http_exchange *x;
	bool idle;

	do
		x = window_wait_once(w, &idle);
	while (!x && !idle);
	return x;
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
	enum cf_status st =
		cf_request_finish(c, &s->p, &s->x, &resp, err, &pts, &s->pre);
	if (st != CF_OK &&
	    cf_retry_should("GET", pts, http, 0, c->max_retries)) {
		long d = cf_retry_delay_ms(1, c->retry_base_ms, c->retry_max_ms,
					   ra, cf_request_jitter());
		if (!cf_request_sleep(c, d))
			st = cf_error_set(err, CF_ERR_CANCELLED,
					  "listing %s: %s", pg->path,
					  cf_status_str(CF_ERR_CANCELLED));
		else
			st = cf_request_run(c, &s->p, 1, &resp, err);
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
	int nslots; /* max_parallel + WINDOW_EXTRA_SLOTS */
	int width;  /* max_parallel: requests in flight at most */
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
		cf_request_exchange_init(&s->x, &s->p);
		s->used = true;
		s->page = r->next_send;
		s->t0 = cf_request_now_ms();
		s->done = !window_add(&r->w, &s->x);
		if (!s->done)
			r->inflight++;
		r->next_send++;
	}
	window_kick(&r->w);
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
				cf_request_log(r->pg->c, &r->slots[i].p, x,
					       cf_request_now_ms() -
						       r->slots[i].t0);
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
		.pg = pg,
		.width = pg->c->max_parallel,
		.from = from,
		.to = to,
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
 * ever runs cf_request_predecode() on a slot it has marked SLOT_DECODING;
 * transfers, retries, logging and commits stay on the calling thread.
 */
#define SINK_EXTRA_SLOTS 1

struct decoder {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* a slot arrived or got decoded; quit */
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
	cf_request_predecode(&s->p, &s->x, &s->pre);
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
		/* The calling thread may be waiting for transfers. */
		d->r->w.ops->wakeup(d->r->w.ctx);
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
		cf_request_log(r->pg->c, &s->p, x, cf_request_now_ms() - s->t0);
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
	bool idle;
	struct cf_http_exchange *x = window_wait_once(&r->w, &idle);
	if (!x && !idle)
		return false; /* poll slice over or woken up */
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
		.pg = pg,
		.width = pg->c->max_parallel,
		.from = from,
		.to = to,
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
		cf_request_predecoded_clear(&s->pre);
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
			cf_request_predecoded_clear(&r.slots[i].pre);
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
		.c = c,
		.path = path,
		.query = query,
		.per_page = per_page,
		.fn = fn,
		.ud = ud,
	};
	return pages_run(&pg, err);
}

enum cf_status
cf_request_pages_items(struct cf_client *c, const char *path, const char *query,
		       int per_page, const struct cf_item_sink *sink,
		       struct cf_error *err)
{
	if (!c || !path || !sink || !sink->item || !sink->commit ||
	    !sink->abort || per_page <= 0)
		return cf_error_set(err, CF_ERR_INVALID_ARG,
				    "cf_request_pages_items: bad argument");
	struct pager pg = {
		.c = c,
		.path = path,
		.query = query,
		.per_page = per_page,
		.sink = sink,
	};
	return pages_run(&pg, err);
}
