/* monoclock.h: the monotonic clock every deadline, timeout and duration in core and ui reads. */
#ifndef CFCONSOLE_MONOCLOCK_H
#define CFCONSOLE_MONOCLOCK_H

/*
 * Milliseconds on CLOCK_MONOTONIC (an arbitrary origin, never set back,
 * so deadlines survive a change of the wall clock). Thread-safe.
 */
double monoclock_ms(void);

/* The same clock in seconds (the unit of cf_budget's blocked_until). */
double monoclock_s(void);

#endif
