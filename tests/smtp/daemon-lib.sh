# SPDX-License-Identifier: MIT
# Helpers for the daemon's sending tests (tests/sh/daemon-receipts.sh,
# daemon-send-*.sh), sourced after tests/dovecot/daemon-lib.sh: a
# throwaway Exim in $SM (tests/smtp/start), its ports, CA and Maildir,
# an [smtp] section for a configuration, counts of the outbox and of
# the Maildir.  On exit: Exim stopped (its log's tail shown when a check
# failed), then daemon-lib.sh's cleanup (the jobs of this shell killed,
# Dovecot stopped, $T removed).
# shellcheck disable=SC2154

command -v exim4 >/dev/null || {
	not_ok "exim4 not installed (scripts/deps)"
	done_testing
	exit 1
}
SFX=$CP_SRC/tests/smtp
SM=$T/smtp
. "$SFX/ini.sh"
cleanup_all() {
	sm_stop
	cleanup
}
trap cleanup_all EXIT

# sm_start [OPTION...]: start (or restart) Exim (tests/smtp/start's
# options), read SMTPS_PORT, SMTP_PORT, SCA (its CA) and SMAILDIR.  Its
# env is read in a subshell: its names (CA_FILE, PID, LOG, MAILDIR) are
# Dovecot's too.
sm_start() {
	"$SFX/start" "$SM" --watch $$ "$@" || {
		not_ok "tests/smtp/start $*"
		done_testing
		exit 1
	}
	SMTPS_PORT=$(. "$SM/env" && echo "$SMTPS_PORT")
	SMTP_PORT=$(. "$SM/env" && echo "$SMTP_PORT")
	SCA=$(. "$SM/env" && echo "$CA_FILE")
	SMAILDIR=$(. "$SM/env" && echo "$MAILDIR")
}

# smtp_section MAX_PER_HOUR: the [smtp] section of a configuration that
# sends to this Exim (SMTPS with its CA, AUTH), for appending.
smtp_section() {
	echo
	smtp_ini "$SMTPS_PORT" "$SCA" max_per_hour="$1"
}

# Receipts in the outbox of a status; messages in Exim's Maildir.
n_out() { C outbox --status "$1" | grep -c '^[0-9]'; }
n_mail() { find "$SMAILDIR/new" -type f 2>/dev/null | wc -l | tr -d ' '; }
mail_is() { [ "$(n_mail)" = "$1" ]; }
