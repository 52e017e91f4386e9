/* health_view.h: pure presentation helpers for health: state symbols and roles, sparklines, ages, failure-reason explanations. */
#ifndef CFCONSOLE_UI_HEALTH_VIEW_H
#define CFCONSOLE_UI_HEALTH_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cfconsole/health.h"
#include "cfconsole/theme_def.h"

/*
 * Everything here is pure (no curses, no globals) so the Health pane's
 * pieces are unit-tested as strings. ascii selects the fallback glyphs used
 * when the locale is not UTF-8; both sets are readable without colour.
 */

/* The state's symbol: ● healthy, ✖ unhealthy, ○ disabled, ? unknown (ASCII:
 * "+", "X", "-", "?"). Static, never NULL. */
const char *health_view_symbol(enum health_state s, bool ascii);

/* The theme role a state is drawn in (unknown never looks healthy). */
enum theme_role health_view_role(enum health_state s);

/* "● healthy" (symbol, space, name) into buf. Returns buf. */
char *health_view_state(enum health_state s, bool ascii, char *buf,
			size_t size);

/*
 * A sparkline of the last `width` samples of v[0..n) (oldest first), one
 * glyph per sample from ▁▂▃▄▅▆▇█ (ASCII: _.:-=+*#) scaled between the
 * shown minimum and maximum (all equal: the lowest glyph). Fewer samples
 * than width give a shorter line. NaN or negative samples draw as a space.
 * Writes "" when n is 0. Returns buf (always NUL-terminated).
 */
char *health_view_sparkline(const double *v, size_t n, size_t width,
			    bool ascii, char *buf, size_t size);

/* "12ms", "1.2s", "0.4ms"; "-" when !has. Returns buf. */
char *health_view_rtt(bool has, double ms, char *buf, size_t size);

/* Age of `then` at `now`: "5s", "3m", "2h", "4d"; "-" when then is 0;
 * "0s" when then is in the future. Returns buf. */
char *health_view_age(time_t then, time_t now, char *buf, size_t size);

/* What a failure reason usually means and what to do about it. */
struct health_view_explain {
	const char *reason;   /* Cloudflare's wording */
	const char *meaning;
	const char *fix;
};

/*
 * The explanation for a failure reason (case-insensitive; also when the
 * reason merely contains a known one, e.g. "TLS untrusted certificate
 * error: x509 ..."). NULL for "No failures", NULL or unknown reasons.
 */
const struct health_view_explain *health_view_explain(const char *reason);

/* The whole table (for the man page test and help), n entries. */
const struct health_view_explain *health_view_explain_table(size_t *n);

#endif
