/* runfile.h: reading the run files that `inhibnorm train` writes (train.h): the last row, which is a run's result,
 * by column name, and metadata values by key. Stands alone.
 * The reader accepts only a complete, sane file: every row has the header's fields and ends with a newline, the rows
 * number what '# epochs:' (or the recorded divergence epoch) promises, accuracies are finite and in [0, 100], and
 * moments and (for I-Norm models) alignments are finite in every row that did not diverge. A file written by train
 * always passes; a cut, damaged or edited one is refused with its line. */
#ifndef INHIBNORM_RUNFILE_H
#define INHIBNORM_RUNFILE_H

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

#endif
