# SPDX-License-Identifier: MIT
# Dovecot stopped and started again while compendiumd syncs 1,000 messages:
# the daemon reconnects (logging it) and finishes; every message applied
# exactly once, all of them in Processed.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
N=1000
"$FX/gen-simple" --prefix R $N "$T/mail" || not_ok "gen-simple"

dv_start
"$FX/append" -q "$DV" "$T/mail"
db_init
conf "$T/c.conf"
daemon_bg "$T/d.log" -c "$T/c.conf"

# Stop Dovecot as soon as the daemon has applied 10 messages.
applied_lines() { grep -c '^compendiumd: .* uid=[0-9]* <.*> .* applied' "$T/d.log"; }
end=$((SECONDS + 60))
while [ "$(applied_lines)" -lt 10 ] && [ $SECONDS -lt $end ]; do
	sleep 0.01
done
[ "$(applied_lines)" -ge 10 ] || not_ok "10 messages not applied in 60 s"
dv_stop
at_stop=$(applied_lines)
echo "Dovecot stopped after $at_stop of $N messages were applied"
if [ "$at_stop" -ge $N ]; then
	not_ok "the sync was over before Dovecot stopped: not mid-sync"
fi
# the daemon says when it has noticed: it will reconnect
wait_until 60 grep -q 'reconnecting in' "$T/d.log" ||
	not_ok "the daemon did not notice that the server went down"
kill -0 "$DPID" 2>/dev/null || not_ok "the daemon exited while the server was down"
dv_start
t0=$(date +%s)
done_all() { [ "$(n_msgs --status applied)" -eq $N ] && [ "$(n_box INBOX)" -eq 0 ]; }
wait_until 90 done_all || not_ok "not finished 90 s after the restart"
echo "finished $(($(date +%s) - t0)) s after Dovecot was started again"
daemon_stop
expect_eq "$DRC" 0 "exit status on SIGTERM"

expect_eq "$(n_msgs --status applied)" $N "applied"
expect_eq "$(n_msgs)" $N "messages stored"
expect_eq "$(n_changes)" $N "changes"
expect_eq "$(applied_ids | uniq -d | wc -l)" 0 "Message-IDs applied twice"
expect_eq "$(n_box INBOX)" 0 "INBOX"
expect_eq "$(n_box Processed)" $N "Processed"
expect_eq "$(applied_lines)" $N "log lines 'applied'"
if grep -Eqi 'reconnect|back-?off|retry' "$T/d.log"; then ok; else
	not_ok "no reconnect in the daemon's log"
fi
grep -Ei 'reconnect|back-?off|retry|connect' "$T/d.log" | head -n 5
if grep -q 'Sanitizer' "$T/d.log"; then
	not_ok "sanitizer report"
	cat "$T/d.log" >&2
fi

done_testing
