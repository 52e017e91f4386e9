/* draw.c: maps theme roles to curses attributes (256/16/8 colours or mono) and draws attributed lines. */
#include <curses.h>
#include <string.h>

#include "ui/draw.h"

static struct theme_style styles_[THEME_ROLE_COUNT];
static bool have_theme_;
static bool mono_;
static bool started_;
static attr_t attrs_[THEME_ROLE_COUNT];

static attr_t
map_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
#ifdef A_ITALIC
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	if (a & THEME_ATTR_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

/* A colour the terminal can show: out of range falls back to default. */
static short
clamp_color(int c)
{
	if (c < 0 || c >= COLORS)
		return -1;
	return (short)c;
}

static void
apply(void)
{
	bool color = started_ && !mono_ && has_colors();
	int r;

	for (r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *s = &styles_[r];
		int fg, bg;

		if (!color) {
			attrs_[r] = map_attrs(s->mono_attrs);
			continue;
		}
		if (COLORS >= 256) {
			fg = s->fg;
			bg = s->bg;
		} else if (COLORS >= 16) {
			fg = s->fg16;
			bg = s->bg16;
		} else {
			fg = s->fg8;
			bg = s->bg8;
		}
		init_pair((short)(r + 1), clamp_color(fg), clamp_color(bg));
		attrs_[r] = COLOR_PAIR(r + 1) | map_attrs(s->attrs);
	}
	if (started_)
		bkgdset(' ' | attrs_[THEME_ROLE_NORMAL]);
}

void
draw_theme(const struct theme *t, bool mono)
{
	memcpy(styles_, t->roles, sizeof(styles_));
	have_theme_ = true;
	mono_ = mono;
	apply();
}

void
draw_start(void)
{
	started_ = true;
	if (!mono_ && has_colors()) {
		start_color();
		/* "default" in a theme means the terminal's own colour. */
		use_default_colors();
	}
	if (have_theme_)
		apply();
}

void
draw_lines(const struct lines *ls)
{
	int y, width = COLS;
	size_t r;

	for (y = 0; y < LINES; y++) {
		move(y, 0);
		if ((size_t)y >= ls->n) {
			attrset(attrs_[THEME_ROLE_NORMAL]);
			clrtoeol();
			continue;
		}
		for (r = 0; r < ls->v[y].nruns; r++) {
			const struct line_run *run = &ls->v[y].runs[r];
			int cx, cy;

			getyx(stdscr, cy, cx);
			if (cy != y || cx >= width)
				break;
			attrset(attrs_[run->role]);
			addnstr(ls->v[y].text + run->off, (int)run->len);
		}
		attrset(attrs_[THEME_ROLE_NORMAL]);
		if (ls->v[y].width < COLS)
			clrtoeol();
	}
	attrset(A_NORMAL);
}
