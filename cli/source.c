/* SPDX-License-Identifier: MIT */
/*
 * source.c - .eml files, Maildir folders, mbox files and standard input.
 *
 * Files are mapped, not read: a message is in memory once, as the kernel's
 * pages, however large.  Only mbox messages are copied, one at a time,
 * because `>From ` lines must be unquoted (mboxrd).
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

static int
is_mbox(const char *p, size_t len)
{
	return len >= 5 && memcmp(p, "From ", 5) == 0;
}

/*
 * Start of the next From_ line at or after off that begins a message: at
 * the start of the buffer or after an empty line.
 */
static size_t
next_from(const char *p, size_t len, size_t off)
{
	const char *q;

	while (off < len) {
		if ((off == 0 ||
		     (off >= 2 && p[off - 1] == '\n' &&
		      (p[off - 2] == '\n' || (off >= 3 && p[off - 2] == '\r' &&
					      p[off - 3] == '\n')))) &&
		    len - off >= 5 && memcmp(p + off, "From ", 5) == 0)
			return off;
		q = memchr(p + off, '\n', len - off);
		if (q == NULL)
			break;
		off = (size_t)(q - p) + 1;
	}
	return len;
}

/* One mbox message [b, e) without its From_ line, unquoted (mboxrd: one
 * '>' off each `>+From ` line), without the separating empty line. */
static void
mbox_message(const char *p, size_t b, size_t e, struct cp_buf *out)
{
	const char *q;
	size_t i, eol;

	out->len = 0;
	q = memchr(p + b, '\n', e - b);
	b = q ? (size_t)(q - p) + 1 : e;
	/* The empty line before the next From_ (or at the end of the file)
	 * is the separator; a last message without one keeps its own last
	 * line end. */
	if (e - b >= 2 && p[e - 1] == '\n' && p[e - 2] == '\n')
		e--;
	else if (e - b >= 4 && memcmp(p + e - 4, "\r\n\r\n", 4) == 0)
		e -= 2;
	for (i = b; i < e; i = eol) {
		size_t j = i;

		q = memchr(p + i, '\n', e - i);
		eol = q ? (size_t)(q - p) + 1 : e;
		while (j < eol && p[j] == '>')
			j++;
		if (j > i && eol - j >= 5 && memcmp(p + j, "From ", 5) == 0)
			i++;
		cp_buf_add(out, p + i, eol - i);
	}
	if (out->s == NULL)
		cp_buf_add(out, "", 0);
}

static enum cp_status
each_in_buffer(const char *p, size_t len, const char *label, source_cb cb,
	       void *arg)
{
	struct cp_buf msg = {0};
	enum cp_status rc = CP_OK;
	size_t b, e, n = 0;
	char *l;

	if (!is_mbox(p, len))
		return cb(p, len, label, arg);
	for (b = 0; b < len && rc == CP_OK; b = e) {
		e = next_from(p, len, b + 5);
		mbox_message(p, b, e, &msg);
		l = xasprintf("%s#%zu", label, ++n);
		rc = cb(msg.s, msg.len, l, arg);
		free(l);
	}
	cp_buf_free(&msg);
	return rc;
}

/* What to do with a mapped file: each_in_buffer(), or count_in_buffer(). */
typedef enum cp_status (*buffer_walk)(const char *p, size_t len,
				      const char *label, source_cb cb,
				      void *arg);

/* Add the number of messages in p to *(size_t *)arg: its From_ lines,
 * found without copying or unquoting anything. */
static enum cp_status
count_in_buffer(const char *p, size_t len, const char *label, source_cb cb,
		void *arg)
{
	size_t *n = arg, b;

	(void)label;
	(void)cb;
	if (!is_mbox(p, len)) {
		(*n)++;
		return CP_OK;
	}
	for (b = 0; b < len; b = next_from(p, len, b + 5))
		(*n)++;
	return CP_OK;
}

static enum cp_status
each_in_file(const char *path, const char *label, buffer_walk walk,
	     source_cb cb, void *arg, struct cp_error *err)
{
	struct stat sb;
	enum cp_status rc;
	void *map;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	}
	if (sb.st_size == 0) {
		close(fd);
		return walk("", 0, label, cb, arg);
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return cp_error_set(err, CP_EIO, "%s: cannot map: %s", path,
				    strerror(errno));
	rc = walk(map, (size_t)sb.st_size, label, cb, arg);
	munmap(map, (size_t)sb.st_size);
	return rc;
}

static enum cp_status
each_in_stdin(source_cb cb, void *arg, struct cp_error *err)
{
	struct cp_buf b = {0};
	enum cp_status rc;
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(0, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cp_buf_free(&b);
			return cp_error_set(err, CP_EIO, "standard input: %s",
					    strerror(errno));
		}
		if (n == 0)
			break;
		cp_buf_add(&b, chunk, (size_t)n);
	}
	rc = each_in_buffer(b.s ? b.s : "", b.len, "-", cb, arg);
	cp_buf_free(&b);
	return rc;
}

/* Order of "sub/NAME": by NAME, then by sub. */
static int
cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int r = strcmp(strchr(x, '/') + 1, strchr(y, '/') + 1);

	return r ? r : strcmp(x, y);
}

/*
 * The message files of a Maildir, new/ and cur/ together in order of file
 * name.  Names begin with the delivery time, so this is the order the
 * messages arrived in, wherever a mail client has moved them since (a
 * message read and moved to cur/ is older than one still in new/, and
 * must not be applied after it).
 */
static enum cp_status
maildir_files(const char *dir, struct cp_strlist *out, struct cp_error *err)
{
	static const char *const subs[] = {"new", "cur"};
	struct cp_strlist names = {0};
	enum cp_status rc = CP_OK;
	struct dirent *de;
	size_t i, k;
	int found = 0;
	DIR *d;

	for (k = 0; k < 2; k++) {
		char *sub = xasprintf("%s/%s", dir, subs[k]);

		d = opendir(sub);
		free(sub);
		if (d == NULL) {
			if (errno == ENOENT)
				continue;
			rc = cp_error_set(err, CP_EIO, "%s/%s: %s", dir,
					  subs[k], strerror(errno));
			goto out;
		}
		found = 1;
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.')
				cp_strlist_addf(&names, "%s/%s", subs[k],
						de->d_name);
		closedir(d);
	}
	if (!found) {
		rc = cp_error_set(err, CP_EIO,
				  "%s: a folder, but not a Maildir (it has "
				  "neither cur/ nor new/)",
				  dir);
		goto out;
	}
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_names);
	for (i = 0; i < names.n; i++)
		cp_strlist_addf(out, "%s/%s", dir, names.v[i]);
out:
	cp_strlist_free(&names);
	return rc;
}

enum cp_status
source_each(const char *path, source_cb cb, void *arg, struct cp_error *err)
{
	struct cp_strlist files = {0};
	enum cp_status rc;
	struct stat sb;
	size_t i;

	if (strcmp(path, "-") == 0)
		return each_in_stdin(cb, arg, err);
	if (stat(path, &sb) != 0)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return each_in_file(path, path, each_in_buffer, cb, arg, err);
	if ((rc = maildir_files(path, &files, err)) != CP_OK) {
		cp_strlist_free(&files);
		return rc;
	}
	for (i = 0; i < files.n && rc == CP_OK; i++)
		rc = each_in_file(files.v[i], files.v[i], each_in_buffer, cb,
				  arg, err);
	cp_strlist_free(&files);
	return rc;
}

size_t
source_count(const char *path)
{
	struct cp_strlist files = {0};
	struct stat sb;
	size_t n = 0;

	if (strcmp(path, "-") == 0 || stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		if (maildir_files(path, &files, NULL) == CP_OK)
			n = files.n;
		cp_strlist_free(&files);
		return n;
	}
	/* An mbox is scanned for its From_ lines; cheap next to parsing. */
	if (each_in_file(path, path, count_in_buffer, NULL, &n, NULL) != CP_OK)
		return 0;
	return n;
}
