/* store.c: immutable snapshots of the listed objects, swapped under a mutex, each one announced on the completion queue. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/completion.h"
#include "cfconsole/store.h"

/* One page as delivered by the client: owns a heap cf_*_list. */
struct store_page {
	enum store_kind kind;
	void *list;
	atomic_int refs;
};

struct store {
	pthread_mutex_t lock;
	struct store_snapshot *cur;
	unsigned long generation;
	unsigned long epoch[STORE_NKINDS];
	unsigned long next_epoch;
	int pipe_rd, pipe_wr;
	struct completion_queue *done; /* wakes through the pipe */
};

/* ---- pages ---------------------------------------------------------------- */

static void
page_free_list(enum store_kind kind, void *list)
{
	if (!list)
		return;
	switch (kind) {
	case STORE_ZONES:
		cf_zone_list_free(list);
		break;
	case STORE_DNS:
		cf_dns_record_list_free(list);
		break;
	case STORE_LBS:
		cf_load_balancer_list_free(list);
		break;
	case STORE_POOLS:
		cf_pool_list_free(list);
		break;
	case STORE_MONITORS:
		cf_monitor_list_free(list);
		break;
	case STORE_NKINDS:
		break;
	}
	free(list);
}

static void
page_unref(struct store_page *p)
{
	if (!p || atomic_fetch_sub(&p->refs, 1) != 1)
		return;
	page_free_list(p->kind, p->list);
	free(p);
}

/* Item count and the address of item i of a page. */
static size_t
page_count(const struct store_page *p)
{
	switch (p->kind) {
	case STORE_ZONES:
		return ((struct cf_zone_list *)p->list)->n;
	case STORE_DNS:
		return ((struct cf_dns_record_list *)p->list)->n;
	case STORE_LBS:
		return ((struct cf_load_balancer_list *)p->list)->n;
	case STORE_POOLS:
		return ((struct cf_pool_list *)p->list)->n;
	case STORE_MONITORS:
		return ((struct cf_monitor_list *)p->list)->n;
	case STORE_NKINDS:
		break;
	}
	return 0;
}

static const void *
page_item(const struct store_page *p, size_t i)
{
	switch (p->kind) {
	case STORE_ZONES:
		return &((struct cf_zone_list *)p->list)->items[i];
	case STORE_DNS:
		return &((struct cf_dns_record_list *)p->list)->items[i];
	case STORE_LBS:
		return &((struct cf_load_balancer_list *)p->list)->items[i];
	case STORE_POOLS:
		return &((struct cf_pool_list *)p->list)->items[i];
	case STORE_MONITORS:
		return &((struct cf_monitor_list *)p->list)->items[i];
	case STORE_NKINDS:
		break;
	}
	return NULL;
}

/* ---- resources ------------------------------------------------------------ */

struct store_res *
store_res_new(enum store_kind kind, enum store_state state,
	      const char *scope_id, unsigned long epoch)
{
	struct store_res *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->kind = kind;
	r->state = state;
	r->epoch = epoch;
	atomic_init(&r->refs, 1);
	if (scope_id) {
		r->scope_id = strdup(scope_id);
		if (!r->scope_id) {
			free(r);
			return NULL;
		}
	}
	return r;
}

struct store_res *
store_res_clone(const struct store_res *old, enum store_state state)
{
	struct store_res *r;
	size_t i;

	r = store_res_new(old->kind, state, old->scope_id, old->epoch);
	if (!r)
		return NULL;
	r->total = old->total;
	r->fetched_at = old->fetched_at;
	if (old->n) {
		r->items = malloc(old->n * sizeof(*r->items));
		if (!r->items)
			goto oom;
		memcpy(r->items, old->items, old->n * sizeof(*r->items));
		r->n = old->n;
	}
	if (old->npages) {
		r->pages = malloc(old->npages * sizeof(*r->pages));
		if (!r->pages)
			goto oom;
		for (i = 0; i < old->npages; i++) {
			r->pages[i] = old->pages[i];
			atomic_fetch_add(&r->pages[i]->refs, 1);
		}
		r->npages = old->npages;
	}
	return r;
oom:
	store_res_unref(r);
	return NULL;
}

bool
store_res_add_page(struct store_res *r, void *list)
{
	struct store_page *p, **pages;
	const void **items;
	size_t n, i;

	p = calloc(1, sizeof(*p));
	if (!p) {
		page_free_list(r->kind, list);
		return false;
	}
	p->kind = r->kind;
	p->list = list;
	atomic_init(&p->refs, 1);
	n = page_count(p);
	pages = realloc(r->pages, (r->npages + 1) * sizeof(*pages));
	if (!pages)
		goto fail;
	r->pages = pages;
	if (n) {
		items = realloc(r->items, (r->n + n) * sizeof(*items));
		if (!items)
			goto fail;
		r->items = items;
		for (i = 0; i < n; i++)
			r->items[r->n + i] = page_item(p, i);
		r->n += n;
	}
	r->pages[r->npages++] = p;
	return true;
fail:
	page_unref(p);
	return false;
}

void
store_res_set_error(struct store_res *r, const char *msg)
{
	free(r->error);
	r->error = msg ? strdup(msg) : NULL;
}

void
store_res_ref(struct store_res *r)
{
	if (r)
		atomic_fetch_add(&r->refs, 1);
}

void
store_res_unref(struct store_res *r)
{
	size_t i;

	if (!r || atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	for (i = 0; i < r->npages; i++)
		page_unref(r->pages[i]);
	free(r->pages);
	free(r->items);
	free(r->scope_id);
	free(r->error);
	free(r);
}

/* ---- snapshots ------------------------------------------------------------ */

void
store_snapshot_ref(struct store_snapshot *snap)
{
	atomic_fetch_add(&snap->refs, 1);
}

void
store_snapshot_release(struct store_snapshot *snap)
{
	int k;

	if (!snap || atomic_fetch_sub(&snap->refs, 1) != 1)
		return;
	for (k = 0; k < STORE_NKINDS; k++)
		store_res_unref(snap->res[k]);
	free(snap);
}

/* A new snapshot equal to old except for kind's resource (r, ref taken). */
static struct store_snapshot *
snapshot_with(const struct store_snapshot *old, struct store_res *r,
	      unsigned long generation)
{
	struct store_snapshot *snap = calloc(1, sizeof(*snap));
	int k;

	if (!snap)
		return NULL;
	atomic_init(&snap->refs, 1);
	snap->generation = generation;
	for (k = 0; k < STORE_NKINDS; k++) {
		snap->res[k] = (old && (int)r->kind != k) ? old->res[k] : r;
		if (!snap->res[k])
			continue;
		store_res_ref(snap->res[k]);
	}
	return snap;
}

void
store_poke(struct store *s)
{
	char b = 1;
	ssize_t rc;

	/* A full pipe already means "wake up": EAGAIN is fine. */
	do
		rc = write(s->pipe_wr, &b, 1);
	while (rc < 0 && errno == EINTR);
}

/* Tells the UI that generation gen is there (folded with one pending). */
static void
store_announce(struct store *s, unsigned long gen)
{
	completion_post(s->done, COMPLETION_STORE, NULL, NULL, gen);
}

static void
store_wake(void *ud)
{
	store_poke(ud);
}

/* Swaps in r; caller holds the lock. */
static bool
store_swap_locked(struct store *s, struct store_res *r)
{
	struct store_snapshot *snap;

	snap = snapshot_with(s->cur, r, s->generation + 1);
	if (!snap)
		return false;
	store_snapshot_release(s->cur);
	s->cur = snap;
	s->generation++;
	return true;
}

struct store *
store_new(void)
{
	struct store *s = calloc(1, sizeof(*s));
	int fds[2], k, i;

	if (!s)
		return NULL;
	if (pipe(fds) < 0) {
		free(s);
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	s->pipe_rd = fds[0];
	s->pipe_wr = fds[1];
	pthread_mutex_init(&s->lock, NULL);
	s->done = completion_queue_new(store_wake, s);
	if (!s->done)
		goto fail;
	s->cur = calloc(1, sizeof(*s->cur));
	if (!s->cur)
		goto fail;
	atomic_init(&s->cur->refs, 1);
	for (k = 0; k < STORE_NKINDS; k++) {
		s->cur->res[k] = store_res_new(k, STORE_EMPTY, NULL, 0);
		if (!s->cur->res[k])
			goto fail;
	}
	return s;
fail:
	store_free(s);
	return NULL;
}

void
store_free(struct store *s)
{
	if (!s)
		return;
	store_snapshot_release(s->cur);
	completion_queue_free(s->done);
	close(s->pipe_rd);
	close(s->pipe_wr);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

struct completion_queue *
store_completions(struct store *s)
{
	return s->done;
}

int
store_wake_fd(const struct store *s)
{
	return s->pipe_rd;
}

void
store_drain(struct store *s)
{
	char buf[256];

	while (read(s->pipe_rd, buf, sizeof(buf)) > 0)
		;
}

struct store_snapshot *
store_acquire(struct store *s)
{
	struct store_snapshot *snap;

	pthread_mutex_lock(&s->lock);
	snap = s->cur;
	atomic_fetch_add(&snap->refs, 1);
	pthread_mutex_unlock(&s->lock);
	return snap;
}

unsigned long
store_generation(struct store *s)
{
	unsigned long g;

	pthread_mutex_lock(&s->lock);
	g = s->generation;
	pthread_mutex_unlock(&s->lock);
	return g;
}

static bool
scope_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

unsigned long
store_begin(struct store *s, enum store_kind kind, const char *scope_id)
{
	struct store_res *old, *r;
	unsigned long epoch, gen;

	pthread_mutex_lock(&s->lock);
	epoch = ++s->next_epoch;
	s->epoch[kind] = epoch;
	old = s->cur->res[kind];
	if (scope_equal(old->scope_id, scope_id))
		r = store_res_clone(old, STORE_LOADING);
	else
		r = store_res_new(kind, STORE_LOADING, scope_id, epoch);
	if (r) {
		r->epoch = epoch;
		r->total = 0;
		store_swap_locked(s, r);
		store_res_unref(r);
	}
	gen = s->generation;
	pthread_mutex_unlock(&s->lock);
	store_announce(s, gen);
	return epoch;
}

void
store_reset(struct store *s)
{
	unsigned long gen;
	int k;

	pthread_mutex_lock(&s->lock);
	for (k = 0; k < STORE_NKINDS; k++) {
		unsigned long epoch = ++s->next_epoch;
		struct store_res *r = store_res_new((enum store_kind)k,
						    STORE_EMPTY, NULL, epoch);

		/* The new epoch alone already fences off older loads. */
		s->epoch[k] = epoch;
		if (r) {
			store_swap_locked(s, r);
			store_res_unref(r);
		}
	}
	gen = s->generation;
	pthread_mutex_unlock(&s->lock);
	store_announce(s, gen);
}

unsigned long
store_epoch(struct store *s, enum store_kind kind)
{
	unsigned long e;

	pthread_mutex_lock(&s->lock);
	e = s->epoch[kind];
	pthread_mutex_unlock(&s->lock);
	return e;
}

bool
store_publish(struct store *s, struct store_res *r)
{
	unsigned long gen;
	bool ok = false;

	if (r->state == STORE_READY && r->fetched_at == 0)
		r->fetched_at = store_now();
	pthread_mutex_lock(&s->lock);
	if (r->epoch == s->epoch[r->kind])
		ok = store_swap_locked(s, r);
	gen = s->generation;
	pthread_mutex_unlock(&s->lock);
	if (ok)
		store_announce(s, gen);
	return ok;
}

double
store_now(void)
{
	const char *fake = getenv("CFCONSOLE_NOW");
	struct timespec ts;
	struct tm tm;

	/* Tests fix the clock: CFCONSOLE_NOW=2026-01-01T00:00:00Z or epoch
	 * seconds. */
	if (fake && *fake) {
		char *end;
		double v = strtod(fake, &end);

		if (!*end)
			return v;
		memset(&tm, 0, sizeof(tm));
		end = strptime(fake, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end && (*end == 'Z' || !*end))
			return (double)timegm(&tm);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- accessors ------------------------------------------------------------ */

static const void *
res_item(const struct store_res *r, enum store_kind kind, size_t i)
{
	if (!r || r->kind != kind || i >= r->n)
		return NULL;
	return r->items[i];
}

const struct cf_zone *
store_zone(const struct store_res *r, size_t i)
{
	return res_item(r, STORE_ZONES, i);
}

const struct cf_dns_record *
store_dns(const struct store_res *r, size_t i)
{
	return res_item(r, STORE_DNS, i);
}

const struct cf_load_balancer *
store_lb(const struct store_res *r, size_t i)
{
	return res_item(r, STORE_LBS, i);
}

const struct cf_pool *
store_pool(const struct store_res *r, size_t i)
{
	return res_item(r, STORE_POOLS, i);
}

const struct cf_monitor *
store_monitor(const struct store_res *r, size_t i)
{
	return res_item(r, STORE_MONITORS, i);
}

const struct cf_zone *
store_find_zone(const struct store_snapshot *snap, const char *id)
{
	const struct store_res *r = snap->res[STORE_ZONES];
	size_t i;

	for (i = 0; id && i < r->n; i++)
		if (store_zone(r, i)->id && !strcmp(store_zone(r, i)->id, id))
			return store_zone(r, i);
	return NULL;
}

const struct cf_pool *
store_find_pool(const struct store_snapshot *snap, const char *id)
{
	const struct store_res *r = snap->res[STORE_POOLS];
	size_t i;

	for (i = 0; id && i < r->n; i++)
		if (store_pool(r, i)->id && !strcmp(store_pool(r, i)->id, id))
			return store_pool(r, i);
	return NULL;
}

const struct cf_monitor *
store_find_monitor(const struct store_snapshot *snap, const char *id)
{
	const struct store_res *r = snap->res[STORE_MONITORS];
	size_t i;

	for (i = 0; id && i < r->n; i++)
		if (store_monitor(r, i)->id &&
		    !strcmp(store_monitor(r, i)->id, id))
			return store_monitor(r, i);
	return NULL;
}

const char *
store_kind_name(enum store_kind kind)
{
	static const char *const names[STORE_NKINDS] = {
		[STORE_ZONES] = "zones",       [STORE_DNS] = "dns",
		[STORE_LBS] = "lbs",	       [STORE_POOLS] = "pools",
		[STORE_MONITORS] = "monitors",
	};

	return (unsigned)kind < STORE_NKINDS ? names[kind] : "?";
}
