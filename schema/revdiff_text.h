/* SPDX-License-Identifier: MIT */
/*
 * revdiff_text.h - a revision diff (revdiff.h) as the text `compendium
 * log -p` prints: escaped and coloured for a terminal (cli/change.c), or
 * plain for writers that are not one (receipts by e-mail, the feed).
 */
#ifndef REVDIFF_TEXT_H
#define REVDIFF_TEXT_H

#include <stddef.h>

#include "cp.h"
#include "revdiff.h"

/*
 * Append d to out as `log -p` shows it: "    Status: OLD -> NEW", then per
 * field "    Name:" (or "    Name (order changed):") and its lines
 * indented by six columns: list items as "- item" / "+ item", a Summary
 * changed in place as its word diff ("[-removed-]{+added+}"), any other
 * value as its old lines "- ..." and new lines "+ ...".  An empty line of
 * a value is an empty line, without indent.  Each line ends in "\n"; the
 * flags are wdiff_render_ops()'s (base/wdiff.h): 0, the values' bytes as
 * they are; WDIFF_TERM_SAFE, every value's text through term_escape()
 * (base/termesc.h); WDIFF_COLOR, removed lines red and added lines green
 * (colour and indent, then the text, then "\033[m"), the word diff's
 * pieces coloured as it colours them.  Returns how many things it showed
 * (the status and each field).
 */
size_t revdiff_text(const struct revdiff *d, unsigned flags,
		    struct cp_buf *out);

#endif
