/* test_jobs.c: worker jobs against a fake transport: loads, streamed DNS pages, errors, supersession, shutdown. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/jobs.h"
#include "cfconsole/store.h"

/* The fake API: zones, paged DNS records, pools, monitors; can fail or
 * stall. */
struct fake {
	pthread_mutex_t lock;
	/* Set by the test thread while workers read them: atomics. */
	atomic_int dns_total; /* records in zone "z1" */
	atomic_int
		fail_status; /* HTTP status to answer everything with, 0 = ok */
	atomic_bool offline; /* transport error */
	atomic_int delay_ms; /* per DNS page */
	int requests;
};

static char *
envelope(const char *result, int page, int per_page, int count, int total)
{
	size_t n = strlen(result) + 512;
	char *b = malloc(n);

	snprintf(b, n,
		 "{\"success\":true,\"errors\":[],\"messages\":[],"
		 "\"result\":%s,\"result_info\":{\"page\":%d,\"per_page\":%d,"
		 "\"count\":%d,\"total_count\":%d,\"total_pages\":%d}}",
		 result, page, per_page, count, total,
		 per_page ? (total + per_page - 1) / per_page : 1);
	return b;
}

static int
query_int(const char *url, const char *key, int dflt)
{
	const char *q = strchr(url, '?'), *p;
	size_t k = strlen(key);

	for (p = q; p && *p; p++)
		if ((p[-1] == '?' || p[-1] == '&') && !strncmp(p, key, k) &&
		    p[k] == '=')
			return atoi(p + k + 1);
	return dflt;
}

static char *
dns_page(int page, int per_page, int total)
{
	int first = (page - 1) * per_page, n, i;
	size_t cap = 256 + (size_t)per_page * 160, len = 1;
	char *items = malloc(cap), *b;

	n = total - first;
	if (n > per_page)
		n = per_page;
	if (n < 0)
		n = 0;
	strcpy(items, "[");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(items + len, cap - len,
					"%s{\"id\":\"r%d\",\"type\":\"A\","
					"\"name\":\"h%d.z1.example\","
					"\"content\":\"192.0.2.1\",\"ttl\":1,"
					"\"proxied\":false}",
					i ? "," : "", first + i, first + i);
	strcpy(items + len, "]");
	b = envelope(items, page, per_page, n, total);
	free(items);
	return b;
}

static void
fake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		struct cf_http_exchange *x = &xs[i];
		const char *u = x->url;
		char *body = NULL;

		pthread_mutex_lock(&f->lock);
		f->requests++;
		pthread_mutex_unlock(&f->lock);
		x->ratelimit_remaining = -1;
		if (f->offline) {
			x->transport_status = CF_ERR_NETWORK;
			continue;
		}
		x->transport_status = CF_OK;
		if (f->fail_status) {
			x->http_status = f->fail_status;
			body = strdup(
				"{\"success\":false,\"errors\":[{\"code\":"
				"10000,\"message\":\"Authentication "
				"error\"}],\"messages\":[],\"result\":"
				"null}");
		} else if (strstr(u, "/dns_records")) {
			if (f->delay_ms)
				usleep((useconds_t)f->delay_ms * 1000);
			body = dns_page(query_int(u, "page", 1),
					query_int(u, "per_page", 100),
					f->dns_total);
			x->http_status = 200;
		} else if (strstr(u, "/zones")) {
			body = envelope(
				"[{\"id\":\"z1\",\"name\":\"z1.example\","
				"\"status\":\"active\"},{\"id\":\"z2\","
				"\"name\":\"z2.example\",\"status\":"
				"\"active\"}]",
				1, 50, 2, 2);
			x->http_status = 200;
		} else if (strstr(u, "/pools")) {
			body = envelope(
				"[{\"id\":\"p1\",\"name\":\"gpu\","
				"\"enabled\":true,\"minimum_origins\":1,"
				"\"origins\":[{\"name\":\"a\",\"address\":"
				"\"10.0.0.1\",\"enabled\":true,"
				"\"weight\":1}]}]",
				1, 20, 1, 1);
			x->http_status = 200;
		} else if (strstr(u, "/monitors")) {
			body = envelope("[{\"id\":\"m1\",\"type\":\"http\","
					"\"expected_codes\":\"200\"}]",
					1, 20, 1, 1);
			x->http_status = 200;
		} else {
			x->http_status = 404;
			body = strdup(
				"{\"success\":false,\"errors\":[{\"code\":"
				"7003,\"message\":\"No route\"}],"
				"\"messages\":[],\"result\":null}");
		}
		x->resp_body = body;
		x->resp_len = body ? strlen(body) : 0;
	}
}

static const struct cf_transport_ops fake_ops = { .perform = fake_perform };

static struct fake fake_;

static atomic_int clients_made_;

static struct cf_client *
fake_client(void *ud, const atomic_bool *cancel, struct cf_error *err)
{
	static char token[] = "test-token";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = token };
	struct cf_client_options o = {
		.base_url = "http://127.0.0.1:9/client/v4",
		.creds = &creds,
		.cancel = cancel,
		.max_retries = -1,
	};
	struct cf_client *c = cf_client_new(&o, err);

	if (c)
		cf_client_set_transport(c, &fake_ops, ud);
	atomic_fetch_add(&clients_made_, 1);
	return c;
}

static struct jobs *
start(struct store *s, const char *account)
{
	struct cf_error err = { 0 };
	struct jobs *j = jobs_start(s,
				    &(struct jobs_options){
					    .new_client = fake_client,
					    .client_ud = &fake_,
					    .account_id = account,
				    },
				    &err);

	assert_non_null(j);
	return j;
}

/* Waits (polling the self-pipe, as the UI does) until nothing is pending. */
static void
wait_idle(struct store *s, struct jobs *j)
{
	int i;

	for (i = 0; i < 1000 && jobs_pending(j); i++) {
		struct pollfd p = { .fd = store_wake_fd(s), .events = POLLIN };

		poll(&p, 1, 20);
		store_drain(s);
	}
	assert_int_equal(jobs_pending(j), 0);
}

static int
setup(void **state)
{
	(void)state;
	memset(&fake_, 0, sizeof(fake_));
	pthread_mutex_init(&fake_.lock, NULL);
	fake_.dns_total = 12000;
	return 0;
}

static void
test_load_zones_pools_monitors(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct store_snapshot *snap;

	(void)state;
	assert_string_equal(jobs_account_id(j), "acc1");
	jobs_load(j, STORE_ZONES, NULL);
	jobs_load(j, STORE_POOLS, NULL);
	jobs_load(j, STORE_MONITORS, NULL);
	wait_idle(s, j);
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_ZONES]->state, STORE_READY);
	assert_int_equal(snap->res[STORE_ZONES]->n, 2);
	assert_string_equal(store_zone(snap->res[STORE_ZONES], 1)->name,
			    "z2.example");
	assert_int_equal(snap->res[STORE_POOLS]->n, 1);
	assert_string_equal(store_pool(snap->res[STORE_POOLS], 0)->name, "gpu");
	assert_int_equal(snap->res[STORE_MONITORS]->n, 1);
	assert_false(jobs_offline(j));
	store_snapshot_release(snap);
	jobs_stop(j);
	store_free(s);
}

/* A worker keeps its client (and so its connections) from job to job:
 * one probe at start, then at most one client per worker thread. */
static void
test_workers_keep_their_client(void **state)
{
	struct store *s = store_new();
	struct jobs *j;
	int i;

	(void)state;
	atomic_store(&clients_made_, 0);
	j = start(s, "acc1");
	for (i = 0; i < 20; i++) {
		jobs_load(j, i % 2 ? STORE_POOLS : STORE_ZONES, NULL);
		wait_idle(s, j);
	}
	assert_true(atomic_load(&clients_made_) <= 1 + 2);
	assert_true(atomic_load(&clients_made_) >= 2);
	jobs_stop(j);
	store_free(s);
}

static void
test_dns_streams_pages(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct store_snapshot *snap;
	size_t partial_seen = 0;
	int i;

	(void)state;
	fake_.delay_ms = 20;
	jobs_load(j, STORE_DNS, "z1");
	/* Watch publications: some must carry part of the list with the
	 * total announced. */
	for (i = 0; i < 2000 && jobs_pending(j); i++) {
		struct pollfd p = { .fd = store_wake_fd(s), .events = POLLIN };

		poll(&p, 1, 10);
		store_drain(s);
		snap = store_acquire(s);
		if (snap->res[STORE_DNS]->state == STORE_LOADING &&
		    snap->res[STORE_DNS]->n > 0 &&
		    snap->res[STORE_DNS]->n < 12000) {
			assert_int_equal(snap->res[STORE_DNS]->total, 12000);
			partial_seen++;
		}
		store_snapshot_release(snap);
	}
	wait_idle(s, j);
	assert_true(partial_seen > 0);
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_DNS]->state, STORE_READY);
	assert_int_equal(snap->res[STORE_DNS]->n, 12000);
	assert_string_equal(snap->res[STORE_DNS]->scope_id, "z1");
	assert_string_equal(store_dns(snap->res[STORE_DNS], 11999)->name,
			    "h11999.z1.example");
	store_snapshot_release(snap);
	jobs_stop(j);
	store_free(s);
}

static void
test_newer_load_supersedes(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct store_snapshot *snap;

	(void)state;
	fake_.delay_ms = 30;
	jobs_load(j, STORE_DNS, "z1");
	usleep(10000);
	fake_.dns_total = 3;
	jobs_load(j, STORE_DNS, "z2");
	wait_idle(s, j);
	snap = store_acquire(s);
	/* Only z2's answer may be there: z1's was cancelled or ignored. */
	assert_string_equal(snap->res[STORE_DNS]->scope_id, "z2");
	assert_int_equal(snap->res[STORE_DNS]->state, STORE_READY);
	assert_int_equal(snap->res[STORE_DNS]->n, 3);
	store_snapshot_release(snap);
	jobs_stop(j);
	store_free(s);
}

static void
test_error_keeps_items_and_reports(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct store_snapshot *snap;

	(void)state;
	jobs_load(j, STORE_ZONES, NULL);
	wait_idle(s, j);
	fake_.fail_status = 403;
	jobs_load(j, STORE_ZONES, NULL);
	wait_idle(s, j);
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_ZONES]->state, STORE_FAILED);
	assert_int_equal(snap->res[STORE_ZONES]->n, 2);
	assert_non_null(snap->res[STORE_ZONES]->error);
	assert_non_null(strstr(snap->res[STORE_ZONES]->error, "10000"));
	assert_null(strstr(snap->res[STORE_ZONES]->error, "test-token"));
	store_snapshot_release(snap);

	fake_.fail_status = 0;
	fake_.offline = true;
	jobs_load(j, STORE_POOLS, NULL);
	wait_idle(s, j);
	assert_true(jobs_offline(j));
	fake_.offline = false;
	jobs_load(j, STORE_POOLS, NULL);
	wait_idle(s, j);
	assert_false(jobs_offline(j));
	jobs_stop(j);
	store_free(s);
}

static void
test_no_account_is_a_clear_error(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, NULL);
	struct store_snapshot *snap;

	(void)state;
	jobs_load(j, STORE_MONITORS, NULL);
	wait_idle(s, j);
	snap = store_acquire(s);
	assert_int_equal(snap->res[STORE_MONITORS]->state, STORE_FAILED);
	assert_non_null(strstr(snap->res[STORE_MONITORS]->error, "account"));
	store_snapshot_release(snap);
	jobs_stop(j);
	store_free(s);
}

static void
test_stop_while_loading(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");

	(void)state;
	fake_.delay_ms = 50;
	fake_.dns_total = 100000;
	jobs_load(j, STORE_DNS, "z1");
	jobs_load(j, STORE_ZONES, NULL);
	usleep(20000);
	jobs_stop(j); /* must cancel and join promptly, leak nothing */
	jobs_stop(NULL);
	store_free(s);
}

/* ---- tasks (jobs_task) ---------------------------------------------------- */

struct task_probe {
	atomic_int calls;
	atomic_bool had_client;
	atomic_bool cancelled;
};

static void
probe_task(struct cf_client *c, const atomic_bool *cancel,
	   const struct cf_error *err, void *ud)
{
	struct task_probe *t = ud;

	atomic_store(&t->had_client, c != NULL);
	atomic_store(&t->cancelled, atomic_load(cancel));
	(void)err;
	atomic_fetch_add(&t->calls, 1);
}

static void
test_task_runs_on_a_worker(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct task_probe t = { 0 };

	(void)state;
	assert_false(jobs_task(j, NULL, &t));
	assert_true(jobs_task(j, probe_task, &t));
	wait_idle(s, j);
	assert_int_equal(atomic_load(&t.calls), 1);
	assert_true(atomic_load(&t.had_client));
	assert_false(atomic_load(&t.cancelled));
	jobs_stop(j);
	assert_false(jobs_task(NULL, probe_task, &t));
	store_free(s);
}

static void
test_queued_task_hears_of_stop(void **state)
{
	struct store *s = store_new();
	struct jobs *j = start(s, "acc1");
	struct task_probe t[8];
	int i, total = 0;

	(void)state;
	memset(t, 0, sizeof(t));
	fake_.delay_ms = 50;
	fake_.dns_total = 100000;
	/* Busy workers, so some tasks are still queued at stop. */
	jobs_load(j, STORE_DNS, "z1");
	jobs_load(j, STORE_ZONES, NULL);
	for (i = 0; i < 8; i++)
		assert_true(jobs_task(j, probe_task, &t[i]));
	jobs_stop(j);
	/* Every task was called exactly once: run, or told it was cancelled
	 * (no client) at stop. */
	for (i = 0; i < 8; i++) {
		assert_int_equal(atomic_load(&t[i].calls), 1);
		if (!atomic_load(&t[i].had_client))
			assert_true(atomic_load(&t[i].cancelled));
		total += atomic_load(&t[i].calls);
	}
	assert_int_equal(total, 8);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_load_zones_pools_monitors, setup),
		cmocka_unit_test_setup(test_workers_keep_their_client, setup),
		cmocka_unit_test_setup(test_dns_streams_pages, setup),
		cmocka_unit_test_setup(test_newer_load_supersedes, setup),
		cmocka_unit_test_setup(test_error_keeps_items_and_reports,
				       setup),
		cmocka_unit_test_setup(test_no_account_is_a_clear_error, setup),
		cmocka_unit_test_setup(test_stop_while_loading, setup),
		cmocka_unit_test_setup(test_task_runs_on_a_worker, setup),
		cmocka_unit_test_setup(test_queued_task_hears_of_stop, setup),
	};
	int rc;

	cf_global_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cf_global_cleanup();
	return rc;
}
