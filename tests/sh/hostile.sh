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

done_testing
