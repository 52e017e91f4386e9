/* transport.h: the default libcurl transport (curl_transport.c). */
#ifndef CFCONSOLE_CF_TRANSPORT_H
#define CFCONSOLE_CF_TRANSPORT_H

#include <stdatomic.h>
#include <stdbool.h>

#include "cfconsole/cf_client.h"

/*
 * One libcurl transport: a curl multi handle driving easy handles, one per
 * exchange of a perform() batch. Belongs to one client (one thread).
 */
struct cf_curl;

/* The ops to pair with a struct cf_curl * ctx. */
extern const struct cf_transport_ops cf_curl_ops;

/* Creates a transport; NULL on out of memory. */
struct cf_curl *cf_curl_new(void);

/* Frees it. NULL is a no-op. */
void cf_curl_free(struct cf_curl *t);

/*
 * Sets the timeouts (milliseconds, > 0) and the cancel flag (may be NULL;
 * not copied: it must outlive t or be replaced).
 */
void cf_curl_configure(struct cf_curl *t, long connect_timeout_ms,
		       long timeout_ms, const atomic_bool *cancel);

/*
 * Sliding-window use (paging), beside the batch perform(); cf_curl_ops
 * offers these as the seam's window ops (cf_client.h). cf_curl_add() starts x (its response fields are reset) and returns at
 * once; x must stay valid until cf_curl_wait() has returned it (or
 * cf_curl_abort_all()). It returns false only when x could not even be
 * queued (out of memory): x then holds CF_ERR_NOMEM and is never returned.
 */
bool cf_curl_add(struct cf_curl *t, struct cf_http_exchange *x);

/*
 * Drives the transfers until one is finished and returns it (filled as by
 * perform()), in completion order. NULL when nothing is in flight or
 * queued. Honours the cancel flag through the transfers' progress callback.
 */
struct cf_http_exchange *cf_curl_wait(struct cf_curl *t);

/*
 * Lets libcurl make progress without waiting (connects, sends the requests
 * just added); finished exchanges queue up for cf_curl_wait().
 */
void cf_curl_kick(struct cf_curl *t);

/*
 * cf_curl_wait, but waits at most one poll slice and returns early when
 * cf_curl_wakeup() is called: NULL when nothing finished meanwhile. *idle
 * is set when nothing is in flight or finished (NULL then means "lost").
 */
struct cf_http_exchange *cf_curl_wait_once(struct cf_curl *t, bool *idle);

/*
 * Interrupts a cf_curl_wait_once() in progress on another thread. The only
 * cf_curl call that may be made from a thread other than the owner's.
 */
void cf_curl_wakeup(struct cf_curl *t);

/*
 * Stops every transfer in flight and forgets finished ones not yet
 * returned. Bodies already moved into exchanges stay theirs (caller frees).
 */
void cf_curl_abort_all(struct cf_curl *t);

/*
 * Process-wide setup: curl_global_init plus the CURLSH share handle for
 * connections, DNS and TLS sessions (with mutex lock callbacks). Returns
 * false on failure. Not thread-safe: call before threads start.
 */
bool cf_curl_global_init(void);

/* Undoes cf_curl_global_init(). */
void cf_curl_global_cleanup(void);

/*
 * Splits a URL with libcurl's URL parser. On success returns true and sets
 * *scheme and *host (malloc'd, lower-case scheme; IPv6 hosts keep their
 * brackets), *has_extra to true when the URL carries user info, a query or a
 * fragment. Pure; any thread.
 */
bool cf_curl_url_split(const char *url, char **scheme, char **host,
		       bool *has_extra);

/*
 * Parses a Retry-After value (delta seconds or an HTTP date, relative to
 * now_epoch) into seconds; 0 when absent, past or unparsable; at most a
 * day (86400) whatever was sent.
 */
double cf_curl_parse_retry_after(const char *value, long now_epoch);

/*
 * Parses the remaining-requests figure from a `Ratelimit` value
 * ("\"default\";r=50;t=30" -> 50); -1 when absent.
 */
long cf_curl_parse_ratelimit(const char *value);

#endif
