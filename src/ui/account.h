/* account.h: the account picker (start-up without an account, and :account) drawn over the frame. */
#ifndef CFCONSOLE_UI_ACCOUNT_H
#define CFCONSOLE_UI_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/line.h"

struct ui;
struct ui_account;

/*
 * Opens the picker over the screen with n accounts (copied; names may be
 * NULL). current (may be NULL) is the account in use: it is marked and
 * selected. startup: there is no account yet, so Esc/q quit the program
 * (ui->quit and ui->quit_no_account) instead of closing the picker.
 * Replaces an open picker. UI thread.
 */
void account_picker_open(struct ui *ui, const struct ui_account *items,
			 size_t n, const char *current, bool startup);

/* True while the picker is open. */
bool account_picker_is_open(const struct ui *ui);

/* How many accounts the filter shows (0 while closed). */
size_t account_picker_shown(const struct ui *ui);

/* The id of the selected account (owned by the picker: valid until it
 * changes or closes), or NULL when no row is shown or it is closed. */
const char *account_picker_selected_id(const struct ui *ui);

/*
 * A key while the picker is open (fkey as in keys_handle): j/k/arrows,
 * g/G/Home/End, PgUp/PgDn move; '/' types a filter (name or id substring,
 * any case; Enter or arrows end typing, Esc clears it); Enter chooses
 * through ui->account.choose; Esc/q close (or quit at start-up). Returns
 * enum cmd_reaction flags.
 */
unsigned account_picker_key(struct ui *ui, int key, bool fkey);

/*
 * A mouse click at screen cell (x, y): a row selects, a double click (or
 * a click on the selected row) chooses; a click outside is ignored.
 * Returns enum cmd_reaction flags.
 */
unsigned account_picker_click(struct ui *ui, int x, int y, bool dbl);

/* Draws the open picker over frame (width x height lines), centred. */
void account_picker_compose(struct ui *ui, int width, int height,
			    struct lines *frame);

/* Frees the picker (closed afterwards). */
void account_picker_free(struct ui *ui);

/* The :account command: asks ui->account.list for the accounts. */
unsigned account_cmd(struct ui *ui, const char *args);

#endif
