/* test_ei_layer.c: the EI and E layers (paper §2.1, (2.1.1)-(2.1.3)) against the hand-worked cases of the authors'
 * unit tests (their eidense_test.py and edense_test.py), with loss = sum of the outputs, so dL/dS is all ones. */
#include "inorm/ei_layer.h"

#include <criterion/criterion.h>
#include <math.h>

#define TOL 1e-12 /* double build; every value below is exact in binary */

Test(ei_layer, e_layer_hand_case)
{
	/* one input x = 2, W_ex = [3, 4]^T, b = [1, 2]: out = [7, 10]; dW_ex = [2, 2], db = [1, 1], dx = 3 + 4 = 7 */
	real wex[2] = { 3, 4 }, b[2] = { 1, 2 }, g[4], x[1] = { 2 }, s[2], ds[2] = { 1, 1 }, dx[1];
	struct ei_layer l = { 1, 2, 0, wex, NULL, NULL, b, g, NULL, NULL, g + 2 };
	ei_layer_forward(&l, 1, x, NULL, s);
	cr_assert(fabs(s[0] + b[0] - 7) < TOL && fabs(s[1] + b[1] - 10) < TOL, "s = %g %g", s[0] + b[0], s[1] + b[1]);
	ei_layer_backward(&l, 1, x, NULL, ds, NULL, dx, NULL);
	cr_assert(fabs(g[0] - 2) < TOL && fabs(g[1] - 2) < TOL);
	cr_assert(fabs(g[2] - 1) < TOL && fabs(g[3] - 1) < TOL);
	cr_assert(fabs(dx[0] - 7) < TOL, "dx = %g", dx[0]);
}

Test(ei_layer, ei_layer_hand_case)
{
	/* x = [2, 3], W_ex = [[1, 2], [3, 4]], W_ix = [[0.5, 0.5]], W_ei = [[1], [1]], b = [1, 2]:
	 * a = 2.5, S = [8 - 2.5 + 1, 18 - 2.5 + 2] = [6.5, 17.5];
	 * dW_ex = [[2, 3], [2, 3]], dW_ix = -(1 + 1) [2, 3] = [[-4, -6]], dW_ei = -[2.5, 2.5], db = [1, 1];
	 * dx = [1 + 3, 2 + 4] - 2 [0.5, 0.5] = [3, 5]. */
	real wex[4] = { 1, 2, 3, 4 }, wix[2] = { 0.5, 0.5 }, wei[2] = { 1, 1 }, b[2] = { 1, 2 };
	real gwex[4], gwix[2], gwei[2], gb[2], x[2] = { 2, 3 }, a[1], s[2], ds[2] = { 1, 1 }, t[1], dx[2];
	struct ei_layer l = { 2, 2, 1, wex, wix, wei, b, gwex, gwix, gwei, gb };
	ei_layer_forward(&l, 1, x, a, s);
	cr_assert(fabs(a[0] - 2.5) < TOL);
	cr_assert(fabs(s[0] + b[0] - 6.5) < TOL && fabs(s[1] + b[1] - 17.5) < TOL);
	ei_layer_backward(&l, 1, x, a, ds, t, dx, NULL);
	const real want_gwex[4] = { 2, 3, 2, 3 };
	for (int i = 0; i < 4; i++)
		cr_assert(fabs(gwex[i] - want_gwex[i]) < TOL, "gwex[%d] = %g", i, gwex[i]);
	cr_assert(fabs(gwix[0] + 4) < TOL && fabs(gwix[1] + 6) < TOL, "gwix = %g %g", gwix[0], gwix[1]);
	cr_assert(fabs(gwei[0] + 2.5) < TOL && fabs(gwei[1] + 2.5) < TOL);
	cr_assert(fabs(gb[0] - 1) < TOL && fabs(gb[1] - 1) < TOL);
	cr_assert(fabs(dx[0] - 3) < TOL && fabs(dx[1] - 5) < TOL, "dx = %g %g", dx[0], dx[1]);
}

/* A batch of two rows is two independent rows: forward rows match single-row passes, gradients add. */
Test(ei_layer, batch_rows_are_independent_and_gradients_add)
{
	real wex[6] = { 0.3, 1.1, 0.7, 0.2, 0.9, 0.4 }, wix[3] = { 0.5, 0.6, 0.2 }, wei[2] = { 0.4, 0.9 }, b[2] = { 0.1, -0.2 };
	real g1[6 + 3 + 2 + 2], g2[6 + 3 + 2 + 2], gB[6 + 3 + 2 + 2];
	real x[6] = { 0.2, 0.7, 0.1, 0.9, 0.3, 0.5 }, a[2], s[4], ds[4] = { 0.3, -1.2, 0.8, 0.5 }, t[2], dx[6], s1[2];
	struct ei_layer l = { 3, 2, 1, wex, wix, wei, b, gB, gB + 6, gB + 9, gB + 11 };
	ei_layer_forward(&l, 2, x, a, s);
	ei_layer_backward(&l, 2, x, a, ds, t, dx, NULL);
	for (int r = 0; r < 2; r++) {
		real *g = r ? g2 : g1, dx1[3];
		struct ei_layer l1 = { 3, 2, 1, wex, wix, wei, b, g, g + 6, g + 9, g + 11 };
		ei_layer_forward(&l1, 1, x + 3 * r, a, s1);
		cr_assert(fabs(s1[0] - s[2 * r]) < TOL && fabs(s1[1] - s[2 * r + 1]) < TOL);
		ei_layer_backward(&l1, 1, x + 3 * r, a, ds + 2 * r, t, dx1, NULL);
		for (int k = 0; k < 3; k++)
			cr_assert(fabs(dx1[k] - dx[3 * r + k]) < TOL);
	}
	for (int i = 0; i < 13; i++)
		cr_assert(fabs(g1[i] + g2[i] - gB[i]) < TOL, "gradient %d does not add", i);
}
