/* cli.h: headless subcommands for scripts (cfconsole ls ...). */
#ifndef CFCONSOLE_CLI_H
#define CFCONSOLE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "cfconsole/cli_exit.h"
#include "cfconsole/config.h"
#include "cfconsole/session.h"

/* True when argv0 names a headless subcommand ("ls"). Pure. */
bool cli_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c: after app_options_parse() returned
 * index i with i < argc and cli_is_command(argv[i]), call
 *     return cli_run(&opts, argc - i, argv + i);
 * It checks the subcommand's usage first (no network for a usage error),
 * opens the session (process environment), runs it, prints to stdout/stderr
 * and returns an enum cli_exit value. cf_global_init() must have been called.
 */
int cli_run(const struct app_options *opts, int argc, char **argv);

/*
 * cfconsole ls zones | dns ZONE | lbs ZONE | pools | origins POOL |
 * monitors [--json]
 * argv[0] is "ls". ZONE is a zone name or id, POOL a pool name or id.
 * Prints every object (all pages) as an aligned table, where a pool's
 * monitor and a load balancer's pools are shown by name, or with --json
 * one JSON array of the API objects as they are. DNS records are written
 * page by page as they arrive (memory stays flat whatever the zone's
 * size; the table's columns are sized on the first page). Results go to
 * out, messages to errf. Returns an enum cli_exit.
 */
int cli_ls(struct session *s, int argc, char **argv, FILE *out, FILE *errf);

/* Checks ls arguments without running anything: CLI_EXIT_OK or CLI_EXIT_USAGE (message on errf). */
int cli_ls_check(int argc, char **argv, FILE *errf);

#endif
