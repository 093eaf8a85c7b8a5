#!/usr/bin/env bash
# run.sh SECONDS NAME...: `make fuzz`. Runs build/fuzz/fuzz-NAME for SECONDS each, one after the other, from the
# committed seeds (verify/fuzz/corpus/NAME/) and past findings (verify/fuzz/regress/NAME/); the inputs libFuzzer
# adds go to build/fuzz/corpus/NAME/, never to the committed corpus. Prints one [meas] line per harness (executions,
# their rate, corpus size) and fails if any harness found an input that breaks its parser; such an input is copied
# to verify/fuzz/regress/NAME/, so that `make verify` replays it from then on. Run from the repository root.
set -uo pipefail
seconds=$1
shift
failed=()
for name in "$@"; do
	work=build/fuzz/corpus/$name
	mkdir -p "$work"
	dirs=("$work" "verify/fuzz/corpus/$name")
	[[ -d verify/fuzz/regress/$name ]] && dirs+=("verify/fuzz/regress/$name")
	log=build/fuzz/$name.log
	artifacts=(build/fuzz/"$name"-{crash,leak,timeout,oom,slow-unit}-*)
	rm -f "${artifacts[@]}"
	# -close_fd_mask=1: the option harness may print help to stdout; errors and reports stay on stderr
	"build/fuzz/fuzz-$name" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
		-close_fd_mask=1 -artifact_prefix="build/fuzz/$name-" "${dirs[@]}" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	size=$(find "$work" -type f | wc -l)
	shopt -s nullglob
	found=(build/fuzz/"$name"-{crash,leak,timeout,oom,slow-unit}-*)
	shopt -u nullglob
	if ((rc != 0)) || ((${#found[@]})); then
		tail -n 40 "$log"
		mkdir -p "verify/fuzz/regress/$name"
		for f in "${found[@]}"; do
			cp "$f" "verify/fuzz/regress/$name/"
		done
		echo "fuzz: $name: FINDING after ${execs:-?} executions (exit $rc); input(s) copied to verify/fuzz/regress/$name/"
		failed+=("$name")
	else
		echo "[meas] fuzz $name: ${execs:-?} executions in $seconds s (${rate:-?}/s), corpus $size inputs, no finding"
	fi
done
if ((${#failed[@]})); then
	echo "fuzz: findings in: ${failed[*]} (see build/fuzz/NAME.log)"
	exit 1
fi
echo "fuzz: $# harnesses, $seconds s each, no finding"
