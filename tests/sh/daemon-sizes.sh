# SPDX-License-Identifier: MIT
# compendiumd and `compendium ingest` agree on sizes and limits (SPEC §5):
# each message file is delivered into a real Dovecot's Maildir as it is
# (LF line ends, CRLF, bare CRs), read by the daemon, and ingested from the
# same file into another database.  With [limits] max_message_size = 4096,
# messages of 4,097 bytes as IMAP counts them (RFC822.SIZE; fewer in a file
# with LF line ends) are rejected by both, those of 4,096 applied by both,
# and both store the same size, byte for byte.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need

# NAME EOL SIZE STATUS: a message, its line ends, its size, what it becomes.
cases="over lf 4097 rejected
at lf 4096 applied
crlf-over crlf 4097 rejected
cr-over lf-cr 4097 rejected
cr-at lf-cr 4096 applied"

dv_start
db_init
conf "$T/c.conf"
printf '\n[limits]\nmax_message_size = 4096\n' >>"$T/c.conf"

# Delivered as the files are (tests/dovecot/append would change their line
# ends: Python's imaplib sends a bare CR as CRLF).
mkdir -p "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
n=0
while read -r name eol size _; do
	n=$((n + 1))
	gen_sized "$T/$name.eml" "$name" "$eol" "$size"
	cp "$T/$name.eml" "$MAILDIR/new/170000000$n.M${n}P1.fixture"
done <<<"$cases"
chown -R "$MAIL_OWNER" "$MAILDIR"
expect_eq "$(n_box INBOX)" 5 "delivered"

expect_rc 1 timeout 60 "$D" -c "$T/c.conf" --once
expect_in "$T/err" "4097 bytes, over the limit of 4096 bytes (limits: max_message_size)"
expect_eq "$(n_box INBOX)" 0 "INBOX after the run"
DAEMON_DB=$DB

# The same files through `compendium ingest`, with the same configuration.
DB=$T/ingest.db
db_init
# shellcheck disable=SC2046
expect_rc 1 C -c "$T/c.conf" ingest $(awk -v t="$T" '{ print t "/" $1 ".eml" }' <<<"$cases")
expect_in "$T/out" "5 messages: 2 applied, 3 rejected, 0 held, 0 duplicate"

row() {
	sqlite3 "$1" "SELECT status, size FROM message
		WHERE message_id = '$2@unodc.example'"
}
while read -r name eol size status; do
	expect_eq "$(row "$DAEMON_DB" "$name")" "$status|$size" \
		"$name ($eol): the daemon's status and size"
	expect_eq "$(row "$DB" "$name")" "$status|$size" \
		"$name ($eol): ingest's status and size"
done <<<"$cases"

done_testing
