/* fields_store.h: a field context (names for ids, who uses an object, the zone) read from a store snapshot, for the panes' detail areas and cells. */
#ifndef CFCONSOLE_FIELDS_STORE_H
#define CFCONSOLE_FIELDS_STORE_H

#include "cfconsole/fields.h"
#include "cfconsole/store.h"

/*
 * Fills *ctx so that fields show names from snap: a pool's name for its
 * id, a monitor as its description (else "type path"), the pools that use
 * a monitor, and the zone of the DNS records snap holds. snap may be NULL
 * (ids are shown). The context points into snap: use it while the caller
 * holds snap. Any thread (snap is immutable).
 */
void fields_ctx_from_snapshot(struct field_ctx *ctx,
			      const struct store_snapshot *snap);

#endif
