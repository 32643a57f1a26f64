/* SPDX-License-Identifier: MIT */
/*
 * address.c - the one mailbox of a From field by RFC 5322 (see address.h).
 *
 * A recursive-descent reader over the field value.  Its grammar, with the
 * obsolete forms folded in:
 *
 *   list     = [item] *("," [item])          (empty items: obs-mbox-list)
 *   item     = group / mailbox
 *   group    = phrase ":" [list] ";"
 *   mailbox  = [phrase] "<" [route ":"] addr ">" / addr
 *   addr     = word *("." word) "@" domain
 *   domain   = atom *("." atom) / "[" *dtext "]"
 *   phrase   = 1*(word / ".")
 *   word     = atom / quoted-string
 *
 * with CFWS (white space, comments) allowed around every token.  libetpan's
 * parser is not used: it takes the "<...>" inside a comment for the
 * address and does not say how much of the field it read.
 */
#include "address.h"

#include <string.h>

#include "cp.h"
#include "utf8.h"
#include "xmalloc.h"

struct rd {
	const char *s;
	size_t n, i;
	const char *why; /* the first syntax error, NULL while none */
	int mailboxes;
	struct cp_buf addr; /* the first mailbox's addr-spec */
};

static int
fail(struct rd *r, const char *why)
{
	if (r->why == NULL)
		r->why = why;
	return 0;
}

static int
peek(const struct rd *r)
{
	return r->i < r->n ? (unsigned char)r->s[r->i] : -1;
}

static int
is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 ||
	       (c > 0 && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* C0 controls but tab, and DEL: RFC 5322's obsolete forms allow some in
 * quoted strings and domain literals; an address never needs them. */
static int
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7F;
}

/* A comment at r->i == '(': nested, with quoted pairs. */
static int
comment(struct rd *r)
{
	int depth = 0;

	for (; r->i < r->n; r->i++) {
		char c = r->s[r->i];

		if (c == '\\' && r->i + 1 < r->n)
			r->i++;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0) {
			r->i++;
			return 1;
		}
	}
	return fail(r, "a comment is not closed");
}

/* White space and comments. */
static int
cfws(struct rd *r)
{
	for (;;) {
		int c = peek(r);

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			r->i++;
		else if (c == '(') {
			if (!comment(r))
				return 0;
		} else
			return 1;
	}
}

/* A quoted string at r->i == '"', its content (unescaped) to out. */
static int
quoted(struct rd *r, struct cp_buf *out)
{
	for (r->i++; r->i < r->n; r->i++) {
		char c = r->s[r->i];

		if (c == '"') {
			r->i++;
			return 1;
		}
		if (c == '\\' && r->i + 1 < r->n)
			c = r->s[++r->i];
		else if (c == '\r' || c == '\n')
			continue; /* folding inside the quotes */
		if (is_ctl((unsigned char)c))
			return fail(r,
				    "a control character in a quoted string");
		cp_buf_addc(out, c);
	}
	return fail(r, "a quoted string is not closed");
}

/* An atom or a quoted string, CFWS around it, to out; 0 when none is
 * here (nothing consumed but CFWS, no error). */
static int
word(struct rd *r, struct cp_buf *out, int *was_quoted)
{
	size_t b;

	if (!cfws(r))
		return 0;
	*was_quoted = peek(r) == '"';
	if (*was_quoted) {
		if (!quoted(r, out))
			return 0;
	} else {
		for (b = r->i; r->i < r->n && is_atext(peek(r)); r->i++)
			;
		if (r->i == b)
			return 0;
		cp_buf_add(out, r->s + b, r->i - b);
	}
	return cfws(r);
}

/* Whether s is a dot-atom: atext runs joined by single dots. */
static int
is_dot_atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '.' ? s[i + 1] == '.'
				: !is_atext((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The domain after '@', lower-case, to out. */
static int
domain(struct rd *r, struct cp_buf *out)
{
	int q;

	if (!cfws(r))
		return 0;
	if (peek(r) == '[') {
		size_t b = r->i;

		while (r->i < r->n && r->s[r->i] != ']') {
			if (r->s[r->i] == '[' && r->i != b)
				return fail(r, "a [ inside a domain literal");
			if (is_ctl((unsigned char)r->s[r->i]))
				return fail(r, "a control character in a "
					       "domain literal");
			if (r->s[r->i] == '\\' && r->i + 1 < r->n &&
			    !is_ctl((unsigned char)r->s[r->i + 1]))
				r->i++;
			r->i++;
		}
		if (r->i >= r->n)
			return fail(r, "a domain literal is not closed");
		r->i++;
		cp_buf_add(out, r->s + b, r->i - b);
		return cfws(r);
	}
	for (;;) {
		if (peek(r) == '"')
			return fail(r, "a quoted string in a domain");
		if (!word(r, out, &q))
			return r->why ? 0 : fail(r, "no domain after @");
		if (peek(r) != '.')
			return 1;
		cp_buf_addc(out, '.');
		r->i++;
	}
}

/* The addr-spec whose local part is local (unquoted), domain next. */
static int
addr_spec(struct rd *r, const char *local, size_t nlocal)
{
	struct cp_buf d = {0};
	size_t i;
	int ok;

	r->i++; /* '@' */
	ok = domain(r, &d);
	if (ok && ++r->mailboxes == 1) {
		if (is_dot_atom(local, nlocal)) {
			cp_buf_add(&r->addr, local, nlocal);
		} else {
			cp_buf_addc(&r->addr, '"');
			for (i = 0; i < nlocal; i++) {
				if (local[i] == '"' || local[i] == '\\')
					cp_buf_addc(&r->addr, '\\');
				cp_buf_addc(&r->addr, local[i]);
			}
			cp_buf_addc(&r->addr, '"');
		}
		cp_buf_addc(&r->addr, '@');
		cp_buf_add(&r->addr, d.s, d.len);
	}
	cp_buf_free(&d);
	return ok;
}

/* Words and dots up to a special character: a phrase, or a local part
 * when '@' follows and words and dots alternate (obs-local-part). */
static int
phrase(struct rd *r, struct cp_buf *text, int *local_ok, int *nwords)
{
	int q, dot_last = 1;

	*local_ok = 1;
	*nwords = 0;
	for (;;) {
		if (word(r, text, &q)) {
			if (!dot_last)
				*local_ok = 0; /* two words: a display name */
			dot_last = 0;
			(*nwords)++;
		} else if (r->why != NULL) {
			return 0;
		} else if (peek(r) == '.') {
			if (dot_last)
				*local_ok = 0;
			cp_buf_addc(text, '.');
			dot_last = 1;
			r->i++;
		} else {
			if (dot_last)
				*local_ok = 0;
			return 1;
		}
	}
}

/* An obsolete route "@a,@b:" after '<'. */
static int
route(struct rd *r)
{
	struct cp_buf junk = {0};
	int ok = 1;

	while (ok && (peek(r) == '@' || peek(r) == ',')) {
		if (peek(r) == '@') {
			r->i++;
			ok = domain(r, &junk);
		} else {
			r->i++;
			ok = cfws(r);
		}
	}
	cp_buf_free(&junk);
	if (ok && peek(r) != ':')
		return fail(r, "a route in <> without its ':'");
	r->i++;
	return ok;
}

/* "<" [route] addr-spec ">" at r->i == '<'. */
static int
angle(struct rd *r)
{
	struct cp_buf local = {0};
	int local_ok, nwords, ok;

	r->i++;
	ok = cfws(r) && (peek(r) != '@' || route(r)) &&
	     phrase(r, &local, &local_ok, &nwords);
	if (ok && (peek(r) != '@' || !local_ok || nwords == 0))
		ok = fail(r, peek(r) == '>' ? "nothing but a name in <>"
					    : "no address in <>");
	if (ok)
		ok = addr_spec(r, local.s, local.len);
	if (ok && peek(r) != '>')
		ok = fail(r, "no > after the address");
	if (ok) {
		r->i++;
		ok = cfws(r);
	}
	cp_buf_free(&local);
	return ok;
}

static int list(struct rd *r, int in_group);

/* A mailbox or a group. */
static int
item(struct rd *r, int in_group)
{
	struct cp_buf text = {0};
	int local_ok, nwords, ok;

	ok = phrase(r, &text, &local_ok, &nwords);
	if (!ok) {
		;
	} else if (peek(r) == '<') {
		ok = angle(r);
	} else if (peek(r) == '@' && local_ok && nwords > 0) {
		ok = addr_spec(r, text.s, text.len);
	} else if (peek(r) == ':' && nwords > 0 && !in_group) {
		r->i++;
		ok = list(r, 1);
		if (ok && peek(r) != ';')
			ok = fail(r, "a group without its ';'");
		if (ok) {
			r->i++;
			ok = cfws(r);
		}
	} else if (nwords > 0 || text.len > 0) {
		ok = fail(r, "a name without an address");
	}
	cp_buf_free(&text);
	return ok;
}

/* Items separated by ','; in a group, up to its ';'. */
static int
list(struct rd *r, int in_group)
{
	for (;;) {
		if (!cfws(r) || !item(r, in_group))
			return 0;
		if (peek(r) != ',')
			return 1;
		r->i++;
	}
}

char *
address_from(const char *v, size_t len, const char **why)
{
	struct rd r = {0};
	char *addr = NULL;
	size_t i;

	r.s = v;
	r.n = len;
	if (list(&r, 0) && r.i < r.n)
		fail(&r, r.s[r.i] == '>'   ? "a > without its <"
			 : r.s[r.i] == ';' ? "a ; outside a group"
					   : "something after the address");
	if (r.why != NULL)
		*why = r.why;
	else if (r.mailboxes == 0)
		*why = "no address";
	else if (r.mailboxes > 1)
		*why = "more than one address";
	else {
		addr = cp_buf_detach(&r.addr);
		for (i = 0; addr[i]; i++)
			addr[i] = (char)ascii_lower((unsigned char)addr[i]);
	}
	cp_buf_free(&r.addr);
	return addr;
}
