#!/usr/bin/env bash
# paper_html_selftest.sh: shows that the rendering (paper/render.sh) and verify/paper_html_check.sh catch what they
# must. A scratch document of three files, with links between files, to a heading of another file, to a heading of
# its own, to a file of the repository, an image, an inline and a display equation (TeX between dollars) and a dollar
# in code, must render and pass, with every link made internal, the image embedded and the equations as MathML; then
# each fault, added alone, must fail the check with its own line: a link to a heading that does not exist, a link to
# a file that does not exist, a missing image, TeX that texmath cannot convert (left between its dollars), and a
# dollar the reader does not take as math; and a document without any equation must fail too, for having no <math>.
# Run from the repository root.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc=$tmp/doc out=$tmp/out/index.html
mkdir -p "$doc"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n' \
	> "$tmp/fig.svg"

# write_doc EXTRA [MATH]: the scratch document, with the line EXTRA added as a paragraph of b.md, and a.md's
# equations unless MATH is "no"
write_doc() {
	local eq='- **(A.1) Mean.** $\mu = \frac{1}{n} \sum_k s_k$ and, on its own lines,
  $$\hat y_i = \frac{s_i - \mu}{\sqrt{\sigma^2 + c}}$$
  with `c=$C` in code.'
	[[ ${2-} == no ]] && eq='- **(A.1) Mean.** No equation, and `c=$C` in code.'
	printf '# Contents\n\n| section | file |\n|---|---|\n| B | [b.md](b.md) |\n| A | [a.md](a.md) |\n' > "$doc/README.md"
	printf '# A\n\n## Equations\n\n%s\n\n%s\n' "$eq" \
		"See [B's results](b.md#results), [ours](#equations), [the file](../fig.svg)." > "$doc/a.md"
	printf '# B\n\n## Results\n\n![A figure: one square](../fig.svg)\n\n%s\n' "$1" > "$doc/b.md"
}

render_check() {
	bash paper/render.sh "$out" "$doc" 2> "$tmp/render.err" || { cat "$tmp/render.err"; return 2; }
	bash verify/paper_html_check.sh "$out" > "$tmp/check.out" 2>&1
}

fail() { echo "paper_html_selftest: $*"; cat "$tmp/check.out" 2> /dev/null || true; exit 1; }

write_doc "Back to [A](a.md)."
render_check || fail "a valid document was rejected"
# the order is README's, links are internal, the image is embedded, the file link is kept
grep -q 'id="README"' "$out" || fail "no section README"
[[ $(grep -o 'class="paper-section"' "$out" | wc -l) == 3 ]] || fail "not three sections"
b=$(grep -n 'id="b"' "$out" | cut -d: -f1) a=$(grep -n 'id="a"' "$out" | cut -d: -f1)
((b < a)) || fail "b.md (linked first in README.md) does not come before a.md"
for want in 'href="#b--results"' 'href="#a--equations"' 'href="#a"' 'id="b--results"' \
	'src="data:image/svg+xml;base64,' '<math display="inline"' '<math display="block"' '<code>c=$C</code>'; do
	grep -qF "$want" "$out" || fail "the rendered document has no $want"
done
grep -q 'href="[^"]*\.md' "$out" && fail "a link to a .md file was left in the document"

n=0
for fault in 'A [missing heading](a.md#no-such-heading).|broken internal link #a--no-such-heading' \
	'A [missing file](no-such-file.md).|broken link' \
	'![a missing figure](../no-such-figure.svg)|missing image' \
	'TeX that texmath cannot convert, $\notamacro{x}$.|unrendered math' \
	'A dollar $ x$ that is no delimiter (a space inside).|unrendered math'; do
	write_doc "${fault%%|*}"
	if render_check; then
		fail "a document with '${fault%%|*}' passed the check"
	fi
	grep -q "in section b: ${fault#*|}" "$tmp/check.out" || fail "no line '${fault#*|}' for '${fault%%|*}'"
	echo "  caught: $(head -1 "$tmp/check.out" | sed "s|$tmp/||g")"
	[[ $(wc -l < "$tmp/check.out") == 2 ]] || fail "not one line for the problem (and the summary line)"
	n=$((n + 1))
done
write_doc "Back to [A](a.md)." no
if render_check; then fail "a document without any equation passed the check"; fi
grep -q 'no <math> element' "$tmp/check.out" || fail "no line 'no <math> element' for a document without equations"
echo "  caught: $(head -1 "$tmp/check.out" | sed "s|$tmp/||g")"
[[ $(wc -l < "$tmp/check.out") == 2 ]] || fail "not one line for the missing math (and the summary line)"
n=$((n + 1))
echo "paper_html_selftest: a valid scratch document renders and passes; the check catches $n faults (a broken" \
	"internal link, a link to a missing file, a missing image, TeX left unconverted, a dollar left unread, no" \
	"math at all), one line each"
