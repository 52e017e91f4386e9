/* envelope.c: Cloudflare envelope decoding and error mapping. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/request.h"

/* Longest message text copied into a one-line detail. */
#define DETAIL_MAX 1024
/* Printable characters of a non-JSON body quoted in the detail. */
#define SNIPPET_MAX 80

void
cf_response_free(struct cf_response *resp)
{
	if (!resp)
		return;
	cJSON_Delete(resp->root);
	memset(resp, 0, sizeof(*resp));
}

/* ---- errors[] --------------------------------------------------------- */

/* Appends {code, message} to err->errors. False on out of memory. */
static bool
push_error(struct cf_error *err, int code, const char *message)
{
	struct cf_api_message *n =
		realloc(err->errors, (err->nerrors + 1) * sizeof(*n));
	if (!n)
		return false;
	err->errors = n;
	char *m = strdup(message ? message : "");
	if (!m)
		return false;
	n[err->nerrors].code = code;
	n[err->nerrors].message = m;
	err->nerrors++;
	return true;
}

/*
 * An errors[] code as an int. The API's number may be anything JSON allows
 * (1e300, 2.5, -1e20): converting such a double to int is undefined, so a
 * code that is not an integer in int's range reads as 0, "no usable code"
 * (the message is kept).
 */
static int
error_code(const cJSON *code)
{
	double d;

	if (!cJSON_IsNumber(code))
		return 0;
	d = code->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < (double)INT_MIN ||
	    d > (double)INT_MAX)
		return 0;
	return (int)d;
}

/*
 * Copies one errors[] item, then its error_chain items after it. Items of
 * any shape are accepted: codes below 1000 (971), missing messages.
 */
static bool
collect_item(struct cf_error *err, const cJSON *item, int depth)
{
	if (!cJSON_IsObject(item))
		return true;
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(item, "message");
	int c = error_code(code);
	if (!push_error(err, c, cJSON_IsString(msg) ? msg->valuestring : ""))
		return false;
	const cJSON *chain =
		cJSON_GetObjectItemCaseSensitive(item, "error_chain");
	if (depth < 4 && cJSON_IsArray(chain)) {
		const cJSON *sub;
		cJSON_ArrayForEach(
			sub, chain) if (!collect_item(err, sub,
						      depth + 1)) return false;
	}
	return true;
}

static bool
collect_errors(struct cf_error *err, const cJSON *root)
{
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
	if (!cJSON_IsArray(errors))
		return true;
	const cJSON *item;
	cJSON_ArrayForEach(
		item, errors) if (!collect_item(err, item, 0)) return false;
	return true;
}

/* ---- status mapping --------------------------------------------------- */

static bool
has_code(const struct cf_error *err, int code)
{
	for (size_t i = 0; i < err->nerrors; i++)
		if (err->errors[i].code == code)
			return true;
	return false;
}

/*
 * HTTP status (+ Cloudflare codes) to our status. Codes that say "these
 * credentials are bad" become CF_ERR_AUTH whatever the HTTP status (the
 * user must fix the credentials): 9103 unknown key/email (403), 9109 invalid
 * token (403), 9106 missing headers (400), 6003 malformed auth headers
 * (400), 1000 invalid token on verify (401). 10000 "Authentication error"
 * at 403 means a valid credential lacking permission or scope (or a zone id
 * it cannot see), so it stays CF_ERR_FORBIDDEN, as the HTTP status says.
 */
static enum cf_status
map_status(long http, const struct cf_error *err)
{
	if (has_code(err, 9103) || has_code(err, 9109) || has_code(err, 9106) ||
	    has_code(err, 6003))
		return CF_ERR_AUTH;
	if (http == 401)
		return CF_ERR_AUTH;
	if (http == 403)
		return CF_ERR_FORBIDDEN;
	if (http == 404)
		return CF_ERR_NOT_FOUND;
	if (http == 409 || http == 412)
		return CF_ERR_CONFLICT;
	if (http == 429)
		return CF_ERR_RATE_LIMITED;
	if (http >= 500 && http <= 599)
		return CF_ERR_SERVER;
	return CF_ERR_API;
}

/* ---- detail text ------------------------------------------------------ */

struct sbuf {
	char buf[DETAIL_MAX];
	size_t len;
};

static void
sb_add(struct sbuf *sb, const char *s)
{
	size_t room = sizeof(sb->buf) - 1 - sb->len;
	size_t n = strlen(s);
	if (n > room)
		n = room;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

/* One line: control characters (newlines in a message) become spaces. */
static void
sb_add_line(struct sbuf *sb, const char *s)
{
	char tmp[DETAIL_MAX];
	size_t i = 0;
	for (; s[i] && i < sizeof(tmp) - 1; i++)
		tmp[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	tmp[i] = '\0';
	sb_add(sb, tmp);
}

/* First SNIPPET_MAX printable characters of a body, blanks collapsed. */
static void
sb_add_snippet(struct sbuf *sb, const char *body, size_t len)
{
	char tmp[SNIPPET_MAX + 1];
	size_t n = 0;
	bool space = false;
	for (size_t i = 0; i < len && n < SNIPPET_MAX; i++) {
		unsigned char ch = (unsigned char)body[i];
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			space = n > 0;
			continue;
		}
		if (ch < 0x21 || ch > 0x7e)
			continue;
		if (space && n < SNIPPET_MAX) {
			tmp[n++] = ' ';
			space = false;
		}
		if (n < SNIPPET_MAX)
			tmp[n++] = (char)ch;
	}
	tmp[n] = '\0';
	sb_add(sb, tmp);
}

/* "HTTP 400: msg (1002), msg2 (1003)" or "HTTP 502: <fallback>". */
static void
build_detail(struct cf_error *err, long http, const char *fallback)
{
	struct sbuf sb = { .len = 0 };
	char tmp[64];
	sb.buf[0] = '\0';
	snprintf(tmp, sizeof(tmp), "HTTP %ld: ", http);
	sb_add(&sb, tmp);
	if (err->nerrors == 0) {
		sb_add(&sb, fallback);
	} else {
		for (size_t i = 0; i < err->nerrors; i++) {
			if (i > 0)
				sb_add(&sb, ", ");
			sb_add_line(&sb, err->errors[i].message);
			snprintf(tmp, sizeof(tmp), " (%d)",
				 err->errors[i].code);
			sb_add(&sb, tmp);
		}
	}
	free(err->detail);
	err->detail = strdup(sb.buf);
}

static enum cf_status
nomem(struct cf_error *err)
{
	return cf_error_set(err, CF_ERR_NOMEM,
			    "out of memory decoding a response");
}

/* ---- decode ----------------------------------------------------------- */

static enum cf_status
malformed(struct cf_error *err, long http, double retry_after, const char *why)
{
	cf_error_set(err, CF_ERR_MALFORMED, "HTTP %ld: %s: %s", http,
		     cf_status_str(CF_ERR_MALFORMED), why);
	err->http_status = http;
	err->retryable = true;
	err->retry_after = retry_after;
	return CF_ERR_MALFORMED;
}

/* A failure status with a body that may or may not be an envelope. */
static enum cf_status
decode_failure(const char *body, size_t len, long http, double retry_after,
	       cJSON *root, struct cf_error *err)
{
	cf_error_clear(err);
	if (root && !collect_errors(err, root))
		return nomem(err);
	err->status = map_status(http, err);
	err->http_status = http;
	err->retry_after = retry_after;
	err->retryable = err->status == CF_ERR_RATE_LIMITED ||
			 err->status == CF_ERR_SERVER;
	if (err->nerrors == 0 && !root && body && len > 0) {
		/* Non-JSON error page (a proxy's HTML): quote its start. */
		struct sbuf sb = { .len = 0 };
		sb.buf[0] = '\0';
		sb_add_snippet(&sb, body, len);
		build_detail(err, http,
			     sb.len ? sb.buf : cf_status_str(err->status));
	} else {
		build_detail(err, http, cf_status_str(err->status));
	}
	if (!err->detail)
		return nomem(err);
	return err->status;
}

/*
 * Everything after parsing: root (may be NULL: not JSON) is the parsed body,
 * owned from here on (kept in *resp on success, deleted otherwise).
 */
static enum cf_status
envelope_finish(const char *body, size_t len, long http_status,
		double retry_after, cJSON *root, struct cf_response *resp,
		struct cf_error *err)
{
	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		root = NULL;
	}
	bool ok_http = http_status >= 200 && http_status <= 299;
	if (!ok_http) {
		enum cf_status st = decode_failure(body, len, http_status,
						   retry_after, root, err);
		cJSON_Delete(root);
		return st;
	}
	if (!root)
		return malformed(err, http_status, retry_after,
				 body && len ? "body is not a JSON object"
					     : "empty body");
	const cJSON *success =
		cJSON_GetObjectItemCaseSensitive(root, "success");
	if (!cJSON_IsBool(success)) {
		cJSON_Delete(root);
		return malformed(err, http_status, retry_after,
				 "no \"success\" field");
	}
	if (cJSON_IsFalse(success)) {
		/* 2xx with success:false: an API error all the same. */
		cf_error_clear(err);
		if (!collect_errors(err, root)) {
			cJSON_Delete(root);
			return nomem(err);
		}
		cJSON_Delete(root);
		err->status = map_status(http_status, err);
		err->http_status = http_status;
		build_detail(err, http_status, cf_status_str(err->status));
		if (!err->detail)
			return nomem(err);
		return err->status;
	}
	resp->root = root;
	resp->result = cJSON_GetObjectItemCaseSensitive(root, "result");
	resp->result_info =
		cJSON_GetObjectItemCaseSensitive(root, "result_info");
	if (resp->result_info && !cJSON_IsObject(resp->result_info))
		resp->result_info = NULL;
	resp->http_status = http_status;
	return CF_OK;
}

enum cf_status
cf_envelope_decode(const char *body, size_t len, long http_status,
		   double retry_after, struct cf_response *resp,
		   struct cf_error *err)
{
	cJSON *root = NULL;

	memset(resp, 0, sizeof(*resp));
	if (body && len > 0)
		root = cJSON_ParseWithLengthOpts(body, len, NULL, false);
	return envelope_finish(body, len, http_status, retry_after, root, resp,
			       err);
}

/* ---- item-by-item decoding of list pages ------------------------------ */

/*
 * A big page is walked rather than parsed whole: every value (keys, the
 * other envelope members, each element of `result`) is parsed by cJSON
 * itself, which reports where the value ends; only the JSON punctuation
 * between values ({ } [ ] : , and blanks) is read here. So an item's exact
 * text is known without a second serialisation, and one item's tree is
 * alive at a time instead of the page's.
 */
struct walk {
	const char *p, *end;
};

/* Arena for one item's tree; a record takes a few KB, more spills to
 * malloc. */
#define ITEM_ARENA_BYTES (64u * 1024u)

static void
walk_ws(struct walk *w)
{
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' ||
				 *w->p == '\n' || *w->p == '\r'))
		w->p++;
}

/* Skips blanks, then consumes ch if it comes next. */
static bool
walk_char(struct walk *w, char ch)
{
	walk_ws(w);
	if (w->p < w->end && *w->p == ch) {
		w->p++;
		return true;
	}
	return false;
}

/* Parses the JSON value at w->p (after blanks) and steps past it. */
static cJSON *
walk_value(struct walk *w)
{
	const char *stop = NULL;
	cJSON *v;

	walk_ws(w);
	if (w->p >= w->end)
		return NULL;
	v = cJSON_ParseWithLengthOpts(w->p, (size_t)(w->end - w->p), &stop,
				      false);
	if (!v)
		return NULL;
	if (!stop || stop <= w->p || stop > w->end) {
		cJSON_Delete(v);
		return NULL;
	}
	w->p = stop;
	return v;
}

/* What walking a page produced besides the envelope tree. */
struct walk_items {
	const struct cf_item_sink *sink;
	void *page;
	bool sunk;	     /* `result` was an array and went to the sink */
	size_t n;	     /* items the sink accepted */
	enum cf_status st;   /* the sink's verdict on the first bad item */
	struct cf_error err; /* its error */
};

/*
 * The elements of an array whose '[' was just read, each parsed alone and
 * handed to the sink with its text. After a rejected item the rest are
 * still parsed (to find the envelope's end) but not handed on. False when
 * the text is not a well-formed array.
 */
static bool
walk_array_items(struct walk *w, struct walk_items *wi)
{
	struct cf_json_arena arena;
	char *abuf = malloc(ITEM_ARENA_BYTES);
	const char *start;
	bool ok = false;
	cJSON *it;

	/* Each item's tree lives in the arena (when available) and is
	 * deleted before the next: see cf_json_arena_enter. */
	cf_json_arena_enter(&arena, abuf, abuf ? ITEM_ARENA_BYTES : 0);
	if (walk_char(w, ']')) {
		ok = true;
		goto out;
	}
	for (;;) {
		walk_ws(w);
		start = w->p;
		arena.on = true;
		it = walk_value(w);
		arena.on = false;
		if (!it)
			goto out;
		if (wi->st == CF_OK) {
			wi->st = wi->sink->item(wi->page, it, start,
						(size_t)(w->p - start),
						&wi->err);
			if (wi->st == CF_OK)
				wi->n++;
		}
		cJSON_Delete(it);
		cf_json_arena_reset(&arena);
		if (walk_char(w, ','))
			continue;
		ok = walk_char(w, ']');
		goto out;
	}
out:
	cf_json_arena_leave(&arena);
	free(abuf);
	return ok;
}

/*
 * The envelope object with its first `result` member replaced by an empty
 * array when that member is an array (its items went to the sink). NULL
 * when the body is not a well-formed JSON object (or out of memory): the
 * caller then parses it whole, which says what is wrong.
 */
static cJSON *
walk_envelope(const char *body, size_t len, struct walk_items *wi)
{
	struct walk w = { body, body + len };
	cJSON *root, *key = NULL, *v;
	bool seen_result = false;

	if (!walk_char(&w, '{'))
		return NULL;
	root = cJSON_CreateObject();
	if (!root)
		return NULL;
	if (walk_char(&w, '}'))
		return root;
	for (;;) {
		key = walk_value(&w);
		if (!key || !cJSON_IsString(key) || !key->valuestring ||
		    !walk_char(&w, ':'))
			goto fail;
		walk_ws(&w);
		if (!seen_result && !strcmp(key->valuestring, "result") &&
		    w.p < w.end && *w.p == '[') {
			w.p++;
			wi->sunk = true;
			if (!walk_array_items(&w, wi))
				goto fail;
			v = cJSON_CreateArray();
		} else {
			v = walk_value(&w);
		}
		if (!strcmp(key->valuestring, "result"))
			seen_result = true;
		if (!v)
			goto fail;
		if (!cJSON_AddItemToObject(root, key->valuestring, v)) {
			cJSON_Delete(v);
			goto fail;
		}
		cJSON_Delete(key);
		key = NULL;
		if (walk_char(&w, ','))
			continue;
		if (walk_char(&w, '}'))
			return root;
		goto fail;
	}
fail:
	cJSON_Delete(key);
	cJSON_Delete(root);
	return NULL;
}

enum cf_status
cf_envelope_decode_items(const char *body, size_t len, long http_status,
			 double retry_after, const struct cf_item_sink *sink,
			 void *page, struct cf_response *resp,
			 bool *item_failed, struct cf_error *err)
{
	struct walk_items wi = { .sink = sink, .page = page };
	enum cf_status st;
	cJSON *root;

	memset(resp, 0, sizeof(*resp));
	if (item_failed)
		*item_failed = false;
	/* Error bodies are small and never carry items. */
	if (!sink || http_status < 200 || http_status > 299 || !body ||
	    len == 0)
		return cf_envelope_decode(body, len, http_status, retry_after,
					  resp, err);
	root = walk_envelope(body, len, &wi);
	if (!root) {
		sink->abort(page);
		cf_error_clear(&wi.err);
		return cf_envelope_decode(body, len, http_status, retry_after,
					  resp, err);
	}
	st = envelope_finish(body, len, http_status, retry_after, root, resp,
			     err);
	if (st != CF_OK) {
		/* The envelope's own failure (success:false...) comes first. */
		sink->abort(page);
		cf_error_clear(&wi.err);
		return st;
	}
	if (wi.st != CF_OK) {
		sink->abort(page);
		cf_response_free(resp);
		cf_error_clear(err);
		*err = wi.err;
		err->status = wi.st;
		err->retryable = false;
		if (item_failed)
			*item_failed = true;
		return wi.st;
	}
	resp->items_sunk = wi.sunk;
	resp->nitems = wi.n;
	return CF_OK;
}
