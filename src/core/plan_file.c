/* plan_file.c: the plan file on disk (load, atomic save) and apply / resume / rollback of a plan through the plan engine. */
#include "cfconsole/plan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Plan files are small; a bigger one is a mistake, not a plan. */
#define PLAN_FILE_MAX (4u << 20)

bool
plan_file_load(const char *path, struct cf_plan *out, char *errbuf,
	       size_t errsize)
{
	struct cf_error err = { 0 };
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0, cap = 0;
	bool ok = false;

	if (!f) {
		snprintf(errbuf, errsize, "cannot read %s: %s", path,
			 strerror(errno));
		return false;
	}
	for (;;) {
		size_t n;

		if (len + 4096 + 1 > cap) {
			char *nt;

			cap = cap ? cap * 2 : 8192;
			nt = realloc(text, cap);
			if (!nt) {
				snprintf(errbuf, errsize, "out of memory");
				goto out;
			}
			text = nt;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (len > PLAN_FILE_MAX) {
			snprintf(errbuf, errsize,
				 "%s is larger than %u bytes: not a plan", path,
				 PLAN_FILE_MAX);
			goto out;
		}
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(errbuf, errsize, "cannot read %s", path);
		goto out;
	}
	text[len] = '\0';
	if (cf_plan_decode(text, out, &err) != CF_OK) {
		snprintf(errbuf, errsize, "%s: %s", path,
			 err.detail ? err.detail : cf_status_str(err.status));
		cf_error_clear(&err);
		goto out;
	}
	ok = true;
out:
	free(text);
	fclose(f);
	return ok;
}

bool
plan_file_save(const char *path, const struct cf_plan *p, char *errbuf,
	       size_t errsize)
{
	char *text = cf_plan_encode(p, true);
	char tmp[4096], dir[4096];
	const char *slash;
	struct stat st;
	mode_t mode = 0644;
	size_t len, off = 0;
	int fd = -1, dfd;
	bool ok = false;

	if (!text) {
		snprintf(errbuf, errsize, "out of memory");
		return false;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		snprintf(errbuf, errsize, "plan file path is too long");
		goto out;
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 0777;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  mode);
	if (fd < 0) {
		snprintf(errbuf, errsize, "cannot write %s: %s", tmp,
			 strerror(errno));
		goto out;
	}
	len = strlen(text);
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(errbuf, errsize, "cannot write %s: %s", tmp,
				 strerror(w < 0 ? errno : EIO));
			goto out;
		}
		off += (size_t)w;
	}
	/* The data first, then the name: after a crash the file is the old
	 * plan or the new one, and the new one is complete. */
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		snprintf(errbuf, errsize, "cannot write %s: %s", tmp,
			 strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(errbuf, errsize, "cannot replace %s: %s", path,
			 strerror(errno));
		goto out;
	}
	slash = strrchr(path, '/');
	if (slash)
		snprintf(dir, sizeof(dir), "%.*s",
			 (int)(slash == path ? 1 : slash - path), path);
	else
		snprintf(dir, sizeof(dir), ".");
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ok = true;
out:
	if (fd >= 0)
		close(fd);
	if (!ok)
		unlink(tmp);
	free(text);
	return ok;
}

/* ---- apply ---------------------------------------------------------------- */

struct saver {
	struct cf_plan *p;
	const char *file;
	void (*progress)(const struct pe_event *ev, void *ud);
	void *ud;
};

/* Engine -> the caller's progress function with the caller's data. */
static void
forward_progress(const struct pe_event *ev, void *ud)
{
	struct saver *sv = ud;

	if (sv->progress)
		sv->progress(ev, sv->ud);
}

/* Engine -> plan (and its file) after every state change. */
static bool
save_state(const struct pe_plan *e, void *ud, char *errbuf, size_t errsize)
{
	struct saver *sv = ud;

	if (!plan_take_state(sv->p, e)) {
		snprintf(errbuf, errsize, "out of memory");
		return false;
	}
	if (!sv->file)
		return true;
	return plan_file_save(sv->file, sv->p, errbuf, errsize);
}

/* The plan's recorded account and zone must be the ones we work in. */
static bool
same_place(struct cf_plan *p, const struct plan_apply_options *o,
	   struct pe_report *r)
{
	char msg[512];

	if (p->account_id && strcmp(p->account_id, o->account_id) != 0)
		snprintf(msg, sizeof(msg),
			 "this plan was applied in account %s, not %s: use "
			 "--account %s",
			 p->account_id, o->account_id, p->account_id);
	else if (p->zone_id && strcmp(p->zone_id, o->zone_id) != 0)
		snprintf(msg, sizeof(msg),
			 "this plan was applied to zone id %s, but %s is now "
			 "%s: the zone was replaced",
			 p->zone_id, p->zone ? p->zone : "the zone",
			 o->zone_id);
	else
		return true;
	memset(r, 0, sizeof(*r));
	r->failed_step = -1;
	r->outcome = PE_REFUSED;
	r->message = strdup(msg);
	return false;
}

static enum pe_outcome
run(struct cf_client *c, struct cf_plan *p, const struct plan_apply_options *o,
    struct pe_report *r, bool rollback)
{
	struct saver sv = {
		.p = p, .file = o->file, .progress = o->progress, .ud = o->ud
	};
	struct pe_hooks h = { .progress = forward_progress,
			      .save = save_state,
			      .ud = &sv };
	struct pe_options eo = { .journal = o->journal, .cancel = o->cancel };
	struct pe_plan e;
	enum pe_outcome out;

	if (!o->account_id || !o->zone_id) {
		memset(r, 0, sizeof(*r));
		r->failed_step = -1;
		r->outcome = PE_REFUSED;
		r->message = strdup("no account or zone id");
		return r->outcome;
	}
	if (!same_place(p, o, r))
		return r->outcome;
	if (!plan_build(p, o->account_id, o->zone_id, o->file, &e)) {
		memset(r, 0, sizeof(*r));
		r->failed_step = -1;
		r->outcome = PE_REFUSED;
		r->message = strdup("out of memory");
		return r->outcome;
	}
	free(p->account_id);
	free(p->zone_id);
	p->account_id = strdup(o->account_id);
	p->zone_id = strdup(o->zone_id);
	out = rollback ? pe_rollback(c, &e, &eo, &h, r)
		       : pe_apply(c, &e, &eo, &h, r);
	pe_plan_free(&e);
	return out;
}

enum pe_outcome
plan_apply(struct cf_client *c, struct cf_plan *p,
	   const struct plan_apply_options *opts, struct pe_report *r)
{
	return run(c, p, opts, r, false);
}

enum pe_outcome
plan_rollback(struct cf_client *c, struct cf_plan *p,
	      const struct plan_apply_options *opts, struct pe_report *r)
{
	return run(c, p, opts, r, true);
}
