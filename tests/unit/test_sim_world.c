/* test_sim_world.c: cfsim's world store (ids, timestamps, sort cache, export/import), rate limiter and request log. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sim/services.h"
#include "sim/validate.h"
#include "sim/world.h"

#define ACC "0123456789abcdef0123456789abcdef"

static cJSON *
rec(const char *type, const char *name, const char *content, double ttl)
{
	cJSON *r = cJSON_CreateObject();
	char id[33];

	world_new_id(id);
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "name", name);
	cJSON_AddStringToObject(r, "type", type);
	cJSON_AddStringToObject(r, "content", content);
	cJSON_AddNumberToObject(r, "ttl", ttl);
	cJSON_AddBoolToObject(r, "proxied", 0);
	return r;
}

static void
test_ids_and_time(void **state)
{
	char a[33], b[33], now[40];

	(void)state;
	world_new_id(a);
	world_new_id(b);
	assert_true(validate_id(a));
	assert_true(validate_id(b));
	assert_string_not_equal(a, b);
	world_now(now);
	/* 2026-11-21T09:11:41.538238Z: RFC 3339 with microseconds. */
	assert_int_equal(strlen(now), 27);
	assert_int_equal(now[10], 'T');
	assert_int_equal(now[19], '.');
	assert_int_equal(now[26], 'Z');
}

static void
test_zones_and_sort_cache(void **state)
{
	struct world *w = world_new(ACC, "acc");
	struct zone *z;
	cJSON **s;
	long idx;

	(void)state;
	world_lock(w);
	z = world_add_zone(w, "example.com");
	assert_ptr_equal(world_find_zone(w, zone_id(z)), z);
	assert_ptr_equal(world_find_zone_by_name(w, "EXAMPLE.com"), z);
	assert_null(world_find_zone(w, ACC));
	zone_add_record(z, rec("TXT", "b.example.com", "x", 300));
	zone_add_record(z, rec("A", "c.example.com", "192.0.2.1", 60));
	zone_add_record(z, rec("A", "a.example.com", "192.0.2.2", 3600));
	s = zone_sorted(z, WORLD_ORDER_TYPE);
	assert_string_equal(jstr(s[0], "name"), "a.example.com");
	assert_string_equal(jstr(s[1], "name"), "c.example.com");
	assert_string_equal(jstr(s[2], "type"), "TXT");
	s = zone_sorted(z, WORLD_ORDER_TTL);
	assert_string_equal(jstr(s[0], "name"), "c.example.com");
	assert_string_equal(jstr(s[2], "name"), "a.example.com");
	/* Cached until a change. */
	assert_ptr_equal(zone_sorted(z, WORLD_ORDER_TTL), s);
	idx = zone_find_record(z, jstr(s[0], "id"));
	assert_true(idx >= 0);
	zone_remove_record(z, (size_t)idx);
	assert_int_equal(z->nrec, 2);
	s = zone_sorted(z, WORLD_ORDER_NAME);
	assert_string_equal(jstr(s[0], "name"), "a.example.com");
	assert_string_equal(jstr(s[1], "name"), "b.example.com");
	assert_int_equal(zone_find_record(z, ACC), -1);
	world_unlock(w);
	world_free(w);
}

static void
test_export_import(void **state)
{
	struct world *w = world_new(ACC, "acc"), *w2;
	struct zone *z;
	cJSON *doc, *doc2, *bad;
	char *text;

	(void)state;
	z = world_add_zone(w, "example.com");
	zone_add_record(z, rec("A", "www.example.com", "192.0.2.1", 1));
	cJSON_AddItemToArray(w->pools, cJSON_Parse("{\"id\":\"p1\",\"name\":"
						   "\"pool\"}"));
	doc = world_export(w);
	text = world_export_text(w);
	doc2 = cJSON_Parse(text);
	assert_true(cJSON_Compare(doc, doc2, 1));
	w2 = world_new("fedcba9876543210fedcba9876543210", "other");
	assert_true(world_import(w2, doc2));
	assert_string_equal(w2->account_id, ACC);
	assert_int_equal(w2->nzones, 1);
	assert_int_equal(w2->zones[0]->nrec, 1);
	assert_non_null(world_find_pool(w2, "p1"));
	/* Malformed documents change nothing. */
	bad = cJSON_Parse("{\"zones\":[{\"zone\":{}}],\"monitors\":[],"
			  "\"pools\":[]}");
	assert_false(world_import(w2, bad));
	cJSON_Delete(bad);
	bad = cJSON_Parse("{\"zones\":[],\"monitors\":[{}],\"pools\":[]}");
	assert_false(world_import(w2, bad));
	cJSON_Delete(bad);
	assert_int_equal(w2->nzones, 1);
	cJSON_Delete(doc);
	cJSON_Delete(doc2);
	free(text);
	world_free(w);
	world_free(w2);
}

static void
test_ratelimit(void **state)
{
	struct sim_ratelimit *rl = ratelimit_new(3, 60);
	int rem, reset, limit, window, i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_true(ratelimit_take(rl, "token#1", &rem, &reset, &limit,
					   &window));
		assert_int_equal(rem, 2 - i);
	}
	assert_false(
		ratelimit_take(rl, "token#1", &rem, &reset, &limit, &window));
	assert_int_equal(rem, 0);
	assert_true(reset >= 1 && reset <= 60);
	assert_int_equal(limit, 3);
	assert_int_equal(window, 60);
	/* Per credential. */
	assert_true(
		ratelimit_take(rl, "token#2", &rem, &reset, &limit, &window));
	ratelimit_set(rl, 10, 30);
	assert_true(
		ratelimit_take(rl, "token#1", &rem, &reset, &limit, &window));
	assert_int_equal(rem, 9);
	assert_int_equal(window, 30);
	ratelimit_free(rl);
}

static void
test_reqlog(void **state)
{
	struct sim_reqlog *l = reqlog_new(3);
	cJSON *j, *reqs;
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		reqlog_add(l, "GET", "/client/v4/zones", "page=1", NULL, 200,
			   "token#1");
	reqlog_add(l, "POST", "/client/v4/zones/x/dns_records", "", "{}", 400,
		   "readonly#1");
	j = reqlog_json(l, 0);
	reqs = cJSON_GetObjectItem(j, "requests");
	assert_int_equal(cJSON_GetArraySize(reqs), 3); /* the last three */
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "next")),
			 6);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(
				    cJSON_GetArrayItem(reqs, 2), "credential")),
			    "readonly#1");
	cJSON_Delete(j);
	j = reqlog_json(l, 5);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "requests")),
			 1);
	cJSON_Delete(j);
	j = reqlog_stats(l);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(j, "total")),
			 6);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(
				 cJSON_GetObjectItem(j, "by_status"), "400")),
			 1);
	cJSON_Delete(j);
	reqlog_clear(l);
	j = reqlog_json(l, 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "requests")),
			 0);
	cJSON_Delete(j);
	reqlog_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_time),
		cmocka_unit_test(test_zones_and_sort_cache),
		cmocka_unit_test(test_export_import),
		cmocka_unit_test(test_ratelimit),
		cmocka_unit_test(test_reqlog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
