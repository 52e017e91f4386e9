/* ratelimit.h: internal side of the process-wide token bucket (ratelimit.c). */
#ifndef CFCONSOLE_CF_RATELIMIT_H
#define CFCONSOLE_CF_RATELIMIT_H

#include <stdatomic.h>

#include "cfconsole/cf_client.h"

/*
 * Blocks until one token is available and no 429 block is in force, then
 * spends it. Waits on a condition variable in short slices so that the
 * cancel flag (may be NULL) is noticed within ~20 ms. Returns CF_OK or
 * CF_ERR_CANCELLED. Thread-safe.
 */
enum cf_status cf_ratelimit_acquire(const atomic_bool *cancel);

/*
 * Non-blocking cf_ratelimit_acquire(): spends one token and counts the
 * request as sent when one is available and no 429 block is in force.
 */
bool cf_ratelimit_try_acquire(void);

/*
 * Records a 429: every thread waits until retry_after seconds from now
 * (1 s when the server gave none; at most 300 s), exactly as the server
 * said. The tokens are left as they are: the wait is the server's answer.
 */
void cf_ratelimit_note_429(double retry_after);

/* Records the server-reported remaining count (ignored when < 0). */
void cf_ratelimit_note_remaining(long remaining);

/* Monotonic clock in seconds (the clock of cf_budget.blocked_until). */
double cf_ratelimit_now(void);

/* Restores the defaults: full 1200/300 bucket, counters zero (tests). */
void cf_ratelimit_reset(void);

#endif
