/* cli_oncall.h: headless on-call commands: `cfconsole origin ...` (safe toggle) and `cfconsole health` (exit status by health). */
#ifndef CFCONSOLE_CLI_ONCALL_H
#define CFCONSOLE_CLI_ONCALL_H

#include <stdbool.h>
#include <stdio.h>

#include "cfconsole/cli_exit.h"
#include "cfconsole/session.h"

struct journal;

/* True when argv0 is "origin" or "health". Pure. */
bool cli_oncall_is_command(const char *argv0);

/*
 * The whole headless path for src/main.c. After app_options_parse()
 * returned index i with i < argc and cli_oncall_is_command(argv[i]):
 *     return cli_oncall_run(&opts, argc - i, argv + i);
 * Checks usage first (no network), honours opts->readonly before opening
 * anything, opens the session from the process environment, opens the
 * journal for `origin`, runs, prints results to stdout and messages to
 * stderr, and returns an enum cli_exit (cli_exit.h). cf_global_init() must
 * have been called.
 */
int cli_oncall_run(const struct app_options *opts, int argc, char **argv);

/*
 * cfconsole origin disable|enable POOL ORIGIN [--yes] [--dry-run] [--json]
 * cfconsole origin weight POOL ORIGIN WEIGHT [--yes] [--dry-run] [--json]
 * argv[0] is "origin". POOL is a pool name or id, ORIGIN an origin name or
 * address. Runs the safe toggle (toggle.h) on the pool as read fresh under
 * its lock (fresh_state: nothing was shown, so no conflict with the pool
 * list): blast radius (refused without --yes when the pool would drop
 * below minimum_origins or to no healthy origin), PATCH, verify, journal
 * entry in j (required unless --dry-run: no change without an audit
 * trail). --dry-run stops before the write and prints the blast radius and
 * the PATCH it would send. --json prints one JSON object on out (outcome,
 * exit, applied, blast_radius, before/after of the origin, request,
 * attempts, message) instead of text on out/errf, failures included.
 * Refuses when s->readonly. Returns an enum cli_exit (cli_exit.h).
 */
int cli_origin(struct session *s, struct journal *j, int argc, char **argv,
	       FILE *out, FILE *errf);

/* Checks `origin` arguments only: CLI_EXIT_OK or CLI_EXIT_USAGE (message on errf). */
int cli_origin_check(int argc, char **argv, FILE *errf);

/*
 * cfconsole health [--json] [--pool NAME|ID]...
 * argv[0] is "health". Reads the pool list and each selected pool's health
 * (per region) and prints pools, origins and regions, or one JSON object
 * with --json. Returns an enum cli_exit (OK, DEGRADED or DOWN by health).
 */
int cli_health(struct session *s, int argc, char **argv, FILE *out, FILE *errf);

/* Checks `health` arguments only: CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_health_check(int argc, char **argv, FILE *errf);

/* Usage texts (static). */
const char *cli_origin_usage(void);
const char *cli_health_usage(void);

#endif
