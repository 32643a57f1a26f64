# SPDX-License-Identifier: MIT
# kill -9 of compendiumd at random points (chosen by what it has logged,
# never by the clock), 20 times, over a 200-message
# mailbox (ten more messages arrive before each of the first 20 runs, so
# that every run has work to be killed in; runs go on until 20 were
# killed), then one run to the end: every message applied exactly once,
# 200 changes, the messages in INBOX + Processed at every step.
# KILL_SEED=N draws the same random numbers again.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
N=200
KILLS=20
PORTION=10
seed=${KILL_SEED:-$$}
RANDOM=$seed
echo "seed $seed (KILL_SEED=$seed draws the same kill points)"
"$FX/gen-simple" --prefix K $N "$T/mail" || not_ok "gen-simple"

dv_start
db_init
conf "$T/c.conf"
lines() { grep -c '^compendiumd: .* uid=[0-9]* <' "$1"; }
all_lines() { wc -l <"$1"; }

# How many lines a verbose run over 10 messages logs here (another
# mailbox, another database): the dialogue (connect, TLS, login, SELECT,
# FETCH, MOVE) and a line per message.  Kills are drawn over those lines,
# so each falls at a point the daemon reports having reached, however
# fast or loaded the machine is.
"$FX/gen-simple" --prefix CAL 10 "$T/cal" || not_ok "gen-simple"
"$FX/append" -q -m Calibration "$DV" "$T/cal"
conf "$T/cal.conf" mailbox=Calibration processed=CalibrationDone
sed -i "s|^database = .*|database = $T/cal.db|" "$T/cal.conf"
"$COMPENDIUM" --db "$T/cal.db" init >/dev/null
COMPENDIUM=$COMPENDIUM "$CP_SRC/examples/entities" --db "$T/cal.db" >/dev/null
expect_rc 0 timeout 60 "$D" -c "$T/cal.conf" --once --verbose
span=$(all_lines "$T/err")
echo "a verbose run over 10 messages logs $span lines: kills are drawn" \
	"after 0-$((span * 3 / 4)) of them"
span=$((span * 3 / 4 + 1))

# Runs until 20 were killed (60 at most); before each of the first 20,
# ten more of the 200 messages arrive.
kills=0
between=0
run=0
sent=0
while [ $kills -lt $KILLS ] && [ $run -lt 60 ]; do
	run=$((run + 1))
	if [ $sent -lt $N ]; then
		# shellcheck disable=SC2046
		"$FX/append" -q "$DV" $(seq -f "$T/mail/%04g.eml" \
			$((sent + 1)) $((sent + PORTION)))
		sent=$((sent + PORTION))
	fi
	left=$(n_box INBOX)
	if [ $((run % 2)) -eq 1 ]; then
		# After a random number of lines of the dialogue: connecting,
		# TLS, login, SELECT, fetching, applying, moving.
		daemon_bg "$T/run$run.log" -c "$T/c.conf" --once --verbose
		target=$((RANDOM % span))
		how="after $target lines of the dialogue"
		count=all_lines
	else
		# After a random number of messages logged.
		daemon_bg "$T/run$run.log" -c "$T/c.conf" --once
		target=$((RANDOM % (left + 1)))
		how="after $target messages"
		count=lines
	fi
	while kill -0 "$DPID" 2>/dev/null &&
		[ "$($count "$T/run$run.log")" -lt "$target" ]; do
		sleep 0.002
	done
	if kill -9 "$DPID" 2>/dev/null; then
		kills=$((kills + 1))
		what=killed
	else
		what="had exited"
	fi
	wait "$DPID" 2>/dev/null
	rc=$?
	if [ "$what" = "had exited" ] && [ "$rc" -ne 0 ]; then
		not_ok "run $run exited $rc before the kill"
		sed 's/^/  | /' "$T/run$run.log" >&2
	fi
	inbox=$(n_box INBOX)
	processed=$(n_box Processed)
	applied=$(n_msgs --status applied)
	echo "run $run: $left in INBOX; $what $how; $(lines "$T/run$run.log")" \
		"messages logged; INBOX $inbox, Processed $processed," \
		"applied $applied"
	# Applied, not yet moved: the kill fell between commit and move.
	[ "$applied" -gt "$processed" ] && between=$((between + 1))
	expect_eq "$((inbox + processed))" $sent "run $run: INBOX + Processed"
done
if [ $sent -lt $N ]; then
	# shellcheck disable=SC2046
	"$FX/append" -q "$DV" $(seq -f "$T/mail/%04g.eml" $((sent + 1)) $N)
fi
echo "kill -9: $kills kills in $run runs; $between of them between a" \
	"commit and the move (messages applied, not yet in Processed)"
[ "$kills" -ge $KILLS ] || not_ok "only $kills kills in $run runs"

expect_rc 0 timeout 100 "$D" -c "$T/c.conf" --once
expect_eq "$(n_msgs --status applied)" $N "applied"
expect_eq "$(applied_ids | uniq -d | wc -l)" 0 "Message-IDs applied twice"
expect_eq "$(applied_ids | wc -l)" $N "Message-IDs applied"
expect_eq "$(n_changes)" $N "changes"
expect_eq "$(n_msgs --status rejected)" 0 "rejected"
expect_eq "$(n_msgs --status held)" 0 "held"
echo "stored messages: $(n_msgs) ($(n_msgs --status duplicate) duplicate)"
expect_eq "$(n_box INBOX)" 0 "INBOX at the end"
expect_eq "$(n_box Processed)" $N "Processed at the end"
# The last message of each entry is its current version (10 each).
C show --json FAO/K-02 >"$T/show.json"
json_is "$T/show.json" version 10
json_is "$T/show.json" summary '"Summary of FAO/K-02, version 10, from message 182."'
if cat "$T"/run*.log | grep -q 'Sanitizer'; then
	not_ok "sanitizer report"
fi

done_testing
