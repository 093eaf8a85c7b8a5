/* numfile.h: reader for plain-text samples, one number per line (the input of `inhibnorm mwu`, paper §4.5).
 * Blank lines and lines whose first non-blank character is '#' are skipped; a number may have blanks around it.
 * Every other line must be one finite number in strtod's syntax; anything else is reported with the file name and
 * the line number, never skipped. */
#ifndef INHIBNORM_NUMFILE_H
#define INHIBNORM_NUMFILE_H

#include <stddef.h>

/* Reads path into a malloc'd array *values (*n numbers, in file order; free() it). Returns INB_OK; INB_EDATA with
 * err naming the file (and line) when the file cannot be opened or read, a line is not a number, is NaN or
 * infinite or out of double's range, or the file holds no number at all; INB_EINTERNAL when out of memory. On
 * failure *values is NULL and *n is 0. */
int numfile_read(const char *path, double **values, size_t *n, char *err);

#endif
