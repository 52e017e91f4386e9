/* wizard_screens.c: the setup wizard's own screens: Test now results (both views per origin), Review (requests, exports, checks, export to a file), apply progress and outcome. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/config.h"
#include "cfconsole/poller.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/health_view.h"
#include "ui/ui.h"
#include "ui/wizard.h"
#include "ui/wizard_priv.h"
#include "ui/wrap.h"

static const char *
sym_ok(void)
{
	return line_is_ascii() ? "+" : "\u25cf";
}

static const char *
sym_bad(void)
{
	return line_is_ascii() ? "X" : "\u2716";
}

static const char *
sym_check(void)
{
	return line_is_ascii() ? "OK" : "\u2714";
}

/* A titled separator line. */
static void
rule(struct lines *out, int width, const char *title)
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
static void
para(struct lines *out, int width, int indent, enum theme_role role,
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
static void
window(struct lines *out, const struct lines *src, size_t top, int rows,
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
	snprintf(buf, size, "%s %s%s%.0d%s%s", healthy ? sym_ok() : sym_bad(),
		 healthy ? "healthy" : "unhealthy", has_code ? " " : "",
		 has_code ? code : 0, has_rtt ? " " : "", r);
}

static void
local_cell(const struct probe_all_row *r, char *buf, size_t size, bool *ok)
{
	*ok = false;
	if (!r->probed || r->local_rc != CF_OK) {
		snprintf(buf, size, "%s %s", sym_bad(),
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
		snprintf(buf, size, "%s preview failed", sym_bad());
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
		snprintf(text, sizeof(text), "%s %s: %s: %s. Fix: %s", sym_bad(),
			 who, reason, e->meaning, e->fix);
	else
		snprintf(text, sizeof(text), "%s %s: %s", sym_bad(), who, reason);
	para(out, width, 5, THEME_ROLE_WARNING, text);
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
	rule(out, width, t && t->probe.preview
				 ? "Test now: from here | Cloudflare's preview"
				 : "Test now: from here (nothing is created)");
	if (!atomic_load(&t->done) || !t->handled) {
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
		line_add_cell(l, aok ? THEME_ROLE_HEALTHY : THEME_ROLE_UNHEALTHY,
			      a, here_w, false);
		line_add(l, THEME_ROLE_NORMAL, " ");
		line_add_cell(l, r->cf == PROBE_ALL_CF_DONE
					 ? (bok ? THEME_ROLE_HEALTHY
						: THEME_ROLE_UNHEALTHY)
					 : THEME_ROLE_DIM,
			      b, cf_w, false);
		line_truncate(l, width);
		/* Why it failed and what to do, under the origin. */
		if (r->probed && r->local_rc == CF_OK && !r->local.healthy &&
		    r->local.failure_reason[0])
			explain(out, width, "from here", r->local.failure_reason);
		if (r->cf == PROBE_ALL_CF_DONE && !r->cf_healthy &&
		    r->cf_reason &&
		    (!r->probed || strcmp(r->cf_reason, r->local.failure_reason)))
			explain(out, width, "Cloudflare", r->cf_reason);
	}
	if (t->probe.preview_error[0])
		para(out, width, 1, THEME_ROLE_ERROR, t->probe.preview_error);
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
		if (t->probe.rows[i].probed && t->probe.rows[i].local.target[0]) {
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
	window(out, &tmp, 0, height, width);
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
	if (w->check && !atomic_load(&w->check->done))
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      " checking the names against the account...");
	else if (w->check_err[0]) {
		snprintf(buf, sizeof(buf), " %s could not check the account: "
			 "%s (r checks again)", sym_bad(), w->check_err);
		wiz_text_line(out, width, THEME_ROLE_ERROR, buf);
	} else if (!current) {
		wiz_text_line(out, width, THEME_ROLE_DIM,
			      " not checked against the account yet (r checks)");
	} else if (!w->checked.nerrors) {
		snprintf(buf, sizeof(buf), " %s checked against the account: "
			 "the zone exists and nothing is in the way",
			 sym_check());
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
			 l.v[i].warning ? "!" : sym_bad(), l.v[i].field,
			 l.v[i].message);
		para(out, width, 1,
		     l.v[i].warning ? THEME_ROLE_WARNING : THEME_ROLE_ERROR, buf);
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
	rule(out, width, buf);
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
			line_add(ln, req	       ? THEME_ROLE_HIGHLIGHT
				     : line[0] == '#' ? THEME_ROLE_TITLE
						      : THEME_ROLE_NORMAL,
				 line);
			line_truncate(ln, width);
		}
	}
	free(text);
	rule(out, width, "What will be exported");
	snprintf(buf, sizeof(buf), " lb_dns_name    %s  (the load balancer's "
		 "hostname)", p->lb.name ? p->lb.name : "");
	wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
	if (p->cname_source == CF_PLAN_CREATE)
		snprintf(buf, sizeof(buf), " API hostname   %s %s %s%s",
			 p->cname.name ? p->cname.name : "",
			 line_is_ascii() ? "->" : "\u2192",
			 p->cname.content ? p->cname.content : "",
			 p->cname.proxied ? "  (proxied CNAME)" : "  (CNAME)");
	else
		snprintf(buf, sizeof(buf), " API hostname   (no CNAME: clients "
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

	rule(out, width, "Export the plan");
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
		w->review_top = body.n > (size_t)body_h
					? body.n - (size_t)body_h
					: 0;
	window(out, &body, w->review_top, body_h, width);
	lines_free(&body);
	if (w->exporting) {
		struct lines ex = { 0 };

		export_lines(w, width, &ex);
		window(out, &ex, 0, export_h, width);
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
	ui_status(ui, THEME_ROLE_SUCCESS, "wrote the plan as %s to %s (%zu "
		  "bytes)", fmt, path, n);
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

		w->export_fmt = (w->export_fmt + (fkey ? plan_nexport_formats - 1
						       : 1)) %
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
			snprintf(q, sizeof(q), "%s exists. Replace it with the "
				 "plan as %s?",
				 path, plan_export_formats[w->export_fmt].value);
			dialog_confirm(ui, "Export", q, NULL, replace_answer, w);
			return CMD_REDRAW;
		}
		export_write(ui, w, path);
		return CMD_REDRAW;
	}
	return edit_key(&w->export_path, key, fkey) == EDIT_IGNORED ? CMD_OK
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
	w->apply_t0 = wiz_now_ms();
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
	if (w->check && !atomic_load(&w->check->done)) {
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
		n += (size_t)snprintf(text + n, sizeof(text) - n,
				      "  monitor %s\n",
				      p->monitor.description
					      ? p->monitor.description
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
		ui_status(ui, THEME_ROLE_INFO, "checking against the account...");
		return CMD_REDRAW;
	case 'q':
		return CMD_OK;
	default:
		return CMD_OK;
	}
}

/* ---- apply progress and outcome ----------------------------------------------------- */

/* The newest forward event of step i, or -1. */
static long
last_forward(const struct wiz_event *ev, size_t n, size_t i)
{
	long k, at = -1;

	for (k = 0; k < (long)n; k++)
		if (ev[k].step == i &&
		    (ev[k].kind == PE_EV_START || ev[k].kind == PE_EV_FOUND ||
		     ev[k].kind == PE_EV_APPLIED ||
		     ev[k].kind == PE_EV_VERIFIED ||
		     ev[k].kind == PE_EV_SKIPPED || ev[k].kind == PE_EV_FAILED))
			at = k;
	return at;
}

static bool
step_had(const struct wiz_event *ev, size_t n, size_t i,
	 enum pe_event_kind kind)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (ev[k].step == i && ev[k].kind == kind)
			return true;
	return false;
}

static void
outcome_lines(struct wizard *w, struct wiz_task *t, const struct wiz_event *ev,
	      size_t nev, int width, struct lines *out)
{
	struct cf_plan *p = &t->plan;
	const struct pe_report *r = &t->report;
	char buf[2200], list[1024];
	size_t i, len;

	if (r->outcome == PE_OK) {
		const struct cf_plan_step_state *ps =
			cf_plan_state_find(p, "pool");

		snprintf(buf, sizeof(buf), " %s Created and verified in %.1f s "
			 "with %lu API requests.",
			 sym_check(), w->apply_ms / 1e3, r->requests);
		wiz_text_line(out, width, THEME_ROLE_SUCCESS, buf);
		snprintf(buf, sizeof(buf), "   Load balancer  %s   "
			 "(lb_dns_name)", p->lb.name);
		wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		if (p->cname_source == CF_PLAN_CREATE) {
			snprintf(buf, sizeof(buf), "   CNAME          %s %s %s%s",
				 p->cname.name, line_is_ascii() ? "->" : "\u2192",
				 p->cname.content,
				 p->cname.proxied ? "  (proxied)" : "");
			wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		}
		if (p->pool_source == CF_PLAN_CREATE) {
			snprintf(buf, sizeof(buf),
				 "   Pool           %s (id %s), monitor "
				 "attached",
				 p->pool.name, ps && ps->id ? ps->id : "?");
			wiz_text_line(out, width, THEME_ROLE_NORMAL, buf);
		}
		wiz_text_line(out, width, THEME_ROLE_KEY,
			      " h  Health pane for the new pool    u  remove "
			      "this whole setup    Enter/Esc  close");
		return;
	}
	/* What was created, what failed, what was rolled back. */
	snprintf(buf, sizeof(buf), " %s Apply %s%s: %s", sym_bad(),
		 r->cancelled ? "stopped, " : "", pe_outcome_name(r->outcome),
		 r->message ? r->message : "failed");
	para(out, width, 0, THEME_ROLE_ERROR, buf);
	if (r->err.status != CF_OK) {
		char e[600];

		snprintf(buf, sizeof(buf), "   the API said: %s",
			 cf_error_format(&r->err, e, sizeof(e)));
		para(out, width, 0, THEME_ROLE_ERROR, buf);
	}
	len = 0;
	list[0] = '\0';
	for (i = 0; i < w->steps.n && len < sizeof(list); i++)
		if (step_had(ev, nev, i, PE_EV_APPLIED) ||
		    step_had(ev, nev, i, PE_EV_FOUND))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						w->steps.steps[i].label);
	snprintf(buf, sizeof(buf), "   created:      %s", len ? list : "nothing");
	para(out, width, 0, THEME_ROLE_NORMAL, buf);
	len = 0;
	list[0] = '\0';
	for (i = 0; i < nev && len < sizeof(list); i++)
		if (ev[i].kind == PE_EV_FAILED)
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? "; " : "",
						ev[i].line);
	snprintf(buf, sizeof(buf), "   failed:       %s",
		 len ? list : (r->message ? r->message : "-"));
	para(out, width, 0, THEME_ROLE_ERROR, buf);
	len = 0;
	list[0] = '\0';
	for (i = 0; i < w->steps.n && len < sizeof(list); i++)
		if (step_had(ev, nev, i, PE_EV_UNDONE) &&
		    (step_had(ev, nev, i, PE_EV_APPLIED) ||
		     step_had(ev, nev, i, PE_EV_FOUND)))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
						"%s%s", len ? ", " : "",
						w->steps.steps[i].label);
	snprintf(buf, sizeof(buf), "   rolled back:  %s",
		 len ? list : "nothing (nothing had been created)");
	para(out, width, 0, THEME_ROLE_NORMAL, buf);
	if (r->outcome == PE_ROLLED_BACK) {
		wiz_text_line(out, width, THEME_ROLE_SUCCESS,
			      "   nothing of this setup is left in the account");
	} else if (r->nleft) {
		wiz_text_line(out, width, THEME_ROLE_ERROR,
			      "   still there (the rollback could not remove "
			      "them):");
		for (i = 0; i < r->nleft; i++) {
			snprintf(buf, sizeof(buf), "     %s  id %s",
				 r->left[i].label ? r->left[i].label
						  : r->left[i].kind,
				 r->left[i].id ? r->left[i].id
					       : "(unknown: look for it by "
						 "name)");
			wiz_text_line(out, width, THEME_ROLE_ERROR, buf);
			snprintf(buf, sizeof(buf), "       remove: %s %s",
				 r->left[i].method, r->left[i].path);
			wiz_text_line(out, width, THEME_ROLE_DIM, buf);
		}
		snprintf(buf, sizeof(buf),
			 "   remove them all: cfconsole apply --rollback %s",
			 t->file);
		para(out, width, 0, THEME_ROLE_WARNING, buf);
	}
	wiz_text_line(out, width, THEME_ROLE_KEY,
		      r->nleft ? " Enter/Esc  close"
			       : " b  back to Review (fix it, apply again)    "
				 "Enter/Esc  close");
}

static void
apply_lines(struct ui *ui, struct wizard *w, int width, struct lines *out)
{
	struct wiz_task *t = w->apply;
	struct wiz_event *ev = NULL;
	size_t nev = wiz_events_copy(t, &ev), i;
	bool done = t && atomic_load(&t->done) && t->handled;
	char buf[2600];

	(void)ui;
	snprintf(buf, sizeof(buf), " %s the setup in %s: %zu step%s, one "
		 "line each as it happens",
		 done ? "Applied" : "Applying",
		 t && t->plan.zone ? t->plan.zone : "the zone", w->steps.n,
		 w->steps.n == 1 ? "" : "s");
	wiz_text_line(out, width, THEME_ROLE_TITLE, buf);
	for (i = 0; i < w->steps.n; i++) {
		long k = last_forward(ev, nev, i);
		const char *mark = line_is_ascii() ? "." : "\u25cb";
		enum theme_role role = THEME_ROLE_DIM;
		bool undone = step_had(ev, nev, i, PE_EV_UNDONE);

		if (k >= 0) {
			switch (ev[k].kind) {
			case PE_EV_VERIFIED:
			case PE_EV_SKIPPED:
				mark = sym_check();
				role = THEME_ROLE_SUCCESS;
				break;
			case PE_EV_FAILED:
				mark = sym_bad();
				role = THEME_ROLE_ERROR;
				break;
			default:
				mark = line_is_ascii() ? "*" : "\u25cc";
				role = THEME_ROLE_INFO;
				break;
			}
			snprintf(buf, sizeof(buf), " %s %s%s", mark, ev[k].line,
				 undone ? "  (rolled back)" : "");
		} else {
			snprintf(buf, sizeof(buf), " %s [%zu/%zu] %s", mark,
				 i + 1, w->steps.n, w->steps.steps[i].label);
		}
		if (undone && role == THEME_ROLE_SUCCESS)
			role = THEME_ROLE_WARNING;
		/* One line per step (ids may be cut on a narrow screen; the
		 * outcome below names what matters). */
		wiz_text_line(out, width, role, buf);
	}
	for (i = 0; i < nev; i++)
		if (ev[i].kind == PE_EV_ROLLBACK || ev[i].kind == PE_EV_UNDONE ||
		    ev[i].kind == PE_EV_UNDO_FAILED) {
			snprintf(buf, sizeof(buf), "   %s %s",
				 ev[i].kind == PE_EV_UNDO_FAILED ? sym_bad()
								 : "<-",
				 ev[i].line);
			wiz_text_line(out, width,
				      ev[i].kind == PE_EV_UNDO_FAILED
					      ? THEME_ROLE_ERROR
					      : THEME_ROLE_WARNING,
				      buf);
		}
	if (!done) {
		wiz_text_line(out, width, THEME_ROLE_INFO,
			      " applying... (Esc stops it and removes what it "
			      "created)");
	} else if (t->no_client || (!t->checked && !t->ran)) {
		snprintf(buf, sizeof(buf), " %s %s; nothing was sent", sym_bad(),
			 t->err);
		para(out, width, 0, THEME_ROLE_ERROR, buf);
		wiz_text_line(out, width, THEME_ROLE_KEY,
			      " b  back to Review    Enter/Esc  close");
	} else {
		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
		outcome_lines(w, t, ev, nev, width, out);
	}
	/* Where the state is, so a crash can be resumed or undone. */
	snprintf(buf, sizeof(buf), " Plan file: %s", w->plan_file);
	para(out, width, 0, THEME_ROLE_NORMAL, buf);
	wiz_text_line(out, width, THEME_ROLE_DIM,
		      "   (cfconsole apply FILE resumes it after a crash; "
		      "cfconsole apply --rollback FILE removes what it "
		      "created)");
	if (w->remove) {
		bool rdone = atomic_load(&w->remove->done) && w->remove->handled;

		wiz_text_line(out, width, THEME_ROLE_NORMAL, "");
		if (!rdone)
			wiz_text_line(out, width, THEME_ROLE_INFO,
				      " removing the setup, last created "
				      "first...");
		else if (w->remove->report.outcome == PE_OK)
			wiz_text_line(out, width, THEME_ROLE_SUCCESS,
				      " removed: nothing of this setup is left");
		else
			para(out, width, 1, THEME_ROLE_ERROR, ui->status);
	}
	wiz_events_free(ev, nev);
}

void
wiz_draw_apply(struct ui *ui, struct wizard *w, int width, int height,
	       struct lines *out)
{
	struct lines body = { 0 };

	apply_lines(ui, w, width, &body);
	if (w->result_top + (size_t)height > body.n)
		w->result_top = body.n > (size_t)height
					? body.n - (size_t)height
					: 0;
	window(out, &body, w->result_top, height, width);
	lines_free(&body);
}

static unsigned
stop_answer(struct ui *ui, bool yes, void *ud)
{
	struct wizard *w = ud;

	if (yes && w->apply && !atomic_load(&w->apply->done)) {
		atomic_store(&w->apply->cancel, true);
		ui_status(ui, THEME_ROLE_WARNING,
			  "stopping: what was created is removed, last "
			  "first...");
	}
	return CMD_REDRAW;
}

/* h: the Health pane, on the new pool (selected as soon as the poller
 * lists it: wizard_poll). */
static unsigned
show_health(struct ui *ui, struct wizard *w)
{
	struct cf_plan_step_state *ps =
		cf_plan_state_find(&w->apply->plan, "pool");
	char name[256];

	snprintf(name, sizeof(name), "%s", w->apply->plan.pool.name
						   ? w->apply->plan.pool.name
						   : "");
	free(w->select_pool);
	w->select_pool = ps && ps->id ? strdup(ps->id) : NULL;
	wiz_close(ui, w);
	ui_show(ui, PANE_HEALTH, NULL, NULL, false);
	if (ui->poller)
		poller_kick(ui->poller);
	ui_status(ui, THEME_ROLE_INFO,
		  "Health: pool %s is selected as soon as the poller lists it; "
		  "its first checks come with the next polls",
		  name);
	wiz_select_pool(ui, w);
	return CMD_REDRAW;
}

bool
wiz_select_pool(struct ui *ui, struct wizard *w)
{
	struct pane *p = ui->panes[PANE_HEALTH];
	size_t r;

	if (!w->select_pool || ui->cur != PANE_HEALTH || w->open)
		return false;
	ui_load_current(ui);
	for (r = 0; r < p->nvis; r++) {
		const struct health_row *row = p->objs[p->vis[r]];

		if (!row->origin && row->pool->id &&
		    !strcmp(row->pool->id, w->select_pool)) {
			pane_select(p, r);
			free(w->select_pool);
			w->select_pool = NULL;
			ui->dirty |= UI_DIRTY_DRAW;
			return true;
		}
	}
	return false;
}

unsigned
wiz_apply_key(struct ui *ui, struct wizard *w, int key, bool fkey)
{
	struct wiz_task *t = w->apply;
	bool done = t && atomic_load(&t->done) && t->handled;
	bool ok = done && t->ran && t->report.outcome == PE_OK;

	if ((fkey && key == CONFIG_KEY_DOWN) || (!fkey && key == 'j')) {
		w->result_top++;
		return CMD_REDRAW;
	}
	if ((fkey && key == CONFIG_KEY_UP) || (!fkey && key == 'k')) {
		if (w->result_top)
			w->result_top--;
		return CMD_REDRAW;
	}
	if (!done) {
		if (!fkey && key == CONFIG_KEY_ESC)
			dialog_confirm(ui, "Stop the apply",
				       "Stop the apply? What it has created so "
				       "far is removed again, last first.",
				       NULL, stop_answer, w);
		else
			ui_status(ui, THEME_ROLE_INFO,
				  "applying; Esc stops it and removes what it "
				  "created");
		return CMD_REDRAW;
	}
	if (ok && !fkey && key == 'h')
		return show_health(ui, w);
	if (ok && !fkey && key == 'u') {
		if (w->has_setup)
			wiz_remove_ask(ui, w);
		else
			ui_status(ui, THEME_ROLE_INFO,
				  "the setup was removed already");
		return CMD_REDRAW;
	}
	if (!ok && !fkey && key == 'b' && !t->report.nleft && w->form) {
		w->screen = WIZ_FORM;
		if (!wiz_check_current(w))
			wiz_check_start(ui, w);
		return CMD_REDRAW;
	}
	if ((!fkey && (key == CONFIG_KEY_ESC || key == 'q' || key == '\r' ||
		       key == '\n')) ||
	    (fkey && key == CONFIG_KEY_KENTER)) {
		wiz_close(ui, w);
		return CMD_REDRAW;
	}
	return CMD_OK;
}
