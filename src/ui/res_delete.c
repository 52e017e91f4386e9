/* res_delete.c: deleting a DNS record, monitor, pool or load balancer from its pane: the confirmation (default no; a protected zone's name typed), what holds it, jumping there or detaching. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/xmem.h"
#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/dialog.h"
#include "ui/res.h"
#include "ui/res_priv.h"
#include "ui/ui.h"
#include "ui/wizard_draw.h"

/* What is known to hold obj in the loaded lists, ", "-joined into buf
 * ("" when nothing is known). */
static void
known_refs(struct ui *ui, enum field_res res, const void *obj, char *buf,
	   size_t size)
{
	const char *id = fields_table(res)->id(obj);
	size_t i, j, len = 0;

	buf[0] = '\0';
	if (!id)
		return;
	if (res == FIELD_RES_MONITOR) {
		const struct store_res *r = ui->snap->res[STORE_POOLS];

		for (i = 0; i < r->n && len + 1 < size; i++) {
			const struct cf_pool *p = store_pool(r, i);

			if (p->monitor && !strcmp(p->monitor, id))
				len += (size_t)snprintf(buf + len, size - len,
							"%spool %s",
							len ? ", " : "",
							p->name ? p->name : "");
		}
	} else if (res == FIELD_RES_POOL) {
		const struct store_res *r = ui->snap->res[STORE_LBS];

		for (i = 0; r && i < r->n && len + 1 < size; i++) {
			const struct cf_load_balancer *lb = store_lb(r, i);
			bool uses = lb->fallback_pool &&
				    !strcmp(lb->fallback_pool, id);

			for (j = 0; j < lb->default_pools.n; j++)
				uses |= !strcmp(lb->default_pools.v[j], id);
			if (uses)
				len += (size_t)snprintf(
					buf + len, size - len,
					"%sload balancer %s", len ? ", " : "",
					lb->name ? lb->name : "");
		}
	}
	if (len >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
}

struct pending {
	struct res_where w;
	void *obj;
	bool detach;
};

static void
pending_free(struct pending *p)
{
	res_obj_free(p->w.res, p->obj);
	res_where_free(&p->w);
	free(p);
}

static unsigned
delete_answer(struct ui *ui, bool yes, void *ud)
{
	struct pending *p = ud;
	struct res_state *s = res_get(ui);
	struct res_task *t;
	char name[300];

	res_name(p->w.res, p->obj, name, sizeof(name));
	if (!yes) {
		ui_status(ui, THEME_ROLE_INFO, "%s kept; nothing was sent",
			  name);
		pending_free(p);
		return CMD_REDRAW;
	}
	t = res_task_new(ui, s, RT_DELETE, &p->w);
	t->seen = res_copy(p->w.res, p->obj);
	t->detach = p->detach;
	pending_free(p);
	if (res_task_submit(ui, s, t))
		ui_status(ui, THEME_ROLE_INFO, "deleting %s%s...", name,
			  t->detach ? " (references first)" : "");
	return CMD_REDRAW;
}

static bool
zone_protected(struct ui *ui, const char *zone)
{
	return zone && ui->profile &&
	       config_zone_is_protected(ui->profile, zone);
}

static void
ask(struct ui *ui, const struct res_where *w, const void *obj, bool detach,
    const char *refs_text)
{
	struct pending *p = calloc(1, sizeof(*p));
	const struct field_table *t = fields_table(w->res);
	char name[300], refs[1024], text[2600];
	const char *expect = NULL;

	if (!p)
		line_oom();
	res_where_copy(&p->w, w);
	p->obj = res_copy(w->res, obj);
	p->detach = detach;
	res_name(w->res, obj, name, sizeof(name));
	if (refs_text)
		snprintf(refs, sizeof(refs), "%s", refs_text);
	else
		known_refs(ui, w->res, obj, refs, sizeof(refs));
	if (zone_protected(ui, w->zone_name))
		expect = t->label(obj);
	snprintf(text, sizeof(text), "%s %s?%s%s%s%s\n\n%s",
		 detach ? "Remove the references to, then delete" : "Delete",
		 name, refs[0] ? "\n\nUsed by: " : "", refs,
		 refs[0] && !detach ? " -- the API refuses while they use "
				      "it; you can then jump to them or "
				      "detach it."
				    : "",
		 expect ? "\n\nThe zone is protected: type the name to "
			  "confirm."
			: "",
		 "u recreates it from the journal (with a new id).");
	dialog_confirm(ui, detach ? "Detach and delete" : "Delete", text,
		       expect, delete_answer, p);
}

void
res_delete_ask(struct ui *ui, const struct res_where *w, const void *obj)
{
	ask(ui, w, obj, false, NULL);
}

/* ---- held ---------------------------------------------------------------- */

void
res_list_close(struct res_state *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++) {
		free(s->items[i].id);
		free(s->items[i].label);
		free(s->items[i].zone_id);
		free(s->items[i].why);
	}
	free(s->items);
	s->items = NULL;
	s->nitems = s->sel = 0;
	free(s->list_title);
	free(s->list_text);
	s->list_title = s->list_text = NULL;
	res_obj_free(s->del_w.res, s->del_obj);
	s->del_obj = NULL;
	res_where_free(&s->del_w);
	s->list = RL_NONE;
}

static void
open_held(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char name[300], title[400];
	size_t i;

	res_list_close(s);
	res_name(t->w.res, t->seen, name, sizeof(name));
	snprintf(title, sizeof(title), "%s is in use: not deleted", name);
	s->list_title = xstrdup_or_empty(title);
	s->list_text = xstrdup_or_empty(t->r.message);
	s->items = xcalloc(t->r.nheld + 1, sizeof(*s->items));
	for (i = 0; i < t->r.nheld; i++) {
		const struct edit_ref *r = &t->r.held[i];

		s->items[i].res = r->res;
		s->items[i].id = xstrdup_or_empty(r->id);
		s->items[i].label = xstrdup_or_empty(r->name ? r->name : r->id);
		s->items[i].zone_id =
			r->zone_id ? xstrdup_or_empty(r->zone_id) : NULL;
		s->items[i].why = r->why ? xstrdup_or_empty(r->why) : NULL;
	}
	s->nitems = t->r.nheld;
	s->sel = 0;
	res_where_copy(&s->del_w, &t->w);
	s->del_obj = res_copy(t->w.res, t->seen);
	s->list = RL_HELD;
	res_layer_sync(ui);
	ui_status(ui, THEME_ROLE_WARNING, "%s is in use by %zu object%s", name,
		  t->r.nheld, t->r.nheld == 1 ? "" : "s");
}

void
res_delete_done(struct ui *ui, struct res_state *s, struct res_task *t)
{
	char name[300];

	res_name(t->w.res, t->seen, name, sizeof(name));
	switch (t->r.outcome) {
	case EDIT_DONE:
		ui_status(ui, THEME_ROLE_INFO,
			  "deleted %s%s; u brings it back (with a new id)",
			  name,
			  t->r.nheld ? " (its references removed first)" : "");
		res_reload(ui, &t->w);
		break;
	case EDIT_HELD:
		open_held(ui, s, t);
		break;
	default:
		ui_status(ui, THEME_ROLE_ERROR, "delete %s: %s", name,
			  t->r.message ? t->r.message
				       : edit_outcome_name(t->r.outcome));
		break;
	}
	res_task_drop(s, t);
}

/* ---- jumping to an object ------------------------------------------------ */

/* The pane whose forms work on res (pane_ops.forms/.res): the registry
 * says it, so a new resource pane needs no case here. */
static int
pane_of(enum field_res res)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		if (pane_registry[i]->forms && pane_registry[i]->res == res)
			return i;
	return PANE_MONITORS;
}

static bool
select_in(struct ui *ui, enum field_res res, const char *id)
{
	struct pane *p = ui_pane(ui);
	const struct field_table *t = fields_table(res);
	size_t r;

	/* Only in the pane of that resource: the user may have moved on
	 * before the list arrived, and another pane's rows are other
	 * objects. */
	if (ui->cur != pane_of(res))
		return false;
	ui_load_current(ui);
	for (r = 0; r < p->nvis; r++) {
		const char *oid = t->id(p->objs[p->vis[r]]);

		if (oid && !strcmp(oid, id)) {
			pane_select(p, r);
			return true;
		}
	}
	return false;
}

bool
res_jump(struct ui *ui, enum field_res res, const char *id, const char *zone_id,
	 const char *zone_name)
{
	struct res_state *s = res_get(ui);
	int pane = pane_of(res);

	if (!ui_show(ui, pane, zone_id, zone_name, true))
		return false;
	if (select_in(ui, res, id))
		return true;
	free(s->jump_id);
	s->jump_id = xstrdup_or_empty(id);
	s->jump_res = res;
	return false;
}

void
res_select_when_listed(struct ui *ui, enum field_res res, const char *id)
{
	struct res_state *s = res_get(ui);

	if (!id || select_in(ui, res, id))
		return;
	free(s->jump_id);
	s->jump_id = xstrdup_or_empty(id);
	s->jump_res = res;
}

bool
res_jump_pending(struct ui *ui, struct res_state *s)
{
	if (!s->jump_id)
		return false;
	/* Left that pane before the list came: the jump is void, so it
	 * cannot move a cursor on a later visit. */
	if (ui->cur != pane_of(s->jump_res)) {
		free(s->jump_id);
		s->jump_id = NULL;
		return false;
	}
	if (!select_in(ui, s->jump_res, s->jump_id))
		return false;
	free(s->jump_id);
	s->jump_id = NULL;
	return true;
}

/* ---- the list's keys and drawing ----------------------------------------- */

static bool
all_detachable(const struct res_state *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (s->items[i].why)
			return false;
	return s->nitems > 0;
}

unsigned
res_list_key(struct ui *ui, struct res_state *s, int key, bool fkey)
{
	struct res_list_item *it = s->nitems ? &s->items[s->sel] : NULL;

	if (!fkey && (key == CONFIG_KEY_ESC || key == 'q')) {
		res_list_close(s);
		return CMD_REDRAW;
	}
	if ((fkey && key == CONFIG_KEY_DOWN) || (!fkey && key == 'j')) {
		if (s->sel + 1 < s->nitems)
			s->sel++;
		return CMD_REDRAW;
	}
	if ((fkey && key == CONFIG_KEY_UP) || (!fkey && key == 'k')) {
		if (s->sel)
			s->sel--;
		return CMD_REDRAW;
	}
	if (it && ((!fkey && (key == '\r' || key == '\n')) ||
		   (fkey && key == CONFIG_KEY_KENTER))) {
		char *id = xstrdup_or_empty(it->id);
		char *zid = it->zone_id ? xstrdup_or_empty(it->zone_id) : NULL;
		enum field_res res = it->res;
		enum res_list_kind kind = s->list;

		res_list_close(s);
		if (kind == RL_POOLS) {
			res_form_test_start(ui, s, id);
		} else {
			const struct cf_zone *z =
				zid ? store_find_zone(ui->snap, zid) : NULL;

			res_jump(ui, res, id, zid, z ? z->name : NULL);
		}
		free(id);
		free(zid);
		return CMD_REDRAW;
	}
	if (s->list == RL_HELD && !fkey && key == 'D') {
		char refs[1024];
		size_t i, len = 0;

		if (!all_detachable(s)) {
			ui_status(ui, THEME_ROLE_WARNING, "cannot detach: %s",
				  it && it->why ? it->why
						: "some references cannot go");
			for (i = 0; i < s->nitems; i++)
				if (s->items[i].why)
					ui_status(ui, THEME_ROLE_WARNING,
						  "cannot detach from %s: %s",
						  s->items[i].label,
						  s->items[i].why);
			return CMD_REDRAW;
		}
		refs[0] = '\0';
		for (i = 0; i < s->nitems && len + 1 < sizeof(refs); i++)
			len += (size_t)snprintf(refs + len, sizeof(refs) - len,
						"%s%s", i ? ", " : "",
						s->items[i].label);
		{
			struct res_where w;
			void *obj = s->del_obj;

			w = s->del_w;
			s->del_obj = NULL;
			memset(&s->del_w, 0, sizeof(s->del_w));
			res_list_close(s);
			ask(ui, &w, obj, true, refs);
			res_obj_free(w.res, obj);
			res_where_free(&w);
		}
		return CMD_REDRAW;
	}
	return CMD_OK;
}

void
res_list_compose(struct ui *ui, struct res_state *s, int width, int height,
		 int first_row, struct lines *frame)
{
	size_t start = frame->n, i;
	char buf[600];
	struct line *l;

	wiz_rule(frame, width, s->list_title);
	wiz_para(frame, width, 1, THEME_ROLE_NORMAL, s->list_text);
	wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
	s->list_y = first_row + (int)(frame->n - start);
	for (i = 0; i < s->nitems; i++) {
		const struct res_list_item *it = &s->items[i];

		snprintf(buf, sizeof(buf), "%s %s %s%s%s",
			 i == s->sel ? ">" : " ", fields_table(it->res)->title,
			 it->label, it->why ? "  (cannot detach: " : "",
			 it->why ? it->why : "");
		if (it->why)
			strncat(buf, ")", sizeof(buf) - strlen(buf) - 1);
		wiz_text_line(frame, width,
			      i == s->sel ? THEME_ROLE_SELECTION
					  : THEME_ROLE_NORMAL,
			      buf);
	}
	/* The keys stay on the last line; a one-line status goes above
	 * them rather than hiding them. */
	bool status = ui->status[0] && !strchr(ui->status, '\n');
	size_t keep = (size_t)height - (status ? 2 : 1);

	while (frame->n - start > keep) {
		line_free(&frame->v[frame->n - 1]);
		frame->n--;
	}
	while (frame->n - start < keep)
		wiz_text_line(frame, width, THEME_ROLE_NORMAL, "");
	if (status) {
		l = lines_add(frame);
		line_add(l, ui->status_role, ui->status);
		line_truncate(l, width);
		if (l->width < width)
			line_pad(l, THEME_ROLE_NORMAL, width - l->width);
	}
	l = lines_add(frame);
	line_add(l, THEME_ROLE_DIM,
		 s->list == RL_HELD ? "j/k choose  Enter jump to it  D detach "
				      "and delete  Esc close"
				    : "j/k choose  Enter test against it  Esc "
				      "close");
	line_truncate(l, width);
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
}
