/* SPDX-License-Identifier: MIT */
/*
 * revdiff_text.h - a revision diff (revdiff.h) as plain text: the text
 * `compendium log -p` prints, without colour and without the terminal
 * escaper, for writers that are not a terminal (receipts by e-mail).
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
 * text is the values' bytes as they are (no escaping).  Returns how many
 * things it showed (the status and each field).
 */
size_t revdiff_text(const struct revdiff *d, struct cp_buf *out);

#endif
