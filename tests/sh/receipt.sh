# SPDX-License-Identifier: MIT
# Receipts (ingest/receipt.c) as a mail reader reads them: Python's email
# package (policy=email.policy.default) decodes each test receipt's
# subject and body to the text meant, for ASCII and non-ASCII subjects and
# bodies and long lines (tests/receipt/check-email.py).  And the entry
# text of receipts (ingest/entry_write.c) read back by the parser for
# every version of the examples' database.
. "$(dirname "$0")/lib.sh"

mkdir "$T/receipts"
expect_rc 0 "$CP_BUILD/tests/test_receipt" "$T/receipts"
expect_rc 0 python3 "$CP_SRC/tests/receipt/check-email.py" "$T/receipts"
expect_in "$T/out" "7 receipts read, 0 problems"

example_db "$T/db"
expect_rc 0 "$CP_BUILD/tests/test_entry_write" "$T/db"
expect_in "$T/out" "versions read back"
expect_in "$T/out" ", 0 failed"

done_testing
