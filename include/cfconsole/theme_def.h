/* theme_def.h: themes as data: roles, colours and attributes loaded from themes/NAME.theme (no curses). */
#ifndef CFCONSOLE_THEME_DEF_H
#define CFCONSOLE_THEME_DEF_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/config.h"

/*
 * Every named role a theme styles: (enum constant, name in the file, what it
 * is for). The UI tags text with these roles; only its draw code maps them
 * to curses attributes.
 */
#define THEME_ROLE_INFO(_) \
	_(THEME_ROLE_NORMAL, "normal", "list text and background") \
	_(THEME_ROLE_HEADER, "header", "top header line") \
	_(THEME_ROLE_TAB, "tab", "inactive tab") \
	_(THEME_ROLE_TAB_ACTIVE, "tab_active", "current tab") \
	_(THEME_ROLE_SELECTION, "selection", "selected row") \
	_(THEME_ROLE_COLUMN_HEADER, "column_header", \
	  "column titles of a list") \
	_(THEME_ROLE_BORDER, "border", "frames and separators") \
	_(THEME_ROLE_TITLE, "title", "pane and dialog titles") \
	_(THEME_ROLE_STATUS, "status", "bottom status/message bar") \
	_(THEME_ROLE_PROMPT, "prompt", "command and filter prompt") \
	_(THEME_ROLE_INPUT, "input", "text being typed in a field") \
	_(THEME_ROLE_DIALOG, "dialog", "dialog body") \
	_(THEME_ROLE_KEY, "key", "key names in help and hints") \
	_(THEME_ROLE_HIGHLIGHT, "highlight", "filter matches, emphasis") \
	_(THEME_ROLE_DIM, "dim", "secondary text (ids, times)") \
	_(THEME_ROLE_HEALTHY, "healthy", "healthy origin or pool") \
	_(THEME_ROLE_UNHEALTHY, "unhealthy", "unhealthy origin or pool") \
	_(THEME_ROLE_DEGRADED, "degraded", \
	  "pool below full health, at or above its minimum") \
	_(THEME_ROLE_DISABLED, "disabled", "disabled origin, pool or LB") \
	_(THEME_ROLE_UNKNOWN, "unknown", "health not known") \
	_(THEME_ROLE_WARNING, "warning", "warnings") \
	_(THEME_ROLE_ERROR, "error", "errors") \
	_(THEME_ROLE_SUCCESS, "success", "completed actions") \
	_(THEME_ROLE_INFO, "info", "informational messages") \
	_(THEME_ROLE_PROXIED, "proxied", "proxied (orange cloud) marker") \
	_(THEME_ROLE_SPARKLINE, "sparkline", "RTT sparklines") \
	_(THEME_ROLE_DIFF_ADD, "diff_add", "added lines in a review") \
	_(THEME_ROLE_DIFF_DEL, "diff_del", "removed lines in a review")

#define THEME_ROLE_ENUM_(id, name, help) id,
enum theme_role { THEME_ROLE_INFO(THEME_ROLE_ENUM_) THEME_ROLE_COUNT };
#undef THEME_ROLE_ENUM_

/* Attribute bits (the UI maps them to A_BOLD etc.). */
enum theme_attr {
	THEME_ATTR_BOLD = 1u << 0,
	THEME_ATTR_REVERSE = 1u << 1,
	THEME_ATTR_UNDERLINE = 1u << 2,
	THEME_ATTR_DIM = 1u << 3,
	THEME_ATTR_ITALIC = 1u << 4,
	THEME_ATTR_STANDOUT = 1u << 5,
};

/* A colour: THEME_COLOR_DEFAULT (the terminal's own) or a palette index 0..255. */
#define THEME_COLOR_DEFAULT (-1)

/*
 * One role's style, resolved for every colour depth at load time, so the UI
 * only picks the set matching COLORS:
 *   fg/bg      for >= 256 colours
 *   fg16/bg16  for 16..255 colours (index 0..15 or default)
 *   fg8/bg8    for 8..15 colours  (index 0..7 or default)
 *   attrs      added at every colour depth
 *   mono_attrs used instead of colour + attrs when there is no colour
 *              (monochrome terminal, NO_COLOR, --no-color)
 * In the file each of fg16/bg16/fg8/bg8/mono may be given explicitly;
 * otherwise fg16 is the nearest of the 16 ANSI colours to fg and fg8 the
 * nearest of the 8 basic colours to fg16 (by RGB of xterm's palette), and
 * mono_attrs = attrs plus a per-role default (REVERSE for selection, header,
 * status; REVERSE|BOLD for tab_active; BOLD for errors, keys, titles; DIM for
 * dim/disabled/unknown ...) so a colourless screen stays readable. A role's
 * fg/bg that the file leaves out are normal's (so backgrounds match);
 * "default" is the terminal's own colour.
 */
struct theme_style {
	int fg, bg;
	int fg16, bg16;
	int fg8, bg8;
	unsigned attrs;
	unsigned mono_attrs;
	bool defined; /* false: the file did not define it (copied from "normal") */
};

struct theme {
	char *name;	   /* file name without .theme, or "builtin" */
	char *path;	   /* file loaded, NULL for the built-in theme */
	char *description; /* optional `description` setting, may be NULL */
	struct theme_style roles[THEME_ROLE_COUNT];
};

/* File name of a role ("tab_active") or NULL when out of range. Pure. */
const char *theme_role_name(enum theme_role role);

/* One-line description of a role, or NULL when out of range. Pure. */
const char *theme_role_help(enum theme_role role);

/* The role called name, or -1. Pure. */
int theme_role_lookup(const char *name);

/*
 * Parses a colour: "default", black red green yellow blue magenta cyan white,
 * bright<colour> (brightblack..brightwhite = 8..15), "colorN"/"colourN"
 * (0..255), or "#rrggbb" (nearest colour of the xterm 256 palette). Stores
 * the colour in *out and returns true, or returns false. Pure.
 */
bool theme_color_parse(const char *s, int *out);

/* Nearest of the 16 ANSI colours to palette colour c (default stays default). Pure. */
int theme_color_to16(int c);

/* 8-colour fallback of palette colour c (default stays default). Pure. */
int theme_color_to8(int c);

/* Nearest xterm-256 palette index for an RGB colour. Pure. */
int theme_color_from_rgb(int r, int g, int b);

/*
 * A theme file:
 *   description = "Dark background";
 *   normal = { fg = "white"; bg = "default"; };
 *   selection = { fg = "black"; bg = "color39"; fg16 = "black"; bg16 = "cyan";
 *                 attrs = ["bold"]; mono = ["reverse", "bold"]; };
 * Keys per role: fg bg fg16 bg16 fg8 bg8 attrs mono. attrs/mono are lists
 * (or a single string) of bold reverse underline dim italic standout.
 * Unknown roles or keys, bad colours and wrong types are errors with
 * FILE:LINE. Roles not in the file copy "normal" with defined = false.
 */
bool theme_load_string(const char *text, const char *name, struct theme *out,
		       struct config_error *err);
bool theme_load_file(const char *path, struct theme *out,
		     struct config_error *err);

/*
 * Loads theme `name`: a path when it contains '/', else NAME.theme from the
 * first directory of: $XDG_CONFIG_HOME/cfconsole/themes (else
 * ~/.config/cfconsole/themes), CFCONSOLE_THEMEDIR (compiled in), and
 * <exe_dir>/../themes. exe_dir NULL means the directory of /proc/self/exe.
 * Returns true with *out filled, or false with *err filled (a missing theme
 * lists the directories searched). A broken file found first is an error
 * (it is not skipped).
 */
bool theme_load(const char *name, config_getenv_fn env, void *ud,
		const char *exe_dir, struct theme *out,
		struct config_error *err);

/* Fills *out with the compiled-in fallback theme (never fails). */
void theme_builtin(struct theme *out);

/* Frees what t owns and zeroes it. NULL is a no-op. */
void theme_free(struct theme *t);

/*
 * True when colour must be off: no_color_flag (--no-color), or NO_COLOR set
 * to a non-empty value (no-color.org). The UI then uses mono_attrs.
 */
bool theme_no_color(bool no_color_flag, config_getenv_fn env, void *ud);

#endif
