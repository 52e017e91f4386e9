/* oncall_health.c: live health in the console: taking the poller's snapshots, the poller's focus on the pools on screen, the header, p and :poll-now. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfconsole/xmem.h"
#include "cfconsole/completion.h"
#include "cfconsole/health.h"
#include "cfconsole/monoclock.h"
#include "cfconsole/poller.h"
#include "cfconsole/timefmt.h"
#include "ui/commands.h"
#include "ui/oncall.h"
#include "ui/oncall_priv.h"
#include "ui/ui.h"

/* ---- health snapshot, focus, header ----------------------------------------- */

static double
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Writes one line per origin whose state differs between a and b. */
static void
log_transitions(FILE *f, const struct health_snapshot *a,
		const struct health_snapshot *b)
{
	size_t i, k;
	double now = wall_ms();

	for (i = 0; i < b->npools; i++) {
		const struct health_pool *bp = &b->pools[i];
		const struct health_pool *ap =
			a ? health_snapshot_find_pool(a, bp->id) : NULL;

		for (k = 0; k < bp->norigins; k++) {
			const struct health_origin *bo = &bp->origins[k];
			const struct health_origin *ao =
				oncall_find_health_origin(ap, bo->name);

			if (ao && ao->state == bo->state)
				continue;
			fprintf(f, "health %s/%s %s %.0f\n",
				bp->name ? bp->name : "-",
				bo->name ? bo->name : "-",
				health_state_name(bo->state), now);
		}
	}
	fflush(f);
}

static bool
str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Does the store's copy of the pools say something else than the health
 * model's (newer) reading of their settings? */
static bool
store_pools_behind(const struct store_snapshot *snap,
		   const struct health_snapshot *h)
{
	const struct store_res *r = snap->res[STORE_POOLS];
	size_t i, k;

	if (r->state != STORE_READY || h->npools != r->n)
		return r->state == STORE_READY;
	for (i = 0; i < h->npools; i++) {
		const struct health_pool *hp = &h->pools[i];
		const struct cf_pool *sp = store_find_pool(snap, hp->id);

		if (!sp || sp->enabled != hp->enabled ||
		    sp->minimum_origins != hp->minimum_origins ||
		    !str_same(sp->monitor, hp->monitor) ||
		    !str_same(sp->name, hp->name) ||
		    sp->norigins != hp->norigins)
			return true;
		for (k = 0; k < hp->norigins; k++)
			if (sp->origins[k].enabled != hp->origins[k].enabled ||
			    sp->origins[k].weight != hp->origins[k].weight ||
			    !str_same(sp->origins[k].name, hp->origins[k].name))
				return true;
	}
	return false;
}

bool
oncall_sync_health(struct ui *ui, void *timing)
{
	const struct health_snapshot *old = ui->hsnap, *cur;
	int i;

	if (!ui->health)
		return false;
	if (health_model_generation(ui->health) == (old ? old->generation : 0))
		return false;
	cur = health_model_acquire(ui->health);
	if (!cur)
		return false;
	if (timing)
		log_transitions(timing, old, cur);
	/* The poller read different pool settings (a change made elsewhere):
	 * the lists that show them (Pools, Origins, the toggles' "what you
	 * saw") are brought up to date once, not only Health. */
	if (ui->jobs && (!old || old->config_gen != cur->config_gen) &&
	    store_pools_behind(ui->snap, cur))
		jobs_load(ui->jobs, STORE_POOLS, NULL);
	ui->hsnap = cur;
	for (i = 0; i < UI_NPANES; i++) {
		struct pane *p = ui->panes[i];

		p->health = cur;
		/* Rows that point into the old snapshot go now. */
		if (p->ops->polled)
			pane_load(p, ui->snap);
	}
	health_snapshot_release(old);
	ui->dirty |= UI_DIRTY_DRAW;
	return true;
}

void
oncall_set_model(struct ui *ui, struct health_model *model)
{
	int i;

	ui->health = model;
	for (i = 0; i < UI_NPANES; i++) {
		struct pane *p = ui->panes[i];

		p->health = NULL;
		/* Rows that point into the old snapshot go before it does. */
		if (p->ops->polled)
			pane_load(p, ui->snap);
	}
	health_snapshot_release(ui->hsnap);
	ui->hsnap = NULL;
	free(ui->focus_key);
	ui->focus_key = NULL;
	ui->dirty |= UI_DIRTY_DRAW | UI_DIRTY_LOAD;
	/* Whatever the new model already holds is taken at the next
	 * ui_sync, as if its poller had just published it. */
	if (model)
		completion_post(store_completions(ui->store), COMPLETION_HEALTH,
				NULL, NULL, 0);
}

bool
oncall_health_is(const struct ui *ui, const char *spec)
{
	char buf[256], *sp, *slash;
	const struct health_pool *hp;
	const struct health_origin *o;

	if (!ui->hsnap || !spec)
		return false;
	snprintf(buf, sizeof(buf), "%s", spec);
	sp = strrchr(buf, ' ');
	if (!sp)
		return false;
	*sp++ = '\0';
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	hp = health_snapshot_find_pool(ui->hsnap, buf);
	if (!hp)
		return false;
	/* A pool's "critical" was called "unhealthy" before: both work. */
	if (!slash)
		return !strcmp(health_pool_state_name(hp->state), sp) ||
		       !strcmp(health_state_name(hp->state), sp);
	o = oncall_find_health_origin(hp, slash + 1);
	return o && !strcmp(health_state_name(o->state), sp);
}

/* Appends the pool ids of rows top..top+height of pane p to buf. */
static void
visible_pools(const struct pane *p, const char **ids, size_t *n, size_t max)
{
	size_t r, k, end = p->top + (size_t)(p->height > 0 ? p->height : 1);

	for (r = p->top; r < end && r < p->nvis && *n < max; r++) {
		const void *obj = p->objs[p->vis[r]];
		const char *id;

		id = p->ops->pool_id(obj);
		if (!id)
			continue;
		for (k = 0; k < *n && strcmp(ids[k], id); k++)
			;
		if (k == *n)
			ids[(*n)++] = id;
	}
}

void
oncall_focus(struct ui *ui)
{
	const struct pane *p = ui_pane(ui);
	const char *ids[128];
	size_t n = 0, i, len = 0;
	char key[128 * 40];

	if (!ui->poller)
		return;
	if (p->ops->pool_id)
		visible_pools(p, ids, &n, 128);
	else if (p->ops->origin_rows && p->scope_id)
		ids[n++] = p->scope_id;
	key[0] = '\0';
	for (i = 0; i < n && len < sizeof(key); i++)
		len += (size_t)snprintf(key + len, sizeof(key) - len, "%s,",
					ids[i]);
	if (ui->focus_key && !strcmp(ui->focus_key, key))
		return;
	free(ui->focus_key);
	ui->focus_key = xstrdup_or_empty(key);
	poller_set_focus(ui->poller, ids, n);
}

void
oncall_header(struct ui *ui, char *buf, size_t size, bool *warn)
{
	struct poller_status st;
	char when[32] = "never";

	*warn = false;
	buf[0] = '\0';
	if (!ui->poller)
		return;
	poller_get_status(ui->poller, &st);
	if (st.last_poll)
		timefmt_clock(st.last_poll, when, sizeof(when));
	*warn = st.state == POLLER_PAUSED || st.state == POLLER_BACKOFF ||
		st.last_error[0];
	if (st.state == POLLER_RUNNING)
		snprintf(buf, size, "poll %s", when);
	else
		snprintf(buf, size, "poll %s %s", poller_state_name(st.state),
			 st.last_poll ? when : "");
	/* Trailing blank of an empty time. */
	if (buf[0] && buf[strlen(buf) - 1] == ' ')
		buf[strlen(buf) - 1] = '\0';
}

unsigned
oncall_pause(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->poller) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "the health poller is not "
			  "running");
		return CMD_FAILED;
	}
	if (poller_paused(ui->poller)) {
		poller_resume(ui->poller);
		ui_status(ui, THEME_ROLE_INFO, "health polling resumed");
	} else {
		poller_pause(ui->poller);
		ui_status(ui, THEME_ROLE_WARNING,
			  "health polling paused (p resumes)");
	}
	return CMD_REDRAW;
}

unsigned
oncall_poll_now(struct ui *ui, const char *args)
{
	(void)args;
	if (!ui->poller) {
		ui_status(ui, THEME_ROLE_WARNING,
			  "the health poller is not "
			  "running");
		return CMD_FAILED;
	}
	poller_kick(ui->poller);
	{
		struct cf_budget b;

		/* Say when it cannot be "now": the API said to wait. */
		cf_budget_get(&b);
		if (b.blocked_until > 0)
			/* blocked_until is on the monotonic clock */
			ui_status(ui, THEME_ROLE_WARNING,
				  "polling health in %.0fs, when the API's "
				  "Retry-After ends",
				  ceil(b.blocked_until - monoclock_s()));
		else
			ui_status(ui, THEME_ROLE_INFO, "polling health now");
	}
	return CMD_REDRAW;
}
