/* path.c: builds API paths whose id segments are URL-escaped (cf_pathf). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/request.h"

enum cf_status
cf_pathf(char **out, struct cf_error *err, const char *fmt, ...)
{
	va_list ap;
	enum cf_status st;

	va_start(ap, fmt);
	st = cf_vpathf(out, err, fmt, ap);
	va_end(ap);
	return st;
}

enum cf_status
cf_vpathf(char **out, struct cf_error *err, const char *fmt, va_list ap)
{
	size_t cap = strlen(fmt) + 1, len = 0;
	char *buf = malloc(cap), *nb;
	const char *p;

	*out = NULL;
	if (!buf)
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	for (p = fmt; *p; p++) {
		const char *id;
		char *esc;
		size_t n;

		if (p[0] != '%' || p[1] != 's') {
			buf[len++] = *p;
			continue;
		}
		p++;
		id = va_arg(ap, const char *);
		/* An empty or missing id would address the collection. */
		if (!id || !*id) {
			free(buf);
			return cf_error_set(err, CF_ERR_INVALID_ARG,
					    "missing object id");
		}
		esc = cf_escape(id);
		if (!esc) {
			free(buf);
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		}
		n = strlen(esc);
		nb = realloc(buf, cap + n);
		if (!nb) {
			free(esc);
			free(buf);
			return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		}
		buf = nb;
		cap += n;
		memcpy(buf + len, esc, n);
		len += n;
		free(esc);
	}
	buf[len] = '\0';
	*out = buf;
	return CF_OK;
}
