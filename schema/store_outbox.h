/* SPDX-License-Identifier: MIT */
/*
 * store_outbox.h - the receipts waiting to be sent, sent, failed or
 * suppressed (SPEC §7): table outbox.  A receipt is queued inside the
 * transaction of the message it answers (ingest/apply.c) as a row (whom,
 * from whom, its Message-ID), at most one of each kind per message; its
 * bytes are built from the store when it is first about to be sent
 * (ingest/receipt_make.c) and saved, so that every attempt sends the same;
 * the sender (compendiumd) takes the due ones, oldest first, and marks
 * each sent, to be retried (back-off) or failed.
 *
 * What queuing writes is kept to a few pages (docs/BENCHMARKS.md, issue
 * 10): a receipt's ID is its message's row times 8 plus its kind's number
 * (store_outbox_id()), so the table's key is what makes it unique; the
 * queued ones are a partial index by next attempt (what the sender
 * reads); and max_per_hour counts table outbox_recent, the receipts not
 * suppressed of each address's last hour.
 */
#ifndef STORE_OUTBOX_H
#define STORE_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "cp.h"
#include "store.h"

enum store_outbox_status {
	OUTBOX_QUEUED,     /* to be sent when next_attempt has come */
	OUTBOX_SENT,       /* the server took it */
	OUTBOX_FAILED,     /* refused (5xx), or given up after 5 days */
	OUTBOX_SUPPRESSED, /* over max_per_hour to its address: never sent */
	OUTBOX_NSTATUS
};

/* "queued", "sent", "failed", "suppressed"; static. */
const char *store_outbox_status_name(enum store_outbox_status s);
/* The status named s; -1 when s names none. */
int store_outbox_status_parse(const char *s);

/* The ID of the receipt of kind (its name) answering message (its row):
 * message * 8 + the kind's number (applied 0, rejected 1, held 2,
 * accepted 3, dropped 4); -1 when kind names none. */
int64_t store_outbox_id(int64_t message, const char *kind);

/* Temporary failures are retried for this long from the receipt's
 * creation, then it is failed. */
#define OUTBOX_GIVE_UP (5 * 24 * 3600)

/*
 * Seconds to wait after the attempts-th failed attempt (1 for the first):
 * 30 s, then doubling, at most one hour.
 */
int64_t store_outbox_backoff(int attempts);

struct store_outbox {
	int64_t id;
	int64_t message;       /* the message row it answers */
	char *kind;            /* owned: receipt_kind_name() */
	char *recipient;       /* owned: the address it goes to */
	char *from;            /* owned: the [smtp] from it goes from (as
				  when queued: its domain is the
				  Message-ID's) */
	char *message_id;      /* owned: the receipt's own, without <> */
	char *orig_message_id; /* owned: the answered message's; NULL */
	enum store_outbox_status status;
	char *created;      /* owned: ISO UTC */
	char *next_attempt; /* owned: ISO UTC; NULL unless queued */
	int attempts;       /* failed attempts so far */
	char *last_error;   /* owned: the server's last answer; NULL */
	char *sent_at;      /* owned: ISO UTC; NULL unless sent */
	char *bytes;        /* owned: the whole receipt, CRLF lines (only
			       from store_outbox_due(), _get() and _by_id());
			       NULL until built */
	size_t len;
};
void store_outbox_clear(struct store_outbox *o);

/*
 * Queue receipt o inside the caller's transaction: o->message, kind,
 * recipient, from, message_id, bytes/len (NULL: to be built), status (OUTBOX_QUEUED or
 * OUTBOX_SUPPRESSED) and created are written, next_attempt = created for a
 * queued one; o->id is set (store_outbox_id()).  CP_EEXIST (err
 * untouched) when the message has a receipt of that kind already;
 * CP_EINVAL when o->kind names none.  One not suppressed counts against
 * max_per_hour from then on (store_outbox_count_since()).
 */
enum cp_status store_outbox_queue(struct store *st, struct store_outbox *o,
				  struct cp_error *err);

/* How many receipts to recipient (compared case-insensitively) were
 * queued at or after since (ISO UTC), suppressed ones not counted (what
 * max_per_hour limits), since at most an hour before the last receipt
 * queued to recipient: only that last hour is kept. */
enum cp_status store_outbox_count_since(struct store *st, const char *recipient,
					const char *since, int64_t *n_out,
					struct cp_error *err);

/* Called for each receipt; non-zero stops the walk.  o is borrowed for
 * the call. */
typedef int (*store_outbox_cb)(const struct store_outbox *o, void *arg);

/* Every receipt, or those of status (-1: all), oldest first (by the
 * time queued, then ID), without their bytes (`compendium outbox`). */
enum cp_status store_outbox_list(struct store *st, int status,
				 store_outbox_cb cb, void *arg,
				 struct cp_error *err);

/* The queued receipts whose next_attempt is at or before now (ISO UTC),
 * with their bytes, oldest first (by next attempt, then id); at most max
 * (0: all). */
enum cp_status store_outbox_due(struct store *st, const char *now, size_t max,
				store_outbox_cb cb, void *arg,
				struct cp_error *err);

/* The receipt of kind answering message, with its bytes; CP_ENOTFOUND
 * (err untouched) when there is none. */
enum cp_status store_outbox_get(struct store *st, int64_t message,
				const char *kind, struct store_outbox *out,
				struct cp_error *err);

/* The receipt of row id, with its bytes (NULL when not built yet);
 * CP_ENOTFOUND (err untouched) when there is none. */
enum cp_status store_outbox_by_id(struct store *st, int64_t id,
				  struct store_outbox *out,
				  struct cp_error *err);

/* Save the built bytes of receipt id, in the caller's transaction, unless
 * it has some already (then they stay: read them again). */
enum cp_status store_outbox_set_bytes(struct store *st, int64_t id,
				      const char *bytes, size_t len,
				      struct cp_error *err);

/* Receipt id went out at now.  CP_ENOTFOUND when it is not queued. */
enum cp_status store_outbox_mark_sent(struct store *st, int64_t id,
				      const char *now, struct cp_error *err);

/*
 * A temporary failure (why: the server's answer, or what went wrong) of
 * receipt id at now: attempts + 1, the next attempt after
 * store_outbox_backoff(); once now is OUTBOX_GIVE_UP or more after its
 * creation, it is failed instead ("gave up after 5 days: WHY").
 * *failed_out (may be NULL) says which.  CP_ENOTFOUND when it is not
 * queued.
 */
enum cp_status store_outbox_retry(struct store *st, int64_t id, const char *now,
				  const char *why, int *failed_out,
				  struct cp_error *err);

/* A permanent refusal (5xx) of receipt id at now, why the server's
 * answer.  CP_ENOTFOUND when it is not queued. */
enum cp_status store_outbox_fail(struct store *st, int64_t id, const char *now,
				 const char *why, struct cp_error *err);

/* The earliest next attempt of a queued receipt (ISO UTC; caller frees),
 * NULL when none is queued: when the sender must wake. */
enum cp_status store_outbox_next(struct store *st, char **at_out,
				 struct cp_error *err);

/* The change message (its row) made to entry entry_id (its last, when
 * more than one), 0 when none: what its receipt reports. */
enum cp_status store_outbox_change_of(struct store *st, int64_t entry_id,
				      int64_t message, int64_t *change_out,
				      struct cp_error *err);

/* 1 when address is a registered focal point of any entity (compared
 * case-insensitively): who may hear back. */
enum cp_status store_outbox_focal_any(struct store *st, const char *address,
				      int *yes_out, struct cp_error *err);

#endif
