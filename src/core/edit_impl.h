/* edit_impl.h: internal to the edit engine (edit*.c): paths, reading objects, building and running plans, results. */
#ifndef CFCONSOLE_CORE_EDIT_IMPL_H
#define CFCONSOLE_CORE_EDIT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/edit.h"

/* The collection of t's resource, with the plan's variables
 * ("/accounts/{account_id}/load_balancers/pools"); NULL when t lacks the
 * account or zone it needs. Static. */
const char *edit_collection(const struct edit_target *t);

/* Sets the plan variables of t ({account_id}, {zone.id}). false on OOM. */
bool edit_vars(struct pe_plan *p, const struct edit_target *t);

/* The resolved path of object id of t ("/zones/Z/dns_records/ID"),
 * malloc'd; NULL when an id is missing or not safe in a path. */
char *edit_object_path(const struct edit_target *t, const char *id);

/* A path and id that go into a URL as they are: letters, digits, - _ . */
bool edit_path_safe(const char *s);

/*
 * GETs path and decodes it as an object of res: *obj (malloc'd model)
 * and *json (its text), either may be NULL when not wanted. CF_OK, or
 * the API's error (CF_ERR_NOT_FOUND when it is gone).
 */
enum cf_status edit_read(struct cf_client *c, enum field_res res,
			 const char *path, void **obj, char **json,
			 struct cf_error *err);

/* Frees a model made by edit_read (or calloc + decode). NULL no-op. */
void edit_obj_free(enum field_res res, void *obj);

/* The message of r, printf-style (replaces an earlier one). */
void edit_say(struct edit_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets the outcome and a message; returns the outcome. */
enum edit_outcome edit_finish(struct edit_result *r, enum edit_outcome o,
			      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Runs (or, dry, describes) plan p with o's journal, cancel and
 * progress; maps the engine's outcome into r (DONE, FAILED, LEFT,
 * DRY_RUN) with what the engine said. `what` names the change for the
 * message ("monitor web"). The report stays in r->report.
 */
enum edit_outcome edit_run(struct cf_client *c, struct pe_plan *p,
			   const struct edit_options *o, const char *what,
			   struct edit_result *r);

/* A PATCH body of obj with the fields in mask (a monitor's always with
 * expected_codes), cleared optional fields sent empty. Caller frees. */
char *edit_patch_body(enum field_res res, const void *obj, unsigned mask);

/* The mask of the fields a create body cannot carry (FIELD_NO_CREATE)
 * whose value in obj is not the API's default. */
unsigned edit_after_create_mask(enum field_res res, const void *obj);

/* "monitor web", "DNS record www.example.com" (static buffer per call
 * site: buf). */
const char *edit_what(enum field_res res, const void *obj, char *buf,
		      size_t size);

/* A plan label that names one change uniquely in this process (for the
 * journal's plan key): "delete monitor ID #N". malloc'd. */
char *edit_plan_label(const char *verb, const char *kind, const char *id);

/*
 * Adds the steps that create obj in t's collection: "object" (POST, its
 * id "{object.id}" for later steps; on the undo stack when undoable) and
 * "object.rest" (a PATCH of what the create body cannot carry). false
 * on OOM.
 */
bool edit_add_create(struct pe_plan *p, const struct edit_target *t,
		     const void *obj, const char *label, bool undoable);

/* The context for validation: o->ctx, else one with t's zone. */
const struct field_ctx *edit_ctx(const struct edit_options *o,
				 const struct edit_target *t,
				 struct field_ctx *buf);

#endif
