/* SPDX-License-Identifier: MIT */
/*
 * test_charset.c - charset_to_utf8(): declared charset + bytes -> UTF-8,
 * replacement count, status.
 */
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "t.h"
#include "xmalloc.h"

#define FFFD "\xEF\xBF\xBD"

struct ccase {
	const char *what;
	const char *charset; /* NULL: undeclared */
	const char *in;
	size_t inlen;        /* 0: strlen(in) */
	enum cp_status st;
	const char *out;     /* NULL when st != CP_OK */
	size_t outlen;       /* 0: strlen(out) */
	size_t nrepl;
};

static const struct ccase cases[] = {
	/* UTF-8 */
	{ "utf-8 plain", "utf-8", "h\xC3\xA9llo", 0, CP_OK, "h\xC3\xA9llo", 0,
	  0 },
	{ "utf-8 upper-case name", "UTF-8", "abc", 0, CP_OK, "abc", 0, 0 },
	{ "utf8 alias", "utf8", "\xE2\x82\xAC", 0, CP_OK, "\xE2\x82\xAC", 0,
	  0 },
	{ "name trimmed", " utf-8\t", "a", 0, CP_OK, "a", 0, 0 },
	{ "4-byte sequence", "utf-8", "\xF0\x9F\x98\x80", 0, CP_OK,
	  "\xF0\x9F\x98\x80", 0, 0 },
	{ "CRLF and lone CR", "utf-8", "a\r\nb\rc\nd\r", 0, CP_OK,
	  "a\nb\nc\nd\n", 0, 0 },
	{ "CR CR LF", "utf-8", "a\r\r\nb", 0, CP_OK, "a\n\nb", 0, 0 },
	{ "invalid byte", "utf-8", "a\xFF" "b", 0, CP_OK, "a" FFFD "b", 0,
	  1 },
	{ "lone continuation", "utf-8", "\x80", 0, CP_OK, FFFD, 0, 1 },
	{ "overlong 2-byte", "utf-8", "\xC0\xAF", 0, CP_OK, FFFD FFFD, 0, 2 },
	{ "overlong 3-byte", "utf-8", "\xE0\x80\xAF", 0, CP_OK,
	  FFFD FFFD FFFD, 0, 3 },
	{ "surrogate", "utf-8", "\xED\xA0\x80", 0, CP_OK, FFFD FFFD FFFD, 0,
	  3 },
	{ "above U+10FFFF", "utf-8", "\xF4\x90\x80\x80", 0, CP_OK,
	  FFFD FFFD FFFD FFFD, 0, 4 },
	{ "truncated at end", "utf-8", "a\xE2\x82", 0, CP_OK, "a" FFFD, 0,
	  1 },
	{ "truncated before ASCII", "utf-8", "\xE2\x82" "A", 0, CP_OK,
	  FFFD "A", 0, 1 },
	{ "U+FFFF", "utf-8", "x\xEF\xBF\xBFy", 0, CP_OK, "x" FFFD "y", 0, 1 },
	{ "U+FFFE", "utf-8", "\xEF\xBF\xBE", 0, CP_OK, FFFD, 0, 1 },
	{ "U+FFFD kept, not counted", "utf-8", FFFD, 0, CP_OK, FFFD, 0, 0 },
	{ "byte order mark dropped", "utf-8", "\xEF\xBB\xBF" "abc", 0, CP_OK,
	  "abc", 0, 0 },
	{ "NUL kept", "utf-8", "a\0b", 3, CP_OK, "a\0b", 3, 0 },
	{ "empty", "utf-8", "", 0, CP_OK, "", 0, 0 },

	/* US-ASCII */
	{ "undeclared is US-ASCII", NULL, "a\xC3\xA9", 0, CP_OK,
	  "a" FFFD FFFD, 0, 2 },
	{ "empty name is US-ASCII", "", "abc", 0, CP_OK, "abc", 0, 0 },
	{ "us-ascii high bytes", "US-ASCII", "a\x80" "b\xFF", 0, CP_OK,
	  "a" FFFD "b" FFFD, 0, 2 },
	{ "ascii CRLF", "us-ascii", "a\r\nb", 0, CP_OK, "a\nb", 0, 0 },

	/* ISO-8859-1 (C1 range read as windows-1252) */
	{ "latin1", "iso-8859-1", "C\xF4te d'Ivoire", 0, CP_OK,
	  "C\xC3\xB4te d'Ivoire", 0, 0 },
	{ "latin1 alias", "latin1", "caf\xE9", 0, CP_OK, "caf\xC3\xA9", 0, 0 },
	{ "latin1 curly quotes", "ISO-8859-1", "\x93q\x94", 0, CP_OK,
	  "\xE2\x80\x9Cq\xE2\x80\x9D", 0, 0 },
	{ "latin1 0x81 stays C1", "iso-8859-1", "\x81", 0, CP_OK, "\xC2\x81",
	  0, 0 },
	{ "latin1 CRLF", "iso-8859-1", "\xE9\r\n", 0, CP_OK, "\xC3\xA9\n", 0,
	  0 },

	/* through iconv */
	{ "iso-8859-15 euro", "ISO-8859-15", "\xA4", 0, CP_OK, "\xE2\x82\xAC",
	  0, 0 },
	{ "windows-1252", "windows-1252", "\x80 \x93" "a\x94", 0, CP_OK,
	  "\xE2\x82\xAC \xE2\x80\x9C" "a\xE2\x80\x9D", 0, 0 },
	{ "cp1252 alias", "CP1252", "\x9C", 0, CP_OK, "\xC5\x93", 0, 0 },
	{ "windows-1252 undefined bytes", "Windows-1252",
	  "a\x81\x8D\x8F\x90\x9D" "b", 0, CP_OK,
	  "a" FFFD FFFD FFFD FFFD FFFD "b", 0, 5 },
	{ "windows-1252 CRLF", "windows-1252", "a\r\nb\r", 0, CP_OK, "a\nb\n",
	  0, 0 },
	{ "koi8-r", "koi8-r", "\xC1", 0, CP_OK, "\xD0\xB0", 0, 0 },
	{ "utf-16le", "UTF-16LE", "a\0b\0", 4, CP_OK, "ab", 0, 0 },
	{ "iso-2022-jp (stateful)", "iso-2022-jp", "\x1B$B$3$s\x1B(B", 0,
	  CP_OK, "\xE3\x81\x93\xE3\x82\x93", 0, 0 },
	{ "shift_jis truncated", "shift_jis", "a\x82", 0, CP_OK, "a" FFFD, 0,
	  1 },
	{ "iconv output U+FFFF", "UTF-16LE", "\xFF\xFF", 2, CP_OK, FFFD, 0,
	  1 },
	{ "MIME alias iso-8859-8-i", "iso-8859-8-i", "\xE0", 0, CP_OK,
	  "\xD7\x90", 0, 0 },

	/* unknown or unusable names */
	{ "unknown charset", "x-klingon", "abc", 0, CP_ECHARSET, NULL, 0, 0 },
	{ "iconv syntax refused", "utf-8//TRANSLIT", "a", 0, CP_ECHARSET,
	  NULL, 0, 0 },
	{ "iconv suffix refused", "latin1//IGNORE", "a", 0, CP_ECHARSET, NULL,
	  0, 0 },
	{ "white space only", "  ", "a", 0, CP_ECHARSET, NULL, 0, 0 },
	{ "overlong name", "a-very-long-charset-name-that-is-longer-than-"
			   "sixty-four-characters-in-all",
	  "a", 0, CP_ECHARSET, NULL, 0, 0 },
};

static void
run_case(const struct ccase *c)
{
	size_t inlen = c->inlen ? c->inlen : strlen(c->in);
	size_t want_len = c->out ? (c->outlen ? c->outlen : strlen(c->out)) : 0;
	char *in, *out = (char *)"sentinel";
	size_t outlen = 99, nrepl = 99;
	enum cp_status st;

	/* An exact-size copy, so a read past the end is caught by ASan. */
	in = xmalloc(inlen ? inlen : 1);
	memcpy(in, c->in, inlen);
	st = charset_to_utf8(c->charset, in, inlen, &out, &outlen, &nrepl);
	T_INTEQ(st, c->st, c->what);
	if (c->st != CP_OK) {
		T_CHECK(out == NULL, "%s: out not NULL", c->what);
	} else {
		T_INTEQ(outlen, want_len, c->what);
		T_CHECK(out != NULL && outlen == want_len &&
				memcmp(out, c->out, want_len) == 0 &&
				out[outlen] == '\0',
			"%s: wrong text \"%s\"", c->what, out ? out : "(null)");
		T_INTEQ(nrepl, c->nrepl, c->what);
	}
	free(out);
	free(in);
}

/* A large input crosses iconv's output growth many times. */
static void
large_input(void)
{
	size_t n = 300000, i, outlen, nrepl;
	char *in = xmalloc(n), *out = NULL;
	int ok = 1;

	for (i = 0; i < n; i++)
		in[i] = (i % 3 == 0) ? '\xE9' : (i % 3 == 1) ? '\x81' : 'a';
	T_INTEQ(charset_to_utf8("windows-1252", in, n, &out, &outlen, &nrepl),
		CP_OK, "large windows-1252");
	T_INTEQ(outlen, n / 3 * (2 + 3 + 1), "large windows-1252 length");
	T_INTEQ(nrepl, n / 3, "large windows-1252 replaced");
	for (i = 0; out && i + 6 <= outlen; i += 6)
		if (memcmp(out + i, "\xC3\xA9" FFFD "a", 6) != 0)
			ok = 0;
	T_CHECK(ok, "large windows-1252 content");
	free(out);
	out = NULL;
	T_INTEQ(charset_to_utf8("utf-8", in, n, &out, &outlen, &nrepl), CP_OK,
		"large invalid utf-8");
	/* "\xE9\x81" is one truncated sequence: one U+FFFD. */
	T_INTEQ(nrepl, n / 3, "large invalid utf-8 replaced");
	free(out);
	free(in);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	large_input();
	return t_done("charset");
}
