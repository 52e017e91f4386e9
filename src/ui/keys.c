/* keys.c: key dispatch (the layer stack, then the command table), and key scripts for tests (CFCONSOLE_SCRIPT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/ui.h"

unsigned
keys_handle(struct ui *ui, int key, bool fkey)
{
	const struct command *c;
	bool taken;
	unsigned r;

	/* The layers first, top down (layer.h): a dialog, the picker, the
	 * prompt, the wizard or a form take every key; the viewer takes
	 * the list's movement keys and passes the rest. */
	r = ui_layers_key(ui, key, fkey, &taken);
	if (taken)
		return r;
	/* Characters beyond ASCII are never bound (they would collide with
	 * curses' KEY_* codes). */
	if (!fkey && key >= 0x80)
		return CMD_OK;
	c = cmd_for_key(ui, key);
	if (!c && ui->opts.readonly) {
		/* Mutating keys are unbound in read-only mode: say so rather
		 * than ignore the key. */
		size_t i;

		for (i = 0; i < cmd_count; i++) {
			const struct command *m = &cmd_table[i];

			if (!(m->flags & CMD_MUTATES))
				continue;
			if ((m->key && config_key_parse(m->key) == key) ||
			    (m->key2 && config_key_parse(m->key2) == key)) {
				ui_status(ui, THEME_ROLE_WARNING,
					  "read-only: %s is disabled "
					  "(--readonly or the profile's "
					  "readonly)",
					  m->name);
				return CMD_REDRAW;
			}
		}
	}
	if (!c)
		return CMD_OK;
	if (ui_mode(ui) != UI_MODE_VIEWER || strcmp(c->name, "command"))
		ui->status[0] = '\0';
	return cmd_run(ui, c, NULL);
}

/* ---- scripts ------------------------------------------------------------------ */

struct keys_script {
	FILE *f;
	char line[1024];
	size_t pos; /* next byte of line to feed as keys */
	bool have;  /* line holds keys still to feed */
};

struct keys_script *
keys_script_open(const char *path, char *err, size_t size)
{
	struct keys_script *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, size, "out of memory");
		return NULL;
	}
	s->f = fopen(path, "r");
	if (!s->f) {
		snprintf(err, size, "cannot open script %s", path);
		free(s);
		return NULL;
	}
	return s;
}

void
keys_script_close(struct keys_script *s)
{
	if (!s)
		return;
	fclose(s->f);
	free(s);
}

/* Decodes one UTF-8 character at s; returns its byte length. */
static size_t
decode(const char *s, int *cp)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0 && u[1]) {
		*cp = ((u[0] & 0x1f) << 6) | (u[1] & 0x3f);
		return 2;
	}
	if ((u[0] & 0xf0) == 0xe0 && u[1] && u[2]) {
		*cp = ((u[0] & 0x0f) << 12) | ((u[1] & 0x3f) << 6) |
		      (u[2] & 0x3f);
		return 3;
	}
	if ((u[0] & 0xf8) == 0xf0 && u[1] && u[2] && u[3]) {
		*cp = ((u[0] & 0x07) << 18) | ((u[1] & 0x3f) << 12) |
		      ((u[2] & 0x3f) << 6) | (u[3] & 0x3f);
		return 4;
	}
	*cp = '?';
	return 1;
}

enum keys_item
keys_script_next(struct keys_script *s, int *key, bool *fkey, char *cmd,
		 size_t size)
{
	size_t n;

	for (;;) {
		if (s->have && s->line[s->pos]) {
			char *p = s->line + s->pos, *end;

			*fkey = false;
			if (*p == '<' && (end = strchr(p, '>')) &&
			    end > p + 1) {
				char name[64];
				int k;

				n = (size_t)(end - p - 1);
				if (n >= sizeof(name))
					n = sizeof(name) - 1;
				memcpy(name, p + 1, n);
				name[n] = '\0';
				k = config_key_parse(name);
				s->pos += (size_t)(end - p) + 1;
				if (k < 0) {
					snprintf(cmd, size,
						 "script: unknown key <%s>",
						 name);
					return KEYS_ERROR;
				}
				*key = k;
				*fkey = k >= 0400;
				return KEYS_KEY;
			}
			s->pos += decode(p, key);
			return KEYS_KEY;
		}
		s->have = false;
		if (!fgets(s->line, sizeof(s->line), s->f))
			return KEYS_END;
		n = strlen(s->line);
		while (n && (s->line[n - 1] == '\n' || s->line[n - 1] == '\r'))
			s->line[--n] = '\0';
		if (n == 0 || s->line[0] == '#')
			continue;
		if (s->line[0] == ':') {
			snprintf(cmd, size, "%s", s->line + 1);
			return KEYS_COMMAND;
		}
		s->pos = 0;
		s->have = true;
	}
}
