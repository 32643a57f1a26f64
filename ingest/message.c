/* SPDX-License-Identifier: MIT */
/*
 * message.c - raw bytes to checked entries: mime, then text, then entry,
 * for every part; no store involved.
 */
#include "message.h"

#include <stdlib.h>
#include <string.h>

#include "msgsize.h"
#include "termesc.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

void
message_parsed_free(struct message_parsed *p)
{
	mime_message_free(p->mm);
	entry_list_free(&p->entries);
	cp_strlist_free(&p->errors);
}

/*
 * SPEC §2: one From holding one address; no second From, Sender,
 * Message-ID, Date or Subject (a copy of a signed update with one more
 * field could otherwise replay it).
 */
static void
check_header(const struct mime_message *mm, struct cp_strlist *errors)
{
	size_t i;

	for (i = 0; i < MIME_NONCE; i++)
		if (mm->once[i] > 1)
			cp_strlist_addf(errors,
					"message: header: %s: given %u times "
					"(a message has one)",
					mime_once_names[i], mm->once[i]);
	if (mm->from_value == NULL)
		cp_strlist_add(errors,
			       "message: header: From: missing (the sender)");
	else if (mm->from_addr == NULL) {
		/* The header is raw bytes: quoted escaped, so that the error
		 * stored is UTF-8 whatever they are. */
		struct cp_buf q = {0};

		term_escape(mm->from_value,
			    (size_t)utf8_prefix(mm->from_value,
						strlen(mm->from_value), 200),
			    &q);
		cp_strlist_addf(errors,
				"message: header: From: not one address "
				"(%s): \"%s\"",
				mm->from_why, q.s);
		cp_buf_free(&q);
	}
}

void
message_parse(const char *raw, size_t len, const struct cp_limits *lim,
	      struct message_parsed *p)
{
	message_parse_limited(raw, len, msgsize_of(raw, len), lim, p);
}

/*
 * Read one part's lines and the entries in them; when t is not NULL, keep
 * the lines with their roles in a new part of t.
 */
static void
read_part(const struct mime_part *part, const struct cp_limits *lim,
	  struct message_parsed *p, struct message_text *t)
{
	struct text_lines tl = {0}, body;
	struct message_text_part *tp;
	unsigned char *in_entry;
	size_t nread = 0, i;
	int ok;

	ok = text_part_read(part, lim, &tl, &nread, &p->errors) == CP_OK;
	in_entry = xcalloc(tl.n + 1, 1);
	if (ok) {
		/* The entry parser sees the lines above the signature. */
		body = tl;
		body.n = nread;
		entry_parse_marked(part->name, &body, lim, &p->entries,
				   &p->errors, in_entry);
	}
	if (t == NULL) {
		free(in_entry);
		text_lines_free(&tl);
		return;
	}
	XGROW(t->v, t->n + 1, t->cap);
	tp = &t->v[t->n++];
	tp->name = xstrdup(part->name);
	tp->role = xcalloc(tl.n + 1, 1);
	for (i = 0; i < tl.n; i++) {
		if (i >= nread)
			tp->role[i] = MESSAGE_LINE_SIGNATURE;
		else if (tl.v[i].quoted)
			tp->role[i] = MESSAGE_LINE_QUOTED;
		else if (in_entry[i])
			tp->role[i] = MESSAGE_LINE_ENTRY;
		else if (text_line_is_blank(&tl.v[i]))
			tp->role[i] = MESSAGE_LINE_BLANK;
		else
			tp->role[i] = MESSAGE_LINE_PROSE;
	}
	tp->lines = tl;
	free(in_entry);
}

void
message_text_free(struct message_text *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		text_lines_free(&t->v[i].lines);
		free(t->v[i].role);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static void
parse(const char *raw, size_t len, size_t whole, const struct cp_limits *lim,
      struct message_parsed *p, struct message_text *t)
{
	enum cp_status st;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	/* Over max_message_size, only the header block is read. */
	st = mime_parse_limited(raw, len, whole, lim, &p->mm, &p->errors);
	if (p->mm != NULL)
		check_header(p->mm, &p->errors);
	if (st != CP_OK || p->mm == NULL)
		return;
	for (i = 0; i < p->mm->nparts; i++) {
		read_part(&p->mm->parts[i], lim, p, t);
		if (p->entries.n > lim->max_entries) {
			cp_strlist_addf(&p->errors,
					"message: more than %zu entries "
					"(limits: max_entries)",
					lim->max_entries);
			return;
		}
	}
	if (p->errors.n == 0 && p->entries.n == 0)
		cp_strlist_add(&p->errors,
			       "message: no entry found (an entry is a block "
			       "of `Field: value` lines with a Mandate field)");
	/* The same entry twice in one message. */
	for (i = 0; i < p->entries.n; i++) {
		const struct entry *a = &p->entries.v[i];

		if (!a->val[FIELD_ENTITY] || !a->val[FIELD_MANDATE])
			continue;
		for (j = 0; j < i; j++) {
			const struct entry *b = &p->entries.v[j];

			if (b->val[FIELD_ENTITY] && b->val[FIELD_MANDATE] &&
			    strcmp(a->val[FIELD_MANDATE],
				   b->val[FIELD_MANDATE]) == 0 &&
			    utf8_casecmp(a->val[FIELD_ENTITY],
					 b->val[FIELD_ENTITY]) == 0) {
				cp_strlist_addf(&p->errors,
						"%s line %u: %s/%s: the same "
						"entry twice in one message "
						"(first at %s line %u)",
						a->part, a->lineno,
						a->val[FIELD_ENTITY],
						a->val[FIELD_MANDATE], b->part,
						b->lineno);
				break;
			}
		}
	}
}

void
message_parse_limited(const char *raw, size_t len, size_t whole,
		      const struct cp_limits *lim, struct message_parsed *p)
{
	parse(raw, len, whole, lim, p, NULL);
}

void
message_read(const char *raw, size_t len, size_t whole,
	     const struct cp_limits *lim, struct message_parsed *p,
	     struct message_text *t)
{
	memset(t, 0, sizeof(*t));
	parse(raw, len, whole, lim, p, t);
}
