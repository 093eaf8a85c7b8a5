/* test_kernels.c: the arithmetic both papers' networks share (src/nn/kernels.c): the ReLU's backward pass, the
 * softmax cross-entropy with and without label smoothing, and the projected SGD step (paper 4.4, 4.6.5). */
#include "nn/kernels.h"

#include <criterion/criterion.h>
#include <math.h>

Test(kernels, relu_backward_passes_the_error_only_where_the_input_was_positive)
{
	const real z[6] = { -1, 0, 2, NAN, 1e-30, -0.0 }, g[6] = { 5, 6, 7, 8, 9, 10 };
	real o[6], in_place[6];
	nn_relu_backward(6, z, g, o);
	const real want[6] = { 0, 0, 7, 0, 9, 0 };
	for (int k = 0; k < 6; k++)
		cr_assert(o[k] == want[k], "o[%d] = %g, want %g", k, (double)o[k], (double)want[k]);
	for (int k = 0; k < 6; k++)
		in_place[k] = g[k];
	nn_relu_backward(6, z, in_place, in_place);
	for (int k = 0; k < 6; k++)
		cr_assert(in_place[k] == o[k], "in place, o[%d] = %g, want %g", k, (double)in_place[k], (double)o[k]);
}

/* the loss of one row written out directly: -sum_c q_c log softmax(o)_c */
static double row_loss(size_t C, const real *o, int label, double on, double off)
{
	double z = 0;
	for (size_t c = 0; c < C; c++)
		z += exp((double)o[c]);
	double loss = 0;
	for (size_t c = 0; c < C; c++)
		loss -= ((int)c == label ? on : off) * log(exp((double)o[c]) / z);
	return loss;
}

Test(kernels, softmax_xent_matches_the_definition_and_its_gradient)
{
	enum { B = 3, C = 4 };
	real o[B * C] = { 0.3, -1.2, 2.0, 0.1, 1.0, 1.0, 1.0, 1.0, -3.0, 4.5, 0.0, 0.7 }, d[B * C];
	const uint8_t y[B] = { 2, 0, 3 };
	for (int smooth = 0; smooth < 2; smooth++) {
		const double alpha = smooth ? 0.1 : 0, off = alpha / C, on = 1 - alpha + off;
		long hits = 0, nan_hits = 0;
		const double L = nn_softmax_xent(B, C, o, y, on, off, &hits, &nan_hits, d);
		double want = 0;
		for (int r = 0; r < B; r++)
			want += row_loss(C, o + r * C, y[r], on, off) / B;
		cr_assert(fabs(L - want) < 1e-12, "loss %.17g, want %.17g", L, want);
		/* row 0 predicts 2 (its label), row 1 ties at 0 (its label, first on ties), row 2 predicts 1 */
		cr_assert(hits == 2 && nan_hits == 0, "hits %ld, nan_hits %ld", hits, nan_hits);
		for (int i = 0; i < B * C; i++) {
			const real keep = o[i], h = 1e-6;
			o[i] = keep + h;
			const double up = nn_softmax_xent(B, C, o, y, on, off, NULL, NULL, NULL);
			o[i] = keep - h;
			const double down = nn_softmax_xent(B, C, o, y, on, off, NULL, NULL, NULL);
			o[i] = keep;
			const double fd = (up - down) / (2 * h);
			cr_assert(fabs(fd - d[i]) < 1e-8, "alpha %g: dL/do[%d] = %.12g, finite difference %.12g", alpha, i,
				  (double)d[i], fd);
		}
	}
}

Test(kernels, softmax_xent_counts_a_nan_prediction_apart_and_ignores_impossible_classes)
{
	/* row 0 is all NaN: its first logit is its prediction and equals its label 0, so it is a hit and a NaN hit */
	real o[2 * 3] = { NAN, NAN, NAN, -INFINITY, 1.0, 2.0 };
	const uint8_t y[2] = { 0, 2 };
	long hits = 0, nan_hits = 0;
	(void)nn_softmax_xent(2, 3, o, y, 1, 0, &hits, &nan_hits, NULL);
	cr_assert(hits == 2 && nan_hits == 1, "hits %ld, nan_hits %ld", hits, nan_hits);
	/* without smoothing, a logit of -inf at a class of target 0 leaves the loss finite */
	const double L = nn_softmax_xent(1, 3, o + 3, y + 1, 1, 0, NULL, NULL, NULL);
	cr_assert(fabs(L - log(1 + exp(-1.0))) < 1e-12, "loss %.17g", L);
}

Test(kernels, sgd_step_projects_only_when_asked_and_lets_nan_through)
{
	real p[4] = { 1.0, 0.1, NAN, 0.5 }, g[4] = { 0.4, 1.0, 0.0, -1.0 };
	real q[4] = { 1.0, 0.1, NAN, 0.5 };
	nn_sgd_step(4, p, g, 0.5, 1);
	nn_sgd_step(4, q, g, 0.5, 0);
	const double wp[4] = { 0.8, 0.0, NAN, 1.0 }, wq[4] = { 0.8, -0.4, NAN, 1.0 };
	for (int i = 0; i < 4; i++) {
		cr_assert(isnan(wp[i]) ? isnan(p[i]) : fabs(p[i] - wp[i]) < 1e-15, "projected p[%d] = %g", i, (double)p[i]);
		cr_assert(isnan(wq[i]) ? isnan(q[i]) : fabs(q[i] - wq[i]) < 1e-15, "plain p[%d] = %g", i, (double)q[i]);
	}
}
