# SPDX-License-Identifier: MIT
# render (SPEC §6 "A publication, not a dump"): the project's
# customization layer and CSS over docbook-xsl-ns; the one page, the site
# (render --format site -o DIR) and the PDF (FOP with Noto fonts).  The
# pages are opened in headless Chromium by tests/browser/check.py (no
# console error, no sideways scrolling at 375 and 1280 px, every link
# resolves, screenshots in $CP_BUILD/screenshots/); the PDF is read back
# with poppler-utils.  Needs what scripts/deps installs.
. "$(dirname "$0")/lib.sh"
: "${CP_BUILD:?CP_BUILD must name the build tree}"
export USER=${USER:-tester}

DB="$T/c.db"
example_db "$DB"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
# Names in Arabic, Chinese and Russian, for the PDF's fonts.
expect_rc 0 C entity add ARX --name 'الإسكوا للاختبار'
expect_rc 0 C entity add ZHX --name '联合国毒品和犯罪问题办公室'
# 文 shares its glyph with the Kangxi radical ⽂ in Noto CJK: the PDF's
# text must give the ideograph (scripts/noto-cjk-otf).
expect_rc 0 C entity add ZHY --name '联合国教育、科学及文化组织'
expect_rc 0 C entity add RUX --name 'Управление ООН по наркотикам'

# ---- the one page: whole by itself, the CSS inside ----
expect_rc 0 C render --format html -o "$T/one.html" --changes-since 2026-03-10
expect_in "$T/one.html" '<!DOCTYPE html'
expect_in "$T/one.html" 'name="viewport"'
expect_in "$T/one.html" '--measure: 70ch'
expect_in "$T/one.html" 'class="titlepage cp-titlepage"'
expect_in "$T/one.html" 'XII. United Nations Office on Drugs and Crime'
expect_in "$T/one.html" '<del class="deleted">'
expect_in "$T/one.html" '<ins class="added">'
expect_not_in "$T/one.html" 'href="docbook.css"'

# ---- the site ----
expect_rc 2 C render --format site
expect_rc 2 C render --format site -o -
expect_rc 2 C render --format nonsense -o "$T/x"
: >"$T/afile"
expect_rc 1 C render --format site -o "$T/afile"
SITE="$T/pub/deep/site"
expect_rc 0 C render --format site -o "$SITE" --changes-since 2026-03-10
for f in index.html compendium.css preface.html entity.unodc.html \
	entity.un-women.html matrix.html gaps.html changes.html; do
	[ -f "$SITE/$f" ] && ok || not_ok "the site has no $f"
done
expect_in "$SITE/index.html" 'href="compendium.css"'
# The start page is the title page, even when the book's index has the
# xml:id "index" (its page is then subject-index.html).
expect_in "$SITE/index.html" 'class="titlepage cp-titlepage"'
C export -o "$T/site.xml"
if grep -q '<index xml:id="index"' "$T/site.xml"; then
	expect_in "$SITE/subject-index.html" '<title>Index'
	# The index as docbook-xsl writes it (the layer's faster templates):
	# a heading per letter, each theme once, its entries after ", ".
	expect_in "$SITE/subject-index.html" '<h3>C</h3>'
	expect_in "$SITE/subject-index.html" \
		'crime prevention, <a class="indexterm" href="entity.unodc.html#entry.unodc.GA-65_2F230"'
	n=$(grep -o '>crime prevention, ' "$SITE/subject-index.html" | wc -l)
	[ "$n" -eq 1 ] && ok || not_ok "crime prevention is $n times in the index"
	expect_in "$T/one.html" \
		'crime prevention, <a class="indexterm" href="#entry.unodc.GA-65_2F230"'
fi
# Generated ids (render.c's generate-id()) are unique in every page.
if /usr/bin/python3 - "$T/one.html" "$SITE"/*.html <<'EOF'; then
import re, sys
for p in sys.argv[1:]:
    ids = re.findall(r'\sid="([^"]*)"', open(p, encoding="utf-8").read())
    seen = set()
    dup = sorted({i for i in ids if i in seen or seen.add(i)})
    if dup:
        print(p, dup[:5])
        sys.exit(1)
EOF
	ok
else
	not_ok "an id twice in a page"
fi
# Section letters (render.c's cp:rank()) and the index's terms (its
# cp:key-first()) as docbook-xsl's own expressions give them: the same
# pages through xsltproc, where the layer has neither function, but for
# the numbers of generated ids.
expect_in "$SITE/entity.unodc.html" 'class="title">A.'
expect_in "$SITE/entity.unodc.html" 'class="title">B.'
if command -v xsltproc >/dev/null 2>&1; then
	C export --changes-since 2026-03-10 -o "$T/x.xml"
	mkdir -p "$T/xp"
	xsltproc --nonet --stringparam base.dir "$T/xp/" \
		"$CP_SRC/data/site.xsl" "$T/x.xml" >/dev/null 2>"$T/xp.err"
	for f in entity.unodc.html entity.un-women.html subject-index.html; do
		[ -f "$SITE/$f" ] || continue
		if sed -E 's/id[0-9]+/ID/g' "$SITE/$f" >"$T/a.html" &&
			sed -E 's/id[0-9]+/ID/g' "$T/xp/$f" >"$T/b.html" &&
			cmp -s "$T/a.html" "$T/b.html"; then
			ok
		else
			not_ok "$f differs from xsltproc's"
		fi
	done
fi
# A literallayout wraps at spaces (no no-break spaces from docbook-xsl).
expect_in "$SITE/changes.html" '<pre class="literallayout">'
expect_in "$SITE/entity.unodc.html" 'href="index.html"'
expect_in "$SITE/entity.unodc.html" 'id="entry.unodc.GA-65_2F230"'
cmp -s "$SITE/compendium.css" "$CP_SRC/data/compendium.css" && ok ||
	not_ok "compendium.css is not the project's"
# Rendering again over the same directory works (pages replaced).
expect_rc 0 C render --format site -o "$SITE"
# Relative -o DIR.
(cd "$T" && "$COMPENDIUM" --db "$DB" render --format site -o rel >/dev/null 2>&1)
[ -f "$T/rel/index.html" ] && ok || not_ok "relative -o DIR"

# The layer is found through COMPENDIUM_DATADIR; a wrong one is an error.
COMPENDIUM_DATADIR="$T/nowhere" expect_rc 1 C render -o "$T/none.html"
expect_in "$T/err" 'customization layer'
COMPENDIUM_DATADIR="$CP_SRC/data" expect_rc 0 C render -o "$T/src.html"

# ---- in a real browser ----
if /usr/bin/python3 "$CP_SRC/tests/browser/check.py" "$T/one.html" "$SITE" \
	"$CP_BUILD/screenshots" >"$T/browser.out" 2>&1; then
	ok
else
	not_ok "the browser's checks"
fi
sed 's/^/  | /' "$T/browser.out" >&2

# ---- PDF ----
expect_rc 0 C render --format pdf -o "$T/c.pdf" --changes-since 2026-03-10
pdftotext "$T/c.pdf" "$T/c.txt"
expect_in "$T/c.txt" '联合国毒品和犯罪问题办公室'
expect_in "$T/c.txt" '联合国教育、科学及文化组织'
expect_in "$T/c.txt" 'Управление ООН по наркотикам'
# Arabic: pdftotext gives the shaped letters' presentation forms (the
# glyphs of Noto Sans Arabic's cmap); NFKC gives the name back.
/usr/bin/python3 -c 'import sys, unicodedata
print(unicodedata.normalize("NFKC", open(sys.argv[1], encoding="utf-8").read()))' \
	"$T/c.txt" >"$T/c.nfkc"
expect_in "$T/c.nfkc" 'الإسكوا للاختبار'
expect_not_in "$T/c.txt" '#####'
pdffonts "$T/c.pdf" >"$T/fonts"
expect_in "$T/fonts" 'NotoSerif-Regular'
# Arabic in Noto Sans Arabic (the build's copy, its PostScript name
# kept), no DejaVu.
expect_in "$T/fonts" 'NotoSansArabic-Regular'
expect_not_in "$T/fonts" 'DejaVu'
expect_in "$T/fonts" 'NotoSans-Regular'
# Chinese in Noto Sans CJK SC: its CFF names every face of the
# collection NotoSansCJKjp.
expect_in "$T/fonts" 'NotoSansCJKjp-Regular'
expect_in "$T/fonts" 'CID Type 0C'
expect_not_in "$T/fonts" 'WenQuanYi'
# The Arabic sits on the line (FOP set Debian's Noto Sans Arabic a whole
# ascender, 8 pt, above it): the word after ARX, its name, centred
# on ARX's line.
pdftotext -bbox "$T/c.pdf" "$T/bbox.html"
/usr/bin/python3 - "$T/bbox.html" >"$T/bbox.out" <<'PY' && ok || not_ok "the Arabic is off its line"
import re, sys
words = re.findall(r'<word xMin="[^"]*" yMin="([^"]*)" xMax="[^"]*" '
                   r'yMax="([^"]*)">([^<]*)</word>', open(sys.argv[1], encoding="utf-8").read())
off = [abs(float(a0) + float(a1) - float(b0) - float(b1)) / 2
       for (a0, a1, w), (b0, b1, _) in zip(words, words[1:]) if w == "ARX"]
print(off)
sys.exit(0 if off and max(off) < 3 else 1)
PY
sed 's/^/  | /' "$T/bbox.out" >&2
# The build's Arabic copy: parentheses of its own (FOP sets a word in
# one font: "(الإسكوا)" had two missing glyphs) and the metrics FOP reads.
/usr/bin/python3 - "$CP_BUILD/share/compendium/fonts/NotoSansArabic-Regular.ttf" <<'PY' &&
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1])
cmap, os2 = f.getBestCmap(), f["OS/2"]
sys.exit(0 if 0x28 in cmap and 0x29 in cmap and 0x644 in cmap and
         os2.sTypoAscender - os2.sTypoDescender <= f["head"].unitsPerEm else 1)
PY
	ok || not_ok "the Arabic font copy lacks parentheses or FOP's metrics"
expect_not_in "$T/fonts" ' no  '
pdfinfo "$T/c.pdf" >"$T/info"
grep -Eq '^Title: +Compendium of United Nations mandates on cybersecurity and cybercrime' "$T/info" &&
	ok || not_ok "the PDF's Title is not the book's"
grep -Eq '^Author: +[^ ]' "$T/info" && ok || not_ok "the PDF has no Author"
grep -Eq '^Author: +(UNODC|ESCWA)' "$T/info" && not_ok "Author is an entity" || ok

done_testing
