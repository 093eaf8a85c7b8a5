#!/usr/bin/env bash
# numbers_check.sh: the experimental numbers of the text and the claims report, (4.5.15) and (4.5.14).
#   1. every tagged number of paper/*.md and README.md equals the committed table it names, and the lint finds no
#      untagged p-value, spread, percentage or time (bin/inhibnorm numbers);
#   2. self-test: a copy of a file with one tagged number changed in its last digit fails the check, and so does an
#      untagged p-value;
#   3. every figure of the text has its current trace line (4.5.27), written from the committed summaries by
#      `make traces` (bin/inhibnorm trace);
#   4. the committed claims reports (quick, and paper once its summaries are committed) are what `inhibnorm report`
#      writes from the committed summaries and published values today (so a changed summary or published value
#      without a new report fails).
# Run from the repository root with bin/inhibnorm built. Prints one line per problem; exits 1 if any.
set -euo pipefail
bin=${INHIBNORM_BIN:-bin/inhibnorm}
bad=0
if ! "$bin" numbers paper/*.md README.md; then
	echo "numbers_check: a number in the text differs from its table, or is not tagged (above)"
	bad=1
fi

if ! "$bin" trace paper/*.md README.md; then
	echo "numbers_check: a figure's trace line is missing or stale (above); run make traces"
	bad=1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the first tagged number in the text: its file, and the file with that number's last digit changed
src=$(grep -l '[0-9]<!-- k="' paper/*.md README.md 2>/dev/null | head -1 || true)
if [[ -z $src ]]; then
	echo "numbers_check: no tagged number in paper/*.md or README.md to test the check with"
	bad=1
else
	awk '{ if (!done && match($0, /[0-9]<!-- k="/)) { d = (substr($0, RSTART, 1) + 1) % 10
		$0 = substr($0, 1, RSTART - 1) d substr($0, RSTART + 1); done = 1 } print }' "$src" > "$tmp/changed.md"
	if cmp -s "$src" "$tmp/changed.md"; then
		echo "numbers_check: self-test could not change a number of $src"
		bad=1
	elif "$bin" numbers --lint 0 "$tmp/changed.md" > "$tmp/out" 2>&1 || ! grep -q 'differs from' "$tmp/out"; then
		echo "numbers_check: self-test: a changed number in a copy of $src was not caught"
		bad=1
	fi
	printf 'p = 0.0123 typed by hand\n' > "$tmp/typed.md"
	if "$bin" numbers "$tmp/typed.md" > "$tmp/out" 2>&1 || ! grep -q 'untagged a p-value' "$tmp/out"; then
		echo "numbers_check: self-test: an untagged p-value was not caught"
		bad=1
	fi
fi

# the quick scale's report must exist; a scale with committed summaries (data/summary/paper once an archive is
# summarised) must have its report, and each must be what its summaries give today
reports=quick
[[ -d data/summary/paper ]] && reports+=" paper"
for scale in $reports; do
	if [[ ! -f paper/report-$scale.md ]]; then
		echo "numbers_check: paper/report-$scale.md is missing; run make report SCALE=$scale"
		bad=1
		continue
	fi
	"$bin" report --scale "$scale" --summary "data/summary/$scale" --published paper/published.tsv --out "$tmp/report.md"
	if ! cmp -s "$tmp/report.md" "paper/report-$scale.md"; then
		echo "numbers_check: paper/report-$scale.md is not what the committed summaries give; run make report SCALE=$scale"
		diff "$tmp/report.md" "paper/report-$scale.md" | head -5
		bad=1
	fi
done
((bad == 0)) || exit 1
echo "numbers_check: the text's tagged numbers match their tables, a changed number and a typed p-value are caught," \
	"every figure has its current trace line, the reports are current ($reports)"
