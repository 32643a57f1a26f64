/* SPDX-License-Identifier: MIT */
/*
 * rfc2047.c - encoded words ("=?charset?Q?text?=") in header text, as the
 * Subject and file names carry them.
 *
 * Choices where the RFC leaves room (docs/VIOLATIONS.md lists them):
 *  - Encoded words are decoded anywhere (not only between spaces); raw
 *    8-bit text around them is read as UTF-8 (RFC 6532); control
 *    characters become spaces.
 *  - A word in an unknown charset is kept as written.
 */
#include "mime_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"

static void
q_decode_into(struct cp_buf *b, const char *s, size_t n)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			cp_buf_addc(b, ' ');
		else if (s[i] == '=' && i + 2 < n &&
			 (h = hexval(s[i + 1])) >= 0 &&
			 (l = hexval(s[i + 2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			i += 2;
		} else
			cp_buf_addc(b, s[i]);
	}
}

static int
charset_known(const char *cs)
{
	char *o = NULL;
	size_t ol, nr;

	if (charset_to_utf8(cs, "", 0, &o, &ol, &nr) != CP_OK)
		return 0;
	free(o);
	return 1;
}

struct eword {
	char charset[64];
	char enc;         /* 'Q' or 'B' */
	const char *text; /* borrowed */
	size_t tlen;
	size_t end; /* offset just past "?=" */
};

/* Parse "=?charset?E?text?=" at s[i]; 1 on success. */
static int
parse_eword(const char *s, size_t n, size_t i, struct eword *w)
{
	size_t p = i + 2, cs, cl, t;

	if (i + 2 > n || s[i] != '=' || s[i + 1] != '?')
		return 0;
	cs = p;
	while (p < n && s[p] != '?' && !ascii_is_wsp(s[p]))
		p++;
	if (p >= n || s[p] != '?' || p == cs)
		return 0;
	cl = p - cs;
	/* RFC 2231 language suffix: charset*lang */
	if (memchr(s + cs, '*', cl) != NULL)
		cl = (size_t)((const char *)memchr(s + cs, '*', cl) - (s + cs));
	if (cl == 0 || cl >= sizeof(w->charset))
		return 0;
	memcpy(w->charset, s + cs, cl);
	w->charset[cl] = '\0';
	p++;
	if (p + 1 >= n || s[p + 1] != '?')
		return 0;
	w->enc = (char)toupper((unsigned char)s[p]);
	if (w->enc != 'Q' && w->enc != 'B')
		return 0;
	p += 2;
	t = p;
	while (p + 1 < n && !(s[p] == '?' && s[p + 1] == '=')) {
		if (ascii_is_wsp(s[p]))
			return 0;
		p++;
	}
	if (p + 1 >= n)
		return 0;
	w->text = s + t;
	w->tlen = p - t;
	w->end = p + 2;
	return 1;
}

/* Convert pending bytes in charset cs and append them to out. */
static void
flush_words(struct cp_buf *out, struct cp_buf *pend, const char *cs)
{
	char *u = NULL;
	size_t ul, nr;

	if (pend->len == 0)
		return;
	if (charset_to_utf8(cs, pend->s, pend->len, &u, &ul, &nr) == CP_OK)
		cp_buf_add(out, u, ul);
	free(u);
	pend->len = 0;
}

/* Literal header text: raw 8-bit is read as UTF-8 (RFC 6532). */
static void
add_literal(struct cp_buf *out, const char *s, size_t n)
{
	char *u = NULL;
	size_t ul, nr;

	if (n == 0)
		return;
	charset_to_utf8("utf-8", s, n, &u, &ul, &nr);
	cp_buf_add(out, u, ul);
	free(u);
}

/*
 * See mime_priv.h.  White space between two encoded words is dropped;
 * adjacent words in one charset are converted together, so a character
 * split across words survives.  A word in an unknown charset is kept as
 * written.  Control characters become spaces.
 */
char *
rfc2047_decode(const char *s, size_t n)
{
	struct cp_buf out = {0}, pend = {0};
	char pend_cs[64] = "";
	struct eword w;
	size_t i = 0, lit = 0, j;
	int after_word = 0, only_ws;
	const char *q;

	while (i + 1 < n) {
		q = memchr(s + i, '=', n - i - 1);
		if (q == NULL)
			break;
		i = (size_t)(q - s);
		if (s[i + 1] != '?' || !parse_eword(s, n, i, &w) ||
		    !charset_known(w.charset)) {
			i++;
			continue;
		}
		only_ws = 1;
		for (j = lit; j < i; j++)
			if (!ascii_is_wsp(s[j]))
				only_ws = 0;
		if (!(after_word && only_ws)) {
			flush_words(&out, &pend, pend_cs);
			add_literal(&out, s + lit, i - lit);
		}
		if (strcasecmp(pend_cs, w.charset) != 0) {
			flush_words(&out, &pend, pend_cs);
			memcpy(pend_cs, w.charset, sizeof(pend_cs));
		}
		if (w.enc == 'Q')
			q_decode_into(&pend, w.text, w.tlen);
		else
			rfc2045_base64_decode(&pend, w.text, w.tlen);
		after_word = 1;
		i = lit = w.end;
	}
	flush_words(&out, &pend, pend_cs);
	add_literal(&out, s + lit, n - lit);
	cp_buf_free(&pend);
	if (out.s != NULL)
		blank_controls(out.s, out.len);
	return cp_buf_detach(&out);
}
