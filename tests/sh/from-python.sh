# SPDX-License-Identifier: MIT
# The sender's address (ingest/address.c) agrees with Python's
# email.headerregistry on every From value of tests/from/values.txt, and
# the deliberate differences of tests/from/deviations.txt hold.
. "$(dirname "$0")/lib.sh"

F=$CP_SRC/tests/from
TA=$CP_BUILD/tests/test_address
python3 "$F/python-from" "$F/values.txt" >"$T/python"
"$TA" "$F/values.txt" >"$T/ours"
grep -v '^#' "$F/values.txt" | grep -v '^$' >"$T/values"
if cmp -s "$T/python" "$T/ours"; then ok; else
	not_ok "address_from() and Python disagree:"
	paste "$T/values" "$T/python" "$T/ours" | awk -F'\t' '$2 != $3' >&2
fi
expect_eq "$(wc -l <"$T/ours")" "$(wc -l <"$T/values")" "one answer a value"

grep -v '^#' "$F/deviations.txt" | cut -f1 >"$T/dev-values"
grep -v '^#' "$F/deviations.txt" | cut -f2 >"$T/dev-want"
"$TA" "$T/dev-values" >"$T/dev-ours"
if cmp -s "$T/dev-want" "$T/dev-ours"; then ok; else
	not_ok "deviations: $(paste "$T/dev-values" "$T/dev-ours" | tr '\n' ' ')"
fi

done_testing
