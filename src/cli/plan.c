/* plan.c: `cfconsole plan new|validate|export` and `cfconsole apply PLAN.json [--dry-run] [--yes] [--rollback]`: setup plans, headless. */
#include "cfconsole/cli_plan.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/journal.h"
#include "cfconsole/plan.h"

static const char plan_usage[] =
	"usage: cfconsole [options] plan new [--preset inference|empty] "
	"[--zone ZONE] [-o FILE]\n"
	"       cfconsole [options] plan validate [--offline] "
	"[--min-interval S] PLAN.json\n"
	"       cfconsole [options] plan export --format "
	"json|pulumi|terraform [-o FILE] PLAN.json\n"
	"       cfconsole [options] apply [--dry-run] [--yes] [--rollback] "
	"[--min-interval S] PLAN.json\n"
	"  A plan (cfconsole-plan(5)) creates monitor -> pool (monitor "
	"attached) ->\n"
	"  load balancer -> proxied CNAME. `apply` checks it, prints the "
	"requests,\n"
	"  asks (unless --yes), sends them with a line per step, reads every "
	"object\n"
	"  back, and on a failure removes what it created, last first. The "
	"plan\n"
	"  file records each id as soon as it exists: running `apply` again "
	"resumes\n"
	"  without duplicates; --rollback removes exactly what it created. "
	"--dry-run\n"
	"  checks and prints the requests and sends no write.\n"
	"exit status: 0 done; 1 API/network/credential/journal error (a "
	"failed apply\n"
	"  was rolled back); 2 usage, unreadable plan, read-only, no --yes "
	"without a\n"
	"  terminal; 3 invalid plan or refused by the account's state, nothing "
	"sent;\n"
	"  4 objects left behind or an ambiguous resume: a person must look.\n";

const char *
cli_plan_usage(void)
{
	return plan_usage;
}

bool
cli_plan_is_command(const char *argv0)
{
	return argv0 && (!strcmp(argv0, "plan") || !strcmp(argv0, "apply"));
}

enum verb { V_NEW, V_VALIDATE, V_EXPORT, V_APPLY };

struct args {
	enum verb verb;
	const char *file; /* PLAN.json */
	const char *out;  /* -o */
	const char *preset;
	const char *zone;
	const char *format;
	int min_interval;
	bool offline, dry_run, yes, rollback, help;
};

static int usage_error(FILE *errf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
usage_error(FILE *errf, const char *fmt, ...)
{
	va_list ap;

	fprintf(errf, "cfconsole: ");
	va_start(ap, fmt);
	vfprintf(errf, fmt, ap);
	va_end(ap);
	fprintf(errf, "\nTry 'cfconsole plan --help'.\n");
	return CLI_EXIT_USAGE;
}

/* An option's value: "--opt VALUE" or "--opt=VALUE". */
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

static int
parse_args(int argc, char **argv, struct args *a, FILE *errf)
{
	int i = 1;
	const char *v;

	memset(a, 0, sizeof(*a));
	if (!strcmp(argv[0], "apply")) {
		a->verb = V_APPLY;
	} else {
		if (argc < 2)
			return usage_error(errf, "plan: what to do? (new, "
						 "validate or export)");
		if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
			a->help = true;
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[1], "new"))
			a->verb = V_NEW;
		else if (!strcmp(argv[1], "validate"))
			a->verb = V_VALIDATE;
		else if (!strcmp(argv[1], "export"))
			a->verb = V_EXPORT;
		else
			return usage_error(errf,
					   "plan: unknown action %s (new, "
					   "validate or export)",
					   argv[1]);
		i = 2;
	}
	for (; i < argc; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			a->help = true;
			return CLI_EXIT_OK;
		} else if (a->verb == V_APPLY && !strcmp(arg, "--dry-run")) {
			a->dry_run = true;
		} else if (a->verb == V_APPLY &&
			   (!strcmp(arg, "--yes") || !strcmp(arg, "-y"))) {
			a->yes = true;
		} else if (a->verb == V_APPLY && !strcmp(arg, "--rollback")) {
			a->rollback = true;
		} else if (a->verb == V_VALIDATE && !strcmp(arg, "--offline")) {
			a->offline = true;
		} else if ((a->verb == V_VALIDATE || a->verb == V_APPLY) &&
			   is_opt(arg, "--min-interval")) {
			char *end = NULL;
			long n;

			v = value_of(argc, argv, &i, "--min-interval");
			errno = 0;
			n = v ? strtol(v, &end, 10) : 0;
			if (!v || errno || !end || *end || n < 1 || n > 3600)
				return usage_error(
					errf, "--min-interval needs seconds "
					      "from 1 to 3600");
			a->min_interval = (int)n;
		} else if ((a->verb == V_NEW || a->verb == V_EXPORT) &&
			   (is_opt(arg, "--output") || !strcmp(arg, "-o"))) {
			v = !strcmp(arg, "-o") && i + 1 < argc
				    ? argv[++i]
				    : value_of(argc, argv, &i, "--output");
			if (!v || !*v)
				return usage_error(errf, "%s needs a file name",
						   arg);
			a->out = v;
		} else if (a->verb == V_NEW && is_opt(arg, "--preset")) {
			a->preset = value_of(argc, argv, &i, "--preset");
			if (!a->preset)
				return usage_error(errf, "%s needs a name",
						   arg);
		} else if (a->verb == V_NEW && is_opt(arg, "--zone")) {
			a->zone = value_of(argc, argv, &i, "--zone");
			if (!a->zone)
				return usage_error(errf, "%s needs a zone name",
						   arg);
		} else if (a->verb == V_EXPORT && is_opt(arg, "--format")) {
			a->format = value_of(argc, argv, &i, "--format");
			if (!a->format)
				return usage_error(errf,
						   "%s needs json, pulumi or "
						   "terraform",
						   arg);
		} else if (arg[0] == '-' && arg[1]) {
			return usage_error(errf, "unknown option %s", arg);
		} else if (a->verb != V_NEW && !a->file) {
			a->file = arg;
		} else {
			return usage_error(errf, "unexpected argument %s", arg);
		}
	}
	if (a->verb != V_NEW && !a->file)
		return usage_error(errf, "which plan file?");
	if (a->verb == V_EXPORT) {
		size_t k;
		bool known = false;

		for (k = 0; a->format && k < plan_nexport_formats; k++)
			known |= !strcmp(a->format,
					 plan_export_formats[k].value);
		if (!known)
			return usage_error(errf,
					   "plan export: --format json, pulumi "
					   "or terraform");
	}
	if (a->verb == V_NEW && !a->preset)
		a->preset = "inference";
	if (a->rollback && a->dry_run)
		return usage_error(errf,
				   "--rollback and --dry-run: choose one");
	return CLI_EXIT_OK;
}

/* Writes text to path (refusing to replace a file when `fresh`) or out. */
static int
emit_text(const char *text, const char *path, bool fresh, FILE *out, FILE *errf)
{
	FILE *f;

	if (!path) {
		fputs(text, out);
		return CLI_EXIT_OK;
	}
	if (fresh && access(path, F_OK) == 0) {
		fprintf(errf, "cfconsole: %s exists: not replacing it\n", path);
		return CLI_EXIT_USAGE;
	}
	f = fopen(path, "we");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(errf, "cfconsole: cannot write %s: %s\n", path,
			strerror(errno));
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

static void
print_issues(const struct plan_issues *l, const char *file, FILE *errf)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		fprintf(errf, "%s: %s: %s: %s\n", file,
			l->v[i].warning ? "warning" : "error", l->v[i].field,
			l->v[i].message);
}

static int
cmd_new(const struct args *a, FILE *out, FILE *errf)
{
	struct cf_plan p;
	char *text;
	int rc;

	if (!plan_preset(a->preset, a->zone, &p)) {
		fprintf(errf,
			"cfconsole plan new: unknown preset %s (inference or "
			"empty)\n",
			a->preset);
		return CLI_EXIT_USAGE;
	}
	text = cf_plan_encode(&p, false);
	cf_plan_free(&p);
	if (!text) {
		fprintf(errf, "cfconsole: out of memory\n");
		return CLI_EXIT_ERROR;
	}
	rc = emit_text(text, a->out, true, out, errf);
	free(text);
	return rc;
}

/* Offline validation; prints issues. CLI_EXIT_OK or CLI_EXIT_REFUSED. */
static int
check_offline(const struct args *a, const struct cf_plan *p, FILE *errf)
{
	struct plan_rules rules = { .min_interval = a->min_interval };
	struct plan_issues l = { 0 };
	int rc;

	rc = plan_validate(p, &rules, &l) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	print_issues(&l, a->file, errf);
	plan_issues_free(&l);
	return rc;
}

static int
cmd_export(const struct args *a, const struct cf_plan *p, FILE *out, FILE *errf)
{
	char *text;
	int rc = check_offline(a, p, errf);

	if (rc != CLI_EXIT_OK) {
		fprintf(errf, "cfconsole plan export: fix the plan first\n");
		return rc;
	}
	text = plan_export(p, a->format);
	if (!text) {
		fprintf(errf, "cfconsole: out of memory\n");
		return CLI_EXIT_ERROR;
	}
	rc = emit_text(text, a->out, false, out, errf);
	free(text);
	return rc;
}

static int
open_session(const struct app_options *opts, struct session **s, FILE *errf)
{
	struct config_error err = { 0 };
	enum session_status st =
		session_open(opts, config_env_process, NULL, s, &err);

	if (st == SESSION_OK)
		return CLI_EXIT_OK;
	fprintf(errf, "cfconsole: %s\n", err.msg);
	session_free(*s);
	*s = NULL;
	return st == SESSION_ERR_CONFIG || st == SESSION_NEED_ACCOUNT
		       ? CLI_EXIT_USAGE
		       : CLI_EXIT_ERROR;
}

/* The online checks; *zone_id set on CLI_EXIT_OK. */
static int
check_online(struct session *s, const struct args *a, const struct cf_plan *p,
	     char **zone_id, FILE *errf)
{
	struct plan_issues l = { 0 };
	struct cf_error err = { 0 };
	char ebuf[512];
	int rc = CLI_EXIT_OK;

	if (plan_check_online(s->client, s->account_id, p, &l, zone_id, &err) !=
	    CF_OK) {
		fprintf(errf,
			"cfconsole: checking the plan against the API: %s\n",
			cf_error_format(&err, ebuf, sizeof(ebuf)));
		cf_error_clear(&err);
		rc = CLI_EXIT_ERROR;
	} else if (l.nerrors) {
		rc = CLI_EXIT_REFUSED;
	}
	print_issues(&l, a->file, errf);
	plan_issues_free(&l);
	if (rc != CLI_EXIT_OK) {
		free(*zone_id);
		*zone_id = NULL;
	}
	return rc;
}

static int
cmd_validate(const struct app_options *opts, const struct args *a,
	     const struct cf_plan *p, FILE *out, FILE *errf)
{
	struct session *s = NULL;
	char *zone_id = NULL;
	int rc = check_offline(a, p, errf);

	if (rc != CLI_EXIT_OK || a->offline) {
		if (rc == CLI_EXIT_OK)
			fprintf(out, "%s: valid (offline checks)\n", a->file);
		return rc;
	}
	rc = open_session(opts, &s, errf);
	if (rc == CLI_EXIT_OK)
		rc = check_online(s, a, p, &zone_id, errf);
	if (rc == CLI_EXIT_OK)
		fprintf(out, "%s: valid for zone %s (%s) in account %s\n",
			a->file, p->zone, zone_id, s->account_id);
	free(zone_id);
	session_free(s);
	return rc;
}

/* ---- apply ---------------------------------------------------------------- */

static atomic_bool interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	atomic_store(&interrupted, true);
}

static void
progress(const struct pe_event *ev, void *ud)
{
	FILE *out = ud;

	fprintf(out, "%s\n", ev->line);
	fflush(out);
}

/* Asks on the terminal; false without one (the caller says --yes). */
static bool
confirm(const char *question, FILE *out)
{
	char line[32];

	if (!isatty(STDIN_FILENO))
		return false;
	fprintf(out, "%s [y/N] ", question);
	fflush(out);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* What remains after a failed rollback, and how to remove it. */
static void
print_left(const struct pe_report *r, const struct args *a,
	   const struct session *s, FILE *errf)
{
	size_t i;

	if (!r->nleft)
		return;
	fprintf(errf,
		"cfconsole: these objects are still there (the rollback could "
		"not remove them):\n");
	for (i = 0; i < r->nleft; i++) {
		const struct pe_left *l = &r->left[i];

		fprintf(errf, "  %s  id %s\n", l->label ? l->label : l->kind,
			l->id ? l->id : "(unknown: look for it by name)");
		fprintf(errf,
			"    remove: curl -X %s -H \"Authorization: Bearer "
			"$CLOUDFLARE_API_TOKEN\" %s%s%s%s%s\n",
			l->method, cf_client_base_url(s->client), l->path,
			l->body ? " -H 'Content-Type: application/json' -d '"
				: "",
			l->body ? l->body : "", l->body ? "'" : "");
	}
	fprintf(errf,
		"  or, once the API answers again: cfconsole apply --rollback "
		"%s\n",
		a->file);
}

static int
exit_for(enum pe_outcome o)
{
	switch (o) {
	case PE_OK:
		return CLI_EXIT_OK;
	case PE_ROLLED_BACK:
		return CLI_EXIT_ERROR;
	case PE_INCOMPLETE:
	case PE_REFUSED:
		return CLI_EXIT_LEFT;
	}
	return CLI_EXIT_ERROR;
}

static bool
has_state(const struct cf_plan *p)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++)
		if (strcmp(p->steps[i].status, "pending") &&
		    strcmp(p->steps[i].status, "rolled_back"))
			return true;
	return false;
}

static int
cmd_apply(const struct app_options *opts, const struct args *a,
	  struct cf_plan *p, FILE *out, FILE *errf)
{
	struct session *s = NULL;
	struct journal *j = NULL;
	struct pe_report r = { 0 };
	struct plan_apply_options ao = { 0 };
	struct sigaction sa = { 0 }, old;
	char *zone_id = NULL, *text = NULL, jmsg[512] = "", q[512];
	int rc;

	if (!a->rollback) {
		rc = check_offline(a, p, errf);
		if (rc != CLI_EXIT_OK)
			return rc;
	} else if (!has_state(p)) {
		fprintf(out,
			"%s: nothing to roll back (no object of this plan "
			"exists)\n",
			a->file);
		return CLI_EXIT_OK;
	}
	if (opts->readonly && !a->dry_run) {
		fprintf(errf, "cfconsole apply: --readonly: refusing to change "
			      "anything\n");
		return CLI_EXIT_USAGE;
	}
	rc = open_session(opts, &s, errf);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (s->readonly && !a->dry_run) {
		fprintf(errf, "cfconsole apply: read-only profile: refusing to "
			      "change anything\n");
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	/* The file's objects live in the account it was applied in. */
	if (p->account_id && strcmp(p->account_id, s->account_id)) {
		fprintf(errf,
			"cfconsole apply: %s was applied in account %s, not %s: "
			"use --account %s\n",
			a->file, p->account_id, s->account_id, p->account_id);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (a->rollback && p->zone_id) {
		zone_id = strdup(p->zone_id);
	} else if (a->rollback) {
		/* Only the zone matters for a rollback: no name checks. */
		struct cf_plan z;

		cf_plan_init(&z);
		z.zone = p->zone ? strdup(p->zone) : NULL;
		rc = check_online(s, a, &z, &zone_id, errf);
		cf_plan_free(&z);
	} else {
		rc = check_online(s, a, p, &zone_id, errf);
	}
	if (rc != CLI_EXIT_OK)
		goto out;
	if (a->dry_run) {
		text = plan_requests_text(p, s->account_id, zone_id);
		if (!text) {
			rc = CLI_EXIT_ERROR;
			goto out;
		}
		fprintf(out,
			"%s: the requests an apply would send (dry run: "
			"nothing sent)\n\n%s",
			a->file, text);
		goto out;
	}
	if (!a->yes) {
		snprintf(q, sizeof(q), "%s the setup of %s in zone %s?",
			 a->rollback ? "Remove" : "Apply", a->file, p->zone);
		if (!a->rollback) {
			text = plan_requests_text(p, s->account_id, zone_id);
			if (text)
				fprintf(out, "%s\n", text);
		}
		if (!isatty(STDIN_FILENO)) {
			fprintf(errf,
				"cfconsole apply: not a terminal: add "
				"--yes to %s without asking\n",
				a->rollback ? "roll back" : "apply");
			rc = CLI_EXIT_USAGE;
			goto out;
		}
		if (!confirm(q, out)) {
			fprintf(errf, "cfconsole apply: nothing done\n");
			rc = CLI_EXIT_OK;
			goto out;
		}
	}
	j = journal_open(NULL, s->profile ? s->profile->name : NULL,
			 s->account_id, jmsg, sizeof(jmsg));
	if (!j) {
		fprintf(errf,
			"cfconsole apply: journal: %s; nothing changed "
			"without an audit trail\n",
			jmsg);
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	ao.account_id = s->account_id;
	ao.zone_id = zone_id;
	ao.file = a->file;
	ao.journal = j;
	ao.cancel = &interrupted;
	ao.progress = progress;
	ao.ud = out;
	atomic_store(&interrupted, false);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	if (a->rollback)
		plan_rollback(s->client, p, &ao, &r);
	else
		plan_apply(s->client, p, &ao, &r);
	sigaction(SIGINT, &old, NULL);
	rc = exit_for(r.outcome);
	if (a->rollback && r.outcome == PE_OK) {
		fprintf(out, "rolled back: nothing of %s is left\n", a->file);
	} else if (r.outcome == PE_OK) {
		fprintf(out, "applied: load balancer %s", p->lb.name);
		if (p->cname_source == CF_PLAN_CREATE)
			fprintf(out, ", CNAME %s -> %s", p->cname.name,
				p->cname.content);
		fprintf(out, " (lb_dns_name = %s)\n", p->lb.name);
	} else {
		fprintf(errf, "cfconsole apply: %s%s: %s\n",
			r.cancelled ? "interrupted, " : "",
			pe_outcome_name(r.outcome),
			r.message ? r.message : "failed");
		if (r.outcome == PE_ROLLED_BACK)
			fprintf(errf, "cfconsole apply: everything this plan "
				      "created was removed\n");
		print_left(&r, a, s, errf);
	}
	pe_report_free(&r);
out:
	journal_free(j);
	free(text);
	free(zone_id);
	session_free(s);
	return rc;
}

int
cli_plan_run(const struct app_options *opts, int argc, char **argv)
{
	struct cf_plan p;
	struct args a;
	char msg[1024];
	int rc;

	if (argc < 1 || !cli_plan_is_command(argv[0]))
		return CLI_EXIT_USAGE;
	rc = parse_args(argc, argv, &a, stderr);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (a.help) {
		fputs(plan_usage, stdout);
		return CLI_EXIT_OK;
	}
	if (a.verb == V_NEW)
		return cmd_new(&a, stdout, stderr);
	if (!plan_file_load(a.file, &p, msg, sizeof(msg))) {
		fprintf(stderr, "cfconsole: %s\n", msg);
		return CLI_EXIT_USAGE;
	}
	switch (a.verb) {
	case V_VALIDATE:
		rc = cmd_validate(opts, &a, &p, stdout, stderr);
		break;
	case V_EXPORT:
		rc = cmd_export(&a, &p, stdout, stderr);
		break;
	case V_APPLY:
		rc = cmd_apply(opts, &a, &p, stdout, stderr);
		break;
	case V_NEW:
		break;
	}
	cf_plan_free(&p);
	return rc;
}
