/* SPDX-License-Identifier: MIT */
/*
 * revdiff.h - the difference between two versions of an entry, field by
 * field: computed once here, formatted by each writer (`log -p`, `diff`,
 * the document's changes appendix, receipts).  Which fields take part and
 * how each is compared comes from the field table (base/field.h).
 */
#ifndef REVDIFF_H
#define REVDIFF_H

#include <stddef.h>

#include "field.h"
#include "store.h"
#include "wdiff.h"

/* A list item: s[0..len), borrowed from a revision's value. */
struct revdiff_item {
	const char *s; /* borrowed */
	size_t len;
};

struct revdiff_items {
	struct revdiff_item *v; /* owned */
	size_t n;
	size_t cap;
};

/* One field that differs. */
struct revdiff_field {
	enum field_id field;
	const char *old_value; /* borrowed; NULL: absent */
	const char *new_value; /* borrowed; NULL: absent */
	/* Lists (field_is_list()): the items removed and added, in the order
	 * of the old and the new value; reordered when neither has any, the
	 * same items in another order. */
	struct revdiff_items removed, added;
	int reordered;
	/* Text, dates and reordered lists (by_word set): the word diff of the
	 * old value ("" when absent) and the new one; its pieces point into
	 * them. */
	int by_word;
	struct wdiff_op *words; /* owned, may be NULL (no pieces) */
	size_t nwords;
};

struct revdiff {
	/* The status, when it changed: "(none)" before the first version,
	 * "current" or "withdrawn" (static strings). */
	int status_changed;
	const char *old_status, *new_status;
	/* The entry's own fields (FIELD_OWN) that differ, in table order. */
	struct revdiff_field v[FIELD_COUNT];
	size_t n;
};

/*
 * The difference from version a (NULL: the entry did not exist) to b.
 * out borrows the values of a and b, which must outlive it; free with
 * revdiff_free().  Cannot fail (allocation failure aborts).
 */
void revdiff_compute(const struct store_revision *a,
		     const struct store_revision *b, struct revdiff *out);
/* Frees what revdiff_compute() allocated; d is left empty. */
void revdiff_free(struct revdiff *d);

/* Whether nothing shown changed: neither the status nor a field. */
int revdiff_empty(const struct revdiff *d);

#endif
