/* dann_runfile.h: the run file of `inhibnorm dann-train` (dann_train.h), one row per test evaluation (struct dn_row):
 * its schemas and what a run writes, through formats/runfile.h. The columns: update, epoch, epoch_end (1 on the row
 * that closes an epoch), train_err and train_loss (nan before the first update), test_err, test_loss, diverged,
 * train_seconds (the epoch's so far), eval_seconds. The last row is the run's result. A run of d-NGD (Algorithm 4) or
 * with Algorithms 5-6 on writes a second kind, the same columns followed by its per-layer statistics (struct dn_row):
 * clipped_lN (percent of the epoch's updates so far clipped in layer N), lr_scale_lN (their mean rate over the run's),
 * dinv_norm_lN and dinv_floor_lN (the norm of the Fisher inverse's W^EE block and the entries whose F is below the
 * damping, at the latest update), guard_lN (non-finite corrected entries set to 0 in the epoch so far); a run with
 * neither writes exactly the first kind. */
#ifndef INHIBNORM_DANN_RUNFILE_H
#define INHIBNORM_DANN_RUNFILE_H

#include "dann/dann_train.h"
#include "formats/runfile.h"

/* The schema: title "inhibnorm run file (DANN paper)", exactly the columns above, and the rules of dann_check in
 * dann_runfile.c (every epoch closed once, the last row closing the last epoch, or the one the run diverged in). */
extern const struct runfile_schema dn_run_schema;
/* The second kind: title "inhibnorm run file (DANN paper, per-layer update statistics)", the columns of
 * dn_run_schema in order, then one or more groups of statistics columns, and the same rules. */
extern const struct runfile_schema dn_run_stats_schema;

/* Groups of statistics columns (or'ed). */
enum { DN_STATS_CLIP = 1, DN_STATS_RATE = 2, DN_STATS_FISHER = 4 };
#define DN_RUNFILE_MAXCOLS 40

/* A run file being written: its writer and the columns of the run's kind. */
struct dn_runfile {
	struct runfile_writer w;
	unsigned groups;
	struct runfile_column cols[DN_RUNFILE_MAXCOLS];
	int ncols;
};

/* The statistics groups a run with options o writes: Algorithm 4's for d-NGD, Algorithm 5's and 6's when on. */
unsigned dn_runfile_groups(const struct dn_train_opts *o);

/* Opens the run file at path (runfile_writer_open) for a run writing the statistics groups (0: none, the plain
 * kind). Returns INB_OK, INB_EWRITE or INB_EINTERNAL. */
int dn_runfile_open(struct dn_runfile *w, const char *path, unsigned groups, char *err);

/* Appends one evaluation's row; ctx is the struct dn_runfile (a dn_train_hooks row hook). */
int dn_runfile_row(void *ctx, const struct dn_row *r, char *err);

/* Adds the metadata of a finished run (options o, the command line, where the rate came from: NULL for the command
 * line, and the result) and commits. Returns INB_OK, INB_EWRITE or INB_EINTERNAL. */
int dn_runfile_commit(struct dn_runfile *w, const struct dn_train_opts *o, const char *cmdline,
		      const char *lr_source, const struct dn_train_result *res, char *err);

/* Removes the temporary of an unfinished run file. */
void dn_runfile_abort(struct dn_runfile *w);

/* ---- Figure 2's cosines: a run file of their own ------------------------------------------------------------------
 * A d-NGD run asked for them (dann-train --cosines FILE) writes, beside its run file, one row per finite update:
 * update (1, 2, ...), epoch, cos_fu_lN and cos_fh_lN for layers N = 1..4 (1 the first, 4 the output): the cosine of
 * the applied Fisher-corrected step with the uncorrected gradient and with its Algorithm 3 correction, over the
 * layer's six blocks concatenated (dn_fisher_cosines; NaN where a vector is zero). The run file's evaluations come
 * every eval_every updates; these come every update, hence their own file. */
extern const struct runfile_schema dn_cos_schema;

struct dn_cosfile {
	struct runfile_writer w;
	long rows;
};

/* Opens the cosine file at path. Returns INB_OK, INB_EWRITE or INB_EINTERNAL. */
int dn_cosfile_open(struct dn_cosfile *w, const char *path, char *err);

/* Appends one update's row; ctx is the struct dn_cosfile (a dn_train_hooks update hook). */
int dn_cosfile_update(void *ctx, long update, long epoch, const double *cos_fu, const double *cos_fh, char *err);

/* Adds the metadata of the finished run (as dn_runfile_commit, with updates_per_epoch, the batches of an epoch) and
 * commits. Returns INB_OK, INB_EWRITE or INB_EINTERNAL. */
int dn_cosfile_commit(struct dn_cosfile *w, const struct dn_train_opts *o, const char *cmdline,
		      const struct dn_train_result *res, long updates_per_epoch, char *err);

/* Removes the temporary of an unfinished cosine file (safe on a committed or zeroed one). */
void dn_cosfile_abort(struct dn_cosfile *w);

/* Reads path strictly as a cosine file (dn_cos_schema). */
int dn_cosfile_read(const char *path, struct runfile *rf, char *err);

/* Reads path strictly as a DANN run file of either kind (runfile_read_any). */
int dn_runfile_read(const char *path, struct runfile *rf, char *err);

#endif
