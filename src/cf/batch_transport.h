/* batch_transport.h: the seam's window ops on top of a transport that only has perform() (a batch per wait). */
#ifndef CFCONSOLE_CF_BATCH_TRANSPORT_H
#define CFCONSOLE_CF_BATCH_TRANSPORT_H

#include <stddef.h>

#include "cfconsole/cf_client.h"

/*
 * Wraps a perform()-only transport (most test fakes) so paging can drive it
 * through the same window ops as libcurl's: add() queues, wait_once()
 * sends everything queued as one perform() batch and then returns its
 * exchanges one by one; kick() and wakeup() do nothing. One thread (the
 * client's).
 */
struct cf_batch;

/* The ops to pair with a struct cf_batch * ctx. */
extern const struct cf_transport_ops cf_batch_ops;

/*
 * An adapter over inner (with inner_ctx) holding at most `width`
 * exchanges queued or returned per batch. NULL on out of memory.
 */
struct cf_batch *cf_batch_new(const struct cf_transport_ops *inner,
			      void *inner_ctx, size_t width);

/* Frees it. NULL is a no-op. */
void cf_batch_free(struct cf_batch *b);

#endif
