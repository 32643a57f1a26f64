# SPDX-License-Identifier: MIT
# password_command that hangs (issue 8): SIGTERM ends the wait at once,
# the daemon stops cleanly (exit 0) and the command is ended with it.
# (The 30 s limit itself is test_daemon_config's, with a shorter limit.)
# No server is needed: the password is asked for before any connection.
. "$(dirname "$0")/lib.sh"

D=$CP_BUILD/compendiumd
cat >"$T/pw.conf" <<CONF
[store]
database = $T/c.db
[imap]
host = 127.0.0.1
tls = none
user = x
password_command = echo \$\$ > $T/pw.pid; exec sleep 100000
CONF
chmod 600 "$T/pw.conf"

"$D" -c "$T/pw.conf" --once >"$T/out" 2>"$T/err" &
dpid=$!
# The command says when it runs: its pid in pw.pid (a bounded wait for
# that report, not a guess at how long it takes).
n=0
while [ ! -s "$T/pw.pid" ] && [ $n -lt 6000 ] && kill -0 $dpid 2>/dev/null; do
	sleep 0.05
	n=$((n + 1))
done
cmd=$(cat "$T/pw.pid" 2>/dev/null)
if [ -n "$cmd" ]; then ok; else not_ok "password_command never ran"; fi
kill -TERM $dpid
# It must end at once; the bound (60 s) only keeps a regression from
# hanging the suite: the old daemon waited for the command forever.
n=0
while kill -0 $dpid 2>/dev/null && [ $n -lt 1200 ]; do
	sleep 0.05
	n=$((n + 1))
done
if kill -0 $dpid 2>/dev/null; then
	not_ok "SIGTERM did not end the wait for password_command"
	kill -9 $dpid "$cmd" 2>/dev/null
fi
wait $dpid
expect_eq "$?" 0 "exit status after SIGTERM"
expect_in "$T/err" 'password_command `echo'
expect_in "$T/err" "ended: stopping"
expect_in "$T/err" "stopping (signal)"
# the command is gone (or a zombie its dead shell left to init); SIGKILL
# was sent, its death is the kernel's to finish: look for up to 10 s
state() { awk '{print $3}' "/proc/$cmd/stat" 2>/dev/null || echo gone; }
n=0
while ! case $(state) in gone | Z | X) true ;; *) false ;; esac &&
	[ $n -lt 200 ]; do
	sleep 0.05
	n=$((n + 1))
done
state=$(state)
case $state in gone | Z | X) ok ;; *) not_ok "password_command still runs ($state)" ;; esac

done_testing
