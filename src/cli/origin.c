/* origin.c: `cfconsole origin disable|enable|weight POOL ORIGIN` - the safe toggle, headless - and the on-call command dispatcher. */
#include "cfconsole/cli_oncall.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_jsonw.h"
#include "cfconsole/journal.h"
#include "cfconsole/toggle.h"

static const char origin_usage[] =
	"usage: cfconsole [options] origin disable|enable POOL ORIGIN "
	"[--yes] [--dry-run] [--json]\n"
	"       cfconsole [options] origin weight POOL ORIGIN WEIGHT [--yes] "
	"[--dry-run] [--json]\n"
	"  POOL is a pool name or id; ORIGIN an origin name or address.\n"
	"  The pool is read fresh, only that origin is changed, and the pool\n"
	"  is read again to verify. A change that would leave the pool below\n"
	"  minimum_origins or without a healthy origin needs --yes.\n"
	"  Every change is written to the journal. Writers of this program on\n"
	"  one machine take turns per pool (a lock); see cfconsole(1) for what\n"
	"  is and is not guaranteed against writers elsewhere.\n"
	"  --dry-run  read fresh, print the blast radius and the PATCH that\n"
	"             would be sent; send nothing\n"
	"  --json     print the result as one JSON object on stdout\n"
	"exit status (one table for every subcommand, cfconsole(1)): 0 done,\n"
	"  already so, or (dry run) would be sent; 1 API/network error,\n"
	"  nothing changed; 2 usage, unknown pool or origin, journal\n"
	"  unusable, needs --yes, or read-only; 3 conflict (the pool\n"
	"  changed, or another cfconsole kept it locked; nothing written);\n"
	"  5 sent but not verified, undone by someone else, or maybe partly\n"
	"  applied: check the pool.\n";

const char *
cli_origin_usage(void)
{
	return origin_usage;
}

struct origin_args {
	enum toggle_op op;
	const char *pool;
	const char *origin;
	double weight;
	bool yes;
	bool help;
	bool json;
	bool dry_run;
};

static int
parse_args(int argc, char **argv, struct origin_args *a, FILE *errf)
{
	const char *pos[4];
	size_t npos = 0;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 ||
		    strcmp(argv[i], "-y") == 0) {
			a->yes = true;
		} else if (strcmp(argv[i], "--json") == 0) {
			a->json = true;
		} else if (strcmp(argv[i], "--dry-run") == 0) {
			a->dry_run = true;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			a->help = true;
			return CLI_EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0' &&
			   strcmp(argv[i], "--") != 0) {
			fprintf(errf, "cfconsole origin: unknown option %s\n%s",
				argv[i], origin_usage);
			return CLI_EXIT_USAGE;
		} else if (strcmp(argv[i], "--") != 0) {
			if (npos == 4) {
				fprintf(errf,
					"cfconsole origin: too many "
					"arguments\n%s",
					origin_usage);
				return CLI_EXIT_USAGE;
			}
			pos[npos++] = argv[i];
		}
	}
	if (npos < 1) {
		fprintf(errf, "cfconsole origin: what to do?\n%s",
			origin_usage);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(pos[0], "disable") == 0)
		a->op = TOGGLE_OP_DISABLE;
	else if (strcmp(pos[0], "enable") == 0)
		a->op = TOGGLE_OP_ENABLE;
	else if (strcmp(pos[0], "weight") == 0)
		a->op = TOGGLE_OP_WEIGHT;
	else {
		fprintf(errf,
			"cfconsole origin: unknown action %s (disable, "
			"enable or weight)\n",
			pos[0]);
		return CLI_EXIT_USAGE;
	}
	if (npos != (a->op == TOGGLE_OP_WEIGHT ? 4u : 3u)) {
		fprintf(errf,
			"cfconsole origin %s: wrong number of arguments\n%s",
			pos[0], origin_usage);
		return CLI_EXIT_USAGE;
	}
	a->pool = pos[1];
	a->origin = pos[2];
	if (!*a->pool || !*a->origin) {
		fprintf(errf, "cfconsole origin: empty pool or origin name\n");
		return CLI_EXIT_USAGE;
	}
	if (a->op == TOGGLE_OP_WEIGHT) {
		char *end = NULL;

		errno = 0;
		a->weight = strtod(pos[3], &end);
		if (errno || !end || *end || end == pos[3] ||
		    !isfinite(a->weight) || a->weight < 0 || a->weight > 1) {
			fprintf(errf,
				"cfconsole origin weight: %s is not a weight "
				"from 0 to 1\n",
				pos[3]);
			return CLI_EXIT_USAGE;
		}
	}
	return CLI_EXIT_OK;
}

int
cli_origin_check(int argc, char **argv, FILE *errf)
{
	struct origin_args a;

	return parse_args(argc, argv, &a, errf);
}

/* Finds a pool by id, then by name, in the account's pool list. */
static int
find_pool(const struct cf_pool_list *l, const char *id_or_name)
{
	size_t i;
	int found = -1;

	for (i = 0; i < l->n; i++)
		if (l->items[i].id && strcmp(l->items[i].id, id_or_name) == 0)
			return (int)i;
	for (i = 0; i < l->n; i++) {
		if (l->items[i].name &&
		    strcmp(l->items[i].name, id_or_name) == 0) {
			if (found >= 0)
				return -2;
			found = (int)i;
		}
	}
	return found;
}

static int
exit_for(const struct toggle_result *r)
{
	switch (r->outcome) {
	case TOGGLE_DONE:
	case TOGGLE_NOOP:
		return CLI_EXIT_OK;
	case TOGGLE_CONFLICT:
		return CLI_EXIT_REFUSED;
	case TOGGLE_NEEDS_CONFIRM:
		return CLI_EXIT_USAGE;
	case TOGGLE_NOT_FOUND:
	case TOGGLE_INVALID:
		return CLI_EXIT_USAGE;
	case TOGGLE_READ_FAILED:
		return CLI_EXIT_ERROR;
	case TOGGLE_WRITE_FAILED:
		return r->applied == 0 ? CLI_EXIT_ERROR : CLI_EXIT_UNVERIFIED;
	case TOGGLE_VERIFY_FAILED:
		return CLI_EXIT_UNVERIFIED;
	}
	return CLI_EXIT_ERROR;
}

/* ---- --json ------------------------------------------------------------- */

static const char *
action_of(enum toggle_op op)
{
	switch (op) {
	case TOGGLE_OP_DISABLE:
		return "disable";
	case TOGGLE_OP_ENABLE:
		return "enable";
	case TOGGLE_OP_WEIGHT:
		return "weight";
	case TOGGLE_OP_EDIT:
		return "edit";
	}
	return "?";
}

/* The origin `name` of pool p as a JSON object, or null. */
static struct cf_jsonw *
origin_json(const struct cf_pool *p, const char *name)
{
	int i = p && p->id ? toggle_find_origin(p, name) : -1;
	struct cf_jsonw *o;

	if (i < 0)
		return NULL;
	o = cf_jsonw_new_object();
	if (!cf_jsonw_add_str(o, "name", p->origins[i].name) ||
	    !cf_jsonw_add_str(o, "address", p->origins[i].address) ||
	    !cf_jsonw_add_bool(o, "enabled", p->origins[i].enabled) ||
	    !cf_jsonw_add_num(o, "weight", p->origins[i].weight)) {
		cf_jsonw_free(o);
		return NULL;
	}
	return o;
}

static bool
add_origin(struct cf_jsonw *w, const char *key, const struct cf_pool *p,
	   const char *name)
{
	struct cf_jsonw *o = origin_json(p, name);

	return o ? cf_jsonw_add(w, key, o) : cf_jsonw_add_null(w, key);
}

static struct cf_jsonw *
blast_json(const struct toggle_blast *b)
{
	struct cf_jsonw *o = cf_jsonw_new_object(), *lbs = cf_jsonw_new_array();
	bool ok = o && lbs;
	size_t i;

	ok = ok && cf_jsonw_add_num(o, "minimum_origins", b->minimum_origins) &&
	     cf_jsonw_add_bool(o, "health_known", b->health_known) &&
	     cf_jsonw_add_num(o, "enabled_before", (double)b->enabled_before) &&
	     cf_jsonw_add_num(o, "enabled_after", (double)b->enabled_after) &&
	     cf_jsonw_add_num(o, "healthy_before", (double)b->healthy_before) &&
	     cf_jsonw_add_num(o, "healthy_after", (double)b->healthy_after) &&
	     cf_jsonw_add_num(o, "unknown_after", (double)b->unknown_after) &&
	     cf_jsonw_add_bool(o, "below_minimum", b->below_minimum) &&
	     cf_jsonw_add_bool(o, "zero_healthy", b->zero_healthy) &&
	     cf_jsonw_add_bool(o, "needs_confirm", b->needs_confirm);
	for (i = 0; ok && i < b->nlbs; i++) {
		const struct toggle_lb_impact *im = &b->lbs[i];
		struct cf_jsonw *l = cf_jsonw_new_object();

		ok = l && cf_jsonw_add_str(l, "id", im->lb_id) &&
		     cf_jsonw_add_str(l, "name", im->lb_name) &&
		     (im->details_known
			      ? cf_jsonw_add_bool(l, "is_fallback",
						  im->is_fallback)
			      : cf_jsonw_add_null(l, "is_fallback")) &&
		     cf_jsonw_add_str(l, "failover_to", im->failover_to);
		ok = cf_jsonw_add(lbs, NULL, l) && ok;
	}
	ok = ok && cf_jsonw_add(o, "load_balancers", lbs);
	lbs = NULL;
	ok = ok && cf_jsonw_add_str(o, "summary", b->summary);
	cf_jsonw_free(lbs);
	if (!ok) {
		cf_jsonw_free(o);
		return NULL;
	}
	return o;
}

/*
 * Prints the result as one JSON object: outcome, whether the change is on
 * the server, the blast radius, the origin before and after, the request
 * sent (or that a dry run would send) and the message. res may be NULL
 * (a failure before the toggle ran: outcome and message only).
 */
static void
print_json(FILE *out, const struct origin_args *a, const char *outcome, int rc,
	   const char *message, const struct toggle_result *res)
{
	struct cf_jsonw *o = cf_jsonw_new_object(), *rq = NULL, *b = NULL;
	bool ok;
	char *text;

	ok = o && cf_jsonw_add_str(o, "outcome", outcome) &&
	     cf_jsonw_add_num(o, "exit", rc) &&
	     cf_jsonw_add_bool(o, "dry_run", a->dry_run) &&
	     cf_jsonw_add_str(o, "action", action_of(a->op)) &&
	     cf_jsonw_add_str(o, "origin", a->origin);
	if (ok && a->op == TOGGLE_OP_WEIGHT)
		ok = cf_jsonw_add_num(o, "weight", a->weight);
	if (ok && res && res->before.id) {
		struct cf_jsonw *p = cf_jsonw_new_object();

		ok = p && cf_jsonw_add_str(p, "id", res->before.id) &&
		     cf_jsonw_add_str(p, "name", res->before.name);
		ok = cf_jsonw_add(o, "pool", p) && ok;
	} else if (ok) {
		ok = cf_jsonw_add_null(o, "pool");
	}
	/* applied: true on the server, false not, null unknown. */
	if (ok)
		ok = !res		? cf_jsonw_add_bool(o, "applied", false)
		     : res->applied < 0 ? cf_jsonw_add_null(o, "applied")
					: cf_jsonw_add_bool(o, "applied",
							    res->applied > 0);
	if (ok && res && res->blast.summary) {
		b = blast_json(&res->blast);
		ok = b && cf_jsonw_add(o, "blast_radius", b);
	} else if (ok) {
		ok = cf_jsonw_add_null(o, "blast_radius");
	}
	ok = ok &&
	     add_origin(o, "before", res ? &res->before : NULL, a->origin) &&
	     add_origin(o, "after", res ? &res->after : NULL, a->origin);
	if (ok && res && res->request_body) {
		rq = cf_jsonw_new_object();
		ok = rq &&
		     cf_jsonw_add_str(rq, "method", res->request_method) &&
		     cf_jsonw_add_str(rq, "path", res->request_path) &&
		     cf_jsonw_add_json(rq, "body", res->request_body);
		ok = cf_jsonw_add(o, "request", rq) && ok;
	} else if (ok) {
		ok = cf_jsonw_add_null(o, "request");
	}
	ok = ok && cf_jsonw_add_str(o, "diff", res ? res->diff : NULL) &&
	     cf_jsonw_add_num(o, "attempts", res ? res->attempts : 0) &&
	     cf_jsonw_add_str(o, "message", message);
	text = ok ? cf_jsonw_print(o, true) : NULL;
	if (text)
		fprintf(out, "%s\n", text);
	else
		fprintf(out, "{\"outcome\": \"%s\", \"exit\": %d}\n", outcome,
			rc);
	free(text);
	cf_jsonw_free(o);
}

/* A failure before the toggle ran: a line on errf, or JSON on out. */
static int
early_failure(const struct origin_args *a, FILE *out, FILE *errf, int rc,
	      const char *outcome, const char *message)
{
	if (a->json)
		print_json(out, a, outcome, rc, message, NULL);
	else
		fprintf(errf, "cfconsole origin: %s\n", message);
	return rc;
}

int
cli_origin(struct session *s, struct journal *j, int argc, char **argv,
	   FILE *out, FILE *errf)
{
	struct origin_args a;
	struct cf_pool_list pools = { 0 };
	struct cf_error err = { 0 };
	struct toggle_request req = { 0 };
	struct toggle_result res = { 0 };
	char ebuf[512], msg[700];
	int rc, idx;

	rc = parse_args(argc, argv, &a, errf);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (a.help) {
		fputs(origin_usage, out);
		return CLI_EXIT_OK;
	}
	if (s->readonly) {
		snprintf(msg, sizeof(msg),
			 "read-only session (--readonly or profile readonly): "
			 "refusing to change origin %s",
			 a.origin);
		return early_failure(&a, out, errf, CLI_EXIT_USAGE, "invalid",
				     msg);
	}
	if (!j && !a.dry_run)
		return early_failure(&a, out, errf, CLI_EXIT_USAGE, "invalid",
				     "no journal: refusing to change anything "
				     "without an audit trail");
	if (cf_pools_list(s->client, s->account_id, NULL, &pools, &err) !=
	    CF_OK) {
		snprintf(msg, sizeof(msg),
			 "cannot list pools: %s; nothing was changed",
			 cf_error_format(&err, ebuf, sizeof(ebuf)));
		cf_error_clear(&err);
		return early_failure(&a, out, errf, CLI_EXIT_ERROR,
				     "read_failed", msg);
	}
	idx = find_pool(&pools, a.pool);
	if (idx < 0) {
		snprintf(msg, sizeof(msg),
			 idx == -2 ? "several pools are named %s: use the "
				     "pool id"
				   : "no pool %s",
			 a.pool);
		cf_pool_list_free(&pools);
		return early_failure(&a, out, errf, CLI_EXIT_USAGE,
				     idx == -2 ? "invalid" : "not_found", msg);
	}
	req.account_id = s->account_id;
	/* Only the pool's id: the pool is read fresh, under the pool's lock,
	 * and the change applies to that (no conflict with this list). */
	req.seen = &pools.items[idx];
	req.fresh_state = true;
	req.origin = a.origin;
	req.op = a.op;
	req.weight = a.weight;
	req.confirmed = a.yes;
	req.readonly = s->readonly;
	req.journal = j;
	req.dry_run = a.dry_run;
	toggle_run(s->client, &req, &res);
	rc = exit_for(&res);
	if (a.json) {
		print_json(out, &a,
			   res.dry_run ? "dry_run"
				       : toggle_outcome_name(res.outcome),
			   rc, res.message, &res);
	} else if (res.dry_run) {
		if (res.blast.summary)
			fprintf(out, "%s\n", res.blast.summary);
		fprintf(out, "%s\n%s %s\n%s\n", res.message, res.request_method,
			res.request_path, res.request_body);
	} else if (rc == CLI_EXIT_OK) {
		if (res.outcome == TOGGLE_DONE && res.blast.summary &&
		    a.op != TOGGLE_OP_ENABLE)
			fprintf(out, "%s\n", res.blast.summary);
		fprintf(out, "%s\n", res.message);
	} else {
		fprintf(errf, "cfconsole origin: %s\n", res.message);
	}
	if (!a.json && res.outcome == TOGGLE_NEEDS_CONFIRM)
		fprintf(errf, "re-run with --yes to proceed\n");
	toggle_result_free(&res);
	cf_pool_list_free(&pools);
	return rc;
}

/* ---- dispatcher ---------------------------------------------------------- */

bool
cli_oncall_is_command(const char *argv0)
{
	return argv0 &&
	       (strcmp(argv0, "origin") == 0 || strcmp(argv0, "health") == 0);
}

static bool
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

int
cli_oncall_run(const struct app_options *opts, int argc, char **argv)
{
	struct session *s = NULL;
	struct config_error cerr;
	struct journal *j = NULL;
	enum session_status st;
	bool origin;
	char ebuf[512];
	int rc;

	if (argc < 1 || !cli_oncall_is_command(argv[0])) {
		fprintf(stderr, "cfconsole: unknown command %s\n",
			argc > 0 ? argv[0] : "(none)");
		return CLI_EXIT_USAGE;
	}
	origin = strcmp(argv[0], "origin") == 0;
	rc = origin ? cli_origin_check(argc, argv, stderr)
		    : cli_health_check(argc, argv, stderr);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (wants_help(argc, argv)) {
		fputs(origin ? origin_usage : cli_health_usage(), stdout);
		return CLI_EXIT_OK;
	}
	if (origin && opts->readonly) {
		fprintf(stderr,
			"cfconsole origin: --readonly: refusing to change "
			"anything\n");
		return CLI_EXIT_USAGE;
	}
	memset(&cerr, 0, sizeof(cerr));
	st = session_open(opts, config_env_process, NULL, &s, &cerr);
	if (st != SESSION_OK) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		session_free(s);
		return st == SESSION_ERR_CONFIG || st == SESSION_NEED_ACCOUNT ||
				       st == SESSION_ERR_NO_ACCOUNT
			       ? CLI_EXIT_USAGE
			       : CLI_EXIT_ERROR;
	}
	if (!origin) {
		rc = cli_health(s, argc, argv, stdout, stderr);
		session_free(s);
		return rc;
	}
	if (s->readonly) {
		fprintf(stderr,
			"cfconsole origin: profile %s is read-only: refusing "
			"to change anything\n",
			s->profile && s->profile->name ? s->profile->name : "");
		session_free(s);
		return CLI_EXIT_USAGE;
	}
	j = journal_open(NULL, s->profile ? s->profile->name : NULL,
			 s->account_id, ebuf, sizeof(ebuf));
	if (!j) {
		fprintf(stderr,
			"cfconsole origin: %s; refusing to change anything "
			"without an audit trail\n",
			ebuf);
		session_free(s);
		return CLI_EXIT_USAGE;
	}
	rc = cli_origin(s, j, argc, argv, stdout, stderr);
	journal_free(j);
	session_free(s);
	return rc;
}
