/* SPDX-License-Identifier: MIT */
/*
 * test_html.c - html_to_lines(): HTML as a browser shows it, one rule a
 * group, with snippets as Outlook, Gmail and Thunderbird write them.
 * Expected lines are written "N:text" (unquoted) or "N>text" (quoted).
 */
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "html.h"
#include "t.h"
#include "text.h"

static const struct {
	const char *in;
	const char *want;
} cases[] = {
	/* Thunderbird: <br> ends a line, a leading &nbsp; is a space */
	{"<p>Entity: UNODC<br>Mandate: X<br>Summary: first<br>&nbsp;continued"
	    "</p>",
	    "1:Entity: UNODC\n2:Mandate: X\n3:Summary: first\n4: continued\n"},
	/* Thunderbird, body mode, with its signature */
	{"<html><head><meta http-equiv=\"content-type\" content=\"text/html; "
	    "charset=UTF-8\"></head><body>\n<p>Entity: X<br>\nMandate: Y<br>"
	    "\n</p>\n<p><br>\n</p>\n<p>Entity: Z</p>\n<div class=\"moz-"
	    "signature\">-- <br>\nName</div>\n</body></html>\n",
	    "1:Entity: X\n2:Mandate: Y\n3:\n4:Entity: Z\n5:--\n6:Name\n"},
	/* Gmail: nested divs, <div><br></div> is one empty line */
	{"<div dir=\"ltr\">Entity: ITU<div>Mandate: Y</div><div><br></div>"
	    "<div>Entity: ITU</div><div>Mandate: Z</div><div>&nbsp; &nbsp;"
	    "two</div></div>",
	    "1:Entity: ITU\n2:Mandate: Y\n3:\n4:Entity: ITU\n5:Mandate: Z\n"
	    "6:   two\n"},
	/* Outlook: head and style hold no text, MsoNormal paragraphs,
	 * <o:p>&nbsp;</o:p> paragraphs are empty lines, source line breaks
	 * inside a paragraph are spaces */
	{"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head>"
	    "<meta http-equiv=Content-Type content=\"text/html; charset=utf-8\">"
	    "<style><!--\np.MsoNormal {margin:0cm;}\n--></style><!--[if gte mso"
	    " 9]><xml><o:shapedefaults v:ext=\"edit\" spidmax=\"1026\" /></xml>"
	    "<![endif]--></head><body lang=EN-US link=\"#0563C1\"><div class="
	    "WordSection1><p class=MsoNormal>Dear colleagues,<o:p></o:p></p>\r\n"
	    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n<p class=MsoNormal>"
	    "Entity: UNODC<o:p></o:p></p>\r\n<p class=MsoNormal>Mandate: "
	    "CCPCJ-22/8<o:p></o:p></p>\r\n<p class=MsoNormal><span lang=EN-GB>"
	    "Summary: Requests UNODC to\r\ndevelop<o:p></o:p></span></p>\r\n"
	    "<p class=MsoNormal>&nbsp;a repository.<o:p></o:p></p>\r\n<p "
	    "class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n<p class=MsoNormal>Best "
	    "regards<o:p></o:p></p></div></body></html>",
	    "1:Dear colleagues,\n2:\n3:Entity: UNODC\n4:Mandate: CCPCJ-22/8\n"
	    "5:Summary: Requests UNODC to develop\n6: a repository.\n7:\n"
	    "8:Best regards\n"},
	/* white space collapses, dropped at both ends of a line */
	{"<p>  a \t b\n\n c  </p>", "1:a b c\n"},
	{"<p>a\r\nb</p>", "1:a b\n"},
	{"   \n ", ""},
	{"", ""},
	{"plain text only", "1:plain text only\n"},
	/* &nbsp; is a space that does not collapse and is not dropped;
	 * a line of &nbsp; only is empty */
	{"<p>a&nbsp;&nbsp;b&nbsp; c &nbsp;</p>", "1:a  b  c  \n"},
	{"<p>&nbsp;&nbsp;</p><p>&nbsp; &nbsp;</p>", "1:\n2:\n"},
	{"a<br>&nbsp;b<br> &nbsp;c", "1:a\n2: b\n3: c\n"},
	/* a block holding only white space, &nbsp; or <br> is one empty
	 * line; an empty block too */
	{"<p>a</p><p> </p><p>b</p><div></div><p>c</p><div>\n<br>\n</div>"
	    "<p>d</p>", "1:a\n2:\n3:b\n4:\n5:c\n6:\n7:d\n"},
	/* <br> ends a line; a last <br> in a block adds no line */
	{"a<br>b<br><br>c", "1:a\n2:b\n3:\n4:c\n"},
	{"<div>a<br></div><div>b</div>", "1:a\n2:b\n"},
	{"<div>a<br><br></div><div>b</div>", "1:a\n2:\n3:b\n"},
	{"<div><br>a</div>", "1:\n2:a\n"},
	/* block elements */
	{"<h1>Title</h1>text<h2>Sub</h2><h6>x</h6>",
	    "1:Title\n2:text\n3:Sub\n4:x\n"},
	{"<ul><li>one</li><li>two<ol><li>three</ol></ul>after",
	    "1:one\n2:two\n3:three\n4:after\n"},
	{"<dl><dt>a</dt><dd>b</dd></dl><address>c</address><center>d"
	    "</center><section><article><header>e</header><footer>f</footer>"
	    "</article></section><form>g</form>",
	    "1:a\n2:b\n3:c\n4:d\n5:e\n6:f\n7:g\n"},
	{"a<hr>b", "1:a\n2:\n3:b\n"},
	{"<div>a<div>b</div>c</div>", "1:a\n2:b\n3:c\n"},
	{"<p>a<p>b<div>c", "1:a\n2:b\n3:c\n"},
	/* inline elements add nothing */
	{"<p>a<span>b</span><b>c</b> <a href=\"x\">d</a><font color=red>e"
	    "</font><o:p></o:p><i>f</i></p>", "1:abc def\n"},
	/* head, title, style, script hold no text */
	{"<html><head><title>T</title><style>p {color: red}</style></head>"
	    "<body><script>var x = 1;</script><p>a</p><style>q{}</style>"
	    "</body></html>", "1:a\n"},
	/* entities decoded */
	{"<p>A &amp; B &lt;c&gt; &eacute; &#233; &#x263A; &quot;</p>",
	    "1:A & B <c> \xc3\xa9 \xc3\xa9 \xe2\x98\xba \"\n"},
	/* UTF-8 kept as is; a <meta charset> does not change decoding */
	{"<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9 \xc2\xa0x</p>",
	    "1:caf\xc3\xa9  x\n"},
	/* pre keeps white space and line ends (not the first newline) */
	{"<pre>\nline 1\n  indented\n\n\tx</pre><p>after</p>",
	    "1:line 1\n2:  indented\n3:\n4:\tx\n5:after\n"},
	{"<pre>a  b\n</pre>", "1:a  b\n"},
	/* table cells of one row: separated by one space */
	{"<table><tr><td>Entity:</td><td>UNODC</td></tr><tr><th>a</th>"
	    "<td></td><td> b </td></tr></table>", "1:Entity: UNODC\n2:a b\n"},
	{"<table><tr><td><p>A</p></td><td><p>B</p></td></tr></table>",
	    "1:A\n2:B\n"},
	{"<table><tr><td><div>Entity: X</div><div>Mandate: Y</div></td></tr>"
	    "</table>", "1:Entity: X\n2:Mandate: Y\n"},
	/* blockquote is quote */
	{"<p>new</p><blockquote type=\"cite\"><p>Entity: old</p><p>Mandate: x"
	    "</p><div><br></div></blockquote><p>after</p>",
	    "1:new\n2>Entity: old\n3>Mandate: x\n4>\n5:after\n"},
	{"<blockquote>a<blockquote>b</blockquote>c</blockquote>d",
	    "1>a\n2>b\n3>c\n4:d\n"},
	/* Gmail reply */
	{"<div dir=\"ltr\">Entity: ITU</div><br><div class=\"gmail_quote\">"
	    "<div dir=\"ltr\" class=\"gmail_attr\">On Mon, X wrote:<br></div>"
	    "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px "
	    "0.8ex\">Entity: ITU<br>Mandate: old</blockquote></div>",
	    "1:Entity: ITU\n2:\n3:On Mon, X wrote:\n4>Entity: ITU\n"
	    "5>Mandate: old\n"},
	/* Outlook desktop reply header: top-bordered div, From: */
	{"<div class=WordSection1><p class=MsoNormal>Entity: X<o:p></o:p></p>"
	    "<p class=MsoNormal><o:p>&nbsp;</o:p></p><div><div style='border:"
	    "none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
	    "<p class=MsoNormal><b>From:</b> Someone &lt;a@b&gt; <br><b>Sent:"
	    "</b> Monday<o:p></o:p></p></div></div><p class=MsoNormal>"
	    "Entity: Old<o:p></o:p></p></div>",
	    "1:Entity: X\n2:\n3>From: Someone <a@b>\n4>Sent: Monday\n"
	    "5>Entity: Old\n"},
	/* a French Outlook's reply header: De : */
	{"<div class=WordSection1><p class=MsoNormal>Entity: X<o:p></o:p></p>"
	    "<div style='border:none;border-top:solid #E1E1E1 1.0pt'>"
	    "<p class=MsoNormal><b>De&nbsp;:</b> Someone<br><b>Envoy&eacute;&nbsp;:"
	    "</b> lundi</p></div><p class=MsoNormal>Entity: Old</p></div>",
	    "1:Entity: X\n2>De : Someone\n3>Envoy\xc3\xa9 : lundi\n"
	    "4>Entity: Old\n"},
	{"<p>Entity: X</p><hr><p><b>\xd0\x9e\xd1\x82:</b> A</p><p>Entity: Old</p>",
	    "1:Entity: X\n2>\n3>\xd0\x9e\xd1\x82: A\n4>Entity: Old\n"},
	/* Outlook on the web: <hr> then divRplyFwdMsg */
	{"<p>Entity: X</p><hr style=\"display:inline-block;width:98%\" "
	    "tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\"><font "
	    "face=\"Calibri\"><b>From:</b> A<br><b>Sent:</b> B</font><div>"
	    "&nbsp;</div></div><p>Entity: Old</p>",
	    "1:Entity: X\n2>\n3>From: A\n4>Sent: B\n5>\n6>Entity: Old\n"},
	{"<p>a</p><div id=\"divRplyFwdMsg\">x</div><p>b</p>",
	    "1:a\n2>x\n3>b\n"},
	/* <hr> and a bordered div not followed by From: are no reply */
	{"a<hr><p>b</p><p>From: x</p>", "1:a\n2:\n3:b\n4:From: x\n"},
	{"<div style=\"border-top: solid 1px\">x</div><p>From: y</p>",
	    "1:x\n2:From: y\n"},
	{"<hr><p>from: x</p><p>y</p>", "1>\n2>from: x\n3>y\n"},
	/* broken markup is rendered as far as it goes */
	{"Hello <b>world</b> <<< & broken </div></span> <p>x",
	    "1:Hello world <<< & broken\n2:x\n"},
};

static char *
show(const struct text_lines *tl)
{
	struct cp_buf b = {0};
	size_t i;

	for (i = 0; i < tl->n; i++)
		cp_buf_addf(&b, "%u%c%s\n", tl->v[i].lineno,
		    tl->v[i].quoted ? '>' : ':', tl->v[i].text);
	return cp_buf_detach(&b);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct text_lines out = {0};
		struct cp_strlist errors = {0};
		enum cp_status st;
		char *got, what[64];

		snprintf(what, sizeof(what), "case %zu", i);
		st = html_to_lines(cases[i].in, strlen(cases[i].in), &out,
		    &errors);
		T_INTEQ(st, CP_OK, what);
		T_INTEQ(errors.n, 0, what);
		got = show(&out);
		T_STREQ(got, cases[i].want, what);
		free(got);
		text_lines_free(&out);
		cp_strlist_free(&errors);
	}

	/* Lengths are exact, and the text is not read past len. */
	{
		struct text_lines out = {0};
		struct cp_strlist errors = {0};
		const char html[] = "<p>ab</p><p>NOT READ</p>";

		T_INTEQ(html_to_lines(html, 9, &out, &errors), CP_OK, "len");
		T_INTEQ(out.n, 1, "len: lines");
		T_STREQ(out.n ? out.v[0].text : NULL, "ab", "len: text");
		T_INTEQ(out.n ? out.v[0].len : 0, 2, "len: len");
		text_lines_free(&out);
		cp_strlist_free(&errors);
	}
	return t_done("html");
}
