/* main.c: cfconsole entry point: options, start-up order, the console or a headless subcommand. */
#include <locale.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cli.h"
#include "cfconsole/cli_oncall.h"
#include "cfconsole/cli_plan.h"
#include "cfconsole/cli_res.h"
#include "cfconsole/health.h"
#include "cfconsole/jobs.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/session.h"
#include "cfconsole/store.h"
#include "cfconsole/theme_def.h"
#include "cfconsole/timefmt.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/oncall.h"
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

	po.client = session_new_client_opts(s, NULL, 1, &err);
	if (!po.client) {
		cf_error_format(&err, msg, size);
		cf_error_clear(&err);
		return NULL;
	}
	po.account_id = s->account_id;
	/* ui.health_poll_interval: pools on screen; ui.idle_poll_interval:
	 * the rest (the poller may stretch both to stay in its budget). */
	po.focus_interval_s = (unsigned)s->config.ui.health_poll_interval;
	po.background_interval_s = (unsigned)s->config.ui.idle_poll_interval;
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

/* :account without a list in the session: a worker fetches /accounts. */
struct account_fetch {
	atomic_bool done;
	bool ok;
	struct cf_account_list al;
	char msg[256];
};

/*
 * What the console runs on for one account. An account switch stops the
 * worker and the poller, resets the store and starts them again for the
 * new account (their account id is fixed when they start).
 */
struct console {
	struct session *s;
	struct store *store;
	struct jobs *jobs;
	struct health_model *model;
	struct poller *poller;
	struct journal *journal;
	struct ui *ui;
	char *label;                  /* header: account name or id */
	struct cf_account_list known; /* fetched for :account */
	struct account_fetch *fetch;  /* in flight, or NULL */
	char pmsg[512], jmsg[512];    /* why the poller/journal did not start */
};

/* Starts the worker, health model, poller and journal for s->account_id.
 * Only the worker is required: false with msg filled when it fails. */
static bool
console_attach(struct console *con, char *msg, size_t size)
{
	struct session *s = con->s;
	struct cf_error err = { 0 };

	con->pmsg[0] = con->jmsg[0] = '\0';
	con->jobs = jobs_start(con->store,
			       &(struct jobs_options){ .new_client = new_client,
						       .client_ud = s,
						       .account_id =
							       s->account_id },
			       &err);
	if (!con->jobs) {
		cf_error_format(&err, msg, size);
		cf_error_clear(&err);
		return false;
	}
	con->model = health_model_new();
	if (!con->model) {
		snprintf(msg, size, "out of memory");
		return false;
	}
	con->poller = start_poller(s, con->store, con->model, con->pmsg,
				   sizeof(con->pmsg));
	/* No journal, no changes: every mutation must leave an audit trail.
	 * A read-only session never writes one. */
	if (!s->readonly)
		con->journal = journal_open(NULL,
					    s->profile ? s->profile->name
						       : NULL,
					    s->account_id, con->jmsg,
					    sizeof(con->jmsg));
	return true;
}

/* Workers and the poller first: tasks point into the ui and the model. */
static void
console_detach(struct console *con)
{
	jobs_stop(con->jobs);
	con->jobs = NULL;
	poller_stop(con->poller);
	con->poller = NULL;
	if (con->ui) {
		con->ui->jobs = NULL;
		con->ui->poller = NULL;
		con->ui->journal = NULL;
		oncall_set_model(con->ui, NULL);
	}
	journal_free(con->journal);
	con->journal = NULL;
	health_model_free(con->model);
	con->model = NULL;
}

/* Hands the console's parts to the ui and says what did not start. */
static void
console_wire(struct console *con)
{
	struct ui *ui = con->ui;

	ui->jobs = con->jobs;
	ui->poller = con->poller;
	ui->journal = con->journal;
	oncall_set_model(ui, con->model);
	ui->info.account = con->label;
	if (con->jobs && !con->poller)
		ui_status(ui, THEME_ROLE_ERROR, "health poller: %s", con->pmsg);
	else if (con->jobs && !con->s->readonly && !con->journal)
		ui_status(ui, THEME_ROLE_ERROR,
			  "journal: %s (origin changes are disabled)",
			  con->jmsg);
}

static bool
console_set_label(struct console *con, const char *name, const char *id)
{
	char *l = strdup(name && *name ? name : id);

	if (!l)
		return false;
	free(con->label);
	con->label = l;
	if (con->ui)
		con->ui->info.account = con->label;
	return true;
}

/* ui->account.choose: switch to account id. */
static bool
console_choose(struct ui *ui, const char *id, const char *name, void *ud)
{
	struct console *con = ud;
	struct session *s = con->s;
	struct config_error cerr = { 0 };
	char msg[512];

	if (con->jobs && s->account_id && !strcmp(s->account_id, id)) {
		ui_status(ui, THEME_ROLE_INFO, "already working in %s",
			  con->label ? con->label : id);
		return true;
	}
	if (oncall_busy(ui)) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "a change or probe is still running: switch accounts "
			  "when it is done");
		return false;
	}
	if (!session_set_account(s, id, &cerr)) {
		ui_status(ui, THEME_ROLE_ERROR, "%s", cerr.msg);
		return false;
	}
	console_detach(con);
	store_reset(con->store);
	if (!console_set_label(con, name, id))
		line_oom();
	if (!console_attach(con, msg, sizeof(msg))) {
		console_wire(con);
		ui_reset_account(ui);
		ui_status(ui, THEME_ROLE_ERROR, "account %s: %s", con->label,
			  msg);
		return true;
	}
	console_wire(con);
	ui_reset_account(ui);
	if (!ui->status[0] || ui->status_role != THEME_ROLE_ERROR)
		ui_status(ui, THEME_ROLE_SUCCESS, "account: %s (%s)",
			  con->label, id);
	return true;
}

static void
open_picker(struct console *con, const struct cf_account_list *al,
	    bool startup)
{
	struct ui_account *items = calloc(al->n ? al->n : 1, sizeof(*items));
	size_t i;

	if (!items)
		line_oom();
	for (i = 0; i < al->n; i++) {
		items[i].id = al->items[i].id;
		items[i].name = al->items[i].name;
	}
	account_picker_open(con->ui, items, al->n, con->s->account_id,
			    startup);
	free(items);
}

/* Worker: GET /accounts for the picker. */
static void
fetch_task(struct cf_client *c, const atomic_bool *cancel,
	   const struct cf_error *err, void *ud)
{
	struct account_fetch *f = ud;
	struct cf_error e = { 0 };

	(void)cancel;
	if (!c) {
		if (err)
			cf_error_format(err, f->msg, sizeof(f->msg));
		else
			snprintf(f->msg, sizeof(f->msg), "cancelled");
	} else if (cf_accounts_list(c, &f->al, &e) == CF_OK) {
		f->ok = true;
	} else {
		cf_error_format(&e, f->msg, sizeof(f->msg));
	}
	cf_error_clear(&e);
	atomic_store(&f->done, true);
}

/* ui->account.list: the picker, at once when the accounts are known. */
static unsigned
console_list(struct ui *ui, void *ud)
{
	struct console *con = ud;

	if (con->s->accounts.n) {
		open_picker(con, &con->s->accounts, false);
		return CMD_REDRAW;
	}
	if (con->known.n) {
		open_picker(con, &con->known, false);
		return CMD_REDRAW;
	}
	if (con->fetch) {
		ui_status(ui, THEME_ROLE_INFO, "still listing the accounts...");
		return CMD_OK;
	}
	if (!con->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "not connected");
		return CMD_FAILED;
	}
	con->fetch = calloc(1, sizeof(*con->fetch));
	if (!con->fetch)
		line_oom();
	if (!jobs_task(con->jobs, fetch_task, con->fetch)) {
		free(con->fetch);
		con->fetch = NULL;
		ui_status(ui, THEME_ROLE_ERROR, "cannot list the accounts now");
		return CMD_FAILED;
	}
	ui_status(ui, THEME_ROLE_INFO, "listing the accounts...");
	return CMD_REDRAW;
}

/* ui->account.poll: opens the picker once the worker has the list. */
static bool
console_poll(struct ui *ui, void *ud)
{
	struct console *con = ud;
	struct account_fetch *f = con->fetch;

	if (!f || !atomic_load(&f->done))
		return false;
	con->fetch = NULL;
	if (f->ok) {
		cf_account_list_free(&con->known);
		con->known = f->al;
		ui->status[0] = '\0';
		open_picker(con, &con->known, false);
	} else {
		ui_status(ui, THEME_ROLE_ERROR, "cannot list the accounts: %s",
			  f->msg);
		cf_account_list_free(&f->al);
	}
	free(f);
	return true;
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
		if (!console_attach(&con, msg, sizeof(msg))) {
			fprintf(stderr, "cfconsole: %s\n", msg);
			goto out;
		}
		if (!console_set_label(&con, con.s->account_name,
				       con.s->account_id)) {
			fprintf(stderr, "cfconsole: out of memory\n");
			goto out;
		}
	}
	ui_init(&ui, con.store, NULL);
	ui_up = true;
	con.ui = &ui;
	theme_free(&ui.theme);
	ui.theme = theme;
	memset(&theme, 0, sizeof(theme));
	ui.readonly = con.s->readonly;
	ui.confirm_quit = con.s->config.ui.confirm_quit;
	ui.refresh_s = con.s->config.ui.poll_interval;
	ui.confirm_disable_always =
		con.s->config.ui.confirm_disable == CONFIG_CONFIRM_ALWAYS;
	ui.no_color = con.s->no_color;
	ui.info.profile = con.s->profile ? con.s->profile->name : NULL;
	ui.info.host = con.s->host;
	ui.info.version = CFCONSOLE_VERSION;
	ui.account.list = console_list;
	ui.account.poll = console_poll;
	ui.account.choose = console_choose;
	ui.account.ud = &con;
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
	console_wire(&con);
	/* Zones first; pools and monitors too, so names resolve everywhere. */
	ui_show(&ui, 0, NULL, NULL, false);
	if (pick) {
		open_picker(&con, &con.s->accounts, true);
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
	console_detach(&con);
	if (con.fetch) /* done: jobs_stop ran every task */
		cf_account_list_free(&con.fetch->al);
	free(con.fetch);
	if (ui_up)
		ui_free(&ui);
	cf_account_list_free(&con.known);
	free(con.label);
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

	start_ms_ = mono_ms();
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
