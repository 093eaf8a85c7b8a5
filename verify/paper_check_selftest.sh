#!/usr/bin/env bash
# paper_check_selftest.sh: shows that paper_check.sh can fail. A scratch document that names a function and a test
# which exist must pass; one that names a missing function, a missing test, or a prototype-only name must fail, and
# so must one that defines a label twice, and one that shows a missing figure or a figure that is not committed.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
good='`src/formats/idx.c:idx_read_images` and `verify/test_idx.c:idx/missing_file`'
printf '| a | %s |\n' "$good" > "$tmp/good.md"
bash verify/paper_check.sh "$tmp" > /dev/null || { echo "paper_check_selftest: a valid document was rejected"; exit 1; }
rm "$tmp/good.md"
for ref in '`src/formats/idx.c:idx_no_such_function`' '`verify/test_idx.c:idx/no_such_test`' \
	'`src/no_such_file.c:main`' '`src/formats/idx.c:read_some_other`'; do
	printf '| a | %s |\n' "$ref" > "$tmp/bad.md"
	if bash verify/paper_check.sh "$tmp" > /dev/null; then
		echo "paper_check_selftest: $ref was accepted"; exit 1
	fi
done
printf -- '- **(9.9.1) A.** one\n- **(9.9.1) B.** again\n' > "$tmp/bad.md"
if bash verify/paper_check.sh "$tmp" > /dev/null; then
	echo "paper_check_selftest: a label defined twice was accepted"; exit 1
fi
rm "$tmp/bad.md"
# a figure that does not exist, and one that exists but is not committed (the scratch directory is no checkout)
printf '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n' > "$tmp/fig.svg"
for img in 'no-such-figure.svg|does not exist' 'fig.svg|is not committed'; do
	printf '![a figure](%s)\n' "${img%%|*}" > "$tmp/bad.md"
	if bash verify/paper_check.sh "$tmp" > "$tmp/out"; then
		echo "paper_check_selftest: an image that ${img#*|} was accepted"; exit 1
	fi
	grep -q "${img#*|}" "$tmp/out" || { echo "paper_check_selftest: no line saying the image ${img#*|}"; cat "$tmp/out"; exit 1; }
done
echo "paper_check_selftest: the checker rejects 4 kinds of broken reference, a label defined twice, a missing and an" \
	"uncommitted figure, and accepts a valid one"
