# SPDX-License-Identifier: MIT
# Readers who may only read (SPEC §5, docs/DECISIONS.md): a user who may
# read the database but write neither it nor its folder (nobody, through
# setpriv; the files 0644 and the folder 0755, owned by root) runs every
# command that only reads, with the output the owner gets; every command
# that writes fails naming the database, and the files stay as they were.
# Then the cases around it: a copy whose -wal and -shm files are missing
# (clear error, until a writer has opened it once), a copy in rollback
# mode (read as it is), a database of an older schema (refused, never
# migrated).  Needs root, to become nobody.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null; then
	echo "readonly: skipped (needs root and setpriv to run as nobody)"
	exit 0
fi
command -v sqlite3 >/dev/null || {
	echo "readonly: skipped (no sqlite3 command)"
	exit 0
}
# The reader may reach the test folder and the program, and nothing here
# is writable to it but pub/ (for export -o and render -o).
chmod 0755 "$T"
mkdir -m 0755 "$T/bin" "$T/ro"
mkdir -m 0777 "$T/pub"
cp "$COMPENDIUM" "$T/bin/compendium"
# render's customization layer, where an installed program finds it.
cp -R "$(dirname "$COMPENDIUM")/share" "$T/share" && chmod -R a+rX "$T/share"
: >"$T/c.conf"
DB="$T/ro/c.db"
C() { "$T/bin/compendium" -c "$T/c.conf" --db "$DB" "$@"; }
RO() {
	setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" \
		--clear-groups "$T/bin/compendium" -c "$T/c.conf" "$@"
}

# The owner builds the example database: every kind of change.
expect_rc 0 C init
COMPENDIUM="$T/bin/compendium" expect_rc 0 sh "$CP_SRC/examples/entities" \
	--db "$DB"
C ingest "$CP_SRC"/examples/mail/*.eml >/dev/null 2>&1
expect_rc 0 C accept 19
expect_rc 0 C revert 5 --reason "read-only test"
# The writer kept the files a reader needs.
for f in "$DB-wal" "$DB-shm"; do
	if [ -e "$f" ]; then ok; else not_ok "$(basename "$f") not kept"; fi
done
# The last versions left out of the search index, as a writer that died
# before indexing its batch leaves them: a reader searches them all the
# same (store_search.c), in a temporary index of its own.
sqlite3 "$DB" ".filectrl persist_wal 1" "INSERT INTO revision_fts (revision_fts, rowid, mandate, title, instrument, themes, summary) SELECT 'delete', * FROM revision_search WHERE id > 20; UPDATE search_indexed SET upto = 20" >/dev/null ||
	not_ok "leave versions out of the search index"
chmod 0644 "$DB"*

# Each command that only reads: as nobody, exit 0 and the owner's output
# (the owner's taken first: an owner's reader may update the -shm index).
READS='log
log -p --since 2020-01-01
show UNODC/CCPCJ-22/8
show --json ITU/MOU-UNODC-2011
diff UNODC/CCPCJ-22/8 1 2
messages
messages --status rejected
outbox
outbox --status queued --json
message 19
message 14 --raw
held
entity list
focal-point list
focal-point list UNODC
export
search cybercrime
search --history repository
search --json --history -n 3 repository
check'
n=0
while read -r cmd; do
	n=$((n + 1))
	C $cmd >"$T/want.$n" 2>&1
done <<<"$READS"
C export -o "$T/want.xml"
snapshot() { (cd "$T/ro" && ls -l --time-style=+%s && sha256sum -- *); }
snapshot >"$T/before"
n=0
while read -r cmd; do
	n=$((n + 1))
	expect_rc 0 RO --db "$DB" $cmd
	if cmp -s "$T/out" "$T/want.$n"; then ok; else
		not_ok "read-only output differs: $cmd"
		diff "$T/want.$n" "$T/out" | head -20 >&2
	fi
done <<<"$READS"
expect_in "$T/out" "ok: $DB: 22 entries, 29 changes, 22 messages"
expect_rc 0 RO --db "$DB" export -o "$T/pub/c.xml"
if cmp -s "$T/pub/c.xml" "$T/want.xml"; then ok; else
	not_ok "export -o as nobody differs"
fi
expect_rc 0 RO --db "$DB" render -o "$T/pub/c.html"
expect_in "$T/pub/c.html" "CCPCJ-22/8"

# Each command that writes: exit 1, naming the database.
cat >"$T/pub/new.eml" <<'EOF'
From: m.keller@unodc.example
Message-ID: <readonly-1@unodc.example>
Subject: a new entry nobody may add

Entity: UNODC
Mandate: RO-1
Title: Read-only
Summary: Never stored.
EOF
writes() {
	expect_rc 1 RO --db "$DB" "$@"
	expect_in "$T/err" "$DB: cannot write the database: this user may only read it"
}
writes ingest "$T/pub/new.eml"
writes accept 19
writes reject 19
writes reprocess 14
writes revert 3
writes entity add NEWCODE --name "New entity"
writes focal-point add UNODC x@unodc.example
writes focal-point remove UNODC m.keller@unodc.example
writes init
# Dry runs write nothing: a reader may run them.
expect_rc 0 RO --db "$DB" revert 28 --dry-run
expect_in "$T/out" "Action:     revert of change 28"
expect_rc 1 RO --db "$DB" accept 19 --dry-run
expect_in "$T/err" "message 19 is applied, not held"
expect_rc 1 RO --db "$DB" reprocess 14 --dry-run
expect_in "$T/err" "message 14 would be rejected:"
expect_rc 0 RO --db "$DB" held -p
snapshot >"$T/after"
if cmp -s "$T/before" "$T/after"; then ok; else
	not_ok "the database's files changed"
	diff "$T/before" "$T/after" >&2
fi

# A copy whose -wal and -shm are missing (what `sqlite3 .backup` makes):
# a clear error, until a user who may write opens it once.
sqlite3 -readonly "$DB" ".backup '$T/ro/b.db'"
chmod 0644 "$T/ro/b.db"
expect_rc 1 RO --db "$T/ro/b.db" log
expect_in "$T/err" "$T/ro/b.db: cannot read the database: its -wal and -shm files are missing"
expect_in "$T/err" "run \`compendium init\` once as a user who may write"
expect_rc 0 "$T/bin/compendium" -c "$T/c.conf" --db "$T/ro/b.db" init
chmod 0644 "$T/ro/b.db"*
expect_rc 0 RO --db "$T/ro/b.db" log
if cmp -s "$T/out" "$T/want.1"; then ok; else not_ok "log of the copy"; fi

# A copy in rollback-journal mode (what VACUUM INTO makes) is read as it
# is: no -wal or -shm needed, none made.
sqlite3 -readonly "$DB" "VACUUM INTO '$T/ro/v.db'"
chmod 0644 "$T/ro/v.db"
expect_rc 0 RO --db "$T/ro/v.db" log
if cmp -s "$T/out" "$T/want.1"; then ok; else not_ok "log of v.db"; fi
expect_rc 0 RO --db "$T/ro/v.db" check
expect_eq "$(cd "$T/ro" && echo v.db*)" "v.db" "files beside v.db"

# An older schema: refused with what to do, never upgraded.
sqlite3 -readonly "$DB" "VACUUM INTO '$T/ro/old.db'"
sqlite3 "$T/ro/old.db" "DROP INDEX revision_history; PRAGMA user_version = 1"
chmod 0644 "$T/ro/old.db"
sum=$(sha256sum <"$T/ro/old.db")
expect_rc 1 RO --db "$T/ro/old.db" log
expect_in "$T/err" "$T/ro/old.db: database is of an older schema (version 1, this program reads version"
expect_in "$T/err" "): run \`compendium init\` as a user who may write it"
expect_rc 1 RO --db "$T/ro/old.db" check
expect_in "$T/err" "older schema"
expect_eq "$(sha256sum <"$T/ro/old.db")" "$sum" "old.db unchanged"

done_testing
