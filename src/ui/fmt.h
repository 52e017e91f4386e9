/* fmt.h: small formatting helpers shared by the panes (cells and detail values). */
#ifndef CFCONSOLE_UI_FMT_H
#define CFCONSOLE_UI_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_models.h"

/* Every helper writes into buf (always NUL-terminated) and returns buf. */

/* "yes" / "no". */
char *fmt_bool(bool v, char *buf, size_t size);

/* A number without trailing zeros ("1", "0.5", "3600"). */
char *fmt_num(double v, char *buf, size_t size);

/* An integer. */
char *fmt_int(long v, char *buf, size_t size);

/* The items joined with ", " ("-" when empty). */
char *fmt_strv(const struct cf_strv *v, char *buf, size_t size);

/* An RFC 3339 time shortened to "YYYY-MM-DD HH:MM" (as given when shorter);
 * NULL gives "-". */
char *fmt_time(const char *rfc3339, char *buf, size_t size);

/* DNS TTL: "auto" for 1, else seconds. */
char *fmt_ttl(double ttl, char *buf, size_t size);

/* Copies s (NULL: "") into buf. */
char *fmt_str(const char *s, char *buf, size_t size);

#endif
