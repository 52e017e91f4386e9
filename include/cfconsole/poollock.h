/* poollock.h: a per-pool write lock between this program's writers on one machine (flock(2) on a file: a killed holder cannot leave it held). */
#ifndef CFCONSOLE_POOLLOCK_H
#define CFCONSOLE_POOLLOCK_H

#include <stddef.h>

#include "cfconsole/config.h"

/*
 * Why: a pool's `origins` array is written whole (PATCH replaces it) and
 * Cloudflare offers no conditional write, so two writers that read the
 * same array and each change one origin undo each other. Writers of this
 * program on one machine take this lock around their read-modify-write of
 * a pool, so they go one at a time. Writers on other machines, and other
 * tools, do not see it (see toggle.h and cfconsole(1)).
 */

struct poollock;

enum poollock_status {
	POOLLOCK_OK = 0,
	POOLLOCK_BUSY,	/* another writer held it for the whole wait */
	POOLLOCK_ERROR, /* the lock file could not be made, opened or locked */
};

/*
 * The directory for lock files: $XDG_RUNTIME_DIR/cfconsole/locks (a
 * per-user tmpfs where systemd provides one), else
 * $XDG_STATE_HOME/cfconsole/locks, else $HOME/.local/state/cfconsole/locks.
 * env as in config.h (NULL env: nothing set). Caller frees; NULL when no
 * variable names a place.
 */
char *poollock_default_dir(config_getenv_fn env, void *ud);

/*
 * Takes the exclusive lock of pool `pool_id` within `scope` (the API base
 * URL and account id: the same pool id elsewhere is another pool), waiting
 * up to timeout_s seconds while someone else holds it. The lock is
 * flock(2) on DIR/pool-<hash>.lock (DIR is created, mode 0700, if
 * missing): it belongs to the open file, so poollock_release, exit and
 * kill -9 all release it, and two acquires in one process (two threads)
 * exclude each other too. The holder's pid and pool id are written into
 * the file so that a waiter's message can name them.
 * On POOLLOCK_OK *out is the lock; otherwise *out is NULL and msg (size
 * bytes, may be NULL) says why ("pool abc is being changed by another
 * cfconsole (pid 123) ..."). Blocking; any thread.
 */
enum poollock_status poollock_acquire(const char *dir, const char *scope,
				      const char *pool_id, double timeout_s,
				      struct poollock **out, char *msg,
				      size_t size);

/* Releases the lock and frees l. NULL is a no-op. Any thread. */
void poollock_release(struct poollock *l);

#endif
