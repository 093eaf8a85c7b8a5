/* runfile.h: reading the run files that `inhibnorm train` writes (train.h): the last row, which is a run's result,
 * by column name, and metadata values by key. Stands alone. */
#ifndef INHIBNORM_RUNFILE_H
#define INHIBNORM_RUNFILE_H

#include <stddef.h>

#define RUNFILE_MAXCOLS 64

struct runfile {
	int ncols;
	char *names[RUNFILE_MAXCOLS];   /* column names of the header line */
	double last[RUNFILE_MAXCOLS];   /* values of the last row ("nan" reads as NaN) */
	long rows;                      /* number of data rows */
	char *meta;                     /* the '#' lines, as read */
};

/* Reads path. Returns INB_OK, or INB_EDATA with err naming the file and the fault (missing, no header, no rows,
 * a row whose length differs from the header's, a field that is not a number). */
int runfile_read(const char *path, struct runfile *rf, char *err);

/* Value of column name in the last row; NaN if there is no such column. */
double runfile_get(const struct runfile *rf, const char *name);

/* Copies the value of metadata key ("# key: value") into buf; returns 0, or -1 if absent. */
int runfile_meta(const struct runfile *rf, const char *key, char *buf, size_t len);

void runfile_free(struct runfile *rf);

#endif
