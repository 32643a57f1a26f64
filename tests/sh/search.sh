# SPDX-License-Identifier: MIT
# compendium search (SPEC §5): full text over mandate, title, instrument,
# themes and summary on SQLite's FTS5, kept in the same transaction as
# every change; words, "phrases", prefix*, case and diacritics ignored;
# current entries (--history: every version); a query is never FTS5
# syntax (no SQL error can come out); the index of an older database is
# built by `compendium init`.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"

# a word; the line format; the snippet marks the match
expect_rc 0 C search repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t2\tCentral data repository on cybercrime')"
expect_in "$T/out" "    Requests UNODC to develop a central data [repository]"
# every word must match; a phrase matches as one
expect_rc 0 C search central repository
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search '"repository central"'
expect_eq "$(wc -l <"$T/out")" 0 "a phrase in another order"
expect_rc 0 C search '"data repository"'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
# a prefix; case and diacritics ignored, both ways
expect_rc 0 C search 'REPOSIT*'
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search coopération
expect_in "$T/out" "UNODC/CCPCJ-22/8"
expect_rc 0 C search -n 1 cybercrime
expect_eq "$(grep -c '^[A-Za-z]' "$T/out")" 1 "-n 1"
# the mandate is searched too
expect_rc 0 C search HRC-20/8
expect_in "$T/out" "OHCHR/HRC-20/8"

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
expect_in "$T/out" "MOU-UNODC-2011"

# the index follows every change, in its transaction: a revert too
change=$(C log --entity UNODC | sed -n 's/^change \([0-9]*\) .*/\1/p' | head -1)
expect_rc 0 C revert "$change"
expect_rc 0 C search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t3\t')"

# what FTS5 would read as syntax is text here: never an SQL error
for q in 'title:cybercrime' 'NEAR(a b)' 'a OR b' 'AND' '-x' '"' "it's" '^x' '(' '*'; do
	"$COMPENDIUM" --db "$DB" search "$q" >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -le 2 ] && ! grep -qiE 'sql|fts5|syntax error' "$T/err"; then ok; else
		not_ok "search '$q': exit $rc: $(cat "$T/err")"
	fi
done
expect_rc 2 C search '"unclosed phrase'
expect_in "$T/err" 'a phrase without its closing "'
expect_rc 2 C search
expect_rc 2 C search -n 0 x

# an older database (schema 2: no index) gets its index from init
cp "$DB" "$T/old.db"
sqlite3 "$T/old.db" "DROP TABLE revision_fts; DROP VIEW revision_search; ALTER TABLE message DROP COLUMN unchanged; PRAGMA user_version = 2;" ||
	not_ok "make a version-2 database"
O() { "$COMPENDIUM" --db "$T/old.db" "$@"; }
expect_rc 1 O search repository
expect_in "$T/err" "compendium init"
expect_rc 0 O init
expect_in "$T/out" "schema version 3"
expect_rc 0 O search --history repository
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\t')"

done_testing
