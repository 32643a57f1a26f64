# SPDX-License-Identifier: MIT
# UIDVALIDITY changed under compendiumd (INBOX rebuilt with messages
# already applied, as after a server migration or a restored backup):
# they are recognised (Message-ID), never applied twice; new ones are
# applied; the event is logged.  Between two --once runs, then under a
# running daemon.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
M=$CP_SRC/examples/mail

# rebuild N|-: Dovecot down, every message of Processed copied back into
# INBOX, INBOX's UID list and indexes deleted (a new UIDVALIDITY, new
# UIDs), Dovecot up again; INBOX then holds N messages (- : not checked,
# a running daemon may be at work already).
rebuild() {
	local before
	before=$(uidvalidity INBOX)
	dv_stop
	cp -p "$MAILDIR"/.Processed/cur/* "$MAILDIR"/cur/ 2>/dev/null
	cp -p "$MAILDIR"/.Processed/new/* "$MAILDIR"/cur/ 2>/dev/null
	rm -f "$MAILDIR"/dovecot-uidlist "$MAILDIR"/dovecot.index*
	chown -R "$MAIL_OWNER" "$MAILDIR"
	dv_start
	[ "$1" = - ] || expect_eq "$(n_box INBOX)" "$1" "rebuilt INBOX"
	if [ "$(uidvalidity INBOX)" = "$before" ]; then
		not_ok "UIDVALIDITY did not change ($before)"
	else
		ok
	fi
}

dv_start
db_init
conf "$T/c.conf"
# 01-10: 16 changes.
"$FX/append" -q "$DV" "$M"/0[1-9]-*.eml "$M"/10-*.eml
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_changes)" 16 "first run: changes"
expect_eq "$(n_box Processed)" 10 "first run: Processed"
[ -d "$MAILDIR/.Processed/cur" ] || not_ok "no Maildir folder .Processed"

# Between runs: the ten again under a new UIDVALIDITY, and 11-13 new.
rebuild 10
"$FX/append" -q "$DV" "$M"/1[1-3]-*.eml
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
cp "$T/err" "$T/once.err"
expect_eq "$(n_changes)" 19 "after UIDVALIDITY change: changes"
expect_eq "$(n_msgs --status applied)" 13 "after UIDVALIDITY change: applied"
expect_eq "$(applied_ids | uniq -d | wc -l)" 0 "Message-IDs applied twice"
expect_eq "$(n_box INBOX)" 0 "after UIDVALIDITY change: INBOX"
if grep -qi 'uidvalidity' "$T/once.err"; then ok; else
	not_ok "UIDVALIDITY change not logged"
	sed 's/^/  | /' "$T/once.err" >&2
fi

# Under a running daemon: it idles, the server goes down, the mailbox is
# rebuilt (the 13 again), the server comes back, 15-17 arrive (+4 changes).
daemon_bg "$T/d.log" -c "$T/c.conf" --verbose
# idling: its dialogue shows the IDLE command sent
wait_until 60 grep -q '^compendiumd: C: [^ ]* IDLE' "$T/d.log" ||
	not_ok "the daemon did not start to idle"
rebuild -
"$FX/append" -q "$DV" "$M"/1[5-7]-*.eml
done_all() {
	[ "$(n_msgs --status applied)" -ge 16 ] &&
		[ "$(n_box INBOX)" -eq 0 ]
}
wait_until 90 done_all || not_ok "running daemon: not done in 90 s"
daemon_stop
expect_eq "$DRC" 0 "exit status on SIGTERM"
expect_eq "$(n_changes)" 23 "running daemon: changes"
expect_eq "$(n_msgs --status applied)" 16 "running daemon: applied"
expect_eq "$(applied_ids | uniq -d | wc -l)" 0 "Message-IDs applied twice"
expect_eq "$(n_box INBOX)" 0 "running daemon: INBOX"
if grep -qi 'uidvalidity' "$T/d.log"; then ok; else
	not_ok "running daemon: UIDVALIDITY change not logged"
	sed 's/^/  | /' "$T/d.log" >&2
fi
echo "stored messages: $(n_msgs) ($(n_msgs --status duplicate) duplicate)"
grep -i 'uidvalidity' "$T/once.err" "$T/d.log" | head -n 4

done_testing
