#!/usr/bin/env bash
# paper_browser_check.sh HTML [WIDTH]: loads the rendered literate document (`make paper`) in a real browser,
# headless Chromium (Debian's chromium), in a window WIDTH pixels wide (default 1024), and fails when what a reader
# would see is broken. One line per problem:
#   - an image that has no size once loaded (a missing or undecodable file, an empty data: URI);
#   - an equation that did not render as MathML: a <math> element the browser does not lay out as math, or TeX
#     source ($...$ or $$...$$) left in the text outside code; and a document with no equation at all;
#   - the page wider than its window (a figure or anything else that does not fit), naming the widest elements;
#     and a table, code block or displayed equation whose content is wider than its own box (the page's style
#     makes such a box scroll inside itself, which would hide it from the first test).
# How: a copy of the page gets a script that measures these after the load and writes them into the page; Chromium
# runs it and prints the resulting DOM (--dump-dom), which this script reads. Nothing is fetched from the network.
# Exit 0 when there is no problem, 1 when there is one, 2 on a usage error or when Chromium cannot run.
set -euo pipefail
if (($# < 1 || $# > 2)); then
	echo "usage: paper_browser_check.sh HTML [WIDTH]" >&2
	exit 2
fi
html=$1 width=${2:-1024}
[[ -f $html ]] || { echo "paper_browser_check: $html: no such file (expected the page make paper writes)" >&2; exit 2; }
[[ $width =~ ^[0-9]+$ ]] && ((width >= 320)) || { echo "paper_browser_check: WIDTH $width: expected pixels, 320 or more" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || { echo "paper_browser_check: missing chromium: install the Debian package chromium" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the copy sits beside the original, so that relative links and images resolve as they do for the original
copy=$(dirname "$html")/.browser-check-$$.html
trap 'rm -rf "$tmp" "$copy"' EXIT
cat > "$tmp/probe.html" << 'EOF'
<script>
window.addEventListener('load', function () {
  var out = [], W = window.innerWidth;
  function where(el) {
    var s = el.closest('.paper-section');
    return (s ? 'in section ' + s.id + ': ' : '') + '<' + el.tagName.toLowerCase() + '>';
  }
  document.querySelectorAll('img').forEach(function (im) {
    var r = im.getBoundingClientRect();
    if (!im.complete || im.naturalWidth === 0 || r.width === 0 || r.height === 0) {
      var src = im.getAttribute('src') || '';
      out.push('image without a size: ' + where(im) + ' ' + (src.slice(0, 5) === 'data:' ? 'data: URI of ' +
        src.length + ' characters' : src) + ' (' + im.naturalWidth + 'x' + im.naturalHeight + ')');
    }
  });
  var maths = document.querySelectorAll('math');
  if (maths.length === 0) out.push('no equation: the page has no <math> element');
  maths.forEach(function (m) {
    var d = getComputedStyle(m).display, r = m.getBoundingClientRect();
    if (d.indexOf('math') < 0 || r.width === 0)
      out.push('equation not rendered as MathML: ' + where(m) + ' display ' + d + ', width ' + r.width + ': ' +
        m.textContent.slice(0, 60));
  });
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
  while ((n = walker.nextNode())) {
    var p = n.parentElement;
    if (!p || p.closest('code, pre, script, style, math')) continue;
    var t = n.nodeValue.match(/\$\$?[^$\s][^$]*\$/);
    if (t) out.push('TeX left in the text: ' + where(p) + ' ' + t[0].slice(0, 60));
  }
  // a table (or code block, or displayed equation) wider than its box: the page's style lets it scroll inside
  // itself rather than widen the page, so it is measured on its own
  document.querySelectorAll('table, pre, math[display="block"]').forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1)
      out.push('overflowing ' + where(el) + ': its content is ' + el.scrollWidth + ' px wide in a box of ' +
        el.clientWidth + ' px: ' + el.textContent.replace(/\s+/g, ' ').trim().slice(0, 60));
  });
  var sw = document.documentElement.scrollWidth;
  if (sw > W) {
    var wide = [];
    document.querySelectorAll('body *').forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.right > W + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > W + 1 &&
          el.parentElement !== document.body && !el.parentElement.classList.contains('paper-section')))
        wide.push(where(el) + ' to ' + Math.round(r.right) + ' px');
    });
    out.push('page wider than its window: ' + sw + ' px in a window of ' + W + ' px; ' + wide.length +
      ' element(s) reach past it, first: ' + wide.slice(0, 3).join('; '));
  }
  out.push('checked: ' + document.images.length + ' images, ' + maths.length + ' equations, width ' + sw + ' of ' + W);
  var pre = document.createElement('pre');
  pre.id = 'paper-browser-check';
  pre.textContent = '\n' + out.join('\n') + '\n';
  document.body.appendChild(pre);
});
</script>
EOF
# the probe goes right before </body> (the last one)
awk -v probe="$tmp/probe.html" '{ lines[NR] = $0 } /<\/body>/ { last = NR }
	END { for (i = 1; i <= NR; i++) { if (i == last) while ((getline l < probe) > 0) print l; print lines[i] } }' \
	"$html" > "$copy"
grep -q 'id = .paper-browser-check' "$copy" || { echo "paper_browser_check: $html has no </body>: expected a whole HTML page" >&2; exit 2; }
# --no-sandbox: Chromium's sandbox cannot start as root (CI); the page is our own file
if ! timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,900" \
	--virtual-time-budget=10000 --user-data-dir="$tmp/profile" --dump-dom "file://$(realpath "$copy")" \
	> "$tmp/dom.html" 2> "$tmp/chromium.err"; then
	tail -n 3 "$tmp/chromium.err" >&2
	echo "paper_browser_check: chromium failed on $html" >&2
	exit 2
fi
# the probe's lines: between <pre id="paper-browser-check"> and </pre>, HTML entities undone
sed -n '/<pre id="paper-browser-check">/,/<\/pre>/p' "$tmp/dom.html" | sed -e '1d' -e '$d' \
	-e 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' > "$tmp/lines"
grep -q '^checked: ' "$tmp/lines" || { echo "paper_browser_check: the page's probe did not run in chromium (no result in its DOM)" >&2; exit 2; }
summary=$(grep '^checked: ' "$tmp/lines")
if grep -v '^checked: ' "$tmp/lines" | grep -q .; then
	grep -v '^checked: ' "$tmp/lines" | sed "s|^|paper_browser_check: $html: |"
	exit 1
fi
echo "paper_browser_check: $html in headless Chromium ($("$browser" --version 2> /dev/null | head -1)): ${summary#checked: }; every image has a size, every equation is MathML, nothing is wider than the window or its box"
