/* test_man_symbols.c: the health symbols cfconsole(1) lists are the ones the code draws, for every enum health_state value (read from the header), UTF-8 and ASCII. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/health.h"
#include "ui/health_view.h"

/*
 * The list of states is not written here: it is read from the enum in
 * include/cfconsole/health.h, so a state added there fails this test until
 * cfconsole(1) documents its symbols (issue 8: the man page said "• ×"
 * where the screen draws "● ✖").
 */

#define MAX_STATES 32
#define MAX_ROWS 32

struct state_decl {
	char name[64]; /* HEALTH_... */
	long value;
};

struct man_row {
	char utf8[32], ascii[32], name[64];
};

/* Opens TOP/rel, or rel from the current directory. */
static FILE *
open_src(const char *rel)
{
	char path[1024];
	const char *top = getenv("TOP");
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
	f = fopen(path, "r");
	if (!f)
		f = fopen(rel, "r");
	if (!f)
		fail_msg("cannot open %s (set TOP to the source tree)", rel);
	return f;
}

/* The whole file as one string (caller frees). */
static char *
slurp(const char *rel)
{
	FILE *f = open_src(rel);
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	assert_non_null(buf);
	buf[len] = '\0';
	return buf;
}

/* Blanks out C comments in place. */
static void
strip_comments(char *s)
{
	char *p = s;

	while ((p = strchr(p, '/')) != NULL) {
		if (p[1] == '*') {
			char *end = strstr(p + 2, "*/");

			end = end ? end + 2 : p + strlen(p);
			memset(p, ' ', (size_t)(end - p));
			p = end;
		} else if (p[1] == '/') {
			char *end = strchr(p, '\n');

			end = end ? end : p + strlen(p);
			memset(p, ' ', (size_t)(end - p));
			p = end;
		} else {
			p++;
		}
	}
}

/* The enumerators of enum health_state, with their values. */
static size_t
header_states(struct state_decl *out, size_t max)
{
	char *src = slurp("include/cfconsole/health.h");
	char *body, *end, *item, *save = NULL;
	long next = 0;
	size_t n = 0;

	strip_comments(src);
	body = strstr(src, "enum health_state {");
	assert_non_null(body);
	body += strlen("enum health_state {");
	end = strchr(body, '}');
	assert_non_null(end);
	*end = '\0';
	for (item = strtok_r(body, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char name[64], *eq;
		size_t k = 0;

		while (isspace((unsigned char)*item))
			item++;
		if (!*item)
			continue;
		while (k + 1 < sizeof(name) &&
		       (isalnum((unsigned char)item[k]) || item[k] == '_')) {
			name[k] = item[k];
			k++;
		}
		name[k] = '\0';
		assert_true(k > 0);
		eq = strchr(item, '=');
		if (eq) {
			char *num_end;

			next = strtol(eq + 1, &num_end, 0);
			while (isspace((unsigned char)*num_end))
				num_end++;
			if (*num_end)
				fail_msg("enum health_state: cannot evaluate "
					 "'%s' (teach this test)",
					 eq + 1);
		}
		assert_true(n < max);
		snprintf(out[n].name, sizeof(out[n].name), "%s", name);
		out[n].value = next++;
		n++;
	}
	free(src);
	return n;
}

/* Appends code point cp as UTF-8. */
static void
put_utf8(char **o, unsigned long cp)
{
	unsigned char *u = (unsigned char *)*o;

	if (cp < 0x80) {
		*u++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*u++ = (unsigned char)(0xc0 | (cp >> 6));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*u++ = (unsigned char)(0xe0 | (cp >> 12));
		*u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*u++ = (unsigned char)(0xf0 | (cp >> 18));
		*u++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		*u++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = (char *)u;
}

/*
 * Renders the roff escapes a man page line may use for symbols into UTF-8
 * (\[uXXXX], \(bu \(mu \(ci and friends, \-, \e) and drops font changes.
 * An escape it does not know is kept, so it cannot match by accident.
 */
static void
roff_decode(const char *in, char *out, size_t size)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} glyphs[] = {
		{ "bu", 0x2022 }, { "mu", 0x00d7 }, { "ci", 0x25cb },
		{ "em", 0x2014 }, { "en", 0x2013 }, { "sq", 0x25a1 },
		{ "pl", 0x002b }, { "mi", 0x2212 }, { "**", 0x2217 },
	};
	char *o = out, *lim = out + size - 5;

	while (*in && o < lim) {
		size_t i;

		if (*in != '\\') {
			*o++ = *in++;
			continue;
		}
		if (in[1] == '-' || in[1] == 'e') {
			*o++ = in[1] == '-' ? '-' : '\\';
			in += 2;
		} else if (in[1] == '&') {
			in += 2;
		} else if (in[1] == 'f' && in[2]) {
			in += 3;
		} else if (in[1] == '[' && in[2] == 'u' && strchr(in, ']')) {
			put_utf8(&o, strtoul(in + 3, NULL, 16));
			in = strchr(in, ']') + 1;
		} else if (in[1] == '(' && in[2] && in[3]) {
			for (i = 0; i < sizeof(glyphs) / sizeof(glyphs[0]); i++)
				if (!strncmp(in + 2, glyphs[i].name, 2))
					break;
			if (i == sizeof(glyphs) / sizeof(glyphs[0])) {
				*o++ = *in++;
				continue;
			}
			put_utf8(&o, glyphs[i].cp);
			in += 4;
		} else {
			*o++ = *in++;
		}
	}
	*o = '\0';
}

/*
 * The rows of the no-fill block (.nf .. .fi) in the "Live health"
 * subsection: "UTF8-SYMBOL  ASCII-SYMBOL  STATE".
 */
static size_t
man_rows(struct man_row *out, size_t max)
{
	FILE *f = open_src("man/cfconsole.1");
	char line[1024], dec[1024];
	bool in_section = false, in_block = false, done = false;
	size_t n = 0;

	while (!done && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, ".SS ", 4) || !strncmp(line, ".SH ", 4)) {
			in_section = !strcmp(line, ".SS Live health");
			continue;
		}
		if (!in_section)
			continue;
		if (!strcmp(line, ".nf")) {
			in_block = true;
			continue;
		}
		if (!strcmp(line, ".fi")) {
			done = in_block;
			in_block = false;
			continue;
		}
		if (!in_block || line[0] == '.')
			continue;
		roff_decode(line, dec, sizeof(dec));
		assert_true(n < max);
		memset(&out[n], 0, sizeof(out[n]));
		if (sscanf(dec, "%31s %31s %63s", out[n].utf8, out[n].ascii,
			   out[n].name) != 3)
			fail_msg("cfconsole(1) Live health: row '%s' is not "
				 "'SYMBOL ASCII STATE'",
				 dec);
		n++;
	}
	fclose(f);
	return n;
}

static void
test_man_lists_every_state_symbol(void **state)
{
	struct state_decl states[MAX_STATES];
	struct man_row rows[MAX_ROWS];
	size_t ns = header_states(states, MAX_STATES);
	size_t nr = man_rows(rows, MAX_ROWS);
	size_t i, k;

	(void)state;
	/* The parsers found something: today's four states at least. */
	assert_true(ns >= 4);
	assert_true(nr >= 1);
	for (i = 0; i < ns; i++) {
		enum health_state s = (enum health_state)states[i].value;
		const char *name = health_state_name(s);

		/* Each state has a name of its own (not the fallback). */
		for (k = 0; k < i; k++)
			if (!strcmp(health_state_name(
					    (enum health_state)states[k].value),
				    name))
				fail_msg("%s and %s are both called \"%s\" by "
					 "health_state_name()",
					 states[k].name, states[i].name, name);
	}
	for (i = 0; i < ns; i++) {
		enum health_state s = (enum health_state)states[i].value;
		const char *name = health_state_name(s);
		const char *utf8 = health_view_symbol(s, false);
		const char *ascii = health_view_symbol(s, true);
		bool found = false;

		for (k = 0; k < nr && !found; k++)
			found = !strcmp(rows[k].name, name);
		if (!found)
			fail_msg("%s (\"%s\", drawn %s / %s) is not listed "
				 "under Live health in man/cfconsole.1",
				 states[i].name, name, utf8, ascii);
		k--;
		if (strcmp(rows[k].utf8, utf8) || strcmp(rows[k].ascii, ascii))
			fail_msg("man/cfconsole.1 shows %s as %s / %s; the "
				 "code draws %s / %s",
				 name, rows[k].utf8, rows[k].ascii, utf8,
				 ascii);
	}
	/* Nothing listed that the code does not have (a renamed state). */
	if (nr != ns)
		fail_msg("man/cfconsole.1 lists %zu health states, enum "
			 "health_state has %zu",
			 nr, ns);
	/* Read without colour: no two states share a symbol. */
	for (i = 0; i < nr; i++)
		for (k = i + 1; k < nr; k++) {
			assert_string_not_equal(rows[i].utf8, rows[k].utf8);
			assert_string_not_equal(rows[i].ascii, rows[k].ascii);
		}
}

/* The decoder itself: what the old page said decodes to what it showed. */
static void
test_roff_decode(void **state)
{
	char out[64];

	(void)state;
	roff_decode("\\(bu \\(mu \\(ci \\fB+\\fR \\- \\[u25CF]", out,
		    sizeof(out));
	assert_string_equal(out, "\xe2\x80\xa2 \xc3\x97 \xe2\x97\x8b + - "
				 "\xe2\x97\x8f");
	roff_decode("\\(zz", out, sizeof(out));
	assert_string_equal(out, "\\(zz");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roff_decode),
		cmocka_unit_test(test_man_lists_every_state_symbol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
