/* toggle_undo.c: undo of this session's newest origin change: read fresh, check against what this session left, set the origin back, PATCH, verify, journal, as a one-step plan. */
#include "cfconsole/toggle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/journal.h"
#include "cfconsole/poollock.h"
#include "cfconsole/xmem.h"
#include "core/blast.h"
#include "core/text.h"
#include "core/toggle_impl.h"

/* Is a a copy of journal record b? */
static bool
same_record(const struct cf_journal_record *a,
	    const struct cf_journal_record *b)
{
	return text_eq(a->time, b->time) && text_eq(a->action, b->action) &&
	       text_eq(a->origin, b->origin) && text_eq(a->before, b->before) &&
	       text_eq(a->after, b->after);
}

/* "HH:MM:SS" of an RFC 3339 time (the whole text if it is not one). */
static const char *
clock_of(const char *t, char *buf, size_t size)
{
	if (t && strlen(t) >= 19 && t[10] == 'T')
		snprintf(buf, size, "%.8s", t + 11);
	else
		snprintf(buf, size, "%s", text_show(t));
	return buf;
}

/*
 * Says who changed pool_id since `since` (RFC 3339): other cfconsole
 * sessions that wrote to the same journal file (this machine's), or,
 * when none did, something outside cfconsole.
 */
static void
who_else(struct journal *j, const char *pool_id, const char *since,
	 struct text_buf *b)
{
	struct journal_list l = { 0 };
	const char *self = journal_session_id(j);
	char err[256], hm[32];
	size_t i, n = 0;

	if (journal_read(journal_path(j), 1000, &l, err, sizeof(err))) {
		for (i = 0; i < l.n; i++) {
			const struct cf_journal_record *r = &l.items[i];

			if (since && r->time && strcmp(r->time, since) < 0)
				break; /* newest first: the rest is older */
			if (!text_eq(r->object_id, pool_id) ||
			    text_eq(r->session, self))
				continue;
			if (n < 3)
				text_printf(b, "%s%s %s at %s (profile %s)",
					    n ? "; " : "another cfconsole: ",
					    text_show(r->action),
					    text_show(r->origin),
					    clock_of(r->time, hm, sizeof(hm)),
					    text_show(r->profile));
			n++;
		}
	}
	journal_list_free(&l);
	if (n > 3)
		text_printf(b, " and %zu more", n - 3);
	if (!n)
		text_printf(b,
			    "something outside this console (not in the "
			    "journal: the dashboard, the API, another tool)");
}

/* ---- undo ------------------------------------------------------------ */

/*
 * The undo itself (toggle.h says what it does): this session's newest
 * change read from the journal, the pool read fresh and checked against
 * what this session left, the origin set back, PATCH, read back, verify,
 * journal. The code of the undo's one plan step (toggle_undo): req is its
 * struct toggle_undo_request.
 */
static enum toggle_outcome
undo_rmw(struct cf_client *c, const void *req, struct toggle_result *res)
{
	const struct toggle_undo_request *ureq = req;
	struct cf_journal_record rec = { 0 };
	struct journal_list own = { 0 };
	const struct cf_journal_record *last = NULL, *later = NULL;
	struct cf_pool expected = { 0 }, target = { 0 }, mine = { 0 },
		       modified = { 0 };
	struct cf_error err = { 0 };
	struct toggle_journal_ctx jc = { 0 };
	struct toggle_request breq = { 0 };
	struct blast_change ch = { -1, false, 0 };
	struct text_buf sb = { 0 };
	char e1[512], what[600], hm[32];
	const char *account_id = ureq ? ureq->account_id : NULL;
	struct journal *j = ureq ? ureq->journal : NULL;
	const struct cf_origin *now_o, *want, *back;
	enum toggle_outcome out;
	int k, ka, kb;
	size_t i;

	memset(res, 0, sizeof(*res));
	if (!c || !j || !account_id)
		return toggle_finish(res, TOGGLE_INVALID,
				     "internal error: incomplete undo request");
	if (!journal_peek_undo(j, &rec))
		return toggle_finish(res, TOGGLE_NOT_FOUND,
				     "nothing to undo in this session");
	snprintf(what, sizeof(what), "undo %s of origin %s in pool %s",
		 text_show(rec.action), text_show(rec.origin),
		 text_show(rec.object_name));
	if (!rec.before || !rec.after || !rec.object_id || !rec.origin ||
	    cf_pool_decode(rec.after, &expected, &err) != CF_OK ||
	    cf_pool_decode(rec.before, &target, &err) != CF_OK) {
		out = toggle_finish(
			res, TOGGLE_INVALID,
			"%s: the journal entry lacks a usable before/after "
			"state",
			what);
		goto out;
	}
	/* What this session last left the pool as: its newest record for
	 * the pool (a later undo, or rec itself). Records after rec are the
	 * session's own later changes. */
	if (!journal_session_records(j, rec.object_id, &own) || !own.n) {
		out = toggle_finish(
			res, TOGGLE_INVALID,
			"%s: this session's journal records are not "
			"available",
			what);
		goto out;
	}
	last = &own.items[0];
	for (i = 0; i < own.n && !same_record(&own.items[i], &rec); i++)
		if (!later && text_eq(own.items[i].origin, rec.origin) &&
		    !text_eq(own.items[i].action, "undo"))
			later = &own.items[i];
	if (!last->after || cf_pool_decode(last->after, &mine, &err) != CF_OK) {
		out = toggle_finish(
			res, TOGGLE_CONFLICT,
			"%s: refused, nothing was changed: what this "
			"console's last change to the pool (%s of %s at "
			"%s) left is unknown (it ended %s); r refreshes, "
			"then check the pool",
			what, text_show(last->action), text_show(last->origin),
			clock_of(last->time, hm, sizeof(hm)),
			text_show(last->outcome));
		goto out;
	}
	if (cf_pool_get(c, account_id, rec.object_id, &res->before, &err) !=
	    CF_OK) {
		cf_error_format(&err, e1, sizeof(e1));
		cf_error_copy(&res->err, &err);
		memset(&res->before, 0, sizeof(res->before));
		out = toggle_finish(
			res,
			err.status == CF_ERR_NOT_FOUND ? TOGGLE_NOT_FOUND
						       : TOGGLE_READ_FAILED,
			"%s: could not read the pool: %s; nothing was "
			"changed",
			what, e1);
		goto out;
	}
	/* Anything that differs from what this session left is somebody
	 * else's (modified_on alone is not: it changes with every write,
	 * and only the fields compared can be overwritten). */
	res->diff = toggle_pool_diff(&mine, &res->before,
				     TOGGLE_DIFF_IGNORE_MODIFIED);
	if (res->diff) {
		who_else(j, rec.object_id, last->time, &sb);
		out = toggle_finish(
			res, TOGGLE_CONFLICT,
			"%s: refused, nothing was changed. Pool %s "
			"changed after this console's last change to it "
			"(%s of %s at %s), by %s:\n%s",
			what, text_show(rec.object_name),
			text_show(last->action), text_show(last->origin),
			clock_of(last->time, hm, sizeof(hm)), sb.s, res->diff);
		goto out;
	}
	k = toggle_find_origin(&res->before, rec.origin);
	ka = toggle_find_origin(&expected, rec.origin);
	kb = toggle_find_origin(&target, rec.origin);
	if (k < 0 || ka < 0 || kb < 0) {
		out = toggle_finish(
			res, k < 0 ? TOGGLE_NOT_FOUND : TOGGLE_INVALID,
			"%s: origin %s is not in %s; nothing was changed", what,
			rec.origin,
			k < 0 ? "the pool any more"
			      : "the journal entry's before/after");
		goto out;
	}
	now_o = &res->before.origins[k];
	want = &expected.origins[ka];
	back = &target.origins[kb];
	if (now_o->enabled != want->enabled ||
	    !toggle_num_eq(now_o->weight, want->weight)) {
		/* Nobody else touched the pool (checked above): this
		 * session changed the origin again, in a way it does not
		 * offer to undo (an unverified write, for one). */
		out = toggle_finish(
			res, TOGGLE_CONFLICT,
			"%s: refused, nothing was changed: this console "
			"changed %s again after that (%s at %s, %s), and "
			"that change cannot be undone; set it by hand "
			"(e) if needed",
			what, rec.origin,
			later ? text_show(later->action) : "a change",
			later ? clock_of(later->time, hm, sizeof(hm)) : "?",
			later ? text_show(later->outcome) : "?");
		goto out;
	}
	/* Only that origin's enabled and weight go back; everything else
	 * stays as read now. */
	if (now_o->enabled != back->enabled)
		ch.enabled = back->enabled ? 1 : 0;
	if (!toggle_num_eq(now_o->weight, back->weight)) {
		ch.has_weight = true;
		ch.weight = back->weight;
	}
	if (ch.enabled < 0 && !ch.has_weight) {
		journal_pop_undo(j);
		out = toggle_finish(
			res, TOGGLE_NOOP,
			"%s: origin %s is already as it was before; "
			"nothing to do",
			what, rec.origin);
		goto out;
	}
	if (blast_change_reduces(now_o, &ch)) {
		breq.account_id = account_id;
		blast_fetch(c, &breq, &res->before, (size_t)k, &ch,
			    &res->blast);
		if ((res->blast.needs_confirm || ureq->confirm_always) &&
		    !(ureq->confirmed &&
		      text_eq(ureq->confirmed_origin, rec.origin))) {
			out = toggle_finish(res, TOGGLE_NEEDS_CONFIRM,
					    "%s needs confirmation:\n%s", what,
					    res->blast.summary);
			goto out;
		}
	} else {
		blast_compute(&res->before, (size_t)k, &ch, NULL, NULL, NULL,
			      NULL, &res->blast);
	}
	if (cf_pool_copy(&modified, &res->before) != CF_OK)
		xmem_fail("copying a pool");
	toggle_apply_change(&modified.origins[k], &ch);
	jc.journal = j;
	jc.account_id = account_id;
	jc.action = "undo";
	jc.origin = rec.origin;
	jc.undoable = false;
	out = toggle_patch_and_verify(c, account_id, &res->before, &modified,
				      what, &jc, res);
	if (out == TOGGLE_DONE)
		journal_pop_undo(j);
	toggle_note_model(ureq->model, res, rec.object_id, rec.origin);
out:
	free(sb.s);
	journal_list_free(&own);
	cf_journal_record_free(&rec);
	cf_pool_free(&expected);
	cf_pool_free(&target);
	cf_pool_free(&mine);
	cf_pool_free(&modified);
	cf_error_clear(&err);
	return out;
}

/* ---- the undo as a one-step plan ------------------------------------ */

enum toggle_outcome
toggle_undo(struct cf_client *c, const struct toggle_undo_request *ureq,
	    struct toggle_result *res)
{
	struct cf_journal_record rec = { 0 };
	struct toggle_step st = { .name = "undo",
				  .run = undo_rmw,
				  .req = ureq };
	struct poollock *lock = NULL;
	enum toggle_outcome out;

	/* The step names the change it will take back (if any). */
	if (ureq) {
		st.journal = ureq->journal;
		st.account_id = ureq->account_id;
		if (journal_peek_undo(ureq->journal, &rec)) {
			st.label = rec.origin;
			st.pool_id = rec.object_id;
		}
	}
	/* An undo is a read-modify-write too: under the pool's lock, whoever
	 * asks (the console's u, toggle_undo_last), so it takes turns with
	 * every other writer of the pool on this machine. */
	if (c && ureq && ureq->account_id && rec.object_id) {
		lock = toggle_lock_pool(c, NULL, ureq->account_id,
					rec.object_id, res);
		if (!lock) {
			cf_journal_record_free(&rec);
			return res->outcome;
		}
	}
	out = toggle_plan_run(c, &st, res);
	poollock_release(lock);
	cf_journal_record_free(&rec);
	return out;
}

enum toggle_outcome
toggle_undo_last(struct cf_client *c, struct journal *j, const char *account_id,
		 struct health_model *model, struct toggle_result *res)
{
	struct toggle_undo_request req = { 0 };

	req.account_id = account_id;
	req.journal = j;
	req.model = model;
	return toggle_undo(c, &req, res);
}
