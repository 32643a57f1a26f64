/* SPDX-License-Identifier: MIT */
/*
 * afile.h - a file written whole or not at all: the text goes to a
 * temporary file beside the target, which is synced and renamed over it
 * on commit, or removed on abort.  A reader of the target sees the old
 * file or the new one, never a part (`export -o`, `render -o`).
 */
#ifndef AFILE_H
#define AFILE_H

#include <stdio.h>

#include "cp.h"

struct afile;

/*
 * Create a temporary file beside path (mode 0666 less the umask) and
 * return it in *out; path "-" or NULL means standard output, where
 * nothing is renamed or removed.  CP_EIO when the file cannot be made.
 * Every afile is ended by exactly one afile_commit() or afile_abort().
 */
enum cp_status afile_open(const char *path, struct afile **out,
			  struct cp_error *err);
/* The stream to write to (borrowed: closed by commit or abort). */
FILE *afile_stream(struct afile *f);
/* Flush, sync, close and rename the file over its path; frees f.  CP_EIO
 * (the temporary file removed, path untouched) when any step fails. */
enum cp_status afile_commit(struct afile *f, struct cp_error *err);
/* Close and remove the temporary file, leaving path as it was; frees f.
 * NULL is fine. */
void afile_abort(struct afile *f);

#endif
