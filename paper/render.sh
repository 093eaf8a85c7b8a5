#!/usr/bin/env bash
# render.sh OUT.html DIR: renders the literate document DIR/*.md (README.md first, then the order of its links;
# paper/render.lua) into the single HTML file OUT.html, written as OUT.html.tmp and then renamed. Run from the
# repository root: images are found relative to it and embedded. `make paper` runs it on paper/;
# verify/paper_html_selftest.sh on scratch documents. Exit 1 if pandoc is missing or fails.
# Choices: the filter embeds every image as a data: URI (the stylesheet of pandoc's template is inline already), so
# the result is one file that works offline, copied anywhere, and shows the figures as they were when it was made;
# copying the images beside it would make a directory whose parts can drift apart. The filter embeds them rather
# than pandoc's --self-contained, which stops at the first missing image; this way a missing one is left as a
# path and verify/paper_html_check.sh lists every problem. Math: the files write equations as TeX between dollars,
# $...$ inline and $$...$$ display, as the repository page renders them (tex_math_dollars, which the filter's
# reader has too); --mathml writes them as MathML, which the browser typesets itself: no script, no network
# (MathJax or KaTeX would need one of them). Math that texmath cannot convert is left as its TeX between dollars,
# with a warning on stderr, and verify/paper_html_check.sh fails on the dollars left in the text.
set -euo pipefail
if (($# != 2)); then
	echo "usage: render.sh OUT.html DIR" >&2
	exit 2
fi
out=$1 dir=${2%/}
command -v pandoc > /dev/null || { echo "render.sh: missing pandoc: install the Debian package pandoc" >&2; exit 1; }
shopt -s nullglob
md=("$dir"/*.md)
((${#md[@]})) || { echo "render.sh: no .md files in $dir" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# links to files of the repository are written relative to the output's directory
root=$(realpath -m --relative-to="$(dirname "$out")" .)/
trap 'rm -f "$out.tmp"' EXIT
# the title block names both papers (the table of contents is the filter's: one entry per file)
front=(--metadata title="inhibnorm: inhibitory normalisation of error signals and Dale's ANNs, reproduced"
	--metadata subtitle="A reproduction of Eyono, Levenstein, Ghosh, Cornford and Richards (2026), Inhibitory normalization of error signals improves learning in neural circuits, and of Cornford, Kalajdzievski, Leite, Lamarquette, Kullmann and Richards (2021), Learning to live with Dale's principle: ANNs with separate excitatory and inhibitory units")
pandoc --from gfm+bracketed_spans+tex_math_dollars --to html5 --mathml --standalone --lua-filter paper/render.lua \
	--metadata pagetitle="inhibnorm: the literate document" --metadata paper-root="$root" \
	"${front[@]}" --output "$out.tmp" "${md[@]}"
mv "$out.tmp" "$out"
