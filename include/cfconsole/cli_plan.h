/* cli_plan.h: headless setup plans: `cfconsole plan new|validate|export` and `cfconsole apply [--dry-run] [--rollback]`. */
#ifndef CFCONSOLE_CLI_PLAN_H
#define CFCONSOLE_CLI_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "cfconsole/cli_exit.h"
#include "cfconsole/session.h"

/* True when argv0 is "plan" or "apply". Pure. */
bool cli_plan_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c. After app_options_parse()
 * returned index i with i < argc and cli_plan_is_command(argv[i]):
 *     return cli_plan_run(&opts, argc - i, argv + i);
 * Checks usage and reads the plan file first (no network for those),
 * opens the session only when the command needs the API, prints results
 * on stdout and messages on stderr, returns an enum cli_exit (cli_exit.h).
 * cf_global_init() must have been called.
 */
int cli_plan_run(const struct app_options *opts, int argc, char **argv);

/* Usage text (static). */
const char *cli_plan_usage(void);

#endif
