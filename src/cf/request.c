/* request.c: one API call: URL and headers, budget, retries, envelope, log line (paging.c pages). */
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

/* Sleep granularity while backing off, so cancel is seen promptly. */
#define SLEEP_SLICE_MS 20

/* ---- small helpers ---------------------------------------------------- */

double
cf_request_now_ms(void)
{
	return cf_ratelimit_now() * 1000.0;
}

/* Jitter in [0,1): a per-thread xorshift, no shared state to lock. */
double
cf_request_jitter(void)
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
bool
cf_request_sleep(const struct cf_client *c, long ms)
{
	double until = cf_request_now_ms() + (double)ms;
	for (;;) {
		if (cf_client_cancelled(c))
			return false;
		double left = until - cf_request_now_ms();
		if (left <= 0)
			return true;
		if (left > SLEEP_SLICE_MS)
			left = SLEEP_SLICE_MS;
		struct timespec ts = { 0, (long)(left * 1e6) };
		nanosleep(&ts, NULL);
	}
}

char *
cf_request_asprintf(const char *fmt, ...)
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

bool
cf_request_prepare(struct cf_client *c, struct cf_prepared *p,
		   const char *method, const char *path, const char *query,
		   const char *body)
{
	memset(p, 0, sizeof(*p));
	p->method = method;
	if (!path)
		path = "";
	p->url = cf_request_asprintf(
		"%s%s%s%s%s", c->base_url,
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

void
cf_request_exchange_init(struct cf_http_exchange *x,
			 const struct cf_prepared *p)
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
void
cf_request_log(const struct cf_client *c, const struct cf_prepared *p,
	       const struct cf_http_exchange *x, double ms)
{
	if (!cf_log_enabled())
		return;
	char *line;
	if (x->transport_status == CF_OK)
		line = cf_request_asprintf("%s %s -> %ld (%.0f ms)", p->method,
					   p->path, x->http_status, ms);
	else
		line = cf_request_asprintf(
			"%s %s -> %s (%.0f ms)", p->method, p->path,
			cf_status_str(x->transport_status), ms);
	if (line) {
		cf_client_redact(c, line);
		cf_log_emit(line);
		free(line);
	}
}

/* Decodes a 2xx list page body into d and frees the body (any thread). */
void
cf_request_predecode(const struct cf_prepared *p, struct cf_http_exchange *x,
		     struct cf_predecoded *d)
{
	memset(d, 0, sizeof(*d));
	if (!p->sink || x->transport_status != CF_OK || x->http_status < 200 ||
	    x->http_status > 299)
		return;
	d->st = cf_envelope_decode_items(
		x->resp_body, x->resp_len, x->http_status, x->retry_after,
		p->sink, p->page, &d->resp, &d->item_failed, &d->err);
	d->have = true;
	free(x->resp_body);
	x->resp_body = NULL;
	x->resp_len = 0;
}

void
cf_request_predecoded_clear(struct cf_predecoded *d)
{
	if (!d->have)
		return;
	cf_response_free(&d->resp);
	cf_error_clear(&d->err);
	d->have = false;
}

enum cf_status
cf_request_finish(struct cf_client *c, const struct cf_prepared *p,
		  struct cf_http_exchange *x, struct cf_response *resp,
		  struct cf_error *err, enum cf_status *policy_ts,
		  struct cf_predecoded *pre)
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
		err->retryable =
			(st == CF_ERR_NETWORK || st == CF_ERR_TIMEOUT) &&
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
			st = cf_envelope_decode_items(
				x->resp_body, x->resp_len, x->http_status,
				x->retry_after, p->sink, p->page, resp,
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
enum cf_status
cf_request_run(struct cf_client *c, const struct cf_prepared *p, int attempt,
	       struct cf_response *resp, struct cf_error *err)
{
	for (;; attempt++) {
		if (cf_client_cancelled(c) ||
		    cf_ratelimit_acquire(c->cancel) != CF_OK)
			return cf_error_set(err, CF_ERR_CANCELLED, "%s %s: %s",
					    p->method, p->path,
					    cf_status_str(CF_ERR_CANCELLED));
		struct cf_http_exchange x;
		cf_request_exchange_init(&x, p);
		double t0 = cf_request_now_ms();
		atomic_fetch_add(&c->sent, 1);
		c->ops->perform(c->ops_ctx, &x, 1);
		cf_request_log(c, p, &x, cf_request_now_ms() - t0);
		enum cf_status pts;
		double retry_after = x.retry_after;
		long http = x.http_status;
		enum cf_status st =
			cf_request_finish(c, p, &x, resp, err, &pts, NULL);
		if (st == CF_OK) {
			cf_error_clear(err);
			return CF_OK;
		}
		if (!cf_retry_should(p->method, pts, http, attempt,
				     c->max_retries))
			return st;
		long d = cf_retry_delay_ms(attempt + 1, c->retry_base_ms,
					   c->retry_max_ms, retry_after,
					   cf_request_jitter());
		if (!cf_request_sleep(c, d))
			return cf_error_set(err, CF_ERR_CANCELLED, "%s %s: %s",
					    p->method, p->path,
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
				   retry_after_s, cf_request_jitter());
	return cf_request_sleep(c, d);
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
	struct cf_prepared p;
	if (!cf_request_prepare(c, &p, method, path, query, body))
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	enum cf_status st = cf_request_run(c, &p, 0, resp, err);
	free(p.url);
	return st;
}
