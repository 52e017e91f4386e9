/* xmem.h: allocation that cannot fail, with one fatal path that restores the terminal first. */
#ifndef CFCONSOLE_XMEM_H
#define CFCONSOLE_XMEM_H

#include <stddef.h>

/*
 * Why: a worker or poller thread that runs out of memory has nothing
 * sensible to do, but a bare abort() leaves the terminal in curses mode.
 * Every "cannot continue without this memory" site calls these instead;
 * on failure they call xmem_fail(), which runs the one registered fatal
 * handler (the UI's restores the terminal), writes one line to stderr and
 * aborts. Places that can report CF_ERR_NOMEM keep doing so.
 *
 * This lives in src/cf, the bottom layer, so cf, core, cli and ui can all
 * reach it; it uses nothing but libc.
 */

/*
 * The fatal handler: called at most once per process, from whichever
 * thread failed first, before the message is written. It must be safe to
 * call from any thread (the UI's takes an atomic flag and calls endwin()
 * once) and should return; xmem_fail() aborts afterwards.
 */
typedef void (*xmem_fatal_fn)(void);

/*
 * Registers the fatal handler (NULL: none). Any thread; the last one set
 * wins. The UI sets it when it starts the terminal and clears it when it
 * ends it.
 */
void xmem_set_fatal(xmem_fatal_fn fn);

/*
 * The allocator behind every x*() function, realloc(3)-shaped. Tests
 * install one that fails to reach the fatal path; NULL restores realloc.
 * Set it before starting threads.
 */
typedef void *(*xmem_realloc_fn)(void *p, size_t n);
void xmem_set_allocator(xmem_realloc_fn fn);

/*
 * Out of memory: runs the fatal handler once, writes
 * "cfconsole: out of memory (what)" to stderr and aborts. Any thread;
 * never returns. what: a short static description, may be NULL.
 */
_Noreturn void xmem_fail(const char *what);

/*
 * malloc/calloc/realloc/strdup that never return NULL: on failure they
 * call xmem_fail(). A size of 0 allocates one byte so the result is
 * always a distinct pointer the caller frees. xcalloc fails on n * size
 * overflow. xstrdup(NULL) returns NULL (nothing to copy). Any thread.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* xstrdup, with NULL copied as "" (a name to show or compare). Any thread. */
char *xstrdup_or_empty(const char *s);

#endif
