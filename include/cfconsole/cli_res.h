/* cli_res.h: headless create/read/update/delete for runbooks: `cfconsole dns|monitor|pool|lb get|create|update|delete ...` with --set field=value, --from-file, --dry-run, --yes, --json. */
#ifndef CFCONSOLE_CLI_RES_H
#define CFCONSOLE_CLI_RES_H

#include <stdbool.h>

#include "cfconsole/session.h"

/*
 * Exit statuses (documented in --help and cfconsole(1)); 0, 1 and 2 as
 * every subcommand, 3 and 4 as `apply`:
 *
 *   0  done and verified; a dry run; nothing to change
 *   1  API, network, credential or journal error (a failed change was
 *      rolled back); the object named does not exist
 *   2  usage: bad arguments, an unknown field, an unreadable or malformed
 *      --from-file, read-only session, no --yes and no terminal to ask on
 *   3  refused before sending: a value is invalid (its reason is said),
 *      the object changed since it was read, or a delete is held by
 *      objects that use it (named)
 *   4  a person must look: the rollback of a failed change left something
 */
enum cli_res_exit {
	CLI_RES_OK = 0,
	CLI_RES_ERROR = 1,
	CLI_RES_USAGE = 2,
	CLI_RES_REFUSED = 3,
	CLI_RES_LEFT = 4,
};

/* True when argv0 is "dns", "monitor", "pool" or "lb". Pure. */
bool cli_res_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c: after app_options_parse()
 * returned index i with cli_res_is_command(argv[i]):
 *     return cli_res_run(&opts, argc - i, argv + i);
 * Checks usage (and reads --from-file) before any network, opens the
 * session, prints results on stdout and messages on stderr, returns an
 * enum cli_res_exit. cf_global_init() must have been called.
 */
int cli_res_run(const struct app_options *opts, int argc, char **argv);

/* Usage text (static). */
const char *cli_res_usage(void);

#endif
