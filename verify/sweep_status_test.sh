#!/usr/bin/env bash
# sweep_status_test.sh: checks figures/sweep_status.sh (make's progress lines, `make status`) on a smoke sweep made
# of synthetic run files whose measured times and finishing times are known, so the estimate can be worked out by
# hand. Run from the repository root by `make verify`.
set -euo pipefail
unset MAKEFLAGS MFLAGS
export PROG=${INHIBNORM_BIN:-bin/inhibnorm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() { # expect WHAT GOT WANT
	[[ $2 == "$3" ]] || { printf 'sweep_status_test: %s:\n  got:      %s\n  expected: %s\n' "$1" "$2" "$3"; fail=1; }
}
got=$(bash figures/sweep_status.sh smoke "$tmp/runs")
expect "nothing finished" "$got" "sweep smoke: 0/60 runs finished (0%), time left: not known until a run finishes"

# 10 finished runs (the 6 of e-ln, 4 of ei), 4 + 6 = 10 measured seconds each, finishing 5 s apart: two at a time.
# Rate over the 10: 100 measured s over the 55 s from the first start (45 s before the last finish, less 10 s) to
# the last finish, 1.82; the 50 missing runs at the mean of 10 s: 500 s / 1.82 = 275 s, "5 min".
mapfile -t runs < <(make --no-print-directory -s list-runs SCALE=smoke RUNS_DIR="$tmp/runs" | grep -E '/(ei|e-ln)/' | head -10)
t0=$(($(date +%s) - 100))
i=0
for r in "${runs[@]}"; do
	mkdir -p "$(dirname "$r")"
	printf '# inhibnorm run file\n# epochs: 1\nepoch\ttest_acc\ttrain_seconds\teval_seconds\n1\t50\t4\t6\n' > "$r"
	touch -d "@$((t0 + 5 * i))" "$r"
	i=$((i + 1))
done
got=$(bash figures/sweep_status.sh smoke "$tmp/runs")
expect "10 of 60 finished" "$got" \
	"sweep smoke: 10/60 runs finished (16%), 50 to go, about 5 min left (a run: 10 s of measured time on average)"
# a run being written (its temporary), and the per-model lines of make status
# (a temporary of a run outside the sweep does not count)
touch "${runs[0]%/*}/config-99.tsv.tmp.4242" "$(dirname "${runs[6]}")/../eps-0.75/config-26.tsv.tmp.4243"
got=$(make --no-print-directory status SCALE=smoke RUNS_DIR="$tmp/runs")
expect "status: e-ln" "$(grep '^  e-ln ' <<< "$got")" "  e-ln                    6/6    finished, 10 s per run"
expect "status: ei" "$(grep '^  ei ' <<< "$got")" "  ei                      4/6    finished, 10 s per run"
expect "status: inorm" "$(grep '^  inorm ' <<< "$got")" "  inorm                   0/6    finished"
expect "status: being written" "$(tail -1 <<< "$got" | sed 's/; the last.*//')" \
	"  1 run being written now (temporaries in smoke)"
# a finished file cut short (its last newline gone) is read by the strict reader: damaged, not finished, and named
cp "${runs[9]}" "$tmp/keep.tsv"
head -c -1 "$tmp/keep.tsv" > "${runs[9]}"
touch -d "@$((t0 + 45))" "${runs[9]}"
got=$(bash figures/sweep_status.sh smoke "$tmp/runs")
expect "a damaged file" "${got%%, 51 to go*}" \
	"sweep smoke: 9/60 runs finished (15%) and 1 damaged (not whole run files: delete them and make retrains them)"
got=$(make --no-print-directory status SCALE=smoke RUNS_DIR="$tmp/runs")
expect "status: the damaged file's reason" "$(grep '^  damaged: ' <<< "$got")" \
	"  damaged: ${runs[9]}:4: the last line ends without a newline: the file is cut short"
cp "$tmp/keep.tsv" "${runs[9]}"
# the archive's order (list-runs ORDER=config): the same 60 runs, configuration 0 of every model and eps first
by_config=$(make --no-print-directory -s list-runs SCALE=smoke ORDER=config RUNS_DIR="$tmp/runs")
expect "ORDER=config: the same runs" "$(sort <<< "$by_config" | md5sum)" \
	"$(make --no-print-directory -s list-runs SCALE=smoke RUNS_DIR="$tmp/runs" | sort | md5sum)"
expect "ORDER=config: configuration 0 first" "$(head -20 <<< "$by_config" | grep -c '/config-0\.tsv$')" 20
expect "ORDER=config: configuration 12 next" "$(sed -n 21p <<< "$by_config" | grep -o 'config-[0-9]*')" config-12
expect "ORDER=config: a bad order" "$(make --no-print-directory -s list-runs ORDER=x 2>&1 >/dev/null | head -1)" \
	"make: list-runs: ORDER=x: expected config or nothing"
((fail == 0)) || exit 1
echo "sweep_status_test: the progress line and make status give the hand-worked counts and estimate; list-runs" \
	"ORDER=config lists the same runs configuration by configuration"
