# SPDX-License-Identifier: MIT
# SPEC §5: text from mail shown on a terminal carries no control character
# (C0 but tab, DEL, C1) nor bidirectional override; they are shown
# escaped.  The hostile messages are tests/hostile/terminal-*.eml; every
# command that prints their text is run, and its output checked byte by
# byte (regression: ingest, log, held and messages printed them raw).
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
H=$CP_SRC/tests/hostile

# no_controls FILE: nothing a terminal would act on, except \t and \n.
no_controls() {
	if python3 - "$1" <<'PY'; then ok; else not_ok "controls in $1: $2"; fi
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8", "strict")
bad = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                 data)
if bad:
    print("  found", [hex(ord(c)) for c in bad][:10], file=sys.stderr)
    sys.exit(1)
PY
}

expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C focal-point add UNODC m.keller@unodc.example

expect_rc 1 C ingest "$H/terminal-applied.eml" "$H/terminal-rejected.eml" \
	"$H/terminal-held.eml"
no_controls "$T/out" ingest
expect_in "$T/out" '<\x9b31mterm@unodc.example>'
expect_in "$T/out" 'X\x1b[2J\x07\x7f: y'
for cmd in "log -p" "log" "held" "messages" "show UNODC/TERM-1" \
	"diff UNODC/TERM-1"; do
	# shellcheck disable=SC2086 # words of the command
	expect_rc 0 C $cmd
	no_controls "$T/out" "$cmd"
	no_controls "$T/err" "$cmd (stderr)"
done
expect_rc 0 C log -p
expect_in "$T/out" 'Message-ID: <\x9b31mterm@unodc.example>'
expect_in "$T/out" 'Safe \u202egnp.exe'
expect_in "$T/out" 'because \u2066 isolate'
expect_rc 0 C messages
# (the subject's decoder already turns C0 controls into spaces)
expect_in "$T/out" 'update  ]0;pwned   [2J'
expect_in "$T/out" 'X\x1b[2J\x07\x7f: y'
expect_rc 0 C held
expect_in "$T/out" 'held \x9b31m red \u202e'
expect_rc 0 C show UNODC/TERM-1
expect_in "$T/out" 'Themes: a\u2066b; c'
expect_in "$T/out" 'Summary: One \u202eparagraph.'

done_testing
