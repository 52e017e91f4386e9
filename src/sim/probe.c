/* probe.c: origin health probes (HTTP, HTTPS, TCP) on a libcurl multi. */
#include "sim/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

/* Only this much of a body is searched for expected_body. */
#define PROBE_BODY_MAX (64 * 1024)
/* A scaled timeout never drops below this, or loopback probes would fail. */
#define PROBE_MIN_TIMEOUT_S 0.05

struct probe_xfer {
	struct probe_multi *pm;
	CURL *easy;
	struct probe_monitor mon;
	char *address;
	char *host;
	char *pool_id;
	struct curl_slist *hdrs;
	struct curl_slist *connect_to;
	char *body;
	size_t body_len;
	bool body_truncated;
	int attempt;
	probe_done_fn done;
	void *ud;
	char errbuf[CURL_ERROR_SIZE];
	struct probe_result ready_result; /* answered without the network */
	struct probe_xfer *prev, *next;
};

/*
 * The multi is driven with curl_multi_socket_action() on an epoll set, so
 * each network event touches only its own transfer: with a thousand slow
 * probes in flight, curl_multi_perform() would walk all of them on every
 * wakeup.
 */
struct probe_multi {
	CURLM *multi;
	int epfd;	 /* sockets curl asked us to watch */
	int wakefd;	 /* eventfd: probe_multi_wakeup() */
	double deadline; /* curl's next timeout (monotonic ms), <0 none */
	size_t count;	 /* active + ready */
	struct probe_xfer *head;  /* transfers inside the curl multi */
	struct probe_xfer *ready; /* answered, waiting for perform() */
	struct probe_xfer *ready_tail;
	/*
	 * epfd never holds curl's own descriptors but a duplicate of each
	 * (dupof[curl's fd], -1 none), with curl's number as the event data.
	 * curl may close a socket without the close callback and announce
	 * CURL_POLL_REMOVE only later (seen with libcurl 7.88 when probes
	 * time out), by when another thread (the API server's or a demo
	 * origin's accept) may own that number: any call on it then acts on
	 * someone else's descriptor, and ThreadSanitizer reports the race.
	 * A duplicate is ours alone until we close it, so removing it from
	 * epfd is always safe, whatever curl did with its own number.
	 */
	int *dupof;
	size_t ndupof;
};

/* ---- small helpers ----------------------------------------------------- */

static char *
probe_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

static bool
probe_is_header_text(const char *s, bool name)
{
	if (!s || (name && !*s))
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\r' || c == '\n' || c == 0x7f)
			return false;
		if (name && (c <= ' ' || c == ':'))
			return false;
	}
	return true;
}

static bool
probe_code_item_valid(const char *p, size_t n)
{
	if (n != 3 || p[0] < '1' || p[0] > '5')
		return false;
	bool xx = (p[1] == 'x' || p[1] == 'X') && (p[2] == 'x' || p[2] == 'X');
	bool digits = p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9';
	return xx || digits;
}

/* Walks `spec`; returns false when invalid. Sets *matched for `code`. */
static bool
probe_codes_walk(const char *spec, long code, bool *matched)
{
	size_t items = 0;
	*matched = false;
	if (!spec)
		return false;
	const char *p = spec;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!*p)
			break;
		const char *start = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		size_t n = (size_t)(p - start);
		if (!probe_code_item_valid(start, n))
			return false;
		items++;
		if (start[1] == 'x' || start[1] == 'X') {
			if (code / 100 == start[0] - '0')
				*matched = true;
		} else if (code == (start[0] - '0') * 100 +
					   (start[1] - '0') * 10 +
					   (start[2] - '0')) {
			*matched = true;
		}
	}
	return items > 0;
}

bool
probe_expected_codes_valid(const char *spec)
{
	bool m;
	return probe_codes_walk(spec, 0, &m);
}

bool
probe_expected_codes_match(const char *spec, long code)
{
	bool m;
	return probe_codes_walk(spec, code, &m) && m;
}

void
probe_format_rtt(double ms, char *buf, size_t size)
{
	if (ms < 0)
		ms = 0;
	snprintf(buf, size, "%.1f", ms);
	size_t n = strlen(buf);
	if (n > 2 && strcmp(buf + n - 2, ".0") == 0)
		buf[n - 2] = '\0';
	n = strlen(buf);
	snprintf(buf + n, size > n ? size - n : 0, "ms");
}

static bool
probe_body_contains(const char *body, size_t len, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0)
		return true;
	if (!body || len < m)
		return false;
	for (size_t i = 0; i + m <= len; i++)
		if (strncasecmp(body + i, needle, m) == 0)
			return true;
	return false;
}

/* ---- monitor parsing --------------------------------------------------- */

static int
probe_json_int(const cJSON *obj, const char *key, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v))
		return dflt;
	double d = v->valuedouble;
	if (d > 1e9)
		return 1000000000;
	if (d < -1e9)
		return -1000000000;
	return (int)d;
}

static const char *
probe_json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool
probe_json_bool(const cJSON *obj, const char *key, bool dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

static void
probe_add_header(struct probe_monitor *m, size_t *n, const char *name,
		 const char *value)
{
	if (!probe_is_header_text(name, true) ||
	    !probe_is_header_text(value, false)) {
		m->config_error = true;
		return;
	}
	char **v = realloc(m->headers, (*n + 2) * sizeof *v);
	if (!v) {
		m->config_error = true;
		return;
	}
	m->headers = v;
	size_t len = strlen(name) + strlen(value) + 3;
	char *line = malloc(len);
	if (!line) {
		m->config_error = true;
		return;
	}
	snprintf(line, len, "%s: %s", name, value);
	v[(*n)++] = line;
	v[*n] = NULL;
}

static void
probe_parse_headers(struct probe_monitor *m, const cJSON *header)
{
	size_t n = 0;
	const cJSON *h;
	if (!cJSON_IsObject(header))
		return;
	cJSON_ArrayForEach(h, header)
	{
		const char *name = h->string;
		/* Cloudflare: User-Agent cannot be overridden. */
		if (!name || strcasecmp(name, "User-Agent") == 0)
			continue;
		bool is_host = strcasecmp(name, "Host") == 0;
		const cJSON *vals[64];
		size_t nv = 0;
		if (cJSON_IsString(h)) {
			vals[nv++] = h;
		} else if (cJSON_IsArray(h)) {
			const cJSON *e;
			cJSON_ArrayForEach(e, h)
			{
				if (nv < sizeof vals / sizeof vals[0])
					vals[nv++] = e;
			}
		} else {
			m->config_error = true;
			continue;
		}
		for (size_t i = 0; i < nv; i++) {
			if (!cJSON_IsString(vals[i])) {
				m->config_error = true;
				continue;
			}
			const char *val = vals[i]->valuestring;
			if (is_host) {
				if (!m->host && probe_is_header_text(val, true))
					m->host = probe_strdup(val);
				else if (!m->host)
					m->config_error = true;
			} else {
				probe_add_header(m, &n, name, val);
			}
		}
	}
}

void
probe_monitor_parse(struct probe_monitor *out, const cJSON *monitor,
		    double time_scale)
{
	memset(out, 0, sizeof *out);
	const char *type = monitor ? probe_json_str(monitor, "type") : NULL;
	int dflt_port = 80;
	if (!type || strcmp(type, "http") == 0) {
		out->type = PROBE_HTTP;
	} else if (strcmp(type, "https") == 0) {
		out->type = PROBE_HTTPS;
		dflt_port = 443;
	} else if (strcmp(type, "tcp") == 0) {
		out->type = PROBE_TCP;
		dflt_port = 0; /* required */
	} else if (strcmp(type, "smtp") == 0) {
		out->type = PROBE_TCP; /* a connect check on the SMTP port */
		dflt_port = 25;
	} else {
		out->type = PROBE_UNSUPPORTED;
		out->config_error = true;
	}

	const char *method = monitor ? probe_json_str(monitor, "method") : NULL;
	out->method = probe_strdup(method && *method ? method : "GET");
	const char *path = monitor ? probe_json_str(monitor, "path") : NULL;
	if (!path || !*path)
		path = "/";
	if (path[0] == '/') {
		out->path = probe_strdup(path);
	} else {
		size_t n = strlen(path) + 2;
		out->path = malloc(n);
		if (out->path)
			snprintf(out->path, n, "/%s", path);
	}
	const char *codes =
		monitor ? probe_json_str(monitor, "expected_codes") : NULL;
	out->expected_codes = probe_strdup(codes ? codes : "200");
	const char *body =
		monitor ? probe_json_str(monitor, "expected_body") : NULL;
	out->expected_body = body && *body ? probe_strdup(body) : NULL;

	int port = monitor ? probe_json_int(monitor, "port", 0) : 0;
	if (port < 0 || port > 65535)
		out->config_error = true;
	out->port = port > 0 && port <= 65535 ? port : dflt_port;
	if (out->port == 0)
		out->config_error = true;

	int timeout = monitor ? probe_json_int(monitor, "timeout", 5) : 5;
	if (timeout < 1)
		timeout = 1;
	if (!(time_scale > 0))
		time_scale = 1.0;
	out->timeout_s = timeout * time_scale;
	if (out->timeout_s < PROBE_MIN_TIMEOUT_S)
		out->timeout_s = PROBE_MIN_TIMEOUT_S;
	out->retries = monitor ? probe_json_int(monitor, "retries", 2) : 2;
	if (out->retries < 0)
		out->retries = 0;
	if (out->retries > 5)
		out->retries = 5;
	out->interval_s =
		monitor ? probe_json_int(monitor, "interval", 60) : 60;
	if (out->interval_s < 1)
		out->interval_s = 1;
	out->consecutive_up =
		monitor ? probe_json_int(monitor, "consecutive_up", 0) : 0;
	out->consecutive_down =
		monitor ? probe_json_int(monitor, "consecutive_down", 0) : 0;
	if (out->consecutive_up < 0)
		out->consecutive_up = 0;
	if (out->consecutive_down < 0)
		out->consecutive_down = 0;
	out->follow_redirects =
		monitor && probe_json_bool(monitor, "follow_redirects", false);
	out->allow_insecure =
		monitor && probe_json_bool(monitor, "allow_insecure", false);

	if (out->type == PROBE_HTTP || out->type == PROBE_HTTPS) {
		if (!probe_expected_codes_valid(out->expected_codes))
			out->config_error = true;
		if (!probe_is_header_text(out->method, true))
			out->config_error = true;
		if (out->path && strlen(out->path) > 1024)
			out->config_error = true;
		for (const char *p = out->path; p && *p; p++)
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				out->config_error = true;
	}
	if (monitor)
		probe_parse_headers(out, cJSON_GetObjectItemCaseSensitive(
						 monitor, "header"));
	if (!out->method || !out->path || !out->expected_codes)
		out->config_error = true;
}

void
probe_monitor_copy(struct probe_monitor *dst, const struct probe_monitor *src)
{
	*dst = *src;
	dst->method = probe_strdup(src->method);
	dst->path = probe_strdup(src->path);
	dst->expected_codes = probe_strdup(src->expected_codes);
	dst->expected_body = probe_strdup(src->expected_body);
	dst->host = probe_strdup(src->host);
	dst->headers = NULL;
	if (src->headers) {
		size_t n = 0;
		while (src->headers[n])
			n++;
		dst->headers = calloc(n + 1, sizeof *dst->headers);
		if (!dst->headers) {
			dst->config_error = true;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			dst->headers[i] = probe_strdup(src->headers[i]);
			if (!dst->headers[i]) {
				dst->config_error = true;
				return;
			}
		}
	}
	if ((src->method && !dst->method) || (src->path && !dst->path) ||
	    (src->expected_codes && !dst->expected_codes))
		dst->config_error = true;
}

void
probe_monitor_free(struct probe_monitor *m)
{
	if (!m)
		return;
	free(m->method);
	free(m->path);
	free(m->expected_codes);
	free(m->expected_body);
	free(m->host);
	if (m->headers)
		for (size_t i = 0; m->headers[i]; i++)
			free(m->headers[i]);
	free(m->headers);
	memset(m, 0, sizeof *m);
}

/* ---- one transfer -------------------------------------------------------- */

static size_t
probe_write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct probe_xfer *x = ud;
	size_t len = size * nmemb;
	if (!x->mon.expected_body)
		return len;
	if (!x->body) {
		x->body = malloc(PROBE_BODY_MAX);
		if (!x->body)
			return 0;
	}
	size_t room = PROBE_BODY_MAX - x->body_len;
	if (len > room) {
		/* Enough to judge: stop reading a huge body. */
		memcpy(x->body + x->body_len, data, room);
		x->body_len += room;
		x->body_truncated = true;
		return 0;
	}
	memcpy(x->body + x->body_len, data, len);
	x->body_len += len;
	return len;
}

/* "[v6]" for IPv6 literals, the address itself otherwise. */
static void
probe_url_host(char *buf, size_t size, const char *addr)
{
	if (strchr(addr, ':'))
		snprintf(buf, size, "[%s]", addr);
	else
		snprintf(buf, size, "%s", addr);
}

static bool
probe_address_ok(const char *a)
{
	if (!a || !*a || strlen(a) > 253)
		return false;
	for (; *a; a++) {
		unsigned char c = (unsigned char)*a;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		      c == ':' || c == '_' || c == '%'))
			return false;
	}
	return true;
}

static int probe_close_cb(void *clientp, curl_socket_t s);

static bool
probe_xfer_setup(struct probe_xfer *x)
{
	const struct probe_monitor *m = &x->mon;
	CURL *e = x->easy;
	char url[1400], hostpart[300], line[700];

	curl_easy_reset(e);
	curl_slist_free_all(x->hdrs);
	curl_slist_free_all(x->connect_to);
	x->hdrs = NULL;
	x->connect_to = NULL;
	x->body_len = 0;
	x->body_truncated = false;
	x->errbuf[0] = '\0';

	const char *host = x->host ? x->host : m->host;
	const char *scheme = m->type == PROBE_HTTPS ? "https" : "http";
	probe_url_host(hostpart, sizeof hostpart, x->address);
	if (m->type == PROBE_HTTPS && host) {
		/* SNI and certificate checks use the Host, as Cloudflare does.
		 */
		char target[300];
		probe_url_host(target, sizeof target, host);
		snprintf(line, sizeof line, "%s:%d:%s:%d", target, m->port,
			 hostpart, m->port);
		x->connect_to = curl_slist_append(NULL, line);
		if (!x->connect_to)
			return false;
		snprintf(hostpart, sizeof hostpart, "%s", target);
	}
	snprintf(url, sizeof url, "%s://%s:%d%s", scheme, hostpart, m->port,
		 m->type == PROBE_TCP ? "/" : m->path);

	char ua[200];
	snprintf(
		ua, sizeof ua,
		"Mozilla/5.0 (compatible; Cloudflare-Traffic-Manager/1.0; "
		"+https://www.cloudflare.com/traffic-manager/; pool-id: %.16s)",
		x->pool_id ? x->pool_id : "");

	if (m->type != PROBE_TCP) {
		if (host && m->type == PROBE_HTTP) {
			snprintf(line, sizeof line, "Host: %s", host);
			x->hdrs = curl_slist_append(x->hdrs, line);
			if (!x->hdrs)
				return false;
		}
		for (size_t i = 0; m->headers && m->headers[i]; i++) {
			struct curl_slist *n =
				curl_slist_append(x->hdrs, m->headers[i]);
			if (!n)
				return false;
			x->hdrs = n;
		}
		/* Never wait for "Expect: 100-continue". */
		struct curl_slist *n = curl_slist_append(x->hdrs, "Expect:");
		if (!n)
			return false;
		x->hdrs = n;
	}

	long timeout_ms = (long)(m->timeout_s * 1000.0);
	if (timeout_ms < 1)
		timeout_ms = 1;
	bool ok = true;
	ok &= curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, x) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	/* Cleanup must not wait for a getaddrinfo() thread: stop is prompt. */
	ok &= curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION,
			       probe_close_cb) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, x->pm) == CURLE_OK;
	/* Probes go straight to the origin, never through an env proxy. */
	ok &= curl_easy_setopt(e, CURLOPT_PROXY, "") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOPROXY, "*") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") ==
	      CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ==
	      CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms) ==
	      CURLE_OK;
	/* Every check opens its own connection, like a real health check. */
	ok &= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_USERAGENT, ua) == CURLE_OK;
	if (x->connect_to)
		ok &= curl_easy_setopt(e, CURLOPT_CONNECT_TO, x->connect_to) ==
		      CURLE_OK;
	if (m->type == PROBE_TCP) {
		ok &= curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L) == CURLE_OK;
	} else {
		ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->hdrs) ==
		      CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION,
				       probe_write_cb) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, x) == CURLE_OK;
		if (strcmp(m->method, "HEAD") == 0)
			ok &= curl_easy_setopt(e, CURLOPT_NOBODY, 1L) ==
			      CURLE_OK;
		else if (strcmp(m->method, "GET") != 0)
			ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
					       m->method) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION,
				       m->follow_redirects ? 1L : 0L) ==
		      CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER,
				       m->allow_insecure ? 0L : 1L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST,
				       m->allow_insecure ? 0L : 2L) == CURLE_OK;
	}
	return ok;
}

static void
probe_set_reason(struct probe_result *r, const char *reason)
{
	snprintf(r->failure_reason, sizeof r->failure_reason, "%s", reason);
	r->healthy = strcmp(reason, PROBE_OK_REASON) == 0;
}

/* Returns true when the failure was a timeout (a retry is allowed). */
static bool
probe_classify(struct probe_xfer *x, CURLcode rc, struct probe_result *r)
{
	const struct probe_monitor *m = &x->mon;
	long code = 0, oserr = 0;
	curl_off_t total = 0, connect = 0;
	char *ip = NULL;

	memset(r, 0, sizeof *r);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect);
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
	if (curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
	    ip)
		snprintf(r->ip, sizeof r->ip, "%s", ip);
	r->response_code = (int)code;
	r->rtt_ms = (double)(m->type == PROBE_TCP && connect > 0 ? connect
								 : total) /
		    1000.0;

	if (rc == CURLE_WRITE_ERROR && x->body_truncated)
		rc = CURLE_OK;
	switch (rc) {
	case CURLE_OK:
	case CURLE_TOO_MANY_REDIRECTS:
		if (m->type == PROBE_TCP) {
			probe_set_reason(r, PROBE_OK_REASON);
		} else if (!probe_expected_codes_match(m->expected_codes,
						       code)) {
			probe_set_reason(r, PROBE_CODE_MISMATCH);
		} else if (m->expected_body &&
			   !probe_body_contains(x->body, x->body_len,
						m->expected_body)) {
			probe_set_reason(r, PROBE_BODY_MISMATCH);
		} else {
			probe_set_reason(r, PROBE_OK_REASON);
		}
		return false;
	case CURLE_OPERATION_TIMEDOUT:
		if (strstr(x->errbuf, "Resolving timed out")) {
			probe_set_reason(r, PROBE_DNS_UNKNOWN);
			return false;
		}
		if (m->type != PROBE_TCP && (connect > 0 || code > 0))
			probe_set_reason(r, PROBE_HTTP_TIMEOUT);
		else
			probe_set_reason(r, PROBE_TCP_FAILED);
		return true;
	case CURLE_COULDNT_RESOLVE_HOST:
		probe_set_reason(r, PROBE_DNS_UNKNOWN);
		return false;
	case CURLE_COULDNT_CONNECT:
		if (oserr == EHOSTUNREACH || oserr == ENETUNREACH)
			probe_set_reason(r, PROBE_NO_ROUTE);
		else
			probe_set_reason(r, PROBE_TCP_FAILED);
		return false;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		probe_set_reason(r, PROBE_CONN_RESET);
		return false;
	case CURLE_PEER_FAILED_VERIFICATION:
		if (strstr(x->errbuf, "subject name") ||
		    strstr(x->errbuf, "does not match"))
			probe_set_reason(r, PROBE_TLS_NAME_MISMATCH);
		else
			probe_set_reason(r, PROBE_TLS_UNTRUSTED);
		return false;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
		probe_set_reason(r, PROBE_TLS_HANDSHAKE);
		return false;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_BAD_FUNCTION_ARGUMENT:
		probe_set_reason(r, PROBE_CONFIG_ERROR);
		return false;
	default:
		probe_set_reason(r, PROBE_TCP_FAILED);
		return false;
	}
}

static void
probe_xfer_free(struct probe_xfer *x)
{
	if (!x)
		return;
	if (x->easy)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->hdrs);
	curl_slist_free_all(x->connect_to);
	probe_monitor_free(&x->mon);
	free(x->address);
	free(x->host);
	free(x->pool_id);
	free(x->body);
	free(x);
}

static void
probe_unlink(struct probe_multi *pm, struct probe_xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		pm->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	pm->count--;
}

/* ---- the multi ----------------------------------------------------------- */

static double
probe_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The duplicate registered for curl's socket s, or -1. */
static int
probe_dup_of(const struct probe_multi *pm, curl_socket_t s)
{
	return s >= 0 && (size_t)s < pm->ndupof ? pm->dupof[s] : -1;
}

/* Takes s's duplicate out of epfd and closes it (our descriptor). */
static void
probe_unwatch(struct probe_multi *pm, curl_socket_t s)
{
	int d = probe_dup_of(pm, s);
	if (d < 0)
		return;
	epoll_ctl(pm->epfd, EPOLL_CTL_DEL, d, NULL);
	close(d);
	pm->dupof[s] = -1;
}

/* True when descriptors a and b are the same open socket. */
static bool
probe_same_socket(int a, int b)
{
	struct stat sa, sb;
	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * Registers (or updates) curl's live socket s in epfd through its
 * duplicate. s is curl's and open while curl announces it, so reading it
 * here is safe. False on failure (out of descriptors or memory).
 */
static bool
probe_watch(struct probe_multi *pm, curl_socket_t s, uint32_t events)
{
	struct epoll_event ev;
	if (s < 0)
		return false;
	if ((size_t)s >= pm->ndupof) {
		size_t n = pm->ndupof ? pm->ndupof : 256;
		while (n <= (size_t)s)
			n *= 2;
		int *m = realloc(pm->dupof, n * sizeof *m);
		if (!m)
			return false;
		for (size_t i = pm->ndupof; i < n; i++)
			m[i] = -1;
		pm->dupof = m;
		pm->ndupof = n;
	}
	/* A duplicate of a socket curl closed without telling us (its
	 * number now names a new socket of curl's) is dropped first. */
	if (pm->dupof[s] >= 0 && !probe_same_socket(s, pm->dupof[s]))
		probe_unwatch(pm, s);
	memset(&ev, 0, sizeof ev);
	ev.events = events;
	ev.data.fd = s;
	if (pm->dupof[s] >= 0)
		return epoll_ctl(pm->epfd, EPOLL_CTL_MOD, pm->dupof[s], &ev) ==
		       0;
	int d = fcntl(s, F_DUPFD_CLOEXEC, 0);
	if (d < 0)
		return false;
	if (epoll_ctl(pm->epfd, EPOLL_CTL_ADD, d, &ev) != 0) {
		close(d);
		return false;
	}
	pm->dupof[s] = d;
	return true;
}

/* CURLMOPT_SOCKETFUNCTION: mirror curl's interest in `s` into epoll. */
static int
probe_socket_cb(CURL *easy, curl_socket_t s, int what, void *userp,
		void *socketp)
{
	struct probe_multi *pm = userp;
	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		/* s itself may be closed, even reused: never touched. */
		probe_unwatch(pm, s);
		return 0;
	}
	uint32_t events = 0;
	if (what & CURL_POLL_IN)
		events |= EPOLLIN;
	if (what & CURL_POLL_OUT)
		events |= EPOLLOUT;
	/* -1 makes curl fail the transfers on s (out of descriptors). */
	return probe_watch(pm, s, events) ? 0 : -1;
}

/*
 * CURLOPT_CLOSESOCKETFUNCTION: a socket curl closes through us leaves
 * epfd at once (its duplicate would keep the connection open).
 */
static int
probe_close_cb(void *clientp, curl_socket_t s)
{
	probe_unwatch(clientp, s);
	return close(s);
}

/* CURLMOPT_TIMERFUNCTION: remember when curl wants to be called back. */
static int
probe_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct probe_multi *pm = userp;
	(void)multi;
	pm->deadline =
		timeout_ms < 0 ? -1.0 : probe_now_ms() + (double)timeout_ms;
	return 0;
}

struct probe_multi *
probe_multi_new(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	struct probe_multi *pm = calloc(1, sizeof *pm);
	if (!pm) {
		curl_global_cleanup();
		return NULL;
	}
	pm->deadline = -1.0;
	pm->epfd = epoll_create1(EPOLL_CLOEXEC);
	pm->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	pm->multi = curl_multi_init();
	struct epoll_event ev;
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.fd = pm->wakefd;
	if (pm->epfd < 0 || pm->wakefd < 0 || !pm->multi ||
	    epoll_ctl(pm->epfd, EPOLL_CTL_ADD, pm->wakefd, &ev) != 0 ||
	    curl_multi_setopt(pm->multi, CURLMOPT_SOCKETFUNCTION,
			      probe_socket_cb) != CURLM_OK ||
	    curl_multi_setopt(pm->multi, CURLMOPT_SOCKETDATA, pm) != CURLM_OK ||
	    curl_multi_setopt(pm->multi, CURLMOPT_TIMERFUNCTION,
			      probe_timer_cb) != CURLM_OK ||
	    curl_multi_setopt(pm->multi, CURLMOPT_TIMERDATA, pm) != CURLM_OK) {
		probe_multi_free(pm, NULL);
		return NULL;
	}
	return pm;
}

void
probe_multi_free(struct probe_multi *pm, void (*free_ud)(void *ud))
{
	if (!pm)
		return;
	while (pm->head) {
		struct probe_xfer *x = pm->head;
		probe_unlink(pm, x);
		curl_multi_remove_handle(pm->multi, x->easy);
		if (free_ud)
			free_ud(x->ud);
		probe_xfer_free(x);
	}
	while (pm->ready) {
		struct probe_xfer *x = pm->ready;
		pm->ready = x->next;
		if (free_ud)
			free_ud(x->ud);
		probe_xfer_free(x);
	}
	if (pm->multi)
		curl_multi_cleanup(pm->multi);
	for (size_t i = 0; i < pm->ndupof; i++)
		if (pm->dupof[i] >= 0)
			close(pm->dupof[i]);
	if (pm->epfd >= 0)
		close(pm->epfd);
	if (pm->wakefd >= 0)
		close(pm->wakefd);
	free(pm->dupof);
	free(pm);
	curl_global_cleanup();
}

/*
 * Answers `x` without touching the network (configuration problems). The
 * result is delivered by the next probe_multi_perform(), never from inside
 * probe_multi_add(), so callers may hold their own locks while adding.
 */
static void
probe_answer_later(struct probe_multi *pm, struct probe_xfer *x,
		   const char *reason)
{
	memset(&x->ready_result, 0, sizeof x->ready_result);
	probe_set_reason(&x->ready_result, reason);
	x->next = NULL;
	if (pm->ready_tail)
		pm->ready_tail->next = x;
	else
		pm->ready = x;
	pm->ready_tail = x;
	pm->count++;
}

static void
probe_drain_ready(struct probe_multi *pm)
{
	while (pm->ready) {
		struct probe_xfer *x = pm->ready;
		pm->ready = x->next;
		if (!pm->ready)
			pm->ready_tail = NULL;
		pm->count--;
		x->done(x->ud, &x->ready_result);
		probe_xfer_free(x);
	}
}

bool
probe_multi_add(struct probe_multi *pm, const struct probe_request *req,
		probe_done_fn done, void *ud)
{
	if (!pm || !req || !req->monitor || !done)
		return false;
	struct probe_xfer *x = calloc(1, sizeof *x);
	if (!x)
		return false;
	x->pm = pm;
	x->done = done;
	x->ud = ud;
	probe_monitor_copy(&x->mon, req->monitor);
	x->address = probe_strdup(req->address ? req->address : "");
	x->host = probe_strdup(req->host);
	x->pool_id = probe_strdup(req->pool_id);
	x->easy = curl_easy_init();
	if (!x->address || !x->easy || (req->host && !x->host) ||
	    (req->pool_id && !x->pool_id)) {
		probe_xfer_free(x);
		return false;
	}
	/* Configuration problems are answered at once, as a result. */
	if (x->mon.config_error) {
		probe_answer_later(pm, x, PROBE_CONFIG_ERROR);
		return true;
	}
	if (!probe_address_ok(x->address)) {
		probe_answer_later(pm, x, PROBE_DNS_UNKNOWN);
		return true;
	}
	if (!probe_xfer_setup(x)) {
		probe_answer_later(pm, x, PROBE_CONFIG_ERROR);
		return true;
	}
	if (curl_multi_add_handle(pm->multi, x->easy) != CURLM_OK) {
		probe_xfer_free(x);
		return false;
	}
	x->next = pm->head;
	if (pm->head)
		pm->head->prev = x;
	pm->head = x;
	pm->count++;
	return true;
}

static void
probe_drain(struct probe_multi *pm)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(pm->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		char *priv = NULL;
		CURLcode rc = msg->data.result;
		CURL *easy = msg->easy_handle;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		struct probe_xfer *x = (struct probe_xfer *)(void *)priv;
		if (!x)
			continue;
		struct probe_result r;
		bool timed_out = probe_classify(x, rc, &r);
		curl_multi_remove_handle(pm->multi, easy);
		if (timed_out && x->attempt < x->mon.retries) {
			/* Cloudflare retries immediately, on timeouts only. */
			x->attempt++;
			if (probe_xfer_setup(x) &&
			    curl_multi_add_handle(pm->multi, easy) == CURLM_OK)
				continue;
		}
		probe_unlink(pm, x);
		x->done(x->ud, &r);
		probe_xfer_free(x);
	}
}

/* Runs curl's timeout handling when its deadline has passed. */
static void
probe_run_timer(struct probe_multi *pm)
{
	int running;
	if (pm->deadline < 0 || probe_now_ms() < pm->deadline)
		return;
	pm->deadline = -1.0; /* the callback may set a new one */
	curl_multi_socket_action(pm->multi, CURL_SOCKET_TIMEOUT, 0, &running);
}

size_t
probe_multi_perform(struct probe_multi *pm, int max_wait_ms)
{
	struct epoll_event evs[64];
	int running;
	if (!pm)
		return 0;
	probe_drain_ready(pm);
	probe_run_timer(pm);
	probe_drain(pm);

	int wait = max_wait_ms > 0 ? max_wait_ms : 0;
	if (pm->ready)
		wait = 0;
	if (pm->deadline >= 0) {
		double d = pm->deadline - probe_now_ms();
		if (d < wait)
			wait = d > 0 ? (int)d + 1 : 0;
	}
	int n = epoll_wait(pm->epfd, evs, (int)(sizeof evs / sizeof evs[0]),
			   wait);
	for (int i = 0; i < n; i++) {
		int fd = evs[i].data.fd;
		if (fd == pm->wakefd) {
			uint64_t v;
			while (read(pm->wakefd, &v, sizeof v) > 0)
				;
			continue;
		}
		int mask = 0;
		if (evs[i].events & EPOLLIN)
			mask |= CURL_CSELECT_IN;
		if (evs[i].events & EPOLLOUT)
			mask |= CURL_CSELECT_OUT;
		if (evs[i].events & (EPOLLERR | EPOLLHUP))
			mask |= CURL_CSELECT_ERR;
		curl_multi_socket_action(pm->multi, fd, mask, &running);
	}
	probe_run_timer(pm);
	probe_drain(pm);
	probe_drain_ready(pm);
	return pm->count;
}

size_t
probe_multi_count(const struct probe_multi *pm)
{
	return pm ? pm->count : 0;
}

void
probe_multi_wakeup(struct probe_multi *pm)
{
	uint64_t one = 1;
	if (pm && write(pm->wakefd, &one, sizeof one) < 0) {
		/* EAGAIN: the counter is already non-zero, a wakeup is pending.
		 */
	}
}

struct probe_sync {
	bool done;
	struct probe_result *out;
};

static void
probe_sync_done(void *ud, const struct probe_result *r)
{
	struct probe_sync *s = ud;
	*s->out = *r;
	s->done = true;
}

void
probe_run(const struct probe_request *req, struct probe_result *out)
{
	struct probe_sync s = { .done = false, .out = out };
	memset(out, 0, sizeof *out);
	struct probe_multi *pm = probe_multi_new();
	if (!pm || !probe_multi_add(pm, req, probe_sync_done, &s)) {
		probe_set_reason(out, PROBE_CONFIG_ERROR);
		probe_multi_free(pm, NULL);
		return;
	}
	while (!s.done)
		probe_multi_perform(pm, 100);
	probe_multi_free(pm, NULL);
}
