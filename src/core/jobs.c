/* jobs.c: the worker threads behind the console: a job queue, one cf_client per job, results published to the store. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/jobs.h"

#define JOBS_MAX_THREADS 8

struct job {
	enum store_kind kind; /* STORE_NKINDS for a task (jobs_task) */
	jobs_task_fn task;
	void *task_ud;
	char *scope_id;
	unsigned long epoch;
	atomic_bool cancel;
	struct job *next;
};

struct jobs {
	struct store *store;
	jobs_client_fn new_client;
	void *client_ud;
	char *account_id;

	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *head, *tail; /* queued */
	struct job *running[JOBS_MAX_THREADS];
	size_t pending;
	bool stop;
	atomic_bool offline;

	pthread_t threads[JOBS_MAX_THREADS];
	int nthreads;
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
job_free(struct job *job)
{
	if (!job)
		return;
	free(job->scope_id);
	free(job);
}

/*
 * The worker's client for this job: made once per worker thread and kept,
 * so its connections are reused from job to job (a client belongs to one
 * thread; libcurl keeps connections per client). The job's cancel flag is
 * set for the length of the job. NULL with err set when none can be made.
 */
static struct cf_client *
jobs_client(struct jobs *j, struct cf_client **keep, const atomic_bool *cancel,
	    struct cf_error *err)
{
	if (!*keep)
		*keep = j->new_client(j->client_ud, cancel, err);
	else
		cf_client_set_cancel(*keep, cancel);
	return *keep;
}

/* ---- running one job ------------------------------------------------------ */

/* Publishes a failure for job, keeping the items the store already has. */
static void
job_fail(struct jobs *j, struct job *job, const struct cf_error *err)
{
	struct store_snapshot *snap;
	struct store_res *r;
	char msg[512];

	if (atomic_load(&job->cancel) || err->status == CF_ERR_CANCELLED)
		return;
	if (err->status == CF_ERR_NETWORK || err->status == CF_ERR_TIMEOUT)
		atomic_store(&j->offline, true);
	cf_error_format(err, msg, sizeof(msg));
	snap = store_acquire(j->store);
	r = store_res_clone(snap->res[job->kind], STORE_FAILED);
	store_snapshot_release(snap);
	if (!r)
		return;
	r->epoch = job->epoch;
	store_res_set_error(r, msg);
	store_publish(j->store, r);
	store_res_unref(r);
}

/* Publishes one complete list as a READY resource. */
static void
job_done(struct jobs *j, struct job *job, void *list)
{
	struct store_res *r;

	atomic_store(&j->offline, false);
	r = store_res_new(job->kind, STORE_READY, job->scope_id, job->epoch);
	if (!r) {
		free(list);
		return;
	}
	if (store_res_add_page(r, list))
		store_publish(j->store, r);
	store_res_unref(r);
}

/* State of a streamed DNS load. */
struct dns_stream {
	struct jobs *j;
	struct job *job;
	struct store_res *acc; /* unpublished, grows page by page */
	bool progressive;      /* publish each page (first load of a zone) */
	bool oom;
};

static bool
dns_page(struct cf_dns_record_list *page, size_t done, size_t total, void *ud)
{
	struct dns_stream *st = ud;
	struct cf_dns_record_list *copy;
	struct store_res *snap;

	(void)done;
	copy = malloc(sizeof(*copy));
	if (!copy) {
		cf_dns_record_list_free(page);
		st->oom = true;
		return false;
	}
	*copy = *page;
	if (!store_res_add_page(st->acc, copy)) {
		st->oom = true;
		return false;
	}
	st->acc->total = total;
	if (st->progressive) {
		snap = store_res_clone(st->acc, STORE_LOADING);
		if (snap) {
			snap->epoch = st->job->epoch;
			store_publish(st->j->store, snap);
			store_res_unref(snap);
		}
	}
	return !atomic_load(&st->job->cancel);
}

static void
job_run_dns(struct jobs *j, struct job *job, struct cf_client *c,
	    struct cf_error *err)
{
	struct dns_stream st = { .j = j, .job = job };
	struct store_snapshot *snap;
	enum cf_status rc;

	st.acc = store_res_new(STORE_DNS, STORE_LOADING, job->scope_id,
			       job->epoch);
	if (!st.acc) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		return;
	}
	/* Show rows as they come only when there is nothing to show yet; a
	 * refresh keeps the old complete list until the new one is whole. */
	snap = store_acquire(j->store);
	st.progressive = snap->res[STORE_DNS]->n == 0;
	store_snapshot_release(snap);

	rc = cf_dns_list_stream(c, job->scope_id, NULL, dns_page, &st, err);
	if (rc == CF_OK && st.oom)
		rc = cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	if (rc == CF_OK) {
		atomic_store(&j->offline, false);
		st.acc->state = STORE_READY;
		st.acc->total = st.acc->n;
		store_publish(j->store, st.acc);
	}
	store_res_unref(st.acc);
}

static void
job_run(struct jobs *j, struct job *job, struct cf_client **keep)
{
	struct cf_error err = { 0 };
	struct cf_client *c;
	enum cf_status rc = CF_OK;
	void *list = NULL;

	c = jobs_client(j, keep, &job->cancel, &err);
	if (job->task) {
		/* A task reports its own result (even "no client"). */
		job->task(c, &job->cancel, c ? NULL : &err, job->task_ud);
		cf_error_clear(&err);
		goto done;
	}
	if (!c)
		goto out;
	switch (job->kind) {
	case STORE_ZONES:
		list = calloc(1, sizeof(struct cf_zone_list));
		rc = list ? cf_zones_list(c, j->account_id, NULL, list, &err)
			  : CF_ERR_NOMEM;
		break;
	case STORE_DNS:
		job_run_dns(j, job, c, &err);
		goto out;
	case STORE_LBS:
		list = calloc(1, sizeof(struct cf_load_balancer_list));
		rc = list ? cf_lbs_list(c, job->scope_id, list, &err)
			  : CF_ERR_NOMEM;
		break;
	case STORE_POOLS:
	case STORE_MONITORS:
		if (!j->account_id) {
			rc = cf_error_set(&err, CF_ERR_INVALID_ARG,
					  "no account id: set account_id in "
					  "the profile or use --account");
			break;
		}
		if (job->kind == STORE_POOLS) {
			list = calloc(1, sizeof(struct cf_pool_list));
			rc = list ? cf_pools_list(c, j->account_id, NULL, list,
						  &err)
				  : CF_ERR_NOMEM;
		} else {
			list = calloc(1, sizeof(struct cf_monitor_list));
			rc = list ? cf_monitors_list(c, j->account_id, list,
						     &err)
				  : CF_ERR_NOMEM;
		}
		break;
	case STORE_NKINDS:
		break;
	}
	if (rc == CF_ERR_NOMEM && err.status == CF_OK)
		cf_error_set(&err, CF_ERR_NOMEM, "out of memory");
	if (rc == CF_OK && list) {
		job_done(j, job, list);
		list = NULL;
	}
	free(list);
out:
	if (err.status != CF_OK)
		job_fail(j, job, &err);
	cf_error_clear(&err);
done:
	/* The job (and its flag) is freed next; the client lives on. */
	if (c)
		cf_client_set_cancel(c, NULL);
}

/* ---- the queue ------------------------------------------------------------ */

static void *
worker_main(void *arg)
{
	struct jobs *j = ((void **)arg)[0];
	int slot = (int)(size_t)((void **)arg)[1];
	struct cf_client *client = NULL; /* this thread's, see jobs_client */
	struct job *job;

	free(arg);
	pthread_mutex_lock(&j->lock);
	for (;;) {
		while (!j->stop && !j->head)
			pthread_cond_wait(&j->cond, &j->lock);
		if (j->stop)
			break;
		job = j->head;
		j->head = job->next;
		if (!j->head)
			j->tail = NULL;
		j->running[slot] = job;
		pthread_mutex_unlock(&j->lock);

		if (!atomic_load(&job->cancel) || job->task)
			job_run(j, job, &client);

		pthread_mutex_lock(&j->lock);
		j->running[slot] = NULL;
		j->pending--;
		job_free(job);
		/* Wake the UI even when nothing was published, so a
		 * :wait-idle sees pending drop to zero. */
		store_poke(j->store);
	}
	pthread_mutex_unlock(&j->lock);
	cf_client_free(client);
	return NULL;
}

struct jobs *
jobs_start(struct store *store, const struct jobs_options *opts,
	   struct cf_error *err)
{
	struct jobs *j = calloc(1, sizeof(*j));
	struct cf_client *probe;
	int i;

	if (!j) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		return NULL;
	}
	j->store = store;
	j->new_client = opts->new_client;
	j->client_ud = opts->client_ud;
	j->account_id = dup_or_null(opts->account_id);
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	atomic_init(&j->offline, false);

	if (!j->new_client) {
		cf_error_set(err, CF_ERR_INVALID_ARG, "no client factory");
		goto fail;
	}
	probe = j->new_client(j->client_ud, NULL, err);
	if (!probe)
		goto fail;
	cf_client_free(probe);

	j->nthreads = opts->nthreads > 0 ? opts->nthreads : 2;
	if (j->nthreads > JOBS_MAX_THREADS)
		j->nthreads = JOBS_MAX_THREADS;
	for (i = 0; i < j->nthreads; i++) {
		void **arg = malloc(2 * sizeof(*arg));

		if (!arg) {
			j->nthreads = i;
			cf_error_set(err, CF_ERR_NOMEM, "out of memory");
			goto fail;
		}
		arg[0] = j;
		arg[1] = (void *)(size_t)i;
		if (pthread_create(&j->threads[i], NULL, worker_main, arg)) {
			free(arg);
			j->nthreads = i;
			cf_error_set(err, CF_ERR_INTERNAL,
				     "cannot start a worker thread");
			goto fail;
		}
	}
	return j;
fail:
	jobs_stop(j);
	return NULL;
}

void
jobs_stop(struct jobs *j)
{
	struct job *job, *next;
	int i;

	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = true;
	for (i = 0; i < JOBS_MAX_THREADS; i++)
		if (j->running[i])
			atomic_store(&j->running[i]->cancel, true);
	pthread_cond_broadcast(&j->cond);
	pthread_mutex_unlock(&j->lock);
	for (i = 0; i < j->nthreads; i++)
		pthread_join(j->threads[i], NULL);
	for (job = j->head; job; job = next) {
		next = job->next;
		/* Queued tasks still run their callback, cancelled, so their
		 * owner learns that they ended. */
		if (job->task) {
			atomic_store(&job->cancel, true);
			job->task(NULL, &job->cancel, NULL, job->task_ud);
		}
		job_free(job);
	}
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j->account_id);
	free(j);
}

unsigned long
jobs_load(struct jobs *j, enum store_kind kind, const char *scope_id)
{
	struct job *job, **pp;
	unsigned long epoch;
	int i;

	if ((unsigned)kind >= STORE_NKINDS)
		return 0;
	if (kind != STORE_DNS && kind != STORE_LBS)
		scope_id = NULL;
	job = calloc(1, sizeof(*job));
	if (!job)
		return 0;
	job->kind = kind;
	job->scope_id = dup_or_null(scope_id);
	atomic_init(&job->cancel, false);

	pthread_mutex_lock(&j->lock);
	/* Supersede: drop queued loads of this kind, cancel running ones. */
	for (pp = &j->head; *pp;) {
		if ((*pp)->kind == kind) {
			struct job *dead = *pp;

			*pp = dead->next;
			job_free(dead);
			j->pending--;
		} else {
			pp = &(*pp)->next;
		}
	}
	j->tail = NULL;
	for (struct job *q = j->head; q; q = q->next)
		j->tail = q;
	for (i = 0; i < j->nthreads; i++)
		if (j->running[i] && j->running[i]->kind == kind)
			atomic_store(&j->running[i]->cancel, true);

	epoch = store_begin(j->store, kind, scope_id);
	job->epoch = epoch;
	if (j->tail)
		j->tail->next = job;
	else
		j->head = job;
	j->tail = job;
	j->pending++;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return epoch;
}

size_t
jobs_pending(struct jobs *j)
{
	size_t n;

	pthread_mutex_lock(&j->lock);
	n = j->pending;
	pthread_mutex_unlock(&j->lock);
	return n;
}

const char *
jobs_account_id(const struct jobs *j)
{
	return j->account_id;
}

bool
jobs_offline(struct jobs *j)
{
	return atomic_load(&j->offline);
}

bool
jobs_task(struct jobs *j, jobs_task_fn fn, void *ud)
{
	struct job *job;

	if (!j || !fn)
		return false;
	job = calloc(1, sizeof(*job));
	if (!job)
		return false;
	job->kind = STORE_NKINDS;
	job->task = fn;
	job->task_ud = ud;
	atomic_init(&job->cancel, false);
	pthread_mutex_lock(&j->lock);
	if (j->stop) {
		pthread_mutex_unlock(&j->lock);
		free(job);
		return false;
	}
	if (j->tail)
		j->tail->next = job;
	else
		j->head = job;
	j->tail = job;
	j->pending++;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	return true;
}
