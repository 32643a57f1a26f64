/* SPDX-License-Identifier: MIT */
/*
 * rfc2045.c - the body of a MIME part (RFC 2045): the transfer encodings
 * base64 and quoted-printable undone, and a text part read in its
 * charset.  Spans in, spans out; mime.c takes them from libetpan's tree.
 *
 * Choices where the RFCs leave room (docs/VIOLATIONS.md lists them):
 *  - Base64 with characters outside the alphabet, data after the '='
 *    padding, or a lone last character, is an error naming the part, not
 *    silently skipped (libetpan would skip or garble them).
 *  - Quoted-printable: "=XX" in either case; a '=' not followed by two hex
 *    digits or a line end stays as written; trailing white space is kept.
 *    Transfer encodings are undone here, not by mailmime_part_parse()
 *    (see rfc2045_qp_decode()).
 *  - A text/plain part without a charset is US-ASCII (RFC 2045), but when
 *    its bytes are valid UTF-8 they are read as UTF-8 (RFC 6532 practice)
 *    rather than replaced.
 *  - A text/html part without a charset takes the one of a <meta> tag in
 *    its first 1024 bytes, else UTF-8.
 */
#include "mime_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "charset.h"
#include "xmalloc.h"

/* How far into an HTML part a <meta charset> is looked for. */
#define HTML_SNIFF_LEN 1024

/* ------------------------------------------------------------------ */
/* Transfer encodings                                                   */
/* ------------------------------------------------------------------ */

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* See mime_priv.h. */
void
rfc2045_base64_decode(struct cp_buf *b, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((v = b64val(s[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			cp_buf_addc(b, (char)((acc >> bits) & 0xFF));
		}
	}
}

/* See mime_priv.h. */
const char *
rfc2045_base64_problem(const char *s, size_t n)
{
	size_t i, data = 0;
	int pad = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (b64val(s[i]) < 0)
			return "a character outside the base64 alphabet";
		if (pad)
			return "data after the '=' padding";
		data++;
	}
	if (data % 4 == 1)
		return "a truncated last group";
	return NULL;
}

/*
 * See mime_priv.h.  =XX is a byte (either case), '=' at a line end (after
 * optional white space) is a soft line break, any other '=' stays as
 * written.  Trailing white space is kept, as format=flowed senders rely on
 * it.  Done here rather than by mailmime_part_parse(), which reads past
 * the end of the data when the last '=' has one character after it.
 */
void
rfc2045_qp_decode(struct cp_buf *b, const char *s, size_t n)
{
	size_t i, j, run = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] != '=')
			continue;
		cp_buf_add(b, s + run, i - run);
		if (i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			i += 2;
		} else {
			for (j = i + 1; j < n && ascii_is_wsp(s[j]); j++)
				;
			if (j == n)
				i = n - 1;
			else if (s[j] == '\n')
				i = j;
			else if (s[j] == '\r')
				i = (j + 1 < n && s[j + 1] == '\n') ? j + 1 : j;
			else
				cp_buf_addc(b, '=');
		}
		run = i + 1;
	}
	cp_buf_add(b, s + run, n - run);
}

/* ------------------------------------------------------------------ */
/* The charset of a text part                                           */
/* ------------------------------------------------------------------ */

static int
is_cs_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
	       c == ':';
}

/*
 * The charset of an HTML part from a <meta> tag in its first bytes, into
 * cs; 0 when none.
 */
static int
html_meta_charset(const char *s, size_t n, char *cs, size_t cssz)
{
	size_t i, j, k, end;

	if (n > HTML_SNIFF_LEN)
		n = HTML_SNIFF_LEN;
	for (i = 0; i + 5 <= n; i++) {
		if (s[i] != '<' || strncasecmp(s + i, "<meta", 5) != 0)
			continue;
		for (end = i; end < n && s[end] != '>'; end++)
			;
		for (j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp(s + j, "charset", 7) != 0)
				continue;
			k = j + 7;
			while (k < end && (ascii_is_wsp(s[k]) || s[k] == '\r' ||
					   s[k] == '\n'))
				k++;
			if (k >= end || s[k] != '=')
				continue;
			k++;
			while (k < end && (ascii_is_wsp(s[k]) || s[k] == '"' ||
					   s[k] == '\''))
				k++;
			for (j = k;
			     j < end && j - k < cssz - 1 && is_cs_char(s[j]);
			     j++)
				;
			if (j == k)
				return 0;
			memcpy(cs, s + k, j - k);
			cs[j - k] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * See mime_priv.h.  Undeclared, an HTML part takes its <meta> charset,
 * else UTF-8; any other text is US-ASCII unless it is valid UTF-8.
 */
enum cp_status
rfc2045_text_to_utf8(const char *charset, int is_html, const char *data,
		     size_t len, struct rfc2045_text *out)
{
	const char *cs = charset;
	char sniffed[64];
	enum cp_status st;

	memset(out, 0, sizeof(*out));
	if (cs != NULL && cs[0] == '\0')
		cs = NULL;
	if (cs == NULL && is_html)
		cs = html_meta_charset(data, len, sniffed, sizeof(sniffed))
			     ? sniffed
			     : "utf-8";
	if (cs == NULL) {
		st = charset_to_utf8("utf-8", data, len, &out->text, &out->len,
				     &out->nrepl);
		cs = "us-ascii";
		if (out->nrepl > 0) {
			free(out->text);
			out->text = NULL;
			st = charset_to_utf8(cs, data, len, &out->text,
					     &out->len, &out->nrepl);
		}
	} else
		st = charset_to_utf8(cs, data, len, &out->text, &out->len,
				     &out->nrepl);
	out->charset = xstrdup(cs);
	token_for_message(out->charset);
	return st;
}
