/* origin.c: `cfconsole origin disable|enable|weight POOL ORIGIN` - the safe toggle, headless - and the on-call command dispatcher. */
#include "cfconsole/cli_oncall.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/journal.h"
#include "cfconsole/toggle.h"

static const char origin_usage[] =
	"usage: cfconsole [options] origin disable|enable POOL ORIGIN [--yes]\n"
	"       cfconsole [options] origin weight POOL ORIGIN WEIGHT [--yes]\n"
	"  POOL is a pool name or id; ORIGIN an origin name or address.\n"
	"  The pool is read fresh, only that origin is changed, and the pool\n"
	"  is read again to verify. A change that would leave the pool below\n"
	"  minimum_origins or without a healthy origin needs --yes.\n"
	"  Every change is written to the journal.\n"
	"exit status: 0 done or already so; 1 conflict (the pool changed, "
	"nothing\n"
	"  written); 2 refused (needs --yes, or read-only); 3 usage, unknown "
	"pool\n"
	"  or origin, journal unusable; 4 API/network error, nothing changed;\n"
	"  5 sent but not verified or maybe partly applied: check the pool.\n";

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
};

static int
parse_args(int argc, char **argv, struct origin_args *a, FILE *errf)
{
	const char *pos[4];
	size_t npos = 0;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0) {
			a->yes = true;
		} else if (strcmp(argv[i], "--help") == 0 ||
			   strcmp(argv[i], "-h") == 0) {
			a->help = true;
			return CLI_ONCALL_OK;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0' &&
			   strcmp(argv[i], "--") != 0) {
			fprintf(errf, "cfconsole origin: unknown option %s\n%s",
				argv[i], origin_usage);
			return CLI_ONCALL_USAGE;
		} else if (strcmp(argv[i], "--") != 0) {
			if (npos == 4) {
				fprintf(errf,
					"cfconsole origin: too many "
					"arguments\n%s",
					origin_usage);
				return CLI_ONCALL_USAGE;
			}
			pos[npos++] = argv[i];
		}
	}
	if (npos < 1) {
		fprintf(errf, "cfconsole origin: what to do?\n%s",
			origin_usage);
		return CLI_ONCALL_USAGE;
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
		return CLI_ONCALL_USAGE;
	}
	if (npos != (a->op == TOGGLE_OP_WEIGHT ? 4u : 3u)) {
		fprintf(errf, "cfconsole origin %s: wrong number of arguments\n%s",
			pos[0], origin_usage);
		return CLI_ONCALL_USAGE;
	}
	a->pool = pos[1];
	a->origin = pos[2];
	if (!*a->pool || !*a->origin) {
		fprintf(errf, "cfconsole origin: empty pool or origin name\n");
		return CLI_ONCALL_USAGE;
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
			return CLI_ONCALL_USAGE;
		}
	}
	return CLI_ONCALL_OK;
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
		return CLI_ONCALL_OK;
	case TOGGLE_CONFLICT:
		return CLI_ONCALL_CONFLICT;
	case TOGGLE_NEEDS_CONFIRM:
		return CLI_ONCALL_REFUSED;
	case TOGGLE_NOT_FOUND:
	case TOGGLE_INVALID:
		return CLI_ONCALL_USAGE;
	case TOGGLE_READ_FAILED:
		return CLI_ONCALL_ERROR;
	case TOGGLE_WRITE_FAILED:
		return r->applied == 0 ? CLI_ONCALL_ERROR
				       : CLI_ONCALL_UNVERIFIED;
	case TOGGLE_VERIFY_FAILED:
		return CLI_ONCALL_UNVERIFIED;
	}
	return CLI_ONCALL_ERROR;
}

int
cli_origin(struct session *s, struct journal *j, int argc, char **argv,
	   FILE *out, FILE *errf)
{
	struct origin_args a;
	struct cf_pool_list pools = {0};
	struct cf_error err = {0};
	struct toggle_request req = {0};
	struct toggle_result res = {0};
	char ebuf[512];
	int rc, idx;

	rc = parse_args(argc, argv, &a, errf);
	if (rc != CLI_ONCALL_OK)
		return rc;
	if (a.help) {
		fputs(origin_usage, out);
		return CLI_ONCALL_OK;
	}
	if (s->readonly) {
		fprintf(errf,
			"cfconsole origin: read-only session (--readonly or "
			"profile readonly): refusing to change origin %s\n",
			a.origin);
		return CLI_ONCALL_REFUSED;
	}
	if (!j) {
		fprintf(errf, "cfconsole origin: no journal: refusing to "
			      "change anything without an audit trail\n");
		return CLI_ONCALL_USAGE;
	}
	if (cf_pools_list(s->client, s->account_id, NULL, &pools, &err) !=
	    CF_OK) {
		fprintf(errf,
			"cfconsole origin: cannot list pools: %s; nothing was "
			"changed\n",
			cf_error_format(&err, ebuf, sizeof(ebuf)));
		cf_error_clear(&err);
		return CLI_ONCALL_ERROR;
	}
	idx = find_pool(&pools, a.pool);
	if (idx < 0) {
		fprintf(errf,
			idx == -2 ? "cfconsole origin: several pools are named "
				    "%s: use the pool id\n"
				  : "cfconsole origin: no pool %s\n",
			a.pool);
		cf_pool_list_free(&pools);
		return CLI_ONCALL_USAGE;
	}
	req.account_id = s->account_id;
	req.seen = &pools.items[idx];
	req.origin = a.origin;
	req.op = a.op;
	req.weight = a.weight;
	req.confirmed = a.yes;
	req.readonly = s->readonly;
	req.journal = j;
	toggle_run(s->client, &req, &res);
	rc = exit_for(&res);
	if (rc == CLI_ONCALL_OK) {
		if (res.outcome == TOGGLE_DONE && res.blast.summary &&
		    a.op != TOGGLE_OP_ENABLE)
			fprintf(out, "%s\n", res.blast.summary);
		fprintf(out, "%s\n", res.message);
	} else {
		fprintf(errf, "cfconsole origin: %s\n", res.message);
		if (res.outcome == TOGGLE_NEEDS_CONFIRM)
			fprintf(errf, "re-run with --yes to proceed\n");
	}
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
		return CLI_ONCALL_USAGE;
	}
	origin = strcmp(argv[0], "origin") == 0;
	rc = origin ? cli_origin_check(argc, argv, stderr)
		    : cli_health_check(argc, argv, stderr);
	if (rc != CLI_ONCALL_OK)
		return rc;
	if (wants_help(argc, argv)) {
		fputs(origin ? origin_usage : cli_health_usage(), stdout);
		return CLI_ONCALL_OK;
	}
	if (origin && opts->readonly) {
		fprintf(stderr,
			"cfconsole origin: --readonly: refusing to change "
			"anything\n");
		return CLI_ONCALL_REFUSED;
	}
	memset(&cerr, 0, sizeof(cerr));
	st = session_open(opts, config_env_process, NULL, &s, &cerr);
	if (st != SESSION_OK) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		session_free(s);
		return st == SESSION_ERR_CONFIG || st == SESSION_NEED_ACCOUNT ||
				       st == SESSION_ERR_NO_ACCOUNT ?
			       CLI_ONCALL_USAGE :
			       CLI_ONCALL_ERROR;
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
		return CLI_ONCALL_REFUSED;
	}
	j = journal_open(NULL, s->profile ? s->profile->name : NULL,
			 s->account_id, ebuf, sizeof(ebuf));
	if (!j) {
		fprintf(stderr,
			"cfconsole origin: %s; refusing to change anything "
			"without an audit trail\n",
			ebuf);
		session_free(s);
		return CLI_ONCALL_USAGE;
	}
	rc = cli_origin(s, j, argc, argv, stdout, stderr);
	journal_free(j);
	session_free(s);
	return rc;
}
