/* local_probe.c: run a monitor against one origin from this machine with libcurl (HTTP, HTTPS, TCP connect). */
#include "cfconsole/probe.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#define BODY_MAX (64 * 1024)

/* snprintf that may truncate on purpose (display strings). */
static void fmt_trunc(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
fmt_trunc(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

bool
local_probe_code_matches(const char *expected, long code)
{
	char digits[8];
	const char *p = expected && *expected ? expected : "200";

	snprintf(digits, sizeof(digits), "%03ld", code);
	while (*p) {
		const char *start;
		size_t n, i;
		bool ok = true;

		while (*p == ',' || *p == ' ')
			p++;
		start = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		n = (size_t)(p - start);
		if (n != 3 || strlen(digits) != 3)
			continue;
		for (i = 0; i < 3 && ok; i++)
			ok = tolower((unsigned char)start[i]) == 'x' ||
			     start[i] == digits[i];
		if (ok)
			return true;
	}
	return false;
}

struct body {
	char *buf;
	size_t len;
};

static size_t
on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct body *b = ud;
	size_t n = size * nmemb, room;

	room = BODY_MAX - b->len;
	if (n < room)
		room = n;
	if (room) {
		memcpy(b->buf + b->len, data, room);
		b->len += room;
		b->buf[b->len] = '\0';
	}
	return n; /* keep reading (and timing) past our cap */
}

static int
on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
	    curl_off_t un)
{
	const atomic_bool *cancel = ud;

	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	return cancel && atomic_load(cancel) ? 1 : 0;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static const char *
reason_for(CURLcode rc, bool tcp)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		return "DNS Unknown Host";
	case CURLE_COULDNT_CONNECT:
		return "TCP connection failed";
	case CURLE_OPERATION_TIMEDOUT:
		return tcp ? "TCP connection failed" : "HTTP timeout occurred";
	case CURLE_PEER_FAILED_VERIFICATION:
		return "TLS untrusted certificate error";
	case CURLE_SSL_CONNECT_ERROR:
		return "TLS handshake error";
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return "Connection Reset by Peer";
	case CURLE_TOO_MANY_REDIRECTS:
		return "Too many redirects";
	default:
		return curl_easy_strerror(rc);
	}
}

static const char *
host_header(const struct cf_monitor *m, const struct cf_origin *o)
{
	size_t i;

	if (o->header_host.n && o->header_host.v[0] && o->header_host.v[0][0])
		return o->header_host.v[0];
	for (i = 0; i < m->header.n; i++)
		if (m->header.e[i].name &&
		    strcasecmp(m->header.e[i].name, "Host") == 0 &&
		    m->header.e[i].values.n && m->header.e[i].values.v[0])
			return m->header.e[i].values.v[0];
	return NULL;
}

/* Formats a host for a URL (IPv6 literals in brackets). */
static void
url_host(const char *h, char *buf, size_t size)
{
	if (strchr(h, ':') && h[0] != '[')
		snprintf(buf, size, "[%s]", h);
	else
		snprintf(buf, size, "%s", h);
}

/* One attempt. Returns CF_OK (result in out) or CF_ERR_CANCELLED/NOMEM. */
static enum cf_status
probe_once(const struct cf_monitor *m, const struct cf_origin *o,
	   const atomic_bool *cancel, struct probe_result *out)
{
	const char *type = m->type ? m->type : "http";
	bool tcp = strcmp(type, "tcp") == 0;
	bool https = strcmp(type, "https") == 0;
	const char *method = m->method && *m->method ? m->method : "GET";
	const char *path = m->path && *m->path ? m->path : "/";
	const char *hh = tcp ? NULL : host_header(m, o);
	int port = m->port > 0 ? m->port : https ? 443 : 80;
	long timeout_ms = (m->timeout > 0 ? m->timeout : 5) * 1000L;
	char addr[300], name[300], url[1200], connect_to[700];
	struct curl_slist *headers = NULL, *ct = NULL;
	struct body body = { 0 };
	CURL *e = NULL;
	CURLcode rc;
	enum cf_status st = CF_OK;
	long code = 0;
	curl_off_t us = 0;
	size_t i, j;

	url_host(o->address, addr, sizeof(addr));
	if (hh) {
		/* Host header names the server (and TLS SNI); the
		 * connection still goes to the origin's address. */
		url_host(hh, name, sizeof(name));
		snprintf(connect_to, sizeof(connect_to), "%s:%d:%s:%d", name,
			 port, addr, port);
		ct = curl_slist_append(NULL, connect_to);
	} else {
		snprintf(name, sizeof(name), "%s", addr);
	}
	snprintf(url, sizeof(url), "%s://%s:%d%s%s", https ? "https" : "http",
		 name, port, path[0] == '/' ? "" : "/", tcp ? "/" : path);
	if (tcp)
		fmt_trunc(out->target, sizeof(out->target), "TCP %s:%d", addr,
			  port);
	else
		fmt_trunc(out->target, sizeof(out->target), "%s %s%s%s", method,
			  url, hh ? " via " : "", hh ? o->address : "");

	body.buf = malloc(BODY_MAX + 1);
	e = curl_easy_init();
	if (!body.buf || !e || (hh && !ct)) {
		st = CF_ERR_NOMEM;
		goto out;
	}
	body.buf[0] = '\0';
	for (i = 0; !tcp && i < m->header.n; i++) {
		const struct cf_header_entry *h = &m->header.e[i];

		if (!h->name || strcasecmp(h->name, "Host") == 0)
			continue;
		for (j = 0; j < h->values.n; j++) {
			char line[1024];
			struct curl_slist *nh;

			snprintf(line, sizeof(line), "%s: %s", h->name,
				 h->values.v[j] ? h->values.v[j] : "");
			nh = curl_slist_append(headers, line);
			if (!nh) {
				st = CF_ERR_NOMEM;
				goto out;
			}
			headers = nh;
		}
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(e, CURLOPT_XFERINFODATA, (void *)(uintptr_t)cancel);
	curl_easy_setopt(e, CURLOPT_USERAGENT,
			 "Mozilla/5.0 (compatible; cfconsole-probe)");
	/* Never inherit proxies from the environment for a health probe:
	 * we want this machine's direct view of the origin. */
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	if (ct)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, ct);
	if (tcp) {
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
		if (headers)
			curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
		if (strcasecmp(method, "HEAD") == 0)
			curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
		else if (strcasecmp(method, "GET") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION,
				 m->follow_redirects ? 1L : 0L);
		curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
		if (m->allow_insecure) {
			curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
			curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
		}
	}
	rc = curl_easy_perform(e);
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		st = CF_ERR_CANCELLED;
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "cancelled");
		goto out;
	}
	/* An RTT only for an answer: the time a refused or timed-out
	 * connection took is not a round trip ("-", as for a timeout). */
	if (rc == CURLE_OK &&
	    curl_easy_getinfo(
		    e, tcp ? CURLINFO_CONNECT_TIME_T : CURLINFO_TOTAL_TIME_T,
		    &us) == CURLE_OK &&
	    us > 0) {
		out->has_rtt = true;
		out->rtt_ms = (double)us / 1000.0;
	}
	if (rc != CURLE_OK) {
		out->healthy = false;
		snprintf(out->failure_reason, sizeof(out->failure_reason), "%s",
			 reason_for(rc, tcp));
		goto out;
	}
	if (tcp) {
		out->healthy = true;
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "No failures");
		goto out;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	out->response_code = (int)code;
	if (!local_probe_code_matches(m->expected_codes, code)) {
		out->healthy = false;
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "Response code mismatch error");
	} else if (m->expected_body && *m->expected_body &&
		   !contains_ci(body.buf, m->expected_body)) {
		out->healthy = false;
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "Response body mismatch error");
	} else {
		out->healthy = true;
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "No failures");
	}
out:
	curl_easy_cleanup(e);
	curl_slist_free_all(headers);
	curl_slist_free_all(ct);
	free(body.buf);
	return st;
}

enum cf_status
local_probe_run(const struct cf_monitor *m, const struct cf_origin *o,
		const atomic_bool *cancel, struct probe_result *out)
{
	const char *type;
	int tries, i;
	enum cf_status st = CF_OK;

	memset(out, 0, sizeof(*out));
	if (!m || !o || !o->address || !*o->address) {
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "no origin address to probe");
		return CF_ERR_INVALID_ARG;
	}
	type = m->type ? m->type : "http";
	if (strcmp(type, "http") != 0 && strcmp(type, "https") != 0 &&
	    strcmp(type, "tcp") != 0) {
		snprintf(out->failure_reason, sizeof(out->failure_reason),
			 "monitor type %s cannot be probed from this machine",
			 type);
		return CF_ERR_INVALID_ARG;
	}
	tries = 1 + (m->retries > 0 ? (m->retries < 5 ? m->retries : 5) : 0);
	for (i = 0; i < tries; i++) {
		struct probe_result r = { 0 };

		st = probe_once(m, o, cancel, &r);
		r.attempts = i + 1;
		*out = r;
		if (st != CF_OK || r.healthy)
			break;
	}
	return st;
}
