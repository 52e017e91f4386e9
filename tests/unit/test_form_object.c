/* test_form_object.c: create/edit forms over one DNS record, monitor, pool or load balancer on the form engine, driven like a keyboard with no terminal: validation as typed, dependencies, Save refused while a field is invalid, the changes known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cfconsole/form.h"

#define P1 "17b5962d775c646f3f9725cbc7a53df4"
#define P2 "9290f38c5d07c2e2f4df57b1f61d4196"
#define M1 "f1aba936b94213e5b8dca0c0dbf1f9cc"

static const struct field_ctx CTX = { .zone = "example.com" };

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

/* The visible field ids joined with spaces. */
static char *
visible(struct form *f)
{
	static char buf[2048];
	const char *const *ids;
	size_t n = form_fields(f, FORM_STEP_ZONE, &ids), i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(buf, i ? " " : "");
		strcat(buf, ids[i]);
	}
	return buf;
}

static void
focus(struct form *f, const char *id)
{
	if (!form_set_focus(f, id))
		fail_msg("cannot focus %s", id);
}

static void
test_dns_create(void **state)
{
	struct form *f = form_new_object(FIELD_RES_DNS, NULL, &CTX);
	const struct cf_dns_record *r;
	const struct form_field *d;
	unsigned mask;
	char *diff;

	(void)state;
	assert_non_null(f);
	assert_true(form_is_object(f));
	assert_true(form_creating(f));
	assert_int_equal(form_resource(f), FIELD_RES_DNS);
	assert_string_equal(visible(f), "type name content proxied ttl "
					"comment tags");
	assert_string_equal(form_focus(f), "type");
	d = form_def(f, "type");
	assert_int_equal(d->kind, FORM_CHOICE);
	assert_int_equal(d->nchoices, 20);
	/* An empty record cannot be saved: the name is the first problem. */
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "name");
	assert_string_equal(form_why(f, "name"), "enter the name");
	/* A relative name gets the zone. */
	keys(f, "_sip._tcp");
	assert_null(form_why(f, "name"));
	r = form_object(f);
	assert_string_equal(r->name, "_sip._tcp.example.com");
	/* The type decides the fields: SRV has data members, no content. */
	focus(f, "type");
	assert_true(form_set_text(f, "SRV"));
	assert_string_equal(visible(f), "type name ttl comment tags "
					"data.priority data.weight data.port "
					"data.target");
	focus(f, "data.port");
	keys(f, "5o60");
	assert_string_equal(form_why(f, "data.port"),
			    "data.port must be a number from 0 to 65535");
	backspaces(f, 3);
	keys(f, "060");
	assert_null(form_why(f, "data.port"));
	/* TTL 20 is refused as typed; Save goes to the first invalid field. */
	focus(f, "ttl");
	backspaces(f, 1);
	keys(f, "20");
	assert_string_equal(form_why(f, "ttl"), "TTL must be 1 (automatic) or "
						"from 30 to 86400 seconds");
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "ttl");
	assert_true(form_set_text(f, "300"));
	/* Still missing: the SRV's priority, weight and target. */
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "data.priority");
	assert_true(form_set(f, "data.priority", "10"));
	assert_true(form_set(f, "data.weight", "5"));
	assert_true(form_set(f, "data.target", "sip.example.com"));
	assert_true(form_save(f));
	assert_true(form_changes(f, &mask, &diff));
	assert_true(mask & CF_DNS_F_TYPE);
	assert_true(mask & CF_DNS_F_NAME);
	assert_true(mask & CF_DNS_F_DATA);
	assert_true(mask & CF_DNS_F_TTL);
	assert_non_null(strstr(diff, "data.port: - -> 5060"));
	free(diff);
	r = form_object(f);
	assert_string_equal(r->type, "SRV");
	assert_non_null(strstr(r->data_json, "\"port\":5060"));
	/* Back to A: the data goes, content and proxied come back. */
	focus(f, "type");
	assert_true(form_set_text(f, "A"));
	assert_string_equal(visible(f), "type name content proxied ttl "
					"comment tags");
	assert_null(((const struct cf_dns_record *)form_object(f))->data_json);
	form_free(f);
}

static struct cf_monitor *
monitor(void)
{
	static const char json[] =
		"{\"id\":\"" M1 "\",\"type\":\"http\",\"description\":\"web\","
		"\"method\":\"GET\",\"path\":\"/health\",\"port\":0,"
		"\"expected_codes\":\"200\",\"timeout\":5,\"retries\":2,"
		"\"interval\":60}";
	struct cf_monitor *m = calloc(1, sizeof(*m));
	struct cf_error err = { 0 };

	assert_int_equal(cf_monitor_decode(json, m, &err), CF_OK);
	return m;
}

static void
test_monitor_edit(void **state)
{
	struct cf_monitor *m = monitor();
	struct form *f = form_new_object(FIELD_RES_MONITOR, m, &CTX);
	const struct valid_choice *c;
	unsigned mask;
	size_t n;
	char *diff;

	(void)state;
	assert_false(form_creating(f));
	assert_false(form_dirty(f));
	assert_true(form_save(f)); /* nothing changed: nothing wrong */
	assert_true(form_changes(f, &mask, &diff));
	assert_int_equal(mask, 0);
	assert_null(diff);
	focus(f, "interval");
	assert_string_equal(form_text(f, "interval"), "60");
	backspaces(f, 2);
	keys(f, "30");
	assert_string_equal(form_why(f, "interval"),
			    "interval must be from 60 to 3600 seconds (lower "
			    "needs a plan that allows it)");
	/* The object keeps the last valid value; Save is refused. */
	assert_int_equal(((const struct cf_monitor *)form_object(f))->interval,
			 60);
	assert_true(form_next(f) == false);
	assert_string_equal(form_focus(f), "interval");
	backspaces(f, 2);
	keys(f, "120");
	assert_null(form_why(f, "interval"));
	assert_true(form_save(f));
	assert_true(form_changes(f, &mask, &diff));
	assert_int_equal(mask, CF_MON_F_INTERVAL);
	assert_string_equal(diff, "interval: 60 -> 120");
	free(diff);
	/* Choices: the method's depend on the type. */
	c = form_choices(f, "method", &n);
	assert_int_equal(n, 2);
	assert_string_equal(c[1].value, "HEAD");
	focus(f, "type");
	while (strcmp(form_text(f, "type"), "tcp"))
		assert_true(form_cycle(f, 1));
	assert_null(strstr(visible(f), "path"));
	assert_string_equal(form_text(f, "method"), "connection_established");
	/* A TCP monitor needs its port: Save says so on the port. */
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "port");
	assert_string_equal(form_why(f, "port"),
			    "a tcp monitor needs the port to probe");
	focus(f, "port");
	assert_true(form_set_text(f, "8080"));
	assert_true(form_save(f));
	/* Booleans: space. */
	focus(f, "consecutive_up");
	assert_false(form_toggle(f));
	form_free(f);
	cf_monitor_free(m);
	free(m);
}

/* An edit is not stopped by a value the API gave that nobody touched. */
static void
test_untouched_values(void **state)
{
	struct cf_monitor *m = monitor();
	struct form *f;

	(void)state;
	m->timeout = 90; /* not below the interval: the API's problem */
	f = form_new_object(FIELD_RES_MONITOR, m, &CTX);
	focus(f, "description");
	keys(f, "-2");
	assert_true(form_save(f));
	/* ... but an edit of the interval is checked against it. */
	assert_true(form_set(f, "interval", "80"));
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "timeout");
	form_free(f);
	cf_monitor_free(m);
	free(m);
}

static struct cf_pool *
pool(void)
{
	static const char json[] =
		"{\"id\":\"" P1 "\",\"name\":\"pool-a\",\"enabled\":true,"
		"\"minimum_origins\":1,\"monitor\":\"" M1 "\",\"origins\":["
		"{\"name\":\"gpu-a\",\"address\":\"192.0.2.10\","
		"\"enabled\":true,\"weight\":1},{\"name\":\"gpu-b\","
		"\"address\":\"192.0.2.11\",\"enabled\":true,\"weight\":1}]}";
	struct cf_pool *p = calloc(1, sizeof(*p));
	struct cf_error err = { 0 };

	assert_int_equal(cf_pool_decode(json, p, &err), CF_OK);
	return p;
}

static void
test_pool_origins(void **state)
{
	struct cf_pool *p = pool();
	struct form *f = form_new_object(FIELD_RES_POOL, p, &CTX);
	const char *mids[] = { M1, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" };
	const char *mnames[] = { "web", "tcp" };
	const struct valid_choice *c;
	const struct form_field *d;
	unsigned mask;
	size_t n;
	char *diff;

	(void)state;
	assert_true(form_set_objects(f, FORM_OBJ_MONITORS, mids, mnames, 2));
	d = form_def(f, "origins");
	assert_int_equal(d->kind, FORM_TABLE);
	d = form_def(f, "origins[1].weight");
	assert_string_equal(d->table, "origins");
	assert_int_equal(form_rows(f, "origins"), 2);
	/* Tab walks through the cells in place of the table. */
	focus(f, "origins[1].enabled");
	form_focus_next(f);
	assert_string_equal(form_focus(f), "origins[1].weight");
	keys(f, ".333");
	assert_string_equal(form_why(f, "origins[1].weight"),
			    "weight must be from 0 to 1");
	backspaces(f, 5);
	keys(f, "0.333");
	assert_string_equal(form_why(f, "origins[1].weight"),
			    "weight goes in steps of 0.01");
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "origins[1].weight");
	assert_true(form_set_text(f, "0.5"));
	/* A new row, typed in; its address must be real. */
	assert_true(form_row_add(f, "origins"));
	assert_string_equal(form_focus(f), "origins[2].name");
	assert_true(form_set_text(f, "gpu-c"));
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "origins[2].address");
	keys(f, "10.0.0.9");
	assert_non_null(
		strstr(form_why(f, "origins[2].address"), "internal address"));
	assert_true(form_set_text(f, "192.0.2.12"));
	assert_true(form_save(f));
	assert_true(form_changes(f, &mask, &diff));
	assert_int_equal(mask, CF_POOL_F_ORIGINS);
	assert_string_equal(diff, "origins[gpu-b].weight: 1 -> 0.5\n"
				  "origins: + gpu-c");
	free(diff);
	/* Rows move and go; a typed cell goes with the numbering. */
	assert_true(form_row_move(f, "origins", 2, -1));
	assert_string_equal(form_text(f, "origins[1].name"), "gpu-c");
	assert_true(form_row_remove(f, "origins", 0));
	assert_int_equal(form_rows(f, "origins"), 2);
	/* The monitor: one of the account's, or none (with a warning). */
	c = form_choices(f, "monitor", &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].value, "");
	assert_string_equal(c[2].help, "tcp");
	focus(f, "monitor");
	assert_true(form_set_text(f, ""));
	assert_true(form_save(f));
	/* Pick-list: check regions, every value known. */
	assert_false(form_pick_add(f, "check_regions", "MARS"));
	assert_true(form_pick_add(f, "check_regions", "WEU"));
	assert_true(form_pick_add(f, "check_regions", "ENAM"));
	assert_false(form_pick_add(f, "check_regions", "WEU"));
	assert_int_equal(form_picked(f, "check_regions"), 2);
	assert_true(form_pick_move(f, "check_regions", 1, -1));
	assert_string_equal(form_picked_item(f, "check_regions", 0), "ENAM");
	assert_true(form_pick_remove(f, "check_regions", 0));
	assert_string_equal(form_text(f, "check_regions"), "WEU");
	form_free(f);
	cf_pool_free(p);
	free(p);
}

static void
test_lb_create(void **state)
{
	struct form *f = form_new_object(FIELD_RES_LB, NULL, &CTX);
	const char *pids[] = { P1, P2 };
	const char *pnames[] = { "pool-a", "pool-b" };
	const struct cf_load_balancer *lb;
	unsigned mask;
	char *diff;

	(void)state;
	assert_true(form_set_objects(f, FORM_OBJ_POOLS, pids, pnames, 2));
	assert_non_null(strstr(visible(f), " ttl "));
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "name");
	keys(f, "api");
	lb = form_object(f);
	assert_string_equal(lb->name, "api.example.com");
	assert_false(form_pick_add(f, "default_pools",
				   "cccccccccccccccccccc"
				   "cccccccccccc"));
	assert_true(form_pick_add(f, "default_pools", P2));
	assert_true(form_pick_add(f, "default_pools", P1));
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "fallback_pool");
	assert_true(form_set_text(f, P1));
	assert_true(form_save(f));
	/* Proxied: no TTL any more. */
	focus(f, "proxied");
	assert_true(form_toggle(f));
	assert_null(strstr(visible(f), " ttl "));
	/* A map key typed wrong is refused and Save goes to the map. */
	assert_false(form_map_set(f, "pop_pools", "lax", P1));
	assert_non_null(form_why(f, "pop_pools.lax"));
	assert_false(form_save(f));
	assert_string_equal(form_focus(f), "pop_pools");
	assert_true(form_map_set(f, "pop_pools", "lax", ""));
	assert_true(form_map_set(f, "pop_pools", "LAX", P2));
	assert_true(form_save(f));
	assert_true(form_changes(f, &mask, &diff));
	assert_true(mask & CF_LB_F_POP_POOLS);
	assert_true(mask & CF_LB_F_DEFAULT_POOLS);
	assert_non_null(strstr(diff, "pop_pools: - -> LAX=" P2));
	free(diff);
	form_free(f);
}

static void
test_wizard_unchanged(void **state)
{
	struct form *f = form_new("inference", "example.com", NULL);

	(void)state;
	/* The wizard is what it was: not an object form, its own fields. */
	assert_false(form_is_object(f));
	assert_int_equal(form_resource(f), FIELD_NRES);
	assert_null(form_object(f));
	assert_false(form_save(f));
	assert_string_equal(form_def(f, "monitor.interval")->label,
			    "Interval (s)");
	assert_true(form_def(f, "monitor.interval") ==
		    form_field_def("monitor.interval"));
	form_free(f);
	/* Zones and origins are not edited on their own. */
	assert_null(form_new_object(FIELD_RES_ZONE, NULL, &CTX));
	assert_null(form_new_object(FIELD_RES_ORIGIN, NULL, &CTX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_create),
		cmocka_unit_test(test_monitor_edit),
		cmocka_unit_test(test_untouched_values),
		cmocka_unit_test(test_pool_origins),
		cmocka_unit_test(test_lb_create),
		cmocka_unit_test(test_wizard_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
