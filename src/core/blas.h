/* blas.h: what OpenBLAS is doing and the thread policy of a run. Free of cblas.h, so it can share a translation
 * unit with GSL's headers. */
#ifndef INHIBNORM_BLAS_H
#define INHIBNORM_BLAS_H

#include <stddef.h>

/* Name of the OpenBLAS kernel in use and the thread count it will use. */
const char *blas_core_name(void);
int blas_threads(void);

/* Applies the thread policy: if OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) is set, OpenBLAS already honours it and
 * nothing is changed; otherwise one thread per run (parallelism comes from running runs side by side). Writes a
 * description of what is in effect into desc (len bytes). */
void blas_setup(char *desc, size_t len);

#endif
