/* ratelimit.c: cfsim's per-credential request limit (fixed window, Cloudflare's 1200 per 300 s by default). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim/services.h"

struct bucket {
	char label[48];
	time_t start;
	int used;
	struct bucket *next;
};

struct sim_ratelimit {
	pthread_mutex_t mu;
	int limit, window;
	struct bucket *buckets;
};

static time_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct sim_ratelimit *
ratelimit_new(int limit, int window_s)
{
	struct sim_ratelimit *rl = calloc(1, sizeof(*rl));

	if (!rl)
		abort();
	pthread_mutex_init(&rl->mu, NULL);
	rl->limit = limit;
	rl->window = window_s > 0 ? window_s : 1;
	return rl;
}

static void
drop_buckets(struct sim_ratelimit *rl)
{
	while (rl->buckets) {
		struct bucket *n = rl->buckets->next;

		free(rl->buckets);
		rl->buckets = n;
	}
}

void
ratelimit_free(struct sim_ratelimit *rl)
{
	if (!rl)
		return;
	drop_buckets(rl);
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

void
ratelimit_set(struct sim_ratelimit *rl, int limit, int window_s)
{
	pthread_mutex_lock(&rl->mu);
	rl->limit = limit;
	rl->window = window_s > 0 ? window_s : 1;
	drop_buckets(rl);
	pthread_mutex_unlock(&rl->mu);
}

void
ratelimit_reset(struct sim_ratelimit *rl)
{
	pthread_mutex_lock(&rl->mu);
	drop_buckets(rl);
	pthread_mutex_unlock(&rl->mu);
}

bool
ratelimit_take(struct sim_ratelimit *rl, const char *label, int *remaining,
	       int *reset, int *limit, int *window)
{
	struct bucket *b;
	time_t now = mono_now();
	bool ok;

	pthread_mutex_lock(&rl->mu);
	for (b = rl->buckets; b; b = b->next)
		if (strcmp(b->label, label) == 0)
			break;
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b)
			abort();
		strncpy(b->label, label, sizeof(b->label) - 1);
		b->start = now;
		b->next = rl->buckets;
		rl->buckets = b;
	}
	if (now - b->start >= rl->window) {
		b->start = now;
		b->used = 0;
	}
	ok = b->used < rl->limit;
	if (ok)
		b->used++;
	*remaining = rl->limit - b->used;
	*reset = (int)(b->start + rl->window - now);
	if (*reset < 1)
		*reset = 1;
	*limit = rl->limit;
	*window = rl->window;
	pthread_mutex_unlock(&rl->mu);
	return ok;
}

cJSON *
ratelimit_json(struct sim_ratelimit *rl)
{
	cJSON *j = cJSON_CreateObject();

	pthread_mutex_lock(&rl->mu);
	cJSON_AddNumberToObject(j, "limit", rl->limit);
	cJSON_AddNumberToObject(j, "window", rl->window);
	pthread_mutex_unlock(&rl->mu);
	return j;
}
