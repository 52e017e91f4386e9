/* health.c: `cfconsole health [--json] [--pool NAME]` - pool/origin/region health for scripts, exit status by health. */
#include "cfconsole/cli_oncall.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/cf_api.h"
#include "cfconsole/cf_jsonw.h"
#include "cfconsole/health.h"

#define MAX_POOL_ARGS 64

static const char health_usage[] =
	"usage: cfconsole [options] health [--json] [--pool NAME|ID]...\n"
	"  Prints every pool (or the given ones) with its origins and their\n"
	"  health per region, as Cloudflare's monitors see it: pools\n"
	"  healthy, degraded or critical, \"1 healthy of 3 (2 disabled)\";\n"
	"  RTTs to 0.1 ms; a check without an answer (a timeout) has no\n"
	"  RTT and no code: \"-\", null in --json.\n"
	"exit status (one table for every subcommand, cfconsole(1)): 0 every\n"
	"  enabled origin is healthy; 1 API, network or credential error;\n"
	"  2 usage or unknown pool; 6 degraded (an enabled origin is unhealthy\n"
	"  or unknown; pools without a monitor are unknown); 7 a pool with a\n"
	"  monitor has no healthy origin.\n";

const char *
cli_health_usage(void)
{
	return health_usage;
}

struct health_args {
	bool json;
	bool help;
	const char *pools[MAX_POOL_ARGS];
	size_t npools;
};

static int
parse_args(int argc, char **argv, struct health_args *a, FILE *errf)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *v = NULL;

		if (strcmp(argv[i], "--json") == 0) {
			a->json = true;
			continue;
		}
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			a->help = true;
			continue;
		}
		if (strcmp(argv[i], "--pool") == 0) {
			if (i + 1 >= argc) {
				fprintf(errf, "cfconsole health: --pool needs "
					      "a pool name or id\n");
				return CLI_EXIT_USAGE;
			}
			v = argv[++i];
		} else if (strncmp(argv[i], "--pool=", 7) == 0) {
			v = argv[i] + 7;
		} else {
			fprintf(errf,
				"cfconsole health: unknown argument %s\n%s",
				argv[i], health_usage);
			return CLI_EXIT_USAGE;
		}
		if (!*v || a->npools == MAX_POOL_ARGS) {
			fprintf(errf, "cfconsole health: bad --pool %s\n", v);
			return CLI_EXIT_USAGE;
		}
		a->pools[a->npools++] = v;
	}
	return CLI_EXIT_OK;
}

int
cli_health_check(int argc, char **argv, FILE *errf)
{
	struct health_args a;

	return parse_args(argc, argv, &a, errf);
}

static bool
selected(const struct health_args *a, const struct cf_pool *p)
{
	size_t i;

	if (!a->npools)
		return true;
	for (i = 0; i < a->npools; i++)
		if ((p->id && strcmp(p->id, a->pools[i]) == 0) ||
		    (p->name && strcmp(p->name, a->pools[i]) == 0))
			return true;
	return false;
}

static bool
health_unavailable(const struct cf_error *err)
{
	size_t i;

	for (i = 0; i < err->nerrors; i++)
		if (err->errors[i].message &&
		    strstr(err->errors[i].message, "Health info unavailable"))
			return true;
	return err->detail && strstr(err->detail, "Health info unavailable");
}

/* The exit status the snapshot implies (see cli_exit.h). */
static int
verdict(const struct health_snapshot *s)
{
	int rc = CLI_EXIT_OK;
	size_t i, k;

	for (i = 0; i < s->npools; i++) {
		const struct health_pool *p = &s->pools[i];

		if (!p->enabled)
			continue;
		if (p->monitor && p->n_enabled && p->n_healthy == 0)
			return CLI_EXIT_DOWN;
		for (k = 0; k < p->norigins; k++)
			if (p->origins[k].enabled &&
			    p->origins[k].state != HEALTH_HEALTHY)
				rc = CLI_EXIT_DEGRADED;
		if (p->n_enabled == 0)
			rc = CLI_EXIT_DEGRADED;
	}
	return rc;
}

static const char *
verdict_name(int rc)
{
	return rc == CLI_EXIT_OK	 ? "healthy"
	       : rc == CLI_EXIT_DEGRADED ? "degraded"
					 : "down";
}

/* RTTs as the API reports them, to 0.1 ms (the mean over regions would
 * otherwise print 251.03333333333333). */
static double
rtt_round(double ms)
{
	return round(ms * 10) / 10;
}

static void
fmt_rtt(bool has, double ms, char *buf, size_t size)
{
	if (has)
		snprintf(buf, size, "%.1fms", rtt_round(ms));
	else
		snprintf(buf, size, "-");
}

/* A response code, or "-" when the check got no answer (health.h). */
static void
fmt_code(bool has, int code, char *buf, size_t size)
{
	if (has)
		snprintf(buf, size, "%d", code);
	else
		snprintf(buf, size, "-");
}

static void
print_text(const struct health_snapshot *s, int rc, FILE *out)
{
	size_t i, k, r;
	char rtt[32], code[16], sum[96];
	double ms;

	for (i = 0; i < s->npools; i++) {
		const struct health_pool *p = &s->pools[i];

		fprintf(out, "pool %s (%s): %s", p->name ? p->name : "?",
			p->id ? p->id : "?", health_pool_state_name(p->state));
		if (!p->monitor)
			fprintf(out, " (no monitor)");
		fprintf(out, ", %s (minimum_origins %d)%s\n",
			health_pool_summary(p, sum, sizeof(sum)),
			p->minimum_origins,
			p->below_minimum ? ", BELOW MINIMUM" : "");
		if (p->last_error)
			fprintf(out, "  note: %s\n", p->last_error);
		for (k = 0; k < p->norigins; k++) {
			const struct health_origin *o = &p->origins[k];
			bool has = health_origin_rtt(o, &ms);

			fmt_rtt(has, ms, rtt, sizeof(rtt));
			fmt_code(o->has_response_code, o->response_code, code,
				 sizeof(code));
			fprintf(out, "  %-20s %-39s %-9s w=%-4g %9s %4s  %s\n",
				o->name ? o->name : "?",
				o->address ? o->address : "?",
				health_state_name(o->state), o->weight, rtt,
				code,
				o->state == HEALTH_UNHEALTHY &&
						o->failure_reason
					? o->failure_reason
					: "");
			for (r = 0; r < o->nregions; r++) {
				const struct health_region *g = &o->regions[r];

				fmt_rtt(g->has_rtt, g->rtt_ms, rtt,
					sizeof(rtt));
				fmt_code(g->has_response_code, g->response_code,
					 code, sizeof(code));
				fprintf(out, "      %-16s %-9s %9s %4s  %s\n",
					g->region && *g->region ? g->region
								: "-",
					g->healthy ? "healthy" : "unhealthy",
					rtt, code,
					g->failure_reason ? g->failure_reason
							  : "");
			}
		}
	}
	fprintf(out, "overall: %s\n", verdict_name(rc));
}

static bool
json_origin(struct cf_jsonw *arr, const struct health_origin *o)
{
	struct cf_jsonw *j = cf_jsonw_new_object(), *regs;
	bool ok, has;
	size_t r;
	double ms = 0;

	has = health_origin_rtt(o, &ms);
	regs = cf_jsonw_new_array();
	ok = j && regs && cf_jsonw_add_str(j, "name", o->name) &&
	     cf_jsonw_add_str(j, "address", o->address) &&
	     cf_jsonw_add_bool(j, "enabled", o->enabled) &&
	     cf_jsonw_add_num(j, "weight", o->weight) &&
	     cf_jsonw_add_str(j, "state", health_state_name(o->state)) &&
	     cf_jsonw_add_num(j, "regions_healthy",
			      (double)o->nregions_healthy) &&
	     (has ? cf_jsonw_add_num(j, "rtt_ms", rtt_round(ms))
		  : cf_jsonw_add_null(j, "rtt_ms")) &&
	     (o->has_response_code
		      ? cf_jsonw_add_num(j, "response_code", o->response_code)
		      : cf_jsonw_add_null(j, "response_code")) &&
	     cf_jsonw_add_str(j, "failure_reason", o->failure_reason);
	for (r = 0; ok && r < o->nregions; r++) {
		const struct health_region *g = &o->regions[r];
		struct cf_jsonw *x = cf_jsonw_new_object();

		ok = x && cf_jsonw_add_str(x, "region", g->region) &&
		     cf_jsonw_add_bool(x, "healthy", g->healthy) &&
		     (g->has_rtt ? cf_jsonw_add_num(x, "rtt_ms",
						    rtt_round(g->rtt_ms))
				 : cf_jsonw_add_null(x, "rtt_ms")) &&
		     (g->has_response_code
			      ? cf_jsonw_add_num(x, "response_code",
						 g->response_code)
			      : cf_jsonw_add_null(x, "response_code")) &&
		     cf_jsonw_add_str(x, "failure_reason", g->failure_reason);
		if (!ok || !cf_jsonw_add(regs, NULL, x))
			ok = false;
	}
	if (!ok) {
		cf_jsonw_free(regs);
		cf_jsonw_free(j);
		return false;
	}
	return cf_jsonw_add(j, "regions", regs) && cf_jsonw_add(arr, NULL, j);
}

static bool
print_json(const struct health_snapshot *s, int rc, FILE *out)
{
	struct cf_jsonw *root = cf_jsonw_new_object(), *pools;
	size_t i, k;
	bool ok;
	char *text;

	pools = cf_jsonw_new_array();
	ok = root && pools &&
	     cf_jsonw_add_str(root, "status", verdict_name(rc)) &&
	     cf_jsonw_add_num(root, "exit", rc);
	for (i = 0; ok && i < s->npools; i++) {
		const struct health_pool *p = &s->pools[i];
		struct cf_jsonw *j = cf_jsonw_new_object();
		struct cf_jsonw *origins = cf_jsonw_new_array();

		ok = j && origins && cf_jsonw_add_str(j, "id", p->id) &&
		     cf_jsonw_add_str(j, "name", p->name) &&
		     cf_jsonw_add_bool(j, "enabled", p->enabled) &&
		     cf_jsonw_add_str(j, "state",
				      health_pool_state_name(p->state)) &&
		     cf_jsonw_add_str(j, "monitor", p->monitor) &&
		     cf_jsonw_add_num(j, "minimum_origins",
				      p->minimum_origins) &&
		     cf_jsonw_add_num(j, "origin_count", (double)p->norigins) &&
		     cf_jsonw_add_num(j, "enabled_origins",
				      (double)p->n_enabled) &&
		     cf_jsonw_add_num(j, "disabled_origins",
				      (double)p->n_disabled) &&
		     cf_jsonw_add_num(j, "healthy_origins",
				      (double)p->n_healthy) &&
		     cf_jsonw_add_bool(j, "below_minimum", p->below_minimum) &&
		     cf_jsonw_add_str(j, "error", p->last_error);
		for (k = 0; ok && k < p->norigins; k++)
			ok = json_origin(origins, &p->origins[k]);
		if (!ok) {
			cf_jsonw_free(origins);
			cf_jsonw_free(j);
			break;
		}
		ok = cf_jsonw_add(j, "origins", origins) &&
		     cf_jsonw_add(pools, NULL, j);
	}
	if (!ok) {
		cf_jsonw_free(pools);
		cf_jsonw_free(root);
		return false;
	}
	ok = cf_jsonw_add(root, "pools", pools);
	text = ok ? cf_jsonw_print(root, true) : NULL;
	cf_jsonw_free(root);
	if (!text)
		return false;
	fprintf(out, "%s\n", text);
	free(text);
	return true;
}

int
cli_health(struct session *s, int argc, char **argv, FILE *out, FILE *errf)
{
	struct health_args a;
	struct cf_pool_list all = { 0 };
	struct cf_pool *sel = NULL;
	struct cf_error err = { 0 };
	struct health_model *m = NULL;
	const struct health_snapshot *snap = NULL;
	char ebuf[512];
	size_t i, nsel = 0;
	int rc;
	time_t now = time(NULL);

	rc = parse_args(argc, argv, &a, errf);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (a.help) {
		fputs(health_usage, out);
		return CLI_EXIT_OK;
	}
	if (cf_pools_list(s->client, s->account_id, NULL, &all, &err) !=
	    CF_OK) {
		fprintf(errf, "cfconsole health: cannot list pools: %s\n",
			cf_error_format(&err, ebuf, sizeof(ebuf)));
		cf_error_clear(&err);
		return CLI_EXIT_ERROR;
	}
	for (i = 0; i < a.npools; i++) {
		size_t k;
		bool found = false;

		for (k = 0; k < all.n && !found; k++)
			found = (all.items[k].id &&
				 strcmp(all.items[k].id, a.pools[i]) == 0) ||
				(all.items[k].name &&
				 strcmp(all.items[k].name, a.pools[i]) == 0);
		if (!found) {
			fprintf(errf, "cfconsole health: no pool %s\n",
				a.pools[i]);
			cf_pool_list_free(&all);
			return CLI_EXIT_USAGE;
		}
	}
	/* Shallow view of the selected pools: the model copies what it
	 * keeps, so no deep copy is needed. */
	sel = calloc(all.n ? all.n : 1, sizeof(*sel));
	m = health_model_new();
	if (!sel || !m) {
		fprintf(errf, "cfconsole health: out of memory\n");
		rc = CLI_EXIT_ERROR;
		goto out;
	}
	for (i = 0; i < all.n; i++)
		if (selected(&a, &all.items[i]))
			sel[nsel++] = all.items[i];
	health_model_set_pools(m, sel, nsel, now);
	for (i = 0; i < nsel; i++) {
		struct cf_pool_health h = { 0 };

		if (!sel[i].monitor || !sel[i].enabled)
			continue;
		if (cf_pool_health_get(s->client, s->account_id, sel[i].id, &h,
				       &err) == CF_OK) {
			health_model_apply_health(m, sel[i].id, &h, now);
			cf_pool_health_free(&h);
		} else if (health_unavailable(&err)) {
			health_model_pool_error(m, sel[i].id,
						"health info unavailable", true,
						now);
		} else {
			fprintf(errf,
				"cfconsole health: cannot read health of pool "
				"%s: %s\n",
				sel[i].name ? sel[i].name : sel[i].id,
				cf_error_format(&err, ebuf, sizeof(ebuf)));
			cf_error_clear(&err);
			rc = CLI_EXIT_ERROR;
			goto out;
		}
		cf_error_clear(&err);
	}
	health_model_publish(m, now);
	snap = health_model_acquire(m);
	rc = verdict(snap);
	if (!a.json) {
		print_text(snap, rc, out);
	} else if (!print_json(snap, rc, out)) {
		fprintf(errf, "cfconsole health: out of memory\n");
		rc = CLI_EXIT_ERROR;
	}
out:
	health_snapshot_release(snap);
	health_model_free(m);
	free(sel);
	cf_pool_list_free(&all);
	return rc;
}
