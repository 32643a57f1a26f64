# SPDX-License-Identifier: MIT
# `compendium list` (SPEC §5) on the example mail, ingested one message a
# day from 2026-03-01 as tests/sh/examples.sh does: the line format, the
# order, each filter checked against `show --json` of every entry, --at
# before and after an amendment and a withdrawal, usage errors, and text
# from mail kept on one safe line.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"
unset COMPENDIUM_NOW

# -- the lines: CODE/MANDATE TAB version TAB status TAB title --
expect_rc 0 C list
cp "$T/out" "$T/current"
expect_in "$T/current" "$(printf 'UNODC/CCPCJ-22/8\t2\tcurrent\tCentral data repository on cybercrime')"
expect_eq "$(wc -l <"$T/current")" 21 "current entries"
expect_not_in "$T/current" "ITU/MOU-UNODC-2011" # withdrawn on 2026-03-20
expect_eq "$(awk -F'\t' 'NF != 4' "$T/current" | wc -l)" 0 "lines of 4 fields"
expect_rc 0 C list --all
cp "$T/out" "$T/all"
expect_eq "$(wc -l <"$T/all")" 22 "all entries"
expect_in "$T/all" "$(printf 'ITU/MOU-UNODC-2011\t2\twithdrawn\tMemorandum of understanding with UNODC')"
expect_rc 0 C list --withdrawn
expect_eq "$(cat "$T/out")" "$(printf 'ITU/MOU-UNODC-2011\t2\twithdrawn\tMemorandum of understanding with UNODC')" "--withdrawn"

# By code then mandate, byte order (UN-Women before UNCTAD; a code is not
# sorted as part of CODE/MANDATE).
if python3 - "$T/all" <<'PY'; then ok; else not_ok "list --all is not by code, then mandate"; fi
import sys
keys = [tuple(l.split("\t")[0].split("/", 1)) for l in open(sys.argv[1], "rb").read().decode().splitlines()]
keys = [(c.encode(), m.encode()) for c, m in keys]
sys.exit(0 if keys == sorted(keys) and len(set(keys)) == len(keys) else 1)
PY

# -- each filter against the entries as `show --json` tells them --
cut -f1 "$T/all" | while read -r e; do C show --json "$e"; done >"$T/json"
# oracle STATUS AREA THEME: the CODE/MANDATE lines list should print.
oracle() {
	python3 - "$T/json" "$@" <<'PY'
import json, sys
want_status, area, theme = sys.argv[2:5]
text, pos, dec = open(sys.argv[1], encoding="utf-8").read(), 0, json.JSONDecoder()
while text[pos:].strip():
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    e, pos = dec.raw_decode(text, pos)
    if want_status != "all" and e["status"] != want_status:
        continue
    if area and area.lower() not in e["areas"]:
        continue
    if theme and theme.casefold() not in [t.casefold() for t in e["themes"]]:
        continue
    print(f'{e["entity"]}/{e["mandate"]}')
PY
}
# check_list WHAT STATUS AREA THEME -- ARGS: list ARGS prints what the
# oracle says, in the same order.
check_list() {
	what=$1 status=$2 area=$3 theme=$4
	shift 5
	expect_rc 0 C list "$@"
	cut -f1 "$T/out" >"$T/got"
	oracle "$status" "$area" "$theme" >"$T/want"
	if cmp -s "$T/got" "$T/want"; then ok; else
		not_ok "list $what"
		diff "$T/want" "$T/got" | sed 's/^/  /' >&2
	fi
	if [ -s "$T/want" ]; then ok; else not_ok "list $what: the oracle found nothing to compare"; fi
}
check_list "(current)" current "" "" -- 
for a in legal policy technical capacity-building cooperation; do
	check_list "--area $a" current "$a" "" -- --area "$a"
done
check_list "--area Legal (case ignored)" current legal "" -- --area Legal
check_list "--area technical --all" all technical "" -- --area technical --all
for t in "child protection" "ICT DEVELOPMENT" "Criminal Justice" "standards"; do
	check_list "--theme $t" current "" "$t" -- --theme "$t"
done
check_list "--theme + --area" current technical "criminal justice" -- \
	--theme "criminal justice" --area technical
expect_rc 0 C list --theme "child"
expect_eq "$(cat "$T/out")" "" "--theme matches whole themes only"

# -- CODE: one entity, case ignored --
expect_rc 0 C list unodc
expect_eq "$(cut -f1 "$T/out" | tr '\n' ' ')" "UNODC/CCPCJ-22/8 UNODC/GA-65/230 UNODC/MOU-ITU-2011 " "list unodc"
expect_rc 0 C list ITU --all --area cooperation
expect_in "$T/out" "ITU/MOU-UNODC-2011"
expect_rc 1 C list NOPE
expect_in "$T/err" 'unknown entity "NOPE"'

# -- --at: the entries as they stood (a bare date: the end of that day) --
# UNODC/CCPCJ-22/8 was amended by message 17 (2026-03-17).
expect_rc 0 C list UNODC --at 2026-03-16
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\tcurrent')"
expect_rc 0 C list UNODC --at 2026-03-17
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t2\tcurrent')"
expect_rc 0 C list UNODC --at 2026-03-17T08:59:59Z
expect_in "$T/out" "$(printf 'UNODC/CCPCJ-22/8\t1\tcurrent')"
# ITU/MOU-UNODC-2011 was withdrawn by message 20 (2026-03-20).
expect_rc 0 C list ITU --at 2026-03-19
expect_in "$T/out" "$(printf 'ITU/MOU-UNODC-2011\t1\tcurrent')"
expect_rc 0 C list ITU --at 2026-03-20
expect_not_in "$T/out" "ITU/MOU-UNODC-2011"
expect_rc 0 C list --withdrawn --at 2026-03-20
expect_in "$T/out" "$(printf 'ITU/MOU-UNODC-2011\t2\twithdrawn')"
# Before the first message: nothing, and that is no error.
expect_rc 0 C list --all --at 2026-02-28
expect_eq "$(cat "$T/out")" "" "list --at before any entry"
# The first day: UNODC's three entries only.
expect_rc 0 C list --at 2026-03-01
expect_eq "$(cut -f1 "$T/out" | tr '\n' ' ')" "UNODC/CCPCJ-22/8 UNODC/GA-65/230 UNODC/MOU-ITU-2011 " "list --at 2026-03-01"

# -- usage --
expect_rc 2 C list --area advocacy
expect_in "$T/err" 'unknown area "advocacy" (known: legal, policy, technical, capacity-building, cooperation)'
expect_in "$T/err" "usage: compendium list"
expect_rc 2 C list --withdrawn --all
expect_rc 2 C list --at yesterday-ish
expect_in "$T/err" "--at:"
expect_rc 2 C list UNODC ITU
expect_rc 2 C list --frobnicate
expect_rc 0 C list --help
expect_in "$T/out" "usage: compendium list [CODE] [--area AREA] [--theme THEME]"

# -- text from mail: escaped, and on one line --
DB2="$T/h.db"
H() { "$COMPENDIUM" --db "$DB2" "$@"; }
expect_rc 0 H init
expect_rc 0 H entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 H focal-point add UNODC m.keller@unodc.example
expect_rc 0 H ingest "$CP_SRC/tests/hostile/terminal-applied.eml"
expect_rc 0 H list
expect_in "$T/out" "$(printf 'UNODC/TERM-1\t1\tcurrent\tSafe \\u202egnp.exe')"
{
	printf 'From: M Keller <m.keller@unodc.example>\nTo: c@un.example\n'
	printf 'Subject: titles\nMessage-ID: <titles@x>\n'
	printf 'Date: Mon, 2 Nov 2026 10:00:00 +0000\n'
	printf 'Content-Type: text/plain; charset=utf-8\n\n'
	printf 'Entity: UNODC\nMandate: LONG-1\nTitle: A title\n in two\n .\n paragraphs\n'
	printf 'Summary: s\n\n'
	printf 'Entity: UNODC\nMandate: TAB-1\nTitle: a\ttab\nSummary: s\n'
	printf 'Themes: Coopération Régionale\n'
} >"$T/titles.eml"
expect_rc 0 H ingest "$T/titles.eml"
expect_rc 0 H list
expect_in "$T/out" "$(printf 'UNODC/LONG-1\t1\tcurrent\tA title in two paragraphs')"
expect_in "$T/out" "$(printf 'UNODC/TAB-1\t1\tcurrent\ta tab')"
expect_eq "$(awk -F'\t' 'NF != 4' "$T/out" | wc -l)" 0 "hostile titles: lines of 4 fields"
# Themes compare by case folding beyond ASCII, as Themes do.
expect_rc 0 H list --theme "COOPÉRATION RÉGIONALE"
expect_eq "$(cut -f1 "$T/out")" "UNODC/TAB-1" "--theme with non-ASCII letters"

done_testing
