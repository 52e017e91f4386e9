/* timefmt.c: the console's time formatting (ui.date_format, ui.utc) and RFC 3339 parsing of API timestamps. */
#include "cfconsole/timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Written once before threads start (timefmt_configure), read after. */
static char *date_format_;
static bool utc_;

void
timefmt_configure(const char *date_format, bool utc)
{
	free(date_format_);
	date_format_ = date_format && *date_format ? strdup(date_format) : NULL;
	utc_ = utc;
}

void
timefmt_reset(void)
{
	free(date_format_);
	date_format_ = NULL;
	utc_ = false;
}

static bool
to_tm(time_t t, struct tm *tm)
{
	return utc_ ? gmtime_r(&t, tm) != NULL : localtime_r(&t, tm) != NULL;
}

static char *
format(time_t t, const char *fmt, char *buf, size_t size)
{
	struct tm tm;

	if (!size)
		return buf;
		/* The format is the user's ui.date_format, by design not a literal;
	 * strftime has no %n-style writes, so a bad one only prints oddly. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (!to_tm(t, &tm) || strftime(buf, size, fmt, &tm) == 0)
		snprintf(buf, size, "?");
#pragma GCC diagnostic pop
	return buf;
}

char *
timefmt_clock(time_t t, char *buf, size_t size)
{
	return format(t, "%H:%M:%S", buf, size);
}

char *
timefmt_date(time_t t, char *buf, size_t size)
{
	return format(t, date_format_ ? date_format_ : TIMEFMT_DEFAULT_DATE,
		      buf, size);
}

bool
timefmt_parse_api(const char *s, time_t *out)
{
	struct tm tm;
	const char *p;
	long off = 0;
	time_t t;

	if (!s)
		return false;
	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!p)
		return false;
	if (*p == '.') /* fractions of a second: dropped */
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) &&
		   isdigit((unsigned char)p[2]) && p[3] == ':' &&
		   isdigit((unsigned char)p[4]) &&
		   isdigit((unsigned char)p[5])) {
		off = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600L +
		      ((p[4] - '0') * 10 + (p[5] - '0')) * 60L;
		if (*p == '-')
			off = -off;
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	*out = t - off;
	return true;
}

char *
timefmt_api(const char *s, const char *fmt, char *buf, size_t size)
{
	time_t t;

	if (!size)
		return buf;
	if (!s || !*s) {
		snprintf(buf, size, "-");
		return buf;
	}
	if (!timefmt_parse_api(s, &t)) {
		snprintf(buf, size, "%s", s);
		return buf;
	}
	return fmt ? format(t, fmt, buf, size) : timefmt_date(t, buf, size);
}
