/* test_probe_all.c: Test now against cfsim's demo: an existing pool's origins probed from here beside Cloudflare's pool preview, an existing monitor's preview paired by address, and nothing created. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/probe_all.h"
#include "cfsim_harness.h"

static struct cfsim S;
static struct cf_client *C;

static int
group_setup(void **state)
{
	static const char *const args[] = { "--demo", "--rate-limit",
					    "100000/60", NULL };
	char tok[] = "cfsim-demo-token";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &creds };
	struct cf_error err = { 0 };

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	o.base_url = S.base_url;
	C = cf_client_new(&o, &err);
	return C ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	cf_client_free(C);
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

/* The demo's pool called name, and its monitor. */
static void
demo_pool(const char *name, struct cf_pool *pool, struct cf_monitor *m)
{
	struct cf_pool_list pl = { 0 };
	struct cf_error err = { 0 };
	size_t i;
	bool found = false;

	assert_int_equal(cf_pools_list(C, S.account_id, NULL, &pl, &err),
			 CF_OK);
	for (i = 0; i < pl.n; i++)
		if (!strcmp(pl.items[i].name, name)) {
			assert_int_equal(cf_pool_copy(pool, &pl.items[i]),
					 CF_OK);
			found = true;
		}
	cf_pool_list_free(&pl);
	assert_true(found);
	assert_int_equal(
		cf_monitor_get(C, S.account_id, pool->monitor, m, &err), CF_OK);
}

/* Writes (POST/PUT/PATCH/DELETE) in cfsim's request log other than the
 * previews themselves. */
static int
writes_besides_previews(void)
{
	char *body = NULL;
	cJSON *j, *reqs, *r;
	int n = 0;

	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &body), 200);
	j = cJSON_Parse(body);
	reqs = cJSON_GetObjectItem(j, "requests");
	cJSON_ArrayForEach(r, reqs)
	{
		const char *m = cJSON_GetObjectItem(r, "method")->valuestring;
		const char *p = cJSON_GetObjectItem(r, "path")->valuestring;

		if (strcmp(m, "GET") && !strstr(p, "/preview"))
			n++;
	}
	cJSON_Delete(j);
	free(body);
	return n;
}

static void
test_pool_preview(void **state)
{
	struct cf_pool pool = { 0 };
	struct cf_monitor m = { 0 };
	struct probe_all_request rq = { 0 };
	struct probe_all_result r = { 0 };
	size_t i;

	(void)state;
	cfsim_admin(&S, "DELETE", "/__cfsim/requests", NULL, NULL);
	/* inference-fallback: cpu-a healthy, cpu-b answering 500. */
	demo_pool("inference-fallback", &pool, &m);
	rq.account_id = S.account_id;
	rq.monitor = &m;
	rq.origins = pool.origins;
	rq.norigins = pool.norigins;
	rq.pool_id = pool.id;
	rq.poll_ms = 200;
	assert_int_equal(probe_all_run(C, &rq, NULL, &r), CF_OK);
	assert_true(r.preview);
	assert_non_null(r.preview_id);
	assert_string_equal(r.preview_error, "");
	assert_int_equal(r.n, 2);
	for (i = 0; i < r.n; i++) {
		const struct probe_all_row *row = &r.rows[i];
		bool good = !strcmp(row->name, "cpu-a");

		/* Both views, side by side, agree. */
		assert_true(row->probed);
		assert_int_equal(row->local.healthy, good);
		assert_int_equal(row->local.response_code, good ? 200 : 500);
		assert_int_equal(row->cf, PROBE_ALL_CF_DONE);
		assert_int_equal(row->cf_healthy, good);
		assert_int_equal(row->cf_code, good ? 200 : 500);
		if (!good)
			assert_string_equal(row->cf_reason,
					    "Response code mismatch error");
	}
	/* A test creates nothing. */
	assert_int_equal(writes_besides_previews(), 0);
	probe_all_result_free(&r);
	cf_pool_free(&pool);
	cf_monitor_free(&m);
}

static void
test_monitor_preview(void **state)
{
	struct cf_pool pool = { 0 };
	struct cf_monitor m = { 0 };
	struct probe_all_request rq = { 0 };
	struct probe_all_result r = { 0 };
	struct cf_origin o[2];

	(void)state;
	/* A new pool with an existing monitor: the preview checks the pools
	 * using that monitor; an origin they share is paired. */
	demo_pool("inference-fallback", &pool, &m);
	cf_origin_init(&o[0]);
	o[0].name = strdup("mine");
	o[0].address = strdup(pool.origins[0].address);
	cf_origin_init(&o[1]);
	o[1].name = strdup("elsewhere");
	o[1].address = strdup("127.0.0.1");
	rq.account_id = S.account_id;
	rq.monitor = &m;
	rq.origins = o;
	rq.norigins = 2;
	rq.monitor_id = m.id;
	rq.poll_ms = 200;
	assert_int_equal(probe_all_run(C, &rq, NULL, &r), CF_OK);
	assert_true(r.preview);
	assert_int_equal(r.rows[0].cf, PROBE_ALL_CF_DONE);
	assert_int_equal(r.rows[1].cf, PROBE_ALL_CF_MISSING);
	assert_true(r.preview_other > 0);
	probe_all_result_free(&r);
	/* An unknown monitor: the preview fails, the local probes stand. */
	rq.monitor_id = "00000000000000000000000000000000";
	assert_int_equal(probe_all_run(C, &rq, NULL, &r), CF_OK);
	assert_true(r.rows[0].probed);
	assert_int_equal(r.rows[0].cf, PROBE_ALL_CF_FAILED);
	assert_non_null(strstr(r.preview_error, "404"));
	probe_all_result_free(&r);
	cf_origin_free(&o[0]);
	cf_origin_free(&o[1]);
	cf_pool_free(&pool);
	cf_monitor_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_preview),
		cmocka_unit_test(test_monitor_preview),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
