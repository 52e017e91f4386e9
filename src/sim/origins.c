/* origins.c: demo origin servers, one MHD daemon per loopback address. */
#include "sim/sim_health.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

/*
 * Every origin answers any path (GET/HEAD/POST...) with a small text body
 * that echoes the request line and headers, so tests can see what a probe
 * sent (Host, custom headers). One extra path: "/redirect" answers 301 to
 * "/" when the origin is otherwise healthy (for follow_redirects).
 *
 * Modes: healthy 200; fail500 500; slow waits 8 s (scaled) then answers 200;
 * flap alternates healthy and 500 every SIM_ORIGINS_FLAP_S (scaled),
 * starting healthy;
 * down stops the origin's daemon so connections are refused at once (both
 * HTTP and TCP monitors fail fast), and leaving down restarts it on the same
 * address and port.
 *
 * Daemons run a thread per connection, so a slow answer only holds its own
 * thread; slow waits sleep on a condition variable that mode changes and
 * shutdown broadcast, so stopping is prompt.
 */

#define ORIGINS_SLOW_S 8.0
#define ORIGINS_SLOW_CHECK_S 0.1 /* a slow answer checks for a hang-up */
#define ORIGINS_PER_BLOCK 254
#define ORIGINS_BODY_MAX 4096
#define ORIGINS_STACK_SIZE (256 * 1024)

struct sim_origin {
	struct sim_origins *parent;
	char *name;
	char address[16];
	atomic_int mode;
	struct MHD_Daemon *daemon; /* NULL while down */
	pthread_mutex_t dlock;	   /* serialises daemon start/stop */
};

struct sim_origins {
	pthread_mutex_t lock; /* guards stopping; pairs with cond */
	pthread_cond_t cond;  /* CLOCK_MONOTONIC; wakes slow answers */
	bool stopping;
	double time_scale;
	int port;
	struct timespec t0;
	size_t n;
	struct sim_origin *v;
};

static const char *const origins_mode_names[] = {
	[SIM_ORIGIN_HEALTHY] = "healthy", [SIM_ORIGIN_FAIL500] = "fail500",
	[SIM_ORIGIN_SLOW] = "slow",	  [SIM_ORIGIN_FLAP] = "flap",
	[SIM_ORIGIN_DOWN] = "down",
};

bool
sim_origin_mode_parse(const char *s, enum sim_origin_mode *out)
{
	if (!s || !out)
		return false;
	for (size_t i = 0;
	     i < sizeof origins_mode_names / sizeof origins_mode_names[0];
	     i++) {
		if (strcasecmp(s, origins_mode_names[i]) == 0) {
			*out = (enum sim_origin_mode)i;
			return true;
		}
	}
	if (strcasecmp(s, "unhealthy") == 0) {
		*out = SIM_ORIGIN_FAIL500;
		return true;
	}
	return false;
}

const char *
sim_origin_mode_name(enum sim_origin_mode mode)
{
	if ((unsigned)mode >=
	    sizeof origins_mode_names / sizeof origins_mode_names[0])
		return "unknown";
	return origins_mode_names[mode];
}

static double
origins_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- request handling ---------------------------------------------------- */

static struct timespec
origins_abstime(double t)
{
	struct timespec ts;
	ts.tv_sec = (time_t)t;
	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	return ts;
}

/*
 * True when the client of `conn` has closed or reset its end. A peek never
 * consumes anything, and in thread-per-connection mode this thread is the
 * only reader of the socket.
 */
static bool
origins_client_gone(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	char c;
	if (!ci)
		return false;
	ssize_t n = recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n == 0)
		return true;
	return n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	       errno != EINTR;
}

/*
 * Waits out a slow answer; returns the mode to answer with (DOWN: close
 * without an answer). The wait wakes every ORIGINS_SLOW_CHECK_S to see
 * whether the prober gave up (a monitor timeout shorter than the slow
 * answer): its socket and thread are released then rather than held for the
 * whole slow time, which under thousands of probes ran cfsim out of
 * descriptors.
 */
static enum sim_origin_mode
origins_wait_slow(struct sim_origin *org, struct MHD_Connection *conn)
{
	struct sim_origins *o = org->parent;
	double until = origins_now() + ORIGINS_SLOW_S * o->time_scale;
	bool gone = false;

	pthread_mutex_lock(&o->lock);
	while (!o->stopping && atomic_load(&org->mode) == SIM_ORIGIN_SLOW) {
		double now = origins_now();
		if (now >= until) {
			pthread_mutex_unlock(&o->lock);
			return SIM_ORIGIN_HEALTHY;
		}
		double slice = now + ORIGINS_SLOW_CHECK_S;
		struct timespec ts =
			origins_abstime(slice < until ? slice : until);
		int rc = pthread_cond_timedwait(&o->cond, &o->lock, &ts);
		if (rc == ETIMEDOUT && !o->stopping && origins_now() < until) {
			pthread_mutex_unlock(&o->lock);
			gone = origins_client_gone(conn);
			pthread_mutex_lock(&o->lock);
			if (gone)
				break;
		}
	}
	bool stopping = o->stopping;
	pthread_mutex_unlock(&o->lock);
	if (stopping || gone)
		return SIM_ORIGIN_DOWN;
	/* The mode changed while we waited: answer as the new mode says. */
	enum sim_origin_mode m = (enum sim_origin_mode)atomic_load(&org->mode);
	return m == SIM_ORIGIN_SLOW ? SIM_ORIGIN_HEALTHY : m;
}

struct origins_body {
	char buf[ORIGINS_BODY_MAX];
	size_t len;
};

static void
origins_body_add(struct origins_body *b, const char *a, const char *sep,
		 const char *c)
{
	if (b->len >= sizeof b->buf - 1)
		return;
	int n = snprintf(b->buf + b->len, sizeof b->buf - b->len, "%s%s%s\n", a,
			 sep, c);
	if (n > 0)
		b->len += (size_t)n;
	if (b->len > sizeof b->buf - 1)
		b->len = sizeof b->buf - 1;
}

static enum MHD_Result
origins_header_cb(void *cls, enum MHD_ValueKind kind, const char *key,
		  const char *value)
{
	(void)kind;
	origins_body_add(cls, key ? key : "", ": ", value ? value : "");
	return MHD_YES;
}

static enum MHD_Result
origins_handler(void *cls, struct MHD_Connection *conn, const char *url,
		const char *method, const char *version,
		const char *upload_data, size_t *upload_data_size,
		void **con_cls)
{
	static int first_call_marker;
	struct sim_origin *org = cls;
	struct sim_origins *o = org->parent;
	(void)version;
	(void)upload_data;

	if (*con_cls == NULL) {
		*con_cls = &first_call_marker;
		return MHD_YES;
	}
	if (*upload_data_size) {
		*upload_data_size = 0; /* request bodies are ignored */
		return MHD_YES;
	}

	enum sim_origin_mode mode =
		(enum sim_origin_mode)atomic_load(&org->mode);
	if (mode == SIM_ORIGIN_SLOW)
		mode = origins_wait_slow(org, conn);
	if (mode == SIM_ORIGIN_FLAP) {
		double period = SIM_ORIGINS_FLAP_S * o->time_scale;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double el = (double)(now.tv_sec - o->t0.tv_sec) +
			    (double)(now.tv_nsec - o->t0.tv_nsec) / 1e9;
		long phase = period > 0 ? (long)(el / period) : 0;
		mode = phase % 2 == 0 ? SIM_ORIGIN_HEALTHY : SIM_ORIGIN_FAIL500;
	}
	if (mode == SIM_ORIGIN_DOWN)
		return MHD_NO; /* closes the connection without an answer */

	unsigned status = mode == SIM_ORIGIN_FAIL500 ? 500 : 200;
	bool redirect = status == 200 && url && strcmp(url, "/redirect") == 0;
	if (redirect)
		status = 301;

	struct origins_body body = { .len = 0 };
	origins_body_add(&body, status == 500 ? "error" : "ok", "", "");
	origins_body_add(&body, "origin: ", org->name, "");
	origins_body_add(&body, "request: ", method ? method : "", "");
	origins_body_add(&body, "path: ", url ? url : "", "");
	MHD_get_connection_values(conn, MHD_HEADER_KIND, origins_header_cb,
				  &body);

	struct MHD_Response *resp = MHD_create_response_from_buffer(
		body.len, body.buf, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/plain");
	MHD_add_response_header(resp, "X-Origin-Name", org->name);
	if (redirect)
		MHD_add_response_header(resp, "Location", "/");
	enum MHD_Result ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* ---- daemons ------------------------------------------------------------- */

static struct MHD_Daemon *
origins_listen(struct sim_origin *org, int port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, org->address, &sa.sin_addr) != 1)
		return NULL;
	return MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION |
			MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL,
		0, NULL, NULL, origins_handler, org, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		/* Many slow answers may wait at once. */
		MHD_OPTION_THREAD_STACK_SIZE, (size_t)ORIGINS_STACK_SIZE,
		MHD_OPTION_END);
}

static int
origins_daemon_port(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
	if (!info)
		return -1;
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	if (getsockname(info->listen_fd, (struct sockaddr *)&sa, &len) != 0)
		return -1;
	return ntohs(sa.sin_port);
}

static void
origins_random_block(unsigned *a, unsigned *b, size_t n)
{
	unsigned char r[2];
	if (getentropy(r, sizeof r) != 0) {
		unsigned long s = (unsigned long)time(NULL) ^
				  ((unsigned long)getpid() << 8) ^
				  (unsigned long)clock();
		r[0] = (unsigned char)s;
		r[1] = (unsigned char)(s >> 8);
	}
	size_t blocks = (n + ORIGINS_PER_BLOCK - 1) / ORIGINS_PER_BLOCK;
	*a = 1 + r[0] % 254;		      /* never 127.0.x.x */
	*b = r[1] % (unsigned)(257 - blocks); /* the blocks fit in B */
}

static void
origins_stop_all(struct sim_origins *o)
{
	for (size_t i = 0; i < o->n; i++) {
		pthread_mutex_lock(&o->v[i].dlock);
		if (o->v[i].daemon)
			MHD_stop_daemon(o->v[i].daemon);
		o->v[i].daemon = NULL;
		pthread_mutex_unlock(&o->v[i].dlock);
	}
}

static bool
origins_bind_all(struct sim_origins *o)
{
	unsigned a, b;
	origins_random_block(&a, &b, o->n);
	for (size_t i = 0; i < o->n; i++)
		snprintf(o->v[i].address, sizeof o->v[i].address,
			 "127.%u.%u.%u", a,
			 b + (unsigned)(i / ORIGINS_PER_BLOCK),
			 (unsigned)(i % ORIGINS_PER_BLOCK) + 1);
	o->v[0].daemon = origins_listen(&o->v[0], 0);
	if (!o->v[0].daemon)
		return false;
	o->port = origins_daemon_port(o->v[0].daemon);
	if (o->port <= 0) {
		origins_stop_all(o);
		return false;
	}
	for (size_t i = 1; i < o->n; i++) {
		o->v[i].daemon = origins_listen(&o->v[i], o->port);
		if (!o->v[i].daemon) {
			origins_stop_all(o);
			return false;
		}
	}
	return true;
}

struct sim_origins *
sim_origins_start(size_t n, const char *const *names,
		  const enum sim_origin_mode *modes, double time_scale)
{
	if (n == 0 || n > ORIGINS_PER_BLOCK * 200)
		return NULL;
	struct sim_origins *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->v = calloc(n, sizeof *o->v);
	if (!o->v) {
		free(o);
		return NULL;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&o->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&o->lock, NULL);
	o->time_scale = time_scale > 0 ? time_scale : 1.0;
	clock_gettime(CLOCK_MONOTONIC, &o->t0);
	o->n = n;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		struct sim_origin *org = &o->v[i];
		org->parent = o;
		pthread_mutex_init(&org->dlock, NULL);
		char fallback[32];
		snprintf(fallback, sizeof fallback, "origin-%zu", i + 1);
		const char *name = names && names[i] ? names[i] : fallback;
		org->name = strdup(name);
		if (!org->name)
			ok = false;
		enum sim_origin_mode m = modes ? modes[i] : SIM_ORIGIN_HEALTHY;
		if ((unsigned)m > SIM_ORIGIN_DOWN)
			m = SIM_ORIGIN_HEALTHY;
		atomic_init(&org->mode, (int)m);
	}
	/* A random 127.A.B block may collide with another cfsim: retry. */
	bool bound = false;
	for (int attempt = 0; ok && !bound && attempt < 16; attempt++)
		bound = origins_bind_all(o);
	if (!ok || !bound) {
		sim_origins_stop(o);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (atomic_load(&o->v[i].mode) == SIM_ORIGIN_DOWN) {
			MHD_stop_daemon(o->v[i].daemon);
			o->v[i].daemon = NULL;
		}
	}
	return o;
}

int
sim_origins_port(const struct sim_origins *o)
{
	return o ? o->port : -1;
}

const char *
sim_origins_address(const struct sim_origins *o, size_t i)
{
	return o && i < o->n ? o->v[i].address : NULL;
}

size_t
sim_origins_count(const struct sim_origins *o)
{
	return o ? o->n : 0;
}

bool
sim_origins_set_mode(struct sim_origins *o, const char *name,
		     enum sim_origin_mode mode)
{
	if (!o || !name || (unsigned)mode > SIM_ORIGIN_DOWN)
		return false;
	struct sim_origin *org = NULL;
	for (size_t i = 0; i < o->n && !org; i++)
		if (strcmp(o->v[i].name, name) == 0 ||
		    strcmp(o->v[i].address, name) == 0)
			org = &o->v[i];
	if (!org)
		return false;

	bool ok = true;
	pthread_mutex_lock(&org->dlock);
	pthread_mutex_lock(&o->lock);
	bool stopping = o->stopping;
	atomic_store(&org->mode, (int)mode);
	pthread_cond_broadcast(&o->cond); /* slow answers re-check the mode */
	pthread_mutex_unlock(&o->lock);
	if (!stopping) {
		if (mode == SIM_ORIGIN_DOWN && org->daemon) {
			MHD_stop_daemon(org->daemon);
			org->daemon = NULL;
		} else if (mode != SIM_ORIGIN_DOWN && !org->daemon) {
			org->daemon = origins_listen(org, o->port);
			ok = org->daemon != NULL;
		}
	}
	pthread_mutex_unlock(&org->dlock);
	return ok;
}

cJSON *
sim_origins_json(const struct sim_origins *o)
{
	cJSON *arr = cJSON_CreateArray();
	if (!arr || !o)
		return arr;
	for (size_t i = 0; i < o->n; i++) {
		cJSON *it = cJSON_CreateObject();
		if (!it)
			break;
		cJSON_AddStringToObject(it, "name", o->v[i].name);
		cJSON_AddStringToObject(it, "address", o->v[i].address);
		cJSON_AddNumberToObject(it, "port", o->port);
		cJSON_AddStringToObject(
			it, "mode",
			sim_origin_mode_name((enum sim_origin_mode)atomic_load(
				&o->v[i].mode)));
		cJSON_AddItemToArray(arr, it);
	}
	return arr;
}

void
sim_origins_stop(struct sim_origins *o)
{
	if (!o)
		return;
	pthread_mutex_lock(&o->lock);
	o->stopping = true;
	pthread_cond_broadcast(&o->cond);
	pthread_mutex_unlock(&o->lock);
	origins_stop_all(o);
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].name);
		pthread_mutex_destroy(&o->v[i].dlock);
	}
	free(o->v);
	pthread_cond_destroy(&o->cond);
	pthread_mutex_destroy(&o->lock);
	free(o);
}
