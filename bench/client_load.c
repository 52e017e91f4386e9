/* client_load.c: times cf_dns_list over a zone; peak RSS. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cfconsole/cf_api.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
usage(void)
{
	fprintf(stderr,
		"usage: client_load -u BASE_URL [-z ZONE_ID] [-p PER_PAGE] "
		"[-j PARALLEL]\n"
		"  The API token is read from $CLOUDFLARE_API_TOKEN.\n"
		"  Without -z the first zone of the account is used.\n"
		"  Prints: elapsed_ms=N records=N per_page=N "
		"peak_rss_kb=N cpu_ms=N\n"
		"  (cpu_ms: user+system CPU of the whole process, all "
		"threads)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *base = NULL, *zone = NULL,
		   *tok = getenv("CLOUDFLARE_API_TOKEN");
	int per_page = 0, parallel = 0, ch;
	struct cf_credentials creds = { 0 };
	struct cf_client_options o = { 0 };
	struct cf_error err = { 0 };
	struct cf_client *c;
	struct cf_zone_list zones = { 0 };
	struct cf_dns_record_list recs = { 0 };
	struct cf_dns_filter f = { 0 };
	struct rusage ru;
	char buf[512], *zone_id = NULL, *token_copy;
	double t0, ms;
	int rc = 1;

	while ((ch = getopt(argc, argv, "u:z:p:j:h")) != -1) {
		switch (ch) {
		case 'u':
			base = optarg;
			break;
		case 'z':
			zone = optarg;
			break;
		case 'p':
			per_page = atoi(optarg);
			break;
		case 'j':
			parallel = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (!base || !tok)
		usage();
	if (cf_global_init() != CF_OK)
		return 1;
	/* A benchmark measures the client, not the shared request budget. */
	cf_ratelimit_configure(1000000, 1);
	token_copy = strdup(tok);
	creds.kind = CF_AUTH_TOKEN;
	creds.token = token_copy;
	o.base_url = base;
	o.creds = &creds;
	o.max_parallel = parallel;
	c = cf_client_new(&o, &err);
	cf_credentials_wipe(&creds);
	if (!c) {
		fprintf(stderr, "client_load: %s\n",
			cf_error_format(&err, buf, sizeof(buf)));
		goto out;
	}
	if (!zone) {
		if (cf_zones_list(c, NULL, NULL, &zones, &err) != CF_OK ||
		    zones.n == 0) {
			fprintf(stderr, "client_load: no zone: %s\n",
				cf_error_format(&err, buf, sizeof(buf)));
			goto out;
		}
		zone_id = strdup(zones.items[0].id);
		zone = zone_id;
	}
	f.per_page = per_page;
	t0 = now_ms();
	if (cf_dns_list(c, zone, &f, &recs, &err) != CF_OK) {
		fprintf(stderr, "client_load: %s\n",
			cf_error_format(&err, buf, sizeof(buf)));
		goto out;
	}
	ms = now_ms() - t0;
	getrusage(RUSAGE_SELF, &ru);
	printf("elapsed_ms=%.0f records=%zu per_page=%d peak_rss_kb=%ld "
	       "cpu_ms=%.0f\n",
	       ms, recs.n, per_page ? per_page : 5000, ru.ru_maxrss,
	       (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	rc = 0;
out:
	cf_dns_record_list_free(&recs);
	cf_zone_list_free(&zones);
	free(zone_id);
	cf_error_clear(&err);
	cf_client_free(c);
	cf_global_cleanup();
	return rc;
}
