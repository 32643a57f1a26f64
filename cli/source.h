/* SPDX-License-Identifier: MIT */
/*
 * source.h - messages from where `compendium ingest` finds them: an .eml
 * file, a Maildir folder (new/ and cur/), an mbox file, or standard input.
 */
#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>

#include "cp.h"

/*
 * Called once per message: raw is borrowed for the call only (an mmap of
 * the file, or a buffer); label names it for the user ("FILE",
 * "DIR/cur/NAME", "FILE#N", "-").  A status other than CP_OK stops the
 * walk and is returned by source_each() as it is (the callback keeps its
 * own error detail).
 */
typedef enum cp_status (*source_cb)(const char *raw, size_t len,
				    const char *label, void *arg);

/*
 * Walk the messages at path ("-" is standard input) in order, calling cb
 * for each.  An unreadable path, a folder that is not a Maildir, or a file
 * that cannot be mapped is CP_EIO with err naming it; a callback's error
 * stops the walk and is returned as it is.
 */
enum cp_status source_each(const char *path, source_cb cb, void *arg,
			   struct cp_error *err);

/* How many messages source_each() would give for path, without reading
 * their contents where it can (0 for standard input). */
size_t source_count(const char *path);

#endif
