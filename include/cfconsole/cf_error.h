/* cf_error.h: the one error value every Cloudflare client call reports. */
#ifndef CFCONSOLE_CF_ERROR_H
#define CFCONSOLE_CF_ERROR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Status codes of the client. CF_STATUS_INFO is an X-macro list (name,
 * message) so the enum and its message table cannot drift apart.
 */
#define CF_STATUS_INFO(_) \
	_(CF_OK, "success") \
	_(CF_ERR_API, "the API reported an error") \
	_(CF_ERR_AUTH, "authentication failed") \
	_(CF_ERR_FORBIDDEN, "not allowed with these credentials") \
	_(CF_ERR_NOT_FOUND, "not found") \
	_(CF_ERR_CONFLICT, "the object is referenced or changed elsewhere") \
	_(CF_ERR_RATE_LIMITED, "rate limited by the API") \
	_(CF_ERR_SERVER, "the API had a server error") \
	_(CF_ERR_NETWORK, "network error") \
	_(CF_ERR_TIMEOUT, "timed out") \
	_(CF_ERR_CANCELLED, "cancelled") \
	_(CF_ERR_MALFORMED, "malformed response from the API") \
	_(CF_ERR_INSECURE_URL, \
	  "refusing plain http:// to a non-loopback host") \
	_(CF_ERR_INVALID_ARG, "invalid argument") \
	_(CF_ERR_NOMEM, "out of memory") \
	_(CF_ERR_INTERNAL, "internal error")

#define CF_STATUS_ENUM_(name, msg) name,
enum cf_status { CF_STATUS_INFO(CF_STATUS_ENUM_) CF_STATUS_COUNT };
#undef CF_STATUS_ENUM_

/* One item of Cloudflare's errors[] or messages[] ({code, message}). */
struct cf_api_message {
	int code; /* Cloudflare's code (e.g. 1002, 81053, 971); may be < 1000 */
	char *message; /* owned; never NULL in a decoded message */
};

/*
 * A failure as the caller sees it. Zero-initialise (or cf_error_clear()) before
 * use; every call that takes a struct cf_error * fills it on failure and
 * leaves it CF_OK on success. Text in it never contains a credential.
 */
struct cf_error {
	enum cf_status status;
	long http_status;   /* HTTP status, 0 when no response came */
	bool retryable;	    /* could retrying the same call help? */
	double retry_after; /* seconds from Retry-After, 0 when none */
	size_t nerrors;
	struct cf_api_message
		*errors; /* errors[] (error_chain items appended) */
	char *detail;	 /* owned one-line summary, may be NULL */
};

/* Frees what the error owns and resets it to CF_OK. NULL is a no-op. */
void cf_error_clear(struct cf_error *err);

/* Static text for a status ("timed out"). Never NULL. Any thread. */
const char *cf_status_str(enum cf_status status);

/* Static name of a status ("CF_ERR_TIMEOUT"). Never NULL. Any thread. */
const char *cf_status_name(enum cf_status status);

/*
 * Formats the error as one line for a status bar or stderr, e.g.
 * "HTTP 400: interval is not in range [60, 3600]: validation failed (1002)".
 * Writes at most size bytes (always NUL-terminated) and returns buf.
 */
char *cf_error_format(const struct cf_error *err, char *buf, size_t size);

/*
 * Sets err to status with a printf-style detail (internal use and tests).
 * Frees what err held before. Returns status.
 */
enum cf_status cf_error_set(struct cf_error *err, enum cf_status status,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Deep copy of src into dst (dst is cleared first). */
void cf_error_copy(struct cf_error *dst, const struct cf_error *src);

#endif
