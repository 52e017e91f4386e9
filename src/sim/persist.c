/* persist.c: cfsim --state: atomic save (temp file, fsync, rename) and load of the world document. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/services.h"

int
persist_write(const char *path, const cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);
	int rc = persist_write_text(path, text);

	free(text);
	return rc;
}

int
persist_write_text(const char *path, const char *text)
{
	size_t len, off = 0;
	char *tmp, *dcopy, *dir;
	int fd, dfd, rc = -1;

	if (!text)
		return -1;
	len = strlen(text);
	tmp = malloc(strlen(path) + 16);
	if (!tmp)
		return -1;
	sprintf(tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "cfsim: state %s: %s\n", path, strerror(errno));
		goto out;
	}
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			fprintf(stderr, "cfsim: state %s: %s\n", tmp,
				strerror(errno));
			close(fd);
			unlink(tmp);
			goto out;
		}
		off += (size_t)w;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) != 0) {
		fprintf(stderr, "cfsim: state %s: %s\n", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	fchmod(fd, 0600);
	close(fd);
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "cfsim: state %s: %s\n", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* Make the rename itself durable. */
	dcopy = strdup(path);
	if (dcopy) {
		dir = dirname(dcopy);
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dcopy);
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

cJSON *
persist_read(const char *path, bool *missing)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	cJSON *doc;

	*missing = false;
	if (!f) {
		if (errno == ENOENT)
			*missing = true;
		else
			fprintf(stderr, "cfsim: state %s: %s\n", path,
				strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 65536 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 1 << 20;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = '\0';
	doc = cJSON_ParseWithLength(buf, len);
	free(buf);
	if (!cJSON_IsObject(doc)) {
		fprintf(stderr, "cfsim: state %s: not a cfsim state file\n",
			path);
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

void
sim_changed(struct sim *sim)
{
	char *text;
	unsigned long changes;

	if (!sim->cfg->state_file)
		return;
	/* One writer at a time; a later writer always exports newer state. */
	pthread_mutex_lock(&sim->persist_mu);
	world_lock(sim->world);
	changes = sim->world->changes;
	if (changes == sim->persisted_changes) {
		world_unlock(sim->world);
		pthread_mutex_unlock(&sim->persist_mu);
		return;
	}
	text = world_export_text(sim->world);
	world_unlock(sim->world);
	if (persist_write_text(sim->cfg->state_file, text) == 0)
		sim->persisted_changes = changes;
	free(text);
	pthread_mutex_unlock(&sim->persist_mu);
}
