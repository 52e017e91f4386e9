/* cfsim_harness.c: start/stop a real cfsim for tests and talk to it over HTTP (libcurl). */
#include "cfsim_harness.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>

#define START_TIMEOUT_MS 15000
#define LISTEN_PREFIX "cfsim listening on http://"

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads one line from fd into buf within the deadline. 0 ok, -1 failure. */
static int
read_line(int fd, char *buf, size_t n, long deadline)
{
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left = deadline - now_ms();
		char c;
		ssize_t got;

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		got = read(fd, &c, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		if (c == '\n') {
			buf[len] = '\0';
			return 0;
		}
		if (len + 1 < n)
			buf[len++] = c;
	}
}

/* A free loopback port (bind to 0, read it, close). */
static int
free_port(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t sl = sizeof(in);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd < 0)
		return -1;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&in, sizeof(in)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&in, &sl) == 0)
		port = ntohs(in.sin_port);
	close(fd);
	return port;
}

static bool
port_open(int port)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	if (fd < 0)
		return false;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	in.sin_port = htons((uint16_t)port);
	ok = connect(fd, (struct sockaddr *)&in, sizeof(in)) == 0;
	close(fd);
	return ok;
}

static void
stop_proxy(struct cfsim *s)
{
	if (s->proxy_pid > 0) {
		kill(s->proxy_pid, SIGTERM);
		waitpid(s->proxy_pid, NULL, 0);
		s->proxy_pid = 0;
	}
}

/* Starts Prism's validating proxy in front of s; sets base_url. */
static int
start_prism(struct cfsim *s, const char *prism)
{
	const char *spec = getenv("CFSIM_SPEC");
	const char *tmp = getenv("TMPDIR");
	char upstream[128], pport[16], logpath[512], specbuf[1024];
	int port = free_port(), fd;
	long deadline;

	if (!spec || !*spec) {
		const char *top = getenv("TOP");

		snprintf(specbuf, sizeof(specbuf),
			 "%s/spec/cloudflare-api/openapi-lb-dns.json",
			 top ? top : ".");
		spec = specbuf;
	}
	if (port <= 0)
		return -1;
	snprintf(upstream, sizeof(upstream), "http://127.0.0.1:%d/client/v4",
		 s->port);
	snprintf(pport, sizeof(pport), "%d", port);
	snprintf(logpath, sizeof(logpath), "%s/cfsim-prism-%d.log",
		 tmp && *tmp ? tmp : "/tmp", port);
	s->proxy_pid = fork();
	if (s->proxy_pid < 0) {
		s->proxy_pid = 0;
		return -1;
	}
	if (s->proxy_pid == 0) {
		/* A test killed by the runner's timeout must not leave its
		 * servers running (they would load the machine for hours). */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(prism, prism, "proxy", spec, upstream, "-h", "127.0.0.1",
		      "-p", pport, "--errors", (char *)NULL);
		_exit(127);
	}
	deadline = now_ms() + 60000;
	while (!port_open(port)) {
		if (now_ms() > deadline ||
		    waitpid(s->proxy_pid, NULL, WNOHANG) == s->proxy_pid) {
			fprintf(stderr,
				"cfsim_start: Prism did not start "
				"(see %s)\n",
				logpath);
			s->proxy_pid = 0;
			return -1;
		}
		usleep(100000);
	}
	/* Prism serves the spec's paths without the /client/v4 prefix. */
	snprintf(s->base_url, sizeof(s->base_url), "http://127.0.0.1:%d", port);
	return 0;
}

static void
kill_child(struct cfsim *s)
{
	stop_proxy(s);
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

int
cfsim_start(struct cfsim *s, const char *const *extra_args)
{
	const char *bin = getenv("CFSIM");
	const char *proxy;
	char line[512];
	size_t nextra = 0, i, argc = 0;
	const char **argv;
	int pfd[2];
	long deadline;
	char *colon;

	memset(s, 0, sizeof(*s));
	if (!bin || !*bin) {
		fprintf(stderr, "cfsim_start: CFSIM is not set\n");
		return -1;
	}
	while (extra_args && extra_args[nextra])
		nextra++;
	argv = calloc(nextra + 4, sizeof(*argv));
	if (!argv)
		return -1;
	argv[argc++] = bin;
	argv[argc++] = "--listen";
	argv[argc++] = "127.0.0.1:0";
	for (i = 0; i < nextra; i++)
		argv[argc++] = extra_args[i];
	argv[argc] = NULL;
	snprintf(s->token, sizeof(s->token), "cfsim-demo-token");
	for (i = 0; i + 1 < nextra; i++) {
		if (strcmp(extra_args[i], "--token") == 0) {
			snprintf(s->token, sizeof(s->token), "%.127s",
				 extra_args[i + 1]);
			break;
		}
	}
	if (pipe(pfd) != 0) {
		free(argv);
		return -1;
	}
	s->pid = fork();
	if (s->pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		free(argv);
		return -1;
	}
	if (s->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* see start_prism */
		dup2(pfd[1], STDOUT_FILENO);
		close(pfd[0]);
		close(pfd[1]);
		execv(bin, (char *const *)(void *)argv);
		fprintf(stderr, "cfsim_start: exec %s: %s\n", bin,
			strerror(errno));
		_exit(127);
	}
	free(argv);
	close(pfd[1]);
	deadline = now_ms() + START_TIMEOUT_MS;
	if (read_line(pfd[0], line, sizeof(line), deadline) != 0 ||
	    strncmp(line, LISTEN_PREFIX, strlen(LISTEN_PREFIX)) != 0) {
		fprintf(stderr, "cfsim_start: no listening line from %s\n",
			bin);
		goto fail;
	}
	snprintf(s->direct_url, sizeof(s->direct_url), "%.255s",
		 line + strlen("cfsim listening on "));
	colon = strrchr(line + strlen(LISTEN_PREFIX), ':');
	if (!colon || sscanf(colon + 1, "%d", &s->port) != 1 || s->port <= 0) {
		fprintf(stderr, "cfsim_start: bad listening line '%s'\n", line);
		goto fail;
	}
	snprintf(s->admin_url, sizeof(s->admin_url), "http://127.0.0.1:%d",
		 s->port);
	if (read_line(pfd[0], line, sizeof(line), deadline) != 0 ||
	    strncmp(line, "account ", 8) != 0) {
		fprintf(stderr, "cfsim_start: no account line\n");
		goto fail;
	}
	snprintf(s->account_id, sizeof(s->account_id), "%.63s", line + 8);
	close(pfd[0]);
	memcpy(s->base_url, s->direct_url, sizeof(s->base_url));
	/* VALIDATING PROXY HOOK: see cfsim_harness.h (CFSIM_PROXY). */
	proxy = getenv("CFSIM_PROXY");
	if (proxy && *proxy && strncmp(proxy, "http", 4) == 0) {
		const char *p = strstr(proxy, "%PORT%");

		if (p)
			snprintf(s->base_url, sizeof(s->base_url), "%.*s%d%s",
				 (int)(p - proxy), proxy, s->port, p + 6);
		else
			snprintf(s->base_url, sizeof(s->base_url), "%.255s",
				 proxy);
	} else if (proxy && *proxy && start_prism(s, proxy) != 0) {
		kill_child(s); /* the pipe is already closed */
		return -1;
	}
	return 0;
fail:
	close(pfd[0]);
	kill_child(s);
	return -1;
}

int
cfsim_stop(struct cfsim *s)
{
	int status = -1;
	long deadline;

	if (!s || s->pid <= 0)
		return -1;
	stop_proxy(s);
	kill(s->pid, SIGTERM);
	deadline = now_ms() + 5000;
	for (;;) {
		pid_t r = waitpid(s->pid, &status, WNOHANG);

		if (r == s->pid)
			break;
		if (r < 0 && errno != EINTR) {
			status = -1;
			break;
		}
		if (now_ms() > deadline) {
			fprintf(stderr, "cfsim_stop: SIGKILL after 5 s\n");
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	s->pid = 0;
	return status;
}

struct buf {
	char *p;
	size_t len;
};

static size_t
buf_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t n = size * nmemb;
	char *np = realloc(b->p, b->len + n + 1);

	if (!np)
		return 0;
	memcpy(np + b->len, data, n);
	b->p = np;
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

long
cfsim_http(const char *method, const char *url, const char *const *headers,
	   const char *body, struct cfsim_reply *r)
{
	struct buf b = { 0 }, h = { 0 };
	struct curl_slist *sl = NULL;
	CURL *c;
	CURLcode rc;

	memset(r, 0, sizeof(*r));
	c = curl_easy_init();
	if (!c)
		return -1;
	for (; headers && *headers; headers++)
		sl = curl_slist_append(sl, *headers);
	if (body)
		sl = curl_slist_append(sl, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, buf_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, buf_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, sl);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	rc = curl_easy_perform(c);
	r->curl_code = (int)rc;
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(sl);
	curl_easy_cleanup(c);
	r->body = b.p ? b.p : calloc(1, 1);
	r->body_len = b.len;
	r->headers = h.p ? h.p : calloc(1, 1);
	return rc == CURLE_OK ? r->status : -1;
}

long
cfsim_api(const struct cfsim *s, const char *method, const char *path,
	  const char *body, struct cfsim_reply *r)
{
	char url[2048], auth[256];
	const char *hdrs[2] = { auth, NULL };

	snprintf(url, sizeof(url), "%s%s", s->base_url, path);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", s->token);
	return cfsim_http(method, url, hdrs, body, r);
}

int
cfsim_reply_header(const struct cfsim_reply *r, const char *name, char *out,
		   size_t n)
{
	size_t nl = strlen(name);
	const char *p = r->headers;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			size_t vl;

			while (*v == ' ')
				v++;
			vl = ll - (size_t)(v - p);
			while (vl > 0 &&
			       (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			snprintf(out, n, "%.*s", (int)vl, v);
			return 0;
		}
		p = eol ? eol + 1 : NULL;
	}
	return -1;
}

void
cfsim_reply_free(struct cfsim_reply *r)
{
	if (!r)
		return;
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

long
cfsim_admin(const struct cfsim *s, const char *method, const char *path,
	    const char *body, char **resp)
{
	struct cfsim_reply r;
	char url[1024];
	long st;

	snprintf(url, sizeof(url), "%s%s", s->admin_url, path);
	st = cfsim_http(method, url, NULL, body, &r);
	if (resp) {
		*resp = r.body;
		r.body = NULL;
	}
	cfsim_reply_free(&r);
	return st;
}
