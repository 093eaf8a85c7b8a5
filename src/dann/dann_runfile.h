/* dann_runfile.h: the run file of `inhibnorm dann-train` (dann_train.h), one row per test evaluation (struct dn_row):
 * its schema and what a run writes, through formats/runfile.h. The columns: update, epoch, epoch_end (1 on the row
 * that closes an epoch), train_err and train_loss (nan before the first update), test_err, test_loss, diverged,
 * train_seconds (the epoch's so far), eval_seconds. The last row is the run's result. */
#ifndef INHIBNORM_DANN_RUNFILE_H
#define INHIBNORM_DANN_RUNFILE_H

#include "dann/dann_train.h"
#include "formats/runfile.h"

/* The schema: title "inhibnorm run file (DANN paper)", exactly the columns above, and the rules of dann_check in
 * dann_runfile.c (every epoch closed once, the last row closing the last epoch, or the one the run diverged in). */
extern const struct runfile_schema dn_run_schema;

/* Opens the run file at path (runfile_writer_open). */
int dn_runfile_open(struct runfile_writer *w, const char *path, char *err);

/* Appends one evaluation's row; ctx is the writer (a dn_train_hooks row hook). */
int dn_runfile_row(void *ctx, const struct dn_row *r, char *err);

/* Adds the metadata of a finished run (options o, the command line, where the rate came from: NULL for the command
 * line, and the result) and commits. Returns INB_OK, INB_EWRITE or INB_EINTERNAL. */
int dn_runfile_commit(struct runfile_writer *w, const struct dn_train_opts *o, const char *cmdline,
		      const char *lr_source, const struct dn_train_result *res, char *err);

#endif
