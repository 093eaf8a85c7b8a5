#!/usr/bin/env bash
# published_check_selftest.sh: shows that published_check.sh can fail. The committed table must pass; a copy with
# one broken row appended (a field short, an unknown claim, kind, panel or direction, a p outside (0, 1] or not a
# number) must fail with a message that names that row's line. Run from the repository root.
set -euo pipefail
table=paper/published.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash verify/published_check.sh "$table" > /dev/null ||
	{ echo "published_check_selftest: the committed $table was rejected"; exit 1; }
# a valid row to break: the notebook's centring test at eps 0 (Fig. 6a)
good=$(awk -F'\t' '$1 == "C6" && $2 == "notebook" && $4 == "6a" && $5 == "0" && $6 == "inorm-center"' "$table")
[[ -n $good ]] || { echo "published_check_selftest: no row for centring at eps 0 in $table"; exit 1; }
line=$(($(wc -l < "$table") + 1))
cases=(
	'wrong number of fields|s/\t[^\t]*$//'
	'unknown claim id|s/^C6\t/C9\t/'
	'unknown kind|s/\tnotebook\t/\tnotbook\t/'
	'unknown panel|s/\t6a\t/\t6c\t/'
	'panel of another figure|s/\t6a\t/\t7b\t/'
	'unknown direction|s/\tnone\t/\tgroup1=group2\t/'
	'p above 1|s/\t0\.2804\t/\t1.5\t/'
	'p of 0|s/\t0\.2804\t/\t0\t/'
	'p not a number|s/\t0\.2804\t/\tn.s.\t/'
	'p missing after =|s/\t0\.2804\t/\t-\t/'
)
for c in "${cases[@]}"; do
	what=${c%%|*} edit=${c#*|}
	broken=$(sed "$edit" <<< "$good")
	[[ $broken != "$good" ]] || { echo "published_check_selftest: the edit for '$what' changed nothing"; exit 1; }
	{ cat "$table"; printf '%s\n' "$broken"; } > "$tmp/t.tsv"
	if out=$(bash verify/published_check.sh "$tmp/t.tsv"); then
		echo "published_check_selftest: a row with $what was accepted"; exit 1
	fi
	grep -q "^$tmp/t.tsv:$line: " <<< "$out" ||
		{ echo "published_check_selftest: a row with $what was rejected without naming line $line: $out"; exit 1; }
done
echo "published_check_selftest: accepts $table, rejects ${#cases[@]} kinds of broken row and names their line"
