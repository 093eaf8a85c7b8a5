#!/usr/bin/env bash
# paper_html_check.sh HTML: fails when the rendered literate document (`make paper`, paper/render.sh) has a broken
# link or an image it does not carry. One line per problem, naming the section (the file of paper/) it is in:
#   - a link to #ID where no element has id="ID", and an id that two elements share;
#   - a relative link whose file does not exist, resolved from the HTML file's directory;
#   - an image that is not embedded as a data: URI (the document is one file) and, if its file is missing, that too;
#     an image, script or stylesheet loaded from the network (the document must work offline);
#   - math: no <math> element at all (the equations, TeX between dollars in paper/*.md, were not rendered as MathML),
#     and any "$" left in the text outside code and math (a delimiter the reader did not take, or TeX that texmath
#     could not convert and pandoc left between its dollars). The document writes no literal dollar in its prose: a
#     shell variable or command is code.
# Links with a scheme (https:, mailto:) are the reader's to follow and are not checked. Exit 1 if any problem.
set -euo pipefail
if (($# != 1)); then
	echo "usage: paper_html_check.sh HTML" >&2
	exit 2
fi
html=$1
[[ -f $html ]] || { echo "paper_html_check: $html does not exist"; exit 1; }
dir=$(dirname "$html")

# One line per tag of interest, tab-separated: "id ID", "href SECTION TARGET", "src SECTION TAG SOURCE" (a data:
# URI shortened to "data: N", N the length of its payload), "math SECTION" for each <math> element, and "dollar
# SECTION - TEXT" for each piece of text outside <code>, <pre>, <math>, <script> and <style> that holds a "$" (TEXT:
# up to 30 characters either side of the first, on one line). A record is what follows one '<': the tag, then text.
tags=$(awk -v RS='<' '
	function attr(rec, name,   s) {
		if (!match(rec, "[ \t\r\n]" name "=\"[^\"]*\"")) return ""
		s = substr(rec, RSTART + 1, RLENGTH - 1)
		return substr(s, length(name) + 3, length(s) - length(name) - 3)
	}
	BEGIN { verbatim["code"] = verbatim["pre"] = verbatim["math"] = verbatim["script"] = verbatim["style"] = 1 }
	{
		if (substr($0, 1, 3) == "!--") { end = index($0, "-->"); if (end == 0) next; end += 2 }
		else { end = index($0, ">"); if (end == 0) next }
		tag = substr($0, 1, end - 1)
		text = substr($0, end + 1)
		name = tag; sub(/[ \t\r\n].*/, "", name); name = tolower(name)
		if (name ~ /^\//) {
			name = substr(name, 2)
			if (name in verbatim && inside[name] > 0) { inside[name]--; verb-- }
		} else if (name in verbatim && tag !~ /\/$/) {
			inside[name]++; verb++
			if (name == "math") print "math\t" (section == "" ? "-" : section)
		}
		if (index(text, "$") && verb == 0) {
			at = index(text, "$"); from = at > 30 ? at - 30 : 1
			snippet = substr(text, from, at - from + 31); gsub(/[\t\r\n]+/, " ", snippet)
			print "dollar\t" (section == "" ? "-" : section) "\t-\t" snippet
		}
		if (tag !~ /^[A-Za-z]/) next
		id = attr(tag, "id")
		if (id != "") { print "id\t" id; if (name == "div" && tag ~ /class="paper-section"/) section = id }
		href = attr(tag, "href")
		if (href != "") print "href\t" (section == "" ? "-" : section) "\t" name "\t" href
		src = attr(tag, "src")
		if (src != "") {
			if (src ~ /^data:/) src = "data: " length(substr(src, index(src, ",") + 1))
			print "src\t" (section == "" ? "-" : section) "\t" name "\t" src
		}
	}' "$html")

# entities in attribute values, and %XX in paths
unescape() { sed -e 's/&quot;/"/g; s/&#39;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' <<< "$1"; }
pct_decode() { printf '%b' "${1//%/\\x}"; }

declare -A ids=()
bad=0 nint=0 nfile=0 nimg=0 nmath=0
problem() { echo "$html: $*"; bad=1; }

while IFS=$'\t' read -r kind a b c; do
	if [[ $kind != id ]]; then continue; fi
	id=$(unescape "$a")
	if [[ -n ${ids[$id]+x} ]]; then problem "the id \"$id\" is used more than once"; fi
	ids[$id]=1
done <<< "$tags"

while IFS=$'\t' read -r kind section tag target; do
	if [[ $kind == id || -z $kind ]]; then continue; fi
	where="in section $section"
	if [[ $kind == math ]]; then
		nmath=$((nmath + 1))
		continue
	elif [[ $kind == dollar ]]; then
		problem "$where: unrendered math, a \"\$\" left in the text: ...$(unescape "$target")..."
		continue
	fi
	target=$(unescape "$target")
	if [[ $kind == href ]]; then
		if [[ $target == \#* ]]; then
			nint=$((nint + 1))
			frag=${target#\#}
			if [[ -z $frag ]]; then
				problem "$where: an empty internal link #"
			elif [[ -z ${ids[$frag]+x} && -z ${ids[$(pct_decode "$frag")]+x} ]]; then
				problem "$where: broken internal link $target (no element has that id)"
			fi
		elif [[ $target =~ ^([A-Za-z][A-Za-z0-9+.-]*:|//) ]]; then
			if [[ $tag == link && ! $target =~ ^data: ]]; then problem "$where: a stylesheet from the network: $target"; fi
		else
			nfile=$((nfile + 1))
			path=$(pct_decode "${target%%[#?]*}")
			[[ $path == /* ]] || path=$dir/$path
			if [[ ! -e $path ]]; then problem "$where: broken link $target (no such file: $path)"; fi
		fi
	else
		if [[ $target == data:* ]]; then
			if [[ $tag == img ]]; then nimg=$((nimg + 1)); fi
			if ((${target#data: } == 0)); then problem "$where: an empty embedded <$tag>"; fi
		elif [[ $target =~ ^([A-Za-z][A-Za-z0-9+.-]*:|//) ]]; then
			problem "$where: <$tag> loaded from the network: $target"
		else
			if [[ $tag == img ]]; then nimg=$((nimg + 1)); fi
			path=$(pct_decode "${target%%[#?]*}")
			[[ $path == /* ]] || path=$dir/$path
			if [[ -e $path ]]; then
				problem "$where: <$tag> $target is not embedded (the document must be one file)"
			else
				problem "$where: missing image: <$tag> $target (no such file: $path), not embedded"
			fi
		fi
	fi
done <<< "$tags"

if ((nmath == 0)); then problem "no <math> element: the equations were not rendered as MathML"; fi

if ((bad)); then
	echo "paper_html_check: broken links, missing images or unrendered math in $html"
	exit 1
fi
echo "paper_html_check: $html: internal links $nint, links to files $nfile, all resolve; images $nimg, all embedded;" \
	"math elements $nmath, no dollar left in the text"
