/* trace.h: the trace line under each figure of the text (paper/4.5-statistics.md, (4.5.27)): what made the figure and
 * from what, generated from the registry and the provenance lines of the figure's committed summaries, so that a
 * reader can go from a figure to its command, its tables and its runs.
 *
 * A figure in a text file is an image paragraph, starting with "![" and ending with "](PREFIX figures/NAME-SCALE.svg)"
 * (or .png), NAME one of fig1 .. fig7, theorem1, dann-fig4, SCALE a scale. Its trace line follows it after one blank
 * line and ends with TRACE_MARK (at its end, not its start: a line starting with an HTML comment is a raw HTML block
 * in GitHub's Markdown, and its Markdown would not be read); it reads, for Figure 2 at the quick scale:
 *     *Trace:* `make fig2 SCALE=quick` · registry [`fig2`](../src/results/registry.c) (claims C1, C2) ·
 *     summary [fig2.tsv](../data/summary/quick/fig2.tsv), statistics [fig2-stats.tsv](...) ·
 *     48 run files (`data/runs/quick/`) · summarised by inhibnorm 4ac2bc4 · runs' BLAS core=Zen threads=1 (48 runs)
 *     <!-- trace -->
 * (one line). The links are written with the image's own PREFIX, so they resolve from the text file's directory. */
#ifndef INHIBNORM_TRACE_H
#define INHIBNORM_TRACE_H

#include <stddef.h>
#include <stdio.h>

#define TRACE_MARK "<!-- trace -->"

/* The trace line of figure NAME at SCALE, without its newline, into out (cap bytes), its links starting with prefix
 * (the way from the text file's directory to the repository root, "../" or ""). The summaries are read from
 * root/data/summary/SCALE/. Returns INB_OK, INB_EUSAGE (NAME is not a figure; err says which are), INB_EDATA (a
 * summary is missing or has no provenance lines) or INB_EINTERNAL (out is too small). */
int trace_line(const char *root, const char *prefix, const char *name, const char *scale, char *out, size_t cap,
	       char *err);

/* Checks (write = 0) or rewrites (write = 1, atomically, only when something changed) the trace lines of the
 * figures of the text file path: every figure must be followed by its current trace line, and every trace line
 * must follow a figure. Prints one line per problem to out ("FILE:LINE: ..."), or when writing one per line
 * changed. Sets *nfig to the figures met. Returns the number of problems (when writing: of those it could not
 * fix), or -1 when path cannot be read or written (message in err). */
int trace_file(const char *path, const char *root, int write, FILE *out, int *nfig, char *err);

#endif
