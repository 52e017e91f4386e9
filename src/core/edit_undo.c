/* edit_undo.c: u for a DNS record, monitor, pool or load balancer change: an edit written back only over what it left, a create removed, a delete recreated (new id) with the references it removed put back. */
#include "cfconsole/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_raw.h"
#include "cfconsole/journal.h"
#include "core/edit_impl.h"

static bool
kind_res(const char *kind, enum field_res *res)
{
	return kind && fields_res_parse(kind, res) && *res != FIELD_RES_ZONE &&
	       *res != FIELD_RES_ORIGIN;
}

bool
edit_undoable(const struct cf_journal_record *rec)
{
	enum field_res res;

	return rec && kind_res(rec->kind, &res) && rec->action &&
	       (!strcmp(rec->action, "patch") ||
		!strcmp(rec->action, "create") ||
		!strcmp(rec->action, "delete"));
}

/* A journaled path: "/x/y/z" of safe characters only. */
static bool
path_ok(const char *p)
{
	return p && *p == '/' &&
	       strspn(p, "/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") == strlen(p);
}

/* The target a journaled path names ("/zones/Z/..." or "/accounts/A/..."). */
static bool
target_of(const char *path, enum field_res res, struct edit_target *t,
	  char *scope, size_t size)
{
	const char *a, *b;

	memset(t, 0, sizeof(*t));
	t->res = res;
	if (!path_ok(path))
		return false;
	a = strchr(path + 1, '/');
	b = a ? strchr(a + 1, '/') : NULL;
	if (!a || !b || (size_t)(b - a - 1) >= size)
		return false;
	snprintf(scope, size, "%.*s", (int)(b - a - 1), a + 1);
	if (!strncmp(path, "/zones/", 7))
		t->zone_id = scope;
	else if (!strncmp(path, "/accounts/", 10))
		t->account_id = scope;
	else
		return false;
	return true;
}

/* "field: was -> now" lines between two JSON texts of res. */
static char *
json_diff(enum field_res res, const char *a, const char *b)
{
	const struct field_table *t = fields_table(res);
	void *x = calloc(1, t->size), *y = calloc(1, t->size);
	struct cf_error err = { 0 };
	unsigned mask;
	char *text = NULL;

	if (x && y && t->decode(a, x, &err) == CF_OK) {
		if (t->decode(b, y, &err) == CF_OK) {
			fields_diff(res, x, y, &mask, &text);
			t->free(y);
		}
		t->free(x);
	}
	cf_error_clear(&err);
	free(x);
	free(y);
	return text;
}

/* ---- an edit ------------------------------------------------------------- */

static enum edit_outcome
undo_patch(struct cf_client *c, const struct cf_journal_record *rec,
	   enum field_res res, const struct edit_options *o,
	   struct edit_result *r, const char *what)
{
	struct pe_plan p = { 0 };
	struct pe_step *s;
	char *left = NULL, *now = NULL, e[512];
	enum cf_status st;

	if (!rec->before || !rec->body || !rec->after || !path_ok(rec->path))
		return edit_finish(r, EDIT_INVALID,
				   "undo %s: the journal entry lacks its "
				   "before/after state",
				   what);
	/* What the edit left in the fields it changed. */
	left = cf_json_pick(rec->after, rec->body);
	st = edit_read(c, res, rec->path, NULL, &now, &r->err);
	if (st != CF_OK || !left) {
		free(left);
		return edit_finish(
			r,
			st == CF_ERR_NOT_FOUND ? EDIT_NOT_FOUND : EDIT_FAILED,
			"undo %s: %s; nothing was changed", what,
			st == CF_ERR_NOT_FOUND
				? "it is gone"
				: cf_error_format(&r->err, e, sizeof(e)));
	}
	if (cf_json_subset(left, now, NULL, 0) != 1) {
		r->changed = json_diff(res, rec->after, now);
		edit_finish(r, EDIT_CONFLICT,
			    "undo %s: refused, nothing was changed: it changed "
			    "after this console's edit:\n%s",
			    what, r->changed ? r->changed : "(fields it set)");
		goto out;
	}
	s = pe_plan_add(&p, PE_PATCH, "undo", rec->kind, what, rec->path,
			rec->before);
	if (!s || !(s->expect = strdup(left)) ||
	    !(s->action = strdup("undo")) ||
	    (rec->object_id && !(s->id = strdup(rec->object_id)))) {
		edit_finish(r, EDIT_FAILED, "out of memory");
		goto out;
	}
	s->undo = true;
	edit_run(c, &p, o, what, r);
	if (r->outcome == EDIT_DONE) {
		r->diff = s->after ? json_diff(res, now, s->after) : NULL;
		edit_say(r, "undone: %s is back as it was:\n%s", what,
			 r->diff ? r->diff : "(no field changed)");
	}
out:
	pe_plan_free(&p);
	free(left);
	free(now);
	return r->outcome;
}

/* ---- a create ------------------------------------------------------------ */

static enum edit_outcome
undo_create(struct cf_client *c, const struct cf_journal_record *rec,
	    enum field_res res, const struct edit_options *o,
	    struct edit_result *r, const char *what)
{
	struct edit_target t;
	struct pe_plan p = { 0 };
	struct pe_step *s;
	char scope[80], *path = NULL, *now = NULL, *names, e[512];
	enum cf_status st;

	if (!rec->object_id || !rec->body ||
	    !target_of(rec->path, res, &t, scope, sizeof(scope)) ||
	    !(path = edit_object_path(&t, rec->object_id)))
		return edit_finish(r, EDIT_INVALID,
				   "undo %s: the journal entry lacks its path "
				   "or id",
				   what);
	st = edit_read(c, res, path, NULL, &now, &r->err);
	if (st != CF_OK) {
		edit_finish(r, st == CF_ERR_NOT_FOUND ? EDIT_NOOP : EDIT_FAILED,
			    "undo %s: %s", what,
			    st == CF_ERR_NOT_FOUND
				    ? "it is gone already; nothing to do"
				    : cf_error_format(&r->err, e, sizeof(e)));
		goto out;
	}
	if (cf_json_subset(rec->body, now, NULL, 0) != 1) {
		r->changed = json_diff(res, rec->after ? rec->after : rec->body,
				       now);
		edit_finish(r, EDIT_CONFLICT,
			    "undo %s: refused, nothing was deleted: it changed "
			    "after it was created:\n%s",
			    what, r->changed ? r->changed : "(its fields)");
		goto out;
	}
	if (edit_references(c, &t, rec->object_id, &r->held, &r->nheld,
			    &r->err) == CF_OK &&
	    r->nheld) {
		names = edit_refs_text(r->held, r->nheld);
		edit_finish(r, EDIT_HELD,
			    "undo %s: it is used by %s now; nothing was "
			    "deleted",
			    what, names ? names : "other objects");
		free(names);
		goto out;
	}
	cf_error_clear(&r->err);
	s = pe_plan_add(&p, PE_DELETE, "undo", rec->kind, what, path, NULL);
	if (!s || !(s->action = strdup("undo")) ||
	    !(s->id = strdup(rec->object_id))) {
		edit_finish(r, EDIT_FAILED, "out of memory");
		goto out;
	}
	edit_run(c, &p, o, what, r);
	if (r->outcome == EDIT_DONE)
		edit_say(r, "undone: %s (created by this console) is deleted",
			 what);
out:
	pe_plan_free(&p);
	free(now);
	free(path);
	return r->outcome;
}

/* ---- a delete ------------------------------------------------------------ */

/* The collection a delete's path is in: the path without its last part. */
static bool
collection_path(const char *path, char *buf, size_t size)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash || slash == path || (size_t)(slash - path) >= size)
		return false;
	snprintf(buf, size, "%.*s", (int)(slash - path), path);
	return true;
}

static enum edit_outcome
undo_delete(struct cf_client *c, struct journal *j,
	    const struct cf_journal_record *rec, enum field_res res,
	    const struct edit_options *o, struct edit_result *r,
	    const char *what)
{
	const struct field_table *tt = fields_table(res);
	struct journal_list plan = { 0 };
	struct edit_target t;
	struct pe_plan p = { 0 };
	struct cf_error err = { 0 };
	char scope[80], coll[300], names[1024] = "", stepname[32];
	const char *ph = "{object.id}";
	void *obj = NULL;
	size_t i, nrestore = 0;

	if (!rec->before || !rec->object_id ||
	    !collection_path(rec->path, coll, sizeof(coll)) ||
	    !target_of(rec->path, res, &t, scope, sizeof(scope)))
		return edit_finish(r, EDIT_INVALID,
				   "undo %s: the journal entry lacks the "
				   "object's state",
				   what);
	obj = calloc(1, tt->size);
	if (!obj || tt->decode(rec->before, obj, &err) != CF_OK) {
		free(obj);
		cf_error_clear(&err);
		return edit_finish(r, EDIT_INVALID,
				   "undo %s: the recorded object does not read "
				   "back",
				   what);
	}
	/* The object again, then the references the delete removed. */
	if (!edit_vars(&p, &t) || !edit_add_create(&p, &t, obj, what, false))
		goto oom;
	if (rec->plan && !journal_session_plan_records(j, rec->plan, &plan))
		goto oom;
	for (i = 0; i < plan.n; i++) {
		const struct cf_journal_record *d = &plan.items[i];
		const char *names_[1] = { rec->object_id };
		const char *values[1] = { ph };
		struct pe_step *s;
		char *body;

		if (!d->action || strcmp(d->action, "detach") || !d->outcome ||
		    strcmp(d->outcome, "ok") || !d->before || !d->body ||
		    !path_ok(d->path))
			continue;
		/* Where the old id was, the new one goes. */
		body = cf_json_subst(d->before, names_, values, 1);
		snprintf(stepname, sizeof(stepname), "restore.%zu", nrestore);
		s = body ? pe_plan_add(&p, PE_PATCH, stepname, d->kind,
				       d->object_name, d->path, body)
			 : NULL;
		free(body);
		if (!s || !(s->expect = strdup(d->body)) ||
		    !(s->action = strdup("undo")) ||
		    (d->object_id && !(s->id = strdup(d->object_id))))
			goto oom;
		s->undo = true;
		if (d->object_name && strlen(names) + strlen(d->object_name) <
					      sizeof(names) - 4) {
			strcat(names, nrestore ? ", " : "");
			strcat(names, d->object_name);
		}
		nrestore++;
	}
	for (i = 0; i < p.n; i++)
		if (!p.steps[i].action && !(p.steps[i].action = strdup("undo")))
			goto oom;
	edit_run(c, &p, o, what, r);
	if (r->outcome == EDIT_DONE) {
		for (i = 0; i < p.n; i++)
			if (p.steps[i].op == PE_CREATE && p.steps[i].id)
				r->id = strdup(p.steps[i].id);
		edit_say(r,
			 "undone: %s is back, with a new id %s (it was %s)%s%s",
			 what, r->id ? r->id : "?", rec->object_id,
			 nrestore ? "; put back in: " : "", names);
	}
	goto out;
oom:
	edit_finish(r, EDIT_FAILED, "undo %s: out of memory; nothing was sent",
		    what);
out:
	journal_list_free(&plan);
	pe_plan_free(&p);
	edit_obj_free(res, obj);
	return r->outcome;
}

enum edit_outcome
edit_undo(struct cf_client *c, struct journal *j, const struct edit_options *o,
	  struct edit_result *r)
{
	struct cf_journal_record rec = { 0 };
	struct edit_options uo = *o;
	enum field_res res;
	char what[400];

	memset(r, 0, sizeof(*r));
	uo.dry_run = false;
	uo.journal = j;
	if (!j || !journal_peek_undo(j, &rec))
		return edit_finish(r, EDIT_NOOP,
				   "nothing to undo in this "
				   "session");
	if (!edit_undoable(&rec) || !kind_res(rec.kind, &res)) {
		edit_finish(r, EDIT_INVALID,
			    "the newest change (%s of %s) is not a record, "
			    "monitor, pool or load balancer change",
			    rec.action ? rec.action : "?",
			    rec.object_name ? rec.object_name : "?");
		cf_journal_record_free(&rec);
		return r->outcome;
	}
	snprintf(what, sizeof(what), "%s of %s", rec.action,
		 rec.object_name ? rec.object_name : rec.object_id);
	if (!strcmp(rec.action, "patch"))
		undo_patch(c, &rec, res, &uo, r, what);
	else if (!strcmp(rec.action, "create"))
		undo_create(c, &rec, res, &uo, r, what);
	else
		undo_delete(c, j, &rec, res, &uo, r, what);
	/* Done, or nothing left to do: it leaves the stack. */
	if (r->outcome == EDIT_DONE ||
	    (r->outcome == EDIT_NOOP && !strcmp(rec.action, "create")))
		journal_pop_undo(j);
	cf_journal_record_free(&rec);
	return r->outcome;
}
