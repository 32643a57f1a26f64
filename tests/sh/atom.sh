# SPDX-License-Identifier: MIT
# render --format atom: an Atom 1.0 feed (RFC 4287) of the latest
# changes, read by a real feed parser (Debian's python3-feedparser): no
# error, newest first, stable ids, a link to each entry's anchor in the
# site (checked against the pages `render --format site` writes), the
# reverted change and its revert left out unless --full-history, no
# address unless --with-addresses.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3 # Debian's, with its python3-feedparser
DB=$T/c.db
example_db "$DB"
C() { "$COMPENDIUM" --db "$DB" -c "$T/c.conf" "$@"; }
cat >"$T/c.conf" <<EOF
[store]
database = $DB

[document]
issued_by = United Nations System Chief Executives Board for Coordination
base_url = https://compendium.example.org/site
EOF

# no base_url: refused, saying what to set
cat >"$T/nobase.conf" <<EOF
[store]
database = $DB
EOF
expect_rc 1 "$COMPENDIUM" --db "$DB" -c "$T/nobase.conf" render --format atom -o "$T/x.xml"
expect_in "$T/err" "base_url"
[ ! -e "$T/x.xml" ] && ok || not_ok "a refused feed left a file"

# a maintainer's test change, then its revert: both left out by default
E=UNODC/CCPCJ-22/8
last=$(C log --oneline -n 1 "$E" | cut -f1)
expect_rc 0 C --as tester revert "$last" --reason "testing"
rev=$(C log --oneline -n 1 "$E" | cut -f1)
expect_rc 0 C --as tester revert "$rev" --reason "testing, undone"

expect_rc 0 C render --format atom -o "$T/feed.xml"
expect_rc 0 C render --format atom --full-history -n 5 -o "$T/full.xml"
expect_rc 0 C render --format atom --with-addresses -n 3 -o "$T/addr.xml"
expect_rc 0 C render --format atom -n 2 -o "$T/two.xml"
expect_rc 2 C render --format atom -n 0 -o "$T/x.xml"
expect_rc 2 C render --format html -n 3 -o "$T/x.html"
# the site with its changes page (a withdrawal links there)
expect_rc 0 C render --format site --changes-since 2000-01-01 -o "$T/site"

if "$PY" - "$T" "$rev" "$last" >"$T/py.out" 2>&1 <<'PY'; then ok; else
import os, sys, feedparser
from html.parser import HTMLParser
T, rev, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
def load(name):
    d = feedparser.parse(os.path.join(T, name))
    check(not d.bozo, "%s: not well-formed Atom: %r" % (name, d.get("bozo_exception")))
    check(d.version == "atom10", "%s: version %r" % (name, d.version))
    return d
base = "https://compendium.example.org/site/"
d = load("feed.xml")
check(d.feed.id == base, "feed id %r" % d.feed.id)
check(d.feed.author.startswith("United Nations System"), "feed author %r" % d.feed.get("author"))
check(len(d.entries) > 0 and len(d.entries) <= 50, "entries: %d" % len(d.entries))
nums = [int(e.id.rsplit("-", 1)[1]) for e in d.entries]
check(nums == sorted(nums, reverse=True), "not newest first: %r" % nums)
check(all(e.id == base + "#change-%d" % n for e, n in zip(d.entries, nums)), "ids")
check(rev not in nums and rev + 1 not in nums, "the reverted test change or its revert published: %r" % nums[:4])
# the change the test reverted is left out too (SPEC §6: a change a
# maintainer reverted and its revert)
check(last not in nums, "change %d, reverted, published" % last)
for e in d.entries:
    check(e.updated.endswith("Z"), "updated %r" % e.updated)
    check(e.link.startswith(base), "link %r" % e.link)
    check("@" not in e.author, "an address without --with-addresses: %r" % e.author)
    check(e.content and e.content[0].type == "text/plain", "content type")
full = load("full.xml")
fn = [int(e.id.rsplit("-", 1)[1]) for e in full.entries]
check(fn[:2] == [rev + 1, rev], "--full-history: %r" % fn[:3])
check(len(full.entries) == 5, "-n 5 with --full-history: %d" % len(full.entries))
check(len(load("two.xml").entries) == 2, "-n 2")
addr = load("addr.xml")
check(any("@" in (e.get("author_detail", {}).get("email") or "") for e in addr.entries), "--with-addresses shows none")
# every link resolves to a page of the site and an id in it
class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("id", "name") and v:
                self.ids.add(v)
pages = {}
for e in d.entries:
    rest = e.link[len(base):]
    page, _, anchor = rest.partition("#")
    path = os.path.join(T, "site", page)
    if page not in pages:
        if not os.path.exists(path):
            bad.append("link to a missing page: %s" % e.link)
            pages[page] = set()
            continue
        p = Ids()
        p.feed(open(path, encoding="utf-8").read())
        pages[page] = p.ids
    check(anchor in pages[page], "link to a missing anchor: %s" % e.link)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	not_ok "the feed, as feedparser reads it:"
	sed 's/^/  /' "$T/py.out" >&2
fi

done_testing
