/* respond.c: cfsim response bodies -- envelopes per family, error shapes, the LB pretty printer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

struct sbuf {
	char *p;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		char *np;

		while (nc < b->len + n + 1)
			nc *= 2;
		np = realloc(b->p, nc);
		if (!np)
			abort();
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_indent(struct sbuf *b, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		sb_add(b, "  ", 2);
}

/* cJSON prints scalars (escaping strings); we only lay out containers. */
static void
pretty(struct sbuf *b, const cJSON *it, int depth)
{
	const cJSON *c;
	char *s;

	if (cJSON_IsArray(it) || cJSON_IsObject(it)) {
		bool obj = cJSON_IsObject(it);

		if (!it->child) {
			sb_str(b, obj ? "{}" : "[]");
			return;
		}
		sb_str(b, obj ? "{\n" : "[\n");
		for (c = it->child; c; c = c->next) {
			sb_indent(b, depth + 1);
			if (obj) {
				cJSON *k = cJSON_CreateStringReference(
					c->string ? c->string : "");

				s = cJSON_PrintUnformatted(k);
				sb_str(b, s);
				sb_str(b, ": ");
				free(s);
				cJSON_Delete(k);
			}
			pretty(b, c, depth + 1);
			sb_str(b, c->next ? ",\n" : "\n");
		}
		sb_indent(b, depth);
		sb_str(b, obj ? "}" : "]");
		return;
	}
	s = cJSON_PrintUnformatted(it);
	sb_str(b, s ? s : "null");
	free(s);
}

char *
resp_print_pretty(const cJSON *doc)
{
	struct sbuf b = { 0 };

	pretty(&b, doc, 0);
	return b.p;
}

static void
set_body(struct sim_resp *rs, enum sim_family fam, cJSON *doc)
{
	free(rs->body);
	rs->body = fam == SIM_LB ? resp_print_pretty(doc)
				 : cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
}

void
resp_ok(struct sim_resp *rs, enum sim_family fam, cJSON *result,
	cJSON *result_info, cJSON *messages)
{
	cJSON *doc = cJSON_CreateObject();

	cJSON_AddItemToObject(doc, "result",
			      result ? result : cJSON_CreateNull());
	if (result_info)
		cJSON_AddItemToObject(doc, "result_info", result_info);
	cJSON_AddBoolToObject(doc, "success", 1);
	cJSON_AddArrayToObject(doc, "errors");
	cJSON_AddItemToObject(doc, "messages",
			      messages ? messages : cJSON_CreateArray());
	rs->status = 200;
	set_body(rs, fam, doc);
}

void
resp_ok_list(struct sim_resp *rs, cJSON *arr)
{
	int n = cJSON_GetArraySize(arr);

	resp_ok(rs, SIM_LB, arr, resp_result_info(1, n, n, n, 1), NULL);
}

static cJSON *
error_item(int code, const char *message)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddNumberToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	return e;
}

void
resp_err_obj(struct sim_resp *rs, enum sim_family fam, unsigned int status,
	     cJSON *error)
{
	cJSON *doc = cJSON_CreateObject(), *errs;

	cJSON_AddNullToObject(doc, "result");
	cJSON_AddBoolToObject(doc, "success", 0);
	errs = cJSON_AddArrayToObject(doc, "errors");
	cJSON_AddItemToArray(errs, error);
	cJSON_AddArrayToObject(doc, "messages");
	rs->status = status;
	set_body(rs, fam, doc);
}

void
resp_err(struct sim_resp *rs, enum sim_family fam, unsigned int status,
	 int code, const char *message)
{
	resp_err_obj(rs, fam, status, error_item(code, message));
}

void
resp_gateway(struct sim_resp *rs, unsigned int status, int code,
	     const char *message)
{
	cJSON *doc = cJSON_CreateObject(), *errs;

	cJSON_AddBoolToObject(doc, "success", 0);
	errs = cJSON_AddArrayToObject(doc, "errors");
	cJSON_AddItemToArray(errs, error_item(code, message));
	rs->status = status;
	set_body(rs, SIM_COMPACT, doc);
}

void
resp_no_route(struct sim_resp *rs, const struct sim_req *rq)
{
	char msg[1200];
	char path[1024];
	size_t i, j = 0;

	/* Cloudflare collapses empty segments ("//") in the echoed path. */
	for (i = 0; rq->url[i] && j + 1 < sizeof(path); i++) {
		if (rq->url[i] == '/' && j > 0 && path[j - 1] == '/')
			continue;
		path[j++] = rq->url[i];
	}
	path[j] = '\0';
	snprintf(msg, sizeof(msg),
		 "Could not route to %s, perhaps your object identifier is "
		 "invalid?",
		 path);
	resp_err(rs, SIM_COMPACT, 404, 7003, msg);
}

void
resp_lb_invalid(struct sim_resp *rs, const char *msg)
{
	char full[1200];

	snprintf(full, sizeof(full), "%s: validation failed", msg);
	resp_err(rs, SIM_LB, 400, 1002, full);
}

void
resp_json(struct sim_resp *rs, unsigned int status, cJSON *doc)
{
	free(rs->body);
	rs->status = status;
	rs->body = resp_print_pretty(doc);
	cJSON_Delete(doc);
}

cJSON *
resp_result_info(long page, long per_page, long count, long total,
		 long total_pages)
{
	cJSON *ri = cJSON_CreateObject();

	cJSON_AddNumberToObject(ri, "page", (double)page);
	cJSON_AddNumberToObject(ri, "per_page", (double)per_page);
	cJSON_AddNumberToObject(ri, "count", (double)count);
	cJSON_AddNumberToObject(ri, "total_count", (double)total);
	cJSON_AddNumberToObject(ri, "total_pages", (double)total_pages);
	return ri;
}

void
resp_bad_method(struct sim_resp *rs, enum sim_family fam)
{
	resp_err(rs, fam, 405, 10405,
		 "Method not allowed for this route (cfsim)");
}
