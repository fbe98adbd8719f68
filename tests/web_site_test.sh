#!/usr/bin/env bash
# The web app as the build lays it out for minhbachd: every source file
# copied unchanged, uPlot from node_modules, an index.html a strict CSP
# accepts, no HTML parsing of data in the scripts, nothing fetched from the
# internet, and all assets together within 500 KB compressed.
#   web_site_test.sh <build>/clients/web/site <source>/clients/web
set -euo pipefail
site=$1
src=$2
fail() { echo "web_site_test: $*" >&2; exit 1; }

[ -f "$site/index.html" ] || fail "$site/index.html is missing: build the minhbach_web_site target"
while IFS= read -r -d '' f; do
  rel=${f#"$src/site/"}
  cmp -s "$f" "$site/$rel" || fail "$site/$rel differs from $f (or is missing)"
done < <(find "$src/site" -type f -print0)
cmp -s "$src/node_modules/uplot/dist/uPlot.esm.js" "$site/js/vendor/uPlot.esm.js" \
  || fail "js/vendor/uPlot.esm.js is not node_modules/uplot/dist/uPlot.esm.js"
cmp -s "$src/node_modules/uplot/dist/uPlot.min.css" "$site/vendor/uPlot.min.css" \
  || fail "vendor/uPlot.min.css is not node_modules/uplot/dist/uPlot.min.css"

index=$site/index.html
# The charset comes first in <head> (Vietnamese turns to mojibake otherwise).
first=$(grep -m1 -n '<meta' "$index" | cut -d: -f2-)
[ "$first" = '<meta charset="utf-8">' ] || fail "the first <meta> of index.html is not the UTF-8 one: $first"
grep -q '<html lang="vi">' "$index" || fail "index.html does not declare lang=\"vi\""
grep -q 'name="viewport"' "$index" || fail "index.html has no viewport for phones"
[ "$(grep -c '<script' "$index")" = 1 ] || fail "index.html must hold exactly one <script>"
grep -q '<script type="module" src="js/app.js"></script>' "$index" || fail "index.html's script is not js/app.js as a module"
if grep -Eiq '<style|style=| on[a-z]+=' "$index"; then fail "index.html holds inline style or an inline event handler"; fi
# Every stylesheet and script index.html names is in the site.
for ref in $(grep -oE '(href|src)="[^"#]+"' "$index" | cut -d'"' -f2); do
  [ -f "$site/$ref" ] || fail "index.html names $ref, which the site does not hold"
done

# Our own scripts (not the vendored uPlot) never parse data as HTML and never
# reach outside this server.
ours=$(find "$src/site" -type f \( -name '*.js' -o -name '*.html' -o -name '*.css' \))
if grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write' $ours; then
  fail "a script parses HTML (build elements with el() / textContent)"
fi
if grep -nE '(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/' $ours | grep -vE ':[0-9]+:\s*(//|\*)'; then
  fail "a file refers to another site: nothing may be fetched from the internet"
fi

# Budget: every asset gzip-compressed, together at most 500 KB.
total=0
while IFS= read -r -d '' f; do
  total=$((total + $(gzip -9 -c "$f" | wc -c)))
done < <(find "$site" -type f -print0)
echo "web_site_test: all assets together: $total bytes gzip-compressed"
[ "$total" -le 512000 ] || fail "the assets take $total bytes compressed, over the 500 KB budget"
echo "web_site_test: ok"
