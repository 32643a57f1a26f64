/* SPDX-License-Identifier: MIT */
/*
 * test_source.c - source_each() and source_count(): .eml files, mbox files
 * (mboxrd unquoting), Maildir folders, standard input, and the errors.
 * Each case writes files into a fresh temporary folder and walks one path
 * in it; the messages seen are written "LABEL=BYTES" one a line, with the
 * folder's name written "T", and "\n" inside the bytes written "|".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cp.h"
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
	 "a.eml", CP_OK, "T/a.eml=From: x@y.org\r|Subject: s\r|\r|body\r|", 1},
	{"an mbox of three: From_ lines dropped, >From unquoted once",
	 {{"box", MBOX3 "\n"}},
	 "box", CP_OK,
	 "T/box#1=Subject: one||body one|From the start of a line|"
	 ">From twice quoted|> From not an escape|\n"
	 "T/box#2=Subject: two||From: inside, no blank line before|"
	 "From here too|\n"
	 "T/box#3=Subject: three||last|",
	 3},
	{"an mbox whose last message has no blank line after it",
	 {{"box", MBOX3}},
	 "box", CP_OK,
	 "T/box#1=Subject: one||body one|From the start of a line|"
	 ">From twice quoted|> From not an escape|\n"
	 "T/box#2=Subject: two||From: inside, no blank line before|"
	 "From here too|\n"
	 "T/box#3=Subject: three||last|",
	 3},
	{"an mbox with CRLF line ends",
	 {{"box", "From a@b Mon Jan  5 10:00:00 2026\r\nSubject: 1\r\n\r\nx\r\n"
		  "\r\nFrom c@d Mon Jan  5 10:00:00 2026\r\nSubject: 2\r\n\r\n"
		  ">From y\r\n\r\n"}},
	 "box", CP_OK,
	 "T/box#1=Subject: 1\r|\r|x\r|\nT/box#2=Subject: 2\r|\r|From y\r|", 2},
	{"an mbox of one message without a body",
	 {{"box", "From a@b Mon Jan  5 10:00:00 2026\n"}},
	 "box", CP_OK, "T/box#1=", 1},
	{"an empty file is one empty message",
	 {{"empty.eml", ""}},
	 "empty.eml", CP_OK, "T/empty.eml=", 1},
	{"a Maildir: new/ and cur/ in order of name (delivery time)",
	 {{"md/new/1700000003.D.host", "four"},
	  {"md/cur/1700000001.B.host:2,S", "two"},
	  {"md/new/1700000000.A.host", "one"},
	  {"md/cur/1700000002.C.host:2,RS", "three"},
	  {"md/cur/.hidden", "no"},
	  {"md/tmp/1700000004.E.host", "not delivered yet"}},
	 "md", CP_OK,
	 "T/md/new/1700000000.A.host=one\n"
	 "T/md/cur/1700000001.B.host:2,S=two\n"
	 "T/md/cur/1700000002.C.host:2,RS=three\n"
	 "T/md/new/1700000003.D.host=four",
	 4},
	{"a Maildir with only new/",
	 {{"md/new/2", "b"}, {"md/new/1", "a"}},
	 "md", CP_OK, "T/md/new/1=a\nT/md/new/2=b", 2},
	{"an empty Maildir",
	 {{"md/cur/", NULL}, {"md/new/", NULL}, {"md/tmp/", NULL}},
	 "md", CP_OK, "", 0},
	{"a folder that is not a Maildir",
	 {{"notmd/a.eml", "x"}},
	 "notmd", CP_EIO, "T/notmd: a folder, but not a Maildir", 0},
	{"a path that is not there",
	 {{NULL, NULL}},
	 "missing.eml", CP_EIO, "T/missing.eml: No such file or directory", 0},
};

static char *tmpdir;

struct seen {
	struct cp_buf b;
	int n;
	int stop_at; /* callback fails at this message (1-based), 0: never */
};

static enum cp_status
collect(const char *raw, size_t len, const char *label, void *arg)
{
	struct seen *s = arg;
	size_t i, tl = strlen(tmpdir);

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
	cp_buf_addc(&s->b, '=');
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
		enum cp_status st;
		char *path, *got;

		mkdir(tmpdir, 0700);
		for (j = 0; j < 8 && c->files[j].path; j++) {
			char *p = xasprintf("%s/%s", tmpdir, c->files[j].path);

			write_file(p, c->files[j].text);
			free(p);
		}
		path = xasprintf("%s/%s", tmpdir, c->walk);
		st = source_each(path, collect, &s, &err);
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
	T_INTEQ(source_each(p, collect, &s, &err), CP_EDB, "stop in Maildir");
	T_INTEQ(s.n, 2, "callbacks before the stop (Maildir)");
	free(p);
	cp_buf_free(&s.b);

	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	p = xasprintf("%s/box", tmpdir);
	write_file(p, MBOX3);
	T_INTEQ(source_each(p, collect, &s, &err), CP_EDB, "stop in mbox");
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
	T_INTEQ(source_each("-", collect, &s, &err), CP_OK, "stdin");
	dup2(saved, 0);
	close(saved);
	got = cp_buf_detach(&s.b);
	T_STREQ(got,
		"-#1=Subject: one||body one|From the start of a line|"
		">From twice quoted|> From not an escape|\n"
		"-#2=Subject: two||From: inside, no blank line before|"
		"From here too|\n"
		"-#3=Subject: three||last|",
		"stdin mbox");
	T_INTEQ(source_count("-"), 0, "count of stdin");
	free(got);
	free(p);
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
	rm_rf(tmpdir);
	return t_done("test_source");
}
