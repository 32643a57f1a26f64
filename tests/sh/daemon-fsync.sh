# SPDX-License-Identifier: MIT
# Nothing lost on a power cut (SPEC §3, issue 8): a message leaves the
# mailbox only once its commit is on disk, and the store is synced once
# per batch, not once per message.  Proved from the system calls: each
# run of compendiumd --once is traced with strace over a plain-text
# connection (tls = none on the fixture's plain port, loopback), so that
# the IMAP commands are readable in the trace, and the trace is checked,
# in the order of the calls (no clock is read):
#
#   - for every UID MOVE, UID COPY, UID STORE or UID EXPUNGE written to
#     the socket, an fdatasync or fsync of the database's -wal file (its
#     descriptor resolved through the openat that opened it) comes after
#     the last write to that file before the command (the commit of the
#     batch's last message) and before the command; and before the first
#     such command of a run at all, even when the run wrote nothing;
#   - the WAL is synced at most once per batch (plus once when SQLite
#     starts a new WAL: it syncs its header), far fewer times than there
#     are messages.
#
# Every way out is traced: MOVE (three batches: the message over
# max_message_size is a batch of its own), UID COPY + \Deleted + UID
# EXPUNGE (no MOVE), \Seen (neither MOVE nor UIDPLUS), and the messages an
# earlier run stored but left in the mailbox, moved at the next start.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
if ! command -v strace >/dev/null; then
	not_ok "strace not installed (scripts/deps)"
	done_testing
	exit 1
fi

# check_trace TRACE: reads the strace output TRACE of one run against the
# database $DB; prints NAME=VALUE lines (counts), and on standard error
# what is wrong with the first command that left too early.
#   leave     MOVE, COPY, STORE and EXPUNGE commands written to the socket
#   move, copy, store, expunge   the same, by command
#   unsynced  those not preceded by a sync of the WAL after its last write
#   walwrites writes to the WAL before the last such command
#   syncs     syncs of the WAL before the last such command
check_trace() {
	python3 - "$1" "$DB-wal" <<'PY'
import os
import re
import sys

trace, wal = sys.argv[1], os.path.realpath(sys.argv[2])
line_re = re.compile(r"^(\d+)\s+(?:[\d:.]+\s+)?(.*)$")
call_re = re.compile(r"^(\w+)\((.*)\)\s+=\s+(-?\d+)(?:\s.*)?$")
leave_re = re.compile(r'"\d+ (?:UID )?(MOVE|COPY|STORE|EXPUNGE)[ \\]')
pending = {}
events = []  # (kind, detail): wwrite, wsync, leave
wal_fds = set()  # (pid, fd)
for raw in open(trace, errors="replace"):
    m = line_re.match(raw.rstrip("\n"))
    if not m:
        continue
    pid, rest = m.group(1), m.group(2)
    # strace -f splits a call that another process interrupted.
    if rest.endswith("<unfinished ...>"):
        pending[pid] = rest[: -len("<unfinished ...>")].rstrip()
        continue
    r = re.match(r"^<\.\.\. \w+ resumed>\s?(.*)$", rest)
    if r:
        rest = pending.pop(pid, "") + r.group(1)
    c = call_re.match(rest)
    if not c:
        continue
    name, args, ret = c.group(1), c.group(2), int(c.group(3))
    fd = args.split(",", 1)[0].strip()
    if name == "openat" and ret >= 0:
        p = re.search(r'"((?:[^"\\]|\\.)*)"', args)
        if p and os.path.realpath(p.group(1)) == wal:
            wal_fds.add((pid, str(ret)))
    elif name == "close":
        wal_fds.discard((pid, fd))
    elif (pid, fd) in wal_fds:
        if name in ("fdatasync", "fsync"):
            events.append(("wsync", rest))
        elif name.startswith("pwrite") or name.startswith("write"):
            events.append(("wwrite", rest))
    elif name in ("write", "writev", "sendto", "sendmsg"):
        k = leave_re.search(args)
        if k:
            events.append(("leave", k.group(1)))

counts = {"leave": 0, "move": 0, "copy": 0, "store": 0, "expunge": 0,
          "unsynced": 0, "walwrites": 0, "syncs": 0}
synced = False  # a WAL sync since the last WAL write
seen_sync = False  # any WAL sync yet
walwrites = syncs = 0
for kind, detail in events:
    if kind == "wwrite":
        synced = False
        walwrites += 1
    elif kind == "wsync":
        synced = seen_sync = True
        syncs += 1
    else:
        counts["leave"] += 1
        counts[detail.lower()] += 1
        counts["walwrites"], counts["syncs"] = walwrites, syncs
        ok = synced if walwrites else seen_sync
        if not ok:
            if counts["unsynced"] == 0:
                sys.stderr.write(
                    " UID %s written to the socket after %d writes and "
                    "%d syncs of the WAL: %s\n"
                    % (detail, walwrites, syncs,
                       "the last write not synced" if walwrites
                       else "never synced"))
            counts["unsynced"] += 1
for k, v in counts.items():
    print("%s=%d" % (k, v))
PY
}

# expect_le GOT MAX WHAT
expect_le() {
	if [ -n "$1" ] && [ "$1" -le "$2" ]; then
		ok
	else
		not_ok "$3: got [$1], want at most $2"
	fi
}

# traced NAME RC: compendiumd --once with $T/c.conf under strace, the
# trace in $T/NAME.trace, exit RC expected; the counts of check_trace in
# tr[], printed; what check_trace found wrong in $T/NAME.check, shown.
declare -A tr
traced() {
	local k v
	# LeakSanitizer cannot run under ptrace (the ASan build).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		expect_rc "$2" timeout 120 strace -f -tt -s 64 -o "$T/$1.trace" \
		-e trace=openat,close,write,pwrite64,pwritev,writev,sendto,sendmsg,fdatasync,fsync \
		"$D" -c "$T/c.conf" --once
	tr=()
	while IFS='=' read -r k v; do
		tr[$k]=$v
	done < <(check_trace "$T/$1.trace" 2>"$T/$1.check")
	echo "$1: ${tr[leave]:-?} commands out of the mailbox" \
		"(MOVE ${tr[move]:-?}, COPY ${tr[copy]:-?}, STORE ${tr[store]:-?}," \
		"EXPUNGE ${tr[expunge]:-?}); before the last: ${tr[walwrites]:-?}" \
		"writes and ${tr[syncs]:-?} syncs of the WAL"
	if [ -s "$T/$1.check" ]; then
		sed "s/^/$1:/" "$T/$1.check" >&2
	fi
}

# 30 small messages and, in the middle, one over max_message_size: three
# batches (1-15, the big one alone, 17-31).
"$FX/gen-simple" --prefix F 31 "$T/mail" || not_ok "gen-simple"
{
	cat "$T/mail/0016.eml"
	for i in $(seq 1 100); do
		echo "Padding line $i, so that this message is over the limit."
	done
} >"$T/big.eml"
mv "$T/big.eml" "$T/mail/0016.eml"

dv_start
db_init
conf "$T/c.conf" tls=none port="$IMAP_PORT" ca_file=-
printf '\n[limits]\nmax_message_size = 2048\n' >>"$T/c.conf"
"$FX/append" -q "$DV" "$T/mail"

# MOVE, three batches; the big one is rejected (exit 1).
traced move 1
expect_eq "${tr[move]}" 3 "MOVE: UID MOVE commands (batches)"
expect_eq "${tr[unsynced]}" 0 "MOVE: commands sent before the WAL was synced"
expect_le 1 "${tr[walwrites]}" "MOVE: writes to the WAL traced (at least)"
# One a batch, and one more when SQLite starts the WAL (it syncs the new
# WAL's header); the old code synced once, one a message would be 31+.
expect_le "${tr[syncs]}" 4 "MOVE: syncs of the WAL, 31 messages in 3 batches"
expect_eq "$(n_msgs)" 31 "MOVE: stored"
expect_eq "$(n_box INBOX) $(n_box Processed)" "0 31" "MOVE: INBOX, Processed"

# No MOVE: UID COPY, UID STORE +FLAGS (\Deleted), UID EXPUNGE.
"$FX/gen-simple" --prefix G 10 "$T/mail2" || not_ok "gen-simple"
dv_stop
dv_start --no-move
"$FX/append" -q "$DV" "$T/mail2"
traced copy 0
expect_eq "${tr[move]} ${tr[copy]} ${tr[store]} ${tr[expunge]}" "0 1 1 1" \
	"no MOVE: MOVE, COPY, STORE, EXPUNGE commands"
expect_eq "${tr[unsynced]}" 0 "no MOVE: commands sent before the WAL was synced"
expect_le "${tr[syncs]}" 2 "no MOVE: syncs of the WAL, 10 messages in 1 batch"
expect_eq "$(n_box INBOX) $(n_box Processed)" "0 41" "no MOVE: INBOX, Processed"

# Neither MOVE nor UIDPLUS: UID STORE +FLAGS (\Seen), left in INBOX.
"$FX/gen-simple" --prefix H 10 "$T/mail3" || not_ok "gen-simple"
dv_stop
dv_start --no-move --no-uidplus
"$FX/append" -q "$DV" "$T/mail3"
traced seen 0
expect_eq "${tr[leave]} ${tr[store]}" "1 1" "\\Seen: commands, STORE"
expect_eq "${tr[unsynced]}" 0 "\\Seen: flagged before the WAL was synced"
expect_eq "$(n_box INBOX) $(n_unseen INBOX)" "10 0" "\\Seen: INBOX, unseen"

# Those ten, stored and still in INBOX, are moved at the next start (as
# after a crash between commit and move): synced first, though this run
# writes nothing.
dv_stop
dv_start
traced left 0
expect_eq "${tr[move]}" 1 "left: UID MOVE commands"
expect_eq "${tr[unsynced]}" 0 "left: moved before the WAL was synced"
expect_eq "$(n_box INBOX) $(n_box Processed)" "0 51" "left: INBOX, Processed"
expect_eq "$(n_msgs)" 51 "left: stored"

# The sync fails (tests/preload/fail_sync.c: every fdatasync of the WAL
# after the first, which is SQLite's own of the new WAL's header at the
# first commit): the batch is stored but stays in INBOX, and --once exits
# 5 as for any failure of the store; the next run syncs and moves it,
# reading nothing again.
PRE=$CP_BUILD/tests/fail_sync.so
if [ ! -f "$PRE" ]; then
	not_ok "no $PRE (build the fail_sync target)"
else
	"$FX/gen-simple" --prefix J 8 "$T/mail4" || not_ok "gen-simple"
	db_init
	"$FX/append" -q "$DV" "$T/mail4"
	log_mark
	expect_rc 5 env LD_PRELOAD="$PRE" FAIL_WAL_SYNC_AFTER=1 \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		"$D" -c "$T/c.conf" --once
	expect_in "$T/err" "sync of the WAL: disk I/O error"
	expect_eq "$(n_msgs)" 8 "sync failed: stored"
	expect_eq "$(n_box INBOX) $(n_box Processed)" "8 51" \
		"sync failed: INBOX, Processed (none moved)"
	expect_eq "$(log_since | grep -Ec 'Command finished: UID (MOVE|COPY|STORE|EXPUNGE)')" \
		0 "sync failed: commands out of the mailbox"
	expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --once
	expect_in "$T/err" "8 messages at or below UID"
	expect_eq "$(n_box INBOX) $(n_box Processed)" "0 59" \
		"after the failed sync: INBOX, Processed"
	expect_eq "$(n_msgs)" 8 "after the failed sync: stored (none twice)"
fi

done_testing
