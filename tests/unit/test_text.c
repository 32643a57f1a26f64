/* SPDX-License-Identifier: MIT */
/*
 * test_text.c - text_part_lines(): quotes, signature, reply headers,
 * format=flowed, HTML parts, line numbers, the line length limit.
 * Expected lines are written "N:text" (unquoted) or "N>text" (quoted).
 */
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "mime.h"
#include "t.h"
#include "text.h"

enum { PLAIN, FLOWED, DELSP, HTML };

static const struct {
	const char *in;
	int kind;
	const char *want;
} cases[] = {
	/* quote marking: '>' first; a line starting with a space is not */
	{"Entity: X\n Summary cont\n> quoted\n >x\ntext\n", PLAIN,
	    "1:Entity: X\n2: Summary cont\n3>> quoted\n4: >x\n5:text\n"},
	{">>a\n>\n", PLAIN, "1>>>a\n2>>\n"},
	/* numbering, empty lines kept, no line after the last "\n" */
	{"a\n\n\nb", PLAIN, "1:a\n2:\n3:\n4:b\n"},
	{"", PLAIN, ""},
	{"\n", PLAIN, "1:\n"},
	/* trailing CR tolerated and stripped; inner CR kept */
	{"a\r\nb\r\n\r\nc\rd\n", PLAIN, "1:a\n2:b\n3:\n4:c\rd\n"},
	/* text of unquoted lines unchanged: white space kept */
	{"  Title:  x \t\n\tcont\n", PLAIN, "1:  Title:  x \t\n2:\tcont\n"},
	/* signature: "-- " and "--" end the part */
	{"a\n-- \nName\nEntity: X\n", PLAIN, "1:a\n"},
	{"a\n--\nName\n", PLAIN, "1:a\n"},
	{"-- \n", PLAIN, ""},
	{"a\n---\n-- x\n --\n--  \nb\n", PLAIN,
	    "1:a\n2:---\n3:-- x\n4: --\n5:--  \n6:b\n"},
	{"a\n> --\nb\n", PLAIN, "1:a\n2>> --\n3:b\n"},
	{"a\n--\r\nb\n", PLAIN, "1:a\n"},
	/* Outlook's -----Original Message----- */
	{"a\n-----Original Message-----\nFrom: x\nEntity: Old\n", PLAIN,
	    "1:a\n2>-----Original Message-----\n3>From: x\n4>Entity: Old\n"},
	{"a\n \t-----original message-----  \nb\n\nc\n", PLAIN,
	    "1:a\n2> \t-----original message-----  \n3>b\n4>\n5>c\n"},
	{"a\n-----Original Message----- x\nb\n", PLAIN,
	    "1:a\n2:-----Original Message----- x\n3:b\n"},
	/* the reply header is quote, so a signature below it cuts nothing */
	{"a\n-----Original Message-----\n--\nb\n", PLAIN,
	    "1:a\n2>-----Original Message-----\n3>--\n4>b\n"},
	/* the same in the six UN languages (regression, issue 8: a French
	 * Outlook's quoted entry was applied again) */
	{"a\n-----Message d'origine-----\nDe : x\nEntity: Old\n", PLAIN,
	    "1:a\n2>-----Message d'origine-----\n3>De : x\n4>Entity: Old\n"},
	{"a\n-----Message d\xe2\x80\x99origine-----\nEntity: Old\n", PLAIN,
	    "1:a\n2>-----Message d\xe2\x80\x99origine-----\n3>Entity: Old\n"},
	{"a\n  -----MENSAJE ORIGINAL-----  \nEntity: Old\n", PLAIN,
	    "1:a\n2>  -----MENSAJE ORIGINAL-----  \n3>Entity: Old\n"},
	{"a\n-----\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 "
	    "\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"
	    "-----\nEntity: Old\n", PLAIN,
	    "1:a\n2>-----\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 "
	    "\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"
	    "-----\n3>Entity: Old\n"},
	{"a\n-----\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6-----\nEntity: Old\n",
	    PLAIN,
	    "1:a\n2>-----\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6-----\n"
	    "3>Entity: Old\n"},
	{"a\n-----\xd8\xa7\xd9\x84\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84\xd8\xa9 "
	    "\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84\xd9\x8a\xd8\xa9-----\nEntity: Old\n",
	    PLAIN,
	    "1:a\n2>-----\xd8\xa7\xd9\x84\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84\xd8\xa9 "
	    "\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84\xd9\x8a\xd8\xa9-----\n"
	    "3>Entity: Old\n"},
	{"a\n-----Message original-----\nb\n", PLAIN,
	    "1:a\n2:-----Message original-----\n3:b\n"},
	{"a\n__________\nDe : X\nEntity: Old\n", PLAIN,
	    "1:a\n2>__________\n3>De : X\n4>Entity: Old\n"},
	{"a\n__________\nde: X\nb\n", PLAIN, "1:a\n2>__________\n3>de: X\n4>b\n"},
	{"a\n__________\n\xd0\x9e\xd1\x82: X\nb\n", PLAIN,
	    "1:a\n2>__________\n3>\xd0\x9e\xd1\x82: X\n4>b\n"},
	{"a\n__________\n\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba: X\nb\n", PLAIN,
	    "1:a\n2>__________\n3>\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba: X\n4>b\n"},
	{"a\n__________\n\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba\xef\xbc\x9a X\nb\n",
	    PLAIN,
	    "1:a\n2>__________\n3>\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba\xef\xbc\x9a X\n"
	    "4>b\n"},
	{"a\n__________\n\xd9\x85\xd9\x86: X\nb\n", PLAIN,
	    "1:a\n2>__________\n3>\xd9\x85\xd9\x86: X\n4>b\n"},
	{"a\n__________\nDesde: X\nb\n", PLAIN,
	    "1:a\n2:__________\n3:Desde: X\n4:b\n"},
	/* ten or more '_' directly followed by From: */
	{"a\n__________\nFrom: X\nEntity: Old\n", PLAIN,
	    "1:a\n2>__________\n3>From: X\n4>Entity: Old\n"},
	{"________________________________ \t\nfrom: x\nb\n", PLAIN,
	    "1>________________________________ \t\n2>from: x\n3>b\n"},
	{"a\n__________\nEntity: X\n", PLAIN,
	    "1:a\n2:__________\n3:Entity: X\n"},
	{"_________\nFrom: X\n", PLAIN, "1:_________\n2:From: X\n"},
	{"__________\n\nFrom: X\n", PLAIN, "1:__________\n2:\n3:From: X\n"},
	{" __________\nFrom: X\n", PLAIN, "1: __________\n2:From: X\n"},
	{"__________x\nFrom: X\n", PLAIN, "1:__________x\n2:From: X\n"},
	{"__________\n From: X\n", PLAIN, "1:__________\n2: From: X\n"},
	{"__________\n", PLAIN, "1:__________\n"},
	/* format=flowed: joined lines keep the first line number */
	{"Summary: long \ntext\nTitle: t\n", FLOWED,
	    "1:Summary: long text\n3:Title: t\n"},
	{"Summary: lo \nng\n", DELSP, "1:Summary: long\n"},
	{"a \nb \nc\nd\n", FLOWED, "1:a b c\n4:d\n"},
	/* flowed: depth before un-stuffing */
	{" >text\n From: x\n>quoted \n>more\n", FLOWED,
	    "1:>text\n2:From: x\n3>>quoted more\n"},
	{"Summary: x\n  cont\n", FLOWED, "1:Summary: x\n2: cont\n"},
	/* flowed: signature "-- " not joined, ends the part */
	{"Thanks \n-- \nName\n", FLOWED, "1:Thanks \n"},
	{"Thanks \n-- \nName\n", DELSP, "1:Thanks\n"},
	{" -- x\nb\n", FLOWED, "1:-- x\n2:b\n"},
	{"a\r\nb \r\nc\r\n", FLOWED, "1:a\n2:b c\n"},
	/* flowed: underscores + From: after rejoining */
	{"a\n__________\nFrom: X\nb\n", FLOWED,
	    "1:a\n2>__________\n3>From: X\n4>b\n"},
	/* HTML parts: rendered, then the same rules ('>' too) */
	{"<p>Entity: X</p><p>&gt; old</p><p>&nbsp;cont</p><p>-- </p><p>sig"
	    "</p>", HTML, "1:Entity: X\n2>> old\n3: cont\n"},
	{"<div>a</div><blockquote><div>Entity: Old</div></blockquote>"
	    "<div>b</div>", HTML, "1:a\n2>Entity: Old\n3:b\n"},
	{"<p>a</p><p>________________________________</p><p>From: X</p>"
	    "<p>b</p>", HTML,
	    "1:a\n2>________________________________\n3>From: X\n4>b\n"},
	{"a<br>-----Original Message-----<br>b", HTML,
	    "1:a\n2>-----Original Message-----\n3>b\n"},
};

static char *
show(const struct text_lines *tl)
{
	struct cp_buf b = {0};
	size_t i;

	for (i = 0; i < tl->n; i++)
		cp_buf_addf(&b, "%u%c%s\n", tl->v[i].lineno,
		    tl->v[i].quoted ? '>' : ':', tl->v[i].text);
	return cp_buf_detach(&b);
}

static void
part_init(struct mime_part *p, const char *name, const char *text,
	  size_t len, int kind)
{
	memset(p, 0, sizeof(*p));
	p->name = (char *)name;
	p->text = (char *)text;
	p->len = len;
	p->is_html = kind == HTML;
	p->flowed = kind == FLOWED || kind == DELSP;
	p->delsp = kind == DELSP;
}

int
main(void)
{
	struct cp_limits lim;
	struct mime_part part;
	struct text_lines out;
	struct cp_strlist errors;
	enum cp_status st;
	size_t i;

	cp_limits_default(&lim);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got, what[64];

		memset(&out, 0, sizeof(out));
		memset(&errors, 0, sizeof(errors));
		part_init(&part, "body", cases[i].in, strlen(cases[i].in),
		    cases[i].kind);
		st = text_part_lines(&part, &lim, &out, &errors);
		snprintf(what, sizeof(what), "case %zu", i);
		T_INTEQ(st, CP_OK, what);
		T_INTEQ(errors.n, 0, what);
		got = show(&out);
		T_STREQ(got, cases[i].want, what);
		free(got);
		text_lines_free(&out);
		cp_strlist_free(&errors);
	}

	/* A NUL byte inside a line is kept, with the right length. */
	memset(&out, 0, sizeof(out));
	memset(&errors, 0, sizeof(errors));
	part_init(&part, "body", "a\0b\nc", 5, PLAIN);
	st = text_part_lines(&part, &lim, &out, &errors);
	T_INTEQ(st, CP_OK, "NUL: status");
	T_INTEQ(out.n, 2, "NUL: lines");
	T_INTEQ(out.v[0].len, 3, "NUL: len");
	T_CHECK(memcmp(out.v[0].text, "a\0b", 4) == 0, "NUL: text");
	T_STREQ(out.v[1].text, "c", "NUL: next line");
	T_INTEQ(out.v[1].lineno, 2, "NUL: next lineno");
	text_lines_free(&out);

	/* The line length limit; these must fail. */
	{
		static const struct {
			const char *name, *in;
			int kind;
			size_t max;
			enum cp_status st;
			const char *err;
			size_t nlines;
		} lc[] = {
			{"body", "12345\n123456\n", PLAIN, 5, CP_ETOOBIG,
			    "body line 2: line is 6 bytes, over the limit of "
			    "5 bytes", 1},
			{"notes.txt", "abc \ndef\n", FLOWED, 5, CP_ETOOBIG,
			    "notes.txt line 1: line is 7 bytes, over the limit"
			    " of 5 bytes", 0},
			{"body", "<p>123456</p>", HTML, 5, CP_ETOOBIG,
			    "body line 1: line is 6 bytes, over the limit of "
			    "5 bytes", 0},
			{"body", "> 123456\n", PLAIN, 5, CP_ETOOBIG,
			    "body line 1: line is 8 bytes, over the limit of "
			    "5 bytes", 0},
			/* a CR is not counted; after the signature nothing
			 * is */
			{"body", "12345\r\n--\n123456\n", PLAIN, 5, CP_OK, NULL,
			    1},
		};

		for (i = 0; i < sizeof(lc) / sizeof(lc[0]); i++) {
			char what[64];

			snprintf(what, sizeof(what), "limit %zu", i);
			memset(&out, 0, sizeof(out));
			memset(&errors, 0, sizeof(errors));
			lim.max_line_length = lc[i].max;
			part_init(&part, lc[i].name, lc[i].in,
			    strlen(lc[i].in), lc[i].kind);
			st = text_part_lines(&part, &lim, &out, &errors);
			T_INTEQ(st, lc[i].st, what);
			T_INTEQ(errors.n, lc[i].err ? 1 : 0, what);
			if (lc[i].err && errors.n == 1)
				T_STREQ(errors.v[0], lc[i].err, what);
			T_INTEQ(out.n, lc[i].nlines, what);
			text_lines_free(&out);
			cp_strlist_free(&errors);
		}
	}
	return t_done("text");
}
