/* test_dns_list.c: cf_dns_list/cf_dns_list_stream item by item over a fake transport. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/ratelimit.h"
#include "cf/request.h"
#include "cfconsole/cf_api.h"

/* How the fake server writes its pages. */
enum style {
	STYLE_COMPACT, /* like cfsim and Cloudflare: no blanks between tokens */
	STYLE_PRETTY,  /* blanks and newlines everywhere, result last */
};

/* A zone of `total` records; failures can be injected on one page. */
struct dfake {
	int total;
	enum style style;
	int fail_page;
	int fail_times;
	enum {
		FAIL_5XX,
		FAIL_TRUNCATED,
		FAIL_SUCCESS_FALSE,
		FAIL_BAD_RECORD,
		FAIL_NOT_OBJECT
	} fail_kind;
	int calls;
	int page_calls[64];
};

static int
url_int(const char *url, const char *key)
{
	const char *p = strstr(url, key);
	return p ? atoi(p + strlen(key)) : -1;
}

/* Record i as compact JSON (what raw must be for STYLE_COMPACT). */
static int
record_json(char *b, size_t cap, int i, bool bad)
{
	if (bad)
		return snprintf(b, cap, "{\"id\":\"id%05d\",\"name\":%d}", i,
				i);
	switch (i % 3) {
	case 0:
		return snprintf(
			b, cap,
			"{\"id\":\"id%05d\",\"type\":\"A\",\"name\":"
			"\"h%d.example.com\",\"content\":\"192.0.2.%d\","
			"\"proxied\":true,\"ttl\":1,\"tags\":[\"team:a\","
			"\"env:prod\"],\"meta\":{\"auto_added\":false,"
			"\"source\":\"primary\"}}",
			i, i, i % 250);
	case 1:
		/* Spaces inside strings only: still compact. */
		return snprintf(
			b, cap,
			"{\"id\":\"id%05d\",\"type\":\"TXT\",\"name\":"
			"\"t%d.example.com\",\"content\":\"generated record %d\","
			"\"comment\":\"a b  c\",\"ttl\":300,\"tags\":[]}",
			i, i, i);
	default:
		return snprintf(
			b, cap,
			"{\"id\":\"id%05d\",\"type\":\"MX\",\"name\":"
			"\"m%d.example.com\",\"content\":\"mx.example.com\","
			"\"priority\":10,\"ttl\":60,\"data\":{\"x\":1}}",
			i, i);
	}
}

static char *
page_body(struct dfake *f, int page, int pp, bool bad_record)
{
	int start = (page - 1) * pp, n = f->total - start;
	size_t cap, len = 0;
	char *b;

	if (n > pp)
		n = pp;
	if (n < 0)
		n = 0;
	cap = 512 + (size_t)n * 512;
	b = malloc(cap);
	assert_non_null(b);
	if (f->style == STYLE_PRETTY)
		len += (size_t)snprintf(
			b + len, cap - len,
			"{\n  \"success\" : true ,\n  \"errors\": [ ],\n"
			"  \"result_info\" : { \"page\": %d, \"per_page\": %d, "
			"\"total_count\": %d, \"total_pages\": %d },\n"
			"  \"result\" : [\n",
			page, pp, f->total, (f->total + pp - 1) / pp);
	else
		len += (size_t)snprintf(b + len, cap - len, "{\"result\":[");
	for (int i = 0; i < n; i++) {
		char rec[512];
		record_json(rec, sizeof(rec), start + i, bad_record && i == 2);
		if (f->style == STYLE_PRETTY) {
			/* A blank between tokens inside the item too. */
			char *q = strstr(rec, "\"ttl\":");
			if (q) {
				memmove(q + 7, q + 6, strlen(q + 6) + 1);
				q[6] = ' ';
			}
			len += (size_t)snprintf(b + len, cap - len,
						"%s    %s\n", i ? "," : "",
						rec);
		} else {
			len += (size_t)snprintf(b + len, cap - len, "%s%s",
						i ? "," : "", rec);
		}
	}
	if (f->style == STYLE_PRETTY)
		snprintf(b + len, cap - len, "  ]\n}\n");
	else
		snprintf(b + len, cap - len,
			 "],\"result_info\":{\"page\":%d,\"per_page\":%d,"
			 "\"count\":%d,\"total_count\":%d,\"total_pages\":%d},"
			 "\"success\":true,\"errors\":[],\"messages\":[]}",
			 page, pp, n, f->total, (f->total + pp - 1) / pp);
	return b;
}

static void
dfake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct dfake *f = ctx;

	/* Answer last-first: completion order must not matter. */
	for (size_t k = n; k-- > 0;) {
		struct cf_http_exchange *x = &xs[k];
		int page = url_int(x->url, "page=");
		int pp = url_int(x->url, "per_page=");
		bool bad = false;

		f->calls++;
		if (page > 0 && page < 64)
			f->page_calls[page]++;
		x->ratelimit_remaining = -1;
		x->retry_after = 0;
		x->transport_status = CF_OK;
		x->http_status = 200;
		if (page == f->fail_page && f->fail_times > 0) {
			f->fail_times--;
			switch (f->fail_kind) {
			case FAIL_5XX:
				x->http_status = 502;
				x->resp_body = strdup(
					"{\"success\":false,"
					"\"errors\":[{\"code\":10000,"
					"\"message\":\"bad gateway\"}]}");
				break;
			case FAIL_TRUNCATED:
				x->resp_body = strdup("{\"result\":[{\"id\":");
				break;
			case FAIL_SUCCESS_FALSE:
				x->resp_body = strdup(
					"{\"result\":[{\"id\":"
					"\"x\"}],\"success\":false,\"errors\":"
					"[{\"code\":1003,\"message\":\"nope\"}]}");
				break;
			case FAIL_NOT_OBJECT:
				x->resp_body = strdup("[1,2,3]");
				break;
			case FAIL_BAD_RECORD:
				bad = true;
				x->resp_body = page_body(f, page, pp, true);
				break;
			}
			if (!bad) {
				x->resp_len = strlen(x->resp_body);
				continue;
			}
		} else {
			x->resp_body = page_body(f, page, pp, false);
		}
		x->resp_len = strlen(x->resp_body);
	}
}

static const struct cf_transport_ops dfake_ops = { .perform = dfake_perform };

static struct cf_client *
client_for(struct dfake *f, int max_parallel)
{
	struct cf_client_options o = {
		.base_url = "https://api.example.com/client/v4",
		.max_parallel = max_parallel,
		.max_retries = 3,
		.retry_base_ms = 1,
		.retry_max_ms = 4,
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);

	assert_non_null(c);
	cf_client_set_transport(c, &dfake_ops, f);
	return c;
}

/* Every record i of a list holds what record_json(i) says. */
static void
check_record(const struct cf_dns_record *r, int i, bool compact)
{
	char id[16], want[512];

	snprintf(id, sizeof(id), "id%05d", i);
	assert_string_equal(r->id, id);
	record_json(want, sizeof(want), i, false);
	if (compact) {
		/* The item's own text, not a re-serialisation. */
		assert_string_equal(r->raw, want);
	} else {
		/* Pretty input: raw is the compact print of the item. */
		cJSON *a = cJSON_Parse(r->raw), *b = cJSON_Parse(want);
		char *pa = cf_json_print(a), *pb = cf_json_print(b);

		assert_non_null(a);
		assert_string_equal(pa, pb);
		assert_string_equal(r->raw, pa);
		free(pa);
		free(pb);
		cJSON_Delete(a);
		cJSON_Delete(b);
	}
	switch (i % 3) {
	case 0:
		assert_string_equal(r->type, "A");
		assert_true(r->proxied);
		assert_int_equal(r->tags.n, 2);
		assert_string_equal(r->tags.v[0], "team:a");
		assert_string_equal(r->tags.v[1], "env:prod");
		assert_string_equal(r->meta_source, "primary");
		assert_null(r->data_json);
		break;
	case 1:
		assert_string_equal(r->type, "TXT");
		assert_string_equal(r->comment, "a b  c");
		assert_int_equal(r->tags.n, 0);
		assert_true(r->ttl == 300);
		break;
	default:
		assert_string_equal(r->type, "MX");
		assert_true(r->has_priority);
		assert_true(r->priority == 10);
		assert_string_equal(r->data_json, "{\"x\":1}");
		break;
	}
}

static void
list_case(enum style style, int total, int per_page, int parallel)
{
	struct dfake f = { .total = total, .style = style };
	struct cf_client *c = client_for(&f, parallel);
	struct cf_dns_filter flt = { .per_page = per_page };
	struct cf_dns_record_list l = { 0 };
	struct cf_error e = { 0 };

	assert_int_equal(cf_dns_list(c, "z1", &flt, &l, &e), CF_OK);
	assert_int_equal(l.n, (size_t)total);
	for (int i = 0; i < total; i++)
		check_record(&l.items[i], i, style == STYLE_COMPACT);
	assert_int_equal(f.calls,
			 (total + per_page - 1) / per_page + (total == 0));
	cf_dns_record_list_free(&l);
	cf_client_free(c);
}

static void
test_list_in_order(void **state)
{
	(void)state;
	list_case(STYLE_COMPACT, 2500, 100, 4);
	list_case(STYLE_COMPACT, 7, 3, 1);
	list_case(STYLE_COMPACT, 3, 3, 4);
	list_case(STYLE_COMPACT, 0, 3, 4);
	/* Blanks between tokens, result after result_info: raw printed. */
	list_case(STYLE_PRETTY, 500, 50, 4);
}

/* Records from a list keep their strings in one block: copy and free work,
 * and a field replaced by a malloc'd string is freed with the record. */
static void
test_block_records(void **state)
{
	struct dfake f = { .total = 6 };
	struct cf_client *c = client_for(&f, 2);
	struct cf_dns_filter flt = { .per_page = 4 };
	struct cf_dns_record_list l = { 0 };
	struct cf_dns_record copy;
	struct cf_error e = { 0 };

	(void)state;
	assert_int_equal(cf_dns_list(c, "z1", &flt, &l, &e), CF_OK);
	assert_int_equal(l.n, 6);
	assert_non_null(l.items[0].blk);
	assert_true(l.items[0].name >= l.items[0].blk &&
		    l.items[0].name < l.items[0].blk + l.items[0].blk_len);

	assert_int_equal(cf_dns_record_copy(&copy, &l.items[0]), CF_OK);
	assert_null(copy.blk);
	check_record(&copy, 0, true);
	/* The copy's strings are its own: editable one by one. */
	free(copy.name);
	copy.name = strdup("renamed.example.com");
	cf_dns_record_free(&copy);

	/* A list record edited in place by assignment. */
	l.items[3].content = strdup("198.51.100.7");
	l.items[3].tags.v[1] = strdup("env:dev");
	check_record(&l.items[1], 1, true);
	cf_dns_record_list_free(&l);
	cf_client_free(c);
}

static void
test_failed_page_retried(void **state)
{
	static const int kinds[] = { FAIL_5XX, FAIL_TRUNCATED,
				     FAIL_NOT_OBJECT };

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct dfake f = { .total = 50,
				   .fail_page = 3,
				   .fail_times = 1,
				   .fail_kind = kinds[k] };
		struct cf_client *c = client_for(&f, 4);
		struct cf_dns_filter flt = { .per_page = 5 };
		struct cf_dns_record_list l = { 0 };
		struct cf_error e = { 0 };

		assert_int_equal(cf_dns_list(c, "z1", &flt, &l, &e), CF_OK);
		assert_int_equal(l.n, 50);
		for (int i = 0; i < 50; i++)
			check_record(&l.items[i], i, true);
		assert_int_equal(f.page_calls[3], 2);
		cf_dns_record_list_free(&l);
		cf_client_free(c);
	}
}

static void
test_bad_record_not_retried(void **state)
{
	struct dfake f = { .total = 50,
			   .fail_page = 4,
			   .fail_times = 5,
			   .fail_kind = FAIL_BAD_RECORD };
	struct cf_client *c = client_for(&f, 4);
	struct cf_dns_filter flt = { .per_page = 5 };
	struct cf_dns_record_list l = { 0 };
	struct cf_error e = { 0 };

	(void)state;
	assert_int_equal(cf_dns_list(c, "z1", &flt, &l, &e), CF_ERR_MALFORMED);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	/* The third record of page 4 is record 17. */
	assert_non_null(strstr(e.detail, "dns record 17"));
	assert_non_null(strstr(e.detail, "\"name\""));
	assert_int_equal(f.page_calls[4], 1);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_success_false_page(void **state)
{
	struct dfake f = { .total = 50,
			   .fail_page = 2,
			   .fail_times = 10,
			   .fail_kind = FAIL_SUCCESS_FALSE };
	struct cf_client *c = client_for(&f, 4);
	struct cf_dns_filter flt = { .per_page = 5 };
	struct cf_dns_record_list l = { 0 };
	struct cf_error e = { 0 };

	(void)state;
	assert_int_equal(cf_dns_list(c, "z1", &flt, &l, &e), CF_ERR_API);
	assert_int_equal(e.nerrors, 1);
	assert_int_equal(e.errors[0].code, 1003);
	assert_int_equal(l.n, 0);
	cf_error_clear(&e);
	cf_client_free(c);
}

struct streamed {
	int pages;
	size_t done, total;
	int next;
	int stop_after;
};

static bool
on_page(struct cf_dns_record_list *page, size_t done, size_t total, void *ud)
{
	struct streamed *s = ud;

	s->pages++;
	s->done = done;
	s->total = total;
	for (size_t i = 0; i < page->n; i++)
		check_record(&page->items[i], s->next++, true);
	assert_int_equal((size_t)s->next, done);
	cf_dns_record_list_free(page);
	return !(s->stop_after && s->pages >= s->stop_after);
}

static void
test_stream(void **state)
{
	struct dfake f = { .total = 43 };
	struct cf_client *c = client_for(&f, 4);
	struct cf_dns_filter flt = { .per_page = 5 };
	struct streamed s = { 0 };
	struct cf_error e = { 0 };

	(void)state;
	assert_int_equal(cf_dns_list_stream(c, "z1", &flt, on_page, &s, &e),
			 CF_OK);
	assert_int_equal(s.pages, 9);
	assert_int_equal(s.done, 43);
	assert_int_equal(s.total, 43);

	memset(&s, 0, sizeof(s));
	s.stop_after = 3;
	assert_int_equal(cf_dns_list_stream(c, "z1", &flt, on_page, &s, &e),
			 CF_ERR_CANCELLED);
	assert_int_equal(s.pages, 3);
	cf_error_clear(&e);
	cf_client_free(c);
}

/* ---- the envelope walker on its own ----------------------------------- */

struct counting {
	int items, aborted;
	char texts[8][128];
};

static void *
cnt_page_new(void *ud, size_t first)
{
	(void)first;
	return ud;
}

static enum cf_status
cnt_item(void *page, const cJSON *item, const char *text, size_t len,
	 struct cf_error *err)
{
	struct counting *k = page;

	(void)item;
	(void)err;
	if (k->items < 8 && text && len < 128) {
		memcpy(k->texts[k->items], text, len);
		k->texts[k->items][len] = '\0';
	}
	k->items++;
	return CF_OK;
}

static void
cnt_abort(void *page)
{
	struct counting *k = page;

	k->aborted++;
	k->items = 0;
}

static enum cf_status
cnt_commit(void *ud, void *page, size_t total, struct cf_error *err)
{
	(void)ud;
	(void)page;
	(void)total;
	(void)err;
	return CF_OK;
}

static void
cnt_free(void *page)
{
	(void)page;
}

static enum cf_status
walk(const char *body, struct counting *k, struct cf_response *resp,
     struct cf_error *e)
{
	struct cf_item_sink sink = {
		.page_new = cnt_page_new,
		.item = cnt_item,
		.abort = cnt_abort,
		.commit = cnt_commit,
		.page_free = cnt_free,
		.ud = k,
	};

	memset(k, 0, sizeof(*k));
	return cf_envelope_decode_items(body, strlen(body), 200, 0, &sink, k,
					resp, NULL, e);
}

static void
test_walker(void **state)
{
	struct counting k;
	struct cf_response r;
	struct cf_error e = { 0 };

	(void)state;
	/* Item texts are exact slices, strings with brackets and commas
	 * inside included; other members land in the envelope tree. */
	assert_int_equal(walk(" { \"result\" : [ {\"a\":\"],}\"} ,\t[1,2],"
			      "\"x\\\"y\" ,null], \"success\":true,"
			      "\"result_info\":{\"total_count\":4} } ",
			      &k, &r, &e),
			 CF_OK);
	assert_true(r.items_sunk);
	assert_int_equal(r.nitems, 4);
	assert_int_equal(k.items, 4);
	assert_string_equal(k.texts[0], "{\"a\":\"],}\"}");
	assert_string_equal(k.texts[1], "[1,2]");
	assert_string_equal(k.texts[2], "\"x\\\"y\"");
	assert_string_equal(k.texts[3], "null");
	assert_true(cJSON_IsArray(r.result));
	assert_non_null(cJSON_GetObjectItem(r.result_info, "total_count"));
	cf_response_free(&r);

	/* Empty array; result not an array (left in the tree). */
	assert_int_equal(walk("{\"result\":[],\"success\":true}", &k, &r, &e),
			 CF_OK);
	assert_int_equal(r.nitems, 0);
	cf_response_free(&r);
	assert_int_equal(
		walk("{\"result\":{\"id\":1},\"success\":true}", &k, &r, &e),
		CF_OK);
	assert_false(r.items_sunk);
	assert_true(cJSON_IsObject(r.result));
	cf_response_free(&r);

	/* success:false after the items: they are dropped, the API error
	 * stands. */
	assert_int_equal(walk("{\"result\":[1,2],\"success\":false,\"errors\":"
			      "[{\"code\":7003,\"message\":\"no\"}]}",
			      &k, &r, &e),
			 CF_ERR_API);
	assert_int_equal(k.items, 0);
	assert_int_equal(k.aborted, 1);
	assert_int_equal(e.errors[0].code, 7003);
	cf_error_clear(&e);

	/* Broken JSON anywhere: items dropped, malformed as before. */
	static const char *const broken[] = {
		"{\"result\":[1,2",
		"{\"result\":[1 2],\"success\":true}",
		"{\"result\":[1,],\"success\":true}",
		"{\"success\":true,",
		"{\"success\" true}",
		"{\"result\":[1]\"success\":true}",
		"[{\"success\":true}]",
		"",
		" ",
		"{\"result\":[{\"a\":1}}]}",
	};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		enum cf_status st = walk(broken[i], &k, &r, &e);

		assert_int_equal(st, CF_ERR_MALFORMED);
		assert_int_equal(k.items, 0);
		cf_error_clear(&e);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_in_order),
		cmocka_unit_test(test_block_records),
		cmocka_unit_test(test_failed_page_retried),
		cmocka_unit_test(test_bad_record_not_retried),
		cmocka_unit_test(test_success_false_page),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_walker),
	};

	cf_ratelimit_configure(1000000, 1);
	/* As the app does: cJSON allocations of list items use the arena. */
	cf_json_hooks_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
