/* cfsim_harness.h: start/stop a real cfsim for tests and talk to it over HTTP (libcurl). */
#ifndef CFSIM_HARNESS_H
#define CFSIM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * One running cfsim. base_url is what a client uses
 * ("http://127.0.0.1:PORT/client/v4", or the validating proxy's URL when
 * CFSIM_PROXY is set); admin_url is always cfsim itself
 * ("http://127.0.0.1:PORT") and takes paths like "/__cfsim/reset".
 */
struct cfsim {
	pid_t pid;
	pid_t proxy_pid; /* validating proxy (Prism) in front, or 0 */
	int port;
	char base_url[256];
	char direct_url[256]; /* cfsim's own /client/v4 URL, never proxied */
	char admin_url[128];
	char account_id[64];
	char token[128]; /* first --token given, else "cfsim-demo-token" */
};

/*
 * Starts $CFSIM (absolute path from the environment) with
 * "--listen 127.0.0.1:0" followed by extra_args (NULL-terminated, may be
 * NULL), waits up to 15 s for its two startup lines and fills *s.
 * Returns 0, or -1 after printing why to stderr (and killing the child).
 *
 * Validating proxy: when CFSIM_PROXY is set, base_url points through it.
 * A value starting with "http" is the proxy's base URL ("%PORT%" in it is
 * replaced by cfsim's port). Any other value is the path of a Prism binary:
 * the harness starts "prism proxy $CFSIM_SPEC http://127.0.0.1:PORT/client/v4
 * --errors" on a free loopback port (log: $TMPDIR/cfsim-prism-PORT.log),
 * waits up to 60 s for it, and cfsim_stop() stops it too. With --errors
 * Prism answers any request/response that violates the spec with a 500,
 * so the test sees it fail.
 */
int cfsim_start(struct cfsim *s, const char *const *extra_args);

/*
 * SIGTERM, wait up to 5 s, then SIGKILL. Returns the exit status as
 * waitpid reports it (use WIFEXITED/WEXITSTATUS), or -1. Safe on a
 * zeroed or already stopped struct.
 */
int cfsim_stop(struct cfsim *s);

/* One HTTP answer. Free with cfsim_reply_free(). */
struct cfsim_reply {
	long status;   /* HTTP status, 0 when the transfer failed */
	int curl_code; /* CURLcode of the transfer (0 = CURLE_OK) */
	char *body;    /* NUL-terminated, never NULL after cfsim_http() */
	size_t body_len;
	char *headers; /* raw response header block, NUL-terminated */
};

/*
 * Performs one request. url is absolute; headers is a NULL-terminated list
 * of "Name: value" lines (may be NULL); body may be NULL (sent as JSON with
 * Content-Type: application/json when given). Fills *r (zeroed first).
 * Returns the HTTP status, or -1 when the transfer failed.
 */
long cfsim_http(const char *method, const char *url, const char *const *headers,
		const char *body, struct cfsim_reply *r);

/*
 * API call authenticated with s->token: path is under /client/v4 (e.g.
 * "/zones?page=2"). Goes to base_url. Returns the HTTP status or -1.
 */
long cfsim_api(const struct cfsim *s, const char *method, const char *path,
	       const char *body, struct cfsim_reply *r);

/* Returns the value of response header `name` (case-insensitive) in a
 * static-free way: copies it into out (size n). Returns 0, or -1 if absent. */
int cfsim_reply_header(const struct cfsim_reply *r, const char *name, char *out,
		       size_t n);

void cfsim_reply_free(struct cfsim_reply *r);

/*
 * Admin API call (no auth): path like "/__cfsim/reset". When resp is not
 * NULL it receives the body (caller frees). Returns HTTP status or -1.
 */
long cfsim_admin(const struct cfsim *s, const char *method, const char *path,
		 const char *body, char **resp);

#endif
