# SPDX-License-Identifier: MIT
# The compendium command end to end: SPEC §2, §3 and §5 on real messages.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }

# msg FILE ID FROM BODY: a plain message.
msg() {
	{
		printf 'From: Focal <%s>\nTo: compendium@un.example\n' "$3"
		printf 'Subject: update %s\nMessage-ID: <%s>\n' "$2" "$2"
		printf 'Date: Mon, 2 Nov 2026 10:00:00 +0000\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$4"
	} >"$1"
}

# -- usage and help --
expect_rc 2 "$COMPENDIUM"
expect_rc 2 "$COMPENDIUM" frobnicate
expect_in "$T/err" 'unknown command "frobnicate"'
expect_rc 0 "$COMPENDIUM" --help
for cmd in init entity focal-point ingest log show diff held accept reject \
	revert messages reprocess; do
	expect_rc 0 "$COMPENDIUM" "$cmd" --help
	expect_in "$T/out" "usage: compendium $cmd"
done
expect_rc 2 C show
expect_rc 2 C log --since tomorrow
expect_rc 2 C accept notanumber

# -- a database that is not there, then init --
expect_rc 1 C entity list
expect_in "$T/err" "compendium init"
expect_rc 0 C init
expect_rc 0 C init # upgrading an up-to-date database is fine
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C entity add ITU --name "International Telecommunication Union"
expect_rc 0 C entity add UN-Women --name "UN Women"
expect_rc 1 C entity add unodc --name "again"
expect_in "$T/err" "already registered"
expect_rc 1 C entity add "bad code" --name X
expect_rc 0 C focal-point add UNODC Focal@UNODC.example
expect_rc 0 C focal-point add itu cyber@itu.example
expect_rc 1 C focal-point add NOPE x@y.example
expect_in "$T/err" 'unknown entity "NOPE"'
expect_rc 1 C focal-point add ITU not-an-address
expect_rc 0 C focal-point list
expect_in "$T/out" "UNODC	focal@unodc.example"
expect_rc 0 C focal-point add ITU old@itu.example
expect_rc 0 C focal-point remove itu OLD@itu.example
expect_rc 0 C focal-point list ITU
expect_not_in "$T/out" "old@itu.example"

# -- a first entry, then an amendment, at known times --
msg "$T/1.eml" one@x focal@unodc.example 'Please record the following:
Entity: unodc
Mandate: CCPCJ-22/8
Title: Central data repository on cybercrime
Adopted: 2013-04-26
Areas: Technical; capacity-building; technical
Themes: criminal justice; Criminal Justice, best practices
URL: https://www.unodc.org/
Summary: Requests UNODC to develop a central data repository
 on cybercrime legislation.
 .
 A second paragraph.
Reason: first

-- 
Focal'
export COMPENDIUM_NOW=2026-01-10T12:00:00Z
expect_rc 0 C ingest "$T/1.eml"
expect_in "$T/out" "message 1 <one@x>: applied: change 1"
expect_in "$T/out" "1 message: 1 applied, 0 rejected, 0 held, 0 duplicate"

msg "$T/2.eml" two@x FOCAL@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Summary: Requests UNODC to develop a central data repository
 on cybercrime legislation.
 .
 A second, amended paragraph.
Instrument: CCPCJ resolution 22/8
Reason: amended'
export COMPENDIUM_NOW=2026-02-10T12:00:00Z
expect_rc 0 C ingest "$T/2.eml"
expect_in "$T/out" "applied: change 2"

expect_rc 0 C show --json UNODC/CCPCJ-22/8
json_is "$T/out" entity '"UNODC"'
json_is "$T/out" version 2
json_is "$T/out" status '"current"'
json_is "$T/out" instrument '"CCPCJ resolution 22/8"'
json_is "$T/out" areas '["technical", "capacity-building"]'
json_is "$T/out" themes '["criminal justice", "best practices"]'
json_is "$T/out" urls '["https://www.unodc.org/"]'
json_is "$T/out" summary '"Requests UNODC to develop a central data repository on cybercrime legislation.\n\nA second, amended paragraph."'
json_is "$T/out" changed '"2026-02-10T12:00:00Z"'
json_is "$T/out" sender '"focal@unodc.example"'
json_is "$T/out" adopted '"2013-04-26"'
python3 -c 'import json,sys; sys.exit(0 if sorted(json.load(open(sys.argv[1]))) == sorted("entity mandate version status title instrument adopted areas themes urls summary changed sender".split()) else 1)' "$T/out" && ok || not_ok "show --json keys are not exactly SPEC's"
expect_rc 0 C show --json UNODC/CCPCJ-22/8 --at 2026-01-31
json_is "$T/out" version 1
json_is "$T/out" instrument null
expect_rc 0 C show --json UNODC/CCPCJ-22/8 --at 2026-01-10T12:00:00Z
json_is "$T/out" version 1
expect_rc 0 C show --json UNODC/CCPCJ-22/8 --at 2026-02-10T13:00:00+01:00
json_is "$T/out" version 2
expect_rc 1 C show UNODC/CCPCJ-22/8 --at 2026-01-09
expect_in "$T/err" "no entry UNODC/CCPCJ-22/8 as of 2026-01-09T23:59:59Z"
expect_rc 1 C show UNODC/nope
expect_rc 1 C show unodc/ccpcj-22/8 # mandates are case-sensitive

# The text form of show is an entry again: it parses back to no change.
expect_rc 0 C show UNODC/CCPCJ-22/8
expect_in "$T/out" "Areas: technical; capacity-building"
{
	printf 'From: <focal@unodc.example>\nMessage-ID: <roundtrip@x>\n\n'
	cat "$T/out"
} >"$T/rt.eml"
expect_rc 0 C ingest "$T/rt.eml"
expect_in "$T/out" "applied: unchanged UNODC/CCPCJ-22/8"
# `messages` counts the unchanged entry too (SPEC §1; regression: only
# ingest did)
expect_rc 0 C messages
expect_in "$T/out" "<roundtrip@x>"
expect_in "$T/out" "    unchanged: UNODC/CCPCJ-22/8"

# -- the log --
expect_rc 0 C log
expect_in "$T/out" "change 2 2026-02-10T12:00:00Z"
expect_in "$T/out" "Message-ID: <two@x>"
expect_in "$T/out" "Entry:      UNODC/CCPCJ-22/8 (version 2)"
expect_in "$T/out" "Reason:     amended"
head -n 1 "$T/out" >"$T/first"
expect_in "$T/first" "change 2 " # newest first
expect_rc 0 C log --since 2026-02-10
expect_not_in "$T/out" "change 1 "
expect_rc 0 C log --entity itu
expect_eq "$(wc -c <"$T/out")" 0 "log of an entity without changes"
expect_rc 1 C log --entity NOPE
expect_rc 0 C log -p
expect_in "$T/out" "A [-second-]{+second, amended+} paragraph."
expect_in "$T/out" "    Instrument:"
expect_in "$T/out" "+ CCPCJ resolution 22/8"
expect_rc 0 C diff UNODC/CCPCJ-22/8 1 2
expect_in "$T/out" "diff UNODC/CCPCJ-22/8 version 1 -> 2"
expect_in "$T/out" "{+second, amended+}"
expect_rc 1 C diff UNODC/CCPCJ-22/8 1 7

# -- a rejected message: nothing applied, errors name line and field --
msg "$T/3.eml" three@x focal@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Adopted: 2013-02-30

Entity: UNODC
Mandate: NEW-1
Title: t
Summary: s
Areas: legal; space'
expect_rc 1 C ingest "$T/3.eml"
expect_in "$T/out" "rejected"
expect_in "$T/out" 'body line 3: UNODC/CCPCJ-22/8: Adopted: "2013-02-30" is not a real date'
expect_in "$T/out" 'body line 9: UNODC/NEW-1: Areas: unknown area "space"'
expect_rc 1 C show UNODC/NEW-1
expect_rc 0 C messages --status rejected
expect_in "$T/out" "<three@x>"
expect_in "$T/out" '    body line 3: UNODC/CCPCJ-22/8: Adopted:'

# -- held: unknown sender; accept; reject --
msg "$T/4.eml" four@x someone@elsewhere.example 'Entity: ITU
Mandate: PP-130
Title: Strengthening the role of ITU in building confidence and security
Summary: Resolution 130.'
expect_rc 0 C ingest "$T/4.eml"
expect_in "$T/out" "held: someone@elsewhere.example is not a focal point of ITU"
expect_rc 0 C held
expect_in "$T/out" "someone@elsewhere.example	update four@x	ITU"
held_id=$(cut -f1 "$T/out" | head -n 1)
expect_rc 1 C show ITU/PP-130
expect_rc 0 C accept "$held_id"
expect_in "$T/out" "applied: change"
expect_rc 0 C show ITU/PP-130
expect_rc 1 C accept "$held_id"
expect_in "$T/err" "not held"

msg "$T/5.eml" five@x focal@unodc.example 'Entity: ITU
Mandate: PP-130
Summary: UNODC speaking for ITU.'
expect_rc 0 C ingest "$T/5.eml"
expect_in "$T/out" "held: focal@unodc.example is not a focal point of ITU"
expect_rc 0 C held
held_id=$(cut -f1 "$T/out" | head -n 1)
expect_rc 0 C reject "$held_id" --reason "not theirs"
expect_rc 0 C messages --status rejected
expect_in "$T/out" "rejected by a maintainer: not theirs"
expect_rc 0 C held
expect_eq "$(wc -c <"$T/out")" 0 "no held message left"

# -- duplicates: by Message-ID whatever the first's status --
expect_rc 0 C ingest "$T/3.eml"
expect_in "$T/out" "duplicate of message"
expect_in "$T/out" "1 message: 0 applied, 0 rejected, 0 held, 1 duplicate"
printf 'From: focal@unodc.example\n\nEntity: UNODC\nMandate: X1\nTitle: t\nSummary: s\n' >"$T/noid.eml"
expect_rc 0 C ingest "$T/noid.eml" "$T/noid.eml"
expect_in "$T/out" "(no Message-ID): applied"
expect_in "$T/out" "(no Message-ID): duplicate of message"

# -- reprocess: a held message after the cause is gone --
msg "$T/6.eml" six@x focal@unodc.example 'Entity: UN-Women
Mandate: CSW-57
Title: Elimination and prevention of all forms of violence
Summary: Agreed conclusions.'
expect_rc 0 C ingest "$T/6.eml"
expect_in "$T/out" "held: focal@unodc.example is not a focal point of UN-Women"
id6=$(awk '/six@x/ {print $3}' "$T/out")
expect_rc 0 C focal-point add un-women focal@unodc.example
expect_rc 0 C reprocess "$id6"
expect_in "$T/out" "applied: change"
expect_rc 1 C reprocess "$id6"
expect_in "$T/err" "only rejected or held messages are reprocessed"

# -- withdraw, withdraw again, bring back, revert --
msg "$T/7.eml" seven@x focal@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Action: withdraw
Reason: superseded'
export COMPENDIUM_NOW=2026-03-10T12:00:00Z
expect_rc 0 C ingest "$T/7.eml"
wchange=$(sed -n 's/.*applied: change \([0-9]*\).*/\1/p' "$T/out")
expect_rc 0 C show --json UNODC/CCPCJ-22/8
json_is "$T/out" status '"withdrawn"'
json_is "$T/out" title '"Central data repository on cybercrime"'
msg "$T/8.eml" eight@x focal@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Action: withdraw'
expect_rc 1 C ingest "$T/8.eml"
expect_in "$T/out" "cannot withdraw an already withdrawn entry"
expect_rc 0 C revert "$wchange" --reason "withdrawn by mistake"
expect_in "$T/out" "(current)"
expect_rc 0 C show --json UNODC/CCPCJ-22/8
json_is "$T/out" status '"current"'
expect_rc 0 C log
expect_in "$T/out" "Action:     revert of change $wchange"
expect_in "$T/out" "Reason:     withdrawn by mistake"
expect_rc 1 C revert "$wchange"
expect_in "$T/err" "would change nothing"
expect_rc 1 C revert 999

# -- a database from a newer program is refused --
cp "$DB" "$T/newer.db"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 99"); c.commit()' "$T/newer.db"
expect_rc 1 "$COMPENDIUM" --db "$T/newer.db" log
expect_in "$T/err" "newer than this program"

# -- configuration: the database comes from [store] --
printf '[store]\ndatabase = %s\n' "$DB" >"$T/conf"
expect_rc 0 "$COMPENDIUM" -c "$T/conf" entity list
expect_in "$T/out" "UNODC"
printf '[store]\ndatabase = %s\nbogus = 1\n' "$DB" >"$T/conf"
expect_rc 1 "$COMPENDIUM" -c "$T/conf" entity list
expect_in "$T/err" "conf:3: unknown key \"bogus\" in section [store]"
expect_rc 1 "$COMPENDIUM" -c "$T/nonexistent.conf" entity list

# -- stdin, mbox and Maildir --
sed 's/one@x/stdin@x/' "$T/1.eml" >"$T/s.eml"
expect_rc 0 C ingest - <"$T/s.eml"
expect_in "$T/out" "-: message"
expect_in "$T/out" "<stdin@x>: applied: change" # back to the first summary
{
	printf 'From focal@unodc.example Mon Nov  2 10:00:00 2026\n'
	sed 's/one@x/mbox1@x/' "$T/1.eml"
	printf '\nFrom focal@unodc.example Mon Nov  2 10:00:00 2026\n'
	sed -e 's/one@x/mbox2@x/' -e 's/^Reason: first/Reason: first\n>From the mbox/' "$T/1.eml"
	printf '\n'
} >"$T/box"
expect_rc 1 C ingest "$T/box"
expect_in "$T/out" "box#1: message"
expect_in "$T/out" "box#2: message"
expect_in "$T/out" '"From the mbox" is neither a field'
mkdir -p "$T/md/cur" "$T/md/new" "$T/md/tmp"
sed 's/one@x/md1@x/' "$T/1.eml" >"$T/md/new/1700000001.1.host"
sed 's/one@x/md2@x/' "$T/1.eml" >"$T/md/cur/1700000000.1.host:2,S"
expect_rc 0 C ingest "$T/md"
expect_in "$T/out" "md/new/1700000001.1.host: message"
expect_in "$T/out" "md/cur/1700000000.1.host:2,S: message"
expect_in "$T/out" "2 messages: 2 applied"
mkdir -p "$T/notmd"
expect_rc 1 C ingest "$T/notmd"
expect_in "$T/err" "not a Maildir"
expect_rc 1 C ingest "$T/missing.eml"
expect_in "$T/err" "missing.eml: No such file or directory"

# -- a list whose items only changed order (regression: `diff` and `log -p`
# printed an empty "Themes:" heading while the export showed the change) --
msg "$T/order1.eml" order1@x focal@unodc.example 'Entity: UNODC
Mandate: ORDER-1
Title: Order
Summary: Themes change order.
Themes: alpha; beta'
msg "$T/order2.eml" order2@x focal@unodc.example 'Entity: UNODC
Mandate: ORDER-1
Themes: beta; alpha'
expect_rc 0 C ingest "$T/order1.eml" "$T/order2.eml"
expect_rc 0 C diff UNODC/ORDER-1 1 2
expect_in "$T/out" "Themes (order changed):"
expect_in "$T/out" "      - alpha"
expect_in "$T/out" "      + beta"
expect_rc 0 C log -p --entity UNODC
expect_in "$T/out" "Themes (order changed):"

done_testing
