/* SPDX-License-Identifier: MIT */
/*
 * msgsize.h - a message's size as IMAP counts it (RFC822.SIZE), so that
 * `compendium ingest` and the daemon agree on every limit (SPEC §5).
 *
 * The size is counted with CRLF line ends: a LF not preceded by CR counts
 * two bytes (the CR a server adds), every other byte one.  A bare CR (not
 * followed by LF) is one byte, as Dovecot keeps it and counts it.  A
 * message in a file with LF line ends is therefore larger by one byte a
 * line than the file; with CRLF line ends it is the file's size.
 */
#ifndef MSGSIZE_H
#define MSGSIZE_H

#include <stddef.h>

/* A count in progress: zero-initialise, add the message's bytes in order,
 * in pieces of any size, read n. */
struct msgsize {
	size_t n; /* bytes so far, as IMAP counts them (SIZE_MAX at most) */
	int cr;   /* the last byte added was CR */
};

/*
 * Add the len bytes at p (borrowed, only read) to s.  A CR at the end of
 * one piece and a LF at the start of the next are one CRLF, so a message
 * may be counted as it is read, in chunks, without being kept.  The count
 * stops at SIZE_MAX rather than wrapping.
 */
void msgsize_add(struct msgsize *s, const char *p, size_t len);

/* The size of the whole message p[0..len) (borrowed, only read). */
size_t msgsize_of(const char *p, size_t len);

/*
 * The length of the header block at the start of p[0..len): up to and
 * including its first empty line (LF or CRLF), where IMAP's BODY[HEADER]
 * ends.  Without an empty line in the first max bytes: min(len, max), as
 * the daemon fetches no more of it.
 */
size_t msgsize_header_len(const char *p, size_t len, size_t max);

#endif
