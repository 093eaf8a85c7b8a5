/* cmd_summarize.c: `inhibnorm summarize`, the numbers and tests of one figure from a sweep's run files
 * (summary.h). The Makefile passes the sweep of a scale: its configurations and luminance ranges. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "commands.h"
#include "common.h"
#include "configs.h"
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses a list of numbers separated by spaces or commas. Returns the count, or -1 (bad token or too many). */
static int parse_numbers(const char *s, double *out, int max)
{
	char *copy = strdup(s), *save, *tok;
	int n = 0;
	if (!copy)
		return -1;
	for (tok = strtok_r(copy, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		if (n >= max || cli_to_double(tok, &out[n])) {
			free(copy);
			return -1;
		}
		n++;
	}
	free(copy);
	return n;
}

int cmd_summarize(int argc, char **argv)
{
	long fig = 0;
	const char *runs = "data/runs", *scale = NULL, *configs_s = NULL, *eps_s = NULL, *label = NULL, *dir = NULL;
	const struct opt opts[] = {
		{ "figure", OPT_INT, &fig, 2, 7, "N", "figure to summarise (required)", NULL, NULL },
		{ "runs", OPT_STR, &runs, 0, 0, "DIR", "directory of run files (DIR/SCALE/MODEL/eps-E/config-I.tsv)", NULL,
		  NULL },
		{ "scale", OPT_STR | OPT_REQUIRED, &scale, 0, 0, "NAME", "scale of the sweep: smoke, quick or paper (required)", NULL,
		  NULL },
		{ "configs", OPT_STR | OPT_REQUIRED, &configs_s, 0, 0, "LIST", "configurations of the sweep, e.g. \"0 3 6\" (required)",
		  NULL, NULL },
		{ "eps", OPT_STR | OPT_REQUIRED, &eps_s, 0, 0, "LIST", "luminance ranges of the sweep, e.g. \"0 0.75\" (required)", NULL,
		  NULL },
		{ "label", OPT_STR, &label, 0, 0, "TEXT", "description of the scale printed on the figure", NULL, NULL },
		{ "out-dir", OPT_STR | OPT_REQUIRED, &dir, 0, 0, "DIR", "where figN.tsv, figN-stats.tsv, figN-vars.gp go (required)",
		  NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"summarize", "Gather a sweep's run files into the numbers and tests of one figure.", NULL,
		"Writes DIR/figN.tsv (every plotted number), DIR/figN-stats.tsv (every Mann-Whitney test) and\n"
		"DIR/figN-vars.gp (the labels the plot prints). A missing or malformed run file is an error (exit 3).",
		opts, (int)(sizeof opts / sizeof opts[0]) };
	char *pos[1];
	int npos, rc = cmd_parse(&cmd, argc, argv, pos, 0, &npos);
	if (rc)
		return rc < 0 ? INB_OK : rc;
	if (!fig)
		return cmd_report(INB_EUSAGE, "summarize: --figure N is required (see 'inhibnorm summarize --help')");
	struct sweep s = { .runs = runs, .scale = scale, .label = label ? label : scale };
	double c[SUMMARY_MAX_CONFIGS + 1];
	int nc = parse_numbers(configs_s, c, SUMMARY_MAX_CONFIGS);
	if (nc <= 0)
		return cmd_report(INB_EUSAGE, "summarize: --configs: expected 1 to 30 configuration numbers");
	for (int i = 0; i < nc; i++) {
		/* the range first: converting an out-of-range double to long is undefined */
		if (!(c[i] >= 0 && c[i] < CONFIG_COUNT) || c[i] != (long)c[i])
			return cmd_report(INB_EUSAGE, "summarize: --configs: expected whole numbers in 0..29");
		s.configs[i] = (long)c[i];
	}
	s.nconf = nc;
	s.neps = parse_numbers(eps_s, s.eps, SUMMARY_MAX_EPS);
	if (s.neps <= 0)
		return cmd_report(INB_EUSAGE, "summarize: --eps: expected 1 to 8 numbers in [0, 1]");
	for (int i = 0; i < s.neps; i++)
		if (s.eps[i] < 0 || s.eps[i] > 1)
			return cmd_report(INB_EUSAGE, "summarize: --eps: expected numbers in [0, 1]");
	char err[INB_ERRLEN];
	rc = summary_figure(&s, (int)fig, dir, err);
	if (rc)
		return cmd_report(rc, err);
	return INB_OK;
}
