/* SPDX-License-Identifier: MIT */
/*
 * test_entry.c - entry_parse_lines(): the deb822 entry format and the
 * field rules of SPEC §1, from hand-built logical lines.
 *
 * Input: lines separated by "\n", numbered from 1; a line starting with
 * '>' is passed as quoted; "{NUL}" stands for a NUL byte inside a line.
 * Expected entries: one a line, "LINENO[ W] Field@LINE=value; ..." with
 * the fields in enum order, "W" for Action: withdraw, and newlines inside
 * a value written "\n" (backslash, n).  Expected errors: one a line, each
 * a substring of the error at the same position; the number of errors
 * must match too.
 */
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "entry.h"
#include "utf8.h"
#include "t.h"
#include "text.h"
#include "xmalloc.h"

struct ecase {
	const char *in;
	enum cp_status st;
	const char *want;  /* entries; "" for none */
	const char *errs;  /* NULL: none */
	size_t max_field;  /* 0: default */
	size_t max_entries;/* 0: default */
	const char *part;  /* NULL: "body" */
};

#define M_ "Entity: UNODC\nMandate: M1\n"
#define W_ "2 Entity@2=UNODC; Mandate@3=M1"

static const struct ecase cases[] = {
	/* ---- the example of SPEC §1, whole ---- */
	{"Entity: UNODC\n"
	 "Mandate: CCPCJ-22/8\n"
	 "Title: Central data repository on cybercrime\n"
	 "Instrument: Commission on Crime Prevention and Criminal Justice "
	 "resolution 22/8\n"
	 "Adopted: 2013-04-26\n"
	 "Areas: technical; capacity-building\n"
	 "Themes: criminal justice; best practices\n"
	 "URL: https://www.unodc.org/\n"
	 "Summary: Requests UNODC to develop a central data repository on "
	 "cybercrime\n"
	 " legislation, case examples, best practices and lessons learned.\n"
	 " .\n"
	 " A second paragraph.\n"
	 "Reason: Repository launched; summary brought up to date.\n",
	 CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=CCPCJ-22/8; "
	 "Title@3=Central data repository on cybercrime; "
	 "Instrument@4=Commission on Crime Prevention and Criminal Justice "
	 "resolution 22/8; Adopted@5=2013-04-26; "
	 "Areas@6=technical\\ncapacity-building; "
	 "Themes@7=criminal justice\\nbest practices; "
	 "URL@8=https://www.unodc.org/; "
	 "Summary@9=Requests UNODC to develop a central data repository on "
	 "cybercrime legislation, case examples, best practices and lessons "
	 "learned.\\n\\nA second paragraph.; "
	 "Reason@13=Repository launched; summary brought up to date.",
	 NULL, 0, 0, NULL},

	/* ---- field names: case-insensitive; space before the colon ---- */
	{"ENTITY: UNODC\nmandate: M1\nTiTlE: t\nurl: https://a.org/\n"
	 "AREAS: Legal\nsummary: s\nreason: r\naction: UPDATE\n",
	 CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Action@8=UPDATE; Title@3=t; "
	 "Areas@5=legal; URL@4=https://a.org/; Summary@6=s; Reason@7=r",
	 NULL, 0, 0, NULL},
	{"Entity : UNODC\nMandate\t: M1\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1", NULL, 0, 0, NULL},
	/* the entity code is kept as written: apply.c maps it */
	{"Entity: unodc\nMandate: M1\n", CP_OK,
	 "1 Entity@1=unodc; Mandate@2=M1", NULL, 0, 0, NULL},

	/* ---- continuation lines, paragraphs, trimming ---- */
	{M_ "Summary: a\n b\n\tc\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a b c", NULL, 0, 0, NULL},
	{M_ "Summary: a\n b\n .\n c\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a b\\n\\nc", NULL, 0, 0,
	 NULL},
	/* " . " with white space around, tab-dot, several dots: one break */
	{M_ "Summary: a\n . \n\t.\n  .\n b\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a\\n\\nb", NULL, 0, 0,
	 NULL},
	/* leading and trailing paragraph breaks are dropped */
	{M_ "Summary:\n .\n a\n .\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a", NULL, 0, 0, NULL},
	/* only "." alone is a break; ".." and ". x" are text */
	{M_ "Summary: a\n ..\n . x\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a .. . x", NULL, 0, 0,
	 NULL},
	/* "." on the first line is text, not a break */
	{M_ "Title: .\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=.", NULL, 0, 0, NULL},
	/* white space at line ends dropped, inside a line kept */
	{M_ "Title:   a  b \t \n   c   d  \n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a  b c   d", NULL, 0, 0,
	 NULL},
	{M_ "Title: a\tb\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\tb", NULL, 0, 0, NULL},
	/* the value may start on the continuation line */
	{M_ "Summary:\n first\n second\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=first second", NULL, 0,
	 0, NULL},
	/* a line of only white space is a blank line: it ends the entry */
	{M_ "Summary: a\n \t \n b\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a", NULL, 0, 0, NULL},
	/* Title keeps paragraphs too */
	{M_ "Title: a\n .\n b\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\\n\\nb", NULL, 0, 0,
	 NULL},
	/* trailing CR left by a mail client */
	{M_ "Title: a \r\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a", NULL, 0, 0, NULL},

	/* ---- prose around entries ---- */
	{"Please record the following:\n" M_ "Title: t\n", CP_OK,
	 "2 Entity@2=UNODC; Mandate@3=M1; Title@4=t", NULL, 0, 0, NULL},
	/* a `Name: value` prose line above the first known field is prose */
	{"Dear colleagues,\nNote: see below\n  indented prose\n" M_, CP_OK,
	 "4 Entity@4=UNODC; Mandate@5=M1", NULL, 0, 0, NULL},
	/* after the first known field, prose is an error naming the line */
	{M_ "Thanks for your help\nTitle: t\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@4=t",
	 "body line 3: UNODC/M1: \"Thanks for your help\" is neither a field",
	 0, 0, NULL},
	/* greetings in their own blocks are ignored */
	{"Hello,\n\n" M_ "\nBest regards,\nJane\n", CP_OK,
	 "3 Entity@3=UNODC; Mandate@4=M1", NULL, 0, 0, NULL},
	/* a block without Mandate is not an entry, whatever it holds */
	{"Entity: UNODC\nTitle: t\nColour: red\n\n"
	 "Entity: ITU\nMandate: M2\n", CP_OK,
	 "5 Entity@5=ITU; Mandate@6=M2", NULL, 0, 0, NULL},
	{"Hello\nfoo: bar\n", CP_OK, "", NULL, 0, 0, NULL},
	{"", CP_OK, "", NULL, 0, 0, NULL},
	/* the Mandate line may come first; the Entity line later */
	{"Mandate: M1\nTitle: t\nEntity: UNODC\n", CP_OK,
	 "1 Entity@3=UNODC; Mandate@1=M1; Title@2=t", NULL, 0, 0, NULL},
	/* two entries, in order */
	{M_ "\nEntity: ITU\nMandate: M2\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1\n4 Entity@4=ITU; Mandate@5=M2", NULL,
	 0, 0, NULL},

	/* ---- quoted lines ---- */
	{"> Entity: UNODC\n> Mandate: M1\n", CP_OK, "", NULL, 0, 0, NULL},
	/* a quote ends the block: the Title after it is a new block */
	{M_ "> Title: old\nTitle: new\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1", NULL, 0, 0, NULL},
	/* a quote inside a value ends the value too */
	{M_ "Summary: a\n> b\n c\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a", NULL, 0, 0, NULL},
	/* an entry below a quote is read */
	{"> Entity: UNODC\n> Mandate: M1\n" "Entity: ITU\nMandate: M2\n", CP_OK,
	 "3 Entity@3=ITU; Mandate@4=M2", NULL, 0, 0, NULL},

	/* ---- Entity and Mandate syntax ---- */
	{"Entity: UN-Women\nMandate: A.b/c_d-1\n", CP_OK,
	 "1 Entity@1=UN-Women; Mandate@2=A.b/c_d-1", NULL, 0, 0, NULL},
	{"Entity: UN Women\nMandate: M1\n", CP_EPARSE,
	 "1 Entity@1=UN Women; Mandate@2=M1",
	 "body line 1: UN Women/M1: Entity: not an entity code", 0, 0, NULL},
	{"Entity: UN_Women\nMandate: M1\n", CP_EPARSE,
	 "1 Entity@1=UN_Women; Mandate@2=M1",
	 "body line 1: UN_Women/M1: Entity: not an entity code", 0, 0, NULL},
	{"Entity: ABCDEFGHIJKLMNOPQRSTUVWXYZ012345\nMandate: M1\n", CP_OK,
	 "1 Entity@1=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345; Mandate@2=M1", NULL, 0,
	 0, NULL},
	{"Entity: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\nMandate: M1\n",
	 CP_EPARSE,
	 "1 Entity@1=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456; Mandate@2=M1",
	 "Entity: not an entity code (1-32", 0, 0, NULL},
	{"Entity: UNODC\nMandate: a b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=a b",
	 "body line 2: UNODC/a b: Mandate: not a mandate identifier", 0, 0,
	 NULL},
	{"Entity: UNODC\nMandate: R\xC3\xA9solution\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=R\xC3\xA9solution",
	 "body line 2: UNODC/R\xC3\xA9solution: Mandate: not a mandate", 0, 0,
	 NULL},
	{"Entity: UNODC\nMandate: "
	 "0123456789012345678901234567890123456789012345678901234567890123\n",
	 CP_OK,
	 "1 Entity@1=UNODC; Mandate@2="
	 "0123456789012345678901234567890123456789012345678901234567890123",
	 NULL, 0, 0, NULL},
	{"Entity: UNODC\nMandate: "
	 "01234567890123456789012345678901234567890123456789012345678901234\n",
	 CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2="
	 "01234567890123456789012345678901234567890123456789012345678901234",
	 "body line 2: UNODC/0123456789012345678901234567890123456789012345678"
	 "901234567890123",
	 0, 0, NULL},
	/* Mandate is case-sensitive: kept as written */
	{"Entity: UNODC\nMandate: ccpcj-22/8\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=ccpcj-22/8", NULL, 0, 0, NULL},
	/* missing Entity: named "?" */
	{"Mandate: M1\nTitle: t\n", CP_EPARSE,
	 "1 Mandate@1=M1; Title@2=t",
	 "body line 1: ?/M1: Entity: missing required field", 0, 0, NULL},

	/* ---- Action ---- */
	{M_ "Action: update\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Action@3=update", NULL, 0, 0, NULL},
	{M_ "Action: Withdraw\nReason: obsolete\n", CP_OK,
	 "1 W Entity@1=UNODC; Mandate@2=M1; Action@3=Withdraw; "
	 "Reason@4=obsolete",
	 NULL, 0, 0, NULL},
	{M_ "Action: delete\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Action@3=delete",
	 "body line 3: UNODC/M1: Action: \"delete\" is neither update nor "
	 "withdraw",
	 0, 0, NULL},
	{M_ "Action: withdraw\nTitle: t\nAreas: legal\n", CP_EPARSE,
	 "1 W Entity@1=UNODC; Mandate@2=M1; Action@3=withdraw; Title@4=t; "
	 "Areas@5=legal",
	 "body line 4: UNODC/M1: Title: cannot be given with Action: withdraw\n"
	 "body line 5: UNODC/M1: Areas: cannot be given with Action: withdraw",
	 0, 0, NULL},

	/* ---- Adopted ---- */
	{M_ "Adopted: 2013\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013", NULL, 0, 0, NULL},
	{M_ "Adopted: 2013-04\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-04", NULL, 0, 0,
	 NULL},
	{M_ "Adopted:  2013-04-26 \n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-04-26", NULL, 0, 0,
	 NULL},
	{M_ "Adopted: 2012-02-29\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2012-02-29", NULL, 0, 0,
	 NULL},
	{M_ "Adopted: 2000-02-29\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2000-02-29", NULL, 0, 0,
	 NULL},
	{M_ "Adopted: 2013-02-29\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-02-29",
	 "body line 3: UNODC/M1: Adopted: \"2013-02-29\" is not a real date",
	 0, 0, NULL},
	{M_ "Adopted: 1900-02-29\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=1900-02-29",
	 "Adopted: \"1900-02-29\" is not a real date", 0, 0, NULL},
	{M_ "Adopted: 2013-13\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-13",
	 "Adopted: \"2013-13\" is not a real date", 0, 0, NULL},
	{M_ "Adopted: 0000\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=0000",
	 "Adopted: \"0000\" is not a real date", 0, 0, NULL},
	{M_ "Adopted: 2013-00\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-00",
	 "Adopted: \"2013-00\"", 0, 0, NULL},
	{M_ "Adopted: 2013-04-31\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-04-31",
	 "Adopted: \"2013-04-31\"", 0, 0, NULL},
	{M_ "Adopted: 2013-04-00\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-04-00",
	 "Adopted: \"2013-04-00\"", 0, 0, NULL},
	{M_ "Adopted: 2013-4-26\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-4-26",
	 "Adopted: \"2013-4-26\"", 0, 0, NULL},
	{M_ "Adopted: 2013/04/26\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013/04/26",
	 "Adopted: \"2013/04/26\"", 0, 0, NULL},
	{M_ "Adopted: 26 April 2013\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=26 April 2013",
	 "Adopted: \"26 April 2013\"", 0, 0, NULL},
	{M_ "Adopted: 2013-04-26T10:00\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Adopted@3=2013-04-26T10:00",
	 "Adopted: \"2013-04-26T10:00\"", 0, 0, NULL},

	/* ---- Areas ---- */
	{M_ "Areas: Technical; capacity-building, LEGAL;technical;\n"
	 " cooperation ,policy\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Areas@3=legal\\npolicy\\ntechnical\\n"
	 "capacity-building\\ncooperation",
	 NULL, 0, 0, NULL},
	{M_ "Areas: ;legal;;\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Areas@3=legal", NULL, 0, 0, NULL},
	{M_ "Areas: legal; cyber; capacity building\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Areas@3=legal",
	 "body line 3: UNODC/M1: Areas: unknown area \"cyber\"\n"
	 "body line 3: UNODC/M1: Areas: unknown area \"capacity building\"",
	 0, 0, NULL},

	/* ---- Themes ---- */
	{M_ "Themes: b; a, c\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=b\\na\\nc", NULL, 0, 0,
	 NULL},
	{M_ "Themes:  criminal justice ; Best practices,criminal JUSTICE;  ;"
	 " best practices\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=criminal justice\\n"
	 "Best practices",
	 NULL, 0, 0, NULL},
	{M_ "Themes: \xC3\x89" "ducation; \xC3\xA9" "ducation; \xC3\x89"
	 "DUCATION; sant\xC3\xA9\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=\xC3\x89" "ducation\\n"
	 "sant\xC3\xA9",
	 NULL, 0, 0, NULL},
	{M_ "Themes: \xCE\xA9mega; \xCF\x89MEGA\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=\xCE\xA9mega", NULL, 0, 0,
	 NULL},
	/* white space inside a theme is kept as written */
	{M_ "Themes: child  protection\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=child  protection", NULL,
	 0, 0, NULL},
	/* a list continues on the next line; items are separated by ';'
	 * or ',' only, so a line break alone joins two words */
	{M_ "Areas: legal\n technical\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Areas@3=",
	 "body line 3: UNODC/M1: Areas: unknown area \"legal technical\"", 0,
	 0, NULL},
	/* a theme may continue on the next line */
	{M_ "Themes: ICT development;\n governance\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Themes@3=ICT development\\n"
	 "governance",
	 NULL, 0, 0, NULL},

	/* ---- URL ---- */
	{M_ "URL: https://www.unodc.org/\n http://example.org/a?b=c#d\n",
	 CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=https://www.unodc.org/\\n"
	 "http://example.org/a?b=c#d",
	 NULL, 0, 0, NULL},
	{M_ "URL: https://a.org/ \t https://b.org\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=https://a.org/\\n"
	 "https://b.org",
	 NULL, 0, 0, NULL},
	{M_ "URL: HTTPS://A.ORG:8443/x\n http://[::1]/y\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=HTTPS://A.ORG:8443/x\\n"
	 "http://[::1]/y",
	 NULL, 0, 0, NULL},
	{M_ "URL: ftp://x.org/\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "body line 3: UNODC/M1: URL: not an http(s) URL: \"ftp://x.org/\"",
	 0, 0, NULL},
	{M_ "URL: https://\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"https://\"", 0, 0, NULL},
	{M_ "URL: https:///path\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"https:///path\"", 0, 0, NULL},
	{M_ "URL: javascript:alert(1)\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"javascript:alert(1)\"", 0, 0, NULL},
	{M_ "URL: www.unodc.org\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"www.unodc.org\"", 0, 0, NULL},
	{M_ "URL: http://a.org:123456/\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"http://a.org:123456/\"", 0, 0, NULL},
	{M_ "URL: http://a.org\"onmouseover/\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL", 0, 0, NULL},
	/* RFC 3986 (issue 8: these were applied and broke the export's
	 * xlink:href) */
	{M_ "URL: https://www.un.org/growth-50%\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "URL: not an http(s) URL: \"https://www.un.org/growth-50%\" (a % "
	 "not followed by two hex digits)",
	 0, 0, NULL},
	{M_ "URL: https://www.un.org/%zz\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "(a % not followed by two hex digits)", 0, 0, NULL},
	{M_ "URL: https://www.un.org/a]b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "\"https://www.un.org/a]b\" ([ or ] outside an IPv6 host)", 0, 0,
	 NULL},
	{M_ "URL: https://[zz]/\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "(not an IPv6 address between [ ])", 0, 0, NULL},
	{M_ "URL: https://evil.example@un.org/\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "(user information before the host)", 0, 0, NULL},
	{M_ "URL: https://un.org/a%20b?q=1&r=[#frag\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "([ or ] outside an IPv6 host)", 0, 0, NULL},
	{M_ "URL: https://un.org/a%20b?q=1/?&r=%7E#frag/?\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=https://un.org/a%20b?q=1/?&"
	 "r=%7E#frag/?",
	 NULL, 0, 0, NULL},
	{M_ "URL: https://un.org/a#b#c\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=",
	 "(a character that URLs cannot hold)", 0, 0, NULL},
	{M_ "URL: https://un.org/caf\xc3\xa9 https://192.0.2.1:8080/\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=https://un.org/caf\xc3\xa9\\n"
	 "https://192.0.2.1:8080/",
	 NULL, 0, 0, NULL},
	/* one bad among good ones: the good are kept, the bad named */
	{M_ "URL: https://a.org/\n mailto:x@y.org\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; URL@3=https://a.org/",
	 "body line 3: UNODC/M1: URL: not an http(s) URL: \"mailto:x@y.org\"",
	 0, 0, NULL},

	/* ---- empty values: clear, except four fields ---- */
	{M_ "Instrument:\nAdopted:  \nAreas:\nThemes:\nURL:\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Instrument@3=; Adopted@4=; "
	 "Areas@5=; Themes@6=; URL@7=",
	 NULL, 0, 0, NULL},
	{M_ "Title:\nSummary:  \n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=; Summary@4=",
	 "body line 3: UNODC/M1: Title: cannot be empty\n"
	 "body line 4: UNODC/M1: Summary: cannot be empty",
	 0, 0, NULL},
	{"Entity:\nMandate: M1\n", CP_EPARSE, "1 Entity@1=; Mandate@2=M1",
	 "body line 1: ?/M1: Entity: cannot be empty", 0, 0, NULL},
	{"Entity: UNODC\nMandate:\n", CP_EPARSE, "1 Entity@1=UNODC; Mandate@2=",
	 "body line 2: UNODC/?: Mandate: cannot be empty", 0, 0, NULL},
	/* a value of only paragraph marks is empty */
	{M_ "Summary:\n .\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=",
	 "body line 3: UNODC/M1: Summary: cannot be empty", 0, 0, NULL},

	/* ---- a field twice, an unknown field ---- */
	{M_ "Title: a\ntitle: b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a",
	 "body line 4: UNODC/M1: Title: given twice (first on line 3)", 0, 0,
	 NULL},
	{M_ "Entity: ITU\n", CP_EPARSE, "1 Entity@1=UNODC; Mandate@2=M1",
	 "body line 3: UNODC/M1: Entity: given twice (first on line 1)", 0, 0,
	 NULL},
	{M_ "Colour: red\n continued: here\nTitle: t\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@5=t",
	 "body line 3: UNODC/M1: unknown field \"Colour\"", 0, 0, NULL},
	/* named by the entity and mandate even before their lines */
	{"Mandate: M1\nFoo: x\nEntity: UNODC\n", CP_EPARSE,
	 "1 Entity@3=UNODC; Mandate@1=M1",
	 "body line 2: UNODC/M1: unknown field \"Foo\"", 0, 0, NULL},

	/* ---- control characters ---- */
	{M_ "Title: a\x01" "b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\x01" "b",
	 "body line 3: UNODC/M1: Title: control character U+0001", 0, 0, NULL},
	{M_ "Title: a\x7F" "b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\x7F" "b",
	 "body line 3: UNODC/M1: Title: control character U+007F", 0, 0, NULL},
	{M_ "Title: a\xC2\x85" "b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\xC2\x85" "b",
	 "body line 3: UNODC/M1: Title: control character U+0085", 0, 0, NULL},
	{M_ "Title: a\xC2\x9F\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\xC2\x9F",
	 "Title: control character U+009F", 0, 0, NULL},
	{M_ "Title: a\x1B[31mred\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\x1B[31mred",
	 "Title: control character U+001B", 0, 0, NULL},
	{M_ "Title: a\rb\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\rb",
	 "Title: control character U+000D", 0, 0, NULL},
	/* NUL inside a line (a text_line has its length) */
	{M_ "Title: a{NUL}b\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a",
	 "body line 3: UNODC/M1: Title: control character U+0000", 0, 0, NULL},
	/* in a continuation line, named by the field's line */
	{M_ "Summary: a\n b\x02\n", CP_EPARSE,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=a b\x02",
	 "body line 3: UNODC/M1: Summary: control character U+0002", 0, 0,
	 NULL},
	/* NBSP (C2 A0) and other non-ASCII text are fine */
	{M_ "Title: a\xC2\xA0" "b \xE2\x80\x94 c\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=a\xC2\xA0" "b \xE2\x80\x94 c",
	 NULL, 0, 0, NULL},

	/* ---- limits ---- */
	{M_ "Title: 1234567890\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=1234567890", NULL, 10, 0,
	 NULL},
	{M_ "Title: 12345678901\n", CP_ETOOBIG,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@3=",
	 "body line 3: UNODC/M1: Title: value is 11 bytes, over the limit of "
	 "10 bytes (limits: max_field_size)",
	 10, 0, NULL},
	/* joined value counts: "12345 67890" is 11 bytes */
	{M_ "Summary: 12345\n 67890\n", CP_ETOOBIG,
	 "1 Entity@1=UNODC; Mandate@2=M1; Summary@3=",
	 "body line 3: UNODC/M1: Summary: value is 11 bytes, over the limit "
	 "of 10 bytes",
	 10, 0, NULL},
	/* over a limit wins over a parse error for the status */
	{M_ "Colour: red\nTitle: 12345678901\n", CP_ETOOBIG,
	 "1 Entity@1=UNODC; Mandate@2=M1; Title@4=",
	 "body line 3: UNODC/M1: unknown field \"Colour\"\n"
	 "body line 4: UNODC/M1: Title: value is 11 bytes",
	 10, 0, NULL},
	{M_ "\nEntity: ITU\nMandate: M2\n", CP_OK,
	 "1 Entity@1=UNODC; Mandate@2=M1\n4 Entity@4=ITU; Mandate@5=M2", NULL,
	 0, 2, NULL},
	{M_ "\nEntity: ITU\nMandate: M2\n\nEntity: WFP\nMandate: M3\n",
	 CP_ETOOBIG,
	 "1 Entity@1=UNODC; Mandate@2=M1\n4 Entity@4=ITU; Mandate@5=M2",
	 "body line 7: more than 2 entries in one message (limits: "
	 "max_entries)", 0, 2, NULL},

	/* ---- the part's name in errors ---- */
	{"\n" M_ "Adopted: 2013-02-30\n", CP_EPARSE,
	 "2 Entity@2=UNODC; Mandate@3=M1; Adopted@4=2013-02-30",
	 "notes.txt line 4: UNODC/M1: Adopted: \"2013-02-30\"", 0, 0,
	 "notes.txt"},
};

/* Split the case's input into logical lines. */
static void
make_lines(const char *in, struct text_lines *tl)
{
	struct cp_buf b = {0};
	const char *p = in, *q;
	unsigned lineno = 0;
	size_t i, len;

	while (*p) {
		q = strchr(p, '\n');
		len = q ? (size_t)(q - p) : strlen(p);
		b.len = 0;
		for (i = 0; i < len; i++) {
			if (len - i >= 5 && memcmp(p + i, "{NUL}", 5) == 0) {
				cp_buf_addc(&b, '\0');
				i += 4;
			} else
				cp_buf_addc(&b, p[i]);
		}
		lineno++;
		text_lines_add(tl, b.s ? b.s : "", b.len, lineno,
			       len > 0 && p[0] == '>');
		p += len + (q ? 1 : 0);
	}
	cp_buf_free(&b);
}

static void
add_escaped(struct cp_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			cp_buf_adds(b, "\\n");
		else
			cp_buf_addc(b, *s);
	}
}

static char *
show_entries(const struct entry_list *l)
{
	struct cp_buf b = {0};
	size_t i;
	int f, first;

	for (i = 0; i < l->n; i++) {
		const struct entry *e = &l->v[i];

		if (i)
			cp_buf_addc(&b, '\n');
		cp_buf_addf(&b, "%u%s", e->lineno, e->withdraw ? " W" : "");
		first = 1;
		for (f = 0; f < FIELD_COUNT; f++) {
			if (e->val[f] == NULL)
				continue;
			cp_buf_addf(&b, "%s%s@%u=", first ? " " : "; ",
				    field_name(f), e->line[f]);
			add_escaped(&b, e->val[f]);
			first = 0;
		}
	}
	return cp_buf_detach(&b);
}

static void
check_errors(size_t ci, const struct cp_strlist *got, const char *want)
{
	struct cp_strlist w = {0};
	const char *p = want, *q;
	size_t i;

	while (p != NULL && *p) {
		q = strchr(p, '\n');
		cp_strlist_addn(&w, p, q ? (size_t)(q - p) : strlen(p));
		p = q ? q + 1 : NULL;
	}
	T_CHECK(got->n == w.n, "case %zu: %zu errors, want %zu%s%s", ci,
		got->n, w.n, got->n ? "; first: " : "",
		got->n ? got->v[0] : "");
	for (i = 0; i < got->n && i < w.n; i++)
		T_CHECK(strstr(got->v[i], w.v[i]) != NULL,
			"case %zu: error %zu is \"%s\", want it to contain "
			"\"%s\"",
			ci, i, got->v[i], w.v[i]);
	cp_strlist_free(&w);
}

static void
test_table(void)
{
	struct cp_limits lim;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ecase *c = &cases[i];
		struct text_lines tl = {0};
		struct entry_list out = {0};
		struct cp_strlist errors = {0};
		enum cp_status st;
		char what[64], *got;

		cp_limits_default(&lim);
		if (c->max_field)
			lim.max_field_size = c->max_field;
		if (c->max_entries)
			lim.max_entries = c->max_entries;
		make_lines(c->in, &tl);
		st = entry_parse_lines(c->part ? c->part : "body", &tl, &lim,
				       &out, &errors);
		snprintf(what, sizeof(what), "case %zu status", i);
		T_INTEQ(st, c->st, what);
		got = show_entries(&out);
		snprintf(what, sizeof(what), "case %zu entries", i);
		T_STREQ(got, c->want, what);
		check_errors(i, &errors, c->errs);
		if (out.n)
			T_STREQ(out.v[0].part, c->part ? c->part : "body",
				"part name");
		free(got);
		entry_list_free(&out);
		cp_strlist_free(&errors);
		text_lines_free(&tl);
	}
}

/* Entries are appended: a second part adds to what the first found, and
 * max_entries counts both. */
static void
test_two_parts(void)
{
	struct text_lines a = {0}, b = {0};
	struct entry_list out = {0};
	struct cp_strlist errors = {0};
	struct cp_limits lim;
	enum cp_status st;
	char *got;

	cp_limits_default(&lim);
	lim.max_entries = 2;
	make_lines(M_, &a);
	make_lines("Entity: ITU\nMandate: M2\n\nEntity: WFP\nMandate: M3\n", &b);
	T_INTEQ(entry_parse_lines("body", &a, &lim, &out, &errors), CP_OK,
		"first part");
	st = entry_parse_lines("a.txt", &b, &lim, &out, &errors);
	T_INTEQ(st, CP_ETOOBIG, "second part over max_entries");
	got = show_entries(&out);
	T_STREQ(got, "1 Entity@1=UNODC; Mandate@2=M1\n"
		     "1 Entity@1=ITU; Mandate@2=M2",
		"entries of two parts");
	T_STREQ(out.n == 2 ? out.v[1].part : NULL, "a.txt", "second part");
	T_INTEQ(errors.n, 1, "errors of two parts");
	T_STREQ(errors.n ? errors.v[0] : NULL,
		"a.txt line 4: more than 2 entries in one message (limits: "
		"max_entries)",
		"max_entries error");
	free(got);
	entry_list_free(&out);
	cp_strlist_free(&errors);
	text_lines_free(&a);
	text_lines_free(&b);
}

static const struct {
	const char *a, *b;
	int want; /* sign */
} casecmp_cases[] = {
	{"abc", "ABC", 0},
	{"\xC3\x89" "ducation", "\xC3\xA9" "DUCATION", 0},
	{"a", "b", -1},
	{"b", "a", 1},
	{"ab", "a", 1},
	{"", "a", -1},
	{"\xD0\x9C\xD0\x98\xD0\xA0", "\xD0\xBC\xD0\xB8\xD1\x80", 0}, /* МИР */
};

static void
test_helpers(void)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof(casecmp_cases) / sizeof(casecmp_cases[0]);
	     i++) {
		r = utf8_casecmp(casecmp_cases[i].a, casecmp_cases[i].b);
		T_INTEQ(r < 0 ? -1 : r > 0 ? 1 : 0, casecmp_cases[i].want,
			casecmp_cases[i].a);
	}
	T_INTEQ(field_lookup("url", 3), FIELD_URL, "lookup url");
	T_INTEQ(field_lookup("URLs", 4), -1, "lookup URLs");
	T_INTEQ(field_lookup("Mandat", 6), -1, "lookup Mandat");
	T_INTEQ(field_lookup("Mandate: x", 7), FIELD_MANDATE,
		"lookup by span");
	T_STREQ(field_name(FIELD_URL), "URL", "field name");
	T_STREQ(field_name(FIELD_COUNT), "?", "field name out of range");
}

int
main(void)
{
	test_table();
	test_two_parts();
	test_helpers();
	return t_done("test_entry");
}
