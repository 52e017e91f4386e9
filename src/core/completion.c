/* completion.c: the completion queue: a mutex-guarded FIFO that background work posts to and the UI thread drains. */
#include <pthread.h>
#include <stdlib.h>

#include "cfconsole/completion.h"

struct completion_queue {
	pthread_mutex_t lock;
	struct completion *head, *tail;
	unsigned long n;
	completion_wake_fn wake;
	void *wake_ud;
};

struct completion_queue *
completion_queue_new(completion_wake_fn wake, void *wake_ud)
{
	struct completion_queue *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	q->wake = wake;
	q->wake_ud = wake_ud;
	return q;
}

void
completion_free(struct completion *c, bool payload)
{
	if (!c)
		return;
	if (payload && c->free && c->payload)
		c->free(c->payload);
	free(c);
}

void
completion_queue_free(struct completion_queue *q)
{
	struct completion *c, *next;

	if (!q)
		return;
	for (c = q->head; c; c = next) {
		next = c->next;
		completion_free(c, true);
	}
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* A pending payload-less completion of kind, or NULL; lock held. */
static struct completion *
pending_signal(struct completion_queue *q, enum completion_kind kind)
{
	struct completion *c;

	for (c = q->head; c; c = c->next)
		if (c->kind == kind && !c->payload)
			return c;
	return NULL;
}

bool
completion_post(struct completion_queue *q, enum completion_kind kind,
		void *payload, completion_free_fn free_fn, unsigned long gen)
{
	struct completion *c = NULL, *had;
	bool ok = true;

	if (!q)
		return false;
	pthread_mutex_lock(&q->lock);
	had = payload ? NULL : pending_signal(q, kind);
	if (had) {
		if (gen > had->gen)
			had->gen = gen;
	} else {
		/* Allocated under the lock: rare, small, and it keeps the
		 * fold check and the append one step. */
		c = calloc(1, sizeof(*c));
		if (c) {
			c->kind = kind;
			c->payload = payload;
			c->free = free_fn;
			c->gen = gen;
			if (q->tail)
				q->tail->next = c;
			else
				q->head = c;
			q->tail = c;
			q->n++;
		} else {
			ok = false;
		}
	}
	pthread_mutex_unlock(&q->lock);
	if (!ok && free_fn && payload)
		free_fn(payload);
	if (q->wake)
		q->wake(q->wake_ud);
	return ok;
}

struct completion *
completion_take(struct completion_queue *q)
{
	struct completion *c;

	if (!q)
		return NULL;
	pthread_mutex_lock(&q->lock);
	c = q->head;
	if (c) {
		q->head = c->next;
		if (!q->head)
			q->tail = NULL;
		q->n--;
		c->next = NULL;
	}
	pthread_mutex_unlock(&q->lock);
	return c;
}

unsigned long
completion_pending(struct completion_queue *q)
{
	unsigned long n;

	if (!q)
		return 0;
	pthread_mutex_lock(&q->lock);
	n = q->n;
	pthread_mutex_unlock(&q->lock);
	return n;
}
