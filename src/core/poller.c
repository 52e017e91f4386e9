/* poller.c: background thread polling pool list, pool health and health-check events within the request budget. */
#include "cfconsole/poller.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/health.h"
#include "cfconsole/monoclock.h"
#include "cfconsole/xmem.h"

/* Share of the bucket kept for the user whatever the poller wants. */
#define RESERVE_FRACTION 0.2
/* Events are read with four filter combinations (see poll_events). */
#define EVENTS_COST 4
/* First events window when the poller starts, in seconds. */
#define EVENTS_LOOKBACK 600
/* Overlap between events windows (ids de-duplicate). */
#define EVENTS_OVERLAP 60

struct ppool {
	char *id;
	bool has_monitor;
	bool focused;
	bool force;  /* poll as soon as budget allows (kick, new focus) */
	bool manual; /* asked for by the user (kick): not paced, see below */
	double last; /* monotonic time of the last poll attempt, 0 never */
};

struct poller {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool stop;

	/* Guarded by lock. */
	bool paused;
	bool kicked;
	char **focus;
	size_t nfocus;
	unsigned long focus_gen;
	struct poller_status st;

	/* Owned by the poller thread. */
	struct cf_client *client;
	char *account;
	struct health_model *model;
	poller_notify_fn notify;
	void *notify_ud;
	double share, focus_min, bg_min, pools_every, events_every;
	/* Seconds between pool lists now: the focused interval while pools
	 * are on screen (their settings follow with their health), else
	 * pools_every. */
	double list_every;
	bool events;
	struct ppool *pools;
	size_t npools;
	unsigned long focus_seen;
	double pools_at;   /* monotonic time of the last pool-list attempt */
	bool pools_manual; /* the next pool list was asked for by the user */
	double next_events, next_send;
	time_t events_since;
	unsigned errors_in_row;
	unsigned long last_gen;
	bool have_pools;
};

/* ---- pure scheduling math -------------------------------------------- */

double
poller_rate_from_budget(const struct cf_budget *b, double share,
			double now_mono)
{
	double cap, base, reserve, half;

	if (!b || b->capacity == 0 || b->window_seconds == 0 || share <= 0)
		return 0;
	if (b->blocked_until > now_mono)
		return 0;
	cap = (double)b->capacity;
	base = cap / (double)b->window_seconds * share;
	reserve = cap * RESERVE_FRACTION;
	half = cap * 0.5;
	if (b->tokens <= reserve)
		return 0;
	if (b->tokens >= half)
		return base;
	return base * (b->tokens - reserve) / (half - reserve);
}

void
poller_plan_compute(double rate, double overhead, size_t nfocus, size_t nbg,
		    double focus_min, double bg_min, struct poller_plan *out)
{
	double avail = rate - overhead, want, cap, frate, rest, brate;

	memset(out, 0, sizeof(*out));
	if (focus_min <= 0)
		focus_min = 1;
	if (bg_min < focus_min)
		bg_min = focus_min;
	if (avail <= 0 || (nfocus == 0 && nbg == 0 && avail <= 0)) {
		out->focus_interval = INFINITY;
		out->background_interval = INFINITY;
		out->starved = true;
		return;
	}
	want = (double)nfocus / focus_min;
	cap = nbg ? avail * 0.75 : avail;
	frate = want < cap ? want : cap;
	out->focus_interval = nfocus ? (double)nfocus / frate : focus_min;
	if (out->focus_interval < focus_min)
		out->focus_interval = focus_min;
	rest = avail - frate;
	want = (double)nbg / bg_min;
	brate = want < rest ? want : rest;
	if (nbg == 0)
		out->background_interval = bg_min;
	else if (brate <= 0)
		out->background_interval = INFINITY;
	else
		out->background_interval = (double)nbg / brate;
	if (out->background_interval < bg_min)
		out->background_interval = bg_min;
	if (out->background_interval < out->focus_interval)
		out->background_interval = out->focus_interval;
}

const char *
poller_state_name(enum poller_state s)
{
	switch (s) {
	case POLLER_STARTING:
		return "starting";
	case POLLER_RUNNING:
		return "running";
	case POLLER_PAUSED:
		return "paused";
	case POLLER_BACKOFF:
		return "backoff";
	case POLLER_STOPPED:
		return "stopped";
	}
	return "?";
}

/* ---- helpers ----------------------------------------------------------- */

static void
set_state(struct poller *p, enum poller_state s)
{
	pthread_mutex_lock(&p->lock);
	p->st.state = s;
	pthread_mutex_unlock(&p->lock);
}

static void
note_result(struct poller *p, unsigned nreq, const struct cf_error *err,
	    const char *what)
{
	char buf[200];

	pthread_mutex_lock(&p->lock);
	p->st.requests += nreq;
	if (err && err->status != CF_OK) {
		p->st.errors++;
		snprintf(p->st.last_error, sizeof(p->st.last_error), "%s: %s",
			 what, cf_error_format(err, buf, sizeof(buf)));
	} else {
		/* The first good answer ends a backoff, whatever it was. */
		p->st.last_poll = time(NULL);
		p->st.last_error[0] = '\0';
		if (p->st.state == POLLER_BACKOFF)
			p->st.state = p->have_pools ? POLLER_RUNNING
						    : POLLER_STARTING;
	}
	pthread_mutex_unlock(&p->lock);
	if (!err || err->status == CF_OK)
		p->errors_in_row = 0;
}

/*
 * Slows down after errors: 2, 4, 8 ... seconds, never longer than the
 * focused poll interval (a failing API is still asked that often, so the
 * first good answer comes as soon as it can). A 429 waits exactly its
 * Retry-After (1 s when it gave none): the server said when.
 */
static void
after_error(struct poller *p, const struct cf_error *err, double now)
{
	double wait;

	p->errors_in_row++;
	wait = (double)(1u << (p->errors_in_row < 6 ? p->errors_in_row : 6));
	if (wait > p->focus_min)
		wait = p->focus_min;
	if (err->status == CF_ERR_RATE_LIMITED)
		wait = err->retry_after > 0 ? err->retry_after : 1;
	if (p->next_send < now + wait)
		p->next_send = now + wait;
	set_state(p, POLLER_BACKOFF);
}

static bool
health_unavailable(const struct cf_error *err)
{
	size_t i;

	for (i = 0; i < err->nerrors; i++)
		if (err->errors[i].message &&
		    strstr(err->errors[i].message, "Health info unavailable"))
			return true;
	return err->detail && strstr(err->detail, "Health info unavailable");
}

static void
publish(struct poller *p)
{
	unsigned long gen = health_model_publish(p->model, time(NULL));

	if (gen != p->last_gen) {
		p->last_gen = gen;
		if (p->notify)
			p->notify(p->notify_ud);
	}
}

static bool
is_focused(struct poller *p, const char *id)
{
	size_t i;
	bool f = false;

	/* called with p->lock held */
	for (i = 0; i < p->nfocus && !f; i++)
		f = strcmp(p->focus[i], id) == 0;
	return f;
}

static void
apply_focus_locked(struct poller *p)
{
	size_t i;

	for (i = 0; i < p->npools; i++) {
		bool f = is_focused(p, p->pools[i].id);

		if (f && !p->pools[i].focused)
			p->pools[i].force = true;
		p->pools[i].focused = f;
	}
	p->focus_seen = p->focus_gen;
}

/* ---- actions ----------------------------------------------------------- */

static void
refresh_pools(struct poller *p)
{
	struct cf_pool_list list = { 0 };
	struct cf_error err = { 0 };
	struct ppool *np;
	double now = monoclock_s();
	size_t i, j;

	p->pools_at = now;
	p->pools_manual = false;
	if (cf_pools_list(p->client, p->account, NULL, &list, &err) != CF_OK) {
		note_result(p, 1, &err, "pool list");
		after_error(p, &err, now);
		cf_error_clear(&err);
		return;
	}
	health_model_set_pools(p->model, list.items, list.n, time(NULL));
	p->have_pools = true;
	note_result(p, 1, NULL, NULL);
	np = xcalloc(list.n, sizeof(*np));
	for (i = 0; i < list.n; i++) {
		np[i].id = xstrdup(list.items[i].id ? list.items[i].id : "");
		np[i].has_monitor =
			list.items[i].monitor && list.items[i].monitor[0];
		for (j = 0; j < p->npools; j++) {
			if (strcmp(p->pools[j].id, np[i].id) == 0) {
				np[i].last = p->pools[j].last;
				np[i].force = p->pools[j].force;
				np[i].manual = p->pools[j].manual;
				break;
			}
		}
	}
	for (j = 0; j < p->npools; j++)
		free(p->pools[j].id);
	free(p->pools);
	p->pools = np;
	p->npools = list.n;
	pthread_mutex_lock(&p->lock);
	apply_focus_locked(p);
	p->st.npools = list.n;
	if (p->st.state == POLLER_STARTING || p->st.state == POLLER_BACKOFF)
		p->st.state = POLLER_RUNNING;
	pthread_mutex_unlock(&p->lock);
	cf_pool_list_free(&list);
	publish(p);
}

/* Polls one pool's health; `every` is the interval planned for it (what
 * the model promises readers, for staleness). */
static void
poll_pool(struct poller *p, struct ppool *pp, double every)
{
	struct cf_pool_health h = { 0 };
	struct cf_error err = { 0 };
	double now = monoclock_s();
	char buf[200];

	pp->last = now;
	pp->force = false;
	pp->manual = false;
	if (isfinite(every))
		health_model_set_expect(p->model, pp->id, every, p->list_every);
	if (cf_pool_health_get(p->client, p->account, pp->id, &h, &err) ==
	    CF_OK) {
		health_model_apply_health(p->model, pp->id, &h, time(NULL));
		cf_pool_health_free(&h);
		note_result(p, 1, NULL, NULL);
		pthread_mutex_lock(&p->lock);
		p->st.polls++;
		pthread_mutex_unlock(&p->lock);
	} else if (health_unavailable(&err)) {
		/* No data yet (new pool, monitor just attached): unknown,
		 * which is an answer, not a failure. */
		health_model_pool_error(p->model, pp->id,
					"health info unavailable", true,
					time(NULL));
		note_result(p, 1, NULL, NULL);
	} else {
		health_model_pool_error(p->model, pp->id,
					cf_error_format(&err, buf, sizeof(buf)),
					false, time(NULL));
		note_result(p, 1, &err, "pool health");
		after_error(p, &err, now);
	}
	cf_error_clear(&err);
	publish(p);
}

/*
 * The events endpoint documents origin_healthy and pool_healthy as
 * defaulting to true (NOTES.md), so an unfiltered call would only return
 * recoveries. Reading all four combinations gets every transition whichever
 * way a server applies the defaults; duplicate ids are dropped by the model.
 */
static void
poll_events(struct poller *p)
{
	static const int combos[EVENTS_COST][2] = {
		{ 0, 0 },
		{ 0, 1 },
		{ 1, 0 },
		{ 1, 1 },
	};
	struct cf_event_filter f = { 0 };
	char since[32];
	struct tm tm;
	time_t started = time(NULL);
	double now = monoclock_s();
	size_t i;
	unsigned sent = 0;
	bool failed = false;

	gmtime_r(&p->events_since, &tm);
	strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm);
	f.since = since;
	for (i = 0; i < EVENTS_COST && !atomic_load(&p->stop); i++) {
		struct cf_health_event_list l = { 0 };
		struct cf_error err = { 0 };

		f.origin_healthy = combos[i][0];
		f.pool_healthy = combos[i][1];
		sent++;
		if (cf_health_events_list(p->client, &f, &l, &err) != CF_OK) {
			note_result(p, 1, &err, "health events");
			after_error(p, &err, now);
			cf_error_clear(&err);
			failed = true;
			break;
		}
		note_result(p, 1, NULL, NULL);
		health_model_apply_events(p->model, l.items, l.n);
		cf_health_event_list_free(&l);
	}
	(void)sent;
	if (!failed)
		p->events_since = started - EVENTS_OVERLAP;
	p->next_events = now + p->events_every;
	publish(p);
}

/* ---- the thread ---------------------------------------------------------- */

static struct ppool *
pick_pool(struct poller *p, const struct poller_plan *plan, double now,
	  double *wake)
{
	struct ppool *best = NULL;
	double best_due = INFINITY;
	int pass;
	size_t i;

	/* Focused pools first: a due focused pool always wins. */
	for (pass = 0; pass < 2 && !best; pass++) {
		for (i = 0; i < p->npools; i++) {
			struct ppool *pp = &p->pools[i];
			double iv, due;

			if (!pp->has_monitor || pp->focused != (pass == 0))
				continue;
			iv = pp->focused ? plan->focus_interval
					 : plan->background_interval;
			due = (pp->force || pp->last == 0) ? 0 : pp->last + iv;
			if (due <= now && due < best_due) {
				best = pp;
				best_due = due;
			}
			if (due > now && due < *wake)
				*wake = due;
		}
	}
	return best;
}

static void
sleep_until(struct poller *p, double wake_mono)
{
	struct timespec ts;
	double w = wake_mono;

	if (w > monoclock_s() + 3600)
		w = monoclock_s() + 3600;
	ts.tv_sec = (time_t)w;
	ts.tv_nsec = (long)((w - (double)ts.tv_sec) * 1e9);
	pthread_mutex_lock(&p->lock);
	if (!atomic_load(&p->stop) && !p->kicked && !p->paused &&
	    p->focus_gen == p->focus_seen)
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	pthread_mutex_unlock(&p->lock);
}

enum action { ACT_NONE, ACT_POOLS, ACT_EVENTS, ACT_POLL };

static void *
poller_main(void *arg)
{
	struct poller *p = arg;

	p->events_since = time(NULL) - EVENTS_LOOKBACK;
	while (!atomic_load(&p->stop)) {
		struct cf_budget b;
		struct poller_plan plan;
		struct ppool *pp = NULL;
		enum action act = ACT_NONE;
		double now, rate, overhead, wake, next_pools;
		size_t i, nf = 0, nb = 0;
		unsigned cost = 1;
		unsigned long sent_before;
		bool manual = false;

		pthread_mutex_lock(&p->lock);
		if (p->paused) {
			p->st.state = POLLER_PAUSED;
			while (p->paused && !atomic_load(&p->stop))
				pthread_cond_wait(&p->cond, &p->lock);
			p->st.state = p->have_pools ? POLLER_RUNNING
						    : POLLER_STARTING;
			pthread_mutex_unlock(&p->lock);
			continue;
		}
		if (p->kicked) {
			/* The user asked: the pool list and the pools on
			 * screen now, unpaced, whatever backoff was running
			 * (only a 429's Retry-After and an empty bucket
			 * hold it back). */
			p->kicked = false;
			p->pools_at = 0;
			p->pools_manual = true;
			p->next_send = 0;
			p->errors_in_row = 0;
			for (i = 0; i < p->npools; i++)
				if (p->pools[i].focused) {
					p->pools[i].force = true;
					p->pools[i].manual = true;
				}
		}
		if (p->focus_gen != p->focus_seen)
			apply_focus_locked(p);
		pthread_mutex_unlock(&p->lock);

		now = monoclock_s();
		cf_budget_get(&b);
		rate = poller_rate_from_budget(&b, p->share, now);
		for (i = 0; i < p->npools; i++) {
			if (!p->pools[i].has_monitor)
				continue;
			if (p->pools[i].focused)
				nf++;
			else
				nb++;
		}
		/*
		 * The settings of the pools on screen (enabled, weights,
		 * minimum_origins, monitor) are read with their health: while
		 * pools are on screen the pool list (every pool in one
		 * request: the LB pool list is not paged) is planned as one
		 * more focused item, at the focused interval, instead of once
		 * per pools_every as overhead. So it is paid for out of the
		 * same budget: with many pools on screen everything focused
		 * stretches together.
		 */
		overhead = (nf ? 0 : 1.0 / p->pools_every) +
			   (p->events ? EVENTS_COST / p->events_every : 0);
		poller_plan_compute(rate, overhead, nf ? nf + 1 : 0, nb,
				    p->focus_min, p->bg_min, &plan);
		p->list_every = p->pools_every;
		if (nf && isfinite(plan.focus_interval))
			p->list_every =
				fmin(p->pools_every, plan.focus_interval);
		health_model_set_expect(p->model, NULL, 0, p->list_every);
		pthread_mutex_lock(&p->lock);
		p->st.rate = rate;
		p->st.focus_interval = plan.focus_interval;
		p->st.background_interval = plan.background_interval;
		pthread_mutex_unlock(&p->lock);

		/* What the user asked for first, then the pool list, the
		 * events, the pools that are due. */
		wake = now + 60;
		next_pools = p->pools_at ? p->pools_at + p->list_every : 0;
		pp = pick_pool(p, &plan, now, &wake);
		if (next_pools <= now && p->pools_manual) {
			act = ACT_POOLS;
			manual = true;
		} else if (pp && pp->manual) {
			act = ACT_POLL;
			manual = true;
		} else if (next_pools <= now) {
			act = ACT_POOLS;
		} else if (p->events && p->have_pools &&
			   p->next_events <= now) {
			act = ACT_EVENTS;
			cost = EVENTS_COST;
		} else if (pp) {
			act = ACT_POLL;
		}
		if (act != ACT_POLL)
			pp = NULL;
		if (next_pools < wake)
			wake = next_pools;
		if (p->events && p->next_events < wake)
			wake = p->next_events;
		if (act == ACT_NONE) {
			sleep_until(p, wake);
			continue;
		}
		if (manual) {
			/* Asked for by the user: only the server's block and
			 * an empty bucket wait. */
			if (b.blocked_until > now) {
				set_state(p, POLLER_BACKOFF);
				sleep_until(p, b.blocked_until);
				continue;
			}
			if (b.tokens < (double)cost + 1) {
				pthread_mutex_lock(&p->lock);
				p->st.skipped++;
				p->st.state = POLLER_BACKOFF;
				pthread_mutex_unlock(&p->lock);
				sleep_until(p, now + 1.0);
				continue;
			}
		} else if (rate <= 0 ||
			   b.tokens < (double)b.capacity * RESERVE_FRACTION +
					      cost) {
			/* Budget: skip and slow down rather than queue. */
			pthread_mutex_lock(&p->lock);
			p->st.skipped++;
			p->st.state = POLLER_BACKOFF;
			pthread_mutex_unlock(&p->lock);
			sleep_until(p, b.blocked_until > now ? b.blocked_until
							     : now + 1.0);
			continue;
		} else if (now < p->next_send) {
			sleep_until(p, p->next_send);
			continue;
		}
		sent_before = b.sent;
		if (act == ACT_POOLS)
			refresh_pools(p);
		else if (act == ACT_EVENTS)
			poll_events(p);
		else
			poll_pool(p, pp,
				  pp->focused ? plan.focus_interval
					      : plan.background_interval);
		/* Pace by what was really sent: the client's own retries
		 * count, and so (conservatively) does anything another thread
		 * sent meanwhile. */
		cf_budget_get(&b);
		if (b.sent > sent_before && b.sent - sent_before > cost)
			cost = (unsigned)(b.sent - sent_before < 1000
						  ? b.sent - sent_before
						  : 1000);
		now = monoclock_s();
		if (rate > 0 && p->next_send < now + (double)cost / rate)
			p->next_send = now + (double)cost / rate;
	}
	set_state(p, POLLER_STOPPED);
	return NULL;
}

/* ---- public API -------------------------------------------------------- */

static double
or_default(unsigned v, double d)
{
	return v ? (double)v : d;
}

struct poller *
poller_start(const struct poller_options *o, char *errbuf, size_t errsize)
{
	struct poller *p;
	pthread_condattr_t ca;

	if (!o || !o->client || !o->account_id || !o->model) {
		snprintf(errbuf, errsize,
			 "poller: client, account and model are required");
		if (o)
			cf_client_free(o->client);
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(errbuf, errsize, "poller: out of memory");
		cf_client_free(o->client);
		return NULL;
	}
	p->client = o->client;
	p->account = strdup(o->account_id);
	p->model = o->model;
	p->notify = o->notify;
	p->notify_ud = o->notify_ud;
	p->share = o->budget_share > 0 && o->budget_share <= 1 ? o->budget_share
							       : 0.6;
	p->focus_min = or_default(o->focus_interval_s, 10);
	p->bg_min = or_default(o->background_interval_s, 120);
	p->pools_every = or_default(o->pools_interval_s, 120);
	p->events_every = or_default(o->events_interval_s, 60);
	p->events = !o->no_events;
	p->paused = o->start_paused;
	p->next_events = monoclock_s() + 1; /* after the first pool list */
	p->list_every = p->pools_every;
	p->st.state = POLLER_STARTING;
	atomic_init(&p->stop, false);
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	/* Stopping cancels an in-flight transfer through the client. */
	cf_client_set_cancel(p->client, &p->stop);
	if (!p->account ||
	    pthread_create(&p->thread, NULL, poller_main, p) != 0) {
		snprintf(errbuf, errsize, "poller: cannot start the thread");
		cf_client_free(p->client);
		free(p->account);
		pthread_cond_destroy(&p->cond);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

void
poller_stop(struct poller *p)
{
	size_t i;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->stop, true);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	cf_client_free(p->client);
	for (i = 0; i < p->npools; i++)
		free(p->pools[i].id);
	free(p->pools);
	for (i = 0; i < p->nfocus; i++)
		free(p->focus[i]);
	free(p->focus);
	free(p->account);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void
poller_set_focus(struct poller *p, const char *const *ids, size_t n)
{
	char **nf = NULL;
	size_t i;

	if (!p)
		return;
	if (n) {
		nf = xcalloc(n, sizeof(*nf));
		for (i = 0; i < n; i++)
			nf[i] = xstrdup(ids[i] ? ids[i] : "");
	}
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->nfocus; i++)
		free(p->focus[i]);
	free(p->focus);
	p->focus = nf;
	p->nfocus = n;
	p->focus_gen++;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

void
poller_pause(struct poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->paused = true;
	p->st.state = POLLER_PAUSED;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

void
poller_resume(struct poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->paused = false;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

bool
poller_paused(struct poller *p)
{
	bool v;

	if (!p)
		return false;
	pthread_mutex_lock(&p->lock);
	v = p->paused;
	pthread_mutex_unlock(&p->lock);
	return v;
}

void
poller_kick(struct poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->kicked = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

void
poller_get_status(struct poller *p, struct poller_status *out)
{
	if (!p) {
		memset(out, 0, sizeof(*out));
		out->state = POLLER_STOPPED;
		return;
	}
	pthread_mutex_lock(&p->lock);
	*out = p->st;
	pthread_mutex_unlock(&p->lock);
}
