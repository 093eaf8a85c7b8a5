#!/usr/bin/env bash
# kill_resume.sh: `make verify`'s fault test. Runs the smoke sweep (all figures) once without interruption, then
# again from nothing, kills that second make and every training run it started with SIGKILL part way (runs finished,
# others half written), resumes it with the same command, and checks that: the kill left at least one temporary
# behind and the resumed sweep removed them all; every run file equals the uninterrupted one apart from its timing
# columns; every summary, statistics table and figure is byte-identical (verify/compare_sweeps.sh). Run from the
# repository root.
set -euo pipefail
# the sweeps below are make's own -j2, not slots of a calling make's job server
unset MAKEFLAGS MFLAGS
tmp=$(mktemp -d)
pid=
cleanup() {
	[[ -n $pid ]] && kill -KILL -- "-$pid" 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
PROG=${INHIBNORM_BIN:-bin/inhibnorm}
# the same paths in both sweeps, so that the files (which record their command) can be compared byte for byte
sweep() {
	make --no-print-directory -j2 PROG="$PROG" NO_PROGRESS=1 SCALE=smoke RUNS_DIR="$tmp/runs" \
		SUMMARY_DIR="$tmp/summary" FIG_DIR="$tmp/figures" all-figures
}
sweep > "$tmp/ref.log" 2>&1 || { tail -n 20 "$tmp/ref.log"; echo "kill_resume: the uninterrupted sweep failed"; exit 1; }
mkdir "$tmp/ref"
mv "$tmp/runs" "$tmp/summary" "$tmp/figures" "$tmp/ref/"
total=$(find "$tmp/ref/runs" -name '*.tsv' | wc -l)

# the interrupted sweep, in its own process group; killed once a third of the runs are done and a run is being written
mkdir -p "$tmp/runs"
setsid bash -c "$(declare -f sweep); PROG='$PROG' tmp='$tmp' sweep" > "$tmp/killed.log" 2>&1 &
pid=$!
killed=0
# (checked every 50 ms for as long as the sweep runs: a loaded or instrumented build may be slow to get there)
while kill -0 "$pid" 2> /dev/null; do
	sleep 0.05
	finished=$(find "$tmp/runs" -name '*.tsv' 2> /dev/null | wc -l)
	if ((finished >= total / 3)) && [[ -n $(find "$tmp/runs" -name '*.tsv.tmp.*' 2> /dev/null) ]]; then
		kill -KILL -- "-$pid"
		killed=1
		break
	fi
done
wait "$pid" 2> /dev/null || true
pid=
((killed)) || { echo "kill_resume: the sweep never reached the point to kill it"; exit 1; }
stale=$(find "$tmp/runs" -name '*.tsv.tmp.*' | wc -l)
finished=$(find "$tmp/runs" -name '*.tsv' | wc -l)
echo "kill_resume: SIGKILL after $finished of $total runs, $stale temporar$( ((stale == 1)) && echo y || echo ies) left"
[[ ! -e $tmp/figures/fig7-smoke.png ]] || { echo "kill_resume: the sweep had finished before the kill"; exit 1; }
if ((stale == 0)); then
	# the kill fell between two runs: leave the temporary a killed run would have, for a run not yet made
	missing=$(comm -23 <(cd "$tmp/ref" && find runs -name '*.tsv' | sort) <(cd "$tmp" && find runs -name '*.tsv' | sort) | head -1)
	echo "kill_resume: no run was being written at the kill; planting a temporary for $missing"
	mkdir -p "$(dirname "$tmp/$missing")"
	: > "$tmp/$missing.tmp.99999999"
fi

sweep > "$tmp/resume.log" 2>&1 || { tail -n 20 "$tmp/resume.log"; echo "kill_resume: the resumed sweep failed"; exit 1; }
left=$(find "$tmp" -path "$tmp/ref" -prune -o -name '*.tmp*' -print)
[[ -z $left ]] || { echo "kill_resume: temporaries left after the resumed sweep: $left"; exit 1; }

mkdir "$tmp/new"
mv "$tmp/runs" "$tmp/summary" "$tmp/figures" "$tmp/new/"
bash verify/compare_sweeps.sh "$tmp/ref" "$tmp/new"
