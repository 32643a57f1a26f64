/* SPDX-License-Identifier: MIT */
/* reply.c - reply headers in the six UN languages (see reply.h). */
#include "reply.h"

#include <string.h>

#include "utf8.h"

/* The text between the dashes of the "original message" line. */
static const char *const originals[] = {
	"Original Message",             /* English */
	"Message d'origine",            /* French */
	"Message d\xe2\x80\x99origine", /* French, typographic apostrophe */
	"Mensaje original",             /* Spanish */
	"\xd0\x98\xd1\x81\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbd\xd0\xbe\xd0\xb5 "
	"\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb5\xd0\xbd\xd0\xb8"
	"\xd0\xb5", /* Russian: Исходное сообщение */
	"\xe5\x8e\x9f\xe5\xa7\x8b\xe9\x82\xae\xe4\xbb\xb6", /* 原始邮件 */
	"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xb3\xd8\xa7\xd9\x84\xd8\xa9 "
	"\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb5\xd9\x84\xd9\x8a\xd8\xa9",
	/* Arabic: الرسالة الأصلية */
};

/* The first field of Outlook's reply header, colon included. */
static const char *const froms[] = {
	"From:",
	"De :",
	"De:",
	"\xd0\x9e\xd1\x82:",                                /* От: */
	"\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba:",            /* 发件人: */
	"\xe5\x8f\x91\xe4\xbb\xb6\xe4\xba\xba\xef\xbc\x9a", /* 发件人： */
	"\xd9\x85\xd9\x86:",                                /* من: */
};

#define DASHES  "-----"
#define NDASHES (sizeof(DASHES) - 1)

int
reply_is_original_message(const char *s, size_t len)
{
	size_t b = 0, e = len, i, n;

	while (b < e && ascii_is_wsp(s[b]))
		b++;
	while (e > b && ascii_is_wsp(s[e - 1]))
		e--;
	if (e - b < 2 * NDASHES || memcmp(s + b, DASHES, NDASHES) != 0 ||
	    memcmp(s + e - NDASHES, DASHES, NDASHES) != 0)
		return 0;
	b += NDASHES;
	e -= NDASHES;
	for (i = 0; i < sizeof(originals) / sizeof(originals[0]); i++) {
		n = strlen(originals[i]);
		if (e - b == n &&
		    ascii_span_casecmp(s + b, n, originals[i]) == 0)
			return 1;
	}
	return 0;
}

int
reply_is_from_line(const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < sizeof(froms) / sizeof(froms[0]); i++) {
		n = strlen(froms[i]);
		if (len >= n && ascii_span_casecmp(s, n, froms[i]) == 0)
			return 1;
	}
	return 0;
}
