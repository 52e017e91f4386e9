/* edit_refs.c: deletes through the plan engine: what uses the object (pools using a monitor, load balancers using a pool), refused with their names or detached first, and the API's 412/1005 turned into the same answer. */
#include "cfconsole/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_raw.h"
#include "core/edit_impl.h"

/* ---- references ---------------------------------------------------------- */

static bool
ref_add(struct edit_ref **refs, size_t *n, enum field_res res, const char *id,
	const char *name, const char *zone_id)
{
	struct edit_ref *nr = realloc(*refs, (*n + 1) * sizeof(*nr));

	if (!nr)
		return false;
	*refs = nr;
	memset(&nr[*n], 0, sizeof(nr[0]));
	nr[*n].res = res;
	nr[*n].id = strdup(id ? id : "");
	nr[*n].name = strdup(name && *name ? name : id ? id : "?");
	nr[*n].zone_id = zone_id ? strdup(zone_id) : NULL;
	(*n)++;
	return nr[*n - 1].id && nr[*n - 1].name;
}

enum cf_status
edit_references(struct cf_client *c, const struct edit_target *t,
		const char *id, struct edit_ref **refs, size_t *n,
		struct cf_error *err)
{
	enum cf_status st = CF_OK;
	size_t i;

	*refs = NULL;
	*n = 0;
	if (t->res == FIELD_RES_MONITOR) {
		struct cf_pool_list l = { 0 };

		st = cf_pools_list(c, t->account_id, id, &l, err);
		for (i = 0; st == CF_OK && i < l.n; i++)
			if (l.items[i].monitor &&
			    !strcmp(l.items[i].monitor, id) &&
			    !ref_add(refs, n, FIELD_RES_POOL, l.items[i].id,
				     l.items[i].name, NULL))
				st = cf_error_set(err, CF_ERR_NOMEM,
						  "out of memory");
		cf_pool_list_free(&l);
	} else if (t->res == FIELD_RES_POOL) {
		struct cf_pool_reference_list l = { 0 };

		st = cf_pool_references(c, t->account_id, id, &l, err);
		for (i = 0; st == CF_OK && i < l.n; i++) {
			const struct cf_pool_reference *r = &l.items[i];

			/* "referrer": it points at the pool (a monitor the
			 * pool uses is a "referral"). */
			if (!r->resource_type ||
			    strcmp(r->resource_type, "load_balancer") ||
			    (r->reference_type &&
			     !strcmp(r->reference_type, "referral")))
				continue;
			if (!ref_add(refs, n, FIELD_RES_LB, r->resource_id,
				     r->resource_name, NULL))
				st = cf_error_set(err, CF_ERR_NOMEM,
						  "out of memory");
		}
		cf_pool_reference_list_free(&l);
	}
	if (st != CF_OK) {
		edit_refs_free(*refs, *n);
		*refs = NULL;
		*n = 0;
	}
	return st;
}

char *
edit_refs_text(const struct edit_ref *refs, size_t n)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(refs[i].name) + 24;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, refs[i].res == FIELD_RES_POOL ? "pool "
							: "load balancer ");
		strcat(s, refs[i].name);
	}
	return s;
}

/* ---- detaching ----------------------------------------------------------- */

/* Removes id from v (every occurrence). */
static void
strv_remove(struct cf_strv *v, const char *id)
{
	size_t i = 0;

	while (i < v->n) {
		if (v->v[i] && !strcmp(v->v[i], id)) {
			free(v->v[i]);
			memmove(&v->v[i], &v->v[i + 1],
				(v->n - i - 1) * sizeof(char *));
			v->n--;
			continue;
		}
		i++;
	}
}

static void
map_remove(struct cf_pool_map *m, const char *id)
{
	size_t i = 0;

	while (i < m->n) {
		strv_remove(&m->e[i].pool_ids, id);
		if (!m->e[i].pool_ids.n) {
			free(m->e[i].key);
			cf_strv_free(&m->e[i].pool_ids);
			memmove(&m->e[i], &m->e[i + 1],
				(m->n - i - 1) * sizeof(m->e[0]));
			m->n--;
			continue;
		}
		i++;
	}
}

/* The load balancer lb_id in the account's zones: its zone id, and the
 * object as read. */
static enum cf_status
find_lb(struct cf_client *c, const char *account_id, const char *lb_id,
	char **zone_id, struct cf_error *err)
{
	struct cf_zone_list zl = { 0 };
	enum cf_status st;
	size_t i, k;

	*zone_id = NULL;
	st = cf_zones_list(c, account_id, NULL, &zl, err);
	for (i = 0; st == CF_OK && i < zl.n && !*zone_id; i++) {
		struct cf_load_balancer_list ll = { 0 };

		if (cf_lbs_list(c, zl.items[i].id, &ll, err) != CF_OK) {
			cf_error_clear(err);
			continue;
		}
		for (k = 0; k < ll.n && !*zone_id; k++)
			if (ll.items[k].id && !strcmp(ll.items[k].id, lb_id))
				*zone_id = strdup(zl.items[i].id);
		cf_load_balancer_list_free(&ll);
	}
	cf_zone_list_free(&zl);
	if (st == CF_OK && !*zone_id)
		st = cf_error_set(err, CF_ERR_NOT_FOUND,
				  "load balancer %s is in none of the "
				  "account's zones",
				  lb_id);
	return st;
}

/*
 * Adds a PATCH that removes the reference of ref to id (a pool's monitor,
 * a load balancer's uses of a pool). false with ref->why set when it
 * cannot be removed (or r->err and a message when reading failed).
 */
static bool
add_detach(struct cf_client *c, const struct edit_target *t, const char *id,
	   struct edit_ref *ref, size_t k, struct pe_plan *p,
	   struct edit_result *r)
{
	struct edit_target rt = { .res = ref->res,
				  .account_id = t->account_id };
	char *path = NULL, *json = NULL, *body = NULL, name[32], label[400];
	void *obj = NULL, *copy = NULL;
	const struct field_table *tt = fields_table(ref->res);
	struct pe_step *s;
	unsigned mask = 0;
	bool ok = false;

	if (ref->res == FIELD_RES_LB && !ref->zone_id &&
	    find_lb(c, t->account_id, ref->id, &ref->zone_id, &r->err) != CF_OK)
		return false;
	rt.zone_id = ref->zone_id;
	path = edit_object_path(&rt, ref->id);
	if (!path ||
	    edit_read(c, ref->res, path, &obj, &json, &r->err) != CF_OK)
		goto out;
	copy = calloc(1, tt->size);
	if (!copy || tt->copy(copy, obj) != CF_OK)
		goto out;
	if (ref->res == FIELD_RES_POOL) {
		struct cf_pool *pl = copy;

		free(pl->monitor);
		pl->monitor = NULL;
		snprintf(label, sizeof(label), "pool %s", ref->name);
	} else {
		struct cf_load_balancer *lb = copy;

		if (lb->fallback_pool && !strcmp(lb->fallback_pool, id)) {
			ref->why = strdup("it is its fallback pool: choose "
					  "another fallback there first");
			goto out;
		}
		strv_remove(&lb->default_pools, id);
		if (!lb->default_pools.n) {
			ref->why = strdup("it is its only default pool");
			goto out;
		}
		map_remove(&lb->region_pools, id);
		map_remove(&lb->country_pools, id);
		map_remove(&lb->pop_pools, id);
		snprintf(label, sizeof(label), "load balancer %s", ref->name);
	}
	if (!fields_diff(ref->res, obj, copy, &mask, NULL) || !mask)
		goto out;
	body = edit_patch_body(ref->res, copy, mask);
	snprintf(name, sizeof(name), "detach.%zu", k);
	s = body ? pe_plan_add(p, PE_PATCH, name, tt->name, label, path, body)
		 : NULL;
	if (s) {
		s->id = strdup(ref->id);
		s->expect = cf_json_pick(json, body);
		s->action = strdup("detach");
		s->undo = true; /* the delete failing puts it back */
		ok = s->id && s->expect && s->action;
	}
out:
	edit_obj_free(ref->res, obj);
	edit_obj_free(ref->res, copy);
	free(json);
	free(body);
	free(path);
	return ok;
}

/* ---- delete -------------------------------------------------------------- */

static bool
refused_for_references(const struct cf_error *e)
{
	size_t i;

	for (i = 0; i < e->nerrors; i++)
		if (e->errors[i].code == 1005)
			return true;
	return e->http_status == 412;
}

static enum edit_outcome
held(struct edit_result *r, const char *what, bool by_api)
{
	char *names = edit_refs_text(r->held, r->nheld);
	enum edit_outcome o;

	o = edit_finish(r, EDIT_HELD,
			"%s is held by: %s; nothing was deleted%s", what,
			names && *names ? names : "objects the API names",
			by_api ? " (the API refused: it is referenced)"
			       : ". Remove it from them first, or delete with "
				 "detach (the console removes those references "
				 "first; undo puts them back)");
	free(names);
	return o;
}

enum edit_outcome
edit_delete(struct cf_client *c, const struct edit_target *t, const void *seen,
	    const struct edit_options *o, struct edit_result *r)
{
	const struct field_table *tt = fields_table(t->res);
	const char *id = tt ? tt->id(seen) : NULL;
	struct pe_plan p = { 0 };
	struct pe_step *s;
	char what[300], e[512], tmpl[200], *path, *names = NULL;
	void *fresh = NULL;
	enum cf_status st;
	size_t i;

	memset(r, 0, sizeof(*r));
	edit_what(t->res, seen, what, sizeof(what));
	path = tt ? edit_object_path(t, id) : NULL;
	if (!path)
		return edit_finish(r, EDIT_INVALID,
				   "%s: no id, or no zone or account, to "
				   "address it by",
				   what);
	if (!o->dry_run && !o->journal) {
		free(path);
		return edit_finish(r, EDIT_INVALID,
				   "%s: no journal: nothing "
				   "is changed without one",
				   what);
	}
	st = edit_read(c, t->res, path, &fresh, NULL, &r->err);
	free(path);
	if (st != CF_OK)
		return edit_finish(
			r,
			st == CF_ERR_NOT_FOUND ? EDIT_NOT_FOUND : EDIT_FAILED,
			"%s: %s; nothing was deleted", what,
			st == CF_ERR_NOT_FOUND
				? "it is gone already"
				: cf_error_format(&r->err, e, sizeof(e)));
	edit_what(t->res, fresh, what, sizeof(what));
	/* What uses it, before anything is sent. */
	if (edit_references(c, t, id, &r->held, &r->nheld, &r->err) != CF_OK) {
		edit_obj_free(t->res, fresh);
		return edit_finish(r, EDIT_FAILED,
				   "%s: cannot tell what uses it (%s); nothing "
				   "was deleted",
				   what,
				   cf_error_format(&r->err, e, sizeof(e)));
	}
	if (r->nheld && !o->detach) {
		edit_obj_free(t->res, fresh);
		return held(r, what, false);
	}
	p.label = edit_plan_label("delete", tt->name, id);
	if (!p.label || !edit_vars(&p, t) ||
	    !pe_plan_set_var(&p, "{object}", id))
		goto oom;
	for (i = 0; i < r->nheld; i++) {
		if (add_detach(c, t, id, &r->held[i], i, &p, r))
			continue;
		if (r->held[i].why) {
			edit_finish(r, EDIT_HELD,
				    "%s cannot be detached from %s %s: %s; "
				    "nothing was deleted",
				    what,
				    r->held[i].res == FIELD_RES_POOL
					    ? "pool"
					    : "load balancer",
				    r->held[i].name, r->held[i].why);
		} else {
			edit_finish(r, EDIT_FAILED,
				    "%s: reading %s failed (%s); nothing was "
				    "deleted",
				    what, r->held[i].name,
				    cf_error_format(&r->err, e, sizeof(e)));
		}
		goto out;
	}
	snprintf(tmpl, sizeof(tmpl), "%s/{object}", edit_collection(t));
	s = pe_plan_add(&p, PE_DELETE, "delete", tt->name, what, tmpl, NULL);
	if (!s || !(s->id = strdup(id)))
		goto oom;
	s->undoable = true; /* u recreates it, and its references */
	edit_run(c, &p, o, what, r);
	if (r->outcome == EDIT_FAILED && refused_for_references(&r->err)) {
		/* Somebody started using it meanwhile: say who. */
		edit_refs_free(r->held, r->nheld);
		r->held = NULL;
		r->nheld = 0;
		cf_error_clear(&r->err);
		edit_references(c, t, id, &r->held, &r->nheld, &r->err);
		held(r, what, true);
	} else if (r->outcome == EDIT_DONE) {
		r->id = strdup(id);
		names = edit_refs_text(r->held, r->nheld);
		edit_say(r, "%s: deleted%s%s%s", what,
			 r->nheld ? " (first removed from: " : "",
			 r->nheld && names ? names : "",
			 r->nheld ? "; u puts it all back)" : "");
	}
	goto out;
oom:
	edit_finish(r, EDIT_FAILED, "%s: out of memory; nothing was deleted",
		    what);
out:
	free(names);
	pe_plan_free(&p);
	edit_obj_free(t->res, fresh);
	return r->outcome;
}
