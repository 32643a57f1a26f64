<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     fo.xsl - compendium's customization layer for XSL-FO (PDF through
     Apache FOP): Debian's docbook-xsl-ns fo/docbook.xsl, imported by its
     catalog URI, and common.xsl.  Fonts: the Noto families that
     fop.xconf registers, listed so that FOP takes for each word the
     first that has all its characters, else the one that has most (Latin, Cyrillic and Greek in Noto
     Serif and Noto Sans, Arabic in Noto Sans Arabic,
     Chinese in Noto Sans CJK SC: the copies the build makes for FOP).
     Verbatim text wraps; nothing is hyphenated; the PDF's Title
     is the book's title and its Author the issuing body. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                xmlns:fo="http://www.w3.org/1999/XSL/Format"
                exclude-result-prefixes="d">

<xsl:import href="http://docbook.sourceforge.net/release/xsl-ns/current/fo/docbook.xsl"/>
<xsl:include href="common.xsl"/>

<xsl:param name="fop1.extensions" select="1"/>
<xsl:param name="paper.type" select="'A4'"/>
<xsl:param name="double.sided" select="0"/>
<xsl:param name="body.font.family"
           select="'Noto Serif,Noto Sans Arabic,Noto Sans CJK SC,Noto Sans'"/>
<xsl:param name="title.font.family"
           select="'Noto Sans,Noto Sans Arabic,Noto Sans CJK SC'"/>
<xsl:param name="sans.font.family"
           select="'Noto Sans,Noto Sans Arabic,Noto Sans CJK SC'"/>
<xsl:param name="monospace.font.family"
           select="'Noto Sans Mono,Noto Sans,Noto Sans Arabic,Noto Sans CJK SC'"/>
<xsl:param name="symbol.font.family"
           select="'Noto Sans,Noto Sans CJK SC'"/>
<xsl:param name="dingbat.font.family" select="'Noto Serif'"/>
<xsl:param name="body.font.master" select="10.5"/>
<xsl:param name="body.start.indent" select="'0pt'"/>
<xsl:param name="hyphenate" select="'false'"/>
<xsl:param name="alignment" select="'start'"/>
<!-- A URL may break after / and the like (a zero-width space). -->
<xsl:param name="ulink.hyphenate" select="'&#x200B;'"/>
<xsl:param name="ulink.hyphenate.chars" select="'/&amp;?=.-_'"/>
<xsl:param name="ulink.show" select="0"/>
<xsl:param name="chapter.autolabel" select="'I'"/>
<xsl:param name="appendix.autolabel" select="'A'"/>
<xsl:param name="section.autolabel" select="'A'"/>
<xsl:param name="section.autolabel.max.depth" select="1"/>
<xsl:param name="section.label.includes.component.label" select="0"/>
<xsl:param name="generate.toc">
book      toc,title
</xsl:param>
<xsl:param name="toc.section.depth" select="1"/>
<xsl:param name="shade.verbatim" select="1"/>
<xsl:param name="header.rule" select="0"/>
<xsl:param name="footer.rule" select="0"/>

<!-- Examples and literal text wrap at the right margin. -->
<xsl:attribute-set name="monospace.verbatim.properties">
  <xsl:attribute name="wrap-option">wrap</xsl:attribute>
  <xsl:attribute name="font-size">8.5pt</xsl:attribute>
</xsl:attribute-set>
<xsl:attribute-set name="verbatim.properties">
  <xsl:attribute name="wrap-option">wrap</xsl:attribute>
</xsl:attribute-set>
<xsl:attribute-set name="shade.verbatim.style">
  <xsl:attribute name="background-color">#F2F5F8</xsl:attribute>
  <xsl:attribute name="padding">4pt</xsl:attribute>
</xsl:attribute-set>

<!-- UN blue rules under chapter titles, headings in the sans face. -->
<xsl:attribute-set name="component.title.properties">
  <xsl:attribute name="border-bottom">1.5pt solid #0072BC</xsl:attribute>
  <xsl:attribute name="padding-bottom">4pt</xsl:attribute>
</xsl:attribute-set>

<xsl:attribute-set name="section.title.level1.properties">
  <xsl:attribute name="font-size">13pt</xsl:attribute>
</xsl:attribute-set>
<xsl:attribute-set name="section.title.level2.properties">
  <xsl:attribute name="font-size">11.5pt</xsl:attribute>
</xsl:attribute-set>

<!-- A revision history: small and grey, after the content it dates. -->
<xsl:attribute-set name="revhistory.title.properties">
  <xsl:attribute name="font-size">8pt</xsl:attribute>
  <xsl:attribute name="font-weight">bold</xsl:attribute>
  <xsl:attribute name="space-before">8pt</xsl:attribute>
  <xsl:attribute name="color">#404040</xsl:attribute>
</xsl:attribute-set>
<xsl:attribute-set name="revhistory.table.properties">
  <xsl:attribute name="font-size">8pt</xsl:attribute>
  <xsl:attribute name="color">#404040</xsl:attribute>
</xsl:attribute-set>

<!-- Insertions and deletions of the changes appendix. -->
<xsl:template match="d:phrase[@revisionflag='added']">
  <fo:inline text-decoration="underline" color="#0F4D1F"
             background-color="#E3F4E7"><xsl:apply-templates/></fo:inline>
</xsl:template>
<xsl:template match="d:phrase[@revisionflag='deleted']">
  <fo:inline text-decoration="line-through" color="#8A1F11"
             background-color="#FBE5E3"><xsl:apply-templates/></fo:inline>
</xsl:template>

<!-- The title page: issuing body, title, subtitle, edition and date. -->
<xsl:template name="book.titlepage.recto">
  <xsl:variable name="i" select="/d:book/d:info"/>
  <fo:block font-family="{$title.font.family}" space-before="60pt">
    <fo:block font-size="11pt" color="#404040" space-after="36pt"
              border-top="4pt solid #0072BC" padding-top="8pt">
      <xsl:call-template name="cp.issuer"/>
    </fo:block>
    <fo:block font-size="24pt" font-weight="bold" line-height="1.2"
              space-after="12pt">
      <xsl:apply-templates select="$i/d:title/node()"/>
    </fo:block>
    <xsl:if test="$i/d:subtitle">
      <fo:block font-size="14pt" color="#404040" space-after="12pt">
        <xsl:apply-templates select="$i/d:subtitle/node()"/>
      </fo:block>
    </xsl:if>
    <fo:block font-size="12pt" font-weight="bold" space-before="24pt">
      <xsl:call-template name="cp.edition"/>
    </fo:block>
  </fo:block>
</xsl:template>

<!-- The verso: the editions, small. -->
<xsl:template name="book.titlepage.verso">
  <xsl:variable name="r" select="/d:book/d:info/d:revhistory/d:revision"/>
  <xsl:if test="$r">
    <fo:block font-size="8.5pt" space-before="24pt">
      <fo:block font-weight="bold" space-after="6pt">Editions</fo:block>
      <xsl:for-each select="$r">
        <fo:block space-after="3pt">
          <xsl:text>Edition </xsl:text>
          <xsl:value-of select="d:revnumber"/>
          <xsl:text>, </xsl:text>
          <xsl:value-of select="d:date"/>
          <xsl:if test="d:revremark">
            <xsl:text>: </xsl:text>
            <xsl:apply-templates select="d:revremark/node()"/>
          </xsl:if>
        </fo:block>
      </xsl:for-each>
    </fo:block>
  </xsl:if>
</xsl:template>

<!-- The PDF's Title and Author: the book's title, the issuing body. -->
<xsl:template name="fop1-document-information">
  <xsl:variable name="title">
    <xsl:value-of select="/d:book/d:info/d:title"/>
    <xsl:if test="/d:book/d:info/d:subtitle">
      <xsl:text> - </xsl:text>
      <xsl:value-of select="/d:book/d:info/d:subtitle"/>
    </xsl:if>
  </xsl:variable>
  <xsl:variable name="author">
    <xsl:call-template name="cp.issuer"/>
  </xsl:variable>
  <fo:declarations>
    <x:xmpmeta xmlns:x="adobe:ns:meta/">
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about=""
                         xmlns:dc="http://purl.org/dc/elements/1.1/">
          <dc:title><xsl:value-of select="normalize-space($title)"/></dc:title>
          <dc:creator><xsl:value-of select="normalize-space($author)"/></dc:creator>
        </rdf:Description>
        <rdf:Description rdf:about=""
                         xmlns:xmp="http://ns.adobe.com/xap/1.0/">
          <xmp:CreatorTool>compendium (DocBook XSL Stylesheets with Apache FOP)</xmp:CreatorTool>
        </rdf:Description>
      </rdf:RDF>
    </x:xmpmeta>
  </fo:declarations>
</xsl:template>

</xsl:stylesheet>
