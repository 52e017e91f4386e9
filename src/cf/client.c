/* client.c: client handle, base URL policy, credentials, log sink. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cf/client_priv.h"

#ifndef CFCONSOLE_VERSION
#define CFCONSOLE_VERSION "0.1.0"
#endif

/* ---- logging ---------------------------------------------------------- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static cf_log_fn log_fn;
static void *log_ud;

void
cf_set_log(cf_log_fn fn, void *ud)
{
	pthread_mutex_lock(&log_lock);
	log_fn = fn;
	log_ud = ud;
	pthread_mutex_unlock(&log_lock);
}

bool
cf_log_enabled(void)
{
	pthread_mutex_lock(&log_lock);
	bool on = log_fn != NULL;
	pthread_mutex_unlock(&log_lock);
	return on;
}

void
cf_log_emit(const char *line)
{
	pthread_mutex_lock(&log_lock);
	cf_log_fn fn = log_fn;
	void *ud = log_ud;
	pthread_mutex_unlock(&log_lock);
	if (fn && line)
		fn(line, ud);
}

/* ---- process setup ---------------------------------------------------- */

enum cf_status
cf_global_init(void)
{
	/* The rate bucket needs no setup: it starts full at 1200/300 s. */
	if (!cf_curl_global_init())
		return CF_ERR_INTERNAL;
	return CF_OK;
}

void
cf_global_cleanup(void)
{
	cf_curl_global_cleanup();
}

/* ---- credentials ------------------------------------------------------ */

static void
wipe_str(char **s)
{
	if (*s) {
		/* volatile so the compiler keeps the stores before free(). */
		volatile char *p = *s;
		while (*p)
			*p++ = '\0';
		free(*s);
		*s = NULL;
	}
}

void
cf_credentials_wipe(struct cf_credentials *creds)
{
	if (!creds)
		return;
	wipe_str(&creds->token);
	wipe_str(&creds->email);
	wipe_str(&creds->key);
	creds->kind = CF_AUTH_NONE;
}

/* A header value must not carry CR/LF (header injection) or be empty. */
static bool
cred_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

/* ---- base URL policy -------------------------------------------------- */

static bool
host_is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return true;
	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	char buf[64];
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' &&
	    n - 2 < sizeof(buf)) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	struct in6_addr a6;
	if (inet_pton(AF_INET6, host, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		if (IN6_IS_ADDR_V4MAPPED(&a6))
			return a6.s6_addr[12] == 127;
	}
	return false;
}

/*
 * Classifies a base URL: CF_OK, CF_ERR_INSECURE_URL (plain http to a
 * non-loopback host) or CF_ERR_INVALID_ARG (unparsable, another scheme, or
 * user info / query / fragment, which would end up in logs). Fills *host.
 */
static enum cf_status
url_check(const char *url, char **host)
{
	char *scheme = NULL;
	bool extra = false;
	*host = NULL;
	if (!url || !*url)
		return CF_ERR_INVALID_ARG;
	/* Require an explicit scheme: libcurl would otherwise guess one. */
	if (strncasecmp(url, "https://", 8) != 0 &&
	    strncasecmp(url, "http://", 7) != 0)
		return CF_ERR_INVALID_ARG;
	if (!cf_curl_url_split(url, &scheme, host, &extra))
		return CF_ERR_INVALID_ARG;
	enum cf_status st = CF_OK;
	if (extra || !**host)
		st = CF_ERR_INVALID_ARG;
	else if (strcmp(scheme, "https") == 0)
		st = CF_OK;
	else if (strcmp(scheme, "http") == 0)
		st = host_is_loopback(*host) ? CF_OK : CF_ERR_INSECURE_URL;
	else
		st = CF_ERR_INVALID_ARG;
	free(scheme);
	if (st != CF_OK) {
		free(*host);
		*host = NULL;
	}
	return st;
}

bool
cf_url_is_allowed(const char *base_url)
{
	char *host = NULL;
	enum cf_status st = url_check(base_url, &host);
	free(host);
	return st == CF_OK;
}

/* ---- client ----------------------------------------------------------- */

static enum cf_status
copy_creds(struct cf_client *c, const struct cf_credentials *in,
	   struct cf_error *err)
{
	if (!in || in->kind == CF_AUTH_NONE)
		return CF_OK;
	if (in->kind == CF_AUTH_TOKEN) {
		if (!cred_ok(in->token))
			return cf_error_set(
				err, CF_ERR_INVALID_ARG,
				"API token is empty or contains control characters");
		c->creds.kind = CF_AUTH_TOKEN;
		c->creds.token = strdup(in->token);
		c->auth_hdr[0] = join("Authorization: Bearer ", in->token);
		if (!c->creds.token || !c->auth_hdr[0])
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		return CF_OK;
	}
	if (in->kind == CF_AUTH_KEY) {
		if (!cred_ok(in->email) || !cred_ok(in->key))
			return cf_error_set(
				err, CF_ERR_INVALID_ARG,
				"API email or key is empty or contains control characters");
		c->creds.kind = CF_AUTH_KEY;
		c->creds.email = strdup(in->email);
		c->creds.key = strdup(in->key);
		c->auth_hdr[0] = join("X-Auth-Email: ", in->email);
		c->auth_hdr[1] = join("X-Auth-Key: ", in->key);
		if (!c->creds.email || !c->creds.key || !c->auth_hdr[0] ||
		    !c->auth_hdr[1])
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		return CF_OK;
	}
	return cf_error_set(err, CF_ERR_INVALID_ARG, "unknown credential kind");
}

struct cf_client *
cf_client_new(const struct cf_client_options *opts, struct cf_error *err)
{
	struct cf_client_options def = { 0 };
	if (!opts)
		opts = &def;
	const char *base =
		opts->base_url ? opts->base_url : CF_DEFAULT_BASE_URL;

	char *host = NULL;
	enum cf_status st = url_check(base, &host);
	if (st == CF_ERR_INSECURE_URL) {
		cf_error_set(err, st, "%s: %s", cf_status_str(st),
			     "use https:// or a loopback address");
		return NULL;
	}
	if (st != CF_OK) {
		cf_error_set(err, st,
			     "invalid base URL (need https://host/path "
			     "without user info, query or fragment)");
		return NULL;
	}
	struct cf_client *c = calloc(1, sizeof(*c));
	if (!c) {
		free(host);
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	atomic_init(&c->sent, 0);
	c->host = host;
	c->base_url = strdup(base);
	if (!c->base_url)
		goto nomem;
	size_t n = strlen(c->base_url);
	while (n > 0 && c->base_url[n - 1] == '/')
		c->base_url[--n] = '\0';
	if (copy_creds(c, opts->creds, err) != CF_OK) {
		cf_client_free(c);
		return NULL;
	}
	c->connect_timeout_ms =
		opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 10000;
	c->timeout_ms = opts->timeout_ms > 0 ? opts->timeout_ms : 30000;
	c->max_retries = opts->max_retries < 0	  ? 0
			 : opts->max_retries == 0 ? 4
						  : opts->max_retries;
	c->retry_base_ms = opts->retry_base_ms > 0 ? opts->retry_base_ms : 500;
	c->retry_max_ms = opts->retry_max_ms > 0 ? opts->retry_max_ms : 8000;
	if (c->retry_max_ms < c->retry_base_ms)
		c->retry_max_ms = c->retry_base_ms;
	c->max_parallel = opts->max_parallel > 0 ? opts->max_parallel : 4;
	if (c->max_parallel > 64)
		c->max_parallel = 64;
	c->cancel = opts->cancel;
	const char *ua = opts->user_agent && cred_ok(opts->user_agent)
				 ? opts->user_agent
				 : "cfconsole/" CFCONSOLE_VERSION;
	c->ua_hdr = join("User-Agent: ", ua);
	if (!c->ua_hdr)
		goto nomem;
	c->curl = cf_curl_new();
	if (!c->curl)
		goto nomem;
	cf_curl_configure(c->curl, c->connect_timeout_ms, c->timeout_ms,
			  c->cancel);
	c->ops = &cf_curl_ops;
	c->ops_ctx = c->curl;
	return c;
nomem:
	cf_client_free(c);
	cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	return NULL;
}

void
cf_client_free(struct cf_client *c)
{
	if (!c)
		return;
	cf_credentials_wipe(&c->creds);
	wipe_str(&c->auth_hdr[0]);
	wipe_str(&c->auth_hdr[1]);
	free(c->ua_hdr);
	free(c->base_url);
	free(c->host);
	cf_curl_free(c->curl);
	free(c);
}

const char *
cf_client_base_url(const struct cf_client *c)
{
	return c ? c->base_url : NULL;
}

const char *
cf_client_host(const struct cf_client *c)
{
	return c ? c->host : NULL;
}

void
cf_client_set_cancel(struct cf_client *c, const atomic_bool *cancel)
{
	if (!c)
		return;
	c->cancel = cancel;
	cf_curl_configure(c->curl, c->connect_timeout_ms, c->timeout_ms,
			  cancel);
}

void
cf_client_set_transport(struct cf_client *c, const struct cf_transport_ops *ops,
			void *ctx)
{
	if (!c)
		return;
	if (ops) {
		c->ops = ops;
		c->ops_ctx = ctx;
	} else {
		c->ops = &cf_curl_ops;
		c->ops_ctx = c->curl;
	}
}

bool
cf_client_cancelled(const struct cf_client *c)
{
	return c && c->cancel && atomic_load(c->cancel);
}

/* Overwrites each occurrence of secret in s with '*'. */
static void
redact_one(char *s, const char *secret)
{
	if (!s || !secret)
		return;
	size_t n = strlen(secret);
	/* Very short secrets would blank ordinary words; real ones are long. */
	if (n < 8)
		return;
	char *p = s;
	while ((p = strstr(p, secret)) != NULL) {
		memset(p, '*', n);
		p += n;
	}
}

void
cf_client_redact(const struct cf_client *c, char *s)
{
	if (!c || !s)
		return;
	redact_one(s, c->creds.token);
	redact_one(s, c->creds.key);
}

void
cf_client_redact_error(const struct cf_client *c, struct cf_error *err)
{
	if (!c || !err)
		return;
	cf_client_redact(c, err->detail);
	for (size_t i = 0; i < err->nerrors; i++)
		cf_client_redact(c, err->errors[i].message);
}
