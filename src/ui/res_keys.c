/* res_keys.c: the pane keys and ':' commands of resource changes (n, e, d, E, P, space) and the console's hooks into the res overlay (keys, frame, clicks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/oncall.h"
#include "ui/res.h"
#include "ui/res_priv.h"
#include "ui/ui.h"
#include "ui/wizard_draw.h"

/* ---- where the user is --------------------------------------------------- */

/* The resource of the current pane, or FIELD_NRES for panes without
 * forms (zones, origins, health). */
static enum field_res
pane_res(const struct ui *ui)
{
	const struct pane_ops *ops = ui->panes[ui->cur]->ops;

	return ops->forms ? ops->res : FIELD_NRES;
}

/* Fills w for the current pane (strings copied: res_where_free). False
 * with a status (and nothing to free) when the pane has no such changes
 * or no zone. */
static bool
here(struct ui *ui, const char *what, struct res_where *w)
{
	struct pane *p = ui_pane(ui);

	memset(w, 0, sizeof(*w));
	w->res = pane_res(ui);
	if (w->res == FIELD_NRES) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "%s: works in the DNS records, Load balancers, Pools "
			  "and Monitors panes",
			  what);
		return false;
	}
	if (!ui->jobs) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: not connected", what);
		return false;
	}
	if (res_is_open(ui) || (ui->res && ui->res->save)) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: a form is open", what);
		return false;
	}
	if ((w->res == FIELD_RES_DNS || w->res == FIELD_RES_LB) &&
	    !p->scope_id) {
		ui_status(ui, THEME_ROLE_WARNING, "%s: choose a zone first",
			  what);
		return false;
	}
	{
		struct res_where src = { .res = w->res };
		char *acc = strdup(jobs_account_id(ui->jobs)
					   ? jobs_account_id(ui->jobs)
					   : "");

		if (!acc)
			line_oom();
		src.account_id = acc;
		if (w->res == FIELD_RES_DNS || w->res == FIELD_RES_LB) {
			src.zone_id = p->scope_id;
			src.zone_name = p->scope_label;
		}
		res_where_copy(w, &src);
		free(acc);
	}
	return true;
}

static const void *
selected(struct ui *ui, const char *what)
{
	const void *obj = pane_selected(ui_pane(ui));

	if (!obj)
		ui_status(ui, THEME_ROLE_WARNING, "%s: nothing selected", what);
	return obj;
}

/* ---- handlers ------------------------------------------------------------ */

unsigned
res_cmd_new(struct ui *ui, const char *args)
{
	struct res_where w;
	bool ok;

	(void)args;
	if (!here(ui, "new", &w))
		return CMD_FAILED;
	ok = res_form_open(ui, &w, NULL);
	res_where_free(&w);
	return ok ? CMD_REDRAW : CMD_FAILED;
}

unsigned
res_cmd_edit(struct ui *ui, const char *args)
{
	struct res_where w;
	const void *obj;
	bool ok;

	/* Origins keep their one-line edit (weight, on/off): their panes'
	 * request hooks send e there. */
	if (args && *args) {
		ui_status(ui, THEME_ROLE_ERROR,
			  ":edit takes arguments only for origins");
		return CMD_FAILED;
	}
	if (!(obj = selected(ui, "edit")) || !here(ui, "edit", &w))
		return CMD_FAILED;
	ok = res_form_open(ui, &w, obj);
	res_where_free(&w);
	return ok ? CMD_REDRAW : CMD_FAILED;
}

unsigned
res_cmd_delete(struct ui *ui, const char *args)
{
	struct res_where w;
	const void *obj;

	(void)args;
	if (!(obj = selected(ui, "delete")) || !here(ui, "delete", &w))
		return CMD_FAILED;
	res_delete_ask(ui, &w, obj);
	res_where_free(&w);
	return CMD_REDRAW;
}

unsigned
res_cmd_edit_json(struct ui *ui, const char *args)
{
	struct res_where w;
	struct res_state *s;
	struct res_task *t;
	const void *obj;

	(void)args;
	if (!(obj = selected(ui, "edit-json")) || !here(ui, "edit-json", &w))
		return CMD_FAILED;
	s = res_get(ui);
	t = res_task_new(ui, s, RT_GET, &w);
	res_where_free(&w);
	t->seen = res_copy(w.res, obj);
	if (!res_task_submit(ui, s, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "reading it fresh for the editor...");
	return CMD_REDRAW;
}

unsigned
res_cmd_proxied(struct ui *ui, const char *args)
{
	const struct cf_dns_record *rec;
	struct res_where w;
	struct res_state *s;
	struct res_task *t;

	(void)args;
	if (pane_res(ui) != FIELD_RES_DNS) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "proxied: works in the DNS records pane");
		return CMD_FAILED;
	}
	if (!(rec = selected(ui, "proxied")))
		return CMD_FAILED;
	if (!rec->type ||
	    (strcmp(rec->type, "A") && strcmp(rec->type, "AAAA") &&
	     strcmp(rec->type, "CNAME"))) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "proxied: only A, AAAA and CNAME records are proxied "
			  "(this is %s); nothing changed",
			  rec->type ? rec->type : "?");
		return CMD_FAILED;
	}
	if (!here(ui, "proxied", &w))
		return CMD_FAILED;
	s = res_get(ui);
	t = res_task_new(ui, s, RT_PROXIED, &w);
	res_where_free(&w);
	t->seen = res_copy(w.res, rec);
	t->on = !rec->proxied;
	if (!res_task_submit(ui, s, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "%s %s...",
		  t->on ? "proxying" : "unproxying",
		  rec->name ? rec->name : "");
	return CMD_REDRAW;
}

unsigned
res_lb_toggle(struct ui *ui, const char *args)
{
	const struct cf_load_balancer *lb;
	struct res_where w;
	struct res_state *s;
	struct res_task *t;

	(void)args;
	if (!(lb = selected(ui, "toggle")) || !here(ui, "toggle", &w))
		return CMD_FAILED;
	s = res_get(ui);
	/* What stops (or starts) being served is read first: the
	 * confirmation says it. */
	t = res_task_new(ui, s, RT_LB_IMPACT, &w);
	res_where_free(&w);
	t->seen = res_copy(w.res, lb);
	t->on = !lb->enabled;
	if (!res_task_submit(ui, s, t))
		return CMD_FAILED;
	ui_status(ui, THEME_ROLE_INFO, "reading what %s serves...",
		  lb->name ? lb->name : "");
	return CMD_REDRAW;
}

/* ---- the console's hooks ------------------------------------------------- */

static const struct layer_ops res_layer;

void
res_layer_sync(struct ui *ui)
{
	if (res_is_open(ui))
		ui_layer_push(ui, &res_layer, NULL);
	else
		ui_layer_pop(ui, &res_layer);
}

/* The layer's keys: all of them while a form or a list is open. */
static unsigned
res_key(struct ui *ui, void *self, int key, bool fkey)
{
	struct res_state *s = ui->res;
	unsigned r = CMD_OK;

	(void)self;
	if (!s)
		return CMD_OK;
	ui->status[0] = '\0';
	if (s->list != RL_NONE)
		r = res_list_key(ui, s, key, fkey);
	else if (s->open)
		r = res_form_key(ui, s, key, fkey);
	res_layer_sync(ui);
	return r;
}

/* The layer's frame: every row below the header (the first row). */
static void
res_compose(struct ui *ui, void *self, int width, int frame_h,
	    struct lines *frame)
{
	struct res_state *s = ui->res;
	size_t start = frame->n;
	int height = frame_h - 1, first_row = 1;

	(void)self;
	if (!s)
		return;
	if (height < 5 || width < 30) {
		wiz_text_line(frame, width, THEME_ROLE_WARNING,
			      "terminal too small for the form");
		while (frame->n - start < (size_t)height)
			wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
		return;
	}
	if (s->list != RL_NONE)
		res_list_compose(ui, s, width, height, first_row, frame);
	else if (s->open)
		res_form_compose(ui, s, width, height, first_row, frame);
}

static unsigned
res_click(struct ui *ui, void *self, int x, int y, bool dbl)
{
	struct res_state *s = ui->res;

	(void)self;
	(void)dbl;
	if (!s)
		return CMD_OK;
	if (s->list != RL_NONE) {
		if (y >= s->list_y && (size_t)(y - s->list_y) < s->nitems) {
			s->sel = (size_t)(y - s->list_y);
			return CMD_REDRAW;
		}
		return CMD_OK;
	}
	if (s->open && s->view_h && y >= s->view_y &&
	    y < s->view_y + s->view_h &&
	    form_view_click(s->view, s->form, x, y - s->view_y))
		return CMD_REDRAW;
	return CMD_OK;
}

/* The forms' state (ui->res) outlives the layer: a save or a delete goes
 * on after its form closes. */
static const struct layer_ops res_layer = {
	.name = "resource form",
	.rank = LAYER_RANK_SCREEN,
	.opaque = true,
	.key = res_key,
	.compose = res_compose,
	.click = res_click,
};
