/* cf_plan.h: the setup plan's data (monitor, pool, load balancer, CNAME, apply state) and its JSON file codec (cfconsole-plan(5)). */
#ifndef CFCONSOLE_CF_PLAN_H
#define CFCONSOLE_CF_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_error.h"
#include "cfconsole/cf_models.h"

/* The file format version this build reads and writes. */
#define CF_PLAN_VERSION 1

/* Placeholders for ids a plan's requests cannot know before it runs. */
#define CF_PLAN_MONITOR_REF "{monitor.id}"
#define CF_PLAN_POOL_REF "{pool.id}"

/* Where one object of the setup comes from. */
enum cf_plan_source {
	CF_PLAN_CREATE = 0, /* the plan creates it from the fields below */
	CF_PLAN_EXISTING,   /* an existing object picked by id */
	CF_PLAN_SKIP,	    /* left out (the CNAME only) */
};

/*
 * What an apply has done to one step, as the plan file records it (the
 * plan engine's persisted state, plan_engine.h). All strings owned.
 */
struct cf_plan_step_state {
	char *step;   /* step name: "monitor", "pool", ... */
	char *status; /* "sending" "created" "verified" "deleted" "left" */
	char *id;     /* the object's id once known */
	char *before; /* PATCH steps: the fields before (JSON) */
	struct cf_strv preexisting; /* ids that matched before the POST */
};

/*
 * A setup: monitor -> pool (monitor attached) -> load balancer -> proxied
 * CNAME. Objects use the API's models and field names; only the fields
 * the wizard offers are read from and written to the file (see
 * cfconsole-plan(5)). Pool references in the load balancer are
 * CF_PLAN_POOL_REF (this plan's pool) or existing pool ids.
 */
struct cf_plan {
	int version;
	char *description; /* free text, may be NULL */
	char *zone;	   /* zone name */
	enum cf_plan_source monitor_source;
	char *monitor_id;	   /* CF_PLAN_EXISTING */
	struct cf_monitor monitor; /* CF_PLAN_CREATE */
	enum cf_plan_source pool_source;
	char *pool_id;		    /* CF_PLAN_EXISTING */
	struct cf_pool pool;	    /* CF_PLAN_CREATE (pool.monitor unused) */
	struct cf_load_balancer lb; /* always created */
	enum cf_plan_source cname_source; /* CREATE or SKIP */
	struct cf_dns_record cname;	  /* type is always CNAME */
	/* state of the last apply (absent before the first one) */
	char *account_id;
	char *zone_id;
	struct cf_plan_step_state *steps;
	size_t nsteps;
};

/* Initialises p as an empty plan (every object with the API defaults). */
void cf_plan_init(struct cf_plan *p);

/* Frees what p owns and zeroes it. NULL is a no-op. */
void cf_plan_free(struct cf_plan *p);

/* Deep copy (dst overwritten, not freed). CF_OK or CF_ERR_NOMEM. */
enum cf_status cf_plan_copy(struct cf_plan *dst, const struct cf_plan *src);

/* Forgets the apply state (account, zone id, steps). */
void cf_plan_clear_state(struct cf_plan *p);

/* The state of step `name`, or NULL. */
struct cf_plan_step_state *cf_plan_state_find(struct cf_plan *p,
					      const char *name);

/*
 * Decodes a plan file (JSON text) into *out (initialised first; freed and
 * zeroed on failure). Strict: an unknown key, a wrong type or a missing
 * required section is CF_ERR_INVALID_ARG with err->detail naming it
 * ("monitor: unknown key \"interva\""), invalid JSON is CF_ERR_MALFORMED.
 * Values are not range-checked here (plan_validate does that). Pure.
 */
enum cf_status cf_plan_decode(const char *json, struct cf_plan *out,
			      struct cf_error *err);

/*
 * Encodes p as a plan file: pretty JSON (2-space indents, trailing
 * newline), keys in the documented order; with_state false leaves the
 * apply state out (an export). Caller frees; NULL only on out-of-memory.
 */
char *cf_plan_encode(const struct cf_plan *p, bool with_state);

#endif
