/* cmd_runs.c: the commands on run files of either paper, read through the one strict reader (formats/runfile.h,
 * results/runs.h): `inhibnorm runcompare`, the comparison behind `make audit` (paper/4.6.12), and `inhibnorm runinfo`,
 * what `make status` knows of each finished run. */
#define _POSIX_C_SOURCE 200809L
#include "cli/commands.h"
#include "core/common.h"
#include "formats/runfile.h"
#include "results/runcompare.h"
#include "results/runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_runcompare(int argc, char **argv)
{
	double tol = 2.0;
	const struct opt opts[] = {
		{ "tol", OPT_REAL, &tol, 0, 100, "T", "on another BLAS kernel: largest difference of the last row's errors "
		  "or accuracies, in percentage points", NULL, NULL },
	};
	const struct cli_cmd cmd = {
		"runcompare", "Compare an archived run file A with a retrained one B.", "A B",
		"Same BLAS kernel and threads: every value outside the timing columns (*_seconds) must be\n"
		"identical. Another kernel: the last row's *_err / *_acc columns within --tol points. Metadata\n"
		"other than version, command, data and blas must agree. Prints one line; exit 0 when the runs\n"
		"match, 1 when they do not, 2 usage, 3 unreadable file.",
		CMD_OPTS(opts) };
	CMD_PARSE(&cmd, argc, argv, 2);
	int rc = INB_OK;
	if (npos != 2)
		return cmd_report(INB_EUSAGE, "runcompare: expected two run files A B (see 'inhibnorm runcompare --help')");
	char err[INB_ERRLEN], msg[INB_ERRLEN + 600];
	struct runcompare_result r;
	if ((rc = runcompare_files(pos[0], pos[1], tol, &r, err)))
		return cmd_report(rc, err);
	if (!r.match) {
		snprintf(msg, sizeof msg, "runcompare: %s and %s differ: %s", pos[0], pos[1], r.why);
		return cmd_report(INB_EINTERNAL, msg);
	}
	if (r.same_kernel)
		printf("%s: identical outside the timing columns (%ld values, same BLAS kernel)\n", pos[1], r.values);
	else
		printf("%s: final errors within %g points of the archive (largest difference %.3g; another BLAS kernel)\n",
		       pos[1], tol, r.max_diff);
	return INB_OK;
}

int cmd_runinfo(int argc, char **argv)
{
	const struct cli_cmd cmd = {
		"runinfo", "What each run file holds, read strictly.", "FILE...",
		"Reads each FILE as a run file of either paper, against its trainer's schema, and prints one\n"
		"tab-separated row per file under the header file, status, rows, seconds, diverged: status is\n"
		"complete, or damaged when the file is not a whole run file (cut, edited, of no known kind);\n"
		"seconds is the run's measured time (train_seconds + eval_seconds); diverged is yes or no.\n"
		"Each damaged file's reason goes to stderr, one line. Exit 0 when every file is complete, 3 when\n"
		"one is damaged (every file is still listed).",
		NULL, 0 };
	/* as many files as a sweep has, and more (a command line holds a few hundred thousand at most) */
	CMD_PARSE(&cmd, argc, argv, 1 << 16);
	int rc;
	int damaged = 0;
	printf("file\tstatus\trows\tseconds\tdiverged\n");
	for (int i = 0; i < npos; i++) {
		char err[INB_ERRLEN], msg[INB_ERRLEN + 32];
		struct runfile rf;
		if ((rc = runs_read(pos[i], &rf, err))) {
			if (rc != INB_EDATA)
				return cmd_report(rc, err);
			snprintf(msg, sizeof msg, "runinfo: %s", err);
			cmd_report(INB_EDATA, msg);
			printf("%s\tdamaged\t-\t-\t-\n", pos[i]);
			damaged = 1;
			continue;
		}
		printf("%s\tcomplete\t%ld\t%.3f\t%s\n", pos[i], rf.rows, runfile_seconds(&rf), rf.diverged ? "yes" : "no");
		runfile_free(&rf);
	}
	if (fflush(stdout) || ferror(stdout))
		return cmd_report(INB_EWRITE, "runinfo: cannot write to standard output");
	return damaged ? INB_EDATA : INB_OK;
}
