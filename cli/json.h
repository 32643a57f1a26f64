/* SPDX-License-Identifier: MIT */
/* json.h - `show --json` and the arrays of `list`, `messages` and `held
 * --json` (keys in docs/CLI.md); only json.c includes jansson. */
#ifndef CLI_JSON_H
#define CLI_JSON_H

#include <stdio.h>

#include "store.h"

/*
 * Write the version r as the JSON object of SPEC §5 (entity, mandate,
 * version, status, title, instrument, adopted, areas, themes, urls,
 * summary, changed, sender), followed by a newline.  0 on success.
 */
int json_print_revision(FILE *f, const struct store_revision *r);

/*
 * A JSON array written as it goes, one object a line:
 *
 *	json_list_begin(&l, stdout);
 *	store_list(st, &filter, json_list_entry, &l, &err);
 *	json_list_end(&l);
 *
 * "[]" when nothing was added.  Strings that are not UTF-8 have U+FFFD
 * for each bad byte; on a terminal, non-ASCII is written \uXXXX.
 */
struct json_list {
	FILE *f; /* borrowed */
	size_t n;
};
void json_list_begin(struct json_list *l, FILE *f);
/* "]" and a newline; 0, or -1 when writing failed. */
int json_list_end(struct json_list *l);

/* Callbacks of store_list() and store_messages() adding one object to
 * the json_list that list is; each returns 0 (go on). */
/* `list`: entity, mandate, version, status, title. */
int json_list_entry(const struct store_revision *r, void *list);
/* `messages`: id, received, status, sender, message_id, subject, errors,
 * warnings, held_reason, duplicate_of, unchanged. */
int json_list_message(const struct store_message *m, void *list);
/* `held`: id, received, sender, subject, entities, held_reason. */
int json_list_held(const struct store_message *m, void *list);
/* `search`: entity, mandate, version, title, snippet. */
int json_list_hit(const struct store_hit *h, void *list);

#endif
