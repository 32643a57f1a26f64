/* SPDX-License-Identifier: MIT */
/*
 * mime.c - from raw RFC 5322 bytes to the texts SPEC §1 reads: the public
 * API of mime.h and the MIME tree.  The standards are read in their own
 * files (mime_priv.h lists them); this one holds the two passes:
 *
 *  1. The header block is scanned by rfc5322.c: that fills Message-ID,
 *     From, Subject, Date and the Authentication-Results list, finds where
 *     the body starts, and is bounded by lim->max_header_size.
 *     mime_parse_headers() stops here.
 *
 *  2. libetpan's mailmime_parse() builds the MIME tree.  Its nodes point
 *     into the raw buffer (no copy); the texts are then taken from it:
 *     the first text/plain part that is not an attachment, else the first
 *     such text/html part, then every text/plain part named *.txt.
 *     message/rfc822 parts are not entered (a forwarded update is not an
 *     update).  Each is transfer-decoded and read in its charset by
 *     rfc2045.c; file names are read by rfc2231.c and rfc2047.c.
 *
 * Only this file includes libetpan; its types and error codes stop here.
 *
 * Choices where the RFCs or SPEC leave room (docs/ lists them; those of
 * one standard are in its file):
 *  - A missing final boundary is accepted (libetpan's behaviour).
 *  - An unknown Content-Transfer-Encoding on a text that is read is an
 *    error naming the part.
 *  - A multipart without any part (its boundary never found) is an error.
 *  - An attachment's file name is its last path component.
 *  - NUL bytes in a text stay in it (mime_part.len counts them); the entry
 *    validator reports them as control characters.
 *  - On any error the parts are dropped (nparts 0), so nothing half-read
 *    can be applied; the header fields stay.
 */
#include "mime.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "mime_priv.h"
#include "msgsize.h"
#include "xmalloc.h"

/*
 * multipart and message parts make libetpan recurse; more of them than
 * this is refused before libetpan sees the message, so a hostile nesting
 * can never exhaust the stack.
 */
#define MAX_CONTAINERS 100

static int
ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), l = strlen(suffix);

	return n >= l && strcasecmp(s + n - l, suffix) == 0;
}

/* ------------------------------------------------------------------ */
/* The MIME tree                                                        */
/* ------------------------------------------------------------------ */

/* Whether the Content-Type value at s is of a type that cannot nest. */
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

/*
 * Count Content-Type fields that may make libetpan recurse (multipart,
 * message, or anything it could decode into those), anywhere at a line
 * start.  Over-counting is harmless: the limit is far above real mail.
 */
static size_t
count_containers(const char *raw, size_t len)
{
	size_t pos = 0, p, eol, next, n = 0;

	for (; pos < len; pos = next) {
		next = rfc5322_line_end(raw, len, pos, &eol);
		if (len - pos < 12 ||
		    strncasecmp(raw + pos, "content-type", 12) != 0)
			continue;
		p = pos + 12;
		while (p < len && ascii_is_wsp(raw[p]))
			p++;
		if (p >= len || raw[p] != ':')
			continue;
		p++;
		while (p < len && (ascii_is_wsp(raw[p]) || raw[p] == '\r' ||
				   raw[p] == '\n'))
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
	struct rfc5322_field f;
	size_t pos = 0, i, start;

	while (rfc5322_next_field(raw, len, &pos, &f)) {
		if (!(f.nlen >= 8 && strncasecmp(f.name, "Content-", 8) == 0) &&
		    ascii_span_casecmp(f.name, f.nlen, "MIME-Version") != 0)
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

/*
 * The parameters of a Content-Disposition, into *v (caller frees) and *n.
 * libetpan keeps filename= apart from the others.  When a sender gives it
 * more than once, every copy reads as the last one.
 */
static void
disposition_params(struct mailmime_disposition *d, struct rfc2231_param **v,
		   size_t *n)
{
	static const char filename[] = "filename";
	struct mailmime_disposition_parm *dp;
	const char *last = NULL;
	clistiter *it;
	size_t cap = 0, i;

	*v = NULL;
	*n = 0;
	for (it = clist_begin(d->dsp_parms); it != NULL; it = clist_next(it)) {
		dp = clist_content(it);
		if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
			last = dp->pa_data.pa_filename;
			XGROW(*v, *n + 1, cap);
			(*v)[*n].name = filename;
			(*v)[(*n)++].value = NULL;
		} else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER) {
			XGROW(*v, *n + 1, cap);
			(*v)[*n].name = dp->pa_data.pa_parameter->pa_name;
			(*v)[(*n)++].value = dp->pa_data.pa_parameter->pa_value;
		}
	}
	for (i = 0; i < *n; i++)
		if ((*v)[i].name == filename)
			(*v)[i].value = last;
}

/* The parameters of a Content-Type, into *v (caller frees) and *n. */
static void
content_type_params(struct mailmime_content *ct, struct rfc2231_param **v,
		    size_t *n)
{
	struct mailmime_parameter *p;
	clistiter *it;
	size_t cap = 0;

	*v = NULL;
	*n = 0;
	for (it = clist_begin(ct->ct_parameters); it != NULL;
	     it = clist_next(it)) {
		p = clist_content(it);
		XGROW(*v, *n + 1, cap);
		(*v)[*n].name = p->pa_name;
		(*v)[(*n)++].value = p->pa_value;
	}
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
	struct rfc2231_param *v = NULL;
	char *name = NULL;
	size_t n;

	*is_attachment = 0;
	if (d != NULL) {
		if (d->dsp_type != NULL &&
		    d->dsp_type->dsp_type ==
			    MAILMIME_DISPOSITION_TYPE_ATTACHMENT)
			*is_attachment = 1;
		disposition_params(d, &v, &n);
		name = rfc2231_param_value(v, n, "filename");
		free(v);
	}
	if ((name == NULL || name[0] == '\0') && mm->mm_content_type != NULL) {
		free(name);
		content_type_params(mm->mm_content_type, &v, &n);
		name = rfc2231_param_value(v, n, "name");
		free(v);
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
		XGROW(w->att, w->natt + 1, w->capatt);
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
				token_for_message(w->broken_type);
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
 * The body of a part as libetpan found it, in *data and *len, and its
 * transfer encoding (MAILMIME_MECHANISM_...).
 */
static int
part_body(struct mailmime *mm, const char **data, size_t *len)
{
	struct mailmime_data *d = mm->mm_body;

	*data = "";
	*len = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return MAILMIME_MECHANISM_7BIT;
	*data = d->dt_data.dt_text.dt_data;
	*len = d->dt_data.dt_text.dt_length;
	return d->dt_encoded ? d->dt_encoding : MAILMIME_MECHANISM_8BIT;
}

/*
 * The body of a picked part with its transfer encoding undone, in *data
 * and *len: in dec (which the caller frees) or, when nothing is to be
 * undone, in the message itself.  Errors name the part.
 */
static enum cp_status
transfer_decode(const struct pick *pk, struct cp_buf *dec, const char **data,
		size_t *len, struct cp_strlist *errors)
{
	struct mailmime_mechanism *mech;
	struct mailmime_field *f;
	const char *why;
	char *tok;

	switch (part_body(pk->mm, data, len)) {
	case MAILMIME_MECHANISM_BASE64:
		if ((why = rfc2045_base64_problem(*data, *len)) != NULL) {
			cp_strlist_addf(errors, "%s: broken base64 (%s)",
					pk->name, why);
			return CP_EPARSE;
		}
		rfc2045_base64_decode(dec, *data, *len);
		break;
	case MAILMIME_MECHANISM_QUOTED_PRINTABLE:
		rfc2045_qp_decode(dec, *data, *len);
		break;
	case MAILMIME_MECHANISM_7BIT:
	case MAILMIME_MECHANISM_8BIT:
	case MAILMIME_MECHANISM_BINARY:
		/* Nothing to undo: read the raw bytes in place. */
		return CP_OK;
	default:
		f = part_field(pk->mm, MAILMIME_FIELD_TRANSFER_ENCODING);
		mech = f ? f->fld_data.fld_encoding : NULL;
		tok = xstrdup(mech && mech->enc_token ? mech->enc_token : "?");
		token_for_message(tok);
		cp_strlist_addf(errors,
				"%s: unknown Content-Transfer-Encoding \"%s\"",
				pk->name, tok);
		free(tok);
		return CP_EPARSE;
	}
	*data = dec->s ? dec->s : "";
	*len = dec->len;
	return CP_OK;
}

/* format=flowed and delsp=yes of the part's Content-Type, into p. */
static void
part_format(struct mailmime *mm, struct mime_part *p)
{
	const char *v;

	if (mm->mm_content_type == NULL)
		return;
	v = mailmime_content_param_get(mm->mm_content_type, (char *)"format");
	p->flowed = v != NULL && strcasecmp(v, "flowed") == 0;
	v = mailmime_content_param_get(mm->mm_content_type, (char *)"delsp");
	p->delsp = p->flowed && v != NULL && strcasecmp(v, "yes") == 0;
}

/*
 * Transfer-decode and charset-convert one picked part into *p.  Errors
 * and warnings name the part.
 */
static enum cp_status
read_part(const struct pick *pk, struct mime_part *p, struct mime_message *m,
	  struct cp_strlist *errors)
{
	struct mailmime_content *ct = pk->mm->mm_content_type;
	struct rfc2045_text t = {0};
	struct cp_buf dec = {0};
	const char *data, *cs = NULL;
	size_t len;
	enum cp_status st;

	if ((st = transfer_decode(pk, &dec, &data, &len, errors)) != CP_OK)
		goto out;
	if (ct != NULL)
		cs = mailmime_content_param_get(ct, (char *)"charset");
	st = rfc2045_text_to_utf8(cs, pk->is_html, data, len, &t);
	if (st != CP_OK) {
		cp_strlist_addf(errors, "%s: unknown charset \"%s\"", pk->name,
				t.charset);
		goto out;
	}
	if (t.nrepl > 0)
		cp_strlist_addf(&m->warnings,
				"%s: %zu invalid byte%s in charset \"%s\" "
				"replaced with U+FFFD",
				pk->name, t.nrepl, t.nrepl == 1 ? "" : "s",
				t.charset);

	p->name = xstrdup(pk->name);
	p->text = t.text;
	p->len = t.len;
	t.text = NULL;
	p->is_html = pk->is_html;
	part_format(pk->mm, p);
out:
	free(t.charset);
	free(t.text);
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
 * libetpan's tree of raw into *root, or of a cleaned copy (mime_copy(),
 * into *copy) when libetpan stops inside our header block.  The caller
 * frees both, on error too.
 */
static enum cp_status
build_tree(const char *raw, size_t len, const struct rfc5322_block *hb,
	   struct mailmime **root, char **copy, struct cp_strlist *errors)
{
	size_t idx = 0, copylen;
	int r;

	*root = NULL;
	*copy = NULL;
	r = mailmime_parse(raw, len, &idx, root);
	if (r == MAILIMF_NO_ERROR &&
	    etpan_body_start(*root) != raw + hb->body_off) {
		mailmime_free(*root);
		*root = NULL;
		*copy = mime_copy(raw, len, hb->body_off, &copylen);
		idx = 0;
		r = mailmime_parse(*copy, copylen, &idx, root);
		if (r == MAILIMF_NO_ERROR &&
		    etpan_body_start(*root) !=
			    *copy + (copylen - (len - hb->body_off))) {
			cp_strlist_add(errors, "message: cannot parse MIME "
					       "structure (header block)");
			return CP_EPARSE;
		}
	}
	if (r != MAILIMF_NO_ERROR) {
		if (r == MAILIMF_ERROR_MEMORY)
			abort();
		*root = NULL;
		cp_strlist_addf(errors,
				"message: cannot parse MIME structure (%s)",
				etpan_strerror(r));
		return CP_EPARSE;
	}
	return CP_OK;
}

/*
 * Read the parts the walk picked into m: the body, then the *.txt
 * attachments.  On any error none is kept.
 */
static enum cp_status
read_picked(const struct walk *w, struct mime_message *m,
	    struct cp_strlist *errors)
{
	struct pick body = {0};
	enum cp_status st = CP_OK, st2;
	size_t i;

	body.mm = w->plain ? w->plain : w->html;
	body.name = (char *)"body";
	body.is_html = w->plain == NULL;
	m->parts = xcalloc(w->natt + 1, sizeof(*m->parts));
	if (body.mm != NULL) {
		st2 = read_part(&body, &m->parts[m->nparts], m, errors);
		if (st2 == CP_OK)
			m->nparts++;
		else if (st == CP_OK)
			st = st2;
	}
	for (i = 0; i < w->natt; i++) {
		st2 = read_part(&w->att[i], &m->parts[m->nparts], m, errors);
		if (st2 == CP_OK)
			m->nparts++;
		else if (st == CP_OK)
			st = st2;
	}
	if (st != CP_OK)
		free_parts(m);
	return st;
}

/*
 * Build the MIME tree of raw (or of a cleaned copy when libetpan stops
 * inside our header block) and read the picked parts into m.
 */
static enum cp_status
read_body(const char *raw, size_t len, const struct rfc5322_block *hb,
	  struct mime_message *m, struct cp_strlist *errors)
{
	struct mailmime *root = NULL;
	struct walk w = {0};
	char *copy = NULL;
	size_t i, n;
	enum cp_status st;

	if ((n = count_containers(raw, len)) > MAX_CONTAINERS) {
		cp_strlist_addf(errors,
				"message: too many multipart or message parts "
				"(%zu, over the limit of %d)",
				n, MAX_CONTAINERS);
		return CP_ETOOBIG;
	}
	if ((st = build_tree(raw, len, hb, &root, &copy, errors)) != CP_OK)
		goto out;
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
	st = read_picked(&w, m, errors);
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

/* size: the message's size as IMAP counts it (msgsize.h), for the limit
 * (whole only). */
static enum cp_status
parse(const char *raw, size_t len, size_t size, const struct cp_limits *lim,
      struct mime_message **out, struct cp_strlist *errors, int whole)
{
	struct mime_message *m;
	struct rfc5322_block hb = {0, 0};
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
	st = rfc5322_read_header_block(raw, len, lim, m, &hb, errors);
	if (st == CP_OK && whole) {
		if (size > lim->max_message_size) {
			/*
			 * The size rule is mime_parse_limited()'s.  It reads
			 * the header block again, from its first
			 * lim->max_header_size bytes: the same fields, as the
			 * block is within that limit.  (Checked after the
			 * block, so that a block over its own limit is
			 * reported as such.)
			 */
			mime_message_free(m);
			st = mime_parse_limited(raw, len, size, lim, out,
						errors);
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
 * be NULL when the caller only wants the status.  The size limit is
 * applied to raw's size as IMAP counts it (msgsize_of()).
 */
enum cp_status
mime_parse(const char *raw, size_t len, const struct cp_limits *lim,
	   struct mime_message **out, struct cp_strlist *errors)
{
	return parse(raw, len, msgsize_of(raw, len), lim, out, errors, 1);
}

/*
 * See mime.h.  Only the header block is read (at most
 * lim->max_header_size bytes of it), whatever the message size.
 */
enum cp_status
mime_parse_headers(const char *raw, size_t len, const struct cp_limits *lim,
		   struct mime_message **out, struct cp_strlist *errors)
{
	return parse(raw, len, len, lim, out, errors, 0);
}

/*
 * See mime.h.  The one place that decides what a message over
 * lim->max_message_size is read from, and says so.
 */
enum cp_status
mime_parse_limited(const char *raw, size_t len, size_t whole,
		   const struct cp_limits *lim, struct mime_message **out,
		   struct cp_strlist *errors)
{
	struct cp_limits deflim;

	if (lim == NULL) {
		cp_limits_default(&deflim);
		lim = &deflim;
	}
	if (whole <= lim->max_message_size)
		return parse(raw, len, whole, lim, out, errors, 1);
	/* Never read whole: only its header block, for the list. */
	mime_parse_headers(
		raw, len < lim->max_header_size ? len : lim->max_header_size,
		lim, out, errors);
	if (errors != NULL)
		cp_strlist_addf(errors,
				"message: %zu bytes, over the limit of %zu "
				"bytes (limits: max_message_size)",
				whole, lim->max_message_size);
	return CP_ETOOBIG;
}

/* Frees m and everything it owns; NULL is fine. */
void
mime_message_free(struct mime_message *m)
{
	if (m == NULL)
		return;
	free(m->message_id);
	free(m->from_addr);
	free(m->from_value);
	free(m->subject);
	free(m->references);
	free(m->auto_submitted);
	free(m->precedence);
	free(m->date);
	cp_strlist_free(&m->auth_results);
	free_parts(m);
	cp_strlist_free(&m->warnings);
	free(m);
}
