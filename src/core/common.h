/* common.h: the pieces every module shares.
 * The `real` type (float for training, double in the finite-difference build), the exit codes the front end
 * documents, and the error-message convention: library code never prints or exits, it fills a caller's buffer
 * and returns one of the codes below. */
#ifndef INHIBNORM_COMMON_H
#define INHIBNORM_COMMON_H

#include <stddef.h>

#ifdef INHIBNORM_DOUBLE
typedef double real;
#define REAL_NAME "double"
#else
typedef float real;
#define REAL_NAME "float"
#endif

/* Exit codes of bin/inhibnorm, also the status codes library functions return. */
enum {
	INB_OK = 0,       /* success */
	INB_EINTERNAL = 1, /* internal or numerical failure */
	INB_EUSAGE = 2,   /* bad command line: unknown command or flag, bad or out-of-range value */
	INB_EDATA = 3,    /* bad input data: missing, truncated or malformed file */
	INB_EWRITE = 4    /* an output file could not be written */
};

#define INB_ERRLEN 512

/* Element-wise kernels of the training step are compiled twice, for AVX2 and for the baseline, and the loader picks
 * the one the processor runs (GCC function multi-versioning). Both give the same bits: the arithmetic is IEEE in the
 * same order, and ISO C mode keeps the compiler from fusing multiplies and adds. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define INB_VECTORISED __attribute__((target_clones("avx2", "default")))
#else
#define INB_VECTORISED
#endif

/* Seconds on the monotonic clock, for measured times (differences only). */
double inb_seconds(void);

/* Formats a message into err (INB_ERRLEN bytes, may be NULL) and returns code, so callers can write
 * `return inb_fail(err, INB_EDATA, "...", ...);`. */
int inb_fail(char *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Program version, also written into every result file. */
extern const char inb_version[];

#endif
