/* completion.h: the completion queue: background work tells the UI thread it finished, in order, through one FIFO. */
#ifndef CFCONSOLE_COMPLETION_H
#define CFCONSOLE_COMPLETION_H

#include <stdbool.h>

/*
 * Worker threads (jobs, the poller, tasks) post a completion when their work
 * is done; the queue then calls its wake function (the store's self-pipe),
 * and the UI thread drains the queue in ui_sync and dispatches on `kind`.
 * Posting is the only hand-over: whatever the poster wrote before posting is
 * visible to the thread that takes the completion (the queue's mutex orders
 * them), so results need no atomics of their own.
 *
 * Completions without a payload (COMPLETION_STORE, COMPLETION_HEALTH) only
 * say "something newer is there": a second one posted while one is pending
 * is folded into it (its generation is kept if larger), so a slow UI never
 * makes the queue grow.
 */

enum completion_kind {
	COMPLETION_STORE,	/* the store published a generation */
	COMPLETION_HEALTH,	/* the health model published a snapshot */
	COMPLETION_ONCALL_TASK, /* an on-call task (payload: its task) */
	COMPLETION_WIZARD_TASK, /* a setup wizard task (payload: its task) */
	COMPLETION_RES_TASK, /* a resource change or test (payload: its task) */
	COMPLETION_ACCOUNTS, /* the account list for the picker arrived */
	COMPLETION_ACCOUNT_SWITCH, /* the picker chose another account */
	COMPLETION_NKINDS
};

/* Frees a payload nobody took (queue freed with it still pending). */
typedef void (*completion_free_fn)(void *payload);

/* Called after every post (any thread): must be quick and async-safe. */
typedef void (*completion_wake_fn)(void *ud);

struct completion {
	enum completion_kind kind;
	void *payload;		 /* NULL, or owned by the taker */
	completion_free_fn free; /* for payload, or NULL (not owned) */
	unsigned long gen;	 /* a generation or a task's serial */
	struct completion *next; /* private */
};

struct completion_queue;

/* A new, empty queue; wake (may be NULL) runs after each post. NULL on OOM. */
struct completion_queue *completion_queue_new(completion_wake_fn wake,
					      void *wake_ud);

/*
 * Frees the queue and every completion still in it, calling each one's free
 * function on its payload. No thread may post any more. NULL is a no-op.
 */
void completion_queue_free(struct completion_queue *q);

/*
 * Appends a completion and wakes the UI. A payload-less completion of a kind
 * already pending is folded into that one. free (may be NULL) releases
 * payload if the completion is never taken. Returns false on OOM (payload
 * is then freed with free, and the UI is still woken). Any thread; q NULL:
 * false, payload untouched.
 */
bool completion_post(struct completion_queue *q, enum completion_kind kind,
		     void *payload, completion_free_fn free, unsigned long gen);

/*
 * Takes the oldest completion (the caller owns it and its payload: free it
 * with completion_free). NULL when the queue is empty. UI thread.
 */
struct completion *completion_take(struct completion_queue *q);

/* Frees c; with payload true also its payload (through c->free). NULL no-op. */
void completion_free(struct completion *c, bool payload);

/* Completions waiting. Any thread. */
unsigned long completion_pending(struct completion_queue *q);

#endif
