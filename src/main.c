/* main.c: cfconsole entry point: options, start-up order, the console or a headless subcommand. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cli.h"
#include "cfconsole/cli_oncall.h"
#include "cfconsole/health.h"
#include "cfconsole/jobs.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/session.h"
#include "cfconsole/store.h"
#include "cfconsole/theme_def.h"
#include "ui/commands.h"
#include "ui/display.h"
#include "ui/ui.h"

#ifndef CFCONSOLE_VERSION
#define CFCONSOLE_VERSION "0.1.0"
#endif

enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2 };

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: cfconsole [OPTIONS]              the console\n"
		"       cfconsole [OPTIONS] ls WHAT      print a list "
		"(zones | dns ZONE | lbs ZONE | pools | monitors) [--json]\n"
		"       cfconsole [OPTIONS] origin disable|enable POOL ORIGIN "
		"[--yes]\n"
		"       cfconsole [OPTIONS] origin weight POOL ORIGIN W [--yes]\n"
		"       cfconsole [OPTIONS] health [--json] [--pool NAME]\n"
		"\n"
		"options:\n%s"
		"\n"
		"environment: CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), "
		"CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL,\n"
		"CLOUDFLARE_ACCOUNT_ID, NO_COLOR. See cfconsole(1).\n",
		app_options_usage());
}

/* jobs_client_fn over the session: one client per job, same credentials. */
static struct cf_client *
new_client(void *ud, const atomic_bool *cancel, struct cf_error *err)
{
	return session_new_client(ud, cancel, err);
}

static bool env_flag(const char *name);

/* Poller -> UI: one byte on the store's self-pipe (async-safe, quick). */
static void
poller_notify(void *ud)
{
	store_poke(ud);
}

/*
 * The health model and poller of the console: its own client (a client
 * belongs to one thread). A poller that cannot start is not fatal: the
 * console works without live health and says so.
 */
static struct poller *
start_poller(struct session *s, struct store *store,
	     struct health_model *model, char *msg, size_t size)
{
	struct poller_options po = { 0 };
	struct cf_error err = { 0 };
	struct poller *p;

	po.client = session_new_client(s, NULL, &err);
	if (!po.client) {
		cf_error_format(&err, msg, size);
		cf_error_clear(&err);
		return NULL;
	}
	po.account_id = s->account_id;
	po.model = model;
	po.notify = poller_notify;
	po.notify_ud = store;
	po.start_paused = env_flag("CFCONSOLE_POLL_PAUSED");
	p = poller_start(&po, msg, size);
	return p;
}

static double start_ms_;

static double
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool
env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static int
run_console(const struct app_options *opts)
{
	struct session *s = NULL;
	struct config_error cerr = { 0 };
	struct cf_error err = { 0 };
	struct store *store = NULL;
	struct jobs *jobs = NULL;
	struct ui ui;
	struct theme theme = { 0 };
	struct display_options dopts = { 0 };
	struct health_model *model = NULL;
	struct poller *poller = NULL;
	struct journal *journal = NULL;
	enum session_status st;
	char msg[512], pmsg[512] = "", jmsg[512] = "";
	int rc = EXIT_ERR;
	bool ui_up = false;

	st = session_open(opts, config_env_process, NULL, &s, &cerr);
	if (st != SESSION_OK) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		if (st == SESSION_NEED_ACCOUNT)
			fprintf(stderr, "cfconsole: choose one with --account "
					"ID or CLOUDFLARE_ACCOUNT_ID\n");
		rc = session_exit_code(st);
		if (st == SESSION_NEED_ACCOUNT)
			rc = EXIT_USAGE;
		goto out;
	}
	if (!theme_load(s->theme ? s->theme : "default", config_env_process,
			NULL, NULL, &theme, &cerr)) {
		fprintf(stderr, "cfconsole: theme: %s\n", cerr.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	store = store_new();
	if (!store) {
		fprintf(stderr, "cfconsole: cannot create the store\n");
		goto out;
	}
	jobs = jobs_start(store,
			  &(struct jobs_options){ .new_client = new_client,
						  .client_ud = s,
						  .account_id = s->account_id },
			  &err);
	if (!jobs) {
		fprintf(stderr, "cfconsole: %s\n",
			cf_error_format(&err, msg, sizeof(msg)));
		goto out;
	}
	model = health_model_new();
	if (!model) {
		fprintf(stderr, "cfconsole: out of memory\n");
		goto out;
	}
	poller = start_poller(s, store, model, pmsg, sizeof(pmsg));
	/* No journal, no changes: every mutation must leave an audit trail.
	 * A read-only session never writes one. */
	if (!s->readonly)
		journal = journal_open(NULL,
				       s->profile ? s->profile->name : NULL,
				       s->account_id, jmsg, sizeof(jmsg));
	ui_init(&ui, store, jobs);
	ui_up = true;
	ui.health = model;
	ui.poller = poller;
	ui.journal = journal;
	theme_free(&ui.theme);
	ui.theme = theme;
	memset(&theme, 0, sizeof(theme));
	ui.readonly = s->readonly;
	ui.confirm_quit = s->config.ui.confirm_quit;
	ui.no_color = s->no_color;
	ui.info.profile = s->profile ? s->profile->name : NULL;
	ui.info.account = s->account_name ? s->account_name : s->account_id;
	ui.info.host = s->host;
	ui.info.version = CFCONSOLE_VERSION;
	if (!cmd_keymap_build(&ui, s->config.keys, s->config.nkeys,
			      s->config.path, &cerr)) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		rc = EXIT_USAGE;
		goto out;
	}

	dopts.no_display = env_flag("CFCONSOLE_NO_DISPLAY");
	dopts.script = getenv("CFCONSOLE_SCRIPT");
	dopts.mouse = s->config.ui.mouse;
	dopts.timing_log = getenv("CFCONSOLE_TIMING");
	dopts.start_ms = start_ms_;
	if (!display_start(&ui, &dopts, msg, sizeof(msg))) {
		fprintf(stderr, "cfconsole: %s\n", msg);
		goto out;
	}
	/* Zones first; pools and monitors too, so names resolve everywhere. */
	ui_show(&ui, 0, NULL, NULL, false);
	if (!poller)
		ui_status(&ui, THEME_ROLE_ERROR, "health poller: %s", pmsg);
	else if (!s->readonly && !journal)
		ui_status(&ui, THEME_ROLE_ERROR,
			  "journal: %s (origin changes are disabled)", jmsg);
	jobs_load(jobs, STORE_POOLS, NULL);
	jobs_load(jobs, STORE_MONITORS, NULL);
	rc = display_run(&ui) ? EXIT_ERR : EXIT_OK;
	display_end();
out:
	display_end();
	/* Workers and the poller first: tasks point into ui and the model. */
	jobs_stop(jobs);
	poller_stop(poller);
	if (ui_up)
		ui_free(&ui);
	journal_free(journal);
	health_model_free(model);
	theme_free(&theme);
	store_free(store);
	session_free(s);
	cf_error_clear(&err);
	return rc;
}

int
main(int argc, char **argv)
{
	struct app_options opts = { 0 };
	struct config_error cerr = { 0 };
	int first, rc;

	start_ms_ = mono_ms();
	setlocale(LC_ALL, "");
	first = app_options_parse(argc, argv, &opts, &cerr);
	if (first < 0) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		fprintf(stderr, "Try 'cfconsole --help'.\n");
		return EXIT_USAGE;
	}
	if (opts.help) {
		usage(stdout);
		return EXIT_OK;
	}
	if (opts.version) {
		printf("cfconsole %s\n", CFCONSOLE_VERSION);
		return EXIT_OK;
	}
	if (first < argc && !cli_is_command(argv[first]) &&
	    !cli_oncall_is_command(argv[first])) {
		fprintf(stderr, "cfconsole: unknown command '%s'\n",
			argv[first]);
		fprintf(stderr, "Try 'cfconsole --help'.\n");
		return EXIT_USAGE;
	}
	/* libcurl's global state must exist before any thread starts. */
	if (cf_global_init() != CF_OK) {
		fprintf(stderr, "cfconsole: cannot initialise libcurl\n");
		return EXIT_ERR;
	}
	if (first < argc && cli_oncall_is_command(argv[first]))
		rc = cli_oncall_run(&opts, argc - first, argv + first);
	else if (first < argc)
		rc = cli_run(&opts, argc - first, argv + first);
	else
		rc = run_console(&opts);
	cf_global_cleanup();
	return rc;
}
