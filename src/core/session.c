/* session.c: start-up shared by the console and headless commands: options, config, credentials, client, account. */
#include "cfconsole/session.h"
#include "core/conf.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/theme_def.h"

/* ---- options ---------------------------------------------------------- */

static const char usage_text[] =
	"  -c, --config FILE     configuration file (default "
	"$XDG_CONFIG_HOME/cfconsole/cfconsole.conf)\n"
	"  -p, --profile NAME    profile from the configuration file\n"
	"      --api-base URL    API base URL (https://, or http:// to "
	"loopback only)\n"
	"      --account ID      account id (overrides CLOUDFLARE_ACCOUNT_ID)\n"
	"      --theme NAME      colour theme (or a path to a .theme file)\n"
	"      --readonly        hide every action that changes anything\n"
	"      --no-color        no colours (also when NO_COLOR is set)\n"
	"      --log FILE        append one timed line per API request to FILE\n"
	"  -v, --verbose         more detail in messages\n"
	"  -h, --help            this help\n"
	"  -V, --version         the version\n";

const char *
app_options_usage(void)
{
	return usage_text;
}

enum {
	OPT_API_BASE = 256,
	OPT_ACCOUNT,
	OPT_THEME,
	OPT_READONLY,
	OPT_NO_COLOR,
	OPT_LOG,
};

int
app_options_parse(int argc, char **argv, struct app_options *opts,
		  struct config_error *err)
{
	static const struct option longopts[] = {
		{ .name = "config", .has_arg = required_argument, .val = 'c' },
		{ .name = "profile", .has_arg = required_argument, .val = 'p' },
		{ .name = "api-base",
		  .has_arg = required_argument,
		  .val = OPT_API_BASE },
		{ .name = "account",
		  .has_arg = required_argument,
		  .val = OPT_ACCOUNT },
		{ .name = "theme",
		  .has_arg = required_argument,
		  .val = OPT_THEME },
		{ .name = "readonly",
		  .has_arg = no_argument,
		  .val = OPT_READONLY },
		{ .name = "no-color",
		  .has_arg = no_argument,
		  .val = OPT_NO_COLOR },
		{ .name = "log", .has_arg = required_argument, .val = OPT_LOG },
		{ .name = "verbose", .has_arg = no_argument, .val = 'v' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ .name = "version", .has_arg = no_argument, .val = 'V' },
		{ 0 },
	};
	memset(opts, 0, sizeof(*opts));
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	/* '+': stop at the subcommand, its options are its own. */
	optind = 0;
	opterr = 0;
	for (;;) {
		int prev = optind ? optind : 1;
		int c = getopt_long(argc, argv, "+:c:p:vhV", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'c':
			opts->config_path = optarg;
			break;
		case 'p':
			opts->profile = optarg;
			break;
		case OPT_API_BASE:
			opts->api_base = optarg;
			break;
		case OPT_ACCOUNT:
			opts->account_id = optarg;
			break;
		case OPT_THEME:
			opts->theme = optarg;
			break;
		case OPT_READONLY:
			opts->readonly = true;
			break;
		case OPT_NO_COLOR:
			opts->no_color = true;
			break;
		case OPT_LOG:
			opts->log_file = optarg;
			break;
		case 'v':
			opts->verbose++;
			break;
		case 'h':
			opts->help = true;
			break;
		case 'V':
			opts->version = true;
			break;
		case ':':
			conf_msg(err, "option %s needs a value",
				 prev < argc ? argv[prev] : "?");
			return -1;
		default:
			if (optopt && optopt < 256)
				conf_msg(err, "unknown option -%c", optopt);
			else
				conf_msg(err, "unknown option %s",
					 prev < argc ? argv[prev] : "?");
			return -1;
		}
	}
	if (opts->config_path && !*opts->config_path)
		return conf_msg(err, "-c needs a file name"), -1;
	if (opts->profile && !*opts->profile)
		return conf_msg(err, "-p needs a profile name"), -1;
	if (opts->account_id && !*opts->account_id)
		return conf_msg(err, "--account needs an id"), -1;
	return optind;
}

/* ---- helpers ---------------------------------------------------------- */

/* The URL without any user:password@ part, for messages. */
static void
url_for_message(const char *url, char *buf, size_t size)
{
	const char *scheme_end = strstr(url, "://");
	const char *host = scheme_end ? scheme_end + 3 : url;
	const char *slash = strchr(host, '/');
	const char *at = strchr(host, '@');
	if (at && (!slash || at < slash))
		snprintf(buf, size, "%.*s%s", (int)(host - url), url, at + 1);
	else
		snprintf(buf, size, "%s", url);
}

static int
copy_creds(struct cf_credentials *dst, const struct cf_credentials *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->kind = src->kind;
	if ((src->token && !(dst->token = conf_dup(src->token))) ||
	    (src->email && !(dst->email = conf_dup(src->email))) ||
	    (src->key && !(dst->key = conf_dup(src->key)))) {
		cf_credentials_wipe(dst);
		return -1;
	}
	return 0;
}

/* ---- request log ------------------------------------------------------ */

static void
log_line(const char *line, void *ud)
{
	FILE *f = ud;
	struct timespec ts;
	struct tm tm;
	char when[32];

	/* A UTC time to the millisecond: retries and stalls show as gaps. */
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	/* One fprintf per line: stdio locks the stream, so threads don't mix. */
	fprintf(f, "%s.%03ldZ %s\n", when, ts.tv_nsec / 1000000L, line);
	fflush(f);
}

/* ---- clients ---------------------------------------------------------- */

static struct cf_client *
make_client(const struct session *s, const char *base,
	    const atomic_bool *cancel, int max_retries, struct cf_error *err)
{
	struct cf_client_options o = {
		.base_url = base,
		.creds = &s->creds_,
		.cancel = cancel,
		.max_retries = max_retries,
	};
	struct cf_client *c = cf_client_new(&o, err);
	if (c && s->transport_)
		cf_client_set_transport(c, s->transport_, s->transport_ctx_);
	return c;
}

struct cf_client *
session_new_client(const struct session *s, const atomic_bool *cancel,
		   struct cf_error *err)
{
	return session_new_client_opts(s, cancel, 0, err);
}

struct cf_client *
session_new_client_opts(const struct session *s, const atomic_bool *cancel,
			int max_retries, struct cf_error *err)
{
	if (!s || !s->api_base) {
		cf_error_set(err, CF_ERR_INVALID_ARG, "no session");
		return NULL;
	}
	if (max_retries < -1) {
		cf_error_set(err, CF_ERR_INVALID_ARG,
			     "max_retries must be -1 (none) or more");
		return NULL;
	}
	return make_client(s, s->api_base, cancel, max_retries, err);
}

/* ---- verification ----------------------------------------------------- */

/* Maps a client failure to a session status with a message for people. */
static enum session_status
api_failure(struct session *s, const char *what, const char *hint,
	    const struct cf_error *e, struct config_error *err)
{
	char detail[512];
	cf_error_format(e, detail, sizeof(detail));
	switch (e->status) {
	case CF_ERR_AUTH:
		conf_msg(err, "%s: %s - check %s", what, detail, hint);
		return SESSION_ERR_AUTH;
	case CF_ERR_FORBIDDEN:
		conf_msg(err,
			 "%s: %s - the credentials lack a permission "
			 "(check %s)",
			 what, detail, hint);
		return SESSION_ERR_AUTH;
	case CF_ERR_NETWORK:
	case CF_ERR_TIMEOUT:
	case CF_ERR_CANCELLED:
		conf_msg(err, "cannot reach the API at %s: %s", s->host,
			 detail);
		return SESSION_ERR_NETWORK;
	case CF_ERR_SERVER:
	case CF_ERR_RATE_LIMITED:
		conf_msg(err, "the API at %s is not answering normally: %s",
			 s->host, detail);
		return SESSION_ERR_NETWORK;
	case CF_ERR_MALFORMED:
		/* Not the credentials' fault: something other than
		 * Cloudflare's API answered (a wrong base URL, a portal,
		 * a proxy), or the answer was cut short. */
		conf_msg(err,
			 "the API at %s answered with something that is "
			 "not Cloudflare's JSON (%s) - check the API base URL "
			 "%s and any proxy in between",
			 s->host, detail, s->api_base);
		return SESSION_ERR_API;
	case CF_ERR_NOT_FOUND:
		if (e->nerrors == 0) {
			conf_msg(err,
				 "the API at %s has no such endpoint "
				 "(%s) - check the API base URL %s",
				 s->host, detail, s->api_base);
			return SESSION_ERR_API;
		}
		conf_msg(err, "%s: %s", what, detail);
		return SESSION_ERR_API;
	default:
		conf_msg(err, "%s: %s", what, detail);
		return SESSION_ERR_API;
	}
}

static bool
has_code(const struct cf_error *e, int code)
{
	for (size_t i = 0; i < e->nerrors; i++)
		if (e->errors[i].code == code)
			return true;
	return false;
}

static enum session_status
verify_token(struct session *s, const char *hint, struct config_error *err)
{
	struct cf_token_status ts = { 0 };
	struct cf_error e = { 0 };
	enum session_status st = SESSION_OK;

	if (cf_token_verify(s->client, &ts, &e) == CF_OK) {
		if (ts.status && strcmp(ts.status, "active") != 0) {
			conf_msg(err, "the token is %s, not active - check %s",
				 ts.status, hint);
			st = SESSION_ERR_AUTH;
		}
		cf_token_status_free(&ts);
		return st;
	}
	/*
	 * Account-owned tokens fail /user/tokens/verify with 401 1000
	 * (ERRORS.md §3) yet work on account endpoints: with a known account,
	 * let an account-scoped read decide.
	 */
	if (e.status == CF_ERR_AUTH && e.http_status == 401 &&
	    has_code(&e, 1000) && s->account_id) {
		struct cf_monitor_list ml = { 0 };
		struct cf_error e2 = { 0 };
		if (cf_monitors_list(s->client, s->account_id, &ml, &e2) ==
		    CF_OK) {
			cf_monitor_list_free(&ml);
			cf_error_clear(&e);
			return SESSION_OK;
		}
		cf_error_clear(&e2);
	}
	st = api_failure(s, "the token was rejected", hint, &e, err);
	cf_error_clear(&e);
	return st;
}

static void
list_accounts(const struct cf_account_list *l, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->n && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s (%s)",
				 i ? ", " : "",
				 l->items[i].id ? l->items[i].id : "?",
				 l->items[i].name ? l->items[i].name : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static const struct cf_account *
find_account(const struct cf_account_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id && strcmp(l->items[i].id, id) == 0)
			return &l->items[i];
	return NULL;
}

static bool
set_account(struct session *s, const struct cf_account *a, const char *id,
	    const char *source)
{
	char *nid = conf_dup(a ? a->id : id);
	char *nname = a && a->name ? conf_dup(a->name) : NULL;
	char *nsrc = conf_dup(source);
	if (!nid || !nsrc || (a && a->name && !nname)) {
		free(nid);
		free(nname);
		free(nsrc);
		return false;
	}
	free(s->account_id);
	free(s->account_name);
	free(s->account_source);
	s->account_id = nid;
	s->account_name = nname;
	s->account_source = nsrc;
	return true;
}

/* ---- open / close ----------------------------------------------------- */

enum session_status
session_open(const struct app_options *opts, config_getenv_fn env, void *ud,
	     struct session **out, struct config_error *err)
{
	struct creds cr;
	struct cf_error e = { 0 };
	struct cf_account_list al = { 0 };
	bool have_list = false;
	enum session_status st;
	char urlmsg[300];

	memset(&cr, 0, sizeof(cr));
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}
	struct session *s = calloc(1, sizeof(*s));
	*out = s;
	if (!s) {
		conf_msg(err, "out of memory");
		return SESSION_ERR_CONFIG;
	}
	s->transport_ = opts->transport;
	s->transport_ctx_ = opts->transport_ctx;

	if (!config_load(opts->config_path, env, ud, &s->config, err))
		return SESSION_ERR_CONFIG;
	s->profile = config_profile_select(&s->config, opts->profile, err);
	if (!s->profile)
		return SESSION_ERR_CONFIG;

	const char *base = opts->api_base	  ? opts->api_base
			   : s->profile->api_base ? s->profile->api_base
						  : CF_DEFAULT_BASE_URL;
	url_for_message(base, urlmsg, sizeof(urlmsg));
	if (!cf_url_is_allowed(base)) {
		conf_msg(err,
			 "refusing API base URL %s: use https://, or "
			 "http:// only to a loopback address (127.0.0.1, ::1, "
			 "localhost)",
			 urlmsg);
		return SESSION_ERR_CONFIG;
	}
	s->readonly = opts->readonly || s->profile->readonly;
	s->no_color = theme_no_color(opts->no_color, env, ud);
	s->theme = conf_dup(opts->theme ? opts->theme : s->config.ui.theme);
	if (!s->theme) {
		conf_msg(err, "out of memory");
		return SESSION_ERR_CONFIG;
	}

	if (!creds_resolve(s->profile, env, ud, &cr, err))
		return SESSION_ERR_CREDS;
	if (copy_creds(&s->creds_, &cr.cred) != 0) {
		creds_free(&cr);
		conf_msg(err, "out of memory");
		return SESSION_ERR_CREDS;
	}
	s->creds_source = conf_dup(cr.source);
	if (opts->account_id) {
		s->account_id = conf_dup(opts->account_id);
		s->account_source = conf_dup("account id from --account");
	} else if (cr.account_id) {
		s->account_id = conf_dup(cr.account_id);
		s->account_source = conf_dup(cr.account_source);
	}

	cf_ratelimit_configure(s->config.ratelimit_requests,
			       s->config.ratelimit_window);

	if (opts->log_file) {
		FILE *f = fopen(opts->log_file, "a");
		if (!f) {
			conf_msg(err, "cannot open log file %s",
				 opts->log_file);
			st = SESSION_ERR_CONFIG;
			goto out;
		}
		s->log_ = f;
		cf_set_log(log_line, f);
	}

	s->client = make_client(s, base, NULL, 0, &e);
	if (!s->client) {
		char d[256];
		conf_msg(err, "cannot create the API client for %s: %s", urlmsg,
			 cf_error_format(&e, d, sizeof(d)));
		cf_error_clear(&e);
		st = SESSION_ERR_CONFIG;
		goto out;
	}
	s->api_base = conf_dup(cf_client_base_url(s->client));
	s->host = conf_dup(cf_client_host(s->client));
	if (!s->api_base || !s->host || !s->creds_source) {
		conf_msg(err, "out of memory");
		st = SESSION_ERR_CONFIG;
		goto out;
	}

	/* Verify the credentials; the key has no verify call, /accounts does it. */
	if (cr.cred.kind == CF_AUTH_TOKEN) {
		st = verify_token(s, cr.hint, err);
		if (st != SESSION_OK)
			goto out;
	} else {
		if (cf_accounts_list(s->client, &al, &e) != CF_OK) {
			st = api_failure(s, "the API key was rejected", cr.hint,
					 &e, err);
			cf_error_clear(&e);
			goto out;
		}
		have_list = true;
	}

	if (s->account_id) {
		/* Known id: look up its name for the header; not fatal. */
		if (!have_list) {
			have_list =
				cf_accounts_list(s->client, &al, &e) == CF_OK;
			cf_error_clear(&e);
		}
		const struct cf_account *a =
			have_list ? find_account(&al, s->account_id) : NULL;
		if (a && a->name)
			s->account_name = conf_dup(a->name);
		cf_account_list_free(&al);
		st = SESSION_OK;
		goto out;
	}

	if (!have_list && cf_accounts_list(s->client, &al, &e) != CF_OK) {
		st = api_failure(s, "cannot list accounts", cr.hint, &e, err);
		if (st == SESSION_ERR_AUTH || st == SESSION_ERR_API)
			snprintf(err->msg + strlen(err->msg),
				 sizeof(err->msg) - strlen(err->msg),
				 "; give the account id with --account or "
				 "CLOUDFLARE_ACCOUNT_ID");
		cf_error_clear(&e);
		goto out;
	}
	if (al.n == 0) {
		cf_account_list_free(&al);
		conf_msg(err, "the credentials (%s) see no account", cr.source);
		st = SESSION_ERR_NO_ACCOUNT;
		goto out;
	}
	if (al.n == 1) {
		bool ok = set_account(s, &al.items[0], NULL,
				      "the only account of these credentials");
		cf_account_list_free(&al);
		st = ok ? SESSION_OK : SESSION_ERR_CONFIG;
		if (!ok)
			conf_msg(err, "out of memory");
		goto out;
	}
	s->accounts = al;
	char names[400];
	list_accounts(&al, names, sizeof(names));
	conf_msg(err,
		 "these credentials see %zu accounts; choose one with "
		 "--account ID or CLOUDFLARE_ACCOUNT_ID: %s",
		 al.n, names);
	st = SESSION_NEED_ACCOUNT;
out:
	creds_free(&cr);
	return st;
}

bool
session_set_account(struct session *s, const char *id, struct config_error *err)
{
	if (!s || !id || !*id)
		return conf_msg(err, "no account id given");
	const struct cf_account *a = NULL;
	if (s->accounts.n) {
		a = find_account(&s->accounts, id);
		if (!a)
			return conf_msg(err,
					"account %s is not one of the %zu "
					"accounts these credentials see",
					id, s->accounts.n);
	}
	if (!set_account(s, a, id, a ? "chosen" : "account id given"))
		return conf_msg(err, "out of memory");
	return true;
}

void
session_free(struct session *s)
{
	if (!s)
		return;
	cf_client_free(s->client);
	if (s->log_) {
		cf_set_log(NULL, NULL);
		fclose(s->log_);
	}
	cf_credentials_wipe(&s->creds_);
	cf_account_list_free(&s->accounts);
	config_free(&s->config);
	free(s->api_base);
	free(s->host);
	free(s->account_id);
	free(s->account_name);
	free(s->account_source);
	free(s->creds_source);
	free(s->theme);
	free(s);
}

int
session_exit_code(enum session_status st)
{
	switch (st) {
	case SESSION_OK:
		return 0;
	case SESSION_ERR_CONFIG:
		return 2;
	default:
		return 1;
	}
}
