/* curl_transport.c: libcurl transport (the only libcurl user in src/cf). */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "cf/codec.h"
#include "cf/transport.h"

/* Refuse bodies above this: a list page is a few MB; more is an attack. */
#define MAX_BODY_BYTES (256u * 1024u * 1024u)
/* How long one curl_multi_poll() may sleep before cancel is re-checked. */
#define POLL_SLICE_MS 50

/* Per-exchange state while its transfer runs. */
struct xfer {
	struct cf_http_exchange *x;
	struct cf_curl *t;
	CURL *easy;
	struct curl_slist *headers;
	char *buf;
	size_t len, cap;
	size_t expect; /* Content-Length, 0 unknown: sizes the buffer */
	bool too_big;
	struct xfer *next; /* in t->active */
};

/* A finished exchange not yet returned by cf_curl_wait(). */
struct done_item {
	struct cf_http_exchange *x;
	struct done_item *next;
};

struct cf_curl {
	CURLM *multi;
	long connect_timeout_ms;
	long timeout_ms;
	const atomic_bool *cancel;
	struct xfer *active;	     /* transfers in the multi handle */
	struct done_item *done_head; /* finished, FIFO */
	struct done_item *done_tail;
};

/* ---- process-wide share handle ---------------------------------------- */

static CURLSH *share;
static pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];
static bool global_ready;

static void
share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *ud)
{
	(void)h;
	(void)access;
	(void)ud;
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_lock(&share_locks[data]);
}

static void
share_unlock(CURL *h, curl_lock_data data, void *ud)
{
	(void)h;
	(void)ud;
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_unlock(&share_locks[data]);
}

bool
cf_curl_global_init(void)
{
	if (global_ready)
		return true;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return false;
	/* Before any thread parses JSON: cJSON's hooks are process-wide. */
	cf_json_hooks_install();
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&share_locks[i], NULL);
	share = curl_share_init();
	if (!share) {
		curl_global_cleanup();
		return false;
	}
	curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
	curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
	/* DNS and TLS sessions only. Connections stay in each client's own
	 * multi handle: libcurl does not support sharing a connection cache
	 * between concurrent threads (CURLSHOPT_SHARE(3)), and the worker
	 * threads and the poller each run transfers at the same time. */
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	global_ready = true;
	return true;
}

void
cf_curl_global_cleanup(void)
{
	if (!global_ready)
		return;
	curl_share_cleanup(share);
	share = NULL;
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_destroy(&share_locks[i]);
	curl_global_cleanup();
	global_ready = false;
}

/* ---- URL helper ------------------------------------------------------- */

bool
cf_curl_url_split(const char *url, char **scheme, char **host, bool *has_extra)
{
	*scheme = NULL;
	*host = NULL;
	*has_extra = false;
	if (!url)
		return false;
	CURLU *u = curl_url();
	if (!u)
		return false;
	bool ok = false;
	char *s = NULL, *h = NULL, *part = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &s, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK)
		goto out;
	static const CURLUPart extras[] = { CURLUPART_USER, CURLUPART_PASSWORD,
					    CURLUPART_OPTIONS, CURLUPART_QUERY,
					    CURLUPART_FRAGMENT };
	for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++) {
		if (curl_url_get(u, extras[i], &part, 0) == CURLUE_OK) {
			*has_extra = true;
			curl_free(part);
			part = NULL;
		}
	}
	*scheme = strdup(s);
	*host = strdup(h);
	if (!*scheme || !*host) {
		free(*scheme);
		free(*host);
		*scheme = *host = NULL;
		goto out;
	}
	for (char *p = *scheme; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	ok = true;
out:
	curl_free(s);
	curl_free(h);
	curl_url_cleanup(u);
	return ok;
}

/* ---- header parsing --------------------------------------------------- */

/* Longest Retry-After taken as sent (a day); more is clamped to it. */
#define RETRY_AFTER_MAX_S 86400.0

double
cf_curl_parse_retry_after(const char *value, long now_epoch)
{
	if (!value)
		return 0;
	while (*value == ' ' || *value == '\t')
		value++;
	if (*value == '\0')
		return 0;
	if (isdigit((unsigned char)*value)) {
		char *end;
		double secs = strtod(value, &end);
		while (*end == ' ' || *end == '\t' || *end == '\r' ||
		       *end == '\n')
			end++;
		/* "1e999" is inf: a day is the most we believe. */
		if (*end == '\0' && secs > 0)
			return secs < RETRY_AFTER_MAX_S ? secs
							: RETRY_AFTER_MAX_S;
		if (*end == '\0')
			return 0;
		/* Digits then text: fall through to the date parser. */
	}
	time_t when = curl_getdate(value, NULL);
	if (when == (time_t)-1 || (long)when <= now_epoch)
		return 0;
	return fmin((double)((long)when - now_epoch), RETRY_AFTER_MAX_S);
}

long
cf_curl_parse_ratelimit(const char *value)
{
	if (!value)
		return -1;
	/* Structured field: "policy";r=50;t=30 (maybe several, comma-split). */
	for (const char *p = value; *p; p++) {
		if (*p != ';')
			continue;
		const char *q = p + 1;
		while (*q == ' ')
			q++;
		if (q[0] == 'r' && q[1] == '=' && isdigit((unsigned char)q[2]))
			return strtol(q + 2, NULL, 10);
	}
	return -1;
}

/* ---- callbacks -------------------------------------------------------- */

static size_t
on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *xf = ud;
	size_t n = size * nmemb;
	if (xf->len + n + 1 > MAX_BODY_BYTES) {
		xf->too_big = true;
		return 0;
	}
	if (xf->len + n + 1 > xf->cap) {
		/*
		 * One allocation of the announced size: growing a multi-MB
		 * page by doubling costs several large reallocs per page.
		 */
		size_t cap = xf->cap		   ? xf->cap
			     : xf->expect >= 16384 ? xf->expect + 1
						   : 16384;
		while (cap < xf->len + n + 1)
			cap *= 2;
		char *nb = realloc(xf->buf, cap);
		if (!nb)
			return 0;
		xf->buf = nb;
		xf->cap = cap;
	}
	memcpy(xf->buf + xf->len, data, n);
	xf->len += n;
	xf->buf[xf->len] = '\0';
	return n;
}

/* Copies a header value (after "Name:") without surrounding blanks. */
static void
header_value(const char *line, size_t n, size_t name_len, char *out,
	     size_t out_size)
{
	size_t i = name_len;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t j = n;
	while (j > i && (line[j - 1] == '\r' || line[j - 1] == '\n' ||
			 line[j - 1] == ' ' || line[j - 1] == '\t'))
		j--;
	size_t len = j - i;
	if (len >= out_size)
		len = out_size - 1;
	memcpy(out, line + i, len);
	out[len] = '\0';
}

static bool
header_is(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n > k && strncasecmp(line, name, k) == 0;
}

static size_t
on_header(char *line, size_t size, size_t nmemb, void *ud)
{
	struct xfer *xf = ud;
	size_t n = size * nmemb;
	char val[256];
	if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new response (e.g. after 100 Continue): forget the old. */
		xf->expect = 0;
		xf->x->retry_after = 0;
		xf->x->ratelimit_remaining = -1;
	} else if (header_is(line, n, "content-length:")) {
		header_value(line, n, strlen("content-length:"), val,
			     sizeof(val));
		unsigned long long cl = strtoull(val, NULL, 10);
		xf->expect = cl < MAX_BODY_BYTES ? (size_t)cl : 0;
	} else if (header_is(line, n, "retry-after:")) {
		header_value(line, n, strlen("retry-after:"), val, sizeof(val));
		xf->x->retry_after =
			cf_curl_parse_retry_after(val, (long)time(NULL));
	} else if (header_is(line, n, "ratelimit:")) {
		header_value(line, n, strlen("ratelimit:"), val, sizeof(val));
		long r = cf_curl_parse_ratelimit(val);
		if (r >= 0)
			xf->x->ratelimit_remaining = r;
	} else if (header_is(line, n, "x-ratelimit-remaining:")) {
		header_value(line, n, strlen("x-ratelimit-remaining:"), val,
			     sizeof(val));
		if (isdigit((unsigned char)val[0]) &&
		    xf->x->ratelimit_remaining < 0)
			xf->x->ratelimit_remaining = strtol(val, NULL, 10);
	}
	return n;
}

static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
	    curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	struct xfer *xf = ud;
	return xf->t->cancel && atomic_load(xf->t->cancel) ? 1 : 0;
}

/* ---- transport -------------------------------------------------------- */

struct cf_curl *
cf_curl_new(void)
{
	struct cf_curl *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->multi = curl_multi_init();
	if (!t->multi) {
		free(t);
		return NULL;
	}
	t->connect_timeout_ms = 10000;
	t->timeout_ms = 30000;
	return t;
}

void
cf_curl_free(struct cf_curl *t)
{
	if (!t)
		return;
	cf_curl_abort_all(t);
	curl_multi_cleanup(t->multi);
	free(t);
}

void
cf_curl_configure(struct cf_curl *t, long connect_timeout_ms, long timeout_ms,
		  const atomic_bool *cancel)
{
	if (!t)
		return;
	t->connect_timeout_ms = connect_timeout_ms;
	t->timeout_ms = timeout_ms;
	t->cancel = cancel;
}

/* Frees a transfer's resources; the exchange keeps what was moved to it. */
static void
xfer_free(struct cf_curl *t, struct xfer *xf)
{
	if (xf->easy) {
		curl_multi_remove_handle(t->multi, xf->easy);
		curl_easy_cleanup(xf->easy);
	}
	/* The list holds the auth header: wipe before freeing. */
	for (struct curl_slist *l = xf->headers; l; l = l->next)
		memset(l->data, 0, strlen(l->data));
	curl_slist_free_all(xf->headers);
	free(xf->buf);
	free(xf);
}

/*
 * A loopback URL (cfsim, tests) must never go through an http_proxy from
 * the environment: the proxy would see a different 127.0.0.1.
 */
static bool
url_is_loopback(const char *url)
{
	static const char *const prefixes[] = {
		"http://127.",	     "https://127.", "http://localhost",
		"https://localhost", "http://[::1]", "https://[::1]",
	};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncasecmp(url, prefixes[i], n) != 0)
			continue;
		/* "localhost.example.net" is not loopback. */
		char next = url[n];
		if (prefixes[i][n - 1] == '.' || next == ':' || next == '/' ||
		    next == '\0')
			return true;
	}
	return false;
}

/* Sets up the easy handle of one exchange. False on out of memory. */
static bool
xfer_setup(struct xfer *xf)
{
	struct cf_http_exchange *x = xf->x;
	CURL *e = curl_easy_init();
	if (!e)
		return false;
	xf->easy = e;
	for (const char *const *h = x->headers; h && *h; h++) {
		struct curl_slist *nl = curl_slist_append(xf->headers, *h);
		if (!nl)
			return false;
		xf->headers = nl;
	}
	/* No "Expect: 100-continue" round trip for request bodies. */
	struct curl_slist *nl = curl_slist_append(xf->headers, "Expect:");
	if (!nl)
		return false;
	xf->headers = nl;

	if (share)
		curl_easy_setopt(e, CURLOPT_SHARE, share);
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	if (url_is_loopback(x->url))
		curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 xf->t->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, xf->t->timeout_ms);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, xf->headers);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	/* Concurrent pages share one HTTP/2 connection when the API has it. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, xf);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, xf);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, xf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, xf);

	const char *m = x->method ? x->method : "GET";
	if (strcmp(m, "GET") == 0) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, m);
		/*
		 * libcurl resends a request by itself when a reused
		 * keep-alive connection dies before any answer, and the
		 * server may have acted on it: a write is never resent
		 * blindly (a PATCH's body was built from an earlier read),
		 * so writes go on a connection of their own.
		 */
		if (strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 ||
		    strcmp(m, "PATCH") == 0)
			curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		if (x->body || strcmp(m, "POST") == 0 ||
		    strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0) {
			curl_easy_setopt(
				e, CURLOPT_POSTFIELDSIZE_LARGE,
				(curl_off_t)(x->body ? x->body_len : 0));
			curl_easy_setopt(e, CURLOPT_POSTFIELDS,
					 x->body ? x->body : "");
		}
	}
	return true;
}

/* Maps a finished transfer's curl code into the exchange. */
static void
xfer_finish(struct xfer *xf, CURLcode rc)
{
	struct cf_http_exchange *x = xf->x;
	long code = 0;
	curl_easy_getinfo(xf->easy, CURLINFO_RESPONSE_CODE, &code);
	x->http_status = code;
	switch (rc) {
	case CURLE_OK:
		x->transport_status = CF_OK;
		x->resp_body = xf->buf ? xf->buf : strdup("");
		x->resp_len = xf->buf ? xf->len : 0;
		xf->buf = NULL;
		if (!x->resp_body)
			x->transport_status = CF_ERR_NOMEM;
		return;
	case CURLE_OPERATION_TIMEDOUT:
		x->transport_status = CF_ERR_TIMEOUT;
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		x->transport_status = CF_ERR_CANCELLED;
		break;
	case CURLE_OUT_OF_MEMORY:
		x->transport_status = CF_ERR_NOMEM;
		break;
	case CURLE_WRITE_ERROR:
		x->transport_status =
			xf->too_big ? CF_ERR_MALFORMED : CF_ERR_NOMEM;
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		x->transport_status = CF_ERR_INVALID_ARG;
		break;
	default:
		x->transport_status = CF_ERR_NETWORK;
		break;
	}
}

/* Queues a finished exchange for cf_curl_wait(). False on out of memory. */
static bool
done_push(struct cf_curl *t, struct cf_http_exchange *x)
{
	struct done_item *d = malloc(sizeof(*d));
	if (!d)
		return false;
	d->x = x;
	d->next = NULL;
	if (t->done_tail)
		t->done_tail->next = d;
	else
		t->done_head = d;
	t->done_tail = d;
	return true;
}

/* Unlinks xf from the active list. */
static void
active_remove(struct cf_curl *t, struct xfer *xf)
{
	for (struct xfer **pp = &t->active; *pp; pp = &(*pp)->next) {
		if (*pp == xf) {
			*pp = xf->next;
			return;
		}
	}
}

/* Moves a finished transfer to the done queue. */
static void
complete(struct cf_curl *t, struct xfer *xf, CURLcode rc, bool finished)
{
	struct cf_http_exchange *x = xf->x;
	if (finished)
		xfer_finish(xf, rc);
	active_remove(t, xf);
	xfer_free(t, xf);
	if (!done_push(t, x)) {
		/* Cannot queue it: report the exchange failed instead. */
		free(x->resp_body);
		x->resp_body = NULL;
		x->resp_len = 0;
		x->transport_status = CF_ERR_NOMEM;
	}
}

bool
cf_curl_add(struct cf_curl *t, struct cf_http_exchange *x)
{
	x->transport_status = CF_ERR_INTERNAL;
	x->http_status = 0;
	x->resp_body = NULL;
	x->resp_len = 0;
	x->retry_after = 0;
	x->ratelimit_remaining = -1;
	struct xfer *xf = calloc(1, sizeof(*xf));
	if (!xf)
		goto fail;
	xf->x = x;
	xf->t = t;
	if (!xfer_setup(xf) ||
	    curl_multi_add_handle(t->multi, xf->easy) != CURLM_OK) {
		xfer_free(t, xf);
		goto fail;
	}
	xf->next = t->active;
	t->active = xf;
	return true;
fail:
	x->transport_status = CF_ERR_NOMEM;
	return done_push(t, x);
}

/* Runs the multi handle once and collects what finished. */
static void
drive(struct cf_curl *t, bool block)
{
	int still = 0;
	CURLMcode mc = curl_multi_perform(t->multi, &still);
	if (mc != CURLM_OK) {
		/* The multi handle is broken: fail everything in flight. */
		while (t->active) {
			t->active->x->transport_status = CF_ERR_NETWORK;
			complete(t, t->active, CURLE_OK, false);
		}
		return;
	}
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(t->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		char *priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		struct xfer *xf = (struct xfer *)(void *)priv;
		if (xf)
			complete(t, xf, msg->data.result, true);
	}
	/* xferinfo aborts busy transfers; the slice covers idle waits. */
	if (block && t->active && !t->done_head)
		curl_multi_poll(t->multi, NULL, 0, POLL_SLICE_MS, NULL);
}

/* Pops the oldest finished exchange, or NULL. */
static struct cf_http_exchange *
done_pop(struct cf_curl *t)
{
	struct done_item *d = t->done_head;
	if (!d)
		return NULL;
	t->done_head = d->next;
	if (!t->done_head)
		t->done_tail = NULL;
	struct cf_http_exchange *x = d->x;
	free(d);
	return x;
}

struct cf_http_exchange *
cf_curl_wait(struct cf_curl *t)
{
	while (!t->done_head && t->active)
		drive(t, true);
	return done_pop(t);
}

struct cf_http_exchange *
cf_curl_wait_once(struct cf_curl *t, bool *idle)
{
	if (!t->done_head && t->active)
		drive(t, true);
	*idle = !t->done_head && !t->active;
	return done_pop(t);
}

void
cf_curl_wakeup(struct cf_curl *t)
{
	curl_multi_wakeup(t->multi);
}

void
cf_curl_kick(struct cf_curl *t)
{
	if (t->active)
		drive(t, false);
}

void
cf_curl_abort_all(struct cf_curl *t)
{
	while (t->active) {
		t->active->x->transport_status = CF_ERR_CANCELLED;
		complete(t, t->active, CURLE_OK, false);
	}
	while (t->done_head) {
		struct done_item *d = t->done_head;
		t->done_head = d->next;
		free(d);
	}
	t->done_tail = NULL;
}

/* Is x still in flight? */
static bool
is_active(const struct cf_curl *t, const struct cf_http_exchange *x)
{
	for (const struct xfer *xf = t->active; xf; xf = xf->next)
		if (xf->x == x)
			return true;
	return false;
}

/*
 * The seam's batch call, built on add/wait: runs xs[0..n) to completion.
 * Transfers started earlier with cf_curl_add() keep running alongside and
 * stay queued for their own cf_curl_wait().
 */
static void
perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct cf_curl *t = ctx;
	for (size_t i = 0; i < n; i++)
		cf_curl_add(t, &xs[i]);
	for (;;) {
		bool busy = false;
		for (size_t i = 0; i < n && !busy; i++)
			busy = is_active(t, &xs[i]);
		if (!busy)
			break;
		drive(t, true);
	}
	/* Take ours out of the done queue; leave the others there. */
	struct done_item **pp = &t->done_head;
	t->done_tail = NULL;
	while (*pp) {
		struct done_item *d = *pp;
		bool ours = false;
		for (size_t i = 0; i < n && !ours; i++)
			ours = d->x == &xs[i];
		if (ours) {
			*pp = d->next;
			free(d);
		} else {
			t->done_tail = d;
			pp = &d->next;
		}
	}
}

/* The window ops of the seam, straight onto the functions above. */
static bool
op_add(void *ctx, struct cf_http_exchange *x)
{
	return cf_curl_add(ctx, x);
}

static struct cf_http_exchange *
op_wait_once(void *ctx, bool *idle)
{
	return cf_curl_wait_once(ctx, idle);
}

static void
op_kick(void *ctx)
{
	cf_curl_kick(ctx);
}

static void
op_wakeup(void *ctx)
{
	cf_curl_wakeup(ctx);
}

static void
op_abort_all(void *ctx)
{
	cf_curl_abort_all(ctx);
}

const struct cf_transport_ops cf_curl_ops = {
	.perform = perform,
	.add = op_add,
	.wait_once = op_wait_once,
	.kick = op_kick,
	.wakeup = op_wakeup,
	.abort_all = op_abort_all,
};
