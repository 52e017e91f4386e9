/* writers.c: N headless `cfconsole origin` writers x R toggles each on one pool of a fresh cfsim; prints how many PATCHes undid another writer's change (cfsim's request log). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cfsim_harness.h"
#include "writers.h"

static void
usage(void)
{
	fprintf(stderr,
		"usage: writers -c CFCONSOLE [-w WRITERS] [-r ROUNDS] "
		"[-l LATENCY_MS]\n"
		"  Starts $CFSIM (--gen pools=1,origins=WRITERS, one token per "
		"writer), runs\n"
		"  WRITERS processes that each disable/enable their own origin "
		"ROUNDS times\n"
		"  (a new cfconsole each time), then replays cfsim's request "
		"log. LATENCY_MS\n"
		"  delays cfsim's health and reference answers (a distant API). "
		"Prints:\n"
		"  writers=N rounds=N runs=N exit0=N exit1=N exit5=N other=N "
		"verified=N\n"
		"  patches=N reverts=N wrong_final=N seconds=N\n");
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *bin = NULL;
	int nw = 4, rounds = 100, latency = 0, ch, k, rc = 1;
	char tokens[WRITERS_MAX][64], names[WRITERS_MAX][32], gen[64];
	const char *tp[WRITERS_MAX], *np[WRITERS_MAX];
	const char *args[2 * WRITERS_MAX + 8];
	char home[] = "/tmp/cfc-writers-bench.XXXXXX", id[64] = "";
	char path[256], cmd[128];
	struct writers_opts o = { 0 };
	struct writers_result res;
	struct cfsim s;
	struct cfsim_reply r;
	cJSON *root, *it;
	int na = 0;
	double t0;

	while ((ch = getopt(argc, argv, "c:w:r:l:h")) != -1) {
		switch (ch) {
		case 'c':
			bin = optarg;
			break;
		case 'w':
			nw = atoi(optarg);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'l':
			latency = atoi(optarg);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (!bin || nw < 1 || nw > WRITERS_MAX || rounds < 1) {
		usage();
		return 2;
	}
	snprintf(gen, sizeof(gen), "pools=1,origins=%d", nw);
	args[na++] = "--gen";
	args[na++] = gen;
	for (k = 0; k < nw; k++) {
		snprintf(tokens[k], sizeof(tokens[k]),
			 "bench-writer-%02d-token-0123456789abcdef", k);
		snprintf(names[k], sizeof(names[k]), "origin-00000-%d", k);
		tp[k] = tokens[k];
		np[k] = names[k];
		args[na++] = "--token";
		args[na++] = tokens[k];
	}
	args[na++] = "--rate-limit";
	args[na++] = "1000000/60";
	args[na] = NULL;
	if (!mkdtemp(home) || cfsim_start(&s, args) != 0)
		return 1;
	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools",
		 s.account_id);
	if (cfsim_api(&s, "GET", path, NULL, &r) == 200 &&
	    (root = cJSON_Parse(r.body)) != NULL) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "result"))
			snprintf(id, sizeof(id), "%s",
				 cJSON_GetStringValue(
					 cJSON_GetObjectItem(it, "id")));
		cJSON_Delete(root);
	}
	cfsim_reply_free(&r);
	if (latency > 0) {
		char url[256], body[200];

		snprintf(url, sizeof(url), "%s/__cfsim/faults", s.admin_url);
		snprintf(body, sizeof(body),
			 "[{\"spec\":\"latency=%d:1:/health\"},"
			 "{\"spec\":\"latency=%d:1:/references\"}]",
			 latency, latency);
		cfsim_http("POST", url, NULL, body, &r);
		cfsim_reply_free(&r);
	}
	o.cfconsole = bin;
	o.sim = &s;
	o.nwriters = nw;
	o.rounds = rounds;
	o.pool = "pool-00000";
	o.pool_id = id;
	o.tokens = tp;
	o.origins = np;
	o.home = home;
	t0 = now_s();
	if (id[0] && writers_run(&o, &res) == 0) {
		printf("writers=%d rounds=%d runs=%d exit0=%d exit1=%d "
		       "exit5=%d other=%d verified=%d patches=%d reverts=%d "
		       "wrong_final=%d seconds=%.1f\n",
		       nw, rounds, res.runs, res.exits[0], res.exits[1],
		       res.exits[5],
		       res.runs - res.exits[0] - res.exits[1] - res.exits[5],
		       res.verified, res.patches, res.reverts, res.wrong_final,
		       now_s() - t0);
		if (res.reverts)
			printf("first revert: %s\n", res.first_revert);
		rc = 0;
	}
	cfsim_stop(&s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
