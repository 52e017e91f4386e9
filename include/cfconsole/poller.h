/* poller.h: the background health poller (pool list, pool health, health-check events) within the shared request budget. */
#ifndef CFCONSOLE_POLLER_H
#define CFCONSOLE_POLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfconsole/cf_client.h"

struct health_model;

/*
 * One thread with its own cf_client. It refreshes the pool list (at the
 * focused interval while pools are on screen, so their settings follow
 * with their health; else slowly), polls GET .../pools/{id}/health for each
 * pool that has a monitor (focused pools first and most often), reads the
 * health-check events endpoint to catch transitions between polls, writes
 * everything into a health model (with the intervals it plans, so readers
 * can tell stale data), publishes a snapshot and calls `notify` (the UI
 * passes a function that writes one byte to its self-pipe; it must be
 * async-safe and quick).
 *
 * Budget: every request spends from the process-wide bucket shared with
 * the user's actions. The poller paces itself to at most `budget_share` of
 * the bucket's refill rate (poller_rate_from_budget) and, when the bucket
 * runs low or a 429 block is in force, it skips and slows down instead of
 * queueing. It therefore never pushes the process over the limit by itself.
 * It reads the bucket with cf_budget_get() rather than cf_budget_try_spend():
 * each request already takes its own token, so pre-spending would count
 * every poll twice. The pool list, while pools are on screen, is planned
 * as one more focused item (it costs one request for every pool).
 *
 * Errors: 2, 4, 8 ... s between attempts, at most the focused interval; a
 * 429 waits exactly its Retry-After; the first good answer ends it.
 *
 * The poller sleeps on a condition variable: stop, pause/resume, kick and
 * focus changes take effect promptly.
 */

enum poller_state {
	POLLER_STARTING = 0, /* no pool list yet */
	POLLER_RUNNING,
	POLLER_PAUSED,	/* poller_pause() */
	POLLER_BACKOFF, /* waiting for budget, or after errors / a 429 */
	POLLER_STOPPED,
};

/* Static name ("running", "paused", ...). Never NULL. */
const char *poller_state_name(enum poller_state s);

/* Called from the poller thread after a new snapshot was published. */
typedef void (*poller_notify_fn)(void *ud);

struct poller_options {
	/* The poller's own client: ownership passes to the poller, which
	 * frees it on stop and sets its cancel flag. Create it with retries
	 * kept low (e.g. max_retries 1) so a failing poll costs little. */
	struct cf_client *client;
	const char *account_id;	    /* copied */
	struct health_model *model; /* not owned; must outlive the poller */
	poller_notify_fn notify;    /* may be NULL */
	void *notify_ud;
	double budget_share;		/* of the bucket rate, default 0.6 */
	unsigned focus_interval_s;	/* focused pools, default 10 */
	unsigned background_interval_s; /* other pools, default 120 */
	unsigned pools_interval_s;	/* pool list refresh with no pool on
	                                 screen, default 120 */
	unsigned
		events_interval_s; /* health-check events, default 60; 0 default */
	bool no_events;		   /* do not read the events endpoint */
	bool start_paused;
};

struct poller;

/*
 * Starts the thread. On failure returns NULL with a message in errbuf and
 * frees opts->client. cf_global_init() must have been called.
 */
struct poller *poller_start(const struct poller_options *opts, char *errbuf,
			    size_t errsize);

/* Stops promptly (in-flight transfers are cancelled), joins, frees. NULL ok. */
void poller_stop(struct poller *p);

/*
 * Sets the pools in focus (on screen): polled first and at the focus
 * interval. ids are copied; n = 0 clears the focus. Any thread.
 */
void poller_set_focus(struct poller *p, const char *const *ids, size_t n);

/* Pause / resume polling (the UI's `p`). Any thread. */
void poller_pause(struct poller *p);
void poller_resume(struct poller *p);
bool poller_paused(struct poller *p);

/*
 * Poll now (the user's r): the pool list and the focused pools at once,
 * not paced and not held by an error backoff or the poller's reserve;
 * only a 429's Retry-After or an empty bucket delay them. Any thread.
 */
void poller_kick(struct poller *p);

/* State for the header line. */
struct poller_status {
	enum poller_state state;
	time_t last_poll; /* wall clock of the last successful request, 0 never */
	unsigned long requests; /* API requests made by the poller */
	unsigned long polls;	/* successful pool-health polls */
	unsigned long errors;	/* failed requests */
	unsigned long
		skipped; /* times it waited for budget instead of sending */
	size_t npools;	 /* pools known */
	double rate;	 /* current allowed requests per second */
	double focus_interval; /* effective seconds between polls of a focused pool */
	double background_interval; /* effective seconds for the others */
	char last_error[256];	    /* "" when the last request succeeded */
};

/* Copies the status. Any thread. */
void poller_get_status(struct poller *p, struct poller_status *out);

/* ---- scheduling math (pure; exposed for tests) ------------------------ */

/*
 * Requests per second the poller may use now: share x capacity / window,
 * scaled down linearly once fewer than half of the bucket's tokens are left,
 * and 0 when a 429 block is in force (blocked_until > now_mono) or the
 * bucket is at or below its reserve (20% of capacity, kept for the user).
 */
double poller_rate_from_budget(const struct cf_budget *b, double share,
			       double now_mono);

/* The poll intervals that fit a rate. */
struct poller_plan {
	double focus_interval;	    /* seconds; INFINITY when starved */
	double background_interval; /* seconds; INFINITY when starved */
	bool starved;		    /* rate too low for anything */
};

/*
 * Splits `rate` (requests/s) minus `overhead` (pool list and events, per
 * second) between nfocus focused pools and nbg others: focused pools get up
 * to their minimum interval first (at most 75% of the rate while others
 * exist), the rest is shared by the others; no interval is below its
 * minimum and the background interval is never shorter than the focus one.
 */
void poller_plan_compute(double rate, double overhead, size_t nfocus,
			 size_t nbg, double focus_min, double bg_min,
			 struct poller_plan *out);

#endif
