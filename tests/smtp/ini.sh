# SPDX-License-Identifier: MIT
# What the SMTP tests (tests/sh/smtp.sh and, through daemon-lib.sh, the
# daemon's sending tests) say the same way of the throwaway Exim of
# tests/smtp/start in $SM: the [smtp] section that reaches it, and its
# stop at the end with its log's tail when a check failed.
# shellcheck disable=SC2154

# smtp_ini PORT CA [KEY=VALUE...]: an [smtp] section for this Exim:
# host localhost, smtps on PORT trusting CA, AUTH as compendium through
# password_command "echo secret", from the compendium's address.  Each
# KEY=VALUE sets a key (max_per_hour among them); KEY=- leaves it out.
smtp_ini() {
	local port=$1 ca=$2 key
	shift 2
	declare -A k=([host]=localhost [port]="$port" [tls]=smtps
		[ca_file]="$ca" [user]=compendium
		[password_command]="echo secret"
		[from]="UN Compendium <compendium@un.example>")
	for a in "$@"; do
		k[${a%%=*}]=${a#*=}
	done
	echo "[smtp]"
	for key in host port tls ca_file user password_command from \
		max_per_hour; do
		if [ -n "${k[$key]+x}" ] && [ "${k[$key]}" != - ]; then
			echo "$key = ${k[$key]}"
		fi
	done
}

# sm_stop: stop the Exim in $SM; when a check failed ($fail), show the
# tail of its log.
sm_stop() {
	"$CP_SRC/tests/smtp/stop" "$SM" 2>/dev/null
	if [ "$fail" -gt 0 ] && [ -f "$SM/log/mainlog" ]; then
		echo "Exim's log ($SM/log/mainlog):" >&2
		tail -n 20 "$SM/log/mainlog" | sed 's/^/  | /' >&2
	fi
}
