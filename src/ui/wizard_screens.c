/* wizard_screens.c: the setup wizard's own screens: Test now results (both views per origin), Review (requests, exports, checks, export to a file); apply: wizard_apply.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/config.h"
#include "cfconsole/monoclock.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/health_view.h"
#include "ui/ui.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"
#include "ui/wrap.h"

const char *
wiz_sym_ok(void)
{
	return line_is_ascii() ? "+" : "\u25cf";
}

const char *
wiz_sym_bad(void)
{
	return line_is_ascii() ? "X" : "\u2716";
}

const char *
wiz_sym_check(void)
{
	return line_is_ascii() ? "OK" : "\u2714";
}

/* A titled separator line. */
void
wiz_rule(struct lines *out, int width, const char *title)
{
	struct line *l = lines_add(out);
	const char *h = line_glyph(LINE_G_HLINE);
	int i;

	line_add(l, THEME_ROLE_BORDER, h);
	line_add(l, THEME_ROLE_BORDER, h);
	if (title) {
		line_add(l, THEME_ROLE_TITLE, " ");
		line_add(l, THEME_ROLE_TITLE, title);
		line_add(l, THEME_ROLE_TITLE, " ");
	}
	for (i = l->width; i < width; i++)
		line_add(l, THEME_ROLE_BORDER, h);
	line_truncate(l, width);
}

/* Wrapped text with a role, every line indented. */
void
wiz_para(struct lines *out, int width, int indent, enum theme_role role,
	 const char *text)
{
	struct lines tmp = { 0 };
	size_t i;

	wrap_text(&tmp, role, text, width - indent > 10 ? width - indent : 10);
	for (i = 0; i < tmp.n; i++) {
		struct line *l = lines_add(out);

		line_pad(l, THEME_ROLE_NORMAL, indent);
		line_add(l, role, line_text(&tmp.v[i]));
		line_truncate(l, width);
	}
	lines_free(&tmp);
}

/* Copies lines src[top .. top + rows) into out, padded, exactly rows. */
void
wiz_window(struct lines *out, const struct lines *src, size_t top, int rows,
	   int width)
{
	int y;

	for (y = 0; y < rows; y++) {
		struct line *l = lines_add(out);
		size_t k = top + (size_t)y;

		if (k < src->n) {
			const struct line *s = &src->v[k];
			size_t r;

			for (r = 0; r < s->nruns; r++) {
				char *piece = strndup(s->text + s->runs[r].off,
						      s->runs[r].len);

				if (!piece)
					line_oom();
				line_add(l, s->runs[r].role, piece);
				free(piece);
			}
		}
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
}

/* ---- Test now ---------------------------------------------------------------- */

/* "● healthy 200 3ms" or "✖ unhealthy 500 2ms" */
static void
verdict(char *buf, size_t size, bool healthy, bool has_code, int code,
	bool has_rtt, double rtt)
{
	char r[32] = "";

	if (has_rtt)
		health_view_rtt(true, rtt, r, sizeof(r));
	snprintf(buf, size, "%s %s%s%.0d%s%s",
		 healthy ? wiz_sym_ok() : wiz_sym_bad(),
		 healthy ? "healthy" : "unhealthy", has_code ? " " : "",
		 has_code ? code : 0, has_rtt ? " " : "", r);
}

static void
local_cell(const struct probe_all_row *r, char *buf, size_t size, bool *ok)
{
	*ok = false;
	if (!r->probed || r->local_rc != CF_OK) {
		snprintf(buf, size, "%s %s", wiz_sym_bad(),
			 r->local.failure_reason[0] ? r->local.failure_reason
						    : "not probed");
		return;
	}
	*ok = r->local.healthy;
	verdict(buf, size, r->local.healthy, r->local.response_code > 0,
		r->local.response_code, r->local.has_rtt, r->local.rtt_ms);
}

static void
cf_cell(const struct probe_all_row *r, char *buf, size_t size, bool *ok)
{
	*ok = false;
	switch (r->cf) {
	case PROBE_ALL_CF_NONE:
		snprintf(buf, size, "-");
		return;
	case PROBE_ALL_CF_PENDING:
		snprintf(buf, size, "still in progress");
		return;
	case PROBE_ALL_CF_MISSING:
		snprintf(buf, size, "- (not in the preview)");
		return;
	case PROBE_ALL_CF_FAILED:
		snprintf(buf, size, "%s preview failed", wiz_sym_bad());
		return;
	case PROBE_ALL_CF_DONE:
		*ok = r->cf_healthy;
		verdict(buf, size, r->cf_healthy, r->cf_has_code, r->cf_code,
			r->cf_has_rtt, r->cf_rtt_ms);
		return;
	}
}

/* What a failure reason means and what to do about it, one paragraph. */
static void
explain(struct lines *out, int width, const char *who, const char *reason)
{
	const struct health_view_explain *e = health_view_explain(reason);
	char text[1024];

	if (e)
		snprintf(text, sizeof(text), "%s %s: %s: %s. Fix: %s",
			 wiz_sym_bad(), who, reason, e->meaning, e->fix);
	else
		snprintf(text, sizeof(text), "%s %s: %s", wiz_sym_bad(), who,
			 reason);
	wiz_para(out, width, 5, THEME_ROLE_WARNING, text);
}

/* Every line of the test panel. */
static void
test_lines(struct ui *ui, struct wizard *w, int width, struct lines *out)
{
	struct wiz_task *t = w->test;
	int name_w = 12, addr_w = width >= 120 ? 24 : 16;
	int rest = width - 1 - name_w - addr_w - 3, here_w = rest / 2,
	    cf_w = rest - here_w;
	struct line *l;
	size_t i;
	char a[400], b[256];
	bool aok, bok;

	(void)ui;
	/* The task's inputs only: its results are the worker's until done. */
	wiz_rule(out, width,
		 t->preview_pool || t->preview_monitor
			 ? "Test now: from here | Cloudflare's preview"
			 : "Test now: from here (nothing is created)");
	if (!t->done || !t->handled) {
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      " probing from here (and asking Cloudflare's "
			      "preview when the pool or monitor exists)... Esc "
			      "abandons");
		return;
	}
	if (t->no_client) {
		wiz_text_line(out, width, THEME_ROLE_ERROR, t->err);
		return;
	}
	l = lines_add(out);
	line_add(l, THEME_ROLE_COLUMN_HEADER, " ");
	line_add_cell(l, THEME_ROLE_COLUMN_HEADER, "ORIGIN", name_w, false);
	line_add(l, THEME_ROLE_COLUMN_HEADER, " ");
	line_add_cell(l, THEME_ROLE_COLUMN_HEADER, "ADDRESS", addr_w, false);
	line_add(l, THEME_ROLE_COLUMN_HEADER, " ");
	line_add_cell(l, THEME_ROLE_COLUMN_HEADER, "FROM HERE", here_w, false);
	line_add(l, THEME_ROLE_COLUMN_HEADER, " ");
	line_add_cell(l, THEME_ROLE_COLUMN_HEADER,
		      t->probe.preview ? "CLOUDFLARE PREVIEW"
				       : "CLOUDFLARE (no preview)",
		      cf_w, false);
	line_truncate(l, width);
	for (i = 0; i < t->probe.n; i++) {
		const struct probe_all_row *r = &t->probe.rows[i];

		local_cell(r, a, sizeof(a), &aok);
		cf_cell(r, b, sizeof(b), &bok);
		l = lines_add(out);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l, THEME_ROLE_NORMAL, r->name, name_w, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l, THEME_ROLE_DIM, r->address, addr_w, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l,
			      aok ? THEME_ROLE_HEALTHY : THEME_ROLE_UNHEALTHY,
			      a, here_w, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l,
			      r->cf == PROBE_ALL_CF_DONE
				      ? (bok ? THEME_ROLE_HEALTHY
					     : THEME_ROLE_UNHEALTHY)
				      : THEME_ROLE_DIM,
			      b, cf_w, false);
		line_truncate(l, width);
		/* Why it failed and what to do, under the origin. */
		if (r->probed && r->local_rc == CF_OK && !r->local.healthy &&
		    r->local.failure_reason[0])
			explain(out, width, "from here",
				r->local.failure_reason);
		if (r->cf == PROBE_ALL_CF_DONE && !r->cf_healthy &&
		    r->cf_reason &&
		    (!r->probed ||
		     strcmp(r->cf_reason, r->local.failure_reason)))
			explain(out, width, "Cloudflare", r->cf_reason);
	}
	if (t->probe.preview_error[0])
		wiz_para(out, width, 1, THEME_ROLE_ERROR,
			 t->probe.preview_error);
	else if (!t->probe.preview)
		wiz_text_line(out, width, THEME_ROLE_DIM,
			      " Cloudflare's preview runs when the pool or the "
			      "monitor is an existing one.");
	else if (t->probe.preview_other)
		snprintf(a, sizeof(a),
			 " the preview also checked %zu origin%s of other "
			 "pools using this monitor",
			 t->probe.preview_other,
			 t->probe.preview_other == 1 ? "" : "s"),
			wiz_text_line(out, width, THEME_ROLE_DIM, a);
	for (i = 0; i < t->probe.n; i++)
		if (t->probe.rows[i].probed &&
		    t->probe.rows[i].local.target[0]) {
			snprintf(a, sizeof(a), " probed: %s",
				 t->probe.rows[i].local.target);
			wiz_text_line(out, width, THEME_ROLE_DIM, a);
			break;
		}
}

int
wiz_test_rows(struct ui *ui, struct wizard *w, int width, int height)
{
	struct lines tmp = { 0 };
	int n, max = height / 2;

	if (!w->test)
		return 0;
	test_lines(ui, w, width, &tmp);
	n = (int)tmp.n;
	lines_free(&tmp);
	if (max < 4)
		max = height > 6 ? 4 : 0;
	return n < max ? n : max;
}

void
wiz_draw_test(struct ui *ui, struct wizard *w, int width, int height,
	      struct lines *out)
{
	struct lines tmp = { 0 };

	test_lines(ui, w, width, &tmp);
	wiz_window(out, &tmp, 0, height, width);
	lines_free(&tmp);
}

/* ---- Review ----------------------------------------------------------------------- */

static void
review_lines(struct ui *ui, struct wizard *w, int width, struct lines *out)
{
	const struct cf_plan *p = form_plan(w->form);
	struct plan_issues l = { 0 };
	bool current = wiz_check_current(w);
	char *text, buf[1024];
	const char *acct = ui->jobs ? jobs_account_id(ui->jobs) : NULL;
	size_t i;
	int nreq = 0;

	/* The online checks first: they decide whether apply may run. */
	if (w->check && !w->check->done)
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      " checking the names against the account...");
	else if (w->check_err[0]) {
		snprintf(buf, sizeof(buf),
			 " %s could not check the account: "
			 "%s (r checks again)",
			 wiz_sym_bad(), w->check_err);
		wiz_text_line(out, width, THEME_ROLE_ERROR, buf);
	} else if (!current) {
		wiz_text_line(
			out, width, THEME_ROLE_DIM,
			" not checked against the account yet (r checks)");
	} else if (!w->checked.nerrors) {
		snprintf(buf, sizeof(buf),
			 " %s checked against the account: "
			 "the zone exists and nothing is in the way",
			 wiz_sym_check());
		wiz_text_line(out, width, THEME_ROLE_SUCCESS, buf);
	}
	form_issues(w->form, &l);
	if (current)
		for (i = 0; i < w->checked.n; i++)
			plan_issue_add(&l, w->checked.v[i].warning,
				       w->checked.v[i].field, "%s",
				       w->checked.v[i].message);
	for (i = 0; i < l.n; i++) {
		snprintf(buf, sizeof(buf), "%s %s: %s",
			 l.v[i].warning ? "!" : wiz_sym_bad(), l.v[i].field,
			 l.v[i].message);
		wiz_para(out, width, 1,
			 l.v[i].warning ? THEME_ROLE_WARNING : THEME_ROLE_ERROR,
			 buf);
	}
	if (l.nerrors)
		wiz_text_line(out, width, THEME_ROLE_DIM,
			      " fix them in their steps (1-5), then apply");
	plan_issues_free(&l);
	text = plan_requests_text(p, acct, current ? w->zone_id : NULL);
	if (!text)
		line_oom();
	for (i = 0; text[i]; i++)
		if ((i == 0 || text[i - 1] == '\n') && text[i] == '#')
			nreq++;
	snprintf(buf, sizeof(buf), "The %d requests, in order", nreq);
	wiz_rule(out, width, buf);
	wiz_text_line(out, width, THEME_ROLE_DIM,
		      " ids not known yet ({monitor.id}, {pool.id}) are filled "
		      "in as the objects are created");
	{
		char *line, *save = NULL;

		for (line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			struct line *ln = lines_add(out);
			bool req = line[0] >= 'A' && line[0] <= 'Z';

			line_add(ln, THEME_ROLE_NORMAL, " ");
			line_add(ln,
				 req		  ? THEME_ROLE_HIGHLIGHT
				 : line[0] == '#' ? THEME_ROLE_TITLE
						  : THEME_ROLE_NORMAL,
				 line);
			line_truncate(ln, width);
		}
	}
	free(text);
	wiz_rule(out, width, "What will be exported");
	snprintf(buf, sizeof(buf),
		 " lb_dns_name    %s  (the load balancer's "
		 "hostname)",
		 p->lb.name ? p->lb.name : "");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
	if (p->cname_source == CF_PLAN_CREATE)
		snprintf(buf, sizeof(buf), " API hostname   %s %s %s%s",
			 p->cname.name ? p->cname.name : "",
			 line_is_ascii() ? "->" : "\u2192",
			 p->cname.content ? p->cname.content : "",
			 p->cname.proxied ? "  (proxied CNAME)" : "  (CNAME)");
	else
		snprintf(buf, sizeof(buf),
			 " API hostname   (no CNAME: clients "
			 "use the load balancer's hostname)");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
	wiz_text_line(out, width, THEME_ROLE_DIM,
		      " x exports the plan as JSON, a Pulumi Python program "
		      "or Terraform HCL");
}

/* The export prompt under Review: format, path. */
static void
export_lines(struct wizard *w, int width, struct lines *out)
{
	struct line *l;
	const char *t;
	int cw;

	wiz_rule(out, width, "Export the plan");
	l = lines_add(out);
	line_add(l, THEME_ROLE_NORMAL, " format  ");
	line_addf(l, THEME_ROLE_INPUT, "%s %s %s",
		  line_is_ascii() ? "<" : "\u2039",
		  plan_export_formats[w->export_fmt].value,
		  line_is_ascii() ? ">" : "\u203a");
	line_add(l, THEME_ROLE_DIM, "  ");
	line_add(l, THEME_ROLE_DIM, plan_export_formats[w->export_fmt].help);
	line_add(l, THEME_ROLE_DIM, " (Tab: another format)");
	line_truncate(l, width);
	l = lines_add(out);
	line_add(l, THEME_ROLE_NORMAL, " file    ");
	/* The path with its cursor, scrolled to show it. */
	t = edit_text(&w->export_path);
	cw = width - 10;
	if (cw < 10)
		cw = 10;
	{
		int col = edit_cursor_col(&w->export_path), start = 0;
		size_t skip, cur = w->export_path.cur;
		char *before;

		if (col >= cw)
			start = col - cw + 1;
		skip = line_fit(t, start, NULL);
		before = strndup(t + skip, cur > skip ? cur - skip : 0);
		if (!before)
			line_oom();
		line_add(l, THEME_ROLE_INPUT, before);
		free(before);
		if (cur < w->export_path.len) {
			char one[8];
			size_t n = 1;

			while (cur + n < w->export_path.len &&
			       ((unsigned char)t[cur + n] & 0xc0) == 0x80)
				n++;
			snprintf(one, sizeof(one), "%.*s", (int)n, t + cur);
			line_add(l, THEME_ROLE_SELECTION, one);
			line_add(l, THEME_ROLE_INPUT, t + cur + n);
		} else {
			line_add(l, THEME_ROLE_SELECTION, " ");
		}
	}
	line_truncate(l, width);
}

void
wiz_draw_review(struct ui *ui, struct wizard *w, int width, int height,
		struct lines *out)
{
	struct lines body = { 0 };
	int export_h = w->exporting ? 3 : 0, body_h = height - export_h;

	review_lines(ui, w, width, &body);
	if (body_h < 1)
		body_h = 1;
	if (w->review_top + (size_t)body_h > body.n)
		w->review_top =
			body.n > (size_t)body_h ? body.n - (size_t)body_h : 0;
	wiz_window(out, &body, w->review_top, body_h, width);
	lines_free(&body);
	if (w->exporting) {
		struct lines ex = { 0 };

		export_lines(w, width, &ex);
		wiz_window(out, &ex, 0, export_h, width);
		lines_free(&ex);
	}
}

/* ---- export ---------------------------------------------------------------------- */

static const char *const export_ext[] = { ".plan.json", ".py", ".tf" };

static void
default_path(struct wizard *w, char *buf, size_t size)
{
	const struct cf_plan *p = form_plan(w->form);
	const char *name = p->lb.name && *p->lb.name ? p->lb.name : "setup";

	snprintf(buf, size, "%s%s", name,
		 w->export_fmt < 3 ? export_ext[w->export_fmt] : ".txt");
}

void
wiz_export_open(struct wizard *w)
{
	w->exporting = true;
	default_path(w, w->export_default, sizeof(w->export_default));
	edit_set(&w->export_path, w->export_default);
}

/* Writes the export now (the file is new or the user said to replace). */
static bool
export_write(struct ui *ui, struct wizard *w, const char *path)
{
	const char *fmt = plan_export_formats[w->export_fmt].value;
	char *text = plan_export(form_plan(w->form), fmt);
	FILE *f;
	size_t n;

	if (!text)
		line_oom();
	n = strlen(text);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		ui_status(ui, THEME_ROLE_ERROR, "cannot write %s: %s", path,
			  strerror(errno));
		free(text);
		return false;
	}
	free(text);
	w->exporting = false;
	ui_status(ui, THEME_ROLE_SUCCESS,
		  "wrote the plan as %s to %s (%zu "
		  "bytes)",
		  fmt, path, n);
	return true;
}

static unsigned
replace_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;

	if (yes)
		export_write(ui, w, edit_text(&w->export_path));
	return CMD_REDRAW;
}

static unsigned
export_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	const char *path = edit_text(&w->export_path);
	struct plan_issues l = { 0 };
	char q[1200];

	if (!fkey && key == CONFIG_KEY_ESC) {
		w->exporting = false;
		return CMD_REDRAW;
	}
	if ((!fkey && key == '\t') || (fkey && key == CONFIG_KEY_BTAB)) {
		bool followed = !strcmp(path, w->export_default);

		w->export_fmt = (w->export_fmt +
				 (fkey ? plan_nexport_formats - 1 : 1)) %
				plan_nexport_formats;
		/* The offered name follows the format until it is edited. */
		default_path(w, w->export_default, sizeof(w->export_default));
		if (followed)
			edit_set(&w->export_path, w->export_default);
		return CMD_REDRAW;
	}
	if ((!fkey && (key == '\r' || key == '\n')) ||
	    (fkey && key == CONFIG_KEY_KENTER)) {
		if (!*path) {
			ui_status(ui, THEME_ROLE_ERROR, "type a file name");
			return CMD_REDRAW;
		}
		if (!form_issues(w->form, &l)) {
			ui_status(ui, THEME_ROLE_ERROR,
				  "fix the plan first: %s: %s",
				  l.nerrors ? l.v[0].field : "",
				  l.nerrors ? l.v[0].message : "");
			plan_issues_free(&l);
			return CMD_REDRAW;
		}
		plan_issues_free(&l);
		if (access(path, F_OK) == 0) {
			snprintf(q, sizeof(q),
				 "%s exists. Replace it with the "
				 "plan as %s?",
				 path,
				 plan_export_formats[w->export_fmt].value);
			dialog_confirm(ui, "Export", q, NULL, replace_answer,
				       w);
			return CMD_REDRAW;
		}
		export_write(ui, w, path);
		return CMD_REDRAW;
	}
	return edit_key(&w->export_path, key, fkey) == EDIT_IGNORED
		       ? CMD_OK
		       : CMD_REDRAW;
}

/* ---- apply from Review -------------------------------------------------------------- */

static unsigned
apply_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;

	if (!yes) {
		ui_status(ui, THEME_ROLE_INFO, "not applied; nothing was sent");
		return CMD_REDRAW;
	}
	/* The measured time starts with the key that confirms. */
	w->apply_t0 = monoclock_ms();
	w->apply_wall0 = wiz_wall_ms();
	wiz_apply_start(ui, w);
	return CMD_REDRAW;
}

static unsigned
confirm_apply(struct ui *ui, struct wizard *w)
{
	const struct cf_plan *p = form_plan(w->form);
	struct plan_issues l = { 0 };
	char text[1024];
	size_t n = 0;

	if (!form_issues(w->form, &l)) {
		ui_status(ui, THEME_ROLE_ERROR, "not applied: %s: %s",
			  l.v[0].field, l.v[0].message);
		plan_issues_free(&l);
		return CMD_REDRAW;
	}
	plan_issues_free(&l);
	if (w->check && !w->check->done) {
		ui_status(ui, THEME_ROLE_INFO,
			  "still checking the names against the account; a "
			  "moment");
		return CMD_REDRAW;
	}
	if (!wiz_check_current(w)) {
		if (w->check_err[0])
			ui_status(ui, THEME_ROLE_ERROR,
				  "not checked against the account: %s (r "
				  "checks again)",
				  w->check_err);
		else
			ui_status(ui, THEME_ROLE_WARNING,
				  "not checked against the account yet (r)");
		if (!w->check)
			wiz_check_start(ui, w);
		return CMD_REDRAW;
	}
	if (w->checked.nerrors) {
		ui_status(ui, THEME_ROLE_ERROR, "not applied: %s: %s",
			  w->checked.v[0].field, w->checked.v[0].message);
		return CMD_REDRAW;
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n,
			      "Create in %s, in this order:\n",
			      p->zone ? p->zone : "the zone");
	if (p->pool_source == CF_PLAN_CREATE &&
	    p->monitor_source == CF_PLAN_CREATE)
		n += (size_t)snprintf(
			text + n, sizeof(text) - n, "  monitor %s\n",
			p->monitor.description ? p->monitor.description
					       : p->monitor.type);
	if (p->pool_source == CF_PLAN_CREATE && n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  pool %s (monitor attached)\n",
				      p->pool.name);
	if (n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  load balancer %s\n", p->lb.name);
	if (p->cname_source == CF_PLAN_CREATE && n < sizeof(text))
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  CNAME %s -> %s\n", p->cname.name,
				      p->cname.content);
	if (n < sizeof(text))
		snprintf(text + n, sizeof(text) - n,
			 "\nEach object is read back and checked; if a step "
			 "fails, what was created is removed again.");
	dialog_confirm(ui, "Apply the setup", text, NULL, apply_answer, w);
	return CMD_REDRAW;
}

unsigned
wiz_review_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	if (w->exporting)
		return export_key(ui, w, key, fkey);
	if (fkey) {
		switch (key) {
		case CONFIG_KEY_DOWN:
			w->review_top++;
			return CMD_REDRAW;
		case CONFIG_KEY_UP:
			if (w->review_top)
				w->review_top--;
			return CMD_REDRAW;
		case CONFIG_KEY_NPAGE:
			w->review_top += 10;
			return CMD_REDRAW;
		case CONFIG_KEY_HOME:
			w->review_top = 0;
			return CMD_REDRAW;
		case CONFIG_KEY_END:
			w->review_top = (size_t)-1 / 2;
			return CMD_REDRAW;
		case CONFIG_KEY_KENTER:
			return confirm_apply(ui, w);
		default:
			return CMD_OK;
		}
	}
	switch (key) {
	case 'j':
		w->review_top++;
		return CMD_REDRAW;
	case 'k':
		if (w->review_top)
			w->review_top--;
		return CMD_REDRAW;
	case 'g':
		w->review_top = 0;
		return CMD_REDRAW;
	case 'G':
		w->review_top = (size_t)-1 / 2;
		return CMD_REDRAW;
	case ' ':
		w->review_top += 10;
		return CMD_REDRAW;
	case 'a':
	case '\r':
	case '\n':
		return confirm_apply(ui, w);
	case 'x':
		wiz_export_open(w);
		return CMD_REDRAW;
	case 'r':
		wiz_check_start(ui, w);
		ui_status(ui, THEME_ROLE_INFO,
			  "checking against the account...");
		return CMD_REDRAW;
	case 'q':
		return CMD_OK;
	default:
		return CMD_OK;
	}
}
