/* SPDX-License-Identifier: MIT */
/* afile.c - files written whole or not at all (see afile.h). */
#include "afile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

struct afile {
	FILE *f;
	char *path; /* owned; NULL for standard output */
	char *tmp;  /* owned */
};

static mode_t
current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

enum cp_status
afile_open(const char *path, struct afile **out, struct cp_error *err)
{
	struct afile *af = xcalloc(1, sizeof(*af));
	int fd;

	*out = NULL;
	if (path == NULL || strcmp(path, "-") == 0) {
		af->f = stdout;
		*out = af;
		return CP_OK;
	}
	af->path = xstrdup(path);
	af->tmp = xasprintf("%s.tmpXXXXXX", path);
	if ((fd = mkstemp(af->tmp)) < 0) {
		cp_error_set(err, CP_EIO, "%s: cannot create: %s", path,
			     strerror(errno));
		free(af->path);
		free(af->tmp);
		free(af);
		return CP_EIO;
	}
	/* mkstemp makes 0600; a document is for reading. */
	(void)fchmod(fd, 0666 & ~current_umask());
	if ((af->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		afile_abort(af);
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	}
	*out = af;
	return CP_OK;
}

FILE *
afile_stream(struct afile *f)
{
	return f->f;
}

enum cp_status
afile_commit(struct afile *af, struct cp_error *err)
{
	enum cp_status rc = CP_OK;

	if (af->path == NULL) {
		if (fflush(af->f) != 0 || ferror(af->f))
			rc = cp_error_set(err, CP_EIO,
					  "cannot write standard output: %s",
					  strerror(errno));
		free(af);
		return rc;
	}
	if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0) {
		rc = cp_error_set(err, CP_EIO, "%s: cannot write: %s", af->tmp,
				  strerror(errno));
		afile_abort(af);
		return rc;
	}
	if (fclose(af->f) != 0) {
		af->f = NULL;
		rc = cp_error_set(err, CP_EIO, "%s: cannot write: %s", af->tmp,
				  strerror(errno));
		afile_abort(af);
		return rc;
	}
	af->f = NULL;
	if (rename(af->tmp, af->path) != 0) {
		rc = cp_error_set(err, CP_EIO, "%s: cannot rename to %s: %s",
				  af->tmp, af->path, strerror(errno));
		afile_abort(af);
		return rc;
	}
	free(af->path);
	free(af->tmp);
	free(af);
	return CP_OK;
}

void
afile_abort(struct afile *af)
{
	if (af == NULL)
		return;
	if (af->path != NULL) {
		if (af->f != NULL)
			fclose(af->f);
		unlink(af->tmp);
	} else {
		fflush(af->f);
	}
	free(af->path);
	free(af->tmp);
	free(af);
}
