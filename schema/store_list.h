/* SPDX-License-Identifier: MIT */
/*
 * store_list.h - the entries as a list (`compendium list`): each entry's
 * latest version as of a time, narrowed by entity, assistance area, theme
 * and status.
 */
#ifndef STORE_LIST_H
#define STORE_LIST_H

#include "cp.h"
#include "store.h"

/* Which entries store_list() yields, by the status of their version. */
enum store_list_status {
	STORE_LIST_CURRENT,   /* current entries only */
	STORE_LIST_WITHDRAWN, /* withdrawn entries only */
	STORE_LIST_ALL,       /* both */
};

/* What store_list() yields; a zeroed filter with area -1 yields every
 * current entry now. */
struct store_list_filter {
	const char *code;  /* borrowed: an entity code (case ignored), or
			      NULL for every entity */
	int area;          /* an index of field_areas[], or -1 for any */
	const char *theme; /* borrowed: a theme, compared as Themes are
			      (utf8_casecmp), or NULL for any */
	enum store_list_status status;
	const char *at; /* borrowed: ISO 8601 UTC time, or NULL for now */
};

/*
 * The entries as they stood at f->at that pass f, one callback per entry
 * with its latest version at that time, ordered by entity code then
 * mandate (byte order); a non-zero return from cb stops the walk.  An
 * entry not yet created at f->at is left out.  Each version has only
 * change, entry_id, version, withdrawn, changed, ENTITY (the code as
 * registered), MANDATE, TITLE, AREAS and THEMES set (the other fields
 * NULL), owned by the walk: cb copies what it keeps.  An unregistered
 * f->code is CP_ENOTFOUND, err naming it.
 */
enum cp_status store_list(struct store *st, const struct store_list_filter *f,
			  store_revision_cb cb, void *arg,
			  struct cp_error *err);

#endif
