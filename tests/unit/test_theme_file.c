/* test_theme_file.c: shipped themes, broken theme files, colour parsing and the 256/16/8/mono fallbacks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfconsole/theme_def.h"

static char themes_dir[PATH_MAX];
static char exe_dir
	[PATH_MAX]; /* a fake <exe>/.. layout: exe_dir/../themes = repo themes */

static const char *
fake_env(const char *name, void *ud)
{
	const char *const *kv = ud;
	for (; kv && kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

/* The repo's themes/: $TOP/themes, else three levels above this binary. */
static int
find_themes(void **state)
{
	(void)state;
	const char *top = getenv("TOP");
	char self[PATH_MAX];
	if (top && *top) {
		snprintf(themes_dir, sizeof(themes_dir), "%s/themes", top);
		snprintf(exe_dir, sizeof(exe_dir), "%s/build", top);
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -1;
	self[n] = '\0';
	for (int i = 0; i < 4; i++) {
		char *s = strrchr(self, '/');
		if (!s)
			return -1;
		*s = '\0';
	}
	snprintf(themes_dir, sizeof(themes_dir), "%.4000s/themes", self);
	snprintf(exe_dir, sizeof(exe_dir), "%.4000s/build", self);
	return 0;
}

static const char *const shipped[] = {
	"default", "dark", "light", "high-contrast", "monochrome",
};

static void
check_depths(const struct theme_style *st)
{
	assert_true(st->fg >= -1 && st->fg <= 255);
	assert_true(st->bg >= -1 && st->bg <= 255);
	assert_true(st->fg16 >= -1 && st->fg16 <= 15);
	assert_true(st->bg16 >= -1 && st->bg16 <= 15);
	assert_true(st->fg8 >= -1 && st->fg8 <= 7);
	assert_true(st->bg8 >= -1 && st->bg8 <= 7);
}

static void
test_shipped_themes(void **state)
{
	(void)state;
	const char *env[] = { NULL };
	for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
		struct theme t;
		struct config_error err;
		char path[PATH_MAX + 64];

		snprintf(path, sizeof(path), "%s/%s.theme", themes_dir,
			 shipped[i]);
		if (!theme_load_file(path, &t, &err))
			fail_msg("%s: %s", path, err.msg);
		assert_string_equal(t.name, shipped[i]);
		assert_non_null(t.description);
		for (int r = 0; r < THEME_ROLE_COUNT; r++) {
			if (!t.roles[r].defined)
				fail_msg("%s does not define %s", shipped[i],
					 theme_role_name((enum theme_role)r));
			check_depths(&t.roles[r]);
		}
		/* Without colour, selection and the active tab stand out. */
		assert_true(t.roles[THEME_ROLE_SELECTION].mono_attrs &
			    THEME_ATTR_REVERSE);
		assert_true(t.roles[THEME_ROLE_TAB_ACTIVE].mono_attrs &
			    THEME_ATTR_REVERSE);
		/* No role may have the same fg and bg at any depth (invisible text). */
		for (int r = 0; r < THEME_ROLE_COUNT; r++) {
			const struct theme_style *st = &t.roles[r];
			if (st->fg >= 0 && st->fg == st->bg)
				fail_msg("%s.%s: fg == bg", shipped[i],
					 theme_role_name((enum theme_role)r));
			if (st->fg16 >= 0 && st->fg16 == st->bg16)
				fail_msg("%s.%s: fg16 == bg16", shipped[i],
					 theme_role_name((enum theme_role)r));
			if (st->fg8 >= 0 && st->fg8 == st->bg8)
				fail_msg("%s.%s: fg8 == bg8", shipped[i],
					 theme_role_name((enum theme_role)r));
		}
		theme_free(&t);

		/* The same theme by name through the search path (exe_dir). */
		assert_true(theme_load(shipped[i], fake_env, env, exe_dir, &t,
				       &err));
		assert_string_equal(t.name, shipped[i]);
		theme_free(&t);
	}
}

static void
test_monochrome_has_no_colour(void **state)
{
	(void)state;
	struct theme t;
	struct config_error err;
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/monochrome.theme", themes_dir);
	assert_true(theme_load_file(path, &t, &err));
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *st = &t.roles[r];
		assert_int_equal(st->fg, THEME_COLOR_DEFAULT);
		assert_int_equal(st->bg, THEME_COLOR_DEFAULT);
		assert_int_equal(st->fg16, THEME_COLOR_DEFAULT);
		assert_int_equal(st->bg16, THEME_COLOR_DEFAULT);
		assert_int_equal(st->fg8, THEME_COLOR_DEFAULT);
		assert_int_equal(st->bg8, THEME_COLOR_DEFAULT);
	}
	assert_int_equal(t.roles[THEME_ROLE_ERROR].attrs,
			 THEME_ATTR_BOLD | THEME_ATTR_REVERSE);
	theme_free(&t);
}

static void
test_colour_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int c;
	} good[] = {
		{ "default", -1 },     { "DEFAULT", -1 },
		{ "black", 0 },	       { "red", 1 },
		{ "white", 7 },	       { "brightblack", 8 },
		{ "brightwhite", 15 }, { "BrightRed", 9 },
		{ "color0", 0 },       { "color123", 123 },
		{ "colour255", 255 },  { "#000000", 16 },
		{ "#ffffff", 231 },    { "#ff0000", 196 },
		{ "#080808", 232 },    { "#5f87af", 67 },
		{ "#EEEEEE", 255 },
	};
	static const char *const bad[] = {
		"",	      "blacky", "color256",  "color-1",	 "color",
		"color1x",    "#fff",	"#gg0000",   "#1234567", "bright",
		"brightpink", "12",	"color0000",
	};
	int c;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!theme_color_parse(good[i].s, &c) || c != good[i].c)
			fail_msg("'%s' -> %d, want %d", good[i].s, c,
				 good[i].c);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (theme_color_parse(bad[i], &c))
			fail_msg("'%s' accepted", bad[i]);
	assert_false(theme_color_parse(NULL, &c));
}

static void
test_fallbacks(void **state)
{
	(void)state;
	/* 16 basic colours map to themselves. */
	for (int i = 0; i < 16; i++)
		assert_int_equal(theme_color_to16(i), i);
	for (int i = 0; i < 8; i++)
		assert_int_equal(theme_color_to8(i), i);
	assert_int_equal(theme_color_to16(-1), -1);
	assert_int_equal(theme_color_to8(-1), -1);
	assert_int_equal(theme_color_to16(196), 9); /* #ff0000 -> bright red */
	assert_int_equal(theme_color_to16(16), 0);  /* #000000 -> black */
	assert_int_equal(theme_color_to16(231),
			 15); /* #ffffff -> bright white */
	assert_int_equal(theme_color_to16(244), 8); /* grey -> bright black */
	assert_int_equal(theme_color_to16(21), 4);  /* #0000ff -> blue */
	assert_int_equal(theme_color_to16(18), 4);  /* dark blue stays blue */
	assert_int_equal(theme_color_to16(172), 3); /* orange -> yellow */
	assert_int_equal(theme_color_to16(235), 0); /* dark grey -> black */
	assert_int_equal(theme_color_to16(252), 7); /* light grey -> white */
	assert_int_equal(theme_color_to8(9), 1);    /* bright red -> red */
	assert_int_equal(theme_color_to8(15), 7);   /* bright white -> white */
	assert_int_equal(theme_color_to8(8),
			 7); /* grey is nearer white than black */
	assert_int_equal(theme_color_to8(196), 1);
	assert_int_equal(theme_color_from_rgb(0, 0, 0), 16);
	assert_int_equal(theme_color_from_rgb(128, 128, 128), 244);

	/* Computed fallbacks, explicit ones, and inheritance from normal. */
	struct theme t;
	struct config_error err;
	assert_true(theme_load_string(
		"normal = { fg = \"color252\"; bg = \"color235\"; bg8 = \"blue\"; };\n"
		"error = { fg = \"color196\"; attrs = [\"bold\"]; };\n"
		"healthy = { fg = \"#00ff00\"; fg16 = \"green\"; fg8 = \"cyan\"; };\n"
		"selection = { bg = \"color24\"; mono = \"underline\"; };\n"
		"dim = { fg = \"default\"; attrs = \"dim\"; };\n",
		"t.theme", &t, &err));
	const struct theme_style *n = &t.roles[THEME_ROLE_NORMAL];
	assert_int_equal(n->fg, 252);
	assert_int_equal(n->fg16, 7);
	assert_int_equal(n->fg8, 7);
	assert_int_equal(n->bg, 235);
	assert_int_equal(n->bg16, 0);
	assert_int_equal(n->bg8, 4);
	const struct theme_style *e = &t.roles[THEME_ROLE_ERROR];
	assert_int_equal(e->fg, 196);
	assert_int_equal(e->fg16, 9);
	assert_int_equal(e->fg8, 1);
	assert_int_equal(e->bg, 235); /* normal's background */
	assert_int_equal(e->bg8, 4);
	assert_int_equal(e->attrs, THEME_ATTR_BOLD);
	assert_int_equal(e->mono_attrs, THEME_ATTR_BOLD);
	const struct theme_style *h = &t.roles[THEME_ROLE_HEALTHY];
	assert_int_equal(h->fg, 46);
	assert_int_equal(h->fg16, 2);
	assert_int_equal(h->fg8, 6);
	const struct theme_style *s = &t.roles[THEME_ROLE_SELECTION];
	assert_int_equal(s->fg, 252);
	assert_int_equal(s->bg, 24);
	assert_int_equal(s->mono_attrs, THEME_ATTR_UNDERLINE);
	const struct theme_style *d = &t.roles[THEME_ROLE_DIM];
	assert_int_equal(d->fg, -1);
	assert_int_equal(d->fg16, -1);
	assert_int_equal(d->fg8, -1);
	assert_int_equal(d->attrs, THEME_ATTR_DIM);
	/* Undefined roles copy normal but keep a no-colour distinction. */
	const struct theme_style *ta = &t.roles[THEME_ROLE_TAB_ACTIVE];
	assert_false(ta->defined);
	assert_int_equal(ta->fg, 252);
	assert_int_equal(ta->bg, 235);
	assert_true(ta->mono_attrs & THEME_ATTR_REVERSE);
	assert_string_equal(t.name, "t.theme");
	assert_null(t.path);
	theme_free(&t);
	theme_free(NULL);
}

struct bad_case {
	const char *text;
	int line;
	const char *needle;
};

static void
test_broken_themes(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{ "normal = {\n  fg = \"red\"\n  bg = ;\n};\n", 3,
		  "syntax error" },
		{ "\nnormall = { fg = \"red\"; };\n", 2,
		  "unknown role 'normall'" },
		{ "error = {\n  fg = \"crimson\";\n};\n", 2,
		  "error.fg: \"crimson\" is not a colour" },
		{ "error = {\n  fg = 3;\n};\n", 2,
		  "error.fg must be a colour string" },
		{ "error = {\n  fg16 = \"color100\";\n};\n", 2,
		  "must be one of the 16 basic colours" },
		{ "error = {\n  bg8 = \"brightred\";\n};\n", 2,
		  "must be one of the 8 basic colours" },
		{ "error = {\n  attrs = [\"blink\"];\n};\n", 2,
		  "unknown attribute \"blink\"" },
		{ "error = {\n  attrs = 1;\n};\n", 2,
		  "error.attrs must be a list of attributes" },
		{ "error = {\n  colour = \"red\";\n};\n", 2,
		  "unknown setting 'colour' in error" },
		{ "\n\nerror = \"red\";\n", 3, "error must be a group" },
		{ "description = 5;\n", 1, "description must be a string" },
		{ "error = {\n  mono = [1];\n};\n", 2,
		  "must hold only strings" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct theme t;
		struct config_error err;
		char prefix[64];
		if (theme_load_string(cases[i].text, "bad.theme", &t, &err))
			fail_msg("case %zu loaded", i);
		snprintf(prefix, sizeof(prefix),
			 "bad.theme:%d: ", cases[i].line);
		if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
		    !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu: got \"%s\", want \"%s\" + \"%s\"",
				 i, err.msg, prefix, cases[i].needle);
		assert_null(t.name);
	}
}

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	if (find_themes(state) != 0)
		return -1;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_theme.XXXXXX");
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
test_search_path(void **state)
{
	(void)state;
	struct theme t;
	struct config_error err;
	char dir[256], path[PATH_MAX + 64];
	const char *env[] = { "XDG_CONFIG_HOME", tmpdir, NULL };

	/* The user's directory comes first and may override a shipped one. */
	snprintf(dir, sizeof(dir), "%s/cfconsole", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/cfconsole/themes", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/dark.theme", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("description = \"mine\";\nnormal = { fg = \"red\"; };\n", f);
	fclose(f);
	assert_true(theme_load("dark", fake_env, env, exe_dir, &t, &err));
	assert_string_equal(t.description, "mine");
	assert_string_equal(t.path, path);
	theme_free(&t);

	/* Others still come from the shipped directory. */
	assert_true(theme_load("light", fake_env, env, exe_dir, &t, &err));
	assert_non_null(strstr(t.path, "/../themes/light.theme"));
	theme_free(&t);

	/* A broken file found first is reported, not skipped. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("normal = {\n  fg = \"nope\";\n};\n", f);
	fclose(f);
	assert_false(theme_load("dark", fake_env, env, exe_dir, &t, &err));
	assert_non_null(strstr(err.msg, "dark.theme:2: normal.fg"));

	/* Missing: the message lists where it looked. */
	assert_false(theme_load("solarized", fake_env, env, exe_dir, &t, &err));
	assert_non_null(strstr(err.msg, "theme \"solarized\" not found"));
	assert_non_null(strstr(err.msg, tmpdir));

	/* Names cannot walk out of the directories; paths load directly. */
	assert_false(theme_load("a b", fake_env, env, exe_dir, &t, &err));
	assert_non_null(strstr(err.msg, "not valid"));
	assert_false(theme_load("..", fake_env, env, exe_dir, &t, &err));
	assert_non_null(strstr(err.msg, "not valid"));
	assert_false(theme_load(".hidden", fake_env, env, exe_dir, &t, &err));
	assert_false(theme_load("", fake_env, env, exe_dir, &t, &err));
	snprintf(path, sizeof(path), "%s/monochrome.theme", themes_dir);
	assert_true(theme_load(path, fake_env, env, exe_dir, &t, &err));
	assert_string_equal(t.name, "monochrome");
	theme_free(&t);
	assert_false(theme_load_file("/nonexistent/x.theme", &t, &err));
	assert_non_null(strstr(err.msg, "/nonexistent/x.theme: cannot read"));
}

static void
test_builtin_and_no_color(void **state)
{
	(void)state;
	struct theme t;
	theme_builtin(&t);
	assert_string_equal(t.name, "builtin");
	assert_null(t.path);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		assert_true(t.roles[r].defined);
		check_depths(&t.roles[r]);
		assert_true(t.roles[r].fg <= 7);
	}
	theme_free(&t);

	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const char *nm = theme_role_name((enum theme_role)r);
		assert_non_null(nm);
		assert_non_null(theme_role_help((enum theme_role)r));
		assert_int_equal(theme_role_lookup(nm), r);
	}
	assert_null(theme_role_name(THEME_ROLE_COUNT));
	assert_int_equal(theme_role_lookup("nope"), -1);
	assert_int_equal(theme_role_lookup(NULL), -1);

	const char *none[] = { NULL };
	const char *empty[] = { "NO_COLOR", "", NULL };
	const char *set[] = { "NO_COLOR", "1", NULL };
	assert_false(theme_no_color(false, fake_env, none));
	assert_false(theme_no_color(false, fake_env, empty));
	assert_true(theme_no_color(false, fake_env, set));
	assert_true(theme_no_color(true, fake_env, none));
}

/* Every role is documented in cfconsole.conf(5). */
static void
test_man_page_lists_roles(void **state)
{
	(void)state;
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/../man/cfconsole.conf.5", themes_dir);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char *man = calloc(1, 200000);
	assert_non_null(man);
	size_t len = fread(man, 1, 199999, f);
	fclose(f);
	man[len] = '\0';
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		char want[64];
		snprintf(want, sizeof(want), ".TP\n.B %s\n",
			 theme_role_name((enum theme_role)r));
		if (!strstr(man, want))
			fail_msg("cfconsole.conf.5 does not list role %s",
				 theme_role_name((enum theme_role)r));
	}
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_themes),
		cmocka_unit_test(test_monochrome_has_no_colour),
		cmocka_unit_test(test_colour_parse),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_broken_themes),
		cmocka_unit_test_setup_teardown(test_search_path, setup_tmp,
						teardown_tmp),
		cmocka_unit_test(test_builtin_and_no_color),
		cmocka_unit_test(test_man_page_lists_roles),
	};
	return cmocka_run_group_tests(tests, find_themes, NULL);
}
