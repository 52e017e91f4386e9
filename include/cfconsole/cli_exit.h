/* cli_exit.h: the exit statuses of every headless subcommand, one table (cfconsole(1) EXIT STATUS). */
#ifndef CFCONSOLE_CLI_EXIT_H
#define CFCONSOLE_CLI_EXIT_H

/*
 * One meaning per number, whatever the subcommand (ls, origin, health,
 * plan, apply, dns, monitor, pool, lb, and the console itself). A script
 * can test for 2 "fix the command line" or 1 "try again later" without
 * knowing which subcommand it ran. Keep man/cfconsole.1 (EXIT STATUS),
 * README.md and --help in step with this table.
 */
enum cli_exit {
	/* Success: done and verified, nothing to change, a dry run, or
	 * (health) every enabled origin of every enabled pool is healthy. */
	CLI_EXIT_OK = 0,
	/* The API, the network, the credentials or the journal failed, or
	 * the terminal could not be used; nothing was changed (an apply or
	 * an edit that failed was rolled back completely). */
	CLI_EXIT_ERROR = 1,
	/* Usage: bad arguments, bad configuration file, an account to
	 * choose, an unknown profile, theme, pool or origin, an unreadable
	 * plan file, a read-only session, or a write that needs --yes and
	 * has none (nor a terminal to ask on). Nothing was sent. */
	CLI_EXIT_USAGE = 2,
	/* Refused before sending: an invalid value or plan, the object or
	 * pool changed since it was read (conflict), another cfconsole on
	 * this machine kept the pool locked, or a delete held by objects
	 * that use it. Nothing was sent. */
	CLI_EXIT_REFUSED = 3,
	/* A person must look: a rollback could not remove everything (what
	 * is left is listed), or a resume found several candidates. */
	CLI_EXIT_LEFT = 4,
	/* origin: the change was sent but could not be verified, was undone
	 * by someone else's write, or may be partly applied. */
	CLI_EXIT_UNVERIFIED = 5,
	/* health: degraded - some enabled origin is unhealthy or unknown
	 * (pools without a monitor count as unknown), no pool down. */
	CLI_EXIT_DEGRADED = 6,
	/* health: a pool with a monitor has no healthy origin. */
	CLI_EXIT_DOWN = 7,
};

#endif
