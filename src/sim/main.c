/* main.c: cfsim, a local Cloudflare API v4 emulator -- options, start-up order, signals, shutdown. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "sim/seed.h"
#include "sim/server.h"
#include "sim/services.h"
#include "sim/validate.h"

#define DEMO_TOKEN "cfsim-demo-token"

static const char usage[] =
	"usage: cfsim [OPTIONS]\n"
	"A local Cloudflare API v4 emulator (zones, DNS, Load Balancing).\n"
	"\n"
	"  --listen HOST:PORT      address to serve on (default 127.0.0.1:8787;\n"
	"                          port 0 picks a free port; [::1]:PORT for IPv6)\n"
	"  --account-id ID         the account id (32 hex chars; default random)\n"
	"  --account-name NAME     the account name (default \"cfsim account\")\n"
	"  --extra-account NAME    one more account the credentials see (random\n"
	"                          id; no zones, empty pools and monitors,\n"
	"                          read-only; repeatable)\n"
	"  --token TOKEN           accept this API token, read-write (repeatable)\n"
	"  --readonly-token TOKEN  accept this token for reads; writes get 403\n"
	"  --auth-key EMAIL:KEY    accept this X-Auth-Email/X-Auth-Key pair (KEY "
	"is\n"
	"                          37 hex chars; repeatable)\n"
	"                          With no credential option the token\n"
	"                          " DEMO_TOKEN " is accepted.\n"
	"  --rate-limit N/SECONDS  requests per window per credential (default\n"
	"                          1200/300); over it: 429, code 971, Retry-After\n"
	"  --min-interval N        lowest monitor interval accepted (default 60;\n"
	"                          15 with --demo, whose GPU monitor uses it)\n"
	"  --time-scale F          health engine clock factor (default 1.0;\n"
	"                          0.1 runs probes ten times faster)\n"
	"  --demo                  seed a demo world with real origin servers\n"
	"  --gen SPEC              generate a large account; SPEC is key=N,... "
	"with\n"
	"                          zones (default 1), records (per zone), pools,\n"
	"                          origins (per pool, default 3), monitors, lbs\n"
	"                          e.g. "
	"zones=1,records=100000,pools=500,origins=5\n"
	"  --state FILE            load the world from FILE (if it exists) and "
	"save\n"
	"                          it there atomically on every change and at "
	"exit\n"
	"  --fault SPEC            inject faults: KIND:RATE[:PATH[:COUNT]] with "
	"KIND\n"
	"                          latency=MS, 5xx, 429, malformed or drop, RATE "
	"in\n"
	"                          [0,1], PATH a substring of the request path,\n"
	"                          COUNT the number of firings (0 = unlimited)\n"
	"  --no-health             do not run the health engine (no probes)\n"
	"  --verbose               log every API request to stderr\n"
	"  --help                  this text\n"
	"\n"
	"Once it serves, cfsim prints exactly two lines on stdout:\n"
	"  cfsim listening on http://HOST:PORT/client/v4\n"
	"  account ACCOUNT_ID\n"
	"Admin API (no auth, loopback clients only) under /__cfsim/: see "
	"cfsim(1).\n"
	"SIGTERM or SIGINT: save the state, stop the origin servers, exit 0.\n";

static void
add_cred(struct sim_config *cfg, const char *token, const char *email,
	 const char *key, bool readonly)
{
	struct sim_cred *c;
	size_t i, same = 1;

	cfg->creds = realloc(cfg->creds, (cfg->ncreds + 1) * sizeof(*c));
	if (!cfg->creds)
		abort();
	c = &cfg->creds[cfg->ncreds++];
	memset(c, 0, sizeof(*c));
	c->token = token ? strdup(token) : NULL;
	c->email = email ? strdup(email) : NULL;
	c->key = key ? strdup(key) : NULL;
	c->readonly = readonly;
	for (i = 0; i + 1 < cfg->ncreds; i++)
		if (cfg->creds[i].readonly == readonly &&
		    (cfg->creds[i].key != NULL) == (key != NULL))
			same++;
	snprintf(c->label, sizeof(c->label), "%s#%zu",
		 key	    ? "key"
		 : readonly ? "readonly"
			    : "token",
		 same);
}

static void
free_config(struct sim_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->ncreds; i++) {
		free(cfg->creds[i].token);
		free(cfg->creds[i].email);
		free(cfg->creds[i].key);
	}
	free(cfg->creds);
	free(cfg->extra);
}

static int
parse_listen(const char *arg, struct sim_config *cfg)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	long port;
	size_t hl;

	if (!colon)
		return -1;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	hl = (size_t)(colon - arg);
	if (hl >= 2 && arg[0] == '[' && arg[hl - 1] == ']') {
		arg++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof(cfg->listen_host))
		return -1;
	memcpy(cfg->listen_host, arg, hl);
	cfg->listen_host[hl] = '\0';
	cfg->listen_port = (int)port;
	return 0;
}

static int
parse_args(int argc, char **argv, struct sim_config *cfg,
	   struct sim_faults *faults, const char **account_name)
{
	enum {
		O_LISTEN = 256,
		O_ACCOUNT,
		O_ACCOUNT_NAME,
		O_EXTRA_ACCOUNT,
		O_TOKEN,
		O_RO_TOKEN,
		O_AUTH_KEY,
		O_RATE,
		O_MIN_INTERVAL,
		O_TIME_SCALE,
		O_DEMO,
		O_GEN,
		O_STATE,
		O_FAULT,
		O_NO_HEALTH,
		O_VERBOSE,
		O_HELP,
	};
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "account-id", required_argument, NULL, O_ACCOUNT },
		{ "account-name", required_argument, NULL, O_ACCOUNT_NAME },
		{ "extra-account", required_argument, NULL, O_EXTRA_ACCOUNT },
		{ "token", required_argument, NULL, O_TOKEN },
		{ "readonly-token", required_argument, NULL, O_RO_TOKEN },
		{ "auth-key", required_argument, NULL, O_AUTH_KEY },
		{ "rate-limit", required_argument, NULL, O_RATE },
		{ "min-interval", required_argument, NULL, O_MIN_INTERVAL },
		{ "time-scale", required_argument, NULL, O_TIME_SCALE },
		{ "demo", no_argument, NULL, O_DEMO },
		{ "gen", required_argument, NULL, O_GEN },
		{ "state", required_argument, NULL, O_STATE },
		{ "fault", required_argument, NULL, O_FAULT },
		{ "no-health", no_argument, NULL, O_NO_HEALTH },
		{ "verbose", no_argument, NULL, O_VERBOSE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char err[256], *end;
	int c, n, s;
	double d;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_LISTEN:
			if (parse_listen(optarg, cfg) != 0) {
				fprintf(stderr, "cfsim: --listen expects "
						"HOST:PORT\n");
				return 2;
			}
			break;
		case O_ACCOUNT:
			if (!validate_id(optarg)) {
				fprintf(stderr, "cfsim: --account-id must be "
						"32 hex characters\n");
				return 2;
			}
			snprintf(cfg->account_id, sizeof(cfg->account_id), "%s",
				 optarg);
			break;
		case O_ACCOUNT_NAME:
			*account_name = optarg;
			break;
		case O_EXTRA_ACCOUNT: {
			struct sim_extra_account *x;

			if (!*optarg || strlen(optarg) > 100) {
				fprintf(stderr,
					"cfsim: --extra-account expects "
					"a name of 1-100 characters\n");
				return 2;
			}
			x = realloc(cfg->extra,
				    (cfg->nextra + 1) * sizeof(*cfg->extra));
			if (!x)
				abort();
			cfg->extra = x;
			x += cfg->nextra++;
			world_new_id(x->id);
			snprintf(x->name, sizeof(x->name), "%s", optarg);
			break;
		}
		case O_TOKEN:
		case O_RO_TOKEN:
			if (!validate_bearer_token(optarg)) {
				fprintf(stderr, "cfsim: a token must be 1-256 "
						"characters of A-Z a-z 0-9 "
						"._~+/=-\n");
				return 2;
			}
			add_cred(cfg, optarg, NULL, NULL, c == O_RO_TOKEN);
			break;
		case O_AUTH_KEY: {
			char *colon = strchr(optarg, ':');

			if (!colon) {
				fprintf(stderr, "cfsim: --auth-key expects "
						"EMAIL:KEY\n");
				return 2;
			}
			*colon = '\0';
			if (!validate_auth_email(optarg) ||
			    !validate_auth_key(colon + 1)) {
				fprintf(stderr, "cfsim: --auth-key: bad email "
						"or key (37 hex chars)\n");
				return 2;
			}
			add_cred(cfg, NULL, optarg, colon + 1, false);
			break;
		}
		case O_RATE:
			if (sscanf(optarg, "%d/%d", &n, &s) != 2 || n < 1 ||
			    s < 1 || s > 86400) {
				fprintf(stderr, "cfsim: --rate-limit expects "
						"N/SECONDS\n");
				return 2;
			}
			cfg->rl_limit = n;
			cfg->rl_window = s;
			break;
		case O_MIN_INTERVAL:
			n = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 3600) {
				fprintf(stderr, "cfsim: --min-interval expects "
						"1..3600\n");
				return 2;
			}
			cfg->min_interval = n;
			break;
		case O_TIME_SCALE:
			d = strtod(optarg, &end);
			if (*end || end == optarg || !(d > 0 && d <= 100)) {
				fprintf(stderr, "cfsim: --time-scale expects a "
						"number in (0, 100]\n");
				return 2;
			}
			cfg->time_scale = d;
			break;
		case O_DEMO:
			cfg->demo = true;
			break;
		case O_GEN: {
			struct gen_spec g;

			if (!gen_parse(optarg, &g, err, sizeof(err))) {
				fprintf(stderr, "cfsim: %s\n", err);
				return 2;
			}
			cfg->gen_spec = optarg;
			break;
		}
		case O_STATE:
			cfg->state_file = optarg;
			break;
		case O_FAULT:
			if (!faults_add_spec(faults, optarg, err,
					     sizeof(err))) {
				fprintf(stderr, "cfsim: %s\n", err);
				return 2;
			}
			break;
		case O_NO_HEALTH:
			cfg->no_health = true;
			break;
		case O_VERBOSE:
			cfg->verbose = true;
			break;
		case O_HELP:
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "cfsim: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}
	return 0;
}

/* Builds the initial world: --state file, else --demo / --gen. */
static bool
seed_world(struct sim *sim, char *err, size_t errlen)
{
	struct sim_config *cfg = sim->cfg;
	struct gen_spec g;
	bool loaded = false, missing = true;

	if (cfg->gen_spec && !gen_parse(cfg->gen_spec, &g, err, errlen))
		return false;
	if (cfg->state_file) {
		cJSON *doc = persist_read(cfg->state_file, &missing);

		if (!doc && !missing) {
			snprintf(err, errlen, "cannot load --state %s",
				 cfg->state_file);
			return false;
		}
		if (doc) {
			loaded = world_import(sim->world, doc);
			cJSON_Delete(doc);
			if (!loaded) {
				snprintf(err, errlen,
					 "--state %s is not a cfsim state file",
					 cfg->state_file);
				return false;
			}
		}
	}
	if (cfg->demo && !demo_seed(sim, !loaded, err, errlen))
		return false;
	if (!loaded && cfg->gen_spec && !gen_build(sim, &g, err, errlen))
		return false;
	sim->seed = world_export_text(sim->world);
	sim->persisted_changes = loaded ? sim->world->changes : 0;
	return true;
}

int
main(int argc, char **argv)
{
	struct sim_config cfg = {
		.listen_host = "127.0.0.1",
		.listen_port = 8787,
		.rl_limit = 1200,
		.rl_window = 300,
		.min_interval = 0, /* not given: see below */
		.time_scale = 1.0,
	};
	struct sim sim = { .cfg = &cfg };
	struct sim_server *srv = NULL;
	const char *account_name = "cfsim account";
	char err[512], account[33];
	sigset_t set;
	int rc, port = 0, sig;

	sim.faults = faults_new();
	rc = parse_args(argc, argv, &cfg, sim.faults, &account_name);
	if (rc) {
		faults_free(sim.faults);
		free_config(&cfg);
		return rc == 1 ? 0 : 2;
	}
	/* Cloudflare's default lower bound; the demo's GPU monitor checks
	 * more often (it would not see gpu-c flap), so --demo lowers it. */
	if (cfg.min_interval == 0)
		cfg.min_interval = cfg.demo ? DEMO_MIN_INTERVAL : 60;
	if (cfg.ncreds == 0)
		add_cred(&cfg, DEMO_TOKEN, NULL, NULL, false);
	if (!cfg.account_id[0])
		world_new_id(cfg.account_id);
	/* Every thread inherits this mask; main collects the signals. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pthread_mutex_init(&sim.persist_mu, NULL);
	sim.world = world_new(cfg.account_id, account_name);
	sim.rl = ratelimit_new(cfg.rl_limit, cfg.rl_window);
	sim.log = reqlog_new(10000);
	rc = 1;
	if (!seed_world(&sim, err, sizeof(err))) {
		fprintf(stderr, "cfsim: %s\n", err);
		goto out;
	}
	if (!cfg.no_health) {
		struct sim_health_options ho = {
			.snapshot_fn = sim_world_snapshot,
			.snapshot_ud = &sim,
			.time_scale = cfg.time_scale,
			.min_interval_s = 1,
		};

		sim.health = sim_health_start(&ho);
		if (!sim.health) {
			fprintf(stderr, "cfsim: cannot start the health "
					"engine\n");
			goto out;
		}
	}
	/* Copied before serving: an admin reset rewrites the world's copy. */
	snprintf(account, sizeof(account), "%s", sim.world->account_id);
	srv = server_start(&sim, cfg.listen_host, cfg.listen_port, &port, err,
			   sizeof(err));
	if (!srv) {
		fprintf(stderr, "cfsim: %s\n", err);
		goto out;
	}
	sim_changed(&sim);
	printf("cfsim listening on http://%s%s%s:%d/client/v4\n",
	       strchr(cfg.listen_host, ':') ? "[" : "", cfg.listen_host,
	       strchr(cfg.listen_host, ':') ? "]" : "", port);
	printf("account %s\n", account);
	fflush(stdout);
	if (cfg.ncreds == 1 && cfg.creds[0].token &&
	    !strcmp(cfg.creds[0].token, DEMO_TOKEN))
		fprintf(stderr, "cfsim: no credentials configured; accepting "
				"the demo token\n");
	do {
		if (sigwait(&set, &sig) != 0)
			break;
	} while (sig != SIGTERM && sig != SIGINT);
	rc = 0;
out:
	server_stop(srv);
	sim_health_stop(sim.health);
	sim_origins_stop(sim.origins);
	if (rc == 0)
		sim_changed(&sim);
	free(sim.seed);
	world_free(sim.world);
	ratelimit_free(sim.rl);
	reqlog_free(sim.log);
	faults_free(sim.faults);
	free_config(&cfg);
	pthread_mutex_destroy(&sim.persist_mu);
	curl_global_cleanup();
	return rc;
}
