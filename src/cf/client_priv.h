/* client_priv.h: struct cf_client, shared inside src/cf. */
#ifndef CFCONSOLE_CF_CLIENT_PRIV_H
#define CFCONSOLE_CF_CLIENT_PRIV_H

#include <stdatomic.h>

#include "cfconsole/cf_client.h"
#include "cf/transport.h"

/*
 * A client: normalised base URL, a private copy of the credentials, the
 * resolved options and the transport. Owned by one thread at a time.
 */
struct cf_client {
	char *base_url;		     /* no trailing slash */
	char *host;		     /* host part of base_url */
	struct cf_credentials creds; /* private copy; wiped on free */
	/* Prebuilt header lines; the auth ones are secrets (never logged). */
	char *auth_hdr[2]; /* NULL when unused */
	char *ua_hdr;	   /* "User-Agent: ..." */
	long connect_timeout_ms;
	long timeout_ms;
	int max_retries; /* 0 = no retries */
	long retry_base_ms;
	long retry_max_ms;
	int max_parallel;
	const atomic_bool *cancel;
	const struct cf_transport_ops *ops;
	void *ops_ctx;
	struct cf_curl *curl; /* the default transport */
	atomic_ulong sent;    /* exchanges handed to the transport */
};

/* True when the client's cancel flag is set. */
bool cf_client_cancelled(const struct cf_client *c);

/*
 * Replaces every occurrence of a credential of c in s (in place) with '*',
 * so that a server echoing a header can never leak it. s may be NULL.
 */
void cf_client_redact(const struct cf_client *c, char *s);

/* Redacts err->detail and every errors[].message. */
void cf_client_redact_error(const struct cf_client *c, struct cf_error *err);

/*
 * Emits one log line through the cf_set_log() sink if one is set. The
 * caller guarantees the text holds no credential. Any thread.
 */
void cf_log_emit(const char *line);

/* True when a log sink is installed (lets callers skip formatting). */
bool cf_log_enabled(void);

#endif
