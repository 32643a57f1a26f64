# SPDX-License-Identifier: MIT
# compendiumd --once exit codes: 0 (applied, held, duplicate), 1 (a
# message rejected), 2 (configuration, usage; a readable config holding a
# password; a failing password_command), 4 (authentication), 5 (database
# newer than the program); password_command.
. "$(dirname "$0")/lib.sh"
. "$CP_SRC/tests/dovecot/daemon-lib.sh"
need
M=$CP_SRC/examples/mail
once() { expect_rc "$1" timeout 60 "$D" -c "$2" --once; }

dv_start
db_init
conf "$T/c.conf"

# 0: nothing to do; applied; held; duplicate.
once 0 "$T/c.conf"
"$FX/append" -q "$DV" "$M"/07-*.eml
once 0 "$T/c.conf"
expect_in "$T/err" "e.lindqvist@iaea.example applied changes=1"
"$FX/append" -q "$DV" "$M"/19-*.eml
once 0 "$T/c.conf"
expect_in "$T/err" "t.novak@iaea.example held"
"$FX/append" -q "$DV" "$M"/07-*.eml
once 0 "$T/c.conf"
expect_in "$T/err" "e.lindqvist@iaea.example duplicate"
expect_eq "$(n_msgs --status held)" 1 "held"
expect_eq "$(n_msgs --status duplicate)" 1 "duplicate"

# 1: a rejected message (stored as rejected, moved all the same).
"$FX/append" -q "$DV" "$M"/14-*.eml "$M"/15-*.eml
once 1 "$T/c.conf"
expect_in "$T/err" "g.njeri@unwomen.example rejected"
expect_in "$T/err" "g.njeri@unwomen.example applied changes=2,3"
expect_eq "$(n_msgs --status rejected)" 1 "rejected"
expect_eq "$(n_box INBOX)" 0 "INBOX after the rejection"
expect_eq "$(n_box Processed)" 5 "Processed after the rejection"
# ... and never read again.
once 0 "$T/c.conf"
expect_eq "$(n_msgs)" 5 "stored after one more run"

# 2: usage and configuration.
expect_rc 2 timeout 60 "$D" --bogus-option
expect_rc 2 timeout 60 "$D" -c "$T/absent.conf" --once
expect_in "$T/err" "$T/absent.conf"
conf "$T/bad.conf"
printf '[imap]\ncolour = blue\n' >>"$T/bad.conf"
once 2 "$T/bad.conf"
expect_in "$T/err" "$T/bad.conf:"
expect_in "$T/err" "colour"

# A config file holding the password, readable by others or the group.
conf "$T/open.conf"
chmod 644 "$T/open.conf"
log_mark
once 2 "$T/open.conf"
expect_in "$T/err" "$T/open.conf"
expect_in "$T/err" "644"
chmod 640 "$T/open.conf"
once 2 "$T/open.conf"
expect_in "$T/err" "640"
expect_eq "$(log_since | grep -c 'Login: user=<compendium>')" 0 \
	"logins with a refused config"

# password_command: its first line is the password; the file may then be
# readable by all.
conf "$T/cmd.conf" password=- password_command="printf 'secret\\nnot this\\n'"
chmod 644 "$T/cmd.conf"
"$FX/append" -q "$DV" "$M"/01-*.eml
once 0 "$T/cmd.conf"
expect_in "$T/err" "m.keller@unodc.example applied changes=4,5,6"
# A failing command: a clear error naming it, no login.
conf "$T/fail.conf" password=- password_command="echo no key >&2 && false"
log_mark
expect_rc 2 timeout 60 "$D" -c "$T/fail.conf" --once
expect_in "$T/err" "password_command"
expect_eq "$(log_since | grep -c 'Login: user=<compendium>')" 0 \
	"logins with a failing password_command"

# 4: authentication failed (a wrong password, from the file or a command).
"$FX/append" -q "$DV" "$M"/02-*.eml
conf "$T/wrong.conf" password=Wr0ng-pa55
once 4 "$T/wrong.conf"
expect_not_in "$T/err" "Wr0ng-pa55"
conf "$T/wrongcmd.conf" password=- password_command="echo Wr0ng-pa55"
once 4 "$T/wrongcmd.conf"
expect_eq "$(n_box INBOX)" 1 "INBOX after failed logins"

# 5: a database of a newer schema.
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 999' ||
	not_ok "sqlite3 (scripts/deps)"
expect_rc 5 timeout 60 "$D" -c "$T/c.conf" --db "$T/newer.db" --once
expect_in "$T/err" "newer"
expect_eq "$(n_box INBOX)" 1 "INBOX after the database error"

# --db overrides [store] database.
before=$(n_msgs)
DB0=$DB
DB=$T/other.db
db_init
expect_rc 0 timeout 60 "$D" -c "$T/c.conf" --db "$DB" --once
expect_eq "$(n_msgs --status applied)" 1 "--db: applied (message 02)"
expect_eq "$(n_changes)" 4 "--db: changes"
DB=$DB0
expect_eq "$(n_msgs)" "$before" "--db: [store] database untouched"

done_testing
