/* writers.h: runs concurrent headless `cfconsole origin` writers against a cfsim and counts, from cfsim's request log, the PATCHes that undid another writer's change. */
#ifndef WRITERS_H
#define WRITERS_H

#include "cfsim_harness.h"

#define WRITERS_MAX 16

/*
 * nwriters processes start together; writer k runs `cfconsole origin
 * disable|enable POOL ORIGINS[k] --yes` `rounds` times (disable first,
 * then enable, ...), each time a new process with CLOUDFLARE_API_TOKEN =
 * tokens[k] (so cfsim's log names the writer: token#k+1 when cfsim was
 * started with the tokens in that order), all sharing one HOME / XDG
 * directory tree under `home` (and so one pool lock directory).
 */
struct writers_opts {
	const char *cfconsole; /* path of the binary */
	const struct cfsim *sim;
	int nwriters; /* 1..WRITERS_MAX */
	int rounds;
	const char *pool;	    /* pool name */
	const char *pool_id;	    /* its id (to find its PATCHes) */
	const char *const *tokens;  /* nwriters API tokens */
	const char *const *origins; /* nwriters origin names, distinct */
	const char *home;	    /* existing directory for HOME and XDG_* */
};

struct writers_result {
	int runs;	 /* cfconsole processes run */
	int exits[8];	 /* by exit status 0..6; [7] killed or other */
	int verified;	 /* runs that printed "done (verified)" */
	int patches;	 /* PATCHes of the pool cfsim answered with 200 */
	int reverts;	 /* origin values a PATCH set back against another
			      * writer's latest change (counted per origin) */
	int wrong_final; /* origins whose final state is not what their
			      * writer last set with exit status 0 */
	char first_revert[512]; /* the first revert, described ("" none) */
};

/*
 * Clears cfsim's request log, runs the writers, waits for all of them,
 * then reads the log and the pool. Returns 0, or -1 after printing why
 * (a writer could not be started, the log could not be read).
 */
int writers_run(const struct writers_opts *o, struct writers_result *r);

#endif
