/* cli_res.h: headless create/read/update/delete for runbooks: `cfconsole dns|monitor|pool|lb get|create|update|delete ...` with --set field=value, --from-file, --dry-run, --yes, --json. */
#ifndef CFCONSOLE_CLI_RES_H
#define CFCONSOLE_CLI_RES_H

#include <stdbool.h>

#include "cfconsole/cli_exit.h"
#include "cfconsole/session.h"

/* True when argv0 is "dns", "monitor", "pool" or "lb". Pure. */
bool cli_res_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c: after app_options_parse()
 * returned index i with cli_res_is_command(argv[i]):
 *     return cli_res_run(&opts, argc - i, argv + i);
 * Checks usage (and reads --from-file) before any network, opens the
 * session, prints results on stdout and messages on stderr, returns an
 * enum cli_exit (cli_exit.h). cf_global_init() must have been called.
 */
int cli_res_run(const struct app_options *opts, int argc, char **argv);

/* Usage text (static). */
const char *cli_res_usage(void);

#endif
