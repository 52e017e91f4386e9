/* edit.c: create and edit one DNS record, monitor, pool or load balancer through the plan engine (only changed fields, conflict check, read back, verify, journal), and the helpers the other edit files share. */
#include "cfconsole/edit.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_json_edit.h"
#include "cfconsole/cf_raw.h"
#include "core/edit_impl.h"

/* ---- names and results --------------------------------------------------- */

const char *
edit_outcome_name(enum edit_outcome o)
{
	static const char *const names[] = {
		[EDIT_DONE] = "done",	    [EDIT_NOOP] = "nothing to do",
		[EDIT_INVALID] = "invalid", [EDIT_CONFLICT] = "conflict",
		[EDIT_HELD] = "held",	    [EDIT_NOT_FOUND] = "not found",
		[EDIT_FAILED] = "failed",   [EDIT_LEFT] = "left behind",
		[EDIT_DRY_RUN] = "dry run",
	};

	return (size_t)o < sizeof(names) / sizeof(names[0]) && names[o]
		       ? names[o]
		       : "?";
}

void
edit_refs_free(struct edit_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(refs[i].id);
		free(refs[i].name);
		free(refs[i].zone_id);
		free(refs[i].why);
	}
	free(refs);
}

void
edit_result_free(struct edit_result *r)
{
	if (!r)
		return;
	free(r->message);
	free(r->diff);
	free(r->changed);
	free(r->id);
	free(r->after);
	free(r->requests);
	if (r->fresh) {
		fields_table(r->fresh_res)->free(r->fresh);
		free(r->fresh);
	}
	edit_refs_free(r->held, r->nheld);
	plan_issues_free(&r->issues);
	pe_report_free(&r->report);
	cf_error_clear(&r->err);
	memset(r, 0, sizeof(*r));
}

static void
vsay(struct edit_result *r, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	free(r->message);
	r->message = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (r->message)
		vsnprintf(r->message, (size_t)n + 1, fmt, ap);
}

void
edit_say(struct edit_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(r, fmt, ap);
	va_end(ap);
}

enum edit_outcome
edit_finish(struct edit_result *r, enum edit_outcome o, const char *fmt, ...)
{
	va_list ap;

	r->outcome = o;
	va_start(ap, fmt);
	vsay(r, fmt, ap);
	va_end(ap);
	return o;
}

/* ---- paths --------------------------------------------------------------- */

const char *
edit_collection(const struct edit_target *t)
{
	switch (t->res) {
	case FIELD_RES_DNS:
		return t->zone_id ? "/zones/{zone.id}/dns_records" : NULL;
	case FIELD_RES_LB:
		return t->zone_id ? "/zones/{zone.id}/load_balancers" : NULL;
	case FIELD_RES_MONITOR:
		return t->account_id
			       ? "/accounts/{account_id}/load_balancers/monitors"
			       : NULL;
	case FIELD_RES_POOL:
		return t->account_id
			       ? "/accounts/{account_id}/load_balancers/pools"
			       : NULL;
	default:
		return NULL;
	}
}

bool
edit_vars(struct pe_plan *p, const struct edit_target *t)
{
	return (!t->account_id ||
		pe_plan_set_var(p, "{account_id}", t->account_id)) &&
	       (!t->zone_id || pe_plan_set_var(p, "{zone.id}", t->zone_id));
}

bool
edit_path_safe(const char *s)
{
	return s && *s &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789-_.") == strlen(s);
}

char *
edit_object_path(const struct edit_target *t, const char *id)
{
	bool zoned = t->res == FIELD_RES_DNS || t->res == FIELD_RES_LB;
	const char *scope = zoned ? t->zone_id : t->account_id;
	const char *rest = t->res == FIELD_RES_DNS  ? "dns_records"
			   : t->res == FIELD_RES_LB ? "load_balancers"
			   : t->res == FIELD_RES_MONITOR
				   ? "load_balancers/monitors"
				   : "load_balancers/pools";
	size_t len;
	char *out;

	if (!edit_collection(t) || !edit_path_safe(id) ||
	    !edit_path_safe(scope))
		return NULL;
	len = strlen(scope) + strlen(rest) + strlen(id) + 24;
	out = malloc(len);
	if (out)
		snprintf(out, len, "/%s/%s/%s/%s", zoned ? "zones" : "accounts",
			 scope, rest, id);
	return out;
}

/* ---- objects ------------------------------------------------------------- */

void
edit_obj_free(enum field_res res, void *obj)
{
	if (!obj)
		return;
	fields_table(res)->free(obj);
	free(obj);
}

enum cf_status
edit_read(struct cf_client *c, enum field_res res, const char *path, void **obj,
	  char **json, struct cf_error *err)
{
	const struct field_table *t = fields_table(res);
	char *text = NULL;
	void *o = NULL;
	enum cf_status st;

	if (obj)
		*obj = NULL;
	if (json)
		*json = NULL;
	st = cf_raw_call(c, "GET", path, NULL, NULL, &text, err);
	if (st != CF_OK && err->http_status == 404)
		st = CF_ERR_NOT_FOUND;
	if (st != CF_OK) {
		free(text);
		return st;
	}
	if (obj) {
		o = calloc(1, t->size);
		if (!o) {
			free(text);
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		}
		st = t->decode(text, o, err);
		if (st != CF_OK) {
			free(o);
			free(text);
			return st;
		}
		*obj = o;
	}
	if (json)
		*json = text;
	else
		free(text);
	return CF_OK;
}

const char *
edit_what(enum field_res res, const void *obj, char *buf, size_t size)
{
	const struct field_table *t = fields_table(res);

	snprintf(buf, size, "%s %s", t->title, obj ? t->label(obj) : "?");
	return buf;
}

char *
edit_plan_label(const char *verb, const char *kind, const char *id)
{
	static atomic_ulong seq;
	unsigned long n = atomic_fetch_add(&seq, 1) + 1;
	size_t len = strlen(verb) + strlen(kind) + strlen(id ? id : "") + 32;
	char *s = malloc(len);

	if (s)
		snprintf(s, len, "%s %s %s #%lu", verb, kind, id ? id : "new",
			 n);
	return s;
}

const struct field_ctx *
edit_ctx(const struct edit_options *o, const struct edit_target *t,
	 struct field_ctx *buf)
{
	if (o && o->ctx)
		return o->ctx;
	memset(buf, 0, sizeof(*buf));
	buf->zone = t->zone_name;
	return buf;
}

/* ---- bodies -------------------------------------------------------------- */

char *
edit_patch_body(enum field_res res, const void *obj, unsigned mask)
{
	const struct field_table *t = fields_table(res);
	unsigned send = mask;
	char *body;
	size_t i;

	/* The spec requires expected_codes in every monitor body. */
	if (res == FIELD_RES_MONITOR)
		send |= CF_MON_F_EXPECTED_CODES;
	body = t->encode(obj, send);
	/* The encoders leave out an optional value that is not there; a
	 * PATCH that clears one must say so (else nothing would change). */
	for (i = 0; body && i < t->n; i++) {
		const struct field *f = &t->v[i];
		char *v, *nb = NULL;

		if (!(f->mask & mask) || !fields_writable(f) ||
		    strpbrk(f->name, ".[") ||
		    cf_json_member_type(body, f->name) != CF_JSON_INVALID ||
		    (f->store != FIELD_S_OPT &&
		     !(f->store == FIELD_S_NUM && f->has_off)))
			continue;
		v = fields_get(f, obj);
		if (v && !*v)
			nb = f->store == FIELD_S_OPT
				     ? cf_json_with(body, f->name, "",
						    CF_JSON_STRING)
				     : cf_json_with(body, f->name, "null",
						    CF_JSON_NULL);
		free(v);
		if (nb) {
			free(body);
			body = nb;
		}
	}
	return body;
}

unsigned
edit_after_create_mask(enum field_res res, const void *obj)
{
	const struct field_table *t = fields_table(res);
	void *def = calloc(1, t->size);
	unsigned mask = 0;
	size_t i;

	if (!def)
		return 0;
	t->init(def);
	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		char *a, *b;

		if (!(f->flags & FIELD_NO_CREATE) || !fields_writable(f))
			continue;
		a = fields_get(f, obj);
		b = fields_get(f, def);
		if (a && b && strcmp(a, b))
			mask |= f->mask;
		free(a);
		free(b);
	}
	t->free(def);
	free(def);
	return mask;
}

/* ---- running ------------------------------------------------------------- */

enum edit_outcome
edit_run(struct cf_client *c, struct pe_plan *p, const struct edit_options *o,
	 const char *what, struct edit_result *r)
{
	struct pe_options po = { .journal = o->journal, .cancel = o->cancel };
	struct pe_hooks h = { .progress = o->progress, .ud = o->ud };
	char e[512];

	free(r->requests);
	r->requests = pe_describe(p);
	if (o->dry_run)
		return edit_finish(r, EDIT_DRY_RUN,
				   "%s: the requests it would send (dry run: "
				   "nothing sent)",
				   what);
	pe_report_free(&r->report);
	switch (pe_apply(c, p, &po, &h, &r->report)) {
	case PE_OK:
		return edit_finish(r, EDIT_DONE,
				   "%s: done, read back and "
				   "verified",
				   what);
	case PE_ROLLED_BACK:
		cf_error_copy(&r->err, &r->report.err);
		return edit_finish(
			r, EDIT_FAILED, "%s: %s%s; nothing was changed", what,
			r->report.cancelled ? "cancelled: " : "",
			r->report.message ? r->report.message : "failed");
	case PE_INCOMPLETE:
		cf_error_copy(&r->err, &r->report.err);
		return edit_finish(
			r, EDIT_LEFT,
			"%s: %s; the rollback could not undo "
			"everything (see the journal)",
			what, r->report.message ? r->report.message : "failed");
	case PE_REFUSED:
		break;
	}
	cf_error_copy(&r->err, &r->report.err);
	snprintf(e, sizeof(e), "%s",
		 r->report.message ? r->report.message : "refused");
	return edit_finish(r, EDIT_FAILED, "%s: %s; nothing was sent", what, e);
}

/* The issues as "field: reason" lines (malloc'd). */
static char *
issues_text(const struct plan_issues *l)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < l->n; i++)
		len += strlen(l->v[i].field) + strlen(l->v[i].message) + 16;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < l->n; i++) {
		if (l->v[i].warning)
			continue;
		if (*s)
			strcat(s, "\n");
		strcat(s, l->v[i].field);
		strcat(s, ": ");
		strcat(s, l->v[i].message);
	}
	return s;
}

static enum edit_outcome
invalid(struct edit_result *r, const char *what)
{
	char *t = issues_text(&r->issues);
	enum edit_outcome o =
		edit_finish(r, EDIT_INVALID, "%s: nothing was sent:\n%s", what,
			    t ? t : "invalid");

	free(t);
	return o;
}

/* ---- create -------------------------------------------------------------- */

/* What finds the created object again in its collection (resume). */
static void
identity(enum field_res res, const void *obj, struct pe_step *s)
{
	char *id = NULL, q[600];

	switch (res) {
	case FIELD_RES_POOL:
		id = cf_json_with(NULL, "name",
				  ((const struct cf_pool *)obj)->name,
				  CF_JSON_STRING);
		break;
	case FIELD_RES_LB:
		id = cf_json_with(NULL, "name",
				  ((const struct cf_load_balancer *)obj)->name,
				  CF_JSON_STRING);
		break;
	case FIELD_RES_DNS: {
		const struct cf_dns_record *d = obj;
		char *a = cf_json_with(NULL, "type", d->type, CF_JSON_STRING);

		id = a ? cf_json_with(a, "name", d->name, CF_JSON_STRING)
		       : NULL;
		free(a);
		/* Record names are hostnames: safe in a query. */
		if (edit_path_safe(d->name) && edit_path_safe(d->type)) {
			snprintf(q, sizeof(q), "type=%s&name=%s", d->type,
				 d->name);
			s->query = strdup(q);
		}
		break;
	}
	default:
		break; /* a monitor: its whole body */
	}
	s->identity = id;
}

bool
edit_add_create(struct pe_plan *p, const struct edit_target *t, const void *obj,
		const char *label, bool undoable)
{
	const struct field_table *tt = fields_table(t->res);
	unsigned rest = edit_after_create_mask(t->res, obj);
	unsigned nocreate = 0;
	char path[160], *body;
	struct pe_step *s;
	size_t i;

	for (i = 0; i < tt->n; i++)
		if (tt->v[i].flags & FIELD_NO_CREATE)
			nocreate |= tt->v[i].mask;
	body = tt->encode(obj, tt->all & ~nocreate);
	s = body ? pe_plan_add(p, PE_CREATE, "object", tt->name, label,
			       edit_collection(t), body)
		 : NULL;
	free(body);
	if (!s)
		return false;
	s->undoable = undoable;
	identity(t->res, obj, s);
	if (!rest)
		return true;
	snprintf(path, sizeof(path), "%s/{object.id}", edit_collection(t));
	body = tt->encode(obj, rest);
	s = body ? pe_plan_add(p, PE_PATCH, "object.rest", tt->name, label,
			       path, body)
		 : NULL;
	free(body);
	return s != NULL;
}

enum edit_outcome
edit_create(struct cf_client *c, const struct edit_target *t, const void *obj,
	    const struct edit_options *o, struct edit_result *r)
{
	const struct field_table *tt = fields_table(t->res);
	struct field_ctx cbuf;
	const struct field_ctx *ctx = edit_ctx(o, t, &cbuf);
	struct pe_plan p = { 0 };
	char what[300];
	size_t i;

	memset(r, 0, sizeof(*r));
	edit_what(t->res, obj, what, sizeof(what));
	if (!tt || !edit_collection(t))
		return edit_finish(
			r, EDIT_INVALID, "%s: no %s to create it in", what,
			t->res == FIELD_RES_DNS || t->res == FIELD_RES_LB
				? "zone"
				: "account");
	if (!o->dry_run && !o->journal)
		return edit_finish(r, EDIT_INVALID,
				   "%s: no journal: nothing "
				   "is changed without one",
				   what);
	if (!fields_validate(t->res, obj, ctx, &r->issues))
		return invalid(r, what);
	if (!edit_vars(&p, t) || !edit_add_create(&p, t, obj, what, true)) {
		pe_plan_free(&p);
		return edit_finish(r, EDIT_FAILED, "out of memory");
	}
	edit_run(c, &p, o, what, r);
	for (i = 0; i < p.n; i++) {
		if (p.steps[i].op == PE_CREATE && p.steps[i].id &&
		    p.steps[i].status == PE_VERIFIED)
			r->id = strdup(p.steps[i].id);
		if (p.steps[i].after && p.steps[i].status == PE_VERIFIED) {
			free(r->after);
			r->after = strdup(p.steps[i].after);
		}
	}
	if (r->outcome == EDIT_DONE && r->id)
		edit_say(r, "%s: created (id %s), read back and verified", what,
			 r->id);
	pe_plan_free(&p);
	return r->outcome;
}

/* ---- update -------------------------------------------------------------- */

enum edit_outcome
edit_update(struct cf_client *c, const struct edit_target *t, const void *seen,
	    const void *edited, const struct edit_options *o,
	    struct edit_result *r)
{
	const struct field_table *tt = fields_table(t->res);
	struct field_ctx cbuf;
	const struct field_ctx *ctx = edit_ctx(o, t, &cbuf);
	struct pe_plan p = { 0 };
	struct pe_step *s;
	void *fresh = NULL, *merged = NULL;
	char *fresh_json = NULL, *path = NULL, *body = NULL, tmpl[200];
	char what[300], e[512];
	const char *id = tt ? tt->id(seen) : NULL;
	unsigned mask = 0, elsewhere = 0;
	enum cf_status st;

	memset(r, 0, sizeof(*r));
	edit_what(t->res, seen, what, sizeof(what));
	path = tt ? edit_object_path(t, id) : NULL;
	if (!path)
		return edit_finish(r, EDIT_INVALID,
				   "%s: no id, or no %s, to address it by",
				   what, t->account_id ? "zone" : "account");
	if (!o->dry_run && !o->journal) {
		free(path);
		return edit_finish(r, EDIT_INVALID,
				   "%s: no journal: nothing "
				   "is changed without one",
				   what);
	}
	if (!fields_diff(t->res, seen, edited, &mask, &r->diff)) {
		free(path);
		return edit_finish(r, EDIT_FAILED, "out of memory");
	}
	if (!mask) {
		free(path);
		return edit_finish(r, EDIT_NOOP,
				   "%s: nothing changed; nothing "
				   "sent",
				   what);
	}
	if (!fields_validate_edit(t->res, seen, edited, ctx, &r->issues)) {
		free(path);
		return invalid(r, what);
	}
	/* Read fresh: what the user saw must still be there. */
	st = edit_read(c, t->res, path, &fresh, &fresh_json, &r->err);
	if (st != CF_OK) {
		free(path);
		return edit_finish(
			r,
			st == CF_ERR_NOT_FOUND ? EDIT_NOT_FOUND : EDIT_FAILED,
			"%s: reading it first failed: %s; nothing "
			"was sent",
			what, cf_error_format(&r->err, e, sizeof(e)));
	}
	if (!fields_diff(t->res, seen, fresh, &elsewhere, &r->changed))
		goto oom;
	if (elsewhere) {
		r->fresh = fresh;
		r->fresh_res = t->res;
		free(fresh_json);
		free(path);
		return edit_finish(r, EDIT_CONFLICT,
				   "%s changed since it was read (by someone "
				   "else?):\n%s\nnothing was sent; re-apply "
				   "your change onto this version, or cancel",
				   what, r->changed);
	}
	/* The user's changes onto the fresh object: unknown fields and a
	 * pool's other origins as they are now. */
	if (!fields_rebase(t->res, seen, edited, fresh, &merged))
		goto oom;
	body = edit_patch_body(t->res, merged, mask);
	snprintf(tmpl, sizeof(tmpl), "%s/{object}", edit_collection(t));
	s = body && edit_vars(&p, t) && pe_plan_set_var(&p, "{object}", id)
		    ? pe_plan_add(&p, PE_PATCH, "edit", tt->name, what, tmpl,
				  body)
		    : NULL;
	if (!s)
		goto oom;
	s->id = strdup(id);
	s->expect = cf_json_pick(fresh_json, body);
	s->undo = true;	    /* a failed verify restores what was there */
	s->undoable = true; /* u takes the edit back */
	if (!s->id || !s->expect)
		goto oom;
	edit_run(c, &p, o, what, r);
	if (r->outcome == EDIT_DONE) {
		r->id = strdup(id);
		r->after = s->after ? strdup(s->after) : NULL;
		edit_say(r, "%s: %s\n(read back and verified)", what, r->diff);
	}
	goto out;
oom:
	edit_finish(r, EDIT_FAILED, "%s: out of memory; nothing was sent",
		    what);
out:
	pe_plan_free(&p);
	edit_obj_free(t->res, fresh);
	edit_obj_free(t->res, merged);
	free(fresh_json);
	free(body);
	free(path);
	return r->outcome;
}
