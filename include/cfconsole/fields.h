/* fields.h: one field table per resource (DNS records, monitors, pools and their origins, load balancers, zones): names, labels, hints, masks, kinds, defaults, text in and out, validation, dependencies, display, diffs. */
#ifndef CFCONSOLE_FIELDS_H
#define CFCONSOLE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_error.h"
#include "cfconsole/cf_models.h"
#include "cfconsole/plan.h"
#include "cfconsole/validate.h"

/*
 * What a resource's fields are is written once, here, and everything
 * else reads it: the detail area and the list columns of the panes, the
 * `ls` tables, the create/edit forms (form.h), the PATCH masks and
 * readable diffs, the headless `--set field=value`, and the validation of
 * a JSON edit.
 *
 * A field is addressed by its API name ("interval",
 * "origin_steering.policy", "data.port", "session_affinity_attributes.
 * samesite"); cells of a table by the table's name, a row and the cell's
 * name ("origins[2].weight"). Every field reads its value from the model
 * as text (fields_get: the text a form shows and `--set` takes, e.g.
 * "60", "on", "WNAM, ENAM", "LAX=ID1,ID2; SJC=ID3"), and sets it from text
 * (fields_set: parsed and validated with validate.h, a one-line reason
 * when refused, the object untouched). A field applies to an object only
 * in some states (fields_applies: a record type's own fields, TTL when not
 * proxied, the path of an HTTP monitor): forms show only those.
 *
 * Objects are the cf_models.h structs. Setting a field frees the string it
 * replaces, so set fields only on objects whose strings are individually
 * allocated: one made by x_init(), x_decode() or x_copy() (a DNS record
 * from a list keeps its strings in one block: copy it first).
 *
 * Everything here is pure (no I/O, no globals that change) and may run on
 * any thread.
 */

/* The resources with a field table. */
enum field_res {
	FIELD_RES_DNS = 0,
	FIELD_RES_MONITOR,
	FIELD_RES_POOL,
	FIELD_RES_ORIGIN, /* the rows of a pool's origins table */
	FIELD_RES_LB,
	FIELD_RES_ZONE, /* read-only */
	FIELD_NRES,
};

/* How a field is edited (the same values, in the same order, as
 * enum form_kind). */
enum field_kind {
	FIELD_TEXT = 0, /* free text (validated) */
	FIELD_NUMBER,	/* a number typed as text */
	FIELD_BOOL,	/* "on" / "off" */
	FIELD_CHOICE,	/* one of the choices (static, or objects) */
	FIELD_TABLE,	/* rows of cells (a pool's origins) */
	FIELD_PICK,	/* an ordered list of values picked from choices */
	FIELD_MAP,	/* key -> values: "KEY=a,b; KEY2=c" */
};

/* Where a value is shown: the detail area, a list pane's cell, an `ls`
 * table. Most fields show the same text everywhere. */
enum field_style {
	FIELD_DETAIL = 0,
	FIELD_CELL,
	FIELD_LIST,
};

/* Field flags. */
enum {
	FIELD_RO = 1u << 0,	   /* read-only: shown, never sent */
	FIELD_NO_DETAIL = 1u << 1, /* no line of its own in the detail
				       area (another field's line says it) */
	FIELD_NO_FORM = 1u << 2,   /* not a form field (its parts are) */
	FIELD_NO_CREATE = 1u << 3, /* not in a create body (the API does
				       not take it there): set by a PATCH
				       right after the create */
	FIELD_REQUIRED = 1u << 4,  /* must not be empty */
	FIELD_POOLS = 1u << 5,	   /* holds pool ids (choices: pools) */
	FIELD_MONITORS = 1u << 6,  /* holds a monitor id (choices: monitors) */
};

/*
 * What a field's text depends on beyond the object. Every member may be
 * NULL or zero: names are then shown as ids, relative names are not
 * completed, and the interval minimum is VALID_MIN_INTERVAL.
 */
struct field_ctx {
	const char *zone; /* zone name: DNS and LB names relative to it */
	int min_interval; /* the account's lowest monitor interval */
	/* A pool's name for its id, or NULL when unknown. */
	const char *(*pool_name)(const char *id, void *ud);
	/* A monitor's name for people (its description, or type and path)
	 * written into buf, or NULL when unknown. */
	const char *(*monitor_name)(const char *id, char *buf, size_t size,
				    void *ud);
	/* The names of the objects that use object id of resource res (a
	 * monitor: pools; a pool: load balancers), ", "-joined into buf;
	 * NULL when none or unknown. */
	const char *(*used_by)(enum field_res res, const char *id, char *buf,
			       size_t size, void *ud);
	/* Setting a pool field by name ("--set fallback_pool=pool-b"): the
	 * id of the pool called name, or NULL (the text must then be an
	 * id). */
	const char *(*pool_id)(const char *name, void *ud);
	void *ud;
};

/* One line of a field's display: key (as the detail area shows it) and
 * value (NULL: "-"). Called zero or more times per field. */
struct field_out {
	void (*emit)(const char *key, const char *value, void *ud);
	void *ud;
};

/* How a field is stored in its model struct (generic get/set), or
 * FIELD_S_NONE when the field supplies get and put. */
enum field_store {
	FIELD_S_NONE = 0,
	FIELD_S_STR,	/* char *, "" kept as "" */
	FIELD_S_OPT,	/* char *, "" stored as NULL */
	FIELD_S_INT,	/* int */
	FIELD_S_NUM,	/* double (with has_off: "" clears the flag) */
	FIELD_S_BOOL,	/* bool */
	FIELD_S_LIST,	/* struct cf_strv, "a, b" (with has_off: "" clears) */
	FIELD_S_MEMBER, /* a member of the JSON object text (char *) at off:
			  the name after the first '.' ("data.port"); a
			  FIELD_NUMBER is stored as a number, else a string;
			  "" removes it */
};

struct field;

/* A table field's rows (a pool's origins). */
struct field_rows {
	enum field_res res; /* the rows' fields */
	size_t (*count)(const void *obj);
	const void *(*row)(const void *obj, size_t i);
	/* Appends a row with defaults and the name given (may be NULL). */
	bool (*add)(void *obj, const char *name);
	bool (*remove)(void *obj, size_t i);
	/* Swaps rows i and j. */
	bool (*swap)(void *obj, size_t i, size_t j);
	/* The row's key for people and for "origins[NAME].weight". */
	const char *(*key)(const void *row);
};

/*
 * One field (static). Designated initializers: a member left out is
 * zero. Generic text in/out comes from `store` and `off` (offsetof in
 * the model struct), `has_off` (a bool saying the value is present; 0:
 * none), `lo`/`hi`/`step` (numbers; lo == hi: no range) and `maxlen`
 * (text; 0: no limit); `get`/`put` replace the generic ones, `check`
 * adds rules after the generic ones, `show` replaces the one-line
 * display.
 */
struct field {
	const char *name;   /* API name: --set NAME=..., issue field ids */
	const char *label;  /* form label: "Interval (s)" */
	const char *key;    /* detail key: "interval" (NULL: name) */
	const char *column; /* `ls` header: "INTERVAL" (NULL: not a column) */
	const char *hint;   /* one line under the field */
	unsigned mask;	    /* CF_*_F_* bit it is written with; 0 read-only */
	enum field_kind kind;
	unsigned flags;			    /* FIELD_RO ... */
	const struct valid_choice *choices; /* every allowed value, explained */
	size_t nchoices;
	/* choices that depend on the object (a monitor's methods; obj may be
	 * NULL: the general list), or NULL */
	const struct valid_choice *(*choices_for)(const void *obj, size_t *n);
	const char *def;   /* the API default as text ("" none) */
	const char *types; /* DNS: " MX URI " -- the record types it is
				 for; NULL: every type */
	enum field_store store;
	size_t off, has_off;
	double lo, hi, step;
	size_t maxlen;
	/* extra condition on when it applies (NULL: always) */
	bool (*applies)(const void *obj, const struct field_ctx *ctx);
	/* extra validation of text for obj, after the generic checks */
	bool (*check)(const void *obj, const char *text,
		      const struct field_ctx *ctx, char *why, size_t n);
	/* custom text out (malloc'd, "" when absent; NULL on OOM) */
	char *(*get)(const struct field *f, const void *obj);
	/* custom store of validated text; false only on OOM */
	bool (*put)(const struct field *f, void *obj, const char *text,
		    const struct field_ctx *ctx);
	/* custom display (zero or more lines) */
	void (*show)(const struct field *f, const void *obj,
		     const struct field_ctx *ctx, enum field_style style,
		     const struct field_out *out);
	const struct field_rows *rows; /* FIELD_TABLE */
};

/* A resource: its fields, its model's life cycle and codec. */
struct field_table {
	enum field_res res;
	const char *name;      /* journal kind: "dns_record", "monitor",
				  "pool", "origin", "load_balancer", "zone" */
	const char *title;     /* "DNS record" */
	const struct field *v; /* in detail-area order */
	size_t n;
	size_t size;		 /* sizeof the model struct */
	unsigned all;		 /* every writable mask bit (CF_*_F_ALL) */
	const char *const *ls;	 /* `ls` columns: field names, NULL-ended */
	void (*init)(void *obj); /* the API's defaults */
	void (*free)(void *obj);
	enum cf_status (*copy)(void *dst, const void *src);
	/* JSON text <-> model (NULL for origins and zones' encode) */
	enum cf_status (*decode)(const char *json, void *out,
				 struct cf_error *err);
	char *(*encode)(const void *obj, unsigned mask);
	const char *(*id)(const void *obj);
	/* A name for people ("www.example.com", "pool-a"); never NULL. */
	const char *(*label)(const void *obj);
	/* Rules between fields (timeout < interval, the fallback pool among
	 * the default pools, ...): appended to out with field names. */
	void (*rules)(const void *obj, const struct field_ctx *ctx,
		      struct plan_issues *out);
};

/* The table of resource r (static), or NULL for an unknown r. */
const struct field_table *fields_table(enum field_res r);

/* The resource called name ("dns_record", "dns", "monitor", "pool",
 * "origin", "load_balancer", "lb", "zone"); false when unknown. */
bool fields_res_parse(const char *name, enum field_res *out);

/*
 * Field `name` of resource r that applies to obj (obj may be NULL: the
 * first field of that name). Several DNS fields share a name across
 * record types ("data.flags" is a number for CAA, text for NAPTR).
 * NULL when unknown.
 */
const struct field *fields_find(enum field_res r, const char *name,
				const void *obj);

/* Does f apply to obj now (record type, proxied, monitor type ...)? */
bool fields_applies(const struct field *f, const void *obj,
		    const struct field_ctx *ctx);

/* The allowed values of f for obj (static or per object; n = 0 and
 * NULL when free). Pool and monitor pickers (FIELD_POOLS,
 * FIELD_MONITORS) get theirs from the caller's objects. */
const struct valid_choice *fields_choices(const struct field *f,
					  const void *obj, size_t *n);

/* Writable: not read-only and with a mask bit. */
bool fields_writable(const struct field *f);

/* f's value in obj as text (malloc'd; "" when absent). NULL on OOM. */
char *fields_get(const struct field *f, const void *obj);

/*
 * Is text acceptable for f in obj? false with a one-line reason ("port
 * must be a whole number from 0 to 65535"). Nothing is changed.
 */
bool fields_check(const struct field *f, const void *obj, const char *text,
		  const struct field_ctx *ctx, char *why, size_t n);

/*
 * Checks text (fields_check) and stores it in obj, with what follows it
 * (a DNS type change drops the old type's fields; a relative record name
 * gets the zone). false with why filled (obj unchanged) when refused or
 * on out-of-memory.
 */
bool fields_set(const struct field *f, void *obj, const char *text,
		const struct field_ctx *ctx, char *why, size_t n);

/* Stores text in f of obj without checking it: for text read with
 * fields_get from another object of the same resource (a merge). The
 * same side effects as fields_set. false on OOM. */
bool fields_assign(const struct field *f, void *obj, const char *text,
		   const struct field_ctx *ctx);

/*
 * A three-way merge for "re-apply my edit onto the new version": *out
 * becomes a copy of `fresh` (the object as read now) with every change
 * from `seen` (as the user opened it) to `edited` (as the user left it)
 * applied on top, field by field; a table row by row, by key: changed
 * cells, added rows, removed rows, and the order of the rows the user
 * kept. What others changed in fields the user did not touch stays, and
 * so do fields unknown to the tables (fresh's raw JSON). *out is
 * malloc'd: free it with the table's free(), then free(). false on OOM.
 */
bool fields_rebase(enum field_res r, const void *seen, const void *edited,
		   const void *fresh, void **out);

/* f's display lines for obj in style (detail keys; value NULL = "-"). */
void fields_show(const struct field *f, const void *obj,
		 const struct field_ctx *ctx, enum field_style style,
		 const struct field_out *out);

/* The first display line's value of f, into buf ("-" when none).
 * Returns buf. For cells and `ls` columns. */
const char *fields_text(const struct field *f, const void *obj,
			const struct field_ctx *ctx, enum field_style style,
			char *buf, size_t size);

/* Every field of r's table, in order, as detail lines (FIELD_NO_DETAIL
 * fields left out). */
void fields_detail(enum field_res r, const void *obj,
		   const struct field_ctx *ctx, const struct field_out *out);

/*
 * Validates a whole object: every writable field that applies (its text
 * through fields_check; a FIELD_REQUIRED one must not be empty), the cells
 * of its tables ("origins[1].address") and the rules between fields.
 * Appends issues named by field; returns true when there is no error.
 */
bool fields_validate(enum field_res r, const void *obj,
		     const struct field_ctx *ctx, struct plan_issues *out);

/*
 * The problems an edit brings: fields_validate of `after`, without the
 * errors `before` already had (same field, same reason). A value the API
 * gave that nobody touched does not stop an edit of another field, but a
 * change that breaks a rule (a type that needs a port) does. Warnings are
 * kept. Returns true when no new error.
 */
bool fields_validate_edit(enum field_res r, const void *before,
			  const void *after, const struct field_ctx *ctx,
			  struct plan_issues *out);

/*
 * What differs between a and b (two objects of r), field by field over
 * the writable fields: the mask of the changed fields (*mask, may be 0)
 * and, when text is not NULL, a readable diff, one change per line
 * ("interval: 60 -> 30", "origins[gpu-b].weight: 1 -> 0.5", "origins:
 * + gpu-c", "origins: - gpu-a"), malloc'd (NULL when nothing differs).
 * false only on out-of-memory.
 */
bool fields_diff(enum field_res r, const void *a, const void *b, unsigned *mask,
		 char **text);

/*
 * Sets a field by its --set path: "interval", "data.port",
 * "origins[gpu-b].weight" or "origins[1].weight" (a row by name or
 * index; "origins[+].address" adds a row), "pop_pools.LAX" (one key of a
 * map; "" removes it). Same rules as fields_set; why names the field.
 */
bool fields_set_path(enum field_res r, void *obj, const char *path,
		     const char *text, const struct field_ctx *ctx, char *why,
		     size_t n);

/* A number as the shortest text that reads back the same ("0.5", "60"). */
void fields_num_text(double v, char *buf, size_t size);

/* ---- maps and lists as text (shared by the tables and the forms) ---- */

/* "a, b,c" -> items (trimmed, empty ones dropped). false on OOM. */
bool fields_split_list(const char *text, struct cf_strv *out);

/* items -> "a, b" (malloc'd; NULL on OOM). */
char *fields_join_list(const struct cf_strv *v, const char *sep);

/* "K=a,b; K2=c" -> a pool map (keys trimmed). false with why on a
 * malformed item, or on OOM. */
bool fields_parse_map(const char *text, struct cf_pool_map *out, char *why,
		      size_t n);

/* A pool map as "K=a,b; K2=c" (malloc'd). */
char *fields_map_text(const struct cf_pool_map *m);

/* Frees a map's entries and zeroes it. */
void fields_map_free(struct cf_pool_map *m);

#endif
