/* ratelimit.c: the process-wide request token bucket. */
#include <pthread.h>
#include <time.h>

#include "cf/ratelimit.h"

#define DEFAULT_REQUESTS 1200u
#define DEFAULT_WINDOW 300u
/* Longest single sleep while waiting, so cancel is seen promptly. */
#define WAIT_SLICE_S 0.02

/*
 * Continuous refill: capacity tokens per window, i.e. capacity/window tokens
 * per second, never above capacity. A 429 sets blocked_until, which holds
 * back every thread regardless of tokens.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned capacity;
	unsigned window;
	double tokens;
	double last_refill;   /* monotonic seconds */
	double blocked_until; /* monotonic seconds, 0 none */
	long server_remaining;
	unsigned long sent;
	unsigned long throttled;
} bucket = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.capacity = DEFAULT_REQUESTS,
	.window = DEFAULT_WINDOW,
	.tokens = DEFAULT_REQUESTS,
	.server_remaining = -1,
};

static pthread_once_t cond_once = PTHREAD_ONCE_INIT;

/* The condvar waits on CLOCK_MONOTONIC so wall-clock jumps do not matter. */
static void
cond_init(void)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&bucket.cond, &attr);
	pthread_condattr_destroy(&attr);
}

double
cf_ratelimit_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Adds the tokens earned since the last refill. Lock held. */
static void
refill(double now)
{
	if (bucket.last_refill == 0) {
		bucket.last_refill = now;
		return;
	}
	double dt = now - bucket.last_refill;
	if (dt > 0) {
		bucket.tokens +=
			dt * (double)bucket.capacity / (double)bucket.window;
		if (bucket.tokens > (double)bucket.capacity)
			bucket.tokens = (double)bucket.capacity;
	}
	bucket.last_refill = now;
}

void
cf_ratelimit_configure(unsigned requests, unsigned window_seconds)
{
	pthread_once(&cond_once, cond_init);
	if (requests == 0)
		requests = DEFAULT_REQUESTS;
	if (window_seconds == 0)
		window_seconds = DEFAULT_WINDOW;
	pthread_mutex_lock(&bucket.lock);
	refill(cf_ratelimit_now());
	/* A bigger bucket grants the extra room now; a smaller one clamps. */
	if (requests > bucket.capacity)
		bucket.tokens += (double)(requests - bucket.capacity);
	bucket.capacity = requests;
	bucket.window = window_seconds;
	if (bucket.tokens > (double)requests)
		bucket.tokens = (double)requests;
	pthread_cond_broadcast(&bucket.cond);
	pthread_mutex_unlock(&bucket.lock);
}

void
cf_ratelimit_reset(void)
{
	pthread_once(&cond_once, cond_init);
	pthread_mutex_lock(&bucket.lock);
	bucket.capacity = DEFAULT_REQUESTS;
	bucket.window = DEFAULT_WINDOW;
	bucket.tokens = DEFAULT_REQUESTS;
	bucket.last_refill = cf_ratelimit_now();
	bucket.blocked_until = 0;
	bucket.server_remaining = -1;
	bucket.sent = 0;
	bucket.throttled = 0;
	pthread_cond_broadcast(&bucket.cond);
	pthread_mutex_unlock(&bucket.lock);
}

void
cf_budget_get(struct cf_budget *out)
{
	if (!out)
		return;
	pthread_mutex_lock(&bucket.lock);
	double now = cf_ratelimit_now();
	refill(now);
	out->capacity = bucket.capacity;
	out->window_seconds = bucket.window;
	out->tokens = bucket.tokens;
	out->server_remaining = bucket.server_remaining;
	out->blocked_until =
		bucket.blocked_until > now ? bucket.blocked_until : 0;
	out->sent = bucket.sent;
	out->throttled = bucket.throttled;
	pthread_mutex_unlock(&bucket.lock);
}

bool
cf_budget_try_spend(unsigned n)
{
	bool ok = false;
	pthread_mutex_lock(&bucket.lock);
	double now = cf_ratelimit_now();
	refill(now);
	if (bucket.blocked_until <= now && bucket.tokens >= (double)n) {
		bucket.tokens -= (double)n;
		ok = true;
	}
	pthread_mutex_unlock(&bucket.lock);
	return ok;
}

/* Waits on the condvar until now + secs (capped to one slice). Lock held. */
static void
wait_for(double now, double secs)
{
	if (secs > WAIT_SLICE_S)
		secs = WAIT_SLICE_S;
	if (secs < 0.001)
		secs = 0.001;
	double until = now + secs;
	struct timespec ts;
	ts.tv_sec = (time_t)until;
	ts.tv_nsec = (long)((until - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&bucket.cond, &bucket.lock, &ts);
}

enum cf_status
cf_ratelimit_acquire(const atomic_bool *cancel)
{
	pthread_once(&cond_once, cond_init);
	bool counted = false;
	enum cf_status st = CF_OK;
	pthread_mutex_lock(&bucket.lock);
	for (;;) {
		if (cancel && atomic_load(cancel)) {
			st = CF_ERR_CANCELLED;
			break;
		}
		double now = cf_ratelimit_now();
		refill(now);
		double wait;
		if (bucket.blocked_until > now) {
			wait = bucket.blocked_until - now;
		} else if (bucket.tokens >= 1.0) {
			bucket.tokens -= 1.0;
			bucket.sent++;
			break;
		} else {
			wait = (1.0 - bucket.tokens) * (double)bucket.window /
			       (double)bucket.capacity;
		}
		if (!counted) {
			bucket.throttled++;
			counted = true;
		}
		wait_for(now, wait);
	}
	pthread_mutex_unlock(&bucket.lock);
	return st;
}

bool
cf_ratelimit_try_acquire(void)
{
	bool ok = false;
	pthread_mutex_lock(&bucket.lock);
	double now = cf_ratelimit_now();
	refill(now);
	if (bucket.blocked_until <= now && bucket.tokens >= 1.0) {
		bucket.tokens -= 1.0;
		bucket.sent++;
		ok = true;
	}
	pthread_mutex_unlock(&bucket.lock);
	return ok;
}

void
cf_ratelimit_note_429(double retry_after)
{
	if (retry_after <= 0)
		retry_after = 1.0;
	if (retry_after > 300)
		retry_after = 300;
	pthread_mutex_lock(&bucket.lock);
	double now = cf_ratelimit_now();
	refill(now);
	/*
	 * The server says when to come back: nothing is sent before then,
	 * and nothing longer is imposed. Emptying the bucket as well would
	 * add a minute or more of silence after the server's own wait (the
	 * poller keeps a reserve of 20%, which takes 60 s to refill at the
	 * default rate), long after the API answers again.
	 */
	if (now + retry_after > bucket.blocked_until)
		bucket.blocked_until = now + retry_after;
	pthread_cond_broadcast(&bucket.cond);
	pthread_mutex_unlock(&bucket.lock);
}

void
cf_ratelimit_note_remaining(long remaining)
{
	if (remaining < 0)
		return;
	pthread_mutex_lock(&bucket.lock);
	bucket.server_remaining = remaining;
	pthread_mutex_unlock(&bucket.lock);
}
