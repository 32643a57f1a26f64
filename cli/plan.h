/* SPDX-License-Identifier: MIT */
/*
 * plan.h - what a command would do, shown before it is done: the dry runs
 * of accept, reprocess and revert, and `held -p`.  A planned change is
 * shown as the `log -p` paragraph it would add (change.h), with the
 * number it would get.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>

#include "apply.h"

/* The `log -p` paragraphs of v[0..n), a blank line between two. */
void plan_print_changes(const struct ingest_change *v, size_t n);

/*
 * The dry run of `accept ID` (a INGEST_ACCEPT) or `reprocess ID` with
 * plan p of message id: the paragraphs on stdout; when the message would
 * not apply, why (held: stdout, it is no failure of reprocess; rejected,
 * or an accept that fails: stderr).  Returns the exit code the command
 * would have.
 */
int plan_print_message(const struct ingest_plan *p, long long id,
		       enum ingest_action a);

/*
 * Under a held message's line in `held -p`: a blank line and the
 * paragraphs accepting it would add, or an indented line saying why it
 * would not apply or that it would change nothing.
 */
void plan_print_held(const struct ingest_plan *p);

#endif
