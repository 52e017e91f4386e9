/* config.h: the cfconsole.conf file (libconfig): profiles, UI settings, key overrides, rate limit. */
#ifndef CFCONSOLE_CONFIG_H
#define CFCONSOLE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The file format is documented in man/cfconsole.conf.5. Summary:
 *
 *   default_profile = "prod";
 *   profiles = {
 *     prod = { account_id = "..."; api_base = "https://...";
 *              token_file = "~/.config/cfconsole/prod.token";
 *              token_command = "pass show cf/prod";
 *              email = "..."; key_file = "...";
 *              readonly = true; protected_zones = ["example.com"]; };
 *   };
 *   ui = { theme = "default"; mouse = true; poll_interval = 30;
 *          health_poll_interval = 10; idle_poll_interval = 120;
 *          date_format = "%Y-%m-%d %H:%M:%S"; utc = false;
 *          confirm_disable = "below_minimum"; confirm_quit = false; };
 *   keys = { quit = "Q"; refresh = ["R", "F5"]; };
 *   ratelimit = { requests = 1200; window = 300; };
 *
 * Unknown settings and wrong types are errors (FILE:LINE: message), so a
 * typo never silently does nothing. This module never touches the terminal
 * and never prints: every failure comes back in a struct config_error.
 */

/*
 * Environment lookup used instead of getenv() so tests can inject an
 * environment. Returns the value or NULL when unset. `ud` is passed through.
 * config_env_process() is the real one (ud ignored).
 */
typedef const char *(*config_getenv_fn)(const char *name, void *ud);
const char *config_env_process(const char *name, void *ud);

/* A failure: msg is one line, "FILE:LINE: what is wrong" when a line is known. */
struct config_error {
	int line; /* 1-based line in the file, 0 when not about a line */
	char msg[512];
};

struct config_strv {
	char **v;
	size_t n;
};

/* One named profile. Strings are owned; NULL when not set. */
struct config_profile {
	char *name;
	char *account_id;
	char *api_base;	     /* NULL: the client default (api.cloudflare.com) */
	char *token_file;    /* as written ("~/" is expanded by creds) */
	char *token_command; /* run with /bin/sh -c; stdout is the token */
	char *email;	     /* for the legacy global API key */
	char *key_file;	     /* file holding the global API key */
	bool readonly;	     /* hide every mutating action */
	struct config_strv protected_zones; /* deletes need the name typed */
	int line; /* where the profile starts in the file, 0 builtin */
};

/* When toggling an origin off asks for confirmation (DESIGN.md §5). */
enum config_confirm {
	CONFIG_CONFIRM_BELOW_MINIMUM =
		0,	       /* only when below minimum_origins (default) */
	CONFIG_CONFIRM_ALWAYS, /* every disable */
};

struct config_ui {
	char *theme;	   /* theme name or path; default "default" */
	bool mouse;	   /* default true */
	int poll_interval; /* seconds, lists of the visible pane; default 30 */
	int health_poll_interval; /* seconds, health of pools on screen; default 10 */
	int idle_poll_interval; /* seconds, health of pools not on screen; default 120 */
	char *date_format; /* strftime(3) format; default "%Y-%m-%d %H:%M:%S" */
	bool utc; /* show times in UTC instead of local; default false */
	enum config_confirm confirm_disable;
	bool confirm_quit; /* ask before quitting; default false */
};

/*
 * Key codes. Keys are plain ints in the value space of ncurses' wgetch():
 * printable ASCII characters and control characters are their own codes,
 * and the named keys below have exactly ncurses' KEY_* values (so the UI can
 * compare them with KEY_DOWN etc. directly). This header does not include
 * curses; a unit test in the UI may check the values against curses.h.
 * Only ASCII characters are accepted as single-character keys, so a key code
 * never collides with a KEY_* value (all >= 0401).
 */
#define CONFIG_KEY_TAB 9
#define CONFIG_KEY_ENTER \
	10 /* '\n'; the UI should also treat '\r' and KEY_ENTER as Enter */
#define CONFIG_KEY_ESC 27
#define CONFIG_KEY_SPACE 32
#define CONFIG_KEY_DEL_CHAR 127	  /* what most terminals send for Backspace */
#define CONFIG_KEY_DOWN 0402	  /* KEY_DOWN */
#define CONFIG_KEY_UP 0403	  /* KEY_UP */
#define CONFIG_KEY_LEFT 0404	  /* KEY_LEFT */
#define CONFIG_KEY_RIGHT 0405	  /* KEY_RIGHT */
#define CONFIG_KEY_HOME 0406	  /* KEY_HOME */
#define CONFIG_KEY_BACKSPACE 0407 /* KEY_BACKSPACE */
#define CONFIG_KEY_F0 0410     /* KEY_F0; F(n) = CONFIG_KEY_F0 + n, n = 1..63 */
#define CONFIG_KEY_DC 0512     /* KEY_DC (Delete) */
#define CONFIG_KEY_IC 0513     /* KEY_IC (Insert) */
#define CONFIG_KEY_NPAGE 0522  /* KEY_NPAGE (PgDn) */
#define CONFIG_KEY_PPAGE 0523  /* KEY_PPAGE (PgUp) */
#define CONFIG_KEY_KENTER 0527 /* KEY_ENTER (keypad) */
#define CONFIG_KEY_BTAB 0541   /* KEY_BTAB (Shift-Tab) */
#define CONFIG_KEY_END 0550    /* KEY_END */

/*
 * Parses a key spec: one printable ASCII character ("x", "Q", ":", "?"),
 * "^X" / "C-x" (control: letter or one of @[\]^_; "^?" is DEL, 127), or a
 * name, case-insensitive:
 * Enter Return Tab BTab S-Tab Esc Escape Space Backspace BS Delete Del Insert
 * Ins Home End PgUp PageUp PgDn PageDown Up Down Left Right F1..F63.
 * Returns the key code (> 0) or -1 when spec is NULL or not a key.
 * Pure; any thread.
 */
int config_key_parse(const char *spec);

/*
 * Writes a readable name for key code `key` into buf ("q", "^X", "F5",
 * "Enter", "PgDn"): the inverse of config_key_parse for every code it
 * returns. Unknown codes are written as "#<n>". Returns buf (always
 * NUL-terminated when size > 0). Pure; any thread.
 */
char *config_key_name(int key, char *buf, size_t size);

/* One override from the keys group: command `command` is bound to `key`. */
struct config_key_binding {
	char *command; /* the UI's command name, as written (not validated here) */
	int key;       /* code from config_key_parse */
	int line; /* line in the file, for the UI's "unknown command" message */
};

/* The whole file. Zero/NULL fields mean "not set"; config_defaults fills defaults. */
struct config {
	char *path; /* file loaded, NULL when none */
	char *default_profile;
	struct config_profile *profiles;
	size_t nprofiles;
	struct config_ui ui;
	struct config_key_binding *keys; /* in file order; one entry per key */
	size_t nkeys;
	unsigned ratelimit_requests; /* default 1200 */
	unsigned ratelimit_window;   /* seconds, default 300 */
};

/* Fills *cfg with every default (no profiles). cfg is overwritten, not freed. */
void config_defaults(struct config *cfg);

/* Frees what cfg owns and zeroes it. NULL is a no-op. */
void config_free(struct config *cfg);

/*
 * The default config file path: $XDG_CONFIG_HOME/cfconsole/cfconsole.conf,
 * else $HOME/.config/cfconsole/cfconsole.conf. Returns a malloc'd string the
 * caller frees, or NULL when neither variable is set (or out of memory).
 */
char *config_default_path(config_getenv_fn env, void *ud);

/*
 * Expands a leading "~/" (or a lone "~") with $HOME from env. Returns a
 * malloc'd copy (caller frees), or NULL when path is NULL, or "~" is used
 * without HOME set, or out of memory.
 */
char *config_expand_path(const char *path, config_getenv_fn env, void *ud);

/*
 * Parses config text. `name` is used as the FILE in messages. Fills *cfg
 * (overwritten; defaults for what the text does not set) and returns true,
 * or returns false with *err filled and *cfg left zeroed. Any thread.
 */
bool config_load_string(const char *text, const char *name, struct config *cfg,
			struct config_error *err);

/* The same for a file; a missing or unreadable file is an error. */
bool config_load_file(const char *path, struct config *cfg,
		      struct config_error *err);

/*
 * What the program calls at start-up. With `path` (from -c FILE) that file
 * must exist. Without it, the default path is used, and a missing default
 * file is not an error: *cfg gets the defaults and cfg->path stays NULL.
 * Returns true, or false with *err filled (the caller prints err->msg to
 * stderr and exits non-zero).
 */
bool config_load(const char *path, config_getenv_fn env, void *ud,
		 struct config *cfg, struct config_error *err);

/* The profile called name, or NULL. Returned pointer is owned by cfg. */
const struct config_profile *config_profile_find(const struct config *cfg,
						 const char *name);

/*
 * Picks the profile to use: `name` (from -p) when given, which must exist;
 * else default_profile (which must exist); else the only profile when there
 * is exactly one; else, with no profiles at all, a built-in empty profile
 * named "default" (everything from the environment). Several profiles and no
 * default_profile is an error naming them. Returns a pointer owned by cfg
 * (or static for the built-in one), or NULL with *err filled.
 */
const struct config_profile *config_profile_select(const struct config *cfg,
						   const char *name,
						   struct config_error *err);

/* True when zone_name (case-insensitive, trailing dot ignored) is protected in p. */
bool config_zone_is_protected(const struct config_profile *p,
			      const char *zone_name);

#endif
