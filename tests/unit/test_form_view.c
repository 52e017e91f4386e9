/* test_form_view.c: the line editor and the form view drawn to text and driven by keys with no terminal: fields with hints and reasons as typed, tables, choices, pick-lists, maps, scrolling, clicks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <locale.h>

#include "cfconsole/config.h"
#include "cfconsole/form.h"
#include "ui/edit.h"
#include "ui/form_view.h"
#include "ui/line.h"

static const char *const POOL_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *const POOL_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static struct form *
new_form(void)
{
	const char *zone_ids[] = { "11111111111111111111111111111111",
				   "22222222222222222222222222222222" };
	const char *zone_names[] = { "example.com", "inference.dev" };
	const char *pool_ids[] = { POOL_A, POOL_B };
	const char *pool_names[] = { "inference", "inference-fallback" };
	struct form *f = form_new("inference", "example.com", NULL);

	assert_non_null(f);
	assert_true(
		form_set_objects(f, FORM_OBJ_ZONES, zone_ids, zone_names, 2));
	assert_true(
		form_set_objects(f, FORM_OBJ_POOLS, pool_ids, pool_names, 2));
	return f;
}

/* The view drawn as text: one line per row, trailing blanks kept. */
static char *
render(struct form_view *v, struct form *f, const struct plan_issues *extra,
       int width, int height)
{
	struct form_view_ctx ctx = { .extra = extra };
	struct lines out = { 0 };
	size_t i, len = 0, cap = 1;
	char *s;

	form_view_render(v, f, &ctx, width, height, &out);
	assert_int_equal(out.n, (size_t)height);
	for (i = 0; i < out.n; i++) {
		/* Every row exactly as wide as asked. */
		assert_int_equal(out.v[i].width, width);
		cap += out.v[i].len + 1;
	}
	s = calloc(1, cap);
	assert_non_null(s);
	for (i = 0; i < out.n; i++) {
		memcpy(s + len, line_text(&out.v[i]), out.v[i].len);
		len += out.v[i].len;
		s[len++] = '\n';
	}
	lines_free(&out);
	return s;
}

static void
assert_shows(const char *screen, const char *part)
{
	if (!strstr(screen, part))
		fail_msg("screen lacks \"%s\":\n%s", part, screen);
}

static void
assert_hides(const char *screen, const char *part)
{
	if (strstr(screen, part))
		fail_msg("screen shows \"%s\":\n%s", part, screen);
}

/* The line of screen holding part (copied into buf). */
static const char *
line_with(const char *screen, const char *part, char *buf, size_t size)
{
	const char *at = strstr(screen, part), *b, *e;

	if (!at)
		fail_msg("no line with \"%s\":\n%s", part, screen);
	for (b = at; b > screen && b[-1] != '\n'; b--)
		;
	e = strchr(at, '\n');
	snprintf(buf, size, "%.*s", (int)(e - b), b);
	return buf;
}

static enum form_view_action
key(struct form_view *v, struct form *f, int k)
{
	return form_view_key(v, f, k, k >= 0400);
}

static void
type(struct form_view *v, struct form *f, const char *s)
{
	for (; *s; s++)
		assert_int_equal(key(v, f, (unsigned char)*s), FV_HANDLED);
}

/* ---- the line editor --------------------------------------------------- */

static void
test_edit(void **state)
{
	struct edit e;

	(void)state;
	edit_set(&e, "10.0.0");
	assert_int_equal(e.cur, 6);
	assert_int_equal(edit_key(&e, '.', false), EDIT_CHANGED);
	assert_int_equal(edit_key(&e, '1', false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "10.0.0.1");
	/* The cursor moves by characters; typing inserts there. */
	assert_int_equal(edit_key(&e, CONFIG_KEY_HOME, true), EDIT_MOVED);
	assert_int_equal(edit_key(&e, CONFIG_KEY_RIGHT, true), EDIT_MOVED);
	assert_int_equal(edit_key(&e, '2', false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "120.0.0.1");
	assert_int_equal(edit_cursor_col(&e), 2);
	/* Delete removes under the cursor, Backspace before it. */
	assert_int_equal(edit_key(&e, CONFIG_KEY_DC, true), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "12.0.0.1");
	assert_int_equal(edit_key(&e, CONFIG_KEY_BACKSPACE, true),
			 EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "1.0.0.1");
	/* UTF-8: one key, one character, one column. */
	edit_set(&e, "caf");
	assert_int_equal(edit_key(&e, 0xe9, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "caf\xc3\xa9");
	assert_int_equal(edit_cursor_col(&e), 4);
	assert_int_equal(edit_key(&e, CONFIG_KEY_LEFT, true), EDIT_MOVED);
	assert_int_equal(e.cur, 3);
	assert_int_equal(edit_key(&e, CONFIG_KEY_END, true), EDIT_MOVED);
	assert_int_equal(edit_key(&e, 127, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "caf");
	/* ^W a word, ^K to the end, ^U everything. */
	edit_set(&e, "GET /health now");
	assert_int_equal(edit_key(&e, 23, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "GET /health ");
	edit_key(&e, CONFIG_KEY_HOME, true);
	edit_key(&e, CONFIG_KEY_RIGHT, true);
	assert_int_equal(edit_key(&e, 11, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "G");
	assert_int_equal(edit_key(&e, 21, false), EDIT_CHANGED);
	assert_string_equal(edit_text(&e), "");
	/* Not editing keys. */
	assert_int_equal(edit_key(&e, CONFIG_KEY_DOWN, true), EDIT_IGNORED);
	assert_int_equal(edit_key(&e, '\t', false), EDIT_IGNORED);
}

/* ---- drawing ------------------------------------------------------------- */

static void
test_zone_step(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	char *s, buf[512];

	(void)state;
	s = render(v, f, NULL, 80, 20);
	/* The focused field: marker, label, value, hint. */
	line_with(s, "Zone", buf, sizeof(buf));
	assert_shows(buf, "\xe2\x96\xb8 Zone");
	assert_shows(buf, "example.com");
	assert_shows(buf, "the zone the load balancer");
	/* A choice opens up: every value with its explanation. */
	assert_shows(s, "\xe2\x97\x8f example.com");
	assert_shows(s, "\xe2\x97\x8b inference.dev");
	/* The detail: the whole hint and the keys. */
	assert_shows(s, "Left/Right choose, or");
	free(s);
	/* Arrows cycle; names made from the zone follow. */
	assert_int_equal(key(v, f, CONFIG_KEY_RIGHT), FV_HANDLED);
	assert_string_equal(form_plan(f)->zone, "inference.dev");
	assert_string_equal(form_plan(f)->lb.name,
			    "inference-lb.inference.dev");
	/* The zone also takes typed text, validated as typed. */
	assert_int_equal(key(v, f, 21), FV_HANDLED); /* ^U */
	type(v, f, "bad..zone");
	s = render(v, f, NULL, 80, 20);
	assert_shows(line_with(s, "Zone", buf, sizeof(buf)), "\xe2\x9c\x96");
	free(s);
	key(v, f, 21);
	type(v, f, "example.com");
	assert_null(form_why(f, "zone"));
	assert_int_equal(key(v, f, '\r'), FV_NEXT);
	form_view_free(v);
	form_free(f);
}

static void
test_pool_table(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	char *s;

	(void)state;
	assert_true(form_next(f));
	assert_false(form_next(f)); /* no addresses yet: focus on row 1 */
	assert_string_equal(form_focus(f), "pool.origins[0].address");
	s = render(v, f, NULL, 80, 22);
	/* The table: header, rows, a reason under each invalid row. */
	assert_shows(s, "Origins");
	assert_shows(s, "Address");
	assert_shows(s, "Host header");
	assert_shows(s, "origin-1");
	assert_shows(s, "origin-2");
	assert_shows(s, "\xe2\x9c\x96 Address: enter the address of origin-1");
	assert_shows(s, "Address of row 1: IPv4, IPv6 or hostname");
	free(s);
	/* Validated as typed: a reason while wrong, gone when right. */
	type(v, f, "127.0.0.");
	s = render(v, f, NULL, 80, 22);
	assert_shows(s, "Address: not an IPv4 address");
	free(s);
	type(v, f, "11");
	s = render(v, f, NULL, 80, 22);
	assert_hides(s, "enter the address of origin-1");
	assert_shows(s, "127.0.0.11");
	free(s);
	assert_string_equal(form_plan(f)->pool.origins[0].address,
			    "127.0.0.11");
	/* Down: the same column of the next row. */
	assert_int_equal(key(v, f, CONFIG_KEY_DOWN), FV_HANDLED);
	assert_string_equal(form_focus(f), "pool.origins[1].address");
	type(v, f, "127.0.0.12");
	/* Tab: the next cell; Space toggles a boolean cell. */
	key(v, f, '\t');
	key(v, f, '\t');
	assert_string_equal(form_focus(f), "pool.origins[1].enabled");
	assert_int_equal(key(v, f, ' '), FV_HANDLED);
	assert_false(form_plan(f)->pool.origins[1].enabled);
	s = render(v, f, NULL, 80, 22);
	assert_shows(s, "[ ] off");
	free(s);
	key(v, f, ' ');
	/* Rows: Insert adds (focus on its name), ^P moves up, ^X removes. */
	assert_int_equal(key(v, f, CONFIG_KEY_IC), FV_HANDLED);
	assert_int_equal(form_rows(f, "pool.origins"), 3);
	assert_string_equal(form_focus(f), "pool.origins[2].name");
	assert_int_equal(key(v, f, 16), FV_HANDLED);
	assert_string_equal(form_focus(f), "pool.origins[1].name");
	assert_string_equal(form_plan(f)->pool.origins[1].name, "origin-3");
	assert_int_equal(key(v, f, 24), FV_HANDLED);
	assert_int_equal(form_rows(f, "pool.origins"), 2);
	assert_string_equal(form_plan(f)->pool.origins[1].name, "origin-2");
	/* On a non-text cell, a/d/K/J do the same; letters are text in a
	 * text cell. */
	form_set_focus(f, "pool.origins[1].enabled");
	assert_false(form_view_typing(v, f));
	assert_int_equal(key(v, f, 'a'), FV_HANDLED);
	assert_int_equal(form_rows(f, "pool.origins"), 3);
	assert_true(form_view_typing(v, f)); /* on the new row's name */
	type(v, f, "x");
	assert_string_equal(form_plan(f)->pool.origins[2].name, "origin-3x");
	form_set_focus(f, "pool.origins[2].enabled");
	assert_int_equal(key(v, f, 'd'), FV_HANDLED);
	assert_int_equal(form_rows(f, "pool.origins"), 2);
	/* n on a boolean asks for the next step. */
	form_set_focus(f, "pool.enabled");
	assert_int_equal(key(v, f, 'n'), FV_NEXT);
	assert_int_equal(key(v, f, 'b'), FV_BACK);
	form_view_free(v);
	form_free(f);
}

static void
test_widths_and_scroll(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	char *s, buf[512];
	const char *hint = "healthy origins needed for the pool to be healthy";

	(void)state;
	assert_true(form_next(f));
	/* 80 columns cut long hints ('~'); the detail has them whole. */
	form_set_focus(f, "pool.minimum_origins");
	s = render(v, f, NULL, 80, 24);
	line_with(s, "Minimum origins", buf, sizeof(buf));
	assert_shows(buf, "~");
	assert_shows(s, hint);
	free(s);
	/* 250 columns: every hint whole on its row. */
	s = render(v, f, NULL, 250, 24);
	line_with(s, "Minimum origins", buf, sizeof(buf));
	assert_shows(buf, hint);
	free(s);
	/* A short screen scrolls to keep the focus shown, and says what
	 * is off screen. */
	form_set_focus(f, "pool.enabled");
	s = render(v, f, NULL, 80, 10);
	assert_shows(s, "\xe2\x96\xb8 Enabled");
	assert_shows(s, "more");
	assert_hides(s, "Description");
	free(s);
	form_set_focus(f, "pool.name");
	s = render(v, f, NULL, 80, 10);
	assert_shows(s, "\xe2\x96\xb8 Name");
	free(s);
	form_view_free(v);
	form_free(f);
}

static void
test_monitor_choices(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	char *s;

	(void)state;
	assert_true(form_next(f));
	assert_true(form_set(f, "pool.origins[0].address", "127.0.0.11"));
	assert_true(form_set(f, "pool.origins[1].address", "127.0.0.12"));
	assert_true(form_next(f));
	assert_true(form_set_focus(f, "monitor.type"));
	s = render(v, f, NULL, 80, 24);
	/* Each value the API allows, with its one-line explanation. */
	assert_shows(s, "\xe2\x97\x8f http ");
	assert_shows(s, "\xe2\x97\x8b https");
	assert_shows(s, "\xe2\x97\x8b tcp");
	free(s);
	/* Choices are not typed: n goes on, arrows and space choose. */
	assert_false(form_view_typing(v, f));
	assert_int_equal(key(v, f, CONFIG_KEY_RIGHT), FV_HANDLED);
	assert_string_equal(form_plan(f)->monitor.type, "https");
	assert_int_equal(key(v, f, ' '), FV_HANDLED);
	assert_int_equal(key(v, f, CONFIG_KEY_LEFT), FV_HANDLED);
	assert_string_equal(form_plan(f)->monitor.type, "https");
	/* The timeout below the interval, as typed. */
	assert_true(form_set_focus(f, "monitor.timeout"));
	key(v, f, 21);
	type(v, f, "90");
	s = render(v, f, NULL, 80, 24);
	assert_shows(s, "\xe2\x9c\x96 ");
	free(s);
	assert_non_null(form_why(f, "monitor.timeout"));
	key(v, f, 127);
	assert_null(form_why(f, "monitor.timeout"));
	form_view_free(v);
	form_free(f);
}

static void
test_pick_and_map(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	const struct cf_plan *p = form_plan(f);
	char *s;

	(void)state;
	assert_true(form_next(f));
	assert_true(form_set(f, "pool.origins[0].address", "127.0.0.11"));
	assert_true(form_set(f, "pool.origins[1].address", "127.0.0.12"));
	assert_true(form_next(f));
	assert_true(form_next(f));
	assert_int_equal(form_step(f), FORM_STEP_LB);
	/* The default pools: every pool, the picked ones numbered. */
	assert_true(form_set_focus(f, "load_balancer.default_pools"));
	s = render(v, f, NULL, 100, 24);
	assert_shows(s, "[1]  this plan's pool (inference-pool)");
	assert_shows(s, "[ ]  inference ");
	assert_shows(s, "[ ]  inference-fallback");
	free(s);
	/* Right to inference-fallback, Space picks it second, ^P moves it
	 * first. */
	key(v, f, CONFIG_KEY_RIGHT);
	key(v, f, CONFIG_KEY_RIGHT);
	assert_int_equal(key(v, f, ' '), FV_HANDLED);
	assert_int_equal(p->lb.default_pools.n, 2);
	assert_string_equal(p->lb.default_pools.v[1], POOL_B);
	assert_int_equal(key(v, f, 16), FV_HANDLED);
	assert_string_equal(p->lb.default_pools.v[0], POOL_B);
	s = render(v, f, NULL, 160, 24);
	assert_shows(s, "1 inference-fallback, 2 this plan's pool");
	free(s);
	/* Space again unpicks it. */
	assert_int_equal(key(v, f, ' '), FV_HANDLED);
	assert_int_equal(p->lb.default_pools.n, 1);
	/* A map: KEY=pool by name, Enter adds it. */
	assert_true(form_set_focus(f, "load_balancer.region_pools"));
	assert_true(form_view_typing(v, f));
	type(v, f, "wnam=inference-fallback");
	assert_int_equal(key(v, f, '\r'), FV_HANDLED);
	assert_int_equal(p->lb.region_pools.n, 1);
	assert_string_equal(p->lb.region_pools.e[0].key, "WNAM");
	assert_string_equal(p->lb.region_pools.e[0].pool_ids.v[0], POOL_B);
	s = render(v, f, NULL, 100, 24);
	assert_shows(s, "WNAM  \xe2\x86\x92 inference-fallback");
	free(s);
	/* A bad key: refused with its reason, and Next is refused... */
	type(v, f, "MARS=inference");
	assert_int_equal(key(v, f, '\r'), FV_HANDLED);
	assert_non_null(form_view_why(v, f));
	s = render(v, f, NULL, 100, 24);
	assert_shows(s, "\xe2\x9c\x96 ");
	free(s);
	assert_false(form_next(f));
	/* ...until the line is cleared; the good entry stays. */
	key(v, f, 21);
	assert_null(form_view_why(v, f));
	assert_int_equal(p->lb.region_pools.n, 1);
	/* KEY= removes the key; an empty line's Enter is Next. */
	type(v, f, "WNAM=");
	assert_int_equal(key(v, f, '\r'), FV_HANDLED);
	assert_int_equal(p->lb.region_pools.n, 0);
	assert_int_equal(key(v, f, '\r'), FV_NEXT);
	form_view_free(v);
	form_free(f);
}

static void
test_extra_issues_and_click(void **state)
{
	struct form *f = new_form();
	struct form_view *v = form_view_new();
	struct plan_issues extra = { 0 };
	char *s, buf[512];
	int y;

	(void)state;
	assert_true(form_next(f));
	/* Names taken, from the lists or the API, beside their field. */
	plan_issue_add(&extra, false, "pool.name",
		       "a pool named inference-pool already exists");
	plan_issue_add(&extra, true, "pool.description", "just a warning");
	s = render(v, f, &extra, 120, 24);
	assert_shows(line_with(s, "Name   ", buf, sizeof(buf)),
		     "\xe2\x9c\x96 a pool named inference-pool already exists");
	assert_shows(line_with(s, "Description", buf, sizeof(buf)),
		     "! just a warning");
	/* A click on a row focuses its field. */
	for (y = 0; s && y < 24; y++) {
		const char *row = s;
		int k;

		for (k = 0; k < y; k++)
			row = strchr(row, '\n') + 1;
		if (!strncmp(row, "   Minimum origins", 18))
			break;
	}
	free(s);
	assert_true(y < 24);
	assert_true(form_view_click(v, f, 5, y));
	assert_string_equal(form_focus(f), "pool.minimum_origins");
	assert_false(form_view_click(v, f, 5, 23));
	plan_issues_free(&extra);
	form_view_free(v);
	form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_zone_step),
		cmocka_unit_test(test_pool_table),
		cmocka_unit_test(test_widths_and_scroll),
		cmocka_unit_test(test_monitor_choices),
		cmocka_unit_test(test_pick_and_map),
		cmocka_unit_test(test_extra_issues_and_click),
	};

	/* Widths of "▸", "é" and the like need a UTF-8 locale. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
