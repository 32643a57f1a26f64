# SPDX-License-Identifier: MIT
# kill -9 of compendiumd while it sends the receipts (SPEC §7), 20 runs
# against one real Dovecot (tests/dovecot) and one real Exim (tests/smtp):
# before each run five updates of focal points arrive; the daemon (--once
# --verbose) dies by SIGKILL right after a chosen line of its log (through
# tests/preload/kill_at.c: exactly at the moment it reports, never by the
# clock, never a race), the moments spread over the whole send:
#   stored     the five messages stored, no receipt built yet
#   connected  the SMTP connection open (receipt 1 built and saved)
#   rcpt J     the server accepted the Jth receipt's RCPT, before DATA
#   data J     the server said 354 to the Jth receipt's DATA
#   accepted J the server said 250 to the Jth receipt's DATA, before the
#              daemon marks it sent (its "accepted by the server" line)
#   sent J     the Jth receipt marked sent, before the next
# then the daemon runs again (--once): the outbox shows every receipt
# sent (none queued, none failed), every receipt arrived at least once,
# and a receipt arrived twice only with the same Message-ID and the same
# bytes -- exactly when the kill fell between the 250 and the mark.  The
# counts over the 20 runs are printed (docs/HARDENING.md quotes them).
# RUNS=N runs another number of runs.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
. "$CP_SRC/tests/smtp/daemon-lib.sh"
RUNS=${RUNS:-20}
R=5 # receipts a run

dv_start
sm_start
db_init
conf "$T/c.conf"
smtp_section 100000 >>"$T/c.conf"

# Exim has delivered every message it accepted: nothing in its spool
# (it delivers just after its 250, in another process).
spool_empty() { [ -z "$(find "$SM/spool/input" -name '*-H' 2>/dev/null)" ]; }

# The Maildir against the outbox: each receipt sent arrived, nothing
# else did, a receipt delivered twice has the same bytes each time (Exim's
# Received field aside).  Prints "FILES DISTINCT QUEUED FAILED SENT":
# files in the Maildir, receipts among them, the outbox's counts.
check_py=$T/check.py
cat >"$check_py" <<'PY'
import collections, email, email.policy, os, sqlite3, sys
db, new = sys.argv[1:3]
con = sqlite3.connect(db)
sent = {r[0] for r in con.execute(
    "SELECT message_id FROM outbox WHERE status = 'sent'")}
st = dict(con.execute("SELECT status, count(*) FROM outbox GROUP BY status"))
by_id = collections.defaultdict(list)
for name in os.listdir(new):
    raw = open(os.path.join(new, name), "rb").read()
    m = email.message_from_bytes(raw, policy=email.policy.default)
    del m["Received"]
    by_id[m["Message-ID"].strip("<>")].append(m.as_bytes())
problems = []
missing = sent - set(by_id)
if missing:
    problems.append("never arrived: %s" % sorted(missing))
if set(by_id) - sent:
    problems.append("arrived, not sent: %s" % sorted(set(by_id) - sent))
for k, v in by_id.items():
    if len(set(v)) > 1:
        problems.append("%s: arrived %d times, differently" % (k, len(v)))
print(sum(len(v) for v in by_id.values()), len(by_id),
      st.get("queued", 0), st.get("failed", 0), st.get("sent", 0))
sys.exit("\n".join(problems) if problems else 0)
PY

# The kill points: the line (ERE) after which the daemon dies, what that
# moment is.  The 2nd... points are per receipt (the Jth such line).
declare -A line_of=(
	[stored]='^compendiumd: .* uid=[0-9]+ <'
	[connected]='^compendiumd: .*: SMTP connection open$'
	[rcpt]='^compendiumd: S: 250 Accepted$'
	[data]='^compendiumd: S: 354 '
	[accepted]='^compendiumd: receipt [0-9]+: accepted by the server; marking it sent$'
	[sent]='^compendiumd: receipt [0-9]+ to .*: sent$'
)
kinds=(stored connected rcpt data accepted sent)
PRE=$CP_BUILD/tests/kill_at.so
[ -f "$PRE" ] || not_ok "no $PRE (build the kill_at target)"
declare -A dups_of runs_of
dups=0
files=0
# R updates a run, of UNODC, ITU, FAO and WFP: each applied
"$FX/gen-simple" --prefix K $((RUNS * R)) "$T/mail" >/dev/null ||
	not_ok "gen-simple"
for run in $(seq 1 "$RUNS"); do
	kind=${kinds[$(((run - 1) % ${#kinds[@]}))]}
	j=$(((run - 1) % R + 1)) # with the kind: no pair twice in 30 runs
	case $kind in
	stored) j=$R how="the $R messages stored, no receipt built" ;;
	connected) j=1 how="the SMTP connection open, receipt 1 built, nothing sent" ;;
	rcpt) how="receipt $j: RCPT accepted, before DATA" ;;
	data) how="receipt $j: in the DATA (354)" ;;
	accepted) how="receipt $j: 250 to the DATA, not yet marked sent" ;;
	sent) how="receipt $j: marked sent" ;;
	esac
	runs_of[$kind]=$((${runs_of[$kind]:-0} + 1))
	# shellcheck disable=SC2046
	"$FX/append" -q "$DV" $(seq -f "$T/mail/%04g.eml" \
		$(((run - 1) * R + 1)) $((run * R)))
	log=$T/run$run.log
	# (in a subshell: bash's "Killed" is not this test's output)
	(LD_PRELOAD=$PRE KILL_AT_LINE=${line_of[$kind]} KILL_AT_COUNT=$j \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		timeout 120 "$D" -c "$T/c.conf" --once --verbose 2>"$log" \
		>/dev/null
	exit $?) 2>/dev/null
	rc=$?
	if [ "$rc" -ne 137 ]; then
		not_ok "run $run: exit $rc, not killed ($how)"
		tail -n 20 "$log" | sed 's/^/  | /' >&2
	fi
	grep -q Sanitizer "$log" && not_ok "run $run: sanitizer report"
	left=$(n_out queued)
	# the run after the kill sends what was left
	expect_rc 0 timeout 120 "$D" -c "$T/c.conf" --once
	expect_eq "$(n_box INBOX)" 0 "run $run: INBOX after"
	wait_until 30 spool_empty || not_ok "run $run: Exim still delivering"
	if out=$(python3 "$check_py" "$DB" "$SMAILDIR/new"); then ok; else
		not_ok "run $run: the receipts delivered (see above)"
	fi
	read -r nfiles ndistinct queued failed sent <<<"$out"
	expect_eq "$queued" 0 "run $run: queued after"
	expect_eq "$failed" 0 "run $run: failed after"
	expect_eq "$sent" $((run * R)) "run $run: sent after"
	d=$((nfiles - files - R))
	files=$nfiles
	expect_eq "$ndistinct" $((run * R)) "run $run: receipts delivered"
	# a duplicate exactly when the kill fell between the server's 250 and
	# the mark
	want=0
	[ "$kind" = accepted ] && want=1
	expect_eq "$d" $want "run $run ($how): duplicates"
	dups=$((dups + d))
	dups_of[$kind]=$((${dups_of[$kind]:-0} + d))
	echo "run $run: killed: $how; $left left queued; $d duplicate(s)"
done
summary="kill -9 while sending: $RUNS runs, $((RUNS * R)) receipts, each delivered at least once, $dups delivered twice (same Message-ID, same bytes)"
for k in "${kinds[@]}"; do
	summary="$summary; $k: ${dups_of[$k]:-0} in ${runs_of[$k]:-0} runs"
done
echo "$summary"

done_testing
