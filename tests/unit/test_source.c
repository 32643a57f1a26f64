/* SPDX-License-Identifier: MIT */
/*
 * test_source.c - source_each() and source_count(): .eml files, mbox files
 * (mboxrd unquoting), Maildir folders, standard input, and the errors;
 * each message's size as IMAP counts it, and a message over the limit
 * given by its first bytes only.  Each case writes files into a fresh
 * temporary folder and walks one path in it; the messages seen are
 * written "LABEL[SIZE]=BYTES" one a line, with the folder's name written
 * "T", and "\n" inside the bytes written "|".  The reader of streams is
 * checked against the whole-buffer mbox splitter it replaced, with every
 * tricky line across the boundary of its reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cp.h"
#include "msgsize.h"
#include "source.h"
#include "t.h"
#include "xmalloc.h"

struct file {
	const char *path; /* relative; ending in '/' for a folder */
	const char *text;
};

struct scase {
	const char *what;
	struct file files[8];
	const char *walk;    /* relative path walked */
	enum cp_status st;
	const char *want;    /* messages, or the error's substring */
	size_t count;        /* source_count() */
	size_t max, max_header; /* the limits; 0: the defaults */
};

#define MBOX3                                                               \
	"From alice@unodc.org Mon Jan  5 10:00:00 2026\n"                   \
	"Subject: one\n\nbody one\n>From the start of a line\n"             \
	">>From twice quoted\n> From not an escape\n\n"                     \
	"From bob@itu.int Mon Jan  5 11:00:00 2026\n"                       \
	"Subject: two\n\nFrom: inside, no blank line before\n"             \
	"From here too\n\n"                                                 \
	"From carol@wfp.org Mon Jan  5 12:00:00 2026\n"                     \
	"Subject: three\n\nlast\n"

static const struct scase cases[] = {
	{"an .eml file, bytes as they are",
	 {{"a.eml", "From: x@y.org\r\nSubject: s\r\n\r\nbody\r\n"}},
	 "a.eml", CP_OK, "T/a.eml[35]=From: x@y.org\r|Subject: s\r|\r|body\r|",
	 1, 0, 0},
	{"an mbox of three: From_ lines dropped, >From unquoted once",
	 {{"box", MBOX3 "\n"}},
	 "box", CP_OK,
	 "T/box#1[94]=Subject: one||body one|From the start of a line|"
	 ">From twice quoted|> From not an escape|\n"
	 "T/box#2[67]=Subject: two||From: inside, no blank line before|"
	 "From here too|\n"
	 "T/box#3[24]=Subject: three||last|",
	 3, 0, 0},
	{"an mbox whose last message has no blank line after it",
	 {{"box", MBOX3}},
	 "box", CP_OK,
	 "T/box#1[94]=Subject: one||body one|From the start of a line|"
	 ">From twice quoted|> From not an escape|\n"
	 "T/box#2[67]=Subject: two||From: inside, no blank line before|"
	 "From here too|\n"
	 "T/box#3[24]=Subject: three||last|",
	 3, 0, 0},
	{"an mbox with CRLF line ends",
	 {{"box", "From a@b Mon Jan  5 10:00:00 2026\r\nSubject: 1\r\n\r\nx\r\n"
		  "\r\nFrom c@d Mon Jan  5 10:00:00 2026\r\nSubject: 2\r\n\r\n"
		  ">From y\r\n\r\n"}},
	 "box", CP_OK,
	 "T/box#1[17]=Subject: 1\r|\r|x\r|\n"
	 "T/box#2[22]=Subject: 2\r|\r|From y\r|",
	 2, 0, 0},
	{"an mbox of one message without a body",
	 {{"box", "From a@b Mon Jan  5 10:00:00 2026\n"}},
	 "box", CP_OK, "T/box#1[0]=", 1, 0, 0},
	{"an empty file is one empty message",
	 {{"empty.eml", ""}},
	 "empty.eml", CP_OK, "T/empty.eml[0]=", 1, 0, 0},
	{"a Maildir: new/ and cur/ in order of name (delivery time)",
	 {{"md/new/1700000003.D.host", "four"},
	  {"md/cur/1700000001.B.host:2,S", "two"},
	  {"md/new/1700000000.A.host", "one"},
	  {"md/cur/1700000002.C.host:2,RS", "three"},
	  {"md/cur/.hidden", "no"},
	  {"md/tmp/1700000004.E.host", "not delivered yet"}},
	 "md", CP_OK,
	 "T/md/new/1700000000.A.host[3]=one\n"
	 "T/md/cur/1700000001.B.host:2,S[3]=two\n"
	 "T/md/cur/1700000002.C.host:2,RS[5]=three\n"
	 "T/md/new/1700000003.D.host[4]=four",
	 4, 0, 0},
	{"a Maildir with only new/",
	 {{"md/new/2", "b"}, {"md/new/1", "a"}},
	 "md", CP_OK, "T/md/new/1[1]=a\nT/md/new/2[1]=b", 2, 0, 0},
	{"an empty Maildir",
	 {{"md/cur/", NULL}, {"md/new/", NULL}, {"md/tmp/", NULL}},
	 "md", CP_OK, "", 0, 0, 0},
	{"a folder that is not a Maildir",
	 {{"notmd/a.eml", "x"}},
	 "notmd", CP_EIO, "T/notmd: a folder, but not a Maildir", 0, 0, 0},
	{"a path that is not there",
	 {{NULL, NULL}},
	 "missing.eml", CP_EIO, "T/missing.eml: No such file or directory", 0, 0, 0},
	/* Sizes as IMAP counts them: a LF without its CR counts 2. */
	{"LF line ends count as CRLF",
	 {{"lf.eml", "A: b\n\nc\n"}},
	 "lf.eml", CP_OK, "T/lf.eml[11]=A: b||c|", 1, 0, 0},
	{"a bare CR counts 1, a CR at the end too, no final line end",
	 {{"cr.eml", "A: b\r\n\r\nc\rd\r\r\ne\r"}},
	 "cr.eml", CP_OK, "T/cr.eml[16]=A: b\r|\r|c\rd\r\r|e\r", 1, 0, 0},
	/* The limit: the whole size, the first max_header bytes. */
	{"an .eml at the limit by CRLF count is given whole",
	 {{"at.eml", "A: b\n\n0123456789\n"}},
	 "at.eml", CP_OK, "T/at.eml[20]=A: b||0123456789|", 1, 20, 8},
	{"an .eml over the limit by CRLF count only: its first bytes",
	 {{"over.eml", "A: b\n\n01234567890\n"}},
	 "over.eml", CP_OK, "T/over.eml[21]=A: b||01", 1, 20, 8},
	{"an .eml shorter than max_header over the limit: all of it",
	 {{"short.eml", "A: b\n\n01234567890\n"}},
	 "short.eml", CP_OK, "T/short.eml[21]=A: b||01234567890|", 1, 20,
	 100},
	{"an mbox: the one over the limit by its first bytes, the next whole",
	 {{"box", "From a\nA: b\n\n01234567890\n\nFrom b\nA: c\n\n0\n\n"
		  "From c\nA: d\n\n>From 67890\n"}},
	 "box", CP_OK,
	 "T/box#1[21]=A: b||01\nT/box#2[11]=A: c||0|\n"
	 "T/box#3[20]=A: d||From 67890|",
	 3, 20, 8},
};

static char *tmpdir;

struct seen {
	struct cp_buf b;
	int n;
	int stop_at; /* callback fails at this message (1-based), 0: never */
};

static enum cp_status
collect(const char *raw, size_t len, size_t size, const char *label,
	void *arg)
{
	struct seen *s = arg;
	size_t i, tl = strlen(tmpdir);

	/* Counted in pieces where the bytes were, as the whole is. */
	T_CHECK(size == msgsize_of(raw, len) || len < size,
		"%s: size %zu, but the %zu bytes given count %zu", label, size,
		len, msgsize_of(raw, len));

	s->n++;
	if (s->stop_at && s->n == s->stop_at)
		return CP_EDB;
	if (s->b.len)
		cp_buf_addc(&s->b, '\n');
	if (strncmp(label, tmpdir, tl) == 0) {
		cp_buf_adds(&s->b, "T");
		label += tl;
	}
	cp_buf_adds(&s->b, label);
	cp_buf_addf(&s->b, "[%zu]=", size);
	for (i = 0; i < len; i++)
		cp_buf_addc(&s->b, raw[i] == '\n' ? '|' : raw[i]);
	return CP_OK;
}

static void
mkdirs(const char *path)
{
	char *p = xstrdup(path), *q;

	for (q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		mkdir(p, 0755);
		*q = '/';
	}
	free(p);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f;

	mkdirs(path);
	if (text == NULL)
		return;
	f = fopen(path, "w");
	if (f == NULL) {
		T_CHECK(0, "cannot write %s: %s", path, strerror(errno));
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void
rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
}

static void
test_table(void)
{
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct scase *c = &cases[i];
		struct seen s = {{0}, 0, 0};
		struct cp_error err = {0};
		struct cp_limits lim;
		enum cp_status st;
		char *path, *got;

		mkdir(tmpdir, 0700);
		for (j = 0; j < 8 && c->files[j].path; j++) {
			char *p = xasprintf("%s/%s", tmpdir, c->files[j].path);

			write_file(p, c->files[j].text);
			free(p);
		}
		path = xasprintf("%s/%s", tmpdir, c->walk);
		cp_limits_default(&lim);
		if (c->max)
			lim.max_message_size = c->max;
		if (c->max_header)
			lim.max_header_size = c->max_header;
		st = source_each(path, &lim, collect, &s, &err);
		T_INTEQ(st, c->st, c->what);
		if (c->st == CP_OK) {
			got = cp_buf_detach(&s.b);
			T_STREQ(got, c->want, c->what);
			free(got);
		} else {
			const char *m = err.msg;
			char *rel = NULL;

			if (strncmp(m, tmpdir, strlen(tmpdir)) == 0)
				m = rel = xasprintf("T%s", m + strlen(tmpdir));
			T_CHECK(strstr(m, c->want) != NULL,
				"%s: error \"%s\", want \"%s\"", c->what, m,
				c->want);
			T_INTEQ(s.n, 0, c->what);
			free(rel);
		}
		T_INTEQ(source_count(path), c->count, c->what);
		cp_buf_free(&s.b);
		free(path);
		rm_rf(tmpdir);
	}
}

/* A callback's status stops the walk and comes back as it is. */
static void
test_stop(void)
{
	static const char *const files[] = {"md/new/1", "md/new/2",
					    "md/cur/3"};
	struct seen s = {{0}, 0, 2};
	struct cp_error err = {0};
	char *p;
	size_t i;

	mkdir(tmpdir, 0700);
	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", tmpdir, files[i]);
		write_file(p, "x");
		free(p);
	}
	p = xasprintf("%s/md", tmpdir);
	T_INTEQ(source_each(p, NULL, collect, &s, &err), CP_EDB, "stop in Maildir");
	T_INTEQ(s.n, 2, "callbacks before the stop (Maildir)");
	free(p);
	cp_buf_free(&s.b);

	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	p = xasprintf("%s/box", tmpdir);
	write_file(p, MBOX3);
	T_INTEQ(source_each(p, NULL, collect, &s, &err), CP_EDB, "stop in mbox");
	T_INTEQ(s.n, 2, "callbacks before the stop (mbox)");
	free(p);
	cp_buf_free(&s.b);
	rm_rf(tmpdir);
}

/* "-" reads standard input: an mbox there is split too. */
static void
test_stdin(void)
{
	struct seen s = {{0}, 0, 0};
	struct cp_error err = {0};
	int fd, saved;
	char *p, *got;

	mkdir(tmpdir, 0700);
	p = xasprintf("%s/box", tmpdir);
	write_file(p, MBOX3);
	fd = open(p, O_RDONLY);
	saved = dup(0);
	dup2(fd, 0);
	close(fd);
	T_INTEQ(source_each("-", NULL, collect, &s, &err), CP_OK, "stdin");
	dup2(saved, 0);
	close(saved);
	got = cp_buf_detach(&s.b);
	T_STREQ(got,
		"-#1[94]=Subject: one||body one|From the start of a line|"
		">From twice quoted|> From not an escape|\n"
		"-#2[67]=Subject: two||From: inside, no blank line before|"
		"From here too|\n"
		"-#3[24]=Subject: three||last|",
		"stdin mbox");
	T_INTEQ(source_count("-"), 0, "count of stdin");
	free(got);
	free(p);
	rm_rf(tmpdir);
}

/* A child writing text into a pipe one byte at a time: reads of any size.
 * Returns the child's pid; its end of the pipe is standard input. */
static pid_t
pipe_in(const char *text, int *saved)
{
	int fd[2];
	pid_t pid;
	size_t i;

	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		for (i = 0; text[i]; i++)
			if (write(fd[1], text + i, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	*saved = dup(0);
	dup2(fd[0], 0);
	close(fd[0]);
	return pid;
}

/* "-" on a pipe written a byte at a time: the same messages. */
static void
test_pipe(void)
{
	static const struct {
		const char *text, *want;
	} pcases[] = {
		{MBOX3,
		 "-#1[94]=Subject: one||body one|From the start of a line|"
		 ">From twice quoted|> From not an escape|\n"
		 "-#2[67]=Subject: two||From: inside, no blank line before|"
		 "From here too|\n"
		 "-#3[24]=Subject: three||last|"},
		{"Fro", "-[3]=Fro"},
		{"From", "-[4]=From"},
		{"", "-[0]="},
		{"A: b\r", "-[5]=A: b\r"},
		{"From x\n", "-#1[0]="},
	};
	size_t i;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		struct seen s = {{0}, 0, 0};
		struct cp_error err = {0};
		int saved = -1, status = 0;
		pid_t pid = pipe_in(pcases[i].text, &saved);
		char *got;

		T_CHECK(pid > 0, "pipe: %s", strerror(errno));
		if (pid <= 0)
			return;
		T_INTEQ(source_each("-", NULL, collect, &s, &err), CP_OK,
			pcases[i].want);
		dup2(saved, 0);
		close(saved);
		waitpid(pid, &status, 0);
		got = cp_buf_detach(&s.b);
		T_STREQ(got, pcases[i].want, "pipe");
		free(got);
	}
}

/* The whole-buffer mbox splitter that the stream reader replaced: the
 * next From_ line that begins a message, at or after off. */
static size_t
ref_next_from(const char *p, size_t len, size_t off)
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

/* ... and one message [b, e) as it gave it. */
static void
ref_message(const char *p, size_t b, size_t e, struct cp_buf *out)
{
	const char *q;
	size_t i, eol;

	out->len = 0;
	q = memchr(p + b, '\n', e - b);
	b = q ? (size_t)(q - p) + 1 : e;
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
	cp_buf_add(out, "", 0);
}

/* The messages written after the long first line (the x's). */
static const char *
tail_of(const char *s)
{
	const char *x = strrchr(s, 'x');

	return x ? x + 1 : s;
}

/* What the old splitter made of mbox p: "LABEL[SIZE]=BYTES" lines. */
static char *
ref_split(const char *p, size_t len, const char *label)
{
	struct cp_buf out = {0}, msg = {0};
	size_t b, e, n = 0, i;

	for (b = 0; b < len; b = e) {
		e = ref_next_from(p, len, b + 5);
		ref_message(p, b, e, &msg);
		if (out.len)
			cp_buf_addc(&out, '\n');
		cp_buf_addf(&out, "%s#%zu[%zu]=", label, ++n,
			    msgsize_of(msg.s, msg.len));
		for (i = 0; i < msg.len; i++)
			cp_buf_addc(&out, msg.s[i] == '\n' ? '|' : msg.s[i]);
	}
	cp_buf_free(&msg);
	return cp_buf_detach(&out);
}

/*
 * The stream reader against the old splitter: each tricky piece of an
 * mbox placed across the boundary of the reader's reads (64 KiB), at
 * every offset, before more text or at the end.
 */
static void
test_boundaries(void)
{
	static const char *const pieces[] = {
		"\n>From quoted\n",
		"\n\nFrom next\nSubject: t\n\nbody\n",
		"\r\n\r\nFrom crlf\r\nS: 1\r\n\r\n",
		"x\n\r\nFrom y\n",
		"\n>>>From q\n\n",
		"\r\rX\r\n\r\n",
		"\n\n\n",
		"\nFrom not a separator\n",
		"\n\r\n\n\r\nFrom z\n\n",
		">>>>>>>\n>",
		"\n\nFrom ",
	};
	static const char *const tails[] = {"", "end\n", "\n\nFrom last\nA\n"};
	size_t i, k, t;
	char *path, *label;

	mkdir(tmpdir, 0700);
	path = xasprintf("%s/box", tmpdir);
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		for (k = 0; k < 24; k++)
			for (t = 0; t < 3; t++) {
				struct seen s = {{0}, 0, 0};
				struct cp_error err = {0};
				struct cp_buf in = {0};
				char *got, *want;

				cp_buf_adds(&in, "From a b\nSubject: s\n\n");
				while (in.len < 65536 - 12 + k - 1)
					cp_buf_addc(&in, 'x');
				cp_buf_adds(&in, "\n");
				cp_buf_adds(&in, pieces[i]);
				cp_buf_adds(&in, tails[t]);
				write_file(path, in.s);
				T_INTEQ(source_each(path, NULL, collect, &s,
						    &err),
					CP_OK, "boundaries");
				got = cp_buf_detach(&s.b);
				want = ref_split(in.s, in.len, "T/box");
				label = xasprintf("piece %zu at 64 KiB %+d, "
						  "tail %zu",
						  i, (int)k - 12, t);
				T_CHECK(strcmp(got, want) == 0,
					"%s: got ...%s, want ...%s", label,
					tail_of(got), tail_of(want));
				T_INTEQ(source_count(path),
					(size_t)s.n, label);
				free(label);
				free(got);
				free(want);
				cp_buf_free(&in);
			}
	free(path);
	rm_rf(tmpdir);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_source.XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	tmpdir = tmpl;
	test_table();
	test_stop();
	test_stdin();
	test_pipe();
	test_boundaries();
	rm_rf(tmpdir);
	return t_done("test_source");
}
