/* SPDX-License-Identifier: MIT */
/*
 * receipt_make.h - a queued receipt's bytes, built from the store when it
 * is first about to be sent (SPEC §7).  The message's transaction queues
 * only the receipt's row (receipt_queue.h); everything the receipt says is
 * in the store: the message (its raw bytes for the Subject, Message-ID,
 * References and the entries it named, its errors and held reason), the
 * versions it made (revision.message) with the version before each, and
 * the entries as they stand when the receipt is made.
 */
#ifndef RECEIPT_MAKE_H
#define RECEIPT_MAKE_H

#include <stdint.h>

#include "cp.h"
#include "store.h"
#include "store_outbox.h"

/*
 * The bytes of receipt o (a row of the outbox: its message, kind,
 * recipient and from), made at now (seconds since the epoch, its Date)
 * from the store as it stands, lim the limits the message was read with
 * (NULL: the defaults).  Appended to out.  CP_EINVAL when receipt_build()
 * refuses it; another status is the store's failure.
 */
enum cp_status receipt_make(struct store *st, const struct store_outbox *o,
			    const struct cp_limits *lim, int64_t now,
			    struct cp_buf *out, struct cp_error *err);

/*
 * Give receipt o its bytes (o->bytes, o->len) when it has none: built by
 * receipt_make() at the present time and, with save, saved in a
 * transaction of their own first (a store opened to write), so that every
 * attempt to send it, after a crash too, sends the same bytes; when
 * another process saved some meanwhile, those are o's.  Without save,
 * built and kept nowhere (a store opened to read).
 */
enum cp_status receipt_bytes(struct store *st, struct store_outbox *o, int save,
			     const struct cp_limits *lim, struct cp_error *err);

#endif
