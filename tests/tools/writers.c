/* writers.c: concurrent headless `cfconsole origin` writers against a cfsim, and the count of PATCHes that undid another writer's change (see writers.h). */
#include "writers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

/* Environment of one writer run: fixed, plus the sanitizer options. */
static void
writer_env(const struct writers_opts *o, int k, char store[][1200], char **envp)
{
	static const char *const pass[] = { "PATH",	     "ASAN_OPTIONS",
					    "UBSAN_OPTIONS", "TSAN_OPTIONS",
					    "LSAN_OPTIONS",  NULL };
	int n = 0;

	snprintf(store[n++], 1200, "CLOUDFLARE_API_TOKEN=%s", o->tokens[k]);
	snprintf(store[n++], 1200, "CLOUDFLARE_ACCOUNT_ID=%s",
		 o->sim->account_id);
	snprintf(store[n++], 1200, "HOME=%s", o->home);
	snprintf(store[n++], 1200, "XDG_CONFIG_HOME=%s/config", o->home);
	snprintf(store[n++], 1200, "XDG_STATE_HOME=%s/state", o->home);
	snprintf(store[n++], 1200, "XDG_RUNTIME_DIR=%s/run", o->home);
	snprintf(store[n++], 1200, "LC_ALL=C.UTF-8");
	snprintf(store[n++], 1200, "TZ=UTC");
	for (int i = 0; pass[i]; i++) {
		const char *v = getenv(pass[i]);

		if (v)
			snprintf(store[n++], 1200, "%s=%s", pass[i], v);
	}
	for (int i = 0; i < n; i++)
		envp[i] = store[i];
	envp[n] = NULL;
}

static bool
file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

/* One writer process: waits for the start, then its runs, one by one. */
static void
writer_main(const struct writers_opts *o, int k, int start_fd)
{
	char store[16][1200], *envp[17], results[1100];
	char c;
	FILE *rf;

	writer_env(o, k, store, envp);
	/* the start: the parent closes the pipe */
	while (read(start_fd, &c, 1) > 0)
		;
	snprintf(results, sizeof(results), "%s/writer-%d.txt", o->home, k);
	rf = fopen(results, "w");
	if (!rf)
		_exit(2);
	for (int r = 0; r < o->rounds; r++) {
		const char *action = r % 2 == 0 ? "disable" : "enable";
		char out[1100], err[1100];
		const char *argv[] = {
			o->cfconsole,  "--api-base", o->sim->base_url,
			"origin",      action,	     o->pool,
			o->origins[k], "--yes",	     NULL
		};
		pid_t pid;
		int st = 0, rc;

		snprintf(out, sizeof(out), "%s/out-%d-%d", o->home, k, r);
		snprintf(err, sizeof(err), "%s/err-%d-%d", o->home, k, r);
		pid = fork();
		if (pid < 0)
			_exit(3);
		if (pid == 0) {
			int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			int fi = open("/dev/null", O_RDONLY);

			if (fo < 0 || fe < 0 || fi < 0)
				_exit(126);
			dup2(fi, 0);
			dup2(fo, 1);
			dup2(fe, 2);
			execve(o->cfconsole, (char *const *)(void *)argv, envp);
			_exit(127);
		}
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : 7;
		fprintf(rf, "%d %d %s\n", rc,
			file_has(out, "done (verified)") ? 1 : 0, action);
		fflush(rf);
	}
	fclose(rf);
	_exit(0);
}

/* origins[].enabled of a pool object (JSON text of GET pools/ID). */
static bool
pool_state(const cJSON *pool, const struct writers_opts *o, int *enabled)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(pool, "origins");
	const cJSON *it;

	for (int k = 0; k < o->nwriters; k++)
		enabled[k] = -1;
	cJSON_ArrayForEach(it, arr)
	{
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
		const cJSON *e =
			cJSON_GetObjectItemCaseSensitive(it, "enabled");

		for (int k = 0; cJSON_IsString(n) && k < o->nwriters; k++)
			if (strcmp(n->valuestring, o->origins[k]) == 0)
				enabled[k] = !cJSON_IsFalse(e);
	}
	for (int k = 0; k < o->nwriters; k++)
		if (enabled[k] < 0)
			return false;
	return true;
}

static bool
read_pool(const struct writers_opts *o, int *enabled)
{
	struct cfsim_reply r;
	char path[256];
	cJSON *root;
	bool ok;

	snprintf(path, sizeof(path), "/accounts/%s/load_balancers/pools/%s",
		 o->sim->account_id, o->pool_id);
	if (cfsim_api(o->sim, "GET", path, NULL, &r) != 200) {
		fprintf(stderr, "writers: GET %s: %ld\n", path, r.status);
		cfsim_reply_free(&r);
		return false;
	}
	root = cJSON_Parse(r.body);
	cfsim_reply_free(&r);
	ok = root &&
	     pool_state(cJSON_GetObjectItemCaseSensitive(root, "result"), o,
			enabled);
	cJSON_Delete(root);
	if (!ok)
		fprintf(stderr, "writers: pool %s lacks a writer's origin\n",
			o->pool);
	return ok;
}

/* The log's PATCHes of the pool, in order, replayed against state. */
static bool
count_reverts(const struct writers_opts *o, int *state,
	      struct writers_result *res)
{
	struct cfsim_reply r;
	char url[300], suffix[200];
	const cJSON *it;
	cJSON *root;
	size_t sl;

	snprintf(url, sizeof(url), "%s/__cfsim/requests", o->sim->admin_url);
	if (cfsim_http("GET", url, NULL, NULL, &r) != 200) {
		fprintf(stderr, "writers: cannot read cfsim's request log\n");
		cfsim_reply_free(&r);
		return false;
	}
	root = cJSON_Parse(r.body);
	cfsim_reply_free(&r);
	if (!root)
		return false;
	snprintf(suffix, sizeof(suffix), "/pools/%s", o->pool_id);
	sl = strlen(suffix);
	/* The log is in the order cfsim answered; writers holding the pool
	 * lock never have two PATCHes in flight at once. */
	cJSON_ArrayForEach(it,
			   cJSON_GetObjectItemCaseSensitive(root, "requests"))
	{
		const char *m = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(it, "method"));
		const char *p = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(it, "path"));
		const char *cred = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(it, "credential"));
		const cJSON *st =
			cJSON_GetObjectItemCaseSensitive(it, "status");
		const cJSON *seq = cJSON_GetObjectItemCaseSensitive(it, "seq");
		int after[WRITERS_MAX], w = -1;
		size_t pl;
		cJSON *body;

		if (!m || !p || strcmp(m, "PATCH") != 0 ||
		    !cJSON_IsNumber(st) || st->valueint != 200)
			continue;
		pl = strlen(p);
		if (pl < sl || strcmp(p + pl - sl, suffix) != 0)
			continue;
		if (cred && strncmp(cred, "token#", 6) == 0)
			w = atoi(cred + 6) - 1;
		body = cJSON_Parse(cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(it, "body")));
		res->patches++;
		if (!body || !pool_state(body, o, after)) {
			cJSON_Delete(body);
			continue;
		}
		for (int k = 0; k < o->nwriters; k++) {
			if (k != w && after[k] != state[k]) {
				res->reverts++;
				if (!res->first_revert[0])
					snprintf(res->first_revert,
						 sizeof(res->first_revert),
						 "request %d (writer %d) set "
						 "%s back to %s, over writer "
						 "%d's change",
						 cJSON_IsNumber(seq)
							 ? seq->valueint
							 : -1,
						 w + 1, o->origins[k],
						 after[k] ? "enabled"
							  : "disabled",
						 k + 1);
			}
			state[k] = after[k];
		}
		cJSON_Delete(body);
	}
	cJSON_Delete(root);
	return true;
}

int
writers_run(const struct writers_opts *o, struct writers_result *res)
{
	pid_t pids[WRITERS_MAX];
	int state[WRITERS_MAX], final[WRITERS_MAX], want[WRITERS_MAX];
	int start[2], k, n = 0;
	char url[300];
	struct cfsim_reply r;

	memset(res, 0, sizeof(*res));
	if (o->nwriters < 1 || o->nwriters > WRITERS_MAX)
		return -1;
	snprintf(url, sizeof(url), "%s/__cfsim/requests", o->sim->admin_url);
	if (cfsim_http("DELETE", url, NULL, NULL, &r) != 200) {
		cfsim_reply_free(&r);
		fprintf(stderr, "writers: cannot clear cfsim's request log\n");
		return -1;
	}
	cfsim_reply_free(&r);
	if (!read_pool(o, state) || pipe(start) != 0)
		return -1;
	fflush(NULL);
	for (k = 0; k < o->nwriters; k++) {
		pids[k] = fork();
		if (pids[k] < 0) {
			fprintf(stderr, "writers: fork: %s\n", strerror(errno));
			break;
		}
		if (pids[k] == 0) {
			close(start[1]);
			writer_main(o, k, start[0]);
		}
		n++;
	}
	close(start[0]);
	close(start[1]); /* go */
	for (k = 0; k < n; k++) {
		int st;

		while (waitpid(pids[k], &st, 0) < 0 && errno == EINTR)
			;
	}
	if (n < o->nwriters)
		return -1;
	for (k = 0; k < o->nwriters; k++) {
		char path[1100], action[16];
		int rc, ver;
		FILE *f;

		want[k] = -1;
		snprintf(path, sizeof(path), "%s/writer-%d.txt", o->home, k);
		f = fopen(path, "r");
		if (!f) {
			fprintf(stderr, "writers: writer %d left no results\n",
				k + 1);
			return -1;
		}
		while (fscanf(f, "%d %d %15s", &rc, &ver, action) == 3) {
			res->runs++;
			res->exits[rc >= 0 && rc < 7 ? rc : 7]++;
			res->verified += ver;
			if (rc == 0)
				want[k] = strcmp(action, "enable") == 0;
		}
		fclose(f);
	}
	if (!count_reverts(o, state, res) || !read_pool(o, final))
		return -1;
	for (k = 0; k < o->nwriters; k++)
		if (want[k] >= 0 && final[k] != want[k])
			res->wrong_final++;
	return 0;
}
