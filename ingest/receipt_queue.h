/* SPDX-License-Identifier: MIT */
/*
 * receipt_queue.h - whom a receipt answers, and queuing it in the
 * transaction of the message it answers (SPEC §7): apply.c calls these
 * for a message read, accepted or rejected; the receipt's bytes are
 * built later, from the store (receipt_make.h).
 */
#ifndef RECEIPT_QUEUE_H
#define RECEIPT_QUEUE_H

#include "cp.h"
#include "mime.h"
#include "receipt.h"
#include "store.h"

/*
 * Why no receipt may answer a message with the header fields of mm (RFC
 * 3834), as a static phrase, or NULL when one may: Auto-Submitted other
 * than "no", Precedence bulk, junk or list, a List-Id field, a sender
 * whose local part is mailer-daemon, postmaster, noreply or no-reply (case
 * ignored), or own (our own address, NULL: unknown) as sender.
 */
const char *receipt_refused(const struct mime_message *mm, const char *own);

/*
 * Whom a receipt answering mm goes to (from: the [smtp] from): *to_out
 * its From address, or NULL when none may go: from not one address, no
 * one sender,
 * receipt_refused(), a sender who is no registered focal point (of any
 * entity), or, with authserv_id (NULL or "": none), a From domain that
 * Authentication-Results does not confirm (a forged sender).  Reads the
 * store; another status than CP_OK is the store's failure.
 */
enum cp_status receipt_recipient(struct store *st, const char *from,
				 const char *authserv_id,
				 const struct mime_message *mm,
				 const char **to_out, struct cp_error *err);

/*
 * Queue receipt r (from, kind, to and message_sha256 read; nothing else)
 * answering message row `message`, made at now (ISO UTC), in the caller's
 * transaction: its row only, with its Message-ID; its bytes are built
 * from the store when it is first about to be sent (receipt_make.h).
 * Stored queued, or suppressed when r->to had max_per_hour (0: no limit)
 * receipts or more in the hour before now.  A message with a receipt of
 * that kind already gets no second one (CP_OK), nor one that could not
 * be made (from or to not printable ASCII, a from without a domain:
 * CP_OK, nothing queued).
 */
enum cp_status receipt_queue(struct store *st, int max_per_hour,
			     const struct receipt *r, int64_t message,
			     const char *now, struct cp_error *err);

#endif
