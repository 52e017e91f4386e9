/* test_client_health.c: live health, events, previews vs cfsim. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/cf_api.h"
#include "cfsim_harness.h"

#define TOKEN "it-health-token-0123456789"

static struct cfsim S;
static struct cf_client *C;
static struct cf_pool POOL; /* the demo "inference" pool */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--token", TOKEN,	   "--demo",	"--time-scale",
		"0.05",	   "--rate-limit", "100000/60", NULL,
	};
	char tok[64] = TOKEN;
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &creds, .max_retries = -1 };
	struct cf_error err = { 0 };
	struct cf_pool_list pl;
	size_t i;

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	o.base_url = S.base_url;
	C = cf_client_new(&o, &err);
	if (!C || cf_pools_list(C, S.account_id, NULL, &pl, &err) != CF_OK)
		return -1;
	for (i = 0; i < pl.n; i++)
		if (!strcmp(pl.items[i].name, "inference"))
			break;
	if (i == pl.n || cf_pool_copy(&POOL, &pl.items[i]) != CF_OK)
		return -1;
	cf_pool_list_free(&pl);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	cf_pool_free(&POOL);
	cf_client_free(C);
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

static const char *
origin_address(const char *name)
{
	size_t i;

	for (i = 0; i < POOL.norigins; i++)
		if (!strcmp(POOL.origins[i].name, name))
			return POOL.origins[i].address;
	fail_msg("no origin %s in the demo pool", name);
	return NULL;
}

/*
 * Polls the pool's health until every PoP reports `address` with
 * healthy == want (or the deadline passes). Returns true when seen; the
 * last answer stays in *h (caller frees).
 */
static bool
wait_origin(const char *address, bool want, int timeout_ms,
	    struct cf_pool_health *h)
{
	int waited = 0;

	memset(h, 0, sizeof(*h));
	for (;;) {
		struct cf_error err = { 0 };
		size_t p, o, seen = 0, match = 0;

		cf_pool_health_free(h);
		if (cf_pool_health_get(C, S.account_id, POOL.id, h, &err) ==
		    CF_OK) {
			for (p = 0; p < h->npops; p++)
				for (o = 0; o < h->pops[p].norigins; o++) {
					const struct cf_origin_health *oh =
						&h->pops[p].origins[o];

					if (strcmp(oh->address, address))
						continue;
					seen++;
					match += oh->healthy == want;
				}
			if (seen > 0 && seen == match)
				return true;
		} else {
			/* "Health info unavailable" until the first probes. */
			assert_int_equal(err.errors[0].code, 1010);
		}
		cf_error_clear(&err);
		if (waited >= timeout_ms)
			return false;
		cfsim_admin(&S, "POST", "/__cfsim/health/kick", NULL, NULL);
		sleep_ms(200);
		waited += 200;
	}
}

static void
test_health_follows_origin(void **state)
{
	const char *addr = origin_address("gpu-a");
	struct cf_pool_health h;
	struct cf_health_event_list ev;
	struct cf_event_filter f = { .pool_id = POOL.id,
				     .origin_healthy = 0,
				     .pool_healthy = -1 };
	struct cf_error err = { 0 };
	size_t i, p, o;
	bool found = false;

	(void)state;
	assert_true(wait_origin(addr, true, 20000, &h));
	assert_true(h.npops >= 1);
	for (p = 0; p < h.npops; p++)
		for (o = 0; o < h.pops[p].norigins; o++)
			if (!strcmp(h.pops[p].origins[o].address, addr)) {
				assert_string_equal(
					h.pops[p].origins[o].failure_reason,
					"No failures");
				assert_true(h.pops[p].origins[o].has_rtt);
				assert_int_equal(
					h.pops[p].origins[o].response_code,
					200);
			}
	cf_pool_health_free(&h);

	/* Take gpu-a down: health turns unhealthy with a reason. */
	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/gpu-a",
				     "{\"mode\":\"down\"}", NULL),
			 200);
	assert_true(wait_origin(addr, false, 30000, &h));
	for (p = 0; p < h.npops; p++)
		for (o = 0; o < h.pops[p].norigins; o++)
			if (!strcmp(h.pops[p].origins[o].address, addr))
				assert_string_not_equal(
					h.pops[p].origins[o].failure_reason,
					"No failures");
	cf_pool_health_free(&h);

	/* The transition is in the health-check events. */
	assert_int_equal(cf_health_events_list(C, &f, &ev, &err), CF_OK);
	for (i = 0; i < ev.n; i++) {
		assert_string_equal(ev.items[i].pool_id, POOL.id);
		for (o = 0; o < ev.items[i].norigins; o++)
			if (ev.items[i].origins[o].address &&
			    !strcmp(ev.items[i].origins[o].address, addr) &&
			    !ev.items[i].origins[o].healthy)
				found = true;
	}
	assert_true(found);
	cf_health_event_list_free(&ev);

	/* And back. */
	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/gpu-a",
				     "{\"mode\":\"healthy\"}", NULL),
			 200);
	assert_true(wait_origin(addr, true, 30000, &h));
	cf_pool_health_free(&h);
}

static void
test_preview(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor m;
	struct cf_preview pv;
	struct cf_preview_result r;
	int waited = 0;
	enum cf_status st;

	(void)state;
	assert_non_null(POOL.monitor);
	assert_int_equal(
		cf_monitor_get(C, S.account_id, POOL.monitor, &m, &err), CF_OK);
	assert_int_equal(
		cf_pool_preview(C, S.account_id, POOL.id, &m, &pv, &err),
		CF_OK);
	assert_non_null(pv.preview_id);
	assert_int_equal(pv.npools, 1);
	assert_string_equal(pv.pools[0].pool_id, POOL.id);
	assert_string_equal(pv.pools[0].pool_name, "inference");
	for (;;) {
		st = cf_preview_result_get(C, S.account_id, pv.preview_id, &r,
					   &err);
		if (st == CF_OK && r.npools > 0 && r.pools[0].norigins > 0)
			break;
		if (st == CF_OK)
			cf_preview_result_free(&r);
		cf_error_clear(&err);
		assert_true(waited < 20000);
		sleep_ms(200);
		waited += 200;
	}
	assert_string_equal(r.pools[0].pool_id, POOL.id);
	assert_int_equal(r.pools[0].norigins, POOL.norigins);
	cf_preview_result_free(&r);
	cf_preview_free(&pv);

	/* The monitor preview takes the same body. */
	assert_int_equal(
		cf_monitor_preview(C, S.account_id, m.id, &m, &pv, &err),
		CF_OK);
	assert_non_null(pv.preview_id);
	assert_true(pv.npools >= 1);
	cf_preview_free(&pv);
	cf_monitor_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_follows_origin),
		cmocka_unit_test(test_preview),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
