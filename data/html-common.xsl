<?xml version="1.0" encoding="UTF-8"?>
<!-- docbook-xsl's entities for index terms (&primary;, &section;, the
     case folding &lowercase; and &uppercase;), read from Debian's
     docbook-xsl-ns through the XML catalogs like the stylesheets. -->
<!DOCTYPE xsl:stylesheet [
<!ENTITY % common.entities SYSTEM
  "http://docbook.sourceforge.net/release/xsl-ns/current/common/entities.ent">
%common.entities;
]>
<!-- SPDX-License-Identifier: MIT
     html-common.xsl - the parts of compendium's HTML customization layer
     that the one page (html.xsl) and the site (site.xsl) share.  Included
     after each imports Debian's docbook-xsl-ns stylesheet by its catalog
     URI; nothing of docbook-xsl is copied here.  See docs/EXPORT.md. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                xmlns:cp="urn:x-compendium:xslt"
                exclude-result-prefixes="d cp">

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

<!-- An index entry's link to its section.  docbook-xsl's own template
     passes href.target a context found with //d:index, a search of the
     whole document for every reference in the index (time growing with
     the square of the entries: most of the time of a large site).  Here
     the index is found through a key; the link, its title and its
     separators are docbook-xsl's (href.target, title.markup,
     index.separator), and a zone or a range goes to docbook-xsl's
     templates as before. -->
<xsl:key name="cp.index" match="d:index | d:setindex" use="'all'"/>
<xsl:template match="d:indexterm" mode="reference">
  <xsl:param name="scope" select="."/>
  <xsl:param name="role" select="''"/>
  <xsl:param name="type" select="''"/>
  <xsl:param name="position"/>
  <xsl:param name="separator" select="''"/>
  <xsl:variable name="section" select="&section;"/>
  <xsl:variable name="index"
      select="key('cp.index', 'all')[count(ancestor::node() | $scope)
              = count(ancestor::node())][1]"/>
  <xsl:choose>
    <xsl:when test="$separator != ''">
      <xsl:value-of select="$separator"/>
    </xsl:when>
    <xsl:when test="$position = 1">
      <xsl:call-template name="index.separator">
        <xsl:with-param name="key" select="'index.term.separator'"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:otherwise>
      <xsl:call-template name="index.separator">
        <xsl:with-param name="key" select="'index.number.separator'"/>
      </xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
  <xsl:choose>
    <xsl:when test="@zone and string(@zone)">
      <xsl:call-template name="reference">
        <xsl:with-param name="zones" select="normalize-space(@zone)"/>
        <xsl:with-param name="position" select="position()"/>
        <xsl:with-param name="scope" select="$scope"/>
        <xsl:with-param name="role" select="$role"/>
        <xsl:with-param name="type" select="$type"/>
      </xsl:call-template>
    </xsl:when>
    <xsl:otherwise>
      <a>
        <xsl:apply-templates select="." mode="class.attribute"/>
        <xsl:attribute name="href">
          <xsl:call-template name="href.target">
            <xsl:with-param name="object"
                select="$section[$index.links.to.section = 1]
                        | self::node()[$index.links.to.section != 1]"/>
            <xsl:with-param name="context" select="$index"/>
          </xsl:call-template>
        </xsl:attribute>
        <xsl:variable name="title">
          <xsl:choose>
            <xsl:when test="$index.prefer.titleabbrev != 0">
              <xsl:apply-templates select="$section"
                                   mode="titleabbrev.markup"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="$section" mode="title.markup"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:value-of select="$title"/>
      </a>
      <xsl:variable name="id" select="(@id | @xml:id)[1]"/>
      <xsl:if test="$id and key('endofrange', $id)">
        <xsl:apply-templates select="key('endofrange', $id)[last()]"
                             mode="reference">
          <xsl:with-param name="position" select="position()"/>
          <xsl:with-param name="scope" select="$scope"/>
          <xsl:with-param name="role" select="$role"/>
          <xsl:with-param name="type" select="$type"/>
          <xsl:with-param name="separator">
            <xsl:call-template name="index.separator">
              <xsl:with-param name="key" select="'index.range.separator'"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:apply-templates>
      </xsl:if>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The index's letters and terms.  docbook-xsl finds the first term of
     each letter and of each term by filtering the whole of its key with
     the index's scope for every index term (count(ancestor::node() |
     $scope)): time growing with the square of the entries, the most of
     a large rendering once the links above are fixed (and the first of
     a key is cp:key-first, above, not key()[1]).  The compendium
     has one book and one index, whose scope is every term: the first of
     a key is the first in scope, and the filter is left out.  The
     markup is docbook-xsl's: its keys (letter, primary), its index-primary
     template for each term and its links, its words ("Symbols"). -->
<!-- A section's label (A, B, C within a chapter).  docbook-xsl's
     xsl:number count="d:section" tests each preceding sibling against
     the pattern, for every one of the several times a label is asked
     (time growing with the square of a chapter's entries); render.c's
     cp:rank() is the same number by a walk of the siblings.  Only for a
     section not in a section, with no label of its own and no chapter
     number before its letter (as the layer's parameters have it);
     anything else, and without render.c (xsltproc), to docbook-xsl. -->
<xsl:template match="d:section" mode="label.markup">
  <xsl:choose>
    <xsl:when test="function-available('cp:rank') and not(@label)
                    and local-name(..) != 'section'
                    and $section.label.includes.component.label = 0">
      <xsl:variable name="label">
        <xsl:call-template name="label.this.section">
          <xsl:with-param name="section" select="."/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:if test="$label != 0">
        <xsl:variable name="format">
          <xsl:call-template name="autolabel.format">
            <xsl:with-param name="format" select="$section.autolabel"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:number value="cp:rank()" format="{$format}"/>
      </xsl:if>
    </xsl:when>
    <xsl:otherwise>
      <xsl:apply-imports/>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- The first of a key: render.c's cp:key-first(NAME, VALUE) is
     key(NAME, VALUE)[1] without the copy of the whole set that libxslt's
     key() makes at each call (for each index term, the size of its
     letter: time growing with the square of the terms).  Without
     render.c (xsltproc), key()[1]. -->
<xsl:variable name="cp.key-first" select="function-available('cp:key-first')"/>

<xsl:template name="generate-basic-index">
  <xsl:param name="scope" select="NOTANODE"/>
  <xsl:variable name="role">
    <xsl:if test="$index.on.role != 0">
      <xsl:value-of select="@role"/>
    </xsl:if>
  </xsl:variable>
  <xsl:variable name="type">
    <xsl:if test="$index.on.type != 0">
      <xsl:value-of select="@type"/>
    </xsl:if>
  </xsl:variable>
  <xsl:variable name="terms"
      select="//d:indexterm[not(@class = 'endofrange')]
              [($cp.key-first
                and count(. | cp:key-first('letter',
                                translate(substring(&primary;, 1, 1),
                                          &lowercase;, &uppercase;))) = 1)
               or (not($cp.key-first)
                   and count(. | key('letter',
                                   translate(substring(&primary;, 1, 1),
                                             &lowercase;, &uppercase;))[1])
                       = 1)]"/>
  <xsl:variable name="alphabetical"
      select="$terms[contains(concat(&lowercase;, &uppercase;),
                              substring(&primary;, 1, 1))]"/>
  <xsl:variable name="others"
      select="$terms[not(contains(concat(&lowercase;, &uppercase;),
                                  substring(&primary;, 1, 1)))]"/>
  <div class="index" xmlns:xlink="http://www.w3.org/1999/xlink">
    <xsl:if test="$others">
      <div class="indexdiv">
        <h3>
          <xsl:call-template name="gentext">
            <xsl:with-param name="key" select="'index symbols'"/>
          </xsl:call-template>
        </h3>
        <dl>
          <xsl:apply-templates select="$others" mode="index-symbol-div">
            <xsl:with-param name="scope" select="$scope"/>
            <xsl:with-param name="role" select="$role"/>
            <xsl:with-param name="type" select="$type"/>
            <xsl:sort select="translate(&primary;, &lowercase;, &uppercase;)"/>
          </xsl:apply-templates>
        </dl>
      </div>
    </xsl:if>
    <xsl:apply-templates select="$alphabetical" mode="index-div-basic">
      <xsl:with-param name="scope" select="$scope"/>
      <xsl:with-param name="role" select="$role"/>
      <xsl:with-param name="type" select="$type"/>
      <xsl:sort select="translate(&primary;, &lowercase;, &uppercase;)"/>
    </xsl:apply-templates>
  </div>
</xsl:template>

<!-- A letter: its heading, then each of its terms once, in order. -->
<xsl:template match="d:indexterm" mode="index-div-basic">
  <xsl:param name="scope" select="."/>
  <xsl:param name="role" select="''"/>
  <xsl:param name="type" select="''"/>
  <xsl:variable name="key"
      select="translate(substring(&primary;, 1, 1), &lowercase;, &uppercase;)"/>
  <div class="indexdiv">
    <xsl:if test="contains(concat(&lowercase;, &uppercase;), $key)">
      <h3>
        <xsl:value-of select="translate($key, &lowercase;, &uppercase;)"/>
      </h3>
    </xsl:if>
    <dl>
      <xsl:call-template name="cp.index.terms">
        <xsl:with-param name="key" select="$key"/>
        <xsl:with-param name="scope" select="$scope"/>
        <xsl:with-param name="role" select="$role"/>
        <xsl:with-param name="type" select="$type"/>
      </xsl:call-template>
    </dl>
  </div>
</xsl:template>

<!-- The terms under "Symbols" that begin with the same character. -->
<xsl:template match="d:indexterm" mode="index-symbol-div">
  <xsl:param name="scope" select="/"/>
  <xsl:param name="role" select="''"/>
  <xsl:param name="type" select="''"/>
  <xsl:call-template name="cp.index.terms">
    <xsl:with-param name="key"
        select="translate(substring(&primary;, 1, 1),
                          &lowercase;, &uppercase;)"/>
    <xsl:with-param name="scope" select="$scope"/>
    <xsl:with-param name="role" select="$role"/>
    <xsl:with-param name="type" select="$type"/>
  </xsl:call-template>
</xsl:template>

<!-- Each term of the letter key once (its first index term), sorted,
     through docbook-xsl's index-primary. -->
<xsl:template name="cp.index.terms">
  <xsl:param name="key"/>
  <xsl:param name="scope"/>
  <xsl:param name="role"/>
  <xsl:param name="type"/>
  <xsl:apply-templates
      select="key('letter', $key)
              [($cp.key-first
                and count(. | cp:key-first('primary', &primary;)) = 1)
               or (not($cp.key-first)
                   and count(. | key('primary', &primary;)[1]) = 1)]"
      mode="index-primary">
    <xsl:with-param name="scope" select="$scope"/>
    <xsl:with-param name="role" select="$role"/>
    <xsl:with-param name="type" select="$type"/>
    <xsl:sort select="translate(&primary;, &lowercase;, &uppercase;)"/>
  </xsl:apply-templates>
</xsl:template>

</xsl:stylesheet>
