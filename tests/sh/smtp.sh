# SPDX-License-Identifier: MIT
# The daemon's SMTP client (daemon/smtp.c, driven by tests/smtp/smtp_send)
# against a real Exim (tests/smtp/start) on 127.0.0.1: messages arrive
# byte for byte over smtps and starttls, several over one connection; AUTH
# PLAIN and LOGIN; a refused password, a 5xx and a 4xx are told apart; and
# the TLS negatives as for IMAP (no CA, wrong host name, STARTTLS
# stripped, plain text unless `tls = none` is written): nothing sent, no
# credential in clear.
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2154
: "${CP_BUILD:=$(dirname "$COMPENDIUM")}"
SEND=$CP_BUILD/tests/smtp_send
FX=$CP_SRC/tests/smtp
SM=$T/smtp

. "$FX/ini.sh"
cleanup() {
	sm_stop
	rm -rf "$T"
}
trap cleanup EXIT

why=
command -v exim4 >/dev/null || why="exim4 not installed (scripts/deps)"
[ -x "$SEND" ] || why="no $SEND (build the smtp_send target)"
if [ -n "$why" ]; then
	not_ok "smtp: $why"
	done_testing
	exit 1
fi

sm_start() {
	if ! "$FX/start" "$SM" --watch $$ "$@"; then
		not_ok "tests/smtp/start $*"
		done_testing
		exit 1
	fi
	# shellcheck disable=SC1091
	. "$SM/env"
}

# conf FILE [KEY=VALUE...]: [smtp] for the fixture (smtps with its CA,
# password_command), mode 600; KEY=- leaves the key out.
conf() {
	local f=$1
	shift
	smtp_ini "$SMTPS_PORT" "$CA_FILE" "$@" >"$f"
	chmod 600 "$f"
}

n_mail() { find "$MAILDIR/new" -type f | wc -l; }
mail_is() { [ "$(n_mail)" = "$1" ]; }
# wait_mail N: Exim delivers after its 250; wait (bounded) for N files.
wait_mail() {
	local end=$(($(date +%s) + 20))
	while ! mail_is "$1"; do
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 0.05
	done
	expect_eq "$(n_mail)" "$1" "messages in the Maildir"
}
# delivered RCPT: the message delivered to RCPT without the Received
# header Exim put on top.
delivered() {
	local f
	f=$(grep -l "^	for $1;" "$MAILDIR"/new/* | head -n 1)
	awk 'NR == 1 && /^Received:/ { skip = 1; next }
		skip && /^[ \t]/ { next } { skip = 0; print }' "$f"
}
log_mark() { LOGMARK=$(wc -l <"$LOG"); }
log_since() { tail -n +$((LOGMARK + 1)) "$LOG"; }

# Messages: dots at line starts (one alone), LF line ends; the same with
# CRLF; one without its last line end.
msg() {
	printf 'From: UN Compendium <compendium@un.example>\n'
	printf 'To: %s\nSubject: %s\nMessage-ID: <%s@un.example>\n' "$1" "$2" "$2"
	printf 'Date: Mon, 05 Jan 2026 10:15:00 +0000\n\n'
	printf 'Applied.\n.\n.leading dot\n..two dots\n. space\nend.\n'
}
msg a@fp.example dots >"$T/dots.eml"
msg b@fp.example crlf | sed 's/$/\r/' >"$T/crlf.eml"
msg b@fp.example crlf >"$T/crlf.want"
msg c@fp.example noeol | head -c -1 >"$T/noeol.eml"
msg c@fp.example noeol >"$T/noeol.want"
for i in 1 2 3; do msg "m$i@fp.example" "many$i" >"$T/many$i.eml"; done

sm_start

# smtps: byte for byte, the three forms of line ends.
conf "$T/smtps.conf"
log_mark
expect_rc 0 "$SEND" -v "$T/smtps.conf" a@fp.example "$T/dots.eml" \
	b@fp.example "$T/crlf.eml" c@fp.example "$T/noeol.eml"
cp "$T/err" "$T/smtps.err"
expect_eq "$(cat "$T/out")" "sent a@fp.example
sent b@fp.example
sent c@fp.example" "smtps: outcomes"
wait_mail 3
delivered a@fp.example >"$T/got"
expect_rc 0 cmp "$T/got" "$T/dots.eml"
delivered b@fp.example >"$T/got"
expect_rc 0 cmp "$T/got" "$T/crlf.want"
delivered c@fp.example >"$T/got"
expect_rc 0 cmp "$T/got" "$T/noeol.want"
log_since >"$T/log"
expect_eq "$(grep -c 'connection count' "$T/log")" 1 "smtps: connections"
expect_eq "$(grep -c ' <= compendium@un.example .* X=TLS.* A=plain:compendium ' "$T/log")" 3 \
	"smtps: received over TLS, authenticated, from the envelope sender"
# The password is never in the dialogue: not as text, nor in base64
# (AUTH PLAIN "\0compendium\0secret", AUTH LOGIN "secret").
expect_in "$T/smtps.err" "C: (credentials, not shown)"
expect_not_in "$T/smtps.err" "secret"
expect_not_in "$T/smtps.err" "AGNvbXBlbmRpdW0Ac2VjcmV0"
expect_not_in "$T/smtps.err" "c2VjcmV0"

# Several messages over one connection, with refusals between them: a
# 5xx is permanent (the server's text kept), a 4xx temporary, and the
# connection goes on (RSET) for the next.
log_mark
expect_rc 1 "$SEND" "$T/smtps.conf" m1@fp.example "$T/many1.eml" \
	refuse@fp.example "$T/many2.eml" later@fp.example "$T/many2.eml" \
	m2@fp.example "$T/many2.eml" m3@fp.example "$T/many3.eml"
expect_eq "$(sed -n 1p "$T/out")" "sent m1@fp.example" "many: 1"
expect_eq "$(sed -n 2p "$T/out")" "permanent 550 localhost:$SMTPS_PORT: RCPT TO: 550 5.1.1 <refuse@fp.example> refused by the test server" "many: 550"
expect_eq "$(sed -n 3p "$T/out")" "temporary 451 localhost:$SMTPS_PORT: RCPT TO: 451 4.3.0 <later@fp.example> try again later" "many: 451"
expect_eq "$(sed -n 4,5p "$T/out")" "sent m2@fp.example
sent m3@fp.example" "many: after the refusals"
wait_mail 6
expect_eq "$(log_since | grep -c 'connection count')" 1 \
	"many: one connection"
delivered m3@fp.example >"$T/got"
expect_rc 0 cmp "$T/got" "$T/many3.eml"
# An address that cannot be written into RCPT TO is never sent.
expect_rc 1 "$SEND" "$T/smtps.conf" "x y@fp.example" "$T/many1.eml"
expect_in "$T/out" "permanent 0 localhost:$SMTPS_PORT: the address of the recipient cannot be sent to"

# starttls on the plain port.
conf "$T/starttls.conf" tls=starttls port="$SMTP_PORT"
log_mark
expect_rc 0 "$SEND" -v "$T/starttls.conf" s@fp.example "$T/dots.eml"
cp "$T/err" "$T/starttls.err"
wait_mail 7
delivered s@fp.example >"$T/got"
expect_rc 0 cmp "$T/got" "$T/dots.eml"
expect_eq "$(log_since | grep -c ' <= .* P=esmtpsa X=TLS.* A=plain:compendium ')" 1 \
	"starttls: over TLS"
# EHLO, STARTTLS, the handshake, EHLO again, then AUTH.
grep -E '^compendiumd: (C: (EHLO|STARTTLS|\(cred)|.*certificate verified)' \
	"$T/starttls.err" | sed 's/^compendiumd: //; s/^localhost.*verified.*/TLS/' \
	>"$T/steps"
expect_eq "$(cat "$T/steps")" "C: EHLO [127.0.0.1]
C: STARTTLS
TLS
C: EHLO [127.0.0.1]
C: (credentials, not shown)" "starttls: the steps"

# A wrong password: the connection fails (for a receipt: temporary, it
# stays queued) with the server's answer.
conf "$T/badpw.conf" password_command="echo wrong"
log_mark
expect_rc 3 "$SEND" "$T/badpw.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: auth: localhost:$SMTPS_PORT: AUTH PLAIN as compendium: the server answered 535 Incorrect authentication data"
expect_eq "$(log_since | grep -c 'authenticator failed')" 1 "bad password: logged"
expect_eq "$(n_mail)" 7 "bad password: nothing sent"
# No password_command: refused before connecting to AUTH.
conf "$T/nopw.conf" password_command=-
expect_rc 3 "$SEND" "$T/nopw.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: conf: localhost:$SMTPS_PORT: [smtp] user is set but no password"
# A password_command that fails: its reason.
conf "$T/failpw.conf" password_command="exit 4"
expect_rc 3 "$SEND" "$T/failpw.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: conf: $T/failpw.conf: password_command \`exit 4\` exited with status 4"

# tls = none only when written: the default (smtps) against the plain
# port fails the handshake; written, it works in plain text.
conf "$T/default.conf" tls=- port="$SMTP_PORT"
expect_rc 3 "$SEND" "$T/default.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: tls: localhost:$SMTP_PORT: TLS handshake:"
conf "$T/none.conf" tls=none port="$SMTP_PORT"
log_mark
expect_rc 0 "$SEND" "$T/none.conf" n@fp.example "$T/dots.eml"
wait_mail 8
expect_eq "$(log_since | grep -c ' <= .* P=esmtpa A=plain:compendium ')" 1 \
	"tls = none: in plain text, as written"

# refused NAME CONF KIND: exit 3 before AUTH, the error naming host and
# port, nothing sent, no AUTH in Exim's log, no credential on the wire.
refused() {
	local name=$1 conf=$2 kind=$3 host port
	host=$(sed -n 's/^host = //p' "$conf")
	port=$(sed -n 's/^port = //p' "$conf")
	log_mark
	expect_rc 3 timeout 60 "$SEND" -v "$conf" x@fp.example "$T/dots.eml"
	expect_in "$T/err" "open: $kind: $host:$port: "
	expect_eq "$(log_since | grep -c 'authenticator failed\| A=')" 0 \
		"$name: AUTH in Exim's log"
	expect_not_in "$T/err" "C: (credentials"
	expect_not_in "$T/err" "C: AUTH"
	expect_not_in "$T/err" "C: MAIL"
	expect_eq "$(n_mail)" 8 "$name: nothing sent"
	echo "$name: $(grep '^open' "$T/err")"
}

# Without the CA: the system trust store does not know the test CA.
conf "$T/noca.conf" ca_file=-
refused "no CA" "$T/noca.conf" tls
conf "$T/noca-starttls.conf" ca_file=- tls=starttls port="$SMTP_PORT"
refused "no CA, starttls" "$T/noca-starttls.conf" tls
expect_in "$T/err" "server certificate refused"
# A CA that did not sign the server's certificate.
mkdir -p "$T/other" && "$CP_SRC/tests/dovecot/mkcerts" "$T/other"
conf "$T/otherca.conf" ca_file="$T/other/ca.pem"
refused "unknown CA" "$T/otherca.conf" tls
# The password is asked for at AUTH only: never for a refused server.
conf "$T/asked.conf" ca_file=- password_command="touch $T/asked; echo secret"
refused "no CA, password asked" "$T/asked.conf" tls
if [ -e "$T/asked" ]; then
	not_ok "password_command run for a refused server"
else
	ok
fi
# 127.0.0.1 against a certificate for localhost (SAN DNS:localhost).
conf "$T/ip.conf" host=127.0.0.1
refused "wrong host name" "$T/ip.conf" tls
expect_in "$T/err" "server certificate refused"
conf "$T/ip-starttls.conf" host=127.0.0.1 tls=starttls port="$SMTP_PORT"
refused "wrong host name, starttls" "$T/ip-starttls.conf" tls

# A server that does not offer STARTTLS (as when a man in the middle
# strips it) but offers AUTH in plain text: refused before AUTH.
"$FX/stop" "$SM"
sm_start --no-starttls
conf "$T/stripped.conf" tls=starttls port="$SMTP_PORT"
refused "STARTTLS stripped" "$T/stripped.conf" tls
expect_in "$T/err" "does not offer STARTTLS: refusing to go on without TLS"
expect_in "$T/err" "S: 250-AUTH PLAIN LOGIN"

# A server that offers only AUTH LOGIN.
"$FX/stop" "$SM"
sm_start --login-only
log_mark
expect_rc 0 "$SEND" -v "$T/smtps.conf" l@fp.example "$T/dots.eml"
cp "$T/err" "$T/login.err"
wait_mail 9
expect_eq "$(log_since | grep -c ' <= .* A=login:compendium ')" 1 \
	"AUTH LOGIN"
expect_in "$T/login.err" "C: (credentials, not shown)"
expect_not_in "$T/login.err" "c2VjcmV0"
expect_not_in "$T/login.err" "secret"

# A server that takes the connection and says nothing: each network step
# is bounded (here 1 s), and running out is temporary.
python3 -c 'import signal, socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
signal.pause()' >"$T/mute.port" &
mute=$!
wait_until_port() { [ -s "$T/mute.port" ]; }
for _ in $(seq 1 200); do wait_until_port && break; sleep 0.05; done
conf "$T/mute.conf" port="$(cat "$T/mute.port")"
expect_rc 3 timeout 60 "$SEND" -t 1 "$T/mute.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: temporary: localhost:$(cat "$T/mute.port"): TLS handshake:"
conf "$T/mute-plain.conf" tls=none port="$(cat "$T/mute.port")"
expect_rc 3 timeout 60 "$SEND" -t 1 "$T/mute-plain.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: temporary: localhost:$(cat "$T/mute.port"): greeting: no answer (timed out)"
kill "$mute"
wait "$mute" 2>/dev/null

# A server that ends the connection after one message (421 to the next
# MAIL): temporary, the connection is known lost, and another is opened.
"$FX/stop" "$SM"
sm_start --per-connection 1
log_mark
expect_rc 1 "$SEND" "$T/smtps.conf" p1@fp.example "$T/many1.eml" \
	p2@fp.example "$T/many2.eml" p3@fp.example "$T/many3.eml"
expect_eq "$(cat "$T/out")" "sent p1@fp.example
temporary 421 localhost:$SMTPS_PORT: MAIL FROM: 421 too many messages in this connection
reopened
sent p3@fp.example" "421: outcomes"
wait_mail 11
expect_eq "$(log_since | grep -c 'connection count')" 2 "421: connections"

# The server down: temporary, naming it.
"$FX/stop" "$SM"
expect_rc 3 "$SEND" "$T/smtps.conf" x@fp.example "$T/dots.eml"
expect_in "$T/err" "open: temporary: localhost:$SMTPS_PORT: connect: Connection refused"

done_testing
