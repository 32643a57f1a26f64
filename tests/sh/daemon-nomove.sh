# SPDX-License-Identifier: MIT
# Servers without MOVE: compendiumd falls back to UID COPY + \Deleted +
# UID EXPUNGE (UIDPLUS), else flags the messages \Seen and leaves them;
# either way nothing is applied twice on the next run.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
M=$CP_SRC/examples/mail
mail13=$(printf '%s\n' "$M"/*.eml | head -n 13)
moves() { log_since | grep -Ec 'Command finished: (UID )?MOVE'; }

# Without MOVE, with UIDPLUS.
dv_start --no-move
db_init
conf "$T/c.conf"
# shellcheck disable=SC2086
"$FX/append" -q "$DV" $mail13
log_mark
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_msgs --status applied)" 13 "no MOVE: applied"
expect_eq "$(n_changes)" 19 "no MOVE: changes"
expect_eq "$(n_box INBOX)" 0 "no MOVE: INBOX (expunged)"
expect_eq "$(n_box Processed)" 13 "no MOVE: Processed"
expect_eq "$(moves)" 0 "no MOVE: MOVE commands sent"
log_since | grep -Eo 'Command finished: UID (COPY|EXPUNGE|STORE)' |
	sort | uniq -c | sed 's/^ */no MOVE: /'
expect_eq "$(log_since | grep -Ec 'Command finished: (EXPUNGE|CLOSE)$')" 0 \
	"no MOVE: plain EXPUNGE or CLOSE (would drop others' \\Deleted mail)"

# A rejected message goes to Processed too (exit 1).
"$FX/append" -q "$DV" "$M/14-rejected-unwomen-unknown-area.eml"
expect_rc 1 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_box INBOX)" 0 "no MOVE, rejected: INBOX"
expect_eq "$(n_box Processed)" 14 "no MOVE, rejected: Processed"
# A second run finds nothing to do.
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_msgs)" 14 "no MOVE: stored after a second run"

# Without MOVE and without UIDPLUS: flagged \Seen, left in INBOX.
dv_stop
dv_start --no-move --no-uidplus
db_init
# shellcheck disable=SC2086
"$FX/append" -q "$DV" $mail13
log_mark
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_msgs --status applied)" 13 "no MOVE, no UIDPLUS: applied"
expect_eq "$(n_changes)" 19 "no MOVE, no UIDPLUS: changes"
expect_eq "$(n_box INBOX)" 13 "no MOVE, no UIDPLUS: INBOX (left)"
expect_eq "$(n_unseen INBOX)" 0 "no MOVE, no UIDPLUS: unseen in INBOX"
expect_eq "$(moves)" 0 "no MOVE, no UIDPLUS: MOVE commands sent"
expect_eq "$(log_since | grep -Ec 'Command finished: (UID )?EXPUNGE')" 0 \
	"no MOVE, no UIDPLUS: EXPUNGE sent"
# The next runs read nothing again, even when restarted.
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
expect_eq "$(n_msgs)" 13 "no MOVE, no UIDPLUS: stored after two more runs"
expect_eq "$(n_changes)" 19 "no MOVE, no UIDPLUS: changes after two more runs"

done_testing
