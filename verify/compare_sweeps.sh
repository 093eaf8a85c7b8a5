#!/usr/bin/env bash
# compare_sweeps.sh REF NEW: checks that two sweeps made with the same paths (REF and NEW each hold runs/, summary/
# and figures/, moved there afterwards) gave the same results: every run file of REF is in NEW and equal apart from
# its timing columns (the last two) and its '# blas:' line (a property of the machine and its threads, not of the
# run); every summary, statistics table and figure is byte-identical, except the *-timing.tsv files, which hold
# measured seconds, and the summaries' '# provenance:' lines (date, machine, compute time). Prints one line; exits 1
# on a difference.
set -euo pipefail
ref=$1 new=$2
strip() { grep -v '^# blas:' "$1" | awk -F'\t' -v OFS='\t' '!/^#/ { NF -= 2 } { print }'; }
bad=0 nruns=0 nfiles=0
while IFS= read -r f; do
	rel=${f#"$ref/"}
	nruns=$((nruns + 1))
	if [[ ! -f $new/$rel ]] || ! cmp -s <(strip "$f") <(strip "$new/$rel"); then
		echo "compare_sweeps: run $rel differs"
		bad=1
	fi
done < <(find "$ref/runs" -name '*.tsv')
while IFS= read -r f; do
	rel=${f#"$ref/"}
	nfiles=$((nfiles + 1))
	if [[ $rel == summary/* ]]; then
		[[ -f $new/$rel ]] && cmp -s <(grep -av '^# provenance:' "$f") <(grep -av '^# provenance:' "$new/$rel") ||
			{ echo "compare_sweeps: $rel differs"; bad=1; }
	else
		cmp -s "$f" "$new/$rel" || { echo "compare_sweeps: $rel differs"; bad=1; }
	fi
done < <(find "$ref/summary" "$ref/figures" -type f ! -name '*-timing.tsv')
extra=$(comm -13 <(cd "$ref" && find runs -name '*.tsv' | sort) <(cd "$new" && find runs -name '*.tsv' | sort) | wc -l)
((extra == 0)) || { echo "compare_sweeps: $extra runs more than the reference"; bad=1; }
((nruns > 0 && nfiles > 0)) || { echo "compare_sweeps: nothing to compare in $ref"; bad=1; }
((bad == 0)) || exit 1
echo "compare_sweeps: $nruns runs equal (timing columns aside), $nfiles summaries, tables and figures byte-identical"
