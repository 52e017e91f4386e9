/* test_oncall_budget.c: the poller with 300 pools stays under the shared request budget (counted in cfsim's log), never 429. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/health.h"
#include "cfconsole/poller.h"
#include "cfsim_harness.h"

#define TOKEN "it-budget-token-0123456789abcdef"
/* A small bucket so a short test covers several windows: 60 per 10 s on
 * both sides (cfsim enforces it per credential, the client paces to it). */
#define LIMIT 60
#define WINDOW 10
#define RUN_SECONDS 25
#define NFOCUS 10

static struct cfsim S;

static struct cf_client *
new_client(void)
{
	char tok[] = TOKEN;
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &cr, .max_retries = 1 };
	struct cf_error err = { 0 };
	struct cf_client *c;

	o.base_url = S.base_url;
	c = cf_client_new(&o, &err);
	assert_non_null(c);
	return c;
}

struct user {
	atomic_bool stop;
	unsigned long ok, failed, rate_limited;
};

/* The person at the keyboard: a pool list every second on the same bucket. */
static void *
user_main(void *arg)
{
	struct user *u = arg;
	struct cf_client *c = new_client();

	while (!atomic_load(&u->stop)) {
		struct cf_pool_list l = { 0 };
		struct cf_error err = { 0 };

		if (cf_pools_list(c, S.account_id, NULL, &l, &err) == CF_OK)
			u->ok++;
		else if (err.status == CF_ERR_RATE_LIMITED)
			u->rate_limited++;
		else
			u->failed++;
		cf_error_clear(&err);
		cf_pool_list_free(&l);
		usleep(1000000);
	}
	cf_client_free(c);
	return NULL;
}

/* Seconds of day of a log entry's "time": "...THH:MM:SS.ffffffZ". */
static double
entry_time(const char *item)
{
	const char *t = strstr(item, "\"time\": \"");
	int h, m;
	double s;

	if (!t || !(t = strchr(t + 9, 'T')) ||
	    sscanf(t + 1, "%d:%d:%lf", &h, &m, &s) != 3)
		return -1;
	return h * 3600.0 + m * 60.0 + s;
}

/*
 * cfsim's generated pools carry no monitor: attach the generated monitors
 * (round robin) with a generous limit first, then switch cfsim and the
 * client to the small bucket (which also starts a fresh window).
 */
static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--token",	TOKEN,
		"--gen",	"zones=1,pools=300,origins=2,monitors=3",
		"--rate-limit", "100000/60",
		"--time-scale", "0.1",
		NULL,
	};
	struct cf_monitor_list mons = { 0 };
	struct cf_pool_list pools = { 0 };
	struct cf_error err = { 0 };
	struct cf_client *c;
	size_t i;
	int rc = -1;
	char body[64];

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	c = new_client();
	if (cf_monitors_list(c, S.account_id, &mons, &err) != CF_OK ||
	    mons.n == 0 ||
	    cf_pools_list(c, S.account_id, NULL, &pools, &err) != CF_OK)
		goto out;
	for (i = 0; i < pools.n; i++) {
		struct cf_pool out = { 0 };

		free(pools.items[i].monitor);
		pools.items[i].monitor = strdup(mons.items[i % mons.n].id);
		if (cf_pool_patch(c, S.account_id, pools.items[i].id,
				  &pools.items[i], CF_POOL_F_MONITOR, &out,
				  &err) != CF_OK)
			goto out;
		cf_pool_free(&out);
	}
	snprintf(body, sizeof(body), "{\"limit\":%d,\"window\":%d}", LIMIT,
		 WINDOW);
	if (cfsim_admin(&S, "POST", "/__cfsim/ratelimit", body, NULL) != 200)
		goto out;
	cf_ratelimit_configure(LIMIT, WINDOW);
	rc = 0;
out:
	cf_error_clear(&err);
	cf_monitor_list_free(&mons);
	cf_pool_list_free(&pools);
	cf_client_free(c);
	return rc;
}

static int
group_teardown(void **state)
{
	(void)state;
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

static void
test_300_pools_under_budget(void **state)
{
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct poller_status st;
	struct poller *p;
	struct cf_pool_list pools = { 0 };
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct user u = { 0 };
	pthread_t ut;
	const char *focus[NFOCUS];
	char errbuf[128], *log = NULL, *it;
	double times[10000];
	size_t ntimes = 0, i, j, maxwin = 0;
	int n429 = 0, health_focus = 0, health_bg = 0, total = 0;
	const struct health_snapshot *snap;

	(void)state;
	c = new_client();
	assert_int_equal(cf_pools_list(c, S.account_id, NULL, &pools, &err),
			 CF_OK);
	assert_true(pools.n >= 300);
	for (i = 0; i < NFOCUS; i++)
		focus[i] = pools.items[i].id;
	assert_int_equal(
		cfsim_admin(&S, "DELETE", "/__cfsim/requests", NULL, NULL),
		200);

	o.client = new_client();
	o.account_id = S.account_id;
	o.model = m;
	o.focus_interval_s = 2;
	o.background_interval_s = 10;
	o.pools_interval_s = 10;
	o.events_interval_s = 10;
	p = poller_start(&o, errbuf, sizeof(errbuf));
	assert_non_null(p);
	poller_set_focus(p, focus, NFOCUS);
	atomic_init(&u.stop, false);
	assert_int_equal(pthread_create(&ut, NULL, user_main, &u), 0);
	sleep(RUN_SECONDS);
	poller_get_status(p, &st);
	poller_stop(p);
	atomic_store(&u.stop, true);
	pthread_join(ut, NULL);

	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &log), 200);
	for (it = strstr(log, "\"seq\""); it; it = strstr(it + 1, "\"seq\"")) {
		char *end = strstr(it + 1, "\"seq\"");
		char *item = strndup(it, end ? (size_t)(end - it) : strlen(it));
		bool focused = false;

		total++;
		if (strstr(item, "\"status\": 429"))
			n429++;
		if (strstr(item, "/health\"")) {
			for (j = 0; j < NFOCUS; j++)
				if (strstr(item, focus[j]))
					focused = true;
			if (focused)
				health_focus++;
			else
				health_bg++;
		}
		if (ntimes < 10000)
			times[ntimes++] = entry_time(item);
		free(item);
	}
	free(log);
	/* Largest number of requests in any WINDOW-second span. */
	for (i = 0; i < ntimes; i++) {
		size_t n = 0;

		for (j = 0; j < ntimes; j++)
			if (times[j] >= times[i] &&
			    times[j] < times[i] + WINDOW)
				n++;
		if (n > maxwin)
			maxwin = n;
	}
	snap = health_model_acquire(m);
	print_message("%d requests in %d s (poller %lu, user %lu ok), "
		      "max %zu in any %d s, 429s: %d, skipped rounds %lu\n",
		      total, RUN_SECONDS, st.requests, u.ok, maxwin, WINDOW,
		      n429, st.skipped);
	print_message("health polls: %d of %d focused pools, %d of %zu "
		      "others; plan: focus every %.1f s, others every %.1f s; "
		      "rate %.2f/s\n",
		      health_focus, NFOCUS, health_bg, pools.n - NFOCUS,
		      st.focus_interval, st.background_interval, st.rate);
	assert_int_equal(n429, 0);
	assert_int_equal(u.rate_limited, 0);
	assert_true(maxwin <= LIMIT);
	/* The poller used at most its 60% share of the refill rate (plus the
	 * first request) and the user still got served. */
	assert_true(st.requests <=
		    (unsigned long)(0.6 * LIMIT / WINDOW * RUN_SECONDS) + 2);
	/* about one list a second (minus request time), none refused */
	assert_true(u.ok >= RUN_SECONDS / 2);
	assert_int_equal(u.failed, 0);
	/* Focused pools first and most often. */
	assert_true(health_focus >= NFOCUS);
	assert_true((double)health_focus / NFOCUS >
		    (double)health_bg / (double)(pools.n - NFOCUS));
	assert_non_null(snap);
	assert_int_equal(snap->npools, pools.n);
	health_snapshot_release(snap);

	cf_pool_list_free(&pools);
	cf_client_free(c);
	health_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_300_pools_under_budget),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
