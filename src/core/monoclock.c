/* monoclock.c: CLOCK_MONOTONIC in milliseconds and seconds, the one copy of that conversion. */
#include "cfconsole/monoclock.h"

#include <time.h>

double
monoclock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double
monoclock_s(void)
{
	return monoclock_ms() / 1e3;
}
