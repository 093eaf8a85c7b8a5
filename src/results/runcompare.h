/* runcompare.h: is a retrained run the archived run? (the audit of archived sweeps, paper/dann-5-experiments.md).
 * Reads both through the strict run-file reader (runs.h: a damaged or cut file is an error, not a difference) and
 * compares two run files of either paper: the metadata lines other than version,
 * command, data directory and BLAS description must be equal, the header too, and then
 *   - on the same BLAS kernel (the "core=" and "threads=" of the '# blas:' lines agree): every value of every row
 *     identical, except the timing columns (RUNFILE_SECONDS in the schema);
 *   - on another kernel (rounding differs, and SGD amplifies it over thousands of steps like a change of seed): the
 *     result columns of the last row (the schema's percentages: errors or accuracies) within tol points. */
#ifndef INHIBNORM_RUNCOMPARE_H
#define INHIBNORM_RUNCOMPARE_H

#include <stddef.h>

struct runcompare_result {
	int same_kernel;       /* 1 when both files were made with the same BLAS kernel and thread count */
	int match;             /* 1 when the files agree by the rule above */
	long values;           /* fields compared */
	double max_diff;       /* largest |difference| of the last row's result columns */
	char why[512];         /* the first disagreement, when match = 0 */
};

/* Compares archived run file a with retrained run file b. Returns INB_OK (res filled, match or not) or INB_EDATA
 * (a file missing or not a run file; err names it). */
int runcompare_files(const char *a, const char *b, double tol, struct runcompare_result *res, char *err);

#endif
