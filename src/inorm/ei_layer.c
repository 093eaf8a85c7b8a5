/* ei_layer.c: forward and backward of the EI layer (see ei_layer.h). Every product is one gemm call; the bias
 * gradient is the only loop. Derivatives of S = X W_ex^T - A W_ei^T + b, A = X W_ix^T, with upstream dS:
 *   dW_ex = dS^T X,  dW_ei = -dS^T A,  dW_ix = -(dS W_ei)^T X,  db = sum over the batch of dS,
 *   dX = dS W_ex - (dS W_ei) W_ix.                                                   (2.1.2) */
#include "inorm/ei_layer.h"
#include "core/gemm.h"
#include "inorm/optim.h"

#include <string.h>

INB_VECTORISED
void ei_layer_bias_grad(size_t ne, size_t B, const real *restrict ds, real *restrict gb)
{
	memset(gb, 0, ne * sizeof *gb);
	for (size_t r = 0; r < B; r++)
		for (size_t k = 0; k < ne; k++)
			gb[k] += ds[r * ne + k];
}

void ei_layer_forward(const struct ei_layer *l, size_t B, const real *x, real *a, real *s)
{
	gemm_nt(B, l->ni, l->d, 1, x, l->wix, 0, a);
	gemm_nt(B, l->ne, l->d, 1, x, l->wex, 0, s);
	gemm_nt(B, l->ne, l->ni, -1, a, l->wei, 1, s);
}

void ei_layer_backward(const struct ei_layer *l, size_t B, const real *x, const real *a, const real *ds, real *t,
		       real *dx, const struct ei_layer_step *st)
{
	/* the products that read the weights come first, so that a fused step may then overwrite them */
	if (l->ni)
		gemm_nn(B, l->ni, l->ne, 1, ds, l->wei, 0, t);                  /* t = dS W_ei */
	if (dx) {
		gemm_nn(B, l->d, l->ne, 1, ds, l->wex, 0, dx);                  /* dX = dS W_ex - t W_ix */
		if (l->ni)
			gemm_nn(B, l->d, l->ni, -1, t, l->wix, 1, dx);
	}
	if (st) {
		/* W_ex -= lr dS^T X;  W_ei -= lr (-dS^T A);  W_ix -= lr (-t^T X);  b -= lr sum_rows dS */
		optim_gemm_step(l->ne, l->d, B, ds, l->ne, x, l->wex, &st->ex);
		optim_bias_step(l->ne, B, ds, l->b, &st->bias);
		if (l->ni) {
			const struct param_step ei = { -st->ei.lr, st->ei.nonneg }, ix = { -st->ix.lr, st->ix.nonneg };
			optim_gemm_step(l->ne, l->ni, B, ds, l->ne, a, l->wei, &ei);
			optim_gemm_step(l->ni, l->d, B, t, l->ni, x, l->wix, &ix);
		}
		return;
	}
	gemm_tn(l->ne, l->d, B, 1, ds, x, 0, l->gwex);
	ei_layer_bias_grad(l->ne, B, ds, l->gb);
	if (l->ni) {
		gemm_tn(l->ne, l->ni, B, -1, ds, a, 0, l->gwei);
		gemm_tn(l->ni, l->d, B, -1, t, x, 0, l->gwix);
	}
}

void ei_layer_gemm_shapes(const struct ei_layer *l, size_t B, int with_dx, struct gemm_shape *out, int *count)
{
	/* mirrors the calls above; products with a zero dimension are skipped there and here */
	const struct gemm_shape all[] = {
		{ 0, 1, B, l->ni, l->d },     /* a = X W_ix^T */
		{ 0, 1, B, l->ne, l->d },     /* s = X W_ex^T */
		{ 0, 1, B, l->ne, l->ni },    /* s -= a W_ei^T */
		{ 0, 0, B, l->ni, l->ne },    /* t = dS W_ei */
		{ 1, 0, l->ne, l->d, B },     /* dW_ex */
		{ 1, 0, l->ne, l->ni, B },    /* dW_ei */
		{ 1, 0, l->ni, l->d, B },     /* dW_ix */
		{ 0, 0, B, l->d, l->ne },     /* dX = dS W_ex */
		{ 0, 0, B, l->d, l->ni },     /* dX -= t W_ix */
	};
	int n = with_dx ? 9 : 7;
	for (int i = 0; i < n; i++)
		if (all[i].m && all[i].n && all[i].k)
			out[(*count)++] = all[i];
}
