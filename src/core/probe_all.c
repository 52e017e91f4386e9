/* probe_all.c: "Test now": local probes of a list of origins in parallel, Cloudflare's preview of an existing pool or monitor, and both paired per origin. */
#include "cfconsole/probe_all.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/monoclock.h"

#define PROBE_ALL_THREADS 16
#define IN_PROGRESS "Preview in progress"

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void
probe_all_result_free(struct probe_all_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->rows[i].name);
		free(r->rows[i].address);
		free(r->rows[i].cf_reason);
	}
	free(r->rows);
	free(r->preview_id);
	memset(r, 0, sizeof(*r));
}

static bool
in_progress(const struct cf_origin_health *h)
{
	return h->failure_reason && !strcasecmp(h->failure_reason, IN_PROGRESS);
}

bool
probe_all_preview_done(const struct cf_preview_result *pv)
{
	size_t i, k;

	for (i = 0; i < pv->npools; i++)
		for (k = 0; k < pv->pools[i].norigins; k++)
			if (in_progress(&pv->pools[i].origins[k]))
				return false;
	return true;
}

size_t
probe_all_pair(struct probe_all_result *r, const struct cf_preview_result *pv,
	       const char *pool_id)
{
	size_t i, k, j, matched = 0, other = 0;

	for (j = 0; j < r->n; j++) {
		struct probe_all_row *row = &r->rows[j];

		row->cf = PROBE_ALL_CF_MISSING;
		free(row->cf_reason);
		row->cf_reason = NULL;
	}
	for (i = 0; i < pv->npools; i++) {
		const struct cf_preview_pool *pp = &pv->pools[i];

		if (pool_id && (!pp->pool_id || strcmp(pp->pool_id, pool_id)))
			continue;
		for (k = 0; k < pp->norigins; k++) {
			const struct cf_origin_health *h = &pp->origins[k];
			bool used = false;

			for (j = 0; j < r->n; j++) {
				struct probe_all_row *row = &r->rows[j];

				if (!h->address || !row->address ||
				    strcasecmp(h->address, row->address) ||
				    row->cf != PROBE_ALL_CF_MISSING)
					continue;
				used = true;
				matched++;
				if (in_progress(h)) {
					row->cf = PROBE_ALL_CF_PENDING;
					continue;
				}
				row->cf = PROBE_ALL_CF_DONE;
				row->cf_healthy = h->healthy;
				row->cf_has_rtt = h->has_rtt;
				row->cf_rtt_ms = h->rtt_ms;
				row->cf_has_code = h->has_response_code &&
						   h->response_code > 0;
				row->cf_code = h->response_code;
				row->cf_reason = dup_or_null(h->failure_reason);
			}
			if (!used)
				other++;
		}
	}
	r->preview_other = other;
	return matched;
}

/* ---- local probes ------------------------------------------------------- */

struct probe_job {
	const struct cf_monitor *m;
	const struct cf_origin *o;
	const atomic_bool *cancel;
	struct probe_all_row *row;
};

static void *
probe_thread(void *ud)
{
	struct probe_job *j = ud;

	j->row->local_rc =
		local_probe_run(j->m, j->o, j->cancel, &j->row->local);
	j->row->probed = j->row->local_rc != CF_ERR_CANCELLED;
	return NULL;
}

/* Starts one thread per origin with an address (up to `max`); returns the
 * number started; the rest run when joined (join_probes). */
static size_t
start_probes(const struct probe_all_request *rq, const atomic_bool *cancel,
	     struct probe_all_result *out, struct probe_job *jobs,
	     pthread_t *tids, bool *started, size_t from, size_t max)
{
	size_t i, n = 0;

	for (i = from; i < rq->norigins && n < max; i++) {
		struct probe_all_row *row = &out->rows[i];

		started[i] = false;
		if (!rq->origins[i].address || !*rq->origins[i].address) {
			snprintf(row->local.failure_reason,
				 sizeof(row->local.failure_reason),
				 "no address to probe");
			row->local_rc = CF_ERR_INVALID_ARG;
			continue;
		}
		jobs[i] = (struct probe_job){ .m = rq->monitor,
					      .o = &rq->origins[i],
					      .cancel = cancel,
					      .row = row };
		if (pthread_create(&tids[i], NULL, probe_thread, &jobs[i]) !=
		    0) {
			/* No thread: probe it here, in turn. */
			probe_thread(&jobs[i]);
			continue;
		}
		started[i] = true;
		n++;
	}
	return i;
}

static void
join_probes(pthread_t *tids, bool *started, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (started[i])
			pthread_join(tids[i], NULL);
}

/* ---- the preview -------------------------------------------------------- */

static bool
cancelled(const atomic_bool *cancel)
{
	return cancel && atomic_load(cancel);
}

/* Sleeps ms in 50 ms steps; false when cancelled. */
static bool
nap(int ms, const atomic_bool *cancel)
{
	struct timespec ts = { 0, 50 * 1000000L };

	while (ms > 0) {
		if (cancelled(cancel))
			return false;
		nanosleep(&ts, NULL);
		ms -= 50;
	}
	return !cancelled(cancel);
}

static void
preview_failed(struct probe_all_result *out, const char *what,
	       const struct cf_error *err)
{
	char msg[400];
	size_t i;

	snprintf(out->preview_error, sizeof(out->preview_error), "%s: %s", what,
		 cf_error_format(err, msg, sizeof(msg)));
	for (i = 0; i < out->n; i++)
		out->rows[i].cf = PROBE_ALL_CF_FAILED;
}

static void
run_preview(struct cf_client *c, const struct probe_all_request *rq,
	    const atomic_bool *cancel, struct probe_all_result *out)
{
	struct cf_preview pv = { 0 };
	struct cf_preview_result res = { 0 };
	struct cf_error err = { 0 };
	enum cf_status st;
	int wait = rq->wait_ms > 0 ? rq->wait_ms : 30000;
	int every = rq->poll_ms > 0 ? rq->poll_ms : 1000;
	double deadline;
	bool have = false;

	out->preview = true;
	if (rq->pool_id)
		st = cf_pool_preview(c, rq->account_id, rq->pool_id,
				     rq->monitor, &pv, &err);
	else
		st = cf_monitor_preview(c, rq->account_id, rq->monitor_id,
					rq->monitor, &pv, &err);
	if (st != CF_OK || !pv.preview_id) {
		preview_failed(out, "POST preview", &err);
		goto out;
	}
	out->preview_id = strdup(pv.preview_id);
	deadline = monoclock_ms() + wait;
	for (;;) {
		cf_preview_result_free(&res);
		memset(&res, 0, sizeof(res));
		st = cf_preview_result_get(c, rq->account_id, pv.preview_id,
					   &res, &err);
		if (st != CF_OK) {
			preview_failed(out, "GET preview result", &err);
			goto out;
		}
		have = true;
		if (probe_all_preview_done(&res) ||
		    monoclock_ms() >= deadline || !nap(every, cancel))
			break;
	}
	if (have)
		probe_all_pair(out, &res, rq->pool_id);
out:
	cf_error_clear(&err);
	cf_preview_free(&pv);
	cf_preview_result_free(&res);
}

enum cf_status
probe_all_run(struct cf_client *c, const struct probe_all_request *rq,
	      const atomic_bool *cancel, struct probe_all_result *out)
{
	struct probe_job *jobs = NULL;
	pthread_t *tids = NULL;
	bool *started = NULL;
	size_t i, from = 0, to;
	bool preview = rq->pool_id || rq->monitor_id;

	memset(out, 0, sizeof(*out));
	if (!rq->monitor)
		return CF_ERR_INVALID_ARG;
	out->rows = calloc(rq->norigins + 1, sizeof(*out->rows));
	jobs = calloc(rq->norigins + 1, sizeof(*jobs));
	tids = calloc(rq->norigins + 1, sizeof(*tids));
	started = calloc(rq->norigins + 1, sizeof(*started));
	if (!out->rows || !jobs || !tids || !started)
		goto nomem;
	for (i = 0; i < rq->norigins; i++) {
		const struct cf_origin *o = &rq->origins[i];

		out->rows[i].name = dup_or_null(o->name);
		out->rows[i].address = dup_or_null(o->address);
		out->rows[i].enabled = o->enabled;
		out->n++;
	}
	/* The first batch of probes runs while the preview is asked for and
	 * waited on: both views take about one probe's time together. */
	to = start_probes(rq, cancel, out, jobs, tids, started, 0,
			  PROBE_ALL_THREADS);
	if (preview && c)
		run_preview(c, rq, cancel, out);
	join_probes(tids, started, from, to);
	while (to < rq->norigins) {
		from = to;
		to = start_probes(rq, cancel, out, jobs, tids, started, from,
				  PROBE_ALL_THREADS);
		join_probes(tids, started, from, to);
	}
	free(jobs);
	free(tids);
	free(started);
	return cancelled(cancel) ? CF_ERR_CANCELLED : CF_OK;
nomem:
	free(jobs);
	free(tids);
	free(started);
	probe_all_result_free(out);
	return CF_ERR_NOMEM;
}
