/* test_oncall_writers.c: four headless `cfconsole origin` writers toggling different origins of one pool at once never undo each other (issue 8, item 16), counted from cfsim's request log. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cfsim_harness.h"
#include "writers.h"

#define T1 "writer-one-token-0123456789abcdef"
#define T2 "writer-two-token-0123456789abcdef"
#define T3 "writer-three-token-0123456789abcd"
#define T4 "writer-four-token-0123456789abcde"

static struct cfsim S;
static char TMP[64];

static int
group_setup(void **state)
{
	static const char *const args[] = {
		"--gen",	"pools=1,origins=4",
		"--token",	T1,
		"--token",	T2,
		"--token",	T3,
		"--token",	T4,
		"--rate-limit", "100000/60",
		NULL,
	};

	(void)state;
	snprintf(TMP, sizeof(TMP), "/tmp/cfc-writers.XXXXXX");
	if (!mkdtemp(TMP) || cfsim_start(&S, args) != 0)
		return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	cfsim_stop(&S);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", TMP);
	return system(cmd) == 0 ? 0 : -1;
}

/* The generated pool's id ("pool-00000"). */
static void
pool_id(char *out, size_t size)
{
	struct cfsim_reply r;
	char path[200];
	cJSON *root, *it;

	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 S.account_id);
	assert_int_equal(cfsim_api(&S, "GET", path, NULL, &r), 200);
	root = cJSON_Parse(r.body);
	cfsim_reply_free(&r);
	assert_non_null(root);
	out[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "result")) if (
		strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(it, "name")),
		       "pool-00000") == 0)
		snprintf(out, size, "%s",
			 cJSON_GetStringValue(cJSON_GetObjectItem(it, "id")));
	cJSON_Delete(root);
	assert_true(out[0] != '\0');
}

/*
 * Four writers, each disabling and enabling its own origin of the same
 * pool, all at once. Every PATCH cfsim accepted is replayed in order: a
 * PATCH that sets another writer's origin to anything but that writer's
 * latest value undid it. With the pool lock there are none, every run is
 * done and verified, and the pool ends as each writer left its origin.
 * cfsim delays health and reference reads, as a distant API does: it
 * widens the window between a read and its write, so writers that did
 * not take turns would undo each other here within a few rounds.
 */
static void
test_four_writers_no_revert(void **state)
{
	static const char *const tokens[] = { T1, T2, T3, T4 };
	static const char *const origins[] = {
		"origin-00000-0",
		"origin-00000-1",
		"origin-00000-2",
		"origin-00000-3",
	};
	const char *bin = getenv("CFCONSOLE");
	const char *rounds_env = getenv("CFC_WRITERS_ROUNDS");
	struct writers_opts o = { 0 };
	struct writers_result res;
	char id[64], url[256];
	struct cfsim_reply r;

	(void)state;
	assert_non_null(bin);
	pool_id(id, sizeof(id));
	snprintf(url, sizeof(url), "%s/__cfsim/faults", S.admin_url);
	assert_int_equal(cfsim_http("POST", url, NULL,
				    "[{\"spec\":\"latency=30:1:/health\"},"
				    "{\"spec\":\"latency=30:1:/references\"}]",
				    &r),
			 200);
	cfsim_reply_free(&r);
	o.cfconsole = bin;
	o.sim = &S;
	o.nwriters = 4;
	o.rounds = rounds_env ? atoi(rounds_env) : 12;
	o.pool = "pool-00000";
	o.pool_id = id;
	o.tokens = tokens;
	o.origins = origins;
	o.home = TMP;
	assert_int_equal(writers_run(&o, &res), 0);
	print_message("%d runs: exit 0 %d, 1 %d, 2 %d, 4 %d, 5 %d, other %d; "
		      "%d verified; %d PATCHes; %d reverts%s%s\n",
		      res.runs, res.exits[0], res.exits[1], res.exits[2],
		      res.exits[4], res.exits[5],
		      res.exits[3] + res.exits[6] + res.exits[7], res.verified,
		      res.patches, res.reverts, res.reverts ? ": " : "",
		      res.first_revert);
	assert_int_equal(res.runs, 4 * o.rounds);
	assert_int_equal(res.reverts, 0);
	assert_int_equal(res.exits[0], res.runs);
	assert_int_equal(res.verified, res.runs);
	assert_int_equal(res.patches, res.runs);
	assert_int_equal(res.wrong_final, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_writers_no_revert),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
