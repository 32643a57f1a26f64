/* SPDX-License-Identifier: MIT */
/*
 * html.h - HTML to lines as a browser shows them (SPEC §1), on libxml2's
 * HTML parser.  Only html.c includes libxml2's HTML headers.
 */
#ifndef HTML_H
#define HTML_H

#include <stddef.h>

#include "cp.h"
#include "lines.h"

/*
 * Render len bytes of UTF-8 HTML into lines appended to out: each block
 * element (p, div, li, tr, h1-h6, ...) and each <br> ends a line; a block
 * holding only white space, &nbsp; or a <br> is one empty line; head,
 * style and script hold no text; text inside blockquote is marked quoted;
 * entities decoded; source white space collapsed to one space and dropped
 * at both ends of a line; &nbsp; kept as a space (U+0020).  Line numbers
 * count the rendered lines from 1.
 */
enum cp_status html_to_lines(const char *html, size_t len,
			     struct text_lines *out, struct cp_strlist *errors);

#endif
