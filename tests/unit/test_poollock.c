/* test_poollock.c: the per-pool write lock: exclusion, scopes, a killed holder, default directory, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/poollock.h"

#define SCOPE "https://api.example.com/client/v4\nacc1"

static char dir[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_poollock.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *
fake_env(const char *name, void *ud)
{
	const char *const *kv = ud;

	for (; kv && kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static void
test_default_dir(void **state)
{
	const char *all[] = { "XDG_RUNTIME_DIR",
			      "/run/user/7",
			      "XDG_STATE_HOME",
			      "/s",
			      "HOME",
			      "/h",
			      NULL };
	const char *state_only[] = { "XDG_RUNTIME_DIR",
				     "relative",
				     "XDG_STATE_HOME",
				     "/s",
				     "HOME",
				     "/h",
				     NULL };
	const char *home_only[] = { "HOME", "/h", NULL };
	const char *none[] = { NULL };
	char *d;

	(void)state;
	d = poollock_default_dir(fake_env, all);
	assert_string_equal(d, "/run/user/7/cfconsole/locks");
	free(d);
	d = poollock_default_dir(fake_env, state_only);
	assert_string_equal(d, "/s/cfconsole/locks");
	free(d);
	d = poollock_default_dir(fake_env, home_only);
	assert_string_equal(d, "/h/.local/state/cfconsole/locks");
	free(d);
	assert_null(poollock_default_dir(fake_env, none));
	assert_null(poollock_default_dir(NULL, NULL));
}

/* Two holders of one pool exclude each other, in one process too. */
static void
test_exclusive(void **state)
{
	struct poollock *a = NULL, *b = NULL, *c = NULL, *d = NULL;
	char msg[512], sub[200], want[64];
	double t0;

	(void)state;
	snprintf(sub, sizeof(sub), "%s/a/b", dir); /* created as needed */
	assert_int_equal(
		poollock_acquire(sub, SCOPE, "p1", 1, &a, msg, sizeof(msg)),
		POOLLOCK_OK);
	assert_non_null(a);
	t0 = now_s();
	assert_int_equal(
		poollock_acquire(sub, SCOPE, "p1", 0.2, &b, msg, sizeof(msg)),
		POOLLOCK_BUSY);
	assert_null(b);
	assert_true(now_s() - t0 >= 0.2);
	snprintf(want, sizeof(want), "(pid %ld)", (long)getpid());
	assert_non_null(strstr(msg, "pool p1 is being changed by another "
				    "cfconsole"));
	assert_non_null(strstr(msg, want));

	/* Another pool, or the same id in another account or API, is
	 * another lock. */
	assert_int_equal(
		poollock_acquire(sub, SCOPE, "p2", 0, &c, msg, sizeof(msg)),
		POOLLOCK_OK);
	assert_int_equal(poollock_acquire(sub, "https://x\nacc2", "p1", 0, &d,
					  msg, sizeof(msg)),
			 POOLLOCK_OK);
	poollock_release(c);
	poollock_release(d);

	/* Released: free at once. */
	poollock_release(a);
	assert_int_equal(
		poollock_acquire(sub, SCOPE, "p1", 0, &b, msg, sizeof(msg)),
		POOLLOCK_OK);
	poollock_release(b);
	poollock_release(NULL);
}

/* A holder killed with SIGKILL leaves nothing held. */
static void
test_killed_holder(void **state)
{
	struct poollock *l = NULL;
	char msg[512];
	int ready[2];
	pid_t pid;
	char c;
	double t0;
	int st;
	enum poollock_status busy;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct poollock *mine = NULL;

		close(ready[0]);
		if (poollock_acquire(dir, SCOPE, "p9", 5, &mine, NULL, 0) !=
		    POOLLOCK_OK)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	busy = poollock_acquire(dir, SCOPE, "p9", 0.1, &l, msg, sizeof(msg));
	/* The child goes first, whatever the outcome: no stray process. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(busy, POOLLOCK_BUSY);
	assert_non_null(strstr(msg, "pid "));
	t0 = now_s();
	assert_int_equal(
		poollock_acquire(dir, SCOPE, "p9", 30, &l, msg, sizeof(msg)),
		POOLLOCK_OK);
	/* no wait for a timeout: the kernel dropped the dead holder's lock */
	assert_true(now_s() - t0 < 5);
	poollock_release(l);
}

/* Processes that take turns each see the others' work whole. */
static void
test_serialises_processes(void **state)
{
	char path[200];
	pid_t pids[4];
	FILE *f;
	int i, st, count = 0, line;

	(void)state;
	snprintf(path, sizeof(path), "%s/counter", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0\n", f);
	fclose(f);
	for (i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			for (int k = 0; k < 25; k++) {
				struct poollock *l = NULL;
				FILE *g;
				int v = -1;

				if (poollock_acquire(dir, SCOPE, "pc", 30, &l,
						     NULL, 0) != POOLLOCK_OK)
					_exit(1);
				/* read, yield, write: a lost update shows */
				g = fopen(path, "r");
				if (!g || fscanf(g, "%d", &v) != 1)
					_exit(2);
				fclose(g);
				usleep(200);
				g = fopen(path, "w");
				if (!g)
					_exit(3);
				fprintf(g, "%d\n", v + 1);
				fclose(g);
				poollock_release(l);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &line), 1);
	fclose(f);
	count = line;
	assert_int_equal(count, 100);
}

static void
test_errors(void **state)
{
	struct poollock *l = (struct poollock *)1;
	char msg[512], file[200];
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/plain", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	/* the "directory" is a file */
	snprintf(file, sizeof(file), "%s/plain/locks", dir);
	assert_int_equal(
		poollock_acquire(file, SCOPE, "p1", 1, &l, msg, sizeof(msg)),
		POOLLOCK_ERROR);
	assert_null(l);
	assert_non_null(strstr(msg, "cannot create"));
	assert_int_equal(
		poollock_acquire(NULL, SCOPE, "p1", 1, &l, msg, sizeof(msg)),
		POOLLOCK_ERROR);
	assert_int_equal(poollock_acquire(dir, SCOPE, "", 1, &l, NULL, 0),
			 POOLLOCK_ERROR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_dir),
		cmocka_unit_test(test_exclusive),
		cmocka_unit_test(test_killed_holder),
		cmocka_unit_test(test_serialises_processes),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
