#!/usr/bin/env bash
# paper_browser_selftest.sh: shows that verify/paper_browser_check.sh catches what it must, in headless Chromium. A
# scratch document with a figure, an equation and a table, rendered by paper/render.sh, must pass; then each fault,
# added alone, must fail the check with its own line: a missing image (no size), an overflowing table (a cell wider
# than the window), and an equation left as TeX. Run from the repository root; needs chromium and pandoc.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc=$tmp/doc out=$tmp/out/index.html
mkdir -p "$doc"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>\n' \
	> "$tmp/fig.svg"

# write_doc EXTRA: the scratch document, with the line EXTRA added as a paragraph of a.md
write_doc() {
	printf '# Contents\n\n| section | file |\n|---|---|\n| A | [a.md](a.md) |\n' > "$doc/README.md"
	printf '# A\n\nThe mean is $\\mu = \\frac{1}{n} \\sum_k s_k$, and\n\n$$\\hat{y}_i = \\frac{s_i - \\mu}{\\sigma}$$\n\n%s\n\n%b\n' \
		'![A figure: one box](../fig.svg)' '| a | b |\n|---|---|\n| `src/results/a_rather_long_file_name.c:a_long_function_name` | text |' \
		> "$doc/a.md"
	printf '\n%s\n' "$1" >> "$doc/a.md"
}

check() {
	bash paper/render.sh "$out" "$doc" 2> "$tmp/render.err" || { cat "$tmp/render.err"; return 2; }
	bash verify/paper_browser_check.sh "$out" 800 > "$tmp/check.out" 2>&1
}

fail() { echo "paper_browser_selftest: $*"; cat "$tmp/check.out" 2> /dev/null || true; exit 1; }

write_doc "Nothing wrong here."
check || fail "a valid document was rejected"
grep -q '1 images, 2 equations' "$tmp/check.out" || fail "the valid document's image and two equations were not counted"

n=0
# each fault: its text, @@, the line the check must print
for fault in '![a missing figure](../no-such-figure.svg)@@image without a size: in section a: <img>' \
	'| wide |\n|---|\n| <span style="display: inline-block; width: 3000px">a cell wider than the window</span> |@@overflowing in section a: <table>: ' \
	'An equation typed as TeX but not read as math: \$x = 1\$.@@TeX left in the text: in section a: <p> $x = 1$'; do
	write_doc "$(printf '%b' "${fault%%@@*}")"
	rc=0
	check || rc=$?
	((rc == 1)) || fail "a document with '${fault%%@@*}' gave exit $rc, not 1 (a problem found)"
	grep -qF "${fault#*@@}" "$tmp/check.out" || fail "no line '${fault#*@@}' for '${fault%%@@*}'"
	[[ $(wc -l < "$tmp/check.out") == 1 ]] || fail "not one line for the problem"
	echo "  caught: $(sed "s|$tmp/||g" "$tmp/check.out" | cut -c1-160)"
	n=$((n + 1))
done
echo "paper_browser_selftest: a valid scratch document passes in headless Chromium; the check catches $n faults" \
	"(a missing image, an overflowing table, an equation left as TeX), one line each"
