/* cf_api.h: every Cloudflare API operation the console uses, as blocking calls. */
#ifndef CFCONSOLE_CF_API_H
#define CFCONSOLE_CF_API_H

#include "cfconsole/cf_client.h"
#include "cfconsole/cf_models.h"

/*
 * Common rules for every call below:
 * - Blocking; call from a worker or poller thread, never from the UI thread.
 *   `client` is used by one thread at a time.
 * - Return CF_OK and fill *out (overwritten; the caller frees it with the
 *   matching *_free), or return the failure and fill *err (never NULL-safe:
 *   err must point to a zeroed struct cf_error). *out is untouched on failure.
 * - Lists return every object: paged endpoints fetch page 1, then the other
 *   pages concurrently (at most max_parallel in flight), in order.
 * - Every request spends from the process-wide rate bucket; GET/PUT/PATCH/
 *   DELETE are retried on 5xx, 429, timeouts and dropped connections; POST
 *   never is.
 * - Ids are passed as given and URL-escaped.
 */

/*
 * Progressive delivery for big lists: called once per page, in page order,
 * with the page's items. The callback takes ownership of *page (free with the
 * matching *_list_free). `done` items delivered so far, `total` as announced
 * by result_info.total_count (0 when unknown). Return false to stop early
 * (the call then returns CF_ERR_CANCELLED).
 */
typedef bool (*cf_dns_page_fn)(struct cf_dns_record_list *page, size_t done,
			       size_t total, void *ud);

/* ---- identity --------------------------------------------------------- */

/* GET /user/tokens/verify (token credentials only). */
enum cf_status cf_token_verify(struct cf_client *c, struct cf_token_status *out,
			       struct cf_error *err);

/* GET /accounts, all pages. */
enum cf_status cf_accounts_list(struct cf_client *c,
				struct cf_account_list *out,
				struct cf_error *err);

/* ---- zones ------------------------------------------------------------ */

/*
 * GET /zones, all pages. account_id (sent as account.id: only that
 * account's zones) and name_filter (exact name) may each be NULL.
 */
enum cf_status cf_zones_list(struct cf_client *c, const char *account_id,
			     const char *name_filter, struct cf_zone_list *out,
			     struct cf_error *err);

/* GET /zones/{zone_id} */
enum cf_status cf_zone_get(struct cf_client *c, const char *zone_id,
			   struct cf_zone *out, struct cf_error *err);

/* ---- DNS records ------------------------------------------------------ */

/* Filters for the DNS list (all optional; NULL = not sent). */
struct cf_dns_filter {
	const char *type;
	const char *name;
	const char *content;
	const char *match;     /* "any" | "all" */
	const char *order;     /* type name content ttl proxied */
	const char *direction; /* asc | desc */
	int per_page;	       /* 0 = client default (5000) */
};

/*
 * GET /zones/{zone_id}/dns_records, all pages. filter may be NULL.
 * Big zones: up to max_parallel pages are in flight, and pages that have
 * arrived are decoded by the calling thread and one helper thread that
 * lives for the call (pages are still delivered in order, on the calling
 * thread). The records' strings live in one block per record: see struct
 * cf_dns_record before editing a listed record in place.
 */
enum cf_status cf_dns_list(struct cf_client *c, const char *zone_id,
			   const struct cf_dns_filter *filter,
			   struct cf_dns_record_list *out,
			   struct cf_error *err);

/* The same, delivering pages as they arrive (see cf_dns_page_fn). */
enum cf_status cf_dns_list_stream(struct cf_client *c, const char *zone_id,
				  const struct cf_dns_filter *filter,
				  cf_dns_page_fn fn, void *ud,
				  struct cf_error *err);

enum cf_status cf_dns_get(struct cf_client *c, const char *zone_id,
			  const char *record_id, struct cf_dns_record *out,
			  struct cf_error *err);
/* POST; writes the CF_DNS_F_ALL fields of rec. */
enum cf_status cf_dns_create(struct cf_client *c, const char *zone_id,
			     const struct cf_dns_record *rec,
			     struct cf_dns_record *out, struct cf_error *err);
/* PUT (full overwrite). */
enum cf_status cf_dns_update(struct cf_client *c, const char *zone_id,
			     const char *record_id,
			     const struct cf_dns_record *rec,
			     struct cf_dns_record *out, struct cf_error *err);
/* PATCH with only the fields in mask (enum cf_dns_field). */
enum cf_status cf_dns_patch(struct cf_client *c, const char *zone_id,
			    const char *record_id,
			    const struct cf_dns_record *rec, unsigned mask,
			    struct cf_dns_record *out, struct cf_error *err);
enum cf_status cf_dns_delete(struct cf_client *c, const char *zone_id,
			     const char *record_id, struct cf_error *err);

/* ---- monitors (account scope) ----------------------------------------- */

enum cf_status cf_monitors_list(struct cf_client *c, const char *account_id,
				struct cf_monitor_list *out,
				struct cf_error *err);
enum cf_status cf_monitor_get(struct cf_client *c, const char *account_id,
			      const char *monitor_id, struct cf_monitor *out,
			      struct cf_error *err);
enum cf_status cf_monitor_create(struct cf_client *c, const char *account_id,
				 const struct cf_monitor *m,
				 struct cf_monitor *out, struct cf_error *err);
enum cf_status cf_monitor_update(struct cf_client *c, const char *account_id,
				 const char *monitor_id,
				 const struct cf_monitor *m,
				 struct cf_monitor *out, struct cf_error *err);
/* PATCH; expected_codes is always sent (the spec requires it on PATCH). */
enum cf_status cf_monitor_patch(struct cf_client *c, const char *account_id,
				const char *monitor_id,
				const struct cf_monitor *m, unsigned mask,
				struct cf_monitor *out, struct cf_error *err);
enum cf_status cf_monitor_delete(struct cf_client *c, const char *account_id,
				 const char *monitor_id, struct cf_error *err);
/* POST .../monitors/{id}/preview: probe pool_id's origins with monitor m. */
enum cf_status cf_monitor_preview(struct cf_client *c, const char *account_id,
				  const char *monitor_id,
				  const struct cf_monitor *m,
				  struct cf_preview *out, struct cf_error *err);
/* GET .../load_balancers/preview/{preview_id} */
enum cf_status cf_preview_result_get(struct cf_client *c,
				     const char *account_id,
				     const char *preview_id,
				     struct cf_preview_result *out,
				     struct cf_error *err);

/* ---- pools (account scope) -------------------------------------------- */

/* monitor_filter: only pools using that monitor id; may be NULL. */
enum cf_status cf_pools_list(struct cf_client *c, const char *account_id,
			     const char *monitor_filter,
			     struct cf_pool_list *out, struct cf_error *err);
enum cf_status cf_pool_get(struct cf_client *c, const char *account_id,
			   const char *pool_id, struct cf_pool *out,
			   struct cf_error *err);
enum cf_status cf_pool_create(struct cf_client *c, const char *account_id,
			      const struct cf_pool *p, struct cf_pool *out,
			      struct cf_error *err);
enum cf_status cf_pool_update(struct cf_client *c, const char *account_id,
			      const char *pool_id, const struct cf_pool *p,
			      struct cf_pool *out, struct cf_error *err);
/* PATCH with the fields in mask (enum cf_pool_field). CF_POOL_F_ORIGINS
 * sends the whole origins array: it replaces the pool's list. */
enum cf_status cf_pool_patch(struct cf_client *c, const char *account_id,
			     const char *pool_id, const struct cf_pool *p,
			     unsigned mask, struct cf_pool *out,
			     struct cf_error *err);
enum cf_status cf_pool_delete(struct cf_client *c, const char *account_id,
			      const char *pool_id, struct cf_error *err);
enum cf_status cf_pool_health_get(struct cf_client *c, const char *account_id,
				  const char *pool_id,
				  struct cf_pool_health *out,
				  struct cf_error *err);
/* POST .../pools/{id}/preview with monitor settings m. */
enum cf_status cf_pool_preview(struct cf_client *c, const char *account_id,
			       const char *pool_id, const struct cf_monitor *m,
			       struct cf_preview *out, struct cf_error *err);
enum cf_status cf_pool_references(struct cf_client *c, const char *account_id,
				  const char *pool_id,
				  struct cf_pool_reference_list *out,
				  struct cf_error *err);

/* ---- load balancers (zone scope) -------------------------------------- */

enum cf_status cf_lbs_list(struct cf_client *c, const char *zone_id,
			   struct cf_load_balancer_list *out,
			   struct cf_error *err);
enum cf_status cf_lb_get(struct cf_client *c, const char *zone_id,
			 const char *lb_id, struct cf_load_balancer *out,
			 struct cf_error *err);
/* POST; `enabled` is not sent on create (the spec's create body lacks it). */
enum cf_status cf_lb_create(struct cf_client *c, const char *zone_id,
			    const struct cf_load_balancer *lb,
			    struct cf_load_balancer *out, struct cf_error *err);
enum cf_status cf_lb_update(struct cf_client *c, const char *zone_id,
			    const char *lb_id,
			    const struct cf_load_balancer *lb,
			    struct cf_load_balancer *out, struct cf_error *err);
enum cf_status cf_lb_patch(struct cf_client *c, const char *zone_id,
			   const char *lb_id, const struct cf_load_balancer *lb,
			   unsigned mask, struct cf_load_balancer *out,
			   struct cf_error *err);
enum cf_status cf_lb_delete(struct cf_client *c, const char *zone_id,
			    const char *lb_id, struct cf_error *err);

/* ---- health-check events ---------------------------------------------- */

struct cf_event_filter {
	const char *since; /* RFC 3339, NULL = not sent */
	const char *until;
	const char *pool_id;
	const char *pool_name;
	const char *origin_name;
	int origin_healthy; /* -1 not sent, 0 false, 1 true */
	int pool_healthy;   /* -1 not sent, 0 false, 1 true */
};

/* GET /user/load_balancing_analytics/events. filter may be NULL. */
enum cf_status cf_health_events_list(struct cf_client *c,
				     const struct cf_event_filter *filter,
				     struct cf_health_event_list *out,
				     struct cf_error *err);

#endif
