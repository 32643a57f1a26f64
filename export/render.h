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
};

/* The stylesheets' URIs, as the catalogs know them. */
#define RENDER_HTML_XSL                                               \
	"http://docbook.sourceforge.net/release/xsl-ns/current/html/" \
	"docbook.xsl"
#define RENDER_FO_XSL                                               \
	"http://docbook.sourceforge.net/release/xsl-ns/current/fo/" \
	"docbook.xsl"

/* "html" or "pdf", or -1. */
int render_format_lookup(const char *name);

/*
 * Export the compendium as DocBook (export_document() with o and
 * docbook_writer) and transform it into path (NULL or "-": standard
 * output), written whole or not at all (afile.h).  HTML: one page
 * through the html stylesheet.  PDF: XSL-FO through the fo stylesheet,
 * then Apache FOP (`fop` on PATH); CP_ENOTFOUND with a
 * message saying so when FOP is not installed.  CP_ENOTFOUND too when the
 * stylesheets are not installed.  rep as for export_document().
 */
enum cp_status render_write(struct store *st, const struct view_opts *o,
			    enum render_format fmt, const char *path,
			    struct export_report *rep, struct cp_error *err);

#endif
