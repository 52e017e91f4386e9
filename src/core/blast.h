/* blast.h: internal: the blast radius of an origin change (what toggle.c shows before it writes). */
#ifndef CFCONSOLE_CORE_BLAST_H
#define CFCONSOLE_CORE_BLAST_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/toggle.h"

/*
 * The public entry points stay in toggle.h (toggle_blast_compute,
 * toggle_blast_free: callers know them as the toggle's); this header is
 * what toggle.c needs besides.
 */

/* One origin change: enabled -1 keep / 0 off / 1 on; weight if has_weight. */
struct blast_change {
	int enabled;
	bool has_weight;
	double weight;
};

/* The change (op, weight) means; TOGGLE_OP_EDIT takes en and set_w. */
struct blast_change blast_change_of(enum toggle_op op, double weight,
				    enum toggle_set en, bool set_w);

/* o's enabled and weight once ch is applied. Pure. */
void blast_values_after(const struct cf_origin *o,
			const struct blast_change *ch, bool *en, double *w);

/* Does the change take serving capacity away (disable, or weight to 0)? */
bool blast_change_reduces(const struct cf_origin *o,
			  const struct blast_change *ch);

/* The origin's name, else its address, else "?". Never NULL. */
const char *blast_origin_label(const struct cf_origin *o);

/*
 * toggle_blast_compute with a change (see toggle.h for the inputs).
 * Fills *out (zeroed first; free with toggle_blast_free). Pure.
 */
void blast_compute(const struct cf_pool *p, size_t idx,
		   const struct blast_change *ch,
		   const struct cf_pool_health *h,
		   const struct cf_pool_reference_list *refs,
		   const struct cf_load_balancer_list *lbs,
		   const struct cf_pool_list *pools, struct toggle_blast *out);

/*
 * Reads what the blast radius of ch on origin idx of fresh needs (the
 * pool's health and references, req->zone_id's load balancers, or every
 * zone's when the account has at most 5 and a load balancer uses the
 * pool; the pools for names) and computes it into *out. A read that fails
 * only reduces the detail. Blocking; c's thread.
 */
void blast_fetch(struct cf_client *c, const struct toggle_request *req,
		 const struct cf_pool *fresh, size_t idx,
		 const struct blast_change *ch, struct toggle_blast *out);

#endif
