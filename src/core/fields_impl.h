/* fields_impl.h: internal to the field tables (fields*.c): the per-resource tables and the helpers they share. */
#ifndef CFCONSOLE_CORE_FIELDS_IMPL_H
#define CFCONSOLE_CORE_FIELDS_IMPL_H

#include <stddef.h>

#include "cfconsole/fields.h"

extern const struct field_table fields_dns_table;
extern const struct field_table fields_monitor_table;
extern const struct field_table fields_pool_table;
extern const struct field_table fields_origin_table;
extern const struct field_table fields_lb_table;
extern const struct field_table fields_zone_table;

/* Static choices as designated-initializer members. */
#define FI_CHOICES(a) .choices = a, .nchoices = sizeof(a) / sizeof(a[0])

/* The detail key of f (its key, else its name). */
const char *fi_key(const struct field *f);

/* Emits one line. */
void fi_emit(const struct field_out *out, const char *key, const char *value);

/* "on"/"off"/"true"/"false"/"yes"/"no" -> *b; false otherwise. */
bool fi_parse_bool(const char *t, bool *b);

/* strdup(s), "" for NULL. */
char *fi_dup(const char *s);

/* Replaces *dst by a copy of s (NULL or "" with `opt`: NULL). false on
 * OOM (dst unchanged). */
bool fi_set_str(char **dst, const char *s, bool opt);

/* A display number ("%.10g", as the panes always showed them). */
char *fi_num(double v, char *buf, size_t size);

/* An API time as the detail area shows it (timefmt_api). */
void fi_show_time(const struct field *f, const void *obj,
		  const struct field_ctx *ctx, enum field_style style,
		  const struct field_out *out);

/* Pool ids as names joined by sep ("-" when none) into buf. */
const char *fi_pool_names(const struct field_ctx *ctx,
			  const struct cf_strv *ids, const char *sep, char *buf,
			  size_t size);

/* One pool id as its name (the id when unknown). */
const char *fi_pool_name(const struct field_ctx *ctx, const char *id);

/* Copies a list (dst overwritten). false on OOM. */
bool fi_strv_copy(struct cf_strv *dst, const struct cf_strv *src);

/* The generic store and display of f (its `store`), for custom put and
 * show functions that add to them. */
bool fi_put_generic(const struct field *f, void *obj, const char *t);
void fi_show_generic(const struct field *f, const void *obj,
		     const struct field_ctx *ctx, enum field_style style,
		     const struct field_out *out);

#endif
