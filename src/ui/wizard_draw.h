/* wizard_draw.h: the wizard's drawing helpers (lines, rules, paragraphs, symbols; in wizard.c and wizard_screens.c), shared with the resource forms (res*.c). */
#ifndef CFCONSOLE_UI_WIZARD_DRAW_H
#define CFCONSOLE_UI_WIZARD_DRAW_H

#include "ui/line.h"

/* Symbols that read without colour: ● / ✖ / ✔ (ASCII: + X OK). */
const char *wiz_sym_ok(void);
const char *wiz_sym_bad(void);
const char *wiz_sym_check(void);

/* A separator line with a title (may be NULL). */
void wiz_rule(struct lines *out, int width, const char *title);

/* text wrapped to width, every line indented by `indent` columns. */
void wiz_para(struct lines *out, int width, int indent, enum theme_role role,
	      const char *text);

/* Appends text with role to out, word-wrapped to width (never cut off),
 * each line padded to width; "" appends one empty line. UI thread. */
void wiz_text_line(struct lines *out, int width, enum theme_role role,
		   const char *text);

#endif
