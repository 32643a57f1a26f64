/* SPDX-License-Identifier: MIT */
/*
 * test_progress.c - the bar text by table; no bar for a file or a small
 * job; on a pseudo-terminal, what is drawn, the rate limit and the
 * clearing.
 */
#define _XOPEN_SOURCE 700 /* posix_openpt */

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"
#include "t.h"

static const struct {
	size_t done, total;
	int width;
	const char *want;
} fmt_cases[] = {
	{ 1234, 10000, 10, "   1234/10000 [=>        ]  12%" },
	{ 0, 100, 10, "    0/100 [>         ]   0%" },
	{ 50, 100, 10, "   50/100 [=====>    ]  50%" },
	{ 99, 100, 10, "   99/100 [=========>]  99%" },
	{ 100, 100, 10, "  100/100 [==========] 100%" },
	{ 150, 100, 10, "  100/100 [==========] 100%" }, /* over: clamped */
	{ 1, 3, 3, "  1/3 [=> ]  33%" },
	{ 2, 3, 3, "  2/3 [==>]  66%" },
	{ 0, 0, 4, "  0/0 [====] 100%" }, /* empty job: full */
	{ 5, 60, 0, "   5/60 []   8%" },  /* no cells */
	{ 5, 60, -3, "   5/60 []   8%" }, /* negative width as 0 */
	{ 12345678, 123456789, 20,
	  "   12345678/123456789 [=>                  ]   9%" },
	{ (size_t)-1 / 2, (size_t)-1, 4, /* huge: no overflow */
	  "   9223372036854775807/18446744073709551615 [=>  ]  49%" },
};

static void
test_format(void)
{
	char buf[128];
	size_t i, len;

	for (i = 0; i < sizeof(fmt_cases) / sizeof(fmt_cases[0]); i++) {
		len = progress_format(buf, sizeof(buf), fmt_cases[i].done,
				      fmt_cases[i].total, fmt_cases[i].width);
		T_INTEQ(len, strlen(buf), "returned length");
		T_STREQ(buf, fmt_cases[i].want, fmt_cases[i].want);
	}

	/* Truncation works like snprintf: full length back, NUL-ended. */
	len = progress_format(buf, 8, 50, 100, 10);
	T_INTEQ(len, strlen("   50/100 [=====>    ]  50%"), "truncated length");
	T_STREQ(buf, "   50/1", "truncated text");
	len = progress_format(buf, 1, 50, 100, 10);
	T_STREQ(buf, "", "bufsz 1");
	len = progress_format(NULL, 0, 50, 100, 10);
	T_INTEQ(len, 27, "bufsz 0");
}

/* Everything the master side of a pty has to read now. */
static size_t
drain(int master, char *buf, size_t size)
{
	struct pollfd pfd;
	size_t len = 0;
	ssize_t n;

	for (;;) {
		pfd.fd = master;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, len == 0 ? 500 : 20) <= 0 || len + 1 >= size)
			break;
		n = read(master, buf + len, size - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return len;
}

static void
test_tty(void)
{
	struct progress *p;
	struct winsize ws;
	char got[1024], want[256];
	int master, slave = -1;
	FILE *f = NULL;
	char *name;

	/* Not a terminal: no bar, whatever the total. */
	f = tmpfile();
	T_CHECK(f != NULL, "tmpfile");
	if (f != NULL) {
		T_CHECK(progress_new(f, 100000) == NULL, "file: no bar");
		fclose(f);
		f = NULL;
	}
	T_CHECK(progress_new(NULL, 100000) == NULL, "NULL stream");

	/* NULL bars are accepted everywhere. */
	progress_step(NULL, 3);
	progress_clear(NULL);
	progress_free(NULL);

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (name = ptsname(master)) == NULL ||
	    (slave = open(name, O_RDWR | O_NOCTTY)) < 0 ||
	    (f = fdopen(slave, "w")) == NULL) {
		printf("progress: no pseudo-terminal here, tty checks "
		       "skipped\n");
		if (slave >= 0)
			close(slave);
		if (master >= 0)
			close(master);
		return;
	}
	memset(&ws, 0, sizeof(ws));
	ws.ws_col = 40;
	ws.ws_row = 24;
	ioctl(master, TIOCSWINSZ, &ws);

	/* A small job: no bar even on a terminal. */
	T_CHECK(progress_new(f, PROGRESS_MIN_TOTAL - 1) == NULL,
		"small total: no bar");

	p = progress_new(f, 60);
	T_CHECK(p != NULL, "terminal: a bar");
	if (p != NULL) {
		/* 40 columns: 40 - 1 - (2 * 2 + 11) = 24 cells. */
		/* The first step is drawn; one at once after it (under
		 * 1/10 s) is not. */
		progress_step_at(p, 30, 1000);
		progress_step_at(p, 31, 1099);
		drain(master, got, sizeof(got));
		T_STREQ(got, "\r  30/60 [============>           ]  50%",
			"first step drawn, second not");

		/* After 1/10 s: drawn. */
		progress_step_at(p, 32, 1100);
		drain(master, got, sizeof(got));
		T_STREQ(got, "\r  32/60 [============>           ]  53%",
			"drawn after 1/10 s");

		/* The end is always drawn. */
		progress_step_at(p, 60, 1101);
		drain(master, got, sizeof(got));
		T_STREQ(got, "\r  60/60 [========================] 100%",
			"end drawn at once");

		/* Clearing blanks the line; the next step draws again. */
		progress_clear(p);
		drain(master, got, sizeof(got));
		snprintf(want, sizeof(want), "\r%*s\r", 39, ""); /* the line */
		T_STREQ(got, want, "clear");
		progress_step(p, 60);
		drain(master, got, sizeof(got));
		T_STREQ(got, "\r  60/60 [========================] 100%",
			"drawn after clear");

		progress_free(p);
		drain(master, got, sizeof(got));
		T_STREQ(got, want, "free clears");
	}
	fclose(f);
	close(master);
}

int
main(void)
{
	test_format();
	test_tty();
	return t_done("progress");
}
