# SPDX-License-Identifier: MIT
# `compendium check` (SPEC §5, docs/CLI.md): the example database (every
# kind of change, a revert among them) passes; copies broken on purpose
# with sqlite3, one problem each, exit 1 with a line naming it.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || {
	echo "check: skipped (no sqlite3 command)"
	exit 0
}
DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"
export COMPENDIUM_NOW=2026-03-30T09:00:00Z
expect_rc 0 C accept 19
expect_rc 0 C revert 5 --reason "a revert has no message"
unset COMPENDIUM_NOW

expect_rc 0 C check
expect_eq "$(cat "$T/out")" "ok: $DB: 22 entries, 29 changes, 22 messages" \
	"check of the example database"
expect_eq "$(cat "$T/err")" "" "check's stderr"
expect_rc 0 C check --help
expect_in "$T/out" "usage: compendium check"
expect_rc 2 C check extra

q() { sqlite3 "$DB" "$1"; }
# UNODC/CCPCJ-22/8 has two versions (message 17 amended it).
ENTRY="(SELECT e.id FROM entry e JOIN entity en ON en.id = e.entity_id
	WHERE en.code = 'UNODC' AND e.mandate = 'CCPCJ-22/8')"
V1=$(q "SELECT id FROM revision WHERE entry_id = $ENTRY AND version = 1")
V2=$(q "SELECT id FROM revision WHERE entry_id = $ENTRY AND version = 2")
M2=$(q "SELECT message FROM revision WHERE id = $V2")
expect_eq "$([ -n "$V1" ] && [ -n "$V2" ] && [ -n "$M2" ] && echo yes)" yes \
	"the entry's changes"

# copy NAME: a copy of the database, $T/NAME.db (VACUUM INTO: one file,
# no WAL).
copy() {
	rm -f "$T/$1.db"
	sqlite3 "$DB" "VACUUM INTO '$T/$1.db'"
}

# broken NAME SQL: a copy of the database with SQL run on it, then
# checked.
# A third argument is more SQL, run by a second sqlite3 (after a change
# of the schema, which a connection reads only when it opens).
broken() {
	copy "$1"
	sqlite3 "$T/$1.db" "$2"
	[ -z "${3:-}" ] || sqlite3 "$T/$1.db" "$3"
	expect_rc 1 "$COMPENDIUM" --db "$T/$1.db" check
	expect_in "$T/err" "compendium: $T/$1.db: "
	expect_in "$T/err" " found"
	expect_not_in "$T/out" "ok:"
}

broken gap "UPDATE revision SET version = 3 WHERE id = $V2"
expect_in "$T/out" "entry UNODC/CCPCJ-22/8: version 2 missing"

# A version twice: the UNIQUE (entry_id, version) of the schema taken out
# first (its index dropped by hand, then VACUUM, so the file is sound).
broken twice "PRAGMA writable_schema = ON;
	UPDATE sqlite_master SET sql = replace(sql, ',
	UNIQUE (entry_id, version)', '') WHERE name = 'revision';
	DELETE FROM sqlite_master WHERE name = 'sqlite_autoindex_revision_1';" \
	"VACUUM; UPDATE revision SET version = 1 WHERE id = $V2"
expect_eq "$(cat "$T/out")" \
	"entry UNODC/CCPCJ-22/8: version 1 twice (changes $V1, $V2)" \
	"a version twice"

broken nomessage "UPDATE revision SET message = 9999 WHERE id = $V2"
expect_in "$T/out" "change $V2: message 9999 does not exist"
expect_in "$T/out" "foreign_key_check: revision row $V2: its message is no row of message"

broken rejected "UPDATE message SET status = 'rejected' WHERE id = $M2"
expect_eq "$(cat "$T/out")" "change $V2: message $M2 is rejected, not applied" \
	"a change of a rejected message"

broken unmessaged "UPDATE revision SET message = NULL WHERE id = $V2"
expect_eq "$(cat "$T/out")" \
	"change $V2: no message (only a revert has none)" "a change of no message"

broken order "UPDATE revision SET id = 100000 WHERE id = $V1;
	UPDATE revision SET id = $V1 WHERE id = $V2;
	UPDATE revision SET id = $V2 WHERE id = 100000;"
expect_in "$T/out" "entry UNODC/CCPCJ-22/8: version 2 is change $V1, older than change $V2 of version 1"

broken counter "UPDATE sqlite_sequence SET seq = 3 WHERE name = 'revision'"
expect_in "$T/out" "change 29: above the change counter (3)"

broken empty "INSERT INTO entry (entity_id, mandate) VALUES
	((SELECT id FROM entity WHERE code = 'UNODC'), 'EMPTY-1')"
expect_eq "$(cat "$T/out")" "entry UNODC/EMPTY-1: no version" "an empty entry"

broken status "UPDATE revision SET status = 'current' WHERE action = 'withdraw'"
expect_in "$T/out" "a withdrawal that leaves ITU/MOU-UNODC-2011 current"

broken revert "UPDATE revision SET reverts = $V2 WHERE action = 'revert'"
expect_in "$T/out" "reverts change $V2, of another entry"

# The search index (revision_fts, docs/CLI.md): a version missing from
# it, a document that is no version, its place above the highest change
# or below versions it holds; ten changes named, then a count.  Then the
# repair docs/CLI.md gives, which check must find sound.
REPAIR="INSERT INTO revision_fts (revision_fts) VALUES ('rebuild');
	DELETE FROM search_indexed;
	INSERT INTO search_indexed SELECT coalesce(max(id), 0) FROM revision;"
# repaired NAME: the copy NAME repaired so, then sound.
repaired() {
	sqlite3 "$T/$1.db" "$REPAIR"
	expect_rc 0 "$COMPENDIUM" --db "$T/$1.db" check
}
TOP=$(q "SELECT max(id) FROM revision")
broken unindexed "DELETE FROM revision_fts_docsize WHERE id = $V2"
expect_eq "$(cat "$T/out")" "search index: change $V2 is not indexed" \
	"a version not indexed"
repaired unindexed
broken noindex "DELETE FROM revision_fts_docsize"
expect_in "$T/out" "search index: change $V1 is not indexed"
expect_in "$T/out" "search index: and $((TOP - 10)) more changes not indexed"
expect_eq "$(wc -l <"$T/out")" 11 "an empty index: ten changes named, then a count"
broken stray "INSERT INTO revision_fts_docsize (id, sz) VALUES (99999, x'00')"
expect_eq "$(cat "$T/out")" \
	"search index: change 99999 is indexed, but it is no version in the store" \
	"a document that is no version"
broken above "UPDATE search_indexed SET upto = 99999"
expect_eq "$(cat "$T/out")" \
	"search index: its place, change 99999, is above the highest change ($TOP)" \
	"the index's place above the highest change"
broken below "UPDATE search_indexed SET upto = $((TOP - 1))"
expect_eq "$(cat "$T/out")" \
	"search index: change $TOP is indexed after the index's place (it would be indexed twice)" \
	"a version indexed after the index's place"
broken noplace "DELETE FROM search_indexed"
expect_eq "$(cat "$T/out")" \
	"search index: search_indexed has 0 rows, not one (the index's place)" \
	"no place"
repaired noplace

# The writer's tail not indexed yet (versions after the place, out of
# the index) is how a live store is between batches: sound.
copy tail
sqlite3 "$T/tail.db" "DELETE FROM revision_fts_docsize WHERE id > $V2;
	UPDATE search_indexed SET upto = $V2"
expect_rc 0 "$COMPENDIUM" --db "$T/tail.db" check

# A corrupt page: the table revision's first page overwritten with a
# pattern, in a copy.
copy corrupt
page=$(sqlite3 "$T/corrupt.db" \
	"SELECT rootpage FROM sqlite_master WHERE name = 'revision'")
size=$(sqlite3 "$T/corrupt.db" "PRAGMA page_size")
head -c "$size" /dev/zero | tr '\0' '\125' |
	dd of="$T/corrupt.db" bs="$size" seek=$((page - 1)) conv=notrunc \
		status=none
expect_rc 1 "$COMPENDIUM" --db "$T/corrupt.db" check
expect_in "$T/out" "integrity_check: Page $page: "
expect_in "$T/out" "versions: could not finish: database disk image is malformed"

done_testing
