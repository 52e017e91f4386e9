/* conf.h: helpers shared by the config, theme, credential and option code of src/core (error text, env lookup, libconfig reading). */
#ifndef CFCONSOLE_CORE_CONF_H
#define CFCONSOLE_CORE_CONF_H

#include <stdbool.h>

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
 * Reads text (when not NULL) or the file at path into lc (initialised by
 * the caller). On a failure fills err "name: cannot read: <errno text>"
 * for I/O errors, else "name:line: <libconfig's message>", and returns
 * false; true when lc holds the parsed settings.
 */
bool conf_read(config_t *lc, const char *text, const char *path,
	       const char *name, struct config_error *err);

#endif
