/* test_journal.c: journal line codec round trip, redaction, file permissions, reading back, the undo stack and a session's own records. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfconsole/cf_journal.h"
#include "cfconsole/journal.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/cfc-journal.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void
test_codec_roundtrip(void **state)
{
	struct cf_journal_record r = { 0 }, d = { 0 };
	struct cf_error err = { 0 };
	char *line;

	(void)state;
	r.time = (char *)(uintptr_t) "2026-11-21T09:12:04Z";
	r.session = (char *)(uintptr_t) "abc";
	r.profile = (char *)(uintptr_t) "prod";
	r.account = (char *)(uintptr_t) "acc1";
	r.kind = (char *)(uintptr_t) "pool";
	r.object_id = (char *)(uintptr_t) "p1";
	r.object_name = (char *)(uintptr_t) "web";
	r.action = (char *)(uintptr_t) "origin.disable";
	r.origin = (char *)(uintptr_t) "b";
	r.method = (char *)(uintptr_t) "PATCH";
	r.path = (char *)(uintptr_t) "/accounts/acc1/load_balancers/pools/p1";
	r.body = (char *)(uintptr_t) "{\"origins\":[{\"name\":\"b\"}]}";
	r.before = (char *)(uintptr_t) "{\"id\":\"p1\",\"n\":1}";
	r.after = (char *)(uintptr_t) "not json \"quoted\"";
	r.outcome = (char *)(uintptr_t) "done";
	r.message = (char *)(uintptr_t) "disable origin b: done\nline 2";
	line = cf_journal_encode(&r);
	assert_non_null(line);
	assert_null(strchr(line, '\n')); /* one line, newline escaped */
	/* JSON values are embedded as JSON, not as strings. */
	assert_non_null(strstr(line, "\"before\":{\"id\":\"p1\",\"n\":1}"));
	assert_non_null(strstr(line, "\"request\":{\"method\":\"PATCH\""));
	assert_int_equal(cf_journal_decode(line, &d, &err), CF_OK);
	assert_string_equal(d.time, r.time);
	assert_string_equal(d.session, r.session);
	assert_string_equal(d.profile, r.profile);
	assert_string_equal(d.account, r.account);
	assert_string_equal(d.kind, r.kind);
	assert_string_equal(d.object_id, r.object_id);
	assert_string_equal(d.object_name, r.object_name);
	assert_string_equal(d.action, r.action);
	assert_string_equal(d.origin, r.origin);
	assert_string_equal(d.method, r.method);
	assert_string_equal(d.path, r.path);
	assert_string_equal(d.body, r.body);
	assert_string_equal(d.before, r.before);
	assert_string_equal(d.after, r.after);
	assert_string_equal(d.outcome, r.outcome);
	assert_string_equal(d.message, r.message);
	cf_journal_record_free(&d);
	free(line);
}

static void
test_codec_redacts_and_rejects(void **state)
{
	struct cf_journal_record r = { 0 }, d = { 0 };
	struct cf_error err = { 0 };
	char *line;

	(void)state;
	r.body =
		(char *)(uintptr_t) "{\"token\":\"s3cretTok\",\"h\":{\"Authorization\":"
				    "\"Bearer s3cretB\"},\"list\":[{\"X-Auth-Key\":\"s3cretK\"}],"
				    "\"name\":\"keep\"}";
	line = cf_journal_encode(&r);
	assert_non_null(line);
	assert_null(strstr(line, "s3cret"));
	assert_non_null(strstr(line, "[redacted]"));
	assert_non_null(strstr(line, "\"name\":\"keep\""));
	free(line);

	assert_int_equal(cf_journal_decode("[1,2]", &d, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_journal_decode("{\"time\":5}", &d, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_journal_decode("{\"request\":7}", &d, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_int_equal(cf_journal_decode("{trunc", &d, &err),
			 CF_ERR_MALFORMED);
	cf_error_clear(&err);
	assert_null(d.time);
}

static void
test_default_path(void **state)
{
	char buf[256], want[256];

	(void)state;
	setenv("XDG_STATE_HOME", "/x/state", 1);
	assert_true(journal_default_path(buf, sizeof(buf)));
	assert_string_equal(buf, "/x/state/cfconsole/journal");
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/u", 1);
	assert_true(journal_default_path(buf, sizeof(buf)));
	assert_string_equal(buf, "/home/u/.local/state/cfconsole/journal");
	unsetenv("XDG_STATE_HOME");
	assert_true(journal_default_path(buf, sizeof(buf)));
	snprintf(want, sizeof(want), "/home/u/.local/state/cfconsole/journal");
	assert_string_equal(buf, want);
	assert_false(journal_default_path(buf, 8));
	unsetenv("HOME");
	assert_false(journal_default_path(buf, sizeof(buf)));
}

static void
test_permissions(void **state)
{
	char state_dir[128], dir[160], path[192], ebuf[256];
	struct journal *j;
	struct stat st;
	int fd;

	(void)state;
	snprintf(state_dir, sizeof(state_dir), "%s/st", tmpdir);
	snprintf(dir, sizeof(dir), "%s/cfconsole", state_dir);
	snprintf(path, sizeof(path), "%s/journal", dir);
	setenv("XDG_STATE_HOME", state_dir, 1);
	j = journal_open(NULL, "p", "a", ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_string_equal(journal_path(j), path);
	assert_int_equal(strlen(journal_session_id(j)), 32);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	journal_free(j);

	/* A journal left world-readable is tightened on open. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	j = journal_open(NULL, "p", "a", ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	journal_free(j);

	/* Unwritable location: a clear message, no crash. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	close(fd);
	j = journal_open("/proc/cfconsole-nope/journal", "p", "a", ebuf,
			 sizeof(ebuf));
	assert_null(j);
	assert_non_null(strstr(ebuf, "cannot"));
	unsetenv("XDG_STATE_HOME");
}

static void
test_append_read_undo_stack(void **state)
{
	char path[192], ebuf[256];
	struct journal *j;
	struct journal_list l = { 0 };
	struct cf_journal_record r = { 0 }, top = { 0 };
	FILE *f;
	char *text;

	(void)state;
	snprintf(path, sizeof(path), "%s/j/journal", tmpdir);
	j = journal_open(path, "prof", "acc9", ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_false(journal_peek_undo(j, &top));

	r.kind = (char *)(uintptr_t) "pool";
	r.action = (char *)(uintptr_t) "origin.disable";
	r.origin = (char *)(uintptr_t) "one";
	assert_true(journal_append(j, &r, true, ebuf, sizeof(ebuf)));
	r.origin = (char *)(uintptr_t) "two";
	assert_true(journal_append(j, &r, false, ebuf, sizeof(ebuf)));
	/* a foreign garbage line in between (another tool, a crash) */
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("garbage{\n", f);
	fclose(f);
	r.origin = (char *)(uintptr_t) "three";
	assert_true(journal_append(j, &r, true, ebuf, sizeof(ebuf)));

	text = slurp(path);
	assert_non_null(strstr(text, "\"profile\":\"prof\""));
	assert_non_null(strstr(text, "\"account\":\"acc9\""));
	assert_non_null(strstr(text, journal_session_id(j)));
	free(text);

	assert_true(journal_read(path, 0, &l, ebuf, sizeof(ebuf)));
	assert_int_equal(l.n, 3);
	assert_int_equal(l.nbad, 1);
	assert_string_equal(l.items[0].origin, "three");
	assert_string_equal(l.items[2].origin, "one");
	assert_non_null(l.items[0].time);
	journal_list_free(&l);
	assert_true(journal_read(path, 2, &l, ebuf, sizeof(ebuf)));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].origin, "three");
	assert_string_equal(l.items[1].origin, "two");
	journal_list_free(&l);

	/* Undo stack: only undoable records, newest first. */
	assert_true(journal_peek_undo(j, &top));
	assert_string_equal(top.origin, "three");
	cf_journal_record_free(&top);
	journal_pop_undo(j);
	assert_true(journal_peek_undo(j, &top));
	assert_string_equal(top.origin, "one");
	cf_journal_record_free(&top);
	journal_pop_undo(j);
	assert_false(journal_peek_undo(j, &top));
	journal_free(j);

	/* A new session does not see the old session's undo entries. */
	j = journal_open(path, "prof", "acc9", ebuf, sizeof(ebuf));
	assert_non_null(j);
	assert_false(journal_peek_undo(j, &top));
	journal_free(j);

	/* A missing journal reads as empty. */
	snprintf(path, sizeof(path), "%s/none/journal", tmpdir);
	assert_true(journal_read(path, 0, &l, ebuf, sizeof(ebuf)));
	assert_int_equal(l.n, 0);
}

/* This session's own records for a pool, newest first, undone and undo
 * records included, another session's never (undo tells them apart). */
static void
test_session_records(void **state)
{
	char path[128], ebuf[256];
	struct journal *a, *b;
	struct journal_list l = { 0 };
	struct cf_journal_record r = { 0 };

	(void)state;
	snprintf(path, sizeof(path), "%s/state/journal", tmpdir);
	a = journal_open(path, "p", "acc", ebuf, sizeof(ebuf));
	b = journal_open(path, "p", "acc", ebuf, sizeof(ebuf));
	assert_non_null(a);
	assert_non_null(b);
	r.object_id = (char *)(uintptr_t) "p1";
	r.action = (char *)(uintptr_t) "origin.disable";
	assert_true(journal_append(a, &r, true, ebuf, sizeof(ebuf)));
	assert_true(journal_append(b, &r, true, ebuf, sizeof(ebuf)));
	r.object_id = (char *)(uintptr_t) "p2";
	assert_true(journal_append(a, &r, true, ebuf, sizeof(ebuf)));
	r.object_id = (char *)(uintptr_t) "p1";
	r.action = (char *)(uintptr_t) "undo";
	assert_true(journal_append(a, &r, false, ebuf, sizeof(ebuf)));
	journal_pop_undo(a);

	assert_true(journal_session_records(a, "p1", &l));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].action, "undo");
	assert_string_equal(l.items[1].action, "origin.disable");
	assert_string_equal(l.items[0].session, journal_session_id(a));
	journal_list_free(&l);
	assert_true(journal_session_records(b, "p1", &l));
	assert_int_equal(l.n, 1);
	journal_list_free(&l);
	assert_true(journal_session_records(a, "p9", &l));
	assert_int_equal(l.n, 0);
	journal_list_free(&l);
	journal_free(a);
	journal_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_roundtrip),
		cmocka_unit_test(test_codec_redacts_and_rejects),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test_setup_teardown(test_permissions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_session_records, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_append_read_undo_stack,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
