/* gemm.h: the one matrix-product kernel, OpenBLAS's CBLAS gemm in the precision of `real`.
 * All arrays are row-major. gemm_nt: C = alpha*A*B^T + beta*C; gemm_nn: C = alpha*A*B + beta*C;
 * gemm_tn: C = alpha*A^T*B + beta*C, with A, B, C of the shapes the names imply and leading dimensions equal to
 * their row lengths. Each call is skipped when a dimension is zero (an E-only layer has no inhibitory units).
 * Include this only where products are computed: OpenBLAS's cblas.h and GSL's gsl_cblas.h (pulled in by GSL's matrix
 * headers) cannot share a translation unit. */
#ifndef INHIBNORM_GEMM_H
#define INHIBNORM_GEMM_H

#include "core/common.h"

#include <cblas.h>
#include <stddef.h>

#ifdef INHIBNORM_DOUBLE
#define INB_GEMM cblas_dgemm
#else
#define INB_GEMM cblas_sgemm
#endif

/* One matrix product as the benchmark replays it: op(A) is m x k, op(B) is k x n; ta/tb say whether A/B are
 * transposed. Its cost is 2 m n k flops. */
struct gemm_shape {
	int ta, tb;
	size_t m, n, k;
};

/* C (m, n) = alpha * A (m, k) * B (n, k)^T + beta * C */
static inline void gemm_nt(size_t m, size_t n, size_t k, real alpha, const real *a, const real *b, real beta, real *c)
{
	if (m && n && k)
		INB_GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)n, (int)k, alpha, a, (int)k, b, (int)k,
			 beta, c, (int)n);
}

/* C (m, n) = alpha * A (m, k) * B (k, n) + beta * C */
static inline void gemm_nn(size_t m, size_t n, size_t k, real alpha, const real *a, const real *b, real beta, real *c)
{
	if (m && n && k)
		INB_GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)n, (int)k, alpha, a, (int)k, b, (int)n,
			 beta, c, (int)n);
}

/* C (m, n) = alpha * A (k, m)^T * B (k, n) + beta * C */
static inline void gemm_tn(size_t m, size_t n, size_t k, real alpha, const real *a, const real *b, real beta, real *c)
{
	if (m && n && k)
		INB_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)n, (int)k, alpha, a, (int)m, b, (int)n,
			 beta, c, (int)n);
}

/* C (m, n) = alpha * A^T B + beta * C with explicit leading dimensions: A is (k, lda) and op(A) = A[:, 0:m]^T, B is
 * (k, ldb) with its first n columns used, C is (m, ldc). Serves products on column blocks of A. */
static inline void gemm_tn_ld(size_t m, size_t n, size_t k, real alpha, const real *a, size_t lda, const real *b,
			      size_t ldb, real beta, real *c, size_t ldc)
{
	if (m && n && k)
		INB_GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)n, (int)k, alpha, a, (int)lda, b, (int)ldb,
			 beta, c, (int)ldc);
}

#endif
