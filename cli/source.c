/* SPDX-License-Identifier: MIT */
/*
 * source.c - .eml files, Maildir folders, mbox files and standard input,
 * in memory bounded whatever their size (SPEC §5: a message over the
 * limit is stored rejected, from its headers, and the next one is read).
 *
 *  - A file of one message (.eml, a Maildir's) is mapped, not read: it is
 *    counted where it is (msgsize_add(), a window at a time), and once
 *    the count is over the limit the pages counted are given back to the
 *    kernel as the count goes on; the callback gets the mapping itself,
 *    only its first max_header_size bytes when the message is over.
 *  - An mbox file, standard input and any other stream are read in chunks
 *    through one reader (struct feed): split at From_ lines, unquoted
 *    (mboxrd), counted as they come, and kept (copied, one message at a
 *    time, as `>From ` lines must be unquoted) only while within the
 *    limit; past it, only their first max_header_size bytes.
 *
 * The size given with each message is the whole message's, counted as
 * IMAP counts it, with CRLF line ends (msgsize.h).  For an mbox message
 * that is its bytes as given: without its From_ line and the empty line
 * before the next one, `>From ` lines unquoted.
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

#include "msgsize.h"
#include "xmalloc.h"

/* Bytes read at a time from a stream (an mbox file, standard input). */
#define CHUNK 65536
/* Bytes of a mapped file counted at a time. */
#define WINDOW (4u << 20)

/* What source_each() was asked for. */
struct walk {
	size_t max;        /* lim->max_message_size */
	size_t max_header; /* lim->max_header_size */
	source_cb cb;      /* NULL: only count (source_count()) */
	void *arg;         /* borrowed: cb's */
	size_t n;          /* messages found */
};

/* ------------------------------------------------------------------ */
/* A file of one message, mapped                                        */
/* ------------------------------------------------------------------ */

/* Give the pages of map[*done, upto) back to the kernel: what was only
 * counted need not stay (touched again, it is read from the page cache). */
static void
give_back(char *map, size_t *done, size_t upto)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), end = upto / page * page;

	if (end > *done) {
		(void)madvise(map + *done, end - *done, MADV_DONTNEED);
		*done = end;
	}
}

/* The one message of a mapped file (len > 0): counted a window at a
 * time, and past the limit given with its first max_header bytes only. */
static enum cp_status
one_mapped(char *map, size_t len, const char *label, struct walk *w)
{
	struct msgsize ms = {0, 0};
	size_t off, n, done = 0;

	w->n++;
	if (w->cb == NULL)
		return CP_OK;
	for (off = 0; off < len; off += n) {
		n = len - off < WINDOW ? len - off : WINDOW;
		msgsize_add(&ms, map + off, n);
		if (ms.n > w->max)
			give_back(map, &done, off + n);
	}
	if (ms.n > w->max && len > w->max_header)
		len = w->max_header;
	return w->cb(map, len, ms.n, label, w->arg);
}

/* ------------------------------------------------------------------ */
/* A stream: an mbox, or one message, read in chunks                    */
/* ------------------------------------------------------------------ */

/*
 * The messages of a stream, given in chunks of any size.  A stream that
 * does not begin with "From " is one message.  Else it is an mbox: split
 * at the From_ lines that begin it or follow an empty line; each message
 * without its From_ line and without the empty line before the next one
 * (or before the end), and `>From ` lines unquoted (mboxrd: one '>' off
 * each `>+From ` line).  No line is kept whole: the '>'s at its start are
 * counted and the five bytes after them held until they say what the
 * line is; an empty line is held until the next line says whether it was
 * the separator.
 */
struct feed {
	struct walk *w;    /* borrowed */
	const char *label; /* borrowed: the file, or "-" */
	int mbox;          /* else the whole stream is one message */
	size_t n;          /* its messages so far (an mbox's are "FILE#N") */
	enum cp_status rc; /* the callback's; not CP_OK ends the walk */
	/* the message being read */
	int open;            /* begun (an mbox's: its From_ line was read) */
	struct cp_buf msg;   /* its bytes; past the limit its first ones */
	struct msgsize size; /* all its bytes, as IMAP counts them */
	int over;            /* size is over the limit */
	/* the line being read (mbox) */
	enum { AT_START, AT_QUOTE, AT_HEAD, AT_TEXT, AT_FROM_LINE } at;
	size_t gt;    /* '>' at its start */
	char head[5]; /* the bytes after them, until they say what it is */
	size_t nhead;
	int cr; /* its last byte so far is CR */
	/* the lines before it, in this message */
	size_t lines;
	int prev_empty; /* the last line was empty: a From_ line may follow */
	int prev_crlf;  /* the last line ended with CRLF */
	size_t held;    /* an empty line held back: 1 ("\n"), 2 ("\r\n") */
};

/* Bytes of the message: counted, kept while within the limit, and past
 * it only up to max_header bytes (the header block is read from them). */
static void
put(struct feed *f, const char *p, size_t len)
{
	struct cp_buf head = {0};
	size_t room;

	if (f->w->cb == NULL || len == 0)
		return;
	msgsize_add(&f->size, p, len);
	if (f->size.n <= f->w->max) {
		cp_buf_add(&f->msg, p, len);
		return;
	}
	if (!f->over) {
		/* Over the limit: keep the first bytes, free the rest. */
		f->over = 1;
		room = f->msg.len < f->w->max_header ? f->msg.len
						     : f->w->max_header;
		cp_buf_add(&head, f->msg.s ? f->msg.s : "", room);
		cp_buf_free(&f->msg);
		f->msg = head;
	}
	room = f->msg.len < f->w->max_header ? f->w->max_header - f->msg.len
					     : 0;
	if (room > 0)
		cp_buf_add(&f->msg, p, len < room ? len : room);
}

/* The message read so far is complete: to the callback. */
static void
finish(struct feed *f)
{
	char *label = NULL;

	if (!f->open)
		return;
	f->open = 0;
	f->n++;
	f->w->n++;
	if (f->w->cb != NULL && f->rc == CP_OK) {
		if (f->mbox)
			label = xasprintf("%s#%zu", f->label, f->n);
		f->rc = f->w->cb(f->msg.s ? f->msg.s : "", f->msg.len,
				 f->size.n, label ? label : f->label,
				 f->w->arg);
		free(label);
	}
	cp_buf_free(&f->msg);
	memset(&f->size, 0, sizeof(f->size));
	f->over = 0;
	f->lines = 0;
	f->prev_empty = f->prev_crlf = 0;
	f->held = 0;
}

/* A line of the message ended (crlf: with CRLF). */
static void
line_end(struct feed *f, int empty, int crlf)
{
	f->lines++;
	f->prev_empty = empty;
	f->prev_crlf = crlf;
	f->at = AT_START;
	f->gt = f->nhead = 0;
	f->cr = 0;
}

/* n '>' of the start of a line. */
static void
put_gt(struct feed *f, size_t n)
{
	static const char gt[] = ">>>>>>>>>>>>>>>>";
	size_t k;

	for (; n > 0; n -= k) {
		k = n < sizeof(gt) - 1 ? n : sizeof(gt) - 1;
		put(f, gt, k);
	}
}

/*
 * What the line is, now that its start is known (its '>'s and five bytes
 * after them, or fewer when it ends sooner): a From_ line beginning the
 * next message; an empty line, held back when it may be the separator
 * (the message's last line, after another line, and "\n" or after a
 * CRLF line); or text, one '>' less when it is a quoted From_ line.
 */
static void
line_head(struct feed *f)
{
	int from = f->nhead == 5 && memcmp(f->head, "From ", 5) == 0;
	int done = f->nhead > 0 && f->head[f->nhead - 1] == '\n';
	int crlf = done && f->nhead >= 2 && f->head[f->nhead - 2] == '\r';
	int empty = f->gt == 0 && done && f->nhead == (size_t)1 + crlf;

	if (from && f->gt == 0 && (!f->open || f->prev_empty)) {
		finish(f); /* a held empty line was the separator */
		f->open = 1;
		f->at = AT_FROM_LINE;
		return;
	}
	if (f->held) {
		/* It was not the last line. */
		put(f, f->held == 2 ? "\r\n" : "\n", f->held);
		f->held = 0;
	}
	if (empty && f->lines > 0 && (!crlf || f->prev_crlf)) {
		f->held = f->nhead;
		line_end(f, 1, crlf);
		return;
	}
	put_gt(f, f->gt - (from && f->gt > 0));
	put(f, f->head, f->nhead);
	if (done) {
		line_end(f, empty, crlf);
		return;
	}
	f->cr = f->nhead > 0 && f->head[f->nhead - 1] == '\r';
	f->at = AT_TEXT;
}

/* The next len bytes of an mbox. */
static void
feed_mbox(struct feed *f, const char *p, size_t len)
{
	const char *q, *end = p + len;

	while (p < end && f->rc == CP_OK) {
		switch (f->at) {
		case AT_START:
		case AT_QUOTE:
			if (*p == '>') {
				f->gt++;
				f->at = AT_QUOTE;
				p++;
				continue;
			}
			f->at = AT_HEAD;
			continue;
		case AT_HEAD:
			f->head[f->nhead++] = *p++;
			if (f->nhead == 5 || p[-1] == '\n')
				line_head(f);
			continue;
		case AT_TEXT:
			q = memchr(p, '\n', (size_t)(end - p));
			if (q == NULL) {
				put(f, p, (size_t)(end - p));
				f->cr = end[-1] == '\r';
				return;
			}
			put(f, p, (size_t)(q + 1 - p));
			line_end(f, 0, q > p ? q[-1] == '\r' : f->cr);
			p = q + 1;
			continue;
		case AT_FROM_LINE:
			/* Not part of the message. */
			q = memchr(p, '\n', (size_t)(end - p));
			if (q == NULL)
				return;
			f->at = AT_START;
			f->gt = f->nhead = 0;
			p = q + 1;
			continue;
		}
	}
}

/* The end of the stream: the last line's start is what it is, a held
 * empty line was the separator, and the last message is complete. */
static void
feed_end(struct feed *f)
{
	if (f->rc == CP_OK && f->mbox &&
	    (f->at == AT_QUOTE || f->at == AT_HEAD))
		line_head(f);
	f->held = 0;
	finish(f);
	cp_buf_free(&f->msg);
}

/*
 * Read fd (from where it is) to its end in chunks, through a feed: its
 * first five bytes say whether it is an mbox.  A read error is CP_EIO
 * naming label; a callback's status ends the walk and is returned.
 */
static enum cp_status
each_in_stream(int fd, const char *label, struct walk *w, struct cp_error *err)
{
	struct feed f;
	char *buf = xmalloc(CHUNK);
	size_t have = 0;
	ssize_t r;

	memset(&f, 0, sizeof(f));
	f.w = w;
	f.label = label;
	f.mbox = -1;
	for (;;) {
		r = read(fd, buf + have, CHUNK - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			f.rc = cp_error_set(err, CP_EIO, "%s: %s",
					    strcmp(label, "-") == 0
						    ? "standard input"
						    : label,
					    strerror(errno));
			break;
		}
		have += (size_t)r;
		if (f.mbox < 0) {
			if (r > 0 && have < 5)
				continue;
			f.mbox = have >= 5 && memcmp(buf, "From ", 5) == 0;
			f.open = !f.mbox;
		}
		if (f.mbox)
			feed_mbox(&f, buf, have);
		else
			put(&f, buf, have);
		have = 0;
		if (r == 0 || f.rc != CP_OK)
			break;
	}
	if (f.rc == CP_OK)
		feed_end(&f);
	cp_buf_free(&f.msg);
	free(buf);
	return f.rc;
}

/* ------------------------------------------------------------------ */
/* Files                                                                */
/* ------------------------------------------------------------------ */

/*
 * The messages of the file at path: a regular file not beginning with
 * "From " is mapped (one_mapped()); an mbox, or anything that cannot be
 * mapped (a pipe), is read as a stream.
 */
static enum cp_status
each_in_file(const char *path, struct walk *w, struct cp_error *err)
{
	struct stat sb;
	enum cp_status rc;
	char first[5];
	void *map;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	if (fstat(fd, &sb) != 0) {
		rc = cp_error_set(err, CP_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) ||
	    (sb.st_size >= 5 && pread(fd, first, 5, 0) == 5 &&
	     memcmp(first, "From ", 5) == 0)) {
		rc = each_in_stream(fd, path, w, err);
		goto out;
	}
	if (sb.st_size == 0) {
		w->n++;
		rc = w->cb ? w->cb("", 0, 0, path, w->arg) : CP_OK;
		goto out;
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		rc = cp_error_set(err, CP_EIO, "%s: cannot map: %s", path,
				  strerror(errno));
		goto out;
	}
	rc = one_mapped(map, (size_t)sb.st_size, path, w);
	munmap(map, (size_t)sb.st_size);
out:
	close(fd);
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
source_each(const char *path, const struct cp_limits *lim, source_cb cb,
	    void *arg, struct cp_error *err)
{
	struct cp_strlist files = {0};
	struct cp_limits deflim;
	struct walk w = {0, 0, cb, arg, 0};
	enum cp_status rc;
	struct stat sb;
	size_t i;

	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	w.max = lim->max_message_size;
	w.max_header = lim->max_header_size;
	if (strcmp(path, "-") == 0)
		return each_in_stream(0, "-", &w, err);
	if (stat(path, &sb) != 0)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return each_in_file(path, &w, err);
	if ((rc = maildir_files(path, &files, err)) != CP_OK) {
		cp_strlist_free(&files);
		return rc;
	}
	for (i = 0; i < files.n && rc == CP_OK; i++)
		rc = each_in_file(files.v[i], &w, err);
	cp_strlist_free(&files);
	return rc;
}

size_t
source_count(const char *path)
{
	struct cp_strlist files = {0};
	struct walk w = {0, 0, NULL, NULL, 0};
	struct stat sb;
	size_t n = 0;

	/* A stream read now could not be read again. */
	if (strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
	    !(S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode)))
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		if (maildir_files(path, &files, NULL) == CP_OK)
			n = files.n;
		cp_strlist_free(&files);
		return n;
	}
	/* An mbox is read for its From_ lines; cheap next to parsing. */
	if (each_in_file(path, &w, NULL) != CP_OK)
		return 0;
	return w.n;
}
