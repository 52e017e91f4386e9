/* account_switch.h: what the console runs on for one account (worker, poller, journal) and switching it to another. */
#ifndef CFCONSOLE_UI_ACCOUNT_SWITCH_H
#define CFCONSOLE_UI_ACCOUNT_SWITCH_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_models.h"

struct completion;
struct health_model;
struct jobs;
struct journal;
struct poller;
struct session;
struct store;
struct ui;
struct account_fetch;

/*
 * What the console runs on for one account. An account switch stops the
 * worker and the poller, resets the store and starts them again for the
 * new account (their account id is fixed when they start). The caller
 * (main.c) fills s and store, then calls account_switch_attach; everything
 * here runs on the UI thread.
 */
struct console {
	struct session *s;   /* not owned */
	struct store *store; /* not owned */
	struct jobs *jobs;
	struct health_model *model;
	struct poller *poller;
	struct journal *journal;
	struct ui *ui;		      /* set by account_switch_hook */
	char *label;		      /* header: account name or id */
	struct cf_account_list known; /* fetched for :account */
	struct account_fetch *fetch;  /* in flight, or NULL */
	char pmsg[512], jmsg[512];    /* why the poller/journal did not start */
};

/*
 * Starts the worker, health model, poller and journal for s->account_id.
 * Only the worker is required: false with msg filled when it fails.
 */
bool account_switch_attach(struct console *con, char *msg, size_t size);

/*
 * Stops the workers and the poller first (tasks point into the ui and the
 * model), then frees the journal and the model and unhooks them from the
 * ui. Safe on a console never attached.
 */
void account_switch_detach(struct console *con);

/* Hands the console's parts to the ui and says what did not start. */
void account_switch_wire(struct console *con);

/* The header's account name (name, or id when name is empty); false on
 * OOM. */
bool account_switch_label(struct console *con, const char *name,
			  const char *id);

/* Points ui at con: sets con->ui and the ui's account hooks (:account
 * lists, the picker's choice switches). */
void account_switch_hook(struct console *con, struct ui *ui);

/* Opens the picker over al (startup: no account yet, Esc quits). */
void account_switch_pick(struct console *con, const struct cf_account_list *al,
			 bool startup);

/*
 * COMPLETION_ACCOUNTS from ui_sync: the list :account asked a worker for
 * arrived (or failed): opens the picker or says why. Takes the payload
 * (c->payload becomes NULL). Returns true (the screen changed).
 */
bool account_switch_listed(struct ui *ui, struct completion *c);

/*
 * COMPLETION_ACCOUNT_SWITCH from ui_sync: the picker chose another account
 * (the session already points at it): stops the worker, poller and journal,
 * resets the store, starts them for the new account and resets the panes
 * (ui_reset_account); the status line says how it went. Takes the payload.
 * Returns true.
 */
bool account_switch_chosen(struct ui *ui, struct completion *c);

/* Frees what con owns besides the attached parts (detach first). */
void account_switch_free(struct console *con);

#endif
