# SPDX-License-Identifier: MIT
# compendiumd waiting for mail: messages APPENDed while it idles are
# applied at once (the latency is printed; the test only bounds it at 60 s
# so that a loaded machine cannot fail it: the target, under one second,
# is bench/imap-sync's to measure); without IDLE it polls; SIGHUP re-reads the
# configuration; SIGTERM ends it with exit 0.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
"$FX/gen-simple" --prefix L 12 "$T/mail" || not_ok "gen-simple"

dv_start
db_init
conf "$T/c.conf"
daemon_bg "$T/d.log" -c "$T/c.conf"

# The first message: the daemon is up, has logged in and done its first
# sync (Processed is created, the message moved).
"$FX/append" -q "$DV" "$T/mail/0001.eml"
wait_until 30 grep -q 'uid=1 <L-1@compendium.test>.* applied' "$T/d.log" ||
	not_ok "first message not applied in 30 s"
wait_until 10 box_is Processed 1 ||
	not_ok "first message not moved to Processed"

# Five messages, one at a time, while the daemon idles.
expect_rc 0 "$FX/latency" --pause 0.7 --timeout 60 "$DV" "$COMPENDIUM" "$DB" \
	"$T"/mail/000[2-6].eml
sed 's/^/IDLE: /' "$T/out"
expect_eq "$(grep -c '^latency .* [0-9]*$' "$T/out")" 5 "IDLE: applied in time"
expect_eq "$(n_box INBOX)" 0 "IDLE: INBOX"
expect_eq "$(n_box Processed)" 6 "IDLE: Processed"

# SIGHUP: the configuration is read again (a new processed mailbox).
conf "$T/c.conf" processed=Done
kill -HUP "$DPID"
# the daemon says when it has read the configuration again
wait_until 60 grep -q 'SIGHUP: configuration .* read again' "$T/d.log" ||
	not_ok "SIGHUP: the configuration was not read again"
kill -0 "$DPID" 2>/dev/null || not_ok "the daemon died on SIGHUP"
"$FX/append" -q "$DV" "$T/mail/0007.eml"
if ! wait_until 10 box_is Done 1; then
	not_ok "after SIGHUP: the message did not go to the new mailbox Done"
	sed 's/^/  | /' "$T/d.log" >&2
fi
expect_eq "$(n_msgs --status applied)" 7 "after SIGHUP: applied"

daemon_stop
expect_eq "$DRC" 0 "exit status on SIGTERM"
if grep -q 'Sanitizer' "$T/d.log"; then
	not_ok "sanitizer report"
	cat "$T/d.log" >&2
fi

# Without IDLE: polling every poll_interval (1 s).
dv_stop
dv_start --no-idle
log_mark
conf "$T/p.conf"
daemon_bg "$T/p.log" -c "$T/p.conf"
"$FX/append" -q "$DV" "$T/mail/0008.eml"
wait_until 30 grep -q 'uid=.* <L-8@compendium.test>.* applied' "$T/p.log" ||
	not_ok "no IDLE: first message not applied in 30 s"
expect_rc 0 "$FX/latency" --pause 0.3 --timeout 60 "$DV" "$COMPENDIUM" "$DB" \
	"$T"/mail/00{09,10,11,12}.eml
sed 's/^/polling every second: /' "$T/out"
expect_eq "$(n_msgs --status applied)" 12 "no IDLE: applied"
expect_eq "$(n_changes)" 12 "changes"
daemon_stop
expect_eq "$DRC" 0 "no IDLE: exit status on SIGTERM"
expect_eq "$(log_since | grep -c 'Command finished: IDLE')" 0 \
	"IDLE sent to a server that does not offer it"

done_testing
