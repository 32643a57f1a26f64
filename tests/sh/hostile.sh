# SPDX-License-Identifier: MIT
# Mail written by an attacker (issue 8, SPEC §2): each message in
# tests/hostile/ and what must become of it.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
H=$CP_SRC/tests/hostile

expect_rc 0 C init
expect_rc 0 C entity add UNODC --name "United Nations Office on Drugs and Crime"
expect_rc 0 C focal-point add UNODC m.keller@unodc.example

# -- Authentication-Results: only the topmost of the server's counts --
printf '[auth]\nauthserv_id = mx.un.example\n' >"$T/auth.conf"
A() { "$COMPENDIUM" -c "$T/auth.conf" --db "$DB" "$@"; }
expect_rc 0 A ingest "$H/auth-forged-below.eml"
expect_in "$T/out" ": held: no dkim=pass or dmarc=pass for unodc.example"
expect_rc 0 A ingest "$H/auth-pass-on-top.eml"
expect_in "$T/out" ": applied: change 1"

# -- a French Outlook's reply: the quote below its header is never read --
expect_rc 0 C entity add OHCHR --name "Office of the United Nations High Commissioner for Human Rights"
expect_rc 0 C focal-point add OHCHR h.dubois@ohchr.example
expect_rc 0 C ingest "$H/reply-fr-outlook.eml"
expect_in "$T/out" ": applied: change 2"
expect_rc 0 C show OHCHR/HRC-20/8
expect_in "$T/out" "Title: The promotion, protection and enjoyment"
expect_rc 1 C show OHCHR/HRC-OLD/1

done_testing
