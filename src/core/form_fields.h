/* form_fields.h: internal to the form model (form.c, form_fields.c): the field table, dependencies, values as text and typed text into a plan. */
#ifndef CFCONSOLE_CORE_FORM_FIELDS_H
#define CFCONSOLE_CORE_FORM_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/form.h"

/* Every field of the wizard, in the order a step shows them. Static. */
extern const struct form_field form_field_table[];
extern const size_t form_nfields;

/*
 * "pool.origins[3].address" -> base "pool.origins[].address" and row 3.
 * false (base untouched) when id names no table cell. Pure.
 */
bool form_split_cell(const char *id, char *base, size_t size, size_t *row);

/*
 * Whether field id (a base id) is shown for plan p now: the dependencies
 * between fields (monitor path only for HTTP(S), LB TTL only when not
 * proxied, CNAME fields only when it is created, ...). Pure.
 */
bool form_field_visible(const struct cf_plan *p, const char *id);

/* The value of field base (row: the table row) as text. Caller frees;
 * NULL on OOM. Pure. */
char *form_value_text(const struct cf_plan *p, const char *base, size_t row);

/*
 * Parses and validates text t for field base (row for cells) and stores
 * it in p, with the changes that follow it (the method with the type, the
 * CNAME's target with the LB's name, names with the zone). false with a
 * one-line reason in why (p unchanged) when t is not acceptable. Field
 * rules only; whole-plan rules are plan_validate's.
 */
bool form_store(struct cf_plan *p, const struct plan_rules *rules,
		const char *base, size_t row, const char *t, char *why,
		size_t n);

#endif
