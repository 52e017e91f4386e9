/* accounts.c: accounts and API token verification (codecs and operations). */
#include <stdlib.h>
#include <string.h>

#include "cf/call.h"
#include "cf/codec.h"
#include "cfconsole/cf_api.h"

/* Zones and accounts allow per_page 5..50 (NOTES.md): take the maximum. */
#define ACCOUNTS_PER_PAGE 50

/* ---- codecs -------------------------------------------------------------- */

enum cf_status
cf_account_from_cjson(const cJSON *o, struct cf_account *out,
		      struct cf_error *err)
{
	const cJSON *settings = NULL;

	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "account", err))
		return err->status;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "name", &out->name, err) ||
	    cf_json_get_str(o, "type", &out->type, err) ||
	    cf_json_get_str(o, "created_on", &out->created_on, err) ||
	    cf_json_get_obj(o, "settings", &settings, err) ||
	    cf_json_get_bool(settings, "enforce_twofactor",
			     &out->enforce_twofactor, NULL, err))
		goto fail;
	if (cf_json_keep_raw(o, &out->raw, err))
		goto fail;
	return CF_OK;
fail:
	cf_account_free(out);
	return err->status;
}

enum cf_status
cf_token_status_from_cjson(const cJSON *o, struct cf_token_status *out,
			   struct cf_error *err)
{
	memset(out, 0, sizeof(*out));
	if (cf_json_need_object(o, "token", err))
		return err->status;
	if (cf_json_get_str(o, "id", &out->id, err) ||
	    cf_json_get_str(o, "status", &out->status, err) ||
	    cf_json_get_str(o, "expires_on", &out->expires_on, err) ||
	    cf_json_get_str(o, "not_before", &out->not_before, err)) {
		cf_token_status_free(out);
		return err->status;
	}
	return CF_OK;
}

/* Typed adapters of the account and token descriptors (see cf/call.h). */
static enum cf_status
account_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_account_from_cjson(o, out, err);
}

static void
account_type_free(void *a)
{
	cf_account_free(a);
}

static const struct cf_type account_type = {
	.size = sizeof(struct cf_account),
	.items = "accounts",
	.item = "account",
	.decode = account_type_decode,
	.free = account_type_free,
};

static enum cf_status
token_type_decode(const cJSON *o, void *out, struct cf_error *err)
{
	return cf_token_status_from_cjson(o, out, err);
}

static void
token_type_free(void *t)
{
	cf_token_status_free(t);
}

static const struct cf_type token_type = {
	.size = sizeof(struct cf_token_status),
	.items = "tokens",
	.decode = token_type_decode,
	.free = token_type_free,
};

enum cf_status
cf_account_decode(const char *json, struct cf_account *out,
		  struct cf_error *err)
{
	return cf_decode_text(json, &account_type, out, err);
}

enum cf_status
cf_token_status_decode(const char *json, struct cf_token_status *out,
		       struct cf_error *err)
{
	return cf_decode_text(json, &token_type, out, err);
}

/* ---- operations ---------------------------------------------------------- */

enum cf_status
cf_token_verify(struct cf_client *c, struct cf_token_status *out,
		struct cf_error *err)
{
	struct cf_response resp = { 0 };
	struct cf_token_status t;
	const cJSON *msgs, *first;
	enum cf_status st;

	st = cf_request(c, "GET", "/user/tokens/verify", NULL, NULL, &resp,
			err);
	if (st)
		return st;
	st = cf_token_status_from_cjson(resp.result, &t, err);
	if (st)
		goto out;
	/* "This API Token is valid and active" rides in messages[0]. */
	msgs = cJSON_GetObjectItemCaseSensitive(resp.root, "messages");
	first = cJSON_IsArray(msgs) ? cJSON_GetArrayItem(msgs, 0) : NULL;
	if (first && cf_json_get_str(first, "message", &t.message, err)) {
		st = err->status;
		cf_token_status_free(&t);
		goto out;
	}
	*out = t;
out:
	cf_response_free(&resp);
	return st;
}

enum cf_status
cf_accounts_list(struct cf_client *c, struct cf_account_list *out,
		 struct cf_error *err)
{
	void *items;
	size_t n;
	enum cf_status st;

	st = cf_call_pages(c, "/accounts", NULL, ACCOUNTS_PER_PAGE,
			   &account_type, &items, &n, err);
	if (st)
		return st;
	out->items = items;
	out->n = n;
	return CF_OK;
}
