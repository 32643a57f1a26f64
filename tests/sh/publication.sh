# SPDX-License-Identifier: MIT
# The document as a publication (SPEC §6 "A publication, not a dump"):
# the title page from [document], dates as people write them, the areas
# by their Annex III names, the front matter, each entry's content before
# its history, no addresses unless --with-addresses, focal points' names,
# reverted changes left out unless --full-history, the index of themes,
# revisionflag marks in the changes appendix.  Every document is valid
# DocBook 5.0 (jing, and xmllint --relaxng).
. "$(dirname "$0")/lib.sh"

RNG=/usr/share/xml/docbook/schema/rng/5.0/docbook.rng
DB="$T/p.db"
CONF="$T/p.conf"
C() { "$COMPENDIUM" -c "$CONF" --db "$DB" --as tester "$@"; }

if [ ! -f "$RNG" ] || ! command -v xmllint >/dev/null; then
	echo "publication: the DocBook 5.0 schema or xmllint is missing" >&2
	exit 1
fi

valid() {
	if xmllint --noout --relaxng "$RNG" "$1" 2>"$T/xmllint.err"; then
		ok
	else
		not_ok "xmllint --relaxng: $1"
		head -20 "$T/xmllint.err" >&2
	fi
	if command -v jing >/dev/null; then
		if jing "$RNG" "$1" >"$T/jing.out" 2>/dev/null; then ok; else
			not_ok "jing: $1"
			head -20 "$T/jing.out" >&2
		fi
	fi
}
xp() {
	expr=$(printf '%s' "$2" | sed -e 's/db:\([a-z]*\)/*[local-name()="\1"]/g')
	xmllint --xpath "$expr" "$1" 2>/dev/null
}
xp_is() {
	got=$(xp "$1" "$2")
	expect_eq "$got" "$3" "$(basename "$1"): $2"
}
export_ok() {
	name=$1
	shift
	expect_rc 0 C export -o "$T/$name.xml" "$@"
	valid "$T/$name.xml"
}
# mail N FROM BODY: a message file $T/N.eml
mail() {
	printf 'From: %s\nTo: compendium@un.example\nSubject: update %s\nMessage-ID: <%s@test.example>\nDate: Mon, 1 Jun 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n%s\n' \
		"$2" "$1" "$1" "$3" >"$T/$1.eml"
}

cat >"$CONF" <<'EOF'
[export]
address = compendium@un.example
[document]
issued_by = United Nations System Chief Executives Board for Coordination
base_url = https://compendium.un.example/
subtitle = Edition for the test
EOF

expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C entity add ITU --name "International Telecommunication Union"
expect_rc 0 C entity add WHO --name "World Health Organization"
expect_rc 0 C focal-point add UNODC maria@unodc.example --name "Maria Keller"
expect_rc 0 C focal-point add ITU Kofi@ITU.example
# --name: add only, and a name
expect_rc 2 C focal-point remove ITU kofi@itu.example --name X
expect_rc 2 C focal-point add ITU x@itu.example --name ""
expect_in "$T/err" "--name"

export COMPENDIUM_NOW=2026-04-26T09:00:00Z
mail 1 maria@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Title: Central data repository
Adopted: 2013-04-26
Areas: technical; legal
Themes: Criminal justice; best practices
Summary: The repository.

Entity: UNODC
Mandate: GA-65/230
Title: Salvador Declaration
Adopted: 2010-12
Areas: cooperation
Themes: criminal justice; Crime prevention
Summary: The declaration.'
expect_rc 0 C ingest "$T/1.eml"
export COMPENDIUM_NOW=2026-05-02T09:00:00Z
mail 2 kofi@itu.example 'Entity: ITU
Mandate: WSIS-C5
Title: Action line C5
Adopted: 2005
Areas: policy
Themes: CRIME PREVENTION; Best Practices
Summary: Building confidence.'
expect_rc 0 C ingest "$T/2.eml"
# a change a maintainer reverts: left out of the published history
export COMPENDIUM_NOW=2026-06-01T09:00:00Z
mail 3 maria@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Summary: testing
Reason: testing'
expect_rc 0 C ingest "$T/3.eml"
expect_rc 0 C log -n 1
test_change=$(sed -n 's/^change \([0-9]*\).*/\1/p' "$T/out" | head -1)
expect_eq "$test_change" 4 "the test change is change 4"
export COMPENDIUM_NOW=2026-06-02T09:00:00Z
expect_rc 0 C revert 4 --reason "a test"
export COMPENDIUM_NOW=2026-12-02T09:00:00Z
mail 4 maria@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Summary: The repository, launched.
Reason: Launched.'
expect_rc 0 C ingest "$T/4.eml"

export_ok pub
P="$T/pub.xml"
# -- the title page --
xp_is "$P" 'string(/db:book/db:info/db:author/db:orgname)' \
	'United Nations System Chief Executives Board for Coordination'
xp_is "$P" 'string(/db:book/db:info/db:publisher/db:publishername)' \
	'United Nations System Chief Executives Board for Coordination'
xp_is "$P" 'string(/db:book/db:info/db:subtitle)' 'Edition for the test'
xp_is "$P" 'string(/db:book/db:info/db:biblioid)' 'https://compendium.un.example/'
xp_is "$P" 'string(/db:book/db:info/db:edition)' 6
xp_is "$P" 'string(/db:book/db:info/db:pubdate)' 2026-12-02
xp_is "$P" 'string(/db:book/db:info/db:date)' '2 December 2026'
xp_is "$P" 'string(/db:book/db:info/db:releaseinfo)' 'Edition 6, 2 December 2026'
# -- front matter --
xp_is "$P" 'string(/db:book/db:preface[1]/@xml:id)' introduction
xp_is "$P" 'count(//db:preface[@xml:id="introduction"]//db:variablelist[@role="areas"]/db:varlistentry)' 5
xp_is "$P" 'string(//db:preface[@xml:id="introduction"]//db:varlistentry[1]/db:term)' 'A. Legal measures'
xp_is "$P" 'string(//db:preface[@xml:id="introduction"]//db:varlistentry[2]/db:term)' 'B. Policy and strategy measures'
xp_is "$P" 'string(//db:preface[@xml:id="introduction"]//db:varlistentry[3]/db:term)' 'C. Technical measures'
xp_is "$P" 'string(//db:preface[@xml:id="introduction"]//db:varlistentry[4]/db:term)' 'D. Capacity-building'
xp_is "$P" 'string(//db:preface[@xml:id="introduction"]//db:varlistentry[5]/db:term)' 'E. Cooperation among stakeholders'
xp_is "$P" 'count(//db:preface[@xml:id="introduction"]//db:para[contains(., "living document")])' 1
xp_is "$P" 'count(//db:preface[@xml:id="abbreviations"]//db:varlistentry)' 3
xp_is "$P" 'string(//db:preface[@xml:id="abbreviations"]//db:varlistentry[db:term/db:abbrev="WHO"]/db:listitem)' \
	'World Health Organization'
PR='//db:preface[@xml:id="preface"]'
xp_is "$P" "string($PR//db:email)" compendium@un.example
xp_is "$P" "count($PR/db:programlisting[contains(., \"Action: withdraw\")])" 1
xp_is "$P" "count($PR/db:programlisting[contains(., \"Adopted: 2013-04-26\")])" 1
xp_is "$P" "count($PR/db:para[contains(., \"receipt\")])" 1
xp_is "$P" "count($PR/db:para[contains(., \"Applied.\")])" 1
xp_is "$P" "count(//db:preface[contains(., \"_2F\")])" 0
# -- entries: content, then the history; dates and areas as read --
S='//db:section[@xml:id="entry.unodc.CCPCJ-22_2F8"]'
xp_is "$P" "count($S/db:info)" 0
xp_is "$P" "local-name($S/*[last()])" revhistory
xp_is "$P" "count($S/db:revhistory/preceding-sibling::db:para)" 1
xp_is "$P" "string($S//db:varlistentry[@role=\"adopted\"]//db:date)" '26 April 2013'
xp_is "$P" 'string(//db:section[@xml:id="entry.unodc.GA-65_2F230"]//db:varlistentry[@role="adopted"]//db:date)' \
	'December 2010'
xp_is "$P" 'string(//db:section[@xml:id="entry.itu.WSIS-C5"]//db:varlistentry[@role="adopted"]//db:date)' 2005
xp_is "$P" "string($S//db:varlistentry[@role=\"areas\"]//db:member[1])" 'A. Legal measures'
xp_is "$P" "string($S//db:varlistentry[@role=\"areas\"]//db:member[2])" 'C. Technical measures'
xp_is "$P" "string($S/db:revhistory/db:revision[1]/db:date)" '2 December 2026'
# the matrix's heads and the gap report, by name
xp_is "$P" 'string(//db:table[@xml:id="matrix.table"]//db:thead/db:row/db:entry[2])' 'A. Legal measures'
xp_is "$P" 'string(//db:table[@xml:id="matrix.table"]//db:thead/db:row/db:entry[6])' 'E. Cooperation among stakeholders'
xp_is "$P" 'string(//*[@xml:id="gaps.uncovered"]//db:listitem)' 'D. Capacity-building'
# -- who: the entity and the registered name, never an address --
xp_is "$P" "string($S/db:revhistory/db:revision[1]/db:author/db:personname)" 'Maria Keller'
xp_is "$P" "string($S/db:revhistory/db:revision[1]/db:author/db:affiliation/db:orgname)" UNODC
xp_is "$P" 'string(//db:section[@xml:id="entry.itu.WSIS-C5"]/db:revhistory/db:revision[1]/db:author/db:orgname)' ITU
xp_is "$P" 'count(//db:section[@role="entry"]//db:email)' 0
expect_not_in "$P" "@unodc.example"
expect_not_in "$P" "@itu.example"
export_ok addr --with-addresses
xp_is "$T/addr.xml" "string($S/db:revhistory/db:revision[1]/db:author/db:email)" maria@unodc.example
xp_is "$T/addr.xml" 'string(//db:section[@xml:id="entry.itu.WSIS-C5"]/db:revhistory/db:revision[1]/db:author/db:email)' kofi@itu.example
# -- the reverted change and its revert: out unless --full-history --
xp_is "$P" "count($S/db:revhistory/db:revision)" 2
xp_is "$P" "string($S/db:revhistory/db:revision[1]/db:revnumber)" 4
xp_is "$P" "string($S/db:revhistory/db:revision[2]/db:revnumber)" 1
expect_not_in "$P" "testing"
# the entry's version: the last one its history shows
xp_is "$P" "string($S//db:varlistentry[@role=\"version\"]/db:listitem)" \
	'4, 2 December 2026 (change 6)'

xp_is "$P" 'count(/db:book/db:info/db:revhistory/db:revision[contains(., "reverted")])' 0
export_ok full --full-history
xp_is "$T/full.xml" "count($S/db:revhistory/db:revision)" 4
expect_in "$T/full.xml" "testing"
xp_is "$T/full.xml" 'count(/db:book/db:info/db:revhistory/db:revision[contains(., "1 change reverted")])' 1
export_ok since --changes-since 2026-06-01
xp_is "$T/since.xml" 'count(//db:appendix[@xml:id="changes"]/db:section)' 1
xp_is "$T/since.xml" 'string(//db:appendix[@xml:id="changes"]/db:section/@xml:id)' change.6
export_ok since-full --changes-since 2026-06-01 --full-history
xp_is "$T/since-full.xml" 'count(//db:appendix[@xml:id="changes"]/db:section)' 3
# -- the changes appendix: revisionflag marks, no raw markers --
CH='//*[@xml:id="change.6"]'
xp_is "$T/since.xml" "string($CH//db:phrase[@revisionflag=\"added\"])" 'repository, launched.'
xp_is "$T/since.xml" "count($CH//db:phrase[@revisionflag=\"deleted\"])" 1
expect_not_in "$T/since.xml" "{+"
expect_not_in "$T/since.xml" "[-"
xp_is "$T/since.xml" "string($CH/db:para/db:personname)" 'Maria Keller'
xp_is "$T/since.xml" "count($CH//db:email)" 0
xp_is "$T/since.xml" 'string(//db:appendix[@xml:id="changes"]/db:title/db:date)' '1 June 2026'
# -- the index: themes as indexterms, case variants one term --
xp_is "$P" 'count(/db:book/db:index)' 1
# criminal justice: 1 "Criminal justice" (entry 1), 1 "criminal justice"
# (entry 2): a tie, the first received wins
xp_is "$P" 'count(//db:indexterm/db:primary[.="Criminal justice"])' 2
xp_is "$P" 'count(//db:indexterm/db:primary[.="criminal justice"])' 0
# crime prevention: "Crime prevention" (entry 2) and "CRIME PREVENTION"
# (entry 3): a tie, the first received
xp_is "$P" 'count(//db:indexterm/db:primary[.="Crime prevention"])' 2
# best practices: "best practices" once, "Best Practices" once: the first
xp_is "$P" 'count(//db:indexterm/db:primary[.="best practices"])' 2
# a majority beats the first received: a third entry spells it as ITU
export COMPENDIUM_NOW=2026-12-03T09:00:00Z
mail 5 kofi@itu.example 'Entity: ITU
Mandate: GCA
Title: Global Cybersecurity Agenda
Areas: technical
Themes: Best Practices
Summary: The agenda.'
expect_rc 0 C ingest "$T/5.eml"
export_ok major
xp_is "$T/major.xml" 'count(//db:indexterm/db:primary[.="Best Practices"])' 3
xp_is "$T/major.xml" 'count(//db:indexterm/db:primary[.="best practices"])' 0
# the theme as the entry spells it stays in the entry
xp_is "$T/major.xml" "string($S//db:varlistentry[@role=\"themes\"]//db:member[2]/text())" 'best practices'
# -- --at editions: as they stood, valid, dates written --
export_ok at --at 2026-06-01
xp_is "$T/at.xml" 'string(/db:book/db:info/db:date)' '1 June 2026'
xp_is "$T/at.xml" 'string(/db:book/db:info/db:edition)' 4
# at that time the test change was not reverted yet: it shows
xp_is "$T/at.xml" "count($S/db:revhistory/db:revision)" 2
xp_is "$T/at.xml" "string($S/db:revhistory/db:revision[1]/db:revnumber)" 2
export_ok at-full --at 2026-06-02 --full-history --with-addresses
xp_is "$T/at-full.xml" "count($S/db:revhistory/db:revision)" 3
export_ok at-pub --at 2026-06-02
xp_is "$T/at-pub.xml" "count($S/db:revhistory/db:revision)" 1
# its latest version is the revert, left out: the version before is named
xp_is "$T/at-pub.xml" "string($S//db:varlistentry[@role=\"version\"]/db:listitem)" \
	'1, 26 April 2026 (change 1)'
# -- without [document]: the default title, no author --
expect_rc 0 "$COMPENDIUM" --db "$DB" export -o "$T/plain.xml"
valid "$T/plain.xml"
xp_is "$T/plain.xml" 'string(/db:book/db:info/db:title)' \
	'Compendium of United Nations mandates on cybersecurity and cybercrime'
xp_is "$T/plain.xml" 'count(/db:book/db:info/db:author)' 0
# a bad [document] key: named with its line
printf '[document]\nissuer = x\n' >"$T/bad.conf"
expect_rc 1 "$COMPENDIUM" -c "$T/bad.conf" --db "$DB" export
expect_in "$T/err" ':2: unknown key "issuer" in section [document]'

done_testing
