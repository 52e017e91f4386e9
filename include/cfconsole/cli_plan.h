/* cli_plan.h: headless setup plans: `cfconsole plan new|validate|export` and `cfconsole apply [--dry-run] [--rollback]`. */
#ifndef CFCONSOLE_CLI_PLAN_H
#define CFCONSOLE_CLI_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "cfconsole/session.h"

/*
 * Exit statuses of `plan` and `apply` (documented in --help and
 * cfconsole(1)); 0, 1 and 2 as for `ls`:
 *
 *   0  done: valid, exported, applied and verified, rolled back
 *   1  API, network, credential or journal error; an apply that failed
 *      was rolled back completely (nothing it created is left)
 *   2  usage: bad arguments, unreadable or malformed plan file, bad
 *      config, read-only session, no --yes and no terminal to ask on
 *   3  the plan is invalid, or the API's state refuses it (a name taken,
 *      a CNAME conflict): nothing was sent
 *   4  a person must look: the rollback could not remove everything (the
 *      objects left are listed with their ids and how to remove them), or
 *      a resume found several objects it could have created
 */
enum cli_plan_exit {
	CLI_PLAN_OK = 0,
	CLI_PLAN_ERROR = 1,
	CLI_PLAN_USAGE = 2,
	CLI_PLAN_INVALID = 3,
	CLI_PLAN_LEFT = 4,
};

/* True when argv0 is "plan" or "apply". Pure. */
bool cli_plan_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c. After app_options_parse()
 * returned index i with i < argc and cli_plan_is_command(argv[i]):
 *     return cli_plan_run(&opts, argc - i, argv + i);
 * Checks usage and reads the plan file first (no network for those),
 * opens the session only when the command needs the API, prints results
 * on stdout and messages on stderr, returns an enum cli_plan_exit.
 * cf_global_init() must have been called.
 */
int cli_plan_run(const struct app_options *opts, int argc, char **argv);

/* Usage text (static). */
const char *cli_plan_usage(void);

#endif
