/* plan_engine.c: runs a plan's steps (create / patch / delete) with verification, journaling, resumable state and reverse-order rollback. */
#include "cfconsole/plan_engine.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_journal.h"
#include "cfconsole/cf_raw.h"
#include "cfconsole/journal.h"

/* ---- names and life cycle --------------------------------------------- */

static const char *const status_names[] = {
	[PE_PENDING] = "pending",    [PE_SENDING] = "sending",
	[PE_APPLIED] = "applied",    [PE_VERIFIED] = "verified",
	[PE_UNDONE] = "rolled_back", [PE_LEFT] = "left",
};

const char *
pe_status_name(enum pe_status s)
{
	if ((size_t)s < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[s];
	return "?";
}

bool
pe_status_parse(const char *s, enum pe_status *out)
{
	size_t i;

	for (i = 0; s && i < sizeof(status_names) / sizeof(status_names[0]);
	     i++) {
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum pe_status)i;
			return true;
		}
	}
	return false;
}

const char *
pe_outcome_name(enum pe_outcome o)
{
	switch (o) {
	case PE_OK:
		return "ok";
	case PE_ROLLED_BACK:
		return "rolled back";
	case PE_INCOMPLETE:
		return "rollback incomplete";
	case PE_REFUSED:
		return "refused";
	}
	return "?";
}

static void
step_free(struct pe_step *s)
{
	free(s->name);
	free(s->kind);
	free(s->label);
	free(s->path);
	free(s->query);
	free(s->body);
	free(s->identity);
	free(s->expect);
	free(s->id);
	free(s->before);
	free(s->action);
	free(s->after);
	cf_strv_free(&s->preexisting);
}

void
pe_plan_free(struct pe_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		step_free(&p->steps[i]);
	for (i = 0; i < p->nvars; i++) {
		free(p->vars[i].name);
		free(p->vars[i].value);
	}
	free(p->steps);
	free(p->vars);
	free(p->label);
	memset(p, 0, sizeof(*p));
}

static char *
dup_or_null(const char *s, bool *ok)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}

struct pe_step *
pe_plan_add(struct pe_plan *p, enum pe_op op, const char *name,
	    const char *kind, const char *label, const char *path,
	    const char *body)
{
	struct pe_step *ns = realloc(p->steps, (p->n + 1) * sizeof(*ns)), *s;
	bool ok = true;

	if (!ns)
		return NULL;
	p->steps = ns;
	s = &ns[p->n];
	memset(s, 0, sizeof(*s));
	s->op = op;
	s->name = dup_or_null(name, &ok);
	s->kind = dup_or_null(kind, &ok);
	s->label = dup_or_null(label, &ok);
	s->path = dup_or_null(path, &ok);
	s->body = dup_or_null(body, &ok);
	if (!ok) {
		step_free(s);
		return NULL;
	}
	p->n++;
	return s;
}

bool
pe_plan_set_var(struct pe_plan *p, const char *name, const char *value)
{
	struct pe_var *nv;
	char *v = value ? strdup(value) : NULL;
	size_t i;

	if (value && !v)
		return false;
	for (i = 0; i < p->nvars; i++) {
		if (strcmp(p->vars[i].name, name) == 0) {
			free(p->vars[i].value);
			p->vars[i].value = v;
			return true;
		}
	}
	nv = realloc(p->vars, (p->nvars + 1) * sizeof(*nv));
	if (!nv) {
		free(v);
		return false;
	}
	p->vars = nv;
	nv[p->nvars].name = strdup(name);
	if (!nv[p->nvars].name) {
		free(v);
		return false;
	}
	nv[p->nvars++].value = v;
	return true;
}

struct pe_step *
pe_plan_find(struct pe_plan *p, const char *name)
{
	size_t i;

	for (i = 0; name && i < p->n; i++)
		if (p->steps[i].name && strcmp(p->steps[i].name, name) == 0)
			return &p->steps[i];
	return NULL;
}

void
pe_report_free(struct pe_report *r)
{
	size_t i;

	if (!r)
		return;
	cf_error_clear(&r->err);
	free(r->message);
	for (i = 0; i < r->nleft; i++) {
		free(r->left[i].kind);
		free(r->left[i].label);
		free(r->left[i].id);
		free(r->left[i].method);
		free(r->left[i].path);
		free(r->left[i].body);
	}
	free(r->left);
	memset(r, 0, sizeof(*r));
}

/* ---- substitution ----------------------------------------------------- */

/* The name/value table of everything known now: variables and ids. */
struct table {
	const char **names;
	const char **values;
	char **owned; /* "{name.id}" strings made here */
	size_t n, nowned;
};

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->names);
	free(t->values);
	memset(t, 0, sizeof(*t));
}

static bool
table_build(const struct pe_plan *p, struct table *t)
{
	size_t i, cap = p->nvars + p->n;

	memset(t, 0, sizeof(*t));
	t->names = calloc(cap + 1, sizeof(*t->names));
	t->values = calloc(cap + 1, sizeof(*t->values));
	t->owned = calloc(p->n + 1, sizeof(*t->owned));
	if (!t->names || !t->values || !t->owned) {
		table_free(t);
		return false;
	}
	for (i = 0; i < p->nvars; i++) {
		if (!p->vars[i].value)
			continue;
		t->names[t->n] = p->vars[i].name;
		t->values[t->n++] = p->vars[i].value;
	}
	for (i = 0; i < p->n; i++) {
		const struct pe_step *s = &p->steps[i];
		size_t len;
		char *ph;

		if (s->op != PE_CREATE || !s->id || !s->name)
			continue;
		len = strlen(s->name) + 6;
		ph = malloc(len);
		if (!ph) {
			table_free(t);
			return false;
		}
		snprintf(ph, len, "{%s.id}", s->name);
		t->owned[t->nowned++] = ph;
		t->names[t->n] = ph;
		t->values[t->n++] = s->id;
	}
	return true;
}

/* A value that may go into a path as it is (ids, never user text). */
static bool
path_safe(const char *v)
{
	return v && *v &&
	       strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") == strlen(v);
}

/*
 * path with every known "{...}" replaced; NULL with why filled when one
 * is unknown or unsafe (or on OOM).
 */
static char *
resolve_path(const struct table *t, const char *path, char *why, size_t size)
{
	size_t cap = strlen(path) + 1, len = 0, i;
	char *out = malloc(cap);
	const char *s = path;

	if (!out) {
		snprintf(why, size, "out of memory");
		return NULL;
	}
	while (*s) {
		const char *close;
		const char *val = NULL;
		size_t nlen;

		if (*s != '{' || !(close = strchr(s, '}'))) {
			out[len++] = *s++;
			continue;
		}
		nlen = (size_t)(close - s) + 1;
		for (i = 0; i < t->n; i++) {
			if (strlen(t->names[i]) == nlen &&
			    strncmp(t->names[i], s, nlen) == 0) {
				val = t->values[i];
				break;
			}
		}
		if (!val || !path_safe(val)) {
			snprintf(why, size, "%.*s is not known yet", (int)nlen,
				 s);
			free(out);
			return NULL;
		}
		if (len + strlen(val) + strlen(close) + 1 > cap) {
			char *n;

			cap = len + strlen(val) + strlen(close) + 1;
			n = realloc(out, cap);
			if (!n) {
				free(out);
				snprintf(why, size, "out of memory");
				return NULL;
			}
			out = n;
		}
		memcpy(out + len, val, strlen(val));
		len += strlen(val);
		s = close + 1;
	}
	out[len] = '\0';
	return out;
}

/* body with every known placeholder replaced; NULL (why) when one is left. */
static char *
resolve_body(const struct table *t, const char *body, char *why, size_t size)
{
	char *out, ph[128];

	if (!body)
		return NULL;
	out = cf_json_subst(body, t->names, t->values, t->n);
	if (!out) {
		snprintf(why, size, "the body is not JSON (or out of memory)");
		return NULL;
	}
	if (cf_json_find_placeholder(out, ph, sizeof(ph))) {
		snprintf(why, size, "%s is not known yet", ph);
		free(out);
		return NULL;
	}
	return out;
}

/* ---- one run ---------------------------------------------------------- */

struct run {
	struct cf_client *c;
	struct pe_plan *p;
	const struct pe_options *o;
	const struct pe_hooks *h;
	struct pe_report *r;
	bool rolling_back;
};

/* Installs cancel on the client, unless the caller keeps its own. */
static void
set_cancel(struct run *run, const atomic_bool *cancel)
{
	if (!run->o->keep_client_cancel)
		cf_client_set_cancel(run->c, cancel);
}

static void emit(struct run *run, enum pe_event_kind kind, size_t i,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
emit(struct run *run, enum pe_event_kind kind, size_t i, const char *fmt, ...)
{
	struct pe_event ev = { .kind = kind, .step = i, .nsteps = run->p->n };
	char line[1024];
	int off;
	va_list ap;

	if (!run->h || !run->h->progress)
		return;
	off = snprintf(line, sizeof(line), "[%zu/%zu] %s: ", i + 1, run->p->n,
		       run->p->steps[i].label ? run->p->steps[i].label
					      : run->p->steps[i].name);
	if (off < 0 || (size_t)off >= sizeof(line))
		off = 0;
	va_start(ap, fmt);
	vsnprintf(line + off, sizeof(line) - (size_t)off, fmt, ap);
	va_end(ap);
	ev.line = line;
	run->h->progress(&ev, run->h->ud);
}

static bool
save(struct run *run, char *why, size_t size)
{
	if (!run->h || !run->h->save)
		return true;
	return run->h->save(run->p, run->h->ud, why, size);
}

static enum cf_status
call(struct run *run, const char *method, const char *path, const char *query,
     const char *body, char **result, struct cf_error *err)
{
	run->r->requests++;
	return cf_raw_call(run->c, method, path, query, body, result, err);
}

/* Journals one write; false (why filled) when the journal refused it. */
static bool
journal(struct run *run, const struct pe_step *s, const char *action,
	const char *id, const char *method, const char *path, const char *body,
	const char *before, const char *after, const char *outcome,
	const char *message, char *why, size_t size)
{
	struct cf_journal_record rec = { 0 };
	char jerr[256] = "";

	bool undoable = false;

	/* The step's own action names its writes (an undo's), not its
	 * rollback's; only a write that succeeded goes on the undo stack. */
	if (s->action && strncmp(action, "rollback.", 9))
		action = s->action;
	if (s->undoable && outcome && !strcmp(outcome, "ok") &&
	    strncmp(action, "rollback.", 9))
		undoable = true;
	rec.kind = (char *)(uintptr_t)s->kind;
	rec.object_id = (char *)(uintptr_t)id;
	rec.object_name = (char *)(uintptr_t)s->label;
	rec.action = (char *)(uintptr_t)action;
	rec.method = (char *)(uintptr_t)method;
	rec.path = (char *)(uintptr_t)path;
	rec.body = (char *)(uintptr_t)body;
	rec.before = (char *)(uintptr_t)before;
	rec.after = (char *)(uintptr_t)after;
	rec.outcome = (char *)(uintptr_t)outcome;
	rec.message = (char *)(uintptr_t)message;
	rec.plan = run->p->label;
	if (journal_append(run->o->journal, &rec, undoable, jerr, sizeof(jerr)))
		return true;
	snprintf(why, size, "journal: %s", jerr);
	return false;
}

/*
 * A create whose answer was lost (the process stopped, or the answer was
 * cut) was not journaled when it happened: journal it when it is found,
 * so the audit trail has every create. Best effort: finding it changes
 * nothing on the server.
 */
static void
journal_found(struct run *run, size_t i)
{
	const struct pe_step *s = &run->p->steps[i];
	char why[256];

	journal(run, s, "create", s->id, "POST", s->path, s->body, NULL, NULL,
		"ok", "found later: created, its answer not recorded", why,
		sizeof(why));
}

/* The failure of step i: report it (first failure wins). */
static void fail_step(struct run *run, size_t i, const struct cf_error *err,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
fail_step(struct run *run, size_t i, const struct cf_error *err,
	  const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(run, PE_EV_FAILED, i, "%s", msg);
	if (run->r->message)
		return;
	run->r->failed_step = (long)i;
	{
		const char *who = run->p->steps[i].label
					  ? run->p->steps[i].label
					  : run->p->steps[i].name;
		size_t len = strlen(who) + strlen(msg) + 3;

		run->r->message = malloc(len);
		if (run->r->message)
			snprintf(run->r->message, len, "%s: %s", who, msg);
	}
	if (err && err->status != CF_OK)
		cf_error_copy(&run->r->err, err);
}

/* Definitely not applied: the API answered with a refusal. */
static bool
refused_by_api(const struct cf_error *err)
{
	return err->http_status >= 400 && err->http_status < 500 &&
	       err->http_status != 408 && err->http_status != 429;
}

/*
 * The ids of objects in step s's collection that hold its identity
 * (resolved), into *ids. CF_OK or the list's error.
 */
static enum cf_status
list_matching(struct run *run, const struct table *t, const struct pe_step *s,
	      struct cf_strv *ids, struct cf_error *err, char *why, size_t size)
{
	char *path = resolve_path(t, s->path, why, size);
	char *ident = NULL, *list = NULL;
	enum cf_status st;

	if (!path)
		return cf_error_set(err, CF_ERR_INVALID_ARG, "%s", why);
	ident = resolve_body(t, s->identity ? s->identity : s->body, why, size);
	if (!ident) {
		free(path);
		return cf_error_set(err, CF_ERR_INVALID_ARG, "%s", why);
	}
	st = call(run, "GET", path, s->query, NULL, &list, err);
	if (st == CF_OK && !cf_json_matching_ids(list, ident, ids)) {
		snprintf(why, size, "could not read the list of %ss",
			 s->kind ? s->kind : "object");
		st = cf_error_set(err, CF_ERR_MALFORMED, "%s", why);
	}
	free(list);
	free(ident);
	free(path);
	return st;
}

/* ids minus s->preexisting, into *ours. */
static void
not_preexisting(const struct pe_step *s, const struct cf_strv *ids,
		struct cf_strv *ours)
{
	size_t i, j;

	memset(ours, 0, sizeof(*ours));
	ours->v = calloc(ids->n + 1, sizeof(char *));
	if (!ours->v)
		return;
	for (i = 0; i < ids->n; i++) {
		bool old = false;

		for (j = 0; j < s->preexisting.n; j++)
			if (!strcmp(ids->v[i], s->preexisting.v[j]))
				old = true;
		if (!old)
			ours->v[ours->n++] = ids->v[i];
	}
}

/*
 * A CREATE step left "sending": find the object it made. Returns 1 found
 * (s->id set), 0 none (it was never created), -1 failed or ambiguous
 * (why filled; err may hold the API error).
 */
static int
identify(struct run *run, size_t i, struct cf_error *err, char *why,
	 size_t size)
{
	struct pe_step *s = &run->p->steps[i];
	struct table t;
	struct cf_strv ids = { 0 }, ours;
	int rc = -1;

	if (!table_build(run->p, &t)) {
		snprintf(why, size, "out of memory");
		return -1;
	}
	if (list_matching(run, &t, s, &ids, err, why, size) != CF_OK) {
		if (!*why)
			cf_error_format(err, why, size);
		goto out;
	}
	not_preexisting(s, &ids, &ours);
	if (ours.n == 1) {
		free(s->id);
		s->id = strdup(ours.v[0]);
		rc = s->id ? 1 : -1;
		if (!s->id)
			snprintf(why, size, "out of memory");
	} else if (ours.n == 0) {
		rc = 0;
	} else {
		snprintf(why, size,
			 "%zu new %ss hold this step's identity: cannot tell "
			 "which one this plan created (ids %s, %s%s)",
			 ours.n, s->kind, ours.v[0], ours.v[1],
			 ours.n > 2 ? ", ..." : "");
	}
	free(ours.v); /* the strings belong to ids */
out:
	cf_strv_free(&ids);
	table_free(&t);
	return rc;
}

/* Reads step s's object (resolved path) into *obj. */
static enum cf_status
read_object(struct run *run, const char *path, char **obj, struct cf_error *err)
{
	return call(run, "GET", path, NULL, NULL, obj, err);
}

/* The object path of step s: path (PATCH/DELETE) or path/id (CREATE). */
static char *
object_path(const struct table *t, const struct pe_step *s, char *why,
	    size_t size)
{
	char *base = resolve_path(t, s->path, why, size), *full;
	size_t len;

	if (!base || s->op != PE_CREATE)
		return base;
	if (!path_safe(s->id)) {
		snprintf(why, size, "no id for %s", s->label);
		free(base);
		return NULL;
	}
	len = strlen(base) + strlen(s->id) + 2;
	full = malloc(len);
	if (full)
		snprintf(full, len, "%s/%s", base, s->id);
	else
		snprintf(why, size, "out of memory");
	free(base);
	return full;
}

/* Verifies step i (applied): read back, compare. true when verified. */
static bool
verify(struct run *run, size_t i, const struct table *t)
{
	struct pe_step *s = &run->p->steps[i];
	struct cf_error err = { 0 };
	char why[512] = "", diff[512] = "";
	char *path = object_path(t, s, why, sizeof(why)), *body = NULL;
	char *obj = NULL;
	bool ok = false;

	if (!path) {
		fail_step(run, i, NULL, "cannot verify: %s", why);
		return false;
	}
	if (s->op == PE_DELETE) {
		enum cf_status st = read_object(run, path, &obj, &err);

		if (st == CF_ERR_NOT_FOUND || err.http_status == 404)
			ok = true;
		else if (st == CF_OK)
			fail_step(run, i, NULL,
				  "verify: the object is still there");
		else
			fail_step(run, i, &err, "verify: %s",
				  cf_error_format(&err, why, sizeof(why)));
		goto out;
	}
	body = resolve_body(t, s->body, why, sizeof(why));
	if (!body) {
		fail_step(run, i, NULL, "cannot verify: %s", why);
		goto out;
	}
	if (read_object(run, path, &obj, &err) != CF_OK) {
		fail_step(run, i, &err, "verify: reading it back failed: %s",
			  cf_error_format(&err, why, sizeof(why)));
		goto out;
	}
	switch (cf_json_subset(body, obj, diff, sizeof(diff))) {
	case 1:
		ok = true;
		free(s->after);
		s->after = obj;
		obj = NULL;
		break;
	case 0:
		fail_step(run, i, NULL, "verify: read back differs: %s", diff);
		break;
	default:
		fail_step(run, i, NULL, "verify: the answer is not JSON");
		break;
	}
out:
	if (ok) {
		s->status = PE_VERIFIED;
		if (!save(run, why, sizeof(why))) {
			fail_step(run, i, NULL, "%s", why);
			ok = false;
		} else {
			emit(run, PE_EV_VERIFIED, i, "verified%s%s",
			     s->id ? " " : "", s->id ? s->id : "");
		}
	}
	cf_error_clear(&err);
	free(obj);
	free(body);
	free(path);
	return ok;
}

/* CREATE step i, from pending: list, record, POST, record. */
static bool
run_create(struct run *run, size_t i, const struct table *t)
{
	struct pe_step *s = &run->p->steps[i];
	struct cf_error err = { 0 };
	char why[512] = "";
	char *path = NULL, *body = NULL, *result = NULL, *id = NULL;
	bool ok = false;
	enum cf_status st;

	path = resolve_path(t, s->path, why, sizeof(why));
	body = path ? resolve_body(t, s->body, why, sizeof(why)) : NULL;
	if (!body) {
		fail_step(run, i, NULL, "%s", why);
		goto out;
	}
	/* What already holds our identity is not ours, whatever happens. */
	cf_strv_free(&s->preexisting);
	if (list_matching(run, t, s, &s->preexisting, &err, why, sizeof(why)) !=
	    CF_OK) {
		fail_step(run, i, &err, "listing before the create failed: %s",
			  cf_error_format(&err, why, sizeof(why)));
		goto out;
	}
	s->status = PE_SENDING;
	if (!save(run, why, sizeof(why))) {
		s->status = PE_PENDING;
		fail_step(run, i, NULL, "%s (nothing sent)", why);
		goto out;
	}
	emit(run, PE_EV_START, i, "POST %s", path);
	st = call(run, "POST", path, NULL, body, &result, &err);
	if (st == CF_OK)
		id = cf_json_string_member(result, "id");
	if (st != CF_OK || !id || !path_safe(id)) {
		char line[512];

		if (st == CF_OK)
			snprintf(line, sizeof(line),
				 "the answer holds no object id");
		else
			cf_error_format(&err, line, sizeof(line));
		/* A refusal created nothing; anything else may have. */
		if (st != CF_OK && refused_by_api(&err))
			s->status = PE_PENDING;
		save(run, why, sizeof(why));
		journal(run, s, "create", NULL, "POST", path, body, NULL, NULL,
			s->status == PE_PENDING ? "write_failed" : "unknown",
			line, why, sizeof(why));
		fail_step(run, i, &err, "%s", line);
		goto out;
	}
	free(s->id);
	s->id = id;
	id = NULL;
	s->status = PE_APPLIED;
	if (!save(run, why, sizeof(why))) {
		fail_step(run, i, NULL, "created %s but %s", s->id, why);
		goto out;
	}
	if (!journal(run, s, "create", s->id, "POST", path, body, NULL, result,
		     "ok", "created", why, sizeof(why))) {
		fail_step(run, i, NULL, "created %s but %s", s->id, why);
		goto out;
	}
	emit(run, PE_EV_APPLIED, i, "created %s", s->id);
	ok = true;
out:
	cf_error_clear(&err);
	free(id);
	free(result);
	free(body);
	free(path);
	return ok;
}

/* PATCH or DELETE step i, from pending: read, check, record, write. */
static bool
run_write(struct run *run, size_t i, const struct table *t)
{
	struct pe_step *s = &run->p->steps[i];
	const char *method = s->op == PE_PATCH ? "PATCH" : "DELETE";
	const char *action = s->op == PE_PATCH ? "patch" : "delete";
	struct cf_error err = { 0 };
	char why[512] = "", diff[512] = "";
	char *path = NULL, *body = NULL, *obj = NULL, *result = NULL;
	bool ok = false;

	path = resolve_path(t, s->path, why, sizeof(why));
	if (path && s->op == PE_PATCH)
		body = resolve_body(t, s->body, why, sizeof(why));
	if (!path || (s->op == PE_PATCH && !body)) {
		fail_step(run, i, NULL, "%s", why);
		goto out;
	}
	if (read_object(run, path, &obj, &err) != CF_OK) {
		fail_step(run, i, &err, "reading it first failed: %s",
			  cf_error_format(&err, why, sizeof(why)));
		goto out;
	}
	if (s->expect &&
	    cf_json_subset(s->expect, obj, diff, sizeof(diff)) != 1) {
		fail_step(run, i, NULL,
			  "conflict: it changed since it was shown (%s); "
			  "nothing sent",
			  diff);
		goto out;
	}
	free(s->before);
	s->before = s->op == PE_PATCH ? cf_json_pick(obj, body) : strdup(obj);
	if (!s->before) {
		fail_step(run, i, NULL, "out of memory");
		goto out;
	}
	s->status = PE_SENDING;
	if (!save(run, why, sizeof(why))) {
		s->status = PE_PENDING;
		fail_step(run, i, NULL, "%s (nothing sent)", why);
		goto out;
	}
	emit(run, PE_EV_START, i, "%s %s", method, path);
	if (call(run, method, path, NULL, body, &result, &err) != CF_OK) {
		char line[512];

		cf_error_format(&err, line, sizeof(line));
		if (refused_by_api(&err))
			s->status = PE_PENDING;
		save(run, why, sizeof(why));
		journal(run, s, action, s->id, method, path, body, s->before,
			NULL,
			s->status == PE_PENDING ? "write_failed" : "unknown",
			line, why, sizeof(why));
		fail_step(run, i, &err, "%s", line);
		goto out;
	}
	s->status = PE_APPLIED;
	if (!save(run, why, sizeof(why)) ||
	    !journal(run, s, action, s->id, method, path, body, s->before,
		     result, "ok", s->op == PE_PATCH ? "patched" : "deleted",
		     why, sizeof(why))) {
		fail_step(run, i, NULL, "%s but %s",
			  s->op == PE_PATCH ? "patched" : "deleted", why);
		goto out;
	}
	emit(run, PE_EV_APPLIED, i, "%s",
	     s->op == PE_PATCH ? "patched" : "deleted");
	ok = true;
out:
	cf_error_clear(&err);
	free(result);
	free(obj);
	free(body);
	free(path);
	return ok;
}

/* A PATCH/DELETE step left "sending": did it land? true when decided. */
static bool
settle_write(struct run *run, size_t i, const struct table *t)
{
	struct pe_step *s = &run->p->steps[i];
	struct cf_error err = { 0 };
	char why[512] = "";
	char *path = resolve_path(t, s->path, why, sizeof(why));
	char *body = NULL, *obj = NULL;
	enum cf_status st;
	bool decided = false;

	if (!path) {
		fail_step(run, i, NULL, "%s", why);
		return false;
	}
	st = read_object(run, path, &obj, &err);
	if (s->op == PE_DELETE) {
		if (st == CF_ERR_NOT_FOUND || err.http_status == 404) {
			s->status = PE_APPLIED;
			decided = true;
		} else if (st == CF_OK) {
			s->status = PE_PENDING;
			decided = true;
		}
	} else if (st == CF_OK) {
		body = resolve_body(t, s->body, why, sizeof(why));
		if (body) {
			s->status = cf_json_subset(body, obj, NULL, 0) == 1
					    ? PE_APPLIED
					    : PE_PENDING;
			decided = true;
		}
	}
	if (!decided)
		fail_step(run, i, &err,
			  "cannot tell whether it was applied: %s",
			  *why ? why : cf_error_format(&err, why, sizeof(why)));
	else if (!save(run, why, sizeof(why))) {
		fail_step(run, i, NULL, "%s", why);
		decided = false;
	}
	cf_error_clear(&err);
	free(obj);
	free(body);
	free(path);
	return decided;
}

/*
 * Runs PE_CALL step i: its code does the write, the read-back, the
 * verification and the journal; the engine orders, saves and reports.
 */
static bool
run_call(struct run *run, size_t i)
{
	struct pe_step *s = &run->p->steps[i];
	struct cf_error err = { 0 };
	char why[512] = "", serr[512] = "";
	unsigned long sent = cf_client_requests(run->c);
	bool ok;

	if (!s->call || !s->call->run) {
		fail_step(run, i, NULL, "no code for this step");
		return false;
	}
	s->status = PE_SENDING;
	if (!save(run, serr, sizeof(serr))) {
		s->status = PE_PENDING;
		fail_step(run, i, NULL, "%s", serr);
		return false;
	}
	emit(run, PE_EV_START, i, "running");
	ok = s->call->run(run->c, s, s->call_ud, &err, why, sizeof(why));
	run->r->requests += cf_client_requests(run->c) - sent;
	if (ok)
		s->status = PE_VERIFIED;
	if (!save(run, serr, sizeof(serr)) && ok) {
		fail_step(run, i, NULL, "%s", serr);
		ok = false;
	} else if (ok) {
		emit(run, PE_EV_VERIFIED, i, "%s", why[0] ? why : "done");
	} else {
		fail_step(run, i, &err, "%s", why[0] ? why : "failed");
	}
	cf_error_clear(&err);
	return ok;
}

/* ---- rollback --------------------------------------------------------- */

static void
add_left(struct run *run, const struct pe_step *s, const char *method,
	 const char *path, const char *body)
{
	struct pe_left *nl =
		realloc(run->r->left, (run->r->nleft + 1) * sizeof(*nl));
	bool ok = true;

	if (!nl)
		return;
	run->r->left = nl;
	nl = &nl[run->r->nleft++];
	memset(nl, 0, sizeof(*nl));
	nl->kind = dup_or_null(s->kind, &ok);
	nl->label = dup_or_null(s->label, &ok);
	nl->id = dup_or_null(s->id, &ok);
	nl->method = dup_or_null(method, &ok);
	nl->path = dup_or_null(path, &ok);
	nl->body = dup_or_null(body, &ok);
}

/* Undoes PE_CALL step i with its code; without any, it is left. */
static bool
undo_call(struct run *run, size_t i)
{
	struct pe_step *s = &run->p->steps[i];
	char why[512] = "";

	if (s->call && s->call->undo &&
	    s->call->undo(run->c, s, s->call_ud, why, sizeof(why))) {
		s->status = PE_UNDONE;
		save(run, why, sizeof(why));
		emit(run, PE_EV_UNDONE, i, "undone");
		return true;
	}
	s->status = PE_LEFT;
	save(run, why, sizeof(why));
	emit(run, PE_EV_UNDO_FAILED, i, "%s",
	     why[0] ? why : "this change cannot be undone by the plan");
	add_left(run, s, "CALL", s->path, NULL);
	return false;
}

/* Undoes step i. false when it is still there (reported as left). */
static bool
undo_step(struct run *run, size_t i)
{
	struct pe_step *s = &run->p->steps[i];
	struct cf_error err = { 0 };
	struct table t;
	char why[512] = "", line[512] = "";
	char *path = NULL;
	bool ok = false;
	enum cf_status st;

	if (s->status == PE_PENDING || s->status == PE_UNDONE)
		return true;
	if (s->op == PE_CALL)
		return undo_call(run, i);
	if (!table_build(run->p, &t)) {
		emit(run, PE_EV_UNDO_FAILED, i, "out of memory");
		add_left(run, s, "DELETE", s->path, NULL);
		return false;
	}
	if (s->op == PE_CREATE && s->status == PE_SENDING && !s->id) {
		int rc = identify(run, i, &err, why, sizeof(why));

		if (rc == 0) {
			s->status = PE_UNDONE;
			save(run, why, sizeof(why));
			emit(run, PE_EV_UNDONE, i, "was never created");
			ok = true;
			goto out;
		}
		if (rc < 0) {
			s->status = PE_LEFT;
			save(run, line, sizeof(line));
			emit(run, PE_EV_UNDO_FAILED, i,
			     "cannot find what the create made: %s", why);
			add_left(run, s, "DELETE", s->path, NULL);
			goto out;
		}
		journal_found(run, i);
		emit(run, PE_EV_FOUND, i, "found %s (created, not recorded)",
		     s->id);
		s->status = PE_APPLIED;
		save(run, why, sizeof(why));
	}
	if (s->op == PE_DELETE) {
		emit(run, PE_EV_UNDO_FAILED, i,
		     "a delete cannot be undone (its object is in the journal)");
		goto out;
	}
	if (s->op == PE_PATCH && !s->undo) {
		/* An object this plan created; deleting it undoes this too. */
		s->status = PE_UNDONE;
		save(run, why, sizeof(why));
		ok = true;
		goto out;
	}
	path = object_path(&t, s, why, sizeof(why));
	if (!path) {
		emit(run, PE_EV_UNDO_FAILED, i, "%s", why);
		add_left(run, s, s->op == PE_CREATE ? "DELETE" : "PATCH",
			 s->path, s->before);
		s->status = PE_LEFT;
		save(run, why, sizeof(why));
		goto out;
	}
	if (s->op == PE_CREATE) {
		st = call(run, "DELETE", path, NULL, NULL, NULL, &err);
		/* Already gone is as good as deleted. */
		ok = st == CF_OK || st == CF_ERR_NOT_FOUND ||
		     err.http_status == 404;
		if (!ok)
			cf_error_format(&err, line, sizeof(line));
		journal(run, s, "rollback.delete", s->id, "DELETE", path, NULL,
			NULL, NULL, ok ? "ok" : "write_failed",
			ok ? "deleted by rollback" : line, why, sizeof(why));
	} else {
		char *obj = NULL, diff[256];

		st = call(run, "PATCH", path, NULL, s->before, NULL, &err);
		if (st == CF_OK)
			st = read_object(run, path, &obj, &err);
		ok = st == CF_OK &&
		     cf_json_subset(s->before, obj, diff, sizeof(diff)) == 1;
		if (!ok && st == CF_OK)
			snprintf(line, sizeof(line), "restored but %s", diff);
		else if (!ok)
			cf_error_format(&err, line, sizeof(line));
		journal(run, s, "rollback.patch", s->id, "PATCH", path,
			s->before, NULL, obj, ok ? "ok" : "write_failed",
			ok ? "restored by rollback" : line, why, sizeof(why));
		free(obj);
	}
	if (ok) {
		s->status = PE_UNDONE;
		emit(run, PE_EV_UNDONE, i, "%s",
		     s->op == PE_CREATE ? "deleted" : "restored");
	} else {
		s->status = PE_LEFT;
		emit(run, PE_EV_UNDO_FAILED, i, "rollback failed: %s", line);
		add_left(run, s, s->op == PE_CREATE ? "DELETE" : "PATCH", path,
			 s->op == PE_CREATE ? NULL : s->before);
	}
	save(run, why, sizeof(why));
out:
	cf_error_clear(&err);
	free(path);
	table_free(&t);
	return ok;
}

/* Every step, last first. true when nothing is left. */
static bool
rollback_all(struct run *run)
{
	size_t i;
	bool clean = true, any = false;

	for (i = 0; i < run->p->n; i++)
		if (run->p->steps[i].status != PE_PENDING &&
		    run->p->steps[i].status != PE_UNDONE)
			any = true;
	if (!any)
		return true;
	/* The rollback must run even when the user cancelled. */
	set_cancel(run, NULL);
	run->rolling_back = true;
	for (i = run->p->n; i-- > 0;) {
		if (run->p->steps[i].status == PE_PENDING ||
		    run->p->steps[i].status == PE_UNDONE)
			continue;
		if (!undo_step(run, i))
			clean = false;
	}
	set_cancel(run, NULL);
	return clean;
}

static bool
cancelled(const struct run *run)
{
	return run->o->cancel && atomic_load(run->o->cancel);
}

/* Checks what a run needs before anything is sent. */
static bool
preflight(struct run *run)
{
	size_t i;
	bool own_journal = run->p->n > 0;

	/* PE_CALL steps journal their own writes (or choose not to). */
	for (i = 0; i < run->p->n; i++)
		if (run->p->steps[i].op != PE_CALL)
			own_journal = false;
	if (!run->o->journal && !own_journal) {
		run->r->outcome = PE_REFUSED;
		run->r->message = strdup(
			"no journal: a plan writes nothing without an audit "
			"trail");
		return false;
	}
	return true;
}

enum pe_outcome
pe_apply(struct cf_client *c, struct pe_plan *p, const struct pe_options *o,
	 const struct pe_hooks *h, struct pe_report *r)
{
	struct run run = { .c = c, .p = p, .o = o, .h = h, .r = r };
	size_t i;
	bool ok = true, refused = false;

	memset(r, 0, sizeof(*r));
	r->failed_step = -1;
	if (!preflight(&run))
		return r->outcome;
	set_cancel(&run, o->cancel);
	for (i = 0; ok && i < p->n; i++) {
		struct pe_step *s = &p->steps[i];
		struct table t;
		char why[512] = "";

		if (cancelled(&run)) {
			r->cancelled = true;
			fail_step(&run, i, NULL, "cancelled before this step");
			ok = false;
			break;
		}
		if (s->status == PE_VERIFIED) {
			emit(&run, PE_EV_SKIPPED, i, "already done%s%s",
			     s->id ? ": " : "", s->id ? s->id : "");
			continue;
		}
		if (s->op == PE_CALL) {
			ok = run_call(&run, i);
			continue;
		}
		if (s->status == PE_LEFT) {
			/* A failed rollback left it: it exists, as applied. */
			s->status = s->id || s->op != PE_CREATE ? PE_APPLIED
								: PE_SENDING;
		}
		if (s->status == PE_SENDING && s->op == PE_CREATE) {
			struct cf_error err = { 0 };
			int rc = identify(&run, i, &err, why, sizeof(why));

			if (rc < 0) {
				fail_step(&run, i, &err, "resume: %s", why);
				cf_error_clear(&err);
				refused = true;
				ok = false;
				break;
			}
			s->status = rc ? PE_APPLIED : PE_PENDING;
			if (!save(&run, why, sizeof(why))) {
				fail_step(&run, i, NULL, "%s", why);
				ok = false;
				break;
			}
			if (rc) {
				journal_found(&run, i);
				emit(&run, PE_EV_FOUND, i,
				     "found %s: created before the stop, not "
				     "recorded",
				     s->id);
			}
		} else if (s->status == PE_SENDING) {
			if (!table_build(p, &t)) {
				ok = false;
				break;
			}
			ok = settle_write(&run, i, &t);
			table_free(&t);
			if (!ok)
				break;
		}
		if (!table_build(p, &t)) {
			fail_step(&run, i, NULL, "out of memory");
			ok = false;
			break;
		}
		if (s->status == PE_PENDING || s->status == PE_UNDONE)
			ok = s->op == PE_CREATE ? run_create(&run, i, &t)
						: run_write(&run, i, &t);
		if (ok && s->status == PE_APPLIED) {
			/* The create's id is in the table only now. */
			table_free(&t);
			if (!table_build(p, &t)) {
				fail_step(&run, i, NULL, "out of memory");
				ok = false;
			} else {
				ok = verify(&run, i, &t);
			}
		}
		table_free(&t);
	}
	set_cancel(&run, NULL);
	if (ok) {
		r->outcome = PE_OK;
		return r->outcome;
	}
	if (refused) {
		/* An ambiguous resume is for a person to sort out: undoing
		 * the other steps would not make it less ambiguous. */
		r->outcome = PE_REFUSED;
		return r->outcome;
	}
	if (h && h->progress) {
		struct pe_event ev = {
			.kind = PE_EV_ROLLBACK,
			.step = (size_t)(r->failed_step >= 0 ? r->failed_step
							     : 0),
			.nsteps = p->n,
			.line = "rolling back what this plan created, "
				"last first"
		};

		h->progress(&ev, h->ud);
	}
	r->outcome = rollback_all(&run) ? PE_ROLLED_BACK : PE_INCOMPLETE;
	return r->outcome;
}

enum pe_outcome
pe_rollback(struct cf_client *c, struct pe_plan *p, const struct pe_options *o,
	    const struct pe_hooks *h, struct pe_report *r)
{
	struct run run = { .c = c, .p = p, .o = o, .h = h, .r = r };

	memset(r, 0, sizeof(*r));
	r->failed_step = -1;
	if (!preflight(&run))
		return r->outcome;
	r->outcome = rollback_all(&run) ? PE_OK : PE_INCOMPLETE;
	if (r->outcome != PE_OK && !r->message)
		r->message = strdup("some objects could not be removed");
	return r->outcome;
}

/* ---- description ------------------------------------------------------ */

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 1024;
		char *np;

		while (nc < b->len + (size_t)n + 1)
			nc *= 2;
		np = realloc(b->p, nc);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Replaces what is known, leaves "{...}" that is not (for printing). */
static char *
describe_path(const struct table *t, const char *path)
{
	struct sbuf b = { 0 };
	const char *s = path;

	sb_printf(&b, "%s", "");
	while (s && *s) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		size_t i, nlen;
		bool done = false;

		if (!close) {
			sb_printf(&b, "%c", *s++);
			continue;
		}
		nlen = (size_t)(close - s) + 1;
		for (i = 0; i < t->n && !done; i++) {
			if (strlen(t->names[i]) == nlen &&
			    !strncmp(t->names[i], s, nlen)) {
				sb_printf(&b, "%s", t->values[i]);
				done = true;
			}
		}
		if (!done)
			sb_printf(&b, "%.*s", (int)nlen, s);
		s = close + 1;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

char *
pe_describe(const struct pe_plan *p)
{
	static const char *const methods[] = { "POST", "PATCH", "DELETE",
					       "CALL" };
	struct sbuf b = { 0 };
	struct table t;
	size_t i;

	if (!table_build(p, &t))
		return NULL;
	sb_printf(&b, "%s", "");
	for (i = 0; i < p->n; i++) {
		const struct pe_step *s = &p->steps[i];
		char *path = describe_path(&t, s->path);
		char *body =
			s->body ? cf_json_subst(s->body, t.names, t.values, t.n)
				: NULL;
		char *pretty = body ? cf_json_pretty(body) : NULL;

		sb_printf(&b, "%s# %zu/%zu %s", i ? "\n" : "", i + 1, p->n,
			  s->label ? s->label : s->name);
		if (s->status == PE_VERIFIED)
			sb_printf(&b, " (done: %s)", s->id ? s->id : "yes");
		sb_printf(&b, "\n");
		sb_printf(&b, "%s %s\n", methods[s->op], path ? path : s->path);
		if (pretty)
			sb_printf(&b, "%s\n", pretty);
		free(pretty);
		free(body);
		free(path);
	}
	table_free(&t);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
