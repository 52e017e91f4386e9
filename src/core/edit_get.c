/* edit_get.c: one object read fresh from the API for the console's JSON edit (edit.h). */
#include <stdlib.h>

#include "edit_impl.h"

enum cf_status
edit_get(struct cf_client *c, const struct edit_target *t, const char *id,
	 void **obj, struct cf_error *err)
{
	char *path = edit_object_path(t, id);
	enum cf_status st;

	*obj = NULL;
	if (!path)
		return CF_ERR_INVALID_ARG;
	st = edit_read(c, t->res, path, obj, NULL, err);
	free(path);
	return st;
}

void
edit_free_object(enum field_res res, void *obj)
{
	edit_obj_free(res, obj);
}
