/* plan_home.c: where the console keeps the plan files of its applies ($XDG_STATE_HOME/cfconsole/plans), so a crash can be resumed or rolled back. */
#include "cfconsole/plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cfconsole/journal.h"

/* mkdir -p path (each new directory 0700); false with errbuf filled. */
static bool
make_dirs(char *path, char *errbuf, size_t errsize)
{
	char *p;
	struct stat st;

	for (p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				snprintf(errbuf, errsize,
					 "cannot create %s: %s", path,
					 strerror(errno));
				*p = c;
				return false;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(errbuf, errsize, "%s is not a directory", path);
		return false;
	}
	return true;
}

bool
plan_home_new_file(const char *label, long long now, char *buf, size_t size,
		   char *errbuf, size_t errsize)
{
	char dir[1024], safe[128], stamp[32], *slash;
	time_t t = (time_t)now;
	struct tm tm;
	size_t i, k = 0;
	int n, try;

	/* Beside the journal: the same XDG rules. */
	if (!journal_default_path(dir, sizeof(dir))) {
		snprintf(errbuf, errsize,
			 "no state directory: neither "
			 "XDG_STATE_HOME nor HOME is set");
		return false;
	}
	slash = strrchr(dir, '/');
	if (!slash || (size_t)(slash - dir) + 7 >= sizeof(dir)) {
		snprintf(errbuf, errsize, "state directory path too long");
		return false;
	}
	strcpy(slash + 1, "plans");
	if (!make_dirs(dir, errbuf, errsize))
		return false;
	for (i = 0; label && label[i] && k + 1 < sizeof(safe) && k < 64; i++) {
		char c = label[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '-' ||
			  c == '_';

		safe[k++] = ok ? c : '_';
	}
	if (!k || safe[0] == '.')
		k = (size_t)snprintf(safe, sizeof(safe), "setup");
	safe[k] = '\0';
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	for (try = 1; try < 1000; try++) {
		if (try == 1)
			n = snprintf(buf, size, "%s/%s-%s.plan.json", dir, safe,
				     stamp);
		else
			n = snprintf(buf, size, "%s/%s-%s-%d.plan.json", dir,
				     safe, stamp, try);
		if (n < 0 || (size_t)n >= size) {
			snprintf(errbuf, errsize, "plan file path too long");
			return false;
		}
		if (access(buf, F_OK) != 0)
			return true;
	}
	snprintf(errbuf, errsize, "too many plan files named %s-%s in %s", safe,
		 stamp, dir);
	return false;
}
