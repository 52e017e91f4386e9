/* cf_journal.h: JSON-lines encoding and decoding of journal records (the cJSON side of journal.c). */
#ifndef CFCONSOLE_CF_JOURNAL_H
#define CFCONSOLE_CF_JOURNAL_H

#include "cfconsole/cf_error.h"

/*
 * One mutation as the journal records it. All strings are owned and may be
 * NULL. body/before/after are JSON text (an object as the API sent or
 * received it); they are embedded in the line as JSON values, not strings.
 *
 * Line format (one compact JSON object, keys in this order):
 *   {"time":"2026-11-21T09:12:04Z","session":"…","profile":"…",
 *    "account":"…","kind":"pool","id":"…","name":"…",
 *    "action":"origin.disable","origin":"web-2",
 *    "request":{"method":"PATCH","path":"/accounts/…/pools/…","body":{…}},
 *    "before":{…},"after":{…},"outcome":"ok","message":"…"}
 * plus "plan":"…" last, on the records of plan steps only.
 */
struct cf_journal_record {
	char *time;    /* RFC 3339, UTC */
	char *session; /* id of the console session that made the change */
	char *profile; /* config profile name */
	char *account; /* account id */
	char *kind;    /* object kind: "pool", "monitor", "load_balancer",
			      "dns_record" */
	char *object_id;
	char *object_name;
	char *action; /* "origin.disable" "origin.enable" "origin.weight" "undo";
			      plan steps: "create" "patch" "delete"
			      "rollback.delete" "rollback.patch" */
	char *origin;  /* origin the action was about, NULL if none */
	char *method;  /* HTTP method of the mutation ("PATCH") */
	char *path;    /* API path relative to the base URL */
	char *body;    /* request body (JSON text) */
	char *before;  /* object before the change (JSON text) */
	char *after;   /* object after the change as verified (JSON text) */
	char *outcome; /* "ok", "verify_failed", "write_failed", ... */
	char *message; /* one-line human summary */
	char *plan;    /* the plan a step belongs to (its file), or NULL:
			      written only when set, so older lines are
			      unchanged and read back with plan NULL */
};

/*
 * Encodes r as one compact JSON line without the trailing newline.
 * body/before/after that are not valid JSON are stored as strings. Values
 * under keys that name credentials (authorization, x-auth-key, api_key,
 * api_token, token, secret) anywhere inside body/before/after are replaced
 * by "[redacted]": the journal never holds a credential. Caller frees.
 * NULL only on out-of-memory. Pure; any thread.
 */
char *cf_journal_encode(const struct cf_journal_record *r);

/*
 * Decodes one journal line into *out (overwritten). Unknown keys are
 * ignored; invalid JSON or a wrong type is CF_ERR_MALFORMED with err
 * filled, and *out is then left zeroed. Pure; any thread.
 */
enum cf_status cf_journal_decode(const char *line,
				 struct cf_journal_record *out,
				 struct cf_error *err);

/* Frees the strings of r and zeroes it. NULL is a no-op. */
void cf_journal_record_free(struct cf_journal_record *r);

/* Deep copy (dst overwritten, not freed). CF_OK or CF_ERR_NOMEM. */
enum cf_status cf_journal_record_copy(struct cf_journal_record *dst,
				      const struct cf_journal_record *src);

#endif
