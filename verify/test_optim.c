/* test_optim.c: SGD over parameter groups with the Dale projection (paper §4.4, (4.4.1)-(4.4.2)). */
#include "inorm/optim.h"

#include <criterion/criterion.h>
#include <math.h>

Test(optim, one_step_by_hand)
{
	/* wex group lr 0.5 projected; bias lr 0.5 not projected; wix lr 2 projected:
	 * 1.0 - 0.5*0.4 = 0.8; 0.1 - 0.5*1.0 = -0.4 -> 0; bias -0.2 - 0.5*0.6 = -0.5 stays negative;
	 * wix 0.3 - 2*0.1 = 0.1 */
	real p[4] = { 1.0, 0.1, -0.2, 0.3 }, g[4] = { 0.4, 1.0, 0.6, 0.1 };
	struct param_group G[3] = {
		{ "wex", p, g, NULL, 2, 0.5, 1, 0 },
		{ "bias", p + 2, g + 2, NULL, 1, 0.5, 0, 0 },
		{ "wix", p + 3, g + 3, NULL, 1, 2.0, 1, 1 },
	};
	struct sgd_opts o = { 0, 0 };
	optim_sgd_step(G, 3, &o);
	const double want[4] = { 0.8, 0.0, -0.5, 0.1 };
	for (int i = 0; i < 4; i++)
		cr_assert(fabs(p[i] - want[i]) < 1e-15, "p[%d] = %.17g, want %g", i, p[i], want[i]);
}

Test(optim, projection_keeps_every_constrained_weight_nonnegative)
{
	enum { N = 1000 };
	real p[N], g[N];
	for (int i = 0; i < N; i++)
		p[i] = (real)(0.01 * (1 + i % 7)), g[i] = (real)(sin(1.7 * i) * 3.0);
	struct param_group G = { "wex", p, g, NULL, N, 0.1, 1, 0 };
	struct sgd_opts o = { 0, 0 };
	for (int step = 0; step < 5; step++)
		optim_sgd_step(&G, 1, &o);
	int zeros = 0;
	for (int i = 0; i < N; i++) {
		cr_assert(p[i] >= 0, "p[%d] = %g", i, p[i]);
		zeros += p[i] == 0;
	}
	cr_assert(zeros > N / 4, "the test never exercised the projection");
}

Test(optim, momentum_and_weight_decay)
{
	/* momentum 0.9: v1 = g, v2 = 0.9 g + g; wd 0.1 at lr 0.5 shrinks by 0.95 after each step (excitatory only) */
	real p[2] = { 1.0, 1.0 }, g[2] = { 0.2, 0.2 }, v[2] = { 0, 0 };
	struct param_group G[2] = { { "wex", p, g, v, 1, 0.5, 1, 0 }, { "wix", p + 1, g + 1, v + 1, 1, 0.5, 1, 1 } };
	struct sgd_opts o = { 0.9, 0.1 };
	optim_sgd_step(G, 2, &o);
	optim_sgd_step(G, 2, &o);
	double e = ((1.0 - 0.5 * 0.2) * 0.95 - 0.5 * 0.38) * 0.95, i = 1.0 - 0.5 * 0.2 - 0.5 * 0.38;
	cr_assert(fabs(p[0] - e) < 1e-15, "excitatory %.17g want %.17g", p[0], e);
	cr_assert(fabs(p[1] - i) < 1e-15, "inhibitory %.17g want %.17g", p[1], i);
}
