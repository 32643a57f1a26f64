/* SPDX-License-Identifier: MIT */
/*
 * imap_priv.h - what imap.c (the connection) and imap_msg.c (the
 * messages) share; nothing else includes it.  Only these two files see
 * libetpan's IMAP types.
 */
#ifndef IMAP_PRIV_H
#define IMAP_PRIV_H

#include <libetpan/libetpan.h>

#include "imap.h"
#include "link.h"

struct imap {
	mailimap *s;
	struct link link;
	char where[300];  /* host:port */
	const char *host; /* borrowed (the configuration) */
	int port;
	int has_move, has_uidplus, has_idle;
};

/*
 * Sort libetpan's result r of command `what` into our kinds.  A broken
 * connection is IMAP_ETEMP; a refusal by the server is `refused` (the
 * caller knows whether it is fatal), its text in err.
 */
enum imap_status imap_fail(struct imap *im, int r, const char *what,
			   enum imap_status refused, struct cp_error *err);

/* As imap_fail(), for a command on a configured mailbox: a refusal is a
 * configuration error naming the mailbox. */
enum imap_status imap_mailbox_fail(struct imap *im, int r, const char *cmd,
				   const char *verb, const char *mailbox,
				   struct cp_error *err);

#endif
