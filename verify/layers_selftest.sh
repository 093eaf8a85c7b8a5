#!/usr/bin/env bash
# layers_selftest.sh: shows that layers.sh can fail. A scratch tree that keeps the layers passes; each of an upward
# include, one paper's folder including the other's, a header named without its folder, a missing header and a file
# outside the layer folders fails it.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mk() { mkdir -p "$tmp/src/core" "$tmp/src/formats" "$tmp/src/inorm" "$tmp/src/dann"
	printf '#include <stdio.h>\n' > "$tmp/src/core/a.h"
	printf '#include "core/a.h"\n' > "$tmp/src/formats/b.h"
	printf '#include "formats/b.h"\n#include "inorm/c.h"\n' > "$tmp/src/inorm/c.c"
	printf '#include "core/a.h"\n' > "$tmp/src/inorm/c.h"
	printf '#include "formats/b.h"\n' > "$tmp/src/dann/d.c"; }
mk
bash verify/layers.sh "$tmp/src" > /dev/null || { echo "layers_selftest: a layered tree was rejected"; exit 1; }
n=0
for fault in 'printf "#include \"formats/b.h\"\n" >> "$tmp/src/core/a.h"' \
	'printf "#include \"inorm/c.h\"\n" >> "$tmp/src/dann/d.c"' \
	'printf "#include \"b.h\"\n" >> "$tmp/src/formats/b.h"' \
	'printf "#include \"core/missing.h\"\n" >> "$tmp/src/inorm/c.c"' \
	'printf "int x;\n" > "$tmp/src/loose.c"'; do
	rm -rf "$tmp/src"; mk
	eval "$fault"
	if bash verify/layers.sh "$tmp/src" > /dev/null; then
		echo "layers_selftest: accepted a tree after: $fault"; exit 1
	fi
	n=$((n + 1))
done
echo "layers_selftest: the check rejects $n kinds of fault (an upward include, one paper including the other, a header without its folder, a missing header, a file outside the folders) and accepts a layered tree"
