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
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="d exsl">

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

<!-- A page.  docbook-xsl builds each page's content as a result tree
     fragment (process-chunk-element), copies it into another with the
     page's head and navigation (chunk-element-content), and copies that
     into the file (write.chunk): for a chapter of thousands of entries,
     two copies of the page, made and freed, most of what a site costs
     beyond the one-page HTML.  Here the file is opened first and the
     page written into it as it is made: the same head, navigation and
     content (the component's own template, by apply-imports: the
     current template rule is docbook-xsl's chunking one, whose imports
     hold the component templates), in the same order.  Pages open
     inside the book's page (a chapter's file is written while the
     start page is open), which libxslt's exsl:document allows.

     Previous and next page.  docbook-xsl finds them with preceding:: and
     following:: searches for chunked sections at every level, which cost
     time growing with the square of the number of entries.  Here only
     the book and its components (preface, chapter, appendix, index,
     directly in the book) are pages (chunk.section.depth 0), so the
     neighbours are the component siblings; the first page's previous is
     the book. -->
<xsl:template name="process-chunk-element">
  <xsl:variable name="before"
      select="preceding-sibling::*[self::d:preface or self::d:chapter
              or self::d:appendix or self::d:index or self::d:glossary
              or self::d:bibliography or self::d:colophon][1]"/>
  <xsl:variable name="prev" select="$before | parent::d:book[not($before)]"/>
  <xsl:variable name="next"
      select="(following-sibling::*[self::d:preface or self::d:chapter
               or self::d:appendix or self::d:index or self::d:glossary
               or self::d:bibliography or self::d:colophon][1]
              | self::d:book/*[self::d:preface or self::d:chapter
               or self::d:appendix or self::d:index or self::d:glossary
               or self::d:bibliography or self::d:colophon][1])[1]"/>
  <xsl:variable name="chunkfn">
    <xsl:apply-templates mode="chunk-filename" select="."/>
  </xsl:variable>
  <xsl:variable name="filename">
    <xsl:call-template name="make-relative-filename">
      <xsl:with-param name="base.dir" select="$chunk.base.dir"/>
      <xsl:with-param name="base.name" select="$chunkfn"/>
    </xsl:call-template>
  </xsl:variable>
  <xsl:if test="$chunker.output.doctype-public != ''
                or $chunker.output.media-type != ''">
    <xsl:message terminate="yes">site.xsl writes pages with a system doctype only: set chunker.output.doctype-public and chunker.output.media-type to ''</xsl:message>
  </xsl:if>
  <exsl:document href="{$filename}"
                 method="{$chunker.output.method}"
                 encoding="{$chunker.output.encoding}"
                 indent="{$chunker.output.indent}"
                 omit-xml-declaration="{$chunker.output.omit-xml-declaration}"
                 cdata-section-elements="{$chunker.output.cdata-section-elements}"
                 doctype-system="{$chunker.output.doctype-system}"
                 standalone="{$chunker.output.standalone}">
    <xsl:call-template name="user.preroot"/>
    <html>
      <xsl:call-template name="root.attributes"/>
      <xsl:call-template name="html.head">
        <xsl:with-param name="prev" select="$prev"/>
        <xsl:with-param name="next" select="$next"/>
      </xsl:call-template>
      <body>
        <xsl:call-template name="body.attributes"/>
        <xsl:call-template name="user.header.navigation">
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="next" select="$next"/>
        </xsl:call-template>
        <xsl:call-template name="header.navigation">
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="next" select="$next"/>
        </xsl:call-template>
        <xsl:call-template name="user.header.content"/>
        <xsl:apply-imports/>
        <xsl:call-template name="user.footer.content"/>
        <xsl:call-template name="footer.navigation">
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="next" select="$next"/>
        </xsl:call-template>
        <xsl:call-template name="user.footer.navigation">
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="next" select="$next"/>
        </xsl:call-template>
      </body>
    </html>
    <xsl:value-of select="$chunk.append"/>
  </exsl:document>
</xsl:template>

<!-- A page's head.  docbook-xsl's html.head asks, for every page, whether
     the book has a legal notice with //d:legalnotice, a walk of the whole
     book per page (an eighth of a large site's time) whose answer is
     always the same.  This is docbook-xsl's head (system.head.content,
     head.content, the home, up, previous and next links, the legal
     notice's links, user.head.content) with that answer found once.
     Its extra links to every component and section
     (html.extra.head.links) are not written: the parameter stays 0. -->
<xsl:param name="html.extra.head.links" select="0"/>
<xsl:variable name="cp.legalnotice"
    select="count(/descendant::d:legalnotice[1]) != 0"/>

<xsl:template name="html.head">
  <xsl:param name="prev" select="/d:foo"/>
  <xsl:param name="next" select="/d:foo"/>
  <xsl:variable name="home" select="/*[1]"/>
  <xsl:variable name="up" select="parent::*"/>
  <head>
    <xsl:call-template name="system.head.content"/>
    <xsl:call-template name="head.content"/>
    <xsl:if test="$div.element != 'section'">
      <xsl:call-template name="cp.head.link">
        <xsl:with-param name="rel" select="'home'"/>
        <xsl:with-param name="object" select="$home"/>
      </xsl:call-template>
      <xsl:call-template name="cp.head.link">
        <xsl:with-param name="rel" select="'up'"/>
        <xsl:with-param name="object" select="$up"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="cp.head.link">
      <xsl:with-param name="rel" select="'prev'"/>
      <xsl:with-param name="object" select="$prev"/>
    </xsl:call-template>
    <xsl:call-template name="cp.head.link">
      <xsl:with-param name="rel" select="'next'"/>
      <xsl:with-param name="object" select="$next"/>
    </xsl:call-template>
    <xsl:if test="$cp.legalnotice
                  and not($generate.legalnotice.link = 0)
                  and not($html.head.legalnotice.link.types = '')">
      <xsl:call-template name="make.legalnotice.head.links"/>
    </xsl:if>
    <xsl:call-template name="user.head.content"/>
  </head>
</xsl:template>

<!-- <link rel="REL"> to object, if there is one, as docbook-xsl writes it. -->
<xsl:template name="cp.head.link">
  <xsl:param name="rel"/>
  <xsl:param name="object"/>
  <xsl:if test="$object">
    <link rel="{$rel}">
      <xsl:attribute name="href">
        <xsl:call-template name="href.target">
          <xsl:with-param name="object" select="$object"/>
        </xsl:call-template>
      </xsl:attribute>
      <xsl:attribute name="title">
        <xsl:apply-templates select="$object"
                             mode="object.title.markup.textonly"/>
      </xsl:attribute>
    </link>
  </xsl:if>
</xsl:template>

<!-- A link's target.  docbook-xsl's href.target tests
     not($toc-context = .), which compares the string values of two
     nodes: in the contents of the start page, the text of the whole book
     at every link, time growing with the square of the entries.  Every
     page of this site is in the one directory (no dbhtml dir), so the
     target is the object's own URI, relative as it is. -->
<xsl:template name="href.target">
  <xsl:param name="context" select="."/>
  <xsl:param name="object" select="."/>
  <xsl:param name="toc-context" select="."/>
  <xsl:call-template name="href.target.uri">
    <xsl:with-param name="object" select="$object"/>
  </xsl:call-template>
</xsl:template>

<!-- dbhtml processing instructions (a page's file name, its directory,
     "stop-chunking") looked for only when the book has any.  For a link
     to an entry, docbook-xsl asks whether the entry, its chapter and the
     book are pages (chunk) and for their file names and directories
     (pi.dbhtml_filename, pi.dbhtml_dir), each question a walk over all
     the children of the node or of its parent, i.e. over every entry of
     the chapter: time growing with the square of the entries.  The
     compendium's DocBook has none: one search of the book instead, and
     the same answers. -->
<xsl:variable name="cp.dbhtml"
    select="count(/descendant::processing-instruction('dbhtml')[1]) != 0"/>

<xsl:template name="pi.dbhtml_dir">
  <xsl:param name="node" select="."/>
  <xsl:call-template name="dbhtml-attribute">
    <xsl:with-param name="pis"
        select="$node[$cp.dbhtml]/processing-instruction('dbhtml')"/>
    <xsl:with-param name="attribute" select="'dir'"/>
  </xsl:call-template>
</xsl:template>

<xsl:template name="pi.dbhtml_filename">
  <xsl:param name="node" select="."/>
  <xsl:call-template name="dbhtml-attribute">
    <xsl:with-param name="pis"
        select="$node[$cp.dbhtml]/processing-instruction('dbhtml')"/>
    <xsl:with-param name="attribute" select="'filename'"/>
  </xsl:call-template>
</xsl:template>

<!-- Whether a node is a page: docbook-xsl's chunk template (1 or 0),
     the same tests in the same order, the parent's "stop-chunking"
     looked for only when the book has dbhtml instructions. -->
<xsl:template name="chunk">
  <xsl:param name="node" select="."/>
  <xsl:variable name="name" select="local-name($node)"/>
  <xsl:variable name="parent" select="$node/parent::*"/>
  <xsl:choose>
    <xsl:when test="$cp.dbhtml and $parent/processing-instruction('dbhtml')
                    [normalize-space(.) = 'stop-chunking']">0</xsl:when>
    <xsl:when test="not($parent)">1</xsl:when>
    <xsl:when test="$name = 'sect1' and $chunk.section.depth &gt;= 1
                    and ($chunk.first.sections != 0
                         or count($node/preceding-sibling::d:sect1) &gt; 0)">1</xsl:when>
    <xsl:when test="($name = 'sect2' or $name = 'sect3' or $name = 'sect4'
                     or $name = 'sect5')
                    and $chunk.section.depth &gt;= number(substring($name, 5))
                    and ($chunk.first.sections != 0
                         or count($node/preceding-sibling::d:*
                                  [local-name() = $name]) &gt; 0)">
      <xsl:call-template name="chunk">
        <xsl:with-param name="node" select="$parent"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:when test="$name = 'section'
                    and $chunk.section.depth &gt;= count($node/ancestor::d:section)+1
                    and ($chunk.first.sections != 0
                         or count($node/preceding-sibling::d:section) &gt; 0)">
      <xsl:call-template name="chunk">
        <xsl:with-param name="node" select="$parent"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:when test="$name = 'preface' or $name = 'chapter'
                    or $name = 'appendix' or $name = 'article'
                    or $name = 'topic' or $name = 'part'
                    or $name = 'reference' or $name = 'refentry'">1</xsl:when>
    <xsl:when test="$name = 'index' and ($generate.index != 0 or count($node/*) &gt; 0)
                    and (local-name($parent) = 'article'
                         or local-name($parent) = 'book'
                         or local-name($parent) = 'part')">1</xsl:when>
    <xsl:when test="($name = 'bibliography' or $name = 'glossary')
                    and (local-name($parent) = 'article'
                         or local-name($parent) = 'book'
                         or local-name($parent) = 'part')">1</xsl:when>
    <xsl:when test="$name = 'colophon' or $name = 'book' or $name = 'set'
                    or $name = 'setindex'">1</xsl:when>
    <xsl:when test="$name = 'legalnotice'
                    and $generate.legalnotice.link != 0">1</xsl:when>
    <xsl:otherwise>0</xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- Each page links compendium.css (html.stylesheet); nothing inline. -->
<xsl:template name="cp.head.style"/>

</xsl:stylesheet>
