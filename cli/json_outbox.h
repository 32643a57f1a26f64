/* SPDX-License-Identifier: MIT */
/* json_outbox.h - `compendium outbox --json` (keys in docs/CLI.md). */
#ifndef CLI_JSON_OUTBOX_H
#define CLI_JSON_OUTBOX_H

#include <stdio.h>

#include "store_outbox.h"

/* A JSON array written as it goes, one object a line; start with
 * {f, 0}. */
struct json_outbox {
	FILE *f; /* borrowed */
	size_t n;
};

/* store_outbox_list()'s callback: one receipt as an object (id, created,
 * status, recipient, kind, message, message_id, receipt_message_id,
 * attempts, next_attempt, last_error, sent_at) of the array list is.
 * Returns 0 (go on). */
int json_outbox_add(const struct store_outbox *ob, void *list);
/* "]" and a newline ("[]" when empty); 0, or -1 when writing failed. */
int json_outbox_end(struct json_outbox *l);

#endif
