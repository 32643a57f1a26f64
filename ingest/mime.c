/* SPDX-License-Identifier: MIT */
/*
 * mime.c - from raw RFC 5322 bytes to the texts SPEC §1 reads.
 *
 * Two passes over the message:
 *
 *  1. The header block is scanned here, line by line, with (pointer,
 *     length) spans: that fills Message-ID, From, Subject, Date and the
 *     Authentication-Results list, finds where the body starts, and is
 *     bounded by lim->max_header_size.  mime_parse_headers() stops here.
 *
 *  2. libetpan's mailmime_parse() builds the MIME tree.  Its nodes point
 *     into the raw buffer (no copy); the texts are then taken from it:
 *     the first text/plain part that is not an attachment, else the first
 *     such text/html part, then every text/plain part named *.txt.
 *     message/rfc822 parts are not entered (a forwarded update is not an
 *     update).
 *
 * Only this file includes libetpan; its types and error codes stop here.
 *
 * Choices where the RFCs or SPEC leave room (docs/ lists them):
 *  - A missing final boundary is accepted (libetpan's behaviour).
 *  - A text/plain part without a charset is US-ASCII (RFC 2045), but when
 *    its bytes are valid UTF-8 they are read as UTF-8 (RFC 6532 practice)
 *    rather than replaced.
 *  - A text/html part without a charset takes the one of a <meta> tag in
 *    its first 1024 bytes, else UTF-8.
 *  - Base64 with characters outside the alphabet, data after the '='
 *    padding, or a lone last character, is an error naming the part, not
 *    silently skipped (libetpan would skip or garble them).
 *  - The header block ends at the first empty line, or at the first line
 *    that is not a header field (that line starts the body, as libetpan
 *    reads it).  An mbox "From " line is not a header: strip it before.
 *  - Quoted-printable: "=XX" in either case; a '=' not followed by two hex
 *    digits or a line end stays as written; trailing white space is kept.
 *    Transfer encodings are undone here, not by mailmime_part_parse()
 *    (see qp_decode_into()).
 *  - An unknown Content-Transfer-Encoding on a text that is read is an
 *    error naming the part.
 *  - A multipart without any part (its boundary never found) is an error.
 *  - An attachment's file name is its last path component.
 *  - Subject and file names: RFC 2047 words are decoded anywhere (not only
 *    between spaces); raw 8-bit is read as UTF-8; control characters
 *    become spaces.
 *  - NUL bytes in a text stay in it (mime_part.len counts them); the entry
 *    validator reports them as control characters.  NUL bytes in a header
 *    value become U+FFFD.
 *  - On any error the parts are dropped (nparts 0), so nothing half-read
 *    can be applied; the header fields stay.
 */
#include "mime.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "charset.h"
#include "xmalloc.h"

/*
 * multipart and message parts make libetpan recurse; more of them than
 * this is refused before libetpan sees the message, so a hostile nesting
 * can never exhaust the stack.
 */
#define MAX_CONTAINERS 100

/* How far into an HTML part a <meta charset> is looked for. */
#define HTML_SNIFF_LEN 1024

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static int
span_ieq(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n == l && strncasecmp(s, lit, l) == 0;
}

static int
ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), l = strlen(suffix);

	return n >= l && strcasecmp(s + n - l, suffix) == 0;
}

static void
lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Trim white space at both ends of the span in place. */
static void
trim_span(const char **s, size_t *n)
{
	while (*n > 0 && (is_wsp(**s) || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (is_wsp((*s)[*n - 1]) || (*s)[*n - 1] == '\r' ||
			  (*s)[*n - 1] == '\n'))
		(*n)--;
}

/*
 * Control characters (NUL included) would break one-line listings and
 * truncate strings; make them spaces.
 */
static void
blank_controls_n(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			s[i] = ' ';
}

static void
blank_controls(char *s)
{
	blank_controls_n(s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* RFC 2047 encoded words                                               */
/* ------------------------------------------------------------------ */

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Base64, skipping characters outside the alphabet (encoded words are
 * read leniently; bodies are checked by base64_problem() first).
 */
static void
b64_decode_into(struct cp_buf *b, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((v = b64val(s[i])) < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			cp_buf_addc(b, (char)((acc >> bits) & 0xFF));
		}
	}
}

static void
q_decode_into(struct cp_buf *b, const char *s, size_t n)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '_')
			cp_buf_addc(b, ' ');
		else if (s[i] == '=' && i + 2 < n &&
			 (h = hexval(s[i + 1])) >= 0 &&
			 (l = hexval(s[i + 2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			i += 2;
		} else
			cp_buf_addc(b, s[i]);
	}
}

static int
charset_known(const char *cs)
{
	char *o = NULL;
	size_t ol, nr;

	if (charset_to_utf8(cs, "", 0, &o, &ol, &nr) != CP_OK)
		return 0;
	free(o);
	return 1;
}

struct eword {
	char charset[64];
	char enc;         /* 'Q' or 'B' */
	const char *text; /* borrowed */
	size_t tlen;
	size_t end; /* offset just past "?=" */
};

/* Parse "=?charset?E?text?=" at s[i]; 1 on success. */
static int
parse_eword(const char *s, size_t n, size_t i, struct eword *w)
{
	size_t p = i + 2, cs, cl, t;

	if (i + 2 > n || s[i] != '=' || s[i + 1] != '?')
		return 0;
	cs = p;
	while (p < n && s[p] != '?' && !is_wsp(s[p]))
		p++;
	if (p >= n || s[p] != '?' || p == cs)
		return 0;
	cl = p - cs;
	/* RFC 2231 language suffix: charset*lang */
	if (memchr(s + cs, '*', cl) != NULL)
		cl = (size_t)((const char *)memchr(s + cs, '*', cl) - (s + cs));
	if (cl == 0 || cl >= sizeof(w->charset))
		return 0;
	memcpy(w->charset, s + cs, cl);
	w->charset[cl] = '\0';
	p++;
	if (p + 1 >= n || s[p + 1] != '?')
		return 0;
	w->enc = (char)toupper((unsigned char)s[p]);
	if (w->enc != 'Q' && w->enc != 'B')
		return 0;
	p += 2;
	t = p;
	while (p + 1 < n && !(s[p] == '?' && s[p + 1] == '=')) {
		if (is_wsp(s[p]))
			return 0;
		p++;
	}
	if (p + 1 >= n)
		return 0;
	w->text = s + t;
	w->tlen = p - t;
	w->end = p + 2;
	return 1;
}

/* Convert pending bytes in charset cs and append them to out. */
static void
flush_words(struct cp_buf *out, struct cp_buf *pend, const char *cs)
{
	char *u = NULL;
	size_t ul, nr;

	if (pend->len == 0)
		return;
	if (charset_to_utf8(cs, pend->s, pend->len, &u, &ul, &nr) == CP_OK)
		cp_buf_add(out, u, ul);
	free(u);
	pend->len = 0;
}

/* Literal header text: raw 8-bit is read as UTF-8 (RFC 6532). */
static void
add_literal(struct cp_buf *out, const char *s, size_t n)
{
	char *u = NULL;
	size_t ul, nr;

	if (n == 0)
		return;
	charset_to_utf8("utf-8", s, n, &u, &ul, &nr);
	cp_buf_add(out, u, ul);
	free(u);
}

/*
 * Decode the RFC 2047 encoded words of an unfolded header value into a new
 * UTF-8 string (caller frees).  White space between two encoded words is
 * dropped; adjacent words in one charset are converted together, so a
 * character split across words survives.  A word in an unknown charset is
 * kept as written.  Control characters become spaces.
 */
static char *
decode_header_text(const char *s, size_t n)
{
	struct cp_buf out = {0}, pend = {0};
	char pend_cs[64] = "";
	struct eword w;
	size_t i = 0, lit = 0, j;
	int after_word = 0, only_ws;
	const char *q;

	while (i + 1 < n) {
		q = memchr(s + i, '=', n - i - 1);
		if (q == NULL)
			break;
		i = (size_t)(q - s);
		if (s[i + 1] != '?' || !parse_eword(s, n, i, &w) ||
		    !charset_known(w.charset)) {
			i++;
			continue;
		}
		only_ws = 1;
		for (j = lit; j < i; j++)
			if (!is_wsp(s[j]))
				only_ws = 0;
		if (!(after_word && only_ws)) {
			flush_words(&out, &pend, pend_cs);
			add_literal(&out, s + lit, i - lit);
		}
		if (strcasecmp(pend_cs, w.charset) != 0) {
			flush_words(&out, &pend, pend_cs);
			memcpy(pend_cs, w.charset, sizeof(pend_cs));
		}
		if (w.enc == 'Q')
			q_decode_into(&pend, w.text, w.tlen);
		else
			b64_decode_into(&pend, w.text, w.tlen);
		after_word = 1;
		i = lit = w.end;
	}
	flush_words(&out, &pend, pend_cs);
	add_literal(&out, s + lit, n - lit);
	cp_buf_free(&pend);
	if (out.s != NULL)
		blank_controls_n(out.s, out.len);
	return cp_buf_detach(&out);
}

/* ------------------------------------------------------------------ */
/* The header block                                                     */
/* ------------------------------------------------------------------ */

struct hfield {
	const char *name; /* borrowed span */
	size_t nlen;
	const char *val; /* borrowed span, folded, without the last EOL */
	size_t vlen;
	size_t start; /* offset of the field's first byte */
	size_t end;   /* offset just past its last line end */
};

/* Offset just past the line end of the line holding pos, or len. */
static size_t
line_end(const char *raw, size_t len, size_t pos, size_t *eol)
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

/*
 * The field starting at *pos, or 0 at the end of the header block: an
 * empty line (which *pos then skips), the end of the input, or a line that
 * is not `name:` (which stays for the body, as libetpan reads it).
 */
static int
next_field(const char *raw, size_t len, size_t *pos, struct hfield *f)
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
	while (n < len && is_wsp(raw[n]))
		n++;
	if (f->nlen == 0 || n >= len || raw[n] != ':')
		return 0;
	f->start = p;
	f->val = raw + n + 1;
	next = line_end(raw, len, n + 1, &eol);
	while (next < len && is_wsp(raw[next]))
		next = line_end(raw, len, next, &eol);
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

static char *
first_mailbox(struct mailimf_address_list *al)
{
	clistiter *it, *jt;
	struct mailimf_address *a;
	struct mailimf_mailbox *mb;

	for (it = clist_begin(al->ad_list); it != NULL; it = clist_next(it)) {
		a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			mb = a->ad_data.ad_mailbox;
			if (mb != NULL && mb->mb_addr_spec != NULL)
				return xstrdup(mb->mb_addr_spec);
		} else if (a->ad_type == MAILIMF_ADDRESS_GROUP &&
			   a->ad_data.ad_group != NULL &&
			   a->ad_data.ad_group->grp_mb_list != NULL) {
			for (jt = clist_begin(
				     a->ad_data.ad_group->grp_mb_list->mb_list);
			     jt != NULL; jt = clist_next(jt)) {
				mb = clist_content(jt);
				if (mb != NULL && mb->mb_addr_spec != NULL)
					return xstrdup(mb->mb_addr_spec);
			}
		}
	}
	return NULL;
}

/*
 * The bare address of the first mailbox of a From value, lower-case.
 * libetpan's address parser first; for what it refuses, the text between
 * the first <> pair, or the value itself when it is one word with an @.
 */
static char *
from_value(const char *v)
{
	struct mailimf_address_list *al = NULL;
	size_t idx = 0, n;
	const char *s = v, *lt, *gt;
	char *addr = NULL;

	if (mailimf_address_list_parse(v, strlen(v), &idx, &al) ==
	    MAILIMF_NO_ERROR) {
		addr = first_mailbox(al);
		mailimf_address_list_free(al);
	}
	if (addr != NULL && strchr(addr, '@') == NULL) {
		/* libetpan takes a lone word for an address */
		free(addr);
		addr = NULL;
	}
	if (addr == NULL) {
		n = strlen(v);
		if ((lt = memchr(v, '<', n)) != NULL &&
		    (gt = memchr(lt, '>', n - (size_t)(lt - v))) != NULL) {
			s = lt + 1;
			n = (size_t)(gt - s);
		}
		trim_span(&s, &n);
		if (n > 0 && memchr(s, '@', n) != NULL &&
		    memchr(s, ' ', n) == NULL && memchr(s, '\t', n) == NULL)
			addr = xstrndup(s, n);
	}
	if (addr != NULL)
		lower_ascii(addr);
	return addr;
}

static void
take_field(struct mime_message *m, const struct hfield *f)
{
	char *v;

	if (span_ieq(f->name, f->nlen, "Authentication-Results")) {
		v = unfold(f->val, f->vlen);
		cp_strlist_add(&m->auth_results, v);
		free(v);
	} else if (span_ieq(f->name, f->nlen, "Message-ID")) {
		if (m->message_id != NULL)
			return;
		v = unfold(f->val, f->vlen);
		m->message_id = msgid_value(v);
		free(v);
	} else if (span_ieq(f->name, f->nlen, "From")) {
		if (m->from_addr != NULL)
			return;
		v = unfold(f->val, f->vlen);
		m->from_addr = from_value(v);
		free(v);
	} else if (span_ieq(f->name, f->nlen, "Subject")) {
		if (m->subject != NULL)
			return;
		v = unfold(f->val, f->vlen);
		m->subject = decode_header_text(v, strlen(v));
		free(v);
	} else if (span_ieq(f->name, f->nlen, "Date")) {
		if (m->date != NULL)
			return;
		v = unfold(f->val, f->vlen);
		if (v[0] != '\0')
			m->date = v;
		else
			free(v);
	}
}

struct hblock {
	size_t body_off; /* where the body starts */
	size_t hlen;     /* bytes of the header block, blank line excluded */
};

/*
 * Scan the whole header block (it is bounded only by the input), taking
 * the fields that end within lim->max_header_size.  Returns CP_ETOOBIG
 * with an error when the block is over that limit.
 */
static enum cp_status
read_header_block(const char *raw, size_t len, const struct cp_limits *lim,
		  struct mime_message *m, struct hblock *hb,
		  struct cp_strlist *errors)
{
	struct hfield f;
	size_t pos = 0, before;

	for (;;) {
		before = pos;
		if (!next_field(raw, len, &pos, &f)) {
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

/* ------------------------------------------------------------------ */
/* The MIME tree                                                        */
/* ------------------------------------------------------------------ */

/*
 * Count Content-Type fields that may make libetpan recurse (multipart,
 * message, or anything it could decode into those), anywhere at a line
 * start.  Over-counting is harmless: the limit is far above real mail.
 */
static int
is_leaf_type(const char *s, size_t n)
{
	static const char *const leaf[] = {
		"text/",        "image/", "audio/", "video/",
		"application/", "font/",  "model/", NULL,
	};
	size_t i, l;

	for (i = 0; leaf[i] != NULL; i++) {
		l = strlen(leaf[i]);
		if (n >= l && strncasecmp(s, leaf[i], l) == 0)
			return 1;
	}
	return 0;
}

static size_t
count_containers(const char *raw, size_t len)
{
	size_t pos = 0, p, eol, next, n = 0;

	for (; pos < len; pos = next) {
		next = line_end(raw, len, pos, &eol);
		if (len - pos < 12 ||
		    strncasecmp(raw + pos, "content-type", 12) != 0)
			continue;
		p = pos + 12;
		while (p < len && is_wsp(raw[p]))
			p++;
		if (p >= len || raw[p] != ':')
			continue;
		p++;
		while (p < len &&
		       (is_wsp(raw[p]) || raw[p] == '\r' || raw[p] == '\n'))
			p++;
		/* An encoded word could decode to anything. */
		if (!is_leaf_type(raw + p, len - p) ||
		    (eol > p && memchr(raw + p, '?', eol - p) != NULL))
			n++;
	}
	return n;
}

/*
 * A copy of the message for libetpan when it cannot read our header
 * block (a NUL byte, a last line without a line end, ...): the Content-*
 * and MIME-Version fields only, NUL bytes as spaces, each ending in CRLF,
 * a blank line, and the body.  Caller frees.
 */
static char *
mime_copy(const char *raw, size_t len, size_t body_off, size_t *outlen)
{
	struct cp_buf b = {0};
	struct hfield f;
	size_t pos = 0, i, start;

	while (next_field(raw, len, &pos, &f)) {
		if (!(f.nlen >= 8 && strncasecmp(f.name, "Content-", 8) == 0) &&
		    !span_ieq(f.name, f.nlen, "MIME-Version"))
			continue;
		start = b.len;
		cp_buf_add(&b, f.name, f.nlen);
		cp_buf_addc(&b, ':');
		cp_buf_add(&b, f.val, f.vlen);
		for (i = start; i < b.len; i++)
			if (b.s[i] == '\0')
				b.s[i] = ' ';
		cp_buf_add(&b, "\r\n", 2);
	}
	cp_buf_add(&b, "\r\n", 2);
	cp_buf_add(&b, raw + body_off, len - body_off);
	*outlen = b.len;
	return cp_buf_detach(&b);
}

/* Where libetpan thinks the body starts, or NULL. */
static const char *
etpan_body_start(struct mailmime *root)
{
	struct mailmime *body;

	if (root == NULL || root->mm_type != MAILMIME_MESSAGE)
		return NULL;
	body = root->mm_data.mm_message.mm_msg_mime;
	if (body == NULL || body->mm_body == NULL)
		return NULL;
	return body->mm_body->dt_data.dt_text.dt_data;
}

static const char *
etpan_strerror(int r)
{
	switch (r) {
	case MAILIMF_ERROR_PARSE:
		return "syntax error";
	case MAILIMF_ERROR_MEMORY:
		return "out of memory";
	case MAILIMF_ERROR_INVAL:
		return "invalid structure";
	default:
		return "error";
	}
}

/* One text part picked for reading. */
struct pick {
	struct mailmime *mm; /* borrowed */
	char *name;          /* owned */
	int is_html;
};

struct walk {
	struct mailmime *plain; /* first text/plain body candidate */
	struct mailmime *html;  /* first text/html body candidate */
	struct pick *att;       /* owned: *.txt attachments */
	size_t natt, capatt;
	int broken_mp;     /* a multipart whose boundary never occurs */
	char *broken_type; /* owned: its subtype */
};

/* The parameters of one header field, to look names up in. */
struct paramset {
	struct mailmime_parameter **v; /* borrowed */
	size_t n;
};

static const char *
param_get(const struct paramset *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->v[i]->pa_name != NULL && ps->v[i]->pa_value != NULL &&
		    strcasecmp(ps->v[i]->pa_name, name) == 0)
			return ps->v[i]->pa_value;
	return NULL;
}

/* Percent-decode into b. */
static void
pct_decode_into(struct cp_buf *b, const char *s)
{
	int h, l;

	for (; *s != '\0'; s++) {
		if (*s == '%' && (h = hexval(s[1])) >= 0 &&
		    (l = hexval(s[2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			s += 2;
		} else
			cp_buf_addc(b, *s);
	}
}

/* Skip "charset'lang'" of an RFC 2231 extended value, keeping charset. */
static const char *
ext_charset(const char *v, char *cs, size_t cssz)
{
	const char *q1, *q2;
	size_t cl;

	if ((q1 = strchr(v, '\'')) == NULL ||
	    (q2 = strchr(q1 + 1, '\'')) == NULL)
		return v;
	cl = (size_t)(q1 - v);
	if (cl < cssz) {
		memcpy(cs, v, cl);
		cs[cl] = '\0';
	}
	return q2 + 1;
}

/*
 * A parameter value in a new UTF-8 string, or NULL: from its RFC 2231
 * form (base*=, or the pieces base*0[*]=, base*1[*]=, ...) when given,
 * else from base= (RFC 2047 words decoded, as some clients write them).
 */
static char *
param_value(const struct paramset *ps, const char *base)
{
	struct cp_buf raw = {0};
	char key[80], cs[64] = "";
	const char *v;
	char *u = NULL;
	size_t ul, nr, k;
	int ext;

	snprintf(key, sizeof(key), "%s*", base);
	if ((v = param_get(ps, key)) != NULL) {
		/* name*=charset'lang'value */
		pct_decode_into(&raw, ext_charset(v, cs, sizeof(cs)));
		k = 1;
	} else {
		/* name*0[*]=, name*1[*]=, ...: one value in pieces */
		for (k = 0; k < 100; k++) {
			ext = 1;
			snprintf(key, sizeof(key), "%s*%zu*", base, k);
			if ((v = param_get(ps, key)) == NULL) {
				ext = 0;
				snprintf(key, sizeof(key), "%s*%zu", base, k);
				if ((v = param_get(ps, key)) == NULL)
					break;
			}
			if (ext && k == 0)
				v = ext_charset(v, cs, sizeof(cs));
			if (ext)
				pct_decode_into(&raw, v);
			else
				cp_buf_adds(&raw, v);
		}
	}
	if (k == 0) {
		if ((v = param_get(ps, base)) != NULL)
			return decode_header_text(v, strlen(v));
		return NULL;
	}
	if (cs[0] == '\0' || charset_to_utf8(cs, raw.s ? raw.s : "", raw.len,
					     &u, &ul, &nr) != CP_OK)
		charset_to_utf8("utf-8", raw.s ? raw.s : "", raw.len, &u, &ul,
				&nr);
	cp_buf_free(&raw);
	blank_controls_n(u, ul);
	return u;
}

/* The part's MIME field of type (MAILMIME_FIELD_...), or NULL. */
static struct mailmime_field *
part_field(struct mailmime *mm, int type)
{
	clistiter *it;
	struct mailmime_field *f;

	if (mm->mm_mime_fields == NULL)
		return NULL;
	for (it = clist_begin(mm->mm_mime_fields->fld_list); it != NULL;
	     it = clist_next(it)) {
		f = clist_content(it);
		if (f->fld_type == type)
			return f;
	}
	return NULL;
}

/* The last path component: a file name is never a path. */
static char *
base_name(char *name)
{
	char *p, *s = name;
	size_t n;

	for (p = name; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	n = strlen(s);
	memmove(name, s, n + 1);
	return name;
}

/*
 * The file name of a part: Content-Disposition filename (RFC 2231 or
 * 2047 encoded, or plain), else Content-Type name.  New string or NULL.
 */
static char *
part_filename(struct mailmime *mm, int *is_attachment)
{
	struct mailmime_field *df = part_field(mm, MAILMIME_FIELD_DISPOSITION);
	struct mailmime_disposition *d =
		df ? df->fld_data.fld_disposition : NULL;
	struct mailmime_disposition_parm *dp;
	struct mailmime_parameter fname = {(char *)"filename", NULL};
	struct paramset ps = {NULL, 0};
	clistiter *it;
	char *name = NULL;
	size_t cap = 0;

	*is_attachment = 0;
	if (d != NULL) {
		if (d->dsp_type != NULL &&
		    d->dsp_type->dsp_type ==
			    MAILMIME_DISPOSITION_TYPE_ATTACHMENT)
			*is_attachment = 1;
		for (it = clist_begin(d->dsp_parms); it != NULL;
		     it = clist_next(it)) {
			dp = clist_content(it);
			if (ps.n == cap) {
				cap = cap ? cap * 2 : 8;
				ps.v = xreallocarray(ps.v, cap, sizeof(*ps.v));
			}
			if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
				fname.pa_value = dp->pa_data.pa_filename;
				ps.v[ps.n++] = &fname;
			} else if (dp->pa_type ==
				   MAILMIME_DISPOSITION_PARM_PARAMETER)
				ps.v[ps.n++] = dp->pa_data.pa_parameter;
		}
		name = param_value(&ps, "filename");
	}
	free(ps.v);
	ps.v = NULL;
	ps.n = cap = 0;
	if ((name == NULL || name[0] == '\0') && mm->mm_content_type != NULL) {
		free(name);
		for (it = clist_begin(mm->mm_content_type->ct_parameters);
		     it != NULL; it = clist_next(it)) {
			if (ps.n == cap) {
				cap = cap ? cap * 2 : 8;
				ps.v = xreallocarray(ps.v, cap, sizeof(*ps.v));
			}
			ps.v[ps.n++] = clist_content(it);
		}
		name = param_value(&ps, "name");
		free(ps.v);
	}
	if (name != NULL && base_name(name)[0] == '\0') {
		free(name);
		name = NULL;
	}
	return name;
}

static int
is_text_subtype(struct mailmime *mm, const char *subtype)
{
	struct mailmime_content *ct = mm->mm_content_type;

	if (ct == NULL) /* libetpan's default: text/plain */
		return strcasecmp(subtype, "plain") == 0;
	return ct->ct_type != NULL &&
	       ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	       ct->ct_type->tp_data.tp_discrete_type != NULL &&
	       ct->ct_type->tp_data.tp_discrete_type->dt_type ==
		       MAILMIME_DISCRETE_TYPE_TEXT &&
	       ct->ct_subtype != NULL &&
	       strcasecmp(ct->ct_subtype, subtype) == 0;
}

static void
walk_single(struct mailmime *mm, struct walk *w)
{
	int plain = is_text_subtype(mm, "plain");
	int html = !plain && is_text_subtype(mm, "html");
	int attachment;
	char *name;

	if (!plain && !html)
		return;
	name = part_filename(mm, &attachment);
	if (name == NULL && !attachment) {
		if (plain && w->plain == NULL)
			w->plain = mm;
		else if (html && w->html == NULL)
			w->html = mm;
	}
	if (plain && name != NULL && ends_with_ci(name, ".txt")) {
		if (w->natt == w->capatt) {
			w->capatt = w->capatt ? w->capatt * 2 : 4;
			w->att = xreallocarray(w->att, w->capatt,
					       sizeof(*w->att));
		}
		w->att[w->natt].mm = mm;
		w->att[w->natt].name = name;
		w->att[w->natt].is_html = 0;
		w->natt++;
		name = NULL;
	}
	free(name);
}

/*
 * Whether a line of the span starts with "--" boundary.  libetpan reads a
 * multipart whose boundary never occurs as one part holding everything,
 * which would read the raw structure as text.
 */
static int
has_delimiter(const char *s, size_t n, const char *boundary)
{
	size_t bl = strlen(boundary), pos = 0;
	const char *nl;

	while (pos < n) {
		if (n - pos >= bl + 2 && s[pos] == '-' && s[pos + 1] == '-' &&
		    memcmp(s + pos + 2, boundary, bl) == 0)
			return 1;
		if ((nl = memchr(s + pos, '\n', n - pos)) == NULL)
			break;
		pos = (size_t)(nl - s) + 1;
	}
	return 0;
}

static int
multipart_broken(struct mailmime *mm)
{
	struct mailmime_data *d = mm->mm_body;
	char *boundary;
	int broken;

	if (clist_begin(mm->mm_data.mm_multipart.mm_mp_list) == NULL)
		return 1;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT ||
	    mm->mm_content_type == NULL)
		return 0;
	if ((boundary = mailmime_extract_boundary(mm->mm_content_type)) == NULL)
		return 0;
	broken = !has_delimiter(d->dt_data.dt_text.dt_data,
				d->dt_data.dt_text.dt_length, boundary);
	free(boundary);
	return broken;
}

/* Depth is bounded by count_containers() before libetpan parsed. */
static void
walk_tree(struct mailmime *mm, struct walk *w)
{
	struct mailmime_content *ct;
	clistiter *it;

	switch (mm->mm_type) {
	case MAILMIME_SINGLE:
		walk_single(mm, w);
		break;
	case MAILMIME_MULTIPLE:
		if (multipart_broken(mm)) {
			if (!w->broken_mp) {
				ct = mm->mm_content_type;
				w->broken_mp = 1;
				w->broken_type = xstrdup(
					ct && ct->ct_subtype ? ct->ct_subtype
							     : "?");
				lower_ascii(w->broken_type);
				blank_controls(w->broken_type);
			}
			break;
		}
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list);
		     it != NULL; it = clist_next(it))
			walk_tree(clist_content(it), w);
		break;
	case MAILMIME_MESSAGE:
		/* A forwarded message is not read. */
		break;
	}
}

/*
 * Quoted-printable body (RFC 2045 6.7): =XX is a byte (either case), '='
 * at a line end (after optional white space) is a soft line break, any
 * other '=' stays as written.  Trailing white space is kept, as
 * format=flowed senders rely on it.  Done here rather than by
 * mailmime_part_parse(), which reads past the end of the data when the
 * last '=' has one character after it.
 */
static void
qp_decode_into(struct cp_buf *b, const char *s, size_t n)
{
	size_t i, j, run = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] != '=')
			continue;
		cp_buf_add(b, s + run, i - run);
		if (i + 2 < n && (h = hexval(s[i + 1])) >= 0 &&
		    (l = hexval(s[i + 2])) >= 0) {
			cp_buf_addc(b, (char)(h << 4 | l));
			i += 2;
		} else {
			for (j = i + 1; j < n && is_wsp(s[j]); j++)
				;
			if (j == n)
				i = n - 1;
			else if (s[j] == '\n')
				i = j;
			else if (s[j] == '\r')
				i = (j + 1 < n && s[j + 1] == '\n') ? j + 1 : j;
			else
				cp_buf_addc(b, '=');
		}
		run = i + 1;
	}
	cp_buf_add(b, s + run, n - run);
}

/*
 * Base64 as RFC 2045 writes it: the alphabet, white space and trailing
 * '=' padding.  NULL when fine, else what is wrong (static text).
 */
static const char *
base64_problem(const char *s, size_t n)
{
	size_t i, data = 0;
	int pad = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (b64val(s[i]) < 0)
			return "a character outside the base64 alphabet";
		if (pad)
			return "data after the '=' padding";
		data++;
	}
	if (data % 4 == 1)
		return "a truncated last group";
	return NULL;
}

static int
is_cs_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' ||
	       c == ':';
}

/*
 * The charset of an HTML part from a <meta> tag in its first bytes, into
 * cs; 0 when none.
 */
static int
html_meta_charset(const char *s, size_t n, char *cs, size_t cssz)
{
	size_t i, j, k, end;

	if (n > HTML_SNIFF_LEN)
		n = HTML_SNIFF_LEN;
	for (i = 0; i + 5 <= n; i++) {
		if (s[i] != '<' || strncasecmp(s + i, "<meta", 5) != 0)
			continue;
		for (end = i; end < n && s[end] != '>'; end++)
			;
		for (j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp(s + j, "charset", 7) != 0)
				continue;
			k = j + 7;
			while (k < end &&
			       (is_wsp(s[k]) || s[k] == '\r' || s[k] == '\n'))
				k++;
			if (k >= end || s[k] != '=')
				continue;
			k++;
			while (k < end &&
			       (is_wsp(s[k]) || s[k] == '"' || s[k] == '\''))
				k++;
			for (j = k;
			     j < end && j - k < cssz - 1 && is_cs_char(s[j]);
			     j++)
				;
			if (j == k)
				return 0;
			memcpy(cs, s + k, j - k);
			cs[j - k] = '\0';
			return 1;
		}
	}
	return 0;
}

/*
 * Transfer-decode and charset-convert one picked part into *p.  Errors
 * and warnings name the part.
 */
static enum cp_status
read_part(const struct pick *pk, struct mime_part *p, struct mime_message *m,
	  struct cp_strlist *errors)
{
	struct mailmime *mm = pk->mm;
	struct mailmime_data *d = mm->mm_body;
	struct mailmime_mechanism *mech;
	struct mailmime_field *f;
	const char *data = "", *cs = NULL, *why;
	struct cp_buf dec = {0};
	char *text = NULL, sniffed[64], *lcs = NULL;
	size_t dlen = 0, tlen = 0, nrepl = 0;
	enum cp_status st = CP_OK;
	int enc = MAILMIME_MECHANISM_7BIT;

	if (d != NULL && d->dt_type == MAILMIME_DATA_TEXT) {
		data = d->dt_data.dt_text.dt_data;
		dlen = d->dt_data.dt_text.dt_length;
		enc = d->dt_encoded ? d->dt_encoding : MAILMIME_MECHANISM_8BIT;
	}
	switch (enc) {
	case MAILMIME_MECHANISM_BASE64:
		if ((why = base64_problem(data, dlen)) != NULL) {
			cp_strlist_addf(errors, "%s: broken base64 (%s)",
					pk->name, why);
			st = CP_EPARSE;
			goto out;
		}
		b64_decode_into(&dec, data, dlen);
		data = dec.s ? dec.s : "";
		dlen = dec.len;
		break;
	case MAILMIME_MECHANISM_QUOTED_PRINTABLE:
		qp_decode_into(&dec, data, dlen);
		data = dec.s ? dec.s : "";
		dlen = dec.len;
		break;
	case MAILMIME_MECHANISM_7BIT:
	case MAILMIME_MECHANISM_8BIT:
	case MAILMIME_MECHANISM_BINARY:
		/* Nothing to undo: read the raw bytes in place. */
		break;
	default:
		f = part_field(mm, MAILMIME_FIELD_TRANSFER_ENCODING);
		mech = f ? f->fld_data.fld_encoding : NULL;
		cp_strlist_addf(
			errors, "%s: unknown Content-Transfer-Encoding \"%s\"",
			pk->name,
			mech && mech->enc_token ? mech->enc_token : "?");
		st = CP_EPARSE;
		goto out;
	}

	if (mm->mm_content_type != NULL)
		cs = mailmime_content_param_get(mm->mm_content_type,
						(char *)"charset");
	if (cs != NULL && cs[0] == '\0')
		cs = NULL;
	if (cs == NULL && pk->is_html)
		cs = html_meta_charset(data, dlen, sniffed, sizeof(sniffed))
			     ? sniffed
			     : "utf-8";
	if (cs == NULL) {
		/* Undeclared: US-ASCII, unless it is valid UTF-8. */
		st = charset_to_utf8("utf-8", data, dlen, &text, &tlen, &nrepl);
		cs = "us-ascii";
		if (nrepl > 0) {
			free(text);
			text = NULL;
			st = charset_to_utf8(cs, data, dlen, &text, &tlen,
					     &nrepl);
		}
	} else
		st = charset_to_utf8(cs, data, dlen, &text, &tlen, &nrepl);
	lcs = xstrdup(cs);
	lower_ascii(lcs);
	blank_controls(lcs);
	if (st != CP_OK) {
		cp_strlist_addf(errors, "%s: unknown charset \"%s\"", pk->name,
				lcs);
		goto out;
	}
	if (nrepl > 0)
		cp_strlist_addf(&m->warnings,
				"%s: %zu invalid byte%s in charset \"%s\" "
				"replaced with U+FFFD",
				pk->name, nrepl, nrepl == 1 ? "" : "s", lcs);

	p->name = xstrdup(pk->name);
	p->text = text;
	p->len = tlen;
	text = NULL;
	p->is_html = pk->is_html;
	if (mm->mm_content_type != NULL) {
		cs = mailmime_content_param_get(mm->mm_content_type,
						(char *)"format");
		p->flowed = cs != NULL && strcasecmp(cs, "flowed") == 0;
		cs = mailmime_content_param_get(mm->mm_content_type,
						(char *)"delsp");
		p->delsp =
			p->flowed && cs != NULL && strcasecmp(cs, "yes") == 0;
	}
out:
	free(lcs);
	free(text);
	cp_buf_free(&dec);
	return st;
}

static void
free_parts(struct mime_message *m)
{
	size_t i;

	for (i = 0; i < m->nparts; i++) {
		free(m->parts[i].name);
		free(m->parts[i].text);
	}
	free(m->parts);
	m->parts = NULL;
	m->nparts = 0;
}

/*
 * Build the MIME tree of raw (or of a cleaned copy when libetpan stops
 * inside our header block) and read the picked parts into m.
 */
static enum cp_status
read_body(const char *raw, size_t len, const struct hblock *hb,
	  struct mime_message *m, struct cp_strlist *errors)
{
	struct mailmime *root = NULL;
	struct walk w = {0};
	struct pick body = {0};
	char *copy = NULL;
	size_t idx = 0, copylen, i, n;
	enum cp_status st = CP_OK, st2;
	int r;

	if ((n = count_containers(raw, len)) > MAX_CONTAINERS) {
		cp_strlist_addf(errors,
				"message: too many multipart or message parts "
				"(%zu, over the limit of %d)",
				n, MAX_CONTAINERS);
		return CP_ETOOBIG;
	}
	r = mailmime_parse(raw, len, &idx, &root);
	if (r == MAILIMF_NO_ERROR &&
	    etpan_body_start(root) != raw + hb->body_off) {
		mailmime_free(root);
		root = NULL;
		copy = mime_copy(raw, len, hb->body_off, &copylen);
		idx = 0;
		r = mailmime_parse(copy, copylen, &idx, &root);
		if (r == MAILIMF_NO_ERROR &&
		    etpan_body_start(root) !=
			    copy + (copylen - (len - hb->body_off))) {
			cp_strlist_add(errors, "message: cannot parse MIME "
					       "structure (header block)");
			st = CP_EPARSE;
			goto out;
		}
	}
	if (r != MAILIMF_NO_ERROR) {
		if (r == MAILIMF_ERROR_MEMORY)
			abort();
		root = NULL;
		cp_strlist_addf(errors,
				"message: cannot parse MIME structure (%s)",
				etpan_strerror(r));
		st = CP_EPARSE;
		goto out;
	}
	if (root->mm_type == MAILMIME_MESSAGE &&
	    root->mm_data.mm_message.mm_msg_mime != NULL)
		walk_tree(root->mm_data.mm_message.mm_msg_mime, &w);
	if (w.broken_mp) {
		cp_strlist_addf(errors,
				"message: cannot parse MIME structure "
				"(multipart/%s without any part: boundary not "
				"found)",
				w.broken_type);
		st = CP_EPARSE;
		goto out;
	}

	body.mm = w.plain ? w.plain : w.html;
	body.name = (char *)"body";
	body.is_html = w.plain == NULL;
	m->parts = xcalloc(w.natt + 1, sizeof(*m->parts));
	if (body.mm != NULL) {
		st2 = read_part(&body, &m->parts[m->nparts], m, errors);
		if (st2 == CP_OK)
			m->nparts++;
		else if (st == CP_OK)
			st = st2;
	}
	for (i = 0; i < w.natt; i++) {
		st2 = read_part(&w.att[i], &m->parts[m->nparts], m, errors);
		if (st2 == CP_OK)
			m->nparts++;
		else if (st == CP_OK)
			st = st2;
	}
	if (st != CP_OK)
		free_parts(m);
out:
	for (i = 0; i < w.natt; i++)
		free(w.att[i].name);
	free(w.att);
	free(w.broken_type);
	if (root != NULL)
		mailmime_free(root);
	free(copy);
	return st;
}

/* ------------------------------------------------------------------ */
/* The exported functions                                               */
/* ------------------------------------------------------------------ */

static enum cp_status
parse(const char *raw, size_t len, const struct cp_limits *lim,
      struct mime_message **out, struct cp_strlist *errors, int whole)
{
	struct mime_message *m;
	struct hblock hb = {0, 0};
	struct cp_limits deflim;
	struct cp_strlist scratch = {0};
	enum cp_status st;

	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if (errors == NULL)
		errors = &scratch;
	m = xcalloc(1, sizeof(*m));
	*out = m;
	st = read_header_block(raw, len, lim, m, &hb, errors);
	if (st == CP_OK && whole) {
		if (len > lim->max_message_size) {
			cp_strlist_addf(errors,
					"message: %zu bytes, over the limit of "
					"%zu bytes (limits: max_message_size)",
					len, lim->max_message_size);
			st = CP_ETOOBIG;
		} else
			st = read_body(raw, len, &hb, m, errors);
	}
	cp_strlist_free(&scratch);
	return st;
}

/*
 * See mime.h.  raw is only read; libetpan's tree points into it while
 * this runs, and nothing returned does.  *out is always set (the header
 * fields are read from the first lim->max_header_size bytes even when
 * the block is longer).  lim NULL means cp_limits_default(); errors may
 * be NULL when the caller only wants the status.
 */
enum cp_status
mime_parse(const char *raw, size_t len, const struct cp_limits *lim,
	   struct mime_message **out, struct cp_strlist *errors)
{
	return parse(raw, len, lim, out, errors, 1);
}

/*
 * See mime.h.  Only the header block is read (at most
 * lim->max_header_size bytes of it), whatever the message size.
 */
enum cp_status
mime_parse_headers(const char *raw, size_t len, const struct cp_limits *lim,
		   struct mime_message **out, struct cp_strlist *errors)
{
	return parse(raw, len, lim, out, errors, 0);
}

/* Frees m and everything it owns; NULL is fine. */
void
mime_message_free(struct mime_message *m)
{
	if (m == NULL)
		return;
	free(m->message_id);
	free(m->from_addr);
	free(m->subject);
	free(m->date);
	cp_strlist_free(&m->auth_results);
	free_parts(m);
	cp_strlist_free(&m->warnings);
	free(m);
}
