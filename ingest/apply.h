/* SPDX-License-Identifier: MIT */
/*
 * apply.h - the one call that takes a message from raw bytes to the store:
 * parse (mime, text, entry), check against the store, authorize, apply,
 * all in one transaction.  `compendium ingest` and `compendiumd` both call
 * ingest_message(); `accept` and `reprocess` walk the same path.
 */
#ifndef APPLY_H
#define APPLY_H

#include <stddef.h>
#include <stdint.h>

#include "cp.h"
#include "store.h"

struct ingest_opts {
	const struct cp_limits *lim; /* borrowed; NULL for the defaults */
	const char *authserv_id;     /* borrowed; NULL or "": no check */
	const char *source;          /* borrowed; where it came from */
	/* The maintainer who accepts or reprocesses (ingest_accept(),
	   ingest_reprocess()): recorded with the action, in its
	   transaction (store_action_add()), and the changes made point at
	   it.  NULL: nothing recorded (mail: `ingest`, the daemon). */
	const char *actor; /* borrowed */
	/* For ingest_message() only, NULL when unused: the caller's part
	   of a new message's transaction (the daemon: where, in which
	   mailbox, it read the message), of which ingest knows nothing.
	   fill_row sets columns of the message row that ingest leaves
	   alone, just before the row is inserted; in_txn is called once
	   the row is written (message_row: its id), before the changes
	   and the COMMIT; a status other than CP_OK rolls the whole
	   message back and is ingest_message()'s. */
	void (*fill_row)(struct store_message *m, void *arg);
	enum cp_status (*in_txn)(struct store *st, int64_t message_row,
				 void *arg, struct cp_error *err);
	void *hook_arg; /* borrowed: fill_row's and in_txn's arg */
	/* The message's size as IMAP counts it (CRLF line ends,
	   msgsize.h; the daemon's RFC822.SIZE), counted by the caller
	   where the bytes were; 0: counted here from raw.  When it is
	   more than lim->max_message_size, raw may hold only the start
	   of the message (`compendium ingest` reads no more, the daemon
	   fetches only the header block): it is stored rejected, read
	   and stored from its header block only.  Never less than
	   msgsize_of(raw, len). */
	size_t whole_size;
	/* Receipts (SPEC §7): with receipts set and receipt_from (the
	   [smtp] from, borrowed) not NULL, the receipt of a message read
	   (applied, rejected, held), or of a held one accepted or
	   rejected, is queued in its transaction (receipt_queue.h); at
	   most max_per_hour (0: no limit) to one address, the rest
	   stored suppressed. */
	const char *receipt_from;
	int receipts;
	int max_per_hour;
};

/* What became of a message. */
struct ingest_result {
	int64_t id; /* message row */
	enum store_status status;
	char *message_id; /* owned, may be NULL */
	char *sender;     /* owned, may be NULL */
	int64_t *changes; /* owned: change numbers made */
	size_t nchanges, changes_cap;
	struct cp_strlist unchanged; /* ENTITY/MANDATE of unchanged entries */
	struct cp_strlist errors;    /* why it was rejected (or not
					 accepted) */
	struct cp_strlist warnings;
	char *held_reason;    /* owned, for held */
	int64_t duplicate_of; /* for duplicate */
};

void ingest_result_clear(struct ingest_result *r);

/* A change as it would be or was written: the entry's version before it
 * and the new one. */
struct ingest_change {
	/* owned: the entry's latest version before the change; all zero
	   (version 0) when the entry does not exist yet */
	struct store_revision prev;
	/* owned: the new version as stored, its change and version numbers
	   (for a plan: the numbers it would get) and time included */
	struct store_revision rev;
};
void ingest_change_clear(struct ingest_change *c);

/* What a message would do, computed without writing (a dry run). */
struct ingest_plan {
	/* what the run would report: status, errors, held_reason,
	   unchanged; changes: the change numbers the changes would get */
	struct ingest_result result;
	struct ingest_change *v; /* owned: the changes, in result order */
	size_t n;
};
void ingest_plan_clear(struct ingest_plan *p);

/* The two ways a maintainer reads a stored message again. */
enum ingest_action {
	INGEST_ACCEPT,    /* ingest_accept() */
	INGEST_REPROCESS, /* ingest_reprocess() */
};

/*
 * Read one message.  raw is borrowed (not NUL-terminated; may be an mmap).
 * Every outcome for the message (applied, rejected, held, duplicate) is
 * CP_OK with out filled and the message stored; another status means the
 * store failed, nothing was stored, and the caller may retry.  The row's
 * size is the message's size as IMAP counts it (o->whole_size); a message
 * over lim->max_message_size is rejected and only its header block
 * (msgsize_header_len()) is stored and hashed, whoever read it and however
 * much of it raw holds.
 */
enum cp_status ingest_message(struct store *st, const char *raw, size_t len,
			      const struct ingest_opts *o,
			      struct ingest_result *out, struct cp_error *err);

/*
 * Apply held message id as its sender's entity's maintainer would: checked
 * again against the entries as they are now, the sender check skipped.
 * When the checks fail, out->errors says why and the message stays held
 * (CP_OK all the same); CP_ESTATE when it is not held.
 */
enum cp_status ingest_accept(struct store *st, int64_t id,
			     const struct ingest_opts *o,
			     struct ingest_result *out, struct cp_error *err);

/*
 * What ingest_accept() (action INGEST_ACCEPT) or ingest_reprocess()
 * (INGEST_REPROCESS) would do with stored message id now, computed in one
 * read transaction and not written: works on a store opened with
 * STORE_READ.  The real commands write exactly what this decides (the
 * same steps, in their write transaction), so that a dry run and the run
 * agree.  Fails as they would (CP_ESTATE for a message in the wrong
 * state).  What a held message would change now is its INGEST_ACCEPT
 * plan (`held -p`), a rejected one's its INGEST_REPROCESS plan.  Free out
 * with ingest_plan_clear().
 */
enum cp_status ingest_plan_message(struct store *st, int64_t id,
				   enum ingest_action action,
				   const struct ingest_opts *o,
				   struct ingest_plan *out,
				   struct cp_error *err);

/* Drop held message id: it becomes rejected, with reason (may be NULL),
 * by o->actor (recorded in the same transaction; NULL: not recorded);
 * when its held receipt was queued, the second one ("Rejected after
 * review: REASON") too, as o says (o may be NULL: none). */
enum cp_status ingest_reject(struct store *st, int64_t id, const char *reason,
			     const struct ingest_opts *o, struct cp_error *err);

/*
 * Read stored message id again as if it had just arrived (except that it
 * is not its own duplicate): for a rejected or held message, e.g. after a
 * focal point was registered or a limit raised.  CP_ESTATE for an applied
 * or duplicate message, and for one stored from its header block only (it
 * was over max_message_size) when the limit now admits its size: its
 * bytes were never kept.
 */
enum cp_status ingest_reprocess(struct store *st, int64_t id,
				const struct ingest_opts *o,
				struct ingest_result *out,
				struct cp_error *err);

#endif
