/* fields_monitor.c: the monitor field table: every field of a health monitor, its default, which types it applies to, and the rules between fields. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fields_impl.h"

#define MON(o) ((const struct cf_monitor *)(o))
#define MONW(o) ((struct cf_monitor *)(o))

static bool
is_http(const void *obj, const struct field_ctx *ctx)
{
	(void)ctx;
	return valid_monitor_is_http(MON(obj)->type);
}

/* Methods: GET/HEAD for HTTP(S), connection_established for TCP. */
static bool
has_method(const void *obj, const struct field_ctx *ctx)
{
	return is_http(obj, ctx) ||
	       (MON(obj)->type && !strcmp(MON(obj)->type, "tcp"));
}

static const struct valid_choice *
type_choices(const void *obj, size_t *n)
{
	(void)obj;
	*n = valid_nmonitor_types;
	return valid_monitor_types;
}

static const struct valid_choice *
method_choices(const void *obj, size_t *n)
{
	return valid_monitor_methods(obj ? MON(obj)->type : "http", n);
}

static bool
put_type(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	struct cf_monitor *m = MONW(obj);
	const struct valid_choice *c;
	size_t k;

	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	/* The method follows the type (GET / connection_established / none). */
	c = valid_monitor_methods(t, &k);
	if (!valid_monitor_method(t, m->method, NULL, 0))
		return fi_set_str(&m->method, k ? c[0].value : "", false);
	return true;
}

static bool
check_method(const void *obj, const char *t, const struct field_ctx *ctx,
	     char *why, size_t n)
{
	(void)ctx;
	return valid_monitor_method(MON(obj)->type, t, why, n);
}

static bool
check_path(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return valid_path(t, why, n);
}

static bool
check_codes(const void *obj, const char *t, const struct field_ctx *ctx,
	    char *why, size_t n)
{
	(void)ctx;
	return valid_expected_codes(t, MON(obj)->type, why, n);
}

static bool
check_interval(const void *obj, const char *t, const struct field_ctx *ctx,
	       char *why, size_t n)
{
	int v;

	(void)obj;
	return valid_int_text(t, "interval", 1, 86400, &v, why, n) &&
	       valid_interval(v, ctx ? ctx->min_interval : 0, why, n);
}

static bool
check_timeout(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	int v;

	(void)ctx;
	return valid_int_text(t, "timeout", 1, 3600, &v, why, n) &&
	       valid_timeout(v, MON(obj)->interval, why, n);
}

static bool
check_probe_zone(const void *obj, const char *t, const struct field_ctx *ctx,
		 char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return !*t || valid_hostname(t, true, false, why, n);
}

/* 0 is the protocol's default port. */
static void
show_port(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	char b[32];

	(void)ctx;
	if (MON(obj)->port) {
		snprintf(b, sizeof(b), "%d", MON(obj)->port);
		fi_emit(out, fi_key(f), b);
	} else {
		fi_emit(out, fi_key(f),
			style == FIELD_DETAIL ? "0 (default)"
			: style == FIELD_LIST ? "default"
					      : NULL);
	}
}

static void
show_interval(const struct field *f, const void *obj,
	      const struct field_ctx *ctx, enum field_style style,
	      const struct field_out *out)
{
	char b[32];

	(void)ctx;
	snprintf(b, sizeof(b), style == FIELD_DETAIL ? "%d" : "%ds",
		 MON(obj)->interval);
	fi_emit(out, fi_key(f), b);
}

/* `ls` shows the HTTP fields of other types as "-". */
static void
show_http(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	if (style == FIELD_LIST && !is_http(obj, ctx))
		fi_emit(out, fi_key(f), NULL);
	else
		fi_show_generic(f, obj, ctx, style, out);
}

/* ---- headers: "Host=example.com; X-App=abc" ------------------------------ */

static char *
get_header(const struct field *f, const void *obj)
{
	const struct cf_headers *h = &MON(obj)->header;
	struct cf_pool_map m = { 0 };
	char *t;

	(void)f;
	/* Same shape as a pool map: name -> values. */
	m.e = calloc(h->n + 1, sizeof(*m.e));
	if (!m.e)
		return NULL;
	for (m.n = 0; m.n < h->n; m.n++) {
		m.e[m.n].key = h->e[m.n].name;
		m.e[m.n].pool_ids = h->e[m.n].values;
	}
	t = fields_map_text(&m);
	free(m.e);
	return t;
}

static bool
header_name_ok(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
			       "TUVWXYZ0123456789-_") == strlen(s);
}

static bool
check_header(const void *obj, const char *t, const struct field_ctx *ctx,
	     char *why, size_t n)
{
	struct cf_pool_map m;
	size_t i;
	bool ok = true;

	(void)obj;
	(void)ctx;
	if (!fields_parse_map(t, &m, why, n))
		return false;
	for (i = 0; i < m.n && ok; i++) {
		if (!header_name_ok(m.e[i].key)) {
			snprintf(why, n,
				 "header name \"%s\": letters, digits, "
				 "- and _",
				 m.e[i].key);
			ok = false;
		} else if (!strcasecmp(m.e[i].key, "User-Agent")) {
			snprintf(why, n,
				 "the User-Agent header cannot be "
				 "overridden");
			ok = false;
		} else if (!m.e[i].pool_ids.n) {
			snprintf(why, n, "give header %s a value", m.e[i].key);
			ok = false;
		} else if (!strcasecmp(m.e[i].key, "Host")) {
			ok = m.e[i].pool_ids.n == 1
				     ? valid_host_header(m.e[i].pool_ids.v[0],
							 why, n)
				     : (snprintf(why, n,
						 "give one Host header "
						 "value"),
					false);
		}
	}
	fields_map_free(&m);
	return ok;
}

static bool
put_header(const struct field *f, void *obj, const char *t,
	   const struct field_ctx *ctx)
{
	struct cf_headers *h = &MONW(obj)->header, nh = { 0 };
	struct cf_pool_map m;
	char why[64];
	size_t i;

	(void)f;
	(void)ctx;
	if (!fields_parse_map(t, &m, why, sizeof(why)))
		return false;
	if (m.n) {
		nh.e = calloc(m.n, sizeof(*nh.e));
		if (!nh.e) {
			fields_map_free(&m);
			return false;
		}
		for (i = 0; i < m.n; i++) {
			nh.e[i].name = m.e[i].key;
			nh.e[i].values = m.e[i].pool_ids;
		}
		nh.n = m.n;
		free(m.e); /* the entries moved into nh */
	}
	for (i = 0; i < h->n; i++) {
		free(h->e[i].name);
		cf_strv_free(&h->e[i].values);
	}
	free(h->e);
	*h = nh;
	return true;
}

/* One line per header: "header Host: a.example.com". */
static void
show_header(const struct field *f, const void *obj, const struct field_ctx *ctx,
	    enum field_style style, const struct field_out *out)
{
	const struct cf_headers *h = &MON(obj)->header;
	char key[80], *v;
	size_t i;

	(void)ctx;
	if (style != FIELD_DETAIL) {
		v = get_header(f, obj);
		fi_emit(out, fi_key(f), v && *v ? v : NULL);
		free(v);
		return;
	}
	for (i = 0; i < h->n; i++) {
		snprintf(key, sizeof(key), "header %s", h->e[i].name);
		v = fields_join_list(&h->e[i].values, ", ");
		fi_emit(out, key, v && *v ? v : NULL);
		free(v);
	}
}

static void
show_used_by(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	char b[1024];
	const char *v = NULL;

	(void)style;
	if (ctx && ctx->used_by && MON(obj)->id)
		v = ctx->used_by(FIELD_RES_MONITOR, MON(obj)->id, b, sizeof(b),
				 ctx->ud);
	fi_emit(out, fi_key(f), v);
}

/* ---- life cycle ---------------------------------------------------------- */

static void
mon_init(void *o)
{
	cf_monitor_init(o);
}

static void
mon_free(void *o)
{
	cf_monitor_free(o);
}

static enum cf_status
mon_copy(void *d, const void *s)
{
	return cf_monitor_copy(d, s);
}

static enum cf_status
mon_decode(const char *json, void *out, struct cf_error *err)
{
	return cf_monitor_decode(json, out, err);
}

static char *
mon_encode(const void *o, unsigned mask)
{
	return cf_monitor_encode(o, mask);
}

static const char *
mon_id(const void *o)
{
	return MON(o)->id;
}

static const char *
mon_label(const void *o)
{
	const struct cf_monitor *m = MON(o);

	if (m->description && *m->description)
		return m->description;
	return m->id ? m->id : "(new monitor)";
}

static void
mon_rules(const void *obj, const struct field_ctx *ctx, struct plan_issues *out)
{
	const struct cf_monitor *m = MON(obj);
	char why[VALID_WHY_MAX];

	(void)ctx;
	if (m->port == 0 && m->type &&
	    (!strcmp(m->type, "tcp") || !strcmp(m->type, "udp_icmp") ||
	     !strcmp(m->type, "smtp")))
		plan_issue_add(out, false, "port",
			       "a %s monitor needs the port to probe", m->type);
	if (!valid_timeout(m->timeout, m->interval, why, sizeof(why)))
		plan_issue_add(out, false, "timeout", "%s", why);
	if (m->header.n && !valid_monitor_is_http(m->type))
		plan_issue_add(out, false, "header",
			       "headers need an http or https monitor");
}

#define OFF(m) offsetof(struct cf_monitor, m)

static const struct field monitor_fields[] = {
	{ .name = "id",
	  .column = "ID",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(id) },
	{ .name = "type",
	  .label = "Type",
	  .column = "TYPE",
	  .hint = "the protocol of the health check",
	  .mask = CF_MON_F_TYPE,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_REQUIRED,
	  .choices_for = type_choices,
	  .def = "http",
	  .store = FIELD_S_STR,
	  .off = OFF(type),
	  .put = put_type },
	{ .name = "description",
	  .label = "Description",
	  .column = "DESCRIPTION",
	  .hint = "free text; names the monitor",
	  .mask = CF_MON_F_DESCRIPTION,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(description),
	  .maxlen = 1024 },
	{ .name = "method",
	  .label = "Method",
	  .column = "METHOD",
	  .hint = "GET or HEAD for HTTP(S), connection_established for TCP",
	  .mask = CF_MON_F_METHOD,
	  .kind = FIELD_CHOICE,
	  .choices_for = method_choices,
	  .def = "GET",
	  .store = FIELD_S_OPT,
	  .off = OFF(method),
	  .applies = has_method,
	  .check = check_method,
	  .show = show_http },
	{ .name = "path",
	  .label = "Path",
	  .column = "PATH",
	  .hint = "starts with / (e.g. /health)",
	  .mask = CF_MON_F_PATH,
	  .kind = FIELD_TEXT,
	  .def = "/",
	  .store = FIELD_S_STR,
	  .off = OFF(path),
	  .applies = is_http,
	  .check = check_path,
	  .show = show_http },
	{ .name = "port",
	  .label = "Port",
	  .column = "PORT",
	  .hint = "0: 80 for HTTP, 443 for HTTPS; required for TCP, UDP, SMTP",
	  .mask = CF_MON_F_PORT,
	  .kind = FIELD_NUMBER,
	  .def = "0",
	  .store = FIELD_S_INT,
	  .off = OFF(port),
	  .lo = 0,
	  .hi = 65535,
	  .show = show_port },
	{ .name = "expected_codes",
	  .label = "Expected codes",
	  .key = "expected codes",
	  .column = "EXPECTED",
	  .hint = "a status (200) or a range (2xx)",
	  .mask = CF_MON_F_EXPECTED_CODES,
	  .kind = FIELD_TEXT,
	  .def = "200",
	  .store = FIELD_S_STR,
	  .off = OFF(expected_codes),
	  .applies = is_http,
	  .check = check_codes,
	  .show = show_http },
	{ .name = "expected_body",
	  .label = "Expected body",
	  .key = "expected body",
	  .hint = "optional; a case-insensitive substring of the answer",
	  .mask = CF_MON_F_EXPECTED_BODY,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(expected_body),
	  .applies = is_http },
	{ .name = "header",
	  .label = "Headers",
	  .hint = "Name=value items separated by ; (Host=api.example.com)",
	  .mask = CF_MON_F_HEADER,
	  .kind = FIELD_MAP,
	  .applies = is_http,
	  .get = get_header,
	  .check = check_header,
	  .put = put_header,
	  .show = show_header },
	{ .name = "timeout",
	  .label = "Timeout (s)",
	  .hint = "seconds a probe may take; less than the interval",
	  .mask = CF_MON_F_TIMEOUT,
	  .kind = FIELD_NUMBER,
	  .def = "5",
	  .store = FIELD_S_INT,
	  .off = OFF(timeout),
	  .lo = 1,
	  .hi = 3600,
	  .check = check_timeout },
	{ .name = "retries",
	  .label = "Retries",
	  .hint = "0 to 5, immediately after a timeout",
	  .mask = CF_MON_F_RETRIES,
	  .kind = FIELD_NUMBER,
	  .def = "2",
	  .store = FIELD_S_INT,
	  .off = OFF(retries),
	  .lo = 0,
	  .hi = 5 },
	{ .name = "interval",
	  .label = "Interval (s)",
	  .column = "INTERVAL",
	  .hint = "seconds between checks (the plan minimum to 3600)",
	  .mask = CF_MON_F_INTERVAL,
	  .kind = FIELD_NUMBER,
	  .def = "60",
	  .store = FIELD_S_INT,
	  .off = OFF(interval),
	  .lo = 1,
	  .hi = 86400,
	  .check = check_interval,
	  .show = show_interval },
	{ .name = "consecutive_up",
	  .label = "Consecutive up",
	  .key = "consecutive up",
	  .hint = "passes in a row before an origin is healthy",
	  .mask = CF_MON_F_CONSECUTIVE_UP,
	  .kind = FIELD_NUMBER,
	  .def = "0",
	  .store = FIELD_S_INT,
	  .off = OFF(consecutive_up),
	  .lo = 0,
	  .hi = 1000 },
	{ .name = "consecutive_down",
	  .label = "Consecutive down",
	  .key = "consecutive down",
	  .hint = "failures in a row before an origin is unhealthy",
	  .mask = CF_MON_F_CONSECUTIVE_DOWN,
	  .kind = FIELD_NUMBER,
	  .def = "0",
	  .store = FIELD_S_INT,
	  .off = OFF(consecutive_down),
	  .lo = 0,
	  .hi = 1000 },
	{ .name = "follow_redirects",
	  .label = "Follow redirects",
	  .key = "follow redirects",
	  .hint = "follow 3xx answers to their target",
	  .mask = CF_MON_F_FOLLOW_REDIRECTS,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(follow_redirects),
	  .applies = is_http },
	{ .name = "allow_insecure",
	  .label = "Allow insecure",
	  .key = "allow insecure",
	  .hint = "accept invalid TLS certificates (HTTPS)",
	  .mask = CF_MON_F_ALLOW_INSECURE,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(allow_insecure),
	  .applies = is_http },
	{ .name = "probe_zone",
	  .label = "Probe zone",
	  .key = "probe zone",
	  .hint = "optional: a zone whose settings the probes use",
	  .mask = CF_MON_F_PROBE_ZONE,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(probe_zone),
	  .applies = is_http,
	  .check = check_probe_zone },
	{ .name = "used_by",
	  .key = "used by pools",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .show = show_used_by },
	{ .name = "created_on",
	  .key = "created",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(created_on),
	  .show = fi_show_time },
	{ .name = "modified_on",
	  .key = "modified",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(modified_on),
	  .show = fi_show_time },
};

#undef OFF

static const char *const monitor_ls[] = {
	"type",		  "method",	 "path", "port", "interval",
	"expected_codes", "description", "id",	 NULL,
};

const struct field_table fields_monitor_table = {
	.res = FIELD_RES_MONITOR,
	.name = "monitor",
	.title = "monitor",
	.v = monitor_fields,
	.n = sizeof(monitor_fields) / sizeof(monitor_fields[0]),
	.size = sizeof(struct cf_monitor),
	.all = CF_MON_F_ALL,
	.ls = monitor_ls,
	.init = mon_init,
	.free = mon_free,
	.copy = mon_copy,
	.decode = mon_decode,
	.encode = mon_encode,
	.id = mon_id,
	.label = mon_label,
	.rules = mon_rules,
};
