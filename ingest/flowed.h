/* SPDX-License-Identifier: MIT */
/*
 * flowed.h - RFC 3676 format=flowed decoding: physical lines in, logical
 * lines out.  Used by text.c; no third-party types.
 */
#ifndef FLOWED_H
#define FLOWED_H

#include "lines.h"

/*
 * Rejoin the physical lines of a format=flowed part.  in holds the lines
 * as split at "\n" (no line end, trailing CR already removed), with their
 * line numbers; their quoted flags are ignored.  For each line the quote
 * depth (the count of leading '>') is read first, then one stuffing space
 * after it is removed (RFC 3676 4.4), so a stuffed " >" is text at depth 0.
 * A line whose content ends in a space is soft (flowed) unless it is the
 * signature separator "-- "; it joins with the next line of the same
 * depth.  With delsp the trailing space of a soft line is deleted (4.2);
 * otherwise it is kept.
 *
 * Appended to out (owned by the caller, who frees it with
 * text_lines_free()): one line per paragraph, numbered with its first
 * physical line, quoted when its depth is above 0.  The text of an
 * unquoted line is its content (un-stuffed); a quoted line keeps its
 * quote prefix as written on its first physical line, followed by the
 * joined content.
 *
 * Accepted deviations, so that what a sender shows as separate lines
 * stays separate: an empty line (empty content) and a signature
 * separator ("-- " or "--") never join a preceding soft line; the soft
 * line then ends its paragraph.
 */
void flowed_decode(const struct text_lines *in, int delsp,
		   struct text_lines *out);

#endif
