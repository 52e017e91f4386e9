/* poollock.c: a per-pool write lock between this program's writers on one machine (see poollock.h). */
#include "cfconsole/poollock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/monoclock.h"

struct poollock {
	int fd;
};

/* How long a waiter sleeps between tries, at most (milliseconds). */
#define POLL_MAX_MS 8

static void say(char *msg, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
say(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (!msg || !size)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
}

char *
poollock_default_dir(config_getenv_fn env, void *ud)
{
	const char *run = env ? env("XDG_RUNTIME_DIR", ud) : NULL;
	const char *state = env ? env("XDG_STATE_HOME", ud) : NULL;
	const char *home = env ? env("HOME", ud) : NULL;
	const char *base, *tail;
	size_t n;
	char *out;

	/* XDG base-dir spec: relative paths are invalid and ignored. */
	if (run && run[0] == '/') {
		base = run;
		tail = "/cfconsole/locks";
	} else if (state && state[0] == '/') {
		base = state;
		tail = "/cfconsole/locks";
	} else if (home && home[0] == '/') {
		base = home;
		tail = "/.local/state/cfconsole/locks";
	} else {
		return NULL;
	}
	n = strlen(base) + strlen(tail) + 1;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s%s", base, tail);
	return out;
}

/* mkdir -p dir; components it creates are 0700. */
static bool
make_dirs(const char *dir, char *msg, size_t size)
{
	char *d = strdup(dir), *p;
	bool ok = false;

	if (!d) {
		say(msg, size, "out of memory");
		return false;
	}
	for (p = d + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			say(msg, size, "cannot create %s: %s", d,
			    strerror(errno));
			goto out;
		}
		*p = c;
		if (!c)
			break;
	}
	ok = true;
out:
	free(d);
	return ok;
}

/* FNV-1a, 64 bits: a short, stable, file-name-safe key. */
static uint64_t
fnv1a(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Who holds the lock, from the file ("pid 123"), for a message. */
static void
holder_of(int fd, char *buf, size_t size)
{
	char text[128];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	long pid = 0;

	buf[0] = '\0';
	if (n <= 0)
		return;
	text[n] = '\0';
	if (sscanf(text, "pid %ld", &pid) == 1 && pid > 0)
		snprintf(buf, size, " (pid %ld)", pid);
}

/* Sleeps a few milliseconds, varied so that waiters do not march. */
static void
nap(unsigned *seed)
{
	struct timespec ts;

	*seed = *seed * 1103515245u + 12345u;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(1 + (*seed >> 16) % POLL_MAX_MS) * 1000000L;
	nanosleep(&ts, NULL);
}

enum poollock_status
poollock_acquire(const char *dir, const char *scope, const char *pool_id,
		 double timeout_s, struct poollock **out, char *msg,
		 size_t size)
{
	char path[4096], who[64], info[256];
	unsigned seed = (unsigned)getpid() ^ (unsigned)(uintptr_t)&seed;
	double end = monoclock_s() + (timeout_s > 0 ? timeout_s : 0);
	uint64_t h = 0xcbf29ce484222325ULL;
	struct poollock *l;
	int fd, n;

	*out = NULL;
	if (!dir || !*dir || !pool_id || !*pool_id) {
		say(msg, size, "no lock directory or pool id");
		return POOLLOCK_ERROR;
	}
	h = fnv1a(fnv1a(fnv1a(h, scope), "\n"), pool_id);
	n = snprintf(path, sizeof(path), "%s/pool-%016llx.lock", dir,
		     (unsigned long long)h);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		say(msg, size, "lock directory path too long: %s", dir);
		return POOLLOCK_ERROR;
	}
	if (!make_dirs(dir, msg, size))
		return POOLLOCK_ERROR;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		say(msg, size, "cannot open the lock file %s: %s", path,
		    strerror(errno));
		return POOLLOCK_ERROR;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			say(msg, size, "cannot lock %s: %s", path,
			    strerror(errno));
			close(fd);
			return POOLLOCK_ERROR;
		}
		if (monoclock_s() >= end) {
			holder_of(fd, who, sizeof(who));
			say(msg, size,
			    "pool %s is being changed by another cfconsole%s "
			    "on this machine, for over %.0f s (lock %s)",
			    pool_id, who, timeout_s, path);
			close(fd);
			return POOLLOCK_BUSY;
		}
		nap(&seed);
	}
	l = malloc(sizeof(*l));
	if (!l) {
		say(msg, size, "out of memory");
		close(fd);
		return POOLLOCK_ERROR;
	}
	l->fd = fd;
	/* For a waiter's message only: the lock is the flock, not this. */
	n = snprintf(info, sizeof(info), "pid %ld\npool %s\n", (long)getpid(),
		     pool_id);
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, info,
			      (size_t)n < sizeof(info) ? (size_t)n
						       : sizeof(info) - 1,
			      0);
	*out = l;
	return POOLLOCK_OK;
}

void
poollock_release(struct poollock *l)
{
	if (!l)
		return;
	/* Closing the only descriptor of the open file drops the flock. */
	close(l->fd);
	free(l);
}
