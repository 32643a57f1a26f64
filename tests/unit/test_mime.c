/* SPDX-License-Identifier: MIT */
/*
 * test_mime.c - mime_parse() and mime_parse_headers(): raw message ->
 * header fields, texts, warnings, errors.  Every message of the table is
 * run as written (LF) and again with CRLF line ends; the expected results
 * are the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mime.h"
#include "t.h"
#include "xmalloc.h"

#define FFFD "\xEF\xBF\xBD"

struct want_part {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	int is_html, flowed, delsp;
};

struct mcase {
	const char *what;
	const char *raw;
	size_t rawlen; /* 0: strlen(raw) */
	enum cp_status st;
	const char *msgid, *from, *subject, *date; /* NULL: expect NULL */
	const char *auth;     /* values joined with "|"; "" for none */
	const char *warnings; /* joined with "|"; "" for none */
	const char *errors;   /* joined with "|"; "" for none */
	size_t nparts;
	struct want_part parts[4];
};

#define HDRS                                                                \
	"From: Focal Point <focal@unodc.org>\n"                             \
	"To: compendium@example.org\n"                                      \
	"Subject: Update\n"                                                 \
	"Date: Mon, 2 Mar 2026 10:00:00 +0000\n"                            \
	"Message-ID: <m1@unodc.org>\n"                                      \
	"MIME-Version: 1.0\n"
#define STD "m1@unodc.org", "focal@unodc.org", "Update", \
	"Mon, 2 Mar 2026 10:00:00 +0000"

static const struct mcase cases[] = {
	{ "plain 7bit, header fields",
	  "Return-Path: <bounce@unodc.org>\n"
	  "From: Focal Point <Focal.Point@UNODC.org>\n"
	  "To: compendium@example.org\n"
	  "Subject: Update of\n the repository\n"
	  "Date:  Mon, 2 Mar 2026 10:00:00 +0000 \n"
	  "Message-ID:  <abc123@unodc.org> \n"
	  "MIME-Version: 1.0\n"
	  "Content-Type: text/plain; charset=us-ascii\n"
	  "Content-Transfer-Encoding: 7bit\n"
	  "\n"
	  "Entity: UNODC\n"
	  "Mandate: X\n",
	  0, CP_OK, "abc123@unodc.org", "focal.point@unodc.org",
	  "Update of the repository", "Mon, 2 Mar 2026 10:00:00 +0000", "",
	  "", "", 1,
	  { { "body", "Entity: UNODC\nMandate: X\n", 0, 0, 0, 0 } } },

	{ "no Content-Type, no Message-ID: text/plain, UTF-8 accepted",
	  "From: a@b.org\n"
	  "Subject: hi\n"
	  "\n"
	  "C\xC3\xB4te d'Ivoire\n",
	  0, CP_OK, NULL, "a@b.org", "hi", NULL, "", "", "", 1,
	  { { "body", "C\xC3\xB4te d'Ivoire\n", 0, 0, 0, 0 } } },

	{ "no charset, not UTF-8: US-ASCII with replacement",
	  "From: a@b.org\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "C\xF4te\n",
	  0, CP_OK, NULL, "a@b.org", NULL, NULL, "",
	  "body: 1 invalid byte in charset \"us-ascii\" replaced with U+FFFD",
	  "", 1, { { "body", "C" FFFD "te\n", 0, 0, 0, 0 } } },

	{ "8bit latin1",
	  HDRS
	  "Content-Type: text/plain; charset=\"ISO-8859-1\"\n"
	  "Content-Transfer-Encoding: 8bit\n"
	  "\n"
	  "Entity: C\xF4te\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "Entity: C\xC3\xB4te\n", 0, 0, 0, 0 } } },

	{ "quoted-printable utf-8 with soft breaks",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: quoted-printable\n"
	  "\n"
	  "Summary: A long line that=\n"
	  " continues=C3=A9 here\n"
	  "Next=3Dline\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body",
	      "Summary: A long line that continues\xC3\xA9 here\nNext=line\n",
	      0, 0, 0, 0 } } },

	{ "quoted-printable edge cases",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: Quoted-Printable\n"
	  "\n"
	  "a=3D=b=4\n"
	  "soft=  \n"
	  "break=e9=C3=A9\n"
	  "last=\n",
	  0, CP_OK, STD, "",
	  "body: 1 invalid byte in charset \"utf-8\" replaced with U+FFFD", "",
	  1, { { "body", "a==b=4\nsoftbreak" FFFD "\xC3\xA9\nlast", 0, 0, 0,
		 0 } } },

	/* Regression: libetpan's decoder read past the end here (fuzzing). */
	{ "quoted-printable '=' and one character at the very end",
	  HDRS
	  "Content-Type: text/plain; charset=iso-8859-1\n"
	  "Content-Transfer-Encoding: quoted-printable\n"
	  "\n"
	  "x=B1=B",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "x\xC2\xB1=B", 0, 0, 0, 0 } } },

	{ "base64 windows-1252",
	  HDRS
	  "Content-Type: text/plain; charset=windows-1252\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "Q2Fm6SCTcXVvdGVklCCA\n"
	  "IDUK\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body",
	      "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x82\xAC 5\n", 0,
	      0, 0, 0 } } },

	{ "multipart/alternative: plain chosen",
	  HDRS
	  "Content-Type: multipart/alternative; boundary=\"b1\"\n"
	  "\n"
	  "preamble\n"
	  "--b1\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "plain text\n"
	  "--b1\n"
	  "Content-Type: text/html; charset=utf-8\n"
	  "\n"
	  "<p>html text</p>\n"
	  "--b1--\n"
	  "epilogue\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "plain text", 0, 0, 0, 0 } } },

	{ "HTML only",
	  HDRS
	  "Content-Type: text/html; charset=utf-8\n"
	  "\n"
	  "<p>Entity: UNODC</p>\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "<p>Entity: UNODC</p>\n", 0, 1, 0, 0 } } },

	{ "HTML without charset: <meta> charset",
	  HDRS
	  "Content-Type: text/html\n"
	  "\n"
	  "<html><head><meta http-equiv=\"Content-Type\" "
	  "content=\"text/html; charset=iso-8859-1\"></head>"
	  "<body>caf\xE9</body></html>\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body",
	      "<html><head><meta http-equiv=\"Content-Type\" "
	      "content=\"text/html; charset=iso-8859-1\"></head>"
	      "<body>caf\xC3\xA9</body></html>\n",
	      0, 1, 0, 0 } } },

	{ "HTML without charset or <meta>: UTF-8",
	  HDRS
	  "Content-Type: text/html\n"
	  "\n"
	  "<p>caf\xC3\xA9 \xE9</p>\n",
	  0, CP_OK, STD, "",
	  "body: 1 invalid byte in charset \"utf-8\" replaced with U+FFFD", "",
	  1, { { "body", "<p>caf\xC3\xA9 " FFFD "</p>\n", 0, 1, 0, 0 } } },

	{ "multipart/mixed: body, notes.txt, pdf and .md ignored",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=XyZ\n"
	  "\n"
	  "--XyZ\n"
	  "Content-Type: text/plain; charset=utf-8; format=flowed\n"
	  "\n"
	  "Please record the following.\n"
	  "\n"
	  "--XyZ\n"
	  "Content-Type: text/plain; name=\"notes.txt\"\n"
	  "Content-Disposition: attachment; filename=\"notes.txt\"\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "RW50aXR5OiBVTk9EQwpNYW5kYXRlOiBOLTEK\n"
	  "--XyZ\n"
	  "Content-Type: application/pdf; name=\"report.pdf\"\n"
	  "Content-Disposition: attachment; filename=\"report.pdf\"\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "JVBERi0xLjQK\n"
	  "--XyZ\n"
	  "Content-Type: text/plain; charset=us-ascii\n"
	  "Content-Disposition: attachment; filename=\"readme.md\"\n"
	  "\n"
	  "Entity: IGNORED\n"
	  "--XyZ\n"
	  "Content-Type: text/plain; charset=us-ascii; name=\"MORE.TXT\"\n"
	  "Content-Disposition: inline\n"
	  "\n"
	  "Entity: ITU\n"
	  "--XyZ--\n",
	  0, CP_OK, STD, "", "", "", 3,
	  { { "body", "Please record the following.\n", 0, 0, 1, 0 },
	    { "notes.txt", "Entity: UNODC\nMandate: N-1\n", 0, 0, 0, 0 },
	    { "MORE.TXT", "Entity: ITU", 0, 0, 0, 0 } } },

	{ "attachment file names: RFC 2231, RFC 2047, a path",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: attachment;\n"
	  " filename*=utf-8''notes%20%C3%A9.txt\n"
	  "\n"
	  "one\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8;\n"
	  " name=\"=?utf-8?q?r=C3=A9sum=C3=A9.txt?=\"\n"
	  "\n"
	  "two\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: attachment; filename*0=\"long\";\n"
	  " filename*1=\"name.txt\"\n"
	  "\n"
	  "three\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: attachment; filename=\"C:\\\\docs\\\\x.TXT\"\n"
	  "\n"
	  "four\n"
	  "--b--\n",
	  0, CP_OK, STD, "", "", "", 4,
	  { { "notes \xC3\xA9.txt", "one", 0, 0, 0, 0 },
	    { "r\xC3\xA9sum\xC3\xA9.txt", "two", 0, 0, 0, 0 },
	    { "longname.txt", "three", 0, 0, 0, 0 },
	    { "x.TXT", "four", 0, 0, 0, 0 } } },

	{ "nested multipart: mixed > alternative > related",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=outer\n"
	  "\n"
	  "--outer\n"
	  "Content-Type: multipart/alternative; boundary=alt\n"
	  "\n"
	  "--alt\n"
	  "Content-Type: multipart/related; boundary=rel\n"
	  "\n"
	  "--rel\n"
	  "Content-Type: text/html; charset=utf-8\n"
	  "\n"
	  "<p>html</p>\n"
	  "--rel\n"
	  "Content-Type: image/png\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "iVBORw0K\n"
	  "--rel--\n"
	  "\n"
	  "--alt--\n"
	  "\n"
	  "--outer\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: attachment; filename=notes.txt\n"
	  "\n"
	  "Entity: UNODC\n"
	  "--outer--\n",
	  0, CP_OK, STD, "", "", "", 2,
	  { { "body", "<p>html</p>", 0, 1, 0, 0 },
	    { "notes.txt", "Entity: UNODC", 0, 0, 0, 0 } } },

	{ "text/plain attachment without name is not the body",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Disposition: attachment\n"
	  "\n"
	  "not me\n"
	  "--b\n"
	  "Content-Type: text/html; charset=utf-8\n"
	  "\n"
	  "<p>me</p>\n"
	  "--b--\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "<p>me</p>", 0, 1, 0, 0 } } },

	{ "message/rfc822 not descended",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "See the forwarded message.\n"
	  "--b\n"
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "From: old@unodc.org\n"
	  "Subject: old\n"
	  "Content-Type: multipart/mixed; boundary=c\n"
	  "\n"
	  "--c\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "Entity: OLD\n"
	  "--c\n"
	  "Content-Type: text/plain; name=old.txt\n"
	  "\n"
	  "Entity: OLD\n"
	  "--c--\n"
	  "--b--\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "See the forwarded message.", 0, 0, 0, 0 } } },

	{ "only a forwarded message: no text",
	  HDRS
	  "Content-Type: message/rfc822\n"
	  "\n"
	  "From: old@unodc.org\n"
	  "\n"
	  "Entity: OLD\n",
	  0, CP_OK, STD, "", "", "", 0, { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "format=flowed; delsp=yes",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8; Format=Flowed; "
	  "DelSp=YES\n"
	  "\n"
	  "a \n"
	  "b\n",
	  0, CP_OK, STD, "", "", "", 1,
	  { { "body", "a \nb\n", 0, 0, 1, 1 } } },

	{ "delsp=yes without format=flowed is ignored",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8; delsp=yes\n"
	  "\n"
	  "a\n",
	  0, CP_OK, STD, "", "", "", 1, { { "body", "a\n", 0, 0, 0, 0 } } },

	{ "RFC 2047 subject: Q latin1",
	  "From: a@b.org\n"
	  "Subject: =?iso-8859-1?Q?Mise_=E0_jour?=\n"
	  "\n"
	  "x\n",
	  0, CP_OK, NULL, "a@b.org", "Mise \xC3\xA0 jour", NULL, "", "", "", 1,
	  { { "body", "x\n", 0, 0, 0, 0 } } },

	{ "RFC 2047 subject: B utf-8, lower-case b",
	  "From: a@b.org\n"
	  "Subject: =?UTF-8?b?TWlzZSDDoCBqb3Vy?=\n"
	  "\n"
	  "x\n",
	  0, CP_OK, NULL, "a@b.org", "Mise \xC3\xA0 jour", NULL, "", "", "", 1,
	  { { "body", "x\n", 0, 0, 0, 0 } } },

	{ "RFC 2047 subject: words joined, text kept, split character",
	  "From: a@b.org\n"
	  "Subject: Re: =?utf-8?q?caf=C3?=\n"
	  "  =?utf-8?q?=A9?= =?utf-8?Q?_ok?= now =?x-klingon?q?abc?=\n"
	  "\n"
	  "x\n",
	  0, CP_OK, NULL, "a@b.org",
	  "Re: caf\xC3\xA9 ok now =?x-klingon?q?abc?=", NULL, "", "", "", 1,
	  { { "body", "x\n", 0, 0, 0, 0 } } },

	{ "RFC 2047 subject: control characters become spaces",
	  "From: a@b.org\n"
	  "Subject: =?utf-8?q?a=0D=0Ab=09c?=\n"
	  "\n",
	  0, CP_OK, NULL, "a@b.org", "a b c", NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "unknown charset",
	  HDRS
	  "Content-Type: text/plain; charset=\"X-Klingon\"\n"
	  "\n"
	  "Entity: UNODC\n",
	  0, CP_ECHARSET, STD, "", "", "body: unknown charset \"x-klingon\"",
	  0, { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "unknown charset named with bytes past ASCII: quoted as '?'",
	  HDRS
	  "Content-Type: text/plain; charset=\"utf\xC0\x18\x7F\xFFX\"\n"
	  "\n"
	  "Entity: UNODC\n",
	  0, CP_ECHARSET, STD, "", "", "body: unknown charset \"utf????x\"",
	  0, { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "unknown charset in an attachment drops every part",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "body\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=x-foo; name=n.txt\n"
	  "\n"
	  "x\n"
	  "--b--\n",
	  0, CP_ECHARSET, STD, "", "", "n.txt: unknown charset \"x-foo\"", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "invalid UTF-8 replaced and counted",
	  HDRS
	  "Content-Type: text/plain; charset=UTF-8\n"
	  "Content-Transfer-Encoding: 8bit\n"
	  "\n"
	  "a\xFF" "b\xC0\xAF" "c\n",
	  0, CP_OK, STD, "",
	  "body: 3 invalid bytes in charset \"utf-8\" replaced with U+FFFD",
	  "", 1, { { "body", "a" FFFD "b" FFFD FFFD "c\n", 0, 0, 0, 0 } } },

	{ "U+FFFF replaced, warning per part",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: quoted-printable\n"
	  "\n"
	  "x=EF=BF=BFy\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=us-ascii; name=a.txt\n"
	  "\n"
	  "\xE9\xE9\n"
	  "--b--\n",
	  0, CP_OK, STD, "",
	  "body: 1 invalid byte in charset \"utf-8\" replaced with U+FFFD|"
	  "a.txt: 2 invalid bytes in charset \"us-ascii\" replaced with U+FFFD",
	  "", 2,
	  { { "body", "x" FFFD "y", 0, 0, 0, 0 },
	    { "a.txt", FFFD FFFD, 0, 0, 0, 0 } } },

	{ "Authentication-Results collected in order, unfolded",
	  "Authentication-Results: mx.example.org;\n"
	  "\tdkim=pass header.d=unodc.org;\n"
	  "\tdmarc=pass header.from=unodc.org\n"
	  "Received: from x by y\n"
	  "authentication-results: other.example; spf=fail\n"
	  "From: a@unodc.org\n"
	  "\n"
	  "x\n",
	  0, CP_OK, NULL, "a@unodc.org", NULL, NULL,
	  "mx.example.org;\tdkim=pass header.d=unodc.org;\tdmarc=pass "
	  "header.from=unodc.org|other.example; spf=fail",
	  "", "", 1, { { "body", "x\n", 0, 0, 0, 0 } } },

	{ "Message-ID without brackets; first of two taken",
	  "Message-Id: foo@bar\n"
	  "Message-ID: <second@bar>\n"
	  "\n",
	  0, CP_OK, "foo@bar", NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "Message-ID with inner space and a comment",
	  "Message-ID: < id@host > (comment)\n"
	  "\n",
	  0, CP_OK, "id@host", NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "empty Message-ID is none",
	  "Message-ID: <>\n"
	  "\n",
	  0, CP_OK, NULL, NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	/* two mailboxes: no sender (message.c refuses the message) */
	{ "From: several mailboxes, upper case, encoded name",
	  "From: =?utf-8?q?J=C3=B6rg?= \"Doe, J\" <J.Doe@Example.ORG>,\n"
	  " other@x.org\n"
	  "\n",
	  0, CP_OK, NULL, NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "From: bare address",
	  "From: FOCAL@UNICEF.ORG\n"
	  "\n",
	  0, CP_OK, NULL, "focal@unicef.org", NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "From: group",
	  "From: Team: A@B.org, c@d.org;\n"
	  "\n",
	  0, CP_OK, NULL, NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "From: group of one",
	  "From: Team: A@B.org;\n"
	  "\n",
	  0, CP_OK, NULL, "a@b.org", NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "From: no address",
	  "From: undisclosed\n"
	  "\n",
	  0, CP_OK, NULL, NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "broken base64 is an error naming the part",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "RW50a*XR5\n",
	  0, CP_EPARSE, STD, "", "",
	  "body: broken base64 (a character outside the base64 alphabet)", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "base64 data after padding",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "QQ==QQ==\n",
	  0, CP_EPARSE, STD, "", "",
	  "body: broken base64 (data after the '=' padding)", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "base64 truncated group",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: base64\n"
	  "\n"
	  "QUJDR\n",
	  0, CP_EPARSE, STD, "", "",
	  "body: broken base64 (a truncated last group)", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "base64 without padding accepted",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: BASE64\n"
	  "\n"
	  "QUJD\n"
	  "RA\n",
	  0, CP_OK, STD, "", "", "", 1, { { "body", "ABCD", 0, 0, 0, 0 } } },

	{ "unknown transfer encoding",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: x-uuencode\n"
	  "\n"
	  "begin 644 x\n",
	  0, CP_EPARSE, STD, "", "",
	  "body: unknown Content-Transfer-Encoding \"x-uuencode\"", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "unknown transfer encoding with control bytes: quoted as '?'",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Content-Transfer-Encoding: X-\x7F\x01Y\n"
	  "\n"
	  "x\n",
	  0, CP_EPARSE, STD, "", "",
	  "body: unknown Content-Transfer-Encoding \"x-??y\"", 0,
	  { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "missing final boundary accepted",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=b\n"
	  "\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "body text\n"
	  "--b\n"
	  "Content-Type: text/plain; charset=utf-8; name=n.txt\n"
	  "\n"
	  "att text\n",
	  0, CP_OK, STD, "", "", "", 2,
	  { { "body", "body text", 0, 0, 0, 0 },
	    { "n.txt", "att text", 0, 0, 0, 0 } } },

	{ "boundary never found",
	  HDRS
	  "Content-Type: multipart/mixed; boundary=nothere\n"
	  "\n"
	  "--other\n"
	  "Content-Type: text/plain\n"
	  "\n"
	  "x\n",
	  0, CP_EPARSE, STD, "", "",
	  "message: cannot parse MIME structure (multipart/mixed without any "
	  "part: boundary not found)",
	  0, { { NULL, NULL, 0, 0, 0, 0 } } },

	{ "NUL byte in the body kept, length counts it",
	  HDRS
	  "Content-Type: text/plain; charset=utf-8\n"
	  "\n"
	  "a\0b\n",
	  sizeof(HDRS "Content-Type: text/plain; charset=utf-8\n\na\0b\n") - 1,
	  CP_OK, STD, "", "", "", 1, { { "body", "a\0b\n", 4, 0, 0, 0 } } },

	{ "NUL byte in a header: value kept, MIME fields still read",
	  "From: a@b.org\n"
	  "Subject: a\0b\n"
	  "X-Junk: \0\n"
	  "Content-Type: text/plain; charset=iso-8859-1\n"
	  "\n"
	  "\xE9\n",
	  sizeof("From: a@b.org\nSubject: a\0b\nX-Junk: \0\nContent-Type: "
		 "text/plain; charset=iso-8859-1\n\n\xE9\n") - 1,
	  CP_OK, NULL, "a@b.org", "a" FFFD "b", NULL, "", "", "", 1,
	  { { "body", "\xC3\xA9\n", 0, 0, 0, 0 } } },

	{ "headers only, no line end at the end",
	  "From: a@b.org\n"
	  "Content-Type: text/plain; charset=utf-8\n"
	  "Subject: only headers",
	  0, CP_OK, NULL, "a@b.org", "only headers", NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },

	{ "header block without the blank line",
	  "From: a@b.org\n"
	  "Subject: x\n"
	  "Hello there\n"
	  "Entity: UNODC\n",
	  0, CP_OK, NULL, "a@b.org", "x", NULL, "", "", "", 1,
	  { { "body", "Hello there\nEntity: UNODC\n", 0, 0, 0, 0 } } },

	{ "empty message",
	  "", 0, CP_OK, NULL, NULL, NULL, NULL, "", "", "", 1,
	  { { "body", "", 0, 0, 0, 0 } } },
};

static char *
joined(const struct cp_strlist *l)
{
	struct cp_buf b = {0};
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			cp_buf_addc(&b, '|');
		cp_buf_adds(&b, l->v[i]);
	}
	return cp_buf_detach(&b);
}

/* An exact-size copy (no NUL after it), LF or CRLF line ends. */
static char *
copy_raw(const char *raw, size_t len, int crlf, size_t *outlen)
{
	struct cp_buf b = {0};
	char *p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (crlf && raw[i] == '\n')
			cp_buf_addc(&b, '\r');
		cp_buf_addc(&b, raw[i]);
	}
	*outlen = b.len;
	p = xmalloc(b.len ? b.len : 1);
	if (b.len)
		memcpy(p, b.s, b.len);
	cp_buf_free(&b);
	return p;
}

static void
check_message(const char *what, const struct mcase *c,
	      const struct mime_message *m, enum cp_status st,
	      const struct cp_strlist *errors)
{
	char *s;
	size_t i, n;
	const struct want_part *wp;

	T_INTEQ(st, c->st, what);
	T_CHECK(m != NULL, "%s: no message", what);
	if (m == NULL)
		return;
	T_STREQ(m->message_id, c->msgid, what);
	T_STREQ(m->from_addr, c->from, what);
	T_STREQ(m->subject, c->subject, what);
	T_STREQ(m->date, c->date, what);
	s = joined(&m->auth_results);
	T_STREQ(s, c->auth, what);
	free(s);
	s = joined(&m->warnings);
	T_STREQ(s, c->warnings, what);
	free(s);
	s = joined(errors);
	T_STREQ(s, c->errors, what);
	free(s);
	T_INTEQ(m->nparts, c->nparts, what);
	for (i = 0; i < c->nparts && i < m->nparts; i++) {
		wp = &c->parts[i];
		n = wp->len ? wp->len : strlen(wp->text);
		T_STREQ(m->parts[i].name, wp->name, what);
		T_INTEQ(m->parts[i].len, n, what);
		T_CHECK(m->parts[i].len == n &&
				memcmp(m->parts[i].text, wp->text, n) == 0 &&
				m->parts[i].text[n] == '\0',
			"%s: part %zu text \"%s\"", what, i,
			m->parts[i].text);
		T_INTEQ(m->parts[i].is_html, wp->is_html, what);
		T_INTEQ(m->parts[i].flowed, wp->flowed, what);
		T_INTEQ(m->parts[i].delsp, wp->delsp, what);
	}
}

static void
run_case(const struct mcase *c, int crlf)
{
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	size_t len;
	char *raw, what[256];
	enum cp_status st;

	cp_limits_default(&lim);
	raw = copy_raw(c->raw, c->rawlen ? c->rawlen : strlen(c->raw), crlf,
		       &len);
	snprintf(what, sizeof(what), "%s (%s)", c->what, crlf ? "CRLF" : "LF");
	st = mime_parse(raw, len, &lim, &m, &errors);
	check_message(what, c, m, st, &errors);
	mime_message_free(m);
	cp_strlist_free(&errors);
	free(raw);
}

/* mime_parse_headers(): the header fields of a prefix, no parts. */
static void
headers_only(void)
{
	static const char prefix[] =
		"From: Focal <FOCAL@unodc.org>\n"
		"Subject: =?utf-8?q?Big_update_=E2=80=94_part_1?=\n"
		"Message-ID: <big@unodc.org>\n"
		"Authentication-Results: mx; dkim=pass\n"
		"Content-Type: text/plain; charset=x-klingon\n"
		"\n"
		"Entity: UNODC\n"
		"Summary: the message goes on far beyond th";
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	size_t len;
	char *raw;
	int crlf;

	cp_limits_default(&lim);
	for (crlf = 0; crlf <= 1; crlf++) {
		raw = copy_raw(prefix, sizeof(prefix) - 1, crlf, &len);
		T_INTEQ(mime_parse_headers(raw, len, &lim, &m, &errors), CP_OK,
			"headers only");
		T_CHECK(m != NULL, "headers only: message");
		if (m != NULL) {
			T_STREQ(m->from_addr, "focal@unodc.org",
				"headers only");
			T_STREQ(m->subject, "Big update \xE2\x80\x94 part 1",
				"headers only");
			T_STREQ(m->message_id, "big@unodc.org", "headers only");
			T_INTEQ(m->auth_results.n, 1, "headers only");
			T_INTEQ(m->nparts, 0, "headers only");
			T_INTEQ(m->warnings.n, 0, "headers only");
		}
		T_INTEQ(errors.n, 0, "headers only: no errors");
		mime_message_free(m);
		m = NULL;
		cp_strlist_free(&errors);
		free(raw);
	}
}

/*
 * The header block over lim->max_header_size: CP_ETOOBIG, and the fields
 * within the limit are still read (by both functions).
 */
static void
header_too_big(void)
{
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	struct cp_buf b = {0};
	enum cp_status st;
	char *raw, want[200];
	int i, which;

	cp_limits_default(&lim);
	lim.max_header_size = 200;
	cp_buf_adds(&b, "Message-ID: <big@x>\nFrom: a@b.org\n");
	for (i = 0; i < 20; i++)
		cp_buf_adds(&b, "X-Filler: 0123456789\n");
	cp_buf_adds(&b, "Subject: too late\n\nbody\n");
	snprintf(want, sizeof(want),
		 "message: header block is %zu bytes, over the limit of 200 "
		 "bytes (limits: max_header_size)",
		 b.len - 6);
	raw = xmalloc(b.len);
	memcpy(raw, b.s, b.len);
	for (which = 0; which < 2; which++) {
		st = which ? mime_parse_headers(raw, b.len, &lim, &m, &errors)
			   : mime_parse(raw, b.len, &lim, &m, &errors);
		T_INTEQ(st, CP_ETOOBIG, "header too big");
		T_CHECK(m != NULL, "header too big: message");
		if (m != NULL) {
			T_STREQ(m->message_id, "big@x", "header too big");
			T_STREQ(m->from_addr, "a@b.org", "header too big");
			T_STREQ(m->subject, NULL, "header too big");
			T_INTEQ(m->nparts, 0, "header too big");
		}
		T_INTEQ(errors.n, 1, "header too big: errors");
		if (errors.n == 1)
			T_STREQ(errors.v[0], want, "header too big");
		mime_message_free(m);
		m = NULL;
		cp_strlist_free(&errors);
	}
	/* As message.c calls it: only the first max_header_size bytes. */
	T_INTEQ(mime_parse_headers(raw, 200, &lim, &m, &errors), CP_OK,
		"header prefix");
	T_STREQ(m ? m->message_id : NULL, "big@x", "header prefix");
	T_STREQ(m ? m->from_addr : NULL, "a@b.org", "header prefix");
	T_STREQ(m ? m->subject : NULL, NULL, "header prefix");
	T_INTEQ(errors.n, 0, "header prefix: errors");
	mime_message_free(m);
	cp_strlist_free(&errors);
	free(raw);
	cp_buf_free(&b);
}

/* The whole message over lim->max_message_size. */
static void
message_too_big(void)
{
	static const char msg[] = "Subject: s\n\n0123456789012345678901234567"
				  "890123456789\n";
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	char want[128];

	cp_limits_default(&lim);
	lim.max_message_size = 20;
	T_INTEQ(mime_parse(msg, sizeof(msg) - 1, &lim, &m, &errors),
		CP_ETOOBIG, "message too big");
	/* counted as IMAP counts it: each of its 3 LFs as CRLF */
	snprintf(want, sizeof(want),
		 "message: %zu bytes, over the limit of 20 bytes "
		 "(limits: max_message_size)",
		 sizeof(msg) - 1 + 3);
	T_INTEQ(errors.n, 1, "message too big: errors");
	if (errors.n == 1)
		T_STREQ(errors.v[0], want, "message too big");
	T_STREQ(m ? m->subject : NULL, "s", "message too big");
	T_INTEQ(m ? m->nparts : 99, 0, "message too big");
	mime_message_free(m);
	cp_strlist_free(&errors);

	/* 18 bytes with LF line ends, 21 with CRLF: at a limit of 21 it is
	 * read, at 20 (or 18) it is over. */
	lim.max_message_size = 21;
	m = NULL;
	T_INTEQ(mime_parse("Subject: s\n\n0123\n", 18, &lim, &m, NULL),
		CP_OK, "at the limit by CRLF count");
	mime_message_free(m);
	lim.max_message_size = 20;
	m = NULL;
	T_INTEQ(mime_parse("Subject: s\n\n0123\n", 18, &lim, &m, NULL),
		CP_ETOOBIG, "over the limit by CRLF count only");
	mime_message_free(m);
	m = NULL;
	T_INTEQ(mime_parse("Subject: s\r\n\r\n0123\r\n", 21, &lim, &m,
			   NULL),
		CP_ETOOBIG, "over the limit with CRLF line ends");
	mime_message_free(m);
}

/* 5,000 header lines: read quickly, the body found after them. */
static void
many_headers(void)
{
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	struct cp_buf b = {0};
	clock_t t0;
	double secs;
	char *raw;
	int i;

	cp_limits_default(&lim);
	for (i = 0; i < 5000; i++)
		cp_buf_addf(&b,
			    "Received: from relay%d.example.org by "
			    "mx.example.org;\n"
			    "\tMon, 2 Mar 2026 10:00:00 +0000\n",
			    i);
	cp_buf_adds(&b, "From: a@b.org\nSubject: deep\n"
			"Content-Type: text/plain; charset=utf-8\n\nbody\n");
	raw = xmalloc(b.len);
	memcpy(raw, b.s, b.len);
	t0 = clock();
	T_INTEQ(mime_parse(raw, b.len, &lim, &m, &errors), CP_OK,
		"5,000 header lines");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	T_CHECK(secs < 5.0, "5,000 header lines took %.2f s", secs);
	T_STREQ(m ? m->subject : NULL, "deep", "5,000 header lines");
	T_INTEQ(m ? m->nparts : 0, 1, "5,000 header lines");
	if (m != NULL && m->nparts == 1)
		T_STREQ(m->parts[0].text, "body\n", "5,000 header lines");
	mime_message_free(m);
	cp_strlist_free(&errors);
	free(raw);
	cp_buf_free(&b);
}

/*
 * Nested multiparts: a reasonable depth is read, a hostile one is refused
 * before libetpan recurses.
 */
static void
nesting(int depth, enum cp_status want_st)
{
	struct cp_limits lim;
	struct cp_strlist errors = {0};
	struct mime_message *m = NULL;
	struct cp_buf b = {0};
	char *raw, what[64];
	int i;

	cp_limits_default(&lim);
	snprintf(what, sizeof(what), "nesting %d", depth);
	cp_buf_adds(&b, "From: a@b.org\n");
	for (i = 0; i < depth; i++)
		cp_buf_addf(&b, "Content-Type: multipart/mixed; boundary=b%d\n"
				"\n--b%d\n",
			    i, i);
	cp_buf_adds(&b, "Content-Type: text/plain\n\ndeep\n");
	for (i = depth - 1; i >= 0; i--)
		cp_buf_addf(&b, "--b%d--\n", i);
	raw = xmalloc(b.len);
	memcpy(raw, b.s, b.len);
	T_INTEQ(mime_parse(raw, b.len, &lim, &m, &errors), want_st, what);
	if (want_st == CP_OK) {
		T_INTEQ(m ? m->nparts : 0, 1, what);
		if (m != NULL && m->nparts == 1)
			T_STREQ(m->parts[0].text, "deep", what);
	} else {
		T_INTEQ(errors.n, 1, what);
		if (errors.n == 1)
			T_CHECK(strstr(errors.v[0], "too many multipart") !=
					NULL,
				"%s: %s", what, errors.v[0]);
	}
	mime_message_free(m);
	cp_strlist_free(&errors);
	free(raw);
	cp_buf_free(&b);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_case(&cases[i], 0);
		run_case(&cases[i], 1);
	}
	headers_only();
	header_too_big();
	message_too_big();
	many_headers();
	nesting(40, CP_OK);
	nesting(5000, CP_ETOOBIG);
	return t_done("mime");
}
