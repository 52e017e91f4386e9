/* lbobj.h: helpers shared by cfsim's load-balancing handlers (pools, monitors, LBs). */
#ifndef CFSIM_LBOBJ_H
#define CFSIM_LBOBJ_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "sim/sim.h"

/* Emulator-chosen codes where Cloudflare's are unknown (ERRORS.md §4). */
#define SIM_CODE_NOT_FOUND 1001
#define SIM_CODE_HEALTH_UNAVAILABLE 1010

/*
 * Copies every key of src listed in allowed (NULL-terminated) into dst,
 * replacing what dst had (PATCH semantics: supplied properties overwrite,
 * arrays are replaced whole). Unknown keys in src are ignored.
 */
void lbobj_apply(cJSON *dst, const cJSON *src, const char *const *allowed);
/* Sets id (fresh unless keep_id), created_on (kept from old when given),
 * modified_on = now, as the first keys of obj. */
void lbobj_stamp(cJSON *obj, const cJSON *old);
/* 404 in the LB shape, emulator-labelled: "<what> not found (cfsim)". */
void lbobj_not_found(struct sim_resp *rs, const char *what);
/*
 * Adds Cloudflare's defaults of an HTTP monitor to m (after any keys m has):
 * type, description, method GET, path, header {}, port, timeout 5,
 * retries 2, interval 60, ... probe_zone "". desc and path are copied.
 */
void lbobj_monitor_defaults(cJSON *m, const char *desc, const char *path,
			    int port);
/* The account's monitor defaults merged with body (monitor fields only). */
cJSON *lbobj_monitor_from(const cJSON *base, const cJSON *body);
/* True when the LB refers to pool_id anywhere. */
bool lbobj_lb_uses_pool(const cJSON *lb, const char *pool_id);
/* Monitor fields a request may set. */
extern const char *const lbobj_monitor_fields[];

#endif
