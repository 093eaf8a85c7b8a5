#!/usr/bin/env bash
# smoke_pipeline.sh: runs `make all-figures` at the smoke scale into a scratch directory (nothing under data/ or
# figures/ is touched) and checks that every figure, every summary and every statistics table was produced and is
# not empty, and that the statistics tables hold a test row. Run from the repository root by `make verify`.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make --no-print-directory -j2 PROG="${INHIBNORM_BIN:-bin/inhibnorm}" SCALE=smoke RUNS_DIR="$tmp/runs" SUMMARY_DIR="$tmp/summary" FIG_DIR="$tmp/figures" \
	all-figures > "$tmp/log" 2>&1 || { tail -n 30 "$tmp/log"; echo "smoke_pipeline: make all-figures failed"; exit 1; }
missing=0
check() { [[ -s $1 ]] || { echo "smoke_pipeline: missing or empty: ${1#"$tmp"/}"; missing=1; }; }
for f in 1 2 3 4 5 6 7; do
	check "$tmp/figures/fig$f.svg"
	check "$tmp/figures/fig$f.png"
done
check "$tmp/summary/fig1.tsv"
check "$tmp/summary/theorem1.tsv"
check "$tmp/figures/theorem1.svg"
check "$tmp/figures/theorem1.png"
for f in 2 3 4 5 6 7; do
	check "$tmp/summary/smoke/fig$f.tsv"
	check "$tmp/summary/smoke/fig$f-stats.tsv"
	check "$tmp/summary/smoke/fig$f-vars.gp"
	if [[ -s $tmp/summary/smoke/fig$f-stats.tsv ]] &&
		! grep -Eq $'^[0-9][a-z-]*\t' "$tmp/summary/smoke/fig$f-stats.tsv"; then
		echo "smoke_pipeline: fig$f-stats.tsv holds no test"; missing=1
	fi
done
(( missing == 0 )) || exit 1
nruns=$(find "$tmp/runs" -name '*.tsv' | wc -l)
echo "smoke_pipeline: $nruns runs; figures 1-7 and Theorem 1, their summaries and 6 statistics tables produced"
