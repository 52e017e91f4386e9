/* test_sim_probe.c: probes against real demo origins on loopback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "sim/probe.h"
#include "sim/sim_health.h"

/* Origins: 0 ok, 1 bad (fail500), 2 slow, 3 down, 4 spare (healthy). */
#define ORIGINS_SCALE 0.125 /* slow answers after 1 s */

struct fixture {
	struct sim_origins *o;
};

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
setup(void **state)
{
	static const char *const names[] = { "ok", "bad", "slow", "down",
					     "spare" };
	static const enum sim_origin_mode modes[] = {
		SIM_ORIGIN_HEALTHY, SIM_ORIGIN_FAIL500, SIM_ORIGIN_SLOW,
		SIM_ORIGIN_DOWN, SIM_ORIGIN_HEALTHY
	};
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->o = sim_origins_start(5, names, modes, ORIGINS_SCALE);
	assert_non_null(f->o);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	sim_origins_stop(f->o);
	free(f);
	return 0;
}

/* Parses a monitor from JSON text with the origins' port filled in. */
static void
monitor_from(struct probe_monitor *m, struct fixture *f, const char *json,
	     double scale)
{
	cJSON *j = cJSON_Parse(json);
	assert_non_null(j);
	if (!cJSON_GetObjectItem(j, "port"))
		cJSON_AddNumberToObject(j, "port", sim_origins_port(f->o));
	probe_monitor_parse(m, j, scale);
	cJSON_Delete(j);
}

static void
probe_origin(struct fixture *f, size_t i, const char *json, const char *host,
	     struct probe_result *r)
{
	struct probe_monitor m;
	monitor_from(&m, f, json, 1.0);
	struct probe_request req = {
		.monitor = &m,
		.address = sim_origins_address(f->o, i),
		.host = host,
		.pool_id = "17b5962d775c646f3f9725cbc7a53df4",
	};
	probe_run(&req, r);
	probe_monitor_free(&m);
}

static void
test_healthy(void **state)
{
	struct probe_result r;
	probe_origin(*state, 0,
		     "{\"type\":\"http\",\"expected_codes\":\"200\"}", NULL,
		     &r);
	assert_true(r.healthy);
	assert_string_equal(r.failure_reason, "No failures");
	assert_int_equal(r.response_code, 200);
	assert_true(r.rtt_ms > 0.0);
	assert_string_equal(
		r.ip, sim_origins_address(((struct fixture *)*state)->o, 0));
}

static void
test_fail500(void **state)
{
	struct probe_result r;
	probe_origin(*state, 1, "{\"expected_codes\":\"200\"}", NULL, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "Response code mismatch error");
	assert_int_equal(r.response_code, 500);
	/* 5xx accepted: healthy again. */
	probe_origin(*state, 1, "{\"expected_codes\":\"5xx\"}", NULL, &r);
	assert_true(r.healthy);
}

static void
test_slow_times_out_with_retries(void **state)
{
	struct probe_result r;
	double t0 = now_s();
	/* timeout 1 s scaled by 0.3 -> 0.3 s per attempt, 2 attempts. */
	struct probe_monitor m;
	monitor_from(&m, *state, "{\"timeout\":1,\"retries\":1}", 0.3);
	struct probe_request req = {
		.monitor = &m,
		.address =
			sim_origins_address(((struct fixture *)*state)->o, 2),
	};
	probe_run(&req, &r);
	probe_monitor_free(&m);
	double el = now_s() - t0;
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "HTTP timeout occurred");
	assert_int_equal(r.response_code, 0);
	assert_true(el >= 0.55);
	assert_true(el < 0.95); /* the slow origin answers after 1 s */
	/* Long enough timeout: the slow origin is healthy. */
	probe_origin(*state, 2, "{\"timeout\":3,\"retries\":0}", NULL, &r);
	assert_true(r.healthy);
}

static void
test_down_fails_fast(void **state)
{
	struct probe_result r;
	double t0 = now_s();
	probe_origin(*state, 3, "{\"timeout\":5}", NULL, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "TCP connection failed");
	assert_true(now_s() - t0 < 1.0);
	probe_origin(*state, 3, "{\"type\":\"tcp\"}", NULL, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "TCP connection failed");
}

static void
test_mode_flip_restarts(void **state)
{
	struct fixture *f = *state;
	struct probe_result r;
	assert_true(sim_origins_set_mode(f->o, "spare", SIM_ORIGIN_DOWN));
	probe_origin(f, 4, "{}", NULL, &r);
	assert_string_equal(r.failure_reason, "TCP connection failed");
	/* By address works too, and the daemon comes back on the same port. */
	assert_true(sim_origins_set_mode(f->o, sim_origins_address(f->o, 4),
					 SIM_ORIGIN_HEALTHY));
	probe_origin(f, 4, "{}", NULL, &r);
	assert_true(r.healthy);
	assert_true(sim_origins_set_mode(f->o, "spare", SIM_ORIGIN_FAIL500));
	probe_origin(f, 4, "{}", NULL, &r);
	assert_int_equal(r.response_code, 500);
	assert_true(sim_origins_set_mode(f->o, "spare", SIM_ORIGIN_HEALTHY));
	assert_false(sim_origins_set_mode(f->o, "nope", SIM_ORIGIN_HEALTHY));
}

static void
test_expected_body(void **state)
{
	struct probe_result r;
	probe_origin(*state, 0, "{\"expected_body\":\"OK\"}", NULL, &r);
	assert_true(r.healthy); /* case-insensitive */
	probe_origin(*state, 0, "{\"expected_body\":\"all systems go\"}", NULL,
		     &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "Response body mismatch error");
	assert_int_equal(r.response_code, 200);
}

static void
test_host_and_headers_sent(void **state)
{
	struct probe_result r;
	/* Monitor Host is used when the origin has none. */
	probe_origin(*state, 0,
		     "{\"header\":{\"Host\":[\"mon.example.com\"],"
		     "\"X-App-ID\":[\"abc123\"],\"User-Agent\":[\"evil\"]},"
		     "\"expected_body\":\"host: mon.example.com\"}",
		     NULL, &r);
	assert_true(r.healthy);
	probe_origin(*state, 0,
		     "{\"header\":{\"X-App-ID\":[\"abc123\"]},"
		     "\"expected_body\":\"x-app-id: abc123\"}",
		     NULL, &r);
	assert_true(r.healthy);
	/* The origin's header.Host wins over the monitor's. */
	probe_origin(*state, 0,
		     "{\"header\":{\"Host\":[\"mon.example.com\"]},"
		     "\"expected_body\":\"host: origin.example.com\"}",
		     "origin.example.com", &r);
	assert_true(r.healthy);
	/* User-Agent cannot be overridden. */
	probe_origin(*state, 0,
		     "{\"header\":{\"User-Agent\":[\"evil\"]},"
		     "\"expected_body\":\"Cloudflare-Traffic-Manager\"}",
		     NULL, &r);
	assert_true(r.healthy);
	probe_origin(*state, 0,
		     "{\"method\":\"POST\",\"path\":\"health\","
		     "\"expected_body\":\"request: POST\\npath: /health\"}",
		     NULL, &r);
	assert_true(r.healthy);
}

static void
test_redirects(void **state)
{
	struct probe_result r;
	probe_origin(*state, 0, "{\"path\":\"/redirect\"}", NULL, &r);
	assert_false(r.healthy);
	assert_int_equal(r.response_code, 301);
	probe_origin(*state, 0,
		     "{\"path\":\"/redirect\",\"expected_codes\":\"3xx\"}",
		     NULL, &r);
	assert_true(r.healthy);
	probe_origin(*state, 0,
		     "{\"path\":\"/redirect\",\"follow_redirects\":true}", NULL,
		     &r);
	assert_true(r.healthy);
	assert_int_equal(r.response_code, 200);
}

static void
test_tcp_and_config_errors(void **state)
{
	struct probe_result r;
	probe_origin(*state, 0,
		     "{\"type\":\"tcp\",\"method\":\"connection_established\"}",
		     NULL, &r);
	assert_true(r.healthy);
	assert_int_equal(r.response_code, 0);
	probe_origin(*state, 0, "{\"expected_codes\":\"abc\"}", NULL, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "Monitor Config Error");
	probe_origin(*state, 0, "{\"type\":\"icmp_ping\"}", NULL, &r);
	assert_string_equal(r.failure_reason, "Monitor Config Error");
	probe_origin(*state, 0, "{\"header\":{\"X-Bad\":[\"a\\r\\nb\"]}}", NULL,
		     &r);
	assert_string_equal(r.failure_reason, "Monitor Config Error");

	struct probe_monitor m;
	probe_monitor_parse(&m, NULL, 1.0);
	assert_int_equal(m.port, 80);
	assert_string_equal(m.method, "GET");
	assert_string_equal(m.path, "/");
	assert_string_equal(m.expected_codes, "200");
	assert_int_equal(m.retries, 2);
	assert_int_equal(m.interval_s, 60);
	assert_true(m.timeout_s > 4.99 && m.timeout_s < 5.01);
	assert_false(m.config_error);
	probe_monitor_free(&m);
	cJSON *j = cJSON_Parse("{\"type\":\"tcp\"}");
	probe_monitor_parse(&m, j, 1.0);
	assert_true(m.config_error); /* tcp needs a port */
	probe_monitor_free(&m);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"type\":\"https\"}");
	probe_monitor_parse(&m, j, 1.0);
	assert_int_equal(m.port, 443);
	probe_monitor_free(&m);
	cJSON_Delete(j);
}

static void
test_https_against_plain_http(void **state)
{
	struct probe_result r;
	probe_origin(*state, 0, "{\"type\":\"https\"}", NULL, &r);
	assert_false(r.healthy);
	assert_true(strncmp(r.failure_reason, "TLS", 3) == 0);
}

static void
test_bad_address(void **state)
{
	struct probe_result r;
	struct probe_monitor m;
	monitor_from(&m, *state, "{}", 1.0);
	struct probe_request req = { .monitor = &m, .address = "bad host/x" };
	probe_run(&req, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "DNS Unknown Host");
	probe_monitor_free(&m);
	/* A name that does not resolve (.invalid never does), within 1 s. */
	monitor_from(&m, *state, "{\"timeout\":1}", 1.0);
	req.address = "no-such-origin.invalid";
	double t0 = now_s();
	probe_run(&req, &r);
	assert_true(now_s() - t0 < 4.0);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason, "DNS Unknown Host");
	probe_monitor_free(&m);
}

/* ---- HTTPS: a self-signed origin (CN/SAN origin.test, EC P-256) ---------- */

static const char tls_key[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWBdSwSmRiK4LEh01\n"
	"2XTh7JDrV2HcQzBKfk6x0SRrcV2hRANCAASbPFFB3jeF1HZCgz/B6PqH6gnH9oTR\n"
	"uikWMr7WyvFZM+Jt4/s1//W2Z3AuVbjnEEXZoBqde/xI+2TFsTjgwFpW\n"
	"-----END PRIVATE KEY-----\n";
static const char tls_cert[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBnDCCAUGgAwIBAgIUf6bLR4aZ5o9n89qUurbP9J63OQowCgYIKoZIzj0EAwIw\n"
	"FjEUMBIGA1UEAwwLb3JpZ2luLnRlc3QwIBcNMjYxMTIxMDkyMDQ2WhgPMjEyNjEw\n"
	"MjgwOTIwNDZaMBYxFDASBgNVBAMMC29yaWdpbi50ZXN0MFkwEwYHKoZIzj0CAQYI\n"
	"KoZIzj0DAQcDQgAEmzxRQd43hdR2QoM/wej6h+oJx/aE0bopFjK+1srxWTPibeP7\n"
	"Nf/1tmdwLlW45xBF2aAanXv8SPtkxbE44MBaVqNrMGkwHQYDVR0OBBYEFCKLx//e\n"
	"V2ejo947VEQ1tzeBSqKaMB8GA1UdIwQYMBaAFCKLx//eV2ejo947VEQ1tzeBSqKa\n"
	"MA8GA1UdEwEB/wQFMAMBAf8wFgYDVR0RBA8wDYILb3JpZ2luLnRlc3QwCgYIKoZI\n"
	"zj0EAwIDSQAwRgIhAO8Cyq98fZFp5+6dXdS0bTM77QKXmb5Lv5Q6gD+1xLabAiEA\n"
	"sqsLkoe9GiQ6gzTFLSQOwt33E319xUO//UVdxEzoNwQ=\n"
	"-----END CERTIFICATE-----\n";

static enum MHD_Result
tls_handler(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload,
	    size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	(void)upload_size;
	if (!*con_cls) {
		*con_cls = c;
		return MHD_YES;
	}
	char body[256];
	const char *host =
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	snprintf(body, sizeof body, "secure ok\nhost: %s\n", host ? host : "");
	struct MHD_Response *r = MHD_create_response_from_buffer(
		strlen(body), body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void
test_https_verification(void **state)
{
	(void)state;
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		skip();
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS, 0, NULL, NULL,
		tls_handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_HTTPS_MEM_KEY, tls_key, MHD_OPTION_HTTPS_MEM_CERT,
		tls_cert, MHD_OPTION_END);
	assert_non_null(d);
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	socklen_t len = sizeof sa;
	assert_int_equal(
		getsockname(info->listen_fd, (struct sockaddr *)&sa, &len), 0);
	char json[160];
	struct probe_monitor m;
	struct probe_result r;
	struct probe_request req = { .monitor = &m, .address = "127.0.0.1" };

	/* Verification is on unless allow_insecure is true. */
	snprintf(json, sizeof json, "{\"type\":\"https\",\"port\":%d}",
		 ntohs(sa.sin_port));
	cJSON *j = cJSON_Parse(json);
	probe_monitor_parse(&m, j, 1.0);
	cJSON_Delete(j);
	probe_run(&req, &r);
	assert_false(r.healthy);
	assert_string_equal(r.failure_reason,
			    "TLS untrusted certificate error");
	probe_monitor_free(&m);

	snprintf(json, sizeof json,
		 "{\"type\":\"https\",\"port\":%d,\"allow_insecure\":true,"
		 "\"expected_body\":\"host: origin.test\"}",
		 ntohs(sa.sin_port));
	j = cJSON_Parse(json);
	probe_monitor_parse(&m, j, 1.0);
	cJSON_Delete(j);
	req.host =
		"origin.test"; /* sent as Host and SNI, connected to .address */
	probe_run(&req, &r);
	assert_true(r.healthy);
	assert_int_equal(r.response_code, 200);
	assert_string_equal(r.ip, "127.0.0.1");
	probe_monitor_free(&m);
	MHD_stop_daemon(d);
}

struct collect {
	int done;
	double when[4];
	struct probe_result r[4];
	double t0;
};

struct slot {
	struct collect *c;
	int i;
};

static void
collect_done(void *ud, const struct probe_result *r)
{
	struct slot *s = ud;
	s->c->r[s->i] = *r;
	s->c->when[s->i] = now_s() - s->c->t0;
	s->c->done++;
}

static void
test_multi_slow_does_not_block(void **state)
{
	struct fixture *f = *state;
	struct probe_multi *pm = probe_multi_new();
	assert_non_null(pm);
	struct probe_monitor m;
	monitor_from(&m, f, "{\"timeout\":5,\"retries\":0}", 1.0);
	struct collect c = { .done = 0, .t0 = now_s() };
	struct slot slots[4];
	size_t order[4] = { 2, 0, 1, 4 };
	for (int i = 0; i < 4; i++) {
		slots[i] = (struct slot){ .c = &c, .i = i };
		struct probe_request req = {
			.monitor = &m,
			.address = sim_origins_address(f->o, order[i]),
		};
		assert_true(probe_multi_add(pm, &req, collect_done, &slots[i]));
	}
	probe_monitor_free(&m); /* the multi keeps its own copy */
	assert_int_equal(probe_multi_count(pm), 4);
	while (c.done < 4 && now_s() - c.t0 < 5)
		probe_multi_perform(pm, 50);
	assert_int_equal(c.done, 4);
	for (int i = 1; i < 4; i++)
		assert_true(c.when[i] < 0.5); /* not behind the slow one */
	assert_true(c.when[0] >= 0.9);	      /* slow: ~1 s */
	assert_true(c.r[0].healthy);
	assert_true(c.r[1].healthy);
	assert_false(c.r[2].healthy);
	assert_true(c.r[3].healthy);
	probe_multi_free(pm, NULL);
}

static void
free_counter(void *ud)
{
	(*(int *)ud)++;
}

static void
noop_done(void *ud, const struct probe_result *r)
{
	(void)ud;
	(void)r;
	fail_msg("aborted probes must not complete");
}

static void
test_multi_free_aborts(void **state)
{
	struct fixture *f = *state;
	struct probe_multi *pm = probe_multi_new();
	struct probe_monitor m;
	monitor_from(&m, f, "{\"timeout\":5}", 1.0);
	int freed = 0;
	struct probe_request req = { .monitor = &m,
				     .address = sim_origins_address(f->o, 2) };
	assert_true(probe_multi_add(pm, &req, noop_done, &freed));
	probe_multi_perform(pm, 50);
	double t0 = now_s();
	probe_multi_free(pm, free_counter);
	assert_true(now_s() - t0 < 0.5);
	assert_int_equal(freed, 1);
	probe_monitor_free(&m);
}

static void
test_expected_codes(void **state)
{
	(void)state;
	assert_true(probe_expected_codes_match("200", 200));
	assert_false(probe_expected_codes_match("200", 201));
	assert_true(probe_expected_codes_match("2xx", 204));
	assert_true(probe_expected_codes_match("2XX", 299));
	assert_false(probe_expected_codes_match("2xx", 301));
	assert_true(probe_expected_codes_match("200,301", 301));
	assert_true(probe_expected_codes_match("200, 3xx", 302));
	assert_false(probe_expected_codes_match("200,301", 302));
	assert_false(probe_expected_codes_valid(""));
	assert_false(probe_expected_codes_valid("2x0"));
	assert_false(probe_expected_codes_valid("600"));
	assert_false(probe_expected_codes_valid("20"));
	assert_false(probe_expected_codes_valid(NULL));
	assert_true(probe_expected_codes_valid("404"));
}

static void
test_rtt_format(void **state)
{
	(void)state;
	char b[32];
	probe_format_rtt(12.1, b, sizeof b);
	assert_string_equal(b, "12.1ms");
	probe_format_rtt(66.0, b, sizeof b);
	assert_string_equal(b, "66ms");
	probe_format_rtt(0.04, b, sizeof b);
	assert_string_equal(b, "0ms");
	probe_format_rtt(5000.25, b, sizeof b);
	assert_string_equal(b, "5000.2ms");
}

static void
test_modes_and_json(void **state)
{
	struct fixture *f = *state;
	enum sim_origin_mode m;
	assert_true(sim_origin_mode_parse("flap", &m));
	assert_int_equal(m, SIM_ORIGIN_FLAP);
	assert_true(sim_origin_mode_parse("unhealthy", &m));
	assert_int_equal(m, SIM_ORIGIN_FAIL500);
	assert_false(sim_origin_mode_parse("sideways", &m));
	assert_string_equal(sim_origin_mode_name(SIM_ORIGIN_DOWN), "down");
	assert_int_equal(sim_origins_count(f->o), 5);
	assert_null(sim_origins_address(f->o, 5));
	unsigned a, b, c, d;
	assert_int_equal(sscanf(sim_origins_address(f->o, 4), "%u.%u.%u.%u", &a,
				&b, &c, &d),
			 4);
	assert_int_equal(a, 127);
	assert_int_equal(d, 5);
	cJSON *j = sim_origins_json(f->o);
	assert_int_equal(cJSON_GetArraySize(j), 5);
	cJSON *it = cJSON_GetArrayItem(j, 3);
	assert_string_equal(cJSON_GetObjectItem(it, "name")->valuestring,
			    "down");
	assert_string_equal(cJSON_GetObjectItem(it, "mode")->valuestring,
			    "down");
	assert_int_equal(cJSON_GetObjectItem(it, "port")->valueint,
			 sim_origins_port(f->o));
	cJSON_Delete(j);
}

static void
test_flap_alternates(void **state)
{
	(void)state;
	static const char *const names[] = { "flappy" };
	static const enum sim_origin_mode modes[] = { SIM_ORIGIN_FLAP };
	/* 30 s * 0.01 = 0.3 s per phase. */
	struct sim_origins *o = sim_origins_start(1, names, modes, 0.01);
	assert_non_null(o);
	char json[64];
	snprintf(json, sizeof json, "{\"port\":%d}", sim_origins_port(o));
	cJSON *j = cJSON_Parse(json);
	struct probe_monitor m;
	probe_monitor_parse(&m, j, 1.0);
	cJSON_Delete(j);
	struct probe_request req = { .monitor = &m,
				     .address = sim_origins_address(o, 0) };
	int seen_ok = 0, seen_bad = 0;
	double t0 = now_s();
	while (now_s() - t0 < 1.5 && !(seen_ok && seen_bad)) {
		struct probe_result r;
		probe_run(&req, &r);
		if (r.healthy)
			seen_ok++;
		else if (r.response_code == 500)
			seen_bad++;
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	assert_true(seen_ok > 0);
	assert_true(seen_bad > 0);
	probe_monitor_free(&m);
	sim_origins_stop(o);
}

static void
test_stop_with_slow_in_flight_is_prompt(void **state)
{
	(void)state;
	static const char *const names[] = { "sluggish" };
	static const enum sim_origin_mode modes[] = { SIM_ORIGIN_SLOW };
	struct sim_origins *o = sim_origins_start(1, names, modes, 1.0);
	assert_non_null(o);
	char json[64];
	snprintf(json, sizeof json, "{\"port\":%d,\"timeout\":5}",
		 sim_origins_port(o));
	cJSON *j = cJSON_Parse(json);
	struct probe_monitor m;
	probe_monitor_parse(&m, j, 1.0);
	cJSON_Delete(j);
	struct probe_multi *pm = probe_multi_new();
	struct probe_request req = { .monitor = &m,
				     .address = sim_origins_address(o, 0) };
	int freed = 0;
	assert_true(probe_multi_add(pm, &req, noop_done, &freed));
	for (int i = 0; i < 4; i++)
		probe_multi_perform(pm, 50);
	double t0 = now_s();
	sim_origins_stop(o); /* a handler is waiting out its 8 s */
	assert_true(now_s() - t0 < 1.0);
	probe_multi_free(pm, free_counter);
	probe_monitor_free(&m);
}

/* Threads of this process (each origin connection has its own). */
static int
thread_count(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	int n = -1;
	assert_non_null(f);
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

static void
wait_threads(int want, double within_s)
{
	double until = now_s() + within_s;
	while (thread_count() != want && now_s() < until) {
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	assert_int_equal(thread_count(), want);
}

/*
 * A prober that gives up on a slow origin (monitor timeout < the 8 s slow
 * answer) gets its connection thread back promptly, not after the whole
 * wait: under thousands of probes those waits ran cfsim out of resources.
 */
static void
test_slow_hangup_releases_connection(void **state)
{
	(void)state;
	static const char *const names[] = { "sluggish" };
	static const enum sim_origin_mode modes[] = { SIM_ORIGIN_SLOW };
	struct sim_origins *o = sim_origins_start(1, names, modes, 1.0);
	assert_non_null(o);
	int base = thread_count();
	int fds[5];
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)sim_origins_port(o));
	assert_int_equal(
		inet_pton(AF_INET, sim_origins_address(o, 0), &sa.sin_addr), 1);
	static const char req[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	for (int i = 0; i < 5; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fds[i] >= 0);
		assert_int_equal(
			connect(fds[i], (struct sockaddr *)&sa, sizeof sa), 0);
		assert_int_equal(send(fds[i], req, sizeof req - 1, 0),
				 (ssize_t)(sizeof req - 1));
	}
	/* Five handlers wait out their slow answer... */
	wait_threads(base + 5, 2.0);
	double t0 = now_s();
	for (int i = 0; i < 5; i++)
		close(fds[i]);
	/* ...and give up well before the 8 s once the client is gone. */
	wait_threads(base, 2.0);
	assert_true(now_s() - t0 < 2.0);
	sim_origins_stop(o);
}

/* Descriptors open in this process now. */
static int
open_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 65536; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			n++;
	return n;
}

static void
count_done(void *ud, const struct probe_result *r)
{
	(void)r;
	(*(int *)ud)++;
}

/*
 * probe.c watches a duplicate of each of curl's sockets (curl may close
 * one without telling and announce its removal later, see probe_multi):
 * rounds of timeouts, failures and answers leave no descriptor behind.
 */
static void
test_multi_releases_descriptors(void **state)
{
	struct fixture *f = *state;
	struct probe_multi *pm = probe_multi_new();
	assert_non_null(pm);
	struct probe_monitor quick, tcp;
	/* slow answers after 1 s: a 0.2 s timeout (and a retry) fires */
	monitor_from(&quick, f, "{\"timeout\":0.2,\"retries\":1}", 1.0);
	monitor_from(&tcp, f, "{\"type\":\"tcp\",\"timeout\":1}", 1.0);
	int base = -1;
	for (int round = 0; round < 6; round++) {
		int done = 0, want = 0;
		for (size_t i = 0; i < 5; i++) {
			struct probe_request req = {
				.monitor = i % 2 ? &tcp : &quick,
				.address = sim_origins_address(f->o, i),
			};
			assert_true(
				probe_multi_add(pm, &req, count_done, &done));
			want++;
		}
		double t0 = now_s();
		while (done < want && now_s() - t0 < 10)
			probe_multi_perform(pm, 50);
		assert_int_equal(done, want);
		if (round == 0)
			base = open_fds();
	}
	/* The slow origin's side of a timed-out probe closes when its late
	 * answer is written: wait for that, not for a time. The origins'
	 * own threads may hold one or two descriptors more or less at any
	 * moment; a duplicate left behind per round would be five or more. */
	double t0 = now_s();
	int now = open_fds();
	while (now > base + 2 && now_s() - t0 < 10) {
		probe_multi_perform(pm, 50);
		now = open_fds();
	}
	print_message("descriptors after the first round %d, at the end %d\n",
		      base, now);
	assert_true(now <= base + 2);
	probe_monitor_free(&quick);
	probe_monitor_free(&tcp);
	probe_multi_free(pm, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_fail500),
		cmocka_unit_test(test_slow_times_out_with_retries),
		cmocka_unit_test(test_down_fails_fast),
		cmocka_unit_test(test_mode_flip_restarts),
		cmocka_unit_test(test_expected_body),
		cmocka_unit_test(test_host_and_headers_sent),
		cmocka_unit_test(test_redirects),
		cmocka_unit_test(test_tcp_and_config_errors),
		cmocka_unit_test(test_https_against_plain_http),
		cmocka_unit_test(test_https_verification),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_multi_slow_does_not_block),
		cmocka_unit_test(test_multi_free_aborts),
		cmocka_unit_test(test_expected_codes),
		cmocka_unit_test(test_rtt_format),
		cmocka_unit_test(test_modes_and_json),
		cmocka_unit_test(test_flap_alternates),
		cmocka_unit_test(test_stop_with_slow_in_flight_is_prompt),
		cmocka_unit_test(test_slow_hangup_releases_connection),
		cmocka_unit_test(test_multi_releases_descriptors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
