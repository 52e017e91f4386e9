/* test_commands.c: the command table is consistent, drives the key map and help, and matches man/cfconsole.1. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "cfconsole/store.h"
#include "ui/commands.h"
#include "ui/pane.h"
#include "ui/ui.h"

static void
test_table_is_consistent(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(cmd_count > 20);
	for (i = 0; i < cmd_count; i++) {
		const struct command *c = &cmd_table[i];

		assert_non_null(c->name);
		assert_non_null(c->help);
		/* It does something: a handler or a pane, not both. */
		assert_true((c->fn != NULL) != (c->pane != NULL));
		assert_true(strlen(c->help) > 5);
		/* Keys parse. */
		if (c->key)
			assert_true(config_key_parse(c->key) > 0);
		if (c->key2)
			assert_true(config_key_parse(c->key2) > 0);
		/* Names, aliases and keys are unique across the table. */
		for (j = i + 1; j < cmd_count; j++) {
			const struct command *d = &cmd_table[j];

			assert_string_not_equal(c->name, d->name);
			if (c->alias) {
				assert_string_not_equal(c->alias, d->name);
				if (d->alias)
					assert_string_not_equal(c->alias,
								d->alias);
			}
			if (d->alias)
				assert_string_not_equal(c->name, d->alias);
			if (c->key && d->key)
				assert_int_not_equal(config_key_parse(c->key),
						     config_key_parse(d->key));
			if (c->key && d->key2)
				assert_int_not_equal(config_key_parse(c->key),
						     config_key_parse(d->key2));
			if (c->key2 && d->key)
				assert_int_not_equal(config_key_parse(c->key2),
						     config_key_parse(d->key));
		}
		assert_ptr_equal(cmd_lookup(c->name), c);
		if (c->alias)
			assert_ptr_equal(cmd_lookup(c->alias), c);
	}
	assert_null(cmd_lookup("no-such-command"));
	assert_null(cmd_lookup(NULL));
	/* The config's key codes are curses' codes. */
	assert_int_equal(CONFIG_KEY_DOWN, KEY_DOWN);
	assert_int_equal(CONFIG_KEY_NPAGE, KEY_NPAGE);
	assert_int_equal(CONFIG_KEY_BTAB, KEY_BTAB);
	assert_int_equal(CONFIG_KEY_KENTER, KEY_ENTER);
	assert_int_equal(CONFIG_KEY_END, KEY_END);
}

/* Every tab pane has exactly one command, whose name is the pane's and
 * whose key is its tab number: the table and PANE_LIST agree. */
static void
test_every_pane_has_its_command(void **state)
{
	size_t i, n;
	int p;

	(void)state;
	for (p = 0; p < PANE_COUNT; p++) {
		char key[12];

		snprintf(key, sizeof(key), "%d", p + 1);
		for (n = 0, i = 0; i < cmd_count; i++) {
			if (cmd_table[i].pane != pane_registry[p])
				continue;
			n++;
			assert_string_equal(cmd_table[i].name,
					    pane_registry[p]->name);
			assert_non_null(cmd_table[i].key);
			assert_string_equal(cmd_table[i].key, key);
		}
		assert_int_equal(n, 1);
	}
	for (i = 0; i < cmd_count; i++)
		if (cmd_table[i].pane)
			assert_true(pane_index(cmd_table[i].pane) >= 0);
}

static void
test_keymap_defaults_and_overrides(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct config_error err = { 0 };
	struct config_key_binding keys[] = {
		{ .command = (char[]){ "refresh" }, .key = 'R', .line = 7 },
		{ .command = (char[]){ "down" }, .key = 'n', .line = 8 },
	};
	struct config_key_binding bad[] = {
		{ .command = (char[]){ "frobnicate" }, .key = 'x', .line = 12 },
	};

	(void)state;
	ui_init(&ui, s, NULL);
	assert_string_equal(cmd_for_key(&ui, 'j')->name, "down");
	assert_string_equal(cmd_for_key(&ui, KEY_DOWN)->name, "down");
	assert_string_equal(cmd_for_key(&ui, '\r')->name, "enter");
	assert_string_equal(cmd_for_key(&ui, KEY_ENTER)->name, "enter");
	assert_string_equal(cmd_for_key(&ui, 12)->name, "redraw");
	assert_null(cmd_for_key(&ui, 'x'));
	assert_null(cmd_for_key(&ui, -1));
	assert_null(cmd_for_key(&ui, 100000));

	assert_true(cmd_keymap_build(&ui, keys, 2, "my.conf", &err));
	assert_string_equal(cmd_for_key(&ui, 'R')->name, "refresh");
	assert_string_equal(cmd_for_key(&ui, 'r')->name, "refresh");
	assert_string_equal(cmd_for_key(&ui, 'n')->name, "down");

	assert_false(cmd_keymap_build(&ui, bad, 1, "my.conf", &err));
	assert_string_equal(err.msg,
			    "my.conf:12: unknown command 'frobnicate' in keys");
	/* A failed override leaves the defaults, not half a map. */
	assert_null(cmd_for_key(&ui, 'R'));
	assert_string_equal(cmd_for_key(&ui, 'j')->name, "down");
	ui_free(&ui);
	store_free(s);
}

static void
test_execute_rules(void **state)
{
	struct store *s = store_new();
	struct ui ui;

	(void)state;
	ui_init(&ui, s, NULL);
	assert_true(cmd_execute(&ui, "help extra") & CMD_FAILED);
	assert_non_null(strstr(ui.status, "takes no argument"));
	assert_true(cmd_execute(&ui, "json") & CMD_FAILED);
	assert_non_null(strstr(ui.status, "nothing selected"));
	assert_true(cmd_execute(&ui, "wait-generation x") & CMD_FAILED);
	assert_true(cmd_execute(&ui, "sort nosuchcolumn") & CMD_FAILED);
	assert_int_equal(cmd_execute(&ui, "sort name") & CMD_FAILED, 0);
	assert_int_equal(ui_pane(&ui)->sort_col, 0);
	assert_int_equal(cmd_execute(&ui, ""), CMD_OK);
	assert_true(cmd_execute(&ui, ":quit") & CMD_QUIT);
	assert_true(cmd_execute(&ui, "theme no-such-theme-here") & CMD_FAILED);
	assert_non_null(strstr(ui.status, "no-such-theme-here"));
	ui_free(&ui);
	store_free(s);
}

/* Does c hold candidate s? */
static bool
has_cand(const struct cmd_cands *c, const char *s)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(cmd_cand(c, i), s))
			return true;
	return false;
}

static void
test_completion(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	char buf[64];
	struct cmd_cands c;

	(void)state;
	ui_init(&ui, s, NULL);
	strcpy(buf, "pool");
	assert_int_equal(cmd_complete(&ui, buf, sizeof(buf), &c), 1);
	assert_string_equal(buf, "pools ");
	strcpy(buf, "s");
	assert_true(cmd_complete(&ui, buf, sizeof(buf), &c) > 1);
	assert_true(has_cand(&c, "sort"));
	assert_true(has_cand(&c, "save-display"));
	assert_int_equal(c.word, 0);
	assert_int_equal(c.more, 0);
	strcpy(buf, "theme hi");
	assert_int_equal(cmd_complete(&ui, buf, sizeof(buf), &c), 1);
	assert_string_equal(buf, "theme high-contrast");
	/* Several arguments: the candidates and where the word starts. */
	strcpy(buf, "theme d");
	assert_int_equal(cmd_complete(&ui, buf, sizeof(buf), &c), 2);
	assert_string_equal(buf, "theme d");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.word, 6);
	assert_string_equal(cmd_cand(&c, 0), "default");
	assert_string_equal(cmd_cand(&c, 1), "dark");
	strcpy(buf, "zzz");
	assert_int_equal(cmd_complete(&ui, buf, sizeof(buf), &c), 0);
	assert_string_equal(buf, "zzz");
	assert_int_equal(cmd_complete(&ui, buf, sizeof(buf), NULL), 0);
	ui_free(&ui);
	store_free(s);
}

static void
test_help_lists_every_command(void **state)
{
	struct store *s = store_new();
	struct ui ui;
	struct lines out = { 0 };
	size_t i, k;
	char want[80];

	(void)state;
	ui_init(&ui, s, NULL);
	cmd_help(&ui, &out);
	for (i = 0; i < cmd_count; i++) {
		bool found = false;

		snprintf(want, sizeof(want), ":%s", cmd_table[i].name);
		for (k = 0; k < out.n && !found; k++)
			found = strstr(line_text(&out.v[k]), want) &&
				strstr(line_text(&out.v[k]), cmd_table[i].help);
		assert_true(found);
	}
	lines_free(&out);
	ui_free(&ui);
	store_free(s);
}

/* ---- the man page ----------------------------------------------------------------- */

struct man_cmd {
	char name[64];
	char alias[64];
	char keys[128];
};

/* Parses the COMMANDS section of man/cfconsole.1. */
static size_t
man_commands(struct man_cmd *out, size_t max)
{
	char path[1024], line[1024];
	const char *top = getenv("TOP");
	FILE *f;
	bool in = false;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/man/cfconsole.1", top ? top : ".");
	f = fopen(path, "r");
	if (!f) {
		/* Running from build/tests/unit inside the tree. */
		f = fopen("man/cfconsole.1", "r");
	}
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, ".SH ", 4)) {
			in = !strcmp(line, ".SH COMMANDS");
			continue;
		}
		if (!in)
			continue;
		if (!strncmp(line, "\\fB:", 4) && n < max) {
			char *end = strstr(line + 4, "\\fR");
			char *al = strstr(line, "(\\fB:");

			assert_non_null(end);
			memset(&out[n], 0, sizeof(out[n]));
			snprintf(out[n].name, sizeof(out[n].name), "%.*s",
				 (int)(end - line - 4), line + 4);
			if (al) {
				char *ae = strstr(al + 5, "\\fR");

				assert_non_null(ae);
				snprintf(out[n].alias, sizeof(out[n].alias),
					 "%.*s", (int)(ae - al - 5), al + 5);
			}
			n++;
		} else if (!strncmp(line, "Keys: ", 6) && n > 0) {
			size_t len = strlen(line);

			assert_true(len > 7 && line[len - 1] == '.');
			snprintf(out[n - 1].keys, sizeof(out[n - 1].keys),
				 "%.*s", (int)(len - 7), line + 6);
		}
	}
	fclose(f);
	return n;
}

static void
test_man_page_matches_table(void **state)
{
	struct man_cmd man[128];
	size_t n = man_commands(man, 128), i, k;
	char want[128], a[32], b[32];

	(void)state;
	if (n != cmd_count)
		fprintf(stderr, "man page lists %zu commands, table %zu\n", n,
			cmd_count);
	assert_int_equal(n, cmd_count);
	for (i = 0; i < cmd_count; i++) {
		const struct command *c = &cmd_table[i];
		const struct man_cmd *m = NULL;

		for (k = 0; k < n; k++)
			if (!strcmp(man[k].name, c->name))
				m = &man[k];
		if (!m)
			fprintf(stderr, "man page lacks :%s\n", c->name);
		assert_non_null(m);
		assert_string_equal(m->alias, c->alias ? c->alias : "");
		if (!c->key)
			snprintf(want, sizeof(want), "none");
		else if (!c->key2)
			snprintf(want, sizeof(want), "%s",
				 config_key_name(config_key_parse(c->key), a,
						 sizeof(a)));
		else
			snprintf(want, sizeof(want), "%s, %s",
				 config_key_name(config_key_parse(c->key), a,
						 sizeof(a)),
				 config_key_name(config_key_parse(c->key2), b,
						 sizeof(b)));
		if (strcmp(m->keys, want))
			fprintf(stderr, ":%s: man says keys '%s', table '%s'\n",
				c->name, m->keys, want);
		assert_string_equal(m->keys, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_consistent),
		cmocka_unit_test(test_every_pane_has_its_command),
		cmocka_unit_test(test_keymap_defaults_and_overrides),
		cmocka_unit_test(test_execute_rules),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_help_lists_every_command),
		cmocka_unit_test(test_man_page_matches_table),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
