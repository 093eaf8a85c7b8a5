/* cmd_report.c: `inhibnorm report`, the claims report of one scale (report.h) from committed text tables. */
#include "cli/commands.h"
#include "core/common.h"
#include "results/report.h"

#include <stdio.h>

int cmd_report_claims(int argc, char **argv)
{
	const char *scale = NULL, *sumdir = NULL, *published = "paper/published.tsv", *out = NULL;
	const struct opt opts[] = {
		{ "scale", OPT_STR | OPT_REQUIRED, &scale, 0, 0, "NAME", "scale of the summaries: smoke, quick or paper "
		  "(required)", NULL, NULL },
		{ "summary", OPT_STR | OPT_REQUIRED, &sumdir, 0, 0, "DIR", "the scale's summaries (figN-stats.tsv, "
		  "theorem1.tsv, dann-table3.tsv) (required)", NULL, NULL },
		{ "published", OPT_STR, &published, 0, 0, "FILE", "the paper's values (default paper/published.tsv)",
		  NULL, NULL },
		{ "out", OPT_STR | OPT_REQUIRED, &out, 0, 0, "FILE", "the report, markdown (required)", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"report", "Write the claims report of one scale: the paper's values, ours, verdicts.", NULL,
		"Reads FILE (the published values) and the summaries in DIR; writes the report atomically.\n"
		"A missing or malformed table is an error (exit 3).",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;
	char err[INB_ERRLEN];
	rc = report_write(sumdir, scale, published, out, err);
	if (rc)
		return cmd_report(rc, err);
	return INB_OK;
}
