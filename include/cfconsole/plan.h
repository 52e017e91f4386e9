/* plan.h: the setup plan in core: presets, whole-plan validation, online checks, its engine steps and requests, the plan file, apply/resume/rollback. */
#ifndef CFCONSOLE_PLAN_H
#define CFCONSOLE_PLAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_plan.h"
#include "cfconsole/plan_engine.h"
#include "cfconsole/validate.h"

struct journal;

/* ---- presets ------------------------------------------------------------ */

/* The presets a wizard offers ("inference", "empty"), with explanations. */
extern const struct valid_choice plan_presets[];
extern const size_t plan_npresets;

/*
 * Fills *out (initialised first; free with cf_plan_free) with preset
 * `name` for zone (may be NULL or "": names inside the zone are left for
 * the user). "inference": every value of the issue's Pulumi program --
 * monitor http GET /health expecting 200, timeout 5, interval 60, no
 * redirects, insecure allowed; pool origin-1 and origin-2 (addresses left
 * empty: the user must give real ones); load balancer
 * inference-lb.<zone> with the pool as default and fallback, steering
 * off, LAX pinned to the pool, proxied (so no TTL), enabled -- with the
 * monitor attached to the pool, and a proxied CNAME api.<zone> pointing at
 * the load balancer. "empty": API defaults only, one blank origin, no
 * CNAME. False for an unknown name (out untouched).
 */
bool plan_preset(const char *name, const char *zone, struct cf_plan *out);

/* ---- validation ----------------------------------------------------------- */

/*
 * One problem with a plan. `field` names the value as a form does
 * ("pool.origins[1].address", "load_balancer.ttl"); warnings do not stop
 * an apply (they say what will happen).
 */
struct plan_issue {
	char *field;
	char *message;
	bool warning;
};

struct plan_issues {
	struct plan_issue *v;
	size_t n;
	size_t nerrors;
};

/* Frees what l owns and zeroes it. NULL is a no-op. */
void plan_issues_free(struct plan_issues *l);

/* Appends an issue (printf message). false on OOM. */
bool plan_issue_add(struct plan_issues *l, bool warning, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The first error (not warning) about field, or NULL. */
const struct plan_issue *plan_issues_find(const struct plan_issues *l,
					  const char *field);

/* Account limits the rules depend on. Zero means the default. */
struct plan_rules {
	int min_interval; /* lowest monitor interval (default 60) */
};

/*
 * Checks the whole plan without the network: every field (validate.h)
 * and the rules between fields -- timeout < interval, port given for
 * TCP/UDP/SMTP monitors, the monitor attached to a new pool, origins
 * unique and minimum_origins reachable, default and fallback pools set and
 * the fallback among the default pools, pop/region/country keys and pool
 * references, LB hostname inside the zone, no TTL on a proxied LB or
 * record, session affinity TTL ranges, the CNAME inside the zone and not
 * on the LB's own name. Appends to *out (which may already hold issues).
 * Returns true when there is no error (warnings allowed). Pure.
 */
bool plan_validate(const struct cf_plan *p, const struct plan_rules *rules,
		   struct plan_issues *out);

/*
 * The checks that need the API (blocking; a worker thread): the zone
 * exists in the account (its id into *zone_id, caller frees), existing
 * monitor/pool ids exist, a new pool's name and the LB's hostname are not
 * taken, pool ids in the LB exist, and what already has the CNAME's name:
 * an A, AAAA or CNAME record there is an error (Cloudflare refuses with
 * 81053; the message says what exists), an NS record one too (81056), a
 * record with the LB's hostname a warning (the LB takes precedence).
 * A step the plan's own state says was sent is not checked for "already
 * exists" (the object may be its own: the engine tells on resume).
 * Appends to *out. Returns CF_OK when the checks ran (look at out->nerrors),
 * or the API error that stopped them (err filled).
 */
enum cf_status plan_check_online(struct cf_client *c, const char *account_id,
				 const struct cf_plan *p,
				 struct plan_issues *out, char **zone_id,
				 struct cf_error *err);

/*
 * The per-object pieces of plan_check_online, shared with
 * plan_check_store: what an existing pool, load balancer or DNS record
 * (of the plan's zone) means for p -- a name taken (error), a record at
 * the CNAME's name (81053/81056 error, other types a warning), a record
 * at the LB's name (warning). Objects this plan's own state says it may
 * have created are not held against it. Append to *out. Pure.
 */
void plan_check_pool_name(const struct cf_plan *p, const struct cf_pool *pool,
			  struct plan_issues *out);
void plan_check_lb_name(const struct cf_plan *p,
			const struct cf_load_balancer *lb,
			struct plan_issues *out);
void plan_check_record(const struct cf_plan *p, const struct cf_dns_record *r,
		       struct plan_issues *out);

struct store_snapshot;

/*
 * The same checks as plan_check_online, against what the console has
 * already loaded (no network, so a form can run them as the user types):
 * the zone among the account's zones, picked pool/monitor ids, a new
 * pool's name among the pools, and -- when the snapshot holds the load
 * balancers or DNS records of the plan's zone -- the LB's hostname and
 * what exists at the CNAME's name. A list not loaded (yet) is not
 * checked: plan_check_online stays the authority before an apply.
 * Appends to *out; returns true when it added no error. Pure.
 */
bool plan_check_store(const struct cf_plan *p,
		      const struct store_snapshot *snap,
		      struct plan_issues *out);

/*
 * A new file for the plan of an apply: "$XDG_STATE_HOME/cfconsole/plans/"
 * (or ~/.local/state/cfconsole/plans/; created 0700) + label (made safe
 * for a file name; the LB hostname) + "-" + now as YYYYMMDDTHHMMSSZ +
 * ".plan.json", with "-2", "-3" ... before ".plan.json" when that file
 * exists. The file itself is not created. false with errbuf filled.
 */
bool plan_home_new_file(const char *label, long long now, char *buf,
			size_t size, char *errbuf, size_t errsize);

/* ---- steps and requests --------------------------------------------------- */

/*
 * The engine steps of p in order -- monitor, pool (monitor attached),
 * pool.check_regions (a PATCH: the create body has no check_regions),
 * load_balancer, load_balancer.enabled (a PATCH when disabled: the create
 * body has no enabled), cname -- with "{monitor.id}"/"{pool.id}" where ids
 * are not known yet, and the apply state of p->steps. account_id and
 * zone_id may be NULL ("{account_id}" and "{zone.id}" stay in the paths).
 * label names the plan in the journal (may be NULL). Fills *out
 * (pe_plan_free). false on OOM.
 */
bool plan_build(const struct cf_plan *p, const char *account_id,
		const char *zone_id, const char *label, struct pe_plan *out);

/* Copies the engine's step states into p->steps (for the plan file). */
bool plan_take_state(struct cf_plan *p, const struct pe_plan *e);

/*
 * The requests an apply sends, in order, as text (METHOD PATH, then the
 * JSON body indented), with placeholders for ids not known yet: what the
 * wizard's review and `apply --dry-run` show. Caller frees; NULL on OOM.
 */
char *plan_requests_text(const struct cf_plan *p, const char *account_id,
			 const char *zone_id);

/* ---- exports -------------------------------------------------------------- */

/* "json", "pulumi", "terraform", with explanations. */
extern const struct valid_choice plan_export_formats[];
extern const size_t plan_nexport_formats;

/*
 * p as code users keep, in `format`: "json" (the plan file without apply
 * state), "pulumi" (a Python program for pulumi_cloudflare v6:
 * LoadBalancerMonitor, LoadBalancerPool with LoadBalancerPoolOriginArgs
 * and monitor=monitor.id, LoadBalancer, DnsRecord, account and zone ids
 * from `pulumi config`, pulumi.export("lb_dns_name", ...)) or "terraform"
 * (HCL for the Cloudflare provider v5: required_providers, variables
 * account_id and zone_id, resources referring to each other, output
 * "lb_dns_name"). Names as spec/cloudflare-api/EXPORTS.md; the same
 * fields as the apply's requests; never a credential. Caller frees; NULL
 * for an unknown format or on OOM. Pure.
 */
char *plan_export(const struct cf_plan *p, const char *format);

/* ---- the plan file -------------------------------------------------------- */

/*
 * Reads and decodes the plan file at path into *out. false with a one-line
 * message in errbuf (cannot read, not JSON, unknown key ...).
 */
bool plan_file_load(const char *path, struct cf_plan *out, char *errbuf,
		    size_t errsize);

/*
 * Writes p (with its state) to path atomically: a temporary file in the
 * same directory, fsync, rename over path, fsync of the directory. A
 * reader (or a process killed at any point) sees the old file or the new
 * one, never a mix. Keeps path's permission bits (0644 for a new file).
 * false with errbuf filled on failure (path unchanged).
 */
bool plan_file_save(const char *path, const struct cf_plan *p, char *errbuf,
		    size_t errsize);

/* ---- apply ------------------------------------------------------------------ */

struct plan_apply_options {
	const char *account_id;	   /* required */
	const char *zone_id;	   /* required (plan_check_online finds it) */
	const char *file;	   /* plan file to record state in, or NULL */
	struct journal *journal;   /* required */
	const atomic_bool *cancel; /* optional */
	void (*progress)(const struct pe_event *ev, void *ud);
	void *ud;
};

/*
 * Applies p (or resumes it from p's state) with the plan engine, recording
 * every state change in p and, when opts->file is set, in that file
 * (atomically, before each write is sent and after it is known). A plan
 * whose state names another account or zone is refused. Rollback rules as
 * pe_apply. Blocking; a worker thread. Returns the outcome; *r as pe_apply.
 */
enum pe_outcome plan_apply(struct cf_client *c, struct cf_plan *p,
			   const struct plan_apply_options *opts,
			   struct pe_report *r);

/* Removes everything p's state says it created (pe_rollback); same rules. */
enum pe_outcome plan_rollback(struct cf_client *c, struct cf_plan *p,
			      const struct plan_apply_options *opts,
			      struct pe_report *r);

#endif
