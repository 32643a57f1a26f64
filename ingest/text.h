/* SPDX-License-Identifier: MIT */
/*
 * text.h - from a decoded part to the logical lines the entry parser reads:
 * HTML turned into lines (html.c), format=flowed rejoined (flowed.c),
 * quotes marked, signature and quoted replies cut (SPEC §1).
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>

#include "cp.h"
#include "lines.h"
#include "mime.h"

/*
 * The logical lines of one part.  Lines after the signature separator are
 * not returned; lines from a reply header (`-----Original Message-----`,
 * or a row of ten or more `_` followed by `From:`) on are returned with
 * quoted set.  A line over lim->max_line_length is CP_ETOOBIG with an
 * error naming the part and line.  *out must be zeroed by the caller.
 */
enum cp_status text_part_lines(const struct mime_part *part,
			       const struct cp_limits *lim,
			       struct text_lines *out,
			       struct cp_strlist *errors);

/*
 * The same, keeping every line for a reader of the message (`compendium
 * message`): out->v[0..*nread) are the lines text_part_lines() returns,
 * the rest the signature separator and the lines after it, which are
 * never read.  On an error *nread is out->n (the lines up to the one at
 * fault).
 */
enum cp_status text_part_read(const struct mime_part *part,
			      const struct cp_limits *lim,
			      struct text_lines *out, size_t *nread,
			      struct cp_strlist *errors);

#endif
