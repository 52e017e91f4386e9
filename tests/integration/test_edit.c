/* test_edit.c: create, edit and delete of DNS records, monitors, pools and load balancers against cfsim through the plan engine: round trips read back through the API, only changed fields sent, concurrent edits detected and re-applied, deletes held by references (and detached), undo of an edit and of a delete, proxied and enable toggles, the JSON edit, dry runs that send nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/edit.h"
#include "cfconsole/journal.h"
#include "cfsim_harness.h"

static struct cfsim S;
static struct cf_client *C;
static struct journal *J;
static char JPATH[256];
static char ZONE_ID[64]; /* inference.dev */
static const char *ZONE = "inference.dev";

/* ---- helpers ------------------------------------------------------------- */

static void
admin(const char *method, const char *path, const char *body)
{
	long st = cfsim_admin(&S, method, path, body, NULL);

	if (st != 200)
		fail_msg("cfsim admin %s %s: HTTP %ld", method, path, st);
}

static int
reset(void **state)
{
	(void)state;
	admin("DELETE", "/__cfsim/faults", NULL);
	admin("POST", "/__cfsim/reset", NULL);
	admin("DELETE", "/__cfsim/requests", NULL);
	/* Each test starts with an empty undo stack. */
	journal_free(J);
	J = journal_open(JPATH, "test", S.account_id, NULL, 0);
	return J ? 0 : -1;
}

/* The write requests (not GET) in cfsim's log, as "METHOD PATH BODY"
 * lines; how many in *n. Caller frees. */
static char *
writes(int *n)
{
	char *body = NULL, *out = calloc(1, 65536);
	cJSON *j, *it;

	*n = 0;
	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &body), 200);
	j = cJSON_Parse(body);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "requests"))
	{
		const char *m = cJSON_GetObjectItem(it, "method")->valuestring;

		if (!strcmp(m, "GET"))
			continue;
		(*n)++;
		snprintf(out + strlen(out), 65536 - strlen(out), "%s %s %s\n",
			 m, cJSON_GetObjectItem(it, "path")->valuestring,
			 cJSON_GetObjectItem(it, "body")->valuestring);
	}
	cJSON_Delete(j);
	free(body);
	return out;
}

static void
clear_log(void)
{
	admin("DELETE", "/__cfsim/requests", NULL);
}

static struct edit_options
opts(void)
{
	static struct field_ctx ctx;
	struct edit_options o = { .journal = J, .ctx = &ctx };

	memset(&ctx, 0, sizeof(ctx));
	ctx.zone = ZONE;
	return o;
}

static struct edit_target
target(enum field_res res)
{
	struct edit_target t = { .res = res,
				 .account_id = S.account_id,
				 .zone_id = ZONE_ID,
				 .zone_name = ZONE };

	return t;
}

/* A fresh copy of the object at /<path> (the client's own codec). */
static void *
get(enum field_res res, const char *fmt, ...)
{
	const struct field_table *t = fields_table(res);
	struct cfsim_reply rep = { 0 };
	struct cf_error err = { 0 };
	char path[512];
	cJSON *root, *result;
	char *text;
	void *obj;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (cfsim_api(&S, "GET", path, NULL, &rep) != 200) {
		cfsim_reply_free(&rep);
		return NULL;
	}
	root = cJSON_Parse(rep.body);
	result = cJSON_GetObjectItem(root, "result");
	text = cJSON_PrintUnformatted(result);
	obj = calloc(1, t->size);
	assert_int_equal(t->decode(text, obj, &err), CF_OK);
	free(text);
	cJSON_Delete(root);
	cfsim_reply_free(&rep);
	return obj;
}

static void
drop(enum field_res res, void *obj)
{
	if (obj) {
		fields_table(res)->free(obj);
		free(obj);
	}
}

static void *
copy(enum field_res res, const void *obj)
{
	const struct field_table *t = fields_table(res);
	void *c = calloc(1, t->size);

	assert_int_equal(t->copy(c, obj), CF_OK);
	return c;
}

static void
set(enum field_res res, void *obj, const char *path, const char *value)
{
	char why[VALID_WHY_MAX];
	struct field_ctx ctx = { .zone = ZONE };

	if (!fields_set_path(res, obj, path, value, &ctx, why, sizeof(why)))
		fail_msg("set %s=%s: %s", path, value, why);
}

/* The id of the object of res called name (pools, LBs by name; monitors
 * by description). */
static char *
find_id(enum field_res res, const char *name)
{
	struct cf_error err = { 0 };
	char *id = NULL;
	size_t i;

	if (res == FIELD_RES_POOL) {
		struct cf_pool_list l = { 0 };

		assert_int_equal(cf_pools_list(C, S.account_id, NULL, &l, &err),
				 CF_OK);
		for (i = 0; i < l.n && !id; i++)
			if (!strcmp(l.items[i].name, name))
				id = strdup(l.items[i].id);
		cf_pool_list_free(&l);
	} else if (res == FIELD_RES_MONITOR) {
		struct cf_monitor_list l = { 0 };

		assert_int_equal(cf_monitors_list(C, S.account_id, &l, &err),
				 CF_OK);
		for (i = 0; i < l.n && !id; i++)
			if (l.items[i].description &&
			    !strcmp(l.items[i].description, name))
				id = strdup(l.items[i].id);
		cf_monitor_list_free(&l);
	} else if (res == FIELD_RES_LB) {
		struct cf_load_balancer_list l = { 0 };

		assert_int_equal(cf_lbs_list(C, ZONE_ID, &l, &err), CF_OK);
		for (i = 0; i < l.n && !id; i++)
			if (!strcmp(l.items[i].name, name))
				id = strdup(l.items[i].id);
		cf_load_balancer_list_free(&l);
	}
	return id;
}

static void
expect(enum edit_outcome got, enum edit_outcome want,
       const struct edit_result *r)
{
	if (got != want)
		fail_msg("outcome %s, wanted %s: %s", edit_outcome_name(got),
			 edit_outcome_name(want), r->message ? r->message : "");
}

/* ---- round trips --------------------------------------------------------- */

static void
test_dns_round_trip(void **state)
{
	struct edit_target t = target(FIELD_RES_DNS);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	struct cf_dns_record rec, *got, *ed;
	char *log;
	int n;

	(void)state;
	cf_dns_record_init(&rec);
	set(FIELD_RES_DNS, &rec, "type", "A");
	set(FIELD_RES_DNS, &rec, "name", "edit-test");
	set(FIELD_RES_DNS, &rec, "content", "192.0.2.50");
	set(FIELD_RES_DNS, &rec, "ttl", "300");
	set(FIELD_RES_DNS, &rec, "comment", "made by test_edit");
	expect(edit_create(C, &t, &rec, &o, &r), EDIT_DONE, &r);
	assert_non_null(r.id);
	got = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID, r.id);
	assert_string_equal(got->name, "edit-test.inference.dev");
	assert_string_equal(got->content, "192.0.2.50");
	assert_true(got->ttl == 300);
	edit_result_free(&r);
	/* Edit: only the TTL goes, read back. */
	ed = copy(FIELD_RES_DNS, got);
	set(FIELD_RES_DNS, ed, "ttl", "600");
	clear_log();
	expect(edit_update(C, &t, got, ed, &o, &r), EDIT_DONE, &r);
	assert_string_equal(r.diff, "ttl: 300 -> 600");
	log = writes(&n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(log, "PATCH "));
	assert_non_null(strstr(log, "{\"ttl\":600}"));
	free(log);
	edit_result_free(&r);
	drop(FIELD_RES_DNS, ed);
	ed = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID, got->id);
	assert_true(ed->ttl == 600);
	/* A type change: MX needs a priority; A's content becomes a host. */
	set(FIELD_RES_DNS, ed, "type", "MX");
	set(FIELD_RES_DNS, ed, "content", "mail.inference.dev");
	set(FIELD_RES_DNS, ed, "priority", "20");
	{
		void *seen = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s",
				 ZONE_ID, got->id);

		expect(edit_update(C, &t, seen, ed, &o, &r), EDIT_DONE, &r);
		edit_result_free(&r);
		drop(FIELD_RES_DNS, seen);
	}
	drop(FIELD_RES_DNS, ed);
	ed = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID, got->id);
	assert_string_equal(ed->type, "MX");
	assert_true(ed->has_priority && ed->priority == 20);
	/* Delete: gone. */
	expect(edit_delete(C, &t, ed, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	assert_null(get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID,
			got->id));
	expect(edit_delete(C, &t, ed, &o, &r), EDIT_NOT_FOUND, &r);
	edit_result_free(&r);
	drop(FIELD_RES_DNS, ed);
	drop(FIELD_RES_DNS, got);
	cf_dns_record_free(&rec);
}

/* A record type with data: SRV, created and read back. */
static void
test_dns_data_record(void **state)
{
	struct edit_target t = target(FIELD_RES_DNS);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	struct cf_dns_record rec, *got;

	(void)state;
	cf_dns_record_init(&rec);
	set(FIELD_RES_DNS, &rec, "type", "SRV");
	set(FIELD_RES_DNS, &rec, "name", "_sip._tcp");
	set(FIELD_RES_DNS, &rec, "data.priority", "10");
	set(FIELD_RES_DNS, &rec, "data.weight", "5");
	set(FIELD_RES_DNS, &rec, "data.port", "5060");
	set(FIELD_RES_DNS, &rec, "data.target", "sip.inference.dev");
	expect(edit_create(C, &t, &rec, &o, &r), EDIT_DONE, &r);
	got = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID, r.id);
	assert_string_equal(got->type, "SRV");
	assert_non_null(strstr(got->data_json, "\"port\":5060"));
	assert_non_null(
		strstr(got->data_json, "\"target\":\"sip.inference.dev\""));
	edit_result_free(&r);
	drop(FIELD_RES_DNS, got);
	cf_dns_record_free(&rec);
}

/* Monitor -> pool (monitor attached) -> load balancer, edited and deleted. */
static void
test_lb_stack_round_trip(void **state)
{
	struct edit_target tm = target(FIELD_RES_MONITOR);
	struct edit_target tp = target(FIELD_RES_POOL);
	struct edit_target tl = target(FIELD_RES_LB);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	struct cf_monitor m;
	struct cf_pool p;
	struct cf_load_balancer lb;
	struct cf_monitor *gm, *em;
	struct cf_pool *gp, *ep;
	struct cf_load_balancer *gl, *el;
	char mid[64], pid[64], lid[64], *log;
	int n;

	(void)state;
	cf_monitor_init(&m);
	set(FIELD_RES_MONITOR, &m, "description", "edit-test monitor");
	set(FIELD_RES_MONITOR, &m, "path", "/ready");
	set(FIELD_RES_MONITOR, &m, "interval", "120");
	expect(edit_create(C, &tm, &m, &o, &r), EDIT_DONE, &r);
	snprintf(mid, sizeof(mid), "%s", r.id);
	edit_result_free(&r);
	cf_pool_init(&p);
	set(FIELD_RES_POOL, &p, "name", "edit-test-pool");
	set(FIELD_RES_POOL, &p, "monitor", mid);
	set(FIELD_RES_POOL, &p, "origins[+].name", "o1");
	set(FIELD_RES_POOL, &p, "origins[o1].address", "127.0.0.1");
	set(FIELD_RES_POOL, &p, "origins[+].name", "o2");
	set(FIELD_RES_POOL, &p, "origins[o2].address", "127.0.0.2");
	set(FIELD_RES_POOL, &p, "check_regions", "WNAM, ENAM");
	expect(edit_create(C, &tp, &p, &o, &r), EDIT_DONE, &r);
	snprintf(pid, sizeof(pid), "%s", r.id);
	edit_result_free(&r);
	gp = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		 S.account_id, pid);
	assert_string_equal(gp->monitor, mid);
	assert_int_equal(gp->norigins, 2);
	/* check_regions is not in a create body: a PATCH after it set it. */
	assert_true(gp->has_check_regions);
	assert_int_equal(gp->check_regions.n, 2);
	cf_load_balancer_init(&lb);
	set(FIELD_RES_LB, &lb, "name", "edit-test");
	set(FIELD_RES_LB, &lb, "default_pools", pid);
	set(FIELD_RES_LB, &lb, "fallback_pool", pid);
	set(FIELD_RES_LB, &lb, "proxied", "on");
	set(FIELD_RES_LB, &lb, "enabled", "off");
	expect(edit_create(C, &tl, &lb, &o, &r), EDIT_DONE, &r);
	snprintf(lid, sizeof(lid), "%s", r.id);
	edit_result_free(&r);
	gl = get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid);
	assert_string_equal(gl->name, "edit-test.inference.dev");
	assert_false(gl->enabled); /* the PATCH after the create */
	assert_true(gl->proxied);
	/* Edits: only the changed fields (and a monitor's expected_codes). */
	gm = get(FIELD_RES_MONITOR, "/accounts/%s/load_balancers/monitors/%s",
		 S.account_id, mid);
	em = copy(FIELD_RES_MONITOR, gm);
	set(FIELD_RES_MONITOR, em, "interval", "90");
	clear_log();
	expect(edit_update(C, &tm, gm, em, &o, &r), EDIT_DONE, &r);
	log = writes(&n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(log, "\"interval\":90"));
	assert_non_null(strstr(log, "\"expected_codes\":\"200\""));
	assert_null(strstr(log, "\"path\""));
	free(log);
	edit_result_free(&r);
	drop(FIELD_RES_MONITOR, em);
	em = get(FIELD_RES_MONITOR, "/accounts/%s/load_balancers/monitors/%s",
		 S.account_id, mid);
	assert_int_equal(em->interval, 90);
	assert_string_equal(em->path, "/ready");
	/* A pool's origins: the whole array, with one weight changed. */
	ep = copy(FIELD_RES_POOL, gp);
	set(FIELD_RES_POOL, ep, "origins[o2].weight", "0.5");
	clear_log();
	expect(edit_update(C, &tp, gp, ep, &o, &r), EDIT_DONE, &r);
	assert_string_equal(r.diff, "origins[o2].weight: 1 -> 0.5");
	log = writes(&n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(log, "\"origins\":[{\"name\":\"o1\""));
	assert_null(strstr(log, "\"name\":\"edit-test-pool\""));
	free(log);
	edit_result_free(&r);
	drop(FIELD_RES_POOL, ep);
	ep = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		 S.account_id, pid);
	assert_true(ep->origins[1].weight == 0.5);
	assert_true(ep->origins[0].weight == 1);
	/* LB: steering and session affinity. */
	el = copy(FIELD_RES_LB, gl);
	set(FIELD_RES_LB, el, "steering_policy", "random");
	set(FIELD_RES_LB, el, "session_affinity", "cookie");
	expect(edit_update(C, &tl, gl, el, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	drop(FIELD_RES_LB, el);
	el = get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid);
	assert_string_equal(el->steering_policy, "random");
	assert_string_equal(el->session_affinity, "cookie");
	/* Deletes, last first. */
	expect(edit_delete(C, &tl, el, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	expect(edit_delete(C, &tp, ep, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	expect(edit_delete(C, &tm, em, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	assert_null(
		get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid));
	assert_null(get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
			S.account_id, pid));
	assert_null(get(FIELD_RES_MONITOR,
			"/accounts/%s/load_balancers/monitors/%s", S.account_id,
			mid));
	drop(FIELD_RES_MONITOR, gm);
	drop(FIELD_RES_MONITOR, em);
	drop(FIELD_RES_POOL, gp);
	drop(FIELD_RES_POOL, ep);
	drop(FIELD_RES_LB, gl);
	drop(FIELD_RES_LB, el);
	cf_monitor_free(&m);
	cf_pool_free(&p);
	cf_load_balancer_free(&lb);
}

/* ---- rules --------------------------------------------------------------- */

/* Invalid values are refused before anything is sent. */
static void
test_invalid_sends_nothing(void **state)
{
	struct edit_target t = target(FIELD_RES_MONITOR);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *id =
		find_id(FIELD_RES_MONITOR, "Embeddings health (GET /healthz)");
	struct cf_monitor *m = get(FIELD_RES_MONITOR,
				   "/accounts/%s/load_balancers/monitors/%s",
				   S.account_id, id);
	struct cf_monitor *e = copy(FIELD_RES_MONITOR, m);
	char *log;
	int n;

	(void)state;
	e->timeout = e->interval + 5;
	clear_log();
	expect(edit_update(C, &t, m, e, &o, &r), EDIT_INVALID, &r);
	assert_non_null(strstr(r.message, "timeout: timeout must be less than "
					  "the interval"));
	log = writes(&n);
	assert_int_equal(n, 0);
	free(log);
	edit_result_free(&r);
	drop(FIELD_RES_MONITOR, m);
	drop(FIELD_RES_MONITOR, e);
	free(id);
}

/* Someone changes the object through the API while "the form is open":
 * detected, nothing overwritten; re-applied onto the new version. */
static void
test_concurrent_edit(void **state)
{
	struct edit_target t = target(FIELD_RES_MONITOR);
	struct edit_target tp = target(FIELD_RES_POOL);
	struct edit_options o = opts();
	struct edit_result r = { 0 }, r2 = { 0 };
	char *id =
		find_id(FIELD_RES_MONITOR, "Embeddings health (GET /healthz)");
	char *pid = find_id(FIELD_RES_POOL, "embeddings");
	char path[256], *log;
	struct cfsim_reply rep = { 0 };
	struct cf_monitor *seen, *mine, *now;
	struct cf_pool *pseen, *pmine, *pnow;
	void *next;
	int n;

	(void)state;
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/monitors/%s",
		 S.account_id, id);
	seen = get(FIELD_RES_MONITOR, "%s", path);
	mine = copy(FIELD_RES_MONITOR, seen);
	set(FIELD_RES_MONITOR, mine, "description", "edited in the form");
	/* Meanwhile, elsewhere: */
	assert_int_equal(cfsim_api(&S, "PATCH", path,
				   "{\"interval\":240,\"expected_codes\":"
				   "\"200\"}",
				   &rep),
			 200);
	cfsim_reply_free(&rep);
	clear_log();
	expect(edit_update(C, &t, seen, mine, &o, &r), EDIT_CONFLICT, &r);
	assert_string_equal(r.changed, "interval: 60 -> 240");
	assert_non_null(strstr(r.message, "interval: 60 -> 240"));
	log = writes(&n);
	assert_int_equal(n, 0); /* never overwritten silently */
	free(log);
	now = get(FIELD_RES_MONITOR, "%s", path);
	assert_int_equal(now->interval, 240);
	drop(FIELD_RES_MONITOR, now);
	/* Re-apply onto the new version: theirs stays, mine goes in. */
	assert_true(
		fields_rebase(FIELD_RES_MONITOR, seen, mine, r.fresh, &next));
	expect(edit_update(C, &t, r.fresh, next, &o, &r2), EDIT_DONE, &r2);
	now = get(FIELD_RES_MONITOR, "%s", path);
	assert_int_equal(now->interval, 240);
	assert_string_equal(now->description, "edited in the form");
	drop(FIELD_RES_MONITOR, now);
	drop(FIELD_RES_MONITOR, next);
	edit_result_free(&r);
	edit_result_free(&r2);
	/* A pool: someone adds an origin while a weight is edited here. */
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 S.account_id, pid);
	pseen = get(FIELD_RES_POOL, "%s", path);
	pmine = copy(FIELD_RES_POOL, pseen);
	set(FIELD_RES_POOL, pmine, "origins[0].weight", "0.3");
	{
		struct cf_pool *other = copy(FIELD_RES_POOL, pseen);
		char *body;

		set(FIELD_RES_POOL, other, "origins[+].name",
		    "added-elsewhere");
		set(FIELD_RES_POOL, other, "origins[added-elsewhere].address",
		    "127.0.0.9");
		body = cf_pool_encode(other, CF_POOL_F_ORIGINS);
		assert_int_equal(cfsim_api(&S, "PATCH", path, body, &rep), 200);
		cfsim_reply_free(&rep);
		free(body);
		drop(FIELD_RES_POOL, other);
	}
	expect(edit_update(C, &tp, pseen, pmine, &o, &r), EDIT_CONFLICT, &r);
	assert_string_equal(r.changed, "origins: + added-elsewhere");
	assert_true(
		fields_rebase(FIELD_RES_POOL, pseen, pmine, r.fresh, &next));
	expect(edit_update(C, &tp, r.fresh, next, &o, &r2), EDIT_DONE, &r2);
	pnow = get(FIELD_RES_POOL, "%s", path);
	assert_int_equal(pnow->norigins, pseen->norigins + 1);
	assert_true(pnow->origins[0].weight == 0.3);
	assert_string_equal(pnow->origins[pnow->norigins - 1].name,
			    "added-elsewhere");
	drop(FIELD_RES_POOL, pnow);
	drop(FIELD_RES_POOL, next);
	drop(FIELD_RES_POOL, pseen);
	drop(FIELD_RES_POOL, pmine);
	edit_result_free(&r);
	edit_result_free(&r2);
	drop(FIELD_RES_MONITOR, seen);
	drop(FIELD_RES_MONITOR, mine);
	free(id);
	free(pid);
}

/* Deletes held by references: refused with their names, nothing sent. */
static void
test_delete_held(void **state)
{
	struct edit_target tm = target(FIELD_RES_MONITOR);
	struct edit_target tp = target(FIELD_RES_POOL);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *mid =
		find_id(FIELD_RES_MONITOR, "Embeddings health (GET /healthz)");
	char *pid = find_id(FIELD_RES_POOL, "inference-fallback");
	struct cf_monitor *m = get(FIELD_RES_MONITOR,
				   "/accounts/%s/load_balancers/monitors/%s",
				   S.account_id, mid);
	struct cf_pool *p =
		get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		    S.account_id, pid);
	char *log;
	int n;

	(void)state;
	clear_log();
	expect(edit_delete(C, &tm, m, &o, &r), EDIT_HELD, &r);
	assert_string_equal(r.message,
			    "monitor Embeddings health (GET /healthz) is held "
			    "by: pool embeddings; nothing was deleted. Remove "
			    "it from them first, or delete with detach (the "
			    "console removes those references first; undo "
			    "puts them back)");
	edit_result_free(&r);
	expect(edit_delete(C, &tp, p, &o, &r), EDIT_HELD, &r);
	assert_non_null(strstr(r.message, "is held by: load balancer "
					  "lb.inference.dev"));
	edit_result_free(&r);
	/* The fallback pool cannot be detached: said, nothing sent. */
	o.detach = true;
	expect(edit_delete(C, &tp, p, &o, &r), EDIT_HELD, &r);
	assert_non_null(strstr(r.message, "cannot be detached from load "
					  "balancer lb.inference.dev: it is "
					  "its fallback pool"));
	edit_result_free(&r);
	log = writes(&n);
	assert_int_equal(n, 0);
	free(log);
	drop(FIELD_RES_MONITOR, m);
	drop(FIELD_RES_POOL, p);
	free(mid);
	free(pid);
}

/* The API's own refusal (412, 1005) is the same answer, with names: a
 * pool starts using the monitor after the console's check and before its
 * DELETE lands (the DELETE is held back by a latency fault; the test
 * attaches the pool once the check is in cfsim's log). */
struct racer {
	struct edit_target t;
	struct edit_options o;
	const struct cf_monitor *seen;
	struct edit_result r;
	struct cf_client *c;
};

static void *
race_delete(void *ud)
{
	struct racer *x = ud;

	edit_delete(x->c, &x->t, x->seen, &x->o, &x->r);
	return NULL;
}

/* True once cfsim's log holds a request whose method, path part and
 * query part match. */
static bool
logged(const char *method, const char *path_part, const char *query_part)
{
	char *body = NULL;
	cJSON *j, *it;
	bool found = false;

	assert_int_equal(
		cfsim_admin(&S, "GET", "/__cfsim/requests", NULL, &body), 200);
	j = cJSON_Parse(body);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(j, "requests"))
	{
		if (!strcmp(cJSON_GetObjectItem(it, "method")->valuestring,
			    method) &&
		    strstr(cJSON_GetObjectItem(it, "path")->valuestring,
			   path_part) &&
		    strstr(cJSON_GetObjectItem(it, "query")->valuestring,
			   query_part))
			found = true;
	}
	cJSON_Delete(j);
	free(body);
	return found;
}

static void
test_delete_refused_by_api(void **state)
{
	struct edit_target tm = target(FIELD_RES_MONITOR);
	struct edit_target tp = target(FIELD_RES_POOL);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	struct cf_monitor m, *seen;
	struct cf_pool *pool;
	struct cf_client_options co = { .max_retries = -1 };
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN };
	struct cf_error err = { 0 };
	struct racer x;
	char mid[64], path[256], fault[256],
		tok[] = "cfsim-demo-token",
		*pid = find_id(FIELD_RES_POOL, "inference-fallback");
	pthread_t th;

	(void)state;
	cf_monitor_init(&m);
	set(FIELD_RES_MONITOR, &m, "description", "race monitor");
	expect(edit_create(C, &tm, &m, &o, &r), EDIT_DONE, &r);
	snprintf(mid, sizeof(mid), "%s", r.id);
	edit_result_free(&r);
	seen = get(FIELD_RES_MONITOR, "/accounts/%s/load_balancers/monitors/%s",
		   S.account_id, mid);
	snprintf(fault, sizeof(fault),
		 "{\"kind\":\"latency\",\"ms\":3000,\"method\":\"DELETE\","
		 "\"path\":\"%s\",\"count\":1}",
		 mid);
	admin("POST", "/__cfsim/faults", fault);
	clear_log();
	/* The delete runs on its own thread and client. */
	creds.token = tok;
	co.creds = &creds;
	co.base_url = S.base_url;
	memset(&x, 0, sizeof(x));
	x.t = tm;
	x.o = o;
	x.seen = seen;
	x.c = cf_client_new(&co, &err);
	assert_non_null(x.c);
	assert_int_equal(pthread_create(&th, NULL, race_delete, &x), 0);
	while (!logged("GET", "/load_balancers/pools", mid))
		usleep(10000); /* poll the condition, gently */
	/* Now, before the DELETE is let through: a pool uses the monitor. */
	pool = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		   S.account_id, pid);
	{
		struct cf_pool *e = copy(FIELD_RES_POOL, pool);

		set(FIELD_RES_POOL, e, "monitor", mid);
		expect(edit_update(C, &tp, pool, e, &o, &r), EDIT_DONE, &r);
		edit_result_free(&r);
		drop(FIELD_RES_POOL, e);
	}
	pthread_join(th, NULL);
	expect(x.r.outcome, EDIT_HELD, &x.r);
	assert_string_equal(x.r.message,
			    "monitor race monitor is held by: pool "
			    "inference-fallback; nothing was deleted (the API "
			    "refused: it is referenced)");
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/monitors/%s",
		 S.account_id, mid);
	drop(FIELD_RES_MONITOR, seen);
	seen = get(FIELD_RES_MONITOR, "%s", path);
	assert_non_null(seen); /* still there */
	edit_result_free(&x.r);
	cf_client_free(x.c);
	drop(FIELD_RES_MONITOR, seen);
	drop(FIELD_RES_POOL, pool);
	cf_monitor_free(&m);
	free(pid);
}

/* ---- undo ---------------------------------------------------------------- */

static void
test_undo_edit(void **state)
{
	struct edit_target t = target(FIELD_RES_POOL);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *pid = find_id(FIELD_RES_POOL, "embeddings");
	char path[256];
	struct cfsim_reply rep = { 0 };
	struct cf_pool *seen, *mine, *now;

	(void)state;
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 S.account_id, pid);
	seen = get(FIELD_RES_POOL, "%s", path);
	mine = copy(FIELD_RES_POOL, seen);
	set(FIELD_RES_POOL, mine, "description", "undo me");
	set(FIELD_RES_POOL, mine, "minimum_origins", "2");
	expect(edit_update(C, &t, seen, mine, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	/* u: back as it was. */
	expect(edit_undo(C, J, &o, &r), EDIT_DONE, &r);
	assert_non_null(strstr(r.message, "minimum_origins: 2 -> 1"));
	edit_result_free(&r);
	now = get(FIELD_RES_POOL, "%s", path);
	assert_int_equal(now->minimum_origins, seen->minimum_origins);
	assert_string_equal(now->description, seen->description);
	drop(FIELD_RES_POOL, now);
	expect(edit_undo(C, J, &o, &r), EDIT_NOOP, &r);
	edit_result_free(&r);
	/* An edit changed again elsewhere is not undone over it. */
	drop(FIELD_RES_POOL, seen);
	seen = get(FIELD_RES_POOL, "%s", path);
	drop(FIELD_RES_POOL, mine);
	mine = copy(FIELD_RES_POOL, seen);
	set(FIELD_RES_POOL, mine, "minimum_origins", "2");
	expect(edit_update(C, &t, seen, mine, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	assert_int_equal(
		cfsim_api(&S, "PATCH", path, "{\"minimum_origins\":3}", &rep),
		200);
	cfsim_reply_free(&rep);
	expect(edit_undo(C, J, &o, &r), EDIT_CONFLICT, &r);
	assert_string_equal(r.changed, "minimum_origins: 2 -> 3");
	edit_result_free(&r);
	now = get(FIELD_RES_POOL, "%s", path);
	assert_int_equal(now->minimum_origins, 3);
	drop(FIELD_RES_POOL, now);
	drop(FIELD_RES_POOL, seen);
	drop(FIELD_RES_POOL, mine);
	free(pid);
}

/* Delete with its references detached; undo recreates it (a new id,
 * said) and puts it back where it was used. */
static void
test_undo_delete_restores_references(void **state)
{
	struct edit_target tm = target(FIELD_RES_MONITOR);
	struct edit_target tp = target(FIELD_RES_POOL);
	struct edit_target tl = target(FIELD_RES_LB);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *mid =
		find_id(FIELD_RES_MONITOR, "Embeddings health (GET /healthz)");
	char *pid = find_id(FIELD_RES_POOL, "inference");
	char *lid = find_id(FIELD_RES_LB, "lb.inference.dev");
	struct cf_monitor *m;
	struct cf_pool *p, *pool, *ep;
	struct cf_load_balancer *lb;
	char newid[64], path[256];

	(void)state;
	/* A monitor used by pool "embeddings", deleted with detach. */
	m = get(FIELD_RES_MONITOR, "/accounts/%s/load_balancers/monitors/%s",
		S.account_id, mid);
	o.detach = true;
	expect(edit_delete(C, &tm, m, &o, &r), EDIT_DONE, &r);
	assert_non_null(strstr(r.message, "first removed from: pool "
					  "embeddings"));
	edit_result_free(&r);
	{
		char *eid = find_id(FIELD_RES_POOL, "embeddings");

		ep = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
			 S.account_id, eid);
		free(eid);
	}
	assert_null(ep->monitor);
	drop(FIELD_RES_POOL, ep);
	expect(edit_undo(C, J, &o, &r), EDIT_DONE, &r);
	assert_non_null(strstr(r.message, "with a new id"));
	assert_non_null(strstr(r.message, "put back in: pool embeddings"));
	snprintf(newid, sizeof(newid), "%s", r.id);
	assert_string_not_equal(newid, mid);
	edit_result_free(&r);
	{
		char *eid = find_id(FIELD_RES_POOL, "embeddings");

		ep = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
			 S.account_id, eid);
		free(eid);
	}
	assert_string_equal(ep->monitor, newid);
	drop(FIELD_RES_POOL, ep);
	drop(FIELD_RES_MONITOR, m);
	m = get(FIELD_RES_MONITOR, "/accounts/%s/load_balancers/monitors/%s",
		S.account_id, newid);
	assert_string_equal(m->description, "Embeddings health (GET /healthz)");
	assert_string_equal(m->path, "/healthz");
	drop(FIELD_RES_MONITOR, m);
	/* A pool used by a load balancer (not its fallback): removed from
	 * it, then put back where it was in the default pools. */
	p = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		S.account_id, pid);
	expect(edit_delete(C, &tp, p, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	snprintf(path, sizeof(path), "/zones/%s/load_balancers/%s", ZONE_ID,
		 lid);
	lb = get(FIELD_RES_LB, "%s", path);
	assert_int_equal(lb->default_pools.n, 1);
	drop(FIELD_RES_LB, lb);
	expect(edit_undo(C, J, &o, &r), EDIT_DONE, &r);
	assert_non_null(strstr(r.message, "put back in: load balancer "
					  "lb.inference.dev"));
	lb = get(FIELD_RES_LB, "%s", path);
	assert_int_equal(lb->default_pools.n, 2);
	assert_string_equal(lb->default_pools.v[0], r.id);
	assert_non_null(strstr(lb->raw, r.id)); /* LAX pinned to it again */
	pool = get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		   S.account_id, r.id);
	assert_string_equal(pool->name, "inference");
	assert_int_equal(pool->norigins, p->norigins);
	edit_result_free(&r);
	drop(FIELD_RES_POOL, pool);
	drop(FIELD_RES_LB, lb);
	drop(FIELD_RES_POOL, p);
	(void)tl;
	free(mid);
	free(pid);
	free(lid);
}

/* ---- one-key changes, JSON, dry runs ------------------------------------- */

static void
test_proxied_and_enable(void **state)
{
	struct edit_target t = target(FIELD_RES_DNS);
	struct edit_target tl = target(FIELD_RES_LB);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	struct cf_dns_record_list l = { 0 };
	struct cf_dns_filter f = { .type = "TXT" };
	struct cf_error err = { 0 };
	struct cf_dns_record *a = NULL, *now;
	char *lid = find_id(FIELD_RES_LB, "lb.inference.dev"), *impact;
	struct cf_load_balancer *lb;
	size_t i;

	(void)state;
	assert_int_equal(cf_dns_list(C, ZONE_ID, NULL, &l, &err), CF_OK);
	for (i = 0; i < l.n && !a; i++)
		if (!strcmp(l.items[i].type, "A") && !l.items[i].proxied)
			a = copy(FIELD_RES_DNS, &l.items[i]);
	cf_dns_record_list_free(&l);
	assert_non_null(a);
	expect(edit_set_proxied(C, &t, a, true, &o, &r), EDIT_DONE, &r);
	/* A proxied record's TTL is automatic: that goes with it. */
	assert_true(!strncmp(r.diff, "proxied: off -> on\nttl: ", 24));
	edit_result_free(&r);
	now = get(FIELD_RES_DNS, "/zones/%s/dns_records/%s", ZONE_ID, a->id);
	assert_true(now->proxied);
	drop(FIELD_RES_DNS, now);
	drop(FIELD_RES_DNS, a);
	/* Not for a TXT record. */
	assert_int_equal(cf_dns_list(C, ZONE_ID, &f, &l, &err), CF_OK);
	a = copy(FIELD_RES_DNS, &l.items[0]);
	cf_dns_record_list_free(&l);
	expect(edit_set_proxied(C, &t, a, true, &o, &r), EDIT_INVALID, &r);
	assert_non_null(strstr(r.message, "only A, AAAA and CNAME records"));
	edit_result_free(&r);
	drop(FIELD_RES_DNS, a);
	/* A load balancer: what stops being served, then disabled. */
	lb = get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid);
	assert_int_equal(edit_lb_impact(C, &tl, lb, true, &impact, &err),
			 CF_OK);
	assert_non_null(strstr(impact, "lb.inference.dev stops being served"));
	assert_non_null(strstr(impact, "CNAME "));
	free(impact);
	expect(edit_lb_enable(C, &tl, lb, false, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	drop(FIELD_RES_LB, lb);
	lb = get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid);
	assert_false(lb->enabled);
	drop(FIELD_RES_LB, lb);
	free(lid);
}

/* text with the value of "key" (a top-level member) replaced by json. */
static char *
with_value(const char *text, const char *key, const char *json)
{
	cJSON *o = cJSON_Parse(text);
	char *out;

	assert_non_null(o);
	cJSON_ReplaceItemInObject(o, key, cJSON_Parse(json));
	out = cJSON_Print(o);
	cJSON_Delete(o);
	return out;
}

static void
test_json_edit(void **state)
{
	struct edit_target t = target(FIELD_RES_LB);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *lid = find_id(FIELD_RES_LB, "lb.inference.dev");
	struct cf_load_balancer *lb =
		get(FIELD_RES_LB, "/zones/%s/load_balancers/%s", ZONE_ID, lid);
	char *text = edit_json_text(FIELD_RES_LB, lb), *bad, *err, *diff;
	char *marked, *good, *at;
	void *edited;
	unsigned mask;

	(void)state;
	assert_non_null(strstr(text, "\"name\": \"lb.inference.dev\""));
	/* Invalid JSON: where, and the text kept under the error. */
	bad = strdup(text);
	at = strstr(bad, "\"description\"");
	at[0] = ' ';
	assert_false(edit_json_parse(FIELD_RES_LB, lb, bad, o.ctx, &edited,
				     &mask, &diff, &err));
	assert_non_null(strstr(err, "this is not valid JSON"));
	marked = edit_json_with_error(bad, err);
	assert_true(!strncmp(marked, "// error: line ", 15));
	assert_non_null(strstr(marked, bad));
	free(err);
	/* An invalid value: the field and its reason. */
	good = with_value(text, "steering_policy", "\"fastest\"");
	assert_false(edit_json_parse(FIELD_RES_LB, lb, good, o.ctx, &edited,
				     &mask, &diff, &err));
	assert_string_equal(err, "steering_policy: steering policy must be "
				 "one of off, geo, random, dynamic_latency, "
				 "proximity, least_outstanding_requests, "
				 "least_connections");
	free(err);
	free(good);
	/* The id cannot change. */
	good = with_value(text, "id", "\"00000000000000000000000000000000\"");
	assert_false(edit_json_parse(FIELD_RES_LB, lb, good, o.ctx, &edited,
				     &mask, &diff, &err));
	assert_non_null(strstr(err, "the id cannot be changed"));
	free(err);
	free(good);
	/* A change: parsed even with the old error on top, diffed, sent. */
	free(marked);
	good = with_value(text, "proxied", "false");
	marked = edit_json_with_error(good, "an old error");
	assert_true(edit_json_parse(FIELD_RES_LB, lb, marked, o.ctx, &edited,
				    &mask, &diff, &err));
	assert_int_equal(mask, CF_LB_F_PROXIED);
	assert_string_equal(diff, "proxied: on -> off");
	expect(edit_update(C, &t, lb, edited, &o, &r), EDIT_DONE, &r);
	edit_result_free(&r);
	free(diff);
	drop(FIELD_RES_LB, edited);
	free(good);
	free(marked);
	free(bad);
	free(text);
	drop(FIELD_RES_LB, lb);
	free(lid);
}

static void
test_dry_run_sends_nothing(void **state)
{
	struct edit_target t = target(FIELD_RES_POOL);
	struct edit_options o = opts();
	struct edit_result r = { 0 };
	char *pid = find_id(FIELD_RES_POOL, "embeddings");
	struct cf_pool *p =
		get(FIELD_RES_POOL, "/accounts/%s/load_balancers/pools/%s",
		    S.account_id, pid);
	struct cf_pool *e = copy(FIELD_RES_POOL, p), np;
	char *log;
	int n;

	(void)state;
	o.dry_run = true;
	o.journal = NULL;
	set(FIELD_RES_POOL, e, "minimum_origins", "2");
	clear_log();
	expect(edit_update(C, &t, p, e, &o, &r), EDIT_DRY_RUN, &r);
	assert_non_null(strstr(r.requests, "PATCH /accounts/"));
	assert_non_null(strstr(r.requests, "\"minimum_origins\": 2"));
	edit_result_free(&r);
	cf_pool_init(&np);
	set(FIELD_RES_POOL, &np, "name", "dry");
	set(FIELD_RES_POOL, &np, "origins[+].address", "127.0.0.1");
	expect(edit_create(C, &t, &np, &o, &r), EDIT_DRY_RUN, &r);
	assert_non_null(strstr(r.requests, "POST /accounts/"));
	edit_result_free(&r);
	expect(edit_delete(C, &t, p, &o, &r), EDIT_HELD, &r);
	edit_result_free(&r);
	log = writes(&n);
	assert_int_equal(n, 0);
	free(log);
	cf_pool_free(&np);
	drop(FIELD_RES_POOL, p);
	drop(FIELD_RES_POOL, e);
	free(pid);
}

/* ---- setup --------------------------------------------------------------- */

static int
group_setup(void **state)
{
	static const char *const args[] = { "--demo", "--no-health",
					    "--rate-limit", "100000/60", NULL };
	char tok[] = "cfsim-demo-token";
	struct cf_credentials creds = { .kind = CF_AUTH_TOKEN, .token = tok };
	struct cf_client_options o = { .creds = &creds, .max_retries = -1 };
	struct cf_error err = { 0 };
	struct cf_zone_list zl = { 0 };
	size_t i;

	(void)state;
	if (cf_global_init() != CF_OK || cfsim_start(&S, args) != 0)
		return -1;
	cf_ratelimit_configure(100000, 60);
	o.base_url = S.base_url;
	C = cf_client_new(&o, &err);
	if (!C)
		return -1;
	snprintf(JPATH, sizeof(JPATH), "%s/edit-journal.%ld",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	if (cf_zones_list(C, S.account_id, ZONE, &zl, &err) != CF_OK)
		return -1;
	for (i = 0; i < zl.n; i++)
		if (!strcmp(zl.items[i].name, ZONE))
			snprintf(ZONE_ID, sizeof(ZONE_ID), "%s",
				 zl.items[i].id);
	cf_zone_list_free(&zl);
	return ZONE_ID[0] ? 0 : -1;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dns_round_trip, reset),
		cmocka_unit_test_setup(test_dns_data_record, reset),
		cmocka_unit_test_setup(test_lb_stack_round_trip, reset),
		cmocka_unit_test_setup(test_invalid_sends_nothing, reset),
		cmocka_unit_test_setup(test_concurrent_edit, reset),
		cmocka_unit_test_setup(test_delete_held, reset),
		cmocka_unit_test_setup(test_delete_refused_by_api, reset),
		cmocka_unit_test_setup(test_undo_edit, reset),
		cmocka_unit_test_setup(test_undo_delete_restores_references,
				       reset),
		cmocka_unit_test_setup(test_proxied_and_enable, reset),
		cmocka_unit_test_setup(test_json_edit, reset),
		cmocka_unit_test_setup(test_dry_run_sends_nothing, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
