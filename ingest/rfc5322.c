/* SPDX-License-Identifier: MIT */
/*
 * rfc5322.c - the header block, scanned line by line with (pointer,
 * length) spans: its fields, unfolded, fill Message-ID, From, Subject,
 * Date, the Authentication-Results list and what a receipt needs
 * (References, Auto-Submitted, Precedence, List-Id) of a struct
 * mime_message; it
 * tells where the body starts; it is bounded by lim->max_header_size.
 *
 * Choices where the RFC leaves room (docs/VIOLATIONS.md lists them):
 *  - The header block ends at the first empty line, or at the first line
 *    that is not a header field (that line starts the body, as libetpan
 *    reads it).  An mbox "From " line is not a header: strip it before.
 *  - NUL bytes in a header value become U+FFFD.
 */
#include "address.h"
#include "mime_priv.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Trim white space at both ends of the span in place. */
static void
trim_span(const char **s, size_t *n)
{
	while (*n > 0 && (ascii_is_wsp(**s) || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (ascii_is_wsp((*s)[*n - 1]) || (*s)[*n - 1] == '\r' ||
			  (*s)[*n - 1] == '\n'))
		(*n)--;
}

/* See mime_priv.h. */
size_t
rfc5322_line_end(const char *raw, size_t len, size_t pos, size_t *eol)
{
	const char *nl = memchr(raw + pos, '\n', len - pos);
	size_t e;

	if (nl == NULL) {
		*eol = len;
		return len;
	}
	e = (size_t)(nl - raw);
	*eol = (e > pos && raw[e - 1] == '\r') ? e - 1 : e;
	return e + 1;
}

/* See mime_priv.h. */
int
rfc5322_next_field(const char *raw, size_t len, size_t *pos,
		   struct rfc5322_field *f)
{
	size_t p = *pos, n, eol, next;

	if (p >= len)
		return 0;
	if (raw[p] == '\n') {
		*pos = p + 1;
		return 0;
	}
	if (raw[p] == '\r' && p + 1 < len && raw[p + 1] == '\n') {
		*pos = p + 2;
		return 0;
	}
	n = p;
	while (n < len && (unsigned char)raw[n] > 32 &&
	       (unsigned char)raw[n] < 127 && raw[n] != ':')
		n++;
	f->name = raw + p;
	f->nlen = n - p;
	while (n < len && ascii_is_wsp(raw[n]))
		n++;
	if (f->nlen == 0 || n >= len || raw[n] != ':')
		return 0;
	f->start = p;
	f->val = raw + n + 1;
	next = rfc5322_line_end(raw, len, n + 1, &eol);
	while (next < len && ascii_is_wsp(raw[next]))
		next = rfc5322_line_end(raw, len, next, &eol);
	f->vlen = eol - (n + 1);
	f->end = next;
	*pos = next;
	return 1;
}

/*
 * The unfolded value (line breaks removed, ends trimmed, NUL bytes as
 * U+FFFD) in a new string.
 */
static char *
unfold(const char *s, size_t n)
{
	struct cp_buf b = {0};
	size_t i;

	trim_span(&s, &n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' ||
		    (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			continue;
		if (s[i] == '\0')
			cp_buf_add(&b, "\xEF\xBF\xBD", 3);
		else
			cp_buf_addc(&b, s[i]);
	}
	return cp_buf_detach(&b);
}

/* "<id@host>" -> "id@host"; NULL when nothing is left. */
static char *
msgid_value(const char *v)
{
	const char *s = v, *gt;
	size_t n = strlen(v);

	trim_span(&s, &n);
	if (n > 0 && s[0] == '<') {
		s++;
		n--;
		if ((gt = memchr(s, '>', n)) != NULL)
			n = (size_t)(gt - s);
		trim_span(&s, &n);
	} else if (n > 0 && s[n - 1] == '>') {
		n--;
		trim_span(&s, &n);
	}
	return n ? xstrndup(s, n) : NULL;
}

static int
is_field(const struct rfc5322_field *f, const char *name)
{
	return ascii_span_casecmp(f->name, f->nlen, name) == 0;
}

const char *const mime_once_names[MIME_NONCE] = {
	[MIME_FROM] = "From",
	[MIME_SENDER] = "Sender",
	[MIME_MESSAGE_ID] = "Message-ID",
	[MIME_DATE] = "Date",
	[MIME_SUBJECT] = "Subject",
};

static void
take_field(struct mime_message *m, const struct rfc5322_field *f)
{
	size_t i;
	char *v;

	/* A second one is counted, never read: message.c refuses it. */
	for (i = 0; i < MIME_NONCE; i++)
		if (is_field(f, mime_once_names[i]) && m->once[i]++ > 0)
			return;
	if (is_field(f, "Authentication-Results")) {
		v = unfold(f->val, f->vlen);
		cp_strlist_add(&m->auth_results, v);
		free(v);
	} else if (is_field(f, "Message-ID")) {
		v = unfold(f->val, f->vlen);
		m->message_id = msgid_value(v);
		free(v);
	} else if (is_field(f, "From")) {
		m->from_value = unfold(f->val, f->vlen);
		m->from_addr = address_from(
			m->from_value, strlen(m->from_value), &m->from_why);
	} else if (is_field(f, "Subject")) {
		v = unfold(f->val, f->vlen);
		m->subject = rfc2047_decode(v, strlen(v));
		free(v);
	} else if (is_field(f, "References") && m->references == NULL) {
		m->references = unfold(f->val, f->vlen);
	} else if (is_field(f, "Auto-Submitted") && m->auto_submitted == NULL) {
		m->auto_submitted = unfold(f->val, f->vlen);
	} else if (is_field(f, "Precedence") && m->precedence == NULL) {
		m->precedence = unfold(f->val, f->vlen);
	} else if (is_field(f, "List-Id")) {
		m->list_id = 1;
	} else if (is_field(f, "Date")) {
		v = unfold(f->val, f->vlen);
		if (v[0] != '\0')
			m->date = v;
		else
			free(v);
	}
}

/* See mime_priv.h. */
enum cp_status
rfc5322_read_header_block(const char *raw, size_t len,
			  const struct cp_limits *lim, struct mime_message *m,
			  struct rfc5322_block *hb, struct cp_strlist *errors)
{
	struct rfc5322_field f;
	size_t pos = 0, before;

	for (;;) {
		before = pos;
		if (!rfc5322_next_field(raw, len, &pos, &f)) {
			hb->hlen = before;
			hb->body_off = pos;
			break;
		}
		if (f.end <= lim->max_header_size)
			take_field(m, &f);
	}
	if (hb->hlen > lim->max_header_size) {
		cp_strlist_addf(errors,
				"message: header block is %zu bytes, over the "
				"limit of %zu bytes (limits: max_header_size)",
				hb->hlen, lim->max_header_size);
		return CP_ETOOBIG;
	}
	return CP_OK;
}
