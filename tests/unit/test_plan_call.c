/* test_plan_call.c: the plan engine's PE_CALL steps (code, not data: the safe toggle's kind): order, failure, reverse-order undo, left, journal rule, the client's cancel flag. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cf/client_priv.h"
#include "cfconsole/cf_client.h"
#include "cfconsole/plan_engine.h"

/* What the steps' code did, in order: "run:a undo:a ..." */
static char trace[256];

struct fake_step {
	const char *name;
	bool fail;	      /* run fails */
	enum pe_status after; /* status it leaves when it fails */
	bool undo_fails;
	int runs, undos;
};

static void
note(const char *what, const char *name)
{
	size_t n = strlen(trace);

	snprintf(trace + n, sizeof(trace) - n, "%s%s:%s", n ? " " : "", what,
		 name);
}

static bool
fake_run(struct cf_client *c, struct pe_step *s, void *ud, struct cf_error *err,
	 char *why, size_t size)
{
	struct fake_step *f = ud;

	(void)c;
	f->runs++;
	note("run", f->name);
	if (!f->fail) {
		snprintf(why, size, "%s done", f->name);
		return true;
	}
	s->status = f->after;
	cf_error_set(err, CF_ERR_CONFLICT, "%s: refused", f->name);
	snprintf(why, size, "%s failed", f->name);
	return false;
}

static bool
fake_undo(struct cf_client *c, struct pe_step *s, void *ud, char *why,
	  size_t size)
{
	struct fake_step *f = ud;

	(void)c;
	(void)s;
	f->undos++;
	note("undo", f->name);
	if (f->undo_fails)
		snprintf(why, size, "%s: cannot undo", f->name);
	return !f->undo_fails;
}

static const struct pe_call with_undo = { .run = fake_run, .undo = fake_undo };
static const struct pe_call no_undo = { .run = fake_run, .undo = NULL };

static struct cf_client *
client(void)
{
	struct cf_client_options o = {
		.base_url = "https://api.example.com/client/v4",
	};
	struct cf_error e = { 0 };
	struct cf_client *c = cf_client_new(&o, &e);

	assert_non_null(c);
	return c;
}

static void
add(struct pe_plan *p, struct fake_step *f, const struct pe_call *ops)
{
	struct pe_step *s =
		pe_plan_add(p, PE_CALL, f->name, "pool", f->name, "/x", NULL);

	assert_non_null(s);
	s->call = ops;
	s->call_ud = f;
}

/* Every step runs in order; no journal needed: PE_CALL journals itself. */
static void
test_all_ok(void **state)
{
	struct fake_step a = { .name = "a" }, b = { .name = "b" };
	struct pe_plan p = { 0 };
	struct pe_options o = { 0 };
	struct pe_report r = { 0 };
	struct cf_client *c = client();

	(void)state;
	trace[0] = '\0';
	add(&p, &a, &with_undo);
	add(&p, &b, &with_undo);
	assert_int_equal(pe_apply(c, &p, &o, NULL, &r), PE_OK);
	assert_string_equal(trace, "run:a run:b");
	assert_int_equal(p.steps[0].status, PE_VERIFIED);
	assert_int_equal(p.steps[1].status, PE_VERIFIED);
	assert_int_equal(r.failed_step, -1);
	pe_report_free(&r);
	pe_plan_free(&p);
	cf_client_free(c);
}

/* A failure undoes what ran before it, last first; the failed step
 * itself is undone only when it may have applied. */
static void
test_failure_rolls_back(void **state)
{
	struct fake_step a = { .name = "a" }, b = { .name = "b" },
			 x = { .name = "x", .fail = true, .after = PE_PENDING };
	struct pe_plan p = { 0 };
	struct pe_options o = { 0 };
	struct pe_report r = { 0 };
	struct cf_client *c = client();

	(void)state;
	trace[0] = '\0';
	add(&p, &a, &with_undo);
	add(&p, &b, &with_undo);
	add(&p, &x, &with_undo);
	assert_int_equal(pe_apply(c, &p, &o, NULL, &r), PE_ROLLED_BACK);
	assert_string_equal(trace, "run:a run:b run:x undo:b undo:a");
	assert_int_equal(r.failed_step, 2);
	assert_string_equal(r.message, "x: x failed");
	assert_int_equal(r.err.status, CF_ERR_CONFLICT);
	assert_int_equal(p.steps[0].status, PE_UNDONE);
	assert_int_equal(p.steps[2].status, PE_PENDING);
	pe_report_free(&r);
	pe_plan_free(&p);
	cf_client_free(c);
}

/* A step that may have applied and has no undo is reported as left. */
static void
test_no_undo_is_left(void **state)
{
	struct fake_step x = { .name = "x", .fail = true, .after = PE_APPLIED };
	struct pe_plan p = { 0 };
	struct pe_options o = { 0 };
	struct pe_report r = { 0 };
	struct cf_client *c = client();

	(void)state;
	trace[0] = '\0';
	add(&p, &x, &no_undo);
	assert_int_equal(pe_apply(c, &p, &o, NULL, &r), PE_INCOMPLETE);
	assert_string_equal(trace, "run:x");
	assert_int_equal(r.nleft, 1);
	assert_string_equal(r.left[0].method, "CALL");
	assert_string_equal(r.left[0].path, "/x");
	assert_int_equal(p.steps[0].status, PE_LEFT);
	pe_report_free(&r);
	pe_plan_free(&p);
	cf_client_free(c);
}

/* A plan with a data step still needs a journal: refused, nothing run. */
static void
test_mixed_plan_needs_journal(void **state)
{
	struct fake_step a = { .name = "a" };
	struct pe_plan p = { 0 };
	struct pe_options o = { 0 };
	struct pe_report r = { 0 };
	struct cf_client *c = client();

	(void)state;
	trace[0] = '\0';
	add(&p, &a, &with_undo);
	assert_non_null(
		pe_plan_add(&p, PE_DELETE, "d", "pool", "d", "/y", NULL));
	assert_int_equal(pe_apply(c, &p, &o, NULL, &r), PE_REFUSED);
	assert_string_equal(trace, "");
	pe_report_free(&r);
	pe_plan_free(&p);
	cf_client_free(c);
}

/* The cancel flag: checked between steps; with keep_client_cancel the
 * client's own flag is left alone (the toggle's caller owns it). */
static atomic_bool *cancel_at_run;

static bool
cancelling_run(struct cf_client *c, struct pe_step *s, void *ud,
	       struct cf_error *err, char *why, size_t size)
{
	atomic_store(cancel_at_run, true);
	return fake_run(c, s, ud, err, why, size);
}

static const struct pe_call cancelling = { .run = cancelling_run,
					   .undo = fake_undo };

static void
test_cancel_between_steps(void **state)
{
	struct fake_step a = { .name = "a" }, b = { .name = "b" };
	struct pe_plan p = { 0 };
	atomic_bool cancel = false, own = false;
	struct pe_options o = { .cancel = &cancel, .keep_client_cancel = true };
	struct pe_report r = { 0 };
	struct cf_client *c = client();

	(void)state;
	trace[0] = '\0';
	cancel_at_run = &cancel;
	cf_client_set_cancel(c, &own);
	add(&p, &a, &cancelling);
	add(&p, &b, &with_undo);
	assert_int_equal(pe_apply(c, &p, &o, NULL, &r), PE_ROLLED_BACK);
	assert_true(r.cancelled);
	assert_string_equal(trace, "run:a undo:a");
	assert_int_equal(b.runs, 0);
	/* The client still answers to its own flag, not the plan's. */
	atomic_store(&own, true);
	assert_true(cf_client_cancelled(c));
	pe_report_free(&r);
	pe_plan_free(&p);
	cf_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_ok),
		cmocka_unit_test(test_failure_rolls_back),
		cmocka_unit_test(test_no_undo_is_left),
		cmocka_unit_test(test_mixed_plan_needs_journal),
		cmocka_unit_test(test_cancel_between_steps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
