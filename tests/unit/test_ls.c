/* test_ls.c: "cfconsole ls" tables and JSON from scripted API answers: columns, pages, sanitising, errors, exit codes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfconsole/cli.h"
#include "oncall_fake.h"

#define TOKEN "lstest-token-0123456789abcdefghijklmnopq"
#define BASE "http://127.0.0.1:9/client/v4"
#define ACCT "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
#define Z1 "11111111111111111111111111111111"
#define Z2 "22222222222222222222222222222222"
#define Z3 "33333333333333333333333333333333"

static char tmpdir[64];

static const char *
fake_env(const char *name, void *ud)
{
	const char *const *kv = ud;
	for (; kv && kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

#define OK_ENV(result) \
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" result "}"
#define PAGE(result, page, count, total, pages) \
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" result \
	",\"result_info\":{\"page\":" #page \
	",\"per_page\":50,\"count\":" #count ",\"total_count\":" #total \
	",\"total_pages\":" #pages "}}"

static const char verify_ok[] = OK_ENV("{\"id\":\"t\",\"status\":\"active\"}");

/* Session with a known account: verify + accounts (for the name). */
static const struct oncall_fake_step open_steps[] = {
	{ .method = "GET",
	  .path = "/user/tokens/verify",
	  .status = 200,
	  .body = verify_ok,
	  .raw = true },
	{ .method = "GET",
	  .path = "/accounts",
	  .status = 200,
	  .body = PAGE("[{\"id\":\"" ACCT "\",\"name\":\"Acct\"}]", 1, 1, 1, 1),
	  .raw = true },
};

struct fixture {
	struct oncall_fake f;
	struct session *s;
	char *out, *err;
	size_t outlen, errlen;
	FILE *fo, *fe;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN",
			      TOKEN,
			      "CLOUDFLARE_ACCOUNT_ID",
			      ACCT,
			      "XDG_CONFIG_HOME",
			      tmpdir,
			      NULL };
	struct app_options o = { .api_base = BASE,
				 .transport = &oncall_fake_ops };
	o.transport_ctx = &fx->f;
	oncall_fake_init(&fx->f, open_steps, 2);
	if (session_open(&o, fake_env, env, &fx->s, &err) != SESSION_OK) {
		fprintf(stderr, "session_open: %s\n", err.msg);
		return -1;
	}
	fx->fo = open_memstream(&fx->out, &fx->outlen);
	fx->fe = open_memstream(&fx->err, &fx->errlen);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	fclose(fx->fo);
	fclose(fx->fe);
	free(fx->out);
	free(fx->err);
	session_free(fx->s);
	oncall_fake_free(&fx->f);
	free(fx);
	return 0;
}

/* Runs ls with the given script and argv; output lands in fx->out/err. */
static int
run(struct fixture *fx, const struct oncall_fake_step *steps, size_t n,
    int argc, const char *const *argv)
{
	oncall_fake_init(&fx->f, steps, n);
	rewind(fx->fo);
	rewind(fx->fe);
	int rc = cli_ls(fx->s, argc, (char **)(uintptr_t)argv, fx->fo, fx->fe);
	fputc('\0', fx->fo);
	fputc('\0', fx->fe);
	fflush(fx->fo);
	fflush(fx->fe);
	assert_int_equal(fx->f.mismatches, 0);
	assert_int_equal(fx->f.beyond, 0);
	return rc;
}

static void
test_zones_pages(void **state)
{
	struct fixture *fx = *state;
	static const struct oncall_fake_step steps[] = {
		{ .method = "GET",
		  .path = "/zones",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"" Z1 "\",\"name\":\"a.example\","
			       "\"status\":\"active\",\"paused\":false,"
			       "\"plan\":{\"name\":\"Free Website\"}},"
			       "{\"id\":\"" Z2
			       "\",\"name\":\"b\\u00e9.example\","
			       "\"status\":\"pending\",\"paused\":true}]",
			       1, 2, 3, 2) },
		{ .method = "GET",
		  .path = "/zones",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"" Z3
			       "\",\"name\":\"evil\\n\\u001b[31m.example\","
			       "\"paused\":false}]",
			       2, 1, 3, 2) },
	};
	const char *argv[] = { "ls", "zones", NULL };
	assert_int_equal(run(fx, steps, 2, 2, argv), CLI_EXIT_OK);
	/* UTF-8 counts as one column; control characters become '?'. */
	assert_string_equal(
		fx->out,
		"NAME                STATUS   PAUSED  PLAN          ID\n"
		"a.example           active   no      Free Website  " Z1 "\n"
		"b\xc3\xa9.example          pending  yes     -             " Z2
		"\n"
		"evil??[31m.example  -        no      -             " Z3 "\n");
	assert_string_equal(fx->err, "");
	assert_int_equal(fx->f.nlog, 2);
	assert_non_null(strstr(fx->f.log[1].path, "page=2"));

	const char *argv2[] = { "ls", "--json", "zones", NULL };
	assert_int_equal(run(fx, steps, 2, 3, argv2), CLI_EXIT_OK);
	static const char start[] = "[\n{\"id\":\"" Z1 "\"";
	assert_true(strncmp(fx->out, start, sizeof(start) - 1) == 0);
	assert_non_null(
		strstr(fx->out, "\"plan\":{\"name\":\"Free Website\"}"));
	assert_non_null(strstr(fx->out, "},\n{\"id\":\"" Z2));
	assert_non_null(strstr(fx->out, "\\u001b")); /* JSON keeps it escaped */
	size_t n = strlen(fx->out);
	assert_true(n > 4);
	assert_string_equal(fx->out + n - 4, "}\n]\n");
}

static void
test_dns(void **state)
{
	struct fixture *fx = *state;
	static const struct oncall_fake_step steps[] = {
		{ .method = "GET",
		  .path = "/zones",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"" Z1 "\",\"name\":\"a.example\"}]",
			       1, 1, 1, 1) },
		{ .method = "GET",
		  .path = "/zones/" Z1 "/dns_records",
		  .status = 200,
		  .raw = true,
		  .body = PAGE(
			  "["
			  "{\"id\":\"r1\",\"type\":\"A\",\"name\":\"a.example\","
			  "\"content\":\"192.0.2.1\",\"proxied\":true,\"ttl\":1,"
			  "\"x_unknown\":{\"kept\":1}},"
			  "{\"id\":\"r2\",\"type\":\"MX\",\"name\":\"a.example\","
			  "\"content\":\"mx.a.example\",\"priority\":10,\"ttl\":3600},"
			  "{\"id\":\"r3\",\"type\":\"TXT\",\"name\":\"t.a.example\","
			  "\"content\":\"v=spf1\\t-all\",\"ttl\":300,\"proxied\":false}"
			  "]",
			  1, 3, 3, 1) },
	};
	const char *argv[] = { "ls", "dns", "a.example.", NULL };
	assert_int_equal(run(fx, steps, 2, 3, argv), CLI_EXIT_OK);
	assert_string_equal(
		fx->out,
		"TYPE  NAME         CONTENT          TTL   PROXIED  ID\n"
		"A     a.example    192.0.2.1        auto  yes      r1\n"
		"MX    a.example    10 mx.a.example  3600  -        r2\n"
		"TXT   t.a.example  v=spf1?-all      300   no       r3\n");
	/* The name lookup asked for the exact name, without the dot. */
	assert_non_null(strstr(fx->f.log[0].path, "name=a.example&"));

	/* By id: no lookup; JSON carries unknown fields through. */
	const char *argv2[] = { "ls", "dns", Z1, "--json", NULL };
	assert_int_equal(run(fx, steps + 1, 1, 4, argv2), CLI_EXIT_OK);
	assert_non_null(strstr(fx->out, "\"x_unknown\":{\"kept\":1}"));
	assert_int_equal(fx->f.nlog, 1);

	/* Unknown zone: exit 1, a clear message, no table. */
	static const struct oncall_fake_step none[] = {
		{ .method = "GET",
		  .path = "/zones",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[]", 1, 0, 0, 0) },
	};
	const char *argv3[] = { "ls", "dns", "nope.example", NULL };
	assert_int_equal(run(fx, none, 1, 3, argv3), CLI_EXIT_ERROR);
	assert_string_equal(fx->out, "");
	assert_string_equal(fx->err, "cfconsole ls: no zone named "
				     "nope.example in this account\n");

	/* An API failure: exit 1 with Cloudflare's message and code. */
	static const struct oncall_fake_step denied[] = {
		{ .method = "GET",
		  .path = "/zones/" Z1 "/dns_records",
		  .status = 403,
		  .raw = true,
		  .body = "{\"success\":false,\"errors\":[{\"code\":10000,"
			  "\"message\":\"Authentication error\"}]}" },
	};
	const char *argv4[] = { "ls", "dns", Z1, NULL };
	assert_int_equal(run(fx, denied, 1, 3, argv4), CLI_EXIT_ERROR);
	assert_non_null(strstr(fx->err, "cfconsole ls dns: "));
	assert_non_null(strstr(fx->err, "Authentication error (10000)"));
	assert_null(strstr(fx->err, TOKEN));
}

/* The account's pools: p1 (monitor m1), p3 (m2, no description), p2 (no
 * monitor), p4 (a monitor that is not listed). */
#define POOLS_STEP \
	{ \
		.method = "GET", \
		.path = "/accounts/" ACCT "/load_balancers/pools", \
		.status = 200, .raw = true, \
		.body = OK_ENV( \
			"[" \
			"{\"id\":\"p1\",\"name\":\"gpu\",\"enabled\":true," \
			"\"minimum_origins\":2,\"monitor\":\"m1\",\"healthy\":false," \
			"\"origins\":[{\"name\":\"o1\",\"address\":\"192.0.2.1\"," \
			"\"enabled\":true,\"weight\":0.5,\"header\":{\"Host\":" \
			"[\"gpu.example\"]}},{\"name\":\"o2\",\"address\":" \
			"\"192.0.2.2\",\"enabled\":false}]}," \
			"{\"id\":\"p3\",\"name\":\"tcp\",\"monitor\":\"m2\"," \
			"\"origins\":[{\"name\":\"t1\",\"address\":\"t.example\"}]}," \
			"{\"id\":\"p2\",\"name\":\"cpu\",\"enabled\":false," \
			"\"origins\":[]}," \
			"{\"id\":\"p4\",\"name\":\"gone\",\"monitor\":\"m9\"," \
			"\"origins\":[]}]") \
	}

static void
test_pools_monitors_lbs(void **state)
{
	struct fixture *fx = *state;
	const char *argv[] = { "ls", "pools", NULL };
	/* The table names each pool's monitor (issue 8): its description,
	 * else its type (TCP: no path), else (unknown monitor) its id. */
	static const struct oncall_fake_step pools_mons[] = {
		POOLS_STEP,
		{ .method = "GET",
		  .path = "/accounts/" ACCT "/load_balancers/monitors",
		  .status = 200,
		  .raw = true,
		  .body = OK_ENV("[{\"id\":\"m1\",\"type\":\"https\","
				 "\"path\":\"/health\",\"description\":"
				 "\"GPU health\"},{\"id\":\"m2\",\"type\":"
				 "\"tcp\"}]") },
	};
	assert_int_equal(run(fx, pools_mons, 2, 2, argv), CLI_EXIT_OK);
	assert_string_equal(
		fx->out,
		"NAME  ENABLED  HEALTHY  ORIGINS  MIN  MONITOR     ID\n"
		"gpu   yes      no       1/2      2    GPU health  p1\n"
		"tcp   yes      unknown  1/1      1    tcp         p3\n"
		"cpu   no       unknown  0/0      1    -           p2\n"
		"gone  yes      unknown  0/0      1    m9          p4\n");
	assert_string_equal(fx->err, "");
	/* --json is the API's objects: the monitor's id, no extra request. */
	const char *argvj[] = { "ls", "pools", "--json", NULL };
	assert_int_equal(run(fx, pools_mons, 1, 3, argvj), CLI_EXIT_OK);
	assert_non_null(strstr(fx->out, "\"monitor\":\"m1\""));
	assert_null(strstr(fx->out, "GPU health"));
	assert_int_equal(fx->f.nlog, 1);
	/* Monitors unreadable: the ids, and a word on stderr, exit 0. */
	static const struct oncall_fake_step pools_nomons[] = {
		POOLS_STEP,
		{ .method = "GET",
		  .path = "/accounts/" ACCT "/load_balancers/monitors",
		  .status = 403,
		  .raw = true,
		  .body = "{\"success\":false,\"errors\":[{\"code\":10000,"
			  "\"message\":\"Authentication error\"}]}" },
	};
	assert_int_equal(run(fx, pools_nomons, 2, 2, argv), CLI_EXIT_OK);
	assert_non_null(strstr(fx->out, "gpu   yes      no       1/2      2"
					"    m1       p1\n"));
	assert_non_null(strstr(fx->err, "monitor names unavailable"));
	assert_non_null(strstr(fx->err, "showing ids"));

	static const struct oncall_fake_step mons[] = {
		{ .method = "GET",
		  .path = "/accounts/" ACCT "/load_balancers/monitors",
		  .status = 200,
		  .raw = true,
		  .body = OK_ENV(
			  "["
			  "{\"id\":\"m1\",\"type\":\"https\",\"method\":\"GET\","
			  "\"path\":\"/health\",\"port\":8443,\"interval\":60,"
			  "\"expected_codes\":\"2xx\",\"description\":\"gpu\"},"
			  "{\"id\":\"m2\",\"type\":\"tcp\",\"interval\":15}]") },
	};
	const char *argv2[] = { "ls", "monitors", NULL };
	assert_int_equal(run(fx, mons, 1, 2, argv2), CLI_EXIT_OK);
	assert_string_equal(
		fx->out,
		"TYPE   METHOD  PATH     PORT     INTERVAL  EXPECTED  DESCRIPTION  ID\n"
		"https  GET     /health  8443     60s       2xx       gpu          m1\n"
		"tcp    -       -        default  15s       -         -            m2\n");

	static const struct oncall_fake_step lbs[] = {
		{ .method = "GET",
		  .path = "/zones/" Z1 "/load_balancers",
		  .status = 200,
		  .raw = true,
		  .body = OK_ENV(
			  "["
			  "{\"id\":\"l1\",\"name\":\"api.a.example\",\"enabled\":true,"
			  "\"proxied\":true,\"fallback_pool\":\"p2\","
			  "\"default_pools\":[\"p1\",\"p2\"],\"steering_policy\":\"\"},"
			  "{\"id\":\"l2\",\"name\":\"x.a.example\",\"enabled\":false,"
			  "\"fallback_pool\":\"p1\",\"default_pools\":[\"p1\",\"p7\"],"
			  "\"steering_policy\":\"dynamic_latency\"}]") },
	};
	const char *argv3[] = { "ls", "lbs", Z1, NULL };
	/* The table names the pools (issue 8); an id the account does not
	 * list stays an id. */
	const struct oncall_fake_step lbs_pools[] = {
		lbs[0],
		POOLS_STEP,
	};
	assert_int_equal(run(fx, lbs_pools, 2, 3, argv3), CLI_EXIT_OK);
	assert_string_equal(
		fx->out,
		"NAME           ENABLED  PROXIED  STEERING         POOLS    FALLBACK  ID\n"
		"api.a.example  yes      yes      off              gpu,cpu  cpu       l1\n"
		"x.a.example    no       no       dynamic_latency  gpu,p7   gpu       l2\n");
	assert_string_equal(fx->err, "");
	/* --json: the API's objects, pool ids, no pool lookup. */
	const char *argv3j[] = { "ls", "lbs", Z1, "--json", NULL };
	assert_int_equal(run(fx, lbs_pools, 1, 4, argv3j), CLI_EXIT_OK);
	assert_non_null(strstr(fx->out, "\"default_pools\":[\"p1\",\"p2\"]"));
	assert_int_equal(fx->f.nlog, 1);
	/* Pools unreadable: ids, a word on stderr, still exit 0. */
	const struct oncall_fake_step lbs_nopools[] = {
		lbs[0],
		{ .method = "GET",
		  .path = "/accounts/" ACCT "/load_balancers/pools",
		  .status = 403,
		  .raw = true,
		  .body = "{\"success\":false,\"errors\":[{\"code\":10000,"
			  "\"message\":\"Authentication error\"}]}" },
	};
	assert_int_equal(run(fx, lbs_nopools, 2, 3, argv3), CLI_EXIT_OK);
	assert_non_null(strstr(fx->out, "api.a.example  yes      yes      off"
					"              p1,p2  p2        l1\n"));
	assert_non_null(strstr(fx->err, "pool names unavailable"));

	/* Empty lists: just the header, or []. */
	static const struct oncall_fake_step empty[] = {
		{ .method = "GET",
		  .path = "/zones/" Z1 "/load_balancers",
		  .status = 200,
		  .raw = true,
		  .body = OK_ENV("[]") },
	};
	assert_int_equal(run(fx, empty, 1, 3, argv3), CLI_EXIT_OK);
	assert_string_equal(fx->out, "NAME  ENABLED  PROXIED  STEERING  POOLS  "
				     "FALLBACK  ID\n");
	const char *argv4[] = { "ls", "lbs", Z1, "--json", NULL };
	assert_int_equal(run(fx, empty, 1, 4, argv4), CLI_EXIT_OK);
	assert_string_equal(fx->out, "[]\n");
}

/* ls origins POOL: by name or id, table and JSON; unknown and shared names. */
static void
test_origins(void **state)
{
	struct fixture *fx = *state;
	static const struct oncall_fake_step steps[] = { POOLS_STEP };
	const char *argv[] = { "ls", "origins", "gpu", NULL };
	assert_int_equal(run(fx, steps, 1, 3, argv), CLI_EXIT_OK);
	assert_string_equal(fx->out,
			    "NAME  ADDRESS    ENABLED  WEIGHT  HOST\n"
			    "o1    192.0.2.1  yes      0.5     gpu.example\n"
			    "o2    192.0.2.2  no       1       -\n");
	assert_string_equal(fx->err, "");
	const char *byid[] = { "ls", "origins", "p3", "--json", NULL };
	assert_int_equal(run(fx, steps, 1, 4, byid), CLI_EXIT_OK);
	assert_string_equal(
		fx->out, "[\n{\"name\":\"t1\",\"address\":\"t.example\"}\n]\n");
	const char *empty[] = { "ls", "origins", "cpu", "--json", NULL };
	assert_int_equal(run(fx, steps, 1, 4, empty), CLI_EXIT_OK);
	assert_string_equal(fx->out, "[]\n");

	const char *nope[] = { "ls", "origins", "nope", NULL };
	assert_int_equal(run(fx, steps, 1, 3, nope), CLI_EXIT_ERROR);
	assert_string_equal(fx->out, "");
	assert_string_equal(fx->err, "cfconsole ls origins: no pool named "
				     "nope in this account\n");

	static const struct oncall_fake_step twins[] = {
		{ .method = "GET",
		  .path = "/accounts/" ACCT "/load_balancers/pools",
		  .status = 200,
		  .raw = true,
		  .body = OK_ENV("[{\"id\":\"p1\",\"name\":\"gpu\","
				 "\"origins\":[]},{\"id\":\"p2\",\"name\":"
				 "\"gpu\",\"origins\":[]}]") },
	};
	assert_int_equal(run(fx, twins, 1, 3, argv), CLI_EXIT_ERROR);
	assert_non_null(strstr(fx->err, "2 pools are named gpu: give the "
					"pool's id"));
	const char *noarg[] = { "ls", "origins", NULL };
	assert_int_equal(run(fx, NULL, 0, 2, noarg), CLI_EXIT_USAGE);
	assert_non_null(strstr(fx->err, "ls origins needs a POOL"));
}

/*
 * ls dns writes each page as it arrives (issue 8: memory stays flat): a
 * failure on page 2 leaves page 1 printed, in order, and exits 1. The
 * first page sizes the columns; a longer value later pushes its own row.
 */
static void
test_dns_streams(void **state)
{
	struct fixture *fx = *state;
	static const struct oncall_fake_step steps[] = {
		{ .method = "GET",
		  .path = "/zones/" Z1 "/dns_records",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"r1\",\"type\":\"A\",\"name\":"
			       "\"a.example\",\"content\":\"192.0.2.1\","
			       "\"ttl\":300,\"proxied\":false}]",
			       1, 1, 3, 3) },
		{ .method = "GET",
		  .path = "/zones/" Z1 "/dns_records",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"r2\",\"type\":\"A\",\"name\":"
			       "\"a-much-longer-name.a.example\",\"content\":"
			       "\"192.0.2.2\",\"ttl\":300,\"proxied\":false}]",
			       2, 1, 3, 3) },
		{ .method = "GET",
		  .path = "/zones/" Z1 "/dns_records",
		  .status = 403,
		  .raw = true,
		  .body = "{\"success\":false,\"errors\":[{\"code\":10000,"
			  "\"message\":\"Authentication error\"}]}" },
	};
	const char *argv[] = { "ls", "dns", Z1, NULL };
	/* The fake transport answers pages 2 and 3 in the order asked. */
	assert_int_equal(run(fx, steps, 3, 3, argv), CLI_EXIT_ERROR);
	assert_string_equal(
		fx->out,
		"TYPE  NAME       CONTENT    TTL  PROXIED  ID\n"
		"A     a.example  192.0.2.1  300  no       r1\n"
		"A     a-much-longer-name.a.example  192.0.2.2  300  no       r2\n");
	assert_non_null(strstr(fx->err, "cfconsole ls dns: "));
	assert_non_null(strstr(fx->err, "Authentication error"));

	/* --json: the records so far, and no closing bracket, so no parser
	 * takes the partial list for the whole zone. */
	const char *argvj[] = { "ls", "dns", Z1, "--json", NULL };
	assert_int_equal(run(fx, steps, 3, 4, argvj), CLI_EXIT_ERROR);
	assert_string_equal(
		fx->out,
		"[\n{\"id\":\"r1\",\"type\":\"A\",\"name\":\"a.example\","
		"\"content\":\"192.0.2.1\",\"ttl\":300,\"proxied\":false},\n"
		"{\"id\":\"r2\",\"type\":\"A\",\"name\":"
		"\"a-much-longer-name.a.example\",\"content\":\"192.0.2.2\","
		"\"ttl\":300,\"proxied\":false}");
}

static void
test_usage(void **state)
{
	struct fixture *fx = *state;
	const char *const *cases[] = {
		(const char *const[]){ "ls", NULL },
		(const char *const[]){ "ls", "things", NULL },
		(const char *const[]){ "ls", "dns", NULL },
		(const char *const[]){ "ls", "lbs", "", NULL },
		(const char *const[]){ "ls", "zones", "extra", NULL },
		(const char *const[]){ "ls", "dns", "a", "b", NULL },
		(const char *const[]){ "ls", "pools", "--yaml", NULL },
		(const char *const[]){ "ls", "a", "b", "c", "d", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int argc = 0;
		while (cases[i][argc])
			argc++;
		assert_int_equal(run(fx, NULL, 0, argc, cases[i]),
				 CLI_EXIT_USAGE);
		assert_int_equal(fx->f.nlog, 0);
		assert_non_null(strstr(fx->err, "usage: cfconsole"));
		assert_int_equal(cli_ls_check(argc,
					      (char **)(uintptr_t)cases[i],
					      fx->fe),
				 CLI_EXIT_USAGE);
	}
	const char *help[] = { "ls", "--help", NULL };
	assert_int_equal(run(fx, NULL, 0, 2, help), CLI_EXIT_OK);
	assert_true(strncmp(fx->out, "usage: cfconsole", 16) == 0);
	const char *good[] = { "ls", "dns", "x.example", "--json", NULL };
	assert_int_equal(cli_ls_check(4, (char **)(uintptr_t)good, fx->fe),
			 CLI_EXIT_OK);
	assert_true(cli_is_command("ls"));
	assert_false(cli_is_command("lsx"));
	assert_false(cli_is_command(NULL));
}

/* cli_run: the whole path with the process environment. */
static void
test_run(void **state)
{
	(void)state;
	struct oncall_fake f = { 0 };
	struct app_options o = { .api_base = BASE,
				 .transport = &oncall_fake_ops,
				 .transport_ctx = &f };
	static const struct oncall_fake_step two[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[{\"id\":\"" ACCT "\",\"name\":\"A\"},"
			       "{\"id\":\"b2\",\"name\":\"B\"}]",
			       1, 2, 2, 1) },
		{ .method = "GET",
		  .path = "/zones",
		  .status = 200,
		  .raw = true,
		  .body = PAGE("[]", 1, 0, 0, 0) },
	};
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("CLOUDFLARE_API_TOKEN", TOKEN, 1);
	unsetenv("CLOUDFLARE_ACCOUNT_ID");

	/* Several accounts: zones need none, so it runs. */
	const char *zones[] = { "ls", "zones", NULL };
	oncall_fake_init(&f, two, 3);
	assert_int_equal(cli_run(&o, 2, (char **)(uintptr_t)zones),
			 CLI_EXIT_OK);
	assert_int_equal(f.nlog, 3);
	/* Pools do: the caller must choose, a usage error (exit 2) listing
	 * the accounts. */
	const char *pools[] = { "ls", "pools", NULL };
	oncall_fake_init(&f, two, 2);
	assert_int_equal(cli_run(&o, 2, (char **)(uintptr_t)pools),
			 CLI_EXIT_USAGE);
	/* Usage errors come first: no request at all. */
	oncall_fake_init(&f, NULL, 0);
	const char *bad[] = { "ls", "nothing", NULL };
	assert_int_equal(cli_run(&o, 2, (char **)(uintptr_t)bad),
			 CLI_EXIT_USAGE);
	assert_int_equal(f.nlog, 0);
	/* A config error is exit 2. */
	o.config_path = "/nonexistent.conf";
	assert_int_equal(cli_run(&o, 2, (char **)(uintptr_t)zones),
			 CLI_EXIT_USAGE);
	o.config_path = NULL;
	/* No credentials: exit 1. */
	unsetenv("CLOUDFLARE_API_TOKEN");
	assert_int_equal(cli_run(&o, 2, (char **)(uintptr_t)zones),
			 CLI_EXIT_ERROR);
	assert_int_equal(f.nlog, 0);
	oncall_fake_free(&f);
}

static int
group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_ls.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return cf_global_init() == CF_OK ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	cf_global_cleanup();
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_zones_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pools_monitors_lbs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_origins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dns_streams, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
		cmocka_unit_test(test_run),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
