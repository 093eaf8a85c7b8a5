#!/usr/bin/env bash
# paper_check.sh DIR: fails when a file of the literate document names code that does not exist, or defines one of
# its labels twice.
# In paper/*.md, functions are written `src/FILE.c:function` and tests `verify/FILE.c:suite/test`; each function
# must be defined in that file (a line starting a definition, not a prototype) and each test must be declared there
# as Test(suite, test ...). Run from the repository root. Prints one line per broken reference; exit 1 if any.
set -euo pipefail
dir=${1:-paper}
bad=0 nfun=0 ntest=0
shopt -s nullglob
for md in "$dir"/*.md; do
	while IFS= read -r ref; do
		file=${ref%%:*} name=${ref#*:}
		if [[ ! -f $file ]]; then
			echo "$md: names $ref, but $file does not exist"; bad=1; continue
		fi
		if [[ $file == verify/* ]]; then
			ntest=$((ntest + 1))
			suite=${name%%/*} test=${name#*/}
			grep -Eq "^(Test|ParameterizedTest)\(($suite), *$test *[,)]" "$file" ||
				{ echo "$md: names test $ref, but $file declares no Test($suite, $test)"; bad=1; }
		else
			nfun=$((nfun + 1))
			grep -Eq "^[A-Za-z_][A-Za-z0-9_ *]*[ *]$name\(([^;]*|.*\)[^;]*)$" "$file" ||
				{ echo "$md: names function $ref, but $file defines no $name()"; bad=1; }
		fi
	done < <(grep -oE '`(src|verify)/[A-Za-z0-9_/]+\.c:[A-Za-z0-9_/]+`' "$md" | tr -d '`' | sort -u)
done
# every label is defined once in its file (a bold "(N.M.K)" at the start of an item)
for md in "$dir"/*.md; do
	while IFS= read -r label; do
		echo "$md: label $label is defined more than once"; bad=1
	done < <(grep -oE '^- \*\*\([0-9A-Z.]+[a-z]?\)' "$md" | sed 's/^- \*\*//' | sort | uniq -d)
done
# every figure the text shows is a file of the repository, committed (in a git checkout), so that the repository
# page shows it; paths are relative to the file that names them
nimg=0
for md in "$dir"/*.md; do
	while IFS= read -r img; do
		nimg=$((nimg + 1))
		path=$(realpath -m --relative-to=. "$(dirname "$md")/$img")
		if [[ ! -f $path ]]; then
			echo "$md: shows $img, but $path does not exist"; bad=1
		elif git rev-parse --is-inside-work-tree > /dev/null 2>&1 && ! git ls-files --error-unmatch "$path" > /dev/null 2>&1; then
			echo "$md: shows $img, but $path is not committed (the repository page would show a broken image)"; bad=1
		fi
	done < <(tr '\n' ' ' < "$md" | grep -oE '!\[[^]]*\]\([^) ]+\.(svg|png)\)' | sed -E 's/.*\(([^)]+)\)$/\1/' | grep -v '^[a-z]*:' || true)
done
if ((bad)); then
	echo "paper_check: broken references in $dir"
	exit 1
fi
echo "paper_check: $nfun function and $ntest test references in $dir all resolve; the $nimg figures it shows are committed files"
