/* SPDX-License-Identifier: MIT */
/*
 * source.h - messages from where `compendium ingest` finds them: an .eml
 * file, a Maildir folder (new/ and cur/), an mbox file, or standard input;
 * each with its size as IMAP counts it, in bounded memory.
 */
#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>

#include "cp.h"

/*
 * Called once per message.  raw is borrowed for the call only (an mmap of
 * the file, or a buffer); label names it for the user ("FILE",
 * "DIR/cur/NAME", "FILE#N", "-", "-#N").  size is the whole message's
 * size as IMAP counts it (CRLF line ends, msgsize.h), counted where its
 * bytes were: ingest decides every limit by it, as the daemon decides by
 * RFC822.SIZE.  When size is over lim->max_message_size, raw holds only
 * the message's first bytes (at most lim->max_header_size): the rest was
 * counted, never kept.  A status other than CP_OK stops the walk and is
 * returned by source_each() as it is (the callback keeps its own error
 * detail).
 */
typedef enum cp_status (*source_cb)(const char *raw, size_t len, size_t size,
				    const char *label, void *arg);

/*
 * Walk the messages at path ("-" is standard input) in order, calling cb
 * for each; lim (borrowed; NULL for the defaults) says how much of a
 * message is kept.  Memory stays bounded whatever the size of the input:
 * a message within the limit is in memory once (mapped, or copied from an
 * mbox or a stream), one over it only by its first max_header_size bytes.
 * An unreadable path, a folder that is not a Maildir, or a file that
 * cannot be mapped or read is CP_EIO with err naming it; a callback's
 * error stops the walk and is returned as it is.
 */
enum cp_status source_each(const char *path, const struct cp_limits *lim,
			   source_cb cb, void *arg, struct cp_error *err);

/* How many messages source_each() would give for path, without keeping
 * their contents (0 for standard input or another pipe). */
size_t source_count(const char *path);

#endif
