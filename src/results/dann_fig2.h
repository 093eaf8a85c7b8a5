/* dann_fig2.h: from the d-NGD runs' cosine files and run files (dann_runfile.h) to Figure 2 of the DANN paper on
 * Fashion-MNIST (paper/dann-6-figure2.md, labels (D6.n)). Per layer and seed, the trailing boxcar mean over W
 * updates of cos(f, u) and of cos(f, h), from update W on (D6.1); their mean over seeds; the share of a seed's
 * smoothed points where cos(f, h) > cos(f, u) (D6.2), and its range over seeds; the train and test error per epoch,
 * mean over seeds. Written to
 *   DIR/dann-fig2.tsv        block 0: update, epoch (update / updates per epoch), then per layer N the mean over seeds
 *                            of the smoothed cos(f, u) and cos(f, h); block 1: epoch, train and test error, mean;
 *   DIR/dann-fig2-stats.tsv  per layer and seed: smoothed points and the share; per layer the range over seeds
 *                            and whether every seed's share is above one half (D6.3);
 *   DIR/dann-fig2-vars.gp    the scale label and the window, as gnuplot assignments.
 * Each after its title line the provenance lines of summary.h. Nothing here trains. */
#ifndef INHIBNORM_DANN_FIG2_H
#define INHIBNORM_DANN_FIG2_H

#include <stdio.h>

#define DN_FIG2_WINDOW 500     /* the paper's moving average: 500 updates */

/* runs: directory of seed-S.tsv (run files) and seed-S.cos.tsv (cosine files) of model dann-ngd; seeds: a
 * space-separated list; window: W >= 1; out: a line per layer with the shares (may be NULL). Returns INB_OK,
 * INB_EUSAGE (bad list or window), INB_EDATA (a file missing or malformed, seeds of different updates per epoch, a
 * run shorter than the window: err names it), INB_EWRITE, INB_EINTERNAL. */
int dn_fig2_run(const char *runs, const char *scale, const char *seeds, long window, const char *dir,
		const char *label, FILE *out, char *err);

#endif
