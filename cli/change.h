/* SPDX-License-Identifier: MIT */
/*
 * change.h - a change as the log shows it: the paragraph of `log` and,
 * with -p, the field-by-field diff.  `log`, `diff` and every command that
 * shows what it did or would do (`--dry-run`) print through these, so
 * that a change looks the same wherever it appears.
 */
#ifndef CHANGE_H
#define CHANGE_H

#include "store.h"

/* Removals are red and additions green when cli_use_color() (pager.h)
 * says to colour. */

/*
 * The field-by-field difference from a (NULL: the entry did not exist) to
 * b, as revdiff_compute() finds it: lists as the items removed and added
 * (or the old and new order when only that changed), Summary word by
 * word, other fields the old and new value.  Returns the number of
 * changes shown (the status and each field).
 */
int change_print_diff(const struct store_revision *a,
		      const struct store_revision *b);

/*
 * The log paragraph of r ("change N TIME", sender, Message-ID, entry,
 * action, reason); with patch, a blank line and the diff from prev (the
 * entry's version before r; NULL when r is its first version).
 */
void change_print(const struct store_revision *r,
		  const struct store_revision *prev, int patch);

/* The action of r as the log names it: "new" (its first version),
 * "update", "withdraw" or "revert of change N", written into buf (sz
 * bytes) and returned. */
const char *change_action(const struct store_revision *r, char *buf, size_t sz);
/* The same as one word: "new", "update", "withdraw" or "revert" (static). */
const char *change_action_word(const struct store_revision *r);

/* The kind of the maintainer's action that made r ("accept", "revert"
 * or "reprocess", static), whose actor the log names; NULL when none
 * did (mail, or before schema version 4). */
const char *change_by(const struct store_revision *r);

#endif
