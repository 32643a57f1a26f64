/* SPDX-License-Identifier: MIT */
/*
 * html.c - HTML to lines as a browser shows them (SPEC §1), on libxml2's
 * HTML parser through its SAX interface: no tree is built, so memory stays
 * at the size of one line however large the message.
 *
 * Rendering rules (the contract is in html.h; the choices are here):
 * - block elements (block_names below) and <br> end a line; a block that
 *   held nothing visible (white space only, or nothing) is one empty line;
 *   a block holding only &nbsp; renders as an empty line too, and a <br>
 *   inside a block counts as its content (Gmail's <div><br></div> is one
 *   empty line, not two);
 * - source white space collapses to one space, dropped at both ends of a
 *   line; U+00A0 is a space that never collapses and is never dropped,
 *   except that a line of nothing but spaces is rendered empty;
 * - <pre> keeps its white space and line ends (the first newline right
 *   after <pre> is dropped, as browsers do);
 * - td/th are not blocks: cells on one line are separated by one space; a
 *   table row (tr) is a block, and blocks inside a cell still end lines;
 * - list items get no bullet or number: a line is the text as written;
 * - head, title, style, script and template hold no text;
 * - lines rendered inside <blockquote> are quoted; so is everything from
 *   an Outlook reply header on: the element with id "divRplyFwdMsg", or
 *   an <hr> or a top-bordered <div> (Outlook's separator) whose first
 *   non-empty line starts with "From:".
 */
#include "html.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "reply.h"
#include "xmalloc.h"

static const char *const block_names[] = {
	"address",   "article", "aside",   "blockquote", "caption",
	"center",    "dd",      "details", "dialog",     "dir",
	"div",       "dl",      "dt",      "fieldset",   "figcaption",
	"figure",    "footer",  "form",    "h1",         "h2",
	"h3",        "h4",      "h5",      "h6",         "header",
	"hgroup",    "hr",      "legend",  "li",         "listing",
	"main",      "menu",    "nav",     "ol",         "p",
	"plaintext", "pre",     "section", "summary",    "table",
	"tr",        "ul",      "xmp",
};

static const char *const skip_names[] = {
	"head", "script", "style", "template", "title",
};

struct render {
	struct text_lines *out; /* borrowed */
	unsigned lineno;
	struct cp_buf line;      /* the line being built */
	int has_content;         /* line holds something visible */
	int line_pre;            /* ... some of it from <pre> */
	int pending_space;       /* collapsed white space seen */
	size_t skip;             /* depth in head, style, script, ... */
	size_t pre;              /* depth in pre */
	int pre_start;           /* right after <pre> */
	size_t quote;            /* depth in blockquote */
	unsigned char *produced; /* per open block: held something */
	size_t nblocks, capblocks;
	size_t *markers; /* line indices where a reply may start */
	size_t nmarkers, capmarkers;
	size_t reply_from; /* SIZE_MAX, or index where a reply starts */
};

static int
name_in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
is_block(const char *name)
{
	return name_in(name, block_names,
		       sizeof(block_names) / sizeof(block_names[0]));
}

static int
is_skip(const char *name)
{
	return name_in(name, skip_names,
		       sizeof(skip_names) / sizeof(skip_names[0]));
}

static int
is_pre(const char *name)
{
	return strcmp(name, "pre") == 0 || strcmp(name, "listing") == 0 ||
	       strcmp(name, "plaintext") == 0 || strcmp(name, "xmp") == 0;
}

/* The value of attribute name, or NULL. */
static const char *
attr(const xmlChar **atts, const char *name)
{
	for (; atts != NULL && atts[0] != NULL; atts += 2)
		if (strcasecmp((const char *)atts[0], name) == 0)
			return atts[1] ? (const char *)atts[1] : "";
	return NULL;
}

/* Does a style attribute draw a solid top border (Outlook's separator)?
 * White space is ignored, case too. */
static int
style_has_top_border(const char *style)
{
	static const char want[] = "border-top:solid";
	size_t i = 0;

	for (; *style != '\0'; style++) {
		if (*style == ' ' || *style == '\t' || *style == '\n' ||
		    *style == '\r')
			continue;
		if (tolower((unsigned char)*style) == want[i]) {
			if (want[++i] == '\0')
				return 1;
		} else
			i = tolower((unsigned char)*style) == want[0];
	}
	return 0;
}

static void
mark_produced(struct render *r)
{
	if (r->nblocks > 0)
		r->produced[r->nblocks - 1] = 1;
}

/* Emit the current line, whatever it holds. */
static void
emit(struct render *r)
{
	size_t i, len = r->line.len;

	if (!r->line_pre) {
		/* A line of &nbsp; only is an empty line. */
		for (i = 0; i < len && r->line.s[i] == ' '; i++)
			;
		if (i == len)
			len = 0;
	}
	text_lines_add(r->out, r->line.s, len, ++r->lineno, r->quote > 0);
	r->line.len = 0;
	r->has_content = r->line_pre = r->pending_space = 0;
}

/* A block boundary: end the line if it holds anything. */
static void
soft_break(struct render *r)
{
	if (r->has_content)
		emit(r);
	r->pending_space = 0;
}

static void
add_marker(struct render *r)
{
	XGROW(r->markers, r->nmarkers + 1, r->capmarkers);
	r->markers[r->nmarkers++] = r->out->n;
}

static void
on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct render *r = ctx;
	const char *name = (const char *)xname, *v;

	if (r->skip > 0 || is_skip(name)) {
		if (is_skip(name))
			r->skip++;
		return;
	}
	if (strcmp(name, "br") == 0) {
		emit(r);
		mark_produced(r);
		return;
	}
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		if (r->has_content)
			r->pending_space = 1;
		return;
	}
	if (!is_block(name))
		return;
	soft_break(r);
	XGROW(r->produced, r->nblocks + 1, r->capblocks);
	r->produced[r->nblocks++] = 0;
	if (strcmp(name, "blockquote") == 0)
		r->quote++;
	else if (is_pre(name)) {
		r->pre++;
		r->pre_start = 1;
	} else if (strcmp(name, "hr") == 0)
		add_marker(r);
	if ((v = attr(atts, "id")) != NULL && strcmp(v, "divRplyFwdMsg") == 0 &&
	    r->reply_from == SIZE_MAX)
		r->reply_from = r->out->n;
	if (strcmp(name, "div") == 0 && (v = attr(atts, "style")) != NULL &&
	    style_has_top_border(v))
		add_marker(r);
}

static void
on_end(void *ctx, const xmlChar *xname)
{
	struct render *r = ctx;
	const char *name = (const char *)xname;

	if (r->skip > 0) {
		if (is_skip(name))
			r->skip--;
		return;
	}
	if (!is_block(name) || r->nblocks == 0)
		return;
	if (r->has_content)
		emit(r);
	else if (!r->produced[r->nblocks - 1])
		emit(r);
	r->pending_space = 0;
	r->nblocks--;
	mark_produced(r);
	if (strcmp(name, "blockquote") == 0 && r->quote > 0)
		r->quote--;
	else if (is_pre(name) && r->pre > 0) {
		r->pre--;
		r->pre_start = 0;
	}
}

/* Add visible bytes, with the collapsed space before them if any. */
static void
add_visible(struct render *r, const char *s, size_t len)
{
	if (r->pending_space && r->has_content)
		cp_buf_addc(&r->line, ' ');
	r->pending_space = 0;
	cp_buf_add(&r->line, s, len);
	r->has_content = 1;
	mark_produced(r);
}

static void
on_chars_pre(struct render *r, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			if (r->pre_start) {
				r->pre_start = 0;
				continue;
			}
			emit(r);
			mark_produced(r);
		} else if (s[i] == '\r')
			continue;
		else if ((unsigned char)s[i] == 0xc2 && i + 1 < len &&
			 (unsigned char)s[i + 1] == 0xa0) {
			add_visible(r, " ", 1);
			i++;
		} else
			add_visible(r, s + i, 1);
		r->pre_start = 0;
		r->line_pre = 1;
	}
}

static void
on_chars(void *ctx, const xmlChar *xs, int xlen)
{
	struct render *r = ctx;
	const char *s = (const char *)xs;
	size_t i, start, len = xlen > 0 ? (size_t)xlen : 0;

	if (r->skip > 0 || len == 0)
		return;
	if (r->pre > 0) {
		on_chars_pre(r, s, len);
		return;
	}
	/* libxml2 hands over whole characters, so U+00A0 is never split
	 * between two calls. */
	i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			r->pending_space = 1;
			i++;
		} else if (c == 0xc2 && i + 1 < len &&
			   (unsigned char)s[i + 1] == 0xa0) {
			/* U+00A0 is a space that does not collapse. */
			add_visible(r, " ", 1);
			i += 2;
		} else {
			start = i;
			while (i < len && s[i] != ' ' && s[i] != '\t' &&
			       s[i] != '\n' && s[i] != '\r' && s[i] != '\f' &&
			       (unsigned char)s[i] != 0xc2)
				i++;
			if (i == start)
				i++; /* a 0xc2 lead byte of another char */
			add_visible(r, s + start, i - start);
		}
	}
}

/* Quote everything from the first Outlook reply header on. */
static void
mark_reply(struct render *r)
{
	size_t i, j, from = r->reply_from;

	for (i = 0; i < r->nmarkers; i++) {
		if (r->markers[i] >= from)
			break;
		for (j = r->markers[i]; j < r->out->n && r->out->v[j].len == 0;
		     j++)
			;
		if (j < r->out->n &&
		    reply_is_from_line(r->out->v[j].text, r->out->v[j].len)) {
			from = r->markers[i];
			break;
		}
	}
	for (i = from; i < r->out->n; i++)
		r->out->v[i].quoted = 1;
}

enum cp_status
html_to_lines(const char *html, size_t len, struct text_lines *out,
	      struct cp_strlist *errors)
{
	struct render r;
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt = NULL;
	xmlCharEncodingHandlerPtr utf8;
	enum cp_status st = CP_OK;

	memset(&r, 0, sizeof(r));
	r.out = out;
	r.reply_from = SIZE_MAX;
	if (len == 0)
		return CP_OK;
	if (len > INT_MAX) {
		cp_strlist_addf(errors, "HTML text of %zu bytes is too large",
				len);
		return CP_ETOOBIG;
	}

	xmlInitParser(); /* idempotent; libxml2 wants it before first use */
	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_chars;
	/* The HTML parser calls this for some white space; it still
	 * separates words. */
	sax.ignorableWhitespace = on_chars;
	sax.cdataBlock = NULL; /* script and style content: never shown */

	ctxt = htmlCreateMemoryParserCtxt(html, (int)len);
	if (ctxt == NULL || ctxt->sax == NULL || ctxt->input == NULL) {
		cp_strlist_add(errors, "cannot start the HTML parser");
		st = CP_EPARSE;
		goto out;
	}
	*ctxt->sax = sax;
	ctxt->userData = &r;
	/* The text is UTF-8 already (mime.c converted it): a <meta charset>
	 * in it must not switch the decoder, as htmlReadMemory(...,
	 * "UTF-8", ...) arranges. */
	utf8 = xmlFindCharEncodingHandler("UTF-8");
	if (utf8 != NULL)
		xmlSwitchToEncoding(ctxt, utf8);
	if (ctxt->input->encoding == NULL)
		ctxt->input->encoding = xmlStrdup(BAD_CAST "UTF-8");
	htmlCtxtUseOptions(ctxt, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					 HTML_PARSE_NONET | HTML_PARSE_RECOVER);
	/* With RECOVER the parser renders whatever it can; its complaints
	 * about the markup are not ours to report. */
	(void)htmlParseDocument(ctxt);
	soft_break(&r);
	mark_reply(&r);
out:
	if (ctxt != NULL)
		htmlFreeParserCtxt(ctxt);
	cp_buf_free(&r.line);
	free(r.produced);
	free(r.markers);
	return st;
}
