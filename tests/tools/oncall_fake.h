/* oncall_fake.h: a scripted fake Cloudflare transport for unit tests (answers in order, logs every request). */
#ifndef ONCALL_FAKE_H
#define ONCALL_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"

/*
 * One scripted answer. Requests are answered strictly in script order; a
 * request whose method or path does not match the next step is answered
 * with HTTP 599 and counted in `mismatches` (so a test sees it). `path` is
 * matched against the URL path after "/client/v4" (the query excluded).
 * `result` is wrapped in a success envelope when status is 2xx and `raw`
 * is false; with `raw` the body is sent as given. transport_status other
 * than CF_OK simulates a dropped connection / timeout (no response).
 */
struct oncall_fake_step {
	const char *method;
	const char *path;
	long status;
	const char *body;
	bool raw;
	enum cf_status transport_status;
};

#define ONCALL_FAKE_LOG_MAX 64

struct oncall_fake_req {
	char method[16];
	char path[512]; /* URL path after /client/v4, query included */
	char *body;	/* request body or NULL */
	char *headers;	/* '\n'-joined header lines (contain the token!) */
};

struct oncall_fake {
	/* routes: when true, steps are not consumed in order but serve as a
	 * routing table: each request gets the first step whose method and
	 * path match (404 when none). For threads polling in any order. */
	bool routes;
	const struct oncall_fake_step *script;
	size_t nscript;
	size_t next;	/* next step to answer */
	int mismatches; /* requests that did not match the script */
	int beyond;	/* requests after the script ended */
	struct oncall_fake_req log[ONCALL_FAKE_LOG_MAX];
	size_t nlog;
	size_t nrequests; /* all requests, also those beyond the log */
};

extern const struct cf_transport_ops oncall_fake_ops;

/* Resets f to answer `script` (n steps) and clears the log. */
void oncall_fake_init(struct oncall_fake *f,
		      const struct oncall_fake_step *script, size_t n);

/* Like oncall_fake_init but in routing mode (see `routes`). */
void oncall_fake_routes(struct oncall_fake *f,
			const struct oncall_fake_step *routes, size_t n);

/* Frees the log. */
void oncall_fake_free(struct oncall_fake *f);

/* Number of logged requests with this method. */
size_t oncall_fake_count(const struct oncall_fake *f, const char *method);

/* Number of logged requests for exactly this path (query excluded); safe
 * while another thread (a poller) sends requests through f. */
size_t oncall_fake_count_path(struct oncall_fake *f, const char *path);

/*
 * A client for tests: base http://127.0.0.1:9/client/v4, token `token`
 * (NULL: a fixed test token), no retries, transport = f.
 */
struct cf_client *oncall_fake_client(struct oncall_fake *f, const char *token);

#endif
