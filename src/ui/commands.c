/* commands.c: the command table (name, alias, keys, help, flags, handler) and everything derived from it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/cf_models.h"
#include "ui/account.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/display.h"
#include "ui/oncall.h"
#include "ui/prompt.h"
#include "ui/res.h"
#include "ui/script_wait.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/viewer.h"
#include "ui/wizard.h"

/* ---- handlers -------------------------------------------------------------- */

/* Finds a zone by name or id in the snapshot. */
static const struct cf_zone *
find_zone(const struct ui *ui, const char *name)
{
	const struct store_res *r = ui->snap->res[STORE_ZONES];
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct cf_zone *z = store_zone(r, i);

		if ((z->name && !strcasecmp(z->name, name)) ||
		    (z->id && !strcmp(z->id, name)))
			return z;
	}
	return NULL;
}

/* Whether the pane's command takes a zone (DNS, LBs: the panes a zone
 * scopes); the others take no argument. */
static bool
takes_zone(const struct pane_ops *ops)
{
	return ops->scope_from == &zones_pane_ops;
}

/* The handler of every pane's command (command.pane): shows it, scoped to
 * the zone named in args if it takes one. */
static unsigned
show_pane(struct ui *ui, const struct pane_ops *ops, const char *args)
{
	int idx = pane_index(ops);
	const struct cf_zone *z;

	if (args && *args) {
		if (!takes_zone(ops)) {
			ui_status(ui, THEME_ROLE_ERROR, ":%s takes no argument",
				  ops->name);
			return CMD_FAILED;
		}
		z = find_zone(ui, args);
		if (!z) {
			ui_status(ui, THEME_ROLE_ERROR, "no zone called '%s'%s",
				  args,
				  ui->snap->res[STORE_ZONES]->state ==
						  STORE_READY
					  ? ""
					  : " (zones are still loading)");
			return CMD_FAILED;
		}
		return ui_show(ui, idx, z->id, z->name, true) ? CMD_REDRAW
							      : CMD_FAILED;
	}
	return ui_show(ui, idx, NULL, NULL, false) ? CMD_REDRAW : CMD_FAILED;
}

static unsigned
cmd_next_tab(struct ui *ui, const char *args)
{
	(void)args;
	ui_show(ui, (ui->cur + 1) % UI_NPANES, NULL, NULL, false);
	return CMD_REDRAW;
}

static unsigned
cmd_prev_tab(struct ui *ui, const char *args)
{
	(void)args;
	ui_show(ui, (ui->cur + UI_NPANES - 1) % UI_NPANES, NULL, NULL, false);
	return CMD_REDRAW;
}

/* Moves the selection (the viewer scrolls itself: viewer.c). */
static unsigned
move(struct ui *ui, long delta)
{
	pane_move(ui_pane(ui), delta);
	return CMD_REDRAW;
}

static long
page(const struct ui *ui)
{
	long h = ui->panes[ui->cur]->height;

	return h > 1 ? h - 1 : 1;
}

static unsigned
cmd_down(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, 1);
}

static unsigned
cmd_up(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, -1);
}

static unsigned
cmd_top(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, -1000000000L);
}

static unsigned
cmd_bottom(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, 1000000000L);
}

static unsigned
cmd_page_down(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, page(ui));
}

static unsigned
cmd_page_up(struct ui *ui, const char *args)
{
	(void)args;
	return move(ui, -page(ui));
}

static unsigned
cmd_enter(struct ui *ui, const char *args)
{
	(void)args;
	return ui_enter(ui) ? CMD_REDRAW : CMD_FAILED;
}

static unsigned
cmd_back(struct ui *ui, const char *args)
{
	struct pane *p = ui_pane(ui);

	(void)args;
	if (p->filter) {
		pane_set_filter(p, NULL);
		ui_status(ui, THEME_ROLE_INFO, "filter cleared");
		return CMD_REDRAW;
	}
	ui_back(ui);
	return CMD_REDRAW;
}

static unsigned
quit_answer(struct ui *ui, bool yes, void *ud)
{
	(void)ui;
	(void)ud;
	return yes ? CMD_QUIT : CMD_OK;
}

/* Quits, or asks first when ui.opts.confirm_quit is set. */
static unsigned
quit_or_ask(struct ui *ui)
{
	if (!ui->opts.confirm_quit)
		return CMD_QUIT;
	{
		/* Quitting changes nothing remotely: Enter may mean yes. */
		struct dialog_spec spec = {
			.title = "Quit",
			.text = "Quit cfconsole?",
			.enter_yes = true,
			.fn = quit_answer,
		};

		dialog_ask(ui, &spec);
	}
	return CMD_REDRAW;
}

static unsigned
cmd_close(struct ui *ui, const char *args)
{
	(void)args;
	if (ui_back(ui))
		return CMD_REDRAW;
	return quit_or_ask(ui);
}

static unsigned
cmd_quit(struct ui *ui, const char *args)
{
	(void)args;
	return quit_or_ask(ui);
}

static unsigned
cmd_command(struct ui *ui, const char *args)
{
	(void)args;
	prompt_open(ui, false, "");
	return CMD_REDRAW;
}

static unsigned
cmd_filter(struct ui *ui, const char *args)
{
	struct pane *p = ui_pane(ui);

	if (args && *args) {
		pane_set_filter(p, args);
		return CMD_REDRAW;
	}
	prompt_open(ui, true, p->filter);
	return CMD_REDRAW;
}

static unsigned
cmd_help_fn(struct ui *ui, const char *args)
{
	struct lines text = { 0 };

	(void)args;
	cmd_help(ui, &text);
	viewer_open(ui, "Help", &text);
	return CMD_REDRAW;
}

static unsigned
cmd_describe(struct ui *ui, const char *args)
{
	(void)args;
	return ui_describe(ui) ? CMD_REDRAW : CMD_FAILED;
}

static unsigned
cmd_json(struct ui *ui, const char *args)
{
	struct pane *p = ui_pane(ui);
	const void *obj = pane_selected(p);
	struct lines text = { 0 };
	const char *raw;
	char *pretty, title[256];

	(void)args;
	raw = obj && p->ops->raw ? p->ops->raw(obj) : NULL;
	if (!raw) {
		ui_status(ui, THEME_ROLE_WARNING, "no JSON for this object");
		return CMD_FAILED;
	}
	pretty = cf_json_pretty(raw);
	lines_add_text(&text, THEME_ROLE_NORMAL, pretty ? pretty : raw);
	free(pretty);
	snprintf(title, sizeof(title), "JSON: %s %s", p->ops->name,
		 p->ops->label && p->ops->label(obj) ? p->ops->label(obj) : "");
	viewer_open(ui, title, &text);
	return CMD_REDRAW;
}

static unsigned
cmd_refresh(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "not connected");
		return CMD_FAILED;
	}
	ui_request(ui, true);
	ui_status(ui, THEME_ROLE_INFO, "refreshing %s", ui_pane(ui)->ops->name);
	return CMD_REDRAW;
}

static unsigned
cmd_redraw(struct ui *ui, const char *args)
{
	(void)args;
	ui->dirty |= UI_DIRTY_CLEAR;
	return CMD_REDRAW;
}

/* Column index by number (1-based) or title prefix; -1 none, -2 bad. */
static int
column_arg(const struct pane *p, const char *args)
{
	size_t c, n;
	char *end;
	long v;

	if (!args || !*args)
		return -1;
	v = strtol(args, &end, 10);
	if (!*end)
		return v >= 1 && (size_t)v <= p->ops->ncols ? (int)v - 1 : -2;
	n = strlen(args);
	for (c = 0; c < p->ops->ncols; c++)
		if (!strncasecmp(p->ops->cols[c].title, args, n))
			return (int)c;
	return -2;
}

static unsigned
cmd_sort(struct ui *ui, const char *args)
{
	struct pane *p = ui_pane(ui);
	int col = column_arg(p, args);

	if (col == -2) {
		ui_status(ui, THEME_ROLE_ERROR, "no column '%s' in %s", args,
			  p->ops->name);
		return CMD_FAILED;
	}
	if (col == -1) /* cycle: API order, then every column */
		col = p->sort_col + 1 >= (int)p->ops->ncols ? -1
							    : p->sort_col + 1;
	pane_sort(p, col, p->sort_desc && col == p->sort_col);
	if (col < 0)
		ui_status(ui, THEME_ROLE_INFO,
			  "sorted as the API returns them");
	else
		ui_status(ui, THEME_ROLE_INFO, "sorted by %s",
			  p->ops->cols[col].title);
	return CMD_REDRAW;
}

static unsigned
cmd_sort_reverse(struct ui *ui, const char *args)
{
	struct pane *p = ui_pane(ui);

	(void)args;
	pane_sort(p, p->sort_col < 0 ? 0 : p->sort_col, !p->sort_desc);
	return CMD_REDRAW;
}

static unsigned
cmd_theme(struct ui *ui, const char *args)
{
	if (!args || !*args) {
		ui_status(ui, THEME_ROLE_INFO, "theme: %s",
			  ui->theme.name ? ui->theme.name : "builtin");
		return CMD_OK;
	}
	return ui_theme_set(ui, args) ? CMD_REDRAW : CMD_FAILED;
}

static unsigned
cmd_save_display(struct ui *ui, const char *args)
{
	if (!args || !*args) {
		ui_status(ui, THEME_ROLE_ERROR, "usage: :save-display FILE");
		return CMD_FAILED;
	}
	return display_save(ui, args) ? CMD_OK : CMD_FAILED;
}

/* ---- the table ------------------------------------------------------------- */

const struct command cmd_table[] = {
	{ .name = "zones",
	  .alias = "z",
	  .key = "1",
	  .help = "show zones",
	  .flags = CMD_ARGS,
	  .pane = &zones_pane_ops },
	{ .name = "dns",
	  .alias = "records",
	  .key = "2",
	  .help = "show DNS records (of ZONE, or the selected zone)",
	  .flags = CMD_ARGS,
	  .pane = &dns_pane_ops },
	{ .name = "lbs",
	  .alias = "lb",
	  .key = "3",
	  .help = "show load balancers (of ZONE, or the selected zone)",
	  .flags = CMD_ARGS,
	  .pane = &lbs_pane_ops },
	{ .name = "pools",
	  .alias = "pool",
	  .key = "4",
	  .help = "show pools",
	  .flags = CMD_ARGS,
	  .pane = &pools_pane_ops },
	{ .name = "origins",
	  .alias = "or",
	  .key = "5",
	  .help = "show the origins of the selected pool",
	  .flags = CMD_ARGS,
	  .pane = &origins_pane_ops },
	{ .name = "monitors",
	  .alias = "mon",
	  .key = "6",
	  .help = "show monitors",
	  .flags = CMD_ARGS,
	  .pane = &monitors_pane_ops },
	{ .name = "health",
	  .alias = "he",
	  .key = "7",
	  .help = "show live health of every pool and origin",
	  .pane = &health_pane_ops },
	{ .name = "events",
	  .alias = "ev",
	  .help = "show the health event log (newest first)",
	  .fn = oncall_events },
	{ .name = "toggle-events",
	  .key = "v",
	  .help = "Health pane: event log or details below the list",
	  .fn = oncall_toggle_events },
	{ .name = "toggle",
	  .key = "Space",
	  .help = "enable/disable the selected origin or load balancer "
		  "(safe, verified)",
	  .flags = CMD_MUTATES | CMD_NEEDS_SELECTION,
	  .fn = oncall_toggle },
	{ .name = "edit",
	  .key = "e",
	  .help = "edit the selected record, monitor, pool or LB in a form "
		  "(origin: WEIGHT and/or on|off)",
	  .flags = CMD_MUTATES | CMD_NEEDS_SELECTION | CMD_ARGS,
	  .fn = res_cmd_edit },
	{ .name = "undo",
	  .key = "u",
	  .help = "undo this console's last change; again for the one before",
	  .flags = CMD_MUTATES,
	  .fn = oncall_undo },
	{ .name = "probe",
	  .key = "l",
	  .help = "probe the selected origin from here with its monitor",
	  .flags = CMD_NEEDS_SELECTION,
	  .fn = oncall_probe },
	{ .name = "pause",
	  .key = "p",
	  .help = "pause or resume health polling",
	  .fn = oncall_pause },
	{ .name = "journal",
	  .alias = "jo",
	  .help = "show the change journal (newest first)",
	  .fn = oncall_journal },
	{ .name = "next-tab",
	  .key = "Tab",
	  .help = "next pane",
	  .fn = cmd_next_tab },
	{ .name = "prev-tab",
	  .key = "BTab",
	  .help = "previous pane",
	  .fn = cmd_prev_tab },
	{ .name = "down",
	  .key = "j",
	  .key2 = "Down",
	  .help = "move down",
	  .fn = cmd_down },
	{ .name = "up",
	  .key = "k",
	  .key2 = "Up",
	  .help = "move up",
	  .fn = cmd_up },
	{ .name = "top",
	  .key = "g",
	  .key2 = "Home",
	  .help = "go to the first row",
	  .fn = cmd_top },
	{ .name = "bottom",
	  .key = "G",
	  .key2 = "End",
	  .help = "go to the last row",
	  .fn = cmd_bottom },
	{ .name = "page-down",
	  .key = "PgDn",
	  .key2 = "^F",
	  .help = "move one page down",
	  .fn = cmd_page_down },
	{ .name = "page-up",
	  .key = "PgUp",
	  .key2 = "^B",
	  .help = "move one page up",
	  .fn = cmd_page_up },
	{ .name = "enter",
	  .key = "Enter",
	  .help = "drill down: zone to records, LB to pools, pool to origins",
	  .flags = CMD_NEEDS_SELECTION,
	  .fn = cmd_enter },
	{ .name = "back",
	  .key = "Esc",
	  .help = "close, clear the filter, or go back",
	  .fn = cmd_back },
	{ .name = "close",
	  .key = "q",
	  .help = "go back, or quit at the top",
	  .fn = cmd_close },
	{ .name = "quit",
	  .alias = "q",
	  .key = "Q",
	  .help = "quit cfconsole",
	  .fn = cmd_quit },
	{ .name = "command",
	  .key = ":",
	  .help = "enter a command",
	  .fn = cmd_command },
	{ .name = "filter",
	  .key = "/",
	  .help = "filter the list (substring; Esc clears)",
	  .flags = CMD_ARGS,
	  .fn = cmd_filter },
	{ .name = "help",
	  .alias = "h",
	  .key = "?",
	  .help = "show this help",
	  .fn = cmd_help_fn },
	{ .name = "describe",
	  .alias = "desc",
	  .key = "i",
	  .help = "every field of the selected object",
	  .flags = CMD_NEEDS_SELECTION,
	  .fn = cmd_describe },
	{ .name = "json",
	  .alias = "raw",
	  .key = "y",
	  .help = "raw JSON of the selected object",
	  .flags = CMD_NEEDS_SELECTION,
	  .fn = cmd_json },
	{ .name = "refresh",
	  .key = "r",
	  .help = "reload the list now (Health: poll now, unpaced)",
	  .fn = cmd_refresh },
	{ .name = "redraw",
	  .key = "^L",
	  .help = "repaint the screen",
	  .fn = cmd_redraw },
	{ .name = "sort",
	  .key = "s",
	  .help = "sort by the next column (or by COLUMN)",
	  .flags = CMD_ARGS,
	  .fn = cmd_sort },
	{ .name = "sort-reverse",
	  .key = "S",
	  .help = "reverse the sort order",
	  .fn = cmd_sort_reverse },
	{ .name = "wizard",
	  .alias = "wiz",
	  .key = "w",
	  .help = "setup wizard: monitor, pool, load balancer, CNAME (in "
		  "ZONE, or the selected zone)",
	  .flags = CMD_MUTATES | CMD_ARGS,
	  .fn = wizard_cmd },
	{ .name = "new",
	  .key = "n",
	  .help = "create a record, monitor, pool or LB in a form (this "
		  "pane's kind)",
	  .flags = CMD_MUTATES,
	  .fn = res_cmd_new },
	{ .name = "delete",
	  .alias = "del",
	  .key = "d",
	  .help = "delete the selected record, monitor, pool or LB (asks; "
		  "u recreates it)",
	  .flags = CMD_MUTATES | CMD_NEEDS_SELECTION,
	  .fn = res_cmd_delete },
	{ .name = "edit-json",
	  .key = "E",
	  .help = "edit the selected object's JSON in $VISUAL/$EDITOR "
		  "(diff, then apply)",
	  .flags = CMD_MUTATES | CMD_NEEDS_SELECTION,
	  .fn = res_cmd_edit_json },
	{ .name = "proxied",
	  .key = "P",
	  .help = "turn proxied on/off on the selected A, AAAA or CNAME "
		  "record",
	  .flags = CMD_MUTATES | CMD_NEEDS_SELECTION,
	  .fn = res_cmd_proxied },
	{ .name = "account",
	  .alias = "acc",
	  .help = "choose the account to work in (a picker)",
	  .fn = account_cmd },
	{ .name = "theme",
	  .help = "switch to theme NAME",
	  .flags = CMD_ARGS,
	  .fn = cmd_theme },
	{ .name = "save-display",
	  .help = "write the screen to FILE",
	  .flags = CMD_ARGS | CMD_SCRIPT,
	  .fn = cmd_save_display },
	{ .name = "wait-idle",
	  .help = "wait until no load is pending",
	  .flags = CMD_SCRIPT,
	  .fn = script_wait_idle_cmd },
	{ .name = "wait-rows",
	  .help = "wait until the current list shows a row",
	  .flags = CMD_SCRIPT,
	  .fn = script_wait_rows_cmd },
	{ .name = "poll-now",
	  .help = "poll health now",
	  .flags = CMD_SCRIPT,
	  .fn = oncall_poll_now },
	{ .name = "wait-health",
	  .help = "wait (240 s at most) until POOL[/ORIGIN] shows STATE",
	  .flags = CMD_ARGS | CMD_SCRIPT,
	  .fn = script_wait_health_cmd },
	{ .name = "wait-tasks",
	  .help = "wait until no change or probe is running",
	  .flags = CMD_SCRIPT,
	  .fn = script_wait_tasks_cmd },
	{ .name = "wait-generation",
	  .help = "wait until the store reaches generation N",
	  .flags = CMD_ARGS | CMD_SCRIPT,
	  .fn = script_wait_generation_cmd },
};

const size_t cmd_count = sizeof(cmd_table) / sizeof(cmd_table[0]);

/* ---- lookup and execution ---------------------------------------------------- */

const struct command *
cmd_lookup(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < cmd_count; i++)
		if (!strcmp(cmd_table[i].name, name) ||
		    (cmd_table[i].alias && !strcmp(cmd_table[i].alias, name)))
			return &cmd_table[i];
	return NULL;
}

static bool
bind(struct ui *ui, int key, const struct command *c)
{
	if (key <= 0 || key >= UI_MAX_KEYS)
		return false;
	ui->keymap[key] = (int)(c - cmd_table) + 1;
	return true;
}

bool
cmd_keymap_build(struct ui *ui, const struct config_key_binding *keys,
		 size_t nkeys, const char *file, struct config_error *err)
{
	size_t i;

	memset(ui->keymap, 0, sizeof(ui->keymap));
	for (i = 0; i < cmd_count; i++) {
		const struct command *c = &cmd_table[i];

		if (ui->opts.readonly && (c->flags & CMD_MUTATES))
			continue;
		if (c->key)
			bind(ui, config_key_parse(c->key), c);
		if (c->key2)
			bind(ui, config_key_parse(c->key2), c);
	}
	/* Enter arrives as '\r' or KEY_ENTER too. */
	bind(ui, '\r', cmd_lookup("enter"));
	bind(ui, CONFIG_KEY_KENTER, cmd_lookup("enter"));
	for (i = 0; i < nkeys; i++) {
		const struct command *c = cmd_lookup(keys[i].command);

		if (!c) {
			if (err) {
				err->line = keys[i].line;
				snprintf(err->msg, sizeof(err->msg),
					 "%s:%d: unknown command '%s' in keys",
					 file ? file : "config", keys[i].line,
					 keys[i].command);
			}
			return cmd_keymap_build(ui, NULL, 0, NULL, NULL) &&
			       false;
		}
		if (ui->opts.readonly && (c->flags & CMD_MUTATES))
			continue;
		if (!bind(ui, keys[i].key, c)) {
			if (err) {
				err->line = keys[i].line;
				snprintf(err->msg, sizeof(err->msg),
					 "%s:%d: key for '%s' cannot be bound",
					 file ? file : "config", keys[i].line,
					 keys[i].command);
			}
			return cmd_keymap_build(ui, NULL, 0, NULL, NULL) &&
			       false;
		}
	}
	return true;
}

const struct command *
cmd_for_key(const struct ui *ui, int key)
{
	if (key <= 0 || key >= UI_MAX_KEYS || !ui->keymap[key])
		return NULL;
	return &cmd_table[ui->keymap[key] - 1];
}

/* The answer to a CONFIRM command's dialog. */
/* Runs c: the current pane's way when it has one (pane_ops.request),
 * else the command table's. */
static unsigned
call(struct ui *ui, const struct command *c, const char *args)
{
	const struct pane *p = ui_pane(ui);

	if (p->ops->request) {
		unsigned r = p->ops->request(ui, c->name, args);

		if (r != CMD_PASS)
			return r;
	}
	return c->pane ? show_pane(ui, c->pane, args) : c->fn(ui, args);
}

static unsigned
confirm_answer(struct ui *ui, bool yes, void *ud)
{
	const struct command *c = ui->pending.cmd;
	char args[sizeof(ui->pending.args)];

	(void)ud;
	ui->pending.cmd = NULL;
	if (!yes || !c)
		return CMD_OK;
	memcpy(args, ui->pending.args, sizeof(args));
	return call(ui, c, args[0] ? args : NULL);
}

unsigned
cmd_run(struct ui *ui, const struct command *c, const char *args)
{
	char text[512];

	if (ui->opts.readonly && (c->flags & CMD_MUTATES)) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "read-only: %s is disabled (--readonly or the "
			  "profile's readonly)",
			  c->name);
		return CMD_FAILED;
	}
	if ((c->flags & CMD_NEEDS_SELECTION) && ui_mode(ui) != UI_MODE_VIEWER &&
	    !pane_selected(ui_pane(ui))) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: nothing selected",
			  c->name);
		return CMD_FAILED;
	}
	if (c->flags & CMD_CONFIRM) {
		ui->pending.cmd = c;
		snprintf(ui->pending.args, sizeof(ui->pending.args), "%s",
			 args ? args : "");
		snprintf(text, sizeof(text), "%s%s%s?", c->help,
			 args ? " " : "", args ? args : "");
		dialog_confirm(ui, c->name, text, NULL, confirm_answer, NULL);
		return CMD_REDRAW;
	}
	return call(ui, c, args);
}

unsigned
cmd_execute(struct ui *ui, const char *line)
{
	char name[64];
	const struct command *c;
	const char *args;
	size_t n;

	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return CMD_OK;
	if (n >= sizeof(name)) {
		ui_status(ui, THEME_ROLE_ERROR, "unknown command");
		return CMD_FAILED;
	}
	memcpy(name, line, n);
	name[n] = '\0';
	args = line + n;
	while (*args == ' ')
		args++;
	c = cmd_lookup(name);
	if (!c) {
		ui_status(ui, THEME_ROLE_ERROR,
			  "unknown command ':%s' (? lists them)", name);
		return CMD_FAILED;
	}
	if (*args && !(c->flags & CMD_ARGS)) {
		ui_status(ui, THEME_ROLE_ERROR, ":%s takes no argument",
			  c->name);
		return CMD_FAILED;
	}
	return cmd_run(ui, c, *args ? args : NULL);
}

/* ---- completion ------------------------------------------------------------------ */

struct cands {
	const char *v[256];
	size_t n;
};

static void
cand_add(struct cands *c, const char *s, const char *prefix)
{
	size_t i;

	if (!s || strncasecmp(s, prefix, strlen(prefix)) || c->n == 256)
		return;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	c->v[c->n++] = s;
}

/* Copies the candidates of c into out (as many as fit). */
static void
cands_copy(struct cmd_cands *out, const struct cands *c, size_t word)
{
	size_t i, len = 0;

	out->n = out->more = 0;
	out->word = word;
	for (i = 0; i < c->n; i++) {
		size_t k = strlen(c->v[i]) + 1;

		if (len + k > sizeof(out->text)) {
			out->more = c->n - i;
			break;
		}
		memcpy(out->text + len, c->v[i], k);
		len += k;
		out->n++;
	}
}

const char *
cmd_cand(const struct cmd_cands *c, size_t i)
{
	const char *s = c->text;

	while (i--)
		s += strlen(s) + 1;
	return s;
}

size_t
cmd_complete(const struct ui *ui, char *buf, size_t size, struct cmd_cands *out)
{
	struct cands c = { .n = 0 };
	const struct command *cmd;
	char *sp = strchr(buf, ' '), *word;
	size_t i, common;
	static const char *const themes[] = { "default", "dark", "light",
					      "high-contrast", "monochrome" };

	if (out)
		out->n = out->more = out->word = 0;
	if (!sp) {
		word = buf;
		for (i = 0; i < cmd_count; i++) {
			if (ui->opts.readonly &&
			    (cmd_table[i].flags & CMD_MUTATES))
				continue;
			cand_add(&c, cmd_table[i].name, word);
		}
	} else {
		*sp = '\0';
		cmd = cmd_lookup(buf);
		*sp = ' ';
		word = sp + 1;
		if (!cmd)
			return 0;
		if ((cmd->pane && takes_zone(cmd->pane)) ||
		    cmd->fn == wizard_cmd) {
			const struct store_res *r = ui->snap->res[STORE_ZONES];

			for (i = 0; i < r->n; i++)
				cand_add(&c, store_zone(r, i)->name, word);
		} else if (cmd->fn == cmd_theme) {
			for (i = 0; i < sizeof(themes) / sizeof(themes[0]); i++)
				cand_add(&c, themes[i], word);
		} else if (cmd->fn == cmd_sort) {
			const struct pane *p = ui->panes[ui->cur];

			for (i = 0; i < p->ops->ncols; i++)
				cand_add(&c, p->ops->cols[i].title, word);
		}
	}
	if (out)
		out->word = (size_t)(word - buf);
	if (c.n == 0)
		return 0;
	common = strlen(c.v[0]);
	for (i = 1; i < c.n; i++) {
		size_t k = 0;

		while (k < common && c.v[i][k] &&
		       tolower((unsigned char)c.v[i][k]) ==
			       tolower((unsigned char)c.v[0][k]))
			k++;
		common = k;
	}
	if ((size_t)(word - buf) + common + 2 <= size) {
		memcpy(word, c.v[0], common);
		word[common] = '\0';
		if (c.n == 1 && !sp)
			strcat(word, " ");
	}
	if (out && c.n > 1)
		cands_copy(out, &c, (size_t)(word - buf));
	return c.n;
}

/* ---- help ------------------------------------------------------------------------ */

/* Every key bound to c, as "j, Down". */
static void
keys_of(const struct ui *ui, const struct command *c, char *buf, size_t size)
{
	char name[32];
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 1; k < UI_MAX_KEYS; k++) {
		if (ui->keymap[k] != (int)(c - cmd_table) + 1)
			continue;
		if (k == '\r' || k == CONFIG_KEY_KENTER)
			continue;
		config_key_name(k, name, sizeof(name));
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? ", " : "", name);
		if (len >= size)
			break;
	}
}

static void
help_section(const struct ui *ui, struct lines *out, bool script)
{
	char keys[64], name[64];
	size_t i;

	for (i = 0; i < cmd_count; i++) {
		const struct command *c = &cmd_table[i];
		struct line *l;

		if (!!(c->flags & CMD_SCRIPT) != script)
			continue;
		if (ui->opts.readonly && (c->flags & CMD_MUTATES))
			continue;
		keys_of(ui, c, keys, sizeof(keys));
		snprintf(name, sizeof(name), ":%s%s%s%s", c->name,
			 c->alias ? " (:" : "", c->alias ? c->alias : "",
			 c->alias ? ")" : "");
		l = lines_add(out);
		line_add_cell(l, THEME_ROLE_KEY, keys, 14, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l, THEME_ROLE_HIGHLIGHT, name, 22, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add(l, THEME_ROLE_NORMAL, c->help);
	}
}

void
cmd_help(const struct ui *ui, struct lines *out)
{
	line_add(lines_add(out), THEME_ROLE_TITLE,
		 "cfconsole: keys and commands");
	lines_add(out);
	help_section(ui, out, false);
	lines_add(out);
	line_add(lines_add(out), THEME_ROLE_TITLE, "For scripts and tests");
	help_section(ui, out, true);
	lines_add(out);
	line_add(lines_add(out), THEME_ROLE_DIM,
		 "In a prompt: Tab completes, Up/Down recall, Enter runs, "
		 "Esc cancels.");
	if (ui->opts.readonly)
		line_add(lines_add(out), THEME_ROLE_WARNING,
			 "Read-only mode: actions that change the account "
			 "are hidden.");
}
