/* accounts.c: accounts and API token verification (codecs and operations). */
#include <stdlib.h>
#include <string.h>

#include "cf/codec.h"
#include "cf/request.h"
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
	out->raw = cf_json_print(o);
	if (!out->raw) {
		cf_error_set(err, CF_ERR_NOMEM, "out of memory");
		goto fail;
	}
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

/* Shared shape of the public text decoders: parse, decode, free the tree. */
enum cf_status
cf_account_decode(const char *json, struct cf_account *out,
		  struct cf_error *err)
{
	cJSON *root;
	enum cf_status st;

	memset(out, 0, sizeof(*out));
	st = cf_json_parse_object(json, &root, err);
	if (st)
		return st;
	st = cf_account_from_cjson(root, out, err);
	cJSON_Delete(root);
	return st;
}

enum cf_status
cf_token_status_decode(const char *json, struct cf_token_status *out,
		       struct cf_error *err)
{
	cJSON *root;
	enum cf_status st;

	memset(out, 0, sizeof(*out));
	st = cf_json_parse_object(json, &root, err);
	if (st)
		return st;
	st = cf_token_status_from_cjson(root, out, err);
	cJSON_Delete(root);
	return st;
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

struct account_pages {
	struct cf_account_list list;
	size_t cap;
};

static enum cf_status
account_page(const cJSON *items, size_t total, void *ud,
	     struct cf_error *err)
{
	struct account_pages *acc = ud;
	const cJSON *it;

	(void)total;
	if (!cJSON_IsArray(items))
		return cf_error_set(err, CF_ERR_MALFORMED,
				    "accounts: result is not an array");
	cJSON_ArrayForEach(it, items) {
		if (!cf_list_grow((void **)&acc->list.items, acc->list.n,
				  &acc->cap, sizeof(*acc->list.items)))
			return cf_error_set(err, CF_ERR_NOMEM,
					    "out of memory");
		if (cf_account_from_cjson(it, &acc->list.items[acc->list.n],
					  err))
			return cf_error_prefix(err, "account %zu", acc->list.n);
		acc->list.n++;
	}
	return CF_OK;
}

enum cf_status
cf_accounts_list(struct cf_client *c, struct cf_account_list *out,
		 struct cf_error *err)
{
	struct account_pages acc = { 0 };
	enum cf_status st;

	st = cf_request_pages(c, "/accounts", NULL, ACCOUNTS_PER_PAGE,
			      account_page, &acc, err);
	if (st) {
		cf_account_list_free(&acc.list);
		return st;
	}
	*out = acc.list;
	return CF_OK;
}
