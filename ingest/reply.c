/* SPDX-License-Identifier: MIT */
/* reply.c - reply headers in the six UN languages (see reply.h). */
#include "reply.h"

#include <string.h>

#include "utf8.h"

/* The text between the dashes of the "original message" line. */
static const char *const originals[] = {
	"Original Message",   /* English */
	"Message d'origine",  /* French */
	"Message d’origine",  /* French, typographic apostrophe */
	"Mensaje original",   /* Spanish */
	"Исходное сообщение", /* Russian */
	"原始邮件",           /* Chinese */
	"الرسالة الأصلية",    /* Arabic */
};

/* The first field of Outlook's reply header, colon included. */
static const char *const froms[] = {
	"From:", "De :", "De:", "От:", "发件人:", "发件人：", "من:",
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
