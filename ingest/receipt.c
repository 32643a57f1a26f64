/* SPDX-License-Identifier: MIT */
/*
 * receipt.c - a receipt's words and header fields (receipt.h); the
 * encodings are in receipt_encode.c.
 */
#include "receipt.h"

#include <string.h>

#include "entry_write.h"
#include "hash.h"
#include "revdiff.h"
#include "revdiff_text.h"
#include "utf8.h"

static const char *const kind_names[RECEIPT_NKINDS] = {
	[RECEIPT_APPLIED] = "applied", [RECEIPT_REJECTED] = "rejected",
	[RECEIPT_HELD] = "held",       [RECEIPT_ACCEPTED] = "accepted",
	[RECEIPT_DROPPED] = "dropped",
};

const char *
receipt_kind_name(enum receipt_kind k)
{
	return (unsigned)k < RECEIPT_NKINDS ? kind_names[k] : "?";
}

/* ---- the subject ---- */

/* The length of one "Re:" prefix at s ("re", white space, ':'), or 0. */
static size_t
re_prefix(const char *s)
{
	size_t i = 0;

	if (ascii_lower((unsigned char)s[0]) != 'r' ||
	    ascii_lower((unsigned char)s[1]) != 'e')
		return 0;
	i = 2;
	while (ascii_is_wsp(s[i]))
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/*
 * s[0..n) as valid UTF-8 (the message says charset=utf-8): a byte that
 * begins no valid sequence becomes U+FFFD; with controls, C0 and C1
 * control characters become spaces (a header has no line breaks).
 */
static void
add_utf8(struct cp_buf *out, const char *s, size_t n, int controls)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned cp;

	while (i < n) {
		/* a run of printable ASCII at once (most of any text) */
		for (k = i; k < n && u[k] >= 0x20 && u[k] < 0x7f; k++)
			;
		if (k > i) {
			cp_buf_add(out, s + i, k - i);
			i = k;
			continue;
		}
		k = utf8_seq(u + i, n - i, &cp);
		if (k == 0) {
			cp_buf_adds(out, "\xef\xbf\xbd");
			i++;
		} else if (controls &&
			   (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))) {
			cp_buf_addc(out, ' ');
			i += k;
		} else {
			cp_buf_add(out, s + i, k);
			i += k;
		}
	}
}

void
receipt_subject(const char *orig, struct cp_buf *out)
{
	const char *p = orig ? orig : "";
	size_t n, mark, end;

	for (;;) {
		while (ascii_is_wsp(*p) || *p == '\r' || *p == '\n')
			p++;
		n = re_prefix(p);
		if (n == 0)
			break;
		p += n;
	}
	cp_buf_adds(out, "Re: ");
	mark = out->len;
	add_utf8(out, p, strlen(p), 1);
	end = out->len;
	while (end > mark && out->s[end - 1] == ' ')
		end--;
	out->len = end;
	if (end == mark)
		cp_buf_adds(out, "(no subject)");
	else
		out->s[end] = '\0';
}

/* ---- the Message-ID ---- */

/* The domain of an address "Name <local@domain>" or "local@domain". */
static int
from_domain(const char *from, const char **d_out, size_t *n_out)
{
	const char *at = strrchr(from, '@'), *e;

	if (at == NULL)
		return 0;
	at++;
	e = at;
	while (*e && *e != '>' && *e != ' ' && *e != '\t')
		e++;
	*d_out = at;
	*n_out = (size_t)(e - at);
	return *n_out > 0;
}

enum cp_status
receipt_message_id(enum receipt_kind k, const char *sha256, const char *from,
		   struct cp_buf *out)
{
	struct cp_buf in = {0};
	char hex[HASH_HEX_LEN];
	const char *d;
	size_t n;

	if (!from_domain(from, &d, &n))
		return CP_EINVAL;
	cp_buf_adds(&in, "compendium receipt");
	cp_buf_addc(&in, '\0');
	cp_buf_adds(&in, receipt_kind_name(k));
	cp_buf_addc(&in, '\0');
	cp_buf_adds(&in, sha256 ? sha256 : "");
	hash_sha256_hex(in.s, in.len, hex);
	cp_buf_free(&in);
	cp_buf_addf(out, "receipt.%s.%.32s@", receipt_kind_name(k), hex);
	cp_buf_add(out, d, n);
	return CP_OK;
}

/* ---- the body ---- */

static const char *
action_name(enum receipt_action a)
{
	switch (a) {
	case RECEIPT_NEW:
		return "new";
	case RECEIPT_UPDATE:
		return "update";
	case RECEIPT_UNCHANGED:
		return "unchanged";
	case RECEIPT_WITHDRAW:
		return "withdraw";
	case RECEIPT_NONE:
		break;
	}
	return "not applied";
}

/* Per entry: what was done, and the `log -p` diff of the change. */
static void
body_applied(const struct receipt *r, struct cp_buf *out)
{
	const struct receipt_entry *e;
	struct revdiff d;
	size_t i;

	for (i = 0; i < r->nentries; i++) {
		e = &r->entries[i];
		cp_buf_addf(out, "%s/%s: %s", e->code, e->mandate,
			    action_name(e->action));
		if (e->action == RECEIPT_UNCHANGED ||
		    e->action == RECEIPT_NONE || e->now == NULL) {
			cp_buf_addc(out, '\n');
			continue;
		}
		cp_buf_addf(out, ", change %lld\n", (long long)e->change);
		revdiff_compute(e->before, e->now, &d);
		revdiff_text(&d, 0, out);
		revdiff_free(&d);
	}
}

/* The entries as they stand, each a block, a withdrawn one by name. */
static void
body_entries(const struct receipt *r, struct cp_buf *out)
{
	const struct receipt_entry *e;
	size_t i;

	if (r->nentries == 0)
		return;
	cp_buf_adds(out, "\nThe entries as they stand now (this text, mailed "
			 "back as it is,\nchanges nothing):\n");
	for (i = 0; i < r->nentries; i++) {
		e = &r->entries[i];
		cp_buf_addc(out, '\n');
		if (e->now == NULL)
			cp_buf_addf(out, "%s/%s: not in the compendium.\n",
				    e->code, e->mandate);
		else if (e->now->withdrawn)
			cp_buf_addf(out, "%s/%s: withdrawn.\n", e->code,
				    e->mandate);
		else if (entry_write_revision(e->now, ENTRY_WRITE_OWN, out) !=
			 CP_OK)
			cp_buf_addf(out,
				    "%s/%s: its text cannot be written "
				    "here; ask the maintainers.\n",
				    e->code, e->mandate);
	}
}

void
receipt_body(const struct receipt *r, struct cp_buf *out)
{
	size_t i;

	switch (r->kind) {
	case RECEIPT_APPLIED:
	case RECEIPT_ACCEPTED:
		cp_buf_adds(out, r->kind == RECEIPT_APPLIED
					 ? "Applied.\n\n"
					 : "Applied after review.\n\n");
		body_applied(r, out);
		break;
	case RECEIPT_REJECTED:
		cp_buf_adds(out, "Rejected: nothing was changed.\n\n");
		for (i = 0; r->errors && i < r->errors->n; i++)
			cp_buf_addf(out, "    %s\n", r->errors->v[i]);
		cp_buf_adds(out, "\nPlease send the corrected update in a new "
				 "message.\n");
		break;
	case RECEIPT_HELD:
		cp_buf_adds(out, "Held for review by the maintainers.\n\n");
		cp_buf_addf(out, "    %s\n\n",
			    r->reason ? r->reason : "no reason recorded");
		cp_buf_adds(out, "Nothing is changed until a maintainer "
				 "accepts it; you will hear back.\n");
		break;
	case RECEIPT_DROPPED:
		cp_buf_addf(out, "Rejected after review: %s\n",
			    r->reason && *r->reason ? r->reason
						    : "no reason given.");
		cp_buf_adds(out, "\nNothing was changed.\n");
		break;
	case RECEIPT_NKINDS:
		break;
	}
	body_entries(r, out);
}

/* ---- the message ---- */

/* Printable ASCII, no CR or LF: safe in a header field as it is. */
static int
header_safe(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return s != NULL;
}

/* A Message-ID that may go between <> as it is: printable ASCII without
 * white space or <>.  Any other is left out, as if there were none. */
static int
msgid_ok(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    *s == '<' || *s == '>')
			return 0;
	return 1;
}

/* The <...> message ids of the original References, then its own. */
static void
references(const struct receipt *r, struct cp_buf *out)
{
	const char *p = r->references, *lt, *gt;
	size_t col = strlen("References:");

	cp_buf_adds(out, "References:");
	while (p && (lt = strchr(p, '<')) && (gt = strchr(lt, '>'))) {
		size_t n = (size_t)(gt - lt) + 1;
		const char *q;

		for (q = lt; q <= gt && (unsigned char)*q > 0x20 &&
			     (unsigned char)*q < 0x7f;
		     q++)
			;
		if (q > gt) { /* printable, no white space */
			if (col + 1 + n > 78) {
				cp_buf_adds(out, "\r\n");
				col = 0;
			}
			cp_buf_addc(out, ' ');
			cp_buf_add(out, lt, n);
			col += 1 + n;
		}
		p = gt + 1;
	}
	if (col + 3 + strlen(r->message_id) > 78 && col > 11)
		cp_buf_adds(out, "\r\n");
	cp_buf_addf(out, " <%s>\r\n", r->message_id);
}

static enum cp_status
check(const struct receipt *r, struct cp_error *err)
{
	const char *d;
	size_t n;

	if (!header_safe(r->from) || !from_domain(r->from, &d, &n))
		return cp_error_set(err, CP_EINVAL,
				    "receipt: the From address \"%s\" is not "
				    "an ASCII address with a domain",
				    r->from ? r->from : "");
	if (!header_safe(r->to) || strchr(r->to, '@') == NULL)
		return cp_error_set(err, CP_EINVAL,
				    "receipt: no ASCII address to send to");
	if (r->message_sha256 == NULL || *r->message_sha256 == '\0')
		return cp_error_set(err, CP_EINVAL,
				    "receipt: the original message's SHA-256 "
				    "is missing");
	return CP_OK;
}

enum cp_status
receipt_build(const struct receipt *r, struct cp_buf *out, struct cp_error *err)
{
	struct cp_buf b = {0}, v = {0};
	enum cp_status st;

	st = check(r, err);
	if (st != CP_OK)
		return st;
	cp_buf_addf(out, "From: %s\r\nTo: %s\r\n", r->from, r->to);
	receipt_subject(r->subject, &v);
	receipt_header(out, "Subject", v.s);
	v.len = 0;
	receipt_date(r->date, &v);
	cp_buf_addf(out, "Date: %s\r\n", v.s);
	v.len = 0;
	receipt_message_id(r->kind, r->message_sha256, r->from, &v);
	cp_buf_addf(out, "Message-ID: <%s>\r\n", v.s);
	if (msgid_ok(r->message_id)) {
		cp_buf_addf(out, "In-Reply-To: <%s>\r\n", r->message_id);
		references(r, out);
	}
	cp_buf_adds(out, "Auto-Submitted: auto-replied\r\n"
			 "MIME-Version: 1.0\r\n"
			 "Content-Type: text/plain; charset=utf-8\r\n");
	v.len = 0;
	receipt_body(r, &v);
	add_utf8(&b, v.s, v.len, 0);
	if (receipt_is_7bit(b.s, b.len)) {
		cp_buf_adds(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
		receipt_crlf(b.s, b.len, out);
	} else {
		cp_buf_adds(out, "Content-Transfer-Encoding: "
				 "quoted-printable\r\n\r\n");
		receipt_qp(b.s, b.len, out);
	}
	cp_buf_free(&b);
	cp_buf_free(&v);
	return CP_OK;
}
