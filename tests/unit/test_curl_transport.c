/* test_curl_transport.c: libcurl transport vs in-process MHD server. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "cf/ratelimit.h"
#include "cf/request.h"
#include "cf/transport.h"

#define OK_BODY \
	"{\"result\":{\"ok\":true},\"success\":true,\"errors\":[]," \
	"\"messages\":[]}"
#define TOKEN "TopSecretToken_abcdefghijklmnopqrstuvwxyz0123"

static char token_s[] = TOKEN;

/* ---- the server ------------------------------------------------------- */

static struct MHD_Daemon *daemon_;
static int port;
static atomic_int hits_flaky, hits_drop, hits_429, hits_post;
static atomic_int in_flight, max_in_flight;
static atomic_bool fail_page4;
static char last_auth[256];
static char last_body[256];
static char last_method[16];
static pthread_mutex_t last_mu = PTHREAD_MUTEX_INITIALIZER;

struct upload {
	char buf[4096];
	size_t len;
};

static enum MHD_Result
reply(struct MHD_Connection *conn, unsigned status, const char *body,
      const char *hname, const char *hval)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(body), (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Ratelimit", "\"default\";r=37;t=30");
	if (hname)
		MHD_add_response_header(r, hname, hval);
	enum MHD_Result ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static char *
pages_body(int page, int per_page, int total)
{
	size_t cap = 128 + (size_t)per_page * 16;
	char *b = malloc(cap);
	int start = (page - 1) * per_page;
	int n = total - start < per_page ? total - start : per_page;
	if (n < 0)
		n = 0;
	size_t len = (size_t)snprintf(b, cap, "{\"result\":[");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(b + len, cap - len, "%s%d",
					i ? "," : "", start + i);
	snprintf(b + len, cap - len,
		 "],\"result_info\":{\"page\":%d,"
		 "\"per_page\":%d,\"total_count\":%d,\"total_pages\":%d},"
		 "\"success\":true,\"errors\":[],\"messages\":[]}",
		 page, per_page, total, (total + per_page - 1) / per_page);
	return b;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct upload *up = *con_cls;
	if (!up) {
		up = calloc(1, sizeof(*up));
		*con_cls = up;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		if (up->len + n >= sizeof(up->buf))
			n = sizeof(up->buf) - 1 - up->len;
		memcpy(up->buf + up->len, upload_data, n);
		up->len += n;
		*upload_size = 0;
		return MHD_YES;
	}
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						       "Authorization");
	pthread_mutex_lock(&last_mu);
	snprintf(last_auth, sizeof(last_auth), "%s", auth ? auth : "");
	snprintf(last_body, sizeof(last_body), "%.*s", (int)up->len, up->buf);
	snprintf(last_method, sizeof(last_method), "%s", method);
	pthread_mutex_unlock(&last_mu);

	if (strcmp(url, "/v4/ok") == 0)
		return reply(conn, 200, OK_BODY, NULL, NULL);
	if (strcmp(url, "/v4/flaky") == 0) {
		if (strcmp(method, "POST") == 0)
			atomic_fetch_add(&hits_post, 1);
		if (atomic_fetch_add(&hits_flaky, 1) < 2)
			return reply(conn, 500,
				     "{\"success\":false,\"errors\":"
				     "[{\"code\":10002,\"message\":\"oops\"}]}",
				     NULL, NULL);
		return reply(conn, 200, OK_BODY, NULL, NULL);
	}
	if (strcmp(url, "/v4/drop") == 0) {
		atomic_fetch_add(&hits_drop, 1);
		return MHD_NO; /* close the connection without an answer */
	}
	if (strcmp(url, "/v4/slow") == 0) {
		sleep_ms(1500);
		return reply(conn, 200, OK_BODY, NULL, NULL);
	}
	if (strcmp(url, "/v4/limited") == 0) {
		if (atomic_fetch_add(&hits_429, 1) == 0)
			return reply(
				conn, 429,
				"{\"success\":false,\"errors\":"
				"[{\"code\":971,\"message\":\"Please wait "
				"and consider throttling your request "
				"speed\"}],\"messages\":[],\"result\":null}",
				"Retry-After", "1");
		return reply(conn, 200, OK_BODY, NULL, NULL);
	}
	if (strcmp(url, "/v4/truncated") == 0)
		return reply(conn, 200, "{\"result\":[1,2", NULL, NULL);
	if (strcmp(url, "/v4/pages") == 0) {
		const char *p = MHD_lookup_connection_value(
			conn, MHD_GET_ARGUMENT_KIND, "page");
		const char *pp = MHD_lookup_connection_value(
			conn, MHD_GET_ARGUMENT_KIND, "per_page");
		int now = atomic_fetch_add(&in_flight, 1) + 1;
		int prev = atomic_load(&max_in_flight);
		while (now > prev && !atomic_compare_exchange_weak(
					     &max_in_flight, &prev, now))
			;
		sleep_ms(100); /* long enough for the others to arrive */
		char *b = pages_body(p ? atoi(p) : 1, pp ? atoi(pp) : 10, 1000);
		enum MHD_Result r = reply(conn, 200, b, NULL, NULL);
		free(b);
		atomic_fetch_sub(&in_flight, 1);
		return r;
	}
	if (strcmp(url, "/v4/uneven") == 0) {
		/* Every third page is slow, so pages finish out of order. */
		const char *p = MHD_lookup_connection_value(
			conn, MHD_GET_ARGUMENT_KIND, "page");
		int page = p ? atoi(p) : 1;
		int now = atomic_fetch_add(&in_flight, 1) + 1;
		int prev = atomic_load(&max_in_flight);
		while (now > prev && !atomic_compare_exchange_weak(
					     &max_in_flight, &prev, now))
			;
		sleep_ms(page % 3 == 2 ? 250 : 5);
		if (strstr(url, "uneven") && page == 4 && fail_page4 &&
		    atomic_fetch_add(&hits_flaky, 1) == 0) {
			atomic_fetch_sub(&in_flight, 1);
			return reply(conn, 503, "<html>busy</html>", NULL,
				     NULL);
		}
		char *b = pages_body(page, 50, 1000);
		enum MHD_Result r = reply(conn, 200, b, NULL, NULL);
		free(b);
		atomic_fetch_sub(&in_flight, 1);
		return r;
	}
	return reply(
		conn, 404,
		"{\"success\":false,\"errors\":[{\"code\":7003,"
		"\"message\":\"no route\"}],\"messages\":[],\"result\":null}",
		NULL, NULL);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	  enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

static int
server_up(void **state)
{
	(void)state;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	daemon_ = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
		0, NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed,
		NULL, MHD_OPTION_END);
	if (!daemon_)
		return -1;
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : 0;
	return port > 0 ? 0 : -1;
}

static int
server_down(void **state)
{
	(void)state;
	MHD_stop_daemon(daemon_);
	return 0;
}

static int
reset(void **state)
{
	(void)state;
	cf_ratelimit_reset();
	atomic_store(&hits_flaky, 0);
	atomic_store(&hits_drop, 0);
	atomic_store(&hits_429, 0);
	atomic_store(&hits_post, 0);
	atomic_store(&max_in_flight, 0);
	atomic_store(&fail_page4, false);
	return 0;
}

static struct cf_client *
client(long timeout_ms, int max_retries)
{
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/v4/", port);
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = token_s };
	struct cf_client_options o = {
		.base_url = url,
		.creds = &cr,
		.timeout_ms = timeout_ms,
		.connect_timeout_ms = 2000,
		.max_retries = max_retries,
		.retry_base_ms = 20,
		.retry_max_ms = 80,
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);
	assert_non_null(c);
	return c;
}

static double
now_s(void)
{
	return cf_ratelimit_now();
}

/* ---- tests ------------------------------------------------------------ */

static void
test_get_ok(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/ok", NULL, NULL, &r, &e),
			 CF_OK);
	assert_int_equal(r.http_status, 200);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r.result, "ok")));
	cf_response_free(&r);
	pthread_mutex_lock(&last_mu);
	assert_string_equal(last_auth, "Bearer " TOKEN);
	assert_string_equal(last_method, "GET");
	pthread_mutex_unlock(&last_mu);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.server_remaining, 37);
	assert_int_equal(b.sent, 1);
	/* 404 with a JSON body. */
	assert_int_equal(cf_request(c, "GET", "/nowhere", NULL, NULL, &r, &e),
			 CF_ERR_NOT_FOUND);
	assert_string_equal(e.detail, "HTTP 404: no route (7003)");
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_methods_and_bodies(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct cf_response r;
	struct cf_error e = { 0 };
	static const char *const methods[] = { "PUT", "PATCH", "DELETE" };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(cf_request(c, methods[i], "/ok", NULL,
					    "{\"a\":1}", &r, &e),
				 CF_OK);
		cf_response_free(&r);
		pthread_mutex_lock(&last_mu);
		assert_string_equal(last_method, methods[i]);
		assert_string_equal(last_body, "{\"a\":1}");
		pthread_mutex_unlock(&last_mu);
	}
	assert_int_equal(cf_request(c, "DELETE", "/ok", NULL, NULL, &r, &e),
			 CF_OK);
	cf_response_free(&r);
	cf_client_free(c);
}

static void
test_5xx_retried_for_get_not_post(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 3);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/flaky", NULL, NULL, &r, &e),
			 CF_OK);
	cf_response_free(&r);
	assert_int_equal(atomic_load(&hits_flaky), 3);

	atomic_store(&hits_flaky, 0);
	assert_int_equal(cf_request(c, "POST", "/flaky", NULL, "{}", &r, &e),
			 CF_ERR_SERVER);
	assert_int_equal(atomic_load(&hits_post), 1);
	assert_string_equal(e.detail, "HTTP 500: oops (10002)");
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_dropped_connection(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/drop", NULL, NULL, &r, &e),
			 CF_ERR_NETWORK);
	assert_true(e.retryable);
	/*
	 * 1 + 2 retries. libcurl itself resends once when a reused
	 * keep-alive connection turns out dead, so the first try may
	 * reach the server twice.
	 */
	assert_in_range(atomic_load(&hits_drop), 3, 4);
	cf_error_clear(&e);
	cf_client_free(c);
}

/*
 * A write is never resent by the transport either (issue 8, item 16):
 * libcurl resends a request whose reused keep-alive connection died
 * before any answer, which for a PATCH the server got replays stale state.
 * Writes go on a fresh connection, so the server sees exactly one.
 */
static void
test_write_never_resent_by_libcurl(void **state)
{
	(void)state;
	static const char *const methods[] = { "PATCH", "PUT", "POST" };
	struct cf_client *c = client(5000, 2);
	struct cf_response r;
	struct cf_error e = { 0 };

	for (size_t i = 0; i < 3; i++) {
		/* a keep-alive connection to reuse */
		assert_int_equal(
			cf_request(c, "GET", "/ok", NULL, NULL, &r, &e), CF_OK);
		cf_response_free(&r);
		atomic_store(&hits_drop, 0);
		assert_int_equal(cf_request(c, methods[i], "/drop", NULL,
					    "{\"origins\":[]}", &r, &e),
				 CF_ERR_NETWORK);
		assert_int_equal(atomic_load(&hits_drop), 1);
		cf_error_clear(&e);
	}
	cf_client_free(c);
}

static void
test_timeout(void **state)
{
	(void)state;
	struct cf_client *c = client(300, -1);
	struct cf_response r;
	struct cf_error e = { 0 };
	double t0 = now_s();
	assert_int_equal(cf_request(c, "GET", "/slow", NULL, NULL, &r, &e),
			 CF_ERR_TIMEOUT);
	double dt = now_s() - t0;
	assert_true(dt >= 0.25 && dt < 1.4);
	assert_true(e.retryable);
	cf_error_clear(&e);
	cf_client_free(c);
}

struct canceller {
	atomic_bool *flag;
	long after_ms;
};

static void *
cancel_main(void *arg)
{
	struct canceller *k = arg;
	sleep_ms(k->after_ms);
	atomic_store(k->flag, true);
	return NULL;
}

static void
test_cancel_in_flight(void **state)
{
	(void)state;
	struct cf_client *c = client(10000, 3);
	atomic_bool flag = false;
	cf_client_set_cancel(c, &flag);
	struct canceller k = { &flag, 200 };
	pthread_t th;
	pthread_create(&th, NULL, cancel_main, &k);
	struct cf_response r;
	struct cf_error e = { 0 };
	double t0 = now_s();
	assert_int_equal(cf_request(c, "GET", "/slow", NULL, NULL, &r, &e),
			 CF_ERR_CANCELLED);
	double dt = now_s() - t0;
	pthread_join(th, NULL);
	assert_true(dt < 1.2); /* the slow answer would take 1.5 s */
	assert_false(e.retryable);
	cf_error_clear(&e);
	cf_client_free(c);
}

static void
test_429_honours_retry_after(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct cf_response r;
	struct cf_error e = { 0 };
	double t0 = now_s();
	assert_int_equal(cf_request(c, "GET", "/limited", NULL, NULL, &r, &e),
			 CF_OK);
	double dt = now_s() - t0;
	cf_response_free(&r);
	assert_int_equal(atomic_load(&hits_429), 2);
	assert_true(dt >= 0.95 && dt < 2.5);
	cf_client_free(c);
}

static void
test_truncated_body_retried(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 1);
	struct cf_response r;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request(c, "GET", "/truncated", NULL, NULL, &r, &e),
			 CF_ERR_MALFORMED);
	assert_true(e.retryable);
	cf_error_clear(&e);
	assert_int_equal(
		cf_request(c, "POST", "/truncated", NULL, "{}", &r, &e),
		CF_ERR_MALFORMED);
	assert_false(e.retryable);
	cf_error_clear(&e);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 3); /* GET twice, POST once */
	cf_client_free(c);
}

static void
test_connection_refused(void **state)
{
	(void)state;
	/* A port that nothing listens on: bind, read it, close. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	socklen_t sl = sizeof(sa);
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	close(fd);
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", ntohs(sa.sin_port));
	struct cf_client_options o = { .base_url = url, .max_retries = -1 };
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);
	struct cf_response r;
	assert_int_equal(cf_request(c, "GET", "/x", NULL, NULL, &r, &e),
			 CF_ERR_NETWORK);
	assert_int_equal(e.http_status, 0);
	cf_error_clear(&e);
	cf_client_free(c);

	/* TLS is verified: https to a plain-HTTP port fails. */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d", port);
	o.base_url = url;
	c = cf_client_new(&o, &e);
	assert_int_equal(cf_request(c, "GET", "/ok", NULL, NULL, &r, &e),
			 CF_ERR_NETWORK);
	cf_error_clear(&e);
	cf_client_free(c);
}

struct collect {
	int next;
	bool in_order;
};

static enum cf_status
on_page(const cJSON *items, size_t total, void *ud, struct cf_error *err)
{
	(void)err;
	struct collect *k = ud;
	assert_int_equal(total, 1000);
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
	{
		if (it->valueint != k->next)
			k->in_order = false;
		k->next++;
	}
	return CF_OK;
}

static void
test_pages_concurrent(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct collect k = { 0, true };
	struct cf_error e = { 0 };
	double t0 = now_s();
	assert_int_equal(
		cf_request_pages(c, "/pages", NULL, 50, on_page, &k, &e),
		CF_OK);
	double dt = now_s() - t0;
	assert_int_equal(k.next, 1000);
	assert_true(k.in_order);
	/* 20 pages of 100 ms: 4 in flight take ~0.5 s, one by one 2 s. */
	assert_true(atomic_load(&max_in_flight) >= 2);
	assert_true(atomic_load(&max_in_flight) <= 4);
	assert_true(dt < 1.5);
	cf_client_free(c);
}

static void
test_pages_out_of_order(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	struct collect k = { 0, true };
	struct cf_error e = { 0 };
	double t0 = now_s();
	assert_int_equal(
		cf_request_pages(c, "/uneven", NULL, 50, on_page, &k, &e),
		CF_OK);
	double dt = now_s() - t0;
	assert_int_equal(k.next, 1000);
	assert_true(k.in_order);
	assert_true(atomic_load(&max_in_flight) <= 4);
	/* Sequentially: 7 slow pages x 250 ms + 13 fast ones = 1.8 s. */
	assert_true(dt < 1.4);
	cf_client_free(c);
}

static void
test_pages_failed_page_retried(void **state)
{
	(void)state;
	atomic_store(&fail_page4, true);
	struct cf_client *c = client(5000, 2);
	struct collect k = { 0, true };
	struct cf_error e = { 0 };
	assert_int_equal(
		cf_request_pages(c, "/uneven", NULL, 50, on_page, &k, &e),
		CF_OK);
	assert_int_equal(k.next, 1000);
	assert_true(k.in_order);
	assert_int_equal(atomic_load(&hits_flaky), 2);
	cf_client_free(c);
}

/* Stops the listing by setting the cancel flag from the callback. */
static atomic_bool page_cancel;

static enum cf_status
cancel_on_third(const cJSON *items, size_t total, void *ud,
		struct cf_error *err)
{
	(void)items;
	(void)total;
	(void)err;
	int *n = ud;
	if (++*n == 3)
		atomic_store(&page_cancel, true);
	return CF_OK;
}

static void
test_pages_cancelled_midway(void **state)
{
	(void)state;
	struct cf_client *c = client(5000, 2);
	atomic_store(&page_cancel, false);
	cf_client_set_cancel(c, &page_cancel);
	int n = 0;
	struct cf_error e = { 0 };
	assert_int_equal(cf_request_pages(c, "/uneven", NULL, 50,
					  cancel_on_third, &n, &e),
			 CF_ERR_CANCELLED);
	assert_true(n >= 3 && n < 20);
	cf_error_clear(&e);
	/* The client is still usable afterwards. */
	cf_client_set_cancel(c, NULL);
	struct cf_response r;
	assert_int_equal(cf_request(c, "GET", "/ok", NULL, NULL, &r, &e),
			 CF_OK);
	cf_response_free(&r);
	cf_client_free(c);
}

static void *
thread_main(void *arg)
{
	int *ok = arg;
	struct cf_client *c = client(5000, 2);
	for (int i = 0; i < 20; i++) {
		struct cf_response r;
		struct cf_error e = { 0 };
		if (cf_request(c, "GET", "/ok", NULL, NULL, &r, &e) == CF_OK)
			(*ok)++;
		cf_response_free(&r);
		cf_error_clear(&e);
	}
	cf_client_free(c);
	return NULL;
}

static void
test_threads_share_handle(void **state)
{
	(void)state;
	pthread_t th[4];
	int ok[4] = { 0 };
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, thread_main, &ok[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ok[i], 20);
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.sent, 80);
}

static void
test_header_parsers(void **state)
{
	(void)state;
	assert_true(cf_curl_parse_retry_after("120", 0) == 120.0);
	assert_true(cf_curl_parse_retry_after(" 7 ", 0) == 7.0);
	assert_true(cf_curl_parse_retry_after("0", 0) == 0.0);
	assert_true(cf_curl_parse_retry_after("", 0) == 0.0);
	assert_true(cf_curl_parse_retry_after(NULL, 0) == 0.0);
	assert_true(cf_curl_parse_retry_after("soon", 0) == 0.0);
	/* Absurd values are capped at a day (issue 8, item 19). */
	assert_true(cf_curl_parse_retry_after("1e999", 0) == 86400.0);
	assert_true(cf_curl_parse_retry_after("1e300", 0) == 86400.0);
	assert_true(cf_curl_parse_retry_after("86399", 0) == 86399.0);
	/* Wed, 21 Oct 2015 07:28:00 GMT = 1445412480 */
	assert_true(cf_curl_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
					      1445412480 - 30) == 30.0);
	assert_true(cf_curl_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT",
					      1445412480 + 5) == 0.0);
	assert_int_equal(cf_curl_parse_ratelimit("\"default\";r=50;t=30"), 50);
	assert_int_equal(cf_curl_parse_ratelimit("\"default\"; r=0; t=30"), 0);
	assert_int_equal(cf_curl_parse_ratelimit("\"default\";t=30"), -1);
	assert_int_equal(cf_curl_parse_ratelimit(NULL), -1);
}

int
main(void)
{
	if (cf_global_init() != CF_OK)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_parsers),
		cmocka_unit_test_setup(test_get_ok, reset),
		cmocka_unit_test_setup(test_methods_and_bodies, reset),
		cmocka_unit_test_setup(test_5xx_retried_for_get_not_post,
				       reset),
		cmocka_unit_test_setup(test_dropped_connection, reset),
		cmocka_unit_test_setup(test_write_never_resent_by_libcurl,
				       reset),
		cmocka_unit_test_setup(test_timeout, reset),
		cmocka_unit_test_setup(test_cancel_in_flight, reset),
		cmocka_unit_test_setup(test_429_honours_retry_after, reset),
		cmocka_unit_test_setup(test_truncated_body_retried, reset),
		cmocka_unit_test_setup(test_connection_refused, reset),
		cmocka_unit_test_setup(test_pages_concurrent, reset),
		cmocka_unit_test_setup(test_pages_out_of_order, reset),
		cmocka_unit_test_setup(test_pages_failed_page_retried, reset),
		cmocka_unit_test_setup(test_pages_cancelled_midway, reset),
		cmocka_unit_test_setup(test_threads_share_handle, reset),
	};
	int rc = cmocka_run_group_tests(tests, server_up, server_down);
	cf_global_cleanup();
	return rc;
}
