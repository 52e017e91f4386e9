/* theme_file.c: loads themes/NAME.theme (libconfig) into role styles with 256/16/8/mono fallbacks. */
#include "cfconsole/theme_def.h"
#include "core/conf.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CFCONSOLE_THEMEDIR
#define CFCONSOLE_THEMEDIR "/usr/local/share/cfconsole/themes"
#endif

/* ---- roles ------------------------------------------------------------ */

#define THEME_ROLE_NAME_(id, name, help) name,
static const char *const role_names[] = { THEME_ROLE_INFO(THEME_ROLE_NAME_) };
#undef THEME_ROLE_NAME_
#define THEME_ROLE_HELP_(id, name, help) help,
static const char *const role_helps[] = { THEME_ROLE_INFO(THEME_ROLE_HELP_) };
#undef THEME_ROLE_HELP_

const char *
theme_role_name(enum theme_role role)
{
	if ((int)role < 0 || role >= THEME_ROLE_COUNT)
		return NULL;
	return role_names[role];
}

const char *
theme_role_help(enum theme_role role)
{
	if ((int)role < 0 || role >= THEME_ROLE_COUNT)
		return NULL;
	return role_helps[role];
}

int
theme_role_lookup(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < THEME_ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * Attributes a role gets without colour when the theme does not say (`mono`
 * absent): enough that selection, tabs and states stay distinguishable.
 */
static unsigned
role_mono_default(enum theme_role r)
{
	switch (r) {
	case THEME_ROLE_SELECTION:
	case THEME_ROLE_HEADER:
	case THEME_ROLE_STATUS:
		return THEME_ATTR_REVERSE;
	case THEME_ROLE_TAB_ACTIVE:
		return THEME_ATTR_REVERSE | THEME_ATTR_BOLD;
	case THEME_ROLE_COLUMN_HEADER:
	case THEME_ROLE_HIGHLIGHT:
		return THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE;
	case THEME_ROLE_TITLE:
	case THEME_ROLE_KEY:
	case THEME_ROLE_PROMPT:
	case THEME_ROLE_ERROR:
	case THEME_ROLE_WARNING:
	case THEME_ROLE_UNHEALTHY:
	case THEME_ROLE_DEGRADED:
	case THEME_ROLE_DIFF_ADD:
		return THEME_ATTR_BOLD;
	case THEME_ROLE_DIM:
	case THEME_ROLE_DISABLED:
	case THEME_ROLE_UNKNOWN:
	case THEME_ROLE_DIFF_DEL:
		return THEME_ATTR_DIM;
	default:
		return 0;
	}
}

/* ---- colours ---------------------------------------------------------- */

/* xterm's default palette for 0..15. */
static const unsigned char ansi_rgb[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0xcd, 0x00, 0x00 }, { 0x00, 0xcd, 0x00 },
	{ 0xcd, 0xcd, 0x00 }, { 0x00, 0x00, 0xee }, { 0xcd, 0x00, 0xcd },
	{ 0x00, 0xcd, 0xcd }, { 0xe5, 0xe5, 0xe5 }, { 0x7f, 0x7f, 0x7f },
	{ 0xff, 0x00, 0x00 }, { 0x00, 0xff, 0x00 }, { 0xff, 0xff, 0x00 },
	{ 0x5c, 0x5c, 0xff }, { 0xff, 0x00, 0xff }, { 0x00, 0xff, 0xff },
	{ 0xff, 0xff, 0xff },
};

static const int cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static void
palette_rgb(int c, int rgb[3])
{
	if (c < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = ansi_rgb[c][i];
	} else if (c < 232) {
		int i = c - 16;
		rgb[0] = cube_level[i / 36];
		rgb[1] = cube_level[(i / 6) % 6];
		rgb[2] = cube_level[i % 6];
	} else {
		int v = 8 + 10 * (c - 232);
		rgb[0] = rgb[1] = rgb[2] = v;
	}
}

static long
dist2(const int a[3], const int b[3])
{
	long d = 0;
	for (int i = 0; i < 3; i++)
		d += (long)(a[i] - b[i]) * (a[i] - b[i]);
	return d;
}

static bool
is_grey_index(int c)
{
	return c == 0 || c == 7 || c == 8 || c == 15;
}

/* Below this spread between channels a colour counts as a grey. */
#define GREY_SPREAD 40

/*
 * Nearest palette index in [lo, hi] to rgb. For the 16/8 fallbacks, greys
 * only map to greys and colours only to colours: plain RGB distance would
 * turn mid grey into yellow and dark blue into grey.
 */
static int
nearest(const int rgb[3], int lo, int hi)
{
	int best = lo;
	long bestd = -1;
	int mx = rgb[0], mn = rgb[0];
	for (int i = 1; i < 3; i++) {
		mx = rgb[i] > mx ? rgb[i] : mx;
		mn = rgb[i] < mn ? rgb[i] : mn;
	}
	bool grey = mx - mn < GREY_SPREAD;
	for (int c = lo; c <= hi; c++) {
		int p[3];
		if (hi <= 15 && is_grey_index(c) != grey)
			continue;
		palette_rgb(c, p);
		long d = dist2(rgb, p);
		if (bestd < 0 || d < bestd) {
			best = c;
			bestd = d;
		}
	}
	return best;
}

int
theme_color_from_rgb(int r, int g, int b)
{
	int rgb[3] = { r, g, b };
	/* Search the cube and the grey ramp; 0..15 vary between terminals. */
	return nearest(rgb, 16, 255);
}

int
theme_color_to16(int c)
{
	if (c < 0 || c > 255)
		return THEME_COLOR_DEFAULT;
	if (c < 16)
		return c;
	int rgb[3];
	palette_rgb(c, rgb);
	return nearest(rgb, 0, 15);
}

int
theme_color_to8(int c)
{
	if (c < 0 || c > 255)
		return THEME_COLOR_DEFAULT;
	if (c < 8)
		return c;
	int rgb[3];
	palette_rgb(c, rgb);
	return nearest(rgb, 0, 7);
}

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

bool
theme_color_parse(const char *s, int *out)
{
	if (!s || !*s)
		return false;
	if (strcasecmp(s, "default") == 0) {
		*out = THEME_COLOR_DEFAULT;
		return true;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			*out = i;
			return true;
		}
		if (strncasecmp(s, "bright", 6) == 0 &&
		    strcasecmp(s + 6, color_names[i]) == 0) {
			*out = 8 + i;
			return true;
		}
	}
	const char *num = NULL;
	if (strncasecmp(s, "color", 5) == 0)
		num = s + 5;
	else if (strncasecmp(s, "colour", 6) == 0)
		num = s + 6;
	if (num) {
		if (!isdigit((unsigned char)*num) || strlen(num) > 3)
			return false;
		for (const char *p = num; *p; p++)
			if (!isdigit((unsigned char)*p))
				return false;
		int v = atoi(num);
		if (v > 255)
			return false;
		*out = v;
		return true;
	}
	if (s[0] == '#' && strlen(s) == 7) {
		int rgb[3];
		for (int i = 0; i < 3; i++) {
			char h[3] = { s[1 + 2 * i], s[2 + 2 * i], '\0' };
			if (!isxdigit((unsigned char)h[0]) ||
			    !isxdigit((unsigned char)h[1]))
				return false;
			rgb[i] = (int)strtol(h, NULL, 16);
		}
		*out = theme_color_from_rgb(rgb[0], rgb[1], rgb[2]);
		return true;
	}
	return false;
}

/* ---- errors and helpers ----------------------------------------------- */

void
theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->path);
	free(t->description);
	memset(t, 0, sizeof(*t));
}

/* ---- parsing ---------------------------------------------------------- */

/* What the file said for one role; -2 = not given. */
struct role_spec {
	bool defined;
	int col[6]; /* fg bg fg16 bg16 fg8 bg8 */
	unsigned attrs;
	bool has_mono;
	unsigned mono;
};

enum { C_FG, C_BG, C_FG16, C_BG16, C_FG8, C_BG8, C_COUNT };
static const char *const col_keys[C_COUNT] = {
	"fg", "bg", "fg16", "bg16", "fg8", "bg8",
};
#define NOT_GIVEN (-2)

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "dim", THEME_ATTR_DIM },
	{ "italic", THEME_ATTR_ITALIC },
	{ "standout", THEME_ATTR_STANDOUT },
};

static bool
parse_attr_word(const char *file, const config_setting_t *s, const char *w,
		unsigned *bits, struct config_error *err)
{
	for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]);
	     i++) {
		if (strcasecmp(attr_names[i].name, w) == 0) {
			*bits |= attr_names[i].bit;
			return true;
		}
	}
	if (strcasecmp(w, "none") == 0 || strcasecmp(w, "normal") == 0)
		return true;
	return conf_err(
		err, file, conf_line(s),
		"%s.%s: unknown attribute \"%s\" (known: bold, reverse, "
		"underline, dim, italic, standout)",
		config_setting_name(config_setting_parent(s)),
		config_setting_name(s), w);
}

static bool
parse_attrs(const char *file, const config_setting_t *s, unsigned *bits,
	    struct config_error *err)
{
	int t = config_setting_type(s);
	*bits = 0;
	if (t == CONFIG_TYPE_STRING)
		return parse_attr_word(file, s, config_setting_get_string(s),
				       bits, err);
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return conf_err(err, file, conf_line(s),
				"%s.%s must be a list of attributes like "
				"[\"bold\", \"reverse\"]",
				config_setting_name(config_setting_parent(s)),
				config_setting_name(s));
	int n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e =
			config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return conf_err(
				err, file, conf_line(s),
				"%s.%s must hold only strings",
				config_setting_name(config_setting_parent(s)),
				config_setting_name(s));
		if (!parse_attr_word(file, s, config_setting_get_string(e),
				     bits, err))
			return false;
	}
	return true;
}

static bool
parse_role(const char *file, const config_setting_t *g, struct role_spec *rs,
	   struct config_error *err)
{
	const char *role = config_setting_name(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return conf_err(err, file, conf_line(g),
				"%s must be a group { fg = ...; bg = ...; }",
				role);
	rs->defined = true;
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(s);
		int ci = -1;
		for (int j = 0; j < C_COUNT; j++)
			if (strcmp(col_keys[j], k) == 0)
				ci = j;
		if (ci >= 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING)
				return conf_err(err, file, conf_line(s),
						"%s.%s must be a colour string "
						"(\"default\", \"red\", "
						"\"brightblue\", \"color123\", "
						"\"#rrggbb\")",
						role, k);
			const char *v = config_setting_get_string(s);
			int c;
			if (!theme_color_parse(v, &c))
				return conf_err(err, file, conf_line(s),
						"%s.%s: \"%s\" is not a colour "
						"(use default, black..white, "
						"brightblack..brightwhite, "
						"color0..color255 or #rrggbb)",
						role, k, v);
			/* The fallbacks must fit their depth. */
			if ((ci == C_FG16 || ci == C_BG16) && c > 15)
				return conf_err(err, file, conf_line(s),
						"%s.%s must be one of the 16 "
						"basic colours",
						role, k);
			if ((ci == C_FG8 || ci == C_BG8) && c > 7)
				return conf_err(err, file, conf_line(s),
						"%s.%s must be one of the 8 "
						"basic colours",
						role, k);
			rs->col[ci] = c;
		} else if (strcmp(k, "attrs") == 0) {
			if (!parse_attrs(file, s, &rs->attrs, err))
				return false;
		} else if (strcmp(k, "mono") == 0) {
			if (!parse_attrs(file, s, &rs->mono, err))
				return false;
			rs->has_mono = true;
		} else {
			return conf_err(
				err, file, conf_line(s),
				"unknown setting '%s' in %s (known: fg, "
				"bg, fg16, bg16, fg8, bg8, attrs, mono)",
				k, role);
		}
	}
	return true;
}

/* Fills a style from a spec; unspecified colours come from `base`. */
static void
resolve(const struct role_spec *rs, const struct theme_style *base,
	enum theme_role role, struct theme_style *st)
{
	const int *c = rs->col;
	st->defined = rs->defined;
	/* fg/bg: given, else normal's */
	st->fg = c[C_FG] != NOT_GIVEN ? c[C_FG] : base->fg;
	st->bg = c[C_BG] != NOT_GIVEN ? c[C_BG] : base->bg;
	/* 16: given, else nearest to the given 256 colour, else normal's */
	st->fg16 = c[C_FG16] != NOT_GIVEN ? c[C_FG16]
		   : c[C_FG] != NOT_GIVEN ? theme_color_to16(c[C_FG])
					  : base->fg16;
	st->bg16 = c[C_BG16] != NOT_GIVEN ? c[C_BG16]
		   : c[C_BG] != NOT_GIVEN ? theme_color_to16(c[C_BG])
					  : base->bg16;
	/* 8: given, else nearest to this role's 16 colour, else normal's */
	st->fg8 = c[C_FG8] != NOT_GIVEN ? c[C_FG8]
		  : (c[C_FG16] != NOT_GIVEN || c[C_FG] != NOT_GIVEN)
			  ? theme_color_to8(st->fg16)
			  : base->fg8;
	st->bg8 = c[C_BG8] != NOT_GIVEN ? c[C_BG8]
		  : (c[C_BG16] != NOT_GIVEN || c[C_BG] != NOT_GIVEN)
			  ? theme_color_to8(st->bg16)
			  : base->bg8;
	st->attrs = rs->attrs;
	st->mono_attrs =
		rs->has_mono ? rs->mono : rs->attrs | role_mono_default(role);
}

static void
resolve_all(struct theme *t, struct role_spec *specs)
{
	static const struct theme_style plain = {
		.fg = THEME_COLOR_DEFAULT,
		.bg = THEME_COLOR_DEFAULT,
		.fg16 = THEME_COLOR_DEFAULT,
		.bg16 = THEME_COLOR_DEFAULT,
		.fg8 = THEME_COLOR_DEFAULT,
		.bg8 = THEME_COLOR_DEFAULT,
	};
	resolve(&specs[THEME_ROLE_NORMAL], &plain, THEME_ROLE_NORMAL,
		&t->roles[THEME_ROLE_NORMAL]);
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		if (r == THEME_ROLE_NORMAL)
			continue;
		if (specs[r].defined) {
			resolve(&specs[r], &t->roles[THEME_ROLE_NORMAL],
				(enum theme_role)r, &t->roles[r]);
		} else {
			/* Undefined roles look like normal text, but keep
			 * their no-colour distinction. */
			t->roles[r] = t->roles[THEME_ROLE_NORMAL];
			t->roles[r].defined = false;
			t->roles[r].mono_attrs |=
				role_mono_default((enum theme_role)r);
		}
	}
}

static void
specs_init(struct role_spec *specs)
{
	memset(specs, 0, sizeof(*specs) * THEME_ROLE_COUNT);
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		for (int j = 0; j < C_COUNT; j++)
			specs[r].col[j] = NOT_GIVEN;
}

/* "dir/dark.theme" -> "dark" */
static char *
name_from_path(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 6 && strcmp(b + n - 6, ".theme") == 0)
		n -= 6;
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, b, n);
		s[n] = '\0';
	}
	return s;
}

static bool
load_common(const char *text, const char *path, const char *file,
	    struct theme *out, struct config_error *err)
{
	config_t lc;
	struct role_spec specs[THEME_ROLE_COUNT];
	bool ok = true;

	memset(out, 0, sizeof(*out));
	specs_init(specs);
	config_init(&lc);
	config_set_options(&lc, 0);
	if (!conf_read(&lc, text, path, file, err)) {
		ok = false;
		goto out;
	}
	const config_setting_t *root = config_root_setting(&lc);
	int n = config_setting_length(root);
	for (int i = 0; i < n && ok; i++) {
		config_setting_t *s =
			config_setting_get_elem(root, (unsigned)i);
		const char *k = config_setting_name(s);
		if (strcmp(k, "description") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING) {
				ok = conf_err(err, file, conf_line(s),
					      "description must be a string");
				break;
			}
			free(out->description);
			out->description =
				conf_dup(config_setting_get_string(s));
			continue;
		}
		int r = theme_role_lookup(k);
		if (r < 0) {
			ok = conf_err(err, file, conf_line(s),
				      "unknown role '%s' (see theme_def.h or "
				      "cfconsole.conf(5) for the role list)",
				      k);
			break;
		}
		ok = parse_role(file, s, &specs[r], err);
	}
	if (ok) {
		resolve_all(out, specs);
		out->name = path ? name_from_path(path) : conf_dup(file);
		out->path = path ? conf_dup(path) : NULL;
		if (!out->name || (path && !out->path))
			ok = conf_err(err, file, 0, "out of memory");
	}
out:
	config_destroy(&lc);
	if (!ok)
		theme_free(out);
	return ok;
}

bool
theme_load_string(const char *text, const char *name, struct theme *out,
		  struct config_error *err)
{
	return load_common(text ? text : "", NULL, name ? name : "(string)",
			   out, err);
}

bool
theme_load_file(const char *path, struct theme *out, struct config_error *err)
{
	memset(out, 0, sizeof(*out));
	struct stat st;
	if (!path)
		return conf_err(err, NULL, 0, "no theme file given");
	if (stat(path, &st) != 0)
		return conf_err(err, path, 0, "cannot read: %s",
				strerror(errno));
	if (!S_ISREG(st.st_mode))
		return conf_err(err, path, 0, "not a regular file");
	errno = 0;
	return load_common(NULL, path, path, out, err);
}

/* ---- search path -------------------------------------------------------- */

static bool
name_is_plain(const char *name)
{
	if (!*name || name[0] == '.')
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return false;
	return true;
}

static bool
self_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

bool
theme_load(const char *name, config_getenv_fn env, void *ud,
	   const char *exe_dir, struct theme *out, struct config_error *err)
{
	char dirs[3][PATH_MAX];
	int nd = 0;
	char path[PATH_MAX + 64];

	memset(out, 0, sizeof(*out));
	if (!name || !*name)
		return conf_err(err, NULL, 0, "no theme name given");
	if (strchr(name, '/'))
		return theme_load_file(name, out, err);
	if (!name_is_plain(name) || strlen(name) > 64)
		return conf_err(err, NULL, 0,
				"theme name \"%s\" is not valid "
				"(letters, digits, - _ . only)",
				name);

	const char *xdg = conf_env(env, ud, "XDG_CONFIG_HOME");
	const char *home = conf_env(env, ud, "HOME");
	if (xdg)
		snprintf(dirs[nd++], PATH_MAX, "%s/cfconsole/themes", xdg);
	else if (home)
		snprintf(dirs[nd++], PATH_MAX, "%s/.config/cfconsole/themes",
			 home);
	snprintf(dirs[nd++], PATH_MAX, "%s", CFCONSOLE_THEMEDIR);
	char self[PATH_MAX];
	if (exe_dir)
		snprintf(dirs[nd++], PATH_MAX, "%s/../themes", exe_dir);
	else if (self_dir(self, sizeof(self)))
		snprintf(dirs[nd++], PATH_MAX, "%.*s/../themes", PATH_MAX - 12,
			 self);

	for (int i = 0; i < nd; i++) {
		struct stat st;
		int w = snprintf(path, sizeof(path), "%s/%s.theme", dirs[i],
				 name);
		if (w < 0 || (size_t)w >= sizeof(path))
			continue;
		if (stat(path, &st) == 0)
			return theme_load_file(path, out, err);
	}
	char searched[400];
	size_t used = 0;
	searched[0] = '\0';
	for (int i = 0; i < nd && used < sizeof(searched); i++) {
		int w = snprintf(searched + used, sizeof(searched) - used,
				 "%s%s", i ? ", " : "", dirs[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return conf_err(err, NULL, 0,
			"theme \"%s\" not found (looked for "
			"%s.theme in %s)",
			name, name, searched);
}

/* ---- built-in fallback ---------------------------------------------------- */

/*
 * The compiled-in theme when no file can be found: the 8 basic colours on
 * the terminal's own background, so it works everywhere.
 */
void
theme_builtin(struct theme *out)
{
	struct role_spec specs[THEME_ROLE_COUNT];
	static const struct {
		enum theme_role role;
		int fg, bg;
		unsigned attrs;
	} table[] = {
		{ THEME_ROLE_NORMAL, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
		  0 },
		{ THEME_ROLE_HEADER, 7, 4, THEME_ATTR_BOLD },
		{ THEME_ROLE_TAB, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_TAB_ACTIVE, 0, 6, THEME_ATTR_BOLD },
		{ THEME_ROLE_SELECTION, 0, 6, 0 },
		{ THEME_ROLE_COLUMN_HEADER, THEME_COLOR_DEFAULT,
		  THEME_COLOR_DEFAULT, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE },
		{ THEME_ROLE_BORDER, 4, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_TITLE, 6, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_STATUS, 7, 4, 0 },
		{ THEME_ROLE_PROMPT, 3, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_INPUT, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
		  THEME_ATTR_UNDERLINE },
		{ THEME_ROLE_DIALOG, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
		  0 },
		{ THEME_ROLE_KEY, 3, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_HIGHLIGHT, 3, THEME_COLOR_DEFAULT,
		  THEME_ATTR_BOLD },
		{ THEME_ROLE_DIM, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
		  THEME_ATTR_DIM },
		{ THEME_ROLE_HEALTHY, 2, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_UNHEALTHY, 1, THEME_COLOR_DEFAULT,
		  THEME_ATTR_BOLD },
		{ THEME_ROLE_DEGRADED, 3, THEME_COLOR_DEFAULT,
		  THEME_ATTR_BOLD },
		{ THEME_ROLE_DISABLED, THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT,
		  THEME_ATTR_DIM },
		{ THEME_ROLE_UNKNOWN, 3, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_WARNING, 3, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_ERROR, 1, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_SUCCESS, 2, THEME_COLOR_DEFAULT, THEME_ATTR_BOLD },
		{ THEME_ROLE_INFO, 6, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_PROXIED, 3, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_SPARKLINE, 6, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_DIFF_ADD, 2, THEME_COLOR_DEFAULT, 0 },
		{ THEME_ROLE_DIFF_DEL, 1, THEME_COLOR_DEFAULT, 0 },
	};

	memset(out, 0, sizeof(*out));
	specs_init(specs);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct role_spec *rs = &specs[table[i].role];
		rs->defined = true;
		rs->col[C_FG] = table[i].fg;
		rs->col[C_BG] = table[i].bg;
		rs->attrs = table[i].attrs;
	}
	resolve_all(out, specs);
	out->name = conf_dup("builtin");
	out->description = conf_dup("compiled-in fallback (8 colours)");
}

bool
theme_no_color(bool no_color_flag, config_getenv_fn env, void *ud)
{
	if (no_color_flag)
		return true;
	return conf_env(env, ud, "NO_COLOR") != NULL;
}
