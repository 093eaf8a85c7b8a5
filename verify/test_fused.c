/* test_fused.c: the fused step (paper §4.4) against the gradient path, in the double build.
 * Training without momentum or weight decay steps every parameter inside the products that compute its gradient
 * (net_local_step, net_backward_step, optim_gemm_step, optim_bias_step). The gradient path (net_local,
 * net_backward, then optim_sgd_step) is what the gradient checks and diagnostics use; both must give the same
 * parameters, including where the Dale projection clips a weight to 0. */
#include "core/gemm.h"
#include "inorm/net.h"
#include "inorm/train.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 1e-12 relative: the two paths add the same products in a different grouping (inside the GEMM, or a rounded
 * gradient then the step), a few hundred terms in double */
#define TOL 1e-12

static real wave(size_t i, double a, double b) { return (real)sin(a * (double)i + b); }

/* A (k, lda) read in its first m columns, B (k, n): the fused step against the gradient then the step, written out
 * naively, with and without the projection, on sizes that take several row blocks. */
static void check_gemm_step(size_t m, size_t n, size_t k, size_t lda, int nonneg)
{
	real *a = malloc(k * lda * sizeof *a), *b = malloc(k * n * sizeof *b), *w = malloc(m * n * sizeof *w);
	double *want = malloc(m * n * sizeof *want);
	for (size_t i = 0; i < k * lda; i++)
		a[i] = wave(i, 2.385, 0.3);
	for (size_t i = 0; i < k * n; i++)
		b[i] = (real)fabs(wave(i, 1.171, 0.9));
	for (size_t i = 0; i < m * n; i++)
		w[i] = (real)(0.05 * fabs(wave(i, 0.731, 0.2)));
	const struct param_step st = { 0.01, nonneg };
	size_t clipped = 0;
	for (size_t r = 0; r < m; r++)
		for (size_t c = 0; c < n; c++) {
			double g = 0;
			for (size_t q = 0; q < k; q++)
				g += (double)a[q * lda + r] * b[q * n + c];
			double p = w[r * n + c] - 0.01 * g;
			clipped += nonneg && p < 0;
			want[r * n + c] = nonneg && p < 0 ? 0 : p;
		}
	optim_gemm_step(m, n, k, a, lda, b, w, &st);
	for (size_t i = 0; i < m * n; i++)
		cr_assert(fabs(w[i] - want[i]) <= TOL * (1 + fabs(want[i])), "m=%zu n=%zu: W[%zu] = %.17g, want %.17g", m,
			  n, i, w[i], want[i]);
	if (nonneg)
		cr_assert(clipped > 0, "%zu of %zu weights clipped: the projection is not exercised", clipped,
			  m * n);
	free(a), free(b), free(w), free(want);
}

Test(fused, gemm_step_equals_gradient_then_step)
{
	check_gemm_step(3, 5, 4, 3, 1);       /* one block */
	check_gemm_step(300, 784, 32, 310, 1); /* several row blocks, a column block of A */
	check_gemm_step(301, 500, 32, 301, 1); /* a last block shorter than the others */
	check_gemm_step(300, 784, 32, 300, 0); /* without projection: no blocks */
}

Test(fused, bias_step_is_the_gradient_step_exactly)
{
	enum { N = 300, R = 32 };
	real ds[R * N], b[N], g[N], want[N];
	for (size_t i = 0; i < R * N; i++)
		ds[i] = wave(i, 2.385, 0.1);
	for (size_t i = 0; i < N; i++)
		b[i] = wave(i, 0.3, 1.0);
	ei_layer_bias_grad(N, R, ds, g);
	for (size_t i = 0; i < N; i++) {
		real q = b[i] - (real)0.05 * g[i];
		want[i] = q;
	}
	const struct param_step st = { 0.05, 0 };
	optim_bias_step(N, R, ds, b, &st);
	cr_assert(!memcmp(b, want, sizeof b), "the bias step differs from the gradient then the step");
}

enum { BATCH = 16, NIN = 784, WIDTH = 40 };

static struct net make(const char *id)
{
	struct net n;
	char err[INB_ERRLEN];
	/* large rates so that the projection clips many weights in one step */
	struct net_opts o = { .width = WIDTH, .lr = 0.5, .lr_wix = 0.5, .lr_wei = 0.5, .label_smoothing = 0.1,
			      .lambda = 5.0, .seed = 3, .config = 7 };
	cr_assert_eq(net_alloc(&n, model_find(id), &o, err), INB_OK, "%s", err);
	for (size_t i = 0; i < n.nparams; i++) /* away from the balanced start, keeping Dale's signs */
		n.params[i] = (real)fabs(n.params[i] + 0.02 * sin(1.3 * (double)i + 0.4));
	return n;
}

static void check_model(const char *id)
{
	struct net a = make(id), b = make(id);
	struct net_ws wa, wb;
	char err[INB_ERRLEN];
	cr_assert_eq(net_ws_alloc(&wa, &a, BATCH, err), INB_OK);
	cr_assert_eq(net_ws_alloc(&wb, &b, BATCH, err), INB_OK);
	real *x = malloc(BATCH * NIN * sizeof *x);
	uint8_t lab[BATCH];
	for (size_t i = 0; i < BATCH * NIN; i++)
		x[i] = (real)(0.5 + 0.5 * sin(2.385 * (double)i + 0.3));
	for (int r = 0; r < BATCH; r++)
		lab[r] = (uint8_t)((r * 3 + 1) % 10);
	const struct sgd_opts so = { 0, 0 };
	long ca = 0, cb = 0;
	for (int step = 0; step < 3; step++) {
		double la = train_step(&a, &wa, BATCH, x, lab, &so, &ca, NULL);
		/* the gradient path, as train_step ran it before the fused step existed */
		net_forward(&b, &wb, BATCH, x);
		double lb = net_loss(&b, &wb, BATCH, lab, &cb, wb.ds);
		net_local(&b, &wb, BATCH, x, NULL);
		net_backward(&b, &wb, BATCH, x);
		size_t zeros0 = 0, zeros1 = 0;
		for (size_t i = 0; i < b.nparams; i++)
			zeros0 += b.params[i] == 0;
		net_step(&b, &so);
		for (size_t i = 0; i < b.nparams; i++)
			zeros1 += b.params[i] == 0;
		cr_assert(fabs(la - lb) <= TOL * (1 + fabs(lb)), "%s step %d: loss %.17g vs %.17g", id, step, la, lb);
		if (step == 0)
			cr_assert(zeros1 > zeros0, "%s: the projection clipped nothing, the test does not exercise it", id);
		for (size_t i = 0; i < a.nparams; i++)
			cr_assert(fabs(a.params[i] - b.params[i]) <= TOL * (1 + fabs(b.params[i])),
				  "%s step %d: parameter %zu is %.17g fused, %.17g by gradients and step", id, step, i,
				  a.params[i], b.params[i]);
	}
	free(x);
	net_ws_free(&wa), net_ws_free(&wb);
	net_free(&a), net_free(&b);
}

Test(fused, every_model_steps_as_the_gradient_path_does)
{
	for (const char *const *id = model_ids; *id; id++)
		check_model(*id);
}
