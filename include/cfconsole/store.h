/* store.h: immutable, reference-counted snapshots of the account's objects, shared by workers and the UI. */
#ifndef CFCONSOLE_STORE_H
#define CFCONSOLE_STORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_models.h"

/*
 * The store holds one published `struct store_snapshot`. A snapshot is never
 * modified after publication: writers (worker threads) build a new resource
 * (`struct store_res`) outside the lock and publish it, which makes a new
 * snapshot sharing every other resource, bumps the generation and posts
 * COMPLETION_STORE to the completion queue, whose wake writes one byte to a
 * non-blocking self-pipe so the UI thread wakes from poll().
 *
 * Items are shared, never copied: a resource holds references on the pages
 * (cf_*_list) it was built from, so a 100 000-record zone delivered page by
 * page costs one pointer per record per publication, not a deep copy.
 *
 * Every function is thread-safe unless it says otherwise.
 */

/* The kinds of resources the console lists. */
enum store_kind {
	STORE_ZONES = 0,
	STORE_DNS, /* scoped to one zone */
	STORE_LBS, /* scoped to one zone */
	STORE_POOLS,
	STORE_MONITORS,
	STORE_NKINDS
};

enum store_state {
	STORE_EMPTY = 0, /* never requested */
	STORE_LOADING,	 /* a load is in flight; items may be partial */
	STORE_READY,	 /* complete */
	STORE_FAILED,	 /* the last load failed; items are the previous ones */
};

/*
 * One resource list. Read-only once published. Items point into pages owned
 * by the resource; cast with the typed accessors below.
 */
struct store_res {
	enum store_kind kind;
	enum store_state state;
	char *scope_id;	     /* zone id for DNS/LBs, NULL otherwise */
	size_t n;	     /* items available now */
	size_t total;	     /* announced total while loading (0 unknown) */
	const void **items;  /* n pointers to cf_zone/cf_dns_record/... */
	char *error;	     /* one-line message when FAILED, else NULL */
	double fetched_at;   /* CLOCK_REALTIME seconds of the last success */
	unsigned long epoch; /* the request epoch it answers (see below) */
	/* private */
	struct store_page **pages;
	size_t npages;
	atomic_int refs;
};

/* A published, immutable view of everything. */
struct store_snapshot {
	unsigned long generation; /* bumps on every publication */
	struct store_res
		*res[STORE_NKINDS]; /* never NULL (EMPTY when unused) */
	atomic_int refs;	    /* private */
};

struct store;

/* Creates an empty store with its self-pipe. NULL on failure (errno set). */
struct store *store_new(void);

/* Frees the store and its snapshot. Every snapshot acquired must have been
 * released and every writer stopped. NULL is a no-op. */
void store_free(struct store *s);

struct completion_queue;

/*
 * The console's completion queue (completion.h), owned by the store and
 * woken through its self-pipe: every publication posts COMPLETION_STORE to
 * it, and jobs, tasks, the poller and account switches post theirs. Never
 * NULL for a store store_new returned. Any thread.
 */
struct completion_queue *store_completions(struct store *s);

/* Read end of the self-pipe (non-blocking): poll it for POLLIN. */
int store_wake_fd(const struct store *s);

/* Wakes the UI without publishing anything (e.g. a job ended). */
void store_poke(struct store *s);

/* Reads and discards every pending wake byte. UI thread. */
void store_drain(struct store *s);

/*
 * Returns the current snapshot with a reference the caller owns; release it
 * with store_snapshot_release(). Never NULL.
 */
struct store_snapshot *store_acquire(struct store *s);

/* Adds a reference to snap (which the caller already holds one on). */
void store_snapshot_ref(struct store_snapshot *snap);

/* Drops a reference; frees the snapshot when it was the last. NULL no-op. */
void store_snapshot_release(struct store_snapshot *snap);

/* The current generation. */
unsigned long store_generation(struct store *s);

/*
 * Starts a new request for `kind` (scope_id: zone id for DNS/LBs, else
 * NULL; copied) and returns its epoch. The published resource becomes
 * LOADING for that scope (keeping its items when the scope is unchanged),
 * and any older epoch's later publications are ignored, so a cancelled or
 * superseded load can never overwrite newer data.
 */
unsigned long store_begin(struct store *s, enum store_kind kind,
			  const char *scope_id);

/*
 * Forgets everything (an account switch): every kind becomes EMPTY, not
 * scoped, with a new epoch, so whatever an older load still publishes is
 * ignored. Published as one or more new generations; wakes the UI.
 */
void store_reset(struct store *s);

/* The current epoch of kind (0 = never requested). */
unsigned long store_epoch(struct store *s, enum store_kind kind);

/* ---- building resources (writer side) --------------------------------- */

/* A new, empty resource (one reference, owned by the caller). NULL on OOM. */
struct store_res *store_res_new(enum store_kind kind, enum store_state state,
				const char *scope_id, unsigned long epoch);

/*
 * A new resource sharing every page of `old` (one reference, caller's), with
 * the given state. NULL on OOM.
 */
struct store_res *store_res_clone(const struct store_res *old,
				  enum store_state state);

/*
 * Appends a page: `list` points to a heap-allocated cf_*_list matching the
 * resource's kind (struct cf_zone_list for STORE_ZONES, cf_dns_record_list
 * for STORE_DNS, cf_load_balancer_list, cf_pool_list, cf_monitor_list).
 * Ownership of *list and the struct itself passes to the store in every case
 * (freed on failure too). Only while the resource is unpublished. false on
 * OOM.
 */
bool store_res_add_page(struct store_res *r, void *list);

/* Sets the error message (copied) of an unpublished resource. */
void store_res_set_error(struct store_res *r, const char *msg);

/* Adds / drops a reference. unref frees on the last one. NULL no-op. */
void store_res_ref(struct store_res *r);
void store_res_unref(struct store_res *r);

/*
 * Publishes r as kind's resource when r->epoch is still kind's current
 * epoch; takes its own reference (the caller keeps theirs). Bumps the
 * generation and wakes the UI. Returns false (nothing changes) when r is
 * stale or on OOM.
 */
bool store_publish(struct store *s, struct store_res *r);

/* ---- typed accessors ---------------------------------------------------- */

/* Item i of a resource of the matching kind; NULL when out of range or the
 * kind differs. The pointer lives as long as the resource. */
const struct cf_zone *store_zone(const struct store_res *r, size_t i);
const struct cf_dns_record *store_dns(const struct store_res *r, size_t i);
const struct cf_load_balancer *store_lb(const struct store_res *r, size_t i);
const struct cf_pool *store_pool(const struct store_res *r, size_t i);
const struct cf_monitor *store_monitor(const struct store_res *r, size_t i);

/* Lookups by id in a snapshot (linear; NULL when absent). */
const struct cf_zone *store_find_zone(const struct store_snapshot *snap,
				      const char *id);
const struct cf_pool *store_find_pool(const struct store_snapshot *snap,
				      const char *id);
const struct cf_monitor *store_find_monitor(const struct store_snapshot *snap,
					    const char *id);

/*
 * Wall-clock seconds for fetched_at: CFCONSOLE_NOW when set (RFC 3339 UTC
 * "2026-01-01T00:00:00Z" or epoch seconds; tests fix the clock with it),
 * else CLOCK_REALTIME. Any thread.
 */
double store_now(void);

/* Static name of a kind ("zones", "dns", ...). */
const char *store_kind_name(enum store_kind kind);

#endif
