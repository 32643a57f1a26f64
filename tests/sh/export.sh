# SPDX-License-Identifier: MIT
# compendium export and render (SPEC §6): every document written here is
# validated against the DocBook 5.0 RELAX NG schema with jing and with
# xmllint, then its content checked with XPath.
. "$(dirname "$0")/lib.sh"

RNG=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }

if [ ! -f "$RNG" ] || ! command -v xmllint >/dev/null; then
	echo "export: the DocBook 5.0 schema (docbook5-xml) or xmllint is" \
		"missing: run scripts/deps" >&2
	exit 1
fi
have_jing=0
command -v jing >/dev/null && have_jing=1

# valid FILE: FILE is DocBook 5.0 by both validators.
valid() {
	if xmllint --noout --relaxng "$RNG" "$1" 2>"$T/xmllint.err"; then
		ok
	else
		not_ok "xmllint --relaxng: $1"
		head -20 "$T/xmllint.err" >&2
	fi
	if [ "$have_jing" = 1 ]; then
		# jing's launcher warns about optional jars on stderr; its
		# findings are on stdout.
		if jing "$RNG" "$1" >"$T/jing.out" 2>/dev/null; then
			ok
		else
			not_ok "jing: $1"
			head -20 "$T/jing.out" >&2
		fi
	fi
}

# xp FILE EXPR: xmllint --xpath, with db:NAME for a DocBook element.
xp() {
	expr=$(printf '%s' "$2" | sed -e 's/@xlink:href/@*[local-name()="href"]/g' \
		-e 's/db:\([a-z]*\)/*[local-name()="\1"]/g')
	xmllint --xpath "$expr" "$1" 2>/dev/null
}

# xp_is FILE EXPR WANT
xp_is() {
	got=$(xp "$1" "$2")
	expect_eq "$got" "$3" "$(basename "$1"): $2"
}

# export NAME ARGS...: export to $T/NAME.xml, expect success, validate.
export_ok() {
	name=$1
	shift
	expect_rc 0 C export -o "$T/$name.xml" "$@"
	valid "$T/$name.xml"
}

# -- usage --
expect_rc 0 "$COMPENDIUM" export --help
expect_in "$T/out" "usage: compendium export"
expect_rc 0 "$COMPENDIUM" render --help
expect_in "$T/out" "usage: compendium render"
expect_rc 2 C export --at yesterday
expect_rc 2 C export --changes-since nope
expect_rc 2 C export --stale-years -3
expect_rc 2 C export extra
expect_rc 2 C render --format doc

# -- an empty database --
expect_rc 0 C init
export_ok empty
E="$T/empty.xml"
xp_is "$E" 'string(/db:book/@version)' 5.0
xp_is "$E" 'string(/db:book/db:info/db:title)' \
	'Compendium of United Nations mandates on cybersecurity and cybercrime'
xp_is "$E" 'string(/db:book/db:info/db:edition)' 0
xp_is "$E" 'count(/db:book/db:info/db:revhistory)' 0
xp_is "$E" 'count(//db:chapter)' 0
xp_is "$E" 'count(/db:book/db:preface[@xml:id="preface"]/db:programlisting)' 2
xp_is "$E" 'count(//db:row[@role="total"]/db:entry[.="0"])' 5
xp_is "$E" 'count(//*[@xml:id="gaps.uncovered"]//db:listitem)' 5
xp_is "$E" 'count(//*[@xml:id="gaps.themes"]//db:listitem)' 8
# standard output, and the pubdate of --at
expect_rc 0 C export --at 2025-06-30
xp_is "$T/out" 'string(//db:info/db:pubdate)' 2025-06-30
expect_rc 0 env COMPENDIUM_NOW=2027-02-03T04:05:06Z "$COMPENDIUM" \
	--db "$DB" export
xp_is "$T/out" 'string(//db:info/db:pubdate)' 2027-02-03

# -- the example mail, in two sittings --
export COMPENDIUM="$COMPENDIUM"
"$CP_SRC/examples/entities" --db "$DB" >/dev/null || not_ok "entities"
export COMPENDIUM_NOW=2019-05-01T10:00:00Z
mails=$(ls "$CP_SRC"/examples/mail/*.eml)
first=$(printf '%s\n' "$mails" | head -19)
rest=$(printf '%s\n' "$mails" | tail -n +20)
# shellcheck disable=SC2086
expect_rc 1 C ingest $first # 14 is rejected
export COMPENDIUM_NOW=2026-01-02T03:04:05Z
# shellcheck disable=SC2086
expect_rc 0 C ingest $rest
expect_rc 0 C held
held=$(head -1 "$T/out" | cut -f1)
expect_rc 0 C accept "$held"
expect_in "$T/out" "change 28"

export_ok now
N="$T/now.xml"
xp_is "$N" 'string(//db:info/db:edition)' 28
xp_is "$N" 'string(//db:info/db:pubdate)' 2026-01-02
xp_is "$N" 'count(/db:book/db:info/db:revhistory/db:revision)' 2
xp_is "$N" 'string(/db:book/db:info/db:revhistory/db:revision[1]/db:revnumber)' 28
xp_is "$N" 'string(/db:book/db:info/db:revhistory/db:revision[1]/db:date)' '2 January 2026'
xp_is "$N" 'string(/db:book/db:info/db:revhistory/db:revision[2]/db:revnumber)' 24
xp_is "$N" 'count(//db:chapter)' 15
xp_is "$N" 'count(//db:section[@role="entry"])' 21
xp_is "$N" 'string(//db:chapter[1]/@xml:id)' entity.escwa
xp_is "$N" 'string(//db:chapter[@xml:id="entity.unodc"]/db:title)' \
	'United Nations Office on Drugs and Crime (UNODC)'
xp_is "$N" 'string(//db:chapter[last()]/@xml:id)' entity.worldbank
# entries by adoption date (a partial date is its first day), none last
xp_is "$N" 'string(//db:chapter[@xml:id="entity.unodc"]/db:section[1]/@xml:id)' \
	entry.unodc.GA-65_2F230
xp_is "$N" 'string(//db:chapter[@xml:id="entity.unodc"]/db:section[2]/@xml:id)' \
	entry.unodc.MOU-ITU-2011
xp_is "$N" 'string(//db:chapter[@xml:id="entity.unodc"]/db:section[3]/@xml:id)' \
	entry.unodc.CCPCJ-22_2F8
xp_is "$N" 'string(//db:chapter[@xml:id="entity.ohchr"]/db:section[1]/@xml:id)' \
	entry.ohchr.HRC-20_2F8
xp_is "$N" 'string(//db:chapter[@xml:id="entity.ohchr"]/db:section[2]/@xml:id)' \
	entry.ohchr.GA-68_2F167
# every field of an entry, links as xlink:href, the summary as paragraphs
S='//db:section[@xml:id="entry.unodc.CCPCJ-22_2F8"]'
xp_is "$N" "string($S/db:title)" 'Central data repository on cybercrime'
xp_is "$N" "count($S/db:revhistory/db:revision)" 2
xp_is "$N" "string($S/db:revhistory/db:revision[1]/db:revnumber)" 2
xp_is "$N" "string($S/db:revhistory/db:revision[1]/db:author/db:orgname)" UNODC
xp_is "$N" "count($S//db:varlistentry[@role=\"areas\"]//db:member)" 4
xp_is "$N" "string($S//db:varlistentry[@role=\"adopted\"]//db:date)" '26 April 2013'
xp_is "$N" "count($S//db:link[@xlink:href])" 2
xp_is "$N" "count($S/db:para)" 2
xp_is "$N" "count($S//db:varlistentry[@role=\"instrument\"])" 1
xp_is "$N" "count($S//db:varlistentry[@role=\"themes\"]//db:member)" 3
xp_is "$N" 'count(//db:section[@xml:id="entry.iaea.NSS-17"]//db:revision)' 2
xp_is "$N" 'count(//db:section[@xml:id="entry.itu.WSIS-C5"]/db:para)' 3
# the withdrawn entry is not in the current edition
xp_is "$N" 'count(//*[@xml:id="entry.itu.MOU-UNODC-2011"])' 0
# the matrix: a row per entity, empty cells, the totals
M='//db:table[@xml:id="matrix.table"]'
xp_is "$N" "count($M/db:tgroup/db:tbody/db:row)" 16
xp_is "$N" "count($M/db:tgroup/db:thead/db:row/db:entry)" 6
xp_is "$N" "string($M//db:row[db:entry[1]=\"UNODC\"]/db:entry[6])" 2
xp_is "$N" "string($M//db:row[db:entry[1]=\"ITU\"]/db:entry[4])" 3
xp_is "$N" "string($M//db:row[db:entry[1]=\"ITU\"]/db:entry[2])" ''
xp_is "$N" "count($M//db:row[db:entry[1]=\"FAO\"]/db:entry[not(node())])" 4
xp_is "$N" "string($M//db:row[@role=\"total\"])" 'Total91111112'
# the gap report
xp_is "$N" 'count(//*[@xml:id="gaps.uncovered"]//db:listitem)' 0
xp_is "$N" 'string(//*[@xml:id="gaps.single"]//db:listitem)' \
	'E. Cooperation among stakeholders (UNODC)'
xp_is "$N" 'count(//*[@xml:id="gaps.no-entries"]//db:listitem)' 0
xp_is "$N" 'string(//*[@xml:id="gaps.themes"]//db:listitem)' health
# entries last changed in 2019: not amended for more than 5 years
xp_is "$N" 'count(//*[@xml:id="gaps.stale"]//db:listitem)' 18
xp_is "$N" 'count(//*[@xml:id="gaps.stale"]//db:link[@linkend="entry.unodc.GA-65_2F230"])' 1
export_ok stale10 --stale-years 10
xp_is "$T/stale10.xml" 'count(//*[@xml:id="gaps.stale"]//db:listitem)' 0
export_ok stale0 --stale-years 0
xp_is "$T/stale0.xml" 'count(//*[@xml:id="gaps.stale"])' 0

# -- --at: before and after the second sitting --
export_ok before --at 2019-05-01
B="$T/before.xml"
xp_is "$B" 'string(//db:info/db:edition)' 24
xp_is "$B" 'string(//db:info/db:pubdate)' 2019-05-01
xp_is "$B" 'count(//db:section[@role="entry"])' 22
xp_is "$B" 'count(//*[@xml:id="entry.itu.MOU-UNODC-2011"])' 1
xp_is "$B" 'count(//db:section[@xml:id="entry.iaea.NSS-17"]//db:revision)' 1
xp_is "$B" 'string(//db:table//db:row[db:entry[1]="ITU"]/db:entry[6])' 1
xp_is "$B" 'count(//*[@xml:id="gaps.single"]//db:listitem)' 0
xp_is "$B" 'count(//*[@xml:id="gaps.stale"]//db:listitem)' 0
xp_is "$B" 'string(//db:section[@xml:id="entry.ohchr.GA-68_2F167"]//db:varlistentry[@role="adopted"]//db:date)' \
	'December 2013'
export_ok before-time --at 2019-05-01T09:59:59Z
xp_is "$T/before-time.xml" 'string(//db:info/db:edition)' 0
xp_is "$T/before-time.xml" 'count(//db:chapter)' 0
xp_is "$T/before-time.xml" 'count(//*[@xml:id="gaps.no-entries"]//db:listitem)' 15
export_ok after --at 2026-01-02
cmp -s "$T/after.xml" "$N" && ok || not_ok "--at today differs from now"

# -- --changes-since: every change since, with its diff --
export_ok since --changes-since 2026-01-01
SI="$T/since.xml"
xp_is "$SI" 'count(//db:appendix[@xml:id="changes"]/db:section)' 4
xp_is "$SI" 'string(//db:appendix[@xml:id="changes"]/db:section[1]/@xml:id)' \
	change.25
xp_is "$SI" 'count(//*[@xml:id="change.25"]//db:varlistentry[@role="status"])' 1
xp_is "$SI" 'count(//*[@xml:id="change.28"]//db:phrase[@revisionflag="added"]) > 0' true
xp_is "$SI" 'string(//*[@xml:id="change.27"]//db:varlistentry[db:term="Adopted"]//db:phrase[@revisionflag="added"])' \
	'2013-12-18'
export_ok since-none --changes-since 2026-01-03
xp_is "$T/since-none.xml" 'count(//db:appendix[@xml:id="changes"]/db:section)' 0
export_ok since-all --changes-since 2000-01-01 --at 2019-12-31
xp_is "$T/since-all.xml" 'count(//db:appendix[@xml:id="changes"]/db:section)' 24

# -- the configuration: address and expected themes --
cat >"$T/c.conf" <<EOF
[export]
address = updates@compendium.example
expected_themes = health; Criminal Justice; space law
stale_years = 1
EOF
expect_rc 0 "$COMPENDIUM" -c "$T/c.conf" --db "$DB" export -o "$T/conf.xml"
valid "$T/conf.xml"
xp_is "$T/conf.xml" 'string(//db:preface//db:email)' updates@compendium.example
xp_is "$T/conf.xml" 'count(//*[@xml:id="gaps.themes"]//db:listitem)' 2
xp_is "$T/conf.xml" 'string(//*[@xml:id="gaps.themes"]//db:listitem[2])' \
	'space law'
xp_is "$T/conf.xml" 'string(//*[@xml:id="gaps.stale"]/db:title)' \
	'Entries not amended for more than 1 year'

# -- -o: whole or nothing --
echo "old" >"$T/keep.xml"
expect_rc 1 "$COMPENDIUM" --db "$T/missing.db" export -o "$T/keep.xml"
expect_eq "$(cat "$T/keep.xml")" old "a failed export keeps the old file"
expect_rc 1 C export -o "$T/no/such/dir/x.xml"
expect_eq "$(ls "$T" | grep -c tmp)" 0 "temporary files left"

# -- render: HTML with every entry title, offline --
expect_rc 0 C render -o "$T/now.html"
xp "$N" '//db:section[@role="entry"]/db:title' |
	sed 's/<[^>]*>/\n/g' | grep -v '^$' >"$T/titles"
expect_eq "$(wc -l <"$T/titles")" 21 "entry titles"
if python3 - "$T/titles" "$T/now.html" <<'PY'
import html, sys
titles = [html.unescape(l.rstrip("\n")) for l in open(sys.argv[1])]
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
missing = [t for t in titles if t not in page]
print("\n".join(missing))
sys.exit(1 if missing else 0)
PY
then ok; else not_ok "HTML lacks entry titles"; fi
expect_in "$T/now.html" 'id="entry.unodc.CCPCJ-22_2F8"'
expect_in "$T/now.html" 'charset=UTF-8'
expect_rc 0 C render --format html --at 2019-05-01
expect_in "$T/out" 'MOU-UNODC-2011'
# no network: with catalogs that do not know the stylesheets, nothing is
# fetched and the error says so
expect_rc 1 env XML_CATALOG_FILES="$T/none.xml" "$COMPENDIUM" --db "$DB" \
	render -o "$T/x.html"
expect_in "$T/err" "docbook-xsl-ns"
[ ! -e "$T/x.html" ] && ok || not_ok "render left a file behind"
if command -v strace >/dev/null; then
	# LeakSanitizer cannot run under ptrace
	ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=network -o "$T/strace" \
		"$COMPENDIUM" --db "$DB" \
		render -o "$T/s.html" >/dev/null 2>&1
	if grep -qE 'socket\(AF_INET|connect\(' "$T/strace"; then
		not_ok "render used the network"
		cat "$T/strace" >&2
	else
		ok
	fi
fi
if command -v fop >/dev/null; then
	expect_rc 0 C render --format pdf -o "$T/now.pdf"
	expect_eq "$(head -c 4 "$T/now.pdf")" '%PDF' "PDF"
else
	expect_rc 1 C render --format pdf -o "$T/now.pdf"
	expect_in "$T/err" "Apache FOP"
	[ ! -e "$T/now.pdf" ] && ok || not_ok "a PDF without fop"
fi

# -- hostile text: what can get in through mail --
export COMPENDIUM_NOW=2026-02-01T00:00:00Z
H="$T/h.db"
DB="$H" # for C and export_ok
HC() { "$COMPENDIUM" --db "$H" "$@"; }
expect_rc 0 HC init
expect_rc 0 HC entity add X-1 --name '<script>alert("x")</script> & ]]> <!DOCTYPE x [<!ENTITY e "e">]>'
expect_rc 0 HC entity add Empty --name "No entries 'here'"
expect_rc 0 HC focal-point add X-1 f@x.example
python3 - "$T/h.eml" <<'PY'
import sys
big = ("word " * 13000)[:65000]          # a 64 KiB field (the limit)
long_word = "a" * 20000                  # no break opportunity
rtl = "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u202eevil\u202c \u200f"
body = f"""Entity: X-1
Mandate: A_B/C.D-1
Title: ]]> <!DOCTYPE t [<!ENTITY x "y">]> &amp; &lt; <script>"'</script> \ufffd
Instrument: {long_word}
Adopted: 2020
Areas: legal
Themes: ]]>; <b>bold</b>; "quoted"; {rtl}; &
URL: https://x.example/a?b=1&c='d'#e%7Bf%7D%7Cg
 https://x.example/\u00e9t\u00e9
Summary: {big}
 .
 {rtl} ]]> & < > " '
Reason: <!-- not a comment --> <?pi?> ]]>

Entity: X-1
Mandate: _/./_
Title: {rtl}
Summary: x
"""
msg = ("From: f@x.example\nTo: c@x.example\nSubject: hostile\n"
       "Message-ID: <h1@x.example>\nMIME-Version: 1.0\n"
       "Content-Type: text/plain; charset=utf-8\n"
       "Content-Transfer-Encoding: 8bit\n\n" + body)
open(sys.argv[1], "w", encoding="utf-8").write(msg)
PY
expect_rc 0 HC ingest "$T/h.eml"
export_ok hostile
HX="$T/hostile.xml"
expect_eq "$(wc -c <"$T/err")" 0 "nothing replaced in text that came in"
xp_is "$HX" 'count(//db:section[@role="entry"])' 2
xp_is "$HX" 'string(//db:chapter/@xml:id)' entity.x-1
xp_is "$HX" 'count(//*[@xml:id="entry.x-1.A_5FB_2FC.D-1"])' 1
xp_is "$HX" 'count(//*[@xml:id="entry.x-1._5F_2F._2F_5F"])' 1
xp_is "$HX" 'string(//db:chapter/db:title)' \
	'<script>alert("x")</script> & ]]> <!DOCTYPE x [<!ENTITY e "e">]> (X-1)'
xp_is "$HX" 'string(//*[@xml:id="entry.x-1.A_5FB_2FC.D-1"]/db:title)' \
	"]]> <!DOCTYPE t [<!ENTITY x \"y\">]> &amp; &lt; <script>\"'</script> $(printf '\357\277\275')"
xp_is "$HX" 'string-length(//*[@xml:id="entry.x-1.A_5FB_2FC.D-1"]/db:para[1])' 64999
xp_is "$HX" 'string-length(//db:varlistentry[@role="instrument"]//db:para)' 20000
xp_is "$HX" 'string((//db:link)[1]/@xlink:href)' \
	"https://x.example/a?b=1&c='d'#e%7Bf%7D%7Cg"
xp_is "$HX" 'string((//db:link)[2]/@xlink:href)' \
	'https://x.example/%C3%A9t%C3%A9'
xp_is "$HX" 'string((//db:link)[2])' "https://x.example/$(printf '\303\251t\303\251')"
xp_is "$HX" 'count(//*[@xml:id="gaps.no-entries"]//db:listitem)' 1
grep -q '<!DOCTYPE' "$HX" && not_ok "a raw <!DOCTYPE in the output" || ok
grep -q ']]>' "$HX" && not_ok "a raw ]]> in the output" || ok
expect_rc 0 HC render -o "$T/hostile.html"
grep -q '<script>' "$T/hostile.html" && not_ok "raw <script> in HTML" || ok

# what cannot get in through mail, put straight into the database: the
# exporter replaces it and says so
sqlite3 "$H" "UPDATE revision SET title = 'nul' || char(1) || 'esc' ||
	char(27) || 'bad' || CAST(X'FF' AS TEXT) || 'fffe' || char(65534) ||
	'c1' || char(133) WHERE id = 2;
	UPDATE entity SET name = 'bell' || char(7) WHERE code = 'Empty';
	UPDATE revision SET urls = 'https://www.un.org/growth-50%' || char(10) ||
	'https://[zz]/' || char(10) || 'https://un.org/ok' WHERE id = 1;" ||
	not_ok "sqlite3"
export_ok tampered
expect_in "$T/err" "X-1/_/./_: 5 characters XML cannot carry replaced with U+FFFD"
# URLs that are no URI (put in by hand; ingest refuses them): text, not
# links, and said so; the document stays valid (export_ok validates it)
expect_in "$T/err" "a URL that is no URI (a % not followed by two hex digits) written as text"
expect_in "$T/err" "a URL that is no URI (not an IPv6 address between [ ]) written as text"
xp_is "$T/tampered.xml" 'count(//db:link[@xlink:href="https://un.org/ok"])' 1
xp_is "$T/tampered.xml" 'count(//db:link[contains(@xlink:href, "growth")])' 0
xp_is "$T/tampered.xml" 'count(//db:para[. = "https://www.un.org/growth-50%"])' 1
expect_in "$T/err" "7 characters that XML cannot carry replaced with U+FFFD in all"
R=$(printf '\357\277\275')
xp_is "$T/tampered.xml" 'string(//*[@xml:id="entry.x-1._5F_2F._2F_5F"]/db:title)' \
	"nul${R}esc${R}bad${R}fffe${R}c1${R}"
expect_rc 0 HC render -o "$T/tampered.html"
expect_in "$T/err" "replaced with U+FFFD"

done_testing
