/* config.c: loads and validates cfconsole.conf with libconfig; key specs; profile selection. */
#include "cfconsole/config.h"
#include "core/conf.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- defaults -------------------------------------------------------- */

#define DEF_THEME "default"
#define DEF_DATE_FORMAT "%Y-%m-%d %H:%M:%S"
#define DEF_POLL 30
#define DEF_HEALTH_POLL 10
#define DEF_IDLE_POLL 120
#define DEF_RL_REQUESTS 1200
#define DEF_RL_WINDOW 300

/* Limits that keep a typo from hammering the API or never polling. */
#define MIN_POLL 1
#define MAX_POLL 86400
#define MAX_RL_REQUESTS 100000
#define MAX_RL_WINDOW 86400

const char *
config_env_process(const char *name, void *ud)
{
	(void)ud;
	return getenv(name);
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ui.theme = conf_dup(DEF_THEME);
	cfg->ui.mouse = true;
	cfg->ui.poll_interval = DEF_POLL;
	cfg->ui.health_poll_interval = DEF_HEALTH_POLL;
	cfg->ui.idle_poll_interval = DEF_IDLE_POLL;
	cfg->ui.date_format = conf_dup(DEF_DATE_FORMAT);
	cfg->ui.utc = false;
	cfg->ui.confirm_disable = CONFIG_CONFIRM_BELOW_MINIMUM;
	cfg->ui.confirm_quit = false;
	cfg->ratelimit_requests = DEF_RL_REQUESTS;
	cfg->ratelimit_window = DEF_RL_WINDOW;
}

static void
strv_free(struct config_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

static void
profile_free(struct config_profile *p)
{
	free(p->name);
	free(p->account_id);
	free(p->api_base);
	free(p->token_file);
	free(p->token_command);
	free(p->email);
	free(p->key_file);
	strv_free(&p->protected_zones);
	memset(p, 0, sizeof(*p));
}

void
config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->default_profile);
	for (size_t i = 0; i < cfg->nprofiles; i++)
		profile_free(&cfg->profiles[i]);
	free(cfg->profiles);
	free(cfg->ui.theme);
	free(cfg->ui.date_format);
	for (size_t i = 0; i < cfg->nkeys; i++)
		free(cfg->keys[i].command);
	free(cfg->keys);
	memset(cfg, 0, sizeof(*cfg));
}

/* ---- paths ----------------------------------------------------------- */

static char *
join3(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

char *
config_default_path(config_getenv_fn env, void *ud)
{
	const char *xdg = conf_env(env, ud, "XDG_CONFIG_HOME");
	if (xdg)
		return join3(xdg, "/cfconsole", "/cfconsole.conf");
	const char *home = conf_env(env, ud, "HOME");
	if (home)
		return join3(home, "/.config/cfconsole", "/cfconsole.conf");
	return NULL;
}

char *
config_expand_path(const char *path, config_getenv_fn env, void *ud)
{
	if (!path)
		return NULL;
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		const char *home = conf_env(env, ud, "HOME");
		if (!home)
			return NULL;
		return join3(home, "", path + 1);
	}
	return conf_dup(path);
}

/* ---- key specs ------------------------------------------------------- */

struct key_name {
	const char *name;
	int code;
};

/* The first name of each code is the one config_key_name writes. */
static const struct key_name key_names[] = {
	{ .name = "Enter", .code = CONFIG_KEY_ENTER },
	{ .name = "Return", .code = CONFIG_KEY_ENTER },
	{ .name = "Tab", .code = CONFIG_KEY_TAB },
	{ .name = "BTab", .code = CONFIG_KEY_BTAB },
	{ .name = "S-Tab", .code = CONFIG_KEY_BTAB },
	{ .name = "Esc", .code = CONFIG_KEY_ESC },
	{ .name = "Escape", .code = CONFIG_KEY_ESC },
	{ .name = "Space", .code = CONFIG_KEY_SPACE },
	{ .name = "Backspace", .code = CONFIG_KEY_BACKSPACE },
	{ .name = "BS", .code = CONFIG_KEY_BACKSPACE },
	{ .name = "Delete", .code = CONFIG_KEY_DC },
	{ .name = "Del", .code = CONFIG_KEY_DC },
	{ .name = "Insert", .code = CONFIG_KEY_IC },
	{ .name = "Ins", .code = CONFIG_KEY_IC },
	{ .name = "Home", .code = CONFIG_KEY_HOME },
	{ .name = "End", .code = CONFIG_KEY_END },
	{ .name = "PgUp", .code = CONFIG_KEY_PPAGE },
	{ .name = "PageUp", .code = CONFIG_KEY_PPAGE },
	{ .name = "PgDn", .code = CONFIG_KEY_NPAGE },
	{ .name = "PageDown", .code = CONFIG_KEY_NPAGE },
	{ .name = "Up", .code = CONFIG_KEY_UP },
	{ .name = "Down", .code = CONFIG_KEY_DOWN },
	{ .name = "Left", .code = CONFIG_KEY_LEFT },
	{ .name = "Right", .code = CONFIG_KEY_RIGHT },
	{ .name = "KEnter", .code = CONFIG_KEY_KENTER },
};

int
config_key_parse(const char *spec)
{
	if (!spec || !*spec)
		return -1;
	size_t len = strlen(spec);
	if (len == 1) {
		unsigned char c = (unsigned char)spec[0];
		/* printable ASCII only; " " is Space */
		if (c >= 0x20 && c < 0x7f)
			return c;
		return -1;
	}
	/* ^X or C-x: control characters */
	const char *ctl = NULL;
	if (len == 2 && spec[0] == '^')
		ctl = spec + 1;
	else if (len == 3 && (spec[0] == 'C' || spec[0] == 'c') &&
		 spec[1] == '-')
		ctl = spec + 2;
	if (ctl) {
		unsigned char c = (unsigned char)toupper((unsigned char)*ctl);
		if ((c >= 'A' && c <= 'Z') || c == '@' || c == '[' ||
		    c == '\\' || c == ']' || c == '^' || c == '_')
			return c & 0x1f;
		if (c == '?')
			return CONFIG_KEY_DEL_CHAR;
		return -1;
	}
	/* F1..F63 */
	if ((spec[0] == 'F' || spec[0] == 'f') &&
	    isdigit((unsigned char)spec[1])) {
		char *end;
		errno = 0;
		long n = strtol(spec + 1, &end, 10);
		if (*end || errno || n < 1 || n > 63 || spec[1] == '0')
			return -1;
		return CONFIG_KEY_F0 + (int)n;
	}
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcasecmp(key_names[i].name, spec) == 0)
			return key_names[i].code;
	}
	return -1;
}

char *
config_key_name(int key, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].code == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key > CONFIG_KEY_F0 && key <= CONFIG_KEY_F0 + 63)
		snprintf(buf, size, "F%d", key - CONFIG_KEY_F0);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, size, "%c", key);
	else if (key >= 0 && key < 0x20)
		snprintf(buf, size, "^%c", key + '@');
	else if (key == CONFIG_KEY_DEL_CHAR)
		snprintf(buf, size, "^?");
	else
		snprintf(buf, size, "#%d", key);
	return buf;
}

/* ---- validation helpers ---------------------------------------------- */

struct loader {
	const char *file; /* name used in messages */
	const char *text; /* the configuration when read from a string */
	const char *path; /* else the file read */
	const char *dir;  /* ... and its directory (@include paths) */
	struct config_error *err;
};

/*
 * The file setting s was read from: libconfig 1.5 keeps an @include's
 * name as written, relative to the including file's directory. Fills buf
 * (size bytes) or returns NULL for a configuration read from a string.
 */
static const char *
source_path(const struct loader *ld, const config_setting_t *s, char *buf,
	    size_t size)
{
	const char *f = config_setting_source_file(s);

	if (ld->text || !f)
		return NULL;
	if (f[0] == '/' || !ld->dir || (ld->path && strcmp(f, ld->path) == 0))
		return f;
	snprintf(buf, size, "%s/%s", ld->dir, f);
	return buf;
}

static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP:
		return "a group { ... }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		return "an integer";
	case CONFIG_TYPE_FLOAT:
		return "a number";
	case CONFIG_TYPE_STRING:
		return "a string";
	case CONFIG_TYPE_BOOL:
		return "true or false";
	case CONFIG_TYPE_ARRAY:
		return "an array [ ... ]";
	case CONFIG_TYPE_LIST:
		return "a list ( ... )";
	default:
		return "something else";
	}
}

/* "profiles.prod.readonly" style path for messages. */
static void
setting_path(const config_setting_t *s, char *buf, size_t size)
{
	const char *parts[16];
	int n = 0;
	for (const config_setting_t *p = s; p && n < 16;
	     p = config_setting_parent(p)) {
		const char *nm = config_setting_name(p);
		if (nm)
			parts[n++] = nm;
	}
	buf[0] = '\0';
	size_t used = 0;
	for (int i = n - 1; i >= 0 && used < size; i--) {
		int w = snprintf(buf + used, size - used, "%s%s", parts[i],
				 i ? "." : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static bool
wrong_type(struct loader *ld, const config_setting_t *s, const char *want)
{
	char path[128];
	setting_path(s, path, sizeof(path));
	return conf_err(ld->err, ld->file, conf_line(s),
			"%s must be %s, not %s", path, want,
			type_name(config_setting_type(s)));
}

static bool
unknown_setting(struct loader *ld, const config_setting_t *s, const char *where,
		const char *allowed)
{
	return conf_err(ld->err, ld->file, conf_line(s),
			"unknown setting '%s' in %s (known: %s)",
			config_setting_name(s), where, allowed);
}

static bool
get_string(struct loader *ld, const config_setting_t *s, char **out,
	   bool allow_empty)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return wrong_type(ld, s, "a string");
	const char *v = config_setting_get_string(s);
	if (!allow_empty && (!v || !*v)) {
		char path[128];
		setting_path(s, path, sizeof(path));
		return conf_err(ld->err, ld->file, conf_line(s),
				"%s must not be empty", path);
	}
	char *d = conf_dup(v ? v : "");
	if (!d)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	free(*out);
	*out = d;
	return true;
}

static bool
get_bool(struct loader *ld, const config_setting_t *s, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return wrong_type(ld, s, "true or false");
	*out = config_setting_get_bool(s) != 0;
	return true;
}

static bool
get_int(struct loader *ld, const config_setting_t *s, long long lo,
	long long hi, long long *out)
{
	int t = config_setting_type(s);
	if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64)
		return wrong_type(ld, s, "an integer");
	long long v = config_setting_get_int64(s), w;
	char written[64], file[4096];
	/*
	 * libconfig 1.5 wraps what it cannot hold (99999999999999999999
	 * reads as -1, 4294967301 as 5): judge the value as written.
	 */
	bool have = conf_written_int(s, ld->text,
				     source_path(ld, s, file, sizeof(file)), v,
				     written, sizeof(written));
	bool wrapped = have && (!conf_parse_int(written, &w) || w != v);
	if (wrapped || v < lo || v > hi) {
		char path[128];
		setting_path(s, path, sizeof(path));
		if (!have)
			snprintf(written, sizeof(written), "%lld", v);
		return conf_err(ld->err, ld->file, conf_line(s),
				"%s = %s is out of range [%lld, %lld]", path,
				written, lo, hi);
	}
	*out = v;
	return true;
}

/* A string or a list/array of strings. */
static bool
get_strv(struct loader *ld, const config_setting_t *s, struct config_strv *out)
{
	int t = config_setting_type(s);
	if (t == CONFIG_TYPE_STRING) {
		out->v = calloc(1, sizeof(char *));
		if (!out->v)
			return conf_err(ld->err, ld->file, 0, "out of memory");
		out->v[0] = conf_dup(config_setting_get_string(s));
		out->n = out->v[0] ? 1 : 0;
		return out->n == 1 ||
		       conf_err(ld->err, ld->file, 0, "out of memory");
	}
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return wrong_type(ld, s, "a list of strings [\"a\", \"b\"]");
	int n = config_setting_length(s);
	out->v = calloc((size_t)n + 1, sizeof(char *));
	if (!out->v)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	for (int i = 0; i < n; i++) {
		const config_setting_t *e =
			config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			char path[128];
			setting_path(s, path, sizeof(path));
			return conf_err(ld->err, ld->file, conf_line(s),
					"%s must hold only strings", path);
		}
		out->v[i] = conf_dup(config_setting_get_string(e));
		if (!out->v[i])
			return conf_err(ld->err, ld->file, 0, "out of memory");
		out->n++;
	}
	return true;
}

static bool
check_url(struct loader *ld, const config_setting_t *s, const char *url)
{
	if (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0)
		return true;
	char path[128];
	setting_path(s, path, sizeof(path));
	return conf_err(ld->err, ld->file, conf_line(s),
			"%s must be an http:// or https:// URL", path);
}

/* ---- sections -------------------------------------------------------- */

static bool
load_profile(struct loader *ld, const config_setting_t *g,
	     struct config_profile *p)
{
	static const char allowed[] =
		"account_id, api_base, token_file, "
		"token_command, email, key_file, readonly, protected_zones";
	p->name = conf_dup(config_setting_name(g));
	p->line = conf_line(g);
	if (!p->name)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return wrong_type(ld, g, "a group { ... }");
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(s);
		bool ok;
		if (strcmp(k, "account_id") == 0)
			ok = get_string(ld, s, &p->account_id, false);
		else if (strcmp(k, "api_base") == 0)
			ok = get_string(ld, s, &p->api_base, false) &&
			     check_url(ld, s, p->api_base);
		else if (strcmp(k, "token_file") == 0)
			ok = get_string(ld, s, &p->token_file, false);
		else if (strcmp(k, "token_command") == 0)
			ok = get_string(ld, s, &p->token_command, false);
		else if (strcmp(k, "email") == 0)
			ok = get_string(ld, s, &p->email, false);
		else if (strcmp(k, "key_file") == 0)
			ok = get_string(ld, s, &p->key_file, false);
		else if (strcmp(k, "readonly") == 0)
			ok = get_bool(ld, s, &p->readonly);
		else if (strcmp(k, "protected_zones") == 0)
			ok = get_strv(ld, s, &p->protected_zones);
		else {
			char where[160];
			snprintf(where, sizeof(where), "profile '%s'", p->name);
			ok = unknown_setting(ld, s, where, allowed);
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool
load_profiles(struct loader *ld, const config_setting_t *g, struct config *cfg)
{
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return wrong_type(ld, g, "a group { name = { ... }; }");
	int n = config_setting_length(g);
	if (n == 0)
		return true;
	cfg->profiles = calloc((size_t)n, sizeof(*cfg->profiles));
	if (!cfg->profiles)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	for (int i = 0; i < n; i++) {
		cfg->nprofiles++;
		if (!load_profile(ld, config_setting_get_elem(g, (unsigned)i),
				  &cfg->profiles[i]))
			return false;
	}
	return true;
}

static bool
load_interval(struct loader *ld, const config_setting_t *s, int *out)
{
	long long v = 0;
	if (!get_int(ld, s, MIN_POLL, MAX_POLL, &v))
		return false;
	*out = (int)v;
	return true;
}

static bool
load_ui(struct loader *ld, const config_setting_t *g, struct config_ui *ui)
{
	static const char allowed[] =
		"theme, mouse, poll_interval, "
		"health_poll_interval, idle_poll_interval, date_format, utc, "
		"confirm_disable, confirm_quit";
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return wrong_type(ld, g, "a group { ... }");
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(s);
		bool ok;
		if (strcmp(k, "theme") == 0)
			ok = get_string(ld, s, &ui->theme, false);
		else if (strcmp(k, "mouse") == 0)
			ok = get_bool(ld, s, &ui->mouse);
		else if (strcmp(k, "poll_interval") == 0)
			ok = load_interval(ld, s, &ui->poll_interval);
		else if (strcmp(k, "health_poll_interval") == 0)
			ok = load_interval(ld, s, &ui->health_poll_interval);
		else if (strcmp(k, "idle_poll_interval") == 0)
			ok = load_interval(ld, s, &ui->idle_poll_interval);
		else if (strcmp(k, "date_format") == 0)
			ok = get_string(ld, s, &ui->date_format, false);
		else if (strcmp(k, "utc") == 0)
			ok = get_bool(ld, s, &ui->utc);
		else if (strcmp(k, "confirm_quit") == 0)
			ok = get_bool(ld, s, &ui->confirm_quit);
		else if (strcmp(k, "confirm_disable") == 0) {
			char *v = NULL;
			ok = get_string(ld, s, &v, false);
			if (ok && strcmp(v, "always") == 0)
				ui->confirm_disable = CONFIG_CONFIRM_ALWAYS;
			else if (ok && strcmp(v, "below_minimum") == 0)
				ui->confirm_disable =
					CONFIG_CONFIRM_BELOW_MINIMUM;
			else if (ok)
				ok = conf_err(
					ld->err, ld->file, conf_line(s),
					"ui.confirm_disable must be "
					"\"below_minimum\" or \"always\"");
			free(v);
		} else
			ok = unknown_setting(ld, s, "ui", allowed);
		if (!ok)
			return false;
	}
	return true;
}

static bool
add_binding(struct loader *ld, struct config *cfg, const config_setting_t *s,
	    const char *command, const char *spec)
{
	int key = config_key_parse(spec);
	if (key < 0)
		return conf_err(ld->err, ld->file, conf_line(s),
				"keys.%s: '%s' is not a key (examples: \"x\", "
				"\"^X\", \"F5\", \"Enter\", \"Space\", "
				"\"PgDn\")",
				command, spec);
	for (size_t i = 0; i < cfg->nkeys; i++) {
		if (cfg->keys[i].key == key) {
			char name[32];
			config_key_name(key, name, sizeof(name));
			return conf_err(ld->err, ld->file, conf_line(s),
					"key %s is bound to both '%s' and '%s'",
					name, cfg->keys[i].command, command);
		}
	}
	struct config_key_binding *nk =
		realloc(cfg->keys, (cfg->nkeys + 1) * sizeof(*nk));
	if (!nk)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	cfg->keys = nk;
	nk[cfg->nkeys].command = conf_dup(command);
	nk[cfg->nkeys].key = key;
	nk[cfg->nkeys].line = conf_line(s);
	if (!nk[cfg->nkeys].command)
		return conf_err(ld->err, ld->file, 0, "out of memory");
	cfg->nkeys++;
	return true;
}

static bool
load_keys(struct loader *ld, const config_setting_t *g, struct config *cfg)
{
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return wrong_type(ld, g, "a group { command = \"key\"; }");
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *cmd = config_setting_name(s);
		struct config_strv v = { 0 };
		bool ok = get_strv(ld, s, &v);
		if (ok && v.n == 0)
			ok = conf_err(ld->err, ld->file, conf_line(s),
				      "keys.%s: give at least one key", cmd);
		for (size_t j = 0; ok && j < v.n; j++)
			ok = add_binding(ld, cfg, s, cmd, v.v[j]);
		strv_free(&v);
		if (!ok)
			return false;
	}
	return true;
}

static bool
load_ratelimit(struct loader *ld, const config_setting_t *g, struct config *cfg)
{
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return wrong_type(ld, g,
				  "a group { requests = N; window = S; }");
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(s);
		long long v = 0;
		if (strcmp(k, "requests") == 0) {
			if (!get_int(ld, s, 1, MAX_RL_REQUESTS, &v))
				return false;
			cfg->ratelimit_requests = (unsigned)v;
		} else if (strcmp(k, "window") == 0) {
			if (!get_int(ld, s, 1, MAX_RL_WINDOW, &v))
				return false;
			cfg->ratelimit_window = (unsigned)v;
		} else
			return unknown_setting(ld, s, "ratelimit",
					       "requests, window");
	}
	return true;
}

static bool
load_root(struct loader *ld, const config_t *lc, struct config *cfg)
{
	const config_setting_t *root = config_root_setting(lc);
	const config_setting_t *dp = NULL;
	int n = config_setting_length(root);
	for (int i = 0; i < n; i++) {
		config_setting_t *s =
			config_setting_get_elem(root, (unsigned)i);
		const char *k = config_setting_name(s);
		bool ok;
		if (strcmp(k, "default_profile") == 0) {
			ok = get_string(ld, s, &cfg->default_profile, false);
			dp = s;
		} else if (strcmp(k, "profiles") == 0)
			ok = load_profiles(ld, s, cfg);
		else if (strcmp(k, "ui") == 0)
			ok = load_ui(ld, s, &cfg->ui);
		else if (strcmp(k, "keys") == 0)
			ok = load_keys(ld, s, cfg);
		else if (strcmp(k, "ratelimit") == 0)
			ok = load_ratelimit(ld, s, cfg);
		else
			ok = unknown_setting(ld, s, "the top level",
					     "default_profile, profiles, ui, "
					     "keys, ratelimit");
		if (!ok)
			return false;
	}
	if (cfg->default_profile &&
	    !config_profile_find(cfg, cfg->default_profile))
		return conf_err(ld->err, ld->file, conf_line(dp),
				"default_profile \"%s\" is not defined in "
				"profiles",
				cfg->default_profile);
	return true;
}

/* Parses with libconfig (text or file) and validates into cfg. */
static bool
load_common(const char *text, const char *path, const char *name,
	    struct config *cfg, struct config_error *err)
{
	config_t lc;
	struct loader ld = {
		.file = name, .text = text, .path = path, .err = err
	};
	bool ok;

	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	config_defaults(cfg);
	config_init(&lc);
	config_set_options(&lc, 0);
	/* @include paths are relative to the file's own directory. */
	char *dir = path ? conf_dup(path) : NULL;
	if (dir) {
		char *slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			config_set_include_dir(&lc, *dir ? dir : "/");
			ld.dir = *dir ? dir : "/";
		}
	}
	ok = conf_read(&lc, text, path, name, err) && load_root(&ld, &lc, cfg);
	config_destroy(&lc);
	free(dir);
	if (ok && path) {
		cfg->path = conf_dup(path);
		if (!cfg->path)
			ok = conf_err(err, name, 0, "out of memory");
	}
	if (!ok)
		config_free(cfg);
	return ok;
}

bool
config_load_string(const char *text, const char *name, struct config *cfg,
		   struct config_error *err)
{
	if (!text)
		text = "";
	return load_common(text, NULL, name ? name : "(string)", cfg, err);
}

bool
config_load_file(const char *path, struct config *cfg, struct config_error *err)
{
	memset(cfg, 0, sizeof(*cfg));
	if (!path)
		return conf_err(err, NULL, 0, "no configuration file given");
	struct stat st;
	if (stat(path, &st) != 0)
		return conf_err(err, path, 0, "cannot read: %s",
				strerror(errno));
	if (!S_ISREG(st.st_mode))
		return conf_err(err, path, 0, "not a regular file");
	errno = 0;
	return load_common(NULL, path, path, cfg, err);
}

bool
config_load(const char *path, config_getenv_fn env, void *ud,
	    struct config *cfg, struct config_error *err)
{
	if (path)
		return config_load_file(path, cfg, err);
	char *def = config_default_path(env, ud);
	struct stat st;
	if (!def || stat(def, &st) != 0) {
		/* No default file (or no HOME at all): built-in defaults. */
		free(def);
		config_defaults(cfg);
		return true;
	}
	bool ok = config_load_file(def, cfg, err);
	free(def);
	return ok;
}

/* ---- profiles -------------------------------------------------------- */

const struct config_profile *
config_profile_find(const struct config *cfg, const char *name)
{
	if (!cfg || !name)
		return NULL;
	for (size_t i = 0; i < cfg->nprofiles; i++)
		if (strcmp(cfg->profiles[i].name, name) == 0)
			return &cfg->profiles[i];
	return NULL;
}

static void
profile_names(const struct config *cfg, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cfg->nprofiles && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
				 cfg->profiles[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

const struct config_profile *
config_profile_select(const struct config *cfg, const char *name,
		      struct config_error *err)
{
	static const struct config_profile builtin = {
		.name = (char *)(uintptr_t) "default",
	};
	const char *file = cfg->path ? cfg->path : "configuration";
	char names[256];

	if (name) {
		const struct config_profile *p = config_profile_find(cfg, name);
		if (p)
			return p;
		profile_names(cfg, names, sizeof(names));
		conf_err(err, file, 0, "no profile named \"%s\" (profiles: %s)",
			 name, cfg->nprofiles ? names : "none defined");
		return NULL;
	}
	if (cfg->default_profile) {
		const struct config_profile *p =
			config_profile_find(cfg, cfg->default_profile);
		if (p)
			return p;
		conf_err(err, file, 0, "default_profile \"%s\" is not defined",
			 cfg->default_profile);
		return NULL;
	}
	if (cfg->nprofiles == 1)
		return &cfg->profiles[0];
	if (cfg->nprofiles == 0)
		return &builtin;
	profile_names(cfg, names, sizeof(names));
	conf_err(err, file, 0,
		 "several profiles (%s) and no default_profile: "
		 "choose one with -p NAME",
		 names);
	return NULL;
}

bool
config_zone_is_protected(const struct config_profile *p, const char *zone)
{
	if (!p || !zone)
		return false;
	size_t zl = strlen(zone);
	if (zl && zone[zl - 1] == '.')
		zl--;
	for (size_t i = 0; i < p->protected_zones.n; i++) {
		const char *z = p->protected_zones.v[i];
		size_t l = strlen(z);
		if (l && z[l - 1] == '.')
			l--;
		if (l == zl && strncasecmp(z, zone, l) == 0)
			return true;
	}
	return false;
}
