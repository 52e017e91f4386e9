/* conf.c: helpers shared by the config, theme, credential and option code of src/core (see conf.h). */
#include "core/conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
conf_msg(struct config_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return false;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->line = 0;
	return false;
}

bool
conf_err(struct config_error *err, const char *file, int line,
	 const char *fmt, ...)
{
	char text[400];
	va_list ap;

	if (!err)
		return false;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	err->line = line;
	if (file && line > 0)
		snprintf(err->msg, sizeof(err->msg), "%s:%d: %s", file, line,
			 text);
	else if (file)
		snprintf(err->msg, sizeof(err->msg), "%s: %s", file, text);
	else
		snprintf(err->msg, sizeof(err->msg), "%s", text);
	return false;
}

char *
conf_dup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

const char *
conf_env(config_getenv_fn env, void *ud, const char *name)
{
	const char *v = env ? env(name, ud) : NULL;

	return (v && *v) ? v : NULL;
}

int
conf_line(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

bool
conf_read(config_t *lc, const char *text, const char *path,
	  const char *name, struct config_error *err)
{
	int rc = text ? config_read_string(lc, text)
		      : config_read_file(lc, path);

	if (rc == CONFIG_TRUE)
		return true;
	if (config_error_type(lc) == CONFIG_ERR_FILE_IO)
		return conf_err(err, name, 0, "cannot read: %s",
				strerror(errno ? errno : EIO));
	return conf_err(err, name, config_error_line(lc), "%s",
			config_error_text(lc));
}
