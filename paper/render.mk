# render.mk: the literate document paper/*.md as one offline HTML file (step 6 of the Makefile's pipeline).
# paper/render.sh runs pandoc with the Lua filter paper/render.lua: README.md first, then the sections in the order
# its tables link them, then any other paper/*.md by name; links between the files become links inside the
# document, links to other files of the repository point into the checkout, the figures are embedded (the file
# works offline) and the equations, TeX between dollars, are written as MathML (no script). The figures the document
# shows or links to (../figures/NAME.svg or .png in paper/*.md: PAPER_FIGS) are drawn first, with NO_TRAIN=1: from
# the committed summaries in data/summary/, never by training.

PAPER_MD := $(sort $(wildcard paper/*.md))
PAPER_HTML := build/paper/index.html
# every figure file a paper/*.md names as ](../figures/NAME.svg) or .png, as a path from the repository root
PAPER_FIGS := $(sort $(shell grep -ohE '\].\.\./figures/[A-Za-z0-9._-]+\.(svg|png)' $(PAPER_MD) \
	| sed 's|.*/figures/|figures/|'))

.PHONY: paper need-pandoc
need-pandoc:
	@command -v pandoc >/dev/null || { echo "make: missing pandoc: install the Debian package pandoc"; exit 1; }

## make paper | the literate document paper/ as one offline HTML file, build/paper/index.html, checked
paper: | need-pandoc
	$(MAKE) --no-print-directory NO_TRAIN=1 $(PAPER_FIGS) $(PAPER_HTML)
	bash verify/paper_html_check.sh $(PAPER_HTML)

$(PAPER_HTML): paper/render.sh paper/render.lua $(PAPER_MD) $(PAPER_FIGS) | need-pandoc
	bash paper/render.sh $@ paper

.PHONY: paper-browser need-chromium
need-chromium:
	@command -v chromium >/dev/null || { echo "make: missing chromium: install the Debian package chromium"; exit 1; }

## make paper-browser | the document in headless Chromium: images sized, equations MathML, nothing wider than the window; with its self-test
paper-browser: paper | need-chromium
	bash verify/paper_browser_check.sh $(PAPER_HTML)
	bash verify/paper_browser_selftest.sh
