/* SPDX-License-Identifier: MIT */
/*
 * progress.c - the progress bar of `compendium ingest`.  Output goes only
 * to a terminal; a pipe or a file never sees a "\r".
 */
#include "progress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "xmalloc.h"

#define BAR_MIN 10
#define BAR_MAX 50

struct progress {
	FILE *tty; /* borrowed */
	size_t total;
	int width;         /* cells inside the brackets */
	int drawn;         /* the line shows the bar */
	size_t drawnlen;   /* its length, for blanking */
	long long last_ms; /* time of the last redraw (ms, monotonic) */
};

/* A bounded writer for progress_format(): counts everything, stores what
 * fits. */
struct out {
	char *buf;
	size_t size, len;
};

static void
put(struct out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, o->len++)
		if (o->size > 0 && o->len < o->size - 1)
			o->buf[o->len] = s[i];
}

static void
put_num(struct out *o, size_t v, int pad)
{
	char tmp[32];
	int n;

	n = snprintf(tmp, sizeof(tmp), "%*zu", pad, v);
	if (n > 0 && (size_t)n < sizeof(tmp))
		put(o, tmp, (size_t)n);
}

static int
digits(size_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

size_t
progress_format(char *buf, size_t bufsz, size_t done, size_t total, int width)
{
	struct out o = {buf, bufsz, 0};
	size_t d = done, t = total, cells, pct;
	int i;

	if (width < 0)
		width = 0;
	if (d > t)
		d = t;
	/* Scale down so d * 100 and d * width cannot overflow. */
	while (t > SIZE_MAX / 1024 / ((size_t)width + 128)) {
		d >>= 1;
		t >>= 1;
	}
	if (t == 0) {
		cells = (size_t)width;
		pct = 100;
	} else {
		cells = d * (size_t)width / t;
		pct = d * 100 / t;
	}

	put(&o, "  ", 2);
	put_num(&o, done > total ? total : done, digits(total));
	put(&o, "/", 1);
	put_num(&o, total, 0);
	put(&o, " [", 2);
	for (i = 0; i < width; i++) {
		if ((size_t)i < cells)
			put(&o, "=", 1);
		else if ((size_t)i == cells && pct < 100)
			put(&o, ">", 1);
		else
			put(&o, " ", 1);
	}
	put(&o, "] ", 2);
	put_num(&o, pct, 3);
	put(&o, "%", 1);
	if (bufsz > 0)
		buf[o.len < bufsz ? o.len : bufsz - 1] = '\0';
	return o.len;
}

struct progress *
progress_new(FILE *tty, size_t total)
{
	struct progress *p;
	struct winsize ws;
	int fd, cols = 80, width;

	if (tty == NULL || total < PROGRESS_MIN_TOTAL)
		return NULL;
	fd = fileno(tty);
	if (fd < 0 || !isatty(fd))
		return NULL;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	/* Leave the last column free: writing there wraps on some
	 * terminals. */
	width = cols - 1 - (2 * digits(total) + 11);
	if (width > BAR_MAX)
		width = BAR_MAX;
	if (width < BAR_MIN)
		width = BAR_MIN;

	p = xcalloc(1, sizeof(*p));
	p->tty = tty;
	p->total = total;
	p->width = width;
	return p;
}

void
progress_step(struct progress *p, size_t done)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	progress_step_at(p, done,
			 (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

void
progress_step_at(struct progress *p, size_t done, long long now_ms)
{
	char line[2 * 24 + BAR_MAX + 32];
	size_t len;

	if (p == NULL)
		return;
	if (p->drawn && done < p->total &&
	    now_ms - p->last_ms < 1000 / PROGRESS_HZ)
		return;
	len = progress_format(line, sizeof(line), done, p->total, p->width);
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	fputc('\r', p->tty);
	fwrite(line, 1, len, p->tty);
	fflush(p->tty);
	p->drawn = 1;
	p->drawnlen = len;
	p->last_ms = now_ms;
}

void
progress_clear(struct progress *p)
{
	size_t i;

	if (p == NULL || !p->drawn)
		return;
	fputc('\r', p->tty);
	for (i = 0; i < p->drawnlen; i++)
		fputc(' ', p->tty);
	fputc('\r', p->tty);
	fflush(p->tty);
	p->drawn = 0;
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	progress_clear(p);
	free(p);
}
