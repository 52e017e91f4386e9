/* res_priv.h: the state of the console's resource changes, shared by res_form.c (the form), res_tasks.c (work on workers), res_delete.c (deletes, what holds an object), res_json.c ($EDITOR) and res_keys.c (the pane keys). */
#ifndef CFCONSOLE_UI_RES_PRIV_H
#define CFCONSOLE_UI_RES_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "cfconsole/edit.h"
#include "cfconsole/form.h"
#include "cfconsole/probe_all.h"
#include "ui/form_view.h"
#include "ui/line.h"

struct ui;
struct store;
struct journal;

/* Where an object lives (strings owned). */
struct res_where {
	enum field_res res;
	char *account_id;
	char *zone_id; /* DNS records and load balancers */
	char *zone_name;
};

enum res_task_kind {
	RT_CREATE,    /* edit_create(edited) */
	RT_UPDATE,    /* edit_update(seen, edited) */
	RT_DELETE,    /* edit_delete(seen), detach on request */
	RT_UNDO,      /* edit_undo */
	RT_PROXIED,   /* edit_set_proxied(seen, on) */
	RT_LB_ENABLE, /* edit_lb_enable(seen, on) */
	RT_LB_IMPACT, /* edit_lb_impact: for the confirmation */
	RT_GET,	      /* edit_get: the JSON edit's fresh object */
	RT_TEST,      /* the monitor form's t: probes and the preview */
};

/* Who waits for a task's result. */
enum res_origin {
	RO_PANE = 0, /* a pane key: the status line */
	RO_FORM,     /* the open form's Save */
	RO_JSON,     /* the JSON edit: a refusal reopens the editor */
};

/*
 * Work handed to a worker. The UI thread owns it except for the result
 * fields while it runs; `done` hands them back.
 */
struct res_task {
	enum res_task_kind kind;
	enum res_origin from;
	atomic_bool done;
	unsigned long serial; /* tells a completion it is still alive */
	bool orphan;	      /* nobody waits for it any more */
	bool handled;
	struct res_task *next;
	struct store *store;
	struct journal *journal;
	/* inputs */
	struct res_where w;
	void *seen; /* models of w.res (copies) or NULL */
	void *edited;
	bool on;		   /* P / space: the new value */
	bool detach;		   /* delete: remove references first */
	char *text;		   /* RO_JSON: the user's text */
	struct cf_monitor monitor; /* test: the form's monitor */
	struct cf_origin *origins; /* test: the picked pool's origins */
	size_t norigins;
	char *pool_id; /* test: the picked pool */
	char *pool_name;
	/* results */
	bool no_client;
	char err[512];
	struct edit_result r;
	char *impact; /* RT_LB_IMPACT */
	void *got;    /* RT_GET: the fresh object */
	enum cf_status rc;
	struct probe_all_result probe;
};

/* A list over the panes: what holds an object, or pools to test with. */
enum res_list_kind {
	RL_NONE = 0,
	RL_HELD,  /* Enter jumps to one; D detaches and deletes */
	RL_POOLS, /* Enter tests the monitor against that pool */
};

struct res_list_item {
	enum field_res res;
	char *id, *label, *zone_id, *why;
};

struct res_state {
	/* the form (n, e) */
	bool open;
	struct form *form;
	struct form_view *view;
	struct res_where w;
	struct field_ctx ctx; /* names through ui->snap; zone:
				       w.zone_name */
	unsigned long objs_gen;
	struct res_task *save; /* Save in flight */
	struct res_task *test; /* t: running or its result on show */
	/* the list */
	enum res_list_kind list;
	char *list_title;
	char *list_text;
	struct res_list_item *items;
	size_t nitems, sel;
	struct res_where del_w; /* RL_HELD: the object to delete */
	void *del_obj;
	/* a jump to an object not loaded yet: selected once it is */
	enum field_res jump_res;
	char *jump_id;
	/* every task still alive */
	struct res_task *tasks;
	/* geometry of the last frame */
	int view_y, view_h, list_y;
};

/* The state of ui (created on first use). */
struct res_state *res_get(struct ui *ui);

/* ---- res_tasks.c --------------------------------------------------------- */

/* A model copy of obj (a model of res); NULL obj gives NULL. */
void *res_copy(enum field_res res, const void *obj);
/* Frees a model made by res_copy. NULL-safe. */
void res_obj_free(enum field_res res, void *obj);

void res_where_copy(struct res_where *dst, const struct res_where *src);
void res_where_free(struct res_where *w);

/* A new task of kind for w (copied), linked into s. */
struct res_task *res_task_new(struct ui *ui, struct res_state *s,
			      enum res_task_kind kind,
			      const struct res_where *w);

/* Hands t to a worker; false (t freed, status says why) when it cannot. */
bool res_task_submit(struct ui *ui, struct res_state *s, struct res_task *t);

/* Drops t: now when done, else when it finishes. */
void res_task_drop(struct res_state *s, struct res_task *t);

/* Reloads the lists a change may have touched. */
void res_reload(struct ui *ui, const struct res_where *w);

/* What became of a create or an edit (a form's Save, the JSON edit). */
enum res_saved {
	RES_SAVED_DONE,	  /* said, lists reloaded */
	RES_SAVED_KEPT,	  /* a conflict: asked; the answer owns the task */
	RES_SAVED_NOOP,	  /* nothing to change: said */
	RES_SAVED_FAILED, /* refused or failed: the caller says it */
};

/* Handles the outcomes a form's Save and the JSON edit share. */
enum res_saved res_saved(struct ui *ui, struct res_state *s,
			 struct res_task *t);

/* "DNS record www.example.com" */
void res_name(enum field_res res, const void *obj, char *buf, size_t size);

/* ---- res_form.c ---------------------------------------------------------- */

/* Opens the form: obj NULL creates. False with a status when it cannot. */
bool res_form_open(struct ui *ui, const struct res_where *w, const void *obj);
void res_form_close(struct ui *ui, struct res_state *s);
/* A Save's result. */
void res_form_done(struct ui *ui, struct res_state *s, struct res_task *t);
/* A test's result arrived (t stays for its rows). */
void res_form_test_done(struct ui *ui, struct res_state *s, struct res_task *t);
/* Starts the monitor test against pool id. */
void res_form_test_start(struct ui *ui, struct res_state *s, const char *id);
unsigned res_form_key(struct ui *ui, struct res_state *s, int key, bool fkey);
void res_form_compose(struct ui *ui, struct res_state *s, int width, int height,
		      int first_row, struct lines *frame);
/* Offers to re-apply a conflicting edit onto the fresh version. */
void res_conflict_ask(struct ui *ui, struct res_state *s, struct res_task *t);

/* ---- res_delete.c -------------------------------------------------------- */

/* Asks to delete obj (a model of w->res); the answer starts the delete. */
void res_delete_ask(struct ui *ui, const struct res_where *w, const void *obj);
/* A delete's result (HELD opens the list). */
void res_delete_done(struct ui *ui, struct res_state *s, struct res_task *t);
/* The list's keys and drawing. */
unsigned res_list_key(struct ui *ui, struct res_state *s, int key, bool fkey);
void res_list_compose(struct ui *ui, struct res_state *s, int width, int height,
		      int first_row, struct lines *frame);
void res_list_close(struct res_state *s);
/* Selects object id of res in its pane (a zone's LB: zone_id). */
bool res_jump(struct ui *ui, enum field_res res, const char *id,
	      const char *zone_id, const char *zone_name);

/* Retries a pending jump; true when it selected the object. */
bool res_jump_pending(struct ui *ui, struct res_state *s);
/* Selects object id of res in its pane now, or once a reload lists it
 * (while that pane is shown). UI thread. */
void res_select_when_listed(struct ui *ui, enum field_res res, const char *id);

/* ---- res_json.c ---------------------------------------------------------- */

/* The fresh object arrived: edit it in $VISUAL/$EDITOR. */
void res_json_got(struct ui *ui, struct res_state *s, struct res_task *t);
/* An apply of the JSON edit came back. */
void res_json_done(struct ui *ui, struct res_state *s, struct res_task *t);

#endif
