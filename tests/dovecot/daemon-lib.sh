# SPDX-License-Identifier: MIT
# Helpers for the daemon's tests (tests/sh/daemon-*.sh), sourced after
# tests/sh/lib.sh: a throwaway Dovecot in $T/dv (tests/dovecot/start),
# a database in $T/db with the example entities, configurations, the
# daemon in the background, and waiting with a bound.  On exit: the
# daemons started here are killed (by pid), Dovecot stopped, $T removed.
#
# Run by hand (as root):
#   COMPENDIUM=build/compendium CP_SRC=. CP_BUILD=build bash tests/sh/daemon-tls.sh
# T, fail, ok and not_ok come from tests/sh/lib.sh.
# shellcheck disable=SC2154

: "${CP_BUILD:=$(dirname "$COMPENDIUM")}"
D=$CP_BUILD/compendiumd
FX=$CP_SRC/tests/dovecot
DV=$T/dv
DB=$T/db

cleanup() {
	# The daemons still running (jobs of this shell: never a pid that
	# may have been reused by now).
	for p in $(jobs -p); do
		kill -9 "$p" 2>/dev/null
	done
	"$FX/stop" "$DV" 2>/dev/null
	if [ "$fail" -gt 0 ] && [ -f "$DV/dovecot.log" ]; then
		echo "Dovecot's errors and warnings ($DV/dovecot.log):" >&2
		grep -E ': (Error|Fatal|Panic|Warning):' "$DV/dovecot.log" |
			grep -v 'Shutting down logging\|Killed with signal' |
			tail -n 20 | sed 's/^/  | /' >&2
	fi
	rm -rf "$T"
}
trap cleanup EXIT

# Everything these tests need, or FAIL (never a silent skip).
need() {
	local why=
	[ "$(id -u)" -eq 0 ] || why="must run as root (Dovecot's master)"
	command -v dovecot >/dev/null || why="dovecot not installed (scripts/deps)"
	[ -x "$D" ] || why="no daemon at $D (build the compendiumd target)"
	if [ -n "$why" ]; then
		not_ok "$(basename "$0" .sh): $why"
		done_testing
		exit 1
	fi
}

# dv_start [OPTION...]: start (or restart) the fixture, read its env.
dv_start() {
	if ! "$FX/start" "$DV" --watch $$ "$@"; then
		not_ok "tests/dovecot/start $*"
		done_testing
		exit 1
	fi
	# shellcheck disable=SC1091
	. "$DV/env"
}
dv_stop() { "$FX/stop" "$DV"; }

C() { "$COMPENDIUM" --db "$DB" "$@"; }

db_init() {
	rm -f "$DB" "$DB"-*
	C init >/dev/null &&
		COMPENDIUM=$COMPENDIUM "$CP_SRC/examples/entities" --db "$DB" \
			>/dev/null || not_ok "database set-up"
}

# conf FILE [KEY=VALUE...]: a configuration for the fixture (IMAPS with
# its CA, password in the file, poll_interval 1), mode 600.  KEY=- leaves
# the key out; [store] database is $DB.
conf() {
	local f=$1 key
	shift
	declare -A k=([host]=localhost [port]="${IMAPS_PORT:-}" [tls]=imaps
		[ca_file]="$CA_FILE" [user]=compendium [password]=secret
		[mailbox]=INBOX [processed]=Processed [poll_interval]=1)
	for a in "$@"; do
		k[${a%%=*}]=${a#*=}
	done
	{
		echo "[store]"
		echo "database = $DB"
		echo
		echo "[imap]"
		for key in host port tls ca_file user password password_command \
			mailbox processed poll_interval; do
			if [ -n "${k[$key]+x}" ] && [ "${k[$key]}" != - ]; then
				echo "$key = ${k[$key]}"
			fi
		done
	} >"$f"
	chmod 600 "$f"
}

# daemon_bg LOG ARG...: the daemon in the background, stderr to LOG;
# its pid in $DPID.
daemon_bg() {
	local log=$1
	shift
	: >"$log"
	"$D" "$@" >/dev/null 2>>"$log" &
	DPID=$!
}

# daemon_stop: SIGTERM the background daemon, wait (10 s at most); the
# exit status in $DRC (137 when it had to be killed).
daemon_stop() {
	kill -TERM "$DPID" 2>/dev/null
	for _ in $(seq 1 200); do
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$DPID" 2>/dev/null; then
		not_ok "daemon $DPID ignored SIGTERM for 10 s"
		kill -9 "$DPID" 2>/dev/null
	fi
	wait "$DPID"
	DRC=$?
}

# wait_until SECONDS CMD...: run CMD every 50 ms until it succeeds;
# 1 when SECONDS passed.
wait_until() {
	local end
	end=$(($(date +%s%N) + $1 * 1000000000))
	shift
	while ! "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# Counts: stored messages (of a status), changes, messages in a mailbox.
n_msgs() { C messages "$@" 2>/dev/null | grep -c '^[0-9]'; }
n_changes() { C log 2>/dev/null | grep -c '^change '; }
n_box() { "$FX/count" "$DV" "$1"; }
# The Message-IDs of the applied messages, one a line, sorted.
applied_ids() {
	C messages --status applied | awk -F '\t' '/^[0-9]/ { print $5 }' |
		sort
}

# Dovecot's log: mark a place, then read what came after it.
log_mark() { LOGMARK=$(wc -l <"$DV/dovecot.log"); }
log_since() { tail -n +$((LOGMARK + 1)) "$DV/dovecot.log"; }
n_unseen() { "$FX/count" -i UNSEEN "$DV" "$1"; }
uidvalidity() { "$FX/count" -i UIDVALIDITY "$DV" "$1"; }
# box_is MAILBOX N: MAILBOX holds N messages (for wait_until).
box_is() { [ "$(n_box "$1")" = "$2" ]; }
