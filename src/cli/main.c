/* main.c: bin/inhibnorm, a git-style front end. It installs the GSL error handler (commands.h) and only dispatches to
 * the subcommands in cmd_*.c, so that every module stays linkable into the test binary. Exit codes: 0 ok, 1 internal
 * or numerical failure (a GSL error too), 2 usage, 3 bad input data, 4 cannot write an output file. */
#include "cli/commands.h"
#include "core/common.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "train", cmd_train, "train one network (model, configuration, eps) and write its run file" },
	{ "bench", cmd_bench, "time training steps against the same run's GEMM throughput" },
	{ "summarize", cmd_summarize, "gather a sweep's run files into the numbers and tests of one figure" },
	{ "registry", cmd_registry, "list the figures: models, panels, tests and claims; or their Makefile fragment" },
	{ "images", cmd_images, "write the Figure 1 image grid: Fashion-MNIST images under luminance shifts" },
	{ "mwu", cmd_mwu, "two-sided Mann-Whitney U test of two samples (one number per line)" },
	{ "theorem1", cmd_theorem1, "simulate Theorem 1: pooling errors with normalised random weights" },
	{ "dann-train", cmd_dann_train, "train one network of the DANN paper (Cornford et al. 2021) into a run file" },
	{ "dann-summary", cmd_dann_summary, "the DANN paper's Table 3 and Figure 4 curves from a sweep's run files" },
	{ "dann-fig2-summary", cmd_dann_fig2_summary, "the DANN paper's Figure 2 cosine curves and statistics from d-NGD runs" },
	{ "runcompare", cmd_runcompare, "compare an archived run file with a retrained one (make audit)" },
	{ "runinfo", cmd_runinfo, "whether run files are complete, and their measured time (make status)" },
	{ "report", cmd_report_claims, "write the claims report of one scale: the paper's values beside ours, with verdicts" },
	{ "numbers", cmd_numbers, "check the numbers written in the text against the result tables they name" },
	{ "trace", cmd_trace, "check or write the trace line under each figure of the text" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
	fprintf(fp, "usage: inhibnorm COMMAND [flags]\n\n"
		    "Reproduction of 'Inhibitory normalization of error signals improves learning in neural circuits'.\n\n"
		    "commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n'inhibnorm COMMAND --help' describes a command's flags.\n"
		    "exit codes: 0 ok, 1 internal or numerical failure, 2 usage, 3 bad input data, 4 cannot write.\n");
}

int main(int argc, char **argv)
{
	/* before any GSL call: a GSL error ends the program with a message and exit code 1, never abort() */
	cmd_gsl_install();
	if (argc < 2) {
		usage(stderr);
		return INB_EUSAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return INB_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("inhibnorm %s (%s)\n", inb_version, REAL_NAME);
		return INB_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "inhibnorm: unknown command '%s' (see 'inhibnorm --help')\n", argv[1]);
	return INB_EUSAGE;
}
