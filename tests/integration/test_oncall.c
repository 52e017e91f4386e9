/* test_oncall.c: health poller, safe toggle, undo, headless origin/health commands and fault handling against a real cfsim. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cli_oncall.h"
#include "cfconsole/health.h"
#include "cfconsole/journal.h"
#include "cfconsole/poller.h"
#include "cfconsole/session.h"
#include "cfconsole/toggle.h"
#include "cfsim_harness.h"

#define TOKEN "it-oncall-token-0123456789abcdef"

static struct cfsim S;
static char TMP[64];
static char JPATH[160];

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct cf_client *
new_client(int retries)
{
	char tok[] = TOKEN;
	struct cf_credentials cr = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &cr };
	struct cf_error err = { 0 };
	struct cf_client *c;

	o.base_url = S.base_url;
	o.max_retries = retries;
	o.retry_base_ms = 20;
	o.retry_max_ms = 100;
	o.timeout_ms = 5000;
	c = cf_client_new(&o, &err);
	assert_non_null(c);
	return c;
}

static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--token", TOKEN,	   "--demo",	"--time-scale",
		"0.1",	   "--rate-limit", "100000/60", NULL,
	};

	(void)state;
	snprintf(TMP, sizeof(TMP), "/tmp/cfc-oncall.XXXXXX");
	if (!mkdtemp(TMP))
		return -1;
	snprintf(JPATH, sizeof(JPATH), "%s/state/cfconsole/journal", TMP);
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	cfsim_stop(&S);
	cf_global_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", TMP);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

/* Back to the seed world, no faults, empty request log. */
static int
reset_world(void **state)
{
	(void)state;
	if (cfsim_admin(&S, "DELETE", "/__cfsim/faults", NULL, NULL) != 200 ||
	    cfsim_admin(&S, "POST", "/__cfsim/reset", NULL, NULL) != 200 ||
	    cfsim_admin(&S, "DELETE", "/__cfsim/requests", NULL, NULL) != 200)
		return -1;
	return 0;
}

/* Finds a pool by name with a fresh list. */
static void
get_pool(struct cf_client *c, const char *name, struct cf_pool *out)
{
	struct cf_pool_list l = { 0 };
	struct cf_error err = { 0 };
	size_t i;
	bool found = false;

	assert_int_equal(cf_pools_list(c, S.account_id, NULL, &l, &err), CF_OK);
	for (i = 0; i < l.n && !found; i++) {
		if (strcmp(l.items[i].name, name) == 0) {
			assert_int_equal(cf_pool_copy(out, &l.items[i]), CF_OK);
			found = true;
		}
	}
	cf_pool_list_free(&l);
	assert_true(found);
}

/* Counts requests in cfsim's log whose method matches (and path contains). */
static int
count_requests(const char *method, const char *path_part, int *n429)
{
	char *log = NULL, *p;
	int n = 0;
	char want[32];

	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &log), 200);
	snprintf(want, sizeof(want), "\"method\": \"%s\"", method);
	if (n429)
		*n429 = 0;
	for (p = strstr(log, "\"seq\""); p; p = strstr(p + 1, "\"seq\"")) {
		char *end = strstr(p + 1, "\"seq\"");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = strndup(p, len);

		if (strstr(item, want) &&
		    (!path_part || strstr(item, path_part)))
			n++;
		if (n429 && strstr(item, "\"status\": 429"))
			(*n429)++;
		free(item);
	}
	free(log);
	return n;
}

static const struct health_origin *
find_origin(const struct health_snapshot *s, const char *pool,
	    const char *origin)
{
	const struct health_pool *p = health_snapshot_find_pool(s, pool);
	size_t i;

	for (i = 0; p && i < p->norigins; i++)
		if (strcmp(p->origins[i].name, origin) == 0)
			return &p->origins[i];
	return NULL;
}

static enum health_state
wait_state(struct health_model *m, const char *pool, const char *origin,
	   enum health_state want, double secs)
{
	double end = now_s() + secs;
	enum health_state st = HEALTH_UNKNOWN;

	while (now_s() < end) {
		const struct health_snapshot *s = health_model_acquire(m);
		const struct health_origin *o =
			s ? find_origin(s, pool, origin) : NULL;

		st = o ? o->state : HEALTH_UNKNOWN;
		health_snapshot_release(s);
		if (st == want)
			return st;
		usleep(100000);
	}
	return st;
}

/*
 * Waits until cfsim's own health for `origin` of pool `pool` is `want`
 * (what a toggle's blast radius or `health` will read), kicking the probes
 * now and then; a busy machine only makes it take longer. Returns the last
 * state seen; secs is a hang guard, never the expected time.
 */
static enum health_state
wait_api_state(const char *pool, const char *origin, enum health_state want,
	       double secs)
{
	struct cf_client *c = new_client(1);
	struct cf_pool p = { 0 };
	const char *addr = NULL;
	enum health_state st = HEALTH_UNKNOWN;
	double end = now_s() + secs, kick = 0;
	size_t i;

	get_pool(c, pool, &p);
	for (i = 0; i < p.norigins; i++)
		if (strcmp(p.origins[i].name, origin) == 0)
			addr = p.origins[i].address;
	assert_non_null(addr);
	while (now_s() < end) {
		struct cf_pool_health h = { 0 };
		struct cf_error err = { 0 };

		if (now_s() >= kick) {
			cfsim_admin(&S, "POST", "/__cfsim/health/kick", NULL,
				    NULL);
			kick = now_s() + 2;
		}
		if (cf_pool_health_get(c, S.account_id, p.id, &h, &err) ==
		    CF_OK)
			st = health_state_in(&h, addr);
		cf_pool_health_free(&h);
		cf_error_clear(&err);
		if (st == want)
			break;
		usleep(100000);
	}
	cf_pool_free(&p);
	cf_client_free(c);
	return st;
}

/* A flipped demo origin shows as unhealthy within one monitor interval
 * (6 s at time scale 0.1) plus one poll. */
static void
test_flip_shows_unhealthy(void **state)
{
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct poller *p;
	const struct health_snapshot *s;
	const char *focus[1];
	struct cf_pool pool = { 0 };
	struct cf_client *c = new_client(1);
	char err[128], *reply = NULL;
	double t0, took;
	size_t i;
	bool event = false;

	(void)state;
	get_pool(c, "inference", &pool);
	focus[0] = pool.id;
	o.client = new_client(1);
	o.account_id = S.account_id;
	o.model = m;
	o.focus_interval_s = 1;
	o.events_interval_s = 2;
	p = poller_start(&o, err, sizeof(err));
	assert_non_null(p);
	poller_set_focus(p, focus, 1);
	assert_int_equal(
		wait_state(m, "inference", "gpu-a", HEALTH_HEALTHY, 90),
		HEALTH_HEALTHY);

	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/gpu-a",
				     "{\"mode\":\"unhealthy\"}", &reply),
			 200);
	free(reply);
	t0 = now_s();
	/* Expected within the monitor interval (6 s) plus one poll (1 s);
	 * the limit only guards against a hang (a busy machine is slower),
	 * the time taken is printed below. */
	assert_int_equal(
		wait_state(m, "inference", "gpu-a", HEALTH_UNHEALTHY, 90),
		HEALTH_UNHEALTHY);
	took = now_s() - t0;
	print_message("gpu-a unhealthy in the model %.1f s after the flip\n",
		      took);
	s = health_model_acquire(m);
	assert_non_null(find_origin(s, "inference", "gpu-a")->failure_reason);
	for (i = 0; i < s->nevents; i++)
		if (s->events[i].origin_name &&
		    strcmp(s->events[i].origin_name, "gpu-a") == 0 &&
		    s->events[i].to == HEALTH_UNHEALTHY)
			event = true;
	assert_true(event);
	health_snapshot_release(s);
	poller_stop(p);
	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/gpu-a",
				     "{\"mode\":\"healthy\"}", NULL),
			 200);
	cf_pool_free(&pool);
	cf_client_free(c);
	health_model_free(m);
}

/* ---- headless commands through a real session ----------------------- */

static const char *
test_env(const char *name, void *ud)
{
	(void)ud;
	if (strcmp(name, "CLOUDFLARE_API_TOKEN") == 0)
		return TOKEN;
	if (strcmp(name, "CLOUDFLARE_ACCOUNT_ID") == 0)
		return S.account_id;
	if (strcmp(name, "XDG_CONFIG_HOME") == 0 || strcmp(name, "HOME") == 0)
		return TMP;
	return NULL;
}

static struct session *
open_session(bool readonly)
{
	struct app_options opts = { 0 };
	struct config_error cerr = { 0 };
	struct session *s = NULL;

	opts.api_base = S.base_url;
	opts.readonly = readonly;
	assert_int_equal(session_open(&opts, test_env, NULL, &s, &cerr),
			 SESSION_OK);
	return s;
}

struct out {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *
out_open(struct out *o)
{
	memset(o, 0, sizeof(*o));
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	return o->f;
}

static void
out_close(struct out *o)
{
	fclose(o->f);
}

static int
run_origin(struct session *s, struct journal *j, const char *a1, const char *a2,
	   const char *a3, bool yes, struct out *o, struct out *e)
{
	char *argv[6];
	int argc = 0, rc;

	argv[argc++] = (char *)(uintptr_t) "origin";
	argv[argc++] = (char *)(uintptr_t)a1;
	argv[argc++] = (char *)(uintptr_t)a2;
	argv[argc++] = (char *)(uintptr_t)a3;
	if (yes)
		argv[argc++] = (char *)(uintptr_t) "--yes";
	argv[argc] = NULL;
	out_open(o);
	out_open(e);
	rc = cli_origin(s, j, argc, argv, o->f, e->f);
	out_close(o);
	out_close(e);
	return rc;
}

/* Headless disable changes exactly that origin, journals it, and
 * disabling the last healthy origin needs --yes. */
static void
test_headless_toggle_exact(void **state)
{
	struct session *s = open_session(false);
	struct cf_client *c = new_client(0);
	struct cf_pool before = { 0 }, after = { 0 };
	struct journal *j;
	struct journal_list jl = { 0 };
	struct out o, e;
	char ebuf[256], *d;
	int rc;

	(void)state;
	j = journal_open(JPATH, "default", S.account_id, ebuf, sizeof(ebuf));
	assert_non_null(j);
	get_pool(c, "embeddings", &before);
	/* cfsim must know embed-a healthy, or every disable here would need
	 * --yes (no healthy origin known): wait for it. */
	assert_int_equal(
		wait_api_state("embeddings", "embed-a", HEALTH_HEALTHY, 120),
		HEALTH_HEALTHY);

	rc = run_origin(s, j, "disable", "embeddings", "embed-b", false, &o,
			&e);
	print_message("stdout: %s\nstderr: %s\n", o.buf, e.buf);
	assert_int_equal(rc, CLI_EXIT_OK);
	assert_non_null(strstr(o.buf, "done (verified)"));
	/* blast radius names the demo LB and where it fails over */
	assert_non_null(strstr(o.buf, "load balancer lb.example.com: can "
				      "fail over to pool"));
	free(o.buf);
	free(e.buf);
	get_pool(c, "embeddings", &after);
	d = toggle_pool_diff(&before, &after, TOGGLE_DIFF_IGNORE_MODIFIED);
	assert_non_null(d);
	assert_string_equal(d, "origin embed-b: enabled: true -> false");
	free(d);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 1);

	/* embed-a is now the only one: disabling it needs --yes. */
	rc = run_origin(s, j, "disable", "embeddings", "embed-a", false, &o,
			&e);
	assert_int_equal(rc, CLI_EXIT_USAGE);
	assert_non_null(strstr(e.buf, "no healthy origin"));
	assert_non_null(strstr(e.buf, "--yes"));
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 1);
	rc = run_origin(s, j, "disable", "embeddings", "embed-a", true, &o, &e);
	assert_int_equal(rc, CLI_EXIT_OK);
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 2);

	/* Unknown origin / pool: usage-class error, nothing sent. */
	rc = run_origin(s, j, "enable", "embeddings", "nope", false, &o, &e);
	assert_int_equal(rc, CLI_EXIT_USAGE);
	free(o.buf);
	free(e.buf);
	rc = run_origin(s, j, "enable", "no-such-pool", "x", false, &o, &e);
	assert_int_equal(rc, CLI_EXIT_USAGE);
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 2);

	assert_true(journal_read(JPATH, 2, &jl, ebuf, sizeof(ebuf)));
	assert_int_equal(jl.n, 2);
	assert_string_equal(jl.items[0].origin, "embed-a");
	assert_string_equal(jl.items[1].origin, "embed-b");
	assert_string_equal(jl.items[1].outcome, "done");
	assert_non_null(jl.items[1].before);
	assert_non_null(jl.items[1].after);
	journal_list_free(&jl);
	journal_free(j);
	cf_pool_free(&before);
	cf_pool_free(&after);
	cf_client_free(c);
	session_free(s);
}

/* A change to another origin between read and write is detected and not
 * overwritten. */
static void
test_concurrent_change_detected(void **state)
{
	struct cf_client *c = new_client(0);
	struct cf_pool seen = { 0 }, now = { 0 }, other = { 0 };
	struct toggle_request r = { 0 };
	struct toggle_result res = { 0 };
	struct cf_error err = { 0 };
	size_t i;

	(void)state;
	get_pool(c, "inference", &seen);
	/* Someone else disables gpu-c meanwhile (full origins array). */
	assert_int_equal(cf_pool_copy(&other, &seen), CF_OK);
	for (i = 0; i < other.norigins; i++)
		if (strcmp(other.origins[i].name, "gpu-c") == 0)
			other.origins[i].enabled = false;
	assert_int_equal(cf_pool_patch(c, S.account_id, other.id, &other,
				       CF_POOL_F_ORIGINS, &now, &err),
			 CF_OK);
	cf_pool_free(&now);

	r.account_id = S.account_id;
	r.seen = &seen;
	r.origin = "gpu-b";
	r.op = TOGGLE_OP_DISABLE;
	r.confirmed = true;
	assert_int_equal(toggle_run(c, &r, &res), TOGGLE_CONFLICT);
	assert_non_null(
		strstr(res.diff, "origin gpu-c: enabled: true -> false"));
	toggle_result_free(&res);
	/* only the other writer's PATCH reached cfsim */
	assert_int_equal(count_requests("PATCH", NULL, NULL), 1);
	get_pool(c, "inference", &now);
	for (i = 0; i < now.norigins; i++) {
		if (strcmp(now.origins[i].name, "gpu-c") == 0)
			assert_false(now.origins[i].enabled);
		else
			assert_true(now.origins[i].enabled);
	}
	cf_pool_free(&now);
	cf_pool_free(&seen);
	cf_pool_free(&other);
	cf_client_free(c);
}

/* Undo puts the pool back exactly. */
static void
test_undo_restores(void **state)
{
	struct cf_client *c = new_client(0);
	struct cf_pool before = { 0 }, after = { 0 };
	struct toggle_request r = { 0 };
	struct toggle_result res = { 0 };
	struct journal *j;
	char ebuf[256], jp[200], *d;

	(void)state;
	snprintf(jp, sizeof(jp), "%s/undo/journal", TMP);
	j = journal_open(jp, "default", S.account_id, ebuf, sizeof(ebuf));
	assert_non_null(j);
	get_pool(c, "inference", &before);
	r.account_id = S.account_id;
	r.seen = &before;
	r.origin = "gpu-a";
	r.op = TOGGLE_OP_WEIGHT;
	r.weight = 0.3;
	r.journal = j;
	assert_int_equal(toggle_run(c, &r, &res), TOGGLE_DONE);
	toggle_result_free(&res);
	get_pool(c, "inference", &after);
	assert_non_null(d = toggle_pool_diff(&before, &after,
					     TOGGLE_DIFF_IGNORE_MODIFIED));
	assert_string_equal(d, "origin gpu-a: weight: 1 -> 0.3");
	free(d);
	cf_pool_free(&after);

	assert_int_equal(toggle_undo_last(c, j, S.account_id, NULL, &res),
			 TOGGLE_DONE);
	toggle_result_free(&res);
	get_pool(c, "inference", &after);
	assert_null(
		toggle_pool_diff(&before, &after, TOGGLE_DIFF_IGNORE_MODIFIED));
	assert_int_equal(toggle_undo_last(c, j, S.account_id, NULL, &res),
			 TOGGLE_NOT_FOUND);
	toggle_result_free(&res);
	journal_free(j);
	cf_pool_free(&before);
	cf_pool_free(&after);
	cf_client_free(c);
}

/* cli_origin with argv (NULL-terminated after "origin"); output in o/e. */
static int
run_origin_argv(struct session *s, struct journal *j, const char *const *args,
		struct out *o, struct out *e)
{
	char *argv[12];
	int argc = 0, rc;

	argv[argc++] = (char *)(uintptr_t) "origin";
	for (; *args && argc < 11; args++)
		argv[argc++] = (char *)(uintptr_t)*args;
	argv[argc] = NULL;
	out_open(o);
	out_open(e);
	rc = cli_origin(s, j, argc, argv, o->f, e->f);
	out_close(o);
	out_close(e);
	return rc;
}

/* The origin `name` in a JSON pool body's origins array. */
static const cJSON *
json_origin(const cJSON *pool, const char *name)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItem(pool, "origins")) if (
		strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "name")),
		       name) == 0) return it;
	return NULL;
}

/*
 * `origin --dry-run` reads fresh and prints the blast radius and the PATCH
 * it would send, and sends none (cfsim's request log); `--json` gives the
 * outcome, applied, blast radius and the origin before and after, for a
 * dry run, a real change and a refusal alike (issue 8, item 14).
 */
static void
test_origin_json_and_dry_run(void **state)
{
	static const char *const dry_json[] = { "disable", "embeddings",
						"embed-b", "--dry-run",
						"--json",  NULL };
	static const char *const dry_text[] = { "disable", "embeddings",
						"embed-b", "--dry-run", NULL };
	static const char *const real_json[] = { "disable", "embeddings",
						 "embed-b", "--json", NULL };
	static const char *const refused[] = { "disable", "embeddings",
					       "embed-a", "--json", NULL };
	static const char *const unknown[] = { "enable", "nope", "x", "--json",
					       NULL };
	struct session *s = open_session(false);
	struct journal *j;
	struct out o, e;
	char ebuf[256];
	cJSON *doc;
	const cJSON *b, *lb;

	(void)state;
	j = journal_open(JPATH, "default", S.account_id, ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(
		wait_api_state("embeddings", "embed-a", HEALTH_HEALTHY, 120),
		HEALTH_HEALTHY);

	/* dry run, JSON */
	assert_int_equal(run_origin_argv(s, j, dry_json, &o, &e), CLI_EXIT_OK);
	print_message("%s%s", o.buf, e.buf);
	doc = cJSON_Parse(o.buf);
	assert_non_null(doc);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "outcome")),
		"dry_run");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(doc, "dry_run")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc, "applied")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(doc, "before"), "enabled")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(
		cJSON_GetObjectItem(doc, "after"), "enabled")));
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(
			cJSON_GetObjectItem(doc, "request"), "method")),
		"PATCH");
	b = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "request"), "body");
	assert_non_null(json_origin(b, "embed-b"));
	assert_true(cJSON_IsFalse(
		cJSON_GetObjectItem(json_origin(b, "embed-b"), "enabled")));
	assert_true(cJSON_IsTrue(
		cJSON_GetObjectItem(json_origin(b, "embed-a"), "enabled")));
	b = cJSON_GetObjectItem(doc, "blast_radius");
	assert_non_null(b);
	assert_int_equal(cJSON_GetObjectItem(b, "healthy_after")->valueint, 1);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(b, "needs_confirm")));
	lb = cJSON_GetArrayItem(cJSON_GetObjectItem(b, "load_balancers"), 0);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(lb, "name")),
		"lb.example.com");
	cJSON_Delete(doc);
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 0);

	/* dry run, text: the blast radius and the request, nothing sent */
	assert_int_equal(run_origin_argv(s, j, dry_text, &o, &e), CLI_EXIT_OK);
	assert_non_null(strstr(o.buf, "dry run: would disable origin embed-b "
				      "in pool embeddings"));
	assert_non_null(strstr(o.buf, "nothing was sent"));
	assert_non_null(strstr(o.buf, "\nPATCH /accounts/"));
	assert_non_null(strstr(o.buf, "{\"origins\":["));
	assert_non_null(strstr(o.buf, "load balancer lb.example.com"));
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 0);

	/* the real change, JSON */
	assert_int_equal(run_origin_argv(s, j, real_json, &o, &e), CLI_EXIT_OK);
	doc = cJSON_Parse(o.buf);
	assert_non_null(doc);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "outcome")),
		"done");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(doc, "applied")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc, "dry_run")));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(
		cJSON_GetObjectItem(doc, "after"), "enabled")));
	assert_int_equal(cJSON_GetObjectItem(doc, "attempts")->valueint, 1);
	assert_non_null(strstr(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "message")),
		"done (verified)"));
	cJSON_Delete(doc);
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 1);

	/* a refusal, JSON: exit 2, nothing sent */
	assert_int_equal(run_origin_argv(s, j, refused, &o, &e),
			 CLI_EXIT_USAGE);
	doc = cJSON_Parse(o.buf);
	assert_non_null(doc);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "outcome")),
		"needs_confirm");
	assert_int_equal(cJSON_GetObjectItem(doc, "exit")->valueint, 2);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(doc, "applied")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(doc, "blast_radius"), "needs_confirm")));
	cJSON_Delete(doc);
	free(o.buf);
	free(e.buf);

	/* an unknown pool, JSON */
	assert_int_equal(run_origin_argv(s, j, unknown, &o, &e),
			 CLI_EXIT_USAGE);
	doc = cJSON_Parse(o.buf);
	assert_non_null(doc);
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "outcome")),
		"not_found");
	assert_string_equal(
		cJSON_GetStringValue(cJSON_GetObjectItem(doc, "message")),
		"no pool nope");
	cJSON_Delete(doc);
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 1);
	journal_free(j);
	session_free(s);
}

/* --readonly refuses before any request; a read-only session refuses too. */
static void
test_readonly_refuses(void **state)
{
	struct app_options opts = { 0 };
	struct session *s;
	struct journal *j;
	struct out o, e;
	char *argv[] = { (char *)(uintptr_t) "origin",
			 (char *)(uintptr_t) "disable",
			 (char *)(uintptr_t) "embeddings",
			 (char *)(uintptr_t) "embed-b", NULL };
	char ebuf[256];

	(void)state;
	opts.api_base = S.base_url;
	opts.readonly = true;
	assert_int_equal(cli_oncall_run(&opts, 4, argv), CLI_EXIT_USAGE);
	assert_int_equal(count_requests("GET", NULL, NULL), 0);

	s = open_session(true);
	j = journal_open(JPATH, "default", S.account_id, ebuf, sizeof(ebuf));
	assert_int_equal(run_origin(s, j, "disable", "embeddings", "embed-b",
				    true, &o, &e),
			 CLI_EXIT_USAGE);
	assert_non_null(strstr(e.buf, "read-only"));
	free(o.buf);
	free(e.buf);
	assert_int_equal(count_requests("PATCH", NULL, NULL), 0);
	journal_free(j);
	session_free(s);
}

/* `health` prints every pool and exits by the worst pool. */
static void
test_health_command(void **state)
{
	struct session *s = open_session(false);
	struct out o, e;
	char *argv[5];
	int rc;

	(void)state;
	/* Health known for the origins the checks below name. */
	assert_int_equal(wait_api_state("inference-fallback", "cpu-b",
					HEALTH_UNHEALTHY, 120),
			 HEALTH_UNHEALTHY);
	assert_int_equal(
		wait_api_state("inference", "gpu-a", HEALTH_HEALTHY, 120),
		HEALTH_HEALTHY);
	argv[0] = (char *)(uintptr_t) "health";
	argv[1] = NULL;
	out_open(&o);
	out_open(&e);
	rc = cli_health(s, 1, argv, o.f, e.f);
	out_close(&o);
	out_close(&e);
	print_message("%s%s", o.buf, e.buf);
	/* the demo has a failing origin (cpu-b) and a slow one: degraded */
	assert_int_equal(rc, CLI_EXIT_DEGRADED);
	assert_non_null(strstr(o.buf, "pool inference"));
	assert_non_null(strstr(o.buf, "cpu-b"));
	assert_non_null(strstr(o.buf, "WEU"));
	assert_non_null(strstr(o.buf, "overall: degraded"));
	free(o.buf);
	free(e.buf);

	/* a pool whose only enabled origin fails: 2 */
	argv[1] = (char *)(uintptr_t) "--json";
	argv[2] = (char *)(uintptr_t) "--pool";
	argv[3] = (char *)(uintptr_t) "embeddings";
	argv[4] = NULL;
	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/embed-a",
				     "{\"mode\":\"fail500\"}", NULL),
			 200);
	assert_int_equal(
		wait_api_state("embeddings", "embed-a", HEALTH_UNHEALTHY, 120),
		HEALTH_UNHEALTHY);
	out_open(&o);
	out_open(&e);
	rc = cli_health(s, 4, argv, o.f, e.f);
	out_close(&o);
	out_close(&e);
	assert_int_equal(rc, CLI_EXIT_DOWN);
	assert_non_null(strstr(o.buf, "\"status\": \"down\""));
	assert_null(strstr(o.buf, "inference"));
	free(o.buf);
	free(e.buf);
	assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/origins/embed-a",
				     "{\"mode\":\"healthy\"}", NULL),
			 200);

	argv[3] = (char *)(uintptr_t) "nope";
	out_open(&o);
	out_open(&e);
	assert_int_equal(cli_health(s, 4, argv, o.f, e.f), CLI_EXIT_USAGE);
	out_close(&o);
	out_close(&e);
	free(o.buf);
	free(e.buf);
	session_free(s);
}

/* Injected 5xx, drops and malformed JSON: never a crash, and whatever the
 * toggle says about `applied` is true of the server. */
static void
test_faults_never_half_reported(void **state)
{
	static const char *const faults =
		"[{\"kind\":\"5xx\",\"rate\":0.3,\"path\":\"/pools\"},"
		"{\"kind\":\"drop\",\"rate\":0.2,\"path\":\"/pools\"},"
		"{\"kind\":\"malformed\",\"rate\":0.2,\"path\":\"/pools\"}]";
	int outcomes[TOGGLE_VERIFY_FAILED + 1] = { 0 };
	int iter, k;

	(void)state;
	for (iter = 0; iter < 24; iter++) {
		struct cf_client *c = new_client(1);
		struct cf_pool seen = { 0 }, now = { 0 };
		struct toggle_request r = { 0 };
		struct toggle_result res = { 0 };
		bool changed = false;
		size_t i;

		assert_int_equal(reset_world(NULL), 0);
		get_pool(c, "embeddings", &seen);
		assert_int_equal(cfsim_admin(&S, "POST", "/__cfsim/faults",
					     faults, NULL),
				 200);
		r.account_id = S.account_id;
		r.seen = &seen;
		r.origin = "embed-b";
		r.op = TOGGLE_OP_DISABLE;
		r.confirmed = true;
		toggle_run(c, &r, &res);
		assert_non_null(res.message);
		outcomes[res.outcome]++;
		assert_int_equal(cfsim_admin(&S, "DELETE", "/__cfsim/faults",
					     NULL, NULL),
				 200);
		get_pool(c, "embeddings", &now);
		for (i = 0; i < now.norigins; i++)
			if (strcmp(now.origins[i].name, "embed-b") == 0)
				changed = !now.origins[i].enabled;
		switch (res.outcome) {
		case TOGGLE_DONE:
			assert_true(changed);
			break;
		case TOGGLE_READ_FAILED:
		case TOGGLE_CONFLICT:
		case TOGGLE_NOT_FOUND:
			/* No PATCH of the last attempt; each earlier attempt
			 * ended in a PATCH that failed without changing the
			 * pool (that is why it was retried, afresh). */
			assert_false(changed);
			assert_int_equal(count_requests("PATCH", NULL, NULL),
					 res.attempts - 1);
			break;
		case TOGGLE_WRITE_FAILED:
		case TOGGLE_VERIFY_FAILED:
			if (res.applied == 1)
				assert_true(changed);
			else if (res.applied == 0)
				assert_false(changed);
			else
				assert_non_null(strstr(res.message, "MAY"));
			break;
		default:
			fail_msg("unexpected outcome %s: %s",
				 toggle_outcome_name(res.outcome), res.message);
		}
		toggle_result_free(&res);
		cf_pool_free(&seen);
		cf_pool_free(&now);
		cf_client_free(c);
	}
	for (k = 0; k <= TOGGLE_VERIFY_FAILED; k++)
		if (outcomes[k])
			print_message(
				"%-14s %d\n",
				toggle_outcome_name((enum toggle_outcome)k),
				outcomes[k]);
}

/* The poller under injected faults: keeps running, reports errors, and
 * never turns a failed poll into "healthy". */
static void
test_poller_survives_faults(void **state)
{
	/* The first rule makes the first answers fail whatever the dice
	 * say, so "reports errors" is checked every run; the others are the
	 * random weather after it. */
	static const char *const faults =
		"[{\"kind\":\"5xx\",\"rate\":1,\"count\":4},"
		"{\"kind\":\"5xx\",\"rate\":0.3},"
		"{\"kind\":\"drop\",\"rate\":0.2},"
		"{\"kind\":\"malformed\",\"rate\":0.3}]";
	struct health_model *m = health_model_new();
	struct poller_options o = { 0 };
	struct poller_status st;
	const struct health_snapshot *s;
	const struct health_origin *cpu_b;
	struct poller *p;
	char err[128];

	(void)state;
	cfsim_admin(&S, "POST", "/__cfsim/health/kick", NULL, NULL);
	assert_int_equal(
		cfsim_admin(&S, "POST", "/__cfsim/faults", faults, NULL), 200);
	o.client = new_client(1);
	o.account_id = S.account_id;
	o.model = m;
	o.focus_interval_s = 1;
	o.background_interval_s = 1;
	o.pools_interval_s = 2;
	o.events_interval_s = 2;
	p = poller_start(&o, err, sizeof(err));
	assert_non_null(p);
	/* Until the weather has both failed a request and let one through
	 * (what is asserted below): a condition, not a time (a busy machine,
	 * or the poller's backoff after the first failures, only makes it
	 * take longer). */
	for (double end = now_s() + 240; now_s() < end; usleep(100000)) {
		poller_get_status(p, &st);
		if (st.errors > 0 && st.requests > st.errors)
			break;
	}
	poller_get_status(p, &st);
	poller_stop(p);
	print_message("under faults: %lu requests, %lu polls ok, %lu errors, "
		      "last error: %s\n",
		      st.requests, st.polls, st.errors, st.last_error);
	assert_true(st.errors > 0);
	assert_true(st.requests > st.errors);
	s = health_model_acquire(m);
	if (s) {
		/* cpu-b always answers 500: whatever got through, it is
		 * never reported healthy. */
		cpu_b = find_origin(s, "inference-fallback", "cpu-b");
		if (cpu_b)
			assert_int_not_equal(cpu_b->state, HEALTH_HEALTHY);
	}
	health_snapshot_release(s);
	health_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_flip_shows_unhealthy, reset_world),
		cmocka_unit_test_setup(test_headless_toggle_exact, reset_world),
		cmocka_unit_test_setup(test_concurrent_change_detected,
				       reset_world),
		cmocka_unit_test_setup(test_undo_restores, reset_world),
		cmocka_unit_test_setup(test_readonly_refuses, reset_world),
		cmocka_unit_test_setup(test_origin_json_and_dry_run,
				       reset_world),
		cmocka_unit_test_setup(test_health_command, reset_world),
		cmocka_unit_test_setup(test_faults_never_half_reported,
				       reset_world),
		cmocka_unit_test_setup(test_poller_survives_faults,
				       reset_world),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
