/* display.c: the curses screen and the UI loop: input, store wake-ups, debounced resize, scripts, timing. */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "cfconsole/monoclock.h"
#include "cfconsole/xmem.h"
#include "ui/commands.h"
#include "ui/account.h"
#include "ui/dialog.h"
#include "ui/display.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/oncall.h"
#include "ui/ui.h"
#include "ui/res.h"
#include "ui/script_wait.h"
#include "ui/wizard.h"

#define RESIZE_DEBOUNCE_MS 80
#define SPIN_MS 120

static SCREEN *screen_;
static FILE *null_out_, *null_in_;
static bool started_;
static bool no_display_;
static struct keys_script *script_;
static FILE *timing_;
static volatile sig_atomic_t signalled_;
static double start_ms_;
/* True while curses owns the terminal; whoever clears it calls endwin(). */
static atomic_bool curses_up_;

static void
on_signal(int sig)
{
	signalled_ = sig;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() returns EINTR and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/*
 * xmem's fatal handler (out of memory on any thread): gives the terminal
 * back before the message and the abort. Only endwin(), once, guarded by
 * the flag, so it cannot race display_end() into a second one.
 */
static void
display_fatal(void)
{
	if (atomic_exchange(&curses_up_, false))
		endwin();
}

bool
display_start(struct ui *ui, const struct display_options *o, char *err,
	      size_t size)
{
	const char *term = getenv("TERM");

	no_display_ = o->no_display;
	start_ms_ = o->start_ms > 0 ? o->start_ms : monoclock_ms();
	if (o->script) {
		script_ = keys_script_open(o->script, err, size);
		if (!script_)
			return false;
	}
	if (o->timing_log) {
		timing_ = fopen(o->timing_log, "a");
		if (timing_)
			setvbuf(timing_, NULL, _IOLBF, 0);
		ui->timing_log = timing_;
	}
	install_signals();
	xmem_set_fatal(display_fatal);
	if (no_display_) {
		null_out_ = fopen("/dev/null", "w");
		null_in_ = fopen("/dev/null", "r");
		if (!null_out_ || !null_in_) {
			snprintf(err, size, "cannot open /dev/null");
			display_end();
			return false;
		}
		screen_ = newterm(term && *term ? term : "xterm", null_out_,
				  null_in_);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			snprintf(err, size,
				 "not a terminal (use `cfconsole ls ...` in "
				 "scripts)");
			display_end();
			return false;
		}
		screen_ = newterm(NULL, stdout, stdin);
	}
	if (!screen_) {
		snprintf(err, size, "cannot start the terminal (TERM=%s)",
			 term ? term : "unset");
		display_end();
		return false;
	}
	set_term(screen_);
	started_ = true;
	atomic_store(&curses_up_, true);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (o->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
				  BUTTON1_DOUBLE_CLICKED,
			  NULL);
	line_set_ascii(strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
	draw_start();
	draw_theme(&ui->theme, ui->opts.no_color);
	return true;
}

void
display_end(void)
{
	if (started_) {
		if (atomic_exchange(&curses_up_, false))
			endwin();
		delscreen(screen_);
		screen_ = NULL;
		started_ = false;
	}
	if (null_out_)
		fclose(null_out_);
	if (null_in_)
		fclose(null_in_);
	null_out_ = null_in_ = NULL;
	keys_script_close(script_);
	script_ = NULL;
	if (timing_)
		fclose(timing_);
	timing_ = NULL;
}

static void
render(struct ui *ui)
{
	struct lines frame = { 0 };

	if (ui->dirty & UI_DIRTY_CLEAR)
		clearok(curscr, TRUE);
	ui_compose(ui, COLS, LINES, &frame);
	draw_lines(&frame);
	{
		int y, x;

		/* The cursor where the top layer types (the prompt). */
		if (ui_layers_cursor(ui, COLS, LINES, &y, &x)) {
			move(y, x);
			curs_set(1);
		} else {
			curs_set(0);
		}
	}
	refresh();
	lines_free(&frame);
	ui->dirty = 0;
}

bool
display_save(struct ui *ui, const char *path)
{
	wchar_t wbuf[1024];
	char mb[4096];
	FILE *f;
	int y;

	render(ui);
	f = fopen(path, "w");
	if (!f) {
		ui_status(ui, THEME_ROLE_ERROR, "cannot write %s: %s", path,
			  strerror(errno));
		return false;
	}
	for (y = 0; y < LINES; y++) {
		size_t n;
		int k = mvinnwstr(y, 0, wbuf, COLS < 1023 ? COLS : 1023);

		if (k < 0)
			k = 0;
		wbuf[k] = L'\0';
		n = wcstombs(mb, wbuf, sizeof(mb) - 1);
		if (n == (size_t)-1)
			n = 0;
		mb[n] = '\0';
		while (n && mb[n - 1] == ' ')
			mb[--n] = '\0';
		fprintf(f, "%s\n", mb);
	}
	fclose(f);
	return true;
}

/* ---- mouse --------------------------------------------------------------------------- */

static unsigned
on_mouse(struct ui *ui)
{
	MEVENT ev;
	struct pane *p;
	int i;
	bool taken;
	unsigned r;

	if (getmouse(&ev) != OK)
		return CMD_OK;
	if (!(ev.bstate &
	      (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED)))
		return CMD_OK;
	/* The layers first, top down: a dialog ignores clicks, the picker,
	 * wizard and forms take theirs, the viewer and prompt leave the tab
	 * row live. */
	r = ui_layers_click(ui, ev.x, ev.y, ev.bstate & BUTTON1_DOUBLE_CLICKED,
			    &taken);
	if (taken)
		return r;
	if (ev.y == 1) {
		for (i = 0; i < UI_NPANES; i++)
			if (ev.x >= ui->geom.tab_x[i] &&
			    ev.x < ui->geom.tab_x[i + 1])
				ui_show(ui, i, NULL, NULL, false);
		return CMD_REDRAW;
	}
	p = ui_pane(ui);
	if (ev.y > ui->geom.list_y &&
	    ev.y < ui->geom.list_y + ui->geom.list_h) {
		size_t row = p->top + (size_t)(ev.y - ui->geom.list_y - 1);

		if (row < p->nvis) {
			pane_select(p, row);
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				ui_enter(ui);
		}
	}
	return CMD_REDRAW;
}

/* ---- timing (CFCONSOLE_TIMING) ---- */

/* Logs when a pane (or a new scope of it) first shows rows: the time since
 * it was opened and since the start. */
static void
log_first_rows(struct ui *ui, const struct pane **seen_pane, char **seen_scope,
	       double *t_change, double t_start, bool *logged)
{
	const struct pane *p = ui_pane(ui);
	const char *scope = p->scope_id ? p->scope_id : "";

	if (p != *seen_pane || !*seen_scope || strcmp(*seen_scope, scope)) {
		*seen_pane = p;
		free(*seen_scope);
		*seen_scope = strdup(scope);
		*t_change = monoclock_ms();
		*logged = false;
	}
	if (*logged || p->nvis == 0)
		return;
	fprintf(timing_,
		"first-rows %s %zu rows %.3f ms after opening, "
		"%.3f ms after start\n",
		p->ops->name, p->nvis, monoclock_ms() - *t_change,
		monoclock_ms() - t_start);
	*logged = true;
}

/* ---- the loop ------------------------------------------------------------------------- */

static void
apply_reaction(struct ui *ui, unsigned r)
{
	if (r & CMD_QUIT)
		ui->quit = true;
	ui->dirty |= UI_DIRTY_DRAW;
}

/* Feeds one script item; false when the script is over. */
static bool
script_step(struct ui *ui, int *failed)
{
	char cmd[1024];
	int key;
	bool fkey;
	unsigned r;

	switch (keys_script_next(script_, &key, &fkey, cmd, sizeof(cmd))) {
	case KEYS_END:
		return false;
	case KEYS_KEY: {
		double t0 = timing_ ? monoclock_ms() : 0;

		apply_reaction(ui, keys_handle(ui, key, fkey));
		if (timing_) {
			render(ui);
			fprintf(timing_, "key %d %.3f ms\n", key,
				monoclock_ms() - t0);
		}
		return true;
	}
	case KEYS_COMMAND:
		r = cmd_execute(ui, cmd);
		if (r & CMD_FAILED)
			fprintf(stderr, "cfconsole: script: :%s: %s\n", cmd,
				ui->status);
		apply_reaction(ui, r);
		return true;
	case KEYS_ERROR:
		fprintf(stderr, "cfconsole: %s\n", cmd);
		*failed = 1;
		return true;
	}
	return false;
}

/* Reads what the terminal has queued; returns how many keys it read. */
static int
read_keys(struct ui *ui, double *resize_at)
{
	wint_t wc;
	int rc, n = 0;

	while (n < 256 && (rc = get_wch(&wc)) != ERR) {
		n++;
		double t0 = timing_ ? monoclock_ms() : 0;

		if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
			*resize_at = monoclock_ms();
			continue;
		}
		if (rc == KEY_CODE_YES && wc == KEY_MOUSE) {
			apply_reaction(ui, on_mouse(ui));
			continue;
		}
		apply_reaction(ui,
			       keys_handle(ui, (int)wc, rc == KEY_CODE_YES));
		if (timing_) {
			double t1;

			render(ui);
			t1 = monoclock_ms();
			fprintf(timing_, "key %d %.3f ms\n", (int)wc, t1 - t0);
		}
		if (ui->quit)
			return n;
	}
	return n;
}

int
display_run(struct ui *ui)
{
	struct pollfd fds[2];
	double resize_at = 0, last_spin = 0;
	int failed = 0;
	double t_start = start_ms_, t_change = monoclock_ms();
	const struct pane *seen_pane = NULL;
	char *seen_scope = NULL;
	bool logged = false;
	double last_tick = monoclock_ms();
	bool was_moving = false;
	int empty_reads = 0;

	while (!ui->quit && !signalled_) {
		int timeout = -1, nfds = 0, rc;
		bool busy, ticking, moving;

		if (ui_sync(ui))
			ui->dirty |= UI_DIRTY_DRAW;
		if (resize_at &&
		    monoclock_ms() - resize_at >= RESIZE_DEBOUNCE_MS) {
			resize_at = 0;
			ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_CLEAR;
		}
		busy = ui_busy(ui);
		if (busy && monoclock_ms() - last_spin >= SPIN_MS) {
			ui->spin++;
			last_spin = monoclock_ms();
			ui->dirty |= UI_DIRTY_DRAW;
		}
		/* The Health pane's ages and the header's budget move with
		 * the clock: once a second, and once more when the budget
		 * has come to rest (full). */
		moving = ui_header_moving(ui);
		ticking = ui_pane(ui)->ops->polled || moving;
		if ((ticking && monoclock_ms() - last_tick >= 1000) ||
		    (was_moving && !moving)) {
			last_tick = monoclock_ms();
			ui->dirty |= UI_DIRTY_DRAW;
		}
		was_moving = moving;
		if (ui->dirty && !resize_at) {
			render(ui);
			oncall_focus(ui);
			if (timing_)
				log_first_rows(ui, &seen_pane, &seen_scope,
					       &t_change, t_start, &logged);
		}

		if (script_) {
			if (!script_waits_done(ui, &failed)) {
				fds[0] = (struct pollfd){
					.fd = store_wake_fd(ui->store),
					.events = POLLIN,
				};
				if (poll(fds, 1, 50) > 0)
					store_drain(ui->store);
				continue;
			}
			if (!script_step(ui, &failed))
				break;
			continue;
		}

		if (ticking)
			timeout = 1000;
		if (busy)
			timeout = SPIN_MS;
		if (resize_at)
			timeout = RESIZE_DEBOUNCE_MS;
		/* ui.poll_interval: wake for the list's refresh, no sooner
		 * (idle stays idle in between). */
		if (ui_refresh_auto(ui, monoclock_ms()))
			continue;
		{
			long due = ui_refresh_in_ms(ui, monoclock_ms());

			if (due >= 0 && (timeout < 0 || due < timeout))
				timeout = (int)due;
		}
		fds[nfds++] = (struct pollfd){ .fd = store_wake_fd(ui->store),
					       .events = POLLIN };
		if (!no_display_)
			fds[nfds++] = (struct pollfd){ .fd = STDIN_FILENO,
						       .events = POLLIN };
		rc = poll(fds, (nfds_t)nfds, timeout);
		if (rc < 0 && errno == EINTR) {
			/* SIGWINCH: curses queues KEY_RESIZE. */
			if (!no_display_)
				(void)read_keys(ui, &resize_at);
			continue;
		}
		if (rc <= 0)
			continue;
		if (fds[0].revents & POLLIN) {
			/* A job may have ended without publishing: the header's
			 * worker state still changes. */
			store_drain(ui->store);
			ui->dirty |= UI_DIRTY_DRAW;
		}
		if (nfds > 1 &&
		    (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			int got = read_keys(ui, &resize_at);

			/* A hung-up terminal (tmux pane killed, ssh dropped)
			 * polls readable forever and yields nothing: quit
			 * instead of spinning. POLLHUP never goes away, and
			 * "readable but empty" many times in a row means the
			 * same. */
			if (fds[1].revents & (POLLHUP | POLLERR | POLLNVAL))
				break;
			empty_reads = got > 0 ? 0 : empty_reads + 1;
			if (empty_reads >= 64)
				break;
		}
	}
	free(seen_scope);
	return failed;
}
