/* edit_ops.c: one-key changes on the edit engine: a record's proxied toggle and a load balancer's enable/disable, with what stops being served. */
#include "cfconsole/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_api.h"
#include "core/edit_impl.h"

/* A copy of seen with field name set to text, then an edit. */
static enum edit_outcome
one_field(struct cf_client *c, const struct edit_target *t, const void *seen,
	  const char *name, const char *text, const struct edit_options *o,
	  struct edit_result *r)
{
	const struct field_table *tt = fields_table(t->res);
	struct field_ctx cbuf;
	const struct field_ctx *ctx = edit_ctx(o, t, &cbuf);
	void *edited = calloc(1, tt->size);
	char why[VALID_WHY_MAX], what[300];
	enum edit_outcome out;

	memset(r, 0, sizeof(*r));
	edit_what(t->res, seen, what, sizeof(what));
	if (!edited || tt->copy(edited, seen) != CF_OK) {
		free(edited);
		return edit_finish(r, EDIT_FAILED, "out of memory");
	}
	if (!fields_set(fields_find(t->res, name, edited), edited, text, ctx,
			why, sizeof(why))) {
		edit_obj_free(t->res, edited);
		return edit_finish(r, EDIT_INVALID, "%s: %s; nothing was sent",
				   what, why);
	}
	out = edit_update(c, t, seen, edited, o, r);
	edit_obj_free(t->res, edited);
	return out;
}

enum edit_outcome
edit_set_proxied(struct cf_client *c, const struct edit_target *t,
		 const struct cf_dns_record *seen, bool on,
		 const struct edit_options *o, struct edit_result *r)
{
	struct edit_target rt = *t;

	rt.res = FIELD_RES_DNS;
	memset(r, 0, sizeof(*r));
	if (!seen->type ||
	    (strcmp(seen->type, "A") && strcmp(seen->type, "AAAA") &&
	     strcmp(seen->type, "CNAME")))
		return edit_finish(r, EDIT_INVALID,
				   "%s %s: only A, AAAA and CNAME records can "
				   "be proxied; nothing was sent",
				   seen->type ? seen->type : "?",
				   seen->name ? seen->name : "?");
	if (on && seen->id && !seen->proxiable)
		return edit_finish(r, EDIT_INVALID,
				   "%s %s: Cloudflare says this record cannot "
				   "be proxied (a private or reserved "
				   "target?); nothing was sent",
				   seen->type, seen->name ? seen->name : "?");
	return one_field(c, &rt, seen, "proxied", on ? "on" : "off", o, r);
}

enum edit_outcome
edit_lb_enable(struct cf_client *c, const struct edit_target *t,
	       const struct cf_load_balancer *seen, bool on,
	       const struct edit_options *o, struct edit_result *r)
{
	struct edit_target rt = *t;

	rt.res = FIELD_RES_LB;
	return one_field(c, &rt, seen, "enabled", on ? "on" : "off", o, r);
}

enum cf_status
edit_lb_impact(struct cf_client *c, const struct edit_target *t,
	       const struct cf_load_balancer *lb, bool disable, char **text,
	       struct cf_error *err)
{
	struct cf_dns_filter f = { .type = "CNAME", .content = lb->name };
	struct cf_dns_record_list l = { 0 };
	enum cf_status st = CF_OK;
	size_t i, len, n = 0;
	char *s;

	*text = NULL;
	if (t->zone_id && lb->name)
		st = cf_dns_list(c, t->zone_id, &f, &l, err);
	len = 512 + (lb->name ? strlen(lb->name) : 0);
	for (i = 0; i < l.n; i++)
		len += (l.items[i].name ? strlen(l.items[i].name) : 0) + 16;
	s = malloc(len);
	if (!s) {
		cf_dns_record_list_free(&l);
		return cf_error_set(err, CF_ERR_NOMEM, "out of memory");
	}
	if (disable)
		snprintf(s, len,
			 "%s stops being served: Cloudflare answers no query "
			 "for it through this load balancer (its pools stay as "
			 "they are)",
			 lb->name ? lb->name : "the load balancer");
	else
		snprintf(s, len, "%s is served again through its pools",
			 lb->name ? lb->name : "the load balancer");
	for (i = 0; i < l.n; i++) {
		if (!l.items[i].content || !lb->name ||
		    strcasecmp(l.items[i].content, lb->name))
			continue;
		strcat(s, n++	    ? ", "
			  : disable ? "; so do the records pointing "
				      "at it: CNAME "
				    : "; and so are: CNAME ");
		strcat(s, l.items[i].name ? l.items[i].name : "?");
	}
	if (st != CF_OK)
		strcat(s, " (the records pointing at it could not be read)");
	cf_dns_record_list_free(&l);
	*text = s;
	return st;
}
