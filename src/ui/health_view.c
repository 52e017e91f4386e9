/* health_view.c: pure presentation helpers for health: state symbols and roles, sparklines, ages, failure-reason explanations. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/health_view.h"

const char *
health_view_symbol(enum health_state s, bool ascii)
{
	switch (s) {
	case HEALTH_HEALTHY:
		return ascii ? "+" : "\u25cf";
	case HEALTH_UNHEALTHY:
		return ascii ? "X" : "\u2716";
	case HEALTH_DISABLED:
		return ascii ? "-" : "\u25cb";
	case HEALTH_DEGRADED:
		return ascii ? "~" : "\u25d0";
	case HEALTH_UNKNOWN:
		break;
	}
	return "?";
}

const char *
health_view_note_symbol(bool ascii)
{
	return ascii ? "*" : "\u270e";
}

enum theme_role
health_view_role(enum health_state s)
{
	switch (s) {
	case HEALTH_HEALTHY:
		return THEME_ROLE_HEALTHY;
	case HEALTH_UNHEALTHY:
		return THEME_ROLE_UNHEALTHY;
	case HEALTH_DISABLED:
		return THEME_ROLE_DISABLED;
	case HEALTH_DEGRADED:
		return THEME_ROLE_DEGRADED;
	case HEALTH_UNKNOWN:
		break;
	}
	return THEME_ROLE_UNKNOWN;
}

char *
health_view_state(enum health_state s, bool ascii, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s", health_view_symbol(s, ascii),
		 health_state_name(s));
	return buf;
}

/* The sparkline with the scale spanning at least min_span. */
static char *
sparkline(const double *v, size_t n, size_t width, bool ascii, double min_span,
	  char *buf, size_t size)
{
	static const char *const bars[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char ascii_bars[] = "_.:-=+*#";
	size_t first, i, len = 0;
	double lo = INFINITY, hi = -INFINITY;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (n == 0 || width == 0)
		return buf;
	first = n > width ? n - width : 0;
	for (i = first; i < n; i++) {
		if (isnan(v[i]) || v[i] < 0)
			continue;
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	if (hi - lo < min_span)
		hi = lo + min_span;
	for (i = first; i < n; i++) {
		const char *g;
		char one[2] = { 0, 0 };
		size_t gl;
		int level = 0;

		if (isnan(v[i]) || v[i] < 0) {
			g = " ";
		} else {
			if (hi > lo)
				level = (int)lround((v[i] - lo) / (hi - lo) *
						    7.0);
			if (level < 0)
				level = 0;
			if (level > 7)
				level = 7;
			if (ascii) {
				one[0] = ascii_bars[level];
				g = one;
			} else {
				g = bars[level];
			}
		}
		gl = strlen(g);
		if (len + gl >= size)
			break;
		memcpy(buf + len, g, gl);
		len += gl;
	}
	buf[len] = '\0';
	return buf;
}

char *
health_view_sparkline(const double *v, size_t n, size_t width, bool ascii,
		      char *buf, size_t size)
{
	return sparkline(v, n, width, ascii, 0, buf, size);
}

double
health_view_rtt_span(double hi)
{
	return hi / 4 > 5 ? hi / 4 : 5;
}

char *
health_view_rtt_trend(const double *v, size_t n, size_t width, bool ascii,
		      char *buf, size_t size)
{
	size_t i, first = n > width ? n - width : 0;
	double hi = 0;

	for (i = first; i < n; i++)
		if (!isnan(v[i]) && v[i] > hi)
			hi = v[i];
	return sparkline(v, n, width, ascii, health_view_rtt_span(hi), buf,
			 size);
}

enum health_state
health_view_origin_state(const struct health_snapshot *h, const char *pool_id,
			 const struct cf_origin *o,
			 const struct health_origin **ho)
{
	const struct health_pool *hp = NULL;
	const struct health_origin *found = NULL;
	size_t i;

	if (ho)
		*ho = NULL;
	if (!o)
		return HEALTH_UNKNOWN;
	if (h && pool_id)
		hp = health_snapshot_find_pool(h, pool_id);
	for (i = 0; hp && i < hp->norigins && !found; i++)
		if (hp->origins[i].name && o->name &&
		    !strcmp(hp->origins[i].name, o->name))
			found = &hp->origins[i];
	for (i = 0; hp && i < hp->norigins && !found; i++)
		if (hp->origins[i].address && o->address &&
		    !strcasecmp(hp->origins[i].address, o->address))
			found = &hp->origins[i];
	if (ho)
		*ho = found;
	if (found)
		return found->state;
	if (!o->enabled)
		return HEALTH_DISABLED;
	if (o->has_healthy)
		return o->healthy ? HEALTH_HEALTHY : HEALTH_UNHEALTHY;
	return HEALTH_UNKNOWN;
}

char *
health_view_rtt(bool has, double ms, char *buf, size_t size)
{
	if (!has || isnan(ms) || ms < 0)
		snprintf(buf, size, "-");
	else if (ms >= 1000)
		snprintf(buf, size, "%.1fs", ms / 1000.0);
	else if (ms >= 10 || ms == 0)
		snprintf(buf, size, "%.0fms", ms);
	else
		snprintf(buf, size, "%.1fms", ms);
	return buf;
}

char *
health_view_age(time_t then, time_t now, char *buf, size_t size)
{
	long long d;

	if (then == 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	d = (long long)now - (long long)then;
	if (d < 0)
		d = 0;
	if (d < 120)
		snprintf(buf, size, "%llds", d);
	else if (d < 7200)
		snprintf(buf, size, "%lldm", d / 60);
	else if (d < 172800)
		snprintf(buf, size, "%lldh", d / 3600);
	else
		snprintf(buf, size, "%lldd", d / 86400);
	return buf;
}

/* ---- failure reasons ---------------------------------------------------- */

/* Cloudflare's health-check failure reasons, as the API spells them. */
static const struct health_view_explain explain_table[] = {
	{ .reason = "TLS untrusted certificate error",
	  .meaning = "the origin's certificate did not validate: self-signed, "
		     "expired, an incomplete chain, or issued for another "
		     "name than the one the monitor asked for",
	  .fix = "serve a valid chain for the name in the Host header; when "
		 "the certificate names a host and the monitor connects by IP, "
		 "set a Host header (origin header.Host or the monitor's) so "
		 "SNI and the name match; allow_insecure only as a stop-gap" },
	{ .reason = "TLS handshake error",
	  .meaning = "TLS could not be negotiated: no common protocol or "
		     "cipher, or the origin does not speak TLS on that port",
	  .fix = "check the monitor's port and type (https vs http) and the "
		 "origin's TLS settings (TLS 1.2+)" },
	{ .reason = "HTTP timeout occurred",
	  .meaning = "the origin accepted the connection but did not answer "
		     "within the monitor's timeout",
	  .fix = "check the origin's load and the health path's latency; "
		 "raise the monitor timeout only if the endpoint is known to "
		 "be slow" },
	{ .reason = "Response code mismatch error",
	  .meaning = "the origin answered with a status the monitor does not "
		     "expect (e.g. 500, or a redirect)",
	  .fix = "fix the application, or align expected_codes (e.g. \"2xx\") "
		 "and follow_redirects with what the health path returns" },
	{ .reason = "Response body mismatch error",
	  .meaning = "the answer did not contain the monitor's expected_body",
	  .fix = "check what the health path returns now; update "
		 "expected_body if the page legitimately changed" },
	{ .reason = "TCP connection failed",
	  .meaning = "no TCP connection to the origin's address and port: the "
		     "service is down, or a firewall drops Cloudflare's probes",
	  .fix = "check the service is listening on the monitor's port and "
		 "that Cloudflare's IP ranges are allowed" },
	{ .reason = "No route to host error",
	  .meaning = "the network has no path to the address (routing, a "
		     "private or unannounced address)",
	  .fix = "check the origin address is public (or reachable through "
		 "the configured virtual network) and routed" },
	{ .reason = "DNS Unknown Host",
	  .meaning = "the origin's hostname did not resolve",
	  .fix = "check the origin address for typos and that its DNS record "
		 "exists and is public" },
	{ .reason = "Connection Reset by Peer",
	  .meaning = "the origin (or a device in front of it) reset the "
		     "connection, often a firewall, a proxy or a crashing "
		     "process",
	  .fix = "check the origin's logs and any firewall or WAF in front of "
		 "it for dropped health-check requests" },
	{ .reason = "Monitor Config Error",
	  .meaning = "the monitor's settings cannot be used for this origin "
		     "(port, path, header or type)",
	  .fix = "review the monitor (Monitors pane, i) and fix its "
		 "configuration" },
};

/* Case-insensitive "needle occurs in hay" (strcasestr is not POSIX). */
static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

const struct health_view_explain *
health_view_explain(const char *reason)
{
	size_t i;

	if (!reason || !*reason || !strcasecmp(reason, "No failures"))
		return NULL;
	for (i = 0; i < sizeof(explain_table) / sizeof(explain_table[0]); i++)
		if (!strcasecmp(reason, explain_table[i].reason))
			return &explain_table[i];
	for (i = 0; i < sizeof(explain_table) / sizeof(explain_table[0]); i++)
		if (contains_nocase(reason, explain_table[i].reason))
			return &explain_table[i];
	return NULL;
}

const struct health_view_explain *
health_view_explain_table(size_t *n)
{
	*n = sizeof(explain_table) / sizeof(explain_table[0]);
	return explain_table;
}
