/* conf.h: helpers shared by the config, theme, credential and option code of src/core (error text, env lookup, libconfig reading). */
#ifndef CFCONSOLE_CORE_CONF_H
#define CFCONSOLE_CORE_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include <libconfig.h>

#include "cfconsole/config.h"

/*
 * Fills err (may be NULL: nothing happens) with the printf-formatted
 * message and line 0. Always returns false, so a failing check can
 * `return conf_msg(err, ...)`. Truncates to sizeof(err->msg).
 */
bool conf_msg(struct config_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * conf_msg about a place in a file: "file:line: text" (line > 0),
 * "file: text" (line 0) or just the text (file NULL); err->line = line.
 * The text itself is cut at 400 bytes. Returns false.
 */
bool conf_err(struct config_error *err, const char *file, int line,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* strdup that returns NULL for NULL (and on out-of-memory). Caller frees. */
char *conf_dup(const char *s);

/*
 * The environment variable `name` through env (NULL env: unset), or NULL
 * when unset or empty. The pointer is env's (do not free).
 */
const char *conf_env(config_getenv_fn env, void *ud, const char *name);

/* The 1-based source line of setting s, or 0 (s NULL or unknown). */
int conf_line(const config_setting_t *s);

/*
 * The integer setting s as written in its source, e.g.
 * "99999999999999999999" or "0x10": libconfig 1.5 silently wraps integers
 * it cannot hold (99999999999999999999 reads as -1, 4294967301 as 5), so
 * range checks and messages use the source. `v` is what libconfig read:
 * when the setting's line holds its name more than once, the candidate
 * that reads as v wins. The line is read from `text` (the whole
 * configuration, when it was read from a string), else from `file` (the
 * setting's own file, an @include's resolved path). Copies the value into
 * buf (at most size-1 bytes); false (buf "") when no value can be found on
 * the setting's line.
 */
bool conf_written_int(const config_setting_t *s, const char *text,
		      const char *file, long long v, char *buf, size_t size);

/*
 * Parses an integer as libconfig writes one (decimal or 0x hex, optional
 * sign, optional L/LL suffix) into *out. False when it is not one or does
 * not fit a long long.
 */
bool conf_parse_int(const char *written, long long *out);

/*
 * Reads text (when not NULL) or the file at path into lc (initialised by
 * the caller). On a failure fills err "name: cannot read: <errno text>"
 * for I/O errors, else "name:line: <libconfig's message>", and returns
 * false; true when lc holds the parsed settings.
 */
bool conf_read(config_t *lc, const char *text, const char *path,
	       const char *name, struct config_error *err);

#endif
