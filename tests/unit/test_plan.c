/* test_plan.c: the setup plan model: presets, whole-plan validation, the plan file codec, the request list and exports against golden files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cfconsole/plan.h"

/*
 * Golden files live in tests/fixtures/plan/. CFCONSOLE_UPDATE_GOLDEN=1
 * rewrites them (then review the diff); otherwise a difference fails and
 * prints both texts.
 */
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
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void
fixture_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("CFCONSOLE_FIXTURES");

	snprintf(buf, size, "%s/%s", dir ? dir : "tests/fixtures", name);
}

static void
assert_golden(const char *name, const char *text)
{
	char path[1024];
	char *want;
	const char *upd = getenv("CFCONSOLE_UPDATE_GOLDEN");

	assert_non_null(text);
	fixture_path(path, sizeof(path), name);
	if (upd && !strcmp(upd, "1")) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		return;
	}
	want = slurp(path);
	if (!want)
		fail_msg("missing golden file %s", path);
	if (strcmp(want, text)) {
		fprintf(stderr, "--- %s (golden)\n%s\n--- got\n%s\n", path,
			want, text);
		free(want);
		fail_msg("%s differs from what the code produces", name);
	}
	free(want);
}

/* The example plan shipped in examples/ (the demo world's plan). */
static void
load_example(struct cf_plan *p)
{
	char path[1024], msg[512];
	const char *top = getenv("TOP");

	snprintf(path, sizeof(path), "%s/examples/inference-endpoint.plan.json",
		 top ? top : ".");
	if (!plan_file_load(path, p, msg, sizeof(msg)))
		fail_msg("%s", msg);
}

static bool
issue_found(const struct plan_issues *l, const char *field, const char *part,
	    bool warning)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].field, field) &&
		    l->v[i].warning == warning && strstr(l->v[i].message, part))
			return true;
	return false;
}

/* issue_found, listing the issues when it is not there. */
static bool
has_issue(const struct plan_issues *l, const char *field, const char *part,
	  bool warning)
{
	size_t i;

	if (issue_found(l, field, part, warning))
		return true;
	fprintf(stderr, "no %s on %s containing \"%s\"; issues:\n",
		warning ? "warning" : "error", field, part);
	for (i = 0; i < l->n; i++)
		fprintf(stderr, "  %s %s: %s\n",
			l->v[i].warning ? "warning" : "error", l->v[i].field,
			l->v[i].message);
	return false;
}

/* ---- presets ------------------------------------------------------------ */

static void
test_preset_inference(void **state)
{
	struct cf_plan p;
	struct plan_issues l = { 0 };

	(void)state;
	assert_true(plan_preset("inference", "example.com", &p));
	/* Every value of the Pulumi program, with its three mistakes fixed. */
	assert_string_equal(p.monitor.type, "http");
	assert_string_equal(p.monitor.method, "GET");
	assert_string_equal(p.monitor.path, "/health");
	assert_string_equal(p.monitor.expected_codes, "200");
	assert_int_equal(p.monitor.timeout, 5);
	assert_int_equal(p.monitor.interval, 60);
	assert_false(p.monitor.follow_redirects);
	assert_true(p.monitor.allow_insecure);
	assert_int_equal(p.monitor_source, CF_PLAN_CREATE);
	assert_int_equal(p.pool.norigins, 2);
	assert_string_equal(p.pool.origins[0].name, "origin-1");
	assert_string_equal(p.pool.origins[1].name, "origin-2");
	assert_true(p.pool.origins[0].enabled && p.pool.origins[1].enabled);
	assert_string_equal(p.lb.default_pools.v[0], CF_PLAN_POOL_REF);
	assert_string_equal(p.lb.fallback_pool, CF_PLAN_POOL_REF);
	assert_string_equal(p.lb.steering_policy, "off");
	assert_int_equal(p.lb.pop_pools.n, 1);
	assert_string_equal(p.lb.pop_pools.e[0].key, "LAX");
	assert_string_equal(p.lb.pop_pools.e[0].pool_ids.v[0],
			    CF_PLAN_POOL_REF);
	assert_true(p.lb.proxied);
	assert_true(p.lb.enabled);
	assert_false(p.lb.has_ttl); /* ttl 30 is ignored when proxied */
	assert_int_equal(p.cname_source, CF_PLAN_CREATE);
	assert_string_equal(p.cname.name, "api.example.com");
	assert_string_equal(p.cname.content, p.lb.name);
	assert_true(p.cname.proxied);
	assert_true(p.cname.ttl == 1);
	/* The pool gets the monitor: its request carries {monitor.id}. */
	{
		char *req = plan_requests_text(&p, NULL, NULL);

		assert_non_null(strstr(req, "\"monitor\": \"{monitor.id}\""));
		free(req);
	}
	/* Real origin addresses are required: the preset leaves them to
	 * the user, and validation says so next to each field. */
	assert_false(plan_validate(&p, NULL, &l));
	assert_int_equal(l.nerrors, 2);
	assert_true(has_issue(&l, "pool.origins[0].address",
			      "enter the address of origin-1", false));
	assert_true(
		has_issue(&l, "pool.origins[1].address", "origin-2", false));
	assert_true(
		has_issue(&l, "load_balancer.pop_pools", "Enterprise", true));
	plan_issues_free(&l);
	cf_plan_free(&p);

	assert_true(plan_preset("empty", NULL, &p));
	assert_int_equal(p.cname_source, CF_PLAN_SKIP);
	assert_false(plan_validate(&p, NULL, &l));
	assert_true(has_issue(&l, "zone", "choose a zone", false));
	assert_true(has_issue(&l, "pool.name", "enter a pool name", false));
	plan_issues_free(&l);
	cf_plan_free(&p);
	assert_false(plan_preset("nope", "example.com", &p));
}

/* ---- validation ----------------------------------------------------------- */

static void
test_validate_example(void **state)
{
	struct cf_plan p;
	struct plan_issues l = { 0 };

	(void)state;
	load_example(&p);
	assert_true(plan_validate(&p, NULL, &l));
	assert_int_equal(l.nerrors, 0);
	plan_issues_free(&l);
	cf_plan_free(&p);
}

/* Runs one mutation of the example and expects `part` on `field`. */
#define EXPECT_ERROR(mutation, field, part) \
	do { \
		struct cf_plan p_; \
		struct plan_issues l_ = { 0 }; \
		load_example(&p_); \
		{ \
			struct cf_plan *p = &p_; \
			mutation; \
		} \
		assert_false(plan_validate(&p_, &rules, &l_)); \
		assert_true(has_issue(&l_, field, part, false)); \
		plan_issues_free(&l_); \
		cf_plan_free(&p_); \
	} while (0)

static void
set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
}

static void
test_validate_rules(void **state)
{
	struct plan_rules rules = { 0 };

	(void)state;
	EXPECT_ERROR(p->monitor.timeout = 60, "monitor.timeout",
		     "less than the interval (60 s)");
	EXPECT_ERROR(p->monitor.interval = 30, "monitor.interval",
		     "from 60 to 3600");
	rules.min_interval = 10; /* an account whose plan allows 10 s */
	EXPECT_ERROR(p->monitor.interval = 5; p->monitor.timeout = 2,
					      "monitor.interval",
					      "from 10 to 3600");
	rules.min_interval = 0;
	EXPECT_ERROR(p->monitor.retries = 6, "monitor.retries", "0 to 5");
	EXPECT_ERROR(set(&p->monitor.path, "health"), "monitor.path",
		     "start with /");
	EXPECT_ERROR(set(&p->monitor.expected_codes, "2x0"),
		     "monitor.expected_codes", "2xx");
	EXPECT_ERROR(set(&p->monitor.type, "tcp");
		     set(&p->monitor.method, "connection_established"),
		     "monitor.port", "needs the port");
	EXPECT_ERROR(set(&p->monitor.method, "POST"), "monitor.method",
		     "GET, HEAD");
	EXPECT_ERROR(p->monitor_source = CF_PLAN_SKIP, "pool.monitor",
		     "nothing is health-checked");
	EXPECT_ERROR(set(&p->pool.name, "inference pool"), "pool.name",
		     "letters, digits");
	EXPECT_ERROR(set(&p->pool.origins[1].address, "10.0.0.300"),
		     "pool.origins[1].address", "IPv4");
	EXPECT_ERROR(set(&p->pool.origins[1].address, "192.168.0.5"),
		     "pool.origins[1].address", "virtual network");
	EXPECT_ERROR(p->pool.origins[0].weight = 0.333,
		     "pool.origins[0].weight", "steps of 0.01");
	EXPECT_ERROR(set(&p->pool.origins[1].name, "origin-1"),
		     "pool.origins[1].name", "used twice");
	EXPECT_ERROR(p->pool.minimum_origins = 3, "pool.minimum_origins",
		     "never be healthy");
	EXPECT_ERROR(set(&p->lb.name, "inference-lb.example.org"),
		     "load_balancer.name", "not inside the zone example.com");
	EXPECT_ERROR(p->lb.has_ttl = true; p->lb.ttl = 30, "load_balancer.ttl",
					   "no TTL on a proxied load balancer");
	EXPECT_ERROR(
		set(&p->lb.fallback_pool, "0123456789abcdef0123456789abcdef"),
		"load_balancer.fallback_pool", "one of the default pools");
	EXPECT_ERROR(set(&p->lb.default_pools.v[0], "{pol.id}"),
		     "load_balancer.default_pools", "neither");
	EXPECT_ERROR(set(&p->lb.steering_policy, "closest"),
		     "load_balancer.steering_policy", "off, geo");
	EXPECT_ERROR(set(&p->lb.pop_pools.e[0].key, "lax"),
		     "load_balancer.pop_pools.lax", "three upper-case");
	EXPECT_ERROR(set(&p->lb.session_affinity, "cookie");
		     p->lb.has_session_affinity_ttl = true;
		     p->lb.session_affinity_ttl = 60,
		     "load_balancer.session_affinity_ttl", "1800 to 604800");
	EXPECT_ERROR(p->lb.proxied = false;
		     set(&p->lb.session_affinity, "cookie"),
		     "load_balancer.session_affinity", "proxied");
	EXPECT_ERROR(set(&p->cname.name, p->lb.name), "cname.name",
		     "load balancer's own name");
	EXPECT_ERROR(set(&p->cname.name, "predict.example.net"), "cname.name",
		     "not inside the zone");
	EXPECT_ERROR(p->cname.ttl = 300, "cname.ttl", "proxied record");
	EXPECT_ERROR(p->cname.proxied = false;
		     p->cname.ttl = 10, "cname.ttl", "30 to 86400");
	EXPECT_ERROR(set(&p->cname.content, "not a host"), "cname.content",
		     "not allowed");
	EXPECT_ERROR(p->pool_source = CF_PLAN_EXISTING;
		     set(&p->pool_id, "0123456789abcdef0123456789abcdef"),
		     "monitor", "existing pool keeps its own monitor");
	EXPECT_ERROR(set(&p->zone, ""), "zone", "choose a zone");

	/* An unproxied LB may have a TTL; geo without geo pools is a warning. */
	{
		struct cf_plan p;
		struct plan_issues l = { 0 };

		load_example(&p);
		p.lb.proxied = false;
		p.lb.has_ttl = true;
		p.lb.ttl = 30;
		set(&p.lb.steering_policy, "geo");
		assert_true(plan_validate(&p, NULL, &l));
		assert_false(issue_found(&l, "load_balancer.steering_policy",
					 "uses default_pools only", true));
		plan_issues_free(&l);
		cf_plan_free(&p);
	}
}

/* ---- the plan file -------------------------------------------------------- */

static void
test_codec(void **state)
{
	struct cf_plan p, q;
	struct cf_error err = { 0 };
	char *a, *b;

	(void)state;
	load_example(&p);
	/* State survives a round trip byte for byte. */
	p.account_id = strdup("0123456789abcdef0123456789abcdef");
	p.zone_id = strdup("fedcba9876543210fedcba9876543210");
	p.steps = calloc(2, sizeof(*p.steps));
	p.nsteps = 2;
	p.steps[0].step = strdup("monitor");
	p.steps[0].status = strdup("verified");
	p.steps[0].id = strdup("11111111111111111111111111111111");
	p.steps[1].step = strdup("pool");
	p.steps[1].status = strdup("sending");
	p.steps[1].preexisting.v = calloc(1, sizeof(char *));
	p.steps[1].preexisting.v[0] =
		strdup("22222222222222222222222222222222");
	p.steps[1].preexisting.n = 1;
	a = cf_plan_encode(&p, true);
	assert_int_equal(cf_plan_decode(a, &q, &err), CF_OK);
	b = cf_plan_encode(&q, true);
	assert_string_equal(a, b);
	assert_string_equal(cf_plan_state_find(&q, "pool")->status, "sending");
	assert_string_equal(cf_plan_state_find(&q, "pool")->preexisting.v[0],
			    "22222222222222222222222222222222");
	free(b);
	/* Without state, the export form. */
	b = cf_plan_encode(&q, false);
	assert_null(strstr(b, "\"state\""));
	free(a);
	free(b);
	cf_plan_free(&q);
	/* A copy is deep and equal. */
	assert_int_equal(cf_plan_copy(&q, &p), CF_OK);
	a = cf_plan_encode(&p, true);
	b = cf_plan_encode(&q, true);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cf_plan_free(&q);
	cf_plan_free(&p);
}

static void
expect_decode_error(const char *json, enum cf_status st, const char *part)
{
	struct cf_plan p;
	struct cf_error err = { 0 };

	assert_int_equal(cf_plan_decode(json, &p, &err), st);
	if (!err.detail || !strstr(err.detail, part))
		fail_msg("decode error \"%s\" lacks \"%s\"",
			 err.detail ? err.detail : "(none)", part);
	cf_error_clear(&err);
}

static void
test_codec_errors(void **state)
{
	(void)state;
	expect_decode_error("{", CF_ERR_MALFORMED, "not valid JSON");
	expect_decode_error("[]", CF_ERR_INVALID_ARG, "JSON object");
	expect_decode_error("{\"zone\":\"a.b\"}", CF_ERR_INVALID_ARG,
			    "\"cfconsole_plan\": 1 is missing");
	expect_decode_error("{\"cfconsole_plan\":2}", CF_ERR_INVALID_ARG,
			    "version 1");
	expect_decode_error("{\"cfconsole_plan\":1,\"zone\":\"a.b\"}",
			    CF_ERR_INVALID_ARG, "needs \"monitor\"");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{\"interva\":60},"
		"\"pool\":{},\"load_balancer\":{}}",
		CF_ERR_INVALID_ARG, "monitor: unknown key \"interva\"");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{\"interval\":\"60\"},"
		"\"pool\":{},\"load_balancer\":{}}",
		CF_ERR_INVALID_ARG,
		"monitor.interval: expected a whole number");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{},"
		"\"pool\":{\"monitor\":\"x\"},\"load_balancer\":{}}",
		CF_ERR_INVALID_ARG, "the pool gets the plan's monitor");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{\"existing\":\"a\",\"type\":\"http\"},"
		"\"pool\":{},\"load_balancer\":{}}",
		CF_ERR_INVALID_ARG, "takes no other key");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{},\"pool\":{\"origins\":"
		"[{\"header\":{\"X\":[\"a\"]}}]},\"load_balancer\":{}}",
		CF_ERR_INVALID_ARG, "only {\"Host\"");
	expect_decode_error("{\"cfconsole_plan\":1,\"monitor\":{},\"pool\":{},"
			    "\"load_balancer\":{},\"cname\":{\"type\":\"A\"}}",
			    CF_ERR_INVALID_ARG, "CNAME record only");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{},\"pool\":{},"
		"\"load_balancer\":{\"pop_pools\":{\"LAX\":\"x\"}}}",
		CF_ERR_INVALID_ARG, "expected an array of strings");
	expect_decode_error(
		"{\"cfconsole_plan\":1,\"monitor\":{},\"pool\":{},"
		"\"load_balancer\":{},\"state\":{\"steps\":[{\"id\":\"x\"}]}}",
		CF_ERR_INVALID_ARG, "\"step\" and \"status\" are required");
}

/* Existing objects are picked by id; a skipped CNAME is null. */
static void
test_codec_existing(void **state)
{
	const char *json =
		"{\"cfconsole_plan\":1,\"zone\":\"example.com\","
		"\"monitor\":{\"existing\":\"0123456789abcdef0123456789abcdef\"},"
		"\"pool\":{\"existing\":\"fedcba9876543210fedcba9876543210\"},"
		"\"load_balancer\":{\"name\":\"x.example.com\","
		"\"default_pools\":[\"{pool.id}\"],\"fallback_pool\":\"{pool.id}\"},"
		"\"cname\":null}";
	struct cf_plan p;
	struct cf_error err = { 0 };
	struct plan_issues l = { 0 };
	char *req;

	(void)state;
	assert_int_equal(cf_plan_decode(json, &p, &err), CF_OK);
	assert_int_equal(p.monitor_source, CF_PLAN_EXISTING);
	assert_int_equal(p.pool_source, CF_PLAN_EXISTING);
	assert_int_equal(p.cname_source, CF_PLAN_SKIP);
	/* With an existing pool the monitor must not be a new one; here
	 * both are picked, and only the LB is created. */
	assert_true(plan_validate(&p, NULL, &l));
	plan_issues_free(&l);
	req = plan_requests_text(&p, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
				 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	assert_golden("plan/existing.requests", req);
	free(req);
	cf_plan_free(&p);
}

/* ---- requests and exports --------------------------------------------------- */

static void
test_requests_golden(void **state)
{
	struct cf_plan p;
	char *t;

	(void)state;
	load_example(&p);
	t = plan_requests_text(&p, NULL, NULL);
	assert_golden("plan/inference.requests", t);
	free(t);
	/* The same with ids known: paths carry them, bodies keep the
	 * placeholders of objects not created yet. */
	t = plan_requests_text(&p, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			       "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	assert_non_null(strstr(
		t,
		"POST /accounts/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/load_balancers/pools\n"));
	assert_non_null(strstr(
		t,
		"POST /zones/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/dns_records\n"));
	assert_non_null(strstr(t, "\"fallback_pool\": \"{pool.id}\""));
	free(t);
	cf_plan_free(&p);
}

/* check_regions and a disabled LB need PATCHes (the create bodies lack
 * them); an unproxied LB sends its TTL; region/country pools. */
static void
test_requests_patch_steps(void **state)
{
	struct cf_plan p;
	struct plan_issues l = { 0 };
	struct pe_plan e;
	char *t;

	(void)state;
	load_example(&p);
	p.pool.has_check_regions = true;
	p.pool.check_regions.v = calloc(2, sizeof(char *));
	p.pool.check_regions.v[0] = strdup("WNAM");
	p.pool.check_regions.v[1] = strdup("ENAM");
	p.pool.check_regions.n = 2;
	p.lb.enabled = false;
	p.lb.proxied = false;
	p.lb.has_ttl = true;
	p.lb.ttl = 30;
	p.cname.proxied = false;
	p.cname.ttl = 300;
	set(&p.lb.steering_policy, "geo");
	free(p.lb.region_pools.e); /* the file's empty map */
	p.lb.region_pools.e = calloc(1, sizeof(*p.lb.region_pools.e));
	p.lb.region_pools.n = 1;
	p.lb.region_pools.e[0].key = strdup("WNAM");
	p.lb.region_pools.e[0].pool_ids.v = calloc(1, sizeof(char *));
	p.lb.region_pools.e[0].pool_ids.v[0] = strdup(CF_PLAN_POOL_REF);
	p.lb.region_pools.e[0].pool_ids.n = 1;
	assert_true(plan_validate(&p, NULL, &l));
	plan_issues_free(&l);
	assert_true(plan_build(&p, NULL, NULL, NULL, &e));
	assert_int_equal(e.n, 6);
	assert_string_equal(e.steps[2].name, "pool.check_regions");
	assert_int_equal(e.steps[2].op, PE_PATCH);
	assert_string_equal(e.steps[4].name, "load_balancer.enabled");
	assert_int_equal(e.steps[4].op, PE_PATCH);
	pe_plan_free(&e);
	t = plan_requests_text(&p, NULL, NULL);
	assert_golden("plan/patch-steps.requests", t);
	free(t);
	cf_plan_free(&p);
}

static void
test_exports_golden(void **state)
{
	struct cf_plan p;
	char *t, path[1024], *want;

	(void)state;
	load_example(&p);
	t = plan_export(&p, "pulumi");
	assert_golden("plan/inference.pulumi.py", t);
	/* No credential, no id of any account in the program text. */
	assert_null(strstr(t, "cfsim-demo-token"));
	assert_null(strstr(t, "api_token"));
	free(t);
	t = plan_export(&p, "terraform");
	assert_golden("plan/inference.tf", t);
	free(t);
	/* The JSON export is the example file itself. */
	t = plan_export(&p, "json");
	snprintf(path, sizeof(path), "%s/examples/inference-endpoint.plan.json",
		 getenv("TOP") ? getenv("TOP") : ".");
	want = slurp(path);
	assert_non_null(want);
	assert_string_equal(t, want);
	free(want);
	free(t);
	assert_null(plan_export(&p, "yaml"));
	cf_plan_free(&p);
}

/* Strings that would break out of a literal are escaped in both. */
static void
test_export_escaping(void **state)
{
	struct cf_plan p;
	char *t;

	(void)state;
	load_example(&p);
	set(&p.pool.description, "say \"hi\" \\ ${var.x} %{x}\nnext");
	set(&p.description, "line one\nline \"two\"");
	t = plan_export(&p, "pulumi");
	assert_non_null(strstr(
		t, "description=\"say \\\"hi\\\" \\\\ ${var.x} %{x}\\nnext\""));
	assert_non_null(strstr(t, "# line one line \"two\"\n"));
	free(t);
	t = plan_export(&p, "terraform");
	assert_non_null(strstr(
		t,
		"description = \"say \\\"hi\\\" \\\\ $${var.x} %%{x}\\nnext\""));
	free(t);
	cf_plan_free(&p);
}

/* ---- the file on disk --------------------------------------------------------- */

static void
test_file_atomic(void **state)
{
	char dir[] = "/tmp/test_plan.XXXXXX", path[256], msg[512];
	struct cf_plan p, q;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.json", dir);
	load_example(&p);
	assert_true(plan_file_save(path, &p, msg, sizeof(msg)));
	assert_true(plan_file_load(path, &q, msg, sizeof(msg)));
	cf_plan_free(&q);
	/* No temporary file is left beside it. */
	snprintf(msg, sizeof(msg), "%s/p.json.tmp.%ld", dir, (long)getpid());
	assert_int_not_equal(access(msg, F_OK), 0);
	assert_false(
		plan_file_load("/nonexistent/p.json", &q, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "cannot read"));
	/* A directory that is not there: the save fails, says why. */
	assert_false(plan_file_save("/nonexistent/dir/p.json", &p, msg,
				    sizeof(msg)));
	assert_non_null(strstr(msg, "cannot write"));
	unlink(path);
	rmdir(dir);
	cf_plan_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_preset_inference),
		cmocka_unit_test(test_validate_example),
		cmocka_unit_test(test_validate_rules),
		cmocka_unit_test(test_codec),
		cmocka_unit_test(test_codec_errors),
		cmocka_unit_test(test_codec_existing),
		cmocka_unit_test(test_requests_golden),
		cmocka_unit_test(test_requests_patch_steps),
		cmocka_unit_test(test_exports_golden),
		cmocka_unit_test(test_export_escaping),
		cmocka_unit_test(test_file_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
