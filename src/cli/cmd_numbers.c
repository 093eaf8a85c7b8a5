/* cmd_numbers.c: `inhibnorm numbers FILE...`, the check that every experimental number written in the text comes
 * from a committed result table (numcheck.h; paper/4.5-statistics.md, (4.5.15)). */
#include "cli/commands.h"
#include "core/common.h"
#include "results/numcheck.h"
#include "results/trace.h"

#include <stdio.h>

int cmd_numbers(int argc, char **argv)
{
	const char *root = ".";
	long lint = 1;
	const struct opt opts[] = {
		{ "root", OPT_STR, &root, 0, 0, "DIR", "the repository root the keys' tables are read from (default .)",
		  NULL, NULL },
		{ "lint", OPT_INT, &lint, 0, 1, "0|1", "also report untagged p-values, ± spreads, percentages and times "
		  "(default 1)", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"numbers", "Check the tagged numbers of text files against the result tables they name.", "FILE...",
		"A number is written 0.0047<!-- k=\"TABLE:ROW:COLUMN\" --> (see src/results/numcheck.h). Prints one line per\n"
		"number that differs from its table, per key that does not resolve, and (with --lint 1) per\n"
		"untagged experimental-looking number. Exit 0 when there is none, 3 otherwise.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 256);
	if (npos < 1)
		return cmd_report(INB_EUSAGE, "numbers: expected one or more text files (see 'inhibnorm numbers --help')");
	int bad = 0, total = 0, untagged = 0;
	for (int i = 0; i < npos; i++) {
		int n, b = numcheck_file(pos[i], root, stdout, &n);
		if (b < 0) {
			char msg[4200];
			snprintf(msg, sizeof msg, "numbers: %s: cannot read", pos[i]);
			return cmd_report(INB_EDATA, msg);
		}
		bad += b;
		total += n;
		if (lint) {
			int u = numcheck_lint(pos[i], stdout);
			untagged += u > 0 ? u : 0;
		}
	}
	printf("numbers: %d tagged numbers in %d files, %d differ from their tables or do not resolve; %d untagged\n",
	       total, npos, bad, untagged);
	return bad || untagged ? INB_EDATA : INB_OK;
}

/* `inhibnorm trace [--write 1] FILE...`: the trace line under each figure of the text (trace.h; paper/4.5, (4.5.27)). */
int cmd_trace(int argc, char **argv)
{
	const char *root = ".";
	long write = 0;
	const struct opt opts[] = {
		{ "root", OPT_STR, &root, 0, 0, "DIR", "the repository root the summaries are read from (default .)", NULL,
		  NULL },
		{ "write", OPT_INT, &write, 0, 1, "0|1", "1: rewrite the files' trace lines (atomically) instead of checking "
		  "them (default 0)", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"trace", "Check or write the trace line under each figure of text files.", "FILE...",
		"A figure is an image paragraph ending in ](PREFIX figures/NAME-SCALE.svg) (or .png); its trace line,\n"
		"one blank line below, says what draws it (make target), its registry entry and claims, its summary\n"
		"and statistics tables (linked), how many run files they read and where, the program that summarised\n"
		"them and the runs' BLAS, all from the committed summaries (see src/results/trace.h). Prints one line\n"
		"per figure whose trace line is missing or stale and per trace line under no figure. Exit 0 when\n"
		"there is none (or, with --write 1, when every file could be written), 3 otherwise.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 256);
	if (npos < 1)
		return cmd_report(INB_EUSAGE, "trace: expected one or more text files (see 'inhibnorm trace --help')");
	int bad = 0, figs = 0;
	for (int i = 0; i < npos; i++) {
		char err[INB_ERRLEN];
		int n, b = trace_file(pos[i], root, (int)write, stdout, &n, err);
		if (b < 0) {
			char msg[INB_ERRLEN + 64];
			snprintf(msg, sizeof msg, "trace: %s", err);
			return cmd_report(INB_EDATA, msg);
		}
		bad += b;
		figs += n;
	}
	printf("trace: %d figures in %d files, %d %s\n", figs, npos, bad,
	       write ? "trace lines that could not be made" : "without their current trace line (or trace lines under none)");
	return bad ? INB_EDATA : INB_OK;
}
