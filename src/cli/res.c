/* res.c: `cfconsole dns|monitor|pool|lb get|create|update|delete|fields`: one object at a time for runbooks, with --set field=value, --from-file, --dry-run, --yes and --json, on the same field tables and edit engine as the console. */
#include "cfconsole/cli_res.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_json_edit.h"
#include "cfconsole/cf_jsonw.h"
#include "cfconsole/edit.h"
#include "cfconsole/journal.h"

static const char res_usage[] =
	"usage: cfconsole [options] dns get|update|delete ZONE RECORD [--type T]\n"
	"       cfconsole [options] dns create ZONE --set type=A --set name=www "
	"...\n"
	"       cfconsole [options] monitor|pool get|update|delete "
	"MONITOR|POOL\n"
	"       cfconsole [options] monitor|pool create --set FIELD=VALUE ...\n"
	"       cfconsole [options] lb get|update|delete ZONE LB\n"
	"       cfconsole [options] lb create ZONE --set FIELD=VALUE ...\n"
	"       cfconsole [options] dns|monitor|pool|lb fields\n"
	"  RECORD is an id or a name (relative to ZONE or absolute; --type "
	"when\n"
	"  several records share it), MONITOR an id or its description, POOL "
	"and LB\n"
	"  an id or a name. Writes take:\n"
	"    --set FIELD=VALUE   a field by its API name (see `fields`), "
	"repeatable,\n"
	"                        in order: interval=30, data.port=443,\n"
	"                        origins[gpu-b].weight=0.5, origins[+].address=..."
	",\n"
	"                        pop_pools.LAX=pool-a,pool-b (pools by name or "
	"id)\n"
	"    --from-file FILE    JSON of the object (update: only the fields it "
	"holds)\n"
	"    --dry-run           check, print the requests, send no write\n"
	"    --yes               do not ask (needed without a terminal)\n"
	"    --detach            delete: remove the object from what uses it "
	"first\n"
	"    --json              print the object (get) or the result as JSON\n"
	"    --min-interval S    monitors: the account's lowest interval "
	"(default 60)\n"
	"  Every change reads the object fresh, sends only the changed fields, "
	"reads\n"
	"  it back and verifies it, and is journaled; values are checked as in "
	"the\n"
	"  console's forms. A delete of an object in use is refused with the "
	"names\n"
	"  of what uses it.\n"
	"exit status: 0 done (or dry run, or nothing to change); 1 API, "
	"network,\n"
	"  credential or journal error, or no such object; 2 usage, unknown "
	"field,\n"
	"  bad --from-file, read-only, no --yes without a terminal; 3 refused, "
	"nothing\n"
	"  sent: an invalid value, changed since read, held by references; 4 "
	"a\n"
	"  failed change left something behind (see the journal).\n";

const char *
cli_res_usage(void)
{
	return res_usage;
}

static const struct {
	const char *cmd;
	enum field_res res;
	bool zoned;
} kinds[] = {
	{ "dns", FIELD_RES_DNS, true },
	{ "monitor", FIELD_RES_MONITOR, false },
	{ "pool", FIELD_RES_POOL, false },
	{ "lb", FIELD_RES_LB, true },
};

bool
cli_res_is_command(const char *argv0)
{
	size_t i;

	for (i = 0; argv0 && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(argv0, kinds[i].cmd))
			return true;
	return false;
}

enum verb { R_GET, R_CREATE, R_UPDATE, R_DELETE, R_FIELDS };

struct args {
	const char *cmd;
	enum field_res res;
	bool zoned;
	enum verb verb;
	const char *zone;
	const char *object;
	const char *type;
	const char **sets;
	size_t nsets;
	const char *from_file;
	char *file_text;
	int min_interval;
	bool dry_run, yes, json, detach, help;
};

static int usage_error(const struct args *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage_error(const struct args *a, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "cfconsole %s: ", a->cmd ? a->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'cfconsole %s --help'.\n",
		a->cmd ? a->cmd : "dns");
	return CLI_EXIT_USAGE;
}

/* An option's value: "--opt VALUE" or "--opt=VALUE"; NULL when missing. */
static const char *
value_of(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (!strcmp(argv[*i], name) && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static bool
is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

/* Does --set path name a writable field of res? (The value is checked
 * later, against the object.) */
static bool
known_path(enum field_res res, const char *path, size_t len)
{
	char name[160], *lb, *dot;
	const struct field *f;

	if (len >= sizeof(name))
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)len, path);
	lb = strchr(name, '[');
	if (lb) {
		char *rb = strchr(lb, ']');

		*lb = '\0';
		f = fields_find(res, name, NULL);
		return f && f->kind == FIELD_TABLE && f->rows && rb &&
		       rb[1] == '.' &&
		       fields_find(f->rows->res, rb + 2, NULL) &&
		       fields_writable(fields_find(f->rows->res, rb + 2, NULL));
	}
	f = fields_find(res, name, NULL);
	if (f)
		return fields_writable(f);
	dot = strrchr(name, '.');
	if (!dot)
		return false;
	*dot = '\0';
	f = fields_find(res, name, NULL);
	return f && f->kind == FIELD_MAP && fields_writable(f);
}

static char *
read_file(const char *path, char *why, size_t n)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, cap = 0, k;

	if (!f) {
		snprintf(why, n, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(why, n, "out of memory");
				return NULL;
			}
			buf = nb;
		}
		k = fread(buf + len, 1, 4096, f);
		len += k;
		if (k < 4096)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int
parse_args(int argc, char **argv, struct args *a)
{
	const char *pos[3];
	int npos = 0, i;
	size_t k;

	memset(a, 0, sizeof(*a));
	a->cmd = argv[0];
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (!strcmp(argv[0], kinds[k].cmd)) {
			a->res = kinds[k].res;
			a->zoned = kinds[k].zoned;
		}
	}
	a->sets = calloc((size_t)argc + 1, sizeof(char *));
	if (!a->sets)
		return usage_error(a, "out of memory");
	if (argc < 2)
		return usage_error(a, "what to do? (get, create, update, "
				      "delete, fields)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		a->help = true;
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "get"))
		a->verb = R_GET;
	else if (!strcmp(argv[1], "create"))
		a->verb = R_CREATE;
	else if (!strcmp(argv[1], "update"))
		a->verb = R_UPDATE;
	else if (!strcmp(argv[1], "delete"))
		a->verb = R_DELETE;
	else if (!strcmp(argv[1], "fields"))
		a->verb = R_FIELDS;
	else
		return usage_error(a,
				   "unknown action %s (get, create, update, "
				   "delete, fields)",
				   argv[1]);
	for (i = 2; i < argc; i++) {
		const char *arg = argv[i], *v;
		bool writes = a->verb == R_CREATE || a->verb == R_UPDATE ||
			      a->verb == R_DELETE;

		if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
			a->help = true;
			return CLI_EXIT_OK;
		} else if (writes && !strcmp(arg, "--dry-run")) {
			a->dry_run = true;
		} else if (writes &&
			   (!strcmp(arg, "--yes") || !strcmp(arg, "-y"))) {
			a->yes = true;
		} else if (a->verb == R_DELETE && !strcmp(arg, "--detach")) {
			a->detach = true;
		} else if (a->verb != R_FIELDS && !strcmp(arg, "--json")) {
			a->json = true;
		} else if (a->res == FIELD_RES_DNS && a->verb != R_CREATE &&
			   a->verb != R_FIELDS && is_opt(arg, "--type")) {
			a->type = value_of(argc, argv, &i, "--type");
			if (!a->type || !*a->type)
				return usage_error(a, "--type needs a record "
						      "type");
		} else if ((a->verb == R_CREATE || a->verb == R_UPDATE) &&
			   is_opt(arg, "--set")) {
			const char *eq;

			v = value_of(argc, argv, &i, "--set");
			eq = v ? strchr(v, '=') : NULL;
			if (!eq || eq == v)
				return usage_error(a,
						   "--set needs FIELD=VALUE");
			if (!known_path(a->res, v, (size_t)(eq - v)))
				return usage_error(
					a,
					"%s has no field %.*s (cfconsole %s "
					"fields lists them)",
					fields_table(a->res)->title,
					(int)(eq - v), v, a->cmd);
			a->sets[a->nsets++] = v;
		} else if (a->res == FIELD_RES_MONITOR &&
			   (a->verb == R_CREATE || a->verb == R_UPDATE) &&
			   is_opt(arg, "--min-interval")) {
			char *end = NULL;
			long n;

			v = value_of(argc, argv, &i, "--min-interval");
			errno = 0;
			n = v ? strtol(v, &end, 10) : 0;
			if (!v || errno || !end || *end || n < 1 || n > 3600)
				return usage_error(a, "--min-interval needs "
						      "seconds from 1 to 3600");
			a->min_interval = (int)n;
		} else if ((a->verb == R_CREATE || a->verb == R_UPDATE) &&
			   is_opt(arg, "--from-file")) {
			a->from_file = value_of(argc, argv, &i, "--from-file");
			if (!a->from_file || !*a->from_file)
				return usage_error(a,
						   "--from-file needs a file");
		} else if (arg[0] == '-' && arg[1]) {
			return usage_error(a, "unknown option %s", arg);
		} else if (npos < 2) {
			pos[npos++] = arg;
		} else {
			return usage_error(a, "unexpected argument %s", arg);
		}
	}
	if (a->verb == R_FIELDS) {
		if (npos)
			return usage_error(a, "fields takes no argument");
		return CLI_EXIT_OK;
	}
	if (a->zoned) {
		if (npos < 1)
			return usage_error(a, "which zone? (a name or id)");
		a->zone = pos[0];
		if (npos > 1)
			a->object = pos[1];
	} else if (npos) {
		a->object = pos[0];
		if (npos > 1)
			return usage_error(a, "unexpected argument %s", pos[1]);
	}
	if (a->verb == R_CREATE && a->object)
		return usage_error(a,
				   "create takes no %s: give its fields "
				   "with --set",
				   fields_table(a->res)->title);
	if (a->verb != R_CREATE && !a->object)
		return usage_error(a, "which %s? (an id or a name)",
				   fields_table(a->res)->title);
	if ((a->verb == R_CREATE || a->verb == R_UPDATE) && !a->nsets &&
	    !a->from_file)
		return usage_error(a, "nothing to set: give --set FIELD=VALUE "
				      "or --from-file FILE");
	if (a->from_file) {
		char why[512];
		size_t line, col;

		a->file_text = read_file(a->from_file, why, sizeof(why));
		if (!a->file_text)
			return usage_error(a, "%s", why);
		if (cf_json_error_at(a->file_text, &line, &col))
			return usage_error(a,
					   "%s: line %zu, column %zu: this is "
					   "not valid JSON",
					   a->from_file, line, col);
		if (cf_json_type(a->file_text) != CF_JSON_OBJECT)
			return usage_error(a, "%s: not a JSON object",
					   a->from_file);
	}
	return CLI_EXIT_OK;
}

/* ---- `fields` ------------------------------------------------------------ */

static const char *const kind_names[] = {
	"text", "number", "on/off", "choice", "table", "list", "map",
};

static void
print_fields(enum field_res res, const char *prefix, FILE *out)
{
	const struct field_table *t = fields_table(res);
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		char name[160];

		if (!fields_writable(f))
			continue;
		snprintf(name, sizeof(name), "%s%s", prefix, f->name);
		fprintf(out, "%-40s %-7s %s%s%s%s\n", name, kind_names[f->kind],
			f->hint ? f->hint : "", f->types ? " [" : "",
			f->types ? f->types + 1 : "", f->types ? "]" : "");
		if (f->kind == FIELD_TABLE && f->rows)
			print_fields(f->rows->res, "origins[NAME].", out);
	}
}

/* ---- the session and the objects ----------------------------------------- */

struct run {
	struct args *a;
	struct session *s;
	char *zone_id, *zone_name;
	struct cf_pool_list pools;
	struct cf_monitor_list monitors;
	struct field_ctx ctx;
	struct edit_target t;
};

static const char *
ctx_pool_name(const char *id, void *ud)
{
	const struct run *r = ud;
	size_t i;

	for (i = 0; id && i < r->pools.n; i++)
		if (r->pools.items[i].id && !strcmp(r->pools.items[i].id, id))
			return r->pools.items[i].name;
	return NULL;
}

static const char *
ctx_pool_id(const char *name, void *ud)
{
	const struct run *r = ud;
	const char *found = NULL;
	size_t i, n = 0;

	for (i = 0; name && i < r->pools.n; i++)
		if (r->pools.items[i].name &&
		    !strcmp(r->pools.items[i].name, name)) {
			found = r->pools.items[i].id;
			n++;
		}
	return n == 1 ? found : NULL;
}

static const char *
ctx_monitor_name(const char *id, char *buf, size_t size, void *ud)
{
	const struct run *r = ud;
	size_t i;

	for (i = 0; id && i < r->monitors.n; i++) {
		const struct cf_monitor *m = &r->monitors.items[i];

		if (!m->id || strcmp(m->id, id))
			continue;
		if (m->description && *m->description)
			snprintf(buf, size, "%s", m->description);
		else
			snprintf(buf, size, "%s %s", m->type ? m->type : "?",
				 m->path ? m->path : "");
		return buf;
	}
	return NULL;
}

static const char *
ctx_used_by(enum field_res res, const char *id, char *buf, size_t size,
	    void *ud)
{
	const struct run *r = ud;
	size_t i, len = 0, used = 0;

	if (res != FIELD_RES_MONITOR || !size)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < r->pools.n && len + 1 < size; i++) {
		const struct cf_pool *p = &r->pools.items[i];
		int k;

		if (!p->monitor || strcmp(p->monitor, id))
			continue;
		k = snprintf(buf + len, size - len, "%s%s", used++ ? ", " : "",
			     p->name ? p->name : p->id);
		if (k > 0)
			len += (size_t)k;
	}
	return used ? buf : NULL;
}

static bool
is_hex_id(const char *s)
{
	size_t i;

	if (strlen(s) != 32)
		return false;
	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static int
api_error(const struct run *r, const char *what, struct cf_error *e)
{
	char d[512];

	fprintf(stderr, "cfconsole %s: %s: %s\n", r->a->cmd, what,
		cf_error_format(e, d, sizeof(d)));
	cf_error_clear(e);
	return CLI_EXIT_ERROR;
}

static int
find_zone(struct run *r)
{
	struct cf_zone_list zl = { 0 };
	struct cf_error e = { 0 };
	char name[256];
	size_t i, n;

	if (is_hex_id(r->a->zone)) {
		struct cf_zone z = { 0 };

		if (cf_zone_get(r->s->client, r->a->zone, &z, &e) != CF_OK)
			return api_error(r, "zone", &e);
		r->zone_id = strdup(r->a->zone);
		r->zone_name = z.name ? strdup(z.name) : NULL;
		cf_zone_free(&z);
		return CLI_EXIT_OK;
	}
	snprintf(name, sizeof(name), "%s", r->a->zone);
	n = strlen(name);
	if (n && name[n - 1] == '.')
		name[n - 1] = '\0';
	if (cf_zones_list(r->s->client, r->s->account_id, name, &zl, &e) !=
	    CF_OK)
		return api_error(r, "looking up the zone", &e);
	for (i = 0; i < zl.n && !r->zone_id; i++) {
		if (zl.items[i].name && !strcasecmp(zl.items[i].name, name)) {
			r->zone_id = strdup(zl.items[i].id);
			r->zone_name = strdup(zl.items[i].name);
		}
	}
	cf_zone_list_free(&zl);
	if (!r->zone_id) {
		fprintf(stderr,
			"cfconsole %s: no zone named %s in this "
			"account\n",
			r->a->cmd, name);
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

/* The object named by r->a->object, fresh from the API, into *out (a
 * malloc'd model). CLI_EXIT_OK, or the exit status after a message. */
static int
find_object(struct run *r, void **out)
{
	const struct field_table *t = fields_table(r->a->res);
	const char *want = r->a->object;
	struct cf_error e = { 0 };
	char full[512];
	void *obj = calloc(1, t->size);
	size_t i, n = 0;
	enum cf_status st = CF_OK;
	bool by_id = is_hex_id(want);

	*out = NULL;
	if (!obj)
		return CLI_EXIT_ERROR;
	/* A relative name is inside the zone. */
	snprintf(full, sizeof(full), "%s", want);
	if (r->zone_name && !strchr(want, '.') && strcmp(want, "@"))
		snprintf(full, sizeof(full), "%s.%s", want, r->zone_name);
	else if (r->zone_name && !strcmp(want, "@"))
		snprintf(full, sizeof(full), "%s", r->zone_name);
	switch (r->a->res) {
	case FIELD_RES_DNS:
		if (by_id) {
			st = cf_dns_get(r->s->client, r->zone_id, want, obj,
					&e);
			n = st == CF_OK;
		} else {
			struct cf_dns_filter f = { .name = full,
						   .type = r->a->type };
			struct cf_dns_record_list l = { 0 };

			st = cf_dns_list(r->s->client, r->zone_id, &f, &l, &e);
			n = l.n;
			if (st == CF_OK && n == 1)
				st = cf_dns_record_copy(obj, &l.items[0]);
			cf_dns_record_list_free(&l);
		}
		break;
	case FIELD_RES_MONITOR:
		for (i = 0; i < r->monitors.n; i++) {
			const struct cf_monitor *m = &r->monitors.items[i];

			if ((m->id && !strcmp(m->id, want)) ||
			    (!by_id && m->description &&
			     !strcmp(m->description, want))) {
				if (!n++)
					st = cf_monitor_copy(obj, m);
			}
		}
		break;
	case FIELD_RES_POOL:
		for (i = 0; i < r->pools.n; i++) {
			const struct cf_pool *p = &r->pools.items[i];

			if ((p->id && !strcmp(p->id, want)) ||
			    (!by_id && p->name && !strcmp(p->name, want))) {
				if (!n++)
					st = cf_pool_copy(obj, p);
			}
		}
		break;
	case FIELD_RES_LB: {
		struct cf_load_balancer_list l = { 0 };

		st = cf_lbs_list(r->s->client, r->zone_id, &l, &e);
		for (i = 0; st == CF_OK && i < l.n; i++) {
			const struct cf_load_balancer *lb = &l.items[i];

			if ((lb->id && !strcmp(lb->id, want)) ||
			    (lb->name && !strcasecmp(lb->name, full))) {
				if (!n++)
					st = cf_load_balancer_copy(obj, lb);
			}
		}
		cf_load_balancer_list_free(&l);
		break;
	}
	default:
		break;
	}
	if (st != CF_OK && e.status != CF_ERR_NOT_FOUND) {
		if (n > 0)
			t->free(obj);
		free(obj);
		return e.status != CF_OK ? api_error(r, t->title, &e)
					 : CLI_EXIT_ERROR;
	}
	cf_error_clear(&e);
	if (n == 0 || st != CF_OK) {
		free(obj);
		fprintf(stderr, "cfconsole %s: no %s %s%s%s\n", r->a->cmd,
			t->title, full, r->a->type ? " of type " : "",
			r->a->type ? r->a->type : "");
		return CLI_EXIT_ERROR;
	}
	if (n > 1) {
		t->free(obj);
		free(obj);
		fprintf(stderr,
			"cfconsole %s: %zu %ss are called %s: give "
			"the id%s\n",
			r->a->cmd, n, t->title, full,
			r->a->res == FIELD_RES_DNS ? " or --type" : "");
		return CLI_EXIT_USAGE;
	}
	*out = obj;
	return CLI_EXIT_OK;
}

/* The API's own text of obj (every field, as it came), or NULL. */
static const char *
obj_raw(enum field_res res, const void *obj)
{
	switch (res) {
	case FIELD_RES_DNS:
		return ((const struct cf_dns_record *)obj)->raw;
	case FIELD_RES_MONITOR:
		return ((const struct cf_monitor *)obj)->raw;
	case FIELD_RES_POOL:
		return ((const struct cf_pool *)obj)->raw;
	case FIELD_RES_LB:
		return ((const struct cf_load_balancer *)obj)->raw;
	default:
		return NULL;
	}
}

static void
obj_free(enum field_res res, void *obj)
{
	if (obj) {
		fields_table(res)->free(obj);
		free(obj);
	}
}

/* ---- output -------------------------------------------------------------- */

static void
emit_line(const char *key, const char *value, void *ud)
{
	fprintf(ud, "%-22s %s\n", key, value ? value : "-");
}

static int
cmd_get(struct run *r, FILE *out)
{
	const struct field_table *t = fields_table(r->a->res);
	struct field_out fo = { .emit = emit_line, .ud = out };
	void *obj;
	int rc = find_object(r, &obj);
	char *raw;

	if (rc != CLI_EXIT_OK)
		return rc;
	if (r->a->json) {
		raw = obj_raw(r->a->res, obj) ? NULL : t->encode(obj, t->all);
		fprintf(out, "%s\n", raw ? raw : obj_raw(r->a->res, obj));
		free(raw);
	} else {
		fields_detail(r->a->res, obj, &r->ctx, &fo);
	}
	obj_free(r->a->res, obj);
	return CLI_EXIT_OK;
}

static int
exit_for(enum edit_outcome o)
{
	switch (o) {
	case EDIT_DONE:
	case EDIT_NOOP:
	case EDIT_DRY_RUN:
		return CLI_EXIT_OK;
	case EDIT_INVALID:
	case EDIT_CONFLICT:
	case EDIT_HELD:
		return CLI_EXIT_REFUSED;
	case EDIT_LEFT:
		return CLI_EXIT_LEFT;
	case EDIT_NOT_FOUND:
	case EDIT_FAILED:
		break;
	}
	return CLI_EXIT_ERROR;
}

static void
print_result(const struct run *r, const struct edit_result *er, FILE *out)
{
	if (r->a->json) {
		struct cf_jsonw *o = cf_jsonw_new_object();
		char *text;

		if (!o)
			return;
		cf_jsonw_add_str(o, "outcome", edit_outcome_name(er->outcome));
		cf_jsonw_add_str(o, "message", er->message);
		cf_jsonw_add_str(o, "id", er->id);
		cf_jsonw_add_str(o, "diff", er->diff);
		if (er->changed)
			cf_jsonw_add_str(o, "changed", er->changed);
		if (er->outcome == EDIT_DRY_RUN)
			cf_jsonw_add_str(o, "requests", er->requests);
		text = cf_jsonw_print(o, true);
		if (text)
			fprintf(out, "%s\n", text);
		free(text);
		cf_jsonw_free(o);
		return;
	}
	if (er->outcome == EDIT_DRY_RUN) {
		fprintf(out, "%s\n\n%s", er->message,
			er->requests ? er->requests : "");
		return;
	}
	if (exit_for(er->outcome) == CLI_EXIT_OK)
		fprintf(out, "%s\n", er->message);
	else
		fprintf(stderr, "cfconsole %s: %s\n", r->a->cmd, er->message);
}

static void
progress(const struct pe_event *ev, void *ud)
{
	(void)ud;
	/* Steps go to stderr: stdout carries the result (--json). */
	fprintf(stderr, "%s\n", ev->line);
}

/* Asks on the terminal (false without one). */
static bool
confirm(const char *question)
{
	char line[32];

	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* Applies --from-file and every --set to obj; CLI_EXIT_OK or the exit
 * status after a message. */
static int
apply_sets(struct run *r, void *obj, bool whole_file)
{
	const struct field_table *t = fields_table(r->a->res);
	char why[VALID_WHY_MAX];
	size_t i;

	if (r->a->file_text) {
		struct cf_error e = { 0 };
		char *merged = NULL;
		const char *text = r->a->file_text;
		const char *raw = NULL;

		if (!whole_file) {
			/* An update's file holds the fields it changes. */
			raw = obj_raw(r->a->res, obj);
			merged = raw ? cf_json_merge(raw, text) : NULL;
			if (raw && !merged) {
				fprintf(stderr, "cfconsole %s: out of memory\n",
					r->a->cmd);
				return CLI_EXIT_ERROR;
			}
			if (merged)
				text = merged;
		}
		t->free(obj);
		if (t->decode(text, obj, &e) != CF_OK) {
			free(merged);
			fprintf(stderr, "cfconsole %s: %s: not a %s: %s\n",
				r->a->cmd, r->a->from_file, t->title,
				e.detail ? e.detail
					 : "a field has the wrong type");
			cf_error_clear(&e);
			t->init(obj);
			return CLI_EXIT_USAGE;
		}
		free(merged);
	}
	for (i = 0; i < r->a->nsets; i++) {
		const char *eq = strchr(r->a->sets[i], '=');
		char path[200];

		snprintf(path, sizeof(path), "%.*s", (int)(eq - r->a->sets[i]),
			 r->a->sets[i]);
		if (!fields_set_path(r->a->res, obj, path, eq + 1, &r->ctx, why,
				     sizeof(why))) {
			fprintf(stderr,
				"cfconsole %s: --set %s: %s; nothing "
				"was sent\n",
				r->a->cmd, r->a->sets[i], why);
			return CLI_EXIT_REFUSED;
		}
	}
	return CLI_EXIT_OK;
}

static int
cmd_write(struct run *r, FILE *out)
{
	const struct field_table *t = fields_table(r->a->res);
	struct edit_options o = { .dry_run = r->a->dry_run,
				  .detach = r->a->detach,
				  .ctx = &r->ctx,
				  .progress = progress };
	struct edit_result er = { 0 };
	struct journal *j = NULL;
	void *seen = NULL, *obj = NULL;
	char q[700], what[400], jmsg[512] = "", *diff = NULL;
	unsigned mask = 0;
	int rc = CLI_EXIT_OK;

	if (r->a->verb == R_CREATE) {
		obj = calloc(1, t->size);
		if (!obj)
			return CLI_EXIT_ERROR;
		t->init(obj);
		if (r->a->res == FIELD_RES_DNS) {
			char why[VALID_WHY_MAX];

			fields_set(fields_find(FIELD_RES_DNS, "type", NULL),
				   obj, "A", &r->ctx, why, sizeof(why));
		}
		rc = apply_sets(r, obj, true);
		snprintf(what, sizeof(what), "create %s %s", t->title,
			 t->label(obj));
	} else {
		rc = find_object(r, &seen);
		if (rc == CLI_EXIT_OK && r->a->verb == R_UPDATE) {
			obj = calloc(1, t->size);
			if (!obj || t->copy(obj, seen) != CF_OK)
				rc = CLI_EXIT_ERROR;
			else
				rc = apply_sets(r, obj, false);
			if (rc == CLI_EXIT_OK &&
			    fields_diff(r->a->res, seen, obj, &mask, &diff) &&
			    !mask) {
				fprintf(out, "%s %s: nothing to change\n",
					t->title, t->label(seen));
				goto out;
			}
		}
		if (seen)
			snprintf(what, sizeof(what), "%s %s %s",
				 r->a->verb == R_UPDATE ? "change" : "delete",
				 t->title, t->label(seen));
	}
	if (rc != CLI_EXIT_OK)
		goto out;
	if (!r->a->dry_run) {
		if (r->s->readonly) {
			fprintf(stderr,
				"cfconsole %s: read-only: refusing to "
				"change anything\n",
				r->a->cmd);
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		if (!r->a->yes) {
			if (!isatty(STDIN_FILENO)) {
				fprintf(stderr,
					"cfconsole %s: not a terminal: "
					"add --yes to %s without "
					"asking\n",
					r->a->cmd, what);
				rc = CLI_EXIT_USAGE;
				goto out;
			}
			if (diff)
				fprintf(stderr, "%s\n", diff);
			snprintf(q, sizeof(q), "%s?", what);
			if (!confirm(q)) {
				fprintf(stderr, "cfconsole %s: nothing done\n",
					r->a->cmd);
				goto out;
			}
		}
		j = journal_open(NULL,
				 r->s->profile ? r->s->profile->name : NULL,
				 r->s->account_id, jmsg, sizeof(jmsg));
		if (!j) {
			fprintf(stderr,
				"cfconsole %s: journal: %s; nothing "
				"changed without an audit trail\n",
				r->a->cmd, jmsg);
			rc = CLI_EXIT_ERROR;
			goto out;
		}
		o.journal = j;
	}
	switch (r->a->verb) {
	case R_CREATE:
		edit_create(r->s->client, &r->t, obj, &o, &er);
		break;
	case R_UPDATE:
		edit_update(r->s->client, &r->t, seen, obj, &o, &er);
		break;
	default:
		edit_delete(r->s->client, &r->t, seen, &o, &er);
		break;
	}
	print_result(r, &er, out);
	rc = exit_for(er.outcome);
	edit_result_free(&er);
out:
	journal_free(j);
	free(diff);
	obj_free(r->a->res, seen);
	obj_free(r->a->res, obj);
	return rc;
}

/* ---- entry --------------------------------------------------------------- */

static int
run(const struct app_options *opts, struct args *a)
{
	struct config_error err = { 0 };
	struct cf_error e = { 0 };
	struct run r = { .a = a };
	enum session_status st;
	int rc;

	st = session_open(opts, config_env_process, NULL, &r.s, &err);
	/* Records need a zone only; the rest lives in an account. */
	if (st == SESSION_NEED_ACCOUNT && a->res == FIELD_RES_DNS)
		st = SESSION_OK;
	if (st != SESSION_OK) {
		fprintf(stderr, "cfconsole: %s\n", err.msg);
		session_free(r.s);
		return st == SESSION_ERR_CONFIG || st == SESSION_NEED_ACCOUNT
			       ? CLI_EXIT_USAGE
			       : CLI_EXIT_ERROR;
	}
	if (opts->readonly)
		r.s->readonly = true;
	r.ctx.ud = &r;
	r.ctx.pool_name = ctx_pool_name;
	r.ctx.pool_id = ctx_pool_id;
	r.ctx.monitor_name = ctx_monitor_name;
	r.ctx.used_by = ctx_used_by;
	r.ctx.min_interval = a->min_interval;
	rc = a->zoned ? find_zone(&r) : CLI_EXIT_OK;
	r.ctx.zone = r.zone_name;
	/* Pools (and monitors) give names for ids, and ids for names. */
	if (rc == CLI_EXIT_OK && r.s->account_id && a->res != FIELD_RES_DNS &&
	    cf_pools_list(r.s->client, r.s->account_id, NULL, &r.pools, &e) !=
		    CF_OK)
		rc = api_error(&r, "listing the pools", &e);
	if (rc == CLI_EXIT_OK && r.s->account_id &&
	    (a->res == FIELD_RES_MONITOR || a->res == FIELD_RES_POOL) &&
	    cf_monitors_list(r.s->client, r.s->account_id, &r.monitors, &e) !=
		    CF_OK)
		rc = api_error(&r, "listing the monitors", &e);
	r.t.res = a->res;
	r.t.account_id = r.s->account_id;
	r.t.zone_id = r.zone_id;
	r.t.zone_name = r.zone_name;
	if (rc == CLI_EXIT_OK)
		rc = a->verb == R_GET ? cmd_get(&r, stdout)
				      : cmd_write(&r, stdout);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "cfconsole %s: cannot write the output\n",
			a->cmd);
		rc = CLI_EXIT_ERROR;
	}
	cf_pool_list_free(&r.pools);
	cf_monitor_list_free(&r.monitors);
	free(r.zone_id);
	free(r.zone_name);
	session_free(r.s);
	return rc;
}

int
cli_res_run(const struct app_options *opts, int argc, char **argv)
{
	struct args a;
	int rc;

	if (argc < 1 || !cli_res_is_command(argv[0]))
		return CLI_EXIT_USAGE;
	rc = parse_args(argc, argv, &a);
	if (rc == CLI_EXIT_OK && a.help)
		fputs(res_usage, stdout);
	else if (rc == CLI_EXIT_OK && a.verb == R_FIELDS)
		print_fields(a.res, "", stdout);
	else if (rc == CLI_EXIT_OK)
		rc = run(opts, &a);
	free(a.sets);
	free(a.file_text);
	return rc;
}
