/* test_ops.c: every cf_api operation against a fake transport. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "codec_testutil.h"

#define BASE "https://api.example.test/client/v4"

/* ---- fake transport ------------------------------------------------------ */

struct seen {
	char method[8];
	char url[512]; /* without BASE */
	char *body;
};

struct fake {
	struct seen log[64];
	int n;		      /* requests seen (log keeps the first 64) */
	const char *result;   /* JSON of "result" for non-list routes */
	const char *messages; /* JSON of "messages", default [] */
	size_t dns_total;     /* records behind .../dns_records lists */
	size_t zones_total;
	int fail_status; /* when set, answer every request with it */
};

static struct fake F;

/* The value of query parameter key in url, or -1. */
static long
query_num(const char *url, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "%s=", key);
	for (p = strchr(url, '?'); p; p = strchr(p + 1, '&')) {
		if (!strncmp(p + 1, pat, strlen(pat)))
			return atol(p + 1 + strlen(pat));
	}
	return -1;
}

/* A page of synthetic items ("{"id":"<prefix><k>",...}") as JSON. */
static char *
list_page(const char *url, size_t total, const char *prefix, const char *extra)
{
	long page = query_num(url, "page"), per = query_num(url, "per_page");
	size_t from, to, k, cap, len;
	char *out;

	if (page < 1)
		page = 1;
	if (per < 1)
		per = 20;
	from = (size_t)(page - 1) * (size_t)per;
	to = from + (size_t)per;
	if (from > total)
		from = total;
	if (to > total)
		to = total;
	cap = 256 + (to - from) * (96 + strlen(extra));
	out = malloc(cap);
	assert_non_null(out);
	len = (size_t)snprintf(out, cap,
			       "{\"success\":true,\"errors\":[],"
			       "\"messages\":[],\"result\":[");
	for (k = from; k < to; k++)
		len += (size_t)snprintf(out + len, cap - len,
					"%s{\"id\":\"%s%zu\"%s}",
					k > from ? "," : "", prefix, k, extra);
	snprintf(out + len, cap - len,
		 "],\"result_info\":{\"page\":%ld,"
		 "\"per_page\":%ld,\"count\":%zu,\"total_count\":%zu}}",
		 page, per, to - from, total);
	return out;
}

static void
fake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		struct cf_http_exchange *x = &xs[i];
		const char *url = x->url;
		char *body;

		assert_true(!strncmp(url, BASE, strlen(BASE)));
		url += strlen(BASE);
		if (f->n < 64) {
			struct seen *s = &f->log[f->n];

			snprintf(s->method, sizeof(s->method), "%s", x->method);
			snprintf(s->url, sizeof(s->url), "%s", url);
			s->body =
				x->body ? strndup(x->body, x->body_len) : NULL;
		}
		f->n++;
		x->transport_status = CF_OK;
		x->retry_after = 0;
		x->ratelimit_remaining = -1;
		if (f->fail_status) {
			x->http_status = f->fail_status;
			x->resp_body = strdup("{\"success\":false,\"errors\":"
					      "[{\"code\":1005,\"message\":"
					      "\"This object is referenced by "
					      "other objects, delete them "
					      "first.\"}],\"messages\":[],"
					      "\"result\":null}");
			x->resp_len = strlen(x->resp_body);
			continue;
		}
		if (strstr(url, "/dns_records?"))
			body = list_page(
				url, f->dns_total, "r",
				",\"type\":\"A\",\"name\":\"h.example.com\","
				"\"content\":\"192.0.2.1\"");
		else if (!strncmp(url, "/zones?", 7))
			body = list_page(url, f->zones_total, "z",
					 ",\"name\":\"z.example\"");
		else if (!strncmp(url, "/accounts?", 10))
			body = list_page(url, 7, "a", ",\"name\":\"acct\"");
		else {
			size_t cap = 128 +
				     strlen(f->result ? f->result : "null") +
				     strlen(f->messages ? f->messages : "[]");

			body = malloc(cap);
			snprintf(body, cap,
				 "{\"success\":true,\"errors\":[],"
				 "\"messages\":%s,\"result\":%s}",
				 f->messages ? f->messages : "[]",
				 f->result ? f->result : "null");
		}
		x->http_status = 200;
		x->resp_body = body;
		x->resp_len = strlen(body);
	}
}

static const struct cf_transport_ops fake_ops = { .perform = fake_perform };

static struct cf_client *C;

static void
fake_reset(void)
{
	int i;

	for (i = 0; i < F.n && i < 64; i++)
		free(F.log[i].body);
	memset(&F, 0, sizeof(F));
}

static int
setup(void **state)
{
	static char token[] = "test-token-0123456789abcdef0123456789abcd";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = token };
	struct cf_client_options o = {
		.base_url = BASE,
		.creds = &creds,
		.retry_base_ms = 1,
		.retry_max_ms = 2,
		.max_retries = 0,
		.max_parallel = 4,
	};
	struct cf_error e = { 0 };

	(void)state;
	fake_reset();
	C = cf_client_new(&o, &e);
	assert_non_null(C);
	cf_client_set_transport(C, &fake_ops, &F);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	cf_client_free(C);
	C = NULL;
	fake_reset();
	return 0;
}

/* Asserts request i was `method url` with body `body` (NULL = none). */
static void
assert_req(int i, const char *method, const char *url, const char *body)
{
	assert_true(i < F.n);
	assert_string_equal(F.log[i].method, method);
	assert_string_equal(F.log[i].url, url);
	if (!body)
		assert_null(F.log[i].body);
	else {
		assert_non_null(F.log[i].body);
		assert_string_equal(F.log[i].body, body);
	}
}

static const char *const POOL =
	"{\"id\":\"p1\",\"name\":\"pool-a\",\"enabled\":true,\"monitor\":\"m1\","
	"\"networks\":[\"x\"],\"check_regions\":[\"WEU\"],"
	"\"origins\":[{\"name\":\"o1\",\"address\":\"192.0.2.1\","
	"\"enabled\":true,\"weight\":1,\"port\":81},"
	"{\"name\":\"o2\",\"address\":\"192.0.2.2\",\"enabled\":true,"
	"\"weight\":1}]}";

/* ---- identity, zones --------------------------------------------------- */

static void
test_token_verify(void **state)
{
	struct cf_error err = { 0 };
	struct cf_token_status t;

	(void)state;
	F.result = "{\"id\":\"tok1\",\"status\":\"active\"}";
	F.messages = "[{\"code\":10000,\"message\":\"This API Token is valid "
		     "and active\",\"type\":null}]";
	assert_int_equal(cf_token_verify(C, &t, &err), CF_OK);
	assert_req(0, "GET", "/user/tokens/verify", NULL);
	assert_string_equal(t.id, "tok1");
	assert_string_equal(t.status, "active");
	assert_string_equal(t.message, "This API Token is valid and active");
	cf_token_status_free(&t);
}

static void
test_accounts_and_zones(void **state)
{
	struct cf_error err = { 0 };
	struct cf_account_list al;
	struct cf_zone_list zl;
	struct cf_zone z;
	int i;

	(void)state;
	assert_int_equal(cf_accounts_list(C, &al, &err), CF_OK);
	assert_int_equal(al.n, 7);
	assert_req(0, "GET", "/accounts?page=1&per_page=50", NULL);
	assert_int_equal(F.n, 1);
	cf_account_list_free(&al);

	F.n = 0;
	F.zones_total = 120;
	assert_int_equal(cf_zones_list(C, "acc1", "a b.example", &zl, &err),
			 CF_OK);
	assert_int_equal(zl.n, 120);
	for (i = 0; i < 120; i++) {
		char id[16];

		snprintf(id, sizeof(id), "z%d", i);
		assert_string_equal(zl.items[i].id, id);
	}
	assert_int_equal(F.n, 3);
	assert_req(
		0, "GET",
		"/zones?account.id=acc1&name=a%20b.example&page=1&per_page=50",
		NULL);
	assert_req(
		1, "GET",
		"/zones?account.id=acc1&name=a%20b.example&page=2&per_page=50",
		NULL);
	assert_req(
		2, "GET",
		"/zones?account.id=acc1&name=a%20b.example&page=3&per_page=50",
		NULL);
	cf_zone_list_free(&zl);

	F.n = 0;
	F.result = "{\"id\":\"zz\",\"name\":\"example.com\"}";
	assert_int_equal(cf_zone_get(C, "zz/../x", &z, &err), CF_OK);
	assert_req(0, "GET", "/zones/zz%2F..%2Fx", NULL);
	assert_string_equal(z.name, "example.com");
	cf_zone_free(&z);
}

/* ---- DNS ----------------------------------------------------------------- */

static void
test_dns_list_pages(void **state)
{
	struct cf_error err = { 0 };
	struct cf_dns_record_list l;
	struct cf_dns_filter f = { .type = "A",
				   .name = "h.example.com",
				   .order = "name",
				   .direction = "desc" };
	size_t i;

	(void)state;
	F.dns_total = 12001;
	assert_int_equal(cf_dns_list(C, "z1", NULL, &l, &err), CF_OK);
	assert_int_equal(l.n, 12001);
	for (i = 0; i < l.n; i += 997) {
		char id[24];

		snprintf(id, sizeof(id), "r%zu", i);
		assert_string_equal(l.items[i].id, id);
	}
	assert_string_equal(l.items[12000].id, "r12000");
	assert_int_equal(F.n, 3);
	assert_req(0, "GET", "/zones/z1/dns_records?page=1&per_page=5000",
		   NULL);
	assert_req(1, "GET", "/zones/z1/dns_records?page=2&per_page=5000",
		   NULL);
	assert_req(2, "GET", "/zones/z1/dns_records?page=3&per_page=5000",
		   NULL);
	cf_dns_record_list_free(&l);

	F.n = 0;
	F.dns_total = 5;
	f.per_page = 2;
	assert_int_equal(cf_dns_list(C, "z1", &f, &l, &err), CF_OK);
	assert_int_equal(l.n, 5);
	assert_int_equal(F.n, 3);
	assert_req(0, "GET",
		   "/zones/z1/dns_records?type=A&name=h.example.com"
		   "&order=name&direction=desc&page=1&per_page=2",
		   NULL);
	cf_dns_record_list_free(&l);

	F.n = 0;
	F.dns_total = 0;
	assert_int_equal(cf_dns_list(C, "z1", NULL, &l, &err), CF_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(F.n, 1);
	cf_dns_record_list_free(&l);
}

struct stream_acc {
	size_t pages, items, last_done, total;
	size_t stop_after;
	char first_ids[8][16];
};

static bool
stream_cb(struct cf_dns_record_list *page, size_t done, size_t total, void *ud)
{
	struct stream_acc *a = ud;

	if (a->pages < 8 && page->n)
		snprintf(a->first_ids[a->pages], 16, "%s", page->items[0].id);
	a->pages++;
	a->items += page->n;
	assert_int_equal(done, a->items);
	a->last_done = done;
	a->total = total;
	cf_dns_record_list_free(page);
	return !a->stop_after || a->pages < a->stop_after;
}

static void
test_dns_stream(void **state)
{
	struct cf_error err = { 0 };
	struct cf_dns_filter f = { .per_page = 100 };
	struct stream_acc a = { 0 };

	(void)state;
	F.dns_total = 950;
	assert_int_equal(cf_dns_list_stream(C, "z1", &f, stream_cb, &a, &err),
			 CF_OK);
	assert_int_equal(a.pages, 10);
	assert_int_equal(a.items, 950);
	assert_int_equal(a.total, 950);
	/* In page order. */
	assert_string_equal(a.first_ids[0], "r0");
	assert_string_equal(a.first_ids[1], "r100");
	assert_string_equal(a.first_ids[7], "r700");

	memset(&a, 0, sizeof(a));
	a.stop_after = 3;
	assert_int_equal(cf_dns_list_stream(C, "z1", &f, stream_cb, &a, &err),
			 CF_ERR_CANCELLED);
	assert_int_equal(a.pages, 3);
	cf_error_clear(&err);
}

static void
test_dns_crud(void **state)
{
	struct cf_error err = { 0 };
	struct cf_dns_record r, out;

	(void)state;
	F.result = "{\"id\":\"r9\",\"type\":\"A\",\"name\":\"a.example.com\","
		   "\"content\":\"192.0.2.9\",\"proxied\":false,\"ttl\":1,"
		   "\"proxiable\":true,\"x_new\":1}";
	assert_int_equal(cf_dns_get(C, "z1", "r9", &r, &err), CF_OK);
	assert_req(0, "GET", "/zones/z1/dns_records/r9", NULL);

	assert_int_equal(cf_dns_create(C, "z1", &r, &out, &err), CF_OK);
	assert_req(1, "POST", "/zones/z1/dns_records",
		   "{\"type\":\"A\",\"name\":\"a.example.com\",\"content\":"
		   "\"192.0.2.9\",\"proxied\":false,\"ttl\":1,\"x_new\":1,"
		   "\"tags\":[]}");
	cf_dns_record_free(&out);

	assert_int_equal(cf_dns_update(C, "z1", "r9", &r, &out, &err), CF_OK);
	assert_string_equal(F.log[2].method, "PUT");
	assert_string_equal(F.log[2].url, "/zones/z1/dns_records/r9");
	assert_string_equal(F.log[2].body, F.log[1].body);
	cf_dns_record_free(&out);

	free(r.content);
	r.content = strdup("192.0.2.10");
	assert_int_equal(
		cf_dns_patch(C, "z1", "r9", &r, CF_DNS_F_CONTENT, &out, &err),
		CF_OK);
	assert_req(3, "PATCH", "/zones/z1/dns_records/r9",
		   "{\"content\":\"192.0.2.10\"}");
	cf_dns_record_free(&out);

	F.result = "{\"id\":\"r9\"}";
	assert_int_equal(cf_dns_delete(C, "z1", "r9", &err), CF_OK);
	assert_req(4, "DELETE", "/zones/z1/dns_records/r9", "{}");
	cf_dns_record_free(&r);

	/* Missing ids never reach the wire. */
	assert_int_equal(cf_dns_delete(C, "z1", "", &err), CF_ERR_INVALID_ARG);
	cf_error_clear(&err);
	assert_int_equal(cf_dns_get(C, NULL, "r1", &out, &err),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&err);
	assert_int_equal(cf_dns_patch(C, "z1", "r1", &r, 0, &out, &err),
			 CF_ERR_INVALID_ARG);
	cf_error_clear(&err);
	assert_int_equal(F.n, 5);
}

/* ---- monitors -------------------------------------------------------------- */

static void
test_monitors(void **state)
{
	struct cf_error err = { 0 };
	struct cf_monitor_list l;
	struct cf_monitor m, out;
	struct cf_preview pv;
	struct cf_preview_result pr;

	(void)state;
	F.result = "[{\"id\":\"m1\",\"type\":\"https\"},{\"id\":\"m2\"}]";
	assert_int_equal(cf_monitors_list(C, "acc", &l, &err), CF_OK);
	assert_req(0, "GET", "/accounts/acc/load_balancers/monitors", NULL);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[1].type, "http");
	cf_monitor_list_free(&l);

	F.result =
		"{\"id\":\"m1\",\"type\":\"https\",\"expected_codes\":\"2xx\","
		"\"interval\":60}";
	assert_int_equal(cf_monitor_get(C, "acc", "m1", &m, &err), CF_OK);
	assert_req(1, "GET", "/accounts/acc/load_balancers/monitors/m1", NULL);

	assert_int_equal(cf_monitor_create(C, "acc", &m, &out, &err), CF_OK);
	assert_string_equal(F.log[2].method, "POST");
	assert_string_equal(F.log[2].url,
			    "/accounts/acc/load_balancers/monitors");
	assert_json_at(F.log[2].body, "id", NULL);
	assert_json_at(F.log[2].body, "expected_codes", "\"2xx\"");
	cf_monitor_free(&out);

	assert_int_equal(cf_monitor_update(C, "acc", "m1", &m, &out, &err),
			 CF_OK);
	assert_string_equal(F.log[3].method, "PUT");
	assert_string_equal(F.log[3].url,
			    "/accounts/acc/load_balancers/monitors/m1");
	cf_monitor_free(&out);

	m.interval = 120;
	assert_int_equal(cf_monitor_patch(C, "acc", "m1", &m, CF_MON_F_INTERVAL,
					  &out, &err),
			 CF_OK);
	/* expected_codes always rides along on PATCH (spec). */
	assert_req(4, "PATCH", "/accounts/acc/load_balancers/monitors/m1",
		   "{\"expected_codes\":\"2xx\",\"interval\":120}");
	cf_monitor_free(&out);

	F.result = "{\"preview_id\":\"pv1\",\"pools\":{\"p1\":\"pool-a\"}}";
	assert_int_equal(cf_monitor_preview(C, "acc", "m1", &m, &pv, &err),
			 CF_OK);
	assert_string_equal(F.log[5].method, "POST");
	assert_string_equal(F.log[5].url,
			    "/accounts/acc/load_balancers/monitors/m1/preview");
	assert_json_at(F.log[5].body, "interval", "120");
	assert_string_equal(pv.preview_id, "pv1");
	assert_string_equal(pv.pools[0].pool_name, "pool-a");
	cf_preview_free(&pv);

	assert_int_equal(cf_pool_preview(C, "acc", "p1", &m, &pv, &err), CF_OK);
	assert_string_equal(F.log[6].url,
			    "/accounts/acc/load_balancers/pools/p1/preview");
	assert_string_equal(F.log[6].method, "POST");
	cf_preview_free(&pv);

	F.result = "{\"p1\":{\"healthy\":false,\"origins\":[{\"192.0.2.1\":"
		   "{\"healthy\":false,\"failure_reason\":\"TCP connection "
		   "failed\",\"rtt\":\"0s\"}}]}}";
	assert_int_equal(cf_preview_result_get(C, "acc", "pv1", &pr, &err),
			 CF_OK);
	assert_req(7, "GET", "/accounts/acc/load_balancers/preview/pv1", NULL);
	assert_false(pr.pools[0].healthy);
	assert_string_equal(pr.pools[0].origins[0].failure_reason,
			    "TCP connection failed");
	cf_preview_result_free(&pr);

	F.result = "{\"id\":\"m1\"}";
	assert_int_equal(cf_monitor_delete(C, "acc", "m1", &err), CF_OK);
	assert_req(8, "DELETE", "/accounts/acc/load_balancers/monitors/m1",
		   "{}");
	cf_monitor_free(&m);
}

/* ---- pools ------------------------------------------------------------------- */

static void
test_pools(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool_list l;
	struct cf_pool p, out;
	struct cf_pool_health h;
	struct cf_pool_reference_list refs;

	(void)state;
	F.result = "[]";
	assert_int_equal(cf_pools_list(C, "acc", NULL, &l, &err), CF_OK);
	assert_req(0, "GET", "/accounts/acc/load_balancers/pools", NULL);
	assert_int_equal(l.n, 0);
	cf_pool_list_free(&l);
	F.result = POOL;
	assert_int_equal(cf_pools_list(C, "acc", "m1", &l, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_req(1, "GET", "/accounts/acc/load_balancers/pools?monitor=m1",
		   NULL);

	assert_int_equal(cf_pool_get(C, "acc", "p1", &p, &err), CF_OK);
	assert_req(2, "GET", "/accounts/acc/load_balancers/pools/p1", NULL);

	assert_int_equal(cf_pool_create(C, "acc", &p, &out, &err), CF_OK);
	assert_string_equal(F.log[3].method, "POST");
	assert_string_equal(F.log[3].url, "/accounts/acc/load_balancers/pools");
	/* No check_regions on create; unknown fields kept. */
	assert_json_at(F.log[3].body, "check_regions", NULL);
	assert_json_at(F.log[3].body, "networks", "[\"x\"]");
	assert_json_at(F.log[3].body, "id", NULL);
	cf_pool_free(&out);

	assert_int_equal(cf_pool_update(C, "acc", "p1", &p, &out, &err), CF_OK);
	assert_string_equal(F.log[4].method, "PUT");
	assert_json_at(F.log[4].body, "check_regions", "[\"WEU\"]");
	cf_pool_free(&out);

	p.origins[1].enabled = false;
	assert_int_equal(cf_pool_patch(C, "acc", "p1", &p, CF_POOL_F_ORIGINS,
				       &out, &err),
			 CF_OK);
	assert_req(
		5, "PATCH", "/accounts/acc/load_balancers/pools/p1",
		"{\"origins\":[{\"name\":\"o1\",\"address\":\"192.0.2.1\","
		"\"enabled\":true,\"weight\":1,\"port\":81},{\"name\":\"o2\","
		"\"address\":\"192.0.2.2\",\"enabled\":false,\"weight\":1}]}");
	cf_pool_free(&out);

	F.result = "{\"pool_id\":\"p1\",\"pop_health\":{\"WNAM\":{\"healthy\":"
		   "true,\"origins\":[{\"192.0.2.1\":{\"healthy\":true,"
		   "\"rtt\":\"5ms\",\"failure_reason\":\"No failures\","
		   "\"response_code\":200}}]}}}";
	assert_int_equal(cf_pool_health_get(C, "acc", "p1", &h, &err), CF_OK);
	assert_req(6, "GET", "/accounts/acc/load_balancers/pools/p1/health",
		   NULL);
	assert_true(h.pops[0].origins[0].rtt_ms == 5);
	cf_pool_health_free(&h);

	F.result = "[{\"reference_type\":\"referrer\",\"resource_id\":\"lb1\","
		   "\"resource_name\":\"www.example.com\",\"resource_type\":"
		   "\"load_balancer\"}]";
	assert_int_equal(cf_pool_references(C, "acc", "p1", &refs, &err),
			 CF_OK);
	assert_req(7, "GET", "/accounts/acc/load_balancers/pools/p1/references",
		   NULL);
	assert_int_equal(refs.n, 1);
	assert_string_equal(refs.items[0].resource_type, "load_balancer");
	cf_pool_reference_list_free(&refs);

	F.result = "{\"id\":\"p1\"}";
	assert_int_equal(cf_pool_delete(C, "acc", "p1", &err), CF_OK);
	assert_req(8, "DELETE", "/accounts/acc/load_balancers/pools/p1", "{}");

	/* A referenced pool: the API's 412 1005 comes back as an error and
	 * the caller's *out is untouched. */
	F.fail_status = 412;
	memset(&out, 0x5a, sizeof(out));
	assert_int_not_equal(cf_pool_get(C, "acc", "p1", &out, &err), CF_OK);
	assert_int_equal(err.http_status, 412);
	assert_int_equal(err.nerrors, 1);
	assert_int_equal(err.errors[0].code, 1005);
	assert_true(out.name == (char *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL);
	cf_error_clear(&err);
	cf_pool_free(&p);
}

/* ---- load balancers, events ------------------------------------------------- */

static void
test_lbs(void **state)
{
	struct cf_error err = { 0 };
	struct cf_load_balancer_list l;
	struct cf_load_balancer lb, out;

	(void)state;
	F.result = "[{\"id\":\"lb1\",\"name\":\"www.example.com\"}]";
	assert_int_equal(cf_lbs_list(C, "z1", &l, &err), CF_OK);
	assert_req(0, "GET", "/zones/z1/load_balancers", NULL);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].steering_policy, "");
	cf_load_balancer_list_free(&l);

	F.result = "{\"id\":\"lb1\",\"name\":\"www.example.com\",\"enabled\":"
		   "false,\"default_pools\":[\"p1\"],\"fallback_pool\":\"p1\","
		   "\"created_on\":\"t\"}";
	assert_int_equal(cf_lb_get(C, "z1", "lb1", &lb, &err), CF_OK);
	assert_req(1, "GET", "/zones/z1/load_balancers/lb1", NULL);

	assert_int_equal(cf_lb_create(C, "z1", &lb, &out, &err), CF_OK);
	assert_string_equal(F.log[2].method, "POST");
	assert_string_equal(F.log[2].url, "/zones/z1/load_balancers");
	assert_json_at(F.log[2].body, "enabled", NULL);
	assert_json_at(F.log[2].body, "created_on", NULL);
	assert_json_at(F.log[2].body, "fallback_pool", "\"p1\"");
	cf_load_balancer_free(&out);

	assert_int_equal(cf_lb_update(C, "z1", "lb1", &lb, &out, &err), CF_OK);
	assert_string_equal(F.log[3].method, "PUT");
	assert_json_at(F.log[3].body, "enabled", "false");
	cf_load_balancer_free(&out);

	lb.enabled = true;
	assert_int_equal(
		cf_lb_patch(C, "z1", "lb1", &lb, CF_LB_F_ENABLED, &out, &err),
		CF_OK);
	assert_req(4, "PATCH", "/zones/z1/load_balancers/lb1",
		   "{\"enabled\":true}");
	cf_load_balancer_free(&out);

	F.result = "{\"id\":\"lb1\"}";
	assert_int_equal(cf_lb_delete(C, "z1", "lb1", &err), CF_OK);
	assert_req(5, "DELETE", "/zones/z1/load_balancers/lb1", "{}");
	cf_load_balancer_free(&lb);
}

static void
test_events(void **state)
{
	struct cf_error err = { 0 };
	struct cf_health_event_list l;
	struct cf_event_filter f = {
		.since = "2024-01-01T00:00:00Z",
		.pool_id = "p1",
		.origin_healthy = 0,
		.pool_healthy = -1,
	};

	(void)state;
	F.result = "[{\"id\":7,\"timestamp\":\"t\",\"pool\":{\"id\":\"p1\","
		   "\"name\":\"a\",\"healthy\":false,\"changed\":true},"
		   "\"origins\":[{\"name\":\"o1\",\"healthy\":false}]}]";
	assert_int_equal(cf_health_events_list(C, &f, &l, &err), CF_OK);
	assert_req(0, "GET",
		   "/user/load_balancing_analytics/events?since="
		   "2024-01-01T00%3A00%3A00Z&pool_id=p1&origin_healthy=false",
		   NULL);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].id, 7);
	assert_false(l.items[0].pool_healthy);
	cf_health_event_list_free(&l);

	assert_int_equal(cf_health_events_list(C, NULL, &l, &err), CF_OK);
	assert_req(1, "GET", "/user/load_balancing_analytics/events", NULL);
	cf_health_event_list_free(&l);
}

static void
test_malformed_results(void **state)
{
	struct cf_error err = { 0 };
	struct cf_pool p;
	struct cf_monitor_list ml;

	(void)state;
	F.result = "{\"id\":\"p1\",\"origins\":\"none\"}";
	assert_int_equal(cf_pool_get(C, "acc", "p1", &p, &err),
			 CF_ERR_MALFORMED);
	assert_non_null(err.detail);
	cf_error_clear(&err);
	F.result = "{\"not\":\"a list\"}";
	assert_int_equal(cf_monitors_list(C, "acc", &ml, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	F.result = "null";
	assert_int_equal(cf_pool_get(C, "acc", "p1", &p, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_token_verify, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_accounts_and_zones, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dns_list_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dns_stream, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dns_crud, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pools, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lbs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_results, setup,
						teardown),
	};
	int rc;

	if (cf_global_init() != CF_OK)
		return 1;
	cf_ratelimit_configure(100000, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cf_global_cleanup();
	return rc;
}
