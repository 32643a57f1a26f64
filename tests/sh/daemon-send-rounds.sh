# SPDX-License-Identifier: MIT
# A long queue of receipts does not hold the mailbox back: compendiumd
# (not --once) sends SEND_ROUNDS batches of SEND_BATCH receipts (2 x 64)
# over one SMTP connection, syncs the mailbox, and goes on with the next
# round without waiting; --once sends them all over one connection.  150
# receipts queued by a run with [smtp] from but no host; then the daemon
# with a host: every receipt delivered once, the IMAP dialogue (-v) shows
# a sync after the 128th receipt and before the 129th, two connections.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
. "$CP_SRC/tests/smtp/daemon-lib.sh"
dv_start
sm_start
db_init
N=150
# N messages of UNODC's focal point, each an entry with an unknown area:
# rejected, each with its receipt
mkdir -p "$T/mail"
for i in $(seq 1 $N); do
	cat >"$T/mail/$i.eml" <<MAIL
From: Markus Keller <m.keller@unodc.example>
To: compendium@un.example
Subject: update $i
Message-ID: <round-$i@unodc.example>
Date: Sun, 06 Dec 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

Entity: UNODC
Mandate: round-$i
Title: Round $i
Areas: nowhere
Summary: Number $i.
MAIL
done
"$FX/append" -q "$DV" "$T/mail"/*.eml

conf "$T/q.conf"
printf '\n[smtp]\nfrom = UN Compendium <compendium@un.example>\nmax_per_hour = 1000\n' \
	>>"$T/q.conf"
expect_rc 1 timeout 300 "$D" -c "$T/q.conf" --once # rejected, not sending
expect_eq "$(n_out queued)" $N "every receipt queued, none sent (no host)"

conf "$T/c.conf"
smtp_section 1000 >>"$T/c.conf"
daemon_bg "$T/d.log" -c "$T/c.conf" -v
wait_until 120 mail_is $N || not_ok "delivered: $(n_mail) of $N"
daemon_stop
expect_eq "$DRC" 0 "the daemon stopped on SIGTERM"
expect_eq "$(n_out queued)" 0 "nothing left queued"
expect_eq "$(n_out sent)" $N "every receipt sent"
expect_eq "$(n_mail)" $N "each delivered once"
expect_eq "$(grep -c ': sending$' "$T/d.log")" $N "each sent once"
expect_eq "$(grep -c 'SMTP connection open' "$T/d.log")" 2 \
	"two rounds, one connection each"
# between the 128th receipt and the 129th, the mailbox is synced again
# (an IMAP command in the dialogue: tagged "C: A..." / "C: N ...")
awk '/: sending$/ { n++ } n == 128 && /^compendiumd: C: [0-9A-Za-z.]+ (UID |NOOP|SELECT|EXAMINE|STATUS|IDLE|CHECK)/ { found = 1 } END { exit !found }' \
	"$T/d.log" || not_ok "a sync between the two rounds"
ok "a sync between the two rounds (checked above)"
done_testing
