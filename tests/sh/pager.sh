# SPDX-License-Identifier: MIT
# SPEC §5: on a terminal, log, show and diff page through $PAGER and
# colour removals red and additions green; piped output has neither;
# --no-pager, --color=auto|always|never, NO_COLOR; quitting the pager
# early ends the command quietly with exit 0.  The terminal is a
# pseudo-terminal (python3's pty module); the pager a script that records
# that it ran and copies what it reads to a file.
. "$(dirname "$0")/lib.sh"

DB="$T/c.db"
C() { "$COMPENDIUM" --db "$DB" "$@"; }
example_db "$DB"
E=UNODC/CCPCJ-22/8 # two versions: its diff has - and + lines and words

# The pager: records each run in $T/ran, what it read in $T/paged.
cat >"$T/pager" <<'EOF'
#!/bin/sh
echo ran >>"$PG_DIR/ran"
cat >"$PG_DIR/paged"
EOF
# A pager the user quits after the first line.
cat >"$T/quit" <<'EOF'
#!/bin/sh
echo ran >>"$PG_DIR/ran"
head -n 1 >"$PG_DIR/paged"
EOF
chmod +x "$T/pager" "$T/quit"
export PG_DIR="$T" TERM=xterm
unset NO_COLOR LESS

# tty WANT ARGS...: run compendium --db $DB ARGS with standard input and output a terminal,
# standard error to $T/err; what the terminal shows in $T/out.  The
# pager's record is reset first.
tty() {
	want=$1
	shift
	rm -f "$T/ran" "$T/paged"
	: >"$T/paged"
	python3 - "$T/out" "$T/err" "$COMPENDIUM" --db "$DB" "$@" <<'PY'
import os, pty, sys
out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    e = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(e, 2)
    os.execvp(argv[0], argv)
data = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:  # EIO: the terminal's last user closed it
        break
    if not d:
        break
    data += d
_, status = os.waitpid(pid, 0)
open(out, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(status) & 255)
PY
	got=$?
	expect_eq "$got" "$want" "exit of [$*] on a terminal"
	if grep -q 'Sanitizer' "$T/err"; then not_ok "crashed: $*"; fi
}
paged() { if [ -e "$T/ran" ]; then ok; else not_ok "not paged: $1"; fi; }
not_paged() { if [ -e "$T/ran" ]; then not_ok "paged: $1"; else ok; fi; }
ESC=$(printf '\033')

# -- on a terminal: paged, in colour (decided before the pipe) --
export PAGER="$T/pager"
tty 0 log -p
paged "log -p"
expect_in "$T/paged" "change 1 "
expect_in "$T/paged" "${ESC}[31m      - "
expect_in "$T/paged" "${ESC}[32m      + "
expect_not_in "$T/out" "change 1 "
expect_eq "$(cat "$T/err")" "" "log -p on a terminal: stderr"
tty 0 show "$E"
paged show
expect_in "$T/paged" "Entity: UNODC"
tty 0 diff "$E"
paged diff
expect_in "$T/paged" "diff $E version 1 -> 2"
expect_in "$T/paged" "${ESC}[32m" # the Summary's added words
tty 0 show "$E" --json
paged "show --json"
expect_in "$T/paged" '"entity": "UNODC"'
# global options after the command, too
tty 0 log -p --no-pager
not_paged "log -p --no-pager"
expect_in "$T/out" "change 1 "
expect_in "$T/out" "${ESC}[31m"
tty 0 --no-pager diff "$E"
not_paged "--no-pager diff"
expect_in "$T/out" "diff $E"
tty 0 message 1
paged "message"
expect_in "$T/paged" "text of body:"
tty 0 message 1 --raw
not_paged "message --raw"
tty 0 held -p
paged "held -p"
tty 0 held
not_paged "held"
# commands that are not paged
tty 0 list
not_paged list
expect_in "$T/out" "$E"

# -- the pager's name: as git, empty or cat means none; a pager that
# cannot be run means none either --
for p in "" cat "$T/no-such-pager"; do
	PAGER=$p tty 0 log
	not_paged "PAGER=[$p]"
	expect_in "$T/out" "change 1 "
done

# -- colour on a terminal, and its options --
tty 0 --color=never log -p
paged "--color=never"
expect_not_in "$T/paged" "$ESC"
NO_COLOR=1 tty 0 log -p
expect_not_in "$T/paged" "$ESC"
NO_COLOR= tty 0 log -p
expect_in "$T/paged" "${ESC}[31m"
NO_COLOR=1 tty 0 log -p --color=always
expect_in "$T/paged" "${ESC}[31m"
tty 0 --no-pager --color=auto diff "$E"
expect_in "$T/out" "${ESC}[32m"
# a terminal that cannot show colour (git's rule)
TERM=dumb tty 0 log -p
expect_not_in "$T/paged" "$ESC"
unset TERM
tty 0 log -p
expect_not_in "$T/paged" "$ESC"
expect_in "$T/paged" "change 1 "
export TERM=xterm
TERM=dumb tty 0 --color=always log -p
expect_in "$T/paged" "${ESC}[31m"

# -- piped: no pager, no colour; --color=always still colours --
for cmd in "log -p" "show $E" "diff $E"; do
	rm -f "$T/ran"
	# shellcheck disable=SC2086 # words of the command
	expect_rc 0 C $cmd
	not_paged "$cmd piped"
	expect_not_in "$T/out" "$ESC"
	expect_in "$T/out" "UNODC"
done
expect_rc 0 C log -p --color=always
expect_in "$T/out" "${ESC}[31m      - "
expect_in "$T/out" "${ESC}[32m      + "
expect_rc 0 C --color diff "$E"
expect_in "$T/out" "${ESC}[32m"
expect_rc 0 C --color=never log -p
expect_not_in "$T/out" "$ESC"

# -- a bad --color is bad usage, before or after the command --
expect_rc 2 C --color=blue log
expect_in "$T/err" '--color: "blue" is not auto, always or never'
expect_rc 2 C log --color=
expect_in "$T/err" '--color: "" is not'

# -- quitting the pager early: exit 0, nothing said.  The output is more
# than a pipe holds (64 KiB), so the command is still writing when the
# pager has gone: every change of a message of 300 new entries. --
python3 - "$T/big.eml" <<'PY'
import sys
out = ["From: Martin Keller <m.keller@unodc.example>",
       "To: compendium@un.example", "Subject: many",
       "Date: Mon, 05 Jan 2026 10:15:00 +0000",
       "Message-ID: <many@unodc.example>", "MIME-Version: 1.0",
       "Content-Type: text/plain; charset=us-ascii", ""]
for i in range(300):
    out += ["Entity: UNODC", "Mandate: Many-%d" % i, "Title: Entry %d" % i,
            "Summary: " + "word " * 60, ""]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
expect_rc 0 C ingest "$T/big.eml"
expect_rc 0 C log -p
if [ "$(wc -c <"$T/out")" -gt 100000 ]; then ok; else
	not_ok "the log is not larger than a pipe"
fi
PAGER=$T/quit tty 0 log -p
paged "quit early"
expect_eq "$(cat "$T/paged")" "change 327 2026-03-22T09:00:00Z" \
	"the line the pager read"
expect_eq "$(cat "$T/err")" "" "quit early: stderr"
expect_not_in "$T/out" "compendium:"
PAGER=$T/quit tty 0 log -p --color=always
expect_eq "$(cat "$T/err")" "" "quit early in colour: stderr"
PAGER="head -n 1 >/dev/null; echo ran >$T/ran" tty 0 log -p
paged "a pager run by the shell"
expect_eq "$(cat "$T/err")" "" "quit early, shell pager: stderr"

done_testing
