/* creds.h: where the Cloudflare credentials and the account id come from. */
#ifndef CFCONSOLE_CREDS_H
#define CFCONSOLE_CREDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/config.h"

/*
 * Precedence, first match wins (documented in cfconsole.1 and
 * cfconsole.conf.5):
 *   1. CLOUDFLARE_API_TOKEN                  (API token)
 *   2. CF_API_TOKEN                          (API token)
 *   3. CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL (legacy global key; the
 *      profile's email is used when CLOUDFLARE_EMAIL is unset)
 *   4. the profile's token_file              (must not be group/world accessible)
 *   5. the profile's token_command           (/bin/sh -c, stdout trimmed)
 *   6. the profile's email + key_file        (legacy global key from a file)
 * Empty variables count as unset. The account id is CLOUDFLARE_ACCOUNT_ID
 * when set, else the profile's account_id, else unknown (NULL; the session
 * then asks the API).
 *
 * Secrets never appear in a message: errors name the variable, file or
 * command, never what it contained or printed.
 */

/* Timeout for token_command, seconds. The command is killed after it. */
#define CREDS_COMMAND_TIMEOUT 30

struct creds {
	struct cf_credentials cred; /* secrets; wiped by creds_free */
	char *account_id;	    /* NULL when unknown */
	char source
		[256]; /* "token from CLOUDFLARE_API_TOKEN", never the secret */
	char hint[256]; /* what to check when the API rejects it:
	                               "CLOUDFLARE_API_TOKEN", "the token file F", ... */
	char account_source
		[128]; /* "account id from CLOUDFLARE_ACCOUNT_ID", "" when unknown */
};

/*
 * Resolves credentials for `profile` (may be NULL: environment only) using
 * `env` for the environment (config_env_process for the real one). Blocks
 * while a token_command runs (at most CREDS_COMMAND_TIMEOUT seconds); call
 * before starting threads or from a worker. Fills *out (overwritten) and
 * returns true, or returns false with err->msg explaining what to do (e.g.
 * "token file /x is readable by group or others; run: chmod 600 /x", or
 * "no credentials: set CLOUDFLARE_API_TOKEN or ..."). *out is zeroed on
 * failure.
 */
bool creds_resolve(const struct config_profile *profile, config_getenv_fn env,
		   void *ud, struct creds *out, struct config_error *err);

/* Wipes and frees what c owns and zeroes it. NULL is a no-op. */
void creds_free(struct creds *c);

/*
 * Reads a secret from a file: must be a regular file with no group/other
 * permission bits; content trimmed of surrounding whitespace; must be
 * non-empty, one line, printable ASCII. `what` names it in messages ("token
 * file"). Returns a malloc'd secret (caller wipes and frees) or NULL with
 * *err filled. Exposed for tests.
 */
char *creds_read_secret_file(const char *path, const char *what,
			     struct config_error *err);

/*
 * Runs `command` with /bin/sh -c, stdin inherited, stderr discarded, and
 * returns its stdout trimmed (malloc'd; caller wipes and frees), or NULL with
 * *err filled when it cannot run, exits non-zero, is killed, times out after
 * timeout_s seconds, or prints nothing usable. Its output never appears in
 * a message. Exposed for tests.
 */
char *creds_run_command(const char *command, int timeout_s,
			struct config_error *err);

#endif
