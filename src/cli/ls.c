/* ls.c: the headless "cfconsole ls" command: every zone, record, LB, pool, origin or monitor as a table or JSON. */
#include "cfconsole/cli.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/fields.h"

/* ---- arguments -------------------------------------------------------- */

enum ls_what { LS_ZONES, LS_DNS, LS_LBS, LS_POOLS, LS_ORIGINS, LS_MONITORS };

struct ls_args {
	enum ls_what what;
	const char *zone; /* LS_DNS, LS_LBS: a zone; LS_ORIGINS: a pool */
	bool json;
};

static const struct {
	const char *name;
	enum ls_what what;
	const char *needs; /* the argument it takes, or NULL */
} ls_kinds[] = {
	{ .name = "zones", .what = LS_ZONES },
	{ .name = "dns", .what = LS_DNS, .needs = "ZONE (name or id)" },
	{ .name = "lbs", .what = LS_LBS, .needs = "ZONE (name or id)" },
	{ .name = "pools", .what = LS_POOLS },
	{ .name = "origins", .what = LS_ORIGINS, .needs = "POOL (name or id)" },
	{ .name = "monitors", .what = LS_MONITORS },
};

static const char ls_usage[] =
	"usage: cfconsole [OPTIONS] ls zones | dns ZONE | lbs ZONE | pools | "
	"origins POOL | monitors [--json]\n"
	"  ZONE is a zone name or id, POOL a pool name or id. Tables show "
	"names\n"
	"  (a pool's monitor, a load balancer's pools); --json prints one "
	"JSON array\n"
	"  of the API objects as they are (ids). Output is written page by "
	"page as\n"
	"  it arrives; after an error part way it is incomplete (exit 1).\n"
	"  exit status: 0 ok, 1 API or network error or no such zone or pool,\n"
	"  2 usage error (one table for every subcommand: cfconsole(1))\n";

/* parse_args() result for -h/--help: not an error, nothing to run. */
#define LS_HELP (-1)

static int usage_error(FILE *errf, const char *fmt, ...)
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
		if (ls_kinds[k].needs) {
			if (npos < 2 || !*pos[1])
				return usage_error(errf, "ls %s needs a %s",
						   pos[0], ls_kinds[k].needs);
			a->zone = pos[1];
			if (npos > 2)
				return usage_error(errf,
						   "unexpected argument "
						   "%s",
						   pos[2]);
		} else if (npos > 1) {
			return usage_error(errf, "unexpected argument %s",
					   pos[1]);
		}
		return CLI_EXIT_OK;
	}
	return usage_error(errf,
			   "cannot list \"%s\" (zones, dns, lbs, "
			   "pools, origins, monitors)",
			   pos[0]);
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

/*
 * Rows are kept only until table_flush() prints them, so a list printed
 * page by page holds one page at a time. The first flush fixes the column
 * widths (header and the first page): later pages are aligned the same
 * way, and a longer value only pushes the rest of its own row right.
 */
struct table {
	size_t ncols;
	const char *head[MAX_COLS];
	size_t width[MAX_COLS];
	char **cells; /* nrows * ncols, owned */
	size_t nrows;
	size_t cap;
	bool nomem;
	bool printed; /* header printed; widths fixed */
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
		if (!t->printed && w > t->width[i])
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
			size_t w = text_width(cells[i]);
			size_t pad =
				(w < t->width[i] ? t->width[i] - w : 0) + 2;
			while (pad--)
				fputc(' ', out);
		}
	}
	fputc('\n', out);
}

static void
table_drop_rows(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	t->nrows = 0;
}

/* Prints the header (first time) and the rows so far, then drops them. */
static void
table_flush(FILE *out, struct table *t)
{
	if (!t->printed)
		print_cells(out, t, t->head);
	t->printed = true;
	for (size_t r = 0; r < t->nrows; r++)
		print_cells(out, t,
			    (const char *const *)(t->cells + r * t->ncols));
	table_drop_rows(t);
}

static void
table_free(struct table *t)
{
	table_drop_rows(t);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* ---- columns from the field tables --------------------------------------- */

/* The headers of resource r's `ls` columns (fields.h: table.ls). */
static void
table_init_fields(struct table *t, enum field_res r)
{
	const struct field_table *ft = fields_table(r);
	const char *head[MAX_COLS];
	size_t n;

	for (n = 0; ft->ls[n] && n < MAX_COLS; n++)
		head[n] = fields_find(r, ft->ls[n], NULL)->column;
	table_init(t, n, head);
}

/* One row: every column's field as `ls` shows it (names from ctx). */
static void
table_row_fields(struct table *t, enum field_res r, const void *obj,
		 const struct field_ctx *ctx)
{
	const struct field_table *ft = fields_table(r);
	char cells[MAX_COLS][4200];
	const char *row[MAX_COLS];
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		fields_text(fields_find(r, ft->ls[i], obj), obj, ctx,
			    FIELD_LIST, cells[i], sizeof(cells[i]));
		row[i] = cells[i];
	}
	table_row(t, row);
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

/*
 * Resolves ZONE (name or id) to a malloc'd id, or NULL with a message.
 * When account is not NULL it gets the zone's account id (malloc'd) when
 * the name lookup saw it, else NULL.
 */
static char *
zone_id_for(struct session *s, const char *zone, FILE *errf, int *rc,
	    char **account)
{
	if (account)
		*account = NULL;
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
	for (size_t i = 0; i < zl.n && !id; i++) {
		if (!zl.items[i].name || !zl.items[i].id ||
		    strcasecmp(zl.items[i].name, name) != 0)
			continue;
		id = strdup(zl.items[i].id);
		if (account && zl.items[i].account_id)
			*account = strdup(zl.items[i].account_id);
	}
	cf_zone_list_free(&zl);
	if (!id) {
		fprintf(errf,
			"cfconsole ls: no zone named %s in this "
			"account\n",
			name);
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

/*
 * The names a table shows in place of ids are a convenience: when they
 * cannot be read the table still prints, with the ids, and says why.
 */
static void
names_unavailable(FILE *errf, const char *what, const char *names,
		  struct cf_error *e)
{
	char d[512];
	fprintf(errf, "cfconsole ls %s: %s unavailable (%s): showing ids\n",
		what, names, cf_error_format(e, d, sizeof(d)));
	cf_error_clear(e);
}

static int
finish_table(FILE *out, FILE *errf, struct table *t)
{
	int rc = CLI_EXIT_OK;
	if (t->nomem) {
		fputs("cfconsole ls: out of memory\n", errf);
		rc = CLI_EXIT_ERROR;
	} else {
		table_flush(out, t);
	}
	table_free(t);
	return rc;
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
	struct table t;
	table_init_fields(&t, FIELD_RES_ZONE);
	for (size_t i = 0; i < l.n; i++)
		table_row_fields(&t, FIELD_RES_ZONE, &l.items[i], NULL);
	cf_zone_list_free(&l);
	return finish_table(out, errf, &t);
}

/* ls dns: each page is printed as it arrives, then freed. */
struct dns_out {
	FILE *out;
	bool json;
	size_t n; /* records printed */
	struct table t;
};

/* cf_dns_page_fn: runs on this thread, pages in order; owns *page. */
static bool
dns_page(struct cf_dns_record_list *page, size_t done, size_t total, void *ud)
{
	struct dns_out *d = ud;
	(void)done;
	(void)total;
	for (size_t i = 0; i < page->n; i++) {
		if (d->json)
			json_item(d->out, d->n, page->items[i].raw);
		else
			table_row_fields(&d->t, FIELD_RES_DNS, &page->items[i],
					 NULL);
		d->n++;
	}
	cf_dns_record_list_free(page);
	if (!d->json && !d->t.nomem)
		table_flush(d->out, &d->t);
	/* A closed pipe or full disk stops the listing. */
	return !d->t.nomem && !ferror(d->out);
}

static int
ls_dns(struct session *s, const char *zone, bool json, FILE *out, FILE *errf)
{
	int rc = CLI_EXIT_OK;
	char *zid = zone_id_for(s, zone, errf, &rc, NULL);
	if (!zid)
		return rc;
	struct dns_out d = { .out = out, .json = json };
	struct cf_error e = { 0 };
	table_init_fields(&d.t, FIELD_RES_DNS);
	enum cf_status st =
		cf_dns_list_stream(s->client, zid, NULL, dns_page, &d, &e);
	free(zid);
	if (st == CF_OK) {
		if (json)
			json_end(out, d.n);
		else
			table_flush(out, &d.t); /* an empty zone: the header */
	} else if (d.t.nomem) {
		fputs("cfconsole ls: out of memory\n", errf);
		cf_error_clear(&e);
		rc = CLI_EXIT_ERROR;
	} else if (ferror(out)) {
		cf_error_clear(&e); /* cli_ls reports the write error */
	} else {
		rc = api_error(errf, "dns", &e);
	}
	table_free(&d.t);
	return rc;
}

static bool
need_account(struct session *s, FILE *errf)
{
	if (s->account_id)
		return true;
	fputs("cfconsole ls: no account chosen: use --account ID or "
	      "CLOUDFLARE_ACCOUNT_ID\n",
	      errf);
	return false;
}

/* field_ctx.pool_name over a pool list (ud). */
static const char *
pool_name(const char *id, void *ud)
{
	const struct cf_pool_list *l = ud;
	for (size_t i = 0; id && i < l->n; i++)
		if (l->items[i].id && strcmp(l->items[i].id, id) == 0)
			return l->items[i].name && *l->items[i].name
				       ? l->items[i].name
				       : NULL;
	return NULL;
}

/* The account whose pools an LB of zone zid uses (malloc'd), or NULL. */
static char *
lb_account(struct session *s, const char *zid, char *looked_up)
{
	if (s->account_id) {
		free(looked_up);
		return strdup(s->account_id);
	}
	if (looked_up)
		return looked_up;
	struct cf_zone z = { 0 };
	struct cf_error e = { 0 };
	char *acct = NULL;
	if (cf_zone_get(s->client, zid, &z, &e) == CF_OK && z.account_id)
		acct = strdup(z.account_id);
	cf_zone_free(&z);
	cf_error_clear(&e);
	return acct;
}

static int
ls_lbs(struct session *s, const char *zone, bool json, FILE *out, FILE *errf)
{
	int rc = CLI_EXIT_OK;
	char *acct = NULL;
	char *zid = zone_id_for(s, zone, errf, &rc, &acct);
	if (!zid)
		return rc;
	struct cf_load_balancer_list l = { 0 };
	struct cf_error e = { 0 };
	if (cf_lbs_list(s->client, zid, &l, &e) != CF_OK) {
		free(zid);
		free(acct);
		return api_error(errf, "lbs", &e);
	}
	if (json) {
		free(zid);
		free(acct);
		for (size_t i = 0; i < l.n; i++)
			json_item(out, i, l.items[i].raw);
		json_end(out, l.n);
		cf_load_balancer_list_free(&l);
		return CLI_EXIT_OK;
	}
	/* Pools belong to the account, load balancers to the zone. */
	struct cf_pool_list pools = { 0 };
	acct = l.n ? lb_account(s, zid, acct) : acct;
	free(zid);
	if (l.n && !acct) {
		cf_error_set(&e, CF_ERR_INVALID_ARG,
			     "the zone's account is "
			     "not known");
		names_unavailable(errf, "lbs", "pool names", &e);
	} else if (l.n &&
		   cf_pools_list(s->client, acct, NULL, &pools, &e) != CF_OK) {
		names_unavailable(errf, "lbs", "pool names", &e);
	}
	free(acct);
	struct field_ctx ctx = { .pool_name = pool_name, .ud = &pools };
	struct table t;
	table_init_fields(&t, FIELD_RES_LB);
	for (size_t i = 0; i < l.n; i++)
		table_row_fields(&t, FIELD_RES_LB, &l.items[i], &ctx);
	cf_load_balancer_list_free(&l);
	cf_pool_list_free(&pools);
	return finish_table(out, errf, &t);
}

/* field_ctx.monitor_name over a monitor list (ud): its description, else
 * its type (and HTTP path). */
static const char *
monitor_name(const char *id, char *buf, size_t size, void *ud)
{
	const struct cf_monitor_list *l = ud;
	for (size_t i = 0; id && i < l->n; i++) {
		const struct cf_monitor *m = &l->items[i];
		if (!m->id || strcmp(m->id, id) != 0)
			continue;
		if (m->description && *m->description)
			return m->description;
		bool http = m->type && (strcmp(m->type, "http") == 0 ||
					strcmp(m->type, "https") == 0);
		snprintf(buf, size, "%s%s%s", m->type ? m->type : "?",
			 http ? " " : "", http && m->path ? m->path : "");
		return buf;
	}
	return NULL;
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
	struct cf_monitor_list mons = { 0 };
	bool any_monitor = false;
	for (size_t i = 0; i < l.n; i++)
		any_monitor |= l.items[i].monitor && *l.items[i].monitor;
	if (any_monitor &&
	    cf_monitors_list(s->client, s->account_id, &mons, &e) != CF_OK)
		names_unavailable(errf, "pools", "monitor names", &e);
	struct field_ctx ctx = { .monitor_name = monitor_name, .ud = &mons };
	struct table t;
	table_init_fields(&t, FIELD_RES_POOL);
	for (size_t i = 0; i < l.n; i++)
		table_row_fields(&t, FIELD_RES_POOL, &l.items[i], &ctx);
	cf_pool_list_free(&l);
	cf_monitor_list_free(&mons);
	return finish_table(out, errf, &t);
}

static int
ls_origins(struct session *s, const char *pool, bool json, FILE *out,
	   FILE *errf)
{
	if (!need_account(s, errf))
		return CLI_EXIT_ERROR;
	struct cf_pool_list l = { 0 };
	struct cf_error e = { 0 };
	if (cf_pools_list(s->client, s->account_id, NULL, &l, &e) != CF_OK)
		return api_error(errf, "origins", &e);
	/* An id names one pool; a name may be shared: then ask for the id. */
	const struct cf_pool *p = NULL;
	size_t named = 0;
	for (size_t i = 0; i < l.n && !p; i++)
		if (l.items[i].id && strcmp(l.items[i].id, pool) == 0)
			p = &l.items[i];
	for (size_t i = 0; i < l.n && !p; i++)
		named += l.items[i].name && strcmp(l.items[i].name, pool) == 0;
	for (size_t i = 0; i < l.n && !p && named == 1; i++)
		if (l.items[i].name && strcmp(l.items[i].name, pool) == 0)
			p = &l.items[i];
	if (!p) {
		if (named > 1)
			fprintf(errf,
				"cfconsole ls origins: %zu pools are "
				"named %s: give the pool's id (cfconsole ls "
				"pools)\n",
				named, pool);
		else
			fprintf(errf,
				"cfconsole ls origins: no pool named "
				"%s in this account\n",
				pool);
		cf_pool_list_free(&l);
		return CLI_EXIT_ERROR;
	}
	if (json) {
		for (size_t i = 0; i < p->norigins; i++)
			json_item(out, i, p->origins[i].raw);
		json_end(out, p->norigins);
		cf_pool_list_free(&l);
		return CLI_EXIT_OK;
	}
	struct table t;
	table_init_fields(&t, FIELD_RES_ORIGIN);
	for (size_t i = 0; i < p->norigins; i++)
		table_row_fields(&t, FIELD_RES_ORIGIN, &p->origins[i], NULL);
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
	struct table t;
	table_init_fields(&t, FIELD_RES_MONITOR);
	for (size_t i = 0; i < l.n; i++)
		table_row_fields(&t, FIELD_RES_MONITOR, &l.items[i], NULL);
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
	case LS_ZONES:
		rc = ls_zones(s, a.json, out, errf);
		break;
	case LS_DNS:
		rc = ls_dns(s, a.zone, a.json, out, errf);
		break;
	case LS_LBS:
		rc = ls_lbs(s, a.zone, a.json, out, errf);
		break;
	case LS_POOLS:
		rc = ls_pools(s, a.json, out, errf);
		break;
	case LS_ORIGINS:
		rc = ls_origins(s, a.zone, a.json, out, errf);
		break;
	case LS_MONITORS:
		rc = ls_monitors(s, a.json, out, errf);
		break;
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
	enum session_status st =
		session_open(opts, config_env_process, NULL, &s, &err);
	/* Zones, records and LBs are zone-scoped: no account needed. */
	if (st == SESSION_NEED_ACCOUNT && a.what != LS_POOLS &&
	    a.what != LS_ORIGINS && a.what != LS_MONITORS)
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
