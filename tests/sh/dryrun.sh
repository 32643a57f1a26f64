# SPDX-License-Identifier: MIT
# Dry runs (SPEC §5, "Reviewing, the way git users expect"): `accept ID
# --dry-run`, `reprocess ID --dry-run` and `revert CHANGE --dry-run` print
# the `log -p` paragraphs the command would add, exactly as `log -p` then
# shows them once it is run (the same time, numbers and diff), and leave
# the database as it was (its `.dump` the same); they exit 1 with the
# reason where the command would fail.  `held -p`: each held message and
# what accepting it would change.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || {
	echo "dryrun: skipped (no sqlite3 command)"
	exit 0
}
DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"
export COMPENDIUM_NOW=2026-04-01T10:00:00Z

# dry WANT CMD...: CMD exits WANT and the database stays the same.
dry() {
	want=$1
	shift
	sqlite3 "$DB" .dump >"$T/before.sql"
	expect_rc "$want" C "$@"
	sqlite3 "$DB" .dump >"$T/after.sql"
	if cmp -s "$T/before.sql" "$T/after.sql"; then ok; else
		not_ok "a dry run changed the database: $*"
		diff "$T/before.sql" "$T/after.sql" | head -10 >&2
	fi
}
# same_as_log FILE N...: FILE (a dry run's output) holds exactly the
# paragraphs of changes N... as `log -p` shows them now.
same_as_log() {
	f=$1
	shift
	C log -p >"$T/log"
	python3 - "$T/log" "$@" >"$T/want" <<'PY'
import re, sys
paras = re.split(r"\n(?=change \d+ )", open(sys.argv[1]).read())
want = [p.rstrip("\n") for n in reversed(sys.argv[2:])
        for p in paras if p.startswith("change %s " % n)]
print("\n\n".join(want))
PY
	if cmp -s "$f" "$T/want"; then ok; else
		not_ok "the dry run differs from log -p of change(s) $*"
		diff "$T/want" "$f" | head -20 >&2
	fi
}
# mail FILE ID FROM BODY
mail() {
	{
		printf 'From: <%s>\nSubject: %s\nMessage-ID: <%s>\n' "$3" "$2" "$2"
		printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$4"
	} >"$1"
}

# -- held -p: message 19 (an unregistered IAEA sender) and its change --
dry 0 held -p
cp "$T/out" "$T/held-p"
expect_in "$T/held-p" "$(printf '19\t2026-03-19T09:00:00Z\tt.novak@iaea.example\t')"
expect_in "$T/held-p" "    held: t.novak@iaea.example is not a focal point of IAEA"
expect_in "$T/held-p" "change 28 2026-04-01T10:00:00Z"
expect_in "$T/held-p" "    Entry:      IAEA/NSS-17 (version 2)"
expect_in "$T/held-p" "      + forensics"
expect_rc 0 C held
expect_not_in "$T/out" "change 28"

# -- accept --dry-run, then accept: the same paragraph --
dry 0 accept 19 --dry-run
cp "$T/out" "$T/accept"
expect_in "$T/accept" "Action:     update"
expect_rc 0 C accept 19
same_as_log "$T/accept" 28
dry 1 accept 19 --dry-run
expect_in "$T/err" "message 19 is applied, not held"
dry 1 accept 999 --dry-run
dry 2 accept --dry-run

# -- an accept that would fail: exit 1, the reason; held -p says it --
mail "$T/w.eml" w1@x stranger@itu.example 'Entity: ITU
Mandate: WSIS-C5
Action: withdraw'
expect_rc 0 C ingest "$T/w.eml"
wid=$(C held | awk -F'\t' '/^[0-9].*stranger@itu/ {print $1}')
mail "$T/w2.eml" w2@x k.mensah@itu.example 'Entity: ITU
Mandate: WSIS-C5
Action: withdraw'
expect_rc 0 C ingest "$T/w2.eml" # change 29
dry 1 accept "$wid" --dry-run
expect_in "$T/err" "message $wid cannot be applied; it would stay held:"
expect_in "$T/err" "cannot withdraw an already withdrawn entry"
dry 0 held -p
expect_in "$T/out" "    would not apply: "
expect_in "$T/out" "cannot withdraw an already withdrawn entry"
expect_rc 1 C accept "$wid" # the real command agrees
expect_in "$T/err" "cannot withdraw an already withdrawn entry"

# -- reprocess --dry-run: rejected, held, applied --
dry 1 reprocess 14 --dry-run
expect_in "$T/err" "message 14 would be rejected:"
expect_in "$T/err" 'Areas: unknown area "advocacy"'
mail "$T/f.eml" f1@x new@foo.example 'Entity: FOO
Mandate: F1
Title: Foo
Summary: A new entity'"'"'s entry.'
expect_rc 1 C ingest "$T/f.eml" # unknown entity: rejected
fid=$(C messages --status rejected | awk -F'\t' '/^[0-9].*new@foo/ {print $1}')
expect_rc 0 C entity add FOO --name "Foo"
dry 0 reprocess "$fid" --dry-run
expect_in "$T/out" "message $fid would be held: new@foo.example is not a focal point of FOO"
expect_rc 0 C focal-point add FOO new@foo.example
dry 0 reprocess "$fid" --dry-run
cp "$T/out" "$T/reprocess"
expect_in "$T/reprocess" "change 30 2026-04-01T10:00:00Z"
expect_in "$T/reprocess" "Action:     new"
expect_rc 0 C reprocess "$fid"
same_as_log "$T/reprocess" 30
dry 1 reprocess "$fid" --dry-run
expect_in "$T/err" "only rejected or held messages are reprocessed"

# -- revert --dry-run: the withdrawal of change 25, restored --
dry 0 revert 25 --dry-run --reason "not a duplicate"
cp "$T/out" "$T/revert"
expect_in "$T/revert" "change 31 2026-04-01T10:00:00Z"
expect_in "$T/revert" "Action:     revert of change 25"
expect_in "$T/revert" "Status: withdrawn -> current"
expect_rc 0 C revert 25 --reason "not a duplicate"
same_as_log "$T/revert" 31
dry 1 revert 25 --dry-run
expect_in "$T/err" "would change nothing"
dry 1 revert 1 --dry-run # created UNODC/CCPCJ-22/8, changed by 23
expect_in "$T/err" "revert: change 1 created UNODC/CCPCJ-22/8; later change 23 changed it (use --force to withdraw it anyway)"
dry 0 revert 1 --dry-run --force
expect_in "$T/out" "Status: current -> withdrawn"
dry 1 revert 999 --dry-run
expect_in "$T/err" "no change 999"
expect_rc 0 C check
done_testing
