/* cmd_numbers.c: `inhibnorm numbers FILE...`, the check that every experimental number written in the text comes
 * from a committed result table (numcheck.h; paper/4.5-statistics.md, (4.5.15)). */
#include "cli/commands.h"
#include "core/common.h"
#include "results/numcheck.h"

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
