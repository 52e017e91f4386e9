/* form.h: the setup wizard's form model (no terminal): steps, fields with labels, hints, kinds and choices, validation as typed, dependencies, Next refused while a field is invalid. */
#ifndef CFCONSOLE_FORM_H
#define CFCONSOLE_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_plan.h"
#include "cfconsole/fields.h"
#include "cfconsole/plan.h"
#include "cfconsole/validate.h"

/*
 * A form edits a struct cf_plan through fields. The UI only draws what the
 * form says (steps, visible fields, each field's text, reason, choices,
 * rows) and feeds it keys as calls: form_type() for typed text,
 * form_backspace(), form_toggle() for space on a boolean, form_cycle() for
 * arrows on a choice, form_focus_next() for Tab, form_next()/form_back()
 * for Enter and b. Nothing here blocks or draws; one thread (the UI's).
 *
 * Every field has an id that is also the `field` of plan_validate()'s
 * issues ("monitor.interval", "pool.origins[1].address"), so a whole-plan
 * rule (timeout < interval, the fallback among the default pools) shows
 * next to the field it is about.
 *
 * Validation as typed: each edit parses and validates the field's text;
 * a valid value goes into the plan at once, an invalid one stays as text
 * with its reason (form_why) and the plan keeps the last valid value.
 * form_next() refuses to leave a step while one of its visible fields has
 * a reason, and puts the focus on the first such field.
 */

enum form_kind {
	FORM_TEXT,   /* free text (validated) */
	FORM_NUMBER, /* a number typed as text */
	FORM_BOOL,   /* on/off: form_toggle */
	FORM_CHOICE, /* one of form_choices(): form_cycle, or typed */
	FORM_TABLE,  /* rows of cells (origins): form_row_* and cell fields */
	FORM_PICK,   /* an ordered list of objects picked from form_choices() */
	FORM_MAP, /* key -> ordered list of objects (pop/region/country pools) */
};

/* The steps of the wizard. */
enum form_step {
	FORM_STEP_ZONE = 0,
	FORM_STEP_POOL,
	FORM_STEP_MONITOR,
	FORM_STEP_LB,
	FORM_STEP_CNAME,
	FORM_STEP_REVIEW,
	FORM_NSTEPS,
};

/* What a field is (static). */
struct form_field {
	const char *
		id; /* "monitor.interval"; table cells: "pool.origins[].address" */
	const char *label; /* "Interval (s)" */
	const char *hint;  /* one line shown under or beside the field */
	enum form_kind kind;
	enum form_step step;
	const struct valid_choice *choices; /* static choices, or NULL */
	size_t nchoices;
	const char *table; /* cells: the table's id ("pool.origins") */
};

/* Objects of the account the UI knows (pools, monitors, zones), copied. */
enum form_objects {
	FORM_OBJ_ZONES = 0,
	FORM_OBJ_POOLS,
	FORM_OBJ_MONITORS,
	FORM_NOBJ,
};

struct form;

/*
 * A new form on preset `preset` ("inference" or "empty") for zone (may be
 * NULL). rules: the account's limits (NULL: defaults). NULL on an unknown
 * preset or out of memory. Free with form_free.
 */
struct form *form_new(const char *preset, const char *zone,
		      const struct plan_rules *rules);
void form_free(struct form *f);

/* The plan as edited so far (owned by the form; valid until form_free). */
const struct cf_plan *form_plan(const struct form *f);

/* Takes the plan out (a copy; caller frees with cf_plan_free). */
bool form_take_plan(const struct form *f, struct cf_plan *out);

/* Title of a step ("Load balancer"), for the step bar. */
const char *form_step_title(enum form_step s);

/* The current step. */
enum form_step form_step(const struct form *f);

/*
 * The fields visible in step s now, in order (dependencies applied:
 * monitor path only for HTTP(S), LB TTL only when not proxied, ...). Table
 * cells are not listed: the table field is. Returns the count; *ids points
 * to the form's own array (valid until the next call that edits).
 */
size_t form_fields(struct form *f, enum form_step s, const char *const **ids);

/* The static description of field id (table cells by their id with or
 * without the row number), or NULL. */
const struct form_field *form_field_def(const char *id);

/* The focused field id (a cell: "pool.origins[1].address"), or NULL. */
const char *form_focus(const struct form *f);

/* Focuses field id (must be visible in the current step). */
bool form_set_focus(struct form *f, const char *id);

/* Tab / Shift-Tab: next or previous field (and cell, in tables). */
void form_focus_next(struct form *f);
void form_focus_prev(struct form *f);

/* The text of field id as shown (what was typed, or the value). Owned by
 * the form; valid until the next edit. "" for unknown ids. */
const char *form_text(struct form *f, const char *id);

/* Why field id is invalid (one line), or NULL when it is fine. */
const char *form_why(struct form *f, const char *id);

/* ---- editing (each returns false when nothing changed) ------------------ */

/* Appends UTF-8 text to the focused text/number/choice field. */
bool form_type(struct form *f, const char *text);

/* Removes the last character (UTF-8) of the focused field. */
bool form_backspace(struct form *f);

/* Replaces the focused field's text. */
bool form_set_text(struct form *f, const char *text);

/* Sets field id's text (any visible field of any step). */
bool form_set(struct form *f, const char *id, const char *text);

/* Space on a boolean field: flips it. */
bool form_toggle(struct form *f);

/* Arrows on a choice field: the next (+1) or previous (-1) choice. */
bool form_cycle(struct form *f, int dir);

/* The choices of field id now (static ones, or objects and "this plan's
 * pool" for pool pickers). *n set; the array is the form's. */
const struct valid_choice *form_choices(struct form *f, const char *id,
					size_t *n);

/* Objects of the account (ids and names copied), for pickers and zones. */
bool form_set_objects(struct form *f, enum form_objects kind,
		      const char *const *ids, const char *const *names,
		      size_t n);

/* ---- tables (origins) --------------------------------------------------- */

size_t form_rows(const struct form *f, const char *table);
/* Adds an empty row (name "origin-N") at the end and focuses its name. */
bool form_row_add(struct form *f, const char *table);
/* Removes row i (at least one stays). */
bool form_row_remove(struct form *f, const char *table, size_t i);
/* Moves row i up (-1) or down (+1). */
bool form_row_move(struct form *f, const char *table, size_t i, int dir);

/* ---- pick-lists and maps ------------------------------------------------- */

/* Number of items picked in list field id, and item i (an id or
 * CF_PLAN_POOL_REF). */
size_t form_picked(const struct form *f, const char *id);
const char *form_picked_item(const struct form *f, const char *id, size_t i);
/* Appends value (one of form_choices) to the list. */
bool form_pick_add(struct form *f, const char *id, const char *value);
bool form_pick_remove(struct form *f, const char *id, size_t i);
bool form_pick_move(struct form *f, const char *id, size_t i, int dir);

/* Map fields: sets key (validated: PoP, region or country code) to the
 * comma-separated pool list value ("{pool.id}"); "" removes the key. */
bool form_map_set(struct form *f, const char *id, const char *key,
		  const char *value);

/* ---- navigation ------------------------------------------------------------ */

/*
 * Enter / n: goes to the next step when every visible field of this step
 * is valid (its own reason, and whole-plan errors about its fields).
 * Otherwise stays, focuses the first invalid field and returns false.
 */
bool form_next(struct form *f);

/* b: back one step (always allowed). */
bool form_back(struct form *f);

/* Jumps to step s from Review (any step already reached). */
bool form_goto(struct form *f, enum form_step s);

/* True when the user changed anything (Esc then asks before discarding). */
bool form_dirty(const struct form *f);

/* Every problem of the whole plan (plan_validate), for Review; for an
 * object form, the object's (fields_validate; an edit: of the fields it
 * changes). */
bool form_issues(const struct form *f, struct plan_issues *out);

/* ---- forms over one object (create and edit) ------------------------------ */

/*
 * The same engine over one DNS record, monitor, pool or load balancer,
 * its fields from the resource's field table (fields.h): a create form
 * (obj NULL: the API's defaults; a DNS record starts as type A) or an edit
 * form over a copy of obj. ctx is copied (its ud must outlive the form);
 * ctx->zone completes relative names. NULL for zones and origins (not
 * edited on their own) or on out-of-memory.
 *
 * Every function above works on it, with these differences: field ids are
 * the table's API names ("interval", "data.port", "origins[1].weight" for
 * a cell of the "origins" table), so use form_def() rather than
 * form_field_def() to describe them; there is one step (form_step() is
 * FORM_STEP_ZONE, form_fields() takes any step) and form_next() is Save
 * (form_save); form_back() and form_goto() do nothing. Pick-lists and maps
 * work on every PICK and MAP field; pool and monitor pickers take their
 * choices from form_set_objects() (FORM_OBJ_POOLS, FORM_OBJ_MONITORS; a
 * pool's monitor may also be "", none). A field that stops applying (a
 * record type change, a proxied load balancer's TTL) leaves the list;
 * the new type's fields come in with their defaults.
 */
struct form *form_new_object(enum field_res res, const void *obj,
			     const struct field_ctx *ctx);

/* True for a form made by form_new_object. */
bool form_is_object(const struct form *f);

/* The resource of an object form (FIELD_NRES for the wizard). */
enum field_res form_resource(const struct form *f);

/* True for a create form (form_new_object with obj NULL). */
bool form_creating(const struct form *f);

/* The description of field id in this form (wizard or object form), or
 * NULL. */
const struct form_field *form_def(const struct form *f, const char *id);

/* The object as edited so far (every field's last valid value), and as
 * it was opened; NULL for the wizard. Owned by the form. */
const void *form_object(const struct form *f);
const void *form_original(const struct form *f);

/*
 * Save: true when every visible field is valid (a create form: the whole
 * object; an edit: the fields it changes); otherwise focuses the first
 * field with a problem and returns false. Nothing is sent: the caller
 * takes form_object() and form_changes() to the plan engine (edit.h).
 */
bool form_save(struct form *f);

/*
 * What the user changed against the opened object: the PATCH mask and a
 * readable diff, one change per line ("interval: 60 -> 30"), malloc'd or
 * NULL when nothing changed. false for the wizard or on OOM.
 */
bool form_changes(const struct form *f, unsigned *mask, char **diff);

#endif
