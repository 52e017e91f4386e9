/* journal.h: the append-only audit journal of mutations (JSON lines) and this session's undo stack. */
#ifndef CFCONSOLE_JOURNAL_H
#define CFCONSOLE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_journal.h"

/*
 * The journal file is $XDG_STATE_HOME/cfconsole/journal, or
 * ~/.local/state/cfconsole/journal when XDG_STATE_HOME is unset or not
 * absolute. The directory is created 0700, the file 0600 and opened with
 * O_APPEND, so several consoles can append at once: each record is written
 * with one write(2) of one line. Records never contain credentials (see
 * cf_journal_encode). A struct journal is thread-safe.
 */

struct journal;

/*
 * Writes the default journal path into buf. Returns false (buf unspecified)
 * when neither XDG_STATE_HOME nor HOME is usable or the path is too long.
 */
bool journal_default_path(char *buf, size_t size);

/*
 * Opens (creating directories and file as above) the journal at `path`
 * (NULL: the default). profile and account are stamped on every record
 * (copied; may be NULL). Returns NULL with a message in errbuf on failure.
 * Free with journal_free.
 */
struct journal *journal_open(const char *path, const char *profile,
			     const char *account, char *errbuf, size_t errsize);

/* Closes and frees. NULL is a no-op. */
void journal_free(struct journal *j);

/* The file path in use (owned by j). */
const char *journal_path(const struct journal *j);

/* This console session's id (random hex, owned by j). */
const char *journal_session_id(const struct journal *j);

/*
 * Appends rec as one line. time, session, profile and account are filled
 * in from j when rec leaves them NULL (rec itself is not modified). When
 * `undoable` is true, the record is also pushed on this session's undo
 * stack. Returns false with errbuf filled when the line could not be
 * written completely.
 */
bool journal_append(struct journal *j, const struct cf_journal_record *rec,
		    bool undoable, char *errbuf, size_t errsize);

/*
 * Copies this session's newest undoable record into *out (free with
 * cf_journal_record_free). False when there is none.
 */
bool journal_peek_undo(struct journal *j, struct cf_journal_record *out);

/* Removes the newest undoable record (after a successful undo). */
void journal_pop_undo(struct journal *j);

/*
 * How many undoable records this session's undo stack holds now (0 for
 * NULL). Lets another kind of change (a wizard's setup) tell whether an
 * origin change was made after it: the most recent change is undone first.
 */
size_t journal_undo_depth(struct journal *j);

/* Records read back from a journal file. */
struct journal_list {
	struct cf_journal_record *items; /* newest first */
	size_t n;
	size_t nbad; /* lines that were not valid records (skipped) */
};

/*
 * Copies every record this session appended for object_id (undoable or
 * not, undone or not, undos included) into *out, newest first (free with
 * journal_list_free). Undo uses it to recognise the session's own later
 * changes to a pool. False (out empty) on out-of-memory or NULL arguments.
 */
bool journal_session_records(struct journal *j, const char *object_id,
			     struct journal_list *out);

/*
 * Copies every record this session appended for the plan labelled `plan`
 * (cf_journal_record.plan) into *out, newest first (free with
 * journal_list_free): the writes of one multi-step change (a delete and
 * the references it removed first), for its undo. False (out empty) on
 * out-of-memory or NULL arguments.
 */
bool journal_session_plan_records(struct journal *j, const char *plan,
				  struct journal_list *out);

/*
 * Reads the last `max` records (0: all) of the journal at `path` (NULL: the
 * default), newest first, for `:journal`. A missing file is an empty list.
 * Returns false with errbuf filled when the file cannot be read.
 */
bool journal_read(const char *path, size_t max, struct journal_list *out,
		  char *errbuf, size_t errsize);

/* Frees the list. NULL is a no-op. */
void journal_list_free(struct journal_list *l);

#endif
