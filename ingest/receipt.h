/* SPDX-License-Identifier: MIT */
/*
 * receipt.h - the reply that tells a focal point what became of an update
 * (SPEC §7), composed as the bytes of an RFC 5322 message ready for SMTP.
 * Pure: no store, no network, no clock; whoever queues or sends a receipt
 * gathers what it says (struct receipt) and calls receipt_build(), inside
 * the message's transaction if it likes.  docs/DECISIONS.md ("Receipts")
 * gives the reasons for the choices below.
 */
#ifndef RECEIPT_H
#define RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "cp.h"
#include "store.h"

/* What the receipt answers. */
enum receipt_kind {
	RECEIPT_APPLIED,  /* "Applied." */
	RECEIPT_REJECTED, /* "Rejected: nothing was changed." */
	RECEIPT_HELD,     /* "Held for review by the maintainers." */
	RECEIPT_ACCEPTED, /* "Applied after review." (compendium accept) */
	RECEIPT_DROPPED,  /* "Rejected after review: REASON" (reject) */
	RECEIPT_NKINDS
};

/* "applied", "rejected", "held", "accepted", "dropped": the kind's name in
 * the Message-ID (and for the outbox); static. */
const char *receipt_kind_name(enum receipt_kind k);

/* What became of one entry of an applied message. */
enum receipt_action {
	RECEIPT_NONE,      /* not applied (rejected, held) */
	RECEIPT_NEW,       /* "new, change N" */
	RECEIPT_UPDATE,    /* "update, change N" */
	RECEIPT_UNCHANGED, /* "unchanged" (no change number) */
	RECEIPT_WITHDRAW,  /* "withdraw, change N" */
};

/* One entry the message named, in the message's order. */
struct receipt_entry {
	const char *code;    /* borrowed: ENTITY as registered (or written) */
	const char *mandate; /* borrowed */
	enum receipt_action action;
	int64_t change; /* the change made (NEW, UPDATE, WITHDRAW) */
	/* borrowed: the version before the change (NULL: none), for the
	   `log -p` diff of NEW, UPDATE and WITHDRAW */
	const struct store_revision *before;
	/* borrowed: the entry as it stands when the receipt is made; NULL
	   when it is not in the compendium.  Its text closes the receipt
	   (a withdrawn one is named, without text). */
	const struct store_revision *now;
};

/* Everything a receipt says; every pointer borrowed. */
struct receipt {
	enum receipt_kind kind;
	/* The configured [smtp] from: "Name <addr@domain>" or "addr@domain";
	   printable ASCII.  Its domain ends the Message-ID. */
	const char *from;
	/* The original's sender (its From addr-spec), printable ASCII. */
	const char *to;
	const char *subject;    /* original Subject, UTF-8; NULL: none */
	const char *message_id; /* original Message-ID without <>; NULL */
	const char *references; /* original References as written; NULL */
	/* The original's SHA-256 (hex, as stored with its row): with the kind,
	   it makes the receipt's Message-ID. */
	const char *message_sha256;
	int64_t date; /* the Date header, seconds since the epoch (UTC) */
	/* HELD: why (the stored held reason); DROPPED: the maintainer's
	   reason; NULL: none given. */
	const char *reason;
	/* REJECTED: the errors as stored (ingest prints them the same). */
	const struct cp_strlist *errors;
	const struct receipt_entry *entries;
	size_t nentries;
};

/*
 * The whole message: header fields (From, To, Subject, Date, Message-ID,
 * In-Reply-To and References when the original has a Message-ID,
 * Auto-Submitted: auto-replied, MIME-Version, Content-Type: text/plain;
 * charset=utf-8, Content-Transfer-Encoding 7bit or quoted-printable),
 * a blank line and the body (receipt_body(), any byte that is not
 * UTF-8 as U+FFFD), every line ending in CRLF.  Appended to out
 * (ready for SMTP DATA but for dot-stuffing, the SMTP client's job).
 * CP_EINVAL (err says which) when from or to is missing, not printable
 * ASCII (a CR or LF would inject a header), or from has no domain, or
 * message_sha256 is missing; out is then left as it was.
 */
enum cp_status receipt_build(const struct receipt *r, struct cp_buf *out,
			     struct cp_error *err);

/* The body as UTF-8 text, lines ending in "\n" (receipt_build() encodes
 * it): the outcome line, then what happened to each entry or why not, then
 * each entry as it stands.  Appended to out. */
void receipt_body(const struct receipt *r, struct cp_buf *out);

/*
 * The receipt's subject, decoded (UTF-8): "Re: " and the original subject
 * after any leading run of "Re:" prefixes (each "re", any case, optional
 * white space, ':'; white space between them), control characters (C0,
 * DEL, C1) as spaces, bytes that are not UTF-8 as U+FFFD, trailing white
 * space dropped; "Re: (no subject)" when nothing is left.  Appended to
 * out.
 */
void receipt_subject(const char *orig, struct cp_buf *out);

/*
 * The receipt's Message-ID without <>: "receipt." KIND "." the first 32
 * hex digits of SHA-256("compendium receipt" NUL KIND NUL sha256) "@"
 * DOMAIN, DOMAIN that of from.  The same message and kind always give the
 * same one, so a receipt sent again after a crash is known as the same.
 * CP_EINVAL when from has no domain.  Appended to out.
 */
enum cp_status receipt_message_id(enum receipt_kind k, const char *sha256,
				  const char *from, struct cp_buf *out);

/* ---- encodings (receipt_encode.c) ---- */

/*
 * A header field "Name: value" with CRLF, value UTF-8: as it is, folded at
 * white space before 78 columns, when printable ASCII; else as RFC 2047
 * encoded words ("=?UTF-8?B?...?=", each at most 75 characters, never
 * splitting a character, one a line), after a leading ASCII prefix of
 * whole words (such as "Re:").
 */
void receipt_header(struct cp_buf *out, const char *name, const char *value);

/*
 * Whether text (UTF-8, "\n" line ends) may go as 7bit: only printable
 * ASCII, tabs and line ends, every line at most 998 octets.
 */
int receipt_is_7bit(const char *text, size_t len);

/*
 * text ("\n" line ends) as quoted-printable (RFC 2045 §6.7) with CRLF line
 * ends: '=', bytes outside printable ASCII and a space or tab before a line
 * end as =XX; lines broken with a soft break "=" so that none is over 76
 * characters, never inside an =XX.  Appended to out.
 */
void receipt_qp(const char *text, size_t len, struct cp_buf *out);

/* text with its "\n" line ends as CRLF (for a 7bit body).  Appended. */
void receipt_crlf(const char *text, size_t len, struct cp_buf *out);

/* t as an RFC 5322 date in UTC, "Sun, 06 Dec 2026 05:50:17 +0000". */
void receipt_date(int64_t t, struct cp_buf *out);

#endif
