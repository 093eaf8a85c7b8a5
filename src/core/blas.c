/* blas.c: what OpenBLAS is doing, and the thread policy (see blas.h). */
#include "core/blas.h"
#include <cblas.h>

#include <stdio.h>
#include <stdlib.h>

/* OpenBLAS extensions, declared in its cblas.h; repeated here so that a CBLAS header without them fails at link
 * time with a clear symbol name rather than silently. */
extern char *openblas_get_corename(void);
extern int openblas_get_num_threads(void);
extern void openblas_set_num_threads(int);

const char *blas_core_name(void)
{
	return openblas_get_corename();
}

int blas_threads(void)
{
	return openblas_get_num_threads();
}

void blas_setup(char *desc, size_t len)
{
	const char *env = getenv("OPENBLAS_NUM_THREADS");
	const char *omp = getenv("OMP_NUM_THREADS");
	const char *core = getenv("OPENBLAS_CORETYPE");
	if (env && *env) {
		snprintf(desc, len, "core=%s threads=%d (OPENBLAS_NUM_THREADS=%s)%s%s", blas_core_name(), blas_threads(),
			 env, core ? " OPENBLAS_CORETYPE=" : "", core ? core : "");
	} else if (omp && *omp) {
		snprintf(desc, len, "core=%s threads=%d (OMP_NUM_THREADS=%s)%s%s", blas_core_name(), blas_threads(), omp,
			 core ? " OPENBLAS_CORETYPE=" : "", core ? core : "");
	} else {
		openblas_set_num_threads(1);
		snprintf(desc, len, "core=%s threads=%d (default: one thread per run; set OPENBLAS_NUM_THREADS to change)%s%s",
			 blas_core_name(), blas_threads(), core ? " OPENBLAS_CORETYPE=" : "", core ? core : "");
	}
}
