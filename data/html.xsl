<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: MIT
     html.xsl - compendium's customization layer for the one-page HTML
     (render, format html): Debian's docbook-xsl-ns html/docbook.xsl,
     imported by its catalog URI, and html-common.xsl.  The page is
     whole by itself: render.c passes compendium.css in the parameter
     cp.css and it goes into a <style> element. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:d="http://docbook.org/ns/docbook"
                exclude-result-prefixes="d">

<xsl:import href="http://docbook.sourceforge.net/release/xsl-ns/current/html/docbook.xsl"/>
<xsl:include href="html-common.xsl"/>

<xsl:output method="html" encoding="UTF-8" indent="no"
            doctype-system="about:legacy-compat"/>

<xsl:param name="cp.css" select="''"/>

<xsl:template name="cp.head.style">
  <xsl:if test="$cp.css != ''">
    <style><xsl:value-of select="$cp.css" disable-output-escaping="yes"/></style>
  </xsl:if>
</xsl:template>

</xsl:stylesheet>
