/* testutil.h: helpers shared by the Criterion tests: scratch directories, small files, and running bin/inhibnorm
 * (path from $INHIBNORM_BIN, set by `make verify`) with its output captured. */
#ifndef INHIBNORM_TESTUTIL_H
#define INHIBNORM_TESTUTIL_H

#include <stddef.h>

/* Creates a fresh directory under /tmp and returns its path; it and everything in it are removed, and the string
 * freed, when the test process exits (do not free it). */
char *tu_mkdtemp(void);

/* Writes len bytes to path; gz = 1 compresses with zlib. Aborts the test on failure. */
void tu_write_file(const char *path, const void *buf, size_t len, int gz);

/* Writes text to dir/name (plain) and returns its path, freed when the test process exits (do not free it). */
char *tu_write_text(const char *dir, const char *name, const char *text);

/* The whole content of path, NUL-terminated, its length (without the NUL) in *len if len is not NULL; aborts the
 * test if it cannot be read. Freed when the test process exits (do not free it). */
char *tu_read_file(const char *path, size_t *len);

/* 1 if path exists. */
int tu_exists(const char *path);

/* Runs `$INHIBNORM_BIN args` through the shell with stderr merged into stdout, stores up to outlen-1 bytes of the
 * output in out, and returns the exit status (or -1 if it did not exit normally). */
int tu_run(const char *args, char *out, size_t outlen);

/* Runs args through tu_run and asserts: exit code `code`, one line of output starting "inhibnorm: " and holding
 * needle, and (if path is not NULL) no file at path. */
void tu_expect_fail(const char *args, int code, const char *needle, const char *path);

/* Path of bin/inhibnorm under test. */
const char *tu_bin(void);

/* IDX files in memory (malloc'd; length in *len): n images rows x cols with pixel i = (7i + 3) mod 256, or n labels
 * i mod 10, under the given magic number. */
unsigned char *tu_idx_images(size_t n, size_t rows, size_t cols, unsigned magic, size_t *len);
unsigned char *tu_idx_labels(size_t n, unsigned magic, size_t *len);

/* Writes a well-formed split ("train" or "t10k") of n images into dir, gzip-compressed when gz = 1. */
void tu_write_split(const char *dir, const char *pre, size_t n, int gz);

#endif
