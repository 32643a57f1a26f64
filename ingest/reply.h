/* SPDX-License-Identifier: MIT */
/*
 * reply.h - the headers mail clients put above the message they quote
 * without '>' (SPEC §1), in the six official languages of the UN: from
 * such a header on, a part is quote.  Used by text.c (plain text) and
 * html.c (Outlook's HTML).
 */
#ifndef REPLY_H
#define REPLY_H

#include <stddef.h>

/*
 * 1 when s[0..len) is a line `-----Original Message-----` or its French,
 * Spanish, Russian, Chinese or Arabic form (`-----Message d'origine-----`,
 * `-----Mensaje original-----`, `-----Исходное сообщение-----`,
 * `-----原始邮件-----`, `-----الرسالة الأصلية-----`), white space around
 * it allowed, Latin letters in any case.
 */
int reply_is_original_message(const char *s, size_t len);

/*
 * 1 when s[0..len) starts with the first field of Outlook's reply header
 * in one of the six languages: `From:`, `De :`, `De:`, `От:`, `发件人:`
 * (or with the full-width colon U+FF1A) or `من:`; Latin letters in any
 * case.
 */
int reply_is_from_line(const char *s, size_t len);

#endif
