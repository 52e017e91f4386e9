/* xmem.c: allocation that cannot fail, with one fatal path that restores the terminal first. */
#include "cfconsole/xmem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Atomic(xmem_fatal_fn) fatal_;
static _Atomic(xmem_realloc_fn) alloc_;
static atomic_flag failing_ = ATOMIC_FLAG_INIT;

void
xmem_set_fatal(xmem_fatal_fn fn)
{
	atomic_store(&fatal_, fn);
}

void
xmem_set_allocator(xmem_realloc_fn fn)
{
	atomic_store(&alloc_, fn);
}

/* One write(2) of the whole line: stdio may be locked by another thread,
 * and one write keeps the line in one piece. */
static void
say(const char *what)
{
	char line[256] = "cfconsole: out of memory";
	size_t n = strlen(line), w;

	if (what && *what && strlen(what) < sizeof(line) - n - 4) {
		strcat(line, " (");
		strcat(line, what);
		strcat(line, ")");
	}
	strcat(line, "\n");
	n = strlen(line);
	for (w = 0; w < n;) {
		ssize_t k = write(STDERR_FILENO, line + w, n - w);

		if (k <= 0)
			return;
		w += (size_t)k;
	}
}

_Noreturn void
xmem_fail(const char *what)
{
	xmem_fatal_fn fn;

	/* The first failing thread restores the terminal, speaks and aborts;
	 * another one failing meanwhile waits for that abort rather than
	 * killing the process before the terminal is back. */
	if (atomic_flag_test_and_set(&failing_))
		for (;;)
			pause();
	fn = atomic_load(&fatal_);
	if (fn)
		fn();
	say(what);
	abort();
}

static void *
alloc(void *p, size_t n)
{
	xmem_realloc_fn fn = atomic_load(&alloc_);
	void *q = fn ? fn(p, n ? n : 1) : realloc(p, n ? n : 1);

	if (!q)
		xmem_fail(p ? "realloc" : "malloc");
	return q;
}

void *
xmalloc(size_t n)
{
	return alloc(NULL, n);
}

void *
xcalloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (size && n > SIZE_MAX / size)
		xmem_fail("calloc overflow");
	bytes = n * size;
	p = alloc(NULL, bytes);
	memset(p, 0, bytes > 0 ? bytes : 1);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	return alloc(p, n);
}

char *
xstrdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = alloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

char *
xstrdup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}
