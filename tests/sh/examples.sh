# SPDX-License-Identifier: MIT
# The bundled examples end to end: the outcomes examples/README.md
# promises, ingesting twice gives the same database as once, and `show
# --at` before and after an amendment.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
expect_rc 0 C init
COMPENDIUM="$COMPENDIUM" expect_rc 0 sh "$CP_SRC/examples/entities" --db "$DB"

# One message a day from 2026-03-01, so history has distinct times.
day=1
for f in "$CP_SRC"/examples/mail/*.eml; do
	export COMPENDIUM_NOW=$(printf '2026-03-%02dT09:00:00Z' "$day")
	C ingest "$f" >>"$T/first" 2>&1
	day=$((day + 1))
done
unset COMPENDIUM_NOW
expect_in "$T/first" "14-rejected-unwomen-unknown-area.eml: message 14"
expect_in "$T/first" 'body line 27: UN-Women/CSW-57-AC: Areas: unknown area "advocacy"'
expect_in "$T/first" "19-held-iaea-unregistered-sender.eml: message 19"
expect_in "$T/first" "held: t.novak@iaea.example is not a focal point of IAEA"
expect_in "$T/first" "22-ohchr-amend-adopted-date.eml: message 22"
expect_in "$T/first" "applied: change 27; unchanged OHCHR/HRC-20/8"
expect_eq "$(grep -c ': applied' "$T/first")" 20 "applied messages"
expect_eq "$(grep -c ': rejected' "$T/first")" 1 "rejected messages"

snapshot() {
	python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT r.id, e.mandate, r.version, r.status, r.title, "
        "r.instrument, r.adopted, r.areas, r.themes, r.urls, r.summary, "
        "r.reason, r.changed, r.sender FROM revision r JOIN entry e "
        "ON e.id = r.entry_id ORDER BY r.id"):
    print(repr(row))
for row in db.execute("SELECT count(*), status FROM message GROUP BY status "
        "ORDER BY status"):
    print(repr(row))
PY
}
snapshot >"$T/snap1"
expect_rc 0 C ingest "$CP_SRC"/examples/mail/*.eml # all duplicates: none rejected
expect_in "$T/out" "22 messages: 0 applied, 0 rejected, 0 held, 22 duplicate"
snapshot >"$T/snap2"
# Only the duplicates' own rows differ: the history is the same.
grep -v "'duplicate')" "$T/snap1" >"$T/h1"
grep -v "'duplicate')" "$T/snap2" >"$T/h2"
if cmp -s "$T/h1" "$T/h2"; then ok; else
	not_ok "second ingest changed the history"
	diff "$T/h1" "$T/h2" >&2
fi
expect_in "$T/snap2" "(22, 'duplicate')"

# UNODC/CCPCJ-22/8 was amended by message 17 (2026-03-17).
expect_rc 0 C show --json UNODC/CCPCJ-22/8 --at 2026-03-16
json_is "$T/out" version 1
expect_rc 0 C show --json UNODC/CCPCJ-22/8 --at 2026-03-17
json_is "$T/out" version 2
json_is "$T/out" changed '"2026-03-17T09:00:00Z"'
expect_rc 1 C show UNODC/CCPCJ-22/8 --at 2026-02-28
# ITU/MOU-UNODC-2011 was withdrawn by message 20 (2026-03-20).
expect_rc 0 C show --json ITU/MOU-UNODC-2011 --at 2026-03-19
json_is "$T/out" status '"current"'
expect_rc 0 C show --json ITU/MOU-UNODC-2011
json_is "$T/out" status '"withdrawn"'

# The held message, accepted, is the 28th change.
expect_rc 0 C accept 19
expect_in "$T/out" "applied: change 28"

done_testing
