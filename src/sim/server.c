/* server.c: cfsim's HTTP front end -- the libmicrohttpd daemon, body upload, auth/limits/faults pipeline and routing. */
#include "sim/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "sim/services.h"

#define MAX_BODY (64u << 20)
#define API_PREFIX "/client/v4"
#define ADMIN_PREFIX "/__cfsim"

struct sim_server {
	struct MHD_Daemon *d;
	struct sim *sim;
	int fd;
};

struct conn_ctx {
	char *buf;
	size_t len, cap;
	bool too_big;
};

/* ---- request helpers -------------------------------------------------- */

const char *
req_query(const struct sim_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

cJSON *
req_json_object(const struct sim_req *rq, struct sim_resp *rs,
		enum sim_family fam)
{
	cJSON *j = cJSON_ParseWithLength(rq->body, rq->body_len);

	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		if (fam == SIM_LB)
			resp_lb_invalid(rs, "request body is not a valid "
					    "JSON object");
		else
			resp_err(rs, fam, 400, 9207,
				 "Request body is invalid.");
		return NULL;
	}
	return j;
}

struct qbuf {
	char s[2048];
	size_t len;
};

static enum MHD_Result
query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
	   const char *value)
{
	struct qbuf *q = cls;
	int w;

	(void)kind;
	w = snprintf(q->s + q->len, sizeof(q->s) - q->len, "%s%s%s%s",
		     q->len ? "&" : "", key, value ? "=" : "",
		     value ? value : "");
	if (w > 0 && q->len + (size_t)w < sizeof(q->s))
		q->len += (size_t)w;
	return MHD_YES;
}

/* ---- routing ---------------------------------------------------------- */

static bool
is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD");
}

static bool
seg_is(const struct sim_req *rq, size_t i, const char *s)
{
	return i < rq->nsegs && strcmp(rq->segs[i], s) == 0;
}

static void
route_api(struct sim *sim, struct sim_req *rq, struct sim_resp *rs)
{
	size_t n = rq->nsegs;

	if (seg_is(rq, 0, "zones")) {
		if (n <= 2)
			h_zones(sim, rq, rs);
		else if (seg_is(rq, 2, "dns_records") && n <= 4)
			h_dns(sim, rq, rs);
		else if (seg_is(rq, 2, "load_balancers") && n <= 4)
			h_lbs(sim, rq, rs);
		else
			resp_no_route(rs, rq);
	} else if (seg_is(rq, 0, "accounts")) {
		if (n == 1)
			h_accounts(sim, rq, rs);
		else if (n >= 4 && n <= 6 && seg_is(rq, 2, "load_balancers") &&
			 (seg_is(rq, 3, "pools") || seg_is(rq, 3, "monitors") ||
			  (n == 5 && seg_is(rq, 3, "preview"))) &&
			 sim_extra_account(sim, rq->segs[1]))
			h_extra_account_lb(sim, rq, rs);
		else if (n >= 4 && seg_is(rq, 2, "load_balancers") &&
			 seg_is(rq, 3, "pools") && n <= 6)
			h_pools(sim, rq, rs);
		else if (n >= 4 && seg_is(rq, 2, "load_balancers") &&
			 seg_is(rq, 3, "monitors") && n <= 6)
			h_monitors(sim, rq, rs);
		else if (n == 5 && seg_is(rq, 2, "load_balancers") &&
			 seg_is(rq, 3, "preview"))
			h_preview_result(sim, rq, rs);
		else
			resp_no_route(rs, rq);
	} else if (n == 3 && seg_is(rq, 0, "user") && seg_is(rq, 1, "tokens") &&
		   seg_is(rq, 2, "verify")) {
		h_verify(sim, rq, rs);
	} else if (n == 3 && seg_is(rq, 0, "user") &&
		   seg_is(rq, 1, "load_balancing_analytics") &&
		   seg_is(rq, 2, "events")) {
		h_events(sim, rq, rs);
	} else {
		resp_no_route(rs, rq);
	}
}

/* The API pipeline: faults, auth, rate limit, handler. */
static void
serve_api(struct sim *sim, struct sim_req *rq, struct sim_resp *rs,
	  const char **label, int rl[4])
{
	struct fault_hit hit;
	const struct sim_cred *cred;
	bool verify = rq->nsegs == 3 && seg_is(rq, 0, "user") &&
		      seg_is(rq, 1, "tokens");
	bool preview = rq->nsegs > 0 &&
		       strcmp(rq->segs[rq->nsegs - 1], "preview") == 0;

	faults_roll_method(sim->faults, rq->method, rq->url, &hit);
	if (hit.latency_ms > 0 && !faults_delay(sim->faults, hit.latency_ms)) {
		rs->drop = true; /* stopping: no answer from a closing world */
		return;
	}
	if (hit.kind == FAULT_DROP) {
		rs->drop = true;
		return;
	}
	if (hit.kind == FAULT_5XX) {
		resp_err(rs, SIM_COMPACT, 500, 10002,
			 "cfsim injected fault: internal server error");
		return;
	}
	if (hit.kind == FAULT_429) {
		resp_err(rs, SIM_COMPACT, 429, 971,
			 "Please wait and consider throttling your request "
			 "speed");
		rs->retry_after = 1;
		return;
	}
	cred = auth_check(sim->cfg, rq->conn, verify,
			  is_write(rq->method) && !preview, rs);
	if (!cred) {
		ratelimit_take(sim->rl, "-unauthenticated", &rl[0], &rl[1],
			       &rl[2], &rl[3]);
		return;
	}
	rq->cred = cred;
	*label = cred->label;
	if (!ratelimit_take(sim->rl, cred->label, &rl[0], &rl[1], &rl[2],
			    &rl[3])) {
		resp_err(rs, SIM_COMPACT, 429, 971,
			 "Please wait and consider throttling your request "
			 "speed");
		rs->retry_after = rl[1];
		return;
	}
	route_api(sim, rq, rs);
	if (hit.kind == FAULT_MALFORMED && rs->body) {
		size_t len = strlen(rs->body);

		rs->body[len / 2] = '\0';
	}
}

static bool
client_is_loopback(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
		       (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) &&
			in6->sin6_addr.s6_addr[12] == 127);
	}
	return false;
}

static size_t
split_segs(char *p, char **segs, size_t max)
{
	size_t n = 0;

	if (*p == '/')
		p++;
	if (!*p)
		return 0;
	for (;;) {
		char *slash = strchr(p, '/');

		if (n == max)
			return max + 1;
		segs[n++] = p;
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	return n;
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct sim_resp *rs, bool api,
	  const int rl[4])
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char h[128];
	char *body = rs->body ? rs->body : strdup("");

	rs->body = NULL; /* MHD owns it from here */
	if (!body)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(body), body,
					    MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	if (api && rl[2] > 0) {
		snprintf(h, sizeof(h), "\"default\";r=%d;t=%d",
			 rl[0] < 0 ? 0 : rl[0], rl[1]);
		MHD_add_response_header(r, "Ratelimit", h);
		snprintf(h, sizeof(h), "\"burst\";q=%d;w=%d", rl[2], rl[3]);
		MHD_add_response_header(r, "Ratelimit-Policy", h);
	}
	if (rs->retry_after > 0) {
		snprintf(h, sizeof(h), "%d", rs->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, h);
	}
	ret = MHD_queue_response(conn, rs->status ? rs->status : 500, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
	   const char *method, const char *version, const char *upload,
	   size_t *upload_size, void **con_cls)
{
	struct sim_server *srv = cls;
	struct sim *sim = srv->sim;
	struct conn_ctx *ctx = *con_cls;
	struct sim_req rq;
	struct sim_resp rs = { 0 };
	char path[2048];
	const char *label = "-";
	int rl[4] = { 0, 0, 0, 0 };
	bool api = false;
	enum MHD_Result ret;

	(void)version;
	if (!ctx) {
		ctx = calloc(1, sizeof(*ctx));
		if (!ctx)
			return MHD_NO;
		*con_cls = ctx;
		return MHD_YES;
	}
	if (*upload_size) {
		if (ctx->len + *upload_size > MAX_BODY) {
			ctx->too_big = true;
		} else {
			if (ctx->len + *upload_size + 1 > ctx->cap) {
				size_t nc = (ctx->len + *upload_size + 1) * 2;
				char *nb = realloc(ctx->buf, nc);

				if (!nb)
					return MHD_NO;
				ctx->buf = nb;
				ctx->cap = nc;
			}
			memcpy(ctx->buf + ctx->len, upload, *upload_size);
			ctx->len += *upload_size;
			ctx->buf[ctx->len] = '\0';
		}
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&rq, 0, sizeof(rq));
	rq.conn = conn;
	rq.method = method;
	rq.url = url;
	rq.body = ctx->buf ? ctx->buf : "";
	rq.body_len = ctx->len;
	snprintf(path, sizeof(path), "%s", url);
	if (ctx->too_big) {
		resp_err(&rs, SIM_COMPACT, 413, 10001,
			 "Request body too large.");
	} else if (strncmp(path, ADMIN_PREFIX "/", strlen(ADMIN_PREFIX) + 1) ==
		   0) {
		if (!client_is_loopback(conn)) {
			resp_err(&rs, SIM_COMPACT, 403, 10000,
				 "cfsim admin API: loopback clients only");
		} else {
			rq.nsegs = split_segs(path + strlen(ADMIN_PREFIX),
					      rq.segs, 12);
			admin_handle(sim, &rq, &rs);
		}
	} else if (strncmp(path, API_PREFIX "/", strlen(API_PREFIX) + 1) == 0) {
		size_t i;

		api = true;
		rq.nsegs = split_segs(path + strlen(API_PREFIX), rq.segs, 12);
		for (i = 0; i < rq.nsegs && rq.nsegs <= 12; i++)
			if (!*rq.segs[i])
				break;
		if (rq.nsegs > 12 || i < rq.nsegs || rq.nsegs == 0)
			resp_no_route(&rs, &rq);
		else
			serve_api(sim, &rq, &rs, &label, rl);
	} else {
		resp_no_route(&rs, &rq);
	}
	if (api) {
		struct qbuf q = { .len = 0 };

		q.s[0] = '\0';
		MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND,
					  query_iter, &q);
		reqlog_add(sim->log, method, url, q.s, rq.body,
			   rs.drop ? 0 : rs.status, label);
		if (sim->cfg->verbose)
			fprintf(stderr, "cfsim: %s %s%s%s -> %u (%s)\n", method,
				url, q.len ? "?" : "", q.s,
				rs.drop ? 0 : rs.status, label);
	}
	if (rs.drop) {
		free(rs.body);
		return MHD_NO;
	}
	ret = send_resp(conn, &rs, api, rl);
	free(rs.body);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (ctx) {
		free(ctx->buf);
		free(ctx);
		*con_cls = NULL;
	}
}

/*
 * libmicrohttpd's own messages. "Application reported internal error" is
 * what a "drop" fault looks like from its side, so it stays quiet unless
 * --verbose.
 */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct sim_server *srv = cls;
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!srv->sim->cfg->verbose && strstr(msg, "internal error"))
		return;
	fprintf(stderr, "cfsim: libmicrohttpd: %s", msg);
}

static int
open_listener(const char *host, int port, int *port_out, char *err,
	      size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)&ss)->sin_addr) ==
	    1) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		sl = sizeof(*in);
	} else if (inet_pton(AF_INET6, host,
			     &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*in6);
	} else {
		snprintf(err, errlen, "--listen: '%s' is not an IP address",
			 host);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 128) != 0) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", host, port,
			 strerror(errno));
		close(fd);
		return -1;
	}
	sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*port_out = ntohs(ss.ss_family == AF_INET
				  ? ((struct sockaddr_in *)&ss)->sin_port
				  : ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

struct sim_server *
server_start(struct sim *sim, const char *host, int port, int *port_out,
	     char *err, size_t errlen)
{
	struct sim_server *srv = calloc(1, sizeof(*srv));

	if (!srv) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	srv->sim = sim;
	srv->fd = open_listener(host, port, port_out, err, errlen);
	if (srv->fd < 0) {
		free(srv);
		return NULL;
	}
	/*
	 * poll(), not select(): the health engine's probes and the demo
	 * origin servers live in this process and hold well over FD_SETSIZE
	 * (1024) sockets under a big --gen world. A select()-based daemon
	 * closes every accepted socket numbered above that without an
	 * answer (curl: "empty reply"), so API calls failed at random.
	 */
	srv->d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION |
			MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
			MHD_USE_ERROR_LOG |
			(strchr(host, ':') ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, on_request, srv,
		/* The logger must come first to catch every message. */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, srv,
		MHD_OPTION_LISTEN_SOCKET, srv->fd, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)120, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)1000, MHD_OPTION_END);
	if (!srv->d) {
		snprintf(err, errlen, "cannot start the HTTP server");
		close(srv->fd);
		free(srv);
		return NULL;
	}
	return srv;
}

void
server_stop(struct sim_server *srv)
{
	if (!srv)
		return;
	/* Held requests end now, so the daemon does not join them. */
	faults_stop(srv->sim->faults);
	MHD_stop_daemon(srv->d);
	close(srv->fd);
	free(srv);
}
