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

/* The state's symbol: ● healthy, ◐ degraded (pools), ✖ unhealthy, ○
 * disabled, ? unknown (ASCII: "+", "~", "X", "-", "?"). Static, never
 * NULL. */
const char *health_view_symbol(enum health_state s, bool ascii);

/* The symbol of an entry of the event log that this console wrote (its
 * own change, an undo): ✎ (ASCII "*"). Static. */
const char *health_view_note_symbol(bool ascii);

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
char *health_view_sparkline(const double *v, size_t n, size_t width, bool ascii,
			    char *buf, size_t size);

/*
 * health_view_sparkline for round-trip times: the scale spans at least
 * health_view_rtt_span() of the shown maximum, so jitter of a millisecond
 * stays near the floor instead of looking like a cliff.
 */
char *health_view_rtt_trend(const double *v, size_t n, size_t width, bool ascii,
			    char *buf, size_t size);

/* The least span of the RTT scale for samples up to hi ms: 5 ms, or a
 * quarter of hi when that is more. */
double health_view_rtt_span(double hi);

/* "12ms", "1.2s", "0.4ms"; "-" when !has (or ms is NaN). Returns buf. */
char *health_view_rtt(bool has, double ms, char *buf, size_t size);

/* Age of `then` at `now`: "5s", "3m", "2h", "4d"; "-" when then is 0;
 * "0s" when then is in the future. Returns buf. */
char *health_view_age(time_t then, time_t now, char *buf, size_t size);

/*
 * The one state every pane shows for origin `o` of pool `pool_id`: the
 * live health model's (Health, the Origins rows and detail, `health
 * --json` all read it there) when it has the pool, else what the pool
 * list carried (o->healthy), else unknown; disabled when disabled. *ho
 * (may be NULL) gets the model's origin or NULL. h may be NULL.
 */
enum health_state health_view_origin_state(const struct health_snapshot *h,
					   const char *pool_id,
					   const struct cf_origin *o,
					   const struct health_origin **ho);

/* What a failure reason usually means and what to do about it. */
struct health_view_explain {
	const char *reason; /* Cloudflare's wording */
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
