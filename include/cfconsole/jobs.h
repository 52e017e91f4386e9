/* jobs.h: worker threads that run UI-requested loads against the API and publish the results to the store. */
#ifndef CFCONSOLE_JOBS_H
#define CFCONSOLE_JOBS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/store.h"

/*
 * The UI thread never blocks on the network: it calls jobs_load(), which
 * starts a store epoch (the resource turns LOADING at once), queues a job
 * and returns. A worker thread runs the job with a cf_client of its own,
 * publishes the result (or the error, keeping the previous items) to the
 * store, and the store's self-pipe wakes the UI.
 *
 * A newer load of the same kind supersedes an older one: the older job is
 * cancelled (its transfers abort through the client's cancel flag) and
 * whatever it would still publish is ignored by the store's epoch check.
 *
 * DNS lists are streamed with cf_dns_list_stream(): every page is published
 * as it arrives (items grow, `total` announces the size), so the first rows
 * of a 100 000-record zone show long before the last page lands.
 */

struct jobs;

/*
 * Makes a client (the session's session_new_client, or a test double with
 * a fake transport): once at jobs_start to check, then once per worker
 * thread, which keeps it for every job it runs (its connections are
 * reused) and installs each job's cancel flag with cf_client_set_cancel.
 * cancel must be installed on the new client. Returns NULL with *err
 * filled on failure (the next job tries again). Called from worker threads
 * and from jobs_start: it must be thread-safe.
 */
typedef struct cf_client *(*jobs_client_fn)(void *ud, const atomic_bool *cancel,
					    struct cf_error *err);

struct jobs_options {
	jobs_client_fn new_client; /* required */
	void *client_ud;
	const char *account_id; /* copied; needed for pools/monitors */
	int nthreads;		/* workers, default 2 */
};

/*
 * Starts the workers. cf_global_init() must have run. Returns NULL and
 * fills err when no client can be made (one is made and freed up front to
 * check). The store must outlive jobs.
 */
struct jobs *jobs_start(struct store *store, const struct jobs_options *opts,
			struct cf_error *err);

/* Cancels every job, joins the workers and frees everything. NULL no-op. */
void jobs_stop(struct jobs *j);

/*
 * Queues a load of kind (scope_id: the zone id for STORE_DNS / STORE_LBS,
 * ignored otherwise; copied). Supersedes and cancels an older load of the
 * same kind. Returns the store epoch of the new load. Any thread (the UI).
 */
unsigned long jobs_load(struct jobs *j, enum store_kind kind,
			const char *scope_id);

/* Jobs queued or running. Any thread. */
size_t jobs_pending(struct jobs *j);

/* Account id the jobs use (may be NULL). Owned by jobs. */
const char *jobs_account_id(const struct jobs *j);

/*
 * True when the last finished job failed to reach the API at all
 * (network/timeout), false after any success. Lets the header say
 * "offline" when cfsim or the API goes away.
 */
bool jobs_offline(struct jobs *j);

/*
 * A task: work the UI hands to a worker (a safe origin toggle, a local
 * probe). Runs on a worker thread with that worker's client (c, not to be
 * freed or kept after fn returns; its cancel flag is the job's) and the
 * job's cancel flag. When no client could be made, c is
 * NULL and err says why. At jobs_stop() a task still queued is called once
 * with c == NULL, err == NULL and cancel set, so its owner always hears of
 * it. fn hands its result to the UI by posting a completion as its last act
 * (store_completions, completion.h: the queue's mutex makes what it wrote
 * visible); the worker also wakes the UI (store_poke) after fn returns.
 */
typedef void (*jobs_task_fn)(struct cf_client *c, const atomic_bool *cancel,
			     const struct cf_error *err, void *ud);

/*
 * Queues task fn(ud) behind the loads already queued. Tasks are never
 * superseded. ud is not owned. Returns false (fn is not called) on OOM or
 * after jobs_stop started. Any thread.
 */
bool jobs_task(struct jobs *j, jobs_task_fn fn, void *ud);

#endif
