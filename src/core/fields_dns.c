/* fields_dns.c: the DNS record field table: every record type the API allows, the fields each type needs (priority, the members of `data`), names relative to the zone or absolute, TTL and proxied rules. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_json_edit.h"
#include "core/fields_impl.h"

#define REC(o) ((const struct cf_dns_record *)(o))
#define RECW(o) ((struct cf_dns_record *)(o))

/* ---- record types -------------------------------------------------------- */

static const struct valid_choice dns_types[] = {
	{ "A", "an IPv4 address" },
	{ "AAAA", "an IPv6 address" },
	{ "CAA", "which certificate authorities may issue for the name" },
	{ "CERT", "a certificate or revocation list (key tag, algorithm)" },
	{ "CNAME", "an alias: the name answers as another hostname" },
	{ "DNSKEY", "a DNSSEC public key" },
	{ "DS", "a delegation signer: the DNSSEC key of a child zone" },
	{ "HTTPS", "an HTTPS service binding (priority, target, ALPN/hints)" },
	{ "LOC", "a geographic location (latitude, longitude, altitude)" },
	{ "MX", "a mail exchanger, with a priority (lower first)" },
	{ "NAPTR", "a naming authority pointer (rewrite rule for URIs)" },
	{ "NS", "delegates the name to other name servers" },
	{ "PTR", "a pointer to a canonical name (reverse DNS)" },
	{ "SMIMEA", "an S/MIME certificate association" },
	{ "SRV", "a service: priority, weight, port and target host" },
	{ "SSHFP", "an SSH host key fingerprint" },
	{ "SVCB", "a general service binding (priority, target, params)" },
	{ "TLSA", "a TLS certificate association (DANE)" },
	{ "TXT", "free text (SPF, DKIM, site verification ...)" },
	{ "URI", "a URI for a service, with priority and weight" },
};

/* Types whose value is `content`; the others take `data`. */
#define CONTENT_TYPES " A AAAA CNAME MX NS PTR TXT "
#define DATA_TYPES \
	" CAA CERT DNSKEY DS HTTPS LOC NAPTR SMIMEA SRV SSHFP SVCB TLSA URI "

static bool
type_in(const char *type, const char *list)
{
	char pat[32];

	if (!type || !*type || strlen(type) > 16)
		return false;
	snprintf(pat, sizeof(pat), " %s ", type);
	return strstr(list, pat) != NULL;
}

static bool
proxiable_type(const char *type)
{
	return type_in(type, " A AAAA CNAME ");
}

/* ---- name ---------------------------------------------------------------- */

/* The absolute name for what the user typed: "@" is the apex, a name that
 * does not end in the zone is relative to it. malloc'd. */
static char *
absolute_name(const char *t, const struct field_ctx *ctx)
{
	const char *zone = ctx ? ctx->zone : NULL;
	size_t n = strlen(t), z;
	char *out;

	if (!zone || !*zone)
		return strdup(t);
	if (!strcmp(t, "@"))
		return strdup(zone);
	z = strlen(zone);
	if (n && t[n - 1] == '.')
		return strndup(t, n - 1); /* "www.example.com." is absolute */
	if (!strcasecmp(t, zone) ||
	    (n > z && t[n - z - 1] == '.' && !strcasecmp(t + n - z, zone)))
		return strdup(t);
	out = malloc(n + z + 2);
	if (out)
		snprintf(out, n + z + 2, "%s.%s", t, zone);
	return out;
}

static bool
check_name(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	char *full = absolute_name(t, ctx);
	bool ok;

	(void)obj;
	if (!full) {
		snprintf(why, n, "out of memory");
		return false;
	}
	if (strlen(full) > 255) {
		snprintf(why, n, "a record name has at most 255 characters");
		free(full);
		return false;
	}
	ok = ctx && ctx->zone && *ctx->zone
		     ? valid_record_name(full, ctx->zone, why, n)
		     : valid_hostname(full, false, true, why, n);
	free(full);
	return ok;
}

static bool
put_name(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	char *full = absolute_name(t, ctx);

	(void)f;
	if (!full)
		return false;
	free(RECW(obj)->name);
	RECW(obj)->name = full;
	return true;
}

/* ---- type ---------------------------------------------------------------- */

static const struct field_table *table(void);

/* A data member's default (LOC minutes ...) into data. */
static void
data_defaults(struct cf_dns_record *r)
{
	const struct field_table *t = table();
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct field *f = &t->v[i];
		char *nd;

		if (strncmp(f->name, "data.", 5) || !f->def || !*f->def ||
		    !type_in(r->type, f->types))
			continue;
		nd = cf_json_with(r->data_json, f->name + 5, f->def,
				  f->kind == FIELD_NUMBER ? CF_JSON_NUMBER
							  : CF_JSON_STRING);
		if (nd) {
			free(r->data_json);
			r->data_json = nd;
		}
	}
}

static bool
put_type(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	struct cf_dns_record *r = RECW(obj);
	bool same = r->type && !strcmp(r->type, t);
	char *nt = strdup(t);

	(void)f;
	(void)ctx;
	if (!nt)
		return false;
	free(r->type);
	r->type = nt;
	if (same)
		return true;
	/* What the old type had and the new one has not goes. */
	if (!proxiable_type(t)) {
		r->proxied = false;
		r->has_proxied = false;
	}
	if (!type_in(t, " MX URI "))
		r->has_priority = false;
	free(r->data_json);
	r->data_json = NULL;
	if (type_in(t, DATA_TYPES)) {
		free(r->content);
		r->content = NULL;
		r->data_json = strdup("{}");
		if (!r->data_json)
			return false;
		data_defaults(r);
	}
	return true;
}

/* ---- content ------------------------------------------------------------- */

static bool
check_content(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	const char *type = REC(obj)->type;

	(void)ctx;
	if (!*t) {
		snprintf(why, n, "enter the %s record's content",
			 type ? type : "");
		return false;
	}
	if (!strcmp(type, "A"))
		return valid_ipv4(t, why, n);
	if (!strcmp(type, "AAAA"))
		return valid_ipv6(t, why, n);
	if (!strcmp(type, "TXT")) {
		if (strlen(t) > 4096) {
			snprintf(why, n,
				 "TXT content has at most 4096 "
				 "characters");
			return false;
		}
		return true;
	}
	if (valid_ipv4(t, NULL, 0) || valid_ipv6(t, NULL, 0)) {
		snprintf(why, n,
			 "a %s record points at a hostname, not an "
			 "address",
			 type);
		return false;
	}
	return valid_hostname(t, false, true, why, n);
}

/* LIST: the priority belongs with the target ("10 mx.example.com"). */
static void
show_content(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	const struct cf_dns_record *r = REC(obj);
	char b[1100];

	(void)ctx;
	if (style == FIELD_LIST && r->has_priority) {
		snprintf(b, sizeof(b), "%.0f %s", r->priority,
			 r->content ? r->content : "");
		fi_emit(out, fi_key(f), b);
		return;
	}
	fi_emit(out, fi_key(f), r->content && *r->content ? r->content : NULL);
}

/* ---- proxied and TTL ----------------------------------------------------- */

static bool
put_proxied(const struct field *f, void *obj, const char *t,
	    const struct field_ctx *ctx)
{
	struct cf_dns_record *r = RECW(obj);
	bool b = false;

	(void)f;
	(void)ctx;
	fi_parse_bool(t, &b);
	r->proxied = b;
	r->has_proxied = true;
	/* A proxied record's TTL is always automatic. */
	if (b)
		r->ttl = 1;
	return true;
}

static void
show_proxied(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	const struct cf_dns_record *r = REC(obj);

	(void)ctx;
	if (!r->has_proxied)
		fi_emit(out, fi_key(f), NULL);
	else if (style == FIELD_CELL)
		fi_emit(out, fi_key(f), r->proxied ? "on" : "off");
	else
		fi_emit(out, fi_key(f), r->proxied ? "yes" : "no");
}

static bool
not_proxied(const void *obj, const struct field_ctx *ctx)
{
	(void)ctx;
	return !REC(obj)->proxied;
}

static bool
check_ttl(const void *obj, const char *t, const struct field_ctx *ctx,
	  char *why, size_t n)
{
	int v;

	(void)ctx;
	return valid_int_text(t, "TTL", 1, 86400, &v, why, n) &&
	       valid_dns_ttl(v, REC(obj)->proxied, why, n);
}

static void
show_ttl(const struct field *f, const void *obj, const struct field_ctx *ctx,
	 enum field_style style, const struct field_out *out)
{
	double ttl = REC(obj)->ttl;
	char b[64];

	(void)ctx;
	if (ttl == 1)
		snprintf(b, sizeof(b), "auto");
	else if (style == FIELD_LIST)
		snprintf(b, sizeof(b), "%.0f", ttl);
	else
		fi_num(ttl, b, sizeof(b));
	fi_emit(out, fi_key(f), b);
}

/* ---- tags, data ---------------------------------------------------------- */

static bool
check_tags(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	struct cf_strv v;
	size_t i;
	bool ok = true;

	(void)obj;
	(void)ctx;
	if (!fields_split_list(t, &v)) {
		snprintf(why, n, "out of memory");
		return false;
	}
	for (i = 0; i < v.n && ok; i++) {
		const char *colon = strchr(v.v[i], ':');

		if (!colon || colon == v.v[i]) {
			snprintf(why, n, "tag \"%s\" is not name:value",
				 v.v[i]);
			ok = false;
		}
	}
	cf_strv_free(&v);
	return ok;
}

static bool
check_data(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	if (*t && cf_json_type(t) != CF_JSON_OBJECT) {
		snprintf(why, n,
			 "data is a JSON object ({\"port\": 443, ...})");
		return false;
	}
	return true;
}

static bool
check_srv_target(const void *obj, const char *t, const struct field_ctx *ctx,
		 char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return !strcmp(t, ".") || valid_hostname(t, false, true, why, n);
}

static bool
check_hex(const void *obj, const char *t, const struct field_ctx *ctx,
	  char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	if (strspn(t, "0123456789abcdefABCDEF") != strlen(t)) {
		snprintf(why, n, "write the value in hexadecimal");
		return false;
	}
	return true;
}

static const struct valid_choice caa_tags[] = {
	{ "issue", "a CA allowed to issue certificates for the name" },
	{ "issuewild", "a CA allowed to issue wildcard certificates" },
	{ "iodef", "where CAs report policy violations (mailto: or https:)" },
};
static const struct valid_choice lat_dirs[] = {
	{ "N", "north of the equator" },
	{ "S", "south of the equator" },
};
static const struct valid_choice long_dirs[] = {
	{ "E", "east of Greenwich" },
	{ "W", "west of Greenwich" },
};

/* ---- the record's life cycle --------------------------------------------- */

static void
rec_init(void *o)
{
	cf_dns_record_init(o);
}

static void
rec_free(void *o)
{
	cf_dns_record_free(o);
}

static enum cf_status
rec_copy(void *d, const void *s)
{
	return cf_dns_record_copy(d, s);
}

static enum cf_status
rec_decode(const char *json, void *out, struct cf_error *err)
{
	return cf_dns_record_decode(json, out, err);
}

static char *
rec_encode(const void *o, unsigned mask)
{
	return cf_dns_record_encode(o, mask);
}

static const char *
rec_id(const void *o)
{
	return REC(o)->id;
}

static const char *
rec_label(const void *o)
{
	return REC(o)->name ? REC(o)->name : "(unnamed record)";
}

static void
show_zone(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	(void)obj;
	(void)style;
	fi_emit(out, fi_key(f),
		ctx && ctx->zone && *ctx->zone ? ctx->zone : NULL);
}

static void
rec_rules(const void *obj, const struct field_ctx *ctx, struct plan_issues *out)
{
	const struct cf_dns_record *r = REC(obj);

	(void)ctx;
	if (r->proxied && !proxiable_type(r->type))
		plan_issue_add(out, false, "proxied",
			       "a %s record cannot be proxied", r->type);
	if (r->proxied && r->ttl != 1)
		plan_issue_add(out, false, "ttl",
			       "a proxied record's TTL is automatic (1)");
	if (type_in(r->type, DATA_TYPES) &&
	    cf_json_type(r->data_json) != CF_JSON_OBJECT)
		plan_issue_add(out, false, "data",
			       "a %s record needs its data fields", r->type);
}

#define OFF(m) offsetof(struct cf_dns_record, m)

/* Flags of a member of `data` that must be given. */
#define MEMBER_REQUIRED (FIELD_NO_DETAIL | FIELD_REQUIRED)

static const struct field dns_fields[] = {
	{ .name = "id",
	  .column = "ID",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(id) },
	{ .name = "type",
	  .label = "Type",
	  .column = "TYPE",
	  .hint = "what the record holds",
	  .mask = CF_DNS_F_TYPE,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_REQUIRED,
	  FI_CHOICES(dns_types),
	  .def = "A",
	  .store = FIELD_S_STR,
	  .off = OFF(type),
	  .put = put_type },
	{ .name = "name",
	  .label = "Name",
	  .column = "NAME",
	  .hint = "relative to the zone (www, @ for the apex) or absolute",
	  .mask = CF_DNS_F_NAME,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_STR,
	  .off = OFF(name),
	  .check = check_name,
	  .put = put_name },
	{ .name = "content",
	  .label = "Content",
	  .column = "CONTENT",
	  .types = CONTENT_TYPES,
	  .hint = "IPv4 (A), IPv6 (AAAA), a hostname (CNAME, MX, NS, PTR), "
		  "text (TXT)",
	  .mask = CF_DNS_F_CONTENT,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_OPT,
	  .off = OFF(content),
	  .check = check_content,
	  .show = show_content },
	{ .name = "proxied",
	  .label = "Proxied",
	  .column = "PROXIED",
	  .types = " A AAAA CNAME ",
	  .hint = "through Cloudflare (orange cloud); the TTL is then automatic",
	  .mask = CF_DNS_F_PROXIED,
	  .kind = FIELD_BOOL,
	  .def = "off",
	  .store = FIELD_S_BOOL,
	  .off = OFF(proxied),
	  .put = put_proxied,
	  .show = show_proxied },
	{ .name = "proxiable",
	  .kind = FIELD_BOOL,
	  .flags = FIELD_RO,
	  .store = FIELD_S_BOOL,
	  .off = OFF(proxiable) },
	{ .name = "ttl",
	  .label = "TTL (s)",
	  .column = "TTL",
	  .hint = "1 (automatic) or 60-86400 (30 on Enterprise)",
	  .mask = CF_DNS_F_TTL,
	  .kind = FIELD_NUMBER,
	  .def = "1",
	  .store = FIELD_S_NUM,
	  .off = OFF(ttl),
	  .applies = not_proxied,
	  .check = check_ttl,
	  .show = show_ttl },
	{ .name = "priority",
	  .label = "Priority",
	  .types = " MX URI ",
	  .hint = "0-65535; lower is preferred",
	  .mask = CF_DNS_F_PRIORITY,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_REQUIRED,
	  .def = "10",
	  .store = FIELD_S_NUM,
	  .off = OFF(priority),
	  .has_off = OFF(has_priority),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "comment",
	  .label = "Comment",
	  .hint = "a note for people, at most 100 characters",
	  .mask = CF_DNS_F_COMMENT,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(comment),
	  .maxlen = 100 },
	{ .name = "tags",
	  .label = "Tags",
	  .hint = "name:value items, comma-separated",
	  .mask = CF_DNS_F_TAGS,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_LIST,
	  .off = OFF(tags),
	  .check = check_tags },
	{ .name = "data",
	  .label = "Data",
	  .types = DATA_TYPES,
	  .hint = "the type's fields as a JSON object",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_FORM,
	  .store = FIELD_S_OPT,
	  .off = OFF(data_json),
	  .check = check_data },
	/* CAA */
	{ .name = "data.flags",
	  .types = " CAA ",
	  .label = "Flags",
	  .hint = "0, or 128 (critical: CAs must understand the tag)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.tag",
	  .types = " CAA ",
	  .label = "Tag",
	  .hint = "what the value is about",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  FI_CHOICES(caa_tags),
	  .def = "issue",
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.value",
	  .types = " CAA ",
	  .label = "Value",
	  .hint = "the CA's domain (letsencrypt.org) or a report URL",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* CERT */
	{ .name = "data.type",
	  .types = " CERT ",
	  .label = "Certificate type",
	  .hint = "1 PKIX, 2 SPKI, 3 PGP ... (0-65535)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.key_tag",
	  .types = " CERT DS ",
	  .label = "Key tag",
	  .hint = "the key's tag (0-65535)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.algorithm",
	  .types = " CERT DNSKEY DS ",
	  .label = "Algorithm",
	  .hint = "DNSSEC algorithm number (8 RSASHA256, 13 ECDSAP256)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.certificate",
	  .types = " CERT ",
	  .label = "Certificate",
	  .hint = "the certificate, base64",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* DNSKEY */
	{ .name = "data.flags",
	  .types = " DNSKEY ",
	  .label = "Flags",
	  .hint = "256 zone key, 257 key-signing key",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.protocol",
	  .types = " DNSKEY ",
	  .label = "Protocol",
	  .hint = "always 3",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.public_key",
	  .types = " DNSKEY ",
	  .label = "Public key",
	  .hint = "the key, base64",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* DS */
	{ .name = "data.digest_type",
	  .types = " DS ",
	  .label = "Digest type",
	  .hint = "1 SHA-1, 2 SHA-256, 4 SHA-384",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.digest",
	  .types = " DS ",
	  .label = "Digest",
	  .hint = "the digest, hexadecimal",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .check = check_hex },
	/* HTTPS, SVCB, SRV */
	{ .name = "data.priority",
	  .types = " HTTPS SRV SVCB ",
	  .label = "Priority",
	  .hint = "0-65535; 0 is alias mode (HTTPS, SVCB), lower first",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.target",
	  .types = " HTTPS SVCB ",
	  .label = "Target",
	  .hint = "the target host (. for the record's own name)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.value",
	  .types = " HTTPS SVCB ",
	  .label = "Parameters",
	  .hint = "service parameters: alpn=\"h2,h3\" ipv4hint=...",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.weight",
	  .types = " SRV URI ",
	  .label = "Weight",
	  .hint = "0-65535; share among records of the same priority",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.port",
	  .types = " SRV ",
	  .label = "Port",
	  .hint = "the service's port",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.target",
	  .types = " SRV ",
	  .label = "Target",
	  .hint = "the host that offers the service",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .check = check_srv_target },
	{ .name = "data.target",
	  .types = " URI ",
	  .label = "Target",
	  .hint = "the URI (https://example.com/path)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* LOC */
	{ .name = "data.lat_degrees",
	  .types = " LOC ",
	  .label = "Latitude degrees",
	  .hint = "0-90",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 90,
	  .step = 1 },
	{ .name = "data.lat_minutes",
	  .types = " LOC ",
	  .label = "Latitude minutes",
	  .hint = "0-59",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 59,
	  .step = 1,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.lat_seconds",
	  .types = " LOC ",
	  .label = "Latitude seconds",
	  .hint = "0-59.999",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 59.999,
	  .step = 0.001,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.lat_direction",
	  .types = " LOC ",
	  .label = "Latitude direction",
	  .hint = "N or S",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  FI_CHOICES(lat_dirs),
	  .def = "N",
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.long_degrees",
	  .types = " LOC ",
	  .label = "Longitude degrees",
	  .hint = "0-180",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 180,
	  .step = 1 },
	{ .name = "data.long_minutes",
	  .types = " LOC ",
	  .label = "Longitude minutes",
	  .hint = "0-59",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 59,
	  .step = 1,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.long_seconds",
	  .types = " LOC ",
	  .label = "Longitude seconds",
	  .hint = "0-59.999",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 59.999,
	  .step = 0.001,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.long_direction",
	  .types = " LOC ",
	  .label = "Longitude direction",
	  .hint = "E or W",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  FI_CHOICES(long_dirs),
	  .def = "E",
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.altitude",
	  .types = " LOC ",
	  .label = "Altitude (m)",
	  .hint = "-100000 to 42849672.95",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = -100000,
	  .hi = 42849672.95,
	  .step = 0.01,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.size",
	  .types = " LOC ",
	  .label = "Size (m)",
	  .hint = "diameter of the sphere around the point",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 90000000,
	  .step = 0.01,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.precision_horz",
	  .types = " LOC ",
	  .label = "Horizontal precision (m)",
	  .hint = "0-90000000",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 90000000,
	  .step = 0.01,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.precision_vert",
	  .types = " LOC ",
	  .label = "Vertical precision (m)",
	  .hint = "0-90000000",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .lo = 0,
	  .hi = 90000000,
	  .step = 0.01,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* NAPTR */
	{ .name = "data.order",
	  .types = " NAPTR ",
	  .label = "Order",
	  .hint = "0-65535; lower is processed first",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.preference",
	  .types = " NAPTR ",
	  .label = "Preference",
	  .hint = "0-65535; among equal orders, lower first",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 65535,
	  .step = 1 },
	{ .name = "data.flags",
	  .types = " NAPTR ",
	  .label = "Flags",
	  .hint = "S, A, U or P (or empty)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL,
	  .maxlen = 8,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.service",
	  .types = " NAPTR ",
	  .label = "Service",
	  .hint = "e.g. SIP+D2U",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.regex",
	  .types = " NAPTR ",
	  .label = "Regex",
	  .hint = "substitution expression (or empty)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	{ .name = "data.replacement",
	  .types = " NAPTR ",
	  .label = "Replacement",
	  .hint = "the next name to look up (. for none)",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json) },
	/* SMIMEA, TLSA */
	{ .name = "data.usage",
	  .types = " SMIMEA TLSA ",
	  .label = "Usage",
	  .hint = "0 CA, 1 service cert, 2 trust anchor, 3 domain cert",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.selector",
	  .types = " SMIMEA TLSA ",
	  .label = "Selector",
	  .hint = "0 full certificate, 1 public key",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.matching_type",
	  .types = " SMIMEA TLSA ",
	  .label = "Matching type",
	  .hint = "0 exact, 1 SHA-256, 2 SHA-512",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.certificate",
	  .types = " SMIMEA TLSA ",
	  .label = "Certificate data",
	  .hint = "the data, hexadecimal",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .check = check_hex },
	/* SSHFP */
	{ .name = "data.algorithm",
	  .types = " SSHFP ",
	  .label = "Algorithm",
	  .hint = "1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.type",
	  .types = " SSHFP ",
	  .label = "Fingerprint type",
	  .hint = "1 SHA-1, 2 SHA-256",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_NUMBER,
	  .flags = MEMBER_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .lo = 0,
	  .hi = 255,
	  .step = 1 },
	{ .name = "data.fingerprint",
	  .types = " SSHFP ",
	  .label = "Fingerprint",
	  .hint = "hexadecimal",
	  .mask = CF_DNS_F_DATA,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_NO_DETAIL | FIELD_REQUIRED,
	  .store = FIELD_S_MEMBER,
	  .off = OFF(data_json),
	  .check = check_hex },
	/* read-only */
	{ .name = "meta.auto_added",
	  .key = "auto added",
	  .kind = FIELD_BOOL,
	  .flags = FIELD_RO,
	  .store = FIELD_S_BOOL,
	  .off = OFF(meta_auto_added) },
	{ .name = "meta.source",
	  .key = "source",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(meta_source) },
	{ .name = "zone",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .show = show_zone },
	{ .name = "created_on",
	  .key = "created",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(created_on),
	  .show = fi_show_time },
	{ .name = "modified_on",
	  .key = "modified",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(modified_on),
	  .show = fi_show_time },
};

#undef MEMBER_REQUIRED
#undef OFF

static const char *const dns_ls[] = { "type",	 "name", "content", "ttl",
				      "proxied", "id",	 NULL };

const struct field_table fields_dns_table = {
	.res = FIELD_RES_DNS,
	.name = "dns_record",
	.title = "DNS record",
	.v = dns_fields,
	.n = sizeof(dns_fields) / sizeof(dns_fields[0]),
	.size = sizeof(struct cf_dns_record),
	.all = CF_DNS_F_ALL,
	.ls = dns_ls,
	.init = rec_init,
	.free = rec_free,
	.copy = rec_copy,
	.decode = rec_decode,
	.encode = rec_encode,
	.id = rec_id,
	.label = rec_label,
	.rules = rec_rules,
};

static const struct field_table *
table(void)
{
	return &fields_dns_table;
}
