/* ls.c: the headless "cfconsole ls" command: every zone, record, LB, pool or monitor as a table or JSON. */
#include "cfconsole/cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_api.h"

/* ---- arguments -------------------------------------------------------- */

enum ls_what { LS_ZONES, LS_DNS, LS_LBS, LS_POOLS, LS_MONITORS };

struct ls_args {
	enum ls_what what;
	const char *zone;   /* LS_DNS, LS_LBS */
	bool json;
};

static const struct {
	const char *name;
	enum ls_what what;
	bool needs_zone;
} ls_kinds[] = {
	{ .name = "zones", .what = LS_ZONES },
	{ .name = "dns", .what = LS_DNS, .needs_zone = true },
	{ .name = "lbs", .what = LS_LBS, .needs_zone = true },
	{ .name = "pools", .what = LS_POOLS },
	{ .name = "monitors", .what = LS_MONITORS },
};

static const char ls_usage[] =
	"usage: cfconsole [OPTIONS] ls zones | dns ZONE | lbs ZONE | pools | "
	"monitors [--json]\n"
	"  ZONE is a zone name or id; --json prints one JSON array of the "
	"API objects.\n"
	"  exit status: 0 ok, 1 API or network error, 2 usage error\n";

/* parse_args() result for -h/--help: not an error, nothing to run. */
#define LS_HELP (-1)

static int
usage_error(FILE *errf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage_error(FILE *errf, const char *fmt, ...)
{
	va_list ap;
	fputs("cfconsole ls: ", errf);
	va_start(ap, fmt);
	vfprintf(errf, fmt, ap);
	va_end(ap);
	fputc('\n', errf);
	fputs(ls_usage, errf);
	return CLI_EXIT_USAGE;
}

static int
parse_args(int argc, char **argv, struct ls_args *a, FILE *errf)
{
	const char *pos[3];
	int npos = 0;

	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--json") == 0) {
			a->json = true;
		} else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
			return LS_HELP;
		} else if (s[0] == '-' && s[1] != '\0') {
			return usage_error(errf, "unknown option %s", s);
		} else if (npos < 3) {
			pos[npos++] = s;
		} else {
			return usage_error(errf, "unexpected argument %s", s);
		}
	}
	if (npos == 0)
		return usage_error(errf, "what should be listed?");
	for (size_t k = 0; k < sizeof(ls_kinds) / sizeof(ls_kinds[0]); k++) {
		if (strcmp(pos[0], ls_kinds[k].name) != 0)
			continue;
		a->what = ls_kinds[k].what;
		if (ls_kinds[k].needs_zone) {
			if (npos < 2 || !*pos[1])
				return usage_error(errf, "ls %s needs a ZONE "
						   "(name or id)", pos[0]);
			a->zone = pos[1];
			if (npos > 2)
				return usage_error(errf, "unexpected argument "
						   "%s", pos[2]);
		} else if (npos > 1) {
			return usage_error(errf, "unexpected argument %s",
					   pos[1]);
		}
		return CLI_EXIT_OK;
	}
	return usage_error(errf, "cannot list \"%s\" (zones, dns, lbs, "
			   "pools, monitors)", pos[0]);
}

int
cli_ls_check(int argc, char **argv, FILE *errf)
{
	struct ls_args a;
	int rc = parse_args(argc, argv, &a, errf);
	return rc == LS_HELP ? CLI_EXIT_OK : rc;
}

/* ---- tables ----------------------------------------------------------- */

#define MAX_COLS 8

struct table {
	size_t ncols;
	const char *head[MAX_COLS];
	size_t width[MAX_COLS];
	char **cells;        /* nrows * ncols, owned */
	size_t nrows;
	size_t cap;
	bool nomem;
};

/* Display width of UTF-8 text: code points (no wide-char tables here). */
static size_t
text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* A copy with control characters replaced, so one value stays one cell. */
static char *
clean(const char *s)
{
	if (!s || !*s)
		s = "-";
	char *d = strdup(s);
	if (!d)
		return NULL;
	for (char *p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return d;
}

static void
table_init(struct table *t, size_t ncols, const char *const *head)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = head[i];
		t->width[i] = strlen(head[i]);
	}
}

/* Adds a row of ncols values (NULL or "" shown as "-"). */
static void
table_row(struct table *t, const char *const *vals)
{
	if (t->nomem)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **c = realloc(t->cells, cap * t->ncols * sizeof(*c));
		if (!c) {
			t->nomem = true;
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	char **row = t->cells + t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		row[i] = clean(vals[i]);
		if (!row[i]) {
			for (size_t j = 0; j < i; j++)
				free(row[j]);
			t->nomem = true;
			return;
		}
		size_t w = text_width(row[i]);
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->nrows++;
}

static void
print_cells(FILE *out, const struct table *t, const char *const *cells)
{
	for (size_t i = 0; i < t->ncols; i++) {
		fputs(cells[i], out);
		if (i + 1 < t->ncols) {
			size_t pad = t->width[i] - text_width(cells[i]) + 2;
			while (pad--)
				fputc(' ', out);
		}
	}
	fputc('\n', out);
}

static void
table_print(FILE *out, const struct table *t)
{
	print_cells(out, t, t->head);
	for (size_t r = 0; r < t->nrows; r++)
		print_cells(out, t,
			    (const char *const *)(t->cells + r * t->ncols));
}

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* ---- JSON ------------------------------------------------------------- */

/* Collects raw objects and prints them as one JSON array. */
static void
json_item(FILE *out, size_t i, const char *raw)
{
	fputs(i ? ",\n" : "[\n", out);
	fputs(raw && *raw ? raw : "null", out);
}

static void
json_end(FILE *out, size_t n)
{
	fputs(n ? "\n]\n" : "[]\n", out);
}

/* ---- zone lookup ------------------------------------------------------- */

static bool
is_hex_id(const char *s)
{
	size_t n = strlen(s);
	if (n != 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Resolves ZONE (name or id) to a malloc'd id, or NULL with a message. */
static char *
zone_id_for(struct session *s, const char *zone, FILE *errf, int *rc)
{
	if (is_hex_id(zone))
		return strdup(zone);
	char name[256];
	snprintf(name, sizeof(name), "%s", zone);
	size_t n = strlen(name);
	if (n && name[n - 1] == '.')
		name[n - 1] = '\0';
	struct cf_zone_list zl = { 0 };
	struct cf_error e = { 0 };
	if (cf_zones_list(s->client, s->account_id, name, &zl, &e) != CF_OK) {
		char d[512];
		fprintf(errf, "cfconsole ls: cannot look up zone %s: %s\n",
			name, cf_error_format(&e, d, sizeof(d)));
		cf_error_clear(&e);
		*rc = CLI_EXIT_ERROR;
		return NULL;
	}
	char *id = NULL;
	for (size_t i = 0; i < zl.n && !id; i++)
		if (zl.items[i].name && zl.items[i].id &&
		    strcasecmp(zl.items[i].name, name) == 0)
			id = strdup(zl.items[i].id);
	cf_zone_list_free(&zl);
	if (!id) {
		fprintf(errf, "cfconsole ls: no zone named %s in this "
			"account\n", name);
		*rc = CLI_EXIT_ERROR;
	}
	return id;
}

/* ---- listers ------------------------------------------------------------ */

static int
api_error(FILE *errf, const char *what, struct cf_error *e)
{
	char d[512];
	fprintf(errf, "cfconsole ls %s: %s\n", what,
		cf_error_format(e, d, sizeof(d)));
	cf_error_clear(e);
	return CLI_EXIT_ERROR;
}

static int
finish_table(FILE *out, FILE *errf, struct table *t)
{
	int rc = CLI_EXIT_OK;
	if (t->nomem) {
		fputs("cfconsole ls: out of memory\n", errf);
		rc = CLI_EXIT_ERROR;
	} else {
		table_print(out, t);
	}
	table_free(t);
	return rc;
}

static const char *
yes_no(bool b)
{
	return b ? "yes" : "no";
}

static int
ls_zones(struct session *s, bool json, FILE *out, FILE *errf)
{
	struct cf_zone_list l = { 0 };
	struct cf_error e = { 0 };
	if (cf_zones_list(s->client, s->account_id, NULL, &l, &e) != CF_OK)
		return api_error(errf, "zones", &e);
	if (json) {
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_zone_list_free(&l);
		return CLI_EXIT_OK;
	}
	static const char *const head[] = { "NAME", "STATUS", "PAUSED",
					     "PLAN", "ID" };
	struct table t;
	table_init(&t, 5, head);
	for (size_t i = 0; i < l.n; i++) {
		const struct cf_zone *z = &l.items[i];
		const char *row[] = { z->name, z->status, yes_no(z->paused),
				      z->plan_name, z->id };
		table_row(&t, row);
	}
	cf_zone_list_free(&l);
	return finish_table(out, errf, &t);
}

static int
ls_dns(struct session *s, const char *zone, bool json, FILE *out,
       FILE *errf)
{
	int rc = CLI_EXIT_OK;
	char *zid = zone_id_for(s, zone, errf, &rc);
	if (!zid)
		return rc;
	struct cf_dns_record_list l = { 0 };
	struct cf_error e = { 0 };
	enum cf_status st = cf_dns_list(s->client, zid, NULL, &l, &e);
	free(zid);
	if (st != CF_OK)
		return api_error(errf, "dns", &e);
	if (json) {
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_dns_record_list_free(&l);
		return CLI_EXIT_OK;
	}
	static const char *const head[] = { "TYPE", "NAME", "CONTENT", "TTL",
					     "PROXIED", "ID" };
	struct table t;
	table_init(&t, 6, head);
	for (size_t i = 0; i < l.n; i++) {
		const struct cf_dns_record *r = &l.items[i];
		char ttl[32], content[1024];
		if (r->ttl == 1)
			snprintf(ttl, sizeof(ttl), "auto");
		else
			snprintf(ttl, sizeof(ttl), "%.0f", r->ttl);
		/* MX/SRV/URI: the priority belongs with the target. */
		if (r->has_priority)
			snprintf(content, sizeof(content), "%.0f %s",
				 r->priority, r->content ? r->content : "");
		else
			snprintf(content, sizeof(content), "%s",
				 r->content ? r->content : "");
		const char *row[] = { r->type, r->name, content, ttl,
				      r->has_proxied ? yes_no(r->proxied) : "-",
				      r->id };
		table_row(&t, row);
	}
	cf_dns_record_list_free(&l);
	return finish_table(out, errf, &t);
}

static int
ls_lbs(struct session *s, const char *zone, bool json, FILE *out,
       FILE *errf)
{
	int rc = CLI_EXIT_OK;
	char *zid = zone_id_for(s, zone, errf, &rc);
	if (!zid)
		return rc;
	struct cf_load_balancer_list l = { 0 };
	struct cf_error e = { 0 };
	enum cf_status st = cf_lbs_list(s->client, zid, &l, &e);
	free(zid);
	if (st != CF_OK)
		return api_error(errf, "lbs", &e);
	if (json) {
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_load_balancer_list_free(&l);
		return CLI_EXIT_OK;
	}
	static const char *const head[] = { "NAME", "ENABLED", "PROXIED",
					     "STEERING", "POOLS", "FALLBACK",
					     "ID" };
	struct table t;
	table_init(&t, 7, head);
	for (size_t i = 0; i < l.n; i++) {
		const struct cf_load_balancer *lb = &l.items[i];
		char pools[32];
		snprintf(pools, sizeof(pools), "%zu", lb->default_pools.n);
		const char *steer = lb->steering_policy &&
				    *lb->steering_policy
			? lb->steering_policy : "off";
		const char *row[] = { lb->name, yes_no(lb->enabled),
				      yes_no(lb->proxied), steer, pools,
				      lb->fallback_pool, lb->id };
		table_row(&t, row);
	}
	cf_load_balancer_list_free(&l);
	return finish_table(out, errf, &t);
}

static bool
need_account(struct session *s, FILE *errf)
{
	if (s->account_id)
		return true;
	fputs("cfconsole ls: no account chosen: use --account ID or "
	      "CLOUDFLARE_ACCOUNT_ID\n", errf);
	return false;
}

static int
ls_pools(struct session *s, bool json, FILE *out, FILE *errf)
{
	if (!need_account(s, errf))
		return CLI_EXIT_ERROR;
	struct cf_pool_list l = { 0 };
	struct cf_error e = { 0 };
	if (cf_pools_list(s->client, s->account_id, NULL, &l, &e) != CF_OK)
		return api_error(errf, "pools", &e);
	if (json) {
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_pool_list_free(&l);
		return CLI_EXIT_OK;
	}
	static const char *const head[] = { "NAME", "ENABLED", "HEALTHY",
					     "ORIGINS", "MIN", "MONITOR",
					     "ID" };
	struct table t;
	table_init(&t, 7, head);
	for (size_t i = 0; i < l.n; i++) {
		const struct cf_pool *p = &l.items[i];
		size_t on = 0;
		for (size_t j = 0; j < p->norigins; j++)
			on += p->origins[j].enabled;
		char origins[48], min[16];
		snprintf(origins, sizeof(origins), "%zu/%zu", on, p->norigins);
		snprintf(min, sizeof(min), "%d", p->minimum_origins);
		/* Never "healthy" when the API did not say. */
		const char *healthy = p->has_healthy ? yes_no(p->healthy)
						     : "unknown";
		const char *row[] = { p->name, yes_no(p->enabled), healthy,
				      origins, min, p->monitor, p->id };
		table_row(&t, row);
	}
	cf_pool_list_free(&l);
	return finish_table(out, errf, &t);
}

static int
ls_monitors(struct session *s, bool json, FILE *out, FILE *errf)
{
	if (!need_account(s, errf))
		return CLI_EXIT_ERROR;
	struct cf_monitor_list l = { 0 };
	struct cf_error e = { 0 };
	if (cf_monitors_list(s->client, s->account_id, &l, &e) != CF_OK)
		return api_error(errf, "monitors", &e);
	if (json) {
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_monitor_list_free(&l);
		return CLI_EXIT_OK;
	}
	static const char *const head[] = { "TYPE", "METHOD", "PATH", "PORT",
					     "INTERVAL", "EXPECTED",
					     "DESCRIPTION", "ID" };
	struct table t;
	table_init(&t, 8, head);
	for (size_t i = 0; i < l.n; i++) {
		const struct cf_monitor *m = &l.items[i];
		bool http = m->type && (strcmp(m->type, "http") == 0 ||
					strcmp(m->type, "https") == 0);
		char port[16], interval[16];
		if (m->port)
			snprintf(port, sizeof(port), "%d", m->port);
		else
			snprintf(port, sizeof(port), "default");
		snprintf(interval, sizeof(interval), "%ds", m->interval);
		const char *row[] = { m->type, http ? m->method : "-",
				      http ? m->path : "-", port, interval,
				      http ? m->expected_codes : "-",
				      m->description, m->id };
		table_row(&t, row);
	}
	cf_monitor_list_free(&l);
	return finish_table(out, errf, &t);
}

int
cli_ls(struct session *s, int argc, char **argv, FILE *out, FILE *errf)
{
	struct ls_args a;
	int rc = parse_args(argc, argv, &a, errf);
	if (rc == LS_HELP) {
		fputs(ls_usage, out);
		return CLI_EXIT_OK;
	}
	if (rc != CLI_EXIT_OK)
		return rc;
	if (!s || !s->client) {
		fputs("cfconsole ls: no session\n", errf);
		return CLI_EXIT_ERROR;
	}
	switch (a.what) {
	case LS_ZONES: rc = ls_zones(s, a.json, out, errf); break;
	case LS_DNS: rc = ls_dns(s, a.zone, a.json, out, errf); break;
	case LS_LBS: rc = ls_lbs(s, a.zone, a.json, out, errf); break;
	case LS_POOLS: rc = ls_pools(s, a.json, out, errf); break;
	case LS_MONITORS: rc = ls_monitors(s, a.json, out, errf); break;
	}
	if (fflush(out) != 0 || ferror(out)) {
		fputs("cfconsole ls: cannot write the output\n", errf);
		rc = CLI_EXIT_ERROR;
	}
	return rc;
}

/* ---- dispatch ----------------------------------------------------------- */

bool
cli_is_command(const char *argv0)
{
	return argv0 && strcmp(argv0, "ls") == 0;
}

int
cli_run(const struct app_options *opts, int argc, char **argv)
{
	struct session *s = NULL;
	struct config_error err;

	if (argc < 1 || !cli_is_command(argv[0])) {
		fprintf(stderr, "cfconsole: unknown command %s\n",
			argc > 0 ? argv[0] : "(none)");
		return CLI_EXIT_USAGE;
	}
	struct ls_args a;
	int rc = parse_args(argc, argv, &a, stderr);
	if (rc == LS_HELP) {
		fputs(ls_usage, stdout);
		return CLI_EXIT_OK;
	}
	if (rc != CLI_EXIT_OK)
		return rc;
	enum session_status st = session_open(opts, config_env_process, NULL,
					      &s, &err);
	/* Zones, records and LBs are zone-scoped: no account needed. */
	if (st == SESSION_NEED_ACCOUNT && a.what != LS_POOLS &&
	    a.what != LS_MONITORS)
		st = SESSION_OK;
	if (st != SESSION_OK) {
		fprintf(stderr, "cfconsole: %s\n", err.msg);
		session_free(s);
		/* Several accounts and none chosen is the caller's to fix
		 * (--account), like a config error: the usage status, as
		 * origin and health also answer with theirs. */
		return st == SESSION_ERR_CONFIG || st == SESSION_NEED_ACCOUNT
			       ? CLI_EXIT_USAGE
			       : CLI_EXIT_ERROR;
	}
	rc = cli_ls(s, argc, argv, stdout, stderr);
	session_free(s);
	return rc;
}
