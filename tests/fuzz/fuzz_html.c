/* SPDX-License-Identifier: MIT */
/*
 * fuzz_html.c - libFuzzer target for html_to_lines() alone (libxml2's
 * HTML parser under our SAX renderer).  The bytes go through
 * charset_to_utf8("utf-8") first, as a text/html part's do in mime.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "charset.h"
#include "fuzz_common.h"
#include "html.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_lines tl = {0};
	struct cp_strlist errors = {0};
	char *html = NULL;
	size_t len = 0, nrep = 0, i;

	if (charset_to_utf8("utf-8", (const char *)data, size, &html, &len,
			    &nrep) != CP_OK)
		fuzz_fail("charset_to_utf8", "refused utf-8");
	if (html_to_lines(html, len, &tl, &errors) != CP_OK && errors.n == 0)
		fuzz_fail("html_to_lines", "failed, no error");
	fuzz_touch_lines(&tl);
	/* Line numbers count the rendered lines from 1, in order. */
	for (i = 1; i < tl.n; i++)
		if (tl.v[i].lineno < tl.v[i - 1].lineno)
			fuzz_fail("html_to_lines", "line numbers go back");
	fuzz_touch_strlist(&errors);
	text_lines_free(&tl);
	cp_strlist_free(&errors);
	free(html);
	return 0;
}
