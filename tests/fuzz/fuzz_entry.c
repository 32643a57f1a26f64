/* SPDX-License-Identifier: MIT */
/*
 * fuzz_entry.c - libFuzzer target for one decoded part: text_part_lines()
 * then entry_parse_lines(), without the MIME layer in front, so the
 * fuzzer reaches the line and entry rules with fewer executions.
 *
 * Input: one flag byte, then the part's bytes.  Flag bits: 0x01 flowed,
 * 0x02 delsp, 0x04 HTML (the seeds use the digits '0'..'7').  The bytes
 * go through charset_to_utf8("utf-8") first, as mime.c does, so the part
 * holds what a mime_part promises: UTF-8 with "\n" line ends.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "charset.h"
#include "fuzz_common.h"

static int
blank(const struct text_line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->text[i] != ' ' && l->text[i] != '\t' &&
		    l->text[i] != '\r')
			return 0;
	return 1;
}

/*
 * SPEC §1: a control character in a value is an error, and from the first
 * field line on every line of a block is a field or a continuation.  So
 * when entry_parse_lines() found nothing wrong, no line of an entry's
 * block, from its first field to the blank or quoted line that ends it,
 * holds a control character (C0 but tab, DEL, C1; NUL included, which a
 * check on the joined C string would miss).
 */
static void
check_clean_blocks(const struct text_lines *tl, const struct entry_list *el)
{
	const unsigned char *u;
	size_t i, j, k;

	for (i = 0; i < el->n; i++) {
		for (j = 0; j < tl->n; j++)
			if (tl->v[j].lineno == el->v[i].lineno &&
			    !tl->v[j].quoted)
				break;
		if (j == tl->n)
			fuzz_fail("clean entry", "its first line is not a "
				  "line of the part");
		for (; j < tl->n && !tl->v[j].quoted && !blank(&tl->v[j]);
		     j++) {
			u = (const unsigned char *)tl->v[j].text;
			for (k = 0; k < tl->v[j].len; k++)
				if ((u[k] < 0x20 && u[k] != '\t') ||
				    u[k] == 0x7F ||
				    (u[k] == 0xC2 && k + 1 < tl->v[j].len &&
				     u[k + 1] >= 0x80 && u[k + 1] <= 0x9F))
					fuzz_fail("clean entry: control "
						  "character in its block",
						  tl->v[j].text);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cp_limits lim;
	struct mime_part part = {0};
	struct text_lines tl = {0};
	struct entry_list entries = {0};
	struct cp_strlist errors = {0};
	enum cp_status st;
	size_t nrep = 0;
	char name[] = "body";

	if (size < 1)
		return 0;
	fuzz_limits(&lim);
	if (charset_to_utf8("utf-8", (const char *)data + 1, size - 1,
			    &part.text, &part.len, &nrep) != CP_OK)
		fuzz_fail("charset_to_utf8", "refused utf-8");
	part.name = name;
	part.flowed = (data[0] & 0x01) != 0;
	part.delsp = (data[0] & 0x02) != 0;
	part.is_html = (data[0] & 0x04) != 0;
	fuzz_touch_text(part.text, part.len, "charset_to_utf8 output");

	st = text_part_lines(&part, &lim, &tl, &errors);
	fuzz_touch_lines(&tl);
	if (st == CP_OK) {
		st = entry_parse_lines(part.name, &tl, &lim, &entries, &errors);
		fuzz_touch_entries(&entries);
		if (st == CP_OK) {
			if (entries.n > lim.max_entries)
				fuzz_fail("entry_parse_lines", "CP_OK over "
					  "max_entries");
			fuzz_check_clean_entries(&entries, &lim);
			check_clean_blocks(&tl, &entries);
		} else if (errors.n == 0)
			fuzz_fail("entry_parse_lines", "failed, no error");
	} else if (errors.n == 0)
		fuzz_fail("text_part_lines", "failed, no error");
	fuzz_touch_strlist(&errors);

	entry_list_free(&entries);
	text_lines_free(&tl);
	cp_strlist_free(&errors);
	free(part.text);
	return 0;
}
