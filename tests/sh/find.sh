# SPDX-License-Identifier: MIT
# Finding (SPEC §5): log narrowed to entities and entries, by time
# (dates, today, yesterday, Nd, Nw), sender and reason, -n and --oneline;
# show CODE/MANDATE@N; diff N M; "did you mean" for unknown names.  On
# the example database, with COMPENDIUM_NOW fixing "now".
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }

# msg FILE ID FROM BODY: a plain message.
msg() {
	{
		printf 'From: Focal <%s>\nTo: compendium@un.example\n' "$3"
		printf 'Subject: update %s\nMessage-ID: <%s>\n' "$2" "$2"
		printf 'Date: Mon, 23 Mar 2026 10:00:00 +0000\n'
		printf 'Content-Type: text/plain; charset=utf-8\n\n%s\n' "$4"
	} >"$1"
}

# lines WANT: the output has WANT lines.
lines() {
	expect_eq "$(wc -l <"$T/out" | tr -d ' ')" "$1" "lines of output"
}

# changes N...: the --oneline output lists exactly changes N..., in order.
changes() {
	expect_eq "$(cut -f1 "$T/out" | tr '\n' ' ')" "$* " "changes listed"
}

# The examples: changes 1-27 from 2026-03-01 to 2026-03-22T09:00:00Z,
# then two versions of UNODC/CCPCJ-22/8 in the same second (changes 28
# and 29, versions 3 and 4; the second reorders the themes).
example_db "$DB"
msg "$T/a.eml" same-1@x m.keller@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Title: Repository, the third version
Reason: Same second, the first.'
msg "$T/b.eml" same-2@x cybercrime@unodc.example 'Entity: UNODC
Mandate: CCPCJ-22/8
Title: Repository, the fourth version
Themes: best practices; crime prevention; criminal justice
Reason: Same second, the second.'
export COMPENDIUM_NOW=2026-03-23T10:00:00Z
expect_rc 0 C ingest "$T/a.eml" "$T/b.eml"
export COMPENDIUM_NOW=2026-03-23T12:00:00Z

# -- --oneline: number TAB time TAB CODE/MANDATE TAB action TAB sender --
expect_rc 0 C log --oneline
lines 29
changes $(seq 29 -1 1)
T1=$(printf '23\t2026-03-17T09:00:00Z\tUNODC/CCPCJ-22/8\tupdate\tcybercrime@unodc.example')
expect_in "$T/out" "$T1"
expect_in "$T/out" "$(printf '25\t2026-03-20T09:00:00Z\tITU/MOU-UNODC-2011\twithdraw\tcybersecurity@itu.example')"
expect_in "$T/out" "$(printf '1\t2026-03-01T09:00:00Z\tUNODC/CCPCJ-22/8\tnew\tm.keller@unodc.example')"
# with -p each line is followed by the fields changed
expect_rc 0 C log --oneline -p -n 1
expect_eq "$(head -n 1 "$T/out")" "$(printf '29\t2026-03-23T10:00:00Z\tUNODC/CCPCJ-22/8\tupdate\tcybercrime@unodc.example')" "oneline -p first line"
expect_in "$T/out" "    Title:"
expect_in "$T/out" "      + Repository, the fourth version"
expect_in "$T/out" "    Themes (order changed):"

# -- -n N: the newest N --
expect_rc 0 C log --oneline -n 3
changes 29 28 27
expect_rc 0 C log --max-count=2 --oneline
changes 29 28
expect_rc 0 C log -n 1
expect_eq "$(head -n 1 "$T/out")" "change 29 2026-03-23T10:00:00Z" "log -n 1"
expect_eq "$(grep -c '^change ' "$T/out")" 1 "paragraphs of log -n 1"
expect_rc 0 C log -n 1000 --oneline
lines 29

# -- entities and entries --
expect_rc 0 C log --oneline UNODC/CCPCJ-22/8 # one entry's log
changes 29 28 23 1
expect_rc 0 C log --oneline unodc/CCPCJ-22/8 # the code in any case
changes 29 28 23 1
expect_rc 0 C log --oneline ITU/WSIS-C5 UNODC/GA-65/230
changes 24 4 2
expect_rc 0 C log --oneline itu
changes 25 24 7 6 5 4
expect_rc 0 C log --oneline ITU --entity wfp # --entity is one more CODE
changes 25 24 11 7 6 5 4
expect_rc 0 C log --oneline --entity WFP
changes 11
expect_rc 0 C log --oneline OHCHR UNODC/GA-65/230 ITU/X.1205
changes 27 15 14 6 2
expect_rc 0 C log -p UNODC/CCPCJ-22/8 -n 2 # the paragraphs, with the diff
expect_eq "$(grep -c '^change ' "$T/out")" 2 "paragraphs of one entry"
expect_in "$T/out" "    Entry:      UNODC/CCPCJ-22/8 (version 4)"
expect_in "$T/out" "    Entry:      UNODC/CCPCJ-22/8 (version 3)"
expect_in "$T/out" "      - Central data repository on cybercrime"
expect_not_in "$T/out" "GA-65/230"

# -- --since and --until: dates, times, today, yesterday, Nd, Nw --
expect_rc 0 C log --oneline --until 2026-03-09 # a bare date: its end
changes 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1
expect_rc 0 C log --oneline --since 2026-03-09 --until 2026-03-09
changes 15 14
expect_rc 0 C log --oneline --until 2026-03-09T08:59:59Z --since 2026-03-08
changes 13
expect_rc 0 C log --oneline --until 2026-03-09T11:00:00+02:00 -n 1
changes 15
expect_rc 0 C log --oneline --since today
changes 29 28
expect_rc 0 C log --oneline --since yesterday # its start: 27 too
changes 29 28 27
expect_rc 0 C log --oneline --until yesterday -n 2 # its end
changes 27 26
expect_rc 0 C log --oneline --since yesterday --until yesterday
changes 27
expect_rc 0 C log --oneline --until today -n 1
changes 29
expect_rc 0 C log --oneline --since Today --until TODAY
changes 29 28
expect_rc 0 C log --oneline --since 1d # exactly 24 h: not 27 (09:00)
changes 29 28
expect_rc 0 C log --oneline --since 2d # 2026-03-21T12:00:00Z
changes 29 28 27
expect_rc 0 C log --oneline --until 2d -n 1 # 26 was at 09:00 that day
changes 26
expect_rc 0 C log --oneline --since 2w # 2026-03-09T12:00:00Z
expect_eq "$(tail -n 1 "$T/out" | cut -f1)" 16 "oldest of --since 2w"
expect_rc 0 C log --oneline --until 2w -n 1
changes 15
expect_rc 0 C log --oneline --since 0d # now: nothing after it
lines 0
expect_rc 0 C log --oneline --since 999999w --until 3w
changes 7 6 5 4 3 2 1
# "now" is COMPENDIUM_NOW: the same words a day later
COMPENDIUM_NOW=2026-03-24T00:00:00Z expect_rc 0 C log --oneline --since yesterday
changes 29 28

# -- --sender, --grep --
expect_rc 0 C log --oneline --sender M.Keller@UNODC.example
changes 28 3 2 1
expect_rc 0 C log --oneline --sender k.mensah@itu.example --since 2026-03-10
changes 24
expect_rc 0 C log --oneline --sender keller@unodc.example # the whole address
lines 0
expect_rc 0 C log --oneline --grep 'SAME SECOND'
changes 29 28
expect_rc 0 C log --oneline --grep 'PREMIÈRE' # case beyond ASCII too
changes 15 14
expect_rc 0 C log --oneline --grep 'DÉCEMBRE 2013'
changes 27
expect_rc 0 C log --oneline --grep 'first' UNODC -n 2
changes 28 3
expect_rc 0 C log --oneline --grep 'first entry' --sender m.keller@unodc.example --until 2026-03-01
changes 3 2 1
expect_rc 0 C log --oneline --grep '%' # text, not a pattern
lines 0
expect_rc 0 C log --oneline --grep 'para. 8'
changes 23
expect_rc 0 C log --grep 'no reason says this'
lines 0

# -- bad values: exit 2, naming the option and the value --
expect_rc 2 C log --since 1x
expect_in "$T/err" '--since: "1x" is not a date'
expect_rc 2 C log --until tomorrow
expect_in "$T/err" '--until: "tomorrow" is not a date'
expect_rc 2 C log --since -3d
expect_in "$T/err" '--since: "-3d"'
expect_rc 2 C log --since 1m
expect_in "$T/err" '--since: "1m"'
expect_rc 2 C log --until 2026-02-30
expect_in "$T/err" '--until: "2026-02-30"'
expect_rc 2 C log --since 1000000d
expect_in "$T/err" '--since: "1000000d"'
expect_rc 2 C log -n 0
expect_in "$T/err" '-n: "0" is not a positive whole number'
expect_rc 2 C log -n ten
expect_in "$T/err" '-n: "ten"'
expect_rc 2 C log -n -1
expect_in "$T/err" '-n: "-1"'
expect_rc 2 C log --sender ''
expect_in "$T/err" '--sender: no address given'
expect_rc 2 C log /CCPCJ-22/8
expect_in "$T/err" '"/CCPCJ-22/8" is not CODE or CODE/MANDATE'
expect_rc 2 C log UNODC/
expect_rc 2 C log ''

# -- show CODE/MANDATE@N --
expect_rc 0 C show UNODC/CCPCJ-22/8@1
expect_eq "$(head -n 1 "$T/out")" "# UNODC/CCPCJ-22/8 version 1 (current), change 1, 2026-03-01T09:00:00Z by m.keller@unodc.example" "show @1"
expect_in "$T/out" "Title: Central data repository on cybercrime"
# versions made in the same second: @N tells them apart
expect_rc 0 C show UNODC/CCPCJ-22/8@3
expect_eq "$(head -n 1 "$T/out")" "# UNODC/CCPCJ-22/8 version 3 (current), change 28, 2026-03-23T10:00:00Z by m.keller@unodc.example" "show @3"
expect_in "$T/out" "Title: Repository, the third version"
expect_rc 0 C show unodc/CCPCJ-22/8@4
expect_eq "$(head -n 1 "$T/out")" "# UNODC/CCPCJ-22/8 version 4 (current), change 29, 2026-03-23T10:00:00Z by cybercrime@unodc.example" "show @4"
expect_rc 0 C show UNODC/CCPCJ-22/8 --at 2026-03-23T10:00:00Z # the last of the second
expect_in "$T/out" "version 4 (current), change 29"
expect_rc 0 C show --json UNODC/CCPCJ-22/8@3
json_is "$T/out" version 3
json_is "$T/out" title '"Repository, the third version"'
json_is "$T/out" sender '"m.keller@unodc.example"'
json_is "$T/out" changed '"2026-03-23T10:00:00Z"'
expect_rc 0 C show --json UNODC/CCPCJ-22/8@2
json_is "$T/out" version 2
json_is "$T/out" title '"Central data repository on cybercrime"'
expect_rc 0 C show --json ITU/MOU-UNODC-2011@1 # a withdrawn entry's first
json_is "$T/out" status '"current"'
expect_rc 0 C show --json ITU/MOU-UNODC-2011@2
json_is "$T/out" status '"withdrawn"'
expect_rc 1 C show UNODC/CCPCJ-22/8@5
expect_in "$T/err" "no version 5 of UNODC/CCPCJ-22/8"
expect_not_in "$T/err" "did you mean"
expect_rc 2 C show UNODC/CCPCJ-22/8@0
expect_in "$T/err" '"UNODC/CCPCJ-22/8@0" is not CODE/MANDATE or CODE/MANDATE@N'
expect_rc 2 C show UNODC/CCPCJ-22/8@x
expect_rc 2 C show UNODC/CCPCJ-22/8@
expect_rc 2 C show @1
expect_rc 2 C show UNODC/CCPCJ-22/8@1 --at 2026-03-20
expect_in "$T/err" "--at and @1"

# -- diff N M --
expect_rc 0 C diff UNODC/CCPCJ-22/8 3 4 # in the same second
expect_in "$T/out" "diff UNODC/CCPCJ-22/8 version 3 -> 4 (change 28 2026-03-23T10:00:00Z -> change 29 2026-03-23T10:00:00Z)"
expect_in "$T/out" "      - Repository, the third version"
expect_in "$T/out" "      + Repository, the fourth version"
# a list whose items only changed order says so
expect_in "$T/out" "    Themes (order changed):"
expect_in "$T/out" "      - criminal justice"
expect_in "$T/out" "      + best practices"
expect_rc 0 C diff UNODC/CCPCJ-22/8 4 3 # either order
expect_in "$T/out" "diff UNODC/CCPCJ-22/8 version 4 -> 3 (change 29"
expect_in "$T/out" "      - Repository, the fourth version"
expect_in "$T/out" "      + Repository, the third version"
expect_rc 0 C diff UNODC/CCPCJ-22/8 1 2
expect_in "$T/out" "diff UNODC/CCPCJ-22/8 version 1 -> 2 (change 1 2026-03-01T09:00:00Z -> change 23 2026-03-17T09:00:00Z)"
expect_rc 0 C diff UNODC/CCPCJ-22/8 2 # to the latest
expect_in "$T/out" "version 2 -> 4"
expect_rc 0 C diff UNODC/CCPCJ-22/8 # the latest and the one before
expect_in "$T/out" "version 3 -> 4"
expect_rc 0 C diff unodc/CCPCJ-22/8 3 3
expect_in "$T/out" "(no difference)"
expect_rc 1 C diff UNODC/CCPCJ-22/8 1 9
expect_in "$T/err" "no version 9 of UNODC/CCPCJ-22/8: it has versions 1 to 4"
expect_rc 1 C diff UNODC/CCPCJ-22/8 7
expect_in "$T/err" "no version 7 of UNODC/CCPCJ-22/8: it has versions 1 to 4"
expect_rc 2 C diff UNODC/CCPCJ-22/8 1 x

# -- did you mean --
# a character off
expect_rc 1 C show UNODC/CCPCJ-22/9
expect_eq "$(cat "$T/err")" "compendium: no entry UNODC/CCPCJ-22/9; did you mean UNODC/CCPCJ-22/8?" "one character off"
expect_rc 1 C show UNODC/CCPCJ-22/9@1
expect_in "$T/err" "no entry UNODC/CCPCJ-22/9; did you mean UNODC/CCPCJ-22/8?"
expect_rc 1 C show ITU/MOU-UNODC-2012 # withdrawn entries too
expect_in "$T/err" "no entry ITU/MOU-UNODC-2012; did you mean ITU/MOU-UNODC-2011?"
# two off (a swap and a change)
expect_rc 1 C diff UNODC/CCPJC-22/9 1 2
expect_eq "$(cat "$T/err")" "compendium: no entry UNODC/CCPJC-22/9; did you mean UNODC/CCPCJ-22/8?" "two characters off"
expect_rc 1 C log UNDOC/CCPCJ-22/8 --oneline
expect_in "$T/err" "no entry UNDOC/CCPCJ-22/8; did you mean UNODC/CCPCJ-22/8?"
expect_eq "$(wc -c <"$T/out" | tr -d ' ')" 0 "log of an unknown entry prints nothing"
# case only: the mandate is case-sensitive, so it is a suggestion
expect_rc 1 C show unodc/ccpcj-22/8
expect_in "$T/err" "no entry unodc/ccpcj-22/8; did you mean UNODC/CCPCJ-22/8?"
expect_rc 1 C log itu/wsis-c5
expect_in "$T/err" "no entry itu/wsis-c5; did you mean ITU/WSIS-C5?"
expect_rc 1 C diff ITU/x.1205
expect_in "$T/err" "did you mean ITU/X.1205?"
# more than one, nearest first
expect_rc 1 C log UNDOC
expect_eq "$(cat "$T/err")" 'compendium: unknown entity "UNDOC"; did you mean UNODC or UNDP?' "entities near"
expect_rc 1 C log --entity unicf
expect_in "$T/err" 'unknown entity "unicf"; did you mean UNICEF or UNHCR?' # 1 and 2 off
# nothing close (three edits and more): no suggestion
expect_rc 1 C show UNODC/CCPCJ-23/99
expect_eq "$(cat "$T/err")" "compendium: no entry UNODC/CCPCJ-23/99" "three off"
expect_rc 1 C show UNODC/Nothing-Like-It
expect_eq "$(cat "$T/err")" "compendium: no entry UNODC/Nothing-Like-It" "nothing close"
expect_rc 1 C log XYZ
expect_eq "$(cat "$T/err")" 'compendium: unknown entity "XYZ"' "no entity close"
# an entry there, but not then: no suggestion
expect_rc 1 C show UNODC/CCPCJ-22/8 --at 2026-02-28
expect_in "$T/err" "no entry UNODC/CCPCJ-22/8 as of 2026-02-28T23:59:59Z"
expect_not_in "$T/err" "did you mean"

done_testing
