/* reqlog.c: cfsim's request log and counters for the admin API (credential labels only, never secrets). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/services.h"
#include "sim/world.h"

struct entry {
	unsigned long seq;
	char time[40];
	char method[12];
	char *path;
	char *query;
	char *body;
	unsigned int status;
	char label[48];
};

struct sim_reqlog {
	pthread_mutex_t mu;
	struct entry *ring;
	size_t max, n, head; /* ring of the last max entries */
	unsigned long next_seq;
	cJSON *by_method, *by_status, *by_cred;
	unsigned long total;
};

struct sim_reqlog *
reqlog_new(size_t max_entries)
{
	struct sim_reqlog *l = calloc(1, sizeof(*l));

	if (!l)
		abort();
	pthread_mutex_init(&l->mu, NULL);
	l->max = max_entries ? max_entries : 1;
	l->ring = calloc(l->max, sizeof(*l->ring));
	if (!l->ring)
		abort();
	l->by_method = cJSON_CreateObject();
	l->by_status = cJSON_CreateObject();
	l->by_cred = cJSON_CreateObject();
	return l;
}

static void
clear_entries(struct sim_reqlog *l)
{
	size_t i;

	for (i = 0; i < l->max; i++) {
		free(l->ring[i].path);
		free(l->ring[i].query);
		free(l->ring[i].body);
		memset(&l->ring[i], 0, sizeof(l->ring[i]));
	}
	l->n = 0;
	l->head = 0;
}

void
reqlog_free(struct sim_reqlog *l)
{
	if (!l)
		return;
	clear_entries(l);
	free(l->ring);
	cJSON_Delete(l->by_method);
	cJSON_Delete(l->by_status);
	cJSON_Delete(l->by_cred);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

static void
bump(cJSON *obj, const char *key)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (it)
		cJSON_SetNumberValue(it, it->valuedouble + 1);
	else
		cJSON_AddNumberToObject(obj, key, 1);
}

void
reqlog_add(struct sim_reqlog *l, const char *method, const char *path,
	   const char *query, const char *body, unsigned int status,
	   const char *label)
{
	struct entry *e;
	char st[16];

	pthread_mutex_lock(&l->mu);
	e = &l->ring[(l->head + l->n) % l->max];
	if (l->n == l->max) {
		free(e->path);
		free(e->query);
		free(e->body);
		l->head = (l->head + 1) % l->max;
	} else {
		l->n++;
	}
	e->seq = l->next_seq++;
	world_now(e->time);
	snprintf(e->method, sizeof(e->method), "%s", method);
	e->path = strdup(path);
	e->query = strdup(query ? query : "");
	e->body = strndup(body ? body : "", 8192);
	e->status = status;
	snprintf(e->label, sizeof(e->label), "%s", label ? label : "-");
	l->total++;
	bump(l->by_method, e->method);
	snprintf(st, sizeof(st), "%u", status);
	bump(l->by_status, st);
	bump(l->by_cred, e->label);
	pthread_mutex_unlock(&l->mu);
}

cJSON *
reqlog_json(struct sim_reqlog *l, unsigned long since)
{
	cJSON *doc = cJSON_CreateObject(), *arr;
	size_t i;

	pthread_mutex_lock(&l->mu);
	cJSON_AddNumberToObject(doc, "next", (double)l->next_seq);
	arr = cJSON_AddArrayToObject(doc, "requests");
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->ring[(l->head + i) % l->max];
		cJSON *o;

		if (e->seq < since)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "seq", (double)e->seq);
		cJSON_AddStringToObject(o, "time", e->time);
		cJSON_AddStringToObject(o, "method", e->method);
		cJSON_AddStringToObject(o, "path", e->path ? e->path : "");
		cJSON_AddStringToObject(o, "query", e->query ? e->query : "");
		cJSON_AddStringToObject(o, "body", e->body ? e->body : "");
		cJSON_AddNumberToObject(o, "status", e->status);
		cJSON_AddStringToObject(o, "credential", e->label);
		cJSON_AddItemToArray(arr, o);
	}
	pthread_mutex_unlock(&l->mu);
	return doc;
}

void
reqlog_clear(struct sim_reqlog *l)
{
	pthread_mutex_lock(&l->mu);
	clear_entries(l);
	pthread_mutex_unlock(&l->mu);
}

cJSON *
reqlog_stats(struct sim_reqlog *l)
{
	cJSON *doc = cJSON_CreateObject();

	pthread_mutex_lock(&l->mu);
	cJSON_AddNumberToObject(doc, "total", (double)l->total);
	cJSON_AddItemToObject(doc, "by_method",
			      cJSON_Duplicate(l->by_method, 1));
	cJSON_AddItemToObject(doc, "by_status",
			      cJSON_Duplicate(l->by_status, 1));
	cJSON_AddItemToObject(doc, "by_credential",
			      cJSON_Duplicate(l->by_cred, 1));
	pthread_mutex_unlock(&l->mu);
	return doc;
}

void
reqlog_reset_stats(struct sim_reqlog *l)
{
	pthread_mutex_lock(&l->mu);
	l->total = 0;
	cJSON_Delete(l->by_method);
	cJSON_Delete(l->by_status);
	cJSON_Delete(l->by_cred);
	l->by_method = cJSON_CreateObject();
	l->by_status = cJSON_CreateObject();
	l->by_cred = cJSON_CreateObject();
	pthread_mutex_unlock(&l->mu);
}
