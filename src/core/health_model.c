/* health_model.c: live pool/origin/region health, transitions, event log and snapshot publishing. */
#include "cfconsole/health.h"
#include "cfconsole/timefmt.h"
#include "cfconsole/xmem.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SEEN_IDS_MAX 2048

struct health_model {
	/* Working state, written by the poller; guarded by work_lock. */
	pthread_mutex_t work_lock;
	struct health_pool *pools;
	size_t npools;
	struct health_event *events; /* newest first */
	size_t nevents;
	long long seen_ids[SEEN_IDS_MAX]; /* ring of API event ids */
	size_t nseen, seen_head;
	bool dirty;
	unsigned long generation;
	unsigned long config_gen; /* see health_snapshot.config_gen */

	/* Published snapshot; guarded by pub_lock (readers take only this). */
	pthread_mutex_t pub_lock;
	struct health_snapshot *published;
	unsigned long pub_generation;
};

/* ---- small helpers --------------------------------------------------- */

static char *strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
strfmt(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xstrdup("");
	s = xcalloc((size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

const char *
health_state_name(enum health_state s)
{
	switch (s) {
	case HEALTH_HEALTHY:
		return "healthy";
	case HEALTH_UNHEALTHY:
		return "unhealthy";
	case HEALTH_DISABLED:
		return "disabled";
	case HEALTH_DEGRADED:
		return "degraded";
	case HEALTH_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *
health_pool_state_name(enum health_state s)
{
	return s == HEALTH_UNHEALTHY ? "critical" : health_state_name(s);
}

enum health_state
health_origin_state(size_t nregions_healthy, size_t nregions)
{
	if (nregions == 0)
		return HEALTH_UNKNOWN;
	if (nregions_healthy * 2 > nregions)
		return HEALTH_HEALTHY;
	return HEALTH_UNHEALTHY;
}

enum health_state
health_state_in(const struct cf_pool_health *h, const char *address)
{
	size_t i, j, n = 0, ok = 0;

	if (!h || !address)
		return HEALTH_UNKNOWN;
	for (i = 0; i < h->npops; i++) {
		const struct cf_pop_health *pop = &h->pops[i];

		for (j = 0; j < pop->norigins; j++) {
			const char *a = pop->origins[j].address;

			if (a && strcasecmp(a, address) == 0) {
				n++;
				if (pop->origins[j].healthy)
					ok++;
			}
		}
	}
	return health_origin_state(ok, n);
}

static void
region_free(struct health_region *r)
{
	free(r->region);
	free(r->failure_reason);
	memset(r, 0, sizeof(*r));
}

static void
regions_free(struct health_region *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		region_free(&r[i]);
	free(r);
}

static void
origin_free(struct health_origin *o)
{
	free(o->name);
	free(o->address);
	regions_free(o->regions, o->nregions);
	free(o->failure_reason);
	memset(o, 0, sizeof(*o));
}

static void
pool_free(struct health_pool *p)
{
	size_t i;

	free(p->id);
	free(p->name);
	free(p->monitor);
	free(p->last_error);
	for (i = 0; i < p->norigins; i++)
		origin_free(&p->origins[i]);
	free(p->origins);
	memset(p, 0, sizeof(*p));
}

static void
event_free(struct health_event *e)
{
	free(e->pool_id);
	free(e->pool_name);
	free(e->origin_name);
	free(e->region);
	free(e->reason);
	free(e->text);
	memset(e, 0, sizeof(*e));
}

static void
region_copy(struct health_region *d, const struct health_region *s)
{
	*d = *s;
	d->region = xstrdup(s->region);
	d->failure_reason = xstrdup(s->failure_reason);
}

static void
origin_copy(struct health_origin *d, const struct health_origin *s)
{
	size_t i;

	*d = *s;
	d->name = xstrdup(s->name);
	d->address = xstrdup(s->address);
	d->failure_reason = xstrdup(s->failure_reason);
	d->regions = NULL;
	if (s->nregions) {
		d->regions = xcalloc(s->nregions, sizeof(*d->regions));
		for (i = 0; i < s->nregions; i++)
			region_copy(&d->regions[i], &s->regions[i]);
	}
}

static void
pool_copy(struct health_pool *d, const struct health_pool *s)
{
	size_t i;

	*d = *s;
	d->id = xstrdup(s->id);
	d->name = xstrdup(s->name);
	d->monitor = xstrdup(s->monitor);
	d->last_error = xstrdup(s->last_error);
	d->origins = NULL;
	if (s->norigins) {
		d->origins = xcalloc(s->norigins, sizeof(*d->origins));
		for (i = 0; i < s->norigins; i++)
			origin_copy(&d->origins[i], &s->origins[i]);
	}
}

static void
event_copy(struct health_event *d, const struct health_event *s)
{
	*d = *s;
	d->pool_id = xstrdup(s->pool_id);
	d->pool_name = xstrdup(s->pool_name);
	d->origin_name = xstrdup(s->origin_name);
	d->region = xstrdup(s->region);
	d->reason = xstrdup(s->reason);
	d->text = xstrdup(s->text);
}

static void
snapshot_free(struct health_snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->npools; i++)
		pool_free(&s->pools[i]);
	free(s->pools);
	for (i = 0; i < s->nevents; i++)
		event_free(&s->events[i]);
	free(s->events);
	free(s);
}

/* ---- life cycle ------------------------------------------------------ */

struct health_model *
health_model_new(void)
{
	struct health_model *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->events = calloc(HEALTH_EVENTS_MAX, sizeof(*m->events));
	if (!m->events) {
		free(m);
		return NULL;
	}
	pthread_mutex_init(&m->work_lock, NULL);
	pthread_mutex_init(&m->pub_lock, NULL);
	m->dirty = true;
	return m;
}

void
health_model_free(struct health_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->npools; i++)
		pool_free(&m->pools[i]);
	free(m->pools);
	for (i = 0; i < m->nevents; i++)
		event_free(&m->events[i]);
	free(m->events);
	health_snapshot_release(m->published);
	pthread_mutex_destroy(&m->work_lock);
	pthread_mutex_destroy(&m->pub_lock);
	free(m);
}

/* ---- events ---------------------------------------------------------- */

/*
 * Adds an event (taking ownership of its strings) in time order, newest
 * first: Cloudflare's events arrive after the polls that saw the same
 * moment, with their own (earlier) timestamps, so the front is not always
 * the place. Among equal times the later-added one goes first. When the
 * log is full the oldest entry goes (or the new one, if it is older).
 */
static void
push_event(struct health_model *m, struct health_event *ev)
{
	size_t at = 0;

	while (at < m->nevents && m->events[at].at > ev->at)
		at++;
	if (m->nevents == HEALTH_EVENTS_MAX) {
		if (at == m->nevents) {
			event_free(ev);
			return;
		}
		event_free(&m->events[m->nevents - 1]);
		m->nevents--;
	}
	memmove(&m->events[at + 1], &m->events[at],
		(m->nevents - at) * sizeof(m->events[0]));
	m->events[at] = *ev;
	m->nevents++;
	m->dirty = true;
}

static const char *
verb_for(enum health_state to)
{
	switch (to) {
	case HEALTH_HEALTHY:
		return "went healthy";
	case HEALTH_UNHEALTHY:
		return "went unhealthy";
	case HEALTH_DISABLED:
		return "was disabled";
	case HEALTH_DEGRADED:
		return "went degraded";
	case HEALTH_UNKNOWN:
		break;
	}
	return "became unknown";
}

static void
add_transition(struct health_model *m, const struct health_pool *p,
	       const struct health_origin *o, const char *region,
	       enum health_state from, enum health_state to, const char *reason,
	       time_t at, enum health_event_source src)
{
	struct health_event ev = { 0 };
	char clock[32];
	const char *verb = verb_for(to);

	if (from == HEALTH_DISABLED && to != HEALTH_DISABLED)
		verb = "was enabled";
	timefmt_clock(at, clock, sizeof(clock)); /* ui.utc */
	ev.at = at;
	ev.source = src;
	ev.pool_id = xstrdup(p ? p->id : NULL);
	ev.pool_name = xstrdup(p ? p->name : NULL);
	ev.origin_name = xstrdup(o ? o->name : NULL);
	ev.region = region && *region ? xstrdup(region) : NULL;
	ev.from = from;
	ev.to = to;
	ev.reason = to == HEALTH_UNHEALTHY ? xstrdup(reason) : NULL;
	/* An origin just enabled is unknown until its next check: say why
	 * the line carries the unknown mark. */
	ev.text = strfmt("origin %s (pool %s) %s%s%s at %s%s%s%s",
			 o && o->name ? o->name : "?",
			 p && p->name ? p->name : "?", verb,
			 ev.region ? " in " : "", ev.region ? ev.region : "",
			 clock, ev.reason ? ", reason: " : "",
			 ev.reason ? ev.reason : "",
			 from == HEALTH_DISABLED && to == HEALTH_UNKNOWN
				 ? ", health not known yet"
				 : "");
	push_event(m, &ev);
}

/* ---- derived state --------------------------------------------------- */

static void
recompute_origin(struct health_origin *o, bool have_health)
{
	size_t i, ok = 0;
	const struct health_region *bad = NULL;

	for (i = 0; i < o->nregions; i++) {
		if (o->regions[i].healthy)
			ok++;
		else if (!bad)
			bad = &o->regions[i];
	}
	o->nregions_healthy = ok;
	free(o->failure_reason);
	o->failure_reason = NULL;
	o->has_response_code = false;
	if (bad) {
		o->failure_reason = xstrdup(bad->failure_reason);
		o->has_response_code = bad->has_response_code;
		o->response_code = bad->response_code;
	} else if (o->nregions) {
		o->has_response_code = o->regions[0].has_response_code;
		o->response_code = o->regions[0].response_code;
	}
	if (!o->enabled)
		o->state = HEALTH_DISABLED;
	else if (!have_health)
		o->state = HEALTH_UNKNOWN;
	else
		o->state = health_origin_state(ok, o->nregions);
}

static void
recompute_pool(struct health_pool *p)
{
	size_t i,
		min = (size_t)(p->minimum_origins > 0 ? p->minimum_origins : 0);

	p->n_enabled = p->n_disabled = p->n_healthy = p->n_unknown = 0;
	for (i = 0; i < p->norigins; i++) {
		const struct health_origin *o = &p->origins[i];

		if (!o->enabled) {
			p->n_disabled++;
			continue;
		}
		p->n_enabled++;
		if (o->state == HEALTH_HEALTHY)
			p->n_healthy++;
		else if (o->state == HEALTH_UNKNOWN)
			p->n_unknown++;
	}
	p->below_minimum = p->enabled && p->has_health && p->n_healthy < min;
	if (!p->enabled)
		p->state = HEALTH_DISABLED;
	else if (!p->has_health ||
		 (p->n_enabled && p->n_unknown == p->n_enabled))
		p->state = HEALTH_UNKNOWN;
	else if (p->n_healthy < min || p->n_healthy == 0)
		p->state = HEALTH_UNHEALTHY; /* critical */
	else if (p->n_healthy < p->n_enabled)
		p->state = HEALTH_DEGRADED;
	else
		p->state = HEALTH_HEALTHY;
}

/* Did the settings an on-call engineer acts on change between two reads? */
static bool
settings_differ(const struct health_pool *old, const struct health_pool *p)
{
	size_t i;

	if (!old || old->enabled != p->enabled ||
	    old->minimum_origins != p->minimum_origins ||
	    old->norigins != p->norigins || (!old->monitor) != (!p->monitor) ||
	    (old->monitor && strcmp(old->monitor, p->monitor)) ||
	    (!old->name) != (!p->name) ||
	    (old->name && strcmp(old->name, p->name)))
		return true;
	for (i = 0; i < p->norigins; i++) {
		const struct health_origin *a = &old->origins[i];
		const struct health_origin *b = &p->origins[i];

		if (a->enabled != b->enabled || a->weight != b->weight ||
		    (!a->name) != (!b->name) ||
		    (a->name && strcmp(a->name, b->name)) ||
		    (!a->address) != (!b->address) ||
		    (a->address && strcasecmp(a->address, b->address)))
			return true;
	}
	return false;
}

static struct health_pool *
find_pool(struct health_model *m, const char *id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < m->npools; i++)
		if (m->pools[i].id && strcmp(m->pools[i].id, id) == 0)
			return &m->pools[i];
	return NULL;
}

static struct health_origin *
find_origin(struct health_pool *p, const char *address, const char *name)
{
	size_t i;

	for (i = 0; address && i < p->norigins; i++)
		if (p->origins[i].address &&
		    strcasecmp(p->origins[i].address, address) == 0)
			return &p->origins[i];
	for (i = 0; name && i < p->norigins; i++)
		if (p->origins[i].name && strcmp(p->origins[i].name, name) == 0)
			return &p->origins[i];
	return NULL;
}

/* ---- writers --------------------------------------------------------- */

void
health_model_set_pools(struct health_model *m, const struct cf_pool *pools,
		       size_t n, time_t now)
{
	struct health_pool *np;
	size_t i, j;
	bool changed;

	if (!m)
		return;
	np = xcalloc(n, sizeof(*np));
	pthread_mutex_lock(&m->work_lock);
	changed = n != m->npools;
	for (i = 0; i < n; i++) {
		const struct cf_pool *src = &pools[i];
		struct health_pool *old = find_pool(m, src->id);
		struct health_pool *p = &np[i];

		p->id = xstrdup(src->id);
		p->name = xstrdup(src->name);
		p->enabled = src->enabled;
		p->minimum_origins = src->minimum_origins;
		p->monitor = xstrdup(src->monitor);
		p->config_at = now;
		if (old) {
			p->has_health = old->has_health;
			p->polled_at = old->polled_at;
			p->poll_every = old->poll_every;
			p->config_every = old->config_every;
			p->last_error = xstrdup(old->last_error);
		}
		p->norigins = src->norigins;
		p->origins = xcalloc(src->norigins, sizeof(*p->origins));
		for (j = 0; j < src->norigins; j++) {
			const struct cf_origin *so = &src->origins[j];
			struct health_origin *o = &p->origins[j];
			struct health_origin *oo =
				old ? find_origin(old, so->address, NULL)
				    : NULL;

			if (oo) {
				origin_copy(o, oo);
				free(o->name);
			}
			o->name = xstrdup(so->name);
			if (!oo) {
				o->address = xstrdup(so->address);
			}
			o->enabled = so->enabled;
			o->weight = so->weight;
			recompute_origin(o, p->has_health);
			if (oo && oo->state != o->state) {
				o->changed_at = now;
				if (oo->enabled != o->enabled)
					add_transition(m, p, o, NULL, oo->state,
						       o->state, NULL, now,
						       HEALTH_EV_POLL);
			} else if (!oo && o->state != HEALTH_UNKNOWN) {
				o->changed_at = now;
			}
		}
		recompute_pool(p);
		changed |= settings_differ(old, p);
	}
	for (i = 0; i < m->npools; i++)
		pool_free(&m->pools[i]);
	free(m->pools);
	m->pools = np;
	m->npools = n;
	if (changed)
		m->config_gen++;
	m->dirty = true;
	pthread_mutex_unlock(&m->work_lock);
}

void
health_model_set_expect(struct health_model *m, const char *pool_id,
			double poll_every, double config_every)
{
	size_t i;

	if (!m)
		return;
	pthread_mutex_lock(&m->work_lock);
	for (i = 0; i < m->npools; i++) {
		struct health_pool *p = &m->pools[i];

		if (pool_id && (!p->id || strcmp(p->id, pool_id)))
			continue;
		/* Whole seconds: a plan that moves by a fraction is not
		 * worth a new snapshot. */
		if (pool_id && fabs(p->poll_every - poll_every) >= 1) {
			p->poll_every = poll_every;
			m->dirty = true;
		}
		if (fabs(p->config_every - config_every) >= 1) {
			p->config_every = config_every;
			m->dirty = true;
		}
	}
	pthread_mutex_unlock(&m->work_lock);
}

static const struct health_region *
find_region(const struct health_origin *o, const char *region)
{
	size_t i;

	for (i = 0; i < o->nregions; i++)
		if (strcmp(o->regions[i].region, region) == 0)
			return &o->regions[i];
	return NULL;
}

/* Builds the new region list of one origin from a health answer. */
static void
collect_regions(const struct cf_pool_health *h, const char *address,
		struct health_region **out, size_t *nout)
{
	size_t i, j, n = 0;
	struct health_region *r;

	for (i = 0; i < h->npops; i++)
		for (j = 0; j < h->pops[i].norigins; j++)
			if (h->pops[i].origins[j].address && address &&
			    strcasecmp(h->pops[i].origins[j].address,
				       address) == 0)
				n++;
	r = n ? xcalloc(n, sizeof(*r)) : NULL;
	n = 0;
	for (i = 0; i < h->npops; i++) {
		for (j = 0; j < h->pops[i].norigins; j++) {
			const struct cf_origin_health *oh =
				&h->pops[i].origins[j];

			if (!oh->address || !address ||
			    strcasecmp(oh->address, address) != 0)
				continue;
			r[n].region =
				xstrdup(h->pops[i].pop ? h->pops[i].pop : "");
			r[n].healthy = oh->healthy;
			/* 0 is not an HTTP status: the check got no answer,
			 * and then its "rtt" is how long it waited, not a
			 * round trip (health.h). */
			r[n].has_response_code =
				oh->has_response_code && oh->response_code > 0;
			r[n].response_code =
				r[n].has_response_code ? oh->response_code : 0;
			r[n].has_rtt = oh->has_rtt && oh->rtt_ms >= 0 &&
				       (oh->healthy || r[n].has_response_code);
			r[n].rtt_ms = r[n].has_rtt ? oh->rtt_ms : 0;
			r[n].failure_reason = xstrdup(oh->failure_reason);
			n++;
		}
	}
	*out = r;
	*nout = n;
}

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/*
 * Is `nr` (this poll) the same set of check results as `old` (the last
 * poll)? The health endpoint has no check time: a new check shows as new
 * values (RTTs are reported to 0.1 ms), so equal answers in every region
 * are the same check read again.
 */
static bool
same_check(const struct health_region *old, size_t nold,
	   const struct health_region *nr, size_t nn)
{
	size_t i, k;

	if (nold != nn)
		return false;
	for (i = 0; i < nn; i++) {
		const struct health_region *a = &nr[i], *b = NULL;

		for (k = 0; k < nold && !b; k++)
			if (str_same(old[k].region, a->region))
				b = &old[k];
		if (!b || a->healthy != b->healthy ||
		    a->has_rtt != b->has_rtt ||
		    (a->has_rtt && a->rtt_ms != b->rtt_ms) ||
		    a->has_response_code != b->has_response_code ||
		    a->response_code != b->response_code ||
		    !str_same(a->failure_reason, b->failure_reason))
			return false;
	}
	return true;
}

/* Adds the mean RTT of the origin's regions (NAN when no region had one)
 * as the newest sample. */
static void
push_rtt(struct health_origin *o)
{
	size_t i, n = 0;
	double sum = 0;

	if (!o->nregions)
		return;
	for (i = 0; i < o->nregions; i++) {
		if (o->regions[i].has_rtt) {
			sum += o->regions[i].rtt_ms;
			n++;
		}
	}
	if (o->nrtt == HEALTH_RTT_SAMPLES) {
		memmove(&o->rtt[0], &o->rtt[1],
			(HEALTH_RTT_SAMPLES - 1) * sizeof(o->rtt[0]));
		o->nrtt--;
	}
	o->rtt[o->nrtt++] = n ? sum / (double)n : NAN;
}

bool
health_model_apply_health(struct health_model *m, const char *pool_id,
			  const struct cf_pool_health *h, time_t now)
{
	struct health_pool *p;
	size_t i, k;

	if (!m || !h)
		return false;
	pthread_mutex_lock(&m->work_lock);
	p = find_pool(m, pool_id);
	if (!p) {
		pthread_mutex_unlock(&m->work_lock);
		return false;
	}
	for (i = 0; i < p->norigins; i++) {
		struct health_origin *o = &p->origins[i];
		struct health_region *nr;
		size_t nn;
		enum health_state before = o->state;
		bool had = o->nregions > 0, fresh;

		collect_regions(h, o->address, &nr, &nn);
		fresh = nn && !same_check(o->regions, o->nregions, nr, nn);
		/* Region transitions of an enabled origin we knew before. */
		for (k = 0; o->enabled && had && k < nn; k++) {
			const struct health_region *prev =
				find_region(o, nr[k].region);

			if (prev && prev->healthy != nr[k].healthy)
				add_transition(m, p, o, nr[k].region,
					       prev->healthy ? HEALTH_HEALTHY
							     : HEALTH_UNHEALTHY,
					       nr[k].healthy ? HEALTH_HEALTHY
							     : HEALTH_UNHEALTHY,
					       nr[k].failure_reason, now,
					       HEALTH_EV_POLL);
		}
		regions_free(o->regions, o->nregions);
		o->regions = nr;
		o->nregions = nn;
		recompute_origin(o, true);
		if (fresh)
			push_rtt(o);
		if (o->state != before) {
			o->changed_at = now;
			/* First knowledge is not a transition; a change
			 * without region detail (e.g. data went missing)
			 * still is. */
			if (before != HEALTH_UNKNOWN && !(had && nn))
				add_transition(m, p, o, NULL, before, o->state,
					       o->failure_reason, now,
					       HEALTH_EV_POLL);
		}
	}
	p->has_health = true;
	p->polled_at = now;
	free(p->last_error);
	p->last_error = NULL;
	for (i = 0; i < p->norigins; i++)
		recompute_origin(&p->origins[i], true);
	recompute_pool(p);
	m->dirty = true;
	pthread_mutex_unlock(&m->work_lock);
	return true;
}

void
health_model_pool_error(struct health_model *m, const char *pool_id,
			const char *message, bool clear_health, time_t now)
{
	struct health_pool *p;
	size_t i;

	if (!m)
		return;
	pthread_mutex_lock(&m->work_lock);
	p = find_pool(m, pool_id);
	if (p) {
		free(p->last_error);
		p->last_error = xstrdup(message);
		if (clear_health) {
			p->has_health = false;
			for (i = 0; i < p->norigins; i++) {
				struct health_origin *o = &p->origins[i];
				enum health_state before = o->state;

				regions_free(o->regions, o->nregions);
				o->regions = NULL;
				o->nregions = 0;
				recompute_origin(o, false);
				if (o->state != before)
					o->changed_at = now;
			}
			recompute_pool(p);
		}
		m->dirty = true;
	}
	pthread_mutex_unlock(&m->work_lock);
}

static bool
seen_event(struct health_model *m, long long id)
{
	size_t i;

	for (i = 0; i < m->nseen; i++)
		if (m->seen_ids[i] == id)
			return true;
	m->seen_ids[m->seen_head] = id;
	m->seen_head = (m->seen_head + 1) % SEEN_IDS_MAX;
	if (m->nseen < SEEN_IDS_MAX)
		m->nseen++;
	return false;
}

/* "2024-01-02T03:12:04Z" -> time_t (UTC); 0 when unparsable. */
static time_t
parse_rfc3339(const char *s)
{
	struct tm tm = { 0 };
	const char *rest;

	if (!s)
		return 0;
	rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest)
		return 0;
	return timegm(&tm);
}

size_t
health_model_apply_events(struct health_model *m,
			  const struct cf_health_event *ev, size_t n)
{
	size_t i, j, added = 0;

	if (!m)
		return 0;
	pthread_mutex_lock(&m->work_lock);
	/* Oldest first so the newest ends up at the front of the log. */
	for (i = n; i-- > 0;) {
		const struct cf_health_event *e = &ev[i];
		struct health_pool fake = { 0 };
		struct health_pool *p;
		time_t at;
		size_t marked = 0;

		if (seen_event(m, e->id))
			continue;
		at = parse_rfc3339(e->timestamp);
		p = find_pool(m, e->pool_id);
		if (!p) {
			fake.id = e->pool_id;
			fake.name = e->pool_name;
			p = &fake;
		}
		for (j = 0; j < e->norigins; j++)
			if (e->origins[j].changed)
				marked++;
		for (j = 0; j < e->norigins; j++) {
			const struct cf_event_origin *eo = &e->origins[j];
			struct health_origin o = { 0 };
			enum health_state to;

			if (marked && !eo->changed)
				continue;
			o.name = eo->name ? eo->name : eo->address;
			to = !eo->enabled  ? HEALTH_DISABLED
			     : eo->healthy ? HEALTH_HEALTHY
					   : HEALTH_UNHEALTHY;
			add_transition(m, p, &o, NULL, HEALTH_UNKNOWN, to,
				       eo->failure_reason, at, HEALTH_EV_API);
			added++;
		}
		if (e->norigins == 0) {
			struct health_event pe = { 0 };
			char clock[32];

			timefmt_clock(at, clock, sizeof(clock)); /* ui.utc */
			pe.at = at;
			pe.source = HEALTH_EV_API;
			pe.pool_id = xstrdup(e->pool_id);
			pe.pool_name = xstrdup(e->pool_name);
			pe.to = e->pool_healthy ? HEALTH_HEALTHY
						: HEALTH_UNHEALTHY;
			pe.text = strfmt("pool %s went %s at %s",
					 e->pool_name ? e->pool_name : "?",
					 health_state_name(pe.to), clock);
			push_event(m, &pe);
			added++;
		}
	}
	pthread_mutex_unlock(&m->work_lock);
	return added;
}

void
health_model_note(struct health_model *m, const char *pool_id,
		  const char *origin_name, const char *text, time_t now)
{
	struct health_event ev = { 0 };
	struct health_pool *p;

	if (!m || !text)
		return;
	pthread_mutex_lock(&m->work_lock);
	p = find_pool(m, pool_id);
	ev.at = now;
	ev.source = HEALTH_EV_NOTE;
	ev.pool_id = xstrdup(pool_id);
	ev.pool_name = xstrdup(p ? p->name : NULL);
	ev.origin_name = xstrdup(origin_name);
	ev.text = xstrdup(text);
	push_event(m, &ev);
	pthread_mutex_unlock(&m->work_lock);
}

/* ---- publishing ------------------------------------------------------ */

unsigned long
health_model_publish(struct health_model *m, time_t now)
{
	struct health_snapshot *s, *old;
	unsigned long gen;
	size_t i;

	if (!m)
		return 0;
	pthread_mutex_lock(&m->work_lock);
	if (!m->dirty) {
		gen = m->generation;
		pthread_mutex_unlock(&m->work_lock);
		return gen;
	}
	s = xcalloc(1, sizeof(*s));
	s->built_at = now;
	s->config_gen = m->config_gen;
	s->npools = m->npools;
	s->pools = m->npools ? xcalloc(m->npools, sizeof(*s->pools)) : NULL;
	for (i = 0; i < m->npools; i++)
		pool_copy(&s->pools[i], &m->pools[i]);
	s->nevents = m->nevents;
	s->events = m->nevents ? xcalloc(m->nevents, sizeof(*s->events)) : NULL;
	for (i = 0; i < m->nevents; i++)
		event_copy(&s->events[i], &m->events[i]);
	m->dirty = false;
	gen = ++m->generation;
	s->generation = gen;
	atomic_init(&s->refs, 1);
	pthread_mutex_unlock(&m->work_lock);

	pthread_mutex_lock(&m->pub_lock);
	old = m->published;
	m->published = s;
	m->pub_generation = gen;
	pthread_mutex_unlock(&m->pub_lock);
	health_snapshot_release(old);
	return gen;
}

unsigned long
health_model_generation(struct health_model *m)
{
	unsigned long g;

	if (!m)
		return 0;
	pthread_mutex_lock(&m->pub_lock);
	g = m->pub_generation;
	pthread_mutex_unlock(&m->pub_lock);
	return g;
}

const struct health_snapshot *
health_model_acquire(struct health_model *m)
{
	struct health_snapshot *s;

	if (!m)
		return NULL;
	pthread_mutex_lock(&m->pub_lock);
	s = m->published;
	if (s)
		atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&m->pub_lock);
	return s;
}

void
health_snapshot_release(const struct health_snapshot *cs)
{
	/* The snapshot is immutable to readers; only its reference count
	 * changes, so dropping const here is the one sanctioned write. */
	struct health_snapshot *s = (struct health_snapshot *)(uintptr_t)cs;

	if (!s)
		return;
	if (atomic_fetch_sub(&s->refs, 1) == 1)
		snapshot_free(s);
}

const struct health_pool *
health_snapshot_find_pool(const struct health_snapshot *s,
			  const char *id_or_name)
{
	size_t i;

	if (!s || !id_or_name)
		return NULL;
	for (i = 0; i < s->npools; i++)
		if (s->pools[i].id && strcmp(s->pools[i].id, id_or_name) == 0)
			return &s->pools[i];
	for (i = 0; i < s->npools; i++)
		if (s->pools[i].name &&
		    strcmp(s->pools[i].name, id_or_name) == 0)
			return &s->pools[i];
	return NULL;
}

/* ---- pure helpers ---------------------------------------------------- */

bool
health_pool_stale(const struct health_pool *p, time_t now, long *age)
{
	long ha = -1, ca = -1, a = 0;
	bool stale = false;

	if (p->monitor && p->polled_at) {
		ha = (long)(now - p->polled_at);
		if (ha < 0)
			ha = 0;
		stale |= p->poll_every > 0 && ha > 2 * p->poll_every;
	}
	if (p->config_at) {
		ca = (long)(now - p->config_at);
		if (ca < 0)
			ca = 0;
		stale |= p->config_every > 0 && ca > 2 * p->config_every;
	}
	a = ha > ca ? ha : ca;
	if (age)
		*age = a > 0 ? a : 0;
	return stale;
}

bool
health_origin_rtt(const struct health_origin *o, double *ms)
{
	if (!o || !o->nrtt || isnan(o->rtt[o->nrtt - 1]))
		return false;
	*ms = o->rtt[o->nrtt - 1];
	return true;
}

char *
health_pool_summary(const struct health_pool *p, char *buf, size_t size)
{
	int n;

	n = snprintf(buf, size, "%zu healthy of %zu", p->n_healthy,
		     p->norigins);
	if (n < 0 || (size_t)n >= size)
		return buf;
	if (p->n_disabled && p->n_unknown)
		snprintf(buf + n, size - (size_t)n,
			 " (%zu disabled, %zu unknown)", p->n_disabled,
			 p->n_unknown);
	else if (p->n_disabled)
		snprintf(buf + n, size - (size_t)n, " (%zu disabled)",
			 p->n_disabled);
	else if (p->n_unknown)
		snprintf(buf + n, size - (size_t)n, " (%zu unknown)",
			 p->n_unknown);
	return buf;
}
