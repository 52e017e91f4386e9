/* main.c: cfconsole entry point: options, start-up order, the console or a headless subcommand. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cli.h"
#include "cfconsole/cli_oncall.h"
#include "cfconsole/cli_plan.h"
#include "cfconsole/cli_res.h"
#include "cfconsole/jobs.h"
#include "cfconsole/monoclock.h"
#include "cfconsole/session.h"
#include "cfconsole/store.h"
#include "cfconsole/theme_def.h"
#include "cfconsole/timefmt.h"
#include "ui/account_switch.h"
#include "ui/commands.h"
#include "ui/display.h"
#include "ui/ui.h"

#ifndef CFCONSOLE_VERSION
#define CFCONSOLE_VERSION "0.1.0"
#endif

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: cfconsole [OPTIONS]              the console\n"
		"       cfconsole [OPTIONS] ls WHAT      print a list "
		"(zones | dns ZONE | lbs ZONE | pools | origins POOL |\n"
		"                                        monitors) [--json]\n"
		"       cfconsole [OPTIONS] origin disable|enable POOL ORIGIN "
		"[--yes] [--dry-run] [--json]\n"
		"       cfconsole [OPTIONS] origin weight POOL ORIGIN W [--yes] "
		"[--dry-run] [--json]\n"
		"       cfconsole [OPTIONS] health [--json] [--pool NAME]\n"
		"       cfconsole [OPTIONS] plan new|validate|export ...  "
		"setup plans (cfconsole-plan(5))\n"
		"       cfconsole [OPTIONS] apply [--dry-run] [--yes] "
		"[--rollback] PLAN.json\n"
		"       cfconsole [OPTIONS] dns|monitor|pool|lb "
		"get|create|update|delete|fields ...\n"
		"                                        one object: --set "
		"FIELD=VALUE, --from-file,\n"
		"                                        --dry-run, --yes, --json "
		"(cfconsole pool --help)\n"
		"\n"
		"options:\n%s"
		"\n"
		"environment: CLOUDFLARE_API_TOKEN (or CF_API_TOKEN), "
		"CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL,\n"
		"CLOUDFLARE_ACCOUNT_ID, NO_COLOR. See cfconsole(1).\n"
		"\n"
		"exit status, the same for every subcommand: 0 ok, 1 API, "
		"network or\n"
		"credential error, 2 usage, 3 refused (nothing sent), 4 left "
		"for a person,\n"
		"5 sent but not verified, 6 degraded, 7 down (cfconsole(1) "
		"EXIT STATUS).\n",
		app_options_usage());
}

static bool env_flag(const char *name);

static double start_ms_;

static bool
env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static int
run_console(const struct app_options *opts)
{
	struct console con = { 0 };
	struct config_error cerr = { 0 };
	struct ui ui;
	struct theme theme = { 0 };
	struct display_options dopts = { 0 };
	enum session_status st;
	char msg[512];
	int rc = CLI_EXIT_ERROR;
	bool ui_up = false, pick;

	st = session_open(opts, config_env_process, NULL, &con.s, &cerr);
	pick = st == SESSION_NEED_ACCOUNT && con.s && con.s->accounts.n > 1;
	if (st != SESSION_OK && !pick) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		rc = session_exit_code(st);
		goto out;
	}
	if (!theme_load(con.s->theme ? con.s->theme : "default",
			config_env_process, NULL, NULL, &theme, &cerr)) {
		fprintf(stderr, "cfconsole: theme: %s\n", cerr.msg);
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	/* Before any thread (poller, workers) formats a time. */
	timefmt_configure(con.s->config.ui.date_format, con.s->config.ui.utc);
	con.store = store_new();
	if (!con.store) {
		fprintf(stderr, "cfconsole: cannot create the store\n");
		goto out;
	}
	/* Without an account nothing starts until the picker chooses one. */
	if (!pick) {
		if (!account_switch_attach(&con, msg, sizeof(msg))) {
			fprintf(stderr, "cfconsole: %s\n", msg);
			goto out;
		}
		if (!account_switch_label(&con, con.s->account_name,
					  con.s->account_id)) {
			fprintf(stderr, "cfconsole: out of memory\n");
			goto out;
		}
	}
	ui_init(&ui, con.store, NULL);
	ui_up = true;
	theme_free(&ui.theme);
	ui.theme = theme;
	memset(&theme, 0, sizeof(theme));
	ui.opts.readonly = con.s->readonly;
	ui.opts.confirm_quit = con.s->config.ui.confirm_quit;
	ui.opts.refresh_s = con.s->config.ui.poll_interval;
	ui.opts.confirm_disable_always =
		con.s->config.ui.confirm_disable == CONFIG_CONFIRM_ALWAYS;
	ui.opts.no_color = con.s->no_color;
	ui.info.profile = con.s->profile ? con.s->profile->name : NULL;
	ui.profile = con.s->profile;
	ui.info.host = con.s->host;
	ui.info.version = CFCONSOLE_VERSION;
	account_switch_hook(&con, &ui);
	if (!cmd_keymap_build(&ui, con.s->config.keys, con.s->config.nkeys,
			      con.s->config.path, &cerr)) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		rc = CLI_EXIT_USAGE;
		goto out;
	}

	dopts.no_display = env_flag("CFCONSOLE_NO_DISPLAY");
	dopts.script = getenv("CFCONSOLE_SCRIPT");
	dopts.mouse = con.s->config.ui.mouse;
	dopts.timing_log = getenv("CFCONSOLE_TIMING");
	dopts.start_ms = start_ms_;
	if (!display_start(&ui, &dopts, msg, sizeof(msg))) {
		fprintf(stderr, "cfconsole: %s\n", msg);
		goto out;
	}
	account_switch_wire(&con);
	/* Zones first; pools and monitors too, so names resolve everywhere. */
	ui_show(&ui, 0, NULL, NULL, false);
	if (pick) {
		account_switch_pick(&con, &con.s->accounts, true);
		ui_status(&ui, THEME_ROLE_INFO,
			  "these credentials see %zu accounts: choose one",
			  con.s->accounts.n);
	} else {
		jobs_load(con.jobs, STORE_POOLS, NULL);
		jobs_load(con.jobs, STORE_MONITORS, NULL);
	}
	rc = display_run(&ui) ? CLI_EXIT_ERROR : CLI_EXIT_OK;
	display_end();
	if (ui.quit_no_account && rc == CLI_EXIT_OK)
		fprintf(stderr, "cfconsole: no account chosen; use --account "
				"ID or CLOUDFLARE_ACCOUNT_ID to skip the "
				"picker\n");
out:
	display_end();
	/* Workers and the poller first: tasks point into ui and the model. */
	account_switch_detach(&con);
	if (ui_up)
		ui_free(&ui);
	account_switch_free(&con);
	theme_free(&theme);
	store_free(con.store);
	session_free(con.s);
	return rc;
}

int
main(int argc, char **argv)
{
	struct app_options opts = { 0 };
	struct config_error cerr = { 0 };
	int first, rc;

	start_ms_ = monoclock_ms();
	setlocale(LC_ALL, "");
	first = app_options_parse(argc, argv, &opts, &cerr);
	if (first < 0) {
		fprintf(stderr, "cfconsole: %s\n", cerr.msg);
		fprintf(stderr, "Try 'cfconsole --help'.\n");
		return CLI_EXIT_USAGE;
	}
	if (opts.help) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (opts.version) {
		printf("cfconsole %s\n", CFCONSOLE_VERSION);
		return CLI_EXIT_OK;
	}
	if (first < argc && !cli_is_command(argv[first]) &&
	    !cli_oncall_is_command(argv[first]) &&
	    !cli_plan_is_command(argv[first]) &&
	    !cli_res_is_command(argv[first])) {
		fprintf(stderr, "cfconsole: unknown command '%s'\n",
			argv[first]);
		fprintf(stderr, "Try 'cfconsole --help'.\n");
		return CLI_EXIT_USAGE;
	}
	/* libcurl's global state must exist before any thread starts. */
	if (cf_global_init() != CF_OK) {
		fprintf(stderr, "cfconsole: cannot initialise libcurl\n");
		return CLI_EXIT_ERROR;
	}
	if (first < argc && cli_oncall_is_command(argv[first]))
		rc = cli_oncall_run(&opts, argc - first, argv + first);
	else if (first < argc && cli_plan_is_command(argv[first]))
		rc = cli_plan_run(&opts, argc - first, argv + first);
	else if (first < argc && cli_res_is_command(argv[first]))
		rc = cli_res_run(&opts, argc - first, argv + first);
	else if (first < argc)
		rc = cli_run(&opts, argc - first, argv + first);
	else
		rc = run_console(&opts);
	timefmt_reset();
	cf_global_cleanup();
	return rc;
}
