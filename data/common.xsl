<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     common.xsl - what every output of compendium's customization layer
     (HTML, the site, XSL-FO) reads from the book's info the same way. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                xmlns:l="http://docbook.sourceforge.net/xmlns/l10n/1.0"
                exclude-result-prefixes="d l">

<!-- Generated words in English for every element (the book is xml:lang
     en and the export writes no other xml:lang): docbook-xsl's
     l10n.language then answers at once instead of searching the node's
     ancestors at every generated word (200,000 of them in a site of
     16,000 entries; the pages the same; measured: under 1% of the time,
     docs/BENCHMARKS.md). -->
<xsl:param name="l10n.gentext.language" select="'en'"/>

<!-- Words as UN documents write them: "Contents"; chapters headed
     "XII. Title" (no "Chapter"); appendices are annexes; the site's
     navigation says "Previous", not "Prev". -->
<xsl:param name="local.l10n.xml" select="document('')"/>
<l:i18n>
  <l:l10n language="en">
    <l:gentext key="TableofContents" text="Contents"/>
    <l:gentext key="Appendix" text="Annex"/>
    <l:gentext key="appendix" text="annex"/>
    <l:gentext key="nav-prev" text="Previous"/>
    <l:context name="title-numbered">
      <l:template name="chapter" text="%n.&#160;%t"/>
      <l:template name="appendix" text="Annex&#160;%n.&#160;%t"/>
    </l:context>
    <l:context name="title">
      <l:template name="appendix" text="Annex&#160;%n.&#160;%t"/>
    </l:context>
    <l:context name="xref-number-and-title">
      <l:template name="appendix" text="Annex&#160;%n, %t"/>
    </l:context>
    <l:context name="xref-number">
      <l:template name="appendix" text="Annex&#160;%n"/>
    </l:context>
  </l:l10n>
</l:i18n>

<!-- A chapter's and an appendix's number: docbook-xsl counts them with
     xsl:number level="any", a search of the whole document before them
     at every label (the contents, every page's navigation, every link),
     most of the time of a large rendering.  Here they are children of the
     book: their rank among their siblings is the same number. -->
<xsl:template match="d:book/d:chapter[not(@label)]" mode="label.markup">
  <xsl:if test="string($chapter.autolabel) != 0">
    <xsl:variable name="format">
      <xsl:call-template name="autolabel.format">
        <xsl:with-param name="format" select="$chapter.autolabel"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:number value="count(preceding-sibling::d:chapter) + 1"
                format="{$format}"/>
  </xsl:if>
</xsl:template>
<xsl:template match="d:book/d:appendix[not(@label)]" mode="label.markup">
  <xsl:if test="string($appendix.autolabel) != 0">
    <xsl:variable name="format">
      <xsl:call-template name="autolabel.format">
        <xsl:with-param name="format" select="$appendix.autolabel"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:number value="count(preceding-sibling::d:appendix) + 1"
                format="{$format}"/>
  </xsl:if>
</xsl:template>

<!-- The issuing body: from the book's own info only (never an author of
     a revision), the first of publisher name, orgname, corpauthor, an
     author's or an authorgroup's orgname or name; else the compendium's
     maintainers. -->
<xsl:template name="cp.issuer">
  <xsl:variable name="i" select="/d:book/d:info"/>
  <xsl:variable name="found"
      select="($i/d:publisher/d:publishername | $i/d:orgname
               | $i/d:corpauthor | $i/d:author/d:orgname
               | $i/d:authorgroup/*/d:orgname
               | $i/d:author/d:personname | $i/d:authorgroup/*/d:personname
               | $i/d:bibliomisc[@role='issued_by'])[1]"/>
  <xsl:choose>
    <xsl:when test="$found">
      <xsl:value-of select="normalize-space($found)"/>
    </xsl:when>
    <xsl:otherwise>Compendium maintainers</xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- "Edition N, 2 December 2026": the written date when info has one
     (date), else pubdate as it is. -->
<xsl:template name="cp.edition">
  <xsl:variable name="i" select="/d:book/d:info"/>
  <xsl:if test="$i/d:edition">
    <xsl:if test="translate($i/d:edition, '0123456789', '') = ''">
      <xsl:text>Edition </xsl:text>
    </xsl:if>
    <xsl:value-of select="normalize-space($i/d:edition)"/>
  </xsl:if>
  <xsl:if test="$i/d:edition and ($i/d:date or $i/d:pubdate)">
    <xsl:text>, </xsl:text>
  </xsl:if>
  <xsl:choose>
    <xsl:when test="$i/d:date">
      <xsl:value-of select="normalize-space($i/d:date)"/>
    </xsl:when>
    <xsl:otherwise>
      <xsl:value-of select="normalize-space($i/d:pubdate)"/>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

</xsl:stylesheet>
