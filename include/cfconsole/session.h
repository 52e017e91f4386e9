/* session.h: start-up shared by the console and the headless commands: config, credentials, client, account. */
#ifndef CFCONSOLE_SESSION_H
#define CFCONSOLE_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_client.h"
#include "cfconsole/config.h"
#include "cfconsole/creds.h"

/* Command-line options common to the console and the subcommands. */
struct app_options {
	const char *config_path; /* -c FILE; NULL = default path */
	const char *profile;	 /* -p NAME */
	const char *api_base;	 /* --api-base URL (overrides the profile) */
	const char *account_id;	 /* --account ID (overrides env and profile) */
	const char *theme;	 /* --theme NAME (overrides ui.theme) */
	bool readonly;		 /* --readonly (or'ed with the profile's) */
	bool no_color;		 /* --no-color */
	int verbose;		 /* -v count */
	const char *log_file;	 /* --log FILE: one line per API request */
	bool help;		 /* -h / --help seen */
	bool version;		 /* -V / --version seen */
	/* Test seam: when set, every client the session makes uses it. */
	const struct cf_transport_ops *transport;
	void *transport_ctx;
};

/* Usage text for the common options (for --help), static. */
const char *app_options_usage(void);

/*
 * Parses the common options from argv[1..] up to the first non-option (the
 * subcommand), getopt_long style ("--opt=value" and "--opt value"). Option
 * strings point into argv. Returns the index of the first non-option
 * argument (argc when none), or -1 with err->msg filled (a usage error: exit
 * status 2). Resets getopt's state itself; not thread-safe (getopt).
 */
int app_options_parse(int argc, char **argv, struct app_options *opts,
		      struct config_error *err);

enum session_status {
	SESSION_OK = 0,
	SESSION_ERR_CONFIG,	/* bad config file, unknown profile, bad URL */
	SESSION_ERR_CREDS,	/* no or unusable credentials */
	SESSION_ERR_AUTH,	/* the API rejected the credentials */
	SESSION_ERR_NETWORK,	/* API unreachable / timed out / server error */
	SESSION_ERR_API,	/* any other API failure */
	SESSION_NEED_ACCOUNT,	/* several accounts: pick one (s->accounts) */
	SESSION_ERR_NO_ACCOUNT, /* the credentials see no account */
};

/*
 * A started session. Fields are read-only for callers (set by session_open
 * and session_set_account). Owned by the thread that opened it; other
 * threads only read the fields and call session_new_client().
 */
struct session {
	struct config config; /* the loaded file (or defaults) */
	const struct config_profile
		*profile;   /* selected; never NULL after open */
	char *api_base;	    /* effective base URL (normalised by the client) */
	char *host;	    /* host of api_base, for the header line */
	char *account_id;   /* NULL only while SESSION_NEED_ACCOUNT */
	char *account_name; /* may be NULL when not known */
	char *account_source; /* "account id from CLOUDFLARE_ACCOUNT_ID", "only account", ... */
	char *creds_source; /* "token from CLOUDFLARE_API_TOKEN"; never a secret */
	char *theme;	    /* theme to load: --theme, else ui.theme */
	bool readonly;	    /* --readonly or profile readonly */
	bool no_color;	    /* --no-color or NO_COLOR */
	struct cf_client *client;	 /* for the opening thread */
	struct cf_account_list accounts; /* filled when SESSION_NEED_ACCOUNT */
	/* private */
	struct cf_credentials creds_;
	const struct cf_transport_ops *transport_;
	void *transport_ctx_;
	void *log_;
};

/*
 * Opens a session: loads the config (opts->config_path), selects the
 * profile, resolves credentials (env from `env`), refuses plain http:// to a
 * non-loopback host, applies the ratelimit settings (process-wide), creates a
 * client, verifies the credentials (token: /user/tokens/verify; key:
 * /accounts) and resolves the account: --account, CLOUDFLARE_ACCOUNT_ID or
 * the profile's account_id when given (its name looked up when the account
 * list is readable), else the only account from /accounts.
 * cf_global_init() must have been called.
 *
 * Always sets *out to a session (free it with session_free) unless out of
 * memory, and returns:
 *   SESSION_OK           ready;
 *   SESSION_NEED_ACCOUNT s->accounts lists the choices; err->msg also lists
 *                        them (for headless callers); call
 *                        session_set_account() after a picker;
 *   anything else        err->msg says what went wrong and what to do, e.g.
 *                        "the token was rejected: Invalid access token (9109)
 *                        - check CLOUDFLARE_API_TOKEN". Never a secret.
 * Blocking (network); call before the UI loop or from a worker.
 */
enum session_status session_open(const struct app_options *opts,
				 config_getenv_fn env, void *ud,
				 struct session **out,
				 struct config_error *err);

/*
 * Sets the account after SESSION_NEED_ACCOUNT (or to switch). id must be
 * one of s->accounts when that list is non-empty. Returns true, or false
 * with *err filled.
 */
bool session_set_account(struct session *s, const char *id,
			 struct config_error *err);

/*
 * A new client with the session's base URL, credentials and transport, for
 * another thread (a client belongs to one thread). cancel may be NULL.
 * Thread-safe against other session_new_client calls. Returns NULL with
 * *err filled on failure. Free with cf_client_free.
 */
struct cf_client *session_new_client(const struct session *s,
				     const atomic_bool *cancel,
				     struct cf_error *err);

/*
 * Like session_new_client, with the client's retry count: max_retries is
 * the number of retries after the first try (cf_client_options semantics:
 * 0 = the client default of 4, -1 = no retry). The health poller uses 1: a
 * failed poll is better retried next round than blocking the poller through
 * a long backoff. Returns NULL with *err filled (CF_ERR_INVALID_ARG when s
 * has no base URL or max_retries < -1). Free with cf_client_free.
 */
struct cf_client *session_new_client_opts(const struct session *s,
					  const atomic_bool *cancel,
					  int max_retries,
					  struct cf_error *err);

/* Frees the session (wiping credentials, freeing the client). NULL is a no-op. */
void session_free(struct session *s);

/* Exit status a program should use for st: 0 OK, 2 config/usage, 1 others. */
int session_exit_code(enum session_status st);

#endif
