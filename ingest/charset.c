/* SPDX-License-Identifier: MIT */
/*
 * charset.c - bytes in a declared charset to clean UTF-8.
 *
 * UTF-8 and US-ASCII are checked here in C (they are most mail, and a
 * validator is faster and more predictable than iconv); ISO-8859-1 is
 * decoded here too (see latin1_to_utf8() for why); every other charset
 * goes through iconv(3), by the name the message gives.
 *
 * Whatever the route, the result then passes clean_utf8() once, which is
 * where the rules that do not depend on the charset live: ill-formed UTF-8
 * becomes U+FFFD, U+FFFE and U+FFFF (which XML cannot carry) become
 * U+FFFD, CR LF and lone CR become LF, and a byte order mark at the very
 * start is dropped.
 */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define CHARSET_NAME_MAX 64
#define NITEMS(a)        (sizeof(a) / sizeof((a)[0]))

enum route {
	ROUTE_UTF8,
	ROUTE_ASCII,
	ROUTE_LATIN1,
	ROUTE_ICONV,
};

/* Lower-case names (after normalisation) decoded without iconv. */
static const char *const utf8_names[] = {
	"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", NULL,
};

static const char *const ascii_names[] = {
	"us-ascii",
	"ascii",
	"us",
	"ansi_x3.4-1968",
	"ansi_x3.4-1986",
	"iso646-us",
	"iso_646.irv:1991",
	"iso-ir-6",
	"cp367",
	"ibm367",
	"csascii",
	"646",
	NULL,
};

static const char *const latin1_names[] = {
	"iso-8859-1", "iso8859-1", "iso_8859-1",  "iso_8859-1:1987",
	"iso-ir-100", "latin1",    "latin-1",     "l1",
	"cp819",      "ibm819",    "csisolatin1", "8859-1",
	NULL,
};

/* MIME names in common use that glibc's iconv does not know. */
static const struct {
	const char *mime;
	const char *iconv;
} iconv_aliases[] = {
	{"iso-8859-6-i", "ISO-8859-6"}, {"iso-8859-6-e", "ISO-8859-6"},
	{"iso-8859-8-i", "ISO-8859-8"}, {"iso-8859-8-e", "ISO-8859-8"},
	{"ks_c_5601-1987", "CP949"},    {"x-sjis", "SHIFT_JIS"},
	{"x-euc-jp", "EUC-JP"},         {"x-gbk", "GBK"},
	{"x-mac-roman", "MACINTOSH"},   {"x-mac-cyrillic", "MAC-CYRILLIC"},
};

/*
 * windows-1252 in the range 0x80-0x9F, for text labelled ISO-8859-1;
 * 0 where windows-1252 leaves the byte undefined.
 */
static const unsigned short cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static int
in_list(const char *name, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/*
 * Trim white space, lower-case into buf and check the characters: a MIME
 * charset is a token, and iconv must never see its own syntax ("//",
 * ",") from a message.  Returns 0 when the name cannot be a charset.
 */
static int
normalise_name(const char *charset, char *buf, size_t bufsz)
{
	const char *s = charset, *e;
	size_t n, i;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	n = (size_t)(e - s);
	if (n == 0 || n >= bufsz)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			   c == '-' || c == '_' || c == '.' || c == ':' ||
			   c == '+' || c == '(' || c == ')'))
			return 0;
		buf[i] = (char)c;
	}
	buf[n] = '\0';
	return 1;
}

static void
add_cp(struct cp_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		cp_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		cp_buf_add(b, u, 2);
	} else {
		/* Only BMP code points reach here. */
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		cp_buf_add(b, u, 3);
	}
}

static void
add_fffd(struct cp_buf *b, size_t *nrepl)
{
	cp_buf_add(b, "\xEF\xBF\xBD", 3);
	(*nrepl)++;
}

/*
 * Length of the well-formed UTF-8 sequence at s (1-4), or, when it is
 * ill-formed, 0 with *skip set to the length of its maximal subpart (the
 * Unicode "substitution of maximal subparts" practice: one U+FFFD for a
 * truncated sequence, one per byte for bytes that cannot start one, so
 * overlongs and surrogates give one U+FFFD per byte).
 */
static size_t
utf8_seq(const unsigned char *s, size_t left, size_t *skip)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*skip = 1;
		return 0;
	}
	for (i = 1; i <= need; i++) {
		if (i >= left || s[i] < lo || s[i] > hi) {
			*skip = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return need + 1;
}

/*
 * Append in[0..len) to b as clean UTF-8 (see the file comment).  Runs of
 * plain bytes are copied in one go.
 */
static void
clean_utf8(struct cp_buf *b, const char *in, size_t len, size_t *nrepl)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, run = 0, n, skip;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = run = 3;
	while (i < len) {
		if (s[i] >= 0x20 && s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] < 0x80 && s[i] != '\r') {
			i++;
			continue;
		}
		cp_buf_add(b, in + run, i - run);
		if (s[i] == '\r') {
			cp_buf_addc(b, '\n');
			i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
		} else if ((n = utf8_seq(s + i, len - i, &skip)) == 0) {
			add_fffd(b, nrepl);
			i += skip;
		} else if (n == 3 && s[i] == 0xEF && s[i + 1] == 0xBF &&
			   s[i + 2] >= 0xBE) {
			add_fffd(b, nrepl);
			i += 3;
		} else {
			cp_buf_add(b, in + i, n);
			i += n;
		}
		run = i;
	}
	cp_buf_add(b, in + run, i - run);
}

/* US-ASCII: every byte from 0x80 is invalid. */
static void
ascii_to_utf8(struct cp_buf *b, const char *in, size_t len, size_t *nrepl)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)in[i] >= 0x80)
			add_fffd(b, nrepl);
		else
			cp_buf_addc(b, in[i]);
	}
}

/*
 * ISO-8859-1 as mail clients read it: the C1 range 0x80-0x9F as
 * windows-1252 (the WHATWG Encoding Standard maps the label so, and
 * senders that write curly quotes under this label mean windows-1252).
 * The five bytes windows-1252 leaves undefined stay the C1 controls
 * ISO-8859-1 makes them, which the entry validator then reports.
 */
static void
latin1_to_utf8(struct cp_buf *b, const char *in, size_t len)
{
	size_t i;
	unsigned c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c >= 0x80 && c < 0xA0 && cp1252_c1[c - 0x80] != 0)
			c = cp1252_c1[c - 0x80];
		add_cp(b, c);
	}
}

static void
grow_out(struct cp_buf *b, char **op, size_t *oleft)
{
	size_t used = (size_t)(*op - b->s);

	XGROW(b->s, b->cap + 1, b->cap); /* doubles b->cap */
	*op = b->s + used;
	*oleft = b->cap - used;
}

/*
 * Run iconv over the input into b, replacing each byte iconv refuses with
 * U+FFFD (and an incomplete sequence at the end with one U+FFFD).  b is
 * used as a raw area here: b->len is set at the end.
 */
static void
iconv_to_utf8(iconv_t cd, struct cp_buf *b, const char *in, size_t len,
	      size_t *nrepl)
{
	char *ip = (char *)in, *op;
	size_t ileft = len, oleft, r;

	b->cap = len * 2 + 16;
	b->s = xmalloc(b->cap);
	op = b->s;
	oleft = b->cap;
	while (ileft > 0) {
		r = iconv(cd, &ip, &ileft, &op, &oleft);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			grow_out(b, &op, &oleft);
			continue;
		}
		if (oleft < 3)
			grow_out(b, &op, &oleft);
		memcpy(op, "\xEF\xBF\xBD", 3);
		op += 3;
		oleft -= 3;
		(*nrepl)++;
		if (errno == EINVAL) {
			/* Incomplete sequence at the end of the input. */
			ileft = 0;
		} else {
			ip++;
			ileft--;
		}
	}
	/* Return to the initial shift state (stateful charsets). */
	while (iconv(cd, NULL, NULL, &op, &oleft) == (size_t)-1 &&
	       errno == E2BIG)
		grow_out(b, &op, &oleft);
	b->len = (size_t)(op - b->s);
	if (b->len == b->cap)
		grow_out(b, &op, &oleft);
	b->s[b->len] = '\0';
}

/*
 * See charset.h.  Names are MIME charset names, compared without regard
 * to case; besides the names decoded here, anything glibc's iconv knows
 * works, and a few MIME names it lacks are mapped (iconv_aliases).
 */
enum cp_status
charset_to_utf8(const char *charset, const char *in, size_t len, char **out,
		size_t *outlen, size_t *nreplaced)
{
	char name[CHARSET_NAME_MAX];
	const char *iname = name;
	struct cp_buf raw = {0}, res = {0};
	enum route route;
	iconv_t cd = (iconv_t)-1;
	size_t i;

	*out = NULL;
	*outlen = 0;
	*nreplaced = 0;
	if (charset == NULL || charset[0] == '\0')
		route = ROUTE_ASCII;
	else if (!normalise_name(charset, name, sizeof(name)))
		return CP_ECHARSET;
	else if (in_list(name, utf8_names))
		route = ROUTE_UTF8;
	else if (in_list(name, ascii_names))
		route = ROUTE_ASCII;
	else if (in_list(name, latin1_names))
		route = ROUTE_LATIN1;
	else {
		route = ROUTE_ICONV;
		for (i = 0; i < NITEMS(iconv_aliases); i++)
			if (strcmp(name, iconv_aliases[i].mime) == 0)
				iname = iconv_aliases[i].iconv;
		cd = iconv_open("UTF-8", iname);
		if (cd == (iconv_t)-1)
			return CP_ECHARSET;
	}

	switch (route) {
	case ROUTE_UTF8:
		clean_utf8(&res, in, len, nreplaced);
		break;
	case ROUTE_ASCII:
		/* Bytes from 0x80 are invalid; the rest is UTF-8 already. */
		ascii_to_utf8(&raw, in, len, nreplaced);
		clean_utf8(&res, raw.s ? raw.s : "", raw.len, nreplaced);
		break;
	case ROUTE_LATIN1:
		latin1_to_utf8(&raw, in, len);
		clean_utf8(&res, raw.s ? raw.s : "", raw.len, nreplaced);
		break;
	case ROUTE_ICONV:
		iconv_to_utf8(cd, &raw, in, len, nreplaced);
		iconv_close(cd);
		clean_utf8(&res, raw.s, raw.len, nreplaced);
		break;
	}
	cp_buf_free(&raw);
	*outlen = res.len;
	*out = cp_buf_detach(&res);
	return CP_OK;
}
