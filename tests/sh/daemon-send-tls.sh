# SPDX-License-Identifier: MIT
# compendiumd's sending path refuses an SMTP server it cannot trust, as
# its IMAP side does (tests/sh/daemon-tls.sh), against a real Dovecot and
# a real Exim (tests/smtp): without the CA, with a wrong host name (smtps
# and starttls each), and with STARTTLS not offered (tls = starttls
# against a server that strips it).  Each time: nothing is sent, the
# password is never even asked for (its password_command leaves a mark
# when run), Exim sees no AUTH and no message, a capture of what the
# daemon wrote in plain text (a relay between the two) holds no AUTH, the
# failure is logged loudly naming host and port, and the ingest still
# happens: the messages applied and moved, their receipts queued with a
# failed attempt, `--once` exiting by what it read (0), not 3.  With the
# right configuration afterwards every receipt goes, once.  An [smtp]
# that cannot send (a from that is not one address, a user without
# password_command) is refused at start (exit 2); from without host and
# tls = none are warned of.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
. "$CP_SRC/tests/smtp/daemon-lib.sh"

dv_start
sm_start
db_init

# sconf FILE [KEY=VALUE...]: the IMAP configuration of the fixture and
# an [smtp] section (smtps with the test CA); KEY=- leaves the key out.
# The password_command marks $T/asked when it runs.
sconf() {
	local f=$1
	shift
	conf "$f"
	{
		echo
		smtp_ini "$SMTPS_PORT" "$SCA" \
			password_command="touch $T/asked; echo secret" \
			max_per_hour=1000 "$@"
	} >>"$f"
}
exim_mark() { EXIMMARK=$(wc -l <"$SM/log/mainlog"); }
exim_since() { tail -n +$((EXIMMARK + 1)) "$SM/log/mainlog"; }

# refused NAME CONF: three messages arrive; --once applies and moves
# them (exit 0), sends nothing, and says loudly why.
batch=0
refused() {
	local name=$1 conf=$2 host port
	host=$(sed -n '/^\[smtp\]/,$s/^host = //p' "$conf")
	port=$(sed -n '/^\[smtp\]/,$s/^port = //p' "$conf")
	batch=$((batch + 1))
	"$FX/gen-simple" --prefix "B$batch" 3 "$T/mail$batch" >/dev/null ||
		not_ok "gen-simple"
	"$FX/append" -q "$DV" "$T/mail$batch"/*.eml
	rm -f "$T/asked"
	exim_mark
	expect_rc 0 timeout 120 "$D" -c "$conf" --once
	cp "$T/err" "$T/$batch.err"
	# the ingest went on
	expect_eq "$(n_msgs --status applied)" $((first + batch * 3)) \
		"$name: applied"
	expect_eq "$(n_box INBOX)" 0 "$name: INBOX after"
	expect_eq "$(n_box Processed)" $((first + batch * 3)) \
		"$name: Processed after"
	# nothing sent: all queued, tried once at least
	expect_eq "$(n_out queued)" $((first + batch * 3)) \
		"$name: receipts queued"
	expect_eq "$(n_out sent)" 0 "$name: receipts sent"
	expect_eq "$(C outbox --json | python3 -c 'import json,sys; print(min(r["attempts"] for r in json.load(sys.stdin)))')" \
		1 "$name: each receipt tried"
	expect_eq "$(n_mail)" 0 "$name: delivered"
	# loudly, naming the server
	expect_in "$T/$batch.err" "NOTHING CAN BE SENT until this is fixed"
	expect_in "$T/$batch.err" "$host:$port"
	# the credentials never left: not even asked for; Exim saw no AUTH
	if [ -e "$T/asked" ]; then
		not_ok "$name: password_command run"
	else
		ok
	fi
	expect_eq "$(exim_since | grep -c 'authenticator failed\| A=\| <= ')" 0 \
		"$name: AUTH or a message in Exim's log"
	echo "$name: $(grep 'NOTHING CAN BE SENT' "$T/$batch.err" | head -n 1)"
}

# An [smtp] that cannot send is a configuration error at start (exit 2,
# naming the file and the key), as [imap]'s are: nothing read.
"$FX/append" -q "$DV" "$CP_SRC/examples/mail/01-unodc-three-mandates.eml"
start_refused() {
	expect_rc 2 timeout 120 "$D" -c "$2" --once
	expect_in "$T/err" "$2: [smtp] $3"
	expect_eq "$(n_msgs)" 0 "$1: stored"
	expect_eq "$(n_box INBOX)" 1 "$1: INBOX"
}
sconf "$T/badfrom.conf" from="UN Compendium"
start_refused "from not one address" "$T/badfrom.conf" \
	'from: "UN Compendium" is not one address'
sconf "$T/nofrom.conf" from=-
start_refused "no from" "$T/nofrom.conf" "from is not set"
sconf "$T/nopass.conf" password_command=-
start_refused "user without password_command" "$T/nopass.conf" \
	"user is set but password_command is not"
# from without host: receipts queued, none sent; said at start
sconf "$T/nohost.conf" host=-
expect_rc 0 timeout 120 "$D" -c "$T/nohost.conf" --once
expect_in "$T/err" "[smtp] from is set but host is not: receipts are queued, none is sent"
expect_eq "$(n_out queued)" 1 "no host: the receipt queued"
expect_eq "$(n_box INBOX)" 0 "no host: INBOX after"
expect_eq "$(n_box Processed)" 1 "no host: Processed after"
first=1 # that receipt, queued before the batches below

# Without the CA: the system trust store does not know the test CA.
sconf "$T/noca.conf" ca_file=-
refused "no CA" "$T/noca.conf"
expect_in "$T/$batch.err" "server certificate refused"
sconf "$T/noca-starttls.conf" ca_file=- tls=starttls port="$SMTP_PORT"
refused "no CA, starttls" "$T/noca-starttls.conf"

# 127.0.0.1 against a certificate for localhost (SAN DNS:localhost).
sconf "$T/ip.conf" host=127.0.0.1
refused "wrong host name" "$T/ip.conf"
expect_in "$T/$batch.err" "server certificate refused"
sconf "$T/ip-starttls.conf" host=127.0.0.1 tls=starttls port="$SMTP_PORT"
refused "wrong host name, starttls" "$T/ip-starttls.conf"

# A server that does not offer STARTTLS (as a man in the middle stripping
# it would) but offers AUTH in plain text, reached through a relay that
# keeps every byte the daemon writes: no AUTH, no password, no MAIL.
"$SFX/stop" "$SM"
sm_start --no-starttls
python3 - "$SMTP_PORT" "$T/capture" >"$T/relay.port" <<'PY' &
import socket, sys, threading
to, cap = int(sys.argv[1]), sys.argv[2]
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(8)
print(ls.getsockname()[1], flush=True)
lock = threading.Lock()
def pump(a, b, keep):
    while True:
        try:
            d = a.recv(65536)
        except OSError:
            d = b""
        if not d:
            break
        if keep:
            with lock, open(cap, "ab") as f:
                f.write(d)
        b.sendall(d)
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    c, _ = ls.accept()
    s = socket.create_connection(("127.0.0.1", to))
    threading.Thread(target=pump, args=(c, s, True), daemon=True).start()
    threading.Thread(target=pump, args=(s, c, False), daemon=True).start()
PY
relay=$!
relay_up() { [ -s "$T/relay.port" ]; }
wait_until 20 relay_up || not_ok "the relay did not start"
: >"$T/capture"
sconf "$T/stripped.conf" tls=starttls port="$(cat "$T/relay.port")"
refused "STARTTLS stripped" "$T/stripped.conf"
expect_in "$T/$batch.err" "does not offer STARTTLS: refusing to go on without TLS"
expect_in "$T/capture" "EHLO"
expect_not_in "$T/capture" "STARTTLS"
expect_not_in "$T/capture" "AUTH"
expect_not_in "$T/capture" "MAIL FROM"
# "\0compendium\0secret" in base64, and the password itself
expect_not_in "$T/capture" "AGNvbXBlbmRpdW0Ac2VjcmV0"
expect_not_in "$T/capture" "c2VjcmV0"
expect_not_in "$T/capture" "secret"
kill "$relay"
wait "$relay" 2>/dev/null
relay=

# The right configuration: every receipt queued goes (at its next
# attempt: a clock past the back-off), once.
"$SFX/stop" "$SM"
sm_start
sconf "$T/good.conf"
later=$(python3 -c 'import datetime; print((datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"))')
COMPENDIUM_NOW=$later expect_rc 0 timeout 120 "$D" -c "$T/good.conf" --once
expect_eq "$(n_out queued)" 0 "good: queued after"
expect_eq "$(n_out sent)" $((first + batch * 3)) "good: sent"
wait_until 20 mail_is $((first + batch * 3)) ||
	not_ok "good: delivered $(n_mail)"
expect_eq "$(n_mail)" $((first + batch * 3)) "good: delivered once each"

# tls = none, written: sent in plain text, with a warning at start.
"$FX/gen-simple" --prefix PLAIN 1 "$T/plain" >/dev/null
"$FX/append" -q "$DV" "$T/plain"/*.eml
sconf "$T/none.conf" tls=none port="$SMTP_PORT" ca_file=-
exim_mark
expect_rc 0 timeout 120 "$D" -c "$T/none.conf" --once
expect_in "$T/err" "[smtp] tls = none: the SMTP password and the receipts cross the network in plain text"
expect_eq "$(n_out queued)" 0 "tls = none: queued after"
wait_until 20 mail_is $((first + batch * 3 + 1)) ||
	not_ok "tls = none: delivered $(n_mail)"
expect_eq "$(exim_since | grep -c ' <= .* P=esmtpa A=plain:compendium ')" 1 \
	"tls = none: in plain text, as written"

# SIGTERM while [smtp] password_command runs (it hangs here): the wait
# ends at once (docs/compendiumd.md), the daemon stops cleanly, the
# receipt stays queued with no attempt counted, and nothing is said
# loudly: a stop is not a failure.  The command reports that it runs
# (its pid in spw.pid): the signal is sent on that report, not a guess.
"$FX/gen-simple" --prefix HANG 1 "$T/hang" >/dev/null
"$FX/append" -q "$DV" "$T/hang"/*.eml
sconf "$T/hang.conf" \
	password_command="echo \$\$ > $T/spw.pid; exec sleep 100000"
timeout 120 "$D" -c "$T/hang.conf" --once >"$T/hang.out" 2>"$T/hang.err" &
dpid=$!
pw_runs() { [ -s "$T/spw.pid" ]; }
wait_until 60 pw_runs || not_ok "SIGTERM: password_command never ran"
kill -TERM $dpid
wait $dpid
expect_eq "$?" 0 "SIGTERM during the SMTP password_command: exit status"
expect_in "$T/hang.err" "ended: stopping"
expect_not_in "$T/hang.err" "gave no password"
expect_not_in "$T/hang.err" "NOTHING CAN BE SENT"
expect_eq "$(n_msgs --status applied)" $((first + batch * 3 + 2)) \
	"SIGTERM: the message applied"
expect_eq "$(n_out queued)" 1 "SIGTERM: the receipt queued"
expect_eq "$(C outbox --json | python3 -c 'import json,sys; print([r["attempts"] for r in json.load(sys.stdin) if r["status"] == "queued"])')" \
	"[0]" "SIGTERM: no attempt counted"
kill -9 "$(cat "$T/spw.pid")" 2>/dev/null

done_testing
