/* retry.c: which failures are retried, and the backoff. */
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_client.h"

/* Longest wait a server's Retry-After may impose on one retry. */
#define RETRY_AFTER_CAP_MS 60000L

/*
 * Which requests may be sent again as they were. POST creates objects:
 * repeating it could create two. PUT and PATCH carry a body built from an
 * earlier read (a pool's whole `origins` array, a whole object): resent
 * after a backoff of seconds, it replays that stale state over whatever
 * changed meanwhile. Their caller retries, if at all, as a fresh
 * read-modify-write (toggle.c). GET, HEAD and DELETE (by id) are safe.
 */
static bool
method_idempotent(const char *method)
{
	static const char *const ok[] = { "GET", "DELETE", "HEAD" };
	if (!method)
		return false;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcasecmp(method, ok[i]) == 0)
			return true;
	return false;
}

bool
cf_retry_should(const char *method, enum cf_status ts, long http, int attempt,
		int max_retries)
{
	if (attempt < 0 || attempt >= max_retries)
		return false;
	if (!method_idempotent(method))
		return false;
	switch (ts) {
	case CF_ERR_NETWORK:
	case CF_ERR_TIMEOUT:
		return true;
	case CF_ERR_MALFORMED:
		/* A 2xx whose body did not decode (truncated JSON). */
		return true;
	case CF_OK:
		return http == 429 || (http >= 500 && http <= 599);
	default:
		return false;
	}
}

long
cf_retry_delay_ms(int attempt, long base_ms, long max_ms, double retry_after_s,
		  double jitter01)
{
	if (attempt < 1)
		attempt = 1;
	if (base_ms < 0)
		base_ms = 0;
	if (max_ms < base_ms)
		max_ms = base_ms;
	long d = base_ms;
	for (int i = 1; i < attempt && d < max_ms; i++)
		d = d > max_ms / 2 ? max_ms : d * 2;
	if (d > max_ms)
		d = max_ms;
	if (jitter01 < 0)
		jitter01 = 0;
	if (jitter01 > 1)
		jitter01 = 1;
	d -= (long)((double)d * 0.25 * jitter01);
	if (retry_after_s > 0) {
		double ra = retry_after_s * 1000.0;
		if (ra > (double)RETRY_AFTER_CAP_MS)
			ra = (double)RETRY_AFTER_CAP_MS;
		if ((long)ra > d)
			d = (long)ra;
	}
	return d;
}
