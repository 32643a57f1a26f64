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

# -- who sent it: the one address of From, read by RFC 5322 --
for f in from-comment-address from-comment-first; do
	expect_rc 0 C ingest "$H/$f.eml"
	expect_in "$T/out" ": held: evil@evil.example is not a focal point of UNODC"
done
expect_rc 1 C ingest "$H/from-two-addresses.eml"
expect_in "$T/out" "message: header: From: not one address (more than one address)"
expect_rc 1 C ingest "$H/from-trailing.eml"
expect_in "$T/out" "message: header: From: not one address (something after the address)"
expect_rc 1 C show UNODC/FORGED-1

# -- a field a message has once, given twice: rejected, naming it --
expect_rc 1 C ingest "$H/two-from.eml"
expect_in "$T/out" "message: header: From: given 2 times (a message has one)"
for f in Subject Sender Date; do
	lower=$(echo "$f" | tr 'A-Z' 'a-z')
	expect_rc 1 C ingest "$H/two-$lower.eml"
	expect_in "$T/out" "message: header: $f: given 2 times (a message has one)"
done

# -- the replay: an old signed update with one more Message-ID --
expect_rc 0 C ingest "$H/replay-original.eml" "$H/replay-update.eml"
expect_rc 1 C ingest "$H/replay-copy.eml"
expect_in "$T/out" "message: header: Message-ID: given 2 times (a message has one)"
expect_rc 0 C show UNODC/REPLAY-1
expect_in "$T/out" "Title: Second title"

done_testing
