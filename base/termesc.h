/* SPDX-License-Identifier: MIT */
/*
 * termesc.h - text from mail made safe to show on a terminal (SPEC §5):
 * nothing in it can move the cursor, change colours, retitle the window,
 * ring the bell or reorder what follows it.
 */
#ifndef TERMESC_H
#define TERMESC_H

#include <stddef.h>

#include "cp.h"

/*
 * Append s[0..len) to out with C0 controls (other than tab), DEL and C1
 * controls written as "\x1b", "\x7f", "\x9b" and the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) as
 * "\u202e"; a byte that is not valid UTF-8 is written "\xff".  Line feeds
 * are escaped too: the caller makes the line ends of its output.
 */
void term_escape(const char *s, size_t len, struct cp_buf *out);

/* Whether s[0..len) would come out of term_escape() unchanged. */
int term_is_safe(const char *s, size_t len);

#endif
