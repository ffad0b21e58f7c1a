#!/bin/sh
# html-check.sh BIN: the HTML writer, end to end.
#
#   1. builds the corrected example with `BIN build -f html` into a temp dir;
#   2. checks disclosure.html is well formed: python3's html.parser counts
#      the open and close tags of table/thead/tbody/tr/th/td (and section,
#      div, caption), which must balance and nest; the markup the example
#      carries inside its text (<th colspan="2">, <p>) must appear escaped;
#      the file must load nothing from outside (no src=, no http); ids are
#      unique and every link of the contents has its target;
#   3. when chromium is installed, loads it headless at A4 width (1240px)
#      and at a phone's (375px), keeping the screenshots (and the A4 print,
#      disclosure.pdf) as artifacts under build/demo/, and fails on any
#      console message (the page has no script: any is an error or a
#      refused load).
#
# Exit 0 when every check passed; the last line says what was skipped.
set -u
BIN=${1:-build/budgetc}
EXAMPLE=examples/datong-kjj-2026-corrected/main.budget
ART=build/demo
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "html-check: FAIL: $*"; exit 1; }

"$BIN" build -f html -o "$tmp/out" "$EXAMPLE" 2>"$tmp/build.err" ||
    { cat "$tmp/build.err"; fail "build exited $?"; }
html=$tmp/out/disclosure.html
[ -s "$html" ] || fail "no disclosure.html"

python3 - "$html" <<'EOF' || fail "malformed HTML"
import sys
from html.parser import HTMLParser

CHECKED = {"table", "thead", "tbody", "tr", "th", "td", "section", "div",
           "caption", "colgroup"}
VOID = {"meta", "col", "br", "link"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.count = [], [], {}
        self.text, self.ids, self.links = [], [], []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k == "href" and v and v.startswith("#"):
                self.links.append(v[1:])
        if tag in VOID:
            return
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.errors.append("external reference %s=%r" % (k, v))
        self.stack.append(tag)
        if tag in CHECKED:
            self.count[tag] = self.count.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("line %d: </%s> closes <%s>" % (
                self.getpos()[0], tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if tag in CHECKED:
            self.count[tag] -= 1
    def handle_data(self, data):
        self.text.append(data)

src = open(sys.argv[1], encoding="utf-8").read()
p = Check()
p.feed(src)
p.close()
if p.stack:
    p.errors.append("unclosed: %s" % " ".join(p.stack))
p.errors += ["%d unmatched <%s>" % (n, t) for t, n in p.count.items() if n]
text = "".join(p.text)
dup = sorted({i for i in p.ids if p.ids.count(i) > 1})
if dup:
    p.errors.append("duplicate ids: %s" % " ".join(dup))
p.errors += ["contents link #%s has no target" % l for l in p.links
             if l not in set(p.ids)]
for frag in ('<th colspan="2">项目期</th>', "<p>（一）拟定"):
    if frag not in text:
        p.errors.append("text %r is not shown as text" % frag)
for need in ('<meta charset="utf-8">', '<html lang="zh-CN">', 'name="viewport"',
             "@page", "thead{display:table-header-group}", 'scope="col"',
             'scope="row"', "colspan=", "rowspan=", 'class="num'):
    if need not in src:
        p.errors.append("missing %s" % need)
if "http:" in src or "https:" in src:
    p.errors.append("an absolute URL")
for e in p.errors:
    print("html-check:", e)
sys.exit(1 if p.errors else 0)
EOF

# Deterministic: a second build is byte for byte the same.
"$BIN" build -f html -o "$tmp/again" "$EXAMPLE" 2>/dev/null
cmp -s "$html" "$tmp/again/disclosure.html" || fail "output differs between runs"

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
    echo "html-check: passed (chromium not installed: no screenshots)"
    exit 0
fi
mkdir -p "$ART"
cp "$html" "$ART/disclosure.html"
url="file://$(cd "$ART" && pwd)/disclosure.html"
shoot() { # shoot NAME WIDTH HEIGHT
    profile=$(mktemp -d)
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update \
        --disable-sync --no-first-run --user-data-dir="$profile" \
        --hide-scrollbars --enable-logging=stderr --v=0 \
        --screenshot="$ART/$1" --window-size="$2,$3" "$url" \
        >"$tmp/$1.log" 2>&1
    st=$?
    rm -rf "$profile"
    [ $st -eq 0 ] && [ -s "$ART/$1" ] || { tail -20 "$tmp/$1.log"; fail "chromium ($1) exited $st"; }
    # The page has no script: any console message (an error, a CSP
    # refusal) is a failure.
    if grep -q ':CONSOLE' "$tmp/$1.log"; then
        grep ':CONSOLE' "$tmp/$1.log"
        fail "console messages in $1"
    fi
}
shoot screenshot.png 1240 1754
shoot screenshot-phone.png 375 812
# The print layout (A4, a page per table and form), for a reader to look at.
profile=$(mktemp -d)
timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$ART/disclosure.pdf" "$url" >/dev/null 2>&1 ||
    echo "html-check: note: no PDF ($ART/disclosure.pdf)"
rm -rf "$profile"
echo "html-check: passed; screenshots in $ART/"
