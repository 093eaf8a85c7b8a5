#!/usr/bin/env bash
# layers.sh [SRC]: fails unless the sources under SRC (default src) keep their layers. Every file lives in one of
# the layer folders below, and every #include "..." names a header as FOLDER/NAME.h of its own folder or of a lower
# layer; the two papers' folders (inorm, dann) share a layer and neither includes the other. Prints one line per
# fault and exits 1 if there is any; otherwise one line with the counts.
#   core < formats < data < stats < nn < {inorm, dann} < results < cli
set -euo pipefail
src=${1:-src}
declare -A rank=([core]=0 [formats]=1 [data]=2 [stats]=3 [nn]=4 [inorm]=5 [dann]=5 [results]=6 [cli]=7)
bad=0 nfiles=0 nincl=0
shopt -s nullglob
for f in "$src"/*; do
	name=${f#"$src"/}
	if [[ -d $f ]]; then
		[[ -n ${rank[$name]+x} ]] || { echo "layers: $f is not a layer folder (expected one of: ${!rank[*]})"; bad=1; }
	else
		echo "layers: $f lies outside the layer folders"; bad=1
	fi
done
while IFS= read -r f; do
	nfiles=$((nfiles + 1))
	rel=${f#"$src"/}
	own=${rel%%/*}
	# a file outside the folders, or in an unknown folder, was reported above
	[[ $rel == */* && -n ${rank[$own]+x} ]] || continue
	[[ $rel == */*/* ]] && { echo "layers: $f is nested below its layer folder"; bad=1; continue; }
	lineno=0
	while IFS= read -r line; do
		lineno=$((lineno + 1))
		[[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]*)\" ]] || continue
		inc=${BASH_REMATCH[1]}
		nincl=$((nincl + 1))
		dir=${inc%%/*}
		if [[ $inc != */* || $inc == */*/* || -z ${rank[$dir]+x} ]]; then
			echo "layers: $f:$lineno: #include \"$inc\" does not name a header as FOLDER/NAME.h"; bad=1
		elif [[ ! -f $src/$inc ]]; then
			echo "layers: $f:$lineno: #include \"$inc\": no such header"; bad=1
		elif ((rank[$dir] > rank[$own])); then
			echo "layers: $f:$lineno: $own includes $inc, from the higher layer $dir"; bad=1
		elif [[ $dir != "$own" ]] && ((rank[$dir] == rank[$own])); then
			echo "layers: $f:$lineno: $own includes $inc: the two papers' folders do not include each other"; bad=1
		fi
	done < "$f"
done < <(find "$src" -type f \( -name '*.c' -o -name '*.h' \) | sort)
if ((bad)); then
	echo "layers: the sources under $src break their layering"
	exit 1
fi
echo "layers: $nfiles files in ${#rank[@]} layer folders, $nincl includes, every one pointing to its own folder or down"
