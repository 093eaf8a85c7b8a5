#!/usr/bin/env bash
# smoke_pipeline.sh: runs `make all-figures` at the smoke scale into a scratch directory (nothing under data/ or
# figures/ is touched) and checks that every figure, every summary and every statistics table was produced and is
# not empty, that the statistics tables hold a test row with its claim id, that every summary carries its
# provenance lines, that make printed the sweep's progress (runs finished, time left) and `make status` reports it
# finished, and that `make NO_TRAIN=1 figures-svg` redraws every SVG from the summaries alone (runs moved away).
# Run from the repository root by `make verify`.
set -euo pipefail
# the sweeps below are make's own -j2, not slots of a calling make's job server
unset MAKEFLAGS MFLAGS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make --no-print-directory -j2 PROG="${INHIBNORM_BIN:-bin/inhibnorm}" SCALE=smoke RUNS_DIR="$tmp/runs" SUMMARY_DIR="$tmp/summary" FIG_DIR="$tmp/figures" \
	all-figures > "$tmp/log" 2>&1 || { tail -n 30 "$tmp/log"; echo "smoke_pipeline: make all-figures failed"; exit 1; }
missing=0
check() { [[ -s $1 ]] || { echo "smoke_pipeline: missing or empty: ${1#"$tmp"/}"; missing=1; }; }
for f in 1 2 3 4 5 6 7; do
	check "$tmp/figures/fig$f-smoke.svg"
	check "$tmp/figures/fig$f-smoke.png"
done
check "$tmp/summary/smoke/fig1.tsv"
check "$tmp/summary/smoke/theorem1.tsv"
check "$tmp/figures/theorem1-smoke.svg"
check "$tmp/figures/theorem1-smoke.png"
for f in 2 3 4 5 6 7; do
	check "$tmp/summary/smoke/fig$f.tsv"
	check "$tmp/summary/smoke/fig$f-stats.tsv"
	check "$tmp/summary/smoke/fig$f-vars.gp"
	if [[ -s $tmp/summary/smoke/fig$f-stats.tsv ]] &&
		! grep -Eq $'^[0-9][a-z0-9-]*\t.*\tC[0-9]+$' "$tmp/summary/smoke/fig$f-stats.tsv"; then
		echo "smoke_pipeline: fig$f-stats.tsv holds no test with its claim"; missing=1
	fi
done
for f in smoke/fig{2,3,4,5,6,7}.tsv smoke/fig{2,3,4,5,6,7}-stats.tsv smoke/fig{2,3,4,5,6,7}-vars.gp smoke/fig1.tsv \
	smoke/theorem1.tsv smoke/dann-table3.tsv smoke/dann-timing.tsv; do
	[[ ! -s $tmp/summary/$f ]] || grep -q '^# provenance: compute: ' "$tmp/summary/$f" ||
		{ echo "smoke_pipeline: $f has no provenance lines"; missing=1; }
done
# the DANN paper's Table 3 and Figure 4 (figures/dann.mk): every model has a row with a finite test error
for f in figures/dann-fig4-smoke.svg figures/dann-fig4-smoke.png summary/smoke/dann-table3.tsv summary/smoke/dann-table3.txt \
	summary/smoke/dann-fig4.tsv summary/smoke/dann-fig4-vars.gp summary/smoke/dann-timing.tsv; do
	check "$tmp/$f"
done
if [[ -s $tmp/summary/smoke/dann-table3.tsv ]]; then
	rows=$(awk -F'\t' '!/^#/ && $1 != "model" && $8 + 0 == $8 && $8 > 0 && $8 < 100' "$tmp/summary/smoke/dann-table3.tsv" | wc -l)
	((rows == 7)) || { echo "smoke_pipeline: dann-table3.tsv has $rows of 7 models with a test error"; missing=1; }
fi
# the progress lines make printed after each run, and make status on the finished sweep
if ! grep -Eq '^sweep smoke: [0-9]+/60 runs finished \([0-9]+%\), [0-9]+ to go, about [0-9.]+ (s|min) left' "$tmp/log" ||
	! grep -q '^sweep smoke: 60/60 runs finished (100%)$' "$tmp/log"; then
	echo "smoke_pipeline: no progress line with runs finished and time left, or none saying 60/60"; missing=1
fi
status=$(make --no-print-directory status SCALE=smoke RUNS_DIR="$tmp/runs")
if [[ $(head -1 <<< "$status") != "sweep smoke: 60/60 runs finished (100%)" ]] || ! grep -q '^  inorm-full  *6/6 ' <<< "$status"; then
	echo "smoke_pipeline: make status printed: $status"; missing=1
fi
(( missing == 0 )) || exit 1
# the audit of an archive (make audit), on these runs as if archived: one of each paper's sweeps retrained and
# compared (same machine, same BLAS kernel: identical outside the timing columns)
RUNS_DIR="$tmp/runs" bash verify/audit.sh "$tmp/runs/dann-smoke" 1 11 > "$tmp/audit.log" 2>&1 &&
	RUNS_DIR="$tmp/runs" bash verify/audit.sh "$tmp/runs/smoke" 1 11 >> "$tmp/audit.log" 2>&1 ||
	{ cat "$tmp/audit.log"; echo "smoke_pipeline: the audit of the smoke runs failed"; exit 1; }
grep -h 'identical' "$tmp/audit.log" | sed 's|^/tmp/[^/]*/|audit: |'
nruns=$(find "$tmp/runs" -name '*.tsv' | wc -l)
# the claims report of the sweep, beside its summaries (never in paper/), one row per claim
if [[ ! -f $tmp/report-smoke.md ]] || ! grep -q '^| C1 |' "$tmp/report-smoke.md" || ! grep -q '^| D5 |' "$tmp/report-smoke.md"; then
	echo "smoke_pipeline: make all-figures wrote no claims report with a row per claim beside its summaries"; missing=1
fi
[[ ! -e paper/report-smoke.md ]] || { echo "smoke_pipeline: a scratch sweep wrote its report into paper/"; missing=1; }
# the figures again from the summaries alone: no runs, no training, the same SVGs; then a missing summary's message
mv "$tmp/runs" "$tmp/runs.away"
mkdir "$tmp/svg"
cp "$tmp"/figures/*.svg "$tmp/svg/"
rm "$tmp"/figures/*.svg
make --no-print-directory NO_TRAIN=1 SCALE=smoke RUNS_DIR="$tmp/runs" SUMMARY_DIR="$tmp/summary" FIG_DIR="$tmp/figures" \
	figures-svg > "$tmp/notrain.log" 2>&1 || { tail -n 20 "$tmp/notrain.log"; echo "smoke_pipeline: make NO_TRAIN=1 figures-svg failed"; exit 1; }
for f in "$tmp"/svg/*.svg; do
	cmp -s "$f" "$tmp/figures/${f##*/}" || { echo "smoke_pipeline: NO_TRAIN=1 drew ${f##*/} differently"; missing=1; }
done
[[ ! -e $tmp/runs ]] || { echo "smoke_pipeline: make NO_TRAIN=1 made runs"; missing=1; }
rm "$tmp/summary/smoke/fig3-vars.gp" "$tmp/figures/fig3-smoke.svg"
if make --no-print-directory NO_TRAIN=1 SCALE=smoke RUNS_DIR="$tmp/runs" SUMMARY_DIR="$tmp/summary" \
	FIG_DIR="$tmp/figures" figures-svg > "$tmp/notrain.log" 2>&1 ||
	! grep -q "summary/smoke/fig3-vars.gp: not present and NO_TRAIN=1 makes nothing: run make all-figures SCALE=smoke" "$tmp/notrain.log"; then
	cat "$tmp/notrain.log"; echo "smoke_pipeline: NO_TRAIN=1 with a summary missing did not fail with its message"; missing=1
fi
(( missing == 0 )) || exit 1
echo "smoke_pipeline: $nruns runs; figures 1-7, Theorem 1 and the DANN paper's Table 3 and Figure 4, their summaries and 6 statistics tables produced; NO_TRAIN=1 redrew the $(ls "$tmp"/svg | wc -l) SVGs from the summaries alone"
