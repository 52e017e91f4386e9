/* test_creds.c: credential precedence, token file permissions, token commands, account id, no secret in messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/creds.h"

#define SECRET "s3cr3t-Token-abcdefghijklmnopqrstuvwxyz0"
#define SECRET2 "second-secret-0123456789abcdef0123456789"

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

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_creds.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
write_file(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* No secret text ever appears in messages or sources. */
static void
assert_no_secret(const char *s)
{
	assert_null(strstr(s, SECRET));
	assert_null(strstr(s, SECRET2));
	assert_null(strstr(s, "s3cr3t"));
}

static void
test_env_precedence(void **state)
{
	(void)state;
	struct config_profile prof = {
		.name = (char *)(uintptr_t) "p",
		.token_file = (char *)(uintptr_t) "/nonexistent/token",
		.account_id = (char *)(uintptr_t) "prof-acct"
	};
	struct creds c;
	struct config_error err;

	/* CLOUDFLARE_API_TOKEN wins over everything. */
	const char *e1[] = { "CLOUDFLARE_API_TOKEN",
			     SECRET,
			     "CF_API_TOKEN",
			     SECRET2,
			     "CLOUDFLARE_API_KEY",
			     "k",
			     "CLOUDFLARE_EMAIL",
			     "a@b.c",
			     NULL };
	assert_true(creds_resolve(&prof, fake_env, e1, &c, &err));
	assert_int_equal(c.cred.kind, CF_AUTH_TOKEN);
	assert_string_equal(c.cred.token, SECRET);
	assert_string_equal(c.source, "token from CLOUDFLARE_API_TOKEN");
	assert_string_equal(c.hint, "CLOUDFLARE_API_TOKEN");
	assert_string_equal(c.account_id, "prof-acct");
	assert_string_equal(c.account_source, "account id from profile p");
	assert_no_secret(c.source);
	creds_free(&c);

	/* Then CF_API_TOKEN (surrounding whitespace trimmed). */
	const char *e2[] = { "CLOUDFLARE_API_TOKEN",
			     "",
			     "CF_API_TOKEN",
			     "  " SECRET2 "\n",
			     "CLOUDFLARE_API_KEY",
			     "k",
			     "CLOUDFLARE_EMAIL",
			     "a@b.c",
			     "CLOUDFLARE_ACCOUNT_ID",
			     "env-acct",
			     NULL };
	assert_true(creds_resolve(&prof, fake_env, e2, &c, &err));
	assert_int_equal(c.cred.kind, CF_AUTH_TOKEN);
	assert_string_equal(c.cred.token, SECRET2);
	assert_string_equal(c.source, "token from CF_API_TOKEN");
	/* CLOUDFLARE_ACCOUNT_ID overrides the profile. */
	assert_string_equal(c.account_id, "env-acct");
	assert_string_equal(c.account_source,
			    "account id from CLOUDFLARE_ACCOUNT_ID");
	creds_free(&c);

	/* Then key + email. */
	const char *e3[] = { "CLOUDFLARE_API_KEY", SECRET, "CLOUDFLARE_EMAIL",
			     "ops@example.com", NULL };
	assert_true(creds_resolve(&prof, fake_env, e3, &c, &err));
	assert_int_equal(c.cred.kind, CF_AUTH_KEY);
	assert_string_equal(c.cred.key, SECRET);
	assert_string_equal(c.cred.email, "ops@example.com");
	assert_non_null(strstr(c.source, "CLOUDFLARE_API_KEY"));
	assert_no_secret(c.source);
	creds_free(&c);

	/* Key without an email anywhere: error, nothing leaks. */
	const char *e4[] = { "CLOUDFLARE_API_KEY", SECRET, NULL };
	assert_false(creds_resolve(&prof, fake_env, e4, &c, &err));
	assert_non_null(strstr(err.msg, "CLOUDFLARE_EMAIL is not"));
	assert_no_secret(err.msg);
	assert_int_equal(c.cred.kind, CF_AUTH_NONE);
	assert_null(c.account_id);

	/* Key with the profile's email. */
	prof.email = (char *)(uintptr_t) "prof@example.com";
	assert_true(creds_resolve(&prof, fake_env, e4, &c, &err));
	assert_string_equal(c.cred.email, "prof@example.com");
	creds_free(&c);

	/* An env token with an embedded newline is refused (header safety). */
	const char *e5[] = { "CLOUDFLARE_API_TOKEN", "abc\ndef", NULL };
	assert_false(creds_resolve(NULL, fake_env, e5, &c, &err));
	assert_non_null(
		strstr(err.msg, "CLOUDFLARE_API_TOKEN must hold one line"));
	assert_null(strstr(err.msg, "abc"));

	/* Nothing at all. */
	const char *e6[] = { NULL };
	assert_false(creds_resolve(NULL, fake_env, e6, &c, &err));
	assert_non_null(strstr(err.msg, "no credentials"));
	assert_non_null(strstr(err.msg, "CLOUDFLARE_API_TOKEN"));
	creds_free(&c);
	creds_free(NULL);
}

static void
test_token_file(void **state)
{
	(void)state;
	struct creds c;
	struct config_error err;
	char home[128];
	snprintf(home, sizeof(home), "%s", tmpdir);
	const char *env[] = { "HOME", home, NULL };
	struct config_profile prof = {
		.name = (char *)(uintptr_t) "p",
		.token_command = (char *)(uintptr_t) "echo never-used"
	};

	/* 0600 file via ~/: accepted, trimmed. */
	char *path = write_file("tok", "\n  " SECRET "  \n\n", 0600);
	char full[256];
	snprintf(full, sizeof(full), "%s", path);
	prof.token_file = (char *)(uintptr_t) "~/tok";
	assert_true(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_string_equal(c.cred.token, SECRET);
	char want[300];
	snprintf(want, sizeof(want), "token from file %s", full);
	assert_string_equal(c.source, want);
	snprintf(want, sizeof(want), "the token file %s", full);
	assert_string_equal(c.hint, want);
	assert_null(c.account_id);
	assert_string_equal(c.account_source, "");
	creds_free(&c);

	/* 0400 also fine. */
	assert_int_equal(chmod(full, 0400), 0);
	assert_true(creds_resolve(&prof, fake_env, env, &c, &err));
	creds_free(&c);

	/* Group or world readable: refused with the chmod hint. */
	static const mode_t bad[] = { 0640, 0604, 0644, 0660, 0610 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(chmod(full, bad[i]), 0);
		assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
		snprintf(want, sizeof(want), "chmod 600 %s", full);
		assert_non_null(strstr(err.msg, want));
		assert_non_null(strstr(err.msg, "group or others"));
		assert_no_secret(err.msg);
		assert_int_equal(c.cred.kind, CF_AUTH_NONE);
	}

	/* Missing file: an error naming it (the command is not tried). */
	prof.token_file = (char *)(uintptr_t) "~/nope";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "cannot read token file"));
	assert_non_null(strstr(err.msg, "/nope"));

	/* Empty or multi-line files are refused, content never shown. */
	write_file("empty", " \n", 0600);
	prof.token_file = (char *)(uintptr_t) "~/empty";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "is empty"));
	write_file("two", SECRET "\n" SECRET2 "\n", 0600);
	prof.token_file = (char *)(uintptr_t) "~/two";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "one line"));
	assert_no_secret(err.msg);

	/* A directory is not a token file. */
	prof.token_file = tmpdir;
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "not a regular file"));

	/* ~ without HOME */
	const char *nohome[] = { NULL };
	prof.token_file = (char *)(uintptr_t) "~/tok";
	assert_false(creds_resolve(&prof, fake_env, nohome, &c, &err));
	assert_non_null(strstr(err.msg, "HOME is not set"));

	/* Environment still beats the file. */
	const char *envtok[] = { "CF_API_TOKEN", SECRET2, "HOME", home, NULL };
	assert_true(creds_resolve(&prof, fake_env, envtok, &c, &err));
	assert_string_equal(c.cred.token, SECRET2);
	creds_free(&c);
}

static void
test_token_command(void **state)
{
	(void)state;
	struct creds c;
	struct config_error err;
	const char *env[] = { NULL };
	struct config_profile prof = { .name = (char *)(uintptr_t) "cmdp" };

	prof.token_command = (char *)(uintptr_t) "printf '  %s\\n' " SECRET;
	assert_true(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_int_equal(c.cred.kind, CF_AUTH_TOKEN);
	assert_string_equal(c.cred.token, SECRET);
	assert_string_equal(c.source,
			    "token from token_command of profile cmdp");
	creds_free(&c);

	/* Non-zero exit: error with the status, never its output. */
	prof.token_command =
		(char *)(uintptr_t) "echo " SECRET "; echo " SECRET2
				    " >&2; exit 3";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "exit status 3"));
	assert_no_secret(err.msg);

	prof.token_command = (char *)(uintptr_t) "/nonexistent/cmd";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "exit status 127"));

	prof.token_command = (char *)(uintptr_t) "true";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "token_command output is empty"));

	prof.token_command = (char *)(uintptr_t) "kill -9 $$";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "killed by signal 9"));

	prof.token_command =
		(char *)(uintptr_t) "head -c 10000 /dev/zero | tr '\\0' a";
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "more than"));

	/* A hanging command is killed at the timeout. */
	time_t t0 = time(NULL);
	char *t = creds_run_command("sleep 30", 1, &err);
	assert_null(t);
	assert_non_null(strstr(err.msg, "did not finish within 1 s"));
	assert_true(time(NULL) - t0 < 10);

	t = creds_run_command("echo abc", 5, &err);
	assert_string_equal(t, "abc");
	free(t);
}

static void
test_key_file(void **state)
{
	(void)state;
	struct creds c;
	struct config_error err;
	const char *env[] = { NULL };
	char *path = write_file("key", SECRET "\n", 0600);
	struct config_profile prof = { .name = (char *)(uintptr_t) "k",
				       .key_file = path };

	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "no email"));
	prof.email = (char *)(uintptr_t) "me@example.com";
	assert_true(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_int_equal(c.cred.kind, CF_AUTH_KEY);
	assert_string_equal(c.cred.key, SECRET);
	assert_string_equal(c.cred.email, "me@example.com");
	assert_non_null(strstr(c.source, "global API key from file"));
	creds_free(&c);
	assert_int_equal(chmod(path, 0644), 0);
	assert_false(creds_resolve(&prof, fake_env, env, &c, &err));
	assert_non_null(strstr(err.msg, "refusing key file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env_precedence),
		cmocka_unit_test_setup_teardown(test_token_file, setup,
						teardown),
		cmocka_unit_test(test_token_command),
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
