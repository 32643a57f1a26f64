/* SPDX-License-Identifier: MIT */
/*
 * render.c - DocBook to HTML (and XSL-FO for PDF) through libxslt and the
 * DocBook XSL stylesheets.  The only file that includes libxslt.
 *
 * Offline by construction: the document is parsed with XML_PARSE_NONET,
 * every external resource goes through offline_loader(), which maps
 * network URIs through the XML catalogs and refuses those that stay
 * remote, and the transformation's security preferences forbid network
 * reads and any file writes.  Rendering holds the whole document in
 * memory (XSLT needs a tree); only the export itself is streamed.
 * render_write() walks its steps: load the project's customization
 * layer (html.xsl, site.xsl or fo.xsl in render_datadir(), each
 * importing Debian's docbook-xsl-ns by its catalog URI), export into
 * memory and parse it back (export_doc), transform, write the result
 * (write_html; the site's pages are written by the chunker itself, into
 * the one directory it may write; write_pdf through FOP).
 */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libexslt/exslt.h>
#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/functions.h>
#include <libxslt/imports.h>
#include <libxslt/keys.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "afile.h"
#include "docbook.h"
#include "export.h"
#include "xmalloc.h"

int
render_format_lookup(const char *name)
{
	if (strcmp(name, "html") == 0)
		return RENDER_HTML;
	if (strcmp(name, "pdf") == 0)
		return RENDER_PDF;
	if (strcmp(name, "site") == 0)
		return RENDER_SITE;
	if (strcmp(name, "atom") == 0)
		return RENDER_ATOM;
	return -1;
}

/* ---- the customization layer ---- */

#ifndef CP_DATADIR
#define CP_DATADIR "/usr/local/share/compendium"
#endif

static int
has_layer(const char *dir)
{
	char *p = xasprintf("%s/html.xsl", dir);
	int ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

char *
render_datadir(void)
{
	static const char *const rel[] = {"/../share/compendium",
					  "/share/compendium"};
	const char *env = getenv("COMPENDIUM_DATADIR");
	char exe[4096], *slash, *cand;
	ssize_t n;
	size_t i;

	if (env != NULL && *env)
		return has_layer(env) ? xstrdup(env) : NULL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		for (i = 0; slash != NULL && i < 2; i++) {
			cand = xasprintf("%.*s%s", (int)(slash - exe), exe,
					 rel[i]);
			if (has_layer(cand))
				return cand;
			free(cand);
		}
	}
	return has_layer(CP_DATADIR) ? xstrdup(CP_DATADIR) : NULL;
}

/* The whole file at path, NUL-terminated, in *out (caller frees). */
static enum cp_status
slurp(const char *path, char **out, struct cp_error *err)
{
	struct cp_buf b = {0};
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	*out = NULL;
	if (f == NULL)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cp_buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		cp_buf_free(&b);
		return cp_error_set(err, CP_EIO, "%s: cannot read", path);
	}
	fclose(f);
	*out = cp_buf_detach(&b);
	return CP_OK;
}

/* ---- offline resource loading and collected diagnostics ---- */

static xmlExternalEntityLoader default_loader;
static struct cp_buf diag;    /* libxml2 and libxslt messages */
static struct cp_buf refused; /* the first URI refused */

static void
collect(void *ctx, const char *fmt, ...)
{
	va_list ap;

	if (diag.len > 8192)
		return;
	va_start(ap, fmt);
	cp_buf_vaddf(&diag, fmt, ap);
	va_end(ap);
}

static int
is_remote(const char *url)
{
	const char *p = strstr(url, "://");

	return p != NULL && !(p - url == 4 && strncmp(url, "file", 4) == 0);
}

static xmlParserInputPtr
offline_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in;
	xmlChar *local = NULL;

	if (url == NULL || !is_remote(url))
		return default_loader(url, id, ctxt);
	local = xmlCatalogResolveURI(BAD_CAST url);
	if (local == NULL)
		local = xmlCatalogResolve(BAD_CAST id, BAD_CAST url);
	if (local == NULL || is_remote((const char *)local)) {
		if (refused.len == 0)
			cp_buf_adds(&refused, url);
		xmlFree(local);
		return NULL;
	}
	in = default_loader((const char *)local, id, ctxt);
	xmlFree(local);
	return in;
}

static void
offline_begin(void)
{
	diag.len = 0;
	refused.len = 0;
	cp_buf_add(&diag, "", 0);
	xmlInitParser();
	if (default_loader == NULL)
		default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(offline_loader);
	xmlSetGenericErrorFunc(NULL, collect);
	xsltSetGenericErrorFunc(NULL, collect);
	exsltRegisterAll();
}

static void
offline_end(void)
{
	xmlSetExternalEntityLoader(default_loader);
	xmlSetGenericErrorFunc(NULL, NULL);
	xsltSetGenericErrorFunc(NULL, NULL);
	cp_buf_free(&diag);
	cp_buf_free(&refused);
}

/* The first line of what libxml2 and libxslt said, for an error. */
static const char *
first_diag(void)
{
	static char line[512];
	size_t n;

	if (diag.s == NULL || diag.len == 0)
		return "no detail";
	n = strcspn(diag.s, "\n");
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, diag.s, n);
	line[n] = '\0';
	return line;
}

/* ---- the transformation ---- */

static const char *const layer_file[] = {
	[RENDER_HTML] = "html.xsl",
	[RENDER_PDF] = "fo.xsl",
	[RENDER_SITE] = "site.xsl",
};

/* The project's layer for fmt, from datadir; it imports docbook-xsl-ns
 * by its catalog URI, which must resolve to a local file. */
static enum cp_status
load_stylesheet(const char *datadir, enum render_format fmt,
		xsltStylesheetPtr *out, struct cp_error *err)
{
	const char *uri = fmt == RENDER_PDF ? RENDER_FO_XSL : RENDER_HTML_XSL;
	xmlChar *local = xmlCatalogResolveURI(BAD_CAST uri);
	xsltStylesheetPtr style;
	char *path;

	*out = NULL;
	if (local == NULL || is_remote((const char *)local)) {
		xmlFree(local);
		return cp_error_set(err, CP_ENOTFOUND,
				    "the DocBook XSL stylesheets are not in "
				    "the XML catalogs (%s); install Debian's "
				    "docbook-xsl-ns, or set XML_CATALOG_FILES",
				    uri);
	}
	xmlFree(local);
	path = xasprintf("%s/%s", datadir, layer_file[fmt]);
	style = xsltParseStylesheetFile(BAD_CAST path);
	if (style == NULL) {
		cp_error_set(err, CP_EPARSE, "%s: cannot load stylesheet: %s",
			     path,
			     refused.len ? "it needs a resource from the "
					   "network, refused"
					 : first_diag());
		free(path);
		return CP_EPARSE;
	}
	free(path);
	/* UTF-8 keeps every script readable as text, not as character
	 * references. */
	if (style->encoding)
		xmlFree(style->encoding);
	style->encoding = xmlStrdup(BAD_CAST "UTF-8");
	*out = style;
	return CP_OK;
}

/* ---- generate-id() in constant time ----
 *
 * Debian's libxslt makes generate-id() deterministic with a lookup whose
 * cost grows with the number of ids already given, and docbook-xsl's
 * keys gid and genid (match="*" use="generate-id()") ask it for every
 * element of the book: time growing with the square of the entries,
 * most of a large site's rendering.  Here an id is "id" and the node's
 * rank in the order first asked, kept in an open-addressing table on
 * the node's address: as deterministic, in constant time.  A namespace
 * node (a copy each time XPath meets it) goes to libxslt's own. */

static struct {
	const void **node;
	unsigned long *id;
	size_t cap, n;
	unsigned long next;
} gids;
static xmlXPathFunction libxslt_generate_id;

static size_t
gid_slot(const void *node, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)node * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (cap - 1);
}

static unsigned long
gid_of(const void *node)
{
	size_t i, j, old = gids.cap;
	const void **on = gids.node;
	unsigned long *oi = gids.id;

	if (2 * (gids.n + 1) > gids.cap) {
		gids.cap = old ? 2 * old : 4096;
		gids.node = xcalloc(gids.cap, sizeof(*gids.node));
		gids.id = xcalloc(gids.cap, sizeof(*gids.id));
		for (j = 0; j < old; j++) {
			if (on[j] == NULL)
				continue;
			i = gid_slot(on[j], gids.cap);
			while (gids.node[i] != NULL)
				i = (i + 1) & (gids.cap - 1);
			gids.node[i] = on[j];
			gids.id[i] = oi[j];
		}
		free(on);
		free(oi);
	}
	i = gid_slot(node, gids.cap);
	while (gids.node[i] != NULL && gids.node[i] != node)
		i = (i + 1) & (gids.cap - 1);
	if (gids.node[i] == NULL) {
		gids.node[i] = node;
		gids.id[i] = ++gids.next;
		gids.n++;
	}
	return gids.id[i];
}

static void
gids_free(void)
{
	free(gids.node);
	free(gids.id);
	memset(&gids, 0, sizeof(gids));
}

/* generate-id() and generate-id(node-set): the first node in document
 * order, as XSLT 1.0 12.4 says; anything else to libxslt's. */
static void
generate_id(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodeSetPtr set = NULL;
	xmlNodePtr cur = NULL;
	char str[32];
	int i;

	if (nargs == 1 && ctxt->value != NULL &&
	    ctxt->value->type == XPATH_NODESET)
		set = ctxt->value->nodesetval;
	else if (nargs != 0) {
		libxslt_generate_id(ctxt, nargs);
		return;
	}
	if (nargs == 0)
		cur = ctxt->context->node;
	for (i = 0; set != NULL && i < set->nodeNr; i++)
		if (cur == NULL || xmlXPathCmpNodes(cur, set->nodeTab[i]) == -1)
			cur = set->nodeTab[i];
	if (cur != NULL && cur->type == XML_NAMESPACE_DECL) {
		libxslt_generate_id(ctxt, nargs);
		return;
	}
	if (nargs == 1)
		xmlXPathFreeObject(valuePop(ctxt));
	if (cur == NULL) {
		valuePush(ctxt, xmlXPathNewCString(""));
		return;
	}
	snprintf(str, sizeof(str), "id%lu", gid_of(cur));
	valuePush(ctxt, xmlXPathNewCString(str));
}

/* ---- the first node of a key ----
 *
 * cp:key-first(NAME, VALUE) in the namespace CP_XSLT_NS: the first node
 * of key(NAME, VALUE) as key(NAME, VALUE)[1] gives it, without the copy
 * of the whole set that libxslt's key() makes at each call.  The layer's
 * index asks, for each index term, whether it is the first of its
 * letter and of its term; with key() each question cost the size of
 * the letter (time growing with the square of the index terms, 4 s of a
 * 16,000-entry site).  Anything but a name without prefix and a string
 * or number, with the context node in the source or a document()
 * loaded (not a result tree fragment), goes to libxslt's key(). */
#define CP_XSLT_NS "urn:x-compendium:xslt"

static void
key_first(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tc = xsltXPathGetTransformContext(ctxt);
	xsltDocumentPtr doc = NULL, old;
	xmlNodeSetPtr set = NULL;
	xmlNodePtr node;
	xmlXPathObjectPtr res;
	xmlChar *name, *value;

	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	node = ctxt->context->node;
	if (tc != NULL && node != NULL && node->type != XML_NAMESPACE_DECL &&
	    node->doc != NULL && ctxt->value != NULL &&
	    ctxt->value->type != XPATH_NODESET &&
	    ctxt->value->type != XPATH_XSLT_TREE && ctxt->valueNr >= 2 &&
	    ctxt->valueTab[ctxt->valueNr - 2]->type == XPATH_STRING &&
	    xmlStrchr(ctxt->valueTab[ctxt->valueNr - 2]->stringval, ':') ==
		    NULL)
		doc = xsltFindDocument(tc, node->doc);
	if (doc == NULL) {
		xsltKeyFunction(ctxt, 2);
		if (ctxt->error != XPATH_EXPRESSION_OK)
			return;
		res = valuePop(ctxt);
		if (res != NULL && res->type == XPATH_NODESET &&
		    res->nodesetval != NULL && res->nodesetval->nodeNr > 0)
			set = res->nodesetval;
		valuePush(ctxt,
			  xmlXPathNewNodeSet(set ? set->nodeTab[0] : NULL));
		xmlXPathFreeObject(res);
		return;
	}
	value = xmlXPathPopString(ctxt);
	name = xmlXPathPopString(ctxt);
	if (name != NULL && value != NULL) {
		old = tc->document;
		tc->document = doc;
		set = xsltGetKey(tc, name, NULL, value);
		tc->document = old;
	}
	valuePush(ctxt, xmlXPathNewNodeSet(set != NULL && set->nodeNr > 0
						   ? set->nodeTab[0]
						   : NULL));
	xmlFree(name);
	xmlFree(value);
}

/* cp:rank(): 1 + the number of the context element's preceding siblings
 * of its name, what xsl:number count="d:section" gives a section, by a
 * walk of pointers instead of a pattern test of each sibling (a
 * section's label, asked several times for each of the thousands of
 * sections of a chapter). */
static void
rank(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlNodePtr cur = ctxt->context->node, n;
	double r = 1;

	if (nargs != 0) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (cur == NULL || cur->type != XML_ELEMENT_NODE) {
		valuePush(ctxt, xmlXPathNewFloat(0));
		return;
	}
	for (n = cur->prev; n != NULL; n = n->prev)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, cur->name) &&
		    (n->ns == cur->ns ||
		     (n->ns != NULL && cur->ns != NULL &&
		      xmlStrEqual(n->ns->href, cur->ns->href))))
			r++;
	valuePush(ctxt, xmlXPathNewFloat(r));
}

/* Our generate-id(), cp:key-first() and cp:rank() in the
 * transformation's XPath context. */
static void
use_our_functions(xsltTransformContextPtr tc)
{
	xmlXPathContextPtr x = tc->xpathCtxt;

	libxslt_generate_id = xmlXPathFunctionLookup(x, BAD_CAST "generate-id");
	if (libxslt_generate_id == NULL)
		return;
	xmlXPathRegisterFunc(x, BAD_CAST "generate-id", NULL);
	xmlXPathRegisterFunc(x, BAD_CAST "generate-id", generate_id);
	xmlXPathRegisterFuncNS(x, BAD_CAST "key-first", BAD_CAST CP_XSLT_NS,
			       key_first);
	xmlXPathRegisterFuncNS(x, BAD_CAST "rank", BAD_CAST CP_XSLT_NS, rank);
}

/* ---- keys nothing reads ----
 *
 * libxslt indexes a document for every key of the stylesheet the first
 * time any key() is called on it.  docbook-xsl's gid and genid
 * (match="*" use="generate-id()") hold every element of the book, a
 * string and a node-set each (about a third of the memory of a large
 * site, and its time); they serve only annotations (gid; the export
 * writes none) and chunk.fast navigation (genid; the layer leaves
 * chunk.fast at 0).  They are set aside while the HTML and the site are
 * made, and put back before the stylesheet is freed. */

#define PARKED_MAX 8
static struct {
	xsltStylesheetPtr owner;
	xsltKeyDefPtr def;
} parked[PARKED_MAX];
static size_t nparked;

static void
park_unused_keys(xsltStylesheetPtr style)
{
	xsltStylesheetPtr st;
	xsltKeyDefPtr *pp, k;

	for (st = style; st != NULL; st = xsltNextImport(st)) {
		pp = (xsltKeyDefPtr *)&st->keys;
		while ((k = *pp) != NULL) {
			if (nparked < PARKED_MAX && k->nameURI == NULL &&
			    (xmlStrEqual(k->name, BAD_CAST "gid") ||
			     xmlStrEqual(k->name, BAD_CAST "genid"))) {
				*pp = k->next;
				parked[nparked].owner = st;
				parked[nparked++].def = k;
			} else
				pp = &k->next;
		}
	}
}

static void
unpark_keys(void)
{
	xsltKeyDefPtr k;

	while (nparked > 0) {
		nparked--;
		k = parked[nparked].def;
		k->next = parked[nparked].owner->keys;
		parked[nparked].owner->keys = k;
	}
}

/* The site's directory, absolute, with a final '/': the only place the
 * chunker may write (site_may_write). */
static const char *site_dir;

static int
site_may_write(xsltSecurityPrefsPtr sec, xsltTransformContextPtr tc,
	       const char *value)
{
	size_t n = site_dir ? strlen(site_dir) : 0;

	(void)sec;
	(void)tc;
	return n > 0 && strncmp(value, site_dir, n) == 0 &&
	       strchr(value + n, '/') == NULL && strcmp(value + n, "..") != 0;
}

/* Transform doc with style; the user parameters, as strings: css for
 * the one page (cp.css), dir for the site (base.dir). */
static enum cp_status
transform(xmlDocPtr doc, xsltStylesheetPtr style, enum render_format fmt,
	  const char *css, xmlDocPtr *out, struct cp_error *err)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	xsltTransformContextPtr tc = NULL;
	xmlDocPtr res = NULL;

	*out = NULL;
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
			     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE,
			     fmt == RENDER_SITE ? site_may_write
						: xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
			     xsltSecurityForbid);
	if (fmt != RENDER_PDF)
		park_unused_keys(style);
	tc = xsltNewTransformContext(style, doc);
	if (tc != NULL) {
		xsltSetCtxtSecurityPrefs(sec, tc);
		use_our_functions(tc);
		if (fmt == RENDER_HTML && css != NULL)
			xsltQuoteOneUserParam(tc, BAD_CAST "cp.css",
					      BAD_CAST css);
		if (fmt == RENDER_SITE)
			xsltQuoteOneUserParam(tc, BAD_CAST "base.dir",
					      BAD_CAST site_dir);
		res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, tc);
		if (res != NULL && tc->state != XSLT_STATE_OK) {
			xmlFreeDoc(res);
			res = NULL;
		}
		xsltFreeTransformContext(tc);
		gids_free();
	}
	unpark_keys();
	xsltFreeSecurityPrefs(sec);
	if (res == NULL)
		return cp_error_set(err, CP_EPARSE,
				    "the transformation failed: %s",
				    refused.len ? "it needs a resource from "
						  "the network, refused"
						: first_diag());
	*out = res;
	return CP_OK;
}

/* "fop" on PATH, or NULL.  Caller frees. */
static char *
find_fop(void)
{
	const char *path = getenv("PATH"), *p, *colon;
	char *cand;
	size_t n;

	for (p = path ? path : "/usr/bin:/bin"; p;
	     p = colon ? colon + 1 : NULL) {
		colon = strchr(p, ':');
		n = colon ? (size_t)(colon - p) : strlen(p);
		cand = xasprintf("%.*s/fop", (int)(n ? n : 1), n ? p : ".");
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
	}
	return NULL;
}

/* The last line of the text file at path (at most 300 bytes). */
static void
last_line(const char *path, char *out, size_t sz)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = 0, start, end;

	out[0] = '\0';
	if (f == NULL)
		return;
	if (fseek(f, -(long)sizeof(buf), SEEK_END) != 0)
		rewind(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	end = n;
	while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r'))
		end--;
	start = end;
	while (start > 0 && buf[start - 1] != '\n')
		start--;
	if (end - start >= sz)
		start = end - (sz - 1);
	memcpy(out, buf + start, end - start);
	out[end - start] = '\0';
}

/* Run fop on the FO file fo, writing the PDF to pdf; what FOP says goes
 * to the file log (only its last line is told, on failure). */
static enum cp_status
run_fop(const char *fop, const char *conf, const char *fo, const char *pdf,
	const char *log, struct cp_error *err)
{
	char last[300];
	pid_t pid;
	int status, fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return cp_error_set(err, CP_EIO, "cannot start fop: %s",
				    strerror(errno));
	if (pid == 0) {
		if ((fd = open(log, O_WRONLY | O_TRUNC)) >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(fop, "fop", "-q", "-c", conf, "-fo", fo, "-pdf", pdf,
		      (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cp_error_set(err, CP_EIO, "fop: %s",
					    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		last_line(log, last, sizeof(last));
		return cp_error_set(
			err, CP_EIO, "fop failed (exit status %d): %s",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			last[0] ? last : "no message");
	}
	return CP_OK;
}

static enum cp_status
copy_file(const char *from, FILE *to, struct cp_error *err)
{
	char buf[65536];
	FILE *f = fopen(from, "rb");
	size_t n;

	if (f == NULL)
		return cp_error_set(err, CP_EIO, "%s: %s", from,
				    strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			break;
	if (ferror(f) || ferror(to)) {
		fclose(f);
		return cp_error_set(err, CP_EIO, "cannot copy %s", from);
	}
	fclose(f);
	return CP_OK;
}

/* A new empty temporary file named for suffix, in *path_out (caller
 * unlinks and frees). */
static enum cp_status
temp_file(const char *suffix, char **path_out, struct cp_error *err)
{
	const char *dir = getenv("TMPDIR");
	char *p = xasprintf("%s/compendium-XXXXXX%s",
			    dir && *dir ? dir : "/tmp", suffix);
	int fd = mkstemps(p, (int)strlen(suffix));

	*path_out = NULL;
	if (fd < 0) {
		cp_error_set(err, CP_EIO, "cannot create a temporary file: %s",
			     strerror(errno));
		free(p);
		return CP_EIO;
	}
	close(fd);
	*path_out = p;
	return CP_OK;
}

/* The compendium exported into memory and parsed back into *doc_out. */
static enum cp_status
export_doc(struct store *st, const struct view_opts *o,
	   struct export_report *rep, xmlDocPtr *doc_out, struct cp_error *err)
{
	char *xml = NULL;
	size_t xmllen = 0;
	FILE *mem;
	enum cp_status rc;

	*doc_out = NULL;
	if ((mem = open_memstream(&xml, &xmllen)) == NULL)
		return cp_error_set(err, CP_EIO, "open_memstream: %s",
				    strerror(errno));
	rc = export_document(st, o, &docbook_writer, mem, rep, err);
	if (fclose(mem) != 0 && rc == CP_OK)
		rc = cp_error_set(err, CP_EIO, "cannot buffer the document");
	if (rc == CP_OK && xmllen > 0x7fffffff)
		rc = cp_error_set(err, CP_ETOOBIG,
				  "the document is too large to render "
				  "(%zu bytes)",
				  xmllen);
	if (rc == CP_OK) {
		*doc_out = xmlReadMemory(xml, (int)xmllen, "compendium.xml",
					 "UTF-8", XML_PARSE_NONET);
		if (*doc_out == NULL)
			rc = cp_error_set(err, CP_EPARSE,
					  "cannot read the exported document: "
					  "%s",
					  first_diag());
	}
	free(xml);
	return rc;
}

/* The transformed document res as HTML into path, whole or not at all. */
static enum cp_status
write_html(xmlDocPtr res, xsltStylesheetPtr style, const char *path,
	   struct cp_error *err)
{
	struct afile *af = NULL;
	enum cp_status rc;

	if ((rc = afile_open(path, &af, err)) != CP_OK)
		return rc;
	if (xsltSaveResultToFile(afile_stream(af), res, style) < 0) {
		afile_abort(af);
		return cp_error_set(err, CP_EIO, "cannot write HTML");
	}
	return afile_commit(af, err);
}

/* The transformed document res (XSL-FO) through fop into path as PDF:
 * the FO to a temporary file, fop to another, then the PDF whole into
 * place. */
static enum cp_status
write_pdf(xmlDocPtr res, xsltStylesheetPtr style, const char *fop,
	  const char *datadir, const char *path, struct cp_error *err)
{
	struct afile *af = NULL;
	char *fo = NULL, *pdf = NULL, *log = NULL;
	char *conf = xasprintf("%s/fop.xconf", datadir);
	enum cp_status rc;

	if ((rc = temp_file(".fo", &fo, err)) != CP_OK)
		goto out;
	if (xsltSaveResultToFilename(fo, res, style, 0) < 0) {
		rc = cp_error_set(err, CP_EIO, "%s: cannot write", fo);
		goto out;
	}
	if ((rc = temp_file(".pdf", &pdf, err)) != CP_OK ||
	    (rc = temp_file(".log", &log, err)) != CP_OK ||
	    (rc = run_fop(fop, conf, fo, pdf, log, err)) != CP_OK ||
	    (rc = afile_open(path, &af, err)) != CP_OK)
		goto out;
	if ((rc = copy_file(pdf, afile_stream(af), err)) != CP_OK) {
		afile_abort(af);
		goto out;
	}
	rc = afile_commit(af, err);
out:
	if (fo)
		unlink(fo);
	if (pdf)
		unlink(pdf);
	if (log)
		unlink(log);
	free(fo);
	free(pdf);
	free(log);
	free(conf);
	return rc;
}

/* mkdir -p dir; then its absolute name with a final '/' in *abs (caller
 * frees). */
static enum cp_status
site_prepare(const char *dir, char **abs, struct cp_error *err)
{
	char *p = xstrdup(dir), *q, *real = NULL, c;
	struct stat sb;
	int ok = 1;

	*abs = NULL;
	for (q = p + 1; ok && q[-1] != '\0'; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		c = *q;
		*q = '\0';
		ok = mkdir(p, 0777) == 0 || errno == EEXIST;
		*q = c;
	}
	if (ok && stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		ok = 0;
		errno = ENOTDIR;
	}
	if (!ok || (real = realpath(dir, NULL)) == NULL) {
		cp_error_set(err, CP_EIO, "%s: cannot create the directory: %s",
			     dir, strerror(errno));
		free(p);
		return CP_EIO;
	}
	free(p);
	*abs = xasprintf("%s%s", real, strcmp(real, "/") == 0 ? "" : "/");
	free(real);
	return CP_OK;
}

/* compendium.css from datadir into the site's directory. */
static enum cp_status
site_css(const char *datadir, struct cp_error *err)
{
	char *from = xasprintf("%s/compendium.css", datadir);
	char *to = xasprintf("%scompendium.css", site_dir);
	struct afile *af = NULL;
	enum cp_status rc;

	if ((rc = afile_open(to, &af, err)) == CP_OK) {
		if ((rc = copy_file(from, afile_stream(af), err)) != CP_OK)
			afile_abort(af);
		else
			rc = afile_commit(af, err);
	}
	free(from);
	free(to);
	return rc;
}

/* What fmt needs before anything is exported: FOP, the site's
 * directory, the one page's CSS. */
static enum cp_status
render_prepare(enum render_format fmt, const char *datadir, const char *path,
	       char **fop, char **css, char **dir, struct cp_error *err)
{
	char *p;
	enum cp_status rc;

	if (fmt == RENDER_PDF && (*fop = find_fop()) == NULL)
		return cp_error_set(err, CP_ENOTFOUND,
				    "PDF needs Apache FOP, and `fop` is not on "
				    "PATH (Debian: apt-get install fop); "
				    "`render --format html` works without it");
	if (fmt == RENDER_SITE)
		return site_prepare(path, dir, err);
	if (fmt == RENDER_HTML) {
		p = xasprintf("%s/compendium.css", datadir);
		rc = slurp(p, css, err);
		free(p);
		return rc;
	}
	return CP_OK;
}

enum cp_status
render_write(struct store *st, const struct view_opts *o,
	     enum render_format fmt, const char *path,
	     struct export_report *rep, struct cp_error *err)
{
	xsltStylesheetPtr style = NULL;
	xmlDocPtr doc = NULL, res = NULL;
	char *fop = NULL, *css = NULL, *dir = NULL, *datadir;
	enum cp_status rc;

	if ((datadir = render_datadir()) == NULL)
		return cp_error_set(
			err, CP_ENOTFOUND,
			"the customization layer (html.xsl, compendium.css) "
			"is in none of $COMPENDIUM_DATADIR, the program's "
			"../share/compendium or %s; reinstall compendium",
			CP_DATADIR);
	if ((rc = render_prepare(fmt, datadir, path, &fop, &css, &dir, err)) !=
	    CP_OK)
		goto out;
	site_dir = dir;
	offline_begin();
	if ((rc = load_stylesheet(datadir, fmt, &style, err)) != CP_OK ||
	    (rc = export_doc(st, o, rep, &doc, err)) != CP_OK ||
	    (rc = transform(doc, style, fmt, css, &res, err)) != CP_OK)
		goto end;
	if (fmt == RENDER_HTML)
		rc = write_html(res, style, path, err);
	else if (fmt == RENDER_PDF)
		rc = write_pdf(res, style, fop, datadir, path, err);
	else
		rc = site_css(datadir, err);
end:
	offline_end();
out:
	site_dir = NULL;
	free(fop);
	free(css);
	free(dir);
	free(datadir);
	xmlFreeDoc(res);
	xmlFreeDoc(doc);
	if (style)
		xsltFreeStylesheet(style);
	return rc;
}
