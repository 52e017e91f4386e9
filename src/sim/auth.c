/* auth.c: cfsim request authentication in Cloudflare's order (ERRORS.md §2, §9). */
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "sim/services.h"
#include "sim/validate.h"

static cJSON *
header_error(int chain_code, const char *chain_msg, int chain2_code,
	     const char *chain2_msg)
{
	cJSON *e = cJSON_CreateObject(), *chain, *c;

	cJSON_AddNumberToObject(e, "code", 6003);
	cJSON_AddStringToObject(e, "message", "Invalid request headers");
	chain = cJSON_AddArrayToObject(e, "error_chain");
	c = cJSON_CreateObject();
	cJSON_AddNumberToObject(c, "code", chain_code);
	cJSON_AddStringToObject(c, "message", chain_msg);
	cJSON_AddItemToArray(chain, c);
	if (chain2_msg) {
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "code", chain2_code);
		cJSON_AddStringToObject(c, "message", chain2_msg);
		cJSON_AddItemToArray(chain, c);
	}
	return e;
}

static const struct sim_cred *
find_token(const struct sim_config *cfg, const char *tok)
{
	size_t i;

	for (i = 0; i < cfg->ncreds; i++)
		if (cfg->creds[i].token &&
		    strcmp(cfg->creds[i].token, tok) == 0)
			return &cfg->creds[i];
	return NULL;
}

static const struct sim_cred *
find_key(const struct sim_config *cfg, const char *email, const char *key)
{
	size_t i;

	for (i = 0; i < cfg->ncreds; i++)
		if (cfg->creds[i].key &&
		    strcasecmp(cfg->creds[i].email, email) == 0 &&
		    strcmp(cfg->creds[i].key, key) == 0)
			return &cfg->creds[i];
	return NULL;
}

const struct sim_cred *
auth_check(const struct sim_config *cfg, struct MHD_Connection *conn,
	   bool verify, bool write, struct sim_resp *rs)
{
	const char *authz = MHD_lookup_connection_value(
		conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *email = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							"X-Auth-Email");
	const char *key = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						      "X-Auth-Key");
	const struct sim_cred *cred = NULL;

	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7) != 0 ||
		    !validate_bearer_token(authz + 7)) {
			resp_err_obj(rs, SIM_COMPACT, 400,
				     header_error(6111,
						  "Invalid format for "
						  "Authorization header",
						  0, NULL));
			return NULL;
		}
		cred = find_token(cfg, authz + 7);
		if (!cred) {
			if (verify)
				resp_err(rs, SIM_COMPACT, 401, 1000,
					 "Invalid API Token");
			else
				resp_err(rs, SIM_COMPACT, 403, 9109,
					 "Invalid access token");
			return NULL;
		}
	} else if ((email || key) && !verify) {
		bool email_ok = email && validate_auth_email(email);
		bool key_ok = key && validate_auth_key(key);

		if (!email_ok) {
			resp_err_obj(
				rs, SIM_COMPACT, 400,
				header_error(6102,
					     "Invalid format for "
					     "X-Auth-Email header",
					     key_ok ? 0 : 6103,
					     key_ok ? NULL
						    : "Invalid format for "
						      "X-Auth-Key header"));
			return NULL;
		}
		if (!key_ok) {
			resp_err_obj(rs, SIM_COMPACT, 400,
				     header_error(6103,
						  "Invalid format for "
						  "X-Auth-Key header",
						  0, NULL));
			return NULL;
		}
		cred = find_key(cfg, email, key);
		if (!cred) {
			resp_err(rs, SIM_COMPACT, 403, 9103,
				 "Unknown X-Auth-Key or X-Auth-Email");
			return NULL;
		}
	} else {
		resp_gateway(rs, 400, 9106,
			     "Missing X-Auth-Key, X-Auth-Email or "
			     "Authorization headers");
		return NULL;
	}
	if (write && cred->readonly) {
		resp_gateway(rs, 403, 10000, "Authentication error");
		return NULL;
	}
	return cred;
}
