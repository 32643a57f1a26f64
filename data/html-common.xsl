<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     html-common.xsl - the parts of compendium's HTML customization layer
     that the one page (html.xsl) and the site (site.xsl) share.  Included
     after each imports Debian's docbook-xsl-ns stylesheet by its catalog
     URI; nothing of docbook-xsl is copied here.  See docs/EXPORT.md. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                exclude-result-prefixes="d">

<xsl:include href="common.xsl"/>

<!-- Numbering as in United Nations documents: chapters I, II, III;
     within them A, B, C; annexes (appendices) A, B, C. -->
<xsl:param name="chapter.autolabel" select="'I'"/>
<xsl:param name="appendix.autolabel" select="'A'"/>
<xsl:param name="section.autolabel" select="'A'"/>
<xsl:param name="section.autolabel.max.depth" select="1"/>
<xsl:param name="section.label.includes.component.label" select="0"/>
<xsl:param name="preface.autolabel" select="0"/>
<xsl:param name="generate.toc">
book      toc,title
appendix  toc
</xsl:param>
<xsl:param name="toc.section.depth" select="1"/>
<xsl:param name="generate.index" select="1"/>
<xsl:param name="make.valid.html" select="1"/>
<xsl:param name="generate.id.attributes" select="1"/>
<xsl:param name="html.cleanup" select="1"/>
<xsl:param name="css.decoration" select="0"/>
<xsl:param name="table.borders.with.css" select="0"/>
<xsl:param name="html.cellspacing" select="''"/>
<xsl:param name="html.cellpadding" select="''"/>
<xsl:param name="default.table.frame" select="'none'"/>
<!-- docbook-xsl's own docbook.css is neither written nor linked. -->
<xsl:param name="docbook.css.source" select="''"/>
<xsl:param name="docbook.css.link" select="0"/>
<xsl:param name="show.revisionflag" select="0"/>
<xsl:param name="ulink.target" select="''"/>

<!-- No presentational attributes on body: the CSS says it all. -->
<xsl:template name="body.attributes"/>

<!-- A phone shows the page at its own width. -->
<xsl:template name="user.head.content">
  <meta name="viewport" content="width=device-width, initial-scale=1"/>
  <xsl:call-template name="cp.head.style"/>
</xsl:template>

<!-- A literallayout as preformatted text that wraps (the CSS:
     pre-wrap): docbook-xsl writes its spaces as no-break spaces, which
     leave a narrow window no place to break but inside a word. -->
<xsl:template match="d:literallayout">
  <pre class="literallayout">
    <xsl:call-template name="anchor"/>
    <xsl:apply-templates/>
  </pre>
</xsl:template>

<!-- Insertions and deletions of the changes appendix. -->
<xsl:template match="d:phrase[@revisionflag='added']">
  <ins class="added"><xsl:apply-templates/></ins>
</xsl:template>
<xsl:template match="d:phrase[@revisionflag='deleted']">
  <del class="deleted"><xsl:apply-templates/></del>
</xsl:template>
<xsl:template match="d:phrase[@revisionflag='changed']">
  <mark class="changed"><xsl:apply-templates/></mark>
</xsl:template>

<!-- The title page: the issuing body, the title, the edition and its
     date as people write them; the book's list of editions folded. -->
<xsl:template name="book.titlepage">
  <xsl:variable name="info" select="d:info"/>
  <header class="titlepage cp-titlepage">
    <xsl:variable name="issuer">
      <xsl:call-template name="cp.issuer"/>
    </xsl:variable>
    <xsl:if test="string($issuer) != ''">
      <p class="issuer"><xsl:value-of select="$issuer"/></p>
    </xsl:if>
    <h1 class="title">
      <xsl:apply-templates select="$info/d:title/node()"/>
    </h1>
    <xsl:if test="$info/d:subtitle">
      <p class="subtitle">
        <xsl:apply-templates select="$info/d:subtitle/node()"/>
      </p>
    </xsl:if>
    <p class="edition">
      <xsl:call-template name="cp.edition"/>
    </p>
    <xsl:if test="$info/d:revhistory">
      <details class="editions">
        <summary>Editions</summary>
        <ul>
          <xsl:for-each select="$info/d:revhistory/d:revision">
            <li>
              <span class="revnumber">
                <xsl:text>Edition </xsl:text>
                <xsl:value-of select="d:revnumber"/>
              </span>
              <xsl:text>, </xsl:text>
              <span class="date"><xsl:value-of select="d:date"/></span>
              <xsl:if test="d:revremark">
                <xsl:text>: </xsl:text>
                <xsl:apply-templates select="d:revremark/node()"/>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </details>
    </xsl:if>
  </header>
</xsl:template>

<!-- A revision history as a compact table, without docbook-xsl's
     borders and attributes (the CSS styles it). -->
<xsl:template match="d:revhistory" mode="titlepage.mode">
  <div class="revhistory">
    <table>
      <caption>Revision history</caption>
      <tbody>
        <xsl:apply-templates select="d:revision" mode="cp.revision"/>
      </tbody>
    </table>
  </div>
</xsl:template>
<xsl:template match="d:revhistory">
  <xsl:apply-templates select="." mode="titlepage.mode"/>
</xsl:template>
<xsl:template match="d:revision" mode="cp.revision">
  <tr>
    <td class="revnumber"><xsl:value-of select="d:revnumber"/></td>
    <td class="date"><xsl:value-of select="d:date"/></td>
    <td class="author">
      <xsl:for-each select="(d:author|d:authorinitials)/descendant-or-self::*[not(*)]">
        <xsl:if test="position() > 1">, </xsl:if>
        <xsl:value-of select="normalize-space(.)"/>
      </xsl:for-each>
    </td>
    <td class="revremark">
      <xsl:apply-templates select="d:revremark/node()|d:revdescription/node()"/>
    </td>
  </tr>
</xsl:template>

</xsl:stylesheet>
