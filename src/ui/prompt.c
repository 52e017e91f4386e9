/* prompt.c: the ':' command prompt and the '/' live filter: edit.c's editor plus history, Tab completion and the filter as typed. */
#include <stdio.h>
#include <string.h>

#include "cfconsole/config.h"
#include "ui/commands.h"
#include "ui/edit.h"
#include "ui/layer.h"
#include "ui/line.h"
#include "ui/prompt.h"
#include "ui/oncall.h"
#include "ui/ui.h"
#include "ui/viewer.h"

/* ---- Tab completion ------------------------------------------------------ */

/* True while the line is what the last Tab left: its result is current. */
static bool
cands_current(const struct ui *ui)
{
	const struct ui_prompt *p = &ui->prompt;

	return prompt_is_open(ui) && !p->filter && p->tab_shown &&
	       !strcmp(edit_text(&p->ed), p->tab_line);
}

/*
 * The first Tab completes as far as the candidates agree and lists them
 * above the prompt; each further Tab (dir 1) or Shift-Tab (dir -1) puts the
 * next or previous candidate in the line, as a shell's menu completion
 * does. Any other key ends it.
 */
static void
complete(struct ui *ui, int dir)
{
	struct ui_prompt *p = &ui->prompt;
	char buf[EDIT_MAX];
	size_t n;

	memcpy(buf, p->ed.buf, sizeof(buf));
	if (cands_current(ui) && p->cands.n > 1) {
		n = p->cands.n;
		if (p->cand_sel < 0)
			p->cand_sel = dir > 0 ? 0 : (int)n - 1;
		else
			p->cand_sel =
				(int)(((size_t)p->cand_sel + n + (size_t)dir) %
				      n);
		snprintf(buf + p->cands.word, sizeof(buf) - p->cands.word, "%s",
			 cmd_cand(&p->cands, (size_t)p->cand_sel));
	} else {
		/* The text after the cursor gives way to the completion. */
		buf[p->ed.cur] = '\0';
		n = cmd_complete(ui, buf, sizeof(buf), &p->cands);
		p->cand_sel = -1;
		p->tab_shown = n != 1; /* several: the list; none: say so */
	}
	edit_set(&p->ed, buf);
	memcpy(p->tab_line, p->ed.buf, sizeof(p->tab_line));
}

bool
prompt_compose_cands(const struct ui *ui, int width, struct line *l)
{
	const struct ui_prompt *p = &ui->prompt;
	const struct cmd_cands *c = &p->cands;
	size_t i, first = 0;
	int span;

	if (!cands_current(ui))
		return false;
	line_reset(l);
	if (c->n == 0) {
		line_add(l, THEME_ROLE_STATUS, " no completion");
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
		return true;
	}
	/* Scroll so the chosen one shows, with room for "< " and " >". */
	if (p->cand_sel > 0) {
		for (;;) {
			span = first ? 4 : 1; /* " <  " or " " */
			for (i = first; i <= (size_t)p->cand_sel; i++)
				span += line_strwidth(cmd_cand(c, i)) +
					(i > first ? 2 : 0);
			if (span + 2 <= width || first == (size_t)p->cand_sel)
				break;
			first++;
		}
	}
	line_add(l, THEME_ROLE_STATUS, first ? " <" : "");
	for (i = first; i < c->n; i++) {
		const char *s = cmd_cand(c, i);
		bool last = i + 1 == c->n && !c->more;

		if (l->width + 2 + line_strwidth(s) + (last ? 0 : 2) > width &&
		    i > first)
			break;
		line_add(l, THEME_ROLE_STATUS, i > first || first ? "  " : " ");
		line_add(l,
			 (int)i == p->cand_sel ? THEME_ROLE_SELECTION
					       : THEME_ROLE_STATUS,
			 s);
	}
	if (i < c->n || c->more) {
		if (l->width + 2 < width)
			line_pad(l, THEME_ROLE_STATUS, width - 2 - l->width);
		line_add(l, THEME_ROLE_STATUS, " >");
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
	return true;
}

/* ---- keys ------------------------------------------------------------------ */

static unsigned
finish(struct ui *ui, bool run)
{
	struct ui_prompt *p = &ui->prompt;
	char line[EDIT_MAX];

	prompt_close(ui);
	p->tab_shown = false;
	memcpy(line, p->ed.buf, sizeof(line));
	edit_set(&p->ed, "");
	if (p->filter) {
		if (!run)
			pane_set_filter(ui_pane(ui), NULL);
		return CMD_REDRAW;
	}
	if (!run)
		return CMD_REDRAW;
	edit_history_add(&p->history, line);
	ui->status[0] = '\0';
	return cmd_execute(ui, line) | CMD_REDRAW;
}

/* True for Backspace, however the terminal sends it. */
static bool
is_backspace(int key, bool fkey)
{
	return fkey ? key == CONFIG_KEY_BACKSPACE
		    : key == CONFIG_KEY_DEL_CHAR || key == 8;
}

static unsigned
prompt_key(struct ui *ui, void *self, int key, bool fkey)
{
	struct ui_prompt *p = &ui->prompt;
	bool command = !p->filter;

	(void)self;
	/* Any key but Tab ends a completion (the list goes). */
	if (!(fkey ? key == CONFIG_KEY_BTAB : key == CONFIG_KEY_TAB))
		p->tab_shown = false;
	if (fkey && (key == CONFIG_KEY_UP || key == CONFIG_KEY_DOWN)) {
		if (command)
			edit_history_move(&p->history, &p->ed,
					  key == CONFIG_KEY_UP ? -1 : 1);
		return CMD_REDRAW;
	}
	if (fkey ? key == CONFIG_KEY_KENTER : key == '\n' || key == '\r')
		return finish(ui, true);
	if (!fkey && (key == CONFIG_KEY_ESC || key == 7)) /* ^G */
		return finish(ui, false);
	if (fkey ? key == CONFIG_KEY_BTAB : key == CONFIG_KEY_TAB) {
		if (command)
			complete(ui, fkey ? -1 : 1);
		return CMD_REDRAW;
	}
	/* Backspace on an empty line leaves the prompt. */
	if (is_backspace(key, fkey) && p->ed.len == 0)
		return finish(ui, false);
	switch (edit_key(&p->ed, key, fkey)) {
	case EDIT_IGNORED:
		return CMD_OK;
	case EDIT_CHANGED:
		/* The filter applies while it is typed. */
		if (p->filter)
			pane_set_filter(ui_pane(ui), edit_text(&p->ed));
		break;
	case EDIT_MOVED:
		break;
	}
	return CMD_REDRAW;
}

/* ---- the layer -------------------------------------------------------------- */

/* The prompt on the bottom row, Tab's candidates on the row above. */
static void
prompt_compose(struct ui *ui, void *self, int width, int height,
	       struct lines *frame)
{
	struct ui_prompt *p = &ui->prompt;
	const char *text = edit_text(&p->ed);
	struct line *l;

	(void)self;
	if (height < 2 || frame->n < (size_t)height)
		return;
	prompt_compose_cands(ui, width, &frame->v[height - 2]);
	l = &frame->v[height - 1];
	line_reset(l);
	line_add(l, THEME_ROLE_PROMPT, p->filter ? "/" : ":");
	line_add(l, THEME_ROLE_INPUT, text);
	if (!p->filter && !strncmp(text, "edit ", 5)) {
		char err[160];
		bool hw;
		double w;
		int en;

		/* Validated as typed: say what is wrong before Enter. */
		if (oncall_edit_parse(text + 5, &hw, &w, &en, err, sizeof(err)))
			line_add(l, THEME_ROLE_DIM,
				 "   (Enter applies: weight 0..1, on|off)");
		else
			line_addf(l, THEME_ROLE_ERROR, "   <- %s", err);
	}
	if (l->width < width)
		line_pad(l, THEME_ROLE_STATUS, width - l->width);
}

static bool
prompt_cursor(struct ui *ui, void *self, int width, int height, int *y, int *x)
{
	int col = 1 + edit_cursor_col(&ui->prompt.ed);

	(void)self;
	*y = height - 1;
	*x = col < width ? col : width - 1;
	return true;
}

static const struct layer_ops prompt_layer = {
	.name = "prompt",
	.rank = LAYER_RANK_PROMPT,
	.key = prompt_key,
	.compose = prompt_compose,
	.click = layer_click_tabs, /* the tab row stays live */
	.cursor = prompt_cursor,
};

void
prompt_open(struct ui *ui, bool filter, const char *text)
{
	struct ui_prompt *p = &ui->prompt;

	/* What the line then runs decides what shows. */
	viewer_close(ui);
	p->filter = filter;
	p->tab_shown = false;
	edit_set(&p->ed, text ? text : "");
	if (!filter)
		edit_history_rewind(&p->history);
	ui_layer_push(ui, &prompt_layer, NULL);
}

bool
prompt_close(struct ui *ui)
{
	return ui_layer_pop(ui, &prompt_layer);
}

bool
prompt_is_open(const struct ui *ui)
{
	return ui_layer_has(ui, &prompt_layer);
}
