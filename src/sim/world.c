/* world.c: cfsim's world state -- zones, DNS records, monitors, pools, load balancers under one mutex. */
#include "sim/world.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void *
xrealloc(void *p, size_t n)
{
	void *np = realloc(p, n);

	if (!np) {
		fputs("cfsim: out of memory\n", stderr);
		abort();
	}
	return np;
}

struct world *
world_new(const char *account_id, const char *account_name)
{
	struct world *w = xrealloc(NULL, sizeof(*w));

	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->mu, NULL);
	snprintf(w->account_id, sizeof(w->account_id), "%s", account_id);
	snprintf(w->account_name, sizeof(w->account_name), "%s", account_name);
	w->monitors = cJSON_CreateArray();
	w->pools = cJSON_CreateArray();
	return w;
}

static void
zone_free(struct zone *z)
{
	size_t i;

	if (!z)
		return;
	for (i = 0; i < z->nrec; i++)
		cJSON_Delete(z->recs[i]);
	free(z->recs);
	free(z->sorted);
	cJSON_Delete(z->obj);
	cJSON_Delete(z->lbs);
	free(z);
}

void
world_clear(struct world *w)
{
	size_t i;

	for (i = 0; i < w->nzones; i++)
		zone_free(w->zones[i]);
	w->nzones = 0;
	cJSON_Delete(w->monitors);
	cJSON_Delete(w->pools);
	w->monitors = cJSON_CreateArray();
	w->pools = cJSON_CreateArray();
	w->changes++;
}

void
world_free(struct world *w)
{
	if (!w)
		return;
	world_clear(w);
	cJSON_Delete(w->monitors);
	cJSON_Delete(w->pools);
	free(w->zones);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

void
world_lock(struct world *w)
{
	pthread_mutex_lock(&w->mu);
}

void
world_unlock(struct world *w)
{
	pthread_mutex_unlock(&w->mu);
}

/* ---- ids and timestamps ---------------------------------------------- */

static pthread_mutex_t id_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t id_state[2];

static uint64_t
xorshift128p(void)
{
	uint64_t s1 = id_state[0];
	const uint64_t s0 = id_state[1];

	id_state[0] = s0;
	s1 ^= s1 << 23;
	id_state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
	return id_state[1] + s0;
}

void
world_new_id(char out[33])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a, b;
	int i;

	pthread_mutex_lock(&id_mu);
	if (id_state[0] == 0 && id_state[1] == 0) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		struct timespec ts;

		if (fd < 0 || read(fd, id_state, sizeof(id_state)) !=
				      (ssize_t)sizeof(id_state)) {
			clock_gettime(CLOCK_REALTIME, &ts);
			id_state[0] = (uint64_t)ts.tv_nsec ^
				      ((uint64_t)getpid() << 32);
			id_state[1] = (uint64_t)ts.tv_sec * 2654435761u;
		}
		if (fd >= 0)
			close(fd);
		id_state[0] |= 1;
	}
	a = xorshift128p();
	b = xorshift128p();
	pthread_mutex_unlock(&id_mu);
	for (i = 0; i < 16; i++) {
		out[i] = hex[(a >> (i * 4)) & 15];
		out[16 + i] = hex[(b >> (i * 4)) & 15];
	}
	out[32] = '\0';
}

void
world_now(char out[40])
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + 19, 21, ".%06dZ", (int)(tv.tv_usec % 1000000));
}

const char *
jstr(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) && it->valuestring ? it->valuestring : "";
}

/* ---- zones ----------------------------------------------------------- */

static struct zone *
zone_wrap(struct world *w, cJSON *obj)
{
	struct zone *z = xrealloc(NULL, sizeof(*z));

	memset(z, 0, sizeof(*z));
	z->obj = obj;
	z->lbs = cJSON_CreateArray();
	z->sorted_order = -1;
	if (w->nzones == w->zcap) {
		w->zcap = w->zcap ? w->zcap * 2 : 8;
		w->zones = xrealloc(w->zones, w->zcap * sizeof(*w->zones));
	}
	w->zones[w->nzones++] = z;
	w->changes++;
	return z;
}

struct zone *
world_add_zone(struct world *w, const char *name)
{
	char id[33], owner[33], now[40];
	cJSON *z = cJSON_CreateObject(), *o, *ns;

	world_new_id(id);
	world_new_id(owner);
	world_now(now);
	cJSON_AddStringToObject(z, "id", id);
	cJSON_AddStringToObject(z, "name", name);
	cJSON_AddStringToObject(z, "status", "active");
	cJSON_AddBoolToObject(z, "paused", 0);
	cJSON_AddStringToObject(z, "type", "full");
	cJSON_AddNumberToObject(z, "development_mode", 0);
	ns = cJSON_AddArrayToObject(z, "name_servers");
	cJSON_AddItemToArray(ns, cJSON_CreateString("ada.ns.cloudflare.com"));
	cJSON_AddItemToArray(ns, cJSON_CreateString("bob.ns.cloudflare.com"));
	cJSON_AddNullToObject(z, "original_name_servers");
	cJSON_AddNullToObject(z, "original_registrar");
	cJSON_AddNullToObject(z, "original_dnshost");
	cJSON_AddStringToObject(z, "created_on", now);
	cJSON_AddStringToObject(z, "modified_on", now);
	cJSON_AddStringToObject(z, "activated_on", now);
	o = cJSON_AddObjectToObject(z, "meta");
	cJSON_AddNumberToObject(o, "step", 2);
	cJSON_AddNumberToObject(o, "custom_certificate_quota", 0);
	cJSON_AddNumberToObject(o, "page_rule_quota", 3);
	cJSON_AddBoolToObject(o, "phishing_detected", 0);
	cJSON_AddBoolToObject(o, "cdn_only", 0);
	cJSON_AddBoolToObject(o, "dns_only", 0);
	cJSON_AddBoolToObject(o, "foundation_dns", 0);
	o = cJSON_AddObjectToObject(z, "owner");
	cJSON_AddStringToObject(o, "id", owner);
	cJSON_AddStringToObject(o, "type", "user");
	cJSON_AddStringToObject(o, "name", "cfsim@example.com");
	o = cJSON_AddObjectToObject(z, "account");
	cJSON_AddStringToObject(o, "id", w->account_id);
	cJSON_AddStringToObject(o, "name", w->account_name);
	return zone_wrap(w, z);
}

struct zone *
world_find_zone(struct world *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->nzones; i++)
		if (strcmp(zone_id(w->zones[i]), id) == 0)
			return w->zones[i];
	return NULL;
}

struct zone *
world_find_zone_by_name(struct world *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nzones; i++)
		if (strcasecmp(zone_name(w->zones[i]), name) == 0)
			return w->zones[i];
	return NULL;
}

const char *
zone_name(const struct zone *z)
{
	return jstr(z->obj, "name");
}

const char *
zone_id(const struct zone *z)
{
	return jstr(z->obj, "id");
}

/* ---- records --------------------------------------------------------- */

void
zone_touch(struct zone *z)
{
	z->sorted_order = -1;
}

void
zone_add_record(struct zone *z, cJSON *rec)
{
	if (z->nrec == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 64;
		z->recs = xrealloc(z->recs, z->cap * sizeof(*z->recs));
	}
	z->recs[z->nrec++] = rec;
	zone_touch(z);
}

void
zone_remove_record(struct zone *z, size_t idx)
{
	if (idx >= z->nrec)
		return;
	cJSON_Delete(z->recs[idx]);
	memmove(&z->recs[idx], &z->recs[idx + 1],
		(z->nrec - idx - 1) * sizeof(*z->recs));
	z->nrec--;
	zone_touch(z);
}

long
zone_find_record(const struct zone *z, const char *id)
{
	size_t i;

	for (i = 0; i < z->nrec; i++)
		if (strcmp(jstr(z->recs[i], "id"), id) == 0)
			return (long)i;
	return -1;
}

/* Sort keys extracted once per record, so comparisons do no lookups. */
struct sortkey {
	const char *type, *name, *content, *id;
	double num;
	cJSON *rec;
};

static int sort_order_global;

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a, b);
}

static int
cmp_keys(const void *pa, const void *pb)
{
	const struct sortkey *a = pa, *b = pb;
	int c = 0;

	switch (sort_order_global) {
	case WORLD_ORDER_NAME:
		c = cmp_str(a->name, b->name);
		break;
	case WORLD_ORDER_CONTENT:
		c = cmp_str(a->content, b->content);
		break;
	case WORLD_ORDER_TTL:
	case WORLD_ORDER_PROXIED:
		c = (a->num > b->num) - (a->num < b->num);
		break;
	default:
		c = cmp_str(a->type, b->type);
		break;
	}
	if (!c)
		c = cmp_str(a->name, b->name);
	if (!c)
		c = cmp_str(a->type, b->type);
	if (!c)
		c = cmp_str(a->content, b->content);
	if (!c)
		c = cmp_str(a->id, b->id);
	return c;
}

static pthread_mutex_t sort_mu = PTHREAD_MUTEX_INITIALIZER;

cJSON **
zone_sorted(struct zone *z, enum world_order order)
{
	struct sortkey *k;
	size_t i;

	if (z->sorted_order == (int)order && z->sorted)
		return z->sorted;
	z->sorted = xrealloc(z->sorted,
			     (z->nrec ? z->nrec : 1) * sizeof(*z->sorted));
	k = xrealloc(NULL, (z->nrec ? z->nrec : 1) * sizeof(*k));
	for (i = 0; i < z->nrec; i++) {
		cJSON *r = z->recs[i];

		k[i].rec = r;
		k[i].type = jstr(r, "type");
		k[i].name = jstr(r, "name");
		k[i].content = jstr(r, "content");
		k[i].id = jstr(r, "id");
		if (order == WORLD_ORDER_TTL)
			k[i].num = cJSON_GetNumberValue(
				cJSON_GetObjectItemCaseSensitive(r, "ttl"));
		else
			k[i].num = cJSON_IsTrue(
				cJSON_GetObjectItemCaseSensitive(r, "proxied"));
	}
	/* qsort has no context argument in C11; the world lock is held,
	 * but a separate mutex keeps the global honest. */
	pthread_mutex_lock(&sort_mu);
	sort_order_global = (int)order;
	qsort(k, z->nrec, sizeof(*k), cmp_keys);
	pthread_mutex_unlock(&sort_mu);
	for (i = 0; i < z->nrec; i++)
		z->sorted[i] = k[i].rec;
	free(k);
	z->sorted_order = (int)order;
	return z->sorted;
}

/* ---- LB objects ------------------------------------------------------ */

static cJSON *
find_by_id(cJSON *arr, const char *id)
{
	cJSON *it;

	cJSON_ArrayForEach(it,
			   arr) if (strcmp(jstr(it, "id"), id) == 0) return it;
	return NULL;
}

cJSON *
world_find_pool(struct world *w, const char *id)
{
	return find_by_id(w->pools, id);
}

cJSON *
world_find_monitor(struct world *w, const char *id)
{
	return find_by_id(w->monitors, id);
}

cJSON *
zone_find_lb(struct zone *z, const char *id)
{
	return find_by_id(z->lbs, id);
}

/* ---- export / import ------------------------------------------------- */

cJSON *
world_export(struct world *w)
{
	cJSON *doc = cJSON_CreateObject(), *acc, *zones;
	size_t i, j;

	acc = cJSON_AddObjectToObject(doc, "account");
	cJSON_AddStringToObject(acc, "id", w->account_id);
	cJSON_AddStringToObject(acc, "name", w->account_name);
	zones = cJSON_AddArrayToObject(doc, "zones");
	for (i = 0; i < w->nzones; i++) {
		struct zone *z = w->zones[i];
		cJSON *e = cJSON_CreateObject(), *recs;

		cJSON_AddItemToObject(e, "zone", cJSON_Duplicate(z->obj, 1));
		recs = cJSON_AddArrayToObject(e, "dns_records");
		for (j = 0; j < z->nrec; j++)
			cJSON_AddItemToArray(recs,
					     cJSON_Duplicate(z->recs[j], 1));
		cJSON_AddItemToObject(e, "load_balancers",
				      cJSON_Duplicate(z->lbs, 1));
		cJSON_AddItemToArray(zones, e);
	}
	cJSON_AddItemToObject(doc, "monitors", cJSON_Duplicate(w->monitors, 1));
	cJSON_AddItemToObject(doc, "pools", cJSON_Duplicate(w->pools, 1));
	return doc;
}

char *
world_export_text(struct world *w)
{
	cJSON *doc = cJSON_CreateObject(), *acc, *zones;
	size_t i, j;
	char *text;

	acc = cJSON_AddObjectToObject(doc, "account");
	cJSON_AddStringToObject(acc, "id", w->account_id);
	cJSON_AddStringToObject(acc, "name", w->account_name);
	zones = cJSON_AddArrayToObject(doc, "zones");
	for (i = 0; i < w->nzones; i++) {
		struct zone *z = w->zones[i];
		cJSON *e = cJSON_CreateObject(), *recs;

		cJSON_AddItemReferenceToObject(e, "zone", z->obj);
		recs = cJSON_AddArrayToObject(e, "dns_records");
		for (j = 0; j < z->nrec; j++)
			cJSON_AddItemReferenceToArray(recs, z->recs[j]);
		cJSON_AddItemReferenceToObject(e, "load_balancers", z->lbs);
		cJSON_AddItemToArray(zones, e);
	}
	cJSON_AddItemReferenceToObject(doc, "monitors", w->monitors);
	cJSON_AddItemReferenceToObject(doc, "pools", w->pools);
	text = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return text;
}

static bool
all_have_ids(const cJSON *arr)
{
	const cJSON *it;

	if (!cJSON_IsArray(arr))
		return false;
	cJSON_ArrayForEach(it, arr) if (!cJSON_IsObject(it) ||
					!*jstr(it, "id")) return false;
	return true;
}

bool
world_import(struct world *w, const cJSON *doc)
{
	const cJSON *zones = cJSON_GetObjectItemCaseSensitive(doc, "zones");
	const cJSON *mons = cJSON_GetObjectItemCaseSensitive(doc, "monitors");
	const cJSON *pools = cJSON_GetObjectItemCaseSensitive(doc, "pools");
	const cJSON *e, *r, *acc;

	if (!cJSON_IsArray(zones) || !all_have_ids(mons) ||
	    !all_have_ids(pools))
		return false;
	cJSON_ArrayForEach(e, zones)
	{
		const cJSON *zo = cJSON_GetObjectItemCaseSensitive(e, "zone");

		if (!cJSON_IsObject(zo) || !*jstr(zo, "id") ||
		    !*jstr(zo, "name") ||
		    !all_have_ids(cJSON_GetObjectItemCaseSensitive(
			    e, "dns_records")) ||
		    !all_have_ids(cJSON_GetObjectItemCaseSensitive(
			    e, "load_balancers")))
			return false;
	}
	world_clear(w);
	acc = cJSON_GetObjectItemCaseSensitive(doc, "account");
	if (strlen(jstr(acc, "id")) == 32)
		snprintf(w->account_id, sizeof(w->account_id), "%s",
			 jstr(acc, "id"));
	if (*jstr(acc, "name"))
		snprintf(w->account_name, sizeof(w->account_name), "%s",
			 jstr(acc, "name"));
	cJSON_ArrayForEach(e, zones)
	{
		struct zone *z = zone_wrap(
			w, cJSON_Duplicate(
				   cJSON_GetObjectItemCaseSensitive(e, "zone"),
				   1));

		cJSON_ArrayForEach(
			r, cJSON_GetObjectItemCaseSensitive(e, "dns_records"))
			zone_add_record(z, cJSON_Duplicate(r, 1));
		cJSON_Delete(z->lbs);
		z->lbs = cJSON_Duplicate(
			cJSON_GetObjectItemCaseSensitive(e, "load_balancers"),
			1);
	}
	cJSON_Delete(w->monitors);
	cJSON_Delete(w->pools);
	w->monitors = cJSON_Duplicate(mons, 1);
	w->pools = cJSON_Duplicate(pools, 1);
	w->changes++;
	return true;
}
