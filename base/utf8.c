/* SPDX-License-Identifier: MIT */
/*
 * utf8.c - case-insensitive comparison and folding of UTF-8 text (themes,
 * addresses), and ASCII case helpers.  See utf8.h.
 */
#include "utf8.h"

#include <locale.h>
#include <string.h>
#include <wctype.h>

int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
ascii_span_casecmp(const char *s, size_t len, const char *lit)
{
	size_t i;

	for (i = 0; i < len && lit[i] != '\0'; i++)
		if (ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)lit[i]))
			return 1;
	return !(i == len && lit[i] == '\0');
}

/* Decode one UTF-8 code point at s (len > 0); invalid bytes decode as
 * themselves so comparison stays total. */
unsigned
utf8_next(const char *s, size_t len, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;
	size_t n, i;

	if (u[0] < 0x80) {
		*adv = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = u[0] & 0x07;
	} else {
		*adv = 1;
		return u[0];
	}
	if (n > len) {
		*adv = 1;
		return u[0];
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*adv = 1;
			return u[0];
		}
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	*adv = n;
	return cp;
}

static locale_t
utf8_locale(void)
{
	static locale_t loc;

	/* C.UTF-8 is always present on glibc; towlower_l() with it folds
	 * all of Unicode, not only ASCII. */
	if (loc == (locale_t)0)
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return loc;
}

int
utf8_casecmp(const char *a, const char *b)
{
	size_t alen = strlen(a), blen = strlen(b), na, nb;
	locale_t loc = utf8_locale();
	unsigned ca, cb;

	while (alen && blen) {
		ca = utf8_next(a, alen, &na);
		cb = utf8_next(b, blen, &nb);
		if (loc != (locale_t)0) {
			ca = (unsigned)towlower_l((wint_t)ca, loc);
			cb = (unsigned)towlower_l((wint_t)cb, loc);
		} else {
			ca = (unsigned)ascii_lower((int)ca);
			cb = (unsigned)ascii_lower((int)cb);
		}
		if (ca != cb)
			return ca < cb ? -1 : 1;
		a += na, alen -= na;
		b += nb, blen -= nb;
	}
	return alen ? 1 : blen ? -1 : 0;
}

/* Append the case-folded form of s to out (each code point through
 * towlower in C.UTF-8, as utf8_casecmp() compares). */
void
utf8_casefold(const char *s, struct cp_buf *out)
{
	size_t len = strlen(s), n;
	locale_t loc = utf8_locale();
	unsigned cp;
	char u[4];

	while (len) {
		cp = utf8_next(s, len, &n);
		if (n == 1) {
			cp_buf_addc(out, (char)ascii_lower((int)cp));
		} else if (loc == (locale_t)0) {
			cp_buf_add(out, s, n);
		} else {
			cp = (unsigned)towlower_l((wint_t)cp, loc);
			if (cp < 0x800) {
				u[0] = (char)(0xC0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 2);
			} else if (cp < 0x10000) {
				u[0] = (char)(0xE0 | (cp >> 12));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 3);
			} else {
				u[0] = (char)(0xF0 | (cp >> 18));
				u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
				u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[3] = (char)(0x80 | (cp & 0x3F));
				cp_buf_add(out, u, 4);
			}
		}
		s += n;
		len -= n;
	}
}

int
utf8_prefix(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

size_t
utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n, i;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	*cp = c;
	return n;
}
