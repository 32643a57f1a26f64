# SPDX-License-Identifier: MIT
# compendiumd against a real Dovecot (tests/dovecot/start): IMAPS and
# STARTTLS with the test CA succeed; without the CA, with a wrong host
# name, with an expired certificate and with STARTTLS stripped by the
# server, the daemon stops before LOGIN (exit 3) and reads nothing.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
M=$CP_SRC/examples/mail
mail13=$(printf '%s\n' "$M"/*.eml | head -n 13)

dv_start
# shellcheck disable=SC2086
"$FX/append" -q "$DV" $mail13

# IMAPS: the thirteen first example messages, all applied (19 changes).
db_init
conf "$T/imaps.conf"
expect_rc 0 "$D" -c "$T/imaps.conf" --once
cp "$T/err" "$T/imaps.err"
expect_eq "$(n_msgs --status applied)" 13 "IMAPS: applied"
expect_eq "$(n_changes)" 19 "IMAPS: changes"
expect_eq "$(n_box INBOX)" 0 "IMAPS: INBOX after"
expect_eq "$(n_box Processed)" 13 "IMAPS: Processed after"
expect_in "$T/imaps.err" "uid=1 <20260112081402.GA4127@unodc.example> m.keller@unodc.example applied changes=1,2,3"
expect_in "$T/imaps.err" "uid=13 <20260217162103.GA1402@unctad.example> i.petrova@unctad.example applied changes=19"
expect_eq "$(grep -c '^compendiumd: .* uid=[0-9]* <' "$T/imaps.err")" 13 \
	"IMAPS: log lines per message"
expect_not_in "$T/imaps.err" "secret"

# STARTTLS on the plain port, the same messages again (a new database).
# shellcheck disable=SC2086
"$FX/append" -q "$DV" $mail13
db_init
conf "$T/starttls.conf" tls=starttls port="$IMAP_PORT"
expect_rc 0 "$D" -c "$T/starttls.conf" --once
expect_eq "$(n_msgs --status applied)" 13 "STARTTLS: applied"
expect_eq "$(n_changes)" 19 "STARTTLS: changes"
expect_eq "$(n_box INBOX)" 0 "STARTTLS: INBOX after"
expect_eq "$(n_box Processed)" 26 "STARTTLS: Processed after"

# refused NAME CONF: exit 3 before LOGIN, an error naming host and port,
# nothing stored, nothing moved, no login in Dovecot's log.
# shellcheck disable=SC2086
"$FX/append" -q "$DV" $mail13
refused() {
	local name=$1 conf=$2 host port
	host=$(sed -n 's/^host = //p' "$conf")
	port=$(sed -n 's/^port = //p' "$conf")
	db_init
	log_mark
	expect_rc 3 timeout 60 "$D" -c "$conf" --once
	expect_eq "$(log_since | grep -c 'Login: user=<compendium>')" 0 \
		"$name: logins in Dovecot's log"
	expect_in "$T/err" "$host"
	expect_in "$T/err" "$port"
	expect_eq "$(n_msgs)" 0 "$name: messages stored"
	expect_eq "$(n_box INBOX)" 13 "$name: INBOX after"
	echo "$name: $(grep -v '^$' "$T/err" | tail -n 1)"
}

# Without the CA: the system trust store does not know the test CA.
conf "$T/noca.conf" ca_file=-
refused "no CA" "$T/noca.conf"
conf "$T/noca-starttls.conf" ca_file=- tls=starttls port="$IMAP_PORT"
refused "no CA, STARTTLS" "$T/noca-starttls.conf"

# 127.0.0.1 against a certificate for localhost (SAN DNS:localhost).
conf "$T/ip.conf" host=127.0.0.1
refused "wrong host name" "$T/ip.conf"
conf "$T/ip-starttls.conf" host=127.0.0.1 tls=starttls port="$IMAP_PORT"
refused "wrong host name, STARTTLS" "$T/ip-starttls.conf"

# An expired server certificate (same CA, same ports).
dv_stop
dv_start --expired
refused "expired certificate" "$T/imaps.conf"
refused "expired certificate, STARTTLS" "$T/starttls.conf"

# The server does not offer STARTTLS (as when a man in the middle strips
# it): never a fall-back to plain text.
dv_stop
dv_start --no-starttls
refused "STARTTLS stripped" "$T/starttls.conf"

# Plain text when written explicitly works, with a warning.
db_init
conf "$T/none.conf" tls=none port="$IMAP_PORT" ca_file=-
expect_rc 0 "$D" -c "$T/none.conf" --once
expect_eq "$(n_msgs --status applied)" 13 "tls = none: applied"
if grep -Eqi 'warn|plain' "$T/err"; then ok; else
	not_ok "tls = none: no warning on stderr"
	sed 's/^/  | /' "$T/err" >&2
fi

done_testing
