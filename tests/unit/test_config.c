/* test_config.c: cfconsole.conf parsing: good files, every broken case with its line, key specs, profiles, defaults. */
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

#include "cfconsole/config.h"

/* A fake environment: NULL-terminated name/value pairs. */
static const char *
fake_env(const char *name, void *ud)
{
	const char *const *kv = ud;
	for (; kv && kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static const char full_conf[] =
	"# a full example\n"
	"default_profile = \"prod\";\n"
	"profiles = {\n"
	"  prod = {\n"
	"    account_id = \"0123456789abcdef0123456789abcdef\";\n"
	"    api_base = \"https://api.cloudflare.com/client/v4\";\n"
	"    token_file = \"~/.config/cfconsole/prod.token\";\n"
	"    readonly = true;\n"
	"    protected_zones = [\"example.com\", \"Example.NET.\"];\n"
	"  };\n"
	"  staging = {\n"
	"    api_base = \"http://127.0.0.1:8080/client/v4\";\n"
	"    token_command = \"pass show cf/staging\";\n"
	"    email = \"ops@example.com\";\n"
	"    key_file = \"/etc/cf.key\";\n"
	"  };\n"
	"};\n"
	"ui = {\n"
	"  theme = \"dark\";\n"
	"  mouse = false;\n"
	"  poll_interval = 15;\n"
	"  health_poll_interval = 5;\n"
	"  idle_poll_interval = 600;\n"
	"  date_format = \"%H:%M\";\n"
	"  utc = true;\n"
	"  confirm_disable = \"always\";\n"
	"  confirm_quit = true;\n"
	"};\n"
	"keys = {\n"
	"  quit = \"Q\";\n"
	"  refresh = [\"R\", \"F5\"];\n"
	"  next-tab = \"^N\";\n"
	"};\n"
	"ratelimit = { requests = 600; window = 60; };\n";

static void
test_full_file(void **state)
{
	(void)state;
	struct config cfg;
	struct config_error err;

	assert_true(config_load_string(full_conf, "full.conf", &cfg, &err));
	assert_string_equal(cfg.default_profile, "prod");
	assert_int_equal(cfg.nprofiles, 2);
	const struct config_profile *p = config_profile_find(&cfg, "prod");
	assert_non_null(p);
	assert_string_equal(p->account_id, "0123456789abcdef0123456789abcdef");
	assert_string_equal(p->token_file, "~/.config/cfconsole/prod.token");
	assert_true(p->readonly);
	assert_int_equal(p->protected_zones.n, 2);
	assert_int_equal(p->line, 4);
	assert_true(config_zone_is_protected(p, "EXAMPLE.com."));
	assert_true(config_zone_is_protected(p, "example.net"));
	assert_false(config_zone_is_protected(p, "example.org"));
	assert_false(config_zone_is_protected(p, "sub.example.com"));
	p = config_profile_find(&cfg, "staging");
	assert_non_null(p);
	assert_string_equal(p->token_command, "pass show cf/staging");
	assert_string_equal(p->email, "ops@example.com");
	assert_string_equal(p->key_file, "/etc/cf.key");
	assert_false(p->readonly);
	assert_null(p->account_id);
	assert_null(config_profile_find(&cfg, "nope"));

	assert_string_equal(cfg.ui.theme, "dark");
	assert_false(cfg.ui.mouse);
	assert_int_equal(cfg.ui.poll_interval, 15);
	assert_int_equal(cfg.ui.health_poll_interval, 5);
	assert_int_equal(cfg.ui.idle_poll_interval, 600);
	assert_string_equal(cfg.ui.date_format, "%H:%M");
	assert_true(cfg.ui.utc);
	assert_int_equal(cfg.ui.confirm_disable, CONFIG_CONFIRM_ALWAYS);
	assert_true(cfg.ui.confirm_quit);

	assert_int_equal(cfg.nkeys, 4);
	assert_string_equal(cfg.keys[0].command, "quit");
	assert_int_equal(cfg.keys[0].key, 'Q');
	assert_int_equal(cfg.keys[0].line, 30);
	assert_string_equal(cfg.keys[1].command, "refresh");
	assert_int_equal(cfg.keys[1].key, 'R');
	assert_string_equal(cfg.keys[2].command, "refresh");
	assert_int_equal(cfg.keys[2].key, CONFIG_KEY_F0 + 5);
	assert_string_equal(cfg.keys[3].command, "next-tab");
	assert_int_equal(cfg.keys[3].key, 14);

	assert_int_equal(cfg.ratelimit_requests, 600);
	assert_int_equal(cfg.ratelimit_window, 60);

	const struct config_profile *sel =
		config_profile_select(&cfg, NULL, &err);
	assert_non_null(sel);
	assert_string_equal(sel->name, "prod");
	sel = config_profile_select(&cfg, "staging", &err);
	assert_non_null(sel);
	assert_string_equal(sel->name, "staging");
	assert_null(config_profile_select(&cfg, "dev", &err));
	assert_non_null(strstr(err.msg, "no profile named \"dev\""));
	assert_non_null(strstr(err.msg, "prod, staging"));
	config_free(&cfg);
	config_free(&cfg); /* zeroed: a second free is harmless */
	config_free(NULL);
}

static void
check_defaults(const struct config *cfg)
{
	assert_string_equal(cfg->ui.theme, "default");
	assert_true(cfg->ui.mouse);
	assert_int_equal(cfg->ui.poll_interval, 30);
	assert_int_equal(cfg->ui.health_poll_interval, 10);
	assert_int_equal(cfg->ui.idle_poll_interval, 120);
	assert_string_equal(cfg->ui.date_format, "%Y-%m-%d %H:%M:%S");
	assert_false(cfg->ui.utc);
	assert_int_equal(cfg->ui.confirm_disable, CONFIG_CONFIRM_BELOW_MINIMUM);
	assert_false(cfg->ui.confirm_quit);
	assert_int_equal(cfg->ratelimit_requests, 1200);
	assert_int_equal(cfg->ratelimit_window, 300);
	assert_int_equal(cfg->nprofiles, 0);
	assert_int_equal(cfg->nkeys, 0);
	assert_null(cfg->default_profile);
}

static void
test_defaults(void **state)
{
	(void)state;
	struct config cfg;
	struct config_error err;

	config_defaults(&cfg);
	check_defaults(&cfg);
	config_free(&cfg);

	assert_true(config_load_string("", "empty", &cfg, &err));
	check_defaults(&cfg);
	/* No profiles: the built-in environment-only profile. */
	const struct config_profile *p =
		config_profile_select(&cfg, NULL, &err);
	assert_non_null(p);
	assert_string_equal(p->name, "default");
	assert_null(p->token_file);
	assert_false(p->readonly);
	config_free(&cfg);

	/* Only some settings: the rest keep their defaults. */
	assert_true(config_load_string("ui = { poll_interval = 7; };\n", "part",
				       &cfg, &err));
	assert_int_equal(cfg.ui.poll_interval, 7);
	assert_int_equal(cfg.ui.health_poll_interval, 10);
	assert_string_equal(cfg.ui.theme, "default");
	config_free(&cfg);
}

struct bad_case {
	const char *text;
	int line;
	const char *needle;
};

static void
test_broken(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "ui = {\n  theme = \"dark\"\n  mouse = ;\n};\n", 3,
		  "syntax error" },
		{ "ui = { theme = \"dark; };\n", 2, "syntax error" },
		{ "\n\nfoo = 1;\n", 3,
		  "unknown setting 'foo' in the top level" },
		{ "ui = {\n  them = \"x\";\n};\n", 2,
		  "unknown setting 'them' in ui" },
		{ "ui = { mouse = \"yes\"; };\n", 1,
		  "ui.mouse must be true or false, not a string" },
		{ "ui = {\n poll_interval = \"5\";\n};\n", 2,
		  "ui.poll_interval must be an integer" },
		{ "ui = { poll_interval = 0; };\n", 1,
		  "out of range [1, 86400]" },
		/* Issue 8, item 21: the value as written, not libconfig's
		 * wrapped reading (-1, 0, 5, INT_MIN). */
		{ "ui = { poll_interval = 99999999999999999999; };\n", 1,
		  "ui.poll_interval = 99999999999999999999 is out of range [1, 86400]" },
		{ "ui = {\n  idle_poll_interval = -99999999999999999999;\n};\n",
		  2,
		  "ui.idle_poll_interval = -99999999999999999999 is out of range" },
		{ "ui = { poll_interval = 4294967301; };\n", 1,
		  "ui.poll_interval = 4294967301 is out of range" },
		{ "ui = { poll_interval = 4294967296; };\n", 1,
		  "ui.poll_interval = 4294967296 is out of range" },
		{ "ui = { health_poll_interval = 2147483648; };\n", 1,
		  "ui.health_poll_interval = 2147483648 is out of range" },
		{ "ui = { poll_interval = 0x1FFFFFFFFFFFFFFFFF; };\n", 1,
		  "ui.poll_interval = 0x1FFFFFFFFFFFFFFFFF is out of range" },
		{ "ratelimit = { window = 86401L; };\n", 1,
		  "ratelimit.window = 86401L is out of range [1, 86400]" },
		{ "ui = { health_poll_interval = -3; };\n", 1, "out of range" },
		{ "ui = { poll_interval = 2.5; };\n", 1,
		  "must be an integer, not a number" },
		{ "ui = { confirm_disable = \"never\"; };\n", 1,
		  "ui.confirm_disable must be" },
		{ "ui = { theme = \"\"; };\n", 1,
		  "ui.theme must not be empty" },
		{ "ui = 3;\n", 1, "ui must be a group" },
		{ "profiles = {\n  p = {\n    readonly = 1;\n  };\n};\n", 3,
		  "profiles.p.readonly must be true or false" },
		{ "profiles = {\n  p = {\n    tokenfile = \"x\";\n  };\n};\n",
		  3, "unknown setting 'tokenfile' in profile 'p'" },
		{ "profiles = {\n  p = {\n    api_base = \"ftp://x\";\n  };\n};\n",
		  3, "must be an http:// or https:// URL" },
		{ "profiles = {\n  p = {\n    protected_zones = [1, 2];\n  };\n};\n",
		  3, "must hold only strings" },
		{ "profiles = {\n  p = 5;\n};\n", 2,
		  "profiles.p must be a group" },
		{ "profiles = { a = {}; };\ndefault_profile = \"b\";\n", 2,
		  "default_profile \"b\" is not defined" },
		{ "keys = {\n  quit = \"ctrl-q\";\n};\n", 2,
		  "keys.quit: 'ctrl-q' is not a key" },
		{ "keys = {\n  quit = \"Q\";\n  refresh = \"Q\";\n};\n", 3,
		  "key Q is bound to both 'quit' and 'refresh'" },
		{ "keys = {\n  quit = 5;\n};\n", 2,
		  "keys.quit must be a list of strings" },
		{ "keys = {\n  quit = [];\n};\n", 2, "give at least one key" },
		{ "ratelimit = {\n  requests = 0;\n};\n", 2,
		  "ratelimit.requests = 0 is out of range" },
		{ "ratelimit = {\n  burst = 3;\n};\n", 2,
		  "unknown setting 'burst' in ratelimit" },
		{ "ratelimit = {\n  window = \"300\";\n};\n", 2,
		  "ratelimit.window must be an integer" },
		{ "ui = { theme = \"a\"; theme = \"b\"; };\n", 1, "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		struct config_error err;
		char prefix[64];

		memset(&cfg, 0x5a, sizeof(cfg));
		if (config_load_string(cases[i].text, "t.conf", &cfg, &err))
			fail_msg("case %zu loaded: %s", i, cases[i].text);
		snprintf(prefix, sizeof(prefix), "t.conf:%d: ", cases[i].line);
		if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
		    !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu: got \"%s\", want prefix \"%s\" and "
				 "\"%s\"",
				 i, err.msg, prefix, cases[i].needle);
		assert_int_equal(err.line, cases[i].line);
		/* On failure the config is left zeroed: freeing is safe. */
		assert_null(cfg.profiles);
		assert_null(cfg.ui.theme);
		config_free(&cfg);
	}
}

static void
test_key_specs(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		int key;
	} good[] = {
		{ "x", 'x' },	       { "Q", 'Q' },	   { ":", ':' },
		{ "?", '?' },	       { " ", ' ' },	   { "^X", 24 },
		{ "^x", 24 },	       { "C-x", 24 },	   { "^L", 12 },
		{ "^[", 27 },	       { "^?", 127 },	   { "F1", 0411 },
		{ "F5", 0415 },	       { "f12", 0424 },	   { "F63", 0410 + 63 },
		{ "Enter", 10 },       { "return", 10 },   { "Tab", 9 },
		{ "BTab", 0541 },      { "S-Tab", 0541 },  { "Esc", 27 },
		{ "escape", 27 },      { "Space", ' ' },   { "SPACE", ' ' },
		{ "Backspace", 0407 }, { "Delete", 0512 }, { "Del", 0512 },
		{ "DEL", 0512 },       { "Insert", 0513 }, { "Home", 0406 },
		{ "End", 0550 },       { "PgUp", 0523 },   { "PageDown", 0522 },
		{ "PgDn", 0522 },      { "Up", 0403 },	   { "down", 0402 },
		{ "Left", 0404 },      { "Right", 0405 },
	};
	static const char *const bad[] = {
		"",	  "xy",	    "^1",  "C-",  "F0",	  "F64",
		"F01",	  "F5x",    "Fx",  "\t",  "\x7f", "\xc3\xa9",
		"ctrl-q", "Enterr", "M-x", "^ab",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int k = config_key_parse(good[i].spec);
		if (k != good[i].key)
			fail_msg("'%s' -> %d, want %d", good[i].spec, k,
				 good[i].key);
		/* The name round-trips to the same key. */
		char name[32];
		config_key_name(k, name, sizeof(name));
		assert_int_equal(config_key_parse(name), k);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (config_key_parse(bad[i]) != -1)
			fail_msg("'%s' was accepted", bad[i]);
	assert_int_equal(config_key_parse(NULL), -1);

	char buf[16];
	assert_string_equal(config_key_name(24, buf, sizeof(buf)), "^X");
	assert_string_equal(config_key_name(0415, buf, sizeof(buf)), "F5");
	assert_string_equal(config_key_name(10, buf, sizeof(buf)), "Enter");
	assert_string_equal(config_key_name(' ', buf, sizeof(buf)), "Space");
	assert_string_equal(config_key_name('q', buf, sizeof(buf)), "q");
	assert_string_equal(config_key_name(99999, buf, sizeof(buf)), "#99999");
	assert_string_equal(config_key_name(127, buf, sizeof(buf)), "^?");
	assert_string_equal(config_key_name(0522, buf, 3), "Pg");
}

static void
test_profile_select(void **state)
{
	(void)state;
	struct config cfg;
	struct config_error err;

	/* One profile and no default: that one. */
	assert_true(config_load_string(
		"profiles = { only = { readonly = true; }; };", "one", &cfg,
		&err));
	const struct config_profile *p =
		config_profile_select(&cfg, NULL, &err);
	assert_non_null(p);
	assert_string_equal(p->name, "only");
	config_free(&cfg);

	/* Several and no default: an error that names them and -p. */
	assert_true(config_load_string("profiles = { a = {}; b = {}; };", "two",
				       &cfg, &err));
	assert_null(config_profile_select(&cfg, NULL, &err));
	assert_non_null(strstr(err.msg, "a, b"));
	assert_non_null(strstr(err.msg, "-p NAME"));
	p = config_profile_select(&cfg, "b", &err);
	assert_non_null(p);
	assert_string_equal(p->name, "b");
	config_free(&cfg);
}

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_config.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown_tmp(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_files_and_paths(void **state)
{
	(void)state;
	struct config cfg;
	struct config_error err;
	char path[400], dir[200];

	/* Default path: XDG first, then HOME. */
	const char *env1[] = { "XDG_CONFIG_HOME", "/x", "HOME", "/h", NULL };
	char *s = config_default_path(fake_env, env1);
	assert_string_equal(s, "/x/cfconsole/cfconsole.conf");
	free(s);
	const char *env2[] = { "XDG_CONFIG_HOME", "", "HOME", "/h", NULL };
	s = config_default_path(fake_env, env2);
	assert_string_equal(s, "/h/.config/cfconsole/cfconsole.conf");
	free(s);
	const char *env3[] = { NULL };
	assert_null(config_default_path(fake_env, env3));

	/* ~ expansion */
	s = config_expand_path("~/a/b", fake_env, env1);
	assert_string_equal(s, "/h/a/b");
	free(s);
	s = config_expand_path("~", fake_env, env1);
	assert_string_equal(s, "/h");
	free(s);
	s = config_expand_path("~x/a", fake_env, env1);
	assert_string_equal(s, "~x/a");
	free(s);
	assert_null(config_expand_path("~/a", fake_env, env3));
	assert_null(config_expand_path(NULL, fake_env, env1));

	/* Missing default file: defaults, no error. */
	const char *envt[] = { "XDG_CONFIG_HOME", tmpdir, NULL };
	assert_true(config_load(NULL, fake_env, envt, &cfg, &err));
	assert_null(cfg.path);
	check_defaults(&cfg);
	config_free(&cfg);

	/* Present default file: loaded. */
	snprintf(dir, sizeof(dir), "%s/cfconsole", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/cfconsole.conf", dir);
	write_file(path, "ui = { theme = \"light\"; };\n");
	assert_true(config_load(NULL, fake_env, envt, &cfg, &err));
	assert_string_equal(cfg.path, path);
	assert_string_equal(cfg.ui.theme, "light");
	config_free(&cfg);

	/* A broken default file is an error with the file's path and line. */
	write_file(path, "ui = {\n  theme = light;\n};\n");
	assert_false(config_load(NULL, fake_env, envt, &cfg, &err));
	char want[450];
	snprintf(want, sizeof(want), "%s:2: ", path);
	assert_true(strncmp(err.msg, want, strlen(want)) == 0);

	/* Explicit -c FILE that does not exist: an error. */
	snprintf(path, sizeof(path), "%s/missing.conf", tmpdir);
	assert_false(config_load(path, fake_env, envt, &cfg, &err));
	assert_non_null(
		strstr(err.msg, "missing.conf: cannot read: No such file"));

	/* -c on a directory is refused. */
	assert_false(config_load(tmpdir, fake_env, envt, &cfg, &err));
	assert_non_null(strstr(err.msg, "not a regular file"));

	/* @include is relative to the including file's directory. */
	snprintf(path, sizeof(path), "%s/keys.inc", dir);
	write_file(path, "keys = { quit = \"Q\"; };\n");
	snprintf(path, sizeof(path), "%s/main.conf", dir);
	write_file(path, "@include \"keys.inc\"\nui = { mouse = false; };\n");
	assert_true(config_load(path, fake_env, envt, &cfg, &err));
	assert_int_equal(cfg.nkeys, 1);
	assert_false(cfg.ui.mouse);
	config_free(&cfg);

	/* An integer too big for libconfig, in an @include'd file: its
	 * value as written, with that file's line (issue 8, item 21). */
	snprintf(path, sizeof(path), "%s/ui.inc", dir);
	write_file(path, "# polls\nui = {\n  poll_interval = "
			 "99999999999999999999;\n};\n");
	snprintf(path, sizeof(path), "%s/main.conf", dir);
	write_file(path, "@include \"ui.inc\"\n");
	assert_false(config_load(path, fake_env, envt, &cfg, &err));
	assert_non_null(strstr(err.msg, ":3: ui.poll_interval = "
					"99999999999999999999 is out of range "
					"[1, 86400]"));
}

/* Values libconfig reads right are still accepted however written. */
static void
test_int_forms(void **state)
{
	(void)state;
	struct config cfg;
	struct config_error err;

	assert_true(config_load_string(
		"ui = { poll_interval = 0x10; health_poll_interval = 7L; "
		"idle_poll_interval = +600; };\n"
		"ratelimit = { requests = 99; window = 99; };\n",
		"t.conf", &cfg, &err));
	assert_int_equal(cfg.ui.poll_interval, 16);
	assert_int_equal(cfg.ui.health_poll_interval, 7);
	assert_int_equal(cfg.ui.idle_poll_interval, 600);
	assert_int_equal(cfg.ratelimit_requests, 99);
	assert_int_equal(cfg.ratelimit_window, 99);
	config_free(&cfg);
	/* Several settings on one line: the right one is quoted. */
	assert_false(config_load_string(
		"ratelimit = { requests = 5; window = 99999999999999999999; };"
		"\n",
		"t.conf", &cfg, &err));
	assert_non_null(strstr(err.msg,
			       "ratelimit.window = "
			       "99999999999999999999 is out of range"));
}

/* Reads man/cfconsole.conf.5 ($TOP, else relative to this binary). */
static char *
read_man_page(void)
{
	char path[4200], self[4096];
	const char *top = getenv("TOP");
	if (top && *top) {
		snprintf(path, sizeof(path), "%s/man/cfconsole.conf.5", top);
	} else {
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return NULL;
		self[n] = '\0';
		for (int i = 0; i < 4; i++) {
			char *sl = strrchr(self, '/');
			if (!sl)
				return NULL;
			*sl = '\0';
		}
		snprintf(path, sizeof(path), "%s/man/cfconsole.conf.5", self);
	}
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 200000);
	size_t len = buf ? fread(buf, 1, 199999, f) : 0;
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/*
 * Every setting the parser accepts is documented in cfconsole.conf(5), and
 * every setting listed here is accepted (so neither side can drift).
 */
static void
test_man_page_documents_settings(void **state)
{
	(void)state;
	static const struct {
		const char *snippet;
		const char *name;
	} settings[] = {
		{ "default_profile = \"p\"; profiles = { p = {}; };",
		  "default_profile" },
		{ "profiles = {};", "profiles" },
		{ "ui = {};", "ui" },
		{ "keys = {};", "keys" },
		{ "ratelimit = {};", "ratelimit" },
		{ "profiles = { p = { account_id = \"x\"; }; };",
		  "account_id" },
		{ "profiles = { p = { api_base = \"https://x\"; }; };",
		  "api_base" },
		{ "profiles = { p = { token_file = \"x\"; }; };",
		  "token_file" },
		{ "profiles = { p = { token_command = \"x\"; }; };",
		  "token_command" },
		{ "profiles = { p = { email = \"x\"; }; };", "email" },
		{ "profiles = { p = { key_file = \"x\"; }; };", "key_file" },
		{ "profiles = { p = { readonly = true; }; };", "readonly" },
		{ "profiles = { p = { protected_zones = []; }; };",
		  "protected_zones" },
		{ "ui = { theme = \"x\"; };", "theme" },
		{ "ui = { mouse = true; };", "mouse" },
		{ "ui = { poll_interval = 5; };", "poll_interval" },
		{ "ui = { health_poll_interval = 5; };",
		  "health_poll_interval" },
		{ "ui = { idle_poll_interval = 5; };", "idle_poll_interval" },
		{ "ui = { date_format = \"%H\"; };", "date_format" },
		{ "ui = { utc = true; };", "utc" },
		{ "ui = { confirm_disable = \"always\"; };",
		  "confirm_disable" },
		{ "ui = { confirm_quit = true; };", "confirm_quit" },
		{ "ratelimit = { requests = 5; };", "requests" },
		{ "ratelimit = { window = 5; };", "window" },
	};
	char *man = read_man_page();
	assert_non_null(man);
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		struct config cfg;
		struct config_error err;
		char want[80];
		if (!config_load_string(settings[i].snippet, "s", &cfg, &err))
			fail_msg("%s: %s", settings[i].name, err.msg);
		config_free(&cfg);
		snprintf(want, sizeof(want), ".BR %s \"", settings[i].name);
		if (!strstr(man, want))
			fail_msg("cfconsole.conf.5 does not document %s",
				 settings[i].name);
	}
	/* The parser's lists of known names are exactly these: an unknown
	 * name in each section is rejected with the list it knows. */
	struct config cfg;
	struct config_error err;
	assert_false(config_load_string("profiles = { p = { x = 1; }; };", "s",
					&cfg, &err));
	assert_non_null(strstr(err.msg,
			       "(known: account_id, api_base, "
			       "token_file, token_command, email, key_file, "
			       "readonly, protected_zones)"));
	assert_false(config_load_string("ui = { x = 1; };", "s", &cfg, &err));
	assert_non_null(strstr(err.msg,
			       "(known: theme, mouse, poll_interval, "
			       "health_poll_interval, idle_poll_interval, "
			       "date_format, utc, confirm_disable, "
			       "confirm_quit)"));
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_key_specs),
		cmocka_unit_test(test_int_forms),
		cmocka_unit_test(test_man_page_documents_settings),
		cmocka_unit_test(test_profile_select),
		cmocka_unit_test_setup_teardown(test_files_and_paths, setup_tmp,
						teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
