# SPDX-License-Identifier: MIT
# The backup of README.md ("Backup and restore"): SQLite's online backup
# (`sqlite3 -readonly DB ".backup FILE"`, and `VACUUM INTO`), taken while
# a writer goes on ingesting, passes `compendium check` and holds every
# message the writer had reported before it; a restored copy works.  No
# clock is read: the backup starts when the writer has said it wrote N
# messages, and the writer is stopped by its pid once it has written
# more after the backup.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || {
	echo "backup: skipped (no sqlite3 command)"
	exit 0
}
N=20
DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C focal-point add UNODC m.keller@unodc.example

# One new entry a message, through `ingest -`; "written I" after each.
# SIGTERM ends it once the message in hand is stored (bash runs the trap
# when the command it waits for is done).
writer() {
	trap 'exit 0' TERM
	i=0
	while :; do
		i=$((i + 1))
		printf '%s\n' "From: m.keller@unodc.example" \
			"Message-ID: <backup-$i@unodc.example>" \
			"Subject: backup test $i" "" "Entity: UNODC" \
			"Mandate: BACKUP-$i" "Title: Backup test $i" \
			"Summary: Written while a backup is taken." |
			C ingest - >>"$T/writer.log" 2>&1 || exit 1
		echo "written $i"
	done
}
# until_written K: read the writer's reports until it has written K.
until_written() {
	while read -r _ i <&3; do
		[ "$i" -ge "$1" ] && return 0
	done
	return 1
}
mkfifo "$T/reports"
writer >"$T/reports" &
wpid=$!
exec 3<"$T/reports"
if until_written "$N"; then ok; else
	not_ok "the writer stopped before $N messages"
	cat "$T/writer.log" >&2
fi

# The backups, while the writer writes.
# .timeout as the README says: a reader may meet the writer's lock for a
# moment (without it, sqlite3 gives up at once: "database is locked")
expect_rc 0 sqlite3 -readonly -cmd '.timeout 60000' "$DB" ".backup '$T/backup.db'"
expect_rc 0 sqlite3 -readonly -cmd '.timeout 60000' "$DB" "VACUUM INTO '$T/vacuum.db'"
# The writer went on: more messages after the backups.
if until_written $((N + 5)); then ok; else
	not_ok "the writer stopped during the backup"
fi
kill "$wpid"
wait "$wpid"
expect_eq "$?" 0 "the writer's exit"
exec 3<&-
# The live database: each of the writer's messages, the files kept.
expect_rc 0 C check
written=$(sed -n 's/^ok: .*, \([0-9]*\) messages$/\1/p' "$T/out")
expect_eq "$([ "${written:-0}" -ge $((N + 5)) ] && echo yes)" yes \
	"messages in the live database ($written)"

for copy in backup vacuum; do
	expect_rc 0 "$COMPENDIUM" --db "$T/$copy.db" check
	expect_in "$T/out" "ok: $T/$copy.db: "
	n=$(sed -n 's/^ok: .*, \([0-9]*\) messages$/\1/p' "$T/out")
	expect_eq "$([ "${n:-0}" -ge "$N" ] && [ "$n" -le "$written" ] &&
		echo yes)" yes "messages in $copy.db ($n, at least $N)"
	expect_rc 0 "$COMPENDIUM" --db "$T/$copy.db" show UNODC/BACKUP-$N
done

# Restoring, as README.md says: the old files aside, the copy in place,
# `init` by the owner (the -wal and -shm made and kept), then check.
mkdir "$T/old"
mv "$DB" "$DB-wal" "$DB-shm" "$T/old/"
cp "$T/backup.db" "$DB"
expect_rc 0 C init
expect_rc 0 C check
for f in "$DB-wal" "$DB-shm"; do
	if [ -e "$f" ]; then ok; else not_ok "$(basename "$f") after init"; fi
done
expect_rc 0 C show UNODC/BACKUP-$N

done_testing
