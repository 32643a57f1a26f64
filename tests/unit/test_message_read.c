/* SPDX-License-Identifier: MIT */
/*
 * test_message_read.c - message_read(): every line of each part with what
 * the parser made of it, and the same entries and errors as
 * message_parse().  Roles are written one letter a line, a part as
 * "NAME:LETTERS\n": E entry, P prose, B blank, Q quoted, S signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "message.h"
#include "t.h"

#define HEAD                                                                   \
	"From: M <m@x.example>\nSubject: s\nMessage-ID: <id@x>\n"              \
	"Content-Type: text/plain; charset=utf-8\n\n"

#define MULTI                                                                  \
	"From: M <m@x.example>\nSubject: s\nMessage-ID: <id@x>\n"              \
	"MIME-Version: 1.0\n"                                                  \
	"Content-Type: multipart/mixed; boundary=b\n\n--b\n"                   \
	"Content-Type: text/plain\n\nSee the file.\n--b\n"                     \
	"Content-Type: text/plain; name=notes.txt\n"                           \
	"Content-Disposition: attachment; filename=notes.txt\n\n"              \
	"Entity: X\nMandate: M\n-- \nsig\n--b--\n"

static const struct {
	const char *raw;
	size_t max_line, max_entries, max_size; /* 0: the default */
	const char *want;
	size_t nentries;
} cases[] = {
	/* prose, an entry, a quote, the signature and what follows it */
	{HEAD "Hello,\n\nEntity: X\nMandate: M\nSummary: a\n .\n b\n\n"
	      "> Entity: X\n> Mandate: Old\n\nBye\n-- \nName\n\nMore\n",
	    0, 0, 0, "body:PBEEEEEBQQBPSSSS\n", 1},
	/* prose above the first known field of a block is prose */
	{HEAD "Please record:\nEntity: X\nMandate: M\n", 0, 0, 0,
	    "body:PEE\n", 1},
	/* a block without a Mandate is prose, fields or not */
	{HEAD "Entity: X\nTitle: t\n\nEntity: X\nMandate: M\n", 0, 0, 0,
	    "body:PPBEE\n", 1},
	/* a field the parser refuses is still a line of the entry */
	{HEAD "Entity: X\nMandate: M\nColour: red\n", 0, 0, 0, "body:EEE\n",
	    1},
	/* below a reply header, everything is quote, even a signature */
	{HEAD "Entity: X\nMandate: M\n\n-----Original Message-----\n"
	      "From: y\n--\nEntity: X\n",
	    0, 0, 0, "body:EEBQQQQ\n", 1},
	/* the body and an attachment, each with its own signature */
	{MULTI, 0, 0, 0, "body:P\nnotes.txt:EESS\n", 1},
	/* a line over max_line_length: the lines before it, none read */
	{HEAD "Entity: X\nMandate: M\n0123456789abcdef\nnot kept\n", 12, 0,
	    0, "body:PP\n", 0},
	/* over max_entries: the blocks after the limit are not entries */
	{HEAD "Entity: X\nMandate: A\n\nEntity: X\nMandate: B\n", 0, 1, 0,
	    "body:EEBPP\n", 1},
	/* over max_message_size: the header block only, no text */
	{HEAD "Entity: X\nMandate: M\n", 0, 0, 50, "", 0},
	/* an empty body: a part without lines */
	{HEAD "", 0, 0, 0, "body:\n", 0},
};

static char *
show(const struct message_text *t)
{
	static const char letter[] = {
		[MESSAGE_LINE_ENTRY] = 'E',     [MESSAGE_LINE_PROSE] = 'P',
		[MESSAGE_LINE_BLANK] = 'B',     [MESSAGE_LINE_QUOTED] = 'Q',
		[MESSAGE_LINE_SIGNATURE] = 'S',
	};
	struct cp_buf b = {0};
	size_t i, j;

	cp_buf_adds(&b, "");
	for (i = 0; i < t->n; i++) {
		cp_buf_addf(&b, "%s:", t->v[i].name);
		for (j = 0; j < t->v[i].lines.n; j++)
			cp_buf_addf(&b, "%c", letter[t->v[i].role[j]]);
		cp_buf_adds(&b, "\n");
	}
	return cp_buf_detach(&b);
}

int
main(void)
{
	struct message_parsed p, q;
	struct message_text t;
	struct cp_limits lim;
	size_t i, j, len;
	char what[64], *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp_limits_default(&lim);
		if (cases[i].max_line)
			lim.max_line_length = cases[i].max_line;
		if (cases[i].max_entries)
			lim.max_entries = cases[i].max_entries;
		if (cases[i].max_size)
			lim.max_message_size = cases[i].max_size;
		len = strlen(cases[i].raw);
		snprintf(what, sizeof(what), "case %zu", i);
		message_read(cases[i].raw, len, len, &lim, &p, &t);
		got = show(&t);
		T_STREQ(got, cases[i].want, what);
		T_INTEQ(p.entries.n, cases[i].nentries, what);
		/* The same parse as the one that decides. */
		message_parse_limited(cases[i].raw, len, len, &lim, &q);
		T_INTEQ(p.entries.n, q.entries.n, what);
		T_INTEQ(p.errors.n, q.errors.n, what);
		for (j = 0; j < p.errors.n && j < q.errors.n; j++)
			T_STREQ(p.errors.v[j], q.errors.v[j], what);
		free(got);
		message_parsed_free(&p);
		message_parsed_free(&q);
		message_text_free(&t);
	}
	return t_done("message_read");
}
