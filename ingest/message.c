/* SPDX-License-Identifier: MIT */
/*
 * message.c - raw bytes to checked entries: mime, then text, then entry,
 * for every part; no store involved.
 */
#include "message.h"

#include <string.h>

#include "text.h"
#include "utf8.h"

void
message_parsed_free(struct message_parsed *p)
{
	mime_message_free(p->mm);
	entry_list_free(&p->entries);
	cp_strlist_free(&p->errors);
}

void
message_parse(const char *raw, size_t len, const struct cp_limits *lim,
	      struct message_parsed *p)
{
	struct text_lines tl;
	enum cp_status st;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	/* Over max_message_size, only the header block is read. */
	st = mime_parse_limited(raw, len, len, lim, &p->mm, &p->errors);
	if (st != CP_OK || p->mm == NULL)
		return;
	for (i = 0; i < p->mm->nparts; i++) {
		memset(&tl, 0, sizeof(tl));
		if (text_part_lines(&p->mm->parts[i], lim, &tl, &p->errors) ==
		    CP_OK)
			entry_parse_lines(p->mm->parts[i].name, &tl, lim,
					  &p->entries, &p->errors);
		text_lines_free(&tl);
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
