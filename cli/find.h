/* SPDX-License-Identifier: MIT */
/*
 * find.h - naming entries on the command line: CODE/MANDATE and
 * CODE/MANDATE@N, and the error for a name that is not there, which
 * names what may have been meant (SPEC §5, as git's "did you mean").
 */
#ifndef FIND_H
#define FIND_H

#include "cli.h"

/* How far a name may be from an entry's to be suggested, and how many
 * suggestions an error names at most. */
#define FIND_SUGGEST_DISTANCE 2
#define FIND_SUGGEST_MAX      5

/*
 * Split "CODE/MANDATE" (cli_split_entry()) or, when version_out is not
 * NULL, also "CODE/MANDATE@N": *version_out is N (a positive number), or
 * 0 without "@".  0 on success (the caller frees *code_out and
 * *mandate_out); -1 when arg is neither (nothing to free).
 */
int find_split_entry(const char *arg, char **code_out, char **mandate_out,
		     int *version_out);

/*
 * Report the failure rc of reading entry code/mandate (err holding the
 * store's message): when the entry does not exist at all, "no entry
 * CODE/MANDATE" and the entries within FIND_SUGGEST_DISTANCE edits of it
 * ("; did you mean A or B?"); otherwise err's message as it is (a version
 * or a date the entry lacks, a failure of the store).
 */
void find_entry_error(struct cli *c, const char *code, const char *mandate,
		      enum cp_status rc, const struct cp_error *err);

/* "unknown entity "CODE"" and the entities it may have meant. */
void find_entity_error(struct cli *c, const char *code);

#endif
