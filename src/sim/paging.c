/* paging.c: cfsim's page/per_page parsing and the path-id checks every handler starts with. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/sim.h"
#include "sim/validate.h"

static bool
parse_long(const char *s, long *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || v != v)
		return false;
	if (v > 1e12)
		v = 1e12;
	if (v < -1e12)
		v = -1e12;
	*out = (long)v;
	return true;
}

void
paging_parse(const struct sim_req *rq, long def_per_page, long min, long max,
	     long *page, long *per_page)
{
	long v;

	*page = 1;
	*per_page = def_per_page;
	if (parse_long(req_query(rq, "page"), &v))
		*page = v < 1 ? 1 : v;
	if (parse_long(req_query(rq, "per_page"), &v))
		*per_page = v < min ? min : v > max ? max : v;
}

long
paging_pages(long total, long per_page)
{
	return per_page > 0 ? (total + per_page - 1) / per_page : 0;
}

bool
req_id_ok(const struct sim_req *rq, size_t i, struct sim_resp *rs)
{
	if (i < rq->nsegs && validate_id(rq->segs[i]))
		return true;
	resp_no_route(rs, rq);
	return false;
}

struct zone *
req_zone_lock(struct sim *sim, const struct sim_req *rq, struct sim_resp *rs)
{
	struct zone *z;

	if (!req_id_ok(rq, 1, rs))
		return NULL;
	world_lock(sim->world);
	z = world_find_zone(sim->world, rq->segs[1]);
	if (!z) {
		world_unlock(sim->world);
		resp_gateway(rs, 403, 10000, "Authentication error");
	}
	return z;
}

bool
req_account_ok(struct sim *sim, const struct sim_req *rq, struct sim_resp *rs)
{
	bool ok;

	if (!req_id_ok(rq, 1, rs))
		return false;
	world_lock(sim->world);
	ok = strcasecmp(rq->segs[1], sim->world->account_id) == 0;
	world_unlock(sim->world);
	if (!ok)
		resp_gateway(rs, 403, 10000, "Authentication error");
	return ok;
}

int
req_bool(const struct sim_req *rq, const char *name)
{
	const char *v = req_query(rq, name);

	if (!v)
		return -1;
	if (strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "false") == 0)
		return 0;
	return -1;
}
