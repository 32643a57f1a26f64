/* SPDX-License-Identifier: MIT */
/*
 * fuzz_address.c - libFuzzer target for address_from(), the reader of the
 * From field (RFC 5322).  Properties checked beyond memory safety: a
 * result has exactly one '@' outside quotes and a domain literal, holds
 * no upper-case ASCII letter, no white space outside quotes, and reading it again gives it
 * back unchanged (it is its own normal form); a refusal has a reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "fuzz_common.h"

static void
check_result(const char *a)
{
	const char *why = NULL;
	size_t i, at = 0;
	int quoted = 0, literal = 0;
	char *again;

	for (i = 0; a[i]; i++) {
		if (quoted && a[i] == '\\' && a[i + 1]) {
			i++;
			continue;
		}
		if (a[i] == '"' && !literal)
			quoted = !quoted;
		else if (!quoted && a[i] == '[')
			literal = 1;
		else if (literal || quoted)
			;
		else if (a[i] == '@')
			at++;
		else if (a[i] == ' ' || a[i] == '\t')
			fuzz_fail("address_from", "white space outside quotes");
		if (a[i] >= 'A' && a[i] <= 'Z')
			fuzz_fail("address_from", "upper case in the result");
	}
	if (at != 1)
		fuzz_fail("address_from", "not one @ in the result");
	again = address_from(a, strlen(a), &why);
	if (again == NULL || strcmp(again, a) != 0)
		fuzz_fail("address_from", "its result does not read as itself");
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	char *a = address_from((const char *)data, size, &why);

	if (a == NULL) {
		if (why == NULL || *why == '\0')
			fuzz_fail("address_from", "refused without a reason");
		return 0;
	}
	check_result(a);
	free(a);
	return 0;
}
