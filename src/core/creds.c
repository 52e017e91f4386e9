/* creds.c: resolves Cloudflare credentials from the environment, token files and token commands. */
#include "cfconsole/creds.h"
#include "core/conf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfconsole/monoclock.h"

extern char **environ;

/* Longest secret we accept from a file or command (tokens are 40 chars). */
#define SECRET_MAX 4096

/* Zero memory in a way the compiler may not drop. */
static void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
}

static void
wipe_free(char *s)
{
	if (s) {
		wipe(s, strlen(s));
		free(s);
	}
}

/*
 * Trims surrounding whitespace in place and checks the secret is one line of
 * printable ASCII (it goes into an HTTP header). Returns false when empty or
 * invalid.
 */
static bool
secret_clean(char *s, const char **why)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
		     s[n - 1] == '\t'))
		s[--n] = '\0';
	size_t start = 0;
	while (s[start] == ' ' || s[start] == '\t' || s[start] == '\n' ||
	       s[start] == '\r')
		start++;
	if (start)
		memmove(s, s + start, n - start + 1);
	if (!*s) {
		*why = "is empty";
		return false;
	}
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x21 || c > 0x7e) {
			*why = "must hold one line without spaces or control "
			       "characters";
			return false;
		}
	}
	return true;
}

char *
creds_read_secret_file(const char *path, const char *what,
		       struct config_error *err)
{
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		conf_msg(err, "cannot read %s %s: %s", what, path,
			 strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		conf_msg(err, "cannot read %s %s: %s", what, path,
			 strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		conf_msg(err, "%s %s is not a regular file", what, path);
		goto out;
	}
	/* Checked on the open descriptor, so a swap after the check cannot help. */
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		conf_msg(err,
			 "refusing %s %s: it is accessible by group or "
			 "others (mode %03o); run: chmod 600 %s",
			 what, path, (unsigned)(st.st_mode & 0777), path);
		goto out;
	}
	if (st.st_size > SECRET_MAX) {
		conf_msg(err, "%s %s is too large to hold a credential", what,
			 path);
		goto out;
	}
	buf = calloc(1, SECRET_MAX + 1);
	if (!buf) {
		conf_msg(err, "out of memory");
		goto out;
	}
	size_t len = 0;
	for (;;) {
		ssize_t r = read(fd, buf + len, SECRET_MAX - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			conf_msg(err, "cannot read %s %s: %s", what, path,
				 strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == SECRET_MAX) {
			conf_msg(err, "%s %s is too large to hold a credential",
				 what, path);
			goto fail;
		}
	}
	buf[len] = '\0';
	const char *why = NULL;
	if (strlen(buf) != len || !secret_clean(buf, &why)) {
		conf_msg(err, "%s %s %s", what, path,
			 why ? why : "contains NUL bytes");
		goto fail;
	}
	goto out;
fail:
	wipe(buf, SECRET_MAX);
	free(buf);
	buf = NULL;
out:
	close(fd);
	return buf;
}

char *
creds_run_command(const char *command, int timeout_s, struct config_error *err)
{
	int pfd[2];
	pid_t pid = -1;
	char *buf = NULL;
	size_t len = 0;
	posix_spawn_file_actions_t fa;

	if (!command || !*command) {
		conf_msg(err, "token_command is empty");
		return NULL;
	}
	if (pipe(pfd) != 0) {
		conf_msg(err, "cannot run token_command: %s", strerror(errno));
		return NULL;
	}
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	buf = calloc(1, SECRET_MAX + 1);
	if (!buf || posix_spawn_file_actions_init(&fa) != 0) {
		conf_msg(err, "out of memory");
		close(pfd[0]);
		close(pfd[1]);
		free(buf);
		return NULL;
	}
	/* stdout -> our pipe; stderr -> /dev/null so nothing it prints can
	 * reach a screen or log (it may echo the secret). */
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	char *const argv[] = { (char *)(uintptr_t) "sh",
			       (char *)(uintptr_t) "-c",
			       (char *)(uintptr_t)command, NULL };
	int rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc != 0) {
		conf_msg(err, "cannot run token_command: %s", strerror(rc));
		goto fail;
	}

	double deadline = monoclock_s() + (timeout_s > 0 ? timeout_s : 30);
	bool too_big = false, timed_out = false, io_error = false;
	for (;;) {
		double left = deadline - monoclock_s();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		int pr = poll(&p, 1, (int)(left * 1000) + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0) {
			io_error = true;
			break;
		}
		if (pr == 0)
			continue;
		char tmp[512];
		ssize_t r = read(pfd[0], tmp, sizeof(tmp));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (len + (size_t)r > SECRET_MAX) {
			too_big = true;
			wipe(tmp, sizeof(tmp));
			break;
		}
		memcpy(buf + len, tmp, (size_t)r);
		wipe(tmp, sizeof(tmp));
		len += (size_t)r;
	}
	close(pfd[0]);
	pfd[0] = -1;
	if (timed_out || too_big || io_error)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		conf_msg(err,
			 "token_command did not finish within %d s and "
			 "was killed",
			 timeout_s > 0 ? timeout_s : 30);
		goto fail;
	}
	if (io_error) {
		conf_msg(err, "cannot read the output of token_command");
		goto fail;
	}
	if (too_big) {
		conf_msg(err,
			 "token_command printed more than %d bytes; "
			 "expected one token",
			 SECRET_MAX);
		goto fail;
	}
	if (WIFSIGNALED(status)) {
		conf_msg(err, "token_command was killed by signal %d",
			 WTERMSIG(status));
		goto fail;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		conf_msg(err, "token_command failed (exit status %d)%s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 WIFEXITED(status) && WEXITSTATUS(status) == 127
				 ? ": command not found"
				 : "");
		goto fail;
	}
	buf[len] = '\0';
	const char *why = NULL;
	if (strlen(buf) != len || !secret_clean(buf, &why)) {
		conf_msg(err, "token_command output %s",
			 why ? why : "contains NUL bytes");
		goto fail;
	}
	return buf;
fail:
	if (pfd[0] >= 0)
		close(pfd[0]);
	wipe(buf, SECRET_MAX + 1);
	free(buf);
	return NULL;
}

void
creds_free(struct creds *c)
{
	if (!c)
		return;
	cf_credentials_wipe(&c->cred);
	free(c->account_id);
	memset(c, 0, sizeof(*c));
}

/* Takes ownership of token. */
static void
use_token(struct creds *out, char *token)
{
	out->cred.kind = CF_AUTH_TOKEN;
	out->cred.token = token;
}

static bool
env_token(const char *name, config_getenv_fn env, void *ud, struct creds *out,
	  struct config_error *err, bool *done)
{
	const char *v = conf_env(env, ud, name);
	if (!v)
		return true;
	*done = true;
	char *t = conf_dup(v);
	const char *why = NULL;
	if (!t)
		return conf_msg(err, "out of memory");
	if (!secret_clean(t, &why)) {
		wipe_free(t);
		return conf_msg(err, "%s %s", name, why);
	}
	use_token(out, t);
	snprintf(out->source, sizeof(out->source), "token from %s", name);
	snprintf(out->hint, sizeof(out->hint), "%s", name);
	return true;
}

bool
creds_resolve(const struct config_profile *profile, config_getenv_fn env,
	      void *ud, struct creds *out, struct config_error *err)
{
	bool done = false;
	const char *why = NULL;

	memset(out, 0, sizeof(*out));
	if (err) {
		err->line = 0;
		err->msg[0] = '\0';
	}

	/* Account id: environment first, then the profile. */
	const char *acct = conf_env(env, ud, "CLOUDFLARE_ACCOUNT_ID");
	if (acct) {
		snprintf(out->account_source, sizeof(out->account_source),
			 "account id from CLOUDFLARE_ACCOUNT_ID");
	} else if (profile && profile->account_id) {
		acct = profile->account_id;
		snprintf(out->account_source, sizeof(out->account_source),
			 "account id from profile %s", profile->name);
	}
	if (acct) {
		out->account_id = conf_dup(acct);
		if (!out->account_id)
			goto nomem;
	}

	/* 1, 2: API tokens from the environment. */
	if (!env_token("CLOUDFLARE_API_TOKEN", env, ud, out, err, &done))
		goto fail;
	if (!done && !env_token("CF_API_TOKEN", env, ud, out, err, &done))
		goto fail;
	if (done)
		return true;

	/* 3: legacy global key + email from the environment. */
	const char *key = conf_env(env, ud, "CLOUDFLARE_API_KEY");
	if (key) {
		const char *email = conf_env(env, ud, "CLOUDFLARE_EMAIL");
		const char *email_src = "CLOUDFLARE_EMAIL";
		if (!email && profile && profile->email) {
			email = profile->email;
			email_src = "the profile's email";
		}
		if (!email) {
			conf_msg(err,
				 "CLOUDFLARE_API_KEY is set but "
				 "CLOUDFLARE_EMAIL is not: the global API key "
				 "needs the account's email address");
			goto fail;
		}
		out->cred.kind = CF_AUTH_KEY;
		out->cred.key = conf_dup(key);
		out->cred.email = conf_dup(email);
		if (!out->cred.key || !out->cred.email)
			goto nomem;
		if (!secret_clean(out->cred.key, &why)) {
			conf_msg(err, "CLOUDFLARE_API_KEY %s", why);
			goto fail;
		}
		snprintf(out->source, sizeof(out->source),
			 "global API key from CLOUDFLARE_API_KEY and %s",
			 email_src);
		snprintf(out->hint, sizeof(out->hint),
			 "CLOUDFLARE_API_KEY and %s", email_src);
		return true;
	}

	if (!profile)
		goto none;

	/* 4: token file. */
	if (profile->token_file) {
		char *path = config_expand_path(profile->token_file, env, ud);
		if (!path) {
			conf_msg(err,
				 "cannot expand token_file %s: HOME is "
				 "not set",
				 profile->token_file);
			goto fail;
		}
		char *t = creds_read_secret_file(path, "token file", err);
		if (!t) {
			free(path);
			goto fail;
		}
		use_token(out, t);
		snprintf(out->source, sizeof(out->source), "token from file %s",
			 path);
		snprintf(out->hint, sizeof(out->hint), "the token file %s",
			 path);
		free(path);
		return true;
	}

	/* 5: token command. */
	if (profile->token_command) {
		char *t = creds_run_command(profile->token_command,
					    CREDS_COMMAND_TIMEOUT, err);
		if (!t)
			goto fail;
		use_token(out, t);
		snprintf(out->source, sizeof(out->source),
			 "token from token_command of profile %s",
			 profile->name);
		snprintf(out->hint, sizeof(out->hint),
			 "the token_command of profile %s", profile->name);
		return true;
	}

	/* 6: global key from a file, with the profile's email. */
	if (profile->key_file) {
		const char *email = conf_env(env, ud, "CLOUDFLARE_EMAIL");
		if (!email)
			email = profile->email;
		if (!email) {
			conf_msg(err,
				 "profile %s has key_file but no email "
				 "(set email or CLOUDFLARE_EMAIL)",
				 profile->name);
			goto fail;
		}
		char *path = config_expand_path(profile->key_file, env, ud);
		if (!path) {
			conf_msg(err,
				 "cannot expand key_file %s: HOME is not "
				 "set",
				 profile->key_file);
			goto fail;
		}
		char *k = creds_read_secret_file(path, "key file", err);
		if (!k) {
			free(path);
			goto fail;
		}
		out->cred.kind = CF_AUTH_KEY;
		out->cred.key = k;
		out->cred.email = conf_dup(email);
		snprintf(out->source, sizeof(out->source),
			 "global API key from file %s", path);
		snprintf(out->hint, sizeof(out->hint),
			 "the key file %s and the email", path);
		free(path);
		if (!out->cred.email)
			goto nomem;
		return true;
	}

none:
	conf_msg(err, "no credentials: set CLOUDFLARE_API_TOKEN (or "
		      "CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL), or give the "
		      "profile a token_file or token_command");
	goto fail;
nomem:
	conf_msg(err, "out of memory");
fail:
	creds_free(out);
	return false;
}
