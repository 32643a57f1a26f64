/* SPDX-License-Identifier: MIT */
/*
 * receipt_encode.c - the encodings of an outgoing message (receipt.h):
 * header fields folded or as RFC 2047 encoded words, bodies as 7bit or
 * quoted-printable (RFC 2045), the date (RFC 5322 §3.3).  The inverse of
 * what rfc2045.c and rfc2047.c read.
 */
#include "receipt.h"

#include <string.h>
#include <time.h>

#define LINE_MAX_HDR 78 /* RFC 5322 §2.1.1: SHOULD */
#define EWORD_MAX    75 /* RFC 2047 §2 */
#define EWORD_LINE   76 /* RFC 2047 §2: a line holding an encoded word */
#define QP_MAX       76 /* RFC 2045 §6.7 (5) */
#define LINE_MAX_7B  998

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
add_b64(struct cp_buf *out, const unsigned char *s, size_t n)
{
	size_t i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		cp_buf_addc(out, b64[v >> 18 & 63]);
		cp_buf_addc(out, b64[v >> 12 & 63]);
		cp_buf_addc(out, b64[v >> 6 & 63]);
		cp_buf_addc(out, b64[v & 63]);
	}
	if (i < n) {
		v = (unsigned)s[i] << 16 |
		    (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		cp_buf_addc(out, b64[v >> 18 & 63]);
		cp_buf_addc(out, b64[v >> 12 & 63]);
		cp_buf_addc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		cp_buf_addc(out, '=');
	}
}

/* Whether a word (no space inside) may go in a header as it is: printable
 * ASCII, not long, and nothing a reader would take for an encoded word. */
static int
plain_word(const char *s, size_t n)
{
	size_t i;

	if (n > LINE_MAX_HDR - 12)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return 0;
	return 1;
}

/* The length of the UTF-8 sequence led by c (1 for a stray byte). */
static size_t
seq_len(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* s[0..n) as encoded words from column col on, one a line. */
static void
add_ewords(struct cp_buf *out, const char *s, size_t n, size_t col)
{
	size_t take, room, k;

	while (n > 0) {
		room = (EWORD_MAX < EWORD_LINE - col ? EWORD_MAX
						     : EWORD_LINE - col);
		room = room > 12 ? (room - 12) / 4 * 3 : 0;
		/* whole characters only (RFC 2047 §5 (3)) */
		take = 0;
		while (take < n) {
			k = seq_len((unsigned char)s[take]);
			if (take + k > n)
				k = n - take;
			if (take + k > room)
				break;
			take += k;
		}
		if (take == 0) {
			cp_buf_adds(out, "\r\n ");
			col = 1;
			continue;
		}
		cp_buf_adds(out, "=?UTF-8?B?");
		add_b64(out, (const unsigned char *)s, take);
		cp_buf_adds(out, "?=");
		s += take;
		n -= take;
		if (n > 0) {
			cp_buf_adds(out, "\r\n ");
			col = 1;
		}
	}
}

void
receipt_header(struct cp_buf *out, const char *name, const char *value)
{
	const char *p = value, *sp;
	size_t col, n;

	cp_buf_adds(out, name);
	cp_buf_addc(out, ':');
	col = strlen(name) + 1;
	/* Plain words while they are plain; from the first that is not, the
	   rest as encoded words (the space before them is kept). */
	while (*p) {
		sp = strchr(p, ' ');
		n = sp ? (size_t)(sp - p) : strlen(p);
		if (!plain_word(p, n) && n > 0)
			break;
		if (col + 1 + n > LINE_MAX_HDR && col > strlen(name) + 1) {
			cp_buf_adds(out, "\r\n");
			col = 0;
		}
		cp_buf_addc(out, ' ');
		cp_buf_add(out, p, n);
		col += 1 + n;
		p += n;
		if (*p == ' ')
			p++;
	}
	if (*p) {
		if (col + 1 + 16 > EWORD_LINE) {
			cp_buf_adds(out, "\r\n");
			col = 0;
		}
		cp_buf_addc(out, ' ');
		add_ewords(out, p, strlen(p), col + 1);
	}
	cp_buf_adds(out, "\r\n");
}

int
receipt_is_7bit(const char *text, size_t len)
{
	size_t i, line = 0;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)text[i];
		if (c == '\n') {
			line = 0;
			continue;
		}
		if ((c < 0x20 && c != '\t') || c > 0x7e || ++line > LINE_MAX_7B)
			return 0;
	}
	return 1;
}

/* One line (no line end) as quoted-printable, soft breaks as needed. */
static void
qp_line(const char *s, size_t n, struct cp_buf *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0, w;
	unsigned char c;
	int lit;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		lit = (c >= 0x21 && c <= 0x7e && c != '=') ||
		      ((c == ' ' || c == '\t') && i + 1 < n);
		w = lit ? 1 : 3;
		/* room for the soft break's '=' unless this ends the line */
		if (col + w > (i + 1 < n ? QP_MAX - 1 : QP_MAX)) {
			cp_buf_adds(out, "=\r\n");
			col = 0;
		}
		if (lit) {
			cp_buf_addc(out, (char)c);
		} else {
			cp_buf_addc(out, '=');
			cp_buf_addc(out, hex[c >> 4]);
			cp_buf_addc(out, hex[c & 15]);
		}
		col += w;
	}
	cp_buf_adds(out, "\r\n");
}

/* Each line of text[0..len) to fn; a last line without "\n" counts. */
static void
each_line(const char *text, size_t len, struct cp_buf *out,
	  void (*fn)(const char *, size_t, struct cp_buf *))
{
	const char *p = text, *end = text + len, *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		fn(p, nl ? (size_t)(nl - p) : (size_t)(end - p), out);
		p = nl ? nl + 1 : end;
	}
}

void
receipt_qp(const char *text, size_t len, struct cp_buf *out)
{
	each_line(text, len, out, qp_line);
}

static void
crlf_line(const char *s, size_t n, struct cp_buf *out)
{
	cp_buf_add(out, s, n);
	cp_buf_adds(out, "\r\n");
}

void
receipt_crlf(const char *text, size_t len, struct cp_buf *out)
{
	each_line(text, len, out, crlf_line);
}

void
receipt_date(int64_t t, struct cp_buf *out)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
					   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
					     "May", "Jun", "Jul", "Aug",
					     "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL) { /* out of range: the epoch */
		tt = 0;
		gmtime_r(&tt, &tm);
	}
	cp_buf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
