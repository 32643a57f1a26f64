/* SPDX-License-Identifier: MIT */
/*
 * fuzz_common.h - what the fuzz targets share: the entry point's
 * prototype, the limits they run under, a walk over the results that reads
 * every byte the library hands back (so that a result pointing at freed or
 * unterminated memory is caught by AddressSanitizer), and checks of the
 * promises the headers make about those results.  A broken promise aborts
 * with a line on stderr, which libFuzzer reports as a crash.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "entry.h"
#include "mime.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The documented defaults, with a message cut to 1 MiB: the fuzzer's
 * inputs stay far below that (-max_len), and a smaller cap keeps a
 * pathological input fast.
 */
static inline void
fuzz_limits(struct cp_limits *lim)
{
	cp_limits_default(lim);
	lim->max_message_size = 1024u * 1024;
}

/* Sink the compiler cannot see through, so the reads are not dropped. */
static volatile size_t fuzz_sink;

static inline void __attribute__((noreturn))
fuzz_fail(const char *what, const char *s)
{
	fprintf(stderr, "fuzz: broken promise: %s: \"%s\"\n", what,
		s != NULL ? s : "(null)");
	abort();
}

/* Well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
static inline int
fuzz_utf8_ok(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, k;
	unsigned long cp;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] <= 0xDF)
			n = 1, cp = u[i] & 0x1F;
		else if (u[i] >= 0xE0 && u[i] <= 0xEF)
			n = 2, cp = u[i] & 0x0F;
		else if (u[i] >= 0xF0 && u[i] <= 0xF4)
			n = 3, cp = u[i] & 0x07;
		else
			return 0;
		if (len - i - 1 < n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((u[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (u[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

static inline void
fuzz_touch(const char *s)
{
	if (s != NULL)
		fuzz_sink += strlen(s);
}

/* A span the contract says is NUL-terminated at len, and UTF-8. */
static inline void
fuzz_touch_text(const char *s, size_t len, const char *what)
{
	size_t i, sum = 0;

	if (s == NULL)
		fuzz_fail(what, "NULL text");
	for (i = 0; i < len; i++)
		sum += (unsigned char)s[i];
	if (s[len] != '\0')
		fuzz_fail(what, "not NUL-terminated at its length");
	if (!fuzz_utf8_ok(s, len))
		fuzz_fail(what, "not UTF-8");
	fuzz_sink += sum;
}

/* Errors and warnings are stored and shown: each must be UTF-8 too. */
static inline void
fuzz_touch_strlist(const struct cp_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i] == NULL)
			fuzz_fail("string list", "NULL item");
		if (!fuzz_utf8_ok(l->v[i], strlen(l->v[i])))
			fuzz_fail("error or warning not UTF-8", l->v[i]);
	}
}

/* text.h: each line owned, NUL-terminated, UTF-8, without a line end. */
static inline void
fuzz_touch_lines(const struct text_lines *tl)
{
	size_t i;

	for (i = 0; i < tl->n; i++) {
		fuzz_touch_text(tl->v[i].text, tl->v[i].len, "text line");
		if (memchr(tl->v[i].text, '\n', tl->v[i].len) != NULL)
			fuzz_fail("text line holds a line end", tl->v[i].text);
		if (tl->v[i].lineno == 0)
			fuzz_fail("text line numbered 0", tl->v[i].text);
		fuzz_sink += (size_t)tl->v[i].quoted;
	}
}

static inline void
fuzz_touch_entries(const struct entry_list *l)
{
	const struct entry *e;
	char *name;
	size_t i;
	int f;

	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		fuzz_touch(e->part);
		fuzz_sink += e->lineno + (size_t)e->withdraw;
		for (f = 0; f < FIELD_COUNT; f++) {
			if (e->val[f] != NULL && !fuzz_utf8_ok(e->val[f],
			    strlen(e->val[f])))
				fuzz_fail("entry value not UTF-8", e->val[f]);
			fuzz_sink += e->line[f];
		}
		name = entry_name(e);
		fuzz_touch(name);
		free(name);
	}
}

static inline void
fuzz_touch_mime(const struct mime_message *mm)
{
	size_t i;

	if (mm == NULL)
		return;
	fuzz_touch(mm->message_id);
	fuzz_touch(mm->from_addr);
	/* mime.h: the subject is decoded to UTF-8. */
	if (mm->subject != NULL &&
	    !fuzz_utf8_ok(mm->subject, strlen(mm->subject)))
		fuzz_fail("subject not UTF-8", mm->subject);
	fuzz_touch(mm->date);
	/* Raw header values, read only by auth.c: any bytes. */
	for (i = 0; i < mm->auth_results.n; i++)
		fuzz_touch(mm->auth_results.v[i]);
	fuzz_touch_strlist(&mm->warnings);
	if (mm->nparts > 0 && mm->parts == NULL)
		fuzz_fail("mime message", "parts NULL, nparts > 0");
	for (i = 0; i < mm->nparts; i++) {
		if (mm->parts[i].name == NULL)
			fuzz_fail("mime part", "NULL name");
		if (!fuzz_utf8_ok(mm->parts[i].name,
				  strlen(mm->parts[i].name)))
			fuzz_fail("part name not UTF-8", mm->parts[i].name);
		fuzz_touch_text(mm->parts[i].text, mm->parts[i].len,
				"mime part text");
		if (memchr(mm->parts[i].text, '\r', mm->parts[i].len) != NULL)
			fuzz_fail("mime part text holds a CR (line ends are "
				  "\\n)", mm->parts[i].name);
		fuzz_sink += (size_t)mm->parts[i].is_html +
			     (size_t)mm->parts[i].flowed +
			     (size_t)mm->parts[i].delsp;
	}
}

/* 1..maxlen of A-Z a-z 0-9 and the characters of extra. */
static inline int
fuzz_code_ok(const char *s, size_t maxlen, const char *extra)
{
	size_t len = strlen(s), i;

	if (len < 1 || len > maxlen)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') ||
		      strchr(extra, s[i]) != NULL))
			return 0;
	return 1;
}

/*
 * Entries that came with no error must obey SPEC §1 as far as it can be
 * checked without the store: Entity and Mandate given and well formed, no
 * control character in a value, no value over the field limit, Areas from
 * the five in canonical order, Adopted of the right shape.
 */
static inline void
fuzz_check_clean_entries(const struct entry_list *l,
			 const struct cp_limits *lim)
{
	const struct entry *e;
	const unsigned char *u;
	const char *p, *q;
	size_t i, k, len, a, last;
	int f;

	for (i = 0; i < l->n; i++) {
		e = &l->v[i];
		if (e->val[FIELD_ENTITY] == NULL ||
		    !fuzz_code_ok(e->val[FIELD_ENTITY], 32, "-"))
			fuzz_fail("clean entry: bad Entity",
				  e->val[FIELD_ENTITY]);
		if (e->val[FIELD_MANDATE] == NULL ||
		    !fuzz_code_ok(e->val[FIELD_MANDATE], 64, "./_-"))
			fuzz_fail("clean entry: bad Mandate",
				  e->val[FIELD_MANDATE]);
		for (f = 0; f < FIELD_COUNT; f++) {
			if (e->val[f] == NULL)
				continue;
			len = strlen(e->val[f]);
			if (len > lim->max_field_size)
				fuzz_fail("clean entry: value over the limit",
					  field_name(f));
			u = (const unsigned char *)e->val[f];
			for (k = 0; k < len; k++)
				if ((u[k] < 0x20 && u[k] != '\t' &&
				     u[k] != '\n') || u[k] == 0x7F ||
				    (u[k] == 0xC2 && k + 1 < len &&
				     u[k + 1] >= 0x80 && u[k + 1] <= 0x9F))
					fuzz_fail("clean entry: control "
						  "character in value",
						  e->val[f]);
		}
		if ((p = e->val[FIELD_ADOPTED]) != NULL && *p != '\0' &&
		    (len = strlen(p)) != 4 && len != 7 && len != 10)
			fuzz_fail("clean entry: bad Adopted", p);
		if ((p = e->val[FIELD_AREAS]) != NULL && *p != '\0') {
			last = 0;
			for (;;) {
				q = strchr(p, '\n');
				len = q != NULL ? (size_t)(q - p) : strlen(p);
				for (a = 0; a < FIELD_NAREAS; a++)
					if (strlen(field_areas[a]) == len &&
					    memcmp(field_areas[a], p, len) == 0)
						break;
				if (a == FIELD_NAREAS || a + 1 <= last)
					fuzz_fail("clean entry: bad Areas",
						  e->val[FIELD_AREAS]);
				last = a + 1;
				if (q == NULL)
					break;
				p = q + 1;
			}
		}
	}
}

#endif
