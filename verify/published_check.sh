#!/usr/bin/env bash
# published_check.sh [FILE]: fails when the table of published values (paper/published.tsv, described in
# paper/published.md) is malformed, so that the claims report never reads a row it would misjudge. Every line is a
# '#' comment, the header, or a row of 15 tab-separated fields whose claim, kind, figure, panel, eps, direction and
# p_op take known values; a row with p_op '=' or '<' has a p that is a number in (0, 1], one with p_op '-' has p '-';
# U is '-' or a number >= 0. Prints one line per problem, FILE:LINE: problem; exit 1 if any, 0 otherwise.
set -euo pipefail
file=${1:-paper/published.tsv}
[[ -r $file ]] || { echo "$file: cannot read the table of published values"; exit 1; }
awk -F'\t' -v file="$file" '
BEGIN {
	header = "claim\tkind\tfigure\tpanel\teps\tgroup1\tgroup2\tp_op\tp\tU\tdirection\tvalue1\tvalue2\tsource\tnote"
	split("paper notebook qualitative context", a, " "); for (i in a) kind[a[i]] = 1
	split("2 3 4 5 6 7 thm1 dann-t1 dann-t2 dann-t3 dann-f2", a, " "); for (i in a) figure[a[i]] = 1
	split("2a 2b 3b-first-from-0 3b-second-from-1 4a 4b 5b 5c 6a 6b 7b table1 table2 table3 -", a, " "); for (i in a) panel[a[i]] = 1
	split("0 0.25 0.5 0.75 all -", a, " "); for (i in a) eps[a[i]] = 1
	split("group1<group2 group1>group2 none -", a, " "); for (i in a) direction[a[i]] = 1
	split("= < -", a, " "); for (i in a) op[a[i]] = 1
	number = "^([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$"
	bad = 0; seen_header = 0; rows = 0
}
function problem(msg) { printf "%s:%d: %s\n", file, NR, msg; bad = 1 }
/^#/ { next }
!seen_header {
	if ($0 != header) problem("expected the header line (claim, kind, ... note, tab-separated), found \"" $0 "\"")
	seen_header = 1
	next
}
{
	if (NF != 15) { problem("expected 15 tab-separated fields, found " NF); next }
	rows++
	if ($1 !~ /^(C[1-8]|D[1-6])$/ && !($1 == "-" && $2 == "context"))
		problem("unknown claim id \"" $1 "\" (C1-C8, D1-D6, or - on a context row)")
	if (!($2 in kind)) problem("unknown kind \"" $2 "\" (paper, notebook, qualitative, context)")
	if (!($3 in figure)) problem("unknown figure \"" $3 "\" (2-7, thm1, dann-t1, dann-t2, dann-t3, dann-f2)")
	if (!($4 in panel)) problem("unknown panel \"" $4 "\"")
	else if ($3 ~ /^[2-7]$/ && substr($4, 1, 1) != $3) problem("panel \"" $4 "\" is not a panel of figure " $3)
	else if ($3 ~ /^dann-t/ && $4 != "table" substr($3, 7)) problem("figure " $3 " needs panel table" substr($3, 7))
	else if (($3 == "thm1" || $3 == "dann-f2") && $4 != "-") problem("figure " $3 " has no panel: expected -, found \"" $4 "\"")
	if (!($5 in eps)) problem("unknown eps \"" $5 "\" (0, 0.25, 0.5, 0.75, all, -)")
	if (!($8 in op)) problem("unknown p_op \"" $8 "\" (=, <, -)")
	else if ($8 == "-" && $9 != "-") problem("p \"" $9 "\" without a p_op")
	else if ($8 != "-" && !($9 ~ number && $9 + 0 > 0 && $9 + 0 <= 1))
		problem("p \"" $9 "\" is not a number in (0, 1]")
	if ($10 != "-" && $10 !~ number) problem("U \"" $10 "\" is not a number >= 0 or -")
	if (!($11 in direction)) problem("unknown direction \"" $11 "\" (group1<group2, group1>group2, none, -)")
}
END {
	if (!seen_header) problem("no header line")
	else if (rows == 0) problem("no rows")
	exit bad
}' "$file" || { echo "published_check: $file has the problems above"; exit 1; }
echo "published_check: $file: every row well formed"
