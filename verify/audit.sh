#!/usr/bin/env bash
# audit.sh ARCHIVE K SEED [TOL]: `make audit`. Retrains K run files of ARCHIVE chosen at random and compares each with
# its archived version (inhibnorm runcompare: identical outside the timing columns on the same BLAS kernel, else the
# final errors within TOL percentage points). ARCHIVE is a directory under $RUNS_DIR (default data/runs), e.g.
# data/runs/dann-paper or data/runs/paper: a run file's path below RUNS_DIR names everything that defines it, so
# `make RUNS_DIR=SCRATCH SCRATCH/REL` retrains it with the rule that made it, for either paper's sweep. SEED makes the
# choice repeatable (it is printed). Exit 1 if any retrained run differs. Run from the repository root.
set -euo pipefail
archive=${1:?usage: audit.sh ARCHIVE K SEED [TOL]} k=${2:-3} seed=${3:-$RANDOM} tol=${4:-2}
runs=${RUNS_DIR:-data/runs}
archive=${archive%/}
[[ $archive == "$runs"/* && -d $archive ]] ||
	{ echo "audit: ARCHIVE=$archive: expected a directory under RUNS_DIR=$runs"; exit 2; }
mapfile -t all < <(find "$archive" -name '*.tsv' | LC_ALL=C sort)
((${#all[@]})) || { echo "audit: no run files under $archive"; exit 3; }
((k <= ${#all[@]})) || k=${#all[@]}
mapfile -t pick < <(printf '%s\n' "${all[@]}" | awk -v s="$seed" 'BEGIN { srand(s) } { print rand() "\t" $0 }' |
	LC_ALL=C sort -k1,1g | head -n "$k" | cut -f2)
echo "audit: $k of ${#all[@]} run files of $archive, chosen with seed $seed (make audit AUDIT_SEED=$seed repeats it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
for f in "${pick[@]}"; do
	rel=${f#"$runs"/}
	if ! make --no-print-directory -o bin/inhibnorm RUNS_DIR="$tmp" "$tmp/$rel" > "$tmp/log" 2>&1; then
		tail -n 5 "$tmp/log"; echo "audit: retraining $rel failed"; bad=1; continue
	fi
	bin/inhibnorm runcompare --tol "$tol" "$f" "$tmp/$rel" || bad=1
done
((bad == 0)) && echo "audit: all $k retrained runs match the archive" || { echo "audit: FAILED"; exit 1; }
