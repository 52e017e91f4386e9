/* account_switch.c: what the console runs on for one account (worker, poller, journal) and switching it to another. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/cf_api.h"
#include "cfconsole/completion.h"
#include "cfconsole/health.h"
#include "cfconsole/jobs.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/session.h"
#include "cfconsole/store.h"
#include "ui/account.h"
#include "ui/account_switch.h"
#include "ui/oncall.h"
#include "ui/ui.h"

/* :account without a list in the session: a worker fetches /accounts and
 * posts this as COMPLETION_ACCOUNTS (the queue's mutex hands it over). */
struct account_fetch {
	struct console *con;
	bool ok;
	struct cf_account_list al;
	char msg[256];
};

static void
fetch_free(void *p)
{
	struct account_fetch *f = p;

	cf_account_list_free(&f->al);
	free(f);
}

/* jobs_client_fn over the session: one client per job, same credentials. */
static struct cf_client *
new_client(void *ud, const atomic_bool *cancel, struct cf_error *err)
{
	return session_new_client(ud, cancel, err);
}

/* Poller -> UI: a folded COMPLETION_HEALTH (async-safe, quick). */
static void
poller_notify(void *ud)
{
	completion_post(store_completions(ud), COMPLETION_HEALTH, NULL, NULL,
			0);
}

static bool
env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

/*
 * The health model and poller of the console: its own client (a client
 * belongs to one thread). A poller that cannot start is not fatal: the
 * console works without live health and says so.
 */
static struct poller *
start_poller(struct session *s, struct store *store, struct health_model *model,
	     char *msg, size_t size)
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

bool
account_switch_attach(struct console *con, char *msg, size_t size)
{
	struct session *s = con->s;
	struct cf_error err = { 0 };

	con->pmsg[0] = con->jmsg[0] = '\0';
	con->jobs = jobs_start(
		con->store,
		&(struct jobs_options){ .new_client = new_client,
					.client_ud = s,
					.account_id = s->account_id },
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
		con->journal = journal_open(
			NULL, s->profile ? s->profile->name : NULL,
			s->account_id, con->jmsg, sizeof(con->jmsg));
	return true;
}

void
account_switch_detach(struct console *con)
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

void
account_switch_wire(struct console *con)
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

bool
account_switch_label(struct console *con, const char *name, const char *id)
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

/* The picker's choice, on its way to the switch (COMPLETION_ACCOUNT_SWITCH). */
struct account_choice {
	struct console *con;
	char *id, *name;
};

static void
choice_free(void *p)
{
	struct account_choice *ch = p;

	free(ch->id);
	free(ch->name);
	free(ch);
}

/* Stops everything for the old account and starts it for s->account_id. */
static void
switch_now(struct console *con, const char *id, const char *name)
{
	struct ui *ui = con->ui;
	char msg[512];

	account_switch_detach(con);
	store_reset(con->store);
	if (!account_switch_label(con, name, id))
		line_oom();
	if (!account_switch_attach(con, msg, sizeof(msg))) {
		account_switch_wire(con);
		ui_reset_account(ui);
		ui_status(ui, THEME_ROLE_ERROR, "account %s: %s", con->label,
			  msg);
		return;
	}
	account_switch_wire(con);
	ui_reset_account(ui);
	if (!ui->status[0] || ui->status_role != THEME_ROLE_ERROR)
		ui_status(ui, THEME_ROLE_SUCCESS, "account: %s (%s)",
			  con->label, id);
}

/*
 * ui->account.choose: what can be refused is refused here (the picker then
 * stays open); the switch itself is posted and runs from ui_sync, after the
 * picker's key is done with the picker, before the next frame.
 */
static bool
console_choose(struct ui *ui, const char *id, const char *name, void *ud)
{
	struct console *con = ud;
	struct session *s = con->s;
	struct config_error cerr = { 0 };
	struct account_choice *ch;

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
	ch = xcalloc(1, sizeof(*ch));
	ch->con = con;
	ch->id = xstrdup(id);
	ch->name = name ? xstrdup(name) : NULL;
	/* Out of memory there (ch is freed): switch now instead. */
	if (!completion_post(store_completions(con->store),
			     COMPLETION_ACCOUNT_SWITCH, ch, choice_free, 0))
		switch_now(con, id, name);
	return true;
}

bool
account_switch_chosen(struct ui *ui, struct completion *c)
{
	struct account_choice *ch = c->payload;

	(void)ui;
	c->payload = NULL;
	switch_now(ch->con, ch->id, ch->name);
	choice_free(ch);
	return true;
}

void
account_switch_pick(struct console *con, const struct cf_account_list *al,
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
	account_picker_open(con->ui, items, al->n, con->s->account_id, startup);
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
	completion_post(store_completions(f->con->store), COMPLETION_ACCOUNTS,
			f, fetch_free, 0);
}

/* ui->account.list: the picker, at once when the accounts are known. */
static unsigned
console_list(struct ui *ui, void *ud)
{
	struct console *con = ud;

	if (con->s->accounts.n) {
		account_switch_pick(con, &con->s->accounts, false);
		return CMD_REDRAW;
	}
	if (con->known.n) {
		account_switch_pick(con, &con->known, false);
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
	con->fetch = xcalloc(1, sizeof(*con->fetch));
	con->fetch->con = con;
	if (!jobs_task(con->jobs, fetch_task, con->fetch)) {
		free(con->fetch);
		con->fetch = NULL;
		ui_status(ui, THEME_ROLE_ERROR, "cannot list the accounts now");
		return CMD_FAILED;
	}
	ui_status(ui, THEME_ROLE_INFO, "listing the accounts...");
	return CMD_REDRAW;
}

bool
account_switch_listed(struct ui *ui, struct completion *c)
{
	struct account_fetch *f = c->payload;
	struct console *con = f->con;

	c->payload = NULL;
	con->fetch = NULL;
	if (f->ok) {
		cf_account_list_free(&con->known);
		con->known = f->al;
		memset(&f->al, 0, sizeof(f->al));
		ui->status[0] = '\0';
		account_switch_pick(con, &con->known, false);
	} else {
		ui_status(ui, THEME_ROLE_ERROR, "cannot list the accounts: %s",
			  f->msg);
	}
	fetch_free(f);
	return true;
}

void
account_switch_hook(struct console *con, struct ui *ui)
{
	con->ui = ui;
	ui->account.list = console_list;
	ui->account.choose = console_choose;
	ui->account.ud = con;
}

void
account_switch_free(struct console *con)
{
	/* A fetch still in flight is the completion queue's to free. */
	con->fetch = NULL;
	cf_account_list_free(&con->known);
	free(con->label);
	con->label = NULL;
}
