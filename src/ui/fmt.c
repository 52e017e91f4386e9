/* fmt.c: formatting helpers for pane cells and detail values. */
#include <stdio.h>
#include <string.h>

#include "cfconsole/timefmt.h"
#include "ui/fmt.h"

char *
fmt_bool(bool v, char *buf, size_t size)
{
	return fmt_str(v ? "yes" : "no", buf, size);
}

char *
fmt_num(double v, char *buf, size_t size)
{
	snprintf(buf, size, "%.10g", v);
	return buf;
}

char *
fmt_int(long v, char *buf, size_t size)
{
	snprintf(buf, size, "%ld", v);
	return buf;
}

char *
fmt_strv(const struct cf_strv *v, char *buf, size_t size)
{
	size_t i, len = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	if (!v || v->n == 0)
		return fmt_str("-", buf, size);
	for (i = 0; i < v->n && len + 1 < size; i++) {
		int k = snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				 v->v[i] ? v->v[i] : "");

		if (k < 0)
			break;
		len += (size_t)k;
	}
	return buf;
}

char *
fmt_time(const char *t, char *buf, size_t size)
{
	/* Compact for a column, in the zone ui.utc chooses. */
	return timefmt_api(t, "%Y-%m-%d %H:%M", buf, size);
}

char *
fmt_ttl(double ttl, char *buf, size_t size)
{
	if (ttl == 1)
		return fmt_str("auto", buf, size);
	return fmt_num(ttl, buf, size);
}

char *
fmt_str(const char *s, char *buf, size_t size)
{
	if (size)
		snprintf(buf, size, "%s", s ? s : "");
	return buf;
}
