/* cmd_summarize.c: `inhibnorm summarize`, the numbers and tests of one figure from a sweep's run files
 * (summary.h); and `inhibnorm
 * registry`, which lists the figures' registry (registry.h) or writes it as a Makefile fragment. The Makefile
 * passes the sweep of a scale: its configurations and luminance ranges. */
#define _POSIX_C_SOURCE 200809L
#include "core/options.h"
#include "cli/commands.h"
#include "core/common.h"
#include "inorm/configs.h"
#include "formats/outfile.h"
#include "results/registry.h"
#include "results/summary.h"

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

/* The lowest and highest figure numbers of the registry. */
static void figure_range(long *lo, long *hi)
{
	*lo = registry_figures[0].number, *hi = *lo;
	for (const struct registry_figure *f = registry_figures; f->number; f++)
		*lo = f->number < *lo ? f->number : *lo, *hi = f->number > *hi ? f->number : *hi;
}

int cmd_summarize(int argc, char **argv)
{
	long fig = 0, fig_lo, fig_hi;
	figure_range(&fig_lo, &fig_hi);
	const char *runs = "data/runs", *scale = NULL, *configs_s = NULL, *eps_s = NULL, *label = NULL, *dir = NULL;
	const struct opt opts[] = {
		{ "figure", OPT_INT, &fig, (double)fig_lo, (double)fig_hi, "N", "figure to summarise (required)", NULL,
		  NULL },
		{ "runs", OPT_STR, &runs, 0, 0, "DIR", "directory of run files (DIR/SCALE/MODEL/eps-E/config-I.tsv)", NULL,
		  NULL },
		{ "scale", OPT_STR | OPT_REQUIRED, &scale, 0, 0, "NAME", "scale of the sweep: smoke, quick or paper (required)", NULL,
		  NULL },
		{ "configs", OPT_STR, &configs_s, 0, 0, "LIST", "configurations of the sweep, e.g. \"0 3 6\" (required)",
		  NULL, NULL },
		{ "eps", OPT_STR, &eps_s, 0, 0, "LIST", "luminance ranges of the sweep, e.g. \"0 0.75\" (required)", NULL,
		  NULL },
		{ "label", OPT_STR, &label, 0, 0, "TEXT", "description of the scale printed on the figure", NULL, NULL },
		{ "out-dir", OPT_STR, &dir, 0, 0, "DIR", "where figN.tsv, figN-stats.tsv, figN-vars.gp go (required)",
		  NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"summarize", "Gather a sweep's run files into the numbers and tests of one figure.", NULL,
		"Writes DIR/figN.tsv (every plotted number), DIR/figN-stats.tsv (every Mann-Whitney test) and\n"
		"DIR/figN-vars.gp (the labels and block indices the plot reads), each with '# provenance:' lines (version,\n"
		"scale, date, this machine's CPU, the runs' BLAS and compute time). What each figure holds is the\n"
		"registry ('inhibnorm registry'). A missing or malformed run file is an error (exit 3).",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	int rc = INB_OK;
	char err[INB_ERRLEN];
	if (!fig)
		return cmd_report(INB_EUSAGE, "summarize: --figure N is required (see 'inhibnorm summarize --help')");
	if (!configs_s || !eps_s || !dir)
		return cmd_report(INB_EUSAGE, !configs_s ? "summarize: --configs LIST is required" :
				  !eps_s ? "summarize: --eps LIST is required" : "summarize: --out-dir DIR is required");
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
	rc = summary_figure(&s, (int)fig, dir, err);
	if (rc)
		return cmd_report(rc, err);
	return INB_OK;
}

int cmd_registry(int argc, char **argv)
{
	int make = 0;
	const char *out = NULL;
	const struct opt opts[] = {
		{ "make", OPT_FLAG, &make, 0, 0, NULL, "write the Makefile fragment (REGISTRY_FIGS, MODELS_figN) instead of "
		  "the listing", NULL, NULL },
		{ "out", OPT_STR, &out, 0, 0, "FILE", "write to FILE (atomically) instead of standard output", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"registry", "List the figures: models, panels, tests and claims (src/results/registry.c).", NULL,
		"Prints each sweep figure with the models its sweep trains, its panels, the pairs each panel compares\n"
		"with the two-sided Mann-Whitney U test and the paper's claim ids. With --make, the Makefile fragment that\n"
		"figures/pipeline.mk includes. The table is checked first: an inconsistency is an internal error (exit 1).",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 0);
	char err[INB_ERRLEN];
	int rc = INB_OK;
	if ((rc = registry_check(err)))
		return cmd_report(rc, err);
	struct outfile of = { 0 };
	FILE *fp = stdout;
	if (out) {
		if ((rc = outfile_open(&of, out, err)))
			return cmd_report(rc, err);
		fp = of.fp;
	}
	if (make)
		registry_write_make(fp);
	else
		registry_write_listing(fp);
	if (out && (rc = outfile_commit(&of, err)))
		return cmd_report(rc, err);
	if (!out && (fflush(stdout) || ferror(stdout)))
		return cmd_report(INB_EWRITE, "registry: cannot write standard output");
	return INB_OK;
}
