/* faults.c: cfsim fault injection -- latency, 5xx, 429, malformed bodies and dropped connections, by rate, path and method. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "sim/services.h"

struct rule {
	enum fault_kind kind;
	double rate;
	int ms;
	char *path;   /* substring (a trailing '$' anchors it at the end), or
		       NULL for every path */
	char *method; /* "POST" ..., or NULL for every method */
	long count;   /* remaining firings, 0 = unlimited */
	long fired;
	struct rule *next;
};

struct sim_faults {
	pthread_mutex_t mu;
	struct rule *rules, *tail;
	uint64_t rng;
	/* Latency delays wait on `released`: clearing the faults lets them
	 * go on at once (a test holds a request exactly as long as it
	 * needs), stopping drops them (no join on sleepers at exit). */
	pthread_cond_t released;
	unsigned long clears;
	bool stopping;
};

static const char *const kind_names[] = {
	[FAULT_LATENCY] = "latency", [FAULT_5XX] = "5xx",
	[FAULT_429] = "429",	     [FAULT_MALFORMED] = "malformed",
	[FAULT_DROP] = "drop",
};

struct sim_faults *
faults_new(void)
{
	struct sim_faults *f = calloc(1, sizeof(*f));
	struct timespec ts;

	if (!f)
		abort();
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->released, NULL);
	clock_gettime(CLOCK_REALTIME, &ts);
	f->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
		 0x9e3779b97f4a7c15ull;
	return f;
}

static void
free_rules(struct rule *r)
{
	while (r) {
		struct rule *n = r->next;

		free(r->path);
		free(r->method);
		free(r);
		r = n;
	}
}

void
faults_clear(struct sim_faults *f)
{
	pthread_mutex_lock(&f->mu);
	free_rules(f->rules);
	f->rules = f->tail = NULL;
	f->clears++;
	pthread_cond_broadcast(&f->released);
	pthread_mutex_unlock(&f->mu);
}

void
faults_stop(struct sim_faults *f)
{
	pthread_mutex_lock(&f->mu);
	f->stopping = true;
	pthread_cond_broadcast(&f->released);
	pthread_mutex_unlock(&f->mu);
}

bool
faults_delay(struct sim_faults *f, int ms)
{
	struct timespec until;
	unsigned long clears;
	bool stopping;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&f->mu);
	clears = f->clears;
	while (!f->stopping && f->clears == clears &&
	       pthread_cond_timedwait(&f->released, &f->mu, &until) !=
		       ETIMEDOUT)
		;
	stopping = f->stopping;
	pthread_mutex_unlock(&f->mu);
	return !stopping;
}

void
faults_free(struct sim_faults *f)
{
	if (!f)
		return;
	free_rules(f->rules);
	pthread_cond_destroy(&f->released);
	pthread_mutex_destroy(&f->mu);
	free(f);
}

static bool
parse_kind(const char *s, size_t n, enum fault_kind *kind, int *ms)
{
	size_t i;

	*ms = 0;
	if (n > 8 && strncmp(s, "latency=", 8) == 0) {
		char buf[16], *end;
		long v;

		if (n - 8 >= sizeof(buf))
			return false;
		memcpy(buf, s + 8, n - 8);
		buf[n - 8] = '\0';
		errno = 0;
		v = strtol(buf, &end, 10);
		if (errno || *end || end == buf || v < 0 || v > 600000)
			return false;
		*kind = FAULT_LATENCY;
		*ms = (int)v;
		return true;
	}
	for (i = 1; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strlen(kind_names[i]) == n &&
		    strncmp(s, kind_names[i], n) == 0) {
			*kind = (enum fault_kind)i;
			return true;
		}
	}
	return false;
}

static struct rule *
new_rule(enum fault_kind kind, int ms, double rate, const char *path,
	 long count, const char *method)
{
	struct rule *r = calloc(1, sizeof(*r));
	size_t i;

	if (!r)
		abort();
	r->kind = kind;
	r->ms = ms;
	r->rate = rate;
	r->path = path && *path ? strdup(path) : NULL;
	r->count = count;
	r->method = method && *method ? strdup(method) : NULL;
	for (i = 0; r->method && r->method[i]; i++)
		if (r->method[i] >= 'a' && r->method[i] <= 'z')
			r->method[i] = (char)(r->method[i] - 'a' + 'A');
	return r;
}

/* GET POST PUT PATCH DELETE (any case), or empty for every method. */
static bool
method_ok(const char *m)
{
	static const char *const known[] = { "GET", "POST", "PUT", "PATCH",
					     "DELETE" };
	size_t i;

	if (!m || !*m)
		return true;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(m, known[i]) == 0)
			return true;
	return false;
}

static void
append(struct sim_faults *f, struct rule *r)
{
	pthread_mutex_lock(&f->mu);
	if (f->tail)
		f->tail->next = r;
	else
		f->rules = r;
	f->tail = r;
	pthread_mutex_unlock(&f->mu);
}

static struct rule *
parse_spec(const char *spec, char *err, size_t errlen)
{
	const char *c1 = strchr(spec, ':'), *c2, *c3 = NULL, *c4 = NULL;
	enum fault_kind kind;
	char rate_s[32], path[512] = "", count_s[32] = "", method[16] = "";
	char *end;
	double rate;
	long count = 0;
	int ms;

	if (!c1 || !parse_kind(spec, (size_t)(c1 - spec), &kind, &ms)) {
		snprintf(
			err, errlen,
			"fault '%.100s': expected KIND:RATE[:PATH[:COUNT[:METHOD]]] "
			"with KIND latency=MS, 5xx, 429, malformed or drop",
			spec);
		return NULL;
	}
	c2 = strchr(c1 + 1, ':');
	snprintf(rate_s, sizeof(rate_s), "%.*s",
		 (int)(c2 ? c2 - c1 - 1 : (long)strlen(c1 + 1)), c1 + 1);
	errno = 0;
	rate = strtod(rate_s, &end);
	if (errno || end == rate_s || *end || !(rate >= 0 && rate <= 1)) {
		snprintf(err, errlen, "fault '%.100s': RATE must be in [0, 1]",
			 spec);
		return NULL;
	}
	if (c2) {
		c3 = strchr(c2 + 1, ':');
		snprintf(path, sizeof(path), "%.*s",
			 (int)(c3 ? c3 - c2 - 1 : (long)strlen(c2 + 1)),
			 c2 + 1);
	}
	if (c3) {
		c4 = strchr(c3 + 1, ':');
		snprintf(count_s, sizeof(count_s), "%.*s",
			 (int)(c4 ? c4 - c3 - 1 : (long)strlen(c3 + 1)),
			 c3 + 1);
		errno = 0;
		count = strtol(count_s, &end, 10);
		if (errno || end == count_s || *end || count < 0) {
			snprintf(err, errlen,
				 "fault '%.100s': COUNT must be a number >= 0",
				 spec);
			return NULL;
		}
	}
	if (c4) {
		snprintf(method, sizeof(method), "%.15s", c4 + 1);
		if (strlen(c4 + 1) >= sizeof(method) || !method_ok(method)) {
			snprintf(
				err, errlen,
				"fault '%.100s': METHOD must be GET, POST, PUT, "
				"PATCH or DELETE",
				spec);
			return NULL;
		}
	}
	return new_rule(kind, ms, rate, path, count, method);
}

bool
faults_add_spec(struct sim_faults *f, const char *spec, char *err,
		size_t errlen)
{
	struct rule *r = parse_spec(spec, err, errlen);

	if (!r)
		return false;
	append(f, r);
	return true;
}

static struct rule *
rule_from_json(const cJSON *j, char *err, size_t errlen)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
	const cJSON *rate = cJSON_GetObjectItemCaseSensitive(j, "rate");
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(j, "path");
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(j, "ms");
	const cJSON *count = cJSON_GetObjectItemCaseSensitive(j, "count");
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(j, "spec");
	const cJSON *method = cJSON_GetObjectItemCaseSensitive(j, "method");
	enum fault_kind k;
	int dummy;
	double r = 1;

	if (cJSON_IsString(spec))
		return parse_spec(spec->valuestring, err, errlen);
	if (!cJSON_IsObject(j) || !cJSON_IsString(kind) ||
	    !parse_kind(kind->valuestring, strlen(kind->valuestring), &k,
			&dummy)) {
		/* "latency" alone is valid in JSON: ms comes separately. */
		if (!(cJSON_IsString(kind) &&
		      strcmp(kind->valuestring, "latency") == 0)) {
			snprintf(err, errlen,
				 "fault: \"kind\" must be latency, 5xx, 429, "
				 "malformed or drop");
			return NULL;
		}
		k = FAULT_LATENCY;
		dummy = 0;
	}
	if (rate && !(cJSON_IsNumber(rate) && rate->valuedouble >= 0 &&
		      rate->valuedouble <= 1)) {
		snprintf(err, errlen, "fault: \"rate\" must be in [0, 1]");
		return NULL;
	}
	if (rate)
		r = rate->valuedouble;
	if (path && !cJSON_IsString(path)) {
		snprintf(err, errlen, "fault: \"path\" must be a string");
		return NULL;
	}
	if (ms && !(cJSON_IsNumber(ms) && ms->valuedouble >= 0 &&
		    ms->valuedouble <= 600000)) {
		snprintf(err, errlen, "fault: \"ms\" must be in [0, 600000]");
		return NULL;
	}
	if (count && !(cJSON_IsNumber(count) && count->valuedouble >= 0)) {
		snprintf(err, errlen, "fault: \"count\" must be >= 0");
		return NULL;
	}
	if (method &&
	    !(cJSON_IsString(method) && method_ok(method->valuestring))) {
		snprintf(err, errlen,
			 "fault: \"method\" must be GET, POST, PUT, PATCH or "
			 "DELETE");
		return NULL;
	}
	if (k == FAULT_LATENCY && ms)
		dummy = (int)ms->valuedouble;
	return new_rule(k, dummy, r, path ? path->valuestring : NULL,
			count ? (long)count->valuedouble : 0,
			method ? method->valuestring : NULL);
}

bool
faults_add_json(struct sim_faults *f, const cJSON *j, char *err, size_t errlen)
{
	struct rule *head = NULL, *tail = NULL, *r;
	const cJSON *it;

	if (cJSON_IsArray(j)) {
		cJSON_ArrayForEach(it, j)
		{
			r = rule_from_json(it, err, errlen);
			if (!r) {
				free_rules(head);
				return false;
			}
			if (tail)
				tail->next = r;
			else
				head = r;
			tail = r;
		}
	} else {
		head = rule_from_json(j, err, errlen);
		if (!head)
			return false;
	}
	while (head) {
		r = head->next;
		head->next = NULL;
		append(f, head);
		head = r;
	}
	return true;
}

cJSON *
faults_json(struct sim_faults *f)
{
	cJSON *arr = cJSON_CreateArray();
	struct rule *r;

	pthread_mutex_lock(&f->mu);
	for (r = f->rules; r; r = r->next) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", kind_names[r->kind]);
		cJSON_AddNumberToObject(o, "rate", r->rate);
		if (r->kind == FAULT_LATENCY)
			cJSON_AddNumberToObject(o, "ms", r->ms);
		if (r->path)
			cJSON_AddStringToObject(o, "path", r->path);
		if (r->method)
			cJSON_AddStringToObject(o, "method", r->method);
		cJSON_AddNumberToObject(o, "count", (double)r->count);
		cJSON_AddNumberToObject(o, "fired", (double)r->fired);
		cJSON_AddItemToArray(arr, o);
	}
	pthread_mutex_unlock(&f->mu);
	return arr;
}

static double
next_unit(struct sim_faults *f)
{
	/* xorshift64*: good enough for fault rates, cheap under the lock. */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return (double)((f->rng * 2685821657736338717ull) >> 11) /
	       9007199254740992.0;
}

/* path contains r->path, or ends with it when r->path ends with '$'. */
static bool
path_matches(const struct rule *r, const char *path)
{
	size_t n, len;

	if (!r->path)
		return true;
	n = strlen(r->path);
	if (n == 0 || r->path[n - 1] != '$')
		return strstr(path, r->path) != NULL;
	len = strlen(path);
	return len >= n - 1 &&
	       strncmp(path + len - (n - 1), r->path, n - 1) == 0;
}

void
faults_roll(struct sim_faults *f, const char *path, struct fault_hit *hit)
{
	faults_roll_method(f, NULL, path, hit);
}

void
faults_roll_method(struct sim_faults *f, const char *method, const char *path,
		   struct fault_hit *hit)
{
	struct rule *r;

	hit->latency_ms = 0;
	hit->kind = FAULT_NONE;
	pthread_mutex_lock(&f->mu);
	for (r = f->rules; r; r = r->next) {
		if (!path_matches(r, path))
			continue;
		if (r->method && (!method || strcasecmp(method, r->method)))
			continue;
		if (r->count > 0 && r->fired >= r->count)
			continue;
		if (r->kind != FAULT_LATENCY && hit->kind != FAULT_NONE)
			continue;
		if (r->rate < 1 && next_unit(f) >= r->rate)
			continue;
		r->fired++;
		if (r->kind == FAULT_LATENCY)
			hit->latency_ms += r->ms;
		else
			hit->kind = r->kind;
	}
	pthread_mutex_unlock(&f->mu);
}
