/* timefmt.h: how the console writes times: ui.date_format and ui.utc, set once at start-up. */
#ifndef CFCONSOLE_TIMEFMT_H
#define CFCONSOLE_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The default of ui.date_format. */
#define TIMEFMT_DEFAULT_DATE "%Y-%m-%d %H:%M:%S"

/*
 * Sets the strftime(3) format for full timestamps (NULL or "": the
 * default) and whether times are shown in UTC instead of local time.
 * Call once at start-up, before any thread formats a time (the setting
 * is read without a lock afterwards). Copies the format.
 */
void timefmt_configure(const char *date_format, bool utc);

/* Frees the copied format (at exit; safe to call when never configured). */
void timefmt_reset(void);

/* "03:12:04": a time of day in the configured zone (headers, events).
 * Writes "?" when t cannot be converted. Returns buf. Thread-safe. */
char *timefmt_clock(time_t t, char *buf, size_t size);

/* A full timestamp with ui.date_format in the configured zone. Writes
 * "?" when t cannot be converted or the format yields nothing. Returns
 * buf. Thread-safe. */
char *timefmt_date(time_t t, char *buf, size_t size);

/*
 * Parses an API timestamp (RFC 3339: "2024-05-01T12:00:00Z",
 * "...00.123456Z", "...00+02:00"). Returns false, leaving *out alone,
 * when s is not one.
 */
bool timefmt_parse_api(const char *s, time_t *out);

/* An API timestamp rewritten with fmt (NULL: ui.date_format) in the
 * configured zone; "-" for NULL or empty; anything that does not parse is
 * copied unchanged, so nothing is hidden. Returns buf. Thread-safe. */
char *timefmt_api(const char *s, const char *fmt, char *buf, size_t size);

#endif
