/* test_toggle.c: safe origin toggle: exact PATCH, conflicts, verify failures, blast radius, journal and undo, and the one-step plan both run as. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/journal.h"
#include "cfconsole/plan_engine.h"
#include "cfconsole/toggle.h"
#include "core/toggle_impl.h"
#include "oncall_fake.h"

#define ACCT "acc1"
#define POOL_PATH "/accounts/acc1/load_balancers/pools/p1"

/* a and b enabled; b carries a field unknown to us that must survive. */
#define POOL_AB(a_en, b_en, b_w) \
	"{\"id\":\"p1\",\"name\":\"web\",\"enabled\":true," \
	"\"minimum_origins\":1,\"monitor\":\"m1\"," \
	"\"modified_on\":\"2026-01-01T00:00:00Z\",\"origins\":[" \
	"{\"name\":\"a\",\"address\":\"10.0.0.1\",\"enabled\":" a_en \
	",\"weight\":1}," \
	"{\"name\":\"b\",\"address\":\"10.0.0.2\",\"enabled\":" b_en \
	",\"weight\":" b_w ",\"x_future\":{\"k\":7}}]}"

/* The same with modified_on set: every write moves it, as the API does. */
#define POOL_ABM(a_en, b_en, b_w, mod) \
	"{\"id\":\"p1\",\"name\":\"web\",\"enabled\":true," \
	"\"minimum_origins\":1,\"monitor\":\"m1\"," \
	"\"modified_on\":\"" mod "\",\"origins\":[" \
	"{\"name\":\"a\",\"address\":\"10.0.0.1\",\"enabled\":" a_en \
	",\"weight\":1}," \
	"{\"name\":\"b\",\"address\":\"10.0.0.2\",\"enabled\":" b_en \
	",\"weight\":" b_w ",\"x_future\":{\"k\":7}}]}"

#define POOL_BOTH POOL_AB("true", "true", "0.5")
#define POOL_B_OFF POOL_AB("true", "false", "0.5")
#define POOL_A_OFF POOL_AB("false", "true", "0.5")

#define HEALTH(a_ok, b_ok) \
	"{\"pool_id\":\"p1\",\"pop_health\":{\"WEU\":{\"healthy\":true," \
	"\"origins\":[{\"10.0.0.1\":{\"healthy\":" a_ok ",\"rtt\":\"10ms\"," \
	"\"failure_reason\":\"No failures\",\"response_code\":200}}," \
	"{\"10.0.0.2\":{\"healthy\":" b_ok ",\"rtt\":\"12ms\"," \
	"\"failure_reason\":\"No failures\",\"response_code\":200}}]}}}"

#define REFS \
	"[{\"reference_type\":\"referrer\",\"resource_id\":\"lb1\"," \
	"\"resource_name\":\"api.example.com\",\"resource_type\":" \
	"\"load_balancer\"},{\"reference_type\":\"referral\"," \
	"\"resource_id\":\"m1\",\"resource_name\":\"mon\"," \
	"\"resource_type\":\"monitor\"}]"

#define ZONES "[{\"id\":\"z1\",\"name\":\"example.com\"}]"
#define LBS \
	"[{\"id\":\"lb1\",\"name\":\"api.example.com\"," \
	"\"default_pools\":[\"p1\",\"p2\"],\"fallback_pool\":\"p2\"}]"
#define POOLS \
	"[{\"id\":\"p1\",\"name\":\"web\"},{\"id\":\"p2\",\"name\":" \
	"\"backup\"}]"

#define ERR500 \
	"{\"result\":null,\"success\":false,\"errors\":[{\"code\":1000," \
	"\"message\":\"boom\"}],\"messages\":[]}"

struct ctx {
	struct oncall_fake fake;
	struct cf_client *c;
	struct cf_pool seen;
	char dir[64];
	char path[128];
};

static int
setup(void **state)
{
	struct ctx *x = calloc(1, sizeof(*x));
	struct cf_error err = { 0 };

	assert_non_null(x);
	assert_int_equal(cf_global_init(), CF_OK);
	x->c = oncall_fake_client(&x->fake, NULL);
	assert_non_null(x->c);
	assert_int_equal(cf_pool_decode(POOL_BOTH, &x->seen, &err), CF_OK);
	snprintf(x->dir, sizeof(x->dir), "/tmp/cfc-toggle.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/state/cfconsole/journal",
		 x->dir);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *x = *state;
	char cmd[128];

	cf_client_free(x->c);
	oncall_fake_free(&x->fake);
	cf_pool_free(&x->seen);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	assert_int_equal(system(cmd), 0);
	free(x);
	cf_global_cleanup();
	return 0;
}

static struct toggle_request
req_for(struct ctx *x, enum toggle_op op, const char *origin)
{
	struct toggle_request r = { 0 };

	r.account_id = ACCT;
	r.seen = &x->seen;
	r.origin = origin;
	r.op = op;
	return r;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* What a disable reads before it writes: the pool, its health, its
 * references, the zones and their LBs (failover detail), all pools. */
#define DISABLE_READS(health) \
	{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK }, \
		{ "GET", POOL_PATH "/health", 200, health, false, CF_OK }, \
		{ "GET", POOL_PATH "/references", 200, REFS, false, CF_OK }, \
		{ "GET", "/zones", 200, ZONES, false, CF_OK }, \
		{ "GET", "/zones/z1/load_balancers", 200, LBS, false, CF_OK }, \
	{ \
		"GET", "/accounts/acc1/load_balancers/pools", 200, POOLS, \
			false, CF_OK \
	}

/*
 * The pool read again right before the PATCH, because the blast radius
 * took requests since the first read (issue 8, item 16: the GET-to-PATCH
 * window is one round trip).
 */
#define REREAD(pool) \
	{ \
		"GET", POOL_PATH, 200, pool, false, CF_OK \
	}

/* Disable b: GET, health, references, PATCH, GET -> done; exact body. */
static void
test_happy_path_exact_patch(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		DISABLE_READS(HEALTH("true", "true")),
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };
	struct cf_pool sent = { 0 };
	struct cf_error err = { 0 };
	struct journal *j;
	char ebuf[256], *text;
	const char *body;

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	r.journal = j;
	oncall_fake_init(&x->fake, script, 9);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(res.applied, 1);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(x->fake.next, 9);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
	assert_non_null(strstr(res.message, "verified"));

	/* The PATCH carries only the whole origins array, b disabled, a
	 * untouched, and b's unknown field kept. */
	body = x->fake.log[7].body;
	assert_non_null(body);
	assert_string_equal(x->fake.log[7].method, "PATCH");
	assert_int_equal(strncmp(body, "{\"origins\":[", 12), 0);
	assert_non_null(strstr(body, "\"x_future\":{\"k\":7}"));
	assert_null(strstr(body, "\"minimum_origins\""));
	assert_null(strstr(body, "\"monitor\""));
	assert_int_equal(cf_pool_decode(body, &sent, &err), CF_OK);
	assert_int_equal(sent.norigins, 2);
	assert_string_equal(sent.origins[0].name, "a");
	assert_string_equal(sent.origins[0].address, "10.0.0.1");
	assert_true(sent.origins[0].enabled);
	assert_true(sent.origins[0].weight == 1.0);
	assert_string_equal(sent.origins[1].name, "b");
	assert_false(sent.origins[1].enabled);
	assert_true(sent.origins[1].weight == 0.5);
	cf_pool_free(&sent);

	/* Blast radius was computed from real health: 2 -> 1 healthy. */
	assert_int_equal(res.blast.healthy_before, 2);
	assert_int_equal(res.blast.healthy_after, 1);
	assert_false(res.blast.needs_confirm);
	assert_int_equal(res.blast.nlbs, 1);
	assert_string_equal(res.blast.lbs[0].lb_name, "api.example.com");
	assert_true(res.blast.lbs[0].details_known);
	assert_string_equal(res.blast.lbs[0].failover_to, "backup");
	assert_non_null(
		strstr(res.blast.summary,
		       "api.example.com: can fail over to pool backup"));

	/* Journaled: one line, with before/after, no token. */
	text = slurp(x->path);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"action\":\"origin.disable\""));
	assert_non_null(strstr(text, "\"origin\":\"b\""));
	assert_non_null(strstr(text, "\"method\":\"PATCH\""));
	assert_non_null(strstr(text, "\"outcome\":\"done\""));
	assert_null(strstr(text, "oncallTestToken"));
	assert_int_equal(strchr(text, '\n') - text + 1, (long)strlen(text));
	free(text);
	toggle_result_free(&res);
	journal_free(j);
}

/* Someone disabled a between the user's read and ours: nothing written. */
static void
test_conflict_other_origin_changed(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 1);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_CONFLICT);
	assert_int_equal(x->fake.nlog, 1);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(res.diff);
	assert_non_null(strstr(res.diff, "origin a: enabled: true -> false"));
	assert_non_null(strstr(res.message, "nothing was changed"));
	assert_int_equal(res.applied, 0);
	toggle_result_free(&res);
}

/* An origin added elsewhere is a conflict too. */
static void
test_conflict_origin_added(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200,
		  "{\"id\":\"p1\",\"name\":\"web\",\"minimum_origins\":1,"
		  "\"monitor\":\"m1\",\"modified_on\":\"2026-01-01T00:00:00Z\","
		  "\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\","
		  "\"enabled\":true,\"weight\":1},{\"name\":\"b\",\"address\":"
		  "\"10.0.0.2\",\"enabled\":true,\"weight\":0.5},{\"name\":"
		  "\"c\",\"address\":\"10.0.0.3\"}]}",
		  false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 1);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_CONFLICT);
	assert_non_null(strstr(res.diff, "origin c (10.0.0.3) added"));
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	toggle_result_free(&res);
}

/* PATCH accepted, but the re-read shows b still enabled. */
static void
test_verify_mismatch_reported(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_VERIFY_FAILED);
	assert_int_equal(res.applied, 1);
	assert_non_null(strstr(res.message, "PATCH succeeded"));
	assert_non_null(strstr(res.diff, "origin b: enabled: false -> true"));
	toggle_result_free(&res);
}

/* PATCH accepted, the verifying GET fails: applied but unverified. */
static void
test_verify_read_fails(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 500, ERR500, true, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_VERIFY_FAILED);
	assert_int_equal(res.applied, 1);
	assert_non_null(strstr(res.message, "applied but unverified"));
	toggle_result_free(&res);
}

/* PATCH dropped (no answer) but it did land: reported as applied. */
static void
test_write_dropped_but_applied(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 0, NULL, false, CF_ERR_NETWORK },
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_WRITE_FAILED);
	assert_int_equal(res.applied, 1);
	assert_non_null(strstr(res.message, "shows the change applied"));
	toggle_result_free(&res);
}

/* PATCH fails with 500 and nothing changed: said so. */
static void
test_write_failed_nothing_changed(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 500, ERR500, true, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_WRITE_FAILED);
	assert_int_equal(res.applied, 0);
	assert_non_null(strstr(res.message, "nothing was changed"));
	toggle_result_free(&res);
}

/* PATCH dropped and the re-read fails too: "MAY have been applied". */
static void
test_write_unknown(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 0, NULL, false, CF_ERR_TIMEOUT },
		{ "GET", POOL_PATH, 200, "{not json", true, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_WRITE_FAILED);
	assert_int_equal(res.applied, -1);
	assert_non_null(strstr(res.message, "MAY have been applied"));
	toggle_result_free(&res);
}

/* a unhealthy, b healthy: disabling b leaves zero healthy -> confirm. */
static void
test_blast_needs_confirmation(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		DISABLE_READS(HEALTH("false", "true")),
	};
	static const struct oncall_fake_step script2[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("false", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, REFS, false, CF_OK },
		/* LB lookup fails: less detail, the toggle goes on */
		{ "GET", "/zones", 500, ERR500, true, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NEEDS_CONFIRM);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(strstr(res.message, "would fail over to pool backup"));
	assert_int_equal(res.blast.healthy_before, 1);
	assert_int_equal(res.blast.healthy_after, 0);
	assert_true(res.blast.zero_healthy);
	assert_true(res.blast.below_minimum);
	assert_true(res.blast.needs_confirm);
	assert_non_null(strstr(res.message, "no healthy origin"));
	assert_non_null(strstr(res.message, "api.example.com"));
	toggle_result_free(&res);

	r.confirmed = true;
	oncall_fake_init(&x->fake, script2, 7);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	toggle_result_free(&res);
}

/* ui.confirm_disable = "always": a disable that keeps the pool above its
 * minimum still asks first (nothing written), and goes through once
 * confirmed. */
static void
test_confirm_always(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		DISABLE_READS(HEALTH("true", "true")),
	};
	static const struct oncall_fake_step script2[] = {
		DISABLE_READS(HEALTH("true", "true")),
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	r.confirm_always = true;
	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NEEDS_CONFIRM);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	/* Above the minimum: the pool-level rule alone would not ask. */
	assert_false(res.blast.needs_confirm);
	assert_int_equal(res.blast.healthy_after, 1);
	assert_non_null(strstr(res.message, "needs confirmation"));
	toggle_result_free(&res);

	r.confirmed = true;
	oncall_fake_init(&x->fake, script2, 9);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
	toggle_result_free(&res);
}

/* Unknown health is never counted as healthy: confirmation required. */
static void
test_blast_unknown_health_is_not_healthy(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 400,
		  "{\"result\":null,\"success\":false,\"errors\":[{\"code\":"
		  "1000,\"message\":\"Health info unavailable\"}],"
		  "\"messages\":[]}",
		  true, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "a");
	struct toggle_result res = { 0 };

	(void)state;
	oncall_fake_init(&x->fake, script, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NEEDS_CONFIRM);
	assert_false(res.blast.health_known);
	assert_non_null(strstr(res.message, "health unknown"));
	toggle_result_free(&res);
}

/* Pure blast radius with LB details: failover targets and minimums. */
static void
test_blast_compute_lbs(void **state)
{
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	struct cf_load_balancer lb[2] = { { 0 } };
	struct cf_load_balancer_list lbs = { lb, 2 };
	struct cf_error err = { 0 };
	struct toggle_blast b;

	(void)state;
	assert_int_equal(
		cf_pool_decode(
			"{\"id\":\"p1\",\"name\":\"web\",\"minimum_origins\":2,"
			"\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\"},"
			"{\"name\":\"b\",\"address\":\"10.0.0.2\"},"
			"{\"name\":\"c\",\"address\":\"10.0.0.3\"}]}",
			&p, &err),
		CF_OK);
	assert_int_equal(
		cf_pool_health_decode("{\"pool_id\":\"p1\",\"pop_health\":{"
				      "\"WEU\":{\"healthy\":true,\"origins\":["
				      "{\"10.0.0.1\":{\"healthy\":true}},"
				      "{\"10.0.0.2\":{\"healthy\":true}},"
				      "{\"10.0.0.3\":{\"healthy\":false}}]},"
				      "\"ENAM\":{\"healthy\":true,\"origins\":["
				      "{\"10.0.0.1\":{\"healthy\":true}},"
				      "{\"10.0.0.2\":{\"healthy\":true}},"
				      "{\"10.0.0.3\":{\"healthy\":true}}]}}}",
				      &h, &err),
		CF_OK);
	assert_int_equal(cf_load_balancer_decode(
				 "{\"id\":\"lb1\",\"name\":\"api.example.com\","
				 "\"default_pools\":[\"p1\",\"p2\"],"
				 "\"fallback_pool\":\"p3\"}",
				 &lb[0], &err),
			 CF_OK);
	assert_int_equal(
		cf_load_balancer_decode(
			"{\"id\":\"lb2\",\"name\":\"old.example.com\","
			"\"default_pools\":[\"p9\"],\"fallback_pool\":\"p1\"}",
			&lb[1], &err),
		CF_OK);

	/* c is unhealthy in one of two regions: a tie is not healthy. So
	 * 2 healthy (a, b); disabling a leaves 1 < minimum 2. */
	toggle_blast_compute(&p, 0, TOGGLE_OP_DISABLE, 0, &h, NULL, &lbs, NULL,
			     &b);
	assert_int_equal(b.healthy_before, 2);
	assert_int_equal(b.healthy_after, 1);
	assert_true(b.below_minimum);
	assert_false(b.zero_healthy);
	assert_true(b.needs_confirm);
	assert_int_equal(b.nlbs, 2);
	assert_string_equal(b.lbs[0].failover_to, "p2");
	assert_false(b.lbs[0].is_fallback);
	assert_true(b.lbs[1].is_fallback);
	assert_null(b.lbs[1].failover_to);
	assert_non_null(strstr(b.summary, "would fail over to pool p2"));
	assert_non_null(strstr(b.summary, "minimum_origins"));
	toggle_blast_free(&b);

	/* Weight 0 on a serving origin reduces capacity like a disable. */
	toggle_blast_compute(&p, 1, TOGGLE_OP_WEIGHT, 0, &h, NULL, NULL, NULL,
			     &b);
	assert_int_equal(b.healthy_after, 1);
	assert_true(b.needs_confirm);
	toggle_blast_free(&b);

	/* Enabling never asks. */
	toggle_blast_compute(&p, 2, TOGGLE_OP_ENABLE, 0, &h, NULL, NULL, NULL,
			     &b);
	assert_false(b.needs_confirm);
	toggle_blast_free(&b);

	cf_pool_free(&p);
	cf_pool_health_free(&h);
	cf_load_balancer_free(&lb[0]);
	cf_load_balancer_free(&lb[1]);
}

static void
test_noop_notfound_invalid_readonly(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_ENABLE, "10.0.0.2");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 1);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NOOP);
	assert_non_null(strstr(res.message, "already enabled"));
	toggle_result_free(&res);

	r.origin = "zzz";
	oncall_fake_init(&x->fake, script, 1);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NOT_FOUND);
	toggle_result_free(&res);

	r.op = TOGGLE_OP_WEIGHT;
	r.weight = 1.5;
	oncall_fake_init(&x->fake, script, 1);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_INVALID);
	assert_int_equal(x->fake.nlog, 0);
	toggle_result_free(&res);

	r.op = TOGGLE_OP_DISABLE;
	r.readonly = true;
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_INVALID);
	assert_non_null(strstr(res.message, "read-only"));
	assert_int_equal(x->fake.nlog, 0);
	toggle_result_free(&res);
}

/* Weight edit: same path, weight changed, exact value sent. */
static void
test_weight_edit(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_AB("true", "true", "0.25"),
		  false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_AB("true", "true", "0.25"), false,
		  CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_WEIGHT, "b");
	struct toggle_result res = { 0 };
	struct cf_pool sent = { 0 };
	struct cf_error err = { 0 };

	r.weight = 0.25;
	oncall_fake_init(&x->fake, script, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(cf_pool_decode(x->fake.log[1].body, &sent, &err),
			 CF_OK);
	assert_true(sent.origins[1].weight == 0.25);
	assert_true(sent.origins[1].enabled);
	assert_true(sent.origins[0].weight == 1.0);
	cf_pool_free(&sent);
	toggle_result_free(&res);
}

/* Edit: weight and enabled in one PATCH; an empty edit is refused. */
static void
test_edit_both_in_one_patch(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_BOTH),
		{ "PATCH", POOL_PATH, 200, POOL_AB("true", "false", "0.75"),
		  false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_AB("true", "false", "0.75"),
		  false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_EDIT, "b");
	struct toggle_result res = { 0 };
	struct cf_pool sent = { 0 };
	struct cf_error err = { 0 };

	/* nothing to change */
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_INVALID);
	assert_int_equal(x->fake.nlog, 0);
	toggle_result_free(&res);

	r.edit_enabled = TOGGLE_SET_OFF;
	r.edit_weight = true;
	r.weight = 0.75;
	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
	assert_int_equal(cf_pool_decode(x->fake.log[4].body, &sent, &err),
			 CF_OK);
	assert_false(sent.origins[1].enabled);
	assert_true(sent.origins[1].weight == 0.75);
	assert_true(sent.origins[0].enabled);
	assert_true(sent.origins[0].weight == 1.0);
	assert_non_null(strstr(res.message, "disable origin b in pool web "
					    "with weight 0.75"));
	cf_pool_free(&sent);
	toggle_result_free(&res);

	/* the same edit again: already so, nothing sent */
	{
		static const struct oncall_fake_step again[] = {
			{ "GET", POOL_PATH, 200,
			  POOL_AB("true", "false", "0.75"), false, CF_OK },
		};
		struct cf_pool seen2 = { 0 };

		assert_int_equal(
			cf_pool_decode(POOL_AB("true", "false", "0.75"), &seen2,
				       &err),
			CF_OK);
		r.seen = &seen2;
		oncall_fake_init(&x->fake, again, 1);
		assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NOOP);
		toggle_result_free(&res);
		cf_pool_free(&seen2);
	}
}

/* Undo restores "before" when the pool still looks like "after". */
/* Disabling b with both healthy: read, health, references, the re-read
 * before the write, PATCH, read back (the undo tests' first change). */
static const struct oncall_fake_step disable_b_script[] = {
	{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
	{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"), false,
	  CF_OK },
	{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
	REREAD(POOL_BOTH),
	{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
};

static void
test_undo_roundtrip_and_conflict(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step undo_conflict[] = {
		/* a was disabled by someone else after our change */
		{ "GET", POOL_PATH, 200, POOL_AB("false", "false", "0.5"),
		  false, CF_OK },
	};
	static const struct oncall_fake_step undo_ok[] = {
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };
	struct cf_pool sent = { 0 };
	struct cf_error err = { 0 };
	struct journal_list l = { 0 };
	struct journal *j;
	char ebuf[256];

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	/* Nothing to undo yet. */
	oncall_fake_init(&x->fake, NULL, 0);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_NOT_FOUND);
	toggle_result_free(&res);

	r.journal = j;
	oncall_fake_init(&x->fake, disable_b_script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, undo_conflict, 1);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_CONFLICT);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(strstr(res.diff, "origin a: enabled: true -> false"));
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, undo_ok, 3);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(cf_pool_decode(x->fake.log[1].body, &sent, &err),
			 CF_OK);
	assert_true(sent.origins[1].enabled);
	assert_true(sent.origins[0].enabled);
	assert_non_null(strstr(x->fake.log[1].body, "x_future"));
	cf_pool_free(&sent);
	toggle_result_free(&res);

	/* The undo is journaled and the stack is now empty. */
	oncall_fake_init(&x->fake, NULL, 0);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_NOT_FOUND);
	toggle_result_free(&res);
	assert_true(journal_read(x->path, 0, &l, ebuf, sizeof(ebuf)));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].action, "undo");
	assert_string_equal(l.items[1].action, "origin.disable");
	journal_list_free(&l);
	journal_free(j);
}

/* An undo is a writer like any other: toggle_undo itself (the console's
 * u calls it directly) takes the pool's lock before it reads, so with no
 * directory for the lock it refuses and sends nothing. */
static void
test_undo_takes_the_pool_lock(void **state)
{
	struct ctx *x = *state;
	static const char *const vars[] = { "XDG_RUNTIME_DIR", "XDG_STATE_HOME",
					    "HOME" };
	char *saved[3];
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_undo_request u = { 0 };
	struct toggle_result res = { 0 };
	struct journal *j;
	char ebuf[256];
	size_t i;

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	r.journal = j;
	oncall_fake_init(&x->fake, disable_b_script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	for (i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		saved[i] = v ? strdup(v) : NULL;
		unsetenv(vars[i]);
	}
	u.account_id = ACCT;
	u.journal = j;
	oncall_fake_init(&x->fake, NULL, 0);
	assert_int_equal(toggle_undo(x->c, &u, &res), TOGGLE_INVALID);
	assert_non_null(strstr(res.message, "pool lock"));
	assert_int_equal(x->fake.nrequests, 0); /* not even a read */
	toggle_result_free(&res);
	for (i = 0; i < 3; i++) {
		if (saved[i])
			setenv(vars[i], saved[i], 1);
		free(saved[i]);
	}
	journal_free(j);
}

/* Issue 8 item 17: a weight change that is not to 0 takes no capacity
 * away: it is made without reading health, and says nothing about
 * healthy origins, minimums or load balancers that it does not know. */
static void
test_weight_change_claims_nothing(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_AB("true", "true", "0.25"),
		  false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_AB("true", "true", "0.25"), false,
		  CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_WEIGHT, "b");
	struct toggle_result res = { 0 };

	r.weight = 0.25;
	oncall_fake_init(&x->fake, script, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_false(res.blast.reduces);
	assert_false(res.blast.needs_confirm);
	assert_false(res.blast.zero_healthy);
	assert_false(res.blast.below_minimum);
	assert_non_null(strstr(res.blast.summary, "weight 0.5 -> 0.25"));
	assert_null(strstr(res.blast.summary, "WARNING"));
	assert_null(strstr(res.blast.summary, "health unknown"));
	assert_null(strstr(res.blast.summary, "healthy"));
	assert_null(strstr(res.blast.summary, "load balancer"));
	toggle_result_free(&res);
}

/* When one key is enough and when the name must be typed. */
static void
test_blast_typed_decision(void **state)
{
	struct cf_pool p = { 0 };
	struct cf_pool_health h = { 0 };
	struct cf_pool_reference_list none = { 0 };
	struct cf_load_balancer lb = { 0 };
	struct cf_load_balancer_list lbs = { &lb, 1 };
	struct cf_error err = { 0 };
	struct toggle_blast b;

	(void)state;
	assert_int_equal(
		cf_pool_decode(
			"{\"id\":\"p1\",\"name\":\"web\",\"minimum_origins\":2,"
			"\"origins\":[{\"name\":\"a\",\"address\":\"10.0.0.1\"},"
			"{\"name\":\"b\",\"address\":\"10.0.0.2\"},"
			"{\"name\":\"c\",\"address\":\"10.0.0.3\"}]}",
			&p, &err),
		CF_OK);
	assert_int_equal(
		cf_pool_health_decode("{\"pool_id\":\"p1\",\"pop_health\":{"
				      "\"WEU\":{\"healthy\":true,\"origins\":["
				      "{\"10.0.0.1\":{\"healthy\":true}},"
				      "{\"10.0.0.2\":{\"healthy\":true}},"
				      "{\"10.0.0.3\":{\"healthy\":false}}]}}}",
				      &h, &err),
		CF_OK);
	assert_int_equal(cf_load_balancer_decode(
				 "{\"id\":\"lb1\",\"name\":\"api.example.com\","
				 "\"default_pools\":[\"p1\",\"p2\"],"
				 "\"fallback_pool\":\"p2\"}",
				 &lb, &err),
			 CF_OK);

	/* Below the minimum, a load balancer fails over: type the name. */
	toggle_blast_compute(&p, 0, TOGGLE_OP_DISABLE, 0, &h, NULL, &lbs, NULL,
			     &b);
	assert_true(b.needs_confirm);
	assert_true(b.lb_fails_over);
	assert_true(b.needs_typed);
	assert_string_equal(b.origin, "a");
	toggle_blast_free(&b);

	/* Below the minimum, no load balancer uses the pool: one key. */
	toggle_blast_compute(&p, 0, TOGGLE_OP_DISABLE, 0, &h, &none, NULL, NULL,
			     &b);
	assert_true(b.needs_confirm);
	assert_false(b.lb_fails_over);
	assert_false(b.needs_typed);
	assert_non_null(strstr(b.summary, "load balancers using this pool: "
					  "none"));
	toggle_blast_free(&b);

	/* Health unknown: nothing claimed, but the name must be typed. */
	toggle_blast_compute(&p, 0, TOGGLE_OP_DISABLE, 0, NULL, &none, NULL,
			     NULL, &b);
	assert_true(b.needs_typed);
	assert_false(b.zero_healthy);
	assert_null(strstr(b.summary, "WARNING"));
	assert_non_null(strstr(b.summary, "health unknown"));
	toggle_blast_free(&b);

	/* Taking out the unhealthy origin c costs no healthy capacity: no
	 * question and no "would drop" warning. */
	toggle_blast_compute(&p, 2, TOGGLE_OP_DISABLE, 0, &h, NULL, &lbs, NULL,
			     &b);
	assert_false(b.needs_confirm);
	assert_false(b.needs_typed);
	assert_null(strstr(b.summary, "WARNING"));
	assert_null(strstr(b.summary, "would fail over"));
	assert_non_null(strstr(b.summary, "c is unhealthy"));
	toggle_blast_free(&b);

	cf_pool_free(&p);
	cf_pool_health_free(&h);
	cf_load_balancer_free(&lb);
}

/* Issue 8 item 4: space, space, u, u. Each write moves modified_on; the
 * second undo recognises the first undo as this console's own and goes
 * through, one change per call, until nothing is left. */
static void
test_undo_walks_back(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step off[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T0"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_ABM("true", "true", "0.5", "T0")),
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "false", "0.5", "T1"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T1"),
		  false, CF_OK },
	};
	static const struct oncall_fake_step on[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T1"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.5", "T2"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T2"),
		  false, CF_OK },
	};
	/* undo of the enable: b off again (a disable: blast reads) */
	static const struct oncall_fake_step undo1[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T2"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "false", "0.5", "T3"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T3"),
		  false, CF_OK },
	};
	/* undo of the disable: the pool is as the first undo left it */
	static const struct oncall_fake_step undo2[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T3"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.5", "T4"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T4"),
		  false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };
	struct cf_pool seen = { 0 }, sent = { 0 };
	struct cf_error err = { 0 };
	struct journal *j;
	char ebuf[256];

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(cf_pool_decode(POOL_ABM("true", "true", "0.5", "T0"),
					&seen, &err),
			 CF_OK);
	r.seen = &seen;
	r.journal = j;
	oncall_fake_init(&x->fake, off, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	cf_pool_free(&seen);
	seen = res.after;
	memset(&res.after, 0, sizeof(res.after));
	toggle_result_free(&res);

	r.op = TOGGLE_OP_ENABLE;
	oncall_fake_init(&x->fake, on, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, undo1, 5);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(cf_pool_decode(x->fake.log[3].body, &sent, &err),
			 CF_OK);
	assert_false(sent.origins[1].enabled);
	cf_pool_free(&sent);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, undo2, 3);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_null(res.diff);
	assert_int_equal(cf_pool_decode(x->fake.log[1].body, &sent, &err),
			 CF_OK);
	assert_true(sent.origins[1].enabled);
	assert_true(sent.origins[0].enabled);
	assert_non_null(strstr(x->fake.log[1].body, "x_future"));
	cf_pool_free(&sent);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, NULL, 0);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_NOT_FOUND);
	toggle_result_free(&res);
	cf_pool_free(&seen);
	journal_free(j);
}

/* The same walk with weights (no blast radius reads): w1, w2, u, u.
 * Before issue 8 the second undo was refused as "pool modified
 * elsewhere" because the first undo had moved modified_on. */
static void
test_undo_walks_back_weights(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step w1[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T0"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.25", "T1"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.25", "T1"),
		  false, CF_OK },
	};
	static const struct oncall_fake_step w2[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.25", "T1"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.75", "T2"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.75", "T2"),
		  false, CF_OK },
	};
	static const struct oncall_fake_step u1[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.75", "T2"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.25", "T3"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.25", "T3"),
		  false, CF_OK },
	};
	static const struct oncall_fake_step u2[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.25", "T3"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.5", "T4"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T4"),
		  false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_WEIGHT, "b");
	struct toggle_result res = { 0 };
	struct cf_pool seen = { 0 };
	struct cf_error err = { 0 };
	struct journal *j;
	char ebuf[256];

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(cf_pool_decode(POOL_ABM("true", "true", "0.5", "T0"),
					&seen, &err),
			 CF_OK);
	r.seen = &seen;
	r.journal = j;
	r.weight = 0.25;
	oncall_fake_init(&x->fake, w1, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	cf_pool_free(&seen);
	seen = res.after;
	memset(&res.after, 0, sizeof(res.after));
	toggle_result_free(&res);
	r.weight = 0.75;
	oncall_fake_init(&x->fake, w2, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, u1, 3);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_DONE);
	toggle_result_free(&res);
	oncall_fake_init(&x->fake, u2, 3);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_non_null(strstr(x->fake.log[1].body, "\"weight\":0.5"));
	toggle_result_free(&res);
	cf_pool_free(&seen);
	journal_free(j);
}

/* An undo that takes capacity away (undoing an enable) asks like a
 * disable; the confirmation holds for that origin only. */
static void
test_undo_that_disables_asks(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step on[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T0"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "true", "0.5", "T1"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T1"),
		  false, CF_OK },
	};
	/* a is unhealthy: taking b out again leaves no healthy origin */
	static const struct oncall_fake_step ask[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T1"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("false", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
	};
	static const struct oncall_fake_step apply[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T1"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("false", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "false", "0.5", "T2"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T2"),
		  false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_ENABLE, "b");
	struct toggle_undo_request u = { 0 };
	struct toggle_result res = { 0 };
	struct cf_pool seen = { 0 };
	struct cf_error err = { 0 };
	struct journal *j;
	char ebuf[256];

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(cf_pool_decode(POOL_ABM("true", "false", "0.5", "T0"),
					&seen, &err),
			 CF_OK);
	r.seen = &seen;
	r.journal = j;
	oncall_fake_init(&x->fake, on, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	u.account_id = ACCT;
	u.journal = j;
	oncall_fake_init(&x->fake, ask, 3);
	assert_int_equal(toggle_undo(x->c, &u, &res), TOGGLE_NEEDS_CONFIRM);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_true(res.blast.needs_typed);
	assert_string_equal(res.blast.origin, "b");
	toggle_result_free(&res);

	/* Confirmed for another origin: asked again. */
	u.confirmed = true;
	u.confirmed_origin = "a";
	oncall_fake_init(&x->fake, ask, 3);
	assert_int_equal(toggle_undo(x->c, &u, &res), TOGGLE_NEEDS_CONFIRM);
	toggle_result_free(&res);

	u.confirmed_origin = "b";
	oncall_fake_init(&x->fake, apply, 5);
	assert_int_equal(toggle_undo(x->c, &u, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	toggle_result_free(&res);
	cf_pool_free(&seen);
	journal_free(j);
}

/* A refused undo names who changed what: another console session found
 * in the journal file, or something outside cfconsole. */
static void
test_undo_refusal_names_who(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step off[] = {
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "true", "0.5", "T0"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_ABM("true", "true", "0.5", "T0")),
		{ "PATCH", POOL_PATH, 200,
		  POOL_ABM("true", "false", "0.5", "T1"), false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_ABM("true", "false", "0.5", "T1"),
		  false, CF_OK },
	};
	/* someone set a's weight: not in any journal */
	static const struct oncall_fake_step outside[] = {
		{ "GET", POOL_PATH, 200,
		  "{\"id\":\"p1\",\"name\":\"web\",\"enabled\":true,"
		  "\"minimum_origins\":1,\"monitor\":\"m1\","
		  "\"modified_on\":\"T2\",\"origins\":["
		  "{\"name\":\"a\",\"address\":\"10.0.0.1\",\"enabled\":true,"
		  "\"weight\":0.75},{\"name\":\"b\",\"address\":\"10.0.0.2\","
		  "\"enabled\":false,\"weight\":0.5,\"x_future\":{\"k\":7}}]}",
		  false, CF_OK },
	};
	static const struct oncall_fake_step other[] = {
		{ "GET", POOL_PATH, 200,
		  POOL_ABM("false", "false", "0.5", "T2"), false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };
	struct cf_journal_record rec = { 0 };
	struct cf_pool seen = { 0 };
	struct cf_error err = { 0 };
	struct journal *j, *j2;
	char ebuf[256];

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(cf_pool_decode(POOL_ABM("true", "true", "0.5", "T0"),
					&seen, &err),
			 CF_OK);
	r.seen = &seen;
	r.journal = j;
	oncall_fake_init(&x->fake, off, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, outside, 1);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_CONFLICT);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(strstr(res.message, "something outside this console"));
	assert_non_null(strstr(res.message, "origin a: weight: 1 -> 0.75"));
	assert_null(strstr(res.message, "modified"));
	toggle_result_free(&res);

	/* Another session (a second console or `cfconsole origin`) wrote
	 * to the same journal: it is named with what it did. */
	j2 = journal_open(x->path, "ops", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j2);
	rec.kind = (char *)(uintptr_t) "pool";
	rec.object_id = (char *)(uintptr_t) "p1";
	rec.object_name = (char *)(uintptr_t) "web";
	rec.action = (char *)(uintptr_t) "origin.disable";
	rec.origin = (char *)(uintptr_t) "a";
	rec.outcome = (char *)(uintptr_t) "done";
	assert_true(journal_append(j2, &rec, true, ebuf, sizeof(ebuf)));
	oncall_fake_init(&x->fake, other, 1);
	assert_int_equal(toggle_undo_last(x->c, j, ACCT, NULL, &res),
			 TOGGLE_CONFLICT);
	assert_non_null(strstr(res.message, "another cfconsole: "
					    "origin.disable a at "));
	assert_non_null(strstr(res.message, "(profile ops)"));
	assert_non_null(strstr(res.diff, "origin a: enabled: true -> false"));
	toggle_result_free(&res);
	journal_free(j2);
	journal_free(j);
	cf_pool_free(&seen);
}

static void
test_diff_pure(void **state)
{
	struct cf_pool a = { 0 }, b = { 0 };
	struct cf_error err = { 0 };
	char *d;

	(void)state;
	assert_int_equal(cf_pool_decode(POOL_BOTH, &a, &err), CF_OK);
	assert_int_equal(cf_pool_decode(POOL_BOTH, &b, &err), CF_OK);
	assert_null(toggle_pool_diff(&a, &b, 0));
	b.minimum_origins = 2;
	free(b.modified_on);
	b.modified_on = strdup("2026-02-01T00:00:00Z");
	d = toggle_pool_diff(&a, &b, 0);
	assert_non_null(d);
	assert_non_null(strstr(d, "pool minimum_origins: 1 -> 2"));
	free(d);
	b.minimum_origins = 1;
	/* Only modified_on differs: still a conflict unless ignored. */
	d = toggle_pool_diff(&a, &b, 0);
	assert_non_null(d);
	assert_non_null(strstr(d, "modified elsewhere"));
	free(d);
	assert_null(toggle_pool_diff(&a, &b, TOGGLE_DIFF_IGNORE_MODIFIED));
	assert_int_equal(toggle_find_origin(&a, "b"), 1);
	assert_int_equal(toggle_find_origin(&a, "10.0.0.1"), 0);
	assert_int_equal(toggle_find_origin(&a, "nope"), -1);
	cf_pool_free(&a);
	cf_pool_free(&b);
}

/* ---- concurrent writers (issue 8, item 16) ------------------------------ */

/* A client on x's fake transport that retries (max_retries 2, 1 ms). */
static struct cf_client *
retrying_client(struct ctx *x)
{
	char tok[] = "oncallTestToken_0123456789abcdefABCDEF";
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { 0 };
	struct cf_error err = { 0 };
	struct cf_client *c;

	o.base_url = "http://127.0.0.1:9/client/v4";
	o.creds = &cr;
	o.max_retries = 2;
	o.retry_base_ms = 1;
	o.retry_max_ms = 2;
	c = cf_client_new(&o, &err);
	assert_non_null(c);
	cf_client_set_transport(c, &oncall_fake_ops, &x->fake);
	return c;
}

/*
 * A PATCH that failed without reaching the pool is never sent again as it
 * was: the retry is a whole new read-modify-write, so the second PATCH
 * carries what someone else changed meanwhile (b disabled) instead of
 * putting b back.
 */
static void
test_retry_is_a_fresh_read_modify_write(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
		{ "PATCH", POOL_PATH, 503, ERR500, true, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
		/* meanwhile someone disabled b */
		{ "GET", POOL_PATH, 200, POOL_AB("false", "false", "0.5"),
		  false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct cf_client *c = retrying_client(x);
	struct toggle_request r = req_for(x, TOGGLE_OP_ENABLE, "a");
	struct toggle_result res = { 0 };
	struct cf_pool first = { 0 }, second = { 0 };
	struct cf_error err = { 0 };

	r.fresh_state = true; /* headless: no pool was shown */
	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(c, &r, &res), TOGGLE_DONE);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(x->fake.next, 6);
	assert_int_equal(res.attempts, 2);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 2);
	assert_int_equal(cf_pool_decode(x->fake.log[1].body, &first, &err),
			 CF_OK);
	assert_int_equal(cf_pool_decode(x->fake.log[4].body, &second, &err),
			 CF_OK);
	assert_true(first.origins[0].enabled);
	assert_true(first.origins[1].enabled); /* as read then */
	assert_true(second.origins[0].enabled);
	assert_false(second.origins[1].enabled); /* someone else's, kept */
	cf_pool_free(&first);
	cf_pool_free(&second);
	toggle_result_free(&res);

	/* Shown a pool (the console): the fresh read differs from it, so
	 * the retry ends in a conflict, and nothing more is sent. */
	r.fresh_state = false;
	oncall_fake_init(&x->fake, script, 6);
	{
		struct cf_pool seen = { 0 };

		assert_int_equal(cf_pool_decode(POOL_A_OFF, &seen, &err),
				 CF_OK);
		r.seen = &seen;
		assert_int_equal(toggle_run(c, &r, &res), TOGGLE_CONFLICT);
		assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
		assert_int_equal(x->fake.next, 4);
		toggle_result_free(&res);
		cf_pool_free(&seen);
	}
	cf_client_free(c);

	/* A PATCH that got no answer is not retried even with retries
	 * allowed: the API may still act on it after a retry. */
	{
		static const struct oncall_fake_step dropped[] = {
			{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
			{ "PATCH", POOL_PATH, 0, NULL, false, CF_ERR_NETWORK },
			{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
		};

		c = retrying_client(x);
		r.seen = &x->seen;
		r.fresh_state = true;
		oncall_fake_init(&x->fake, dropped, 3);
		assert_int_equal(toggle_run(c, &r, &res), TOGGLE_WRITE_FAILED);
		assert_int_equal(res.applied, 0);
		assert_int_equal(res.attempts, 1);
		assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
		assert_int_equal(x->fake.next, 3);
		toggle_result_free(&res);
		cf_client_free(c);
	}

	/* Without retries: one PATCH, reported as not applied. */
	oncall_fake_init(&x->fake, script, 3);
	r.seen = &x->seen;
	r.fresh_state = true;
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_WRITE_FAILED);
	assert_int_equal(res.applied, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 1);
	toggle_result_free(&res);
}

/*
 * The pool changes while the blast radius is read: the read right before
 * the PATCH sees it, and nothing is written over it.
 */
static void
test_changed_before_write_is_conflict(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		{ "GET", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		{ "GET", POOL_PATH "/health", 200, HEALTH("true", "true"),
		  false, CF_OK },
		{ "GET", POOL_PATH "/references", 200, "[]", false, CF_OK },
		REREAD(POOL_A_OFF),
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };

	oncall_fake_init(&x->fake, script, 4);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_CONFLICT);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(strstr(res.message, "changed by someone else while "
					    "this change was prepared"));
	assert_non_null(strstr(res.diff, "origin a: enabled: true -> false"));
	assert_int_equal(res.applied, 0);
	toggle_result_free(&res);
}

/* The re-read after the PATCH tells a change undone from one kept. */
static void
test_verify_tells_undone_from_kept(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step undone[] = {
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		/* someone wrote their stale array after ours */
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
	};
	static const struct oncall_fake_step kept[] = {
		{ "GET", POOL_PATH, 200, POOL_A_OFF, false, CF_OK },
		{ "PATCH", POOL_PATH, 200, POOL_BOTH, false, CF_OK },
		/* someone disabled b after our write: a stays enabled */
		{ "GET", POOL_PATH, 200, POOL_B_OFF, false, CF_OK },
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_ENABLE, "a");
	struct toggle_result res = { 0 };

	r.fresh_state = true;
	oncall_fake_init(&x->fake, undone, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_VERIFY_FAILED);
	assert_non_null(strstr(res.message, "UNDONE"));
	assert_null(strstr(res.message, "verified"));
	assert_non_null(strstr(res.diff, "origin a: enabled: true -> false"));
	toggle_result_free(&res);

	oncall_fake_init(&x->fake, kept, 3);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_DONE);
	assert_non_null(strstr(res.message, "done (verified)"));
	assert_non_null(strstr(res.message, "also changed by someone else"));
	assert_non_null(
		strstr(res.message, "origin b: enabled: true -> false"));
	assert_string_equal(res.request_method, "PATCH");
	assert_string_equal(res.request_path, POOL_PATH);
	assert_non_null(res.request_body);
	toggle_result_free(&res);
}

/* A dry run reads, computes and reports, and writes nothing. */
static void
test_dry_run_sends_nothing(void **state)
{
	struct ctx *x = *state;
	static const struct oncall_fake_step script[] = {
		DISABLE_READS(HEALTH("true", "true")),
	};
	struct toggle_request r = req_for(x, TOGGLE_OP_DISABLE, "b");
	struct toggle_result res = { 0 };
	struct cf_pool sent = { 0 };
	struct cf_error err = { 0 };
	struct journal *j;
	char ebuf[256];
	struct stat st;

	j = journal_open(x->path, "prof", ACCT, ebuf, sizeof(ebuf));
	assert_non_null(j);
	r.journal = j;
	r.dry_run = true;
	oncall_fake_init(&x->fake, script, 6);
	assert_int_equal(toggle_run(x->c, &r, &res), TOGGLE_NOOP);
	assert_true(res.dry_run);
	assert_int_equal(res.applied, 0);
	assert_int_equal(x->fake.mismatches, 0);
	assert_int_equal(x->fake.nlog, 6); /* the reads only */
	assert_int_equal(oncall_fake_count(&x->fake, "PATCH"), 0);
	assert_non_null(strstr(res.message, "dry run: would disable origin b"));
	assert_string_equal(res.request_path, POOL_PATH);
	assert_int_equal(cf_pool_decode(res.request_body, &sent, &err), CF_OK);
	assert_false(sent.origins[1].enabled);
	assert_true(sent.origins[0].enabled);
	assert_false(res.after.origins[1].enabled);
	assert_true(res.before.origins[1].enabled);
	assert_int_equal(res.blast.healthy_after, 1);
	assert_non_null(strstr(res.blast.summary, "api.example.com"));
	/* nothing journaled */
	assert_true(stat(x->path, &st) != 0 || st.st_size == 0);
	cf_pool_free(&sent);
	toggle_result_free(&res);
	journal_free(j);
}

/* ---- the one-step plan (toggle_plan_run: toggle_run and toggle_undo) -- */

/* What the change's code left, and what the engine said of its step. */
static struct {
	enum toggle_outcome outcome; /* the code's result */
	int applied;
	int runs;
	const void *req;
	char events[128]; /* "start verified", ... */
	char line[256];	  /* the verified or failed event's line */
} step;

#define STEP_MSG "undo disable of origin b in pool web: said\nsecond line"

static enum toggle_outcome
step_code(struct cf_client *c, const void *req, struct toggle_result *res)
{
	(void)c;
	step.runs++;
	step.req = req;
	memset(res, 0, sizeof(*res));
	res->outcome = step.outcome;
	res->applied = step.applied;
	res->message = strdup(STEP_MSG);
	return res->outcome;
}

static void
step_progress(const struct pe_event *ev, void *ud)
{
	static const char *const name[] = {
		[PE_EV_START] = "start",
		[PE_EV_FOUND] = "found",
		[PE_EV_APPLIED] = "applied",
		[PE_EV_VERIFIED] = "verified",
		[PE_EV_SKIPPED] = "skipped",
		[PE_EV_FAILED] = "failed",
		[PE_EV_ROLLBACK] = "rollback",
		[PE_EV_UNDONE] = "undone",
		[PE_EV_UNDO_FAILED] = "undo_failed",
	};
	size_t n = strlen(step.events);

	(void)ud;
	snprintf(step.events + n, sizeof(step.events) - n, "%s%s", n ? " " : "",
		 name[ev->kind]);
	if (ev->kind == PE_EV_VERIFIED || ev->kind == PE_EV_FAILED)
		snprintf(step.line, sizeof(step.line), "%s", ev->line);
}

/*
 * toggle_run and toggle_undo are each one PE_CALL step run by the plan
 * engine (toggle_plan_run). The engine's events show it ran the change's
 * code once, as step "[1/1] <origin>"; what the code left (outcome,
 * message, applied) reaches the caller untouched; a change that may be on
 * the pool is never taken back by the plan (reported left, the code not
 * run again), one that sent nothing has nothing to take back.
 */
static void
test_change_is_a_one_step_plan(void **state)
{
	struct ctx *x = *state;
	static const struct {
		enum toggle_outcome outcome;
		int applied;
		const char *events;
	} cases[] = {
		{ TOGGLE_DONE, 1, "start verified" },
		{ TOGGLE_NOOP, 0, "start verified" },
		{ TOGGLE_NEEDS_CONFIRM, 0, "start failed rollback" },
		{ TOGGLE_CONFLICT, 0, "start failed rollback" },
		{ TOGGLE_WRITE_FAILED, 0, "start failed rollback" },
		{ TOGGLE_VERIFY_FAILED, 1,
		  "start failed rollback undo_failed" },
		{ TOGGLE_WRITE_FAILED, -1,
		  "start failed rollback undo_failed" },
	};
	const struct pe_hooks hooks = { .progress = step_progress };
	int marker;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct toggle_step st = { .name = "undo",
					  .label = "b",
					  .account_id = ACCT,
					  .pool_id = "p1",
					  .run = step_code,
					  .req = &marker,
					  .hooks = &hooks };
		struct toggle_result res = { 0 };

		memset(&step, 0, sizeof(step));
		step.outcome = cases[i].outcome;
		step.applied = cases[i].applied;
		assert_int_equal(toggle_plan_run(x->c, &st, &res),
				 cases[i].outcome);
		assert_int_equal(step.runs, 1);
		assert_ptr_equal(step.req, &marker);
		assert_string_equal(step.events, cases[i].events);
		assert_string_equal(step.line, "[1/1] b: undo disable of "
					       "origin b in pool web: said");
		assert_int_equal(res.outcome, cases[i].outcome);
		assert_int_equal(res.applied, cases[i].applied);
		assert_string_equal(res.message, STEP_MSG);
		toggle_result_free(&res);
	}
	/* The engine itself sends nothing. */
	assert_int_equal(cf_client_requests(x->c), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_happy_path_exact_patch,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_conflict_other_origin_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_origin_added,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_mismatch_reported,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_read_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_dropped_but_applied,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_write_failed_nothing_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_unknown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_confirm_always, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_blast_needs_confirmation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_blast_unknown_health_is_not_healthy, setup,
			teardown),
		cmocka_unit_test(test_blast_compute_lbs),
		cmocka_unit_test_setup_teardown(
			test_noop_notfound_invalid_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weight_edit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_edit_both_in_one_patch,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_undo_roundtrip_and_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_takes_the_pool_lock,
						setup, teardown),
		cmocka_unit_test(test_diff_pure),
		cmocka_unit_test_setup_teardown(
			test_weight_change_claims_nothing, setup, teardown),
		cmocka_unit_test(test_blast_typed_decision),
		cmocka_unit_test_setup_teardown(test_undo_walks_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_undo_walks_back_weights,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_that_disables_asks,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_undo_refusal_names_who,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_retry_is_a_fresh_read_modify_write, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_changed_before_write_is_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_verify_tells_undone_from_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_sends_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_is_a_one_step_plan,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
