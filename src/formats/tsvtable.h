/* tsvtable.h: reader for the package's tab-separated result tables (summaries, statistics, the published values).
 * A table file is: comment lines starting with '#', then a header line of column names, then rows with as many
 * tab-separated fields as the header. The table ends at the end of the file or at the first blank line (later
 * gnuplot blocks of the same file are not part of it). Every malformed line is an error naming file and line. */
#ifndef INHIBNORM_TSVTABLE_H
#define INHIBNORM_TSVTABLE_H

#include <stddef.h>

struct tsvtable {
	char *buf;        /* the file's text; fields point into it */
	char **cell;      /* nrows * ncols fields, row-major */
	char **name;      /* ncols column names */
	int ncols;
	size_t nrows;
	char **comment;   /* the comment lines before the header, without their leading "# " */
	size_t ncomments;
	long *line;       /* line number of each row in the file, for messages */
	char *path;
};

/* Reads the table at path. Returns INB_OK; INB_EDATA (err names file and line) when the file cannot be read, has
 * no header, a row with the wrong number of fields, or a duplicate column name; INB_EINTERNAL when out of
 * memory. */
int tsvtable_read(const char *path, struct tsvtable *t, char *err);

/* Index of the column called name, or -1. */
int tsvtable_column(const struct tsvtable *t, const char *name);

/* Field (row, col); "" when col < 0. */
const char *tsvtable_get(const struct tsvtable *t, size_t row, int col);

void tsvtable_free(struct tsvtable *t);

/* Whether two fields are the same value: as numbers when both are numbers ("0.75" = "0.750"), else as text. */
int tsvtable_same_field(const char *a, const char *b);

/* Reads a whole text file into a malloc'd NUL-terminated buffer (*len bytes before the terminator; the text may
 * itself hold NUL bytes, which end it for string functions). Returns INB_OK, INB_EDATA (err names the file) or
 * INB_EINTERNAL (out of memory). */
int tsvtable_slurp(const char *path, char **out, size_t *len, char *err);

#endif
