/* theme.c: loads themes by name for the console and switches them live (:theme NAME). */
#include <stdio.h>

#include "cfconsole/theme_def.h"
#include "ui/draw.h"
#include "ui/theme.h"
#include "ui/ui.h"

bool
ui_theme_set(struct ui *ui, const char *name)
{
	struct theme t = { 0 };
	struct config_error err = { 0 };

	if (!theme_load(name, config_env_process, NULL, NULL, &t, &err)) {
		ui_status(ui, THEME_ROLE_ERROR, "theme %s: %s", name, err.msg);
		return false;
	}
	theme_free(&ui->theme);
	ui->theme = t;
	draw_theme(&ui->theme, ui->opts.no_color);
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_CLEAR;
	ui_status(ui, THEME_ROLE_INFO, "theme %s", t.name ? t.name : name);
	return true;
}
