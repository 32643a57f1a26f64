<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     site.xsl - compendium's customization layer for the site
     (render, format site, -o DIR): Debian's docbook-xsl-ns
     html/chunk.xsl, imported by its catalog URI, and html-common.xsl.
     A page per chapter and appendix (and the preface, the index), each
     named by its xml:id so that links survive editions; the start page
     index.html; every page links compendium.css, which render.c copies
     beside them.  render.c sets base.dir to DIR/ and allows the
     transformation to write only there. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                exclude-result-prefixes="d">

<xsl:import href="http://docbook.sourceforge.net/release/xsl-ns/current/html/chunk.xsl"/>
<xsl:include href="html-common.xsl"/>

<xsl:param name="use.id.as.filename" select="1"/>
<xsl:param name="root.filename" select="'index'"/>
<xsl:param name="html.ext" select="'.html'"/>
<xsl:param name="chunk.section.depth" select="0"/>
<xsl:param name="chunk.first.sections" select="0"/>
<xsl:param name="chunk.quietly" select="1"/>
<xsl:param name="chunker.output.encoding" select="'UTF-8'"/>
<xsl:param name="chunker.output.indent" select="'no'"/>
<xsl:param name="chunker.output.doctype-system" select="'about:legacy-compat'"/>
<xsl:param name="html.stylesheet" select="'compendium.css'"/>
<xsl:param name="navig.showtitles" select="1"/>
<xsl:param name="suppress.header.navigation" select="0"/>
<xsl:param name="header.rule" select="0"/>
<xsl:param name="footer.rule" select="0"/>

<!-- A chunk whose xml:id is "index" (the book's index) would be
     index.html, the start page (root.filename): it is subject-index.html
     instead, so that neither overwrites the other. -->
<xsl:template match="*[parent::*][@xml:id = 'index']"
              mode="recursive-chunk-filename">
  <xsl:text>subject-index</xsl:text>
  <xsl:value-of select="$html.ext"/>
</xsl:template>

<!-- Each page links compendium.css (html.stylesheet); nothing inline. -->
<xsl:template name="cp.head.style"/>

</xsl:stylesheet>
