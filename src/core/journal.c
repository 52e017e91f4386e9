/* journal.c: append-only JSON-lines journal of mutations, this session's undo stack, and reading it back. */
#include "cfconsole/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct journal {
	pthread_mutex_t lock;
	int fd;
	char *path;
	char *profile;
	char *account;
	char session[33];
	struct cf_journal_record *undo; /* this session's undo stack */
	size_t nundo;
	struct cf_journal_record *own; /* every record this session wrote */
	size_t nown;
};

static void seterr(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
seterr(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

bool
journal_default_path(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	/* XDG base-dir spec: relative paths are invalid and ignored. */
	if (state && state[0] == '/')
		n = snprintf(buf, size, "%s/cfconsole/journal", state);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.local/state/cfconsole/journal",
			     home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

/* mkdir -p of the parent directory of path; the last component is 0700. */
static bool
make_parent_dirs(const char *path, char *errbuf, size_t errsize)
{
	char *dir = strdup(path);
	char *slash, *p;
	struct stat st;
	bool ok = false;

	if (!dir) {
		seterr(errbuf, errsize, "out of memory");
		return false;
	}
	slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		ok = true;
		goto out;
	}
	*slash = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			seterr(errbuf, errsize, "cannot create %s: %s", dir,
			       strerror(errno));
			goto out;
		}
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		seterr(errbuf, errsize, "cannot create %s: %s", dir,
		       strerror(errno));
		goto out;
	}
	/* The journal's own directory holds an audit trail: keep it private
	 * even when it already existed with looser permissions. */
	if (stat(dir, &st) == 0 && (st.st_mode & 077) && st.st_uid == getuid())
		chmod(dir, 0700);
	ok = true;
out:
	free(dir);
	return ok;
}

static void
make_session_id(char out[33])
{
	unsigned char rnd[16];
	size_t i, got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		ssize_t r = read(fd, rnd, sizeof(rnd));

		got = r > 0 ? (size_t)r : 0;
		close(fd);
	}
	if (got < sizeof(rnd)) {
		/* Uniqueness, not secrecy, is what a session id needs. */
		unsigned long long seed = (unsigned long long)time(NULL) ^
					  ((unsigned long long)getpid() << 32);

		for (i = 0; i < sizeof(rnd); i++) {
			seed = seed * 6364136223846793005ULL +
			       1442695040888963407ULL;
			rnd[i] = (unsigned char)(seed >> 56);
		}
	}
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(&out[i * 2], 3, "%02x", rnd[i]);
}

struct journal *
journal_open(const char *path, const char *profile, const char *account,
	     char *errbuf, size_t errsize)
{
	char defpath[4096];
	struct journal *j;
	struct stat st;

	if (!path) {
		if (!journal_default_path(defpath, sizeof(defpath))) {
			seterr(errbuf, errsize,
			       "no journal path: neither XDG_STATE_HOME nor "
			       "HOME is set");
			return NULL;
		}
		path = defpath;
	}
	if (!make_parent_dirs(path, errbuf, errsize))
		return NULL;
	j = calloc(1, sizeof(*j));
	if (!j) {
		seterr(errbuf, errsize, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&j->lock, NULL);
	j->fd = open(path,
		     O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		     0600);
	if (j->fd < 0) {
		seterr(errbuf, errsize, "cannot open journal %s: %s", path,
		       strerror(errno));
		pthread_mutex_destroy(&j->lock);
		free(j);
		return NULL;
	}
	if (fstat(j->fd, &st) == 0 && (st.st_mode & 077))
		fchmod(j->fd, 0600);
	j->path = strdup(path);
	j->profile = profile ? strdup(profile) : NULL;
	j->account = account ? strdup(account) : NULL;
	if (!j->path || (profile && !j->profile) || (account && !j->account)) {
		seterr(errbuf, errsize, "out of memory");
		journal_free(j);
		return NULL;
	}
	make_session_id(j->session);
	return j;
}

void
journal_free(struct journal *j)
{
	size_t i;

	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	for (i = 0; i < j->nundo; i++)
		cf_journal_record_free(&j->undo[i]);
	free(j->undo);
	for (i = 0; i < j->nown; i++)
		cf_journal_record_free(&j->own[i]);
	free(j->own);
	free(j->path);
	free(j->profile);
	free(j->account);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

const char *
journal_path(const struct journal *j)
{
	return j ? j->path : NULL;
}

const char *
journal_session_id(const struct journal *j)
{
	return j ? j->session : NULL;
}

static void
now_rfc3339(char *buf, size_t size)
{
	struct tm tm;
	time_t t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool
journal_append(struct journal *j, const struct cf_journal_record *rec,
	       bool undoable, char *errbuf, size_t errsize)
{
	struct cf_journal_record r;
	char stamp[32];
	char *line = NULL;
	size_t len, off = 0;
	bool ok = false;

	if (!j || !rec) {
		seterr(errbuf, errsize, "no journal");
		return false;
	}
	now_rfc3339(stamp, sizeof(stamp));
	/* Shallow copy: only the stamped fields are borrowed from j. */
	r = *rec;
	if (!r.time)
		r.time = stamp;
	if (!r.session)
		r.session = j->session;
	if (!r.profile)
		r.profile = j->profile;
	if (!r.account)
		r.account = j->account;
	line = cf_journal_encode(&r);
	if (!line) {
		seterr(errbuf, errsize, "out of memory");
		return false;
	}
	len = strlen(line);
	line[len++] = '\n'; /* replaces the NUL: we write by length */
	pthread_mutex_lock(&j->lock);
	while (off < len) {
		ssize_t w = write(j->fd, line + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			seterr(errbuf, errsize, "cannot write journal %s: %s",
			       j->path, strerror(w < 0 ? errno : EIO));
			goto out;
		}
		off += (size_t)w;
	}
	/* Kept so that undo can tell this session's later changes to a
	 * pool from anybody else's. */
	{
		struct cf_journal_record *no =
			realloc(j->own, (j->nown + 1) * sizeof(*no));

		if (!no || cf_journal_record_copy(&no[j->nown], &r) != CF_OK) {
			if (no)
				j->own = no;
			seterr(errbuf, errsize,
			       "out of memory (journaled, not undoable)");
			goto out;
		}
		j->own = no;
		j->nown++;
	}
	if (undoable) {
		struct cf_journal_record *nu =
			realloc(j->undo, (j->nundo + 1) * sizeof(*nu));

		if (!nu || cf_journal_record_copy(&nu[j->nundo], &r) != CF_OK) {
			if (nu)
				j->undo = nu;
			seterr(errbuf, errsize,
			       "out of memory (journaled, not undoable)");
			goto out;
		}
		j->undo = nu;
		j->nundo++;
	}
	ok = true;
out:
	pthread_mutex_unlock(&j->lock);
	free(line);
	return ok;
}

bool
journal_peek_undo(struct journal *j, struct cf_journal_record *out)
{
	bool ok = false;

	if (!j)
		return false;
	pthread_mutex_lock(&j->lock);
	if (j->nundo)
		ok = cf_journal_record_copy(out, &j->undo[j->nundo - 1]) ==
		     CF_OK;
	pthread_mutex_unlock(&j->lock);
	return ok;
}

void
journal_pop_undo(struct journal *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	if (j->nundo)
		cf_journal_record_free(&j->undo[--j->nundo]);
	pthread_mutex_unlock(&j->lock);
}

size_t
journal_undo_depth(struct journal *j)
{
	size_t n;

	if (!j)
		return 0;
	pthread_mutex_lock(&j->lock);
	n = j->nundo;
	pthread_mutex_unlock(&j->lock);
	return n;
}

bool
journal_session_records(struct journal *j, const char *object_id,
			struct journal_list *out)
{
	size_t i;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	if (!j || !object_id)
		return false;
	pthread_mutex_lock(&j->lock);
	out->items = calloc(j->nown ? j->nown : 1, sizeof(*out->items));
	if (!out->items) {
		ok = false;
		goto out;
	}
	for (i = j->nown; i-- > 0;) {
		const struct cf_journal_record *r = &j->own[i];

		if (!r->object_id || strcmp(r->object_id, object_id))
			continue;
		if (cf_journal_record_copy(&out->items[out->n], r) != CF_OK) {
			ok = false;
			break;
		}
		out->n++;
	}
out:
	pthread_mutex_unlock(&j->lock);
	if (!ok)
		journal_list_free(out);
	return ok;
}

bool
journal_session_plan_records(struct journal *j, const char *plan,
			     struct journal_list *out)
{
	size_t i;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	if (!j || !plan)
		return false;
	pthread_mutex_lock(&j->lock);
	out->items = calloc(j->nown ? j->nown : 1, sizeof(*out->items));
	if (!out->items) {
		ok = false;
		goto out;
	}
	for (i = j->nown; i-- > 0;) {
		const struct cf_journal_record *r = &j->own[i];

		if (!r->plan || strcmp(r->plan, plan))
			continue;
		if (cf_journal_record_copy(&out->items[out->n], r) != CF_OK) {
			ok = false;
			break;
		}
		out->n++;
	}
out:
	pthread_mutex_unlock(&j->lock);
	if (!ok)
		journal_list_free(out);
	return ok;
}

bool
journal_read(const char *path, size_t max, struct journal_list *out,
	     char *errbuf, size_t errsize)
{
	char defpath[4096];
	FILE *f;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	struct cf_journal_record *items = NULL;
	size_t nitems = 0, nbad = 0, alloc = 0;

	memset(out, 0, sizeof(*out));
	if (!path) {
		if (!journal_default_path(defpath, sizeof(defpath))) {
			seterr(errbuf, errsize,
			       "no journal path: neither XDG_STATE_HOME nor "
			       "HOME is set");
			return false;
		}
		path = defpath;
	}
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return true;
		seterr(errbuf, errsize, "cannot read journal %s: %s", path,
		       strerror(errno));
		return false;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct cf_journal_record r;
		struct cf_error err = { 0 };

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		if (cf_journal_decode(line, &r, &err) != CF_OK) {
			cf_error_clear(&err);
			nbad++;
			continue;
		}
		if (max && nitems == max) {
			/* Keep only the last `max`: drop the oldest. */
			cf_journal_record_free(&items[0]);
			memmove(&items[0], &items[1],
				(nitems - 1) * sizeof(items[0]));
			nitems--;
		}
		if (nitems == alloc) {
			size_t na = alloc ? alloc * 2 : 64;
			struct cf_journal_record *ni =
				realloc(items, na * sizeof(*ni));

			if (!ni) {
				cf_journal_record_free(&r);
				break;
			}
			items = ni;
			alloc = na;
		}
		items[nitems++] = r;
	}
	free(line);
	fclose(f);
	/* Newest first. */
	for (i = 0; i < nitems / 2; i++) {
		struct cf_journal_record t = items[i];

		items[i] = items[nitems - 1 - i];
		items[nitems - 1 - i] = t;
	}
	out->items = items;
	out->n = nitems;
	out->nbad = nbad;
	return true;
}

void
journal_list_free(struct journal_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		cf_journal_record_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}
