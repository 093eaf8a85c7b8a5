#!/usr/bin/env bash
# sweep_status.sh [--detail] SCALE RUNS_DIR: the progress of a sweep, from its run files alone, so that it works for
# a sweep run by `make -j` here (which prints it after every run), in the background, or as a cluster array
# (`make status`). Prints one line: runs finished out of the scale's total and an estimate of the time left;
# --detail adds one line per model, the runs being written now (their temporaries) and why each damaged file is not a
# run file. Every finished file is read by `inhibnorm runinfo` (PROG, default bin/inhibnorm), the package's one strict
# run-file reader: a cut or edited file counts as damaged, not finished. Run from the repository root.
# The estimate: each missing run is expected to take its model's mean measured time (train_seconds + eval_seconds,
# summed over epochs; the mean of all finished runs for a model with none yet), and the sweep to go on at the rate
# of its 10 most recent runs (their measured seconds per second of wall time, which counts parallel jobs and any
# time a run spends outside training).
set -euo pipefail
detail=0
[[ ${1-} == --detail ]] && { detail=1; shift; }
scale=$1 runs=$2
prog=${PROG:-bin/inhibnorm}
[[ -x $prog ]] || { echo "sweep_status: $prog is missing: make builds it (the run files are read through it)" >&2; exit 2; }
tmp_err=$(mktemp)
trap 'rm -f "$tmp_err"' EXIT
list=$(MAKEFLAGS= make -s --no-print-directory list-runs SCALE="$scale" RUNS_DIR="$runs")
done_files=()
total=0
while IFS= read -r f; do
	total=$((total + 1))
	[[ -f $f ]] && done_files+=("$f")
done <<< "$list"
now=$(date +%s)
{
	printf '%s\n' "$list" | sed 's/^/want /'
	((${#done_files[@]})) && stat -c 'mtime %.3Y %n' "${done_files[@]}"
	# every finished file through the one strict reader: its measured seconds, or that it is damaged
	((${#done_files[@]})) && { "$prog" runinfo "${done_files[@]}" 2> "$tmp_err" || true; } | awk -F'\t' '
		NR > 1 && $2 == "complete" { printf "secs %s %s\n", $4, $1 }
		NR > 1 && $2 == "damaged" { print "damaged " $1 }'
	{ find "$runs/$scale" -name '*.tsv.tmp.*' 2>/dev/null || true; } | sed 's/^/tmp /'
} | awk -v scale="$scale" -v now="$now" -v detail="$detail" '
	function model(p,   n, a) { n = split(p, a, "/"); return a[n - 2] }
	function span(s) {
		if (s < 10) return sprintf("%.1f s", s)
		if (s < 90) return sprintf("%d s", s + 0.5)
		if (s < 5400) return sprintf("%d min", s / 60 + 0.5)
		return sprintf("%d h %02d min", int(s / 3600), int((s % 3600) / 60 + 0.5))
	}
	$1 == "want" { want[$2] = 1; order[++n] = $2; next }
	$1 == "mtime" { mt[$3] = $2; next }
	$1 == "secs" { sec[$3] = $2; next }
	$1 == "damaged" { bad[$2] = 1; nbad++; next }
	$1 == "tmp" { sub(/\.tmp\.[0-9]+$/, "", $2); if ($2 in want) writing[$2] = 1; next }
	END {
		for (i = 1; i <= n; i++) {
			p = order[i]; m = model(p); tot[m]++
			if (p in bad) delete mt[p]
			if (p in mt) { fin[m]++; done++; s = (p in sec) ? sec[p] : 0; msec[m] += s; all += s }
		}
		line = sprintf("sweep %s: %d/%d runs finished (%d%%)", scale, done, n, n ? 100 * done / n : 0)
		if (nbad) line = line sprintf(" and %d damaged (not whole run files: delete them and make retrains them)", nbad)
		if (done == n) print line
		else if (!done) print line ", time left: not known until a run finishes"
		else {
			left = 0
			for (i = 1; i <= n; i++) {
				p = order[i]; if (p in mt) continue
				m = model(p); left += fin[m] ? msec[m] / fin[m] : all / done
			}
			# the rate of the most recent runs: their measured seconds over the wall time they spanned
			k = 0
			for (p in mt) { k++; t[k] = mt[p]; q[k] = p }
			for (i = 2; i <= k; i++) { x = t[i]; y = q[i]; for (j = i - 1; j >= 1 && t[j] < x; j--) { t[j + 1] = t[j]; q[j + 1] = q[j] } t[j + 1] = x; q[j + 1] = y }
			r = k < 10 ? k : 10; work = 0; first = t[1]
			for (i = 1; i <= r; i++) { s = (q[i] in sec) ? sec[q[i]] : 0; work += s; if (t[i] - s < first) first = t[i] - s }
			wall = t[1] - first
			rate = wall > 0 && work > 0 ? work / wall : 1
			print line ", " n - done " to go, about " span(left / rate) " left (a run: " span(all / done) " of measured time on average)"
			idle = now - t[1]
		}
		if (!detail) exit
		for (i = 1; i <= n; i++) { m = model(order[i]); if (!(m in shown)) { shown[m] = 1; printf "  %-20s %4d/%-4d finished%s\n", m, fin[m], tot[m], fin[m] ? sprintf(", %s per run", span(msec[m] / fin[m])) : "" } }
		w = 0; for (p in writing) w++
		printf "  %d run%s being written now (temporaries in %s)", w, w == 1 ? "" : "s", scale
		if (done && done < n) printf "; the last run finished %s ago", span(idle)
		printf "\n"
	}'
# the damaged files' reasons, one line each (the reader's)
((detail)) && sed 's/^inhibnorm: runinfo: /  damaged: /' "$tmp_err"
exit 0
