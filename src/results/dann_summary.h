/* dann_summary.h: from the DANN sweep's run files (dann_train.h) to Table 3 and the Figure 4 curves (DANN paper §5.1,
 * Tables 1-3, Figure 4; paper/dann-5-experiments.md). Per model, over its seeds: the final train error (epoch mean
 * of the last epoch's minibatch errors) and test error (after the last update), mean and sample sd (n - 1); the mean
 * test error of the last five updates; the paper's values; a two-sided Mann-Whitney U test (mwu.h) of the final test
 * errors against the first model's; the mean training seconds per epoch. Curves: test error at update 0 and every
 * eval_every updates, train error per epoch, mean and sd over seeds. Written to
 *   DIR/dann-table3.tsv     one row per model;
 *   DIR/dann-fig4.tsv       gnuplot blocks: test-error curves of each model, then train-error curves;
 *   DIR/dann-fig4-vars.gp   the legends and the scale label as gnuplot assignments. */
#ifndef INHIBNORM_DANN_SUMMARY_H
#define INHIBNORM_DANN_SUMMARY_H

#include <stdio.h>

#define DN_SUMMARY_MAX_SEEDS 64

/* runs: directory of MODEL/seed-S.tsv; models, seeds: space-separated lists; set: the data set whose table is set
 * beside ours (dann_net.h), its errors read from the rows of set->figure in the published table (paper/published.tsv:
 * value1 test, value2 train error, MEAN±SD); table printed to out (may be NULL).
 * Returns INB_OK, INB_EUSAGE (bad list), INB_EDATA (a run file missing, malformed, or of another eval interval, or a
 * malformed published row: err names it), INB_EWRITE, INB_EINTERNAL. */
struct dn_set;
int dn_summary_run(const char *runs, const char *scale, const char *models, const char *seeds, const char *dir,
		   const char *label, const struct dn_set *set, const char *published, FILE *out, char *err);

#endif
