/* SPDX-License-Identifier: MIT */
/* json.h - `show --json` and the arrays of `list`, `messages`, `held`,
 * `log`, `diff` and `message --json` (keys in docs/CLI.md); only json.c
 * includes jansson. */
#ifndef CLI_JSON_H
#define CLI_JSON_H

#include <stdio.h>

#include "apply.h"
#include "message.h"
#include "store.h"
#include "store_outbox.h"

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
/* `outbox` (store_outbox_list()'s callback): id, created, status,
 * recipient, kind, message, message_id, receipt_message_id, attempts,
 * next_attempt, last_error, sent_at. */
int json_list_outbox(const struct store_outbox *ob, void *list);
/* `search`: entity, mandate, version, title, snippet. */
int json_list_hit(const struct store_hit *h, void *list);

/*
 * `log --json`: adds the object of change r (change, time, sender,
 * message_id, entity, mandate, version, status, action, reverts, reason,
 * by, by_action); with patch also "diff", the difference from prev (the
 * entry's version before r, NULL when r is the first) as json_list_diff()
 * writes it.  0.
 */
int json_list_change(struct json_list *l, const struct store_revision *r,
		     const struct store_revision *prev, int patch);

/*
 * `diff --json`: adds one object for each difference from version a
 * (NULL: before the entry existed) to b, as revdiff_compute() finds them
 * (field, old, new, removed, added, reordered, words).  0.
 */
int json_list_diff(struct json_list *l, const struct store_revision *a,
		   const struct store_revision *b);

/* What `message ID --json` shows, as the text sections have it. */
struct json_message {
	const struct store_message *m;
	int header_only;                /* stored from its header block only */
	const struct message_parsed *p; /* as read now (empty: header only) */
	const struct message_text *t;
	/* For a held message (action INGEST_ACCEPT) or a rejected one
	   (INGEST_REPROCESS) whose text was kept, planned is set and plan
	   is what the action would do now, or NULL with plan_error saying
	   why it could not be planned. */
	int planned;
	enum ingest_action action;
	const struct ingest_plan *plan;
	const char *plan_error;
};

/*
 * `message ID --json`: an array of one object, the keys of `messages
 * --json` then header_only, actions, parts, entries, errors_now,
 * warnings_now and would_change (docs/CLI.md).  0; -1 when the actions
 * could not be read (err set, nothing written) or writing failed.
 */
int json_print_message(FILE *f, struct store *st, const struct json_message *jm,
		       struct cp_error *err);

#endif
