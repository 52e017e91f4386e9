/* pane.h: the generic list pane: rows from a snapshot, sorting, filter, scrolling, selection, column widths. */
#ifndef CFCONSOLE_UI_PANE_H
#define CFCONSOLE_UI_PANE_H

#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/fields.h"
#include "cfconsole/store.h"
#include "ui/line.h"

/*
 * One column of a pane's table. Spare width (a terminal wider than the
 * columns' widths) goes first to the flex column, up to what its cells
 * need; then to the `fit` columns, up to what theirs need; whatever is
 * left to the flex column. So the flex column should be the one whose text
 * carries the meaning (a failure reason, a monitor, a fallback pool), and
 * names are `fit`: they get their full length when there is room, and
 * never more.
 */
struct pane_col {
	const char *title;
	int width;	 /* columns; the flex column takes what is left */
	bool flex;	 /* at most one per pane */
	bool fit;	 /* grows to its longest cell when there is room */
	bool right;	 /* right-aligned */
	bool numeric;	 /* sorts by value, not text */
	bool unfiltered; /* the filter does not search it (a marker) */
};

struct pane;
struct health_snapshot;
struct ui;

/* One load a pane needs (see pane_ops.needs). */
struct pane_need {
	enum store_kind kind;
	const char *scope; /* zone id for DNS and LBs, else NULL */
};

#define PANE_MAX_NEEDS 4

/*
 * What a pane supplies (tig view_ops). A pane file is its ops plus one
 * entry in pane_registry. Every object pointer passed in is one that
 * collect() returned and lives as long as the snapshot the pane holds.
 */
struct pane_ops {
	const char *name;     /* "zones": the command that shows it */
	const char *title;    /* "Zones" for the tab row */
	enum store_kind kind; /* the resource it needs loaded */
	bool needs_scope;     /* lists nothing without a scope */
	bool live;	      /* reloads often (health): search keys
	                                  are built only while filtering */
	const struct pane_col *cols;
	size_t ncols;
	/*
	 * Fills *objs (malloc'd array the pane frees) with the objects to
	 * list from snap for the pane's scope; returns how many.
	 */
	size_t (*collect)(const struct pane *p,
			  const struct store_snapshot *snap,
			  const void ***objs);
	/* Writes cell col of obj into buf; returns the role to draw it in.
	 * p->snap is the snapshot obj came from (for lookups by id). */
	enum theme_role (*cell)(const struct pane *p, const void *obj,
				size_t col, char *buf, size_t size);
	/* Appends every field of obj as "key: value" lines. */
	void (*detail)(const void *obj, const struct store_snapshot *snap,
		       struct lines *out);
	/* Optional, used instead of detail: the same with the pane, for
	 * panes that also show live health (p->health, p->scope_id). */
	void (*detail_in)(const struct pane *p, const void *obj,
			  const struct store_snapshot *snap, struct lines *out);
	/* The object's raw JSON text (may be NULL). */
	const char *(*raw)(const void *obj);
	/* A stable id to keep the selection across reloads. */
	const char *(*id)(const void *obj);
	/* A short name for breadcrumbs ("example.com"). */
	const char *(*label)(const void *obj);
	/* Optional: true for a row that belongs under the nearest earlier
	 * row (in collect order) for which it is false, as an origin under
	 * its pool in Health. Sorting then orders the parent rows, and the
	 * children among themselves, always under their parent. */
	bool (*is_child)(const void *obj);
	/* Optional: how many columns, from col on, obj's cell col covers
	 * (1 or more; the covered cells are not asked for). A pool row of
	 * Health writes its summary across the columns only its origins
	 * use. */
	size_t (*span)(const struct pane *p, const void *obj, size_t col);

	/* ---- how the console treats the pane (the pane hooks) ---- */
	/*
	 * Optional: fills need[] (PANE_MAX_NEEDS) with what to load for the
	 * pane's scope and returns how many. need[0] is what the pane lists
	 * (r reloads it); the rest are looked up by its cells and loaded
	 * once. NULL: ops->kind, unscoped.
	 */
	size_t (*needs)(const struct pane *p, struct pane_need *need);
	/* Optional: the pane whose selected row scopes this one when it is
	 * shown without a scope (Zones for DNS, Pools for Origins). */
	const struct pane_ops *scope_from;
	/* An explicit scope also selects that row in scope_from, so every
	 * pane scoped the same way agrees on it (the selected zone). */
	bool scope_selects;
	/* Optional: the pane Enter drills into, scoped to the selected row
	 * (Zones -> DNS). NULL: Enter describes the row. */
	const struct pane_ops *below;
	/* Optional: what an empty list says while there is no scope
	 * (default: "no zone selected..."). */
	const char *unscoped_text;
	/* Optional: what an empty list says, when it is not the store's
	 * load state that explains it (poller: a health poller runs). */
	const char *(*empty_text)(const struct pane *p, bool poller);
	/* Rows come from the health poller, not the store (Health): they
	 * are reloaded with every health snapshot, r polls at once, there
	 * is no timed reload, the store's loading is not its busyness, the
	 * rows' ages tick once a second, and objs are struct health_row. */
	bool polled;
	/* objs are the struct cf_origin of the pool in scope (Origins). */
	bool origin_rows;
	/* Optional: the id of the pool row obj shows or belongs to (the
	 * pools on screen are the ones the health poller watches first). */
	const char *(*pool_id)(const void *obj);
	/* n, e, d and the other forms work here, on res (else they say
	 * where they work). */
	bool forms;
	enum field_res res;
	/*
	 * Optional (tig's view_ops.request): runs the command named cmd (a
	 * key's or a ':' line's, args as typed or NULL) the pane's own way
	 * and returns enum cmd_reaction flags, or CMD_PASS to leave it to
	 * the command table: space toggles an origin in Origins and Health
	 * and a load balancer in Load balancers. Runs after the command
	 * table's checks (read-only, selection, confirmation). UI thread.
	 */
	unsigned (*request)(struct ui *ui, const char *cmd, const char *args);
	/*
	 * Optional: what the area under the list shows instead of the
	 * selection's detail (Health: the event log after v). Fills out
	 * with up to rows lines, sets *title and returns true; false: the
	 * detail. UI thread.
	 */
	bool (*lower)(const struct pane *p, struct ui *ui, size_t rows,
		      struct lines *out, const char **title);
	/* The role of the gaps between cells and of an unselected row's
	 * padding: 0 is THEME_ROLE_NORMAL (a tab's list); THEME_ROLE_DIALOG
	 * for rows drawn inside a dialog box (the account picker). */
	enum theme_role base_role;
};

struct pane {
	const struct pane_ops *ops;
	char *scope_id;	   /* zone id (DNS, LBs), pool id (origins),
	                            LB id (pools drilled from an LB) or NULL */
	char *scope_label; /* for the title/breadcrumb */
	const void **objs; /* everything collect() returned */
	size_t nobjs;
	char **keys; /* lower-case search text per obj, lazily */
	size_t nkeys;
	size_t *vis; /* indexes into objs after filter and sort */
	size_t nvis;
	size_t sel, top; /* selected row and first shown, in vis */
	char *filter;	 /* NULL or "" = none */
	int sort_col;	 /* -1 = API order */
	bool sort_desc;
	unsigned long generation; /* snapshot generation last loaded */
	struct store_snapshot
		*snap; /* last loaded; the pane holds a reference */
	int height;    /* list rows last rendered (for paging) */
	/* Content widths of the flex and `fit` columns, measured once per
	 * rebuild of the rows (-1: not yet). */
	int fitw[32];
	bool fit_valid;
	/* The health snapshot the UI holds (NULL before the first poll);
	 * set by ui.c, which reloads the panes listing it before it drops
	 * an older one, so rows never outlive their snapshot. */
	const struct health_snapshot *health;
	/* Rows that are not the store's (the account picker's accounts):
	 * what collect() reads instead of the snapshot, set by the pane's
	 * owner, which keeps it alive as long as the pane; it reloads with
	 * pane_load(p, NULL). NULL for the registry's panes. */
	const void *rows_src;
};

/* A new pane for ops (scope none). Never NULL (aborts on OOM). */
struct pane *pane_new(const struct pane_ops *ops);

/* Frees the pane. NULL no-op. */
void pane_free(struct pane *p);

/* Sets the scope (copied; NULL clears) and empties the rows. */
void pane_set_scope(struct pane *p, const char *id, const char *label);

/*
 * Rebuilds the rows from snap (filter and sort applied again), keeping the
 * selected object selected when it is still there. The pane takes a
 * reference on snap (its rows point into it) and drops the previous one.
 * snap may be NULL for a pane whose collect() reads p->rows_src.
 */
void pane_load(struct pane *p, struct store_snapshot *snap);

/* Sets the filter (copied, case-insensitive substring over all cells). */
void pane_set_filter(struct pane *p, const char *filter);

/* Sorts by column col (-1: API order); desc reverses. */
void pane_sort(struct pane *p, int col, bool desc);

/* Moves the selection by delta rows (clamped). */
void pane_move(struct pane *p, long delta);

/* Selects row i (clamped) of the visible rows. */
void pane_select(struct pane *p, size_t i);

/* The selected object, or NULL when the list is empty. */
const void *pane_selected(const struct pane *p);

/* Appends obj's detail lines (ops->detail_in, else ops->detail) to out. */
void pane_detail(const struct pane *p, const void *obj,
		 const struct store_snapshot *snap, struct lines *out);

/*
 * Renders the column header plus `height - 1` rows, `width` columns wide,
 * into out (reset first). The selected row uses the selection role when
 * `focused`. Also records height for paging and scrolls so the selection
 * is visible.
 */
void pane_render(struct pane *p, int width, int height, bool focused,
		 struct lines *out);

/* The panes (one per *_pane.c). */
/*
 * Every tab pane, in tab order: X(ENUM, name) declares name##_pane_ops
 * (defined in name_pane.c), PANE_##ENUM and its registry entry. Adding a
 * pane is its file, one line here, its command row in commands.c and its
 * line in the man page.
 */
#define PANE_LIST(X) \
	X(ZONES, zones) \
	X(DNS, dns) \
	X(LBS, lbs) \
	X(POOLS, pools) \
	X(ORIGINS, origins) \
	X(MONITORS, monitors) \
	X(HEALTH, health)

#define PANE_EXTERN_(e, n) extern const struct pane_ops n##_pane_ops;
PANE_LIST(PANE_EXTERN_)
#undef PANE_EXTERN_

/*
 * Not a tab (not in pane_registry): the account picker's list. rows_src is
 * the struct ui_picker (ui.h) whose accounts it lists; objs are its struct
 * ui_account; the current account is marked '*'. No detail or raw.
 */
extern const struct pane_ops accounts_pane_ops;

/*
 * A row of the Health pane: a pool (origin NULL) or one of its origins.
 * Points into pane->health.
 */
struct health_row {
	const struct health_pool *pool;
	const struct health_origin *origin;
	char id[320]; /* "POOLID" or "POOLID/ORIGIN" (selection) */
};

/* Indexes into pane_registry (and tab numbers minus one). */
#define PANE_ENUM_(e, n) PANE_##e,
enum pane_index {
	PANE_LIST(PANE_ENUM_) PANE_COUNT /* not a pane: how many there are */
};
#undef PANE_ENUM_

/* Every pane, in tab order, indexed by enum pane_index (NULL-terminated:
 * pane_registry[PANE_COUNT] is NULL). */
extern const struct pane_ops *const pane_registry[PANE_COUNT + 1];

/*
 * A needs hook (pane_ops.needs) for the panes built on the pools: the
 * pools, then the monitors (their names in the cells).
 */
size_t pane_needs_pools(const struct pane *p, struct pane_need *need);

/* The registry index of ops (-1: not registered). */
int pane_index(const struct pane_ops *ops);

/* The registry index of the pane called name (or an unambiguous prefix),
 * or -1. */
int pane_lookup(const char *name);

#endif
