/* conf.c: helpers shared by the config, theme, credential and option code of src/core (see conf.h). */
#include "core/conf.h"

#include <ctype.h>
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
conf_err(struct config_error *err, const char *file, int line, const char *fmt,
	 ...)
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
conf_read(config_t *lc, const char *text, const char *path, const char *name,
	  struct config_error *err)
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

/* ---- values as written ------------------------------------------------ */

/* Copies line `line` (1-based) of text into buf; false when missing. */
static bool
text_line(const char *text, int line, char *buf, size_t size)
{
	const char *p = text, *end;
	size_t n;

	for (int i = 1; i < line && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return false;
	end = strchr(p, '\n');
	n = end ? (size_t)(end - p) : strlen(p);
	if (n >= size)
		n = size - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return true;
}

/* Reads line `line` of the file at path into buf; false when missing. */
static bool
file_line(const char *path, int line, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	bool ok = false;
	int i = 0;

	if (!f)
		return false;
	while (fgets(buf, (int)size, f)) {
		size_t n = strlen(buf);
		bool whole = n > 0 && buf[n - 1] == '\n';

		if (++i == line) {
			if (whole)
				buf[n - 1] = '\0';
			ok = true;
			break;
		}
		/* A line longer than buf: skip the rest of it. */
		while (!whole && fgets(buf, (int)size, f)) {
			n = strlen(buf);
			whole = n > 0 && buf[n - 1] == '\n';
		}
	}
	fclose(f);
	return ok;
}

static bool
name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*';
}

bool
conf_written_int(const config_setting_t *s, const char *text, const char *file,
		 long long v, char *buf, size_t size)
{
	char line[1024], cand[64];
	const char *name = s ? config_setting_name(s) : NULL;
	int ln = conf_line(s);
	size_t nlen;
	bool found = false;

	if (size)
		buf[0] = '\0';
	if (!name || ln <= 0 || size < 2)
		return false;
	if (!(text ? text_line(text, ln, line, sizeof(line))
		   : file && file_line(file, ln, line, sizeof(line))))
		return false;
	nlen = strlen(name);
	/*
	 * `name = value` or `name : value`, name a whole word. A line may
	 * hold the name more than once (a = { x = 1; }; b = { x = 2; }):
	 * the first candidate that reads as v wins, else the first one.
	 */
	for (const char *p = strstr(line, name); p; p = strstr(p + 1, name)) {
		const char *val = p + nlen;
		size_t n = 0;
		long long w;

		if ((p > line && name_char(p[-1])) || name_char(*val))
			continue;
		while (*val == ' ' || *val == '\t')
			val++;
		if (*val != '=' && *val != ':')
			continue;
		val++;
		while (*val == ' ' || *val == '\t')
			val++;
		while (val[n] &&
		       (isalnum((unsigned char)val[n]) || val[n] == '+' ||
			val[n] == '-' || val[n] == '.'))
			n++;
		if (n == 0 || n >= sizeof(cand) || n >= size)
			continue;
		memcpy(cand, val, n);
		cand[n] = '\0';
		if (conf_parse_int(cand, &w) && w == v) {
			memcpy(buf, cand, n + 1);
			return true;
		}
		if (!found)
			memcpy(buf, cand, n + 1);
		found = true;
	}
	return found;
}

bool
conf_parse_int(const char *written, long long *out)
{
	char tmp[64], *end;
	size_t n;
	int base = 10;
	const char *digits;
	long long v;

	if (!written)
		return false;
	n = strlen(written);
	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, written, n + 1);
	/* libconfig's 64-bit suffix: L or LL. */
	if (n > 1 && (tmp[n - 1] == 'L' || tmp[n - 1] == 'l'))
		tmp[--n] = '\0';
	if (n > 1 && (tmp[n - 1] == 'L' || tmp[n - 1] == 'l'))
		tmp[--n] = '\0';
	digits = tmp + (tmp[0] == '-' || tmp[0] == '+');
	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		base = 16;
	if (!isxdigit((unsigned char)digits[base == 16 ? 2 : 0]))
		return false;
	errno = 0;
	v = strtoll(tmp, &end, base);
	if (errno == ERANGE || *end)
		return false;
	*out = v;
	return true;
}
