# SPDX-License-Identifier: MIT
# compendium search (SPEC §5): full text over mandate, title, instrument,
# themes and summary on SQLite's FTS5; words, "phrases", prefix*, case and
# diacritics ignored; best first (bm25); current entries (--history: every
# version); -n; --json; FTS5 syntax that SPEC does not offer is bad usage,
# never an SQL error; text from mail escaped; the versions not yet in the
# index (the tail of a batch) are searched all the same, and a writer
# indexes them; the index of an older database is built by `compendium
# init`.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"

# a word; the line format; the snippet marks the match
expect_rc 0 C search repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t2\tCentral data repository on cybercrime')"
expect_in "$T/out" "    Requests UNODC to develop a central data [repository]"
# every word must match, in any column; a phrase matches as one
expect_rc 0 C search central repository
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search central nutrition
expect_eq "$(wc -l <"$T/out")" 0 "two words no entry has both of"
expect_rc 0 C search '"repository central"'
expect_eq "$(wc -l <"$T/out")" 0 "a phrase in another order"
expect_rc 0 C search '"data repository"'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search '"Central   data" repository'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
# a prefix; case and diacritics ignored, both ways
expect_rc 0 C search 'REPOSIT*'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search repos
expect_eq "$(wc -l <"$T/out")" 0 "a word is not a prefix without *"
expect_rc 0 C search coopération
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search numerique
expect_in "$T/out" "OHCHR/GA-68/167"
expect_rc 0 C search 'priv* "vie privee"'
expect_in "$T/out" "OHCHR/GA-68/167"
# the mandate, the themes and the instrument are searched too
expect_rc 0 C search HRC-20/8
expect_in "$T/out" "OHCHR/HRC-20/8"
expect_rc 0 C search '"freedom of expression"'
expect_in "$T/out" "OHCHR/HRC-20/8"
# lower-case and, or, not are words like others
expect_rc 0 C search cybercrime and cybersecurity
expect_in "$T/out" "UNODC/MOU-ITU-2011"

# best first: a match in the title before one in the themes, before one
# in the summary only
expect_rc 0 C search infrastructure
expect_eq "$(sed -n 1p "$T/out" | cut -f1)" "UNHCR/GA-428-V" "best first"
expect_eq "$(grep -v '^    ' "$T/out" | tail -n 1 | cut -f1)" \
	"UNODC/MOU-ITU-2011" "a match in the summary only comes last"
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 9 "every match"
# -n: at most N
expect_rc 0 C search -n 2 infrastructure
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 2 "-n 2"
expect_eq "$(sed -n 1p "$T/out" | cut -f1)" "UNHCR/GA-428-V" "-n keeps the best"
expect_rc 0 C search -n 1 cybercrime
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 1 "-n 1"
expect_rc 0 C search info* -n 3
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 3 "-n after the query"

# --history: every version; without, only the current one
expect_rc 0 C search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\t')"
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t2\t')"
expect_rc 0 C search repository
expect_not_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\t')"
# a withdrawn entry is not current (20-itu-withdraw-duplicate withdrew it)
expect_rc 0 C search MOU-UNODC-2011
expect_not_in "$T/out" "MOU-UNODC-2011"
expect_rc 0 C search --history MOU-UNODC-2011
expect_in "$T/out" "$(printf 'ITU/MOU-UNODC-2011\t1\t')"
expect_in "$T/out" "$(printf 'ITU/MOU-UNODC-2011\t2\t')"

# --json: an array of objects with every key
expect_rc 0 C search --json --history repository
if python3 - "$T/out" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
assert isinstance(a, list) and len(a) == 2, a
for o in a:
    assert list(o) == ["entity", "mandate", "version", "title", "snippet"], o
assert {(o["entity"], o["mandate"], o["version"]) for o in a} == \
    {("UNODC", "CCPCJ-22/8", 1), ("UNODC", "CCPCJ-22/8", 2)}, a
assert "[repository]" in a[0]["snippet"], a
PY
then ok; else not_ok "search --json"; fi
expect_rc 0 C search --json nothingmatchesthis
expect_eq "$(cat "$T/out")" "[]" "search --json without a match"

# the index follows every change, in its transaction: a revert too
change=$(C log --entity UNODC | sed -n 's/^change \([0-9]*\) .*/\1/p' | head -1)
expect_rc 0 C revert "$change"
expect_rc 0 C search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"

# FTS5 syntax that SPEC does not offer is bad usage naming it, never an
# SQL error; the same text in quotes is searched
bad() {
	expect_rc 2 C search "$1"
	expect_in "$T/err" "$2"
	if grep -qiE 'sql|fts5|syntax error' "$T/err"; then
		not_ok "search '$1': $(cat "$T/err")"
	fi
}
bad '"unclosed phrase' 'a phrase without its closing "'
bad 'cybercrime AND cybersecurity' 'AND: AND, OR and NOT are not offered'
bad 'a OR b' 'OR: AND, OR and NOT'
bad 'NOT x' 'NOT: AND, OR and NOT'
bad 'NEAR(data repository)' 'parentheses (and NEAR) are not offered'
bad '(data)' 'parentheses'
bad 'title:cybercrime' 'title:cybercrime: column filters (title:x) are not offered'
bad '{title summary}:x' 'column filters ({title}: x)'
bad '-title:x' 'column filters'
bad '^Central' '^ (a word at the start of a column) is not offered'
bad 'a*b' '* marks a prefix at the end of a word'
bad '*' '* needs a word before it'
bad '"data"repository' 'a phrase must be followed by a space'
bad '' 'nothing to search for'
bad '   ' 'nothing to search for'
expect_rc 2 C search
expect_in "$T/err" "nothing to search for"
expect_rc 2 C search -n 0 x
expect_in "$T/err" "-n"
expect_rc 2 C search -n x x
expect_rc 0 C search '"data:repository"'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search '"(data repository)"'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
for q in '-x' "it's" 'e-commerce' 'x+y' '"AND"' '.' '-'; do
	expect_rc 0 C search -- "$q"
	expect_eq "$(cat "$T/err")" "" "search '$q' says nothing on stderr"
done
expect_rc 0 C search e-commerce
expect_in "$T/out" "UNCTAD/UNCTAD-X"

# the versions not indexed yet (a batch's tail, or a writer that died
# before indexing them) are searched all the same, by a reader too; the
# next writer indexes them.  A tail after version 20:
sqlite3 "$DB" "INSERT INTO revision_fts (revision_fts, rowid, mandate, title, instrument, themes, summary) SELECT 'delete', * FROM revision_search WHERE id > 20; UPDATE search_indexed SET upto = 20" ||
	not_ok "make a tail"
expect_rc 0 C search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\t')"
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"
expect_rc 0 C search repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 1 "the current version only"
expect_eq "$(sqlite3 "$DB" 'SELECT upto FROM search_indexed')" 20 "a reader indexes nothing"
expect_rc 0 C entity add NEWENT --name "New entity"
expect_eq "$(sqlite3 "$DB" 'SELECT upto = (SELECT max(id) FROM revision) FROM search_indexed')" 1 \
	"a writer indexed the tail when it closed"
expect_rc 0 C search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"
sqlite3 "$DB" "INSERT INTO revision_fts (revision_fts) VALUES ('integrity-check')" &&
	ok || not_ok "the index agrees with the versions"

# every version in the tail: ranked as by the index
sqlite3 "$DB" "INSERT INTO revision_fts (revision_fts) VALUES ('delete-all'); UPDATE search_indexed SET upto = 0" ||
	not_ok "make a tail of everything"
expect_rc 0 C search infrastructure
expect_eq "$(sed -n 1p "$T/out" | cut -f1)" "UNHCR/GA-428-V" "best first, from the tail"
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 9 "every match, from the tail"

# text from mail is escaped on a terminal: the title and the snippet
# (planted in a version of the tail, which is read as it is now)
sqlite3 "$DB" "UPDATE revision SET title = 'Evil' || char(27) || '[31m title', summary = summary || ' planted' || char(8238) || 'word' WHERE id = (SELECT max(r.id) FROM revision r JOIN entry e ON e.id = r.entry_id WHERE e.mandate = 'HRC-20/8')" ||
	not_ok "plant control characters"
expect_rc 0 C search evil
expect_in "$T/out" 'Evil\x1b[31m title'
expect_rc 0 C search planted
expect_in "$T/out" '[planted]\u202eword'
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then
	not_ok "a raw ESC reached the terminal"
else ok; fi
expect_rc 0 C search --json evil
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a[0]["title"] == "Evil\x1b[31m title", a' "$T/out" &&
	ok || not_ok "--json keeps the text as it is"
expect_rc 0 C init
expect_rc 0 C search evil
expect_in "$T/out" 'Evil\x1b[31m title'
sqlite3 "$DB" "INSERT INTO revision_fts (revision_fts) VALUES ('integrity-check')" &&
	ok || not_ok "the index agrees with the versions, after init"

# an older database (the schema before the index's migration, 7) gets its
# index from init; the migrations after it (8, the outbox rebuilt) run
# again on their own tables, as they may
v=$(sqlite3 "$DB" 'PRAGMA user_version')
cp "$DB" "$T/old.db"
sqlite3 "$T/old.db" "DROP TABLE revision_fts; DROP TABLE search_indexed; DROP VIEW revision_search; PRAGMA user_version = 6;" ||
	not_ok "make a database of the schema before"
O() { "$COMPENDIUM" --db "$T/old.db" "$@"; }
expect_rc 1 O search repository
expect_in "$T/err" "compendium init"
expect_rc 0 O init
expect_in "$T/out" "schema version $v"
expect_rc 0 O search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\t')"
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"
expect_eq "$(sqlite3 "$T/old.db" 'SELECT upto = (SELECT max(id) FROM revision) FROM search_indexed')" 1 \
	"the migration indexed every version"
# the index's settings (docs/BENCHMARKS.md, "Search"): merged 16 segments
# at a time, ranked with the columns' weights
for db in "$DB" "$T/old.db"; do
	expect_eq "$(sqlite3 "$db" "SELECT v FROM revision_fts_config WHERE k = 'automerge'")" 16 "automerge"
	expect_eq "$(sqlite3 "$db" "SELECT v FROM revision_fts_config WHERE k = 'rank'")" \
		"bm25(10.0, 5.0, 2.0, 3.0, 1.0)" "rank"
done

# a snippet over Themes shows them apart, as they are written
expect_rc 0 C search child protection
expect_in "$T/out" "    human rights; freedom of expression; [child] [protection]"

done_testing
