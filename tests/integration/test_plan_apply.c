/* test_plan_apply.c: setup plans against cfsim: exact objects, a failure at each step, lost answers, failed rollbacks, resume, PATCH steps with undo, online checks, cancel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_raw.h"
#include "cfconsole/journal.h"
#include "cfconsole/plan.h"
#include "cfsim_harness.h"

static struct cfsim S;
static struct cf_client *C;
static struct journal *J;
static char JPATH[256];
static char ZONE_ID[64];

/* ---- helpers -------------------------------------------------------------- */

static void
admin(const char *method, const char *path, const char *body)
{
	long st = cfsim_admin(&S, method, path, body, NULL);

	if (st != 200)
		fail_msg("cfsim admin %s %s: HTTP %ld", method, path, st);
}

/* Back to the seeded world, no faults, an empty request log. */
static int
reset(void **state)
{
	(void)state;
	admin("DELETE", "/__cfsim/faults", NULL);
	admin("POST", "/__cfsim/reset", NULL);
	admin("DELETE", "/__cfsim/requests", NULL);
	return 0;
}

static void
fault(const char *spec)
{
	char body[512];

	snprintf(body, sizeof(body), "{\"spec\":\"%s\"}", spec);
	admin("POST", "/__cfsim/faults", body);
}

struct counts {
	size_t monitors, pools, lbs, records;
};

static void
count(struct counts *c)
{
	struct cf_monitor_list ml = { 0 };
	struct cf_pool_list pl = { 0 };
	struct cf_load_balancer_list ll = { 0 };
	struct cf_dns_record_list rl = { 0 };
	struct cf_error err = { 0 };

	assert_int_equal(cf_monitors_list(C, S.account_id, &ml, &err), CF_OK);
	assert_int_equal(cf_pools_list(C, S.account_id, NULL, &pl, &err),
			 CF_OK);
	assert_int_equal(cf_lbs_list(C, ZONE_ID, &ll, &err), CF_OK);
	assert_int_equal(cf_dns_list(C, ZONE_ID, NULL, &rl, &err), CF_OK);
	c->monitors = ml.n;
	c->pools = pl.n;
	c->lbs = ll.n;
	c->records = rl.n;
	cf_monitor_list_free(&ml);
	cf_pool_list_free(&pl);
	cf_load_balancer_list_free(&ll);
	cf_dns_record_list_free(&rl);
}

static void
assert_counts(const struct counts *a, const struct counts *b, size_t plus)
{
	assert_int_equal(b->monitors, a->monitors + plus);
	assert_int_equal(b->pools, a->pools + plus);
	assert_int_equal(b->lbs, a->lbs + plus);
	assert_int_equal(b->records, a->records + plus);
}

static void
load_example(struct cf_plan *p)
{
	char path[1024], msg[512];

	snprintf(path, sizeof(path), "%s/examples/inference-endpoint.plan.json",
		 getenv("TOP") ? getenv("TOP") : ".");
	if (!plan_file_load(path, p, msg, sizeof(msg)))
		fail_msg("%s", msg);
}

/* Progress lines of one run, for assertions. */
struct lines {
	char buf[16384];
	size_t len;
	int found, undone, undo_failed;
	atomic_bool *cancel_after_pool; /* set once the pool is verified */
};

static void
progress(const struct pe_event *ev, void *ud)
{
	struct lines *l = ud;
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s\n",
			 ev->line);

	if (n > 0 && l->len + (size_t)n < sizeof(l->buf))
		l->len += (size_t)n;
	l->found += ev->kind == PE_EV_FOUND;
	l->undone += ev->kind == PE_EV_UNDONE;
	l->undo_failed += ev->kind == PE_EV_UNDO_FAILED;
	if (l->cancel_after_pool && ev->kind == PE_EV_VERIFIED &&
	    strstr(ev->line, "pool inference-pool"))
		atomic_store(l->cancel_after_pool, true);
}

static enum pe_outcome
apply(struct cf_plan *p, struct lines *l, struct pe_report *r,
      const atomic_bool *cancel, bool rollback)
{
	struct plan_apply_options o = { .account_id = S.account_id,
					.zone_id = ZONE_ID,
					.journal = J,
					.cancel = cancel,
					.progress = progress,
					.ud = l };

	memset(r, 0, sizeof(*r));
	return rollback ? plan_rollback(C, p, &o, r) : plan_apply(C, p, &o, r);
}

/* The result of GET path (caller frees). */
static char *
get(const char *fmt, ...)
{
	struct cf_error err = { 0 };
	char path[512], *res = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (cf_raw_call(C, "GET", path, NULL, NULL, &res, &err) != CF_OK)
		fail_msg("GET %s failed: %s", path,
			 err.detail ? err.detail : "?");
	return res;
}

static const char *
state_id(struct cf_plan *p, const char *step)
{
	struct cf_plan_step_state *s = cf_plan_state_find(p, step);

	return s ? s->id : NULL;
}

/* Writes (non-GET) requests in cfsim's log since the last reset. */
static int
writes_logged(void)
{
	char *body = NULL;
	cJSON *j, *it;
	int n = 0;

	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &body), 200);
	j = cJSON_Parse(body);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "requests"))
	{
		const cJSON *m = cJSON_GetObjectItem(it, "method");

		if (cJSON_IsString(m) && strcmp(m->valuestring, "GET"))
			n++;
	}
	cJSON_Delete(j);
	free(body);
	return n;
}

static size_t
journal_count(const char *action, const char *outcome)
{
	struct journal_list l = { 0 };
	char msg[256];
	size_t i, n = 0;

	assert_true(journal_read(JPATH, 0, &l, msg, sizeof(msg)));
	for (i = 0; i < l.n; i++)
		if (l.items[i].action && !strcmp(l.items[i].action, action) &&
		    (!outcome || (l.items[i].outcome &&
				  !strcmp(l.items[i].outcome, outcome))))
			n++;
	journal_list_free(&l);
	return n;
}

/* ---- setup ------------------------------------------------------------------ */

static int
group_setup(void **state)
{
	static const char *const args[] = { "--demo", "--no-health",
					    "--rate-limit", "100000/60", NULL };
	char tok[] = "cfsim-demo-token";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	/* No retries: a fault fails its request at once (tests stay fast). */
	struct cf_client_options o = { .creds = &creds, .max_retries = -1 };
	struct cf_error err = { 0 };
	struct cf_plan p;
	struct plan_issues l = { 0 };
	char msg[256], *zid = NULL;

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	o.base_url = S.base_url;
	C = cf_client_new(&o, &err);
	if (!C)
		return -1;
	snprintf(JPATH, sizeof(JPATH), "%s/plan-journal.%ld",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	J = journal_open(JPATH, "test", S.account_id, msg, sizeof(msg));
	if (!J)
		return -1;
	load_example(&p);
	if (plan_check_online(C, S.account_id, &p, &l, &zid, &err) != CF_OK ||
	    !zid || l.nerrors)
		return -1;
	snprintf(ZONE_ID, sizeof(ZONE_ID), "%s", zid);
	free(zid);
	plan_issues_free(&l);
	cf_plan_free(&p);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	journal_free(J);
	unlink(JPATH);
	cf_client_free(C);
	cfsim_stop(&S);
	cf_global_cleanup();
	return 0;
}

/* ---- tests ------------------------------------------------------------------ */

/* Apply creates exactly the planned objects with the planned fields. */
static void
test_apply_exact(void **state)
{
	struct counts a, b;
	struct cf_plan p;
	struct lines l = { 0 };
	struct pe_report r;
	struct cf_monitor m = { 0 };
	struct cf_pool pl = { 0 };
	struct cf_load_balancer lb = { 0 };
	struct cf_dns_record rec = { 0 };
	struct cf_error err = { 0 };
	const char *mid, *pid, *lid, *cid;

	(void)state;
	count(&a);
	load_example(&p);
	assert_int_equal(apply(&p, &l, &r, NULL, false), PE_OK);
	/* 4 creates, each: list (what already matches), POST, GET back. */
	assert_int_equal(r.requests, 12);
	assert_int_equal(writes_logged(), 4);
	pe_report_free(&r);
	count(&b);
	assert_counts(&a, &b, 1);
	mid = state_id(&p, "monitor");
	pid = state_id(&p, "pool");
	lid = state_id(&p, "load_balancer");
	cid = state_id(&p, "cname");
	assert_non_null(mid);
	assert_non_null(pid);
	assert_non_null(lid);
	assert_non_null(cid);
	assert_string_equal(cf_plan_state_find(&p, "cname")->status,
			    "verified");

	assert_int_equal(cf_monitor_get(C, S.account_id, mid, &m, &err), CF_OK);
	assert_string_equal(m.type, "http");
	assert_string_equal(m.method, "GET");
	assert_string_equal(m.path, "/health");
	assert_string_equal(m.expected_codes, "200");
	assert_int_equal(m.timeout, 5);
	assert_int_equal(m.interval, 60);
	assert_false(m.follow_redirects);
	assert_true(m.allow_insecure);
	assert_int_equal(cf_pool_get(C, S.account_id, pid, &pl, &err), CF_OK);
	assert_string_equal(pl.name, "inference-pool");
	/* The monitor is really attached. */
	assert_non_null(pl.monitor);
	assert_string_equal(pl.monitor, mid);
	assert_int_equal(pl.norigins, 2);
	assert_string_equal(pl.origins[0].name, "origin-1");
	assert_string_equal(pl.origins[0].address, "127.0.0.11");
	assert_string_equal(pl.origins[1].address, "127.0.0.12");
	assert_true(pl.origins[0].enabled && pl.origins[1].enabled);
	assert_int_equal(cf_lb_get(C, ZONE_ID, lid, &lb, &err), CF_OK);
	assert_string_equal(lb.name, "inference-lb.example.com");
	assert_int_equal(lb.default_pools.n, 1);
	assert_string_equal(lb.default_pools.v[0], pid);
	assert_string_equal(lb.fallback_pool, pid);
	assert_string_equal(lb.steering_policy, "off");
	assert_int_equal(lb.pop_pools.n, 1);
	assert_string_equal(lb.pop_pools.e[0].key, "LAX");
	assert_string_equal(lb.pop_pools.e[0].pool_ids.v[0], pid);
	assert_true(lb.proxied);
	assert_true(lb.enabled);
	assert_int_equal(cf_dns_get(C, ZONE_ID, cid, &rec, &err), CF_OK);
	assert_string_equal(rec.type, "CNAME");
	assert_string_equal(rec.name, "predict.example.com");
	assert_string_equal(rec.content, "inference-lb.example.com");
	assert_true(rec.proxied);
	assert_true(rec.ttl == 1);
	cf_monitor_free(&m);
	cf_pool_free(&pl);
	cf_load_balancer_free(&lb);
	cf_dns_record_free(&rec);
	/* Every create is journaled with the plan's outcome. */
	assert_true(journal_count("create", "ok") >= 4);

	/* Applying again resumes: everything verified, nothing sent. */
	admin("DELETE", "/__cfsim/requests", NULL);
	assert_int_equal(apply(&p, &l, &r, NULL, false), PE_OK);
	assert_int_equal(r.requests, 0);
	assert_int_equal(writes_logged(), 0);
	pe_report_free(&r);
	/* Rollback removes exactly what the plan created. */
	assert_int_equal(apply(&p, &l, &r, NULL, true), PE_OK);
	pe_report_free(&r);
	count(&b);
	assert_counts(&a, &b, 0);
	assert_string_equal(cf_plan_state_find(&p, "monitor")->status,
			    "rolled_back");
	cf_plan_free(&p);
}

/* A failure injected at each step leaves no object behind. */
static void
test_fail_each_step(void **state)
{
	static const struct {
		const char *spec;
		const char *label;
		long step;
	} cases[] = {
		{ "5xx:1:/load_balancers/monitors$:1:POST", "monitor", 0 },
		{ "5xx:1:/load_balancers/pools$:1:POST", "pool inference-pool",
		  1 },
		{ "5xx:1:/load_balancers$:1:POST", "load balancer inference-lb",
		  2 },
		{ "5xx:1:/dns_records$:1:POST", "CNAME predict.example.com",
		  3 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct counts a, b;
		struct cf_plan p;
		struct lines l = { 0 };
		struct pe_report r;
		size_t deletes_before = journal_count("rollback.delete", "ok");

		reset(state);
		count(&a);
		fault(cases[i].spec);
		load_example(&p);
		assert_int_equal(apply(&p, &l, &r, NULL, false),
				 PE_ROLLED_BACK);
		assert_int_equal(r.failed_step, cases[i].step);
		assert_non_null(r.message);
		if (!strstr(r.message, cases[i].label))
			fail_msg("report \"%s\" does not name %s", r.message,
				 cases[i].label);
		assert_non_null(strstr(r.message, "HTTP 500"));
		assert_int_equal(r.err.http_status, 500);
		assert_int_equal(r.nleft, 0);
		/* What was created before the failure was deleted, journaled;
		 * the failed step was found never created. */
		assert_int_equal(journal_count("rollback.delete", "ok") -
					 deletes_before,
				 (size_t)cases[i].step);
		assert_int_equal(l.undone, (int)cases[i].step + 1);
		count(&b);
		assert_counts(&a, &b, 0);
		pe_report_free(&r);
		cf_plan_free(&p);
	}
}

/* The pool is created but its answer is lost: the rollback finds it by
 * its name (not among the pools that had it before) and deletes it. */
static void
test_lost_answer(void **state)
{
	struct counts a, b;
	struct cf_plan p;
	struct lines l = { 0 };
	struct pe_report r;

	size_t creates = journal_count("create", "ok");
	size_t deletes = journal_count("rollback.delete", "ok");

	reset(state);
	count(&a);
	fault("malformed:1:/load_balancers/pools$:1:POST");
	load_example(&p);
	assert_int_equal(apply(&p, &l, &r, NULL, false), PE_ROLLED_BACK);
	assert_int_equal(r.failed_step, 1);
	assert_int_equal(l.found, 1);
	assert_non_null(strstr(l.buf, "found "));
	/* The found pool's create is journaled too, and both deletes. */
	assert_int_equal(journal_count("create", "ok") - creates, 2);
	assert_int_equal(journal_count("rollback.delete", "ok") - deletes, 2);
	count(&b);
	assert_counts(&a, &b, 0);
	pe_report_free(&r);
	cf_plan_free(&p);
}

/* The rollback's delete fails too: the report names what is left, with
 * ids and how to remove it; a later rollback removes it. */
static void
test_rollback_fails(void **state)
{
	struct counts a, b;
	struct cf_plan p;
	struct lines l = { 0 };
	struct pe_report r;
	size_t i;
	bool pool_left = false, monitor_left = false;

	reset(state);
	count(&a);
	fault("5xx:1:/load_balancers$:1:POST");
	fault("5xx:1:/load_balancers/pools/:0:DELETE");
	load_example(&p);
	assert_int_equal(apply(&p, &l, &r, NULL, false), PE_INCOMPLETE);
	assert_int_equal(r.failed_step, 2);
	/* The pool could not be deleted; the monitor it uses could not be
	 * either (cfsim refuses while a pool references it, as Cloudflare). */
	assert_int_equal(r.nleft, 2);
	for (i = 0; i < r.nleft; i++) {
		const struct pe_left *x = &r.left[i];

		assert_string_equal(x->method, "DELETE");
		assert_non_null(x->id);
		assert_non_null(strstr(x->path, x->id));
		if (!strcmp(x->kind, "pool")) {
			pool_left = true;
			assert_string_equal(x->id, state_id(&p, "pool"));
		}
		if (!strcmp(x->kind, "monitor"))
			monitor_left = true;
	}
	assert_true(pool_left && monitor_left);
	assert_string_equal(cf_plan_state_find(&p, "pool")->status, "left");
	assert_true(journal_count("rollback.delete", "write_failed") >= 2);
	pe_report_free(&r);
	count(&b);
	assert_int_equal(b.pools, a.pools + 1);
	assert_int_equal(b.lbs, a.lbs);
	/* Faults gone: `apply --rollback` removes exactly what is left. */
	admin("DELETE", "/__cfsim/faults", NULL);
	assert_int_equal(apply(&p, &l, &r, NULL, true), PE_OK);
	count(&b);
	assert_counts(&a, &b, 0);
	pe_report_free(&r);
	cf_plan_free(&p);
}

/* Adds the state of one step to p. */
static void
add_state(struct cf_plan *p, const char *step, const char *status,
	  const char *id)
{
	struct cf_plan_step_state *s;

	p->steps = realloc(p->steps, (p->nsteps + 1) * sizeof(*p->steps));
	s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof(*s));
	s->step = strdup(step);
	s->status = strdup(status);
	s->id = id ? strdup(id) : NULL;
}

/* POSTs body to the collection path; returns the new id (caller frees). */
static char *
create(const char *path, const char *body)
{
	struct cf_error err = { 0 };
	char *res = NULL, *id;

	if (cf_raw_call(C, "POST", path, NULL, body, &res, &err) != CF_OK)
		fail_msg("POST %s: %s", path, err.detail ? err.detail : "?");
	id = cf_json_string_member(res, "id");
	free(res);
	assert_non_null(id);
	return id;
}

/* The plan's monitor, created directly with the body its step sends. */
static char *
create_monitor_like_plan(const struct cf_plan *p)
{
	struct pe_plan e;
	char path[256], *id;

	assert_true(plan_build(p, S.account_id, ZONE_ID, NULL, &e));
	assert_string_equal(e.steps[0].name, "monitor");
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/monitors",
		 S.account_id);
	id = create(path, e.steps[0].body);
	pe_plan_free(&e);
	return id;
}

/* The example's pool created directly with its step's body (as if our
 * POST landed and the process died before recording it). Returns its id
 * (caller frees). */
static char *
create_pool_like_plan(const struct cf_plan *p, const char *monitor_id)
{
	const char *names[] = { CF_PLAN_MONITOR_REF };
	const char *values[] = { monitor_id };
	struct pe_plan e;
	char path[256], *body, *id;

	assert_true(plan_build(p, S.account_id, ZONE_ID, NULL, &e));
	assert_string_equal(e.steps[1].name, "pool");
	body = cf_json_subst(e.steps[1].body, names, values, 1);
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 S.account_id);
	id = create(path, body);
	free(body);
	pe_plan_free(&e);
	return id;
}

/* Resume after a stop between the POST and its record: no duplicate. */
static void
test_resume_finds_unrecorded(void **state)
{
	struct counts a, b;
	struct cf_plan q;
	struct lines l = { 0 };
	struct pe_report r;
	char *pool_id;

	reset(state);
	count(&a);
	load_example(&q);
	/* The state a kill leaves: monitor verified, pool "sending" (its
	 * POST went out and created it; nothing was recorded). */
	add_state(&q, "monitor", "verified", NULL);
	q.steps[0].id = create_monitor_like_plan(&q);
	pool_id = create_pool_like_plan(&q, q.steps[0].id);
	add_state(&q, "pool", "sending", NULL);
	q.account_id = strdup(S.account_id);
	q.zone_id = strdup(ZONE_ID);
	assert_int_equal(apply(&q, &l, &r, NULL, false), PE_OK);
	assert_int_equal(l.found, 1);
	assert_string_equal(state_id(&q, "pool"), pool_id);
	count(&b);
	assert_counts(&a, &b, 1); /* one of each: no duplicate pool */
	pe_report_free(&r);
	assert_int_equal(apply(&q, &l, &r, NULL, true), PE_OK);
	count(&b);
	assert_counts(&a, &b, 0);
	pe_report_free(&r);
	free(pool_id);
	cf_plan_free(&q);
}

/* Two new objects could be ours: a person must look; nothing is sent. */
static void
test_resume_ambiguous(void **state)
{
	struct cf_plan q;
	struct lines l = { 0 };
	struct pe_report r;
	struct cf_monitor_list ml = { 0 };
	struct cf_error err = { 0 };
	char *a, *b;

	reset(state);
	assert_int_equal(cf_monitors_list(C, S.account_id, &ml, &err), CF_OK);
	load_example(&q);
	a = create_pool_like_plan(&q, ml.items[0].id);
	b = create_pool_like_plan(&q, ml.items[0].id);
	add_state(&q, "monitor", "verified", ml.items[0].id);
	add_state(&q, "pool", "sending", NULL);
	admin("DELETE", "/__cfsim/requests", NULL);
	assert_int_equal(apply(&q, &l, &r, NULL, false), PE_REFUSED);
	assert_non_null(strstr(r.message, "cannot tell which"));
	assert_int_equal(writes_logged(), 0);
	pe_report_free(&r);
	free(a);
	free(b);
	cf_monitor_list_free(&ml);
	cf_plan_free(&q);
}

/* An edit is a PATCH step: only the changed field, read back, verified,
 * and undone (restored and verified) when a later step fails. A conflict
 * (the object changed since it was shown) sends nothing. */
static void
test_patch_step_undo(void **state)
{
	struct cf_pool_list pl = { 0 };
	struct cf_error err = { 0 };
	struct pe_plan e = { 0 };
	struct pe_options eo = { .journal = J };
	struct pe_report r;
	struct pe_step *s;
	char path[256], *after, *id;
	const char *pool_id = NULL;
	size_t i;

	reset(state);
	assert_int_equal(cf_pools_list(C, S.account_id, NULL, &pl, &err),
			 CF_OK);
	for (i = 0; i < pl.n; i++)
		if (!strcmp(pl.items[i].name, "inference"))
			pool_id = pl.items[i].id;
	assert_non_null(pool_id);
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 S.account_id, pool_id);
	s = pe_plan_add(&e, PE_PATCH, "edit", "pool", "pool inference", path,
			"{\"description\":\"edited by a plan\"}");
	s->expect = strdup("{\"name\":\"inference\",\"minimum_origins\":2}");
	s->undo = true;
	pe_plan_add(&e, PE_CREATE, "monitor", "monitor", "monitor",
		    "/accounts/{account_id}/load_balancers/monitors",
		    "{\"type\":\"http\",\"expected_codes\":\"200\"}");
	pe_plan_set_var(&e, "{account_id}", S.account_id);
	fault("5xx:1:/load_balancers/monitors$:1:POST");
	assert_int_equal(pe_apply(C, &e, &eo, NULL, &r), PE_ROLLED_BACK);
	assert_int_equal(r.failed_step, 1);
	assert_non_null(strstr(e.steps[0].before, "GPU inference backends"));
	assert_int_equal(e.steps[0].status, PE_UNDONE);
	after = get("%s", path);
	assert_non_null(strstr(
		after, "\"description\":\"GPU inference backends (primary)\""));
	free(after);
	assert_true(journal_count("rollback.patch", "ok") >= 1);
	pe_report_free(&r);

	/* Without the failure the edit stays, verified. */
	admin("DELETE", "/__cfsim/faults", NULL);
	e.steps[0].status = PE_PENDING;
	e.steps[1].status = PE_PENDING;
	assert_int_equal(pe_apply(C, &e, &eo, NULL, &r), PE_OK);
	after = get("%s", path);
	assert_non_null(strstr(after, "\"description\":\"edited by a plan\""));
	free(after);
	id = strdup(e.steps[1].id);
	pe_report_free(&r);
	/* An explicit rollback restores it and deletes the monitor. */
	assert_int_equal(pe_rollback(C, &e, &eo, NULL, &r), PE_OK);
	after = get("%s", path);
	assert_non_null(strstr(after, "GPU inference backends (primary)"));
	free(after);
	pe_report_free(&r);
	free(id);

	/* A conflict: what the user saw is not what is there. */
	free(e.steps[0].expect);
	e.steps[0].expect = strdup("{\"minimum_origins\":1}");
	e.steps[0].status = PE_PENDING;
	e.steps[1].status = PE_PENDING;
	admin("DELETE", "/__cfsim/requests", NULL);
	assert_int_equal(pe_apply(C, &e, &eo, NULL, &r), PE_ROLLED_BACK);
	assert_non_null(strstr(r.message, "conflict"));
	assert_non_null(strstr(r.message, "minimum_origins"));
	assert_int_equal(writes_logged(), 0);
	pe_report_free(&r);
	pe_plan_free(&e);
	cf_pool_list_free(&pl);
}

/* check_regions and a disabled LB go as PATCH steps, verified. */
static void
test_plan_patch_steps(void **state)
{
	struct cf_plan p;
	struct lines l = { 0 };
	struct pe_report r;
	char *o;

	reset(state);
	load_example(&p);
	p.pool.has_check_regions = true;
	p.pool.check_regions.v = calloc(1, sizeof(char *));
	p.pool.check_regions.v[0] = strdup("WEU");
	p.pool.check_regions.n = 1;
	p.lb.enabled = false;
	assert_int_equal(apply(&p, &l, &r, NULL, false), PE_OK);
	pe_report_free(&r);
	o = get("/accounts/%s/load_balancers/pools/%s", S.account_id,
		state_id(&p, "pool"));
	assert_non_null(strstr(o, "\"check_regions\":[\"WEU\"]"));
	free(o);
	o = get("/zones/%s/load_balancers/%s", ZONE_ID,
		state_id(&p, "load_balancer"));
	assert_non_null(strstr(o, "\"enabled\":false"));
	free(o);
	assert_int_equal(apply(&p, &l, &r, NULL, true), PE_OK);
	pe_report_free(&r);
	cf_plan_free(&p);
}

static bool
issue(const struct plan_issues *l, const char *field, const char *part)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].field, field) &&
		    strstr(l->v[i].message, part))
			return true;
	for (i = 0; i < l->n; i++)
		fprintf(stderr, "  %s: %s\n", l->v[i].field, l->v[i].message);
	return false;
}

/* What the account already has is refused (or warned) before sending. */
static void
test_online_checks(void **state)
{
	struct cf_plan p;
	struct plan_issues l = { 0 };
	struct cf_error err = { 0 };
	char *zid = NULL;

	reset(state);
	load_example(&p);
	free(p.pool.name);
	p.pool.name = strdup("inference");
	free(p.lb.name);
	p.lb.name = strdup("lb.example.com");
	free(p.cname.name);
	p.cname.name = strdup("api.example.com");
	admin("DELETE", "/__cfsim/requests", NULL);
	assert_int_equal(plan_check_online(C, S.account_id, &p, &l, &zid, &err),
			 CF_OK);
	assert_int_equal(writes_logged(), 0);
	assert_true(issue(&l, "pool.name",
			  "a pool named inference already exists"));
	assert_true(
		issue(&l, "load_balancer.name",
		      "a load balancer named lb.example.com already exists"));
	/* The CNAME's name: what exists and what would happen. */
	assert_true(
		issue(&l, "cname.name",
		      "api.example.com already exists: CNAME lb.example.com"));
	assert_true(issue(&l, "cname.name", "81053"));
	assert_int_equal(l.nerrors, 3);
	plan_issues_free(&l);
	free(zid);
	free(p.zone);
	p.zone = strdup("nope.example");
	assert_int_equal(plan_check_online(C, S.account_id, &p, &l, &zid, &err),
			 CF_OK);
	assert_null(zid);
	assert_true(issue(&l, "zone", "no zone nope.example"));
	plan_issues_free(&l);
	cf_plan_free(&p);
}

/* Cancel: before the next step, then everything is rolled back. */
static void
test_cancel(void **state)
{
	struct counts a, b;
	struct cf_plan p;
	struct lines l = { 0 };
	struct pe_report r;
	atomic_bool cancel = false;

	reset(state);
	count(&a);
	load_example(&p);
	l.cancel_after_pool = &cancel;
	assert_int_equal(apply(&p, &l, &r, &cancel, false), PE_ROLLED_BACK);
	assert_true(r.cancelled);
	assert_int_equal(r.failed_step, 2);
	count(&b);
	assert_counts(&a, &b, 0);
	pe_report_free(&r);
	cf_plan_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_apply_exact, reset),
		cmocka_unit_test(test_fail_each_step),
		cmocka_unit_test(test_lost_answer),
		cmocka_unit_test(test_rollback_fails),
		cmocka_unit_test(test_resume_finds_unrecorded),
		cmocka_unit_test(test_resume_ambiguous),
		cmocka_unit_test(test_patch_step_undo),
		cmocka_unit_test(test_plan_patch_steps),
		cmocka_unit_test(test_online_checks),
		cmocka_unit_test(test_cancel),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
