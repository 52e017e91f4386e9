/* h_zones.c: cfsim's GET /zones (filters, order, paging) and GET /zones/{id}. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/sim.h"

/* The "name" filter: "value" or "<op>:value" (NOTES.md operators). */
static bool
name_matches(const char *name, const char *filter)
{
	static const struct {
		const char *op;
		int kind; /* 0 eq 1 ne 2 starts 3 ends 4 contains */
		bool cs;
	} ops[] = {
		{ "equal:", 0, false },
		{ "not_equal:", 1, false },
		{ "starts_with:", 2, false },
		{ "ends_with:", 3, false },
		{ "contains:", 4, false },
		{ "equal_case_sensitive:", 0, true },
		{ "not_equal_case_sensitive:", 1, true },
		{ "starts_with_case_sensitive:", 2, true },
		{ "ends_with_case_sensitive:", 3, true },
		{ "contains_case_sensitive:", 4, true },
	};
	size_t i, nl = strlen(name), vl;
	int kind = 0;
	bool cs = false;
	const char *v = filter;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strncmp(filter, ops[i].op, strlen(ops[i].op)) == 0) {
			kind = ops[i].kind;
			cs = ops[i].cs;
			v = filter + strlen(ops[i].op);
			break;
		}
	}
	vl = strlen(v);
	switch (kind) {
	case 1:
		return cs ? strcmp(name, v) != 0 : strcasecmp(name, v) != 0;
	case 2:
		return cs ? strncmp(name, v, vl) == 0
			  : strncasecmp(name, v, vl) == 0;
	case 3:
		return nl >= vl && (cs ? strcmp(name + nl - vl, v) == 0
				       : strcasecmp(name + nl - vl, v) == 0);
	case 4:
		if (cs)
			return strstr(name, v) != NULL;
		for (i = 0; i + vl <= nl; i++)
			if (strncasecmp(name + i, v, vl) == 0)
				return true;
		return false;
	default:
		return cs ? strcmp(name, v) == 0 : strcasecmp(name, v) == 0;
	}
}

static int zone_sort_desc;

static int
cmp_zone(const void *a, const void *b)
{
	const struct zone *za = *(struct zone *const *)a;
	const struct zone *zb = *(struct zone *const *)b;
	int c = strcmp(zone_name(za), zone_name(zb));

	return zone_sort_desc ? -c : c;
}

static void
list_zones(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	const char *name = req_query(rq, "name");
	const char *status = req_query(rq, "status");
	const char *acc_id = req_query(rq, "account.id");
	const char *acc_name = req_query(rq, "account.name");
	const char *dir = req_query(rq, "direction");
	const char *match = req_query(rq, "match");
	bool any = match && strcmp(match, "any") == 0;
	struct world *w = sim->world;
	struct zone **sel;
	long page, per_page, total = 0, i, start;
	cJSON *arr;

	paging_parse(rq, 20, 5, 50, &page, &per_page);
	world_lock(w);
	sel = calloc(w->nzones + 1, sizeof(*sel));
	if (!sel)
		abort();
	for (i = 0; i < (long)w->nzones; i++) {
		struct zone *z = w->zones[i];
		const cJSON *acc =
			cJSON_GetObjectItemCaseSensitive(z->obj, "account");
		int nf = 0, hits = 0;

		if (name) {
			nf++;
			hits += name_matches(zone_name(z), name);
		}
		if (status) {
			nf++;
			hits += strcmp(status, jstr(z->obj, "status")) == 0;
		}
		if (acc_id) {
			nf++;
			hits += strcasecmp(acc_id, jstr(acc, "id")) == 0;
		}
		if (acc_name) {
			nf++;
			hits += name_matches(jstr(acc, "name"), acc_name);
		}
		if (nf == 0 || (any ? hits > 0 : hits == nf))
			sel[total++] = z;
	}
	/* Every zone shares status and account, so all orders are by name. */
	zone_sort_desc = dir && strcmp(dir, "desc") == 0;
	qsort(sel, (size_t)total, sizeof(*sel), cmp_zone);
	arr = cJSON_CreateArray();
	start = (page - 1) * per_page;
	for (i = start; i < total && i < start + per_page; i++)
		cJSON_AddItemReferenceToArray(arr, sel[i]->obj);
	resp_ok(rs, SIM_COMPACT, arr,
		resp_result_info(page, per_page, cJSON_GetArraySize(arr), total,
				 paging_pages(total, per_page)),
		NULL);
	world_unlock(w);
	free(sel);
}

void
h_zones(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	struct zone *z;

	if (strcmp(rq->method, "GET") != 0) {
		resp_bad_method(rs, SIM_COMPACT);
		return;
	}
	if (rq->nsegs == 1) {
		list_zones(sim, rq, rs);
		return;
	}
	z = req_zone_lock(sim, rq, rs);
	if (!z)
		return;
	resp_ok(rs, SIM_COMPACT, cJSON_CreateObjectReference(z->obj->child),
		NULL, NULL);
	world_unlock(sim->world);
}
