# SPDX-License-Identifier: MIT
# compendium message ID [--raw] (issue 9, SPEC §5): one stored message as
# the parser read it: its header line as `messages` shows it, every line
# of its text with what the parser made of it (entry, prose, quoted,
# signature), its entries as parsed, its errors; --raw its bytes.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
H=$CP_SRC/tests/hostile
M=$CP_SRC/examples/mail

# no_controls FILE WHAT: nothing a terminal would act on, but \t and \n.
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

# section FILE TITLE: the lines of section TITLE (up to the next title
# after a blank line, or the end) into $T/sect.
section() {
	awk -v t="$2" '$0 == t { on = 1; next }
		on && prev == "" && /^(actions|text of .*|entries|(errors|warnings), as read now|if (accepted|reprocessed) now):$/ { exit }
		on { print } { prev = $0 }' "$1" >"$T/sect"
}

example_db "$DB"

# -- the header: the message's lines as `messages` prints them --
for id in 1 14 19 22; do
	expect_rc 0 C messages
	awk -v id="$id" -F '\t' '$1 == id { on = 1; print; next }
		on && /^    / { print; next } { on = 0 }' "$T/out" >"$T/want"
	expect_rc 0 C message "$id"
	head -n "$(wc -l <"$T/want")" "$T/out" >"$T/got"
	if cmp -s "$T/got" "$T/want"; then ok; else
		not_ok "message $id: header differs from messages"
		diff "$T/want" "$T/got" >&2
	fi
done

# -- a held message: the text, gutter by gutter, and its entry --
expect_rc 0 C message 19
expect_in "$T/out" "$(printf '19\t2026-03-19T09:00:00Z\theld\tt.novak@iaea.example\t')"
expect_in "$T/out" "    held: t.novak@iaea.example is not a focal point of IAEA"
section "$T/out" "text of body:"
expect_in "$T/sect" ".    1  Dear colleagues,"
expect_in "$T/sect" ".    4  entry:"
expect_in "$T/sect" "     6  Entity: IAEA"
expect_in "$T/sect" "    14   ."
expect_in "$T/sect" "    21   annex III, para. 12(b))."
expect_in "$T/sect" ".   23  Regards,"
expect_in "$T/sect" "#   26  -- "
expect_in "$T/sect" "#   27  Tomas Novak"
if grep -qx '     2' "$T/sect"; then ok; else not_ok "blank line 2 not shown bare"; fi
section "$T/out" "entries:"
cat >"$T/want" <<'EOF'
body line 6:
Entity: IAEA
Mandate: NSS-17
Themes: critical infrastructure; nuclear security; forensics
EOF
head -n 4 "$T/sect" >"$T/got"
if cmp -s "$T/got" "$T/want"; then ok; else
	not_ok "message 19: entries"
	diff "$T/want" "$T/got" >&2
fi
# wrapped at 76 columns on continuation lines, as a focal point would
# mail it (entry_write.h)
expect_in "$T/sect" "Summary: Cybersecurity is used to safeguard the safety and security of"
expect_in "$T/sect" " nuclear installations, equipment and staff; the integrity and availability"
awk 'length($0) > 76 { bad = 1 } END { exit bad }' "$T/sect" && ok ||
	not_ok "message 19: an entry line over 76 columns"
expect_in "$T/sect" "$(printf ' .\n')"
expect_in "$T/sect" " The work of IAEA on cybersecurity has focused"
expect_in "$T/sect" "Reason: Scope broadened to forensics after a cyberattack (framework, annex"
expect_in "$T/sect" " III, para. 12(b))."
expect_not_in "$T/out" "errors, as read now:"
# The entries as shown are an update the parser reads back the same.
{
	printf 'From: a@b.example\nSubject: again\nMessage-ID: <again@x>\n\n'
	cat "$T/sect"
} >"$T/again.eml"
"$COMPENDIUM" --db "$T/again.db" init >/dev/null
"$COMPENDIUM" --db "$T/again.db" entity add IAEA --name I >/dev/null
"$COMPENDIUM" --db "$T/again.db" focal-point add IAEA a@b.example >/dev/null
# (rejected there: the entry is new to that database and has no Title)
expect_rc 1 "$COMPENDIUM" --db "$T/again.db" ingest "$T/again.eml"
expect_rc 0 "$COMPENDIUM" --db "$T/again.db" message 1
section "$T/out" "entries:"
tail -n +2 "$T/sect" >"$T/again"
expect_rc 0 C message 19
section "$T/out" "entries:"
tail -n +2 "$T/sect" >"$T/want"
if cmp -s "$T/want" "$T/again"; then ok; else
	not_ok "entries read back differ"
	diff "$T/want" "$T/again" >&2
fi

# -- a rejected message: its error, as stored and as read now --
expect_rc 0 C message 14
expect_in "$T/out" "$(printf '14\t2026-03-14T09:00:00Z\trejected\t')"
section "$T/out" "errors, as read now:"
expect_in "$T/sect" '    body line 27: UN-Women/CSW-57-AC: Areas: unknown area "advocacy"'
section "$T/out" "text of body:"
expect_in "$T/sect" "    27  Areas: policy; advocacy"
expect_in "$T/sect" "#   37  -- "
section "$T/out" "entries:"
expect_in "$T/sect" "body line 5:"
expect_in "$T/sect" "body line 20:"
expect_in "$T/sect" "Mandate: CSW-57-AC"

# -- applied: three entries; lists and links in the update-mail format --
expect_rc 0 C message 1
expect_in "$T/out" "$(printf '1\t2026-03-01T09:00:00Z\tapplied\tm.keller@unodc.example\t')"
section "$T/out" "entries:"
expect_eq "$(grep -c '^body line' "$T/sect")" 3 "message 1: entries"
expect_rc 0 C message 21
section "$T/out" "entries:"
expect_in "$T/sect" "$(printf 'URL: https://unctad.org/\n https://unctad.org/topic/ecommerce-and-digital-economy')"

# -- quoted replies: with '>' and below an Outlook reply header --
expect_rc 0 C message 18
section "$T/out" "text of body:"
expect_in "$T/sect" ">    2  > Entity: ITU"
expect_rc 0 C message 21
section "$T/out" "text of body:"
expect_in "$T/sect" ">   31  -----Original Message-----"
expect_in "$T/sect" ">   41  Entity: UNCTAD"
expect_in "$T/sect" "     5  Entity: UNCTAD"
section "$T/out" "entries:"
expect_eq "$(grep -c '^body line' "$T/sect")" 1 "message 21: entries"

# -- HTML mail (rendered lines) and an attachment (a part of its own) --
expect_rc 0 C message 16
section "$T/out" "text of body:"
expect_in "$T/sect" "     5  Entity: worldbank"
expect_in "$T/sect" "    14   ."
expect_in "$T/sect" ".   21  John Miller | Senior ICT Policy Specialist"
expect_rc 0 C message 13
expect_in "$T/out" "text of body:"
expect_in "$T/out" "text of notes.txt:"
expect_in "$T/out" "notes.txt line 3:"

# -- --raw: the stored bytes, exactly --
for f in "$M"/*.eml; do
	id=$((10#$(basename "$f" | cut -c1-2)))
	C message --raw "$id" >"$T/raw" 2>"$T/err"
	if cmp -s "$T/raw" "$f"; then ok; else not_ok "message $id --raw differs from $f"; fi
	if [ -s "$T/err" ]; then not_ok "message $id --raw: stderr"; else ok; fi
done

# -- errors --
expect_rc 1 C message 999
expect_in "$T/err" "no message 999"
expect_rc 1 C message 999 --raw
expect_rc 2 C message x
expect_in "$T/err" '"x" is not a message ID'
expect_rc 2 C message 0
expect_rc 2 C message -- -3
expect_rc 2 C message
expect_in "$T/err" "expected one message ID"
expect_rc 2 C message 1 2
expect_rc 2 C message 1 --bogus
expect_rc 1 "$COMPENDIUM" --db "$T/none.db" message 1

# -- hostile mail: everything escaped; --raw gives it back as it came --
DB="$T/h.db"
expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C focal-point add UNODC m.keller@unodc.example
for f in terminal-applied terminal-rejected terminal-held message-plain \
	message-html; do
	C ingest "$H/$f.eml" >/dev/null 2>&1
done
for id in 1 2 3 4 5; do
	expect_rc 0 C message "$id"
	no_controls "$T/out" "message $id"
done
expect_rc 0 C message 1
expect_in "$T/out" '<\x9b31mterm@unodc.example>'
expect_in "$T/out" '     3  Title: Safe \u202egnp.exe'
expect_in "$T/out" 'Themes: a\u2066b; c'
expect_rc 0 C message 2
expect_in "$T/out" '     4  X\x1b[2J\x07\x7f: y'
section "$T/out" "errors, as read now:"
expect_in "$T/sect" 'body line 4: UNODC/TERM-2: "X\x1b[2J\x07\x7f: y" is neither a field'
expect_rc 0 C message 3
expect_in "$T/out" 'held \x9b31m red \u202e'
expect_rc 0 C message 4
expect_in "$T/out" '.    1  Hi \x1b]0;pwned\x07 all,'
expect_in "$T/out" '>    9  > Mandate: OLD-\x9b2'
expect_in "$T/out" '#   12  Martin \u202eKeller'
expect_rc 0 C message 5
section "$T/out" "text of body:"
expect_in "$T/sect" ".    1  Hello"
expect_in "$T/sect" "     2  Entity: UNODC"
expect_in "$T/sect" "     6   the HTML part."
expect_in "$T/sect" '>    8  Mandate: OLD-\u202e1'
expect_in "$T/sect" "#   11  --"
expect_in "$T/sect" "#   12  Martin"
expect_not_in "$T/sect" "color: red"
section "$T/out" "entries:"
expect_in "$T/sect" "Summary: Read from the HTML part."
i=0
for f in terminal-applied terminal-rejected terminal-held message-plain \
	message-html; do
	i=$((i + 1))
	C message --raw "$i" >"$T/raw"
	if cmp -s "$T/raw" "$H/$f.eml"; then ok; else not_ok "message $i --raw differs from $f.eml"; fi
done

# -- a message stored from its header block only (over the size limit) --
printf '[limits]\nmax_message_size = 4096\n' >"$T/small.conf"
gen_sized "$T/big.eml" big lf 4097
expect_rc 1 "$COMPENDIUM" -c "$T/small.conf" --db "$DB" ingest "$T/big.eml"
expect_rc 0 C message 6
expect_in "$T/out" "    stored from its header block only (4097 bytes, over the size limit when it was read): its text was not kept"
expect_not_in "$T/out" "text of"
expect_rc 0 C message --raw 6
expect_in "$T/err" "message 6 was stored from its header block only (4097 bytes"
sed '/^$/q' "$T/big.eml" >"$T/head"
if cmp -s "$T/out" "$T/head"; then ok; else not_ok "message 6 --raw: not the header block"; fi

# -- what a held or rejected message would change now, and who acted --
DB=$T/plan.db
example_db "$DB"
expect_rc 0 C message 19
section "$T/out" "if accepted now:"
expect_in "$T/sect" "    Entry:      IAEA/NSS-17 (version 2)"
expect_in "$T/sect" "      + forensics"
expect_not_in "$T/out" "actions:"
expect_rc 0 C message 14
section "$T/out" "if reprocessed now:"
expect_in "$T/sect" "    would not apply: body line 27: UN-Women/CSW-57-AC: Areas: unknown area"
expect_rc 0 C message 1
expect_not_in "$T/out" "if accepted now:"
expect_not_in "$T/out" "if reprocessed now:"
cp "$DB" "$T/acted.db"
expect_rc 0 "$COMPENDIUM" --db "$T/acted.db" --as "Ana Ruiz" reject 19 --reason "not a focal point"
expect_rc 0 "$COMPENDIUM" --db "$T/acted.db" message 19
section "$T/out" "actions:"
expect_in "$T/sect" "$(printf '\treject\tAna Ruiz\tnot a focal point')"
expect_not_in "$T/out" "if accepted now:"
expect_in "$T/out" "if reprocessed now:"

done_testing
