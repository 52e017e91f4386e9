/* toggle.c: safe read-modify-write of one origin (enable/disable/weight): conflict check, PATCH, verify, journal, as a one-step plan (undo: toggle_undo.c; blast radius: blast.c). */
#include "cfconsole/toggle.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cfconsole/config.h"
#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/plan_engine.h"
#include "cfconsole/poollock.h"
#include "cfconsole/xmem.h"
#include "core/blast.h"
#include "core/text.h"
#include "core/toggle_impl.h"

const char *
toggle_outcome_name(enum toggle_outcome o)
{
	switch (o) {
	case TOGGLE_DONE:
		return "done";
	case TOGGLE_NOOP:
		return "noop";
	case TOGGLE_NEEDS_CONFIRM:
		return "needs_confirm";
	case TOGGLE_CONFLICT:
		return "conflict";
	case TOGGLE_NOT_FOUND:
		return "not_found";
	case TOGGLE_INVALID:
		return "invalid";
	case TOGGLE_READ_FAILED:
		return "read_failed";
	case TOGGLE_WRITE_FAILED:
		return "write_failed";
	case TOGGLE_VERIFY_FAILED:
		return "verify_failed";
	}
	return "unknown";
}

/* ---- diff ------------------------------------------------------------ */

bool
toggle_num_eq(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static void
diff_str(struct text_buf *b, const char *pfx, const char *what, const char *was,
	 const char *now)
{
	if (!text_eq(was, now))
		text_printf(b, "%s%s: %s -> %s\n", pfx, what, text_show(was),
			    text_show(now));
}

static void
diff_bool(struct text_buf *b, const char *pfx, const char *what, bool was,
	  bool now)
{
	if (was != now)
		text_printf(b, "%s%s: %s -> %s\n", pfx, what, text_yesno(was),
			    text_yesno(now));
}

static void
diff_num(struct text_buf *b, const char *pfx, const char *what, double was,
	 double now)
{
	if (!toggle_num_eq(was, now))
		text_printf(b, "%s%s: %g -> %g\n", pfx, what, was, now);
}

static char *
strv_join(const struct cf_strv *v)
{
	struct text_buf b = { 0 };
	size_t i;

	for (i = 0; v && i < v->n; i++)
		text_printf(&b, "%s%s", i ? "," : "", v->v[i] ? v->v[i] : "");
	return text_take(&b);
}

static void
diff_strv(struct text_buf *b, const char *pfx, const char *what,
	  const struct cf_strv *was, const struct cf_strv *now)
{
	char *a = strv_join(was), *c = strv_join(now);

	if (strcmp(a, c) != 0)
		text_printf(b, "%s%s: [%s] -> [%s]\n", pfx, what, a, c);
	free(a);
	free(c);
}

/* Finds the origin of `p` that corresponds to `o` (by name, else address). */
static int
match_origin(const struct cf_pool *p, const struct cf_origin *o)
{
	size_t i;

	for (i = 0; i < p->norigins; i++) {
		const struct cf_origin *c = &p->origins[i];

		if (o->name ? (c->name && strcmp(c->name, o->name) == 0)
			    : (!c->name && text_eq(c->address, o->address)))
			return (int)i;
	}
	return -1;
}

static void
diff_origin(struct text_buf *b, const struct cf_origin *was,
	    const struct cf_origin *now)
{
	char pfx[300];

	snprintf(pfx, sizeof(pfx), "origin %s: ", blast_origin_label(was));
	diff_str(b, pfx, "address", was->address, now->address);
	diff_bool(b, pfx, "enabled", was->enabled, now->enabled);
	diff_num(b, pfx, "weight", was->weight, now->weight);
	diff_strv(b, pfx, "Host header", &was->header_host, &now->header_host);
	diff_str(b, pfx, "virtual_network_id", was->virtual_network_id,
		 now->virtual_network_id);
}

char *
toggle_pool_diff(const struct cf_pool *was, const struct cf_pool *now,
		 unsigned flags)
{
	struct text_buf b = { 0 };
	const char *pp = "pool ";
	size_t i;
	int last = -1;
	bool reordered = false;

	if (!was || !now)
		return xstrdup("pool missing");
	diff_str(&b, pp, "id", was->id, now->id);
	diff_str(&b, pp, "name", was->name, now->name);
	diff_str(&b, pp, "description", was->description, now->description);
	diff_bool(&b, pp, "enabled", was->enabled, now->enabled);
	diff_num(&b, pp, "minimum_origins", was->minimum_origins,
		 now->minimum_origins);
	diff_str(&b, pp, "monitor", was->monitor, now->monitor);
	diff_str(&b, pp, "origin_steering_policy", was->origin_steering_policy,
		 now->origin_steering_policy);
	diff_str(&b, pp, "notification_email", was->notification_email,
		 now->notification_email);
	if (was->has_check_regions != now->has_check_regions)
		text_printf(&b, "pool check_regions: %s -> %s\n",
			    was->has_check_regions ? "set" : "all",
			    now->has_check_regions ? "set" : "all");
	diff_strv(&b, pp, "check_regions", &was->check_regions,
		  &now->check_regions);
	diff_num(&b, pp, "load_shedding.default_percent",
		 was->ls_default_percent, now->ls_default_percent);
	diff_num(&b, pp, "load_shedding.session_percent",
		 was->ls_session_percent, now->ls_session_percent);
	diff_str(&b, pp, "load_shedding.default_policy", was->ls_default_policy,
		 now->ls_default_policy);
	diff_str(&b, pp, "load_shedding.session_policy", was->ls_session_policy,
		 now->ls_session_policy);
	if (was->has_latitude != now->has_latitude ||
	    (was->has_latitude &&
	     !toggle_num_eq(was->latitude, now->latitude)) ||
	    was->has_longitude != now->has_longitude ||
	    (was->has_longitude &&
	     !toggle_num_eq(was->longitude, now->longitude)))
		text_printf(&b, "pool latitude/longitude changed\n");

	for (i = 0; i < was->norigins; i++) {
		int k = match_origin(now, &was->origins[i]);

		if (k < 0) {
			text_printf(&b, "origin %s (%s) removed\n",
				    blast_origin_label(&was->origins[i]),
				    text_show(was->origins[i].address));
			continue;
		}
		if (k < last)
			reordered = true;
		last = k;
		diff_origin(&b, &was->origins[i], &now->origins[k]);
	}
	for (i = 0; i < now->norigins; i++)
		if (match_origin(was, &now->origins[i]) < 0)
			text_printf(&b, "origin %s (%s) added\n",
				    blast_origin_label(&now->origins[i]),
				    text_show(now->origins[i].address));
	if (reordered)
		text_printf(&b, "origin order changed\n");
	if (b.len == 0 && !(flags & TOGGLE_DIFF_IGNORE_MODIFIED) &&
	    was->modified_on && now->modified_on &&
	    strcmp(was->modified_on, now->modified_on) != 0)
		text_printf(&b,
			    "pool modified elsewhere at %s (in fields this "
			    "console does not show)\n",
			    now->modified_on);
	if (b.len == 0) {
		free(b.s);
		return NULL;
	}
	/* Drop the final newline: callers add their own framing. */
	b.s[--b.len] = '\0';
	return b.s;
}

int
toggle_find_origin(const struct cf_pool *p, const char *name_or_address)
{
	size_t i;
	int found = -1;

	if (!p || !name_or_address)
		return -1;
	for (i = 0; i < p->norigins; i++)
		if (p->origins[i].name &&
		    strcmp(p->origins[i].name, name_or_address) == 0)
			return (int)i;
	for (i = 0; i < p->norigins; i++) {
		if (p->origins[i].address &&
		    strcasecmp(p->origins[i].address, name_or_address) == 0) {
			if (found >= 0)
				return -2;
			found = (int)i;
		}
	}
	return found;
}

/* ---- the toggle ------------------------------------------------------ */

void
toggle_result_free(struct toggle_result *res)
{
	if (!res)
		return;
	free(res->message);
	free(res->diff);
	toggle_blast_free(&res->blast);
	cf_pool_free(&res->before);
	cf_pool_free(&res->after);
	cf_error_clear(&res->err);
	free(res->request_method);
	free(res->request_path);
	free(res->request_body);
	memset(res, 0, sizeof(*res));
}

enum toggle_outcome
toggle_finish(struct toggle_result *res, enum toggle_outcome o, const char *fmt,
	      ...)
{
	va_list ap;
	int n;

	res->outcome = o;
	free(res->message);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	res->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	res->message[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(res->message, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return o;
}

static const char *
errline(const struct cf_error *err, char *buf, size_t size)
{
	return cf_error_format(err, buf, size);
}

static const char *
action_name(const struct blast_change *ch)
{
	if (ch->has_weight && ch->enabled < 0)
		return "origin.weight";
	if (ch->has_weight)
		return "origin.edit";
	return ch->enabled ? "origin.enable" : "origin.disable";
}

/* Does origin `o` already carry the requested values? */
static bool
origin_has(const struct cf_origin *o, const struct blast_change *ch)
{
	return (ch->enabled < 0 || o->enabled == (ch->enabled == 1)) &&
	       (!ch->has_weight || toggle_num_eq(o->weight, ch->weight));
}

void
toggle_apply_change(struct cf_origin *o, const struct blast_change *ch)
{
	blast_values_after(o, ch, &o->enabled, &o->weight);
}

/* Appends one journal record for a PATCH that was sent; a journal failure
 * is added to the message (the change itself stands). */
static void
journal_patch(const struct toggle_journal_ctx *jc, struct toggle_result *res,
	      const struct cf_pool *before, const struct cf_pool *after)
{
	struct cf_journal_record r = { 0 };
	char path[512], errbuf[256];

	if (!jc->journal)
		return;
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 text_show(jc->account_id), text_show(before->id));
	r.kind = (char *)(uintptr_t) "pool";
	r.object_id = before->id;
	r.object_name = before->name;
	r.action = (char *)(uintptr_t)jc->action;
	r.origin = (char *)(uintptr_t)jc->origin;
	r.method = (char *)(uintptr_t) "PATCH";
	r.path = path;
	r.body = (char *)(uintptr_t)jc->body;
	r.before = before->raw;
	r.after = after && after->raw ? after->raw : NULL;
	r.outcome = (char *)(uintptr_t)toggle_outcome_name(res->outcome);
	r.message = res->message;
	if (!journal_append(jc->journal, &r,
			    jc->undoable && res->outcome == TOGGLE_DONE, errbuf,
			    sizeof(errbuf))) {
		struct text_buf m = { 0 };

		text_printf(&m, "%s\n(journal: %s)", res->message, errbuf);
		free(res->message);
		res->message = text_take(&m);
	}
}

/* Records in res the PATCH of `body` to pool_id that is (or would be) sent. */
static void
note_request(struct toggle_result *res, const char *account_id,
	     const char *pool_id, const char *body)
{
	struct text_buf b = { 0 };

	free(res->request_method);
	free(res->request_path);
	free(res->request_body);
	text_printf(&b, "/accounts/%s/load_balancers/pools/%s",
		    text_show(account_id), text_show(pool_id));
	res->request_path = text_take(&b);
	res->request_method = xstrdup("PATCH");
	res->request_body = xstrdup(body);
}

/*
 * Does pool `now` still carry the change to origin `origin` (name or
 * address) that `modified` asked for (its enabled and weight)? False
 * when the origin cannot be found in either.
 */
static bool
change_holds(const struct cf_pool *modified, const struct cf_pool *now,
	     const char *origin)
{
	int a = toggle_find_origin(modified, origin);
	int b = toggle_find_origin(now, origin);

	return a >= 0 && b >= 0 &&
	       modified->origins[a].enabled == now->origins[b].enabled &&
	       toggle_num_eq(modified->origins[a].weight,
			     now->origins[b].weight);
}

/* PATCHes `modified` (origins only), then verifies against it (see
 * toggle_impl.h). Shared by toggle_run and toggle_undo. */
enum toggle_outcome
toggle_patch_and_verify(struct cf_client *c, const char *account_id,
			const struct cf_pool *fresh,
			const struct cf_pool *modified, const char *what,
			const struct toggle_journal_ctx *jc,
			struct toggle_result *res)
{
	struct cf_pool patched = { 0 }, reread = { 0 };
	struct cf_error err = { 0 }, err2 = { 0 };
	char e1[512], e2[512];
	char *body = cf_pool_encode(modified, CF_POOL_F_ORIGINS);
	struct toggle_journal_ctx j = *jc;
	enum toggle_outcome o;

	if (!body)
		xmem_fail("encoding a pool");
	j.body = body;
	note_request(res, account_id, fresh->id, body);
	if (cf_pool_patch(c, account_id, fresh->id, modified, CF_POOL_F_ORIGINS,
			  &patched, &err) != CF_OK) {
		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		/* A failed PATCH may still have reached the server (a dropped
		 * answer, a timeout): look before saying nothing changed. */
		if (cf_pool_get(c, account_id, fresh->id, &reread, &err2) !=
		    CF_OK) {
			res->applied = -1;
			errline(&err2, e2, sizeof(e2));
			o = toggle_finish(
				res, TOGGLE_WRITE_FAILED,
				"%s: the PATCH failed (%s) and the pool "
				"could not be re-read (%s): the change MAY "
				"have been applied; check the pool before "
				"retrying",
				what, e1, e2);
		} else {
			char *d = toggle_pool_diff(modified, &reread,
						   TOGGLE_DIFF_IGNORE_MODIFIED);
			char *d0 = toggle_pool_diff(
				fresh, &reread, TOGGLE_DIFF_IGNORE_MODIFIED);

			if (!d) {
				res->applied = 1;
				o = toggle_finish(
					res, TOGGLE_WRITE_FAILED,
					"%s: the PATCH reported an error "
					"(%s) but the pool shows the change "
					"applied",
					what, e1);
			} else if (!d0) {
				res->applied = 0;
				o = toggle_finish(
					res, TOGGLE_WRITE_FAILED,
					"%s failed: %s; nothing was changed",
					what, e1);
			} else {
				res->applied = -1;
				o = toggle_finish(
					res, TOGGLE_WRITE_FAILED,
					"%s: the PATCH failed (%s) and the "
					"pool now differs from before:\n%s",
					what, e1, d0);
				res->diff = d0;
				d0 = NULL;
			}
			free(d);
			free(d0);
			cf_pool_free(&res->after);
			res->after = reread;
			memset(&reread, 0, sizeof(reread));
		}
		if (res->applied != 0)
			journal_patch(&j, res, fresh,
				      res->after.id ? &res->after : NULL);
		goto out;
	}
	res->applied = 1;
	if (cf_pool_get(c, account_id, fresh->id, &reread, &err2) != CF_OK) {
		errline(&err2, e2, sizeof(e2));
		cf_error_copy(&res->err, &err2);
		o = toggle_finish(
			res, TOGGLE_VERIFY_FAILED,
			"%s: the PATCH succeeded but re-reading the pool "
			"to verify failed (%s): the change is applied but "
			"unverified",
			what, e2);
		journal_patch(&j, res, fresh, &patched);
		goto out;
	}
	cf_pool_free(&res->after);
	res->after = reread;
	memset(&reread, 0, sizeof(reread));
	res->diff = toggle_pool_diff(modified, &res->after,
				     TOGGLE_DIFF_IGNORE_MODIFIED);
	if (res->diff && jc->origin &&
	    change_holds(modified, &res->after, jc->origin)) {
		/* Ours is there; someone else wrote other origins after. */
		o = toggle_finish(
			res, TOGGLE_DONE,
			"%s: done (verified); the pool was also changed "
			"by someone else meanwhile:\n%s",
			what, res->diff);
	} else if (res->diff && jc->origin &&
		   change_holds(modified, &patched, jc->origin)) {
		/* The API answered the PATCH with our change in place, yet
		 * the pool read back has lost it: a write after ours. */
		o = toggle_finish(
			res, TOGGLE_VERIFY_FAILED,
			"%s: the PATCH succeeded but the change was UNDONE "
			"(most likely by someone else's write after ours); "
			"the pool read back differs from what was "
			"written:\n%s",
			what, res->diff);
	} else if (res->diff) {
		o = toggle_finish(
			res, TOGGLE_VERIFY_FAILED,
			"%s: the PATCH succeeded but the pool does not look "
			"as expected afterwards:\n%s",
			what, res->diff);
	} else {
		o = toggle_finish(res, TOGGLE_DONE, "%s: done (verified)",
				  what);
	}
	journal_patch(&j, res, fresh, &res->after);
out:
	cf_pool_free(&patched);
	cf_pool_free(&reread);
	cf_error_clear(&err);
	cf_error_clear(&err2);
	free(body);
	return o;
}

void
toggle_note_model(struct health_model *m, const struct toggle_result *res,
		  const char *pool_id, const char *origin)
{
	char *nl, line[512];

	if (!m || !res->message)
		return;
	snprintf(line, sizeof(line), "%s", res->message);
	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	health_model_note(m, pool_id, origin, line, time(NULL));
}

/*
 * Reads the pool once more right before the write: the blast radius took
 * requests since res->before was read, and the PATCH must replace the
 * array as it is now. A pool that changed meanwhile is a conflict (nothing
 * written). Returns TOGGLE_DONE to go on, with res->before the new read
 * and *idx the target in it; else the outcome to report.
 */
static enum toggle_outcome
reread_before_write(struct cf_client *c, const struct toggle_request *req,
		    struct toggle_result *res, int *idx)
{
	struct cf_pool now = { 0 };
	struct cf_error err = { 0 };
	char e1[512];
	char *d;

	if (cf_pool_get(c, req->account_id, res->before.id, &now, &err) !=
	    CF_OK) {
		enum toggle_outcome oc = err.status == CF_ERR_NOT_FOUND
						 ? TOGGLE_NOT_FOUND
						 : TOGGLE_READ_FAILED;

		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		cf_error_clear(&err);
		return toggle_finish(
			res, oc,
			"could not read pool %s again before writing: "
			"%s; nothing was changed",
			text_show(res->before.name), e1);
	}
	d = toggle_pool_diff(&res->before, &now, 0);
	if (d) {
		free(res->diff);
		res->diff = d;
		cf_pool_free(&res->before);
		res->before = now;
		return toggle_finish(
			res, TOGGLE_CONFLICT,
			"pool %s was changed by someone else while this "
			"change was prepared; nothing was changed. "
			"Differences:\n%s",
			text_show(res->before.name), res->diff);
	}
	cf_pool_free(&res->before);
	res->before = now;
	*idx = toggle_find_origin(&res->before, req->origin);
	return TOGGLE_DONE;
}

/* Stops a dry run before the write: what would be sent, and the result. */
static enum toggle_outcome
dry_run_stop(const struct toggle_request *req, struct toggle_result *res,
	     const struct cf_pool *modified, const char *what)
{
	char *body = cf_pool_encode(modified, CF_POOL_F_ORIGINS);

	if (!body)
		xmem_fail("encoding a pool");
	note_request(res, req->account_id, res->before.id, body);
	free(body);
	cf_pool_free(&res->after);
	if (cf_pool_copy(&res->after, modified) != CF_OK)
		xmem_fail("copying a pool");
	res->dry_run = true;
	res->applied = 0;
	return toggle_finish(res, TOGGLE_NOOP,
			     "dry run: would %s (PATCH %s); nothing was sent",
			     what, res->request_path);
}

/* One read-modify-write; toggle_run holds the pool's lock around it. */
static enum toggle_outcome
toggle_run_once(struct cf_client *c, const struct toggle_request *req,
		struct toggle_result *res)
{
	struct cf_error err = { 0 };
	struct cf_pool modified = { 0 };
	char e1[512], what[600];
	int idx;
	const struct cf_origin *o;
	struct toggle_journal_ctx jc = { 0 };
	struct blast_change ch;
	enum toggle_outcome out;
	unsigned long sent_at_read;

	memset(res, 0, sizeof(*res));
	if (!c || !req || !req->account_id || !req->seen || !req->origin ||
	    !req->seen->id)
		return toggle_finish(
			res, TOGGLE_INVALID,
			"internal error: incomplete toggle request");
	if (req->readonly)
		return toggle_finish(
			res, TOGGLE_INVALID,
			"read-only session: origin changes are "
			"disabled (--readonly or profile readonly)");
	ch = blast_change_of(req->op, req->weight, req->edit_enabled,
			     req->edit_weight);
	if (ch.has_weight &&
	    (!isfinite(ch.weight) || ch.weight < 0 || ch.weight > 1))
		return toggle_finish(res, TOGGLE_INVALID,
				     "weight must be a number from 0 to 1");
	if (!ch.has_weight && ch.enabled < 0)
		return toggle_finish(res, TOGGLE_INVALID,
				     "nothing to change: give a weight and/or "
				     "enabled");

	if (cf_pool_get(c, req->account_id, req->seen->id, &res->before,
			&err) != CF_OK) {
		enum toggle_outcome oc = err.status == CF_ERR_NOT_FOUND
						 ? TOGGLE_NOT_FOUND
						 : TOGGLE_READ_FAILED;

		errline(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		cf_error_clear(&err);
		memset(&res->before, 0, sizeof(res->before));
		return toggle_finish(res, oc,
				     "could not read pool %s: %s; nothing was "
				     "changed",
				     text_show(req->seen->name), e1);
	}
	sent_at_read = cf_client_requests(c);
	res->diff = req->fresh_state
			    ? NULL
			    : toggle_pool_diff(req->seen, &res->before, 0);
	if (res->diff)
		return toggle_finish(
			res, TOGGLE_CONFLICT,
			"pool %s changed since it was shown; nothing was "
			"changed. Refresh and try again. Differences:\n%s",
			text_show(res->before.name), res->diff);
	idx = toggle_find_origin(&res->before, req->origin);
	if (idx == -2)
		return toggle_finish(
			res, TOGGLE_INVALID,
			"address %s matches several origins of pool %s: "
			"use the origin's name",
			req->origin, text_show(res->before.name));
	if (idx < 0)
		return toggle_finish(res, TOGGLE_NOT_FOUND,
				     "pool %s has no origin named %s",
				     text_show(res->before.name), req->origin);
	o = &res->before.origins[idx];
	if (ch.has_weight && ch.enabled >= 0)
		snprintf(what, sizeof(what),
			 "%s origin %s in pool %s with weight %g",
			 ch.enabled ? "enable" : "disable",
			 blast_origin_label(o), text_show(res->before.name),
			 ch.weight);
	else if (ch.has_weight)
		snprintf(what, sizeof(what),
			 "set weight of origin %s in pool %s to %g",
			 blast_origin_label(o), text_show(res->before.name),
			 ch.weight);
	else
		snprintf(what, sizeof(what), "%s origin %s in pool %s",
			 ch.enabled ? "enable" : "disable",
			 blast_origin_label(o), text_show(res->before.name));
	if (origin_has(o, &ch))
		return toggle_finish(
			res, TOGGLE_NOOP,
			"origin %s in pool %s is already %s; nothing "
			"to do",
			blast_origin_label(o), text_show(res->before.name),
			ch.has_weight && ch.enabled < 0 ? "at that weight"
			: ch.has_weight			? "so"
			: ch.enabled			? "enabled"
							: "disabled");

	if (blast_change_reduces(o, &ch))
		blast_fetch(c, req, &res->before, (size_t)idx, &ch,
			    &res->blast);
	else
		blast_compute(&res->before, (size_t)idx, &ch, NULL, NULL, NULL,
			      NULL, &res->blast);
	if ((res->blast.needs_confirm ||
	     (req->confirm_always && blast_change_reduces(o, &ch))) &&
	    !req->confirmed)
		return toggle_finish(res, TOGGLE_NEEDS_CONFIRM,
				     "%s needs confirmation:\n%s", what,
				     res->blast.summary);

	/* Requests went out since the read (the blast radius): read again,
	 * so that nothing but one round trip separates the GET that the
	 * PATCH is built from and the PATCH. */
	if (!req->dry_run && cf_client_requests(c) != sent_at_read) {
		out = reread_before_write(c, req, res, &idx);
		if (out != TOGGLE_DONE)
			return out;
		o = &res->before.origins[idx];
	}
	if (cf_pool_copy(&modified, &res->before) != CF_OK)
		xmem_fail("copying a pool");
	toggle_apply_change(&modified.origins[idx], &ch);
	if (req->dry_run) {
		out = dry_run_stop(req, res, &modified, what);
		cf_pool_free(&modified);
		return out;
	}
	jc.journal = req->journal;
	jc.account_id = req->account_id;
	jc.action = action_name(&ch);
	jc.origin = o->name ? o->name : o->address;
	jc.undoable = true;
	out = toggle_patch_and_verify(c, req->account_id, &res->before,
				      &modified, what, &jc, res);
	cf_pool_free(&modified);
	toggle_note_model(req->model, res, res->before.id, jc.origin);
	return out;
}

/* Longest wait for another writer of the same pool on this machine. */
#define TOGGLE_LOCK_WAIT_S 60.0

/*
 * Takes pool_id's lock (poollock.h) in dir (NULL: the default directory)
 * for client c's API and account_id. On failure fills res (zeroed) with
 * the outcome to report and returns NULL.
 */
struct poollock *
toggle_lock_pool(struct cf_client *c, const char *dir, const char *account_id,
		 const char *pool_id, struct toggle_result *res)
{
	char scope[1024], msg[1024];
	char *d = dir ? xstrdup(dir)
		      : poollock_default_dir(config_env_process, NULL);
	struct poollock *lock = NULL;
	enum poollock_status ls;

	snprintf(scope, sizeof(scope), "%s\n%s", cf_client_base_url(c),
		 account_id);
	ls = d ? poollock_acquire(d, scope, pool_id, TOGGLE_LOCK_WAIT_S, &lock,
				  msg, sizeof(msg))
	       : POOLLOCK_ERROR;
	if (ls != POOLLOCK_OK) {
		memset(res, 0, sizeof(*res));
		toggle_finish(res,
			      ls == POOLLOCK_BUSY ? TOGGLE_CONFLICT
						  : TOGGLE_INVALID,
			      "%s; nothing was changed%s",
			      d ? msg
				: "no directory for the pool lock (set "
				  "XDG_RUNTIME_DIR, XDG_STATE_HOME or HOME)",
			      ls == POOLLOCK_BUSY ? ": try again" : "");
	}
	free(d);
	return lock;
}

/*
 * Whether the attempt in res may be made again, afresh: the API answered
 * the PATCH with an error a retry can help with (429, 5xx) and the pool
 * shows it did not apply (applied 0), or (fresh_state) the pool changed
 * between our reads, by a writer elsewhere. A PATCH that got no answer at
 * all (timeout, dropped connection) is never retried: the server may still
 * act on it later, over a retry.
 */
static bool
retry_afresh(const struct toggle_request *req, const struct toggle_result *res)
{
	if (res->outcome == TOGGLE_WRITE_FAILED)
		return res->applied == 0 && res->err.retryable &&
		       res->err.http_status != 0;
	return res->outcome == TOGGLE_CONFLICT && req->fresh_state;
}

/*
 * The whole safe change, under the pool's lock: read fresh, conflict
 * check, blast radius, reread before the PATCH, PATCH, verify, journal;
 * a refused PATCH that did not apply starts again afresh. The code of the
 * toggle's one plan step (toggle_run): vreq is its struct toggle_request.
 */
static enum toggle_outcome
toggle_rmw(struct cf_client *c, const void *vreq, struct toggle_result *res)
{
	const struct toggle_request *req = vreq;
	enum toggle_outcome out;
	int attempt;

	/* Refusals before any request, and dry runs, need no lock. */
	if (!c || !req || !req->account_id || !req->seen || !req->seen->id ||
	    !req->origin || req->readonly || req->dry_run)
		return toggle_run_once(c, req, res);
	for (attempt = 1;; attempt++) {
		struct poollock *lock = toggle_lock_pool(
			c, req->lock_dir, req->account_id, req->seen->id, res);

		if (!lock) {
			out = res->outcome;
			break;
		}
		out = toggle_run_once(c, req, res);
		poollock_release(lock);
		res->attempts = attempt;
		/* Never the same PATCH again: a whole new read-modify-write,
		 * after the client's backoff, without the lock meanwhile. */
		if (!retry_afresh(req, res) ||
		    !cf_client_backoff(c, attempt, res->err.retry_after))
			break;
		toggle_result_free(res);
	}
	if (res->attempts > 1) {
		struct text_buf m = { 0 };

		text_printf(&m,
			    "%s\n(attempt %d: every earlier attempt left "
			    "the pool unchanged; each one read it afresh)",
			    res->message, res->attempts);
		free(res->message);
		res->message = text_take(&m);
	}
	return out;
}

/* ---- a change as a one-step plan ------------------------------------ */

struct toggle_call {
	const struct toggle_step *st;
	struct toggle_result *res;
};

/* The plan engine's PE_CALL run: the change's code, its result as a
 * step's. */
static bool
call_run(struct cf_client *c, struct pe_step *s, void *ud, struct cf_error *err,
	 char *why, size_t size)
{
	struct toggle_call *tc = ud;
	struct toggle_result *res = tc->res;
	enum toggle_outcome o = tc->st->run(c, tc->st->req, res);
	const char *msg = res->message ? res->message : "";

	snprintf(why, size, "%.*s", (int)strcspn(msg, "\n"), msg);
	if (o == TOGGLE_DONE || o == TOGGLE_NOOP)
		return true;
	/* What the engine may believe of the pool after a failure. */
	s->status = res->applied == 1	? PE_APPLIED
		    : res->applied == 0 ? PE_PENDING
					: PE_SENDING;
	cf_error_copy(err, &res->err);
	return false;
}

/* A change is not taken back by a plan: toggle_undo does that, on
 * purpose, as a change of its own. */
static const struct pe_call toggle_call_ops = {
	.run = call_run,
	.undo = NULL,
};

enum toggle_outcome
toggle_plan_run(struct cf_client *c, const struct toggle_step *st,
		struct toggle_result *res)
{
	struct toggle_call tc = { .st = st, .res = res };
	struct pe_plan plan = { 0 };
	/* The caller's client keeps its own cancel flag; the journal is the
	 * step's to write (optional, as toggle.h says). */
	struct pe_options po = { .journal = st->journal,
				 .keep_client_cancel = true };
	struct pe_report rep = { 0 };
	struct pe_step *s;
	char path[512] = "";

	if (st->account_id && st->pool_id)
		snprintf(path, sizeof(path),
			 "/accounts/%s/load_balancers/pools/%s", st->account_id,
			 st->pool_id);
	s = pe_plan_add(&plan, PE_CALL, st->name, "pool",
			st->label ? st->label : "origin", path, NULL);
	if (!s)
		xmem_fail("planning an origin change");
	s->call = &toggle_call_ops;
	s->call_ud = &tc;
	pe_apply(c, &plan, &po, st->hooks, &rep);
	pe_report_free(&rep);
	pe_plan_free(&plan);
	return res->outcome;
}

enum toggle_outcome
toggle_run(struct cf_client *c, const struct toggle_request *req,
	   struct toggle_result *res)
{
	struct toggle_step st = { .name = "toggle",
				  .run = toggle_rmw,
				  .req = req };

	if (req) {
		st.journal = req->journal;
		st.label = req->origin;
		st.account_id = req->account_id;
		st.pool_id = req->seen ? req->seen->id : NULL;
	}
	return toggle_plan_run(c, &st, res);
}
