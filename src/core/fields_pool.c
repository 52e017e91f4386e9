/* fields_pool.c: the pool field table and its origins sub-table: every field of a pool and of an origin, the origins as rows, and the rules between them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cfconsole/cf_json_edit.h"
#include "core/fields_impl.h"

#define POOL(o) ((const struct cf_pool *)(o))
#define POOLW(o) ((struct cf_pool *)(o))
#define ORG(o) ((const struct cf_origin *)(o))
#define ORGW(o) ((struct cf_origin *)(o))

/* ---- origins (the rows) -------------------------------------------------- */

static bool
check_origin_name(const void *obj, const char *t, const struct field_ctx *ctx,
		  char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return valid_origin_name(t, why, n);
}

static bool
check_address(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	(void)ctx;
	return valid_origin_address(t, ORG(obj)->virtual_network_id != NULL,
				    why, n);
}

static bool
check_weight(const void *obj, const char *t, const struct field_ctx *ctx,
	     char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return valid_weight_text(t, NULL, why, n);
}

static char *
get_host(const struct field *f, const void *obj)
{
	(void)f;
	return fi_dup(ORG(obj)->header_host.n ? ORG(obj)->header_host.v[0]
					      : NULL);
}

static bool
check_host(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return !*t || valid_host_header(t, why, n);
}

static bool
put_host(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	struct cf_strv v = { 0 };

	(void)f;
	(void)ctx;
	if (*t) {
		v.v = calloc(1, sizeof(char *));
		if (!v.v)
			return false;
		v.v[0] = strdup(t);
		if (!v.v[0]) {
			free(v.v);
			return false;
		}
		v.n = 1;
	}
	cf_strv_free(&ORGW(obj)->header_host);
	ORGW(obj)->header_host = v;
	return true;
}

static void
show_host(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	char *v = fields_join_list(&ORG(obj)->header_host, ", ");

	(void)ctx;
	(void)style;
	fi_emit(out, fi_key(f), v && *v ? v : NULL);
	free(v);
}

static bool
check_vnet(const void *obj, const char *t, const struct field_ctx *ctx,
	   char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	if (*t && strspn(t, "0123456789abcdefABCDEF-") != strlen(t)) {
		snprintf(why, n, "a virtual network id is a UUID");
		return false;
	}
	return true;
}

static void
org_init(void *o)
{
	cf_origin_init(o);
}

static void
org_free(void *o)
{
	cf_origin_free(o);
}

static enum cf_status
org_copy(void *d, const void *s)
{
	return cf_origin_copy(d, s);
}

static const char *
org_label(const void *o)
{
	return ORG(o)->name	 ? ORG(o)->name
	       : ORG(o)->address ? ORG(o)->address
				 : "(origin)";
}

#define OOFF(m) offsetof(struct cf_origin, m)

static const struct field origin_fields[] = {
	{ .name = "name",
	  .label = "Name",
	  .column = "NAME",
	  .hint = "unique in the pool",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_STR,
	  .off = OOFF(name),
	  .check = check_origin_name },
	{ .name = "address",
	  .label = "Address",
	  .column = "ADDRESS",
	  .hint = "IPv4, IPv6 or hostname of the server",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_STR,
	  .off = OOFF(address),
	  .check = check_address },
	{ .name = "enabled",
	  .label = "Enabled",
	  .column = "ENABLED",
	  .hint = "a disabled origin gets no traffic",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_BOOL,
	  .def = "on",
	  .store = FIELD_S_BOOL,
	  .off = OOFF(enabled) },
	{ .name = "weight",
	  .label = "Weight",
	  .column = "WEIGHT",
	  .hint = "0 to 1 in steps of 0.01: its share of the pool's traffic",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_NUMBER,
	  .def = "1",
	  .store = FIELD_S_NUM,
	  .off = OOFF(weight),
	  .lo = 0,
	  .hi = 1,
	  .step = 0.01,
	  .check = check_weight },
	{ .name = "header.Host",
	  .key = "header Host",
	  .label = "Host header",
	  .column = "HOST",
	  .hint = "optional Host header for this origin",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_TEXT,
	  .get = get_host,
	  .check = check_host,
	  .put = put_host,
	  .show = show_host },
	{ .name = "virtual_network_id",
	  .key = "virtual network",
	  .label = "Virtual network",
	  .hint = "for a private address: the tunnel's virtual network",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OOFF(virtual_network_id),
	  .check = check_vnet },
	{ .name = "disabled_at",
	  .key = "disabled at",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OOFF(disabled_at) },
};

#undef OOFF

static const char *const origin_ls[] = { "name",   "address",	  "enabled",
					 "weight", "header.Host", NULL };

const struct field_table fields_origin_table = {
	.res = FIELD_RES_ORIGIN,
	.name = "origin",
	.title = "origin",
	.v = origin_fields,
	.n = sizeof(origin_fields) / sizeof(origin_fields[0]),
	.size = sizeof(struct cf_origin),
	.all = CF_POOL_F_ORIGINS,
	.ls = origin_ls,
	.init = org_init,
	.free = org_free,
	.copy = org_copy,
	.label = org_label,
};

/* ---- the origins table of a pool ----------------------------------------- */

static size_t
rows_count(const void *obj)
{
	return POOL(obj)->norigins;
}

static const void *
rows_row(const void *obj, size_t i)
{
	return i < POOL(obj)->norigins ? &POOL(obj)->origins[i] : NULL;
}

static bool
rows_add(void *obj, const char *name)
{
	struct cf_pool *p = POOLW(obj);
	struct cf_origin *o =
		realloc(p->origins, (p->norigins + 1) * sizeof(*o));
	char def[32];

	if (!o)
		return false;
	p->origins = o;
	cf_origin_init(&o[p->norigins]);
	snprintf(def, sizeof(def), "origin-%zu", p->norigins + 1);
	o[p->norigins].name = strdup(name && *name ? name : def);
	o[p->norigins].address = strdup("");
	if (!o[p->norigins].name || !o[p->norigins].address) {
		cf_origin_free(&o[p->norigins]);
		return false;
	}
	p->norigins++;
	return true;
}

static bool
rows_remove(void *obj, size_t i)
{
	struct cf_pool *p = POOLW(obj);

	if (i >= p->norigins)
		return false;
	cf_origin_free(&p->origins[i]);
	memmove(&p->origins[i], &p->origins[i + 1],
		(p->norigins - i - 1) * sizeof(p->origins[0]));
	p->norigins--;
	return true;
}

static bool
rows_swap(void *obj, size_t i, size_t j)
{
	struct cf_pool *p = POOLW(obj);
	struct cf_origin t;

	if (i >= p->norigins || j >= p->norigins)
		return false;
	t = p->origins[i];
	p->origins[i] = p->origins[j];
	p->origins[j] = t;
	return true;
}

static const char *
rows_key(const void *row)
{
	return ORG(row)->name;
}

static const struct field_rows origin_rows = {
	.res = FIELD_RES_ORIGIN,
	.count = rows_count,
	.row = rows_row,
	.add = rows_add,
	.remove = rows_remove,
	.swap = rows_swap,
	.key = rows_key,
};

/* The whole table as the API's JSON array (the codec's own encoding). */
static char *
get_origins(const struct field *f, const void *obj)
{
	char *body = cf_pool_encode(obj, CF_POOL_F_ORIGINS), *arr;

	(void)f;
	if (!body)
		return NULL;
	arr = cf_json_scalar(body, "origins");
	free(body);
	return arr ? arr : strdup("[]");
}

/* Decodes a JSON array of origins into *out (a pool holding them). */
static bool
decode_origins(const char *t, struct cf_pool *out, char *why, size_t n)
{
	char *wrapped = cf_json_with(NULL, "origins", t, CF_JSON_ARRAY);
	struct cf_error err = { 0 };
	bool ok;

	if (!wrapped) {
		snprintf(why, n, "origins is a JSON array of origins");
		return false;
	}
	ok = cf_pool_decode(wrapped, out, &err) == CF_OK;
	if (!ok)
		snprintf(why, n, "origins: %s",
			 err.detail ? err.detail : "not valid");
	cf_error_clear(&err);
	free(wrapped);
	return ok;
}

static bool
check_origins(const void *obj, const char *t, const struct field_ctx *ctx,
	      char *why, size_t n)
{
	struct cf_pool p;
	bool ok;

	(void)obj;
	(void)ctx;
	ok = decode_origins(t, &p, why, n);
	if (ok)
		cf_pool_free(&p);
	return ok;
}

static bool
put_origins(const struct field *f, void *obj, const char *t,
	    const struct field_ctx *ctx)
{
	struct cf_pool *p = POOLW(obj), np;
	char why[VALID_WHY_MAX];
	size_t i;

	(void)f;
	(void)ctx;
	if (!decode_origins(t, &np, why, sizeof(why)))
		return false;
	for (i = 0; i < p->norigins; i++)
		cf_origin_free(&p->origins[i]);
	free(p->origins);
	p->origins = np.origins;
	p->norigins = np.norigins;
	np.origins = NULL;
	np.norigins = 0;
	cf_pool_free(&np);
	return true;
}

/* Detail: one line per origin; a list: "enabled/all". */
static void
show_origins(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	const struct cf_pool *p = POOL(obj);
	char key[300], b[1024];
	size_t i, on = 0;

	(void)ctx;
	if (style != FIELD_DETAIL) {
		for (i = 0; i < p->norigins; i++)
			on += p->origins[i].enabled;
		snprintf(b, sizeof(b), "%zu/%zu", on, p->norigins);
		fi_emit(out, fi_key(f), b);
		return;
	}
	for (i = 0; i < p->norigins; i++) {
		const struct cf_origin *o = &p->origins[i];

		snprintf(key, sizeof(key), "origin %s",
			 o->name ? o->name : "?");
		snprintf(b, sizeof(b), "%s weight %g %s",
			 o->address ? o->address : "-", o->weight,
			 o->enabled ? "enabled" : "disabled");
		fi_emit(out, key, b);
	}
}

/* ---- pool fields --------------------------------------------------------- */

static bool
check_pool_name(const void *obj, const char *t, const struct field_ctx *ctx,
		char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return valid_pool_name(t, why, n);
}

static bool
check_min_origins(const void *obj, const char *t, const struct field_ctx *ctx,
		  char *why, size_t n)
{
	int v;

	(void)ctx;
	return valid_int_text(t, "minimum origins", 1, 1000, &v, why, n) &&
	       (!POOL(obj)->norigins ||
		valid_minimum_origins(v, POOL(obj)->norigins, why, n));
}

static void
show_healthy(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	(void)ctx;
	(void)style;
	fi_emit(out, fi_key(f),
		!POOL(obj)->has_healthy ? "unknown"
		: POOL(obj)->healthy	? "yes"
					: "no");
}

static bool
check_monitor_ref(const void *obj, const char *t, const struct field_ctx *ctx,
		  char *why, size_t n)
{
	(void)obj;
	(void)ctx;
	return !*t || valid_object_id(t, why, n);
}

/* Detail: the monitor by name, then its id; a cell: its name. */
static void
show_monitor(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	const char *id = POOL(obj)->monitor, *name = NULL;
	char b[512];

	if (id && ctx && ctx->monitor_name)
		name = ctx->monitor_name(id, b, sizeof(b), ctx->ud);
	if (!name)
		name = id;
	fi_emit(out, fi_key(f), name);
	if (style == FIELD_DETAIL)
		fi_emit(out, "monitor id", id);
}

static const struct valid_choice *
region_choices(const void *obj, size_t *n)
{
	(void)obj;
	*n = valid_ncheck_regions;
	return valid_check_regions;
}

static bool
check_regions(const void *obj, const char *t, const struct field_ctx *ctx,
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
	for (i = 0; i < v.n && ok; i++)
		ok = valid_check_region(v.v[i], why, n);
	cf_strv_free(&v);
	return ok;
}

static void
show_regions(const struct field *f, const void *obj,
	     const struct field_ctx *ctx, enum field_style style,
	     const struct field_out *out)
{
	if (!POOL(obj)->has_check_regions)
		fi_emit(out, fi_key(f), "all data centres");
	else
		fi_show_generic(f, obj, ctx, style, out);
}

/* latitude and longitude are one line: "latitude, longitude". */
static void
show_latlon(const struct field *f, const void *obj, const struct field_ctx *ctx,
	    enum field_style style, const struct field_out *out)
{
	const struct cf_pool *p = POOL(obj);
	char b[96];

	(void)f;
	(void)ctx;
	(void)style;
	if (p->has_latitude || p->has_longitude) {
		snprintf(b, sizeof(b), "%g, %g", p->latitude, p->longitude);
		fi_emit(out, "latitude, longitude", b);
	} else {
		fi_emit(out, "latitude, longitude", NULL);
	}
}

static bool
check_email(const void *obj, const char *t, const struct field_ctx *ctx,
	    char *why, size_t n)
{
	struct cf_strv v;
	size_t i;
	bool ok = true;

	(void)obj;
	(void)ctx;
	if (!fields_split_list(t, &v))
		return false;
	for (i = 0; i < v.n && ok; i++) {
		const char *at = strchr(v.v[i], '@');

		if (!at || at == v.v[i] || !strchr(at, '.') ||
		    strchr(v.v[i], ' ')) {
			snprintf(why, n, "%s is not an email address", v.v[i]);
			ok = false;
		}
	}
	cf_strv_free(&v);
	return ok;
}

/* notification_filter.{origin,pool}.{disable,healthy} */
static const struct valid_choice healthy_filter[] = {
	{ "", "either way (healthy: null)" },
	{ "true", "only when it becomes healthy" },
	{ "false", "only when it becomes unhealthy" },
};

static struct cf_notification_rule *
rule_of(const struct field *f, void *obj)
{
	return strstr(f->name, ".origin.") ? &POOLW(obj)->nf_origin
					   : &POOLW(obj)->nf_pool;
}

static char *
get_nf(const struct field *f, const void *obj)
{
	const struct cf_notification_rule *r =
		rule_of(f, (void *)(uintptr_t)obj);

	if (strstr(f->name, ".disable"))
		return strdup(r->disable ? "on" : "off");
	return strdup(!r->has_healthy ? "" : r->healthy ? "true" : "false");
}

static bool
put_nf(const struct field *f, void *obj, const char *t,
       const struct field_ctx *ctx)
{
	struct cf_notification_rule *r = rule_of(f, obj);
	bool b = false;

	(void)ctx;
	POOLW(obj)->has_notification_filter = true;
	if (strstr(f->name, ".disable")) {
		fi_parse_bool(t, &b);
		r->disable = b;
	} else {
		r->has_healthy = *t != '\0';
		r->healthy = !strcmp(t, "true");
	}
	return true;
}

static void
show_nf(const struct field *f, const void *obj, const struct field_ctx *ctx,
	enum field_style style, const struct field_out *out)
{
	const struct cf_pool *p = POOL(obj);
	char b[256];

	(void)f;
	(void)ctx;
	(void)style;
	if (!p->has_notification_filter)
		return;
	snprintf(b, sizeof(b),
		 "origin disable=%s healthy=%s; "
		 "pool disable=%s healthy=%s",
		 p->nf_origin.disable ? "yes" : "no",
		 p->nf_origin.has_healthy
			 ? (p->nf_origin.healthy ? "yes" : "no")
			 : "any",
		 p->nf_pool.disable ? "yes" : "no",
		 p->nf_pool.has_healthy ? (p->nf_pool.healthy ? "yes" : "no")
					: "any");
	fi_emit(out, "notification filter", b);
}

/* load_shedding.* : any of them sets the object. */
static const struct valid_choice shed_default[] = {
	{ "random", "shed a random share of new requests" },
	{ "hash", "shed by a hash of the client IP (stable per client)" },
};
static const struct valid_choice shed_session[] = {
	{ "hash", "shed sessions by a hash of the client IP" },
};

static bool
put_shed(const struct field *f, void *obj, const char *t,
	 const struct field_ctx *ctx)
{
	(void)ctx;
	if (!fi_put_generic(f, obj, t))
		return false;
	POOLW(obj)->has_load_shedding = true;
	return true;
}

static void
show_shed(const struct field *f, const void *obj, const struct field_ctx *ctx,
	  enum field_style style, const struct field_out *out)
{
	const struct cf_pool *p = POOL(obj);
	char b[256];

	(void)f;
	(void)ctx;
	(void)style;
	snprintf(b, sizeof(b), "default %g%% %s, session %g%% %s",
		 p->ls_default_percent,
		 p->ls_default_policy ? p->ls_default_policy : "-",
		 p->ls_session_percent,
		 p->ls_session_policy ? p->ls_session_policy : "-");
	fi_emit(out, "load shedding", b);
}

static const struct valid_choice *
steering_choices(const void *obj, size_t *n)
{
	(void)obj;
	*n = valid_norigin_steerings;
	return valid_origin_steerings;
}

/* ---- life cycle ---------------------------------------------------------- */

static void
pool_init(void *o)
{
	cf_pool_init(o);
}

static void
pool_free(void *o)
{
	cf_pool_free(o);
}

static enum cf_status
pool_copy(void *d, const void *s)
{
	return cf_pool_copy(d, s);
}

static enum cf_status
pool_decode(const char *json, void *out, struct cf_error *err)
{
	return cf_pool_decode(json, out, err);
}

static char *
pool_encode(const void *o, unsigned mask)
{
	return cf_pool_encode(o, mask);
}

static const char *
pool_id(const void *o)
{
	return POOL(o)->id;
}

static const char *
pool_label(const void *o)
{
	return POOL(o)->name && *POOL(o)->name ? POOL(o)->name
	       : POOL(o)->id		       ? POOL(o)->id
					       : "(new pool)";
}

static void
pool_rules(const void *obj, const struct field_ctx *ctx,
	   struct plan_issues *out)
{
	const struct cf_pool *p = POOL(obj);
	size_t i, j;

	(void)ctx;
	if (!p->norigins)
		plan_issue_add(out, false, "origins",
			       "a pool needs at least one origin");
	for (i = 0; i < p->norigins; i++) {
		for (j = 0; j < i; j++) {
			if (p->origins[i].name && p->origins[j].name &&
			    !strcmp(p->origins[i].name, p->origins[j].name)) {
				char id[64];

				snprintf(id, sizeof(id), "origins[%zu].name",
					 i);
				plan_issue_add(out, false, id,
					       "origin name %s is used twice",
					       p->origins[i].name);
			}
		}
	}
	if (p->norigins && (size_t)p->minimum_origins > p->norigins)
		plan_issue_add(out, false, "minimum_origins",
			       "minimum origins (%d) is more than the pool's "
			       "%zu origins: it would never be healthy",
			       p->minimum_origins, p->norigins);
	if (p->has_latitude != p->has_longitude)
		plan_issue_add(out, false,
			       p->has_latitude ? "longitude" : "latitude",
			       "set latitude and longitude together");
	if (!p->monitor)
		plan_issue_add(out, true, "monitor",
			       "no monitor: nothing will check this pool's "
			       "origins");
}

#define OFF(m) offsetof(struct cf_pool, m)

static const struct field pool_fields[] = {
	{ .name = "id",
	  .column = "ID",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(id) },
	{ .name = "name",
	  .label = "Name",
	  .column = "NAME",
	  .hint = "letters, digits, - and _ (e.g. inference-pool)",
	  .mask = CF_POOL_F_NAME,
	  .kind = FIELD_TEXT,
	  .flags = FIELD_REQUIRED,
	  .store = FIELD_S_STR,
	  .off = OFF(name),
	  .check = check_pool_name },
	{ .name = "description",
	  .label = "Description",
	  .hint = "free text",
	  .mask = CF_POOL_F_DESCRIPTION,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(description),
	  .maxlen = 1024 },
	{ .name = "enabled",
	  .label = "Enabled",
	  .column = "ENABLED",
	  .hint = "a disabled pool serves no traffic",
	  .mask = CF_POOL_F_ENABLED,
	  .kind = FIELD_BOOL,
	  .def = "on",
	  .store = FIELD_S_BOOL,
	  .off = OFF(enabled) },
	{ .name = "healthy",
	  .column = "HEALTHY",
	  .kind = FIELD_BOOL,
	  .flags = FIELD_RO,
	  .store = FIELD_S_BOOL,
	  .off = OFF(healthy),
	  .show = show_healthy },
	{ .name = "disabled_at",
	  .key = "disabled at",
	  .kind = FIELD_TEXT,
	  .flags = FIELD_RO,
	  .store = FIELD_S_OPT,
	  .off = OFF(disabled_at) },
	{ .name = "minimum_origins",
	  .label = "Minimum origins",
	  .key = "minimum origins",
	  .column = "MIN",
	  .hint = "healthy origins needed for the pool to be healthy",
	  .mask = CF_POOL_F_MINIMUM_ORIGINS,
	  .kind = FIELD_NUMBER,
	  .def = "1",
	  .store = FIELD_S_INT,
	  .off = OFF(minimum_origins),
	  .lo = 1,
	  .hi = 1000,
	  .check = check_min_origins },
	{ .name = "monitor",
	  .label = "Monitor",
	  .column = "MONITOR",
	  .hint = "what checks the origins; none: nothing is health-checked",
	  .mask = CF_POOL_F_MONITOR,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_MONITORS,
	  .store = FIELD_S_OPT,
	  .off = OFF(monitor),
	  .check = check_monitor_ref,
	  .show = show_monitor },
	{ .name = "check_regions",
	  .label = "Check regions",
	  .key = "check regions",
	  .hint = "regions that probe the origins; none picked: every region",
	  .mask = CF_POOL_F_CHECK_REGIONS,
	  .kind = FIELD_PICK,
	  .flags = FIELD_NO_CREATE,
	  .choices_for = region_choices,
	  .store = FIELD_S_LIST,
	  .off = OFF(check_regions),
	  .has_off = OFF(has_check_regions),
	  .check = check_regions,
	  .show = show_regions },
	{ .name = "latitude",
	  .label = "Latitude",
	  .hint = "for proximity steering: -90 to 90, with the longitude",
	  .mask = CF_POOL_F_LATLON,
	  .kind = FIELD_NUMBER,
	  .store = FIELD_S_NUM,
	  .off = OFF(latitude),
	  .has_off = OFF(has_latitude),
	  .lo = -90,
	  .hi = 90,
	  .show = show_latlon },
	{ .name = "longitude",
	  .label = "Longitude",
	  .hint = "-180 to 180",
	  .mask = CF_POOL_F_LATLON,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .store = FIELD_S_NUM,
	  .off = OFF(longitude),
	  .has_off = OFF(has_longitude),
	  .lo = -180,
	  .hi = 180 },
	{ .name = "notification_email",
	  .label = "Notification email",
	  .key = "notification email",
	  .hint = "deprecated: addresses told of health changes, comma-separated",
	  .mask = CF_POOL_F_NOTIFICATION_EMAIL,
	  .kind = FIELD_TEXT,
	  .store = FIELD_S_OPT,
	  .off = OFF(notification_email),
	  .check = check_email },
	{ .name = "notification_filter.origin.disable",
	  .label = "Notify: origin disable",
	  .hint = "on: no notifications about origins",
	  .mask = CF_POOL_F_NOTIFICATION_FILTER,
	  .kind = FIELD_BOOL,
	  .get = get_nf,
	  .put = put_nf,
	  .show = show_nf },
	{ .name = "notification_filter.origin.healthy",
	  .label = "Notify: origin healthy",
	  .hint = "which origin changes",
	  .mask = CF_POOL_F_NOTIFICATION_FILTER,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL,
	  FI_CHOICES(healthy_filter),
	  .get = get_nf,
	  .put = put_nf },
	{ .name = "notification_filter.pool.disable",
	  .label = "Notify: pool disable",
	  .hint = "on: no notifications about the pool",
	  .mask = CF_POOL_F_NOTIFICATION_FILTER,
	  .kind = FIELD_BOOL,
	  .flags = FIELD_NO_DETAIL,
	  .get = get_nf,
	  .put = put_nf },
	{ .name = "notification_filter.pool.healthy",
	  .label = "Notify: pool healthy",
	  .hint = "which pool changes",
	  .mask = CF_POOL_F_NOTIFICATION_FILTER,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL,
	  FI_CHOICES(healthy_filter),
	  .get = get_nf,
	  .put = put_nf },
	{ .name = "load_shedding.default_percent",
	  .label = "Shed new requests (%)",
	  .hint = "0-100: share of new requests sent elsewhere",
	  .mask = CF_POOL_F_LOAD_SHEDDING,
	  .kind = FIELD_NUMBER,
	  .def = "0",
	  .store = FIELD_S_NUM,
	  .off = OFF(ls_default_percent),
	  .lo = 0,
	  .hi = 100,
	  .put = put_shed,
	  .show = show_shed },
	{ .name = "load_shedding.default_policy",
	  .label = "Shed policy",
	  .hint = "which new requests are shed",
	  .mask = CF_POOL_F_LOAD_SHEDDING,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL,
	  FI_CHOICES(shed_default),
	  .def = "random",
	  .store = FIELD_S_STR,
	  .off = OFF(ls_default_policy),
	  .put = put_shed },
	{ .name = "load_shedding.session_percent",
	  .label = "Shed sessions (%)",
	  .hint = "0-100: share of existing sessions sent elsewhere",
	  .mask = CF_POOL_F_LOAD_SHEDDING,
	  .kind = FIELD_NUMBER,
	  .flags = FIELD_NO_DETAIL,
	  .def = "0",
	  .store = FIELD_S_NUM,
	  .off = OFF(ls_session_percent),
	  .lo = 0,
	  .hi = 100,
	  .put = put_shed },
	{ .name = "load_shedding.session_policy",
	  .label = "Session shed policy",
	  .hint = "hash only",
	  .mask = CF_POOL_F_LOAD_SHEDDING,
	  .kind = FIELD_CHOICE,
	  .flags = FIELD_NO_DETAIL,
	  FI_CHOICES(shed_session),
	  .def = "hash",
	  .store = FIELD_S_STR,
	  .off = OFF(ls_session_policy),
	  .put = put_shed },
	{ .name = "origin_steering.policy",
	  .label = "Origin steering",
	  .key = "origin steering",
	  .hint = "how an origin is chosen",
	  .mask = CF_POOL_F_ORIGIN_STEERING,
	  .kind = FIELD_CHOICE,
	  .choices_for = steering_choices,
	  .def = "random",
	  .store = FIELD_S_STR,
	  .off = OFF(origin_steering_policy) },
	{ .name = "origins",
	  .label = "Origins",
	  .column = "ORIGINS",
	  .hint = "a: add  d: remove  K/J: move; real addresses only",
	  .mask = CF_POOL_F_ORIGINS,
	  .kind = FIELD_TABLE,
	  .flags = FIELD_REQUIRED,
	  .get = get_origins,
	  .check = check_origins,
	  .put = put_origins,
	  .show = show_origins,
	  .rows = &origin_rows },
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

#undef OFF

static const char *const pool_ls[] = {
	"name",	   "enabled", "healthy", "origins", "minimum_origins",
	"monitor", "id",      NULL
};

const struct field_table fields_pool_table = {
	.res = FIELD_RES_POOL,
	.name = "pool",
	.title = "pool",
	.v = pool_fields,
	.n = sizeof(pool_fields) / sizeof(pool_fields[0]),
	.size = sizeof(struct cf_pool),
	.all = CF_POOL_F_ALL,
	.ls = pool_ls,
	.init = pool_init,
	.free = pool_free,
	.copy = pool_copy,
	.decode = pool_decode,
	.encode = pool_encode,
	.id = pool_id,
	.label = pool_label,
	.rules = pool_rules,
};
