/* res_json.c: E, the power-user edit: the object's JSON in $VISUAL/$EDITOR, validated, its diff against the fresh object confirmed, applied; an error reopens the editor with it on top, never losing the user's text. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/xmem.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/res.h"
#include "ui/res_priv.h"
#include "ui/ui.h"

/* ---- the editor ---------------------------------------------------------- */

static bool
write_all(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 8192);

			if (!nb)
				line_oom();
			buf = nb;
			cap += 8192;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/*
 * Runs the user's editor on text (curses suspended meanwhile) and returns
 * what the file holds afterwards (malloc'd), or NULL with err set. The
 * file lives in a private directory and is removed afterwards.
 */
static char *
run_editor(struct ui *ui, const char *text, char *err, size_t size)
{
	const char *ed = getenv("VISUAL"), *tmp = getenv("TMPDIR");
	char dir[4096], path[4200], *cmd, *out = NULL;
	size_t n;
	int rc;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	snprintf(dir, sizeof(dir), "%s/cfconsole-edit-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, size, "cannot make a temporary directory: %s",
			 strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/object.json", dir);
	if (!write_all(path, text)) {
		snprintf(err, size, "cannot write %.400s", path);
		rmdir(dir);
		return NULL;
	}
	n = strlen(ed) + strlen(path) + 8;
	cmd = xmalloc(n);
	/* The editor command is the user's shell words ("code -w"). */
	snprintf(cmd, n, "%s '%s'", ed, path);
	def_prog_mode();
	endwin();
	rc = system(cmd);
	reset_prog_mode();
	refresh();
	ui->dirty |= UI_DIRTY_CLEAR | UI_DIRTY_DRAW;
	free(cmd);
	if (rc != 0)
		snprintf(err, size,
			 "the editor (%s) exited with status %d; "
			 "nothing changed",
			 ed, rc);
	else if (!(out = read_all(path)))
		snprintf(err, size, "cannot read %.400s back", path);
	unlink(path);
	rmdir(dir);
	return out;
}

/* ---- the loop: edit, check, confirm -------------------------------------- */

struct pending {
	struct res_where w;
	void *fresh;
	void *edited;
	char *text;
};

static void
pending_free(struct pending *p)
{
	res_obj_free(p->w.res, p->fresh);
	res_obj_free(p->w.res, p->edited);
	res_where_free(&p->w);
	free(p->text);
	free(p);
}

static unsigned
apply_answer(struct ui *ui, bool yes, void *ud)
{
	struct pending *p = ud;
	struct res_state *s = res_get(ui);
	struct res_task *t;

	if (!yes) {
		ui_status(ui, THEME_ROLE_INFO,
			  "JSON edit not applied; nothing "
			  "was sent");
		pending_free(p);
		return CMD_REDRAW;
	}
	t = res_task_new(ui, s, RT_UPDATE, &p->w);
	t->from = RO_JSON;
	t->seen = p->fresh;
	t->edited = p->edited;
	t->text = p->text;
	p->fresh = p->edited = NULL;
	p->text = NULL;
	pending_free(p);
	if (res_task_submit(ui, s, t))
		ui_status(ui, THEME_ROLE_INFO, "applying the JSON edit...");
	return CMD_REDRAW;
}

/*
 * Edits text (owned, taken) of fresh (owned, taken) until it parses and
 * validates, the user leaves it unchanged, or the editor fails; then asks
 * to apply its diff. error (may be NULL) goes on top the first time.
 */
static void
edit_loop(struct ui *ui, const struct res_where *w, void *fresh, char *text,
	  const char *error)
{
	char *cur = error ? edit_json_with_error(text, error) : text;
	char err[600], name[300], *back, *perr, *diff, *q;
	bool had_error = error != NULL;
	void *edited;
	unsigned mask;
	size_t n;

	if (error)
		free(text);
	if (!cur)
		line_oom();
	res_name(w->res, fresh, name, sizeof(name));
	for (;;) {
		back = run_editor(ui, cur, err, sizeof(err));
		if (!back) {
			ui_status(ui, THEME_ROLE_ERROR, "JSON edit: %s", err);
			break;
		}
		if (!strcmp(back, cur) && had_error) {
			ui_status(ui, THEME_ROLE_INFO,
				  "JSON edit of %s left as it was: nothing "
				  "sent",
				  name);
			free(back);
			break;
		}
		edited = NULL;
		diff = perr = NULL;
		mask = 0;
		if (!edit_json_parse(w->res, fresh, back, NULL, &edited, &mask,
				     &diff, &perr)) {
			/* Back to the editor, the error on top, the text
			 * kept as the user left it. */
			free(cur);
			cur = edit_json_with_error(back,
						   perr ? perr : "invalid");
			free(back);
			free(perr);
			if (!cur)
				line_oom();
			had_error = true;
			continue;
		}
		if (!diff) {
			ui_status(ui, THEME_ROLE_INFO,
				  "JSON edit of %s: nothing changed", name);
			res_obj_free(w->res, edited);
			free(back);
			break;
		}
		{
			struct pending *p = calloc(1, sizeof(*p));

			if (!p)
				line_oom();
			res_where_copy(&p->w, w);
			p->fresh = fresh;
			p->edited = edited;
			p->text = back;
			fresh = NULL;
			n = strlen(diff) + strlen(name) + 200;
			q = xmalloc(n);
			snprintf(q, n,
				 "Apply to %s (against it as read just "
				 "now)?\n\n%s",
				 name, diff);
			dialog_confirm(ui, "Apply the JSON edit", q, NULL,
				       apply_answer, p);
			free(q);
		}
		free(diff);
		break;
	}
	free(cur);
	res_obj_free(w->res, fresh);
}

void
res_json_got(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char *text;
	void *fresh;

	if (t->rc != CF_OK || !t->got) {
		ui_status(ui, THEME_ROLE_ERROR, "JSON edit: cannot read it: %s",
			  t->err[0] ? t->err : cf_status_str(t->rc));
		res_task_drop(s, t);
		return;
	}
	fresh = t->got;
	t->got = NULL;
	text = edit_json_text(t->w.res, fresh);
	if (!text)
		line_oom();
	edit_loop(ui, &t->w, fresh, text, NULL);
	res_task_drop(s, t);
}

void
res_json_done(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char error[1200];
	void *fresh;
	char *text;

	switch (res_saved(ui, s, t)) {
	case RES_SAVED_KEPT:
		return;
	case RES_SAVED_DONE:
	case RES_SAVED_NOOP:
		break;
	case RES_SAVED_FAILED:
		/* The API's refusal goes on top of the user's own text. */
		snprintf(error, sizeof(error), "not applied (%s): %s",
			 edit_outcome_name(t->r.outcome),
			 t->r.issues.n	? t->r.issues.v[0].message
			 : t->r.message ? t->r.message
					: "");
		fresh = t->seen;
		text = t->text;
		t->seen = NULL;
		t->text = NULL;
		edit_loop(ui, &t->w, fresh, text ? text : strdup("{}"), error);
		break;
	}
	res_task_drop(s, t);
}
