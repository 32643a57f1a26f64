# SPDX-License-Identifier: MIT
# `compendium revert CHANGE` as git reverts (SPEC §5, "Reviewing, the way
# git users expect"): only the fields CHANGE changed are set back, later
# changes to other fields kept; a later change to the same fields makes
# it refuse (naming the changes and the fields) unless --force; reverting
# a creation withdraws, reverting a withdrawal restores, both refused
# over later changes unless --force; a revert reverted; a revert that
# would change nothing refused.  A refusal changes nothing.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
n=0
# send BODY: a message from UNODC's focal point, ingested.
send() {
	n=$((n + 1))
	{
		printf 'From: Focal <focal@unodc.example>\n'
		printf 'Subject: update %s\nMessage-ID: <r%s@unodc.example>\n' "$n" "$n"
		printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$1"
	} >"$T/$n.eml"
	expect_rc 0 C ingest "$T/$n.eml"
}
# is ENTRY KEY JSON: show --json ENTRY has KEY equal to JSON.
is() {
	expect_rc 0 C show --json "$1"
	json_is "$T/out" "$2" "$3"
}
# unchanged_by WHAT CMD...: CMD exits 1 and the database stays the same.
dump() { sqlite3 "$DB" .dump; }
unchanged_by() {
	what=$1
	shift
	dump >"$T/before.sql"
	expect_rc 1 "$@"
	dump >"$T/after.sql"
	if cmp -s "$T/before.sql" "$T/after.sql"; then ok; else
		not_ok "$what changed the database"
	fi
}

expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "UN Office on Drugs and Crime"
expect_rc 0 C focal-point add UNODC focal@unodc.example

# -- the issue's case: a change, then a legitimate change of other fields --
send 'Entity: UNODC
Mandate: M1
Title: First title
Themes: alpha
Summary: First summary.' # change 1
send 'Entity: UNODC
Mandate: M1
Themes: alpha; beta
Summary: Second summary.' # change 2: Themes, Summary
send 'Entity: UNODC
Mandate: M1
Title: Second title' # change 3: Title only
expect_rc 0 C revert 2
expect_in "$T/out" "change 2 reverted: change 4 makes UNODC/M1 version 4 (current)"
is UNODC/M1 title '"Second title"' # change 3 kept
is UNODC/M1 summary '"First summary."'
is UNODC/M1 themes '["alpha"]'
expect_rc 0 C log -p
expect_in "$T/out" "Action:     revert of change 2"
expect_in "$T/out" "Reason:     Revert change 2"

# -- a revert that would change nothing --
unchanged_by "a no-op revert" C revert 2
expect_in "$T/err" "reverting change 2 would change nothing: UNODC/M1 already has the values from before it"

# -- a revert reverted: change 2's values back, change 3's kept --
expect_rc 0 C revert 4 --reason "beta was right"
expect_in "$T/out" "change 4 reverted: change 5 makes UNODC/M1 version 5"
is UNODC/M1 summary '"Second summary."'
is UNODC/M1 themes '["alpha", "beta"]'
is UNODC/M1 title '"Second title"'

# -- later changes to the same fields: refused, naming them --
send 'Entity: UNODC
Mandate: M1
Summary: Third summary.' # change 6
send 'Entity: UNODC
Mandate: M1
Themes: gamma' # change 7
unchanged_by "a refused revert" C revert 5
expect_in "$T/err" "revert: change 5 changed Themes, Summary; change 6 changed Summary again; change 7 changed Themes again (use --force to restore them anyway)"
unchanged_by "a refused dry run" C revert 5 --dry-run
expect_in "$T/err" "change 6 changed Summary again"
# one field of two changed again is enough
send 'Entity: UNODC
Mandate: M1
Title: Third title
Summary: Fourth summary.' # change 8: Title, Summary
send 'Entity: UNODC
Mandate: M1
Summary: Fifth summary.' # change 9
unchanged_by "a revert over a later change" C revert 8
expect_in "$T/err" "revert: change 8 changed Title, Summary; change 9 changed Summary again (use --force"
# later changes to other fields do not conflict
expect_rc 0 C revert 7
expect_in "$T/out" "change 7 reverted: change 10 makes UNODC/M1 version 10"
is UNODC/M1 themes '["alpha", "beta"]'
is UNODC/M1 title '"Third title"'
is UNODC/M1 summary '"Fifth summary."'

# --force: the values from before change 5 for those fields too
expect_rc 0 C revert 5 --force
expect_in "$T/out" "change 5 reverted: change 11 makes UNODC/M1 version 11"
is UNODC/M1 summary '"First summary."'
is UNODC/M1 themes '["alpha"]'
is UNODC/M1 title '"Third title"'

# -- reverting a creation --
send 'Entity: UNODC
Mandate: M2
Title: Created by mistake
Summary: Nothing.' # change 12
expect_rc 0 C revert 12
expect_in "$T/out" "change 12 reverted: change 13 makes UNODC/M2 version 2 (withdrawn)"
is UNODC/M2 status '"withdrawn"'
is UNODC/M2 title '"Created by mistake"'
unchanged_by "reverting a creation twice" C revert 12
expect_in "$T/err" "would change nothing"
# that revert withdrew the entry: reverting it restores it
expect_rc 0 C revert 13
expect_in "$T/out" "change 13 reverted: change 14 makes UNODC/M2 version 3 (current)"
is UNODC/M2 status '"current"'
# with later changes: refused unless --force
send 'Entity: UNODC
Mandate: M3
Title: Three
Summary: Three.' # change 15
send 'Entity: UNODC
Mandate: M3
Summary: Three, amended.' # change 16
unchanged_by "reverting a creation changed since" C revert 15
expect_in "$T/err" "revert: change 15 created UNODC/M3; later change 16 changed it (use --force to withdraw it anyway)"
expect_rc 0 C revert 15 --force
expect_in "$T/out" "change 15 reverted: change 17 makes UNODC/M3 version 3 (withdrawn)"
is UNODC/M3 summary '"Three, amended."'

# -- reverting a withdrawal --
send 'Entity: UNODC
Mandate: M4
Title: Four
Summary: Four.' # change 18
send 'Entity: UNODC
Mandate: M4
Action: withdraw' # change 19
expect_rc 0 C revert 19
expect_in "$T/out" "change 19 reverted: change 20 makes UNODC/M4 version 3 (current)"
is UNODC/M4 title '"Four"'
# with later changes: the update that brought it back
send 'Entity: UNODC
Mandate: M4
Action: withdraw' # change 21
send 'Entity: UNODC
Mandate: M4
Title: Four, back' # change 22: current again
unchanged_by "reverting a withdrawal changed since" C revert 21
expect_in "$T/err" "revert: change 21 withdrew UNODC/M4; later change 22 changed it (use --force to restore it anyway)"
expect_rc 0 C revert 21 --force
is UNODC/M4 title '"Four"'
is UNODC/M4 status '"current"'
# a later withdrawal conflicts with reverting fields
send 'Entity: UNODC
Mandate: M4
Summary: Four, amended.' # change 24
send 'Entity: UNODC
Mandate: M4
Action: withdraw' # change 25
unchanged_by "reverting fields of an entry withdrawn since" C revert 24
expect_in "$T/err" "revert: change 24 changed Summary; change 25 withdrew the entry (use --force to restore them anyway)"

# -- bad input --
unchanged_by "an unknown change" C revert 999
expect_in "$T/err" "no change 999"
expect_rc 2 C revert
expect_rc 2 C revert x1
expect_rc 0 C check
done_testing
