/* runfile.h: run files, the one file a training run of either paper writes: '#' metadata lines, a header, one row per
 * epoch or evaluation. Each trainer declares its schema (struct runfile_schema: the columns, their formats and
 * checks, and the rules of a complete file: inorm/train_runfile.h, dann/dann_runfile.h); this module writes a run
 * file atomically through outfile.h and reads one strictly against its schema. Nothing else reads run files.
 * The reader accepts only a complete, sane file: every row has the header's fields and ends with a newline, every
 * column is one the schema declares and holds what its check allows, the rows are as many as '# epochs:' (or the
 * schema's own rule) says, a row is marked diverged only where '# diverged:' says so. A file the trainer wrote
 * always passes; a cut, damaged or edited one is refused with its file and line. */
#ifndef INHIBNORM_RUNFILE_H
#define INHIBNORM_RUNFILE_H

#include "formats/outfile.h"

#include <stddef.h>

#define RUNFILE_MAXCOLS 64

/* What a column may hold, checked in every row ("nan" reads as NaN). A row "did not diverge" unless its diverged
 * column is 1. */
enum runfile_check {
	RUNFILE_ANY = 0,        /* any number, NaN and infinities included (losses) */
	RUNFILE_ROW,            /* the row's number: 1, 2, ... (an epoch, where rows are epochs) */
	RUNFILE_COUNT,          /* a whole number >= 0 (an update, an epoch) */
	RUNFILE_BIT,            /* 0 or 1 */
	RUNFILE_DIVERGED,       /* 0 or 1; 1 in the last row only, and there exactly when '# diverged: yes' */
	RUNFILE_PERCENT,        /* finite, in [0, 100], in every row: a result */
	RUNFILE_PERCENT_OR_NAN, /* NaN (nothing measured yet) or in [0, 100]: a result */
	RUNFILE_FINITE,         /* finite in every row that did not diverge (moments) */
	RUNFILE_FINITE_IF,      /* the same, in a file for which the schema's finite_if holds (I-Norm alignments) */
	RUNFILE_SECONDS         /* a measured time: finite, >= 0; left out when two runs are compared */
};

/* One column: its header name, the printf conversion of its value (a double: "%.6g"; "%.0f" for integers), and what
 * the reader allows in it. */
struct runfile_column {
	const char *name;
	const char *fmt;
	enum runfile_check check;
};

struct runfile;

/* A kind of run file, declared by its trainer. */
struct runfile_schema {
	const char *title;                 /* the text of the first metadata line, "# TITLE", which names the kind */
	const struct runfile_column *cols; /* the columns the trainer writes, in order (ncols) */
	int ncols;
	int all_columns;                   /* 1: the header must be exactly these columns, in order; 0: any of them,
					    * each at most once (test fixtures of fewer columns) */
	int rows_are_epochs;               /* 1: one row per epoch, as many as '# epochs:' or the divergence epoch */
	int seconds_at_epoch_end;          /* 1: train_seconds is the epoch's so far, counted once, at its epoch_end
					    * row; 0: every row's train_seconds is its own */
	/* RUNFILE_FINITE_IF columns must be finite in this file (may be NULL: never) */
	int (*finite_if)(const struct runfile *rf);
	/* the rules of a complete file beyond the columns' checks, after every row was read (may be NULL); returns
	 * INB_OK or INB_EDATA with err naming the file and line */
	int (*check)(const char *path, const struct runfile *rf, char *err);
};

struct runfile {
	const struct runfile_schema *schema;
	int ncols;
	char *names[RUNFILE_MAXCOLS];   /* column names of the header line */
	enum runfile_check checks[RUNFILE_MAXCOLS];
	double *v;                      /* every row's values, (rows, ncols), row-major */
	double last[RUNFILE_MAXCOLS];   /* values of the last row */
	long rows;                      /* number of data rows */
	long epochs;                    /* the '# epochs:' line */
	int diverged;                   /* '# diverged: yes, ...' */
	long diverged_epoch;            /* its 'epoch N'; 0 if the run did not diverge */
	long header_line;               /* line number of the header; row r (from 0) is on line header_line + 1 + r */
	char *meta;                     /* the '#' lines, as read */
};

/* Reads path as a run file of schema. Returns INB_OK; INB_EDATA with err naming the file, the line and what was
 * expected when the file is missing, has no header or '# epochs:' line, a header column the schema does not
 * declare (or, for all_columns, not the schema's header), a row whose field count differs from the header's, an
 * empty or non-numeric field, a last line without its newline (a cut file), fewer or more rows than promised, a
 * value its column's check refuses, or breaks the schema's own rules; INB_EINTERNAL when out of memory. */
int runfile_read(const char *path, const struct runfile_schema *schema, struct runfile *rf, char *err);

/* Reads path as a run file of whichever of the n schemas its first line names. INB_EDATA when it names none. */
int runfile_read_any(const char *path, const struct runfile_schema *const *schemas, int n, struct runfile *rf,
		     char *err);

/* Index of column name, or -1. */
int runfile_column(const struct runfile *rf, const char *name);

/* Value of column name in the last row; NaN if there is no such column. */
double runfile_get(const struct runfile *rf, const char *name);

/* Value of column c in row r (from 0). */
double runfile_value(const struct runfile *rf, long r, int c);

/* The run's measured seconds: eval_seconds of every row plus train_seconds as the schema counts them. */
double runfile_seconds(const struct runfile *rf);

/* Copies the value of metadata key ("# key: value") into buf; returns 0, or -1 if absent. */
int runfile_meta(const struct runfile *rf, const char *key, char *buf, size_t len);

void runfile_free(struct runfile *rf);

/* ---- writing ------------------------------------------------------------------------------------------------------
 * A run file is written atomically (outfile.h): runfile_writer_open creates the temporary beside the target, so that
 * an unwritable path fails before any training; metadata lines and rows are kept in memory, because the metadata,
 * which comes first, records how the run ended; runfile_writer_commit writes the metadata, the header and the rows
 * and renames the temporary over the target; runfile_writer_abort removes it and leaves the target as it was. */

struct runfile_writer {
	struct outfile of;                 /* the temporary, from _open until _commit or _abort */
	const struct runfile_column *cols; /* (ncols) */
	int ncols;
	long nrows;                        /* rows added */
	char *meta, *rows;                 /* the '#' lines and the formatted rows, each NUL-terminated */
	size_t meta_len, meta_cap, rows_len, rows_cap;
	int oom;                           /* an append ran out of memory: _commit fails with INB_EINTERNAL */
};

/* Opens a run file of schema (its columns kept by reference until _commit or _abort) at path and writes its title
 * as the first metadata line. Returns INB_OK, INB_EWRITE (message in err) or INB_EINTERNAL. */
int runfile_writer_open(struct runfile_writer *w, const char *path, const struct runfile_schema *schema, char *err);

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

#endif
