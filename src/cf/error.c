/* error.c: the status table and the struct cf_error life cycle (cf_error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/cf_error.h"

#define CF_STATUS_MSG_(name, msg) msg,
static const char *const status_msgs[] = { CF_STATUS_INFO(CF_STATUS_MSG_) };
#undef CF_STATUS_MSG_

#define CF_STATUS_NAME_(name, msg) #name,
static const char *const status_names[] = { CF_STATUS_INFO(CF_STATUS_NAME_) };
#undef CF_STATUS_NAME_

const char *
cf_status_str(enum cf_status status)
{
	if ((unsigned)status >= (unsigned)CF_STATUS_COUNT)
		return "unknown status";
	return status_msgs[status];
}

const char *
cf_status_name(enum cf_status status)
{
	if ((unsigned)status >= (unsigned)CF_STATUS_COUNT)
		return "CF_STATUS_UNKNOWN";
	return status_names[status];
}

void
cf_error_clear(struct cf_error *err)
{
	if (!err)
		return;
	for (size_t i = 0; i < err->nerrors; i++)
		free(err->errors[i].message);
	free(err->errors);
	free(err->detail);
	memset(err, 0, sizeof(*err));
	err->status = CF_OK;
}

enum cf_status
cf_error_set(struct cf_error *err, enum cf_status status, const char *fmt, ...)
{
	if (!err)
		return status;
	cf_error_clear(err);
	err->status = status;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n >= 0) {
			err->detail = malloc((size_t)n + 1);
			if (err->detail) {
				va_start(ap, fmt);
				vsnprintf(err->detail, (size_t)n + 1, fmt, ap);
				va_end(ap);
			}
		}
	}
	return status;
}

void
cf_error_copy(struct cf_error *dst, const struct cf_error *src)
{
	if (!dst || dst == src)
		return;
	cf_error_clear(dst);
	if (!src)
		return;
	dst->status = src->status;
	dst->http_status = src->http_status;
	dst->retryable = src->retryable;
	dst->retry_after = src->retry_after;
	if (src->detail)
		dst->detail = strdup(src->detail);
	if (src->nerrors > 0) {
		dst->errors = calloc(src->nerrors, sizeof(*dst->errors));
		if (dst->errors) {
			for (size_t i = 0; i < src->nerrors; i++) {
				dst->errors[i].code = src->errors[i].code;
				dst->errors[i].message =
					strdup(src->errors[i].message
						       ? src->errors[i].message
						       : "");
				if (!dst->errors[i].message)
					break;
				dst->nerrors = i + 1;
			}
		}
	}
}

/* Appends text to buf at *pos without overflowing; keeps it terminated. */
static void
append(char *buf, size_t size, size_t *pos, const char *text)
{
	if (*pos + 1 >= size)
		return;
	size_t room = size - 1 - *pos;
	size_t n = strlen(text);
	if (n > room)
		n = room;
	memcpy(buf + *pos, text, n);
	*pos += n;
	buf[*pos] = '\0';
}

char *
cf_error_format(const struct cf_error *err, char *buf, size_t size)
{
	if (!buf || size == 0)
		return buf;
	buf[0] = '\0';
	if (!err) {
		snprintf(buf, size, "%s", cf_status_str(CF_OK));
		return buf;
	}
	if (err->detail && err->detail[0]) {
		snprintf(buf, size, "%s", err->detail);
		return buf;
	}
	/* No detail: rebuild the same shape the decoder produces. */
	size_t pos = 0;
	char tmp[64];
	if (err->http_status > 0) {
		snprintf(tmp, sizeof(tmp), "HTTP %ld: ", err->http_status);
		append(buf, size, &pos, tmp);
	}
	if (err->nerrors == 0) {
		append(buf, size, &pos, cf_status_str(err->status));
		return buf;
	}
	for (size_t i = 0; i < err->nerrors; i++) {
		if (i > 0)
			append(buf, size, &pos, ", ");
		append(buf, size, &pos,
		       err->errors[i].message ? err->errors[i].message : "");
		snprintf(tmp, sizeof(tmp), " (%d)", err->errors[i].code);
		append(buf, size, &pos, tmp);
	}
	return buf;
}
