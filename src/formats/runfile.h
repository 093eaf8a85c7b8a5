/* runfile.h: the run files of training runs: writing them atomically (any columns and metadata lines: the run files
 * of `inhibnorm train` and `inhibnorm dann-train`), and reading those of `inhibnorm train` (train.h): the last row,
 * which is a run's result, by column name, and metadata values by key. Depends only on outfile.
 * The reader accepts only a complete, sane file: every row has the header's fields and ends with a newline, the rows
 * number what '# epochs:' (or the recorded divergence epoch) promises, accuracies are finite and in [0, 100], and
 * moments and (for I-Norm models) alignments are finite in every row that did not diverge. A file written by
 * runfile_train_commit always passes; a cut, damaged or edited one is refused with its line. */
#ifndef INHIBNORM_RUNFILE_H
#define INHIBNORM_RUNFILE_H

#include "formats/outfile.h"

#include <stddef.h>

#define RUNFILE_MAXCOLS 64

struct runfile {
	int ncols;
	char *names[RUNFILE_MAXCOLS];   /* column names of the header line */
	double last[RUNFILE_MAXCOLS];   /* values of the last row ("nan" reads as NaN) */
	long rows;                      /* number of data rows */
	long epochs;                    /* the '# epochs:' line */
	long diverged_epoch;            /* the epoch of '# diverged: yes, ... epoch N'; 0 if the run did not diverge */
	long header_line;               /* line number of the header, for messages */
	char *meta;                     /* the '#' lines, as read */
};

/* Reads path. Returns INB_OK; INB_EDATA with err naming the file, the line and what was expected when the file is
 * missing, has no header or '# epochs:' line, has a row whose field count differs from the header's, an empty or
 * non-numeric field, a last line without its newline (a cut file), fewer or more rows than promised, or a value
 * out of its range (above); INB_EINTERNAL when out of memory. */
int runfile_read(const char *path, struct runfile *rf, char *err);

/* Index of column name, or -1. */
int runfile_column(const struct runfile *rf, const char *name);

/* Value of column name in the last row; NaN if there is no such column. */
double runfile_get(const struct runfile *rf, const char *name);

/* Copies the value of metadata key ("# key: value") into buf; returns 0, or -1 if absent. */
int runfile_meta(const struct runfile *rf, const char *key, char *buf, size_t len);

void runfile_free(struct runfile *rf);

/* ---- writing ------------------------------------------------------------------------------------------------------
 * A run file is written atomically (outfile.h): runfile_writer_open creates the temporary beside the target, so that
 * an unwritable path fails before any training; metadata lines and rows are kept in memory, because the metadata,
 * which comes first, records how the run ended; runfile_writer_commit writes the metadata, the header and the rows
 * and renames the temporary over the target; runfile_writer_abort removes it and leaves the target as it was. */

/* One column: its header name and the printf conversion of its value, a double ("%.6g"; "%.0f" for integers). */
struct runfile_column {
	const char *name;
	const char *fmt;
};

struct runfile_writer {
	struct outfile of;                 /* the temporary, from _open until _commit or _abort */
	const struct runfile_column *cols; /* (ncols) */
	int ncols;
	long nrows;                        /* rows added */
	char *meta, *rows;                 /* the '#' lines and the formatted rows, each NUL-terminated */
	size_t meta_len, meta_cap, rows_len, rows_cap;
	int oom;                           /* an append ran out of memory: _commit fails with INB_EINTERNAL */
};

/* Opens a run file of the ncols columns cols (kept by reference until _commit or _abort) at path. Returns INB_OK,
 * INB_EWRITE (message in err) or INB_EINTERNAL. */
int runfile_writer_open(struct runfile_writer *w, const char *path, const struct runfile_column *cols, int ncols,
			char *err);

/* Appends the metadata line "# TEXT" (TEXT from fmt, without a newline). Returns INB_OK or INB_EINTERNAL (out of
 * memory; _commit then fails too). */
int runfile_writer_meta(struct runfile_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends one row: values (ncols), each formatted with its column's conversion, tab-separated. Returns INB_OK or
 * INB_EINTERNAL (as above). */
int runfile_writer_row(struct runfile_writer *w, const double *values);

/* Writes the metadata lines, the header and the rows, closes the temporary and renames it over the target. Returns
 * INB_OK, INB_EWRITE or INB_EINTERNAL; on failure nothing is left behind. The writer is closed either way. */
int runfile_writer_commit(struct runfile_writer *w, char *err);

/* Closes and removes the temporary; the target is left as it was. Safe on a committed, aborted or zeroed writer. */
void runfile_writer_abort(struct runfile_writer *w);

/* ---- the run file of `inhibnorm train` (train.h): what the reader above checks ------------------------------- */

/* One epoch's row, the columns in order (accuracies in percent). */
struct runfile_epoch {
	long epoch;                   /* 1, 2, ... */
	double train_loss, train_acc, test_loss, test_acc;
	double mu[2], var[2];         /* l<k>_mu, l<k>_var: hidden layer k, last 32 training images ((4.5.9)-(4.5.10)) */
	double mu_test[2], var_test[2], sq_test[2]; /* l<k>_*_test: averaged over the test pass ((4.5.9)-(4.5.11)) */
	double local_loss;            /* I-Norm local loss (NaN for other models) */
	double out_align, grad_align; /* (2.2.7) at the epoch's last training step (NaN for models without I-Norm) */
	int diverged;                 /* 1 on the epoch whose training loss was not finite */
	double train_seconds, eval_seconds;
};

/* What a training run's metadata records. */
struct runfile_run {
	const char *command;                /* the command line */
	const char *model, *legend;         /* model id and legend */
	long config, width;
	double lr, lr_wix, lr_wei, eps;
	unsigned long seed;
	long epochs;                        /* asked for */
	int batch;
	size_t train_images, test_images;
	int shuffle;
	int inorm;                          /* an I-Norm model: lambda and gradnorm are recorded */
	double lambda;
	const char *gradnorm;
	double label_smoothing;
	const char *init;                   /* "lognormal" or "exponential" */
	double momentum, weight_decay;
	size_t inhibitory_units, parameters;
	const char *blas;                   /* OpenBLAS core and threads */
	long diverged_epoch;                /* the epoch whose training loss was not finite; 0 if none */
};

/* runfile_writer_open with the columns of a training run. */
int runfile_train_open(struct runfile_writer *w, const char *path, char *err);

/* Appends an epoch's row. Returns INB_OK or INB_EINTERNAL. */
int runfile_train_row(struct runfile_writer *w, const struct runfile_epoch *e);

/* Adds the metadata of run (the program version and precision too) and commits (runfile_writer_commit). */
int runfile_train_commit(struct runfile_writer *w, const struct runfile_run *run, char *err);

#endif
