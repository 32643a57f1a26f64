/* SPDX-License-Identifier: MIT */
/*
 * sync.h - one mailbox into the store: each new message through
 * ingest_message() (its UID recorded in its own transaction), then out of
 * the mailbox.  Between the IMAP client (imap.h) and the library.
 */
#ifndef SYNC_H
#define SYNC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "imap.h"
#include "store.h"

enum sync_status {
	SYNC_OK = 0,
	SYNC_STOP,  /* *stop was set: the current message done, stopped */
	SYNC_EIMAP, /* the IMAP side failed: kind in sync.imap_st */
	SYNC_EDB,   /* the store failed: nothing of that message stored, or
		       the commits could not be synced: none moved */
};

struct sync {
	/* set by the caller */
	struct store *st;                  /* borrowed */
	const struct cp_config *cfg;       /* borrowed */
	struct imap *im;                   /* borrowed */
	const volatile sig_atomic_t *stop; /* borrowed: SIGTERM, SIGINT */
	/* results */
	size_t count[4]; /* messages per enum store_status */
	enum imap_status imap_st;
	/* private */
	uint32_t uidvalidity;
	uint32_t last_uid;
	uint64_t whole_size; /* of the message fetched header-only */
	uint32_t *done;      /* owned: UIDs stored, to move */
	size_t ndone, capdone;
	enum cp_status db_rc;
};

/*
 * After login: SELECT the mailbox, compare its UIDVALIDITY with the
 * store's (a change is logged and the place reset: nothing is deleted,
 * and messages read again are duplicates by Message-ID or SHA-256), create
 * the processed mailbox when messages are moved there, and move messages
 * already stored but still there (a crash or a drop between commit and
 * move), after store_sync().  err says what failed.
 */
enum sync_status sync_start(struct sync *s, struct cp_error *err);

/*
 * Every message above the last UID done, in UID order, in batches bounded
 * in bytes and count; those over the size limit are fetched header-only
 * and stored rejected.  Each is logged; after each batch the store is
 * synced once (store_sync()) and then the stored ones are moved.
 */
enum sync_status sync_new(struct sync *s, struct cp_error *err);

/* Frees what s holds (not the borrowed). */
void sync_clear(struct sync *s);

#endif
