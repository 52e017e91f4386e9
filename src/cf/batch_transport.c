/* batch_transport.c: the seam's window ops on top of a transport that only has perform() (a batch per wait). */
#include "cf/batch_transport.h"

#include <stdlib.h>

struct cf_batch {
	const struct cf_transport_ops *inner;
	void *inner_ctx;
	size_t width;
	struct cf_http_exchange **queued; /* added since the last batch */
	size_t nqueued;
	struct cf_http_exchange **ready; /* the last batch, to hand out */
	size_t nready, ready_pos;
	struct cf_http_exchange *tmp; /* contiguous copy for perform() */
};

struct cf_batch *
cf_batch_new(const struct cf_transport_ops *inner, void *inner_ctx,
	     size_t width)
{
	struct cf_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->inner = inner;
	b->inner_ctx = inner_ctx;
	b->width = width;
	b->queued = calloc(width, sizeof(*b->queued));
	b->ready = calloc(width, sizeof(*b->ready));
	b->tmp = calloc(width, sizeof(*b->tmp));
	if (!b->queued || !b->ready || !b->tmp) {
		cf_batch_free(b);
		return NULL;
	}
	return b;
}

void
cf_batch_free(struct cf_batch *b)
{
	if (!b)
		return;
	free(b->queued);
	free(b->ready);
	free(b->tmp);
	free(b);
}

static void
batch_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct cf_batch *b = ctx;

	b->inner->perform(b->inner_ctx, xs, n);
}

static bool
batch_add(void *ctx, struct cf_http_exchange *x)
{
	struct cf_batch *b = ctx;

	if (b->nqueued == b->width) {
		/* More than the window: a caller's bug, refused cleanly. */
		x->transport_status = CF_ERR_INTERNAL;
		return false;
	}
	b->queued[b->nqueued++] = x;
	return true;
}

static struct cf_http_exchange *
batch_wait_once(void *ctx, bool *idle)
{
	struct cf_batch *b = ctx;
	size_t i, n = b->nqueued;

	*idle = false;
	if (b->ready_pos < b->nready)
		return b->ready[b->ready_pos++];
	if (n == 0) {
		*idle = true;
		return NULL;
	}
	for (i = 0; i < n; i++)
		b->tmp[i] = *b->queued[i];
	b->inner->perform(b->inner_ctx, b->tmp, n);
	for (i = 0; i < n; i++) {
		*b->queued[i] = b->tmp[i];
		b->ready[i] = b->queued[i];
	}
	b->nready = n;
	b->ready_pos = 0;
	b->nqueued = 0;
	return b->ready[b->ready_pos++];
}

static void
batch_nothing(void *ctx)
{
	(void)ctx;
}

static void
batch_abort_all(void *ctx)
{
	struct cf_batch *b = ctx;

	b->nqueued = 0;
	b->nready = 0;
	b->ready_pos = 0;
}

const struct cf_transport_ops cf_batch_ops = {
	.perform = batch_perform,
	.add = batch_add,
	.wait_once = batch_wait_once,
	.kick = batch_nothing,
	.wakeup = batch_nothing,
	.abort_all = batch_abort_all,
};
