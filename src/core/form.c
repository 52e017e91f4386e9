/* form.c: the setup wizard's form model: text buffers validated as typed, focus and keys, tables, pick-lists, maps, steps and Next (fields: form_fields.c). */
#include "cfconsole/form.h"

#include "core/form_fields.h"
#include "core/form_object.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the form --------------------------------------------------------------- */

struct buf {
	char *id;   /* full id (cells with their row) */
	char *text; /* what the user typed */
	char *why;  /* its reason, or NULL when valid */
};

struct objs {
	char **ids, **names;
	size_t n;
};

struct form {
	struct cf_plan plan;
	struct plan_rules rules;
	enum form_step step;
	enum form_step reached;
	char *focus;
	bool dirty;
	struct buf *bufs;
	size_t nbufs;
	struct objs objs[FORM_NOBJ];
	/* scratch returned to the caller */
	const char **visible;
	size_t nvisible;
	char *shown;
	struct valid_choice *choices;
	size_t nchoices;
	char **choice_text;
	size_t nchoice_text;
	struct plan_issues issues;
	/* an object form (form_new_object); NULL for the wizard */
	struct form_obj *o;
	struct cf_strv picked; /* scratch for form_picked_item */
};

static bool
set_str(char **dst, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return false;
	free(*dst);
	*dst = d;
	return true;
}

static void
objs_free(struct objs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->ids[i]);
		free(o->names[i]);
	}
	free(o->ids);
	free(o->names);
	memset(o, 0, sizeof(*o));
}

static void
choices_reset(struct form *f)
{
	size_t i;

	for (i = 0; i < f->nchoice_text; i++)
		free(f->choice_text[i]);
	free(f->choice_text);
	free(f->choices);
	f->choice_text = NULL;
	f->choices = NULL;
	f->nchoices = f->nchoice_text = 0;
}

void
form_free(struct form *f)
{
	size_t i;

	if (!f)
		return;
	cf_plan_free(&f->plan);
	for (i = 0; i < f->nbufs; i++) {
		free(f->bufs[i].id);
		free(f->bufs[i].text);
		free(f->bufs[i].why);
	}
	free(f->bufs);
	for (i = 0; i < FORM_NOBJ; i++)
		objs_free(&f->objs[i]);
	for (i = 0; i < f->nvisible; i++)
		free((char *)(uintptr_t)f->visible[i]);
	free(f->visible);
	free(f->focus);
	free(f->shown);
	choices_reset(f);
	plan_issues_free(&f->issues);
	form_obj_free(f->o);
	cf_strv_free(&f->picked);
	free(f);
}

struct form *
form_new(const char *preset, const char *zone, const struct plan_rules *rules)
{
	struct form *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	if (!plan_preset(preset, zone, &f->plan)) {
		free(f);
		return NULL;
	}
	if (rules)
		f->rules = *rules;
	f->step = f->reached = FORM_STEP_ZONE;
	f->focus = strdup("zone");
	if (!f->focus) {
		form_free(f);
		return NULL;
	}
	return f;
}

const struct cf_plan *
form_plan(const struct form *f)
{
	return &f->plan;
}

bool
form_take_plan(const struct form *f, struct cf_plan *out)
{
	return cf_plan_copy(out, &f->plan) == CF_OK;
}

enum form_step
form_step(const struct form *f)
{
	return f->step;
}

bool
form_dirty(const struct form *f)
{
	return f->dirty;
}

static struct buf *
buf_find(struct form *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->nbufs; i++)
		if (!strcmp(f->bufs[i].id, id))
			return &f->bufs[i];
	return NULL;
}

static void
buf_drop(struct form *f, const char *id)
{
	struct buf *b = buf_find(f, id);

	if (!b)
		return;
	free(b->id);
	free(b->text);
	free(b->why);
	*b = f->bufs[--f->nbufs];
}

/* Drops every buffer whose id starts with prefix (rows that moved). */
static void
buf_drop_prefix(struct form *f, const char *prefix)
{
	size_t i = 0, n = strlen(prefix);

	while (i < f->nbufs) {
		if (!strncmp(f->bufs[i].id, prefix, n)) {
			buf_drop(f, f->bufs[i].id);
			continue;
		}
		i++;
	}
}

static bool
buf_set(struct form *f, const char *id, const char *text, const char *why)
{
	struct buf *b = buf_find(f, id);
	char *t = strdup(text), *w = why ? strdup(why) : NULL;

	if (!t || (why && !w)) {
		free(t);
		free(w);
		return false;
	}
	if (!b) {
		struct buf *nb = realloc(f->bufs, (f->nbufs + 1) * sizeof(*nb));

		if (!nb) {
			free(t);
			free(w);
			return false;
		}
		f->bufs = nb;
		b = &nb[f->nbufs++];
		b->id = strdup(id);
		if (!b->id) {
			f->nbufs--;
			free(t);
			free(w);
			return false;
		}
	} else {
		free(b->text);
		free(b->why);
	}
	b->text = t;
	b->why = w;
	return true;
}

static const struct form_field *
resolve(const char *id, char *base, size_t size, size_t *row)
{
	*row = 0;
	if (!form_split_cell(id, base, size, row))
		snprintf(base, size, "%s", id);
	return form_field_def(base);
}

bool
form_set(struct form *f, const char *id, const char *text)
{
	char base[128], why[VALID_WHY_MAX] = "";
	const struct form_field *d;
	size_t row;
	bool ok;

	if (f->o) {
		d = form_obj_def(f->o, id);
		if (!d || d->kind == FORM_TABLE)
			return false;
		ok = form_obj_store(f->o, id, text, why, sizeof(why));
	} else {
		d = resolve(id, base, sizeof(base), &row);
		if (!d || d->kind == FORM_TABLE || d->kind == FORM_PICK ||
		    d->kind == FORM_MAP)
			return false;
		ok = form_store(&f->plan, &f->rules, base, row, text, why,
				sizeof(why));
	}
	f->dirty = true;
	if (ok) {
		/* Other fields may have changed with this one (the method with
		 * the type, the CNAME's target with the LB's name): their valid
		 * texts are shown from the plan again. This field keeps what
		 * was typed ("0.", "080"), so typing goes on from it. */
		size_t i = 0;

		while (i < f->nbufs) {
			if (!f->bufs[i].why && strcmp(f->bufs[i].id, id)) {
				buf_drop(f, f->bufs[i].id);
				continue;
			}
			i++;
		}
		return buf_set(f, id, text, NULL);
	}
	return buf_set(f, id, text, why);
}

const char *
form_text(struct form *f, const char *id)
{
	char base[128];
	size_t row;
	struct buf *b = buf_find(f, id);

	if (b)
		return b->text;
	free(f->shown);
	if (f->o) {
		f->shown = form_obj_text(f->o, id);
		return f->shown ? f->shown : "";
	}
	if (!resolve(id, base, sizeof(base), &row)) {
		f->shown = strdup("");
		return f->shown ? f->shown : "";
	}
	f->shown = form_value_text(&f->plan, base, row);
	return f->shown ? f->shown : "";
}

/* Does issue field `issue` belong to form field id (itself, a cell of it,
 * a key of a map field)? */
static bool
issue_is_about(const char *issue, const char *id)
{
	size_t n = strlen(id);

	return !strncmp(issue, id, n) &&
	       (issue[n] == '\0' || issue[n] == '.' || issue[n] == '[');
}

static void
refresh_issues(struct form *f)
{
	plan_issues_free(&f->issues);
	if (f->o)
		form_obj_issues(f->o, &f->issues);
	else
		plan_validate(&f->plan, &f->rules, &f->issues);
}

const char *
form_why(struct form *f, const char *id)
{
	struct buf *b = buf_find(f, id);
	size_t i;

	if (b && b->why)
		return b->why;
	refresh_issues(f);
	for (i = 0; i < f->issues.n; i++)
		if (!f->issues.v[i].warning &&
		    issue_is_about(f->issues.v[i].field, id))
			return f->issues.v[i].message;
	return NULL;
}

/* ---- visible fields ---------------------------------------------------------- */

size_t
form_fields(struct form *f, enum form_step s, const char *const **ids)
{
	size_t i;

	for (i = 0; i < f->nvisible; i++)
		free((char *)(uintptr_t)f->visible[i]);
	free(f->visible);
	f->visible = NULL;
	f->nvisible = 0;
	if (f->o) {
		const char *const *v;
		size_t n = form_obj_visible(f->o, &v);

		f->visible = calloc(n + 1, sizeof(*f->visible));
		for (i = 0; f->visible && i < n; i++) {
			f->visible[f->nvisible] = strdup(v[i]);
			if (f->visible[f->nvisible])
				f->nvisible++;
		}
		*ids = f->visible;
		return f->nvisible;
	}
	f->visible = calloc(form_nfields + 1, sizeof(*f->visible));
	for (i = 0; f->visible && i < form_nfields; i++) {
		if (form_field_table[i].step != s ||
		    form_field_table[i].table ||
		    !form_field_visible(&f->plan, form_field_table[i].id))
			continue;
		f->visible[f->nvisible] = strdup(form_field_table[i].id);
		if (f->visible[f->nvisible])
			f->nvisible++;
	}
	*ids = f->visible;
	return f->nvisible;
}

/* ---- focus and keys ------------------------------------------------------------ */

/* The focusable ids of the current step: fields, and table cells in place
 * of their table. Caller frees the array and its strings. */
static size_t
focusables(struct form *f, char ***out)
{
	const char *const *ids;
	size_t n, i, j, r, k = 0, cap;
	char **v;

	if (f->o)
		return form_obj_focusables(f->o, out);
	n = form_fields(f, f->step, &ids);
	cap = n + 1;
	v = calloc(cap, sizeof(char *));

	for (i = 0; v && i < n; i++) {
		const struct form_field *d = form_field_def(ids[i]);

		if (d->kind != FORM_TABLE) {
			v[k++] = strdup(ids[i]);
			continue;
		}
		for (r = 0; r < f->plan.pool.norigins; r++) {
			for (j = 0; j < form_nfields; j++) {
				char cell[128];
				char **nv;

				if (!form_field_table[j].table ||
				    strcmp(form_field_table[j].table, ids[i]))
					continue;
				snprintf(cell, sizeof(cell), "%s[%zu]%s",
					 ids[i], r,
					 strstr(form_field_table[j].id, "[]") +
						 2);
				if (k + 1 >= cap) {
					cap *= 2;
					nv = realloc(v, cap * sizeof(char *));
					if (!nv)
						goto out;
					v = nv;
				}
				v[k++] = strdup(cell);
			}
		}
	}
out:
	*out = v;
	return v ? k : 0;
}

static void
strv_drop(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

const char *
form_focus(const struct form *f)
{
	return f->focus;
}

bool
form_set_focus(struct form *f, const char *id)
{
	char **v;
	size_t n = focusables(f, &v), i;
	bool ok = false;

	for (i = 0; i < n && !ok; i++)
		if (!strcmp(v[i], id))
			ok = set_str(&f->focus, id);
	strv_drop(v, n);
	return ok;
}

static void
focus_move(struct form *f, int dir)
{
	char **v;
	size_t n = focusables(f, &v), i, at = 0;

	if (!n) {
		strv_drop(v, n);
		return;
	}
	for (i = 0; i < n; i++)
		if (f->focus && !strcmp(v[i], f->focus))
			at = i;
	if (dir == 0)
		at = 0;
	else
		at = (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	set_str(&f->focus, v[at]);
	strv_drop(v, n);
}

void
form_focus_next(struct form *f)
{
	focus_move(f, 1);
}

void
form_focus_prev(struct form *f)
{
	focus_move(f, -1);
}

static const struct form_field *
focused(const struct form *f)
{
	return f->focus ? form_def(f, f->focus) : NULL;
}

bool
form_set_text(struct form *f, const char *text)
{
	return f->focus && form_set(f, f->focus, text);
}

bool
form_type(struct form *f, const char *text)
{
	const struct form_field *d = focused(f);
	const char *cur;
	char *t;
	bool ok;

	if (!d || d->kind == FORM_BOOL || d->kind == FORM_TABLE ||
	    d->kind == FORM_PICK || d->kind == FORM_MAP)
		return false;
	cur = form_text(f, f->focus);
	t = malloc(strlen(cur) + strlen(text) + 1);
	if (!t)
		return false;
	sprintf(t, "%s%s", cur, text);
	ok = form_set(f, f->focus, t);
	free(t);
	return ok;
}

bool
form_backspace(struct form *f)
{
	const struct form_field *d = focused(f);
	char *t;
	size_t n;
	bool ok;

	if (!d || d->kind == FORM_BOOL || d->kind == FORM_TABLE ||
	    d->kind == FORM_PICK || d->kind == FORM_MAP)
		return false;
	t = strdup(form_text(f, f->focus));
	if (!t)
		return false;
	n = strlen(t);
	if (!n) {
		free(t);
		return false;
	}
	/* Back over UTF-8 continuation bytes to the character's start. */
	while (n > 0 && ((unsigned char)t[n - 1] & 0xc0) == 0x80)
		n--;
	if (n > 0)
		n--;
	t[n] = '\0';
	ok = form_set(f, f->focus, t);
	free(t);
	return ok;
}

bool
form_toggle(struct form *f)
{
	const struct form_field *d = focused(f);

	if (!d || d->kind != FORM_BOOL)
		return false;
	return form_set(f, f->focus,
			strcmp(form_text(f, f->focus), "on") ? "on" : "off");
}

/* ---- choices ----------------------------------------------------------------- */

static bool
choice_add(struct form *f, const char *value, const char *help)
{
	struct valid_choice *nc =
		realloc(f->choices, (f->nchoices + 1) * sizeof(*nc));
	char **nt =
		realloc(f->choice_text, (f->nchoice_text + 2) * sizeof(*nt));

	if (nc)
		f->choices = nc;
	if (nt)
		f->choice_text = nt;
	if (!nc || !nt)
		return false;
	nt[f->nchoice_text] = strdup(value);
	nt[f->nchoice_text + 1] = strdup(help ? help : "");
	if (!nt[f->nchoice_text] || !nt[f->nchoice_text + 1]) {
		free(nt[f->nchoice_text]);
		free(nt[f->nchoice_text + 1]);
		return false;
	}
	nc[f->nchoices].value = nt[f->nchoice_text];
	nc[f->nchoices].help = nt[f->nchoice_text + 1];
	f->nchoice_text += 2;
	f->nchoices++;
	return true;
}

static void
objects_as_choices(struct form *f, enum form_objects k)
{
	size_t i;

	for (i = 0; i < f->objs[k].n; i++)
		choice_add(f, f->objs[k].ids[i], f->objs[k].names[i]);
}

/* The name of a pool reference for help texts. */
static const char *
pool_name(const struct form *f, const char *ref)
{
	size_t i;

	if (!strcmp(ref, CF_PLAN_POOL_REF))
		return "this plan's pool";
	for (i = 0; i < f->objs[FORM_OBJ_POOLS].n; i++)
		if (!strcmp(f->objs[FORM_OBJ_POOLS].ids[i], ref))
			return f->objs[FORM_OBJ_POOLS].names[i];
	return ref;
}

/* An object form's choices: the field's own, or the account's pools or
 * monitors for the fields that hold their ids. */
static const struct valid_choice *
object_choices(struct form *f, const char *id, size_t *n)
{
	size_t row;
	bool cell;
	const struct field *fd = form_obj_field(f->o, id, &row, &cell);

	if (!fd)
		return NULL;
	if (fd->flags & FIELD_POOLS) {
		objects_as_choices(f, FORM_OBJ_POOLS);
	} else if (fd->flags & FIELD_MONITORS) {
		choice_add(f, "", "none: nothing checks the pool's origins");
		objects_as_choices(f, FORM_OBJ_MONITORS);
	} else {
		return fields_choices(fd, form_obj_object(f->o), n);
	}
	*n = f->nchoices;
	return f->choices;
}

const struct valid_choice *
form_choices(struct form *f, const char *id, size_t *n)
{
	char base[128];
	size_t row, i;
	const struct form_field *d;

	choices_reset(f);
	*n = 0;
	if (f->o)
		return object_choices(f, id, n);
	d = resolve(id, base, sizeof(base), &row);
	if (!d)
		return NULL;
	if (d->choices) {
		*n = d->nchoices;
		return d->choices;
	}
	if (!strcmp(base, "zone")) {
		for (i = 0; i < f->objs[FORM_OBJ_ZONES].n; i++)
			choice_add(f, f->objs[FORM_OBJ_ZONES].names[i],
				   f->objs[FORM_OBJ_ZONES].ids[i]);
	} else if (!strcmp(base, "pool.existing")) {
		objects_as_choices(f, FORM_OBJ_POOLS);
	} else if (!strcmp(base, "monitor.existing")) {
		objects_as_choices(f, FORM_OBJ_MONITORS);
	} else if (!strcmp(base, "monitor.type")) {
		*n = valid_nmonitor_types;
		return valid_monitor_types;
	} else if (!strcmp(base, "monitor.method")) {
		return valid_monitor_methods(f->plan.monitor.type, n);
	} else if (!strcmp(base, "pool.origin_steering")) {
		*n = valid_norigin_steerings;
		return valid_origin_steerings;
	} else if (!strcmp(base, "pool.check_regions")) {
		*n = valid_ncheck_regions;
		return valid_check_regions;
	} else if (!strcmp(base, "load_balancer.steering_policy")) {
		*n = valid_nsteering_policies;
		return valid_steering_policies;
	} else if (!strcmp(base, "load_balancer.session_affinity")) {
		*n = valid_nsession_affinities;
		return valid_session_affinities;
	} else if (!strcmp(base, "load_balancer.default_pools") ||
		   !strcmp(base, "load_balancer.pop_pools") ||
		   !strcmp(base, "load_balancer.region_pools") ||
		   !strcmp(base, "load_balancer.country_pools")) {
		if (f->plan.pool_source == CF_PLAN_CREATE)
			choice_add(f, CF_PLAN_POOL_REF,
				   "the pool this plan creates");
		objects_as_choices(f, FORM_OBJ_POOLS);
	} else if (!strcmp(base, "load_balancer.fallback_pool")) {
		for (i = 0; i < f->plan.lb.default_pools.n; i++)
			choice_add(f, f->plan.lb.default_pools.v[i],
				   pool_name(f, f->plan.lb.default_pools.v[i]));
	}
	*n = f->nchoices;
	return f->choices;
}

bool
form_cycle(struct form *f, int dir)
{
	const struct form_field *d = focused(f);
	const struct valid_choice *c;
	const char *cur;
	size_t n, i, at = 0;
	char *pick;
	bool ok;

	if (!d || d->kind != FORM_CHOICE)
		return false;
	c = form_choices(f, f->focus, &n);
	if (!n)
		return false;
	cur = form_text(f, f->focus);
	for (i = 0; i < n; i++)
		if (!strcmp(c[i].value, cur))
			at = (i + n + (size_t)(dir >= 0 ? 1 : n - 1)) % n;
	pick = strdup(c[at].value);
	ok = pick && form_set(f, f->focus, pick);
	free(pick);
	return ok;
}

bool
form_set_objects(struct form *f, enum form_objects kind, const char *const *ids,
		 const char *const *names, size_t n)
{
	struct objs o = { 0 };
	size_t i;

	if ((size_t)kind >= FORM_NOBJ)
		return false;
	o.ids = calloc(n + 1, sizeof(char *));
	o.names = calloc(n + 1, sizeof(char *));
	if (!o.ids || !o.names) {
		objs_free(&o);
		return false;
	}
	for (i = 0; i < n; i++) {
		o.ids[i] = strdup(ids[i] ? ids[i] : "");
		o.names[i] = strdup(names && names[i] ? names[i] : ids[i]);
		o.n++;
		if (!o.ids[i] || !o.names[i]) {
			objs_free(&o);
			return false;
		}
	}
	objs_free(&f->objs[kind]);
	f->objs[kind] = o;
	return true;
}

/* ---- tables -------------------------------------------------------------------- */

size_t
form_rows(const struct form *f, const char *table)
{
	if (f->o)
		return form_obj_rows(f->o, table);
	return table && !strcmp(table, "pool.origins") ? f->plan.pool.norigins
						       : 0;
}

bool
form_row_add(struct form *f, const char *table)
{
	struct cf_pool *pl = &f->plan.pool;
	struct cf_origin *o;
	char name[32], focus[64];

	if (f->o) {
		if (!form_obj_row_add(f->o, table))
			return false;
		f->dirty = true;
		snprintf(focus, sizeof(focus), "%s[%zu].name", table,
			 form_obj_rows(f->o, table) - 1);
		set_str(&f->focus, focus);
		return true;
	}
	if (!table || strcmp(table, "pool.origins"))
		return false;
	o = realloc(pl->origins, (pl->norigins + 1) * sizeof(*o));
	if (!o)
		return false;
	pl->origins = o;
	cf_origin_init(&o[pl->norigins]);
	snprintf(name, sizeof(name), "origin-%zu", pl->norigins + 1);
	o[pl->norigins].name = strdup(name);
	o[pl->norigins].address = strdup("");
	pl->norigins++;
	f->dirty = true;
	snprintf(focus, sizeof(focus), "pool.origins[%zu].name",
		 pl->norigins - 1);
	set_str(&f->focus, focus);
	return true;
}

/* After an object form's rows moved or went: typed cells belong to rows
 * by number, so they are forgotten; the focus goes to the first row. */
static bool
object_rows_changed(struct form *f, const char *table, bool changed)
{
	char prefix[140];

	if (!changed)
		return false;
	snprintf(prefix, sizeof(prefix), "%s[", table);
	buf_drop_prefix(f, prefix);
	snprintf(prefix, sizeof(prefix), "%s[0].name", table);
	set_str(&f->focus, prefix);
	f->dirty = true;
	return true;
}

bool
form_row_remove(struct form *f, const char *table, size_t i)
{
	struct cf_pool *pl = &f->plan.pool;

	if (f->o)
		return object_rows_changed(
			f, table,
			form_obj_rows(f->o, table) > 1 &&
				form_obj_row_remove(f->o, table, i));
	if (!table || strcmp(table, "pool.origins") || i >= pl->norigins ||
	    pl->norigins < 2)
		return false;
	cf_origin_free(&pl->origins[i]);
	memmove(&pl->origins[i], &pl->origins[i + 1],
		(pl->norigins - i - 1) * sizeof(pl->origins[0]));
	pl->norigins--;
	/* Typed-but-invalid cells belong to rows by number: forget them. */
	buf_drop_prefix(f, "pool.origins[");
	set_str(&f->focus, "pool.origins[0].name");
	f->dirty = true;
	return true;
}

bool
form_row_move(struct form *f, const char *table, size_t i, int dir)
{
	struct cf_pool *pl = &f->plan.pool;
	size_t j;
	struct cf_origin t;

	if (f->o)
		return object_rows_changed(
			f, table, form_obj_row_move(f->o, table, i, dir));
	if (!table || strcmp(table, "pool.origins") || i >= pl->norigins)
		return false;
	if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= pl->norigins))
		return false;
	j = dir < 0 ? i - 1 : i + 1;
	t = pl->origins[i];
	pl->origins[i] = pl->origins[j];
	pl->origins[j] = t;
	buf_drop_prefix(f, "pool.origins[");
	f->dirty = true;
	return true;
}

/* ---- pick-lists and maps ---------------------------------------------------------- */

/* An object form's PICK field as items, in f->picked (its text in the
 * object is the truth: see object_pick_store). */
static struct cf_strv *
object_pick_load(struct form *f, const char *id)
{
	const struct form_field *d = form_obj_def(f->o, id);
	char *t;
	bool ok;

	cf_strv_free(&f->picked);
	if (!d || d->kind != FORM_PICK)
		return NULL;
	t = form_obj_text(f->o, id);
	ok = t && fields_split_list(t, &f->picked);
	free(t);
	return ok ? &f->picked : NULL;
}

/* Stores f->picked back as field id's text (validated). */
static bool
object_pick_store(struct form *f, const char *id)
{
	char *t = fields_join_list(&f->picked, ", "), why[VALID_WHY_MAX];
	bool ok = t && form_obj_store(f->o, id, t, why, sizeof(why));

	free(t);
	if (ok) {
		f->dirty = true;
		buf_drop(f, id);
	}
	return ok;
}

static struct cf_strv *
pick_list(struct form *f, const char *id)
{
	if (f->o)
		return object_pick_load(f, id);
	if (!strcmp(id, "load_balancer.default_pools"))
		return &f->plan.lb.default_pools;
	if (!strcmp(id, "pool.check_regions"))
		return &f->plan.pool.check_regions;
	return NULL;
}

size_t
form_picked(const struct form *f, const char *id)
{
	const struct cf_strv *v = pick_list((struct form *)(uintptr_t)f, id);

	return v ? v->n : 0;
}

const char *
form_picked_item(const struct form *f, const char *id, size_t i)
{
	const struct cf_strv *v = pick_list((struct form *)(uintptr_t)f, id);

	return v && i < v->n ? v->v[i] : NULL;
}

bool
form_pick_add(struct form *f, const char *id, const char *value)
{
	struct cf_strv *v = pick_list(f, id);
	const struct valid_choice *c;
	size_t n, i;
	char **nv;
	bool known = false;

	if (!v || !value)
		return false;
	c = form_choices(f, id, &n);
	for (i = 0; i < n; i++)
		known |= !strcmp(c[i].value, value);
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], value))
			return false; /* each object once */
	if (!known)
		return false;
	nv = realloc(v->v, (v->n + 1) * sizeof(*nv));
	if (!nv)
		return false;
	v->v = nv;
	nv[v->n] = strdup(value);
	if (!nv[v->n])
		return false;
	v->n++;
	if (f->o)
		return object_pick_store(f, id);
	if (!strcmp(id, "pool.check_regions"))
		f->plan.pool.has_check_regions = true;
	f->dirty = true;
	return true;
}

bool
form_pick_remove(struct form *f, const char *id, size_t i)
{
	struct cf_strv *v = pick_list(f, id);
	struct cf_load_balancer *lb = &f->plan.lb;

	if (!v || i >= v->n)
		return false;
	if (f->o) {
		free(v->v[i]);
		memmove(&v->v[i], &v->v[i + 1],
			(v->n - i - 1) * sizeof(char *));
		v->n--;
		return object_pick_store(f, id);
	}
	/* The fallback pool goes with it (it must be a default pool). */
	if (v == &lb->default_pools && lb->fallback_pool &&
	    !strcmp(lb->fallback_pool, v->v[i])) {
		free(lb->fallback_pool);
		lb->fallback_pool = v->n > 1 ? strdup(v->v[i ? 0 : 1]) : NULL;
	}
	free(v->v[i]);
	memmove(&v->v[i], &v->v[i + 1], (v->n - i - 1) * sizeof(char *));
	v->n--;
	if (!strcmp(id, "pool.check_regions") && !v->n)
		f->plan.pool.has_check_regions = false;
	f->dirty = true;
	return true;
}

bool
form_pick_move(struct form *f, const char *id, size_t i, int dir)
{
	struct cf_strv *v = pick_list(f, id);
	size_t j;
	char *t;

	if (!v || i >= v->n || (dir < 0 && i == 0) ||
	    (dir > 0 && i + 1 >= v->n))
		return false;
	j = dir < 0 ? i - 1 : i + 1;
	t = v->v[i];
	v->v[i] = v->v[j];
	v->v[j] = t;
	if (f->o)
		return object_pick_store(f, id);
	f->dirty = true;
	return true;
}

bool
form_map_set(struct form *f, const char *id, const char *key, const char *value)
{
	struct cf_load_balancer *lb = &f->plan.lb;
	struct cf_pool_map *m;
	bool (*key_ok)(const char *, char *, size_t);
	struct cf_pool_map_entry *e = NULL;
	struct cf_strv pools = { 0 };
	char why[VALID_WHY_MAX], full[160], *copy, *tok, *save = NULL;
	size_t i;

	if (f->o) {
		snprintf(full, sizeof(full), "%s.%s", id, key ? key : "");
		f->dirty = true;
		if (form_obj_map_set(f->o, id, key, value, why, sizeof(why))) {
			buf_drop(f, full);
			return true;
		}
		return buf_set(f, full, value ? value : "", why) && false;
	}
	if (!strcmp(id, "load_balancer.pop_pools")) {
		m = &lb->pop_pools;
		key_ok = valid_pop_code;
	} else if (!strcmp(id, "load_balancer.region_pools")) {
		m = &lb->region_pools;
		key_ok = valid_region_code;
	} else if (!strcmp(id, "load_balancer.country_pools")) {
		m = &lb->country_pools;
		key_ok = valid_country_code;
	} else {
		return false;
	}
	snprintf(full, sizeof(full), "%s.%s", id, key ? key : "");
	f->dirty = true;
	if (key && (!value || !*value) && !key_ok(key, NULL, 0)) {
		buf_drop(f, full); /* clearing a key that was typed wrong */
		return true;
	}
	if (!key || !key_ok(key, why, sizeof(why)))
		return buf_set(f, full, value ? value : "", why) && false;
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->e[i].key, key))
			e = &m->e[i];
	if (!value || !*value) {
		if (e) {
			free(e->key);
			cf_strv_free(&e->pool_ids);
			*e = m->e[--m->n];
		}
		buf_drop(f, full);
		return true;
	}
	copy = strdup(value);
	if (!copy)
		return false;
	for (tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		char **nv = realloc(pools.v, (pools.n + 1) * sizeof(*nv));

		if (!nv)
			break;
		pools.v = nv;
		nv[pools.n] = strdup(tok);
		if (nv[pools.n])
			pools.n++;
	}
	free(copy);
	for (i = 0; i < pools.n; i++) {
		if (strcmp(pools.v[i], CF_PLAN_POOL_REF) &&
		    !valid_object_id(pools.v[i], NULL, 0)) {
			snprintf(why, sizeof(why),
				 "%s is neither this plan's pool nor a pool id",
				 pools.v[i]);
			cf_strv_free(&pools);
			return buf_set(f, full, value, why) && false;
		}
	}
	if (!e) {
		struct cf_pool_map_entry *ne =
			realloc(m->e, (m->n + 1) * sizeof(*ne));

		if (!ne) {
			cf_strv_free(&pools);
			return false;
		}
		m->e = ne;
		e = &ne[m->n];
		memset(e, 0, sizeof(*e));
		e->key = strdup(key);
		if (!e->key) {
			cf_strv_free(&pools);
			return false;
		}
		m->n++;
	}
	cf_strv_free(&e->pool_ids);
	e->pool_ids = pools;
	buf_drop(f, full);
	return true;
}

/* ---- steps ---------------------------------------------------------------------- */

static enum form_step
step_of_issue(const char *field)
{
	if (!strncmp(field, "zone", 4))
		return FORM_STEP_ZONE;
	if (!strncmp(field, "pool", 4))
		return FORM_STEP_POOL;
	if (!strncmp(field, "monitor", 7))
		return FORM_STEP_MONITOR;
	if (!strncmp(field, "load_balancer", 13))
		return FORM_STEP_LB;
	if (!strncmp(field, "cname", 5))
		return FORM_STEP_CNAME;
	return FORM_STEP_REVIEW;
}

bool
form_next(struct form *f)
{
	char **v;
	size_t n, i, j;
	const char *bad = NULL;
	bool step_error = false;

	if (f->o)
		return form_save(f);
	if (f->step >= FORM_STEP_REVIEW)
		return false;
	n = focusables(f, &v);
	refresh_issues(f);
	/* Typed text that did not validate, in field order. */
	for (i = 0; i < n && !bad; i++) {
		struct buf *b = buf_find(f, v[i]);

		if (b && b->why)
			bad = v[i];
	}
	/* Whole-plan errors about this step's fields (or the step). */
	for (i = 0; i < f->issues.n; i++) {
		const struct plan_issue *is = &f->issues.v[i];

		if (is->warning || step_of_issue(is->field) != f->step)
			continue;
		step_error = true;
		for (j = 0; j < n && !bad; j++)
			if (issue_is_about(is->field, v[j]) ||
			    issue_is_about(v[j], is->field))
				bad = v[j];
	}
	/* Map keys typed wrong are buffers under the map's id. */
	for (i = 0; i < f->nbufs && !bad; i++) {
		const struct form_field *d;
		char base[128];

		snprintf(base, sizeof(base), "%s", f->bufs[i].id);
		if (strrchr(base, '.'))
			*strrchr(base, '.') = '\0';
		d = form_field_def(base);
		if (f->bufs[i].why && d && d->kind == FORM_MAP &&
		    d->step == f->step)
			bad = base[0] ? f->bufs[i].id : NULL;
	}
	if (bad || step_error) {
		if (bad) {
			char base[128], *dot;

			snprintf(base, sizeof(base), "%s", bad);
			/* A map key's buffer focuses its map field. */
			dot = strrchr(base, '.');
			if (!form_field_def(base) && dot)
				*dot = '\0';
			set_str(&f->focus, base);
		}
		strv_drop(v, n);
		return false;
	}
	strv_drop(v, n);
	f->step++;
	if (f->step > f->reached)
		f->reached = f->step;
	focus_move(f, 0);
	return true;
}

bool
form_back(struct form *f)
{
	if (f->o || f->step == FORM_STEP_ZONE)
		return false;
	f->step--;
	focus_move(f, 0);
	return true;
}

bool
form_goto(struct form *f, enum form_step s)
{
	if (f->o || (size_t)s >= FORM_NSTEPS || s > f->reached)
		return false;
	f->step = s;
	focus_move(f, 0);
	return true;
}

bool
form_issues(const struct form *f, struct plan_issues *out)
{
	if (f->o)
		return form_obj_issues(f->o, out);
	return plan_validate(&f->plan, &f->rules, out);
}

/* ---- object forms ---------------------------------------------------------------- */

struct form *
form_new_object(enum field_res res, const void *obj,
		const struct field_ctx *ctx)
{
	struct form *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	cf_plan_init(&f->plan);
	f->o = form_obj_new(res, obj, ctx);
	if (!f->o) {
		form_free(f);
		return NULL;
	}
	f->step = f->reached = FORM_STEP_ZONE;
	focus_move(f, 0);
	return f;
}

bool
form_is_object(const struct form *f)
{
	return f->o != NULL;
}

enum field_res
form_resource(const struct form *f)
{
	return f->o ? form_obj_table(f->o)->res : FIELD_NRES;
}

bool
form_creating(const struct form *f)
{
	return f->o && form_obj_creating(f->o);
}

const struct form_field *
form_def(const struct form *f, const char *id)
{
	return f->o ? form_obj_def(f->o, id) : form_field_def(id);
}

const void *
form_object(const struct form *f)
{
	return f->o ? form_obj_object(f->o) : NULL;
}

const void *
form_original(const struct form *f)
{
	return f->o ? form_obj_original(f->o) : NULL;
}

bool
form_changes(const struct form *f, unsigned *mask, char **diff)
{
	*mask = 0;
	if (diff)
		*diff = NULL;
	return f->o && form_obj_changes(f->o, mask, diff);
}

bool
form_save(struct form *f)
{
	char **v;
	size_t n, i, j;
	const char *bad = NULL;
	bool error = false;

	if (!f->o)
		return false;
	n = focusables(f, &v);
	refresh_issues(f);
	/* Typed text that did not validate, in field order. */
	for (i = 0; i < n && !bad; i++) {
		struct buf *b = buf_find(f, v[i]);

		if (b && b->why)
			bad = v[i];
	}
	/* Problems of the object (rules between fields), on their field. */
	for (i = 0; i < f->issues.n; i++) {
		if (f->issues.v[i].warning)
			continue;
		error = true;
		for (j = 0; j < n && !bad; j++)
			if (issue_is_about(f->issues.v[i].field, v[j]) ||
			    issue_is_about(v[j], f->issues.v[i].field))
				bad = v[j];
	}
	/* Map keys typed wrong ("pop_pools.lax") focus their map. */
	for (i = 0; i < f->nbufs && !bad; i++) {
		const struct form_field *d;
		char base[160], *dot;

		snprintf(base, sizeof(base), "%s", f->bufs[i].id);
		dot = strrchr(base, '.');
		if (!f->bufs[i].why || !dot)
			continue;
		*dot = '\0';
		d = form_obj_def(f->o, base);
		if (d && d->kind == FORM_MAP) {
			set_str(&f->focus, base);
			strv_drop(v, n);
			return false;
		}
	}
	if (bad)
		set_str(&f->focus, bad);
	strv_drop(v, n);
	return !bad && !error;
}
