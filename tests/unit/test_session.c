/* test_session.c: session start-up against a scripted transport: verify, accounts, failures, options. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/session.h"
#include "oncall_fake.h"

#define TOKEN "sessiontest-token-0123456789abcdefghijkl"
#define KEY "0123456789abcdef0123456789abcdef01234"
#define BASE "http://127.0.0.1:9/client/v4"
#define ACCT1 "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
#define ACCT2 "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"

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

static const char verify_ok[] =
	"{\"success\":true,\"errors\":[],\"messages\":[{\"code\":10000,"
	"\"message\":\"This API Token is valid and active\",\"type\":null}],"
	"\"result\":{\"id\":\"6247ac8d9c10ba11154a2b82d35953b7\","
	"\"status\":\"active\"}}";
static const char verify_disabled[] =
	"{\"success\":true,\"errors\":[],\"messages\":[],"
	"\"result\":{\"id\":\"6247ac8d9c10ba11154a2b82d35953b7\","
	"\"status\":\"disabled\"}}";
static const char bad_token[] =
	"{\"success\":false,\"errors\":[{\"code\":9109,\"message\":"
	"\"Invalid access token\"}],\"messages\":[],\"result\":null}";
static const char verify_401[] =
	"{\"success\":false,\"errors\":[{\"code\":1000,\"message\":"
	"\"Invalid API Token\"}],\"messages\":[],\"result\":null}";
static const char bad_key[] =
	"{\"success\":false,\"errors\":[{\"code\":9103,\"message\":"
	"\"Unknown X-Auth-Key or X-Auth-Email\"}],\"messages\":[],"
	"\"result\":null}";
static const char one_account[] =
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":["
	"{\"id\":\"" ACCT1
	"\",\"name\":\"Prod Account\",\"type\":\"standard\"}],"
	"\"result_info\":{\"page\":1,\"per_page\":50,\"count\":1,"
	"\"total_count\":1,\"total_pages\":1}}";
static const char two_accounts[] =
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":["
	"{\"id\":\"" ACCT1
	"\",\"name\":\"Prod Account\",\"type\":\"standard\"},"
	"{\"id\":\"" ACCT2 "\",\"name\":\"Lab\",\"type\":\"standard\"}],"
	"\"result_info\":{\"page\":1,\"per_page\":50,\"count\":2,"
	"\"total_count\":2,\"total_pages\":1}}";
static const char no_accounts[] =
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[],"
	"\"result_info\":{\"page\":1,\"per_page\":50,\"count\":0,"
	"\"total_count\":0,\"total_pages\":1}}";
static const char no_monitors[] =
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[]}";

static int
group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_session.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return cf_global_init() == CF_OK ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	char cmd[128];
	cf_global_cleanup();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct app_options
opts_for(struct oncall_fake *f)
{
	struct app_options o = {
		.api_base = BASE,
		.transport = &oncall_fake_ops,
		.transport_ctx = f,
	};
	return o;
}

static void
assert_no_secret(const char *s)
{
	assert_null(strstr(s, TOKEN));
	assert_null(strstr(s, KEY));
}

static void
test_token_one_account(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = one_account,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 2);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);
	assert_string_equal(s->account_id, ACCT1);
	assert_string_equal(s->account_name, "Prod Account");
	assert_string_equal(s->account_source,
			    "the only account of these credentials");
	assert_string_equal(s->creds_source, "token from CLOUDFLARE_API_TOKEN");
	assert_string_equal(s->api_base, BASE);
	assert_string_equal(s->host, "127.0.0.1");
	assert_string_equal(s->theme, "default");
	assert_false(s->readonly);
	assert_string_equal(s->profile->name, "default");
	assert_non_null(s->client);
	assert_int_equal(f.mismatches, 0);
	assert_int_equal(f.nlog, 2);
	assert_non_null(
		strstr(f.log[0].headers, "Authorization: Bearer " TOKEN));

	/* Another thread's client: same base, credentials and transport. */
	struct cf_error e = { 0 };
	struct cf_client *c2 = session_new_client(s, NULL, &e);
	assert_non_null(c2);
	assert_string_equal(cf_client_base_url(c2), BASE);
	static const struct oncall_fake_step script2[] = {
		{ .method = "GET",
		  .path = "/accounts/" ACCT1 "/load_balancers/monitors",
		  .status = 200,
		  .body = no_monitors,
		  .raw = true },
	};
	oncall_fake_free(&f);
	oncall_fake_init(&f, script2, 1);
	struct cf_monitor_list ml = { 0 };
	assert_int_equal(cf_monitors_list(c2, s->account_id, &ml, &e), CF_OK);
	assert_int_equal(f.nlog, 1);
	assert_non_null(strstr(f.log[0].headers, "Bearer " TOKEN));
	cf_monitor_list_free(&ml);
	cf_client_free(c2);
	session_free(s);
	session_free(NULL);
	oncall_fake_free(&f);
}

static void
test_bad_token(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 403,
		  .body = bad_token,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 1);
	enum session_status st = session_open(&o, fake_env, env, &s, &err);
	assert_int_equal(st, SESSION_ERR_AUTH);
	assert_int_equal(session_exit_code(st), 1);
	assert_non_null(strstr(err.msg, "the token was rejected"));
	assert_non_null(strstr(err.msg, "Invalid access token (9109)"));
	assert_non_null(strstr(err.msg, "check CLOUDFLARE_API_TOKEN"));
	assert_no_secret(err.msg);
	assert_int_equal(f.nlog, 1);
	session_free(s);
	oncall_fake_free(&f);

	/* A verified but disabled token is refused too. */
	static const struct oncall_fake_step script2[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_disabled,
		  .raw = true },
	};
	oncall_fake_init(&f, script2, 1);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_AUTH);
	assert_non_null(strstr(err.msg, "the token is disabled"));
	session_free(s);
	oncall_fake_free(&f);
}

static void
test_several_and_no_accounts(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = two_accounts,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CF_API_TOKEN", TOKEN, "XDG_CONFIG_HOME", tmpdir,
			      NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 2);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_NEED_ACCOUNT);
	assert_null(s->account_id);
	assert_int_equal(s->accounts.n, 2);
	assert_non_null(strstr(err.msg, ACCT1 " (Prod Account)"));
	assert_non_null(strstr(err.msg, ACCT2 " (Lab)"));
	assert_non_null(strstr(err.msg, "--account"));
	assert_false(session_set_account(s, "nope", &err));
	assert_non_null(strstr(err.msg, "not one of the 2 accounts"));
	assert_true(session_set_account(s, ACCT2, &err));
	assert_string_equal(s->account_id, ACCT2);
	assert_string_equal(s->account_name, "Lab");
	session_free(s);
	oncall_fake_free(&f);

	static const struct oncall_fake_step script2[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = no_accounts,
		  .raw = true },
	};
	oncall_fake_init(&f, script2, 2);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_NO_ACCOUNT);
	assert_non_null(strstr(err.msg, "see no account"));
	session_free(s);
	oncall_fake_free(&f);
}

static void
test_account_given(void **state)
{
	(void)state;
	/* --account wins over the environment; its name is looked up. */
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = two_accounts,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN",
			      TOKEN,
			      "CLOUDFLARE_ACCOUNT_ID",
			      ACCT1,
			      "XDG_CONFIG_HOME",
			      tmpdir,
			      NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 2);
	o.account_id = ACCT2;
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);
	assert_string_equal(s->account_id, ACCT2);
	assert_string_equal(s->account_name, "Lab");
	assert_string_equal(s->account_source, "account id from --account");
	session_free(s);
	oncall_fake_free(&f);

	/* An account-owned token fails /user/tokens/verify (401 1000) but
	 * works on the account: accepted when the account is known, and a
	 * failing account list only loses the name. */
	static const struct oncall_fake_step script2[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 401,
		  .body = verify_401,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts/" ACCT1 "/load_balancers/monitors",
		  .status = 200,
		  .body = no_monitors,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 400,
		  .body = "{\"success\":false,\"errors\":[{\"code\":1001,"
			  "\"message\":\"List accounts endpoint does not "
			  "support account owned tokens.\"}],\"messages\":[],"
			  "\"result\":null}",
		  .raw = true },
	};
	oncall_fake_init(&f, script2, 3);
	o.account_id = NULL;
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);
	assert_string_equal(s->account_id, ACCT1);
	assert_null(s->account_name);
	assert_string_equal(s->account_source,
			    "account id from CLOUDFLARE_ACCOUNT_ID");
	assert_int_equal(f.mismatches, 0);
	session_free(s);
	oncall_fake_free(&f);
}

static void
test_key_auth(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = one_account,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_KEY",
			      KEY,
			      "CLOUDFLARE_EMAIL",
			      "ops@example.com",
			      "XDG_CONFIG_HOME",
			      tmpdir,
			      NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 1);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);
	assert_string_equal(s->account_id, ACCT1);
	assert_int_equal(f.nlog, 1);
	assert_non_null(strstr(f.log[0].headers, "X-Auth-Key: " KEY));
	assert_non_null(
		strstr(f.log[0].headers, "X-Auth-Email: ops@example.com"));
	session_free(s);
	oncall_fake_free(&f);

	static const struct oncall_fake_step script2[] = {
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 403,
		  .body = bad_key,
		  .raw = true },
	};
	oncall_fake_init(&f, script2, 1);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_AUTH);
	assert_non_null(strstr(err.msg, "the API key was rejected"));
	assert_non_null(strstr(err.msg, "(9103)"));
	assert_non_null(strstr(
		err.msg, "check CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL"));
	assert_no_secret(err.msg);
	session_free(s);
	oncall_fake_free(&f);
}

static void
test_network_down(void **state)
{
	(void)state;
	/* Every retry fails at the transport: a network error, after the
	 * client's retries, naming the host. */
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .transport_status = CF_ERR_NETWORK },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, script, 5);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_NETWORK);
	assert_non_null(strstr(err.msg, "cannot reach the API at 127.0.0.1"));
	assert_int_equal(f.beyond, 0);
	session_free(s);
	oncall_fake_free(&f);
}

/*
 * Something that is not Cloudflare's JSON answers the start-up call (issue
 * 8, item 18): said so, never "the token was rejected". With the key, the
 * accounts call meets an HTML 404 from a wrong base URL.
 */
static void
test_not_cloudflare_json(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = "<html>portal</html>",
		  .raw = true },
	};
	static const struct oncall_fake_step script404[] = {
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 404,
		  .body = "<html>Not Found</html>",
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	const char *kenv[] = { "CLOUDFLARE_API_KEY",
			       KEY,
			       "CLOUDFLARE_EMAIL",
			       "a@example.com",
			       "XDG_CONFIG_HOME",
			       tmpdir,
			       NULL };
	struct app_options o = opts_for(&f);

	/* Routes: the client retries a malformed answer; each gets it. */
	oncall_fake_routes(&f, script, 1);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_API);
	assert_non_null(strstr(err.msg, "the API at 127.0.0.1 answered with "
					"something that is not Cloudflare's "
					"JSON (HTTP 200: "));
	assert_non_null(strstr(err.msg, "check the API base URL " BASE));
	assert_null(strstr(err.msg, "rejected"));
	assert_null(strstr(err.msg, "token"));
	assert_no_secret(err.msg);
	session_free(s);
	oncall_fake_free(&f);

	oncall_fake_routes(&f, script404, 1);
	assert_int_equal(session_open(&o, fake_env, kenv, &s, &err),
			 SESSION_ERR_API);
	assert_non_null(strstr(err.msg, "the API at 127.0.0.1 has no such "
					"endpoint (HTTP 404: <html>Not "
					"Found</html>) - check the API base "
					"URL"));
	assert_null(strstr(err.msg, "rejected"));
	assert_no_secret(err.msg);
	session_free(s);
	oncall_fake_free(&f);
}

/* Runs cf_monitors_list on c against network errors only; returns how
 * many requests the client made (first try + retries). */
static size_t
tries_until_failure(struct oncall_fake *f, struct cf_client *c)
{
	static const struct oncall_fake_step down[] = {
		{ .method = "GET",
		  .path = "/accounts/" ACCT1 "/load_balancers/monitors",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/accounts/" ACCT1 "/load_balancers/monitors",
		  .transport_status = CF_ERR_NETWORK },
		{ .method = "GET",
		  .path = "/accounts/" ACCT1 "/load_balancers/monitors",
		  .transport_status = CF_ERR_NETWORK },
	};
	struct cf_monitor_list ml = { 0 };
	struct cf_error e = { 0 };

	oncall_fake_free(f);
	oncall_fake_init(f, down, 3);
	assert_int_equal(cf_monitors_list(c, ACCT1, &ml, &e), CF_ERR_NETWORK);
	assert_int_equal(f->mismatches, 0);
	cf_error_clear(&e);
	cf_monitor_list_free(&ml);
	return f->nrequests;
}

static void
test_client_retries(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = one_account,
		  .raw = true },
	};
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	struct app_options o = opts_for(&f);
	struct cf_error e = { 0 };
	struct cf_client *c;

	oncall_fake_init(&f, script, 2);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);

	/* The poller's client: one retry, so two tries in all. */
	c = session_new_client_opts(s, NULL, 1, &e);
	assert_non_null(c);
	assert_string_equal(cf_client_base_url(c), BASE);
	assert_int_equal(tries_until_failure(&f, c), 2);
	assert_non_null(strstr(f.log[0].headers, "Bearer " TOKEN));
	cf_client_free(c);

	/* -1: no retry at all. */
	c = session_new_client_opts(s, NULL, -1, &e);
	assert_non_null(c);
	assert_int_equal(tries_until_failure(&f, c), 1);
	cf_client_free(c);

	/* Bad arguments: NULL with a reason, no client. */
	assert_null(session_new_client_opts(s, NULL, -2, &e));
	assert_int_equal(e.status, CF_ERR_INVALID_ARG);
	assert_non_null(strstr(e.detail, "max_retries"));
	cf_error_clear(&e);
	assert_null(session_new_client_opts(NULL, NULL, 1, &e));
	assert_int_equal(e.status, CF_ERR_INVALID_ARG);
	cf_error_clear(&e);

	session_free(s);
	oncall_fake_free(&f);
}

static void
test_refusals_before_network(void **state)
{
	(void)state;
	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "XDG_CONFIG_HOME",
			      tmpdir, NULL };
	struct app_options o = opts_for(&f);

	oncall_fake_init(&f, NULL, 0);
	/* Plain http to a non-loopback host. */
	o.api_base = "http://user:pw@api.example.com/client/v4";
	enum session_status st = session_open(&o, fake_env, env, &s, &err);
	assert_int_equal(st, SESSION_ERR_CONFIG);
	assert_int_equal(session_exit_code(st), 2);
	assert_non_null(strstr(err.msg, "refusing API base URL "
					"http://api.example.com/client/v4"));
	assert_null(strstr(err.msg, "pw"));
	session_free(s);

	/* Missing -c file. */
	o.api_base = BASE;
	o.config_path = "/nonexistent/cfconsole.conf";
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "/nonexistent/cfconsole.conf"));
	session_free(s);

	/* Unknown profile. */
	o.config_path = NULL;
	o.profile = "staging";
	assert_int_equal(session_open(&o, fake_env, env, &s, &err),
			 SESSION_ERR_CONFIG);
	assert_non_null(strstr(err.msg, "no profile named \"staging\""));
	session_free(s);

	/* No credentials. */
	const char *noenv[] = { "XDG_CONFIG_HOME", tmpdir, NULL };
	o.profile = NULL;
	assert_int_equal(session_open(&o, fake_env, noenv, &s, &err),
			 SESSION_ERR_CREDS);
	assert_non_null(strstr(err.msg, "no credentials"));
	session_free(s);
	assert_int_equal(f.nlog, 0);
	oncall_fake_free(&f);
}

static void
test_config_applied(void **state)
{
	(void)state;
	static const struct oncall_fake_step script[] = {
		{ .method = "GET",
		  .path = "/user/tokens/verify",
		  .status = 200,
		  .body = verify_ok,
		  .raw = true },
		{ .method = "GET",
		  .path = "/accounts",
		  .status = 200,
		  .body = one_account,
		  .raw = true },
	};
	char path[128];
	snprintf(path, sizeof(path), "%s/test.conf", tmpdir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp,
		"default_profile = \"lab\";\n"
		"profiles = { lab = { api_base = \"%s\";\n"
		"  readonly = true; account_id = \"%s\"; }; };\n"
		"ui = { theme = \"light\"; };\n"
		"ratelimit = { requests = 100; window = 10; };\n",
		BASE, ACCT1);
	fclose(fp);

	struct oncall_fake f = { 0 };
	struct session *s;
	struct config_error err;
	char logpath[128];
	snprintf(logpath, sizeof(logpath), "%s/requests.log", tmpdir);
	const char *env[] = { "CLOUDFLARE_API_TOKEN", TOKEN, "NO_COLOR", "1",
			      NULL };
	struct app_options o = opts_for(&f);
	o.api_base = NULL;
	o.config_path = path;
	o.theme = "dark";
	o.log_file = logpath;

	oncall_fake_init(&f, script, 2);
	assert_int_equal(session_open(&o, fake_env, env, &s, &err), SESSION_OK);
	assert_string_equal(s->profile->name, "lab");
	assert_string_equal(s->api_base, BASE);
	assert_true(s->readonly);
	assert_true(s->no_color);
	assert_string_equal(s->theme, "dark");
	assert_string_equal(s->account_id, ACCT1);
	assert_string_equal(s->account_name, "Prod Account");
	assert_string_equal(s->account_source, "account id from profile lab");
	struct cf_budget b;
	cf_budget_get(&b);
	assert_int_equal(b.capacity, 100);
	assert_int_equal(b.window_seconds, 10);
	session_free(s);
	oncall_fake_free(&f);
	cf_ratelimit_configure(1200, 300);

	/* The request log has lines, never the token. */
	fp = fopen(logpath, "r");
	assert_non_null(fp);
	char line[512];
	int n = 0;
	while (fgets(line, sizeof(line), fp)) {
		assert_no_secret(line);
		n++;
	}
	fclose(fp);
	assert_true(n >= 2);
}

static void
test_options(void **state)
{
	(void)state;
	struct app_options o;
	struct config_error err;
	char *argv1[] = { (char *)(uintptr_t) "cfconsole",
			  (char *)(uintptr_t) "-c",
			  (char *)(uintptr_t) "/x.conf",
			  (char *)(uintptr_t) "--profile=prod",
			  (char *)(uintptr_t) "--api-base",
			  (char *)(uintptr_t)BASE,
			  (char *)(uintptr_t) "--account",
			  (char *)(uintptr_t)ACCT1,
			  (char *)(uintptr_t) "--theme",
			  (char *)(uintptr_t) "dark",
			  (char *)(uintptr_t) "--readonly",
			  (char *)(uintptr_t) "--no-color",
			  (char *)(uintptr_t) "-vv",
			  (char *)(uintptr_t) "--log",
			  (char *)(uintptr_t) "/tmp/l",
			  (char *)(uintptr_t) "ls",
			  (char *)(uintptr_t) "dns",
			  (char *)(uintptr_t) "--json",
			  NULL };
	int argc1 = 18;
	int i = app_options_parse(argc1, argv1, &o, &err);
	assert_int_equal(i, 15);
	assert_string_equal(argv1[i], "ls");
	assert_string_equal(o.config_path, "/x.conf");
	assert_string_equal(o.profile, "prod");
	assert_string_equal(o.api_base, BASE);
	assert_string_equal(o.account_id, ACCT1);
	assert_string_equal(o.theme, "dark");
	assert_true(o.readonly);
	assert_true(o.no_color);
	assert_int_equal(o.verbose, 2);
	assert_string_equal(o.log_file, "/tmp/l");
	assert_false(o.help);
	/* The subcommand's own options were left alone. */
	assert_string_equal(argv1[17], "--json");

	char *argv2[] = { (char *)(uintptr_t) "cfconsole",
			  (char *)(uintptr_t) "--bogus", NULL };
	assert_int_equal(app_options_parse(2, argv2, &o, &err), -1);
	assert_non_null(strstr(err.msg, "unknown option --bogus"));
	char *argv3[] = { (char *)(uintptr_t) "cfconsole",
			  (char *)(uintptr_t) "-x", NULL };
	assert_int_equal(app_options_parse(2, argv3, &o, &err), -1);
	assert_non_null(strstr(err.msg, "unknown option -x"));
	char *argv4[] = { (char *)(uintptr_t) "cfconsole",
			  (char *)(uintptr_t) "-c", NULL };
	assert_int_equal(app_options_parse(2, argv4, &o, &err), -1);
	assert_non_null(strstr(err.msg, "needs a value"));
	char *argv5[] = { (char *)(uintptr_t) "cfconsole",
			  (char *)(uintptr_t) "-h", (char *)(uintptr_t) "-V",
			  NULL };
	assert_int_equal(app_options_parse(3, argv5, &o, &err), 3);
	assert_true(o.help);
	assert_true(o.version);
	char *argv6[] = { (char *)(uintptr_t) "cfconsole", NULL };
	assert_int_equal(app_options_parse(1, argv6, &o, &err), 1);
	assert_non_null(strstr(app_options_usage(), "--api-base"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_one_account),
		cmocka_unit_test(test_bad_token),
		cmocka_unit_test(test_not_cloudflare_json),
		cmocka_unit_test(test_several_and_no_accounts),
		cmocka_unit_test(test_account_given),
		cmocka_unit_test(test_key_auth),
		cmocka_unit_test(test_network_down),
		cmocka_unit_test(test_client_retries),
		cmocka_unit_test(test_refusals_before_network),
		cmocka_unit_test(test_config_applied),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
