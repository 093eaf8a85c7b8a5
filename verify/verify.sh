#!/usr/bin/env bash
# verify.sh [TITLE=COMMAND ...]: `make verify`. Runs the checks in groups, one "== group" line each, every group even
# after a failure, then one summary line; exits 1 if any group failed. Each argument adds a group that runs COMMAND
# (through bash) after the built-in groups. Run from the repository root with build/verify and bin/inhibnorm built
# ($INHIBNORM_BIN names the binary the command-line tests run).
# The Criterion binary runs once per group with a --filter; each run ends with its own Synthesis line. The last
# group catches every suite the others do not name, and the summary checks that the groups together ran every test
# the binary holds, so a new test file cannot be left out.
set -uo pipefail
export INHIBNORM_BIN=${INHIBNORM_BIN:-$PWD/bin/inhibnorm}
CRITERION=${VERIFY_BIN:-build/verify}   # make sanitize names its instrumented build
JOBS=${VERIFY_JOBS:-2}
NAMED='eq2|layernorm|gradcheck|ei_layer|dann_grad|dann_init|theorem1|cli|train|dann_cli'
log=$(mktemp)
trap 'rm -f "$log" "$log.all"' EXIT
failed=() tested=0 start=$SECONDS

# criterion TITLE PATTERN: one Criterion run; adds its test count to $tested
criterion() {
	local rc n
	"$CRITERION" --jobs "$JOBS" --filter "$2" 2>&1 | tee "$log"
	rc=$?
	cat "$log" >> "$log.all"
	n=$(sed -n 's/.*Synthesis: Tested: \([0-9]*\).*/\1/p' "$log" | tail -1)
	tested=$((tested + ${n:-0}))
	if ((rc != 0)) || [[ -z $n ]] || ((n == 0)); then
		failed+=("$1")
		return 1
	fi
	# under `make sanitize`: a worker that leaked or hit a sanitizer after its test passed still fails the group
	if grep -Eq 'ERROR: (Leak|Address)Sanitizer|runtime error:' "$log"; then
		echo "verify: a sanitizer reported an error in group '$1' (above)"
		failed+=("$1")
		return 1
	fi
}

group() {
	printf '\n== %s\n' "$1"
}

group "Eq. 2 and LayerNorm"
criterion "Eq. 2 and LayerNorm" "@(eq2|layernorm)/*"

group "gradient checks and the DANN paper's initialisation"
criterion "gradient checks" "@(gradcheck|ei_layer|dann_grad|dann_init)/*"

group "Theorem 1"
t1_ok=1
criterion "Theorem 1" "theorem1/*" || t1_ok=0
# the whole pipeline at a smaller size: simulation, summary, figure (make theorem1 runs the full grid)
out=build/verify-theorem1
mkdir -p "$out"
if ! command -v gnuplot > /dev/null; then
	echo "verify: missing gnuplot: install the Debian package gnuplot-nox"
	t1_ok=0
elif "$INHIBNORM_BIN" theorem1 --trials 200 --max-n 10000 --width 256 --steps 100 --out "$out/theorem1.tsv" &&
	gnuplot -c figures/theorem1.gp "$out/theorem1.png" png "$out/theorem1.tsv"; then
	echo "[meas] theorem1 pipeline (n <= 1e4, 200 trials): fitted slopes of the mean error, case by case:"
	awk -F'\t' '/^case/ { on = 1; next } on && NF == 0 { exit }
		on { printf "[meas]   %-12s weights, %-8s errors: %s (p95 %s), theory %s\n", $2, $3, $4, $5, $6 }' \
		"$out/theorem1.tsv"
	echo "theorem1 pipeline: $out/theorem1.tsv and $out/theorem1.png written"
else
	echo "verify: the theorem1 pipeline failed"
	t1_ok=0
fi
((t1_ok)) || [[ " ${failed[*]-} " == *" Theorem 1 "* ]] || failed+=("Theorem 1")

group "command line"
criterion "command line" "@(cli|train|dann_cli)/*"

group "other unit tests"
criterion "other unit tests" "!(@($NAMED)/*)"

# the committed registry fragment make reads (figures/registry.mk) is the one the program writes
registry_current() {
	local tmp rc=0
	tmp=$(mktemp)
	"$INHIBNORM_BIN" registry --make --out "$tmp" && cmp -s "$tmp" figures/registry.mk || {
		echo "verify: figures/registry.mk differs from the registry in src/results/registry.c: run make registry-mk and commit it"
		rc=1
	}
	rm -f "$tmp"
	((rc == 0)) && echo "registry: figures/registry.mk is the program's"
	return $rc
}

group "source layers, the registry fragment, paper cross-references and published values"
if ! { bash verify/layers.sh src && bash verify/layers_selftest.sh && registry_current &&
	bash verify/paper_check.sh paper && bash verify/paper_check_selftest.sh &&
	bash verify/published_check.sh paper/published.tsv && bash verify/published_check_selftest.sh; }; then
	failed+=("source layers, the registry fragment, paper cross-references and published values")
fi

# make paper renders paper/ into build/paper/index.html (its figures drawn from the summaries, NO_TRAIN=1) and checks
# it; the self-test shows the check catches a broken link, a missing image and math left unrendered
group "the paper as one HTML document"
if ! { make --no-print-directory paper && bash verify/paper_html_selftest.sh; }; then
	failed+=("paper HTML")
fi

for extra in "$@"; do
	title=${extra%%=*}
	group "$title"
	bash -c "${extra#*=}" || failed+=("$title")
done

# every test ran exactly once: the groups' counts add up to the binary's
total=$("$CRITERION" --list 2>&1 | sed -n 's/^[^ ]*: \([0-9]*\) tests\?$/\1/p' | awk '{ s += $1 } END { print s + 0 }')
if ((tested != total)); then
	echo "verify: the groups ran $tested tests, the binary holds $total"
	failed+=("test coverage")
fi

elapsed=$((SECONDS - start))
# the closing line CI reads: Criterion tests passed and failed over all groups
failures=$(grep -h -o 'Failing: [0-9]*' "$log.all" 2>/dev/null | awk '{ s += $2 } END { print s + 0 }')
if ((${#failed[@]})); then
	printf '\n== verify: FAILED (%d s): %s\n' "$elapsed" "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
	printf 'verify: %d passed, %d failed\n' "$((tested - failures))" "$((failures > 0 ? failures : 1))"
	exit 1
fi
printf '\n== verify: all checks passed: %d tests in 5 Criterion groups, the Theorem 1 pipeline, %s' "$tested" \
	'source layers, paper cross-references and published values, the paper as one HTML document'
(($#)) && printf ' and %d more group%s' $# "$( (($# > 1)) && echo s)"
printf ' (%d s)\n' "$elapsed"
printf 'verify: %d passed, 0 failed\n' "$tested"
