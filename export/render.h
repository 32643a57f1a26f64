/* SPDX-License-Identifier: MIT */
/*
 * render.h - the compendium as HTML (or PDF) through the DocBook XSL
 * stylesheets (Debian docbook-xsl-ns) and libxslt, which only render.c
 * includes.  Offline: the stylesheets are found through the XML catalogs
 * (XML_CATALOG_FILES, else /etc/xml/catalog); any URI that the catalogs
 * do not map to a local file is refused, never fetched.
 */
#ifndef RENDER_H
#define RENDER_H

#include "cp.h"
#include "export.h"
#include "store.h"

enum render_format {
	RENDER_HTML,
	RENDER_PDF,
	RENDER_SITE,
	RENDER_ATOM, /* not through the stylesheets: atom.h */
};

/* The stylesheets' URIs, as the catalogs know them. */
#define RENDER_HTML_XSL                                               \
	"http://docbook.sourceforge.net/release/xsl-ns/current/html/" \
	"docbook.xsl"
#define RENDER_FO_XSL                                               \
	"http://docbook.sourceforge.net/release/xsl-ns/current/fo/" \
	"docbook.xsl"

/* "html", "pdf" or "site", or -1. */
int render_format_lookup(const char *name);

/*
 * The directory of the customization layer (html.xsl, site.xsl, fo.xsl,
 * compendium.css, fop.xconf): $COMPENDIUM_DATADIR, else
 * <program's dir>/../share/compendium (installed), else <program's
 * dir>/share/compendium (the build tree), else CP_DATADIR (the
 * configured install path); the first that holds html.xsl.  NULL when
 * none does.  Caller frees.
 */
char *render_datadir(void);

/*
 * Export the compendium as DocBook (export_document() with o and
 * docbook_writer) and transform it with the project's customization
 * layer (render_datadir()) over Debian's docbook-xsl-ns.  HTML: one page
 * into path (NULL or "-": standard output), the CSS inside it, written
 * whole or not at all (afile.h).  PDF: XSL-FO, then Apache FOP (`fop`
 * on PATH) with fop.xconf's Noto fonts; CP_ENOTFOUND with a message
 * saying so when FOP is not installed.  SITE: path is a directory
 * (created when missing, with its parents): a page per chapter and
 * appendix named from the xml:ids, index.html, compendium.css; the
 * transformation may write only into it.  CP_ENOTFOUND too when the
 * stylesheets are not installed.  rep as for export_document().
 */
enum cp_status render_write(struct store *st, const struct view_opts *o,
			    enum render_format fmt, const char *path,
			    struct export_report *rep, struct cp_error *err);

#endif
