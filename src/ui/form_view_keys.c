/* form_view_keys.c: a form view's keys and clicks as form_* calls: fields, table rows, pick-lists, map entries, steps. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/form_table.h"
#include "ui/edit.h"
#include "ui/form_view.h"
#include "ui/form_view_priv.h"

/* ---- keys ---------------------------------------------------------------- */

static bool
is_enter(int key, bool fkey)
{
	return (fkey && key == CONFIG_KEY_KENTER) ||
	       (!fkey && (key == '\r' || key == '\n'));
}

/* Down/Up in a table: the same column of the next/previous row, else the
 * field after/before the table. */
static void
focus_vertical(struct form *f, int dir)
{
	const char *fo = form_focus(f);
	char table[128], t2[128], want[192];
	size_t row, r2, guard;
	const char *col, *c2;

	if (!fo || !fv_cell_parts(fo, table, sizeof(table), &row, &col)) {
		if (dir > 0)
			form_focus_next(f);
		else
			form_focus_prev(f);
		return;
	}
	if (dir > 0 && row + 1 < form_rows(f, table)) {
		snprintf(want, sizeof(want), "%s[%zu]%s", table, row + 1, col);
		form_set_focus(f, want);
		return;
	}
	if (dir < 0 && row > 0) {
		snprintf(want, sizeof(want), "%s[%zu]%s", table, row - 1, col);
		form_set_focus(f, want);
		return;
	}
	/* Out of the table: step cell by cell until the focus leaves it. */
	for (guard = 0; guard < 1000; guard++) {
		if (dir > 0)
			form_focus_next(f);
		else
			form_focus_prev(f);
		fo = form_focus(f);
		if (!fo || !fv_cell_parts(fo, t2, sizeof(t2), &r2, &c2) ||
		    strcmp(t2, table))
			return;
		if (dir > 0 && r2 == 0)
			return; /* wrapped round to the first row */
	}
}

/* Row operations of a table cell. FV_IGNORED when key is none. */
static enum form_view_action
row_key(struct form *f, int key, bool fkey, bool letters)
{
	const char *fo = form_focus(f);
	char table[128], want[256], col[64];
	size_t row;
	const char *c;
	int dir = 0;

	if (!fo || !fv_cell_parts(fo, table, sizeof(table), &row, &c))
		return FV_IGNORED;
	snprintf(col, sizeof(col), "%s", c);
	if ((fkey && key == CONFIG_KEY_IC) || (letters && key == 'a')) {
		form_row_add(f, table);
		return FV_HANDLED;
	}
	if ((!fkey && key == 24) || (letters && key == 'd')) { /* ^X */
		form_row_remove(f, table, row);
		return FV_HANDLED;
	}
	if ((!fkey && key == 16) || (letters && key == 'K')) /* ^P */
		dir = -1;
	else if ((!fkey && key == 14) || (letters && key == 'J')) /* ^N */
		dir = 1;
	if (!dir)
		return FV_IGNORED;
	if (form_row_move(f, table, row, dir)) {
		snprintf(want, sizeof(want), "%s[%zu]%s", table,
			 dir < 0 ? row - 1 : row + 1, col);
		form_set_focus(f, want);
	}
	return FV_HANDLED;
}

/* Pool names (or ids, or "this") in a map entry's value, as the ids the
 * form takes. */
static void
map_value_ids(struct form *f, const char *id, const char *value, char *out,
	      size_t size)
{
	char copy[1024], *tok, *save = NULL;
	size_t len = 0;
	const struct cf_plan *p = form_plan(f);

	snprintf(copy, sizeof(copy), "%s", value);
	out[0] = '\0';
	for (tok = strtok_r(copy, ", ", &save); tok && len < size;
	     tok = strtok_r(NULL, ", ", &save)) {
		const char *use = tok;
		size_t n, i;
		const struct valid_choice *c = form_choices(f, id, &n);

		if (!strcmp(tok, "this") ||
		    (p->pool_source == CF_PLAN_CREATE && p->pool.name &&
		     !strcmp(tok, p->pool.name)))
			use = CF_PLAN_POOL_REF;
		else
			for (i = 0; i < n; i++)
				if (!strcmp(c[i].value, tok) ||
				    (c[i].help && !strcmp(c[i].help, tok))) {
					use = c[i].value;
					break;
				}
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					len ? "," : "", use);
	}
}

/* Enter on a map's entry line: KEY=pools (or "KEY pools", "KEY:"). */
static void
map_commit(struct form_view *v, struct form *f, const char *id)
{
	char line[EDIT_MAX], key[64], ids[1024], full[320];
	char *sep, *val;
	const char *why;
	size_t i, klen;

	snprintf(line, sizeof(line), "%s", edit_text(&v->ed));
	sep = line + strcspn(line, "=: ");
	val = *sep ? sep + 1 : sep;
	*sep = '\0';
	while (*val == ' ' || *val == '=' || *val == ':')
		val++;
	klen = strlen(line);
	if (klen >= sizeof(key))
		klen = sizeof(key) - 1;
	for (i = 0; i < klen; i++)
		key[i] = (char)toupper((unsigned char)line[i]);
	key[klen] = '\0';
	if (v->map_bad_key)
		fv_drop_bad_key(v, f);
	map_value_ids(f, id, val, ids, sizeof(ids));
	if (form_map_set(f, id, key, ids)) {
		edit_set(&v->ed, "");
		v->map_why[0] = '\0';
		return;
	}
	snprintf(full, sizeof(full), "%s.%s", id, key);
	why = form_why(f, full);
	snprintf(v->map_why, sizeof(v->map_why), "%s",
		 why ? why : "not accepted");
	fv_set_id(&v->map_bad_key, key);
	fv_set_id(&v->map_id, id);
}

static enum form_view_action
pick_key(struct form_view *v, struct form *f, const char *id, int key,
	 bool fkey)
{
	size_t n, pos;
	const struct valid_choice *c = form_choices(f, id, &n);
	char value[256];

	if (!v->sub_id || strcmp(v->sub_id, id)) {
		fv_set_id(&v->sub_id, id);
		v->sub = 0;
	}
	if (fkey && key == CONFIG_KEY_LEFT) {
		if (v->sub > 0)
			v->sub--;
		return FV_HANDLED;
	}
	if (fkey && key == CONFIG_KEY_RIGHT) {
		if (v->sub + 1 < n)
			v->sub++;
		return FV_HANDLED;
	}
	if (v->sub >= n)
		return FV_IGNORED;
	snprintf(value, sizeof(value), "%s", c[v->sub].value);
	pos = fv_pick_pos(f, id, value);
	if (!fkey && key == ' ') {
		if (pos)
			form_pick_remove(f, id, pos - 1);
		else
			form_pick_add(f, id, value);
		return FV_HANDLED;
	}
	if (!fkey && (key == 16 || key == 'K') && pos) {
		form_pick_move(f, id, pos - 1, -1);
		return FV_HANDLED;
	}
	if (!fkey && (key == 14 || key == 'J') && pos) {
		form_pick_move(f, id, pos - 1, 1);
		return FV_HANDLED;
	}
	return FV_IGNORED;
}

/* n / b where letters are not text. */
static enum form_view_action
step_letter(int key, bool fkey)
{
	if (fkey)
		return FV_IGNORED;
	if (key == 'n')
		return FV_NEXT;
	if (key == 'b')
		return FV_BACK;
	return FV_IGNORED;
}

enum form_view_action
form_view_key(struct form_view *v, struct form *f, int key, bool fkey)
{
	const char *fo;
	char id[192];
	enum form_kind k;
	enum edit_key_result er;
	bool cell;
	char table[128];
	size_t row;
	const char *col;
	enum form_view_action a;

	form_view_sync(v, f);
	fo = form_focus(f);
	if (is_enter(key, fkey)) {
		if (fo && fv_kind_of(f, fo) == FORM_MAP && v->ed.len) {
			map_commit(v, f, fo);
			return FV_HANDLED;
		}
		return FV_NEXT;
	}
	if (fkey && key == CONFIG_KEY_NPAGE)
		return FV_NEXT;
	if (fkey && key == CONFIG_KEY_PPAGE)
		return FV_BACK;
	if (!fkey && key == '\t') {
		form_focus_next(f);
		form_view_sync(v, f);
		return FV_HANDLED;
	}
	if (fkey && key == CONFIG_KEY_BTAB) {
		form_focus_prev(f);
		form_view_sync(v, f);
		return FV_HANDLED;
	}
	if (fkey && (key == CONFIG_KEY_DOWN || key == CONFIG_KEY_UP)) {
		focus_vertical(f, key == CONFIG_KEY_DOWN ? 1 : -1);
		form_view_sync(v, f);
		return FV_HANDLED;
	}
	if (!fo)
		return FV_IGNORED;
	snprintf(id, sizeof(id), "%s", fo);
	k = fv_kind_of(f, id);
	cell = fv_cell_parts(id, table, sizeof(table), &row, &col);
	if (cell) {
		a = row_key(f, key, fkey, k == FORM_BOOL);
		if (a != FV_IGNORED) {
			form_view_sync(v, f);
			return a;
		}
	}
	switch (k) {
	case FORM_TEXT:
	case FORM_NUMBER:
		er = edit_key(&v->ed, key, fkey);
		if (er == EDIT_CHANGED)
			form_set_text(f, edit_text(&v->ed));
		return er == EDIT_IGNORED ? FV_IGNORED : FV_HANDLED;
	case FORM_BOOL:
		if ((!fkey && key == ' ') ||
		    (fkey &&
		     (key == CONFIG_KEY_LEFT || key == CONFIG_KEY_RIGHT))) {
			form_toggle(f);
			return FV_HANDLED;
		}
		return step_letter(key, fkey);
	case FORM_CHOICE:
		if ((fkey && key == CONFIG_KEY_LEFT) ||
		    (fkey && key == CONFIG_KEY_RIGHT) ||
		    (!fkey && key == ' ' && !fv_typed_choice(id))) {
			form_cycle(f, fkey && key == CONFIG_KEY_LEFT ? -1 : 1);
			form_view_sync(v, f);
			return FV_HANDLED;
		}
		if (!fv_typed_choice(id))
			return step_letter(key, fkey);
		er = edit_key(&v->ed, key, fkey);
		if (er == EDIT_CHANGED)
			form_set_text(f, edit_text(&v->ed));
		return er == EDIT_IGNORED ? FV_IGNORED : FV_HANDLED;
	case FORM_PICK:
		a = pick_key(v, f, id, key, fkey);
		return a != FV_IGNORED ? a : step_letter(key, fkey);
	case FORM_MAP:
		er = edit_key(&v->ed, key, fkey);
		if (er == EDIT_CHANGED && v->map_bad_key) {
			fv_drop_bad_key(v, f);
			form_view_sync(v, f);
		}
		return er == EDIT_IGNORED ? FV_IGNORED : FV_HANDLED;
	case FORM_TABLE:
		break;
	}
	return FV_IGNORED;
}

const char *
form_view_why(struct form_view *v, struct form *f)
{
	const char *fo = form_focus(f);

	if (!fo)
		return NULL;
	if (fv_kind_of(f, fo) == FORM_MAP && v->map_why[0])
		return v->map_why;
	return form_why(f, fo);
}

bool
form_view_click(struct form_view *v, struct form *f, int x, int y)
{
	(void)x;
	if (y < 0 || y >= v->nrows || !v->row_ids || !v->row_ids[y])
		return false;
	if (!form_set_focus(f, v->row_ids[y]))
		return false;
	form_view_sync(v, f);
	return true;
}
