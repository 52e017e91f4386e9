/* test_form.c: the wizard's form model driven like a keyboard, with no terminal: typing, Tab, space, arrows, Next refused while a field is invalid, dependencies, tables, pick-lists, maps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfconsole/form.h"

static const char *const POOL_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *const POOL_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/* Types s one character at a time, as keys arrive. */
static void
keys(struct form *f, const char *s)
{
	char c[2] = { 0, 0 };

	for (; *s; s++) {
		c[0] = *s;
		form_type(f, c);
	}
}

static void
backspaces(struct form *f, int n)
{
	while (n-- > 0)
		form_backspace(f);
}

static bool
is_visible(struct form *f, enum form_step s, const char *id)
{
	const char *const *ids;
	size_t n = form_fields(f, s, &ids), i;

	for (i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return true;
	return false;
}

static void
assert_why(struct form *f, const char *id, const char *part)
{
	const char *w = form_why(f, id);

	if (!w || !strstr(w, part))
		fail_msg("%s: reason \"%s\" lacks \"%s\"", id, w ? w : "(none)",
			 part);
}

static struct form *
new_form(void)
{
	const char *zone_ids[] = { "11111111111111111111111111111111",
				   "22222222222222222222222222222222" };
	const char *zone_names[] = { "example.com", "inference.dev" };
	const char *pool_ids[] = { POOL_A, POOL_B };
	const char *pool_names[] = { "inference", "inference-fallback" };
	struct form *f = form_new("inference", "example.com", NULL);

	assert_non_null(f);
	assert_true(
		form_set_objects(f, FORM_OBJ_ZONES, zone_ids, zone_names, 2));
	assert_true(
		form_set_objects(f, FORM_OBJ_POOLS, pool_ids, pool_names, 2));
	return f;
}

/* Zone, then the pool step with its origins table, as a user types it. */
static void
test_zone_and_pool(void **state)
{
	struct form *f = new_form();
	const struct cf_plan *p = form_plan(f);
	const struct form_field *d;

	(void)state;
	assert_int_equal(form_step(f), FORM_STEP_ZONE);
	assert_string_equal(form_focus(f), "zone");
	assert_string_equal(form_step_title(FORM_STEP_LB), "Load balancer");
	d = form_field_def("zone");
	assert_int_equal(d->kind, FORM_CHOICE);
	assert_true(strlen(d->hint) > 0);
	/* Arrow on the zone: the next of the account's zones; the names made
	 * from the zone follow it. */
	assert_true(form_cycle(f, 1));
	assert_string_equal(form_text(f, "zone"), "inference.dev");
	assert_string_equal(p->lb.name, "inference-lb.inference.dev");
	assert_string_equal(p->cname.name, "api.inference.dev");
	assert_string_equal(p->cname.content, "inference-lb.inference.dev");
	assert_true(form_cycle(f, -1));
	assert_string_equal(p->zone, "example.com");
	assert_true(form_dirty(f));
	assert_true(form_next(f));

	/* Pool: real origin addresses are required. */
	assert_int_equal(form_step(f), FORM_STEP_POOL);
	assert_true(is_visible(f, FORM_STEP_POOL, "pool.origins"));
	assert_false(is_visible(f, FORM_STEP_POOL, "pool.existing"));
	assert_int_equal(form_rows(f, "pool.origins"), 2);
	assert_false(form_next(f));
	assert_int_equal(form_step(f), FORM_STEP_POOL);
	assert_string_equal(form_focus(f), "pool.origins[0].address");
	assert_why(f, "pool.origins[0].address",
		   "enter the address of origin-1");
	/* Validation as typed: each key re-checks the field. */
	keys(f, "10.0.0.");
	assert_string_equal(form_text(f, "pool.origins[0].address"), "10.0.0.");
	assert_why(f, "pool.origins[0].address", "not an IPv4 address");
	keys(f, "5");
	assert_why(f, "pool.origins[0].address", "virtual network");
	backspaces(f, 8);
	assert_string_equal(form_text(f, "pool.origins[0].address"), "");
	keys(f, "127.0.0.11");
	assert_null(form_why(f, "pool.origins[0].address"));
	assert_string_equal(p->pool.origins[0].address, "127.0.0.11");
	/* Tab goes cell by cell: weight, enabled, Host header, next row. */
	form_focus_next(f);
	assert_string_equal(form_focus(f), "pool.origins[0].weight");
	backspaces(f, 1);
	keys(f, "0.333");
	assert_why(f, "pool.origins[0].weight", "steps of 0.01");
	/* The plan keeps the last valid value typed ("0.33"). */
	assert_true(p->pool.origins[0].weight == 0.33);
	backspaces(f, 1);
	assert_null(form_why(f, "pool.origins[0].weight"));
	assert_true(p->pool.origins[0].weight == 0.33);
	form_focus_next(f);
	assert_string_equal(form_focus(f), "pool.origins[0].enabled");
	assert_true(form_toggle(f));
	assert_false(p->pool.origins[0].enabled);
	assert_true(form_toggle(f));
	form_focus_next(f);
	form_focus_next(f);
	assert_string_equal(form_focus(f), "pool.origins[1].name");
	/* Next still refused: origin-2 has no address. */
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "pool.origins[1].address");
	keys(f, "127.0.0.12");
	/* A third row, then removed again; moving rows. */
	assert_true(form_row_add(f, "pool.origins"));
	assert_string_equal(form_focus(f), "pool.origins[2].name");
	assert_string_equal(p->pool.origins[2].name, "origin-3");
	assert_false(form_next(f)); /* its address is missing */
	assert_true(form_row_remove(f, "pool.origins", 2));
	assert_true(form_row_move(f, "pool.origins", 1, -1));
	assert_string_equal(p->pool.origins[0].name, "origin-2");
	assert_true(form_row_move(f, "pool.origins", 0, 1));
	assert_false(form_row_move(f, "pool.origins", 1, 1));
	/* minimum_origins above the origins: a whole-plan rule, by its field. */
	assert_true(form_set(f, "pool.minimum_origins", "3"));
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "pool.minimum_origins");
	assert_why(f, "pool.minimum_origins", "never be healthy");
	assert_true(form_set_text(f, "2"));
	/* The check regions pick-list: empty means every region. */
	assert_int_equal(form_picked(f, "pool.check_regions"), 0);
	assert_true(form_pick_add(f, "pool.check_regions", "WEU"));
	assert_false(form_pick_add(f, "pool.check_regions", "MARS"));
	assert_true(p->pool.has_check_regions);
	assert_true(form_pick_remove(f, "pool.check_regions", 0));
	assert_false(p->pool.has_check_regions);
	assert_true(form_next(f));
	assert_int_equal(form_step(f), FORM_STEP_MONITOR);
	form_free(f);
}

/* Moves a fresh form to step s through valid origins. */
static struct form *
form_at(enum form_step s)
{
	struct form *f = new_form();

	assert_true(form_next(f));
	assert_true(form_set(f, "pool.origins[0].address", "127.0.0.11"));
	assert_true(form_set(f, "pool.origins[1].address", "127.0.0.12"));
	while (form_step(f) < s)
		assert_true(form_next(f));
	return f;
}

static void
test_monitor(void **state)
{
	struct form *f = form_at(FORM_STEP_MONITOR);
	const struct cf_plan *p = form_plan(f);
	size_t n;

	(void)state;
	assert_true(is_visible(f, FORM_STEP_MONITOR, "monitor.path"));
	assert_true(form_set_focus(f, "monitor.interval"));
	backspaces(f, 2);
	assert_why(f, "monitor.interval", "enter interval");
	keys(f, "3");
	keys(f, "0");
	assert_why(f, "monitor.interval", "from 60 to 3600");
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "monitor.interval");
	assert_true(form_set_text(f, "120"));
	assert_int_equal(p->monitor.interval, 120);
	assert_true(form_set(f, "monitor.timeout", "120"));
	assert_why(f, "monitor.timeout", "less than the interval (120 s)");
	assert_true(form_set(f, "monitor.timeout", "10"));
	assert_null(form_why(f, "monitor.timeout"));
	assert_true(form_set(f, "monitor.expected_codes", "2xx"));
	assert_true(form_set(f, "monitor.expected_codes", "2x0"));
	assert_why(f, "monitor.expected_codes", "range like 2xx");
	assert_true(form_set(f, "monitor.expected_codes", "200"));
	assert_true(form_set(f, "monitor.path", "health"));
	assert_why(f, "monitor.path", "start with /");
	assert_true(form_set(f, "monitor.path", "/health"));
	/* The type decides the method's choices and which fields exist. */
	assert_true(form_set_focus(f, "monitor.type"));
	assert_non_null(form_choices(f, "monitor.type", &n));
	assert_int_equal(n, 6);
	assert_true(form_set_text(f, "tcp"));
	assert_string_equal(p->monitor.method, "connection_established");
	assert_false(is_visible(f, FORM_STEP_MONITOR, "monitor.path"));
	assert_false(
		is_visible(f, FORM_STEP_MONITOR, "monitor.allow_insecure"));
	form_choices(f, "monitor.method", &n);
	assert_int_equal(n, 1);
	/* A TCP monitor needs a port: Next refused, focus on the port. */
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "monitor.port");
	assert_why(f, "monitor.port", "needs the port");
	keys(f, "80");
	assert_string_equal(form_text(f, "monitor.port"), "080");
	assert_int_equal(p->monitor.port, 80);
	assert_true(form_set(f, "monitor.type", "http"));
	assert_string_equal(p->monitor.method, "GET");
	assert_true(form_set(f, "monitor.port", "0"));
	/* An existing monitor instead: its fields go away. */
	assert_true(form_set(f, "monitor.source", "existing"));
	assert_false(is_visible(f, FORM_STEP_MONITOR, "monitor.type"));
	assert_true(is_visible(f, FORM_STEP_MONITOR, "monitor.existing"));
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "monitor.existing");
	assert_true(form_set(f, "monitor.source", "new"));
	assert_true(form_next(f));
	form_free(f);
}

static void
test_load_balancer(void **state)
{
	struct form *f = form_at(FORM_STEP_LB);
	const struct cf_plan *p = form_plan(f);
	const struct valid_choice *c;
	size_t n;

	(void)state;
	/* Proxied: no TTL field; unproxied: a TTL; proxied again drops it. */
	assert_false(is_visible(f, FORM_STEP_LB, "load_balancer.ttl"));
	assert_true(form_set_focus(f, "load_balancer.proxied"));
	assert_true(form_toggle(f));
	assert_true(is_visible(f, FORM_STEP_LB, "load_balancer.ttl"));
	assert_true(form_set(f, "load_balancer.ttl", "10"));
	assert_why(f, "load_balancer.ttl", "30 to 86400");
	assert_true(form_set(f, "load_balancer.ttl", "30"));
	assert_true(p->lb.has_ttl);
	assert_true(form_toggle(f));
	assert_true(p->lb.proxied);
	assert_false(p->lb.has_ttl);
	/* Hostname inside the zone; the CNAME's target follows it. */
	assert_true(form_set(f, "load_balancer.name", "llm.example.org"));
	assert_why(f, "load_balancer.name", "not inside the zone example.com");
	assert_true(form_set(f, "load_balancer.name", "llm.example.com"));
	assert_string_equal(p->cname.content, "llm.example.com");
	/* Default pools: this plan's pool and the account's, ordered. */
	c = form_choices(f, "load_balancer.default_pools", &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].value, CF_PLAN_POOL_REF);
	assert_string_equal(c[1].help, "inference");
	assert_true(form_pick_add(f, "load_balancer.default_pools", POOL_B));
	assert_false(form_pick_add(f, "load_balancer.default_pools", POOL_B));
	assert_true(form_pick_move(f, "load_balancer.default_pools", 1, -1));
	assert_string_equal(
		form_picked_item(f, "load_balancer.default_pools", 0), POOL_B);
	c = form_choices(f, "load_balancer.fallback_pool", &n);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].help, "inference-fallback");
	assert_true(form_set(f, "load_balancer.fallback_pool", POOL_A));
	assert_why(f, "load_balancer.fallback_pool",
		   "one of the default pools");
	assert_true(form_set(f, "load_balancer.fallback_pool", POOL_B));
	/* Removing the fallback from the defaults moves the fallback. */
	assert_true(form_pick_remove(f, "load_balancer.default_pools", 0));
	assert_string_equal(p->lb.fallback_pool, CF_PLAN_POOL_REF);
	/* Session affinity brings its TTL field, with its own range. */
	assert_false(is_visible(f, FORM_STEP_LB,
				"load_balancer.session_affinity_ttl"));
	assert_true(form_set(f, "load_balancer.session_affinity", "cookie"));
	assert_true(is_visible(f, FORM_STEP_LB,
			       "load_balancer.session_affinity_ttl"));
	assert_true(form_set(f, "load_balancer.session_affinity_ttl", "60"));
	assert_why(f, "load_balancer.session_affinity_ttl", "1800 to 604800");
	assert_false(form_next(f));
	assert_string_equal(form_focus(f),
			    "load_balancer.session_affinity_ttl");
	assert_true(form_set_text(f, ""));
	/* The PoP map: a bad key is refused, shown, and blocks Next. */
	assert_false(form_map_set(f, "load_balancer.pop_pools", "lax",
				  CF_PLAN_POOL_REF));
	assert_why(f, "load_balancer.pop_pools.lax", "three upper-case");
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "load_balancer.pop_pools");
	assert_true(form_map_set(f, "load_balancer.pop_pools", "lax", ""));
	assert_true(form_map_set(f, "load_balancer.pop_pools", "SJC",
				 "{pool.id}, "
				 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"));
	assert_int_equal(p->lb.pop_pools.n, 2);
	assert_int_equal(p->lb.pop_pools.e[1].pool_ids.n, 2);
	assert_false(
		form_map_set(f, "load_balancer.region_pools", "WNAM", "gpu"));
	assert_why(f, "load_balancer.region_pools.WNAM", "neither");
	assert_true(form_map_set(f, "load_balancer.region_pools", "WNAM", ""));
	assert_true(form_next(f));
	assert_int_equal(form_step(f), FORM_STEP_CNAME);
	form_free(f);
}

static void
test_cname_and_review(void **state)
{
	struct form *f = form_at(FORM_STEP_CNAME);
	struct cf_plan p;
	char path[1024], *want, *got;
	FILE *in;
	long len;

	(void)state;
	assert_true(is_visible(f, FORM_STEP_CNAME, "cname.name"));
	assert_false(is_visible(f, FORM_STEP_CNAME, "cname.ttl")); /* proxied */
	assert_true(form_set(f, "cname.name", "inference-lb.example.com"));
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "cname.name");
	assert_why(f, "cname.name", "load balancer's own name");
	assert_true(form_set(f, "cname.name", "predict.example.com"));
	assert_true(form_set_focus(f, "cname.proxied"));
	assert_true(form_toggle(f));
	assert_true(is_visible(f, FORM_STEP_CNAME, "cname.ttl"));
	assert_true(form_set(f, "cname.ttl", "20"));
	assert_why(f, "cname.ttl", "30 to 86400");
	assert_true(form_set(f, "cname.ttl", "1"));
	assert_true(form_toggle(f));
	/* Skipping the CNAME hides its fields. */
	assert_true(form_set_focus(f, "cname.create"));
	assert_true(form_toggle(f));
	assert_false(is_visible(f, FORM_STEP_CNAME, "cname.name"));
	assert_true(form_toggle(f));
	assert_true(form_next(f));
	assert_int_equal(form_step(f), FORM_STEP_REVIEW);
	assert_false(form_next(f));
	/* Review shows the exact requests: those of the example plan. */
	assert_true(form_take_plan(f, &p));
	got = plan_requests_text(&p, NULL, NULL);
	snprintf(path, sizeof(path), "%s/plan/inference.requests",
		 getenv("CFCONSOLE_FIXTURES") ? getenv("CFCONSOLE_FIXTURES")
					      : "tests/fixtures");
	in = fopen(path, "r");
	assert_non_null(in);
	fseek(in, 0, SEEK_END);
	len = ftell(in);
	fseek(in, 0, SEEK_SET);
	want = calloc(1, (size_t)len + 1);
	assert_int_equal(fread(want, 1, (size_t)len, in), (size_t)len);
	fclose(in);
	assert_string_equal(got, want);
	free(got);
	free(want);
	cf_plan_free(&p);
	/* Any reached step again from Review, and back. */
	assert_true(form_goto(f, FORM_STEP_POOL));
	assert_int_equal(form_step(f), FORM_STEP_POOL);
	assert_true(form_back(f));
	assert_int_equal(form_step(f), FORM_STEP_ZONE);
	assert_false(form_back(f));
	form_free(f);
}

/* An existing pool: no new monitor (it keeps its own), and the LB uses it. */
static void
test_existing_pool(void **state)
{
	struct form *f = new_form();
	const struct cf_plan *p = form_plan(f);
	struct plan_issues l = { 0 };
	const char *const *ids;
	char *req;

	(void)state;
	assert_true(form_next(f));
	assert_true(form_set_focus(f, "pool.source"));
	assert_true(form_cycle(f, 1));
	assert_int_equal(p->pool_source, CF_PLAN_EXISTING);
	assert_false(is_visible(f, FORM_STEP_POOL, "pool.name"));
	assert_false(form_next(f));
	assert_string_equal(form_focus(f), "pool.existing");
	assert_true(form_cycle(f, 1));
	assert_string_equal(p->pool_id, POOL_A);
	assert_true(form_next(f));
	assert_int_equal(form_fields(f, FORM_STEP_MONITOR, &ids), 0);
	assert_true(form_next(f));
	assert_true(form_next(f));
	assert_true(form_next(f));
	assert_true(form_issues(f, &l));
	plan_issues_free(&l);
	req = plan_requests_text(p, NULL, NULL);
	assert_null(strstr(req, "/monitors"));
	assert_non_null(strstr(req, POOL_A));
	free(req);
	form_free(f);
	assert_null(form_new("nope", NULL, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_and_pool),
		cmocka_unit_test(test_monitor),
		cmocka_unit_test(test_load_balancer),
		cmocka_unit_test(test_cname_and_review),
		cmocka_unit_test(test_existing_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
