/* test_xmem.c: xmalloc and friends: results, and the one fatal path (handler, message, abort) in a child. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfconsole/xmem.h"

static int handler_calls;

/* Stands in for the UI's handler: says it ran, on the same stderr. */
static void
fatal_handler(void)
{
	static const char msg[] = "handler: terminal restored\n";

	handler_calls++;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		return;
}

static void *
failing_alloc(void *p, size_t n)
{
	(void)p;
	(void)n;
	return NULL;
}

/* Allocates fresh blocks but cannot grow one. */
static void *
failing_grow(void *p, size_t n)
{
	return p ? NULL : realloc(p, n);
}

static void *
counting_alloc(void *p, size_t n)
{
	handler_calls++;
	return realloc(p, n);
}

enum how {
	VIA_MALLOC,
	VIA_CALLOC,
	VIA_REALLOC,
	VIA_STRDUP,
	VIA_OVERFLOW,
	VIA_THREAD
};

static void *
fail_in_thread(void *arg)
{
	(void)arg;
	(void)xmalloc(16);
	return NULL;
}

/* In the child: stderr to the pipe, a failing allocator, then one call. */
static void
child(int fd, enum how how)
{
	pthread_t t;
	void *p;

	signal(SIGABRT, SIG_DFL);
	dup2(fd, STDERR_FILENO);
	xmem_set_fatal(fatal_handler);
	if (how == VIA_REALLOC)
		xmem_set_allocator(failing_grow);
	else if (how != VIA_OVERFLOW)
		xmem_set_allocator(failing_alloc);
	switch (how) {
	case VIA_MALLOC:
		p = xmalloc(32);
		break;
	case VIA_CALLOC:
		p = xcalloc(4, 8);
		break;
	case VIA_REALLOC:
		p = xrealloc(NULL, 8);
		p = xrealloc(p, 64);
		break;
	case VIA_STRDUP:
		p = xstrdup("abc");
		break;
	case VIA_OVERFLOW:
		p = xcalloc(SIZE_MAX / 2, 4);
		break;
	case VIA_THREAD:
		pthread_create(&t, NULL, fail_in_thread, NULL);
		pthread_join(t, NULL);
		p = NULL;
		break;
	default:
		p = NULL;
	}
	/* Reaching here means the fatal path returned: a distinct exit. */
	free(p);
	_exit(42);
}

/* Runs child(how) and returns what it wrote to stderr; *sig its signal. */
static void
run_child(enum how how, char *out, size_t size, int *sig)
{
	int fds[2], status = 0;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], how);
	}
	close(fds[1]);
	while (len + 1 < size &&
	       (n = read(fds[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (!WIFSIGNALED(status))
		fprintf(stderr, "child exited %d: %s\n", WEXITSTATUS(status),
			out);
}

static void
expect_fatal(enum how how, const char *what)
{
	char out[512], want[256];
	int sig;

	run_child(how, out, sizeof(out), &sig);
	assert_int_equal(sig, SIGABRT);
	/* The handler first (terminal back), then exactly one message. */
	snprintf(want, sizeof(want),
		 "handler: terminal restored\n"
		 "cfconsole: out of memory (%s)\n",
		 what);
	assert_string_equal(out, want);
}

static void
test_fatal_malloc(void **state)
{
	(void)state;
	expect_fatal(VIA_MALLOC, "malloc");
}

static void
test_fatal_calloc(void **state)
{
	(void)state;
	expect_fatal(VIA_CALLOC, "malloc");
}

static void
test_fatal_realloc(void **state)
{
	(void)state;
	expect_fatal(VIA_REALLOC, "realloc");
}

static void
test_fatal_strdup(void **state)
{
	(void)state;
	expect_fatal(VIA_STRDUP, "malloc");
}

/* n * size overflowing is refused before any allocation is tried. */
static void
test_fatal_overflow(void **state)
{
	(void)state;
	expect_fatal(VIA_OVERFLOW, "calloc overflow");
}

/* A worker thread reaches the same path as the main thread. */
static void
test_fatal_from_thread(void **state)
{
	(void)state;
	expect_fatal(VIA_THREAD, "malloc");
}

/* Without a handler: the message and the abort, nothing else. */
static void
test_fatal_without_handler(void **state)
{
	char out[256];
	int fds[2], status = 0;
	size_t len;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		dup2(fds[1], STDERR_FILENO);
		xmem_fail("a test");
	}
	close(fds[1]);
	len = 0;
	while (len + 1 < sizeof(out) &&
	       (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_string_equal(out, "cfconsole: out of memory (a test)\n");
}

/* The success paths: results usable, zeroed, copied; size 0 still a pointer. */
static void
test_success(void **state)
{
	unsigned char *z;
	char *s, *r;
	size_t i;

	(void)state;
	handler_calls = 0;
	xmem_set_allocator(counting_alloc);
	z = xcalloc(16, 4);
	for (i = 0; i < 64; i++)
		assert_int_equal(z[i], 0);
	z = xrealloc(z, 128);
	z[127] = 1;
	free(z);
	s = xstrdup("hello");
	assert_string_equal(s, "hello");
	r = xmalloc(0);
	assert_non_null(r);
	assert_ptr_not_equal(r, s);
	assert_null(xstrdup(NULL));
	free(s);
	free(r);
	/* Every allocation went through the installed allocator. */
	assert_int_equal(handler_calls, 4);
	xmem_set_allocator(NULL);
	z = xcalloc(0, 8);
	assert_non_null(z);
	free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_success),
		cmocka_unit_test(test_fatal_malloc),
		cmocka_unit_test(test_fatal_calloc),
		cmocka_unit_test(test_fatal_realloc),
		cmocka_unit_test(test_fatal_strdup),
		cmocka_unit_test(test_fatal_overflow),
		cmocka_unit_test(test_fatal_from_thread),
		cmocka_unit_test(test_fatal_without_handler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
