/* SPDX-License-Identifier: MIT */
/*
 * fuzz_message.c - libFuzzer target over the whole parsing half: the input
 * is a raw RFC 5322 message given to message_parse() (mime, charset, html,
 * flowed, text, entry), whose result is walked and checked, then freed.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"
#include "message.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cp_limits lim;
	struct message_parsed p;

	fuzz_limits(&lim);
	message_parse((const char *)data, size, &lim, &p);
	fuzz_touch_mime(p.mm);
	fuzz_touch_entries(&p.entries);
	fuzz_touch_strlist(&p.errors);
	if (p.errors.n == 0) {
		/* message.h: no entry at all is an error. */
		if (p.entries.n == 0)
			fuzz_fail("clean message", "no entry and no error");
		if (p.entries.n > lim.max_entries)
			fuzz_fail("clean message", "over max_entries");
		if (p.mm == NULL)
			fuzz_fail("clean message", "no mime message");
		fuzz_check_clean_entries(&p.entries, &lim);
	}
	message_parsed_free(&p);
	return 0;
}
