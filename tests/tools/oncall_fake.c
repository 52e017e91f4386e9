/* oncall_fake.c: a scripted fake Cloudflare transport for unit tests (answers in order, logs every request). */
#include "oncall_fake.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static const char *
url_path(const char *url)
{
	const char *p = strstr(url, "/client/v4");

	return p ? p + strlen("/client/v4") : url;
}

static bool
path_matches(const char *want, const char *path)
{
	size_t n = strlen(want);

	return strncmp(want, path, n) == 0 &&
	       (path[n] == '\0' || path[n] == '?');
}

static void
answer(struct cf_http_exchange *x, long status, const char *body)
{
	x->transport_status = CF_OK;
	x->http_status = status;
	x->resp_body = strdup(body ? body : "");
	if (!x->resp_body)
		abort();
	x->resp_len = strlen(x->resp_body);
	x->retry_after = 0;
	x->ratelimit_remaining = -1;
}

static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;

static void answer_step(struct oncall_fake *f, struct cf_http_exchange *x,
			const struct oncall_fake_step *s);

static void
route(struct oncall_fake *f, struct cf_http_exchange *x, const char *path)
{
	size_t i;

	for (i = 0; i < f->nscript; i++) {
		const struct oncall_fake_step *s = &f->script[i];

		if (strcmp(s->method, x->method) == 0 &&
		    path_matches(s->path, path)) {
			answer_step(f, x, s);
			return;
		}
	}
	f->mismatches++;
	answer(x, 404,
	       "{\"success\":false,\"errors\":[{\"code\":7003,"
	       "\"message\":\"Could not route to this path\"}],"
	       "\"messages\":[],\"result\":null}");
}

static void
fake_perform(void *ctx, struct cf_http_exchange *xs, size_t n)
{
	struct oncall_fake *f = ctx;
	size_t i;

	pthread_mutex_lock(&fake_lock);
	for (i = 0; i < n; i++) {
		struct cf_http_exchange *x = &xs[i];
		const char *path = url_path(x->url);
		const struct oncall_fake_step *s;
		size_t hl = 0;
		const char *const *h;

		if (f->nlog < ONCALL_FAKE_LOG_MAX) {
			struct oncall_fake_req *r = &f->log[f->nlog++];
			char *hp;

			snprintf(r->method, sizeof(r->method), "%s", x->method);
			snprintf(r->path, sizeof(r->path), "%s", path);
			r->body = x->body ? dupn(x->body, x->body_len) : NULL;
			for (h = x->headers; h && *h; h++)
				hl += strlen(*h) + 1;
			r->headers = calloc(hl + 1, 1);
			if (!r->headers)
				abort();
			hp = r->headers;
			for (h = x->headers; h && *h; h++)
				hp += sprintf(hp, "%s\n", *h);
		}
		f->nrequests++;
		if (f->routes) {
			route(f, x, path);
			continue;
		}
		if (f->next >= f->nscript) {
			f->beyond++;
			answer(x, 599,
			       "{\"success\":false,\"errors\":[{\"code\":"
			       "9999,\"message\":\"fake: script ended"
			       "\"}],\"messages\":[],\"result\":null}");
			continue;
		}
		s = &f->script[f->next];
		if (strcmp(s->method, x->method) != 0 ||
		    !path_matches(s->path, path)) {
			fprintf(stderr,
				"fake: step %zu wants %s %s, got %s %s\n",
				f->next, s->method, s->path, x->method, path);
			f->mismatches++;
			answer(x, 599,
			       "{\"success\":false,\"errors\":[{\"code\":"
			       "9999,\"message\":\"fake: unexpected "
			       "request\"}],\"messages\":[],"
			       "\"result\":null}");
			continue;
		}
		f->next++;
		answer_step(f, x, s);
	}
	pthread_mutex_unlock(&fake_lock);
}

static void
answer_step(struct oncall_fake *f, struct cf_http_exchange *x,
	    const struct oncall_fake_step *s)
{
	(void)f;
	{
		if (s->transport_status != CF_OK) {
			x->transport_status = s->transport_status;
			x->http_status = 0;
			x->resp_body = NULL;
			x->resp_len = 0;
			return;
		}
		if (s->raw || s->status < 200 || s->status > 299) {
			answer(x, s->status, s->body);
		} else {
			size_t bl = strlen(s->body ? s->body : "null") + 64;
			char *b = malloc(bl);

			if (!b)
				abort();
			snprintf(b, bl,
				 "{\"success\":true,\"errors\":[],\"messages\":"
				 "[],\"result\":%s}",
				 s->body ? s->body : "null");
			answer(x, s->status, b);
			free(b);
		}
	}
}

const struct cf_transport_ops oncall_fake_ops = { .perform = fake_perform };

void
oncall_fake_init(struct oncall_fake *f, const struct oncall_fake_step *script,
		 size_t n)
{
	oncall_fake_free(f);
	f->script = script;
	f->nscript = n;
}

void
oncall_fake_routes(struct oncall_fake *f, const struct oncall_fake_step *routes,
		   size_t n)
{
	oncall_fake_init(f, routes, n);
	f->routes = true;
}

void
oncall_fake_free(struct oncall_fake *f)
{
	size_t i;

	pthread_mutex_lock(&fake_lock);
	for (i = 0; i < f->nlog; i++) {
		free(f->log[i].body);
		free(f->log[i].headers);
	}
	memset(f, 0, sizeof(*f));
	pthread_mutex_unlock(&fake_lock);
}

size_t
oncall_fake_count(const struct oncall_fake *f, const char *method)
{
	size_t i, n = 0;

	for (i = 0; i < f->nlog; i++)
		if (strcmp(f->log[i].method, method) == 0)
			n++;
	return n;
}

size_t
oncall_fake_count_path(struct oncall_fake *f, const char *path)
{
	size_t i, n = 0;

	pthread_mutex_lock(&fake_lock);
	for (i = 0; i < f->nlog; i++)
		if (path_matches(path, f->log[i].path))
			n++;
	pthread_mutex_unlock(&fake_lock);
	return n;
}

struct cf_client *
oncall_fake_client(struct oncall_fake *f, const char *token)
{
	static char default_token[] = "oncallTestToken_0123456789abcdefABCDEF";
	struct cf_credentials cr = { 0 };
	struct cf_client_options o = { 0 };
	struct cf_error err = { 0 };
	struct cf_client *c;
	char *tok = strdup(token ? token : default_token);

	if (!tok)
		abort();
	cr.kind = CF_AUTH_TOKEN;
	cr.token = tok;
	o.base_url = "http://127.0.0.1:9/client/v4";
	o.creds = &cr;
	o.max_retries = -1;
	c = cf_client_new(&o, &err);
	free(tok);
	if (!c) {
		fprintf(stderr, "fake client: %s\n", cf_status_str(err.status));
		cf_error_clear(&err);
		return NULL;
	}
	cf_client_set_transport(c, &oncall_fake_ops, f);
	return c;
}
